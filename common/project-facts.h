/* project-facts.h - the facts of every source file under some paths: what the project-wide
 * readers (escinfo check, baseline, sarif, report) start from.
 *
 * One walk of the cache finds each compile that mentions a file under the paths asked for (its
 * main file, a source it read, a file a fact sits in) and hands it to the query of
 * file-facts.h, so that each file's facts are exactly those `escinfo show FILE` and the server
 * give: one verdict per subject, copies from several compiles merged.  Each file's
 * escinfo-ignore comments (suppress.h) come with it.  A fact's key (file relative to the root,
 * function, subject name, code, and its rank among facts sharing those) survives unrelated edits:
 * baselines and SARIF fingerprints use it. */
#ifndef ESCINFO_PROJECT_FACTS_H
#define ESCINFO_PROJECT_FACTS_H

#include "file-facts.h"
#include "suppress.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A fact of the project, in a file's merged list. */
struct esc_project_fact {
  const struct esc_fact *fact;        /* borrowed from its file's esc_file_facts */
  size_t file;                        /* index in esc_project.files */
  size_t entry;                       /* the compile it is from: index in the file's entries */
  struct esc_suppression *suppressed; /* the comment suppressing it, or NULL */
  unsigned rank;                      /* 0 for the first fact of its key in the file (by line),
                                         1 for the next, ... */
};

struct esc_project_file {
  struct esc_file_facts ff;           /* path: canonical */
  const char *relative;               /* into ff.path: the path under the root, or ff.path */
  struct esc_suppressions suppressions;
  char *text;                         /* owned: the file's text now (NULL: unreadable) */
  size_t len;
  bool changed;                       /* the file's text now differs from what a compile read */
};

struct esc_project {
  char *root;                         /* canonical */
  struct esc_project_file *files;     /* ordered by relative path */
  size_t nfiles, cap;
  struct esc_project_fact *facts;     /* every file's facts: by file, then line, column, code */
  size_t nfacts;
  size_t entries;                     /* cache entries that gave files */
};

void esc_project_init(struct esc_project *p);
void esc_project_free(struct esc_project *p);

/* Reads the facts of every file under PATHS (NPATHS of them; files or directories, relative to
 * the current directory; none: ROOT) from the cache at DIR, with their suppressions.  ROOT
 * (NULL: the current directory) is what relative paths and keys are taken against.  Bad entries
 * go to WARN and are skipped.  Returns 0, or -1 with the reason in ERR (the cache cannot be read,
 * out of memory); free P with esc_project_free either way. */
int esc_project_read(struct esc_project *p, const char *dir, const char *root,
                     char *const *paths, size_t npaths, esc_cache_warn_fn warn, void *warn_ctx,
                     char *err, size_t errlen);

/* PATH (canonical) as P names it: the part under the root, or PATH itself. */
const char *esc_project_relative(const struct esc_project *p, const char *path);

/* The key of FACT: "FILE\tFUNCTION\tNAME\tCODE\tRANK", FILE relative to the root.  Malloc'd, or
 * NULL when out of memory. */
char *esc_project_fact_key(const struct esc_project *p, const struct esc_project_fact *fact);

/* Which facts a gate looks at: codes, groups ("escape.*") and "dangling" (a fact whose address
 * outlives its frame, whatever its code). */
struct esc_fact_filter {
  bool codes[ESC_CODE_COUNT];
  bool dangling;
};

/* Parses a comma-separated list of the above into F (cleared first).  Returns 0, or -1 with the
 * name that is none of them in BAD (BADLEN bytes). */
int esc_fact_filter_parse(struct esc_fact_filter *f, const char *list, char *bad, size_t badlen);

/* The default of escinfo check: every dangling fact and every escape.* fact. */
void esc_fact_filter_default(struct esc_fact_filter *f);

bool esc_fact_filter_match(const struct esc_fact_filter *f, const struct esc_fact *fact);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_PROJECT_FACTS_H */
