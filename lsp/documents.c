/* documents.c - open editor buffers: text, incremental sync, line index, utf-8/utf-16 columns, line maps since open or save. */
#include "documents.h"

#include "uri.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
  size_t len = esc_utf8_sequence(s, n, cp);
  if (len)
    return len;
  *cp = 0xfffd;
  return 1;
}

/* Makes room for N line starts.  Returns 0, or -1 when out of memory. */
static int reserve_lines(struct document *doc, size_t n)
{
  return esc_reserve((void **)&doc->lines, n, &doc->lines_cap, sizeof *doc->lines, 64);
}

/* Rebuilds the line index of DOC, which has room for all its lines. */
static void index_lines(struct document *doc)
{
  doc->lines[0] = 0;
  doc->nlines = 1;
  for (const char *p = doc->text, *end = doc->text + doc->len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
    doc->lines[doc->nlines++] = (size_t)(p - doc->text) + 1;
}

/* Builds the line index of a new text in one pass, growing it as lines come.  Returns 0, or -1
 * when out of memory. */
static int first_index(struct document *doc)
{
  if (reserve_lines(doc, doc->len / 32 + 2) != 0) /* most source lines are longer than 32 bytes */
    return -1;
  doc->lines[0] = 0;
  doc->nlines = 1;
  for (const char *p = doc->text, *end = doc->text + doc->len; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
    if (doc->nlines == doc->lines_cap && reserve_lines(doc, doc->nlines + 1) != 0)
      return -1;
    doc->lines[doc->nlines++] = (size_t)(p - doc->text) + 1;
  }
  return 0;
}

static void *hash_text(void *arg)
{
  struct document *doc = arg;
  esc_hash_buffer(doc->text, doc->len, doc->hash_ahead);
  return NULL;
}

/* Waits for the hash being computed on a thread, and records the opened text as a base once its
 * hash is known.  Everything that reads the hash for good or changes the text calls this first. */
static void settle(struct document *doc)
{
  if (doc->hashing) {
    pthread_join(doc->hasher, NULL);
    doc->hashing = false;
    doc->hash_assumed = false;
    memcpy(doc->hash, doc->hash_ahead, sizeof doc->hash);
    doc->hash_valid = true;
  }
  if (doc->open_base_pending) {
    doc->open_base_pending = false;
    document_add_base(doc);
  }
}

int document_open_owned(struct document *doc, const char *uri, const char *language_id,
                        int64_t version, char *text, size_t len)
{
  memset(doc, 0, sizeof *doc);
  doc->text = text;
  doc->cap = len + 1;
  doc->len = len;
  doc->uri = esc_strdup(uri);
  doc->language_id = esc_strdup(language_id ? language_id : "");
  doc->path = uri_to_path(uri);
  doc->canonical = doc->path ? esc_path_canonical(doc->path, NULL) : NULL;
  doc->version = version;
  if (!doc->uri || !doc->language_id || !doc->text || (doc->path && !doc->canonical)) {
    document_close(doc);
    return -1;
  }
  doc->text[len] = '\0';
  if (len >= DOCUMENT_HASH_THREAD_MIN && pthread_create(&doc->hasher, NULL, hash_text, doc) == 0)
    doc->hashing = true; /* while the line index is built and the facts read */
  doc->open_base_pending = true;
  if (first_index(doc) != 0) {
    document_close(doc);
    return -1;
  }
  return 0;
}

int document_open(struct document *doc, const char *uri, const char *language_id, int64_t version,
                  const char *text, size_t len)
{
  char *copy = malloc(len + 1);
  if (copy && len > 0)
    memcpy(copy, text, len);
  else
    memset(doc, 0, sizeof *doc);
  return copy ? document_open_owned(doc, uri, language_id, version, copy, len) : -1;
}

void document_close(struct document *doc)
{
  if (doc->hashing)
    pthread_join(doc->hasher, NULL);
  free(doc->uri);
  free(doc->path);
  free(doc->canonical);
  free(doc->language_id);
  free(doc->text);
  free(doc->lines);
  for (size_t i = 0; i < doc->nbases; i++)
    free(doc->bases[i].edits);
  memset(doc, 0, sizeof *doc);
}

const char *document_line(const struct document *doc, uint32_t line, size_t *len)
{
  if (line >= doc->nlines) {
    *len = 0;
    return NULL;
  }
  size_t start = doc->lines[line];
  size_t end = line + 1 < doc->nlines ? doc->lines[line + 1] - 1 : doc->len;
  if (end > start && doc->text[end - 1] == '\r')
    end--;
  *len = end - start;
  return doc->text + start;
}

uint32_t document_units_of_byte(const struct document *doc, uint32_t line, uint32_t byte,
                                enum lsp_encoding enc)
{
  size_t len;
  const unsigned char *s = (const unsigned char *)document_line(doc, line, &len);
  if (!s)
    return 0;
  if (byte > len)
    byte = (uint32_t)len;
  if (enc == LSP_ENCODING_UTF8)
    return byte;
  uint32_t units = 0;
  for (size_t i = 0; i < byte;) {
    uint32_t cp;
    i += utf8_char(s + i, len - i, &cp);
    units += cp >= 0x10000 ? 2 : 1;
  }
  return units;
}

uint32_t document_byte_of_units(const struct document *doc, uint32_t line, uint32_t units,
                                enum lsp_encoding enc)
{
  size_t len;
  const unsigned char *s = (const unsigned char *)document_line(doc, line, &len);
  if (!s)
    return 0;
  if (enc == LSP_ENCODING_UTF8)
    return units < len ? units : (uint32_t)len;
  size_t i = 0;
  uint32_t at = 0;
  while (i < len) {
    uint32_t cp;
    size_t n = utf8_char(s + i, len - i, &cp);
    uint32_t w = cp >= 0x10000 ? 2 : 1;
    if (at + w > units)
      break;
    at += w;
    i += n;
  }
  return (uint32_t)i;
}

struct lsp_position document_position(const struct document *doc, uint32_t line, uint32_t byte,
                                      enum lsp_encoding enc)
{
  struct lsp_position p = { line, document_units_of_byte(doc, line, byte, enc) };
  if (line >= doc->nlines) { /* past the end: the end of the text */
    p.line = (uint32_t)(doc->nlines - 1);
    size_t len;
    document_line(doc, p.line, &len);
    p.character = document_units_of_byte(doc, p.line, (uint32_t)len, enc);
  }
  return p;
}

size_t document_offset(const struct document *doc, struct lsp_position pos, enum lsp_encoding enc)
{
  if (pos.line >= doc->nlines)
    return doc->len;
  return doc->lines[pos.line] + document_byte_of_units(doc, pos.line, pos.character, enc);
}

/* Line and byte column of byte OFFSET. */
static void line_col(const struct document *doc, size_t offset, uint32_t *line, uint32_t *col)
{
  size_t lo = 0, hi = doc->nlines; /* the last line starting at or before OFFSET */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->lines[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  *line = (uint32_t)lo;
  *col = (uint32_t)(offset - doc->lines[lo]);
}

/* Records EDIT in every base's line map. */
static void record_line_edit(struct document *doc, const struct text_edit *edit)
{
  if (edit->new_lines == edit->end_line - edit->start_line)
    return; /* same number of lines: the map does not change */
  for (size_t i = 0; i < doc->nbases; i++) {
    struct document_base *b = &doc->bases[i];
    if (b->overflow)
      continue;
    if (b->n == DOCUMENT_MAX_LINE_EDITS
        || esc_grow((void **)&b->edits, b->n, &b->cap, sizeof *b->edits, 16) != 0) {
      free(b->edits); /* too many edits (or no memory): the map is lost, the hash kept */
      b->edits = NULL;
      b->n = b->cap = 0;
      b->overflow = true;
      continue;
    }
    b->edits[b->n++] = (struct line_edit){ edit->start_line, edit->end_line,
                                           edit->start_line + edit->new_lines };
  }
}

/* Replaces bytes [START, END) by TEXT (LEN bytes) and describes it in *EDIT.  Returns 0, or -1
 * when out of memory (nothing changed). */
static int replace_bytes(struct document *doc, size_t start, size_t end, const char *text,
                         size_t len, struct text_edit *edit)
{
  size_t new_len = doc->len - (end - start) + len;
  if (new_len + 1 > doc->cap) {
    size_t cap = doc->cap * 2 > new_len + 1 ? doc->cap * 2 : new_len + 1;
    char *t = realloc(doc->text, cap);
    if (!t)
      return -1;
    doc->text = t;
    doc->cap = cap;
  }
  line_col(doc, start, &edit->start_line, &edit->start_col);
  line_col(doc, end, &edit->end_line, &edit->end_col);
  edit->new_lines = 0;
  edit->new_last_len = (uint32_t)len;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n') {
      edit->new_lines++;
      edit->new_last_len = (uint32_t)(len - i - 1);
    }
  if (reserve_lines(doc, doc->nlines - (edit->end_line - edit->start_line) + edit->new_lines) != 0)
    return -1;
  memmove(doc->text + start + len, doc->text + end, doc->len - end);
  memcpy(doc->text + start, text, len);
  doc->len = new_len;
  doc->text[new_len] = '\0';
  doc->hash_valid = false;
  index_lines(doc);
  record_line_edit(doc, edit);
  const char *hash = document_hash(doc);
  for (size_t i = 0; i < doc->nbases; i++) { /* back to a known version: nothing moved since */
    struct document_base *b = &doc->bases[i];
    if (strcmp(b->hash, hash) == 0) {
      free(b->edits);
      b->edits = NULL;
      b->n = b->cap = 0;
      b->overflow = false;
    }
  }
  return 0;
}

int document_apply_change(struct document *doc, const struct lsp_range *range, const char *text,
                          size_t len, enum lsp_encoding enc, struct text_edit *edit)
{
  settle(doc);
  size_t start, end;
  if (range) {
    start = document_offset(doc, range->start, enc);
    end = document_offset(doc, range->end, enc);
    if (end < start)
      return -2;
    return replace_bytes(doc, start, end, text, len, edit);
  }
  /* the whole text: keep the common prefix and suffix, replace what lies between */
  size_t prefix = 0, suffix = 0, max = doc->len < len ? doc->len : len;
  while (prefix < max && doc->text[prefix] == text[prefix])
    prefix++;
  while (suffix < max - prefix && doc->text[doc->len - 1 - suffix] == text[len - 1 - suffix])
    suffix++;
  return replace_bytes(doc, prefix, doc->len - suffix, text + prefix, len - suffix - prefix, edit);
}

bool document_assume_hash(struct document *doc, const char *hash)
{
  if (!doc->hashing || strlen(hash) != ESC_HASH_LEN)
    return false;
  memcpy(doc->hash, hash, sizeof doc->hash);
  doc->hash_valid = doc->hash_assumed = true;
  return true;
}

bool document_confirm_hash(struct document *doc)
{
  char assumed[ESC_HASH_LEN + 1];
  if (!doc->hash_assumed)
    return true;
  memcpy(assumed, doc->hash, sizeof assumed);
  settle(doc);
  return strcmp(assumed, doc->hash) == 0;
}

const char *document_hash(struct document *doc)
{
  if (doc->hash_assumed)
    return doc->hash;
  settle(doc);
  if (!doc->hash_valid) {
    esc_hash_buffer(doc->text, doc->len, doc->hash);
    doc->hash_valid = true;
  }
  return doc->hash;
}

void document_add_base(struct document *doc)
{
  settle(doc); /* the opened text first */
  const char *hash = document_hash(doc);
  struct document_base *b = NULL;
  for (size_t i = 0; i < doc->nbases && !b; i++)
    if (strcmp(doc->bases[i].hash, hash) == 0)
      b = &doc->bases[i];
  if (!b) {
    if (doc->nbases == DOCUMENT_MAX_BASES) { /* forget the oldest */
      free(doc->bases[0].edits);
      memmove(&doc->bases[0], &doc->bases[1], (DOCUMENT_MAX_BASES - 1) * sizeof doc->bases[0]);
      doc->nbases--;
    }
    b = &doc->bases[doc->nbases++];
    memset(b, 0, sizeof *b);
    memcpy(b->hash, hash, sizeof b->hash);
  }
  free(b->edits); /* the buffer is that version again: nothing moved since */
  b->edits = NULL;
  b->n = b->cap = 0;
  b->overflow = false;
}

bool document_map_line(const struct document *doc, const char *hash, uint32_t line,
                       uint32_t *mapped, bool *touched)
{
  for (size_t i = 0; i < doc->nbases; i++) {
    const struct document_base *b = &doc->bases[i];
    if (strcmp(b->hash, hash) != 0 || b->overflow)
      continue;
    *touched = false;
    for (size_t j = 0; j < b->n; j++) {
      const struct line_edit *e = &b->edits[j];
      if (line < e->start)
        continue;
      if (line > e->old_end) {
        line = line - e->old_end + e->new_end;
      } else {
        *touched = true;
        if (line > e->new_end)
          line = e->new_end;
      }
    }
    *mapped = line;
    return true;
  }
  return false;
}
