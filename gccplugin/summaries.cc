/* summaries.cc - what each analysed function does with its parameters, kept for its callers
 * in the unit as plain data (no GCC trees), keyed by the DECL_UID of the body that runs. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"

namespace escan {

std::map<unsigned, fn_summary *> summaries; /* by the function's DECL_UID */


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
  if (!a || !b || a->params.size() != b->params.size() || a->returns_unknown != b->returns_unknown
      || a->nnamed != b->nnamed || a->has_chain != b->has_chain || a->variadic != b->variadic
      || a->returns_fresh != b->returns_fresh || a->fresh_holds_unknown != b->fresh_holds_unknown
      || a->fresh_escapes != b->fresh_escapes || a->fresh_dangles != b->fresh_dangles)
    return false;
  for (size_t i = 0; i < a->params.size(); i++) {
    const param_summary &x = a->params[i], &y = b->params[i];
    if ((x.route == ESC_ROUTE_NONE) != (y.route == ESC_ROUTE_NONE)
        || (x.content_route == ESC_ROUTE_NONE) != (y.content_route == ESC_ROUTE_NONE)
        || x.returned != y.returned || x.content_returned != y.content_returned
        || x.receives_unknown != y.receives_unknown || x.stored_here != y.stored_here
        || x.content_stored_here != y.content_stored_here || x.in_result != y.in_result
        || x.content_in_result != y.content_in_result || x.receives_fresh != y.receives_fresh
        || x.fresh_holds_unknown != y.fresh_holds_unknown || x.fresh_here != y.fresh_here
        || x.fresh_escapes != y.fresh_escapes || x.fresh_dangles != y.fresh_dangles
        || x.fresh_content_here != y.fresh_content_here)
      return false;
  }
  return true;
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

/* ---- the summary of the function for its callers ------------------------------------------ */

struct step_collector {
  std::vector<struct esc_solver_step> steps;
};

/* Summary steps keep only their location (valid for the whole unit) and message: the file,
 * line and column are expanded when a caller's fact is reported. */
void collect_step(void *ctx, uint32_t loc, const char *message)
{
  if (!loc)
    return;
  struct esc_solver_step st;
  memset(&st, 0, sizeof st);
  st.loc = loc;
  st.message = esc_strdup(message);
  ((step_collector *)ctx)->steps.push_back(st);
}

void collect_extra(void *ctx, const struct esc_solver_step *from)
{
  collect_step(ctx, from->loc, from->message);
}

/* A flow handed up the call graph grows with every caller; past this many steps its middle is
 * left out (the start and the escape point stay). */
const size_t max_summary_steps = 16;

/* Copies OBJ's flow into OUT as plain data that outlives this function's analysis. */
void copy_flow(fn_ctx *c, int obj, struct esc_step_list *out)
{
  step_collector sc;
  esc_object_flow(c->s, obj, collect_step, collect_extra, &sc);
  std::vector<struct esc_solver_step> &v = sc.steps;
  if (v.size() > max_summary_steps) {
    size_t keep_head = max_summary_steps / 2, keep_tail = max_summary_steps / 2 - 1;
    size_t dropped = v.size() - keep_head - keep_tail;
    char text[64];
    snprintf(text, sizeof text, "... %zu more steps ...", dropped);
    for (size_t i = keep_head; i < v.size() - keep_tail; i++)
      free(v[i].message);
    struct esc_solver_step marker = v[keep_head];
    marker.message = esc_strdup(text);
    v.erase(v.begin() + keep_head, v.end() - keep_tail);
    v.insert(v.begin() + keep_head, marker);
  }
  out->n = 0;
  out->steps = XCNEWVEC(struct esc_solver_step, v.size() + 1);
  for (auto &st : v)
    out->steps[out->n++] = st;
}

void collect_object(void *ctx, int obj)
{
  ((std::vector<int> *)ctx)->push_back(obj);
}

/* What a function hands back through a value or into a parameter's pointee, seen from its
 * callers: their own parameters' memory, new memory (heap blocks it allocated; for a summary,
 * being returned is no escape), or anything else (unknown). */
