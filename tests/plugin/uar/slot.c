/* slot.c - a local's address stored through a pointer read from static storage. */
static int *cell;
static int **slot = &cell;

static void publish(void)
{
  int v = 5;
  *slot = &v;
}

int main(void)
{
  publish();
  return *cell == 5 ? 0 : 1;
}
