/* plugin.cc - escinfo.so's entry point: version check, arguments, pass registration. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "plugin-version.h"

int plugin_is_GPL_compatible;

struct esc_options esc_opts;
const char *esc_gcc_version = "";

namespace {

const char help[] =
  "Reports where the addresses of variables go (escape facts) into a cache and as notes.\n"
  "  -fplugin-arg-escinfo-cache=DIR        cache directory (default: $ESCINFO_CACHE_DIR,\n"
  "                                        $XDG_CACHE_HOME/escinfo, ~/.cache/escinfo)\n"
  "  -fplugin-arg-escinfo-no-cache         do not write the cache\n"
  "  -fplugin-arg-escinfo-remarks[=1|2]    print facts as notes; 2 adds non-escaping facts,\n"
  "                                        frame sizes and each escape's flow\n"
  "  -fplugin-arg-escinfo-large-local=N    bytes above which a local is reported, and a heap\n"
  "                                        block no stack candidate (default 4096)\n"
  "  -fplugin-arg-escinfo-system-headers   also report facts located in system headers\n"
  "  -fplugin-arg-escinfo-log=FILE         append a log of the plugin's work to FILE\n"
  "  -fplugin-arg-escinfo-analysis-only    facts only: skip code generation (no frame sizes;\n"
  "                                        compile with -S -o /dev/null)\n"
  "  -fplugin-arg-escinfo-output=PATH      record PATH as the compile's output (the object\n"
  "                                        the build makes), not the one of this compile\n"
  "  -fplugin-arg-escinfo-embed            also put the facts into the object, in a section\n"
  "                                        of their own (.escinfo), for caches and farms\n"
  "  -fplugin-arg-escinfo-id=TEXT          ignored: puts TEXT (say the plugin's hash) into the\n"
  "                                        command line, for build caches that do not hash\n"
  "                                        plugins (sccache)";

struct plugin_info info = {ESCINFO_VERSION, help};

const char *const valid_keys =
  "cache, no-cache, remarks, large-local, system-headers, log, analysis-only, output, embed, id";

bool parse_long(const char *s, long lo, long hi, long *out)
{
  if (!s || !*s)
    return false;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v < lo || v > hi)
    return false;
  *out = v;
  return true;
}

/* Reads the arguments; an unknown key or a bad value is an error naming it. */
bool parse_arguments(struct plugin_name_args *args)
{
  bool ok = true;
  esc_opts.write_cache = true;
  esc_opts.large_local = 4096;
  for (int i = 0; i < args->argc; i++) {
    const char *key = args->argv[i].key, *value = args->argv[i].value;
    if (!strcmp(key, "cache")) {
      if (!value || !*value) {
        error("escinfo: %<-fplugin-arg-escinfo-cache%> needs a directory: "
              "%<-fplugin-arg-escinfo-cache=DIR%>");
        ok = false;
      } else
        esc_opts.cache_dir = value;
    } else if (!strcmp(key, "no-cache")) {
      if (value) {
        error("escinfo: %<-fplugin-arg-escinfo-no-cache%> takes no value");
        ok = false;
      }
      esc_opts.write_cache = false;
    } else if (!strcmp(key, "remarks")) {
      long level = 1;
      if (value && !parse_long(value, 0, 2, &level)) {
        error("escinfo: bad value %qs for %<-fplugin-arg-escinfo-remarks%>; use 0, 1 or 2",
              value);
        ok = false;
      }
      esc_opts.remarks = (int)level;
    } else if (!strcmp(key, "large-local")) {
      if (!parse_long(value, 0, LONG_MAX, &esc_opts.large_local)) {
        error("escinfo: bad value %qs for %<-fplugin-arg-escinfo-large-local%>; "
              "use a number of bytes", value ? value : "");
        ok = false;
      }
    } else if (!strcmp(key, "system-headers")) {
      esc_opts.system_headers = true;
    } else if (!strcmp(key, "analysis-only")) {
      if (value) {
        error("escinfo: %<-fplugin-arg-escinfo-analysis-only%> takes no value");
        ok = false;
      }
      esc_opts.analysis_only = true;
    } else if (!strcmp(key, "id")) {
      /* nothing: the value is for build caches that hash command lines, not plugins */
    } else if (!strcmp(key, "embed")) {
      if (value) {
        error("escinfo: %<-fplugin-arg-escinfo-embed%> takes no value");
        ok = false;
      }
      esc_opts.embed = true;
    } else if (!strcmp(key, "output")) {
      if (!value || !*value) {
        error("escinfo: %<-fplugin-arg-escinfo-output%> needs a path: "
              "%<-fplugin-arg-escinfo-output=PATH%>");
        ok = false;
      } else
        esc_opts.output = value;
    } else if (!strcmp(key, "log")) {
      if (!value || !*value) {
        error("escinfo: %<-fplugin-arg-escinfo-log%> needs a file: "
              "%<-fplugin-arg-escinfo-log=FILE%>");
        ok = false;
      } else if (!(esc_opts.log = fopen(value, "a"))) {
        warning(0, "escinfo: cannot open log file %qs: %m", value);
      }
    } else {
      error("escinfo: unknown argument %<-fplugin-arg-escinfo-%s%>; valid keys are: %s", key,
            valid_keys);
      ok = false;
    }
  }
  return ok;
}

