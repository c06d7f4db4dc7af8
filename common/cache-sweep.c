/* cache-sweep.c - cleaning the cache's index (escinfo gc) and counting it (escinfo stats). */
#include "cache.h"
#include "cache-internal.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- sweeping ------------------------------------------------------------------------------ */

struct key_set {
  uint64_t *v;
  size_t n, cap;
};

/* Adds KEY to S (unsorted until key_set_sort).  Returns 0, or -1 when out of memory. */
static int key_set_add(struct key_set *s, uint64_t key)
{
  if (esc_grow((void **)&s->v, s->n, &s->cap, sizeof *s->v, 64) != 0)
    return -1;
  s->v[s->n++] = key;
  return 0;
}

static void key_set_sort(struct key_set *s)
{
  if (s->n)
    qsort(s->v, s->n, sizeof *s->v, cache_compare_keys);
}

/* A marker that should exist: entry ENTRY is indexed under the file key FILE. */
struct index_pair {
  uint64_t file, entry;
  bool seen; /* the marker was found on disk */
};

struct sweep {
  const char *dir;
  bool dry_run;
  esc_cache_sweep_fn fn;
  void *ctx;
  struct index_pair *pairs; /* of every valid entry, sorted by file then entry */
  size_t npairs, pairs_cap;
  struct key_set valid, corrupt; /* entry keys met by the walk */
  bool cache_out_of_memory;
};

static int compare_pairs(const void *a, const void *b)
{
  const struct index_pair *x = a, *y = b;
  if (x->file != y->file)
    return (x->file > y->file) - (x->file < y->file);
  return (x->entry > y->entry) - (x->entry < y->entry);
}

/* Records that ENTRY should have a marker under FILE.  Returns 0, or -1 when out of memory. */
static int sweep_add_pair(struct sweep *s, uint64_t file, uint64_t entry)
{
  if (esc_grow((void **)&s->pairs, s->npairs, &s->pairs_cap, sizeof *s->pairs, 256) != 0)
    return -1;
  s->pairs[s->npairs++] = (struct index_pair){ file, entry, false };
  return 0;
}

/* esc_cache_walk callback: records the markers entry PATH should have. */
static int sweep_note_entry(void *ctx, const char *path, struct esc_tu *tu)
{
  struct sweep *s = ctx;
  uint64_t entry, *keys;
  size_t nkeys;
  if (!cache_entry_key_of_path(path, &entry))
    return 0;
  if (key_set_add(&s->valid, entry) || cache_tu_index_keys(tu, &keys, &nkeys)) {
    s->cache_out_of_memory = true;
    return 1;
  }
  for (size_t i = 0; i < nkeys && !s->cache_out_of_memory; i++)
    s->cache_out_of_memory = sweep_add_pair(s, keys[i], entry) != 0;
  free(keys);
  return s->cache_out_of_memory;
}

/* esc_cache_walk warning callback: a corrupt entry keeps its markers. */
static void sweep_note_corrupt(void *ctx, const char *path, const char *reason)
{
  struct sweep *s = ctx;
  uint64_t entry;
  (void)reason;
  if (cache_entry_key_of_path(path, &entry) && key_set_add(&s->corrupt, entry))
    s->cache_out_of_memory = true;
}

/* True when the entry ENTRY, as it is on disk now, is indexed under FILE. */
static bool entry_now_indexed_under(const char *dir, uint64_t entry, uint64_t file)
{
  char reason[REASON_SIZE];
  struct esc_tu tu;
  bool missing, found = false;
  uint64_t *keys;
  size_t nkeys;
  char *path = cache_entry_path(dir, entry);
  if (path && cache_read_entry(path, &tu, &missing, reason, sizeof reason) == 0) {
    if (cache_tu_index_keys(&tu, &keys, &nkeys) == 0) {
      found = cache_has_key(keys, nkeys, file);
      free(keys);
    }
    esc_tu_free(&tu);
  }
  free(path);
  return found;
}

/* Removes the stale marker NAME (entry ENTRY) from the index directory IDXDIR of FILE. */
static void sweep_marker(struct sweep *s, const char *idxdir, const char *name, uint64_t file,
                         uint64_t entry)
{
  const char *why = cache_has_key(s->valid.v, s->valid.n, entry)
                      ? "its entry no longer mentions this file"
                      : "its entry is gone";
  char *path = cache_printf("%s/%s", idxdir, name);
  if (!path) {
    s->cache_out_of_memory = true;
    return;
  }
  bool removed = s->dry_run || unlink(path) == 0;
  /* A writer may have renamed a new version of the entry into place since the walk read it;
   * writers create markers after the rename, so checking the entry again after the unlink
   * tells whether that marker must come back. */
  if (removed && !s->dry_run && entry_now_indexed_under(s->dir, entry, file)) {
    cache_create_marker(idxdir, name, NULL, 0);
    removed = false;
  }
  if (removed && s->fn)
    s->fn(s->ctx, ESC_SWEEP_MARKER, path, why);
  free(path);
}

