/*
 * fuzz.h - what the libFuzzer harnesses share: a checked property that
 * aborts (so the fuzzer keeps the input), a NUL-terminated copy of the
 * input, and one loop over a record reader that checks what leads.h
 * promises of every record.
 */
#ifndef LEADS_FUZZ_H
#define LEADS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leads.h"
#include "mail.h"

/* A property of the library that an input broke: stop, keep the input. */
#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",	\
		    __FILE__, __LINE__, #c);				\
		abort();						\
	}								\
} while (0)

/* The clock of the command tests: Monday 2026-11-23T10:00:00Z. */
#define FUZZ_NOW	INT64_C(1795428000)
#define FUZZ_TIME_MAX	INT64_C(253402300799)	/* 9999-12-31T23:59:59Z */

/* Zones with unusual rules: half hours, negative DST, skipped days. */
static const char *const fuzz_zones[16] = {
	NULL, "", "UTC", "Europe/London", "America/New_York",
	"Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns",
	"Asia/Kathmandu", "Pacific/Apia", "Africa/Casablanca",
	"Europe/Dublin", "Australia/Sydney", "America/Sao_Paulo",
	"Pacific/Kiritimati", "Antarctica/Troll"
};

/*
 * d[0..n) as a string in a buffer of its exact size, so that reading
 * past its end is caught.  It ends at the first NUL, as a C string would.
 */
static inline char *
fuzz_str(const uint8_t *d, size_t n)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		abort();
	memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

static inline int
fuzz_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Called on each record read whole; may be NULL. */
typedef void fuzz_record_fn(const struct leads_record *rec);

/*
 * A lead from the record, as lead-add builds it: field names matched;
 * names, emails, phones, times and values parsed.  It may be refused,
 * but only as bad data with a message.
 */
static inline void
fuzz_newlead(const struct leads_record *rec)
{
	struct leads_add_opts o;
	struct leads_newlead *nl;
	struct leads_err err;

	memset(&o, 0, sizeof(o));
	o.source = "fuzz";
	o.country = leads_record_count(rec) % 2 ? "US" : NULL;
	o.tz = "UTC";
	o.now = FUZZ_NOW;
	o.actor = "fuzz";
	memset(&err, 0, sizeof(err));
	if ((nl = leads_newlead_from_record(rec, &o, &err)) == NULL)
		CHECK(err.code == LEADS_EDATA && err.msg[0] != '\0');
	leads_newlead_free(nl);
}

/*
 * What leads.h says of a record read whole: at most LEADS_MAX_FIELDS
 * fields, names of 1 to LEADS_MAX_KEY bytes, values of at most
 * LEADS_MAX_FIELD, raw text of at most LEADS_MAX_RECORD, all of it valid
 * UTF-8 without NUL.  CSV, TSV and JSON Lines leave out empty values.
 * A mail's raw text is the message as it came, in its own charsets, up
 * to LEADS_MAX_MAIL bytes.
 */
static inline void
fuzz_check_record(const struct leads_record *rec, enum leads_format fmt)
{
	const char *k, *v, *raw;
	size_t i, n, len;

	n = leads_record_count(rec);
	CHECK(n <= LEADS_MAX_FIELDS);
	for (i = 0; i < n; i++) {
		k = leads_record_key(rec, i);
		v = leads_record_value(rec, i);
		CHECK(strlen(k) >= 1 && strlen(k) <= LEADS_MAX_KEY);
		CHECK(leads_utf8_valid(k, strlen(k)));
		CHECK(strlen(v) <= LEADS_MAX_FIELD);
		CHECK(leads_utf8_valid(v, strlen(v)));
		if (fmt != LEADS_FMT_KV)
			CHECK(v[0] != '\0');
	}
	raw = leads_record_raw(rec, &len);
	if (fmt == LEADS_FMT_MAIL) {
		CHECK(len >= 1 && len <= LEADS_MAX_MAIL);
		return;
	}
	CHECK(len >= 1 && len <= LEADS_MAX_RECORD);
	CHECK(strlen(raw) == len);
	CHECK(leads_utf8_valid(raw, len));
}

/*
 * Read fp to its end.  Every call consumes input, so there are no more
 * records than bytes; bad records are EDATA errors that name the input
 * and their line, lines only go forward, nothing else fails on memory
 * input, and the end stays the end.
 */
static inline void
fuzz_read(FILE *fp, enum leads_format fmt, const char *enc, size_t size,
    fuzz_record_fn *fn)
{
	struct leads_reader *r;
	struct leads_record *rec;
	struct leads_err err;
	char prefix[64];
	size_t calls = 0, hlen;
	long prev = 0;
	int rc;

	memset(&err, 0, sizeof(err));
	r = leads_reader_new(fp, "fuzz", fmt, enc, &err);
	CHECK(r != NULL);
	for (;;) {
		rec = NULL;
		memset(&err, 0, sizeof(err));
		rc = leads_reader_next(r, &rec, &err);
		CHECK(rc >= -1 && rc <= 1);
		if (rc == 0)
			break;
		CHECK(++calls <= size + 1);
		/* A mail names its own charsets: no --encoding, no BOM. */
		if (rc == -1 && err.code == LEADS_EUSAGE &&
		    leads_reader_format(r) == LEADS_FMT_MAIL &&
		    strstr(err.msg, "leave out --encoding") != NULL)
			break;
		CHECK(leads_reader_format(r) != LEADS_FMT_AUTO);
		if (fmt != LEADS_FMT_AUTO)
			CHECK(leads_reader_format(r) == fmt);
		CHECK(rec != NULL);
		CHECK(leads_record_line(rec) > prev);
		prev = leads_record_line(rec);
		if (rc == -1) {
			CHECK(err.code == LEADS_EDATA);
			CHECK(err.line == leads_record_line(rec));
			snprintf(prefix, sizeof(prefix), "fuzz:%ld: ",
			    leads_record_line(rec));
			CHECK(fuzz_starts(err.msg, prefix));
			CHECK(strlen(err.msg) > strlen(prefix));
			continue;
		}
		fuzz_check_record(rec, leads_reader_format(r));
		if (leads_reader_format(r) == LEADS_FMT_CSV ||
		    leads_reader_format(r) == LEADS_FMT_TSV)
			CHECK(leads_reader_header(r, &hlen) != NULL &&
			    hlen > 0);
		if (fn != NULL)
			fn(rec);
	}
	CHECK(leads_reader_next(r, &rec, &err) == 0);
	leads_reader_free(r);
}

/* fuzz_read() over d[0..n) in memory (fmemopen, so stdio's path). */
static inline void
fuzz_read_mem(const uint8_t *d, size_t n, enum leads_format fmt,
    const char *enc, fuzz_record_fn *fn)
{
	static const char empty[1];
	FILE *fp;

	/* fmemopen wants a buffer of at least a byte: an empty file. */
	if (n == 0)
		fp = fmemopen((void *)empty, 1, "r");
	else
		fp = fmemopen((void *)d, n, "r");
	CHECK(fp != NULL);
	if (n == 0)
		(void)fgetc(fp);
	fuzz_read(fp, fmt, enc, n, fn);
	fclose(fp);
}

#endif
