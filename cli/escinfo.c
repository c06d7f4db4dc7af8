/* escinfo.c - the escinfo command: shows, counts and cleans the escape facts stored in the cache. */
#include "cache.h"
#include "file-facts.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PACKAGE_VERSION
#error "PACKAGE_VERSION comes from configure.ac (AC_INIT), through -D"
#endif

#define EXIT_USAGE 2
#define TEMP_FILE_MAX_AGE 3600 /* seconds: a writer takes far less */
#define ERR_SIZE 512

static const char usage_text[] =
  "Usage: escinfo show [--json] [-v|--flow] [--cache=DIR] FILE...\n"
  "       escinfo stats [--cache=DIR]\n"
  "       escinfo gc [--dry-run] [--cache=DIR]\n"
  "       escinfo codes [--json]\n"
  "       escinfo --help | --version\n"
  "\n"
  "Reads the escape facts that the GCC plugin (-fplugin=escinfo.so) stored in the cache.\n"
  "\n"
  "Commands:\n"
  "  show FILE...   print the facts located in each FILE, from every compile that\n"
  "                 covered it (the newest when several hold the same fact), as\n"
  "                   FILE:LINE:COL: note: MESSAGE [escinfo:CODE]\n"
  "                 followed by the flow steps (with -v), one line per other route\n"
  "                 by which the address escapes (with its steps, with -v), and\n"
  "                 the fact's note, if any\n"
  "  stats          count entries, indexed files, facts by code and bytes on disk\n"
  "  gc             remove the entries whose main source file is gone, stale index\n"
  "                 markers, and temp files older than an hour\n"
  "  codes          list the fact codes: group, severity, shown by default or not,\n"
  "                 label and meaning (docs/codes.md has more)\n"
  "\n"
  "Options:\n"
  "  --cache=DIR    the cache directory (default: $ESCINFO_CACHE_DIR, else\n"
  "                 $XDG_CACHE_HOME/escinfo, else $HOME/.cache/escinfo)\n"
  "  --json         (show, codes) print one JSON object instead of text\n"
  "  -v, --flow     (show) print how each address escapes, step by step\n"
  "  --dry-run      (gc) print what would be removed, remove nothing\n"
  "  -h, --help     print this help\n"
  "  --version      print the version\n"
  "\n"
  "Exit status: 0 on success; 1 when show finds no facts for any FILE or the cache cannot\n"
  "be read; 2 on a usage error.\n";

/* ---- command line ------------------------------------------------------------------------- */

/* Prints "escinfo: MESSAGE" and the usage hint on stderr; returns EXIT_USAGE. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
  va_list ap;
  fputs("escinfo: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\nTry 'escinfo --help' for more information.\n", stderr);
  return EXIT_USAGE;
}

struct options {
  const char *cache; /* --cache, or NULL */
  bool json, flow, dry_run;
  char **files; /* operands */
  int nfiles;
};

enum { OPT_JSON = 1, OPT_FLOW = 2, OPT_DRY_RUN = 4 };

static const struct option long_options[] = {
  { "cache", required_argument, NULL, 'c' },
  { "json", no_argument, NULL, 'j' },
  { "flow", no_argument, NULL, 'v' },
  { "dry-run", no_argument, NULL, 'n' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* Reports a failure of getopt_long: an unknown option, a missing or unexpected value. */
static int bad_option(int c, const char *arg)
{
  if (c == ':')
    return usage_error("option '%s' needs a value (--cache=DIR)", arg);
  if (optopt && strncmp(arg, "--", 2) == 0)
    return usage_error("option '%s' takes no value", arg);
  if (optopt)
    return usage_error("unknown option '-%c'", optopt);
  return usage_error("unknown option '%s'", arg);
}

/* Parses the options of the command argv[0], which accepts --cache, --help and the options in
 * ALLOWED.  Returns -1 when the command should run, or the exit status to end with (after the
 * help or an error message). */
static int parse_options(int argc, char **argv, unsigned allowed, struct options *o)
{
  int c;
  memset(o, 0, sizeof *o);
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":vh", long_options, NULL)) != -1) {
    unsigned needs = c == 'j' ? OPT_JSON : c == 'v' ? OPT_FLOW : c == 'n' ? OPT_DRY_RUN : 0;
    if (needs && !(allowed & needs))
      return usage_error("'escinfo %s' has no option '%s'", argv[0], argv[optind - 1]);
    switch (c) {
    case 'c': o->cache = optarg; break;
    case 'j': o->json = true; break;
    case 'v': o->flow = true; break;
    case 'n': o->dry_run = true; break;
    case 'h': fputs(usage_text, stdout); return 0;
    default: return bad_option(c, argv[optind - 1]);
    }
  }
  o->files = argv + optind;
  o->nfiles = argc - optind;
  return -1;
}

