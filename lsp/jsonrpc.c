/* jsonrpc.c - JSON-RPC 2.0 messages: parsing a body into a request, notification or response, and building replies. */
#include "jsonrpc.h"

#include "json-reader.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rpc_fail(struct rpc_error *err, int code, const char *fmt, ...)
{
  va_list ap;
  err->code = code;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return -1;
}

static const char *type_name(const json_t *v)
{
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER: return "an integer";
  case JSON_REAL: return "a number";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  default: return "null";
  }
}

/* Checks the message in ROOT (borrowed) and fills MSG's borrowed members.  Returns 0, or -1
 * with ERR (RPC_INVALID_REQUEST). */
static int check_message(json_t *root, struct rpc_message *msg, struct rpc_error *err)
{
  if (json_is_array(root))
    return rpc_fail(err, RPC_INVALID_REQUEST, "batches are not supported: send one message at a time");
  if (!json_is_object(root))
    return rpc_fail(err, RPC_INVALID_REQUEST, "a message must be a JSON object, not %s",
                    type_name(root));
  json_t *version = json_object_get(root, "jsonrpc");
  json_t *id = json_object_get(root, "id");
  json_t *method = json_object_get(root, "method");
  if (id && !json_is_string(id) && !json_is_integer(id) && !(json_is_null(id) && !method))
    return rpc_fail(err, RPC_INVALID_REQUEST, "'id' should be a string or an integer, not %s",
                    type_name(id));
  msg->id = id;
  if (!json_is_string(version) || strcmp(json_string_value(version), "2.0") != 0)
    return rpc_fail(err, RPC_INVALID_REQUEST, "'jsonrpc' should be \"2.0\"");
  if (!method) {
    msg->result = json_object_get(root, "result");
    msg->error = json_object_get(root, "error");
    if (!id || (!msg->result && !msg->error))
      return rpc_fail(err, RPC_INVALID_REQUEST,
                      "a message needs a 'method' (request, notification) or an 'id' and a "
                      "'result' or 'error' (response)");
    msg->kind = RPC_RESPONSE;
    return 0;
  }
  if (!json_is_string(method))
    return rpc_fail(err, RPC_INVALID_REQUEST, "'method' should be a string, not %s",
                    type_name(method));
  msg->method = json_string_value(method);
  msg->params = json_object_get(root, "params");
  /* JSON-RPC lets params be left out; several LSP clients send null instead ("exit", "shutdown",
   * "initialized"): the same thing. */
  if (json_is_null(msg->params))
    msg->params = NULL;
  if (msg->params && !json_is_object(msg->params) && !json_is_array(msg->params))
    return rpc_fail(err, RPC_INVALID_REQUEST, "'params' should be an object or an array, not %s",
                    type_name(msg->params));
  msg->kind = id ? RPC_REQUEST : RPC_NOTIFICATION;
  return 0;
}

/* ---- long strings ---------------------------------------------------------------------------- */

/* One step of a path from the root to a value: a member's key or an element's index. */
struct segment {
  char key[48];
  size_t index;
  bool is_index;
};

/* A long string found by the scan: where it is in the body and in the tree. */
struct found {
  struct segment path[RPC_LONG_STRING_DEPTH];
  unsigned depth;
  size_t start, end; /* its JSON text in the body, quotes included */
  char *text;
  size_t len;
  unsigned long object; /* the object holding it as a member (its serial), or 0 */
  bool shadowed;        /* its key comes again later in that object: jansson keeps the later */
};

struct scan {
  struct esc_json_reader r;
  struct segment path[RPC_LONG_STRING_DEPTH];
  struct found found[RPC_MAX_LONG_STRINGS];
  size_t nfound;
  unsigned long objects; /* serials given to objects */
};

/* Walks the value at the reader, at DEPTH (a member of the object OBJECT, or 0), recording the
 * long strings it holds.  False when the text is not JSON (the message then goes to jansson
 * whole, for its error). */
