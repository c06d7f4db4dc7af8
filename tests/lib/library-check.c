/* library-check.c - checks the plugin's table of library models (gccplugin/library.c): sorted,
 * every model well formed, and a few rows read back as documented.  Prints TAP. */
#include <stdio.h>
#include <string.h>

#include "library.h"

static int count;

static void ok(int passed, const char *what)
{
  printf("%s %d - %s\n", passed ? "ok" : "not ok", ++count, what);
}

int main(void)
{
  const char *bad = esc_library_check();
  ok(bad == NULL, "the table is sorted by name and every model is well formed");
  if (bad)
    printf("# first bad row: %s\n", bad);
  printf("# %zu functions modelled\n", esc_library_size());
  const char *m = esc_library_model("fgets");
  ok(m && m[0] == '1' && esc_library_arg(m, 0) == 'o', "fgets returns its buffer, filled from outside");
  m = esc_library_model("write");
  ok(m && esc_library_arg(m, 1) == 'w', "write sends its buffer out of the process");
  m = esc_library_model("scanf");
  ok(m && esc_library_arg(m, 0) == 'r' && esc_library_arg(m, 5) == 'o',
     "scanf reads its format and fills every further argument");
  ok(esc_library_model("no_such_function") == NULL && esc_library_model("") == NULL,
     "a function not in the table has no model");
  printf("1..%d\n", count);
  return 0;
}
