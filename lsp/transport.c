/* transport.c - Content-Length framing of messages over stdin/stdout with libuv; knows nothing of LSP. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include "transport.h"

#include "alloc.h"
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FRAMER_HEADER, FRAMER_BODY, FRAMER_RESYNC };

#define READ_CHUNK ((size_t)64 * 1024)
#define PIPE_BUFFER ((size_t)1024 * 1024) /* asked for on pipes; Linux's default limit for users */
#define FRAMER_KEEP ((size_t)1024 * 1024) /* a buffer larger than this is freed once empty */
#define CLOSE_GRACE_MS 1000 /* once closing, pending writes are dropped when none completes
                               for this long (the client stopped reading) */

static const char length_header[] = "content-length";
#define LENGTH_HEADER_LEN (sizeof length_header - 1)

/* ---- the framer ---------------------------------------------------------------------------- */

void lsp_framer_init(struct lsp_framer *f)
{
  memset(f, 0, sizeof *f);
  f->state = FRAMER_HEADER;
}

void lsp_framer_free(struct lsp_framer *f)
{
  free(f->buf);
  lsp_framer_init(f);
}

/* Makes room for MORE bytes after f->len, moving the unconsumed bytes to the front when that
 * is worth it.  Grows geometrically, but to the exact need when that is more (a body whose
 * length the header gave).  Returns 0, or -1 when out of memory. */
static int framer_reserve(struct lsp_framer *f, size_t more)
{
  if (f->start > 0 && (f->start >= f->len / 2 || f->len + more > f->cap)) {
    memmove(f->buf, f->buf + f->start, f->len - f->start);
    f->len -= f->start;
    f->start = 0;
  }
  size_t need = f->len + more;
  if (need <= f->cap)
    return 0;
  if (need >= ESC_LARGE_BUFFER) { /* a large body: room for it alone, filled in place */
    char *buf = esc_alloc_large(need);
    if (!buf)
      return -1;
    if (f->len > f->start)
      memcpy(buf, f->buf + f->start, f->len - f->start);
    f->len -= f->start;
    f->start = 0;
    free(f->buf);
    f->buf = buf;
    f->cap = need;
    return 0;
  }
  size_t cap = f->cap ? f->cap * 2 : 4096;
  if (cap < need)
    cap = need;
  char *buf = realloc(f->buf, cap);
  if (!buf)
    return -1;
  f->buf = buf;
  f->cap = cap;
  return 0;
}

/* True when P (N bytes) starts with "Content-Length" in any case. */
static bool is_length_name(const char *p, size_t n)
{
  if (n != LENGTH_HEADER_LEN)
    return false;
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)p[i]) != length_header[i])
      return false;
  return true;
}

/* Offset of the first "Content-Length" (any case) in P, or N when there is none. */
static size_t find_length_name(const char *p, size_t n)
{
  for (size_t i = 0; i + LENGTH_HEADER_LEN <= n; i++)
    if (is_length_name(p + i, LENGTH_HEADER_LEN))
      return i;
  return n;
}

