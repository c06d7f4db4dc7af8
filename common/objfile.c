/* objfile.c - the .escinfo sections of ELF files and ar archives, read with every offset checked. */
#include "objfile.h"

#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHT_NOBITS 8
#define SHF_COMPRESSED 0x800
#define SHN_XINDEX 0xffff

/* ---- ELF ------------------------------------------------------------------------------------ */

struct elf {
  const unsigned char *p;
  size_t len;
  bool is64, big;
};

static uint64_t rd(const struct elf *e, size_t off, int size)
{
  uint64_t v = 0;
  for (int i = 0; i < size; i++) {
    unsigned char b = e->p[off + (size_t)(e->big ? i : size - 1 - i)];
    v = v << 8 | b;
  }
  return v;
}

/* True when SIZE bytes at OFF are inside the file. */
static bool inside(const struct elf *e, uint64_t off, uint64_t size)
{
  return off <= e->len && size <= e->len - off;
}

/* Reads the sections of the ELF file E.  Returns the number of .escinfo sections found, or -1
 * when FN stopped. */
static long elf_sections(const struct elf *e, const char *member, esc_section_fn fn,
                         esc_objfile_warn_fn warn, void *ctx)
{
  const int w = e->is64 ? 8 : 4;
  size_t ehsize = e->is64 ? 64 : 52;
  if (e->len < ehsize) {
    warn(ctx, member, "truncated ELF header");
    return 0;
  }
  uint64_t shoff = rd(e, e->is64 ? 40 : 32, w);
  uint64_t shentsize = rd(e, e->is64 ? 58 : 46, 2);
  uint64_t shnum = rd(e, e->is64 ? 60 : 48, 2);
  uint64_t shstrndx = rd(e, e->is64 ? 62 : 50, 2);
  size_t want = e->is64 ? 64 : 40;
  if (shoff == 0)
    return 0; /* no section headers */
  if (shentsize < want || !inside(e, shoff, shentsize)) {
    warn(ctx, member, "bad section header table");
    return 0;
  }
  /* more than 0xff00 sections: the real counts are in section 0 */
  if (shnum == 0)
    shnum = rd(e, (size_t)shoff + (e->is64 ? 32 : 20), w);
  if (shstrndx == SHN_XINDEX)
    shstrndx = rd(e, (size_t)shoff + (e->is64 ? 40 : 24), 4);
  if (shnum == 0 || shnum > (e->len - shoff) / shentsize || shstrndx >= shnum) {
    warn(ctx, member, "bad section header table (count or string table index)");
    return 0;
  }
  size_t str_hdr = (size_t)(shoff + shstrndx * shentsize);
  uint64_t stroff = rd(e, str_hdr + (e->is64 ? 24 : 16), w);
  uint64_t strsize = rd(e, str_hdr + (e->is64 ? 32 : 20), w);
  if (!inside(e, stroff, strsize)) {
    warn(ctx, member, "section name table outside the file");
    return 0;
  }
  long found = 0;
  const size_t namelen = sizeof ESC_RECORD_SECTION; /* with its NUL */
  for (uint64_t i = 1; i < shnum; i++) {
    size_t hdr = (size_t)(shoff + i * shentsize);
    uint64_t name = rd(e, hdr, 4);
    if (name >= strsize || strsize - name < namelen
        || memcmp(e->p + stroff + name, ESC_RECORD_SECTION, namelen) != 0)
      continue;
    uint64_t type = rd(e, hdr + 4, 4);
    uint64_t flags = rd(e, hdr + 8, w);
    uint64_t off = rd(e, hdr + (e->is64 ? 24 : 16), w);
    uint64_t size = rd(e, hdr + (e->is64 ? 32 : 20), w);
    if (type == SHT_NOBITS) {
      warn(ctx, member, "its .escinfo section has no contents (stripped, as by objcopy "
                        "--only-keep-debug)");
      continue;
    }
    if (flags & SHF_COMPRESSED) {
      warn(ctx, member, "its .escinfo section is compressed by the linker or objcopy "
                        "(--compress-debug-sections): not read");
      continue;
    }
    if (!inside(e, off, size)) {
      warn(ctx, member, "its .escinfo section lies outside the file (truncated?)");
      continue;
    }
    found++;
    if (fn(ctx, member, e->p + off, (size_t)size))
      return -1;
  }
  return found;
}

static bool elf_open(struct elf *e, const unsigned char *p, size_t len)
{
  if (len < 16 || memcmp(p, "\177ELF", 4) != 0)
    return false;
  e->p = p;
  e->len = len;
  e->is64 = p[4] == 2;
  e->big = p[5] == 2;
  return (p[4] == 1 || p[4] == 2) && (p[5] == 1 || p[5] == 2);
}

/* ---- ar -------------------------------------------------------------------------------------- */

/* The decimal number in the N bytes at P (blank-padded), or UINT64_MAX. */
static uint64_t ar_number(const unsigned char *p, size_t n)
{
  uint64_t v = 0;
  size_t i = 0;
  while (i < n && p[i] == ' ')
    i++;
  if (i == n || p[i] < '0' || p[i] > '9')
    return UINT64_MAX;
  for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
    if (v > (UINT64_MAX - 9) / 10)
      return UINT64_MAX;
    v = v * 10 + (uint64_t)(p[i] - '0');
  }
  for (; i < n; i++)
    if (p[i] != ' ')
      return UINT64_MAX;
  return v;
}

