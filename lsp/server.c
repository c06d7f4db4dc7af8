/* server.c - the language server's state and its one JSON-RPC dispatcher: lifecycle, documents, settings, live facts. */
#include "server.h"

#include "cache.h"
#include "documents.h"
#include "facts.h"
#include "features.h"
#include "jsonrpc.h"
#include "log.h"
#include "prefetch.h"
#include "protocol.h"
#include "settings.h"
#include "transport.h"
#include "uri.h"
#include "watch.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARENT_CHECK_MS 500 /* how often the client's process is checked for */
#define MAX_PENDING_CALLS 16 /* requests to the client whose answers are awaited */
#define PUBLISH_DELAY_MS 50 /* diagnostics after edits: at most this often while typing */
#define ERR_SIZE 512

enum server_state {
  STATE_NEW,       /* waiting for initialize */
  STATE_RUNNING,   /* initialize answered */
  STATE_SHUT_DOWN, /* shutdown answered: only exit is accepted */
  STATE_EXITED     /* done: nothing more is handled */
};

/* An open document, its facts and what the server sent about it. */
struct open_doc {
  struct document doc;
  struct fact_set facts;
  char *index_dir;        /* owned: the cache index directory of its file, watched */
  char *cache_problem;    /* owned: why its facts could not be read, or NULL */
  uint64_t generation;    /* bumped when its diagnostics may have changed (pull result ids) */
  bool publish_pending;   /* edited: its diagnostics go out when the publish timer fires */
  struct open_doc *next;
};

/* A received message waiting to be handled, or an error reply waiting to be sent (so that
 * replies keep the order of the messages). */
struct queued {
  struct rpc_message msg; /* msg.root == NULL: REPLY is an error to send */
  json_t *reply;          /* owned */
  struct queued *next;
};

/* A request the server sent and whose answer it uses. */
enum call_kind { CALL_IGNORE, CALL_CONFIGURATION };
struct pending_call {
  char id[32];
  enum call_kind kind;
  struct pending_call *next;
};

struct lsp_server {
  uv_loop_t *loop;
  lsp_output_fn output;
  void *output_ctx;
  lsp_exit_fn on_exit;
  void *exit_ctx;
  enum server_state state;
  bool shutdown_received;

  /* what the client can do (initialize) */
  enum lsp_encoding encoding;
  bool pull_diagnostics, diagnostic_refresh, inlay_refresh, code_lens_refresh, markdown;
  bool configuration;
  bool file_status;       /* the client wants escinfo/fileStatus */
  char *root_path;        /* owned: the workspace root, or NULL */

  /* settings: defaults <- initializationOptions <- the last didChangeConfiguration */
  json_t *init_options;   /* owned reference, or NULL */
  json_t *config;         /* owned reference, or NULL */
  struct lsp_settings settings;
  char *cache_override;   /* owned: --cache, or NULL */
  char *cache_dir;        /* owned: the cache in use, or NULL when none can be found */
  char *cache_dir_problem;/* owned: why there is none */

  struct open_doc *docs;
  struct queued *queue, *queue_tail;
  struct lsp_framer feed_framer;
  struct pending_call *calls;
  unsigned next_call;
  uint64_t generation;

  struct watch_hub watch;
  bool watch_open;
  uv_timer_t parent_timer;  /* data: this struct */
  bool parent_timer_open;
  uv_timer_t publish_timer; /* data: this struct */
  bool publish_timer_open;
  bool feeding;             /* inside lsp_server_feed: everything is done before it returns */
  int64_t parent_pid;
  bool closing;
  struct prefetch *prefetch; /* the facts of a didOpen still arriving, being read */
};

/* ---- sending -------------------------------------------------------------------------------- */

/* Sends MSG (stolen; NULL means out of memory, logged). */
static void send_message(struct lsp_server *s, json_t *msg)
{
  size_t len;
  char *text = msg ? rpc_dump(msg, &len) : NULL;
  json_decref(msg);
  if (!text) {
    log_error("out of memory: a message to the client is lost");
    return;
  }
  if (s->state != STATE_EXITED)
    s->output(s->output_ctx, text, len);
  else
    free(text);
}

/* Sends the message written in T (emptied; a failed T means out of memory, logged). */
static void send_text(struct lsp_server *s, struct esc_text *t)
{
  size_t len;
  char *text = esc_text_take(t, &len);
  if (!text) {
    log_error("out of memory: a message to the client is lost");
    return;
  }
  if (s->state != STATE_EXITED)
    s->output(s->output_ctx, text, len);
  else
    free(text);
}

static void send_notification(struct lsp_server *s, const char *method, json_t *params)
{
  send_message(s, rpc_call_new(NULL, method, params));
}

/* Sends a request to the client; KIND says what to do with the answer. */
static void send_request(struct lsp_server *s, const char *method, json_t *params,
                         enum call_kind kind)
{
  char id[32];
  snprintf(id, sizeof id, "esclsp-%u", ++s->next_call);
  if (kind != CALL_IGNORE) { /* remembered until answered; a client that never answers costs
                                at most MAX_PENDING_CALLS of them */
    struct pending_call *c = calloc(1, sizeof *c);
    if (!c) {
      json_decref(params);
      log_error("out of memory: request '%s' not sent", method);
      return;
    }
    memcpy(c->id, id, sizeof id);
    c->kind = kind;
    c->next = s->calls;
    s->calls = c;
    size_t n = 0;
    for (struct pending_call **link = &s->calls; *link; link = &(*link)->next)
      if (++n > MAX_PENDING_CALLS) {
        struct pending_call *old = *link;
        *link = NULL;
        while (old) {
          struct pending_call *next = old->next;
          free(old);
          old = next;
        }
        break;
      }
  }
  send_message(s, rpc_call_new(id, method, params));
}

