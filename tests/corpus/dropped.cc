// dropped.cc - C++ locals whose only use is to be returned by reference or by address: the front
// end returns a null pointer instead, and at -O1 and above GCC drops the local; still a dangling
// escape.return at every level.
struct point {
  int x, y;
};

int &reference_to_local()
{
  int r; // { escinfo escape.return "r" dangling }
  return r;
}

point &reference_to_struct()
{
  point p; // { escinfo escape.return "p" dangling }
  return p;
}

const int *address_of_local(int n)
{
  int z; // { escinfo escape.return "z" dangling }
  return &z;
}
