/*
 * fuzz_when - leads_when_parse(), the times a rep types (lead-log
 * --next, lead-ls --since, lead-report --since): "tomorrow 10:00", "mon
 * 9am", "+3d", "in 2 weeks", "3 days ago", or any time leads_time_parse
 * takes.  The first byte chooses the zone (low 4 bits) and the flags
 * (bits 4-5: LEADS_WHEN_FUTURE, LEADS_WHEN_PAST), the second the clock
 * (around daylight-saving changes, month and year ends, a leap day, a
 * day Samoa skipped, the first and last years), the rest is the text.
 * Checks: no crash, leak or undefined behaviour; a time it takes lies
 * within a thousand years (and a few days) of the clock or in the years
 * 1970 to 9999, is not before the clock with LEADS_WHEN_FUTURE (a day
 * not before its end), and *has_time is 0 or 1; a refusal is EUSAGE
 * "bad time '...'" or "'...' is in the past"; TZ is as it was.
 */
#include "fuzz.h"

#define LIMIT	(INT64_C(366000) * 86400)	/* a thousand years */
#define SLACK	(INT64_C(3) * 86400)

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

static const int64_t clocks[16] = {
	FUZZ_NOW,
	INT64_C(1774744200),	/* 2026-03-29T00:30Z, Europe springs on */
	INT64_C(1792888200),	/* 2026-10-25T00:30Z, Europe falls back */
	INT64_C(1769860800),	/* 2026-01-31T12:00Z, a month's last day */
	INT64_C(1835438400),	/* 2028-02-29T12:00Z, a leap day */
	INT64_C(1798759800),	/* 2026-12-31T23:30Z, a year's end */
	0,			/* 1970-01-01T00:00Z */
	INT64_C(253402257600),	/* 9999-12-31T12:00Z */
	INT64_C(1325160000),	/* 2011-12-29T12:00Z, Samoa skips the 30th */
	INT64_C(1772951400),	/* 2026-03-08T06:30Z, America springs on */
	INT64_C(1775403900),	/* 2026-04-05T15:45Z, Sydney falls back */
	FUZZ_NOW + 86399,
	FUZZ_NOW - 36000,	/* midnight */
	FUZZ_NOW + 50400,	/* midnight next */
	FUZZ_NOW + 3 * 86400 + 43200,
	FUZZ_NOW - 1
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "UTC", 1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct leads_err err;
	const char *tz;
	char *s;
	int64_t now, t = 0, lo, hi;
	int flags, rc, has_time = -1;

	if (n < 2)
		return 0;
	tz = fuzz_zones[d[0] & 15];
	flags = (d[0] >> 4) & 3;
	now = clocks[d[1] & 15];
	s = fuzz_str(d + 2, n - 2);
	memset(&err, 0, sizeof(err));
	rc = leads_when_parse(s, now, tz, flags, &t, &has_time, &err);
	CHECK(rc == 0 || rc == -1);
	CHECK(strcmp(getenv("TZ"), "UTC") == 0);
	if (rc == 0) {
		CHECK(has_time == 0 || has_time == 1);
		lo = (now - LIMIT < 0 ? now - LIMIT : 0) - SLACK;
		hi = (now + LIMIT > FUZZ_TIME_MAX ? now + LIMIT :
		    FUZZ_TIME_MAX) + SLACK;
		CHECK(t >= lo && t <= hi);
		if ((flags & LEADS_WHEN_FUTURE) && has_time)
			CHECK(t >= now);
		if (flags & LEADS_WHEN_FUTURE)
			CHECK(t > now - 2 * 86400 - 3600);
		/* has_time may be NULL. */
		CHECK(leads_when_parse(s, now, tz, flags, &t, NULL,
		    NULL) == 0);
	} else {
		CHECK(err.code == LEADS_EUSAGE);
		CHECK(fuzz_starts(err.msg, "bad time '") ||
		    (err.msg[0] == '\'' && strstr(err.msg, "' is in the past")
		    != NULL));
	}
	free(s);
	return 0;
}
