/* analysis.cc - escinfo's escape analysis pass: runs once every function is in SSA form,
 * walks the call graph callees first, solves recursion cycles to a fixed point, and per
 * function collects its subjects, solves its constraints, reports its facts and keeps its
 * summary.  docs/design.md explains the model. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"

namespace escan {

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

/* ---- the pass ------------------------------------------------------------------------------ */

/* The objects every function has: memory of unknown origin, what static storage points to, the
 * return value, and the caller's object for a result returned through a hidden pointer. */
static void shared_objects(fn_ctx *c)
{
  c->ssa_values.assign(num_ssa_names, -1);
  c->nonlocal = esc_object(c->s, ESC_OBJ_NONLOCAL, "memory of unknown origin", -1);
  c->nonlocal_ptr = esc_object_address(c->s, c->nonlocal);
  /* What globals point to: a store there outlives the frame (docs/design.md). */
  int static_content = esc_object(c->s, ESC_OBJ_STATIC_CONTENT,
                                  "memory reached through static storage", -1);
  esc_object_sink(c->s, static_content, ESC_ROUTE_STORE,
                  msg("stored in memory reached through static storage"));
  c->ret_value = esc_value(c->s);
  /* A result returned through a hidden pointer to the caller's object (DECL_BY_REFERENCE: a C++
   * class that is not trivially copyable): what the function stores there is returned. */
  c->result_slot_ptr = -1;
  tree result = DECL_RESULT(c->fndecl);
  if (result && DECL_BY_REFERENCE(result)) {
    int slot = esc_object(c->s, ESC_OBJ_RETURN_SLOT, "the return value", -1);
    esc_object_sink(c->s, slot, ESC_ROUTE_RETURN, msg("stored in the return value of '%1$s'", c->fname));
    c->result_slot_ptr = esc_object_address(c->s, slot);
  }
}

/* The parameters (the static chain and the anonymous arguments of a variadic function count as
 * parameters too), each with its objects and the value it starts with.  Returns the PARM_DECLs
 * and the static chain. */
static std::vector<tree> function_parameters(fn_ctx *c)
{
  std::vector<tree> parms;
  for (tree p = DECL_ARGUMENTS(c->fndecl); p; p = DECL_CHAIN(p))
    parms.push_back(p);
  c->chain_index = c->va_index = -1;
  if (c->fun->static_chain_decl) {
    c->chain_index = (int)parms.size();
    parms.push_back(c->fun->static_chain_decl);
  }
  /* The anonymous arguments of a variadic function count as one more parameter: va_start puts
   * them in the va_list, va_arg takes them out (docs/design.md). */
  size_t nslots = parms.size() + (stdarg_p(TREE_TYPE(c->fndecl)) ? 1 : 0);
  for (size_t i = 0; i < nslots; i++) {
    bool va = i == parms.size();
    const char *n = va ? "..." : decl_name(parms[i]) ? decl_name(parms[i]) : "?";
    const char *what = va ? "what the anonymous arguments point to"
                          : keep_parts(c, "what '", n, "' points to");
    const char *deeper = va ? "what the anonymous arguments' pointees point to"
                            : keep_parts(c, "what '*", n, "' points to");
    /* A parameter that can hold an address: a pointer, an aggregate, a number as wide as a
     * pointer (a handle).  A narrower number (an int) is not followed: what a caller passes
     * there escapes at the call (the summary says so). */
    tree type = va ? NULL_TREE : TREE_TYPE(parms[i]);
    bool pointer = va || !is_number_type(type);
    bool followed = pointer || TYPE_PRECISION(type) >= POINTER_SIZE;
    int po = esc_object(c->s, ESC_OBJ_PARAM, what, (int)i);
    int pc = esc_object(c->s, ESC_OBJ_PARAM_CONTENT, deeper, (int)i);
    int pb = -1, pn = -1;
    if (pointer) {
      const char *bytes = va ? "addresses read a byte at a time below the anonymous arguments"
                             : keep_parts(c, "addresses read a byte at a time below '*", n, "'");
      pb = esc_object(c->s, ESC_OBJ_PARAM_BYTES, bytes, (int)i);
      const char *numbers = va ? "addresses stored as numbers below the anonymous arguments"
                               : keep_parts(c, "addresses stored as numbers in '*", n, "'");
      pn = esc_object(c->s, ESC_OBJ_PARAM_NUMBERS, numbers, (int)i);
    }
    c->param_objs.push_back(po);
    c->param_content_objs.push_back(pc);
    c->param_bytes_objs.push_back(pb);
    c->param_numbers_objs.push_back(pn);
    int v = -1;
    if (followed) {
      v = esc_value(c->s);
      esc_addr(c->s, v, po, va ? DECL_SOURCE_LOCATION(c->fndecl)
                               : DECL_SOURCE_LOCATION(parms[i]), msg(NULL));
    }
    c->param_values.push_back(v);
    if (va)
      c->va_index = (int)i;
  }
  return parms;
}

