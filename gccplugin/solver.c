/* solver.c - inclusion-based points-to solving and escape marking for one function.
 *
 * Nodes are values (SSA names, temporaries) and cells (the contents of an object, split by
 * directly-accessed bit ranges; cell 0 of every object is "anywhere in it").  Each node has a
 * bitset over objects.  Constraints are applied round-robin until nothing changes; the first
 * constraint that put an object into a node is remembered, which gives every escape its flow.
 * Values that must point to the same objects as another node (a copy of it, or the same read
 * as another value) share that node's bitset instead of being solved themselves. */
#include "solver.h"

#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum constraint_kind {
  C_ADDR, C_COPY, C_LOAD, C_LOAD_DIRECT, C_STORE, C_COPY_CONTENTS, C_SINK, C_SINK_CONTENTS,
  C_SINK_NUMBERS
};

/* What solving reads of a constraint, kept small so that its rounds run through few cache
 * lines; the rest is in its note, at the same index. */
struct constraint {
  unsigned char kind;  /* enum constraint_kind */
  unsigned char route; /* enum esc_route (sinks) */
  bool dangles; /* the route ends in static storage or a return (through a callee) */
  bool by_callee; /* added while applying a callee's summary: its doing, not the function's */
  bool numbers; /* C_LOAD: only what was stored as a number; C_STORE: a value that may be a
                   number (so numeric loads see it too) */
  bool bytes;   /* C_LOAD: a character-sized read (esc_load_bytes) */
  bool shared; /* defines a value that shares another node's bitset: not applied */
  int dst, src, obj;
};

/* What a constraint says for flows, and the bits a C_LOAD_DIRECT reads. */
struct constraint_note {
  struct esc_msg msg;
  const struct esc_step_list *via;
  int64_t off, size;
  uint32_t loc;
};

struct cell {
  int64_t off, size; /* size < 0: anywhere */
  int node;
};

/* Why an object escapes. */
enum why_kind { WHY_NONE, WHY_SINK, WHY_CONTAINER, WHY_OBJECT_SINK };
struct why {
  enum why_kind kind;
  int constraint; /* WHY_SINK */
  int container;  /* WHY_CONTAINER, WHY_OBJECT_SINK: the object holding it */
  int node;       /* where the object was found */
};

/* One way an object escapes: found by marking from the seeds of one route group (PASS). */
struct route_rec {
  int obj;
  unsigned pass;
  enum esc_route route;
  bool dangles; /* the route ends in static storage or a return */
  struct why why;
};

struct object {
  enum esc_obj_kind kind;
  const char *name;
  int param;
  bool closure;
  enum esc_route sink_route; /* what happens to what is stored in it */
  struct esc_msg sink_msg;
  int address_node;
  int number_node; /* what was stored in it as numbers (or as values of unknown type) */
  int entry_cell;  /* PARAM_CONTENT: the cell holding what it held on entry (-1: none) */
  int bytes_obj;   /* PARAM_CONTENT: its parameter's PARAM_BYTES object (-1: none) */
  struct cell *cells;
  size_t ncells, cells_cap;
};

/* The first step that brought an object into a node, in a hash table whose slots are told
 * apart by the solver's generation (the top 16 bits of the key): emptying the table for the
 * next function is counting on, not clearing. */
#define PRED_GEN_SHIFT 48
struct pred {
  uint64_t key; /* generation, then node * nobjs + obj + 1; a slot of another generation is
                   empty */
  int constraint;
  int src;
};

/* Memory for one function's solving and marking: arrays sized once the function is built,
 * taken from chunks that stay with the solver from one function to the next (a unit has
 * thousands of functions; allocating and freeing their arrays each time was a tenth of the
 * plugin's cost).  Everything in it goes at esc_solver_reset. */
struct chunk {
  struct chunk *next;
  size_t size, used;
  max_align_t data[];
};

struct esc_solver {
  bool failed;
  bool by_callee; /* constraints added now are a callee's doing (esc_solver_by_callee) */
  struct object *objs;
  size_t nobjs, objs_cap;
  size_t nnodes;
  struct constraint *cons;
  struct constraint_note *notes;
  size_t ncons, cons_cap, notes_cap;
  /* solving */
  size_t words;
  uint64_t **bits; /* per node, NULL when empty; rows of one block (bits_block) */
  uint64_t *bits_block;
  struct pred *preds;
  size_t preds_cap, npreds;
  unsigned preds_gen; /* 1 .. 0xffff */
  /* escapes */
  struct route_rec *recs; /* every route of every object, in the order found */
  size_t nrecs, recs_cap;
  size_t *rec_start; /* per object, its first entry in rec_order; nobjs + 1 entries */
  size_t *rec_order; /* record indices grouped by object, each object's in pass order */
  uint64_t *marked;  /* the objects this pass has marked (words) */
  uint64_t *gained;  /* solving: the sources of a copy of contents that gained (words) */
  unsigned *seeded;  /* per node and seed kind: the pass that last marked from its objects */
  unsigned pass;
  uint64_t *reached; /* the objects a walk of reachable memory reached (words) */
  int *reach;        /* that walk's queue */
  size_t *queue;     /* records whose object's contents are still to mark */
  int *owner; /* per node: the object a cell belongs to, -1 for values */
  /* per node: the node whose bitset it shares (itself when none); for a value that shares
   * one, the constraint that defines it and the node it reads (a copy's source, or the value
   * making the same read); -1 otherwise */
  int *rep, *shared_con, *shared_src;
  unsigned *changed; /* per node: the clock when it last gained an object */
  unsigned clock;    /* counts the objects nodes gained */
  struct chunk *scratch; /* the arrays above from bits on, but recs and preds (scratch()) */
};

/* ---- growth helpers ------------------------------------------------------------------- */

static bool grow(struct esc_solver *s, void **arr, size_t *cap, size_t need, size_t elem)
{
  if (need <= *cap)
    return true;
  size_t cap2 = *cap ? *cap * 2 : 16;
  while (cap2 < need)
    cap2 *= 2;
  void *p = realloc(*arr, cap2 * elem);
  if (!p) {
    s->failed = true;
    return false;
  }
  memset((char *)p + *cap * elem, 0, (cap2 - *cap) * elem);
  *arr = p;
  *cap = cap2;
  return true;
}

/* N elements of ELEM bytes from the scratch chunks (zeroed when ZERO), or NULL (S failed). */
static void *scratch(struct esc_solver *s, size_t n, size_t elem, bool zero)
{
  const size_t align = sizeof(max_align_t);
  if (!n)
    n = 1;
  if (n > (SIZE_MAX - align) / elem) {
    s->failed = true;
    return NULL;
  }
  size_t len = (n * elem + align - 1) / align * align;
  struct chunk *c = s->scratch;
  if (!c || c->size - c->used < len) {
    size_t size = c ? c->size * 2 : 1 << 16;
    while (size < len)
      size *= 2;
    struct chunk *fresh = malloc(sizeof *fresh + size);
    if (!fresh) {
      s->failed = true;
      return NULL;
    }
    fresh->next = c;
    fresh->size = size;
    fresh->used = 0;
    s->scratch = c = fresh;
  }
  void *p = (char *)c->data + c->used;
  c->used += len;
  if (zero)
    memset(p, 0, n * elem);
  return p;
}

/* Chunks kept from one function to the next at most; a larger function's are given back. */
#define SCRATCH_KEPT ((size_t)8 << 20)
/* The same for the table of steps, in slots, when a function left it sparse. */
#define PREDS_KEPT ((size_t)1 << 16)

struct esc_solver *esc_solver_new(void)
{
  struct esc_solver *s = calloc(1, sizeof(struct esc_solver));
  if (s)
    s->preds_gen = 1;
  return s;
}

