/* check.c - escinfo check, a CI gate over the facts, and escinfo baseline, the facts a team
 * accepts once so that the gate fails on new ones only (docs/ci.md). */
#define _GNU_SOURCE /* asprintf */
#include "cli.h"
#include "project-facts.h"
#include "text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASELINE_VERSION 1

bool cli_baseline_keeps(const struct esc_fact *f)
{
  return esc_code_info(f->code)->group != ESC_GROUP_NON_ESCAPING && f->code != ESC_FRAME_SIZE;
}

/* ---- writing a baseline -------------------------------------------------------------------- */

/* P's facts as a baseline, one fact per line so that a baseline under version control diffs
 * well.  Returns the text, or NULL when out of memory. */
static char *baseline_text(const struct esc_project *p, size_t *len, size_t *kept)
{
  struct esc_text t;
  esc_text_init(&t);
  esc_text_printf(&t, "{\"escinfoBaseline\":%d,\"producer\":\"escinfo " PACKAGE_VERSION "\",",
                  BASELINE_VERSION);
  esc_text_adds(&t, "\"facts\":[");
  *kept = 0;
  for (size_t i = 0; i < p->nfacts; i++) {
    const struct esc_project_fact *pf = &p->facts[i];
    const struct esc_fact *f = pf->fact;
    if (pf->suppressed || !cli_baseline_keeps(f))
      continue;
    esc_text_adds(&t, (*kept)++ ? ",\n " : "\n ");
    esc_text_addc(&t, '{');
    esc_text_json_key(&t, "file", true);
    esc_text_json_string(&t, p->files[pf->file].relative);
    esc_text_json_key(&t, "function", false);
    esc_text_json_string(&t, f->function ? f->function : "");
    esc_text_json_key(&t, "name", false);
    esc_text_json_string(&t, f->name ? f->name : "");
    esc_text_json_key(&t, "code", false);
    esc_text_json_string(&t, esc_code_name(f->code));
    esc_text_json_key(&t, "rank", false);
    esc_text_json_int(&t, pf->rank);
    esc_text_json_key(&t, "dangling", false);
    esc_text_adds(&t, esc_fact_dangles(f) ? "true" : "false");
    esc_text_json_key(&t, "line", false);
    esc_text_json_int(&t, f->line);
    esc_text_json_key(&t, "message", false);
    esc_text_json_string(&t, f->message ? f->message : "");
    esc_text_addc(&t, '}');
  }
  esc_text_adds(&t, *kept ? "\n]}\n" : "]}\n");
  return esc_text_take(&t, len);
}

int run_baseline(const char *dir, const struct options *o)
{
  struct esc_project p;
  int status = cli_project_load(dir, o, &p);
  if (status == 0) {
    size_t len, kept;
    char *text = baseline_text(&p, &len, &kept);
    if (!text)
      status = out_of_memory();
    else if ((status = cli_write_output(o->output, text, len)) == 0 && o->output)
      fprintf(stderr, "escinfo: baseline '%s': %zu fact%s of %zu file%s\n", o->output, kept,
              kept == 1 ? "" : "s", p.nfiles, p.nfiles == 1 ? "" : "s");
    free(text);
  }
  esc_project_free(&p);
  return status;
}

/* ---- reading a baseline -------------------------------------------------------------------- */

json_t *cli_baseline_load(const char *path)
{
  json_error_t e;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
  if (!root) {
    if (e.line > 0)
      fprintf(stderr, "escinfo: cannot read baseline '%s': line %d, column %d: %s\n", path,
              e.line, e.column, e.text);
    else
      fprintf(stderr, "escinfo: cannot read baseline '%s': %s\n", path, e.text);
    return NULL;
  }
  json_t *version = json_object_get(root, "escinfoBaseline");
  json_t *facts = json_object_get(root, "facts");
  json_t *by_key = json_object();
  const char *why = NULL;
  if (!json_is_object(root) || !json_is_integer(version))
    why = "not an escinfo baseline (no \"escinfoBaseline\" version; escinfo baseline -o FILE "
          "writes one)";
  else if (json_integer_value(version) != BASELINE_VERSION)
    why = "a baseline of another version than this escinfo reads (1); write it again";
  else if (!json_is_array(facts))
    why = "\"facts\" is not an array";
  else if (!by_key)
    why = "out of memory";
  size_t i;
  json_t *fact;
  json_array_foreach(why ? NULL : facts, i, fact) {
    const char *file, *function, *name, *code;
    json_int_t rank;
    if (json_unpack(fact, "{s:s, s:s, s:s, s:s, s:I}", "file", &file, "function", &function,
                    "name", &name, "code", &code, "rank", &rank)
        != 0) {
      fprintf(stderr,
              "escinfo: cannot read baseline '%s': fact %zu lacks a string \"file\", "
              "\"function\", \"name\", \"code\" or an integer \"rank\"\n",
              path, i + 1);
      why = "";
      break;
    }
    char *key = NULL;
    if (asprintf(&key, "%s\t%s\t%s\t%s\t%lld", file, function, name, code, (long long)rank) < 0
        || json_object_set(by_key, key, fact) != 0) {
      free(key);
      why = "out of memory";
      break;
    }
    free(key);
  }
  if (why && *why)
    fprintf(stderr, "escinfo: cannot read baseline '%s': %s\n", path, why);
  json_decref(root);
  if (why) {
    json_decref(by_key);
    return NULL;
  }
  return by_key;
}

