/* session.c - one JSON-RPC conversation with a client: the order of messages, the lifecycle rules, dispatch through a method table, requests to the client and their answers. */
#include "session.h"

#include "log.h"
#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A received message waiting to be handled, or an error reply waiting to be sent (so that
 * replies keep the order of the messages). */
struct lsp_queued {
  struct rpc_message msg; /* msg.root == NULL: REPLY is an error to send */
  json_t *reply;          /* owned */
  struct lsp_queued *next;
};

/* A request the session sent and whose answer someone awaits. */
struct lsp_pending_call {
  char id[32];
  lsp_answer_fn answer;
  void *ctx;
  struct lsp_pending_call *next;
};

void lsp_session_init(struct lsp_session *ss, const struct lsp_session_callbacks *cb)
{
  memset(ss, 0, sizeof *ss);
  ss->cb = *cb;
  ss->state = SESSION_NEW;
}

void lsp_session_free(struct lsp_session *ss)
{
  while (ss->queue) {
    struct lsp_queued *q = ss->queue;
    ss->queue = q->next;
    rpc_message_free(&q->msg);
    json_decref(q->reply);
    free(q);
  }
  while (ss->calls) {
    struct lsp_pending_call *c = ss->calls;
    ss->calls = c->next;
    free(c);
  }
  ss->queue_tail = NULL;
}

void lsp_session_set_state(struct lsp_session *ss, enum lsp_session_state state)
{
  ss->state = state;
}

/* ---- sending -------------------------------------------------------------------------------- */

/* Hands TEXT (LEN bytes, malloc'd) to the output, or frees it once the session has exited. */
static void output(struct lsp_session *ss, char *text, size_t len)
{
  if (ss->state != SESSION_EXITED)
    ss->cb.output(ss->cb.output_ctx, text, len);
  else
    free(text);
}

void lsp_session_send(struct lsp_session *ss, json_t *msg)
{
  size_t len;
  char *text = msg ? rpc_dump(msg, &len) : NULL;
  json_decref(msg);
  if (!text) {
    log_error("out of memory: a message to the client is lost");
    return;
  }
  output(ss, text, len);
}

void lsp_session_send_text(struct lsp_session *ss, struct esc_text *t)
{
  size_t len;
  char *text = esc_text_take(t, &len);
  if (!text) {
    log_error("out of memory: a message to the client is lost");
    return;
  }
  output(ss, text, len);
}

void lsp_session_notify(struct lsp_session *ss, const char *method, json_t *params)
{
  lsp_session_send(ss, rpc_call_new(NULL, method, params));
}

void lsp_session_request(struct lsp_session *ss, const char *method, json_t *params,
                         lsp_answer_fn answer, void *ctx)
{
  char id[32];
  snprintf(id, sizeof id, "esclsp-%u", ++ss->next_call);
  if (answer) { /* remembered until answered */
    struct lsp_pending_call *c = calloc(1, sizeof *c);
    if (!c) {
      json_decref(params);
      log_error("out of memory: request '%s' not sent", method);
      return;
    }
    memcpy(c->id, id, sizeof id);
    c->answer = answer;
    c->ctx = ctx;
    c->next = ss->calls;
    ss->calls = c;
    size_t n = 0;
    for (struct lsp_pending_call **link = &ss->calls; *link; link = &(*link)->next)
      if (++n > LSP_SESSION_MAX_CALLS) {
        struct lsp_pending_call *old = *link;
        *link = NULL;
        while (old) {
          struct lsp_pending_call *next = old->next;
          free(old);
          old = next;
        }
        break;
      }
  }
  lsp_session_send(ss, rpc_call_new(id, method, params));
}

/* ---- dispatch: the JSON-RPC rules, all in one place ------------------------------------------ */

static const struct lsp_method *find_method(const struct lsp_session *ss, const char *name)
{
  for (size_t i = 0; i < ss->cb.nmethods; i++)
    if (strcmp(ss->cb.methods[i].name, name) == 0)
      return &ss->cb.methods[i];
  return NULL;
}

