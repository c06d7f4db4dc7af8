/* constraints.cc - a function's GIMPLE as solver constraints: values, objects, loads,
 * stores, calls (summaries, builtins, known library functions, unknown callees), sinks. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"
#include "library.h"

namespace escan {

const char *keep(fn_ctx *c, const std::string &s)
{
  std::string *p = new std::string(s);
  c->strings.push_back(p);
  return p->c_str();
}

struct esc_msg msg(const char *fmt, const char *arg, int num)
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
    return c->chain_index;
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
        esc_store_direct(c->s, obj, -1, -1, c->param_values[i], false,
                         DECL_SOURCE_LOCATION(decl), msg(NULL));
    }
  }
  c->decl_objs[DECL_UID(decl)] = obj;
  return obj;
}

/* Is T the hidden pointer to the caller's object that C's result is returned in (the result
 * decl itself, or its incoming SSA name)? */
bool is_result_pointer(fn_ctx *c, tree t)
{
  if (c->result_slot_ptr < 0)
    return false;
  if (TREE_CODE(t) == SSA_NAME)
    t = SSA_NAME_VAR(t);
  return t && TREE_CODE(t) == RESULT_DECL;
}

int ssa_value(fn_ctx *c, tree name)
{
  unsigned v = SSA_NAME_VERSION(name);
  if (v >= c->ssa_values.size())
    c->ssa_values.resize(v + 1, -1);
  if (c->ssa_values[v] < 0) {
    c->ssa_values[v] = esc_value(c->s);
    /* The hidden pointer to the caller's object a result is returned in. */
    if (SSA_NAME_IS_DEFAULT_DEF(name) && is_result_pointer(c, name))
      esc_copy(c->s, c->ssa_values[v], c->result_slot_ptr, UNKNOWN_LOCATION, msg(NULL));
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

/* Is TYPE a number: an integer (not a truth value), a floating-point or complex value, or a
 * vector of them?  A number can hold the bits of an address, put there by a conversion, a
 * union or a byte copy, and it is followed as a pointer is (docs/design.md, "Numbers"). */
bool is_number_type(tree type)
{
  if (VECTOR_TYPE_P(type))
    return !POINTER_TYPE_P(TREE_TYPE(type));
  if (TREE_CODE(type) == BOOLEAN_TYPE)
    return false;
  return INTEGRAL_TYPE_P(type) || SCALAR_FLOAT_TYPE_P(type) || TREE_CODE(type) == COMPLEX_TYPE
         || FIXED_POINT_TYPE_P(type);
}

/* Can a value of TYPE carry an address on: a pointer, an aggregate, a number. */
bool may_carry_address(tree type)
{
  return POINTER_TYPE_P(type) || AGGREGATE_TYPE_P(type) || VECTOR_TYPE_P(type)
         || is_number_type(type);
}

/* Can memory of TYPE hold a pointer by its type (a pointer, or an aggregate with one)? */
bool type_holds_pointers(tree type)
{
  if (POINTER_TYPE_P(type))
    return true;
  if (TREE_CODE(type) == ARRAY_TYPE)
    return type_holds_pointers(TREE_TYPE(type));
  if (RECORD_OR_UNION_TYPE_P(type)) {
    for (tree f = TYPE_FIELDS(type); f; f = DECL_CHAIN(f))
      if (TREE_CODE(f) == FIELD_DECL && type_holds_pointers(TREE_TYPE(f)))
        return true;
    return false;
  }
  return VECTOR_TYPE_P(type) && POINTER_TYPE_P(TREE_TYPE(type));
}

/* How a read of memory sees what is stored there.  A read of a number by its own type (not a
 * character, not through a union, a reinterpretation or a byte copy) sees the numbers stored
 * there, not the pointers stored next to them: reading a pointer by an integer's type is not
 * allowed in C (GCC's type-based aliasing relies on it).  A read of a character sees the bytes
 * of whatever is there, unless it reads a field that holds no pointer by its type (a char
 * array in a struct).  Anything else sees everything. */
enum read_kind { READ_ALL, READ_NUMBERS, READ_BYTES };

read_kind how_read(tree ref)
{
  tree type = TREE_TYPE(ref);
  if (!is_number_type(type))
    return READ_ALL;
  tree field = NULL_TREE;
  for (tree t = ref; handled_component_p(t); t = TREE_OPERAND(t, 0)) {
    if (TREE_CODE(t) == VIEW_CONVERT_EXPR)
      return READ_ALL;
    if (TREE_CODE(t) == COMPONENT_REF) {
      if (TREE_CODE(TREE_TYPE(TREE_OPERAND(t, 0))) == UNION_TYPE)
        return READ_ALL;
      if (!field)
        field = TREE_OPERAND(t, 1);
    }
  }
  tree base = get_base_address(ref);
  if (!base)
    return READ_ALL;
  if (DECL_P(base)) {
    if (TREE_CODE(TREE_TYPE(base)) == UNION_TYPE)
      return READ_ALL;
  } else if (TREE_CODE(base) == MEM_REF || TREE_CODE(base) == TARGET_MEM_REF) {
    /* A byte copy (what GCC makes of a small memcpy) reads through a "ref-all" pointer. */
    if (TYPE_REF_CAN_ALIAS_ALL(TREE_TYPE(TREE_OPERAND(base, 1))))
      return READ_ALL;
  } else {
    return READ_ALL;
  }
  if (TYPE_PRECISION(type) > CHAR_TYPE_SIZE)
    return READ_NUMBERS;
  return field && !type_holds_pointers(TREE_TYPE(field)) ? READ_NUMBERS : READ_BYTES;
}

/* The value of loading from memory reference REF (-1 when it cannot carry an address). */
int load_value(fn_ctx *c, tree ref, location_t loc)
{
  if (!may_carry_address(TREE_TYPE(ref)))
    return -1;
  return load_pointers(c, ref, loc);
}

int load_pointers(fn_ctx *c, tree ref, location_t loc)
{
  mem_target m = mem_of(c, ref, loc);
  int v = esc_value(c->s);
  read_kind how = how_read(ref);
  bool numbers = how == READ_NUMBERS;
  if (m.obj >= 0) {
    const char *n = esc_object_name(c->s, m.obj);
    if (numbers)
      esc_load_direct_numbers(c->s, v, m.obj, m.off, m.size, loc, msg("loaded from %1$s", n));
    else
      esc_load_direct(c->s, v, m.obj, m.off, m.size, loc, msg("loaded from %1$s", n));
  } else if (m.ptr >= 0) {
    const char *pn = m.ptr_tree && TREE_CODE(m.ptr_tree) == SSA_NAME ? ssa_user_name(m.ptr_tree)
                                                                       : NULL;
    struct esc_msg mm = pn ? msg("loaded through '%1$s'", pn) : msg("loaded through a pointer");
    if (numbers)
      esc_load_numbers(c->s, v, m.ptr, loc, mm);
    else if (how == READ_BYTES)
      esc_load_bytes(c->s, v, m.ptr, loc, mm);
    else
      esc_load(c->s, v, m.ptr, loc, mm);
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
    return number_ignored(c, t) ? -1 : ssa_value(c, t);
  case RESULT_DECL:
    return is_result_pointer(c, t) ? c->result_slot_ptr : load_value(c, t, loc);
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

/* Does a store of a number to LHS write bytes a pointer may later be read from: a character
 * written through a pointer (not into a char field), a write through a union or a
 * reinterpretation, or a number written over a variable that holds pointers? */
bool writes_pointer_bytes(tree lhs)
{
  if (!is_number_type(TREE_TYPE(lhs)))
    return false;
  read_kind how = how_read(lhs);
  if (how != READ_NUMBERS)
    return true;
  tree base = get_base_address(lhs);
  if (!base)
    return false;
  for (tree t = lhs; handled_component_p(t); t = TREE_OPERAND(t, 0))
    if (TREE_CODE(t) == COMPONENT_REF)
      return false; /* a number field */
  tree decl = base;
  if ((TREE_CODE(base) == MEM_REF || TREE_CODE(base) == TARGET_MEM_REF)
      && TREE_CODE(TREE_OPERAND(base, 0)) == ADDR_EXPR)
    decl = get_base_address(TREE_OPERAND(TREE_OPERAND(base, 0), 0));
  return decl && DECL_P(decl) && type_holds_pointers(TREE_TYPE(decl));
}

/* Assigns SRC's pointers to LHS (an SSA name or memory). */
void assign_to(fn_ctx *c, tree lhs, int src, location_t loc)
{
  if (!lhs)
    return;
  /* Bytes or a number written where a pointer may be read back (a pointer put together a byte
   * at a time, or through a union): that pointer may be any address the bytes spell, not only
   * those the stored values are known to carry. */
  if (TREE_CODE(lhs) != SSA_NAME && src != c->nonlocal_ptr && writes_pointer_bytes(lhs))
    assign_to(c, lhs, c->nonlocal_ptr, loc);
  if (src < 0)
    return;
  if (TREE_CODE(lhs) == SSA_NAME) {
    const char *n = ssa_user_name(lhs);
    esc_copy(c->s, ssa_value(c, lhs), src, loc, n ? msg("assigned to '%1$s'", n) : msg(NULL));
    return;
  }
  /* A lambda's capture by reference holds the variable's address ([&x]); a capture by copy of
   * a pointer holds the pointer ([p]). */
  if (TREE_CODE(lhs) == COMPONENT_REF
      && is_lambda_closure_type(TREE_TYPE(TREE_OPERAND(lhs, 0)))
      && TREE_CODE(TREE_TYPE(TREE_OPERAND(lhs, 1))) == REFERENCE_TYPE)
    c->by_reference.push_back(src);
  /* A value stored by a pointer's type is not seen by a read of a number there. */
  tree type = TREE_TYPE(lhs);
  bool pointer = POINTER_TYPE_P(type) || (VECTOR_TYPE_P(type) && POINTER_TYPE_P(TREE_TYPE(type)));
  mem_target m = mem_of(c, lhs, loc);
  if (m.obj >= 0) {
    enum esc_obj_kind k = esc_object_kind(c->s, m.obj);
    const char *n = esc_object_name(c->s, m.obj);
    struct esc_msg mm = msg("stored into %1$s", n);
    if (k == ESC_OBJ_GLOBAL)
      mm = msg("stored in %1$s", n);
    else if (k == ESC_OBJ_RETURN_SLOT)
      mm = msg("stored in the return value of '%1$s'", c->fname);
    esc_store_direct(c->s, m.obj, m.off, m.size, src, pointer, loc, mm);
  } else if (m.ptr >= 0) {
    const char *pn = NULL;
    struct esc_msg mm = msg("stored through a pointer");
    if (m.ptr_tree && TREE_CODE(m.ptr_tree) == SSA_NAME) {
      pn = ssa_user_name(m.ptr_tree);
      tree var = SSA_NAME_VAR(m.ptr_tree);
      if (pn && SSA_NAME_IS_DEFAULT_DEF(m.ptr_tree) && var && TREE_CODE(var) == PARM_DECL)
        mm = msg("stored through parameter '%1$s'", pn);
      else if (pn)
        mm = msg("stored through '%1$s'", pn);
    }
    if (pointer)
      esc_store_pointer(c->s, m.ptr, src, loc, mm);
    else
      esc_store(c->s, m.ptr, src, loc, mm);
  }
}

/* ---- statements ---------------------------------------------------------------------------- */

/* A C++ reference bound to a temporary (const T &r = T{...}): the temporary is the compiler's,
 * but it is the reference's object, and a subject in its name. */
void note_bound_temporary(fn_ctx *c, tree lhs, tree rhs)
{
  if (TREE_CODE(rhs) != ADDR_EXPR || TREE_CODE(TREE_TYPE(lhs)) != REFERENCE_TYPE)
    return;
  tree var = TREE_CODE(lhs) == SSA_NAME ? SSA_NAME_VAR(lhs) : lhs;
  tree temp = TREE_OPERAND(rhs, 0);
  if (!var || TREE_CODE(var) != VAR_DECL || !user_name(var) || TREE_CODE(temp) != VAR_DECL
      || !DECL_ARTIFICIAL(temp) || user_name(temp) || is_global_var(temp)
      || is_compound_literal(temp))
    return;
  for (auto &b : c->bound_temporaries)
    if (b.first == temp)
      return;
  c->bound_temporaries.push_back(std::make_pair(temp, var));
}

void do_assign(fn_ctx *c, gassign *stmt)
{
  tree lhs = gimple_assign_lhs(stmt);
  location_t loc = gimple_location(stmt);
  enum tree_code code = gimple_assign_rhs_code(stmt);
  tree rhs1 = gimple_assign_rhs1(stmt);
  if (gimple_clobber_p(stmt))
    return;
  if (code == ADDR_EXPR)
    note_bound_temporary(c, lhs, rhs1);
  if (number_ignored(c, lhs)) /* a number that cannot take an address anywhere */
    return;
  if (TREE_CODE(TREE_TYPE(lhs)) == BOOLEAN_TYPE || TREE_CODE_CLASS(code) == tcc_comparison)
    return;
  int src = -1;
  std::vector<int> operands; /* when several values flow into the result */
  switch (get_gimple_rhs_class(code)) {
  case GIMPLE_SINGLE_RHS:
    src = value_of(c, rhs1, loc);
    break;
  case GIMPLE_UNARY_RHS:
    src = value_of(c, rhs1, loc);
    /* A number made from an address carries it on; a pointer made from a number may point to
     * what the number came from, or anywhere (a number of unknown origin: a handle passed in,
     * the result of strtoul). */
    if (CONVERT_EXPR_CODE_P(code) && POINTER_TYPE_P(TREE_TYPE(lhs))
        && is_number_type(TREE_TYPE(rhs1)))
      src = merge(c, {src, c->nonlocal_ptr});
    break;
  case GIMPLE_BINARY_RHS:
    /* The difference of two pointers is a distance within one object (C does not define it
     * across objects), not an address. */
    if (code == POINTER_DIFF_EXPR || code == TRUTH_AND_EXPR || code == TRUTH_OR_EXPR
        || code == TRUTH_XOR_EXPR)
      return;
    /* Pointer arithmetic stays in the object it starts from (a variable index into a block is
     * still that block), as in GCC's own points-to analysis: the offset is not a base.  Any
     * other operation on numbers may carry the addresses of both operands (an address with tag
     * bits or'ed in, a xor of two). */
    if (code == POINTER_PLUS_EXPR) {
      src = value_of(c, rhs1, loc);
      break;
    }
    operands = {value_of(c, rhs1, loc), value_of(c, gimple_assign_rhs2(stmt), loc)};
    break;
  case GIMPLE_TERNARY_RHS:
    if (code == COND_EXPR || code == VEC_COND_EXPR)
      operands = {value_of(c, gimple_assign_rhs2(stmt), loc),
                  value_of(c, gimple_assign_rhs3(stmt), loc)};
    else
      operands = {value_of(c, rhs1, loc), value_of(c, gimple_assign_rhs2(stmt), loc),
                  value_of(c, gimple_assign_rhs3(stmt), loc)};
    break;
  default:
    return;
  }
  if (operands.empty())
    assign_to(c, lhs, src, loc);
  else if (TREE_CODE(lhs) == SSA_NAME) /* each operand straight into the name */
    for (int v : operands)
      assign_to(c, lhs, v, loc);
  else
    assign_to(c, lhs, merge(c, operands), loc);
}

void do_phi(fn_ctx *c, gphi *phi)
{
  tree res = gimple_phi_result(phi);
  if (virtual_operand_p(res) || TREE_CODE(TREE_TYPE(res)) == BOOLEAN_TYPE
      || number_ignored(c, res))
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
  /* Returning the hidden result pointer returns the object it points to: what was stored
   * there is the caller's (the slot's own sink makes it escape by return here). */
  if (is_result_pointer(c, rv)) {
    int v = esc_value(c->s);
    esc_load(c->s, v, c->result_slot_ptr, loc, msg(NULL));
    esc_copy(c->s, c->ret_value, v, loc, msg(NULL));
    return;
  }
  if (!may_carry_address(TREE_TYPE(rv)))
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

/* One block standing for the new memory M that CALLEE hands back at this call (every block of
 * it, at every depth, collapsed into one), holding what the summary says of the arguments ARGS
 * (in the summary's order), each stored with the message KEPT; WHERE says how it came ("returned
 * by 'f'", "stored by 'f' through argument 2").  Returns the value of its address. */
int new_memory_block(fn_ctx *c, const char *callee, const std::string &where,
                     const new_memory &m, const std::vector<int> &args, struct esc_msg kept,
                     location_t loc)
{
  int obj = esc_object(c->s, ESC_OBJ_HEAP, keep(c, "new memory " + where), -1);
  int block = esc_value(c->s);
  esc_addr(c->s, block, obj, loc, msg(NULL));
  esc_store_direct(c->s, obj, -1, -1, block, !m.holds_numbers, loc, msg(NULL));
  if (m.holds_unknown)
    esc_store_direct(c->s, obj, -1, -1, c->nonlocal_ptr, !m.holds_numbers, loc, msg(NULL));
  if (m.kept) {
    esc_sink(c->s, block, ESC_ROUTE_CALL, loc, msg("kept by '%1$s'", callee), NULL);
    if (m.kept_dangles)
      esc_sink_set_dangles(c->s);
  }
  auto store = m.holds_numbers ? esc_store : esc_store_pointer;
  for (int j : m.params)
    if ((size_t)j < args.size())
      store(c->s, block, args[j], loc, kept);
  for (int j : m.contents)
    if ((size_t)j < args.size() && args[j] >= 0) {
      int v = esc_value(c->s);
      esc_load(c->s, v, args[j], loc, msg(NULL));
      store(c->s, block, v, loc, kept);
    }
  return block;
}

/* The values a call passes, in the order of the callee's summary: its named parameters, its
 * static chain, its anonymous arguments (merged).  CALL_ARGS: the call's arguments, then its
 * static chain when it has one. */
std::vector<int> summary_args(fn_ctx *c, gcall *call, const fn_summary *sum,
                              const std::vector<int> &call_args)
{
  std::vector<int> out(sum->params.size(), -1);
  size_t nargs = gimple_call_num_args(call);
  for (size_t i = 0; i < sum->nnamed && i < nargs; i++)
    out[i] = call_args[i];
  if (sum->has_chain && gimple_call_chain(call))
    out[sum->nnamed] = call_args[nargs];
  if (sum->variadic) {
    std::vector<int> anonymous;
    for (size_t i = sum->nnamed; i < nargs; i++)
      anonymous.push_back(call_args[i]);
    out[sum->params.size() - 1] = merge(c, anonymous);
  }
  return out;
}

/* A value for what PTR points to, read as HOW: everything there, its numbers, or the bytes one
 * level further down. */
int read_through(fn_ctx *c, int ptr, enum read_kind how, location_t loc)
{
  int v = esc_value(c->s);
  if (how == READ_NUMBERS) {
    esc_load_numbers(c->s, v, ptr, loc, msg(NULL));
  } else if (how == READ_BYTES) {
    int below = esc_value(c->s);
    esc_load(c->s, below, ptr, loc, msg(NULL));
    esc_load_bytes(c->s, v, below, loc, msg(NULL));
  } else {
    esc_load(c->s, v, ptr, loc, msg(NULL));
  }
  return v;
}

/* Applies a callee's summary at CALL. */
void apply_summary(fn_ctx *c, gcall *call, const fn_summary *sum, const char *callee,
                   const std::vector<int> &call_args, std::vector<int> &results)
{
  location_t loc = gimple_location(call);
  std::vector<int> args = summary_args(c, call, sum, call_args);
  for (size_t i = 0; i < args.size(); i++) {
    const param_summary &p = sum->params[i];
    int a = args[i];
    if (a < 0)
      continue;
    struct esc_msg m = msg("passed as argument %2$d to '%1$s'", callee, (int)i + 1);
    if (sum->has_chain && i == sum->nnamed)
      m = msg("captured by nested function '%1$s'", callee);
    else if (sum->variadic && i == args.size() - 1)
      m = msg("passed as an anonymous argument to '%1$s'", callee);
    if (p.opaque) { /* a narrow number the callee does not follow: it may keep it anywhere */
      esc_sink(c->s, a, ESC_ROUTE_CALL, loc, m, NULL);
      esc_sink_set_dangles(c->s);
    }
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
    /* Addresses the callee read a byte at a time two or more levels below the argument. */
    if (p.bytes_route != ESC_ROUTE_NONE || p.bytes_returned) {
      int below = esc_value(c->s), bytes = esc_value(c->s);
      esc_load(c->s, below, a, loc, msg(NULL));
      esc_load_bytes(c->s, bytes, below, loc, msg(NULL));
      if (p.bytes_route != ESC_ROUTE_NONE) {
        esc_sink(c->s, bytes, ESC_ROUTE_CALL, loc,
                 msg("read a byte at a time below argument %2$d by '%1$s', which may keep it",
                     callee, (int)i + 1), NULL);
        if (p.bytes_dangles)
          esc_sink_set_dangles(c->s);
      }
      if (p.bytes_returned) {
        int v = esc_value(c->s);
        esc_copy(c->s, v, bytes, loc,
                 msg("read a byte at a time below argument %2$d and returned by '%1$s'", callee,
                     (int)i + 1));
        results.push_back(v);
      }
    }
    /* Addresses stored as numbers in the memory it is given, which the callee reads back. */
    if (p.numbers_route != ESC_ROUTE_NONE) {
      esc_sink_numbers(c->s, a, ESC_ROUTE_CALL, loc,
                       msg("held as a number in memory passed as argument %2$d to '%1$s', "
                           "which may read it back and keep it", callee, (int)i + 1));
      if (p.numbers_dangles)
        esc_sink_set_dangles(c->s);
    }
    if (p.numbers_returned) {
      int v = esc_value(c->s);
      esc_load_numbers(c->s, v, a, loc, msg("returned by '%1$s'", callee));
      results.push_back(v);
    }
    if (p.returned)
      results.push_back(passed_through(c, a, callee, loc));
    if (p.content_returned) {
      int v = esc_value(c->s);
      esc_load(c->s, v, a, loc, msg("returned by '%1$s'", callee));
      results.push_back(v);
    }
    /* What the callee stores into the argument's memory is seen by a read of a number there
     * only when it stored it as a number. */
    if (p.receives_unknown)
      esc_store_pointer(c->s, a, c->nonlocal_ptr, loc, msg(NULL));
    for (int j : p.stored_here)
      if ((size_t)j < args.size()) {
        bool number = std::find(p.numbers_stored_here.begin(), p.numbers_stored_here.end(), j)
                      != p.numbers_stored_here.end();
        (number ? esc_store : esc_store_pointer)(
            c->s, a, args[j], loc,
            msg("stored by '%1$s' through argument %2$d", callee, (int)i + 1));
      }
    /* Stored below what the argument points to: into the caller's memory at that depth, whose
     * own fate (a local, static storage) decides whether it dangles. */
    if (!p.deep_stored_here.empty()) {
      int below = esc_value(c->s);
      esc_load(c->s, below, a, loc, msg(NULL));
      for (int j : p.deep_stored_here)
        if ((size_t)j < args.size())
          esc_store_pointer(c->s, below, args[j], loc,
                            msg("stored by '%1$s' below argument %2$d", callee, (int)i + 1));
    }
    /* Stored here as numbers, what the callee read from argument j's memory: its pointers (a
     * callee doing h->c = (long)h->p), the caller's own numbers there, or the bytes two levels
     * down. */
    enum read_kind kinds[] = {READ_ALL, READ_NUMBERS, READ_BYTES};
    const std::vector<int> *lists[] = {&p.content_numbers_here, &p.numbers_copied_here,
                                       &p.bytes_copied_here};
    for (int k = 0; k < 3; k++)
      for (int j : *lists[k])
        if ((size_t)j < args.size() && args[j] >= 0)
          esc_store(c->s, a, read_through(c, args[j], kinds[k], loc), loc,
                    msg("copied as a number by '%1$s' through argument %2$d", callee, (int)i + 1));
    for (int j : p.content_stored_here)
      if ((size_t)j < args.size())
        esc_copy_contents(c->s, a, args[j], loc,
                          msg("copied by '%1$s' through argument %2$d", callee, (int)i + 1));
    if (p.receives.present) {
      std::string where = std::string("stored by '") + callee + "' through argument "
                          + std::to_string(i + 1);
      int block = new_memory_block(c, callee, where, p.receives, args,
                                   msg("kept by '%1$s' in the memory it stores through argument "
                                       "%2$d", callee, (int)i + 1), loc);
      esc_store_pointer(c->s, a, block, loc, msg(NULL));
    }
  }
  if (sum->returns_unknown)
    results.push_back(c->nonlocal_ptr);
  if (sum->returns.present)
    results.push_back(new_memory_block(c, callee, std::string("returned by '") + callee + "'",
                                       sum->returns, args,
                                       msg("kept by '%1$s' in the memory it returns", callee),
                                       loc));
}

/* Does the format string literal STR print an argument as an address (a %p conversion)?  Wide
 * formats are read one character at a time, whatever its width. */
bool format_prints_address(tree str)
{
  const char *p = TREE_STRING_POINTER(str);
  size_t len = (size_t)TREE_STRING_LENGTH(str);
  tree elt = TREE_TYPE(TREE_TYPE(str));
  size_t step = elt && TYPE_SIZE_UNIT(elt) && tree_fits_uhwi_p(TYPE_SIZE_UNIT(elt))
                    ? tree_to_uhwi(TYPE_SIZE_UNIT(elt)) : 1;
  if (step == 0)
    step = 1;
  for (size_t i = 0; i + step <= len; i += step) {
    if (p[i] != '%')
      continue;
    for (i += step; i + step <= len && strchr("0123456789.-+ #'*hlLqjzt", p[i]) && p[i]; i += step)
      ;
    if (i + step <= len && p[i] == 'p')
      return true;
  }
  return false;
}

/* The string literal an argument is, or that a format_arg function (gettext, dgettext) was
 * given to translate; NULL when there is none. */
tree format_literal(tree a, int depth = 0)
{
  STRIP_NOPS(a);
  if (TREE_CODE(a) == ADDR_EXPR) {
    tree t = TREE_OPERAND(a, 0);
    if (TREE_CODE(t) == ARRAY_REF)
      t = TREE_OPERAND(t, 0);
    return TREE_CODE(t) == STRING_CST ? t : NULL_TREE;
  }
  if (TREE_CODE(a) != SSA_NAME || depth > 4)
    return NULL_TREE;
  gcall *def = dyn_cast<gcall *>(SSA_NAME_DEF_STMT(a));
  tree fn = def ? gimple_call_fndecl(def) : NULL_TREE;
  tree attr = fn ? lookup_attribute("format_arg", TYPE_ATTRIBUTES(TREE_TYPE(fn))) : NULL_TREE;
  if (!attr || !TREE_VALUE(attr) || !tree_fits_uhwi_p(TREE_VALUE(TREE_VALUE(attr))))
    return NULL_TREE;
  unsigned k = (unsigned)tree_to_uhwi(TREE_VALUE(TREE_VALUE(attr)));
  return k >= 1 && k <= gimple_call_num_args(def)
             ? format_literal(gimple_call_arg(def, k - 1), depth + 1) : NULL_TREE;
}

/* A printf-like call (a model whose further arguments are read, and a format): does it print
 * one of its pointer arguments as an address, which then leaves the process, or goes into text
 * a scanf("%p") can read back?  The format is read when the compiler can see it (a literal, or
 * one translated by gettext); otherwise the call is taken to print one. */
enum printing { PRINTS_NONE, PRINTS_ADDRESS, PRINTS_UNSEEN };

enum printing prints_addresses(gcall *call, const char *callee)
{
  static const char *const others[] = {"err", "errx", "warn", "warnx", "error", "error_at_line",
                                       "syslog", "__syslog_chk"};
  bool printf_like = strstr(callee, "printf") != NULL;
  for (const char *o : others)
    printf_like |= strcmp(callee, o) == 0;
  if (!printf_like)
    return PRINTS_NONE;
  /* The format is the last named argument that is a string. */
  tree fntype = gimple_call_fntype(call);
  unsigned fmt = 0, k = 0;
  bool found = false;
  for (tree t = fntype ? TYPE_ARG_TYPES(fntype) : NULL_TREE; t && TREE_VALUE(t) != void_type_node;
       t = TREE_CHAIN(t), k++)
    if (POINTER_TYPE_P(TREE_VALUE(t)) && !POINTER_TYPE_P(TREE_TYPE(TREE_VALUE(t)))
        && TYPE_MAIN_VARIANT(TREE_TYPE(TREE_VALUE(t))) != void_type_node) {
      fmt = k;
      found = true;
    }
  if (!found || fmt >= gimple_call_num_args(call))
    return PRINTS_UNSEEN;
  tree str = format_literal(gimple_call_arg(call, fmt));
  if (!str)
    return PRINTS_UNSEEN;
  return format_prints_address(str) ? PRINTS_ADDRESS : PRINTS_NONE;
}

/* A library function with a model (library.c): what it does with each argument, what it
 * returns. */
void apply_library_model(fn_ctx *c, gcall *call, const char *model, const char *callee,
                         const std::vector<int> &args, std::vector<int> &results)
{
  location_t loc = gimple_location(call);
  size_t nargs = gimple_call_num_args(call);
  enum printing prints = prints_addresses(call, callee);
  size_t named = 0;
  tree fntype = gimple_call_fntype(call);
  for (tree t = fntype ? TYPE_ARG_TYPES(fntype) : NULL_TREE; t && TREE_VALUE(t) != void_type_node;
       t = TREE_CHAIN(t))
    named++;
  for (size_t i = 0; i < nargs && i < args.size(); i++) {
    int a = args[i];
    if (a < 0)
      continue;
    switch (esc_library_arg(model, i)) {
    case 'o': /* filled from outside: pointers read back from there are of unknown origin */
      esc_store(c->s, a, c->nonlocal_ptr, loc, msg(NULL));
      break;
    case 'e': /* an end pointer into argument 1 */
      if (!args.empty() && args[0] >= 0)
        esc_store(c->s, a, args[0], loc,
                  msg("stored by '%1$s' into argument %2$d", callee, (int)i + 1));
      break;
    case 'w': /* its bytes leave the process: an address among them escapes */
      esc_sink_contents(c->s, a, ESC_ROUTE_UNKNOWN, loc,
                        msg("written out of the process by '%1$s'", callee), NULL);
      break;
    default:
      break;
    }
    /* A number is not a pointer the function reads through: it may keep it (lseek's offset,
     * srand's seed) or send it out (putc), so an address in it escapes. */
    tree type = TREE_TYPE(gimple_call_arg(call, i));
    if (is_number_type(type))
      esc_sink(c->s, a, ESC_ROUTE_UNKNOWN, loc,
               msg("passed as a number to '%1$s'", callee), NULL);
    else if (POINTER_TYPE_P(type) && i >= named && prints != PRINTS_NONE)
      esc_sink(c->s, a, ESC_ROUTE_UNKNOWN, loc,
               prints == PRINTS_ADDRESS
                   ? msg("printed with %%p by '%1$s'", callee)
                   : msg("passed to '%1$s' with a format the compiler cannot see, which may "
                         "print it with %%p", callee), NULL);
  }
  if (model[0] == 'u') {
    results.push_back(c->nonlocal_ptr);
  } else if (model[0] >= '1' && model[0] <= '9') {
    size_t k = (size_t)(model[0] - '1');
    if (k < args.size() && args[k] >= 0)
      results.push_back(passed_through(c, args[k], callee, loc));
  }
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
    /* Nothing says it does not hand the argument back (strchr does, strdup does not). */
    struct esc_msg back = indirect ? msg("perhaps returned through a function pointer")
                                   : msg("perhaps returned by '%1$s'", callee);
    if (!e.not_returned) {
      int v = esc_value(c->s);
      esc_copy(c->s, v, a, loc, back);
      results.push_back(v);
    }
    if (!e.content_not_returned) {
      int v = esc_value(c->s);
      esc_load(c->s, v, a, loc, back);
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
    /* va_arg (&ap): what the va_list holds (the anonymous arguments, after va_start). */
    if (gimple_call_internal_fn(call) == IFN_VA_ARG) {
      int v = esc_value(c->s);
      esc_load(c->s, v, args[0], loc, msg("taken out of the va_list"));
      results.push_back(v);
    }
    else
      results = args;
    assign_to(c, lhs, merge(c, results), loc);
    return;
  }

  bool numbers = false; /* may a number result carry an address? */
  if (apply_atomic(c, call, callee, args, results)) {
    numbers = true;
    goto assign;
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
      esc_store_pointer(c->s, args[0], args[2], loc, msg(NULL));
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
      c->by_reference.push_back(args[0]);
      esc_store_direct(c->s, tramp, -1, -1, args[0], false, loc,
                       msg("captured by %1$s", esc_object_name(c->s, tramp)));
      int v = esc_value(c->s);
      esc_addr(c->s, v, tramp, loc,
               msg("address of %1$s taken", esc_object_name(c->s, tramp)));
      results.push_back(v);
      goto assign;
    }
    case BUILT_IN_VA_START:
      esc_store(c->s, args[0], c->va_index >= 0 ? c->param_values[c->va_index] : c->nonlocal_ptr,
                loc, msg(NULL));
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
      numbers = true;
      if (DECL_IS_MALLOC(fn))
        results.push_back(new_alloc(c, call, callee, false, -1));
      goto assign;
    }
    /* A function declared malloc (fopen, opendir) stays an allocation site (below). */
    const char *model = (DECL_EXTERNAL(fn) || !DECL_SAVED_TREE(fn)) && !DECL_IS_MALLOC(fn)
                            ? esc_library_model(callee)
                            : NULL;
    if (model) {
      apply_library_model(c, call, model, callee, args, results);
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
  /* A number returned by a function without a summary (a library function, an unknown or
   * indirect one) is taken to carry no address: what the call was given escaped there, or is
   * known not to be kept (docs/design.md, "Numbers"). */
  if (lhs && may_carry_address(TREE_TYPE(lhs)) && !number_ignored(c, lhs)
      && (numbers || !is_number_type(TREE_TYPE(lhs))))
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

} // namespace escan
