/* placeless.c - several returns GCC merges into one at -O2, whose step has no place of its own. */
extern int ready(void);
extern void *grow(void *p, unsigned long n);

void *resize(void *old, unsigned long n)
{
  void *p;
  if (!old)
    return 0;
  if (n == 0)
    return 0;
  if (ready())
    p = old;
  else
    p = grow(old, n);
  return p;
}
