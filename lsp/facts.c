/* facts.c - the escape facts of one open document: read from the cache, placed in the buffer, carried through edits.
 *
 * Where a fact goes.  The cache records each fact's 1-based line and byte column in the file as
 * compiled, and the hash of that file.  A fact is placed:
 *   - where the compile put it, when the buffer hashes the same (or the entry recorded no hash);
 *   - else by its name (an identifier: the variable, parameter, allocating function or function)
 *     within RELOCATE_RADIUS lines of its line -- carried through the buffer's line map when the
 *     buffer once had the compiled content (at open or at a save) -- the facts of a document
 *     voting for the shift that puts their names at their recorded columns (relocate_by_name);
 *   - or nowhere (dropped) when the name is not found.
 * Then every edit moves the facts after it (lines and, on the same line, columns); a fact whose
 * name an edit touched is looked for only in the text that edit inserted, so deleting or
 * renaming the name drops the fact instead of moving it to another use of the name.  When the
 * buffer returns to the compiled content, the facts go back to their recorded places. */
#define _GNU_SOURCE /* memmem */
#include "facts.h"

#include "log.h"
#include "objfile.h"
#include "record.h"

#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void fact_set_init(struct fact_set *set)
{
  memset(set, 0, sizeof *set);
}

void fact_set_free(struct fact_set *set)
{
  for (size_t i = 0; i < set->nentries; i++)
    esc_file_entry_free(&set->entries[i]);
  free(set->entries);
  for (size_t i = 0; i < set->nfacts; i++) {
    esc_fact_free(&set->facts[i].fact);
    free(set->facts[i].token);
  }
  free(set->facts);
  esc_suppressions_free(&set->suppressions);
  free(set->object);
  fact_set_init(set);
}

/* ---- reading ------------------------------------------------------------------------------- */

/* Moves FF's compiles and facts (the query of file-facts.h) into SET, after what it holds.
 * Returns 0, or -1 when out of memory (FF then keeps what was not moved; free it either way). */
static int take_file_facts(struct fact_set *set, struct esc_file_facts *ff)
{
  size_t base = set->nentries;
  struct esc_file_entry *entries = realloc(set->entries, (base + ff->nentries + 1) * sizeof *entries);
  if (!entries)
    return -1;
  set->entries = entries;
  size_t need = set->nfacts + ff->nfacts;
  if (need > set->cap) {
    struct located_fact *v = realloc(set->facts, (need ? need : 1) * sizeof *v);
    if (!v)
      return -1;
    set->facts = v;
    set->cap = need;
  }
  if (ff->nentries > 0)
    memcpy(entries + base, ff->entries, ff->nentries * sizeof *entries);
  set->nentries += ff->nentries;
  free(ff->entries);
  ff->entries = NULL;
  ff->nentries = 0;
  for (size_t i = 0; i < ff->nfacts; i++) {
    struct located_fact *lf = &set->facts[set->nfacts++];
    memset(lf, 0, sizeof *lf);
    lf->fact = ff->facts[i].fact;
    lf->entry = base + ff->facts[i].entry;
  }
  free(ff->facts);
  ff->facts = NULL;
  ff->nfacts = ff->cap = 0;
  return 0;
}

int fact_set_add_entry(struct fact_set *set, struct esc_tu *tu, const char *canonical)
{
  struct esc_file_facts ff;
  esc_file_facts_init(&ff);
  int rc = (ff.path = esc_strdup(canonical)) && esc_file_facts_add_entry(&ff, tu) == 0
               && take_file_facts(set, &ff) == 0 ? 0 : -1;
  esc_file_facts_free(&ff);
  return rc;
}

int fact_set_read(struct fact_set *set, const char *dir, const char *canonical,
                  esc_cache_warn_fn warn, void *warn_ctx, char *err, size_t errlen)
{
  struct esc_file_facts ff;
  fact_set_init(set);
  if (esc_file_facts_read(&ff, dir, canonical, warn, warn_ctx, err, errlen) != 0)
    return -1;
  set->signature = ff.signature;
  int rc = esc_file_facts_merge(&ff) == 0 ? take_file_facts(set, &ff) : -1;
  esc_file_facts_free(&ff);
  if (rc != 0) {
    snprintf(err, errlen, "out of memory reading the facts of '%s'", canonical);
    fact_set_free(set);
  }
  return rc;
}

