/* library_stdio.c - library models (gccplugin/library.c) for streams, wide streams, time,
 * messages and the rest of <stdlib.h>: one case per kind of model.  Buffers filled from a stream
 * hold pointers of unknown origin; buffers written out take the addresses in them along; what
 * returns its buffer or its stream passes it on; the rest keeps nothing. */
/* { escinfo-options "-D_GNU_SOURCE" } */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

/* <err.h>, <error.h> and the checking entry points of glibc's fortified headers, declared here so
 * that the corpus needs the C library's headers only. */
extern void warn(const char *fmt, ...);
extern void warnx(const char *fmt, ...);
extern void vwarn(const char *fmt, va_list ap);
extern void vwarnx(const char *fmt, va_list ap);
extern void err(int status, const char *fmt, ...);
extern void errx(int status, const char *fmt, ...);
extern void verr(int status, const char *fmt, va_list ap);
extern void verrx(int status, const char *fmt, va_list ap);
extern void error(int status, int errnum, const char *fmt, ...);
extern void error_at_line(int status, int errnum, const char *file, unsigned line, const char *fmt, ...);
extern char *__fgets_unlocked_chk(char *s, size_t size, int n, FILE *f);
extern wchar_t *__fgetws_chk(wchar_t *s, size_t size, int n, FILE *f);
extern wchar_t *__fgetws_unlocked_chk(wchar_t *s, size_t size, int n, FILE *f);
extern size_t __fread_unlocked_chk(void *p, size_t plen, size_t size, size_t n, FILE *f);
extern int __fwprintf_chk(FILE *f, int flag, const wchar_t *fmt, ...);
extern int __wprintf_chk(int flag, const wchar_t *fmt, ...);
extern int __swprintf_chk(wchar_t *s, size_t n, int flag, size_t slen, const wchar_t *fmt, ...);
extern int __asprintf_chk(char **s, int flag, const char *fmt, ...);
extern int __dprintf_chk(int fd, int flag, const char *fmt, ...);
extern int __vasprintf_chk(char **s, int flag, const char *fmt, va_list ap);
extern int __vdprintf_chk(int fd, int flag, const char *fmt, va_list ap);
extern int __vfwprintf_chk(FILE *f, int flag, const wchar_t *fmt, va_list ap);
extern int __vwprintf_chk(int flag, const wchar_t *fmt, va_list ap);
extern int __vswprintf_chk(wchar_t *s, size_t n, int flag, size_t slen, const wchar_t *fmt, va_list ap);
extern int __wctomb_chk(char *s, wchar_t wc, size_t n);
extern ssize_t __getdelim(char **line, size_t *n, int delim, FILE *f);
extern int __uflow(FILE *f);
extern int __isoc99_swscanf(const wchar_t *s, const wchar_t *fmt, ...);
extern int __isoc99_fwscanf(FILE *f, const wchar_t *fmt, ...);
extern int __isoc99_wscanf(const wchar_t *fmt, ...);

char *g_line;
wchar_t *g_wline;
char *g_text;
const char *g_rest;
FILE *g_log;

/* Return their buffer ("1o.r", "1o..r", "1o"). */
void remember_wide_line(FILE *f) /* { escinfo noleak "f" } */
{
  wchar_t line[64]; /* { escinfo escape.global "line" dangling } { escinfo-flow "line" "'fgetws'" } */
  g_wline = fgetws(line, 64, f);
}

void remember_lines(FILE *f) /* { escinfo noleak "f" } */
{
  char quick[64]; /* { escinfo escape.global "quick" dangling } */
  char checked[64]; /* { escinfo escape.global "checked" dangling } */
  wchar_t wide[64]; /* { escinfo escape.global "wide" dangling } */
  wchar_t wquick[64]; /* { escinfo escape.global "wquick" dangling } */
  g_line = fgets_unlocked(quick, sizeof quick, f);
  g_line = __fgets_unlocked_chk(checked, sizeof checked, 64, f);
  g_wline = __fgetws_chk(wide, sizeof wide, 64, f);
  g_wline = __fgetws_unlocked_chk(wquick, sizeof wquick, 64, f);
}

void remember_temp_name(void)
{
  char name[L_tmpnam]; /* { escinfo escape.global "name" dangling } */
  g_text = tmpnam_r(name);
}

/* freopen returns its stream, its third argument ("3rrr"). */
FILE *reopen_log(const char *path, FILE *f) /* { escinfo noleak "path" } { escinfo leak.return "f" } */
{
  return freopen(path, "a", f);
}

/* A buffer filled from a stream holds pointers of unknown origin ("noo.r", "no..r").  With
 * optimisation glibc makes fread_unlocked and fwrite_unlocked of a few constant bytes macros
 * (a getc_unlocked or putc_unlocked loop); the parentheses call the functions themselves. */
