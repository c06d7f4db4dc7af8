/* cache-json.c - one cache entry as JSON: writes and strictly validates the schema of docs/cache-format.md. */
#include "cache.h"

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

/* Length of the well-formed UTF-8 sequence at P, or 0 when the bytes there are not one. */
static size_t utf8_sequence_length(const unsigned char *p)
{
  unsigned char c = p[0];
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0)
      lo = 0xA0;
    if (c == 0xED)
      hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0)
      lo = 0x90;
    if (c == 0xF4)
      hi = 0x8F;
  } else
    return 0;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if (p[i] < 0x80 || p[i] > 0xBF)
      return 0;
  return len;
}

/* A malloc'd copy of S where every byte that is not part of well-formed UTF-8 is replaced by
 * U+FFFD, or NULL when out of memory. */
static char *utf8_repaired(const char *s)
{
  static const char replacement[] = "\xEF\xBF\xBD";
  size_t n = strlen(s);
  char *out = malloc(3 * n + 1);
  if (!out)
    return NULL;
  const unsigned char *p = (const unsigned char *)s;
  char *w = out;
  while (*p) {
    size_t len = utf8_sequence_length(p);
    if (len == 0) {
      memcpy(w, replacement, 3);
      w += 3;
      p++;
    } else {
      memcpy(w, p, len);
      w += len;
      p += len;
    }
  }
  *w = '\0';
  return out;
}

/* New reference to a JSON string holding S ("" for NULL; JSON strings must be UTF-8, so stray
 * bytes become U+FFFD), or NULL when out of memory. */
static json_t *text_json(const char *s)
{
  if (!s)
    s = "";
  json_t *j = json_string(s);
  if (j)
    return j;
  char *repaired = utf8_repaired(s);
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

/* The read_* functions below return 0, or -1 with the reason in the reader.  Strings they copy
 * into the entry are malloc'd and owned by it; on failure what was read so far stays in the
 * entry, and esc_tu_from_json_text frees it all with esc_tu_free.  JSON values they take from
 * the parsed document are borrowed references, valid while the document lives. */

/* Where a parse failure goes.  Field names in reasons are paths like "facts[3].flow[0].line". */
struct reader {
  char *err;
  size_t errlen;
};

#define FIELD_NAME_SIZE 160

/* Stores the reason in R and returns -1. */
static int fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct reader *r, const char *fmt, ...)
{
  if (r->err && r->errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->errlen, fmt, ap);
    va_end(ap);
  }
  return -1;
}

static int out_of_memory(struct reader *r)
{
  return fail(r, "out of memory");
}

/* Ends a field name that did not fit in its buffer with "...". */
static void mark_truncated(char out[FIELD_NAME_SIZE], int written)
{
  if (written >= FIELD_NAME_SIZE)
    memcpy(out + FIELD_NAME_SIZE - 4, "...", 4);
}

static void field_name(char out[FIELD_NAME_SIZE], const char *where, const char *key)
{
  mark_truncated(out, snprintf(out, FIELD_NAME_SIZE, "%s%s%s", where, *where ? "." : "", key));
}

/* "a string", "an integer", ... for reasons. */
static const char *type_phrase(const json_t *v)
{
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER: return "an integer";
  case JSON_REAL: return "a real number";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  case JSON_NULL: return "null";
  }
  return "something unknown";
}

static bool has_type(const json_t *v, json_type want)
{
  if (want == JSON_TRUE || want == JSON_FALSE)
    return json_is_boolean(v);
  return json_typeof(v) == want;
}

static const char *wanted_phrase(json_type want)
{
  switch (want) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER: return "an integer";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  default: return "something else";
  }
}

/* Checks that V, the value of the field NAME, has type WANT (JSON_TRUE: any boolean).
 * Returns 0, or -1 with the reason in R. */
static int check_type(struct reader *r, const json_t *v, const char *name, json_type want)
{
  if (has_type(v, want))
    return 0;
  return fail(r, "'%s' should be %s, not %s", name, wanted_phrase(want), type_phrase(v));
}

/* Member KEY of OBJ (the object at WHERE) when it exists and has type WANT: a borrowed
 * reference.  NULL with the reason in R when it is missing or has another type. */
static json_t *member(struct reader *r, json_t *obj, const char *where, const char *key,
                      json_type want)
{
  char name[FIELD_NAME_SIZE];
  json_t *v = json_object_get(obj, key);
  field_name(name, where, key);
  if (!v) {
    fail(r, "'%s' is missing", name);
    return NULL;
  }
  return check_type(r, v, name, want) ? NULL : v;
}

