/* report.c - escinfo report -o DIR: the facts as a static site to browse without an editor.
 *
 * DIR/index.html is the overview, drawn here: counts by code and by directory as SVG bar charts,
 * the dangling facts first, the largest frames, the functions with the most escapes, the trend
 * against a baseline, every file.  DIR/files/N.html is one source file: the page is a shell, its
 * text and facts are in DIR/files/N.js, and DIR/app.js (cli/report/app.js, built into escinfo)
 * draws only the lines on screen, with their colouring, facts, flows and filters, so that a
 * 270,000-line file opens and scrolls as fast as a small one.  Nothing is fetched from the network;
 * the site opens from disk.  docs/ci.md, "HTML report", is the user's description. */
#include "cli.h"
#include "project-facts.h"
#include "text.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* cli/report/app.js and cli/report/style.css, built in by make (report-assets.c). */
extern const char esc_report_app_js[];
extern const char esc_report_style_css[];

/* ---- HTML helpers -------------------------------------------------------------------------- */

static void html(struct esc_text *t, const char *s)
{
  for (; s && *s; s++) {
    switch (*s) {
    case '&': esc_text_adds(t, "&amp;"); break;
    case '<': esc_text_adds(t, "&lt;"); break;
    case '>': esc_text_adds(t, "&gt;"); break;
    case '"': esc_text_adds(t, "&quot;"); break;
    case '\'': esc_text_adds(t, "&#39;"); break;
    default: esc_text_addc(t, *s);
    }
  }
}

/* Writes T's text to DIR/NAME.  Returns 0, or 1 after saying why. */
static int write_file(const char *dir, const char *name, struct esc_text *t)
{
  size_t len;
  char *text = esc_text_take(t, &len);
  if (!text)
    return out_of_memory();
  char *path = malloc(strlen(dir) + strlen(name) + 2);
  int rc = 1;
  if (path) {
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f && fwrite(text, 1, len, f) == len && fclose(f) == 0)
      rc = 0;
    else {
      fprintf(stderr, "escinfo: cannot write '%s': %s\n", path, strerror(errno));
      if (f)
        fclose(f);
    }
  } else {
    out_of_memory();
  }
  free(path);
  free(text);
  return rc;
}

/* ---- what the pages show ------------------------------------------------------------------- */

static const char *severity_name(const struct esc_fact *f)
{
  if (esc_fact_dangles(f))
    return "warning";
  switch (esc_code_info(f->code)->severity) {
  case ESC_SEVERITY_WARNING: return "warning";
  case ESC_SEVERITY_INFORMATION: return "information";
  default: return "hint";
  }
}

/* The 0-based UTF-16 offset (JavaScript's string index) of 1-based byte column COLUMN on
 * 1-based LINE; the byte offset when the text is not there. */
static unsigned utf16_column(const struct cli_lines *li, const char *text, size_t len,
                             unsigned line, unsigned column)
{
  long units = cli_column_units(li, text, len, line, column, true);
  return units >= 0 ? (unsigned)units : column ? column - 1 : 0;
}

/* ---- a file's data: files/N.js ------------------------------------------------------------- */

static void json_steps(struct esc_text *t, const struct esc_project *p, size_t fi,
                       const struct cli_lines *li, const struct esc_step *flow, size_t n)
{
  const struct esc_project_file *pf = &p->files[fi];
  esc_text_addc(t, '[');
  for (size_t i = 0; i < n; i++) {
    bool here = flow[i].file && strcmp(flow[i].file, pf->ff.path) == 0;
    esc_text_adds(t, i ? ",{" : "{");
    esc_text_json_key(t, "line", true);
    esc_text_json_int(t, flow[i].line);
    esc_text_json_key(t, "col", false);
    esc_text_json_int(t, here ? utf16_column(li, pf->text, pf->len, flow[i].line, flow[i].column)
                              : (flow[i].column ? flow[i].column - 1 : 0));
    if (!here) {
      esc_text_json_key(t, "file", false);
      esc_text_json_string(t, flow[i].file ? esc_project_relative(p, flow[i].file) : "?");
    }
    esc_text_json_key(t, "message", false);
    esc_text_json_string(t, flow[i].message);
    esc_text_addc(t, '}');
  }
  esc_text_addc(t, ']');
}

