/* cache.h - the on-disk escape-fact cache: where it lives, atomic writes, lookup by source file.
 *
 * Layout and JSON schema: docs/cache-format.md.  Writers (the GCC plugin, possibly many at once
 * under make -j) and readers (the escinfo CLI, the language server) only meet through files
 * that appear whole by rename(2), so no reader ever sees a partial entry. */
#ifndef ESCINFO_CACHE_H
#define ESCINFO_CACHE_H

#include "fact.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Resolves the cache directory: OVERRIDE if non-NULL and non-empty, else $ESCINFO_CACHE_DIR,
 * else $XDG_CACHE_HOME/escinfo, else $HOME/.cache/escinfo.  Returns a malloc'd string the
 * caller frees, or NULL (with a message in ERR) when none can be determined. */
char *esc_cache_dir(const char *override, char *err, size_t errlen);

/* Where esc_cache_dir(OVERRIDE) takes the directory from, for people: "OVERRIDE_NAME" when
 * OVERRIDE is set, else "$ESCINFO_CACHE_DIR", "$XDG_CACHE_HOME" or "$HOME". */
const char *esc_cache_dir_origin(const char *override, const char *override_name);

/* 64-bit FNV-1a of LEN bytes at DATA, continuing from H (ESC_FNV_BASIS to start): the hash behind
 * the cache's keys and content hashes, for readers that need one too. */
#define ESC_FNV_BASIS UINT64_C(0xcbf29ce484222325)
uint64_t esc_fnv1a64(uint64_t h, const void *data, size_t len);

/* Hash of a file's bytes as stored in esc_source.hash: "fnv1a64:" + 16 lowercase hex digits.
 * Writes into OUT (at least ESC_HASH_LEN + 1 bytes).  Returns 0, or -1 if the file cannot be
 * read.  esc_hash_buffer hashes memory the same way (used on editor buffers). */
#define ESC_HASH_LEN 24
int esc_hash_file(const char *path, char out[ESC_HASH_LEN + 1], int64_t *size);
void esc_hash_buffer(const void *data, size_t len, char out[ESC_HASH_LEN + 1]);

/* Writes TU's entry into the cache at DIR (creating directories as needed), replacing the
 * earlier entry of the same TU (same main file and output), and indexes it under every source
 * file in TU->sources and every file a fact refers to.  Atomic: temp file + rename.
 * Returns 0, or -1 with a one-line reason in ERR; nothing partial is left behind. */
int esc_cache_write(const char *dir, const struct esc_tu *tu, char *err, size_t errlen);

/* Serialises TU to a JSON text (malloc'd, caller frees), or NULL when out of memory. */
char *esc_tu_to_json_text(const struct esc_tu *tu);
/* Writes TU's JSON text to FD as it is produced, in bounded memory.  Returns 0, or -1 with
 * errno set (a write error, or ENOMEM). */
int esc_tu_write_json(int fd, const struct esc_tu *tu);

/* Parses one entry's JSON text into *TU (zeroed first).  Returns 0, or -1 with the reason in
 * ERR (invalid JSON with line and column, wrong schema version, missing or mistyped field).
 * On failure *TU holds nothing that needs freeing. */
int esc_tu_from_json_text(const char *text, size_t len, struct esc_tu *tu, char *err,
                          size_t errlen);

/* Reads one entry file.  Same contract as esc_tu_from_json_text; entries larger than
 * ESC_CACHE_MAX_ENTRY bytes are refused. */
#define ESC_CACHE_MAX_ENTRY (256u * 1024u * 1024u)
int esc_cache_read_entry(const char *path, struct esc_tu *tu, char *err, size_t errlen);

/* Called for each entry problem met during a lookup or walk (corrupt, foreign version, ...);
 * the entry is skipped and the walk goes on. */
typedef void (*esc_cache_warn_fn)(void *ctx, const char *path, const char *reason);

/* The entries that hold facts for SOURCE (an absolute path, or relative to the current
 * directory), found through the index without scanning the whole cache.  Fills *TUS with a
 * malloc'd array of *NTUS entries, newest compile first; free each with esc_tu_free, then the
 * array.  Entries that no longer mention SOURCE are left out.  Returns 0 (possibly with no
 * entries), or -1 with the reason in ERR. */
int esc_cache_lookup(const char *dir, const char *source, struct esc_tu **tus, size_t *ntus,
                     esc_cache_warn_fn warn, void *warn_ctx, char *err, size_t errlen);

