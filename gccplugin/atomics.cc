/* atomics.cc - what the atomic builtins (__atomic_*, __sync_*) do with the memory they are
 * given: each is a load, a store, or both, of the memory its first argument points to. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"

namespace escan {

namespace {

/* What one atomic builtin does.  LOAD: its result is what *arg0 held; STORE_ARG: the argument
 * (a value) stored into *arg0, -1 for none; the generic forms move contents between pointers:
 * COPY_IN (*arg0 gets *argK), COPY_OUT (*argK gets *arg0). */
struct atomic_effect {
  bool handled;
  bool load;
  bool operand_in_result; /* an arithmetic read-modify-write: old value op operand */
  int store_arg;
  int copy_in, copy_out;
};

bool in(enum built_in_function code, enum built_in_function first, enum built_in_function last)
{
  return code >= first && code <= last;
}

atomic_effect effect_of(enum built_in_function code)
{
  atomic_effect e = {true, false, false, -1, -1, -1};
  /* Read-modify-write: the old (or new) value comes back, the operand goes in. */
  if (in(code, BUILT_IN_SYNC_FETCH_AND_ADD_N, BUILT_IN_SYNC_NAND_AND_FETCH_16)
      || in(code, BUILT_IN_ATOMIC_ADD_FETCH_N, BUILT_IN_ATOMIC_FETCH_OR_16)) {
    e.load = e.operand_in_result = true;
    e.store_arg = 1;
  } else if (in(code, BUILT_IN_SYNC_LOCK_TEST_AND_SET_N, BUILT_IN_SYNC_LOCK_TEST_AND_SET_16)
             || in(code, BUILT_IN_ATOMIC_EXCHANGE_N, BUILT_IN_ATOMIC_EXCHANGE_16)) {
    e.load = true;
    e.store_arg = 1;
  } else if (in(code, BUILT_IN_SYNC_BOOL_COMPARE_AND_SWAP_N,
                BUILT_IN_SYNC_VAL_COMPARE_AND_SWAP_16)) {
    e.load = true;
    e.store_arg = 2;
  } else if (in(code, BUILT_IN_ATOMIC_COMPARE_EXCHANGE_N, BUILT_IN_ATOMIC_COMPARE_EXCHANGE_16)) {
    e.store_arg = 2; /* and on failure *expected gets what *ptr held */
    e.copy_out = 1;
  } else if (code == BUILT_IN_ATOMIC_COMPARE_EXCHANGE) {
    e.copy_in = 2;
    e.copy_out = 1;
  } else if (in(code, BUILT_IN_ATOMIC_LOAD_N, BUILT_IN_ATOMIC_LOAD_16)) {
    e.load = true;
  } else if (code == BUILT_IN_ATOMIC_LOAD) {
    e.copy_out = 1;
  } else if (in(code, BUILT_IN_ATOMIC_STORE_N, BUILT_IN_ATOMIC_STORE_16)) {
    e.store_arg = 1;
  } else if (code == BUILT_IN_ATOMIC_STORE) {
    e.copy_in = 1;
  } else if (code == BUILT_IN_ATOMIC_EXCHANGE) {
    e.copy_in = 1;
    e.copy_out = 2;
  } else if (in(code, BUILT_IN_SYNC_LOCK_RELEASE_N, BUILT_IN_ATOMIC_CLEAR)
             || in(code, BUILT_IN_ATOMIC_ALWAYS_LOCK_FREE, BUILT_IN_ATOMIC_SIGNAL_FENCE)) {
    /* releases, fences, test-and-set of a flag, lock-free queries: no address moves */
  } else {
    e.handled = false;
  }
  return e;
}

} // namespace

bool apply_atomic(fn_ctx *c, gcall *call, const char *callee, const std::vector<int> &args,
                  std::vector<int> &results)
{
  tree fn = gimple_call_fndecl(call);
  if (!fn || !fndecl_built_in_p(fn, BUILT_IN_NORMAL))
    return false;
  atomic_effect e = effect_of(DECL_FUNCTION_CODE(fn));
  if (!e.handled)
    return false;
  location_t loc = gimple_location(call);
  auto arg = [&](int k) { return k >= 0 && (size_t)k < args.size() ? args[k] : -1; };
  int ptr = arg(0);
  if (e.load && ptr >= 0) {
    int v = esc_value(c->s);
    esc_load(c->s, v, ptr, loc, msg("loaded atomically by '%1$s'", callee));
    results.push_back(v);
    if (e.operand_in_result)
      results.push_back(arg(1));
  }
  if (e.store_arg >= 0 && arg(e.store_arg) >= 0)
    esc_store(c->s, ptr, arg(e.store_arg), loc,
              msg("stored atomically through argument 1 of '%1$s'", callee));
  if (e.copy_in >= 0 && arg(e.copy_in) >= 0)
    esc_copy_contents(c->s, ptr, arg(e.copy_in), loc,
                      msg("stored atomically through argument 1 of '%1$s'", callee));
  if (e.copy_out >= 0 && arg(e.copy_out) >= 0)
    esc_copy_contents(c->s, arg(e.copy_out), ptr, loc,
                      msg("loaded atomically by '%1$s'", callee));
  return true;
}

} // namespace escan
