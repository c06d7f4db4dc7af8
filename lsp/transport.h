/* transport.h - Content-Length framing of messages over stdin/stdout with libuv; knows nothing of LSP. */
#ifndef ESCLSP_TRANSPORT_H
#define ESCLSP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

/* The largest message body accepted, and the longest header block. */
#define LSP_MAX_MESSAGE ((size_t)64 * 1024 * 1024)
#define LSP_MAX_HEADER ((size_t)8192)

/* What a framer or a transport tells its owner.  BODY is borrowed: valid during the call only. */
struct lsp_framer_callbacks {
  void (*message)(void *ctx, const char *body, size_t len);
  /* A framing problem (bad header, absurd length): REASON is one line; the framer has already
   * skipped ahead to the next header it can find and goes on. */
  void (*error)(void *ctx, const char *reason);
  void *ctx;
  /* Optional: the first bytes (at least LSP_HEAD_LEN, or the whole body if shorter) of a
   * body of at least LSP_HEAD_MESSAGE bytes, as soon as they are there and before the rest: so
   * that its owner can start on what the message will need (prefetch.h).  Borrowed. */
  void (*head)(void *ctx, const char *head, size_t len);
};
#define LSP_HEAD_MESSAGE ((size_t)1024 * 1024)
#define LSP_HEAD_LEN ((size_t)4096)

/* Splits a byte stream into message bodies.  Pure: no I/O, no libuv, so that a fuzz target can
 * feed it bytes directly.  Headers are "Name: value" lines ended by CRLF (a bare LF is
 * tolerated) and an empty line; Content-Length is required, other headers are ignored. */
struct lsp_framer {
  char *buf;        /* owned: bytes received and not yet consumed, from buf[start] to buf[len] */
  size_t start, len, cap;
  int state;        /* FRAMER_* in transport.c */
  size_t body_len;  /* while reading a body: its length */
  bool head_told;   /* the head of this body went to the callbacks' head */
};

void lsp_framer_init(struct lsp_framer *f);
void lsp_framer_free(struct lsp_framer *f);

/* Takes LEN bytes of DATA (copied as needed) and calls CB for every complete message and every
 * framing error they complete.  Returns 0, or -1 when out of memory (the bytes are dropped and
 * the framer resynchronises on the next header). */
int lsp_framer_push(struct lsp_framer *f, const char *data, size_t len,
                    const struct lsp_framer_callbacks *cb);

/* Reading in place: room for at least one byte after what the framer holds (for a body of
 * known length, exactly what is missing of it), *ROOM its size; NULL when out of memory.  Then
 * lsp_framer_commit with the number of bytes written there (0 is fine) frames them as
 * lsp_framer_push would. */
char *lsp_framer_space(struct lsp_framer *f, size_t *room);
void lsp_framer_commit(struct lsp_framer *f, size_t n, const struct lsp_framer_callbacks *cb);

struct lsp_transport_callbacks {
  struct lsp_framer_callbacks framing;
  void (*batch_end)(void *ctx);       /* after the messages of one read were delivered */
  void (*input_closed)(void *ctx);    /* stdin reached its end or failed */
  void (*output_failed)(void *ctx);   /* stdout cannot be written any more (client gone) */
  void (*closed)(void *ctx);          /* lsp_transport_close finished: handles are closed */
};

/* Input from IN_FD and output to OUT_FD, each a pipe, socket, tty or file (uv_guess_handle
 * decides; files are read with uv_fs_read and written synchronously).  The struct must stay
 * where it is while handles are open: the handles live inside it. */
struct lsp_transport {
  uv_loop_t *loop;
  struct lsp_transport_callbacks cb;
  struct lsp_framer framer;
  int in_fd, out_fd;
  uv_handle_type in_kind, out_kind;
  union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_pipe_t pipe;
    uv_tty_t tty;
    uv_tcp_t tcp;
  } in, out;
  bool in_open, out_open;   /* the handle was initialised and is not closed yet */
  uv_fs_t in_req;           /* file input: the read in flight */
  bool read_pending;
  char *in_buf;             /* owned, 64 KiB: the spare buffer, when the framer has no room */
  char *in_read;            /* file input: where the read in flight goes */
  size_t pending_writes;    /* uv_write requests not completed */
  uv_timer_t close_timer;   /* closing: gives pending writes at most a second */
  bool close_timer_open;
  bool input_done, output_dead, closing, closed_reported;
};

/* Sets up T on LOOP for IN_FD and OUT_FD and starts reading.  Returns 0, or a negative libuv
 * error code (T then needs lsp_transport_close and the loop run until CB.closed). */
int lsp_transport_start(struct lsp_transport *t, uv_loop_t *loop, int in_fd, int out_fd,
                        const struct lsp_transport_callbacks *cb);

/* Frames BODY (LEN bytes, copied) with a Content-Length header and writes it.  Returns 0, or a
 * negative libuv error code when the output is gone or out of memory (the message is lost). */
int lsp_transport_send(struct lsp_transport *t, const char *body, size_t len);

/* The same, taking BODY (malloc'd; freed once written, or at once on failure) instead of
 * copying it. */
int lsp_transport_send_owned(struct lsp_transport *t, char *body, size_t len);

/* Stops reading, lets pending writes finish (for at most a second) and closes the handles;
 * CB.closed is called once everything is closed.  Safe to call more than once. */
void lsp_transport_close(struct lsp_transport *t);

/* Frees what T allocated; call after CB.closed. */
void lsp_transport_free(struct lsp_transport *t);

#endif /* ESCLSP_TRANSPORT_H */
