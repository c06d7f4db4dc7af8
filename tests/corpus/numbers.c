/* numbers.c - the bytes of an address put into something that is not a pointer: a double, a
 * _Complex, two 32-bit halves, an integer field or array element, or read a character at a
 * time.  Where the number is not followed, the address escapes as escape.unknown where it is
 * read back; written straight into static storage, it is a global. */
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
  int a = 1; /* { escinfo escape.unknown "a" } { escinfo-flow "a" "as a number" } */
  int *p = &a; /* { escinfo noescape "p" } */
  double d; /* { escinfo noescape "d" } */
  memcpy(&d, &p, sizeof p);
  g_double = d;
}

void as_complex(void)
{
  int b = 2; /* { escinfo escape.unknown "b" } */
  int *p = &b; /* { escinfo noescape "p" } */
  _Complex double c = 0; /* { escinfo noescape "c" } */
  memcpy(&c, &p, sizeof p);
  g_complex = c;
}

void as_halves(void)
{
  int h2 = 3; /* { escinfo escape.unknown "h2" } */
  int *p = &h2; /* { escinfo noescape "p" } */
  uint32_t half[2]; /* { escinfo noescape "half" } */
  memcpy(half, &p, sizeof p);
  g_lo = half[0];
  g_hi = half[1];
}

double returned_as_double(void)
{
  int r = 4; /* { escinfo escape.unknown "r" } */
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
  int y = 7; /* { escinfo escape.unknown "y" } { escinfo-flow "y" "a byte at a time" } */
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
