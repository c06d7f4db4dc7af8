/* dangling.c - classic ways a local's address outlives its function, and one that is fine. */
#include <stdio.h>
#include <string.h>

static const char *last_name;

/* Returns a pointer into its own frame: the buffer dies when the function returns. */
const char *format_id(int id)
{
  char buf[32];
  snprintf(buf, sizeof buf, "id-%d", id);
  return buf;
}

/* Remembers a name that lives on the caller's... no, on its own stack. */
void remember(const char *name)
{
  char copy[64];
  strncpy(copy, name, sizeof copy - 1);
  copy[sizeof copy - 1] = '\0';
  last_name = copy;
}

/* Only reads through the pointer it is given: nothing escapes. */
static size_t count_upper(const char *s)
{
  size_t n = 0;
  for (; *s; s++)
    n += (*s >= 'A' && *s <= 'Z');
  return n;
}

size_t shout_count(void)
{
  char word[16] = "HeLLo";
  return count_upper(word);
}
