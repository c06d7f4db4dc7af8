/* utf8.c - UTF-8 sequences: the one decoder the readers and writers share. */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

size_t esc_utf8_sequence(const unsigned char *p, size_t n, uint32_t *cp)
{
  unsigned char c = p[0], lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  size_t len;
  uint32_t v;
  if (c < 0x80) {
    if (cp)
      *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    v = c & 0x0F;
    lo = c == 0xE0 ? 0xA0 : 0x80;
    hi = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    v = c & 0x07;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF;
  } else
    return 0;
  if (n < len || p[1] < lo || p[1] > hi)
    return 0;
  v = v << 6 | (p[1] & 0x3F);
  for (size_t i = 2; i < len; i++) {
    if (p[i] < 0x80 || p[i] > 0xBF)
      return 0;
    v = v << 6 | (p[i] & 0x3F);
  }
  if (cp)
    *cp = v;
  return len;
}

size_t esc_utf8_put(char out[4], uint32_t cp)
{
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | cp >> 6);
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | cp >> 18);
  out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
  out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

char *esc_utf8_repaired(const char *s, size_t n)
{
  if (n > (SIZE_MAX - 1) / 3)
    return NULL;
  char *out = malloc(3 * n + 1), *w = out;
  if (!out)
    return NULL;
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    size_t len = esc_utf8_sequence(p + i, n - i, NULL);
    if (len == 0) {
      memcpy(w, ESC_UTF8_REPLACEMENT, 3);
      w += 3;
      i++;
    } else {
      memcpy(w, p + i, len);
      w += len;
      i += len;
    }
  }
  *w = '\0';
  return out;
}