/* Characters of a header name. */
static bool is_token_char(char c)
{
  return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* Tells the log and the owner about a framing problem, REASON (one line). */
static void report_reason(const struct lsp_framer_callbacks *cb, const char *reason)
{
  log_warn("framing: %s", reason);
  if (cb->error)
    cb->error(cb->ctx, reason);
}

/* Reports FMT, whose two %s are TEXT (LEN bytes, shown printable and cut short) and "..." when
 * it was cut. */
static void report(const struct lsp_framer_callbacks *cb, const char *fmt, const char *text,
                   size_t len)
{
  char reason[256];
  char shown[64];
  size_t n = len < sizeof shown - 1 ? len : sizeof shown - 1;
  for (size_t i = 0; i < n; i++) /* keep the reason one printable line */
    shown[i] = (unsigned char)text[i] < 0x20 || text[i] == 0x7f ? '?' : text[i];
  shown[n] = '\0';
  snprintf(reason, sizeof reason, fmt, shown, len > n ? "..." : "");
  report_reason(cb, reason);
}

/* Parses the value of a Content-Length header, P (N bytes, trimmed).  Returns 0 with *LEN, or
 * -1 with the problem in WHY (reported once the whole header block is there). */
static int parse_length(const char *p, size_t n, size_t *len, char *why, size_t whylen)
{
  size_t v = 0;
  bool too_big = false;
  char shown[40];
  size_t m = n < sizeof shown - 1 ? n : sizeof shown - 1;
  for (size_t i = 0; i < m; i++)
    shown[i] = (unsigned char)p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i];
  shown[m] = '\0';
  if (n == 0) {
    snprintf(why, whylen, "Content-Length has no value");
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') {
      snprintf(why, whylen, "Content-Length '%s%s' is not a number", shown, n > m ? "..." : "");
      return -1;
    }
    if (v > LSP_MAX_MESSAGE)
      too_big = true;
    else
      v = v * 10 + (size_t)(p[i] - '0');
  }
  if (too_big || v > LSP_MAX_MESSAGE) {
    snprintf(why, whylen, "Content-Length %s%s is larger than the limit of %zu bytes (64 MiB)",
             shown, n > m ? "..." : "", LSP_MAX_MESSAGE);
    return -1;
  }
  *len = v;
  return 0;
}

/* Reads the header block at the front of the framer.  Returns 1 when it made progress (a body
 * is expected next, or an error sent the framer resynchronising), 0 when more bytes are needed. */
static int framer_header(struct lsp_framer *f, const struct lsp_framer_callbacks *cb)
{
  const char *p = f->buf + f->start;
  size_t n = f->len - f->start, line = 0, length = 0;
  bool have_length = false, any = false;
  char why[200] = "";
  for (;;) {
    const char *nl = memchr(p + line, '\n', n - line);
    if (!nl) {
      if (n - line > LSP_MAX_HEADER || n > LSP_MAX_HEADER * 2) {
        report(cb, "header line longer than 8192 bytes: '%s%s'", p + line, n - line);
        f->start += line + 1;
        f->state = FRAMER_RESYNC;
        return 1;
      }
      return 0;
    }
    size_t end = (size_t)(nl - p), content_end = end;
    if (end > LSP_MAX_HEADER) { /* endless header lines: give up on this block */
      report(cb, "header block longer than 8192 bytes%s%s", "", 0);
      f->start += end + 1;
      f->state = FRAMER_RESYNC;
      return 1;
    }
    if (content_end > line && p[content_end - 1] == '\r')
      content_end--;
    if (content_end == line) { /* an empty line */
      if (!any) { /* stray line breaks between messages */
        f->start += end + 1;
        return 1;
      }
      f->start += end + 1;
      if (why[0]) {
        report_reason(cb, why);
        f->state = FRAMER_RESYNC;
      } else if (!have_length) {
        report(cb, "message header has no Content-Length%s%s", "", 0);
        f->state = FRAMER_RESYNC;
      } else {
        f->state = FRAMER_BODY;
        f->body_len = length;
        f->head_told = false;
      }
      return 1;
    }
    size_t name_end = line;
    while (name_end < content_end && is_token_char(p[name_end]))
      name_end++;
    if (name_end == line || name_end == content_end || p[name_end] != ':') {
      report(cb, "malformed header line '%s%s'", p + line, content_end - line);
      f->start += line + 1; /* resynchronise on the next Content-Length, even within this line */
      f->state = FRAMER_RESYNC;
      return 1;
    }
    any = true;
    if (is_length_name(p + line, name_end - line)) {
      size_t v0 = name_end + 1, v1 = content_end, value;
      while (v0 < v1 && (p[v0] == ' ' || p[v0] == '\t'))
        v0++;
      while (v1 > v0 && (p[v1 - 1] == ' ' || p[v1 - 1] == '\t'))
        v1--;
      if (why[0])
        ; /* the first problem is the one reported */
      else if (parse_length(p + v0, v1 - v0, &value, why, sizeof why) != 0)
        ;
      else if (have_length && value != length)
        snprintf(why, sizeof why, "two different Content-Length headers");
      else {
        have_length = true;
        length = value;
      }
    }
    line = end + 1;
  }
}

