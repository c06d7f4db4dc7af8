/* prefetch.c - reading a document's facts while its didOpen is still arriving. */
#include "prefetch.h"

#include "compdb.h"
#include "json-reader.h"
#include "log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERR_SIZE 512

struct warning {
  char *path, *reason;
};

struct prefetch {
  pthread_t thread;
  char *dir, *canonical;
  char *compile_commands; /* where to look for the object when the cache has no facts, or NULL */
  struct fact_set set; /* the thread's until joined */
  int rc;
  char err[ERR_SIZE];
  struct warning *warnings;
  size_t nwarnings, cap;
};

static bool key_is(const char *key, size_t klen, const char *name)
{
  return strlen(name) == klen && memcmp(key, name, klen) == 0;
}

/* In the object at R, the string member NAME (malloc'd), skipping the others; NULL when it is
 * not there before the object or the text ends. */
static char *string_member(struct esc_json_reader *r, const char *name)
{
  const char *key;
  size_t klen;
  if (!esc_json_begin_object(r))
    return NULL;
  while (esc_json_next_member(r, &key, &klen)) {
    char *s = NULL;
    if (!key_is(key, klen, name)) {
      if (!esc_json_skip(r))
        return NULL;
      continue;
    }
    return esc_json_peek(r) == ESC_JSON_STRING && esc_json_string_dup(r, &s) ? s : NULL;
  }
  return NULL;
}

char *prefetch_did_open_uri(const char *head, size_t n)
{
  struct esc_json_reader r;
  const char *key, *value;
  size_t klen, vlen;
  bool did_open = false;
  char *uri = NULL;
  esc_json_reader_init(&r, head, n);
  if (!esc_json_begin_object(&r))
    goto done;
  while (!uri && esc_json_next_member(&r, &key, &klen)) {
    if (key_is(key, klen, "method")) {
      if (esc_json_peek(&r) != ESC_JSON_STRING || !esc_json_string(&r, &value, &vlen)
          || !key_is(value, vlen, "textDocument/didOpen"))
        goto done;
      did_open = true;
    } else if (key_is(key, klen, "params")) {
      if (!did_open || !esc_json_begin_object(&r))
        goto done;
      while (!uri && esc_json_next_member(&r, &key, &klen)) {
        if (key_is(key, klen, "textDocument"))
          uri = string_member(&r, "uri");
        else if (!esc_json_skip(&r))
          goto done;
      }
      goto done;
    } else if (!esc_json_skip(&r)) {
      goto done;
    }
  }
done:
  esc_json_reader_free(&r);
  return uri;
}

/* The thread's warn callback: kept for the main thread. */
static void keep_warning(void *ctx, const char *path, const char *reason)
{
  struct prefetch *p = ctx;
  if (esc_grow((void **)&p->warnings, p->nwarnings, &p->cap, sizeof *p->warnings, 4) != 0)
    return; /* out of memory: the warning is lost, the entry still skipped */
  struct warning *w = &p->warnings[p->nwarnings];
  w->path = path ? esc_strdup(path) : NULL;
  w->reason = esc_strdup(reason);
  if ((path && !w->path) || !w->reason) {
    free(w->path);
    free(w->reason);
    return;
  }
  p->nwarnings++;
}

static void *read_facts(void *arg)
{
  struct prefetch *p = arg;
  p->rc = fact_set_read(&p->set, p->dir, p->canonical, keep_warning, p, p->err, sizeof p->err);
  if (p->rc == 0 && p->set.nentries == 0) {
    /* none in the cache: the object compile_commands.json names may carry them (as the
     * server's load_object_facts reads them) */
    char *object = compdb_object_for(p->canonical, p->compile_commands, NULL);
    if (object)
      fact_set_read_object(&p->set, object, p->canonical, keep_warning, p, NULL, 0);
    free(object);
  }
  return NULL;
}

static void free_prefetch(struct prefetch *p)
{
  for (size_t i = 0; i < p->nwarnings; i++) {
    free(p->warnings[i].path);
    free(p->warnings[i].reason);
  }
  free(p->warnings);
  fact_set_free(&p->set);
  free(p->dir);
  free(p->canonical);
  free(p->compile_commands);
  free(p);
}

struct prefetch *prefetch_start(const char *dir, const char *canonical,
                                const char *compile_commands)
{
  struct prefetch *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  fact_set_init(&p->set);
  p->dir = esc_strdup(dir);
  p->canonical = esc_strdup(canonical);
  p->compile_commands = compile_commands ? esc_strdup(compile_commands) : NULL;
  if (!p->dir || !p->canonical || (compile_commands && !p->compile_commands)
      || pthread_create(&p->thread, NULL, read_facts, p) != 0) {
    free_prefetch(p);
    return NULL;
  }
  log_debug("%s: reading its facts while its text arrives", canonical);
  return p;
}

int prefetch_finish(struct prefetch *p, const char *dir, const char *canonical,
                    struct fact_set *set, esc_cache_warn_fn warn, void *warn_ctx, char *err,
                    size_t errlen)
{
  pthread_join(p->thread, NULL);
  int rc = 0;
  if (strcmp(p->dir, dir) == 0 && strcmp(p->canonical, canonical) == 0
      && (p->rc != 0 || p->set.signature == esc_cache_signature(dir, canonical))) {
    for (size_t i = 0; i < p->nwarnings; i++)
      warn(warn_ctx, p->warnings[i].path, p->warnings[i].reason);
    if (p->rc == 0) {
      *set = p->set;
      fact_set_init(&p->set);
      rc = 1;
    } else {
      snprintf(err, errlen, "%s", p->err);
      rc = -1;
    }
  }
  free_prefetch(p);
  return rc;
}

void prefetch_cancel(struct prefetch *p)
{
  if (!p)
    return;
  pthread_join(p->thread, NULL);
  free_prefetch(p);
}
