/* analyze.c - analysis on save: a unit's analysis-only compile, run on the loop (libuv processes). */
#include "analyze.h"

#include "cache.h"
#include "log.h"
#include "text.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#define MAX_OUTPUT (64 * 1024)   /* of a compile's messages kept */
#define MAX_UNITS_PER_HEADER 16  /* units analysed again when a header is saved */

enum job_state { JOB_WAITING, JOB_RUNNING };

struct analysis_job {
  struct analyzer *a;
  struct analysis_job *next;
  char *file;                 /* the unit's main file, canonical: the job's identity */
  char *dir;                  /* its working directory */
  struct scan_command cmd;
  enum job_state state;
  uv_process_t proc;
  uv_pipe_t err;              /* the compile's stderr */
  int open_handles;           /* freed when both handles have closed */
  bool exited, eof, reported;
  int64_t exit_status;
  int term_signal;
  bool redo;                  /* asked for again while running: stopped, to run again */
  bool cancelled;             /* stopped by analyzer_close */
  struct esc_text output;
};

struct analysis_db {
  struct analysis_db *next;
  char *path;
  time_t mtime;
  off_t size;
  struct compdb db;
};

struct analysis_compiler {
  struct analysis_compiler *next;
  char *name, *dir;
  struct compiler_check check;
};

void analyzer_init(struct analyzer *a, uv_loop_t *loop, const struct analyzer_callbacks *cb)
{
  memset(a, 0, sizeof *a);
  a->loop = loop;
  a->cb = *cb;
  a->max_jobs = 1;
}

/* ---- databases and compilers ---------------------------------------------------------------- */

/* The database at PATH, read now or earlier (and read again when the file changed). */
static const struct compdb *database(struct analyzer *a, const char *path, char *why, size_t len)
{
  struct stat st;
  if (stat(path, &st) != 0) {
    snprintf(why, len, "cannot read '%s': %s", path, strerror(errno));
    return NULL;
  }
  struct analysis_db *d = a->dbs;
  while (d && strcmp(d->path, path) != 0)
    d = d->next;
  if (d && d->mtime == st.st_mtime && d->size == st.st_size)
    return &d->db;
  struct compdb db;
  if (compdb_load(path, &db, why, len) != 0)
    return NULL;
  if (!d) {
    if (!(d = calloc(1, sizeof *d)) || !(d->path = strdup(path))) {
      free(d);
      compdb_free(&db);
      snprintf(why, len, "out of memory");
      return NULL;
    }
    d->next = a->dbs;
    a->dbs = d;
  } else {
    compdb_free(&d->db);
  }
  log_info("analysis: read %zu compile commands from %s", db.n, path);
  d->db = db;
  d->mtime = st.st_mtime;
  d->size = st.st_size;
  return &d->db;
}

static const struct compiler_check *compiler(struct analyzer *a, const char *name,
                                             const char *entry_dir)
{
  const char *dir = strchr(name, '/') && name[0] != '/' ? entry_dir : "";
  for (struct analysis_compiler *c = a->compilers; c; c = c->next)
    if (strcmp(c->name, name) == 0 && strcmp(c->dir, dir) == 0)
      return &c->check;
  struct analysis_compiler *c = calloc(1, sizeof *c);
  if (!c || !(c->name = strdup(name)) || !(c->dir = strdup(dir))
      || scan_check_compiler(name, entry_dir, scan_plugin_gcc_version(), &c->check) != 0) {
    if (c) {
      free(c->name);
      free(c->dir);
    }
    free(c);
    return NULL;
  }
  log_info("analysis: compiler '%s': %s", name, c->check.fits ? "the plugin's GCC" : c->check.why);
  c->next = a->compilers;
  a->compilers = c;
  return &c->check;
}

/* ---- running -------------------------------------------------------------------------------- */

static void start_waiting(struct analyzer *a);

static void job_free(struct analysis_job *j)
{
  scan_command_free(&j->cmd);
  esc_text_free(&j->output);
  free(j->file);
  free(j->dir);
  free(j);
}

