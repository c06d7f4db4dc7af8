/* settings.c - the server's settings: defaults, and reading them from initializationOptions and didChangeConfiguration. */
#include "settings.h"

#include "log.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The base of the documentation links: the installed docs/codes.md (the build passes its path),
 * so that they work offline. */
#ifndef ESCINFO_DOCS_URL
#error "ESCINFO_DOCS_URL comes from Makefile.am (the installed docs/codes.md), through -D"
#endif
#define DEFAULT_DOCS_URL ESCINFO_DOCS_URL

/* Codes that are diagnostics unless the settings say otherwise: not the "nothing to see" ones
 * (the code table's choice). */
static bool shown_by_default(enum esc_code code)
{
  return esc_code_info(code)->shown;
}

int settings_init(struct lsp_settings *s)
{
  memset(s, 0, sizeof *s);
  for (int c = 0; c < ESC_CODE_COUNT; c++)
    s->show_code[c] = shown_by_default((enum esc_code)c);
  s->detail = DETAIL_NORMAL;
  s->inlay_hints = true;
  for (int k = 0; k < INLAY_KIND_COUNT; k++)
    s->inlay_kind[k] = true;
  s->no_facts_notice = true;
  s->hover_repeats_diagnostic = true;
  s->code_lens = true;
  s->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
  s->watch_method = WATCH_AUTO;
  s->analyze_on_save = true;
  s->max_jobs = DEFAULT_MAX_JOBS;
  s->docs_url = esc_strdup(DEFAULT_DOCS_URL);
  return s->docs_url ? 0 : -1;
}

void settings_free(struct lsp_settings *s)
{
  free(s->cache_directory);
  free(s->docs_url);
  free(s->compile_commands);
  free(s->plugin);
  memset(s, 0, sizeof *s);
}

/* Logs that setting NAME was skipped and why; returns 1 (one problem). */
static int skipped(const char *name, const char *why)
{
  log_warn("setting '%s' ignored: %s", name, why);
  return 1;
}

/* Replaces the string *SLOT by VALUE (a JSON string, or null for "unset"). */
static int set_string(char **slot, const char *name, const json_t *value)
{
  if (json_is_null(value)) {
    free(*slot);
    *slot = NULL;
    return 0;
  }
  if (!json_is_string(value))
    return skipped(name, "should be a string");
  char *copy = esc_strdup(json_string_value(value));
  if (!copy)
    return skipped(name, "out of memory");
  free(*slot);
  *slot = copy;
  return 0;
}

/* The set_* functions apply one setting NAME from VALUE (borrowed).  Each returns the number of
 * problems (0 when the value was taken), having logged them; on a problem the old value stays. */

static int set_bool(bool *slot, const char *name, const json_t *value)
{
  if (!json_is_boolean(value))
    return skipped(name, "should be true or false");
  *slot = json_is_true(value);
  return 0;
}

/* "escape.*" matches every code starting with "escape."; other patterns match one code. */
static bool code_matches(const char *pattern, enum esc_code code)
{
  const char *name = esc_code_name(code);
  size_t n = strlen(pattern);
  if (n >= 2 && strcmp(pattern + n - 2, ".*") == 0)
    return strncmp(name, pattern, n - 1) == 0;
  return strcmp(name, pattern) == 0;
}

static int set_codes(struct lsp_settings *s, const json_t *value)
{
  size_t i;
  json_t *item;
  int problems = 0;
  bool show[ESC_CODE_COUNT] = { false };
  if (json_is_null(value)) {
    for (int c = 0; c < ESC_CODE_COUNT; c++)
      s->show_code[c] = shown_by_default((enum esc_code)c);
    s->codes_set = false;
    return 0;
  }
  if (!json_is_array(value))
    return skipped("codes", "should be a list of fact codes");
  s->codes_set = true;
  json_array_foreach(value, i, item) {
    bool any = false;
    if (!json_is_string(item)) {
      problems += skipped("codes", "holds something that is not a string");
      continue;
    }
    for (int c = 0; c < ESC_CODE_COUNT; c++)
      if (code_matches(json_string_value(item), (enum esc_code)c))
        any = show[c] = true;
    if (!any) {
      log_warn("setting 'codes': unknown code '%s'", json_string_value(item));
      problems++;
    }
  }
  memcpy(s->show_code, show, sizeof show);
  return problems;
}

/* The lsp_severity NAME stands for, or 0 when it names none. */
static int severity_from_name(const char *name)
{
  static const struct {
    const char *name;
    enum lsp_severity severity;
  } names[] = {
    { "error", LSP_SEVERITY_ERROR },     { "warning", LSP_SEVERITY_WARNING },
    { "warn", LSP_SEVERITY_WARNING },    { "information", LSP_SEVERITY_INFORMATION },
    { "info", LSP_SEVERITY_INFORMATION }, { "hint", LSP_SEVERITY_HINT },
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp(name, names[i].name) == 0)
      return names[i].severity;
  return 0;
}

