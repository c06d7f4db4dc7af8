/* main.c - esclsp: the escinfo language server's command line, and its stdio event loop. */
#include "check.h"
#include "log.h"
#include "server.h"
#include "transport.h"

#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2

static const char usage_text[] =
  "Usage: esclsp [--stdio] [--log=FILE] [--log-level=LEVEL] [--cache=DIR]\n"
  "       esclsp --check FILE [--cache=DIR]\n"
  "       esclsp --help | --version\n"
  "\n"
  "The escinfo language server: shows the escape facts that the GCC plugin\n"
  "(-fplugin=escinfo.so) stored in the cache as diagnostics, hovers, inlay hints and\n"
  "code lenses in any LSP editor, and updates them when a build writes new facts.\n"
  "\n"
  "Options:\n"
  "  --stdio            speak LSP on stdin/stdout (the default)\n"
  "  --log=FILE         append the log to FILE instead of stderr\n"
  "  --log-level=LEVEL  error, warn (default), info or debug\n"
  "  --cache=DIR        the cache directory (default: $ESCINFO_CACHE_DIR, else\n"
  "                     $XDG_CACHE_HOME/escinfo, else $HOME/.cache/escinfo); the editor's\n"
  "                     escinfo.cacheDirectory setting overrides it\n"
  "  --check FILE       print what the server would show for FILE (diagnostics as\n"
  "                     FILE:LINE:COL: SEVERITY: MESSAGE [CODE]), the cache searched and\n"
  "                     whether the facts are stale, then exit: 0 when FILE has facts\n"
  "  -h, --help         print this help\n"
  "  --version          print the version\n"
  "\n"
  "Settings and editor set-up: docs/lsp.md.\n";

static int usage_error(const char *message, const char *arg)
{
  fprintf(stderr, "esclsp: %s%s%s\nTry 'esclsp --help' for more information.\n", message,
          arg ? " " : "", arg ? arg : "");
  return EXIT_USAGE;
}

/* The running server and its transport. */
struct app {
  uv_loop_t loop;
  struct lsp_transport transport;
  struct lsp_server *server;
  int status;
  bool done;
};

static void on_output(void *ctx, char *body, size_t len)
{
  struct app *app = ctx;
  lsp_transport_send_owned(&app->transport, body, len);
}

/* The server is done: close everything; uv_run returns once the handles are closed. */
static void on_server_exit(void *ctx, int status)
{
  struct app *app = ctx;
  if (app->done)
    return;
  app->done = true;
  app->status = status;
  lsp_transport_close(&app->transport);
  if (app->server)
    lsp_server_close(app->server);
}

static void on_message(void *ctx, const char *body, size_t len)
{
  struct app *app = ctx;
  lsp_server_handle_message(app->server, body, len);
}

static void on_message_head(void *ctx, const char *head, size_t len)
{
  struct app *app = ctx;
  lsp_server_message_head(app->server, head, len);
}

static void on_framing_error(void *ctx, const char *reason)
{
  struct app *app = ctx;
  lsp_server_framing_error(app->server, reason);
}

static void on_batch_end(void *ctx)
{
  struct app *app = ctx;
  lsp_server_drain(app->server);
}

static void on_input_closed(void *ctx)
{
  struct app *app = ctx;
  lsp_server_input_closed(app->server);
}

static void on_output_failed(void *ctx)
{
  struct app *app = ctx;
  log_warn("the client stopped reading: exiting");
  lsp_server_input_closed(app->server);
}

static void report_open_handle(uv_handle_t *h, void *arg)
{
  (void)arg;
  log_error("handle left open at exit: %s", uv_handle_type_name(uv_handle_get_type(h)));
}

/* Opens /dev/null on whichever of fds 0, 1 and 2 is closed: otherwise the event loop's own
 * descriptors would take those numbers (and libuv refuses to close them). */