/* Like member(), but an absent KEY is fine: returns NULL with *ABSENT set. */
static json_t *optional_member(struct reader *r, json_t *obj, const char *where, const char *key,
                               json_type want, bool *absent)
{
  *absent = json_object_get(obj, key) == NULL;
  return *absent ? NULL : member(r, obj, where, key, want);
}

/* Copies the string member KEY into *OUT (malloc'd, owned by the entry).  Returns 0 or -1. */
static int read_string(struct reader *r, json_t *obj, const char *where, const char *key,
                       char **out)
{
  json_t *v = member(r, obj, where, key, JSON_STRING);
  if (!v)
    return -1;
  *out = esc_strdup(json_string_value(v));
  return *out ? 0 : out_of_memory(r);
}

/* Like read_string, but null is allowed too and gives *OUT = NULL.  Returns 0 or -1. */
static int read_nullable_string(struct reader *r, json_t *obj, const char *where, const char *key,
                                char **out)
{
  json_t *v = json_object_get(obj, key);
  *out = NULL;
  if (json_is_null(v))
    return 0;
  if (v && !json_is_string(v)) {
    char name[FIELD_NAME_SIZE];
    field_name(name, where, key);
    return fail(r, "'%s' should be a string or null, not %s", name, type_phrase(v));
  }
  return read_string(r, obj, where, key, out);
}

/* Reads the integer member KEY, which must lie in [MIN, MAX].  Returns 0 or -1. */
static int read_integer(struct reader *r, json_t *obj, const char *where, const char *key,
                        int64_t min, int64_t max, int64_t *out)
{
  json_t *v = member(r, obj, where, key, JSON_INTEGER);
  if (!v)
    return -1;
  json_int_t n = json_integer_value(v);
  if (n < min || n > max) {
    char name[FIELD_NAME_SIZE];
    field_name(name, where, key);
    return fail(r, "'%s' is %lld, out of range (%lld to %lld)", name, (long long)n,
                (long long)min, (long long)max);
  }
  *out = n;
  return 0;
}

/* An integer member in [0, UINT_MAX]: lines and columns. */
static int read_unsigned(struct reader *r, json_t *obj, const char *where, const char *key,
                         unsigned *out)
{
  int64_t n;
  if (read_integer(r, obj, where, key, 0, UINT_MAX, &n))
    return -1;
  *out = (unsigned)n;
  return 0;
}

/* Reads the "file", "line" and "column" members of OBJ.  Returns 0 or -1. */
static int read_location(struct reader *r, json_t *obj, const char *where, char **file,
                         unsigned *line, unsigned *column)
{
  if (read_string(r, obj, where, "file", file))
    return -1;
  if (read_unsigned(r, obj, where, "line", line))
    return -1;
  return read_unsigned(r, obj, where, "column", column);
}

/* Element I of array ARR (the field NAME), which must be of type WANT: borrowed, or NULL. */
static json_t *element(struct reader *r, json_t *arr, const char *name, size_t i, json_type want,
                       char where[FIELD_NAME_SIZE])
{
  json_t *v = json_array_get(arr, i);
  mark_truncated(where, snprintf(where, FIELD_NAME_SIZE, "%s[%zu]", name, i));
  return check_type(r, v, where, want) ? NULL : v;
}

/* The "flow" array of OBJ (a fact or a route) into *STEPS, *N. */
static int read_flow(struct reader *r, json_t *obj, const char *where, struct esc_step **steps,
                     size_t *nsteps)
{
  char name[FIELD_NAME_SIZE], at[FIELD_NAME_SIZE];
  json_t *flow = member(r, obj, where, "flow", JSON_ARRAY);
  if (!flow)
    return -1;
  field_name(name, where, "flow");
  size_t n = json_array_size(flow);
  if (n && !(*steps = calloc(n, sizeof **steps)))
    return out_of_memory(r);
  for (size_t i = 0; i < n; i++) {
    json_t *o = element(r, flow, name, i, JSON_OBJECT, at);
    struct esc_step *step = &(*steps)[i];
    *nsteps = i + 1; /* so esc_fact_free releases what this step got so far */
    if (!o || read_location(r, o, at, &step->file, &step->line, &step->column)
        || read_string(r, o, at, "message", &step->message))
      return -1;
  }
  return 0;
}

