/* escinfo-plugin.h - what the plugin's files share: options, the unit's facts, entry points. */
#ifndef ESCINFO_PLUGIN_H
#define ESCINFO_PLUGIN_H

#include "fact.h"

#include <vector>

/* The plugin's arguments (-fplugin-arg-escinfo-KEY[=VALUE]); see docs/plugin-arguments.md. */
struct esc_options {
  const char *cache_dir;   /* NULL: the default cache directory */
  bool write_cache;        /* false with no-cache */
  int remarks;             /* 0: none, 1: escapes, leaks and frame warnings, 2: all facts + flow */
  long large_local;        /* bytes above which a local is reported as frame.large-local */
  bool system_headers;     /* report facts located in system headers too */
  FILE *log;               /* NULL: no log */
  bool analysis_only;      /* no code generation: the passes after the GIMPLE ones are skipped */
  const char *output;      /* the output path to record instead of the compile's, or NULL */
  bool embed;              /* also put the facts into the object's .escinfo section */
};

extern struct esc_options esc_opts;

/* The version of the GCC the plugin is loaded into ("12.2.0"). */
extern const char *esc_gcc_version;

/* The facts of the translation unit being compiled; written at the end of the unit. */
extern struct esc_tu esc_unit;

/* Logs a line when logging is on; costs a branch when it is off. */
#define ESC_LOG(...)                                                                           \
  do {                                                                                         \
    if (esc_opts.log) {                                                                        \
      fprintf(esc_opts.log, __VA_ARGS__);                                                      \
      fputc('\n', esc_opts.log);                                                               \
    }                                                                                          \
  } while (0)

/* analysis.cc: the IPA pass that computes the escape facts of every function of the unit (runs
 * once, right after build_ssa_passes, so that it sees the same GIMPLE at every -O level). */
opt_pass *esc_make_analysis_pass(gcc::context *ctx);
/* Notes what the function's GENERIC shows and GIMPLE no longer does (compound literals). */
void esc_note_function_body(tree fndecl);
/* Frees the per-unit summaries. */
void esc_analysis_finish(void);

/* optimised.cc: notes on escapes GCC's optimizer removes (runs after "alias"). */
opt_pass *esc_make_optimised_pass(gcc::context *ctx);
/* Asks for a note on fact FACT (an escaping local VAR of FNDECL) if optimisation removes it. */
void esc_watch_local(tree fndecl, tree var, size_t fact, enum esc_code code);
/* Adds the notes on what the optimized code shows, once every function is compiled. */
void esc_optimised_conclude(void);
void esc_optimised_finish(void);

/* frame.cc: the RTL pass that records frame sizes (runs after "pro_and_epilogue"). */
opt_pass *esc_make_frame_pass(gcc::context *ctx);

/* report.cc: facts, locations, remarks and the cache. */
/* Adds a fact located at LOC; returns it (strings still to fill: message), or NULL when the
 * fact is left out (system header, out of memory). */
struct esc_fact *esc_report_fact(enum esc_subject subject, enum esc_code code, const char *name,
                                 const char *function, location_t loc);
/* Appends a step located at LOC to FACT's own flow (ROUTE NULL) or to the flow of ROUTE, one of
 * FACT's routes. */
void esc_report_step(struct esc_fact *fact, struct esc_fact_route *route, location_t loc,
                     const char *message);
/* The number of facts reported so far; and the facts [FROM, TO) of those taken back (an analysis
 * done again: a member of a cycle of recursion whose callees' summaries changed since). */
size_t esc_report_count(void);
void esc_report_retract(size_t from, size_t to);
/* The files the unit read, as its line markers spell them, each once: not the names GCC makes up
 * ("<built-in>"), nor system headers unless system-headers. */
std::vector<const char *> esc_files_read(void);
/* Expands LOC to the file (absolute), line and byte column of its expansion point. */
const char *esc_location_file(location_t loc, unsigned *line, unsigned *column);
/* At the end of the unit: prints remarks, writes the cache entry. */
void esc_report_finish_unit(void);
/* preprocess.cc: in a preprocessing run (-E), returns true (the caller registers nothing else) and,
 * with embed, appends #pragma escinfo source lines to the text once it is written. */
bool esc_preprocess_init(const char *plugin_name);

/* Registers #pragma escinfo source (C and C++ front ends only). */
void esc_report_register_pragmas(void);

#endif /* ESCINFO_PLUGIN_H */
