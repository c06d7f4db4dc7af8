/* return.c - addresses that leave their function by being returned (Go: "&x escapes to heap").
 *
 * A local whose address is returned dangles as soon as the function returns: those facts carry
 * dangling=true.  Returned heap memory is fine (escape.return, not dangling).  Annotation syntax:
 * docs/codes.md#annotated-corpus. */
#include <stdlib.h>
#include <string.h>

struct span {
  int *lo;
  int *hi;
};

struct cell {
  struct cell *next;
  int *val;
};

/* The classic bug.  GCC's front end replaces 'return &count' by 'return 0' (and warns with
 * -Wreturn-local-addr) before any GIMPLE exists; the address is recovered from the function's
 * GENERIC. */
int *counter_direct(void)
{
  int count = 0; /* { escinfo escape.return "count" dangling } */
  count++;
  return &count;
}

/* The same bug through a variable: the front end does not see it, the analysis does. */
int *counter_via_pointer(void)
{
  int count = 0; /* { escinfo escape.return "count" dangling } { escinfo-flow "count" "'p'" } */
  int *p = &count;
  *p += 1;
  return p;
}

/* An array decays to a pointer that is returned later. */
const char *greeting(int formal)
{
  char buf[32]; /* { escinfo escape.return "buf" dangling } */
  strcpy(buf, formal ? "Good day" : "Hi");
  const char *s = buf;
  return s;
}

/* By-value parameters are locals too; a conditional is not rewritten by the front end. */
int *min_ref(int a, int b) /* { escinfo escape.return "a" dangling } { escinfo escape.return "b" dangling } */
{
  return a < b ? &a : &b;
}

/* The address leaves inside a returned aggregate. */
struct span whole_range(void)
{
  int data[8] = {0}; /* { escinfo escape.return "data" dangling } */
  struct span s = { data, data + 8 };
  return s;
}

/* Returned heap memory: escapes, but does not dangle. */
int *make_counter(void)
{
  int *c = malloc(sizeof *c); /* { escinfo escape.return "malloc" } */
  if (c)
    *c = 0;
  return c;
}

/* A heap cell that points at a local is returned: the local leaves with it. */
struct cell *wrap_local(void)
{
  int value = 42; /* { escinfo escape.return "value" dangling } */
  struct cell *c = malloc(sizeof *c); /* { escinfo escape.return "malloc" } */
  if (!c)
    return NULL;
  c->next = NULL;
  c->val = &value;
  return c;
}

/* The address is used, then a value is returned: nothing escapes. */
int sum_pair(void)
{
  int pair[2] = { 3, 4 }; /* { escinfo noescape "pair" } */
  int *p = pair;
  return p[0] + p[1];
}

/* A parameter returned with an offset leaks to the result; the other is only read. */
const char *after_prefix(const char *s, const char *prefix) /* { escinfo leak.return "s" } { escinfo noleak "prefix" } */
{
  size_t n = strlen(prefix);
  return strncmp(s, prefix, n) == 0 ? s + n : s;
}

/* A search loop that returns a pointer into a local array. */
int *first_negative(void)
{
  int samples[4] = { 3, -1, 4, -5 }; /* { escinfo escape.return "samples" dangling } */
  for (int *p = samples; p < samples + 4; p++)
    if (*p < 0)
      return p;
  return NULL;
}

/* Static locals live forever: returning their address is fine and they are not subjects. */
int *next_id(void)
{
  static int id;
  id++;
  return &id;
}

/* Returned by value, not by address: the copy leaves, the local does not escape. */
struct cell copy_out(void)
{
  struct cell c = { NULL, NULL }; /* { escinfo noescape "c" } */
  struct cell *self = &c;
  self->next = NULL;
  return c;
}