/* The data of file FI: its text and its facts, as `window.ESCINFO_FILE = {...};`. */
static int write_file_data(const char *dir, const struct esc_project *p, size_t fi,
                           const char *docs_url)
{
  const struct esc_project_file *pf = &p->files[fi];
  struct cli_lines li = { 0 };
  struct esc_text t;
  if (pf->text && cli_lines_index(&li, pf->text, pf->len) != 0)
    return out_of_memory();
  esc_text_init(&t);
  esc_text_adds(&t, "window.ESCINFO_FILE = {");
  esc_text_json_key(&t, "path", true);
  esc_text_json_string(&t, pf->relative);
  esc_text_json_key(&t, "changed", false);
  esc_text_adds(&t, pf->changed ? "true" : "false");
  esc_text_json_key(&t, "text", false);
  if (pf->text)
    esc_text_json_stringn(&t, pf->text, pf->len);
  else
    esc_text_adds(&t, "null");
  esc_text_json_key(&t, "codes", false);
  esc_text_addc(&t, '{');
  for (int c = 0; c < ESC_CODE_COUNT; c++) {
    const struct esc_code_info *info = esc_code_info((enum esc_code)c);
    char *link = cli_docs_link(docs_url, info->anchor);
    esc_text_json_key(&t, info->name, c == 0);
    esc_text_adds(&t, "{");
    esc_text_json_key(&t, "label", true);
    esc_text_json_string(&t, info->label);
    esc_text_json_key(&t, "summary", false);
    esc_text_json_string(&t, info->summary);
    esc_text_json_key(&t, "docs", false);
    esc_text_json_string(&t, link ? link : "");
    esc_text_json_key(&t, "shown", false);
    esc_text_adds(&t, info->shown ? "true}" : "false}");
    free(link);
  }
  esc_text_adds(&t, "},\"facts\":[");
  bool first = true;
  for (size_t i = 0; i < p->nfacts; i++) {
    const struct esc_project_fact *pfact = &p->facts[i];
    if (pfact->file != fi)
      continue;
    const struct esc_fact *f = pfact->fact;
    esc_text_adds(&t, first ? "\n{" : ",\n{");
    first = false;
    esc_text_json_key(&t, "code", true);
    esc_text_json_string(&t, esc_code_name(f->code));
    esc_text_json_key(&t, "severity", false);
    esc_text_json_string(&t, severity_name(f));
    esc_text_json_key(&t, "dangling", false);
    esc_text_adds(&t, esc_fact_dangles(f) ? "true" : "false");
    esc_text_json_key(&t, "name", false);
    esc_text_json_string(&t, f->name);
    esc_text_json_key(&t, "function", false);
    esc_text_json_string(&t, f->function);
    esc_text_json_key(&t, "line", false);
    esc_text_json_int(&t, f->line);
    esc_text_json_key(&t, "col", false);
    esc_text_json_int(&t, utf16_column(&li, pf->text, pf->len, f->line, f->column));
    esc_text_json_key(&t, "message", false);
    esc_text_json_string(&t, f->message);
    if (f->note) {
      esc_text_json_key(&t, "note", false);
      esc_text_json_string(&t, f->note);
    }
    if (f->value >= 0) {
      esc_text_json_key(&t, "value", false);
      esc_text_json_int(&t, f->value);
    }
    if (pfact->suppressed) {
      esc_text_json_key(&t, "suppressed", false);
      esc_text_adds(&t, "{");
      esc_text_json_key(&t, "line", true);
      esc_text_json_int(&t, pfact->suppressed->line);
      esc_text_json_key(&t, "why", false);
      esc_text_json_string(&t, pfact->suppressed->justification);
      esc_text_addc(&t, '}');
    }
    esc_text_json_key(&t, "routes", false);
    esc_text_adds(&t, "[{");
    esc_text_json_key(&t, "message", true);
    esc_text_json_string(&t, f->message);
    esc_text_json_key(&t, "steps", false);
    json_steps(&t, p, fi, &li, f->flow, f->nflow);
    esc_text_addc(&t, '}');
    for (size_t r = 0; r < f->nroutes; r++) {
      const struct esc_fact_route *rt = &f->routes[r];
      esc_text_adds(&t, ",{");
      esc_text_json_key(&t, "message", true);
      esc_text_json_string(&t, rt->message);
      esc_text_json_key(&t, "code", false);
      esc_text_json_string(&t, esc_code_name(rt->code));
      esc_text_json_key(&t, "dangling", false);
      esc_text_adds(&t, rt->dangling ? "true" : "false");
      esc_text_json_key(&t, "steps", false);
      json_steps(&t, p, fi, &li, rt->flow, rt->nflow);
      esc_text_addc(&t, '}');
    }
    esc_text_adds(&t, "]}");
  }
  esc_text_adds(&t, "]};\n");
  free(li.start);
  char name[64];
  snprintf(name, sizeof name, "files/%zu.js", fi);
  return write_file(dir, name, &t);
}

