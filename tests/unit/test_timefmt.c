/*
 * test_timefmt.c - leads_time_parse and leads_time_rfc3339.
 *
 * Expected values are epoch seconds worked out by hand.  The anchor:
 * 2026-11-22T10:00:00Z.  1970..2025 is 56 years with 14 leap years
 * (1972..2024), so 56 * 365 + 14 = 20454 days to 2026-01-01; Jan..Oct
 * 2026 is 304 days, plus 21 to Nov 22, 20779 days = 1795305600 s at
 * midnight, + 10 h = 1795341600.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "leads.h"

#define NY	"America/New_York"
#define MEL	"Australia/Melbourne"
#define LON	"Europe/London"

#define MID	INT64_C(1795305600)	/* 2026-11-22T00:00:00Z */
#define T10	INT64_C(1795341600)	/* 2026-11-22T10:00:00Z */
#define H	INT64_C(3600)

struct good {
	const char *s;
	const char *tz;
	int64_t t;
};

static const struct good goods[] = {
	/* ISO 8601 / RFC 3339; an offset wins over tz. */
	{ "2026-11-22T10:00:00Z", "UTC", T10 },
	{ "2026-11-22t10:00:00z", NY, T10 },
	{ "2026-11-22T10:00:00+0000", NY, T10 },
	/* 2015-11-12: 45 years, 11 leap (1972..2012): 16436 days; Jan..Oct
	 * 304 + 11 = 315 days: 16751 * 86400 + 15:27:06 (55626 s). */
	{ "2015-11-12T15:27:06+0000", NULL, INT64_C(1447342026) },
	{ "2026-11-22T10:00:00.123456Z", "UTC", T10 },
	{ "2026-11-22T10:00:00.9+00:00", "UTC", T10 },
	{ "2026-11-22T10:00Z", NY, T10 },
	{ "2026-11-22T10:00+01:00", "UTC", T10 - H },
	{ "2026-11-22T10:00:00+0100", "UTC", T10 - H },
	{ "2026-11-22T10:00:00+01", "UTC", T10 - H },
	{ "2026-11-22T10:00:00-05:30", "UTC", T10 + 5 * H + 1800 },
	{ "2026-11-22T10:00:00-00:00", MEL, T10 },
	{ "2026-11-22T10:00:00+23:59", "UTC", T10 - 23 * H - 59 * 60 },
	{ "2026-11-22T10:00:00-2359", "UTC", T10 + 23 * H + 59 * 60 },
	{ "  2026-11-22T10:00:00Z \r\n", "UTC", T10 },
	{ "2026-11-22T23:59:60Z", "UTC", MID + 86399 },	/* 60 -> 59 */
	{ "1970-01-01T00:00:00Z", "UTC", 0 },
	{ "9999-12-31T23:59:59Z", "UTC", INT64_C(253402300799) },

	/* No offset: local time in tz. */
	{ "2026-11-22 10:00", "UTC", T10 },
	{ "2026-11-22 10:00:00", NY, T10 + 5 * H },	/* EST */
	{ "2026-11-22T10:00", LON, T10 },		/* GMT */
	{ "2026-11-22", "UTC", MID },
	{ "2026-11-22", NY, MID + 5 * H },
	{ "2026-11-22", MEL, MID - 11 * H },		/* AEDT */
	{ "2026-11-22", LON, MID },
	/* 2026-07-01T12:00Z is 1782907200. */
	{ "2026-07-01T12:00", "UTC", INT64_C(1782907200) },
	{ "2026-07-01T12:00", NY, INT64_C(1782907200) + 4 * H },   /* EDT */
	{ "2026-07-01T12:00", LON, INT64_C(1782907200) - H },      /* BST */
	{ "2026-07-01T12:00", MEL, INT64_C(1782907200) - 10 * H }, /* AEST */

	/* Leap days: 2024 (by 4) and 2000 (by 400). */
	{ "2024-02-29", "UTC", INT64_C(1709164800) },
	{ "2000-02-29T12:00:00Z", NY, INT64_C(951825600) },
	{ "02/29/2024", "UTC", INT64_C(1709164800) },

	/*
	 * Daylight-saving edges: a time in a gap moves forward by the gap,
	 * an ambiguous time is the earlier instant (leads_tz_mktime).
	 * New York 2026-03-08 02:30 does not exist: 03:30 EDT = 07:30Z.
	 */
	{ "2026-03-08T02:30", NY, INT64_C(1772955000) },
	{ "2026-03-08T03:30", NY, INT64_C(1772955000) },
	/* 2026-11-01 01:30 happens twice: EDT first, 05:30Z. */
	{ "2026-11-01T01:30", NY, INT64_C(1793511000) },
	{ "2026-11-01T02:30", NY, INT64_C(1793511000) + 2 * H },   /* EST */
	/* Melbourne 2026-10-04 02:30 does not exist: 03:30 AEDT. */
	{ "2026-10-04T02:30", MEL, INT64_C(1791045000) },
	/* Melbourne 2026-04-05 02:30 twice: AEDT first, 04-04 15:30Z. */
	{ "2026-04-05T02:30", MEL, INT64_C(1775316600) },
	/* London 2026-03-29 01:30 does not exist: 02:30 BST = 01:30Z. */
	{ "2026-03-29T01:30", LON, INT64_C(1774747800) },
	/* London 2026-10-25 01:30 twice: BST first, 00:30Z. */
	{ "2026-10-25T01:30", LON, INT64_C(1792888200) },

	/* RFC 2822. */
	{ "Sun, 22 Nov 2026 10:00:00 +1100", "UTC", T10 - 11 * H },
	{ "Sun, 22 Nov 2026 10:00:00 -0930", "UTC", T10 + 9 * H + 1800 },
	{ "22 Nov 2026 10:00 GMT", NY, T10 },
	{ "Sun, 22 Nov 2026 10:00:00 +0000 (UTC)", NY, T10 },
	{ "Sun, 22 Nov 2026 10:00:00 +0000 (a (nested) \\) one) (two)",
	    "UTC", T10 },
	{ "Sun,22 Nov 2026 10:00:00 +0000(UTC)", "UTC", T10 },
	{ "Sun ,  22  Nov\t2026 10:00:00  UT", "UTC", T10 },
	{ "sun, 22 nov 2026 10:00:00 est", "UTC", T10 + 5 * H },
	{ "SUN, 22 NOV 2026 10:00:00 EDT", "UTC", T10 + 4 * H },
	{ "Sun, 22 Nov 2026 10:00:00 CST", "UTC", T10 + 6 * H },
	{ "Sun, 22 Nov 2026 10:00:00 CDT", "UTC", T10 + 5 * H },
	{ "Sun, 22 Nov 2026 10:00:00 MST", "UTC", T10 + 7 * H },
	{ "Sun, 22 Nov 2026 10:00:00 MDT", "UTC", T10 + 6 * H },
	{ "Sun, 22 Nov 2026 10:00:00 PST", "UTC", T10 + 8 * H },
	{ "Sun, 22 Nov 2026 10:00:00 PDT", "UTC", T10 + 7 * H },
	{ "Sun, 22 Nov 2026 10:00:00 Z", "UTC", T10 },
	/* Obsolete years: 00-49 are 20xx, 50-99 19xx, three digits +1900. */
	{ "Sun, 22 Nov 26 10:00:00 -0800", "UTC", T10 + 8 * H },
	{ "Sun, 22 Nov 126 10:00:00 +0000", "UTC", T10 },
	{ "Thu, 01 Jan 98 00:00:00 GMT", "UTC", INT64_C(883612800) },
	/* 2024-02-01 09:05:07Z: 1706745600 + 32707. */
	{ "1 Feb 2024 09:05:07 +0000", MEL, INT64_C(1706778307) },

	/* US slash dates, local time in tz. */
	{ "11/22/2026", NY, MID + 5 * H },
	{ "11/22/2026 10:00", "UTC", T10 },
	{ "11/22/2026 10:00 AM", NY, T10 + 5 * H },
	{ "11/22/2026 10:00 PM", NY, T10 + 17 * H },
	{ "11/22/2026 10:00 am", MEL, T10 - 11 * H },
	{ "11/22/2026 12:00 AM", "UTC", MID },
	{ "11/22/2026 12:30:00 PM", "UTC", MID + 12 * H + 1800 },
	{ "11/22/2026 14:30:15", "UTC", MID + 14 * H + 30 * 60 + 15 },
	/* 2026-01-05 21:05:07Z: 20454 + 4 days = 1767571200, + 75907. */
	{ "1/5/2026 9:05:07 pm", "UTC", INT64_C(1767647107) },
	/* Day first when the first number is over 12. */
	{ "22/11/2026 10:00", "UTC", T10 },
	{ "22/11/2026", LON, MID },

	/* Epoch seconds and milliseconds. */
	{ "1447342026", NY, INT64_C(1447342026) },
	{ "123456789", "UTC", INT64_C(123456789) },
	{ "1447342026123", NY, INT64_C(1447342026) },
	{ "144734202612", "UTC", INT64_C(144734202) },
	{ "0000000000", "UTC", 0 },
	{ " 1447342026\n", "UTC", INT64_C(1447342026) },
};

