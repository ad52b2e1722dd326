/* Unit tests of schedule.c: (rule, time, zone) -> time tables. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "leads.h"
#include "conf.h"

/* Mon-Fri 09:00-17:00, Sat 10:00-13:00; Christmas and New Year. */
static int32_t holidays[] = { 20261225, 20270101 };

static void
make_conf(struct leads_conf *c, int saturday)
{
	int d;

	memset(c, 0, sizeof(*c));
	c->has_hours = 1;
	for (d = 1; d <= 5; d++) {
		c->hours[d].n = 1;
		c->hours[d].from[0] = 9 * 60;
		c->hours[d].to[0] = 17 * 60;
	}
	if (saturday) {
		c->hours[6].n = 1;
		c->hours[6].from[0] = 10 * 60;
		c->hours[6].to[0] = 13 * 60;
	}
	c->holidays = holidays;
	c->nholidays = 2;
}

/* "2026-11-23T10:00:00Z" -> epoch, via the parser under test elsewhere. */
static int64_t
T(const char *s)
{
	struct leads_err err;
	int64_t t = 0;

	if (leads_time_parse(s, "UTC", &t, &err) == -1)
		fail_msg("%s", err.msg);
	return t;
}

static void
test_next_open(void **state)
{
	static const struct {
		int sat;
		const char *tz, *at, *want;
		int why;
	} cases[] = {
		/* Monday 10:00 New York (15:00Z): open, stays. */
		{ 1, "America/New_York", "2026-11-23T15:00:00Z",
		    "2026-11-23T15:00:00Z", LEADS_SHIFT_NONE },
		/* Monday 08:00 New York: 09:00 the same day. */
		{ 1, "America/New_York", "2026-11-23T13:00:00Z",
		    "2026-11-23T14:00:00Z", LEADS_SHIFT_HOURS },
		/* Friday 17:55: Saturday 10:00 when open on Saturdays... */
		{ 1, "America/New_York", "2026-11-27T22:55:00Z",
		    "2026-11-28T15:00:00Z", LEADS_SHIFT_HOURS },
		/* ...else Monday 09:00. */
		{ 0, "America/New_York", "2026-11-27T22:55:00Z",
		    "2026-11-30T14:00:00Z", LEADS_SHIFT_HOURS },
		/* Sunday noon: closed day, Monday 09:00. */
		{ 1, "America/New_York", "2026-11-29T17:00:00Z",
		    "2026-11-30T14:00:00Z", LEADS_SHIFT_CLOSED },
		/* Christmas (a Friday) 10:00: Saturday 26th 10:00. */
		{ 1, "America/New_York", "2026-12-25T15:00:00Z",
		    "2026-12-26T15:00:00Z", LEADS_SHIFT_HOLIDAY },
		/* Thursday 31 Dec 17:30, New Year holiday, no Saturday:
		 * Monday 4 January 09:00. */
		{ 0, "America/New_York", "2026-12-31T22:30:00Z",
		    "2027-01-04T14:00:00Z", LEADS_SHIFT_HOURS },
		/* The same rules in Melbourne (UTC+11 in summer): Monday 09:00
		 * there is Sunday 22:00Z. */
		{ 1, "Australia/Melbourne", "2026-11-22T12:00:00Z",
		    "2026-11-22T22:00:00Z", LEADS_SHIFT_CLOSED },
		/* Across the US switch to summer time (Sunday 8 March 2026):
		 * Saturday 13:30 EST -> Monday 09:00 EDT = 13:00Z. */
		{ 1, "America/New_York", "2026-03-07T18:30:00Z",
		    "2026-03-09T13:00:00Z", LEADS_SHIFT_HOURS },
		/* London, back to winter time on Sunday 25 October 2026:
		 * Friday 17:30 BST -> Monday 09:00 GMT = 09:00Z. */
		{ 0, "Europe/London", "2026-10-23T16:30:00Z",
		    "2026-10-26T09:00:00Z", LEADS_SHIFT_HOURS },
	};
	struct leads_conf c;
	size_t i;
	int why;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		make_conf(&c, cases[i].sat);
		assert_int_equal(leads_next_open(&c, cases[i].tz,
		    T(cases[i].at), &why), T(cases[i].want));
		assert_int_equal(why, cases[i].why);
	}
}

