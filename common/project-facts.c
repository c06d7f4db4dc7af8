/* project-facts.c - the facts of every source file under some paths, in one walk of the cache. */
#include "project-facts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void esc_project_init(struct esc_project *p)
{
  memset(p, 0, sizeof *p);
}

void esc_project_free(struct esc_project *p)
{
  for (size_t i = 0; i < p->nfiles; i++) {
    esc_file_facts_free(&p->files[i].ff);
    esc_suppressions_free(&p->files[i].suppressions);
    free(p->files[i].text);
  }
  free(p->files);
  free(p->facts);
  free(p->root);
  esc_project_init(p);
}

/* ---- a string map -------------------------------------------------------------------------- */

/* Open addressing, FNV-1a: paths to file indexes (SIZE_MAX: outside the paths asked for). */
struct map_slot {
  char *key; /* owned; NULL: free */
  size_t value;
};

struct map {
  struct map_slot *v;
  size_t cap, n; /* cap: a power of two */
};

static void map_free(struct map *m)
{
  for (size_t i = 0; i < m->cap; i++)
    free(m->v[i].key);
  free(m->v);
  memset(m, 0, sizeof *m);
}

static struct map_slot *map_slot(const struct map *m, const char *key)
{
  size_t i = (size_t)esc_fnv1a64(ESC_FNV_BASIS, key, strlen(key)) & (m->cap - 1);
  while (m->v[i].key && strcmp(m->v[i].key, key) != 0)
    i = (i + 1) & (m->cap - 1);
  return &m->v[i];
}

static const size_t *map_get(const struct map *m, const char *key)
{
  if (!m->cap)
    return NULL;
  struct map_slot *s = map_slot(m, key);
  return s->key ? &s->value : NULL;
}

/* Adds KEY (copied) -> VALUE; the key must be new.  Returns 0, or -1 when out of memory. */
static int map_put(struct map *m, const char *key, size_t value)
{
  if (2 * (m->n + 1) > m->cap) {
    struct map bigger = { calloc(m->cap ? 2 * m->cap : 64, sizeof *m->v),
                          m->cap ? 2 * m->cap : 64, m->n };
    if (!bigger.v)
      return -1;
    for (size_t i = 0; i < m->cap; i++)
      if (m->v[i].key)
        *map_slot(&bigger, m->v[i].key) = m->v[i];
    free(m->v);
    *m = bigger;
  }
  struct map_slot *s = map_slot(m, key);
  if (!(s->key = strdup(key)))
    return -1;
  s->value = value;
  m->n++;
  return 0;
}

/* ---- the walk ------------------------------------------------------------------------------ */

struct walk {
  struct esc_project *p;
  char **scope; /* canonical paths asked for */
  size_t nscope;
  struct map spellings; /* a path as an entry spells it (absolute: its cwd joined) -> file */
  struct map files;     /* canonical path -> file */
  size_t *touched;      /* the files of the entry being read */
  size_t ntouched, touched_cap;
  bool out_of_memory;
};

static bool in_scope(const struct walk *w, const char *canonical)
{
  for (size_t i = 0; i < w->nscope; i++) {
    size_t n = strlen(w->scope[i]);
    if (strncmp(canonical, w->scope[i], n) == 0
        && (canonical[n] == 0 || canonical[n] == '/' || (n == 1 && w->scope[i][0] == '/')))
      return true;
  }
  return false;
}

/* The file FILE (spelled as TU spells it) is, or SIZE_MAX when it is outside the scope; adds
 * it to the project when first met.  Sets w->out_of_memory on failure. */
