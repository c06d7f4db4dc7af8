/* project.c - what the project-wide verbs (check, baseline, sarif) share: reading the facts under
 * the operands, printing a fact as GCC does, documentation links. */
#include "cli.h"
#include "project-facts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ESCINFO_DOCS_URL
#error "ESCINFO_DOCS_URL comes from Makefile.am (the installed docs/codes.md), through -D"
#endif

int cli_project_load(const char *dir, const struct options *o, struct esc_project *p)
{
  char err[ERR_SIZE];
  esc_project_init(p);
  if (check_cache_dir(dir, false))
    return EXIT_USAGE;
  if (esc_project_read(p, dir, o->root, o->files, (size_t)o->nfiles, warn_entry, NULL, err,
                       sizeof err)
      != 0) {
    fprintf(stderr, "escinfo: %s\n", err);
    return EXIT_USAGE;
  }
  size_t changed = 0;
  const char *first_changed = NULL;
  for (size_t i = 0; i < p->nfiles; i++) {
    const struct esc_project_file *pf = &p->files[i];
    if (pf->changed && !changed++)
      first_changed = pf->relative;
    for (size_t s = 0; s < pf->suppressions.n; s++) {
      const struct esc_suppression *sup = &pf->suppressions.v[s];
      if (sup->unknown)
        fprintf(stderr,
                "%s:%u:%u: warning: escinfo-ignore names '%s', which is no fact code or group "
                "(escinfo codes lists them)\n",
                pf->relative, sup->line, sup->column, sup->unknown);
    }
  }
  if (changed)
    fprintf(stderr,
            "escinfo: warning: %zu file%s changed since %s facts were computed ('%s'%s); build "
            "again or run escinfo scan for facts of the text now\n",
            changed, changed == 1 ? "" : "s", changed == 1 ? "its" : "their", first_changed,
            changed > 1 ? " and others" : "");
  if (p->nfiles == 0) {
    fprintf(stderr,
            "escinfo: no facts for any file under %s in cache '%s' (build with "
            "-fplugin=escinfo.so or run escinfo scan first)\n",
            o->nfiles ? "the paths given" : p->root, dir);
    return EXIT_USAGE;
  }
  return 0;
}

static void print_steps(const struct esc_project *p, const struct esc_step *flow, size_t n)
{
  for (size_t i = 0; i < n; i++)
    printf("%s:%u:%u: note:   %zu. %s\n", esc_project_relative(p, flow[i].file), flow[i].line,
           flow[i].column, i + 1, flow[i].message);
}

void cli_print_fact(const struct esc_project *p, const char *level,
                    const struct esc_project_fact *pfact, bool flow)
{
  const struct esc_fact *f = pfact->fact;
  const char *file = p->files[pfact->file].relative;
  printf("%s:%u:%u: %s: %s [escinfo:%s]\n", file, f->line, f->column, level, f->message,
         esc_code_name(f->code));
  if (flow)
    print_steps(p, f->flow, f->nflow);
  for (size_t r = 0; r < f->nroutes; r++) {
    const struct esc_fact_route *rt = &f->routes[r];
    printf("%s:%u:%u: note:   also %s%s [escinfo:%s]\n", file, f->line, f->column, rt->message,
           rt->dangling ? " (dangles)" : "", esc_code_name(rt->code));
    if (flow)
      print_steps(p, rt->flow, rt->nflow);
  }
  if (f->note)
    printf("%s:%u:%u: note:   %s\n", file, f->line, f->column, f->note);
}

char *cli_docs_link(const char *docs_url, const char *anchor)
{
  const char *base = docs_url ? docs_url : ESCINFO_DOCS_URL;
  size_t n = strlen(base) + strlen(anchor) + 2;
  char *link = malloc(n);
  if (link)
    snprintf(link, n, "%s%s%s", base, strchr(base, '#') ? "" : "#", anchor);
  return link;
}

int cli_write_output(const char *path, const char *text, size_t len)
{
  if (!path || strcmp(path, "-") == 0) {
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
      fprintf(stderr, "escinfo: cannot write the output: %s\n", strerror(errno));
      return 1;
    }
    return 0;
  }
  size_t n = strlen(path) + 16;
  char *tmp = malloc(n);
  if (!tmp)
    return out_of_memory();
  snprintf(tmp, n, "%s.tmp-XXXXXX", path);
  int fd = mkstemp(tmp);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  int rc = 0;
  if (!f || fwrite(text, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0) {
    fprintf(stderr, "escinfo: cannot write '%s': %s\n", path, strerror(errno));
    rc = 1;
  }
  if (f)
    fclose(f);
  else if (fd >= 0)
    close(fd);
  if (rc == 0 && fd >= 0) {
    fchmod(fd, 0644); /* mkstemp's 0600 is not what a file under version control wants */
    chmod(tmp, 0644);
  }
  if (rc == 0 && rename(tmp, path) != 0) {
    fprintf(stderr, "escinfo: cannot write '%s': %s\n", path, strerror(errno));
    rc = 1;
  }
  if (rc != 0 && fd >= 0)
    unlink(tmp);
  free(tmp);
  return rc;
}

int cli_parse_filter(const char *option, const char *value, struct esc_fact_filter *f)
{
  char bad[128];
  if (esc_fact_filter_parse(f, value, bad, sizeof bad) == 0)
    return 0;
  fprintf(stderr,
          "escinfo: bad value '%s' for %s: '%s' is no fact code, group (escape.*) or "
          "'dangling'\nTry 'escinfo codes' for the codes.\n",
          value, option, bad);
  return EXIT_USAGE;
}

int cli_lines_index(struct cli_lines *li, const char *text, size_t len)
{
  size_t n = 1;
  for (size_t i = 0; i < len; i++)
    n += text[i] == '\n';
  li->n = 0;
  if (!(li->start = malloc(n * sizeof *li->start)))
    return -1;
  li->start[li->n++] = 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n')
      li->start[li->n++] = i + 1;
  return 0;
}

long cli_column_units(const struct cli_lines *li, const char *text, size_t len, unsigned line,
                      unsigned column, bool utf16)
{
  if (!text || !li->start || line == 0 || line > li->n || column == 0)
    return -1;
  size_t start = li->start[line - 1], end = start + column - 1;
  long units = 0;
  for (size_t i = start; i < end && i < len && text[i] != '\n'; i++) {
    unsigned char c = (unsigned char)text[i];
    if ((c & 0xC0) != 0x80)
      units += utf16 && c >= 0xF0 ? 2 : 1;
  }
  return units;
}
