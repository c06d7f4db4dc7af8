/* check.c - esclsp --check FILE: what the server would publish for one file, printed for people debugging their setup. */
#include "check.h"
#include "compdb.h"

#include "documents.h"
#include "facts.h"
#include "features.h"
#include "settings.h"
#include "uri.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERR_SIZE 512

static void warn_entry(void *ctx, const char *path, const char *reason)
{
  (void)ctx;
  fflush(stdout);
  fprintf(stderr, "esclsp: warning: skipping cache entry '%s': %s\n", path, reason);
}

/* Reads all of PATH into a malloc'd buffer (*LEN bytes).  Returns NULL with errno set. */
static char *read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t n = 0, cap = 0;
  if (!f)
    return NULL;
  for (;;) {
    if (n == cap) {
      char *b = realloc(buf, cap = cap ? cap * 2 : 65536);
      if (!b) {
        free(buf);
        fclose(f);
        errno = ENOMEM;
        return NULL;
      }
      buf = b;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0)
      break;
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    errno = EIO;
    return NULL;
  }
  *len = n;
  return buf;
}

static const char *severity_name(enum lsp_severity s)
{
  switch (s) {
  case LSP_SEVERITY_ERROR: return "error";
  case LSP_SEVERITY_WARNING: return "warning";
  case LSP_SEVERITY_INFORMATION: return "information";
  default: return "hint";
  }
}

static void print_entries(const char *file, const struct fact_set *set, struct document *doc)
{
  for (size_t e = 0; e < set->nentries; e++) {
    const struct esc_file_entry *entry = &set->entries[e];
    char when[ESC_TIME_ISO_SIZE];
    size_t n = 0;
    for (size_t i = 0; i < set->nfacts; i++)
      n += set->facts[i].entry == e;
    esc_time_iso(entry->compile_time, when);
    printf("esclsp: entry: %s -> %s, %s %s%s, %zu facts for this file, %s\n",
           entry->main_file ? entry->main_file : "?", entry->output ? entry->output : "?",
           entry->analysis_only ? "analysed" : "compiled", when,
           entry->analysis_only ? " without code generation (no frame sizes)" : "",
           n, !entry->hash[0] ? "freshness unknown (no hash recorded)"
              : fact_set_entry_stale(set, e, doc) ? "STALE" : "fresh");
    if (fact_set_entry_stale(set, e, doc))
      printf("esclsp: '%s' changed since it was compiled at %s; facts were relocated\n", file, when);
  }
}

static void print_diagnostics(const char *file, const struct lsp_diagnostics *list)
{
  for (size_t i = 0; i < list->n; i++) {
    const struct lsp_diagnostic *d = &list->v[i];
    char *nl = strchr(d->message, '\n');
    printf("%s:%u:%u: %s: %.*s [%s]\n", file, d->range.start.line + 1, d->range.start.character + 1,
           severity_name(d->severity), nl ? (int)(nl - d->message) : (int)strlen(d->message),
           d->message, d->code);
    for (size_t j = 0; j < d->nrelated; j++) {
      const struct lsp_related *r = &d->related[j];
      char *path = uri_to_path(r->uri);
      printf("%s:%u:%u: note:   %s\n", path ? path : r->uri, r->range.start.line + 1,
             r->range.start.character + 1, r->message);
      free(path);
    }
    if (nl)
      printf("%s:%u:%u: note:   %s\n", file, d->range.start.line + 1, d->range.start.character + 1,
             nl + 1);
  }
}

/* No compile in the cache covers CANONICAL (or, with PREFER, every one is of another text):
 * reads the facts its object carries, when compile_commands.json names one, and says where they
 * come from. */
