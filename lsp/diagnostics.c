/* diagnostics.c - the diagnostics of a document: one per shown fact, with its flow, or a notice that the file has no facts yet. */
#include "features.h"

#include "uri.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lsp_range fact_range(const struct feature_context *ctx, const struct located_fact *lf)
{
  struct lsp_range r;
  r.start = document_position(ctx->doc, lf->line, lf->col, ctx->encoding);
  r.end = document_position(ctx->doc, lf->line, lf->col + lf->len, ctx->encoding);
  return r;
}

char *diagnostics_code_href(const struct lsp_settings *settings, const char *code)
{
  const char *base = settings->docs_url ? settings->docs_url : "";
  int c = esc_code_from_name(code);
  const char *anchor = c >= 0 ? esc_code_info((enum esc_code)c)->anchor : code;
  size_t n = strlen(base), m = strlen(anchor);
  char *href = malloc(n + m + 1), *out;
  if (!href)
    return NULL;
  memcpy(href, base, n);
  out = href + n;
  for (size_t i = 0; i < m; i++) /* a code of the server's own (escinfo.no-facts): no dots */
    if (anchor[i] != '.')
      *out++ = anchor[i];
  *out = '\0';
  return href;
}

bool diagnostics_is_c_family(const struct document *doc)
{
  static const char *const languages[] = { "c", "cpp", "objective-c", "objective-cpp", "cuda" };
  static const char *const suffixes[] = { ".c", ".h", ".cc", ".cpp", ".cxx", ".c++", ".hh",
                                          ".hpp", ".hxx", ".h++", ".C", ".H", ".i", ".ii",
                                          ".inl", ".tcc", ".ipp" };
  if (!doc->path)
    return false;
  for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
    if (strcmp(doc->language_id, languages[i]) == 0)
      return true;
  if (doc->language_id[0])
    return false;
  const char *dot = strrchr(doc->path, '.');
  for (size_t i = 0; dot && i < sizeof suffixes / sizeof suffixes[0]; i++)
    if (strcmp(dot, suffixes[i]) == 0)
      return true;
  return false;
}

/* Appends to D's related information the N steps of FLOW, a flow of LF, numbered after
 * PREFIX ("" for the fact's own flow, "also: " for its other routes).  Returns 0, or -1 when
 * out of memory. */
static int add_steps(const struct feature_context *ctx, const struct located_fact *lf,
                     struct lsp_diagnostic *d, const struct esc_step *flow, size_t n,
                     const char *prefix)
{
  for (size_t i = 0; i < n; i++) {
    const struct esc_step *s = &flow[i];
    struct lsp_related *r = &d->related[d->nrelated++];
    uint32_t line, col;
    if (!s->file || !s->file[0]) { /* a step the compiler gave no place (a return at -O2): a
                                      location is required, the fact's own is the nearest */
      r->uri = esc_strdup(ctx->doc->uri);
      r->range.start = d->range.start;
    } else if (fact_step_place(lf, s, ctx->doc, &line, &col)) {
      r->uri = esc_strdup(ctx->doc->uri);
      r->range.start = document_position(ctx->doc, line, col, ctx->encoding);
    } else { /* another file: its byte column, exact for ASCII lines */
      r->uri = uri_from_path(s->file ? s->file : "");
      r->range.start = (struct lsp_position){ line, col };
    }
    r->range.end = r->range.start;
    const char *text = s->message ? s->message : "";
    size_t len = strlen(prefix) + 24 + strlen(text);
    r->message = malloc(len);
    if (r->message)
      snprintf(r->message, len, "%s%zu. %s", prefix, i + 1, text);
    if (!r->uri || !r->message)
      return -1;
  }
  return 0;
}

/* Fills D's related information from LF's flow and the flows of its other routes.  Returns 0,
 * or -1 when out of memory. */
