/* wide.c - a fact after non-ASCII text on its line: SARIF columns count code points. */
void keep(int *p);

void wide(void)
{
  /* é → */ int ä_count = 0; keep(&ä_count);
}
