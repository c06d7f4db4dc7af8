/* recursion.c - recursive functions.  A cycle of recursion (a function calling itself, or
 * functions calling each other) is analysed repeatedly, starting from "nothing escapes", until
 * its summaries stop changing, so recursion alone makes nothing escape.  Callers outside the
 * cycle use the cycle's final summaries. */
#include <stddef.h>

struct tree {
  struct tree *left;
  struct tree *right;
  int value;
};

/* Only the children (content) go to the recursive calls: t itself does not leak. */
int sum_tree(const struct tree *t) /* { escinfo noleak "t" } */
{
  if (!t)
    return 0;
  return t->value + sum_tree(t->left) + sum_tree(t->right);
}

int sum_two_level(void)
{
  struct tree leaf = { NULL, NULL, 1 }; /* { escinfo noescape "leaf" } */
  struct tree root = { &leaf, NULL, 2 }; /* { escinfo noescape "root" } */
  return sum_tree(&root);
}

/* The parameter itself goes to the self-call. */
int count_down(int *counter, int depth) /* { escinfo noleak "counter" } */
{
  if (depth == 0)
    return *counter;
  (*counter)++;
  return count_down(counter, depth - 1);
}

int run_count_down(void)
{
  int c = 0; /* { escinfo noescape "c" } */
  return count_down(&c, 3);
}

/* A recursive-descent parser: parse_primary and parse_expr call each other. */
static int parse_expr(const char **pos);

static int parse_number(const char **pos) /* { escinfo noleak "pos" } */
{
  int v = 0;
  while (**pos >= '0' && **pos <= '9') {
    v = v * 10 + (**pos - '0');
    (*pos)++;
  }
  return v;
}

static int parse_primary(const char **pos) /* { escinfo noleak "pos" } */
{
  if (**pos == '(') {
    (*pos)++;
    int v = parse_expr(pos);
    if (**pos == ')')
      (*pos)++;
    return v;
  }
  return parse_number(pos);
}

static int parse_expr(const char **pos) /* { escinfo noleak "pos" } */
{
  int v = parse_primary(pos);
  while (**pos == '+') {
    (*pos)++;
    v += parse_primary(pos);
  }
  return v;
}

int eval(const char *s) /* { escinfo noleak "s" } */
{
  const char *p = s; /* { escinfo noescape "p" } */
  return parse_expr(&p);
}

/* Recursion that never sees a pointer: nothing to report but the locals' own verdicts. */
static unsigned fib(unsigned n)
{
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

unsigned fib_of_local(void)
{
  unsigned n = 10; /* { escinfo noescape "n" } */
  const unsigned *p = &n;
  return fib(*p);
}

/* A long chain of mutual recursion (a recursive-descent parser's levels): what the last level
 * does reaches the first, however long the chain. */
int *g_deepest;
static int level1(int *p, int n);
static int level10(int *p, int n) /* { escinfo leak.global "p" } */
{
  g_deepest = p;
  return n > 0 ? level1(p, n - 1) : 0;
}
static int level9(int *p, int n) { return level10(p, n); } /* { escinfo leak.call "p" } */
static int level8(int *p, int n) { return level9(p, n); } /* { escinfo leak.call "p" } */
static int level7(int *p, int n) { return level8(p, n); } /* { escinfo leak.call "p" } */
static int level6(int *p, int n) { return level7(p, n); } /* { escinfo leak.call "p" } */
static int level5(int *p, int n) { return level6(p, n); } /* { escinfo leak.call "p" } */
static int level4(int *p, int n) { return level5(p, n); } /* { escinfo leak.call "p" } */
static int level3(int *p, int n) { return level4(p, n); } /* { escinfo leak.call "p" } */
static int level2(int *p, int n) { return level3(p, n); } /* { escinfo leak.call "p" } */
static int level1(int *p, int n) { return level2(p, n); } /* { escinfo leak.call "p" } { escinfo-flow "p" "'g_deepest'" } */

int parse_deep(void)
{
  int x = 0; /* { escinfo escape.call "x" dangling } { escinfo-flow "x" "'g_deepest'" } */
  return level1(&x, 3);
}

/* A number read next to a pointer in a struct, through a pointer: not the pointer. */
struct counter {
  char buf[8];
  char *cursor;
  unsigned long count;
};

static void counter_init(struct counter *c) /* { escinfo leak.store "c" } */
{
  c->cursor = c->buf;
  c->count = 0;
}

static unsigned long counter_hash(const struct counter *c) /* { escinfo noleak "c" } */
{
  return c->count * 31;
}

unsigned long count_once(void)
{
  struct counter c; /* { escinfo noescape "c" } */
  counter_init(&c);
  return counter_hash(&c);
}
