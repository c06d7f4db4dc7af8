/* session.h - one JSON-RPC conversation with a client: the order of messages, the lifecycle rules, dispatch through a method table, requests to the client and their answers; knows nothing of documents or facts.
 *
 * Messages are queued as they are read (lsp_session_receive) and handled together, in order,
 * when the batch that brought them ends (lsp_session_drain); a $/cancelRequest is acted on as it
 * arrives, so that a request it names that is still queued is answered -32800 in its place and
 * never runs.  The rules live here, once: before "initialize" is answered, requests get -32002
 * and notifications are dropped (but "exit" and "$/cancelRequest"); after "shutdown", requests
 * get -32600; unknown requests -32601, unknown notifications ignored; a notification method sent
 * with an id -32600; every request is answered exactly once.  The owner gives the methods as a
 * table of rows; its handlers move the session through its states. */
#ifndef ESCLSP_SESSION_H
#define ESCLSP_SESSION_H

#include "jsonrpc.h"
#include "text.h"

#include <stdbool.h>
#include <stddef.h>

enum lsp_session_state {
  SESSION_NEW,       /* waiting for initialize */
  SESSION_RUNNING,   /* initialize answered */
  SESSION_SHUT_DOWN, /* shutdown answered: only exit is accepted */
  SESSION_EXITED     /* done: nothing more is handled or sent */
};

/* A handler reads MSG (its params may be NULL) and returns 0 with, for requests, *RESULT a new
 * reference (NULL: JSON null); or -1 with ERR (for a notification only logged).  A handler that
 * wrote a large reply as text itself (lsp_session_send_text) returns SESSION_ANSWERED: that is
 * the request's one reply.  RESULT is NULL for notifications. */
#define SESSION_ANSWERED 1
typedef int (*lsp_handler_fn)(void *ctx, struct rpc_message *msg, json_t **result,
                              struct rpc_error *err);

/* A row of the method table. */
enum {
  METHOD_NOTIFICATION = 1,  /* else a request */
  METHOD_BEFORE_INIT = 2,   /* handled before initialize too */
  METHOD_AFTER_SHUTDOWN = 4 /* handled after shutdown too */
};
struct lsp_method {
  const char *name;
  unsigned flags;
  lsp_handler_fn handler;
};

/* What the session calls back: OUTPUT sends one whole message (LEN bytes of JSON, handed over:
 * it frees BODY); the handlers get CTX. */
struct lsp_session_callbacks {
  void (*output)(void *ctx, char *body, size_t len);
  void *output_ctx;
  const struct lsp_method *methods;
  size_t nmethods;
  void *ctx;
};

struct lsp_queued;
struct lsp_pending_call;

struct lsp_session {
  struct lsp_session_callbacks cb;
  enum lsp_session_state state;
  struct lsp_queued *queue, *queue_tail;
  struct lsp_pending_call *calls;
  unsigned next_call;
};

void lsp_session_init(struct lsp_session *ss, const struct lsp_session_callbacks *cb);
void lsp_session_free(struct lsp_session *ss);

/* The lifecycle, moved by the owner's handlers: initialize answered, shutdown answered, done. */
static inline enum lsp_session_state lsp_session_state(const struct lsp_session *ss)
{
  return ss->state;
}
void lsp_session_set_state(struct lsp_session *ss, enum lsp_session_state state);

/* One message body read from the client (borrowed): parsed and queued, or an error reply queued
 * in its place. */
void lsp_session_receive(struct lsp_session *ss, const char *body, size_t len);
/* A framing problem: an error reply (-32700, id null) queued. */
void lsp_session_framing_error(struct lsp_session *ss, const char *reason);
/* Handles every queued message, in order. */
void lsp_session_drain(struct lsp_session *ss);

/* Sending (nothing is sent once the session has exited; out of memory is logged). */
void lsp_session_send(struct lsp_session *ss, json_t *msg);       /* MSG stolen */
void lsp_session_send_text(struct lsp_session *ss, struct esc_text *t); /* T emptied */
void lsp_session_notify(struct lsp_session *ss, const char *method, json_t *params);

/* Sends a request to the client (PARAMS stolen).  When ANSWER is not NULL, it is called with the
 * client's result (or error) once it answers; at most LSP_SESSION_MAX_CALLS answers are awaited
 * at a time (the oldest forgotten first), so that a client that never answers costs little. */
#define LSP_SESSION_MAX_CALLS 16
typedef void (*lsp_answer_fn)(void *ctx, const json_t *result, const json_t *error);
void lsp_session_request(struct lsp_session *ss, const char *method, json_t *params,
                         lsp_answer_fn answer, void *ctx);

#endif /* ESCLSP_SESSION_H */
