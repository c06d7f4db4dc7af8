/* atomics.c - an address stored atomically (<stdatomic.h>, GCC's __atomic builtins) is stored:
 * into a global, it is a dangling escape.global, as a plain store would be. */
#include <stdatomic.h>

_Atomic(int *) g_atomic;
int *g_plain;

void stored(void)
{
  int x = 1; /* { escinfo escape.global "x" dangling } { escinfo-flow "x" "'g_atomic'" } */
  atomic_store(&g_atomic, &x);
}

void stored_release(void)
{
  int y = 2; /* { escinfo escape.global "y" dangling } */
  atomic_store_explicit(&g_atomic, &y, memory_order_release);
}

void exchanged(void)
{
  int z = 3; /* { escinfo escape.global "z" dangling } */
  int *old = atomic_exchange(&g_atomic, &z);
  (void)old;
}

void swapped_in(int *expected) /* { escinfo noleak "expected" } { escinfo noescape "expected" } */
{
  int c = 4; /* { escinfo escape.global "c" dangling } */
  atomic_compare_exchange_strong(&g_atomic, &expected, &c);
}

void builtin_stored(void)
{
  int w = 5; /* { escinfo escape.global "w" dangling } */
  __atomic_store_n(&g_plain, &w, __ATOMIC_SEQ_CST);
}

/* Loaded atomically: a pointer of unknown origin, and nothing escapes. */
int loaded(void)
{
  int *p = atomic_load(&g_atomic);
  return p ? *p : 0;
}
