/* preprocess.cc - preprocessing with embedding on: the text says which sources it came from.
 *
 * icecream preprocesses each unit on the developer's machine with the compile's own arguments,
 * the plugin among them (`gcc -E -fplugin=escinfo.so -fplugin-arg-escinfo-embed ...`), and
 * compiles the text on a farm host, where the developer's files are not.  So when the plugin is
 * loaded into a preprocessing run with `embed`, it appends to the text, once GCC has written it,
 *
 *   #pragma escinfo source("a.c", "fnv1a64:...", 1234)
 *
 * for every file the text's line markers name (system headers only with system-headers); the
 * plugin on the farm records those hashes (report.cc), and editors can tell the facts fresh or
 * stale.  escinfo-cc, which distcc runs, loads the plugin into the preprocessing run the same way.  It also turns on -fworking-directory (GCC's own marker of
 * where the text was made, on anyway with -g), so that the farm's compile names the developer's
 * files.  Nothing happens without `embed`, for -M/-MM (a dependency list, not text) or -dM.
 * Assembler text (.S) gets the lines too: to the assembler, a line that starts with # is a
 * comment. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "cache.h"

#include <fcntl.h>
#include <string>
#include <unistd.h>

/* c-family's; cc1 and cc1plus have them, lto1 does not (see report.cc). */
extern char flag_no_output __attribute__((weak));
extern char flag_dump_macros __attribute__((weak));

namespace {

/* Where the text goes: the -o file, appended to, or a copy of standard output taken before GCC
 * closes it. */
const char *output_path;
int output_fd = -1;

/* The pragma line for the file NAME (as its line markers spell it), or "" when it cannot be read. */
std::string source_pragma(const char *name)
{
  char hash[ESC_HASH_LEN + 1];
  int64_t size;
  if (esc_hash_file(name, hash, &size) != 0)
    return "";
  std::string line = "#pragma escinfo source(\"";
  for (const char *c = name; *c; c++) {
    if (*c == '"' || *c == '\\')
      line += '\\';
    line += *c;
  }
  line += "\", \"";
  line += hash;
  line += "\", " + std::to_string((long long)size) + ")\n";
  return line;
}

bool write_all(int fd, const std::string &text)
{
  for (size_t done = 0; done < text.size();) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += (size_t)n;
  }
  return true;
}

/* PLUGIN_FINISH: GCC has written and closed the text. */
void append_sources(void *, void *)
{
  int fd = output_path ? open(output_path, O_WRONLY | O_APPEND | O_CLOEXEC) : output_fd;
  if (fd >= 0 && !seen_error()) {
    std::string text;
    for (const char *name : esc_files_read())
      text += source_pragma(name);
    if (!write_all(fd, text))
      warning(0, "escinfo: cannot append the sources%' hashes to the preprocessed text: %m");
  }
  if (fd >= 0)
    close(fd);
  output_fd = -1;
}

} // namespace

bool esc_preprocess_init(const char *plugin_name)
{
  if (!flag_preprocess_only)
    return false;
  if (!esc_opts.embed || (&flag_no_output && flag_no_output) ||
      (&flag_dump_macros && flag_dump_macros == 'M'))
    return true;
  if (flag_working_directory == -1)
    flag_working_directory = 1;
  if (asm_file_name && strcmp(asm_file_name, "-") != 0)
    output_path = asm_file_name;
  else if ((output_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)) < 0)
    return true;
  register_callback(plugin_name, PLUGIN_FINISH, append_sources, NULL);
  return true;
}
