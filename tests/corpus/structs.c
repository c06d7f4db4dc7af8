/* structs.c - structs and unions: copies carry the addresses they hold, a struct passed by value
 * passes its pointers.  A struct accessed directly is split by field; reached through a pointer it
 * is one object.  A pointer read back as an integer through a union is escape.unknown; a length
 * field next to a pointer is just an integer. */
#include <stdint.h>
#include <stddef.h>

struct holder {
  int *p;
};

struct view {
  const char *data;
  size_t len;
};

struct pair {
  int *first;
  int *second;
};

struct counted {
  int *p;
  long n;
};

struct inner {
  int *p;
};

struct outer {
  int tag;
  struct inner in;
};

struct link {
  struct link *next;
  void *data;
};

union any_ptr {
  int *i;
  char *c;
};

extern void emit(struct view v);
extern void keep(void *);
struct holder g_holder;

/* A struct copy carries the address into a global. */
void publish_copy(void)
{
  int x = 0; /* { escinfo escape.global "x" dangling } { escinfo-flow "x" "'g_holder'" } */
  struct holder h = { &x };
  struct holder h2 = h;
  g_holder = h2;
}

/* A struct by value to an unknown function passes the pointer inside it. */
void emit_local(void)
{
  char text[16] = "hello"; /* { escinfo escape.call "text" } */
  struct view v = { text, 5 };
  emit(v);
}

/* A struct by value to a function defined here that stores it in a global. */
static void adopt(struct holder h)
{
  g_holder = h;
}

void adopt_local(void)
{
  int x = 0; /* { escinfo escape.call "x" dangling } */
  struct holder h = { &x };
  adopt(h);
}

/* Struct assignment through pointers copies contents: neither parameter leaks. */
void copy_holder(struct holder *dst, const struct holder *src) /* { escinfo noleak "dst" } { escinfo noleak "src" } */
{
  *dst = *src;
}

/* A union of pointer types: a pointer stays a pointer. */
int first_byte(void)
{
  int word = 0x41; /* { escinfo noescape "word" } */
  union any_ptr u;
  u.i = &word;
  return *u.c;
}

/* A pointer read back as an integer through a union, and returned. */
uintptr_t tag_bits(void)
{
  int x = 0; /* { escinfo escape.return "x" dangling } */
  union {
    int *p;
    uintptr_t bits;
  } u;
  u.p = &x;
  return u.bits;
}

/* The same, but only the low bits leave: a number is followed through every operation but a
 * comparison, so the masked bits count as the address. */
int low_bits(void)
{
  int y = 0; /* { escinfo noescape "y" xfail "the low bits of an address are followed as the address" } */
  union {
    int *p;
    uintptr_t bits;
  } u;
  u.p = &y;
  return (int)(u.bits & 3);
}

/* A length next to a pointer: reading s.n reads an integer, not the pointer. */
static int read_int(const int *p) /* { escinfo noleak "p" } */
{
  return *p;
}

long count_and_read(void)
{
  int x = 3; /* { escinfo noescape "x" } */
  struct counted s;
  s.p = &x;
  s.n = 1;
  s.n += read_int(s.p);
  return s.n;
}

/* A struct accessed directly is split by field: only p.first is passed on. */
void keep_first(void)
{
  int a = 1; /* { escinfo escape.call "a" } */
  int b = 2; /* { escinfo noescape "b" } */
  struct pair p = { &a, &b };
  keep(p.first);
}

/* The address of a nested member: the outer struct is the subject. */
void register_inner(void)
{
  struct outer o; /* { escinfo escape.call "o" } */
  o.tag = 1;
  o.in.p = NULL;
  keep(&o.in);
}

/* An object that points to itself, read by a static function. */
static int ring_length(const struct link *start) /* { escinfo noleak "start" } */
{
  int n = 1;
  for (const struct link *l = start->next; l != start; l = l->next)
    n++;
  return n;
}

int self_ring(void)
{
  struct link self; /* { escinfo noescape "self" } */
  self.next = &self;
  self.data = NULL;
  return ring_length(&self);
}

/* A struct of pointers filled from parameters and returned by value: the parameters leak to the
 * result. */
struct pair make_pair(int *a, int *b) /* { escinfo leak.return "a" } { escinfo leak.return "b" } */
{
  struct pair p = { a, b };
  return p;
}