static bool scan_value(struct scan *sc, unsigned depth, unsigned long object)
{
  struct esc_json_reader *r = &sc->r;
  enum esc_json_kind kind = esc_json_peek(r);
  if (depth >= RPC_LONG_STRING_DEPTH || sc->nfound == RPC_MAX_LONG_STRINGS
      || (kind != ESC_JSON_OBJECT && kind != ESC_JSON_ARRAY && kind != ESC_JSON_STRING))
    return esc_json_skip(r);
  if (kind == ESC_JSON_STRING) {
    size_t start = esc_json_offset(r), len;
    const char *s;
    if (!esc_json_string(r, &s, &len))
      return false;
    size_t end = esc_json_offset(r);
    if (end - start >= RPC_LONG_STRING) {
      struct found *f = &sc->found[sc->nfound++];
      memcpy(f->path, sc->path, depth * sizeof *f->path);
      f->depth = depth;
      f->start = start;
      f->end = end;
      f->len = len;
      f->text = esc_json_take_string(r);
      f->object = object;
      f->shadowed = false;
    }
    return true;
  }
  struct segment *seg = &sc->path[depth];
  const char *key;
  size_t klen;
  if (kind == ESC_JSON_OBJECT) {
    unsigned long me = ++sc->objects;
    if (!esc_json_begin_object(r))
      return false;
    while (esc_json_next_member(r, &key, &klen)) {
      for (size_t i = 0; i < sc->nfound; i++) { /* a key given again: the earlier value is gone */
        struct found *f = &sc->found[i];
        if (f->object == me && strlen(f->path[depth].key) == klen
            && memcmp(f->path[depth].key, key, klen) == 0)
          f->shadowed = true;
      }
      if (klen >= sizeof seg->key || memchr(key, '\0', klen)) { /* not one we look up */
        if (!esc_json_skip(r))
          return false;
        continue;
      }
      memcpy(seg->key, key, klen + 1);
      seg->is_index = false;
      if (!scan_value(sc, depth + 1, me))
        return false;
    }
  } else {
    if (!esc_json_begin_array(r))
      return false;
    for (size_t i = 0; esc_json_next_element(r); i++) {
      seg->index = i;
      seg->is_index = true;
      if (!scan_value(sc, depth + 1, 0))
        return false;
    }
  }
  return !r->failed;
}

static void free_found(struct scan *sc)
{
  for (size_t i = 0; i < sc->nfound; i++)
    free(sc->found[i].text);
  sc->nfound = 0;
}

/* The body without the long strings (each replaced by ""), malloc'd, or NULL when out of
 * memory. */
static char *shortened_body(const char *body, size_t len, const struct scan *sc, size_t *outlen)
{
  size_t cut = 0;
  for (size_t i = 0; i < sc->nfound; i++)
    cut += sc->found[i].end - sc->found[i].start - 2;
  char *out = malloc(len - cut + 1), *w = out;
  if (!out)
    return NULL;
  size_t from = 0;
  for (size_t i = 0; i < sc->nfound; i++) {
    memcpy(w, body + from, sc->found[i].start - from);
    w += sc->found[i].start - from;
    memcpy(w, "\"\"", 2);
    w += 2;
    from = sc->found[i].end;
  }
  memcpy(w, body + from, len - from);
  w += len - from;
  *w = '\0';
  *outlen = (size_t)(w - out);
  return out;
}

/* The node of ROOT at F's path. */
static const json_t *node_at(const json_t *root, const struct found *f)
{
  const json_t *v = root;
  for (unsigned i = 0; v && i < f->depth; i++)
    v = f->path[i].is_index ? json_array_get(v, f->path[i].index)
                            : json_object_get(v, f->path[i].key);
  return v;
}

/* Parses BODY into *ROOT, taking its long strings out first when it is large (see
 * rpc_long_string).  Returns 0, or -1 with jansson's error in JERR (or out of memory). */
static int load(const char *body, size_t len, json_t **root, struct rpc_message *msg,
                json_error_t *jerr)
{
  struct scan *sc = NULL;
  char *shortened = NULL;
  size_t shortlen;
  if (len >= RPC_LONG_MESSAGE && (sc = calloc(1, sizeof *sc))) {
    esc_json_reader_init(&sc->r, body, len);
    if (!scan_value(sc, 0, 0) || !esc_json_end(&sc->r) || sc->nfound == 0
        || !(shortened = shortened_body(body, len, sc, &shortlen)))
      free_found(sc); /* not JSON (jansson says why), nothing long, or no memory: as it is */
    esc_json_reader_free(&sc->r);
  }
  *root = shortened ? json_loadb(shortened, shortlen, JSON_DECODE_ANY | JSON_ALLOW_NUL, jerr)
                    : json_loadb(body, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, jerr);
  free(shortened);
  if (*root && sc && sc->nfound) {
    msg->long_strings = calloc(sc->nfound, sizeof *msg->long_strings);
    for (size_t i = 0; msg->long_strings && i < sc->nfound; i++) {
      if (sc->found[i].shadowed)
        continue; /* its "" was replaced by the later value: nothing stands for it */
      struct rpc_long_string *ls = &msg->long_strings[msg->nlong_strings++];
      ls->node = node_at(*root, &sc->found[i]);
      ls->text = sc->found[i].text;
      ls->len = sc->found[i].len;
      sc->found[i].text = NULL;
    }
    if (!msg->long_strings) { /* the tree holds "" where the text was: the message is lost */
      json_decref(*root);
      *root = NULL;
      snprintf(jerr->text, sizeof jerr->text, "out of memory");
      jerr->line = jerr->column = 0;
    }
  }
  if (sc)
    free_found(sc);
  free(sc);
  return *root ? 0 : -1;
}

