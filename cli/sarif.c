/* sarif.c - escinfo sarif: the facts as a SARIF 2.1.0 log, for code scanning (GitHub, GitLab,
 * Azure DevOps) and SARIF viewers.  One run; one rule per fact code; each fact a result with its
 * flow as code flows, a fingerprint that survives unrelated edits, and its escinfo-ignore comment
 * as an in-source suppression.  docs/ci.md describes the mapping. */
#include "cli.h"
#include "project-facts.h"
#include "utf8.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define ROOT_ID "SRCROOT"

/* ---- URIs and columns ---------------------------------------------------------------------- */

/* PATH percent-encoded as a URI path (RFC 3986: unreserved bytes and '/' stay). */
static char *uri_path(const char *path)
{
  static const char hex[] = "0123456789ABCDEF";
  char *out = malloc(3 * strlen(path) + 1), *o = out;
  if (!out)
    return NULL;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
        || strchr("-._~/", *p)) {
      *o++ = (char)*p;
    } else {
      *o++ = '%';
      *o++ = hex[*p >> 4];
      *o++ = hex[*p & 15];
    }
  }
  *o = 0;
  return out;
}

/* Line starts of a project file's text, made when first needed. */
struct line_index {
  struct cli_lines l;
  bool built;
};

static const struct cli_lines *lines_of(const struct esc_project_file *f, struct line_index *li)
{
  if (!li->built && f->text) {
    li->built = true;
    cli_lines_index(&li->l, f->text, f->len);
  }
  return &li->l;
}

/* The code point column (1-based) of byte column COLUMN on LINE of file F, or COLUMN when the
 * text is not there (a file that cannot be read now). */
static unsigned code_point_column(const struct esc_project_file *f, struct line_index *li,
                                  unsigned line, unsigned column)
{
  long points = cli_column_units(lines_of(f, li), f->text, f->len, line, column, false);
  return points >= 0 ? (unsigned)points + 1 : column;
}

/* ---- building the log ---------------------------------------------------------------------- */

struct sarif {
  const struct esc_project *p;
  struct line_index *lines; /* per project file */
  const char *docs_url;
  json_t *artifacts;        /* the run's artifacts: project file i is artifact i */
};

static const char *level_of(const struct esc_fact *f)
{
  if (esc_fact_dangles(f))
    return "warning";
  return esc_code_info(f->code)->severity == ESC_SEVERITY_WARNING ? "warning" : "note";
}

/* An artifactLocation for PATH (canonical when it is a project file's): under the root,
 * relative to ROOT_ID; elsewhere, a file URI. */
static json_t *artifact_location(const struct sarif *s, const char *path, size_t file)
{
  const char *rel = esc_project_relative(s->p, path);
  char *uri = uri_path(rel);
  json_t *loc = NULL;
  if (!uri)
    return NULL;
  if (rel != path) {
    loc = json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", ROOT_ID);
  } else {
    char *abs = malloc(strlen(uri) + 8);
    if (abs) {
      snprintf(abs, strlen(uri) + 8, "file://%s", uri);
      loc = json_pack("{s:s}", "uri", abs);
      free(abs);
    }
  }
  free(uri);
  if (loc && file != SIZE_MAX)
    json_object_set_new(loc, "index", json_integer((json_int_t)file));
  return loc;
}

/* A physicalLocation at FILE:LINE:COLUMN; FILE is project file FILE_INDEX (SIZE_MAX: none of
 * them, its byte column kept). */
static json_t *physical_location(struct sarif *s, const char *file, size_t file_index,
                                 unsigned line, unsigned column)
{
  unsigned col = file_index == SIZE_MAX
                   ? column
                   : code_point_column(&s->p->files[file_index], &s->lines[file_index], line,
                                       column);
  json_t *region = json_pack("{s:i, s:i}", "startLine", line ? (int)line : 1, "startColumn",
                             col ? (int)col : 1);
  json_t *art = artifact_location(s, file, file_index);
  if (!region || !art) {
    json_decref(region);
    json_decref(art);
    return NULL;
  }
  return json_pack("{s:o, s:o}", "artifactLocation", art, "region", region);
}

