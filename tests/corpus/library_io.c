/* library_io.c - more library models, one case per function: what each returns, and what it does
 * with the buffers it is given (gccplugin/library.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* POSIX, declared here so that the corpus needs the C library's headers only. */
extern long pread(int fd, void *buf, unsigned long n, long off);
extern long pwrite(int fd, const void *buf, unsigned long n, long off);
extern char *getcwd(char *buf, unsigned long size);
extern struct tm *gmtime_r(const time_t *t, struct tm *out);
extern long readlink(const char *path, char *buf, unsigned long size);
extern long getline(char **line, unsigned long *n, FILE *f);

const char *g_found;
char *g_dir;
struct tm *g_when;

/* Functions that return a pointer into their first argument. */
void remember_needle(void)
{
  char hay[32] = "needle in hay"; /* { escinfo escape.global "hay" dangling } */
  g_found = strstr(hay, "in");
}

void remember_last_slash(void)
{
  char path[32] = "a/b/c"; /* { escinfo escape.global "path" dangling } */
  g_found = strrchr(path, '/');
}

void remember_separator(void)
{
  char line[32] = "key=value"; /* { escinfo escape.global "line" dangling } */
  g_found = strpbrk(line, "=:");
}

/* The needle is only read. */
const char *find_in(const char *hay) /* { escinfo leak.return "hay" } */
{
  char needle[4] = "in"; /* { escinfo noescape "needle" } */
  return strstr(hay, needle);
}

/* getcwd and gmtime_r return their buffer. */
void remember_dir(void)
{
  char buf[256]; /* { escinfo escape.global "buf" dangling } */
  g_dir = getcwd(buf, sizeof buf);
}

void remember_utc(time_t t)  /* { escinfo noescape "t" } */
{
  struct tm out; /* { escinfo escape.global "out" dangling } */
  g_when = gmtime_r(&t, &out);
}

/* Filled from outside the program: pointers read back from there are of unknown origin. */
void store_through_pread(int fd)
{
  int a = 1; /* { escinfo escape.store "a" dangling } */
  int **pp = NULL; /* { escinfo noescape "pp" } */
  if (pread(fd, &pp, sizeof pp, 0) == sizeof pp)
    *pp = &a;
}

void store_through_link(const char *path) /* { escinfo noleak "path" } */
{
  int b = 2; /* { escinfo escape.store "b" dangling } */
  char *target[2] = {NULL, NULL}; /* { escinfo noescape "target" } */
  if (readlink(path, (char *)target, sizeof target) > 0)
    *(int **)target[0] = &b;
}

void store_through_line(FILE *f) /* { escinfo noleak "f" } */
{
  int c = 3; /* { escinfo escape.store "c" dangling } */
  char *line = NULL; /* { escinfo noescape "line" } */
  unsigned long n = 0; /* { escinfo noescape "n" } */
  if (getline(&line, &n, f) > 0)
    *(int **)line = &c;
}

/* Sent out of the process: the address among the bytes escapes; plain text does not. */
void pwritten(int fd)
{
  int d = 4; /* { escinfo escape.unknown "d" } */
  int *p = &d; /* { escinfo noescape "p" } */
  pwrite(fd, &p, sizeof p, 0);
}

void formatted(char *out, unsigned long n) /* { escinfo noleak "out" } */
{
  char word[8] = "five"; /* { escinfo noescape "word" } */
  snprintf(out, n, "%s=%d", word, 5);
}

/* Only reads: nothing kept. */
int compared(void)
{
  char left[8] = "abc", right[8] = "abd"; /* { escinfo noescape "left" } { escinfo noescape "right" } */
  return strncmp(left, right, 3) + (int)strspn(left, "ab") + (int)strcspn(right, "d");
}

time_t clock_now(void)
{
  struct timespec ts; /* { escinfo noescape "ts" } */
  time_t t = time(NULL);
  clock_gettime(CLOCK_REALTIME, &ts);
  return t + ts.tv_sec;
}

/* An address printed with %p leaves the process, or goes into text sscanf("%p") reads back as a
 * pointer of unknown origin: it escapes.  Printed with %s, a string is only read. */
void print_address(void)
{
  int a = 1; /* { escinfo escape.unknown "a" } { escinfo-flow "a" "with %p by 'printf'" } */
  printf("at %-16p\n", (void *)&a);
}

void print_name(void)
{
  char name[8] = "x"; /* { escinfo noescape "name" } */
  printf("%s %d\n", name, 1);
}

void address_round_trip(void)
{
  int c = 1; /* { escinfo escape.unknown "c" } */
  char text[32]; /* { escinfo noescape "text" } */
  int *back; /* { escinfo noescape "back" } */
  snprintf(text, sizeof text, "%p", (void *)&c);
  if (sscanf(text, "%p", (void **)&back) == 1)
    *back = 2;
}

/* A format the compiler cannot see, into a buffer: it may print an address. */
void print_with(const char *format) /* { escinfo noleak "format" } */
{
  int d = 1; /* { escinfo escape.unknown "d" } */
  char out[32]; /* { escinfo noescape "out" } */
  snprintf(out, sizeof out, format, (void *)&d);
}

/* A format gettext translates is read like a literal. */
extern char *gettext(const char *msgid) __attribute__((format_arg(1)));

void print_translated(void)
{
  char who[8] = "me"; /* { escinfo noescape "who" } */
  int e = 1; /* { escinfo escape.unknown "e" } */
  printf(gettext("%s\n"), who);
  printf(gettext("%p\n"), (void *)&e);
}

/* To a stream through a format the compiler cannot see: any pointer may be printed. */
void print_to(FILE *out, const char *format) /* { escinfo noleak "out" } { escinfo noleak "format" } */
{
  int g = 1; /* { escinfo escape.unknown "g" } { escinfo-flow "g" "cannot see" } */
  fprintf(out, format, (void *)&g);
}
