/* text.h - a growable text buffer, with the JSON writing the readers' outputs share.
 *
 * Appending never fails loudly: when memory runs out the buffer is marked failed, later appends
 * do nothing, and esc_text_take says so once at the end (jansson's and libuv's style of one
 * check after a run of calls). */
#ifndef ESCINFO_TEXT_H
#define ESCINFO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct esc_text {
  char *s;      /* owned, NUL-terminated while not failed */
  size_t len, cap;
  bool failed;  /* out of memory: the text is incomplete */
};

/* The decimal digits of V, written backwards to end just before END; returns where they start
 * (at most 20 bytes before END).  For writers that keep printf off their hot paths. */
static inline char *esc_decimal(char *end, uint64_t v)
{
  do
    *--end = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  return end;
}

void esc_text_init(struct esc_text *t);
void esc_text_free(struct esc_text *t);

/* The text (the caller frees it; "" for an empty buffer) and, when LEN is not NULL, its length;
 * NULL when the buffer failed.  T is left empty. */
char *esc_text_take(struct esc_text *t, size_t *len);

/* Makes room for MORE bytes.  False (and T failed) when out of memory. */
bool esc_text_reserve(struct esc_text *t, size_t more);

void esc_text_add(struct esc_text *t, const char *s, size_t n);
void esc_text_adds(struct esc_text *t, const char *s);
void esc_text_addc(struct esc_text *t, char c);
void esc_text_printf(struct esc_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* JSON values.  Strings are quoted and escaped as jansson's compact output does (", \ and
 * control characters; \b \f \n \r \t by name, others as \u00XX), bytes that are not UTF-8
 * replaced by U+FFFD so that any path or message can be sent; NULL writes null. */
void esc_text_json_string(struct esc_text *t, const char *s);
void esc_text_json_stringn(struct esc_text *t, const char *s, size_t n);
void esc_text_json_int(struct esc_text *t, int64_t v);
/* "KEY": -- a member's name and colon, after a ',' unless FIRST. */
void esc_text_json_key(struct esc_text *t, const char *key, bool first);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_TEXT_H */
