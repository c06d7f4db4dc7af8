/* uri.h - file:// URIs to paths and back (percent-encoding), as LSP clients send and expect them. */
#ifndef ESCLSP_URI_H
#define ESCLSP_URI_H

/* The local path of a file: URI ("file:///a%20b/c.c" -> "/a b/c.c"; "file://localhost/..."
 * too).  Returns a malloc'd path the caller frees, or NULL when URI is not a file: URI with an
 * absolute path, holds an encoded NUL, or memory runs out. */
char *uri_to_path(const char *uri);

/* The file: URI of the absolute PATH, percent-encoding every byte but unreserved characters and
 * '/'.  Returns a malloc'd URI the caller frees, or NULL when out of memory. */
char *uri_from_path(const char *path);

#endif /* ESCLSP_URI_H */
