/* dropped.c - locals whose only use is to have their address returned.  The front end replaces
 * the return by a null pointer (after -Wreturn-local-addr); at -O1 and above GCC then drops the
 * unused local before any analysis runs.  They are still subjects, with the verdict of -O0:
 * a dangling escape.return, at every level. */
struct pair {
  int a, b;
};

int *uninitialised(void)
{
  int x; /* { escinfo escape.return "x" dangling } */
  return &x;
}

char *uninitialised_array(void)
{
  char buf[16]; /* { escinfo escape.return "buf" dangling } */
  return buf;
}

struct pair *uninitialised_struct(void)
{
  struct pair p; /* { escinfo escape.return "p" dangling } */
  return &p;
}

int *member_of(void)
{
  struct pair q; /* { escinfo escape.return "q" dangling } */
  return &q.b;
}

int *twice(int c)
{
  int y; /* { escinfo escape.return "y" dangling } */
  if (c)
    return &y;
  return &y + 1;
}

/* A parameter's own address: the parameter stays (it is an argument), the same verdict. */
int *param_address(int v) /* { escinfo escape.return "v" dangling } */
{
  return &v;
}