static void fill_standard_fds(void)
{
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) == -1) {
      int null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
      if (null >= 0 && null != fd) { /* the lowest free number: fd itself, normally */
        dup2(null, fd);
        close(null);
      }
    }
}

/* Serves LSP on stdin/stdout until exit.  Returns the exit status. */
static int serve(const char *cache_dir)
{
  struct app app;
  memset(&app, 0, sizeof app);
  app.status = 1;
  signal(SIGPIPE, SIG_IGN); /* a dead client is seen as EPIPE on write */
  fill_standard_fds();
  int rc = uv_loop_init(&app.loop);
  if (rc != 0) {
    fprintf(stderr, "esclsp: cannot start the event loop: %s\n", uv_strerror(rc));
    return 1;
  }
  if (isatty(STDIN_FILENO))
    fprintf(stderr, "esclsp: reading LSP messages from the terminal; editors start esclsp "
                    "themselves (see esclsp --help)\n");
  app.server = lsp_server_new(&app.loop, cache_dir, on_output, &app, on_server_exit, &app);
  if (!app.server) {
    fprintf(stderr, "esclsp: cannot start the server (out of memory?)\n");
    uv_loop_close(&app.loop);
    return 1;
  }
  const struct lsp_transport_callbacks cb = {
    { on_message, on_framing_error, &app, on_message_head }, on_batch_end, on_input_closed, on_output_failed, NULL,
  };
  rc = lsp_transport_start(&app.transport, &app.loop, STDIN_FILENO, STDOUT_FILENO, &cb);
  if (rc != 0) {
    log_error("cannot use stdin and stdout: %s", uv_strerror(rc));
    on_server_exit(&app, 1);
  }
  log_info("esclsp %s serving on stdio", PACKAGE_VERSION);
  uv_run(&app.loop, UV_RUN_DEFAULT);
  rc = uv_loop_close(&app.loop);
  if (rc != 0) {
    uv_walk(&app.loop, report_open_handle, NULL);
    log_error("the event loop did not close: %s", uv_strerror(rc));
    if (app.status == 0)
      app.status = 1;
  }
  lsp_server_free(app.server);
  lsp_transport_free(&app.transport);
  return app.status;
}

int main(int argc, char **argv)
{
  enum { OPT_STDIO = 256, OPT_LOG, OPT_LOG_LEVEL, OPT_CACHE, OPT_CHECK, OPT_VERSION };
  static const struct option options[] = {
    { "stdio", no_argument, NULL, OPT_STDIO },
    { "log", required_argument, NULL, OPT_LOG },
    { "log-level", required_argument, NULL, OPT_LOG_LEVEL },
    { "cache", required_argument, NULL, OPT_CACHE },
    { "check", required_argument, NULL, OPT_CHECK },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 },
  };
  const char *log_path = NULL, *cache = NULL, *check = NULL;
  int c, level;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
    switch (c) {
    case OPT_STDIO: break;
    case OPT_LOG: log_path = optarg; break;
    case OPT_LOG_LEVEL:
      if ((level = log_level_from_name(optarg)) < 0)
        return usage_error("--log-level takes error, warn, info or debug, not", optarg);
      log_threshold = level;
      break;
    case OPT_CACHE: cache = optarg; break;
    case OPT_CHECK: check = optarg; break;
    case 'h': fputs(usage_text, stdout); return 0;
    case OPT_VERSION: puts("esclsp " PACKAGE_VERSION); return 0;
    case ':': return usage_error("option needs a value:", argv[optind - 1]);
    default: return usage_error("unknown option", argv[optind - 1]);
    }
  }
  if (optind < argc)
    return usage_error("unexpected argument", argv[optind]);
  if (log_path && log_open(log_path) != 0) {
    fprintf(stderr, "esclsp: cannot open log file '%s': ", log_path);
    perror(NULL);
    return 1;
  }
  int status = check ? check_file(check, cache) : serve(cache);
  log_close();
  return status;
}