/* Tells the user something in the editor (window/showMessage). */
static void show_message(struct lsp_server *s, int type, const char *message)
{
  send_notification(s, "window/showMessage", message_params_to_json(type, message));
}

/* ---- the cache ------------------------------------------------------------------------------ */

/* Makes s->cache_dir the cache the settings, the command line or the environment name. */
static void resolve_cache_dir(struct lsp_server *s)
{
  char err[ERR_SIZE] = "out of memory";
  const char *want = s->settings.cache_directory ? s->settings.cache_directory : s->cache_override;
  const char *home = getenv("HOME");
  char *dir = NULL;
  free(s->cache_dir_problem);
  s->cache_dir_problem = NULL;
  if (want && strncmp(want, "~/", 2) == 0 && home && *home) { /* "~/...": in the home directory */
    size_t n = strlen(home) + strlen(want);
    if ((dir = malloc(n)))
      snprintf(dir, n, "%s%s", home, want + 1);
  } else if (s->settings.cache_directory && *want && want[0] != '/' && s->root_path) {
    /* a relative setting: from the workspace root (a relative --cache: from the current dir) */
    size_t n = strlen(s->root_path) + strlen(want) + 2;
    if ((dir = malloc(n)))
      snprintf(dir, n, "%s/%s", s->root_path, want);
  } else {
    dir = esc_cache_dir(want, err, sizeof err);
    if (!dir)
      s->cache_dir_problem = esc_strdup(err);
  }
  if (!s->cache_dir || !dir || strcmp(s->cache_dir, dir) != 0)
    log_info("cache directory: %s", dir ? dir : err);
  free(s->cache_dir);
  s->cache_dir = dir;
}

/* esc_cache_warn_fn: a bad entry is logged and skipped. */
static void warn_entry(void *ctx, const char *path, const char *reason)
{
  (void)ctx;
  log_warn("skipping cache entry '%s': %s", path, reason);
}

/* (Re)reads the facts of OD from the cache, keeping the places of facts it already carried. */
static void load_facts(struct lsp_server *s, struct open_doc *od)
{
  char err[ERR_SIZE];
  struct fact_set fresh;
  free(od->cache_problem);
  od->cache_problem = NULL;
  free(od->index_dir);
  od->index_dir = NULL;
  od->generation = ++s->generation;
  if (!s->cache_dir || !od->doc.canonical) {
    fact_set_free(&od->facts);
    return;
  }
  od->index_dir = esc_cache_index_dir(s->cache_dir, od->doc.canonical);
  int rc = 0;
  if (s->prefetch) { /* read while the didOpen arrived, if it was this one's */
    rc = prefetch_finish(s->prefetch, s->cache_dir, od->doc.canonical, &fresh, warn_entry, s, err,
                         sizeof err);
    s->prefetch = NULL;
    if (rc == 1) {
      log_debug("%s: taking the facts read while its text arrived", od->doc.canonical);
      /* a large text opened: its hash is still being computed; placing the facts and writing
       * the diagnostics as if it were the file as compiled (what a file opened after a build
       * is) overlaps the two, and publish checks the guess (confirm_placement) */
      if (fresh.nentries > 0 && fresh.entries[0].hash[0])
        document_assume_hash(&od->doc, fresh.entries[0].hash);
      fact_set_place(&fresh, &od->doc, &od->facts);
    }
  }
  if (rc == 0)
    rc = fact_set_load(&fresh, s->cache_dir, &od->doc, &od->facts, warn_entry, s, err, sizeof err);
  if (rc < 0) {
    log_warn("%s: %s", od->doc.canonical, err);
    od->cache_problem = esc_strdup(err);
  }
  fact_set_free(&od->facts);
  od->facts = fresh;
  log_info("%s: %zu facts from %zu cache entries", od->doc.canonical, od->facts.nfacts,
           od->facts.nentries);
}

/* Watches the entries directory and the index directory of every open document. */
static void update_watches(struct lsp_server *s)
{
  size_t n = 0;
  const char **dirs;
  char *entries;
  if (!s->watch_open)
    return;
  if (!s->cache_dir) { /* no cache: nothing to watch */
    watch_hub_set(&s->watch, NULL, 0);
    return;
  }
  for (struct open_doc *od = s->docs; od; od = od->next)
    n++;
  dirs = malloc((n + 1) * sizeof *dirs);
  entries = esc_cache_entries_dir(s->cache_dir);
  if (!dirs || !entries) {
    log_error("out of memory: the cache is not watched");
    free(dirs);
    free(entries);
    return;
  }
  n = 0;
  dirs[n++] = entries;
  for (struct open_doc *od = s->docs; od; od = od->next)
    if (od->index_dir)
      dirs[n++] = od->index_dir;
  watch_hub_set(&s->watch, dirs, n);
  free(entries);
  free(dirs);
}

/* ---- publishing ----------------------------------------------------------------------------- */

static void feature_context(struct lsp_server *s, struct open_doc *od, struct feature_context *ctx)
{
  ctx->doc = &od->doc;
  ctx->facts = &od->facts;
  ctx->settings = &s->settings;
  ctx->encoding = s->encoding;
  ctx->cache_dir = s->cache_dir;
  ctx->cache_problem = od->cache_problem ? od->cache_problem : s->cache_dir_problem;
}

/* Pushes OD's diagnostics (push clients only; pull clients ask). */
/* When OD's facts were placed on an assumed hash (load_facts), waits for the real one: true when
 * the guess held; false when it did not, the facts then placed again for the real text. */
