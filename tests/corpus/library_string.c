/* library_string.c - library models (gccplugin/library.c) for strings, wide strings, characters,
 * numbers and locales: one case per kind of model.  A function returning a pointer into its
 * argument passes that argument on; one that only reads or writes plain data keeps nothing; an
 * end pointer stored into an argument points into the first; memory the library owns is of
 * unknown origin. */
/* { escinfo-options "-D_GNU_SOURCE" } */
#include <ctype.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* POSIX <libgen.h> and <langinfo.h>, declared here so that the corpus needs the C library's
 * headers only. */
extern char *dirname(char *path);
extern char *__xpg_basename(char *path);
extern char *nl_langinfo(int item);

const char *g_str;
char *g_mut;
const wchar_t *g_wstr;
wchar_t *g_wmut;

/* Return a pointer into their first argument (rawmemchr, strchrnul, index, rindex: "1r."). */
void remember_ends(void)
{
  char a[16] = "abc"; /* { escinfo escape.global "a" dangling } { escinfo-flow "a" "'rawmemchr'" } */
  char b[16] = "k=v"; /* { escinfo escape.global "b" dangling } */
  char c[16] = "x.y"; /* { escinfo escape.global "c" dangling } */
  char d[16] = "/a/b"; /* { escinfo escape.global "d" dangling } */
  g_str = rawmemchr(a, 0);
  g_str = strchrnul(b, '=');
  g_str = index(c, '.');
  g_str = rindex(d, '/');
}

void remember_wide_ends(void)
{
  wchar_t w[16] = L"a=b"; /* { escinfo escape.global "w" dangling } */
  wchar_t x[16] = L"a/b/c"; /* { escinfo escape.global "x" dangling } */
  wchar_t y[16] = L"key"; /* { escinfo escape.global "y" dangling } */
  wchar_t z[8] = L"xyz"; /* { escinfo escape.global "z" dangling } */
  g_wstr = wcschr(w, L'=');
  g_wstr = wcsrchr(x, L'/');
  g_wstr = wcschrnul(y, L'=');
  g_wstr = wmemchr(z, L'y', 3);
}

/* "1rr" and "1r.r.": the haystack is passed on, the needle only read. */
void remember_needles(void)
{
  char hay[32] = "Needle in hay"; /* { escinfo escape.global "hay" dangling } */
  char needle[8] = "needle"; /* { escinfo noescape "needle" } */
  unsigned char bytes[8] = {1, 2, 3, 4}; /* { escinfo escape.global "bytes" dangling } */
  wchar_t wide[16] = L"a, b; c"; /* { escinfo escape.global "wide" dangling } */
  wchar_t words[16] = L"one two"; /* { escinfo escape.global "words" dangling } */
  g_str = strcasestr(hay, needle);
  g_str = memmem(bytes, sizeof bytes, "\3\4", 2);
  g_wstr = wcspbrk(wide, L",;");
  g_wstr = wcsstr(words, L"two");
}

const char *find_option(const char *args) /* { escinfo leak.return "args" } */
{
  return strcasestr(args, "--verbose");
}

/* GNU basename returns a pointer into its argument ("1r"); the POSIX basename and dirname write
 * a NUL into it and return it ("1o"), as do mkdtemp and mktemp. */
void remember_names(void)
{
  char full[32] = "/usr/lib/x.so"; /* { escinfo escape.global "full" dangling } */
  char dir[32] = "/usr/lib/x.so"; /* { escinfo escape.global "dir" dangling } */
  char base[32] = "/usr/lib/"; /* { escinfo escape.global "base" dangling } */
  g_str = basename(full);
  g_mut = dirname(dir);
  g_mut = __xpg_basename(base);
}

void remember_temp_names(void)
{
  char tdir[32] = "/tmp/escXXXXXX"; /* { escinfo escape.global "tdir" dangling } */
  char tname[32] = "/tmp/escXXXXXX"; /* { escinfo escape.global "tname" dangling } */
  g_mut = mkdtemp(tdir);
  g_mut = mktemp(tname);
}

/* The end pointer points into the string: storing it publishes the string ("nre.", "nre"). */
void remember_number_end(void)
{
  wchar_t num[16] = L"42 rest"; /* { escinfo escape.global "num" dangling } { escinfo-flow "num" "'wcstol'" } */
  wchar_t *end; /* { escinfo noescape "end" } */
  long v = wcstol(num, &end, 10);
  g_wstr = v ? end : NULL;
}

void remember_real_end(void)
{
  wchar_t real[16] = L"2.5e3 m"; /* { escinfo escape.global "real" dangling } */
  wchar_t *stop = NULL; /* { escinfo noescape "stop" } */
  if (wcstod(real, &stop) > 0)
    g_wstr = stop;
}

