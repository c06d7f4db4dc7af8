/* constraints.cc - a function's GIMPLE as solver constraints: values, objects, loads, stores,
 * returns, asm, sinks (calls: calls.cc). */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"
#include "library.h"

namespace escan {

/* A copy of A B D, kept until the analysis ends (the solver borrows names). */
const char *keep_parts(fn_ctx *c, const char *a, const char *b, const char *d)
{
  size_t la = strlen(a), lb = strlen(b), ld = strlen(d), n = la + lb + ld + 1;
  if (n > c->arena_left) {
    size_t size = n > 4096 ? n : 4096;
    c->arena.push_back(XNEWVEC(char, size));
    c->arena_pos = c->arena.back();
    c->arena_left = size;
  }
  char *p = c->arena_pos;
  c->arena_pos += n;
  c->arena_left -= n;
  memcpy(p, a, la);
  memcpy(p + la, b, lb);
  memcpy(p + la + lb, d, ld);
  p[n - 1] = '\0';
  return p;
}

const char *keep(fn_ctx *c, const std::string &s)
{
  return keep_parts(c, s.c_str());
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
    const char *shown = n ? keep_parts(c, "'", n, "'") : NULL;
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

/* How a read of REF sees what is stored there (read_kind, analysis.h). */
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
