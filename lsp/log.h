/* log.h - the language server's log: levels, a destination, and calls that cost nothing when off. */
#ifndef ESCLSP_LOG_H
#define ESCLSP_LOG_H

#include <stdbool.h>

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/* Messages above this level are dropped before their arguments are evaluated. */
extern int log_threshold;

#define log_enabled(level) ((int)(level) <= log_threshold)
#define log_at(level, ...)                                                                         \
  do {                                                                                             \
    if (log_enabled(level))                                                                        \
      log_write(level, __VA_ARGS__);                                                               \
  } while (0)
#define log_error(...) log_at(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...) log_at(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_at(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_at(LOG_LEVEL_DEBUG, __VA_ARGS__)

/* Parses "error", "warn", "info" or "debug".  Returns the level, or -1 for anything else. */
int log_level_from_name(const char *name);

/* Sends the log to PATH (appending) instead of stderr.  Returns 0, or -1 with errno set when
 * the file cannot be opened (the log stays on stderr). */
int log_open(const char *path);

/* Closes the log file opened by log_open, if any; the log goes back to stderr. */
void log_close(void);

/* Is NAME in the directory DIR the file the log goes to (a log file, or the file standard error
 * was sent to)?  A watcher of DIR ignores such changes: else each one it logged would be another. */
bool log_is_file(const char *dir, const char *name);

/* Writes one line: time, level, message.  Use the macros above, which skip the call (and the
 * evaluation of the arguments) when LEVEL is off. */
void log_write(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* ESCLSP_LOG_H */