void esc_solver_reset(struct esc_solver *s)
{
  /* The scratch chunks become one, as large as they were together (up to SCRATCH_KEPT), so
   * that a function of the same size needs no allocation. */
  size_t total = 0;
  for (struct chunk *c = s->scratch; c; c = c->next)
    total += c->size;
  if (s->scratch && (s->scratch->next || total > SCRATCH_KEPT)) {
    while (s->scratch) {
      struct chunk *next = s->scratch->next;
      free(s->scratch);
      s->scratch = next;
    }
    if (total <= SCRATCH_KEPT && (s->scratch = malloc(sizeof *s->scratch + total))) {
      s->scratch->next = NULL;
      s->scratch->size = total;
    }
  }
  if (s->scratch)
    s->scratch->used = 0;
  /* The table of steps is kept unless it is large and was sparse for this function (grown by
   * a larger one before). */
  size_t fits = 1024;
  while (fits < 4 * s->npreds)
    fits *= 2;
  if (s->preds_cap > PREDS_KEPT && s->preds_cap > fits) {
    free(s->preds);
    s->preds = NULL;
    s->preds_cap = 0;
  }
  if (++s->preds_gen > 0xffff) {
    if (s->preds)
      memset(s->preds, 0, s->preds_cap * sizeof *s->preds);
    s->preds_gen = 1;
  }
  s->npreds = 0;
  s->failed = s->by_callee = false;
  s->nobjs = s->nnodes = s->ncons = s->words = s->nrecs = 0;
  s->bits = NULL;
  s->bits_block = NULL;
  s->rec_start = s->rec_order = s->queue = NULL;
  s->marked = s->gained = NULL;
  s->seeded = s->changed = NULL;
  s->reached = NULL;
  s->pass = s->clock = 0;
  s->reach = s->owner = s->rep = s->shared_con = s->shared_src = NULL;
}

void esc_solver_free(struct esc_solver *s)
{
  if (!s)
    return;
  for (size_t i = 0; i < s->objs_cap; i++) /* cells stay with an object slot across resets */
    free(s->objs[i].cells);
  free(s->objs);
  free(s->cons);
  free(s->notes);
  free(s->preds);
  free(s->recs);
  while (s->scratch) {
    struct chunk *next = s->scratch->next;
    free(s->scratch);
    s->scratch = next;
  }
  free(s);
}

bool esc_solver_failed(const struct esc_solver *s)
{
  return s->failed;
}

void esc_solver_fail(struct esc_solver *s)
{
  s->failed = true;
}

/* ---- building ------------------------------------------------------------------------- */

int esc_value(struct esc_solver *s)
{
  if (s->bits) /* solved: the node arrays are sized; nothing may be added */
    return -1;
  return (int)s->nnodes++;
}

static int add_cell(struct esc_solver *s, int obj, int64_t off, int64_t size)
{
  struct object *o = &s->objs[obj];
  for (size_t i = 0; i < o->ncells; i++)
    if (o->cells[i].off == off && o->cells[i].size == size)
      return o->cells[i].node;
  int node = esc_value(s);
  if (node < 0 || !grow(s, (void **)&o->cells, &o->cells_cap, o->ncells + 1, sizeof *o->cells))
    return -1;
  struct cell *c = &o->cells[o->ncells++];
  c->off = off;
  c->size = size;
  c->node = node;
  return node;
}

int esc_object(struct esc_solver *s, enum esc_obj_kind kind, const char *name, int param)
{
  if (s->bits) /* solved: the bitsets are sized; nothing may be added */
    return -1;
  if (!grow(s, (void **)&s->objs, &s->objs_cap, s->nobjs + 1, sizeof *s->objs))
    return -1;
  int id = (int)s->nobjs++;
  struct object *o = &s->objs[id];
  struct cell *cells = o->cells; /* what this slot had in a function before, to reuse */
  size_t cells_cap = o->cells_cap;
  memset(o, 0, sizeof *o);
  o->cells = cells;
  o->cells_cap = cells_cap;
  o->kind = kind;
  o->name = name;
  o->param = param;
  o->address_node = -1;
  if (add_cell(s, id, -1, -1) < 0) /* cell 0: anywhere */
    return -1;
  if ((o->number_node = esc_value(s)) < 0)
    return -1;
  o->entry_cell = o->bytes_obj = -1;
  if (kind == ESC_OBJ_PARAM_CONTENT) {
    o->entry_cell = (int)o->ncells;
    if (add_cell(s, id, -2, -2) < 0) /* what it held on entry, apart from what is stored */
      return -1;
  }
  return id;
}

void esc_object_set_closure(struct esc_solver *s, int obj)
{
  if (obj >= 0)
    s->objs[obj].closure = true;
}

enum esc_obj_kind esc_object_kind(const struct esc_solver *s, int obj)
{
  return s->objs[obj].kind;
}

const char *esc_object_name(const struct esc_solver *s, int obj)
{
  return s->objs[obj].name;
}

int esc_object_param(const struct esc_solver *s, int obj)
{
  return s->objs[obj].param;
}

size_t esc_object_count(const struct esc_solver *s)
{
  return s->nobjs;
}

int esc_object_address(struct esc_solver *s, int obj)
{
  if (obj < 0)
    return -1;
  if (s->objs[obj].address_node < 0)
    s->objs[obj].address_node = esc_value(s);
  return s->objs[obj].address_node;
}

static struct constraint *add(struct esc_solver *s, enum constraint_kind kind, uint32_t loc,
                              struct esc_msg msg)
{
  if (!grow(s, (void **)&s->cons, &s->cons_cap, s->ncons + 1, sizeof *s->cons)
      || !grow(s, (void **)&s->notes, &s->notes_cap, s->ncons + 1, sizeof *s->notes))
    return NULL;
  struct constraint_note *note = &s->notes[s->ncons];
  memset(note, 0, sizeof *note);
  note->loc = loc;
  note->msg = msg;
  struct constraint *c = &s->cons[s->ncons++];
  memset(c, 0, sizeof *c);
  c->kind = (unsigned char)kind;
  c->dst = c->src = c->obj = -1;
  c->by_callee = s->by_callee;
  return c;
}

void esc_solver_by_callee(struct esc_solver *s, bool on)
{
  s->by_callee = on;
}

void esc_addr(struct esc_solver *s, int dst, int obj, uint32_t loc, struct esc_msg msg)
{
  struct constraint *c;
  if (dst < 0 || obj < 0 || !(c = add(s, C_ADDR, loc, msg)))
    return;
  c->dst = dst;
  c->obj = obj;
}

void esc_copy(struct esc_solver *s, int dst, int src, uint32_t loc, struct esc_msg msg)
{
  struct constraint *c;
  if (dst < 0 || src < 0 || dst == src || !(c = add(s, C_COPY, loc, msg)))
    return;
  c->dst = dst;
  c->src = src;
}

/* A load through PTR: of everything, of numbers only, or of bytes (the C_LOAD flags). */
static void load(struct esc_solver *s, int dst, int ptr, uint32_t loc, struct esc_msg msg,
                 bool numbers, bool bytes)
{
  struct constraint *c;
  if (dst < 0 || ptr < 0 || !(c = add(s, C_LOAD, loc, msg)))
    return;
  c->dst = dst;
  c->src = ptr;
  c->numbers = numbers;
  c->bytes = bytes;
}

void esc_load(struct esc_solver *s, int dst, int ptr, uint32_t loc, struct esc_msg msg)
{
  load(s, dst, ptr, loc, msg, false, false);
}

void esc_load_bytes(struct esc_solver *s, int dst, int ptr, uint32_t loc, struct esc_msg msg)
{
  load(s, dst, ptr, loc, msg, false, true);
}

void esc_load_numbers(struct esc_solver *s, int dst, int ptr, uint32_t loc, struct esc_msg msg)
{
  load(s, dst, ptr, loc, msg, true, false);
}

static void load_direct(struct esc_solver *s, int dst, int obj, int64_t off, int64_t size,
                        uint32_t loc, struct esc_msg msg, bool numbers)
{
  struct constraint *c;
  if (dst < 0 || obj < 0 || !(c = add(s, C_LOAD_DIRECT, loc, msg)))
    return;
  c->dst = dst;
  c->obj = obj;
  s->notes[s->ncons - 1].off = size < 0 ? -1 : off;
  s->notes[s->ncons - 1].size = size < 0 ? -1 : size;
  c->numbers = numbers;
}

