/* params.c - which pointer parameters a function keeps (Go: "leaking param: p").
 *
 * A parameter's fact is about the object it points to: leak.* when that address leaves the
 * function (returned, stored in a global, stored into memory the function does not own, passed
 * to a function that may keep it, or lost to an integer, an asm or an indirect call), noleak
 * otherwise.  When only something read through the parameter leaves (argv[0], p->name when name
 * is a pointer), the parameter itself does not leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct node {
  struct node *next;
};

struct person {
  char name[32];
  char *nick;
};

struct rect {
  int w, h;
};

struct pair {
  int a, b;
};

struct obj {
  char *buf;
};

extern void write_log(const char *line);
extern void keep(void *);
extern void keep_pp(int **pp);
const char *g_prefix;

char *skip_ws(char *s) /* { escinfo leak.return "s" } */
{
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

void set_prefix(const char *p) /* { escinfo leak.global "p" } { escinfo-flow "p" "'g_prefix'" } */
{
  g_prefix = p;
}

void set_next(struct node *n, struct node *next) /* { escinfo noleak "n" } { escinfo leak.store "next" } */
{
  n->next = next;
}

void log_line(const char *line) /* { escinfo leak.call "line" } { escinfo-flow "line" "'write_log'" } */
{
  write_log(line);
}

unsigned long ptr_hash(const void *p) /* { escinfo leak.return "p" } */
{
  return (unsigned long)((uintptr_t)p >> 4);
}

size_t my_strlen(const char *s) /* { escinfo noleak "s" } */
{
  const char *p = s;
  while (*p)
    p++;
  return (size_t)(p - s);
}

long sum(const int *a, size_t n) /* { escinfo noleak "a" } */
{
  long s = 0;
  for (size_t i = 0; i < n; i++)
    s += a[i];
  return s;
}

/* The parameter's own address escapes, and with it the pointer it holds. */
void keep_self(int *p) /* { escinfo escape.call "p" } { escinfo leak.call "p" } */
{
  keep_pp(&p);
}

/* Only the content leaks: argv itself is not kept. */
const char *first_arg(char **argv) /* { escinfo noleak "argv" } */
{
  return argv[0];
}

/* An array member is part of the object: passing it passes the object. */
void keep_name(struct person *p) /* { escinfo leak.call "p" } */
{
  keep(p->name);
}

/* A pointer member is not: passing it passes something else. */
void keep_nick(struct person *p) /* { escinfo noleak "p" } */
{
  keep(p->nick);
}

/* A struct by value whose address is taken is a local; the callee only reads it. */
static int rect_area(const struct rect *r) /* { escinfo noleak "r" } */
{
  return r->w * r->h;
}

int area(struct rect r) /* { escinfo noescape "r" } */
{
  return rect_area(&r);
}

/* A by-value struct whose member's address is returned dangles. */
int *first_of(struct pair pr) /* { escinfo escape.return "pr" dangling } */
{
  int *p = &pr.a;
  return p;
}

/* free() does not keep its argument. */
void destroy(struct obj *o) /* { escinfo noleak "o" } */
{
  free(o->buf);
  free(o);
}

/* The source is only read by memcpy; the copy is returned. */
void *memdup(const void *src, size_t n) /* { escinfo noleak "src" } */
{
  void *p = malloc(n); /* { escinfo escape.return "malloc" } */
  if (p)
    memcpy(p, src, n);
  return p;
}

void swap(int *a, int *b) /* { escinfo noleak "a" } { escinfo noleak "b" } */
{
  int t = *a;
  *a = *b;
  *b = t;
}

int is_null(const void *p) /* { escinfo noleak "p" } */
{
  return p == NULL;
}

double mean(const double v[], int n) /* { escinfo noleak "v" } */
{
  double s = 0;
  for (int i = 0; i < n; i++)
    s += v[i];
  return n ? s / n : 0;
}

void unused_param(int *p) /* { escinfo noleak "p" } */
{
  (void)p;
}

/* strchr returns a pointer into its argument. */
char *end_of_word(char *s) /* { escinfo leak.return "s" } */
{
  char *sp = strchr(s, ' ');
  return sp ? sp : s + strlen(s);
}

/* Stored through the other parameter. */
void split_at_space(char *line, char **rest) /* { escinfo leak.store "line" } { escinfo noleak "rest" } */
{
  char *sp = strchr(line, ' ');
  *rest = sp ? sp + 1 : NULL;
}

/* An array of strings searched with strcmp. */
int find_str(const char *const *list, int n, const char *key) /* { escinfo noleak "list" } { escinfo noleak "key" } */
{
  for (int i = 0; i < n; i++)
    if (strcmp(list[i], key) == 0)
      return i;
  return -1;
}
