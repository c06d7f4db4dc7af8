/* analyze.h - analysis on save: the compile of a saved file, from compile_commands.json, run again
 * in the background with the plugin (analysis only, as `escinfo scan` runs it), so that new facts
 * reach the cache, and from there the editor, without a build.
 *
 * One run per unit at a time: a request for a unit already running stops that run (its process
 * group gets SIGTERM) and starts it again once it has ended; at most max_jobs run at once, the
 * others wait in order.  The callbacks say when a unit starts and how it ended. */
#ifndef ESCLSP_ANALYZE_H
#define ESCLSP_ANALYZE_H

#include "compdb.h"
#include "scan-command.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <uv.h>

struct analyzer_callbacks {
  void *ctx;
  /* FILE's unit (FILE: the main file, canonical) began to compile */
  void (*started)(void *ctx, const char *file);
  /* ... and ended: OK, or failed with MESSAGE (one line: the compiler's first error, or how it
   * ended) and OUTPUT (all it printed, up to 64 KiB) */
  void (*finished)(void *ctx, const char *file, bool ok, const char *message, const char *output);
};

/* What a request needs from the settings. */
struct analysis_request {
  const char *file;             /* the saved document's file, canonical */
  const char *compile_commands; /* compile_commands.json or its directory; NULL: found from FILE */
  const char *plugin;           /* escinfo.so; NULL: $ESCINFO_PLUGIN, else the installed one */
  const char *cache_dir;        /* where the facts go */
  unsigned max_jobs;
};

struct analysis_job;
struct analysis_db;
struct analysis_compiler;

struct analyzer {
  uv_loop_t *loop;
  struct analyzer_callbacks cb;
  struct analysis_job *jobs;        /* waiting and running, in request order */
  struct analysis_db *dbs;          /* the databases read, reread when they change */
  struct analysis_compiler *compilers; /* compilers checked */
  unsigned max_jobs;
  bool closing;
};

void analyzer_init(struct analyzer *a, uv_loop_t *loop, const struct analyzer_callbacks *cb);

/* Asks for the analysis of R->file's unit.  Returns 0 when it is queued (or will run again);
 * 1 when it cannot run, with the reason in WHY (no database covers the file, no entry compiles
 * it, its compiler is not the plugin's GCC, no plugin); -1 when memory runs out. */
int analyzer_request(struct analyzer *a, const struct analysis_request *r, char *why,
                     size_t whylen);

/* The object the entry compiling FILE writes (compdb_object_of), in the compile_commands.json
 * COMPILE_COMMANDS or found from FILE.  Malloc'd, or NULL when there is none. */
char *analyzer_object_of(struct analyzer *a, const char *file, const char *compile_commands);

/* The compile_commands.json (COMPILE_COMMANDS, else found from FILE) that has an entry compiling
 * FILE, malloc'd; NULL when there is none. */
char *analyzer_database_of(struct analyzer *a, const char *file, const char *compile_commands);

/* Whether FILE's unit is waiting or running. */
bool analyzer_busy(const struct analyzer *a, const char *file);

/* Stops every run and forgets the rest; the process and pipe handles close on the loop.
 * analyzer_closed says when they have. */
void analyzer_close(struct analyzer *a);
bool analyzer_closed(const struct analyzer *a);

#endif /* ESCLSP_ANALYZE_H */
