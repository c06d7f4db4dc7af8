/* scan-command.h - from a compile command of the database to the analysis-only compile that
 * `escinfo scan` and esclsp's analysis on save run: the compiler behind a wrapper, the options that write files left out,
 * the plugin's options added; and whether a compiler is the GCC the plugin was built for. */
#ifndef ESCINFO_SCAN_COMMAND_H
#define ESCINFO_SCAN_COMMAND_H

#include "compdb.h"

#include <stdbool.h>
#include <stddef.h>

/* What every scanned compile adds. */
struct scan_config {
  const char *plugin;      /* path of escinfo.so */
  const char *cache_dir;   /* where the facts go */
};

/* One compile to run. */
struct scan_command {
  char *compiler;   /* the compiler the entry names, behind any ccache/sccache/distcc/icecc */
  char **argv;      /* the command to run (NULL-terminated), argv[0] the compiler */
  size_t argc;
  char *main_file;  /* the source file's absolute path, as the plugin records it */
  char *output;     /* the object the build makes, absolute, as the plugin records it */
};

/* The plugin to run when no option or setting names one: $ESCINFO_PLUGIN, else the one
 * `make install` installed. */
const char *scan_default_plugin(void);

/* The version of the GCC the plugin is built for ("12.2.0"): the only compiler it can run in. */
const char *scan_plugin_gcc_version(void);

/* Builds the analysis-only command of entry E.  Returns 0, or -1 when memory runs out. */
int scan_command_build(const struct compdb_entry *e, const struct scan_config *cfg,
                       struct scan_command *out);
void scan_command_free(struct scan_command *c);

/* Whether the option ARG (with its value NEXT, when it takes one) makes the compile write a
 * file besides its output, or names the output: such options are left out.  Sets *TAKES_NEXT
 * when NEXT is ARG's value. */
bool scan_option_dropped(const char *arg, const char *next, bool *takes_next);

/* What a compiler is, as far as the plugin is concerned. */
struct compiler_check {
  bool fits;        /* a GCC of the plugin's version */
  char *why;        /* when it does not fit: "clang", "GCC 11.3.0 (the plugin is for 12.2.0)", ... */
};

/* Checks COMPILER (a name looked up on PATH, or a path relative to DIR) by running it with
 * --version and -dumpfullversion; WANT_VERSION is the plugin's GCC version.  Returns 0, or -1
 * when memory runs out. */
int scan_check_compiler(const char *compiler, const char *dir, const char *want_version,
                        struct compiler_check *out);

#endif /* ESCINFO_SCAN_COMMAND_H */
