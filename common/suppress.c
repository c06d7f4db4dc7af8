/* suppress.c - escinfo-ignore comments: found with a small C/C++ lexer that knows comments,
 * string and character literals (raw strings included), and nothing else. */
#define _GNU_SOURCE /* memmem */
#include "suppress.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WORD "escinfo-ignore"
#define WORD_LEN (sizeof WORD - 1)

void esc_suppressions_init(struct esc_suppressions *s)
{
  memset(s, 0, sizeof *s);
}

void esc_suppressions_free(struct esc_suppressions *s)
{
  for (size_t i = 0; i < s->n; i++) {
    free(s->v[i].unknown);
    free(s->v[i].justification);
  }
  free(s->v);
  esc_suppressions_init(s);
}

bool esc_code_pattern(const char *name, size_t len, bool codes[ESC_CODE_COUNT])
{
  bool any = false;
  bool group = len >= 2 && name[len - 2] == '.' && name[len - 1] == '*';
  bool every = len == 1 && name[0] == '*';
  for (int c = 0; c < ESC_CODE_COUNT; c++) {
    const char *code = esc_code_name((enum esc_code)c);
    bool match = every
                 || (group ? strncmp(code, name, len - 1) == 0
                           : strlen(code) == len && memcmp(code, name, len) == 0);
    if (match)
      codes[c] = any = true;
  }
  return any;
}

/* ---- one comment --------------------------------------------------------------------------- */

/* Where a comment is. */
struct comment {
  const char *text;           /* its body, without the opening and closing marks */
  size_t len;
  unsigned line, end_line;    /* 1-based lines of its start and of its end */
  unsigned column;            /* 1-based byte column of its body's first byte */
  bool code_before;           /* something besides blanks precedes it on its first line */
  bool code_after;            /* something besides blanks follows it on its last line */
};

static bool is_word_byte(char c)
{
  return isalnum((unsigned char)c) || c == '_' || c == '-';
}

static char *dup_trimmed(const char *p, size_t n)
{
  while (n && isspace((unsigned char)*p))
    p++, n--;
  while (n && isspace((unsigned char)p[n - 1]))
    n--;
  if (!n)
    return NULL;
  char *s = malloc(n + 1);
  if (s) {
    memcpy(s, p, n);
    s[n] = 0;
  }
  return s;
}

/* Reads the list and the justification after the word, at P (END: the comment's end).  Returns
 * 0, or -1 when out of memory. */
static int parse_rest(struct esc_suppression *sup, const char *p, const char *end)
{
  const char *q = p;
  while (q < end && (*q == ' ' || *q == '\t'))
    q++;
  sup->all = true;
  if (q < end && *q == '(') {
    const char *close = memchr(q, ')', (size_t)(end - q));
    if (close) {
      sup->all = false;
      const char *item = q + 1;
      while (item <= close) {
        const char *stop = item;
        while (stop < close && *stop != ',')
          stop++;
        const char *a = item, *b = stop;
        while (a < b && isspace((unsigned char)*a))
          a++;
        while (b > a && isspace((unsigned char)b[-1]))
          b--;
        if (b > a && !esc_code_pattern(a, (size_t)(b - a), sup->codes) && !sup->unknown) {
          if (!(sup->unknown = dup_trimmed(a, (size_t)(b - a))))
            return -1;
        }
        item = stop + 1;
      }
      p = close + 1;
    }
  }
  while (p < end && isspace((unsigned char)*p))
    p++;
  if (p < end && *p == ':')
    p++;
  else if (end - p >= 2 && p[0] == '-' && p[1] == '-')
    p += 2;
  if (p < end) {
    sup->justification = dup_trimmed(p, (size_t)(end - p));
    if (!sup->justification) {
      /* all blanks, or out of memory */
      for (const char *r = p; r < end; r++)
        if (!isspace((unsigned char)*r))
          return -1;
    }
  }
  return 0;
}

