/* check.h - esclsp --check FILE: what the server would publish for one file, printed for people debugging their setup. */
#ifndef ESCLSP_CHECK_H
#define ESCLSP_CHECK_H

/* Prints, for FILE read from disk, the cache searched, the entries found (and whether FILE
 * changed since each), then every diagnostic as "FILE:LINE:COL: SEVERITY: MESSAGE [CODE]"
 * (byte columns, as compilers print them) with its flow.  CACHE_DIR is --cache or NULL.
 * Returns the exit status: 0 when FILE has facts, 1 when it has none or something cannot be
 * read (said on stderr). */
int check_file(const char *file, const char *cache_dir);

#endif /* ESCLSP_CHECK_H */
