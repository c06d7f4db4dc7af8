/* server.c - the language server: its state (documents and their facts, settings, the cache), the LSP methods as rows of the session's method table, and publication. */
#include "server.h"

#include "analyze.h"
#include "cache.h"
#include "documents.h"
#include "facts.h"
#include "features.h"
#include "jsonrpc.h"
#include "live.h"
#include "log.h"
#include "prefetch.h"
#include "protocol.h"
#include "requests.h"
#include "session.h"
#include "settings.h"
#include "transport.h"
#include "uri.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARENT_CHECK_MS 500 /* how often the client's process is checked for */
#define ERR_SIZE 512

/* An open document, its facts and what the server sent about it. */
struct open_doc {
  struct document doc;
  struct fact_set facts;
  char *index_dir;        /* owned: the cache index directory of its file, watched */
  char *cache_problem;    /* owned: why its facts could not be read, or NULL */
  uint64_t generation;    /* bumped when its diagnostics may have changed (pull result ids) */
  bool publish_pending;   /* edited: its diagnostics go out when the publish timer fires */
  bool analysing;         /* its unit (or, for a header, the units reading it) being analysed */
  char *analysis_error;   /* owned: the last analysis failed: the compiler's first error */
  char *analysis_off;     /* owned: why saving it runs no analysis, or NULL */
  char *compile_commands; /* owned: the compile_commands.json compiling it (looked for when it
                             has no facts), or NULL */
  char *object;           /* owned: the object that database names for it, read for its facts
                             when the cache has none (watched for rebuilds), or NULL */
  uint64_t object_stamp;  /* that object's identity when last read (fact_file_stamp) */
  struct open_doc *next;
};

/* The $/progress of one analysis run shown by the client (window.workDoneProgress). */
struct analysis_progress {
  struct lsp_server *s;
  char *file;              /* the unit's main file */
  char token[40];
  bool created, begun, ended;
  struct analysis_progress *next;
};

struct lsp_server {
  uv_loop_t *loop;
  struct lsp_session rpc;   /* the conversation: queue, lifecycle, dispatch, replies */
  lsp_exit_fn on_exit;
  void *exit_ctx;
  bool shutdown_received;

  /* what the client can do (initialize) */
  enum lsp_encoding encoding;
  bool pull_diagnostics, diagnostic_refresh, inlay_refresh, code_lens_refresh, markdown;
  bool configuration;
  bool file_status;       /* the client wants escinfo/fileStatus */
  bool fact_list;         /* the client shows escinfo.showFacts' result itself */
  bool work_done_progress;/* window.workDoneProgress: the client shows $/progress */
  char *root_path;        /* owned: the workspace root, or NULL */

  /* settings: defaults <- initializationOptions <- the last didChangeConfiguration */
  json_t *init_options;   /* owned reference, or NULL */
  json_t *config;         /* owned reference, or NULL */
  struct lsp_settings settings;
  char *cache_override;   /* owned: --cache, or NULL */
  char *cache_dir;        /* owned: the cache in use, or NULL when none can be found */
  const char *cache_origin; /* where CACHE_DIR comes from, for people (static) */
  char *cache_dir_problem;/* owned: why there is none */

  struct open_doc *docs;
  uint64_t generation;

  struct lsp_live live;     /* the cache watched, publications after edits */
  uv_timer_t parent_timer;  /* data: this struct */
  bool parent_timer_open;
  bool feeding;             /* synchronous (lsp_server_set_synchronous): no delays */
  int64_t parent_pid;
  bool closing;
  struct prefetch *prefetch; /* the facts of a didOpen still arriving, being read */
  struct analyzer analyzer;  /* analysis on save */
  struct analysis_progress *progress;
  unsigned progress_serial;
};

static void configuration_answered(void *ctx, const json_t *result, const json_t *error);

/* ---- sending -------------------------------------------------------------------------------- */

static void send_notification(struct lsp_server *s, const char *method, json_t *params)
{
  lsp_session_notify(&s->rpc, method, params);
}

