/* optimised.cc - notes on escapes that GCC's optimizer removes: after inlining and GCC's own
 * points-to analysis at -O1 and above, a local the source lets escape may no longer have its
 * address taken at all.  The verdict stays (it is about the source, the same at every level);
 * the fact gets a note saying what the optimized code does. */
#include "compat.h"
#include "escinfo-plugin.h"

namespace {

struct watch {
  unsigned var_uid;
  size_t fact;
  enum esc_code code;
};

/* By the function's DECL_UID: its escaping locals.  Only UIDs and indices: no trees are kept. */
std::map<unsigned, std::vector<watch>> watches;

tree find_local(function *fun, unsigned uid)
{
  unsigned ix;
  tree var;
  FOR_EACH_LOCAL_DECL(fun, ix, var)
    if (DECL_UID(var) == uid)
      return var;
  return NULL_TREE;
}

void add_note(size_t fact, const char *text)
{
  if (fact >= esc_unit.nfacts || esc_unit.facts[fact].note)
    return;
  esc_unit.facts[fact].note = esc_strdup(text);
}

const pass_data optimised_pass_data = {
  GIMPLE_PASS, "escinfo_opt", OPTGROUP_NONE, TV_PLUGIN_RUN, PROP_ssa, 0, 0, 0, 0,
};

struct optimised_pass : gimple_opt_pass {
  optimised_pass(gcc::context *ctx) : gimple_opt_pass(optimised_pass_data, ctx) {}

  /* Its pass list runs only when optimising; GCC's points-to results exist with -ftree-pta. */
  bool gate(function *) final override { return optimize > 0 && flag_tree_pta; }

  unsigned int execute(function *fun) final override
  {
    auto it = watches.find(DECL_UID(fun->decl));
    if (it == watches.end() || !fun->gimple_df)
      return 0;
    char text[300];
    for (const watch &w : it->second) {
      tree var = find_local(fun, w.var_uid);
      if (!var || !TREE_ADDRESSABLE(var)) {
        snprintf(text, sizeof text,
                 "with optimisation (-O%d) GCC inlines or removes what took its address: in the "
                 "generated code it does not escape", optimize);
        add_note(w.fact, text);
      } else if (w.code != ESC_ESCAPE_RETURN && w.code != ESC_ESCAPE_UNKNOWN
                 && !pt_solution_includes(&fun->gimple_df->escaped, var)) {
        snprintf(text, sizeof text,
                 "with optimisation (-O%d) GCC's own points-to analysis finds that its address "
                 "does not escape", optimize);
        add_note(w.fact, text);
      }
    }
    watches.erase(it);
    return 0;
  }
  opt_pass *clone() final override { return new optimised_pass(m_ctxt); }
};

} // namespace

void esc_watch_local(tree fndecl, tree var, size_t fact, enum esc_code code)
{
  if (!optimize)
    return;
  watch w = {DECL_UID(var), fact, code};
  watches[DECL_UID(fndecl)].push_back(w);
}

void esc_optimised_finish(void)
{
  watches.clear();
}

opt_pass *esc_make_optimised_pass(gcc::context *ctx)
{
  return new optimised_pass(ctx);
}
