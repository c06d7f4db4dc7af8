/* names.c - a dangling return and a global store, for escinfo scan's tests. */
#include <stdio.h>
#include "names.h"

static const char *last;

const char *name_of(int id)
{
  char buf[32];
  snprintf(buf, sizeof buf, "#%d", id);
  return buf;
}

void remember_name(const char *name)
{
  last = name;
}
