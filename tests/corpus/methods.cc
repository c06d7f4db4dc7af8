// methods.cc - C++ member functions and references.  'this' is a pointer parameter like any other
// (named "this", located at the member function's name); a local whose member function is called
// has its address taken; a reference parameter is a pointer parameter; passing by reference takes
// the argument's address.  Implicit (compiler-generated) member functions are not reported.
#include <cstddef>

extern "C" void post_task(void *task);
extern "C" void register_widget(void *w);
extern "C" void unregister_widget(void *w);

struct counter {
  int total;
  void add(int v) { total += v; } // { escinfo noleak "this" }
  int value() const { return total; } // { escinfo noleak "this" }
};

int count_to(int n)
{
  counter c = { 0 }; // { escinfo noescape "c" }
  for (int i = 1; i <= n; i++)
    c.add(i);
  return c.value();
}

// A constructor that registers the object and a destructor that unregisters it.
struct widget {
  int id;
  explicit widget(int i) : id(i) { register_widget(this); } // { escinfo leak.call "this" }
  ~widget() { unregister_widget(this); } // { escinfo leak.call "this" }
  int get_id() const { return id; } // { escinfo noleak "this" }
};

int make_widget(int i)
{
  widget w(i); // { escinfo escape.call "w" } { escinfo-flow "w" "'register_widget'" }
  return w.get_id();
}

// Fluent setters return *this: the object leaks to the result, and the caller drops it.
struct builder {
  int w, h;
  builder &width(int v) { w = v; return *this; } // { escinfo leak.return "this" }
  builder &height(int v) { h = v; return *this; } // { escinfo leak.return "this" }
};

int area_built(int a, int b)
{
  builder bd = { 0, 0 }; // { escinfo noescape "bd" }
  bd.width(a).height(b);
  return bd.w * bd.h;
}

// Handing this to an unknown function, and storing it in a global.
struct task {
  int prio;
  void schedule() { post_task(this); } // { escinfo leak.call "this" }
};

struct entry;
entry *g_current_entry;

struct entry {
  const char *name;
  void make_current() { g_current_entry = this; } // { escinfo leak.global "this" }
  void set_name(const char *n) { name = n; } // { escinfo noleak "this" } { escinfo leak.store "n" }
};

void schedule_all(task *tasks, int n) // { escinfo leak.call "tasks" }
{
  for (int i = 0; i < n; i++)
    tasks[i].schedule();
}

void activate(entry *e) // { escinfo leak.call "e" }
{
  e->make_current();
}

void rename_entry(entry &e, const char *n) // { escinfo noleak "e" } { escinfo leak.store "n" }
{
  e.set_name(n);
}

// Member functions defined outside the class.  count() reads the length next to the data pointer:
// a length field is not a pointer read back as an integer.
struct text {
  const char *data;
  std::size_t size;
  std::size_t count(char ch) const;
  const char *find(char ch) const;
};

std::size_t text::count(char ch) const // { escinfo noleak "this" }
{
  std::size_t n = 0;
  for (std::size_t i = 0; i < size; i++)
    if (data[i] == ch)
      n++;
  return n;
}

const char *text::find(char ch) const // { escinfo noleak "this" }
{
  for (std::size_t i = 0; i < size; i++)
    if (data[i] == ch)
      return data + i;
  return nullptr;
}

std::size_t count_commas()
{
  char line[] = "a,b,c"; // { escinfo noescape "line" }
  text t = { line, 5 }; // { escinfo noescape "t" }
  return t.count(',');
}

const char *find_in(const text &t, char ch) // { escinfo noleak "t" }
{
  return t.find(ch);
}

// Operators.
struct vec2 {
  double x, y;
  vec2 &operator+=(const vec2 &o) // { escinfo leak.return "this" } { escinfo noleak "o" }
  {
    x += o.x;
    y += o.y;
    return *this;
  }
};

// a is a by-value parameter whose address is taken by operator+=; returning it by value copies it.
vec2 operator+(vec2 a, const vec2 &b) // { escinfo noescape "a" } { escinfo noleak "b" }
{
  a += b;
  return a;
}

// A virtual call through a reference is an indirect call.
struct shape {
  virtual double area() const = 0;
};

struct square : shape {
  double side;
  explicit square(double s) : side(s) {} // { escinfo noleak "this" }
  double area() const override { return side * side; } // { escinfo noleak "this" }
};

double area_of(const shape &s) // { escinfo leak.unknown "s" }
{
  return s.area();
}

double square_area(double side)
{
  square sq(side); // { escinfo escape.call "sq" }
  return area_of(sq);
}

// A static member function has no this.
struct math {
  static int twice(const int *p) { return *p * 2; } // { escinfo noleak "p" }
};

int twice_local(int v)
{
  int copy = v; // { escinfo noescape "copy" }
  return math::twice(&copy);
}

// References.
void bump(int &r) // { escinfo noleak "r" }
{
  ++r;
}

int bump_twice()
{
  int n = 0; // { escinfo noescape "n" }
  bump(n);
  bump(n);
  return n;
}

int &larger(int &a, int &b) // { escinfo leak.return "a" } { escinfo leak.return "b" }
{
  return a > b ? a : b;
}

int larger_local()
{
  int x = 1; // { escinfo noescape "x" }
  int y = 2; // { escinfo noescape "y" }
  larger(x, y) = 0;
  return x + y;
}

int &dangling_ref()
{
  int z = 3; // { escinfo escape.return "z" dangling }
  return larger(z, z);
}

// The classic reference bug: the front end replaces the returned reference by a null one; the
// address is recovered from the function's GENERIC.
int &dangling_direct()
{
  int w = 4; // { escinfo escape.return "w" dangling }
  return w;
}
