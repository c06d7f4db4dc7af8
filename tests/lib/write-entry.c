/* write-entry.c - test helper: builds a cache entry from a tab-separated spec on stdin and writes it with esc_cache_write. */
#include "cache.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The spec, one directive per line, fields separated by tabs ('#' lines are comments):
 *   main PATH | output PATH | cwd PATH | language L | time SECONDS | arg ARG
 *   producer TEXT | gcc VERSION
 *   source PATH                    hash and size read from the file now
 *   source-hash PATH HASH SIZE     given as is (HASH "null" for none)
 *   fact SUBJECT CODE NAME FUNCTION FILE LINE COLUMN MESSAGE
 *   spelling FILE LINE COLUMN | dangling | note TEXT | value N | step FILE LINE COLUMN MESSAGE
 *                                  these apply to the last fact
 *   route CODE DANGLING MESSAGE    another route of the last fact (DANGLING "yes" or "no")
 *   route-step FILE LINE COLUMN MESSAGE   a step of the last route
 *   synthetic N                    N noescape facts in the main file, each with two flow steps */

#define MAX_FIELDS 10

static const char usage[] = "usage: write-entry [--print] [--repeat=N] [DIR] < SPEC\n";

static void die(const char *what, const char *detail)
{
  fprintf(stderr, "write-entry: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

static void *checked(void *p)
{
  if (!p)
    die("out of memory", NULL);
  return p;
}

static long long number(const char *s)
{
  char *end;
  errno = 0;
  long long n = strtoll(s, &end, 10);
  if (errno || end == s || *end)
    die("not a number", s);
  return n;
}

static unsigned line_number(const char *s)
{
  long long n = number(s);
  if (n < 0 || n > UINT_MAX)
    die("line or column out of range", s);
  return (unsigned)n;
}

/* Splits LINE in place at tabs.  Returns the number of fields. */
static int split(char *line, char *fields[MAX_FIELDS])
{
  int n = 0;
  line[strcspn(line, "\n")] = '\0';
  fields[n++] = line;
  for (char *p = line; (p = strchr(p, '\t')) && n < MAX_FIELDS; p++) {
    *p = '\0';
    fields[n++] = p + 1;
  }
  return n;
}

static void replace(char **slot, const char *value)
{
  free(*slot);
  *slot = checked(esc_strdup(value));
}

static void add_arg(struct esc_tu *tu, const char *arg)
{
  tu->args = checked(realloc(tu->args, (tu->nargs + 1) * sizeof *tu->args));
  tu->args[tu->nargs++] = checked(esc_strdup(arg));
}

static void add_source(struct esc_tu *tu, const char *path, const char *hash, int64_t size)
{
  tu->sources = checked(realloc(tu->sources, (tu->nsources + 1) * sizeof *tu->sources));
  struct esc_source *src = &tu->sources[tu->nsources++];
  src->path = checked(esc_strdup(path));
  src->hash = hash ? checked(esc_strdup(hash)) : NULL;
  src->size = size;
}

static void add_hashed_source(struct esc_tu *tu, const char *path)
{
  char hash[ESC_HASH_LEN + 1];
  int64_t size;
  bool ok = esc_hash_file(path, hash, &size) == 0;
  add_source(tu, path, ok ? hash : NULL, ok ? size : -1);
}

static struct esc_fact *add_fact(struct esc_tu *tu, char **f)
{
  int subject = esc_subject_from_name(f[1]), code = esc_code_from_name(f[2]);
  if (subject < 0 || code < 0)
    die("unknown subject or code", subject < 0 ? f[1] : f[2]);
  struct esc_fact *fact = checked(esc_tu_add_fact(tu));
  fact->subject = (enum esc_subject)subject;
  fact->code = (enum esc_code)code;
  fact->name = checked(esc_strdup(f[3]));
  fact->function = checked(esc_strdup(f[4]));
  fact->file = checked(esc_strdup(f[5]));
  fact->line = line_number(f[6]);
  fact->column = line_number(f[7]);
  fact->message = checked(esc_strdup(f[8]));
  fact->dangling = code == ESC_ESCAPE_RETURN || code == ESC_ESCAPE_GLOBAL;
  return fact;
}

static void add_synthetic_facts(struct esc_tu *tu, long long n)
{
  char name[32], message[64];
  for (long long i = 0; i < n; i++) {
    struct esc_fact *fact = checked(esc_tu_add_fact(tu));
    snprintf(name, sizeof name, "v%lld", i);
    snprintf(message, sizeof message, "'%s' does not escape", name);
    fact->subject = ESC_SUBJECT_LOCAL;
    fact->code = ESC_NOESCAPE;
    fact->name = checked(esc_strdup(name));
    fact->function = checked(esc_strdup("synthetic"));
    fact->file = checked(esc_strdup(tu->main_file));
    fact->line = (unsigned)i + 1;
    fact->column = 5;
    fact->message = checked(esc_strdup(message));
    if (esc_fact_add_step(fact, tu->main_file, (unsigned)i + 1, 9, "address taken here")
        || esc_fact_add_step(fact, tu->main_file, (unsigned)i + 2, 3, "only read afterwards"))
      die("out of memory", NULL);
  }
}

/* Applies one directive (fields F[0..N-1]) to TU; *FACT is the last fact added. */
static void apply(struct esc_tu *tu, struct esc_fact **fact, char **f, int n)
{
  static const struct { const char *name; int fields; bool on_fact; } known[] = {
    { "main", 2, false }, { "output", 2, false }, { "cwd", 2, false }, { "language", 2, false },
    { "time", 2, false }, { "arg", 2, false }, { "producer", 2, false }, { "gcc", 2, false },
    { "source", 2, false }, { "source-hash", 4, false }, { "fact", 9, false },
    { "synthetic", 2, false }, { "spelling", 4, true }, { "dangling", 1, true },
    { "note", 2, true }, { "value", 2, true }, { "step", 5, true }, { "route", 4, true },
    { "route-step", 5, true },
  };
  size_t k = 0;
  while (k < sizeof known / sizeof known[0] && strcmp(known[k].name, f[0]) != 0)
    k++;
  if (k == sizeof known / sizeof known[0])
    die("unknown directive", f[0]);
  if (n != known[k].fields)
    die("wrong number of tab-separated fields for", f[0]);
  if (known[k].on_fact && !*fact)
    die("no fact yet for", f[0]);
  const char *d = f[0];
  if (!strcmp(d, "main")) replace(&tu->main_file, f[1]);
  else if (!strcmp(d, "output")) replace(&tu->output, f[1]);
  else if (!strcmp(d, "cwd")) replace(&tu->cwd, f[1]);
  else if (!strcmp(d, "language")) replace(&tu->language, f[1]);
  else if (!strcmp(d, "producer")) replace(&tu->producer, f[1]);
  else if (!strcmp(d, "gcc")) replace(&tu->gcc_version, f[1]);
  else if (!strcmp(d, "time")) tu->compile_time = number(f[1]);
  else if (!strcmp(d, "arg")) add_arg(tu, f[1]);
  else if (!strcmp(d, "source")) add_hashed_source(tu, f[1]);
  else if (!strcmp(d, "source-hash"))
    add_source(tu, f[1], strcmp(f[2], "null") ? f[2] : NULL, number(f[3]));
  else if (!strcmp(d, "fact")) *fact = add_fact(tu, f);
  else if (!strcmp(d, "synthetic")) {
    if (!tu->main_file)
      die("synthetic facts need the main file first", NULL);
    add_synthetic_facts(tu, number(f[1]));
    *fact = NULL; /* tu->facts may have moved */
  } else if (!strcmp(d, "spelling")) {
    replace(&(*fact)->spelling_file, f[1]);
    (*fact)->spelling_line = line_number(f[2]);
    (*fact)->spelling_column = line_number(f[3]);
  } else if (!strcmp(d, "dangling")) (*fact)->dangling = true;
  else if (!strcmp(d, "note")) replace(&(*fact)->note, f[1]);
  else if (!strcmp(d, "value")) (*fact)->value = number(f[1]);
  else if (!strcmp(d, "route")) {
    struct esc_fact_route *r = checked(esc_fact_add_route(*fact));
    int code = esc_code_from_name(f[1]);
    if (code < 0)
      die("unknown code", f[1]);
    r->code = (enum esc_code)code;
    r->dangling = !strcmp(f[2], "yes");
    r->message = checked(esc_strdup(f[3]));
  } else if (!strcmp(d, "route-step")) {
    struct esc_fact *ft = *fact;
    if (!ft->nroutes)
      die("no route yet for", f[0]);
    struct esc_fact_route *r = &ft->routes[ft->nroutes - 1];
    if (esc_flow_add_step(&r->flow, &r->nflow, f[1], line_number(f[2]), line_number(f[3]), f[4]))
      die("out of memory", NULL);
  } else if (esc_fact_add_step(*fact, f[1], line_number(f[2]), line_number(f[3]), f[4]))
    die("out of memory", NULL);
}

/* Reads the spec from STREAM into TU and fills in the defaults. */
static void read_spec(FILE *stream, struct esc_tu *tu)
{
  char line[8192], *fields[MAX_FIELDS], cwd[PATH_MAX];
  struct esc_fact *fact = NULL;
  bool timed = false;
  while (fgets(line, sizeof line, stream)) {
    if (line[0] == '#' || line[0] == '\n')
      continue;
    int n = split(line, fields);
    timed |= strcmp(fields[0], "time") == 0;
    apply(tu, &fact, fields, n);
  }
  if (!tu->main_file)
    die("the spec has no 'main' line", NULL);
  if (!tu->output) {
    tu->output = checked(malloc(strlen(tu->main_file) + 3));
    sprintf(tu->output, "%s.o", tu->main_file);
  }
  if (!tu->cwd)
    replace(&tu->cwd, getcwd(cwd, sizeof cwd) ? cwd : "/");
  if (!tu->language)
    replace(&tu->language, "c");
  if (!tu->producer)
    replace(&tu->producer, "escinfo " PACKAGE_VERSION " (write-entry)");
  if (!tu->gcc_version)
    replace(&tu->gcc_version, "12.2.0");
  if (!timed)
    tu->compile_time = (int64_t)time(NULL);
}

int main(int argc, char **argv)
{
  struct esc_tu tu = { 0 };
  bool print = false;
  long long repeat = 1;
  int i = 1;
  char err[512];
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "--print"))
      print = true;
    else if (!strncmp(argv[i], "--repeat=", 9))
      repeat = number(argv[i] + 9);
    else {
      fputs(usage, stderr);
      return 2;
    }
  }
  if (print ? i != argc : i != argc - 1) {
    fputs(usage, stderr);
    return 2;
  }
  tu.schema = ESC_SCHEMA_VERSION;
  read_spec(stdin, &tu);
  int status = 0;
  if (print) {
    char *text = checked(esc_tu_to_json_text(&tu));
    fputs(text, stdout);
    free(text);
  }
  for (long long r = 0; !print && status == 0 && r < repeat; r++)
    if (esc_cache_write(argv[i], &tu, err, sizeof err)) {
      fprintf(stderr, "write-entry: %s\n", err);
      status = 1;
    }
  esc_tu_free(&tu);
  return status;
}
