/* number_uses.cc - which numbers the analysis follows.  A number can carry an address
 * (docs/design.md, "Numbers"), but it matters only where it can take that address somewhere
 * that counts: stored to memory, passed to a call, returned, given to an asm, or made into a
 * pointer.  A number that is only compared, used as an index or an offset, or that feeds only
 * such numbers (a loop counter, a length tested against a limit) is left out of the constraints:
 * it cannot change a verdict. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"

namespace escan {

namespace {

bool is_number_name(tree t)
{
  return t && TREE_CODE(t) == SSA_NAME && is_number_type(TREE_TYPE(t));
}

struct marker {
  fn_ctx *c;
  std::vector<tree> work;

  void mark(tree t)
  {
    if (!is_number_name(t) || c->numbers_followed[SSA_NAME_VERSION(t)])
      return;
    c->numbers_followed[SSA_NAME_VERSION(t)] = true;
    work.push_back(t);
  }
};

/* The uses of a statement that make a number matter. */
void seed(marker &m, gimple *stmt)
{
  if (gassign *a = dyn_cast<gassign *>(stmt)) {
    tree lhs = gimple_assign_lhs(a);
    if (TREE_CODE(lhs) != SSA_NAME) { /* a store */
      for (unsigned i = 1; i < gimple_num_ops(a); i++)
        m.mark(gimple_op(a, i));
    } else if (POINTER_TYPE_P(TREE_TYPE(lhs))
               && CONVERT_EXPR_CODE_P(gimple_assign_rhs_code(a))) { /* a pointer made of it */
      m.mark(gimple_assign_rhs1(a));
    }
  } else if (gcall *call = dyn_cast<gcall *>(stmt)) {
    for (unsigned i = 0; i < gimple_call_num_args(call); i++)
      m.mark(gimple_call_arg(call, i));
  } else if (greturn *ret = dyn_cast<greturn *>(stmt)) {
    m.mark(gimple_return_retval(ret));
  } else if (gasm *as = dyn_cast<gasm *>(stmt)) {
    for (unsigned i = 0; i < gimple_asm_ninputs(as); i++)
      m.mark(TREE_VALUE(gimple_asm_input_op(as, i)));
  }
}

/* A number that matters makes the numbers it is computed from matter. */
void spread(marker &m, tree name)
{
  gimple *def = SSA_NAME_DEF_STMT(name);
  if (gphi *phi = dyn_cast<gphi *>(def)) {
    for (unsigned i = 0; i < gimple_phi_num_args(phi); i++)
      m.mark(gimple_phi_arg_def(phi, i));
  } else if (gassign *a = dyn_cast<gassign *>(def)) {
    enum tree_code code = gimple_assign_rhs_code(a);
    if (TREE_CODE_CLASS(code) == tcc_comparison || code == POINTER_DIFF_EXPR)
      return;
    for (unsigned i = 1; i < gimple_num_ops(a); i++)
      m.mark(gimple_op(a, i));
  }
}

} // namespace

void find_numbers_followed(fn_ctx *c)
{
  marker m = {c, {}};
  c->numbers_followed.assign(num_ssa_names, false);
  basic_block bb;
  FOR_EACH_BB_FN(bb, c->fun)
    for (gimple_stmt_iterator g = gsi_start_bb(bb); !gsi_end_p(g); gsi_next(&g))
      if (!is_gimple_debug(gsi_stmt(g)))
        seed(m, gsi_stmt(g));
  while (!m.work.empty()) {
    tree t = m.work.back();
    m.work.pop_back();
    spread(m, t);
  }
}

bool number_ignored(fn_ctx *c, tree t)
{
  return is_number_name(t) && !c->numbers_followed[SSA_NAME_VERSION(t)];
}

} // namespace escan
