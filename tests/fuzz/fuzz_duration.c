/*
 * fuzz_duration - the two duration parsers: leads_dur_parse() (a
 * cadence delay: "10m", "2h", "3d", "1bd", "1w"; also lead-due
 * --within) and leads_duration_parse() (a call log's "75", "75s",
 * "1:15", "0:01:15").  Checks: no crash, leak or undefined behaviour; a
 * delay taken is 0 to 100000 of a known unit, reads back the same when
 * written again, and has a length in seconds (none for business days);
 * a call duration is not negative, maps to one of the outcomes, and
 * reads back the same written as seconds; a refused delay is EDATA
 * "bad duration '...'".
 */
#include "conf.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
delay(const char *s)
{
	static const char *const unit[] = { "m", "h", "d", "bd", "w" };
	struct leads_dur dur, again;
	struct leads_err err;
	char text[32];
	int64_t secs;

	memset(&err, 0, sizeof(err));
	if (leads_dur_parse(s, &dur, &err) == -1) {
		CHECK(err.code == LEADS_EDATA);
		CHECK(fuzz_starts(err.msg, "bad duration '"));
		return;
	}
	CHECK(dur.n >= 0 && dur.n <= 100000);
	CHECK(dur.unit >= LEADS_U_MIN && dur.unit <= LEADS_U_WEEK);
	snprintf(text, sizeof(text), "%ld%s", dur.n, unit[dur.unit]);
	CHECK(leads_dur_parse(text, &again, NULL) == 0);
	CHECK(again.n == dur.n && again.unit == dur.unit);
	secs = leads_dur_seconds(&dur);
	if (dur.unit == LEADS_U_BDAY)
		CHECK(secs == -1);
	else
		CHECK(secs >= 0 && secs <= INT64_C(100000) * 7 * 86400);
}

static void
call(const char *s)
{
	const char *o;
	char text[32];
	long secs = -1, again = -1;

	if (leads_duration_parse(s, &secs) == -1)
		return;
	CHECK(secs >= 0);
	o = leads_duration_outcome(secs);
	CHECK(o != NULL && (strcmp(o, "no_answer") == 0 ||
	    strcmp(o, "voicemail") == 0 || strcmp(o, "connected") == 0));
	/* Seconds alone are taken up to a million. */
	if (secs <= 1000000) {
		snprintf(text, sizeof(text), "%ld", secs);
		CHECK(leads_duration_parse(text, &again) == 0 &&
		    again == secs);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *s = fuzz_str(d, n);

	delay(s);
	call(s);
	free(s);
	return 0;
}