static void check_object(const char *canonical, struct fact_set *set, struct document *doc,
                         bool prefer)
{
  char why[ERR_SIZE + 64];
  char *path = NULL;
  char *object = compdb_object_for(canonical, NULL, &path);
  if (object && prefer) {
    size_t n = fact_set_prefer_object(set, object, doc, why, sizeof why);
    if (n)
      printf("esclsp: the cache's compiles are of another text; facts from the object '%s' (%s "
             "names it), which is of this one\n", object, path);
    else
      printf("esclsp: the cache's compiles are of another text; not the object %s names either: "
             "%s\n", path, why);
  } else if (object) {
    size_t n = fact_set_load_object(set, object, doc, why, sizeof why);
    if (n)
      printf("esclsp: facts from the object '%s' (%s names it), %zu compile%s\n", object, path,
             n, n == 1 ? "" : "s");
    else
      printf("esclsp: no facts from the object %s names: %s\n", path, why);
  }
  free(object);
  free(path);
}

int check_file(const char *file, const char *cache_override)
{
  char err[ERR_SIZE];
  struct lsp_settings settings;
  struct document doc;
  struct fact_set set;
  struct lsp_diagnostics list = { 0 };
  size_t len;
  int status = 1;
  char *text = read_file(file, &len);
  if (!text) {
    fprintf(stderr, "esclsp: cannot read '%s': %s\n", file, strerror(errno));
    return 1;
  }
  char *canonical = esc_path_canonical(file, NULL);
  char *uri = canonical ? uri_from_path(canonical) : NULL;
  char *dir = esc_cache_dir(cache_override, err, sizeof err);
  fact_set_init(&set);
  if (settings_init(&settings) != 0 || !uri
      || document_open(&doc, uri, "", 0, text, len) != 0) {
    fprintf(stderr, "esclsp: out of memory\n");
    free(text), free(canonical), free(uri), free(dir);
    settings_free(&settings);
    return 1;
  }
  free(text);
  struct feature_context ctx = { .doc = &doc, .facts = &set, .settings = &settings,
                                 .encoding = LSP_ENCODING_UTF8, .cache_dir = dir };
  if (!dir) {
    printf("esclsp: cache: none (%s)\n", err);
    ctx.cache_problem = err;
  } else {
    char *index = esc_cache_index_dir(dir, canonical);
    printf("esclsp: cache: %s (from %s)\n", dir,
           esc_cache_dir_origin(cache_override, "--cache"));
    printf("esclsp: index of '%s': %s\n", canonical, index ? index : "?");
    free(index);
    if (fact_set_load(&set, dir, &doc, NULL, warn_entry, NULL, err, sizeof err) != 0) {
      fprintf(stderr, "esclsp: %s\n", err);
      ctx.cache_problem = err;
    } else if (set.nentries == 0 || fact_set_all_stale(&set, &doc)) {
      check_object(canonical, &set, &doc, set.nentries > 0);
    }
    print_entries(file, &set, &doc);
  }
  if (diagnostics_build(&ctx, &list) != 0)
    fprintf(stderr, "esclsp: out of memory: some diagnostics are missing\n");
  size_t dropped = 0, hidden = 0, suppressed = 0;
  for (size_t i = 0; i < set.nfacts; i++) {
    const struct located_fact *lf = &set.facts[i];
    dropped += lf->dropped;
    suppressed += !lf->dropped && lf->suppressed;
    hidden += !lf->dropped && !lf->suppressed && !settings_shows_fact(&settings, &lf->fact);
  }
  printf("esclsp: %zu facts: %zu shown, %zu hidden by the settings (default: noescape, noleak, "
         "frame.size, leaks in a callee), %zu suppressed by escinfo-ignore comments, %zu not "
         "found in the file\n",
         set.nfacts, set.nfacts - dropped - hidden - suppressed, hidden, suppressed, dropped);
  print_diagnostics(file, &list);
  status = set.nfacts > 0 ? 0 : 1;
  lsp_diagnostics_free(&list);
  fact_set_free(&set);
  document_close(&doc);
  settings_free(&settings);
  free(canonical);
  free(uri);
  free(dir);
  return status;
}
