/* stats.c - escinfo stats: what the cache holds, by count, code and bytes on disk. */
#include "cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- stats -------------------------------------------------------------------------------- */

struct stats {
  size_t entries, corrupt, facts;
  size_t by_code[ESC_CODE_COUNT];
};

static int count_entry(void *ctx, const char *path, struct esc_tu *tu)
{
  struct stats *s = ctx;
  (void)path;
  s->entries++;
  s->facts += tu->nfacts;
  for (size_t i = 0; i < tu->nfacts; i++)
    if ((unsigned)tu->facts[i].code < ESC_CODE_COUNT)
      s->by_code[tu->facts[i].code]++;
  return 0;
}

static void count_corrupt(void *ctx, const char *path, const char *reason)
{
  struct stats *s = ctx;
  s->corrupt++;
  warn_entry(NULL, path, reason);
}

/* Bytes PATH and everything below it occupy on disk (like du), not following symlinks. */
static unsigned long long disk_usage(const char *path)
{
  struct stat st;
  if (lstat(path, &st) != 0)
    return 0;
  unsigned long long total = (unsigned long long)st.st_blocks * 512;
  DIR *d = S_ISDIR(st.st_mode) ? opendir(path) : NULL;
  struct dirent *de;
  while (d && (de = readdir(d))) {
    char child[PATH_MAX];
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
      continue;
    if (snprintf(child, sizeof child, "%s/%s", path, de->d_name) < (int)sizeof child)
      total += disk_usage(child);
  }
  if (d)
    closedir(d);
  return total;
}

int run_stats(const char *dir, const struct options *o)
{
  char err[ERR_SIZE];
  struct stats s = { 0 };
  size_t files, markers;
  (void)o;
  if (check_cache_dir(dir, false))
    return 1;
  if (esc_cache_walk(dir, count_entry, &s, count_corrupt, &s, err, sizeof err)
      || esc_cache_count_index(dir, &files, &markers, err, sizeof err)) {
    fprintf(stderr, "escinfo: %s\n", err);
    return 1;
  }
  printf("cache: %s\n", dir);
  printf("entries: %zu\n", s.entries);
  printf("corrupt entries: %zu\n", s.corrupt);
  printf("sources indexed: %zu\n", files);
  printf("index markers: %zu\n", markers);
  printf("facts: %zu\n", s.facts);
  for (int c = 0; c < ESC_CODE_COUNT; c++)
    if (s.by_code[c])
      printf("  %s: %zu\n", esc_code_name((enum esc_code)c), s.by_code[c]);
  printf("bytes on disk: %llu\n", disk_usage(dir));
  return 0;
}

