/* analysis.cc - escinfo's escape analysis of one function, run right after GCC's "ssa" pass.
 *
 * Translates the function's GIMPLE into solver constraints (values, objects, loads, stores,
 * sinks), solves them, reports the facts of the function's locals, allocations and parameters,
 * and keeps a summary of the function for its callers in this translation unit.
 * docs/design.md explains the model. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"

namespace {

/* ---- summaries ---------------------------------------------------------------------------- */

/* What a function does with one parameter (or its static chain), in plain data. */
struct param_summary {
  enum esc_route route;          /* the parameter's own escape, ESC_ROUTE_NONE if none */
  bool dangles;                  /* that escape ends in static storage */
  bool content_dangles;
  struct esc_step_list flow;     /* its steps inside the callee */
  enum esc_route content_route;  /* escape of what is reachable from it */
  struct esc_step_list content_flow;
  bool returned;
  bool content_returned;
  bool receives_unknown;         /* the callee stores pointers of unknown origin into *param */
  std::vector<int> stored_here;         /* params j with param j stored into *this param */
  std::vector<int> content_stored_here; /* params j with *param j copied into *this param */
};

struct fn_summary {
  std::vector<param_summary> params; /* DECL_ARGUMENTS order, then the static chain */
  bool returns_unknown;
};

std::map<unsigned, fn_summary *> summaries; /* by the function's DECL_UID */
fn_summary *get_summary(tree fndecl);

void free_steps(struct esc_step_list *l)
{
  for (size_t i = 0; i < l->n; i++) {
    free(l->steps[i].file);
    free(l->steps[i].message);
  }
  free(l->steps);
  l->steps = NULL;
  l->n = 0;
}

void free_summary(fn_summary *sum)
{
  if (!sum)
    return;
  for (param_summary &p : sum->params) {
    free_steps(&p.flow);
    free_steps(&p.content_flow);
  }
  delete sum;
}

/* Do two summaries say the same thing (ignoring how they say it)? */
bool same_summary(const fn_summary *a, const fn_summary *b)
{
  if (!a || !b || a->params.size() != b->params.size() || a->returns_unknown != b->returns_unknown)
    return false;
  for (size_t i = 0; i < a->params.size(); i++) {
    const param_summary &x = a->params[i], &y = b->params[i];
    if ((x.route == ESC_ROUTE_NONE) != (y.route == ESC_ROUTE_NONE)
        || (x.content_route == ESC_ROUTE_NONE) != (y.content_route == ESC_ROUTE_NONE)
        || x.returned != y.returned || x.content_returned != y.content_returned
        || x.receives_unknown != y.receives_unknown || x.stored_here != y.stored_here
        || x.content_stored_here != y.content_stored_here)
      return false;
  }
  return true;
}

/* ---- per-function state ------------------------------------------------------------------- */

struct alloc_site {
  int obj;
  gcall *call;
  const char *name;
  bool is_alloca;
  bool fixed_size;      /* may become a stack candidate */
  HOST_WIDE_INT bytes;  /* when fixed_size */
  tree vla;             /* the user's VLA when this alloca implements one */
};

struct local_subject {
  tree decl;   /* the user's variable */
  int obj;
  const char *name;
};

struct fn_ctx {
  function *fun;
  tree fndecl;
  const char *fname;
  struct esc_solver *s;
  std::vector<int> ssa_values;
  std::map<unsigned, int> decl_objs;
  std::vector<std::string *> strings; /* names the solver borrows */
  int nonlocal;
  int nonlocal_ptr;
  int ret_value;
  std::vector<int> param_objs, param_content_objs, param_values;
  std::vector<alloc_site> allocs;
  std::vector<local_subject> locals;
  auto_bitmap addressed; /* DECL_UIDs whose address is taken */
  std::vector<std::pair<gimple *, int>> frees; /* free/delete calls and their argument value */
};

const char *keep(fn_ctx *c, const std::string &s)
{
  std::string *p = new std::string(s);
  c->strings.push_back(p);
  return p->c_str();
}

struct esc_msg msg(const char *fmt, const char *arg = NULL, int num = 0)
{
  struct esc_msg m = {fmt, arg, num};
  return m;
}

const char *decl_name(tree decl)
{
  if (DECL_NAME(decl))
    return IDENTIFIER_POINTER(DECL_NAME(decl));
  return NULL;
}

/* "f", "S::keep", "std::vector<int>::push_back": qualified, without the signature. */
const char *function_name(tree fndecl)
{
  return lang_hooks.decl_printable_name(fndecl, 1);
}

/* The function whose body a call to FN runs (C++ constructors and destructors are called
 * through aliases of one body); its DECL_UID keys the summaries.  0 when the body that runs
 * may be another one (an interposable definition, e.g. a global function built -fPIC): its
 * summary cannot be trusted. */
unsigned summary_key(tree fn)
{
  cgraph_node *n = cgraph_node::get(fn);
  if (!n)
    return DECL_UID(fn);
  enum availability avail;
  n = n->ultimate_alias_target(&avail);
  if ((avail < AVAIL_AVAILABLE && n->definition) || DECL_EXTERNAL(n->decl))
    return 0;
  return DECL_UID(n->decl);
}

/* A name a user would recognise for DECL, or NULL for compiler temporaries. */
const char *user_name(tree decl)
{
  const char *n = decl_name(decl);
  if (!n)
    return NULL;
  if (DECL_ARTIFICIAL(decl) && strcmp(n, "this") != 0)
    return NULL;
  return n;
}

/* The decls of the unit's compound literals, by DECL_UID, seen before gimplification
 * turns them into anonymous temporaries. */
std::map<unsigned, bool> compound_literals;

tree note_compound_literal(tree *tp, int *walk_subtrees, void *)
{
  tree t = *tp;
  if (TREE_CODE(t) == COMPOUND_LITERAL_EXPR) {
    tree de = TREE_OPERAND(t, 0);
    if (de && TREE_CODE(de) == DECL_EXPR && DECL_EXPR_DECL(de))
      compound_literals[DECL_UID(DECL_EXPR_DECL(de))] = true;
  }
  if (TYPE_P(t))
    *walk_subtrees = 0;
  return NULL_TREE;
}

/* Returns of a local's address that the front end replaced by a null pointer (after warning
 * with -Wreturn-local-addr): GIMPLE no longer shows them, GENERIC does.  By function, the
 * local's DECL_UID and where it was returned. */
std::map<unsigned, std::vector<std::pair<unsigned, location_t>>> nulled_returns;

struct nulled_walk {
  tree fndecl;
  location_t loc;
};

