/* routes.c - a buffer that escapes two ways, for the language server's transcript tests. */
void fill(char *buf, int id);

char *name(int id)
{
  char buf[64];
  fill(buf, id);
  return buf;
}