static size_t file_of(struct walk *w, const struct esc_tu *tu, const char *file)
{
  char *spelling = NULL;
  if (file[0] != '/' && tu->cwd) {
    size_t a = strlen(tu->cwd), b = strlen(file);
    if ((spelling = malloc(a + b + 2))) {
      memcpy(spelling, tu->cwd, a);
      spelling[a] = '/';
      memcpy(spelling + a + 1, file, b + 1);
    }
  } else {
    spelling = strdup(file);
  }
  if (!spelling) {
    w->out_of_memory = true;
    return SIZE_MAX;
  }
  const size_t *known = map_get(&w->spellings, spelling);
  if (known) {
    free(spelling);
    return *known;
  }
  size_t index = SIZE_MAX;
  char *canonical = esc_path_canonical(spelling, NULL);
  if (!canonical)
    goto oom;
  if (in_scope(w, canonical)) {
    const size_t *f = map_get(&w->files, canonical);
    if (f) {
      index = *f;
    } else {
      struct esc_project *p = w->p;
      if (esc_grow((void **)&p->files, p->nfiles, &p->cap, sizeof *p->files, 16) != 0)
        goto oom;
      struct esc_project_file *pf = &p->files[p->nfiles];
      memset(pf, 0, sizeof *pf);
      esc_file_facts_init(&pf->ff);
      esc_suppressions_init(&pf->suppressions);
      if (map_put(&w->files, canonical, p->nfiles) != 0)
        goto oom;
      pf->ff.path = canonical;
      canonical = NULL;
      index = p->nfiles++;
    }
  }
  if (map_put(&w->spellings, spelling, index) != 0)
    goto oom;
  free(canonical);
  free(spelling);
  return index;
oom:
  free(canonical);
  free(spelling);
  w->out_of_memory = true;
  return SIZE_MAX;
}

static void touch(struct walk *w, const struct esc_tu *tu, const char *file, const char **last)
{
  if (!file || (*last && strcmp(*last, file) == 0))
    return;
  *last = file;
  size_t f = file_of(w, tu, file);
  if (f == SIZE_MAX)
    return;
  for (size_t i = 0; i < w->ntouched; i++)
    if (w->touched[i] == f)
      return;
  if (esc_grow((void **)&w->touched, w->ntouched, &w->touched_cap, sizeof *w->touched, 16) != 0)
    w->out_of_memory = true;
  else
    w->touched[w->ntouched++] = f;
}

/* esc_cache_walk callback: hands TU to each file under the scope it mentions. */
static int take_entry(void *ctx, const char *path, struct esc_tu *tu)
{
  (void)path;
  struct walk *w = ctx;
  const char *last = NULL;
  w->ntouched = 0;
  touch(w, tu, tu->main_file, &last);
  for (size_t i = 0; i < tu->nsources; i++)
    touch(w, tu, tu->sources[i].path, &last);
  for (size_t i = 0; i < tu->nfacts; i++)
    touch(w, tu, tu->facts[i].file, &last);
  if (w->ntouched)
    w->p->entries++;
  for (size_t i = 0; !w->out_of_memory && i < w->ntouched; i++)
    if (esc_file_facts_add_entry(&w->p->files[w->touched[i]].ff, tu) != 0)
      w->out_of_memory = true;
  return w->out_of_memory;
}

/* ---- after the walk ------------------------------------------------------------------------ */

struct numbered_entry {
  struct esc_file_entry e;
  size_t old;
};

static int newest_first(const void *a, const void *b)
{
  const struct esc_file_entry *x = &((const struct numbered_entry *)a)->e;
  const struct esc_file_entry *y = &((const struct numbered_entry *)b)->e;
  if (x->compile_time != y->compile_time)
    return x->compile_time > y->compile_time ? -1 : 1;
  int c = strcmp(x->main_file ? x->main_file : "", y->main_file ? y->main_file : "");
  return c ? c : strcmp(x->output ? x->output : "", y->output ? y->output : "");
}

/* Puts FF's compiles newest first, as esc_file_facts_read does (the walk meets them in the
 * cache's order).  Returns 0, or -1 when out of memory. */
static int order_entries(struct esc_file_facts *ff)
{
  size_t n = ff->nentries;
  if (n < 2)
    return 0;
  struct numbered_entry *v = malloc(n * sizeof *v);
  size_t *now = malloc(n * sizeof *now);
  if (!v || !now) {
    free(v);
    free(now);
    return -1;
  }
  for (size_t i = 0; i < n; i++)
    v[i] = (struct numbered_entry){ ff->entries[i], i };
  qsort(v, n, sizeof *v, newest_first);
  for (size_t i = 0; i < n; i++) {
    ff->entries[i] = v[i].e;
    now[v[i].old] = i;
  }
  for (size_t i = 0; i < ff->nfacts; i++)
    ff->facts[i].entry = now[ff->facts[i].entry];
  free(v);
  free(now);
  return 0;
}

