/* frame.c - stack frame facts.  frame.dynamic (once per function, at its name) when a function
 * uses alloca or a VLA; frame.large-local (at the local's name) for each local larger than the
 * threshold, 4096 bytes by default (-fplugin-arg-escinfo-large-local=N).  frame.size is reported for
 * every function but depends on -O and is not annotated.  A large local is a frame fact whether
 * or not its address is taken; its escape verdict is separate. */
#include <alloca.h>
#include <string.h>

struct matrix {
  double m[32][32];
};

extern void read_block(void *buf, size_t n);

/* 8 KiB on the stack, handed to an unknown function. */
void read_header(void)
{
  char block[8192]; /* { escinfo escape.call "block" } { escinfo frame.large-local "block" } */
  read_block(block, sizeof block);
}

/* Exactly at the threshold: not larger than it. */
void read_page(void)
{
  char page[4096]; /* { escinfo escape.call "page" } */
  read_block(page, sizeof page);
}

/* One byte over. */
void read_page_and_byte(void)
{
  char page[4097]; /* { escinfo escape.call "page" } { escinfo frame.large-local "page" } */
  read_block(page, sizeof page);
}

/* A large array indexed in place: no address taken, still large. */
int histogram_peak(const unsigned char *data, size_t n) /* { escinfo noleak "data" } */
{
  unsigned counts[2048] = { 0 }; /* { escinfo frame.large-local "counts" } */
  for (size_t i = 0; i < n; i++)
    counts[data[i] * 8u]++;
  int best = 0;
  for (int b = 1; b < 2048; b++)
    if (counts[b] > counts[best])
      best = b;
  return best;
}

/* A large struct, cleared by memset (which keeps nothing). */
double identity_trace(void)
{
  struct matrix id; /* { escinfo noescape "id" } { escinfo frame.large-local "id" } */
  memset(&id, 0, sizeof id);
  for (int i = 0; i < 32; i++)
    id.m[i][i] = 1;
  double t = 0;
  for (int i = 0; i < 32; i++)
    t += id.m[i][i];
  return t;
}

/* A large local read by a static function. */
static int checksum(const unsigned char *p, size_t n) /* { escinfo noleak "p" } */
{
  int s = 0;
  for (size_t i = 0; i < n; i++)
    s += p[i];
  return s;
}

int big_checksum(void)
{
  unsigned char buf[5000]; /* { escinfo noescape "buf" } { escinfo frame.large-local "buf" } */
  memset(buf, 1, sizeof buf);
  return checksum(buf, sizeof buf);
}

/* A static array is not in the frame. */
int cached_lookup(int i)
{
  static char cache[65536];
  return cache[i & 0xffff];
}

/* alloca in a loop: one frame.dynamic for the function. */
int join_lengths(const char **parts, int n) /* { escinfo noleak "parts" } { escinfo frame.dynamic "join_lengths" } */
{
  int total = 0;
  for (int i = 0; i < n; i++) {
    size_t len = strlen(parts[i]);
    char *copy = alloca(len + 1); /* { escinfo noescape "alloca" } */
    memcpy(copy, parts[i], len + 1);
    total += (int)strlen(copy);
  }
  return total;
}

/* A VLA and an alloca in the same function: still one frame.dynamic. */
int mixed_dynamic(int n) /* { escinfo frame.dynamic "mixed_dynamic" } */
{
  int vla[n]; /* { escinfo noescape "vla" } */
  int *extra = alloca(sizeof(int) * (size_t)n); /* { escinfo noescape "alloca" } */
  for (int i = 0; i < n; i++) {
    vla[i] = i;
    extra[i] = vla[i] * 2;
  }
  return extra[n - 1];
}
