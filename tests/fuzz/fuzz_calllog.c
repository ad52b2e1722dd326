/*
 * fuzz_calllog - a call log as lead-log -f reads it: records from the
 * reader (format detected, or the one the first byte's low bits name),
 * each mapped by leads_logline() to an outcome (columns matched
 * loosely, a phone system's words and durations mapped), then its next
 * column parsed as lead-log does.  The first byte's bits 2-5 choose the
 * zone.  Checks: no crash, hang, leak or undefined behaviour; a line
 * taken names a lead, an outcome of under 64 bytes that the outcome
 * field points to, a time in the years 1970 to 9999 (or the clock), and
 * carries the record's fingerprint; a refusal is EDATA "line N: ...".
 */
#include "fuzz.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

static const char *tz;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "UTC", 1);
	return 0;
}

static void
logline(const struct leads_record *rec)
{
	struct leads_logline ll;
	struct leads_err err;
	char prefix[32];
	int64_t next;
	size_t i;

	for (i = 0; i < leads_record_count(rec); i++)
		(void)leads_field_match(leads_record_key(rec, i));
	memset(&err, 0, sizeof(err));
	if (leads_logline(rec, tz, FUZZ_NOW, &ll, &err) == -1) {
		CHECK(err.code == LEADS_EDATA);
		snprintf(prefix, sizeof(prefix), "line %ld: ",
		    leads_record_line(rec));
		CHECK(fuzz_starts(err.msg, prefix));
		return;
	}
	CHECK(ll.lead != NULL && ll.lead[0] != '\0');
	CHECK(ll.log.outcome == ll.outcome);
	CHECK(ll.outcome[0] != '\0' && strlen(ll.outcome) < 64);
	CHECK(ll.log.at == FUZZ_NOW ||
	    (ll.log.at >= 0 && ll.log.at <= FUZZ_TIME_MAX));
	CHECK(ll.log.fp == leads_record_fingerprint(rec));
	if (ll.next != NULL && leads_time_parse(ll.next, tz, &next,
	    &err) == -1)
		CHECK(err.code == LEADS_EDATA);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const enum leads_format fmts[4] = {
		LEADS_FMT_AUTO, LEADS_FMT_CSV, LEADS_FMT_TSV, LEADS_FMT_JSONL
	};

	if (n < 1)
		return 0;
	tz = fuzz_zones[(d[0] >> 2) & 15];
	fuzz_read_mem(d + 1, n - 1, fmts[d[0] & 3], NULL, logline);
	return 0;
}
