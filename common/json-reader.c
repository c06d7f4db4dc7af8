/* json-reader.c - a strict JSON pull reader over a buffer: no tree, values read in document order. */
#include "json-reader.h"

#include "alloc.h"
#include "utf8.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void esc_json_reader_init(struct esc_json_reader *r, const char *text, size_t len)
{
  memset(r, 0, sizeof *r);
  r->text = text;
  r->len = len;
  r->first = true;
}

void esc_json_reader_free(struct esc_json_reader *r)
{
  free(r->scratch);
  r->scratch = NULL;
  r->scratch_cap = 0;
}

bool esc_json_fail(struct esc_json_reader *r, const char *fmt, ...)
{
  if (r->failed)
    return false;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->error, sizeof r->error, fmt, ap);
  va_end(ap);
  r->failed = true;
  return false;
}

/* A syntax error at the current position: line and column as jansson counts them (the column
 * counts the bytes read on the line, the offending one included). */
static bool syntax_error(struct esc_json_reader *r, const char *why)
{
  if (r->failed)
    return false;
  size_t line = 1, start = 0;
  for (const char *p = r->text, *end = r->text + r->pos;
       (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
    line++;
    start = (size_t)(p - r->text) + 1;
  }
  size_t column = r->pos - start + (r->pos < r->len ? 1 : 0);
  return esc_json_fail(r, "invalid JSON at line %zu, column %zu: %s", line, column, why);
}

static bool no_memory(struct esc_json_reader *r)
{
  r->out_of_memory = true;
  return esc_json_fail(r, "out of memory");
}

static void skip_space(struct esc_json_reader *r)
{
  while (r->pos < r->len) {
    char c = r->text[r->pos];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
      break;
    r->pos++;
  }
}

/* The next non-space byte, or -1 at the end. */
static int next_byte(struct esc_json_reader *r)
{
  skip_space(r);
  return r->pos < r->len ? (unsigned char)r->text[r->pos] : -1;
}

const char *esc_json_kind_phrase(enum esc_json_kind kind)
{
  switch (kind) {
  case ESC_JSON_OBJECT: return "an object";
  case ESC_JSON_ARRAY: return "an array";
  case ESC_JSON_STRING: return "a string";
  case ESC_JSON_INTEGER: return "an integer";
  case ESC_JSON_REAL: return "a real number";
  case ESC_JSON_TRUE:
  case ESC_JSON_FALSE: return "a boolean";
  case ESC_JSON_NULL: return "null";
  case ESC_JSON_INVALID: break;
  }
  return "nothing";
}

/* Length of JSON's number syntax at P (N bytes), or 0 when it is not one; *REAL says whether
 * it has a fraction or an exponent. */
static size_t number_length(const char *p, size_t n, bool *real)
{
  size_t i = 0;
  *real = false;
  if (i < n && p[i] == '-')
    i++;
  if (i < n && p[i] == '0')
    i++;
  else if (i < n && p[i] >= '1' && p[i] <= '9')
    while (i < n && p[i] >= '0' && p[i] <= '9')
      i++;
  else
    return 0;
  if (i < n && p[i] == '.') {
    *real = true;
    if (++i >= n || p[i] < '0' || p[i] > '9')
      return 0;
    while (i < n && p[i] >= '0' && p[i] <= '9')
      i++;
  }
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    *real = true;
    if (++i < n && (p[i] == '+' || p[i] == '-'))
      i++;
    if (i >= n || p[i] < '0' || p[i] > '9')
      return 0;
    while (i < n && p[i] >= '0' && p[i] <= '9')
      i++;
  }
  return i;
}

