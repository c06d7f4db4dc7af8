/* filestatus.c - what is known of a document's facts as a whole: fresh or stale, from which compile, how many of each freshness. */
#include "features.h"

#include <string.h>

void file_status_build(const struct feature_context *ctx, struct file_status *out)
{
  const struct fact_set *set = ctx->facts;
  bool stale = false, unknown = false;
  memset(out, 0, sizeof *out);
  out->entries = set->nentries;
  out->entry = set->nentries ? &set->entries[0] : NULL;
  for (size_t e = 0; e < set->nentries; e++) {
    if (!set->entries[e].hash[0])
      unknown = true;
    else if (fact_set_entry_stale(set, e, ctx->doc))
      stale = true;
  }
  for (size_t i = 0; i < set->nfacts; i++) {
    const struct located_fact *lf = &set->facts[i];
    if (lf->dropped) {
      out->dropped++;
      continue;
    }
    out->facts++;
    out->by_freshness[fact_freshness(set, lf, ctx->doc)]++;
    if (lf->suppressed)
      out->suppressed++;
    else if (settings_shows_fact(ctx->settings, &lf->fact))
      out->shown++;
  }
  out->problem = ctx->cache_problem;
  out->analysis_error = ctx->analysis_error;
  out->analysis_off = ctx->analysis_off;
  out->analysis = ctx->analysing ? "running" : ctx->analysis_error ? "failed"
                  : ctx->analysis_off ? "off" : NULL;
  if (ctx->cache_problem)
    out->state = "error";
  else if (set->nentries == 0)
    out->state = "no-facts";
  else if (stale)
    out->state = "stale";
  else if (unknown)
    out->state = "unknown";
  else
    out->state = "fresh";
}
