/* numbers.c - the bytes of an address put into something that is not a pointer: a double, a
 * _Complex, two 32-bit halves, an integer field or array element, or read a character at a
 * time.  The number is followed as the pointer would be: where it goes (a global, a return, a
 * callee) is where the address escapes; compared or masked and tested, it goes nowhere. */
#include <stdint.h>
#include <string.h>

double g_double;
_Complex double g_complex;
uint32_t g_lo, g_hi;
uintptr_t g_words[4];
struct handle_rec {
  uintptr_t handle;
} g_rec;
char g_bytes[sizeof(void *)];

void as_double(void)
{
  int a = 1; /* { escinfo escape.global "a" dangling } { escinfo-flow "a" "'g_double'" } */
  int *p = &a; /* { escinfo noescape "p" } */
  double d; /* { escinfo noescape "d" } */
  memcpy(&d, &p, sizeof p);
  g_double = d;
}

void as_complex(void)
{
  int b = 2; /* { escinfo escape.global "b" dangling } */
  int *p = &b; /* { escinfo noescape "p" } */
  _Complex double c = 0; /* { escinfo noescape "c" } */
  memcpy(&c, &p, sizeof p);
  g_complex = c;
}

void as_halves(void)
{
  int h2 = 3; /* { escinfo escape.global "h2" dangling } */
  int *p = &h2; /* { escinfo noescape "p" } */
  uint32_t half[2]; /* { escinfo noescape "half" } */
  memcpy(half, &p, sizeof p);
  g_lo = half[0];
  g_hi = half[1];
}

double returned_as_double(void)
{
  int r = 4; /* { escinfo escape.return "r" dangling } */
  int *p = &r; /* { escinfo noescape "p" } */
  double d; /* { escinfo noescape "d" } */
  memcpy(&d, &p, sizeof p);
  return d;
}

void into_field(void)
{
  int f = 5; /* { escinfo escape.global "f" dangling } */
  int *p = &f; /* { escinfo noescape "p" } */
  memcpy(&g_rec.handle, &p, sizeof p);
}

void into_array(void)
{
  int e = 6; /* { escinfo escape.global "e" dangling } */
  int *p = &e; /* { escinfo noescape "p" } */
  memcpy(&g_words[1], &p, sizeof p);
}

void byte_by_byte(void)
{
  int y = 7; /* { escinfo escape.global "y" dangling } { escinfo-flow "y" "'g_bytes'" } */
  int *p = &y; /* { escinfo noescape "p" } */
  const unsigned char *s = (const unsigned char *)&p;
  for (unsigned i = 0; i < sizeof p; i++)
    g_bytes[i] = s[i];
}

/* A number that never held an address stays a number. */
double just_a_double(double x)
{
  double d = x; /* { escinfo noescape "d" } */
  double *pd = &d;
  return *pd * 2;
}

/* Compared, masked and tested, or checked for overflow: the number goes nowhere. */
int aligned_to(const void *p, uintptr_t align) /* { escinfo noleak "p" } */
{
  return ((uintptr_t)p & (align - 1)) == 0;
}

int fits(const char *buf, size_t n) /* { escinfo noleak "buf" } */
{
  return (uintptr_t)buf + n >= (uintptr_t)buf;
}

int local_is_aligned(void)
{
  double slot[2]; /* { escinfo noescape "slot" } */
  return aligned_to(slot, 16);
}

/* A tagged pointer: tag bits or'ed in, stored in a global, then masked off again. */
uintptr_t g_tagged;

void tag_and_keep(void)
{
  int t = 8; /* { escinfo escape.global "t" dangling } */
  g_tagged = (uintptr_t)&t | 1;
}

/* An xor of two addresses (an xor-linked list node) carries both. */
struct xnode {
  uintptr_t both;
};

void xor_link(struct xnode *n) /* { escinfo noleak "n" } */
{
  int prev = 0, next = 0; /* { escinfo escape.store "prev" dangling } { escinfo escape.store "next" dangling } */
  n->both = (uintptr_t)&prev ^ (uintptr_t)&next;
}

/* A handle the caller stores as a number, read back by a callee and turned into a pointer it
 * keeps: the caller's address escapes at the call. */
struct request {
  uintptr_t user_data;
  int len;
};

int *g_completed;

static void complete(struct request *r) /* { escinfo noleak "r" } */
{
  g_completed = (int *)r->user_data;
}

void submit(void)
{
  int done = 0; /* { escinfo escape.call "done" dangling } */
  struct request req; /* { escinfo noescape "req" } */
  req.user_data = (uintptr_t)&done;
  req.len = 4;
  complete(&req);
}

/* A callee that only reads the length next to the handle keeps nothing; but the numbers stored
 * in memory reached through a pointer are not told apart by field, so the length it returns
 * counts as carrying the handle. */
static int length_of(const struct request *r) /* { escinfo noleak "r" } */
{
  return r->len;
}

int measured(void)
{
  int data = 0; /* { escinfo noescape "data" xfail "numbers read through a pointer are not told apart by field" } */
  struct request req; /* { escinfo noescape "req" } */
  req.user_data = (uintptr_t)&data;
  req.len = 4;
  return length_of(&req);
}

/* A number a callee computes from an address and returns: the caller's copy is followed. */
static uintptr_t to_number(int *p) /* { escinfo leak.return "p" } */
{
  return (uintptr_t)p;
}

int *round_trip_through_callee(void)
{
  int z = 9; /* { escinfo escape.return "z" dangling } */
  return (int *)to_number(&z);
}

