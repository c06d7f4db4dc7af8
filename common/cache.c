/* cache.c - the on-disk fact cache: where it lives, who may use it, atomic entry writes, the per-source index, lookup and walk (sweeping: cache-sweep.c). */
#include "cache.h"
#include "cache-internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- small helpers ------------------------------------------------------------------------ */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
  if (!err || !errlen)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

/* Stores "out of memory" in ERR and returns -1. */
int cache_out_of_memory(char *err, size_t errlen)
{
  set_err(err, errlen, "out of memory");
  return -1;
}

/* A malloc'd formatted string, or NULL when out of memory. */
char *cache_printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return NULL;
  char *s = malloc((size_t)n + 1);
  if (!s)
    return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

uint64_t esc_fnv1a64(uint64_t h, const void *data, size_t len)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= FNV_PRIME;
  }
  return h;
}

void cache_format_key(uint64_t key, char out[KEY_LEN + 1])
{
  snprintf(out, KEY_LEN + 1, "%016" PRIx64, key);
}

/* True when NAME starts with exactly KEY_LEN lowercase hex digits followed by SUFFIX; the
 * digits' value goes to *KEY. */
bool cache_parse_key(const char *name, const char *suffix, uint64_t *key)
{
  for (int i = 0; i < KEY_LEN; i++)
    if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
      return false;
  if (strcmp(name + KEY_LEN, suffix) != 0)
    return false;
  *key = strtoull(name, NULL, 16); /* stops at the suffix */
  return true;
}

/* ---- where the cache is, hashes ----------------------------------------------------------- */

/* ---- who may use the cache ------------------------------------------------------------------ */

/* Is the cache shared by a group ($ESCINFO_CACHE_SHARED=group: a build server's, documented in
 * docs/cache-format.md)?  Otherwise it is private to the user. */
static bool cache_shared(void)
{
  const char *v = getenv("ESCINFO_CACHE_SHARED");
  return v && strcmp(v, "group") == 0;
}

static mode_t dir_mode(void)
{
  return cache_shared() ? 02770 : 0700;
}

static mode_t file_mode(void)
{
  return cache_shared() ? 0660 : 0600;
}

/* May this user use directory PATH (the cache, or a directory in it) as it is?  Like ssh with
 * key files: a directory another user owns (unless the cache is shared), or one others may write
 * without the sticky bit, could hold anything; a symbolic link inside the cache (INSIDE) is
 * refused too.  A directory that does not exist yet is fine: it will be created private.
 * Returns 0, or -1 with the reason in ERR. */
static int check_dir(const char *path, bool inside, char *err, size_t errlen)
{
  struct stat st;
  if ((inside ? lstat(path, &st) : stat(path, &st)) != 0)
    return errno == ENOENT ? 0 : (set_err(err, errlen, "cannot use cache directory '%s': %s",
                                          path, strerror(errno)), -1);
  if (inside && S_ISLNK(st.st_mode)) {
    set_err(err, errlen, "refusing cache directory '%s': it is a symbolic link", path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    set_err(err, errlen, "refusing cache directory '%s': not a directory", path);
    return -1;
  }
  if (!cache_shared() && st.st_uid != geteuid()) {
    set_err(err, errlen,
            "refusing cache directory '%s': it is owned by another user (uid %ld), who could "
            "change the facts or read what is written there; set ESCINFO_CACHE_DIR to a "
            "directory of your own",
            path, (long)st.st_uid);
    return -1;
  }
  if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
    set_err(err, errlen,
            "refusing cache directory '%s': anyone may write there (mode %04o, no sticky bit)",
            path, (unsigned)(st.st_mode & 07777));
    return -1;
  }
  return 0;
}

/* Checks the cache directory DIR and the directories of its layout that exist. */
static int check_cache(const char *dir, char *err, size_t errlen)
{
  static const char *const inner[] = {"v1", ENTRY_DIR, INDEX_DIR};
  if (check_dir(dir, false, err, errlen) != 0)
    return -1;
  for (size_t i = 0; i < sizeof inner / sizeof inner[0]; i++) {
    char *p = cache_printf("%s/%s", dir, inner[i]);
    if (!p)
      return cache_out_of_memory(err, errlen);
    int rc = check_dir(p, true, err, errlen);
    free(p);
    if (rc)
      return -1;
  }
  return 0;
}

