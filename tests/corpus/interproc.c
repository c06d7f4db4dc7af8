/* interproc.c - summaries across several functions: chains of calls, what a callee does with what
 * its argument points to, out-parameters, and the limits of per-parameter summaries.
 *
 * Summaries are applied at each call site, so one helper called with two different arguments
 * gives each its own verdict. */
#include <stdlib.h>

struct link {
  struct link *next;
  void *data;
};

struct slotref {
  int **slot;
};

extern void keep(void *);
extern void consume(void *);
int *g_pub;

/* A chain of three static functions ending in an unknown call. */
static void level3(int *p) /* { escinfo leak.call "p" } */
{
  keep(p);
}

static void level2(int *p) /* { escinfo leak.call "p" } */
{
  level3(p);
}

static void level1(int *p) /* { escinfo leak.call "p" } */
{
  level2(p);
}

void chain(void)
{
  int deep = 0; /* { escinfo escape.call "deep" } { escinfo-flow "deep" "'level1'" } */
  level1(&deep);
}

/* A chain of readers: nothing escapes. */
static int read3(const int *p) /* { escinfo noleak "p" } */
{
  return *p;
}

static int read2(const int *p) /* { escinfo noleak "p" } */
{
  return read3(p) * 2;
}

int read_chain(void)
{
  int local = 5; /* { escinfo noescape "local" } */
  return read2(&local);
}

/* Only what the argument points to leaks: the parameter itself does not. */
static void publish_first(int **slot) /* { escinfo noleak "slot" } */
{
  g_pub = *slot;
}

void publish_local(void)
{
  int x = 0; /* { escinfo escape.call "x" dangling } { escinfo-flow "x" "'publish_first'" } */
  int *p = &x; /* { escinfo noescape "p" } */
  publish_first(&p);
}

/* What the argument points to is returned. */
static int *deref(int **pp) /* { escinfo noleak "pp" } */
{
  return *pp;
}

int *unwrap(void)
{
  int v = 1; /* { escinfo escape.return "v" dangling } */
  int *p = &v; /* { escinfo noescape "p" } */
  return deref(&p);
}

/* A callee storing one argument into the other's pointee, with and without escape afterwards. */
static void bind(struct link *l, void *data) /* { escinfo noleak "l" } { escinfo leak.store "data" } */
{
  l->data = data;
}

void bind_and_send(void)
{
  int payload = 1; /* { escinfo escape.call "payload" } */
  struct link l; /* { escinfo escape.call "l" } */
  bind(&l, &payload);
  consume(&l);
}

int bind_local(void)
{
  int payload = 1; /* { escinfo noescape "payload" } */
  struct link l; /* { escinfo noescape "l" } */
  bind(&l, &payload);
  return *(int *)l.data;
}

/* Two out-parameters filled by one callee. */
static void make_pair(int **first, int **second, int *a, int *b) /* { escinfo noleak "first" } { escinfo noleak "second" } { escinfo leak.store "a" } { escinfo leak.store "b" } */
{
  *first = a;
  *second = b;
}

int pair_sum(void)
{
  int x = 1; /* { escinfo noescape "x" } */
  int y = 2; /* { escinfo noescape "y" } */
  int *p; /* { escinfo noescape "p" } */
  int *q; /* { escinfo noescape "q" } */
  make_pair(&p, &q, &x, &y);
  return *p + *q;
}

/* Context: the same helper, two call sites, two verdicts. */
static int *pass(int *p) /* { escinfo leak.return "p" } */
{
  return p;
}

void two_calls(void)
{
  int a = 1; /* { escinfo noescape "a" } */
  int b = 2; /* { escinfo escape.global "b" dangling } */
  int *pa = pass(&a);
  int *pb = pass(&b);
  g_pub = pb;
  *pa = 0;
}

/* A summary composed from another summary. */
static int *first_nonnull(int *a, int *b) /* { escinfo leak.return "a" } { escinfo leak.return "b" } */
{
  return a ? a : b;
}

static int fallback_value;

static int *or_default(int *a) /* { escinfo leak.return "a" } */
{
  return first_nonnull(a, &fallback_value);
}

int value_or_default(int *maybe) /* { escinfo noleak "maybe" } */
{
  return *or_default(maybe);
}

/* Two levels deep: the callee stores into what its argument's field points to.  The summary only
 * knows "stored into a parameter's pointee" one level down, so deeper it is a store into unknown
 * memory. */
static void store_deep(struct slotref *r, int *v) /* { escinfo noleak "r" } { escinfo leak.store "v" } */
{
  *r->slot = v;
}

int deep_out(void)
{
  int x = 1; /* { escinfo noescape "x" xfail "out-parameter two levels deep: the summary records stores into a parameter's direct pointee only" } */
  int *target = NULL; /* { escinfo noescape "target" } */
  struct slotref r = { &target }; /* { escinfo noescape "r" } */
  store_deep(&r, &x);
  return *target;
}

/* A callee that returns fresh memory: the caller gets a block of its own, and what it stores
 * there stays in the function. */
static struct link *new_link(void)
{
  return calloc(1, sizeof(struct link)); /* { escinfo escape.return "calloc" } */
}

int link_local(void)
{
  int x = 3; /* { escinfo noescape "x" } */
  struct link *l = new_link();
  if (!l)
    return 0;
  l->data = &x;
  int r = *(int *)l->data;
  free(l);
  return r;
}