/* Frames what the buffer holds: delivers complete messages and reads headers. */
static void framer_run(struct lsp_framer *f, const struct lsp_framer_callbacks *cb)
{
  for (;;) {
    const char *p = f->buf + f->start;
    size_t n = f->len - f->start;
    if (f->state == FRAMER_BODY) {
      if (n < f->body_len) {
        if (cb->head && !f->head_told && f->body_len >= LSP_HEAD_MESSAGE && n >= LSP_HEAD_LEN) {
          f->head_told = true;
          cb->head(cb->ctx, p, n);
        }
        break;
      }
      f->state = FRAMER_HEADER;
      f->start += f->body_len;
      cb->message(cb->ctx, p, f->body_len);
    } else if (f->state == FRAMER_RESYNC) {
      size_t at = find_length_name(p, n);
      if (at == n) { /* keep a tail that may be the start of the name */
        size_t keep = n < LENGTH_HEADER_LEN - 1 ? n : LENGTH_HEADER_LEN - 1;
        f->start += n - keep;
        break;
      }
      f->start += at;
      f->state = FRAMER_HEADER;
    } else if (!framer_header(f, cb)) {
      break;
    }
  }
  if (f->start == f->len) { /* everything consumed: the next push starts at the front */
    f->start = f->len = 0;
    if (f->cap > FRAMER_KEEP) { /* do not hold on to the room a large message needed */
      free(f->buf);
      f->buf = NULL;
      f->cap = 0;
    }
  }
}

char *lsp_framer_space(struct lsp_framer *f, size_t *room)
{
  /* a body of known length gets room for all of it and no more, so that it arrives in place
   * and the bytes after it come with the next read */
  size_t want = READ_CHUNK, have = f->len - f->start;
  if (f->state == FRAMER_BODY && have < f->body_len)
    want = f->body_len - have;
  if (framer_reserve(f, want) != 0)
    return NULL;
  *room = want;
  return f->buf + f->len;
}

void lsp_framer_commit(struct lsp_framer *f, size_t n, const struct lsp_framer_callbacks *cb)
{
  f->len += n;
  framer_run(f, cb);
}

int lsp_framer_push(struct lsp_framer *f, const char *data, size_t len,
                    const struct lsp_framer_callbacks *cb)
{
  do {
    size_t room;
    char *space = lsp_framer_space(f, &room);
    if (!space) {
      log_error("framing: out of memory; %zu bytes dropped", len);
      f->state = FRAMER_RESYNC;
      return -1;
    }
    size_t take = len < room ? len : room;
    memcpy(space, data, take);
    data += take;
    len -= take;
    lsp_framer_commit(f, take, cb);
  } while (len > 0);
  return 0;
}

/* ---- the libuv transport ------------------------------------------------------------------- */

static void transport_maybe_closed(struct lsp_transport *t)
{
  if (t->closing && !t->in_open && !t->out_open && !t->read_pending && !t->close_timer_open
      && !t->closed_reported) {
    t->closed_reported = true;
    if (t->cb.closed)
      t->cb.closed(t->cb.framing.ctx);
  }
}

static void on_in_closed(uv_handle_t *h)
{
  struct lsp_transport *t = h->data;
  t->in_open = false;
  transport_maybe_closed(t);
}

static void on_out_closed(uv_handle_t *h)
{
  struct lsp_transport *t = h->data;
  t->out_open = false;
  transport_maybe_closed(t);
}

static void on_close_timer_closed(uv_handle_t *h)
{
  struct lsp_transport *t = h->data;
  t->close_timer_open = false;
  transport_maybe_closed(t);
}

/* The input ended (EOF or error): tell the owner once. */
static void input_finished(struct lsp_transport *t)
{
  if (t->input_done)
    return;
  t->input_done = true;
  if (t->cb.input_closed && !t->closing)
    t->cb.input_closed(t->cb.framing.ctx);
}

