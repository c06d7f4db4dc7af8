/* call.c - addresses passed to functions (Go: "leaking param" / "does not escape" at call sites).
 *
 * An unknown external function may keep any pointer it gets (escape.call).  A function defined in
 * this file is summarised first and its summary applied at the call: passing &x to a function
 * that only reads it is no escape.  const does not help an external function: it may still keep
 * the pointer. */
#include <stddef.h>

extern void keep(void *);
extern int lookup(const char *key, int *out);
extern size_t checksum(const void *p, size_t n);
extern unsigned hash_bytes(const void *p, size_t n) __attribute__((pure));

/* Straight to an unknown function. */
void register_id(void)
{
  int id = 3; /* { escinfo escape.call "id" } { escinfo-flow "id" "'keep'" } */
  keep(&id);
}

/* A static reader: summarised as not keeping its argument. */
static int peek(const int *p) /* { escinfo noleak "p" } */
{
  return *p;
}

int peek_twice(void)
{
  int v = 2; /* { escinfo noescape "v" } */
  return peek(&v) + peek(&v);
}

/* An out-parameter of an external function: it may keep it. */
int find(const char *key) /* { escinfo leak.call "key" } */
{
  int value = 0; /* { escinfo escape.call "value" } */
  if (lookup(key, &value))
    return value;
  return -1;
}

/* A static function that hands its argument on to an unknown one. */
static void forward(void *p) /* { escinfo leak.call "p" } */
{
  keep(p);
}

void forward_local(void)
{
  double d = 1.0; /* { escinfo escape.call "d" } { escinfo-flow "d" "'forward'" } */
  forward(&d);
}

/* A static function that stores its argument in a global: at the call site this is escape.call
 * (passed to a function summarised as keeping it), and it dangles because it ends in a global. */
static int *g_stash;
static void stash(int *p) /* { escinfo leak.global "p" } */
{
  g_stash = p;
}

void stash_local(void)
{
  int tmp = 0; /* { escinfo escape.call "tmp" dangling } { escinfo-flow "tmp" "'g_stash'" } */
  stash(&tmp);
}

/* A function that returns its argument: what happens to the result decides. */
static int *identity(int *p) /* { escinfo leak.return "p" } */
{
  return p;
}

int read_back(void)
{
  int x = 4; /* { escinfo noescape "x" } */
  int *q = identity(&x);
  return *q;
}

int *leak_back(void)
{
  int y = 4; /* { escinfo escape.return "y" dangling } { escinfo-flow "y" "'identity'" } */
  return identity(&y);
}

/* A callee that stores one argument into what the other points to. */
static void set_ptr(int **slot, int *v) /* { escinfo noleak "slot" } { escinfo leak.store "v" } */
{
  *slot = v;
}

int via_slot(void)
{
  int x = 1; /* { escinfo noescape "x" } */
  int *p = NULL; /* { escinfo noescape "p" } */
  set_ptr(&p, &x);
  return *p;
}

/* A const pointer to an unknown function: still escapes. */
unsigned sum_header(void)
{
  unsigned char hdr[8] = { 0 }; /* { escinfo escape.call "hdr" } */
  return (unsigned)checksum(hdr, sizeof hdr);
}

/* A pure external function cannot store anything: its arguments do not escape. */
unsigned hash_key(void)
{
  char key[4] = { 'a', 'b', 'c', 'd' }; /* { escinfo noescape "key" } */
  return hash_bytes(key, sizeof key);
}

/* The callee is defined after the caller: it is still summarised first. */
static int later(const int *p);

int early(void)
{
  int z = 9; /* { escinfo noescape "z" } */
  return later(&z);
}

static int later(const int *p) /* { escinfo noleak "p" } */
{
  return *p + 1;
}

/* A weak definition may be replaced at link time: its body says nothing about the final callee. */
__attribute__((weak)) int weak_peek(const int *p) /* { escinfo noleak "p" } */
{
  return *p;
}

int use_weak(void)
{
  int w = 1; /* { escinfo escape.call "w" } */
  return weak_peek(&w);
}

/* Counting set bits of a local bitmap through a static helper. */
static size_t count_set(const unsigned char *bits, size_t n) /* { escinfo noleak "bits" } */
{
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += (size_t)__builtin_popcount(bits[i]);
  return c;
}

size_t flags_set(unsigned a, unsigned b)
{
  unsigned char map[2] = { (unsigned char)a, (unsigned char)b }; /* { escinfo noescape "map" } */
  return count_set(map, sizeof map);
}
