/* hover.c - the hover on a fact's name: verdict, reason, flow, the compile it comes from and whether the file changed since. */
#include "features.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends S, escaping what markdown would take for markup when MARKDOWN. */
static void append_text(struct esc_text *b, const char *s, bool markdown)
{
  if (!s)
    return;
  if (!markdown) {
    esc_text_add(b, s, strlen(s));
    return;
  }
  for (const char *p = s; *p; p++) {
    if (strchr("\\`*_{}[]<>#|~!", *p))
      esc_text_add(b, "\\", 1);
    esc_text_add(b, p, 1);
  }
}

/* Appends S as code: `S` in markdown (with enough backticks), 'S' in plain text. */
static void append_code(struct esc_text *b, const char *s, bool markdown)
{
  if (!markdown) {
    esc_text_printf(b, "'%s'", s);
    return;
  }
  const char *fence = strchr(s, '`') ? "`` " : "`";
  const char *close = strchr(s, '`') ? " ``" : "`";
  esc_text_printf(b, "%s%s%s", fence, s, close);
}

/* The last component of PATH, for paths in this document. */
static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* Appends the verdict line of F: what happens to its subject. */
static void append_verdict(struct esc_text *b, const struct esc_fact *f, bool md)
{
  const char *name = f->name ? f->name : "?";
  char size[32];
  if (md)
    esc_text_add(b, "**", 2);
  switch (f->code) {
  case ESC_NOESCAPE:
    if (f->subject == ESC_SUBJECT_ALLOC)
      esc_text_add(b, "allocation by ", 14);
    append_code(b, name, md);
    esc_text_printf(b, " does not escape");
    break;
  case ESC_NOLEAK:
    esc_text_printf(b, "param ");
    append_code(b, name, md);
    esc_text_printf(b, " does not leak");
    break;
  case ESC_ALLOC_STACK_CANDIDATE:
    esc_text_printf(b, "allocation by ");
    append_code(b, name, md);
    esc_text_printf(b, " could live on the stack");
    break;
  case ESC_FRAME_SIZE:
    format_bytes(f->value, size);
    esc_text_printf(b, "frame of ");
    append_code(b, name, md);
    esc_text_printf(b, ": %s", f->value >= 0 ? size : "size unknown");
    break;
  case ESC_FRAME_DYNAMIC:
    esc_text_printf(b, "frame of ");
    append_code(b, name, md);
    esc_text_printf(b, " grows at run time");
    break;
  case ESC_FRAME_LARGE_LOCAL:
    format_bytes(f->value, size);
    append_code(b, name, md);
    esc_text_printf(b, " is a large local");
    if (f->value >= 0)
      esc_text_printf(b, " (%s)", size);
    break;
  default: { /* escape.*, leak.*: "escapes: return" */
    const struct esc_code_info *info = esc_code_info(f->code);
    bool leak = info && info->group == ESC_GROUP_LEAK;
    if (leak)
      esc_text_printf(b, "param ");
    else if (f->subject == ESC_SUBJECT_ALLOC)
      esc_text_printf(b, "allocation by ");
    append_code(b, name, md);
    esc_text_printf(b, " %s", info ? info->label : esc_code_name(f->code));
    if (esc_fact_dangles(f))
      esc_text_printf(b, " \xe2\x80\x94 dangling");
  }
  }
  if (md)
    esc_text_add(b, "**", 2);
}

/* Appends the N numbered steps of FLOW, a flow of LF, and an empty line. */
static void append_flow(struct esc_text *b, const struct feature_context *ctx,
                        const struct located_fact *lf, const struct esc_step *flow, size_t n,
                        bool md)
{
  if (n == 0)
    return;
  for (size_t i = 0; i < n; i++) {
    const struct esc_step *s = &flow[i];
    uint32_t line, col;
    bool here = fact_step_place(lf, s, ctx->doc, &line, &col);
    char place[64];
    snprintf(place, sizeof place, ":%u:%u", line + 1, col + 1);
    const char *file = here ? base_name(s->file) : (s->file ? s->file : "?");
    esc_text_printf(b, "%zu. ", i + 1);
    if (!s->file || !s->file[0])
      ; /* the compiler gave the step no place: its message alone */
    else if (md)
      esc_text_printf(b, "`%s%s` ", file, place);
    else
      esc_text_printf(b, "%s%s: ", file, place);
    append_text(b, s->message, md);
    esc_text_add(b, "\n", 1);
  }
  esc_text_add(b, "\n", 1);
}

