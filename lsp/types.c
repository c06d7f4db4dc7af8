/* types.c - the LSP values the features produce: growing lists and destructors. */
#include "types.h"

#include "fact.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends a zeroed element to the array *V of *N elements of SIZE bytes (*CAP allocated, grown
 * by esc_grow).  Returns it, counted, or NULL when out of memory. */
static void *grow(void **v, size_t *n, size_t *cap, size_t size)
{
  if (esc_grow(v, *n, cap, size, 8) != 0)
    return NULL;
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
