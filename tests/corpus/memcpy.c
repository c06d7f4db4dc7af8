/* memcpy.c - block copies: memcpy, memmove and mempcpy copy the pointers a block holds, and return
 * their destination (mempcpy: its end).  GCC folds small fixed-size copies into plain loads and
 * stores of wide integers (MEM <uint128_t> [&t]); those are still copies, and the local whose
 * address was written in the source is still a subject. */
#define _GNU_SOURCE
#include <string.h>

struct triple {
  int *a;
  int *b;
  int *c;
};

struct pair {
  int *first;
  int *second;
};

struct config {
  const char *name;
  const char *dir;
  const char *file;
};

extern void keep(void *);
struct config g_conf;

/* A copied array of pointers: a block copy moves the contents as one object, so every element
 * goes where one goes. */
void keep_copied_first(void)
{
  int a = 1; /* { escinfo escape.call "a" } */
  int b = 2; /* { escinfo noescape "b" xfail "the block copy moves src's contents as one object: only dst[0] is passed to keep" } */
  int c = 3; /* { escinfo noescape "c" xfail "the block copy moves src's contents as one object: only dst[0] is passed to keep" } */
  int *src[3] = { &a, &b, &c }; /* { escinfo noescape "src" } */
  int *dst[3]; /* { escinfo noescape "dst" } */
  memcpy(dst, src, sizeof src);
  keep(dst[0]);
}

/* A local config copied into a global: the copy is the escape, the source struct stays local. */
void install(void)
{
  char dir[32] = "/tmp"; /* { escinfo escape.global "dir" dangling } { escinfo-flow "dir" "'g_conf'" } */
  struct config c = { "app", dir, "app.conf" }; /* { escinfo noescape "c" } */
  memcpy(&g_conf, &c, sizeof c);
}

/* A real memcpy call (the size is not constant): the pointers are copied into the caller's array. */
void copy_pointers(int **out, size_t n) /* { escinfo noleak "out" } */
{
  int v = 0; /* { escinfo escape.store "v" dangling } */
  int *tmp[4] = { &v, &v, &v, &v }; /* { escinfo noescape "tmp" } */
  if (n > 4)
    n = 4;
  memcpy(out, tmp, n * sizeof tmp[0]);
}

/* memcpy returns its destination. */
char *copy_prefix(const char *s, size_t n) /* { escinfo noleak "s" } */
{
  char tmp[64]; /* { escinfo escape.return "tmp" dangling } */
  if (n > 63)
    n = 63;
  char *r = memcpy(tmp, s, n);
  r[n] = 0;
  return r;
}

/* A 16-byte copy that GCC turns into one 128-bit load and store: still a copy of two pointers. */
void export_local(struct pair *out) /* { escinfo noleak "out" } */
{
  int v = 1; /* { escinfo escape.store "v" dangling } */
  struct pair t = { &v, &v }; /* { escinfo noescape "t" } */
  memcpy(out, &t, sizeof t);
}

void export_pair(struct pair *out, int *x) /* { escinfo noleak "out" } { escinfo leak.store "x" } */
{
  struct pair t = { x, x }; /* { escinfo noescape "t" } */
  memcpy(out, &t, sizeof t);
}

/* An 8-byte copy between parameters: contents move, neither parameter leaks. */
void copy_ptr(int **dst, int *const *src) /* { escinfo noleak "dst" } { escinfo noleak "src" } */
{
  memcpy(dst, src, sizeof *dst);
}

/* mempcpy returns the end of what it wrote, inside dst. */
char *join(char *dst, const char *a, const char *b) /* { escinfo leak.return "dst" } { escinfo noleak "a" } { escinfo noleak "b" } */
{
  char *p = mempcpy(dst, a, strlen(a));
  p = mempcpy(p, b, strlen(b));
  *p = 0;
  return dst;
}

/* memmove within a local array of pointers. */
int rotate_and_read(void)
{
  int x = 1; /* { escinfo noescape "x" } */
  int y = 2; /* { escinfo noescape "y" } */
  int z = 3; /* { escinfo noescape "z" } */
  int *ring[3] = { &x, &y, &z }; /* { escinfo noescape "ring" } */
  int *first = ring[0];
  memmove(ring, ring + 1, 2 * sizeof ring[0]);
  ring[2] = first;
  return *ring[0] + *ring[2];
}

/* strcpy returns its destination too; the result stays local. */
size_t copy_and_measure(const char *s) /* { escinfo noleak "s" } */
{
  char buf[32]; /* { escinfo noescape "buf" } */
  char *r = strcpy(buf, "prefix:");
  strncat(r, s, sizeof buf - 8);
  return strlen(buf);
}
