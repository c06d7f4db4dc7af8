// lambda.cc - C++ lambdas (Go: closures).  A variable captured by reference has its address stored
// in the closure object: it is a subject, noescape while the closure stays local, escape.closure
// when the closure escapes (dangling when the closure is returned or stored in static storage).
// A variable captured by copy is not a subject.  A named closure object whose operator() is called
// has its address taken.  The lambda's own object parameter (__closure) is compiler-generated and
// not annotated; the parameters the user wrote are.

extern "C" void on_event(void (*fn)(void *), void *ctx);
extern "C" void keep(void *);

template <class F>
static void for_each_int(const int *a, int n, F &&fn) // { escinfo noleak "a" } { escinfo noleak "fn" }
{
  for (int i = 0; i < n; i++)
    fn(a[i]);
}

// A temporary closure passed down: the captured variable stays local.
int sum_ints(const int *a, int n) // { escinfo noleak "a" }
{
  int total = 0; // { escinfo noescape "total" }
  for_each_int(a, n, [&total](int v) { total += v; });
  return total;
}

// [&] captures a by-value parameter by reference, and a named closure is passed by reference.
int count_above(const int *a, int n, int limit) // { escinfo noleak "a" } { escinfo noescape "limit" }
{
  int count = 0; // { escinfo noescape "count" }
  auto above = [&](int v) { if (v > limit) count++; }; // { escinfo noescape "above" }
  for_each_int(a, n, above);
  return count;
}

// Called on the spot.
int doubled_of(int x) // { escinfo noescape "x" }
{
  int doubled = 0; // { escinfo noescape "doubled" }
  [&] { doubled = x * 2; }();
  return doubled;
}

// Captured by copy: no subject; the named closure is one because add() takes its address.
int add_both(int base)
{
  int offset = 10;
  auto add = [offset, base](int v) { return v + offset + base; }; // { escinfo noescape "add" }
  return add(1) + add(2);
}

// The closure goes to a C callback API as its context: it escapes, and so does what it captured.
template <class F>
static void trampoline(void *ctx) // { escinfo noleak "ctx" }
{
  (*static_cast<F *>(ctx))();
}

void watch_events()
{
  int events = 0; // { escinfo escape.closure "events" } { escinfo-flow "events" "'on_event'" }
  auto handler = [&events] { ++events; }; // { escinfo escape.call "handler" }
  on_event(&trampoline<decltype(handler)>, &handler);
}

// A closure returned by value still points at the dead local.
auto make_incrementer()
{
  int step = 1; // { escinfo escape.closure "step" dangling }
  return [&step](int v) { return v + step; };
}

int use_incrementer()
{
  auto inc = make_incrementer(); // { escinfo noescape "inc" }
  return inc(1);
}

// A closure kept in static storage.
static void *g_pending;

void defer_count()
{
  int lines = 0; // { escinfo escape.closure "lines" dangling }
  auto job = [&lines] { ++lines; }; // { escinfo escape.global "job" dangling }
  g_pending = &job;
}

// A captureless lambda converted to a function pointer: its parameter is an ordinary parameter.
void register_plain()
{
  on_event([](void *p) { keep(p); }, nullptr); // { escinfo leak.call "p" }
}

// A lambda capturing this: the object is only read and written through.
struct accumulator {
  long sum;
  void add_all(const int *a, int n) // { escinfo noleak "this" } { escinfo noleak "a" }
  {
    for_each_int(a, n, [this](int v) { sum += v; });
  }
};

long accumulate(const int *a, int n) // { escinfo noleak "a" }
{
  accumulator acc = { 0 }; // { escinfo noescape "acc" }
  acc.add_all(a, n);
  return acc.sum;
}

// A lambda with a pointer parameter of its own, called locally.
int apply_to_local()
{
  int v = 4; // { escinfo noescape "v" }
  auto twice = [](int *p) { *p *= 2; }; // { escinfo noleak "p" } { escinfo noescape "twice" }
  twice(&v);
  return v;
}

// A pointer captured by copy is held by the closure, not captured by reference: the message
// says where the closure goes, and the code is that route's.
void (*g_hook)(void *);
void *g_hook_ctx;

template <class F>
static void install(F *f) // { escinfo leak.global "f" }
{
  g_hook = [](void *ctx) { (*static_cast<F *>(ctx))(); }; // { escinfo noleak "ctx" }
  g_hook_ctx = f;
}

void hook_pointer()
{
  int hits = 0; // { escinfo escape.call "hits" dangling } { escinfo-flow "hits" "held in 'bump'" }
  int *counter = &hits;
  auto bump = [counter]() { ++*counter; }; // { escinfo escape.call "bump" dangling }
  install(&bump);
}

void hook_reference()
{
  int calls = 0; // { escinfo escape.closure "calls" dangling } { escinfo-flow "calls" "captured by 'bump'" }
  auto bump = [&calls]() { ++calls; }; // { escinfo escape.call "bump" dangling }
  install(&bump);
}