/* The path of the index directory that lists the entries for SOURCE (malloc'd), so a watcher
 * can watch it.  NULL when out of memory. */
char *esc_cache_index_dir(const char *dir, const char *source);

/* The path of the entry file a compile of MAIN_FILE to OUTPUT (both as the plugin records them:
 * absolute) writes in DIR (malloc'd; it may not exist), or NULL when out of memory. */
char *esc_cache_entry_file(const char *dir, const char *main_file, const char *output);

/* The directory holding the entries (malloc'd), where every compile's write shows; NULL when out
 * of memory. */
char *esc_cache_entries_dir(const char *dir);

/* A cheap fingerprint of what the index lists for SOURCE: its markers and the identity (inode,
 * size, modification time) of their entry files.  When it changes, SOURCE's facts need reading
 * again (a compile wrote, gc removed).  One directory read and a stat per entry. */
uint64_t esc_cache_signature(const char *dir, const char *source);

/* Calls FN for every entry in the cache (stats, gc, the project's facts).  FN returns 0 to go
 * on, non-zero to stop; it may move what it keeps out of TU (the walk frees TU after it).
 * Returns 0, or -1 with the reason in ERR. */
typedef int (*esc_cache_entry_fn)(void *ctx, const char *path, struct esc_tu *tu);
int esc_cache_walk(const char *dir, esc_cache_entry_fn fn, void *ctx, esc_cache_warn_fn warn,
                   void *warn_ctx, char *err, size_t errlen);

/* Removes the entry file at PATH and its index links.  Returns 0 or -1 with ERR. */
int esc_cache_remove_entry(const char *dir, const char *path, const struct esc_tu *tu, char *err,
                           size_t errlen);

/* What esc_cache_sweep removed (or, in a dry run, would remove). */
enum esc_sweep_kind {
  ESC_SWEEP_MARKER, /* an index marker whose entry is gone or no longer mentions the file */
  ESC_SWEEP_TEMP    /* a temp file left by an interrupted writer */
};
typedef void (*esc_cache_sweep_fn)(void *ctx, enum esc_sweep_kind kind, const char *path,
                                   const char *why);

/* Cleans the index of the cache at DIR: removes the markers that point to no entry or to an
 * entry that no longer mentions the indexed file, removes empty index directories, adds the
 * markers a valid entry is missing, and removes temp files older than MIN_TEMP_AGE seconds.
 * Markers of corrupt entries are kept.  Calls FN (may be NULL) for each marker or temp file
 * removed.  With DRY_RUN nothing changes on disk, FN still hears what would go.  Safe to run
 * while compiles write: a marker that a writer needs again is put back.  Returns 0, or -1 with
 * the reason in ERR (some removals may have happened). */
int esc_cache_sweep(const char *dir, int64_t min_temp_age, bool dry_run, esc_cache_sweep_fn fn,
                    void *ctx, char *err, size_t errlen);

/* Counts the files the index of DIR lists (index directories holding at least one marker) and
 * the markers in them.  Returns 0 (zeros for an empty or missing cache), or -1 with ERR. */
int esc_cache_count_index(const char *dir, size_t *files, size_t *markers, char *err,
                          size_t errlen);

/* The form of a path the index uses: PATH made absolute against BASE (an absolute directory,
 * or NULL for the current directory), normalised lexically (no ".", "..", "//"), with its
 * longest existing prefix resolved by realpath(3), so symlinks and relative spellings of one
 * file agree.  Returns a malloc'd string the caller frees, or NULL when out of memory. */
char *esc_path_canonical(const char *path, const char *base);

/* True when TU names the file CANONICAL (an esc_path_canonical result) as its main file, a
 * source, or the file or spelling file of a fact; TU's relative paths are taken against its
 * cwd.  False also when out of memory. */
bool esc_tu_mentions_file(const struct esc_tu *tu, const char *canonical);

/* FACT as the JSON object the cache stores (schema in docs/cache-format.md), appended to T in
 * compact form. */
struct esc_text;
void esc_fact_write_json(struct esc_text *t, const struct esc_fact *fact);

/* Formats T (seconds since the epoch) as "YYYY-MM-DDTHH:MM:SSZ" in UTC into OUT; an empty
 * string when T cannot be represented. */
#define ESC_TIME_ISO_SIZE 32
void esc_time_iso(int64_t t, char out[ESC_TIME_ISO_SIZE]);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_CACHE_H */
