/* live.h - what keeps the server's view current on its own: the cache watched for new facts, and the publication of diagnostics a moment after a burst of edits. */
#ifndef ESCLSP_LIVE_H
#define ESCLSP_LIVE_H

#include "watch.h"

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

/* Diagnostics after edits: at most this often while typing. */
#define LIVE_PUBLISH_DELAY_MS 50

struct lsp_live_callbacks {
  void (*cache_changed)(void *ctx); /* the watched directories changed (debounced: watch.h) */
  void (*publish_due)(void *ctx);   /* the delay after lsp_live_publish_later has passed */
  void *ctx;
};

struct lsp_live {
  struct lsp_live_callbacks cb;
  struct watch_hub watch;
  bool watch_open;
  uv_timer_t publish_timer; /* data: this struct */
  bool timer_open;
  bool closing;
};

/* Sets L up on LOOP.  Returns 0, or a negative libuv error code (L then needs lsp_live_close). */
int lsp_live_init(struct lsp_live *l, uv_loop_t *loop, const struct lsp_live_callbacks *cb);

/* How the cache is watched: watch.h's watch_hub_configure. */
void lsp_live_configure(struct lsp_live *l, bool force_poll, unsigned poll_interval_ms);

/* Watches exactly DIRS[0..N) from now on. */
void lsp_live_watch(struct lsp_live *l, const char *const *dirs, size_t n);

/* Asks for CB.publish_due after LIVE_PUBLISH_DELAY_MS (once for several calls).  False when
 * there is no timer to wait on (closing, or it could not be set up): publish at once. */
bool lsp_live_publish_later(struct lsp_live *l);

/* Closes the handles (the loop must run for their callbacks); safe to call more than once. */
void lsp_live_close(struct lsp_live *l);

/* True once every handle is closed. */
bool lsp_live_closed(const struct lsp_live *l);

#endif /* ESCLSP_LIVE_H */
