/* main.c - the escinfo command: reads the escape facts stored in the cache; the verbs are a file each, this is their dispatcher. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PACKAGE_VERSION
#error "PACKAGE_VERSION comes from configure.ac (AC_INIT), through -D"
#endif

static const char usage_text[] =
  "Usage: escinfo show [--json] [-v|--flow] [--show-suppressed] [--cache=DIR] FILE...\n"
  "       escinfo stats [--cache=DIR]\n"
  "       escinfo gc [--dry-run] [--cache=DIR]\n"
  "       escinfo codes [--json]\n"
  "       escinfo scan [-p BUILD_DIR] [-j N] [--force] [--plugin=PATH] [--cache=DIR] [FILE...]\n"
  "       escinfo check [--fail-on=CODES] [--baseline=FILE] [--show-fixed]\n"
  "                     [--show-suppressed] [--root=DIR] [--cache=DIR] [PATH...]\n"
  "       escinfo baseline [-o FILE] [--root=DIR] [--cache=DIR] [PATH...]\n"
  "       escinfo sarif [-o FILE] [--codes=CODES] [--docs-url=URL] [--root=DIR]\n"
  "                     [--cache=DIR] [PATH...]\n"
  "       escinfo report -o DIR [--baseline=FILE] [--docs-url=URL] [--root=DIR]\n"
  "                     [--cache=DIR] [PATH...]\n"
  "       escinfo import [--prefix-map=OLD=NEW]... [--cache=DIR] PATH...\n"
  "       escinfo --help | --version\n"
  "\n"
  "Reads the escape facts that the GCC plugin (-fplugin=escinfo.so) stored in the cache.\n"
  "Run as escinfo-cc or escinfo-c++, it is the compiler with the plugin, for build farms\n"
  "(CC=\"distcc escinfo-cc\"): docs/build-engines.md.\n"
  "\n"
  "Commands:\n"
  "  show FILE...   print the facts located in each FILE, from every compile that\n"
  "                 covered it (the newest when several hold the same fact), as\n"
  "                   FILE:LINE:COL: note: MESSAGE [escinfo:CODE]\n"
  "                 followed by the flow steps (with -v), one line per other route\n"
  "                 by which the address escapes (with its steps, with -v), and\n"
  "                 the fact's note, if any; a FILE that is an object, archive or\n"
  "                 binary: the facts it carries (-fplugin-arg-escinfo-embed)\n"
  "  stats          count entries, indexed files, facts by code and bytes on disk\n"
  "  gc             remove the entries whose main source file is gone, stale index\n"
  "                 markers, and temp files older than an hour\n"
  "  codes          list the fact codes: group, severity, shown by default or not,\n"
  "                 label and meaning (docs/codes.md has more)\n"
  "  scan [FILE...] run every compile of compile_commands.json (or those of the\n"
  "                 FILEs) again with the plugin, analysis only: facts into the\n"
  "                 cache, no object or other file written; units whose files did\n"
  "                 not change since their facts were written are skipped\n"
  "  check          fail (exit 1) when a fact of the chosen codes sits in a file\n"
  "                 under the PATHs (default: the root) and is neither suppressed\n"
  "                 by an escinfo-ignore comment nor in the baseline; print each\n"
  "                 as FILE:LINE:COL: warning: MESSAGE [escinfo:CODE] with its flow\n"
  "  baseline       write the facts under the PATHs, for check --baseline\n"
  "  sarif          write the facts under the PATHs as a SARIF 2.1.0 log\n"
  "  import PATH... put into the cache the facts that objects, archives,\n"
  "                 executables and shared libraries carry (compiled with\n"
  "                 -fplugin-arg-escinfo-embed); directories are searched\n"
  "  report         write the facts under the PATHs as a static site to browse:\n"
  "                 DIR/index.html (charts, dangling facts first, frames, the\n"
  "                 trend against a baseline) and a page per source file\n"
  "\n"
  "Options:\n"
  "  --cache=DIR    the cache directory (default: $ESCINFO_CACHE_DIR, else\n"
  "                 $XDG_CACHE_HOME/escinfo, else $HOME/.cache/escinfo)\n"
  "  --json         (show, codes) print one JSON object instead of text\n"
  "  -v, --flow     (show) print how each address escapes, step by step\n"
  "  --dry-run      (gc) print what would be removed, remove nothing\n"
  "  -p BUILD_DIR   (scan) where compile_commands.json is (default: the current\n"
  "                 directory, its build*/ folders, then each parent directory)\n"
  "  -j, --jobs=N   (scan) compiles at once (default: the number of cores)\n"
  "  --force        (scan) analyse every unit, changed or not\n"
  "  --plugin=PATH  (scan) the plugin (default: $ESCINFO_PLUGIN, else the installed\n"
  "                 " ESCINFO_PLUGIN_PATH ")\n"
  "  --show-suppressed  (show, check) also print the facts escinfo-ignore\n"
  "                 comments suppress, and by which comment\n"
  "  --fail-on=CODES  (check) the facts that fail: a comma-separated list of\n"
  "                 codes, groups (escape.*) and 'dangling' (default:\n"
  "                 dangling,escape.*)\n"
  "  --baseline=FILE  (check, report) facts accepted already (escinfo baseline\n"
  "                 writes it)\n"
  "  --show-fixed   (check) also print the baseline's facts that are gone\n"
  "  --root=DIR     (check, baseline, sarif, report) paths are printed and keyed\n"
  "                 relative\n"
  "                 to DIR (default: the current directory)\n"
  "  -o, --output=FILE  (baseline, sarif) write there (default: standard output);\n"
  "                 (report) the directory to write the site into\n"
  "  --codes=CODES  (sarif) the facts in the log, as for --fail-on (default: the\n"
  "                 codes an editor shows by default, and every dangling fact)\n"
  "  --docs-url=URL (sarif, report) where the codes' documentation is (default: the\n"
  "                 installed codes.md)\n"
  "  --prefix-map=OLD=NEW  (import) paths starting with OLD start with NEW\n"
  "                 instead (repeatable; the last that matches wins)\n"
  "  -h, --help     print this help\n"
  "  --version      print the version\n"
  "\n"
  "Exit status: 0 on success; 1 when show finds no facts for any FILE, the cache cannot\n"
  "be read, a compile of scan fails or check finds a fact; 2 on a usage error (and for\n"
  "check, baseline and sarif: an unreadable cache or baseline, or no facts at all).\n";

