/* levels.c - levels of indirection (Go: escape_level.go, escape_indir.go): a pointer to a pointer
 * is followed to what it holds; comparing addresses is not an escape; SSA names are flow-sensitive
 * but memory is not (the xfail case). */

extern void keep(void *);
int *g_sink;
int **g_sink2;

/* The content of p reaches the global, p itself does not. */
void content_to_global(void)
{
  int x = 1; /* { escinfo escape.global "x" dangling } { escinfo-flow "x" "'g_sink'" } */
  int *p = &x; /* { escinfo noescape "p" } */
  int **pp = &p;
  g_sink = *pp;
}

/* p reaches the global, and with it what p holds. */
void pointer_to_global(void)
{
  int x = 1; /* { escinfo escape.global "x" dangling } */
  int *p = &x; /* { escinfo escape.global "p" dangling } */
  g_sink2 = &p;
}

/* Only dereferenced. */
int deref_only(void)
{
  int x = 1; /* { escinfo noescape "x" } */
  int *p = &x; /* { escinfo noescape "p" } */
  int **pp = &p;
  return **pp;
}

/* Stored through a parameter from two levels down. */
void store_through(int **out) /* { escinfo noleak "out" } */
{
  int x = 1; /* { escinfo escape.store "x" dangling } */
  int *p = &x; /* { escinfo noescape "p" } */
  int **pp = &p;
  *out = *pp;
}

/* Three levels, all handed over. */
void three_levels(void)
{
  int x = 1; /* { escinfo escape.call "x" } */
  int *p = &x; /* { escinfo escape.call "p" } */
  int **pp = &p; /* { escinfo escape.call "pp" } */
  keep(&pp);
}

/* Comparing an address with a parameter. */
int is_self(const int *q) /* { escinfo noleak "q" } */
{
  int x = 0; /* { escinfo noescape "x" } */
  return q == &x;
}

/* A register variable is flow-sensitive (SSA): p no longer points to x when it is passed. */
void reassigned_register(void)
{
  int x = 1; /* { escinfo noescape "x" } */
  int y = 2; /* { escinfo escape.call "y" } */
  int *p = &x;
  *p = 3;
  p = &y;
  keep(p);
}

/* A variable in memory is not: slot holds &y when it is published, but once held &x. */
void reassigned_memory(void)
{
  int x = 1; /* { escinfo noescape "x" xfail "flow-insensitive: slot holds &y, not &x, when it is published" } */
  int y = 2; /* { escinfo escape.global "y" dangling } */
  int *slot = &x; /* { escinfo noescape "slot" } */
  int **ps = &slot;
  **ps = 5;
  *ps = &y;
  g_sink = slot;
}

/* Two parameters, one level apart. */
void link_levels(int **pp, int *p) /* { escinfo noleak "pp" } { escinfo leak.store "p" } */
{
  *pp = p;
}
