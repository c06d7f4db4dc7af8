/* protocol.c - LSP messages as plain C structs: *_from_json for what the client sends, *_to_json for what the server answers. */
#include "protocol.h"

#include "features.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ------------------------------------------------------------------------------- */

static int bad(struct rpc_error *err, const char *what, const char *should)
{
  return rpc_fail(err, RPC_INVALID_PARAMS, "params%s%s should be %s", what[0] ? "." : "", what,
                  should);
}

/* The object PARAMS, or an error: every LSP params value read here is an object. */
static int need_object(const json_t *v, const char *what, struct rpc_error *err)
{
  return json_is_object(v) ? 0 : bad(err, what, "an object");
}

/* Member NAME of OBJ as a string (borrowed).  WHAT names it in the error. */
static int get_string(const json_t *obj, const char *name, const char *what, const char **out,
                      struct rpc_error *err)
{
  const json_t *v = json_object_get(obj, name);
  if (!json_is_string(v))
    return bad(err, what, "a string");
  *out = json_string_value(v);
  return 0;
}

/* Is V a whole number, written as an integer or, as some clients write them, a real (1.0)?  Its
 * value in *OUT. */
static bool whole_number(const json_t *v, json_int_t *out)
{
  if (json_is_integer(v)) {
    *out = json_integer_value(v);
    return true;
  }
  if (!json_is_real(v))
    return false;
  double d = json_real_value(v);
  if (!(d >= -9.0e15 && d <= 9.0e15) || d != (double)(json_int_t)d)
    return false;
  *out = (json_int_t)d;
  return true;
}

/* A non-negative integer, clamped to UINT32_MAX (LSP's uinteger is 2^31-1 at most anyway). */
static int get_uint(const json_t *obj, const char *name, const char *what, uint32_t *out,
                    struct rpc_error *err)
{
  const json_t *v = json_object_get(obj, name);
  json_int_t n;
  if (!whole_number(v, &n) || n < 0)
    return bad(err, what, "a non-negative integer");
  *out = n > (json_int_t)UINT32_MAX ? UINT32_MAX : (uint32_t)n;
  return 0;
}

/* Position V (borrowed), named WHAT in errors.  Returns 0, or -1 with ERR (-32602). */
static int position_from_json(const json_t *v, const char *what, struct lsp_position *p,
                              struct rpc_error *err)
{
  char line[96], character[96];
  if (need_object(v, what, err))
    return -1;
  snprintf(line, sizeof line, "%s.line", what);
  snprintf(character, sizeof character, "%s.character", what);
  if (get_uint(v, "line", line, &p->line, err) || get_uint(v, "character", character, &p->character, err))
    return -1;
  return 0;
}

/* Range V (borrowed), named WHAT in errors.  Returns 0, or -1 with ERR (-32602). */
static int range_from_json(const json_t *v, const char *what, struct lsp_range *r,
                           struct rpc_error *err)
{
  char start[64], end[64];
  if (need_object(v, what, err))
    return -1;
  snprintf(start, sizeof start, "%s.start", what);
  snprintf(end, sizeof end, "%s.end", what);
  if (position_from_json(json_object_get(v, "start"), start, &r->start, err)
      || position_from_json(json_object_get(v, "end"), end, &r->end, err))
    return -1;
  return 0;
}

/* params.textDocument.uri. */
static int text_document_uri(const json_t *params, const char **uri, struct rpc_error *err)
{
  const json_t *td;
  if (need_object(params, "", err))
    return -1;
  td = json_object_get(params, "textDocument");
  if (need_object(td, "textDocument", err))
    return -1;
  return get_string(td, "uri", "textDocument.uri", uri, err);
}

/* The member at PATH ("a.b.c") below V, or NULL. */
static const json_t *dig(const json_t *v, const char *path)
{
  char name[64];
  while (v && *path) {
    size_t n = strcspn(path, ".");
    if (n >= sizeof name)
      return NULL;
    memcpy(name, path, n);
    name[n] = '\0';
    v = json_object_get(v, name);
    path += n + (path[n] == '.');
  }
  return v;
}

/* True when the member at PATH below V is JSON true. */
static bool dig_true(const json_t *v, const char *path)
{
  return json_is_true(dig(v, path));
}