/* ---- command line ------------------------------------------------------------------------- */

/* Prints "escinfo: MESSAGE" and the usage hint on stderr; returns EXIT_USAGE. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
  va_list ap;
  fputs("escinfo: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\nTry 'escinfo --help' for more information.\n", stderr);
  return EXIT_USAGE;
}

enum {
  LONG_CACHE = 256, LONG_JSON, LONG_DRY_RUN, LONG_FORCE, LONG_PLUGIN, LONG_ROOT, LONG_FAIL_ON,
  LONG_BASELINE, LONG_SHOW_FIXED, LONG_SHOW_SUPPRESSED, LONG_CODES, LONG_DOCS_URL, LONG_PREFIX_MAP
};

static const struct option long_options[] = {
  { "cache", required_argument, NULL, LONG_CACHE },
  { "json", no_argument, NULL, LONG_JSON },
  { "flow", no_argument, NULL, 'v' },
  { "dry-run", no_argument, NULL, LONG_DRY_RUN },
  { "jobs", required_argument, NULL, 'j' },
  { "force", no_argument, NULL, LONG_FORCE },
  { "plugin", required_argument, NULL, LONG_PLUGIN },
  { "root", required_argument, NULL, LONG_ROOT },
  { "fail-on", required_argument, NULL, LONG_FAIL_ON },
  { "baseline", required_argument, NULL, LONG_BASELINE },
  { "show-fixed", no_argument, NULL, LONG_SHOW_FIXED },
  { "show-suppressed", no_argument, NULL, LONG_SHOW_SUPPRESSED },
  { "output", required_argument, NULL, 'o' },
  { "codes", required_argument, NULL, LONG_CODES },
  { "docs-url", required_argument, NULL, LONG_DOCS_URL },
  { "prefix-map", required_argument, NULL, LONG_PREFIX_MAP },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* Reports a failure of getopt_long: an unknown option, a missing or unexpected value. */