void esc_load_direct(struct esc_solver *s, int dst, int obj, int64_t off, int64_t size,
                     uint32_t loc, struct esc_msg msg)
{
  load_direct(s, dst, obj, off, size, loc, msg, false);
}

void esc_load_direct_numbers(struct esc_solver *s, int dst, int obj, int64_t off, int64_t size,
                             uint32_t loc, struct esc_msg msg)
{
  load_direct(s, dst, obj, off, size, loc, msg, true);
}

static void store(struct esc_solver *s, int ptr, int src, uint32_t loc, struct esc_msg msg,
                  bool numbers)
{
  struct constraint *c;
  if (ptr < 0 || src < 0 || !(c = add(s, C_STORE, loc, msg)))
    return;
  c->dst = ptr;
  c->src = src;
  c->numbers = numbers;
}

void esc_store(struct esc_solver *s, int ptr, int src, uint32_t loc, struct esc_msg msg)
{
  store(s, ptr, src, loc, msg, true);
}

void esc_store_pointer(struct esc_solver *s, int ptr, int src, uint32_t loc, struct esc_msg msg)
{
  store(s, ptr, src, loc, msg, false);
}

void esc_store_direct(struct esc_solver *s, int obj, int64_t off, int64_t size, int src,
                      bool pointer, uint32_t loc, struct esc_msg msg)
{
  if (obj < 0 || src < 0)
    return;
  int cell = size < 0 ? s->objs[obj].cells[0].node : add_cell(s, obj, off, size);
  esc_copy(s, cell, src, loc, msg);
  if (!pointer)
    esc_copy(s, s->objs[obj].number_node, src, loc, msg);
}

void esc_copy_contents(struct esc_solver *s, int dst, int src, uint32_t loc, struct esc_msg msg)
{
  struct constraint *c;
  if (dst < 0 || src < 0 || !(c = add(s, C_COPY_CONTENTS, loc, msg)))
    return;
  c->dst = dst;
  c->src = src;
}

void esc_sink(struct esc_solver *s, int src, enum esc_route route, uint32_t loc,
              struct esc_msg msg, const struct esc_step_list *via)
{
  struct constraint *c;
  if (src < 0 || !(c = add(s, C_SINK, loc, msg)))
    return;
  c->src = src;
  c->route = (unsigned char)route;
  s->notes[s->ncons - 1].via = via;
}

void esc_sink_contents(struct esc_solver *s, int ptr, enum esc_route route, uint32_t loc,
                       struct esc_msg msg, const struct esc_step_list *via)
{
  struct constraint *c;
  if (ptr < 0 || !(c = add(s, C_SINK_CONTENTS, loc, msg)))
    return;
  c->src = ptr;
  c->route = (unsigned char)route;
  s->notes[s->ncons - 1].via = via;
}

void esc_sink_numbers(struct esc_solver *s, int ptr, enum esc_route route, uint32_t loc,
                      struct esc_msg msg)
{
  struct constraint *c;
  if (ptr < 0 || !(c = add(s, C_SINK_NUMBERS, loc, msg)))
    return;
  c->src = ptr;
  c->route = (unsigned char)route;
}

void esc_object_sink(struct esc_solver *s, int obj, enum esc_route route, struct esc_msg msg)
{
  if (obj < 0)
    return;
  s->objs[obj].sink_route = route;
  s->objs[obj].sink_msg = msg;
}

/* ---- bitsets and predecessors ---------------------------------------------------------- */

/* NODE's bitset, made non-empty.  All rows live in one block allocated by esc_solve; a row
 * is linked into bits[] when first used, so empty nodes stay cheap to skip. */
static uint64_t *node_bits(struct esc_solver *s, int node)
{
  if (!s->bits[node])
    s->bits[node] = s->bits_block + (size_t)node * s->words;
  return s->bits[node];
}

/* Bitsets over objects (a node's row, the marking's sets): is I in SET; put it there. */
static bool in_set(const uint64_t *set, int i)
{
  return set[i / 64] >> (i % 64) & 1;
}

static void add_to_set(uint64_t *set, int i)
{
  set[i / 64] |= 1ull << (i % 64);
}

static bool has_bit(const struct esc_solver *s, int node, int obj)
{
  const uint64_t *b = s->bits[node];
  return b && in_set(b, obj);
}

static size_t pred_slot(const struct esc_solver *s, uint64_t key)
{
  uint64_t h = key * 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 17) & (s->preds_cap - 1);
}

static uint64_t pred_key(const struct esc_solver *s, int node, int obj)
{
  uint64_t at = (uint64_t)node * s->nobjs + (uint64_t)obj + 1;
  return (uint64_t)s->preds_gen << PRED_GEN_SHIFT | at;
}

static bool pred_live(const struct esc_solver *s, const struct pred *p)
{
  return p->key >> PRED_GEN_SHIFT == s->preds_gen;
}

static void pred_put(struct esc_solver *s, int node, int obj, int constraint, int src)
{
  if ((s->npreds + 1) * 2 > s->preds_cap) {
    size_t cap = s->preds_cap ? s->preds_cap * 2 : 1024;
    struct pred *old = s->preds;
    size_t oldcap = s->preds_cap;
    s->preds = calloc(cap, sizeof *s->preds);
    if (!s->preds) {
      s->preds = old;
      s->failed = true;
      return;
    }
    s->preds_cap = cap;
    for (size_t i = 0; i < oldcap; i++)
      if (pred_live(s, &old[i])) {
        size_t j = pred_slot(s, old[i].key);
        while (pred_live(s, &s->preds[j]))
          j = (j + 1) & (cap - 1);
        s->preds[j] = old[i];
      }
    free(old);
  }
  uint64_t key = pred_key(s, node, obj);
  size_t j = pred_slot(s, key);
  while (pred_live(s, &s->preds[j]) && s->preds[j].key != key)
    j = (j + 1) & (s->preds_cap - 1);
  if (pred_live(s, &s->preds[j]))
    return;
  s->preds[j].key = key;
  s->preds[j].constraint = constraint;
  s->preds[j].src = src;
  s->npreds++;
}

static const struct pred *pred_get(const struct esc_solver *s, int node, int obj)
{
  if (!s->preds_cap)
    return NULL;
  uint64_t key = pred_key(s, node, obj);
  size_t j = pred_slot(s, key);
  while (pred_live(s, &s->preds[j])) {
    if (s->preds[j].key == key)
      return &s->preds[j];
    j = (j + 1) & (s->preds_cap - 1);
  }
  return NULL;
}

/* Is a flow ever told for an object of KIND: a subject (a local, an allocation, a parameter's
 * pointee), memory of the function's own that may hold one, or a parameter's deeper memory
 * (whose flow a summary keeps)?  Static storage, unknown memory and the addresses that stand
 * for what a caller stored are not: a subject stored there escapes at the store. */
static bool tells_flow(enum esc_obj_kind kind)
{
  switch (kind) {
  case ESC_OBJ_NONLOCAL:
  case ESC_OBJ_STATIC_CONTENT:
  case ESC_OBJ_GLOBAL:
  case ESC_OBJ_PARAM_BYTES:
  case ESC_OBJ_PARAM_NUMBERS:
    return false;
  default:
    return true;
  }
}

/* The step that brought OBJ into NODE, as pred_get, also for a value sharing another node's
 * bitset: its defining constraint, from the node it reads (a copy's source), or from where the
 * value it shares with read it (the same read). */
static bool step_into(const struct esc_solver *s, int node, int obj, struct pred *out)
{
  if (s->shared_con && s->shared_con[node] >= 0) {
    const struct constraint *c = &s->cons[s->shared_con[node]];
    if (!tells_flow(s->objs[obj].kind) || !has_bit(s, node, obj))
      return false;
    out->constraint = s->shared_con[node];
    out->src = -1;
    if (c->kind == C_COPY)
      out->src = s->shared_src[node];
    else if (c->kind != C_ADDR) {
      struct pred p;
      if (!step_into(s, s->shared_src[node], obj, &p))
        return false;
      out->src = p.src;
    }
    return true;
  }
  const struct pred *p = pred_get(s, node, obj);
  if (!p)
    return false;
  *out = *p;
  return true;
}

