/* solver-check.c - unit tests of the escape solver (gccplugin/solver.c) on hand-built
 * constraint sets: points-to through copies, loads and stores, escapes by route, every route of
 * an object, dangling, numbers and bytes, flows.  Prints TAP. */
#include <stdio.h>
#include <string.h>

#include "solver.h"

static int count, failed;
static const char *round_name = "";

static void ok(int passed, const char *what)
{
  printf("%s %d - %s%s\n", passed ? "ok" : "not ok", ++count, round_name, what);
  failed |= !passed;
}

static struct esc_msg m(const char *fmt)
{
  struct esc_msg msg = {fmt, "f", 1};
  return msg;
}

/* Collects a flow's messages, joined by " | ". */
struct flow_text {
  char buf[512];
};

static void step(void *ctx, uint32_t loc, const char *message)
{
  struct flow_text *t = ctx;
  (void)loc;
  size_t n = strlen(t->buf);
  snprintf(t->buf + n, sizeof t->buf - n, "%s%s", n ? " | " : "", message);
}

/* x = local; p = &x; q = p; return q: x escapes by return, dangling, with its flow. */
static void returned(struct esc_solver *s)
{
  int x = esc_object(s, ESC_OBJ_LOCAL, "x", -1);
  int p = esc_value(s), q = esc_value(s);
  esc_addr(s, p, x, 1, m("address of x taken"));
  esc_copy(s, q, p, 2, m("assigned to q"));
  esc_sink(s, q, ESC_ROUTE_RETURN, 3, m("returned from '%1$s'"), NULL);
  ok(esc_solve(s) == 0, "a small problem solves");
  esc_compute_escapes(s, false);
  ok(esc_value_points_to(s, q, x), "a copy points where its source points");
  ok(esc_object_route(s, x) == ESC_ROUTE_RETURN && esc_object_dangles(s, x),
     "returned: escape by return, dangling");
  struct flow_text t = {""};
  esc_object_flow(s, x, 0, step, NULL, &t);
  ok(strcmp(t.buf, "address of x taken | assigned to q | returned from 'f'") == 0,
     "the flow lists the steps in order, ending at the sink");
  esc_compute_escapes(s, true);
  ok(esc_object_route(s, x) == ESC_ROUTE_NONE, "for a summary, being returned is no escape");
}

/* s.p = &x (a local struct); g = &s: x escapes with s, into the global. */
static void held(struct esc_solver *s)
{
  int x = esc_object(s, ESC_OBJ_LOCAL, "x", -1);
  int st = esc_object(s, ESC_OBJ_LOCAL, "s", -1);
  int g = esc_object(s, ESC_OBJ_GLOBAL, "g", -1);
  int px = esc_value(s), ps = esc_value(s), pg = esc_object_address(s, g);
  esc_addr(s, px, x, 1, m("address of x taken"));
  esc_addr(s, ps, st, 2, m("address of s taken"));
  esc_store(s, ps, px, 3, m("stored into s"));
  esc_store(s, pg, ps, 4, m("stored in global g"));
  esc_object_sink(s, g, ESC_ROUTE_GLOBAL, m("stored in global g"));
  esc_solve(s);
  esc_compute_escapes(s, false);
  ok(esc_object_route(s, st) == ESC_ROUTE_GLOBAL, "an object stored in a global escapes");
  ok(esc_object_route(s, x) == ESC_ROUTE_GLOBAL && esc_object_container(s, x, 0) == st,
     "what it holds escapes with it, held in it");
}

