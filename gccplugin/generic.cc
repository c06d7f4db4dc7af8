/* generic.cc - what a function's GENERIC shows and its GIMPLE no longer does: compound
 * literals, addresses the source takes but GCC folds away, returns of a local's address that
 * the front end replaced by a null pointer. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"

namespace escan {

/* The decls of the unit's compound literals, by DECL_UID, seen before gimplification
 * turns them into anonymous temporaries. */
std::unordered_map<unsigned, bool> compound_literals;

tree note_compound_literal(tree *tp, int *walk_subtrees, void *)
{
  tree t = *tp;
  if (TREE_CODE(t) == COMPOUND_LITERAL_EXPR) {
    tree de = TREE_OPERAND(t, 0);
    if (de && TREE_CODE(de) == DECL_EXPR && DECL_EXPR_DECL(de))
      compound_literals[DECL_UID(DECL_EXPR_DECL(de))] = true;
  }
  return NULL_TREE;
}

/* Returns of a local's address that the front end replaced by a null pointer (after warning
 * with -Wreturn-local-addr): GIMPLE no longer shows them, GENERIC does.  By function: the local
 * (its DECL_UID, and its name and place, kept as plain data: at -O1 and above GCC drops a local
 * that nothing else uses before the analysis runs) and where it was returned. */
struct nulled_return {
  unsigned uid;
  std::string name;
  location_t decl_loc, ret_loc;
};
std::unordered_map<unsigned, std::vector<nulled_return>> nulled_returns;

struct nulled_walk {
  tree fndecl;
  location_t loc;
};

tree note_local_address(tree *tp, int *walk_subtrees, void *data)
{
  nulled_walk *w = (nulled_walk *)data;
  tree t = *tp;
  if (TREE_CODE(t) == ADDR_EXPR) {
    tree op = TREE_OPERAND(t, 0);
    /* A C++ temporary (return 42; from a function returning const int &). */
    bool temporary = TREE_CODE(op) == TARGET_EXPR;
    tree base = temporary ? TARGET_EXPR_SLOT(op) : get_base_address(op);
    if (base && (TREE_CODE(base) == VAR_DECL || TREE_CODE(base) == PARM_DECL)
        && !is_global_var(base) && (temporary || DECL_CONTEXT(base) == w->fndecl)) {
      location_t loc = EXPR_HAS_LOCATION(t) ? EXPR_LOCATION(t) : w->loc;
      const char *n = user_name(base);
      nulled_return r = {DECL_UID(base), n ? n : temporary ? "(temporary)" : "",
                         temporary ? loc : DECL_SOURCE_LOCATION(base), loc};
      nulled_returns[DECL_UID(w->fndecl)].push_back(r);
    }
  }
  return NULL_TREE;
}

tree note_nulled_return(tree *tp, int *walk_subtrees, void *data)
{
  tree t = *tp;
  if (TREE_CODE(t) != RETURN_EXPR || !TREE_OPERAND(t, 0))
    return NULL_TREE;
  tree v = TREE_OPERAND(t, 0);
  if (TREE_CODE(v) == MODIFY_EXPR || TREE_CODE(v) == INIT_EXPR)
    v = TREE_OPERAND(v, 1);
  while (CONVERT_EXPR_P(v) || TREE_CODE(v) == NON_LVALUE_EXPR)
    v = TREE_OPERAND(v, 0);
  if (TREE_CODE(v) == COMPOUND_EXPR && integer_zerop(TREE_OPERAND(v, 1))) {
    nulled_walk w = {(tree)data, EXPR_LOCATION(t)};
    walk_tree_without_duplicates(&TREE_OPERAND(v, 0), note_local_address, &w);
  }
  return NULL_TREE;
}

/* Locals whose address the source takes, by function: GCC folds some of these away before
 * GIMPLE (memcpy between two scalars becomes a plain copy at -O1 and above), but they are still
 * subjects, with the same verdict at every level. */
std::unordered_map<unsigned, std::vector<unsigned>> source_addressed;

tree note_source_address(tree *tp, int *walk_subtrees, void *data)
{
  tree fndecl = (tree)data;
  tree t = *tp;
  if (TREE_CODE(t) == ADDR_EXPR) {
    tree base = get_base_address(TREE_OPERAND(t, 0));
    if (base && (TREE_CODE(base) == VAR_DECL || TREE_CODE(base) == PARM_DECL)
        && !is_global_var(base) && DECL_CONTEXT(base) == fndecl)
      source_addressed[DECL_UID(fndecl)].push_back(DECL_UID(base));
  }
  return NULL_TREE;
}

/* The constant initializers of const integral locals (gimplifying turns them into assignments
 * and clears DECL_INITIAL), by DECL_UID: what the front end folds their reads into when
 * optimizing (reachable.cc). */
std::unordered_map<unsigned, HOST_WIDE_INT> const_inits;