struct bad {
	const char *s;
	const char *tz;
	const char *show;	/* the value as the message quotes it */
};

static const struct bad bads[] = {
	{ "2026-13-01", "UTC", NULL },
	{ "2026-00-01", "UTC", NULL },
	{ "2026-02-30", "UTC", NULL },
	{ "2026-02-29", "UTC", NULL },			/* not a leap year */
	{ "1900-02-29", "UTC", NULL },			/* nor is 1900 */
	{ "2026-04-31", NY, NULL },
	{ "2026-11-00", NY, NULL },
	{ "25:00", "UTC", NULL },
	{ "2026-11-22T25:00", "UTC", NULL },
	{ "2026-11-22T24:00:00", "UTC", NULL },
	{ "2026-11-22T10:60", "UTC", NULL },
	{ "2026-11-22T10:00:61", "UTC", NULL },
	{ "2026-11-22T10:00:00+2500", "UTC", NULL },
	{ "2026-11-22T10:00:00+24:00", "UTC", NULL },
	{ "2026-11-22T10:00:00+01:60", "UTC", NULL },
	{ "2026-11-22T10:00:00+1", "UTC", NULL },
	{ "2026-11-22T10:00:00+01:0", "UTC", NULL },
	{ "2026-11-22T10:00:00+010", "UTC", NULL },
	{ "2026-11-22T10:00:00 +01:00", "UTC", NULL },
	{ "2026-11-22T10:00:00.", "UTC", NULL },
	{ "2026-11-22T10:00.5", "UTC", NULL },
	{ "2026-11-22T", "UTC", NULL },
	{ "2026-11-22T10", "UTC", NULL },
	{ "2026-11-22T1:00", "UTC", NULL },
	{ "2026-11-22  10:00", "UTC", NULL },
	{ "2026-11-22Z", "UTC", NULL },
	{ "2026-1-22", "UTC", NULL },
	{ "02026-11-22", "UTC", NULL },
	{ "1969-12-31", "UTC", NULL },
	{ "0000-01-01", "UTC", NULL },
	/* Valid fields, but the instant is outside 1970..9999. */
	{ "1970-01-01T00:00:00+01:00", "UTC", NULL },
	{ "9999-12-31T23:00:00-05:00", "UTC", NULL },
	{ "yesterday", "UTC", NULL },
	{ "now", "UTC", NULL },
	{ "", "UTC", NULL },
	{ " \t\n", "UTC", "" },
	{ "12345", "UTC", NULL },
	{ "12345678", "UTC", NULL },
	{ "12345678901", "UTC", NULL },
	{ "12345678901234", "UTC", NULL },
	{ "-1447342026", "UTC", NULL },
	{ "+1447342026", "UTC", NULL },
	{ "1447342026.5", "UTC", NULL },
	{ "20261122", "UTC", NULL },
	{ "2026-11-22 10:00 junk", "UTC", NULL },
	{ "2026-11-22T10:00:00Z junk", "UTC", NULL },
	{ "2026-11-22T10:00:00Zjunk", "UTC", NULL },
	{ "32/01/2026", "UTC", NULL },
	{ "13/13/2026", "UTC", NULL },
	{ "11/31/2026", "UTC", NULL },
	{ "0/5/2026", "UTC", NULL },
	{ "11/22/26", "UTC", NULL },
	{ "11/22/2026 13:00 PM", "UTC", NULL },
	{ "11/22/2026 0:30 AM", "UTC", NULL },
	{ "11/22/2026 10:00 XM", "UTC", NULL },
	{ "11/22/2026 10:00 AMX", "UTC", NULL },
	{ "11/22/2026 10:00AM", "UTC", NULL },
	{ "11/22/2026 24:00", "UTC", NULL },
	{ "11/22/2026T10:00", "UTC", NULL },
	{ "Sun, 22 Nov 2026 10:00:00", "UTC", NULL },	/* no zone */
	{ "Sun, 22 Nov 2026 10:00:00 CET", "UTC", NULL },
	{ "Sun, 22 Nov 2026 10:00:00 +2500", "UTC", NULL },
	{ "Sun, 22 Nov 2026 10:00:00 +00:00", "UTC", NULL },
	{ "Sun, 22 Nov 2026 10:00:00 +0000 (UTC", "UTC", NULL },
	{ "Sun, 22 Nov 2026 10:00:00 +0000 junk", "UTC", NULL },
	{ "Sunday, 22 Nov 2026 10:00:00 GMT", "UTC", NULL },
	{ "Sun 22 Nov 2026 10:00:00 GMT", "UTC", NULL },
	{ "22 November 2026 10:00 GMT", "UTC", NULL },
	{ "31 Nov 2026 10:00 GMT", "UTC", NULL },
	{ "1 Jan 69 00:00 GMT", "UTC", NULL },		/* 1969 */
	{ "22 Nov 20266 10:00 GMT", "UTC", NULL },
	{ "22 Nov 2026 1:00 GMT", "UTC", NULL },
	{ "bad\001value", "UTC", "bad?value" },	/* control bytes masked */
};