int fact_set_load(struct fact_set *set, const char *dir, struct document *doc,
                  const struct fact_set *previous, esc_cache_warn_fn warn, void *warn_ctx,
                  char *err, size_t errlen)
{
  fact_set_init(set);
  if (!doc->canonical)
    return 0;
  if (fact_set_read(set, dir, doc->canonical, warn, warn_ctx, err, errlen) != 0)
    return -1;
  fact_set_place(set, doc, previous);
  log_debug("%s: %zu facts from %zu entries", doc->canonical, set->nfacts, set->nentries);
  return 0;
}

int fact_set_load_entry_file(struct fact_set *set, const char *path, struct document *doc,
                             char *err, size_t errlen)
{
  struct esc_tu tu;
  if (!doc->canonical) {
    snprintf(err, errlen, "'%s' is not a local file", doc->uri);
    return -1;
  }
  if (esc_cache_read_entry(path, &tu, err, errlen) != 0)
    return -1;
  int rc = fact_set_add_entry(set, &tu, doc->canonical);
  esc_tu_free(&tu);
  if (rc != 0) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  fact_set_place(set, doc, NULL);
  return 0;
}

/* ---- identifiers in the text --------------------------------------------------------------- */

static bool is_ident_char(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
         || c == '$' || c >= 0x80;
}

/* Bytes of the identifier starting at byte COL of LINE (S, N bytes); when none starts there,
 * the bytes of the character there (0 at the end of the line). */
static uint32_t name_length(const char *s, size_t n, uint32_t col)
{
  if (col >= n)
    return 0;
  size_t i = col;
  while (i < n && is_ident_char((unsigned char)s[i]))
    i++;
  if (i > col)
    return (uint32_t)(i - col);
  uint32_t cp;
  return (uint32_t)utf8_char((const unsigned char *)s + col, n - col, &cp);
}

/* True when TOKEN (LEN bytes) occurs at byte COL of LINE (S, N bytes) as a whole identifier. */
static bool token_at(const char *s, size_t n, uint32_t col, const char *token, size_t len)
{
  return col + len <= n && memcmp(s + col, token, len) == 0
         && (col == 0 || !is_ident_char((unsigned char)s[col - 1]))
         && (col + len == n || !is_ident_char((unsigned char)s[col + len]));
}

/* The occurrence of TOKEN on LINE nearest to byte column NEAR: its column in *COL.  Returns
 * false when TOKEN does not occur there as a whole identifier. */
static bool find_on_line(const struct document *doc, uint32_t line, const char *token,
                         uint32_t near, uint32_t *col)
{
  size_t n, len = strlen(token);
  const char *s = document_line(doc, line, &n);
  bool found = false;
  uint32_t best = 0, best_dist = 0;
  if (!s || len == 0)
    return false;
  for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), token, len)); p++) {
    uint32_t c = (uint32_t)(p - s);
    if (!token_at(s, n, c, token, len))
      continue;
    uint32_t dist = c > near ? c - near : near - c;
    if (!found || dist < best_dist) {
      found = true;
      best = c;
      best_dist = dist;
    }
  }
  *col = best;
  return found;
}

/* The nearest occurrence of TOKEN to (LINE, COL) within lines FIRST..LAST (clamped to the
 * text): the nearest line first, below before above at equal distance.  Returns false when
 * there is none. */
static bool find_near(const struct document *doc, const char *token, uint32_t line, uint32_t col,
                      uint32_t first, uint32_t last, uint32_t *found_line, uint32_t *found_col)
{
  if (!token || doc->nlines == 0)
    return false;
  if (last >= doc->nlines)
    last = (uint32_t)(doc->nlines - 1);
  if (line > last)
    line = last;
  if (line < first)
    line = first;
  for (uint32_t d = 0; line + d <= last || line >= first + d; d++) {
    if (line + d <= last && find_on_line(doc, line + d, token, col, found_col)) {
      *found_line = line + d;
      return true;
    }
    if (d > 0 && line >= first + d && find_on_line(doc, line - d, token, col, found_col)) {
      *found_line = line - d;
      return true;
    }
  }
  return false;
}

/* The occurrence of TOKEN lying wholly between FROM and TO (byte positions) nearest to (LINE,
 * COL).  Returns false when there is none. */
