/* cli.h - what the escinfo command's verbs share: the parsed command line and the helpers every verb uses. */
#ifndef ESCINFO_CLI_H
#define ESCINFO_CLI_H

#include "cache.h"

#include <stdbool.h>

#define EXIT_USAGE 2
#define ERR_SIZE 512

struct options {
  const char *cache; /* --cache, or NULL */
  bool json, flow, dry_run;
  const char *build_dir; /* (scan) -p, or NULL */
  const char *plugin;    /* (scan) --plugin, or NULL */
  int jobs;              /* (scan) -j, or 0 */
  bool force;            /* (scan) --force */
  char **files; /* operands */
  int nfiles;
};

/* The options a verb may accept besides --cache and --help. */
enum { OPT_JSON = 1, OPT_FLOW = 2, OPT_DRY_RUN = 4, OPT_SCAN = 8 };

/* A verb: DIR is the cache directory (NULL for a verb that uses none); returns the exit status. */
typedef int cli_verb_fn(const char *dir, const struct options *o);

cli_verb_fn run_show;  /* show.c */
cli_verb_fn run_stats; /* stats.c */
cli_verb_fn run_gc;    /* gc.c */
cli_verb_fn run_codes; /* codes.c */
cli_verb_fn run_scan;  /* scan.c */

/* Prints why the cache directory DIR cannot be read.  Returns 0 when it can (or when it is
 * missing and MISSING_OK), else 1. */
int check_cache_dir(const char *dir, bool missing_ok);

/* Says so on stderr; returns 1, the exit status. */
int out_of_memory(void);

/* esc_cache_warn_fn: a corrupt entry is reported and skipped. */
void warn_entry(void *ctx, const char *path, const char *reason);

#endif /* ESCINFO_CLI_H */
