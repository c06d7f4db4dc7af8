/* compdb.c - compile_commands.json: finding, reading, command splitting, response files. */
#include "compdb.h"

#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COMPDB_NAME "compile_commands.json"
#define MAX_RESPONSE_DEPTH 16

/* ---- finding the file ------------------------------------------------------------------ */

static bool is_file(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *join(const char *dir, const char *name)
{
  if (name[0] == '/')
    return strdup(name);
  struct esc_text t;
  esc_text_init(&t);
  esc_text_printf(&t, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
  return esc_text_take(&t, NULL);
}

static int compare_names(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* DIR/compile_commands.json when it exists, else that of DIR's build* folders (first by name). */
static char *in_directory(const char *dir)
{
  char *path = join(dir, COMPDB_NAME);
  if (!path || is_file(path))
    return path;
  free(path);
  DIR *d = opendir(dir);
  if (!d)
    return NULL;
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    if (strncmp(de->d_name, "build", 5) != 0)
      continue;
    if (n == cap) {
      char **more = realloc(names, (cap = cap ? 2 * cap : 8) * sizeof *names);
      if (!more)
        break;
      names = more;
    }
    if ((names[n] = strdup(de->d_name)))
      n++;
  }
  closedir(d);
  if (n > 1)
    qsort(names, n, sizeof *names, compare_names);
  char *found = NULL;
  for (size_t i = 0; i < n; i++) {
    char *sub = join(dir, names[i]);
    char *p = sub ? join(sub, COMPDB_NAME) : NULL;
    free(sub);
    if (!found && p && is_file(p))
      found = p;
    else
      free(p);
    free(names[i]);
  }
  free(names);
  return found;
}

char *compdb_find(const char *build_dir, char *err, size_t errlen)
{
  if (build_dir) {
    struct stat st;
    char *path = stat(build_dir, &st) == 0 && S_ISREG(st.st_mode) ? strdup(build_dir)
                                                                   : join(build_dir, COMPDB_NAME);
    if (path && is_file(path))
      return path;
    snprintf(err, errlen, "no %s in '%s'", COMPDB_NAME, build_dir);
    free(path);
    return NULL;
  }
  char *cwd = getcwd(NULL, 0);
  if (!cwd) {
    snprintf(err, errlen, "cannot read the current directory: %s", strerror(errno));
    return NULL;
  }
  for (char *dir = cwd;;) {
    char *found = in_directory(dir);
    if (found) {
      free(cwd);
      return found;
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
      if (strcmp(dir, "/") == 0)
        break;
      dir[1] = '\0'; /* the root */
      continue;
    }
    *slash = '\0';
  }
  free(cwd);
  snprintf(err, errlen,
           "no %s here, in a build*/ folder or in a parent directory; give its directory with "
           "-p (CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON; Meson writes one; make: bear -- make)",
           COMPDB_NAME);
  return NULL;
}

char *compdb_find_for_file(const char *file)
{
  char *dir = strdup(file);
  if (!dir)
    return NULL;
  char *found = NULL;
  for (char *slash = strrchr(dir, '/'); slash && !found; slash = strrchr(dir, '/')) {
    if (slash == dir) { /* the root */
      dir[1] = '\0';
      found = in_directory(dir);
      break;
    }
    *slash = '\0';
    found = in_directory(dir);
  }
  free(dir);
  return found;
}

const struct compdb_entry *compdb_entry_for(const struct compdb *db, const char *file)
{
  for (size_t i = 0; i < db->n; i++) {
    const struct compdb_entry *e = &db->v[i];
    if (strcmp(e->file, file) == 0)
      return e;
    char *real = realpath(e->file, NULL);
    bool same = real && strcmp(real, file) == 0;
    free(real);
    if (same)
      return e;
  }
  return NULL;
}

char *compdb_object_of(const struct compdb_entry *e)
{
  if (e->output)
    return strdup(e->output);
  for (size_t i = 0; i + 1 < e->argc; i++)
    if (strcmp(e->argv[i], "-o") == 0)
      return join(e->directory, e->argv[i + 1]);
  for (size_t i = 0; i < e->argc; i++)
    if (strncmp(e->argv[i], "-o", 2) == 0 && e->argv[i][2])
      return join(e->directory, e->argv[i] + 2);
  return NULL;
}

char *compdb_object_for(const char *file, const char *compile_commands, char **db_path)
{
  char err[512];
  struct compdb db;
  char *path = compile_commands ? compdb_find(compile_commands, err, sizeof err)
                                : compdb_find_for_file(file);
  if (!path || compdb_load(path, &db, err, sizeof err) != 0) {
    free(path);
    return NULL;
  }
  const struct compdb_entry *e = compdb_entry_for(&db, file);
  char *object = e ? compdb_object_of(e) : NULL;
  compdb_free(&db);
  if (object && db_path)
    *db_path = path;
  else
    free(path);
  return object;
}

/* ---- splitting commands ------------------------------------------------------------------ */

struct words {
  char **v;
  size_t n, cap;
};

static int add_word(struct words *w, struct esc_text *t)
{
  if (w->n + 2 > w->cap) {
    size_t cap = w->cap ? 2 * w->cap : 16;
    char **v = realloc(w->v, cap * sizeof *v);
    if (!v)
      return -1;
    w->v = v;
    w->cap = cap;
  }
  esc_text_addc(t, '\0');
  char *s = esc_text_take(t, NULL);
  if (!s)
    return -1;
  w->v[w->n++] = s;
  w->v[w->n] = NULL;
  esc_text_init(t);
  return 0;
}

/* Appends the words of TEXT to W (a command, or a response file: newlines are blanks in both). */
static int split(const char *text, struct words *w)
{
  struct esc_text t;
  esc_text_init(&t);
  bool in_word = false;
  for (const char *p = text; *p; p++) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (in_word && add_word(w, &t) != 0)
        goto fail;
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (p[1] == '\n')
        p++; /* a line continuation */
      else if (p[1])
        esc_text_addc(&t, *++p);
      continue;
    }
    if (c == '\'') {
      const char *end = strchr(p + 1, '\'');
      if (!end)
        goto fail;
      esc_text_add(&t, p + 1, (size_t)(end - p - 1));
      p = end;
      continue;
    }
    if (c == '"') {
      for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
          p++;
        esc_text_addc(&t, *p);
      }
      if (!*p)
        goto fail;
      continue;
    }
    esc_text_addc(&t, c);
  }
  if (in_word && add_word(w, &t) != 0)
    goto fail;
  esc_text_free(&t);
  return 0;