static int bad_option(int c, const char *arg)
{
  if (c == ':')
    return usage_error("option '%s' needs a value", arg);
  if (optopt && strncmp(arg, "--", 2) == 0)
    return usage_error("option '%s' takes no value", arg);
  if (optopt)
    return usage_error("unknown option '-%c'", optopt);
  return usage_error("unknown option '%s'", arg);
}

/* Parses the options of the command argv[0], which accepts --cache, --help and the options in
 * ALLOWED.  Returns -1 when the command should run, or the exit status to end with (after the
 * help or an error message). */
static int parse_options(int argc, char **argv, unsigned allowed, struct options *o)
{
  int c;
  memset(o, 0, sizeof *o);
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":vhp:j:o:", long_options, NULL)) != -1) {
    unsigned needs = c == LONG_JSON ? OPT_JSON : c == 'v' ? OPT_FLOW
                     : c == LONG_DRY_RUN ? OPT_DRY_RUN
                     : c == 'p' || c == 'j' || c == LONG_FORCE || c == LONG_PLUGIN ? OPT_SCAN
                     : c == LONG_ROOT ? OPT_ROOT
                     : c == LONG_FAIL_ON || c == LONG_SHOW_FIXED ? OPT_CHECK
                     : c == LONG_BASELINE ? OPT_BASELINE
                     : c == LONG_SHOW_SUPPRESSED ? OPT_SUPPRESSED
                     : c == 'o' ? OPT_OUTPUT
                     : c == LONG_CODES ? OPT_CODES
                     : c == LONG_DOCS_URL ? OPT_DOCS
                     : c == LONG_PREFIX_MAP ? OPT_IMPORT : 0;
    if (needs && !(allowed & needs))
      return usage_error("'escinfo %s' has no option '%s'", argv[0], argv[optind - 1]);
    char *end;
    switch (c) {
    case LONG_CACHE: o->cache = optarg; break;
    case LONG_JSON: o->json = true; break;
    case 'v': o->flow = true; break;
    case LONG_DRY_RUN: o->dry_run = true; break;
    case 'p': o->build_dir = optarg; break;
    case 'j':
      errno = 0;
      long n = strtol(optarg, &end, 10);
      if (errno || *end || n < 1 || n > 1024)
        return usage_error("bad value '%s' for -j; use a number of compiles from 1 to 1024",
                           optarg);
      o->jobs = (int)n;
      break;
    case LONG_FORCE: o->force = true; break;
    case LONG_PLUGIN: o->plugin = optarg; break;
    case LONG_ROOT: o->root = optarg; break;
    case LONG_FAIL_ON: o->fail_on = optarg; break;
    case LONG_BASELINE: o->baseline = optarg; break;
    case LONG_SHOW_FIXED: o->show_fixed = true; break;
    case LONG_SHOW_SUPPRESSED: o->show_suppressed = true; break;
    case 'o': o->output = optarg; break;
    case LONG_CODES: o->codes = optarg; break;
    case LONG_DOCS_URL: o->docs_url = optarg; break;
    case LONG_PREFIX_MAP:
      if (!o->prefix_maps && !(o->prefix_maps = calloc((size_t)argc, sizeof *o->prefix_maps)))
        return out_of_memory();
      o->prefix_maps[o->nprefix_maps++] = optarg;
      break;
    case 'h': fputs(usage_text, stdout); return 0;
    default: return bad_option(c, argv[optind - 1]);
    }
  }
  o->files = argv + optind;
  o->nfiles = argc - optind;
  return -1;
}