void pre_genericize(void *fndecl, void *)
{
  esc_note_function_body((tree)fndecl);
}

void finish_unit(void *, void *)
{
  if (!seen_error() && !in_lto_p && !flag_syntax_only) {
    esc_optimised_conclude();
    esc_report_finish_unit();
  }
  else
    esc_tu_free(&esc_unit);
  esc_analysis_finish();
  esc_optimised_finish();
}

/* With analysis-only, every RTL pass is skipped: the facts are complete once the GIMPLE passes
 * have run (the -O2 notes come from the last of them), and code generation is most of a
 * compile's time.  A function that is not expanded is marked as written, as the call graph
 * expects of every function it hands to the pass list. */
void override_gate(void *gcc_data, void *)
{
  bool *gate = (bool *)gcc_data;
  if (!current_pass || current_pass->type != RTL_PASS || !*gate)
    return;
  *gate = false;
  if (current_function_decl && !strcmp(current_pass->name, "expand"))
    TREE_ASM_WRITTEN(current_function_decl) = 1;
}

void register_pragmas(void *, void *)
{
  esc_report_register_pragmas();
}

void finish(void *, void *)
{
  if (esc_opts.log)
    fclose(esc_opts.log);
  esc_opts.log = NULL;
}

} // namespace

int plugin_init(struct plugin_name_args *plugin_info, struct plugin_gcc_version *version)
{
  const char *name = plugin_info->base_name;
  if (!plugin_default_version_check(version, &gcc_version)) {
    error("escinfo: this %<escinfo.so%> was built for GCC %s and cannot be loaded by GCC %s; "
          "rebuild it with this compiler (%<./configure --with-gcc=CC%>)",
          gcc_version.basever, version->basever);
    return 1;
  }
  esc_gcc_version = version->basever;
  register_callback(name, PLUGIN_INFO, NULL, &info);
  if (!parse_arguments(plugin_info))
    return 1;

  /* A preprocessing run (-E) has no functions to analyse; with embed, its text names the hashes of
   * its sources for the machine that compiles it. */
  if (esc_preprocess_init(name)) {
    register_callback(name, PLUGIN_FINISH, finish, NULL);
    return 0;
  }

  /* Frame sizes: makes GCC compute -fstack-usage's numbers without writing a .su file. */
  flag_stack_usage_info = true;

  /* The analysis runs once every function is in SSA form and before any is optimised: every
   * -O level gets there with the same GIMPLE, before inlining or scalarisation rewrite the
   * user's locals, and it sees the whole call graph to go callees first. */
  struct register_pass_info analysis = {esc_make_analysis_pass(g), "build_ssa_passes", 1,
                                        PASS_POS_INSERT_AFTER};
  register_callback(name, PLUGIN_PASS_MANAGER_SETUP, NULL, &analysis);

  /* What the optimizer did to each escape is known once GCC's own points-to analysis has run
   * on the inlined, scalarised function. */
  struct register_pass_info optimised = {esc_make_optimised_pass(g), "alias", 1,
                                         PASS_POS_INSERT_AFTER};
  register_callback(name, PLUGIN_PASS_MANAGER_SETUP, NULL, &optimised);

  /* Frame sizes are final once the prologue and epilogue are laid out. */
  struct register_pass_info frame = {esc_make_frame_pass(g), "pro_and_epilogue", 1,
                                     PASS_POS_INSERT_AFTER};
  register_callback(name, PLUGIN_PASS_MANAGER_SETUP, NULL, &frame);

  /* Compound literals are recognisable only before gimplification. */
  register_callback(name, PLUGIN_PRE_GENERICIZE, pre_genericize, NULL);

  if (esc_opts.analysis_only)
    register_callback(name, PLUGIN_OVERRIDE_GATE, override_gate, NULL);

  /* Hashes of sources given by the machine that preprocessed the input (escinfo-cc). */
  register_callback(name, PLUGIN_PRAGMAS, register_pragmas, NULL);

  /* The unit's facts are printed and saved once, when the unit is done. */
  register_callback(name, PLUGIN_FINISH_UNIT, finish_unit, NULL);
  register_callback(name, PLUGIN_FINISH, finish, NULL);
  return 0;
}
