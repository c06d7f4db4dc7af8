/* keep.c - escinfo-ignore comments of every shape, and words that only look like one. */
int *registry;
void keep(int *p);
void hold(int *p);

void shapes(void)
{
  int after_code, line_above, block_above, group, every, typo, in_string, other_code;
  registry = &after_code; // escinfo-ignore(escape.global): cleared before shapes returns
  // escinfo-ignore(escape.call)
  keep(&line_above);
  /* escinfo-ignore( escape.call , leak.call ) -- the block form,
     on two lines */
  keep(&block_above);
  hold(&group); // escinfo-ignore(escape.*)
  hold(&every); // escinfo-ignore
  hold(&typo); // escinfo-ignore(escpae.call)
  const char *s = "// escinfo-ignore"; hold(&in_string); (void)s;
  hold(&other_code); // escinfo-ignore(leak.call)
  registry = 0;
}
