/* features.h - what the server shows for a document (diagnostics, hover, inlay hints, code lenses), from its facts; no JSON here. */
#ifndef ESCLSP_FEATURES_H
#define ESCLSP_FEATURES_H

#include "documents.h"
#include "facts.h"
#include "settings.h"
#include "text.h"
#include "types.h"

/* Everything a feature looks at.  All borrowed. */
struct feature_context {
  struct document *doc;            /* not const: its hash is computed when first needed */
  const struct fact_set *facts;
  const struct lsp_settings *settings;
  enum lsp_encoding encoding;
  const char *cache_dir;           /* the cache searched, or NULL when none could be found */
  const char *cache_problem;       /* why the cache could not be read, or NULL */
  bool analysing;                  /* the document's unit is being analysed (analysis on save) */
  const char *analysis_error;      /* the last analysis failed: the compiler's first error */
  const char *analysis_off;        /* why saving the document runs no analysis, or NULL */
  const char *compile_commands;    /* the compile_commands.json compiling the document, or NULL */
};

/* The code of the diagnostic that says the document's analysis failed. */
#define ANALYSIS_FAILED_CODE "escinfo.analysis-failed"

/* The code of the warning on an escinfo-ignore comment that names no fact code. */
#define BAD_SUPPRESSION_CODE "escinfo.bad-suppression"

/* The code used for the notice on files without facts. */
#define NO_FACTS_CODE "escinfo.no-facts"

/* diagnostics.c: one diagnostic per shown fact (sorted by position), or the no-facts notice.
 * Fills *OUT (zeroed first; free with lsp_diagnostics_free).  Returns 0, or -1 when out of
 * memory (*OUT then holds what was built so far). */
int diagnostics_build(const struct feature_context *ctx, struct lsp_diagnostics *out);

/* The diagnostics of every fact of FUNCTION (shown by the settings or not), by place: the list
 * a code lens's command shows.  Fills *OUT like diagnostics_build. */
int diagnostics_of_function(const struct feature_context *ctx, const char *function,
                            struct lsp_diagnostics *out);

/* True for the C and C++ documents the no-facts notice is for. */
bool diagnostics_is_c_family(const struct document *doc);

/* The documentation link of CODE: the docs URL setting followed by the code's anchor in
 * docs/codes.md (the code without its dots: "escape.return" -> "escapereturn",
 * "alloc.stack-candidate" -> "allocstack-candidate").  Malloc'd, or NULL when out of memory. */
char *diagnostics_code_href(const struct lsp_settings *settings, const char *code);

/* filestatus.c: what is known of the document's facts as a whole (the escinfo/fileStatus
 * notification, esclsp --check).  All borrowed from the context. */
struct file_status {
  const char *state;              /* "fresh" (every compile saw the buffer's text), "stale" (the
                                     buffer changed since one), "unknown" (no hash recorded),
                                     "no-facts" (no compile in the cache), "error" (unreadable) */
  const char *problem;            /* why the cache could not be read, or NULL */
  const char *analysis;           /* analysis on save: "running", "failed" (ANALYSIS_ERROR says
                                     why), "off" (ANALYSIS_OFF says why), or NULL (none asked) */
  const char *analysis_error, *analysis_off;
  const struct esc_file_entry *entry; /* the newest compile that gave facts, or NULL */
  size_t entries;                 /* compiles giving the document facts */
  size_t facts, shown, dropped;   /* FACTS counts those not dropped; SHOWN the diagnostics */
  size_t suppressed;              /* facts not dropped that escinfo-ignore comments suppress */
  size_t by_freshness[FACT_UNKNOWN + 1]; /* the facts not dropped, by fact_freshness */
};
void file_status_build(const struct feature_context *ctx, struct file_status *out);

/* hover.c: the facts at POS (a position inside a fact's name, its end included), as markdown
 * or plain text.  Returns 1 with *OUT filled (free with lsp_hover_free), 0 when no fact is
 * there, -1 when out of memory. */
int hover_build(const struct feature_context *ctx, struct lsp_position pos, bool markdown,
                struct lsp_hover *out);

/* inlay.c: a short label after the name of each fact inside RANGE that the settings show as a
 * hint; facts at one place share one hint.  Fills *OUT (zeroed first).  Returns 0, or -1 when
 * out of memory. */
int inlay_hints_build(const struct feature_context *ctx, struct lsp_range range,
                      struct lsp_inlay_hints *out);

/* codelens.c: one lens per function with facts, on its name, summing them up
 * ("2 escaping locals · 1 leaking param · frame 4.1 KiB").  Fills *OUT (zeroed first).
 * Returns 0, or -1 when out of memory. */
int code_lenses_build(const struct feature_context *ctx, struct lsp_code_lenses *out);

/* The command code lenses carry, and what it shows: one line per fact of FUNCTION. */
#define SHOW_FACTS_COMMAND "escinfo.showFacts"
char *code_lens_fact_list(const struct feature_context *ctx, const char *function);

/* Bytes for people: "48 B", "4.1 KiB", "2 MiB".  Writes into OUT. */
void format_bytes(int64_t bytes, char out[32]);

/* The range of LF's name in the client's encoding. */
struct lsp_range fact_range(const struct feature_context *ctx, const struct located_fact *lf);

#endif /* ESCLSP_FEATURES_H */