int check_cache_dir(const char *dir, bool missing_ok)
{
  struct stat st;
  if (stat(dir, &st) != 0) {
    if (errno == ENOENT && missing_ok)
      return 0;
    if (errno == ENOENT)
      fprintf(stderr, "escinfo: no cache at '%s' (compile with -fplugin=escinfo.so first)\n",
              dir);
    else
      fprintf(stderr, "escinfo: cannot read cache '%s': %s\n", dir, strerror(errno));
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    fprintf(stderr, "escinfo: cannot read cache '%s': %s\n", dir, strerror(ENOTDIR));
    return 1;
  }
  if (access(dir, R_OK | X_OK) != 0) {
    fprintf(stderr, "escinfo: cannot read cache '%s': %s\n", dir, strerror(errno));
    return 1;
  }
  return 0;
}

int out_of_memory(void)
{
  fputs("escinfo: out of memory\n", stderr);
  return 1;
}

void warn_entry(void *ctx, const char *path, const char *reason)
{
  (void)ctx;
  fflush(stdout);
  fprintf(stderr, "escinfo: warning: skipping cache entry '%s': %s\n", path, reason);
}

/* ---- main --------------------------------------------------------------------------------- */

struct command {
  const char *name;
  unsigned options; /* OPT_* it accepts besides --cache and --help */
  enum { NO_FILES, SOME_FILES, ANY_FILES } files; /* none; at least one; any number */
  bool uses_cache;  /* the cache directory must be found */
  cli_verb_fn *run;
};

static const struct command commands[] = {
  { "show", OPT_JSON | OPT_FLOW | OPT_SUPPRESSED, SOME_FILES, true, run_show },
  { "stats", 0, NO_FILES, true, run_stats },
  { "gc", OPT_DRY_RUN, NO_FILES, true, run_gc },
  { "codes", OPT_JSON, NO_FILES, false, run_codes },
  { "scan", OPT_SCAN, ANY_FILES, true, run_scan },
  { "check", OPT_ROOT | OPT_CHECK | OPT_BASELINE | OPT_SUPPRESSED, ANY_FILES, true, run_check },
  { "baseline", OPT_ROOT | OPT_OUTPUT, ANY_FILES, true, run_baseline },
  { "sarif", OPT_ROOT | OPT_OUTPUT | OPT_CODES | OPT_DOCS, ANY_FILES, true, run_sarif },
  { "report", OPT_ROOT | OPT_OUTPUT | OPT_BASELINE | OPT_DOCS, ANY_FILES, true, run_report },
  { "import", OPT_IMPORT, SOME_FILES, true, run_import },
};

/* Checks the operands of command C.  Returns -1 when they fit, else EXIT_USAGE. */
static int check_operands(const struct command *c, const struct options *o)
{
  if (c->files == SOME_FILES && o->nfiles == 0)
    return usage_error("'escinfo %s' needs at least one FILE", c->name);
  if (c->files == NO_FILES && o->nfiles > 0)
    return usage_error("'escinfo %s' takes no FILE (got '%s')", c->name, o->files[0]);
  return -1;
}

int main(int argc, char **argv)
{
  char err[ERR_SIZE];
  struct options o;
  const char *self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  if (strcmp(self, "escinfo-cc") == 0 || strcmp(self, "escinfo-c++") == 0)
    return run_cc(argc, argv, self[9] == '+');
  if (argc < 2)
    return usage_error("no command given");
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (strcmp(name, "--version") == 0) {
    puts("escinfo " PACKAGE_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(name, commands[i].name) != 0)
      continue;
    int status = parse_options(argc - 1, argv + 1, commands[i].options, &o);
    if (status < 0)
      status = check_operands(&commands[i], &o);
    if (status >= 0)
      return status;
    char *dir = commands[i].uses_cache ? esc_cache_dir(o.cache, err, sizeof err) : NULL;
    if (commands[i].uses_cache && !dir) {
      fprintf(stderr, "escinfo: %s\n", err);
      return 1;
    }
    status = commands[i].run(dir, &o);
    free(dir);
    return status;
  }
  if (name[0] == '-')
    return usage_error("unknown option '%s' (options follow the command)", name);
  return usage_error("unknown command '%s'", name);
}
