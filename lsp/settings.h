/* settings.h - the server's settings: defaults, and reading them from initializationOptions and didChangeConfiguration. */
#ifndef ESCLSP_SETTINGS_H
#define ESCLSP_SETTINGS_H

#include "fact.h"
#include "types.h"

#include <stdbool.h>

enum watch_method { WATCH_AUTO, WATCH_POLL };

/* How much the editor shows, in one setting (the per-code settings, when set, win):
 * QUIET: dangling addresses and large locals alone; NORMAL: the codes shown by default, leaks in
 * a callee left out, lenses on functions with something to say; ALL: every fact, every lens. */
enum detail_level { DETAIL_QUIET, DETAIL_NORMAL, DETAIL_ALL };

/* Groups of facts whose inlay hints can be switched off: the code table's groups (fact.h). */
enum inlay_kind {
  INLAY_ESCAPES = ESC_GROUP_ESCAPE,             /* escape.* */
  INLAY_LEAKS = ESC_GROUP_LEAK,                 /* leak.* */
  INLAY_NON_ESCAPING = ESC_GROUP_NON_ESCAPING,  /* noescape, noleak */
  INLAY_ALLOCATIONS = ESC_GROUP_ALLOCATION,     /* alloc.stack-candidate */
  INLAY_FRAMES = ESC_GROUP_FRAME,               /* frame.* */
  INLAY_KIND_COUNT = ESC_GROUP_COUNT
};

#define DEFAULT_POLL_INTERVAL_MS 1000
#define MIN_POLL_INTERVAL_MS 50

struct lsp_settings {
  char *cache_directory;          /* owned; NULL: the command line's, else the environment's */
  enum detail_level detail;
  bool codes_set;                 /* the codes setting was given: DETAIL does not choose them */
  bool by_callee_set;             /* showByCallee was given */
  bool show_code[ESC_CODE_COUNT]; /* codes shown as diagnostics and inlay hints */
  bool show_non_escaping;         /* noescape and noleak too, whatever show_code says */
  bool inlay_hints;
  bool inlay_kind[INLAY_KIND_COUNT];
  int severity[ESC_CODE_COUNT];   /* an enum lsp_severity, or 0 for the default */
  int dangling_severity;          /* for dangling facts; 0: warning */
  int no_facts_severity;          /* for the no-facts notice; 0: information */
  bool no_facts_notice;
  bool show_by_callee;   /* also show the leaks that happen in a callee (esc_fact.by_callee) */
  bool hover_repeats_diagnostic; /* a fact's hover repeats what its diagnostic says (message,
                                    flow): for clients that do not show a diagnostic's related
                                    information in its hover (VS Code does; it turns this off) */
  bool code_lens;
  char *docs_url;                 /* owned: codeDescription.href is this + the code's anchor */
  unsigned poll_interval_ms;
  enum watch_method watch_method;
  /* analysis on save (analyze.h): runs the workspace's compile commands, so nothing runs unless
   * the client says the workspace is trusted */
  bool workspace_trusted;
  bool analyze_on_save;           /* a saved file's compile, again, with the plugin */
  bool analyze_on_open;           /* ... and an opened file's that has no facts */
  char *compile_commands;         /* owned: compile_commands.json (or its directory), or NULL:
                                     found from each file's directory as clangd finds it */
  unsigned max_jobs;              /* analyses at once */
  char *plugin;                   /* owned: escinfo.so, or NULL: $ESCINFO_PLUGIN, else the
                                     installed one */
};

#define DEFAULT_MAX_JOBS 2
#define MAX_MAX_JOBS 64

/* Fills S with the defaults.  Returns 0, or -1 when out of memory. */
int settings_init(struct lsp_settings *s);
void settings_free(struct lsp_settings *s);

/* Applies CONFIG (borrowed; an object holding the settings, either at its top level or under
 * "escinfo"; NULL or JSON null changes nothing) on top of S, member by member.  Unknown members
 * and values of the wrong type are logged and skipped.  Returns the number of such problems. */
struct json_t; /* jansson's, so that the features that read settings need no <jansson.h> */
int settings_apply(struct lsp_settings *s, const struct json_t *config);

/* Whether facts with CODE appear as diagnostics and inlay hints. */
bool settings_shows(const struct lsp_settings *s, enum esc_code code);
/* Whether FACT is shown: its code is, and it is not a parameter's leak that happens in a callee
 * (a wrapper handing its argument on: the callee's own fact shows where it is kept), unless
 * showByCallee says so. */
bool settings_shows_fact(const struct lsp_settings *s, const struct esc_fact *fact);

/* Whether FACT gets an inlay hint. */
bool settings_inlay(const struct lsp_settings *s, const struct esc_fact *fact);

/* The severity of FACT's diagnostic. */
enum lsp_severity settings_severity(const struct lsp_settings *s, const struct esc_fact *fact);

/* The severity of the no-facts notice. */
enum lsp_severity settings_no_facts_severity(const struct lsp_settings *s);

#endif /* ESCLSP_SETTINGS_H */