static void unlink_job(struct analyzer *a, struct analysis_job *j)
{
  for (struct analysis_job **p = &a->jobs; *p; p = &(*p)->next)
    if (*p == j) {
      *p = j->next;
      return;
    }
}

static void on_handle_closed(uv_handle_t *h)
{
  struct analysis_job *j = h->data;
  if (--j->open_handles == 0)
    job_free(j);
}

/* The line of OUTPUT to show: the first error, else the first line. */
static char *first_error(const char *output)
{
  const char *best = NULL;
  for (const char *line = output; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    if (!best && n > 0)
      best = line;
    const char *e = strstr(line, "error:");
    if (e && (!end || e < end)) {
      best = line;
      break;
    }
  }
  if (!best)
    return NULL;
  size_t n = strcspn(best, "\n");
  char *s = malloc(n + 1);
  if (s) {
    memcpy(s, best, n);
    s[n] = '\0';
  }
  return s;
}

/* Both the process and its output have ended: says how, and runs what waits. */
static void job_done(struct analysis_job *j)
{
  struct analyzer *a = j->a;
  if (j->reported || !j->exited || !j->eof)
    return;
  j->reported = true;
  unlink_job(a, j);
  if (j->redo && !a->closing) { /* a newer save: run it again, with the same command */
    struct analysis_job *again = calloc(1, sizeof *again);
    if (again) {
      again->a = a;
      again->file = j->file;
      again->dir = j->dir;
      again->cmd = j->cmd;
      j->file = j->dir = NULL;
      memset(&j->cmd, 0, sizeof j->cmd);
      esc_text_init(&again->output);
      struct analysis_job **p = &a->jobs;
      while (*p)
        p = &(*p)->next;
      *p = again;
    }
  } else if (!j->cancelled && !a->closing) {
    bool ok = j->exit_status == 0 && j->term_signal == 0;
    char *text = esc_text_take(&j->output, NULL);
    char *message = ok ? NULL : first_error(text ? text : "");
    char how[96];
    if (!ok && !message) {
      if (j->term_signal)
        snprintf(how, sizeof how, "the compile was killed by signal %d", j->term_signal);
      else
        snprintf(how, sizeof how, "the compile ended with status %lld", (long long)j->exit_status);
    }
    log_info("analysis of %s: %s%s", j->file, ok ? "done" : "failed: ",
             ok ? "" : message ? message : how);
    a->cb.finished(a->cb.ctx, j->file, ok, ok ? NULL : message ? message : how, text ? text : "");
    free(message);
    free(text);
  }
  start_waiting(a);
}

static void on_process_exit(uv_process_t *p, int64_t status, int term_signal)
{
  struct analysis_job *j = p->data;
  j->exited = true;
  j->exit_status = status;
  j->term_signal = term_signal;
  uv_close((uv_handle_t *)p, on_handle_closed);
  job_done(j);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
  static char chunk[16384];
  (void)h;
  (void)suggested;
  *buf = uv_buf_init(chunk, sizeof chunk);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
  struct analysis_job *j = s->data;
  if (n > 0) {
    size_t room = j->output.len < MAX_OUTPUT ? MAX_OUTPUT - j->output.len : 0;
    esc_text_add(&j->output, buf->base, (size_t)n < room ? (size_t)n : room);
    return;
  }
  if (n == 0)
    return;
  uv_read_stop(s);
  uv_close((uv_handle_t *)s, on_handle_closed);
  j->eof = true;
  job_done(j);
}

