/* library.c - library functions by what they do with their pointer arguments (the models of
 * gccplugin/library.c): one case per behaviour.  A buffer filled from outside the program holds
 * pointers of unknown origin; a buffer written out of the process takes the addresses in it
 * along; a function that returns a pointer into its argument passes that argument on; one that
 * only reads keeps nothing; any function without a model may keep everything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* POSIX, declared here so that the corpus needs the C library's headers only. */
extern long read(int fd, void *buf, unsigned long n);
extern long write(int fd, const void *buf, unsigned long n);
extern long recv(int fd, void *buf, unsigned long n, int flags);
extern long send(int fd, const void *buf, unsigned long n, int flags);
extern struct tm *localtime_r(const time_t *t, struct tm *out);
extern void keep_somewhere(void *p);

char *g_line;
const char *g_found;
struct tm *g_tm;

/* fgets returns its buffer. */
void remember_line(FILE *f) /* { escinfo noleak "f" } */
{
  char buf[64]; /* { escinfo escape.global "buf" dangling } */
  g_line = fgets(buf, sizeof buf, f);
}

/* strchr and memchr return a pointer into their first argument. */
void remember_comma(void)
{
  char text[16] = "a,b"; /* { escinfo escape.global "text" dangling } */
  g_found = strchr(text, ',');
}

void remember_byte(void)
{
  char raw[8] = {1, 2, 3}; /* { escinfo escape.global "raw" dangling } */
  g_found = memchr(raw, 3, sizeof raw);
}

/* localtime_r returns its second argument. */
void remember_time(time_t t) /* { escinfo noescape "t" } */
{
  struct tm when; /* { escinfo escape.global "when" dangling } */
  g_tm = localtime_r(&t, &when);
}

/* Buffers filled from outside: a pointer read into them points anywhere. */
void store_through_read_pointer(FILE *f) /* { escinfo noleak "f" } */
{
  int z = 1; /* { escinfo escape.store "z" dangling } */
  int **pp = NULL; /* { escinfo noescape "pp" } */
  if (fread(&pp, sizeof pp, 1, f) == 1)
    *pp = &z;
}

void store_through_fd_pointer(int fd)
{
  int w = 2; /* { escinfo escape.store "w" dangling } */
  int **pp = NULL; /* { escinfo noescape "pp" } */
  if (read(fd, &pp, sizeof pp) == sizeof pp)
    *pp = &w;
}

void store_through_received_pointer(int fd)
{
  int r = 3; /* { escinfo escape.store "r" dangling } */
  int **pp = NULL; /* { escinfo noescape "pp" } */
  if (recv(fd, &pp, sizeof pp, 0) == sizeof pp)
    *pp = &r;
}

void store_through_scanned_pointer(const char *s) /* { escinfo noleak "s" } */
{
  int k = 4; /* { escinfo escape.store "k" dangling } */
  void *p = NULL; /* { escinfo noescape "p" } */
  if (sscanf(s, "%p", &p) == 1)
    *(int **)p = &k;
}

/* Buffers written out of the process: the addresses among their bytes escape. */
void written_to_file(FILE *f) /* { escinfo noleak "f" } */
{
  int x = 5; /* { escinfo escape.unknown "x" } { escinfo-flow "x" "written out" } */
  int *p = &x; /* { escinfo noescape "p" } */
  fwrite(&p, sizeof p, 1, f);
}

void written_to_fd(int fd)
{
  int y = 6; /* { escinfo escape.unknown "y" } */
  int *p = &y; /* { escinfo noescape "p" } */
  write(fd, &p, sizeof p);
}

void sent(int fd)
{
  int s2 = 7; /* { escinfo escape.unknown "s2" } */
  int *p = &s2; /* { escinfo noescape "p" } */
  send(fd, &p, sizeof p, 0);
}

/* The bytes written are only the text: nothing escapes. */
long written_text(int fd)
{
  char msg[] = "hello"; /* { escinfo noescape "msg" } */
  return write(fd, msg, strlen(msg));
}

/* Functions that only read keep nothing. */
size_t measured(void)
{
  char word[] = "word"; /* { escinfo noescape "word" } */
  printf("%s\n", word);
  return strlen(word) + (size_t)strcmp(word, "x");
}

/* Memory the library owns (getenv): a store through it is a store. */
void store_into_environment(void)
{
  int e = 8; /* { escinfo escape.store "e" dangling } */
  char *v = getenv("ESCINFO_TEST");
  if (v)
    *(int **)v = &e;
}

/* A function without a model keeps what it is given. */
void handed_over(void)
{
  int h = 9; /* { escinfo escape.call "h" } */
  keep_somewhere(&h);
}

/* A function declared malloc (fopen) stays an allocation site, whatever its model would be. */
FILE *open_log(const char *path) /* { escinfo noleak "path" xfail "a function declared malloc is an allocation site whose arguments count as kept" } */
{
  return fopen(path, "a"); /* { escinfo escape.return "fopen" } */
}