void store_through_record(FILE *f) /* { escinfo noleak "f" } */
{
  int c = 1; /* { escinfo escape.store "c" dangling } */
  char *rec = NULL; /* { escinfo noescape "rec" } */
  size_t cap = 0; /* { escinfo noescape "cap" } */
  if (getdelim(&rec, &cap, ';', f) > 0)
    *(int **)rec = &c;
}

void store_through_unlocked_read(FILE *f) /* { escinfo noleak "f" } */
{
  int d = 2; /* { escinfo escape.store "d" dangling } */
  int **pp = NULL; /* { escinfo noescape "pp" } */
  if ((fread_unlocked)(&pp, sizeof pp, 1, f) == 1)
    *pp = &d;
}

size_t read_header(FILE *f) /* { escinfo noleak "f" } */
{
  unsigned char hdr[16]; /* { escinfo noescape "hdr" } */
  return __fread_unlocked_chk(hdr, sizeof hdr, 1, sizeof hdr, f);
}

/* Written out of the process: the address among the bytes escapes ("nw..r"). */
void written_unlocked(FILE *f) /* { escinfo noleak "f" } */
{
  int x = 3; /* { escinfo escape.unknown "x" } { escinfo-flow "x" "'fwrite_unlocked'" } */
  int *p = &x; /* { escinfo noescape "p" } */
  (fwrite_unlocked)(&p, sizeof p, 1, f);
}

/* Wide text written out is only read ("nrr", "nrrr", "n.rr", "nr.rr"). */
void say_wide(FILE *f, int n) /* { escinfo noleak "f" } */
{
  wchar_t msg[16] = L"hello"; /* { escinfo noescape "msg" } */
  char text[16] = "plain"; /* { escinfo noescape "text" } */
  fputws(msg, f);
  fputs_unlocked(text, f);
  fwprintf(f, L"%ls %d\n", msg, n);
  wprintf(L"%ls\n", msg);
  __fwprintf_chk(f, 1, L"%ls\n", msg);
  __wprintf_chk(1, L"%ls\n", msg);
  __dprintf_chk(2, 1, "%s\n", text);
}

void wide_log(FILE *f, const wchar_t *fmt, ...) /* { escinfo noleak "f" } { escinfo noleak "fmt" } */
{
  va_list ap; /* { escinfo noescape "ap" } */
  va_start(ap, fmt);
  vfwprintf(f, fmt, ap);
  va_end(ap);
}

void wide_out(const wchar_t *fmt, ...) /* { escinfo noleak "fmt" } */
{
  va_list ap; /* { escinfo noescape "ap" } */
  va_start(ap, fmt);
  vwprintf(fmt, ap);
  va_end(ap);
}

/* Formatting into a wide buffer ("no.rr", "no...rr"). */
size_t wide_label(int n)
{
  wchar_t out[32]; /* { escinfo noescape "out" } */
  wchar_t checked[32]; /* { escinfo noescape "checked" } */
  wchar_t name[8] = L"item"; /* { escinfo noescape "name" } */
  swprintf(out, 32, L"%ls-%d", name, n);
  __swprintf_chk(checked, 32, 1, 32, L"%ls", out);
  return wcslen(out) + wcslen(checked);
}

int wide_format(wchar_t *out, size_t n, const wchar_t *fmt, ...) /* { escinfo noleak "out" } { escinfo noleak "fmt" } */
{
  va_list ap; /* { escinfo noescape "ap" } */
  va_start(ap, fmt);
  int r = vswprintf(out, n, fmt, ap);
  va_end(ap);
  return r;
}

/* asprintf stores memory the library allocates ("norr", "no.rr"). */
char *label(const char *name, int n) /* { escinfo noleak "name" } */
{
  char *s = NULL; /* { escinfo noescape "s" } */
  char *t = NULL; /* { escinfo noescape "t" } */
  if (asprintf(&s, "%s-%d", name, n) < 0 || __asprintf_chk(&t, 1, "%s", s) < 0)
    return NULL;
  free(t);
  return s;
}

/* Wide scanning fills its outputs from outside ("nrro", "nro"). */
void store_through_wide_scan(const wchar_t *s) /* { escinfo noleak "s" } */
{
  int k = 4; /* { escinfo escape.store "k" dangling } */
  void *p = NULL; /* { escinfo noescape "p" } */
  if (swscanf(s, L"%p", &p) == 1)
    *(int **)p = &k;
}