tree note_local_address(tree *tp, int *walk_subtrees, void *data)
{
  nulled_walk *w = (nulled_walk *)data;
  tree t = *tp;
  if (TREE_CODE(t) == ADDR_EXPR) {
    tree base = get_base_address(TREE_OPERAND(t, 0));
    if (base && (TREE_CODE(base) == VAR_DECL || TREE_CODE(base) == PARM_DECL)
        && !is_global_var(base) && DECL_CONTEXT(base) == w->fndecl) {
      location_t loc = EXPR_HAS_LOCATION(t) ? EXPR_LOCATION(t) : w->loc;
      nulled_returns[DECL_UID(w->fndecl)].push_back(std::make_pair(DECL_UID(base), loc));
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
std::map<unsigned, std::vector<unsigned>> source_addressed;

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
  if (TYPE_P(t))
    *walk_subtrees = 0;
  return NULL_TREE;
}

/* One walk of a function's GENERIC notes what its GIMPLE will no longer show. */
tree note_generic(tree *tp, int *walk_subtrees, void *data)
{
  note_compound_literal(tp, walk_subtrees, data);
  note_nulled_return(tp, walk_subtrees, data);
  note_source_address(tp, walk_subtrees, data);
  return NULL_TREE;
}

bool is_compound_literal(tree decl)
{
  return TREE_CODE(decl) == VAR_DECL && compound_literals.count(DECL_UID(decl));
}

/* A C++ lambda's closure type: an anonymous class with an operator().  (cp-tree.h's
 * LAMBDA_TYPE_P is not available to a plugin that also loads into cc1.) */
bool is_lambda_closure_type(tree type)
{
  if (!type || TREE_CODE(type) != RECORD_TYPE || !TYPE_NAME(type))
    return false;
  tree n = TYPE_NAME(type);
  if (TREE_CODE(n) == TYPE_DECL)
    n = DECL_NAME(n);
  if (!n || TREE_CODE(n) != IDENTIFIER_NODE || !IDENTIFIER_ANON_P(n))
    return false;
  for (tree f = TYPE_FIELDS(type); f; f = DECL_CHAIN(f))
    if (TREE_CODE(f) == FUNCTION_DECL && DECL_NAME(f)
        && !strcmp(IDENTIFIER_POINTER(DECL_NAME(f)), "operator()"))
      return true;
  return false;
}

bool is_nested_frame(tree decl)
{
  const char *n = decl_name(decl);
  return DECL_ARTIFICIAL(decl) && n && strncmp(n, "FRAME.", 6) == 0;
}

bool is_local_decl(fn_ctx *c, tree decl)
{
  if (TREE_CODE(decl) == PARM_DECL || TREE_CODE(decl) == RESULT_DECL)
    return true;
  return TREE_CODE(decl) == VAR_DECL && !is_global_var(decl);
}

int param_index(fn_ctx *c, tree parm)
{
  int i = 0;
  for (tree p = DECL_ARGUMENTS(c->fndecl); p; p = DECL_CHAIN(p), i++)
    if (p == parm)
      return i;
  if (parm == c->fun->static_chain_decl)
    return (int)c->param_objs.size() - 1;
  return -1;
}

/* The object for a variable in memory: locals, globals, the return value. */
int object_for_decl(fn_ctx *c, tree decl)
{
  auto it = c->decl_objs.find(DECL_UID(decl));
  if (it != c->decl_objs.end())
    return it->second;
  int obj;
  const char *n = decl_name(decl);
  if (!is_local_decl(c, decl)) {
    bool is_static = TREE_STATIC(decl) && DECL_CONTEXT(decl)
                     && TREE_CODE(DECL_CONTEXT(decl)) == FUNCTION_DECL;
    std::string shown = n ? std::string(is_static ? "static '" : "global '") + n + "'"
                          : std::string("a global");
    obj = esc_object(c->s, ESC_OBJ_GLOBAL, keep(c, shown), -1);
    esc_object_sink(c->s, obj, ESC_ROUTE_GLOBAL, msg("stored in %1$s", esc_object_name(c->s, obj)));
  } else if (TREE_CODE(decl) == RESULT_DECL) {
    obj = esc_object(c->s, ESC_OBJ_RETURN_SLOT, "the return value", -1);
    esc_object_sink(c->s, obj, ESC_ROUTE_RETURN, msg("returned from '%1$s'", c->fname));
  } else {
    const char *shown = n ? keep(c, std::string("'") + n + "'") : NULL;
    if (is_compound_literal(decl))
      shown = "a compound literal";
    else if (is_nested_frame(decl))
      shown = "the variables captured by nested functions";
    else if (!user_name(decl) && is_lambda_closure_type(TREE_TYPE(decl)))
      shown = "a lambda";
    else if (!user_name(decl))
      shown = "a temporary";
    obj = esc_object(c->s, ESC_OBJ_LOCAL, shown, -1);
    if (is_nested_frame(decl) || is_lambda_closure_type(TREE_TYPE(decl)))
      esc_object_set_closure(c->s, obj);
    if (TREE_CODE(decl) == PARM_DECL) {
      /* A parameter living in memory starts out holding what the caller passed. */
      int i = param_index(c, decl);
      if (i >= 0)
        esc_store_direct(c->s, obj, -1, -1, c->param_values[i], DECL_SOURCE_LOCATION(decl),
                         msg(NULL));
    }
  }
  c->decl_objs[DECL_UID(decl)] = obj;
  return obj;
}

int ssa_value(fn_ctx *c, tree name)
{
  unsigned v = SSA_NAME_VERSION(name);
  if (v >= c->ssa_values.size())
    c->ssa_values.resize(v + 1, -1);
  if (c->ssa_values[v] < 0) {
    c->ssa_values[v] = esc_value(c->s);
    /* A parameter's incoming value points to what the caller passed. */
    if (SSA_NAME_IS_DEFAULT_DEF(name) && SSA_NAME_VAR(name)
        && TREE_CODE(SSA_NAME_VAR(name)) == PARM_DECL) {
      int i = param_index(c, SSA_NAME_VAR(name));
      if (i >= 0)
        esc_copy(c->s, c->ssa_values[v], c->param_values[i],
                 DECL_SOURCE_LOCATION(SSA_NAME_VAR(name)), msg(NULL));
    }
  }
  return c->ssa_values[v];
}

const char *ssa_user_name(tree name)
{
  tree var = SSA_NAME_VAR(name);
  if (!var || !DECL_P(var))
    return NULL;
  return user_name(var);
}

/* Several values merged into one (a fresh value when needed).  Returns -1 for none. */
int merge(fn_ctx *c, const std::vector<int> &vals)
{
  int out = -1;
  for (int v : vals) {
    if (v < 0)
      continue;
    if (out < 0) {
      out = v;
      continue;
    }
    int m = esc_value(c->s);
    esc_copy(c->s, m, out, UNKNOWN_LOCATION, msg(NULL));
    esc_copy(c->s, m, v, UNKNOWN_LOCATION, msg(NULL));
    out = m;
  }
  return out;
}

/* Where a memory reference points: a known object and bit range, or a pointer value. */
struct mem_target {
  int obj;
  HOST_WIDE_INT off, size;
  int ptr;
  tree ptr_tree;
};

int value_of(fn_ctx *c, tree t, location_t loc);
int load_pointers(fn_ctx *c, tree ref, location_t loc);

mem_target mem_of(fn_ctx *c, tree ref, location_t loc)
{
  mem_target m = {-1, -1, -1, -1, NULL_TREE};
  HOST_WIDE_INT off, size;
  bool reverse;
  tree base = get_ref_base_and_extent_hwi(ref, &off, &size, &reverse);
  if (base && DECL_P(base) && TREE_CODE(base) != FUNCTION_DECL) {
    m.obj = object_for_decl(c, base);
    m.off = off;
    m.size = size;
    return m;
  }
  base = get_base_address(ref);
  if (!base)
    return m;
  if (DECL_P(base)) {
    if (TREE_CODE(base) != FUNCTION_DECL && TREE_CODE(base) != LABEL_DECL
        && TREE_CODE(base) != CONST_DECL)
      m.obj = object_for_decl(c, base);
    return m;
  }
  if (TREE_CODE(base) == MEM_REF || TREE_CODE(base) == TARGET_MEM_REF) {
    tree p = TREE_OPERAND(base, 0);
    if (TREE_CODE(p) == ADDR_EXPR && DECL_P(TREE_OPERAND(p, 0))
        && TREE_CODE(TREE_OPERAND(p, 0)) != FUNCTION_DECL) {
      m.obj = object_for_decl(c, TREE_OPERAND(p, 0));
      return m;
    }
    m.ptr = value_of(c, p, loc);
    m.ptr_tree = p;
  }
  return m;
}

bool is_memory_ref(tree t)
{
  if (handled_component_p(t) || TREE_CODE(t) == MEM_REF || TREE_CODE(t) == TARGET_MEM_REF)
    return true;
  return (TREE_CODE(t) == VAR_DECL || TREE_CODE(t) == PARM_DECL || TREE_CODE(t) == RESULT_DECL);
}

/* Can a value read by REF be an address?  Pointers, aggregates and vectors can.  Integers
 * can only when an address was put there on purpose: read through a union or a type pun, or
 * from an integer variable a pointer was copied into.  Reading a length next to a pointer in a
 * struct is not reading the pointer (docs/design.md, "Limits"). */
bool may_hold_address(tree ref)
{
  tree type = TREE_TYPE(ref);
  if (POINTER_TYPE_P(type) || AGGREGATE_TYPE_P(type) || VECTOR_TYPE_P(type))
    return true;
  if (!INTEGRAL_TYPE_P(type) || TREE_CODE(type) == BOOLEAN_TYPE
      || TYPE_PRECISION(type) < POINTER_SIZE)
    return false;
  for (tree t = ref; handled_component_p(t); t = TREE_OPERAND(t, 0)) {
    if (TREE_CODE(t) == VIEW_CONVERT_EXPR)
      return true;
    if (TREE_CODE(t) == COMPONENT_REF && TREE_CODE(TREE_TYPE(TREE_OPERAND(t, 0))) == UNION_TYPE)
      return true;
  }
  /* A byte copy (what GCC makes of a small memcpy) reads through a "ref-all" pointer. */
  if ((TREE_CODE(ref) == MEM_REF || TREE_CODE(ref) == TARGET_MEM_REF)
      && TYPE_REF_CAN_ALIAS_ALL(TREE_TYPE(TREE_OPERAND(ref, 1))))
    return true;
  tree base = get_base_address(ref);
  if (base && DECL_P(base))
    return INTEGRAL_TYPE_P(TREE_TYPE(base)) || TREE_CODE(TREE_TYPE(base)) == UNION_TYPE;
  return false;
}

/* An integer read where an address was stored (through a union or a type pun), as opposed to
 * the byte copies GCC makes of a small memcpy, which move addresses without looking at them. */
bool reads_address_as_integer(tree ref)
{
  if (!INTEGRAL_TYPE_P(TREE_TYPE(ref)))
    return false;
  return !((TREE_CODE(ref) == MEM_REF || TREE_CODE(ref) == TARGET_MEM_REF)
           && TYPE_REF_CAN_ALIAS_ALL(TREE_TYPE(TREE_OPERAND(ref, 1))));
}

/* The value of loading from memory reference REF (-1 when it cannot carry an address). */
int load_value(fn_ctx *c, tree ref, location_t loc)
{
  if (!may_hold_address(ref))
    return -1;
  int v = load_pointers(c, ref, loc);
  if (reads_address_as_integer(ref))
    esc_sink(c->s, v, ESC_ROUTE_UNKNOWN, loc, msg("read back as an integer"), NULL);
  return v;
}

int load_pointers(fn_ctx *c, tree ref, location_t loc)
{
  mem_target m = mem_of(c, ref, loc);
  int v = esc_value(c->s);
  if (m.obj >= 0) {
    const char *n = esc_object_name(c->s, m.obj);
    esc_load_direct(c->s, v, m.obj, m.off, m.size, loc, msg("loaded from %1$s", n));
  } else if (m.ptr >= 0) {
    const char *pn = m.ptr_tree && TREE_CODE(m.ptr_tree) == SSA_NAME ? ssa_user_name(m.ptr_tree)
                                                                       : NULL;
    esc_load(c->s, v, m.ptr, loc,
             pn ? msg("loaded through '%1$s'", pn) : msg("loaded through a pointer"));
  }
  return v;
}

/* The value of taking the address of REF. */
int addr_value(fn_ctx *c, tree ref, location_t loc)
{
  tree base = get_base_address(ref);
  if (!base)
    return -1;
  if (TREE_CODE(base) == MEM_REF || TREE_CODE(base) == TARGET_MEM_REF)
    return value_of(c, TREE_OPERAND(base, 0), loc);
  if (!DECL_P(base) || TREE_CODE(base) == FUNCTION_DECL || TREE_CODE(base) == LABEL_DECL
      || TREE_CODE(base) == CONST_DECL)
    return -1;
  int obj = object_for_decl(c, base);
  if (!is_local_decl(c, base))
    return esc_object_address(c->s, obj);
  int v = esc_value(c->s);
  const char *n = esc_object_name(c->s, obj);
  esc_addr(c->s, v, obj, loc,
           is_nested_frame(base) ? msg(NULL) : msg("address of %1$s taken", n));
  return v;
}

/* The pointers an operand's value may carry; emits loads for memory operands.  -1: none. */
int value_of(fn_ctx *c, tree t, location_t loc)
{
  if (!t)
    return -1;
  switch (TREE_CODE(t)) {
  case SSA_NAME:
    return ssa_value(c, t);
  case ADDR_EXPR:
    return addr_value(c, TREE_OPERAND(t, 0), loc);
  case INTEGER_CST:
    if (POINTER_TYPE_P(TREE_TYPE(t)) && !integer_zerop(t))
      return c->nonlocal_ptr;
    return -1;
  case CONSTRUCTOR: {
    std::vector<int> vals;
    unsigned i;
    tree val;
    FOR_EACH_CONSTRUCTOR_VALUE(CONSTRUCTOR_ELTS(t), i, val)
      vals.push_back(value_of(c, val, loc));
    return merge(c, vals);
  }
  case REAL_CST: case STRING_CST: case FIXED_CST: case COMPLEX_CST: case VECTOR_CST:
  case FUNCTION_DECL: case LABEL_DECL: case CONST_DECL:
    return -1;
  case OBJ_TYPE_REF:
    return value_of(c, OBJ_TYPE_REF_EXPR(t), loc);
  case VIEW_CONVERT_EXPR: case REALPART_EXPR: case IMAGPART_EXPR: case BIT_FIELD_REF:
    /* A reinterpretation of a register value is that value; of memory, a load. */
    if (TREE_CODE(get_base_address(t) ? get_base_address(t) : t) == SSA_NAME
        || is_gimple_min_invariant(TREE_OPERAND(t, 0)))
      return value_of(c, TREE_OPERAND(t, 0), loc);
    return load_value(c, t, loc);
  default:
    if (is_memory_ref(t))
      return load_value(c, t, loc);
    return -1;
  }
}

/* Assigns SRC's pointers to LHS (an SSA name or memory). */
void assign_to(fn_ctx *c, tree lhs, int src, location_t loc)
{
  if (!lhs || src < 0)
    return;
  if (TREE_CODE(lhs) == SSA_NAME) {
    const char *n = ssa_user_name(lhs);
    esc_copy(c->s, ssa_value(c, lhs), src, loc, n ? msg("assigned to '%1$s'", n) : msg(NULL));
    return;
  }
  mem_target m = mem_of(c, lhs, loc);
  if (m.obj >= 0) {
    enum esc_obj_kind k = esc_object_kind(c->s, m.obj);
    const char *n = esc_object_name(c->s, m.obj);
    struct esc_msg mm = msg("stored into %1$s", n);
    if (k == ESC_OBJ_GLOBAL)
      mm = msg("stored in %1$s", n);
    else if (k == ESC_OBJ_RETURN_SLOT)
      mm = msg("stored in the return value of '%1$s'", c->fname);
    esc_store_direct(c->s, m.obj, m.off, m.size, src, loc, mm);
  } else if (m.ptr >= 0) {
    const char *pn = NULL;
    if (m.ptr_tree && TREE_CODE(m.ptr_tree) == SSA_NAME) {
      pn = ssa_user_name(m.ptr_tree);
      tree var = SSA_NAME_VAR(m.ptr_tree);
      if (pn && SSA_NAME_IS_DEFAULT_DEF(m.ptr_tree) && var && TREE_CODE(var) == PARM_DECL) {
        esc_store(c->s, m.ptr, src, loc, msg("stored through parameter '%1$s'", pn));
        return;
      }
    }
    esc_store(c->s, m.ptr, src, loc,
              pn ? msg("stored through '%1$s'", pn) : msg("stored through a pointer"));
  }
}

/* ---- statements ---------------------------------------------------------------------------- */

void do_assign(fn_ctx *c, gassign *stmt)
{
  tree lhs = gimple_assign_lhs(stmt);
  location_t loc = gimple_location(stmt);
  enum tree_code code = gimple_assign_rhs_code(stmt);
  tree rhs1 = gimple_assign_rhs1(stmt);
  if (gimple_clobber_p(stmt))
    return;
  if (TREE_CODE(TREE_TYPE(lhs)) == BOOLEAN_TYPE || TREE_CODE_CLASS(code) == tcc_comparison)
    return;
  int src = -1;
  switch (get_gimple_rhs_class(code)) {
  case GIMPLE_SINGLE_RHS:
    src = value_of(c, rhs1, loc);
    break;
  case GIMPLE_UNARY_RHS:
    src = value_of(c, rhs1, loc);
    if (CONVERT_EXPR_CODE_P(code) && INTEGRAL_TYPE_P(TREE_TYPE(lhs))
        && POINTER_TYPE_P(TREE_TYPE(rhs1)))
      esc_sink(c->s, src, ESC_ROUTE_UNKNOWN, loc, msg("converted to an integer"), NULL);
    break;
  case GIMPLE_BINARY_RHS:
    if (code == POINTER_DIFF_EXPR || code == TRUTH_AND_EXPR || code == TRUTH_OR_EXPR
        || code == TRUTH_XOR_EXPR)
      return;
    src = merge(c, {value_of(c, rhs1, loc), value_of(c, gimple_assign_rhs2(stmt), loc)});
    break;
  case GIMPLE_TERNARY_RHS:
    if (code == COND_EXPR || code == VEC_COND_EXPR)
      src = merge(c, {value_of(c, gimple_assign_rhs2(stmt), loc),
                      value_of(c, gimple_assign_rhs3(stmt), loc)});
    else
      src = merge(c, {value_of(c, rhs1, loc), value_of(c, gimple_assign_rhs2(stmt), loc),
                      value_of(c, gimple_assign_rhs3(stmt), loc)});
    break;
  default:
    return;
  }
  assign_to(c, lhs, src, loc);
}

void do_phi(fn_ctx *c, gphi *phi)
{
  tree res = gimple_phi_result(phi);
  if (virtual_operand_p(res) || TREE_CODE(TREE_TYPE(res)) == BOOLEAN_TYPE)
    return;
  int dst = ssa_value(c, res);
  for (unsigned i = 0; i < gimple_phi_num_args(phi); i++) {
    int v = value_of(c, gimple_phi_arg_def(phi, i), UNKNOWN_LOCATION);
    esc_copy(c->s, dst, v, gimple_phi_arg_location(phi, i), msg(NULL));
  }
}

void do_return(fn_ctx *c, greturn *ret)
{
  tree rv = gimple_return_retval(ret);
  location_t loc = gimple_location(ret);
  if (!rv)
    return;
  int v = value_of(c, rv, loc);
  if (v < 0)
    return;
  esc_copy(c->s, c->ret_value, v, loc, msg(NULL));
  esc_sink(c->s, v, ESC_ROUTE_RETURN, loc, msg("returned from '%1$s'", c->fname), NULL);
}

/* A memory operand of an asm hands the asm its address. */
void note_asm_memory(fn_ctx *c, tree op)
{
  tree base = get_base_address(op);
  if (base && DECL_P(base))
    bitmap_set_bit(c->addressed, DECL_UID(base));
}

void do_asm(fn_ctx *c, gasm *stmt)
{
  location_t loc = gimple_location(stmt);
  for (unsigned i = 0; i < gimple_asm_ninputs(stmt); i++) {
    tree op = TREE_VALUE(gimple_asm_input_op(stmt, i));
    if (is_memory_ref(op))
      note_asm_memory(c, op);
    int v = is_memory_ref(op) ? addr_value(c, op, loc) : value_of(c, op, loc);
    esc_sink(c->s, v, ESC_ROUTE_ASM, loc, msg("passed to inline asm"), NULL);
    if (is_memory_ref(op))
      esc_sink_contents(c->s, v, ESC_ROUTE_ASM, loc, msg("passed to inline asm"), NULL);
  }
  for (unsigned i = 0; i < gimple_asm_noutputs(stmt); i++) {
    tree op = TREE_VALUE(gimple_asm_output_op(stmt, i));
    if (is_memory_ref(op)) {
      note_asm_memory(c, op);
      int v = addr_value(c, op, loc);
      esc_sink(c->s, v, ESC_ROUTE_ASM, loc, msg("passed to inline asm"), NULL);
    }
    assign_to(c, op, c->nonlocal_ptr, loc);
  }
}

/* Library functions that GCC has no fnspec for but whose behaviour is well known. */
enum lib_effect { LIB_NONE, LIB_READS, LIB_SCANS, LIB_STRTO };

lib_effect library_effect(const char *name)
{
  static const char *const reads[] = {
    "printf", "fprintf", "sprintf", "snprintf", "vprintf", "vfprintf", "vsprintf", "vsnprintf",
    "dprintf", "vdprintf", "puts", "fputs", "fputc", "putc", "putchar", "fwrite", "fread",
    "fflush", "perror", "fgets", "fgetc", "getc", "feof", "ferror", "strlen", "strnlen",
    "strcmp", "strncmp", "strcasecmp", "strncasecmp", "memcmp", "atoi", "atol", "atoll", "atof",
    "__printf_chk", "__fprintf_chk", "__sprintf_chk", "__snprintf_chk", "__vprintf_chk",
    "__vfprintf_chk", "__vsprintf_chk", "__vsnprintf_chk", "__fread_chk", "__fgets_chk",
    "write", "read", "__read_chk", NULL};
  static const char *const scans[] = {"scanf", "fscanf", "sscanf", "vscanf", "vfscanf",
                                      "vsscanf", "__isoc99_scanf", "__isoc99_fscanf",
                                      "__isoc99_sscanf", "__isoc99_vscanf", "__isoc99_vfscanf",
                                      "__isoc99_vsscanf", NULL};
  static const char *const strto[] = {"strtol", "strtoul", "strtoll", "strtoull", "strtod",
                                      "strtof", "strtold", "strtoimax", "strtoumax", NULL};
  for (int i = 0; reads[i]; i++)
    if (!strcmp(name, reads[i]))
      return LIB_READS;
  for (int i = 0; scans[i]; i++)
    if (!strcmp(name, scans[i]))
      return LIB_SCANS;
  for (int i = 0; strto[i]; i++)
    if (!strcmp(name, strto[i]))
      return LIB_STRTO;
  return LIB_NONE;
}

/* A new allocation site for CALL; returns the value pointing to it. */
int new_alloc(fn_ctx *c, gcall *call, const char *name, bool is_alloca, int size_arg)
{
  expanded_location x = expand_location(gimple_location(call));
  std::string desc = std::string("the memory from '") + name + "' at line " + std::to_string(x.line);
  int obj = esc_object(c->s, is_alloca ? ESC_OBJ_ALLOCA : ESC_OBJ_HEAP, keep(c, desc), -1);
  alloc_site a = {obj, call, keep(c, name), is_alloca, false, 0, NULL_TREE};
  if (size_arg >= 0 && (unsigned)size_arg < gimple_call_num_args(call)) {
    tree sz = gimple_call_arg(call, size_arg);
    if (tree_fits_uhwi_p(sz)) {
      a.fixed_size = true;
      a.bytes = tree_to_uhwi(sz);
    }
  }
  c->allocs.push_back(a);
  int v = esc_value(c->s);
  esc_addr(c->s, v, obj, gimple_location(call), msg("allocated by '%1$s'", a.name));
  return v;
}

const char *shown_callee_name(fn_ctx *c, tree fn)
{
  const char *n = function_name(fn);
  if (!strncmp(n, "__builtin_", 10))
    n += 10;
  if (!strcmp(n, "operator new []"))
    n = "operator new[]";
  return n;
}

/* A value A that CALLEE hands back as its result. */
int passed_through(fn_ctx *c, int a, const char *callee, location_t loc)
{
  int v = esc_value(c->s);
  esc_copy(c->s, v, a, loc, msg("returned by '%1$s'", callee));
  return v;
}

/* Applies a callee's summary at CALL. */
void apply_summary(fn_ctx *c, gcall *call, const fn_summary *sum, const char *callee,
                   const std::vector<int> &args, std::vector<int> &results)
{
  location_t loc = gimple_location(call);
  for (size_t i = 0; i < args.size() && i < sum->params.size(); i++) {
    const param_summary &p = sum->params[i];
    int a = args[i];
    if (a < 0)
      continue;
    struct esc_msg m = msg("passed as argument %2$d to '%1$s'", callee, (int)i + 1);
    if (i == sum->params.size() - 1 && i == args.size() - 1 && gimple_call_chain(call))
      m = msg("captured by nested function '%1$s'", callee);
    if (p.route != ESC_ROUTE_NONE) {
      esc_sink(c->s, a, ESC_ROUTE_CALL, loc, m, &p.flow);
      if (p.dangles)
        esc_sink_set_dangles(c->s);
    }
    if (p.content_route != ESC_ROUTE_NONE) {
      esc_sink_contents(c->s, a, ESC_ROUTE_CALL, loc, m, &p.content_flow);
      if (p.content_dangles)
        esc_sink_set_dangles(c->s);
    }
    if (p.returned)
      results.push_back(passed_through(c, a, callee, loc));
    if (p.content_returned) {
      int v = esc_value(c->s);
      esc_load(c->s, v, a, loc, msg("returned by '%1$s'", callee));
      results.push_back(v);
    }
    if (p.receives_unknown)
      esc_store(c->s, a, c->nonlocal_ptr, loc, msg(NULL));
    for (int j : p.stored_here)
      if ((size_t)j < args.size())
        esc_store(c->s, a, args[j],
                  loc, msg("stored by '%1$s' through argument %2$d", callee, (int)i + 1));
    for (int j : p.content_stored_here)
      if ((size_t)j < args.size())
        esc_copy_contents(c->s, a, args[j], loc,
                          msg("copied by '%1$s' through argument %2$d", callee, (int)i + 1));
  }
  if (sum->returns_unknown)
    results.push_back(c->nonlocal_ptr);
}

/* A call GCC knows nothing about, or knows only its fnspec/ECF flags. */
void apply_unknown_call(fn_ctx *c, gcall *call, tree fn, const char *callee,
                        const std::vector<int> &args, std::vector<int> &results)
{
  location_t loc = gimple_location(call);
  int ecf = gimple_call_flags(call);
  bool indirect = !fn;
  bool twice = (ecf & ECF_RETURNS_TWICE) != 0;
  bool builtin = fn && fndecl_built_in_p(fn, BUILT_IN_NORMAL);
  bool const_or_pure = (ecf & (ECF_CONST | ECF_PURE)) != 0;
  tree rtype = gimple_call_return_type(call);
  bool returns_pointer = rtype && (POINTER_TYPE_P(rtype) || AGGREGATE_TYPE_P(rtype));
  for (size_t i = 0; i < args.size(); i++) {
    int a = args[i];
    if (a < 0)
      continue;
    struct esc_arg_effects e = esc_arg_effects_from_flags(
        i < gimple_call_num_args(call) ? gimple_call_arg_flags(call, i) : 0);
    if (const_or_pure && !twice) {
      e.no_direct_escape = e.no_indirect_escape = true;
      if (ecf & ECF_CONST)
        e.content_not_returned = true;
    }
    enum esc_route route = ESC_ROUTE_CALL;
    struct esc_msg m = msg("passed as argument %2$d to '%1$s', which may keep it", callee,
                           (int)i + 1);
    if (indirect) {
      route = ESC_ROUTE_UNKNOWN;
      m = msg("passed as argument %2$d through a function pointer", NULL, (int)i + 1);
    } else if (twice) {
      route = ESC_ROUTE_UNKNOWN;
      e.no_direct_escape = e.no_indirect_escape = false;
      m = msg("passed to '%1$s', which returns twice", callee);
    }
    if (i >= gimple_call_num_args(call)) /* the static chain */
      m = indirect ? msg("captured by a nested function called through a pointer")
                   : msg("captured by nested function '%1$s'", callee);
    if (!e.no_direct_escape)
      esc_sink(c->s, a, route, loc, m, NULL);
    if (!e.no_indirect_escape)
      esc_sink_contents(c->s, a, route, loc, m, NULL);
    if (!builtin && !const_or_pure)
      esc_store(c->s, a, c->nonlocal_ptr, loc, msg(NULL));
    /* What a function GCC knows to be const or pure returns as an integer is not an address
     * (strlen, hashes); a pointer it returns may be one of its arguments. */
    if (const_or_pure && !returns_pointer)
      continue;
    if (!e.not_returned)
      results.push_back(passed_through(c, a, callee, loc));
    if (!e.content_not_returned) {
      int v = esc_value(c->s);
      esc_load(c->s, v, a, loc, msg("returned by '%1$s'", callee));
      results.push_back(v);
    }
  }
  if (!const_or_pure)
    results.push_back(c->nonlocal_ptr);
}

void do_call(fn_ctx *c, gcall *call)
{
  location_t loc = gimple_location(call);
  tree fn = gimple_call_fndecl(call);
  tree lhs = gimple_call_lhs(call);
  std::vector<int> args;
  for (unsigned i = 0; i < gimple_call_num_args(call); i++)
    args.push_back(value_of(c, gimple_call_arg(call, i), loc));
  if (gimple_call_chain(call))
    args.push_back(value_of(c, gimple_call_chain(call), loc));
  std::vector<int> results;
  const char *callee = fn ? shown_callee_name(c, fn) : "a function pointer";

  if (gimple_call_internal_p(call)) {
    if (gimple_call_internal_fn(call) == IFN_VA_ARG)
      results.push_back(c->nonlocal_ptr);
    else
      results = args;
    assign_to(c, lhs, merge(c, results), loc);
    return;
  }

  if (fn && fndecl_built_in_p(fn, BUILT_IN_NORMAL)) {
    if (esc_builtin_keeps_nothing(DECL_FUNCTION_CODE(fn)))
      return;
    switch (DECL_FUNCTION_CODE(fn)) {
    case BUILT_IN_MALLOC:
      results.push_back(new_alloc(c, call, "malloc", false, 0));
      goto assign;
    case BUILT_IN_CALLOC: {
      int v = new_alloc(c, call, "calloc", false, -1);
      tree n = gimple_call_arg(call, 0), sz = gimple_call_arg(call, 1);
      if (tree_fits_uhwi_p(n) && tree_fits_uhwi_p(sz)) {
        c->allocs.back().fixed_size = true;
        c->allocs.back().bytes = tree_to_uhwi(n) * tree_to_uhwi(sz);
      }
      results.push_back(v);
      goto assign;
    }
    case BUILT_IN_ALIGNED_ALLOC:
      results.push_back(new_alloc(c, call, "aligned_alloc", false, 1));
      goto assign;
    case BUILT_IN_STRDUP:
      results.push_back(new_alloc(c, call, "strdup", false, -1));
      goto assign;
    case BUILT_IN_STRNDUP:
      results.push_back(new_alloc(c, call, "strndup", false, -1));
      goto assign;
    case BUILT_IN_REALLOC: {
      int v = new_alloc(c, call, "realloc", false, -1);
      esc_copy_contents(c->s, v, args[0], loc, msg("copied by 'realloc'"));
      results.push_back(v);
      results.push_back(args[0]);
      goto assign;
    }
    case BUILT_IN_ALLOCA:
    case BUILT_IN_ALLOCA_WITH_ALIGN:
    case BUILT_IN_ALLOCA_WITH_ALIGN_AND_MAX:
      results.push_back(new_alloc(c, call, "alloca", true, -1));
      goto assign;
    case BUILT_IN_FREE:
      c->frees.push_back(std::make_pair((gimple *)call, args[0]));
      return;
    case BUILT_IN_MEMCPY: case BUILT_IN_MEMMOVE: case BUILT_IN_MEMPCPY:
    case BUILT_IN_MEMCPY_CHK: case BUILT_IN_MEMMOVE_CHK: case BUILT_IN_MEMPCPY_CHK:
    case BUILT_IN_STRCPY: case BUILT_IN_STRNCPY: case BUILT_IN_STPCPY: case BUILT_IN_STPNCPY:
    case BUILT_IN_STRCAT: case BUILT_IN_STRNCAT: case BUILT_IN_STRCPY_CHK:
    case BUILT_IN_STRNCPY_CHK: case BUILT_IN_STPCPY_CHK: case BUILT_IN_STRCAT_CHK:
    case BUILT_IN_STRNCAT_CHK:
      esc_copy_contents(c->s, args[0], args[1], loc, msg("copied by '%1$s'", callee));
      results.push_back(args[0]);
      goto assign;
    case BUILT_IN_BCOPY:
      esc_copy_contents(c->s, args[1], args[0], loc, msg("copied by 'bcopy'"));
      return;
    case BUILT_IN_INIT_TRAMPOLINE:
    case BUILT_IN_INIT_HEAP_TRAMPOLINE:
    case BUILT_IN_INIT_DESCRIPTOR:
      esc_store(c->s, args[0], args[2], loc, msg(NULL));
      return;
    case BUILT_IN_ADJUST_TRAMPOLINE:
    case BUILT_IN_ADJUST_DESCRIPTOR: {
      /* The nested function's address carries its frame: a closure object holding it. */
      tree nested = NULL_TREE;
      gimple *def = TREE_CODE(gimple_call_arg(call, 0)) == SSA_NAME
                        ? SSA_NAME_DEF_STMT(gimple_call_arg(call, 0)) : NULL;
      (void)def;
      for (gimple_stmt_iterator g = gsi_for_stmt(call); !gsi_end_p(g); gsi_prev(&g)) {
        gcall *init = dyn_cast<gcall *>(gsi_stmt(g));
        if (init && gimple_call_builtin_p(init, BUILT_IN_INIT_TRAMPOLINE)) {
          tree f = gimple_call_arg(init, 1);
          if (TREE_CODE(f) == ADDR_EXPR)
            nested = TREE_OPERAND(f, 0);
          break;
        }
      }
      const char *nn = nested ? function_name(nested) : "a nested function";
      int tramp = esc_object(c->s, ESC_OBJ_LOCAL,
                             keep(c, std::string("nested function '") + nn + "'"), -1);
      esc_object_set_closure(c->s, tramp);
      esc_store_direct(c->s, tramp, -1, -1, args[0], loc,
                       msg("captured by %1$s", esc_object_name(c->s, tramp)));
      int v = esc_value(c->s);
      esc_addr(c->s, v, tramp, loc,
               msg("address of %1$s taken", esc_object_name(c->s, tramp)));
      results.push_back(v);
      goto assign;
    }
    case BUILT_IN_VA_START:
      esc_store(c->s, args[0], c->nonlocal_ptr, loc, msg(NULL));
      return;
    case BUILT_IN_VA_COPY:
      esc_copy_contents(c->s, args[0], args[1], loc, msg(NULL));
      return;
    case BUILT_IN_VA_END:
    case BUILT_IN_STACK_SAVE:
    case BUILT_IN_STACK_RESTORE:
      return;
    case BUILT_IN_ASSUME_ALIGNED:
      results.push_back(args[0]);
      goto assign;
    default:
      break;
    }
  }

  if (fn) {
    fn_summary *callee_sum = get_summary(fn);
    if (DECL_IS_REPLACEABLE_OPERATOR_NEW_P(fn)
        || (DECL_IS_OPERATOR_NEW_P(fn) && DECL_IS_MALLOC(fn))) { /* nothrow new too */
      bool array = strstr(function_name(fn), "[]") != NULL;
      results.push_back(new_alloc(c, call, array ? "operator new[]" : "operator new", false, 0));
      goto assign;
    }
    if (DECL_IS_OPERATOR_DELETE_P(fn) && !args.empty()) {
      c->frees.push_back(std::make_pair((gimple *)call, args[0]));
      return;
    }
    if (callee_sum) {
      apply_summary(c, call, callee_sum, callee, args, results);
      if (DECL_IS_MALLOC(fn))
        results.push_back(new_alloc(c, call, callee, false, -1));
      goto assign;
    }
    lib_effect le = DECL_EXTERNAL(fn) || !DECL_SAVED_TREE(fn) ? library_effect(callee)
                                                              : LIB_NONE;
    if (le != LIB_NONE) {
      if (le == LIB_SCANS)
        for (size_t i = 1; i < args.size(); i++)
          esc_store(c->s, args[i], c->nonlocal_ptr, loc, msg(NULL));
      if (le == LIB_STRTO && args.size() >= 2)
        esc_store(c->s, args[1], args[0], loc, msg("stored by '%1$s' into argument 2", callee));
      if (lhs && POINTER_TYPE_P(TREE_TYPE(lhs)))
        results.push_back(c->nonlocal_ptr);
      goto assign;
    }
    if (DECL_IS_MALLOC(fn)) {
      apply_unknown_call(c, call, fn, callee, args, results);
      results.clear();
      results.push_back(new_alloc(c, call, callee, false, -1));
      goto assign;
    }
  }
  apply_unknown_call(c, call, fn, callee, args, results);

assign:
  if (lhs)
    assign_to(c, lhs, merge(c, results), loc);
}

/* ---- subjects ------------------------------------------------------------------------------ */

/* Every &x in a statement, also inside memory references: GCC folds memcpy(&a, &b, n) into
 * MEM[&a] = MEM[&b], which the user still wrote as taking addresses.  In GIMPLE an address is
 * an operand, an argument, or the base of a memory reference: no deeper walk is needed. */
void note_address_operand(fn_ctx *c, tree op)
{
  while (op && (handled_component_p(op) || TREE_CODE(op) == MEM_REF
                || TREE_CODE(op) == TARGET_MEM_REF)) {
    if (TREE_CODE(op) == MEM_REF || TREE_CODE(op) == TARGET_MEM_REF) {
      op = TREE_OPERAND(op, 0);
      break;
    }
    op = TREE_OPERAND(op, 0);
  }
  if (op && TREE_CODE(op) == ADDR_EXPR) {
    tree base = get_base_address(TREE_OPERAND(op, 0));
    if (base && DECL_P(base))
      bitmap_set_bit(c->addressed, DECL_UID(base));
  }
}

void note_addresses(fn_ctx *c, gimple *stmt)
{
  for (unsigned i = 0; i < gimple_num_ops(stmt); i++) {
    tree op = gimple_op(stmt, i);
    if (!op)
      continue;
    if (TREE_CODE(op) == CONSTRUCTOR) {
      unsigned k;
      tree v;
      FOR_EACH_CONSTRUCTOR_VALUE(CONSTRUCTOR_ELTS(op), k, v)
        note_address_operand(c, v);
    } else if (TREE_CODE(op) == TREE_LIST) { /* asm operands */
      for (tree l = op; l; l = TREE_CHAIN(l))
        note_address_operand(c, TREE_VALUE(l));
    } else
      note_address_operand(c, op);
  }
}

/* The user variables of the function: locals declared in its blocks. */
void collect_block_vars(tree block, std::vector<tree> &out)
{
  for (; block; block = BLOCK_CHAIN(block)) {
    for (tree v = BLOCK_VARS(block); v; v = DECL_CHAIN(v))
      if (TREE_CODE(v) == VAR_DECL)
        out.push_back(v);
    collect_block_vars(BLOCK_SUBBLOCKS(block), out);
  }
}

/* The decl at the root of a DECL_VALUE_EXPR (FRAME.0.v -> FRAME.0, *a.1 -> a.1). */
tree value_expr_root(tree e)
{
  while (e && (handled_component_p(e) || TREE_CODE(e) == INDIRECT_REF || TREE_CODE(e) == MEM_REF))
    e = TREE_OPERAND(e, 0);
  return e;
}

/* ---- reporting ----------------------------------------------------------------------------- */

struct flow_ctx {
  struct esc_fact *fact;
};

void flow_step(void *ctx, uint32_t loc, const char *message)
{
  esc_report_step(((flow_ctx *)ctx)->fact, (location_t)loc, message);
}

void flow_extra(void *ctx, const struct esc_solver_step *st)
{
  if (st->loc)
    esc_report_step(((flow_ctx *)ctx)->fact, (location_t)st->loc, st->message);
  else
    esc_fact_add_step(((flow_ctx *)ctx)->fact, st->file, st->line, st->column, st->message);
}

enum esc_code escape_code(enum esc_route r, bool param)
{
  switch (r) {
  case ESC_ROUTE_RETURN: return param ? ESC_LEAK_RETURN : ESC_ESCAPE_RETURN;
  case ESC_ROUTE_GLOBAL: return param ? ESC_LEAK_GLOBAL : ESC_ESCAPE_GLOBAL;
  case ESC_ROUTE_STORE: return param ? ESC_LEAK_STORE : ESC_ESCAPE_STORE;
  case ESC_ROUTE_CALL: return param ? ESC_LEAK_CALL : ESC_ESCAPE_CALL;
  case ESC_ROUTE_ASM: return param ? ESC_LEAK_UNKNOWN : ESC_ESCAPE_ASM;
  case ESC_ROUTE_CLOSURE: return param ? ESC_LEAK_STORE : ESC_ESCAPE_CLOSURE;
  case ESC_ROUTE_UNKNOWN: return param ? ESC_LEAK_UNKNOWN : ESC_ESCAPE_UNKNOWN;
  default: return param ? ESC_NOLEAK : ESC_NOESCAPE;
  }
}

/* "stored in global 'g'", or how the holding object escapes. */
std::string escape_reason(fn_ctx *c, int obj)
{
  char buf[600];
  esc_object_reason(c->s, obj, buf, sizeof buf);
  int holder = esc_object_container(c->s, obj);
  std::string why = buf;
  if (esc_object_route(c->s, obj) == ESC_ROUTE_CLOSURE && holder >= 0) {
    /* The closure's own reason reads after "address": "passed as argument 1 to 'f'". */
    return std::string("captured by ") + esc_object_name(c->s, holder)
           + ", whose address is " + why;
  }
  if (holder >= 0 && esc_object_kind(c->s, holder) != ESC_OBJ_NONLOCAL)
    return std::string("held in ") + esc_object_name(c->s, holder) + ", which escapes: " + why;
  return why;
}

/* Reports OBJ's verdict; returns the fact, or NULL when it is left out. */
struct esc_fact *report(fn_ctx *c, enum esc_subject subject, int obj, const char *name,
                        location_t loc, const char *what)
{
  enum esc_route r = esc_object_route(c->s, obj);
  bool param = subject == ESC_SUBJECT_PARAM;
  enum esc_code code = escape_code(r, param);
  bool captured = !param && r != ESC_ROUTE_NONE && esc_object_captured(c->s, obj);
  if (captured)
    code = ESC_ESCAPE_CLOSURE;
  struct esc_fact *f = esc_report_fact(subject, code, name, c->fname, loc);
  if (!f)
    return NULL;
  std::string m;
  if (r == ESC_ROUTE_NONE) {
    m = param ? std::string("param '") + name + "' does not leak"
              : std::string(what) + " does not escape";
  } else {
    std::string why = escape_reason(c, obj);
    if (param)
      m = std::string("leaking param '") + name + "': " + why;
    else if (subject == ESC_SUBJECT_ALLOC)
      m = std::string(what) + " escapes: " + why;
    else if (r == ESC_ROUTE_CLOSURE)
      m = std::string(what) + " escapes: " + why;
    else if (captured)
      m = std::string(what) + " escapes: captured by reference in a closure whose copy is " + why;
    else
      m = std::string(what) + " escapes: address " + why;
    bool on_stack = subject == ESC_SUBJECT_LOCAL
                    || esc_object_kind(c->s, obj) == ESC_OBJ_ALLOCA;
    f->dangling = on_stack && esc_object_dangles(c->s, obj);
    if (f->dangling)
      m += "; the pointer dangles once '" + std::string(c->fname) + "' returns";
    flow_ctx fc = {f};
    esc_object_flow(c->s, obj, flow_step, flow_extra, &fc);
  }
  f->message = esc_strdup(m.c_str());
  return f;
}

/* Is ALLOC freed on every path from its call to the function's exit?  A path on which the
 * allocation was found to be null needs no free. */
bool freed_on_every_path(fn_ctx *c, const alloc_site &a)
{
  /* An exception thrown out of the function is a path to the exit without a free. */
  auto throws_out = [&](gimple *stmt) {
    return stmt_could_throw_p(c->fun, stmt) && lookup_stmt_eh_lp(stmt) <= 0;
  };
  auto frees_it = [&](gimple *stmt) {
    for (auto &f : c->frees)
      if (f.first == stmt && esc_value_points_to(c->s, f.second, a.obj)) {
        int count = 0;
        esc_value_each(c->s, f.second, [](void *n, int) { ++*(int *)n; }, &count);
        return count == 1;
      }
    return false;
  };
  auto null_edge = [&](basic_block bb) -> edge {
    gimple *last = last_stmt(bb);
    gcond *cond = last ? dyn_cast<gcond *>(last) : NULL;
    if (!cond || !integer_zerop(gimple_cond_rhs(cond))
        || TREE_CODE(gimple_cond_lhs(cond)) != SSA_NAME)
      return NULL;
    int v = ssa_value(c, gimple_cond_lhs(cond));
    if (!esc_value_points_to(c->s, v, a.obj))
      return NULL;
    edge t, f;
    extract_true_false_edges_from_block(bb, &t, &f);
    if (gimple_cond_code(cond) == EQ_EXPR)
      return t;
    if (gimple_cond_code(cond) == NE_EXPR)
      return f;
    return NULL;
  };
  basic_block start = gimple_bb(a.call);
  auto_bitmap visited;
  std::vector<basic_block> work;
  /* The rest of the allocating block. */
  gimple_stmt_iterator g = gsi_for_stmt(a.call);
  for (gsi_next(&g); !gsi_end_p(g); gsi_next(&g)) {
    if (frees_it(gsi_stmt(g)))
      return true;
    if (throws_out(gsi_stmt(g)))
      return false;
  }
  work.push_back(start);
  bitmap_set_bit(visited, start->index);
  bool first = true;
  while (!work.empty()) {
    basic_block bb = work.back();
    work.pop_back();
    if (!first) {
      bool freed = false;
      for (g = gsi_start_bb(bb); !gsi_end_p(g) && !freed; gsi_next(&g)) {
        freed = frees_it(gsi_stmt(g));
        if (!freed && throws_out(gsi_stmt(g)))
          return false;
      }
      if (freed)
        continue;
    }
    first = false;
    edge skip = null_edge(bb);
    edge e;
    edge_iterator ei;
    FOR_EACH_EDGE(e, ei, bb->succs) {
      if (e == skip)
        continue;
      if (e->dest == EXIT_BLOCK_PTR_FOR_FN(c->fun))
        return false;
      if (bitmap_set_bit(visited, e->dest->index))
        work.push_back(e->dest);
      else if (e->dest == start)
        continue;
    }
  }
  return true;
}

void report_allocs(fn_ctx *c)
{
  for (const alloc_site &a : c->allocs) {
    location_t loc = gimple_location(a.call);
    if (a.vla) {
      const char *n = decl_name(a.vla);
      std::string what = std::string("'") + n + "'";
      report(c, ESC_SUBJECT_LOCAL, a.obj, n, DECL_SOURCE_LOCATION(a.vla), what.c_str());
      continue;
    }
    std::string what = std::string("allocation by '") + a.name + "'";
    if (!a.is_alloca && a.fixed_size && esc_object_route(c->s, a.obj) == ESC_ROUTE_NONE
        && freed_on_every_path(c, a)) {
      struct esc_fact *f = esc_report_fact(ESC_SUBJECT_ALLOC, ESC_ALLOC_STACK_CANDIDATE, a.name,
                                           c->fname, loc);
      if (f) {
        char buf[300];
        snprintf(buf, sizeof buf,
                 "%s of %lld bytes does not escape and is freed on every path: it could live on "
                 "the stack",
                 what.c_str(), (long long)a.bytes);
        f->message = esc_strdup(buf);
        f->value = a.bytes;
      }
      continue;
    }
    report(c, ESC_SUBJECT_ALLOC, a.obj, a.name, loc, what.c_str());
  }
}

void report_frame(fn_ctx *c, const std::vector<tree> &vars)
{
  bool dynamic = false;
  const char *why = NULL;
  for (const alloc_site &a : c->allocs)
    if (a.is_alloca) {
      dynamic = true;
      why = a.vla ? "a variable-length array" : "alloca";
    }
  if (dynamic) {
    struct esc_fact *f = esc_report_fact(ESC_SUBJECT_FRAME, ESC_FRAME_DYNAMIC, c->fname,
                                         c->fname, DECL_SOURCE_LOCATION(c->fndecl));
    if (f) {
      std::string m = std::string("'") + c->fname + "' uses dynamic stack space (" + why + ")";
      f->message = esc_strdup(m.c_str());
    }
  }
  for (tree v : vars) {
    if (is_global_var(v) || DECL_HAS_VALUE_EXPR_P(v) || !user_name(v) || !DECL_SIZE_UNIT(v)
        || !tree_fits_uhwi_p(DECL_SIZE_UNIT(v)))
      continue;
    unsigned HOST_WIDE_INT bytes = tree_to_uhwi(DECL_SIZE_UNIT(v));
    if (bytes <= (unsigned HOST_WIDE_INT)esc_opts.large_local)
      continue;
    const char *n = user_name(v);
    struct esc_fact *f = esc_report_fact(ESC_SUBJECT_FRAME, ESC_FRAME_LARGE_LOCAL, n, c->fname,
                                         DECL_SOURCE_LOCATION(v));
    if (f) {
      char buf[300];
      snprintf(buf, sizeof buf, "'%s' takes %llu bytes of the stack frame (threshold %ld)", n,
               (unsigned long long)bytes, esc_opts.large_local);
      f->message = esc_strdup(buf);
      f->value = (int64_t)bytes;
    }
  }
}

void report_locals(fn_ctx *c, const std::vector<tree> &vars)
{
  for (const local_subject &l : c->locals) {
    std::string what = std::string("'") + l.name + "'";
    struct esc_fact *f = report(c, ESC_SUBJECT_LOCAL, l.obj, l.name,
                                DECL_SOURCE_LOCATION(l.decl), what.c_str());
    auto own = c->decl_objs.find(DECL_UID(l.decl));
    if (f && esc_code_is_escape(f->code) && !DECL_HAS_VALUE_EXPR_P(l.decl)
        && own != c->decl_objs.end() && own->second == l.obj)
      esc_watch_local(c->fndecl, l.decl, (size_t)(f - esc_unit.facts), f->code);
  }
}

void report_params(fn_ctx *c)
{
  int i = 0;
  for (tree p = DECL_ARGUMENTS(c->fndecl); p; p = DECL_CHAIN(p), i++) {
    const char *n = user_name(p);
    if (!n || !POINTER_TYPE_P(TREE_TYPE(p)) || FUNC_OR_METHOD_TYPE_P(TREE_TYPE(TREE_TYPE(p))))
      continue;
    report(c, ESC_SUBJECT_PARAM, c->param_objs[i], n, DECL_SOURCE_LOCATION(p), n);
  }
}

/* ---- the summary of the function for its callers ------------------------------------------ */

struct step_collector {
  std::vector<struct esc_solver_step> steps;
};

void collect_step(void *ctx, uint32_t loc, const char *message)
{
  struct esc_solver_step st;
  memset(&st, 0, sizeof st);
  st.loc = loc;
  unsigned line, col;
  st.file = esc_strdup(esc_location_file((location_t)loc, &line, &col));
  st.line = line;
  st.column = col;
  st.message = esc_strdup(message);
  ((step_collector *)ctx)->steps.push_back(st);
}

void collect_extra(void *ctx, const struct esc_solver_step *from)
{
  struct esc_solver_step st = *from;
  st.file = esc_strdup(from->file);
  st.message = esc_strdup(from->message);
  ((step_collector *)ctx)->steps.push_back(st);
}

/* Copies OBJ's flow into OUT as plain data that outlives this function's analysis. */
void copy_flow(fn_ctx *c, int obj, struct esc_step_list *out)
{
  step_collector sc;
  esc_object_flow(c->s, obj, collect_step, collect_extra, &sc);
  out->n = 0;
  out->steps = XCNEWVEC(struct esc_solver_step, sc.steps.size() + 1);
  if (!out->steps) {
    for (auto &st : sc.steps) {
      free(st.file);
      free(st.message);
    }
    return;
  }
  for (auto &st : sc.steps)
    out->steps[out->n++] = st;
}

struct unknown_probe {
  fn_ctx *c;
  bool unknown;
};

void probe_unknown(void *ctx, int obj)
{
  unknown_probe *p = (unknown_probe *)ctx;
  enum esc_obj_kind k = esc_object_kind(p->c->s, obj);
  if (k != ESC_OBJ_PARAM && k != ESC_OBJ_PARAM_CONTENT)
    p->unknown = true;
}

fn_summary *summarise(fn_ctx *c)
{
  fn_summary *sum = new fn_summary;
  size_t n = c->param_objs.size();
  sum->params.resize(n);
  for (size_t i = 0; i < n; i++) {
    param_summary &p = sum->params[i];
    memset(&p.flow, 0, sizeof p.flow);
    memset(&p.content_flow, 0, sizeof p.content_flow);
    int po = c->param_objs[i], pc = c->param_content_objs[i];
    p.route = esc_object_route(c->s, po);
    p.dangles = esc_object_dangles(c->s, po);
    p.content_dangles = esc_object_dangles(c->s, pc);
    if (p.route != ESC_ROUTE_NONE)
      copy_flow(c, po, &p.flow);
    p.content_route = esc_object_route(c->s, pc);
    if (p.content_route != ESC_ROUTE_NONE)
      copy_flow(c, pc, &p.content_flow);
    p.returned = esc_value_points_to(c->s, c->ret_value, po);
    p.content_returned = esc_value_points_to(c->s, c->ret_value, pc);
    unknown_probe probe = {c, false};
    esc_contents_each(c->s, po, probe_unknown, &probe);
    p.receives_unknown = probe.unknown;
    for (size_t j = 0; j < n; j++) {
      if (esc_contents_include(c->s, po, c->param_objs[j]))
        p.stored_here.push_back((int)j);
      if (j != i && esc_contents_include(c->s, po, c->param_content_objs[j]))
        p.content_stored_here.push_back((int)j);
    }
  }
  unknown_probe probe = {c, false};
  esc_value_each(c->s, c->ret_value, probe_unknown, &probe);
  sum->returns_unknown = probe.unknown;
  return sum;
}

/* A local whose address the front end stopped returning still escapes by return in the
 * source the user wrote. */
void apply_nulled_returns(fn_ctx *c, const std::vector<tree> &vars, const std::vector<tree> &parms)
{
  auto it = nulled_returns.find(DECL_UID(c->fndecl));
  if (it == nulled_returns.end())
    return;
  for (auto &r : it->second) {
    tree decl = NULL_TREE;
    for (tree v : vars)
      if (DECL_UID(v) == r.first)
        decl = v;
    for (tree p : parms)
      if (DECL_UID(p) == r.first)
        decl = p;
    if (!decl)
      continue;
    bitmap_set_bit(c->addressed, DECL_UID(decl));
    int obj = object_for_decl(c, decl);
    int v = esc_value(c->s);
    esc_addr(c->s, v, obj, r.second, msg("address of %1$s taken", esc_object_name(c->s, obj)));
    esc_sink(c->s, v, ESC_ROUTE_RETURN, r.second,
             msg("returned from '%1$s' (GCC returns a null pointer instead)", c->fname), NULL);
  }
}

/* ---- the pass ------------------------------------------------------------------------------ */

void build(fn_ctx *c, std::vector<tree> &vars)
{
  c->ssa_values.assign(num_ssa_names, -1);
  c->nonlocal = esc_object(c->s, ESC_OBJ_NONLOCAL, "memory of unknown origin", -1);
  c->nonlocal_ptr = esc_object_address(c->s, c->nonlocal);
  c->ret_value = esc_value(c->s);
  int i = 0;
  std::vector<tree> parms;
  for (tree p = DECL_ARGUMENTS(c->fndecl); p; p = DECL_CHAIN(p))
    parms.push_back(p);
  if (c->fun->static_chain_decl)
    parms.push_back(c->fun->static_chain_decl);
  for (tree p : parms) {
    const char *n = decl_name(p) ? decl_name(p) : "?";
    int po = esc_object(c->s, ESC_OBJ_PARAM, keep(c, std::string("what '") + n + "' points to"), i);
    int pc = esc_object(c->s, ESC_OBJ_PARAM_CONTENT,
                        keep(c, std::string("what '*") + n + "' points to"), i);
    c->param_objs.push_back(po);
    c->param_content_objs.push_back(pc);
    int v = esc_value(c->s);
    esc_addr(c->s, v, po, DECL_SOURCE_LOCATION(p), msg(NULL));
    c->param_values.push_back(v);
    i++;
  }

  basic_block bb;
  FOR_EACH_BB_FN(bb, c->fun) {
    for (gphi_iterator pi = gsi_start_phis(bb); !gsi_end_p(pi); gsi_next(&pi))
      do_phi(c, pi.phi());
    for (gimple_stmt_iterator g = gsi_start_bb(bb); !gsi_end_p(g); gsi_next(&g)) {
      gimple *stmt = gsi_stmt(g);
      if (is_gimple_debug(stmt))
        continue;
      note_addresses(c, stmt);
      switch (gimple_code(stmt)) {
      case GIMPLE_ASSIGN: do_assign(c, as_a<gassign *>(stmt)); break;
      case GIMPLE_CALL: do_call(c, as_a<gcall *>(stmt)); break;
      case GIMPLE_RETURN: do_return(c, as_a<greturn *>(stmt)); break;
      case GIMPLE_ASM: do_asm(c, as_a<gasm *>(stmt)); break;
      default: break;
      }
    }
  }

  /* Subjects: the user's locals whose address is taken, and those living in a nested
   * function's frame or a VLA's storage. */
  collect_block_vars(DECL_INITIAL(c->fndecl), vars);
  apply_nulled_returns(c, vars, parms);
  auto src = source_addressed.find(DECL_UID(c->fndecl));
  if (src != source_addressed.end())
    for (unsigned uid : src->second)
      bitmap_set_bit(c->addressed, uid);
  for (tree p : parms)
    if (TREE_CODE(p) == PARM_DECL && p != c->fun->static_chain_decl)
      vars.push_back(p);
  std::map<unsigned, bool> seen, seen_frame;
  for (tree v : vars) {
    if (seen[DECL_UID(v)] || is_global_var(v))
      continue;
    seen[DECL_UID(v)] = true;
    const char *n = user_name(v);
    if (DECL_HAS_VALUE_EXPR_P(v)) {
      tree root = value_expr_root(DECL_VALUE_EXPR(v));
      if (!n || !root)
        continue;
      if (TREE_CODE(root) == VAR_DECL && is_nested_frame(root)) {
        if (!seen_frame[DECL_UID(v)]) {
          seen_frame[DECL_UID(v)] = true;
          local_subject l = {v, object_for_decl(c, root), n};
          c->locals.push_back(l);
        }
      } else if (TREE_CODE(root) == VAR_DECL) {
        for (alloc_site &a : c->allocs) {
          tree lhs = gimple_call_lhs(a.call);
          if (a.is_alloca && lhs && TREE_CODE(lhs) == SSA_NAME && SSA_NAME_VAR(lhs) == root)
            a.vla = v;
        }
      }
      continue;
    }
    if (!bitmap_bit_p(c->addressed, DECL_UID(v)))
      continue;
    if (!n && is_compound_literal(v))
      n = "(compound literal)";
    if (!n)
      continue;
    local_subject l = {v, object_for_decl(c, v), n};
    c->locals.push_back(l);
  }
  /* Variables captured by nested functions live in the frame record, one field each, named
   * after them (at -O0 the variables also point there through DECL_VALUE_EXPR; at -O1 and
   * above only debug copies do). */
  unsigned ix;
  tree var;
  FOR_EACH_LOCAL_DECL(c->fun, ix, var) {
    if (TREE_CODE(var) != VAR_DECL || !is_nested_frame(var))
      continue;
    for (tree f = TYPE_FIELDS(TREE_TYPE(var)); f; f = DECL_CHAIN(f)) {
      if (TREE_CODE(f) != FIELD_DECL || !DECL_NAME(f))
        continue;
      for (tree v : vars)
        if (DECL_NAME(v) == DECL_NAME(f) && user_name(v) && !seen_frame[DECL_UID(v)]
            && !is_global_var(v)) {
          seen_frame[DECL_UID(v)] = true;
          local_subject l = {v, object_for_decl(c, var), user_name(v)};
          c->locals.push_back(l);
        }
    }
  }
  /* Compound literals are not in the blocks: find them among the function's locals. */
  FOR_EACH_LOCAL_DECL(c->fun, ix, var) {
    if (is_compound_literal(var) && bitmap_bit_p(c->addressed, DECL_UID(var)) && !seen[DECL_UID(var)]) {
      seen[DECL_UID(var)] = true;
      local_subject l = {var, object_for_decl(c, var), "(compound literal)"};
      c->locals.push_back(l);
    }
  }
}

/* Analyses FUN; reports its facts when REPORT.  Returns its summary (the caller owns it), or
 * NULL when the analysis failed. */
fn_summary *analyze(function *fun, bool report_facts)
{
  fn_ctx c;
  c.fun = fun;
  c.fndecl = fun->decl;
  c.fname = function_name(fun->decl);
  c.s = esc_solver_new();
  if (!c.s)
    return NULL;
  fn_summary *sum = NULL;
  std::vector<tree> vars;
  static const char *fail_function = getenv("ESCINFO_TEST_FAIL_FUNCTION");
  build(&c, vars);
  if (esc_solve(c.s) == 0) {
    esc_compute_escapes(c.s, true);
    sum = summarise(&c);
    esc_compute_escapes(c.s, false);
    bool quiet = (!esc_opts.system_headers && DECL_IN_SYSTEM_HEADER(c.fndecl))
                 || (DECL_ARTIFICIAL(c.fndecl) && !(DECL_CONTEXT(c.fndecl)
                     && is_lambda_closure_type(DECL_CONTEXT(c.fndecl))));
    if (report_facts && !quiet && !esc_solver_failed(c.s)
        && !(fail_function && !strcmp(fail_function, c.fname))) {
      report_locals(&c, vars);
      report_allocs(&c);
      report_params(&c);
      report_frame(&c, vars);
    }
  }
  /* Tests make one function's analysis fail to check that the rest of the unit goes on. */
  if (fail_function && !strcmp(fail_function, c.fname))
    esc_solver_fail(c.s);
  if (esc_solver_failed(c.s)) {
    if (report_facts)
      inform(DECL_SOURCE_LOCATION(c.fndecl),
             "escinfo: internal failure analysing %qs; its facts are left out", c.fname);
    free_summary(sum);
    sum = NULL;
  }
  ESC_LOG("analysed %s: %zu objects", c.fname, esc_object_count(c.s));
  esc_solver_free(c.s);
  for (std::string *str : c.strings)
    delete str;
  return sum;
}

void set_summary(tree fndecl, fn_summary *sum)
{
  unsigned key = summary_key(fndecl);
  if (!key) {
    free_summary(sum);
    return;
  }
  auto old = summaries.find(key);
  if (old != summaries.end())
    free_summary(old->second);
  if (sum)
    summaries[key] = sum;
  else
    summaries.erase(key);
}

fn_summary *get_summary(tree fndecl)
{
  auto it = summaries.find(summary_key(fndecl));
  return it == summaries.end() ? NULL : it->second;
}

fn_summary *analyze_node(cgraph_node *node, bool report_facts)
{
  /* Bodies GCC keeps only for inlining (extern inline, extern templates) exist at -O2 and not
   * at -O0: they are neither analysed nor trusted, so answers do not depend on -O. */
  if (DECL_EXTERNAL(node->decl))
    return NULL;
  function *fun = DECL_STRUCT_FUNCTION(node->decl);
  if (!fun || !fun->cfg || !gimple_in_ssa_p(fun))
    return NULL;
  push_cfun(fun);
  fn_summary *sum = analyze(fun, report_facts);
  pop_cfun();
  return sum;
}

/* A cycle of mutually recursive functions is analysed until its summaries stop changing,
 * starting from "nothing escapes"; past a bound, its members are left without summaries
 * (their callers then treat them as unknown functions). */
const int max_cycle_rounds = 8;

void analyze_cycle(const vec<cgraph_node *> &members)
{
  /* Only functions with a body of their own: aliases (C++ constructors called through their
   * "complete object" alias) share their target's summary. */
  std::vector<cgraph_node *> cycle;
  for (cgraph_node *n : members)
    if (!n->alias && !n->thunk && n->has_gimple_body_p() && !DECL_EXTERNAL(n->decl))
      cycle.push_back(n);
  if (cycle.empty())
    return;
  if (cycle.size() == 1 && !cycle[0]->callees) {
    set_summary(cycle[0]->decl, analyze_node(cycle[0], true));
    return;
  }
  bool recursive = cycle.size() > 1;
  for (cgraph_edge *e = cycle[0]->callees; e && !recursive; e = e->next_callee)
    recursive = e->callee->ultimate_alias_target() == cycle[0];
  if (!recursive) {
    set_summary(cycle[0]->decl, analyze_node(cycle[0], true));
    return;
  }
  for (cgraph_node *n : cycle) {
    fn_summary *empty = new fn_summary;
    function *fun = DECL_STRUCT_FUNCTION(n->decl);
    size_t nparams = list_length(DECL_ARGUMENTS(n->decl)) + (fun && fun->static_chain_decl ? 1 : 0);
    empty->params.resize(nparams);
    for (param_summary &p : empty->params) {
      p.route = p.content_route = ESC_ROUTE_NONE;
      memset(&p.flow, 0, sizeof p.flow);
      memset(&p.content_flow, 0, sizeof p.content_flow);
      p.returned = p.content_returned = p.receives_unknown = false;
      p.dangles = p.content_dangles = false;
    }
    empty->returns_unknown = false;
    set_summary(n->decl, empty);
  }
  bool stable = false;
  for (int round = 0; round < max_cycle_rounds && !stable; round++) {
    stable = true;
    for (cgraph_node *n : cycle) {
      fn_summary *sum = analyze_node(n, false);
      if (!same_summary(sum, get_summary(n->decl)))
        stable = false;
      set_summary(n->decl, sum);
    }
  }
  if (!stable)
    for (cgraph_node *n : cycle)
      set_summary(n->decl, NULL);
  for (cgraph_node *n : cycle)
    set_summary(n->decl, analyze_node(n, true));
}

const pass_data analysis_pass_data = {
  SIMPLE_IPA_PASS, "escinfo", OPTGROUP_NONE, TV_PLUGIN_RUN, 0, 0, 0, 0, 0,
};

/* Runs once all functions are in SSA form and before any of them is optimised: callees
 * before callers, whatever the -O level. */
struct analysis_pass : simple_ipa_opt_pass {
  analysis_pass(gcc::context *ctx) : simple_ipa_opt_pass(analysis_pass_data, ctx) {}
  unsigned int execute(function *) final override
  {
    if (seen_error())
      return 0;
    cgraph_node **order = XCNEWVEC(cgraph_node *, symtab->cgraph_count);
    int n = ipa_reduced_postorder(order, true, NULL);
    for (int i = 0; i < n; i++) {
      vec<cgraph_node *> cycle = ipa_get_nodes_in_cycle(order[i]);
      analyze_cycle(cycle);
      cycle.release();
    }
    ipa_free_postorder_info();
    free(order);
    return 0;
  }
  opt_pass *clone() final override { return new analysis_pass(m_ctxt); }
};

} // namespace

opt_pass *esc_make_analysis_pass(gcc::context *ctx)
{
  return new analysis_pass(ctx);
}

void esc_note_function_body(tree fndecl)
{
  if (!fndecl || !DECL_SAVED_TREE(fndecl))
    return;
  walk_tree_without_duplicates(&DECL_SAVED_TREE(fndecl), note_generic, fndecl);
}

void esc_analysis_finish(void)
{
  compound_literals.clear();
  nulled_returns.clear();
  source_addressed.clear();
  for (auto &kv : summaries)
    free_summary(kv.second);
  summaries.clear();
}