/* Every statement of the blocks that stay (reachable.cc) as constraints. */
static void walk_statements(fn_ctx *c)
{
  basic_block bb;
  find_reachable_blocks(c);
  find_numbers_followed(c);
  FOR_EACH_BB_FN(bb, c->fun) {
    if (!block_reachable(c, bb))
      continue; /* code GCC drops when optimizing (reachable.cc) */
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
}

/* Which subjects have been met (by DECL_UID), the variables and the nested frame fields. */
struct subjects_seen {
  std::map<unsigned, bool> vars, frame;
};

/* The user's locals whose address is taken, those living in a nested function's frame (at -O0,
 * through DECL_VALUE_EXPR), and the VLAs among the alloca sites. */
static void block_locals(fn_ctx *c, const std::vector<tree> &vars, subjects_seen &seen)
{
  for (tree v : vars) {
    if (seen.vars[DECL_UID(v)] || is_global_var(v))
      continue;
    seen.vars[DECL_UID(v)] = true;
    const char *n = user_name(v);
    if (DECL_HAS_VALUE_EXPR_P(v)) {
      tree root = value_expr_root(DECL_VALUE_EXPR(v));
      if (!n || !root)
        continue;
      if (TREE_CODE(root) == VAR_DECL && is_nested_frame(root)) {
        if (!seen.frame[DECL_UID(v)]) {
          seen.frame[DECL_UID(v)] = true;
          local_subject l = {v, object_for_decl(c, root), n, DECL_SOURCE_LOCATION(v)};
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
    local_subject l = {v, object_for_decl(c, v), n, DECL_SOURCE_LOCATION(v)};
    c->locals.push_back(l);
  }
}

/* Temporaries bound to references, in the reference's name. */
static void bound_temporaries(fn_ctx *c)
{
  for (auto &b : c->bound_temporaries) {
    if (std::any_of(c->locals.begin(), c->locals.end(),
                    [&](const local_subject &l) { return l.decl == b.first; }))
      continue;
    const char *n = user_name(b.second);
    local_subject l = {b.first, object_for_decl(c, b.first), n, DECL_SOURCE_LOCATION(b.second),
                       keep(c, std::string("the temporary bound to '") + n + "'")};
    c->locals.push_back(l);
  }
}

/* Variables captured by nested functions live in the frame record, one field each, named after
 * them (at -O0 the variables also point there through DECL_VALUE_EXPR; at -O1 and above only
 * debug copies do). */
static void nested_frame_fields(fn_ctx *c, const std::vector<tree> &vars, subjects_seen &seen)
{
  unsigned ix;
  tree var;
  FOR_EACH_LOCAL_DECL(c->fun, ix, var) {
    if (TREE_CODE(var) != VAR_DECL || !is_nested_frame(var))
      continue;
    for (tree f = TYPE_FIELDS(TREE_TYPE(var)); f; f = DECL_CHAIN(f)) {
      if (TREE_CODE(f) != FIELD_DECL || !DECL_NAME(f))
        continue;
      for (tree v : vars)
        if (DECL_NAME(v) == DECL_NAME(f) && user_name(v) && !seen.frame[DECL_UID(v)]
            && !is_global_var(v)) {
          seen.frame[DECL_UID(v)] = true;
          local_subject l = {v, object_for_decl(c, var), user_name(v), DECL_SOURCE_LOCATION(v)};
          c->locals.push_back(l);
        }
    }
  }
}

/* Compound literals are not in the blocks: found among the function's locals. */
static void compound_literals(fn_ctx *c, subjects_seen &seen)
{
  unsigned ix;
  tree var;
  FOR_EACH_LOCAL_DECL(c->fun, ix, var) {
    if (is_compound_literal(var) && bitmap_bit_p(c->addressed, DECL_UID(var)) && !seen.vars[DECL_UID(var)]) {
      seen.vars[DECL_UID(var)] = true;
      local_subject l = {var, object_for_decl(c, var), "(compound literal)",
                         DECL_SOURCE_LOCATION(var)};
      c->locals.push_back(l);
    }
  }
}

void build(fn_ctx *c, std::vector<tree> &vars)
{
  shared_objects(c);
  std::vector<tree> parms = function_parameters(c);
  walk_statements(c);
  /* Subjects: the user's locals whose address is taken, and those living in a nested
   * function's frame or a VLA's storage. */
  collect_block_vars(DECL_INITIAL(c->fndecl), vars);
  apply_nulled_returns(c, vars, parms);
  note_source_addresses(c);
  for (tree p : parms)
    if (TREE_CODE(p) == PARM_DECL && p != c->fun->static_chain_decl)
      vars.push_back(p);
  subjects_seen seen;
  block_locals(c, vars, seen);
  bound_temporaries(c);
  nested_frame_fields(c, vars, seen);
  compound_literals(c, seen);
}

/* Did the last analysis fail?  Are failures told at once (not while a cycle settles, where a
 * member is analysed several times: only its last analysis counts)? */
bool last_analysis_failed;
bool tell_failures = true;

/* The solver every analysis of the unit uses in turn (reset between them). */
static esc_solver *solver;

void tell_failure(tree fndecl)
{
  inform(DECL_SOURCE_LOCATION(fndecl), "escinfo: internal failure analysing %qs; its facts are "
         "left out", function_name(fndecl));
}

/* Is FUN's summary ever read: is it called directly in the unit (itself, or through an
 * alias)? */
static bool summary_read(function *fun)
{
  cgraph_node *n = cgraph_node::get(fun->decl);
  return !n || n->callers || n->has_aliases_p();
}

/* Analyses FUN; reports its facts when REPORT.  Returns its summary (the caller owns it), or
 * NULL when the analysis failed or no call reads it. */
fn_summary *analyze(function *fun, bool report_facts)
{
  bool quiet = (!esc_opts.system_headers && DECL_IN_SYSTEM_HEADER(fun->decl))
               || (DECL_ARTIFICIAL(fun->decl) && !(DECL_CONTEXT(fun->decl)
                   && is_lambda_closure_type(DECL_CONTEXT(fun->decl))));
  bool summary = summary_read(fun);
  last_analysis_failed = false;
  if (!summary && (quiet || !report_facts))
    return NULL; /* nothing would use what it finds */
  fn_ctx c;
  c.fun = fun;
  c.fndecl = fun->decl;
  c.fname = function_name(fun->decl);
  if (solver)
    esc_solver_reset(solver);
  else if (!(solver = esc_solver_new()))
    return NULL;
  c.s = solver;
  fn_summary *sum = NULL;
  std::vector<tree> vars;
  static const char *fail_function = getenv("ESCINFO_TEST_FAIL_FUNCTION");
  build(&c, vars);
  if (esc_solve(c.s) == 0) {
    if (summary) {
      esc_compute_escapes(c.s, true);
      sum = summarise(&c);
    }
    /* The function's own facts (every route of every subject) only when they are reported:
     * not for the rounds of a cycle of recursion. */
    if (report_facts && !quiet)
      esc_compute_escapes(c.s, false);
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
  last_analysis_failed = esc_solver_failed(c.s);
  if (last_analysis_failed) {
    if (report_facts && tell_failures)
      tell_failure(c.fndecl);
    free_summary(sum);
    sum = NULL;
  }
  ESC_LOG("analysed %s: %zu objects", c.fname, esc_object_count(c.s));
  return sum;
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

/* The members of CYCLE in the order a depth-first walk of their calls finishes them: a callee
 * before its callers wherever the cycle allows, so that the first analysis of most members
 * already sees what their callees do, and fewer are analysed again. */
std::vector<cgraph_node *> callees_first(const std::vector<cgraph_node *> &cycle)
{
  std::map<cgraph_node *, int> state; /* 0: not seen, 1: on the walk, 2: done */
  for (cgraph_node *n : cycle)
    state[n] = 0;
  std::vector<cgraph_node *> order;
  std::vector<std::pair<cgraph_node *, cgraph_edge *>> stack;
  for (cgraph_node *root : cycle) {
    if (state[root])
      continue;
    state[root] = 1;
    stack.push_back(std::make_pair(root, root->callees));
    while (!stack.empty()) {
      cgraph_edge *&e = stack.back().second;
      if (!e) {
        state[stack.back().first] = 2;
        order.push_back(stack.back().first);
        stack.pop_back();
        continue;
      }
      cgraph_node *callee = e->callee->ultimate_alias_target();
      e = e->next_callee;
      auto it = state.find(callee);
      if (it != state.end() && it->second == 0) {
        it->second = 1;
        stack.push_back(std::make_pair(callee, callee->callees));
      }
    }
  }
  return order;
}

/* Is A's body smaller than B's (in SSA names; by position in the unit when equal)? */
static bool smaller_body(cgraph_node *a, cgraph_node *b)
{
  function *fa = DECL_STRUCT_FUNCTION(a->decl), *fb = DECL_STRUCT_FUNCTION(b->decl);
  unsigned na = fa && fa->gimple_df ? vec_safe_length(fa->gimple_df->ssa_names) : 0;
  unsigned nb = fb && fb->gimple_df ? vec_safe_length(fb->gimple_df->ssa_names) : 0;
  if (na != nb)
    return na < nb;
  return a->get_uid() < b->get_uid();
}

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
    empty->nnamed = list_length(DECL_ARGUMENTS(n->decl));
    empty->has_chain = fun && fun->static_chain_decl;
    empty->variadic = stdarg_p(TREE_TYPE(n->decl));
    empty->params.resize(empty->nnamed + empty->has_chain + empty->variadic);
    for (param_summary &p : empty->params) {
      p.route = p.content_route = p.bytes_route = p.numbers_route = ESC_ROUTE_NONE;
      memset(&p.flow, 0, sizeof p.flow);
      memset(&p.content_flow, 0, sizeof p.content_flow);
      p.returned = p.content_returned = p.bytes_returned = p.receives_unknown = false;
      p.numbers_returned = p.opaque = false;
      p.dangles = p.content_dangles = p.bytes_dangles = p.numbers_dangles = false;
    }
    empty->returns_unknown = false;
    set_summary(n->decl, empty);
  }
  /* A worklist: a member is analysed again when the summary of a member it calls changed, so a
   * change travels down a long chain of mutually recursive functions (a recursive-descent
   * parser) without a round per link.  At most max_cycle_rounds analyses per member. */
  std::vector<cgraph_node *> work;
  std::unordered_map<cgraph_node *, bool> queued; /* members of the cycle: are they queued? */
  for (cgraph_node *n : cycle)
    queued[n] = false;
  /* For each member, the members calling it (once per call), and for each member, how many of
   * its calls are to members waiting to be analysed (again). */
  std::unordered_map<cgraph_node *, std::vector<cgraph_node *>> callers_in;
  std::unordered_map<cgraph_node *, int> waiting;
  for (cgraph_node *n : cycle)
    for (cgraph_edge *e = n->callees; e; e = e->next_callee) {
      cgraph_node *callee = e->callee->ultimate_alias_target();
      if (callee != n && queued.count(callee))
        callers_in[callee].push_back(n);
    }
  auto set_queued = [&](cgraph_node *m, bool on) {
    queued[m] = on;
    for (cgraph_node *caller : callers_in[m])
      waiting[caller] += on ? 1 : -1;
  };
  std::vector<cgraph_node *> order = callees_first(cycle);
  for (size_t i = order.size(); i-- > 0;) {
    work.push_back(order[i]);
    set_queued(order[i], true);
  }
  std::unordered_map<cgraph_node *, std::pair<size_t, size_t>> reported; /* facts of its last
                                                                            analysis */
  std::unordered_map<cgraph_node *, bool> failed; /* did its last analysis fail? */
  size_t budget = (size_t)max_cycle_rounds * cycle.size();
  tell_failures = false; /* told once, for the last analysis */
  /* Members analysed again wait in AGAIN until the first analyses are done; then the smallest
   * goes first, so that the small functions of a cycle settle before a large one that calls
   * them is analysed again. */
  std::vector<cgraph_node *> again;
  while ((!work.empty() || !again.empty()) && budget > 0) {
    cgraph_node *n;
    if (!work.empty()) {
      n = work.back();
      work.pop_back();
    } else {
      /* One that calls no member waiting to be analysed again, if any: what it reads is
       * settled for now. */
      auto pick = again.end();
      for (auto it = again.begin(); it != again.end(); ++it)
        if (waiting[*it] == 0 && (pick == again.end() || smaller_body(*it, *pick)))
          pick = it;
      if (pick == again.end())
        pick = std::min_element(again.begin(), again.end(), smaller_body);
      n = *pick;
      again.erase(pick);
    }
    set_queued(n, false);
    budget--;
    /* Its facts too: the last analysis of each member is made with its callees' summaries as
     * they settle (a change to one queues the member again), so its facts are final, and the
     * facts of the analyses before it are taken back. */
    auto r = reported.find(n);
    if (r != reported.end())
      esc_report_retract(r->second.first, r->second.second);
    size_t from = esc_report_count();
    fn_summary *sum = analyze_node(n, true);
    reported[n] = std::make_pair(from, esc_report_count());
    failed[n] = last_analysis_failed;
    bool changed = !same_summary(sum, get_summary(n->decl));
    set_summary(n->decl, sum);
    if (!changed)
      continue;
    for (cgraph_edge *e = n->callers; e; e = e->next_caller) {
      cgraph_node *caller = e->caller->ultimate_alias_target();
      auto q = queued.find(caller);
      if (q != queued.end() && !q->second) {
        set_queued(caller, true);
        again.push_back(caller);
      }
    }
  }
  tell_failures = true;
  if (work.empty() && again.empty()) {
    for (cgraph_node *n : cycle)
      if (failed[n])
        tell_failure(n->decl);
    return;
  }
  ESC_LOG("a cycle of %zu functions around %s did not settle: its calls count as unknown",
          (size_t)cycle.size(), function_name(cycle[0]->decl));
  for (auto &r : reported)
    esc_report_retract(r.second.first, r.second.second);
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
    /* The memory kept for the next function goes back before GCC compiles them all. */
    esc_solver_free(solver);
    solver = NULL;
    return 0;
  }
  opt_pass *clone() final override { return new analysis_pass(m_ctxt); }
};


} // namespace escan

using namespace escan;

opt_pass *esc_make_analysis_pass(gcc::context *ctx)
{
  return new analysis_pass(ctx);
}

void esc_note_function_body(tree fndecl)
{
  if (!fndecl || !DECL_SAVED_TREE(fndecl))
    return;
  generic_walk w = {fndecl, hash_set<tree>()};
  walk_tree(&DECL_SAVED_TREE(fndecl), note_generic, &w, NULL);
}

void esc_analysis_finish(void)
{
  clear_generic_notes();
  clear_summaries();
  esc_solver_free(solver); /* when the pass stopped early */
  solver = NULL;
}
