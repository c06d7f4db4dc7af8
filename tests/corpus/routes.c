/* routes.c - a subject that escapes several ways, and pointers made from integers.
 *
 * The fact is named by the most serious route, whatever the order of the statements: a route
 * that outlives the frame first (kept in static storage, returned, stored in memory reached
 * through static storage, kept by a callee that does one of these), then a store, a closure, a
 * call, an asm, a conversion.  It is dangling when any route outlives the frame.
 *
 * An address turned into an integer is followed as a number: where the number goes, the
 * address goes.  A pointer made from an integer the analysis does not follow points anywhere,
 * so a store through it escapes. */
#include <stdint.h>
#include <stdlib.h>

extern void fill(char *buf, int id);
extern void log_ptr(const void *p);
extern uintptr_t lookup_handle(int key) __attribute__((pure));
extern uintptr_t g_handles[16];

int *g_last;
int **g_slot;
struct registry {
  int *entry;
} *g_registry;

static void stash(int *p) /* { escinfo leak.global "p" } */
{
  g_last = p;
}

/* The most common dangling bug: the buffer is filled by a callee, then returned. */
char *name(int id)
{
  char buf[64]; /* { escinfo escape.return "buf" dangling } { escinfo-route "buf" escape.call } */
  fill(buf, id);
  return buf;
}

/* Passed on first, kept in a global after. */
void remember_after_logging(void)
{
  int x = 1; /* { escinfo escape.global "x" dangling } { escinfo-flow "x" "'g_last'" } { escinfo-route "x" escape.call } */
  log_ptr(&x);
  g_last = &x;
}

/* Kept in a global first, then passed on. */
void remember_then_log(void)
{
  int y = 2; /* { escinfo escape.global "y" dangling } { escinfo-route "y" escape.call } */
  g_last = &y;
  log_ptr(&y);
}

/* Kept in a global and returned: static storage reaches farther, and names it. */
int *kept_and_returned(void)
{
  int k2 = 14; /* { escinfo escape.global "k2" dangling } { escinfo-route "k2" escape.return dangling } */
  g_last = &k2;
  return &k2;
}

/* Stored into the caller's memory and returned: the return names it. */
int *both_ways(int **out) /* { escinfo noleak "out" } */
{
  int z = 3; /* { escinfo escape.return "z" dangling } { escinfo-route "z" escape.store dangling } */
  *out = &z;
  return &z;
}

/* Two calls: the one whose callee keeps it in a global names it. */
void logged_then_stashed(void)
{
  int q = 4; /* { escinfo escape.call "q" dangling } { escinfo-flow "q" "'stash'" } { escinfo-route "q" escape.call } */
  log_ptr(&q);
  stash(&q);
}

/* Through a pointer read from a global: memory reached through static storage. */
void into_slot(void)
{
  int v = 5; /* { escinfo escape.store "v" dangling } */
  *g_slot = &v;
}

void into_registry(void)
{
  int w = 6; /* { escinfo escape.store "w" dangling } */
  g_registry->entry = &w;
}

/* A local stored at a variable index of a heap block that is returned: the block is not lost. */
int **table_with(int i)
{
  int k = 7; /* { escinfo escape.return "k" dangling } */
  int **t = calloc(8, sizeof *t); /* { escinfo escape.return "calloc" } */
  if (t)
    t[i] = &k;
  return t;
}

/* The same through a pointer moved along the block. */
int **table_from(int i)
{
  int m = 8; /* { escinfo escape.return "m" dangling } */
  int **t = malloc(8 * sizeof *t); /* { escinfo escape.return "malloc" } */
  if (!t)
    return NULL;
  int **slot = t + i;
  *slot = &m;
  return t;
}

/* An address kept as an integer: the number is followed, and returning it is returning the
 * address. */
uintptr_t fingerprint(void)
{
  int probe; /* { escinfo escape.return "probe" dangling } */
  return (uintptr_t)&probe ^ 0x5bd1e995u;
}

/* Kept in static storage as an integer, and returned as a pointer: both routes dangle. */
int *tagged_and_returned(void)
{
  static uintptr_t seen;
  int r = 9; /* { escinfo escape.global "r" dangling } { escinfo-route "r" escape.return dangling } */
  seen = (uintptr_t)&r;
  return &r;
}

/* A pointer made from an integer the analysis does not follow: a handle passed in, a table of
 * integers, the result of an external pure function. A store through it escapes. */
void store_through_handle(uintptr_t handle)
{
  int h = 10; /* { escinfo escape.store "h" dangling } */
  *(int **)handle = &h;
}

void store_through_table(int i)
{
  int t = 11; /* { escinfo escape.store "t" dangling } */
  *(int **)g_handles[i] = &t;
}

void store_through_lookup(int key)
{
  int u = 12; /* { escinfo escape.store "u" dangling } */
  *(int **)lookup_handle(key) = &u;
}

void store_through_parsed(const char *text) /* { escinfo noleak "text" } */
{
  int n = 13; /* { escinfo escape.store "n" dangling } */
  *(int **)strtoul(text, NULL, 16) = &n;
}

/* Every route is listed with the one that names the fact. */
int *kept_and_given_back(int *p) /* { escinfo leak.global "p" } { escinfo-route "p" leak.return } */
{
  g_last = p;
  return p;
}

char *logged_block(void)
{
  char *m = malloc(32); /* { escinfo escape.return "malloc" } { escinfo-route "malloc" escape.call } */
  log_ptr(m);
  return m;
}

void three_ways(int **out) /* { escinfo noleak "out" } */
{
  int w = 15; /* { escinfo escape.global "w" dangling } { escinfo-route "w" escape.store dangling } { escinfo-route "w" escape.call } */
  log_ptr(&w);
  *out = &w;
  g_last = &w;
}

/* Through what an unknown function perhaps returns (its argument, or a copy): still dangling,
 * and the message says it may. */
extern char *dup_name(const char *s);
char *g_name;

void keep_dup(void)
{
  char name[8] = "x"; /* { escinfo escape.global "name" dangling } { escinfo-flow "name" "may dangle" } { escinfo-route "name" escape.call } */
  g_name = dup_name(name);
}
