/* optimised.c - the note on what GCC's optimizer makes of an escape (plugin-args.sh). */
extern void keep(const char **p);
const char *last_name;

/* A parameter whose address is passed on: still passed in the generated code, no note. */
int parameter_passed_on(const char *s)
{
  keep(&s);
  return *s;
}

/* Called through a pointer to a known function: GCC calls it directly at -O2 and inlines it, and
 * the address is no longer taken in the generated code. */
static int get(int *p)
{
  return *p;
}

int via_pointer(void)
{
  int (*fp)(int *) = get;
  int x = 1;
  return fp(&x);
}
