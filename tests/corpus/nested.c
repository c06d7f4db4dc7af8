/* nested.c - GNU C nested functions: a captured variable lives in the parent's frame, which the
 * nested function reaches through its static chain.  Calling the nested function directly keeps
 * the frame local; taking its address builds a trampoline on the stack, and when that pointer
 * escapes, the captured variables escape with it (escape.closure). */

struct list;
extern void list_foreach(struct list *l, void (*fn)(void *item));
extern void stats_record(int *counter);
extern void report_count(int n);
static void (*saved_cb)(void);
typedef int (*getter)(void);

/* Called directly: the frame does not escape. */
int sum(const int *a, int len) /* { escinfo noleak "a" } */
{
  int total = 0; /* { escinfo noescape "total" } */
  void add(int v) { total += v; }
  for (int i = 0; i < len; i++)
    add(a[i]);
  return total;
}

/* The nested function is passed to an unknown function: its closure escapes. */
int count(struct list *l) /* { escinfo leak.call "l" } */
{
  int n = 0; /* { escinfo escape.closure "n" } { escinfo-flow "n" "'list_foreach'" } */
  void cb(void *item) { (void)item; n++; } /* { escinfo noleak "item" } */
  list_foreach(l, cb);
  return n;
}

/* The nested function is stored in a static variable: the classic dangling trampoline. */
void arm(void)
{
  int hits = 0; /* { escinfo escape.closure "hits" dangling } */
  void on_tick(void) { hits++; }
  saved_cb = on_tick;
}

/* A captured by-value parameter, and the nested function returned. */
getter make_getter(int v) /* { escinfo escape.closure "v" dangling } */
{
  int get(void) { return v; }
  return get;
}

/* The nested function passes a captured variable's address on: that is a call, not the closure
 * escaping.  The frame is one object to the analysis, so the other captured variable goes too. */
void tally(const char *s) /* { escinfo noleak "s" } */
{
  int words = 0; /* { escinfo escape.call "words" } */
  int chars = 0; /* { escinfo noescape "chars" xfail "the nested function reaches the frame through its static chain, a pointer, so the frame is one object" } */
  void flush(void) { stats_record(&words); chars = 0; }
  for (; *s; s++) {
    chars++;
    if (*s == ' ')
      words++;
  }
  report_count(chars);
  flush();
}

/* A nested function with a pointer parameter, called directly with pointers into the caller's
 * array; the captured parameter stays in the frame. */
void scale_all(int *a, int n, int factor) /* { escinfo noleak "a" } { escinfo noescape "factor" } */
{
  void each(int *p) { *p *= factor; } /* { escinfo noleak "p" } */
  for (int i = 0; i < n; i++)
    each(&a[i]);
}
