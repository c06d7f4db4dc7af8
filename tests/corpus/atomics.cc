// atomics.cc - std::atomic<T *>: a pointer stored (store, exchange, =) is a store into the atomic.
#include <atomic>

std::atomic<int *> g_ptr;

void stored()
{
  int v = 1; // { escinfo escape.global "v" dangling }
  g_ptr.store(&v);
}

void assigned()
{
  int a = 2; // { escinfo escape.global "a" dangling }
  g_ptr = &a;
}

void exchanged()
{
  int e = 3; // { escinfo escape.global "e" dangling }
  g_ptr.exchange(&e, std::memory_order_acq_rel);
}

int local_atomic()
{
  int l = 4; // { escinfo noescape "l" }
  std::atomic<int *> mine(&l); // { escinfo noescape "mine" }
  return *mine.load();
}
