/*
 * test_when.c - leads_when_parse: times as a rep types them.
 *
 * Expected values are computed independently: the wall-clock time the
 * phrase means, written out and read by leads_time_parse in the same
 * zone.  "now" is Monday 2026-11-23 10:00 in the zone of each case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "leads.h"

#define NY	"America/New_York"
#define LON	"Europe/London"
#define SYD	"Australia/Sydney"

static int64_t
at(const char *wall, const char *tz)
{
	struct leads_err err;
	int64_t t;

	if (leads_time_parse(wall, tz, &t, &err) == -1)
		fail_msg("%s: %s", wall, err.msg);
	return t;
}

struct good {
	const char *s;
	const char *now;	/* wall clock in tz */
	const char *tz;
	int flags;
	const char *want;	/* wall clock in tz */
	int has_time;
};

static const struct good goods[] = {
	/* Absolute, as leads_time_parse; a date alone has no time. */
	{ "2027-01-15", "2026-11-23 10:00", NY, 0, "2027-01-15 00:00", 0 },
	{ "2027-01-15 14:30", "2026-11-23 10:00", NY, 0, "2027-01-15 14:30", 1 },
	{ "2027-01-15 3pm", "2026-11-23 10:00", NY, 0, "2027-01-15 15:00", 1 },
	{ "2027-01-15 at 9:30 am", "2026-11-23 10:00", LON, 0,
	    "2027-01-15 09:30", 1 },
	/* Day words and weekdays, strictly after today; a time after. */
	{ "today", "2026-11-23 10:00", NY, 0, "2026-11-23 00:00", 0 },
	{ "today 15:00", "2026-11-23 10:00", NY, 0, "2026-11-23 15:00", 1 },
	{ "tomorrow 10:00", "2026-11-23 10:00", NY, 0, "2026-11-24 10:00", 1 },
	{ "Tomorrow  at  noon", "2026-11-23 10:00", NY, 0,
	    "2026-11-24 12:00", 1 },
	{ "mon 9am", "2026-11-23 10:00", NY, 0, "2026-11-30 09:00", 1 },
	{ "monday", "2026-11-23 10:00", NY, 0, "2026-11-30 00:00", 0 },
	{ "tue 10:00", "2026-11-23 10:00", NY, 0, "2026-11-24 10:00", 1 },
	{ "tues 9:30 pm", "2026-11-23 10:00", NY, 0, "2026-11-24 21:30", 1 },
	{ "next fri", "2026-11-23 10:00", NY, 0, "2026-11-27 00:00", 0 },
	{ "sunday midnight", "2026-11-23 10:00", SYD, 0,
	    "2026-11-29 00:00", 1 },
	{ "next week", "2026-11-23 10:00", NY, 0, "2026-11-30 00:00", 0 },
	{ "12am", "2026-11-23 10:00", NY, 0, "2026-11-24 00:00", 1 },
	/* A time alone: today while it is ahead, else tomorrow. */
	{ "15:00", "2026-11-23 10:00", NY, 0, "2026-11-23 15:00", 1 },
	{ "9am", "2026-11-23 10:00", NY, 0, "2026-11-24 09:00", 1 },
	{ "12pm", "2026-11-23 10:00", LON, 0, "2026-11-23 12:00", 1 },
	/* Relative; days and longer keep the wall clock. */
	{ "+30m", "2026-11-23 10:00", NY, 0, "2026-11-23 10:30", 1 },
	{ "+2h", "2026-11-23 10:00", NY, 0, "2026-11-23 12:00", 1 },
	{ "+3d", "2026-11-23 10:00", NY, 0, "2026-11-26 10:00", 1 },
	{ "+3 days", "2026-11-23 10:00", NY, 0, "2026-11-26 10:00", 1 },
	{ "+2w", "2026-11-23 10:00", NY, 0, "2026-12-07 10:00", 1 },
	{ "+3mo", "2026-11-23 10:00", NY, 0, "2027-02-23 10:00", 1 },
	{ "+1y", "2026-11-23 10:00", NY, 0, "2027-11-23 10:00", 1 },
	{ "in 2 weeks", "2026-11-23 10:00", NY, 0, "2026-12-07 10:00", 1 },
	{ "in 3 months", "2026-11-23 10:00", NY, 0, "2027-02-23 10:00", 1 },
	{ "in 90 minutes", "2026-11-23 10:00", NY, 0, "2026-11-23 11:30", 1 },
	{ "in an hour", "2026-11-23 10:00", NY, 0, "2026-11-23 11:00", 1 },
	{ "in a week", "2026-11-23 10:00", NY, 0, "2026-11-30 10:00", 1 },
	{ "in 2 days at 9am", "2026-11-23 10:00", NY, 0,
	    "2026-11-25 09:00", 1 },
	{ "+3d 10:00", "2026-11-23 15:00", NY, 0, "2026-11-26 10:00", 1 },
	/* Months end on the month's last day. */
	{ "+1mo", "2027-01-31 10:00", NY, 0, "2027-02-28 10:00", 1 },
	{ "+1mo", "2028-01-31 10:00", NY, 0, "2028-02-29 10:00", 1 },
	{ "+1y", "2028-02-29 10:00", NY, 0, "2029-02-28 10:00", 1 },
	/* Daylight saving: a day keeps 10:00 across the change. */
	{ "+1d", "2026-10-31 10:00", NY, 0, "2026-11-01 10:00", 1 },
	{ "+1d", "2027-03-13 10:00", NY, 0, "2027-03-14 10:00", 1 },
	{ "tomorrow 9am", "2027-03-27 10:00", LON, 0, "2027-03-28 09:00", 1 },
	/* Past, when allowed. */
	{ "-2h", "2026-11-23 10:00", NY, LEADS_WHEN_PAST, "2026-11-23 08:00", 1 },
	{ "3 days ago", "2026-11-23 10:00", NY, LEADS_WHEN_PAST,
	    "2026-11-20 10:00", 1 },
	{ "yesterday 16:00", "2026-11-23 10:00", NY, LEADS_WHEN_PAST,
	    "2026-11-22 16:00", 1 },
	{ "09:30", "2026-11-23 10:00", NY, LEADS_WHEN_PAST,
	    "2026-11-23 09:30", 1 },
	/* Future: today and a date of today are not past. */
	{ "today", "2026-11-23 10:00", NY, LEADS_WHEN_FUTURE,
	    "2026-11-23 00:00", 0 },
	{ "2026-11-23", "2026-11-23 10:00", NY, LEADS_WHEN_FUTURE,
	    "2026-11-23 00:00", 0 },
};

