/* cc.c - escinfo-cc and escinfo-c++: the compiler with the plugin, for build farms and caches.
 *
 * `CC="distcc escinfo-cc"`: distccd refuses jobs whose command line names a plugin, so the plugin
 * is added here, on each side, by a compiler of its own name.  A compile runs the GCC the plugin
 * is built for with -fplugin, -fplugin-arg-escinfo-embed (the facts travel in the object),
 * -fplugin-arg-escinfo-no-cache (a farm host's user has no business with a cache) and
 * -fworking-directory.  A preprocessing run (-E, what the farm's client does locally) gets the
 * same arguments: the plugin, loaded into it with embed, appends the hashes of the sources to the
 * text (gccplugin/preprocess.cc), which the farm host, where those files are not, records.
 * docs/build-engines.md has the set-up. */
#define _GNU_SOURCE /* asprintf */
#include "cli.h"
#include "scan-command.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef ESCINFO_GCC_COMMAND
#error "ESCINFO_GCC_COMMAND and ESCINFO_GXX_COMMAND come from configure, through -D"
#endif

int run_cc(int argc, char **argv, bool cxx)
{
  const char *compiler = getenv(cxx ? "ESCINFO_CXX" : "ESCINFO_CC");
  if (!compiler || !*compiler)
    compiler = cxx ? ESCINFO_GXX_COMMAND : ESCINFO_GCC_COMMAND;
  char **args = calloc((size_t)argc + 6, sizeof *args);
  char *plugin_arg = NULL;
  if (!args || asprintf(&plugin_arg, "-fplugin=%s", scan_default_plugin()) < 0)
    return out_of_memory();
  size_t n = 0;
  args[n++] = (char *)compiler;
  args[n++] = plugin_arg;
  args[n++] = "-fplugin-arg-escinfo-embed";
  args[n++] = "-fplugin-arg-escinfo-no-cache";
  args[n++] = "-fworking-directory";
  for (int i = 1; i < argc; i++)
    args[n++] = argv[i];
  execvp(compiler, args);
  fprintf(stderr, "escinfo-cc: cannot run '%s': %s\n", compiler, strerror(errno));
  return 127;
}
