/* solver.h - the per-function points-to and escape solver, independent of GCC.
 *
 * The plugin translates a function's GIMPLE into values, objects and constraints (see
 * docs/design.md), then asks the solver which objects escape, by which route, and along which
 * steps.  Locations are opaque 32-bit numbers (GCC's location_t) the caller expands itself.
 * Strings passed in (names, message arguments) must stay valid until esc_solver_reset or
 * esc_solver_free. */
#ifndef ESCINFO_SOLVER_H
#define ESCINFO_SOLVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum esc_obj_kind {
  ESC_OBJ_LOCAL,         /* a local variable in memory */
  ESC_OBJ_HEAP,          /* a heap allocation site */
  ESC_OBJ_ALLOCA,        /* an alloca / VLA site */
  ESC_OBJ_PARAM,         /* what parameter i points to */
  ESC_OBJ_PARAM_CONTENT, /* what is reachable from what parameter i points to */
  ESC_OBJ_GLOBAL,        /* a global or static variable */
  ESC_OBJ_NONLOCAL,      /* memory of unknown origin */
  ESC_OBJ_RETURN_SLOT,   /* the memory of an aggregate return value */
  ESC_OBJ_STATIC_CONTENT, /* memory reached through static storage (what globals point to):
                            what is stored there outlives the frame */
  ESC_OBJ_PARAM_BYTES,   /* the addresses read a byte at a time from what is reachable below
                            what parameter i points to (two or more levels down) */
  ESC_OBJ_PARAM_NUMBERS  /* the addresses the caller stored as numbers in what is reachable
                            from parameter i */
};

/* How an address escapes. */
enum esc_route {
  ESC_ROUTE_NONE = 0,
  ESC_ROUTE_RETURN,
  ESC_ROUTE_GLOBAL,
  ESC_ROUTE_STORE,
  ESC_ROUTE_CALL,
  ESC_ROUTE_ASM,
  ESC_ROUTE_CLOSURE,
  ESC_ROUTE_UNKNOWN
};

/* A step already expanded to text, e.g. taken from a callee's summary. */
struct esc_solver_step {
  uint32_t loc; /* the location, when the caller has one */
  char *file;
  unsigned line, column;
  char *message;
};

/* A list of expanded steps, owned by whoever made it (summaries). */
struct esc_step_list {
  struct esc_solver_step *steps;
  size_t n;
};

struct esc_solver;

/* Creates an empty solver; NULL when out of memory. */
struct esc_solver *esc_solver_new(void);
/* Empties S for another function, as if new, keeping (within bounds) the memory it grew: one
 * solver serves every function of a unit.  What S was told before (names, messages) is no
 * longer read. */
void esc_solver_reset(struct esc_solver *s);
void esc_solver_free(struct esc_solver *s);

/* True once an allocation failed: the results are then unusable and the caller skips the
 * function. */
bool esc_solver_failed(const struct esc_solver *s);
/* Marks the solver failed (fault injection in tests). */
void esc_solver_fail(struct esc_solver *s);

/* Objects.  NAME is borrowed.  PARAM is the parameter index for PARAM/PARAM_CONTENT objects.
 * A closure object (a nested function's frame, a lambda's closure) makes what it holds escape
 * with ESC_ROUTE_CLOSURE when it escapes itself. */
int esc_object(struct esc_solver *s, enum esc_obj_kind kind, const char *name, int param);
void esc_object_set_closure(struct esc_solver *s, int obj);
enum esc_obj_kind esc_object_kind(const struct esc_solver *s, int obj);
const char *esc_object_name(const struct esc_solver *s, int obj);
int esc_object_param(const struct esc_solver *s, int obj);
size_t esc_object_count(const struct esc_solver *s);

/* A value: an SSA name or a temporary.  Returns its id (-1 when out of memory). */
int esc_value(struct esc_solver *s);
/* The value whose points-to set is exactly {OBJ} ("the address of OBJ"). */
int esc_object_address(struct esc_solver *s, int obj);

