/* scan.c - escinfo scan: the facts of every compile of compile_commands.json, without touching
 * the build: each compile runs again with the plugin, analysis only, in parallel. */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include "cli.h"
#include "compdb.h"
#include "scan-command.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


extern char **environ;

enum unit_state { UNIT_PENDING, UNIT_RUNNING, UNIT_ANALYSED, UNIT_UP_TO_DATE, UNIT_SKIPPED,
                  UNIT_FAILED, UNIT_NOT_RUN };

struct unit {
  const struct compdb_entry *entry;
  struct scan_command cmd;
  enum unit_state state;
  const char *why;   /* skipped: the reason (owned by the compiler list) */
  pid_t pid;
  int err_fd;        /* the compile's stderr, a temp file */
  double started;
};

/* The compilers seen, checked once each. */
struct compiler {
  char *name, *dir; /* dir: only for a relative path, which depends on the directory */
  struct compiler_check check;
  size_t units;     /* units skipped for it */
};

struct scan {
  const struct options *o;
  struct scan_config cfg;
  struct compdb db;
  struct unit *units;
  size_t nunits;
  struct compiler *compilers;
  size_t ncompilers;
  time_t db_mtime;
  double t0;
  bool tty;
  size_t done, total_to_run;
  size_t counts[UNIT_NOT_RUN + 1];
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
  interrupted = sig;
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* FILE as the user knows it: relative to the current directory when below it. */
static const char *shown_path(const char *path)
{
  static char *cwd;
  if (!cwd)
    cwd = getcwd(NULL, 0);
  size_t n = cwd ? strlen(cwd) : 0;
  if (n && strncmp(path, cwd, n) == 0 && path[n] == '/')
    return path + n + 1;
  return path;
}

/* ---- planning --------------------------------------------------------------------------- */

static struct compiler *compiler_of(struct scan *s, const struct unit *u)
{
  const char *name = u->cmd.compiler;
  const char *dir = strchr(name, '/') && name[0] != '/' ? u->entry->directory : "";
  for (size_t i = 0; i < s->ncompilers; i++)
    if (strcmp(s->compilers[i].name, name) == 0 && strcmp(s->compilers[i].dir, dir) == 0)
      return &s->compilers[i];
  struct compiler *v = realloc(s->compilers, (s->ncompilers + 1) * sizeof *v);
  if (!v)
    return NULL;
  s->compilers = v;
  struct compiler *c = &v[s->ncompilers];
  memset(c, 0, sizeof *c);
  c->name = strdup(name);
  c->dir = strdup(dir);
  if (!c->name || !c->dir
      || scan_check_compiler(name, u->entry->directory, scan_plugin_gcc_version(), &c->check) != 0) {
    free(c->name);
    free(c->dir);
    return NULL;
  }
  s->ncompilers++;
  return c;
}

/* Whether the unit's entry in the cache is still right: written after the database was, and
 * every file the compile read unchanged since. */
static bool up_to_date(const struct scan *s, const struct unit *u)
{
  char *path = esc_cache_entry_file(s->cfg.cache_dir, u->cmd.main_file, u->cmd.output);
  struct esc_tu tu;
  char err[ERR_SIZE];
  bool fresh = false;
  if (path && access(path, R_OK) == 0 && esc_cache_read_entry(path, &tu, err, sizeof err) == 0) {
    fresh = tu.compile_time >= (int64_t)s->db_mtime && tu.nsources > 0;
    for (size_t i = 0; fresh && i < tu.nsources; i++) {
      char hash[ESC_HASH_LEN + 1];
      const struct esc_source *src = &tu.sources[i];
      fresh = src->hash && esc_hash_file(src->path, hash, NULL) == 0
              && strcmp(hash, src->hash) == 0;
    }
    esc_tu_free(&tu);
  }
  free(path);
  return fresh;
}

/* The entries for the FILEs named, or all; one unit per compile (main file and output). */
static int plan(struct scan *s)
{
  const struct options *o = s->o;
  int status = 0;
  s->units = calloc(s->db.n ? s->db.n : 1, sizeof *s->units);
  if (!s->units)
    return out_of_memory();
  bool *named = calloc(o->nfiles ? (size_t)o->nfiles : 1, sizeof *named);
  char **wanted = calloc(o->nfiles ? (size_t)o->nfiles : 1, sizeof *wanted);
  if (!named || !wanted) {
    free(named);
    free(wanted);
    return out_of_memory();
  }
  for (int i = 0; i < o->nfiles; i++)
    if (!(wanted[i] = realpath(o->files[i], NULL)))
      wanted[i] = strdup(o->files[i]);
  for (size_t i = 0; i < s->db.n; i++) {
    struct unit *u = &s->units[s->nunits];
    u->entry = &s->db.v[i];
    u->err_fd = -1;
    if (scan_command_build(u->entry, &s->cfg, &u->cmd) != 0) {
      status = out_of_memory();
      break;
    }
    bool take = o->nfiles == 0;
    for (int f = 0; f < o->nfiles; f++)
      if (wanted[f] && strcmp(wanted[f], u->cmd.main_file) == 0)
        take = named[f] = true;
    for (size_t j = 0; take && j < s->nunits; j++)
      take = strcmp(s->units[j].cmd.main_file, u->cmd.main_file) != 0
             || strcmp(s->units[j].cmd.output, u->cmd.output) != 0;
    if (!take) {
      scan_command_free(&u->cmd);
      continue;
    }
    s->nunits++;
  }
  for (int f = 0; f < o->nfiles && status == 0; f++)
    if (!named[f]) {
      fprintf(stderr, "escinfo: '%s' is not compiled by any entry of %s\n", o->files[f],
              s->db.path);
      status = 1;
    }
  for (int i = 0; i < o->nfiles; i++)
    free(wanted[i]);
  free(wanted);
  free(named);
  return status;
}

static int classify(struct scan *s)
{
  for (size_t i = 0; i < s->nunits; i++) {
    struct unit *u = &s->units[i];
    struct compiler *c = compiler_of(s, u);
    if (!c)
      return out_of_memory();
    if (!c->check.fits) {
      u->state = UNIT_SKIPPED;
      u->why = c->check.why;
      c->units++;
    } else if (!s->o->force && up_to_date(s, u)) {
      u->state = UNIT_UP_TO_DATE;
    } else {
      s->total_to_run++;
    }
    if (u->state != UNIT_PENDING)
      s->counts[u->state]++;
  }
  return 0;
}

/* ---- running ---------------------------------------------------------------------------- */

static void format_duration(double secs, char out[32])
{
  long t = (long)(secs + 0.5);
  if (t >= 3600)
    snprintf(out, 32, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else
    snprintf(out, 32, "%ld:%02ld", t / 60, t % 60);
}

/* The progress line on a terminal: done/total, the file now compiling, elapsed, ETA. */
static void show_progress(const struct scan *s, const struct unit *current)
{
  if (!s->tty)
    return;
  char elapsed[32], eta[32] = "?";
  double spent = now() - s->t0;
  format_duration(spent, elapsed);
  if (s->done > 0)
    format_duration(spent / (double)s->done * (double)(s->total_to_run - s->done), eta);
  const char *file = current ? shown_path(current->cmd.main_file) : "";
  fprintf(stderr, "\r\033[K[%zu/%zu] %3zu%%  %s  %s elapsed, ETA %s", s->done, s->total_to_run,
          s->total_to_run ? 100 * s->done / s->total_to_run : 100, file, elapsed, eta);
  fflush(stderr);
}

/* Clears the progress line before a line of its own. */
static void clear_progress(const struct scan *s)
{
  if (s->tty)
    fputs("\r\033[K", stderr);
}

static int start(struct scan *s, struct unit *u)
{
  /* the compile's messages, shown only when it fails: a temp file, unlinked at once */
  const char *tmpdir = getenv("TMPDIR");
  struct esc_text t;
  esc_text_init(&t);
  esc_text_printf(&t, "%s/escinfo-scan-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  char *name = esc_text_take(&t, NULL);
  u->err_fd = name ? mkstemp(name) : -1;
  if (u->err_fd >= 0)
    unlink(name);
  free(name);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addchdir_np(&fa, u->entry->directory);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  if (u->err_fd >= 0)
    posix_spawn_file_actions_adddup2(&fa, u->err_fd, 2);
  /* each compile in a process group of its own, so that stopping the scan stops the whole
   * compile (a driver's cc1, a wrapper script's compiler), not the first process alone */
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  int rc = posix_spawnp(&u->pid, u->cmd.argv[0], &fa, &attr, u->cmd.argv, environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  u->started = now();
  if (rc != 0) {
    clear_progress(s);
    fprintf(stderr, "escinfo: %s: cannot run '%s': %s\n", shown_path(u->cmd.main_file),
            u->cmd.argv[0], strerror(rc));
    return -1;
  }
  u->state = UNIT_RUNNING;
  show_progress(s, u);
  return 0;
}

/* Prints the first lines of a failed compile's output: its errors first. */
static void show_errors(int fd)
{
  if (fd < 0 || lseek(fd, 0, SEEK_SET) != 0)
    return;
  FILE *f = fdopen(dup(fd), "r");
  if (!f)
    return;
  char line[1024];
  int shown = 0, lines = 0;
  while (fgets(line, sizeof line, f) && shown < 5) {
    lines++;
    if (strstr(line, "error") || strstr(line, "fatal")) {
      fprintf(stderr, "    %s%s", line, strchr(line, '\n') ? "" : "\n");
      shown++;
    }
  }
  if (shown == 0) { /* no line says error: the first ones */
    rewind(f);
    while (fgets(line, sizeof line, f) && shown < 5) {
      fprintf(stderr, "    %s%s", line, strchr(line, '\n') ? "" : "\n");
      shown++;
    }
  }
  fclose(f);
}

static void finished(struct scan *s, struct unit *u, int status)
{
  bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  u->state = ok ? UNIT_ANALYSED : interrupted ? UNIT_NOT_RUN : UNIT_FAILED;
  s->counts[u->state]++;
  s->done++;
  clear_progress(s);
  if (!ok && !interrupted) {
    if (WIFSIGNALED(status))
      fprintf(stderr, "escinfo: %s: the compile was killed by signal %d\n",
              shown_path(u->cmd.main_file), WTERMSIG(status));
    else
      fprintf(stderr, "escinfo: %s: the compile failed (exit status %d):\n",
              shown_path(u->cmd.main_file), WEXITSTATUS(status));
    show_errors(u->err_fd);
  } else if (ok && !s->tty) {
    printf("escinfo: [%zu/%zu] %s: analysed in %.1f s\n", s->done, s->total_to_run,
           shown_path(u->cmd.main_file), now() - u->started);
    fflush(stdout);
  }
  if (u->err_fd >= 0)
    close(u->err_fd);
  u->err_fd = -1;
  show_progress(s, NULL);
}

static void run_all(struct scan *s, int jobs)
{
  size_t next = 0, running = 0;
  bool stopped = false;
  for (;;) {
    if (interrupted && !stopped) { /* Ctrl-C: stop the compiles running, start no other */
      for (size_t i = 0; i < s->nunits; i++)
        if (s->units[i].state == UNIT_RUNNING)
          kill(-s->units[i].pid, SIGTERM);
      stopped = true;
    }
    while (!interrupted && running < (size_t)jobs && next < s->nunits) {
      struct unit *u = &s->units[next++];
      if (u->state != UNIT_PENDING)
        continue;
      if (start(s, u) == 0) {
        running++;
      } else {
        u->state = UNIT_FAILED;
        s->counts[UNIT_FAILED]++;
        s->done++;
      }
    }
    if (running == 0)
      break;
    int status;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno != EINTR)
        break;
      continue;
    }
    for (size_t i = 0; i < s->nunits; i++)
      if (s->units[i].state == UNIT_RUNNING && s->units[i].pid == pid) {
        finished(s, &s->units[i], status);
        running--;
        break;
      }
  }
  for (size_t i = 0; i < s->nunits; i++)
    if (s->units[i].state == UNIT_PENDING) {
      s->units[i].state = UNIT_NOT_RUN;
      s->counts[UNIT_NOT_RUN]++;
    }
}

/* ---- the verb --------------------------------------------------------------------------- */

static void summary(const struct scan *s)
{
  char took[32];
  format_duration(now() - s->t0, took);
  clear_progress(s);
  printf("escinfo scan: %zu units: %zu analysed, %zu up to date, %zu skipped, %zu failed",
         s->nunits, s->counts[UNIT_ANALYSED], s->counts[UNIT_UP_TO_DATE],
         s->counts[UNIT_SKIPPED], s->counts[UNIT_FAILED]);
  if (s->counts[UNIT_NOT_RUN])
    printf(", %zu not run (interrupted)", s->counts[UNIT_NOT_RUN]);
  printf(" in %s (%s)\n", took, s->db.path);
  for (size_t i = 0; i < s->ncompilers; i++)
    if (s->compilers[i].units)
      printf("escinfo scan: skipped %zu unit%s compiled by '%s': %s\n", s->compilers[i].units,
             s->compilers[i].units == 1 ? "" : "s", s->compilers[i].name,
             s->compilers[i].check.why);
}

static void scan_free(struct scan *s)
{
  for (size_t i = 0; i < s->nunits; i++)
    scan_command_free(&s->units[i].cmd);
  free(s->units);
  for (size_t i = 0; i < s->ncompilers; i++) {
    free(s->compilers[i].name);
    free(s->compilers[i].dir);
    free(s->compilers[i].check.why);
  }
  free(s->compilers);
  compdb_free(&s->db);
}

int run_scan(const char *dir, const struct options *o)
{
  char err[ERR_SIZE];
  struct scan s = { .o = o, .t0 = now(), .tty = isatty(STDERR_FILENO) };
  const char *plugin = o->plugin ? o->plugin : scan_default_plugin();
  if (access(plugin, R_OK) != 0) {
    fprintf(stderr, "escinfo: cannot read the plugin '%s': %s (give it with --plugin=PATH)\n",
            plugin, strerror(errno));
    return 1;
  }
  s.cfg.plugin = plugin;
  s.cfg.cache_dir = dir;
  char *path = compdb_find(o->build_dir, err, sizeof err);
  if (!path) {
    fprintf(stderr, "escinfo: %s\n", err);
    return 1;
  }
  struct stat st;
  int rc = compdb_load(path, &s.db, err, sizeof err);
  s.db_mtime = stat(path, &st) == 0 ? st.st_mtime : 0;
  free(path);
  if (rc != 0) {
    fprintf(stderr, "escinfo: %s\n", err);
    return 1;
  }
  int status = plan(&s);
  if (status == 0)
    status = classify(&s);
  if (status != 0) {
    scan_free(&s);
    return status;
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int jobs = o->jobs > 0 ? o->jobs : cores > 0 ? (int)cores : 1;
  struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  run_all(&s, jobs);
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  summary(&s);
  status = interrupted ? 128 + interrupted : s.counts[UNIT_FAILED] ? 1 : 0;
  scan_free(&s);
  return status;
}
