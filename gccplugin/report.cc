/* report.cc - the unit's facts: locations, remarks (GCC notes) and the cache entry. */
#include "compat.h"
#include "escinfo-plugin.h"
#include "cache.h"
#include "record.h"

#include "file-prefix-map.h"
#include "c-family/c-pragma.h"

#include <map>
#include <string>

/* cc1 and cc1plus have them; lto1, which also loads plugins named at link time, does not: weak,
 * so that the plugin still loads there (and registers no pragma). */
extern void c_register_pragma(const char *, const char *, pragma_handler_1arg)
  __attribute__((weak));
extern enum cpp_ttype pragma_lex(tree *, location_t *) __attribute__((weak));

#include <unistd.h>
#include <time.h>

struct esc_tu esc_unit;

namespace {

/* Locations of each fact and of its steps, by fact index, for printing remarks. */
std::vector<location_t> fact_locs;
/* Per fact, the locations of its flow's steps (index 0) and of each route's (1 + route). */
std::vector<std::vector<std::vector<location_t>>> step_locs;
std::map<std::string, std::string> absolute_paths;
std::string cwd;
/* By fact index: taken back (esc_report_retract), left out at the end of the unit. */
std::vector<bool> retracted;

/* The compile's working directory: where a preprocessed input says it was preprocessed
 * (-fworking-directory, on with -g: a build farm's host compiles in a directory of its own what
 * the developer's machine preprocessed), else the process's. */
const std::string &working_directory()
{
  if (cwd.empty()) {
    const char *src = get_src_pwd(), *pwd = getpwd();
    char buf[4096];
    if (src && pwd && strcmp(src, pwd) != 0)
      cwd = src;
    else
      cwd = getcwd(buf, sizeof buf) ? buf : ".";
  }
  return cwd;
}

/* PATH made absolute (and resolved when it exists), cached.  The line maps hand out the same
 * string for a file each time: the last one asked is answered without a lookup. */
const char *absolute(const char *path)
{
  static const char *last_path;
  static std::map<std::string, std::string>::iterator last;
  if (!path)
    return NULL;
  if (path == last_path && !strcmp(path, last->first.c_str()))
    return last->second.c_str();
  auto it = absolute_paths.find(path);
  if (it != absolute_paths.end()) {
    last_path = path;
    last = it;
    return it->second.c_str();
  }
  std::string abs;
  char *real = realpath(path, NULL);
  if (real) {
    abs = real;
    free(real);
  } else if (path[0] == '/')
    abs = path;
  else
    abs = working_directory() + "/" + path;
  last_path = path;
  last = absolute_paths.emplace(path, abs).first;
  return last->second.c_str();
}

/* Facts are shown at their location's expansion point in the user's file. */
expanded_location expand(location_t loc)
{
  return expand_location(loc);
}

} // namespace

const char *esc_location_file(location_t loc, unsigned *line, unsigned *column)
{
  expanded_location x = expand(loc);
  *line = x.line > 0 ? (unsigned)x.line : 0;
  *column = x.column > 0 ? (unsigned)x.column : 0;
  return x.file ? absolute(x.file) : NULL;
}

struct esc_fact *esc_report_fact(enum esc_subject subject, enum esc_code code, const char *name,
                                 const char *function, location_t loc)
{
  /* A fact in a macro expansion belongs where the macro was used: alloca() expands to
   * __builtin_alloca from a system header, in the user's code. */
  location_t at = linemap_resolve_location(line_table, loc, LRK_MACRO_EXPANSION_POINT, NULL);
  if (!esc_opts.system_headers && esc_in_system_header(at))
    return NULL;
  unsigned line, col;
  const char *file = esc_location_file(loc, &line, &col);
  if (!file)
    return NULL;
  struct esc_fact *f = esc_tu_add_fact(&esc_unit);
  if (!f)
    return NULL;
  f->subject = subject;
  f->code = code;
  f->name = esc_strdup(name);
  f->function = esc_strdup(function);
  f->file = esc_strdup(file);
  f->line = line;
  f->column = col;
  if (from_macro_expansion_at(loc)) {
    expanded_location sp = expand_location_to_spelling_point(loc, LOCATION_ASPECT_CARET);
    if (sp.file) {
      f->spelling_file = esc_strdup(absolute(sp.file));
      f->spelling_line = sp.line;
      f->spelling_column = sp.column;
    }
  }
  fact_locs.resize(esc_unit.nfacts);
  step_locs.resize(esc_unit.nfacts);
  fact_locs[esc_unit.nfacts - 1] = at;
  step_locs[esc_unit.nfacts - 1].assign(1, std::vector<location_t>());
  return f;
}

