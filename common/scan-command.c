/* scan-command.c - the analysis-only compile of a database entry, and the compiler check. */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include "scan-command.h"

#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef ESCINFO_PLUGIN_PATH
#error "ESCINFO_PLUGIN_PATH (where make install puts escinfo.so) comes from Makefile.am, through -D"
#endif
#ifndef ESCINFO_GCC_VERSION
#error "ESCINFO_GCC_VERSION (the GCC the plugin is built for) comes from configure, through -D"
#endif

extern char **environ;

const char *scan_default_plugin(void)
{
  const char *env = getenv("ESCINFO_PLUGIN");
  return env && *env ? env : ESCINFO_PLUGIN_PATH;
}

const char *scan_plugin_gcc_version(void)
{
  return ESCINFO_GCC_VERSION;
}

static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* ccache gcc ..., distcc gcc ...: the compiler is the next word. */
static bool is_wrapper(const char *word)
{
  static const char *const wrappers[] = { "ccache", "sccache", "distcc", "icecc", "buildcache" };
  const char *b = base_name(word);
  for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++)
    if (strcmp(b, wrappers[i]) == 0)
      return true;
  return false;
}

static bool starts(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool scan_option_dropped(const char *arg, const char *next, bool *takes_next)
{
  /* options followed by a separate value that names a file the compile writes */
  static const char *const with_value[] = { "-o", "-MF", "-MT", "-MQ", "-aux-info" };
  /* options alone, or with a joined value */
  static const char *const exact[] = {
    "-c", "-S", "-E", "-M", "-MM", "-MD", "-MMD", "-MP", "-MG", "-save-temps",
    "-fstack-usage", "-ftest-coverage", "-fprofile-arcs", "--coverage", "-fcallgraph-info",
  };
  static const char *const prefixes[] = {
    "-save-temps=", "-fdump-", "-fcallgraph-info=", "-fopt-info", "-Wp,-MD,", "-Wp,-MMD,",
    "-fplugin=", "-fplugin-arg-escinfo-", "-fstack-usage=",
  };
  *takes_next = false;
  for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++) {
    if (strcmp(arg, with_value[i]) == 0) {
      *takes_next = next != NULL;
      return true;
    }
    /* a joined value: -ofile, -MFfile (but not -MD, -MMD and friends, handled below) */
    if (starts(arg, with_value[i]) && strcmp(with_value[i], "-aux-info") != 0
        && (strcmp(with_value[i], "-o") == 0 || strlen(arg) > 3))
      return true;
  }
  for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
    if (strcmp(arg, exact[i]) == 0)
      return true;
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
    if (starts(arg, prefixes[i]))
      return strcmp(prefixes[i], "-fplugin=") != 0 || strstr(arg, "escinfo") != NULL;
  return false;
}

/* PATH made absolute against DIR, resolved when it exists: the plugin's own spelling. */
static char *recorded_path(const char *path, const char *dir)
{
  char *real = realpath(path, NULL);
  if (real)
    return real;
  if (path[0] == '/')
    return strdup(path);
  char *rdir = realpath(dir, NULL);
  struct esc_text t;
  esc_text_init(&t);
  esc_text_printf(&t, "%s/%s", rdir ? rdir : dir, path);
  free(rdir);
  return esc_text_take(&t, NULL);
}

/* The object GCC writes for SOURCE with -c and no -o: its base name, extension replaced. */
static char *default_object(const char *source)
{
  const char *b = base_name(source);
  const char *dot = strrchr(b, '.');
  size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
  struct esc_text t;
  esc_text_init(&t);
  esc_text_add(&t, b, n);
  esc_text_adds(&t, ".o");
  return esc_text_take(&t, NULL);
}

static int push(struct scan_command *c, size_t *cap, const char *word)
{
  if (c->argc + 2 > *cap) {
    size_t n = *cap ? 2 * *cap : 32;
    char **v = realloc(c->argv, n * sizeof *v);
    if (!v)
      return -1;
    c->argv = v;
    *cap = n;
  }
  if (!(c->argv[c->argc] = strdup(word)))
    return -1;
  c->argv[++c->argc] = NULL;
  return 0;
}

static int push_printf(struct scan_command *c, size_t *cap, const char *fmt, const char *value)
{
  struct esc_text t;
  esc_text_init(&t);
  esc_text_printf(&t, fmt, value);
  char *s = esc_text_take(&t, NULL);
  int rc = s ? push(c, cap, s) : -1;
  free(s);
  return rc;
}

void scan_command_free(struct scan_command *c)
{
  for (size_t i = 0; c->argv && i < c->argc; i++)
    free(c->argv[i]);
  free(c->argv);
  free(c->compiler);
  free(c->main_file);
  free(c->output);
  memset(c, 0, sizeof *c);
}

