/* feed.c - driving a server without a transport (tests, fuzz targets): raw client bytes in, every complete message handled and answered before the call returns. */
#include "feed.h"

void lsp_feed_init(struct lsp_feed *f, struct lsp_server *s)
{
  f->server = s;
  lsp_framer_init(&f->framer);
}

void lsp_feed_free(struct lsp_feed *f)
{
  lsp_framer_free(&f->framer);
}

static void feed_message(void *ctx, const char *body, size_t len)
{
  lsp_server_handle_message(ctx, body, len);
}

static void feed_error(void *ctx, const char *reason)
{
  lsp_server_framing_error(ctx, reason);
}

void lsp_feed_push(struct lsp_feed *f, const char *data, size_t len)
{
  const struct lsp_framer_callbacks cb = { feed_message, feed_error, f->server, NULL };
  lsp_server_set_synchronous(f->server, true);
  lsp_framer_push(&f->framer, data, len, &cb);
  lsp_server_drain(f->server);
  lsp_server_set_synchronous(f->server, false);
}
