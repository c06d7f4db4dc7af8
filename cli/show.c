/* show.c - escinfo show FILE...: the facts located in each file, as GCC notes or JSON. */
#include "cli.h"
#include "file-facts.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int run_show(const char *dir, const struct options *o)
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