int scan_command_build(const struct compdb_entry *e, const struct scan_config *cfg,
                       struct scan_command *out)
{
  size_t cap = 0, first = 0;
  const char *output = e->output;
  memset(out, 0, sizeof *out);
  while (first + 1 < e->argc && is_wrapper(e->argv[first]))
    first++;
  if (!(out->compiler = strdup(e->argv[first])) || push(out, &cap, e->argv[first]) != 0)
    goto oom;
  for (size_t i = first + 1; i < e->argc; i++) {
    const char *arg = e->argv[i], *next = i + 1 < e->argc ? e->argv[i + 1] : NULL;
    bool takes_next;
    if (arg[0] != '-' || !scan_option_dropped(arg, next, &takes_next)) {
      if (push(out, &cap, arg) != 0)
        goto oom;
      continue;
    }
    if (!e->output && strcmp(arg, "-o") == 0 && takes_next)
      output = next;
    else if (!e->output && starts(arg, "-o") && arg[2])
      output = arg + 2;
    if (takes_next)
      i++;
  }
  char *object = output ? NULL : default_object(e->file);
  if (!output && !object)
    goto oom;
  out->main_file = recorded_path(e->file, e->directory);
  out->output = recorded_path(output ? output : object, e->directory);
  free(object);
  if (!out->main_file || !out->output)
    goto oom;
  if (push(out, &cap, "-S") || push(out, &cap, "-o") || push(out, &cap, "/dev/null")
      || push_printf(out, &cap, "-fplugin=%s", cfg->plugin)
      || push(out, &cap, "-fplugin-arg-escinfo-analysis-only")
      || push_printf(out, &cap, "-fplugin-arg-escinfo-output=%s", out->output)
      || push_printf(out, &cap, "-fplugin-arg-escinfo-cache=%s", cfg->cache_dir))
    goto oom;
  return 0;
oom:
  scan_command_free(out);
  return -1;
}

/* ---- the compiler check ----------------------------------------------------------------- */

/* Runs ARGV in DIR with stdin from /dev/null, stderr discarded; its stdout (at most 4 KiB) into
 * OUT.  Returns its exit status, or -1 when it could not run. */
static int run_capture(char *const argv[], const char *dir, char *out, size_t outlen)
{
  int fds[2];
  out[0] = '\0';
  if (pipe(fds) != 0)
    return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  /* run in DIR: a relative compiler path is DIR's, a bare name is looked up on PATH */
  posix_spawn_file_actions_addchdir_np(&fa, dir);
  pid_t pid;
  int rc = -1;
  int spawned = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (spawned == 0) {
    size_t len = 0;
    ssize_t n;
    while ((n = read(fds[0], out + len, outlen - 1 - len)) > 0 || (n < 0 && errno == EINTR))
      if (n > 0 && (len += (size_t)n) == outlen - 1)
        break;
    out[len] = '\0';
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
      ;
    rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  }
  close(fds[0]);
  return rc;
}

static char *dup_printf2(const char *fmt, const char *a, const char *b)
{
  struct esc_text t;
  esc_text_init(&t);
  esc_text_printf(&t, fmt, a, b);
  return esc_text_take(&t, NULL);
}

int scan_check_compiler(const char *compiler, const char *dir, const char *want_version,
                        struct compiler_check *out)
{
  char text[4096];
  memset(out, 0, sizeof *out);
  char *version_args[] = { (char *)compiler, "--version", NULL };
  int rc = run_capture(version_args, dir, text, sizeof text);
  if (rc < 0 || rc == 127) {
    out->why = dup_printf2("'%s' cannot be run%s", compiler, "");
    return out->why ? 0 : -1;
  }
  if (strstr(text, "clang")) {
    out->why = strdup("clang, not GCC");
    return out->why ? 0 : -1;
  }
  if (rc != 0 || !(strstr(text, "gcc") || strstr(text, "g++") || strstr(text, "GCC")
                   || strstr(text, "Free Software Foundation"))) {
    out->why = strdup("not GCC (its --version says otherwise)");
    return out->why ? 0 : -1;
  }
  char *dump_args[] = { (char *)compiler, "-dumpfullversion", NULL };
  rc = run_capture(dump_args, dir, text, sizeof text);
  text[strcspn(text, "\r\n")] = '\0';
  if (rc != 0 || !text[0]) {
    out->why = strdup("GCC without -dumpfullversion (older than GCC 7)");
    return out->why ? 0 : -1;
  }
  if (strcmp(text, want_version) != 0) {
    out->why = dup_printf2("GCC %s; the plugin is for GCC %s", text, want_version);
    return out->why ? 0 : -1;
  }
  out->fits = true;
  return 0;
}
