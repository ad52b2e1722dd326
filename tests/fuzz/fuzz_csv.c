/*
 * fuzz_csv - the CSV reader: leads_reader_new() with LEADS_FMT_CSV over
 * the input in memory.  Checks: no crash, hang, leak or undefined
 * behaviour; every record within the limits of leads.h and valid UTF-8;
 * a bad record reported as "fuzz:LINE: reason" (EDATA) with reading
 * going on; each good record built into a lead as lead-add does (names,
 * emails, phones, times and values parsed), which may refuse it only as
 * bad data; and each good record written as CSV by leads_out (what
 * lead-ls -o csv writes) reads back as the same names and values.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
back(const void *text, size_t len, const struct leads_record *want)
{
	struct leads_reader *r;
	struct leads_record *rec;
	struct leads_err err;
	size_t i, n = leads_record_count(want);
	FILE *fp;

	CHECK((fp = fmemopen((void *)text, len, "r")) != NULL);
	memset(&err, 0, sizeof(err));
	CHECK((r = leads_reader_new(fp, "back", LEADS_FMT_CSV, NULL,
	    &err)) != NULL);
	CHECK(leads_reader_next(r, &rec, &err) == 1);
	CHECK(leads_record_count(rec) == n);
	for (i = 0; i < n; i++) {
		CHECK(strcmp(leads_record_key(rec, i),
		    leads_record_key(want, i)) == 0);
		CHECK(strcmp(leads_record_value(rec, i),
		    leads_record_value(want, i)) == 0);
	}
	CHECK(leads_reader_next(r, &rec, &err) == 0);
	leads_reader_free(r);
	fclose(fp);
}

static void
roundtrip(const struct leads_record *rec)
{
	const char *keys[LEADS_MAX_FIELDS], *vals[LEADS_MAX_FIELDS], *text;
	size_t i, n = leads_record_count(rec), len;
	struct leads_out *o;
	struct leads_err err;

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		keys[i] = leads_record_key(rec, i);
		vals[i] = leads_record_value(rec, i);
	}
	/* Not the writer's to keep: a leading byte-order mark is read as
	 * one, and a line of one blank cell is a blank line. */
	if (fuzz_starts(keys[0], "\xef\xbb\xbf") ||
	    (n == 1 && strspn(vals[0], " \t") == strlen(vals[0])))
		return;
	memset(&err, 0, sizeof(err));
	CHECK((o = leads_out_new(LEADS_OUT_CSV, keys, NULL, n, &err)) != NULL);
	leads_out_csv_raw(o, 1);
	CHECK(leads_out_row(o, vals, &err) == 0);
	text = leads_out_take(o, &len);
	back(text, len, rec);
	leads_out_free(o);
}

static void
each(const struct leads_record *rec)
{
	fuzz_newlead(rec);
	roundtrip(rec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	fuzz_read_mem(d, n, LEADS_FMT_CSV, NULL, each);
	return 0;
}