static bool find_in_range(const struct document *doc, const char *token, struct lsp_position from,
                          struct lsp_position to, uint32_t line, uint32_t col,
                          uint32_t *found_line, uint32_t *found_col)
{
  size_t len = token ? strlen(token) : 0;
  bool found = false;
  uint64_t best = 0;
  if (len == 0)
    return false;
  for (uint32_t l = from.line; l <= to.line && l < doc->nlines; l++) {
    size_t n;
    const char *s = document_line(doc, l, &n);
    size_t lo = l == from.line ? from.character : 0;
    size_t hi = l == to.line ? (to.character < n ? to.character : n) : n;
    for (size_t c = lo; c + len <= hi; c++) {
      if (!token_at(s, n, (uint32_t)c, token, len))
        continue;
      uint64_t dl = l > line ? l - line : line - l, dc = c > col ? c - col : col - c;
      uint64_t dist = dl << 32 | dc;
      if (!found || dist < best) {
        found = true;
        best = dist;
        *found_line = l;
        *found_col = (uint32_t)c;
      }
    }
  }
  return found;
}

/* The identifier a fact's name is spelled with at its location: the last identifier of NAME
 * once template arguments, parameter lists and "[]" are removed ("ns::S::get(int)" -> "get",
 * "operator new[]" -> "new"); for "this", the member function's name.  Returns a malloc'd
 * string, or NULL when there is none ("(compound literal)") or memory runs out. */
static char *name_token(const struct esc_fact *f)
{
  const char *name = f->name;
  if (f->subject == ESC_SUBJECT_PARAM && name && strcmp(name, "this") == 0)
    name = f->function;
  if (!name)
    return NULL;
  size_t n = strlen(name), out = 0;
  char *flat = malloc(n + 1);
  int depth = 0;
  if (!flat)
    return NULL;
  for (size_t i = 0; i < n; i++) { /* drop what is inside (), <> and [] */
    char c = name[i];
    if (c == '(' || c == '<' || c == '[')
      depth++;
    else if ((c == ')' || c == '>' || c == ']') && depth > 0)
      depth--;
    else if (depth == 0)
      flat[out++] = c;
  }
  flat[out] = '\0';
  size_t end = out;
  while (end > 0 && !is_ident_char((unsigned char)flat[end - 1]))
    end--;
  size_t start = end;
  while (start > 0 && is_ident_char((unsigned char)flat[start - 1]))
    start--;
  char *token = NULL;
  if (end > start && !(flat[start] >= '0' && flat[start] <= '9')) {
    token = malloc(end - start + 1);
    if (token) {
      memcpy(token, flat + start, end - start);
      token[end - start] = '\0';
    }
  }
  free(flat);
  return token;
}

/* ---- placing ------------------------------------------------------------------------------- */

static uint32_t recorded_line(const struct esc_fact *f)
{
  return f->line > 0 ? f->line - 1 : 0;
}

static uint32_t recorded_col(const struct esc_fact *f)
{
  return f->column > 0 ? f->column - 1 : 0;
}

static void set_token(struct located_fact *lf, char *token)
{
  free(lf->token);
  lf->token = token;
}

/* Puts LF at (LINE, COL), measuring its name there. */
static void put(struct located_fact *lf, const struct document *doc, uint32_t line, uint32_t col)
{
  size_t n;
  const char *s = document_line(doc, line, &n);
  lf->line = line;
  lf->col = s ? (col <= n ? col : (uint32_t)n) : 0;
  lf->len = s ? name_length(s, n, lf->col) : 0;
  lf->dropped = !s;
}

/* Places LF where the compile put it; its token becomes the identifier found there.  When the
 * compile's column is on no identifier (GCC puts a C++ new-expression at its closing
 * parenthesis), the fact goes to its name's nearest occurrence on that line, if any: "new". */
static void place_exact(struct located_fact *lf, const struct document *doc)
{
  size_t n;
  uint32_t col;
  put(lf, doc, recorded_line(&lf->fact), recorded_col(&lf->fact));
  const char *s = document_line(doc, lf->line, &n);
  if (!lf->dropped && s && (lf->col >= n || !is_ident_char((unsigned char)s[lf->col]))) {
    char *name = name_token(&lf->fact);
    if (name && find_on_line(doc, lf->line, name, lf->col, &col))
      put(lf, doc, lf->line, col);
    free(name);
  }
  char *token = NULL;
  if (!lf->dropped && s && lf->len > 0 && is_ident_char((unsigned char)s[lf->col])) {
    token = malloc(lf->len + 1);
    if (token) {
      memcpy(token, s + lf->col, lf->len);
      token[lf->len] = '\0';
    }
  }
  set_token(lf, token ? token : name_token(&lf->fact));
}