static void
test_no_hours_is_always_open_but_holidays(void **state)
{
	struct leads_conf c;
	int why;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.holidays = holidays;
	c.nholidays = 2;
	assert_int_equal(leads_next_open(&c, "UTC",
	    T("2026-11-29T03:00:00Z"), &why), T("2026-11-29T03:00:00Z"));
	assert_int_equal(leads_next_open(&c, "UTC",
	    T("2026-12-25T03:00:00Z"), &why), T("2026-12-26T00:00:00Z"));
	assert_int_equal(why, LEADS_SHIFT_HOLIDAY);
}

static void
test_after(void **state)
{
	static const struct {
		long n;
		enum leads_unit unit;
		const char *tz, *base, *want;
	} cases[] = {
		{ 10, LEADS_U_MIN, "UTC", "2026-11-23T10:00:00Z",
		    "2026-11-23T10:10:00Z" },
		{ 2, LEADS_U_HOUR, "UTC", "2026-11-23T10:00:00Z",
		    "2026-11-23T12:00:00Z" },
		/* A calendar day across the US switch is 23 hours. */
		{ 1, LEADS_U_DAY, "America/New_York", "2026-03-07T15:00:00Z",
		    "2026-03-08T14:00:00Z" },
		/* A week across the London switch back is 7 days + 1 hour. */
		{ 1, LEADS_U_WEEK, "Europe/London", "2026-10-20T09:00:00Z",
		    "2026-10-27T10:00:00Z" },
		/* Friday + 1 business day = Monday, same time. */
		{ 1, LEADS_U_BDAY, "UTC", "2026-11-27T10:00:00Z",
		    "2026-11-30T10:00:00Z" },
		/* Thursday 24 Dec + 1bd: Christmas and the weekend skipped
		 * (Saturday counts only when open on Saturdays: not here). */
		{ 1, LEADS_U_BDAY, "UTC", "2026-12-24T10:00:00Z",
		    "2026-12-28T10:00:00Z" },
		{ 3, LEADS_U_BDAY, "UTC", "2026-12-30T10:00:00Z",
		    "2027-01-05T10:00:00Z" },
		{ 0, LEADS_U_BDAY, "UTC", "2026-11-28T10:00:00Z",
		    "2026-11-28T10:00:00Z" },
	};
	struct leads_conf c;
	struct leads_dur d;
	size_t i;

	(void)state;
	make_conf(&c, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		d.n = cases[i].n;
		d.unit = cases[i].unit;
		assert_int_equal(leads_after(&c, cases[i].tz, T(cases[i].base),
		    &d), T(cases[i].want));
	}
}

static void
test_step_due(void **state)
{
	struct leads_conf c;
	struct leads_dur d = { 1, LEADS_U_BDAY };
	int64_t raw;
	int why;

	(void)state;
	make_conf(&c, 0);
	/* Friday 18:00 + 1bd = Monday 18:00, after hours: Tuesday 09:00. */
	assert_int_equal(leads_step_due(&c, "UTC", T("2026-11-27T18:00:00Z"),
	    &d, &raw, &why), T("2026-12-01T09:00:00Z"));
	assert_int_equal(raw, T("2026-11-30T18:00:00Z"));
	assert_int_equal(why, LEADS_SHIFT_HOURS);
	assert_string_equal(leads_shift_name(why), "outside working hours");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_open),
		cmocka_unit_test(test_no_hours_is_always_open_but_holidays),
		cmocka_unit_test(test_after),
		cmocka_unit_test(test_step_due),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
