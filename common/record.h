/* record.h - a unit's facts as a self-delimiting record, the form they take inside object files.
 *
 * With -fplugin-arg-escinfo-embed the plugin puts one record into the object's .escinfo section
 * (non-allocated: no code or data of the program changes, and `objcopy --remove-section=.escinfo`
 * gives back the object built without it).  A linker concatenates the sections of its inputs, so
 * an executable, a shared library or an `ld -r` output holds the records of all its units, one
 * after another.  A record is:
 *
 *   offset  size  field (integers little-endian)
 *   0       8     magic "\177ESCFACT"
 *   8       2     format version (1)
 *   10      2     flags: bit 0, the payload is zlib-compressed
 *   12      4     header length H
 *   16      4     payload length P (as stored)
 *   20      4     payload length when uncompressed
 *   24      H     header: JSON {"producer", "gcc", "main", "output", "hash", "time"}, enough to
 *                 say what the record is without inflating it
 *   24+H    P     payload: the unit's cache entry, JSON (docs/cache-format.md)
 *
 * Readers skip zero bytes between records (padding a linker may add) and, after a corrupt
 * record, look for the next magic.  docs/cache-format.md, "Facts in object files", is the
 * description for users. */
#ifndef ESCINFO_RECORD_H
#define ESCINFO_RECORD_H

#include "fact.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ESC_RECORD_SECTION ".escinfo"
#define ESC_RECORD_MAGIC "\177ESCFACT"
#define ESC_RECORD_MAGIC_LEN 8
#define ESC_RECORD_VERSION 1
#define ESC_RECORD_FIXED 24
#define ESC_RECORD_ZLIB 1u

/* What a record's header says. */
struct esc_record_header {
  unsigned version, flags;
  char *producer, *gcc_version, *main_file, *output, *hash; /* owned; NULL when absent */
  int64_t compile_time;
};

void esc_record_header_free(struct esc_record_header *h);

/* TU as a record (malloc'd into *OUT, *LEN bytes), compressed.  Returns 0, or -1 with the reason
 * in ERR. */
int esc_record_build(const struct esc_tu *tu, unsigned char **out, size_t *len, char *err,
                     size_t errlen);

/* Called for each good record: TU is the unit (the callee may move what it keeps out of it; it
 * is freed after), H its header, OFFSET where the record starts.  Returns 0 to go on. */
typedef int (*esc_record_fn)(void *ctx, size_t offset, struct esc_tu *tu,
                             const struct esc_record_header *h);
/* Called for each bad record (or bytes that are no record), with where and why. */
typedef void (*esc_record_warn_fn)(void *ctx, size_t offset, const char *reason);

/* Reads the records of a section's LEN bytes at DATA.  Returns the number of good records, or -1
 * when FN stopped the walk or memory ran out (ERR says which). */
long esc_records_parse(const unsigned char *data, size_t len, esc_record_fn fn,
                       esc_record_warn_fn warn, void *ctx, char *err, size_t errlen);

/* The number of records in a section's LEN bytes at DATA, by their magic and lengths alone
 * (nothing inflated or parsed); counting stops at the first bytes that are no record. */
size_t esc_records_count(const unsigned char *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_RECORD_H */
