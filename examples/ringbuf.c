/* ringbuf.c - a small ring buffer: heap blocks that stay home, parameters that leak. */
#include <stdlib.h>
#include <string.h>

struct ring {
  unsigned char *data;
  size_t cap, head, tail;
};

static struct ring *registry[8];

/* The new ring escapes by return, and so does its data block (held in the ring). */
struct ring *ring_new(size_t cap)
{
  struct ring *r = malloc(sizeof *r);
  if (!r)
    return NULL;
  r->data = malloc(cap);
  r->cap = cap;
  r->head = r->tail = 0;
  return r;
}

/* Keeps the ring in a global table: the parameter leaks. */
void ring_register(int slot, struct ring *r)
{
  registry[slot & 7] = r;
}

/* Only reads and writes through its parameters: they do not leak. */
size_t ring_push(struct ring *r, const void *src, size_t n)
{
  size_t room = r->cap - (r->head - r->tail);
  if (n > room)
    n = room;
  for (size_t i = 0; i < n; i++)
    r->data[(r->head + i) % r->cap] = ((const unsigned char *)src)[i];
  r->head += n;
  return n;
}

/* A scratch block that never leaves and is always freed: it could be a local array. */
int ring_checksum(const struct ring *r)
{
  unsigned char *tmp = malloc(64);
  if (!tmp)
    return -1;
  int sum = 0;
  memset(tmp, 0, 64);
  for (size_t i = r->tail; i < r->head && i - r->tail < 64; i++)
    tmp[i - r->tail] = r->data[i % r->cap];
  for (int i = 0; i < 64; i++)
    sum += tmp[i];
  free(tmp);
  return sum;
}

/* A big local array and a variable-length one: frame facts. */
int ring_drain(struct ring *r, size_t n)
{
  unsigned char big[8192];
  unsigned char small[n];
  size_t got = 0;
  while (r->tail < r->head && got < sizeof big && got < n) {
    big[got] = r->data[r->tail % r->cap];
    small[got] = big[got];
    got++;
    r->tail++;
  }
  return got ? small[0] + big[0] : 0;
}
