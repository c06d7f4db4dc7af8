/* analysis.h - what the escape analysis's files share: the per-function state, summaries,
 * and the functions each file offers the others.  Internal to gccplugin/. */
#ifndef ESCINFO_ANALYSIS_H
#define ESCINFO_ANALYSIS_H

namespace escan {

/* New memory a function hands back: heap blocks it allocates, returned or stored into a
 * parameter's pointee.  The caller models it as one new block per call. */
struct new_memory {
  bool present = false;
  bool kept = false, kept_dangles = false; /* the function keeps it elsewhere too (in static
                                              storage) */
  bool holds_unknown = false;              /* it holds pointers of unknown origin */
  bool holds_numbers = false;              /* it holds addresses stored as numbers */
  std::vector<int> params;   /* parameters j whose pointees it holds */
  std::vector<int> contents; /* parameters j whose pointees' pointees it holds */
};

/* What a function does with one parameter (or its static chain), in plain data. */
struct param_summary {
  enum esc_route route;          /* the parameter's own escape, ESC_ROUTE_NONE if none */
  bool dangles;                  /* that escape ends in static storage */
  bool content_dangles;
  struct esc_step_list flow;     /* its steps inside the callee */
  enum esc_route content_route;  /* escape of what is reachable from it */
  struct esc_step_list content_flow;
  enum esc_route bytes_route;    /* escape of addresses read a byte at a time two or more levels
                                    below it */
  bool bytes_dangles;
  bool bytes_returned;
  enum esc_route numbers_route;  /* escape of addresses the caller stored as numbers in memory
                                    reachable from it (read back by their type) */
  bool numbers_dangles;
  bool numbers_returned;
  bool opaque;                   /* a number too narrow for an address: not followed, so what a
                                    caller passes there escapes at the call */
  bool returned;
  bool content_returned;
  bool receives_unknown;         /* the callee stores pointers of unknown origin into *param */
  std::vector<int> numbers_stored_here; /* params j stored into *this param as numbers */
  std::vector<int> numbers_copied_here; /* params j whose caller's numbers are stored here */
  std::vector<int> content_numbers_here; /* params j (this one too) whose pointees' contents
                                            are stored here as numbers */
  std::vector<int> bytes_copied_here;   /* params j whose bytes two levels down are stored
                                           here */
  std::vector<int> stored_here;         /* params j with param j stored into *this param */
  std::vector<int> content_stored_here; /* params j with *param j copied into *this param */
  std::vector<int> deep_stored_here;    /* params j stored two or more levels below this one */
  new_memory receives;           /* new memory stored into *param */
  bool acts = true;              /* any of the above: a call has something to apply (set by
                                    set_summary) */
};

struct fn_summary {
  /* DECL_ARGUMENTS order (NNAMED of them), then the static chain of a nested function, then
   * "the anonymous arguments" of a variadic function, all of them as one. */
  std::vector<param_summary> params;
  size_t nnamed;
  bool has_chain, variadic;
  bool returns_unknown;
  new_memory returns;            /* new memory the result may point to */
};

struct alloc_site {
  int obj;
  gcall *call;
  const char *name;
  bool is_alloca;
  bool fixed_size;      /* may become a stack candidate */
  HOST_WIDE_INT bytes;  /* when fixed_size */
  tree vla;             /* the user's VLA when this alloca implements one */
};

struct local_subject {
  tree decl;   /* the user's variable; NULL when GCC dropped it before GIMPLE (see generic.cc) */
  int obj;
  const char *name;
  location_t loc; /* its declaration */
  const char *what; /* how messages name it, when not "'NAME'" (a temporary bound to a
                       reference) */
};

struct fn_ctx {
  function *fun;
  tree fndecl;
  const char *fname;
  struct esc_solver *s;
  std::vector<int> ssa_values;
  std::unordered_map<unsigned, int> decl_objs;
  std::vector<char *> arena; /* the names the solver borrows, in chunks */
  char *arena_pos = NULL;    /* the free end of the last chunk */
  size_t arena_left = 0;     /* and its size */
  ~fn_ctx()
  {
    for (char *chunk : arena)
      XDELETEVEC(chunk);
  }
  int nonlocal;
  int nonlocal_ptr;
  int result_slot_ptr; /* a C++ result returned through the caller's object: its address (-1) */
  int ret_value;
  std::vector<int> param_objs, param_content_objs, param_values; /* fn_summary's order */
  std::vector<int> param_bytes_objs, param_numbers_objs;
  int chain_index, va_index;     /* the static chain's, the anonymous arguments' (-1: none) */
  std::vector<alloc_site> allocs;
  std::vector<local_subject> locals;
  auto_bitmap addressed; /* DECL_UIDs whose address is taken */
  std::vector<bool> reachable; /* by basic block index: can it run? (reachable.cc) */
  std::vector<bool> numbers_followed; /* by SSA version: a number that matters
                                         (number_uses.cc) */
  std::vector<std::pair<gimple *, int>> frees; /* free/delete calls and their argument value */
  std::vector<int> by_reference; /* values captured by reference (a lambda's [&x], a nested
                                    function's frame) */
  std::vector<std::pair<tree, tree>> bound_temporaries; /* (temporary, the reference bound to
                                                           it) */
};

/* How a read of memory sees what is stored there.  A read of a number by its own type (not a
 * character, not through a union, a reinterpretation or a byte copy) sees the numbers stored
 * there, not the pointers stored next to them: reading a pointer by an integer's type is not
 * allowed in C (GCC's type-based aliasing relies on it).  A read of a character sees the bytes
 * of whatever is there, unless it reads a field that holds no pointer by its type (a char
 * array in a struct).  Anything else sees everything. */
enum read_kind { READ_ALL, READ_NUMBERS, READ_BYTES };

/* constraints.cc */
const char *keep(fn_ctx *c, const std::string &s);
const char *keep_parts(fn_ctx *c, const char *a, const char *b = "", const char *d = "");
bool is_number_type(tree type);
struct esc_msg msg(const char *fmt, const char *arg = NULL, int num = 0);
const char *decl_name(tree decl);
const char *function_name(tree fndecl);
const char *user_name(tree decl);
bool is_lambda_closure_type(tree type);
bool is_nested_frame(tree decl);
int object_for_decl(fn_ctx *c, tree decl);
int ssa_value(fn_ctx *c, tree name);
void note_addresses(fn_ctx *c, gimple *stmt);
void do_assign(fn_ctx *c, gassign *stmt);
void do_phi(fn_ctx *c, gphi *phi);
void do_return(fn_ctx *c, greturn *ret);
void do_asm(fn_ctx *c, gasm *stmt);
int merge(fn_ctx *c, const std::vector<int> &vals);
int value_of(fn_ctx *c, tree t, location_t loc);
void assign_to(fn_ctx *c, tree lhs, int src, location_t loc);
bool may_carry_address(tree type);

/* calls.cc */
void do_call(fn_ctx *c, gcall *call);

/* number_uses.cc: finds the numbers that matter; is T (an operand) a number that does not? */
void find_numbers_followed(fn_ctx *c);
bool number_ignored(fn_ctx *c, tree t);

/* atomics.cc: applies an atomic builtin's loads and stores; false when CALL is not one.
 * RESULTS gets what it returns. */
bool apply_atomic(fn_ctx *c, gcall *call, const char *callee, const std::vector<int> &args,
                  std::vector<int> &results);

/* generic.cc */
struct generic_walk {
  tree fndecl;
  hash_set<tree> shared; /* the nodes met that may be shared (note_generic) */
};
tree note_generic(tree *tp, int *walk_subtrees, void *data);
bool is_compound_literal(tree decl);
void apply_nulled_returns(fn_ctx *c, const std::vector<tree> &vars,
                          const std::vector<tree> &parms);
void note_source_addresses(fn_ctx *c);
void clear_generic_notes(void);

/* summaries.cc */
void free_summary(fn_summary *sum);
bool same_summary(const fn_summary *a, const fn_summary *b);
fn_summary *summarise(fn_ctx *c);
void set_summary(tree fndecl, fn_summary *sum);
fn_summary *get_summary(tree fndecl);
void clear_summaries(void);

/* verdicts.cc */
void flow_step(void *ctx, uint32_t loc, const char *message);
void flow_extra(void *ctx, const struct esc_solver_step *st);
void report_allocs(fn_ctx *c);
void report_frame(fn_ctx *c, const std::vector<tree> &vars);
/* generic.cc: the constant initializer a const local had in GENERIC (false: none). */
bool const_initializer(tree var, HOST_WIDE_INT *value);
/* reachable.cc: the blocks that can run, the same at every -O level; a const integral
 * variable the front end folds when optimizing. */
bool is_folded_const(tree var);
void find_reachable_blocks(fn_ctx *c);
bool block_reachable(fn_ctx *c, basic_block bb);
void report_locals(fn_ctx *c, const std::vector<tree> &vars);
void report_params(fn_ctx *c);

} // namespace escan

#endif /* ESCINFO_ANALYSIS_H */
