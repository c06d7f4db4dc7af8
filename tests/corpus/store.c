/* store.c - addresses stored into memory the function does not own: through a parameter, into a
 * heap block that escapes, or through a pointer of unknown origin.
 *
 * Such stores are escape.store, and dangling: the caller's memory, memory of unknown origin and
 * what static storage points to all outlive the frame.  A callee that stores one argument below
 * another hands the store to its caller, where the memory's own fate decides. */
#include <stdlib.h>

struct link {
  struct link *next;
  void *data;
};

extern struct link *list_head(void);
extern void consume(void *);
int **g_slot;

/* Through an out-parameter. */
void get_scratch(char **out) /* { escinfo noleak "out" } */
{
  char scratch[32]; /* { escinfo escape.store "scratch" dangling } { escinfo-flow "scratch" "'out'" } */
  scratch[0] = 0;
  *out = scratch;
}

/* Through a pointer returned by an unknown function. */
void attach_token(void)
{
  int token = 7; /* { escinfo escape.store "token" dangling } */
  struct link *h = list_head();
  h->data = &token;
}

/* Linking parameters: node is stored into what pos points to; pos itself stays. */
void link_after(struct link *pos, struct link *node) /* { escinfo noleak "pos" } { escinfo leak.store "node" } */
{
  node->next = pos->next;
  pos->next = node;
}

/* A heap block stored through the out-parameter escapes, and the local it points to with it. */
void push_frame(struct link **top) /* { escinfo noleak "top" } */
{
  int depth = 0; /* { escinfo escape.store "depth" dangling } */
  struct link *l = malloc(sizeof *l); /* { escinfo escape.store "malloc" } */
  if (!l)
    return;
  l->data = &depth;
  l->next = *top;
  *top = l;
}

/* Stored into a local struct that stays local: no escape. */
int use_local_link(void)
{
  int payload = 5; /* { escinfo noescape "payload" } */
  struct link l = { NULL, &payload };
  return *(int *)l.data;
}

/* Stored into a local that is then passed on: escapes with it. */
void send_pair(void)
{
  int a = 1; /* { escinfo escape.call "a" } { escinfo-flow "a" "'l'" } */
  struct link l = { NULL, &a }; /* { escinfo escape.call "l" } */
  consume(&l);
}

/* An array of pointers indexed locally: neither the array nor the parameters escape. */
int sum_via_table(int x0, int x1) /* { escinfo noescape "x0" } { escinfo noescape "x1" } */
{
  int *table[2] = { &x0, &x1 };
  int s = 0;
  for (int i = 0; i < 2; i++)
    s += *table[i];
  return s;
}

/* Two levels down through a parameter. */
void set_deep(int ***ppp, int *v) /* { escinfo noleak "ppp" } { escinfo leak.store "v" } */
{
  **ppp = v;
}

/* Through a pointer read from a global: a store into memory reached through static storage, not
 * into the global itself, and one that outlives the frame. */
void publish_into_slot(void)
{
  int v = 3; /* { escinfo escape.store "v" dangling } { escinfo-flow "v" "static storage" } */
  *g_slot = &v;
}

/* A struct copied into the caller's memory carries the local's address. */
void make_range(struct link *out) /* { escinfo noleak "out" } */
{
  char buf[8]; /* { escinfo escape.store "buf" dangling } */
  struct link tmp = { NULL, buf };
  *out = tmp;
}

/* Overwriting through a parameter with a heap block owned by the caller afterwards. */
void reset_data(struct link *l) /* { escinfo noleak "l" } */
{
  l->data = calloc(4, sizeof(int)); /* { escinfo escape.store "calloc" } */
}

/* A callee that stores its second argument two levels below its first. */
struct box {
  int *item;
};

static void put_below(struct box **slot, int *item) /* { escinfo noleak "slot" } { escinfo leak.store "item" } */
{
  (*slot)->item = item;
}

struct box g_box;

void put_into_global_box(void)
{
  int kept = 1; /* { escinfo escape.global "kept" dangling } { escinfo-flow "kept" "below argument 1" } */
  struct box *b = &g_box; /* { escinfo noescape "b" } */
  put_below(&b, &kept);
}

int put_into_local_box(void)
{
  int held = 2; /* { escinfo noescape "held" xfail "a store below an argument also counts as an escape, for the depths below the one the caller is told of" } */
  struct box local; /* { escinfo noescape "local" } */
  struct box *b = &local; /* { escinfo noescape "b" } */
  put_below(&b, &held);
  return *local.item;
}