/* The text of lines FIRST..*LAST (1-based; *LAST cut to the file's end) of project file FILE,
 * as valid UTF-8, or NULL. */
static json_t *lines_text(struct sarif *s, size_t file, unsigned first, unsigned *last)
{
  const struct esc_project_file *f = &s->p->files[file];
  const struct cli_lines *li = lines_of(f, &s->lines[file]);
  if (!f->text || !li->start || first == 0 || first > li->n)
    return NULL;
  if (*last > li->n)
    *last = (unsigned)li->n;
  size_t a = li->start[first - 1], b = *last < li->n ? li->start[*last] : f->len;
  char *text = esc_utf8_repaired(f->text + a, b - a);
  json_t *j = text ? json_string(text) : NULL;
  free(text);
  return j;
}

/* Adds to a result's place (REGION in PHYS, on LINE of project file FILE) the line's text and
 * the lines around it, so that a viewer without the sources shows the code. */
static void add_snippets(struct sarif *s, size_t file, json_t *region, json_t *phys,
                         unsigned line)
{
  unsigned last = line, first = line > 2 ? line - 2 : 1, context_last = line + 2;
  json_t *snippet = lines_text(s, file, line, &last);
  json_t *context = lines_text(s, file, first, &context_last);
  if (snippet)
    json_object_set_new(region, "snippet", json_pack("{s:o}", "text", snippet));
  if (context)
    json_object_set_new(phys, "contextRegion",
                        json_pack("{s:i, s:i, s:{s:o}}", "startLine", (int)first, "endLine",
                                  (int)context_last, "snippet", "text", context));
}

/* The thread flow of one route: its steps, or the fact's place when it has none. */
static json_t *thread_flow(struct sarif *s, const struct esc_project_fact *pf, const char *message,
                           const struct esc_step *flow, size_t n)
{
  const struct esc_project_file *f = &s->p->files[pf->file];
  json_t *locations = json_array();
  for (size_t i = 0; locations && i < n; i++) {
    size_t index = flow[i].file && strcmp(flow[i].file, f->ff.path) == 0 ? pf->file : SIZE_MAX;
    json_t *phys = flow[i].file ? physical_location(s, flow[i].file, index, flow[i].line,
                                                    flow[i].column)
                                : NULL;
    json_t *loc = phys ? json_pack("{s:{s:o, s:{s:s}}, s:i}", "location", "physicalLocation",
                                   phys, "message", "text", flow[i].message, "nestingLevel", 0)
                       : NULL;
    if (!loc || json_array_append_new(locations, loc) != 0) {
      json_decref(locations);
      return NULL;
    }
  }
  if (locations && n == 0) {
    json_t *phys = physical_location(s, f->ff.path, pf->file, pf->fact->line, pf->fact->column);
    json_t *loc = phys ? json_pack("{s:{s:o, s:{s:s}}}", "location", "physicalLocation", phys,
                                   "message", "text", message)
                       : NULL;
    if (!loc || json_array_append_new(locations, loc) != 0) {
      json_decref(locations);
      return NULL;
    }
  }
  if (!locations)
    return NULL;
  return json_pack("{s:{s:s}, s:[{s:o}]}", "message", "text", message, "threadFlows",
                   "locations", locations);
}

/* 16 hex digits of FNV-1a of KEY: the fact's fingerprint. */
static void fingerprint(const char *key, char out[17])
{
  snprintf(out, 17, "%016llx", (unsigned long long)esc_fnv1a64(ESC_FNV_BASIS, key, strlen(key)));
}