int scan_numbers(FILE *f, const wchar_t *s) /* { escinfo noleak "f" } { escinfo noleak "s" } */
{
  int a = 0, b = 0, c = 0, d = 0, e = 0; /* { escinfo noescape "a" } { escinfo noescape "b" } { escinfo noescape "c" } { escinfo noescape "d" } { escinfo noescape "e" } */
  fwscanf(f, L"%d", &a);
  wscanf(L"%d", &b);
  __isoc99_swscanf(s, L"%d", &c);
  __isoc99_fwscanf(f, L"%d", &d);
  __isoc99_wscanf(L"%d", &e);
  return a + b + c + d + e;
}

/* The checking forms taking a va_list ("no.rr", "n..rr", "nr.rr", "n.rr", "no...rr"). */
int checked_formats(FILE *f, wchar_t *out, size_t n, const char *fmt, const wchar_t *wfmt, ...) /* { escinfo noleak "f" } { escinfo noleak "out" } { escinfo noleak "fmt" } { escinfo noleak "wfmt" } */
{
  va_list ap; /* { escinfo noescape "ap" } */
  char *s = NULL; /* { escinfo noescape "s" } */
  char mb[8]; /* { escinfo noescape "mb" } */
  va_start(ap, wfmt);
  int r = __vasprintf_chk(&s, 1, fmt, ap);
  va_end(ap);
  va_start(ap, wfmt);
  r += __vdprintf_chk(2, 1, fmt, ap);
  va_end(ap);
  va_start(ap, wfmt);
  r += __vfwprintf_chk(f, 1, wfmt, ap) + __vwprintf_chk(1, wfmt, ap);
  va_end(ap);
  va_start(ap, wfmt);
  r += __vswprintf_chk(out, n, 1, n, wfmt, ap);
  va_end(ap);
  free(s);
  return r + __wctomb_chk(mb, L'x', sizeof mb);
}

/* glibc's own stream internals ("noo.r", "nr"). */
long raw_stream(FILE *f) /* { escinfo noleak "f" } */
{
  char *line = NULL; /* { escinfo noescape "line" } */
  size_t cap = 0; /* { escinfo noescape "cap" } */
  long n = __getdelim(&line, &cap, '\n', f);
  free(line);
  return n + __uflow(f);
}

size_t wide_stamp(const struct tm *tm) /* { escinfo noleak "tm" } */
{
  wchar_t buf[64]; /* { escinfo noescape "buf" } */
  wchar_t fmt[8] = L"%F"; /* { escinfo noescape "fmt" } */
  return wcsftime(buf, 64, fmt, tm);
}

/* Positions: read from and written into plain data ("nro", "nrr", "nr..", "nr"). */
int reread(FILE *f) /* { escinfo noleak "f" } */
{
  fpos_t pos; /* { escinfo noescape "pos" } */
  if (fgetpos(f, &pos) != 0)
    return -1;
  int c = fgetc_unlocked(f) + getc_unlocked(f) + getw(f) + (int)fgetwc(f) + (int)getwc(f);
  fsetpos(f, &pos);
  return c;
}

long restart(FILE *f) /* { escinfo noleak "f" } */
{
  if (ftrylockfile(f) != 0)
    flockfile(f);
  rewind(f);
  clearerr(f);
  clearerr_unlocked(f);
  fseeko(f, 0, SEEK_END);
  long n = (long)ftello(f) + feof_unlocked(f) + ferror_unlocked(f) + fileno_unlocked(f);
  n += fflush_unlocked(f) + fwide(f, 0);
  setlinebuf(f);
  funlockfile(f);
  return n;
}

/* Characters from the terminal: numbers ("n"). */
int next_chars(void)
{
  return getchar_unlocked() + (int)getwchar();
}

int close_pipe(FILE *p) /* { escinfo noleak "p" } */
{
  return pclose(p) + fcloseall();
}

/* Time: buffers returned ("2ro"), read ("ur", "nro"), written ("no", "no.rr", "n.o"). */
void remember_stamp(const struct tm *tm, time_t t) /* { escinfo noleak "tm" } { escinfo noescape "t" } */
{
  char buf[32]; /* { escinfo escape.global "buf" dangling } */
  char again[32]; /* { escinfo escape.global "again" dangling } */
  g_text = asctime_r(tm, buf);
  g_text = ctime_r(&t, again);
}

size_t stamp_length(time_t t) /* { escinfo noescape "t" } */
{
  struct tm tm; /* { escinfo noescape "tm" } */
  char buf[64]; /* { escinfo noescape "buf" } */
  localtime_r(&t, &tm);
  size_t n = strftime(buf, sizeof buf, "%F %T", &tm);
  return n + strlen(asctime(&tm));
}

time_t normalise(const struct tm *in) /* { escinfo noleak "in" } */
{
  struct tm local = *in, utc = *in; /* { escinfo noescape "local" } { escinfo noescape "utc" } */
  return mktime(&local) + timegm(&utc);
}