/* The page of file FI: a shell that app.js fills from files/FI.js. */
static int write_file_page(const char *dir, const struct esc_project *p, size_t fi)
{
  const struct esc_project_file *pf = &p->files[fi];
  struct esc_text t;
  esc_text_init(&t);
  esc_text_adds(&t, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>");
  html(&t, pf->relative);
  esc_text_adds(&t, " \xe2\x80\x94 escinfo</title>\n<meta name=\"viewport\" content=\"width=device-width\">"
                    "\n<link rel=\"stylesheet\" href=\"../style.css\"></head>\n"
                    "<body class=\"file-page\">\n<header><a href=\"../index.html\" "
                    "id=\"to-overview\">escinfo report</a> / <span id=\"path\">");
  html(&t, pf->relative);
  esc_text_adds(&t, "</span><span id=\"counts\"></span><span class=\"keys\">j / k: next / "
                    "previous fact \xc2\xb7 Esc: clear</span></header>\n"
                    "<nav id=\"filters\" aria-label=\"filters\"></nav>\n"
                    "<div id=\"layout\"><div id=\"source\" tabindex=\"0\"><div id=\"sizer\">"
                    "</div></div>\n<aside id=\"panel\"><ol id=\"fact-list\"></ol>"
                    "<section id=\"detail\"></section></aside></div>\n");
  esc_text_printf(&t, "<script src=\"%zu.js\"></script>\n<script src=\"../app.js\"></script>\n"
                      "</body></html>\n", fi);
  char name[64];
  snprintf(name, sizeof name, "files/%zu.html", fi);
  return write_file(dir, name, &t);
}

/* ---- the overview -------------------------------------------------------------------------- */

struct bar {
  char *label; /* owned */
  const char *href, *cls;
  char *key;   /* owned: data-key */
  long long value;
  char note[64];
};

/* A horizontal bar chart of the N bars of V in an SVG, with ID and a title. */
static void bar_chart(struct esc_text *t, const char *id, const char *title, struct bar *v,
                      size_t n, const char *unit)
{
  long long max = 1;
  for (size_t i = 0; i < n; i++)
    if (v[i].value > max)
      max = v[i].value;
  const int row = 22, label_w = 260, bar_w = 360, h = (int)n * row + 8;
  esc_text_printf(t, "<figure class=\"chart\" id=\"%s\"><figcaption>", id);
  html(t, title);
  esc_text_printf(t, "</figcaption>\n<svg role=\"img\" width=\"%d\" height=\"%d\" "
                     "viewBox=\"0 0 %d %d\">\n",
                  label_w + bar_w + 80, h, label_w + bar_w + 80, h);
  for (size_t i = 0; i < n; i++) {
    int y = (int)i * row + 4;
    int w = (int)(v[i].value * bar_w / max);
    if (w < 2 && v[i].value > 0)
      w = 2;
    esc_text_adds(t, "<g class=\"bar");
    if (v[i].cls) {
      esc_text_addc(t, ' ');
      esc_text_adds(t, v[i].cls);
    }
    esc_text_adds(t, "\" data-key=\"");
    html(t, v[i].key);
    esc_text_printf(t, "\" data-count=\"%lld\">", v[i].value);
    if (v[i].href) {
      esc_text_adds(t, "<a href=\"");
      html(t, v[i].href);
      esc_text_adds(t, "\">");
    }
    esc_text_printf(t, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 8, y + 14);
    html(t, v[i].label);
    esc_text_printf(t, "</text>%s<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"2\">"
                       "<title>",
                    v[i].href ? "</a>" : "", label_w, y + 2, w, row - 6);
    html(t, v[i].label);
    esc_text_printf(t, ": %lld%s</title></rect><text class=\"value\" x=\"%d\" y=\"%d\">%lld%s%s"
                       "</text></g>\n",
                    v[i].value, unit, label_w + w + 6, y + 14, v[i].value, unit, v[i].note);
  }
  esc_text_adds(t, "</svg></figure>\n");
}

static void bars_free(struct bar *v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(v[i].label);
    free(v[i].key);
  }
  free(v);
}