/* Prints why the cache directory DIR cannot be read.  Returns 0 when it can (or when it is
 * missing and MISSING_OK), else 1. */
static int check_cache_dir(const char *dir, bool missing_ok)
{
  struct stat st;
  if (stat(dir, &st) != 0) {
    if (errno == ENOENT && missing_ok)
      return 0;
    if (errno == ENOENT)
      fprintf(stderr, "escinfo: no cache at '%s' (compile with -fplugin=escinfo.so first)\n",
              dir);
    else
      fprintf(stderr, "escinfo: cannot read cache '%s': %s\n", dir, strerror(errno));
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    fprintf(stderr, "escinfo: cannot read cache '%s': %s\n", dir, strerror(ENOTDIR));
    return 1;
  }
  if (access(dir, R_OK | X_OK) != 0) {
    fprintf(stderr, "escinfo: cannot read cache '%s': %s\n", dir, strerror(errno));
    return 1;
  }
  return 0;
}

/* Says so on stderr; returns 1, the exit status. */
static int out_of_memory(void)
{
  fputs("escinfo: out of memory\n", stderr);
  return 1;
}

/* esc_cache_warn_fn: a corrupt entry is reported and skipped. */
static void warn_entry(void *ctx, const char *path, const char *reason)
{
  (void)ctx;
  fflush(stdout);
  fprintf(stderr, "escinfo: warning: skipping cache entry '%s': %s\n", path, reason);
}

/* ---- show: gathering --------------------------------------------------------------------- */

struct shown_fact {
  const struct esc_fact *fact;
  size_t entry; /* index in file_report.ff.entries: 0 is the newest */
};

/* What show prints for one FILE operand. */
struct file_report {
  const char *arg;          /* FILE as given */
  struct esc_file_facts ff; /* its facts, one copy of each, and the compiles covering it */
  bool *stale;              /* per compile: FILE changed since */
  struct shown_fact *facts; /* FF's facts in printing order */
  size_t nfacts;
};

static void report_free(struct file_report *r)
{
  esc_file_facts_free(&r->ff);
  free(r->stale);
  free(r->facts);
  memset(r, 0, sizeof *r);
}

/* Printing order: file, line, column, code name, name. */
static int compare_output(const void *a, const void *b)
{
  const struct esc_fact *x = ((const struct shown_fact *)a)->fact;
  const struct esc_fact *y = ((const struct shown_fact *)b)->fact;
  int c = strcmp(x->file, y->file);
  if (!c)
    c = (x->line > y->line) - (x->line < y->line);
  if (!c)
    c = (x->column > y->column) - (x->column < y->column);
  if (!c)
    c = strcmp(esc_code_name(x->code), esc_code_name(y->code));
  return c ? c : strcmp(x->name, y->name);
}

/* Loads what show prints for FILE from the cache at DIR: the query of file-facts.h, the copies
 * of each fact merged, and which compiles read another text than the file's now.  Returns 0, or
 * -1 after printing why (the cache cannot be read, out of memory); report_free releases R
 * either way. */
