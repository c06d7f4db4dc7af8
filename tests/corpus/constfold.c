/* constfold.c - code behind a condition on const variables with constant initializers.  When
 * optimizing, GCC's C front end reads such a variable as its constant and drops the code the
 * condition never reaches; the analysis leaves that code out at every level, so that the
 * verdicts agree.  A condition on an ordinary variable is not folded at any level. */
int *g_seen;
static const int debug_level = 0;

void const_guard(void)
{
  const int enabled = 0;
  int v = 1; /* { escinfo noescape "v" } */
  if (enabled)
    g_seen = &v;
}

void const_expression_guard(void)
{
  const unsigned short mask = 0x5824;
  int w = 2; /* { escinfo noescape "w" } */
  if ((mask & 0x8000) != 0)
    g_seen = &w;
}

void global_const_guard(void)
{
  int d = 3; /* { escinfo noescape "d" } */
  if (debug_level > 2)
    g_seen = &d;
}

void taken_branch(void)
{
  const int enabled = 1;
  int t = 4; /* { escinfo escape.global "t" dangling } */
  if (enabled)
    g_seen = &t;
}

/* An ordinary variable: the condition stays, the escape with it. */
void variable_guard(void)
{
  int enabled = 0;
  int u = 5; /* { escinfo escape.global "u" dangling } */
  if (enabled)
    g_seen = &u;
}

void const_switch(void)
{
  const int mode = 2;
  int s = 6; /* { escinfo noescape "s" } */
  switch (mode) {
  case 1:
    g_seen = &s;
    break;
  default:
    break;
  }
}

void const_switch_taken(void)
{
  const int mode = 1;
  int k = 7; /* { escinfo escape.global "k" dangling } { escinfo-flow "k" "'g_seen'" } */
  switch (mode) {
  case 1:
    g_seen = &k;
    break;
  default:
    break;
  }
}

void const_loop(void)
{
  int l = 8; /* { escinfo noescape "l" } */
  while (debug_level > 5)
    g_seen = &l;
}

/* A const pointer initialized with a global's address is that address when optimizing: never
 * null, so the branch for null is dropped at every level. */
long g_table[8];

void const_pointer_never_null(int n)
{
  int loc = n; /* { escinfo noescape "loc" } */
  const long *const slot = &g_table[4];
  if (slot != 0)
    n++;
  else
    g_seen = &loc;
}
