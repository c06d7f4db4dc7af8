/* facts.h - the escape facts of one open document: read from the cache, placed in the buffer, carried through edits. */
#ifndef ESCLSP_FACTS_H
#define ESCLSP_FACTS_H

#include "cache.h"
#include "file-facts.h"
#include "suppress.h"
#include "documents.h"

#include <stdbool.h>
#include <stdint.h>

/* How far (in lines, each way) a fact is looked for when its file changed since the compile
 * and nothing better tells where it went. */
#define RELOCATE_RADIUS 40

/* A fact and where it is in the buffer now. */
struct located_fact {
  struct esc_fact fact;  /* owned: moved out of its entry; flow steps in the document name
                            it by its canonical path */
  size_t entry;          /* index in fact_set.entries (0: the newest compile) */
  char *token;           /* owned: the identifier looked for when relocating, or NULL */
  uint32_t line, col;    /* now: 0-based line and byte column */
  uint32_t len;          /* bytes of the name there */
  bool dropped;          /* its name is gone from the buffer: not shown */
  bool guessed;          /* placed by looking for its name near its old line, the edits since
                            the compile unknown (the file changed outside the editor) */
  const struct esc_suppression *suppressed; /* the escinfo-ignore comment of the buffer that
                            suppresses it (in fact_set.suppressions), or NULL */
};

struct fact_set {
  struct esc_file_entry *entries; /* the compiles that cover the document (file-facts.h) */
  size_t nentries;
  struct located_fact *facts;
  size_t nfacts, cap;
  uint64_t signature;    /* of the cache index when read: see esc_cache_signature */
  struct esc_suppressions suppressions; /* the buffer's escinfo-ignore comments */
  char *object;          /* owned: the object file the facts were read from (no cache entry:
                            compile_commands.json names the object, which carries them), or NULL */
  uint64_t object_stamp; /* that file's identity (inode, size, modification time) when read */
};

/* How far a fact's place and verdict can be trusted, as readers are told (diagnostics' data, the
 * file status): docs/server.md, "Freshness". */
enum fact_freshness {
  FACT_FRESH,     /* the buffer is the text compiled: the fact is where the compiler put it */
  FACT_RELOCATED, /* the buffer changed since: the fact moved with the edits (or a known line
                     map); its place is right, its verdict may be out of date */
  FACT_STALE,     /* the buffer changed, how unknown: placed by its name, a guess */
  FACT_UNKNOWN    /* the compile recorded no hash of the file: cannot tell */
};

/* "fresh", "relocated", "stale", "unknown". */
const char *fact_freshness_name(enum fact_freshness f);

/* The freshness of LF, one of SET's facts, in DOC. */
enum fact_freshness fact_freshness(const struct fact_set *set, const struct located_fact *lf,
                                   struct document *doc);

void fact_set_init(struct fact_set *set);
void fact_set_free(struct fact_set *set);

/* Reads the facts for DOC's file from the cache at DIR and places them in DOC's buffer.
 * PREVIOUS (NULL or the set being replaced) lends the places of facts it already carried
 * through edits.  Bad entries go to WARN and are skipped.  Returns 0 (with no facts for a
 * document that is not a local file), or -1 with the reason in ERR when the cache cannot be
 * read or memory runs out; SET is then empty.  Free SET with fact_set_free either way. */
int fact_set_load(struct fact_set *set, const char *dir, struct document *doc,
                  const struct fact_set *previous, esc_cache_warn_fn warn, void *warn_ctx,
                  char *err, size_t errlen);

/* The reading half of fact_set_load, for the file CANONICAL, touching no document (so that it
 * can run on another thread: see prefetch.h): fills SET (with its signature) without placing
 * its facts.  Same returns. */
int fact_set_read(struct fact_set *set, const char *dir, const char *canonical,
                  esc_cache_warn_fn warn, void *warn_ctx, char *err, size_t errlen);

