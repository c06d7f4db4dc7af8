/* log.c - the language server's log: one timestamped line per message, to stderr or a file. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

int log_threshold = LOG_LEVEL_WARN;

static FILE *log_file; /* NULL: stderr */

static const char *const level_names[] = { "error", "warn", "info", "debug" };

int log_level_from_name(const char *name)
{
  for (int i = 0; i < (int)(sizeof level_names / sizeof level_names[0]); i++)
    if (strcmp(name, level_names[i]) == 0)
      return i;
  return -1;
}

int log_open(const char *path)
{
  FILE *f = fopen(path, "a");
  if (!f)
    return -1;
  log_close();
  setvbuf(f, NULL, _IOLBF, 0);
  log_file = f;
  return 0;
}

void log_close(void)
{
  if (log_file)
    fclose(log_file);
  log_file = NULL;
}

bool log_is_file(const char *dir, const char *name)
{
  struct stat mine, other;
  char path[4096];
  if (!dir || !name || fstat(fileno(log_file ? log_file : stderr), &mine) != 0
      || !S_ISREG(mine.st_mode) || snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path
      || stat(path, &other) != 0)
    return false;
  return mine.st_ino == other.st_ino && mine.st_dev == other.st_dev;
}

void log_write(enum log_level level, const char *fmt, ...)
{
  FILE *out = log_file ? log_file : stderr;
  struct timeval tv;
  struct tm tm;
  char stamp[32] = "";
  va_list ap;
  gettimeofday(&tv, NULL);
  if (localtime_r(&tv.tv_sec, &tm))
    strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
  fprintf(out, "esclsp %s.%03ld %c ", stamp, (long)(tv.tv_usec / 1000),
          "EWID"[(unsigned)level < 4 ? level : 0]);
  va_start(ap, fmt);
  vfprintf(out, fmt, ap);
  va_end(ap);
  fputc('\n', out);
  fflush(out);
}