/* A message for a step: a printf format taking (const char *ARG, int NUM) as %1$s and %2$d,
 * e.g. "passed as argument %2$d to '%1$s'".  FMT must be a string literal or outlive the
 * solver. */
struct esc_msg {
  const char *fmt;
  const char *arg;
  int num;
};

/* Constraints.  LOC is where the step happens. */
void esc_addr(struct esc_solver *s, int dst, int obj, uint32_t loc, struct esc_msg msg);
void esc_copy(struct esc_solver *s, int dst, int src, uint32_t loc, struct esc_msg msg);
/* dst gets what is stored in the objects PTR points to. */
void esc_load(struct esc_solver *s, int dst, int ptr, uint32_t loc, struct esc_msg msg);
/* dst gets the bytes of what the objects PTR points to hold (a character-sized read through a
 * pointer): everything stored there, except that what a parameter's deeper memory held on
 * entry is read as its PARAM_BYTES object. */
void esc_load_bytes(struct esc_solver *s, int dst, int ptr, uint32_t loc, struct esc_msg msg);
/* dst gets what was stored as a number (or a value of unknown type) in the objects PTR points
 * to: an integer read through a pointer, which can see an address only where one was stored as
 * a number, not in a pointer stored next to it. */
void esc_load_numbers(struct esc_solver *s, int dst, int ptr, uint32_t loc, struct esc_msg msg);
/* dst gets what is stored in OBJ between bit offsets [OFF, OFF+SIZE) (SIZE < 0: anywhere). */
void esc_load_direct(struct esc_solver *s, int dst, int obj, int64_t off, int64_t size,
                     uint32_t loc, struct esc_msg msg);
/* The same for a read of a number: what was stored at that place, or as a number anywhere in
 * OBJ (not a pointer stored at an unknown place in it). */
void esc_load_direct_numbers(struct esc_solver *s, int dst, int obj, int64_t off, int64_t size,
                             uint32_t loc, struct esc_msg msg);
/* The objects PTR points to get what SRC points to: a value that may be a number (what
 * esc_load_numbers reads too), or (esc_store_pointer) one that is a pointer by its type. */
void esc_store(struct esc_solver *s, int ptr, int src, uint32_t loc, struct esc_msg msg);
void esc_store_pointer(struct esc_solver *s, int ptr, int src, uint32_t loc, struct esc_msg msg);
/* OBJ's bits [OFF, OFF+SIZE) get what SRC points to (SIZE < 0: somewhere in OBJ); POINTER as
 * for esc_store_pointer. */
void esc_store_direct(struct esc_solver *s, int obj, int64_t off, int64_t size, int src,
                      bool pointer, uint32_t loc, struct esc_msg msg);
/* The objects DST points to get everything stored in the objects SRC points to. */
void esc_copy_contents(struct esc_solver *s, int dst, int src, uint32_t loc, struct esc_msg msg);
/* Everything SRC points to escapes by ROUTE here; VIA (borrowed, may be NULL) are further steps
 * inside a callee, appended to the flow. */
void esc_sink(struct esc_solver *s, int src, enum esc_route route, uint32_t loc,
              struct esc_msg msg, const struct esc_step_list *via);
/* Marks the sink just added as ending in static storage or a return (inside a callee): what
 * escapes through it dangles when it lives on the stack. */
void esc_sink_set_dangles(struct esc_solver *s);
/* Everything stored in the objects PTR points to escapes by ROUTE. */
void esc_sink_contents(struct esc_solver *s, int ptr, enum esc_route route, uint32_t loc,
                       struct esc_msg msg, const struct esc_step_list *via);
/* What was stored as a number in any memory reachable from what PTR points to escapes by
 * ROUTE: memory handed to a callee, which may read a number there and make a pointer of it. */
void esc_sink_numbers(struct esc_solver *s, int ptr, enum esc_route route, uint32_t loc,
                      struct esc_msg msg);
/* Everything stored in OBJ escapes by ROUTE (globals, unknown memory, the return slot, and in
 * the second phase the parameters' pointees). */
void esc_object_sink(struct esc_solver *s, int obj, enum esc_route route, struct esc_msg msg);