static int add_flow(const struct feature_context *ctx, const struct located_fact *lf,
                    struct lsp_diagnostic *d)
{
  const struct esc_fact *f = &lf->fact;
  size_t n = f->nflow;
  for (size_t r = 0; r < f->nroutes; r++)
    n += f->routes[r].nflow;
  if (n == 0)
    return 0;
  d->related = calloc(n, sizeof *d->related);
  if (!d->related || add_steps(ctx, lf, d, f->flow, f->nflow, ""))
    return -1;
  for (size_t r = 0; r < f->nroutes; r++)
    if (add_steps(ctx, lf, d, f->routes[r].flow, f->routes[r].nflow, "also: "))
      return -1;
  return 0;
}

/* Appends the diagnostic of LF.  Returns 0, or -1 when out of memory. */
static int add_fact(const struct feature_context *ctx, const struct located_fact *lf,
                    struct lsp_diagnostics *out)
{
  const struct esc_fact *f = &lf->fact;
  struct lsp_diagnostic *d = lsp_diagnostics_add(out);
  if (!d)
    return -1;
  const char *code = esc_code_name(f->code);
  d->range = fact_range(ctx, lf);
  d->severity = settings_severity(ctx->settings, f);
  d->code = esc_strdup(code);
  d->href = diagnostics_code_href(ctx->settings, code);
  if (f->note) {
    size_t n = strlen(f->message) + strlen(f->note) + 2;
    if ((d->message = malloc(n)))
      snprintf(d->message, n, "%s\n%s", f->message, f->note);
  } else {
    d->message = esc_strdup(f->message ? f->message : "");
  }
  d->freshness = fact_freshness_name(fact_freshness(ctx->facts, lf, ctx->doc));
  d->subject = esc_strdup(esc_subject_name(f->subject));
  d->name = esc_strdup(f->name ? f->name : "");
  if (!d->code || !d->href || !d->message || !d->subject || !d->name)
    return -1;
  return add_flow(ctx, lf, d);
}

/* Appends the notice that the document has no facts (or why they cannot be read).  Returns 0,
 * or -1 when out of memory. */
static int add_no_facts_notice(const struct feature_context *ctx, struct lsp_diagnostics *out)
{
  char message[1024];
  if (ctx->cache_problem)
    snprintf(message, sizeof message, "Cannot read escape facts for this file: %s",
             ctx->cache_problem);
  else if (ctx->analysing)
    snprintf(message, sizeof message,
             "No escape facts for this file yet \xe2\x80\x94 it is being analysed");
  else if (ctx->compile_commands && ctx->settings->workspace_trusted
           && ctx->settings->analyze_on_save)
    snprintf(message, sizeof message,
             "No escape facts for this file yet \xe2\x80\x94 save it to analyse it (%s compiles "
             "it), or run escinfo scan",
             ctx->compile_commands);
  else if (ctx->compile_commands)
    snprintf(message, sizeof message,
             "No escape facts for this file yet \xe2\x80\x94 %s compiles it: run escinfo scan, or "
             "trust the workspace to analyse it when saved",
             ctx->compile_commands);
  else
    snprintf(message, sizeof message,
             "No escape facts for this file yet \xe2\x80\x94 build it with -fplugin=escinfo.so "
             "(searched cache: %s)",
             ctx->cache_dir ? ctx->cache_dir : "none");
  struct lsp_diagnostic *d = lsp_diagnostics_add(out);
  if (!d)
    return -1;
  d->severity = settings_no_facts_severity(ctx->settings);
  d->code = esc_strdup(NO_FACTS_CODE);
  d->message = esc_strdup(message);
  return d->code && d->message ? 0 : -1;
}

/* qsort order of facts: by line, column, then code. */
static int compare_place(const void *x, const void *y)
{
  const struct located_fact *a = *(const struct located_fact *const *)x;
  const struct located_fact *b = *(const struct located_fact *const *)y;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->col != b->col)
    return a->col < b->col ? -1 : 1;
  return (a->fact.code > b->fact.code) - (a->fact.code < b->fact.code);
}

static bool of_function(const struct feature_context *ctx, const struct esc_fact *f,
                        const char *function);

/* Appends, by place, the diagnostics of the facts of CTX that are placed and that TAKE takes
 * (FUNCTION being its argument; suppressed ones only for the list of a function's facts, which
 * shows every one).  Returns 0, or -1 when out of memory. */
