/* protocol.h - LSP messages as plain C structs: *_from_json for what the client sends, *_to_json for what the server answers. */
#ifndef ESCLSP_PROTOCOL_H
#define ESCLSP_PROTOCOL_H

#include "jsonrpc.h"
#include "text.h"
#include "types.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Parsers: each reads PARAMS (borrowed) into *OUT and returns 0, or returns -1 with ERR set to
 * RPC_INVALID_PARAMS and a message naming the member at fault.  Strings in *OUT are borrowed
 * from PARAMS (valid while the message lives) unless marked owned. */

/* What the server needs of the client's initialize request. */
struct initialize_params {
  int64_t process_id;       /* -1: none given */
  bool utf8;                /* general.positionEncodings offers "utf-8" */
  bool pull_diagnostics;    /* textDocument.diagnostic: the client pulls diagnostics */
  bool diagnostic_refresh;  /* workspace.diagnostics.refreshSupport */
  bool inlay_refresh;       /* workspace.inlayHint.refreshSupport */
  bool code_lens_refresh;   /* workspace.codeLens.refreshSupport */
  bool markdown;            /* textDocument.hover.contentFormat has "markdown" (or is absent) */
  bool configuration;       /* workspace.configuration: the server may ask for settings */
  bool file_status;         /* experimental.escinfoFileStatus: wants escinfo/fileStatus */
  bool work_done_progress;  /* window.workDoneProgress: shows $/progress the server starts */
  bool fact_list;           /* experimental.escinfoFactList: shows escinfo.showFacts' result
                               itself (no window/showMessage) */
  const char *root_uri;     /* rootUri or the first workspace folder, or NULL */
  const char *client_name;  /* clientInfo.name, or NULL */
  const json_t *options;    /* initializationOptions, or NULL */
};
int initialize_params_from_json(const json_t *params, struct initialize_params *out,
                                struct rpc_error *err);

struct did_open_params {
  const char *uri, *language_id;
  int64_t version;
  const char *text;
  size_t len;
  const json_t *text_node; /* for rpc_string_take */
};
/* TEXT is borrowed from MSG (a long string's own bytes: see rpc_long_string). */
int did_open_params_from_json(const struct rpc_message *msg, struct did_open_params *out,
                              struct rpc_error *err);

struct content_change {
  bool has_range;           /* false: TEXT is the whole document */
  struct lsp_range range;
  const char *text;
  size_t len;
};

struct did_change_params {
  const char *uri;
  int64_t version;
  struct content_change *changes; /* owned array (free with did_change_params_free) */
  size_t nchanges;
};
int did_change_params_from_json(const struct rpc_message *msg, struct did_change_params *out,
                                struct rpc_error *err);
void did_change_params_free(struct did_change_params *p);

/* Requests and notifications that only name a document: didSave, didClose, codeLens. */
int document_uri_from_json(const json_t *params, const char **uri, struct rpc_error *err);

struct position_params {
  const char *uri;
  struct lsp_position position;
};
int position_params_from_json(const json_t *params, struct position_params *out,
                              struct rpc_error *err);

struct range_params {
  const char *uri;
  struct lsp_range range;
};
int range_params_from_json(const json_t *params, struct range_params *out, struct rpc_error *err);

struct diagnostic_params {
  const char *uri;
  const char *previous_result_id; /* or NULL */
};
int diagnostic_params_from_json(const json_t *params, struct diagnostic_params *out,
                                struct rpc_error *err);

struct execute_command_params {
  const char *command;
  const char *uri, *function; /* arguments[0] and [1] when strings (escinfo.showFacts), or NULL */
};
int execute_command_params_from_json(const json_t *params, struct execute_command_params *out,
                                     struct rpc_error *err);

/* $/cancelRequest: *ID borrowed (a string or an integer). */
int cancel_params_from_json(const json_t *params, json_t **id, struct rpc_error *err);

/* workspace/didChangeConfiguration: *SETTINGS borrowed (NULL when absent or null). */
int configuration_params_from_json(const json_t *params, const json_t **settings,
                                   struct rpc_error *err);

/* The settings in the client's answer to workspace/configuration (its first item), or NULL. */
const json_t *configuration_result_from_json(const json_t *result);

/* Builders: each returns a new reference, or NULL when out of memory. */

struct server_capabilities {
  enum lsp_encoding encoding;
  bool pull_diagnostics;
};
json_t *initialize_result_to_json(const struct server_capabilities *caps, const char *version);

json_t *position_to_json(struct lsp_position p);
json_t *range_to_json(struct lsp_range r);

/* Diagnostics are written as text, not built as a tree: for a large file they are megabytes,
 * and a JSON tree of them costs more than everything else the answer needs.  Each writer
 * appends to T (check T's failed flag once at the end). */

/* The Diagnostic[] array of LIST. */
void diagnostics_write(struct esc_text *t, const struct lsp_diagnostics *list);

/* The whole textDocument/publishDiagnostics notification; VERSION < 0 leaves the version out. */
void publish_diagnostics_write(struct esc_text *t, const char *uri, int64_t version,
                               const struct lsp_diagnostics *list);

/* The whole answer to the textDocument/diagnostic request ID (borrowed; NULL: null): a "full"
 * report with LIST, or "unchanged" when LIST is NULL. */
/* Writes the response ID to escinfo.showFacts: {"uri", "function", "facts": [Diagnostic...]}. */
void fact_list_response_write(struct esc_text *t, const json_t *id, const char *uri,
                              const char *function, const struct lsp_diagnostics *facts);
void diagnostic_report_write(struct esc_text *t, const json_t *id, const char *result_id,
                             const struct lsp_diagnostics *list);

json_t *hover_to_json(const struct lsp_hover *hover);
json_t *inlay_hints_to_json(const struct lsp_inlay_hints *list);
json_t *code_lenses_to_json(const struct lsp_code_lenses *list);

/* escinfo/fileStatus params for the document URI (VERSION < 0: left out), whose facts came from
 * the cache CACHE_DIR (NULL: none found), which ORIGIN says where it comes from. */
struct file_status;
json_t *file_status_to_json(const char *uri, int64_t version, const char *cache_dir,
                            const char *origin, const struct file_status *status);

/* window/showMessage and window/logMessage params (TYPE: 1 error .. 4 log). */
json_t *message_params_to_json(int type, const char *message);

/* workspace/configuration params asking for SECTION. */
json_t *configuration_request_to_json(const char *section);

#endif /* ESCLSP_PROTOCOL_H */