/* Answers the request ID (borrowed; NULL: null) with an error. */
static void reply_error(struct lsp_session *ss, json_t *id, int code, const char *message)
{
  log_info("error %d: %s", code, message);
  lsp_session_send(ss, rpc_error_new(id, code, message));
}

/* The answer of the client to a request the session sent. */
static void handle_response(struct lsp_session *ss, const struct rpc_message *msg)
{
  const char *id = json_string_value(msg->id);
  for (struct lsp_pending_call **link = &ss->calls; id && *link; link = &(*link)->next) {
    struct lsp_pending_call *c = *link;
    if (strcmp(c->id, id) != 0)
      continue;
    *link = c->next;
    if (msg->error)
      log_info("the client answered %s with an error", c->id);
    c->answer(c->ctx, msg->result, msg->error);
    free(c);
    return;
  }
  log_debug("an answer to no request of ours: ignored");
}

/* A notification: dropped before initialize and after shutdown (but exit), ignored when
 * unknown, its handler's error logged.  Never answered. */
static void dispatch_notification(struct lsp_session *ss, struct rpc_message *msg,
                                  const struct lsp_method *m)
{
  struct rpc_error err;
  if (!m) {
    if (strncmp(msg->method, "$/", 2) != 0)
      log_info("notification '%s' is not handled: ignored", msg->method);
    return;
  }
  if ((ss->state == SESSION_NEW && !(m->flags & METHOD_BEFORE_INIT))
      || (ss->state == SESSION_SHUT_DOWN && !(m->flags & METHOD_AFTER_SHUTDOWN))) {
    log_info("notification '%s' dropped: %s", msg->method,
             ss->state == SESSION_NEW ? "not initialized yet" : "shut down");
    return;
  }
  if (!(m->flags & METHOD_NOTIFICATION)) {
    log_warn("'%s' is a request but came without an id: ignored", msg->method);
    return;
  }
  if (m->handler(ss->cb.ctx, msg, NULL, &err) != 0)
    log_warn("%s: %s", msg->method, err.message);
}

/* A request: answered exactly once, with its handler's result or one of the errors the rules
 * give (-32002 before initialize, -32600 after shutdown or for a notification method, -32601
 * for an unknown method, the handler's own). */
static void dispatch_request(struct lsp_session *ss, struct rpc_message *msg,
                             const struct lsp_method *m)
{
  struct rpc_error err;
  json_t *result = NULL;
  char message[RPC_MESSAGE_SIZE];
  if (ss->state == SESSION_NEW && !(m && (m->flags & METHOD_BEFORE_INIT))) {
    reply_error(ss, msg->id, RPC_SERVER_NOT_INITIALIZED,
                "the server is not initialized: send 'initialize' first");
    return;
  }
  if (ss->state == SESSION_SHUT_DOWN) {
    reply_error(ss, msg->id, RPC_INVALID_REQUEST, "the server is shut down: only 'exit' is accepted");
    return;
  }
  if (!m) {
    snprintf(message, sizeof message, "unknown method '%s'", msg->method);
    reply_error(ss, msg->id, RPC_METHOD_NOT_FOUND, message);
    return;
  }
  if (m->flags & METHOD_NOTIFICATION) {
    snprintf(message, sizeof message, "'%s' is a notification: send it without an id", msg->method);
    reply_error(ss, msg->id, RPC_INVALID_REQUEST, message);
    return;
  }
  int rc = m->handler(ss->cb.ctx, msg, &result, &err);
  if (rc == SESSION_ANSWERED)
    return;
  if (rc != 0) {
    json_decref(result);
    reply_error(ss, msg->id, err.code, err.message);
    return;
  }
  lsp_session_send(ss, rpc_result_new(msg->id, result));
}

/* Handles one queued message. */
static void dispatch(struct lsp_session *ss, struct rpc_message *msg)
{
  if (msg->kind == RPC_RESPONSE) {
    handle_response(ss, msg);
    return;
  }
  log_debug("handling '%s'", msg->method);
  const struct lsp_method *m = find_method(ss, msg->method);
  if (msg->kind == RPC_NOTIFICATION)
    dispatch_notification(ss, msg, m);
  else
    dispatch_request(ss, msg, m);
}

