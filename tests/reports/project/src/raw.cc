// raw.cc - a raw string literal holding a comment's text suppresses nothing.
void keep(int *p);

void raw()
{
  int fooled = 0;
  const char *s = R"x(// escinfo-ignore )x"; keep(&fooled); (void)s;
}
