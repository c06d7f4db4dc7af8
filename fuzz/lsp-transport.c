/* lsp-transport.c - libFuzzer target: arbitrary client bytes through esclsp's framer and dispatcher (feed.h), on a fresh server per input, over a cache holding facts for the file the seeds open.
 *
 * Input: byte 0 chooses the start (bit 0: the server is first initialized and has
 * file:///escinfo-fuzz/sample.c open; bits 1-4: what that initialize offers: utf-8 positions,
 * pull diagnostics, plain-text hovers only, workspace/configuration; bit 7: the input ends
 * before the server is closed, as when stdin closes), byte 1 how the rest is cut into
 * lsp_feed_push calls (0: at once; N: N bytes at a time), and the rest is the stream.
 *
 * Oracles, besides ASan, UBSan and LeakSanitizer: every message the server sends is a JSON
 * object with "jsonrpc": "2.0" (jansson parses it, so it is UTF-8 too), nothing is sent after
 * the server reported its exit, and once lsp_server_close ran the event loop ends by itself
 * with every handle closed (none left for uv_walk, uv_loop_alive() false); a loop that does not
 * end is a hang that libFuzzer's -timeout reports.  ESCLSP_FUZZ_LOG=debug shows the server's log. */
#define _GNU_SOURCE /* asprintf */
#include "cache.h"
#include "feed.h"
#include "log.h"
#include "server.h"

#include <ftw.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#define DOC_PATH "/escinfo-fuzz/sample.c" /* does not exist: only the cache knows it */
#define DOC_URI "file://" DOC_PATH
#define OTHER_PATH "/escinfo-fuzz/other.h"

/* The document the facts are about: tests/lsp/src/sample.c with lines after tabs and
 * multi-byte characters (2, 3 and 4 bytes in UTF-8; the last one 2 UTF-16 units). */
static const char sample_text[] =
  "/* sample.c - escapes of each kind, for the language server's transcript tests. */\n"
  "#include <stdlib.h>\n"
  "#include <string.h>\n"
  "\n"
  "static int *saved;\n"
  "\n"
  "void remember(void)\n"
  "{\n"
  "  int local = 1;\n"
  "  int *p = &local;\n"
  "  saved = p;\n"
  "}\n"
  "\n"
  "int sum_scratch(void)\n"
  "{\n"
  "  int tmp[4] = { 1, 2, 3, 4 };\n"
  "  int *q = tmp;\n"
  "  return q[0] + q[3];\n"
  "}\n"
  "\n"
  "void keep(int *param);\n"
  "\n"
  "void forward(int *param)\n"
  "{\n"
  "  keep(param);\n"
  "}\n"
  "\n"
  "int stack_candidate(int n)\n"
  "{\n"
  "  int *block = malloc(64);\n"
  "  if (!block)\n"
  "    return 0;\n"
  "  block[0] = n;\n"
  "  int r = block[0];\n"
  "  free(block);\n"
  "  return r;\n"
  "}\n"
  "\n"
  "void wide(int n)\n"
  "{\n"
  "\tint tabbed = 1; saved = &tabbed;\n"
  "  /* \xc3\xa9 */ int two = 2; saved = &two;\n"
  "  /* \xe2\x82\xac */ int three = 3; saved = &three;\n"
  "  /* \xf0\x9f\x98\x80 */ int four = 4; saved = &four;\n"
  "  char big[8192]; char vla[n]; MACRO(big, vla);\n"
  "}\n";

static char *cache_dir; /* the fuzzing session's cache, removed at exit */
/* framed initialize, initialized and didOpen, by the low bits of byte 0 (odd ones only) */
static char *init_prefixes[32];
static size_t init_prefix_len[32];

static void __attribute__((noreturn)) die(const char *what)
{
  fprintf(stderr, "lsp-transport: %s\n", what);
  abort();
}

/* ---- the cache: a compile of sample_text, and an older one of another version ---------------- */

