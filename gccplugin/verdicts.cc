/* verdicts.cc - a solved function's facts: each subject's verdict, message and flow,
 * stack candidates (freed on every path), frame facts. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"

namespace escan {

/* ---- reporting ----------------------------------------------------------------------------- */

struct flow_ctx {
  struct esc_fact *fact;
  struct esc_fact_route *route; /* NULL: the fact's own flow */
};

void flow_step(void *ctx, uint32_t loc, const char *message)
{
  flow_ctx *fc = (flow_ctx *)ctx;
  esc_report_step(fc->fact, fc->route, (location_t)loc, message);
}

void flow_extra(void *ctx, const struct esc_solver_step *st)
{
  flow_ctx *fc = (flow_ctx *)ctx;
  if (st->loc)
    esc_report_step(fc->fact, fc->route, (location_t)st->loc, st->message);
  else if (fc->route)
    esc_flow_add_step(&fc->route->flow, &fc->route->nflow, st->file, st->line, st->column,
                      st->message);
  else
    esc_fact_add_step(fc->fact, st->file, st->line, st->column, st->message);
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

/* Was OBJ's address captured by reference, by a lambda ([&x]) or a nested function (its frame),
 * rather than a pointer to it copied into a lambda ([p])? */
bool by_reference(fn_ctx *c, int obj)
{
  for (int v : c->by_reference)
    if (esc_value_points_to(c->s, v, obj))
      return true;
  return false;
}

/* Does OBJ escape by ROUTE as a closure's capture: captured by reference by a lambda, or living
 * in a nested function's frame?  (A pointer to it copied into a lambda is only held there.) */
bool captured_by_closure(fn_ctx *c, int obj, size_t route)
{
  return esc_object_route_at(c->s, obj, route) == ESC_ROUTE_CLOSURE
         && (esc_object_container(c->s, obj, route) < 0 || by_reference(c, obj));
}

/* "stored in global 'g'", or how the holding object escapes, for OBJ's route ROUTE. */
std::string escape_reason(fn_ctx *c, int obj, size_t route)
{
  char buf[600];
  esc_object_reason(c->s, obj, route, buf, sizeof buf);
  int holder = esc_object_container(c->s, obj, route);
  std::string why = buf;
  if (holder >= 0 && captured_by_closure(c, obj, route)) {
    /* The closure's own reason reads after "address": "passed as argument 1 to 'f'". */
    return std::string("captured by ") + esc_object_name(c->s, holder)
           + ", whose address is " + why;
  }
  if (holder >= 0 && esc_object_kind(c->s, holder) != ESC_OBJ_NONLOCAL)
    return std::string("held in ") + esc_object_name(c->s, holder) + ", which escapes: " + why;
  return why;
}

/* One route of a subject, as reported. */
struct route_view {
  enum esc_code code;
  bool dangling;
  std::string how; /* what follows "escapes: " (or "leaking param 'p': ") */
};

route_view view_route(fn_ctx *c, enum esc_subject subject, int obj, size_t route)
{
  enum esc_route r = esc_object_route_at(c->s, obj, route);
  bool param = subject == ESC_SUBJECT_PARAM;
  /* Held in a closure by a copied pointer: it goes where the closure goes. */
  if (r == ESC_ROUTE_CLOSURE && !captured_by_closure(c, obj, route)) {
    enum esc_route held = esc_object_container_route(c->s, obj, route);
    if (held != ESC_ROUTE_NONE)
      r = held;
  }
  route_view v;
  v.code = escape_code(r, param);
  std::string why = escape_reason(c, obj, route);
  bool captured = !param && esc_object_captured(c->s, obj, route) && by_reference(c, obj);
  if (captured)
    v.code = ESC_ESCAPE_CLOSURE;
  if (param || subject == ESC_SUBJECT_ALLOC || r == ESC_ROUTE_CLOSURE
      || why.compare(0, 8, "held in ") == 0)
    v.how = why;
  else if (captured)
    v.how = "captured by reference in a closure whose copy is " + why;
  else
    v.how = "address " + why;
  bool on_stack = subject == ESC_SUBJECT_LOCAL || esc_object_kind(c->s, obj) == ESC_OBJ_ALLOCA;
  v.dangling = on_stack && esc_object_dangles_at(c->s, obj, route);
  return v;
}

/* Reports OBJ's verdict; returns the fact, or NULL when it is left out.  An object that
 * escapes several ways is named by its first route; the others are listed with their flows. */
struct esc_fact *report(fn_ctx *c, enum esc_subject subject, int obj, const char *name,
                        location_t loc, const char *what)
{
  bool param = subject == ESC_SUBJECT_PARAM;
  size_t nroutes = esc_object_routes(c->s, obj);
  if (nroutes == 0) {
    struct esc_fact *f = esc_report_fact(subject, escape_code(ESC_ROUTE_NONE, param), name,
                                         c->fname, loc);
    if (f)
      f->message = esc_strdup((param ? std::string("param '") + name + "' does not leak"
                                     : std::string(what) + " does not escape").c_str());
    return f;
  }
  route_view first = view_route(c, subject, obj, 0);
  struct esc_fact *f = esc_report_fact(subject, first.code, name, c->fname, loc);
  if (!f)
    return NULL;
  std::string m = param ? std::string("leaking param '") + name + "': " + first.how
                        : std::string(what) + " escapes: " + first.how;
  f->dangling = first.dangling;
  f->by_callee = esc_object_by_callee(c->s, obj, 0);
  flow_ctx fc = {f, NULL};
  esc_object_flow(c->s, obj, 0, flow_step, flow_extra, &fc);
  /* A route through what a function the analysis cannot see "perhaps returned" (strdup's copy,
   * or its argument) only may dangle: say so, though the fact stays dangling. */
  bool perhaps = false;
  for (size_t k = 0; k < f->nflow && !perhaps; k++)
    perhaps = f->flow[k].message && strncmp(f->flow[k].message, "perhaps returned", 16) == 0;
  if (f->dangling)
    m += std::string("; the pointer ") + (perhaps ? "may dangle" : "dangles") + " once '"
         + c->fname + "' returns";
  f->message = esc_strdup(m.c_str());

  std::vector<std::pair<int, bool>> seen(1, std::make_pair((int)first.code, first.dangling));
  for (size_t i = 1; i < nroutes; i++) {
    route_view v = view_route(c, subject, obj, i);
    std::pair<int, bool> key((int)v.code, v.dangling);
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      continue;
    seen.push_back(key);
    struct esc_fact_route *rt = esc_fact_add_route(f);
    if (!rt)
      break;
    rt->code = v.code;
    rt->dangling = v.dangling;
    rt->message = esc_strdup(v.how.c_str());
    flow_ctx rc = {f, rt};
    esc_object_flow(c->s, obj, i, flow_step, flow_extra, &rc);
  }
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
    /* A stack candidate needs a size the stack can take: at most the large-local threshold. */
    if (!a.is_alloca && a.fixed_size && a.bytes <= (HOST_WIDE_INT)esc_opts.large_local
        && esc_object_route(c->s, a.obj) == ESC_ROUTE_NONE && freed_on_every_path(c, a)) {
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
    std::string what = l.what ? l.what : std::string("'") + l.name + "'";
    struct esc_fact *f = report(c, ESC_SUBJECT_LOCAL, l.obj, l.name, l.loc, what.c_str());
    if (!l.decl)
      continue;
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

} // namespace escan