/* A fact placed by looking for its name: where it should be, and the shifts (in lines, from
 * -RELOCATE_RADIUS to +RELOCATE_RADIUS) at which its name sits exactly at its recorded column. */
#define SHIFTS (2 * RELOCATE_RADIUS + 1)
struct relocation {
  struct located_fact *lf;
  uint32_t line, col;
  uint64_t shifts[(SHIFTS + 63) / 64];
};

static bool has_shift(const struct relocation *r, int k)
{
  return r->shifts[k / 64] >> (k % 64) & 1;
}

/* Prefers shift index A over B at equal votes: the smaller move, down before up. */
static bool better_shift(int a, int b)
{
  int da = a - RELOCATE_RADIUS, db = b - RELOCATE_RADIUS;
  int ma = da < 0 ? -da : da, mb = db < 0 ? -db : db;
  return ma < mb || (ma == mb && da > db);
}

/* Places the facts R[0..N), whose file changed since their compile, by their names.  Edits
 * that add or remove lines move many facts by the same number of lines, and a name rarely
 * moves sideways, so: every shift at which a fact's name sits at its recorded column is a vote
 * for that shift; each fact takes, among its own shifts, the one most facts voted for (the
 * smaller one at equal votes).  A fact whose name is nowhere at its column (its line was edited)
 * takes the occurrence nearest to where the most voted shift puts it.  Not found: dropped. */
static void relocate_by_name(struct document *doc, struct relocation *r, size_t n)
{
  unsigned votes[SHIFTS] = { 0 };
  for (size_t i = 0; i < n; i++) {
    struct located_fact *lf = r[i].lf;
    size_t len = lf->token ? strlen(lf->token) : 0;
    memset(r[i].shifts, 0, sizeof r[i].shifts);
    for (int k = 0; len > 0 && k < SHIFTS; k++) {
      int64_t l = (int64_t)r[i].line + k - RELOCATE_RADIUS;
      size_t linelen;
      const char *text = l >= 0 ? document_line(doc, (uint32_t)l, &linelen) : NULL;
      if (text && token_at(text, linelen, r[i].col, lf->token, len)) {
        r[i].shifts[k / 64] |= (uint64_t)1 << (k % 64);
        votes[k]++;
      }
    }
  }
  int mode = RELOCATE_RADIUS;
  for (int k = 0; k < SHIFTS; k++)
    if (votes[k] > votes[mode] || (votes[k] == votes[mode] && better_shift(k, mode)))
      mode = k;
  for (size_t i = 0; i < n; i++) {
    struct located_fact *lf = r[i].lf;
    int best = -1;
    for (int k = 0; k < SHIFTS; k++)
      if (has_shift(&r[i], k)
          && (best < 0 || votes[k] > votes[best] || (votes[k] == votes[best] && better_shift(k, best))))
        best = k;
    if (best >= 0) {
      put(lf, doc, (uint32_t)((int64_t)r[i].line + best - RELOCATE_RADIUS), r[i].col);
      continue;
    }
    uint32_t first = r[i].line > RELOCATE_RADIUS ? r[i].line - RELOCATE_RADIUS : 0, fl, fc;
    int64_t center = (int64_t)r[i].line + mode - RELOCATE_RADIUS;
    if (find_near(doc, lf->token, center < 0 ? 0 : (uint32_t)center, r[i].col, first,
                  r[i].line + RELOCATE_RADIUS, &fl, &fc)) {
      put(lf, doc, fl, fc);
    } else {
      lf->dropped = true;
      log_debug("fact '%s' (%s) at %u:%u: name not found near line %u: dropped", lf->fact.name,
                esc_code_name(lf->fact.code), lf->fact.line, lf->fact.column, r[i].line + 1);
    }
  }
}

/* Same code, name, line and column: copies of one fact. */
static int compare_identity(const struct esc_fact *a, const struct esc_fact *b)
{
  return esc_fact_compare_place(a, b);
}

static int compare_copies(const void *x, const void *y)
{
  const struct located_fact *a = x, *b = y;
  int c = compare_identity(&a->fact, &b->fact);
  return c ? c : (a->entry > b->entry) - (a->entry < b->entry);
}