/* While ON, the constraints added are a callee's doing, applied from its summary on the
 * function's behalf (a store it makes through an argument): an escape that ends at one of them is
 * handed on by the function, not its own (esc_object_by_callee). */
void esc_solver_by_callee(struct esc_solver *s, bool on);

/* Solves the points-to problem.  Returns 0, or -1 when out of memory.  After it, no value or
 * object can be added (esc_value and esc_object return -1). */
int esc_solve(struct esc_solver *s);

/* Computes which objects escape.  For the function's own facts (FOR_SUMMARY false), storing
 * into what a parameter points to is an escape (ESC_ROUTE_STORE) and so is being returned.
 * For its summary (FOR_SUMMARY true) neither is: callers know where their arguments point and
 * what they do with the result.  May be called again with the other setting. */
void esc_compute_escapes(struct esc_solver *s, bool for_summary);

/* An object can escape several ways (returned, and passed to a callee that keeps it).  Each
 * way is a route; route 0 names the object's verdict: the routes are ordered as
 * esc_compute_escapes found them, those that outlive the frame first, then the
 * farthest-reaching.  ROUTE arguments below index them. */
size_t esc_object_routes(const struct esc_solver *s, int obj);
enum esc_route esc_object_route_at(const struct esc_solver *s, int obj, size_t route);
/* Does that route end in static storage or a return, directly or inside a callee? */
bool esc_object_dangles_at(const struct esc_solver *s, int obj, size_t route);
/* Route 0, or ESC_ROUTE_NONE when OBJ does not escape; whether route 0 dangles. */
enum esc_route esc_object_route(const struct esc_solver *s, int obj);
bool esc_object_dangles(const struct esc_solver *s, int obj);

/* Does value V's points-to set (or object C's contents) include OBJ? */
bool esc_value_points_to(const struct esc_solver *s, int v, int obj);
bool esc_contents_include(const struct esc_solver *s, int container, int obj);
/* Calls FN for every object in V's points-to set / in CONTAINER's contents. */
void esc_value_each(const struct esc_solver *s, int v, void (*fn)(void *, int), void *ctx);
void esc_contents_each(const struct esc_solver *s, int container, void (*fn)(void *, int),
                       void *ctx);
/* Calls FN for every object stored in CONTAINER as a number (esc_load_numbers sees these). */
void esc_numbers_each(const struct esc_solver *s, int container, void (*fn)(void *, int),
                      void *ctx);

/* The flow of an escaped object: the steps from where it entered the function's values to the
 * escape point, in order.  STEP is called once per located step (a solver message) and EXTRA
 * once per already-expanded step (from a callee summary).  The final message describes the
 * escape point. */
typedef void (*esc_flow_step_fn)(void *ctx, uint32_t loc, const char *message);
typedef void (*esc_flow_extra_fn)(void *ctx, const struct esc_solver_step *step);
void esc_object_flow(const struct esc_solver *s, int obj, size_t route, esc_flow_step_fn step,
                     esc_flow_extra_fn extra, void *ctx);

/* The object OBJ escapes through by ROUTE, when it escapes because an object holding it
 * escapes; -1 otherwise. */
int esc_object_container(const struct esc_solver *s, int obj, size_t route);
/* How that container escapes (its route in the same marking), or ESC_ROUTE_NONE. */
enum esc_route esc_object_container_route(const struct esc_solver *s, int obj, size_t route);

/* Did OBJ escape by way of a closure (stored into a nested function's frame or a lambda's
 * closure object that escapes, or whose contents are copied away)? */
bool esc_object_captured(const struct esc_solver *s, int obj, size_t route);

/* Does OBJ's escape by ROUTE happen in a callee: a call that may keep it (ESC_ROUTE_CALL), or a
 * store or sink a callee's summary makes on the function's behalf? */
bool esc_object_by_callee(const struct esc_solver *s, int obj, size_t route);

/* The last (sink) message of OBJ's escape by ROUTE, formatted into BUF. */
void esc_object_reason(const struct esc_solver *s, int obj, size_t route, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* ESCINFO_SOLVER_H */