/* ---- check --------------------------------------------------------------------------------- */

struct check_counts {
  size_t new_facts, in_baseline, suppressed, fixed;
};

/* Prints the baseline's facts that FILTER selects and that are gone (BY_KEY holds those not
 * met). */
static size_t print_fixed(json_t *by_key, const struct esc_fact_filter *filter)
{
  size_t n = 0;
  const char *key;
  json_t *fact;
  json_object_foreach(by_key, key, fact) {
    int code = esc_code_from_name(json_string_value(json_object_get(fact, "code")));
    bool dangling = json_is_true(json_object_get(fact, "dangling"));
    if (!((code >= 0 && filter->codes[code]) || (filter->dangling && dangling)))
      continue;
    json_t *line = json_object_get(fact, "line");
    json_t *message = json_object_get(fact, "message");
    printf("%s:%lld: note: fixed since the baseline: %s in '%s' [escinfo:%s]\n",
           json_string_value(json_object_get(fact, "file")),
           json_is_integer(line) ? (long long)json_integer_value(line) : 0LL,
           json_is_string(message) ? json_string_value(message) : "(no message)",
           json_string_value(json_object_get(fact, "function")),
           json_string_value(json_object_get(fact, "code")));
    n++;
  }
  return n;
}

/* Goes through P's facts that FILTER selects: suppressed ones are counted (and shown with
 * --show-suppressed), those in BY_KEY (the baseline, or NULL) are taken out of it, the rest are
 * printed.  Returns -1 when out of memory, else 0. */
static int check_facts(const struct esc_project *p, const struct options *o,
                       const struct esc_fact_filter *filter, json_t *by_key,
                       struct check_counts *n)
{
  for (size_t i = 0; i < p->nfacts; i++) {
    const struct esc_project_fact *pf = &p->facts[i];
    if (!esc_fact_filter_match(filter, pf->fact))
      continue;
    if (pf->suppressed) {
      n->suppressed++;
      if (o->show_suppressed) {
        cli_print_fact(p, "note", pf, false);
        const struct esc_suppression *s = pf->suppressed;
        printf("%s:%u:%u: note:   suppressed by escinfo-ignore%s%s\n",
               p->files[pf->file].relative, s->line, s->column, s->justification ? ": " : "",
               s->justification ? s->justification : "");
      }
      continue;
    }
    if (by_key) {
      char *key = esc_project_fact_key(p, pf);
      if (!key)
        return -1;
      bool known = json_object_get(by_key, key) != NULL;
      if (known)
        json_object_del(by_key, key);
      free(key);
      if (known) {
        n->in_baseline++;
        continue;
      }
    }
    n->new_facts++;
    cli_print_fact(p, "warning", pf, true);
  }
  return 0;
}

int run_check(const char *dir, const struct options *o)
{
  struct esc_fact_filter filter;
  if (!o->fail_on)
    esc_fact_filter_default(&filter);
  else if (cli_parse_filter("--fail-on", o->fail_on, &filter) != 0)
    return EXIT_USAGE;
  if (o->show_fixed && !o->baseline) {
    fprintf(stderr, "escinfo: --show-fixed needs --baseline FILE\n");
    return EXIT_USAGE;
  }
  json_t *by_key = NULL;
  if (o->baseline && !(by_key = cli_baseline_load(o->baseline)))
    return EXIT_USAGE;
  struct esc_project p;
  struct check_counts n = { 0 };
  int status = cli_project_load(dir, o, &p);
  if (status == 0 && check_facts(&p, o, &filter, by_key, &n) != 0)
    status = out_of_memory() + 1;
  if (status == 0 && o->show_fixed)
    n.fixed = print_fixed(by_key, &filter);
  if (status == 0) {
    fflush(stdout);
    const char *gate = o->fail_on ? o->fail_on : "dangling,escape.*";
    char detail[256];
    int len = snprintf(detail, sizeof detail, "%zu file%s", p.nfiles, p.nfiles == 1 ? "" : "s");
    if (o->baseline)
      len += snprintf(detail + len, sizeof detail - (size_t)len, ", %zu in the baseline",
                      n.in_baseline);
    len += snprintf(detail + len, sizeof detail - (size_t)len, ", %zu suppressed", n.suppressed);
    if (o->show_fixed)
      snprintf(detail + len, sizeof detail - (size_t)len, ", %zu fixed", n.fixed);
    if (n.new_facts)
      fprintf(stderr, "escinfo: check failed: %zu %sfact%s (%s): %s\n", n.new_facts,
              o->baseline ? "new " : "", n.new_facts == 1 ? "" : "s", gate, detail);
    else
      fprintf(stderr, "escinfo: check passed: no %sfact (%s): %s\n", o->baseline ? "new " : "",
              gate, detail);
    status = n.new_facts ? 1 : 0;
  }
  json_decref(by_key);
  esc_project_free(&p);
  return status;
}