/* True when the array at PATH below V holds the string S. */
static bool array_has(const json_t *v, const char *path, const char *s)
{
  const json_t *a = dig(v, path), *item;
  size_t i;
  if (!json_is_array(a))
    return false;
  json_array_foreach(a, i, item) if (json_is_string(item) && strcmp(json_string_value(item), s) == 0) return true;
  return false;
}

int initialize_params_from_json(const json_t *params, struct initialize_params *out,
                                struct rpc_error *err)
{
  memset(out, 0, sizeof *out);
  out->process_id = -1;
  out->markdown = true;
  if (need_object(params, "", err))
    return -1;
  const json_t *pid = json_object_get(params, "processId");
  if (pid && !json_is_null(pid) && !json_is_integer(pid))
    return bad(err, "processId", "an integer or null");
  if (json_is_integer(pid) && json_integer_value(pid) > 0)
    out->process_id = json_integer_value(pid);
  const json_t *caps = json_object_get(params, "capabilities");
  if (caps && !json_is_object(caps))
    return bad(err, "capabilities", "an object");
  out->utf8 = array_has(caps, "general.positionEncodings", "utf-8");
  out->pull_diagnostics = json_is_object(dig(caps, "textDocument.diagnostic"));
  out->diagnostic_refresh = dig_true(caps, "workspace.diagnostics.refreshSupport");
  out->inlay_refresh = dig_true(caps, "workspace.inlayHint.refreshSupport");
  out->code_lens_refresh = dig_true(caps, "workspace.codeLens.refreshSupport");
  out->configuration = dig_true(caps, "workspace.configuration");
  out->file_status = dig_true(caps, "experimental.escinfoFileStatus");
  out->fact_list = dig_true(caps, "experimental.escinfoFactList");
  out->work_done_progress = dig_true(caps, "window.workDoneProgress");
  if (json_is_array(dig(caps, "textDocument.hover.contentFormat")))
    out->markdown = array_has(caps, "textDocument.hover.contentFormat", "markdown");
  const json_t *root = json_object_get(params, "rootUri");
  const json_t *folders = json_object_get(params, "workspaceFolders");
  if (json_is_string(root))
    out->root_uri = json_string_value(root);
  else if (json_is_array(folders) && json_is_string(dig(json_array_get(folders, 0), "uri")))
    out->root_uri = json_string_value(dig(json_array_get(folders, 0), "uri"));
  const json_t *name = dig(params, "clientInfo.name");
  out->client_name = json_is_string(name) ? json_string_value(name) : NULL;
  out->options = json_object_get(params, "initializationOptions");
  return 0;
}

int did_open_params_from_json(const struct rpc_message *msg, struct did_open_params *out,
                              struct rpc_error *err)
{
  const json_t *params = msg->params, *td, *version, *text;
  memset(out, 0, sizeof *out);
  if (need_object(params, "", err))
    return -1;
  td = json_object_get(params, "textDocument");
  if (need_object(td, "textDocument", err) || get_string(td, "uri", "textDocument.uri", &out->uri, err)
      || get_string(td, "languageId", "textDocument.languageId", &out->language_id, err))
    return -1;
  version = json_object_get(td, "version");
  json_int_t n;
  if (!whole_number(version, &n))
    return bad(err, "textDocument.version", "an integer");
  out->version = n;
  text = json_object_get(td, "text");
  if (!json_is_string(text))
    return bad(err, "textDocument.text", "a string");
  out->text = rpc_string(msg, text, &out->len);
  out->text_node = text;
  return 0;
}

