/* library.c - what the C and POSIX library functions do with their pointer arguments, one row a
 * function, for the calls GCC has no body, fnspec or builtin meaning for (docs/design.md).
 *
 * A model is a string: its first character says what the function returns, each following one
 * what it does with one argument, the last one standing for all further (variadic) arguments.
 *
 *   returns   n   no address (an integer, void)
 *             u   memory of unknown origin (library or static storage: getenv, fopen, strerror)
 *             1-9 argument N, or a pointer into what it points to (fgets, strchr)
 *   argument  .   not a pointer, or nothing the function does with it matters
 *             r   reads what it points to; keeps nothing
 *             o   writes what it points to with data from outside the program (read, fread,
 *                 recv, scanf's outputs): pointers read back from there are of unknown origin
 *             e   receives a pointer into argument 1 (strtol's end pointer)
 *             w   sends what it points to out of the process, bytes and all (write, send,
 *                 fwrite): an address among those bytes escapes, beyond tracking
 *
 * Any function not in the table is an unknown function: it may keep every pointer argument and
 * everything reachable from it, store anything there, and return any of it. */
#include "library.h"

#include <stdlib.h>
#include <string.h>

struct library_row {
  const char *name;
  const char *model;
};

/* Sorted by name (checked by esc_library_check), searched by bisection. */
static const struct library_row rows[] = {
  {"__fgets_chk", "1o..r"},
  {"__fprintf_chk", "nr.rr"},
  {"__fread_chk", "no...r"},
  {"__isoc99_fscanf", "nrro"},
  {"__isoc99_scanf", "nro"},
  {"__isoc99_sscanf", "nrro"},
  {"__printf_chk", "n.rr"},
  {"__read_chk", "n.o.."},
  {"__snprintf_chk", "no...rr"},
  {"__sprintf_chk", "no..rr"},
  {"__vfprintf_chk", "nr.rr"},
  {"__vprintf_chk", "n.rr"},
  {"__vsnprintf_chk", "no...rr"},
  {"__vsprintf_chk", "no..rr"},
  {"abs", "n."},
  {"access", "nr."},
  {"atof", "nr"},
  {"atoi", "nr"},
  {"atol", "nr"},
  {"atoll", "nr"},
  {"chdir", "nr"},
  {"chmod", "nr."},
  {"clock_gettime", "n.o"},
  {"close", "n."},
  {"closedir", "nr"},
  {"ctime", "ur"},
  {"dprintf", "n.rr"},
  {"dup", "n."},
  {"dup2", "n.."},
  {"fclose", "nr"},
  {"feof", "nr"},
  {"ferror", "nr"},
  {"fflush", "nr"},
  {"fgetc", "nr"},
  {"fgets", "1o.r"},
  {"fileno", "nr"},
  {"fopen", "urr"},
  {"fprintf", "nrrr"},
  {"fputc", "n.r"},
  {"fputs", "nrr"},
  {"fread", "no..r"},
  {"fscanf", "nrro"},
  {"fseek", "nr.."},
  {"fstat", "n.o"},
  {"ftell", "nr"},
  {"fwrite", "nw..r"},
  {"getc", "nr"},
  {"getchar", "n"},
  {"getcwd", "1o."},
  {"getenv", "ur"},
  {"getline", "noor"},
  {"getpid", "n"},
  {"gettimeofday", "noo"},
  {"gmtime", "ur"},
  {"gmtime_r", "2ro"},
  {"isalnum", "n."},
  {"isalpha", "n."},
  {"isatty", "n."},
  {"isdigit", "n."},
  {"isspace", "n."},
  {"labs", "n."},
  {"localtime", "ur"},
  {"localtime_r", "2ro"},
  {"lseek", "n..."},
  {"lstat", "nro"},
  {"memchr", "1r.."},
  {"memcmp", "nrr."},
  {"memrchr", "1r.."},
  {"mkdir", "nr."},
  {"open", "nr.."},
  {"opendir", "ur"},
  {"perror", "nr"},
  {"posix_memalign", "no.."},
  {"pread", "n.o.."},
  {"printf", "nrr"},
  {"putc", "n.r"},
  {"putchar", "n."},
  {"puts", "nr"},
  {"pwrite", "n.w.."},
  {"rand", "n"},
  {"read", "n.o."},
  {"readdir", "ur"},
  {"readlink", "nro."},
  {"recv", "n.o.."},
  {"recvfrom", "n.o..oo"},
  {"remove", "nr"},
  {"rename", "nrr"},
  {"rmdir", "nr"},
  {"scanf", "nro"},
  {"send", "n.w.."},
  {"sendto", "n.w..r."},
  {"setenv", "nrr."},
  {"sleep", "n."},
  {"snprintf", "no.rr"},
  {"sprintf", "norr"},
  {"srand", "n."},
  {"sscanf", "nrro"},
  {"stat", "nro"},
  {"strcasecmp", "nrr"},
  {"strchr", "1r."},
  {"strcmp", "nrr"},
  {"strcoll", "nrr"},
  {"strcspn", "nrr"},
  {"strerror", "u."},
  {"strlen", "nr"},
  {"strncasecmp", "nrr."},
  {"strncmp", "nrr."},
  {"strnlen", "nr."},
  {"strpbrk", "1rr"},
  {"strrchr", "1r."},
  {"strspn", "nrr"},
  {"strstr", "1rr"},
  {"strtod", "nre"},
  {"strtof", "nre"},
  {"strtoimax", "nre."},
  {"strtol", "nre."},
  {"strtold", "nre"},
  {"strtoll", "nre."},
  {"strtoul", "nre."},
  {"strtoull", "nre."},
  {"strtoumax", "nre."},
  {"system", "nr"},
  {"time", "no"},
  {"tolower", "n."},
  {"toupper", "n."},
  {"unlink", "nr"},
  {"unsetenv", "nr"},
  {"usleep", "n."},
  {"vdprintf", "n.rr"},
  {"vfprintf", "nrrr"},
  {"vprintf", "nrr"},
  {"vsnprintf", "no.rr"},
  {"vsprintf", "norr"},
  {"write", "n.w."},
};

static int by_name(const void *key, const void *row)
{
  return strcmp((const char *)key, ((const struct library_row *)row)->name);
}

const char *esc_library_model(const char *name)
{
  const struct library_row *r =
      bsearch(name, rows, sizeof rows / sizeof rows[0], sizeof rows[0], by_name);
  return r ? r->model : NULL;
}

char esc_library_arg(const char *model, size_t i)
{
  size_t n = strlen(model);
  if (n < 2)
    return '.';
  return model[1 + i < n ? 1 + i : n - 1];
}

size_t esc_library_size(void)
{
  return sizeof rows / sizeof rows[0];
}

const char *esc_library_check(void)
{
  static const char returns[] = "nu123456789", args[] = ".roew";
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    if (i > 0 && strcmp(rows[i - 1].name, rows[i].name) >= 0)
      return rows[i].name;
    const char *m = rows[i].model;
    if (!m[0] || !strchr(returns, m[0]))
      return rows[i].name;
    for (const char *a = m + 1; *a; a++)
      if (!strchr(args, *a))
        return rows[i].name;
  }
  return NULL;
}
