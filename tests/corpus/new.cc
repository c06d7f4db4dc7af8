// new.cc - C++ new and delete.  Allocation sites are named "operator new" and "operator new[]"
// (placement new is not an allocation).  A fixed-size new that does not escape and is deleted on
// every path to the exit could be a local: alloc.stack-candidate.  Exception edges are paths: a
// call that may throw between new and delete leaves a path without delete.
#include <cstddef>
#include <new>

extern "C" void keep(void *);
extern void consume(int v); // may throw

struct node {
  node *next;
  int value;
};

struct pair_i {
  int a, b;
};

struct tracked {
  int id;
  ~tracked();
};

node *g_head;

int boxed_sum(int a, int b)
{
  int *p = new int(a); // { escinfo alloc.stack-candidate "operator new" }
  *p += b;
  int r = *p;
  delete p;
  return r;
}

int table_sum()
{
  int *t = new int[16]; // { escinfo alloc.stack-candidate "operator new[]" }
  for (int i = 0; i < 16; i++)
    t[i] = i;
  int s = 0;
  for (int i = 0; i < 16; i++)
    s += t[i];
  delete[] t;
  return s;
}

// The size depends on a parameter.
int dynamic_sum(int n)
{
  int *t = new int[n]; // { escinfo noescape "operator new[]" }
  int s = 0;
  for (int i = 0; i < n; i++)
    s += t[i] = i;
  delete[] t;
  return s;
}

// The new node is returned, and the old head is stored into it: head leaks to the result.
node *push_front(node *head, int v) // { escinfo leak.return "head" }
{
  node *n = new node{ head, v }; // { escinfo escape.return "operator new" }
  return n;
}

void push_global(int v)
{
  node *n = new node{ g_head, v }; // { escinfo escape.global "operator new" }
  g_head = n;
}

void hand_off(int v)
{
  int *p = new int(v); // { escinfo escape.call "operator new" }
  keep(p);
}

// consume() may throw: on that path the block is never deleted.
int throws_between(int v)
{
  int *p = new int(v); // { escinfo noescape "operator new" }
  consume(*p);
  int r = *p;
  delete p;
  return r;
}

// nothrow new is checked for null; that path is ignored.
int nothrow_box(int v)
{
  int *p = new (std::nothrow) int(v); // { escinfo alloc.stack-candidate "operator new" }
  if (!p)
    return -1;
  int r = *p * 2;
  delete p;
  return r;
}

// Placement new builds the object in a local buffer: no allocation, and the buffer stays local.
int placement(int a, int b)
{
  alignas(pair_i) unsigned char storage[sizeof(pair_i)]; // { escinfo noescape "storage" }
  pair_i *p = new (storage) pair_i{ a, b };
  return p->a + p->b;
}

// delete of a class with a destructor checks for null first; that path is ignored.
tracked::~tracked() // { escinfo noleak "this" }
{
}

int tracked_once(int id)
{
  tracked *t = new tracked{ id }; // { escinfo alloc.stack-candidate "operator new" }
  int r = t->id;
  delete t;
  return r;
}