int did_change_params_from_json(const struct rpc_message *msg, struct did_change_params *out,
                                struct rpc_error *err)
{
  const json_t *params = msg->params, *td, *version, *changes, *change;
  size_t i;
  memset(out, 0, sizeof *out);
  if (text_document_uri(params, &out->uri, err))
    return -1;
  td = json_object_get(params, "textDocument");
  version = json_object_get(td, "version");
  json_int_t n = -1;
  if (version && !whole_number(version, &n) && !json_is_null(version))
    return bad(err, "textDocument.version", "an integer");
  out->version = json_is_null(version) || !version ? -1 : n;
  changes = json_object_get(params, "contentChanges");
  if (!json_is_array(changes))
    return bad(err, "contentChanges", "an array");
  out->changes = calloc(json_array_size(changes) + 1, sizeof *out->changes);
  if (!out->changes)
    return rpc_fail(err, RPC_INTERNAL_ERROR, "out of memory");
  json_array_foreach(changes, i, change) {
    struct content_change *c = &out->changes[i];
    char what[64];
    snprintf(what, sizeof what, "contentChanges[%zu]", i);
    if (need_object(change, what, err))
      goto fail;
    const json_t *text = json_object_get(change, "text"), *range = json_object_get(change, "range");
    if (!json_is_string(text)) {
      snprintf(what, sizeof what, "contentChanges[%zu].text", i);
      bad(err, what, "a string");
      goto fail;
    }
    c->text = rpc_string(msg, text, &c->len);
    if (range) {
      snprintf(what, sizeof what, "contentChanges[%zu].range", i);
      if (range_from_json(range, what, &c->range, err))
        goto fail;
      c->has_range = true;
    }
    out->nchanges++;
  }
  return 0;
fail:
  did_change_params_free(out);
  return -1;
}

void did_change_params_free(struct did_change_params *p)
{
  free(p->changes);
  memset(p, 0, sizeof *p);
}

int document_uri_from_json(const json_t *params, const char **uri, struct rpc_error *err)
{
  return text_document_uri(params, uri, err);
}

int position_params_from_json(const json_t *params, struct position_params *out,
                              struct rpc_error *err)
{
  memset(out, 0, sizeof *out);
  if (text_document_uri(params, &out->uri, err))
    return -1;
  return position_from_json(json_object_get(params, "position"), "position", &out->position, err);
}

int range_params_from_json(const json_t *params, struct range_params *out, struct rpc_error *err)
{
  memset(out, 0, sizeof *out);
  if (text_document_uri(params, &out->uri, err))
    return -1;
  return range_from_json(json_object_get(params, "range"), "range", &out->range, err);
}

int diagnostic_params_from_json(const json_t *params, struct diagnostic_params *out,
                                struct rpc_error *err)
{
  memset(out, 0, sizeof *out);
  if (text_document_uri(params, &out->uri, err))
    return -1;
  const json_t *prev = json_object_get(params, "previousResultId");
  if (prev && !json_is_string(prev) && !json_is_null(prev))
    return bad(err, "previousResultId", "a string");
  out->previous_result_id = json_string_value(prev);
  return 0;
}

int execute_command_params_from_json(const json_t *params, struct execute_command_params *out,
                                     struct rpc_error *err)
{
  memset(out, 0, sizeof *out);
  if (need_object(params, "", err) || get_string(params, "command", "command", &out->command, err))
    return -1;
  const json_t *arguments = json_object_get(params, "arguments");
  if (arguments && !json_is_array(arguments))
    return bad(err, "arguments", "an array");
  out->uri = json_string_value(json_array_get(arguments, 0));
  out->function = json_string_value(json_array_get(arguments, 1));
  return 0;
}

int cancel_params_from_json(const json_t *params, json_t **id, struct rpc_error *err)
{
  if (need_object(params, "", err))
    return -1;
  *id = json_object_get(params, "id");
  if (!json_is_string(*id) && !json_is_integer(*id))
    return bad(err, "id", "a string or an integer");
  return 0;
}

int configuration_params_from_json(const json_t *params, const json_t **settings,
                                   struct rpc_error *err)
{
  if (need_object(params, "", err))
    return -1;
  *settings = json_object_get(params, "settings");
  if (json_is_null(*settings))
    *settings = NULL;
  return 0;
}

const json_t *configuration_result_from_json(const json_t *result)
{
  const json_t *settings = json_array_get(result, 0);
  return json_is_null(settings) ? NULL : settings;
}

/* ---- writing ------------------------------------------------------------------------------- */

/* Sets KEY of O to VALUE (stolen); remembers a failure in *BAD. */
static void put(json_t *o, const char *key, json_t *value, int *bad_flag)
{
  if (!value || json_object_set_new(o, key, value) != 0)
    *bad_flag = 1;
}