/* Sets OBJ in NODE; returns true if it was new. */
static bool set_bit(struct esc_solver *s, int node, int obj, int constraint, int src)
{
  uint64_t *b = node_bits(s, node);
  if (!b)
    return false;
  if (in_set(b, obj))
    return false;
  add_to_set(b, obj);
  s->changed[node] = ++s->clock;
  /* Only subjects and the memory that may hold one need the steps by which they got here (for
   * their flows); the others keep only what they held on entry (constraint -1), which tells
   * what a function stored from what it was given. */
  if (constraint < 0 || tells_flow(s->objs[obj].kind))
    pred_put(s, node, obj, constraint, src);
  return true;
}

/* DST |= SRC; returns true if anything changed. */
static bool union_rows(struct esc_solver *s, int dst, int src, int constraint)
{
  const uint64_t *b = s->bits[src];
  uint64_t *d = NULL;
  bool changed = false;
  for (size_t w = 0; w < s->words; w++) {
    uint64_t add = b[w] & ~(d ? d[w] : 0);
    if (!add)
      continue;
    if (!d && !(d = node_bits(s, dst)))
      return false;
    add = b[w] & ~d[w];
    while (add) {
      int bit = __builtin_ctzll(add);
      add &= add - 1;
      set_bit(s, dst, (int)(w * 64 + (size_t)bit), constraint, src);
      changed = true;
    }
  }
  return changed;
}

/* The same, most often called when SRC has nothing new for DST: that is told inline for the
 * usual single word. */
static inline bool union_into(struct esc_solver *s, int dst, int src, int constraint)
{
  const uint64_t *b = s->bits[src], *d = s->bits[dst];
  if (!b || dst == src || (s->words == 1 && d && !(b[0] & ~d[0])))
    return false;
  return union_rows(s, dst, src, constraint);
}

/* Each object VAR in the bitset BITS of WORDS words (none when BITS is NULL) that is not in
 * the bitset SEEN, in increasing order; a word of each is read when the loop reaches it, so
 * what the body adds to SEEN counts from the next word on. */