static void
test_goods(void **state)
{
	struct leads_err err;
	const struct good *g;
	int64_t t, now;
	size_t i;
	int ht;

	(void)state;
	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		g = &goods[i];
		now = at(g->now, g->tz);
		ht = -1;
		if (leads_when_parse(g->s, now, g->tz, g->flags, &t, &ht,
		    &err) == -1)
			fail_msg("'%s': %s", g->s, err.msg);
		if (t != at(g->want, g->tz))
			fail_msg("'%s' at %s %s: got %lld, want %s", g->s,
			    g->now, g->tz, (long long)t, g->want);
		if (ht != g->has_time)
			fail_msg("'%s': has_time %d", g->s, ht);
	}
}

/* An offset wins over the zone. */
static void
test_offset(void **state)
{
	struct leads_err err;
	int64_t t;

	(void)state;
	assert_int_equal(leads_when_parse("2027-01-15T14:30:00-05:00", 0, SYD,
	    0, &t, NULL, &err), 0);
	assert_int_equal(t, at("2027-01-15 19:30", "UTC"));
}

static const char *const bads[] = {
	"", "   ", "someday", "tomorrow 10:00 xyz", "25:00", "13pm", "0am",
	"10:60", "10", "+3", "+3x", "in 3", "in parsecs", "3 days",
	"+9999999d", "+2000y", "+100000000m", "next", "mon 25:00", "in a",
	"2027-13-45", "tomorrow tomorrow", "-3d", "3 days ago", "yesterday",
	"tomorrow\x01", "+2h 10:00", "in 90 minutes at 9am"
};

static void
test_bads(void **state)
{
	char want[512], shown[64];
	struct leads_err err;
	int64_t t, now = at("2026-11-23 10:00", NY);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		if (leads_when_parse(bads[i], now, NY, 0, &t, NULL, &err) == 0)
			fail_msg("'%s' was taken", bads[i]);
		assert_int_equal(err.code, LEADS_EUSAGE);
		snprintf(shown, sizeof(shown), "%s", bads[i]);
		if (strcmp(bads[i], "tomorrow\x01") == 0)
			strcpy(shown, "tomorrow?");
		snprintf(want, sizeof(want), "bad time '%s': try \"tomorrow"
		    " 10:00\", \"mon 9am\", \"+3d\", \"in 2 weeks\" or"
		    " \"2027-01-15 14:30\"", shown);
		assert_string_equal(err.msg, want);
	}
}

static void
test_long(void **state)
{
	char s[300];
	struct leads_err err;
	int64_t t;

	(void)state;
	memset(s, '1', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	assert_int_equal(leads_when_parse(s, 0, NY, 0, &t, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "...': try"));
	/* cut at a character boundary: 47 bytes of 'e' and then an 'é' */
	memset(s, 'e', 47);
	strcpy(s + 47, "\xc3\xa9 tomorrow");
	assert_int_equal(leads_when_parse(s, 0, NY, 0, &t, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "eee...': try"));
}

static void
test_future(void **state)
{
	struct leads_err err;
	int64_t t, now = at("2026-11-23 10:00", NY);

	(void)state;
	assert_int_equal(leads_when_parse("2026-11-20 10:00", now, NY,
	    LEADS_WHEN_FUTURE, &t, NULL, &err), -1);
	assert_int_equal(err.code, LEADS_EUSAGE);
	assert_string_equal(err.msg, "'2026-11-20 10:00' is in the past: try"
	    " \"tomorrow 10:00\", \"+3d\" or a later date");
	assert_int_equal(leads_when_parse("2026-11-22", now, NY,
	    LEADS_WHEN_FUTURE, &t, NULL, &err), -1);
	/* control characters are never printed */
	assert_int_equal(leads_when_parse("2026-11-01\t10:00", now, NY,
	    LEADS_WHEN_FUTURE, &t, NULL, &err), -1);
	assert_string_equal(err.msg, "'2026-11-01?10:00' is in the past: try"
	    " \"tomorrow 10:00\", \"+3d\" or a later date");
	assert_int_equal(leads_when_parse("+1m", now, NY, LEADS_WHEN_FUTURE,
	    &t, NULL, &err), 0);
	assert_int_equal(t, now + 60);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goods),
		cmocka_unit_test(test_offset),
		cmocka_unit_test(test_bads),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_future),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