const char *esc_cache_dir_origin(const char *override, const char *override_name)
{
  const char *env;
  if (override && *override)
    return override_name;
  if ((env = getenv("ESCINFO_CACHE_DIR")) && *env)
    return "$ESCINFO_CACHE_DIR";
  if ((env = getenv("XDG_CACHE_HOME")) && *env)
    return "$XDG_CACHE_HOME";
  return "$HOME";
}

char *esc_cache_dir(const char *override, char *err, size_t errlen)
{
  const char *env;
  char *dir;
  if (override && *override)
    dir = esc_strdup(override);
  else if ((env = getenv("ESCINFO_CACHE_DIR")) && *env)
    dir = esc_strdup(env);
  else if ((env = getenv("XDG_CACHE_HOME")) && *env)
    dir = cache_printf("%s/escinfo", env);
  else if ((env = getenv("HOME")) && *env)
    dir = cache_printf("%s/.cache/escinfo", env);
  else {
    set_err(err, errlen,
            "no cache directory: none of ESCINFO_CACHE_DIR, XDG_CACHE_HOME and HOME is set");
    return NULL;
  }
  if (!dir) {
    cache_out_of_memory(err, errlen);
    return NULL;
  }
  if (check_cache(dir, err, errlen) != 0) {
    free(dir);
    return NULL;
  }
  return dir;
}

static void format_hash(uint64_t h, char out[ESC_HASH_LEN + 1])
{
  snprintf(out, ESC_HASH_LEN + 1, "fnv1a64:%016" PRIx64, h);
}

void esc_hash_buffer(const void *data, size_t len, char out[ESC_HASH_LEN + 1])
{
  format_hash(esc_fnv1a64(ESC_FNV_BASIS, data, len), out);
}

int esc_hash_file(const char *path, char out[ESC_HASH_LEN + 1], int64_t *size)
{
  unsigned char buf[16384];
  uint64_t h = ESC_FNV_BASIS;
  int64_t total = 0;
  struct stat st;
  out[0] = '\0';
  if (size)
    *size = -1;
  /* O_NONBLOCK so that a FIFO does not hang us; it is no regular file and is refused below. */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return -1;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    errno = EINVAL;
    return -1;
  }
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n == 0)
      break;
    if (n < 0) {
      int saved = errno;
      if (saved == EINTR)
        continue;
      close(fd);
      errno = saved;
      return -1;
    }
    h = esc_fnv1a64(h, buf, (size_t)n);
    total += n;
  }
  close(fd);
  format_hash(h, out);
  if (size)
    *size = total;
  return 0;
}

/* ---- canonical paths ---------------------------------------------------------------------- */

/* PATH made absolute against BASE (when absolute) or the current directory.  Malloc'd, or NULL
 * when out of memory.  When the current directory is unknown (deleted), "/" stands in. */
static char *absolute_path(const char *path, const char *base)
{
  char cwd[PATH_MAX];
  if (path[0] == '/')
    return esc_strdup(path);
  if (!base || base[0] != '/')
    base = getcwd(cwd, sizeof cwd) ? cwd : "/";
  return cache_printf("%s/%s", base, path);
}

/* Rewrites the absolute PATH in place without empty, "." and ".." components. */
static void normalise_lexically(char *path)
{
  char *w = path; /* end of the part written so far, which never ends in '/' */
  const char *r = path;
  while (*r) {
    while (*r == '/')
      r++;
    const char *start = r;
    while (*r && *r != '/')
      r++;
    size_t n = (size_t)(r - start);
    if (n == 0 || (n == 1 && start[0] == '.'))
      continue;
    if (n == 2 && start[0] == '.' && start[1] == '.') {
      while (w > path && *--w != '/')
        ;
      continue;
    }
    *w++ = '/';
    memmove(w, start, n);
    w += n;
  }
  if (w == path)
    *w++ = '/';
  *w = '\0';
}