static int by_value_desc(const void *a, const void *b)
{
  const struct bar *x = a, *y = b;
  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return strcmp(x->label, y->label);
}

/* A link to fact I's place on its file's page. */
static void fact_href(struct esc_text *t, const struct esc_project *p, size_t i)
{
  const struct esc_project_fact *pf = &p->facts[i];
  size_t k = 0;
  for (size_t j = 0; j < i; j++)
    k += p->facts[j].file == pf->file;
  esc_text_printf(t, "files/%zu.html#fact-%zu", pf->file, k);
}

/* The documentation link of each code (docs_url as given), for the overview's tables. */
static char *docs_link[ESC_CODE_COUNT];

/* A row of a fact table: place, function, code (linked to its documentation), message. */
static void fact_row(struct esc_text *t, const struct esc_project *p, size_t i)
{
  const struct esc_project_fact *pf = &p->facts[i];
  const struct esc_fact *f = pf->fact;
  esc_text_printf(t, "<tr class=\"%s\" data-code=\"%s\"><td><a href=\"", severity_name(f),
                  esc_code_name(f->code));
  fact_href(t, p, i);
  esc_text_adds(t, "\">");
  html(t, p->files[pf->file].relative);
  esc_text_printf(t, ":%u</a></td><td><code>", f->line);
  html(t, f->function);
  esc_text_adds(t, "</code></td><td><a class=\"docs\" href=\"");
  html(t, docs_link[f->code] ? docs_link[f->code] : "");
  esc_text_adds(t, "\"><code>");
  html(t, esc_code_name(f->code));
  esc_text_adds(t, "</code></a></td><td>");
  html(t, f->message);
  esc_text_adds(t, "</td></tr>\n");
}

struct trend {
  bool have;
  size_t new_facts, fixed, same;
};

/* Compares the baseline BY_KEY (taken apart) with P's facts. */
static void trend_of(const struct esc_project *p, json_t *by_key, struct trend *tr)
{
  memset(tr, 0, sizeof *tr);
  if (!by_key)
    return;
  tr->have = true;
  for (size_t i = 0; i < p->nfacts; i++) {
    const struct esc_project_fact *pf = &p->facts[i];
    if (pf->suppressed || !cli_baseline_keeps(pf->fact))
      continue;
    char *key = esc_project_fact_key(p, pf);
    if (key && json_object_get(by_key, key)) {
      json_object_del(by_key, key);
      tr->same++;
    } else {
      tr->new_facts++;
    }
    free(key);
  }
  tr->fixed = json_object_size(by_key);
}

