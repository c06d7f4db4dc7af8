/* realloc_append.c - growing arrays with realloc, C's version of Go's append.  realloc may return
 * its argument (and copies the old contents), so what was stored in the old block is in the new
 * one, and a parameter given to realloc leaks to whatever the result does. */
#include <stdlib.h>

struct ptrvec {
  int **data;
  size_t len;
  size_t cap;
};

/* The caller's block may come back. */
int *grow(int *buf, size_t n) /* { escinfo leak.return "buf" } */
{
  return realloc(buf, n * sizeof *buf); /* { escinfo escape.return "realloc" } */
}

/* A local vector that is freed: nothing escapes. */
long sum_of_squares(int n)
{
  long *v = NULL;
  size_t len = 0;
  for (int i = 0; i < n; i++) {
    long *nv = realloc(v, (len + 1) * sizeof *v); /* { escinfo noescape "realloc" } */
    if (!nv) {
      free(v);
      return -1;
    }
    v = nv;
    v[len++] = (long)i * i;
  }
  long s = 0;
  for (size_t i = 0; i < len; i++)
    s += v[i];
  free(v);
  return s;
}

/* Pointers to locals appended to a vector that is returned: they dangle.  The first block flows
 * into realloc's result, so it is returned too. */
int **collect_locals(void)
{
  int a = 1; /* { escinfo escape.return "a" dangling } */
  int b = 2; /* { escinfo escape.return "b" dangling } */
  int **v = malloc(2 * sizeof *v); /* { escinfo escape.return "malloc" } */
  if (!v)
    return NULL;
  v[0] = &a;
  int **nv = realloc(v, 3 * sizeof *v); /* { escinfo escape.return "realloc" } */
  if (!nv) {
    free(v);
    return NULL;
  }
  nv[1] = &b;
  return nv;
}

/* Parameters stored into a fresh block that is returned leak to the result. */
char **pair_of(char *first, char *second) /* { escinfo leak.return "first" } { escinfo leak.return "second" } */
{
  char **v = malloc(2 * sizeof *v); /* { escinfo escape.return "malloc" } */
  if (!v)
    return NULL;
  v[0] = first;
  v[1] = second;
  return v;
}

/* Appending pointers to locals into a vector that stays local: no escape (Go: append to a
 * non-escaping slice). */
int sum_pointed(void)
{
  int x = 1; /* { escinfo noescape "x" } */
  int y = 2; /* { escinfo noescape "y" } */
  int *items[2] = { &x, &y };
  int **v = NULL;
  size_t len = 0, cap = 0;
  for (int i = 0; i < 2; i++) {
    if (len == cap) {
      cap = cap ? cap * 2 : 1;
      int **nv = realloc(v, cap * sizeof *nv); /* { escinfo noescape "realloc" } */
      if (!nv) {
        free(v);
        return -1;
      }
      v = nv;
    }
    v[len++] = items[i];
  }
  int s = 0;
  for (size_t i = 0; i < len; i++)
    s += *v[i];
  free(v);
  return s;
}

/* The same with the length kept in a struct next to the data pointer: the struct is accessed
 * directly (split by field) and its length is just an integer. */
int vec_demo(void)
{
  int x = 1; /* { escinfo noescape "x" } */
  struct ptrvec vec = { NULL, 0, 0 };
  vec.data = malloc(4 * sizeof *vec.data); /* { escinfo alloc.stack-candidate "malloc" } */
  if (!vec.data)
    return -1;
  vec.cap = 4;
  vec.data[vec.len++] = &x;
  int r = *vec.data[0];
  free(vec.data);
  return r + (int)vec.len;
}
