/* suppress.c - escinfo-ignore comments: a suppressed fact leaves the diagnostics, hints and lenses. */
int *registry;
void keep(int *p);

void owner(void)
{
  int kept_local;
  int passed;
  int typo;
  registry = &kept_local; // escinfo-ignore(escape.global): cleared before owner returns
  // escinfo-ignore(escape.call)
  keep(&passed);
  keep(&typo); /* escinfo-ignore(escpae.call) */
  registry = 0;
}
