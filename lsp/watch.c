/* watch.c - watching cache directories with uv_fs_event (uv_fs_poll as fallback), debounced into one "the cache changed" call. */
#include "watch.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void on_debounce(uv_timer_t *timer);

/* The closing of the hub is complete when its timer and all its watches are closed. */
static void hub_maybe_closed(struct watch_hub *hub)
{
  if (hub->closing && !hub->debounce_open && !hub->watches && hub->dropping == 0 && hub->closed) {
    void (*closed)(void *) = hub->closed;
    hub->closed = NULL;
    closed(hub->ctx);
  }
}

/* Something changed in a watched directory: the owner hears of it after the debounce delay. */
static void note_change(struct watch_hub *hub)
{
  hub->events++;
  if (!hub->closing && !uv_is_active((uv_handle_t *)&hub->debounce))
    uv_timer_start(&hub->debounce, on_debounce, WATCH_DEBOUNCE_MS, 0);
}

static void on_event(uv_fs_event_t *handle, const char *filename, int events, int status)
{
  struct dir_watch *w = handle->data;
  (void)events;
  if (status < 0)
    log_warn("watching '%s': %s", w->watched ? w->watched : "?", uv_strerror(status));
  else if (filename && log_is_file(w->watched, filename))
    return;
  log_debug("change in '%s': %s", w->watched ? w->watched : "?", filename ? filename : "?");
  note_change(w->hub);
}

static void on_poll(uv_fs_poll_t *handle, int status, const uv_stat_t *prev, const uv_stat_t *curr)
{
  struct dir_watch *w = handle->data;
  (void)prev;
  (void)curr;
  log_debug("change in '%s' (poll, %s)", w->watched ? w->watched : "?",
            status < 0 ? uv_strerror(status) : "ok");
  note_change(w->hub);
}

/* The nearest existing directory at or above PATH (malloc'd), its identity in *INO and *DEV;
 * NULL when out of memory. */
static char *nearest_existing(const char *path, unsigned long long *ino, unsigned long long *dev)
{
  char *p = strdup(path && *path ? path : "/");
  struct stat st;
  while (p) {
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
      *ino = (unsigned long long)st.st_ino;
      *dev = (unsigned long long)st.st_dev;
      return p;
    }
    char *slash = strrchr(p, '/');
    if (!slash) { /* a relative path ran out: the current directory */
      strcpy(p, ".");
    } else if (slash == p) {
      if (p[1] == '\0') { /* "/" cannot be stat'ed: give up */
        free(p);
        return NULL;
      }
      p[1] = '\0';
    } else {
      *slash = '\0';
    }
  }
  return NULL;
}

static void stop(struct dir_watch *w)
{
  uv_fs_event_stop(&w->event);
  uv_fs_poll_stop(&w->poll);
}

/* (Re)starts W on the nearest existing directory to its target. */
static void start(struct dir_watch *w)
{
  struct watch_hub *hub = w->hub;
  int rc;
  stop(w);
  free(w->watched);
  w->watched = nearest_existing(w->target, &w->watched_ino, &w->watched_dev);
  if (!w->watched)
    return;
  if (!hub->force_poll) {
    rc = uv_fs_event_start(&w->event, on_event, w->watched, 0);
    if (rc == 0) {
      w->polling = false;
      log_info("watching '%s'%s%s", w->watched, strcmp(w->watched, w->target) ? " for " : "",
               strcmp(w->watched, w->target) ? w->target : "");
      return;
    }
    log_warn("cannot watch '%s' with file system events (%s): polling it every %u ms instead",
             w->watched, uv_strerror(rc), hub->poll_interval_ms);
  }
  rc = uv_fs_poll_start(&w->poll, on_poll, w->watched, hub->poll_interval_ms);
  if (rc != 0) {
    log_error("cannot poll '%s': %s; facts will not update by themselves", w->watched,
              uv_strerror(rc));
    return;
  }
  w->polling = true;
  log_info("polling '%s' every %u ms", w->watched, hub->poll_interval_ms);
}

/* Moves W to a better directory when its target appeared, or when what it watched was removed
 * (or removed and made again). */
static void rearm(struct dir_watch *w)
{
  unsigned long long ino, dev;
  char *now = nearest_existing(w->target, &ino, &dev);
  if (!now)
    return;
  if (!w->watched || strcmp(now, w->watched) != 0 || ino != w->watched_ino || dev != w->watched_dev)
    start(w);
  free(now);
}