static int start(struct analyzer *a, struct analysis_job *j)
{
  uv_stdio_container_t stdio[3] = {
    { .flags = UV_IGNORE },
    { .flags = UV_IGNORE },
    { .flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&j->err },
  };
  uv_process_options_t o = {
    .exit_cb = on_process_exit,
    .file = j->cmd.argv[0],
    .args = j->cmd.argv,
    .cwd = j->dir,
    /* a process group of its own, so that stopping it stops the driver's cc1 too */
    .flags = UV_PROCESS_DETACHED,
    .stdio_count = 3,
    .stdio = stdio,
  };
  int rc = uv_pipe_init(a->loop, &j->err, 0);
  if (rc != 0)
    return rc; /* no handle open: the caller frees J */
  j->err.data = j;
  j->proc.data = j;
  j->open_handles = 1;
  rc = uv_spawn(a->loop, &j->proc, &o);
  if (rc != 0) {
    uv_close((uv_handle_t *)&j->err, on_handle_closed); /* frees J on the loop */
    return rc;
  }
  j->open_handles = 2;
  j->state = JOB_RUNNING;
  uv_read_start((uv_stream_t *)&j->err, on_alloc, on_read);
  a->cb.started(a->cb.ctx, j->file);
  return 0;
}

static void start_waiting(struct analyzer *a)
{
  unsigned running = 0;
  for (struct analysis_job *j = a->jobs; j; j = j->next)
    running += j->state == JOB_RUNNING;
  for (struct analysis_job *j = a->jobs, *next; j && running < a->max_jobs && !a->closing; j = next) {
    next = j->next;
    if (j->state != JOB_WAITING)
      continue;
    int rc = start(a, j);
    if (rc == 0) {
      running++;
      continue;
    }
    char message[256];
    snprintf(message, sizeof message, "cannot run '%s': %s", j->cmd.argv[0], uv_strerror(rc));
    log_warn("analysis of %s: %s", j->file, message);
    unlink_job(a, j);
    j->reported = true;
    a->cb.finished(a->cb.ctx, j->file, false, message, "");
    if (j->open_handles == 0)
      job_free(j); /* else when its pipe has closed */
  }
}

/* ---- requests ------------------------------------------------------------------------------- */

static struct analysis_job *job_of(const struct analyzer *a, const char *file)
{
  for (struct analysis_job *j = a->jobs; j; j = j->next)
    if (j->file && strcmp(j->file, file) == 0 && !j->reported)
      return j;
  return NULL;
}

bool analyzer_busy(const struct analyzer *a, const char *file)
{
  return job_of(a, file) != NULL;
}

/* Queues entry E of the database (its unit's main file: FILE), or marks its run to be redone. */
static int queue(struct analyzer *a, const struct compdb_entry *e, const char *file,
                 const struct scan_config *cfg, char *why, size_t len)
{
  struct analysis_job *j = job_of(a, file);
  if (j) {
    if (j->state == JOB_RUNNING && !j->redo) {
      j->redo = true; /* stopped now, run again when it has ended */
      uv_kill(-j->proc.pid, SIGTERM);
    }
    return 0;
  }
  if (!(j = calloc(1, sizeof *j)))
    return -1;
  j->a = a;
  esc_text_init(&j->output);
  if (scan_command_build(e, cfg, &j->cmd) != 0 || !(j->file = strdup(file))
      || !(j->dir = strdup(e->directory))) {
    job_free(j);
    return -1;
  }
  const struct compiler_check *check = compiler(a, j->cmd.compiler, e->directory);
  if (!check) {
    job_free(j);
    return -1;
  }
  if (!check->fits) {
    snprintf(why, len, "its compile command runs '%s': %s", j->cmd.compiler, check->why);
    job_free(j);
    return 1;
  }
  struct analysis_job **p = &a->jobs;
  while (*p)
    p = &(*p)->next;
  *p = j;
  return 0;
}

/* The units that read the header FILE, by the cache's index: queued when the database has them. */
static int queue_includers(struct analyzer *a, const struct compdb *db, const char *file,
                           const struct scan_config *cfg, char *why, size_t len)
{
  struct esc_tu *tus = NULL;
  size_t ntus = 0, queued = 0;
  char err[256];
  int rc = 1;
  if (esc_cache_lookup(cfg->cache_dir, file, &tus, &ntus, NULL, NULL, err, sizeof err) != 0)
    ntus = 0;
  for (size_t i = 0; i < ntus; i++) {
    const struct compdb_entry *e = tus[i].main_file && queued < MAX_UNITS_PER_HEADER
                                     ? compdb_entry_for(db, tus[i].main_file) : NULL;
    int r = e ? queue(a, e, tus[i].main_file, cfg, why, len) : 1;
    if (r < 0) {
      rc = -1;
      break;
    }
    if (r == 0) {
      queued++;
      rc = 0;
    }
  }
  for (size_t i = 0; i < ntus; i++)
    esc_tu_free(&tus[i]);
  free(tus);
  if (rc == 1 && !queued)
    snprintf(why, len, "no entry of %s compiles it, and no unit analysed so far reads it", db->path);
  return rc;
}

