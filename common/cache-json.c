/* cache-json.c - one cache entry as JSON: writes and strictly validates the schema of docs/cache-format.md. */
#include "cache.h"
#include "json-reader.h"
#include "utf8.h"

#include <errno.h>
#include <jansson.h>
#include <unistd.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- writing ------------------------------------------------------------------------------ */

static json_t *text_json(const char *s)
{
  if (!s)
    s = "";
  json_t *j = json_string(s);
  if (j)
    return j;
  char *repaired = esc_utf8_repaired(s, strlen(s));
  if (!repaired)
    return NULL;
  j = json_string(repaired);
  free(repaired);
  return j;
}

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

/* Sets file, line and column of OBJ.  Returns non-zero when out of memory. */
static int put_location(json_t *obj, const char *file, unsigned line, unsigned column)
{
  int bad = json_object_set_new(obj, "file", text_json(file));
  bad |= json_object_set_new(obj, "line", json_integer(line));
  bad |= json_object_set_new(obj, "column", json_integer(column));
  return bad;
}

/* New reference to the JSON object of one flow step, or NULL when out of memory. */
static json_t *step_to_json(const struct esc_step *step)
{
  json_t *o = json_object();
  if (!o)
    return NULL;
  int bad = put_location(o, step->file, step->line, step->column);
  bad |= json_object_set_new(o, "message", text_json(step->message));
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* New reference to the array of the N steps of FLOW, or NULL when out of memory. */
static json_t *flow_to_json(const struct esc_step *flow, size_t n)
{
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    if (json_array_append_new(a, step_to_json(&flow[i]))) {
      json_decref(a);
      a = NULL;
    }
  return a;
}

/* New reference to the array of FACT's further routes, or NULL when out of memory. */
static json_t *routes_to_json(const struct esc_fact *fact)
{
  json_t *a = json_array();
  for (size_t i = 0; a && i < fact->nroutes; i++) {
    const struct esc_fact_route *rt = &fact->routes[i];
    json_t *o = json_object();
    int bad = !o;
    bad |= json_object_set_new(o, "code", json_string(esc_code_name(rt->code)));
    bad |= json_object_set_new(o, "dangling", json_boolean(rt->dangling));
    bad |= json_object_set_new(o, "message", text_json(rt->message));
    bad |= json_object_set_new(o, "flow", flow_to_json(rt->flow, rt->nflow));
    if (bad || json_array_append_new(a, o)) {
      json_decref(a);
      a = NULL;
    }
  }
  return a;
}

json_t *esc_fact_to_json(const struct esc_fact *fact)
{
  json_t *o = json_object();
  if (!o)
    return NULL;
  int bad = json_object_set_new(o, "subject", json_string(esc_subject_name(fact->subject)));
  bad |= json_object_set_new(o, "code", json_string(esc_code_name(fact->code)));
  bad |= json_object_set_new(o, "name", text_json(fact->name));
  bad |= json_object_set_new(o, "function", text_json(fact->function));
  bad |= put_location(o, fact->file, fact->line, fact->column);
  if (fact->spelling_file) {
    json_t *sp = json_object();
    if (!sp || put_location(sp, fact->spelling_file, fact->spelling_line, fact->spelling_column))
      bad = 1;
    bad |= json_object_set_new(o, "spelling", sp);
  }
  bad |= json_object_set_new(o, "dangling", json_boolean(fact->dangling));
  bad |= json_object_set_new(o, "message", text_json(fact->message));
  if (fact->note)
    bad |= json_object_set_new(o, "note", text_json(fact->note));
  if (fact->value >= 0)
    bad |= json_object_set_new(o, "value", json_integer(fact->value));
  bad |= json_object_set_new(o, "flow", flow_to_json(fact->flow, fact->nflow));
  if (fact->nroutes)
    bad |= json_object_set_new(o, "routes", routes_to_json(fact));
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* New reference to the "tu" object (what was compiled, how), or NULL when out of memory. */
static json_t *compile_to_json(const struct esc_tu *tu)
{
  json_t *o = json_object();
  json_t *args = json_array();
  if (!o || !args) {
    json_decref(o);
    json_decref(args);
    return NULL;
  }
  int bad = 0;
  for (size_t i = 0; i < tu->nargs; i++)
    bad |= json_array_append_new(args, text_json(tu->args[i]));
  bad |= json_object_set_new(o, "main", text_json(tu->main_file));
  bad |= json_object_set_new(o, "output", text_json(tu->output));
  bad |= json_object_set_new(o, "cwd", text_json(tu->cwd));
  bad |= json_object_set_new(o, "language", text_json(tu->language));
  bad |= json_object_set_new(o, "args", args);
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* New reference to one element of "sources", or NULL when out of memory. */
static json_t *source_to_json(const struct esc_source *src)
{
  json_t *o = json_object();
  if (!o)
    return NULL;
  int bad = json_object_set_new(o, "path", text_json(src->path));
  bad |= json_object_set_new(o, "hash", src->hash ? text_json(src->hash) : json_null());
  bad |= json_object_set_new(o, "size", json_integer(src->size < 0 ? -1 : src->size));
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* New reference to the entry object of TU without its "sources" and "facts" arrays, or NULL
 * when out of memory. */
static json_t *header_to_json(const struct esc_tu *tu)
{
  json_t *o = json_object();
  char iso[ESC_TIME_ISO_SIZE];
  if (!o)
    return NULL;
  int bad = 0;
  esc_time_iso(tu->compile_time, iso);
  bad |= json_object_set_new(o, "schema", json_integer(ESC_SCHEMA_VERSION));
  bad |= json_object_set_new(o, "producer", text_json(tu->producer));
  bad |= json_object_set_new(o, "gcc", text_json(tu->gcc_version));
  bad |= json_object_set_new(o, "tu", compile_to_json(tu));
  bad |= json_object_set_new(o, "time", json_integer(tu->compile_time));
  bad |= json_object_set_new(o, "time_iso", json_string(iso));
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* A growing text buffer; on allocation failure it drops its contents and stays failed.  With
 * FD >= 0 it is flushed to FD whenever it holds more than FLUSH_AT bytes. */
struct text_buf {
  char *s;
  size_t len, cap;
  bool failed;
  int fd;
};

enum { FLUSH_AT = 64 * 1024 };

static void buf_flush(struct text_buf *b)
{
  size_t done = 0;
  while (!b->failed && done < b->len) {
    ssize_t n = write(b->fd, b->s + done, b->len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = ENOSPC;
      b->failed = true;
    } else
      done += (size_t)n;
  }
  b->len = 0;
}

static void buf_add(struct text_buf *b, const char *s, size_t n)
{
  if (b->failed)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) {
      b->failed = true;
      return;
    }
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
  if (b->fd >= 0 && b->len > FLUSH_AT)
    buf_flush(b);
}

/* Appends V's compact text to B and releases V (steals the reference). */
static void buf_add_json(struct text_buf *b, json_t *v)
{
  char *t = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
  json_decref(v);
  if (!t) {
    b->failed = true;
    return;
  }
  buf_add(b, t, strlen(t));
  free(t);
}

/* Serialises TU into B one source and one fact at a time, so that writing a unit with
 * thousands of facts never holds more than one fact's JSON tree at once. */
static void tu_to_buf(struct text_buf *b, const struct esc_tu *tu)
{
  json_t *head = header_to_json(tu);
  char *h = head ? json_dumps(head, JSON_COMPACT) : NULL;
  json_decref(head);
  if (!h) {
    b->failed = true;
    return;
  }
  buf_add(b, h, strlen(h) - 1); /* without the closing brace */
  free(h);
  buf_add(b, ",\"sources\":[", 12);
  for (size_t i = 0; i < tu->nsources; i++) {
    if (i)
      buf_add(b, ",", 1);
    buf_add_json(b, source_to_json(&tu->sources[i]));
  }
  buf_add(b, "],\"facts\":[", 11);
  for (size_t i = 0; i < tu->nfacts; i++) {
    if (i)
      buf_add(b, ",", 1);
    buf_add_json(b, esc_fact_to_json(&tu->facts[i]));
  }
  buf_add(b, "]}\n", 3);
}

char *esc_tu_to_json_text(const struct esc_tu *tu)
{
  struct text_buf b = {NULL, 0, 0, false, -1};
  tu_to_buf(&b, tu);
  if (b.failed) {
    free(b.s);
    return NULL;
  }
  return b.s;
}

int esc_tu_write_json(int fd, const struct esc_tu *tu)
{
  struct text_buf b = {NULL, 0, 0, false, fd};
  tu_to_buf(&b, tu);
  if (!b.failed)
    buf_flush(&b);
  free(b.s);
  if (b.failed && !errno)
    errno = ENOMEM;
  return b.failed ? -1 : 0;
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
  F_SPELLING, F_NOTE, F_VALUE, F_FLOW, F_ROUTES
};
static const char *const fact_names[] = {
  "subject", "code", "name", "function", "file", "line", "column", "dangling", "message",
  "spelling", "note", "value", "flow", "routes", NULL
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

enum { C_MAIN, C_OUTPUT, C_CWD, C_LANGUAGE, C_ARGS };
static const char *const compile_names[] = { "main", "output", "cwd", "language", "args", NULL };

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
    if (k == C_ARGS ? read_array(jr, &child, read_arg, &a) : read_string(jr, &child, field[k]))
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
