/* live.c - what keeps the server's view current on its own: the cache watched for new facts, and the publication of diagnostics a moment after a burst of edits. */
#include "live.h"

#include <string.h>

static void on_cache_changed(void *ctx)
{
  struct lsp_live *l = ctx;
  if (!l->closing)
    l->cb.cache_changed(l->cb.ctx);
}

static void on_publish_timer(uv_timer_t *timer)
{
  struct lsp_live *l = timer->data;
  if (!l->closing)
    l->cb.publish_due(l->cb.ctx);
}

int lsp_live_init(struct lsp_live *l, uv_loop_t *loop, const struct lsp_live_callbacks *cb)
{
  int rc;
  memset(l, 0, sizeof *l);
  l->cb = *cb;
  if ((rc = watch_hub_init(&l->watch, loop, on_cache_changed, l)) != 0)
    return rc;
  l->watch_open = true;
  if ((rc = uv_timer_init(loop, &l->publish_timer)) != 0)
    return rc;
  l->publish_timer.data = l;
  l->timer_open = true;
  return 0;
}

void lsp_live_configure(struct lsp_live *l, bool force_poll, unsigned poll_interval_ms)
{
  if (l->watch_open)
    watch_hub_configure(&l->watch, force_poll, poll_interval_ms);
}

void lsp_live_watch(struct lsp_live *l, const char *const *dirs, size_t n)
{
  if (l->watch_open && !l->closing)
    watch_hub_set(&l->watch, dirs, n);
}

bool lsp_live_publish_later(struct lsp_live *l)
{
  if (!l->timer_open || l->closing)
    return false;
  if (!uv_is_active((uv_handle_t *)&l->publish_timer))
    uv_timer_start(&l->publish_timer, on_publish_timer, LIVE_PUBLISH_DELAY_MS, 0);
  return true;
}

static void on_timer_closed(uv_handle_t *h)
{
  struct lsp_live *l = h->data;
  l->timer_open = false;
}

static void on_watch_closed(void *ctx)
{
  struct lsp_live *l = ctx;
  l->watch_open = false;
}

void lsp_live_close(struct lsp_live *l)
{
  if (l->closing)
    return;
  l->closing = true;
  if (l->watch_open)
    watch_hub_close(&l->watch, on_watch_closed);
  if (l->timer_open && !uv_is_closing((uv_handle_t *)&l->publish_timer))
    uv_close((uv_handle_t *)&l->publish_timer, on_timer_closed);
}

bool lsp_live_closed(const struct lsp_live *l)
{
  return !l->watch_open && !l->timer_open;
}
