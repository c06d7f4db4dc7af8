/* types.c - the LSP values the features produce: growing lists, destructors and a text builder. */
#include "types.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for one more element in the array *V of *N elements of SIZE bytes, *CAP
 * allocated.  Returns the new (zeroed) element, counted, or NULL when out of memory. */
static void *grow(void **v, size_t *n, size_t *cap, size_t size)
{
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 8;
    void *p = realloc(*v, c * size);
    if (!p)
      return NULL;
    *v = p;
    *cap = c;
  }
  char *e = (char *)*v + (*n)++ * size;
  memset(e, 0, size);
  return e;
}

struct lsp_diagnostic *lsp_diagnostics_add(struct lsp_diagnostics *list)
{
  return grow((void **)&list->v, &list->n, &list->cap, sizeof *list->v);
}

void lsp_diagnostics_free(struct lsp_diagnostics *list)
{
  for (size_t i = 0; i < list->n; i++) {
    struct lsp_diagnostic *d = &list->v[i];
    free(d->code);
    free(d->href);
    free(d->message);
    free(d->subject);
    free(d->name);
    for (size_t j = 0; j < d->nrelated; j++) {
      free(d->related[j].uri);
      free(d->related[j].message);
    }
    free(d->related);
  }
  free(list->v);
  memset(list, 0, sizeof *list);
}

void lsp_hover_free(struct lsp_hover *hover)
{
  free(hover->contents);
  memset(hover, 0, sizeof *hover);
}

struct lsp_inlay_hint *lsp_inlay_hints_add(struct lsp_inlay_hints *list)
{
  return grow((void **)&list->v, &list->n, &list->cap, sizeof *list->v);
}

void lsp_inlay_hints_free(struct lsp_inlay_hints *list)
{
  for (size_t i = 0; i < list->n; i++) {
    free(list->v[i].label);
    free(list->v[i].tooltip);
  }
  free(list->v);
  memset(list, 0, sizeof *list);
}

struct lsp_code_lens *lsp_code_lenses_add(struct lsp_code_lenses *list)
{
  return grow((void **)&list->v, &list->n, &list->cap, sizeof *list->v);
}

void lsp_code_lenses_free(struct lsp_code_lenses *list)
{
  for (size_t i = 0; i < list->n; i++) {
    free(list->v[i].title);
    free(list->v[i].arg_uri);
    free(list->v[i].arg_function);
  }
  free(list->v);
  memset(list, 0, sizeof *list);
}

/* Makes room for N more bytes and the terminator.  Returns 0, or -1 (FAILED set). */
static int text_reserve(struct text_buffer *b, size_t n)
{
  if (b->failed)
    return -1;
  if (b->len + n + 1 <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + n + 1)
    cap *= 2;
  char *t = realloc(b->text, cap);
  if (!t) {
    b->failed = true;
    return -1;
  }
  b->text = t;
  b->cap = cap;
  return 0;
}

void text_append(struct text_buffer *b, const char *s, size_t n)
{
  if (text_reserve(b, n) != 0)
    return;
  memcpy(b->text + b->len, s, n);
  b->len += n;
  b->text[b->len] = '\0';
}

void text_printf(struct text_buffer *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || text_reserve(b, (size_t)n) != 0)
    return;
  va_start(ap, fmt);
  vsnprintf(b->text + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

char *text_take(struct text_buffer *b)
{
  char *t = b->failed ? NULL : b->text;
  if (!t && !b->failed)
    t = calloc(1, 1);
  if (b->failed)
    free(b->text);
  memset(b, 0, sizeof *b);
  return t;
}

void text_free(struct text_buffer *b)
{
  free(b->text);
  memset(b, 0, sizeof *b);
}
