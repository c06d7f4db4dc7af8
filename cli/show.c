/* show.c - escinfo show FILE...: the facts located in each file, as GCC notes or JSON. */
#include "cli.h"
#include "file-facts.h"
#include "objfile.h"
#include "record.h"
#include "suppress.h"
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- show: gathering --------------------------------------------------------------------- */

struct shown_fact {
  const struct esc_fact *fact;
  size_t entry; /* index in file_report.ff.entries: 0 is the newest */
  const struct esc_suppression *suppressed; /* the escinfo-ignore comment hiding it, or NULL */
};

/* What show prints for one FILE operand. */
struct file_report {
  const char *arg;          /* FILE as given */
  struct esc_file_facts ff; /* its facts, one copy of each, and the compiles covering it */
  bool *stale;              /* per compile: FILE changed since */
  struct shown_fact *facts; /* FF's facts in printing order (suppressed ones only with
                               --show-suppressed) */
  size_t nfacts;
  struct esc_suppressions suppressions; /* the file's escinfo-ignore comments */
  size_t nsuppressed;       /* facts they suppress */
};

static void report_free(struct file_report *r)
{
  esc_file_facts_free(&r->ff);
  esc_suppressions_free(&r->suppressions);
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
 * of each fact merged, which compiles read another text than the file's now, and which facts
 * escinfo-ignore comments suppress (left out unless SHOW_SUPPRESSED).  Returns 0, or -1 after
 * printing why (the cache cannot be read, out of memory); report_free releases R either way. */
static int report_load(const char *dir, const char *file, bool show_suppressed,
                       struct file_report *r)
{
  char err[ERR_SIZE], now[ESC_HASH_LEN + 1];
  memset(r, 0, sizeof *r);
  r->arg = file;
  if (esc_file_facts_read(&r->ff, dir, file, warn_entry, NULL, err, sizeof err)) {
    fprintf(stderr, "escinfo: %s\n", err);
    return -1;
  }
  if (esc_file_facts_merge(&r->ff) != 0) {
    out_of_memory();
    return -1;
  }
  if (esc_suppressions_scan_file(&r->suppressions, r->ff.path) != 0) {
    out_of_memory();
    return -1;
  }
  bool readable = esc_hash_file(r->ff.path, now, NULL) == 0;
  r->stale = calloc(r->ff.nentries ? r->ff.nentries : 1, sizeof *r->stale);
  r->facts = malloc((r->ff.nfacts ? r->ff.nfacts : 1) * sizeof *r->facts);
  if (!r->stale || !r->facts) {
    out_of_memory();
    return -1;
  }
  for (size_t e = 0; e < r->ff.nentries; e++)
    r->stale[e] = esc_file_facts_stale(&r->ff, e, readable ? now : NULL);
  for (size_t i = 0; i < r->ff.nfacts; i++) {
    const struct esc_fact *f = &r->ff.facts[i].fact;
    const struct esc_suppression *sup =
      esc_suppressions_match_fact(&r->suppressions, f, r->ff.path);
    r->nsuppressed += sup != NULL;
    if (!sup || show_suppressed)
      r->facts[r->nfacts++] = (struct shown_fact){ f, r->ff.facts[i].entry, sup };
  }
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

static void print_fact_text(const struct esc_fact *f, const struct esc_suppression *sup,
                            bool flow)
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
  if (sup)
    printf("%s:%u:%u: note:   suppressed by escinfo-ignore%s%s\n", f->file, sup->line,
           sup->column, sup->justification ? ": " : "",
           sup->justification ? sup->justification : "");
}

/* One FILE's report as JSON, appended to T: its path, the compiles covering it (newest first,
 * with whether the file changed since), and its facts in the cache's schema, one per line. */
static void report_json(struct esc_text *t, const struct file_report *r)
{
  esc_text_adds(t, "{\"path\":");
  esc_text_json_string(t, r->ff.path);
  esc_text_adds(t, ",\"entries\":[");
  for (size_t e = 0; e < r->ff.nentries; e++) {
    const struct esc_file_entry *entry = &r->ff.entries[e];
    esc_text_adds(t, e ? ",\n   {\"main\":" : "\n   {\"main\":");
    esc_text_json_string(t, entry->main_file ? entry->main_file : "");
    esc_text_adds(t, ",\"output\":");
    esc_text_json_string(t, entry->output ? entry->output : "");
    esc_text_printf(t, ",\"time\":%lld,\"stale\":%s}", (long long)entry->compile_time,
                    r->stale[e] ? "true" : "false");
  }
  esc_text_adds(t, "],\"facts\":[");
  for (size_t i = 0; i < r->nfacts; i++) {
    esc_text_adds(t, i ? ",\n   " : "\n   ");
    esc_fact_write_json(t, r->facts[i].fact);
  }
  esc_text_adds(t, "],\"suppressed\":[");
  bool first = true;
  for (size_t i = 0; i < r->ff.nfacts; i++) {
    const struct esc_fact *f = &r->ff.facts[i].fact;
    const struct esc_suppression *sup =
      esc_suppressions_match_fact(&r->suppressions, f, r->ff.path);
    if (!sup)
      continue;
    esc_text_adds(t, first ? "\n   {" : ",\n   {");
    first = false;
    esc_text_json_key(t, "code", true);
    esc_text_json_string(t, esc_code_name(f->code));
    esc_text_json_key(t, "name", false);
    esc_text_json_string(t, f->name);
    esc_text_json_key(t, "line", false);
    esc_text_json_int(t, f->line);
    esc_text_json_key(t, "comment", false);
    esc_text_json_int(t, sup->line);
    esc_text_json_key(t, "justification", false);
    esc_text_json_string(t, sup->justification);
    esc_text_addc(t, '}');
  }
  esc_text_adds(t, "]}");
}

static bool any_suppressed_shown(const struct file_report *r)
{
  for (size_t i = 0; i < r->nfacts; i++)
    if (r->facts[i].suppressed)
      return true;
  return false;
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
  if (r->nsuppressed && !any_suppressed_shown(r))
    fprintf(stderr,
            "escinfo: %zu fact%s in '%s' suppressed by escinfo-ignore comments "
            "(--show-suppressed lists them)\n",
            r->nsuppressed, r->nsuppressed == 1 ? "" : "s", r->arg);
  if (r->nfacts > 0 || r->nsuppressed > 0)
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

/* Prints R as text, or appends its JSON to JSON when that is not NULL (FIRST: the first
 * report). */
static void show_report(const struct file_report *r, struct esc_text *json, bool first, bool flow)
{
  if (json) {
    esc_text_adds(json, first ? "\n " : ",\n ");
    report_json(json, r);
    return;
  }
  for (size_t i = 0; i < r->nfacts; i++)
    print_fact_text(r->facts[i].fact, r->facts[i].suppressed, flow);
}

/* ---- show: an object, archive or binary --------------------------------------------------- */

struct object_show {
  const char *path;
  const struct options *o;
  struct esc_text *json;      /* NULL: text */
  size_t units, facts, suppressed, bad;
  struct esc_suppressions sup; /* the comments of SUP_PATH */
  char *sup_path;
};

/* The comment of the file FACT sits in that suppresses it, or NULL. */
static const struct esc_suppression *object_suppressed(struct object_show *s,
                                                       const struct esc_tu *tu,
                                                       const struct esc_fact *f)
{
  char *canonical = esc_path_canonical(f->file, tu->cwd);
  if (!canonical)
    return NULL;
  if (!s->sup_path || strcmp(s->sup_path, canonical) != 0) {
    free(s->sup_path);
    s->sup_path = canonical;
    if (esc_suppressions_scan_file(&s->sup, canonical) != 0)
      esc_suppressions_free(&s->sup);
  } else {
    free(canonical);
  }
  return esc_suppressions_match_fact(&s->sup, f, s->sup_path);
}

static int show_record(void *ctx, size_t offset, struct esc_tu *tu,
                       const struct esc_record_header *h)
{
  struct object_show *s = ctx;
  (void)offset;
  (void)h;
  if (s->json) {
    esc_text_adds(s->json, s->units ? ",\n   {" : "\n   {");
    esc_text_json_key(s->json, "main", true);
    esc_text_json_string(s->json, tu->main_file);
    esc_text_json_key(s->json, "output", false);
    esc_text_json_string(s->json, tu->output);
    esc_text_json_key(s->json, "time", false);
    esc_text_json_int(s->json, tu->compile_time);
    esc_text_adds(s->json, ",\"facts\":[");
  }
  s->units++;
  bool first = true;
  for (size_t i = 0; i < tu->nfacts; i++) {
    const struct esc_fact *f = &tu->facts[i];
    const struct esc_suppression *sup = object_suppressed(s, tu, f);
    s->suppressed += sup != NULL;
    if (sup && !s->o->show_suppressed)
      continue;
    s->facts++;
    if (!s->json) {
      print_fact_text(f, sup, s->o->flow);
      continue;
    }
    esc_text_adds(s->json, first ? "\n    " : ",\n    ");
    first = false;
    esc_fact_write_json(s->json, f);
  }
  if (s->json)
    esc_text_adds(s->json, "]}");
  return 0;
}

static void show_bad_record(void *ctx, size_t offset, const char *reason)
{
  struct object_show *s = ctx;
  fflush(stdout);
  fprintf(stderr, "escinfo: %s: record at byte %zu of its .escinfo section: %s\n", s->path,
          offset, reason);
  s->bad++;
}

static int show_section(void *ctx, const char *member, const unsigned char *data, size_t len)
{
  char err[ERR_SIZE];
  (void)member;
  return esc_records_parse(data, len, show_record, show_bad_record, ctx, err, sizeof err) < 0;
}

static void show_object_problem(void *ctx, const char *member, const char *reason)
{
  struct object_show *s = ctx;
  if (member && !strcmp(reason, "not an ELF file"))
    return;
  fflush(stdout);
  fprintf(stderr, "escinfo: %s%s%s%s: %s\n", s->path, member ? "(" : "", member ? member : "",
          member ? ")" : "", reason);
}

/* Shows the facts the object at PATH carries.  Returns 0, or -1 after saying why. */
static int show_object(const char *path, const struct options *o, struct esc_text *json,
                       bool first, size_t *facts)
{
  const unsigned char *data;
  size_t len;
  char err[ERR_SIZE + 64];
  enum esc_objfile_kind kind;
  struct object_show s = { .path = path, .o = o, .json = json };
  esc_suppressions_init(&s.sup);
  if (esc_objfile_map(path, &data, &len, err, sizeof err) != 0) {
    fprintf(stderr, "escinfo: %s\n", err);
    return -1;
  }
  if (json) {
    esc_text_adds(json, first ? "\n {" : ",\n {");
    esc_text_json_key(json, "path", true);
    esc_text_json_string(json, path);
    esc_text_adds(json, ",\"object\":true,\"units\":[");
  }
  long n = esc_objfile_sections(data, len, &kind, show_section, show_object_problem, &s);
  esc_objfile_unmap(data, len);
  if (json)
    esc_text_adds(json, "]}");
  esc_suppressions_free(&s.sup);
  free(s.sup_path);
  fflush(stdout);
  if (n == 0)
    fprintf(stderr, "escinfo: no facts in '%s' (compile it with -fplugin-arg-escinfo-embed)\n",
            path);
  if (s.suppressed && !o->show_suppressed)
    fprintf(stderr,
            "escinfo: %zu fact%s in '%s' suppressed by escinfo-ignore comments "
            "(--show-suppressed lists them)\n",
            s.suppressed, s.suppressed == 1 ? "" : "s", path);
  *facts = s.facts + s.suppressed;
  return s.bad ? -1 : 0;
}

int run_show(const char *dir, const struct options *o)
{
  if (check_cache_dir(dir, true))
    return 1;
  /* The JSON is written as text, {"files": [one report per FILE]}, a fact per line: no tree of
   * the whole answer (a large file's facts are megabytes). */
  struct esc_text json;
  esc_text_init(&json);
  if (o->json)
    esc_text_adds(&json, "{\"files\":[");
  bool any_facts = false;
  int status = 0;
  for (int i = 0; status == 0 && i < o->nfiles; i++) {
    if (esc_objfile_is_object(o->files[i])) {
      size_t n = 0;
      status = show_object(o->files[i], o, o->json ? &json : NULL, i == 0, &n) ? 1 : 0;
      any_facts |= n > 0;
      continue;
    }
    struct file_report r;
    status = report_load(dir, o->files[i], o->show_suppressed, &r);
    if (status == 0) {
      show_report(&r, o->json ? &json : NULL, i == 0, o->flow);
      any_facts |= r.nfacts > 0 || r.nsuppressed > 0;
      report_messages(&r, dir);
    } else {
      status = 1;
    }
    report_free(&r);
  }
  if (status == 0 && o->json) {
    esc_text_adds(&json, "\n]}\n");
    size_t len;
    char *text = esc_text_take(&json, &len);
    if (!text)
      return out_of_memory();
    fwrite(text, 1, len, stdout);
    free(text);
  }
  esc_text_free(&json);
  return status ? status : any_facts ? 0 : 1;
}