/* Whether the session answered initialize and is not shut down. */
static bool running(const struct lsp_server *s)
{
  return lsp_session_state(&s->rpc) == SESSION_RUNNING;
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
  s->cache_origin = s->settings.cache_directory ? "the escinfo.cacheDirectory setting"
                    : esc_cache_dir_origin(s->cache_override, "--cache");
  if (!s->cache_dir || !dir || strcmp(s->cache_dir, dir) != 0)
    log_info("cache directory: %s (from %s)", dir ? dir : err, s->cache_origin);
  free(s->cache_dir);
  s->cache_dir = dir;
}

/* esc_cache_warn_fn: a bad entry is logged and skipped (PATH NULL: a problem with an object,
 * told whole by REASON). */
static void warn_entry(void *ctx, const char *path, const char *reason)
{
  (void)ctx;
  if (path)
    log_warn("skipping cache entry '%s': %s", path, reason);
  else
    log_warn("%s", reason);
}

/* (Re)reads the facts of OD from the cache, keeping the places of facts it already carried. */
static char *settings_path(const struct lsp_server *s, const char *want);

/* The object compile_commands.json names for OD's file, remembered with its identity so that a
 * rewrite of it reads the facts again (cache_changed).  False when there is none. */
static bool find_object(struct lsp_server *s, struct open_doc *od)
{
  char *db = settings_path(s, s->settings.compile_commands);
  od->object = analyzer_object_of(&s->analyzer, od->doc.canonical,
                                  db ? db : s->settings.compile_commands);
  free(db);
  if (od->object)
    od->object_stamp = fact_file_stamp(od->object);
  return od->object != NULL;
}

/* No compile in the cache covers OD's file: when compile_commands.json names the object that
 * compiles it, and that object carries facts (-fplugin-arg-escinfo-embed: a build through ccache,
 * objects from elsewhere), they are read from there, and the object is watched. */
static void load_object_facts(struct lsp_server *s, struct open_doc *od)
{
  char why[600];
  if (!find_object(s, od))
    return;
  size_t n = fact_set_load_object(&od->facts, od->object, &od->doc, why, sizeof why);
  if (n)
    log_info("%s: %zu facts from %zu compiles carried by %s", od->doc.canonical,
             od->facts.nfacts, n, od->object);
  else
    log_debug("%s: no facts from its object: %s", od->doc.canonical, why);
}

/* Every compile in the cache is of another text than the buffer's: the object may be of this one
 * (fact_set_prefer_object). */
static void prefer_fresh_object(struct lsp_server *s, struct open_doc *od)
{
  char why[600];
  if (!fact_set_all_stale(&od->facts, &od->doc) || !find_object(s, od))
    return;
  size_t n = fact_set_prefer_object(&od->facts, od->object, &od->doc, why, sizeof why);
  if (n)
    log_info("%s: the cache's compiles are of another text; %zu facts from %zu compiles carried "
             "by %s, which are of this one", od->doc.canonical, od->facts.nfacts, n, od->object);
  else
    log_debug("%s: the cache's compiles are of another text, its object's too: %s",
              od->doc.canonical, why);
}

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
  free(od->object);
  od->object = NULL;
  if (rc < 0 || !diagnostics_is_c_family(&od->doc))
    return;
  if (od->facts.object) { /* read from the object while the text arrived */
    od->object = esc_strdup(od->facts.object);
    od->object_stamp = od->facts.object_stamp;
    log_info("%s: %zu facts from %zu compiles carried by %s", od->doc.canonical,
             od->facts.nfacts, od->facts.nentries, od->object);
  } else if (od->facts.nentries == 0) {
    load_object_facts(s, od);
  } else {
    prefer_fresh_object(s, od);
  }
}

