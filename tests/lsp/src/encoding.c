/* encoding.c - facts after tabs and multi-byte characters, for position-encoding tests. */
int *sink;

void wide(void)
{
	int tabbed = 1; sink = &tabbed;
  /* é */ int two = 2; sink = &two;
  /* € */ int three = 3; sink = &three;
  /* 😀 */ int four = 4; sink = &four;
}