/* Adds TU's facts located in the file CANONICAL (moving them out of TU, which the caller still
 * frees with esc_tu_free) and TU's record of it.  Does not place them: call fact_set_place.
 * Returns 0, or -1 when out of memory. */
int fact_set_add_entry(struct fact_set *set, struct esc_tu *tu, const char *canonical);

/* The identity of the file at PATH (inode, size, modification time) as one number; 0 when it
 * cannot be read. */
uint64_t fact_file_stamp(const char *path);

/* True when SET has compiles and none of them is of DOC's text. */
bool fact_set_all_stale(const struct fact_set *set, struct document *doc);

/* The cache's compiles are all of another text (an older build, another branch), yet OBJECT may be
 * of this one (a cache hit of ccache, a farm's compile: the object restored, the cache not
 * written).  Reads OBJECT's facts for DOC; when every compile it carries is of DOC's text, they
 * replace SET's (keeping SET's cache signature) and their number of compiles is returned; else SET
 * is left as it is, 0 is returned and WHY says why. */
size_t fact_set_prefer_object(struct fact_set *set, const char *object, struct document *doc,
                              char *why, size_t whylen);

/* Reads the facts of CANONICAL from the records OBJECT carries (-fplugin-arg-escinfo-embed) into
 * SET (which holds no entry yet), not placed: safe on a thread, problems with the object going to
 * WARN (path NULL, the whole message as the reason) or, WARN NULL, to the log.  Returns the number
 * of compiles read (0: none for the file, or the object cannot be read: WHY says so when not
 * NULL). */
size_t fact_set_read_object(struct fact_set *set, const char *object, const char *canonical,
                            esc_cache_warn_fn warn, void *warn_ctx, char *why, size_t whylen);

/* Reads the facts of DOC's file from the records OBJECT carries (-fplugin-arg-escinfo-embed) into
 * SET (which holds no entry yet) and places them.  Returns the number of compiles read (0: the
 * object carries none for the file, or cannot be read: WHY says so when not NULL). */
size_t fact_set_load_object(struct fact_set *set, const char *object, struct document *doc,
                            char *why, size_t whylen);

/* Reads one entry file, PATH, and adds it for DOC (the cache-reading path on its own, for
 * tests and fuzzing); then places the facts.  Returns 0, or -1 with ERR. */
int fact_set_load_entry_file(struct fact_set *set, const char *path, struct document *doc,
                             char *err, size_t errlen);

/* Merges copies of one fact (same code, name, line, column) keeping the newest entry's, then
 * places every fact in DOC's buffer (see the top of facts.c).  PREVIOUS as for fact_set_load. */
void fact_set_place(struct fact_set *set, struct document *doc, const struct fact_set *previous);

/* Carries the facts through one change of DOC's text (DOC is already changed). */
void fact_set_apply_edit(struct fact_set *set, struct document *doc, const struct text_edit *edit);

/* After all the changes of one notification: checks that every fact still sits on its name,
 * and puts the facts of entries whose content the buffer matches again back where the compile
 * put them. */
void fact_set_after_change(struct fact_set *set, struct document *doc);

/* Finds the buffer's escinfo-ignore comments and marks the facts they suppress (a comment on a
 * fact's line or on the line of one of its steps in the buffer, where the fact is now).  Called
 * by fact_set_place and fact_set_after_change.  Out of memory: the comments found so far count. */
void fact_set_suppress(struct fact_set *set, struct document *doc);

/* True when the buffer differs from the file as entry ENTRY compiled it. */
bool fact_set_entry_stale(const struct fact_set *set, size_t entry, struct document *doc);

/* Where flow step STEP of LF is in DOC now (0-based line and byte column): steps in DOC move
 * with their fact; steps elsewhere stay where the compile put them.  Returns true for a step in
 * DOC. */
bool fact_step_place(const struct located_fact *lf, const struct esc_step *step,
                     const struct document *doc, uint32_t *line, uint32_t *col);

#endif /* ESCLSP_FACTS_H */
