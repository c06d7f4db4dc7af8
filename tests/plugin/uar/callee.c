/* callee.c - a local handed to a callee that keeps it in a global, and filled by another call
 * first (the dangling route is not the first one taken). */
#include <string.h>

static const char *saved;

static void fill(char *buf)
{
  strcpy(buf, "name");
}

static void keep(const char *p)
{
  saved = p;
}

static void load(void)
{
  char name[16];
  fill(name);
  keep(name);
}

int main(void)
{
  load();
  return saved[0] == 'n' ? 0 : 1;
}