/* Frames DATA (one read's bytes), then lets the owner handle the messages of that read. */
/* N bytes were read into BASE: the framer's own space (see read_buffer), or the spare buffer. */
static void deliver(struct lsp_transport *t, const char *base, size_t n)
{
  if (base == t->in_buf)
    lsp_framer_push(&t->framer, base, n, &t->cb.framing);
  else
    lsp_framer_commit(&t->framer, n, &t->cb.framing);
  if (t->cb.batch_end && !t->closing)
    t->cb.batch_end(t->cb.framing.ctx);
}

/* Where the next read goes: straight into the framer (a large body is read in place, not
 * copied), or, when it cannot make room, the spare buffer (whose bytes the framer then drops
 * with a message, and resynchronises). */
static uv_buf_t read_buffer(struct lsp_transport *t)
{
  size_t room;
  char *space = lsp_framer_space(&t->framer, &room);
  if (!space)
    return uv_buf_init(t->in_buf, (unsigned)READ_CHUNK);
  return uv_buf_init(space, (unsigned)room);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
  struct lsp_transport *t = h->data;
  (void)suggested;
  *buf = read_buffer(t);
}

static void on_stream_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
  struct lsp_transport *t = s->data;
  if (nread > 0) {
    log_debug("read %zd bytes", nread);
    deliver(t, buf->base, (size_t)nread);
  } else if (nread == 0 && buf->base != t->in_buf) {
    lsp_framer_commit(&t->framer, 0, &t->cb.framing); /* nothing read (EAGAIN) */
  } else if (nread < 0) {
    if (nread != UV_EOF)
      log_warn("cannot read stdin: %s", uv_strerror((int)nread));
    else
      log_info("stdin closed");
    uv_read_stop(s);
    input_finished(t);
  }
}

static void start_file_read(struct lsp_transport *t);

static void on_file_read(uv_fs_t *req)
{
  struct lsp_transport *t = req->data;
  ssize_t n = req->result;
  uv_fs_req_cleanup(req);
  t->read_pending = false;
  if (t->closing) {
    transport_maybe_closed(t);
    return;
  }
  if (n > 0) {
    deliver(t, t->in_read, (size_t)n);
    if (!t->closing)
      start_file_read(t);
    return;
  }
  if (n < 0)
    log_warn("cannot read stdin: %s", uv_strerror((int)n));
  else
    log_info("stdin reached its end");
  input_finished(t);
}

/* Reads the next chunk of a file stdin; a read that cannot start ends the input. */
static void start_file_read(struct lsp_transport *t)
{
  uv_buf_t buf = read_buffer(t);
  t->in_read = buf.base;
  t->in_req.data = t;
  int rc = uv_fs_read(t->loop, &t->in_req, t->in_fd, &buf, 1, -1, on_file_read);
  if (rc < 0) {
    log_warn("cannot read stdin: %s", uv_strerror(rc));
    input_finished(t);
    return;
  }
  t->read_pending = true;
}

/* What uv_guess_handle found, for the log. */
static const char *kind_name(uv_handle_type kind)
{
  switch (kind) {
  case UV_NAMED_PIPE: return "pipe";
  case UV_TCP: return "TCP socket";
  case UV_UDP: return "UDP socket";
  case UV_TTY: return "terminal";
  case UV_FILE: return "file";
  default: return "closed or unknown descriptor";
  }
}

/* Initialises H (a member of T) as the stream kind KIND on FD.  Returns 0 or a libuv error. */
/* Asks for a larger buffer on FD when it is a pipe: a document of megabytes (didOpen of a large
 * file, its diagnostics back) then crosses in a few reads instead of one per 64 KiB, each a
 * switch between the editor and the server.  Pages are only used as data waits; failure (a
 * socket, a limit lower than PIPE_BUFFER) leaves the pipe as it was. */
static void widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && fcntl(fd, F_GETPIPE_SZ) < (int)PIPE_BUFFER
      && fcntl(fd, F_SETPIPE_SZ, (int)PIPE_BUFFER) < 0)
    log_debug("pipe %d keeps its size: %s", fd, strerror(errno));
#else
  (void)fd;
#endif
}

