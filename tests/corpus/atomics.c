/* atomics.c - an address stored atomically (<stdatomic.h>, GCC's __atomic and __sync builtins) is
 * stored: into a global, it is a dangling escape.global, as a plain store would be; an atomic
 * load, exchange or compare-and-swap gives back what was stored. */
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

/* Loads and exchanges give back what the atomic held: returned, it dangles. */
int *loaded_back(void)
{
  int l = 4; /* { escinfo escape.return "l" dangling } */
  _Atomic(int *) a = &l; /* { escinfo noescape "a" } */
  return atomic_load(&a);
}

int *swapped_out(void)
{
  int old = 5, fresh = 6; /* { escinfo escape.return "old" dangling } { escinfo escape.return "fresh" dangling } */
  _Atomic(int *) a = &old; /* { escinfo noescape "a" } */
  return atomic_exchange(&a, &fresh);
}

int *compared_and_swapped(void)
{
  int held = 7, want = 8; /* { escinfo escape.return "held" dangling } { escinfo escape.return "want" dangling } */
  int *slot = &held; /* { escinfo noescape "slot" } */
  return __sync_val_compare_and_swap(&slot, &held, &want);
}

int *expected_filled(void)
{
  int now = 9, next = 10; /* { escinfo escape.return "now" dangling } { escinfo noescape "next" xfail "flow-insensitive: the failed exchange leaves 'expected' as it was or as what the atomic held" } */
  _Atomic(int *) a = &now; /* { escinfo noescape "a" } */
  int *expected = 0; /* { escinfo noescape "expected" } */
  atomic_compare_exchange_strong(&a, &expected, &next);
  return expected;
}

/* An atomic counter: no address involved. */
int counted(void)
{
  _Atomic int n = 0; /* { escinfo noescape "n" } */
  atomic_fetch_add(&n, 2);
  return atomic_load(&n);
}