/* NORM (absolute, normalised; owned by this function) with its longest existing prefix
 * replaced by what realpath(3) makes of it.  Returns a malloc'd path, or NULL when out of
 * memory. */
static char *resolve_existing_prefix(char *norm)
{
  char *real = realpath(norm, NULL);
  if (real) {
    free(norm);
    return real;
  }
  char *slash = strrchr(norm, '/');
  while (slash && slash > norm) {
    *slash = '\0';
    real = realpath(norm, NULL);
    *slash = '/';
    if (real) {
      char *joined = cache_printf("%s%s", strcmp(real, "/") ? real : "", slash);
      free(real);
      free(norm);
      return joined;
    }
    do
      slash--;
    while (slash > norm && *slash != '/');
  }
  return norm;
}

char *esc_path_canonical(const char *path, const char *base)
{
  char *abs = absolute_path(path ? path : "", base);
  if (!abs)
    return NULL;
  normalise_lexically(abs);
  return resolve_existing_prefix(abs);
}

static uint64_t path_key(const char *canonical)
{
  return esc_fnv1a64(ESC_FNV_BASIS, canonical, strlen(canonical));
}

/* ---- what an entry mentions ---------------------------------------------------------------- */

static int compare_strings(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int cache_compare_keys(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static void add_file(const char **files, size_t *n, const char *path)
{
  if (path && *path)
    files[(*n)++] = path;
}

/* Fills *FILES with the distinct non-empty paths TU mentions: its main file, its sources, and
 * the files and spelling files of its facts.  The strings are borrowed from TU; the caller
 * frees the array only.  Returns 0, or -1 when out of memory. */
static int tu_files(const struct esc_tu *tu, const char ***files, size_t *nfiles)
{
  size_t n = 0, cap = 1 + tu->nsources + 2 * tu->nfacts;
  const char **v = malloc(cap * sizeof *v);
  if (!v)
    return -1;
  add_file(v, &n, tu->main_file);
  for (size_t i = 0; i < tu->nsources; i++)
    add_file(v, &n, tu->sources[i].path);
  for (size_t i = 0; i < tu->nfacts; i++) {
    add_file(v, &n, tu->facts[i].file);
    add_file(v, &n, tu->facts[i].spelling_file);
  }
  qsort(v, n, sizeof *v, compare_strings);
  size_t distinct = 0;
  for (size_t i = 0; i < n; i++)
    if (distinct == 0 || strcmp(v[distinct - 1], v[i]) != 0)
      v[distinct++] = v[i];
  *files = v;
  *nfiles = distinct;
  return 0;
}

/* Fills *KEYS (malloc'd, caller frees) with the sorted, distinct index keys of TU: the keys of
 * the canonical paths of every file it mentions.  Returns 0, or -1 when out of memory. */
int cache_tu_index_keys(const struct esc_tu *tu, uint64_t **keys, size_t *nkeys)
{
  const char **files;
  size_t nfiles, n = 0;
  if (tu_files(tu, &files, &nfiles))
    return -1;
  uint64_t *v = malloc((nfiles ? nfiles : 1) * sizeof *v);
  for (size_t i = 0; v && i < nfiles; i++) {
    char *canonical = esc_path_canonical(files[i], tu->cwd);
    if (!canonical) {
      free(v);
      v = NULL;
      break;
    }
    v[n++] = path_key(canonical);
    free(canonical);
  }
  free(files);
  if (!v)
    return -1;
  qsort(v, n, sizeof *v, cache_compare_keys);
  size_t distinct = 0;
  for (size_t i = 0; i < n; i++)
    if (distinct == 0 || v[distinct - 1] != v[i])
      v[distinct++] = v[i];
  *keys = v;
  *nkeys = distinct;
  return 0;
}

bool cache_has_key(const uint64_t *keys, size_t n, uint64_t key)
{
  return n > 0 && bsearch(&key, keys, n, sizeof *keys, cache_compare_keys) != NULL;
}

bool esc_tu_mentions_file(const struct esc_tu *tu, const char *canonical)
{
  const char **files;
  size_t n;
  bool found = false;
  if (tu_files(tu, &files, &n))
    return false;
  /* The plugin stores canonical paths, so most answers need no system call. */
  for (size_t i = 0; i < n && !found; i++)
    found = strcmp(files[i], canonical) == 0;
  for (size_t i = 0; i < n && !found; i++) {
    char *c = esc_path_canonical(files[i], tu->cwd);
    found = c && strcmp(c, canonical) == 0;
    free(c);
  }
  free(files);
  return found;
}

static uint64_t entry_key(const struct esc_tu *tu)
{
  const char *main_file = tu->main_file ? tu->main_file : "";
  const char *output = tu->output ? tu->output : "";
  uint64_t h = esc_fnv1a64(ESC_FNV_BASIS, main_file, strlen(main_file) + 1); /* with its '\0' */
  return esc_fnv1a64(h, output, strlen(output));
}

/* Malloc'd path of the index directory of key FILE in DIR, or NULL when out of memory. */
char *cache_index_dir_path(const char *dir, uint64_t file)
{
  char key[KEY_LEN + 1];
  cache_format_key(file, key);
  return cache_printf("%s/" INDEX_DIR "/%s", dir, key);
}

/* Malloc'd path of the entry with key ENTRY in DIR, or NULL when out of memory. */
char *cache_entry_path(const char *dir, uint64_t entry)
{
  char key[KEY_LEN + 1];
  cache_format_key(entry, key);
  return cache_printf("%s/" ENTRY_DIR "/%s" ENTRY_SUFFIX, dir, key);
}

/* The key of the entry file at PATH, or false when its name is not an entry's. */
bool cache_entry_key_of_path(const char *path, uint64_t *entry)
{
  const char *base = strrchr(path, '/');
  return cache_parse_key(base ? base + 1 : path, ENTRY_SUFFIX, entry);
}

char *esc_cache_index_dir(const char *dir, const char *source)
{
  char *canonical = esc_path_canonical(source, NULL);
  if (!canonical)
    return NULL;
  char *path = cache_index_dir_path(dir, path_key(canonical));
  free(canonical);
  return path;
}

char *esc_cache_entry_file(const char *dir, const char *main_file, const char *output)
{
  struct esc_tu tu = { .main_file = (char *)main_file, .output = (char *)output };
  return cache_entry_path(dir, entry_key(&tu));
}

char *esc_cache_entries_dir(const char *dir)
{
  return cache_printf("%s/" ENTRY_DIR, dir);
}

uint64_t esc_cache_signature(const char *dir, const char *source)
{
  char *index = esc_cache_index_dir(dir, source);
  DIR *d = index ? opendir(index) : NULL;
  uint64_t sum = 0, count = 0, key;
  struct dirent *de;
  while (d && (de = readdir(d))) {
    struct stat st;
    if (!cache_parse_key(de->d_name, "", &key))
      continue;
    uint64_t h = esc_fnv1a64(ESC_FNV_BASIS, de->d_name, KEY_LEN);
    char *path = cache_printf("%s/" ENTRY_DIR "/%s" ENTRY_SUFFIX, dir, de->d_name);
    if (path && stat(path, &st) == 0) {
      int64_t id[5] = { (int64_t)st.st_ino, (int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec,
                        (int64_t)st.st_mtim.tv_nsec, (int64_t)st.st_dev };
      h = esc_fnv1a64(h, id, sizeof id);
    }
    free(path);
    sum += h; /* the order readdir gives does not matter */
    count++;
  }
  if (d)
    closedir(d);
  free(index);
  return esc_fnv1a64(sum, &count, sizeof count);
}

/* ---- files and directories ----------------------------------------------------------------- */

/* mkdir -p on PATH, which it may modify while working but restores.  Returns 0 or -1 with ERR. */
static int make_dir(const char *path)
{
  if (mkdir(path, dir_mode()) != 0)
    return errno == EEXIST ? 0 : -1; /* EEXIST: also when another writer won */
  if (cache_shared()) /* the group bits, whatever the umask */
    chmod(path, dir_mode());
  return 0;
}

static int make_dirs_in(char *path, char *err, size_t errlen)
{
  if (make_dir(path) == 0)
    return 0;
  char *slash = strrchr(path, '/');
  if (errno == ENOENT && slash && slash != path) {
    *slash = '\0';
    int rc = make_dirs_in(path, err, errlen);
    *slash = '/';
    if (rc)
      return rc;
    if (make_dir(path) == 0)
      return 0;
  }
  set_err(err, errlen, "cannot create cache directory '%s': %s", path, strerror(errno));
  return -1;
}

/* Creates directory PATH and its missing parents; ones that exist already, or that another
 * process creates at the same moment, are fine.  Returns 0, or -1 with the reason in ERR. */
static int make_dirs(const char *path, char *err, size_t errlen)
{
  char *copy = esc_strdup(path);
  if (!copy)
    return cache_out_of_memory(err, errlen);
  int rc = make_dirs_in(copy, err, errlen);
  free(copy);
  return rc;
}

/* Writes DATA into a new temp file in directory DIRPATH, then renames it over FINAL, so FINAL
 * appears whole or not at all.  Returns 0, or -1 with the reason in ERR; the temp file never
 * outlives a failure. */
static int write_file_atomically(const char *dirpath, const char *key, const char *final,
                                 const struct esc_tu *tu, char *err, size_t errlen)
{
  char *tmp = cache_printf("%s/" TEMP_PREFIX "-%s-XXXXXX", dirpath, key);
  if (!tmp)
    return cache_out_of_memory(err, errlen);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    set_err(err, errlen, "cannot write cache entry in '%s': %s", dirpath, strerror(errno));
    free(tmp);
    return -1;
  }
  /* Private to the user (0600), or to the group of a shared cache. */
  int rc = esc_tu_write_json(fd, tu) == 0 && fchmod(fd, file_mode()) == 0 ? 0 : -1;
  int saved = errno;
  if (close(fd) != 0 && rc == 0) { /* NFS may report a failed write only here */
    rc = -1;
    saved = errno;
  }
  if (rc)
    set_err(err, errlen, "cannot write cache entry in '%s': %s", dirpath, strerror(saved));
  else if (rename(tmp, final) != 0) {
    set_err(err, errlen, "cannot replace cache entry '%s': %s", final, strerror(errno));
    rc = -1;
  }
  if (rc)
    unlink(tmp);
  free(tmp);
  return rc;
}

/* Creates the empty marker NAME in the index directory IDXDIR, making the directory if needed.
 * Creating a file is atomic, and O_CREAT on a marker that exists is a no-op.  A sweep may
 * remove an empty index directory between our mkdir and open, hence the retries.
 * Returns 0, or -1 with the reason in ERR. */
int cache_create_marker(const char *idxdir, const char *name, char *err, size_t errlen)
{
  char *path = cache_printf("%s/%s", idxdir, name);
  if (!path)
    return cache_out_of_memory(err, errlen);
  int rc = -1;
  for (int attempt = 0; attempt < 5; attempt++) {
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, file_mode());
    if (fd >= 0) {
      if (cache_shared())
        fchmod(fd, file_mode());
      close(fd);
      rc = 0;
      break;
    }
    if (errno != ENOENT)
      break;
    if (make_dirs(idxdir, err, errlen)) {
      free(path);
      return -1;
    }
  }
  if (rc)
    set_err(err, errlen, "cannot index cache entry in '%s': %s", idxdir, strerror(errno));
  free(path);
  return rc;
}

/* Creates the markers of the entry NAME (its key) under every file TU mentions.
 * Returns 0, or -1 with the reason in ERR. */
static int index_entry(const char *dir, const struct esc_tu *tu, const char *name, char *err,
                       size_t errlen)
{
  uint64_t *keys;
  size_t nkeys;
  if (cache_tu_index_keys(tu, &keys, &nkeys))
    return cache_out_of_memory(err, errlen);
  int rc = 0;
  for (size_t i = 0; i < nkeys && rc == 0; i++) {
    char *idxdir = cache_index_dir_path(dir, keys[i]);
    rc = idxdir ? cache_create_marker(idxdir, name, err, errlen) : cache_out_of_memory(err, errlen);
    free(idxdir);
  }
  free(keys);
  return rc;
}

/* Reads the regular file PATH whole into *TEXT (malloc'd, NUL-terminated, caller frees).
 * Returns 0, or -1 with the reason in ERR (which does not repeat PATH); *MISSING tells whether
 * PATH does not exist. */
static int read_whole_file(const char *path, char **text, size_t *len, bool *missing, char *err,
                           size_t errlen)
{
  struct stat st;
  *missing = false;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0) {
    *missing = errno == ENOENT;
    set_err(err, errlen, "cannot open: %s", strerror(errno));
    return -1;
  }
  int rc = -1;
  if (fstat(fd, &st) != 0)
    set_err(err, errlen, "cannot read: %s", strerror(errno));
  else if (!S_ISREG(st.st_mode))
    set_err(err, errlen, "not a regular file");
  else if ((uint64_t)st.st_size > ESC_CACHE_MAX_ENTRY)
    set_err(err, errlen, "too large: %lld bytes, more than the %u an entry may have",
            (long long)st.st_size, ESC_CACHE_MAX_ENTRY);
  else if (!(*text = malloc((size_t)st.st_size + 1)))
    cache_out_of_memory(err, errlen);
  else
    rc = 0;
  size_t got = 0;
  /* Entries are replaced by rename, never rewritten, so the size stays what fstat said. */
  while (rc == 0 && got < (size_t)st.st_size) {
    ssize_t n = read(fd, *text + got, (size_t)st.st_size - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      set_err(err, errlen, "cannot read: %s", n < 0 ? strerror(errno) : "file shrank");
      free(*text);
      rc = -1;
    } else
      got += (size_t)n;
  }
  close(fd);
  if (rc == 0) {
    (*text)[got] = '\0';
    *len = got;
  }
  return rc;
}

