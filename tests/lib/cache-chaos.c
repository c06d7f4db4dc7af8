/* cache-chaos.c - allocations failing one by one, in the style of jansson's tests: for every N up
 * to the number of allocations an operation makes, the Nth call to malloc, calloc, realloc or
 * aligned_alloc of escinfo's code fails, and the operation must end without a crash, with a
 * clear error or a complete result, leaving nothing allocated (LeakSanitizer sees to that in the
 * sanitizer build).  Two operations: reading a cache entry (esc_tu_from_json_text), and a whole
 * conversation with the language server (initialize, didOpen of a file the cache has facts for,
 * hover, inlay hints, code lenses, pulled diagnostics, shutdown, exit).  jansson's own
 * allocations are left alone: its lexer asserts when one fails.  Prints TAP. */
#define _GNU_SOURCE /* memmem */
#include "cache.h"
#include "feed.h"
#include "log.h"
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

/* ---- allocations that fail on demand (linked with -Wl,--wrap=malloc,...) ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);

static long allocations, fail_at = -1;

static bool fail_now(void)
{
  return ++allocations == fail_at;
}

void *__wrap_malloc(size_t n)
{
  return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
  return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
  return fail_now() ? NULL : __real_realloc(p, n);
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
  return fail_now() ? NULL : __real_aligned_alloc(align, n);
}

/* ---- TAP ---- */

static int count, failed;

static void ok(int passed, const char *what)
{
  printf("%s %d - %s\n", passed ? "ok" : "not ok", ++count, what);
  fflush(stdout);
  failed |= !passed;
}

/* ---- the fixture: one entry with facts for FILE ---- */

#define SOURCE "int keep(int *p);\nint *g;\nvoid f(void)\n{\n  int local = 1;\n  g = &local;\n}\n"

static char entry_text[8192];

static void make_entry(const char *file, const char *hash)
{
  snprintf(entry_text, sizeof entry_text,
           "{\"schema\":1,\"producer\":\"escinfo test\",\"gcc\":\"12.2.0\",\"tu\":{\"main\":\"%s\","
           "\"output\":\"/tmp/x.o\",\"cwd\":\"/tmp\",\"language\":\"c\",\"args\":[\"-O2\"]},"
           "\"time\":1700000000,\"time_iso\":\"2023-11-14T22:13:20Z\",\"sources\":[{\"path\":\"%s\","
           "\"hash\":\"%s\",\"size\":%zu}],\"facts\":["
           "{\"subject\":\"local\",\"code\":\"escape.global\",\"name\":\"local\",\"function\":\"f\","
           "\"file\":\"%s\",\"line\":5,\"column\":7,\"dangling\":true,"
           "\"message\":\"'local' escapes: address stored in global 'g'\",\"flow\":["
           "{\"file\":\"%s\",\"line\":6,\"column\":7,\"message\":\"address of 'local' taken\"},"
           "{\"file\":\"%s\",\"line\":6,\"column\":5,\"message\":\"stored in global 'g'\"}],"
           "\"routes\":[{\"code\":\"escape.call\",\"dangling\":false,\"message\":\"passed on\","
           "\"flow\":[]}]},"
           "{\"subject\":\"frame\",\"code\":\"frame.size\",\"name\":\"f\",\"function\":\"f\","
           "\"file\":\"%s\",\"line\":3,\"column\":6,\"dangling\":false,\"message\":\"frame of 'f': 16 "
           "bytes\",\"value\":16,\"flow\":[]}]}\n",
           file, file, hash, strlen(SOURCE), file, file, file, file);
}

/* ---- operation 1: reading an entry ---- */

static int read_entry(void)
{
  struct esc_tu tu;
  char err[256];
  int rc = esc_tu_from_json_text(entry_text, strlen(entry_text), &tu, err, sizeof err);
  if (rc == 0) {
    int good = tu.nfacts == 2 && tu.facts[0].nroutes == 1;
    esc_tu_free(&tu);
    return good ? 0 : 2;
  }
  return strstr(err, "out of memory") ? 1 : 3; /* the one error there may be */
}

/* ---- operation 2: a conversation ---- */

struct collected {
  int replies, errors, oom_errors;
};

static void output(void *ctx, char *body, size_t len)
{
  struct collected *c = ctx;
  if (memmem(body, len, "\"id\":", 5) && !memmem(body, len, "\"method\"", 8)) {
    c->replies++;
    if (memmem(body, len, "\"error\"", 7)) {
      c->errors++;
      c->oom_errors += memmem(body, len, "out of memory", 13) != NULL;
    }
  }
  free(body);
}

static void on_exit_cb(void *ctx, int status)
{
  (void)ctx, (void)status;
}

static char stream[16384];
static size_t stream_len;

static void add(const char *json)
{
  stream_len += (size_t)snprintf(stream + stream_len, sizeof stream - stream_len,
                                 "Content-Length: %zu\r\n\r\n%s", strlen(json), json);
}

