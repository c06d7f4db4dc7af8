/* alloc.c - memory for large buffers (a document's text, a message of megabytes). */
#define _GNU_SOURCE /* MADV_HUGEPAGE */
#include "alloc.h"

#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

void *esc_alloc_large(size_t n)
{
  size_t rounded = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
  if (rounded < n)
    return NULL;
  void *p = aligned_alloc(HUGE_PAGE, rounded ? rounded : HUGE_PAGE);
#ifdef MADV_HUGEPAGE
  if (p)
    madvise(p, rounded, MADV_HUGEPAGE); /* advice: failing (no THP) changes nothing */
#endif
  return p;
}
