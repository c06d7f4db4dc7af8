/* import.c - escinfo import PATH...: the facts that objects, archives, executables and shared
 * libraries carry (-fplugin-arg-escinfo-embed) into the cache, as if they had been compiled
 * here.  Directories are searched recursively.  Idempotent: a unit whose entry is already the
 * same is left alone.  docs/build-engines.md describes where such objects come from. */
#include "cli.h"
#include "objfile.h"
#include "record.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct prefix_map {
  const char *old, *new_;
  size_t old_len;
};

struct import {
  const char *dir;
  struct prefix_map *maps;
  size_t nmaps;
  const char *path;       /* the file being read */
  const char *member;     /* the archive member being read, or NULL */
  bool named;             /* the file was named on the command line (not found in a directory) */
  char *object;           /* the object being read when it is one compile's output (an ELF
                             relocatable object holding one record): its canonical path, which
                             the unit records as its output; else NULL */
  size_t imported, unchanged, files, without, not_objects, bad_records, unreadable;
  long records_here;
  bool failed;
};

/* ---- prefix maps --------------------------------------------------------------------------- */

/* Rewrites *PATH by the maps (the last given that matches wins, as with GCC's
 * -ffile-prefix-map).  Returns 0, or -1 when out of memory. */
static int remap(const struct import *im, char **path)
{
  if (!*path)
    return 0;
  for (size_t i = im->nmaps; i-- > 0;) {
    const struct prefix_map *m = &im->maps[i];
    if (strncmp(*path, m->old, m->old_len) != 0)
      continue;
    size_t rest = strlen(*path + m->old_len), n = strlen(m->new_);
    char *s = malloc(n + rest + 1);
    if (!s)
      return -1;
    memcpy(s, m->new_, n);
    memcpy(s + n, *path + m->old_len, rest + 1);
    free(*path);
    *path = s;
    return 0;
  }
  return 0;
}

static int remap_flow(const struct import *im, struct esc_step *flow, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (remap(im, &flow[i].file) != 0)
      return -1;
  return 0;
}

/* Every path TU holds, through the maps. */
static int remap_unit(const struct import *im, struct esc_tu *tu)
{
  if (!im->nmaps)
    return 0;
  int rc = remap(im, &tu->main_file) | remap(im, &tu->output) | remap(im, &tu->cwd);
  for (size_t i = 0; i < tu->nsources; i++)
    rc |= remap(im, &tu->sources[i].path);
  for (size_t i = 0; i < tu->nfacts; i++) {
    struct esc_fact *f = &tu->facts[i];
    rc |= remap(im, &f->file) | remap(im, &f->spelling_file) | remap_flow(im, f->flow, f->nflow);
    for (size_t r = 0; r < f->nroutes; r++)
      rc |= remap_flow(im, f->routes[r].flow, f->routes[r].nflow);
  }
  return rc ? -1 : 0;
}

/* ---- records ------------------------------------------------------------------------------- */

/* Whether the cache already holds TU exactly. */
static bool already_there(const char *dir, const struct esc_tu *tu)
{
  char *entry = esc_cache_entry_file(dir, tu->main_file, tu->output);
  char *text = esc_tu_to_json_text(tu);
  bool same = false;
  FILE *f = entry && text ? fopen(entry, "rb") : NULL;
  if (f) {
    size_t n = strlen(text);
    char *have = malloc(n + 1);
    same = have && fread(have, 1, n + 1, f) == n && memcmp(have, text, n) == 0;
    free(have);
    fclose(f);
  }
  free(entry);
  free(text);
  return same;
}

static void where(const struct import *im, char *out, size_t n)
{
  if (im->member)
    snprintf(out, n, "%s(%s)", im->path, im->member);
  else
    snprintf(out, n, "%s", im->path);
}

static int take_record(void *ctx, size_t offset, struct esc_tu *tu,
                       const struct esc_record_header *h)
{
  struct import *im = ctx;
  char err[ERR_SIZE];
  (void)offset;
  (void)h;
  im->records_here++;
  if (remap_unit(im, tu) != 0) {
    out_of_memory();
    im->failed = true;
    return 1;
  }
  if (im->object) {
    /* the object is the compile's output, wherever it was compiled (a farm host, a build cache,
     * another build directory): the unit is keyed by where it is here */
    free(tu->output);
    if (!(tu->output = strdup(im->object))) {
      out_of_memory();
      im->failed = true;
      return 1;
    }
  }
  if (!tu->main_file || !tu->output) {
    char at[600];
    where(im, at, sizeof at);
    fprintf(stderr, "escinfo: %s: a record without its main file or output: skipped\n", at);
    im->bad_records++;
    return 0;
  }
  if (already_there(im->dir, tu)) {
    im->unchanged++;
    return 0;
  }
  if (esc_cache_write(im->dir, tu, err, sizeof err) != 0) {
    fprintf(stderr, "escinfo: %s\n", err);
    im->failed = true;
    return 1;
  }
  im->imported++;
  return 0;
}

static void bad_record(void *ctx, size_t offset, const char *reason)
{
  struct import *im = ctx;
  char at[600];
  where(im, at, sizeof at);
  fprintf(stderr, "escinfo: %s: record at byte %zu of its .escinfo section: %s\n", at, offset,
          reason);
  im->bad_records++;
}

static int take_section(void *ctx, const char *member, const unsigned char *data, size_t len)
{
  struct import *im = ctx;
  char err[ERR_SIZE];
  im->member = member;
  long n = esc_records_parse(data, len, take_record, bad_record, im, err, sizeof err);
  im->member = NULL;
  return n < 0 || im->failed;
}

