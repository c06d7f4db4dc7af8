// callbacks.cc - C++ closures: a lambda that stays local, one that outlives its frame.
#include <functional>
#include <memory>
#include <vector>

static std::vector<std::function<void()>> pending;

// The lambda captures 'count' by reference and is only called here: nothing escapes.
int count_evens(const std::vector<int> &v)
{
  int count = 0;
  auto tally = [&](int x) { count += (x % 2 == 0); };
  for (int x : v)
    tally(x);
  return count;
}

// The lambda captures 'done' by reference and is stored for later: a dangling capture.
void schedule_flag()
{
  bool done = false;
  pending.push_back([&] { done = true; });
}

// A heap object that is deleted on every path could live on the stack.
int scratch_sum(int a, int b)
{
  int *cell = new int(a);
  *cell += b;
  int r = *cell;
  delete cell;
  return r;
}
