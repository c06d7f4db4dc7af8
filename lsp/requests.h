/* requests.h - the LSP requests about one open document (hover, inlay hints, code lenses, pulled diagnostics, the show-facts command): rows of the server's method table, written against the narrow view of the server below. */
#ifndef ESCLSP_REQUESTS_H
#define ESCLSP_REQUESTS_H

#include "features.h"
#include "jsonrpc.h"

#include <stdbool.h>
#include <stdint.h>

struct lsp_server;
struct lsp_session;

/* What a request about one open document sees of the server (server.c). */
struct lsp_document_view {
  struct feature_context ctx;
  uint64_t generation; /* bumped whenever its diagnostics may have changed: pull result ids */
  bool markdown;       /* the client shows markdown hovers */
};

/* Fills VIEW for the open document URI; false (logged under METHOD) when it is not open. */
bool lsp_server_view(struct lsp_server *s, const char *uri, const char *method,
                     struct lsp_document_view *view);

/* The server's conversation, to send with. */
struct lsp_session *lsp_server_session(struct lsp_server *s);

/* The client shows escinfo.showFacts' result itself (experimental.escinfoFactList). */
bool lsp_server_shows_fact_lists(const struct lsp_server *s);

/* The handlers (lsp_handler_fn, SERVER being the server). */
int request_hover(void *server, struct rpc_message *msg, json_t **result, struct rpc_error *err);
int request_inlay_hint(void *server, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err);
int request_code_lens(void *server, struct rpc_message *msg, json_t **result,
                      struct rpc_error *err);
int request_diagnostic(void *server, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err);
int request_execute_command(void *server, struct rpc_message *msg, json_t **result,
                            struct rpc_error *err);

#endif /* ESCLSP_REQUESTS_H */
