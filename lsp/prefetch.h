/* prefetch.h - reading a document's facts while its didOpen is still arriving.
 *
 * A large file's didOpen takes tens of milliseconds to cross the pipe and be decoded, and its
 * facts depend only on its URI, which clients put before the text.  When the first bytes of a
 * large message show a didOpen's URI, the server reads that file's facts on a thread
 * (prefetch_start); the didOpen's handler then takes them (prefetch_finish) instead of reading
 * them itself, and places them in the buffer.  The thread touches nothing of the server's: it
 * fills its own fact set and keeps the cache's warnings, which are replayed on the main thread.
 * Facts the cache changed since they were read are not used (the index signature is checked). */
#ifndef ESCLSP_PREFETCH_H
#define ESCLSP_PREFETCH_H

#include "facts.h"

#include <stddef.h>

/* The URI of the didOpen whose message starts with HEAD (N bytes, cut anywhere), malloc'd, or
 * NULL when HEAD does not show one: "method" must be "textDocument/didOpen" and come before
 * "params", and params.textDocument.uri must be within HEAD. */
char *prefetch_did_open_uri(const char *head, size_t n);

struct prefetch;

/* Starts reading the facts of CANONICAL (an esc_path_canonical path) from the cache at DIR on
 * a thread; when the cache has none, from the object the compile_commands.json at
 * COMPILE_COMMANDS (NULL: the one found from the file, as clangd finds it) names.  NULL when no
 * thread can be started or memory runs out (the handler then reads them itself). */
struct prefetch *prefetch_start(const char *dir, const char *canonical,
                                const char *compile_commands);

/* Waits for P and frees it.  When P was for CANONICAL in DIR and the cache's index of it has not
 * changed since, returns 1 with SET holding the facts (not placed; SET->object says when they
 * come from an object), or -1 with the reason in ERR when the cache could not be read; the
 * warnings met go to WARN.  Returns 0 when P is of no use (SET then untouched). */
int prefetch_finish(struct prefetch *p, const char *dir, const char *canonical,
                    struct fact_set *set, esc_cache_warn_fn warn, void *warn_ctx, char *err,
                    size_t errlen);

/* Waits for P and frees it, unused.  NULL is fine. */
void prefetch_cancel(struct prefetch *p);

#endif /* ESCLSP_PREFETCH_H */
