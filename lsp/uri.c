/* uri.c - file:// URIs to paths and back (percent-encoding), as LSP clients send and expect them. */
#include "uri.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The value of hex digit C, or -1. */
static int hex_value(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char *uri_to_path(const char *uri)
{
  if (!uri || strncasecmp(uri, "file:", 5) != 0)
    return NULL;
  const char *p = uri + 5;
  if (strncmp(p, "//", 2) == 0) {
    p += 2;
    if (strncasecmp(p, "localhost/", 10) == 0)
      p += 9;
    else if (*p != '/') /* a remote host: not a local file */
      return NULL;
  }
  if (*p != '/')
    return NULL;
  size_t n = strcspn(p, "?#");
  char *path = malloc(n + 1), *out = path;
  if (!path)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    int hi, lo;
    if (p[i] == '%' && i + 2 < n && (hi = hex_value(p[i + 1])) >= 0
        && (lo = hex_value(p[i + 2])) >= 0) {
      if (hi == 0 && lo == 0) {
        free(path);
        return NULL;
      }
      *out++ = (char)(hi << 4 | lo);
      i += 2;
    } else {
      *out++ = p[i];
    }
  }
  *out = '\0';
  return path;
}

/* Bytes a file: URI keeps as they are. */
static bool keeps(unsigned char c)
{
  return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

char *uri_from_path(const char *path)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(path);
  char *uri = malloc(7 + 3 * n + 1);
  if (!uri)
    return NULL;
  memcpy(uri, "file://", 7);
  char *out = uri + 7;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)path[i];
    if (keeps(c) && c < 0x80) {
      *out++ = (char)c;
    } else {
      *out++ = '%';
      *out++ = hex[c >> 4];
      *out++ = hex[c & 15];
    }
  }
  *out = '\0';
  return uri;
}
