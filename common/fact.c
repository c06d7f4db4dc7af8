/* fact.c - fact codes, subjects and the owned-memory helpers of the fact model. */
#include "fact.h"

#include <stdlib.h>
#include <string.h>

static const char *const esc_code_names[ESC_CODE_COUNT] = {
  [ESC_ESCAPE_RETURN] = "escape.return",
  [ESC_ESCAPE_GLOBAL] = "escape.global",
  [ESC_ESCAPE_STORE] = "escape.store",
  [ESC_ESCAPE_CALL] = "escape.call",
  [ESC_ESCAPE_ASM] = "escape.asm",
  [ESC_ESCAPE_CLOSURE] = "escape.closure",
  [ESC_ESCAPE_UNKNOWN] = "escape.unknown",
  [ESC_NOESCAPE] = "noescape",
  [ESC_LEAK_RETURN] = "leak.return",
  [ESC_LEAK_GLOBAL] = "leak.global",
  [ESC_LEAK_STORE] = "leak.store",
  [ESC_LEAK_CALL] = "leak.call",
  [ESC_LEAK_UNKNOWN] = "leak.unknown",
  [ESC_NOLEAK] = "noleak",
  [ESC_ALLOC_STACK_CANDIDATE] = "alloc.stack-candidate",
  [ESC_FRAME_SIZE] = "frame.size",
  [ESC_FRAME_DYNAMIC] = "frame.dynamic",
  [ESC_FRAME_LARGE_LOCAL] = "frame.large-local",
};

static const char *const esc_subject_names[ESC_SUBJECT_COUNT] = {
  [ESC_SUBJECT_LOCAL] = "local",
  [ESC_SUBJECT_PARAM] = "param",
  [ESC_SUBJECT_ALLOC] = "alloc",
  [ESC_SUBJECT_FRAME] = "frame",
};

const char *esc_code_name(enum esc_code code)
{
  if ((unsigned)code >= ESC_CODE_COUNT)
    return "unknown-code";
  return esc_code_names[code];
}

int esc_code_from_name(const char *name)
{
  if (!name)
    return -1;
  for (int i = 0; i < ESC_CODE_COUNT; i++)
    if (strcmp(esc_code_names[i], name) == 0)
      return i;
  return -1;
}

const char *esc_subject_name(enum esc_subject subject)
{
  if ((unsigned)subject >= ESC_SUBJECT_COUNT)
    return "unknown-subject";
  return esc_subject_names[subject];
}

int esc_subject_from_name(const char *name)
{
  if (!name)
    return -1;
  for (int i = 0; i < ESC_SUBJECT_COUNT; i++)
    if (strcmp(esc_subject_names[i], name) == 0)
      return i;
  return -1;
}

bool esc_code_is_escape(enum esc_code code)
{
  return (code >= ESC_ESCAPE_RETURN && code <= ESC_ESCAPE_UNKNOWN)
         || (code >= ESC_LEAK_RETURN && code <= ESC_LEAK_UNKNOWN);
}

char *esc_strdup(const char *s)
{
  if (!s)
    return NULL;
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d)
    memcpy(d, s, n);
  return d;
}

int esc_grow(void **v, size_t n, size_t *cap, size_t elem, size_t first)
{
  if (n < *cap)
    return 0;
  size_t c = *cap ? *cap * 2 : first;
  void *p = realloc(*v, c * elem);
  if (!p)
    return -1;
  *v = p;
  *cap = c;
  return 0;
}

struct esc_fact *esc_tu_add_fact(struct esc_tu *tu)
{
  if (esc_grow((void **)&tu->facts, tu->nfacts, &tu->facts_cap, sizeof *tu->facts, 16) != 0)
    return NULL;
  struct esc_fact *fact = &tu->facts[tu->nfacts++];
  memset(fact, 0, sizeof *fact);
  fact->value = -1;
  return fact;
}

int esc_flow_add_step(struct esc_step **flow, size_t *n, const char *file, unsigned line,
                      unsigned column, const char *message)
{
  struct esc_step *s = realloc(*flow, (*n + 1) * sizeof *s);
  if (!s)
    return -1;
  *flow = s;
  s = &s[*n];
  s->file = esc_strdup(file);
  s->message = esc_strdup(message);
  s->line = line;
  s->column = column;
  if ((file && !s->file) || (message && !s->message)) {
    free(s->file);
    free(s->message);
    return -1;
  }
  (*n)++;
  return 0;
}

int esc_fact_add_step(struct esc_fact *fact, const char *file, unsigned line, unsigned column,
                      const char *message)
{
  return esc_flow_add_step(&fact->flow, &fact->nflow, file, line, column, message);
}

struct esc_fact_route *esc_fact_add_route(struct esc_fact *fact)
{
  struct esc_fact_route *r = realloc(fact->routes, (fact->nroutes + 1) * sizeof *r);
  if (!r)
    return NULL;
  fact->routes = r;
  r = &r[fact->nroutes++];
  memset(r, 0, sizeof *r);
  return r;
}

static void free_flow(struct esc_step *flow, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(flow[i].file);
    free(flow[i].message);
  }
  free(flow);
}

void esc_fact_free(struct esc_fact *fact)
{
  free(fact->name);
  free(fact->function);
  free(fact->file);
  free(fact->spelling_file);
  free(fact->message);
  free(fact->note);
  free_flow(fact->flow, fact->nflow);
  for (size_t i = 0; i < fact->nroutes; i++) {
    free(fact->routes[i].message);
    free_flow(fact->routes[i].flow, fact->routes[i].nflow);
  }
  free(fact->routes);
  memset(fact, 0, sizeof *fact);
}

void esc_tu_free(struct esc_tu *tu)
{
  free(tu->producer);
  free(tu->gcc_version);
  free(tu->main_file);
  free(tu->output);
  free(tu->cwd);
  free(tu->language);
  for (size_t i = 0; i < tu->nargs; i++)
    free(tu->args[i]);
  free(tu->args);
  for (size_t i = 0; i < tu->nsources; i++) {
    free(tu->sources[i].path);
    free(tu->sources[i].hash);
  }
  free(tu->sources);
  for (size_t i = 0; i < tu->nfacts; i++)
    esc_fact_free(&tu->facts[i]);
  free(tu->facts);
  memset(tu, 0, sizeof *tu);
}
