/* watch.h - watching cache directories with uv_fs_event (uv_fs_poll as fallback), debounced into one "the cache changed" call. */
#ifndef ESCLSP_WATCH_H
#define ESCLSP_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

/* How long after the first change the owner hears of it: a compile writes its entry, then its
 * index markers, a moment apart. */
#define WATCH_DEBOUNCE_MS 30

struct watch_hub;

/* One directory watched for the hub.  When the directory does not exist (yet), its nearest
 * existing ancestor is watched instead, and the watch moves down when it appears. */
struct dir_watch {
  struct watch_hub *hub;
  char *target;          /* owned: the directory wanted */
  char *watched;         /* owned: what is watched now (TARGET or an ancestor), or NULL */
  unsigned long long watched_ino, watched_dev; /* its identity: a directory removed and made
                                                  again needs watching again */
  uv_fs_event_t event;   /* data: this struct */
  uv_fs_poll_t poll;     /* data: this struct */
  bool polling;          /* POLL is the one started */
  bool wanted;           /* still asked for by the last watch_hub_set */
  bool unlinked;         /* dropped from the hub's list, closing */
  int open_handles;      /* EVENT and POLL not closed yet: freed when it reaches 0 */
  struct dir_watch *next;
};

struct watch_hub {
  uv_loop_t *loop;
  void (*changed)(void *ctx); /* called once per debounce period after changes */
  void *ctx;
  uv_timer_t debounce;        /* data: this struct */
  bool debounce_open;
  struct dir_watch *watches;
  size_t dropping;            /* watches unlinked whose handles are still closing */
  unsigned poll_interval_ms;
  bool force_poll;
  bool closing;
  void (*closed)(void *ctx);  /* watch_hub_close finished */
  size_t events;              /* changes seen (for the log and tests) */
};

/* Sets up HUB on LOOP.  Returns 0, or a negative libuv error code. */
int watch_hub_init(struct watch_hub *hub, uv_loop_t *loop, void (*changed)(void *ctx), void *ctx);

/* How to watch: FORCE_POLL uses uv_fs_poll even where uv_fs_event works; POLL_INTERVAL_MS is
 * the fs_poll period.  Applies to watches started from now on and restarts polling ones. */
void watch_hub_configure(struct watch_hub *hub, bool force_poll, unsigned poll_interval_ms);

/* Watches exactly the directories DIRS[0..N) (duplicates allowed): starts the new ones, closes
 * those no longer listed.  Returns 0, or -1 when out of memory (some may be unwatched). */
int watch_hub_set(struct watch_hub *hub, const char *const *dirs, size_t n);

/* Closes every handle; CLOSED(ctx) is called when all are closed. */
void watch_hub_close(struct watch_hub *hub, void (*closed)(void *ctx));

#endif /* ESCLSP_WATCH_H */
