/* variadic.c - anonymous arguments of variadic functions defined in the file: they go where
 * va_arg takes them (also after va_copy, and from a va_list handed to another function), and a
 * variadic nested function's static chain stays its own parameter. */
#include <stdarg.h>

int *g_kept;

static void keep_first(int n, ...)
{
  va_list ap; /* { escinfo noescape "ap" } */
  va_start(ap, n);
  g_kept = va_arg(ap, int *);
  va_end(ap);
}

static void keep_from(va_list ap) /* { escinfo noleak "ap" } */
{
  g_kept = va_arg(ap, int *);
}

static void keep_forwarded(int n, ...)
{
  va_list ap; /* { escinfo noescape "ap" } */
  va_start(ap, n);
  keep_from(ap);
  va_end(ap);
}

static void keep_copied(int n, ...)
{
  va_list ap, again; /* { escinfo noescape "ap" } { escinfo noescape "again" } */
  va_start(ap, n);
  va_copy(again, ap);
  g_kept = va_arg(again, int *);
  va_end(again);
  va_end(ap);
}

static int *first_of(int n, ...)
{
  va_list ap; /* { escinfo noescape "ap" } */
  va_start(ap, n);
  int *p = va_arg(ap, int *);
  va_end(ap);
  return p;
}

static int sum_of(int n, ...)
{
  va_list ap; /* { escinfo noescape "ap" } */
  int s = 0;
  va_start(ap, n);
  for (int i = 0; i < n; i++)
    s += *va_arg(ap, int *);
  va_end(ap);
  return s;
}

void use_first(void)
{
  int x = 1; /* { escinfo escape.call "x" dangling } { escinfo-flow "x" "anonymous argument" } */
  keep_first(1, &x);
}

void use_forwarded(void)
{
  int y = 2; /* { escinfo escape.call "y" dangling } */
  keep_forwarded(1, &y);
}

void use_copied(void)
{
  int c = 3; /* { escinfo escape.call "c" dangling } */
  keep_copied(1, &c);
}

int *return_first(void)
{
  int z = 4; /* { escinfo escape.return "z" dangling } */
  return first_of(1, &z);
}

int read_first(void)
{
  int w = 5; /* { escinfo noescape "w" } */
  return *first_of(1, &w);
}

int add_up(void)
{
  int a = 6, b = 7; /* { escinfo noescape "a" } { escinfo noescape "b" } */
  return sum_of(2, &a, &b);
}

/* A variadic nested function: its anonymous arguments are not its static chain. */
int with_nested(void)
{
  int calls = 0; /* { escinfo noescape "calls" } */
  void note(int n, ...)
  {
    va_list ap; /* { escinfo noescape "ap" } */
    va_start(ap, n);
    g_kept = va_arg(ap, int *);
    calls++;
    va_end(ap);
  }
  int v = 8; /* { escinfo escape.call "v" dangling } */
  note(1, &v);
  return calls;
}