static bool confirm_placement(struct open_doc *od)
{
  if (document_confirm_hash(&od->doc))
    return true;
  log_info("%s: the opened text is not the one compiled: placing its facts again", od->doc.uri);
  fact_set_place(&od->facts, &od->doc, NULL);
  return false;
}

/* The publishDiagnostics of OD, written into T. */
static void write_diagnostics(struct lsp_server *s, struct open_doc *od, struct esc_text *t)
{
  struct feature_context ctx;
  struct lsp_diagnostics list;
  feature_context(s, od, &ctx);
  if (diagnostics_build(&ctx, &list) != 0)
    log_error("out of memory: diagnostics of '%s' incomplete", od->doc.uri);
  esc_text_init(t);
  publish_diagnostics_write(t, od->doc.uri, od->doc.version, &list);
  lsp_diagnostics_free(&list);
}

/* Tells a client that asked for it (experimental.escinfoFileStatus) the state of OD's facts:
 * what its status bar and :EscinfoInfo show, instead of reading it out of hover text. */
static void send_file_status(struct lsp_server *s, struct open_doc *od)
{
  struct feature_context ctx;
  struct file_status status;
  if (!s->file_status || s->state != STATE_RUNNING)
    return;
  feature_context(s, od, &ctx);
  file_status_build(&ctx, &status);
  send_notification(s, "escinfo/fileStatus",
                    file_status_to_json(od->doc.uri, od->doc.version, s->cache_dir, &status));
}

static void publish(struct lsp_server *s, struct open_doc *od)
{
  od->generation = ++s->generation;
  od->publish_pending = false;
  if (s->pull_diagnostics || s->state != STATE_RUNNING) {
    confirm_placement(od);
    send_file_status(s, od);
    return;
  }
  struct esc_text t;
  write_diagnostics(s, od, &t); /* while the hash thread may still run */
  if (!confirm_placement(od)) {
    esc_text_free(&t);
    write_diagnostics(s, od, &t);
  }
  send_text(s, &t);
  send_file_status(s, od);
}

/* Publishes the diagnostics of every document edited since the last time. */
static void publish_pending(struct lsp_server *s)
{
  for (struct open_doc *od = s->docs; od; od = od->next)
    if (od->publish_pending)
      publish(s, od);
}

static void on_publish_timer(uv_timer_t *timer)
{
  publish_pending(timer->data);
}

/* OD was edited: its diagnostics go out soon, once for a burst of edits. */
static void publish_soon(struct lsp_server *s, struct open_doc *od)
{
  od->generation = ++s->generation;
  if (s->pull_diagnostics && !s->file_status)
    return; /* the client asks for diagnostics itself; with a status to send, publish does that */
  od->publish_pending = true;
  if (s->closing)
    return;
  if (!s->publish_timer_open || s->feeding) { /* no timer to wait on, or no loop running it */
    publish(s, od);
    return;
  }
  if (!uv_is_active((uv_handle_t *)&s->publish_timer))
    uv_timer_start(&s->publish_timer, on_publish_timer, PUBLISH_DELAY_MS, 0);
}

/* Asks the client to ask again for what depends on facts, when it can be asked. */
static void refresh_client(struct lsp_server *s)
{
  if (s->state != STATE_RUNNING)
    return;
  if (s->pull_diagnostics && s->diagnostic_refresh)
    send_request(s, "workspace/diagnostic/refresh", NULL, CALL_IGNORE);
  if (s->inlay_refresh)
    send_request(s, "workspace/inlayHint/refresh", NULL, CALL_IGNORE);
  if (s->code_lens_refresh)
    send_request(s, "workspace/codeLens/refresh", NULL, CALL_IGNORE);
}

/* The watch hub's callback: re-reads the facts of the documents whose cache index changed. */
static void cache_changed(void *ctx)
{
  struct lsp_server *s = ctx;
  bool any = false;
  if (s->state != STATE_RUNNING || !s->cache_dir)
    return;
  for (struct open_doc *od = s->docs; od; od = od->next) {
    if (!od->doc.canonical
        || esc_cache_signature(s->cache_dir, od->doc.canonical) == od->facts.signature)
      continue;
    log_info("%s: new facts in the cache", od->doc.canonical);
    load_facts(s, od);
    publish(s, od);
    any = true;
  }
  if (any) {
    update_watches(s);
    refresh_client(s);
  }
}

/* Computes the settings from their sources.  After a change (not INITIAL), the cache may be
 * another, and what is shown has changed: documents are re-read and shown again. */
static void apply_settings(struct lsp_server *s, bool initial)
{
  struct lsp_settings fresh;
  if (settings_init(&fresh) != 0) {
    log_error("out of memory: settings unchanged");
    return;
  }
  settings_apply(&fresh, s->init_options);
  settings_apply(&fresh, s->config);
  settings_free(&s->settings);
  s->settings = fresh;
  char *old = s->cache_dir ? esc_strdup(s->cache_dir) : NULL;
  resolve_cache_dir(s);
  bool moved = (old == NULL) != (s->cache_dir == NULL)
               || (old && s->cache_dir && strcmp(old, s->cache_dir) != 0);
  free(old);
  if (s->watch_open)
    watch_hub_configure(&s->watch, s->settings.watch_method == WATCH_POLL,
                        s->settings.poll_interval_ms);
  if (initial)
    return;
  for (struct open_doc *od = s->docs; od; od = od->next) {
    if (moved)
      load_facts(s, od);
    publish(s, od);
  }
  if (moved)
    update_watches(s);
  refresh_client(s);
}

/* ---- documents ------------------------------------------------------------------------------ */

