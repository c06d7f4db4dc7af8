/* text.c - a growable text buffer, with the JSON writing the readers' outputs share. */
#include "text.h"

#include "utf8.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void esc_text_init(struct esc_text *t)
{
  memset(t, 0, sizeof *t);
}

void esc_text_free(struct esc_text *t)
{
  free(t->s);
  esc_text_init(t);
}

char *esc_text_take(struct esc_text *t, size_t *len)
{
  char *s = NULL;
  if (!t->failed && esc_text_reserve(t, 0)) {
    s = t->s;
    if (len)
      *len = t->len;
    t->s = NULL;
  }
  esc_text_free(t);
  return s;
}

bool esc_text_reserve(struct esc_text *t, size_t more)
{
  if (t->failed)
    return false;
  if (t->len + more + 1 <= t->cap)
    return true;
  size_t cap = t->cap ? t->cap : 256;
  while (cap < t->len + more + 1) {
    if (cap > SIZE_MAX / 2)
      goto fail;
    cap *= 2;
  }
  char *s = realloc(t->s, cap);
  if (!s)
    goto fail;
  t->s = s;
  t->cap = cap;
  return true;
fail:
  t->failed = true;
  return false;
}

void esc_text_add(struct esc_text *t, const char *s, size_t n)
{
  if (!esc_text_reserve(t, n))
    return;
  memcpy(t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

void esc_text_adds(struct esc_text *t, const char *s)
{
  esc_text_add(t, s, strlen(s));
}

void esc_text_addc(struct esc_text *t, char c)
{
  if (!esc_text_reserve(t, 1))
    return;
  t->s[t->len++] = c;
  t->s[t->len] = '\0';
}

void esc_text_printf(struct esc_text *t, const char *fmt, ...)
{
  va_list ap;
  if (t->failed)
    return;
  va_start(ap, fmt);
  int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    t->failed = true;
    return;
  }
  if (t->s && (size_t)n < t->cap - t->len) {
    t->len += (size_t)n;
    return;
  }
  if (!esc_text_reserve(t, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
  va_end(ap);
  t->len += (size_t)n;
}

/* Bytes written as they are inside a JSON string: printable ASCII but " and \. */
static const unsigned char plain[256] = {
  [0x20] = 1, [0x21] = 1, [0x23 ... 0x5B] = 1, [0x5D ... 0x7F] = 1,
};

/* Are the eight bytes of W all plain?  None has its top bit set, is below 0x20, or is " or \
 * (a byte is zero in W ^ c where W has c). */
static bool plain8(uint64_t w)
{
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
#define ANY_ZERO(v) (((v) - ones) & ~(v) & high)
  uint64_t below = (w - 0x20 * ones) & ~w & high;
  return !(w & high) && !below && !ANY_ZERO(w ^ ('"' * ones))
         && !ANY_ZERO(w ^ ('\\' * ones));
#undef ANY_ZERO
}

void esc_text_json_stringn(struct esc_text *t, const char *s, size_t n)
{
  /* Room for the worst case (6 bytes per byte, \u00XX, and the quotes) once: the bytes are
   * then written in place. */
  if (n > (SIZE_MAX - 3) / 6) {
    t->failed = true;
    return;
  }
  if (!esc_text_reserve(t, 6 * n + 2))
    return;
  char *o = t->s + t->len;
  *o++ = '"';
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    /* Paths and messages are mostly plain: eight bytes at a time while they are. */
    while (n - i >= 8) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      if (!plain8(w))
        break;
      memcpy(o, p + i, 8);
      o += 8;
      i += 8;
    }
    if (i == n)
      break;
    unsigned char c = p[i];
    if (plain[c]) {
      *o++ = (char)c;
      i++;
      continue;
    }
    if (c >= 0x80) {
      size_t len = esc_utf8_sequence(p + i, n - i, NULL);
      if (len) {
        memcpy(o, s + i, len);
        o += len;
        i += len;
      } else {
        memcpy(o, ESC_UTF8_REPLACEMENT, 3);
        o += 3;
        i++;
      }
      continue;
    }
    *o++ = '\\';
    switch (c) {
    case '"': *o++ = '"'; break;
    case '\\': *o++ = '\\'; break;
    case '\b': *o++ = 'b'; break;
    case '\f': *o++ = 'f'; break;
    case '\n': *o++ = 'n'; break;
    case '\r': *o++ = 'r'; break;
    case '\t': *o++ = 't'; break;
    default:
      *o++ = 'u';
      *o++ = '0';
      *o++ = '0';
      *o++ = "0123456789ABCDEF"[c >> 4];
      *o++ = "0123456789ABCDEF"[c & 15];
    }
    i++;
  }
  *o++ = '"';
  *o = '\0';
  t->len = (size_t)(o - t->s);
}

void esc_text_json_string(struct esc_text *t, const char *s)
{
  if (!s)
    esc_text_add(t, "null", 4);
  else
    esc_text_json_stringn(t, s, strlen(s));
}

void esc_text_json_int(struct esc_text *t, int64_t v)
{
  char buf[24], *end = buf + sizeof buf;
  char *d = esc_decimal(end, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
  if (v < 0)
    *--d = '-';
  esc_text_add(t, d, (size_t)(end - d));
}

void esc_text_json_key(struct esc_text *t, const char *key, bool first)
{
  /* Keys are names, plain: written in one go (a cache entry has one per field). */
  size_t n = strlen(key);
  size_t i = 0;
  while (i < n && plain[(unsigned char)key[i]])
    i++;
  if (i < n || !esc_text_reserve(t, n + 4)) {
    if (!first)
      esc_text_addc(t, ',');
    esc_text_json_stringn(t, key, n);
    esc_text_addc(t, ':');
    return;
  }
  char *o = t->s + t->len;
  if (!first)
    *o++ = ',';
  *o++ = '"';
  memcpy(o, key, n);
  o += n;
  *o++ = '"';
  *o++ = ':';
  *o = '\0';
  t->len = (size_t)(o - t->s);
}
