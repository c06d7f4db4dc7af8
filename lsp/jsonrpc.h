/* jsonrpc.h - JSON-RPC 2.0 messages: parsing a body into a request, notification or response, and building replies. */
#ifndef ESCLSP_JSONRPC_H
#define ESCLSP_JSONRPC_H

#include <jansson.h>
#include <stddef.h>

/* Error codes of JSON-RPC and LSP. */
enum rpc_error_code {
  RPC_PARSE_ERROR = -32700,
  RPC_INVALID_REQUEST = -32600,
  RPC_METHOD_NOT_FOUND = -32601,
  RPC_INVALID_PARAMS = -32602,
  RPC_INTERNAL_ERROR = -32603,
  RPC_SERVER_NOT_INITIALIZED = -32002,
  RPC_REQUEST_FAILED = -32803,
  RPC_REQUEST_CANCELLED = -32800
};

/* An error to answer with: CODE and a one-line MESSAGE. */
#define RPC_MESSAGE_SIZE 512
struct rpc_error {
  int code;
  char message[RPC_MESSAGE_SIZE];
};

/* Fills ERR and returns -1, so that parsers can `return rpc_fail(err, ...)`. */
int rpc_fail(struct rpc_error *err, int code, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

enum rpc_kind { RPC_REQUEST, RPC_NOTIFICATION, RPC_RESPONSE };

/* A long string of a large message, taken out of the text before jansson parses it (a document's
 * text in didOpen or didChange: building a jansson string of megabytes costs more than the rest
 * of the message).  In the tree its place holds "". */
struct rpc_long_string {
  const json_t *node;  /* the "" that stands for it in the tree */
  char *text;          /* owned, NUL-terminated (may hold NULs: LEN counts them) */
  size_t len;
};

/* Messages at least this long are scanned for long strings; strings whose JSON text is at least
 * RPC_LONG_STRING long, RPC_LONG_STRING_DEPTH or fewer levels deep, are taken out. */
#define RPC_LONG_MESSAGE ((size_t)64 * 1024)
#define RPC_LONG_STRING ((size_t)16 * 1024)
#define RPC_LONG_STRING_DEPTH 8
#define RPC_MAX_LONG_STRINGS 64

/* One received message.  ROOT is a new reference the message owns; ID, METHOD, PARAMS,
 * RESULT and ERROR are borrowed from it (NULL when absent). */
struct rpc_message {
  enum rpc_kind kind;
  json_t *root;
  json_t *id;          /* requests and responses: a string or an integer */
  const char *method;  /* requests and notifications */
  json_t *params;      /* an object or an array, or NULL */
  json_t *result;      /* responses */
  json_t *error;       /* responses */
  struct rpc_long_string *long_strings; /* owned */
  size_t nlong_strings;
};

/* The string V of MSG's tree (a long string's own text when V stands for one): its bytes and
 * *LEN, or NULL when V is not a string. */
const char *rpc_string(const struct rpc_message *msg, const json_t *v, size_t *len);

/* The same, the caller taking ownership of a long string's bytes (free them); a short string
 * is copied.  NULL when V is not a string or out of memory. */
char *rpc_string_take(struct rpc_message *msg, const json_t *v, size_t *len);

/* Parses and checks one message body.  Returns 0 with *MSG filled (release with
 * rpc_message_free), or -1 with ERR set: RPC_PARSE_ERROR for text that is not JSON (the
 * message gives jansson's line and column), RPC_INVALID_REQUEST for JSON that is not a valid
 * JSON-RPC 2.0 message.  On failure *ERR_ID is a new reference to the id to answer with (the
 * message's id when it could be read, else JSON null); the caller releases it. */
int rpc_parse(const char *body, size_t len, struct rpc_message *msg, struct rpc_error *err,
              json_t **err_id);

void rpc_message_free(struct rpc_message *msg);

/* The reply {"jsonrpc":"2.0","id":ID,"result":RESULT}.  ID is borrowed, RESULT is stolen (NULL
 * means JSON null).  Returns a new reference, or NULL when out of memory. */
json_t *rpc_result_new(json_t *id, json_t *result);

/* The reply {"jsonrpc":"2.0","id":ID,"error":{"code":CODE,"message":MESSAGE}}.  ID is borrowed
 * (NULL means JSON null).  Returns a new reference, or NULL when out of memory. */
json_t *rpc_error_new(json_t *id, int code, const char *message);

/* A request (ID not NULL) or notification (ID NULL) from the server to the client.  PARAMS is
 * stolen (NULL: no params).  Returns a new reference, or NULL when out of memory. */
json_t *rpc_call_new(const char *id, const char *method, json_t *params);

/* A JSON string of S (NUL-terminated), with bytes that are not UTF-8 replaced by U+FFFD, so
 * that paths and messages of any origin can be sent.  Returns a new reference, or NULL when out
 * of memory (or S is NULL). */
json_t *rpc_string_new(const char *s);

/* The compact text of MSG (malloc'd, the caller frees), or NULL when out of memory. */
char *rpc_dump(const json_t *msg, size_t *len);

#endif /* ESCLSP_JSONRPC_H */