fail:
  esc_text_free(&t);
  return -1;
}

void compdb_free_argv(char **argv, size_t argc)
{
  for (size_t i = 0; argv && i < argc; i++)
    free(argv[i]);
  free(argv);
}

int compdb_split_command(const char *cmd, char ***argv, size_t *argc)
{
  struct words w = { 0 };
  if (split(cmd, &w) != 0 || !w.v) {
    compdb_free_argv(w.v, w.n);
    return -1;
  }
  *argv = w.v;
  *argc = w.n;
  return 0;
}

/* ---- response files ---------------------------------------------------------------------- */

static char *read_text(const char *path)
{
  FILE *f = fopen(path, "r");
  if (!f)
    return NULL;
  struct esc_text t;
  esc_text_init(&t);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    esc_text_add(&t, buf, n);
  bool failed = ferror(f);
  fclose(f);
  esc_text_addc(&t, '\0');
  char *s = esc_text_take(&t, NULL);
  if (failed) {
    free(s);
    return NULL;
  }
  return s;
}

static int expand(char **argv, size_t argc, const char *dir, int depth, struct words *out)
{
  for (size_t i = 0; i < argc; i++) {
    const char *a = argv[i];
    char *text = NULL;
    if (a[0] == '@' && a[1] && depth < MAX_RESPONSE_DEPTH) {
      char *path = join(dir, a + 1);
      text = path ? read_text(path) : NULL;
      free(path);
    }
    if (text) {
      struct words inner = { 0 };
      int rc = split(text, &inner);
      free(text);
      if (rc == 0)
        rc = expand(inner.v, inner.n, dir, depth + 1, out);
      compdb_free_argv(inner.v, inner.n);
      if (rc != 0)
        return -1;
      continue;
    }
    struct esc_text t;
    esc_text_init(&t);
    esc_text_adds(&t, a);
    if (add_word(out, &t) != 0)
      return -1;
  }
  return 0;
}

int compdb_expand_response_files(char ***argv, size_t *argc, const char *dir)
{
  bool any = false;
  for (size_t i = 0; i < *argc && !any; i++)
    any = (*argv)[i][0] == '@';
  if (!any)
    return 0;
  struct words w = { 0 };
  if (expand(*argv, *argc, dir, 0, &w) != 0 || !w.v) {
    compdb_free_argv(w.v, w.n);
    return -1;
  }
  compdb_free_argv(*argv, *argc);
  *argv = w.v;
  *argc = w.n;
  return 0;
}