/* Returns O, or NULL (releasing O) when BAD_FLAG says something failed. */
static json_t *finish(json_t *o, int bad_flag)
{
  if (bad_flag || !o) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *initialize_result_to_json(const struct server_capabilities *caps, const char *version)
{
  int b = 0;
  json_t *result = json_object(), *c = json_object(), *sync = json_object();
  json_t *info = json_object(), *lens = json_object(), *cmd = json_object(), *cmds = json_array();
  if (!result || !c || !sync || !info || !lens || !cmd || !cmds) {
    json_decref(result), json_decref(c), json_decref(sync), json_decref(info);
    json_decref(lens), json_decref(cmd), json_decref(cmds);
    return NULL;
  }
  put(c, "positionEncoding", json_string(caps->encoding == LSP_ENCODING_UTF8 ? "utf-8" : "utf-16"), &b);
  put(sync, "openClose", json_true(), &b);
  put(sync, "change", json_integer(2), &b); /* incremental */
  put(sync, "save", json_pack("{s:b}", "includeText", 0), &b);
  put(c, "textDocumentSync", sync, &b);
  put(c, "hoverProvider", json_true(), &b);
  put(c, "inlayHintProvider", json_true(), &b);
  put(lens, "resolveProvider", json_false(), &b);
  put(c, "codeLensProvider", lens, &b);
  if (json_array_append_new(cmds, json_string("escinfo.showFacts")) != 0)
    b = 1;
  put(cmd, "commands", cmds, &b);
  put(c, "executeCommandProvider", cmd, &b);
  if (caps->pull_diagnostics)
    put(c, "diagnosticProvider",
        json_pack("{s:s, s:b, s:b}", "identifier", "escinfo", "interFileDependencies", 0,
                  "workspaceDiagnostics", 0),
        &b);
  put(result, "capabilities", c, &b);
  put(info, "name", json_string("esclsp"), &b);
  put(info, "version", json_string(version), &b);
  put(result, "serverInfo", info, &b);
  return finish(result, b);
}

json_t *position_to_json(struct lsp_position p)
{
  return json_pack("{s:I, s:I}", "line", (json_int_t)p.line, "character", (json_int_t)p.character);
}

json_t *range_to_json(struct lsp_range r)
{
  json_t *start = position_to_json(r.start), *end = position_to_json(r.end);
  if (!start || !end) {
    json_decref(start);
    json_decref(end);
    return NULL;
  }
  return json_pack("{s:o, s:o}", "start", start, "end", end);
}

/* ---- diagnostics, written as text ----------------------------------------------------------- */

static void write_range(struct esc_text *t, struct lsp_range r)
{
  esc_text_printf(t, "{\"start\":{\"line\":%" PRIu32 ",\"character\":%" PRIu32 "},"
                  "\"end\":{\"line\":%" PRIu32 ",\"character\":%" PRIu32 "}}",
                  r.start.line, r.start.character, r.end.line, r.end.character);
}

/* A DiagnosticRelatedInformation. */
static void write_related(struct esc_text *t, const struct lsp_related *r)
{
  esc_text_adds(t, "{\"location\":{\"uri\":");
  esc_text_json_string(t, r->uri);
  esc_text_adds(t, ",\"range\":");
  write_range(t, r->range);
  esc_text_adds(t, "},\"message\":");
  esc_text_json_string(t, r->message);
  esc_text_addc(t, '}');
}

/* A Diagnostic. */
static void write_diagnostic(struct esc_text *t, const struct lsp_diagnostic *d)
{
  esc_text_adds(t, "{\"range\":");
  write_range(t, d->range);
  esc_text_printf(t, ",\"severity\":%d,\"code\":", d->severity);
  esc_text_json_string(t, d->code);
  if (d->href) {
    esc_text_adds(t, ",\"codeDescription\":{\"href\":");
    esc_text_json_string(t, d->href);
    esc_text_addc(t, '}');
  }
  esc_text_adds(t, ",\"source\":\"escinfo\",\"message\":");
  esc_text_json_string(t, d->message);
  if (d->nrelated > 0) {
    esc_text_adds(t, ",\"relatedInformation\":[");
    for (size_t i = 0; i < d->nrelated; i++) {
      if (i)
        esc_text_addc(t, ',');
      write_related(t, &d->related[i]);
    }
    esc_text_addc(t, ']');
  }
  esc_text_adds(t, ",\"data\":{\"code\":");
  esc_text_json_string(t, d->code);
  if (d->subject) {
    esc_text_adds(t, ",\"subject\":");
    esc_text_json_string(t, d->subject);
  }
  if (d->name) {
    esc_text_adds(t, ",\"name\":");
    esc_text_json_string(t, d->name);
  }
  if (d->freshness) {
    esc_text_adds(t, ",\"freshness\":");
    esc_text_json_string(t, d->freshness);
  }
  esc_text_adds(t, "}}");
}

void diagnostics_write(struct esc_text *t, const struct lsp_diagnostics *list)
{
  esc_text_addc(t, '[');
  for (size_t i = 0; i < list->n; i++) {
    if (i)
      esc_text_addc(t, ',');
    write_diagnostic(t, &list->v[i]);
  }
  esc_text_addc(t, ']');
}

void publish_diagnostics_write(struct esc_text *t, const char *uri, int64_t version,
                               const struct lsp_diagnostics *list)
{
  esc_text_adds(t, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\","
                   "\"params\":{\"uri\":");
  esc_text_json_string(t, uri);
  if (version >= 0)
    esc_text_printf(t, ",\"version\":%" PRId64, version);
  esc_text_adds(t, ",\"diagnostics\":");
  diagnostics_write(t, list);
  esc_text_adds(t, "}}");
}

/* Writes the start of a response to ID, up to its result's first byte. */
static void response_start(struct esc_text *t, const json_t *id)
{
  char *id_text = json_dumps(id ? id : json_null(), JSON_ENCODE_ANY | JSON_COMPACT);
  if (!id_text) {
    t->failed = true;
    return;
  }
  esc_text_adds(t, "{\"jsonrpc\":\"2.0\",\"id\":");
  esc_text_adds(t, id_text);
  free(id_text);
}

void fact_list_response_write(struct esc_text *t, const json_t *id, const char *uri,
                              const char *function, const struct lsp_diagnostics *facts)
{
  response_start(t, id);
  esc_text_adds(t, ",\"result\":{\"uri\":");
  esc_text_json_string(t, uri);
  esc_text_adds(t, ",\"function\":");
  esc_text_json_string(t, function);
  esc_text_adds(t, ",\"facts\":");
  diagnostics_write(t, facts);
  esc_text_adds(t, "}}");
}

void diagnostic_report_write(struct esc_text *t, const json_t *id, const char *result_id,
                             const struct lsp_diagnostics *list)
{
  response_start(t, id);
  esc_text_printf(t, ",\"result\":{\"kind\":\"%s\",\"resultId\":", list ? "full" : "unchanged");
  esc_text_json_string(t, result_id);
  if (list) {
    esc_text_adds(t, ",\"items\":");
    diagnostics_write(t, list);
  }
  esc_text_adds(t, "}}");
}

json_t *file_status_to_json(const char *uri, int64_t version, const char *cache_dir,
                            const char *origin, const struct file_status *status)
{
  int b = 0;
  json_t *o = json_object(), *counts = json_object();
  if (!o || !counts) {
    json_decref(o);
    json_decref(counts);
    return NULL;
  }
  put(o, "uri", rpc_string_new(uri), &b);
  if (version >= 0)
    put(o, "version", json_integer(version), &b);
  put(o, "state", json_string(status->state), &b);
  put(o, "cacheDirectory", cache_dir ? rpc_string_new(cache_dir) : json_null(), &b);
  if (origin)
    put(o, "cacheOrigin", json_string(origin), &b);
  if (status->problem)
    put(o, "problem", rpc_string_new(status->problem), &b);
  if (status->entry) {
    char when[ESC_TIME_ISO_SIZE];
    esc_time_iso(status->entry->compile_time, when);
    json_t *c = json_object();
    if (c && status->entry->main_file)
      put(c, "main", rpc_string_new(status->entry->main_file), &b);
    if (c && status->entry->output)
      put(c, "output", rpc_string_new(status->entry->output), &b);
    if (c)
      put(c, "time", json_string(when), &b);
    if (c && status->entry->gcc_version)
      put(c, "gcc", rpc_string_new(status->entry->gcc_version), &b);
    if (c && status->entry->analysis_only)
      put(c, "analysisOnly", json_true(), &b);
    put(o, "compile", c, &b);
  }
  if (status->analysis) {
    json_t *a = json_object();
    const char *why = status->analysis_error ? status->analysis_error : status->analysis_off;
    if (a)
      put(a, "state", json_string(status->analysis), &b);
    if (a && why && strcmp(status->analysis, "running") != 0)
      put(a, "message", rpc_string_new(why), &b);
    put(o, "analysis", a, &b);
  }
  put(o, "entries", json_integer((json_int_t)status->entries), &b);
  put(counts, "facts", json_integer((json_int_t)status->facts), &b);
  put(counts, "shown", json_integer((json_int_t)status->shown), &b);
  put(counts, "dropped", json_integer((json_int_t)status->dropped), &b);
  put(counts, "suppressed", json_integer((json_int_t)status->suppressed), &b);
  for (int f = FACT_FRESH; f <= FACT_UNKNOWN; f++)
    put(counts, fact_freshness_name((enum fact_freshness)f),
        json_integer((json_int_t)status->by_freshness[f]), &b);
  put(o, "counts", counts, &b);
  return finish(o, b);
}

json_t *hover_to_json(const struct lsp_hover *hover)
{
  int b = 0;
  json_t *o = json_object(), *contents = json_object();
  if (!o || !contents) {
    json_decref(o);
    json_decref(contents);
    return NULL;
  }
  put(contents, "kind", json_string(hover->markdown ? "markdown" : "plaintext"), &b);
  put(contents, "value", rpc_string_new(hover->contents), &b);
  put(o, "contents", contents, &b);
  put(o, "range", range_to_json(hover->range), &b);
  return finish(o, b);
}

json_t *inlay_hints_to_json(const struct lsp_inlay_hints *list)
{
  json_t *a = json_array();
  int b = !a;
  for (size_t i = 0; !b && i < list->n; i++) {
    const struct lsp_inlay_hint *h = &list->v[i];
    json_t *o = json_object();
    if (!o) {
      b = 1;
      break;
    }
    put(o, "position", position_to_json(h->position), &b);
    put(o, "label", rpc_string_new(h->label), &b);
    put(o, "paddingLeft", json_true(), &b);
    if (h->tooltip)
      put(o, "tooltip", rpc_string_new(h->tooltip), &b);
    if (json_array_append_new(a, o) != 0)
      b = 1;
  }
  return finish(a, b);
}

json_t *code_lenses_to_json(const struct lsp_code_lenses *list)
{
  json_t *a = json_array();
  int b = !a;
  for (size_t i = 0; !b && i < list->n; i++) {
    const struct lsp_code_lens *l = &list->v[i];
    json_t *o = json_object(), *cmd = json_object(), *args = json_array();
    if (!o || !cmd || !args) {
      json_decref(o), json_decref(cmd), json_decref(args);
      b = 1;
      break;
    }
    if (json_array_append_new(args, rpc_string_new(l->arg_uri)) != 0
        || json_array_append_new(args, rpc_string_new(l->arg_function)) != 0)
      b = 1;
    put(cmd, "title", rpc_string_new(l->title), &b);
    put(cmd, "command", json_string(l->command), &b);
    put(cmd, "arguments", args, &b);
    put(o, "range", range_to_json(l->range), &b);
    put(o, "command", cmd, &b);
    if (json_array_append_new(a, o) != 0)
      b = 1;
  }
  return finish(a, b);
}

json_t *message_params_to_json(int type, const char *message)
{
  int b = 0;
  json_t *o = json_object();
  if (!o)
    return NULL;
  put(o, "type", json_integer(type), &b);
  put(o, "message", rpc_string_new(message), &b);
  return finish(o, b);
}

json_t *configuration_request_to_json(const char *section)
{
  json_t *item = json_pack("{s:s}", "section", section);
  json_t *items = item ? json_pack("[o]", item) : NULL;
  return items ? json_pack("{s:o}", "items", items) : NULL;
}