enum esc_json_kind esc_json_peek(struct esc_json_reader *r)
{
  if (r->failed)
    return ESC_JSON_INVALID;
  bool real;
  switch (next_byte(r)) {
  case '{': return ESC_JSON_OBJECT;
  case '[': return ESC_JSON_ARRAY;
  case '"': return ESC_JSON_STRING;
  case 't': return ESC_JSON_TRUE;
  case 'f': return ESC_JSON_FALSE;
  case 'n': return ESC_JSON_NULL;
  case -1:
    syntax_error(r, "unexpected end of input");
    return ESC_JSON_INVALID;
  case '-': case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9':
    if (number_length(r->text + r->pos, r->len - r->pos, &real))
      return real ? ESC_JSON_REAL : ESC_JSON_INTEGER;
    /* fall through */
  default:
    syntax_error(r, "invalid token");
    return ESC_JSON_INVALID;
  }
}

static bool begin(struct esc_json_reader *r, char open, const char *what)
{
  if (r->failed)
    return false;
  if (next_byte(r) != open) {
    enum esc_json_kind k = esc_json_peek(r);
    if (r->failed)
      return false;
    return esc_json_fail(r, "expected %s, not %s", what, esc_json_kind_phrase(k));
  }
  if (r->depth >= ESC_JSON_MAX_DEPTH)
    return syntax_error(r, "maximum parsing depth reached");
  unsigned d = r->depth++;
  if (open == '{')
    r->objects[d / 8] |= (unsigned char)(1u << d % 8);
  else
    r->objects[d / 8] &= (unsigned char)~(1u << d % 8);
  r->pos++;
  r->first = true;
  return true;
}

bool esc_json_begin_object(struct esc_json_reader *r)
{
  return begin(r, '{', "an object");
}

bool esc_json_begin_array(struct esc_json_reader *r)
{
  return begin(r, '[', "an array");
}

static bool in_object(const struct esc_json_reader *r)
{
  unsigned d = r->depth - 1;
  return r->objects[d / 8] >> (d % 8) & 1;
}

/* Shared by members and elements: at the container's end (CLOSE consumed) false; after the first
 * one, a ',' is required. */
static bool next_item(struct esc_json_reader *r, char close)
{
  if (r->failed)
    return false;
  if (r->depth == 0 || in_object(r) != (close == '}'))
    return esc_json_fail(r, "reading %s outside one", close == '}' ? "a member" : "an element");
  int c = next_byte(r);
  if (c == close) {
    r->pos++;
    r->depth--;
    r->first = false; /* the container was a value of the one around it */
    return false;
  }
  if (!r->first) {
    if (c != ',')
      return syntax_error(r, c == -1 ? "unexpected end of input"
                                     : close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    r->pos++;
    if (next_byte(r) == close)
      return syntax_error(r, "trailing comma");
  }
  r->first = false;
  return true;
}

static bool reserve(struct esc_json_reader *r, size_t need)
{
  if (need <= r->scratch_cap)
    return true;
  if (need >= ESC_LARGE_BUFFER) { /* a string of megabytes is coming: nothing to keep */
    char *p = esc_alloc_large(need);
    if (!p)
      return no_memory(r);
    free(r->scratch);
    r->scratch = p;
    r->scratch_cap = need;
    return true;
  }
  size_t cap = r->scratch_cap ? r->scratch_cap : 256;
  while (cap < need) {
    if (cap > SIZE_MAX / 2)
      return no_memory(r);
    cap *= 2;
  }
  char *p = realloc(r->scratch, cap);
  if (!p)
    return no_memory(r);
  r->scratch = p;
  r->scratch_cap = cap;
  return true;
}

static int hex4(const char *p)
{
  int v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= c - '0';
    else if (c >= 'a' && c <= 'f')
      v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v |= c - 'A' + 10;
    else
      return -1;
  }
  return v;
}

/* Bytes that end a run of plain string bytes: '"', '\\', controls and everything >= 0x80. */
static const unsigned char plain[256] = {
  [0x20] = 1, [0x21] = 1, [0x23 ... 0x5B] = 1, [0x5D ... 0x7F] = 1,
};

/* True when one of the 8 bytes of V (any order) is not plain: '"', '\\', a control character
 * or a byte >= 0x80 (the classic has-zero-byte test, on V and on V with the two bytes xored
 * out). */