/* Reads the enum-valued string member KEY through FROM_NAME.  Returns the value, or -1. */
static int read_enum(struct reader *r, json_t *obj, const char *where, const char *key,
                     int (*from_name)(const char *), const char *what)
{
  json_t *v = member(r, obj, where, key, JSON_STRING);
  if (!v)
    return -1;
  int e = from_name(json_string_value(v));
  if (e < 0) {
    char name[FIELD_NAME_SIZE];
    field_name(name, where, key);
    fail(r, "'%s' is '%.60s', not a known %s", name, json_string_value(v), what);
  }
  return e;
}

/* The optional "spelling", "note" and "value" members of a fact.  Returns 0 or -1. */
static int read_fact_extras(struct reader *r, json_t *o, const char *where, struct esc_fact *f)
{
  char at[FIELD_NAME_SIZE];
  bool absent;
  json_t *sp = optional_member(r, o, where, "spelling", JSON_OBJECT, &absent);
  field_name(at, where, "spelling");
  if (!absent
      && (!sp || read_location(r, sp, at, &f->spelling_file, &f->spelling_line,
                               &f->spelling_column)))
    return -1;
  if (json_object_get(o, "note") && read_string(r, o, where, "note", &f->note))
    return -1;
  if (json_object_get(o, "value") && read_integer(r, o, where, "value", 0, INT64_MAX, &f->value))
    return -1;
  return 0;
}

/* The optional "routes" array of a fact: further escape routes, each with its code (an
 * escape.* or leak.* code), dangling flag, message and flow. */
static int read_routes(struct reader *r, json_t *o, const char *where, struct esc_fact *f)
{
  char name[FIELD_NAME_SIZE], at[FIELD_NAME_SIZE];
  bool absent;
  json_t *routes = optional_member(r, o, where, "routes", JSON_ARRAY, &absent);
  if (absent)
    return 0;
  if (!routes)
    return -1;
  field_name(name, where, "routes");
  for (size_t i = 0; i < json_array_size(routes); i++) {
    json_t *ro = element(r, routes, name, i, JSON_OBJECT, at);
    if (!ro)
      return -1;
    struct esc_fact_route *rt = esc_fact_add_route(f);
    if (!rt)
      return out_of_memory(r);
    int code = read_enum(r, ro, at, "code", esc_code_from_name, "fact code");
    if (code < 0)
      return -1;
    if (!esc_code_is_escape((enum esc_code)code)) {
      char field[FIELD_NAME_SIZE];
      field_name(field, at, "code");
      return fail(r, "'%s' is '%s', not an escape.* or leak.* code", field,
                  esc_code_name((enum esc_code)code));
    }
    rt->code = (enum esc_code)code;
    json_t *dangling = member(r, ro, at, "dangling", JSON_TRUE);
    if (!dangling)
      return -1;
    rt->dangling = json_is_true(dangling);
    if (read_string(r, ro, at, "message", &rt->message)
        || read_flow(r, ro, at, &rt->flow, &rt->nflow))
      return -1;
  }
  return 0;
}

/* One element of "facts", at WHERE. */
static int read_fact(struct reader *r, json_t *o, const char *where, struct esc_fact *f)
{
  int subject = read_enum(r, o, where, "subject", esc_subject_from_name, "subject");
  if (subject < 0)
    return -1;
  int code = read_enum(r, o, where, "code", esc_code_from_name, "fact code");
  if (code < 0)
    return -1;
  f->subject = (enum esc_subject)subject;
  f->code = (enum esc_code)code;
  if (read_string(r, o, where, "name", &f->name) || read_string(r, o, where, "function", &f->function)
      || read_location(r, o, where, &f->file, &f->line, &f->column))
    return -1;
  json_t *dangling = member(r, o, where, "dangling", JSON_TRUE);
  if (!dangling)
    return -1;
  f->dangling = json_is_true(dangling);
  if (read_string(r, o, where, "message", &f->message) || read_fact_extras(r, o, where, f))
    return -1;
  return read_flow(r, o, where, &f->flow, &f->nflow) || read_routes(r, o, where, f) ? -1 : 0;
}

