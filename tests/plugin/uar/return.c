/* return.c - a local's address returned (through a helper, so that GCC does not replace it by a
 * null pointer), then read by the caller. */
#include <stdio.h>

static char *same(char *p)
{
  return p;
}

static char *format_id(int id)
{
  char buf[32];
  snprintf(buf, sizeof buf, "id-%d", id);
  return same(buf);
}

int main(void)
{
  char *s = format_id(7);
  return s[0] == 'i' ? 0 : 1;
}