static void
test_good(void **state)
{
	struct leads_err err;
	size_t i;
	int64_t t;

	(void)state;
	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		t = -12345;
		memset(&err, 0, sizeof(err));
		if (leads_time_parse(goods[i].s, goods[i].tz, &t, &err) != 0)
			fail_msg("'%s' in %s: %s", goods[i].s,
			    goods[i].tz ? goods[i].tz : "(null)", err.msg);
		if (t != goods[i].t)
			fail_msg("'%s' in %s: got %lld, want %lld", goods[i].s,
			    goods[i].tz ? goods[i].tz : "(null)",
			    (long long)t, (long long)goods[i].t);
	}
}

static void
test_bad(void **state)
{
	struct leads_err err;
	char want[256];
	size_t i;
	int64_t t;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		t = -12345;
		memset(&err, 0, sizeof(err));
		if (leads_time_parse(bads[i].s, bads[i].tz, &t, &err) != -1)
			fail_msg("'%s' accepted as %lld", bads[i].s,
			    (long long)t);
		if (t != -12345)
			fail_msg("'%s': t written on failure", bads[i].s);
		if (err.code != LEADS_EDATA)
			fail_msg("'%s': code %d", bads[i].s, err.code);
		snprintf(want, sizeof(want), "bad time '%s': ",
		    bads[i].show ? bads[i].show : bads[i].s);
		if (strncmp(err.msg, want, strlen(want)) != 0 ||
		    strlen(err.msg) == strlen(want))
			fail_msg("'%s': message '%s'", bads[i].s, err.msg);
		if (strchr(err.msg, '\n') != NULL ||
		    err.msg[strlen(err.msg) - 1] == '.')
			fail_msg("'%s': message '%s'", bads[i].s, err.msg);
	}
	/* err may be NULL. */
	assert_int_equal(leads_time_parse("junk", "UTC", &t, NULL), -1);
	assert_int_equal(leads_time_parse(NULL, "UTC", &t, &err), -1);
	assert_int_equal(err.code, LEADS_EDATA);
}

