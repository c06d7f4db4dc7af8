/* documents.h - open editor buffers: text, incremental sync, line index, utf-8/utf-16 columns, line maps since open or save. */
#ifndef ESCLSP_DOCUMENTS_H
#define ESCLSP_DOCUMENTS_H

#include "cache.h"
#include "types.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What one change did to the text, in the coordinates of the text before it (0-based lines,
 * byte columns): the bytes from START to END were replaced by text holding NEW_LINES line
 * breaks and NEW_LAST_LEN bytes after the last one (all its bytes when it has none). */
struct text_edit {
  uint32_t start_line, start_col;
  uint32_t end_line, end_col;
  uint32_t new_lines, new_last_len;
};

/* An edit's effect on line numbers: old lines START..OLD_END became START..NEW_END. */
struct line_edit {
  uint32_t start, old_end, new_end;
};

/* A version of the text the buffer had (when opened, when saved), by hash, and how its lines
 * moved since: facts compiled from that version are carried to the buffer through it. */
#define DOCUMENT_MAX_BASES 4
#define DOCUMENT_MAX_LINE_EDITS 8192
struct document_base {
  char hash[ESC_HASH_LEN + 1];
  struct line_edit *edits; /* owned; only edits that changed the number of lines */
  size_t n, cap;
  bool overflow;           /* too many edits: the map is lost, only the hash is kept */
};

struct document {
  char *uri;          /* as the client sent it (owned) */
  char *path;         /* the local path of a file: URI, or NULL (owned) */
  char *canonical;    /* esc_path_canonical of PATH, or NULL (owned) */
  char *language_id;  /* owned */
  int64_t version;
  char *text;         /* owned, LEN bytes and a NUL */
  size_t len, cap;
  size_t *lines;      /* owned: byte offset where each line starts; NLINES >= 1 */
  size_t nlines, lines_cap;
  char hash[ESC_HASH_LEN + 1];
  bool hash_valid;
  struct document_base bases[DOCUMENT_MAX_BASES];
  size_t nbases;
  /* A large text is hashed on a thread from the moment it is opened, while the server reads its
   * facts; the first use of the hash waits for it (document_hash), and so does every change. */
  pthread_t hasher;
  bool hashing;
  char hash_ahead[ESC_HASH_LEN + 1]; /* the thread's result */
  bool hash_assumed;      /* HASH is a guess (document_assume_hash) until the thread is done */
  bool open_base_pending; /* the text as opened becomes a base once its hash is known */
};

/* Texts at least this long are hashed on a thread when opened. */
#define DOCUMENT_HASH_THREAD_MIN ((size_t)1024 * 1024)

/* Sets up DOC with a copy of TEXT (LEN bytes) and records the text as its first base.
 * Returns 0, or -1 when out of memory (DOC then holds nothing). */
int document_open(struct document *doc, const char *uri, const char *language_id, int64_t version,
                  const char *text, size_t len);

/* The same, DOC taking TEXT (malloc'd, at least LEN + 1 bytes) instead of copying it; TEXT is
 * freed on failure too (NULL TEXT fails). */
int document_open_owned(struct document *doc, const char *uri, const char *language_id,
                        int64_t version, char *text, size_t len);

/* Frees everything DOC owns. */
void document_close(struct document *doc);

/* Line LINE's text without its line break, its length in *LEN; NULL past the last line. */
const char *document_line(const struct document *doc, uint32_t line, size_t *len);

/* The client's column (in ENC units) of byte column BYTE on LINE (clamped to the line). */
uint32_t document_units_of_byte(const struct document *doc, uint32_t line, uint32_t byte,
                                enum lsp_encoding enc);

/* The byte column of the client's column UNITS on LINE: clamped to the line's end; a column
 * inside a character (the second half of a surrogate pair) goes to the character's start. */
uint32_t document_byte_of_units(const struct document *doc, uint32_t line, uint32_t units,
                                enum lsp_encoding enc);

/* The client position of byte column BYTE on LINE. */
struct lsp_position document_position(const struct document *doc, uint32_t line, uint32_t byte,
                                      enum lsp_encoding enc);

/* Byte offset in the text of the client position POS: a line past the end gives the end of the
 * text, a column past the line's end gives the line's end. */
size_t document_offset(const struct document *doc, struct lsp_position pos, enum lsp_encoding enc);

/* Applies one content change: RANGE (client positions) replaced by TEXT (LEN bytes), or the
 * whole text when RANGE is NULL (turned into the smallest equivalent edit).  Fills *EDIT and
 * bumps nothing else (the caller sets the version).  Returns 0; -1 when out of memory; -2 when
 * RANGE ends before it starts.  On failure DOC is unchanged. */
int document_apply_change(struct document *doc, const struct lsp_range *range, const char *text,
                          size_t len, enum lsp_encoding enc, struct text_edit *edit);

/* Hash of the current text, as esc_hash_buffer gives it (computed when needed, or the guess of
 * document_assume_hash until it is confirmed).  Borrowed. */
const char *document_hash(struct document *doc);

/* While the hash of an opened text is still being computed on a thread: takes HASH (the hash the
 * text is expected to have, that of the file as compiled) as its hash, so that work depending
 * on it can go on meanwhile.  False (and nothing assumed) when the hash is known already. */
bool document_assume_hash(struct document *doc, const char *hash);

/* Waits for the real hash: true when it is the one assumed (or nothing was assumed); false when
 * the guess was wrong, whatever relied on it must then be done again. */
bool document_confirm_hash(struct document *doc);

/* Records the current text as a base (on open and on save). */
void document_add_base(struct document *doc);

/* Where line LINE (0-based) of the base version with HASH is now, and whether an edit touched
 * it.  Returns false when no base has that hash (or its map was lost). */
bool document_map_line(const struct document *doc, const char *hash, uint32_t line,
                       uint32_t *mapped, bool *touched);

/* UTF-8: length of the character starting at S (N bytes left), 1 for a byte that starts no
 * valid character, and its code point in *CP (U+FFFD for such a byte). */
size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp);

#endif /* ESCLSP_DOCUMENTS_H */