static int compare_files(const void *a, const void *b)
{
  return strcmp(((const struct esc_project_file *)a)->relative,
                ((const struct esc_project_file *)b)->relative);
}

const char *esc_project_relative(const struct esc_project *p, const char *path)
{
  const char *root = p->root;
  size_t n = strlen(root);
  if (n == 1 && root[0] == '/')
    return path[1] ? path + 1 : path;
  if (strncmp(path, root, n) == 0 && path[n] == '/' && path[n + 1])
    return path + n + 1;
  return path;
}

/* Reads the file at PATH whole into *TEXT (malloc'd, NUL-terminated) and *LEN.  Returns 0, 1
 * when it cannot be read (*TEXT NULL), or -1 when out of memory. */
static int read_text(const char *path, char **text, size_t *len)
{
  *text = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return 1;
  size_t cap = 0, n = 0;
  char *buf = NULL;
  int rc = 0;
  for (;;) {
    if (n + 1 >= cap) {
      size_t more = cap ? 2 * cap : 65536;
      char *grown = realloc(buf, more);
      if (!grown) {
        rc = -1;
        break;
      }
      buf = grown;
      cap = more;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) {
      if (ferror(f))
        rc = 1;
      break;
    }
  }
  fclose(f);
  if (rc != 0) {
    free(buf);
    return rc;
  }
  buf[n] = 0;
  *text = buf;
  *len = n;
  return 0;
}

/* Finishes file PF: compiles newest first, one verdict per subject, its text and comments,
 * whether it changed.  Returns 0, or -1 when out of memory. */
static int finish_file(struct esc_project *p, struct esc_project_file *pf)
{
  char now[ESC_HASH_LEN + 1];
  if (order_entries(&pf->ff) != 0 || esc_file_facts_merge(&pf->ff) != 0
      || read_text(pf->ff.path, &pf->text, &pf->len) < 0)
    return -1;
  if (pf->text) {
    esc_hash_buffer(pf->text, pf->len, now);
    if (esc_suppressions_scan(&pf->suppressions, pf->text, pf->len) != 0)
      return -1;
  }
  pf->relative = esc_project_relative(p, pf->ff.path);
  for (size_t e = 0; e < pf->ff.nentries; e++)
    pf->changed |= esc_file_facts_stale(&pf->ff, e, pf->text ? now : NULL);
  return 0;
}

/* "FUNCTION\tNAME\tCODE" of FACT, for ranking. */
static char *rank_key(const struct esc_fact *f)
{
  const char *fn = f->function ? f->function : "", *name = f->name ? f->name : "";
  const char *code = esc_code_name(f->code);
  size_t n = strlen(fn) + strlen(name) + strlen(code) + 3;
  char *k = malloc(n);
  if (k)
    snprintf(k, n, "%s\t%s\t%s", fn, name, code);
  return k;
}

/* Lists every file's facts in P->facts, with their comments and ranks.  Returns 0, or -1 when
 * out of memory. */
static int list_facts(struct esc_project *p)
{
  size_t total = 0;
  for (size_t i = 0; i < p->nfiles; i++)
    total += p->files[i].ff.nfacts;
  if (!(p->facts = calloc(total ? total : 1, sizeof *p->facts)))
    return -1;
  for (size_t i = 0; i < p->nfiles; i++) {
    struct esc_project_file *pf = &p->files[i];
    struct map seen = { 0 };
    for (size_t j = 0; j < pf->ff.nfacts; j++) {
      struct esc_project_fact *pfact = &p->facts[p->nfacts++];
      const struct esc_fact *f = &pf->ff.facts[j].fact;
      pfact->fact = f;
      pfact->file = i;
      pfact->entry = pf->ff.facts[j].entry;
      pfact->suppressed = esc_suppressions_match_fact(&pf->suppressions, f, pf->ff.path);
      if (pfact->suppressed)
        pfact->suppressed->used++;
      char *k = rank_key(f);
      if (!k) {
        map_free(&seen);
        return -1;
      }
      struct map_slot *s = seen.cap ? map_slot(&seen, k) : NULL;
      if (s && s->key) {
        pfact->rank = (unsigned)++s->value;
      } else if (map_put(&seen, k, 0) != 0) {
        free(k);
        map_free(&seen);
        return -1;
      }
      free(k);
    }
    map_free(&seen);
  }
  return 0;
}

