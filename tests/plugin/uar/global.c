/* global.c - a local's address kept in a global, read after its frame is gone. */
static int *last;

static void remember(int v)
{
  int copy = v;
  last = &copy;
}

int main(void)
{
  remember(3);
  return *last == 3 ? 0 : 1;
}