static json_t *result_of(struct sarif *s, const struct esc_project_fact *pf)
{
  const struct esc_fact *f = pf->fact;
  const struct esc_project_file *file = &s->p->files[pf->file];
  char *key = esc_project_fact_key(s->p, pf);
  char fp[17];
  if (!key)
    return NULL;
  fingerprint(key, fp);
  free(key);
  json_t *phys = physical_location(s, file->ff.path, pf->file, f->line, f->column);
  if (phys)
    add_snippets(s, pf->file, json_object_get(phys, "region"), phys, f->line);
  json_t *flows = json_array();
  json_t *r = NULL;
  if (!phys || !flows)
    goto fail;
  if (f->nflow || f->nroutes) {
    json_t *main = thread_flow(s, pf, f->message, f->flow, f->nflow);
    if (!main || json_array_append_new(flows, main) != 0)
      goto fail;
  }
  for (size_t i = 0; i < f->nroutes; i++) {
    json_t *route = thread_flow(s, pf, f->routes[i].message, f->routes[i].flow,
                                f->routes[i].nflow);
    if (!route || json_array_append_new(flows, route) != 0)
      goto fail;
  }
  r = json_pack("{s:s, s:i, s:s, s:{s:s}, s:[{s:o, s:[{s:s, s:s}]}], s:{s:s}, s:{s:s, s:s, s:b}}",
                "ruleId", esc_code_name(f->code), "ruleIndex", (int)f->code, "level", level_of(f),
                "message", "text", f->message ? f->message : esc_code_name(f->code),
                "locations", "physicalLocation", phys, "logicalLocations", "name",
                f->function ? f->function : "", "kind", "function", "partialFingerprints",
                "escinfoFact/v1", fp, "properties", "subject", esc_subject_name(f->subject),
                "name", f->name ? f->name : "", "dangling", esc_fact_dangles(f));
  phys = NULL;
  if (!r)
    goto fail;
  if (json_array_size(flows))
    json_object_set(r, "codeFlows", flows);
  if (f->note)
    json_object_set_new(json_object_get(r, "properties"), "note", json_string(f->note));
  if (pf->suppressed) {
    json_t *sup = json_pack("{s:s, s:s}", "kind", "inSource", "status", "accepted");
    if (sup && pf->suppressed->justification)
      json_object_set_new(sup, "justification", json_string(pf->suppressed->justification));
    if (!sup || json_object_set_new(r, "suppressions", json_pack("[o]", sup)) != 0)
      goto fail;
  }
  json_decref(flows);
  return r;
fail:
  json_decref(phys);
  json_decref(flows);
  json_decref(r);
  return NULL;
}

/* CODE in PascalCase, SARIF's convention for a rule's name: "escape.return" -> "EscapeReturn",
 * "noescape" -> "DoesNotEscape" (a name must differ from the rule's id, case aside). */
static void rule_name(const char *code, char *out, size_t n)
{
  size_t o = 0;
  bool upper = true;
  if (strncmp(code, "no", 2) == 0 && !strchr(code, '.')) {
    snprintf(out, n, "DoesNot%c%s", code[2] - 'a' + 'A', code + 3);
    return;
  }
  for (; *code && o + 1 < n; code++) {
    if (*code == '.' || *code == '-') {
      upper = true;
      continue;
    }
    out[o++] = upper && *code >= 'a' && *code <= 'z' ? (char)(*code - 'a' + 'A') : *code;
    upper = false;
  }
  out[o] = 0;
}

static json_t *rules(const struct sarif *s)
{
  json_t *all = json_array();
  for (int c = 0; all && c < ESC_CODE_COUNT; c++) {
    const struct esc_code_info *info = esc_code_info((enum esc_code)c);
    char *link = cli_docs_link(s->docs_url, info->anchor);
    char help[512], name[64];
    snprintf(help, sizeof help, "%s See %s", info->summary, link ? link : "docs/codes.md");
    rule_name(info->name, name, sizeof name);
    json_t *rule = link ? json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:s, s:{s:s}, s:{s:s}, "
                                    "s:{s:[s]}}",
                                    "id", info->name, "name", name, "shortDescription", "text",
                                    info->label,
                                    "fullDescription", "text", info->summary, "helpUri", link,
                                    "help", "text", help, "defaultConfiguration", "level",
                                    info->severity == ESC_SEVERITY_WARNING ? "warning" : "note",
                                    "properties", "tags", "escape-analysis")
                        : NULL;
    free(link);
    if (!rule || json_array_append_new(all, rule) != 0) {
      json_decref(all);
      return NULL;
    }
  }
  return all;
}

