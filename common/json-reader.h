/* json-reader.h - a strict JSON pull reader over a buffer: no tree, values read in document order.
 *
 * RFC 8259 text, checked as it is read: UTF-8 must be well formed, strings hold no raw control
 * characters, escapes and surrogate pairs are valid, numbers have JSON's syntax, nesting is at
 * most ESC_JSON_MAX_DEPTH deep, and nothing follows the top-level value.  The caller walks the
 * document with the functions below; the first problem (in the text, or one the caller reports
 * with esc_json_fail) stops the reader, and every later call returns failure, so a caller can
 * chain calls and look at the error once.
 *
 * Walking an object:
 *
 *   if (!esc_json_begin_object(r)) ...
 *   const char *key; size_t klen;
 *   while (esc_json_next_member(r, &key, &klen)) {
 *     if (klen == 4 && memcmp(key, "name", 4) == 0) esc_json_string_dup(r, &name);
 *     else esc_json_skip(r);
 *   }
 *   if (r->failed) ...
 *
 * Every member's value must be read or skipped before the next esc_json_next_member.  KEY points
 * into the reader's scratch space: valid until the next call.  Duplicate keys are the caller's to
 * refuse (it knows which members it reads). */
#ifndef ESCINFO_JSON_READER_H
#define ESCINFO_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ESC_JSON_MAX_DEPTH 2048
#define ESC_JSON_ERROR_SIZE 256

/* What the next value is. */
enum esc_json_kind {
  ESC_JSON_INVALID, /* the reader failed (or the text has no value there) */
  ESC_JSON_OBJECT,
  ESC_JSON_ARRAY,
  ESC_JSON_STRING,
  ESC_JSON_INTEGER, /* a number without fraction or exponent */
  ESC_JSON_REAL,    /* any other number */
  ESC_JSON_TRUE,
  ESC_JSON_FALSE,
  ESC_JSON_NULL
};

struct esc_json_reader {
  const char *text;
  size_t len, pos;
  unsigned depth;
  unsigned char objects[ESC_JSON_MAX_DEPTH / 8]; /* bit D: the container at depth D is an object */
  bool first;        /* just inside '{' or '[': no ',' before the next member or element */
  bool failed;
  bool out_of_memory;
  char error[ESC_JSON_ERROR_SIZE]; /* when failed: "invalid JSON at line L, column C: why",
                                      or the caller's reason */
  char *scratch;     /* owned: decoded keys and strings */
  size_t scratch_cap;
};

void esc_json_reader_init(struct esc_json_reader *r, const char *text, size_t len);
void esc_json_reader_free(struct esc_json_reader *r);

/* The kind of the next value, without consuming it (ESC_JSON_INVALID, and the reader failed,
 * when the text there is not the start of a value). */
enum esc_json_kind esc_json_peek(struct esc_json_reader *r);

/* Consume '{' or '['.  False (the reader failed) when the next value is something else. */
bool esc_json_begin_object(struct esc_json_reader *r);
bool esc_json_begin_array(struct esc_json_reader *r);

/* Steps to the next member of the object being read: true with its key (decoded, NUL-terminated,
 * in scratch space), the reader then at its value; false at the object's end (consumed) or when
 * the reader failed. */
bool esc_json_next_member(struct esc_json_reader *r, const char **key, size_t *klen);
/* The same for arrays: true when another element follows (the reader is at it). */
bool esc_json_next_element(struct esc_json_reader *r);

/* Reads a string: *S points to its decoded bytes in scratch space (NUL-terminated, valid until
 * the next call; may hold NULs, *LEN counts them).  False when the value is not a string. */
bool esc_json_string(struct esc_json_reader *r, const char **s, size_t *len);
/* Reads a string into a malloc'd copy the caller frees.  Strings holding U+0000 are refused
 * (they cannot be C strings). */
bool esc_json_string_dup(struct esc_json_reader *r, char **out);
/* Hands the caller the bytes of the string esc_json_string just gave (the caller frees them):
 * the way to keep a large string without copying it again.  NULL when there is none. */
char *esc_json_take_string(struct esc_json_reader *r);

/* The reader's offset in the text: after esc_json_peek, where the next value starts. */
static inline size_t esc_json_offset(const struct esc_json_reader *r)
{
  return r->pos;
}

/* Reads an integer (ESC_JSON_INTEGER in int64_t's range). */
bool esc_json_int64(struct esc_json_reader *r, int64_t *v);
/* Reads true or false. */
bool esc_json_bool(struct esc_json_reader *r, bool *v);
/* Reads any value and forgets it (checked all the same). */
bool esc_json_skip(struct esc_json_reader *r);

/* Checks that only whitespace follows the top-level value. */
bool esc_json_end(struct esc_json_reader *r);

/* Stops the reader with the caller's reason (printf-style); returns false.  The first failure
 * wins. */
bool esc_json_fail(struct esc_json_reader *r, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

/* "an object", "a string", "an integer", "a real number", "a boolean", "null": for messages. */
const char *esc_json_kind_phrase(enum esc_json_kind kind);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_JSON_READER_H */
