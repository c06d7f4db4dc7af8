/* file-facts.c - the facts of one source file: the query every reader makes of the cache. */
#include "file-facts.h"

#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void esc_file_facts_init(struct esc_file_facts *ff)
{
  memset(ff, 0, sizeof *ff);
}

void esc_file_entry_free(struct esc_file_entry *e)
{
  free(e->main_file);
  free(e->output);
  free(e->gcc_version);
  for (size_t a = 0; a < e->nargs; a++)
    free(e->args[a]);
  free(e->args);
  memset(e, 0, sizeof *e);
}

void esc_file_facts_free(struct esc_file_facts *ff)
{
  for (size_t i = 0; i < ff->nentries; i++)
    esc_file_entry_free(&ff->entries[i]);
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
  e->analysis_only = tu->analysis_only;
  if ((tu->main_file && !e->main_file) || (tu->output && !e->output)
      || (tu->gcc_version && !e->gcc_version)
      || (tu->nargs && !(e->args = calloc(tu->nargs, sizeof *e->args)))) {
    free(e->main_file);
    free(e->output);
    free(e->gcc_version);
    return -1;
  }
  size_t entry = ff->nentries++; /* from here on esc_file_facts_free releases what E holds */
  for (size_t i = 0; i < tu->nargs; i++) {
    if (!(e->args[i] = esc_strdup(tu->args[i])) && tu->args[i])
      return -1;
    e->nargs = i + 1;
  }
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

/* Whether FF's entry E has ARG among its options. */
static bool has_arg(const struct esc_file_entry *e, const char *arg)
{
  for (size_t i = 0; i < e->nargs; i++)
    if (e->args[i] && strcmp(e->args[i], arg) == 0)
      return true;
  return false;
}

/* Options the driver passes itself, or that name files: no difference a user made. */
static bool gcc_added(const char *arg)
{
  static const char *const prefixes[] = { "-quiet", "-imultiarch", "-iplugindir", "-mtune=",
                                          "-march=", "-dumpdir", "-dumpbase", "-auxbase",
                                          "-fplugin", "-o" };
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
    if (strncmp(arg, prefixes[i], strlen(prefixes[i])) == 0)
      return true;
  return false;
}

char *esc_file_entry_label(const struct esc_file_facts *ff, size_t entry)
{
  const struct esc_file_entry *e = &ff->entries[entry];
  const char *out = e->output ? e->output : e->main_file ? e->main_file : "?";
  const char *slash = strrchr(out, '/');
  struct esc_text t;
  esc_text_init(&t);
  esc_text_adds(&t, slash ? slash + 1 : out);
  size_t shown = 0;
  for (size_t i = 0; i < e->nargs && shown < 3; i++) {
    const char *arg = e->args[i];
    if (!arg || arg[0] != '-' || gcc_added(arg))
      continue;
    bool everywhere = true;
    for (size_t o = 0; o < ff->nentries && everywhere; o++)
      everywhere = o == entry || has_arg(&ff->entries[o], arg);
    if (everywhere)
      continue;
    esc_text_adds(&t, shown++ ? " " : " (");
    esc_text_adds(&t, arg);
  }
  if (shown)
    esc_text_addc(&t, ')');
  return esc_text_take(&t, NULL);
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

/* Same subject: kind, place and name (any code). */
static int compare_subject(const struct esc_fact *a, const struct esc_fact *b)
{
  int c = compare_unsigned(a->line, b->line);
  if (!c)
    c = compare_unsigned(a->column, b->column);
  if (!c)
    c = compare_unsigned(a->subject, b->subject);
  if (!c)
    c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
  return c;
}

static int compare_copies(const void *x, const void *y)
{
  const struct esc_file_fact *a = x, *b = y;
  int c = compare_subject(&a->fact, &b->fact);
  if (!c)
    c = compare_unsigned(a->fact.code, b->fact.code);
  return c ? c : (a->entry > b->entry) - (a->entry < b->entry);
}

static int compare_place_order(const void *x, const void *y)
{
  const struct esc_file_fact *a = x, *b = y;
  int c = esc_fact_compare_place(&a->fact, &b->fact);
  return c ? c : (a->entry > b->entry) - (a->entry < b->entry);
}

/* A promise a compile makes about a subject, which an escape in another compile overrides. */
static bool is_promise(enum esc_code code)
{
  return code == ESC_NOESCAPE || code == ESC_NOLEAK || code == ESC_ALLOC_STACK_CANDIDATE;
}

/* Appends "; TEXT" (or TEXT) to FACT's note.  Returns 0, or -1 when out of memory. */
static int add_note(struct esc_fact *fact, const char *text)
{
  struct esc_text t;
  esc_text_init(&t);
  if (fact->note) {
    esc_text_adds(&t, fact->note);
    esc_text_adds(&t, "; ");
  }
  esc_text_adds(&t, text);
  char *note = esc_text_take(&t, NULL);
  if (!note)
    return -1;
  free(fact->note);
  fact->note = note;
  return 0;
}

/* Appends to T the labels of the entries whose bit is set in MASK, "a, b and c". */
static void labels(struct esc_text *t, const struct esc_file_facts *ff, const bool *mask)
{
  size_t n = 0, total = 0;
  for (size_t e = 0; e < ff->nentries; e++)
    total += mask[e];
  for (size_t e = 0; e < ff->nentries; e++) {
    if (!mask[e])
      continue;
    char *label = esc_file_entry_label(ff, e);
    esc_text_adds(t, n == 0 ? "" : n + 1 == total ? " and " : ", ");
    esc_text_adds(t, label ? label : "?");
    free(label);
    n++;
  }
}

/* The facts of one subject, FACTS[0..N) (sorted by code, then newest compile first), made one
 * verdict: KEEP[i] says which stay.  Returns 0, or -1 when out of memory. */
static int merge_subject(struct esc_file_facts *ff, struct esc_file_fact *facts, size_t n,
                         bool *keep)
{
  bool serious = false;
  for (size_t i = 0; i < n; i++)
    serious |= esc_code_is_escape(facts[i].fact.code);
  bool *in = calloc(ff->nentries, sizeof *in), *out = calloc(ff->nentries, sizeof *out);
  int rc = (in && out) ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    struct esc_file_fact *f = &facts[i];
    /* one copy of each code: the newest compile's */
    keep[i] = (i == 0 || f->fact.code != facts[i - 1].fact.code)
              && !(serious && is_promise(f->fact.code));
    if (!keep[i] || ff->nentries < 2)
      continue;
    /* which compiles report this code, and which report the subject without it */
    memset(in, 0, ff->nentries * sizeof *in);
    memset(out, 0, ff->nentries * sizeof *out);
    bool differ = false;
    for (size_t j = 0; j < n; j++) {
      if (facts[j].fact.code == f->fact.code) {
        in[facts[j].entry] = true;
        differ |= facts[j].fact.value != f->fact.value;
      } else {
        out[facts[j].entry] = true;
      }
    }
    for (size_t e = 0; e < ff->nentries; e++)
      out[e] = out[e] && !in[e];
    bool any_out = false;
    for (size_t e = 0; e < ff->nentries; e++)
      any_out |= out[e];
    struct esc_text t;
    esc_text_init(&t);
    if (f->fact.code == ESC_FRAME_SIZE && differ) {
      /* frame sizes that differ: say so instead of flipping with the last build */
      esc_text_adds(&t, "other compiles of this file give other sizes:");
      const char *sep = " ";
      for (size_t j = 0; j < n; j++)
        if (facts[j].fact.code == f->fact.code && facts[j].fact.value != f->fact.value) {
          char *label = esc_file_entry_label(ff, facts[j].entry);
          esc_text_printf(&t, "%s%lld bytes in %s", sep, (long long)facts[j].fact.value,
                          label ? label : "?");
          free(label);
          sep = ", ";
        }
    } else if (any_out && esc_code_is_escape(f->fact.code)) {
      esc_text_adds(&t, "so in ");
      labels(&t, ff, in);
      esc_text_adds(&t, "; not in ");
      labels(&t, ff, out);
    } else if (any_out) {
      esc_text_adds(&t, "only in ");
      labels(&t, ff, in);
    }
    if (t.len > 0) {
      char *note = esc_text_take(&t, NULL);
      if (!note || add_note(&f->fact, note) != 0)
        rc = -1;
      free(note);
    }
    esc_text_free(&t);
  }
  free(in);
  free(out);
  return rc;
}

int esc_file_facts_merge(struct esc_file_facts *ff)
{
  int rc = 0;
  if (ff->nfacts == 0)
    return 0;
  qsort(ff->facts, ff->nfacts, sizeof *ff->facts, compare_copies);
  bool *keep = calloc(ff->nfacts, sizeof *keep);
  if (!keep)
    rc = -1;
  for (size_t i = 0, j; keep && i < ff->nfacts; i = j) {
    for (j = i + 1; j < ff->nfacts && compare_subject(&ff->facts[i].fact, &ff->facts[j].fact) == 0;)
      j++;
    if (merge_subject(ff, ff->facts + i, j - i, keep + i) != 0) {
      rc = -1;
      break;
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < ff->nfacts; i++) {
    bool stays = keep ? keep[i]
                      : i == 0 || compare_copies(&ff->facts[i - 1], &ff->facts[i]) != 0;
    if (rc != 0 && keep) /* out of memory: one copy of each fact, no verdict merged */
      stays = kept == 0 || esc_fact_compare_place(&ff->facts[kept - 1].fact, &ff->facts[i].fact) != 0;
    if (!stays) {
      esc_fact_free(&ff->facts[i].fact);
      continue;
    }
    ff->facts[kept++] = ff->facts[i];
  }
  ff->nfacts = kept;
  free(keep);
  qsort(ff->facts, ff->nfacts, sizeof *ff->facts, compare_place_order);
  return rc;
}

bool esc_file_facts_stale(const struct esc_file_facts *ff, size_t entry, const char *now)
{
  const char *hash = ff->entries[entry].hash;
  return hash[0] && (!now || strcmp(hash, now) != 0);
}
