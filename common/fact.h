/* fact.h - the escape-fact model shared by the GCC plugin, the cache and its readers.
 *
 * A translation unit's facts (struct esc_tu) are what one compile produces and what one
 * cache entry holds.  Everything here is plain C data: strings are owned, heap-allocated
 * copies, freed by esc_tu_free().  No GCC type appears here, so the plugin, the command-line
 * reader and the language server all use the same model. */
#ifndef ESCINFO_FACT_H
#define ESCINFO_FACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a fact is about. */
enum esc_subject {
  ESC_SUBJECT_LOCAL, /* a local whose address is taken (incl. arrays, compound literals, VLAs) */
  ESC_SUBJECT_PARAM, /* a pointer parameter */
  ESC_SUBJECT_ALLOC, /* a heap (or alloca) allocation site */
  ESC_SUBJECT_FRAME, /* a function's stack frame */
  ESC_SUBJECT_COUNT
};

/* Stable fact codes: the same strings in remarks, JSON and editor diagnostics.
 * Keep in step with docs/codes.md and the code table in fact.c (esc_code_info). */
enum esc_code {
  ESC_ESCAPE_RETURN,
  ESC_ESCAPE_GLOBAL,
  ESC_ESCAPE_STORE,
  ESC_ESCAPE_CALL,
  ESC_ESCAPE_ASM,
  ESC_ESCAPE_CLOSURE,
  ESC_ESCAPE_UNKNOWN,
  ESC_NOESCAPE,
  ESC_LEAK_RETURN,
  ESC_LEAK_GLOBAL,
  ESC_LEAK_STORE,
  ESC_LEAK_CALL,
  ESC_LEAK_UNKNOWN,
  ESC_NOLEAK,
  ESC_ALLOC_STACK_CANDIDATE,
  ESC_FRAME_SIZE,
  ESC_FRAME_DYNAMIC,
  ESC_FRAME_LARGE_LOCAL,
  ESC_CODE_COUNT
};

/* One step of the way from a variable to where its address escapes. */
struct esc_step {
  char *file;      /* path as the compiler saw it (absolute when known) */
  unsigned line;   /* 1-based */
  unsigned column; /* 1-based byte column */
  char *message;   /* e.g. "assigned to 'p'" */
};

/* Another way a fact's subject escapes, besides the one the fact's code, message and flow tell
 * (an address returned and also passed to a callee that keeps it). */
struct esc_fact_route {
  enum esc_code code; /* an escape.* or leak.* code */
  bool dangling;      /* this route outlives the frame */
  char *message;      /* how, e.g. "address passed as argument 1 to 'fill'" */
  struct esc_step *flow;
  size_t nflow;
};

struct esc_fact {
  enum esc_subject subject;
  enum esc_code code;
  char *name;      /* variable, parameter or allocating function; function name for frame facts */
  char *function;  /* enclosing function (printable name) */
  char *file;      /* where the fact sits: the expansion point in the user's file */
  unsigned line, column;
  char *spelling_file; /* macro spelling location, or NULL when not from a macro */
  unsigned spelling_line, spelling_column;
  bool dangling;   /* escapes by return or into static storage: a bug in C */
  bool by_callee;  /* the escape happens in a callee the function hands the address to (a call
                      that may keep it, a store the callee makes through an argument): the
                      callee's own facts show where it is kept */
  char *message;   /* the full sentence printed in remarks, without the [escinfo:CODE] suffix */
  char *note;      /* optional extra remark (e.g. what -O2 does better), or NULL */
  int64_t value;   /* bytes for frame facts; -1 when not applicable */
  struct esc_step *flow;
  size_t nflow;
  struct esc_fact_route *routes; /* its other routes, most serious first */
  size_t nroutes;
};

/* A source file as compiled, so readers can tell whether facts are stale. */
struct esc_source {
  char *path;     /* absolute */
  char *hash;     /* "fnv1a64:<16 hex digits>" of the content as compiled, or NULL if unreadable */
  int64_t size;   /* bytes, -1 if unreadable */
};

