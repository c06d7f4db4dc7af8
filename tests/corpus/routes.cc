// routes.cc - C++ subjects that escape several ways: the most serious route names the fact and
// any route that outlives the frame makes it dangling, whatever the order of the statements.
#include <vector>

extern "C" void log_address(const void *p);

struct registry {
  int *current;
  void set(int *p) { current = p; } // { escinfo noleak "this" } { escinfo leak.store "p" }
};

registry g_registry;
int *g_last;
std::vector<int *> g_list;

// Logged first, then stored into a global object by its member function.
void logged_then_registered()
{
  int x = 1; // { escinfo escape.global "x" dangling } { escinfo-flow "x" "'g_registry'" } { escinfo-route "x" escape.call }
  log_address(&x);
  g_registry.set(&x);
}

// Kept in a global vector (in the memory push_back allocates for it), and returned.
int *listed_and_returned()
{
  int y = 2; // { escinfo escape.global "y" dangling } { escinfo-flow "y" "push_back" } { escinfo-route "y" escape.return dangling }
  g_list.push_back(&y);
  return &y;
}

// A reference parameter stored in a global, then passed on.
void stored_reference(int &r) // { escinfo leak.global "r" } { escinfo-route "r" leak.call }
{
  g_last = &r;
  log_address(&r);
}

// A local passed by reference to a function that keeps it, and logged.
void kept_by_reference()
{
  int z = 3; // { escinfo escape.call "z" dangling } { escinfo-route "z" escape.call }
  log_address(&z);
  stored_reference(z);
}

// Only logged: an escape, not dangling.
void only_logged()
{
  int w = 4; // { escinfo escape.call "w" }
  log_address(&w);
}

// A member of a local object stored in a global: the object escapes, dangling.
struct pair_of {
  int a, b;
};

void member_kept()
{
  pair_of p{1, 2}; // { escinfo escape.global "p" dangling }
  g_last = &p.b;
}

// New memory holding the local, kept in a global.
struct node {
  int *value;
};
node *g_node;

static node *make_node(int *v) // { escinfo leak.return "v" }
{
  return new node{v}; // { escinfo escape.return "operator new" }
}

void node_kept()
{
  int n = 5; // { escinfo escape.global "n" dangling }
  g_node = make_node(&n);
}

int node_used()
{
  int m = 6; // { escinfo noescape "m" }
  node *k = make_node(&m);
  int r = *k->value;
  delete k;
  return r;
}