static int compare_with_located(const void *key, const void *elem)
{
  return compare_identity(key, &((const struct located_fact *)elem)->fact);
}

/* The fact of PREVIOUS (placed, so sorted and with one copy of each fact) that is LF from the
 * same compiled content, or NULL. */
static const struct located_fact *same_in(const struct fact_set *previous,
                                          const struct fact_set *set,
                                          const struct located_fact *lf)
{
  if (!previous || previous->nfacts == 0)
    return NULL;
  const struct located_fact *p = bsearch(&lf->fact, previous->facts, previous->nfacts,
                                         sizeof *previous->facts, compare_with_located);
  if (p && strcmp(previous->entries[p->entry].hash, set->entries[lf->entry].hash) == 0)
    return p;
  return NULL;
}

void fact_set_place(struct fact_set *set, struct document *doc, const struct fact_set *previous)
{
  if (set->nfacts > 1) { /* one copy of each fact, the newest entry's */
    qsort(set->facts, set->nfacts, sizeof *set->facts, compare_copies);
    size_t kept = 0;
    for (size_t i = 0; i < set->nfacts; i++) {
      if (kept > 0 && compare_identity(&set->facts[kept - 1].fact, &set->facts[i].fact) == 0) {
        esc_fact_free(&set->facts[i].fact);
        free(set->facts[i].token);
        continue;
      }
      set->facts[kept++] = set->facts[i];
    }
    set->nfacts = kept;
  }
  if (set->nfacts == 0) {
    fact_set_suppress(set, doc);
    return; /* and the text's hash is not needed (it may still be being computed) */
  }
  const char *now = document_hash(doc);
  struct relocation *moved = NULL;
  size_t nmoved = 0;
  for (size_t i = 0; i < set->nfacts; i++) {
    struct located_fact *lf = &set->facts[i];
    const char *hash = set->entries[lf->entry].hash;
    const struct located_fact *p = same_in(previous, set, lf);
    if (p) {
      lf->guessed = p->guessed;
      lf->line = p->line;
      lf->col = p->col;
      lf->len = p->len;
      lf->dropped = p->dropped;
      set_token(lf, p->token ? esc_strdup(p->token) : NULL);
      continue;
    }
    if (!hash[0] || strcmp(hash, now) == 0) {
      lf->guessed = false;
      place_exact(lf, doc);
      continue;
    }
    /* the file changed since this compile: by name, from where its line went if known */
    set_token(lf, name_token(&lf->fact));
    if (!moved && !(moved = malloc(set->nfacts * sizeof *moved))) {
      lf->dropped = true; /* out of memory: better no fact than a misplaced one */
      continue;
    }
    struct relocation *r = &moved[nmoved++];
    bool touched;
    r->lf = lf;
    r->line = recorded_line(&lf->fact);
    r->col = recorded_col(&lf->fact);
    lf->guessed = !document_map_line(doc, hash, r->line, &r->line, &touched);
  }
  if (nmoved > 0)
    relocate_by_name(doc, moved, nmoved);
  free(moved);
  fact_set_suppress(set, doc);
}

/* ---- edits --------------------------------------------------------------------------------- */

void fact_set_apply_edit(struct fact_set *set, struct document *doc, const struct text_edit *e)
{
  for (size_t i = 0; i < set->nfacts; i++) {
    struct located_fact *lf = &set->facts[i];
    if (lf->dropped)
      continue;
    bool ends_before = e->end_line < lf->line || (e->end_line == lf->line && e->end_col <= lf->col);
    bool starts_after = e->start_line > lf->line
                        || (e->start_line == lf->line && e->start_col >= lf->col + lf->len);
    if (ends_before) {
      if (e->end_line == lf->line)
        lf->col = (e->new_lines == 0 ? e->start_col + e->new_last_len : e->new_last_len)
                  + (lf->col - e->end_col);
      lf->line = lf->line - (e->end_line - e->start_line) + e->new_lines;
    } else if (!starts_after) {
      /* the edit touched the name: look for it only in the text the edit inserted */
      struct lsp_position from = { e->start_line, e->start_col };
      struct lsp_position to = { e->start_line + e->new_lines,
                                 e->new_lines ? e->new_last_len : e->start_col + e->new_last_len };
      uint32_t fl, fc;
      if (find_in_range(doc, lf->token, from, to, lf->line, lf->col, &fl, &fc)) {
        put(lf, doc, fl, fc);
      } else {
        lf->dropped = true;
        log_debug("fact '%s' (%s): its name was edited away: dropped", lf->fact.name,
                  esc_code_name(lf->fact.code));
      }
    }
  }
}

