/* file-facts.h - the facts of one source file: the query every reader makes of the cache.
 *
 * A source file's facts come from every compile that saw it (the file compiled twice, static
 * and -fPIC; a header included by many units; a .c file #included by another).  This query
 * finds those compiles through the cache's index, keeps each one's record of the file (the
 * hash of the text it read), moves out the facts located in the file, spells every path that
 * names the file as its canonical path, and can merge the copies of a fact that several compiles
 * report.  The command line (escinfo show), the language server and the reports all start here,
 * so that they agree on what "the facts of this file" are. */
#ifndef ESCINFO_FILE_FACTS_H
#define ESCINFO_FILE_FACTS_H

#include "cache.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One compile that covers the file. */
struct esc_file_entry {
  char *main_file, *output, *gcc_version; /* owned; NULL when the entry had none */
  int64_t compile_time;
  bool analysis_only;                     /* compiled without code generation: no frame sizes */
  char hash[ESC_HASH_LEN + 1];            /* the file as this compile read it; "" unknown */
  char **args;                            /* owned: the compile's options */
  size_t nargs;
};

/* A fact located in the file. */
struct esc_file_fact {
  struct esc_fact fact; /* owned: moved out of its entry; its flow steps in the file spelled as
                           the file's canonical path */
  size_t entry;         /* index in esc_file_facts.entries: 0 is the newest compile */
};

struct esc_file_facts {
  char *path;                       /* the file's canonical path (owned) */
  struct esc_file_entry *entries;   /* newest compile first */
  size_t nentries;
  struct esc_file_fact *facts;
  size_t nfacts, cap;
  uint64_t signature;               /* esc_cache_signature of the file when it was read */
};

void esc_file_facts_init(struct esc_file_facts *ff);
/* Frees what one compile's record owns (for readers that take the records out of FF). */
void esc_file_entry_free(struct esc_file_entry *e);
void esc_file_facts_free(struct esc_file_facts *ff);

/* Reads the facts of SOURCE (a path, made canonical) from the cache at DIR.  Bad entries go to
 * WARN and are skipped.  Returns 0 (no entries is fine), or -1 with the reason in ERR (the cache
 * cannot be read, out of memory); FF is then empty.  Free FF with esc_file_facts_free either way. */
int esc_file_facts_read(struct esc_file_facts *ff, const char *dir, const char *source,
                        esc_cache_warn_fn warn, void *warn_ctx, char *err, size_t errlen);

/* Adds TU's record of the file FF->path (set it first) and moves out its facts located there
 * (TU keeps zeroed facts; the caller still frees it).  Returns 0, or -1 when out of memory. */
int esc_file_facts_add_entry(struct esc_file_facts *ff, struct esc_tu *tu);

/* One verdict per subject, whatever number of compiles cover the file (docs/design.md,
 * "Several compiles of one file"): identical facts appear once (the newest compile's copy); a
 * subject that escapes or leaks in any compile escapes or leaks, its promises (noescape, noleak,
 * alloc.stack-candidate) from the other compiles dropped and the fact's note saying in which
 * compiles it does and does not; frame facts that differ between compiles keep the newest and
 * say what the others found.  Leaves the facts ordered by line, column, code, name.  Returns 0,
 * or -1 when out of memory (FF then holds one copy of each fact, unmerged verdicts). */
int esc_file_facts_merge(struct esc_file_facts *ff);

/* A short name for compile ENTRY among FF's: its output's file name, and the options it has and
 * not every other compile of the file has ("lz4.o (-fPIC)").  Malloc'd, or NULL. */
char *esc_file_entry_label(const struct esc_file_facts *ff, size_t entry);

/* The order esc_file_facts_merge leaves facts in (line, column, code, name). */
int esc_fact_compare_place(const struct esc_fact *a, const struct esc_fact *b);

/* True when entry ENTRY's compile read another text of the file than the one whose hash is NOW
 * (NULL: the text cannot be read any more).  False when the compile recorded no hash. */
bool esc_file_facts_stale(const struct esc_file_facts *ff, size_t entry, const char *now);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_FILE_FACTS_H */
