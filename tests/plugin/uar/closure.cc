// closure.cc - a lambda capturing a local by reference, returned as a std::function and called
// after the local's frame is gone.
#include <functional>

static std::function<int()> make_counter()
{
  int n = 0;
  return [&n]() { return ++n; };
}

int main()
{
  std::function<int()> next = make_counter();
  return next() > 0 ? 0 : 1;
}