void fact_set_after_change(struct fact_set *set, struct document *doc)
{
  const char *now = document_hash(doc);
  for (size_t i = 0; i < set->nfacts; i++) {
    struct located_fact *lf = &set->facts[i];
    const char *hash = set->entries[lf->entry].hash;
    size_t n;
    const char *s;
    if (hash[0] && strcmp(hash, now) == 0) {
      lf->guessed = false;
      place_exact(lf, doc);
      continue;
    }
    if (lf->dropped || !lf->token)
      continue;
    s = document_line(doc, lf->line, &n);
    if (s && token_at(s, n, lf->col, lf->token, strlen(lf->token)))
      continue;
    /* something typed right against the name changed it: the name on that line, or nothing */
    uint32_t col;
    if (s && find_on_line(doc, lf->line, lf->token, lf->col, &col))
      put(lf, doc, lf->line, col);
    else
      lf->dropped = true;
  }
  fact_set_suppress(set, doc);
}

/* Adds the 1-based lines, in DOC now, of LF's N steps of FLOW that are in DOC. */
static size_t step_lines(const struct located_fact *lf, const struct esc_step *flow, size_t n,
                         const struct document *doc, unsigned *lines, size_t count, size_t cap)
{
  for (size_t i = 0; i < n && count < cap; i++) {
    uint32_t line, col;
    if (fact_step_place(lf, &flow[i], doc, &line, &col))
      lines[count++] = line + 1;
  }
  return count;
}

void fact_set_suppress(struct fact_set *set, struct document *doc)
{
  if (esc_suppressions_scan(&set->suppressions, doc->text, doc->len) != 0)
    log_error("out of memory finding escinfo-ignore comments: %zu found",
              set->suppressions.n);
  for (size_t i = 0; i < set->nfacts; i++) {
    struct located_fact *lf = &set->facts[i];
    unsigned lines[64];
    size_t n = 0;
    lf->suppressed = NULL;
    if (!set->suppressions.n || lf->dropped)
      continue;
    lines[n++] = lf->line + 1;
    n = step_lines(lf, lf->fact.flow, lf->fact.nflow, doc, lines, n, 64);
    for (size_t r = 0; r < lf->fact.nroutes; r++)
      n = step_lines(lf, lf->fact.routes[r].flow, lf->fact.routes[r].nflow, doc, lines, n, 64);
    lf->suppressed = esc_suppressions_match(&set->suppressions, lines, n, lf->fact.code);
  }
}

const char *fact_freshness_name(enum fact_freshness f)
{
  static const char *const names[] = { "fresh", "relocated", "stale", "unknown" };
  return names[f];
}

enum fact_freshness fact_freshness(const struct fact_set *set, const struct located_fact *lf,
                                   struct document *doc)
{
  if (!set->entries[lf->entry].hash[0])
    return FACT_UNKNOWN;
  if (!fact_set_entry_stale(set, lf->entry, doc))
    return FACT_FRESH;
  return lf->guessed ? FACT_STALE : FACT_RELOCATED;
}

bool fact_set_entry_stale(const struct fact_set *set, size_t entry, struct document *doc)
{
  const char *hash = set->entries[entry].hash;
  return hash[0] && strcmp(hash, document_hash(doc)) != 0;
}

bool fact_step_place(const struct located_fact *lf, const struct esc_step *step,
                     const struct document *doc, uint32_t *line, uint32_t *col)
{
  uint32_t l = step->line > 0 ? step->line - 1 : 0;
  *col = step->column > 0 ? step->column - 1 : 0;
  if (!doc->canonical || !step->file || strcmp(step->file, doc->canonical) != 0) {
    *line = l;
    return false;
  }
  int64_t moved = (int64_t)l + ((int64_t)lf->line - (int64_t)recorded_line(&lf->fact));
  if (moved < 0)
    moved = 0;
  if (moved >= (int64_t)doc->nlines)
    moved = (int64_t)doc->nlines - 1;
  *line = (uint32_t)moved;
  return true;
}

/* ---- facts carried by an object ----------------------------------------------------------- */

