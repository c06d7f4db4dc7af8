/* calls.cc - a call as solver constraints: builtins, allocations and frees, atomics, the
 * callee's summary, a known library function's model, or an unknown callee that may keep what
 * it is given. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"
#include "library.h"

namespace escan {

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
  esc_solver_by_callee(c->s, true); /* everything below is the callee's doing */
  for (size_t i = 0; i < args.size(); i++) {
    const param_summary &p = sum->params[i];
    int a = args[i];
    if (a < 0 || !p.acts)
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
  esc_solver_by_callee(c->s, false);
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

/* What a step of do_call did with a call: nothing more to do, its results to assign to the
 * call's left-hand side, or not its kind of call. */
enum call_outcome { CALL_DONE, CALL_ASSIGN, CALL_OTHER };

/* The values of CALL's arguments, and its static chain last when it has one. */
static std::vector<int> call_arguments(fn_ctx *c, gcall *call, location_t loc)
{
  std::vector<int> args;
  for (unsigned i = 0; i < gimple_call_num_args(call); i++)
    args.push_back(value_of(c, gimple_call_arg(call, i), loc));
  if (gimple_call_chain(call))
    args.push_back(value_of(c, gimple_call_chain(call), loc));
  return args;
}

/* An internal function: va_arg (&ap) gives what the va_list holds (the anonymous arguments,
 * after va_start); the others give back what they were given. */
static void internal_call(fn_ctx *c, gcall *call, const std::vector<int> &args, location_t loc)
{
  std::vector<int> results;
  if (gimple_call_internal_fn(call) == IFN_VA_ARG) {
    int v = esc_value(c->s);
    esc_load(c->s, v, args[0], loc, msg("taken out of the va_list"));
    results.push_back(v);
  } else {
    results = args;
  }
  assign_to(c, gimple_call_lhs(call), merge(c, results), loc);
}

/* __builtin_adjust_trampoline: the nested function's address carries its frame, a closure
 * object holding it.  Returns the value pointing to that object. */
static int trampoline(fn_ctx *c, gcall *call, const std::vector<int> &args, location_t loc)
{
  tree nested = NULL_TREE;
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
  esc_addr(c->s, v, tramp, loc, msg("address of %1$s taken", esc_object_name(c->s, tramp)));
  return v;
}

/* A normal builtin GCC knows (allocations, frees, copies, trampolines, va_list handling). */
static call_outcome builtin_call(fn_ctx *c, gcall *call, tree fn, const char *callee,
                                 const std::vector<int> &args, std::vector<int> &results,
                                 location_t loc)
{
  if (esc_builtin_keeps_nothing(DECL_FUNCTION_CODE(fn)))
    return CALL_DONE;
  switch (DECL_FUNCTION_CODE(fn)) {
  case BUILT_IN_MALLOC:
    results.push_back(new_alloc(c, call, "malloc", false, 0));
    return CALL_ASSIGN;
  case BUILT_IN_CALLOC: {
    int v = new_alloc(c, call, "calloc", false, -1);
    tree n = gimple_call_arg(call, 0), sz = gimple_call_arg(call, 1);
    if (tree_fits_uhwi_p(n) && tree_fits_uhwi_p(sz)) {
      c->allocs.back().fixed_size = true;
      c->allocs.back().bytes = tree_to_uhwi(n) * tree_to_uhwi(sz);
    }
    results.push_back(v);
    return CALL_ASSIGN;
  }
  case BUILT_IN_ALIGNED_ALLOC:
    results.push_back(new_alloc(c, call, "aligned_alloc", false, 1));
    return CALL_ASSIGN;
  case BUILT_IN_STRDUP:
    results.push_back(new_alloc(c, call, "strdup", false, -1));
    return CALL_ASSIGN;
  case BUILT_IN_STRNDUP:
    results.push_back(new_alloc(c, call, "strndup", false, -1));
    return CALL_ASSIGN;
  case BUILT_IN_REALLOC: {
    int v = new_alloc(c, call, "realloc", false, -1);
    esc_copy_contents(c->s, v, args[0], loc, msg("copied by 'realloc'"));
    results.push_back(v);
    results.push_back(args[0]);
    return CALL_ASSIGN;
  }
  case BUILT_IN_ALLOCA:
  case BUILT_IN_ALLOCA_WITH_ALIGN:
  case BUILT_IN_ALLOCA_WITH_ALIGN_AND_MAX:
    results.push_back(new_alloc(c, call, "alloca", true, -1));
    return CALL_ASSIGN;
  case BUILT_IN_FREE:
    c->frees.push_back(std::make_pair((gimple *)call, args[0]));
    return CALL_DONE;
  case BUILT_IN_MEMCPY: case BUILT_IN_MEMMOVE: case BUILT_IN_MEMPCPY:
  case BUILT_IN_MEMCPY_CHK: case BUILT_IN_MEMMOVE_CHK: case BUILT_IN_MEMPCPY_CHK:
  case BUILT_IN_STRCPY: case BUILT_IN_STRNCPY: case BUILT_IN_STPCPY: case BUILT_IN_STPNCPY:
  case BUILT_IN_STRCAT: case BUILT_IN_STRNCAT: case BUILT_IN_STRCPY_CHK:
  case BUILT_IN_STRNCPY_CHK: case BUILT_IN_STPCPY_CHK: case BUILT_IN_STRCAT_CHK:
  case BUILT_IN_STRNCAT_CHK:
    esc_copy_contents(c->s, args[0], args[1], loc, msg("copied by '%1$s'", callee));
    results.push_back(args[0]);
    return CALL_ASSIGN;
  case BUILT_IN_BCOPY:
    esc_copy_contents(c->s, args[1], args[0], loc, msg("copied by 'bcopy'"));
    return CALL_DONE;
  case BUILT_IN_INIT_TRAMPOLINE:
  case BUILT_IN_INIT_HEAP_TRAMPOLINE:
  case BUILT_IN_INIT_DESCRIPTOR:
    esc_store_pointer(c->s, args[0], args[2], loc, msg(NULL));
    return CALL_DONE;
  case BUILT_IN_ADJUST_TRAMPOLINE:
  case BUILT_IN_ADJUST_DESCRIPTOR:
    results.push_back(trampoline(c, call, args, loc));
    return CALL_ASSIGN;
  case BUILT_IN_VA_START:
    esc_store(c->s, args[0], c->va_index >= 0 ? c->param_values[c->va_index] : c->nonlocal_ptr,
              loc, msg(NULL));
    return CALL_DONE;
  case BUILT_IN_VA_COPY:
    esc_copy_contents(c->s, args[0], args[1], loc, msg(NULL));
    return CALL_DONE;
  case BUILT_IN_VA_END:
  case BUILT_IN_STACK_SAVE:
  case BUILT_IN_STACK_RESTORE:
    return CALL_DONE;
  case BUILT_IN_ASSUME_ALIGNED:
    results.push_back(args[0]);
    return CALL_ASSIGN;
  default:
    return CALL_OTHER;
  }
}

/* A call of a declared function FN: operator new or delete, a function summarised in this
 * unit, a library function of the model table, or one declared malloc.  *NUMBERS: may a
 * number result carry an address (a summary says so). */
static call_outcome declared_call(fn_ctx *c, gcall *call, tree fn, const char *callee,
                                  const std::vector<int> &args, std::vector<int> &results,
                                  bool *numbers)
{
  if (DECL_IS_REPLACEABLE_OPERATOR_NEW_P(fn)
      || (DECL_IS_OPERATOR_NEW_P(fn) && DECL_IS_MALLOC(fn))) { /* nothrow new too */
    bool array = strstr(function_name(fn), "[]") != NULL;
    results.push_back(new_alloc(c, call, array ? "operator new[]" : "operator new", false, 0));
    return CALL_ASSIGN;
  }
  if (DECL_IS_OPERATOR_DELETE_P(fn) && !args.empty()) {
    c->frees.push_back(std::make_pair((gimple *)call, args[0]));
    return CALL_DONE;
  }
  if (fn_summary *sum = get_summary(fn)) {
    apply_summary(c, call, sum, callee, args, results);
    *numbers = true;
    if (DECL_IS_MALLOC(fn))
      results.push_back(new_alloc(c, call, callee, false, -1));
    return CALL_ASSIGN;
  }
  /* A function declared malloc (fopen, opendir) stays an allocation site (below). */
  const char *model = (DECL_EXTERNAL(fn) || !DECL_SAVED_TREE(fn)) && !DECL_IS_MALLOC(fn)
                          ? esc_library_model(callee)
                          : NULL;
  if (model) {
    apply_library_model(c, call, model, callee, args, results);
    return CALL_ASSIGN;
  }
  if (DECL_IS_MALLOC(fn)) {
    apply_unknown_call(c, call, fn, callee, args, results);
    results.clear();
    results.push_back(new_alloc(c, call, callee, false, -1));
    return CALL_ASSIGN;
  }
  return CALL_OTHER;
}

/* The call's results into its left-hand side.  A number returned by a function without a
 * summary (a library function, an unknown or indirect one) is taken to carry no address: what
 * the call was given escaped there, or is known not to be kept (docs/design.md, "Numbers"). */
static void assign_results(fn_ctx *c, gcall *call, const std::vector<int> &results, bool numbers,
                           location_t loc)
{
  tree lhs = gimple_call_lhs(call);
  if (lhs && may_carry_address(TREE_TYPE(lhs)) && !number_ignored(c, lhs)
      && (numbers || !is_number_type(TREE_TYPE(lhs))))
    assign_to(c, lhs, merge(c, results), loc);
}

void do_call(fn_ctx *c, gcall *call)
{
  location_t loc = gimple_location(call);
  tree fn = gimple_call_fndecl(call);
  std::vector<int> args = call_arguments(c, call, loc), results;
  const char *callee = fn ? shown_callee_name(c, fn) : "a function pointer";
  if (gimple_call_internal_p(call)) {
    internal_call(c, call, args, loc);
    return;
  }
  bool numbers = false; /* may a number result carry an address? */
  call_outcome outcome = CALL_OTHER;
  if (apply_atomic(c, call, callee, args, results)) {
    numbers = true;
    outcome = CALL_ASSIGN;
  }
  if (outcome == CALL_OTHER && fn && fndecl_built_in_p(fn, BUILT_IN_NORMAL))
    outcome = builtin_call(c, call, fn, callee, args, results, loc);
  if (outcome == CALL_OTHER && fn)
    outcome = declared_call(c, call, fn, callee, args, results, &numbers);
  if (outcome == CALL_OTHER) {
    apply_unknown_call(c, call, fn, callee, args, results);
    outcome = CALL_ASSIGN;
  }
  if (outcome == CALL_ASSIGN)
    assign_results(c, call, results, numbers, loc);
}

} // namespace escan
