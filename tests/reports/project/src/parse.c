/* parse.c - two dangling addresses: what a CI gate must stop. */
#include <string.h>

char *last_token;

char *token_copy(const char *s)
{
  char buf[32];
  strncpy(buf, s, sizeof buf - 1);
  buf[31] = 0;
  return buf;
}

void remember(const char *s)
{
  char copy[16];
  strncpy(copy, s, sizeof copy - 1);
  copy[15] = 0;
  last_token = copy;
}