static int set_severities(struct lsp_settings *s, const json_t *value)
{
  const char *key;
  json_t *v;
  int problems = 0;
  if (json_is_null(value)) {
    memset(s->severity, 0, sizeof s->severity);
    s->dangling_severity = s->no_facts_severity = 0;
    return 0;
  }
  if (!json_is_object(value))
    return skipped("severity", "should map codes to \"error\", \"warning\", \"information\" or \"hint\"");
  json_object_foreach((json_t *)value, key, v) {
    int sev = json_is_string(v) ? severity_from_name(json_string_value(v)) : 0;
    int code = esc_code_from_name(key);
    if (!sev) {
      log_warn("setting 'severity.%s' ignored: should be \"error\", \"warning\", \"information\" or \"hint\"", key);
      problems++;
    } else if (code >= 0) {
      s->severity[code] = sev;
    } else if (strcmp(key, "dangling") == 0) {
      s->dangling_severity = sev;
    } else if (strcmp(key, "escinfo.no-facts") == 0) {
      s->no_facts_severity = sev;
    } else {
      log_warn("setting 'severity': unknown code '%s'", key);
      problems++;
    }
  }
  return problems;
}

static int set_inlay_hints(struct lsp_settings *s, const json_t *value)
{
  static const char *const kinds[INLAY_KIND_COUNT] = {
    [INLAY_ESCAPES] = "escapes",         [INLAY_LEAKS] = "leaks",
    [INLAY_NON_ESCAPING] = "nonEscaping", [INLAY_ALLOCATIONS] = "allocations",
    [INLAY_FRAMES] = "frames",
  };
  const char *key;
  json_t *v;
  int problems = 0;
  if (json_is_boolean(value))
    return set_bool(&s->inlay_hints, "inlayHints", value);
  if (!json_is_object(value))
    return skipped("inlayHints", "should be true, false or an object of kinds");
  s->inlay_hints = true;
  json_object_foreach((json_t *)value, key, v) {
    int k = 0;
    while (k < INLAY_KIND_COUNT && strcmp(kinds[k], key) != 0)
      k++;
    if (strcmp(key, "enabled") == 0)
      problems += set_bool(&s->inlay_hints, "inlayHints.enabled", v);
    else if (k == INLAY_KIND_COUNT)
      problems += skipped(key, "unknown kind of inlay hint (escapes, leaks, nonEscaping, allocations, frames)");
    else
      problems += set_bool(&s->inlay_kind[k], key, v);
  }
  return problems;
}

static int set_poll_interval(struct lsp_settings *s, const json_t *value)
{
  if (!json_is_integer(value) || json_integer_value(value) < MIN_POLL_INTERVAL_MS
      || json_integer_value(value) > 3600 * 1000)
    return skipped("pollInterval", "should be milliseconds, from 50 to 3600000");
  s->poll_interval_ms = (unsigned)json_integer_value(value);
  return 0;
}

static int set_watch_method(struct lsp_settings *s, const json_t *value)
{
  const char *v = json_string_value(value);
  if (v && strcmp(v, "auto") == 0)
    s->watch_method = WATCH_AUTO;
  else if (v && strcmp(v, "poll") == 0)
    s->watch_method = WATCH_POLL;
  else
    return skipped("watchMethod", "should be \"auto\" or \"poll\"");
  return 0;
}

static int set_detail(struct lsp_settings *s, const json_t *value)
{
  const char *v = json_string_value(value);
  if (json_is_null(value) || (v && strcmp(v, "normal") == 0))
    s->detail = DETAIL_NORMAL;
  else if (v && strcmp(v, "quiet") == 0)
    s->detail = DETAIL_QUIET;
  else if (v && strcmp(v, "all") == 0)
    s->detail = DETAIL_ALL;
  else
    return skipped("detail", "should be \"quiet\", \"normal\" or \"all\"");
  return 0;
}

static int set_max_jobs(struct lsp_settings *s, const json_t *value)
{
  if (json_is_null(value)) {
    s->max_jobs = DEFAULT_MAX_JOBS;
    return 0;
  }
  if (!json_is_integer(value) || json_integer_value(value) < 1
      || json_integer_value(value) > MAX_MAX_JOBS)
    return skipped("maxJobs", "should be a number of compiles, from 1 to 64");
  s->max_jobs = (unsigned)json_integer_value(value);
  return 0;
}

static int set_docs_url(struct lsp_settings *s, const json_t *value)
{
  if (json_is_null(value)) {
    char *d = esc_strdup(DEFAULT_DOCS_URL);
    if (!d)
      return skipped("docsUrl", "out of memory");
    free(s->docs_url);
    s->docs_url = d;
    return 0;
  }
  return set_string(&s->docs_url, "docsUrl", value);
}