size_t esc_report_count(void)
{
  return esc_unit.nfacts;
}

void esc_report_retract(size_t from, size_t to)
{
  if (retracted.size() < to)
    retracted.resize(to);
  for (size_t i = from; i < to; i++)
    retracted[i] = true;
}

void esc_report_step(struct esc_fact *fact, struct esc_fact_route *route, location_t loc,
                     const char *message)
{
  unsigned line = 0, col = 0;
  const char *file = esc_location_file(loc, &line, &col);
  struct esc_step **flow = route ? &route->flow : &fact->flow;
  size_t *n = route ? &route->nflow : &fact->nflow;
  if (esc_flow_add_step(flow, n, file ? file : "", line, col, message) != 0)
    return;
  size_t i = (size_t)(fact - esc_unit.facts);
  size_t k = route ? 1 + (size_t)(route - fact->routes) : 0;
  if (i < step_locs.size()) {
    if (step_locs[i].size() <= k)
      step_locs[i].resize(k + 1);
    step_locs[i][k].push_back(loc);
  }
}

namespace {

bool shown_at_level_1(enum esc_code code)
{
  return esc_code_is_escape(code) || code == ESC_ALLOC_STACK_CANDIDATE
         || code == ESC_FRAME_DYNAMIC || code == ESC_FRAME_LARGE_LOCAL;
}

/* The numbered steps of flow K of a fact (at AT) whose step locations are LOCS.  A step the
 * compiler gave no place (a return GCC made at -O2) is printed at the fact. */
void print_steps(const std::vector<std::vector<location_t>> &locs, size_t k, location_t at,
                 const struct esc_step *flow, size_t n)
{
  for (size_t j = 0; j < n; j++) {
    location_t l = k < locs.size() && j < locs[k].size() ? locs[k][j] : UNKNOWN_LOCATION;
    inform(l != UNKNOWN_LOCATION ? l : at, "  %u. %s", (unsigned)(j + 1), flow[j].message);
  }
}

void print_remarks(const std::vector<size_t> &order)
{
  for (size_t i : order) {
    const struct esc_fact *f = &esc_unit.facts[i];
    if (esc_opts.remarks < 2 && !shown_at_level_1(f->code))
      continue;
    inform(fact_locs[i], "%s [escinfo:%s]", f->message ? f->message : "",
           esc_code_name(f->code));
    if (esc_opts.remarks >= 2)
      print_steps(step_locs[i], 0, fact_locs[i], f->flow, f->nflow);
    for (size_t r = 0; esc_opts.remarks >= 2 && r < f->nroutes; r++) {
      const struct esc_fact_route *rt = &f->routes[r];
      inform(fact_locs[i], "  also %s%s [escinfo:%s]", rt->message ? rt->message : "",
             rt->dangling ? " (dangles)" : "", esc_code_name(rt->code));
      print_steps(step_locs[i], 1 + r, fact_locs[i], rt->flow, rt->nflow);
    }
    if (f->note)
      inform(fact_locs[i], "  %s", f->note);
  }
}

bool fact_less(size_t a, size_t b)
{
  const struct esc_fact *x = &esc_unit.facts[a], *y = &esc_unit.facts[b];
  int c = strcmp(x->file, y->file);
  if (c)
    return c < 0;
  if (x->line != y->line)
    return x->line < y->line;
  if (x->column != y->column)
    return x->column < y->column;
  if (x->code != y->code)
    return x->code < y->code;
  return a < b;
}

/* #pragma escinfo source("PATH", "HASH", SIZE): the hash of a file as the machine that
 * preprocessed the text read it (preprocess.cc writes them), so that a unit compiled on a farm
 * host, where the developer's files are not, still records which text it saw.  Commas, because
 * adjacent string literals would be joined into one. */
std::map<std::string, std::pair<std::string, int64_t>> source_hashes;

void handle_source_pragma(cpp_reader *)
{
  tree path, hash, size, punct;
  bool ok = pragma_lex(&punct, NULL) == CPP_OPEN_PAREN && pragma_lex(&path, NULL) == CPP_STRING &&
            pragma_lex(&punct, NULL) == CPP_COMMA && pragma_lex(&hash, NULL) == CPP_STRING &&
            pragma_lex(&punct, NULL) == CPP_COMMA && pragma_lex(&size, NULL) == CPP_NUMBER &&
            TREE_CODE(size) == INTEGER_CST && pragma_lex(&punct, NULL) == CPP_CLOSE_PAREN &&
            pragma_lex(&punct, NULL) == CPP_EOF;
  const char *h = ok ? TREE_STRING_POINTER(hash) : "";
  if (!ok || strncmp(h, "fnv1a64:", 8) != 0 || strlen(h) != ESC_HASH_LEN) {
    warning(0, "escinfo: malformed %<#pragma escinfo source%>: ignored");
    return;
  }
  source_hashes[absolute(TREE_STRING_POINTER(path))] =
    std::make_pair(std::string(h), (int64_t)TREE_INT_CST_LOW(size));
}

} // namespace

