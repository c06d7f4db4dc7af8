/* summaries.cc - what each analysed function does with its parameters, kept for its callers
 * in the unit as plain data (no GCC trees), keyed by the DECL_UID of the body that runs. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "solver.h"
#include "analysis.h"

namespace escan {

std::unordered_map<unsigned, fn_summary *> summaries; /* by the function's DECL_UID */


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

bool same_new_memory(const new_memory &a, const new_memory &b)
{
  return a.present == b.present && a.kept == b.kept && a.kept_dangles == b.kept_dangles
         && a.holds_unknown == b.holds_unknown && a.holds_numbers == b.holds_numbers
         && a.params == b.params
         && a.contents == b.contents;
}

/* Do two summaries say the same thing (ignoring how they say it)? */
bool same_summary(const fn_summary *a, const fn_summary *b)
{
  if (!a || !b || a->params.size() != b->params.size() || a->returns_unknown != b->returns_unknown
      || a->nnamed != b->nnamed || a->has_chain != b->has_chain || a->variadic != b->variadic
      || !same_new_memory(a->returns, b->returns))
    return false;
  for (size_t i = 0; i < a->params.size(); i++) {
    const param_summary &x = a->params[i], &y = b->params[i];
    if ((x.route == ESC_ROUTE_NONE) != (y.route == ESC_ROUTE_NONE)
        || (x.content_route == ESC_ROUTE_NONE) != (y.content_route == ESC_ROUTE_NONE)
        || x.returned != y.returned || x.content_returned != y.content_returned
        || (x.bytes_route == ESC_ROUTE_NONE) != (y.bytes_route == ESC_ROUTE_NONE)
        || x.bytes_returned != y.bytes_returned || x.opaque != y.opaque
        || (x.numbers_route == ESC_ROUTE_NONE) != (y.numbers_route == ESC_ROUTE_NONE)
        || x.numbers_returned != y.numbers_returned
        || x.receives_unknown != y.receives_unknown
        || x.numbers_stored_here != y.numbers_stored_here
        || x.numbers_copied_here != y.numbers_copied_here
        || x.content_numbers_here != y.content_numbers_here
        || x.bytes_copied_here != y.bytes_copied_here
        || x.stored_here != y.stored_here
        || x.content_stored_here != y.content_stored_here
        || x.deep_stored_here != y.deep_stored_here
        || !same_new_memory(x.receives, y.receives))
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
  esc_object_flow(c->s, obj, 0, collect_step, collect_extra, &sc);
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

bool is_param_memory(fn_ctx *c, int obj)
{
  enum esc_obj_kind k = esc_object_kind(c->s, obj);
  return k == ESC_OBJ_PARAM || k == ESC_OBJ_PARAM_CONTENT;
}

/* Does OBJ hold, as a number, an address the caller knows (its own memory, new memory)?  The
 * numbers the caller itself stored (PARAM_NUMBERS) are already the caller's, and the addresses
 * read from bytes or numbers below another parameter and stored here count as escaping by a
 * store (summarise_addresses). */
bool holds_numbers(fn_ctx *c, int obj)
{
  std::vector<int> held;
  esc_numbers_each(c->s, obj, collect_object, &held);
  for (int o : held) {
    enum esc_obj_kind k = esc_object_kind(c->s, o);
    if (k != ESC_OBJ_NONLOCAL && k != ESC_OBJ_STATIC_CONTENT && k != ESC_OBJ_GLOBAL
        && k != ESC_OBJ_PARAM_NUMBERS && k != ESC_OBJ_PARAM_BYTES)
      return true;
  }
  return false;
}

/* What a function hands back through a value or into a parameter's pointee, the objects
 * STARTS, seen from its callers: their own parameters' memory, new memory (heap blocks it
 * allocated; for a summary, being returned is no escape) and what that holds at any depth,
 * or anything else (*UNKNOWN). */
new_memory classify(fn_ctx *c, const std::vector<int> &starts, bool *unknown)
{
  new_memory m;
  size_t n = c->param_objs.size();
  std::vector<bool> param_in(n, false), content_in(n, false);
  std::vector<int> queue;
  std::vector<bool> seen(esc_object_count(c->s), false);
  auto reach = [&](int o) {
    if (seen[o])
      return;
    seen[o] = true;
    queue.push_back(o);
    m.present = true;
    if (esc_object_route(c->s, o) != ESC_ROUTE_NONE) {
      m.kept = true;
      m.kept_dangles |= esc_object_dangles(c->s, o);
    }
  };
  *unknown = false;
  for (int o : starts) {
    if (is_param_memory(c, o))
      continue;
    if (esc_object_kind(c->s, o) == ESC_OBJ_HEAP)
      reach(o);
    else
      *unknown = true;
  }
  for (size_t q = 0; q < queue.size(); q++) {
    m.holds_numbers |= holds_numbers(c, queue[q]);
    std::vector<int> held;
    esc_contents_each(c->s, queue[q], collect_object, &held);
    for (int o : held) {
      enum esc_obj_kind k = esc_object_kind(c->s, o);
      int i = esc_object_param(c->s, o);
      if (k == ESC_OBJ_PARAM && i >= 0 && (size_t)i < n)
        param_in[i] = true;
      else if (k == ESC_OBJ_PARAM_CONTENT && i >= 0 && (size_t)i < n)
        content_in[i] = true;
      else if (k == ESC_OBJ_HEAP)
        reach(o);
      else
        m.holds_unknown = true;
    }
  }
  for (size_t i = 0; i < n; i++) {
    if (param_in[i])
      m.params.push_back((int)i);
    if (content_in[i])
      m.contents.push_back((int)i);
  }
  return m;
}

/* Where the addresses OBJ stands for go (a PARAM_BYTES or PARAM_NUMBERS object), without a flow
 * (the solver keeps none for them).  Stored into new memory handed back, they count as escaping
 * by a store; stored into a parameter's memory, the summary says so (numbers_copied_here,
 * bytes_copied_here). */
void summarise_addresses(fn_ctx *c, int obj, enum esc_route *route, bool *dangles,
                         bool *returned)
{
  if (obj < 0) { /* a number parameter: what its address would reach is not followed */
    *route = ESC_ROUTE_CALL;
    *dangles = *returned = false;
    return;
  }
  *route = esc_object_route(c->s, obj);
  *dangles = esc_object_dangles(c->s, obj);
  for (size_t o = 0; o < esc_object_count(c->s) && *route == ESC_ROUTE_NONE; o++)
    if (esc_object_kind(c->s, (int)o) == ESC_OBJ_HEAP && esc_contents_include(c->s, (int)o, obj))
      *route = ESC_ROUTE_STORE; /* in new memory handed back */
  *returned = esc_value_points_to(c->s, c->ret_value, obj);
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
    p.opaque = c->param_values[i] < 0;
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
    /* Addresses read a byte at a time below the parameter, and addresses the caller stored as
     * numbers in its memory: where they go. */
    summarise_addresses(c, c->param_bytes_objs[i], &p.bytes_route, &p.bytes_dangles,
                        &p.bytes_returned);
    summarise_addresses(c, c->param_numbers_objs[i], &p.numbers_route, &p.numbers_dangles,
                        &p.numbers_returned);
    std::vector<int> stored;
    esc_contents_each(c->s, po, collect_object, &stored);
    p.receives = classify(c, stored, &p.receives_unknown);
    std::vector<int> numbers;
    esc_numbers_each(c->s, po, collect_object, &numbers);
    for (size_t j = 0; j < n; j++) {
      if (esc_contents_include(c->s, po, c->param_objs[j]))
        p.stored_here.push_back((int)j);
      if (std::find(numbers.begin(), numbers.end(), c->param_objs[j]) != numbers.end())
        p.numbers_stored_here.push_back((int)j);
      if (std::find(numbers.begin(), numbers.end(), c->param_content_objs[j]) != numbers.end())
        p.content_numbers_here.push_back((int)j);
      if (j != i && esc_contents_include(c->s, po, c->param_content_objs[j]))
        p.content_stored_here.push_back((int)j);
      if (esc_contents_include(c->s, pc, c->param_objs[j]))
        p.deep_stored_here.push_back((int)j);
      if (c->param_numbers_objs[j] >= 0
          && esc_contents_include(c->s, po, c->param_numbers_objs[j]))
        p.numbers_copied_here.push_back((int)j);
      if (c->param_bytes_objs[j] >= 0 && esc_contents_include(c->s, po, c->param_bytes_objs[j]))
        p.bytes_copied_here.push_back((int)j);
    }
  }
  std::vector<int> returned;
  esc_value_each(c->s, c->ret_value, collect_object, &returned);
  sum->returns = classify(c, returned, &sum->returns_unknown);
  return sum;
}

/* Does the summary of a parameter give a call anything to apply (calls.cc, apply_summary)? */
static bool param_acts(const param_summary &p)
{
  return p.opaque || p.route != ESC_ROUTE_NONE || p.content_route != ESC_ROUTE_NONE
         || p.bytes_route != ESC_ROUTE_NONE || p.bytes_returned
         || p.numbers_route != ESC_ROUTE_NONE || p.numbers_returned || p.returned
         || p.content_returned || p.receives_unknown || !p.stored_here.empty()
         || !p.deep_stored_here.empty() || !p.content_numbers_here.empty()
         || !p.numbers_copied_here.empty() || !p.bytes_copied_here.empty()
         || !p.content_stored_here.empty() || p.receives.present;
}

void set_summary(tree fndecl, fn_summary *sum)
{
  if (sum)
    for (param_summary &p : sum->params)
      p.acts = param_acts(p);
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
  if (DECL_EXTERNAL(fndecl))
    return NULL; /* a function defined elsewhere (summary_key says 0): the usual callee */
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
