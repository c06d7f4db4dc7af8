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
  const char *root;      /* (check, baseline, sarif, report) --root, or NULL */
  const char *fail_on;   /* (check) --fail-on, or NULL */
  const char *baseline;  /* (check, report) --baseline, or NULL */
  bool show_fixed;       /* (check) --show-fixed */
  bool show_suppressed;  /* (show, check) --show-suppressed */
  const char *output;    /* (baseline, sarif, report) -o, or NULL */
  const char *codes;     /* (sarif) --codes, or NULL */
  const char *docs_url;  /* (sarif, report) --docs-url, or NULL */
  const char **prefix_maps; /* (import) each --prefix-map OLD=NEW, in order */
  int nprefix_maps;
  char **files; /* operands */
  int nfiles;
};

/* The options a verb may accept besides --cache and --help. */
enum {
  OPT_JSON = 1, OPT_FLOW = 2, OPT_DRY_RUN = 4, OPT_SCAN = 8,
  OPT_ROOT = 16,        /* --root */
  OPT_CHECK = 32,       /* --fail-on, --show-fixed */
  OPT_SUPPRESSED = 64,  /* --show-suppressed */
  OPT_OUTPUT = 128,     /* -o, --output */
  OPT_CODES = 256,      /* --codes */
  OPT_BASELINE = 512,   /* --baseline */
  OPT_DOCS = 1024,      /* --docs-url */
  OPT_IMPORT = 2048     /* --prefix-map */
};

/* A verb: DIR is the cache directory (NULL for a verb that uses none); returns the exit status. */
typedef int cli_verb_fn(const char *dir, const struct options *o);

cli_verb_fn run_show;  /* show.c */
cli_verb_fn run_stats; /* stats.c */
cli_verb_fn run_gc;    /* gc.c */
cli_verb_fn run_codes; /* codes.c */
cli_verb_fn run_scan;  /* scan.c */
cli_verb_fn run_check;    /* check.c */
cli_verb_fn run_baseline; /* check.c */
cli_verb_fn run_sarif;    /* sarif.c */
cli_verb_fn run_report;   /* report.c */
cli_verb_fn run_import;   /* import.c */

/* cc.c: escinfo-cc (CXX false) and escinfo-c++, run under those names. */
int run_cc(int argc, char **argv, bool cxx);

/* project.c: what the project-wide verbs share. */
struct esc_project;
struct esc_project_fact;
struct esc_fact_filter;

/* Parses VALUE, the value of OPTION (--fail-on, --codes), into F.  Returns 0, or EXIT_USAGE after
 * saying which name is no code, group or 'dangling'. */
int cli_parse_filter(const char *option, const char *value, struct esc_fact_filter *f);

/* Reads the facts under O's FILE operands (default: the root) into P, saying on stderr what went
 * wrong: warnings for escinfo-ignore comments that name no code and for files changed since
 * their facts; an error when the cache cannot be read or holds no facts there.  Returns 0, or
 * the exit status (2) to end with; free P with esc_project_free either way. */
int cli_project_load(const char *dir, const struct options *o, struct esc_project *p);

/* Prints FACT in GCC's format, FILE:LINE:COL: LEVEL: MESSAGE [escinfo:CODE], with FILE spelled
 * as P names it (under the root), then its other routes, its note and (FLOW) the steps of each route, as notes. */
void cli_print_fact(const struct esc_project *p, const char *level,
                    const struct esc_project_fact *fact, bool flow);

/* check.c: baselines.  Whether a baseline keeps FACT: every fact a gate may look at, not the
 * promises (noescape, noleak) nor frame.size, which are no problem. */
bool cli_baseline_keeps(const struct esc_fact *fact);

/* Reads the baseline at PATH into an object from each fact's key ("FILE\tFUNCTION\tNAME\tCODE\t
 * RANK", as esc_project_fact_key makes it) to the fact (a jansson json_t *; the caller
 * json_decref's it).  Returns it, or NULL after saying why. */
struct json_t;
struct json_t *cli_baseline_load(const char *path);

/* The starts of the lines of a text: GCC's columns count bytes, SARIF's code points and
 * JavaScript's UTF-16 units. */
struct cli_lines {
  size_t *start; /* malloc'd; NULL when out of memory */
  size_t n;
};
/* Indexes the LEN bytes of TEXT into *LI (free LI->start).  Returns 0, or -1 when out of memory. */
int cli_lines_index(struct cli_lines *li, const char *text, size_t len);
/* The 0-based offset, in code points (or UTF-16 units with UTF16), of 1-based byte column COLUMN
 * on 1-based LINE of TEXT (LEN bytes, indexed in LI), or -1 when TEXT is NULL or the place is not
 * in it. */
long cli_column_units(const struct cli_lines *li, const char *text, size_t len, unsigned line,
                      unsigned column, bool utf16);

/* Writes LEN bytes of TEXT to PATH whole (a temp file beside it, renamed over it), or to stdout
 * for NULL or "-".  Returns 0, or 1 after saying why. */
int cli_write_output(const char *path, const char *text, size_t len);

/* The documentation link of the code table's row ANCHOR: DOCS_URL (NULL: the installed
 * docs/codes.md) followed by the anchor.  Malloc'd, or NULL when out of memory. */
char *cli_docs_link(const char *docs_url, const char *anchor);

/* Prints why the cache directory DIR cannot be read.  Returns 0 when it can (or when it is
 * missing and MISSING_OK), else 1. */
int check_cache_dir(const char *dir, bool missing_ok);

/* Says so on stderr; returns 1, the exit status. */
int out_of_memory(void);

/* esc_cache_warn_fn: a corrupt entry is reported and skipped. */
void warn_entry(void *ctx, const char *path, const char *reason);

#endif /* ESCINFO_CLI_H */
