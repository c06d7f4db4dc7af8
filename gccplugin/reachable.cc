/* reachable.cc - the blocks of a function that can run, judged the same way at every -O level.
 *
 * When optimizing, GCC's C front end replaces a read of a const variable that has a constant
 * initializer by that constant ("const int k = 0; if (k) ..." becomes "if (0)", and
 * "int *const p = &g; if (p)" becomes "if (&g)"), and building
 * the CFG then drops the code the condition never reaches.  At -O0 it keeps the read and the
 * code.  So that the analysis sees the same code at every level, it leaves out the blocks that
 * a condition on such constants never reaches, at every level (at -O1 and above there are none
 * left to find). */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"

namespace escan {

/* A variable the front end folds when optimizing: const, not volatile, of integral type, with a
 * constant initializer. */
/* Is VAR a const integral variable, which the front end folds when optimizing (gimplifying a
 * local's initializer clears TREE_READONLY; its type stays const)? */
bool is_folded_const(tree var)
{
  return (TREE_READONLY(var) || TYPE_READONLY(TREE_TYPE(var))) && !TREE_THIS_VOLATILE(var)
         && !TYPE_VOLATILE(TREE_TYPE(var))
         && (INTEGRAL_TYPE_P(TREE_TYPE(var)) || POINTER_TYPE_P(TREE_TYPE(var)));
}

/* A constant the front end folds a read into: an integer, or the address of a global (a const
 * pointer initialized with &g: "int *const p = &g; if (p)" is "if (&g)", always true). */
static bool folding_constant(tree t)
{
  if (!t)
    return false;
  if (TREE_CODE(t) == INTEGER_CST)
    return true;
  if (TREE_CODE(t) != ADDR_EXPR)
    return false;
  tree base = get_base_address(TREE_OPERAND(t, 0));
  return base && DECL_P(base) && is_global_var(base) && is_gimple_min_invariant(t);
}

static tree folded_constant(tree var)
{
  if (!var || TREE_CODE(var) != VAR_DECL || !is_folded_const(var))
    return NULL_TREE;
  tree init = DECL_INITIAL(var);
  if (folding_constant(init))
    return init;
  HOST_WIDE_INT value;
  return const_initializer(var, &value) ? build_int_cst(TREE_TYPE(var), value) : NULL_TREE;
}

/* The constant OP is in every run, as the front end would have folded it, or NULL_TREE. */
static tree constant_value(tree op, int depth)
{
  if (!op || depth > 8)
    return NULL_TREE;
  if (TREE_CODE(op) == INTEGER_CST || (depth > 0 && folding_constant(op)))
    return op;
  if (TREE_CODE(op) == VAR_DECL)
    return folded_constant(op);
  if (TREE_CODE(op) != SSA_NAME)
    return NULL_TREE;
  gassign *def = dyn_cast<gassign *>(SSA_NAME_DEF_STMT(op));
  tree var = SSA_NAME_VAR(op);
  if (var && TREE_CODE(var) == VAR_DECL) {
    /* A user's variable: only a const one, whose one assignment is its initializer (by then
     * GCC may have moved it out of DECL_INITIAL). */
    if (!is_folded_const(var))
      return NULL_TREE;
    if (tree init = folded_constant(var))
      return init;
    return def && get_gimple_rhs_class(gimple_assign_rhs_code(def)) == GIMPLE_SINGLE_RHS
               && folding_constant(gimple_assign_rhs1(def))
               ? gimple_assign_rhs1(def)
               : NULL_TREE;
  }
  if (!def)
    return NULL_TREE;
  enum tree_code code = gimple_assign_rhs_code(def);
  tree type = TREE_TYPE(op);
  switch (get_gimple_rhs_class(code)) {
  case GIMPLE_SINGLE_RHS:
    return constant_value(gimple_assign_rhs1(def), depth + 1);
  case GIMPLE_UNARY_RHS: {
    tree a = constant_value(gimple_assign_rhs1(def), depth + 1);
    tree r = a ? fold_unary(code, type, a) : NULL_TREE;
    return r && TREE_CODE(r) == INTEGER_CST ? r : NULL_TREE;
  }
  case GIMPLE_BINARY_RHS: {
    tree a = constant_value(gimple_assign_rhs1(def), depth + 1);
    tree b = a ? constant_value(gimple_assign_rhs2(def), depth + 1) : NULL_TREE;
    tree r = b ? fold_binary(code, type, a, b) : NULL_TREE;
    return r && TREE_CODE(r) == INTEGER_CST ? r : NULL_TREE;
  }
  default:
    return NULL_TREE;
  }
}

/* The only edge out of BB that can be taken, when its condition folds, or NULL. */
static edge taken_edge(basic_block bb)
{
  gimple *last = last_stmt(bb);
  if (!last)
    return NULL;
  if (gcond *cond = dyn_cast<gcond *>(last)) {
    tree a = constant_value(gimple_cond_lhs(cond), 0);
    tree b = a ? constant_value(gimple_cond_rhs(cond), 0) : NULL_TREE;
    tree r = b ? fold_binary(gimple_cond_code(cond), boolean_type_node, a, b) : NULL_TREE;
    return r && TREE_CODE(r) == INTEGER_CST ? find_taken_edge(bb, r) : NULL;
  }
  if (gswitch *sw = dyn_cast<gswitch *>(last)) {
    tree v = constant_value(gimple_switch_index(sw), 0);
    return v ? find_taken_edge(bb, v) : NULL;
  }
  return NULL;
}

void find_reachable_blocks(fn_ctx *c)
{
  c->reachable.assign(last_basic_block_for_fn(c->fun), false);
  std::vector<basic_block> work;
  basic_block entry = ENTRY_BLOCK_PTR_FOR_FN(c->fun);
  c->reachable[entry->index] = true;
  work.push_back(entry);
  while (!work.empty()) {
    basic_block bb = work.back();
    work.pop_back();
    edge only = taken_edge(bb);
    edge e;
    edge_iterator ei;
    FOR_EACH_EDGE(e, ei, bb->succs) {
      if (only && e != only)
        continue;
      if (!c->reachable[e->dest->index]) {
        c->reachable[e->dest->index] = true;
        work.push_back(e->dest);
      }
    }
  }
}

bool block_reachable(fn_ctx *c, basic_block bb)
{
  return bb->index < (int)c->reachable.size() && c->reachable[bb->index];
}

} // namespace escan
