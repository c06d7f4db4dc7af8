// result_slot.cc - C++ results returned through a hidden pointer to the caller's object (classes
// that are not trivially copyable or destructible: std::function, std::unique_ptr, std::tuple,
// the result of std::bind, any class with a destructor).  What the function stores there is
// returned: a local's address in it dangles, and the caller's object holds it.
#include <functional>
#include <memory>
#include <tuple>

struct node {
  int *p;
};

struct holder {
  int *p;
  ~holder() { p = nullptr; } // { escinfo noleak "this" }
};

extern "C" void consume(int *p);

std::unique_ptr<node> g_node;
std::tuple<int *> g_tuple;
std::function<int()> g_fn;
holder g_holder;

std::function<int()> make_counter()
{
  int n = 0; // { escinfo escape.closure "n" dangling }
  return [&n]() { return ++n; };
}

std::function<void()> make_binder()
{
  int b = 0; // { escinfo escape.return "b" dangling }
  return std::bind(consume, &b);
}

holder make_holder()
{
  int z = 3; // { escinfo escape.return "z" dangling }
  holder h;
  h.p = &z;
  return h;
}

holder hold(int *p) // { escinfo leak.return "p" }
{
  holder h;
  h.p = p;
  return h;
}

void keep_node()
{
  int x = 1; // { escinfo escape.global "x" dangling }
  g_node = std::make_unique<node>(node{&x});
}

void keep_tuple()
{
  int y = 2; // { escinfo escape.global "y" dangling }
  g_tuple = std::make_tuple(&y);
}

void keep_holder()
{
  int w = 4; // { escinfo escape.global "w" dangling }
  g_holder = hold(&w);
}

int local_holder()
{
  int v = 5; // { escinfo noescape "v" }
  holder h = hold(&v); // { escinfo noescape "h" }
  return *h.p;
}