std::vector<const char *> esc_files_read(void)
{
  std::set<std::string> seen;
  std::vector<const char *> names;
  for (unsigned i = 0; i < LINEMAPS_ORDINARY_USED(line_table); i++) {
    const line_map_ordinary *map = LINEMAPS_ORDINARY_MAP_AT(line_table, i);
    const char *name = ORDINARY_MAP_FILE_NAME(map);
    if (!name || name[0] == '<' || (ORDINARY_MAP_IN_SYSTEM_HEADER_P(map) && !esc_opts.system_headers)
        || !seen.insert(name).second)
      continue;
    names.push_back(name);
  }
  return names;
}

void esc_report_register_pragmas(void)
{
  if (c_register_pragma && pragma_lex)
    c_register_pragma("escinfo", "source", handle_source_pragma);
}

namespace {

/* Records PATH (absolute) as a file the unit read, with its hash and size.  Names GCC makes up
 * for what is no file ("<command-line>", "<built-in>") are left out. */
void add_source(const char *path)
{
  if (!path || !*path || strchr(path, '<'))
    return;
  for (size_t i = 0; i < esc_unit.nsources; i++)
    if (!strcmp(esc_unit.sources[i].path, path))
      return;
  struct esc_source *s = XRESIZEVEC(struct esc_source, esc_unit.sources, esc_unit.nsources + 1);
  esc_unit.sources = s;
  s = &esc_unit.sources[esc_unit.nsources++];
  s->path = esc_strdup(path);
  char hash[ESC_HASH_LEN + 1];
  int64_t size = -1;
  auto given = source_hashes.find(path);
  if (given != source_hashes.end()) {
    /* hashed where the text was preprocessed (a build farm's client) */
    s->hash = esc_strdup(given->second.first.c_str());
    s->size = given->second.second;
  } else if (esc_hash_file(path, hash, &size) == 0) {
    s->hash = esc_strdup(hash);
    s->size = size;
  } else {
    s->hash = NULL;
    s->size = -1;
  }
}

/* Every file the compile read: a header without facts is still covered by this compile (the
 * editor says nothing of it rather than "no facts yet"), and a change to it makes the entry
 * stale. */
void add_files_read()
{
  for (const char *name : esc_files_read())
    add_source(absolute(name));
}

void describe_unit()
{
  esc_unit.schema = ESC_SCHEMA_VERSION;
  esc_unit.producer = esc_strdup("escinfo " ESCINFO_VERSION);
  esc_unit.gcc_version = esc_strdup(esc_gcc_version);
  esc_unit.main_file = esc_strdup(absolute(esc_main_input_filename()));
  esc_unit.cwd = esc_strdup(working_directory().c_str());
  esc_unit.language = esc_strdup(strstr(lang_hooks.name, "C++") ? "c++" : "c");
  std::string out;
  if (dump_base_name) {
    std::string base = dump_base_name;
    const char *ext = global_options.x_dump_base_ext;
    if (ext && base.size() > strlen(ext) && base.compare(base.size() - strlen(ext), strlen(ext), ext) == 0)
      base.resize(base.size() - strlen(ext));
    else if (base.rfind('.') != std::string::npos && base.rfind('.') > base.rfind('/') + 1)
      base.resize(base.rfind('.'));
    /* GCC has usually put -dumpdir in front of -dumpbase already. */
    const char *dir = dump_dir_name && !dump_base_name_prefixed ? dump_dir_name : "";
    out = std::string(dir) + base + ".o";
  } else
    out = std::string(esc_main_input_filename()) + ".o";
  if (esc_opts.output)
    out = esc_opts.output;
  esc_unit.output = esc_strdup(absolute(out.c_str()));
  esc_unit.args = XCNEWVEC(char *, save_decoded_options_count + 1);
  for (unsigned i = 1; esc_unit.args && i < save_decoded_options_count; i++) {
    const char *t = save_decoded_options[i].orig_option_with_args_text;
    if (t && save_decoded_options[i].opt_index != OPT_SPECIAL_input_file)
      esc_unit.args[esc_unit.nargs++] = esc_strdup(t);
  }
  esc_unit.compile_time = (int64_t)time(NULL);
  esc_unit.analysis_only = esc_opts.analysis_only;
  add_source(esc_unit.main_file);
  add_files_read();
  for (size_t i = 0; i < esc_unit.nfacts; i++) {
    add_source(esc_unit.facts[i].file);
    add_source(esc_unit.facts[i].spelling_file);
  }
}

/* Spells *PATH as the debug information does, through -fdebug-prefix-map and
 * -ffile-prefix-map: an object built with them carries no path of the machine that built it. */
void remap(char **path)
{
  if (!*path)
    return;
  const char *mapped = remap_debug_filename(*path);
  if (mapped == *path || !strcmp(mapped, *path))
    return;
  char *copy = esc_strdup(mapped);
  if (copy) {
    free(*path);
    *path = copy;
  }
}

void remap_flow(struct esc_step *flow, size_t n)
{
  for (size_t i = 0; i < n; i++)
    remap(&flow[i].file);
}

/* Every path of the unit, as the object's debug information spells them. */
void remap_unit()
{
  remap(&esc_unit.main_file);
  remap(&esc_unit.output);
  remap(&esc_unit.cwd);
  for (size_t i = 0; i < esc_unit.nsources; i++)
    remap(&esc_unit.sources[i].path);
  for (size_t i = 0; i < esc_unit.nfacts; i++) {
    struct esc_fact *f = &esc_unit.facts[i];
    remap(&f->file);
    remap(&f->spelling_file);
    remap_flow(f->flow, f->nflow);
    for (size_t r = 0; r < f->nroutes; r++)
      remap_flow(f->routes[r].flow, f->routes[r].nflow);
  }
}

/* Puts the unit's facts, as one record (record.h), into a section of the object of their own:
 * non-allocated, so that no code or data of the program moves, and `objcopy --remove-section`
 * gives back the object built without it.  The assembler text goes out now, at the end of the
 * unit, between .pushsection and .popsection so that GCC's idea of the current section stays
 * right. */
void embed_unit()
{
  if (!asm_out_file)
    return; /* -fsyntax-only, or no assembler output */
  unsigned char *rec;
  size_t len;
  char err[256];
  if (esc_record_build(&esc_unit, &rec, &len, err, sizeof err) != 0) {
    fprintf(stderr, "%s: warning: escinfo: facts not put into the object: %s\n", progname, err);
    return;
  }
  /* As 8-byte words where the target is little-endian (a third of the text for the assembler to
   * read), else byte by byte; the tail byte by byte. */
  static const char digits[] = "0123456789abcdef";
  char line[4 * 19 + 16];
  fprintf(asm_out_file, "\t.pushsection\t%s,\"\",@progbits\n", ESC_RECORD_SECTION);
  size_t i = 0;
  if (!BYTES_BIG_ENDIAN && UNITS_PER_WORD >= 4) {
    for (; i + 32 <= len; i += 32) {
      size_t n = 0;
      for (int w = 0; w < 4; w++) {
        line[n++] = w ? ',' : '\t';
        line[n++] = '0';
        line[n++] = 'x';
        for (int b = 7; b >= 0; b--) {
          unsigned char c = rec[i + 8 * w + (size_t)b];
          line[n++] = digits[c >> 4];
          line[n++] = digits[c & 15];
        }
      }
      line[n++] = '\n';
      fputs("\t.8byte", asm_out_file);
      fwrite(line, 1, n, asm_out_file);
    }
  }
  for (; i < len; i += 16) {
    size_t n = 0;
    for (size_t j = i; j < len && j < i + 16; j++) {
      line[n++] = j == i ? '\t' : ',';
      line[n++] = '0';
      line[n++] = 'x';
      line[n++] = digits[rec[j] >> 4];
      line[n++] = digits[rec[j] & 15];
    }
    line[n++] = '\n';
    fputs("\t.byte", asm_out_file);
    fwrite(line, 1, n, asm_out_file);
  }
  fputs("\t.popsection\n", asm_out_file);
  ESC_LOG("put %zu facts (%zu bytes) into the object's %s section", esc_unit.nfacts, len,
          ESC_RECORD_SECTION);
  free(rec);
}

/* Leaves out the facts taken back, keeping the others' order and their locations. */
void drop_retracted()
{
  size_t kept = 0;
  for (size_t i = 0; i < esc_unit.nfacts; i++) {
    if (i < retracted.size() && retracted[i]) {
      esc_fact_free(&esc_unit.facts[i]);
      continue;
    }
    if (kept != i) {
      esc_unit.facts[kept] = esc_unit.facts[i];
      fact_locs[kept] = fact_locs[i];
      step_locs[kept] = std::move(step_locs[i]);
    }
    kept++;
  }
  esc_unit.nfacts = kept;
  fact_locs.resize(kept);
  step_locs.resize(kept);
  retracted.clear();
}

} // namespace