const char *rpc_string(const struct rpc_message *msg, const json_t *v, size_t *len)
{
  if (!json_is_string(v))
    return NULL;
  for (size_t i = 0; i < msg->nlong_strings; i++)
    if (msg->long_strings[i].node == v) {
      *len = msg->long_strings[i].len;
      return msg->long_strings[i].text;
    }
  *len = json_string_length(v);
  return json_string_value(v);
}

char *rpc_string_take(struct rpc_message *msg, const json_t *v, size_t *len)
{
  if (!json_is_string(v))
    return NULL;
  for (size_t i = 0; i < msg->nlong_strings; i++)
    if (msg->long_strings[i].node == v && msg->long_strings[i].text) {
      char *text = msg->long_strings[i].text;
      *len = msg->long_strings[i].len;
      msg->long_strings[i].text = NULL;
      msg->long_strings[i].node = NULL;
      return text;
    }
  *len = json_string_length(v);
  char *copy = malloc(*len + 1);
  if (copy)
    memcpy(copy, json_string_value(v), *len + 1);
  return copy;
}

static void free_long_strings(struct rpc_message *msg)
{
  for (size_t i = 0; i < msg->nlong_strings; i++)
    free(msg->long_strings[i].text);
  free(msg->long_strings);
  msg->long_strings = NULL;
  msg->nlong_strings = 0;
}

/* ---- messages ------------------------------------------------------------------------------- */

int rpc_parse(const char *body, size_t len, struct rpc_message *msg, struct rpc_error *err,
              json_t **err_id)
{
  json_error_t jerr;
  json_t *root;
  memset(msg, 0, sizeof *msg);
  *err_id = NULL;
  if (load(body, len, &root, msg, &jerr) != 0) {
    rpc_fail(err, RPC_PARSE_ERROR, "invalid JSON at line %d, column %d: %s", jerr.line,
             jerr.column, jerr.text);
    *err_id = json_null();
    return -1;
  }
  if (check_message(root, msg, err) != 0) {
    json_t *id = msg->id && (json_is_string(msg->id) || json_is_integer(msg->id)) ? msg->id : NULL;
    *err_id = id ? json_incref(id) : json_null();
    free_long_strings(msg);
    json_decref(root);
    memset(msg, 0, sizeof *msg);
    return -1;
  }
  msg->root = root;
  return 0;
}

void rpc_message_free(struct rpc_message *msg)
{
  free_long_strings(msg);
  json_decref(msg->root);
  memset(msg, 0, sizeof *msg);
}
/* A new {"jsonrpc":"2.0"} object, or NULL when out of memory. */
static json_t *envelope(void)
{
  json_t *o = json_object();
  if (o && json_object_set_new(o, "jsonrpc", json_string("2.0")) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *rpc_string_new(const char *s)
{
  if (!s)
    return NULL;
  json_t *v = json_string(s);
  if (v)
    return v;
  char *copy = esc_utf8_repaired(s, strlen(s)); /* not UTF-8: jansson refused it */
  if (!copy)
    return NULL;
  v = json_string(copy);
  free(copy);
  return v;
}

json_t *rpc_result_new(json_t *id, json_t *result)
{
  json_t *o = envelope();
  if (!result)
    result = json_null();
  if (!o || json_object_set(o, "id", id ? id : json_null()) != 0
      || json_object_set_new(o, "result", result) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *rpc_error_new(json_t *id, int code, const char *message)
{
  json_t *o = envelope(), *e = json_object();
  int bad = !o || !e;
  if (!bad) {
    bad = json_object_set_new(e, "code", json_integer(code));
    bad |= json_object_set_new(e, "message", json_string(message));
    bad |= json_object_set(o, "id", id ? id : json_null());
    bad |= json_object_set(o, "error", e);
  }
  json_decref(e);
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *rpc_call_new(const char *id, const char *method, json_t *params)
{
  json_t *o = envelope();
  int bad = !o;
  if (!bad && id)
    bad = json_object_set_new(o, "id", json_string(id));
  if (!bad)
    bad = json_object_set_new(o, "method", json_string(method));
  if (!bad && params) {
    bad = json_object_set_new(o, "params", params);
    params = NULL; /* stolen even on failure */
  }
  json_decref(params);
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

char *rpc_dump(const json_t *msg, size_t *len)
{
  char *text = json_dumps(msg, JSON_COMPACT);
  if (text && len)
    *len = strlen(text);
  return text;
}
