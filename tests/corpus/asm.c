/* asm.c - addresses handed to inline asm: the asm may do anything with them (escape.asm for locals,
 * leak.unknown for parameters).  A "memory" clobber alone hands over nothing.  The asm templates
 * are empty so the file builds on any target. */

/* The address in a register operand. */
void barrier_on(void)
{
  int x = 0; /* { escinfo escape.asm "x" } */
  __asm__ volatile("" : : "r"(&x) : "memory");
}

/* A memory operand gives the asm the variable's address too. */
int keep_in_memory(void)
{
  int v = 5; /* { escinfo escape.asm "v" } */
  __asm__ volatile("" : "+m"(v));
  return v;
}

/* A value in a register is not an address: no subject at all. */
int value_in_register(int a)
{
  int r = a * 3;
  __asm__ volatile("" : "+r"(r));
  return r;
}

/* "Laundering" a pointer through an asm so the compiler forgets where it points. */
int launder(void)
{
  int x = 1; /* { escinfo escape.asm "x" } */
  int *p = &x;
  __asm__("" : "+r"(p));
  return *p;
}

/* A clobber of all memory, but no operand: the local's address is not given to the asm. */
int fenced(void)
{
  int x = 1; /* { escinfo noescape "x" } */
  int *p = &x;
  __asm__ volatile("" : : : "memory");
  return *p;
}

/* A parameter passed to an asm leaks. */
void flush_line(const void *addr) /* { escinfo leak.unknown "addr" } */
{
  __asm__ volatile("" : : "r"(addr) : "memory");
}

/* An array's address as an operand. */
void touch_buffer(void)
{
  char buf[64]; /* { escinfo escape.asm "buf" } */
  __asm__ volatile("" : : "r"(buf) : "memory");
}