void esc_report_finish_unit(void)
{
  drop_retracted();
  std::vector<size_t> order(esc_unit.nfacts);
  for (size_t i = 0; i < order.size(); i++)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), fact_less);
  if (esc_opts.remarks > 0)
    print_remarks(order);

  /* The cache holds the facts sorted, like the remarks. */
  std::vector<struct esc_fact> sorted(esc_unit.nfacts);
  for (size_t i = 0; i < order.size(); i++)
    sorted[i] = esc_unit.facts[order[i]];
  for (size_t i = 0; i < sorted.size(); i++)
    esc_unit.facts[i] = sorted[i];

  if (esc_opts.write_cache || esc_opts.embed)
    describe_unit();
  if (esc_opts.write_cache) {
    char err[512] = "";
    char *dir = esc_cache_dir(esc_opts.cache_dir, err, sizeof err);
    if (!dir || esc_cache_write(dir, &esc_unit, err, sizeof err) != 0)
      fprintf(stderr, "%s: warning: escinfo: facts not saved: %s\n", progname, err);
    else
      ESC_LOG("wrote %zu facts for %s to %s", esc_unit.nfacts, esc_unit.main_file, dir);
    free(dir);
  }
  if (esc_opts.embed) {
    remap_unit(); /* the cache above keeps this machine's paths */
    embed_unit();
  }
  esc_tu_free(&esc_unit);
  fact_locs.clear();
  step_locs.clear();
  retracted.clear();
}
