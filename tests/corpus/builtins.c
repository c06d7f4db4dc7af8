/* builtins.c - known library behaviour: GCC builtins and a short list of library functions keep
 * none of their arguments (memset, strlen, strcmp, the printf and scanf families, puts, fputs,
 * fwrite...), some return a pointer into an argument (strchr, strcpy), strto* store one into
 * their second argument.  Anything else from the library is an unknown function: strtok really
 * keeps its string, qsort and bsearch do not but are not on the list (xfail). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec {
  int id;
  int score;
  int flags;
};

static int cmp_int(const void *a, const void *b) /* { escinfo noleak "a" } { escinfo noleak "b" } */
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int clear_and_sum(void)
{
  struct rec r; /* { escinfo noescape "r" } */
  memset(&r, 0, sizeof r);
  return r.id + r.score + r.flags;
}

size_t greeting_length(const char *who) /* { escinfo noleak "who" } */
{
  char buf[64]; /* { escinfo noescape "buf" } */
  snprintf(buf, sizeof buf, "hello, %s", who);
  puts(buf);
  printf("%s\n", buf);
  return strlen(buf);
}

int parse_two(const char *line) /* { escinfo noleak "line" } */
{
  int a = 0; /* { escinfo noescape "a" } */
  int b = 0; /* { escinfo noescape "b" } */
  if (sscanf(line, "%d %d", &a, &b) != 2)
    return -1;
  return a + b;
}

int same_prefix(const char *s) /* { escinfo noleak "s" } */
{
  char want[4] = { 'a', 'b', 'c', 'd' }; /* { escinfo noescape "want" } */
  return memcmp(s, want, sizeof want) == 0;
}

/* strchr returns a pointer into its argument, which is returned. */
char *find_colon(void)
{
  static const char text[] = "key:value";
  char buf[16]; /* { escinfo escape.return "buf" dangling } */
  strcpy(buf, text);
  char *p = strchr(buf, ':');
  return p;
}

/* strtol stores a pointer into s through &end; end is then stored through rest. */
long parse_number(const char *s, const char **rest) /* { escinfo leak.store "s" } { escinfo noleak "rest" } */
{
  char *end; /* { escinfo noescape "end" } */
  long v = strtol(s, &end, 10);
  *rest = end;
  return v;
}

/* fwrite keeps neither the buffer nor the stream. */
size_t write_header(FILE *f) /* { escinfo noleak "f" } */
{
  unsigned char hdr[8] = { 'E', 'S', 'C', 0, 1, 0, 0, 0 }; /* { escinfo noescape "hdr" } */
  return fwrite(hdr, 1, sizeof hdr, f);
}

/* strtok keeps a pointer to its string for the next call: a real escape. */
int count_tokens(const char *s) /* { escinfo noleak "s" } */
{
  char copy[128]; /* { escinfo escape.call "copy" } */
  int n = 0;
  strncpy(copy, s, sizeof copy - 1);
  copy[sizeof copy - 1] = 0;
  for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
    n++;
  return n;
}

/* qsort does not keep the array, but it is not a known function. */
int median3(int a, int b, int c)
{
  int v[3] = { a, b, c }; /* { escinfo noescape "v" xfail "qsort is not a known library function: treated as unknown" } */
  qsort(v, 3, sizeof v[0], cmp_int);
  return v[1];
}

/* bsearch likewise.  With optimisation glibc's <stdlib.h> gives bsearch an extern-inline body;
 * such bodies exist only at -O1 and above, so they must not be summarised (the verdict would
 * depend on -O). */
int contains(int key)
{
  static const int table[] = { 1, 3, 5, 7, 11 };
  int k = key; /* { escinfo noescape "k" xfail "bsearch is not a known library function: treated as unknown at every -O level" } */
  return bsearch(&k, table, 5, sizeof table[0], cmp_int) != NULL;
}

/* A prefetch hint keeps nothing. */
int prefetched_sum(const int *v, int n) /* { escinfo noleak "v" } */
{
  int s = 0;
  for (int i = 0; i < n; i++) {
    __builtin_prefetch(&v[i + 8]);
    s += v[i];
  }
  return s;
}