/* esc_cache_read_entry, also telling through *MISSING whether the file does not exist. */
int cache_read_entry(const char *path, struct esc_tu *tu, bool *missing, char *err,
                      size_t errlen)
{
  char *text;
  size_t len;
  memset(tu, 0, sizeof *tu);
  if (read_whole_file(path, &text, &len, missing, err, errlen))
    return -1;
  int rc = esc_tu_from_json_text(text, len, tu, err, errlen);
  free(text);
  return rc;
}

int esc_cache_read_entry(const char *path, struct esc_tu *tu, char *err, size_t errlen)
{
  bool missing;
  return cache_read_entry(path, tu, &missing, err, errlen);
}

/* Opens the directory PATH of the cache, which the reasons call WHAT.  Returns the stream, or
 * NULL: with *RC = 0 when PATH does not exist (nothing was written there yet), with *RC = -1 and
 * the reason in ERR otherwise. */
DIR *cache_open_dir(const char *path, const char *what, int *rc, char *err, size_t errlen)
{
  DIR *d = opendir(path);
  *rc = 0;
  if (!d && errno != ENOENT) {
    set_err(err, errlen, "cannot read %s '%s': %s", what, path, strerror(errno));
    *rc = -1;
  }
  return d;
}


/* Calls FN for every index directory of the cache at DIR, with its path and file key.
 * Returns 0 (also when nothing was indexed yet), or -1 with the reason in ERR. */
