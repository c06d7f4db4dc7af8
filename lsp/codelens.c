/* codelens.c - code lenses: one line over each function summing up its facts, and the fact list its command shows. */
#include "features.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare_function(const void *x, const void *y)
{
  const struct located_fact *a = *(const struct located_fact *const *)x;
  const struct located_fact *b = *(const struct located_fact *const *)y;
  int c = strcmp(a->fact.function ? a->fact.function : "", b->fact.function ? b->fact.function : "");
  if (c)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  return (a->col > b->col) - (a->col < b->col);
}

/* What one function's lens counts. */
struct summary {
  size_t locals, dangling, allocs, params, candidates, large;
  int64_t frame;  /* frame.size value, or -1 */
  bool dynamic;
};

static void count(struct summary *s, const struct esc_fact *f)
{
  switch (f->code) {
  case ESC_ALLOC_STACK_CANDIDATE: s->candidates++; break;
  case ESC_FRAME_SIZE: s->frame = f->value; break;
  case ESC_FRAME_DYNAMIC: s->dynamic = true; break;
  case ESC_FRAME_LARGE_LOCAL: s->large++; break;
  default:
    if (!esc_code_is_escape(f->code))
      break;
    if (esc_code_info(f->code)->group == ESC_GROUP_LEAK)
      s->params++;
    else if (f->subject == ESC_SUBJECT_ALLOC)
      s->allocs++;
    else
      s->locals++;
    s->dangling += esc_fact_dangles(f);
  }
}

static void part(struct esc_text *b, size_t n, const char *one, const char *many)
{
  if (n == 0)
    return;
  esc_text_printf(b, "%s%zu %s", b->len ? " \xc2\xb7 " : "", n, n == 1 ? one : many);
}

/* The title of a lens summing up S.  Malloc'd, or NULL when out of memory. */
static char *title_of(const struct summary *s)
{
  struct esc_text b;
  esc_text_init(&b);
  part(&b, s->locals, "escaping local", "escaping locals");
  part(&b, s->allocs, "escaping allocation", "escaping allocations");
  part(&b, s->params, "leaking param", "leaking params");
  if (s->dangling)
    esc_text_printf(&b, " (%zu dangling)", s->dangling);
  if (b.len == 0)
    esc_text_printf(&b, "nothing escapes");
  part(&b, s->candidates, "stack candidate", "stack candidates");
  part(&b, s->large, "large local", "large locals");
  if (s->frame >= 0) {
    char size[32];
    format_bytes(s->frame, size);
    esc_text_printf(&b, " \xc2\xb7 frame %s%s", size, s->dynamic ? " + dynamic" : "");
  } else if (s->dynamic) {
    esc_text_printf(&b, " \xc2\xb7 dynamic frame");
  }
  return esc_text_take(&b, NULL);
}

/* Appends the lens of the facts V[0..N), all of one function.  Returns 0 or -1 (memory). */
static int add_lens(const struct feature_context *ctx, const struct located_fact **v, size_t n,
                    struct lsp_code_lenses *out)
{
  struct summary s = { .frame = -1 };
  const struct located_fact *anchor = v[0]; /* the frame fact, at the function's name */
  /* a lens for a function with something the settings show besides its frame size (every
   * function at detail "all"): wrappers with nothing to say get none */
  bool notable = ctx->settings->detail == DETAIL_ALL;
  for (size_t i = 0; i < n && !notable; i++)
    notable = v[i]->fact.code != ESC_FRAME_SIZE && settings_shows_fact(ctx->settings, &v[i]->fact);
  if (!notable)
    return 0;
  for (size_t i = 0; i < n; i++) {
    const struct esc_fact *f = &v[i]->fact;
    /* a leak the settings do not show (one that happens in a callee) is not counted either */
    if (!esc_code_is_escape(f->code) || settings_shows_fact(ctx->settings, f))
      count(&s, f);
    if (v[i]->fact.code == ESC_FRAME_SIZE || (v[i]->fact.code == ESC_FRAME_DYNAMIC
                                              && anchor->fact.code != ESC_FRAME_SIZE))
      anchor = v[i];
  }
  struct lsp_code_lens *lens = lsp_code_lenses_add(out);
  if (!lens)
    return -1;
  lens->range = fact_range(ctx, anchor);
  lens->title = title_of(&s);
  lens->command = SHOW_FACTS_COMMAND;
  lens->arg_uri = esc_strdup(ctx->doc->uri);
  lens->arg_function = esc_strdup(anchor->fact.function ? anchor->fact.function : "");
  return lens->title && lens->arg_uri && lens->arg_function ? 0 : -1;
}

/* The facts of CTX that are neither dropped nor suppressed, by function then place.  Malloc'd (NULL when out of
 * memory); their number in *N. */
static const struct located_fact **by_function(const struct feature_context *ctx, size_t *n)
{
  const struct fact_set *set = ctx->facts;
  const struct located_fact **v = malloc((set->nfacts ? set->nfacts : 1) * sizeof *v);
  *n = 0;
  if (!v)
    return NULL;
  for (size_t i = 0; i < set->nfacts; i++)
    if (!set->facts[i].dropped && !set->facts[i].suppressed)
      v[(*n)++] = &set->facts[i];
  qsort(v, *n, sizeof *v, compare_function);
  return v;
}

static bool same_function(const struct located_fact *a, const struct located_fact *b)
{
  return strcmp(a->fact.function ? a->fact.function : "", b->fact.function ? b->fact.function : "") == 0;
}

static int compare_lens(const void *x, const void *y)
{
  const struct lsp_code_lens *a = x, *b = y;
  if (a->range.start.line != b->range.start.line)
    return a->range.start.line < b->range.start.line ? -1 : 1;
  return (a->range.start.character > b->range.start.character)
         - (a->range.start.character < b->range.start.character);
}

int code_lenses_build(const struct feature_context *ctx, struct lsp_code_lenses *out)
{
  size_t n;
  memset(out, 0, sizeof *out);
  if (!ctx->settings->code_lens)
    return 0;
  const struct located_fact **v = by_function(ctx, &n);
  int rc = v ? 0 : -1;
  for (size_t i = 0, j; rc == 0 && i < n; i = j) {
    for (j = i + 1; j < n && same_function(v[i], v[j]); j++)
      ;
    rc = add_lens(ctx, v + i, j - i, out);
  }
  free(v);
  if (out->n > 1)
    qsort(out->v, out->n, sizeof *out->v, compare_lens);
  return rc;
}

char *code_lens_fact_list(const struct feature_context *ctx, const char *function)
{
  size_t n;
  struct esc_text b;
  esc_text_init(&b);
  const struct located_fact **v = by_function(ctx, &n);
  if (!v)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    const struct located_fact *lf = v[i];
    if (strcmp(lf->fact.function ? lf->fact.function : "", function) != 0)
      continue;
    esc_text_printf(&b, "%s%u:%u: %s [%s]", b.len ? "\n" : "", lf->line + 1, lf->col + 1,
                lf->fact.message ? lf->fact.message : "", esc_code_name(lf->fact.code));
  }
  free(v);
  if (b.len == 0)
    esc_text_printf(&b, "No escape facts for '%s'.", function);
  return esc_text_take(&b, NULL);
}