/* strptime returns a pointer into the text it parses ("1rro"). */
const char *parse_date(const char *s, struct tm *out) /* { escinfo leak.return "s" } { escinfo noleak "out" } */
{
  return strptime(s, "%Y-%m-%d", out);
}

void remember_rest(void)
{
  char text[32] = "2024-01-02 rest"; /* { escinfo escape.global "text" dangling } */
  struct tm when; /* { escinfo noescape "when" } */
  g_rest = strptime(text, "%Y-%m-%d", &when);
}

/* Sleeps and clocks ("nro", "n..ro", "n.o", "n.r", "n..", "n"). */
double pause_for(long ns)
{
  struct timespec req = {0, ns}, rem, res, now; /* { escinfo noescape "req" } { escinfo noescape "rem" } { escinfo noescape "res" } { escinfo noescape "now" } */
  nanosleep(&req, &rem);
  clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
  clock_getres(CLOCK_MONOTONIC, &res);
  timespec_get(&now, TIME_UTC);
  clock_settime(CLOCK_REALTIME, &now);
  tzset();
  return difftime(now.tv_sec, res.tv_sec) + (double)clock();
}

/* A timer_t is a handle: passed as a number ("n..ro", "n.o", "n."). */
int rearm(timer_t t, long ns) /* { escinfo noleak "t" } */
{
  struct itimerspec next = {{0, 0}, {0, ns}}, prev; /* { escinfo noescape "next" } { escinfo noescape "prev" } */
  struct itimerspec left; /* { escinfo noescape "left" } */
  timer_gettime(t, &left);
  if (timer_settime(t, 0, &next, &prev) != 0)
    return timer_delete(t);
  return timer_getoverrun(t);
}

/* Files named by a template written in place ("no", "no.", "no.."). */
int make_temp(void)
{
  char a[32] = "/tmp/escXXXXXX"; /* { escinfo noescape "a" } */
  char b[32] = "/tmp/escXXXXXX"; /* { escinfo noescape "b" } */
  char c[32] = "/tmp/escXXXXXX.log"; /* { escinfo noescape "c" } */
  char d[32] = "/tmp/escXXXXXX.log"; /* { escinfo noescape "d" } */
  return mkstemp(a) + mkostemp(b, 0) + mkstemps(c, 4) + mkostemps(d, 4, 0);
}

/* The environment and terminal names are library memory ("ur", "u."). */
void store_into_secure_environment(void)
{
  int e = 5; /* { escinfo escape.store "e" dangling } */
  char *v = secure_getenv("ESCINFO_TEST");
  if (v)
    *(int **)v = &e;
}

int open_terminal(void)
{
  char name[64]; /* { escinfo noescape "name" } */
  int fd = posix_openpt(2);
  if (fd < 0 || grantpt(fd) != 0 || unlockpt(fd) != 0)
    return -1;
  if (ptsname_r(fd, name, sizeof name) != 0)
    return -1;
  return (int)strlen(name) + (int)strlen(ptsname(fd));
}

double load(void)
{
  double avg[3]; /* { escinfo noescape "avg" } */
  if (getloadavg(avg, 3) < 1)
    return 0;
  return avg[0];
}

/* Messages: the text is only read ("nrr", "n.rr", "n..rr", "n..r.rr"). */
void complain(const char *what, int code, ...) /* { escinfo noleak "what" } */
{
  char where[16] = "config"; /* { escinfo noescape "where" } */
  va_list ap; /* { escinfo noescape "ap" } */
  warn("%s: %s", where, what);
  warnx("%s", where);
  error(0, code, "%s in %s", what, where);
  error_at_line(0, code, where, 1, "%s", what);
  va_start(ap, code);
  vwarn(what, ap);
  vwarnx(what, ap);
  va_end(ap);
  if (code > 100)
    errx(1, "%s", where);
}

void die(const char *what, ...) /* { escinfo noleak "what" } */
{
  va_list ap; /* { escinfo noescape "ap" } */
  char why[16] = "fatal"; /* { escinfo noescape "why" } */
  va_start(ap, what);
  if (what[0] == '!')
    verr(1, what, ap);
  if (what[0] == '?')
    verrx(1, what, ap);
  va_end(ap);
  err(1, "%s", why);
}

/* assert reads its strings ("nrr.r"); errno is library memory ("u"). */
int checked_ratio(const int *num, int den) /* { escinfo noleak "num" } */
{
  assert(num != NULL);
  errno = 0;
  if (den == 0)
    return errno = EDOM, 0;
  return *num / den;
}

/* Leaving: nothing of the caller's is passed ("n.", "n"). */
void leave(int code)
{
  if (code < 0)
    abort();
  if (code > 255)
    _Exit(code);
  if (code > 127)
    quick_exit(code);
  clearenv();
  exit(code);
}
