/* sys-helper.h - a header included as a system header by the plugin tests. */
extern int *sys_saved;
static inline void sys_keep(int *p)
{
  int inner = *p;
  sys_saved = &inner;
}