/* ---- the queue ------------------------------------------------------------------------------ */

static void enqueue(struct lsp_session *ss, struct lsp_queued *q)
{
  if (ss->queue_tail)
    ss->queue_tail->next = q;
  else
    ss->queue = q;
  ss->queue_tail = q;
}

/* Queues an error reply (ID borrowed). */
static void enqueue_error(struct lsp_session *ss, json_t *id, int code, const char *message)
{
  struct lsp_queued *q = calloc(1, sizeof *q);
  if (q)
    q->reply = rpc_error_new(id, code, message);
  if (!q || !q->reply) {
    free(q);
    log_error("out of memory: error reply lost");
    return;
  }
  log_info("error %d: %s", code, message);
  enqueue(ss, q);
}

static bool same_id(const json_t *a, const json_t *b)
{
  return a && b && json_equal((json_t *)a, (json_t *)b);
}

/* $/cancelRequest: a request still queued is answered at once with -32800 and not run. */
static void cancel_queued(struct lsp_session *ss, const struct rpc_message *msg)
{
  struct rpc_error err;
  json_t *id;
  if (cancel_params_from_json(msg->params, &id, &err) != 0) {
    log_warn("$/cancelRequest: %s", err.message);
    return;
  }
  for (struct lsp_queued **link = &ss->queue, *prev = NULL; *link;
       prev = *link, link = &(*link)->next) {
    struct lsp_queued *q = *link;
    if (!q->msg.root || q->msg.kind != RPC_REQUEST || !same_id(q->msg.id, id))
      continue;
    /* answered in its place in the queue, so replies keep their order */
    q->reply = rpc_error_new(q->msg.id, RPC_REQUEST_CANCELLED, "request cancelled");
    rpc_message_free(&q->msg);
    if (!q->reply) {
      *link = q->next;
      if (ss->queue_tail == q)
        ss->queue_tail = prev;
      free(q);
    }
    log_info("request cancelled before it ran");
    return;
  }
  log_debug("$/cancelRequest: no such request waiting (already answered)");
}

void lsp_session_receive(struct lsp_session *ss, const char *body, size_t len)
{
  struct rpc_error err;
  json_t *err_id;
  struct lsp_queued *q;
  if (ss->state == SESSION_EXITED)
    return;
  log_debug("received %.*s", len > 2000 ? 2000 : (int)len, body);
  if (!(q = calloc(1, sizeof *q))) {
    log_error("out of memory: a message is lost");
    return;
  }
  if (rpc_parse(body, len, &q->msg, &err, &err_id) != 0) {
    free(q);
    enqueue_error(ss, err_id, err.code, err.message);
    json_decref(err_id);
    return;
  }
  if (q->msg.kind == RPC_NOTIFICATION && strcmp(q->msg.method, "$/cancelRequest") == 0) {
    cancel_queued(ss, &q->msg);
    rpc_message_free(&q->msg);
    free(q);
    return;
  }
  enqueue(ss, q);
}

void lsp_session_framing_error(struct lsp_session *ss, const char *reason)
{
  char message[RPC_MESSAGE_SIZE];
  if (ss->state == SESSION_EXITED)
    return;
  snprintf(message, sizeof message, "bad message framing: %s", reason);
  enqueue_error(ss, NULL, RPC_PARSE_ERROR, message);
}

void lsp_session_drain(struct lsp_session *ss)
{
  while (ss->queue) {
    struct lsp_queued *q = ss->queue;
    ss->queue = q->next;
    if (!ss->queue)
      ss->queue_tail = NULL;
    if (ss->state != SESSION_EXITED) {
      if (q->msg.root)
        dispatch(ss, &q->msg);
      else
        lsp_session_send(ss, json_incref(q->reply));
    }
    rpc_message_free(&q->msg);
    json_decref(q->reply);
    free(q);
  }
}
