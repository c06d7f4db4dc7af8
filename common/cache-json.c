/* cache-json.c - one cache entry as JSON: writes and strictly validates the schema of docs/cache-format.md. */
#include "cache.h"
#include "json-reader.h"
#include "text.h"

#include <errno.h>
#include <unistd.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- writing ------------------------------------------------------------------------------ */

/* The writer produces the text jansson's compact dump would (members in this order), straight
 * into a text buffer: no tree per fact.  Strings that are not UTF-8 get U+FFFD for their bad
 * bytes (text.c). */

void esc_time_iso(int64_t t, char out[ESC_TIME_ISO_SIZE])
{
  struct tm tm;
  time_t tt = (time_t)t;
  out[0] = '\0';
  if ((int64_t)tt != t || !gmtime_r(&tt, &tm))
    return;
  if (strftime(out, ESC_TIME_ISO_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    out[0] = '\0';
}

/* A string member: ,"KEY":"VALUE" (FIRST: no comma); NULL values are written as "". */
static void put_string(struct esc_text *t, const char *key, const char *value, bool first)
{
  esc_text_json_key(t, key, first);
  esc_text_json_string(t, value ? value : "");
}

static void put_int(struct esc_text *t, const char *key, int64_t value, bool first)
{
  esc_text_json_key(t, key, first);
  esc_text_json_int(t, value);
}

static void put_bool(struct esc_text *t, const char *key, bool value)
{
  esc_text_json_key(t, key, false);
  esc_text_adds(t, value ? "true" : "false");
}

/* "file", "line" and "column" members, FILE's first unless FIRST is false. */
static void put_location(struct esc_text *t, const char *file, unsigned line, unsigned column,
                         bool first)
{
  put_string(t, "file", file, first);
  put_int(t, "line", line, false);
  put_int(t, "column", column, false);
}

/* ,"flow":[steps] */
static void put_flow(struct esc_text *t, const struct esc_step *flow, size_t n)
{
  esc_text_json_key(t, "flow", false);
  esc_text_addc(t, '[');
  for (size_t i = 0; i < n; i++) {
    if (i)
      esc_text_addc(t, ',');
    esc_text_addc(t, '{');
    put_location(t, flow[i].file, flow[i].line, flow[i].column, true);
    put_string(t, "message", flow[i].message, false);
    esc_text_addc(t, '}');
  }
  esc_text_addc(t, ']');
}

void esc_fact_write_json(struct esc_text *t, const struct esc_fact *fact)
{
  esc_text_addc(t, '{');
  put_string(t, "subject", esc_subject_name(fact->subject), true);
  put_string(t, "code", esc_code_name(fact->code), false);
  put_string(t, "name", fact->name, false);
  put_string(t, "function", fact->function, false);
  put_location(t, fact->file, fact->line, fact->column, false);
  if (fact->spelling_file) {
    esc_text_json_key(t, "spelling", false);
    esc_text_addc(t, '{');
    put_location(t, fact->spelling_file, fact->spelling_line, fact->spelling_column, true);
    esc_text_addc(t, '}');
  }
  put_bool(t, "dangling", fact->dangling);
  if (fact->by_callee)
    put_bool(t, "by_callee", true);
  put_string(t, "message", fact->message, false);
  if (fact->note)
    put_string(t, "note", fact->note, false);
  if (fact->value >= 0)
    put_int(t, "value", fact->value, false);
  put_flow(t, fact->flow, fact->nflow);
  if (fact->nroutes) {
    esc_text_json_key(t, "routes", false);
    esc_text_addc(t, '[');
    for (size_t i = 0; i < fact->nroutes; i++) {
      const struct esc_fact_route *rt = &fact->routes[i];
      if (i)
        esc_text_addc(t, ',');
      esc_text_addc(t, '{');
      put_string(t, "code", esc_code_name(rt->code), true);
      put_bool(t, "dangling", rt->dangling);
      put_string(t, "message", rt->message, false);
      put_flow(t, rt->flow, rt->nflow);
      esc_text_addc(t, '}');
    }
    esc_text_addc(t, ']');
  }
  esc_text_addc(t, '}');
}

/* The entry's members before "sources": schema, producer, gcc, tu, time, time_iso. */
static void put_header(struct esc_text *t, const struct esc_tu *tu)
{
  char iso[ESC_TIME_ISO_SIZE];
  esc_time_iso(tu->compile_time, iso);
  esc_text_addc(t, '{');
  put_int(t, "schema", ESC_SCHEMA_VERSION, true);
  put_string(t, "producer", tu->producer, false);
  put_string(t, "gcc", tu->gcc_version, false);
  esc_text_json_key(t, "tu", false);
  esc_text_addc(t, '{');
  put_string(t, "main", tu->main_file, true);
  put_string(t, "output", tu->output, false);
  put_string(t, "cwd", tu->cwd, false);
  put_string(t, "language", tu->language, false);
  esc_text_json_key(t, "args", false);
  esc_text_addc(t, '[');
  for (size_t i = 0; i < tu->nargs; i++) {
    if (i)
      esc_text_addc(t, ',');
    esc_text_json_string(t, tu->args[i] ? tu->args[i] : "");
  }
  esc_text_addc(t, ']');
  if (tu->analysis_only)
    esc_text_adds(t, ",\"analysis_only\":true");
  esc_text_addc(t, '}');
  put_int(t, "time", tu->compile_time, false);
  put_string(t, "time_iso", iso, false);
}

/* Where the writer puts text: a buffer, flushed to FD (when >= 0) as it passes FLUSH_AT, so
 * that writing a unit with thousands of facts takes bounded memory. */
struct sink {
  struct esc_text t;
  int fd;
  bool write_failed;
};

enum { FLUSH_AT = 64 * 1024 };

static void flush(struct sink *k)
{
  size_t done = 0;
  while (!k->write_failed && !k->t.failed && done < k->t.len) {
    ssize_t n = write(k->fd, k->t.s + done, k->t.len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = ENOSPC;
      k->write_failed = true;
    } else
      done += (size_t)n;
  }
  k->t.len = 0;
}

static void maybe_flush(struct sink *k)
{
  if (k->fd >= 0 && k->t.len > FLUSH_AT)
    flush(k);
}

/* TU's entry into K, one source and one fact at a time. */
static void write_tu(struct sink *k, const struct esc_tu *tu)
{
  struct esc_text *t = &k->t;
  put_header(t, tu);
  esc_text_adds(t, ",\"sources\":[");
  for (size_t i = 0; i < tu->nsources; i++) {
    const struct esc_source *src = &tu->sources[i];
    if (i)
      esc_text_addc(t, ',');
    esc_text_addc(t, '{');
    put_string(t, "path", src->path, true);
    esc_text_json_key(t, "hash", false);
    esc_text_json_string(t, src->hash); /* NULL: null */
    put_int(t, "size", src->size < 0 ? -1 : src->size, false);
    esc_text_addc(t, '}');
  }
  esc_text_adds(t, "],\"facts\":[");
  for (size_t i = 0; i < tu->nfacts; i++) {
    if (i)
      esc_text_addc(t, ',');
    esc_fact_write_json(t, &tu->facts[i]);
    maybe_flush(k);
  }
  esc_text_adds(t, "]}\n");
}

char *esc_tu_to_json_text(const struct esc_tu *tu)
{
  struct sink k = { .fd = -1 };
  esc_text_init(&k.t);
  write_tu(&k, tu);
  return esc_text_take(&k.t, NULL);
}

int esc_tu_write_json(int fd, const struct esc_tu *tu)
{
  struct sink k = { .fd = fd };
  esc_text_init(&k.t);
  write_tu(&k, tu);
  if (!k.t.failed)
    flush(&k);
  bool failed = k.t.failed || k.write_failed;
  if (k.t.failed)
    errno = ENOMEM;
  esc_text_free(&k.t);
  return failed ? -1 : 0;
}

/* ---- reading ------------------------------------------------------------------------------ */

/* The entry is read in one pass with the pull reader (json-reader.h), without a tree.  Members
 * may come in any order; unknown ones are skipped (checked as JSON all the same); each known
 * one may appear once; the required ones are checked at the end of their object.  "schema" is
 * the first member the writer puts, so an entry of another version is named as such before any
 * other member of it is looked at.
 *
 * The read_* functions return 0, or -1 with the reason in the pull reader.  Strings they copy
 * into the entry are malloc'd and owned by it; on failure what was read so far stays in the
 * entry, and esc_tu_from_json_text frees it all with esc_tu_free. */

/* Where a value is, for reasons: built on the stack as the reader descends and only formatted
 * when something is wrong ("facts[3].flow[0].line"). */
struct path {
  const struct path *up;
  const char *key; /* NULL: an array element, INDEX */
  size_t index;
};

#define FIELD_NAME_SIZE 160

static void format_path(const struct path *p, char *out, size_t size)
{
  if (!p) {
    if (size)
      out[0] = '\0';
    return;
  }
  format_path(p->up, out, size);
  size_t n = strlen(out);
  if (n + 1 >= size)
    return;
  int w = p->key ? snprintf(out + n, size - n, "%s%s", n ? "." : "", p->key)
                 : snprintf(out + n, size - n, "[%zu]", p->index);
  if (w >= 0 && (size_t)w >= size - n && size >= 4)
    memcpy(out + size - 4, "...", 4);
}

/* Fails the reader with "'PATH' " followed by the formatted reason; returns -1. */
static int fail_at(struct esc_json_reader *jr, const struct path *at, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
static int fail_at(struct esc_json_reader *jr, const struct path *at, const char *fmt, ...)
{
  char name[FIELD_NAME_SIZE], why[ESC_JSON_ERROR_SIZE];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  format_path(at, name, sizeof name);
  esc_json_fail(jr, "'%s' %s", name, why);
  return -1;
}

/* Checks that the next value is of kind WANT (ESC_JSON_TRUE: any boolean). */
static int expect(struct esc_json_reader *jr, const struct path *at, enum esc_json_kind want)
{
  enum esc_json_kind k = esc_json_peek(jr);
  if (k == ESC_JSON_INVALID)
    return -1;
  if (k == want || (want == ESC_JSON_TRUE && k == ESC_JSON_FALSE))
    return 0;
  return fail_at(jr, at, "should be %s, not %s", esc_json_kind_phrase(want),
                 esc_json_kind_phrase(k));
}

static int read_string(struct esc_json_reader *jr, const struct path *at, char **out)
{
  if (expect(jr, at, ESC_JSON_STRING))
    return -1;
  return esc_json_string_dup(jr, out) ? 0 : -1;
}

/* A string or null (*OUT = NULL). */
static int read_nullable_string(struct esc_json_reader *jr, const struct path *at, char **out)
{
  enum esc_json_kind k = esc_json_peek(jr);
  *out = NULL;
  if (k == ESC_JSON_NULL)
    return esc_json_skip(jr) ? 0 : -1;
  if (k != ESC_JSON_STRING && k != ESC_JSON_INVALID)
    return fail_at(jr, at, "should be a string or null, not %s", esc_json_kind_phrase(k));
  return read_string(jr, at, out);
}

/* An integer in [MIN, MAX]. */
static int read_integer(struct esc_json_reader *jr, const struct path *at, int64_t min,
                        int64_t max, int64_t *out)
{
  int64_t n;
  if (expect(jr, at, ESC_JSON_INTEGER) || !esc_json_int64(jr, &n))
    return -1;
  if (n < min || n > max)
    return fail_at(jr, at, "is %lld, out of range (%lld to %lld)", (long long)n, (long long)min,
                   (long long)max);
  *out = n;
  return 0;
}

/* An integer in [0, UINT_MAX]: lines and columns. */
static int read_unsigned(struct esc_json_reader *jr, const struct path *at, unsigned *out)
{
  int64_t n;
  if (read_integer(jr, at, 0, UINT_MAX, &n))
    return -1;
  *out = (unsigned)n;
  return 0;
}

static int read_bool(struct esc_json_reader *jr, const struct path *at, bool *out)
{
  if (expect(jr, at, ESC_JSON_TRUE))
    return -1;
  return esc_json_bool(jr, out) ? 0 : -1;
}

/* A string naming one of an enum's values through FROM_NAME; WHAT names the enum. */
static int read_enum(struct esc_json_reader *jr, const struct path *at,
                     int (*from_name)(const char *), const char *what, int *out)
{
  const char *s;
  size_t len;
  if (expect(jr, at, ESC_JSON_STRING) || !esc_json_string(jr, &s, &len))
    return -1;
  int e = strlen(s) == len ? from_name(s) : -1;
  if (e < 0)
    return fail_at(jr, at, "is '%.60s', not a known %s", s, what);
  *out = e;
  return 0;
}

/* The members of one object: their names (at most 32), and which of them were seen. */
struct members {
  const char *const *names;
  unsigned seen;
};

/* Steps to the next member of the object at AT that is one of M's, skipping the others: its
 * index, -1 at the end of the object, -2 on failure (a duplicate included).  CHILD is filled
 * as the member's path. */
static int next_member(struct esc_json_reader *jr, const struct path *at, struct members *m,
                       struct path *child)
{
  const char *key;
  size_t klen;
  while (esc_json_next_member(jr, &key, &klen)) {
    for (int i = 0; m->names[i]; i++) {
      if (strncmp(m->names[i], key, klen) != 0 || m->names[i][klen] != '\0')
        continue;
      *child = (struct path){ at, m->names[i], 0 };
      if (m->seen & 1u << i) {
        fail_at(jr, child, "appears twice (duplicate object key)");
        return -2;
      }
      m->seen |= 1u << i;
      return i;
    }
    if (!esc_json_skip(jr))
      return -2;
  }
  return jr->failed ? -2 : -1;
}

/* After the object's end: the first of its members whose bit is in REQUIRED and that was not
 * seen is named as missing. */
static int check_required(struct esc_json_reader *jr, const struct path *at,
                          const struct members *m, unsigned required)
{
  for (int i = 0; m->names[i]; i++)
    if ((required & 1u << i) && !(m->seen & 1u << i)) {
      struct path child = { at, m->names[i], 0 };
      return fail_at(jr, &child, "is missing");
    }
  return 0;
}

/* Begins the object at AT after checking that it is one. */
static int begin_object(struct esc_json_reader *jr, const struct path *at)
{
  if (expect(jr, at, ESC_JSON_OBJECT))
    return -1;
  return esc_json_begin_object(jr) ? 0 : -1;
}

/* Reads the array at AT, calling ELEMENT for each element with its path and index. */
static int read_array(struct esc_json_reader *jr, const struct path *at,
                      int (*element)(struct esc_json_reader *, const struct path *, size_t, void *),
                      void *ctx)
{
  if (expect(jr, at, ESC_JSON_ARRAY) || !esc_json_begin_array(jr))
    return -1;
  for (size_t i = 0; esc_json_next_element(jr); i++) {
    struct path el = { at, NULL, i };
    if (element(jr, &el, i, ctx))
      return -1;
  }
  return jr->failed ? -1 : 0;
}

/* ---- locations and flows ---- */

enum { L_FILE, L_LINE, L_COLUMN, L_MESSAGE };
static const char *const step_names[] = { "file", "line", "column", "message", NULL };
#define LOCATION_REQUIRED (1u << L_FILE | 1u << L_LINE | 1u << L_COLUMN)

/* One location member (file, line or column) into FILE, LINE, COLUMN. */
static int read_location_member(struct esc_json_reader *jr, const struct path *at, int m,
                                char **file, unsigned *line, unsigned *column)
{
  switch (m) {
  case L_FILE: return read_string(jr, at, file);
  case L_LINE: return read_unsigned(jr, at, line);
  default: return read_unsigned(jr, at, column);
  }
}

/* An object holding a location ("spelling"), or a flow step (a location and a message). */
static int read_located(struct esc_json_reader *jr, const struct path *at, char **file,
                        unsigned *line, unsigned *column, char **message)
{
  struct members m = { step_names, 0 };
  struct path child;
  int i;
  if (begin_object(jr, at))
    return -1;
  while ((i = next_member(jr, at, &m, &child)) >= 0) {
    if (i == L_MESSAGE && !message) {
      if (!esc_json_skip(jr))
        return -1;
    } else if (i == L_MESSAGE ? read_string(jr, &child, message)
                              : read_location_member(jr, &child, i, file, line, column))
      return -1;
  }
  if (i == -2)
    return -1;
  return check_required(jr, at, &m, LOCATION_REQUIRED | (message ? 1u << L_MESSAGE : 0));
}

struct flow {
  struct esc_step **steps;
  size_t *n, cap;
};

static int read_step(struct esc_json_reader *jr, const struct path *at, size_t i, void *ctx)
{
  struct flow *fl = ctx;
  if (esc_grow((void **)fl->steps, *fl->n, &fl->cap, sizeof **fl->steps, 4) != 0) {
    esc_json_fail(jr, "out of memory");
    return -1;
  }
  struct esc_step *step = &(*fl->steps)[i];
  memset(step, 0, sizeof *step);
  *fl->n = i + 1; /* so esc_fact_free releases what this step got so far */
  return read_located(jr, at, &step->file, &step->line, &step->column, &step->message);
}

static int read_flow(struct esc_json_reader *jr, const struct path *at, struct esc_step **steps,
                     size_t *n)
{
  struct flow fl = { steps, n, 0 };
  return read_array(jr, at, read_step, &fl);
}

/* ---- facts ---- */

enum { R_CODE, R_DANGLING, R_MESSAGE, R_FLOW };
static const char *const route_names[] = { "code", "dangling", "message", "flow", NULL };

/* One element of a fact's "routes": another way its subject escapes. */
static int read_route(struct esc_json_reader *jr, const struct path *at, size_t i, void *ctx)
{
  struct esc_fact *f = ctx;
  struct members m = { route_names, 0 };
  struct path child;
  int k, code;
  (void)i;
  if (begin_object(jr, at))
    return -1;
  struct esc_fact_route *rt = esc_fact_add_route(f);
  if (!rt) {
    esc_json_fail(jr, "out of memory");
    return -1;
  }
  while ((k = next_member(jr, at, &m, &child)) >= 0) {
    switch (k) {
    case R_CODE:
      if (read_enum(jr, &child, esc_code_from_name, "fact code", &code))
        return -1;
      if (!esc_code_is_escape((enum esc_code)code))
        return fail_at(jr, &child, "is '%s', not an escape.* or leak.* code",
                       esc_code_name((enum esc_code)code));
      rt->code = (enum esc_code)code;
      break;
    case R_DANGLING:
      if (read_bool(jr, &child, &rt->dangling))
        return -1;
      break;
    case R_MESSAGE:
      if (read_string(jr, &child, &rt->message))
        return -1;
      break;
    case R_FLOW:
      if (read_flow(jr, &child, &rt->flow, &rt->nflow))
        return -1;
      break;
    }
  }
  if (k == -2)
    return -1;
  return check_required(jr, at, &m, 0xFu);
}

enum {
  F_SUBJECT, F_CODE, F_NAME, F_FUNCTION, F_FILE, F_LINE, F_COLUMN, F_DANGLING, F_MESSAGE,
  F_SPELLING, F_NOTE, F_VALUE, F_FLOW, F_ROUTES, F_BY_CALLEE
};
static const char *const fact_names[] = {
  "subject", "code", "name", "function", "file", "line", "column", "dangling", "message",
  "spelling", "note", "value", "flow", "routes", "by_callee", NULL
};
#define FACT_REQUIRED                                                                           \
  (1u << F_SUBJECT | 1u << F_CODE | 1u << F_NAME | 1u << F_FUNCTION | 1u << F_FILE              \
   | 1u << F_LINE | 1u << F_COLUMN | 1u << F_DANGLING | 1u << F_MESSAGE | 1u << F_FLOW)

static int read_fact_member(struct esc_json_reader *jr, const struct path *at, int k,
                            struct esc_fact *f)
{
  int e;
  switch (k) {
  case F_SUBJECT:
    if (read_enum(jr, at, esc_subject_from_name, "subject", &e))
      return -1;
    f->subject = (enum esc_subject)e;
    return 0;
  case F_CODE:
    if (read_enum(jr, at, esc_code_from_name, "fact code", &e))
      return -1;
    f->code = (enum esc_code)e;
    return 0;
  case F_NAME: return read_string(jr, at, &f->name);
  case F_FUNCTION: return read_string(jr, at, &f->function);
  case F_FILE: return read_string(jr, at, &f->file);
  case F_LINE: return read_unsigned(jr, at, &f->line);
  case F_COLUMN: return read_unsigned(jr, at, &f->column);
  case F_DANGLING: return read_bool(jr, at, &f->dangling);
  case F_MESSAGE: return read_string(jr, at, &f->message);
  case F_SPELLING:
    return read_located(jr, at, &f->spelling_file, &f->spelling_line, &f->spelling_column, NULL);
  case F_NOTE: return read_string(jr, at, &f->note);
  case F_VALUE: return read_integer(jr, at, 0, INT64_MAX, &f->value);
  case F_FLOW: return read_flow(jr, at, &f->flow, &f->nflow);
  case F_BY_CALLEE: return read_bool(jr, at, &f->by_callee);
  default: return read_array(jr, at, read_route, f);
  }
}

/* One element of "facts". */
static int read_fact(struct esc_json_reader *jr, const struct path *at, size_t i, void *ctx)
{
  struct esc_tu *tu = ctx;
  struct members m = { fact_names, 0 };
  struct path child;
  int k;
  (void)i;
  if (begin_object(jr, at))
    return -1;
  struct esc_fact *f = esc_tu_add_fact(tu);
  if (!f) {
    esc_json_fail(jr, "out of memory");
    return -1;
  }
  while ((k = next_member(jr, at, &m, &child)) >= 0)
    if (read_fact_member(jr, &child, k, f))
      return -1;
  if (k == -2)
    return -1;
  return check_required(jr, at, &m, FACT_REQUIRED);
}

/* ---- the entry ---- */

enum { S_PATH, S_HASH, S_SIZE };
static const char *const source_names[] = { "path", "hash", "size", NULL };

struct sources {
  struct esc_tu *tu;
  size_t cap;
};

static int read_source(struct esc_json_reader *jr, const struct path *at, size_t i, void *ctx)
{
  struct sources *ss = ctx;
  struct esc_tu *tu = ss->tu;
  struct members m = { source_names, 0 };
  struct path child;
  int k;
  if (begin_object(jr, at))
    return -1;
  if (esc_grow((void **)&tu->sources, tu->nsources, &ss->cap, sizeof *tu->sources, 8) != 0) {
    esc_json_fail(jr, "out of memory");
    return -1;
  }
  struct esc_source *src = &tu->sources[i];
  memset(src, 0, sizeof *src);
  src->size = -1;
  tu->nsources = i + 1;
  while ((k = next_member(jr, at, &m, &child)) >= 0)
    if (k == S_PATH ? read_string(jr, &child, &src->path)
        : k == S_HASH ? read_nullable_string(jr, &child, &src->hash)
                      : read_integer(jr, &child, -1, INT64_MAX, &src->size))
      return -1;
  if (k == -2)
    return -1;
  return check_required(jr, at, &m, 1u << S_PATH | 1u << S_HASH | 1u << S_SIZE);
}

struct args {
  struct esc_tu *tu;
  size_t cap;
};

static int read_arg(struct esc_json_reader *jr, const struct path *at, size_t i, void *ctx)
{
  struct args *a = ctx;
  struct esc_tu *tu = a->tu;
  if (esc_grow((void **)&tu->args, tu->nargs, &a->cap, sizeof *tu->args, 16) != 0) {
    esc_json_fail(jr, "out of memory");
    return -1;
  }
  tu->args[i] = NULL;
  tu->nargs = i + 1;
  return read_string(jr, at, &tu->args[i]);
}

enum { C_MAIN, C_OUTPUT, C_CWD, C_LANGUAGE, C_ARGS, C_ANALYSIS_ONLY };
static const char *const compile_names[] = {
  "main", "output", "cwd", "language", "args", "analysis_only", NULL
};

/* The "tu" object: what was compiled and how. */
static int read_compile(struct esc_json_reader *jr, const struct path *at, struct esc_tu *tu)
{
  struct members m = { compile_names, 0 };
  struct path child;
  struct args a = { tu, 0 };
  int k;
  if (begin_object(jr, at))
    return -1;
  while ((k = next_member(jr, at, &m, &child)) >= 0) {
    char **field[] = { &tu->main_file, &tu->output, &tu->cwd, &tu->language };
    if (k == C_ANALYSIS_ONLY ? read_bool(jr, &child, &tu->analysis_only)
        : k == C_ARGS ? read_array(jr, &child, read_arg, &a)
                      : read_string(jr, &child, field[k]))
      return -1;
  }
  if (k == -2)
    return -1;
  return check_required(jr, at, &m, 0x1Fu);
}

enum { T_SCHEMA, T_PRODUCER, T_GCC, T_TU, T_TIME, T_TIME_ISO, T_SOURCES, T_FACTS };
static const char *const entry_names[] = {
  "schema", "producer", "gcc", "tu", "time", "time_iso", "sources", "facts", NULL
};

static int read_entry_member(struct esc_json_reader *jr, const struct path *at, int k,
                             struct esc_tu *tu, struct sources *ss)
{
  int64_t schema;
  switch (k) {
  case T_SCHEMA:
    if (read_integer(jr, at, INT64_MIN, INT64_MAX, &schema))
      return -1;
    if (schema != ESC_SCHEMA_VERSION) {
      esc_json_fail(jr, "entry has schema version %lld; this escinfo reads version %d",
                    (long long)schema, ESC_SCHEMA_VERSION);
      return -1;
    }
    tu->schema = ESC_SCHEMA_VERSION;
    return 0;
  case T_PRODUCER: return read_string(jr, at, &tu->producer);
  case T_GCC: return read_string(jr, at, &tu->gcc_version);
  case T_TU: return read_compile(jr, at, tu);
  case T_TIME: return read_integer(jr, at, INT64_MIN, INT64_MAX, &tu->compile_time);
  case T_TIME_ISO: /* repeats time for people reading the file; only its type is checked */
    return expect(jr, at, ESC_JSON_STRING) || !esc_json_skip(jr) ? -1 : 0;
  case T_SOURCES: return read_array(jr, at, read_source, ss);
  default: return read_array(jr, at, read_fact, tu);
  }
}

/* The whole entry. */
static int read_entry(struct esc_json_reader *jr, struct esc_tu *tu)
{
  struct members m = { entry_names, 0 };
  struct sources ss = { tu, 0 };
  struct path child;
  int k;
  enum esc_json_kind kind = esc_json_peek(jr);
  if (kind == ESC_JSON_INVALID)
    return -1;
  if (kind != ESC_JSON_OBJECT) {
    esc_json_fail(jr, "entry should be a JSON object, not %s", esc_json_kind_phrase(kind));
    return -1;
  }
  if (!esc_json_begin_object(jr))
    return -1;
  while ((k = next_member(jr, NULL, &m, &child)) >= 0)
    if (read_entry_member(jr, &child, k, tu, &ss))
      return -1;
  if (k == -2 || check_required(jr, NULL, &m, 0xFFu))
    return -1;
  return esc_json_end(jr) ? 0 : -1;
}

int esc_tu_from_json_text(const char *text, size_t len, struct esc_tu *tu, char *err,
                          size_t errlen)
{
  memset(tu, 0, sizeof *tu);
  if (len == 0) {
    snprintf(err, errlen, "empty file");
    return -1;
  }
  struct esc_json_reader jr;
  esc_json_reader_init(&jr, text, len);
  int rc = read_entry(&jr, tu);
  if (rc) {
    snprintf(err, errlen, "%s", jr.error);
    esc_tu_free(tu);
  }
  esc_json_reader_free(&jr);
  return rc;
}
