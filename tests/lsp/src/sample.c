/* sample.c - escapes of each kind, for the language server's transcript tests. */
#include <stdlib.h>
#include <string.h>

static int *saved;

void remember(void)
{
  int local = 1;
  int *p = &local;
  saved = p;
}

int sum_scratch(void)
{
  int tmp[4] = { 1, 2, 3, 4 };
  int *q = tmp;
  return q[0] + q[3];
}

void keep(int *param);

void forward(int *param)
{
  keep(param);
}

int stack_candidate(int n)
{
  int *block = malloc(64);
  if (!block)
    return 0;
  block[0] = n;
  int r = block[0];
  free(block);
  return r;
}
