/* record.c - a unit's facts as a self-delimiting, compressed record (record.h). */
#include "record.h"

#include "cache.h"
#include "json-reader.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

void esc_record_header_free(struct esc_record_header *h)
{
  free(h->producer);
  free(h->gcc_version);
  free(h->main_file);
  free(h->output);
  free(h->hash);
  memset(h, 0, sizeof *h);
}

static void put_u16(unsigned char *p, unsigned v)
{
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
}

static void put_u32(unsigned char *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

static unsigned get_u16(const unsigned char *p)
{
  return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t get_u32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The hash the unit recorded for its main file, or NULL. */
static const char *main_hash(const struct esc_tu *tu)
{
  for (size_t i = 0; i < tu->nsources; i++)
    if (tu->main_file && tu->sources[i].path && strcmp(tu->sources[i].path, tu->main_file) == 0)
      return tu->sources[i].hash;
  return NULL;
}

int esc_record_build(const struct esc_tu *tu, unsigned char **out, size_t *len, char *err,
                     size_t errlen)
{
  struct esc_text h;
  size_t raw_len, head_len;
  *out = NULL;
  *len = 0;
  char *raw = esc_tu_to_json_text(tu);
  esc_text_init(&h);
  esc_text_addc(&h, '{');
  esc_text_json_key(&h, "producer", true);
  esc_text_json_string(&h, tu->producer);
  esc_text_json_key(&h, "gcc", false);
  esc_text_json_string(&h, tu->gcc_version);
  esc_text_json_key(&h, "main", false);
  esc_text_json_string(&h, tu->main_file);
  esc_text_json_key(&h, "output", false);
  esc_text_json_string(&h, tu->output);
  esc_text_json_key(&h, "hash", false);
  esc_text_json_string(&h, main_hash(tu));
  esc_text_json_key(&h, "time", false);
  esc_text_json_int(&h, tu->compile_time);
  esc_text_addc(&h, '}');
  char *head = esc_text_take(&h, &head_len);
  if (!raw || !head) {
    free(raw);
    free(head);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  raw_len = strlen(raw);
  uLongf packed_len = compressBound((uLong)raw_len);
  unsigned char *rec = raw_len <= UINT32_MAX && head_len <= UINT32_MAX
                         ? malloc(ESC_RECORD_FIXED + head_len + packed_len)
                         : NULL;
  int z = rec ? compress2(rec + ESC_RECORD_FIXED + head_len, &packed_len,
                          (const Bytef *)raw, (uLong)raw_len, 1)
              : Z_MEM_ERROR;
  if (z != Z_OK || packed_len > UINT32_MAX) {
    snprintf(err, errlen, z == Z_MEM_ERROR ? "out of memory" : "compression failed (zlib %d)", z);
    free(rec);
    free(raw);
    free(head);
    return -1;
  }
  memcpy(rec, ESC_RECORD_MAGIC, ESC_RECORD_MAGIC_LEN);
  put_u16(rec + 8, ESC_RECORD_VERSION);
  put_u16(rec + 10, ESC_RECORD_ZLIB);
  put_u32(rec + 12, (uint32_t)head_len);
  put_u32(rec + 16, (uint32_t)packed_len);
  put_u32(rec + 20, (uint32_t)raw_len);
  memcpy(rec + ESC_RECORD_FIXED, head, head_len);
  free(raw);
  free(head);
  *out = rec;
  *len = ESC_RECORD_FIXED + head_len + packed_len;
  return 0;
}

/* ---- reading ------------------------------------------------------------------------------- */

/* Reads a record's header (LEN bytes of JSON at TEXT) into *H.  Returns 0, or -1 with WHY. */
static int parse_header(const char *text, size_t len, struct esc_record_header *h, char *why,
                        size_t whylen)
{
  struct esc_json_reader r;
  const char *key;
  size_t klen;
  esc_json_reader_init(&r, text, len);
  if (esc_json_begin_object(&r)) {
    while (esc_json_next_member(&r, &key, &klen)) {
      char **field = !strcmp(key, "producer") ? &h->producer
                     : !strcmp(key, "gcc")    ? &h->gcc_version
                     : !strcmp(key, "main")   ? &h->main_file
                     : !strcmp(key, "output") ? &h->output
                     : !strcmp(key, "hash")   ? &h->hash
                                              : NULL;
      if (field && !*field && esc_json_peek(&r) == ESC_JSON_STRING)
        esc_json_string_dup(&r, field);
      else if (!strcmp(key, "time") && esc_json_peek(&r) == ESC_JSON_INTEGER)
        esc_json_int64(&r, &h->compile_time);
      else
        esc_json_skip(&r);
    }
    esc_json_end(&r);
  }
  int rc = r.failed ? -1 : 0;
  if (rc)
    snprintf(why, whylen, "bad header: %s", r.error);
  esc_json_reader_free(&r);
  return rc;
}

/* Inflates the payload of P bytes at DATA into exactly RAW bytes.  Returns the text (malloc'd,
 * NUL-terminated), or NULL with WHY. */
static char *inflate_payload(const unsigned char *data, size_t p, size_t raw, char *why,
                             size_t whylen)
{
  char *text = malloc(raw + 1);
  if (!text) {
    snprintf(why, whylen, "out of memory for a payload of %zu bytes", raw);
    return NULL;
  }
  uLongf got = (uLongf)raw;
  int z = uncompress((Bytef *)text, &got, data, (uLong)p);
  if (z != Z_OK || got != raw) {
    snprintf(why, whylen, "bad compressed payload (%s)",
             z == Z_DATA_ERROR  ? "corrupt data"
             : z == Z_BUF_ERROR ? "longer or shorter than its header says"
             : z == Z_OK        ? "shorter than its header says"
                                : "zlib error");
    free(text);
    return NULL;
  }
  text[raw] = 0;
  return text;
}

long esc_records_parse(const unsigned char *data, size_t len, esc_record_fn fn,
                       esc_record_warn_fn warn, void *ctx, char *err, size_t errlen)
{
  long good = 0;
  size_t at = 0;
  char why[ESC_JSON_ERROR_SIZE + 64];
  while (at < len) {
    if (data[at] == 0) { /* padding between records */
      at++;
      continue;
    }
    size_t left = len - at;
    const unsigned char *r = data + at;
    why[0] = 0;
    if (left < ESC_RECORD_FIXED || memcmp(r, ESC_RECORD_MAGIC, ESC_RECORD_MAGIC_LEN) != 0) {
      snprintf(why, sizeof why, left < ESC_RECORD_FIXED && !memcmp(r, ESC_RECORD_MAGIC,
                                                                    left < 8 ? left : 8)
                                  ? "truncated record"
                                  : "bytes that are no escinfo record");
    } else if (get_u16(r + 8) != ESC_RECORD_VERSION) {
      snprintf(why, sizeof why,
               "a record of format version %u (this escinfo reads version %d): skipped",
               get_u16(r + 8), ESC_RECORD_VERSION);
    } else {
      uint64_t h = get_u32(r + 12), p = get_u32(r + 16), raw = get_u32(r + 20);
      unsigned flags = get_u16(r + 10);
      if (ESC_RECORD_FIXED + h + p > left) {
        snprintf(why, sizeof why, "truncated record: it says %llu bytes, %zu are left",
                 (unsigned long long)(ESC_RECORD_FIXED + h + p), left);
      } else if (raw > ESC_CACHE_MAX_ENTRY || (!(flags & ESC_RECORD_ZLIB) && raw != p)) {
        snprintf(why, sizeof why, "bad record: payload of %llu bytes uncompressed",
                 (unsigned long long)raw);
      } else if (flags & ~ESC_RECORD_ZLIB) {
        snprintf(why, sizeof why, "a record with unknown flags 0x%x: skipped", flags);
      } else {
        struct esc_record_header head;
        struct esc_tu tu;
        memset(&head, 0, sizeof head);
        head.version = ESC_RECORD_VERSION;
        head.flags = flags;
        const unsigned char *payload = r + ESC_RECORD_FIXED + h;
        char *text = NULL;
        if (parse_header((const char *)r + ESC_RECORD_FIXED, (size_t)h, &head, why,
                         sizeof why) == 0) {
          if (flags & ESC_RECORD_ZLIB) {
            text = inflate_payload(payload, (size_t)p, (size_t)raw, why, sizeof why);
          } else if ((text = malloc((size_t)raw + 1))) {
            memcpy(text, payload, (size_t)raw);
            text[raw] = 0;
          } else {
            snprintf(why, sizeof why, "out of memory");
          }
        }
        if (text) {
          char perr[ESC_JSON_ERROR_SIZE];
          if (esc_tu_from_json_text(text, (size_t)raw, &tu, perr, sizeof perr) == 0) {
            free(text);
            int stop = fn(ctx, at, &tu, &head);
            esc_tu_free(&tu);
            esc_record_header_free(&head);
            good++;
            if (stop) {
              snprintf(err, errlen, "stopped");
              return -1;
            }
            at += ESC_RECORD_FIXED + (size_t)h + (size_t)p;
            continue;
          }
          snprintf(why, sizeof why, "bad entry in the record: %s", perr);
          free(text);
        }
        esc_record_header_free(&head);
      }
    }
    if (warn)
      warn(ctx, at, why);
    /* resynchronise: the next magic after this one (a record whose contents are bad may have
     * bad lengths too: the next record can start inside what it claims) */
    size_t from = at + 1;
    const unsigned char *next = NULL;
    for (size_t i = from; i + ESC_RECORD_MAGIC_LEN <= len; i++)
      if (data[i] == 0x7f && memcmp(data + i, ESC_RECORD_MAGIC, ESC_RECORD_MAGIC_LEN) == 0) {
        next = data + i;
        break;
      }
    if (!next)
      break;
    at = (size_t)(next - data);
  }
  (void)err;
  (void)errlen;
  return good;
}

size_t esc_records_count(const unsigned char *data, size_t len)
{
  size_t n = 0, at = 0;
  while (at < len) {
    if (data[at] == 0) {
      at++;
      continue;
    }
    if (len - at < ESC_RECORD_FIXED || memcmp(data + at, ESC_RECORD_MAGIC, ESC_RECORD_MAGIC_LEN))
      break;
    uint64_t size = ESC_RECORD_FIXED + (uint64_t)get_u32(data + at + 12) + get_u32(data + at + 16);
    if (size > len - at)
      break;
    at += (size_t)size;
    n++;
  }
  return n;
}