static int report_load(const char *dir, const char *file, struct file_report *r)
{
  char err[ERR_SIZE], now[ESC_HASH_LEN + 1];
  memset(r, 0, sizeof *r);
  r->arg = file;
  if (esc_file_facts_read(&r->ff, dir, file, warn_entry, NULL, err, sizeof err)) {
    fprintf(stderr, "escinfo: %s\n", err);
    return -1;
  }
  esc_file_facts_merge(&r->ff);
  bool readable = esc_hash_file(r->ff.path, now, NULL) == 0;
  r->stale = calloc(r->ff.nentries ? r->ff.nentries : 1, sizeof *r->stale);
  r->facts = malloc((r->ff.nfacts ? r->ff.nfacts : 1) * sizeof *r->facts);
  if (!r->stale || !r->facts) {
    out_of_memory();
    return -1;
  }
  for (size_t e = 0; e < r->ff.nentries; e++)
    r->stale[e] = esc_file_facts_stale(&r->ff, e, readable ? now : NULL);
  for (size_t i = 0; i < r->ff.nfacts; i++)
    r->facts[i] = (struct shown_fact){ &r->ff.facts[i].fact, r->ff.facts[i].entry };
  r->nfacts = r->ff.nfacts;
  qsort(r->facts, r->nfacts, sizeof *r->facts, compare_output);
  return 0;
}

/* ---- show: printing ---------------------------------------------------------------------- */

static void print_steps(const struct esc_step *flow, size_t n)
{
  for (size_t i = 0; i < n; i++)
    printf("%s:%u:%u: note:   %zu. %s\n", flow[i].file, flow[i].line, flow[i].column, i + 1,
           flow[i].message);
}

static void print_fact_text(const struct esc_fact *f, bool flow)
{
  printf("%s:%u:%u: note: %s [escinfo:%s]\n", f->file, f->line, f->column, f->message,
         esc_code_name(f->code));
  if (flow)
    print_steps(f->flow, f->nflow);
  for (size_t r = 0; r < f->nroutes; r++) {
    const struct esc_fact_route *rt = &f->routes[r];
    printf("%s:%u:%u: note:   also %s%s [escinfo:%s]\n", f->file, f->line, f->column,
           rt->message, rt->dangling ? " (dangles)" : "", esc_code_name(rt->code));
    if (flow)
      print_steps(rt->flow, rt->nflow);
  }
  if (f->note)
    printf("%s:%u:%u: note:   %s\n", f->file, f->line, f->column, f->note);
}