static inline bool has_special_byte(uint64_t v)
{
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  uint64_t quote = v ^ (ones * '"'), backslash = v ^ (ones * '\\');
  uint64_t zero = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash);
  uint64_t control = (v - ones * 0x20) & ~v;
  return ((zero | control) & highs) | (v & highs);
}

/* Decodes the string at the reader's position into scratch (NUL-terminated); *LEN its length. */
static bool read_string(struct esc_json_reader *r, size_t *len)
{
  if (next_byte(r) != '"') {
    enum esc_json_kind k = esc_json_peek(r);
    if (r->failed)
      return false;
    return esc_json_fail(r, "expected a string, not %s", esc_json_kind_phrase(k));
  }
  const char *t = r->text;
  size_t i = r->pos + 1, n = r->len, w = 0;
  /* a string's decoded bytes are never more than its JSON text: room for the rest of the input
   * is room enough (pages never written are never touched) */
  if (!reserve(r, n - i + 1))
    return false;
  char *out = r->scratch;
  for (;;) {
    /* eight bytes at a time while none is special (a document's text is long runs of them) */
    while (i + 8 <= n) {
      uint64_t v;
      memcpy(&v, t + i, 8);
      if (has_special_byte(v))
        break;
      memcpy(out + w, &v, 8);
      w += 8;
      i += 8;
    }
    while (i < n && plain[(unsigned char)t[i]])
      out[w++] = t[i++];
    if (i >= n) {
      r->pos = n;
      return syntax_error(r, "premature end of input in a string");
    }
    unsigned char c = (unsigned char)t[i];
    if (c == '"')
      break;
    if (c < 0x20) {
      r->pos = i;
      return syntax_error(r, "control character in a string");
    }
    if (c >= 0x80) {
      size_t l = esc_utf8_sequence((const unsigned char *)t + i, n - i, NULL);
      if (!l) {
        r->pos = i;
        return syntax_error(r, "invalid UTF-8 in a string");
      }
      memcpy(out + w, t + i, l);
      w += l;
      i += l;
      continue;
    }
    /* an escape */
    if (i + 1 >= n) {
      r->pos = n;
      return syntax_error(r, "premature end of input in a string");
    }
    static const char unescaped[128] = {
      ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b',
      ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
    };
    unsigned char e = (unsigned char)t[i + 1];
    if (e < 128 && unescaped[e]) {
      out[w++] = unescaped[e];
      i += 2;
      continue;
    }
    int cp;
    if (e != 'u' || i + 6 > n || (cp = hex4(t + i + 2)) < 0) {
      r->pos = i;
      return syntax_error(r, "invalid escape in a string");
    }
    i += 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
      r->pos = i - 6;
      return syntax_error(r, "invalid Unicode escape (a lone low surrogate)");
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      int lo;
      if (i + 6 > n || t[i] != '\\' || t[i + 1] != 'u' || (lo = hex4(t + i + 2)) < 0xDC00
          || lo > 0xDFFF) {
        r->pos = i - 6;
        return syntax_error(r, "invalid Unicode escape (a lone high surrogate)");
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      i += 6;
    }
    w += esc_utf8_put(out + w, (uint32_t)cp);
  }
  out[w] = '\0';
  r->pos = i + 1;
  *len = w;
  return true;
}

bool esc_json_next_member(struct esc_json_reader *r, const char **key, size_t *klen)
{
  if (!next_item(r, '}'))
    return false;
  if (next_byte(r) != '"')
    return syntax_error(r, r->pos >= r->len ? "unexpected end of input" : "expected a key");
  if (!read_string(r, klen))
    return false;
  if (next_byte(r) != ':')
    return syntax_error(r, r->pos >= r->len ? "unexpected end of input" : "expected ':'");
  r->pos++;
  *key = r->scratch;
  return true;
}

bool esc_json_next_element(struct esc_json_reader *r)
{
  return next_item(r, ']');
}

bool esc_json_string(struct esc_json_reader *r, const char **s, size_t *len)
{
  if (r->failed || !read_string(r, len))
    return false;
  *s = r->scratch;
  return true;
}