/* The same end pointers kept local: nothing escapes. */
long long parse_numbers(const wchar_t *s) /* { escinfo noleak "s" } */
{
  wchar_t *e1, *e2, *e3, *e4, *e5, *e6, *e7; /* { escinfo noescape "e1" } { escinfo noescape "e2" } { escinfo noescape "e3" } { escinfo noescape "e4" } { escinfo noescape "e5" } { escinfo noescape "e6" } { escinfo noescape "e7" } */
  char *q1, *q2; /* { escinfo noescape "q1" } { escinfo noescape "q2" } */
  long long n = wcstoll(s, &e1, 10) + (long long)wcstoul(s, &e2, 16) + (long long)wcstoull(s, &e3, 8);
  n += (long long)wcstoimax(s, &e4, 10) + (long long)wcstoumax(s, &e5, 10);
  n += (long long)(wcstof(s, &e6) + wcstold(s, &e7));
  n += strtoq("12", &q1, 10) + (long long)strtouq("13", &q2, 10);
  return n + (e1 - s) + (e2 - s) + (e3 - s) + (e4 - s) + (e5 - s) + (e6 - s) + (e7 - s);
}

/* Comparisons and lengths only read ("nrr", "nrr.", "nr", "nr."). */
int compare_versions(void)
{
  char left[16] = "lib-1.10", right[16] = "lib-1.9"; /* { escinfo noescape "left" } { escinfo noescape "right" } */
  return strverscmp(left, right) + bcmp(left, right, 4);
}

int compare_wide(void)
{
  wchar_t a[8] = L"Abc", b[8] = L"abd"; /* { escinfo noescape "a" } { escinfo noescape "b" } */
  int r = wcscmp(a, b) + wcsncmp(a, b, 2) + wcscasecmp(a, b) + wcsncasecmp(a, b, 2);
  r += wcscoll(a, b) + wmemcmp(a, b, 3);
  return r + (int)(wcsspn(a, b) + wcscspn(a, b) + wcslen(a) + wcsnlen(b, 8));
}

int text_width(void)
{
  wchar_t cells[8] = L"wide"; /* { escinfo noescape "cells" } */
  return wcswidth(cells, 8) + wcwidth(cells[0]);
}

/* Multibyte conversions of single characters: reads and writes of plain data ("nr.", "nor.",
 * "nor.o", "nr.o", "no.", "no.o", "nr"). */
size_t count_chars(const char *s, size_t n) /* { escinfo noleak "s" } */
{
  mbstate_t st; /* { escinfo noescape "st" } */
  wchar_t wc; /* { escinfo noescape "wc" } */
  size_t count = 0;
  memset(&st, 0, sizeof st);
  while (n > 0 && mbsinit(&st)) {
    size_t k = mbrtowc(&wc, s, n, &st);
    if (k == 0 || k > n)
      break;
    s += k;
    n -= k;
    count++;
  }
  return count + (size_t)mblen(s, n) + mbrlen(s, n, &st);
}

int first_char_width(const char *s) /* { escinfo noleak "s" } */
{
  wchar_t wc; /* { escinfo noescape "wc" } */
  char out[8]; /* { escinfo noescape "out" } */
  char again[8]; /* { escinfo noescape "again" } */
  mbstate_t st = {0}; /* { escinfo noescape "st" } */
  if (mbtowc(&wc, s, 4) <= 0)
    return 0;
  return wctomb(out, wc) + (int)wcrtomb(again, wc, &st) + btowc(s[0]) + wctob(wc);
}

/* explicit_bzero writes zeros ("no."). */
void forget_secret(const char *key) /* { escinfo noleak "key" } */
{
  char secret[32]; /* { escinfo noescape "secret" } */
  strncpy(secret, key, sizeof secret);
  g_str = secret[0] ? "set" : "empty";
  explicit_bzero(secret, sizeof secret);
}

/* Character classes: integers only ("n."). */
int classify(const char *s) /* { escinfo noleak "s" } */
{
  int kinds = 0;
  for (; *s; s++) {
    int c = (unsigned char)*s;
    kinds += isblank(c) + iscntrl(c) + isgraph(c) + islower(c) + isprint(c) + ispunct(c);
    kinds += isupper(c) + isxdigit(c) + isascii(c) + toascii(c);
    kinds += iswalnum(c) + iswalpha(c) + iswblank(c) + iswcntrl(c) + iswdigit(c) + iswgraph(c);
    kinds += iswlower(c) + iswprint(c) + iswpunct(c) + iswspace(c) + iswupper(c) + iswxdigit(c);
    kinds += (int)towlower(c) + (int)towupper(c) + ffs(c) + (int)ffsl(c) + (int)ffsll(c);
  }
  return kinds;
}

/* wctype and wctrans read the class name ("nr", "ur"); towctrans reads the table ("n.r"). */
wint_t to_class(wint_t wc)
{
  char cls[8] = "alpha"; /* { escinfo noescape "cls" } */
  char map[8] = "toupper"; /* { escinfo noescape "map" } */
  if (!iswctype(wc, wctype(cls)))
    return wc;
  return towctrans(wc, wctrans(map));
}