struct handed_back {
  bool unknown = false;        /* something that is neither a parameter's memory nor new */
  bool fresh = false;          /* new memory ... */
  bool fresh_escapes = false;  /* ... which the function also keeps elsewhere ... */
  bool fresh_dangles = false;  /* ... (in static storage) ... */
  bool fresh_holds_unknown = false; /* ... and which holds pointers of unknown origin */
  std::vector<bool> param_in, content_in; /* parameters' memory held in the new memory */
};

bool is_param_memory(fn_ctx *c, int obj)
{
  enum esc_obj_kind k = esc_object_kind(c->s, obj);
  return k == ESC_OBJ_PARAM || k == ESC_OBJ_PARAM_CONTENT;
}

/* Classifies the objects STARTS, and what the new ones hold, at any depth. */
handed_back classify(fn_ctx *c, const std::vector<int> &starts)
{
  handed_back h;
  size_t n = c->param_objs.size();
  h.param_in.assign(n, false);
  h.content_in.assign(n, false);
  std::vector<int> queue;
  std::vector<bool> seen(esc_object_count(c->s), false);
  auto reach = [&](int o) {
    if (seen[o])
      return;
    seen[o] = true;
    queue.push_back(o);
    h.fresh = true;
    if (esc_object_route(c->s, o) != ESC_ROUTE_NONE) {
      h.fresh_escapes = true;
      h.fresh_dangles |= esc_object_dangles(c->s, o);
    }
  };
  for (int o : starts) {
    if (is_param_memory(c, o))
      continue;
    if (esc_object_kind(c->s, o) == ESC_OBJ_HEAP)
      reach(o);
    else
      h.unknown = true;
  }
  for (size_t q = 0; q < queue.size(); q++) {
    std::vector<int> held;
    esc_contents_each(c->s, queue[q], collect_object, &held);
    for (int o : held) {
      enum esc_obj_kind k = esc_object_kind(c->s, o);
      int i = esc_object_param(c->s, o);
      if (k == ESC_OBJ_PARAM && i >= 0 && (size_t)i < n)
        h.param_in[i] = true;
      else if (k == ESC_OBJ_PARAM_CONTENT && i >= 0 && (size_t)i < n)
        h.content_in[i] = true;
      else if (k == ESC_OBJ_HEAP)
        reach(o);
      else
        h.fresh_holds_unknown = true;
    }
  }
  return h;
}

fn_summary *summarise(fn_ctx *c)
{
  fn_summary *sum = new fn_summary;
  size_t n = c->param_objs.size();
  sum->params.resize(n);
  sum->has_chain = c->chain_index >= 0;
  sum->variadic = c->va_index >= 0;
  sum->nnamed = n - sum->has_chain - sum->variadic;
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
    std::vector<int> stored;
    esc_contents_each(c->s, po, collect_object, &stored);
    handed_back h = classify(c, stored);
    p.receives_unknown = h.unknown;
    p.receives_fresh = h.fresh;
    p.fresh_escapes = h.fresh_escapes;
    p.fresh_dangles = h.fresh_dangles;
    p.fresh_holds_unknown = h.fresh_holds_unknown;
    for (size_t j = 0; j < n; j++) {
      if (esc_contents_include(c->s, po, c->param_objs[j]))
        p.stored_here.push_back((int)j);
      if (j != i && esc_contents_include(c->s, po, c->param_content_objs[j]))
        p.content_stored_here.push_back((int)j);
      if (h.param_in[j])
        p.fresh_here.push_back((int)j);
      if (h.content_in[j])
        p.fresh_content_here.push_back((int)j);
    }
  }
  std::vector<int> returned;
  esc_value_each(c->s, c->ret_value, collect_object, &returned);
  handed_back h = classify(c, returned);
  sum->returns_unknown = h.unknown;
  sum->returns_fresh = h.fresh;
  sum->fresh_escapes = h.fresh_escapes;
  sum->fresh_dangles = h.fresh_dangles;
  sum->fresh_holds_unknown = h.fresh_holds_unknown;
  for (size_t i = 0; i < n; i++) {
    sum->params[i].in_result = h.param_in[i];
    sum->params[i].content_in_result = h.content_in[i];
  }
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

void clear_summaries(void)
{
  for (auto &kv : summaries)
    free_summary(kv.second);
  summaries.clear();
}

} // namespace escan
