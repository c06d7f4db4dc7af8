/* server.h - the language server's state and its one JSON-RPC dispatcher: lifecycle, documents, settings, live facts. */
#ifndef ESCLSP_SERVER_H
#define ESCLSP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#ifndef PACKAGE_VERSION
#error "PACKAGE_VERSION comes from configure.ac (AC_INIT), through -D"
#endif

struct lsp_server;

/* Where the server's messages go: BODY (LEN bytes of JSON, malloc'd, handed over: the callee
 * frees it) is one whole message, to be framed by the caller (lsp_transport_send_owned, which
 * writes it without copying: a large file's diagnostics are megabytes) or collected (a fuzz
 * target, a test). */
typedef void (*lsp_output_fn)(void *ctx, char *body, size_t len);

/* Called once when the server is done: after "exit", when the input ended, when the output
 * failed or when the client process is gone.  STATUS is the exit status: 0 when "shutdown"
 * came first, else 1.  The callback typically closes the transport and the server. */
typedef void (*lsp_exit_fn)(void *ctx, int status);

/* A server on LOOP.  CACHE_DIR is the --cache directory, or NULL for the environment's.
 * Returns NULL when out of memory or when LOOP refuses a handle (having run LOOP once to close
 * what it opened).  Close with lsp_server_close, run LOOP until it ends, then lsp_server_free. */
struct lsp_server *lsp_server_new(uv_loop_t *loop, const char *cache_dir, lsp_output_fn output,
                                  void *output_ctx, lsp_exit_fn on_exit, void *exit_ctx);

/* One message body from the transport (borrowed).  Messages are queued and handled in order by
 * lsp_server_drain; a $/cancelRequest takes effect at once on the requests still queued. */
void lsp_server_handle_message(struct lsp_server *s, const char *body, size_t len);

/* The first bytes of a large message still arriving (the transport's head callback): a didOpen
 * seen there has its facts read meanwhile (prefetch.h). */
void lsp_server_message_head(struct lsp_server *s, const char *head, size_t len);

/* A framing problem reported by the transport: answered with a -32700 error (id null). */
void lsp_server_framing_error(struct lsp_server *s, const char *reason);

/* Handles every queued message. */
void lsp_server_drain(struct lsp_server *s);

/* The input ended: the server is done (status 0 after "shutdown", 1 otherwise). */
void lsp_server_input_closed(struct lsp_server *s);

/* With ON, everything a message leads to is done before its handling returns: diagnostics after
 * edits are published at once instead of after a delay (for feed.h, which runs no event loop). */
void lsp_server_set_synchronous(struct lsp_server *s, bool on);

/* Starts closing the server's handles (watchers, timers); the loop must run until they are
 * closed before lsp_server_free.  Safe to call more than once. */
void lsp_server_close(struct lsp_server *s);

/* Frees S once its handles are closed (after uv_run returned). */
void lsp_server_free(struct lsp_server *s);

#endif /* ESCLSP_SERVER_H */
