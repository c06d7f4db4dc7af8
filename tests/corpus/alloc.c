/* alloc.c - allocation sites: malloc, calloc, strdup, strndup, aligned_alloc, functions declared
 * __attribute__((malloc)), and alloca.  A fixed-size malloc/calloc/aligned_alloc that does not
 * escape and is freed on every path to the exit (the path where it was found to be NULL aside)
 * could live on the stack: alloc.stack-candidate.  alloca is already on the stack: never a
 * candidate, and it makes the frame dynamic. */
#include <alloca.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct point {
  int x, y;
};

extern void keep(void *);
extern void *xmalloc(size_t n) __attribute__((malloc));
char *g_name;

/* The textbook candidate: fixed size, checked, freed. */
int scratch_sum(int a, int b)
{
  struct point *p = malloc(sizeof *p); /* { escinfo alloc.stack-candidate "malloc" } */
  if (!p)
    return -1;
  p->x = a;
  p->y = b;
  int r = p->x + p->y;
  free(p);
  return r;
}

/* The size depends on a parameter. */
long sum_copy(const int *v, size_t n) /* { escinfo noleak "v" } */
{
  int *copy = malloc(n * sizeof *copy); /* { escinfo noescape "malloc" } */
  if (!copy)
    return 0;
  memcpy(copy, v, n * sizeof *copy);
  long s = 0;
  for (size_t i = 0; i < n; i++)
    s += copy[i];
  free(copy);
  return s;
}

/* Freed on one path only. */
int maybe_free(int keep_it)
{
  int *p = malloc(16); /* { escinfo noescape "malloc" } */
  if (!p)
    return 0;
  p[0] = 1;
  if (!keep_it)
    free(p);
  return 1;
}

/* Never freed: a leak, but not an escape. */
int leaky(void)
{
  int *p = malloc(sizeof *p); /* { escinfo noescape "malloc" } */
  if (!p)
    return 0;
  *p = 3;
  return *p;
}

/* calloc with constant arguments. */
int count_bits(unsigned v)
{
  unsigned char *bits = calloc(32, 1); /* { escinfo alloc.stack-candidate "calloc" } */
  if (!bits)
    return -1;
  for (int i = 0; i < 32; i++)
    bits[i] = (v >> i) & 1u;
  int n = 0;
  for (int i = 0; i < 32; i++)
    n += bits[i];
  free(bits);
  return n;
}

/* calloc with a variable count. */
int zeroes(size_t n)
{
  int *z = calloc(n, sizeof *z); /* { escinfo noescape "calloc" } */
  if (!z)
    return -1;
  int r = z[0];
  free(z);
  return r;
}

/* aligned_alloc with constant arguments. */
double dot4(const double *a, const double *b) /* { escinfo noleak "a" } { escinfo noleak "b" } */
{
  double *tmp = aligned_alloc(32, 4 * sizeof(double)); /* { escinfo alloc.stack-candidate "aligned_alloc" } */
  if (!tmp)
    return 0;
  for (int i = 0; i < 4; i++)
    tmp[i] = a[i] * b[i];
  double s = tmp[0] + tmp[1] + tmp[2] + tmp[3];
  free(tmp);
  return s;
}

/* strdup into a global: heap memory, escapes, does not dangle. */
void set_name(const char *name) /* { escinfo noleak "name" } */
{
  g_name = strdup(name); /* { escinfo escape.global "strdup" } */
}

/* strndup is never a candidate (its size follows the string). */
size_t word_len(const char *s) /* { escinfo noleak "s" } */
{
  char *w = strndup(s, 16); /* { escinfo noescape "strndup" } */
  if (!w)
    return 0;
  char *sp = strchr(w, ' ');
  if (sp)
    *sp = 0;
  size_t n = strlen(w);
  free(w);
  return n;
}

/* Handed to an unknown function before it is freed. */
void log_point(int x, int y)
{
  struct point *p = malloc(sizeof *p); /* { escinfo escape.call "malloc" } */
  if (!p)
    return;
  p->x = x;
  p->y = y;
  keep(p);
  free(p);
}

/* Allocated and freed in each iteration of a loop. */
int lines_total(int n)
{
  int total = 0;
  for (int i = 0; i < n; i++) {
    char *line = malloc(80); /* { escinfo alloc.stack-candidate "malloc" } */
    if (!line)
      break;
    memset(line, 'x', 79);
    line[79] = 0;
    total += (int)strlen(line);
    free(line);
  }
  return total;
}

/* printf keeps nothing: still a candidate.  Its address printed with %p leaves the process,
 * where a scanf("%p") could read it back: that is an escape. */
void print_point(int x, int y)
{
  struct point *p = malloc(sizeof *p); /* { escinfo alloc.stack-candidate "malloc" } */
  if (!p)
    return;
  p->x = x;
  p->y = y;
  printf("(%d, %d)\n", p->x, p->y);
  free(p);
}

void print_point_address(int x)
{
  struct point *p = malloc(sizeof *p); /* { escinfo escape.unknown "malloc" } */
  if (!p)
    return;
  p->x = x;
  printf("%d at %p\n", p->x, (void *)p);
  free(p);
}

/* Freed by a helper: summaries do not record frees, so this is only noescape. */
static void release(void *p) /* { escinfo noleak "p" } */
{
  free(p);
}

int helper_frees(void)
{
  int *v = malloc(4 * sizeof *v); /* { escinfo alloc.stack-candidate "malloc" xfail "freed in a callee: summaries do not record frees" } */
  if (!v)
    return 0;
  v[0] = 7;
  int r = v[0];
  release(v);
  return r;
}

/* A user allocator declared with attribute malloc: named after it, never a candidate. */
char *make_label(int id)
{
  char *s = xmalloc(32); /* { escinfo escape.return "xmalloc" } */
  snprintf(s, 32, "L%d", id);
  return s;
}

/* An attribute-malloc function defined here: its own malloc is returned, and its call sites are
 * allocation sites too. */
__attribute__((malloc)) static struct point *point_new(int x, int y)
{
  struct point *p = malloc(sizeof *p); /* { escinfo escape.return "malloc" } */
  if (p) {
    p->x = x;
    p->y = y;
  }
  return p;
}

int point_norm1(int x, int y)
{
  struct point *p = point_new(x, y); /* { escinfo noescape "point_new" } */
  if (!p)
    return 0;
  int n = abs(p->x) + abs(p->y);
  free(p);
  return n;
}

/* alloca: a stack block, and a dynamic frame. */
int hex_digits(unsigned v) /* { escinfo frame.dynamic "hex_digits" } */
{
  char *buf = alloca(16); /* { escinfo noescape "alloca" } */
  return snprintf(buf, 16, "%x", v);
}

/* Returning an alloca block dangles, like returning a local. */
char *alloca_dangling(size_t n) /* { escinfo frame.dynamic "alloca_dangling" } */
{
  char *p = alloca(n); /* { escinfo escape.return "alloca" dangling } */
  memset(p, 0, n);
  return p;
}

/* __builtin_alloca is alloca. */
void alloca_to_external(size_t n) /* { escinfo frame.dynamic "alloca_to_external" } */
{
  void *p = __builtin_alloca(n); /* { escinfo escape.call "alloca" } */
  keep(p);
}

/* Too big for the stack (above the large-local threshold): not a candidate, though it does not
 * escape and is freed. */
int big_scratch(void)
{
  char *p = malloc(1 << 20); /* { escinfo noescape "malloc" } */
  if (!p)
    return 0;
  p[0] = 1;
  int r = p[0];
  free(p);
  return r;
}