static int write_index(const char *dir, const struct esc_project *p, const struct trend *tr,
                       const char *docs_url)
{
  struct esc_text t;
  size_t counts[ESC_CODE_COUNT] = { 0 }, dangling = 0, suppressed = 0;
  esc_text_init(&t);
  for (size_t i = 0; i < p->nfacts; i++) {
    counts[p->facts[i].fact->code]++;
    dangling += esc_fact_dangles(p->facts[i].fact) && !p->facts[i].suppressed;
    suppressed += p->facts[i].suppressed != NULL;
  }
  esc_text_adds(&t, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                    "<title>escinfo report</title>\n<meta name=\"viewport\" "
                    "content=\"width=device-width\">\n<link rel=\"stylesheet\" href=\"style.css\">"
                    "</head>\n<body class=\"overview\">\n<header><h1>escinfo report</h1>"
                    "<span class=\"root\">");
  html(&t, p->root);
  esc_text_adds(&t, "</span></header>\n<main>\n<section id=\"totals\">");
  esc_text_printf(&t, "<div><b id=\"total-files\">%zu</b> files</div>"
                      "<div><b id=\"total-facts\">%zu</b> facts</div>"
                      "<div class=\"warning\"><b id=\"total-dangling\">%zu</b> dangling</div>"
                      "<div><b id=\"total-suppressed\">%zu</b> suppressed</div>"
                      "<div><b>%zu</b> compiles</div>",
                  p->nfiles, p->nfacts, dangling, suppressed, p->entries);
  if (tr->have)
    esc_text_printf(&t, "<div id=\"trend\" class=\"%s\">against the baseline: <b id=\"trend-new\">"
                        "%zu</b> new, <b id=\"trend-fixed\">%zu</b> fixed, <b>%zu</b> "
                        "unchanged</div>",
                    tr->new_facts ? "warning" : "ok", tr->new_facts, tr->fixed, tr->same);
  esc_text_adds(&t, "</section>\n<div class=\"charts\">\n");

  /* facts by code */
  struct bar *bars = calloc(ESC_CODE_COUNT + 64, sizeof *bars);
  size_t nb = 0;
  if (!bars)
    return out_of_memory();
  for (int c = 0; c < ESC_CODE_COUNT; c++) {
    if (!counts[c])
      continue;
    const struct esc_code_info *info = esc_code_info((enum esc_code)c);
    bars[nb] = (struct bar){ esc_strdup(info->name), NULL,
                             info->group == ESC_GROUP_ESCAPE ? "escape"
                             : info->group == ESC_GROUP_LEAK ? "leak"
                                                             : "other",
                             esc_strdup(info->name), (long long)counts[c], "" };
    nb++;
  }
  bar_chart(&t, "by-code", "Facts by code", bars, nb, "");
  bars_free(bars, nb);

  /* facts by directory (the 15 with the most) */
  size_t ndirs = 0, dcap = 0;
  bars = NULL;
  for (size_t i = 0; i < p->nfiles; i++) {
    const char *rel = p->files[i].relative, *slash = strrchr(rel, '/');
    size_t len = slash ? (size_t)(slash - rel) : 1;
    const char *d = slash ? rel : ".";
    size_t j = 0;
    while (j < ndirs && !(strlen(bars[j].key) == len && strncmp(bars[j].key, d, len) == 0))
      j++;
    if (j == ndirs) {
      if (esc_grow((void **)&bars, ndirs, &dcap, sizeof *bars, 16) != 0)
        return out_of_memory();
      memset(&bars[ndirs], 0, sizeof *bars);
      bars[ndirs].key = strndup(d, len);
      bars[ndirs].label = strndup(d, len);
      bars[ndirs].cls = "dir";
      ndirs++;
    }
    bars[j].value += (long long)p->files[i].ff.nfacts;
  }
  if (ndirs > 1)
    qsort(bars, ndirs, sizeof *bars, by_value_desc);
  bar_chart(&t, "by-directory", "Facts by directory", bars, ndirs < 15 ? ndirs : 15, "");
  bars_free(bars, ndirs);

  /* the largest frames */
  size_t nframes = 0;
  for (size_t i = 0; i < p->nfacts; i++)
    nframes += p->facts[i].fact->code == ESC_FRAME_SIZE;
  bars = calloc(nframes ? nframes : 1, sizeof *bars);
  if (!bars)
    return out_of_memory();
  nb = 0;
  for (size_t i = 0; i < p->nfacts; i++) {
    const struct esc_fact *f = p->facts[i].fact;
    if (f->code != ESC_FRAME_SIZE)
      continue;
    struct esc_text href;
    esc_text_init(&href);
    fact_href(&href, p, i);
    bars[nb].href = NULL;
    bars[nb].label = esc_strdup(f->function);
    bars[nb].key = esc_text_take(&href, NULL);
    bars[nb].cls = "frame";
    bars[nb].value = f->value;
    nb++;
  }
  if (nb > 1)
    qsort(bars, nb, sizeof *bars, by_value_desc);
  for (size_t i = 0; i < nb && i < 15; i++)
    bars[i].href = bars[i].key;
  if (nb)
    bar_chart(&t, "largest-frames", "Largest stack frames", bars, nb < 15 ? nb : 15, " B");
  bars_free(bars, nb);

  /* the functions with the most escapes */
  bars = NULL;
  size_t nfn = 0, fcap = 0;
  for (size_t i = 0; i < p->nfacts; i++) {
    const struct esc_fact *f = p->facts[i].fact;
    if (!esc_code_is_escape(f->code) || p->facts[i].suppressed)
      continue;
    const char *fn = f->function ? f->function : "?";
    size_t j = 0;
    while (j < nfn && strcmp(bars[j].label, fn) != 0)
      j++;
    if (j == nfn) {
      if (esc_grow((void **)&bars, nfn, &fcap, sizeof *bars, 16) != 0)
        return out_of_memory();
      memset(&bars[nfn], 0, sizeof *bars);
      struct esc_text href;
      esc_text_init(&href);
      fact_href(&href, p, i);
      bars[nfn].label = esc_strdup(fn);
      bars[nfn].key = esc_text_take(&href, NULL);
      bars[nfn].cls = "escape";
      nfn++;
    }
    bars[j].value++;
  }
  if (nfn > 1)
    qsort(bars, nfn, sizeof *bars, by_value_desc);
  for (size_t i = 0; i < nfn && i < 15; i++)
    bars[i].href = bars[i].key;
  if (nfn)
    bar_chart(&t, "most-escapes", "Functions with the most escapes and leaks", bars,
              nfn < 15 ? nfn : 15, "");
  bars_free(bars, nfn);
  esc_text_adds(&t, "</div>\n");

  /* dangling facts first, then every file */
  esc_text_printf(&t, "<section id=\"dangling\"><h2>Dangling addresses (%zu)</h2>\n", dangling);
  if (dangling) {
    esc_text_adds(&t, "<table class=\"facts\"><thead><tr><th>where</th><th>function</th>"
                      "<th>code</th><th>what</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < p->nfacts; i++)
      if (esc_fact_dangles(p->facts[i].fact) && !p->facts[i].suppressed)
        fact_row(&t, p, i);
    esc_text_adds(&t, "</tbody></table>\n");
  } else {
    esc_text_adds(&t, "<p>None.</p>\n");
  }
  esc_text_adds(&t, "</section>\n<section id=\"files\"><h2>Files</h2>\n<table class=\"files\">"
                    "<thead><tr><th>file</th><th>facts</th><th>escapes</th><th>leaks</th>"
                    "<th>dangling</th><th>suppressed</th></tr></thead><tbody>\n");
  size_t at = 0;
  for (size_t fi = 0; fi < p->nfiles; fi++) {
    size_t esc = 0, leak = 0, dang = 0, sup = 0, n = 0;
    for (; at < p->nfacts && p->facts[at].file == fi; at++, n++) {
      const struct esc_fact *f = p->facts[at].fact;
      enum esc_code_group g = esc_code_info(f->code)->group;
      esc += g == ESC_GROUP_ESCAPE;
      leak += g == ESC_GROUP_LEAK;
      dang += esc_fact_dangles(f) && !p->facts[at].suppressed;
      sup += p->facts[at].suppressed != NULL;
    }
    esc_text_printf(&t, "<tr><td><a href=\"files/%zu.html\">", fi);
    html(&t, p->files[fi].relative);
    esc_text_printf(&t, "</a>%s</td><td>%zu</td><td>%zu</td><td>%zu</td><td%s>%zu</td>"
                        "<td>%zu</td></tr>\n",
                    p->files[fi].changed ? " <span class=\"changed\" title=\"changed since its "
                                           "facts were computed\">changed</span>"
                                         : "",
                    n, esc, leak, dang ? " class=\"warning\"" : "", dang, sup);
  }
  esc_text_adds(&t, "</tbody></table></section>\n</main>\n<footer>escinfo " PACKAGE_VERSION
                    " \xc2\xb7 <a href=\"");
  char *docs = cli_docs_link(docs_url, "");
  html(&t, docs ? docs : "");
  free(docs);
  esc_text_adds(&t, "\">what the codes mean</a></footer>\n</body></html>\n");
  return write_file(dir, "index.html", &t);
}

/* ---- the verb ------------------------------------------------------------------------------ */

static int make_dir(const char *path)
{
  if (mkdir(path, 0777) == 0 || errno == EEXIST)
    return 0;
  fprintf(stderr, "escinfo: cannot create '%s': %s\n", path, strerror(errno));
  return 1;
}

static int write_asset(const char *dir, const char *name, const char *text)
{
  struct esc_text t;
  esc_text_init(&t);
  esc_text_adds(&t, text);
  return write_file(dir, name, &t);
}

int run_report(const char *dir, const struct options *o)
{
  if (!o->output) {
    fprintf(stderr, "escinfo: report needs -o DIR, the directory to write the site into\n");
    return EXIT_USAGE;
  }
  json_t *by_key = NULL;
  if (o->baseline && !(by_key = cli_baseline_load(o->baseline)))
    return EXIT_USAGE;
  struct esc_project p;
  int status = cli_project_load(dir, o, &p);
  char *files = malloc(strlen(o->output) + 8);
  if (status == 0 && !files)
    status = out_of_memory();
  if (status == 0) {
    sprintf(files, "%s/files", o->output);
    status = make_dir(o->output) || make_dir(files);
  }
  if (status == 0)
    status = write_asset(o->output, "app.js", esc_report_app_js)
             || write_asset(o->output, "style.css", esc_report_style_css);
  for (size_t i = 0; status == 0 && i < p.nfiles; i++)
    status = write_file_data(o->output, &p, i, o->docs_url) || write_file_page(o->output, &p, i);
  for (int c = 0; c < ESC_CODE_COUNT; c++)
    docs_link[c] = cli_docs_link(o->docs_url, esc_code_info((enum esc_code)c)->anchor);
  if (status == 0) {
    struct trend tr;
    trend_of(&p, by_key, &tr);
    status = write_index(o->output, &p, &tr, o->docs_url);
  }
  for (int c = 0; c < ESC_CODE_COUNT; c++) {
    free(docs_link[c]);
    docs_link[c] = NULL;
  }
  if (status == 0)
    fprintf(stderr, "escinfo: report '%s/index.html': %zu facts of %zu files\n", o->output,
            p.nfacts, p.nfiles);
  free(files);
  json_decref(by_key);
  esc_project_free(&p);
  return status;
}
