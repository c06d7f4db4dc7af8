/* feed.h - driving a server without a transport (tests, fuzz targets): raw client bytes in, every complete message handled and answered before the call returns. */
#ifndef ESCLSP_FEED_H
#define ESCLSP_FEED_H

#include "server.h"
#include "transport.h"

#include <stddef.h>

struct lsp_feed {
  struct lsp_server *server; /* borrowed */
  struct lsp_framer framer;
};

void lsp_feed_init(struct lsp_feed *f, struct lsp_server *s);
void lsp_feed_free(struct lsp_feed *f);

/* The LEN bytes at DATA of the client's stream (Content-Length framed): framed, handled, and the
 * replies sent to the server's output callback, with nothing left for an event loop to do (the
 * caller may never run one). */
void lsp_feed_push(struct lsp_feed *f, const char *data, size_t len);

#endif /* ESCLSP_FEED_H */