static void object_problem(void *ctx, const char *member, const char *reason)
{
  struct import *im = ctx;
  /* in a directory, archive members that are no ELF files are not worth a line */
  if (!im->named && member && !strcmp(reason, "not an ELF file"))
    return;
  fprintf(stderr, "escinfo: %s%s%s%s: %s\n", im->path, member ? "(" : "", member ? member : "",
          member ? ")" : "", reason);
}

/* esc_section_fn: adds the number of records of the section to *CTX. */
static int count_records(void *ctx, const char *member, const unsigned char *data, size_t len)
{
  (void)member;
  *(long *)ctx += (long)esc_records_count(data, len);
  return 0;
}

static void quiet_problem(void *ctx, const char *member, const char *reason)
{
  (void)ctx, (void)member, (void)reason;
}

/* Imports the file at PATH.  Returns 0, or 1 when it stopped for a reason that ends the import. */
static int import_file(struct import *im, const char *path)
{
  const unsigned char *data;
  size_t len;
  char err[ERR_SIZE + 64];
  enum esc_objfile_kind kind;
  if (!im->named && !esc_objfile_is_object(path)) {
    im->not_objects++;
    return 0;
  }
  if (esc_objfile_map(path, &data, &len, err, sizeof err) != 0) {
    fprintf(stderr, "escinfo: %s\n", err);
    im->unreadable++;
    return 0;
  }
  im->path = path;
  im->records_here = 0;
  size_t before = im->imported + im->unchanged;
  im->object = NULL;
  if (esc_objfile_is_relocatable(data, len)) {
    long records = 0;
    esc_objfile_sections(data, len, &kind, count_records, quiet_problem, &records);
    if (records == 1)
      im->object = esc_path_canonical(path, NULL);
  }
  long sections = esc_objfile_sections(data, len, &kind, take_section, object_problem, im);
  free(im->object);
  im->object = NULL;
  esc_objfile_unmap(data, len);
  if (sections < 0 || im->failed)
    return 1;
  if (kind == ESC_OBJFILE_OTHER) {
    fprintf(stderr, "escinfo: %s: not an object file, archive, executable or shared library\n",
            path);
    im->not_objects++;
  } else if (sections == 0) {
    if (im->named)
      fprintf(stderr, "escinfo: %s: no escinfo facts (was it compiled with "
                      "-fplugin-arg-escinfo-embed?)\n", path);
    im->without++;
  } else {
    im->files++;
    size_t got = im->imported + im->unchanged - before;
    printf("%s: %zu unit%s\n", path, got, got == 1 ? "" : "s");
  }
  return 0;
}

/* Imports the files under directory PATH, in name order. */
static int import_tree(struct import *im, const char *path)
{
  struct dirent **names;
  int n = scandir(path, &names, NULL, alphasort);
  if (n < 0) {
    fprintf(stderr, "escinfo: cannot read directory '%s': %s\n", path, strerror(errno));
    im->unreadable++;
    return 0;
  }
  int rc = 0;
  for (int i = 0; i < n; i++) {
    const char *name = names[i]->d_name;
    if (rc == 0 && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
      size_t len = strlen(path) + strlen(name) + 2;
      char *child = malloc(len);
      struct stat st;
      if (!child) {
        rc = out_of_memory();
      } else {
        snprintf(child, len, "%s/%s", path, name);
        if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
          rc = import_tree(im, child);
        else if (lstat(child, &st) == 0 && S_ISREG(st.st_mode))
          rc = import_file(im, child);
        free(child);
      }
    }
    free(names[i]);
  }
  free(names);
  return rc;
}

int run_import(const char *dir, const struct options *o)
{
  struct import im = { .dir = dir };
  int rc = 0;
  if (o->nprefix_maps) {
    im.maps = calloc((size_t)o->nprefix_maps, sizeof *im.maps);
    if (!im.maps)
      return out_of_memory();
    for (int i = 0; i < o->nprefix_maps; i++) {
      const char *eq = strchr(o->prefix_maps[i], '=');
      if (!eq || eq == o->prefix_maps[i]) {
        fprintf(stderr, "escinfo: bad value '%s' for --prefix-map; use OLD=NEW\n",
                o->prefix_maps[i]);
        free(im.maps);
        return EXIT_USAGE;
      }
      im.maps[i] = (struct prefix_map){ o->prefix_maps[i], eq + 1,
                                        (size_t)(eq - o->prefix_maps[i]) };
    }
    im.nmaps = (size_t)o->nprefix_maps;
  }
  for (int i = 0; rc == 0 && i < o->nfiles; i++) {
    struct stat st;
    if (stat(o->files[i], &st) != 0) {
      fprintf(stderr, "escinfo: cannot read '%s': %s\n", o->files[i], strerror(errno));
      im.unreadable++;
      continue;
    }
    im.named = !S_ISDIR(st.st_mode);
    rc = S_ISDIR(st.st_mode) ? import_tree(&im, o->files[i]) : import_file(&im, o->files[i]);
  }
  free(im.maps);
  fflush(stdout);
  fprintf(stderr,
          "escinfo: import: %zu unit%s imported, %zu already in the cache, from %zu file%s; "
          "skipped %zu without facts, %zu not objects, %zu unreadable; %zu bad record%s\n",
          im.imported, im.imported == 1 ? "" : "s", im.unchanged, im.files,
          im.files == 1 ? "" : "s", im.without, im.not_objects, im.unreadable, im.bad_records,
          im.bad_records == 1 ? "" : "s");
  if (rc || im.failed)
    return 1;
  return im.unreadable || im.bad_records ? 1 : 0;
}
