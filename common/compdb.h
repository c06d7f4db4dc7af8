/* compdb.h - compile_commands.json: finding it as clangd does, reading its entries, splitting
 * commands and expanding response files the way the compiler's driver would. */
#ifndef ESCINFO_COMPDB_H
#define ESCINFO_COMPDB_H

#include <stddef.h>

/* One compile of the database. */
struct compdb_entry {
  char *directory; /* the compile's working directory, absolute */
  char *file;      /* the main source file, absolute */
  char *output;    /* the "output" member made absolute, or NULL when the entry has none */
  char **argv;     /* the command: "arguments", or "command" split as a POSIX shell would */
  size_t argc;
};

struct compdb {
  char *path; /* the file read */
  struct compdb_entry *v;
  size_t n;
};

/* The compile_commands.json to use: BUILD_DIR's (a directory, or the file itself) when BUILD_DIR
 * is given; else the current directory's, then that of each of its build* folders (in name
 * order), then each parent directory's, up to the root.  Malloc'd path, or NULL with the
 * places searched in ERR. */
char *compdb_find(const char *build_dir, char *err, size_t errlen);

/* The compile_commands.json that covers FILE (an absolute path), found as clangd finds it: in
 * FILE's directory or one of its build* folders, then in each parent directory's.  Malloc'd
 * path, or NULL when there is none. */
char *compdb_find_for_file(const char *file);

/* The entry of DB that compiles FILE (a canonical path: realpath(3)'s), or NULL. */
const struct compdb_entry *compdb_entry_for(const struct compdb *db, const char *file);

/* The object entry E writes: its "output" member, else its -o argument, made absolute against
 * its directory.  Malloc'd, or NULL when it names none (or memory runs out). */
char *compdb_object_of(const struct compdb_entry *e);

/* The object the compile of FILE (a canonical path) writes, as the compile_commands.json at
 * COMPILE_COMMANDS (a directory or the file; NULL: the one found from FILE, as clangd finds it)
 * says, read now.  Malloc'd, or NULL when there is no such database, entry or object; the
 * database's path in *DB_PATH (malloc'd) when DB_PATH is not NULL and an object is found. */
char *compdb_object_for(const char *file, const char *compile_commands, char **db_path);

/* Reads the database at PATH into *DB.  An entry without a directory, a file or a command is
 * skipped with a warning naming its index; a file that is not a JSON array of objects is an error.
 * Returns 0, or -1 with the reason in ERR. */
int compdb_load(const char *path, struct compdb *db, char *err, size_t errlen);
void compdb_free(struct compdb *db);

/* Splits CMD into words as a POSIX shell does for a simple command (blanks separate words;
 * '...' quotes everything; "..." quotes all but \" \\ \$ \` ; a backslash outside quotes
 * quotes the next character).  Fills *ARGV (malloc'd, NULL-terminated) and *ARGC.  Returns 0,
 * or -1 when a quote is not closed or memory runs out. */
int compdb_split_command(const char *cmd, char ***argv, size_t *argc);

/* Replaces each @FILE argument of *ARGV by the words of FILE (relative to DIR), as GCC does:
 * words separated by white space, quotes and backslashes as in compdb_split_command; nested
 * up to 16 levels; an @FILE that cannot be read stays as it is (GCC takes it literally too).
 * Returns 0, or -1 when memory runs out. */
int compdb_expand_response_files(char ***argv, size_t *argc, const char *dir);

void compdb_free_argv(char **argv, size_t argc);

#endif /* ESCINFO_COMPDB_H */