/* New reference to the JSON of one covering entry, or NULL when out of memory. */
static json_t *entry_json(const struct esc_file_entry *tu, bool stale)
{
  json_t *o = json_object();
  if (!o)
    return NULL;
  int bad = json_object_set_new(o, "main", json_string(tu->main_file));
  bad |= json_object_set_new(o, "output", json_string(tu->output));
  bad |= json_object_set_new(o, "time", json_integer(tu->compile_time));
  bad |= json_object_set_new(o, "stale", json_boolean(stale));
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* New reference to the JSON of one FILE's report, or NULL when out of memory. */
static json_t *report_json(const struct file_report *r)
{
  json_t *o = json_object(), *entries = json_array(), *facts = json_array();
  int bad = !o || !entries || !facts;
  for (size_t e = 0; !bad && e < r->ff.nentries; e++)
    bad = json_array_append_new(entries, entry_json(&r->ff.entries[e], r->stale[e]));
  for (size_t i = 0; !bad && i < r->nfacts; i++)
    bad = json_array_append_new(facts, esc_fact_to_json(r->facts[i].fact));
  if (!bad) {
    bad = json_object_set_new(o, "path", json_string(r->ff.path));
    bad |= json_object_set_new(o, "entries", json_incref(entries));
    bad |= json_object_set_new(o, "facts", json_incref(facts));
  }
  json_decref(entries);
  json_decref(facts);
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* Tells on stderr when R's file has no facts, or changed since the compile its facts are from. */
static void report_messages(const struct file_report *r, const char *dir)
{
  char when[ESC_TIME_ISO_SIZE];
  size_t newest_stale = SIZE_MAX;
  fflush(stdout);
  for (size_t i = 0; i < r->nfacts; i++)
    if (r->stale[r->facts[i].entry] && r->facts[i].entry < newest_stale)
      newest_stale = r->facts[i].entry;
  if (newest_stale != SIZE_MAX) {
    esc_time_iso(r->ff.entries[newest_stale].compile_time, when);
    fprintf(stderr,
            "escinfo: '%s' changed since it was compiled at %s; facts may be out of date\n",
            r->arg, when);
  }
  if (r->nfacts > 0)
    return;
  if (r->ff.nentries == 0) {
    fprintf(stderr,
            "escinfo: no facts for '%s' in cache '%s' (compile it with -fplugin=escinfo.so)\n",
            r->arg, dir);
    return;
  }
  esc_time_iso(r->ff.entries[0].compile_time, when);
  fprintf(stderr, "escinfo: no facts for '%s' in cache '%s' (its compile at %s reported none)\n",
          r->arg, dir, when);
}

/* Prints the JSON text of FILES (a borrowed array) as {"files": FILES}.  Returns 0 or 1. */
static int print_files_json(json_t *files)
{
  json_t *top = json_object();
  char *text = NULL;
  if (top && json_object_set(top, "files", files) == 0)
    text = json_dumps(top, JSON_INDENT(2));
  json_decref(top);
  if (!text)
    return out_of_memory();
  puts(text);
  free(text);
  return 0;
}

/* Prints R as text, or appends its JSON to FILES (borrowed) when that is not NULL.
 * Returns 0, or 1 when out of memory. */
static int show_report(const struct file_report *r, json_t *files, bool flow)
{
  if (files)
    return json_array_append_new(files, report_json(r)) ? out_of_memory() : 0;
  for (size_t i = 0; i < r->nfacts; i++)
    print_fact_text(r->facts[i].fact, flow);
  return 0;
}

static int run_show(const char *dir, const struct options *o)
{
  if (check_cache_dir(dir, true))
    return 1;
  json_t *files = o->json ? json_array() : NULL;
  if (o->json && !files)
    return out_of_memory();
  bool any_facts = false;
  int status = 0;
  for (int i = 0; status == 0 && i < o->nfiles; i++) {
    struct file_report r;
    status = report_load(dir, o->files[i], &r) ? 1 : show_report(&r, files, o->flow);
    if (status == 0) {
      any_facts |= r.nfacts > 0;
      report_messages(&r, dir);
    }
    report_free(&r);
  }
  if (status == 0 && files)
    status = print_files_json(files);
  json_decref(files);
  return status ? status : any_facts ? 0 : 1;
}

/* ---- stats -------------------------------------------------------------------------------- */

struct stats {
  size_t entries, corrupt, facts;
  size_t by_code[ESC_CODE_COUNT];
};

static int count_entry(void *ctx, const char *path, const struct esc_tu *tu)
{
  struct stats *s = ctx;
  (void)path;
  s->entries++;
  s->facts += tu->nfacts;
  for (size_t i = 0; i < tu->nfacts; i++)
    if ((unsigned)tu->facts[i].code < ESC_CODE_COUNT)
      s->by_code[tu->facts[i].code]++;
  return 0;
}

static void count_corrupt(void *ctx, const char *path, const char *reason)
{
  struct stats *s = ctx;
  s->corrupt++;
  warn_entry(NULL, path, reason);
}

/* Bytes PATH and everything below it occupy on disk (like du), not following symlinks. */
static unsigned long long disk_usage(const char *path)
{
  struct stat st;
  if (lstat(path, &st) != 0)
    return 0;
  unsigned long long total = (unsigned long long)st.st_blocks * 512;
  DIR *d = S_ISDIR(st.st_mode) ? opendir(path) : NULL;
  struct dirent *de;
  while (d && (de = readdir(d))) {
    char child[PATH_MAX];
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
      continue;
    if (snprintf(child, sizeof child, "%s/%s", path, de->d_name) < (int)sizeof child)
      total += disk_usage(child);
  }
  if (d)
    closedir(d);
  return total;
}

static int run_stats(const char *dir, const struct options *o)
{
  char err[ERR_SIZE];
  struct stats s = { 0 };
  size_t files, markers;
  (void)o;
  if (check_cache_dir(dir, false))
    return 1;
  if (esc_cache_walk(dir, count_entry, &s, count_corrupt, &s, err, sizeof err)
      || esc_cache_count_index(dir, &files, &markers, err, sizeof err)) {
    fprintf(stderr, "escinfo: %s\n", err);
    return 1;
  }
  printf("cache: %s\n", dir);
  printf("entries: %zu\n", s.entries);
  printf("corrupt entries: %zu\n", s.corrupt);
  printf("sources indexed: %zu\n", files);
  printf("index markers: %zu\n", markers);
  printf("facts: %zu\n", s.facts);
  for (int c = 0; c < ESC_CODE_COUNT; c++)
    if (s.by_code[c])
      printf("  %s: %zu\n", esc_code_name((enum esc_code)c), s.by_code[c]);
  printf("bytes on disk: %llu\n", disk_usage(dir));
  return 0;
}

/* ---- gc ----------------------------------------------------------------------------------- */

struct gc {
  const char *dir;
  bool dry_run;
  size_t entries, markers, temp_files;
  bool failed;
};

static bool main_source_exists(const struct esc_tu *tu)
{
  struct stat st;
  char *path = esc_path_canonical(tu->main_file, tu->cwd);
  bool exists = !path || stat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR);
  free(path);
  return exists;
}

static int gc_entry(void *ctx, const char *path, const struct esc_tu *tu)
{
  struct gc *g = ctx;
  char err[ERR_SIZE];
  if (main_source_exists(tu))
    return 0;
  if (!g->dry_run && esc_cache_remove_entry(g->dir, path, tu, err, sizeof err)) {
    fprintf(stderr, "escinfo: %s\n", err);
    g->failed = true;
    return 0;
  }
  printf("%s entry '%s' (main source '%s' no longer exists)\n",
         g->dry_run ? "would remove" : "removed", path, tu->main_file);
  g->entries++;
  return 0;
}

static void gc_swept(void *ctx, enum esc_sweep_kind kind, const char *path, const char *why)
{
  struct gc *g = ctx;
  bool marker = kind == ESC_SWEEP_MARKER;
  printf("%s %s '%s' (%s)\n", g->dry_run ? "would remove" : "removed",
         marker ? "index marker" : "temp file", path, why);
  if (marker)
    g->markers++;
  else
    g->temp_files++;
}

static int run_gc(const char *dir, const struct options *o)
{
  char err[ERR_SIZE];
  struct gc g = { .dir = dir, .dry_run = o->dry_run };
  if (check_cache_dir(dir, false))
    return 1;
  if (esc_cache_walk(dir, gc_entry, &g, warn_entry, NULL, err, sizeof err)
      || esc_cache_sweep(dir, TEMP_FILE_MAX_AGE, o->dry_run, gc_swept, &g, err, sizeof err)) {
    fprintf(stderr, "escinfo: %s\n", err);
    return 1;
  }
  printf("%s %zu %s, %zu index %s, %zu temp %s\n", o->dry_run ? "would remove" : "removed",
         g.entries, g.entries == 1 ? "entry" : "entries", g.markers,
         g.markers == 1 ? "marker" : "markers", g.temp_files, g.temp_files == 1 ? "file" : "files");
  return g.failed ? 1 : 0;
}

/* ---- main --------------------------------------------------------------------------------- */

/* ---- codes -------------------------------------------------------------------------------- */

static const char *const group_names[ESC_GROUP_COUNT] = {
  [ESC_GROUP_ESCAPE] = "escape", [ESC_GROUP_LEAK] = "leak",
  [ESC_GROUP_NON_ESCAPING] = "non-escaping", [ESC_GROUP_ALLOCATION] = "allocation",
  [ESC_GROUP_FRAME] = "frame",
};
static const char *const severity_names[] = {
  [ESC_SEVERITY_HINT] = "hint", [ESC_SEVERITY_INFORMATION] = "information",
  [ESC_SEVERITY_WARNING] = "warning",
};

/* The code table (fact.h), as readers use it. */
static int run_codes(const char *dir, const struct options *o)
{
  (void)dir;
  json_t *all = o->json ? json_array() : NULL;
  if (o->json && !all)
    return out_of_memory();
  for (int c = 0; c < ESC_CODE_COUNT; c++) {
    const struct esc_code_info *info = esc_code_info((enum esc_code)c);
    if (!all) {
      printf("%-22s %-13s %-12s %-6s %s\n", info->name, group_names[info->group],
             severity_names[info->severity], info->shown ? "shown" : "hidden", info->summary);
      continue;
    }
    char docs[128];
    snprintf(docs, sizeof docs, "docs/codes.md#%s", info->anchor);
    json_t *row = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "code", info->name, "group",
                            group_names[info->group], "severity", severity_names[info->severity],
                            "shown", info->shown, "label", info->label, "summary", info->summary,
                            "docs", docs);
    if (!row || json_array_append_new(all, row) != 0) {
      json_decref(all);
      return out_of_memory();
    }
  }
  if (all) {
    char *text = json_dumps(all, JSON_INDENT(2));
    json_decref(all);
    if (!text)
      return out_of_memory();
    puts(text);
    free(text);
  }
  return 0;
}