static int add_facts(const struct feature_context *ctx, struct lsp_diagnostics *out,
                     bool (*take)(const struct feature_context *, const struct esc_fact *,
                                  const char *),
                     const char *function)
{
  const struct fact_set *set = ctx->facts;
  const struct located_fact **v = malloc((set->nfacts ? set->nfacts : 1) * sizeof *v);
  size_t n = 0;
  if (!v)
    return -1;
  for (size_t i = 0; i < set->nfacts; i++)
    if (!set->facts[i].dropped && (!set->facts[i].suppressed || take == of_function)
        && take(ctx, &set->facts[i].fact, function))
      v[n++] = &set->facts[i];
  qsort(v, n, sizeof *v, compare_place);
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = add_fact(ctx, v[i], out);
  free(v);
  return rc;
}

static bool shown_by_settings(const struct feature_context *ctx, const struct esc_fact *f,
                              const char *unused)
{
  (void)unused;
  return settings_shows_fact(ctx->settings, f);
}

static bool of_function(const struct feature_context *ctx, const struct esc_fact *f,
                        const char *function)
{
  (void)ctx;
  return strcmp(f->function ? f->function : "", function) == 0;
}

/* Appends the diagnostic saying that the document's analysis failed: on its first line, with the
 * compiler's first error.  Returns 0, or -1 when out of memory. */
static int add_analysis_failed(const struct feature_context *ctx, struct lsp_diagnostics *out)
{
  struct lsp_diagnostic *d = lsp_diagnostics_add(out);
  struct esc_text t;
  if (!d)
    return -1;
  esc_text_init(&t);
  esc_text_printf(&t, "escinfo could not analyse this file: its compile failed: %s (the whole "
                      "output is in the language server's log)", ctx->analysis_error);
  d->severity = LSP_SEVERITY_WARNING;
  d->code = esc_strdup(ANALYSIS_FAILED_CODE);
  d->message = esc_text_take(&t, NULL);
  return d->code && d->message ? 0 : -1;
}

/* Appends a warning on each escinfo-ignore comment whose list names no code or group (a typo
 * there suppresses nothing).  Returns 0, or -1 when out of memory. */
static int add_bad_suppressions(const struct feature_context *ctx, struct lsp_diagnostics *out)
{
  const struct esc_suppressions *s = &ctx->facts->suppressions;
  for (size_t i = 0; i < s->n; i++) {
    const struct esc_suppression *sup = &s->v[i];
    if (!sup->unknown || sup->line == 0 || sup->line > ctx->doc->nlines)
      continue;
    struct lsp_diagnostic *d = lsp_diagnostics_add(out);
    struct esc_text t;
    if (!d)
      return -1;
    uint32_t col = sup->column - 1;
    d->range.start = document_position(ctx->doc, sup->line - 1, col, ctx->encoding);
    d->range.end = document_position(ctx->doc, sup->line - 1, col + 14, ctx->encoding);
    d->severity = LSP_SEVERITY_WARNING;
    esc_text_init(&t);
    esc_text_adds(&t, "escinfo-ignore names '");
    esc_text_adds(&t, sup->unknown);
    esc_text_adds(&t, "', which is no fact code or group: this comment suppresses nothing");
    d->message = esc_text_take(&t, NULL);
    d->code = esc_strdup(BAD_SUPPRESSION_CODE);
    if (!d->message || !d->code)
      return -1;
  }
  return 0;
}

int diagnostics_build(const struct feature_context *ctx, struct lsp_diagnostics *out)
{
  memset(out, 0, sizeof *out);
  if (ctx->analysis_error && add_analysis_failed(ctx, out) != 0)
    return -1;
  if (ctx->facts->nentries == 0) {
    if (ctx->settings->no_facts_notice && diagnostics_is_c_family(ctx->doc))
      return add_no_facts_notice(ctx, out);
    return 0;
  }
  if (add_facts(ctx, out, shown_by_settings, NULL) != 0)
    return -1;
  return add_bad_suppressions(ctx, out);
}

int diagnostics_of_function(const struct feature_context *ctx, const char *function,
                            struct lsp_diagnostics *out)
{
  memset(out, 0, sizeof *out);
  return add_facts(ctx, out, of_function, function);
}
