/* cache-internal.h - what the cache's files share (cache.c, cache-sweep.c): the layout and the
 * helpers over it.  Not for the cache's readers: they use cache.h. */
#ifndef ESCINFO_CACHE_INTERNAL_H
#define ESCINFO_CACHE_INTERNAL_H

#include "cache.h"

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Layout under the cache directory (docs/cache-format.md):
 *   v1/tu/KEY.json       one entry per translation unit; KEY = key of "main file\0output"
 *   v1/tu/.tmp-KEY-XXXXXX a writer's temp file, renamed over KEY.json once complete
 *   v1/src/FILE/KEY      empty markers: the entries that mention the file whose canonical
 *                        path has the key FILE
 * A key is 16 lowercase hex digits of FNV-1a-64.  Writers rename the entry into place first and
 * create its markers after, so a marker never announces an entry that is not whole. */
#define ENTRY_DIR "v1/tu"
#define INDEX_DIR "v1/src"
#define ENTRY_SUFFIX ".json"
#define TEMP_PREFIX ".tmp"
#define KEY_LEN 16
#define REASON_SIZE 512

#define FNV_PRIME UINT64_C(0x100000001b3)

typedef void (*index_dir_fn)(void *ctx, const char *idxdir, uint64_t file);

int cache_create_marker(const char *idxdir, const char *name, char *err, size_t errlen);
int cache_each_index_dir(const char *dir, index_dir_fn fn, void *ctx, char *err, size_t errlen);
bool cache_entry_key_of_path(const char *path, uint64_t *entry);
char *cache_entry_path(const char *dir, uint64_t entry);
void cache_format_key(uint64_t key, char out[KEY_LEN + 1]);
bool cache_has_key(const uint64_t *keys, size_t n, uint64_t key);
char *cache_index_dir_path(const char *dir, uint64_t file);
DIR *cache_open_dir(const char *path, const char *what, int *rc, char *err, size_t errlen);
bool cache_parse_key(const char *name, const char *suffix, uint64_t *key);
int cache_read_entry(const char *path, struct esc_tu *tu, bool *missing, char *err,
                     size_t errlen);
int cache_tu_index_keys(const struct esc_tu *tu, uint64_t **keys, size_t *nkeys);
int cache_compare_keys(const void *a, const void *b);
/* malloc'd formatted text, or NULL when out of memory. */
char *cache_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cache_out_of_memory(char *err, size_t errlen);

#endif /* ESCINFO_CACHE_INTERNAL_H */
