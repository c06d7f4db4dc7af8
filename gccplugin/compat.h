/* compat.h - every GCC internal header the plugin uses, and every difference between the GCC
 * versions it supports (11 and 12).  The analysis files include only this and contain no
 * #if on GCC's version. */
#ifndef ESCINFO_COMPAT_H
#define ESCINFO_COMPAT_H

#define INCLUDE_STRING
#define INCLUDE_VECTOR
#define INCLUDE_MAP
#define INCLUDE_SET
#define INCLUDE_ALGORITHM
#include <unordered_map> /* GCC's system.h offers no INCLUDE_ for it before GCC 13 */
#include "bversion.h"
#include "gcc-plugin.h"
#include "tree.h"
#include "tree-pass.h"
#include "context.h"
#include "function.h"
#include "basic-block.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "gimple-walk.h"
#include "ssa.h"
#include "tree-ssa-alias.h"
#include "tree-dfa.h"
#include "cgraph.h"
#include "ipa-utils.h"
#include "diagnostic.h"
#include "output.h"
#include "calls.h"
#include "internal-fn.h"
#include "langhooks.h"
#include "toplev.h"
#include "opts.h"
#include "stringpool.h"
#include "attribs.h"
#include "tree-cfg.h"
#include "tree-eh.h"

#if BUILDING_GCC_VERSION < 11000 || BUILDING_GCC_VERSION >= 13000
#warning "escinfo is developed against GCC 11 and 12; other versions are untested"
#endif

/* What a call may do with its argument, in the terms escinfo uses.  GCC 12 split the EAF
 * flags into direct and indirect halves and added the "not returned" bits; GCC 11 has only
 * NOESCAPE/NODIRECTESCAPE/UNUSED and no return information (so: may be returned). */
struct esc_arg_effects {
  bool no_direct_escape;   /* the pointer itself is not kept */
  bool no_indirect_escape; /* nothing reachable from it is kept */
  bool not_returned;       /* the pointer is not returned */
  bool content_not_returned; /* nothing reachable from it is returned */
};

static inline struct esc_arg_effects
esc_arg_effects_from_flags (int flags)
{
  struct esc_arg_effects e;
#if BUILDING_GCC_VERSION >= 12000
  e.no_direct_escape = (flags & (EAF_NO_DIRECT_ESCAPE | EAF_UNUSED)) != 0;
  e.no_indirect_escape = (flags & (EAF_NO_INDIRECT_ESCAPE | EAF_UNUSED)) != 0;
  e.not_returned = (flags & (EAF_NOT_RETURNED_DIRECTLY | EAF_UNUSED)) != 0;
  e.content_not_returned = (flags & (EAF_NOT_RETURNED_INDIRECTLY | EAF_UNUSED)) != 0;
#else
  e.no_direct_escape = (flags & (EAF_NOESCAPE | EAF_NODIRECTESCAPE | EAF_UNUSED)) != 0;
  e.no_indirect_escape = (flags & (EAF_NOESCAPE | EAF_UNUSED)) != 0;
  e.not_returned = (flags & EAF_UNUSED) != 0;
  e.content_not_returned = (flags & EAF_UNUSED) != 0;
#endif
  return e;
}

/* Builtins that look at their pointer arguments without keeping them (prefetch hints, object
 * sizes); __builtin_dynamic_object_size is new in GCC 12. */
static inline bool
esc_builtin_keeps_nothing (enum built_in_function code)
{
  switch (code)
    {
    case BUILT_IN_PREFETCH:
    case BUILT_IN_OBJECT_SIZE:
#if BUILDING_GCC_VERSION >= 12000
    case BUILT_IN_DYNAMIC_OBJECT_SIZE:
#endif
      return true;
    default:
      return false;
    }
}

/* The source file's name as GCC's driver passed it. */
static inline const char *
esc_main_input_filename (void)
{
  return main_input_filename;
}

/* A location's expansion point and its presence in a system header. */
static inline bool
esc_in_system_header (location_t loc)
{
  return in_system_header_at (loc);
}

#endif /* ESCINFO_COMPAT_H */