int cache_each_index_dir(const char *dir, index_dir_fn fn, void *ctx, char *err, size_t errlen)
{
  char *index = cache_printf("%s/" INDEX_DIR, dir);
  if (!index)
    return cache_out_of_memory(err, errlen);
  int rc;
  DIR *d = cache_open_dir(index, "cache index", &rc, err, errlen);
  struct dirent *de;
  while (d && rc == 0 && (de = readdir(d))) {
    uint64_t file;
    if (!cache_parse_key(de->d_name, "", &file))
      continue;
    char *idxdir = cache_printf("%s/%s", index, de->d_name);
    if (idxdir)
      fn(ctx, idxdir, file);
    else
      rc = cache_out_of_memory(err, errlen);
    free(idxdir);
  }
  if (d)
    closedir(d);
  free(index);
  return rc;
}

/* ---- writing ------------------------------------------------------------------------------- */

int esc_cache_write(const char *dir, const struct esc_tu *tu, char *err, size_t errlen)
{
  char key[KEY_LEN + 1];
  if (!dir || !*dir) {
    set_err(err, errlen, "no cache directory given");
    return -1;
  }
  if (!tu->main_file || !*tu->main_file) {
    set_err(err, errlen, "cannot write a cache entry without a main file");
    return -1;
  }
  cache_format_key(entry_key(tu), key);
  char *entries = cache_printf("%s/" ENTRY_DIR, dir);
  char *path = cache_printf("%s/%s" ENTRY_SUFFIX, entries ? entries : "", key);
  int rc;
  if (!entries || !path)
    rc = cache_out_of_memory(err, errlen);
  else if ((rc = make_dirs(entries, err, errlen)) == 0
           && (rc = write_file_atomically(entries, key, path, tu, err, errlen)) == 0
           && (rc = index_entry(dir, tu, key, err, errlen)) != 0)
    unlink(path); /* an entry the index cannot find must not stay */
  free(entries);
  free(path);
  return rc;
}

