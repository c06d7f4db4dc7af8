/* fresh.c - a callee that allocates a block, keeps what it was given in it and hands the block
 * back, by value or through an out-parameter ("leaking param: v to result level 1", as Go says).
 * The caller gets a block of its own for each call: where the block goes, what it holds goes. */
#include <stdlib.h>

struct box {
  int *p;
  struct box *next;
};

struct box *g_box;
struct box *g_list;

static struct box *wrap(int *v) /* { escinfo leak.return "v" } */
{
  struct box *b = malloc(sizeof *b); /* { escinfo escape.return "malloc" } */
  if (b) {
    b->p = v;
    b->next = NULL;
  }
  return b;
}

static void wrap_out(int *v, struct box **out) /* { escinfo leak.store "v" } { escinfo noleak "out" } */
{
  struct box *b = malloc(sizeof *b); /* { escinfo escape.store "malloc" } */
  if (b)
    b->p = v;
  *out = b;
}

/* Two blocks deep. */
static struct box *wrap_twice(int *v) /* { escinfo leak.return "v" } */
{
  struct box *inner = wrap(v);
  struct box *outer = malloc(sizeof *outer); /* { escinfo escape.return "malloc" } */
  if (outer) {
    outer->p = NULL;
    outer->next = inner;
  }
  return outer;
}

/* What the parameter points to is kept, not the parameter. */
static struct box *wrap_target(int **pp) /* { escinfo noleak "pp" } */
{
  struct box *b = calloc(1, sizeof *b); /* { escinfo escape.return "calloc" } */
  if (b)
    b->p = *pp;
  return b;
}

/* The new block is also put on a global list: what it holds escapes in the callee already. */
static struct box *wrap_listed(int *v) /* { escinfo leak.global "v" } */
{
  struct box *b = malloc(sizeof *b); /* { escinfo escape.global "malloc" } */
  if (!b)
    return NULL;
  b->p = v;
  b->next = g_list;
  g_list = b;
  return b;
}

/* The new block holds a pointer of unknown origin besides the parameter. */
static struct box *wrap_after(int *v) /* { escinfo leak.return "v" } */
{
  struct box *b = malloc(sizeof *b); /* { escinfo escape.return "malloc" } */
  if (b) {
    b->p = v;
    b->next = g_list;
  }
  return b;
}

void keep_wrapped(void)
{
  int x = 1; /* { escinfo escape.global "x" dangling } { escinfo-flow "x" "'wrap'" } */
  g_box = wrap(&x);
}

int use_wrapped(void)
{
  int y = 2; /* { escinfo noescape "y" } */
  struct box *b = wrap(&y);
  int r = b ? *b->p : 0;
  free(b);
  return r;
}

void keep_out(void)
{
  int z = 3; /* { escinfo escape.global "z" dangling } { escinfo-flow "z" "'wrap_out'" } */
  wrap_out(&z, &g_box);
}

int use_out(void)
{
  int w = 4; /* { escinfo noescape "w" } */
  struct box *b = NULL; /* { escinfo noescape "b" } */
  wrap_out(&w, &b);
  int r = b ? *b->p : 0;
  free(b);
  return r;
}

struct box *return_twice(void)
{
  int t = 5; /* { escinfo escape.return "t" dangling } */
  return wrap_twice(&t);
}

void keep_target(void)
{
  int u = 6; /* { escinfo escape.global "u" dangling } */
  int *pu = &u; /* { escinfo noescape "pu" } */
  g_box = wrap_target(&pu);
}

int listed(void)
{
  int l = 7; /* { escinfo escape.call "l" dangling } */
  struct box *b = wrap_listed(&l);
  return b ? *b->p : 0;
}

void stored_after(struct box **out) /* { escinfo noleak "out" } */
{
  int a = 8; /* { escinfo escape.store "a" dangling } */
  *out = wrap_after(&a);
}
