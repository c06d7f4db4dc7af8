/* file-facts.c - the facts of one source file: the query every reader makes of the cache. */
#include "file-facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void esc_file_facts_init(struct esc_file_facts *ff)
{
  memset(ff, 0, sizeof *ff);
}

void esc_file_facts_free(struct esc_file_facts *ff)
{
  for (size_t i = 0; i < ff->nentries; i++) {
    free(ff->entries[i].main_file);
    free(ff->entries[i].output);
    free(ff->entries[i].gcc_version);
  }
  free(ff->entries);
  for (size_t i = 0; i < ff->nfacts; i++)
    esc_fact_free(&ff->facts[i].fact);
  free(ff->facts);
  free(ff->path);
  esc_file_facts_init(ff);
}

/* Remembers whether the last path met names the file: facts and steps come grouped by file, so
 * few paths need resolving. */
struct file_match {
  const char *last;
  bool same;
};

/* True when FILE (a path as TU spells it, relative ones against its cwd) is CANONICAL. */
static bool names_file(struct file_match *m, const struct esc_tu *tu, const char *file,
                       const char *canonical)
{
  if (!file)
    return false;
  if (m->last && strcmp(m->last, file) == 0)
    return m->same;
  m->last = file;
  if (strcmp(file, canonical) == 0)
    return m->same = true;
  char *c = esc_path_canonical(file, tu->cwd);
  m->same = c && strcmp(c, canonical) == 0;
  free(c);
  return m->same;
}

/* Spells *FILE as CANONICAL when it names it.  Returns 0, or -1 when out of memory. */
static int respell(char **file, struct file_match *m, const struct esc_tu *tu,
                   const char *canonical)
{
  if (!names_file(m, tu, *file, canonical) || strcmp(*file, canonical) == 0)
    return 0;
  char *copy = esc_strdup(canonical);
  if (!copy)
    return -1;
  m->last = NULL; /* it pointed at the string freed below */
  free(*file);
  *file = copy;
  return 0;
}

/* The same for the N steps of FLOW. */
static int respell_flow(struct esc_step *flow, size_t n, struct file_match *m,
                        const struct esc_tu *tu, const char *canonical)
{
  for (size_t i = 0; i < n; i++)
    if (respell(&flow[i].file, m, tu, canonical) != 0)
      return -1;
  return 0;
}

/* The same for FACT's flow and the flows of its other routes (its own file is left as
 * recorded: it names the file, readers print it as the compiler spelled it). */
static int respell_fact(struct esc_fact *fact, const struct esc_tu *tu, const char *canonical)
{
  struct file_match m = { NULL, false };
  if (respell_flow(fact->flow, fact->nflow, &m, tu, canonical))
    return -1;
  for (size_t r = 0; r < fact->nroutes; r++)
    if (respell_flow(fact->routes[r].flow, fact->routes[r].nflow, &m, tu, canonical) != 0)
      return -1;
  return 0;
}

int esc_file_facts_add_entry(struct esc_file_facts *ff, struct esc_tu *tu)
{
  const char *canonical = ff->path;
  struct esc_file_entry *entries = realloc(ff->entries, (ff->nentries + 1) * sizeof *entries);
  if (!entries)
    return -1;
  ff->entries = entries;
  struct esc_file_entry *e = &entries[ff->nentries];
  memset(e, 0, sizeof *e);
  e->main_file = esc_strdup(tu->main_file);
  e->output = esc_strdup(tu->output);
  e->gcc_version = esc_strdup(tu->gcc_version);
  e->compile_time = tu->compile_time;
  if ((tu->main_file && !e->main_file) || (tu->output && !e->output)
      || (tu->gcc_version && !e->gcc_version)) {
    free(e->main_file);
    free(e->output);
    free(e->gcc_version);
    return -1;
  }
  size_t entry = ff->nentries++;
  struct file_match m = { NULL, false };
  for (size_t i = 0; i < tu->nsources; i++)
    if (tu->sources[i].hash && names_file(&m, tu, tu->sources[i].path, canonical)) {
      snprintf(e->hash, sizeof e->hash, "%s", tu->sources[i].hash);
      break;
    }
  m.last = NULL;
  for (size_t i = 0; i < tu->nfacts; i++) {
    struct esc_fact *f = &tu->facts[i];
    if (!names_file(&m, tu, f->file, canonical))
      continue;
    if (esc_grow((void **)&ff->facts, ff->nfacts, &ff->cap, sizeof *ff->facts, 32) != 0)
      return -1;
    struct esc_file_fact *out = &ff->facts[ff->nfacts++];
    out->fact = *f; /* moved: TU keeps a zeroed fact */
    out->entry = entry;
    memset(f, 0, sizeof *f);
    m.last = NULL; /* it may have pointed into the fact just moved */
    if (respell_fact(&out->fact, tu, canonical) != 0)
      return -1;
  }
  return 0;
}

int esc_file_facts_read(struct esc_file_facts *ff, const char *dir, const char *source,
                        esc_cache_warn_fn warn, void *warn_ctx, char *err, size_t errlen)
{
  struct esc_tu *tus = NULL;
  size_t ntus = 0;
  int rc = 0;
  esc_file_facts_init(ff);
  if (!(ff->path = esc_path_canonical(source, NULL))) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  ff->signature = esc_cache_signature(dir, ff->path);
  if (esc_cache_lookup(dir, ff->path, &tus, &ntus, warn, warn_ctx, err, errlen) != 0) {
    esc_file_facts_free(ff);
    return -1;
  }
  for (size_t i = 0; i < ntus; i++) {
    if (rc == 0 && esc_file_facts_add_entry(ff, &tus[i]) != 0) {
      snprintf(err, errlen, "out of memory reading the facts of '%s'", ff->path);
      rc = -1;
    }
    esc_tu_free(&tus[i]);
  }
  free(tus);
  if (rc != 0)
    esc_file_facts_free(ff);
  return rc;
}

static int compare_unsigned(unsigned a, unsigned b)
{
  return (a > b) - (a < b);
}

int esc_fact_compare_place(const struct esc_fact *a, const struct esc_fact *b)
{
  int c = compare_unsigned(a->line, b->line);
  if (!c)
    c = compare_unsigned(a->column, b->column);
  if (!c)
    c = compare_unsigned(a->code, b->code);
  if (!c)
    c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
  return c;
}

static int compare_copies(const void *x, const void *y)
{
  const struct esc_file_fact *a = x, *b = y;
  int c = esc_fact_compare_place(&a->fact, &b->fact);
  return c ? c : (a->entry > b->entry) - (a->entry < b->entry);
}

void esc_file_facts_merge(struct esc_file_facts *ff)
{
  if (ff->nfacts < 2)
    return;
  qsort(ff->facts, ff->nfacts, sizeof *ff->facts, compare_copies);
  size_t kept = 0;
  for (size_t i = 0; i < ff->nfacts; i++) {
    if (kept > 0 && esc_fact_compare_place(&ff->facts[kept - 1].fact, &ff->facts[i].fact) == 0) {
      esc_fact_free(&ff->facts[i].fact);
      continue;
    }
    ff->facts[kept++] = ff->facts[i];
  }
  ff->nfacts = kept;
}

bool esc_file_facts_stale(const struct esc_file_facts *ff, size_t entry, const char *now)
{
  const char *hash = ff->entries[entry].hash;
  return hash[0] && (!now || strcmp(hash, now) != 0);
}