/* Watches the entries directory and the index directory of every open document. */
static void update_watches(struct lsp_server *s)
{
  size_t n = 0;
  const char **dirs;
  char *entries;
  if (!s->cache_dir) { /* no cache: nothing to watch */
    lsp_live_watch(&s->live, NULL, 0);
    return;
  }
  for (struct open_doc *od = s->docs; od; od = od->next)
    n += 2;
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
  char **object_dirs = calloc(n + 1, sizeof *object_dirs);
  size_t nobj = 0;
  for (struct open_doc *od = s->docs; od; od = od->next) {
    if (od->index_dir)
      dirs[n++] = od->index_dir;
    char *slash = od->object && object_dirs ? strrchr(od->object, '/') : NULL;
    if (slash && (object_dirs[nobj] = strndup(od->object, (size_t)(slash - od->object) + (slash == od->object))))
      dirs[n++] = object_dirs[nobj++];
  }
  lsp_live_watch(&s->live, dirs, n);
  for (size_t i = 0; i < nobj; i++)
    free(object_dirs[i]);
  free(object_dirs);
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
  ctx->analysing = od->analysing;
  ctx->analysis_error = od->analysis_error;
  ctx->analysis_off = od->analysis_off;
  ctx->compile_commands = od->compile_commands;
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
  if (!s->file_status || !running(s))
    return;
  feature_context(s, od, &ctx);
  file_status_build(&ctx, &status);
  send_notification(s, "escinfo/fileStatus",
                    file_status_to_json(od->doc.uri, od->doc.version, s->cache_dir,
                                        s->cache_origin, &status));
}