/* The bytes of a pointer held in the caller's struct, read a byte at a time by a callee and
 * handed to an unknown function: the pointer's target escapes at the call. */
extern void emit_byte(unsigned char c);

struct holder {
  char name[8];
  int *p;
};

static void dump_pointer(const struct holder *h) /* { escinfo noleak "h" } */
{
  const unsigned char *b = (const unsigned char *)&h->p;
  for (unsigned i = 0; i < sizeof h->p; i++)
    emit_byte(b[i]);
}

static int first_letter(const struct holder *h) /* { escinfo noleak "h" } */
{
  return h->name[0];
}

void dumped(void)
{
  int w = 1; /* { escinfo escape.call "w" } */
  struct holder h = { "abc", &w }; /* { escinfo noescape "h" } */
  dump_pointer(&h);
}

int lettered(void)
{
  int v = 1; /* { escinfo noescape "v" } */
  struct holder h = { "abc", &v }; /* { escinfo noescape "h" } */
  return first_letter(&h);
}

/* A number parsed from characters two levels down: no address in it. */
static int parse_digits(const char **pos) /* { escinfo noleak "pos" } */
{
  int v = 0;
  while (**pos >= '0' && **pos <= '9')
    v = v * 10 + (*(*pos)++ - '0');
  return v;
}

int parsed(void)
{
  char text[8] = "42"; /* { escinfo noescape "text" } */
  const char *cursor = text; /* { escinfo noescape "cursor" } */
  return parse_digits(&cursor);
}

/* A pointer put together a byte at a time, or written as a number through a union, may be any
 * address its bytes spell: a store through it escapes, whatever the bytes were. */
extern int next_byte(void);

void assembled_pointer(void)
{
  int y = 1; /* { escinfo escape.store "y" dangling } */
  int **pp = 0; /* { escinfo noescape "pp" } */
  unsigned char *c = (unsigned char *)&pp;
  for (unsigned i = 0; i < sizeof pp; i++)
    c[i] = (unsigned char)next_byte();
  *pp = &y;
}

void counted_pointer(void)
{
  int z = 1; /* { escinfo escape.store "z" dangling } */
  int **pp = 0; /* { escinfo noescape "pp" } */
  unsigned char *c = (unsigned char *)&pp;
  for (unsigned i = 0; i < sizeof pp; i++)
    c[i] = (unsigned char)i;
  *pp = &z;
}

void pointer_from_union_number(void)
{
  int w = 1; /* { escinfo escape.store "w" dangling } */
  union {
    uintptr_t n;
    int **p;
  } u;
  u.n = 42;
  *u.p = &w;
}

/* A number handed to a library function that keeps it (a file offset) or sends it out. */
#include <stdio.h>

void offset_from_address(FILE *f) /* { escinfo noleak "f" } */
{
  int v = 1; /* { escinfo escape.unknown "v" } { escinfo-flow "v" "as a number to 'fseek'" } */
  fseek(f, (long)(uintptr_t)&v, SEEK_SET);
}

/* Half an address in an int, passed to a function that keeps it: not followed there, so it
 * escapes at the call, and may dangle. */
unsigned g_low;

static void keep_low(unsigned low)
{
  g_low = low;
}

void low_half_kept(void)
{
  int h = 1; /* { escinfo escape.call "h" dangling } */
  keep_low((unsigned)(uintptr_t)&h);
}

/* A callee that copies a number from one argument's memory into another's: the caller follows
 * it there (and nothing escapes when the caller keeps it to itself). */
struct handle_box {
  uintptr_t h;
};

static void copy_handle(struct handle_box *dst, const struct handle_box *src) /* { escinfo noleak "dst" } { escinfo noleak "src" } */
{
  dst->h = src->h;
}

int *handle_round_trip(void)
{
  int z2 = 1; /* { escinfo escape.return "z2" dangling } */
  struct handle_box a, b; /* { escinfo noescape "a" } { escinfo noescape "b" } */
  a.h = (uintptr_t)&z2;
  copy_handle(&b, &a);
  struct handle_box *pb = &b;
  return (int *)pb->h;
}

int handle_kept_local(void)
{
  int z3 = 1; /* { escinfo noescape "z3" } */
  struct handle_box a, b; /* { escinfo noescape "a" } { escinfo noescape "b" } */
  a.h = (uintptr_t)&z3;
  copy_handle(&b, &a);
  return b.h != 0;
}

/* A pointer field of the caller's struct turned into a number field by a callee (a conversion, a
 * byte copy): the caller reading that number reads the address. */
struct ptr_and_bits {
  const char *p;
  long c;
};

static void keep_ptr(struct ptr_and_bits *h, const char *src) /* { escinfo noleak "h" } { escinfo leak.store "src" } */
{
  h->p = src;
  h->c = 0;
}

static void ptr_to_bits(struct ptr_and_bits *h) /* { escinfo noleak "h" } */
{
  h->c = (long)h->p;
}

static void ptr_bytes_to_bits(struct ptr_and_bits *h) /* { escinfo noleak "h" } */
{
  memcpy(&h->c, &h->p, sizeof h->c);
}

long bits_of_param(const char *p) /* { escinfo leak.return "p" } */
{
  struct ptr_and_bits h; /* { escinfo noescape "h" } */
  keep_ptr(&h, p);
  ptr_to_bits(&h);
  return h.c;
}

long bytes_of_param(const char *p) /* { escinfo leak.return "p" } */
{
  struct ptr_and_bits h; /* { escinfo noescape "h" } */
  keep_ptr(&h, p);
  ptr_bytes_to_bits(&h);
  return h.c;
}
