/* global.c - addresses stored into global, static and thread-local variables (Go: "sink = &x").
 *
 * A local stored into static storage dangles once its function returns (dangling=true); a heap
 * block stored there is simply shared.  Globals and static locals are never subjects. */
#include <stdlib.h>
#include <string.h>

struct config {
  const char *name;
  const char *path;
};

struct holder {
  int *p;
};

int *g_last;
static const char *g_names[8];
struct config g_config;
struct holder *g_holder;
int g_counter;
int *g_current;
extern void run_current(void);

/* Stored straight into a global. */
void remember(void)
{
  int x = 1; /* { escinfo escape.global "x" dangling } { escinfo-flow "x" "'g_last'" } */
  g_last = &x;
}

/* A static local is static storage too. */
void note_value(int v)
{
  static int *seen;
  int copy = v; /* { escinfo escape.global "copy" dangling } */
  seen = &copy;
  (void)seen;
}

/* An element of a global array. */
void name_slot(int i)
{
  char name[16]; /* { escinfo escape.global "name" dangling } */
  strcpy(name, "slot");
  g_names[i & 7] = name;
}

/* A field of a global struct. */
void use_temp_path(void)
{
  char path[64]; /* { escinfo escape.global "path" dangling } */
  strcpy(path, "/tmp/escinfo");
  g_config.path = path;
}

/* A heap copy in a global: escapes, not dangling; the parameter itself is only read by strdup. */
void set_config_name(const char *name) /* { escinfo noleak "name" } */
{
  g_config.name = strdup(name); /* { escinfo escape.global "strdup" } */
}

/* A parameter stored into a global leaks. */
void set_default_path(const char *p) /* { escinfo leak.global "p" } */
{
  g_config.path = p;
}

/* Transitive: h escapes into the global, so what h holds escapes the same way. */
void publish(void)
{
  int x = 0; /* { escinfo escape.global "x" dangling } { escinfo-flow "x" "'g_holder'" } */
  struct holder h; /* { escinfo escape.global "h" dangling } */
  h.p = &x;
  g_holder = &h;
}

/* The address of a global stored in a global: no local, no fact. */
void point_at_counter(void)
{
  g_last = &g_counter;
}

/* A "current context" pointer set for the duration of a call and reset afterwards: the address
 * is visible to run_current(), so it escapes, but it does not outlive the frame.  The analysis
 * is flow-insensitive and cannot see the reset. */
void with_current(void)
{
  int ctx = 0; /* { escinfo escape.global "ctx" xfail "flow-insensitive: g_current is reset before returning, so ctx does not dangle" } */
  g_current = &ctx;
  run_current();
  g_current = NULL;
}