static struct open_doc *find_doc(struct lsp_server *s, const char *uri)
{
  for (struct open_doc *od = s->docs; od; od = od->next)
    if (strcmp(od->doc.uri, uri) == 0)
      return od;
  return NULL;
}

/* Frees OD and everything it owns (it must be unlinked). */
static void free_doc(struct open_doc *od)
{
  document_close(&od->doc);
  fact_set_free(&od->facts);
  free(od->index_dir);
  free(od->cache_problem);
  free(od);
}

static void unlink_doc(struct lsp_server *s, struct open_doc *od)
{
  for (struct open_doc **link = &s->docs; *link; link = &(*link)->next)
    if (*link == od) {
      *link = od->next;
      return;
    }
}

/* The open document URI, or NULL after logging that it is not open. */
static struct open_doc *open_doc_or_warn(struct lsp_server *s, const char *uri, const char *method)
{
  struct open_doc *od = find_doc(s, uri);
  if (!od)
    log_warn("%s: document '%s' is not open", method, uri);
  return od;
}

/* ---- handlers ------------------------------------------------------------------------------- */

/* Every handler reads MSG (its params may be NULL) and returns 0 with, for requests, *RESULT
 * a new reference (NULL: JSON null); or -1 with ERR.  For notifications RESULT is NULL and an
 * error is only logged.  Dispatch sends the reply, exactly once, except when a handler returns
 * ANSWERED: it wrote a large reply as text itself (send_text), which counts as that one reply. */
#define ANSWERED 1
typedef int (*handler_fn)(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                          struct rpc_error *err);

/* Fills ERR with -32603 "out of memory"; returns -1. */
static int out_of_memory(struct rpc_error *err)
{
  return rpc_fail(err, RPC_INTERNAL_ERROR, "out of memory");
}

static void check_parent(uv_timer_t *timer);

static int on_initialize(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                         struct rpc_error *err)
{
  json_t *params = msg->params;
  struct initialize_params p;
  if (s->state != STATE_NEW)
    return rpc_fail(err, RPC_INVALID_REQUEST, "initialize was already received");
  if (initialize_params_from_json(params, &p, err))
    return -1;
  s->encoding = p.utf8 ? LSP_ENCODING_UTF8 : LSP_ENCODING_UTF16;
  s->pull_diagnostics = p.pull_diagnostics;
  s->file_status = p.file_status;
  s->diagnostic_refresh = p.diagnostic_refresh;
  s->inlay_refresh = p.inlay_refresh;
  s->code_lens_refresh = p.code_lens_refresh;
  s->markdown = p.markdown;
  s->configuration = p.configuration;
  free(s->root_path);
  s->root_path = p.root_uri ? uri_to_path(p.root_uri) : NULL;
  json_decref(s->init_options);
  s->init_options = p.options ? json_incref((json_t *)p.options) : NULL;
  log_info("client %s: %s positions, %s diagnostics", p.client_name ? p.client_name : "(unnamed)",
           p.utf8 ? "utf-8" : "utf-16", p.pull_diagnostics ? "pull" : "push");
  struct server_capabilities caps = { s->encoding, s->pull_diagnostics };
  *result = initialize_result_to_json(&caps, PACKAGE_VERSION);
  if (!*result)
    return out_of_memory(err);
  s->state = STATE_RUNNING;
  apply_settings(s, true);
  if (p.process_id > 0 && s->parent_timer_open) {
    s->parent_pid = p.process_id;
    uv_timer_start(&s->parent_timer, check_parent, PARENT_CHECK_MS, PARENT_CHECK_MS);
  }
  return 0;
}

static int on_initialized(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                          struct rpc_error *err)
{
  (void)msg, (void)result, (void)err;
  if (s->configuration)
    send_request(s, "workspace/configuration", configuration_request_to_json("escinfo"),
                 CALL_CONFIGURATION);
  return 0;
}

static int on_shutdown(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err)
{
  (void)msg, (void)err;
  s->state = STATE_SHUT_DOWN;
  s->shutdown_received = true;
  *result = json_null();
  return 0;
}

/* The server is done: tells the owner once, with the exit status. */
static void finish(struct lsp_server *s)
{
  if (s->state == STATE_EXITED)
    return;
  s->state = STATE_EXITED;
  int status = s->shutdown_received ? 0 : 1;
  log_info("exiting with status %d", status);
  if (s->on_exit)
    s->on_exit(s->exit_ctx, status);
}

static int on_exit_notification(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                                struct rpc_error *err)
{
  (void)msg, (void)result, (void)err;
  finish(s);
  return 0;
}

static int on_did_open(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err)
{
  struct did_open_params p;
  (void)result;
  if (did_open_params_from_json(msg, &p, err))
    return -1;
  struct open_doc *od = find_doc(s, p.uri);
  if (od) {
    log_warn("didOpen: '%s' was open already: replacing it", p.uri);
    unlink_doc(s, od);
    free_doc(od);
  }
  od = calloc(1, sizeof *od);
  size_t len;
  char *text = od ? rpc_string_take(msg, p.text_node, &len) : NULL; /* a long text: no copy */
  if (!od || document_open_owned(&od->doc, p.uri, p.language_id, p.version, text, len) != 0) {
    free(od);
    return out_of_memory(err);
  }
  fact_set_init(&od->facts);
  od->next = s->docs;
  s->docs = od;
  load_facts(s, od);
  update_watches(s);
  publish(s, od);
  return 0;
}

