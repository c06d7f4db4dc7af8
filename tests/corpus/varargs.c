/* varargs.c - variadic functions: a va_list is a local whose address the va_* builtins take (they
 * keep nothing), the printf family keeps nothing, and anonymous arguments passed to a variadic
 * function defined here go where its va_list goes. */
#include <stdarg.h>
#include <stdio.h>

extern void vlog_external(const char *fmt, va_list ap);
extern void trace(const char *fmt, ...);
int *g_arg;

int sum_ints(int count, ...)
{
  va_list ap; /* { escinfo noescape "ap" } */
  int s = 0;
  va_start(ap, count);
  for (int i = 0; i < count; i++)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}

/* vfprintf keeps neither the format nor the va_list. */
void log_fmt(const char *fmt, ...) /* { escinfo noleak "fmt" } */
{
  va_list ap; /* { escinfo noescape "ap" } */
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
}

/* An unknown function gets the va_list: it may keep it. */
void log_forward(const char *fmt, ...) /* { escinfo leak.call "fmt" } */
{
  va_list ap; /* { escinfo escape.call "ap" } */
  va_start(ap, fmt);
  vlog_external(fmt, ap);
  va_end(ap);
}

/* A local's address printed with %p: printf keeps nothing, but the address leaves the process
 * as text (a scanf("%p") could read it back). */
void show_address(void)
{
  int x = 1; /* { escinfo escape.unknown "x" } */
  printf("%p\n", (void *)&x);
}

/* The same to an unknown variadic function. */
void traced(void)
{
  int y = 2; /* { escinfo escape.call "y" } */
  trace("%p", (void *)&y);
}

/* log_fmt only hands its va_list to vfprintf: its anonymous arguments do not escape. */
void show_twice(void)
{
  int z = 3; /* { escinfo noescape "z" } */
  log_fmt("%p %p\n", (void *)&z, (void *)&z);
}

/* va_copy: both lists are locals, neither escapes. */
int count_twice(int n, ...)
{
  va_list a; /* { escinfo noescape "a" } */
  va_list b; /* { escinfo noescape "b" } */
  int s = 0;
  va_start(a, n);
  va_copy(b, a);
  for (int i = 0; i < n; i++)
    s += va_arg(a, int) + va_arg(b, int);
  va_end(b);
  va_end(a);
  return s;
}

/* A pointer read with va_arg comes from the caller: storing it in a global leaks no local. */
void remember_arg(int n, ...)
{
  va_list ap; /* { escinfo noescape "ap" } */
  va_start(ap, n);
  g_arg = va_arg(ap, int *);
  va_end(ap);
}
