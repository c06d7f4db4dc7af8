/* lsp-units.c - unit tests of the language server's cleanest seams, without a client: positions
 * in UTF-8 and UTF-16 and edits of a document (documents.c), the text's hash computed on a
 * thread and guessed ahead (documents.c), the strict JSON pull reader and the JSON text writer
 * (common/), and the cache watcher on a real event loop (watch.c).  Prints TAP. */
#include "documents.h"
#include "json-reader.h"
#include "text.h"
#include "watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

static int count, failed;

static void ok(int passed, const char *what)
{
  printf("%s %d - %s\n", passed ? "ok" : "not ok", ++count, what);
  failed |= !passed;
}

static struct lsp_position pos(uint32_t line, uint32_t character)
{
  return (struct lsp_position){ line, character };
}

/* ---- positions ---- */

static void positions(void)
{
  /* line 1: "é" is 2 bytes, 1 UTF-16 unit; "😀" is 4 bytes, 2 units (a surrogate pair); an
   * invalid byte counts as one U+FFFD */
  const char *text = "int a;\n\xc3\xa9 \xf0\x9f\x98\x80 x\n\xff y\n";
  struct document d;
  ok(document_open(&d, "file:///tmp/p.c", "c", 1, text, strlen(text)) == 0, "a document opens");
  ok(d.nlines == 4, "lines are counted (3 breaks: 4 lines)");
  struct lsp_position p = document_position(&d, 1, 7, LSP_ENCODING_UTF16);
  ok(p.line == 1 && p.character == 4, "byte 7 of 'é 😀 x' is UTF-16 column 4");
  p = document_position(&d, 1, 7, LSP_ENCODING_UTF8);
  ok(p.character == 7, "... and UTF-8 column 7");
  ok(document_offset(&d, pos(1, 4), LSP_ENCODING_UTF16) == 7 + 7, "UTF-16 column 4 of line 1 is byte 14 of the text");
  ok(document_offset(&d, pos(1, 3), LSP_ENCODING_UTF16) == 7 + 3,
     "a column inside a surrogate pair goes to the start of its character");
  ok(document_offset(&d, pos(1, 99), LSP_ENCODING_UTF16) == 7 + 9,
     "a column past the end of the line stops at the line's end");
  ok(document_offset(&d, pos(99, 0), LSP_ENCODING_UTF16) == d.len, "a line past the end is the end");
  p = document_position(&d, 2, 2, LSP_ENCODING_UTF16);
  ok(p.character == 2, "an invalid byte is one UTF-16 unit (U+FFFD)");

  /* an edit in UTF-16 units replacing the emoji */
  struct lsp_range r = { pos(1, 2), pos(1, 4) };
  struct text_edit e;
  ok(document_apply_change(&d, &r, "ok", 2, LSP_ENCODING_UTF16, &e) == 0, "a ranged edit applies");
  size_t n;
  const char *line = document_line(&d, 1, &n);
  ok(line && n == 7 && memcmp(line, "\xc3\xa9 ok x", 7) == 0, "... replacing the surrogate pair");
  ok(e.start_line == 1 && e.start_col == 3 && e.end_col == 7 && e.new_lines == 0,
     "... and the edit says where, in bytes");
  r = (struct lsp_range){ pos(0, 0), pos(0, 0) };
  ok(document_apply_change(&d, &r, "// a\n// b\n", 10, LSP_ENCODING_UTF16, &e) == 0
         && d.nlines == 6 && e.new_lines == 2, "inserting two lines at the top");
  r = (struct lsp_range){ pos(2, 3), pos(2, 0) };
  ok(document_apply_change(&d, &r, "", 0, LSP_ENCODING_UTF16, &e) == -2,
     "a range that ends before it starts is refused");
  ok(document_apply_change(&d, NULL, text, strlen(text), LSP_ENCODING_UTF16, &e) == 0
         && d.len == strlen(text) && memcmp(d.text, text, d.len) == 0 && d.nlines == 4,
     "a whole-text change brings the text back");
  document_close(&d);
}

/* ---- the hash of a large text ---- */

