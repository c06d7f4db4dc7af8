/* frame.cc - frame.size facts: each function's static stack frame, read after the prologue
 * and epilogue are laid out (the numbers GCC's -fstack-usage prints). */
#include "compat.h"
#include "escinfo-plugin.h"
#include "text.h"

namespace {

const pass_data frame_pass_data = {
  RTL_PASS, "escinfo_frame", OPTGROUP_NONE, TV_PLUGIN_RUN, 0, 0, 0, 0, 0,
};

struct frame_pass : rtl_opt_pass {
  frame_pass(gcc::context *ctx) : rtl_opt_pass(frame_pass_data, ctx) {}

  unsigned int execute(function *fun) final override
  {
    if (!fun->su || seen_error())
      return 0;
    tree fndecl = fun->decl;
    if ((!esc_opts.system_headers && DECL_IN_SYSTEM_HEADER(fndecl)) || DECL_ARTIFICIAL(fndecl))
      return 0;
    const char *name = lang_hooks.decl_printable_name(fndecl, 1);
    struct esc_fact *f = esc_report_fact(ESC_SUBJECT_FRAME, ESC_FRAME_SIZE, name, name,
                                         DECL_SOURCE_LOCATION(fndecl));
    if (!f)
      return 0;
    long long bytes = (long long)fun->su->static_stack_size;
    /* "frame of 'NAME': N bytes[ plus dynamic stack space]", without printf (one per
     * function), cut short as snprintf would be */
    char digits[24];
    digits[sizeof digits - 1] = '\0';
    const char *d = esc_decimal(digits + sizeof digits - 1, bytes < 0 ? 0 : (uint64_t)bytes);
    const char *parts[] = {"frame of '", name, "': ", d,
                           fun->su->dynamic_stack_size || fun->calls_alloca
                               ? " bytes plus dynamic stack space" : " bytes"};
    char buf[300];
    size_t len = 0;
    for (const char *part : parts)
      for (; *part && len + 1 < sizeof buf; part++)
        buf[len++] = *part;
    buf[len] = '\0';
    f->message = esc_strdup(buf);
    f->value = bytes;
    return 0;
  }
  opt_pass *clone() final override { return new frame_pass(m_ctxt); }
};

} // namespace

opt_pass *esc_make_frame_pass(gcc::context *ctx)
{
  return new frame_pass(ctx);
}
