/* live.c - compiled during a transcript: the server must pick up the new facts by itself. */
int *slot;

void first(void)
{
  int a = 1;
  slot = &a;
}

int *second(void)
{
  static int fine;
  int b = 2;
  return &b + 0 * fine;
}