static int open_stream(struct lsp_transport *t, uv_handle_t *h, uv_handle_type kind, int fd,
                       bool readable)
{
  int rc;
  switch (kind) {
  case UV_NAMED_PIPE:
    widen_pipe(fd);
    rc = uv_pipe_init(t->loop, (uv_pipe_t *)h, 0);
    if (rc == 0 && (rc = uv_pipe_open((uv_pipe_t *)h, fd)) != 0)
      uv_close(h, NULL); /* not yet marked open: the close callback has nothing to do */
    break;
  case UV_TCP:
    rc = uv_tcp_init(t->loop, (uv_tcp_t *)h);
    if (rc == 0 && (rc = uv_tcp_open((uv_tcp_t *)h, fd)) != 0)
      uv_close(h, NULL);
    break;
  case UV_TTY:
    rc = uv_tty_init(t->loop, (uv_tty_t *)h, fd, readable);
    break;
  default:
    return UV_EINVAL;
  }
  if (rc == 0)
    h->data = t;
  return rc;
}

int lsp_transport_start(struct lsp_transport *t, uv_loop_t *loop, int in_fd, int out_fd,
                        const struct lsp_transport_callbacks *cb)
{
  int rc;
  memset(t, 0, sizeof *t);
  t->loop = loop;
  t->cb = *cb;
  t->in_fd = in_fd;
  t->out_fd = out_fd;
  lsp_framer_init(&t->framer);
  if (!(t->in_buf = malloc(READ_CHUNK)))
    return UV_ENOMEM;
  if ((rc = uv_timer_init(loop, &t->close_timer)) != 0)
    return rc;
  t->close_timer.data = t;
  t->close_timer_open = true;

  t->out_kind = uv_guess_handle(out_fd);
  if (t->out_kind == UV_NAMED_PIPE || t->out_kind == UV_TCP || t->out_kind == UV_TTY) {
    if ((rc = open_stream(t, &t->out.handle, t->out_kind, out_fd, false)) != 0)
      return rc;
    t->out_open = true;
  } else if (t->out_kind != UV_FILE) {
    log_error("stdout is neither a pipe, a socket, a terminal nor a file: nothing can be sent");
  }

  t->in_kind = uv_guess_handle(in_fd);
  log_info("stdin is a %s, stdout a %s", kind_name(t->in_kind), kind_name(t->out_kind));
  if (t->in_kind == UV_FILE) {
    start_file_read(t);
    return 0;
  }
  if (t->in_kind != UV_NAMED_PIPE && t->in_kind != UV_TCP && t->in_kind != UV_TTY) {
    log_error("stdin is neither a pipe, a socket, a terminal nor a file");
    input_finished(t);
    return 0;
  }
  if ((rc = open_stream(t, &t->in.handle, t->in_kind, in_fd, true)) != 0)
    return rc;
  t->in_open = true;
  return uv_read_start(&t->in.stream, on_alloc, on_stream_read);
}

struct write_req {
  uv_write_t req;
  struct lsp_transport *t;
  char header[40];  /* "Content-Length: N\r\n\r\n" */
  char *body;       /* owned */
};

/* Closes stdout's handle and the close timer (their callbacks report the end). */
static void close_output(struct lsp_transport *t)
{
  if (t->out_open && !uv_is_closing(&t->out.handle))
    uv_close(&t->out.handle, on_out_closed);
  if (t->close_timer_open && !uv_is_closing((uv_handle_t *)&t->close_timer))
    uv_close((uv_handle_t *)&t->close_timer, on_close_timer_closed);
}

/* Stdout failed with STATUS: no more writes; tells the owner once. */
static void output_failed(struct lsp_transport *t, int status)
{
  if (t->output_dead)
    return;
  t->output_dead = true;
  log_warn("cannot write stdout: %s", uv_strerror(status));
  if (t->cb.output_failed && !t->closing)
    t->cb.output_failed(t->cb.framing.ctx);
}

static void on_close_timeout(uv_timer_t *timer);

/* A write finished: frees it; when closing, the last one closes stdout, and any one gives the
 * client another grace period. */
