/* library.h - models of C and POSIX library functions: what each does with its pointer
 * arguments (library.c). */
#ifndef ESCINFO_LIBRARY_H
#define ESCINFO_LIBRARY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The model of the library function NAME (the format of library.c's header comment), or NULL
 * when it has none: an unknown function. */
const char *esc_library_model(const char *name);
/* What a function of MODEL does with its argument I (0-based): '.', 'r', 'o', 'e' or 'w'. */
char esc_library_arg(const char *model, size_t i);
/* The number of functions modelled. */
size_t esc_library_size(void);
/* NULL when the table is sorted and every model well formed, else the first bad row's name. */
const char *esc_library_check(void);

#ifdef __cplusplus
}
#endif

#endif
