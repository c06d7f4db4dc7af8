/* jsonrpc.c - JSON-RPC 2.0 messages: parsing a body into a request, notification or response, and building replies. */
#include "jsonrpc.h"

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

int rpc_parse(const char *body, size_t len, struct rpc_message *msg, struct rpc_error *err,
              json_t **err_id)
{
  json_error_t jerr;
  memset(msg, 0, sizeof *msg);
  *err_id = NULL;
  json_t *root = json_loadb(body, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
  if (!root) {
    rpc_fail(err, RPC_PARSE_ERROR, "invalid JSON at line %d, column %d: %s", jerr.line,
             jerr.column, jerr.text);
    *err_id = json_null();
    return -1;
  }
  if (check_message(root, msg, err) != 0) {
    json_t *id = msg->id && (json_is_string(msg->id) || json_is_integer(msg->id)) ? msg->id : NULL;
    *err_id = id ? json_incref(id) : json_null();
    json_decref(root);
    memset(msg, 0, sizeof *msg);
    return -1;
  }
  msg->root = root;
  return 0;
}

void rpc_message_free(struct rpc_message *msg)
{
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

/* Length of the valid UTF-8 sequence at S (N bytes left), or 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
  size_t len;
  unsigned min;
  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xc2 && s[0] <= 0xdf)
    len = 2, min = 0x80;
  else if (s[0] >= 0xe0 && s[0] <= 0xef)
    len = 3, min = 0x800;
  else if (s[0] >= 0xf0 && s[0] <= 0xf4)
    len = 4, min = 0x10000;
  else
    return 0;
  if (n < len)
    return 0;
  unsigned cp = s[0] & (0x3f >> (len - 1));
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80)
      return 0;
    cp = cp << 6 | (s[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}

json_t *rpc_string_new(const char *s)
{
  if (!s)
    return NULL;
  json_t *v = json_string(s);
  if (v)
    return v;
  size_t n = strlen(s), out = 0;
  char *copy = malloc(n * 3 + 1);
  if (!copy)
    return NULL;
  for (size_t i = 0; i < n;) {
    size_t len = utf8_sequence((const unsigned char *)s + i, n - i);
    if (len == 0) {
      memcpy(copy + out, "\xef\xbf\xbd", 3);
      out += 3;
      i++;
    } else {
      memcpy(copy + out, s + i, len);
      out += len;
      i += len;
    }
  }
  copy[out] = '\0';
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
