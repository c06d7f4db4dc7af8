/* cache-reader.c - libFuzzer target: arbitrary bytes as a cache entry, through the cache's JSON reader (esc_tu_from_json_text) and the language server's entry reading, placing and features (fact_set_load_entry_file).
 *
 * Input: a cache entry's JSON text, optionally followed by a NUL byte and the text of the
 * document it is about (default: none, an empty buffer).  The document's path is the entry's
 * main file when the entry parses and names an absolute one (so real entries give facts), else
 * /escinfo-fuzz/x.c.
 *
 * For each input:
 *   1. esc_tu_from_json_text on the JSON text; when it succeeds, the entry written back with
 *      esc_tu_to_json_text must parse again and write back identically (a round trip);
 *   2. the JSON text written to a temp file and read by fact_set_load_entry_file for the
 *      document; then every feature in both position encodings: diagnostics, a hover on each
 *      fact and on each flow step, inlay hints for the whole document, code lenses, the code
 *      lens command's text, each turned into its JSON reply as the server would send it;
 *   3. an edit (a line inserted at the top, then removed again), the facts carried through it.
 * Oracles: ASan, UBSan, LeakSanitizer and the round trip. */
#include "cache.h"
#include "documents.h"
#include "facts.h"
#include "features.h"
#include "log.h"
#include "protocol.h"
#include "settings.h"
#include "uri.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_PATH "/escinfo-fuzz/x.c"

static char entry_path[64]; /* the temp file the entries are written to */
static int entry_fd = -1;

static void __attribute__((noreturn)) die(const char *what)
{
  fprintf(stderr, "cache-reader: %s\n", what);
  abort();
}