static void on_debounce(uv_timer_t *timer)
{
  struct watch_hub *hub = timer->data;
  for (struct dir_watch *w = hub->watches; w; w = w->next)
    rearm(w);
  log_debug("cache changed (%zu events)", hub->events);
  hub->changed(hub->ctx);
}

static void on_timer_closed(uv_handle_t *h)
{
  struct watch_hub *hub = h->data;
  hub->debounce_open = false;
  hub_maybe_closed(hub);
}

int watch_hub_init(struct watch_hub *hub, uv_loop_t *loop, void (*changed)(void *ctx), void *ctx)
{
  memset(hub, 0, sizeof *hub);
  hub->loop = loop;
  hub->changed = changed;
  hub->ctx = ctx;
  hub->poll_interval_ms = 1000;
  int rc = uv_timer_init(loop, &hub->debounce);
  if (rc == 0) {
    hub->debounce.data = hub;
    hub->debounce_open = true;
  }
  return rc;
}

void watch_hub_configure(struct watch_hub *hub, bool force_poll, unsigned poll_interval_ms)
{
  bool changed = hub->force_poll != force_poll || hub->poll_interval_ms != poll_interval_ms;
  hub->force_poll = force_poll;
  hub->poll_interval_ms = poll_interval_ms;
  if (!changed)
    return;
  for (struct dir_watch *w = hub->watches; w; w = w->next)
    if (w->polling || force_poll)
      start(w);
}

/* One of a watch's two handles closed: the watch is freed with the second. */
static void on_watch_handle_closed(uv_handle_t *h)
{
  struct dir_watch *w = h->data;
  if (--w->open_handles > 0)
    return;
  struct watch_hub *hub = w->hub;
  if (w->unlinked)
    hub->dropping--;
  free(w->target);
  free(w->watched);
  free(w);
  hub_maybe_closed(hub);
}

/* Unlinks W and closes its handles; it is freed in the last close callback. */
static void drop_watch(struct dir_watch **link)
{
  struct dir_watch *w = *link;
  *link = w->next;
  w->unlinked = true;
  w->hub->dropping++;
  uv_close((uv_handle_t *)&w->event, on_watch_handle_closed);
  uv_close((uv_handle_t *)&w->poll, on_watch_handle_closed);
}

/* A new watch on TARGET, started and linked into HUB.  NULL when out of memory. */
static struct dir_watch *add_watch(struct watch_hub *hub, const char *target)
{
  struct dir_watch *w = calloc(1, sizeof *w);
  if (!w || !(w->target = strdup(target))) {
    free(w);
    return NULL;
  }
  w->hub = hub;
  if (uv_fs_event_init(hub->loop, &w->event) != 0) {
    free(w->target);
    free(w);
    return NULL;
  }
  w->event.data = w;
  w->open_handles = 1;
  if (uv_fs_poll_init(hub->loop, &w->poll) != 0) { /* close what was opened: freed there */
    uv_close((uv_handle_t *)&w->event, on_watch_handle_closed);
    return NULL;
  }
  w->poll.data = w;
  w->open_handles = 2;
  w->next = hub->watches;
  hub->watches = w;
  start(w);
  return w;
}

int watch_hub_set(struct watch_hub *hub, const char *const *dirs, size_t n)
{
  int rc = 0;
  if (hub->closing)
    return 0;
  for (struct dir_watch *w = hub->watches; w; w = w->next)
    w->wanted = false;
  for (size_t i = 0; i < n; i++) {
    struct dir_watch *w = hub->watches;
    while (w && strcmp(w->target, dirs[i]) != 0)
      w = w->next;
    if (!w && !(w = add_watch(hub, dirs[i]))) {
      rc = -1;
      continue;
    }
    w->wanted = true;
  }
  for (struct dir_watch **link = &hub->watches; *link;) {
    if ((*link)->wanted)
      link = &(*link)->next;
    else
      drop_watch(link);
  }
  return rc;
}

void watch_hub_close(struct watch_hub *hub, void (*closed)(void *ctx))
{
  if (hub->closing)
    return;
  hub->closing = true;
  hub->closed = closed;
  while (hub->watches)
    drop_watch(&hub->watches);
  if (hub->debounce_open)
    uv_close((uv_handle_t *)&hub->debounce, on_timer_closed);
  hub_maybe_closed(hub);
}