tree note_const_init(tree *tp, int *walk_subtrees, void *)
{
  tree t = *tp;
  if (TREE_CODE(t) != DECL_EXPR)
    return NULL_TREE;
  tree var = DECL_EXPR_DECL(t);
  if (var && TREE_CODE(var) == VAR_DECL && is_folded_const(var) && DECL_INITIAL(var)
      && TREE_CODE(DECL_INITIAL(var)) == INTEGER_CST && tree_fits_shwi_p(DECL_INITIAL(var)))
    const_inits[DECL_UID(var)] = tree_to_shwi(DECL_INITIAL(var));
  return NULL_TREE;
}

bool const_initializer(tree var, HOST_WIDE_INT *value)
{
  auto it = const_inits.find(DECL_UID(var));
  if (it == const_inits.end())
    return false;
  *value = it->second;
  return true;
}

/* One walk of a function's GENERIC notes what its GIMPLE will no longer show.  DATA is a
 * generic_walk.  What a function's GENERIC shares is under a few kinds of node (a SAVE_EXPR's
 * operand by design, C++'s TARGET_EXPRs, statement lists and the initializers a DECL_EXPR and
 * its BIND_EXPR both reach): the walk goes into each of those once, instead of recording every
 * node it meets as walk_tree_without_duplicates does.  What it notes is the same when a node is
 * met twice. */
tree note_generic(tree *tp, int *walk_subtrees, void *data)
{
  generic_walk *w = (generic_walk *)data;
  tree t = *tp;
  if (TYPE_P(t)) {
    *walk_subtrees = 0;
    return NULL_TREE;
  }
  /* Each kind of node once (GENERIC shares these), and each note asked only of its kind. */
  switch (TREE_CODE(t)) {
  case SAVE_EXPR:
  case TARGET_EXPR:
  case BIND_EXPR:
  case STATEMENT_LIST:
  case DECL_EXPR:
  case CONSTRUCTOR:
    if (w->shared.add(t)) {
      *walk_subtrees = 0;
      return NULL_TREE;
    }
    if (TREE_CODE(t) == DECL_EXPR)
      note_const_init(tp, walk_subtrees, w->fndecl);
    break;
  case COMPOUND_LITERAL_EXPR:
    note_compound_literal(tp, walk_subtrees, w->fndecl);
    break;
  case RETURN_EXPR:
    note_nulled_return(tp, walk_subtrees, w->fndecl);
    break;
  case ADDR_EXPR:
    note_source_address(tp, walk_subtrees, w->fndecl);
    break;
  default:
    break;
  }
  return NULL_TREE;
}

bool is_compound_literal(tree decl)
{
  return TREE_CODE(decl) == VAR_DECL && compound_literals.count(DECL_UID(decl));
}

/* A local whose address the front end stopped returning still escapes by return in the
 * source the user wrote.  When GCC has dropped the local itself (nothing else used it), it is
 * still a subject, made from what GENERIC showed of it. */
void apply_nulled_returns(fn_ctx *c, const std::vector<tree> &vars, const std::vector<tree> &parms)
{
  auto it = nulled_returns.find(DECL_UID(c->fndecl));
  if (it == nulled_returns.end())
    return;
  std::map<unsigned, int> dropped; /* DECL_UID -> object of a local GCC dropped */
  for (auto &r : it->second) {
    tree decl = NULL_TREE;
    for (tree v : vars)
      if (DECL_UID(v) == r.uid)
        decl = v;
    for (tree p : parms)
      if (DECL_UID(p) == r.uid)
        decl = p;
    int obj;
    if (decl) {
      bitmap_set_bit(c->addressed, DECL_UID(decl));
      obj = object_for_decl(c, decl);
    } else if (dropped.count(r.uid)) {
      obj = dropped[r.uid];
    } else {
      if (r.name.empty())
        continue;
      obj = esc_object(c->s, ESC_OBJ_LOCAL, keep(c, "'" + r.name + "'"), -1);
      dropped[r.uid] = obj;
      local_subject l = {NULL_TREE, obj, keep(c, r.name), r.decl_loc};
      c->locals.push_back(l);
    }
    int v = esc_value(c->s);
    esc_addr(c->s, v, obj, r.ret_loc, msg("address of %1$s taken", esc_object_name(c->s, obj)));
    esc_sink(c->s, v, ESC_ROUTE_RETURN, r.ret_loc,
             msg("returned from '%1$s' (GCC returns a null pointer instead)", c->fname), NULL);
  }
}

void clear_generic_notes(void)
{
  compound_literals.clear();
  nulled_returns.clear();
  source_addressed.clear();
  const_inits.clear();
}

/* The locals of C->fndecl whose address its source takes. */
void note_source_addresses(fn_ctx *c)
{
  auto src = source_addressed.find(DECL_UID(c->fndecl));
  if (src != source_addressed.end())
    for (unsigned uid : src->second)
      bitmap_set_bit(c->addressed, uid);
}

} // namespace escan
