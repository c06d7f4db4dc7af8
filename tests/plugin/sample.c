/* sample.c - a small unit for the plugin's argument, remark and fault tests. */
int *saved;
void consume(const int *p);

void remember(void)
{
  int local = 1;
  int *p = &local;
  saved = p;
}

int scratch(void)
{
  int total = 0;
  int tmp[4] = {1, 2, 3, 4};
  for (int *q = tmp; q < tmp + 4; q++)
    total += *q;
  return total;
}

void hand_over(int *param)
{
  consume(param);
}