static int on_did_change(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                         struct rpc_error *err)
{
  struct did_change_params p;
  (void)result;
  if (did_change_params_from_json(msg, &p, err))
    return -1;
  struct open_doc *od = open_doc_or_warn(s, p.uri, "didChange");
  int rc = 0;
  for (size_t i = 0; od && i < p.nchanges; i++) {
    const struct content_change *c = &p.changes[i];
    struct text_edit edit;
    int r = document_apply_change(&od->doc, c->has_range ? &c->range : NULL, c->text, c->len,
                                  s->encoding, &edit);
    if (r == -2) {
      rc = rpc_fail(err, RPC_INVALID_PARAMS, "contentChanges[%zu].range ends before it starts", i);
      continue;
    }
    if (r != 0) {
      rc = out_of_memory(err);
      break;
    }
    fact_set_apply_edit(&od->facts, &od->doc, &edit);
  }
  if (od) {
    if (p.version >= 0)
      od->doc.version = p.version;
    fact_set_after_change(&od->facts, &od->doc);
    publish_soon(s, od);
  }
  did_change_params_free(&p);
  return rc;
}

static int on_did_save(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err)
{
  json_t *params = msg->params;
  const char *uri;
  (void)result;
  if (document_uri_from_json(params, &uri, err))
    return -1;
  struct open_doc *od = open_doc_or_warn(s, uri, "didSave");
  if (od)
    document_add_base(&od->doc); /* facts compiled from this text will map through it */
  return 0;
}

static int on_did_close(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                        struct rpc_error *err)
{
  json_t *params = msg->params;
  const char *uri;
  (void)result;
  if (document_uri_from_json(params, &uri, err))
    return -1;
  struct open_doc *od = open_doc_or_warn(s, uri, "didClose");
  if (!od)
    return 0;
  unlink_doc(s, od);
  if (!s->pull_diagnostics) { /* clear what the editor shows for it */
    struct lsp_diagnostics none = { 0 };
    struct esc_text t;
    esc_text_init(&t);
    publish_diagnostics_write(&t, od->doc.uri, -1, &none);
    send_text(s, &t);
  }
  free_doc(od);
  update_watches(s);
  return 0;
}

static int on_did_change_configuration(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                                       struct rpc_error *err)
{
  json_t *params = msg->params;
  const json_t *settings;
  (void)result;
  if (configuration_params_from_json(params, &settings, err))
    return -1;
  if ((!settings || json_is_null(settings)) && s->configuration) { /* the client wants a pull */
    send_request(s, "workspace/configuration", configuration_request_to_json("escinfo"),
                 CALL_CONFIGURATION);
    return 0;
  }
  json_decref(s->config);
  s->config = settings ? json_incref((json_t *)settings) : NULL;
  apply_settings(s, false);
  return 0;
}

static int on_hover(struct lsp_server *s, struct rpc_message *msg, json_t **result, struct rpc_error *err)
{
  json_t *params = msg->params;
  struct position_params p;
  struct feature_context ctx;
  struct lsp_hover hover;
  if (position_params_from_json(params, &p, err))
    return -1;
  struct open_doc *od = open_doc_or_warn(s, p.uri, "hover");
  if (!od) {
    *result = json_null();
    return 0;
  }
  feature_context(s, od, &ctx);
  int found = hover_build(&ctx, p.position, s->markdown, &hover);
  if (found < 0)
    return out_of_memory(err);
  *result = found ? hover_to_json(&hover) : json_null();
  lsp_hover_free(&hover);
  return *result ? 0 : out_of_memory(err);
}

static int on_inlay_hint(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                         struct rpc_error *err)
{
  json_t *params = msg->params;
  struct range_params p;
  struct feature_context ctx;
  struct lsp_inlay_hints hints = { 0 };
  if (range_params_from_json(params, &p, err))
    return -1;
  struct open_doc *od = open_doc_or_warn(s, p.uri, "inlayHint");
  if (od) {
    feature_context(s, od, &ctx);
    if (inlay_hints_build(&ctx, p.range, &hints) != 0) {
      lsp_inlay_hints_free(&hints);
      return out_of_memory(err);
    }
  }
  *result = inlay_hints_to_json(&hints);
  lsp_inlay_hints_free(&hints);
  return *result ? 0 : out_of_memory(err);
}

static int on_code_lens(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                        struct rpc_error *err)
{
  json_t *params = msg->params;
  const char *uri;
  struct feature_context ctx;
  struct lsp_code_lenses lenses = { 0 };
  if (document_uri_from_json(params, &uri, err))
    return -1;
  struct open_doc *od = open_doc_or_warn(s, uri, "codeLens");
  if (od) {
    feature_context(s, od, &ctx);
    if (code_lenses_build(&ctx, &lenses) != 0) {
      lsp_code_lenses_free(&lenses);
      return out_of_memory(err);
    }
  }
  *result = code_lenses_to_json(&lenses);
  lsp_code_lenses_free(&lenses);
  return *result ? 0 : out_of_memory(err);
}