/* Everything one compile of one translation unit produced. */
struct esc_tu {
  int schema;          /* ESC_SCHEMA_VERSION when written */
  char *producer;      /* "escinfo 0.1.0" */
  char *gcc_version;   /* "12.2.0" */
  char *main_file;     /* absolute path of the main source file */
  char *output;        /* absolute path of the object (or other) output */
  char *cwd;           /* working directory of the compile */
  char *language;      /* "c" or "c++" */
  char **args;         /* compiler options as the compiler received them */
  size_t nargs;
  int64_t compile_time; /* seconds since the epoch */
  bool analysis_only;  /* compiled without code generation: no frame.size/frame.dynamic facts */
  struct esc_source *sources;
  size_t nsources;
  struct esc_fact *facts;
  size_t nfacts;
  size_t facts_cap;    /* internal: allocated room in facts */
};

#define ESC_SCHEMA_VERSION 1

/* The kinds of fact a reader tells apart (the inlay-hint switches, the lens counts). */
enum esc_code_group {
  ESC_GROUP_ESCAPE,        /* escape.*: an address leaves its function */
  ESC_GROUP_LEAK,          /* leak.*: a parameter's pointer is kept */
  ESC_GROUP_NON_ESCAPING,  /* noescape, noleak: the promises */
  ESC_GROUP_ALLOCATION,    /* alloc.stack-candidate */
  ESC_GROUP_FRAME,         /* frame.* */
  ESC_GROUP_COUNT
};

/* How serious a fact is to a reader: LSP's and SARIF's levels map onto it. */
enum esc_severity { ESC_SEVERITY_HINT, ESC_SEVERITY_INFORMATION, ESC_SEVERITY_WARNING };

/* What a fact code means to every reader (the server, the command line, the reports): one row per
 * code in fact.c, so that adding a code is adding a row.  Keep in step with docs/codes.md. */
struct esc_code_info {
  const char *name;        /* "escape.return": in remarks, JSON and diagnostics */
  const char *anchor;      /* its heading's anchor in docs/codes.md: "escapereturn" */
  enum esc_code_group group;
  enum esc_severity severity; /* when the fact does not dangle (one that dangles: a warning) */
  bool shown;              /* a diagnostic unless the settings say otherwise */
  const char *label;       /* short text after a name (inlay hints): "escapes: return" */
  const char *value_label; /* the same with the fact's value (bytes) as %s, or NULL */
  const char *summary;     /* one sentence, for rule descriptions: what the code says */
};

/* The row of CODE (NULL for a value that is no code). */
const struct esc_code_info *esc_code_info(enum esc_code code);

/* Code <-> string.  esc_code_name never returns NULL for a valid code.
 * esc_code_from_name returns -1 for an unknown name. */
const char *esc_code_name(enum esc_code code);
int esc_code_from_name(const char *name);
const char *esc_subject_name(enum esc_subject subject);
int esc_subject_from_name(const char *name);

/* True for escape.* and leak.* codes. */
bool esc_code_is_escape(enum esc_code code);

/* True when FACT's address outlives its frame by one of its routes (its own or another). */
bool esc_fact_dangles(const struct esc_fact *fact);

/* Appends a zeroed fact to TU (value = -1) and returns it, or NULL when out of memory. */
struct esc_fact *esc_tu_add_fact(struct esc_tu *tu);

/* Appends a flow step to the N steps of *FLOW, copying the strings.  Returns 0, or -1 when
 * out of memory. */
int esc_flow_add_step(struct esc_step **flow, size_t *n, const char *file, unsigned line,
                      unsigned column, const char *message);
/* Appends a flow step to FACT's own flow. */
int esc_fact_add_step(struct esc_fact *fact, const char *file, unsigned line, unsigned column,
                      const char *message);
/* Appends a zeroed route to FACT and returns it, or NULL when out of memory. */
struct esc_fact_route *esc_fact_add_route(struct esc_fact *fact);

/* Frees everything TU owns (not TU itself) and zeroes it. */
void esc_tu_free(struct esc_tu *tu);
void esc_fact_free(struct esc_fact *fact);

/* Makes room for one more element in the array *V of *N elements (*CAP allocated, each ELEM
 * bytes), doubling from FIRST.  Returns 0, or -1 when out of memory (*V is left as it was). */
int esc_grow(void **v, size_t n, size_t *cap, size_t elem, size_t first);
/* The same for room for NEED elements in all. */
int esc_reserve(void **v, size_t need, size_t *cap, size_t elem, size_t first);

/* strdup that accepts NULL (returns NULL). */
char *esc_strdup(const char *s);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_FACT_H */
