/* inlay.c - inlay hints: a short verdict after each fact's name ("escapes: global", "leaks: call", "no escape"). */
#include "features.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void format_bytes(int64_t bytes, char out[32])
{
  if (bytes < 1024) {
    snprintf(out, 32, "%lld B", (long long)bytes);
    return;
  }
  double v = (double)bytes / 1024;
  const char *unit = "KiB";
  if (v >= 1024) {
    v /= 1024;
    unit = "MiB";
  }
  snprintf(out, 32, "%.1f %s", v, unit);
  char *dot = strstr(out, ".0 "); /* "4.0 KiB" -> "4 KiB" */
  if (dot)
    memmove(dot, dot + 2, strlen(dot + 2) + 1);
}

/* The short label of F: the code table's, with its value, and a sign when it dangles. */
static void label_of(const struct esc_fact *f, char *out, size_t size)
{
  const struct esc_code_info *info = esc_code_info(f->code);
  char bytes[32];
  if (!info) {
    snprintf(out, size, "%s", esc_code_name(f->code));
  } else if (info->value_label && f->value >= 0) {
    format_bytes(f->value, bytes);
    snprintf(out, size, info->value_label, bytes);
  } else {
    snprintf(out, size, "%s%s", info->label, esc_fact_dangles(f) ? " \xe2\x9a\xa0" : "");
  }
}

/* The byte column after the declarator whose name ends at byte END of LINE: past its array
 * bounds (`buf[32]`, `grid[ROWS][COLS]`), so that a hint never lands inside a declarator. */
static uint32_t after_declarator(const struct document *doc, uint32_t line, uint32_t end)
{
  size_t len;
  const char *text = document_line(doc, line, &len);
  size_t at = end, i = end;
  if (!text)
    return end;
  for (;;) {
    while (i < len && (text[i] == ' ' || text[i] == '\t'))
      i++;
    if (i >= len || text[i] != '[')
      return (uint32_t)at;
    int depth = 0;
    for (; i < len; i++) {
      if (text[i] == '[')
        depth++;
      else if (text[i] == ']' && --depth == 0)
        break;
    }
    if (i >= len) /* unclosed on this line: stay after the name */
      return (uint32_t)at;
    at = ++i;
  }
}

static bool before(struct lsp_position a, struct lsp_position b)
{
  return a.line < b.line || (a.line == b.line && a.character < b.character);
}

static int compare_place(const void *x, const void *y)
{
  const struct located_fact *a = *(const struct located_fact *const *)x;
  const struct located_fact *b = *(const struct located_fact *const *)y;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->col + a->len != b->col + b->len)
    return a->col + a->len < b->col + b->len ? -1 : 1;
  return (a->fact.code > b->fact.code) - (a->fact.code < b->fact.code);
}

/* Appends "SEP S" to the owned string *SLOT.  Returns 0, or -1 when out of memory. */
static int join(char **slot, const char *sep, const char *s)
{
  size_t n = *slot ? strlen(*slot) : 0, m = strlen(sep) + strlen(s);
  char *t = realloc(*slot, n + m + 1);
  if (!t)
    return -1;
  snprintf(t + n, m + 1, "%s%s", n ? sep : "", s);
  *slot = t;
  return 0;
}

int inlay_hints_build(const struct feature_context *ctx, struct lsp_range range,
                      struct lsp_inlay_hints *out)
{
  const struct fact_set *set = ctx->facts;
  memset(out, 0, sizeof *out);
  if (!ctx->settings->inlay_hints || set->nfacts == 0)
    return 0;
  const struct located_fact **v = malloc(set->nfacts * sizeof *v);
  size_t n = 0;
  int rc = 0;
  if (!v)
    return -1;
  for (size_t i = 0; i < set->nfacts; i++)
    if (!set->facts[i].dropped && !set->facts[i].suppressed
        && settings_inlay(ctx->settings, &set->facts[i].fact))
      v[n++] = &set->facts[i];
  qsort(v, n, sizeof *v, compare_place);
  struct lsp_inlay_hint *last = NULL;
  for (size_t i = 0; i < n && rc == 0; i++) {
    const struct located_fact *lf = v[i];
    struct lsp_position at = document_position(
      ctx->doc, lf->line, after_declarator(ctx->doc, lf->line, lf->col + lf->len), ctx->encoding);
    char label[128];
    if (before(at, range.start) || before(range.end, at))
      continue;
    label_of(&lf->fact, label, sizeof label);
    if (!last || last->position.line != at.line || last->position.character != at.character) {
      if (!(last = lsp_inlay_hints_add(out))) {
        rc = -1;
        break;
      }
      last->position = at;
    }
    if (join(&last->label, ", ", label) != 0
        || join(&last->tooltip, "\n", lf->fact.message ? lf->fact.message : "") != 0)
      rc = -1;
  }
  free(v);
  return rc;
}