/* ---- lookup -------------------------------------------------------------------------------- */

struct tu_list {
  struct esc_tu *v;
  size_t n, cap;
};

/* Moves *TU to the end of L.  Returns 0, or -1 when out of memory (*TU is left as it was). */
static int tu_list_push(struct tu_list *l, struct esc_tu *tu)
{
  if (esc_grow((void **)&l->v, l->n, &l->cap, sizeof *l->v, 8) != 0)
    return -1;
  l->v[l->n++] = *tu;
  return 0;
}

static void tu_list_free(struct tu_list *l)
{
  for (size_t i = 0; i < l->n; i++)
    esc_tu_free(&l->v[i]);
  free(l->v);
}

static int newest_first(const void *a, const void *b)
{
  const struct esc_tu *x = a, *y = b;
  if (x->compile_time != y->compile_time)
    return x->compile_time < y->compile_time ? 1 : -1;
  int c = strcmp(x->main_file, y->main_file);
  return c ? c : strcmp(x->output, y->output);
}

/* Reads the entry with key ENTRY that the index of CANONICAL points to.  Returns 1 with *TU
 * filled when it is valid and still mentions CANONICAL; 0 otherwise (an entry that is gone or
 * a stale marker silently, a corrupt entry through WARN). */
static int read_indexed_entry(const char *dir, uint64_t entry, const char *canonical,
                              struct esc_tu *tu, esc_cache_warn_fn warn, void *warn_ctx)
{
  char reason[REASON_SIZE];
  bool missing;
  char *path = cache_entry_path(dir, entry);
  int rc = 0;
  if (!path) {
    if (warn)
      warn(warn_ctx, dir, "out of memory");
  } else if (cache_read_entry(path, tu, &missing, reason, sizeof reason) != 0) {
    if (!missing && warn)
      warn(warn_ctx, path, reason);
  } else if (!esc_tu_mentions_file(tu, canonical))
    esc_tu_free(tu);
  else
    rc = 1;
  free(path);
  return rc;
}

