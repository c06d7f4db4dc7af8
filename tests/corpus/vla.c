/* vla.c - variable-length arrays: every VLA is a subject (it is only reached through a pointer),
 * and a function with a VLA has a dynamic frame (frame.dynamic at the function's name, once). */
#include <stddef.h>

extern void read_block(char *buf, size_t n);
char *g_vla;

void read_n(int n) /* { escinfo frame.dynamic "read_n" } */
{
  char buf[n]; /* { escinfo escape.call "buf" } */
  read_block(buf, (size_t)n);
}

/* Indexed in place: still a subject, and it does not escape. */
int last_square(int n) /* { escinfo frame.dynamic "last_square" } */
{
  int sq[n]; /* { escinfo noescape "sq" } */
  for (int i = 0; i < n; i++)
    sq[i] = i * i;
  return sq[n - 1];
}

int *vla_escape(int n) /* { escinfo frame.dynamic "vla_escape" } */
{
  int v[n]; /* { escinfo escape.return "v" dangling } */
  int *p = v;
  v[0] = n;
  return p;
}

/* Two dimensions. */
double trace_n(int n) /* { escinfo frame.dynamic "trace_n" } */
{
  double m[n][n]; /* { escinfo noescape "m" } */
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      m[i][j] = i == j;
  double t = 0;
  for (int i = 0; i < n; i++)
    t += m[i][i];
  return t;
}

/* A pointer to a VLA type: a parameter, no VLA object, no dynamic frame. */
void clear_rows(int rows, int cols, int (*m)[cols]) /* { escinfo noleak "m" } */
{
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      m[r][c] = 0;
}

/* A VLA kept in a global. */
void stash_vla(int n) /* { escinfo frame.dynamic "stash_vla" } */
{
  char tmp[n]; /* { escinfo escape.global "tmp" dangling } */
  tmp[0] = 0;
  g_vla = tmp;
}

/* Two VLAs, one of them in a loop: still one frame.dynamic. */
int running_max(int n) /* { escinfo frame.dynamic "running_max" } */
{
  int best = 0;
  for (int round = 1; round <= 2; round++) {
    int row[n * round]; /* { escinfo noescape "row" } */
    for (int i = 0; i < n * round; i++)
      row[i] = i % 7;
    for (int i = 0; i < n * round; i++)
      if (row[i] > best)
        best = row[i];
  }
  int tail[n]; /* { escinfo noescape "tail" } */
  tail[0] = best;
  return tail[0];
}

/* sizeof of a VLA type makes no object. */
size_t vla_bytes(int n)
{
  return sizeof(int[n]);
}