/* x returned and passed to a call: two routes, the return first. */
static void routes(struct esc_solver *s)
{
  int x = esc_object(s, ESC_OBJ_LOCAL, "x", -1);
  int p = esc_value(s);
  esc_addr(s, p, x, 1, m("address of x taken"));
  esc_sink(s, p, ESC_ROUTE_CALL, 2, m("passed to '%1$s'"), NULL);
  esc_sink(s, p, ESC_ROUTE_RETURN, 3, m("returned"), NULL);
  esc_solve(s);
  esc_compute_escapes(s, false);
  ok(esc_object_routes(s, x) == 2, "an object that escapes two ways has two routes");
  ok(esc_object_route_at(s, x, 0) == ESC_ROUTE_RETURN && esc_object_dangles_at(s, x, 0),
     "the first is the one that outlives the frame, whatever the order");
  ok(esc_object_route_at(s, x, 1) == ESC_ROUTE_CALL && !esc_object_dangles_at(s, x, 1),
     "the second is the call, not dangling");
  char buf[64];
  esc_object_reason(s, x, 1, buf, sizeof buf);
  ok(strcmp(buf, "passed to 'f'") == 0, "each route has its own reason");
}

/* Numbers: a pointer stored next to a number is not read by a read of numbers; a number stored
 * is; a byte read sees everything. */
static void numbers(struct esc_solver *s)
{
  int x = esc_object(s, ESC_OBJ_LOCAL, "x", -1);
  int y = esc_object(s, ESC_OBJ_LOCAL, "y", -1);
  int h = esc_object(s, ESC_OBJ_LOCAL, "h", -1);
  int px = esc_value(s), py = esc_value(s), ph = esc_value(s);
  int num = esc_value(s), bytes = esc_value(s), all = esc_value(s);
  esc_addr(s, px, x, 1, m(NULL));
  esc_addr(s, py, y, 1, m(NULL));
  esc_addr(s, ph, h, 1, m(NULL));
  esc_store_pointer(s, ph, px, 2, m("stored through h"));
  esc_store(s, ph, py, 3, m("stored through h as a number"));
  esc_load_numbers(s, num, ph, 4, m("read as a number"));
  esc_load_bytes(s, bytes, ph, 5, m("read a byte at a time"));
  esc_load(s, all, ph, 6, m("loaded"));
  esc_solve(s);
  ok(!esc_value_points_to(s, num, x) && esc_value_points_to(s, num, y),
     "a read of numbers sees what was stored as a number, not the pointer next to it");
  ok(esc_value_points_to(s, bytes, x) && esc_value_points_to(s, bytes, y),
     "a read of bytes sees both");
  ok(esc_value_points_to(s, all, x) && esc_value_points_to(s, all, y), "so does a pointer read");
}

/* A parameter's memory: what it held on entry is not what the function stored there. */
static void parameters(struct esc_solver *s)
{
  int po = esc_object(s, ESC_OBJ_PARAM, "*p", 0);
  int pc = esc_object(s, ESC_OBJ_PARAM_CONTENT, "**p", 0);
  int x = esc_object(s, ESC_OBJ_LOCAL, "x", -1);
  int p = esc_value(s), v = esc_value(s), px = esc_value(s);
  esc_addr(s, p, po, 1, m(NULL));
  esc_load(s, v, p, 2, m("loaded through p"));
  esc_addr(s, px, x, 3, m(NULL));
  esc_store(s, p, px, 4, m("stored through parameter p"));
  esc_solve(s);
  ok(esc_value_points_to(s, v, pc), "what a parameter points to holds what is below it");
  esc_compute_escapes(s, false);
  ok(esc_object_route(s, x) == ESC_ROUTE_STORE && esc_object_dangles(s, x),
     "a local stored into the caller's memory escapes by a store, dangling");
  ok(esc_object_route(s, pc) == ESC_ROUTE_NONE,
     "what the parameter's memory held on entry was not stored by the function");
  esc_compute_escapes(s, true);
  ok(esc_object_route(s, x) == ESC_ROUTE_NONE,
     "for a summary, the caller's memory is the caller's to judge");
}

/* Running out of memory is reported, not a crash. */
static void failure(struct esc_solver *s)
{
  int x = esc_object(s, ESC_OBJ_LOCAL, "x", -1);
  esc_solver_fail(s);
  ok(esc_solve(s) == -1 && esc_solver_failed(s), "a failed solver says so");
  ok(esc_object_route(s, x) == ESC_ROUTE_NONE, "... and marks nothing");
}

/* Many objects (several words of bits) and many steps: N locals whose addresses all reach
 * one value, stored into each local and into a global. */
