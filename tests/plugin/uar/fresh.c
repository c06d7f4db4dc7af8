/* fresh.c - a local kept in new memory a callee returns, the memory kept in a global. */
#include <stdlib.h>

struct box {
  int *p;
};

static struct box *g_box;

static struct box *wrap(int *v)
{
  struct box *b = malloc(sizeof *b);
  if (b)
    b->p = v;
  return b;
}

static void keep_wrapped(void)
{
  int x = 9;
  g_box = wrap(&x);
}

int main(void)
{
  keep_wrapped();
  int r = g_box && *g_box->p == 9 ? 0 : 1;
  free(g_box);
  return r;
}