/* Checks every marker in the index directory IDXDIR (file key FILE). */
static void sweep_index_dir(void *ctx, const char *idxdir, uint64_t file)
{
  struct sweep *s = ctx;
  DIR *d = opendir(idxdir);
  struct dirent *de;
  while (d && (de = readdir(d))) {
    uint64_t entry;
    if (!cache_parse_key(de->d_name, "", &entry))
      continue;
    struct index_pair want = { file, entry, false };
    struct index_pair *p =
      s->npairs ? bsearch(&want, s->pairs, s->npairs, sizeof want, compare_pairs) : NULL;
    if (p)
      p->seen = true;
    else if (!cache_has_key(s->corrupt.v, s->corrupt.n, entry))
      sweep_marker(s, idxdir, de->d_name, file, entry);
  }
  if (d)
    closedir(d);
  if (!s->dry_run)
    rmdir(idxdir); /* only succeeds when empty */
}

/* Creates the markers that valid entries should have and that the sweep did not find.
 * Returns 0, or -1 with the reason in ERR. */
static int sweep_add_missing_markers(struct sweep *s, char *err, size_t errlen)
{
  for (size_t i = 0; i < s->npairs; i++) {
    if (s->pairs[i].seen)
      continue;
    char name[KEY_LEN + 1];
    cache_format_key(s->pairs[i].entry, name);
    char *idxdir = cache_index_dir_path(s->dir, s->pairs[i].file);
    int rc = idxdir ? cache_create_marker(idxdir, name, err, errlen) : cache_out_of_memory(err, errlen);
    free(idxdir);
    if (rc)
      return -1;
  }
  return 0;
}

/* Removes the temp files in the entry directory not modified for MIN_AGE seconds.
 * Returns 0, or -1 with ERR. */
static int sweep_temp_files(struct sweep *s, int64_t min_age, char *err, size_t errlen)
{
  char *entries = cache_printf("%s/" ENTRY_DIR, s->dir);
  if (!entries)
    return cache_out_of_memory(err, errlen);
  int rc;
  DIR *d = cache_open_dir(entries, "cache directory", &rc, err, errlen);
  if (!d) {
    free(entries);
    return rc;
  }
  time_t now = time(NULL);
  struct dirent *de;
  while ((de = readdir(d))) {
    struct stat st;
    if (strncmp(de->d_name, TEMP_PREFIX, strlen(TEMP_PREFIX)) != 0)
      continue;
    char *path = cache_printf("%s/%s", entries, de->d_name);
    if (path && lstat(path, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime >= min_age
        && (s->dry_run || unlink(path) == 0) && s->fn)
      s->fn(s->ctx, ESC_SWEEP_TEMP, path, "left by an interrupted write");
    free(path);
  }
  closedir(d);
  free(entries);
  return 0;
}

int esc_cache_sweep(const char *dir, int64_t min_temp_age, bool dry_run, esc_cache_sweep_fn fn,
                    void *ctx, char *err, size_t errlen)
{
  struct sweep s = { .dir = dir, .dry_run = dry_run, .fn = fn, .ctx = ctx };
  int rc = esc_cache_walk(dir, sweep_note_entry, &s, sweep_note_corrupt, &s, err, errlen);
  if (rc == 0 && s.cache_out_of_memory)
    rc = cache_out_of_memory(err, errlen);
  if (rc == 0) {
    if (s.npairs > 0)
      qsort(s.pairs, s.npairs, sizeof *s.pairs, compare_pairs);
    key_set_sort(&s.valid);
    key_set_sort(&s.corrupt);
    rc = cache_each_index_dir(dir, sweep_index_dir, &s, err, errlen);
  }
  if (rc == 0 && s.cache_out_of_memory)
    rc = cache_out_of_memory(err, errlen);
  if (rc == 0 && !dry_run)
    rc = sweep_add_missing_markers(&s, err, errlen);
  if (rc == 0)
    rc = sweep_temp_files(&s, min_temp_age, err, errlen);
  free(s.pairs);
  free(s.valid.v);
  free(s.corrupt.v);
  return rc;
}

/* ---- counting ------------------------------------------------------------------------------ */

struct index_counts {
  size_t files, markers;
};

/* cache_each_index_dir callback: counts the markers of one index directory. */
static void count_index_dir(void *ctx, const char *idxdir, uint64_t file)
{
  struct index_counts *counts = ctx;
  size_t n = 0;
  uint64_t unused;
  DIR *d = opendir(idxdir);
  struct dirent *de;
  (void)file;
  while (d && (de = readdir(d)))
    n += cache_parse_key(de->d_name, "", &unused);
  if (d)
    closedir(d);
  counts->files += n > 0;
  counts->markers += n;
}

int esc_cache_count_index(const char *dir, size_t *files, size_t *markers, char *err,
                          size_t errlen)
{
  struct index_counts counts = { 0, 0 };
  int rc = cache_each_index_dir(dir, count_index_dir, &counts, err, errlen);
  *files = counts.files;
  *markers = counts.markers;
  return rc;
}