static void large_hash(void)
{
  size_t len = DOCUMENT_HASH_THREAD_MIN + 12345;
  char *text = malloc(len + 1), expect[ESC_HASH_LEN + 1];
  for (size_t i = 0; i < len; i++)
    text[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
  esc_hash_buffer(text, len, expect);
  struct document d;
  ok(document_open(&d, "file:///tmp/big.c", "c", 1, text, len) == 0 && d.hashing,
     "a text of more than 1 MiB is hashed on a thread");
  ok(strcmp(document_hash(&d), expect) == 0 && !d.hashing, "its hash is the buffer's, once asked for");
  document_close(&d);

  ok(document_open(&d, "file:///tmp/big.c", "c", 1, text, len) == 0, "opened again");
  ok(document_assume_hash(&d, expect) && strcmp(document_hash(&d), expect) == 0,
     "a guess of its hash stands for it meanwhile");
  ok(document_confirm_hash(&d), "... and is confirmed when right");
  document_close(&d);

  ok(document_open(&d, "file:///tmp/big.c", "c", 1, text, len) == 0, "opened a third time");
  ok(document_assume_hash(&d, "fnv1a64:0000000000000000"), "a wrong guess is taken too");
  ok(!document_confirm_hash(&d) && strcmp(document_hash(&d), expect) == 0,
     "... and refused when the thread is done, the real hash taking its place");
  struct lsp_range r = { pos(0, 0), pos(0, 1) };
  struct text_edit e;
  ok(document_apply_change(&d, &r, "Z", 1, LSP_ENCODING_UTF16, &e) == 0
         && strcmp(document_hash(&d), expect) != 0, "an edit changes the hash");
  document_close(&d);
  ok(document_open(&d, "file:///tmp/big.c", "c", 1, text, len) == 0, "opened, then closed at once");
  document_close(&d); /* joins the thread: nothing leaks, nothing runs on freed memory */
  free(text);
}

/* ---- JSON ---- */

/* True when TEXT reads as one JSON value (skipped whole) and nothing after it. */
static bool json_valid(const char *text)
{
  struct esc_json_reader r;
  esc_json_reader_init(&r, text, strlen(text));
  bool valid = esc_json_skip(&r) && esc_json_end(&r);
  esc_json_reader_free(&r);
  return valid;
}

static void json(void)
{
  static const char *const good[] = {
    "{}", "[]", "0", "-0.5e+3", "\"\\u00e9\\ud83d\\ude00\"", "{\"a\":[1,{\"b\":null}],\"c\":true}",
    " \t\n[ 1 , 2 ]\r\n", "\"\xc3\xa9\"",
  };
  static const char *const bad[] = {
    "", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "01", "1.", "-", "+1", "\"\\q\"",
    "\"\\ud800\"", "\"\\udc00\"", "\"\x01\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "[1]]", "{\"a\":1]",
    "nul", "tru", "[1] 2", "\"abc",
  };
  char what[96];
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    snprintf(what, sizeof what, "JSON accepted: case %zu", i + 1);
    ok(json_valid(good[i]), what);
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(what, sizeof what, "JSON refused: case %zu", i + 1);
    ok(!json_valid(bad[i]), what);
  }
  struct esc_json_reader r;
  const char *text = "{\"k\":\n  [1, 2,, 3]}";
  esc_json_reader_init(&r, text, strlen(text));
  esc_json_skip(&r);
  ok(r.failed && strstr(r.error, "line 2, column 9") != NULL, "an error names its line and column");
  esc_json_reader_free(&r);

  const char *s;
  size_t len;
  text = "\"a\\u0000b\"";
  esc_json_reader_init(&r, text, strlen(text));
  ok(esc_json_string(&r, &s, &len) && len == 3 && s[1] == '\0', "U+0000 decodes, its length kept");
  esc_json_reader_free(&r);
  char *dup = NULL;
  esc_json_reader_init(&r, text, strlen(text));
  ok(!esc_json_string_dup(&r, &dup) && dup == NULL, "... and is refused where a C string is wanted");
  esc_json_reader_free(&r);

  struct esc_text t;
  esc_text_init(&t);
  esc_text_json_string(&t, "q\"\\\x01\n\xff\xc3\xa9");
  ok(t.s && strcmp(t.s, "\"q\\\"\\\\\\u0001\\n\xef\xbf\xbd\xc3\xa9\"") == 0,
     "the JSON writer escapes as jansson does and repairs bad UTF-8");
  esc_text_free(&t);
  esc_text_init(&t);
  esc_text_json_int(&t, 0);
  esc_text_addc(&t, ' ');
  esc_text_json_int(&t, -42);
  esc_text_addc(&t, ' ');
  esc_text_json_int(&t, INT64_MIN);
  esc_text_addc(&t, ' ');
  esc_text_json_int(&t, INT64_MAX);
  esc_text_json_string(&t, "\x1f\x7f\b\f\r\t");
  ok(t.s && strcmp(t.s, "0 -42 -9223372036854775808 9223372036854775807\"\\u001F\x7f\\b\\f\\r\\t\"")
                == 0,
     "integers are written in full, the other control characters escaped");
  esc_text_free(&t);

  /* Plain runs are copied eight bytes at a time: a byte to escape or check at any place in a
   * word, and strings of every length around it, read back as they were written. */
  static const char *const odd[] = {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xff"};
  bool same = true;
  for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
    for (size_t at = 0; at < 20; at++)
      for (size_t tail = 0; tail < 12; tail++) {
        char in[64];
        size_t n = 0;
        for (size_t i = 0; i < at; i++)
          in[n++] = (char)('a' + i);
        n += (size_t)snprintf(in + n, sizeof in - n, "%s", odd[k]);
        for (size_t i = 0; i < tail; i++)
          in[n++] = (char)('A' + i);
        esc_text_init(&t);
        esc_text_json_stringn(&t, in, n);
        esc_json_reader_init(&r, t.s, t.len);
        bool read = esc_json_string(&r, &s, &len) && r.pos == t.len;
        if (odd[k][0] == '\xff') /* not UTF-8: written as U+FFFD */
          same &= read && len == n + 2 && !memcmp(s + at, "\xef\xbf\xbd", 3)
                  && !memcmp(s, in, at) && !memcmp(s + at + 3, in + at + 1, tail);
        else
          same &= read && len == n && !memcmp(s, in, n);
        esc_json_reader_free(&r);
        esc_text_free(&t);
      }
  ok(same, "strings with a character to escape anywhere read back as written");
  esc_text_init(&t);
  esc_text_addc(&t, '{');
  esc_text_json_key(&t, "line", true);
  esc_text_json_int(&t, 1);
  esc_text_json_key(&t, "a \"b\"", false);
  esc_text_json_int(&t, 2);
  esc_text_addc(&t, '}');
  ok(t.s && strcmp(t.s, "{\"line\":1,\"a \\\"b\\\"\":2}") == 0 && json_valid(t.s),
     "keys are written plain, and escaped where they must be");
  esc_text_free(&t);
}

/* ---- the watcher ---- */

struct watching {
  uv_loop_t *loop;
  struct watch_hub hub;
  uv_timer_t deadline, step;
  int changes;
  bool timed_out, closed;
};

static void changed(void *ctx)
{
  struct watching *w = ctx;
  w->changes++;
  uv_stop(w->loop);
}

static void deadline(uv_timer_t *t)
{
  struct watching *w = t->data;
  w->timed_out = true;
  uv_stop(w->loop);
}

/* Writes a new file next to PATH (PATH-1, PATH-2, ...): each time a change of its directory. */
static void touch(const char *path)
{
  static int serial;
  char name[160];
  snprintf(name, sizeof name, "%s-%d", path, ++serial);
  FILE *f = fopen(name, "w");
  if (f)
    fclose(f);
}

/* Does ACT(ARG) and runs the loop until a change is heard (true) or 20 s pass (a bound for a
 * loaded machine, not a speed target).  ACT is done again every second while nothing is heard: a
 * poll's first look is taken in the background, and a change made before it is part of what it
 * starts from (a build writes again and again; so does this). */
static bool heard_after(struct watching *w, void (*act)(const char *), const char *arg)
{
  int before = w->changes;
  for (int tries = 0; tries < 20 && w->changes == before; tries++) {
    act(arg);
    w->timed_out = false;
    uv_timer_start(&w->deadline, deadline, 1000, 0);
    while (w->changes == before && !w->timed_out)
      uv_run(w->loop, UV_RUN_DEFAULT);
    uv_timer_stop(&w->deadline);
  }
  return w->changes > before;
}

static void make_dir(const char *path)
{
  mkdir(path, 0700);
}

static void hub_closed(void *ctx)
{
  ((struct watching *)ctx)->closed = true;
}


static void watcher(bool poll)
{
  char dir[] = "/tmp/lsp-units.XXXXXX", sub[64], file[96], what[96];
  const char *mode = poll ? "polled" : "with events";
  uv_loop_t loop;
  struct watching w;
  memset(&w, 0, sizeof w);
  w.loop = &loop;
  if (!mkdtemp(dir)) {
    ok(0, "a scratch directory");
    return;
  }
  snprintf(sub, sizeof sub, "%s/later", dir);
  uv_loop_init(&loop);
  uv_timer_init(&loop, &w.deadline);
  w.deadline.data = &w;
  ok(watch_hub_init(&w.hub, &loop, changed, &w) == 0, "a watch hub starts");
  watch_hub_configure(&w.hub, poll, 100);
  const char *dirs[] = { dir, sub };
  ok(watch_hub_set(&w.hub, dirs, 2) == 0, "it watches a directory and one that does not exist yet");
  snprintf(file, sizeof file, "%s/entry", dir);
  snprintf(what, sizeof what, "a file written in the directory is heard (%s)", mode);
  ok(heard_after(&w, touch, file), what);
  snprintf(what, sizeof what, "the missing directory appearing is heard (%s)", mode);
  ok(heard_after(&w, make_dir, sub), what);
  snprintf(file, sizeof file, "%s/marker", sub);
  snprintf(what, sizeof what, "a file written in it then is heard (%s)", mode);
  ok(heard_after(&w, touch, file), what);
  const char *none[] = { NULL };
  watch_hub_set(&w.hub, none, 0);
  watch_hub_close(&w.hub, hub_closed);
  uv_close((uv_handle_t *)&w.deadline, NULL);
  uv_run(&loop, UV_RUN_DEFAULT);
  ok(w.closed && uv_loop_close(&loop) == 0, "closing leaves no handle open");
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    ok(0, "the scratch directory is removed");
}

int main(void)
{
  positions();
  large_hash();
  json();
  watcher(false);
  watcher(true);
  printf("1..%d\n", count);
  return failed;
}