static void
test_long_value(void **state)
{
	struct leads_err err;
	char s[200], want[100];

	(void)state;
	memset(s, '7', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	s[4] = '-';
	assert_int_equal(leads_time_parse(s, "UTC", &(int64_t){ 0 }, &err),
	    -1);
	assert_int_equal(err.code, LEADS_EDATA);
	snprintf(want, sizeof(want), "bad time '%.60s...': ", s);
	assert_true(strncmp(err.msg, want, strlen(want)) == 0);
	assert_true(strlen(err.msg) < 150);

	/* A cut never splits a UTF-8 sequence: "é" is 2 bytes at 59..60. */
	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	s[59] = (char)0xc3;
	s[60] = (char)0xa9;
	assert_int_equal(leads_time_parse(s, "UTC", &(int64_t){ 0 }, &err),
	    -1);
	snprintf(want, sizeof(want), "bad time '%.59s...': ", s);
	assert_true(strncmp(err.msg, want, strlen(want)) == 0);
}

/* tz NULL or "" is the process's zone, TZ. */
static void
test_local_zone(void **state)
{
	const char *old = getenv("TZ");
	char *save = old ? strdup(old) : NULL;
	int64_t t;

	(void)state;
	assert_int_equal(setenv("TZ", MEL, 1), 0);
	tzset();
	assert_int_equal(leads_time_parse("2026-11-22", NULL, &t, NULL), 0);
	assert_true(t == MID - 11 * H);
	assert_int_equal(leads_time_parse("2026-11-22", "", &t, NULL), 0);
	assert_true(t == MID - 11 * H);
	/* A named zone is used and TZ is left as it was. */
	assert_int_equal(leads_time_parse("2026-11-22", NY, &t, NULL), 0);
	assert_true(t == MID + 5 * H);
	assert_string_equal(getenv("TZ"), MEL);
	if (save != NULL)
		setenv("TZ", save, 1);
	else
		unsetenv("TZ");
	tzset();
	free(save);
}

/* leads_tz_local() as the C library has it, second by second. */
static void
same_as_libc(const char *tz, int64_t t)
{
	struct tm a, b;
	time_t tt = (time_t)t;

	assert_int_equal(leads_tz_local(t, tz, &a), 0);
	setenv("TZ", tz, 1);
	tzset();
	assert_non_null(localtime_r(&tt, &b));
	if (a.tm_year != b.tm_year || a.tm_mon != b.tm_mon ||
	    a.tm_mday != b.tm_mday || a.tm_hour != b.tm_hour ||
	    a.tm_min != b.tm_min || a.tm_sec != b.tm_sec ||
	    a.tm_wday != b.tm_wday || a.tm_yday != b.tm_yday ||
	    a.tm_isdst != b.tm_isdst || a.tm_gmtoff != b.tm_gmtoff ||
	    strcmp(a.tm_zone, b.tm_zone) != 0)
		fail_msg("%s at %lld: %02d:%02d %s %ld, libc %02d:%02d %s %ld",
		    tz, (long long)t, a.tm_hour, a.tm_min, a.tm_zone,
		    a.tm_gmtoff, b.tm_hour, b.tm_min, b.tm_zone, b.tm_gmtoff);
}

/*
 * The per-day cache of zone offsets gives what the C library gives: in
 * zones with whole-hour, half-hour and 45-minute offsets, with DST shifts
 * of an hour and of half an hour, every quarter hour around each
 * transition of 2024..2028 and at spread-out times in between.
 */
static void
test_zone_cache(void **state)
{
	static const char *const zones[] = {
		NY, MEL, LON, "Australia/Lord_Howe", "Asia/Kathmandu",
		"America/St_Johns", "Pacific/Chatham", "UTC"
	};
	const char *old = getenv("TZ");
	char *save = old ? strdup(old) : NULL;
	const int64_t from = INT64_C(1704067200);	/* 2024-01-01 */
	const int64_t to = INT64_C(1861920000);		/* 2029-01-01 */
	struct tm tm;
	int64_t t, back;
	long prev;
	size_t z;

	(void)state;
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		prev = 0;
		for (t = from; t < to; t += 7 * 3600 + 13 * 60 + 17) {
			same_as_libc(zones[z], t);
			assert_int_equal(leads_tz_local(t, zones[z], &tm), 0);
			/* A transition since the last sample: go through it. */
			if (t > from && tm.tm_gmtoff != prev) {
				int64_t u;
				for (u = t - 8 * 3600; u <= t; u += 900)
					same_as_libc(zones[z], u);
			}
			prev = tm.tm_gmtoff;
			/* And back: a wall-clock time that is not ambiguous. */
			tm.tm_isdst = 0;
			assert_int_equal(leads_tz_mktime(&tm, zones[z], &back),
			    0);
			if (back != t) {
				struct tm other;
				assert_int_equal(leads_tz_local(back, zones[z],
				    &other), 0);
				assert_int_equal(other.tm_hour, tm.tm_hour);
				assert_int_equal(other.tm_min, tm.tm_min);
				assert_true(back < t);	/* the earlier one */
			}
		}
	}
	if (save != NULL)
		setenv("TZ", save, 1);
	else
		unsetenv("TZ");
	tzset();
	free(save);
}