static int on_diagnostic(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                         struct rpc_error *err)
{
  json_t *params = msg->params;
  struct diagnostic_params p;
  struct feature_context ctx;
  struct lsp_diagnostics list = { 0 };
  char id[32];
  if (diagnostic_params_from_json(params, &p, err))
    return -1;
  struct open_doc *od = open_doc_or_warn(s, p.uri, "diagnostic");
  snprintf(id, sizeof id, "%" PRIu64, od ? od->generation : 0);
  (void)result;
  bool unchanged = od && p.previous_result_id && strcmp(p.previous_result_id, id) == 0;
  if (od && !unchanged) {
    feature_context(s, od, &ctx);
    if (diagnostics_build(&ctx, &list) != 0) {
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
  send_text(s, &t);
  return ANSWERED;
}

static int on_execute_command(struct lsp_server *s, struct rpc_message *msg, json_t **result,
                              struct rpc_error *err)
{
  json_t *params = msg->params;
  struct execute_command_params p;
  struct feature_context ctx;
  if (execute_command_params_from_json(params, &p, err))
    return -1;
  if (strcmp(p.command, SHOW_FACTS_COMMAND) != 0)
    return rpc_fail(err, RPC_INVALID_PARAMS, "unknown command '%s'", p.command);
  const char *uri = json_string_value(json_array_get(p.arguments, 0));
  const char *function = json_string_value(json_array_get(p.arguments, 1));
  if (!uri || !function)
    return rpc_fail(err, RPC_INVALID_PARAMS,
                    "%s needs the arguments [documentUri, functionName]", SHOW_FACTS_COMMAND);
  struct open_doc *od = open_doc_or_warn(s, uri, SHOW_FACTS_COMMAND);
  if (!od)
    return rpc_fail(err, RPC_INVALID_PARAMS, "document '%s' is not open", uri);
  feature_context(s, od, &ctx);
  char *text = code_lens_fact_list(&ctx, function);
  if (!text)
    return out_of_memory(err);
  show_message(s, 3, text);
  free(text);
  *result = json_null();
  return 0;
}

/* $/cancelRequest is acted on when it arrives (see queue_message); queued, it has nothing left
 * to do. */
static int on_cancel(struct lsp_server *s, struct rpc_message *msg, json_t **result, struct rpc_error *err)
{
  (void)s, (void)msg, (void)result, (void)err;
  return 0;
}

/* ---- dispatch: the JSON-RPC rules, all in one place ------------------------------------------ */

enum method_kind { REQUEST, NOTIFICATION };
enum { BEFORE_INIT = 1, AFTER_SHUTDOWN = 2 };

static const struct method {
  const char *name;
  enum method_kind kind;
  unsigned allowed; /* BEFORE_INIT, AFTER_SHUTDOWN */
  handler_fn handler;
} methods[] = {
  { "initialize", REQUEST, BEFORE_INIT, on_initialize },
  { "initialized", NOTIFICATION, 0, on_initialized },
  { "shutdown", REQUEST, 0, on_shutdown },
  { "exit", NOTIFICATION, BEFORE_INIT | AFTER_SHUTDOWN, on_exit_notification },
  { "textDocument/didOpen", NOTIFICATION, 0, on_did_open },
  { "textDocument/didChange", NOTIFICATION, 0, on_did_change },
  { "textDocument/didSave", NOTIFICATION, 0, on_did_save },
  { "textDocument/didClose", NOTIFICATION, 0, on_did_close },
  { "textDocument/hover", REQUEST, 0, on_hover },
  { "textDocument/inlayHint", REQUEST, 0, on_inlay_hint },
  { "textDocument/codeLens", REQUEST, 0, on_code_lens },
  { "textDocument/diagnostic", REQUEST, 0, on_diagnostic },
  { "workspace/didChangeConfiguration", NOTIFICATION, 0, on_did_change_configuration },
  { "workspace/executeCommand", REQUEST, 0, on_execute_command },
  { "$/cancelRequest", NOTIFICATION, BEFORE_INIT | AFTER_SHUTDOWN, on_cancel },
};

static const struct method *find_method(const char *name)
{
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
    if (strcmp(methods[i].name, name) == 0)
      return &methods[i];
  return NULL;
}

/* Answers the request ID (borrowed; NULL: null) with an error. */
static void reply_error(struct lsp_server *s, json_t *id, int code, const char *message)
{
  log_info("error %d: %s", code, message);
  send_message(s, rpc_error_new(id, code, message));
}

/* The answer of the client to a request the server sent. */
static void handle_response(struct lsp_server *s, const struct rpc_message *msg)
{
  const char *id = json_string_value(msg->id);
  for (struct pending_call **link = &s->calls; id && *link; link = &(*link)->next) {
    struct pending_call *c = *link;
    if (strcmp(c->id, id) != 0)
      continue;
    *link = c->next;
    if (msg->error)
      log_info("the client answered %s with an error", c->id);
    else if (c->kind == CALL_CONFIGURATION && s->state == STATE_RUNNING) {
      json_t *settings = json_array_get(msg->result, 0);
      json_decref(s->config);
      s->config = settings && !json_is_null(settings) ? json_incref(settings) : NULL;
      apply_settings(s, false);
    }
    free(c);
    return;
  }
  log_debug("an answer to no request of ours: ignored");
}

/* A notification: dropped before initialize and after shutdown (but exit), ignored when
 * unknown, its handler's error logged.  Never answered. */
static void dispatch_notification(struct lsp_server *s, struct rpc_message *msg,
                                  const struct method *m)
{
  struct rpc_error err;
  if (!m) {
    if (strncmp(msg->method, "$/", 2) != 0)
      log_info("notification '%s' is not handled: ignored", msg->method);
    return;
  }
  if ((s->state == STATE_NEW && !(m->allowed & BEFORE_INIT))
      || (s->state == STATE_SHUT_DOWN && !(m->allowed & AFTER_SHUTDOWN))) {
    log_info("notification '%s' dropped: %s", msg->method,
             s->state == STATE_NEW ? "not initialized yet" : "shut down");
    return;
  }
  if (m->kind == REQUEST) {
    log_warn("'%s' is a request but came without an id: ignored", msg->method);
    return;
  }
  if (m->handler(s, msg, NULL, &err) != 0)
    log_warn("%s: %s", msg->method, err.message);
}

/* A request: answered exactly once, with its handler's result or one of the errors the rules
 * give (-32002 before initialize, -32600 after shutdown or for a notification method, -32601
 * for an unknown method, the handler's own). */
static void dispatch_request(struct lsp_server *s, struct rpc_message *msg,
                             const struct method *m)
{
  struct rpc_error err;
  json_t *result = NULL;
  if (s->state == STATE_NEW && !(m && (m->allowed & BEFORE_INIT))) {
    reply_error(s, msg->id, RPC_SERVER_NOT_INITIALIZED,
                "the server is not initialized: send 'initialize' first");
    return;
  }
  if (s->state == STATE_SHUT_DOWN) {
    reply_error(s, msg->id, RPC_INVALID_REQUEST, "the server is shut down: only 'exit' is accepted");
    return;
  }
  if (!m) {
    char message[RPC_MESSAGE_SIZE];
    snprintf(message, sizeof message, "unknown method '%s'", msg->method);
    reply_error(s, msg->id, RPC_METHOD_NOT_FOUND, message);
    return;
  }
  if (m->kind == NOTIFICATION) {
    char message[RPC_MESSAGE_SIZE];
    snprintf(message, sizeof message, "'%s' is a notification: send it without an id", msg->method);
    reply_error(s, msg->id, RPC_INVALID_REQUEST, message);
    return;
  }
  int rc = m->handler(s, msg, &result, &err);
  if (rc == ANSWERED)
    return;
  if (rc != 0) {
    json_decref(result);
    reply_error(s, msg->id, err.code, err.message);
    return;
  }
  send_message(s, rpc_result_new(msg->id, result));
}

/* Handles one queued message. */
static void dispatch(struct lsp_server *s, struct rpc_message *msg)
{
  if (msg->kind == RPC_RESPONSE) {
    handle_response(s, msg);
    return;
  }
  log_debug("handling '%s'", msg->method);
  const struct method *m = find_method(msg->method);
  if (msg->kind == RPC_NOTIFICATION)
    dispatch_notification(s, msg, m);
  else
    dispatch_request(s, msg, m);
}

/* ---- the queue ------------------------------------------------------------------------------ */

static void enqueue(struct lsp_server *s, struct queued *q)
{
  if (s->queue_tail)
    s->queue_tail->next = q;
  else
    s->queue = q;
  s->queue_tail = q;
}

/* Queues an error reply (ID borrowed). */
static void enqueue_error(struct lsp_server *s, json_t *id, int code, const char *message)
{
  struct queued *q = calloc(1, sizeof *q);
  if (q)
    q->reply = rpc_error_new(id, code, message);
  if (!q || !q->reply) {
    free(q);
    log_error("out of memory: error reply lost");
    return;
  }
  log_info("error %d: %s", code, message);
  enqueue(s, q);
}

static bool same_id(const json_t *a, const json_t *b)
{
  return a && b && json_equal((json_t *)a, (json_t *)b);
}

/* $/cancelRequest: a request still queued is answered at once with -32800 and not run. */
static void cancel_queued(struct lsp_server *s, const struct rpc_message *msg)
{
  struct rpc_error err;
  json_t *id;
  if (cancel_params_from_json(msg->params, &id, &err) != 0) {
    log_warn("$/cancelRequest: %s", err.message);
    return;
  }
  for (struct queued **link = &s->queue, *prev = NULL; *link; prev = *link, link = &(*link)->next) {
    struct queued *q = *link;
    if (!q->msg.root || q->msg.kind != RPC_REQUEST || !same_id(q->msg.id, id))
      continue;
    /* answered in its place in the queue, so replies keep their order */
    q->reply = rpc_error_new(q->msg.id, RPC_REQUEST_CANCELLED, "request cancelled");
    rpc_message_free(&q->msg);
    if (!q->reply) {
      *link = q->next;
      if (s->queue_tail == q)
        s->queue_tail = prev;
      free(q);
    }
    log_info("request cancelled before it ran");
    return;
  }
  log_debug("$/cancelRequest: no such request waiting (already answered)");
}

void lsp_server_handle_message(struct lsp_server *s, const char *body, size_t len)
{
  struct rpc_error err;
  json_t *err_id;
  struct queued *q;
  if (s->state == STATE_EXITED)
    return;
  log_debug("received %.*s", len > 2000 ? 2000 : (int)len, body);
  if (!(q = calloc(1, sizeof *q))) {
    log_error("out of memory: a message is lost");
    return;
  }
  if (rpc_parse(body, len, &q->msg, &err, &err_id) != 0) {
    free(q);
    enqueue_error(s, err_id, err.code, err.message);
    json_decref(err_id);
    return;
  }
  if (q->msg.kind == RPC_NOTIFICATION && strcmp(q->msg.method, "$/cancelRequest") == 0) {
    cancel_queued(s, &q->msg);
    rpc_message_free(&q->msg);
    free(q);
    return;
  }
  enqueue(s, q);
}

void lsp_server_message_head(struct lsp_server *s, const char *head, size_t len)
{
  /* before initialize is handled too (a client that does not wait for its answer): a cache
   * that initialize then changes makes prefetch_finish refuse what was read */
  if ((s->state != STATE_NEW && s->state != STATE_RUNNING) || !s->cache_dir || s->closing)
    return;
  char *uri = prefetch_did_open_uri(head, len);
  char *path = uri ? uri_to_path(uri) : NULL;
  char *canonical = path ? esc_path_canonical(path, NULL) : NULL;
  if (canonical) {
    prefetch_cancel(s->prefetch); /* one not taken: its message was not a good didOpen */
    s->prefetch = prefetch_start(s->cache_dir, canonical);
  }
  free(canonical);
  free(path);
  free(uri);
}

void lsp_server_framing_error(struct lsp_server *s, const char *reason)
{
  char message[RPC_MESSAGE_SIZE];
  if (s->state == STATE_EXITED)
    return;
  snprintf(message, sizeof message, "bad message framing: %s", reason);
  enqueue_error(s, NULL, RPC_PARSE_ERROR, message);
}

void lsp_server_drain(struct lsp_server *s)
{
  while (s->queue) {
    struct queued *q = s->queue;
    s->queue = q->next;
    if (!s->queue)
      s->queue_tail = NULL;
    if (s->state != STATE_EXITED) {
      if (q->msg.root)
        dispatch(s, &q->msg);
      else
        send_message(s, json_incref(q->reply));
    }
    rpc_message_free(&q->msg);
    json_decref(q->reply);
    free(q);
  }
}

static void feed_message(void *ctx, const char *body, size_t len)
{
  lsp_server_handle_message(ctx, body, len);
}

static void feed_error(void *ctx, const char *reason)
{
  lsp_server_framing_error(ctx, reason);
}

void lsp_server_feed(struct lsp_server *s, const char *data, size_t len)
{
  const struct lsp_framer_callbacks cb = { feed_message, feed_error, s, NULL };
  s->feeding = true; /* everything before returning: the caller may never run the loop */
  lsp_framer_push(&s->feed_framer, data, len, &cb);
  lsp_server_drain(s);
  s->feeding = false;
}

void lsp_server_input_closed(struct lsp_server *s)
{
  lsp_server_drain(s);
  if (s->state != STATE_EXITED)
    log_info("the client closed the connection%s", s->shutdown_received ? "" : " without shutdown");
  finish(s);
}

/* ---- life ----------------------------------------------------------------------------------- */

/* True when process PID no longer runs: it does not exist, or it is a zombie nobody reaped
 * (read from /proc where there is one). */
static bool process_gone(int64_t pid)
{
  char path[64], buf[512];
  if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
    return true;
  snprintf(path, sizeof path, "/proc/%" PRId64 "/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return false;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char *paren = strrchr(buf, ')'); /* "PID (NAME) STATE ...": NAME may hold spaces */
  return paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X');
}

static void check_parent(uv_timer_t *timer)
{
  struct lsp_server *s = timer->data;
  if (s->parent_pid <= 0 || !process_gone(s->parent_pid))
    return;
  log_warn("the client's process %" PRId64 " is gone", s->parent_pid);
  uv_timer_stop(timer);
  finish(s);
}

struct lsp_server *lsp_server_new(uv_loop_t *loop, const char *cache_dir, lsp_output_fn output,
                                  void *output_ctx, lsp_exit_fn on_exit, void *exit_ctx)
{
  struct lsp_server *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->loop = loop;
  s->output = output;
  s->output_ctx = output_ctx;
  s->on_exit = on_exit;
  s->exit_ctx = exit_ctx;
  s->encoding = LSP_ENCODING_UTF16;
  s->markdown = true;
  lsp_framer_init(&s->feed_framer);
  if (settings_init(&s->settings) != 0 || (cache_dir && !(s->cache_override = esc_strdup(cache_dir)))) {
    settings_free(&s->settings);
    free(s);
    return NULL;
  }
  resolve_cache_dir(s);
  if (watch_hub_init(&s->watch, loop, cache_changed, s) == 0)
    s->watch_open = true;
  if (uv_timer_init(loop, &s->parent_timer) == 0) {
    s->parent_timer.data = s;
    s->parent_timer_open = true;
    uv_unref((uv_handle_t *)&s->parent_timer); /* never what keeps the loop alive */
  }
  if (uv_timer_init(loop, &s->publish_timer) == 0) {
    s->publish_timer.data = s;
    s->publish_timer_open = true;
  }
  if (!s->watch_open || !s->parent_timer_open || !s->publish_timer_open) {
    log_error("cannot set up the server's timers on the event loop");
    lsp_server_close(s);
    uv_run(loop, UV_RUN_NOWAIT); /* runs the close callbacks of what was opened */
    lsp_server_free(s);
    return NULL;
  }
  return s;
}

static void on_parent_timer_closed(uv_handle_t *h)
{
  struct lsp_server *s = h->data;
  s->parent_timer_open = false;
}

static void on_publish_timer_closed(uv_handle_t *h)
{
  struct lsp_server *s = h->data;
  s->publish_timer_open = false;
}

static void on_watch_closed(void *ctx)
{
  struct lsp_server *s = ctx;
  s->watch_open = false;
}

void lsp_server_close(struct lsp_server *s)
{
  if (s->closing)
    return;
  s->closing = true;
  if (s->watch_open)
    watch_hub_close(&s->watch, on_watch_closed);
  if (s->parent_timer_open && !uv_is_closing((uv_handle_t *)&s->parent_timer))
    uv_close((uv_handle_t *)&s->parent_timer, on_parent_timer_closed);
  if (s->publish_timer_open && !uv_is_closing((uv_handle_t *)&s->publish_timer))
    uv_close((uv_handle_t *)&s->publish_timer, on_publish_timer_closed);
}

void lsp_server_free(struct lsp_server *s)
{
  if (!s)
    return;
  prefetch_cancel(s->prefetch);
  while (s->docs) {
    struct open_doc *od = s->docs;
    s->docs = od->next;
    free_doc(od);
  }
  while (s->queue) {
    struct queued *q = s->queue;
    s->queue = q->next;
    rpc_message_free(&q->msg);
    json_decref(q->reply);
    free(q);
  }
  while (s->calls) {
    struct pending_call *c = s->calls;
    s->calls = c->next;
    free(c);
  }
  lsp_framer_free(&s->feed_framer);
  json_decref(s->init_options);
  json_decref(s->config);
  settings_free(&s->settings);
  free(s->root_path);
  free(s->cache_override);
  free(s->cache_dir);
  free(s->cache_dir_problem);
  free(s);
}