struct command {
  const char *name;
  unsigned options; /* OPT_* it accepts besides --cache and --help */
  bool takes_files; /* needs at least one FILE; the others take none */
  bool uses_cache;  /* the cache directory must be found */
  int (*run)(const char *dir, const struct options *o);
};

static const struct command commands[] = {
  { "show", OPT_JSON | OPT_FLOW, true, true, run_show },
  { "stats", 0, false, true, run_stats },
  { "gc", OPT_DRY_RUN, false, true, run_gc },
  { "codes", OPT_JSON, false, false, run_codes },
};

/* Checks the operands of command C.  Returns -1 when they fit, else EXIT_USAGE. */
static int check_operands(const struct command *c, const struct options *o)
{
  if (c->takes_files && o->nfiles == 0)
    return usage_error("'escinfo %s' needs at least one FILE", c->name);
  if (!c->takes_files && o->nfiles > 0)
    return usage_error("'escinfo %s' takes no FILE (got '%s')", c->name, o->files[0]);
  return -1;
}

int main(int argc, char **argv)
{
  char err[ERR_SIZE];
  struct options o;
  if (argc < 2)
    return usage_error("no command given");
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (strcmp(name, "--version") == 0) {
    puts("escinfo " PACKAGE_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(name, commands[i].name) != 0)
      continue;
    int status = parse_options(argc - 1, argv + 1, commands[i].options, &o);
    if (status < 0)
      status = check_operands(&commands[i], &o);
    if (status >= 0)
      return status;
    char *dir = commands[i].uses_cache ? esc_cache_dir(o.cache, err, sizeof err) : NULL;
    if (commands[i].uses_cache && !dir) {
      fprintf(stderr, "escinfo: %s\n", err);
      return 1;
    }
    status = commands[i].run(dir, &o);
    free(dir);
    return status;
  }
  if (name[0] == '-')
    return usage_error("unknown option '%s' (options follow the command)", name);
  return usage_error("unknown command '%s'", name);
}