/* Applies one member NAME = VALUE.  Returns the number of problems. */
static int apply_member(struct lsp_settings *s, const char *name, const json_t *value)
{
  if (strncmp(name, "escinfo.", 8) == 0)
    name += 8;
  if (strcmp(name, "cacheDirectory") == 0)
    return set_string(&s->cache_directory, name, value);
  if (strcmp(name, "codes") == 0)
    return set_codes(s, value);
  if (strcmp(name, "showNonEscaping") == 0)
    return set_bool(&s->show_non_escaping, name, value);
  if (strcmp(name, "inlayHints") == 0)
    return set_inlay_hints(s, value);
  if (strcmp(name, "severity") == 0)
    return set_severities(s, value);
  if (strcmp(name, "noFactsNotice") == 0)
    return set_bool(&s->no_facts_notice, name, value);
  if (strcmp(name, "showByCallee") == 0) {
    s->by_callee_set = !json_is_null(value);
    return json_is_null(value) ? (s->show_by_callee = false, 0)
                               : set_bool(&s->show_by_callee, name, value);
  }
  if (strcmp(name, "detail") == 0)
    return set_detail(s, value);
  if (strcmp(name, "hoverRepeatsDiagnostic") == 0)
    return set_bool(&s->hover_repeats_diagnostic, name, value);
  if (strcmp(name, "codeLens") == 0)
    return set_bool(&s->code_lens, name, value);
  if (strcmp(name, "docsUrl") == 0)
    return set_docs_url(s, value);
  if (strcmp(name, "pollInterval") == 0)
    return set_poll_interval(s, value);
  if (strcmp(name, "watchMethod") == 0)
    return set_watch_method(s, value);
  if (strcmp(name, "workspaceTrusted") == 0)
    return set_bool(&s->workspace_trusted, name, value);
  if (strcmp(name, "analyzeOnSave") == 0)
    return set_bool(&s->analyze_on_save, name, value);
  if (strcmp(name, "analyzeOnOpen") == 0)
    return set_bool(&s->analyze_on_open, name, value);
  if (strcmp(name, "compileCommands") == 0)
    return set_string(&s->compile_commands, name, value);
  if (strcmp(name, "maxJobs") == 0)
    return set_max_jobs(s, value);
  if (strcmp(name, "plugin") == 0)
    return set_string(&s->plugin, name, value);
  return skipped(name, "unknown setting");
}

int settings_apply(struct lsp_settings *s, const json_t *config)
{
  const char *key;
  json_t *value;
  int problems = 0;
  if (!config || json_is_null(config))
    return 0;
  if (!json_is_object(config))
    return skipped("(settings)", "should be an object");
  json_t *ours = json_object_get(config, "escinfo");
  if (json_is_object(ours))
    config = ours;
  else if (ours && !json_is_null(ours))
    return skipped("escinfo", "should be an object");
  json_object_foreach((json_t *)config, key, value) problems += apply_member(s, key, value);
  return problems;
}

bool settings_shows(const struct lsp_settings *s, enum esc_code code)
{
  if ((unsigned)code >= ESC_CODE_COUNT)
    return false;
  if (s->show_non_escaping && (code == ESC_NOESCAPE || code == ESC_NOLEAK))
    return true;
  if (!s->codes_set && s->detail == DETAIL_ALL)
    return true;
  return s->show_code[code];
}

bool settings_shows_fact(const struct lsp_settings *s, const struct esc_fact *fact)
{
  const struct esc_code_info *info = esc_code_info(fact->code);
  bool by_callee = s->by_callee_set ? s->show_by_callee : s->detail == DETAIL_ALL;
  if (fact->by_callee && info && info->group == ESC_GROUP_LEAK && !by_callee)
    return false;
  /* quiet: what a programmer must act on, a dangling address or a frame that may overflow */
  if (!s->codes_set && s->detail == DETAIL_QUIET && !esc_fact_dangles(fact)
      && fact->code != ESC_FRAME_LARGE_LOCAL)
    return false;
  return settings_shows(s, fact->code);
}

bool settings_inlay(const struct lsp_settings *s, const struct esc_fact *fact)
{
  const struct esc_code_info *info = esc_code_info(fact->code);
  return info && s->inlay_hints && settings_shows_fact(s, fact) && s->inlay_kind[info->group];
}

enum lsp_severity settings_severity(const struct lsp_settings *s, const struct esc_fact *fact)
{
  if ((unsigned)fact->code < ESC_CODE_COUNT && s->severity[fact->code])
    return (enum lsp_severity)s->severity[fact->code];
  if (esc_fact_dangles(fact))
    return s->dangling_severity ? (enum lsp_severity)s->dangling_severity : LSP_SEVERITY_WARNING;
  const struct esc_code_info *info = esc_code_info(fact->code);
  switch (info ? info->severity : ESC_SEVERITY_HINT) {
  case ESC_SEVERITY_WARNING: return LSP_SEVERITY_WARNING;
  case ESC_SEVERITY_INFORMATION: return LSP_SEVERITY_INFORMATION;
  default: return LSP_SEVERITY_HINT;
  }
}

enum lsp_severity settings_no_facts_severity(const struct lsp_settings *s)
{
  return s->no_facts_severity ? (enum lsp_severity)s->no_facts_severity : LSP_SEVERITY_INFORMATION;
}
