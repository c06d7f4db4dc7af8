/* nofacts.c - never compiled in the tests. */
int nothing(void) { return 0; }