static void large(struct esc_solver *s)
{
  enum { N = 300 };
  int x[N], px[N], all = -1;
  for (int i = 0; i < N; i++)
    x[i] = esc_object(s, ESC_OBJ_LOCAL, "x", -1);
  int g = esc_object(s, ESC_OBJ_GLOBAL, "g", -1);
  all = esc_value(s);
  for (int i = 0; i < N; i++) {
    px[i] = esc_value(s);
    esc_addr(s, px[i], x[i], 1, m("address of x taken"));
    esc_copy(s, all, px[i], 2, m("assigned to all"));
  }
  for (int i = 0; i < N; i++)
    esc_store(s, px[i], all, 3, m("stored into x"));
  esc_store(s, esc_object_address(s, g), px[N - 1], 4, m("stored in global g"));
  esc_object_sink(s, g, ESC_ROUTE_GLOBAL, m("stored in global g"));
  ok(esc_solve(s) == 0, "a problem of 300 objects solves");
  esc_compute_escapes(s, false);
  int every = 1;
  for (int i = 0; i < N; i++)
    every &= esc_contents_include(s, x[i], x[N - 1 - i]) && esc_object_dangles(s, x[i])
             && esc_object_route(s, x[i]) == ESC_ROUTE_GLOBAL;
  ok(every, "each local holds every other and escapes into the global, dangling");
  struct flow_text t = {""};
  esc_object_flow(s, x[0], 0, step, NULL, &t);
  ok(strcmp(t.buf, "address of x taken | assigned to all | stored into x | address of x taken | "
                   "stored in global g") == 0,
     "the flow of the first local goes through the local stored in the global");
}

/* q = &x, or p = &x; q = p (COPY): is the flow of x the right one? */
static int address_or_copy(struct esc_solver *s, bool copy)
{
  int x = esc_object(s, ESC_OBJ_LOCAL, "x", -1);
  int p = esc_value(s), q = esc_value(s), r = esc_value(s);
  esc_addr(s, copy ? p : q, x, 1, m("address taken"));
  esc_copy(s, q, p, 2, m("assigned to q"));
  esc_copy(s, q, r, 2, m("assigned to q")); /* q is no copy of p alone */
  esc_sink(s, q, ESC_ROUTE_RETURN, 3, m("returned"), NULL);
  esc_solve(s);
  esc_compute_escapes(s, false);
  struct flow_text t = {""};
  esc_object_flow(s, x, 0, step, NULL, &t);
  return strcmp(t.buf, copy ? "address taken | assigned to q | returned"
                            : "address taken | returned") == 0;
}

int main(void)
{
  static void (*const scenarios[])(struct esc_solver *) = {
    returned, held, routes, numbers, parameters, large, failure,
  };
  enum { NSCENARIOS = sizeof scenarios / sizeof scenarios[0] };
  for (int i = 0; i < NSCENARIOS; i++) {
    struct esc_solver *s = esc_solver_new();
    scenarios[i](s);
    esc_solver_free(s);
  }
  /* Once more on one solver, emptied between them as the plugin does between functions, from
   * the last to the first: the large problem's memory then serves the small ones, and a failed
   * solver is reset into a working one. */
  round_name = "reused solver: ";
  struct esc_solver *s = esc_solver_new();
  for (int i = NSCENARIOS - 1; i >= 0; i--) {
    scenarios[i](s);
    esc_solver_reset(s);
  }
  returned(s);
  esc_solver_free(s);
  /* The table of steps is emptied by counting generations, and cleared when they run out:
   * what the first function found of x in q (its address) is not what a function using the
   * same generation again finds (a copy). */
  s = esc_solver_new();
  int right = address_or_copy(s, false);
  for (int i = 0; i < 0xffff; i++)
    esc_solver_reset(s);
  right &= address_or_copy(s, true);
  esc_solver_reset(s);
  right &= address_or_copy(s, false);
  ok(right, "65,537 functions in turn on one solver: each one's flows are its own");
  esc_solver_free(s);
  printf("1..%d\n", count);
  return 0;
}