static long ar_members(const unsigned char *p, size_t len, esc_section_fn fn,
                       esc_objfile_warn_fn warn, void *ctx)
{
  size_t at = 8;
  const unsigned char *names = NULL;
  size_t names_len = 0;
  long found = 0;
  char member[256];
  while (at + 60 <= len) {
    const unsigned char *h = p + at;
    uint64_t size = ar_number(h + 48, 10);
    if (h[58] != '`' || h[59] != '\n' || size == UINT64_MAX || size > len - at - 60) {
      warn(ctx, NULL, "bad or truncated archive member header");
      break;
    }
    const unsigned char *body = h + 60;
    /* the member's name: "name/", "/123" (GNU long name), "#1/N" (BSD, name in the body) */
    size_t skip = 0;
    if (h[0] == '/' && (h[1] == ' ' || h[1] == '/')) {
      if (h[1] == '/') { /* the long name table */
        names = body;
        names_len = (size_t)size;
      }
      snprintf(member, sizeof member, "%s", h[1] == '/' ? "//" : "/");
    } else if (h[0] == '/') {
      uint64_t off = ar_number(h + 1, 15);
      size_t n = 0;
      if (names && off < names_len)
        while (off + n < names_len && names[off + n] != '/' && names[off + n] != '\n')
          n++;
      snprintf(member, sizeof member, "%.*s", (int)(n < 200 ? n : 200),
               names && off < names_len ? (const char *)names + off : "?");
    } else if (!memcmp(h, "#1/", 3)) {
      uint64_t n = ar_number(h + 3, 13);
      if (n == UINT64_MAX || n > size) {
        warn(ctx, NULL, "bad BSD archive member name");
        break;
      }
      snprintf(member, sizeof member, "%.*s", (int)(n < 200 ? n : 200), (const char *)body);
      skip = (size_t)n;
    } else {
      size_t n = 0;
      while (n < 16 && h[n] != '/' && h[n] != ' ')
        n++;
      snprintf(member, sizeof member, "%.*s", (int)n, (const char *)h);
    }
    if (strcmp(member, "/") != 0 && strcmp(member, "//") != 0
        && strcmp(member, "__.SYMDEF") != 0 && strncmp(member, "__.SYMDEF ", 10) != 0) {
      struct elf e;
      if (elf_open(&e, body + skip, (size_t)size - skip)) {
        long n = elf_sections(&e, member, fn, warn, ctx);
        if (n < 0)
          return -1;
        found += n;
      } else {
        warn(ctx, member, "not an ELF file");
      }
    }
    at += 60 + (size_t)size + (size & 1);
  }
  return found;
}

long esc_objfile_sections(const unsigned char *data, size_t len, enum esc_objfile_kind *kind,
                          esc_section_fn fn, esc_objfile_warn_fn warn, void *ctx)
{
  struct elf e;
  if (elf_open(&e, data, len)) {
    *kind = ESC_OBJFILE_ELF;
    return elf_sections(&e, NULL, fn, warn, ctx);
  }
  if (len >= 8 && !memcmp(data, "!<arch>\n", 8)) {
    *kind = ESC_OBJFILE_ARCHIVE;
    return ar_members(data, len, fn, warn, ctx);
  }
  if (len >= 8 && !memcmp(data, "!<thin>\n", 8)) {
    *kind = ESC_OBJFILE_ARCHIVE;
    warn(ctx, NULL, "a thin archive holds no objects (read the objects it names instead)");
    return 0;
  }
  *kind = ESC_OBJFILE_OTHER;
  return 0;
}

bool esc_objfile_is_relocatable(const unsigned char *data, size_t len)
{
  struct elf e;
  return elf_open(&e, data, len) && len >= 18 && rd(&e, 16, 2) == 1; /* ET_REL */
}

int esc_objfile_map(const char *path, const unsigned char **data, size_t *len, char *err,
                    size_t errlen)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  *data = NULL;
  *len = 0;
  if (fd < 0) {
    snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
    return -1;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(err, errlen, "'%s' is not a regular file", path);
    close(fd);
    return -1;
  }
  if (st.st_size == 0) {
    snprintf(err, errlen, "'%s' is empty", path);
    close(fd);
    return -1;
  }
  void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) {
    snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
    return -1;
  }
  *data = m;
  *len = (size_t)st.st_size;
  return 0;
}

void esc_objfile_unmap(const unsigned char *data, size_t len)
{
  if (data)
    munmap((void *)data, len);
}

bool esc_objfile_is_object(const char *path)
{
  unsigned char head[8];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  ssize_t n = read(fd, head, sizeof head);
  close(fd);
  return (n >= 4 && !memcmp(head, "\177ELF", 4))
         || (n == 8 && (!memcmp(head, "!<arch>\n", 8) || !memcmp(head, "!<thin>\n", 8)));
}
