/* utf8.h - UTF-8 sequences: the one decoder the readers and writers share. */
#ifndef ESCINFO_UTF8_H
#define ESCINFO_UTF8_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Length (1 to 4) of the well-formed UTF-8 sequence at P (N > 0 bytes left), or 0 when the
 * bytes there are not one (overlong forms, surrogates and values past U+10FFFF included).
 * When CP is not NULL it receives the code point. */
size_t esc_utf8_sequence(const unsigned char *p, size_t n, uint32_t *cp);

/* The UTF-8 of CP (at most U+10FFFF) into OUT; returns its length (1 to 4). */
size_t esc_utf8_put(char out[4], uint32_t cp);

/* U+FFFD, which writers put in place of bytes that are not UTF-8. */
#define ESC_UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* A malloc'd, NUL-terminated copy of the N bytes at S where every byte that is not part of
 * well-formed UTF-8 is replaced by U+FFFD (so that a path or a message of any origin can go into
 * JSON), or NULL when out of memory. */
char *esc_utf8_repaired(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_UTF8_H */