static struct esc_fact *add_fact(struct esc_tu *tu, enum esc_subject subject, enum esc_code code,
                                 const char *name, const char *function, unsigned line,
                                 unsigned column, const char *message)
{
  struct esc_fact *f = esc_tu_add_fact(tu);
  if (!f)
    die("out of memory");
  f->subject = subject;
  f->code = code;
  f->name = esc_strdup(name);
  f->function = esc_strdup(function);
  f->file = esc_strdup(DOC_PATH);
  f->line = line;
  f->column = column;
  f->message = esc_strdup(message);
  f->dangling = code == ESC_ESCAPE_RETURN || code == ESC_ESCAPE_GLOBAL;
  return f;
}

static void step(struct esc_fact *f, const char *file, unsigned line, unsigned column,
                 const char *message)
{
  if (esc_fact_add_step(f, file, line, column, message) != 0)
    die("out of memory");
}

static void write_entry(const char *output, const char *hash, int64_t time, bool all)
{
  struct esc_tu tu = { 0 };
  char err[512];
  tu.schema = ESC_SCHEMA_VERSION;
  tu.producer = esc_strdup("escinfo " PACKAGE_VERSION);
  tu.gcc_version = esc_strdup("12.2.0");
  tu.main_file = esc_strdup(DOC_PATH);
  tu.output = esc_strdup(output);
  tu.cwd = esc_strdup("/escinfo-fuzz");
  tu.language = esc_strdup("c");
  tu.compile_time = time;
  tu.sources = calloc(2, sizeof *tu.sources);
  if (!tu.sources)
    die("out of memory");
  tu.nsources = 2;
  tu.sources[0].path = esc_strdup(DOC_PATH);
  tu.sources[0].hash = esc_strdup(hash);
  tu.sources[0].size = (int64_t)sizeof sample_text - 1;
  tu.sources[1].path = esc_strdup(OTHER_PATH);
  tu.sources[1].size = -1;

  struct esc_fact *f;
  f = add_fact(&tu, ESC_SUBJECT_FRAME, ESC_FRAME_SIZE, "remember", "remember", 7, 6,
               "frame of 'remember': 16 bytes");
  f->value = 16;
  f = add_fact(&tu, ESC_SUBJECT_LOCAL, ESC_ESCAPE_GLOBAL, "local", "remember", 9, 7,
               "'local' escapes: address stored in global 'saved'; the pointer dangles once "
               "'remember' returns");
  f->note = esc_strdup("with optimisation (-O2) GCC removes what took its address");
  step(f, DOC_PATH, 10, 8, "address of 'local' taken");
  step(f, "sample.c", 10, 8, "assigned to 'p'"); /* relative: taken against cwd */
  step(f, DOC_PATH, 11, 9, "stored in global 'saved'");
  step(f, OTHER_PATH, 3, 1, "a step in another file");
  add_fact(&tu, ESC_SUBJECT_LOCAL, ESC_NOESCAPE, "tmp", "sum_scratch", 16, 7,
           "'tmp' does not escape");
  f = add_fact(&tu, ESC_SUBJECT_PARAM, ESC_LEAK_CALL, "param", "forward", 23, 19,
               "leaking param 'param': passed as argument 1 to 'keep', which may keep it");
  step(f, DOC_PATH, 25, 3, "passed as argument 1 to 'keep'");
  add_fact(&tu, ESC_SUBJECT_ALLOC, ESC_ALLOC_STACK_CANDIDATE, "malloc", "stack_candidate", 30, 16,
           "allocation by 'malloc' of 64 bytes does not escape and is freed on every path: it "
           "could live on the stack");
  add_fact(&tu, ESC_SUBJECT_PARAM, ESC_NOLEAK, "n", "stack_candidate", 28, 25,
           "param 'n' does not leak");
  if (all) { /* the newest compile has what the older one had not */
    add_fact(&tu, ESC_SUBJECT_LOCAL, ESC_ESCAPE_STORE, "tabbed", "wide", 41, 6,
             "'tabbed' escapes: address stored through a pointer");
    add_fact(&tu, ESC_SUBJECT_LOCAL, ESC_ESCAPE_CALL, "two", "wide", 42, 16,
             "'two' escapes: passed to a function that may keep it");
    add_fact(&tu, ESC_SUBJECT_LOCAL, ESC_ESCAPE_ASM, "three", "wide", 43, 17,
             "'three' escapes: handed to inline asm");
    f = add_fact(&tu, ESC_SUBJECT_LOCAL, ESC_ESCAPE_UNKNOWN, "four", "wide", 44, 18,
                 "'four' escapes: converted beyond tracking");
    step(f, DOC_PATH, 44, 40, "converted to an integer");
    f = add_fact(&tu, ESC_SUBJECT_FRAME, ESC_FRAME_LARGE_LOCAL, "big", "wide", 45, 8,
                 "'big' takes 8192 bytes of the stack frame (threshold 4096)");
    f->value = 8192;
    f->spelling_file = esc_strdup(OTHER_PATH);
    f->spelling_line = 2;
    f->spelling_column = 5;
    f = add_fact(&tu, ESC_SUBJECT_FRAME, ESC_FRAME_DYNAMIC, "wide", "wide", 39, 6,
                 "frame of 'wide' grows at run time (VLA 'vla')");
    f->value = 8208;
    add_fact(&tu, ESC_SUBJECT_LOCAL, ESC_ESCAPE_RETURN, "(compound literal)", "wide", 45, 33,
             "a compound literal escapes: address returned");
    add_fact(&tu, ESC_SUBJECT_LOCAL, ESC_ESCAPE_CLOSURE, "gone", "wide", 4000, 2,
             "a fact past the end of the file");
  }
  if (esc_cache_write(cache_dir, &tu, err, sizeof err) != 0)
    die(err);
  esc_tu_free(&tu);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

/* atexit: the session's cache goes (ESCLSP_FUZZ_KEEP=1 keeps it). */
static void remove_cache(void)
{
  if (!cache_dir || getenv("ESCLSP_FUZZ_KEEP"))
    return;
  if (nftw(cache_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
    fprintf(stderr, "lsp-transport: could not remove %s\n", cache_dir);
}

/* ---- the canned start ------------------------------------------------------------------------ */

/* Appends TEXT framed to *BUF (*LEN bytes). */
static void append_framed(char **buf, size_t *len, const char *text)
{
  size_t n = strlen(text);
  char header[64];
  int h = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", n);
  char *grown = realloc(*buf, *len + (size_t)h + n);
  if (!grown)
    die("out of memory");
  memcpy(grown + *len, header, (size_t)h);
  memcpy(grown + *len + h, text, n);
  *buf = grown;
  *len += (size_t)h + n;
}

static void make_init_prefix(unsigned bits)
{
  char *buf = NULL, *msg;
  size_t len = 0;
  json_t *text = json_string(sample_text);
  char *quoted = json_dumps(text, JSON_ENCODE_ANY);
  if (!quoted || asprintf(&msg,
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"processId\":null,"
      "\"rootUri\":\"file:///escinfo-fuzz\",\"capabilities\":{"
      "\"general\":{\"positionEncodings\":[%s\"utf-16\"]},"
      "\"workspace\":{\"configuration\":%s,\"inlayHint\":{\"refreshSupport\":true},"
      "\"codeLens\":{\"refreshSupport\":true},\"diagnostics\":{\"refreshSupport\":true}},"
      "\"textDocument\":{%s\"hover\":{\"contentFormat\":[%s\"plaintext\"]}}},"
      "\"initializationOptions\":{\"escinfo\":{\"showNonEscaping\":true}}}}",
      bits & 2 ? "\"utf-8\"," : "", bits & 16 ? "true" : "false",
      bits & 4 ? "\"diagnostic\":{\"dynamicRegistration\":false}," : "",
      bits & 8 ? "" : "\"markdown\",") < 0)
    die("out of memory");
  append_framed(&buf, &len, msg);
  free(msg);
  append_framed(&buf, &len, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
  if (asprintf(&msg,
      "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{"
      "\"uri\":\"" DOC_URI "\",\"languageId\":\"c\",\"version\":1,\"text\":%s}}}", quoted) < 0)
    die("out of memory");
  append_framed(&buf, &len, msg);
  free(msg);
  free(quoted);
  json_decref(text);
  init_prefixes[bits] = buf;
  init_prefix_len[bits] = len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc, (void)argv;
  const char *level = getenv("ESCLSP_FUZZ_LOG");
  log_threshold = level ? log_level_from_name(level) : -1; /* -1: nothing at all */
  char tmpl[] = "/tmp/esclsp-fuzz-cache.XXXXXX";
  if (!mkdtemp(tmpl) || !(cache_dir = strdup(tmpl)))
    die("cannot make the cache directory");
  atexit(remove_cache);
  char hash[ESC_HASH_LEN + 1];
  esc_hash_buffer(sample_text, sizeof sample_text - 1, hash);
  write_entry("/escinfo-fuzz/old.o", "fnv1a64:0123456789abcdef", 1700000000, false);
  write_entry("/escinfo-fuzz/sample.o", hash, 1800000000, true);
  for (unsigned bits = 0; bits < 32; bits++)
    if (bits & 1)
      make_init_prefix(bits);
  return 0;
}

/* ---- one input ------------------------------------------------------------------------------- */

struct session {
  bool exited;
  int status;
  size_t sent;
};

static void on_output(void *ctx, char *body, size_t len)
{
  struct session *s = ctx;
  json_error_t jerr;
  if (s->exited)
    die("a message was sent after the server reported its exit");
  json_t *msg = json_loadb(body, len, 0, &jerr);
  json_t *version = json_object_get(msg, "jsonrpc");
  if (!json_is_object(msg) || !json_is_string(version)
      || strcmp(json_string_value(version), "2.0") != 0) {
    fprintf(stderr, "lsp-transport: bad message from the server (%s): %.*s\n", jerr.text,
            (int)(len > 4000 ? 4000 : len), body);
    abort();
  }
  json_decref(msg);
  free(body);
  s->sent++;
}

static void on_exit_cb(void *ctx, int status)
{
  struct session *s = ctx;
  if (s->exited)
    die("the exit was reported twice");
  if (status != 0 && status != 1)
    die("exit status neither 0 nor 1");
  s->exited = true;
  s->status = status;
}

/* uv_walk: counts (and names) the handles still on the loop; libuv's own are not shown. */
static void count_handle(uv_handle_t *h, void *arg)
{
  ++*(size_t *)arg;
  fprintf(stderr, "lsp-transport: handle left open: %s\n",
          uv_handle_type_name(uv_handle_get_type(h)));
}

/* One loop for the whole session: closing a loop closes its inotify descriptor, which costs the
 * kernel some 15 ms; each input still ends with the loop empty. */
static uv_loop_t loop;
static bool loop_ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct session session = { 0 };
  unsigned mode = size > 0 ? data[0] : 0;
  size_t chunk = size > 1 && data[1] ? data[1] : (size_t)-1;
  const char *stream = (const char *)data + (size > 2 ? 2 : size);
  size_t len = size > 2 ? size - 2 : 0;

  if (!loop_ready) {
    if (uv_loop_init(&loop) != 0)
      die("uv_loop_init");
    loop_ready = true;
  }
  struct lsp_server *s = lsp_server_new(&loop, cache_dir, on_output, &session, on_exit_cb,
                                        &session);
  if (!s)
    die("lsp_server_new");
  struct lsp_feed feed;
  lsp_feed_init(&feed, s);
  if (mode & 1) {
    unsigned bits = mode & 31;
    lsp_feed_push(&feed, init_prefixes[bits], init_prefix_len[bits]);
  }
  for (size_t at = 0; at < len; at += chunk)
    lsp_feed_push(&feed, stream + at, len - at < chunk ? len - at : chunk);
  if (mode & 0x80)
    lsp_server_input_closed(s); /* the end of stdin, as the transport reports it */
  lsp_feed_free(&feed);
  lsp_server_close(s);
  uv_run(&loop, UV_RUN_DEFAULT); /* must end: every handle closes */
  size_t left = 0;
  uv_walk(&loop, count_handle, &left);
  if (left > 0 || uv_loop_alive(&loop))
    die("the event loop is not empty after lsp_server_close: a handle was left open");
  lsp_server_free(s);
  return 0;
}