/* The entry compiling FILE in the compile_commands.json COMPILE_COMMANDS or found from FILE, and
 * that database's path in *PATH (malloc'd); NULL (*PATH NULL) when there is none. */
static const struct compdb_entry *entry_of(struct analyzer *a, const char *file,
                                           const char *compile_commands, char **path)
{
  char err[512];
  *path = compile_commands ? compdb_find(compile_commands, err, sizeof err)
                           : compdb_find_for_file(file);
  const struct compdb *db = *path ? database(a, *path, err, sizeof err) : NULL;
  const struct compdb_entry *e = db ? compdb_entry_for(db, file) : NULL;
  if (!e) {
    free(*path);
    *path = NULL;
  }
  return e;
}

char *analyzer_database_of(struct analyzer *a, const char *file, const char *compile_commands)
{
  char *path;
  entry_of(a, file, compile_commands, &path);
  return path;
}

char *analyzer_object_of(struct analyzer *a, const char *file, const char *compile_commands)
{
  char *path;
  const struct compdb_entry *e = entry_of(a, file, compile_commands, &path);
  free(path);
  return e ? compdb_object_of(e) : NULL;
}

int analyzer_request(struct analyzer *a, const struct analysis_request *r, char *why,
                     size_t whylen)
{
  char err[512];
  if (a->closing)
    return 1;
  a->max_jobs = r->max_jobs ? r->max_jobs : 1;
  struct scan_config cfg = { r->plugin ? r->plugin : scan_default_plugin(), r->cache_dir };
  if (!cfg.cache_dir) {
    snprintf(why, whylen, "there is no cache directory to write facts to");
    return 1;
  }
  if (access(cfg.plugin, R_OK) != 0) {
    snprintf(why, whylen, "cannot read the plugin '%s': %s (the plugin setting names it)",
             cfg.plugin, strerror(errno));
    return 1;
  }
  char *path = r->compile_commands ? compdb_find(r->compile_commands, err, sizeof err)
                                   : compdb_find_for_file(r->file);
  if (!path) {
    if (r->compile_commands)
      snprintf(why, whylen, "%s", err);
    else
      snprintf(why, whylen, "no compile_commands.json in its directory, a build* folder or a "
                            "parent directory (the compileCommands setting names one)");
    return 1;
  }
  const struct compdb *db = database(a, path, why, whylen);
  free(path);
  if (!db)
    return 1;
  const struct compdb_entry *e = compdb_entry_for(db, r->file);
  int rc = e ? queue(a, e, r->file, &cfg, why, whylen)
             : queue_includers(a, db, r->file, &cfg, why, whylen);
  if (rc == 0)
    start_waiting(a);
  return rc;
}

void analyzer_close(struct analyzer *a)
{
  a->closing = true;
  for (struct analysis_job *j = a->jobs, *next; j; j = next) {
    next = j->next;
    if (j->state == JOB_RUNNING) {
      j->cancelled = true;
      uv_kill(-j->proc.pid, SIGTERM);
    } else {
      unlink_job(a, j);
      job_free(j);
    }
  }
  for (struct analysis_db *d = a->dbs, *next; d; d = next) {
    next = d->next;
    compdb_free(&d->db);
    free(d->path);
    free(d);
  }
  a->dbs = NULL;
  for (struct analysis_compiler *c = a->compilers, *next; c; c = next) {
    next = c->next;
    free(c->name);
    free(c->dir);
    free(c->check.why);
    free(c);
  }
  a->compilers = NULL;
}

bool analyzer_closed(const struct analyzer *a)
{
  return a->jobs == NULL;
}