/* ---- reading the database ---------------------------------------------------------------- */

static void free_entry(struct compdb_entry *e)
{
  free(e->directory);
  free(e->file);
  free(e->output);
  compdb_free_argv(e->argv, e->argc);
}

void compdb_free(struct compdb *db)
{
  for (size_t i = 0; i < db->n; i++)
    free_entry(&db->v[i]);
  free(db->v);
  free(db->path);
  memset(db, 0, sizeof *db);
}

/* Fills E from the JSON object O of the database at PATH (its directory for a relative
 * "directory").  Returns 0, 1 when the entry is unusable (WHY says why), -1 out of memory. */
static int read_entry(const json_t *o, const char *db_dir, struct compdb_entry *e,
                      const char **why)
{
  const char *dir = json_string_value(json_object_get(o, "directory"));
  const char *file = json_string_value(json_object_get(o, "file"));
  const char *output = json_string_value(json_object_get(o, "output"));
  const json_t *args = json_object_get(o, "arguments");
  const char *command = json_string_value(json_object_get(o, "command"));
  memset(e, 0, sizeof *e);
  if (!json_is_object(o))
    return *why = "not an object", 1;
  if (!dir || !file)
    return *why = "no \"directory\" or \"file\" string", 1;
  if (!(e->directory = join(db_dir, dir)) || !(e->file = join(e->directory, file))
      || (output && !(e->output = join(e->directory, output))))
    goto oom;
  if (json_is_array(args)) {
    size_t n = json_array_size(args);
    if (!(e->argv = calloc(n + 1, sizeof *e->argv)))
      goto oom;
    for (size_t i = 0; i < n; i++) {
      const char *s = json_string_value(json_array_get(args, i));
      if (!s) {
        free_entry(e);
        return *why = "an \"arguments\" member that is not a string", 1;
      }
      if (!(e->argv[e->argc++] = strdup(s)))
        goto oom;
    }
  } else if (command) {
    if (compdb_split_command(command, &e->argv, &e->argc) != 0) {
      free_entry(e);
      return *why = "a \"command\" with an unclosed quote", 1;
    }
  } else {
    free_entry(e);
    return *why = "neither \"arguments\" nor \"command\"", 1;
  }
  if (e->argc == 0) {
    free_entry(e);
    return *why = "an empty command", 1;
  }
  if (compdb_expand_response_files(&e->argv, &e->argc, e->directory) != 0)
    goto oom;
  return 0;
oom:
  free_entry(e);
  return -1;
}

int compdb_load(const char *path, struct compdb *db, char *err, size_t errlen)
{
  json_error_t je;
  memset(db, 0, sizeof *db);
  char *real = realpath(path, NULL); /* entries' relative directories are relative to it */
  if (!real) {
    snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
    return -1;
  }
  json_t *root = json_load_file(real, JSON_REJECT_DUPLICATES, &je);
  if (!root) {
    snprintf(err, errlen, "cannot read '%s': %s (line %d, column %d)", path, je.text, je.line,
             je.column);
    free(real);
    return -1;
  }
  if (!json_is_array(root)) {
    snprintf(err, errlen, "'%s' is not a compilation database: a JSON array was expected", path);
    json_decref(root);
    free(real);
    return -1;
  }
  char *db_dir = real;
  char *slash = db_dir ? strrchr(db_dir, '/') : NULL;
  if (slash)
    *slash = '\0';
  size_t n = json_array_size(root);
  db->v = calloc(n ? n : 1, sizeof *db->v);
  db->path = strdup(path);
  if (!db_dir || !db->v || !db->path)
    goto oom;
  for (size_t i = 0; i < n; i++) {
    const char *why = NULL;
    int rc = read_entry(json_array_get(root, i), slash > db_dir ? db_dir : "/", &db->v[db->n], &why);
    if (rc < 0)
      goto oom;
    if (rc > 0)
      fprintf(stderr, "escinfo: warning: %s: entry %zu skipped: %s\n", path, i, why);
    else
      db->n++;
  }
  free(db_dir);
  json_decref(root);
  return 0;
oom:
  free(db_dir);
  json_decref(root);
  compdb_free(db);
  snprintf(err, errlen, "out of memory reading '%s'", path);
  return -1;
}