/* Appends the hover section of LF. */
static void append_fact(struct esc_text *b, const struct feature_context *ctx,
                        const struct located_fact *lf, bool md)
{
  const struct esc_fact *f = &lf->fact;
  const struct esc_file_entry *e = &ctx->facts->entries[lf->entry];
  const char *code = esc_code_name(f->code);
  char when[ESC_TIME_ISO_SIZE];
  esc_time_iso(e->compile_time, when);

  append_verdict(b, f, md);
  if (md) {
    char *href = diagnostics_code_href(ctx->settings, code);
    esc_text_printf(b, " ([%s](%s))\n\n", code, href ? href : "");
    free(href);
  } else {
    esc_text_printf(b, " [%s]\n\n", code);
  }
  /* what the code means, so that the hover explains itself without the documentation */
  const struct esc_code_info *info = esc_code_info(f->code);
  if (info) {
    esc_text_printf(b, md ? "*%s*\n\n" : "%s\n\n", info->summary);
  }
  /* a client that shows the diagnostic's message and flow beside the hover gets them once */
  bool repeat = ctx->settings->hover_repeats_diagnostic || lf->suppressed
                || !settings_shows_fact(ctx->settings, f);
  if (repeat) {
    append_text(b, f->message, md);
    esc_text_add(b, "\n\n", 2);
  }
  if (repeat && f->nflow > 0) {
    esc_text_printf(b, md ? "**Flow**\n\n" : "Flow:\n");
    append_flow(b, ctx, lf, f->flow, f->nflow, md);
  }
  for (size_t r = 0; repeat && r < f->nroutes; r++) {
    const struct esc_fact_route *rt = &f->routes[r];
    bool leak = rt->code >= ESC_LEAK_RETURN && rt->code <= ESC_LEAK_UNKNOWN;
    esc_text_printf(b, md ? "**Also %s:** " : "Also %s: ", leak ? "leaks" : "escapes");
    append_text(b, rt->message, md);
    if (rt->dangling)
      esc_text_printf(b, " \xe2\x80\x94 dangling");
    esc_text_printf(b, " (");
    append_code(b, esc_code_name(rt->code), md);
    esc_text_printf(b, ")\n\n");
    append_flow(b, ctx, lf, rt->flow, rt->nflow, md);
  }
  if (f->note) {
    esc_text_printf(b, md ? "*Note:* " : "Note: ");
    append_text(b, f->note, md);
    esc_text_add(b, "\n\n", 2);
  }
  if (lf->suppressed) {
    esc_text_printf(b, md ? "*Suppressed* by the `escinfo-ignore` comment on line %u"
                          : "Suppressed by the escinfo-ignore comment on line %u",
                    lf->suppressed->line);
    if (lf->suppressed->justification) {
      esc_text_printf(b, ": ");
      append_text(b, lf->suppressed->justification, md);
    }
    esc_text_printf(b, md ? " (not shown as a diagnostic or hint).\n\n"
                          : " (not shown as a diagnostic or hint).\n\n");
  }
  if (e->analysis_only)
    esc_text_printf(b, md ? "*From the analysis (no code generation, so no frame sizes) of* "
                          : "From the analysis (no code generation, so no frame sizes) of ");
  else
    esc_text_printf(b, md ? "*From the compile of* " : "From the compile of ");
  append_code(b, e->main_file ? e->main_file : "?", md);
  esc_text_printf(b, " \xe2\x86\x92 ");
  append_code(b, e->output ? e->output : "?", md);
  esc_text_printf(b, " at %s", when);
  if (e->gcc_version)
    esc_text_printf(b, " (GCC %s)", e->gcc_version);
  esc_text_printf(b, md ? ".\n" : ".\n");
  if (ctx->facts->object) {
    esc_text_printf(b, md ? "\n*Read from the object* " : "\nRead from the object ");
    append_code(b, ctx->facts->object, md);
    esc_text_printf(b, " (compile_commands.json names it; no compile in the cache covers this "
                       "file).\n");
  }
  if (fact_set_entry_stale(ctx->facts, lf->entry, ctx->doc))
    esc_text_printf(b, "\n%sThis file changed since it was compiled at %s; facts were relocated.%s\n",
                md ? "\xe2\x9a\xa0 **" : "Warning: ", when, md ? "**" : "");
}

int hover_build(const struct feature_context *ctx, struct lsp_position pos, bool markdown,
                struct lsp_hover *out)
{
  const struct fact_set *set = ctx->facts;
  struct esc_text b;
  esc_text_init(&b);
  uint32_t byte = document_byte_of_units(ctx->doc, pos.line, pos.character, ctx->encoding);
  bool found = false;
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < set->nfacts; i++) {
    const struct located_fact *lf = &set->facts[i];
    if (lf->dropped || lf->line != pos.line || byte < lf->col || byte > lf->col + lf->len)
      continue;
    if (found)
      esc_text_printf(&b, "\n%s\n\n", markdown ? "---" : "----------");
    else
      out->range = fact_range(ctx, lf);
    found = true;
    append_fact(&b, ctx, lf, markdown);
  }
  if (!found)
    return 0;
  out->markdown = markdown;
  out->contents = esc_text_take(&b, NULL);
  return out->contents ? 1 : -1;
}