bool esc_json_string_dup(struct esc_json_reader *r, char **out)
{
  size_t len;
  if (r->failed || !read_string(r, &len))
    return false;
  if (memchr(r->scratch, '\0', len))
    return esc_json_fail(r, "a string holds U+0000");
  char *copy = malloc(len + 1);
  if (!copy)
    return no_memory(r);
  memcpy(copy, r->scratch, len + 1);
  *out = copy;
  return true;
}

char *esc_json_take_string(struct esc_json_reader *r)
{
  char *s = r->scratch;
  r->scratch = NULL;
  r->scratch_cap = 0;
  return s;
}

bool esc_json_int64(struct esc_json_reader *r, int64_t *v)
{
  enum esc_json_kind k = esc_json_peek(r);
  if (k != ESC_JSON_INTEGER) {
    if (r->failed)
      return false;
    return esc_json_fail(r, "expected an integer, not %s", esc_json_kind_phrase(k));
  }
  bool real;
  size_t n = number_length(r->text + r->pos, r->len - r->pos, &real);
  char buf[32];
  if (n >= sizeof buf)
    return syntax_error(r, "integer too big");
  memcpy(buf, r->text + r->pos, n);
  buf[n] = '\0';
  errno = 0;
  long long x = strtoll(buf, NULL, 10);
  if (errno == ERANGE || x < INT64_MIN || x > INT64_MAX)
    return syntax_error(r, "integer too big");
  r->pos += n;
  *v = (int64_t)x;
  return true;
}

/* Consumes the literal WORD (the next value starts with its first letter). */
static bool literal(struct esc_json_reader *r, const char *word)
{
  size_t n = strlen(word);
  if (r->len - r->pos < n || memcmp(r->text + r->pos, word, n) != 0)
    return syntax_error(r, "invalid token");
  r->pos += n;
  return true;
}

bool esc_json_bool(struct esc_json_reader *r, bool *v)
{
  enum esc_json_kind k = esc_json_peek(r);
  if (k != ESC_JSON_TRUE && k != ESC_JSON_FALSE) {
    if (r->failed)
      return false;
    return esc_json_fail(r, "expected a boolean, not %s", esc_json_kind_phrase(k));
  }
  *v = k == ESC_JSON_TRUE;
  return literal(r, *v ? "true" : "false");
}

bool esc_json_skip(struct esc_json_reader *r)
{
  /* Iterative, so that depth costs no stack: containers are entered and left with the calls a
   * caller would make. */
  unsigned base = r->depth;
  for (;;) {
    bool real;
    size_t len;
    switch (esc_json_peek(r)) {
    case ESC_JSON_OBJECT:
      if (!esc_json_begin_object(r))
        return false;
      break;
    case ESC_JSON_ARRAY:
      if (!esc_json_begin_array(r))
        return false;
      break;
    case ESC_JSON_STRING:
      if (!read_string(r, &len))
        return false;
      break;
    case ESC_JSON_INTEGER:
    case ESC_JSON_REAL:
      r->pos += number_length(r->text + r->pos, r->len - r->pos, &real);
      break;
    case ESC_JSON_TRUE:
      if (!literal(r, "true"))
        return false;
      break;
    case ESC_JSON_FALSE:
      if (!literal(r, "false"))
        return false;
      break;
    case ESC_JSON_NULL:
      if (!literal(r, "null"))
        return false;
      break;
    case ESC_JSON_INVALID:
      return false;
    }
    /* to the next value to skip, leaving the containers that end here */
    while (r->depth > base) {
      const char *key;
      if (in_object(r) ? esc_json_next_member(r, &key, &len) : esc_json_next_element(r))
        break;
      if (r->failed)
        return false;
    }
    if (r->depth == base)
      return true;
  }
}

bool esc_json_end(struct esc_json_reader *r)
{
  if (r->failed)
    return false;
  if (next_byte(r) != -1)
    return syntax_error(r, "end of file expected");
  return true;
}