int esc_cache_lookup(const char *dir, const char *source, struct esc_tu **tus, size_t *ntus,
                     esc_cache_warn_fn warn, void *warn_ctx, char *err, size_t errlen)
{
  uint64_t entry;
  *tus = NULL;
  *ntus = 0;
  char *canonical = esc_path_canonical(source, NULL);
  char *idxdir = canonical ? cache_index_dir_path(dir, path_key(canonical)) : NULL;
  DIR *d = NULL;
  int rc;
  if (idxdir)
    d = cache_open_dir(idxdir, "cache index", &rc, err, errlen);
  else
    rc = cache_out_of_memory(err, errlen);
  struct tu_list list = { 0 };
  struct dirent *de;
  while (d && rc == 0 && (de = readdir(d))) {
    struct esc_tu tu;
    if (!cache_parse_key(de->d_name, "", &entry)
        || !read_indexed_entry(dir, entry, canonical, &tu, warn, warn_ctx))
      continue;
    if (tu_list_push(&list, &tu)) {
      esc_tu_free(&tu);
      rc = cache_out_of_memory(err, errlen);
    }
  }
  if (d)
    closedir(d);
  free(canonical);
  free(idxdir);
  if (rc) {
    tu_list_free(&list);
    return -1;
  }
  if (list.n > 0) /* list.v is NULL otherwise, which qsort must not get */
    qsort(list.v, list.n, sizeof *list.v, newest_first);
  *tus = list.v;
  *ntus = list.n;
  return 0;
}