/* Adds the suppression comment C holds, if it holds one. */
static int add_comment(struct esc_suppressions *s, const struct comment *c)
{
  const char *end = c->text + c->len;
  const char *w = memmem(c->text, c->len, WORD, WORD_LEN);
  while (w && ((w > c->text && is_word_byte(w[-1]))
               || (w + WORD_LEN < end && is_word_byte(w[WORD_LEN]))))
    w = memmem(w + 1, (size_t)(end - w - 1), WORD, WORD_LEN);
  if (!w)
    return 0;
  if (esc_grow((void **)&s->v, s->n, &s->cap, sizeof *s->v, 8) != 0)
    return -1;
  struct esc_suppression *sup = &s->v[s->n++];
  memset(sup, 0, sizeof *sup);
  unsigned line = c->line, column = c->column;
  for (const char *p = c->text; p < w; p++) {
    if (*p == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  sup->line = line;
  sup->column = column;
  sup->target = c->code_before ? c->line : c->code_after ? c->end_line : c->end_line + 1;
  /* A line comment ends at its line's end; a block comment may run on: the list and the
   * justification stop at the end of the word's line. */
  const char *eol = memchr(w, '\n', (size_t)(end - w));
  return parse_rest(sup, w + WORD_LEN, eol ? eol : end);
}

/* ---- the lexer ----------------------------------------------------------------------------- */

struct lexer {
  const char *text;
  size_t len, pos;
  unsigned line;
  size_t line_start; /* offset of the current line's first byte */
};

static void advance(struct lexer *lx, size_t to)
{
  for (; lx->pos < to && lx->pos < lx->len; lx->pos++)
    if (lx->text[lx->pos] == '\n') {
      lx->line++;
      lx->line_start = lx->pos + 1;
    }
}

static bool blank_between(const char *text, size_t from, size_t to)
{
  for (size_t i = from; i < to; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\f'
        && text[i] != '\v')
      return false;
  return true;
}

/* Skips a string or character literal opened by QUOTE at lx->pos (a newline ends a broken one). */
static void skip_literal(struct lexer *lx, char quote)
{
  size_t i = lx->pos + 1;
  while (i < lx->len && lx->text[i] != quote && lx->text[i] != '\n')
    i += lx->text[i] == '\\' && i + 1 < lx->len ? 2 : 1;
  advance(lx, i < lx->len && lx->text[i] == quote ? i + 1 : i);
}

/* Skips a raw string literal whose '"' is at lx->pos: R"delim( ... )delim". */
static void skip_raw(struct lexer *lx)
{
  size_t open = lx->pos + 1, d = open;
  while (d < lx->len && d - open <= 16 && lx->text[d] != '(' && lx->text[d] != '"'
         && lx->text[d] != '\n' && lx->text[d] != ' ' && lx->text[d] != '\\')
    d++;
  if (d >= lx->len || lx->text[d] != '(' || d - open > 16) {
    skip_literal(lx, '"');
    return;
  }
  char close[20];
  size_t dlen = d - open;
  close[0] = ')';
  memcpy(close + 1, lx->text + open, dlen);
  close[dlen + 1] = '"';
  const char *end = memmem(lx->text + d, lx->len - d, close, dlen + 2);
  advance(lx, end ? (size_t)(end - lx->text) + dlen + 2 : lx->len);
}

int esc_suppressions_scan(struct esc_suppressions *s, const char *text, size_t len)
{
  esc_suppressions_free(s);
  if (!memmem(text, len, WORD, WORD_LEN))
    return 0;
  struct lexer lx = { text, len, 0, 1, 0 };
  while (lx.pos < len) {
    char ch = text[lx.pos];
    char next = lx.pos + 1 < len ? text[lx.pos + 1] : 0;
    if (ch == '/' && (next == '/' || next == '*')) {
      struct comment c = { 0 };
      size_t body = lx.pos + 2, stop, after;
      c.line = lx.line;
      c.column = (unsigned)(body - lx.line_start + 1);
      c.code_before = !blank_between(text, lx.line_start, lx.pos);
      if (next == '/') {
        /* a line comment, continued by backslash-newline */
        stop = body;
        while (stop < len && !(text[stop] == '\n' && !(stop > body && text[stop - 1] == '\\')))
          stop++;
        after = stop;
      } else {
        const char *e = memmem(text + body, len - body, "*/", 2);
        stop = e ? (size_t)(e - text) : len;
        after = e ? stop + 2 : len;
      }
      c.text = text + body;
      c.len = stop - body;
      advance(&lx, after);
      c.end_line = lx.line;
      const char *eol = memchr(text + lx.pos, '\n', len - lx.pos);
      c.code_after = !blank_between(text, lx.pos, eol ? (size_t)(eol - text) : len);
      if (memmem(c.text, c.len, WORD, WORD_LEN) && add_comment(s, &c) != 0)
        return -1;
      continue;
    }
    if (ch == '"') {
      if (lx.pos > 0 && text[lx.pos - 1] == 'R')
        skip_raw(&lx);
      else
        skip_literal(&lx, '"');
      continue;
    }
    if (ch == '\'') {
      /* 1'000'000 (C++14, C23 digit separators) is no character literal */
      bool separator = lx.pos > 0 && isxdigit((unsigned char)text[lx.pos - 1])
                       && !(lx.pos > 1 && text[lx.pos - 1] == '8' && text[lx.pos - 2] == 'u');
      if (!separator) {
        skip_literal(&lx, '\'');
        continue;
      }
    }
    advance(&lx, lx.pos + 1);
  }
  return 0;
}

int esc_suppressions_scan_file(struct esc_suppressions *s, const char *path)
{
  esc_suppressions_free(s);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    close(fd);
    return 0;
  }
  size_t len = (size_t)st.st_size, got = 0;
  char *text = malloc(len);
  if (!text) {
    close(fd);
    return -1;
  }
  while (got < len) {
    ssize_t r = read(fd, text + got, len - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += (size_t)r;
  }
  close(fd);
  int rc = esc_suppressions_scan(s, text, got);
  free(text);
  return rc;
}

struct esc_suppression *esc_suppressions_match(const struct esc_suppressions *s,
                                               const unsigned *lines, size_t n,
                                               enum esc_code code)
{
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].all || s->v[i].codes[code])
      for (size_t j = 0; j < n; j++)
        if (s->v[i].target == lines[j])
          return &s->v[i];
  return NULL;
}

/* Adds the lines of the N steps of FLOW in CANONICAL to LINES (room for CAP). */
static size_t step_lines(unsigned *lines, size_t n, size_t cap, const struct esc_step *flow,
                         size_t nflow, const char *canonical)
{
  for (size_t i = 0; i < nflow && n < cap; i++)
    if (flow[i].file && strcmp(flow[i].file, canonical) == 0)
      lines[n++] = flow[i].line;
  return n;
}

struct esc_suppression *esc_suppressions_match_fact(const struct esc_suppressions *s,
                                                    const struct esc_fact *fact,
                                                    const char *canonical)
{
  unsigned lines[64];
  size_t n = 0;
  if (!s->n)
    return NULL;
  lines[n++] = fact->line;
  n = step_lines(lines, n, 64, fact->flow, fact->nflow, canonical);
  for (size_t r = 0; r < fact->nroutes; r++)
    n = step_lines(lines, n, 64, fact->routes[r].flow, fact->routes[r].nflow, canonical);
  return esc_suppressions_match(s, lines, n, fact->code);
}
