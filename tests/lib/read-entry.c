/* read-entry.c - test helper: reads cache entries through the cache API (parse, lookup, mutations) and says what it found. */
#include "cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
  "usage: read-entry FILE                      parse one entry\n"
  "       read-entry --roundtrip FILE          parse, write, parse again: same JSON?\n"
  "       read-entry --lookup DIR SOURCE [N]   look SOURCE up; fail on any warning, or on an\n"
  "                                            entry without exactly N facts\n"
  "       read-entry --poll DONE DIR SOURCE N  --lookup over and over until the file DONE\n"
  "                                            exists, then once more; fail if any failed\n"
  "       read-entry --index-dir DIR SOURCE    print the index directory of SOURCE\n"
  "       read-entry --mutate FILE             parse every truncation and many byte changes\n";

static int parse_one(const char *path)
{
  struct esc_tu tu;
  char err[512];
  if (esc_cache_read_entry(path, &tu, err, sizeof err)) {
    printf("error: %s\n", err);
    return 1;
  }
  printf("ok: %zu facts, %zu sources\n", tu.nfacts, tu.nsources);
  esc_tu_free(&tu);
  return 0;
}

/* Parses TEXT and serialises it again: a malloc'd text, or NULL (reason printed). */
static char *reserialise(const char *text, size_t len)
{
  struct esc_tu tu;
  char err[512];
  if (esc_tu_from_json_text(text, len, &tu, err, sizeof err)) {
    printf("error: %s\n", err);
    return NULL;
  }
  char *out = esc_tu_to_json_text(&tu);
  esc_tu_free(&tu);
  return out;
}

/* Reads FILE whole: malloc'd, or NULL. */
static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  long n;
  if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0
      && (text = malloc((size_t)n + 1)) && fread(text, 1, (size_t)n, f) == (size_t)n) {
    text[n] = '\0';
    *len = (size_t)n;
  } else {
    free(text);
    text = NULL;
  }
  if (f)
    fclose(f);
  return text;
}

static int roundtrip(const char *path)
{
  size_t len;
  char *text = slurp(path, &len);
  char *once = text ? reserialise(text, len) : NULL;
  char *twice = once ? reserialise(once, strlen(once)) : NULL;
  int status = twice && strcmp(once, twice) == 0 ? 0 : 1;
  printf("%s\n", status ? "roundtrip differs" : "roundtrip ok");
  free(text);
  free(once);
  free(twice);
  return status;
}

static void count_warning(void *ctx, const char *path, const char *reason)
{
  ++*(int *)ctx;
  printf("warning: %s: %s\n", path, reason);
}

/* Looks SOURCE up once.  Returns 0 when it went well, 1 after printing what went wrong (a
 * warning, an error, an entry without FACTS facts when FACTS is not NULL, a wrong order). */
static int lookup(const char *dir, const char *source, const char *facts)
{
  struct esc_tu *tus;
  size_t n;
  int warnings = 0, status = 0;
  char err[512];
  if (esc_cache_lookup(dir, source, &tus, &n, count_warning, &warnings, err, sizeof err)) {
    printf("error: %s\n", err);
    return 1;
  }
  for (size_t i = 0; i < n; i++) {
    if (facts && tus[i].nfacts != strtoul(facts, NULL, 10)) {
      printf("incomplete: %s has %zu facts\n", tus[i].main_file, tus[i].nfacts);
      status = 1;
    }
    if (i > 0 && tus[i].compile_time > tus[i - 1].compile_time) {
      printf("order: entry %zu is newer than entry %zu\n", i, i - 1);
      status = 1;
    }
  }
  for (size_t i = 0; i < n; i++)
    esc_tu_free(&tus[i]);
  free(tus);
  printf("%zu entries\n", n);
  return status || warnings ? 1 : 0;
}

static int poll(const char *done, const char *dir, const char *source, const char *facts)
{
  unsigned rounds = 0, failed = 0;
  bool last;
  do {
    last = access(done, F_OK) == 0;
    failed += lookup(dir, source, facts);
    rounds++;
  } while (!last);
  printf("%u lookups, %u failed\n", rounds, failed);
  return failed ? 1 : 0;
}

static int index_dir(const char *dir, const char *source)
{
  char *path = esc_cache_index_dir(dir, source);
  if (!path)
    return 1;
  puts(path);
  free(path);
  return 0;
}

/* Parses a private copy of TEXT[0..LEN), so that memory checkers catch any read past it. */
static bool accepted(const char *text, size_t len, size_t *without_reason)
{
  struct esc_tu tu;
  char err[512] = "";
  char *copy = malloc(len ? len : 1);
  if (!copy)
    exit(1);
  memcpy(copy, text, len);
  bool ok = esc_tu_from_json_text(copy, len, &tu, err, sizeof err) == 0;
  if (ok)
    esc_tu_free(&tu);
  else if (!err[0])
    ++*without_reason;
  free(copy);
  return ok;
}

static int mutate(const char *path)
{
  static const char bytes[] = { 0, '"', '{', '}', '[', ']', ',', ':', '9', '-', 'x', '\\',
                                (char)0xff, (char)0xc3 };
  size_t len, runs = 0, ok = 0, without_reason = 0;
  char *text = slurp(path, &len);
  if (!text)
    return 1;
  for (size_t i = 0; i <= len; i++, runs++)
    ok += accepted(text, i, &without_reason);
  for (size_t i = 0; i < len; i++) {
    char saved = text[i];
    for (size_t b = 0; b < sizeof bytes; b++, runs++) {
      text[i] = bytes[b];
      ok += accepted(text, len, &without_reason);
    }
    text[i] = saved;
  }
  free(text);
  printf("%zu parses, %zu accepted, %zu rejected, %zu rejected without a reason\n", runs, ok,
         runs - ok, without_reason);
  return without_reason ? 1 : 0;
}

int main(int argc, char **argv)
{
  if (argc == 2 && argv[1][0] != '-')
    return parse_one(argv[1]);
  if (argc == 3 && !strcmp(argv[1], "--roundtrip"))
    return roundtrip(argv[2]);
  if ((argc == 4 || argc == 5) && !strcmp(argv[1], "--lookup"))
    return lookup(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
  if (argc == 6 && !strcmp(argv[1], "--poll"))
    return poll(argv[2], argv[3], argv[4], argv[5]);
  if (argc == 4 && !strcmp(argv[1], "--index-dir"))
    return index_dir(argv[2], argv[3]);
  if (argc == 3 && !strcmp(argv[1], "--mutate"))
    return mutate(argv[2]);
  fputs(usage, stderr);
  return 2;
}