static void
test_rfc3339(void **state)
{
	char buf[32];
	int64_t t;

	(void)state;
	assert_string_equal(leads_time_rfc3339(0, buf, sizeof(buf)),
	    "1970-01-01T00:00:00Z");
	assert_string_equal(leads_time_rfc3339(T10, buf, sizeof(buf)),
	    "2026-11-22T10:00:00Z");
	assert_string_equal(leads_time_rfc3339(INT64_C(951825600), buf,
	    sizeof(buf)), "2000-02-29T12:00:00Z");
	assert_string_equal(leads_time_rfc3339(INT64_C(253402300799), buf,
	    sizeof(buf)), "9999-12-31T23:59:59Z");
	assert_string_equal(leads_time_rfc3339(-1, buf, sizeof(buf)),
	    "1969-12-31T23:59:59Z");
	assert_string_equal(leads_time_rfc3339(INT64_C(253402300800), buf,
	    sizeof(buf)), "");
	assert_string_equal(leads_time_rfc3339(T10, buf, 21),
	    "2026-11-22T10:00:00Z");
	assert_ptr_equal(leads_time_rfc3339(T10, buf, 20), buf);
	assert_string_equal(buf, "");
	assert_ptr_equal(leads_time_rfc3339(T10, buf, 0), buf);

	/* Round trip through the parser. */
	assert_int_equal(leads_time_parse(leads_time_rfc3339(T10 + 59, buf,
	    sizeof(buf)), NY, &t, NULL), 0);
	assert_true(t == T10 + 59);
}