uint64_t fact_file_stamp(const char *path)
{
  struct stat st;
  if (!path || stat(path, &st) != 0)
    return 0;
  uint64_t parts[4] = { (uint64_t)st.st_ino, (uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
                        (uint64_t)st.st_mtim.tv_nsec };
  uint64_t h = esc_fnv1a64(ESC_FNV_BASIS, parts, sizeof parts);
  return h ? h : 1;
}

struct object_read {
  struct fact_set *set;
  const char *canonical, *object;
  esc_cache_warn_fn warn; /* NULL: problems are logged */
  void *warn_ctx;
  size_t added;
  bool failed;
};

static int object_record(void *ctx, size_t offset, struct esc_tu *tu,
                         const struct esc_record_header *h)
{
  struct object_read *r = ctx;
  (void)offset, (void)h;
  if (!esc_tu_mentions_file(tu, r->canonical))
    return 0;
  if (fact_set_add_entry(r->set, tu, r->canonical) != 0) {
    r->failed = true;
    return 1;
  }
  r->added++;
  return 0;
}

static void object_warn(struct object_read *r, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
static void object_warn(struct object_read *r, const char *fmt, ...)
{
  char text[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (r->warn)
    r->warn(r->warn_ctx, NULL, text);
  else
    log_warn("%s", text);
}

static void object_bad_record(void *ctx, size_t offset, const char *reason)
{
  object_warn(ctx, "a record at byte %zu of the .escinfo section of '%s': %s", offset,
              ((struct object_read *)ctx)->object, reason);
}

static int object_section(void *ctx, const char *member, const unsigned char *data, size_t len)
{
  char err[256];
  (void)member;
  return esc_records_parse(data, len, object_record, object_bad_record, ctx, err, sizeof err) < 0;
}

static void object_problem(void *ctx, const char *member, const char *reason)
{
  object_warn(ctx, "reading '%s'%s%s: %s", ((struct object_read *)ctx)->object,
              member ? ", member " : "", member ? member : "", reason);
}

size_t fact_set_read_object(struct fact_set *set, const char *object, const char *canonical,
                            esc_cache_warn_fn warn, void *warn_ctx, char *why, size_t whylen)
{
  const unsigned char *data;
  size_t len;
  char err[512];
  enum esc_objfile_kind kind;
  struct object_read r = { set, canonical, object, warn, warn_ctx, 0, false };
  if (why && whylen)
    why[0] = 0;
  if (esc_objfile_map(object, &data, &len, err, sizeof err) != 0) {
    if (why)
      snprintf(why, whylen, "%s", err);
    return 0;
  }
  uint64_t stamp = fact_file_stamp(object);
  esc_objfile_sections(data, len, &kind, object_section, object_problem, &r);
  esc_objfile_unmap(data, len);
  if (r.failed)
    object_warn(&r, "out of memory reading the facts of '%s'", object);
  if (r.added == 0) {
    if (why)
      snprintf(why, whylen, "'%s' carries no facts for the file", object);
    return 0;
  }
  free(set->object);
  set->object = esc_strdup(object);
  set->object_stamp = stamp;
  return r.added;
}

size_t fact_set_load_object(struct fact_set *set, const char *object, struct document *doc,
                            char *why, size_t whylen)
{
  if (!doc->canonical) {
    if (why)
      snprintf(why, whylen, "not a local file");
    return 0;
  }
  size_t n = fact_set_read_object(set, object, doc->canonical, NULL, NULL, why, whylen);
  if (n)
    fact_set_place(set, doc, NULL);
  return n;
}

bool fact_set_all_stale(const struct fact_set *set, struct document *doc)
{
  for (size_t e = 0; e < set->nentries; e++)
    if (!fact_set_entry_stale(set, e, doc))
      return false;
  return set->nentries > 0;
}

size_t fact_set_prefer_object(struct fact_set *set, const char *object, struct document *doc,
                              char *why, size_t whylen)
{
  struct fact_set alt;
  fact_set_init(&alt);
  size_t n = fact_set_load_object(&alt, object, doc, why, whylen);
  for (size_t e = 0; n && e < alt.nentries; e++)
    if (!alt.entries[e].hash[0] || fact_set_entry_stale(&alt, e, doc)) {
      if (why)
        snprintf(why, whylen, "'%s' is of another text too", object);
      n = 0;
    }
  if (!n) {
    fact_set_free(&alt);
    return 0;
  }
  alt.signature = set->signature;
  fact_set_free(set);
  *set = alt;
  return n;
}