/* The "facts" array, appended to TU. */
static int read_facts(struct reader *r, json_t *root, struct esc_tu *tu)
{
  char at[FIELD_NAME_SIZE];
  json_t *facts = member(r, root, "", "facts", JSON_ARRAY);
  if (!facts)
    return -1;
  for (size_t i = 0; i < json_array_size(facts); i++) {
    json_t *o = element(r, facts, "facts", i, JSON_OBJECT, at);
    if (!o)
      return -1;
    struct esc_fact *f = esc_tu_add_fact(tu);
    if (!f)
      return out_of_memory(r);
    if (read_fact(r, o, at, f))
      return -1;
  }
  return 0;
}

/* The "sources" array. */
static int read_sources(struct reader *r, json_t *root, struct esc_tu *tu)
{
  char at[FIELD_NAME_SIZE];
  json_t *sources = member(r, root, "", "sources", JSON_ARRAY);
  if (!sources)
    return -1;
  size_t n = json_array_size(sources);
  if (n && !(tu->sources = calloc(n, sizeof *tu->sources)))
    return out_of_memory(r);
  for (size_t i = 0; i < n; i++) {
    json_t *o = element(r, sources, "sources", i, JSON_OBJECT, at);
    struct esc_source *src = &tu->sources[i];
    tu->nsources = i + 1;
    src->size = -1;
    if (!o || read_string(r, o, at, "path", &src->path))
      return -1;
    if (read_nullable_string(r, o, at, "hash", &src->hash))
      return -1;
    if (read_integer(r, o, at, "size", -1, INT64_MAX, &src->size))
      return -1;
  }
  return 0;
}

/* The "tu" object: what was compiled and how. */
static int read_compile(struct reader *r, json_t *root, struct esc_tu *tu)
{
  char at[FIELD_NAME_SIZE];
  json_t *o = member(r, root, "", "tu", JSON_OBJECT);
  if (!o || read_string(r, o, "tu", "main", &tu->main_file)
      || read_string(r, o, "tu", "output", &tu->output) || read_string(r, o, "tu", "cwd", &tu->cwd)
      || read_string(r, o, "tu", "language", &tu->language))
    return -1;
  json_t *args = member(r, o, "tu", "args", JSON_ARRAY);
  if (!args)
    return -1;
  size_t n = json_array_size(args);
  if (n && !(tu->args = calloc(n, sizeof *tu->args)))
    return out_of_memory(r);
  for (size_t i = 0; i < n; i++) {
    json_t *a = element(r, args, "tu.args", i, JSON_STRING, at);
    tu->nargs = i + 1;
    if (!a)
      return -1;
    if (!(tu->args[i] = esc_strdup(json_string_value(a))))
      return out_of_memory(r);
  }
  return 0;
}

/* "schema", checked first so that an entry of another version is named as such. */
static int read_schema(struct reader *r, json_t *root, struct esc_tu *tu)
{
  json_t *v = member(r, root, "", "schema", JSON_INTEGER);
  if (!v)
    return -1;
  json_int_t schema = json_integer_value(v);
  if (schema != ESC_SCHEMA_VERSION)
    return fail(r, "entry has schema version %lld; this escinfo reads version %d",
                (long long)schema, ESC_SCHEMA_VERSION);
  tu->schema = ESC_SCHEMA_VERSION;
  return 0;
}

/* The whole entry, ROOT being the parsed document. */
static int read_tu(struct reader *r, json_t *root, struct esc_tu *tu)
{
  if (!json_is_object(root))
    return fail(r, "entry should be a JSON object, not %s", type_phrase(root));
  if (read_schema(r, root, tu) || read_string(r, root, "", "producer", &tu->producer)
      || read_string(r, root, "", "gcc", &tu->gcc_version) || read_compile(r, root, tu)
      || read_integer(r, root, "", "time", INT64_MIN, INT64_MAX, &tu->compile_time))
    return -1;
  /* time_iso repeats time for people reading the file; only its type is checked. */
  if (!member(r, root, "", "time_iso", JSON_STRING) || read_sources(r, root, tu))
    return -1;
  return read_facts(r, root, tu);
}

int esc_tu_from_json_text(const char *text, size_t len, struct esc_tu *tu, char *err,
                          size_t errlen)
{
  struct reader r = { err, errlen };
  json_error_t jerr;
  memset(tu, 0, sizeof *tu);
  if (len == 0)
    return fail(&r, "empty file");
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!root)
    return fail(&r, "invalid JSON at line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
  int rc = read_tu(&r, root, tu);
  json_decref(root);
  if (rc)
    esc_tu_free(tu);
  return rc;
}
