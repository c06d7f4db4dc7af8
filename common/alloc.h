/* alloc.h - memory for large buffers (a document's text, a message of megabytes). */
#ifndef ESCINFO_ALLOC_H
#define ESCINFO_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Buffers at least this large are worth esc_alloc_large. */
#define ESC_LARGE_BUFFER ((size_t)4 * 1024 * 1024)

/* N bytes (uninitialised) for a buffer about to be filled: aligned to 2 MiB and, where the kernel
 * offers it, advised to use transparent huge pages, so that writing it costs a few page faults
 * rather than one per 4 KiB (each zeroing a page: a third of the time of taking in a document of
 * 10 MB).  Freed with free(); NULL when out of memory. */
void *esc_alloc_large(size_t n);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_ALLOC_H */