/* The SARIF log of P's facts that FILTER selects.  NULL when out of memory. */
static json_t *sarif_log(const struct esc_project *p, const struct esc_fact_filter *filter,
                         const char *docs_url)
{
  struct sarif s = { p, calloc(p->nfiles ? p->nfiles : 1, sizeof *s.lines), docs_url,
                     json_array() };
  char *root_uri = uri_path(p->root);
  char *root = root_uri ? malloc(strlen(root_uri) + 16) : NULL;
  json_t *results = json_array(), *log = NULL, *rule_list = rules(&s);
  if (!s.lines || !root || !results || !s.artifacts || !rule_list)
    goto done;
  snprintf(root, strlen(root_uri) + 16, "file://%s%s", root_uri,
           root_uri[strlen(root_uri) - 1] == '/' ? "" : "/");
  for (size_t i = 0; i < p->nfiles; i++) {
    json_t *loc = artifact_location(&s, p->files[i].ff.path, SIZE_MAX);
    const char *lang = strlen(p->files[i].relative) > 2
                           && strcmp(p->files[i].relative + strlen(p->files[i].relative) - 2,
                                     ".c") == 0
                         ? "c"
                         : "cplusplus";
    json_t *art = loc ? json_pack("{s:o, s:s}", "location", loc, "sourceLanguage", lang) : NULL;
    if (!art || json_array_append_new(s.artifacts, art) != 0)
      goto done;
  }
  for (size_t i = 0; i < p->nfacts; i++) {
    if (!esc_fact_filter_match(filter, p->facts[i].fact))
      continue;
    json_t *r = result_of(&s, &p->facts[i]);
    if (!r || json_array_append_new(results, r) != 0)
      goto done;
  }
  char *info = cli_docs_link(docs_url, "");
  if (!info)
    goto done;
  if (info[strlen(info) - 1] == '#')
    info[strlen(info) - 1] = 0;
  log = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:s, s:O}}, s:{s:{s:s}}, s:s, s:O, "
                  "s:O}]}",
                  "$schema", SARIF_SCHEMA, "version", "2.1.0", "runs", "tool", "driver", "name",
                  "escinfo", "version", PACKAGE_VERSION, "semanticVersion", PACKAGE_VERSION,
                  "informationUri", info, "rules", rule_list, "originalUriBaseIds", ROOT_ID,
                  "uri", root, "columnKind", "unicodeCodePoints", "artifacts", s.artifacts,
                  "results", results);
  free(info);
done:
  for (size_t i = 0; s.lines && i < p->nfiles; i++)
    free(s.lines[i].l.start);
  free(s.lines);
  free(root_uri);
  free(root);
  json_decref(results);
  json_decref(rule_list);
  json_decref(s.artifacts);
  return log;
}

/* The facts a SARIF log holds by default: those an editor shows by default, and every dangling
 * one. */
static void default_filter(struct esc_fact_filter *f)
{
  memset(f, 0, sizeof *f);
  for (int c = 0; c < ESC_CODE_COUNT; c++)
    f->codes[c] = esc_code_info((enum esc_code)c)->shown;
  f->dangling = true;
}

int run_sarif(const char *dir, const struct options *o)
{
  struct esc_fact_filter filter;
  if (!o->codes)
    default_filter(&filter);
  else if (cli_parse_filter("--codes", o->codes, &filter) != 0)
    return EXIT_USAGE;
  struct esc_project p;
  int status = cli_project_load(dir, o, &p);
  if (status == 0) {
    json_t *log = sarif_log(&p, &filter, o->docs_url);
    char *text = log ? json_dumps(log, JSON_INDENT(1) | JSON_ENSURE_ASCII) : NULL;
    json_decref(log);
    if (!text) {
      status = out_of_memory();
    } else {
      size_t len = strlen(text);
      text[len] = '\n'; /* json_dumps' NUL, as the last newline */
      status = cli_write_output(o->output, text, len + 1);
      if (status == 0 && o->output) {
        size_t n = 0;
        for (size_t i = 0; i < p.nfacts; i++)
          n += esc_fact_filter_match(&filter, p.facts[i].fact);
        fprintf(stderr, "escinfo: SARIF log '%s': %zu result%s from %zu file%s\n", o->output, n,
                n == 1 ? "" : "s", p.nfiles, p.nfiles == 1 ? "" : "s");
      }
    }
    free(text);
  }
  esc_project_free(&p);
  return status;
}