/* Numbers written through a pointer ("n.o", "n..o", "n.oo", "no", "u..oo"). */
double split_number(double x)
{
  int e; /* { escinfo noescape "e" } */
  double whole; /* { escinfo noescape "whole" } */
  float fwhole; /* { escinfo noescape "fwhole" } */
  long double lwhole; /* { escinfo noescape "lwhole" } */
  int sign; /* { escinfo noescape "sign" } */
  int quo; /* { escinfo noescape "quo" } */
  double s, c; /* { escinfo noescape "s" } { escinfo noescape "c" } */
  double m = frexp(x, &e) + frexpf((float)x, &e) + frexpl(x, &e);
  m += modf(x, &whole) + modff((float)x, &fwhole) + modfl(x, &lwhole);
  m += remquo(x, 3.0, &quo) + remquof((float)x, 3.0f, &quo) + remquol(x, 3.0L, &quo);
  sincos(x, &s, &c);
  sincosf((float)x, (float *)&s, (float *)&c);
  sincosl(x, (long double *)&lwhole, (long double *)&lwhole);
  m += lgamma_r(x, &sign) + lgammaf_r((float)x, &sign) + lgammal_r(x, &sign);
  return m + whole + fwhole + lwhole + e + quo + s + c + sign;
}

int digits_of(double x)
{
  int point, neg; /* { escinfo noescape "point" } { escinfo noescape "neg" } */
  char *d = ecvt(x, 6, &point, &neg);
  char *f = fcvt(x, 2, &point, &neg);
  return d[0] + f[0] + point + neg;
}

/* gcvt returns its buffer, its third argument ("3..o"). */
void remember_formatted(double x)
{
  char buf[32]; /* { escinfo escape.global "buf" dangling } { escinfo-flow "buf" "'gcvt'" } */
  g_mut = gcvt(x, 6, buf);
}

/* strfromd writes text into its buffer and reads its format ("no.r."). */
size_t format_number(double x, float y)
{
  char out[32]; /* { escinfo noescape "out" } */
  char fmt[8] = "%.3g"; /* { escinfo noescape "fmt" } */
  strfromd(out, sizeof out, fmt, x);
  strfromf(out + 16, 16, fmt, y);
  strfroml(out, 8, fmt, (long double)x);
  return strlen(out);
}

/* States of the random number generators kept by the caller, updated in place ("no"). */
long roll(unsigned s)
{
  unsigned seed = s; /* { escinfo noescape "seed" } */
  unsigned short xs[3] = {1, 2, 3}; /* { escinfo noescape "xs" } */
  long r = rand_r(&seed) + nrand48(xs) + jrand48(xs) + (long)erand48(xs);
  return r + random() + lrand48() + mrand48() + (long)drand48();
}

/* seed48 hands back the numbers it was given by an earlier call (through static memory): like
 * srand48, srandom and lcong48, which store theirs there, it has no model. */
void reseed(unsigned short s)
{
  unsigned short init[3] = {s, 5, 6}; /* { escinfo escape.call "init" } { escinfo-flow "init" "'seed48'" } */
  seed48(init);
}

/* Integer arithmetic: no pointers ("n.", "n.."). */
long long arithmetic(long long a, long long b)
{
  lldiv_t q = lldiv(a, b);
  ldiv_t r = ldiv((long)a, (long)b);
  div_t s = div((int)a, (int)b);
  imaxdiv_t t = imaxdiv(a, b);
  return q.quot + r.rem + s.quot + t.rem + llabs(a) + imaxabs(b);
}

/* a64l and nan read a string ("nr"); l64a returns static memory ("u."). */
long radix64(void)
{
  char digits[8] = "./0"; /* { escinfo noescape "digits" } */
  char tag[8] = "0x1"; /* { escinfo noescape "tag" } */
  long v = a64l(digits);
  g_str = l64a(v);
  return v + (long)nan(tag) + (long)nanf(tag) + (long)nanl(tag);
}

/* Messages and names in library memory ("u.", "u..", "u.r", "u"). */
void store_into_message(int sig)
{
  int m = 1; /* { escinfo escape.store "m" dangling } */
  char *msg = strsignal(sig);
  if (msg)
    *(int **)msg = &m;
}

size_t describe(int err)
{
  char name[8] = ""; /* { escinfo noescape "name" } */
  const char *s = strerrorname_np(err);
  const char *d = strerrordesc_np(err);
  const char *l = strerror_l(err, uselocale((locale_t)0));
  const char *old = setlocale(LC_NUMERIC, name);
  const struct lconv *conv = localeconv();
  const char *codeset = nl_langinfo(14);
  return strlen(s) + strlen(d) + strlen(l) + strlen(old) + strlen(conv->decimal_point) + strlen(codeset);
}
