/* declarators.c - locals whose declarators go on after their names, for inlay hint placement. */
char *kept;

void arrays(void)
{
  char grid[4][8];
  char line [16];
  kept = grid[0];
  kept = line;
}
