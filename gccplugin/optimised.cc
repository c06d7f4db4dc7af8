/* optimised.cc - notes on escapes that GCC's optimizer removes: after inlining and GCC's own
 * points-to analysis at -O1 and above, a local the source lets escape may no longer have its
 * address taken at all.  The verdict stays (it is about the source, the same at every level);
 * the fact gets a note saying what the optimized code does. */
#include "compat.h"
#include "escinfo-plugin.h"

namespace {

/* An escaping local (or by-value parameter) of the source, and what the generated code shows of
 * it: a copy whose address is still taken (in its own function, in a function it was inlined
 * into, in the part GCC split off), and whether GCC's points-to analysis lets any copy escape.
 * Only UIDs, indices and flags: no trees are kept. */
struct watch {
  unsigned var_uid;
  size_t fact;
  enum esc_code code;
  bool addressed;  /* some emitted copy still has its address taken */
  bool escapes;    /* ... and GCC's ESCAPED set of that function holds it */
};

std::vector<watch> watches;
std::unordered_map<unsigned, std::vector<size_t>> watches_by_var; /* DECL_UID of the source variable */

void add_note(size_t fact, const char *text)
{
  if (fact >= esc_unit.nfacts || esc_unit.facts[fact].note)
    return;
  esc_unit.facts[fact].note = esc_strdup(text);
}

/* VAR of FUN is a copy of a watched variable (or the variable itself): note what it shows. */
void look_at(function *fun, tree var)
{
  auto it = watches_by_var.find(DECL_UID(DECL_ORIGIN(var)));
  if (it == watches_by_var.end() || !TREE_ADDRESSABLE(var))
    return;
  bool escapes = pt_solution_includes(&fun->gimple_df->escaped, var);
  for (size_t i : it->second) {
    watches[i].addressed = true;
    watches[i].escapes |= escapes;
  }
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
    if (watches.empty() || !fun->gimple_df)
      return 0;
    unsigned ix;
    tree var;
    FOR_EACH_LOCAL_DECL(fun, ix, var)
      look_at(fun, var);
    for (tree p = DECL_ARGUMENTS(fun->decl); p; p = DECL_CHAIN(p))
      look_at(fun, p);
    return 0;
  }
  opt_pass *clone() final override { return new optimised_pass(m_ctxt); }
};

} // namespace

void esc_watch_local(tree fndecl, tree var, size_t fact, enum esc_code code)
{
  if (!optimize || !flag_tree_pta)
    return;
  watch w = {DECL_UID(var), fact, code, false, false};
  watches_by_var[DECL_UID(var)].push_back(watches.size());
  watches.push_back(w);
}

/* Once every function of the unit is compiled: the notes, for what no emitted copy shows. */
void esc_optimised_conclude(void)
{
  char text[300];
  for (const watch &w : watches) {
    if (!w.addressed) {
      snprintf(text, sizeof text,
               "at -O%d, GCC inlines or removes the code that takes the address, so in the "
               "generated code the address stays inside the function", optimize);
      add_note(w.fact, text);
    } else if (!w.escapes && w.code != ESC_ESCAPE_RETURN && w.code != ESC_ESCAPE_UNKNOWN) {
      snprintf(text, sizeof text,
               "at -O%d, GCC's own points-to analysis keeps the address inside the function",
               optimize);
      add_note(w.fact, text);
    }
  }
}

void esc_optimised_finish(void)
{
  watches.clear();
  watches_by_var.clear();
}

opt_pass *esc_make_optimised_pass(gcc::context *ctx)
{
  return new optimised_pass(ctx);
}
