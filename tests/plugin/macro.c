/* macro.c - a fact produced inside a macro expansion. */
#include <stdlib.h>
int **kept;
#define NEW_SLOT() ((int **)malloc(sizeof(int *)))

void via_macro(void)
{
  int **slot;
  slot = NEW_SLOT();
  kept = slot;
}
