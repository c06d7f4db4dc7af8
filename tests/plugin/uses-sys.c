/* uses-sys.c - calls into a system header; the header's own facts are not the user's. */
#include <sys-helper.h>
int *sys_saved;
void user(void)
{
  int mine = 2;
  sys_keep(&mine);
}
