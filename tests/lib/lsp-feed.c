/* lsp-feed.c - test helper: drives the language server without a real stdin (lsp_feed_push) or reads one cache entry for a source file; the shape of a fuzz target. */
#include "documents.h"
#include "facts.h"
#include "features.h"
#include "feed.h"
#include "log.h"
#include "server.h"
#include "settings.h"
#include "uri.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

static const char usage[] =
  "usage: lsp-feed [--chunk=N] STREAM\n"
  "         feeds the bytes of STREAM (Content-Length framed messages) to the server N bytes at\n"
  "         a time (default: all at once) and prints every message the server sends, one a line\n"
  "       lsp-feed --entry ENTRY SOURCE\n"
  "         reads the cache entry file ENTRY for SOURCE and prints the diagnostics (UTF-16)\n"
  "Exit status: 0; 1 on a usage or read error; 3 when the event loop does not close.\n";

/* Reads all of PATH (malloc'd, *LEN bytes), or exits. */
static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t n = 0, cap = 0, got;
  if (!f) {
    perror(path);
    exit(1);
  }
  do {
    if (n == cap && !(buf = realloc(buf, cap = cap ? cap * 2 : 4096))) {
      fputs("lsp-feed: out of memory\n", stderr);
      exit(1);
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  fclose(f);
  *len = n;
  return buf;
}

static void print_message(void *ctx, char *body, size_t len)
{
  (void)ctx;
  fwrite(body, 1, len, stdout);
  fputc('\n', stdout);
  free(body);
}

static int exit_status = -1;

static void on_exit_cb(void *ctx, int status)
{
  (void)ctx;
  exit_status = status;
}

static int feed(const char *path, size_t chunk)
{
  size_t len;
  char *data = slurp(path, &len);
  uv_loop_t loop;
  uv_loop_init(&loop);
  struct lsp_server *s = lsp_server_new(&loop, NULL, print_message, NULL, on_exit_cb, NULL);
  struct lsp_feed feed;
  if (!s) {
    fputs("lsp-feed: cannot create the server\n", stderr);
    return 1;
  }
  lsp_feed_init(&feed, s);
  for (size_t at = 0; at < len; at += chunk)
    lsp_feed_push(&feed, data + at, len - at < chunk ? len - at : chunk);
  lsp_feed_free(&feed);
  lsp_server_close(s);
  uv_run(&loop, UV_RUN_DEFAULT);
  int rc = uv_loop_close(&loop);
  lsp_server_free(s);
  free(data);
  printf("exit status %d\n", exit_status);
  if (rc != 0) {
    fprintf(stderr, "lsp-feed: uv_loop_close: %s\n", uv_strerror(rc));
    return 3;
  }
  return 0;
}

static void warn_entry(void *ctx, const char *path, const char *reason)
{
  (void)ctx;
  printf("warning: %s: %s\n", path, reason);
}

static int entry(const char *entry_path, const char *source)
{
  char err[512];
  size_t len;
  char *text = slurp(source, &len);
  char *canonical = esc_path_canonical(source, NULL);
  char *uri = canonical ? uri_from_path(canonical) : NULL;
  struct document doc;
  struct fact_set set;
  struct lsp_settings settings;
  struct lsp_diagnostics list;
  (void)warn_entry;
  if (!uri || document_open(&doc, uri, "c", 1, text, len) != 0 || settings_init(&settings) != 0) {
    fputs("lsp-feed: out of memory\n", stderr);
    return 1;
  }
  free(text);
  fact_set_init(&set);
  int rc = fact_set_load_entry_file(&set, entry_path, &doc, err, sizeof err);
  if (rc != 0)
    printf("error: %s\n", err);
  struct feature_context ctx = { &doc, &set, &settings, LSP_ENCODING_UTF16, "(test)", NULL };
  settings.show_non_escaping = true;
  for (int c = 0; c < ESC_CODE_COUNT; c++)
    settings.show_code[c] = true;
  diagnostics_build(&ctx, &list);
  for (size_t i = 0; i < list.n; i++)
    printf("%u:%u-%u:%u %d %s %s\n", list.v[i].range.start.line, list.v[i].range.start.character,
           list.v[i].range.end.line, list.v[i].range.end.character, (int)list.v[i].severity,
           list.v[i].code, list.v[i].message);
  printf("%zu facts, %zu diagnostics\n", set.nfacts, list.n);
  lsp_diagnostics_free(&list);
  fact_set_free(&set);
  settings_free(&settings);
  document_close(&doc);
  free(canonical);
  free(uri);
  return 0;
}

int main(int argc, char **argv)
{
  log_threshold = LOG_LEVEL_ERROR;
  if (argc == 4 && strcmp(argv[1], "--entry") == 0)
    return entry(argv[2], argv[3]);
  if (argc == 3 && strncmp(argv[1], "--chunk=", 8) == 0 && atol(argv[1] + 8) > 0)
    return feed(argv[2], (size_t)atol(argv[1] + 8));
  if (argc == 2 && argv[1][0] != '-')
    return feed(argv[1], (size_t)-1);
  fputs(usage, stderr);
  return 1;
}
