/* compound.c - C99 compound literals: inside a function they are unnamed locals with automatic
 * storage, reported as "(compound literal)" where they appear when their address is taken. */
#include <stddef.h>

struct point {
  int x, y;
};

struct line {
  const struct point *a;
  const struct point *b;
};

extern void draw(const struct point *p);
const struct point *g_origin;
static const int *g_defaults = (const int[]){ 1, 2, 3 }; /* file scope: static storage, no fact */

/* Passed to an unknown function. */
void draw_unit(void)
{
  draw(&(struct point){ 1, 1 }); /* { escinfo escape.call "(compound literal)" } */
}

/* An array literal decays, and the pointer is returned. */
int *primes(void)
{
  int *p = (int[]){ 2, 3, 5, 7 }; /* { escinfo escape.return "(compound literal)" dangling } */
  return p;
}

/* Read by a static function. */
static int sum(const int *v, size_t n) /* { escinfo noleak "v" } */
{
  int s = 0;
  for (size_t i = 0; i < n; i++)
    s += v[i];
  return s;
}

int sum_literal(void)
{
  return sum((int[]){ 1, 2, 3 }, 3); /* { escinfo noescape "(compound literal)" } */
}

/* Used as a value, not an address: no subject. */
int manhattan(int x, int y)
{
  struct point p = (struct point){ x, y };
  return (p.x < 0 ? -p.x : p.x) + (p.y < 0 ? -p.y : p.y);
}

/* Stored in a global. */
void reset_origin(void)
{
  g_origin = &(struct point){ 0, 0 }; /* { escinfo escape.global "(compound literal)" dangling } */
}

/* Two literals held by a local struct that a static function reads. */
static int line_dx(const struct line *l) /* { escinfo noleak "l" } */
{
  return l->b->x - l->a->x;
}

int unit_dx(void)
{
  struct line l = { /* { escinfo noescape "l" } */
    &(struct point){ 0, 0 }, /* { escinfo noescape "(compound literal)" } */
    &(struct point){ 1, 0 }, /* { escinfo noescape "(compound literal)" } */
  };
  return line_dx(&l);
}

int first_default(void)
{
  return g_defaults[0];
}
