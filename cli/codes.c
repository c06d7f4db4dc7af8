/* codes.c - escinfo codes: the code table (fact.h), as text or JSON. */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- codes -------------------------------------------------------------------------------- */

static const char *const group_names[ESC_GROUP_COUNT] = {
  [ESC_GROUP_ESCAPE] = "escape", [ESC_GROUP_LEAK] = "leak",
  [ESC_GROUP_NON_ESCAPING] = "non-escaping", [ESC_GROUP_ALLOCATION] = "allocation",
  [ESC_GROUP_FRAME] = "frame",
};
static const char *const severity_names[] = {
  [ESC_SEVERITY_HINT] = "hint", [ESC_SEVERITY_INFORMATION] = "information",
  [ESC_SEVERITY_WARNING] = "warning",
};

/* The code table (fact.h), as readers use it. */
int run_codes(const char *dir, const struct options *o)
{
  (void)dir;
  json_t *all = o->json ? json_array() : NULL;
  if (o->json && !all)
    return out_of_memory();
  for (int c = 0; c < ESC_CODE_COUNT; c++) {
    const struct esc_code_info *info = esc_code_info((enum esc_code)c);
    if (!all) {
      printf("%-22s %-13s %-12s %-6s %s\n", info->name, group_names[info->group],
             severity_names[info->severity], info->shown ? "shown" : "hidden", info->summary);
      continue;
    }
    char docs[128];
    snprintf(docs, sizeof docs, "docs/codes.md#%s", info->anchor);
    json_t *row = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "code", info->name, "group",
                            group_names[info->group], "severity", severity_names[info->severity],
                            "shown", info->shown, "label", info->label, "summary", info->summary,
                            "docs", docs);
    if (!row || json_array_append_new(all, row) != 0) {
      json_decref(all);
      return out_of_memory();
    }
  }
  if (all) {
    char *text = json_dumps(all, JSON_INDENT(2));
    json_decref(all);
    if (!text)
      return out_of_memory();
    puts(text);
    free(text);
  }
  return 0;
}