static void publish(struct lsp_server *s, struct open_doc *od)
{
  od->generation = ++s->generation;
  od->publish_pending = false;
  if (s->pull_diagnostics || !running(s)) {
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
  lsp_session_send_text(&s->rpc, &t);
  send_file_status(s, od);
}

/* Publishes the diagnostics of every document edited since the last time. */
static void publish_pending(struct lsp_server *s)
{
  for (struct open_doc *od = s->docs; od; od = od->next)
    if (od->publish_pending)
      publish(s, od);
}

static void publish_due(void *ctx)
{
  publish_pending(ctx);
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
  /* fed, no loop runs the timer; or no timer to wait on */
  if (s->feeding || !lsp_live_publish_later(&s->live))
    publish(s, od);
}

/* Asks the client to ask again for what depends on facts, when it can be asked. */
static void refresh_client(struct lsp_server *s)
{
  if (!running(s))
    return;
  if (s->pull_diagnostics && s->diagnostic_refresh)
    lsp_session_request(&s->rpc, "workspace/diagnostic/refresh", NULL, NULL, NULL);
  if (s->inlay_refresh)
    lsp_session_request(&s->rpc, "workspace/inlayHint/refresh", NULL, NULL, NULL);
  if (s->code_lens_refresh)
    lsp_session_request(&s->rpc, "workspace/codeLens/refresh", NULL, NULL, NULL);
}

/* The watch hub's callback: re-reads the facts of the documents whose cache index changed. */
static void cache_changed(void *ctx)
{
  struct lsp_server *s = ctx;
  bool any = false;
  if (!running(s) || !s->cache_dir)
    return;
  for (struct open_doc *od = s->docs; od; od = od->next) {
    if (!od->doc.canonical)
      continue;
    if (esc_cache_signature(s->cache_dir, od->doc.canonical) == od->facts.signature) {
      if (!od->object || fact_file_stamp(od->object) == od->object_stamp)
        continue;
      log_info("%s: its object %s was written again", od->doc.canonical, od->object);
    } else {
      log_info("%s: new facts in the cache", od->doc.canonical);
    }
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
  lsp_live_configure(&s->live, s->settings.watch_method == WATCH_POLL,
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
/* ---- analysis on save ------------------------------------------------------------------------- */

/* A path setting made absolute from the workspace root when it is relative (malloc'd), or NULL
 * when it needs nothing (absolute, unset, no root). */
static char *settings_path(const struct lsp_server *s, const char *want)
{
  if (!want || want[0] == '/' || !s->root_path)
    return NULL;
  size_t n = strlen(s->root_path) + strlen(want) + 2;
  char *path = malloc(n);
  if (path)
    snprintf(path, n, "%s/%s", s->root_path, want);
  return path;
}

static void progress_free(struct lsp_server *s, struct analysis_progress *p)
{
  for (struct analysis_progress **link = &s->progress; *link; link = &(*link)->next)
    if (*link == p) {
      *link = p->next;
      break;
    }
  free(p->file);
  free(p);
}

static void progress_send(struct lsp_server *s, struct analysis_progress *p, bool begin,
                          const char *message)
{
  json_t *value = json_pack("{s:s, s:s}", "kind", begin ? "begin" : "end", "message", message);
  if (begin && value)
    json_object_set_new(value, "title", json_string("escinfo"));
  if (value)
    send_notification(s, "$/progress", json_pack("{s:s, s:o}", "token", p->token, "value", value));
}

static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The client made the token: the run is shown from now on (or was over already). */
static void progress_created(void *ctx, const json_t *result, const json_t *error)
{
  struct analysis_progress *p = ctx;
  struct lsp_server *s = p->s;
  (void)result;
  bool known = false;
  for (struct analysis_progress *q = s->progress; q; q = q->next)
    known |= q == p;
  if (!known)
    return;
  if (error || !running(s) || p->ended) {
    progress_free(s, p);
    return;
  }
  p->created = true;
  char message[300];
  snprintf(message, sizeof message, "analysing %s", base_name(p->file));
  progress_send(s, p, true, message);
  p->begun = true;
}

/* Ends the progress of FILE's run with MESSAGE (a progress not begun yet is freed when the
 * client has made its token). */
static void progress_end(struct lsp_server *s, const char *file, const char *message)
{
  for (struct analysis_progress *p = s->progress, *next; p; p = next) {
    next = p->next;
    if (strcmp(p->file, file) != 0 || p->ended)
      continue;
    p->ended = true;
    if (p->begun) {
      progress_send(s, p, false, message);
      progress_free(s, p);
    }
  }
}

static void analysis_started(void *ctx, const char *file)
{
  struct lsp_server *s = ctx;
  if (!s->work_done_progress || !running(s))
    return;
  /* a run stopped by a newer save ends here, the new one takes its place */
  progress_end(s, file, "restarted: the file was saved again");
  struct analysis_progress *p = calloc(1, sizeof *p);
  if (!p || !(p->file = esc_strdup(file))) {
    free(p);
    return;
  }
  p->s = s;
  snprintf(p->token, sizeof p->token, "escinfo-analysis-%u", ++s->progress_serial);
  p->next = s->progress;
  s->progress = p;
  lsp_session_request(&s->rpc, "window/workDoneProgress/create",
                      json_pack("{s:s}", "token", p->token), progress_created, p);
}

static void analysis_finished(void *ctx, const char *file, bool ok, const char *message,
                              const char *output)
{
  struct lsp_server *s = ctx;
  if (!ok && output && *output)
    log_warn("analysis of %s failed; the compiler said:\n%s", file, output);
  progress_end(s, file, ok ? "analysed" : "failed");
  bool idle = s->analyzer.jobs == NULL, any = false;
  if (ok)
    cache_changed(s); /* the new facts, without waiting for the watcher */
  for (struct open_doc *od = s->docs; od; od = od->next) {
    bool mine = od->doc.canonical && strcmp(od->doc.canonical, file) == 0;
    if (!mine && !(od->analysing && idle))
      continue;
    od->analysing = mine ? analyzer_busy(&s->analyzer, file) : false;
    if (mine) {
      free(od->analysis_error);
      od->analysis_error = ok ? NULL : esc_strdup(message);
      if (ok && od->facts.signature != esc_cache_signature(s->cache_dir, od->doc.canonical))
        load_facts(s, od); /* the watcher may have read the entry before its index was whole */
    }
    publish(s, od);
    any = true;
  }
  if (any) /* a client that pulls diagnostics asks again: the failure shown, or gone */
    refresh_client(s);
}

/* Saving (or opening) OD asks for its analysis, when the settings allow it. */
static void analyse(struct lsp_server *s, struct open_doc *od)
{
  char why[600] = "";
  const char *want = s->settings.compile_commands;
  if (!od->doc.canonical)
    return;
  if (!s->settings.workspace_trusted) {
    snprintf(why, sizeof why, "the workspace is not trusted: compile commands run only in a "
                              "trusted workspace (the workspaceTrusted setting)");
  } else {
    char *db = settings_path(s, want);
    struct analysis_request r = { od->doc.canonical, db ? db : want, s->settings.plugin,
                                  s->cache_dir, s->settings.max_jobs };
    int rc = analyzer_request(&s->analyzer, &r, why, sizeof why);
    free(db);
    if (rc < 0)
      snprintf(why, sizeof why, "out of memory");
    if (rc == 0) {
      od->analysing = true;
      free(od->analysis_off);
      od->analysis_off = NULL;
      publish(s, od); /* the status, and a notice that says the file is being analysed */
      return;
    }
  }
  log_info("no analysis of %s: %s", od->doc.canonical, why);
  free(od->analysis_off);
  od->analysis_off = esc_strdup(why);
  send_file_status(s, od);
}

static void free_doc(struct open_doc *od)
{
  document_close(&od->doc);
  fact_set_free(&od->facts);
  free(od->index_dir);
  free(od->cache_problem);
  free(od->analysis_error);
  free(od->analysis_off);
  free(od->compile_commands);
  free(od->object);
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

bool lsp_server_view(struct lsp_server *s, const char *uri, const char *method,
                     struct lsp_document_view *view)
{
  struct open_doc *od = open_doc_or_warn(s, uri, method);
  if (!od)
    return false;
  feature_context(s, od, &view->ctx);
  view->generation = od->generation;
  view->markdown = s->markdown;
  return true;
}

struct lsp_session *lsp_server_session(struct lsp_server *s)
{
  return &s->rpc;
}

bool lsp_server_shows_fact_lists(const struct lsp_server *s)
{
  return s->fact_list;
}

/* ---- handlers ------------------------------------------------------------------------------- */

/* The handlers of the LSP methods: lsp_handler_fn (session.h), CTX being the server. */

static int out_of_memory(struct rpc_error *err)
{
  return rpc_fail(err, RPC_INTERNAL_ERROR, "out of memory");
}

static void check_parent(uv_timer_t *timer);

static int on_initialize(void *server, struct rpc_message *msg, json_t **result,
                         struct rpc_error *err)
{
  struct lsp_server *s = server;
  json_t *params = msg->params;
  struct initialize_params p;
  if (lsp_session_state(&s->rpc) != SESSION_NEW)
    return rpc_fail(err, RPC_INVALID_REQUEST, "initialize was already received");
  if (initialize_params_from_json(params, &p, err))
    return -1;
  s->encoding = p.utf8 ? LSP_ENCODING_UTF8 : LSP_ENCODING_UTF16;
  /* pull only from a client that can be told to pull again (workspace.diagnostics.
   * refreshSupport): new facts from a build or an analysis must reach it without an edit.
   * Others (Neovim 0.10 pulls on edits alone) get pushed diagnostics. */
  s->pull_diagnostics = p.pull_diagnostics && p.diagnostic_refresh;
  s->file_status = p.file_status;
  s->fact_list = p.fact_list;
  s->work_done_progress = p.work_done_progress;
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
  lsp_session_set_state(&s->rpc, SESSION_RUNNING);
  apply_settings(s, true);
  if (p.process_id > 0 && s->parent_timer_open) {
    s->parent_pid = p.process_id;
    uv_timer_start(&s->parent_timer, check_parent, PARENT_CHECK_MS, PARENT_CHECK_MS);
  }
  return 0;
}

static int on_initialized(void *server, struct rpc_message *msg, json_t **result,
                          struct rpc_error *err)
{
  struct lsp_server *s = server;
  (void)msg, (void)result, (void)err;
  if (s->configuration)
    lsp_session_request(&s->rpc, "workspace/configuration",
                        configuration_request_to_json("escinfo"), configuration_answered, s);
  return 0;
}

static int on_shutdown(void *server, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err)
{
  struct lsp_server *s = server;
  (void)msg, (void)err;
  lsp_session_set_state(&s->rpc, SESSION_SHUT_DOWN);
  s->shutdown_received = true;
  *result = json_null();
  return 0;
}

/* The server is done: tells the owner once, with the exit status. */
static void finish(struct lsp_server *s)
{
  if (lsp_session_state(&s->rpc) == SESSION_EXITED)
    return;
  lsp_session_set_state(&s->rpc, SESSION_EXITED);
  int status = s->shutdown_received ? 0 : 1;
  log_info("exiting with status %d", status);
  if (s->on_exit)
    s->on_exit(s->exit_ctx, status);
}

static int on_exit_notification(void *server, struct rpc_message *msg, json_t **result,
                                struct rpc_error *err)
{
  struct lsp_server *s = server;
  (void)msg, (void)result, (void)err;
  finish(s);
  return 0;
}

static int on_did_open(void *server, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err)
{
  struct lsp_server *s = server;
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
  if (od->facts.nentries == 0 && od->doc.canonical && diagnostics_is_c_family(&od->doc)) {
    /* the notice says how to get facts: a compile_commands.json compiling it makes it easy */
    char *db = settings_path(s, s->settings.compile_commands);
    od->compile_commands = analyzer_database_of(&s->analyzer, od->doc.canonical,
                                                db ? db : s->settings.compile_commands);
    free(db);
  }
  publish(s, od);
  if (s->settings.analyze_on_open && od->facts.nentries == 0 && !od->cache_problem
      && diagnostics_is_c_family(&od->doc))
    analyse(s, od);
  return 0;
}

static int on_did_change(void *server, struct rpc_message *msg, json_t **result,
                         struct rpc_error *err)
{
  struct lsp_server *s = server;
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

static int on_did_save(void *server, struct rpc_message *msg, json_t **result,
                       struct rpc_error *err)
{
  struct lsp_server *s = server;
  json_t *params = msg->params;
  const char *uri;
  (void)result;
  if (document_uri_from_json(params, &uri, err))
    return -1;
  struct open_doc *od = open_doc_or_warn(s, uri, "didSave");
  if (od)
    document_add_base(&od->doc); /* facts compiled from this text will map through it */
  if (od && s->settings.analyze_on_save && diagnostics_is_c_family(&od->doc))
    analyse(s, od);
  return 0;
}

static int on_did_close(void *server, struct rpc_message *msg, json_t **result,
                        struct rpc_error *err)
{
  struct lsp_server *s = server;
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
    lsp_session_send_text(&s->rpc, &t);
  }
  free_doc(od);
  update_watches(s);
  return 0;
}

static int on_did_change_configuration(void *server, struct rpc_message *msg, json_t **result,
                                       struct rpc_error *err)
{
  struct lsp_server *s = server;
  json_t *params = msg->params;
  const json_t *settings;
  (void)result;
  if (configuration_params_from_json(params, &settings, err))
    return -1;
  if (!settings && s->configuration) { /* the client wants a pull */
    lsp_session_request(&s->rpc, "workspace/configuration",
                        configuration_request_to_json("escinfo"), configuration_answered, s);
    return 0;
  }
  json_decref(s->config);
  s->config = settings ? json_incref((json_t *)settings) : NULL;
  apply_settings(s, false);
  return 0;
}

/* $/cancelRequest is acted on when it arrives (lsp_session_receive); queued, it has nothing
 * left to do. */
static int on_cancel(void *server, struct rpc_message *msg, json_t **result, struct rpc_error *err)
{
  (void)server, (void)msg, (void)result, (void)err;
  return 0;
}

/* ---- the method table ------------------------------------------------------------------------- */

static const struct lsp_method methods[] = {
  { "initialize", METHOD_BEFORE_INIT, on_initialize },
  { "initialized", METHOD_NOTIFICATION, on_initialized },
  { "shutdown", 0, on_shutdown },
  { "exit", METHOD_NOTIFICATION | METHOD_BEFORE_INIT | METHOD_AFTER_SHUTDOWN, on_exit_notification },
  { "textDocument/didOpen", METHOD_NOTIFICATION, on_did_open },
  { "textDocument/didChange", METHOD_NOTIFICATION, on_did_change },
  { "textDocument/didSave", METHOD_NOTIFICATION, on_did_save },
  { "textDocument/didClose", METHOD_NOTIFICATION, on_did_close },
  { "textDocument/hover", 0, request_hover },
  { "textDocument/inlayHint", 0, request_inlay_hint },
  { "textDocument/codeLens", 0, request_code_lens },
  { "textDocument/diagnostic", 0, request_diagnostic },
  { "workspace/didChangeConfiguration", METHOD_NOTIFICATION, on_did_change_configuration },
  { "workspace/executeCommand", 0, request_execute_command },
  { "$/cancelRequest", METHOD_NOTIFICATION | METHOD_BEFORE_INIT | METHOD_AFTER_SHUTDOWN, on_cancel },
};

/* The answer to workspace/configuration: the settings of section "escinfo". */
static void configuration_answered(void *ctx, const json_t *result, const json_t *error)
{
  struct lsp_server *s = ctx;
  if (error || !running(s))
    return;
  const json_t *settings = configuration_result_from_json(result);
  json_decref(s->config);
  s->config = settings ? json_incref((json_t *)settings) : NULL;
  apply_settings(s, false);
}

void lsp_server_handle_message(struct lsp_server *s, const char *body, size_t len)
{
  lsp_session_receive(&s->rpc, body, len);
}

void lsp_server_message_head(struct lsp_server *s, const char *head, size_t len)
{
  /* before initialize is handled too (a client that does not wait for its answer): a cache
   * that initialize then changes makes prefetch_finish refuse what was read */
  if ((lsp_session_state(&s->rpc) != SESSION_NEW && !running(s)) || !s->cache_dir || s->closing)
    return;
  char *uri = prefetch_did_open_uri(head, len);
  char *path = uri ? uri_to_path(uri) : NULL;
  char *canonical = path ? esc_path_canonical(path, NULL) : NULL;
  if (canonical) {
    char *db = settings_path(s, s->settings.compile_commands);
    prefetch_cancel(s->prefetch); /* one not taken: its message was not a good didOpen */
    s->prefetch = prefetch_start(s->cache_dir, canonical, db ? db : s->settings.compile_commands);
    free(db);
  }
  free(canonical);
  free(path);
  free(uri);
}

void lsp_server_framing_error(struct lsp_server *s, const char *reason)
{
  lsp_session_framing_error(&s->rpc, reason);
}

void lsp_server_drain(struct lsp_server *s)
{
  lsp_session_drain(&s->rpc);
}

void lsp_server_set_synchronous(struct lsp_server *s, bool on)
{
  s->feeding = on;
}

void lsp_server_input_closed(struct lsp_server *s)
{
  lsp_server_drain(s);
  if (lsp_session_state(&s->rpc) != SESSION_EXITED)
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
  const struct lsp_session_callbacks rpc = { output, output_ctx, methods,
                                             sizeof methods / sizeof methods[0], s };
  lsp_session_init(&s->rpc, &rpc);
  s->on_exit = on_exit;
  s->exit_ctx = exit_ctx;
  s->encoding = LSP_ENCODING_UTF16;
  s->markdown = true;
  if (settings_init(&s->settings) != 0 || (cache_dir && !(s->cache_override = esc_strdup(cache_dir)))) {
    settings_free(&s->settings);
    free(s);
    return NULL;
  }
  resolve_cache_dir(s);
  const struct analyzer_callbacks analysis = { s, analysis_started, analysis_finished };
  analyzer_init(&s->analyzer, loop, &analysis);
  const struct lsp_live_callbacks live = { cache_changed, publish_due, s };
  int live_rc = lsp_live_init(&s->live, loop, &live);
  if (uv_timer_init(loop, &s->parent_timer) == 0) {
    s->parent_timer.data = s;
    s->parent_timer_open = true;
    uv_unref((uv_handle_t *)&s->parent_timer); /* never what keeps the loop alive */
  }
  if (live_rc != 0 || !s->parent_timer_open) {
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

void lsp_server_close(struct lsp_server *s)
{
  if (s->closing)
    return;
  s->closing = true;
  analyzer_close(&s->analyzer);
  lsp_live_close(&s->live);
  if (s->parent_timer_open && !uv_is_closing((uv_handle_t *)&s->parent_timer))
    uv_close((uv_handle_t *)&s->parent_timer, on_parent_timer_closed);
}

void lsp_server_free(struct lsp_server *s)
{
  if (!s)
    return;
  prefetch_cancel(s->prefetch);
  while (s->progress)
    progress_free(s, s->progress);
  while (s->docs) {
    struct open_doc *od = s->docs;
    s->docs = od->next;
    free_doc(od);
  }
  lsp_session_free(&s->rpc);
  json_decref(s->init_options);
  json_decref(s->config);
  settings_free(&s->settings);
  free(s->root_path);
  free(s->cache_override);
  free(s->cache_dir);
  free(s->cache_dir_problem);
  free(s);
}