#define FOR_EACH_BIT_NOT_IN(bits, seen, words, var)                                            \
  for (size_t var##_w = 0; (bits) && var##_w < (words); var##_w++)                             \
    for (uint64_t var##_m = (bits)[var##_w] & ~(seen)[var##_w]; var##_m;                       \
         var##_m &= var##_m - 1)                                                               \
      for (int var = (int)(var##_w * 64 + (size_t)__builtin_ctzll(var##_m)), var##_once = 1;   \
           var##_once; var##_once = 0)

/* Each object VAR in the bitset BITS of WORDS words (none when BITS is NULL). */
#define FOR_EACH_BIT(bits, words, var)                                                         \
  for (size_t var##_w = 0; (bits) && var##_w < (words); var##_w++)                             \
    for (uint64_t var##_m = (bits)[var##_w]; var##_m; var##_m &= var##_m - 1)                  \
      for (int var = (int)(var##_w * 64 + (size_t)__builtin_ctzll(var##_m)), var##_once = 1;   \
           var##_once; var##_once = 0)

/* Each object VAR that NODE points to (or holds). */
#define FOR_EACH_OBJ(s, node, var) FOR_EACH_BIT((s)->bits[node], (s)->words, var)

static bool overlaps(const struct cell *c, int64_t off, int64_t size)
{
  if (c->size < 0 || size < 0)
    return true;
  return c->off < off + size && off < c->off + c->size;
}

/* ---- solving --------------------------------------------------------------------------- */

static void seed(struct esc_solver *s)
{
  int nonlocal = -1, static_content = -1;
  for (size_t i = 0; i < s->nobjs; i++) {
    if (s->objs[i].kind == ESC_OBJ_NONLOCAL && nonlocal < 0)
      nonlocal = (int)i;
    if (s->objs[i].kind == ESC_OBJ_STATIC_CONTENT && static_content < 0)
      static_content = (int)i;
  }
  for (size_t i = 0; i < s->nobjs; i++) {
    struct object *o = &s->objs[i];
    if (o->address_node >= 0)
      set_bit(s, o->address_node, (int)i, -1, -1);
    int any = o->cells[0].node;
    switch (o->kind) {
    case ESC_OBJ_NONLOCAL:
      if (nonlocal >= 0)
        set_bit(s, any, nonlocal, -1, -1);
      break;
    case ESC_OBJ_GLOBAL:
    case ESC_OBJ_STATIC_CONTENT:
      /* What static storage holds on entry: memory reached through it (which holds the same),
       * or, without that object, memory of unknown origin. */
      if (static_content >= 0)
        set_bit(s, any, static_content, -1, -1);
      if (nonlocal >= 0 && (static_content < 0 || o->kind == ESC_OBJ_STATIC_CONTENT))
        set_bit(s, any, nonlocal, -1, -1);
      break;
    case ESC_OBJ_PARAM:
    case ESC_OBJ_PARAM_CONTENT:
      if (o->entry_cell >= 0)
        any = o->cells[o->entry_cell].node;
      for (size_t j = 0; j < s->nobjs; j++) {
        if (s->objs[j].param != o->param)
          continue;
        if (s->objs[j].kind == ESC_OBJ_PARAM_CONTENT)
          set_bit(s, any, (int)j, -1, -1);
        if (s->objs[j].kind == ESC_OBJ_PARAM_NUMBERS)
          set_bit(s, o->number_node, (int)j, -1, -1);
        if (s->objs[j].kind == ESC_OBJ_PARAM_BYTES)
          o->bytes_obj = (int)j;
      }
      break;
    default:
      break;
    }
  }
}

/* Has NODE gained an object since the clock read SINCE?  (A constraint whose inputs have not
 * since it was last applied has nothing new to give.) */
static bool fresh(const struct esc_solver *s, int node, unsigned since)
{
  return s->changed[s->rep[node]] > since;
}

/* Has any cell of O gained an object since the clock read SINCE? */
static bool fresh_contents(const struct esc_solver *s, const struct object *o, unsigned since)
{
  for (size_t k = 0; k < o->ncells; k++)
    if (fresh(s, o->cells[k].node, since))
      return true;
  return false;
}

/* Applies constraint CI, last applied when the clock read SINCE (0: never); returns whether a
 * node gained an object. */
static bool apply(struct esc_solver *s, int ci, unsigned since)
{
  struct constraint *c = &s->cons[ci];
  bool changed = false;
  switch (c->kind) {
  case C_ADDR:
    changed = set_bit(s, c->dst, c->obj, ci, -1);
    break;
  case C_COPY:
    if (!fresh(s, c->src, since))
      break;
    changed = union_into(s, c->dst, c->src, ci);
    break;
  case C_LOAD: {
    /* What the pointer newly points to gives all it holds, the rest what it gained. */
    bool new_targets = fresh(s, c->src, since);
    FOR_EACH_OBJ(s, c->src, y) {
      struct object *o = &s->objs[y];
      if (c->numbers) {
        if (new_targets || fresh(s, o->number_node, since))
          changed |= union_into(s, c->dst, o->number_node, ci);
        continue;
      }
      /* The bytes of a parameter's deeper memory as it was on entry: addresses the caller
       * knows at the depth below (PARAM_BYTES), not the memory itself. */
      bool entry_as_bytes = c->bytes && o->entry_cell >= 0 && o->bytes_obj >= 0;
      for (size_t k = 0; k < o->ncells; k++)
        if (!(entry_as_bytes && (int)k == o->entry_cell)
            && (new_targets || fresh(s, o->cells[k].node, since)))
          changed |= union_into(s, c->dst, o->cells[k].node, ci);
      if (entry_as_bytes)
        changed |= set_bit(s, c->dst, o->bytes_obj, ci, -1);
    }
    break;
  }
  case C_LOAD_DIRECT: {
    /* A read of a number sees what was stored at its place, and what was stored in the object
     * as a number anywhere; not a pointer stored somewhere unknown in it (cell 0). */
    struct object *o = &s->objs[c->obj];
    for (size_t k = c->numbers ? 1 : 0; k < o->ncells; k++)
      if (overlaps(&o->cells[k], s->notes[ci].off, s->notes[ci].size)
          && fresh(s, o->cells[k].node, since))
        changed |= union_into(s, c->dst, o->cells[k].node, ci);
    if (c->numbers && fresh(s, o->number_node, since))
      changed |= union_into(s, c->dst, o->number_node, ci);
    break;
  }
  case C_STORE:
    if (!fresh(s, c->src, since) && !fresh(s, c->dst, since))
      break;
    FOR_EACH_OBJ(s, c->dst, y) {
      changed |= union_into(s, s->objs[y].cells[0].node, c->src, ci);
      if (c->numbers)
        changed |= union_into(s, s->objs[y].number_node, c->src, ci);
    }
    break;
  case C_COPY_CONTENTS: {
    /* The sources to copy from: all of them for new targets, else those whose contents gained
     * something (told once, not for each target). */
    const uint64_t *from = s->bits[c->src];
    if (!from)
      break;
    if (!fresh(s, c->dst, since) && !fresh(s, c->src, since)) {
      memset(s->gained, 0, s->words * sizeof *s->gained);
      FOR_EACH_BIT(from, s->words, y)
        if (fresh_contents(s, &s->objs[y], since) || fresh(s, s->objs[y].number_node, since))
          add_to_set(s->gained, y);
      from = s->gained;
    }
    FOR_EACH_OBJ(s, c->dst, d) {
      FOR_EACH_BIT(from, s->words, y) {
        const struct object *o = &s->objs[y];
        /* A byte copy: what it moves may land on a number of the destination as well as on
         * a pointer, so the numbers there see all of it. */
        for (size_t k = 0; k < o->ncells; k++) {
          changed |= union_into(s, s->objs[d].cells[0].node, o->cells[k].node, ci);
          changed |= union_into(s, s->objs[d].number_node, o->cells[k].node, ci);
        }
        changed |= union_into(s, s->objs[d].number_node, o->number_node, ci);
      }
    }
    break;
  }
  case C_SINK:
  case C_SINK_CONTENTS:
  case C_SINK_NUMBERS:
    break;
  }
  return changed;
}

/* ---- values that share a bitset ------------------------------------------------------- */

/* The constraint that alone defines value V, or -1: V must then point to exactly what that
 * constraint gives it.  Cells, numbers and objects' addresses are seeded or stored into, so
 * never. */
static void single_definitions(const struct esc_solver *s, int *single)
{
  for (size_t v = 0; v < s->nnodes; v++)
    single[v] = s->owner[v] >= 0 ? -2 : -1;
  for (size_t i = 0; i < s->nobjs; i++)
    if (s->objs[i].address_node >= 0)
      single[s->objs[i].address_node] = -2;
  for (size_t i = 0; i < s->ncons; i++) {
    const struct constraint *c = &s->cons[i];
    if (c->kind != C_ADDR && c->kind != C_COPY && c->kind != C_LOAD && c->kind != C_LOAD_DIRECT)
      continue;
    single[c->dst] = single[c->dst] == -1 ? (int)i : -2;
  }
}

/* Do constraints IA and IB (defining two values) give them the same objects? */
static bool same_definition(const struct esc_solver *s, int ia, int ib)
{
  const struct constraint *a = &s->cons[ia], *b = &s->cons[ib];
  if (a->kind != b->kind)
    return false;
  switch (a->kind) {
  case C_ADDR:
    return a->obj == b->obj;
  case C_LOAD:
    return s->rep[a->src] == s->rep[b->src] && a->numbers == b->numbers && a->bytes == b->bytes;
  case C_LOAD_DIRECT:
    return a->obj == b->obj && s->notes[ia].off == s->notes[ib].off
           && s->notes[ia].size == s->notes[ib].size && a->numbers == b->numbers;
  default:
    return false;
  }
}

static uint64_t definition_hash(const struct esc_solver *s, int ci)
{
  const struct constraint *c = &s->cons[ci];
  uint64_t h = (uint64_t)c->kind * 0x100000001b3ull;
  if (c->kind == C_LOAD)
    h ^= (uint64_t)s->rep[c->src] << 8 | (uint64_t)c->numbers << 1 | (uint64_t)c->bytes;
  else
    h ^= (uint64_t)c->obj << 8 ^ (uint64_t)s->notes[ci].off * 31
         ^ (uint64_t)s->notes[ci].size * 17
         ^ (uint64_t)c->numbers << 1;
  h *= 0x9E3779B97F4A7C15ull;
  return h ^ h >> 32; /* the product's low bits see only the key's low bits */
}

/* Finds the values whose bitset is another node's: a copy of a node shares that node's, and a
 * value defined as the same read as another (the same object's address, the same bits of an
 * object, a read through a pointer that points to the same objects) shares that value's.  Their
 * defining constraints are not applied; their flows are told through the node they share. */
static bool share_sets(struct esc_solver *s)
{
  size_t n = s->nnodes;
  int *def = scratch(s, n, sizeof *def, false);
  bool *decided = scratch(s, n, sizeof *decided, false);
  size_t cap = 16;
  while (cap < 2 * n)
    cap *= 2;
  int *table = scratch(s, cap, sizeof *table, false); /* values by their definition */
  s->rep = scratch(s, n, sizeof *s->rep, false);
  s->shared_con = scratch(s, n, sizeof *s->shared_con, false);
  s->shared_src = scratch(s, n, sizeof *s->shared_src, false);
  if (s->failed)
    return false;
  single_definitions(s, def);
  for (size_t v = 0; v < s->nnodes; v++) {
    s->rep[v] = (int)v;
    s->shared_con[v] = s->shared_src[v] = -1;
    decided[v] = def[v] < 0;
  }
  for (size_t i = 0; i < cap; i++)
    table[i] = -1;
  /* A value is decided once what it reads is (a copy's source, a load's pointer): rounds in
   * node order until none is; what stays undecided (copies in a cycle) keeps its own set. */
  for (bool progress = true; progress;) {
    progress = false;
    for (size_t v = 0; v < s->nnodes; v++) {
      if (decided[v])
        continue;
      struct constraint *c = &s->cons[def[v]];
      if ((c->kind == C_COPY || c->kind == C_LOAD) && !decided[c->src])
        continue;
      decided[v] = progress = true;
      int other = -1;
      if (c->kind == C_COPY)
        other = c->src;
      else {
        size_t j = (size_t)definition_hash(s, def[v]) & (cap - 1);
        while (table[j] >= 0 && !same_definition(s, def[table[j]], def[v]))
          j = (j + 1) & (cap - 1);
        if (table[j] < 0) {
          table[j] = (int)v; /* the first value so defined: solved itself */
          continue;
        }
        other = table[j];
      }
      s->rep[v] = s->rep[other];
      s->shared_src[v] = other;
      s->shared_con[v] = def[v];
      c->shared = true;
    }
  }
  return true;
}

int esc_solve(struct esc_solver *s)
{
  if (s->failed)
    return -1;
  s->words = (s->nobjs + 63) / 64;
  if (!s->words)
    s->words = 1;
  /* The table of steps keys a node and an object in PRED_GEN_SHIFT bits: far more than the
   * bitsets (a bit per node and object) could ever take. */
  if (s->nnodes && (s->words > SIZE_MAX / s->nnodes
                    || (uint64_t)s->nnodes * (s->nobjs + 1) >= (uint64_t)1 << PRED_GEN_SHIFT)) {
    s->failed = true;
    return -1;
  }
  s->bits = scratch(s, s->nnodes, sizeof *s->bits, true);
  s->bits_block = scratch(s, s->nnodes * s->words, sizeof *s->bits_block, true);
  s->owner = scratch(s, s->nnodes, sizeof *s->owner, false);
  s->changed = scratch(s, s->nnodes, sizeof *s->changed, true);
  s->gained = scratch(s, s->words, sizeof *s->gained, false);
  if (s->failed)
    return -1;
  for (size_t i = 0; i < s->nnodes; i++)
    s->owner[i] = -1;
  for (size_t i = 0; i < s->nobjs; i++)
    for (size_t k = 0; k < s->objs[i].ncells; k++)
      s->owner[s->objs[i].cells[k].node] = (int)i;
  for (size_t i = 0; i < s->nobjs; i++)
    s->owner[s->objs[i].number_node] = (int)i;
  if (!share_sets(s)) {
    s->failed = true;
    return -1;
  }
  for (size_t v = 0; v < s->nnodes; v++)
    if (s->rep[v] != (int)v)
      s->bits[v] = s->bits_block + (size_t)s->rep[v] * s->words;
  seed(s);
  /* Addresses are set once; sinks act only after solving; what is left is applied in rounds,
   * in the order the constraints were made, until a round changes nothing. */
  int *active = scratch(s, s->ncons, sizeof *active, false);
  unsigned *applied = scratch(s, s->ncons, sizeof *applied, true); /* the clock at each start */
  if (s->failed)
    return -1;
  size_t nactive = 0;
  for (size_t i = 0; i < s->ncons; i++) {
    const struct constraint *c = &s->cons[i];
    if (c->shared || c->kind == C_SINK || c->kind == C_SINK_CONTENTS
        || c->kind == C_SINK_NUMBERS)
      continue;
    if (c->kind == C_ADDR)
      apply(s, (int)i, 0);
    else
      active[nactive++] = (int)i;
  }
  bool changed = true;
  while (changed && !s->failed) {
    changed = false;
    for (size_t i = 0; i < nactive; i++) {
      unsigned start = s->clock;
      changed |= apply(s, active[i], applied[i]);
      applied[i] = start;
    }
  }
  return s->failed ? -1 : 0;
}

/* ---- escapes --------------------------------------------------------------------------- */

struct marker {
  struct esc_solver *s;
  size_t head, tail;
};

/* Marks OBJ as escaping by ROUTE for WHY in this pass, unless the pass has marked it. */
static void mark(struct marker *m, int obj, enum esc_route route, struct why why, bool dangles)
{
  struct esc_solver *s = m->s;
  if (in_set(s->marked, obj))
    return;
  add_to_set(s->marked, obj);
  if (!grow(s, (void **)&s->recs, &s->recs_cap, s->nrecs + 1, sizeof *s->recs))
    return;
  struct route_rec *r = &s->recs[s->nrecs];
  r->obj = obj;
  r->pass = s->pass;
  r->route = route;
  r->why = why;
  r->dangles = dangles || route == ESC_ROUTE_RETURN || route == ESC_ROUTE_GLOBAL;
  s->queue[m->tail++] = s->nrecs++;
}

static void mark_node(struct marker *m, int node, enum esc_route route, struct why why,
                      bool dangles)
{
  struct esc_solver *s = m->s;
  why.node = node;
  FOR_EACH_BIT_NOT_IN(s->bits[node], s->marked, s->words, o) /* most are marked already */
    mark(m, o, route, why, dangles);
}

static enum esc_route object_sink_route(const struct esc_solver *s, const struct object *o,
                                        bool for_summary)
{
  if (o->sink_route == ESC_ROUTE_RETURN && for_summary)
    return ESC_ROUTE_NONE;
  if (o->sink_route != ESC_ROUTE_NONE)
    return o->sink_route;
  if (o->kind == ESC_OBJ_PARAM_CONTENT || o->kind == ESC_OBJ_NONLOCAL
      || o->kind == ESC_OBJ_STATIC_CONTENT)
    return ESC_ROUTE_STORE;
  if (o->kind == ESC_OBJ_PARAM && !for_summary)
    return ESC_ROUTE_STORE;
  return ESC_ROUTE_NONE;
}

/* Does what is stored in O outlive the frame?  Static storage and memory of unknown origin do;
 * so does the caller's memory (through a parameter) for the function's own facts.  For a summary
 * a parameter's memory is the caller's to judge: the caller applies the stores it is told of. */
static bool object_sink_dangles(const struct object *o, enum esc_route route, bool for_summary)
{
  if (route == ESC_ROUTE_RETURN || route == ESC_ROUTE_GLOBAL)
    return true;
  switch (o->kind) {
  case ESC_OBJ_STATIC_CONTENT:
  case ESC_OBJ_NONLOCAL:
    return true;
  case ESC_OBJ_PARAM:
  case ESC_OBJ_PARAM_CONTENT:
    return !for_summary;
  default:
    return false;
  }
}

/* The order in which routes name an escape that goes several ways: after the routes that
 * outlive the frame (which come first whatever their kind), the farthest-reaching first (static
 * storage is seen by everyone, a return by the caller). */
static int route_rank(enum esc_route r)
{
  switch (r) {
  case ESC_ROUTE_GLOBAL: return 0;
  case ESC_ROUTE_RETURN: return 1;
  case ESC_ROUTE_STORE: return 2;
  case ESC_ROUTE_CLOSURE: return 3;
  case ESC_ROUTE_CALL: return 4;
  case ESC_ROUTE_ASM: return 5;
  case ESC_ROUTE_UNKNOWN: return 6;
  default: return 7;
  }
}
#define ROUTE_RANKS 7

/* What is stored in an escaping object escapes with it, by the same route. */
static void drain(struct marker *m)
{
  struct esc_solver *s = m->s;
  while (m->head < m->tail && !s->failed) {
    struct route_rec rec = s->recs[s->queue[m->head++]];
    struct object *o = &s->objs[rec.obj];
    enum esc_route r = o->closure ? ESC_ROUTE_CLOSURE : rec.route;
    struct why why = {WHY_CONTAINER, -1, rec.obj, -1};
    for (size_t k = 0; k < o->ncells; k++)
      mark_node(m, o->cells[k].node, r, why, rec.dangles);
  }
}

/* A sink that starts the marking: a direct sink (constraint), an object whose contents escape
 * (what is stored in a global, say), or the contents of what a constraint's value points to. */
enum seed_kind { SEED_SINK, SEED_OBJECT, SEED_CONTENTS, SEED_NUMBERS };
struct seed {
  int group; /* the order of its route: dangling routes first, then by route_rank */
  enum seed_kind kind;
  int index; /* the constraint's or the object's */
  enum esc_route route;
  bool dangles;
};

/* Does a sink constraint's route outlive the frame? */
static bool sink_dangles(const struct constraint *c)
{
  return c->dangles || c->route == ESC_ROUTE_RETURN || c->route == ESC_ROUTE_GLOBAL;
}

#define SEED_KINDS 4
#define SEED_GROUPS (2 * ROUTE_RANKS + 1)

/* Orders the N seeds by group, then kind, then index: a counting sort, the seeds being made in
 * the order of their index within each kind.  Returns the ordered copy, or NULL. */
static struct seed *by_group(struct esc_solver *s, const struct seed *seeds, size_t n)
{
  size_t start[SEED_GROUPS * SEED_KINDS + 1] = {0};
  for (size_t i = 0; i < n; i++)
    start[seeds[i].group * SEED_KINDS + (int)seeds[i].kind + 1]++;
  for (size_t b = 0; b < SEED_GROUPS * SEED_KINDS; b++)
    start[b + 1] += start[b];
  struct seed *out = scratch(s, n, sizeof *out, false);
  if (out)
    for (size_t i = 0; i < n; i++)
      out[start[seeds[i].group * SEED_KINDS + (int)seeds[i].kind]++] = seeds[i];
  return out;
}

static struct seed make_seed(enum seed_kind kind, int index, enum esc_route route, bool dangles)
{
  struct seed sd = {(dangles ? 0 : ROUTE_RANKS) + route_rank(route), kind, index, route, dangles};
  return sd;
}

/* Queues in s->reach, from *TAIL on, the objects in NODE not reached yet. */
static void reach(struct esc_solver *s, int node, size_t *tail)
{
  FOR_EACH_BIT_NOT_IN(s->bits[node], s->reached, s->words, o) {
    add_to_set(s->reached, o);
    s->reach[(*tail)++] = o;
  }
}

static void mark_seed(struct marker *m, const struct seed *sd)
{
  struct esc_solver *s = m->s;
  /* A sink through a value that points to the same objects as one met earlier in this pass
   * (the same bitset) marks nothing new. */
  if (sd->kind != SEED_OBJECT) {
    unsigned *done = &s->seeded[(size_t)s->rep[s->cons[sd->index].src] * SEED_KINDS + sd->kind];
    if (*done == s->pass)
      return;
    *done = s->pass;
  }
  if (sd->kind == SEED_SINK) {
    struct why why = {WHY_SINK, sd->index, -1, -1};
    mark_node(m, s->cons[sd->index].src, sd->route, why, sd->dangles);
  } else if (sd->kind == SEED_OBJECT) {
    struct object *obj = &s->objs[sd->index];
    /* What the object held before the function ran (a parameter's pointee holds what the
     * caller put there) was not stored by the function: only what the function stores
     * escapes here. */
    for (size_t k = 0; k < obj->ncells; k++) {
      int node = obj->cells[k].node;
      struct why why = {WHY_OBJECT_SINK, -1, sd->index, node};
      FOR_EACH_BIT_NOT_IN(s->bits[node], s->marked, s->words, o) {
        const struct pred *p = pred_get(s, node, o);
        if (p && p->constraint < 0)
          continue;
        mark(m, o, sd->route, why, sd->dangles);
      }
    }
  } else if (sd->kind == SEED_NUMBERS) {
    /* What was stored as a number anywhere in the memory reachable from the value. */
    int src = s->cons[sd->index].src;
    size_t head = 0, tail = 0;
    memset(s->reached, 0, s->words * sizeof *s->reached);
    reach(s, src, &tail);
    while (head < tail) {
      const struct object *o = &s->objs[s->reach[head++]];
      struct why why = {WHY_SINK, sd->index, -1, o->number_node};
      mark_node(m, o->number_node, sd->route, why, sd->dangles);
      for (size_t k = 0; k < o->ncells; k++)
        reach(s, o->cells[k].node, &tail);
    }
  } else {
    int src = s->cons[sd->index].src;
    struct why why = {WHY_SINK, sd->index, -1, src};
    FOR_EACH_OBJ(s, src, y) {
      /* A closure handed over is a closure that escapes: what it captures goes with it. */
      if (s->objs[y].closure) {
        mark(m, y, sd->route, why, sd->dangles);
        continue;
      }
      for (size_t k = 0; k < s->objs[y].ncells; k++)
        mark_node(m, s->objs[y].cells[k].node, sd->route, why, sd->dangles);
    }
  }
}

/* Groups each object's records, in the order their passes ran. */
static void index_routes(struct esc_solver *s)
{
  s->rec_start = scratch(s, s->nobjs + 1, sizeof *s->rec_start, true);
  s->rec_order = scratch(s, s->nrecs, sizeof *s->rec_order, false);
  size_t *fill = scratch(s, s->nobjs, sizeof *fill, true);
  if (s->failed) {
    s->rec_start = NULL;
    return;
  }
  for (size_t i = 0; i < s->nrecs; i++)
    s->rec_start[s->recs[i].obj + 1]++;
  for (size_t i = 0; i < s->nobjs; i++)
    s->rec_start[i + 1] += s->rec_start[i];
  for (size_t i = 0; i < s->nrecs; i++) {
    int o = s->recs[i].obj;
    s->rec_order[s->rec_start[o] + fill[o]++] = i;
  }
}

void esc_compute_escapes(struct esc_solver *s, bool for_summary)
{
  if (s->failed || !s->bits)
    return;
  /* A second marking (the facts after the summary) takes fresh arrays: the first one's are
   * scratch until the next function. */
  s->seeded = scratch(s, s->nnodes * SEED_KINDS, sizeof *s->seeded, true);
  s->queue = scratch(s, s->nobjs, sizeof *s->queue, false);
  s->marked = scratch(s, s->words, sizeof *s->marked, true);
  s->reached = scratch(s, s->words, sizeof *s->reached, false);
  s->reach = scratch(s, s->nobjs, sizeof *s->reach, false);
  struct seed *seeds = scratch(s, s->ncons + s->nobjs, sizeof *seeds, false);
  if (s->failed)
    return;
  s->nrecs = 0;
  s->pass = 0;
  /* Every route of an object is found by marking from the seeds of one group at a time: the
   * routes that outlive the frame first, then the others, each set in the order of route_rank
   * (within a set, direct sinks first, so that the reported route is the most immediate one).
   * An object's first route names its verdict, so it dangles when any route does. */
  size_t n = 0;
  for (size_t i = 0; i < s->ncons; i++) {
    struct constraint *c = &s->cons[i];
    if (c->kind == C_SINK && !(for_summary && c->route == ESC_ROUTE_RETURN))
      seeds[n++] = make_seed(SEED_SINK, (int)i, c->route, sink_dangles(c));
    else if (c->kind == C_SINK_CONTENTS)
      seeds[n++] = make_seed(SEED_CONTENTS, (int)i, c->route, sink_dangles(c));
    else if (c->kind == C_SINK_NUMBERS)
      seeds[n++] = make_seed(SEED_NUMBERS, (int)i, c->route, sink_dangles(c));
  }
  for (size_t i = 0; i < s->nobjs; i++) {
    enum esc_route r = object_sink_route(s, &s->objs[i], for_summary);
    if (r != ESC_ROUTE_NONE)
      seeds[n++] = make_seed(SEED_OBJECT, (int)i, r,
                             object_sink_dangles(&s->objs[i], r, for_summary));
  }
  if (!(seeds = by_group(s, seeds, n)))
    return;
  struct marker m = {s, 0, 0};
  /* A summary needs only the first route of each object: one marking for all groups, each
   * stopping at what an earlier group marked. */
  if (for_summary)
    s->pass = 1;
  for (size_t i = 0; i < n && !s->failed; i++) {
    if (!for_summary && (i == 0 || seeds[i - 1].group != seeds[i].group)) {
      s->pass++;
      m.head = m.tail = 0;
      memset(s->marked, 0, s->words * sizeof *s->marked);
    }
    mark_seed(&m, &seeds[i]);
    if (i + 1 == n || seeds[i + 1].group != seeds[i].group)
      drain(&m);
  }
  index_routes(s);
}

/* OBJ's route I, or NULL. */
static const struct route_rec *route_at(const struct esc_solver *s, int obj, size_t i)
{
  if (obj < 0 || !s->rec_start || i >= s->rec_start[obj + 1] - s->rec_start[obj])
    return NULL;
  return &s->recs[s->rec_order[s->rec_start[obj] + i]];
}

/* OBJ's route found in PASS (an object holding another escapes in the same pass), or NULL. */
static const struct route_rec *route_in_pass(const struct esc_solver *s, int obj, unsigned pass)
{
  const struct route_rec *r;
  for (size_t i = 0; (r = route_at(s, obj, i)); i++)
    if (r->pass == pass)
      return r;
  return NULL;
}

size_t esc_object_routes(const struct esc_solver *s, int obj)
{
  return obj >= 0 && s->rec_start ? s->rec_start[obj + 1] - s->rec_start[obj] : 0;
}

enum esc_route esc_object_route_at(const struct esc_solver *s, int obj, size_t i)
{
  const struct route_rec *r = route_at(s, obj, i);
  return r ? r->route : ESC_ROUTE_NONE;
}

bool esc_object_dangles_at(const struct esc_solver *s, int obj, size_t i)
{
  const struct route_rec *r = route_at(s, obj, i);
  return r && r->dangles;
}

int esc_object_container(const struct esc_solver *s, int obj, size_t route)
{
  const struct route_rec *r = route_at(s, obj, route);
  return r && r->why.kind == WHY_CONTAINER ? r->why.container : -1;
}

enum esc_route esc_object_container_route(const struct esc_solver *s, int obj, size_t route)
{
  const struct route_rec *r = route_at(s, obj, route);
  if (!r || r->why.kind != WHY_CONTAINER)
    return ESC_ROUTE_NONE;
  const struct route_rec *h = route_in_pass(s, r->why.container, r->pass);
  return h ? h->route : ESC_ROUTE_NONE;
}

bool esc_object_dangles(const struct esc_solver *s, int obj)
{
  return esc_object_dangles_at(s, obj, 0);
}

void esc_sink_set_dangles(struct esc_solver *s)
{
  enum constraint_kind k = s->ncons ? s->cons[s->ncons - 1].kind : C_ADDR;
  if (k == C_SINK || k == C_SINK_CONTENTS || k == C_SINK_NUMBERS)
    s->cons[s->ncons - 1].dangles = true;
}

enum esc_route esc_object_route(const struct esc_solver *s, int obj)
{
  return esc_object_route_at(s, obj, 0);
}

bool esc_value_points_to(const struct esc_solver *s, int v, int obj)
{
  return v >= 0 && s->bits && has_bit(s, v, obj);
}

bool esc_contents_include(const struct esc_solver *s, int container, int obj)
{
  if (!s->bits)
    return false;
  const struct object *o = &s->objs[container];
  for (size_t k = 0; k < o->ncells; k++)
    if (has_bit(s, o->cells[k].node, obj))
      return true;
  return false;
}

void esc_value_each(const struct esc_solver *s, int v, void (*fn)(void *, int), void *ctx)
{
  if (v < 0 || !s->bits)
    return;
  FOR_EACH_OBJ(s, v, o)
    fn(ctx, o);
}

void esc_numbers_each(const struct esc_solver *s, int container, void (*fn)(void *, int),
                      void *ctx)
{
  if (!s->bits || container < 0)
    return;
  FOR_EACH_OBJ(s, s->objs[container].number_node, o)
    fn(ctx, o);
}

void esc_contents_each(const struct esc_solver *s, int container, void (*fn)(void *, int),
                       void *ctx)
{
  if (!s->bits)
    return;
  const struct object *c = &s->objs[container];
  uint64_t *seen = calloc(s->words, sizeof *seen);
  if (!seen)
    return;
  for (size_t k = 0; k < c->ncells; k++)
    FOR_EACH_BIT_NOT_IN(s->bits[c->cells[k].node], seen, s->words, o) {
      add_to_set(seen, o);
      fn(ctx, o);
    }
  free(seen);
}

/* ---- flows ----------------------------------------------------------------------------- */

/* MSG's text into BUF (LEN bytes, truncated): its format names the argument as %1$s (or %s)
 * and the number as %2$d (or %d); %% is a percent sign.  Written out here: formats with
 * numbered arguments made printf the largest part of telling the flows. */
static void format_msg(struct esc_msg msg, char *buf, size_t len)
{
  size_t n = 0;
  if (!len)
    return;
  for (const char *f = msg.fmt; f && *f && n + 1 < len; f++) {
    if (*f != '%' || !f[1]) {
      buf[n++] = *f;
      continue;
    }
    f++;
    if (f[0] >= '1' && f[0] <= '9' && f[1] == '$')
      f += 2;
    if (*f == 's') {
      for (const char *a = msg.arg ? msg.arg : "?"; *a && n + 1 < len; a++)
        buf[n++] = *a;
    } else if (*f == 'd') {
      char digits[24], *end = digits + sizeof digits;
      int64_t v = msg.num;
      const char *d = esc_decimal(end, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
      if (v < 0 && n + 1 < len)
        buf[n++] = '-';
      while (d < end && n + 1 < len)
        buf[n++] = *d++;
    } else {
      buf[n++] = *f; /* %%, and nothing else is used */
    }
  }
  buf[n] = 0;
}

/* Emits the steps by which OBJ reached NODE, oldest first. */
static void chain(const struct esc_solver *s, int obj, int node, esc_flow_step_fn step,
                  void *ctx)
{
  size_t n = 0, cap = 16;
  int *cons = malloc(cap * sizeof *cons);
  if (!cons)
    return;
  for (size_t guard = 0; node >= 0 && guard < s->nnodes + 1; guard++) {
    struct pred p;
    if (!step_into(s, node, obj, &p) || p.constraint < 0)
      break;
    if (n == cap) {
      int *c2 = realloc(cons, cap * 2 * sizeof *cons);
      if (!c2)
        break;
      cons = c2;
      cap *= 2;
    }
    cons[n++] = p.constraint;
    node = p.src;
  }
  char buf[512];
  while (n > 0) {
    const struct constraint_note *c = &s->notes[cons[--n]];
    if (!c->msg.fmt)
      continue;
    format_msg(c->msg, buf, sizeof buf);
    step(ctx, c->loc, buf);
  }
  free(cons);
}

void esc_object_flow(const struct esc_solver *s, int obj, size_t route, esc_flow_step_fn step,
                     esc_flow_extra_fn extra, void *ctx)
{
  char buf[512];
  const struct route_rec *r = route_at(s, obj, route);
  for (size_t guard = 0; r && guard <= s->nobjs; guard++) {
    const struct why *w = &r->why;
    chain(s, r->obj, w->node, step, ctx);
    if (w->kind == WHY_SINK) {
      const struct constraint_note *c = &s->notes[w->constraint];
      if (c->msg.fmt) {
        format_msg(c->msg, buf, sizeof buf);
        step(ctx, c->loc, buf);
      }
      if (c->via && extra)
        for (size_t i = 0; i < c->via->n; i++)
          extra(ctx, &c->via->steps[i]);
      return;
    }
    if (w->kind != WHY_CONTAINER)
      return;
    r = route_in_pass(s, w->container, r->pass);
  }
}

/* Does OBJ reach NODE by way of a closure's contents? */
static bool chain_through_closure(const struct esc_solver *s, int obj, int node)
{
  for (size_t guard = 0; node >= 0 && guard < s->nnodes + 1; guard++) {
    if (s->owner[node] >= 0 && s->objs[s->owner[node]].closure)
      return true;
    struct pred p;
    if (!step_into(s, node, obj, &p) || p.constraint < 0)
      break;
    node = p.src;
  }
  return false;
}

bool esc_object_captured(const struct esc_solver *s, int obj, size_t route)
{
  const struct route_rec *r = route_at(s, obj, route);
  for (size_t guard = 0; r && guard <= s->nobjs; guard++) {
    if (r->route == ESC_ROUTE_CLOSURE
        || (r->why.node >= 0 && chain_through_closure(s, r->obj, r->why.node)))
      return true;
    if (r->why.kind != WHY_CONTAINER)
      return false;
    r = route_in_pass(s, r->why.container, r->pass);
  }
  return false;
}

bool esc_object_by_callee(const struct esc_solver *s, int obj, size_t route)
{
  if (esc_object_route_at(s, obj, route) == ESC_ROUTE_CALL)
    return true;
  const struct route_rec *r = route_at(s, obj, route);
  for (size_t guard = 0; r && guard <= s->nobjs; guard++) {
    if (r->why.kind == WHY_SINK)
      return s->cons[r->why.constraint].by_callee;
    if (r->why.kind == WHY_OBJECT_SINK) {
      if (s->objs[r->why.container].sink_msg.fmt)
        return false; /* stored where it escapes by itself (static storage, unknown memory) */
      const struct pred *p = pred_get(s, r->why.node, r->obj);
      return p && p->constraint >= 0 && s->cons[p->constraint].by_callee;
    }
    r = route_in_pass(s, r->why.container, r->pass);
  }
  return false;
}

void esc_object_reason(const struct esc_solver *s, int obj, size_t route, char *buf, size_t len)
{
  if (len)
    buf[0] = 0;
  const struct route_rec *r = route_at(s, obj, route);
  for (size_t guard = 0; r && guard <= s->nobjs; guard++) {
    if (r->why.kind == WHY_SINK) {
      format_msg(s->notes[r->why.constraint].msg, buf, len);
      return;
    }
    if (r->why.kind == WHY_OBJECT_SINK) {
      const struct object *c = &s->objs[r->why.container];
      if (c->sink_msg.fmt)
        format_msg(c->sink_msg, buf, len);
      else {
        const struct pred *p = pred_get(s, r->why.node, r->obj);
        if (p && p->constraint >= 0)
          format_msg(s->notes[p->constraint].msg, buf, len);
      }
      return;
    }
    r = route_in_pass(s, r->why.container, r->pass);
  }
}
