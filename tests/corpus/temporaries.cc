// temporaries.cc - C++ temporaries bound to a reference: the compiler's object, the
// reference's subject.  Its address kept beyond the frame dangles; returning a reference to a
// temporary is a dangling return (GCC warns, and returns a null reference instead).

const int *g_int;
struct token {
  int kind;
  ~token() { kind = 0; } // { escinfo noleak "this" }
};
const token *g_token;

void keep_bound_int()
{
  const int &r = 5; // { escinfo escape.global "r" dangling } { escinfo-flow "r" "'g_int'" }
  g_int = &r;
}

void keep_bound_object()
{
  const token &t = token{1}; // { escinfo escape.global "t" dangling }
  g_token = &t;
}

int read_bound()
{
  const token &t = token{2}; // { escinfo noescape "t" }
  return t.kind;
}

const int &dangling_reference()
{
  return 42; // { escinfo escape.return "(temporary)" dangling }
}
