/* requests.c - the LSP requests about one open document: hover, inlay hints, code lenses, pulled diagnostics, and the command the lenses run. */
#include "requests.h"

#include "log.h"
#include "protocol.h"
#include "session.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int out_of_memory(struct rpc_error *err)
{
  return rpc_fail(err, RPC_INTERNAL_ERROR, "out of memory");
}

int request_hover(void *server, struct rpc_message *msg, json_t **result, struct rpc_error *err)
{
  json_t *params = msg->params;
  struct position_params p;
  struct lsp_document_view view;
  struct lsp_hover hover;
  if (position_params_from_json(params, &p, err))
    return -1;
  bool open = lsp_server_view(server, p.uri, "hover", &view);
  if (!open) {
    *result = json_null();
    return 0;
  }
  int found = hover_build(&view.ctx, p.position, view.markdown, &hover);
  if (found < 0)
    return out_of_memory(err);
  *result = found ? hover_to_json(&hover) : json_null();
  lsp_hover_free(&hover);
  return *result ? 0 : out_of_memory(err);
}

int request_inlay_hint(void *server, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err)
{
  json_t *params = msg->params;
  struct range_params p;
  struct lsp_document_view view;
  struct lsp_inlay_hints hints = { 0 };
  if (range_params_from_json(params, &p, err))
    return -1;
  bool open = lsp_server_view(server, p.uri, "inlayHint", &view);
  if (open) {
    if (inlay_hints_build(&view.ctx, p.range, &hints) != 0) {
      lsp_inlay_hints_free(&hints);
      return out_of_memory(err);
    }
  }
  *result = inlay_hints_to_json(&hints);
  lsp_inlay_hints_free(&hints);
  return *result ? 0 : out_of_memory(err);
}

int request_code_lens(void *server, struct rpc_message *msg, json_t **result,
                      struct rpc_error *err)
{
  json_t *params = msg->params;
  const char *uri;
  struct lsp_document_view view;
  struct lsp_code_lenses lenses = { 0 };
  if (document_uri_from_json(params, &uri, err))
    return -1;
  bool open = lsp_server_view(server, uri, "codeLens", &view);
  if (open) {
    if (code_lenses_build(&view.ctx, &lenses) != 0) {
      lsp_code_lenses_free(&lenses);
      return out_of_memory(err);
    }
  }
  *result = code_lenses_to_json(&lenses);
  lsp_code_lenses_free(&lenses);
  return *result ? 0 : out_of_memory(err);
}

int request_diagnostic(void *server, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err)
{
  json_t *params = msg->params;
  struct diagnostic_params p;
  struct lsp_document_view view;
  struct lsp_diagnostics list = { 0 };
  char id[32];
  if (diagnostic_params_from_json(params, &p, err))
    return -1;
  bool open = lsp_server_view(server, p.uri, "diagnostic", &view);
  snprintf(id, sizeof id, "%" PRIu64, open ? view.generation : 0);
  (void)result;
  bool unchanged = open && p.previous_result_id && strcmp(p.previous_result_id, id) == 0;
  if (open && !unchanged) {
    if (diagnostics_build(&view.ctx, &list) != 0) {
      lsp_diagnostics_free(&list);
      return out_of_memory(err);
    }
  }
  struct esc_text t;
  esc_text_init(&t);
  diagnostic_report_write(&t, msg->id, id, unchanged ? NULL : &list);
  lsp_diagnostics_free(&list);
  if (t.failed) {
    esc_text_free(&t);
    return out_of_memory(err);
  }
  lsp_session_send_text(lsp_server_session(server), &t);
  return SESSION_ANSWERED;
}

int request_execute_command(void *server, struct rpc_message *msg, json_t **result,
                            struct rpc_error *err)
{
  json_t *params = msg->params;
  struct execute_command_params p;
  struct lsp_document_view view;
  if (execute_command_params_from_json(params, &p, err))
    return -1;
  if (strcmp(p.command, SHOW_FACTS_COMMAND) != 0)
    return rpc_fail(err, RPC_INVALID_PARAMS, "unknown command '%s'", p.command);
  const char *uri = p.uri, *function = p.function;
  if (!uri || !function)
    return rpc_fail(err, RPC_INVALID_PARAMS,
                    "%s needs the arguments [documentUri, functionName]", SHOW_FACTS_COMMAND);
  bool open = lsp_server_view(server, uri, SHOW_FACTS_COMMAND, &view);
  if (!open)
    return rpc_fail(err, RPC_INVALID_PARAMS, "document '%s' is not open", uri);
  /* The facts as diagnostics (with their flows) for a client that lists them itself; the
   * others also get them as a message, which every client shows. */
  struct lsp_diagnostics facts;
  struct esc_text t;
  esc_text_init(&t);
  int rc = diagnostics_of_function(&view.ctx, function, &facts);
  if (rc == 0)
    fact_list_response_write(&t, msg->id, uri, function, &facts);
  lsp_diagnostics_free(&facts);
  char *text = NULL;
  if (rc != 0 || t.failed
      || (!lsp_server_shows_fact_lists(server) && !(text = code_lens_fact_list(&view.ctx, function)))) {
    esc_text_free(&t);
    return out_of_memory(err);
  }
  if (text)
    lsp_session_notify(lsp_server_session(server), "window/showMessage",
                       message_params_to_json(3, text));
  free(text);
  lsp_session_send_text(lsp_server_session(server), &t);
  return SESSION_ANSWERED;
}