static void make_stream(const char *uri)
{
  char buf[4096], text[2048];
  size_t w = 0;
  for (const char *p = SOURCE; *p; p++) /* the source as a JSON string */
    w += (size_t)snprintf(text + w, sizeof text - w, *p == '\n' ? "\\n" : "%c", *p);
  add("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":"
      "{\"textDocument\":{\"diagnostic\":{}}}}}");
  add("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
  snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":"
           "{\"textDocument\":{\"uri\":\"%s\",\"languageId\":\"c\",\"version\":1,\"text\":\"%s\"}}}",
           uri, text);
  add(buf);
  snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\","
           "\"params\":{\"textDocument\":{\"uri\":\"%s\"},\"position\":{\"line\":4,\"character\":7}}}",
           uri);
  add(buf);
  snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/inlayHint\","
           "\"params\":{\"textDocument\":{\"uri\":\"%s\"},\"range\":{\"start\":{\"line\":0,"
           "\"character\":0},\"end\":{\"line\":9,\"character\":0}}}}", uri);
  add(buf);
  snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"textDocument/codeLens\","
           "\"params\":{\"textDocument\":{\"uri\":\"%s\"}}}", uri);
  add(buf);
  snprintf(buf, sizeof buf, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"textDocument/diagnostic\","
           "\"params\":{\"textDocument\":{\"uri\":\"%s\"}}}", uri);
  add(buf);
  add("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"shutdown\"}");
  add("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
}

/* Runs the conversation once.  Returns the replies seen; *CLEAN says whether the event loop
 * closed with no handle left. */
static struct collected converse(const char *cache, bool *clean)
{
  struct collected c = { 0, 0, 0 };
  uv_loop_t loop;
  *clean = false;
  if (uv_loop_init(&loop) != 0)
    return c;
  struct lsp_server *s = lsp_server_new(&loop, cache, output, &c, on_exit_cb, NULL);
  if (s) {
    struct lsp_feed feed;
    lsp_feed_init(&feed, s);
    lsp_feed_push(&feed, stream, stream_len);
    lsp_feed_free(&feed);
    lsp_server_close(s);
    uv_run(&loop, UV_RUN_DEFAULT);
    lsp_server_free(s);
  }
  *clean = uv_loop_close(&loop) == 0;
  return c;
}

int main(void)
{
  char dir[] = "/tmp/cache-chaos.XXXXXX", cache[64], file[96], uri[128], err[256], hash[ESC_HASH_LEN + 1];
  char what[160];
  log_threshold = -1; /* the server's log would drown the TAP */
  if (!mkdtemp(dir))
    return 1;
  snprintf(cache, sizeof cache, "%s/cache", dir);
  snprintf(file, sizeof file, "%s/x.c", dir);
  snprintf(uri, sizeof uri, "file://%s", file);
  FILE *f = fopen(file, "w");
  fputs(SOURCE, f);
  fclose(f);
  esc_hash_buffer(SOURCE, strlen(SOURCE), hash);
  make_entry(file, hash);
  struct esc_tu tu;
  ok(esc_tu_from_json_text(entry_text, strlen(entry_text), &tu, err, sizeof err) == 0
         && esc_cache_write(cache, &tu, err, sizeof err) == 0, "the fixture entry is written");
  esc_tu_free(&tu);
  make_stream(uri);

  /* reading an entry */
  allocations = 0;
  fail_at = -1;
  int rc = read_entry();
  long n = allocations;
  ok(rc == 0, "the entry reads with every allocation granted");
  int bad = 0;
  for (long i = 1; i <= n; i++) {
    allocations = 0;
    fail_at = i;
    rc = read_entry();
    bad += rc > 1;
  }
  fail_at = -1;
  snprintf(what, sizeof what, "allocation 1 to %ld failing in turn: each read ends in the entry or "
           "in 'out of memory'", n);
  ok(n > 0 && bad == 0, what);

  /* a conversation */
  bool clean;
  allocations = 0;
  struct collected all = converse(cache, &clean);
  n = allocations;
  ok(all.replies == 6 && all.errors == 0 && clean,
     "the conversation answers its 6 requests with every allocation granted");
  int crashed_or_dirty = 0, lost = 0, wrong = 0;
  for (long i = 1; i <= n; i++) {
    allocations = 0;
    fail_at = i;
    struct collected c = converse(cache, &clean);
    crashed_or_dirty += !clean;
    lost += c.replies < 6;
    wrong += c.errors != c.oom_errors && c.replies == 6; /* an error that is not about memory */
  }
  fail_at = -1;
  snprintf(what, sizeof what, "allocation 1 to %ld failing in turn: the server never crashes and "
           "closes every handle", n);
  ok(n > 0 && crashed_or_dirty == 0, what);
  snprintf(what, sizeof what, "... the errors it answers with are about memory (%d of %ld runs "
           "lost a reply that could not be built)", lost, n);
  ok(wrong == 0, what);

  unlink(file);
  printf("1..%d\n", count);
  return failed;
}
