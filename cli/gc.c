/* gc.c - escinfo gc: removes the entries of sources that are gone, stale index markers and old temp files. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_FILE_MAX_AGE 3600 /* seconds: a writer takes far less */

/* ---- gc ----------------------------------------------------------------------------------- */

struct gc {
  const char *dir;
  bool dry_run;
  size_t entries, markers, temp_files;
  bool failed;
};

static bool main_source_exists(const struct esc_tu *tu)
{
  struct stat st;
  char *path = esc_path_canonical(tu->main_file, tu->cwd);
  bool exists = !path || stat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR);
  free(path);
  return exists;
}

static int gc_entry(void *ctx, const char *path, struct esc_tu *tu)
{
  struct gc *g = ctx;
  char err[ERR_SIZE];
  if (main_source_exists(tu))
    return 0;
  if (!g->dry_run && esc_cache_remove_entry(g->dir, path, tu, err, sizeof err)) {
    fprintf(stderr, "escinfo: %s\n", err);
    g->failed = true;
    return 0;
  }
  printf("%s entry '%s' (main source '%s' no longer exists)\n",
         g->dry_run ? "would remove" : "removed", path, tu->main_file);
  g->entries++;
  return 0;
}

static void gc_swept(void *ctx, enum esc_sweep_kind kind, const char *path, const char *why)
{
  struct gc *g = ctx;
  bool marker = kind == ESC_SWEEP_MARKER;
  printf("%s %s '%s' (%s)\n", g->dry_run ? "would remove" : "removed",
         marker ? "index marker" : "temp file", path, why);
  if (marker)
    g->markers++;
  else
    g->temp_files++;
}

int run_gc(const char *dir, const struct options *o)
{
  char err[ERR_SIZE];
  struct gc g = { .dir = dir, .dry_run = o->dry_run };
  if (check_cache_dir(dir, false))
    return 1;
  if (esc_cache_walk(dir, gc_entry, &g, warn_entry, NULL, err, sizeof err)
      || esc_cache_sweep(dir, TEMP_FILE_MAX_AGE, o->dry_run, gc_swept, &g, err, sizeof err)) {
    fprintf(stderr, "escinfo: %s\n", err);
    return 1;
  }
  printf("%s %zu %s, %zu index %s, %zu temp %s\n", o->dry_run ? "would remove" : "removed",
         g.entries, g.entries == 1 ? "entry" : "entries", g.markers,
         g.markers == 1 ? "marker" : "markers", g.temp_files, g.temp_files == 1 ? "file" : "files");
  return g.failed ? 1 : 0;
}