/*
 * Zones from several threads at once: each sees what one thread alone
 * sees, though they switch TZ for the process and more zones than a
 * cache holds go through it.
 */
#define TZN 10
#define TZT 600
static const char *const tzs[TZN] = {
	NY, MEL, LON, "Australia/Lord_Howe", "Asia/Kathmandu",
	"America/St_Johns", "Pacific/Chatham", "UTC", "Asia/Tokyo",
	"America/Los_Angeles"
};
static long tz_want[TZN][TZT];

static int64_t
tz_sample(int i)
{
	return INT64_C(1704067200) + (int64_t)i * 86400 * 3 + i * 3541;
}

struct tz_job {
	int first;	/* zone to start at */
	long bad;	/* answers unlike one thread's */
};

static void *
tz_worker(void *arg)
{
	struct tz_job *j = arg;
	long *bad = &j->bad;
	struct tm tm;
	int64_t back;
	int k, i, z;

	for (k = 0; k < TZN * TZT; k++) {
		z = (k + j->first) % TZN;
		i = (k * 7) % TZT;
		if (leads_tz_local(tz_sample(i), tzs[z], &tm) != 0 ||
		    tm.tm_gmtoff != tz_want[z][i])
			(*bad)++;
		tm.tm_isdst = 0;
		if (leads_tz_mktime(&tm, tzs[z], &back) != 0 ||
		    (back != tz_sample(i) && back > tz_sample(i)))
			(*bad)++;
	}
	leads_tz_release();
	return NULL;
}

static void
test_zone_threads(void **state)
{
	struct tz_job job[4] = { { 0, 0 }, { 3, 0 }, { 5, 0 }, { 8, 0 } };
	pthread_t th[4];
	struct tm tm;
	int i, z;

	(void)state;
	for (z = 0; z < TZN; z++)
		for (i = 0; i < TZT; i++) {
			assert_int_equal(leads_tz_local(tz_sample(i), tzs[z],
			    &tm), 0);
			tz_want[z][i] = tm.tm_gmtoff;
		}
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, tz_worker,
		    &job[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(job[i].bad, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_long_value),
		cmocka_unit_test(test_local_zone),
		cmocka_unit_test(test_zone_cache),
		cmocka_unit_test(test_zone_threads),
		cmocka_unit_test(test_rfc3339),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
