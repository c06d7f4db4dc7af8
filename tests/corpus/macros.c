/* macros.c - facts produced inside macro expansions are reported at the expansion point in the
 * user's file (with the macro's spelling location as extra information).  Locals declared by a
 * macro are located where the macro is used. */
#include <stdlib.h>
#include <string.h>

struct pair {
  int a, b;
};

extern void keep(void *);
int *g_seen;

#define KEEP_ADDR(v) keep(&(v))
#define KEEP_TWICE(v) KEEP_ADDR(v)
#define NEW(T) ((T *)malloc(sizeof(T)))
#define DECLARE_BUF(name, n) char name[n]
#define REMEMBER(v) (g_seen = &(v))
#define ZERO(obj) memset(&(obj), 0, sizeof(obj))
#define DEFINE_GETTER(name, field)                                                                 \
  int name(const struct pair *p)                                                                   \
  {                                                                                                \
    return p->field;                                                                               \
  }

void macro_keep(void)
{
  int counter = 0; /* { escinfo escape.call "counter" } { escinfo-flow "counter" "'keep'" } */
  KEEP_ADDR(counter);
}

void macro_nested(void)
{
  int level = 0; /* { escinfo escape.call "level" } */
  KEEP_TWICE(level);
}

int macro_new(void)
{
  struct pair *p = NEW(struct pair); /* { escinfo alloc.stack-candidate "malloc" } */
  if (!p)
    return 0;
  p->a = 1;
  p->b = 2;
  int s = p->a + p->b;
  free(p);
  return s;
}

/* A macro call spread over two lines: the expansion point is where the macro's name is. */
struct pair *macro_new_split(void)
{
  struct pair *p = NEW( /* { escinfo escape.return "malloc" } */
      struct pair);
  return p;
}

void macro_decl(void)
{
  DECLARE_BUF(line, 80); /* { escinfo escape.call "line" } */
  strcpy(line, "hello");
  keep(line);
}

void macro_global(void)
{
  int marker = 1; /* { escinfo escape.global "marker" dangling } */
  REMEMBER(marker);
}

int macro_zero(void)
{
  struct pair q; /* { escinfo noescape "q" } */
  ZERO(q);
  return q.a + q.b;
}

DEFINE_GETTER(get_a, a) /* { escinfo noleak "p" } */
DEFINE_GETTER(get_b, b) /* { escinfo noleak "p" } */

int sum_fields(void)
{
  struct pair s = { 3, 4 }; /* { escinfo noescape "s" } */
  return get_a(&s) + get_b(&s);
}
