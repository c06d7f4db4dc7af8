/* fact.c - fact codes, subjects and the owned-memory helpers of the fact model. */
#include "fact.h"

#include <stdlib.h>
#include <string.h>

static const struct esc_code_info code_table[ESC_CODE_COUNT] = {
  [ESC_ESCAPE_RETURN] = { "escape.return", "escapereturn", ESC_GROUP_ESCAPE,
    ESC_SEVERITY_INFORMATION, true, "escapes: return", NULL,
    "The address of a local or of a heap block leaves its function as (part of) the return value." },
  [ESC_ESCAPE_GLOBAL] = { "escape.global", "escapeglobal", ESC_GROUP_ESCAPE,
    ESC_SEVERITY_INFORMATION, true, "escapes: global", NULL,
    "The address is stored into a global, static or thread-local variable." },
  [ESC_ESCAPE_STORE] = { "escape.store", "escapestore", ESC_GROUP_ESCAPE,
    ESC_SEVERITY_INFORMATION, true, "escapes: store", NULL,
    "The address is stored into memory the function does not own." },
  [ESC_ESCAPE_CALL] = { "escape.call", "escapecall", ESC_GROUP_ESCAPE,
    ESC_SEVERITY_INFORMATION, true, "escapes: call", NULL,
    "The address is passed to a function that may keep it." },
  [ESC_ESCAPE_ASM] = { "escape.asm", "escapeasm", ESC_GROUP_ESCAPE,
    ESC_SEVERITY_INFORMATION, true, "escapes: asm", NULL,
    "The address is an operand of an inline asm statement." },
  [ESC_ESCAPE_CLOSURE] = { "escape.closure", "escapeclosure", ESC_GROUP_ESCAPE,
    ESC_SEVERITY_INFORMATION, true, "escapes: closure", NULL,
    "The variable is captured by a nested function or lambda whose closure escapes." },
  [ESC_ESCAPE_UNKNOWN] = { "escape.unknown", "escapeunknown", ESC_GROUP_ESCAPE,
    ESC_SEVERITY_INFORMATION, true, "escapes: unknown", NULL,
    "The analysis cannot tell where the address goes, so it counts as escaping." },
  [ESC_NOESCAPE] = { "noescape", "noescape", ESC_GROUP_NON_ESCAPING,
    ESC_SEVERITY_HINT, false, "no escape", NULL,
    "The address is taken but never leaves the function." },
  [ESC_LEAK_RETURN] = { "leak.return", "leakreturn", ESC_GROUP_LEAK,
    ESC_SEVERITY_INFORMATION, true, "leaks: return", NULL,
    "The pointer a parameter holds is returned." },
  [ESC_LEAK_GLOBAL] = { "leak.global", "leakglobal", ESC_GROUP_LEAK,
    ESC_SEVERITY_INFORMATION, true, "leaks: global", NULL,
    "The parameter's pointer is stored in a global, static or thread-local variable." },
  [ESC_LEAK_STORE] = { "leak.store", "leakstore", ESC_GROUP_LEAK,
    ESC_SEVERITY_INFORMATION, true, "leaks: store", NULL,
    "The parameter's pointer is stored into memory the function does not own." },
  [ESC_LEAK_CALL] = { "leak.call", "leakcall", ESC_GROUP_LEAK,
    ESC_SEVERITY_INFORMATION, true, "leaks: call", NULL,
    "The parameter's pointer is passed to a function that may keep it." },
  [ESC_LEAK_UNKNOWN] = { "leak.unknown", "leakunknown", ESC_GROUP_LEAK,
    ESC_SEVERITY_INFORMATION, true, "leaks: unknown", NULL,
    "The parameter's pointer goes where the analysis cannot follow, so it counts as kept." },
  [ESC_NOLEAK] = { "noleak", "noleak", ESC_GROUP_NON_ESCAPING,
    ESC_SEVERITY_HINT, false, "no leak", NULL,
    "The function does not keep the parameter's pointer." },
  [ESC_ALLOC_STACK_CANDIDATE] = { "alloc.stack-candidate", "allocstack-candidate",
    ESC_GROUP_ALLOCATION, ESC_SEVERITY_HINT, true, "stack candidate", NULL,
    "A constant-size heap allocation that never leaves its function and is always freed there." },
  [ESC_FRAME_SIZE] = { "frame.size", "framesize", ESC_GROUP_FRAME,
    ESC_SEVERITY_HINT, false, "frame: ?", "frame: %s",
    "The static size of the function's stack frame." },
  [ESC_FRAME_DYNAMIC] = { "frame.dynamic", "framedynamic", ESC_GROUP_FRAME,
    ESC_SEVERITY_HINT, true, "dynamic frame", NULL,
    "The function's frame grows at run time (alloca or a variable-length array)." },
  [ESC_FRAME_LARGE_LOCAL] = { "frame.large-local", "framelarge-local", ESC_GROUP_FRAME,
    ESC_SEVERITY_HINT, true, "large local", "large: %s",
    "A local variable larger than the threshold." },
};

static const char *const esc_subject_names[ESC_SUBJECT_COUNT] = {
  [ESC_SUBJECT_LOCAL] = "local",
  [ESC_SUBJECT_PARAM] = "param",
  [ESC_SUBJECT_ALLOC] = "alloc",
  [ESC_SUBJECT_FRAME] = "frame",
};

const struct esc_code_info *esc_code_info(enum esc_code code)
{
  return (unsigned)code < ESC_CODE_COUNT ? &code_table[code] : NULL;
}

const char *esc_code_name(enum esc_code code)
{
  if ((unsigned)code >= ESC_CODE_COUNT)
    return "unknown-code";
  return code_table[code].name;
}

int esc_code_from_name(const char *name)
{
  if (!name)
    return -1;
  for (int i = 0; i < ESC_CODE_COUNT; i++)
    if (strcmp(code_table[i].name, name) == 0)
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
  return (unsigned)code < ESC_CODE_COUNT
         && (code_table[code].group == ESC_GROUP_ESCAPE || code_table[code].group == ESC_GROUP_LEAK);
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

int esc_reserve(void **v, size_t need, size_t *cap, size_t elem, size_t first)
{
  if (need <= *cap)
    return 0;
  size_t c = *cap ? *cap : first;
  while (c < need) {
    if (c > SIZE_MAX / 2 / elem)
      return -1;
    c *= 2;
  }
  void *p = realloc(*v, c * elem);
  if (!p)
    return -1;
  *v = p;
  *cap = c;
  return 0;
}

int esc_grow(void **v, size_t n, size_t *cap, size_t elem, size_t first)
{
  return esc_reserve(v, n + 1, cap, elem, first);
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

bool esc_fact_dangles(const struct esc_fact *fact)
{
  if (fact->dangling)
    return true;
  for (size_t r = 0; r < fact->nroutes; r++)
    if (fact->routes[r].dangling)
      return true;
  return false;
}
