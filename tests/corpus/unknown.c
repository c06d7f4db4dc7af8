/* unknown.c - where the analysis cannot follow an address: passed through a function pointer, or
 * given to setjmp (escape.unknown, leak.unknown); and addresses converted to integers, which are
 * followed as numbers, so a harmless conversion (a comparison, an alignment test) is no escape.
 * Function-pointer parameters are not subjects. */
#include <setjmp.h>
#include <stdint.h>
#include <stddef.h>

struct ops {
  int (*read)(void *ctx, char *buf, size_t n);
};

extern void risky(void);
uintptr_t g_cookie;

/* The address, as an integer, is returned: the number is followed as the pointer would be. */
unsigned long stack_entropy(void)
{
  int probe; /* { escinfo escape.return "probe" dangling } */
  return (unsigned long)((uintptr_t)&probe >> 4);
}

/* Stored as an integer in a global. */
void set_cookie(void)
{
  char marker = 0; /* { escinfo escape.global "marker" dangling } */
  g_cookie = (uintptr_t)&marker;
}

/* A cache-line alignment test: the integer never leaves. */
int buffer_is_line_aligned(void)
{
  char line[16]; /* { escinfo noescape "line" } */
  return ((uintptr_t)line & 63) == 0;
}

/* To an integer and back. */
int roundtrip(void)
{
  int x = 1; /* { escinfo noescape "x" } */
  uintptr_t u = (uintptr_t)&x;
  int *p = (int *)u;
  return *p;
}

/* Passed through a function pointer parameter. */
int apply(int (*fn)(int *), int seed)
{
  int v = seed; /* { escinfo escape.unknown "v" } */
  return fn(&v);
}

/* Through a pointer to a function defined here: indirect calls are not resolved. */
static int twice(int *p) /* { escinfo noleak "p" } */
{
  return *p * 2;
}

int call_known_pointer(void)
{
  int (*fn)(int *) = twice;
  int v = 3; /* { escinfo noescape "v" xfail "indirect call through a pointer to a known function is not resolved" } */
  return fn(&v);
}

/* setjmp may return twice: what it gets cannot be followed. */
int guarded(void)
{
  jmp_buf env; /* { escinfo escape.unknown "env" } */
  if (setjmp(env))
    return 1;
  risky();
  return 0;
}

/* A method table: the buffer goes to whatever ops->read is, so does the context. */
int read_some(const struct ops *ops, void *ctx) /* { escinfo noleak "ops" } { escinfo leak.unknown "ctx" } */
{
  char buf[64]; /* { escinfo escape.unknown "buf" } */
  return ops->read(ctx, buf, sizeof buf);
}

/* A visitor: the context goes to an indirect call. */
void visit(void *ctx, void (*fn)(void *)) /* { escinfo leak.unknown "ctx" } */
{
  fn(ctx);
}

/* Pointers compared as integers to test for overlap: nothing leaves. */
int overlaps(const char *a, const char *b, size_t n) /* { escinfo noleak "a" } { escinfo noleak "b" } */
{
  uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;
  return x < y + n && y < x + n;
}

/* Comparing pointers as pointers is not a conversion. */
int same_buffer(const char *a, const char *b) /* { escinfo noleak "a" } { escinfo noleak "b" } */
{
  return a == b;
}