static void remove_entry_file(void)
{
  if (entry_path[0])
    unlink(entry_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc, (void)argv;
  const char *level = getenv("ESCLSP_FUZZ_LOG");
  log_threshold = level ? log_level_from_name(level) : -1;
  snprintf(entry_path, sizeof entry_path, "/tmp/esclsp-fuzz-entry.XXXXXX");
  if ((entry_fd = mkstemp(entry_path)) < 0)
    die("cannot make the temp file");
  atexit(remove_entry_file);
  return 0;
}

/* Writes JSON (LEN bytes) as the whole content of the temp entry file. */
static void write_entry_file(const char *json, size_t len)
{
  if (ftruncate(entry_fd, 0) != 0)
    die("ftruncate");
  for (size_t at = 0; at < len;) {
    ssize_t n = pwrite(entry_fd, json + at, len - at, (off_t)at);
    if (n <= 0)
      die("pwrite");
    at += (size_t)n;
  }
}

/* Serialises and frees V (stolen): the server's replies go through json_dumps. */
static void dump(json_t *v)
{
  if (!v)
    return; /* out of memory only */
  char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
  if (!text)
    die("a reply could not be written as JSON");
  free(text);
  json_decref(v);
}

/* A message written as text must be one JSON object (the oracle for the text writers). */
static void check_text(struct esc_text *t)
{
  size_t len;
  char *text = esc_text_take(t, &len);
  if (!text)
    return; /* out of memory only */
  json_error_t jerr;
  json_t *v = json_loadb(text, len, 0, &jerr);
  if (!json_is_object(v)) {
    fprintf(stderr, "cache-reader: a message written as text is not a JSON object: %s\n%s\n",
            jerr.text, text);
    abort();
  }
  json_decref(v);
  free(text);
}

/* 1: the cache's reader, and the round trip through its writer. */
static struct esc_tu *read_and_round_trip(const char *json, size_t len, struct esc_tu *tu)
{
  char err[512];
  if (esc_tu_from_json_text(json, len, tu, err, sizeof err) != 0) {
    if (!err[0])
      die("esc_tu_from_json_text failed without a reason");
    return NULL;
  }
  char *once = esc_tu_to_json_text(tu);
  if (!once)
    die("esc_tu_to_json_text");
  struct esc_tu again;
  if (esc_tu_from_json_text(once, strlen(once), &again, err, sizeof err) != 0) {
    fprintf(stderr, "cache-reader: the entry written back does not parse: %s\n%s\n", err, once);
    abort();
  }
  char *twice = esc_tu_to_json_text(&again);
  if (!twice)
    die("esc_tu_to_json_text");
  if (strcmp(once, twice) != 0) {
    fprintf(stderr, "cache-reader: the round trip changed the entry:\n%s\n%s\n", once, twice);
    abort();
  }
  free(once);
  free(twice);
  esc_tu_free(&again);
  return tu;
}

/* 2: every feature for DOC's facts in encoding ENC. */
static void features(struct document *doc, const struct fact_set *set,
                     const struct lsp_settings *settings, enum lsp_encoding enc)
{
  struct feature_context ctx = { doc, set, settings, enc, "/escinfo-fuzz/cache", NULL };
  struct lsp_diagnostics diags;
  diagnostics_build(&ctx, &diags);
  struct esc_text t;
  esc_text_init(&t);
  publish_diagnostics_write(&t, doc->uri, doc->version, &diags);
  check_text(&t);
  lsp_diagnostics_free(&diags);

  for (size_t i = 0; i < set->nfacts; i++) {
    const struct located_fact *lf = &set->facts[i];
    struct lsp_hover hover;
    struct lsp_range r = fact_range(&ctx, lf);
    if (hover_build(&ctx, r.start, i & 1, &hover) > 0) {
      dump(hover_to_json(&hover));
      lsp_hover_free(&hover);
    }
    if (hover_build(&ctx, r.end, !(i & 1), &hover) > 0) {
      dump(hover_to_json(&hover));
      lsp_hover_free(&hover);
    }
    for (size_t k = 0; k < lf->fact.nflow; k++) {
      uint32_t line, col;
      if (!fact_step_place(lf, &lf->fact.flow[k], doc, &line, &col))
        continue;
      struct lsp_position p = document_position(doc, line, col, enc);
      if (hover_build(&ctx, p, true, &hover) > 0) {
        dump(hover_to_json(&hover));
        lsp_hover_free(&hover);
      }
    }
    if (lf->fact.function) {
      char *text = code_lens_fact_list(&ctx, lf->fact.function);
      free(text);
    }
  }

  struct lsp_inlay_hints hints;
  struct lsp_range all = { { 0, 0 }, { (uint32_t)doc->nlines, 0 } };
  inlay_hints_build(&ctx, all, &hints);
  dump(inlay_hints_to_json(&hints));
  lsp_inlay_hints_free(&hints);

  struct lsp_code_lenses lenses;
  code_lenses_build(&ctx, &lenses);
  dump(code_lenses_to_json(&lenses));
  lsp_code_lenses_free(&lenses);
}

/* 3: one edit, RANGE replaced by TEXT, and the facts carried through it. */
static void edit(struct document *doc, struct fact_set *set, struct lsp_range range,
                 const char *text)
{
  struct text_edit e;
  if (document_apply_change(doc, &range, text, strlen(text), LSP_ENCODING_UTF16, &e) != 0)
    return;
  fact_set_apply_edit(set, doc, &e);
  fact_set_after_change(set, doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *json = (const char *)data;
  const char *nul = memchr(data, '\0', size);
  size_t json_len = nul ? (size_t)(nul - json) : size;
  const char *text = nul ? nul + 1 : "";
  size_t text_len = nul ? size - json_len - 1 : 0;
  struct esc_tu tu;
  char err[512];

  const char *path = DEFAULT_PATH;
  if (read_and_round_trip(json, json_len, &tu)) {
    if (tu.main_file && tu.main_file[0] == '/')
      path = tu.main_file;
  }
  char *canonical = esc_path_canonical(path, NULL);
  char *uri = canonical ? uri_from_path(canonical) : NULL;
  esc_tu_free(&tu);
  free(canonical);
  if (!uri)
    return 0; /* out of memory */

  struct document doc;
  struct lsp_settings settings;
  struct fact_set set;
  if (document_open(&doc, uri, "c", 1, text, text_len) != 0 || settings_init(&settings) != 0)
    die("out of memory");
  free(uri);
  settings.show_non_escaping = true;
  for (int c = 0; c < ESC_CODE_COUNT; c++)
    settings.show_code[c] = true;
  fact_set_init(&set);
  write_entry_file(json, json_len);
  if (fact_set_load_entry_file(&set, entry_path, &doc, err, sizeof err) == 0) {
    features(&doc, &set, &settings, LSP_ENCODING_UTF16);
    features(&doc, &set, &settings, LSP_ENCODING_UTF8);
    struct lsp_range top = { { 0, 0 }, { 0, 0 } };
    edit(&doc, &set, top, "int inserted;\n");
    struct lsp_range line0 = { { 0, 0 }, { 1, 0 } };
    edit(&doc, &set, line0, "");
    features(&doc, &set, &settings, LSP_ENCODING_UTF16);
  }
  fact_set_free(&set);
  settings_free(&settings);
  document_close(&doc);
  return 0;
}