/* ---- walking and removing ------------------------------------------------------------------ */

int esc_cache_walk(const char *dir, esc_cache_entry_fn fn, void *ctx, esc_cache_warn_fn warn,
                   void *warn_ctx, char *err, size_t errlen)
{
  char reason[REASON_SIZE];
  uint64_t unused;
  char *entries = cache_printf("%s/" ENTRY_DIR, dir);
  if (!entries)
    return cache_out_of_memory(err, errlen);
  int rc, stop = 0;
  DIR *d = cache_open_dir(entries, "cache directory", &rc, err, errlen);
  if (!d) {
    free(entries);
    return rc;
  }
  struct dirent *de;
  while (!stop && rc == 0 && (de = readdir(d))) {
    struct esc_tu tu;
    bool missing;
    if (!cache_parse_key(de->d_name, ENTRY_SUFFIX, &unused)) /* temp files start with '.' */
      continue;
    char *path = cache_printf("%s/%s", entries, de->d_name);
    if (!path)
      rc = cache_out_of_memory(err, errlen);
    else if (cache_read_entry(path, &tu, &missing, reason, sizeof reason) == 0) {
      stop = fn(ctx, path, &tu);
      esc_tu_free(&tu);
    } else if (!missing && warn) /* missing: removed since readdir saw it */
      warn(warn_ctx, path, reason);
    free(path);
  }
  closedir(d);
  free(entries);
  return rc;
}

/* Removes the marker of ENTRY under the file key FILE, and the index directory if it is left
 * empty.  Returns 0 (also when the marker was already gone), or -1 with the reason in ERR. */
static int remove_marker(const char *dir, uint64_t file, uint64_t entry, char *err,
                         size_t errlen)
{
  char name[KEY_LEN + 1];
  cache_format_key(entry, name);
  char *idxdir = cache_index_dir_path(dir, file);
  char *path = idxdir ? cache_printf("%s/%s", idxdir, name) : NULL;
  int rc = 0;
  if (!path)
    rc = cache_out_of_memory(err, errlen);
  else if (unlink(path) != 0 && errno != ENOENT) {
    set_err(err, errlen, "cannot remove index marker '%s': %s", path, strerror(errno));
    rc = -1;
  } else
    rmdir(idxdir); /* fails, harmlessly, while other markers remain */
  free(idxdir);
  free(path);
  return rc;
}

int esc_cache_remove_entry(const char *dir, const char *path, const struct esc_tu *tu, char *err,
                           size_t errlen)
{
  if (unlink(path) != 0 && errno != ENOENT) {
    set_err(err, errlen, "cannot remove cache entry '%s': %s", path, strerror(errno));
    return -1;
  }
  if (!tu)
    return 0; /* its markers are now stale; esc_cache_sweep removes them */
  uint64_t entry, *keys;
  size_t nkeys;
  if (!cache_entry_key_of_path(path, &entry))
    entry = entry_key(tu);
  if (cache_tu_index_keys(tu, &keys, &nkeys))
    return cache_out_of_memory(err, errlen);
  int rc = 0;
  for (size_t i = 0; i < nkeys; i++)
    if (remove_marker(dir, keys[i], entry, err, errlen))
      rc = -1;
  free(keys);
  return rc;
}