int esc_project_read(struct esc_project *p, const char *dir, const char *root,
                     char *const *paths, size_t npaths, esc_cache_warn_fn warn, void *warn_ctx,
                     char *err, size_t errlen)
{
  struct walk w = { .p = p };
  int rc = -1;
  esc_project_init(p);
  if (!(p->root = esc_path_canonical(root ? root : ".", NULL)))
    goto oom;
  size_t n = npaths ? npaths : 1;
  if (!(w.scope = calloc(n, sizeof *w.scope)))
    goto oom;
  for (size_t i = 0; i < n; i++, w.nscope++)
    if (!(w.scope[i] = npaths ? esc_path_canonical(paths[i], NULL) : strdup(p->root)))
      goto oom;
  if (esc_cache_walk(dir, take_entry, &w, warn, warn_ctx, err, errlen) != 0) {
    if (!w.out_of_memory)
      goto done;
    goto oom;
  }
  if (w.out_of_memory)
    goto oom;
  for (size_t i = 0; i < p->nfiles; i++)
    if (finish_file(p, &p->files[i]) != 0)
      goto oom;
  if (p->nfiles > 1)
    qsort(p->files, p->nfiles, sizeof *p->files, compare_files);
  if (list_facts(p) != 0)
    goto oom;
  rc = 0;
  goto done;
oom:
  snprintf(err, errlen, "out of memory reading the facts");
done:
  for (size_t i = 0; i < w.nscope; i++)
    free(w.scope[i]);
  free(w.scope);
  free(w.touched);
  map_free(&w.spellings);
  map_free(&w.files);
  if (rc != 0)
    esc_project_free(p);
  return rc;
}

char *esc_project_fact_key(const struct esc_project *p, const struct esc_project_fact *fact)
{
  const struct esc_fact *f = fact->fact;
  const char *file = p->files[fact->file].relative;
  const char *fn = f->function ? f->function : "", *name = f->name ? f->name : "";
  const char *code = esc_code_name(f->code);
  size_t n = strlen(file) + strlen(fn) + strlen(name) + strlen(code) + 16;
  char *k = malloc(n);
  if (k)
    snprintf(k, n, "%s\t%s\t%s\t%s\t%u", file, fn, name, code, fact->rank);
  return k;
}

/* ---- filters ------------------------------------------------------------------------------- */

int esc_fact_filter_parse(struct esc_fact_filter *f, const char *list, char *bad, size_t badlen)
{
  memset(f, 0, sizeof *f);
  const char *item = list;
  for (;;) {
    const char *stop = strchr(item, ',');
    size_t len = stop ? (size_t)(stop - item) : strlen(item);
    while (len && (*item == ' ' || *item == '\t'))
      item++, len--;
    while (len && (item[len - 1] == ' ' || item[len - 1] == '\t'))
      len--;
    if (len == 8 && memcmp(item, "dangling", 8) == 0)
      f->dangling = true;
    else if (!len || !esc_code_pattern(item, len, f->codes)) {
      snprintf(bad, badlen, "%.*s", (int)len, item);
      return -1;
    }
    if (!stop)
      return 0;
    item = stop + 1;
  }
}

void esc_fact_filter_default(struct esc_fact_filter *f)
{
  char unused[8];
  esc_fact_filter_parse(f, "dangling,escape.*", unused, sizeof unused);
}

bool esc_fact_filter_match(const struct esc_fact_filter *f, const struct esc_fact *fact)
{
  return f->codes[fact->code] || (f->dangling && esc_fact_dangles(fact));
}
