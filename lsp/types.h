/* types.h - the LSP values the features produce, as plain C structs (no JSON): positions, diagnostics, hovers, hints, lenses. */
#ifndef ESCLSP_TYPES_H
#define ESCLSP_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How the client counts characters in a line. */
enum lsp_encoding { LSP_ENCODING_UTF16, LSP_ENCODING_UTF8 };

struct lsp_position {
  uint32_t line;      /* 0-based */
  uint32_t character; /* 0-based, in the negotiated encoding's code units */
};

struct lsp_range {
  struct lsp_position start, end;
};

enum lsp_severity {
  LSP_SEVERITY_ERROR = 1,
  LSP_SEVERITY_WARNING = 2,
  LSP_SEVERITY_INFORMATION = 3,
  LSP_SEVERITY_HINT = 4
};

/* One flow step shown with a diagnostic: where, and what happens there.  Strings owned. */
struct lsp_related {
  char *uri;
  struct lsp_range range;
  char *message;
};

/* A diagnostic.  Every string is owned (malloc'd) and freed by lsp_diagnostics_free; HREF,
 * SUBJECT and NAME may be NULL. */
struct lsp_diagnostic {
  struct lsp_range range;
  enum lsp_severity severity;
  char *code;
  char *href;     /* codeDescription.href */
  char *message;
  struct lsp_related *related;
  size_t nrelated;
  char *subject;  /* data.subject */
  char *name;     /* data.name */
  const char *freshness; /* data.freshness (fact_freshness_name), or NULL */
};

struct lsp_diagnostics {
  struct lsp_diagnostic *v;
  size_t n, cap;
};

/* Appends a zeroed diagnostic.  Returns it, or NULL when out of memory. */
struct lsp_diagnostic *lsp_diagnostics_add(struct lsp_diagnostics *list);
void lsp_diagnostics_free(struct lsp_diagnostics *list);

/* A hover: CONTENTS is owned markdown (MARKDOWN) or plain text. */
struct lsp_hover {
  char *contents;
  bool markdown;
  struct lsp_range range;
};

void lsp_hover_free(struct lsp_hover *hover);

struct lsp_inlay_hint {
  struct lsp_position position;
  char *label;    /* owned */
  char *tooltip;  /* owned, may be NULL */
};

struct lsp_inlay_hints {
  struct lsp_inlay_hint *v;
  size_t n, cap;
};

/* Appends a zeroed hint.  Returns it, or NULL when out of memory. */
struct lsp_inlay_hint *lsp_inlay_hints_add(struct lsp_inlay_hints *list);
void lsp_inlay_hints_free(struct lsp_inlay_hints *list);

/* A code lens with its command: TITLE shown, COMMAND run with ARG_URI and ARG_FUNCTION. */
struct lsp_code_lens {
  struct lsp_range range;
  char *title;        /* owned */
  const char *command; /* static */
  char *arg_uri;      /* owned */
  char *arg_function; /* owned */
};

struct lsp_code_lenses {
  struct lsp_code_lens *v;
  size_t n, cap;
};

/* Appends a zeroed lens.  Returns it, or NULL when out of memory. */
struct lsp_code_lens *lsp_code_lenses_add(struct lsp_code_lenses *list);
void lsp_code_lenses_free(struct lsp_code_lenses *list);

#endif /* ESCLSP_TYPES_H */