static void on_written(uv_write_t *req, int status)
{
  struct write_req *w = (struct write_req *)req;
  struct lsp_transport *t = w->t;
  free(w->body);
  free(w);
  t->pending_writes--;
  if (status < 0 && status != UV_ECANCELED)
    output_failed(t, status);
  if (t->closing && t->pending_writes == 0)
    close_output(t);
  else if (t->closing && t->close_timer_open && !uv_is_closing((uv_handle_t *)&t->close_timer))
    uv_timer_start(&t->close_timer, on_close_timeout, CLOSE_GRACE_MS, 0); /* it reads: wait on */
}

/* Writes all of DATA to a file descriptor that is not a stream.  Returns 0 or a libuv error. */
static int write_file(struct lsp_transport *t, const char *data, size_t len)
{
  while (len > 0) {
    uv_fs_t req;
    uv_buf_t buf = uv_buf_init((char *)data, (unsigned)(len > 1u << 30 ? 1u << 30 : len));
    int rc = uv_fs_write(t->loop, &req, t->out_fd, &buf, 1, -1, NULL);
    uv_fs_req_cleanup(&req);
    if (rc < 0)
      return rc;
    data += rc;
    len -= (size_t)rc;
  }
  return 0;
}

int lsp_transport_send_owned(struct lsp_transport *t, char *body, size_t len)
{
  if (t->output_dead || (t->out_kind != UV_FILE && !t->out_open) || t->closing) {
    free(body);
    return UV_EPIPE;
  }
  struct write_req *w = malloc(sizeof *w);
  if (!w) {
    free(body);
    return UV_ENOMEM;
  }
  int hlen = snprintf(w->header, sizeof w->header, "Content-Length: %zu\r\n\r\n", len);
  w->body = body;
  w->t = t;
  log_debug("send %.*s", len > 2000 ? 2000 : (int)len, body);
  if (t->out_kind == UV_FILE) {
    int rc = write_file(t, w->header, (size_t)hlen);
    if (rc == 0)
      rc = write_file(t, body, len);
    free(body);
    free(w);
    if (rc < 0)
      output_failed(t, rc);
    return rc;
  }
  uv_buf_t bufs[2] = { uv_buf_init(w->header, (unsigned)hlen), uv_buf_init(body, (unsigned)len) };
  int rc = uv_write(&w->req, &t->out.stream, bufs, 2, on_written);
  if (rc < 0) {
    free(body);
    free(w);
    output_failed(t, rc);
    return rc;
  }
  t->pending_writes++;
  return 0;
}

int lsp_transport_send(struct lsp_transport *t, const char *body, size_t len)
{
  char *copy = malloc(len ? len : 1);
  if (!copy)
    return UV_ENOMEM;
  memcpy(copy, body, len);
  return lsp_transport_send_owned(t, copy, len);
}

static void on_close_timeout(uv_timer_t *timer)
{
  struct lsp_transport *t = timer->data;
  if (t->pending_writes > 0)
    log_warn("%zu replies still unwritten: the client read nothing for %d ms; dropping them",
             t->pending_writes, CLOSE_GRACE_MS);
  close_output(t); /* uv_close cancels the writes; their callbacks free them */
}

void lsp_transport_close(struct lsp_transport *t)
{
  if (t->closing)
    return;
  t->closing = true;
  if (t->in_open) {
    if (t->in_kind != UV_FILE)
      uv_read_stop(&t->in.stream);
    uv_close(&t->in.handle, on_in_closed);
  }
  if (t->read_pending)
    uv_cancel((uv_req_t *)&t->in_req); /* a read already running still completes */
  if (t->pending_writes == 0 || t->output_dead || !t->out_open) {
    close_output(t);
  } else if (t->close_timer_open) {
    uv_timer_start(&t->close_timer, on_close_timeout, CLOSE_GRACE_MS, 0);
    uv_unref((uv_handle_t *)&t->close_timer); /* the writes keep the loop alive, not the timer */
  }
  transport_maybe_closed(t);
}

void lsp_transport_free(struct lsp_transport *t)
{
  lsp_framer_free(&t->framer);
  free(t->in_buf);
  t->in_buf = NULL;
}
