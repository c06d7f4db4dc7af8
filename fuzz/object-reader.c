/* object-reader.c - libFuzzer target: arbitrary bytes as an object file, through the readers of
 * escinfo import and escinfo show OBJECT: esc_objfile_sections (ELF 32/64 of either byte order,
 * ar archives) and esc_records_parse on every .escinfo section found (zlib payloads, headers,
 * cache entries).  The same bytes are also read as a bare section.
 *
 * Oracles: ASan, UBSan, LeakSanitizer; and each record read back is written as a record again
 * (esc_record_build), which must read back to a unit of the same facts (a round trip). */
#include "cache.h"
#include "objfile.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void __attribute__((noreturn)) die(const char *what)
{
  fprintf(stderr, "object-reader: %s\n", what);
  abort();
}

static int count_facts(void *ctx, size_t offset, struct esc_tu *tu,
                       const struct esc_record_header *h)
{
  (void)offset, (void)h;
  *(size_t *)ctx = tu->nfacts;
  return 0;
}

static int take_record(void *ctx, size_t offset, struct esc_tu *tu,
                       const struct esc_record_header *h)
{
  (void)ctx, (void)offset, (void)h;
  unsigned char *rec;
  size_t len, n = (size_t)-1;
  char err[256];
  if (esc_record_build(tu, &rec, &len, err, sizeof err) != 0)
    return 0; /* out of memory under the fuzzer's limit */
  if (esc_records_parse(rec, len, count_facts, NULL, &n, err, sizeof err) != 1 || n != tu->nfacts)
    die("a record written back does not read back with the same facts");
  free(rec);
  return 0;
}

static void ignore_record_problem(void *ctx, size_t offset, const char *reason)
{
  (void)ctx, (void)offset, (void)reason;
}

static void ignore_object_problem(void *ctx, const char *member, const char *reason)
{
  (void)ctx, (void)member, (void)reason;
}

static int take_section(void *ctx, const char *member, const unsigned char *data, size_t len)
{
  char err[256];
  (void)ctx, (void)member;
  esc_records_parse(data, len, take_record, ignore_record_problem, NULL, err, sizeof err);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  enum esc_objfile_kind kind;
  char err[256];
  esc_objfile_sections(data, size, &kind, take_section, ignore_object_problem, NULL);
  esc_records_parse(data, size, take_record, ignore_record_problem, NULL, err, sizeof err);
  return 0;
}
