/* arrays.c - arrays used as pointers: decay, &a[i], &s.f.  Indexing an array in place (a[i]) does
 * not take its address; passing it, or taking the address of an element or a member, does. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct point {
  int x, y;
};

struct packet {
  unsigned char payload[64];
};

extern void read_block(int *buf, size_t n);
extern void scan_int(int *out);
extern void transmit(const unsigned char *data, size_t n);
int *g_mid;

/* Decays into an unknown function's argument. */
void fill_external(void)
{
  int buf[16]; /* { escinfo escape.call "buf" } */
  read_block(buf, 16);
}

/* Decays into a static reader's argument. */
static int total(const int *a, int n) /* { escinfo noleak "a" } */
{
  int s = 0;
  for (int i = 0; i < n; i++)
    s += a[i];
  return s;
}

int sum_local(void)
{
  int vals[4] = { 1, 2, 3, 4 }; /* { escinfo noescape "vals" } */
  return total(vals, 4);
}

/* The address of one element, kept in a global. */
void expose_middle(void)
{
  int a[5] = { 0 }; /* { escinfo escape.global "a" dangling } */
  g_mid = &a[2];
}

/* The address of one member: the whole struct is the subject. */
int read_y(void)
{
  struct point pt = { 0, 0 }; /* { escinfo escape.call "pt" } */
  scan_int(&pt.y);
  return pt.y;
}

/* &a[i] to a static reader. */
int tail_sum(int i)
{
  int v[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }; /* { escinfo noescape "v" } */
  i &= 7;
  return total(&v[i], 8 - i);
}

/* A row of a 2-D array. */
int middle_of_matrix(void)
{
  int m[3][3] = { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } }; /* { escinfo noescape "m" } */
  int *row = m[1];
  return row[1];
}

/* An array of pointers to locals, indexed in place: the array is not a subject, the locals are. */
int max3(int sel)
{
  int a = 1; /* { escinfo noescape "a" } */
  int b = 5; /* { escinfo noescape "b" } */
  int c = 3; /* { escinfo noescape "c" } */
  int *ptrs[3] = { &a, &b, &c };
  int *best = ptrs[sel % 3];
  for (int i = 0; i < 3; i++)
    if (*ptrs[i] > *best)
      best = ptrs[i];
  return *best;
}

/* Pointer difference is arithmetic on addresses, not a conversion to an integer. */
ptrdiff_t text_length(void)
{
  char text[] = "hello"; /* { escinfo noescape "text" } */
  char *p = text;
  while (*p)
    p++;
  return p - text;
}

/* A struct's array member handed to an unknown function. */
void send_packet(void)
{
  struct packet pk; /* { escinfo escape.call "pk" } */
  memset(pk.payload, 0, sizeof pk.payload);
  transmit(pk.payload, sizeof pk.payload);
}

/* Elements as sscanf out-parameters: scanf functions keep nothing. */
int parse_pair(const char *s) /* { escinfo noleak "s" } */
{
  int v[2]; /* { escinfo noescape "v" } */
  if (sscanf(s, "%d,%d", &v[0], &v[1]) != 2)
    return -1;
  return v[0] + v[1];
}

/* Indexed in place only: no address taken, no fact. */
int squares(int n)
{
  int t[8];
  for (int i = 0; i < 8; i++)
    t[i] = i * i;
  return t[n & 7];
}

/* A pointer to the whole array. */
int first_via_array_pointer(void)
{
  int arr[4] = { 9, 8, 7, 6 }; /* { escinfo noescape "arr" } */
  int (*pa)[4] = &arr;
  return (*pa)[0];
}

/* An array parameter is a pointer parameter. */
void zero(int a[], size_t n) /* { escinfo noleak "a" } */
{
  memset(a, 0, n * sizeof a[0]);
}
