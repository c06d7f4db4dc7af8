/* objfile.h - finding the .escinfo sections of object files: ELF relocatable objects,
 * executables and shared libraries (32 and 64 bits, either byte order), and the ELF members of
 * ar archives.  Everything read is checked against the file's size: a truncated or hostile file
 * gives a reason, never a read out of bounds. */
#ifndef ESCINFO_OBJFILE_H
#define ESCINFO_OBJFILE_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Called with the bytes of each .escinfo section found: MEMBER is the archive member it is in
 * (NULL for a plain ELF file).  Returns 0 to go on. */
typedef int (*esc_section_fn)(void *ctx, const char *member, const unsigned char *data,
                              size_t len);
/* Called for each part of the file that cannot be read (an archive member that is no ELF file, a
 * section that is stripped to NOBITS or compressed, a truncated header). */
typedef void (*esc_objfile_warn_fn)(void *ctx, const char *member, const char *reason);

/* What esc_objfile_sections found. */
enum esc_objfile_kind {
  ESC_OBJFILE_ELF,     /* an ELF file */
  ESC_OBJFILE_ARCHIVE, /* an ar archive */
  ESC_OBJFILE_OTHER    /* neither: nothing read */
};

/* Reads the LEN bytes at DATA (a whole file) and calls FN for each .escinfo section.  Sets *KIND.
 * Returns the number of sections found, or -1 when FN stopped the walk. */
long esc_objfile_sections(const unsigned char *data, size_t len, enum esc_objfile_kind *kind,
                          esc_section_fn fn, esc_objfile_warn_fn warn, void *ctx);

/* True when the LEN bytes at DATA are an ELF relocatable object (what a compile writes). */
bool esc_objfile_is_relocatable(const unsigned char *data, size_t len);

/* Maps the file at PATH read-only into *DATA and *LEN (unmap with esc_objfile_unmap).  Returns 0,
 * or -1 with the reason in ERR (cannot open, not a regular file, empty). */
int esc_objfile_map(const char *path, const unsigned char **data, size_t *len, char *err,
                    size_t errlen);
void esc_objfile_unmap(const unsigned char *data, size_t len);

/* True when the file at PATH starts like an ELF file or an ar archive. */
bool esc_objfile_is_object(const char *path);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_OBJFILE_H */
