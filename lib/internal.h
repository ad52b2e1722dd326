/*
 * internal.h - helpers shared inside libleads; not installed.
 */
#ifndef LEADS_INTERNAL_H
#define LEADS_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "leads.h"

/*
 * A growable byte string, always NUL-terminated once anything was added.
 * Growth is overflow-checked and goes through a temporary, so on failure
 * the buffer is unchanged.  Functions return 0, or -1 when out of memory.
 */
struct leads_buf {
	char *s;
	size_t len;
	size_t cap;
};

#define LEADS_BUF_INIT { NULL, 0, 0 }

int leads_buf_grow(struct leads_buf *b, size_t more);
int leads_buf_add(struct leads_buf *b, const void *p, size_t n);
int leads_buf_adds(struct leads_buf *b, const char *s);

/* One byte; inline, as readers add most text a byte at a time. */
static inline int
leads_buf_addc(struct leads_buf *b, int c)
{
	if (b->len + 1 >= b->cap && leads_buf_grow(b, 1) == -1)
		return -1;
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
	return 0;
}
/*
 * UTC arithmetic (proleptic Gregorian, H. Hinnant's algorithms): the C
 * library's timegm() and gmtime_r() take a lock and look at the zone,
 * which this does not need.  Days since 1970-01-01 of a date; t as
 * gmtime_r() has it, zone fields zero; a broken-down time to seconds,
 * fields out of range carried.
 */
int64_t leads_days_from_civil(int64_t y, int m, int d);
void leads_utc_tm(int64_t t, struct tm *tm);
int64_t leads_utc_seconds(const struct tm *tm);

int leads_buf_printf(struct leads_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A whole number in decimal, without printf's cost. */
int leads_buf_int(struct leads_buf *b, int64_t v);
/* The contents ("" when empty); never NULL. */
const char *leads_buf_str(const struct leads_buf *b);
void leads_buf_reset(struct leads_buf *b);
void leads_buf_release(struct leads_buf *b);
/* s, valid UTF-8, as a JSON string with its quotes. */
int leads_buf_json(struct leads_buf *b, const char *s);

/* The one place out-of-memory becomes an error value. */
int leads_err_nomem(struct leads_err *err);

/* strdup that reports out-of-memory through err. */
char *leads_strdup(const char *s, struct leads_err *err);

/*
 * s[0..n) fit to show in a message: control characters as '?', cut at a
 * character boundary with "..." to fit out (at least 5 bytes).
 */
void leads_show(const char *s, size_t n, char *out, size_t size);

/* A hash of a record's keys and values: the same line, the same hash. */
struct leads_record;
int64_t leads_record_fingerprint(const struct leads_record *rec);

#endif
