/* suppress.h - escinfo-ignore comments: the facts a programmer marked as intended.
 *
 * A comment holding escinfo-ignore suppresses the facts on the line it annotates, in every
 * reader (the command line, the language server, SARIF, the report), like clang-tidy's NOLINT:
 *
 *   keep(&node);              // escinfo-ignore(escape.call): the registry owns it
 *   // escinfo-ignore(escape.global, leak.*)
 *   registry = &node;
 *
 * A fact is on its own line (a variable's declaration) and on the lines of its flow (where the
 * address is taken, stored or passed): a comment on either suppresses it.
 * A comment after code annotates its own line; a comment alone on its line(s) annotates the
 * line after it.  Without a list every code is suppressed; a list names codes ("escape.global")
 * or a group ("escape.*").  What follows the list (or the word), after an optional ':' or '--',
 * is the justification.  docs/codes.md, "Suppressing a fact", is the user's description. */
#ifndef ESCINFO_SUPPRESS_H
#define ESCINFO_SUPPRESS_H

#include "fact.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One escinfo-ignore comment. */
struct esc_suppression {
  unsigned line;          /* 1-based: where the word escinfo-ignore is */
  unsigned column;        /* 1-based byte column of the word */
  unsigned target;        /* 1-based: the line whose facts it suppresses */
  bool all;               /* no list: every code */
  bool codes[ESC_CODE_COUNT]; /* the codes the list names (groups expanded) */
  char *unknown;          /* owned: the first name in the list that is no code or group, or NULL */
  char *justification;    /* owned: the text after the list, or NULL */
  unsigned used;          /* facts it suppressed (the reader counts) */
};

struct esc_suppressions {
  struct esc_suppression *v; /* in the order of the text */
  size_t n, cap;
};

void esc_suppressions_init(struct esc_suppressions *s);
void esc_suppressions_free(struct esc_suppressions *s);

/* Finds the escinfo-ignore comments of a C or C++ source TEXT of LEN bytes (replacing what S
 * held).  Comments are told from string and character literals; a file without the word costs
 * one memmem.  Returns 0, or -1 when out of memory (S then holds what was found so far). */
int esc_suppressions_scan(struct esc_suppressions *s, const char *text, size_t len);

/* The same for the file at PATH.  Returns 0 (an unreadable file has no comments: S empty), or
 * -1 when out of memory. */
int esc_suppressions_scan_file(struct esc_suppressions *s, const char *path);

/* The comment that suppresses a fact of CODE on one of the N LINES (1-based), or NULL.  A fact
 * is on its own line (a variable's declaration, a parameter) and on the lines of its flow's
 * steps in the same file (where the address is taken, stored, passed): a comment on any of them
 * suppresses it. */
struct esc_suppression *esc_suppressions_match(const struct esc_suppressions *s,
                                               const unsigned *lines, size_t n,
                                               enum esc_code code);

/* The same for FACT, a fact located in the file CANONICAL whose flow steps in that file are
 * spelled CANONICAL (as file-facts.h leaves them). */
struct esc_suppression *esc_suppressions_match_fact(const struct esc_suppressions *s,
                                                    const struct esc_fact *fact,
                                                    const char *canonical);

/* The codes a list names: a code, a group's prefix and ".*" ("escape.*"), or "*".  Sets
 * CODES[c] for each; returns false when NAME (LEN bytes) is none of them. */
bool esc_code_pattern(const char *name, size_t len, bool codes[ESC_CODE_COUNT]);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_SUPPRESS_H */
