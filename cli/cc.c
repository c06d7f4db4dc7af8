/* cc.c - escinfo-cc and escinfo-c++: the compiler with the plugin, for build farms and caches.
 *
 * `CC="distcc escinfo-cc"`: distccd refuses jobs whose command line names a plugin, so the plugin
 * is added here, on each side, by a compiler of its own name.  A compile runs the GCC the plugin
 * is built for with -fplugin, -fplugin-arg-escinfo-embed (the facts travel in the object),
 * -fplugin-arg-escinfo-no-cache (a farm host's user has no business with a cache) and
 * -fworking-directory.  A preprocessing run (-E, what the farm's client does locally) runs the
 * compiler with -fworking-directory, then hashes every file the output's line markers name and
 * appends `#pragma escinfo source "PATH" "HASH" SIZE` lines: the farm host, where those files are
 * not, records the hashes of the text it compiled.  docs/build-engines.md has the set-up. */
#define _GNU_SOURCE /* asprintf, mkstemps */
#include "cli.h"
#include "scan-command.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef ESCINFO_GCC_COMMAND
#error "ESCINFO_GCC_COMMAND and ESCINFO_GXX_COMMAND come from configure, through -D"
#endif

/* ---- the line markers of preprocessed text ----------------------------------------------- */

struct names {
  char **v;
  size_t n, cap;
};

static void add_name(struct names *ns, const char *s, size_t len)
{
  for (size_t i = 0; i < ns->n; i++)
    if (strlen(ns->v[i]) == len && memcmp(ns->v[i], s, len) == 0)
      return;
  char *copy = strndup(s, len);
  if (!copy || esc_grow((void **)&ns->v, ns->n, &ns->cap, sizeof *ns->v, 16) != 0) {
    free(copy);
    return;
  }
  ns->v[ns->n++] = copy;
}

/* The files the line markers (`# 12 "dir/a.h" 2`) of the LEN bytes at TEXT name, unescaped. */
static void marker_names(const char *text, size_t len, struct names *ns)
{
  const char *p = text, *end = text + len;
  char buf[4096];
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = eol ? eol : end;
    if (line_end - p > 4 && p[0] == '#' && p[1] == ' ' && p[2] >= '0' && p[2] <= '9') {
      const char *q = memchr(p, '"', (size_t)(line_end - p));
      size_t n = 0;
      for (q = q ? q + 1 : line_end; q < line_end && *q != '"' && n < sizeof buf - 1; q++) {
        if (*q == '\\' && q + 1 < line_end)
          q++;
        buf[n++] = *q;
      }
      if (q < line_end && n && buf[0] != '<')
        add_name(ns, buf, n);
    }
    p = line_end + 1;
  }
}

/* Appends the pragmas for the files FILE's line markers name to FILE. */
static int append_hashes(const char *file)
{
  FILE *f = fopen(file, "r+b");
  if (!f)
    return -1;
  char *text = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap && !(text = realloc(text, cap = cap ? 2 * cap : 1 << 16))) {
      fclose(f);
      return -1;
    }
    size_t got = fread(text + len, 1, cap - len, f);
    len += got;
    if (got == 0)
      break;
  }
  struct names ns = { 0 };
  marker_names(text, len, &ns);
  free(text);
  fseek(f, 0, SEEK_END);
  for (size_t i = 0; i < ns.n; i++) {
    char hash[ESC_HASH_LEN + 1];
    int64_t size;
    if (esc_hash_file(ns.v[i], hash, &size) == 0) {
      fputs("#pragma escinfo source \"", f);
      for (const char *c = ns.v[i]; *c; c++) {
        if (*c == '"' || *c == '\\')
          fputc('\\', f);
        fputc(*c, f);
      }
      fprintf(f, "\" \"%s\" %lld\n", hash, (long long)size);
    }
    free(ns.v[i]);
  }
  free(ns.v);
  return fclose(f) == 0 ? 0 : -1;
}

/* ---- running the compiler ------------------------------------------------------------------- */

/* Runs ARGV; returns its exit status (128 + signal), or 127 when it cannot run. */
static int run(char **argv)
{
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[0], argv);
    fprintf(stderr, "escinfo-cc: cannot run '%s': %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  int status;
  if (pid < 0 || waitpid(pid, &status, 0) < 0)
    return 127;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_cc(int argc, char **argv, bool cxx)
{
  const char *compiler = getenv(cxx ? "ESCINFO_CXX" : "ESCINFO_CC");
  if (!compiler || !*compiler)
    compiler = cxx ? ESCINFO_GXX_COMMAND : ESCINFO_GCC_COMMAND;
  bool preprocess = false;
  const char *output = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-E"))
      preprocess = true;
    else if (!strcmp(argv[i], "-o") && i + 1 < argc)
      output = argv[i + 1];
    else if (!strncmp(argv[i], "-o", 2) && argv[i][2])
      output = argv[i] + 2;
  }
  char **args = calloc((size_t)argc + 8, sizeof *args);
  char *plugin_arg = NULL, *tmp = NULL;
  if (!args)
    return out_of_memory();
  size_t n = 0;
  args[n++] = (char *)compiler;
  if (!preprocess) {
    if (asprintf(&plugin_arg, "-fplugin=%s", scan_default_plugin()) < 0)
      return out_of_memory();
    args[n++] = plugin_arg;
    args[n++] = "-fplugin-arg-escinfo-embed";
    args[n++] = "-fplugin-arg-escinfo-no-cache";
  }
  args[n++] = "-fworking-directory";
  for (int i = 1; i < argc; i++)
    args[n++] = argv[i];
  if (!preprocess) {
    execvp(compiler, args);
    fprintf(stderr, "escinfo-cc: cannot run '%s': %s\n", compiler, strerror(errno));
    return 127;
  }
  /* preprocessing to standard output: into a temp file first, to append to it */
  if (!output) {
    tmp = strdup("/tmp/escinfo-cc-XXXXXX.i");
    int fd = tmp ? mkstemps(tmp, 2) : -1;
    if (fd < 0)
      return out_of_memory();
    close(fd);
    args[n++] = "-o";
    args[n++] = tmp;
  }
  int status = run(args);
  const char *file = output ? output : tmp;
  if (status == 0 && append_hashes(file) != 0)
    fprintf(stderr, "escinfo-cc: cannot add the sources' hashes to '%s': %s\n", file,
            strerror(errno));
  if (tmp) {
    FILE *f = fopen(tmp, "rb");
    char buf[65536];
    size_t got;
    while (f && (got = fread(buf, 1, sizeof buf, f)) > 0)
      fwrite(buf, 1, got, stdout);
    if (f)
      fclose(f);
    unlink(tmp);
    free(tmp);
  }
  free(plugin_arg);
  free(args);
  return status;
}
