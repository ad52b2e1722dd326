/* Unit tests of plan.c: (cadence, arrival, zone) -> the steps and times. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "leads.h"
#include "conf.h"
#include "plan.h"

#define NY "America/New_York"

/* What one planned step should be. */
struct want {
	const char *cadence;
	size_t step, nsteps;
	const char *id;
	const char *due, *raw;	/* UTC */
	int why;
};

static int64_t
T(const char *s)
{
	struct leads_err err;
	int64_t t = 0;

	if (leads_time_parse(s, "UTC", &t, &err) == -1)
		fail_msg("%s", err.msg);
	return t;
}

static struct leads_conf *
builtin(void)
{
	struct leads_err err;
	struct leads_conf *c;

	if ((c = leads_conf_default(&err)) == NULL)
		fail_msg("%s", err.msg);
	return c;
}

static struct leads_conf *
parse(const char *yaml)
{
	struct leads_err err;
	struct leads_conf *c;

	if ((c = leads_conf_parse(yaml, strlen(yaml), "t.yaml", &err)) ==
	    NULL)
		fail_msg("%s", err.msg);
	return c;
}

/* The items match the table, each based on the due time before it. */
static void
check(const struct leads_plan_item *it, size_t n, const struct want *w,
    size_t nw, int64_t arrival)
{
	char got[32];
	size_t i;

	assert_int_equal(n, nw);
	for (i = 0; i < nw; i++) {
		leads_time_rfc3339(it[i].due, got, sizeof(got));
		if (strcmp(got, w[i].due) != 0)
			fail_msg("item %zu (%s): due %s, want %s", i + 1,
			    w[i].id, got, w[i].due);
		assert_string_equal(it[i].cadence, w[i].cadence);
		assert_int_equal(it[i].step, w[i].step);
		assert_int_equal(it[i].nsteps, w[i].nsteps);
		assert_string_equal(it[i].st->id, w[i].id);
		assert_int_equal(it[i].raw, T(w[i].raw));
		assert_int_equal(it[i].why, w[i].why);
		assert_int_equal(it[i].base, i == 0 ? arrival : it[i - 1].due);
	}
}

/*
 * A lead arriving on Friday 20 November 2026 at 17:55 in New York
 * (22:55Z), after hours: the first call waits for Monday 09:00.
 */
static void
test_friday_evening(void **state)
{
	static const struct want w[] = {
		{ "new-lead", 1, 9, "first-call", "2026-11-23T14:00:00Z",
		    "2026-11-20T22:55:00Z", LEADS_SHIFT_HOURS },
		{ "new-lead", 2, 9, "missed-you", "2026-11-23T14:10:00Z",
		    "2026-11-23T14:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 3, 9, "second-call", "2026-11-23T16:10:00Z",
		    "2026-11-23T16:10:00Z", LEADS_SHIFT_NONE },
		/* 1bd: Tuesday, the same time of day. */
		{ "new-lead", 4, 9, "day-2-call", "2026-11-24T16:10:00Z",
		    "2026-11-24T16:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 5, 9, "useful-email", "2026-11-25T16:10:00Z",
		    "2026-11-25T16:10:00Z", LEADS_SHIFT_NONE },
		/* 2bd from Wednesday: Friday. */
		{ "new-lead", 6, 9, "day-5-call", "2026-11-27T16:10:00Z",
		    "2026-11-27T16:10:00Z", LEADS_SHIFT_NONE },
		/* 2bd from Friday: the weekend skipped, Tuesday. */
		{ "new-lead", 7, 9, "note-by-post", "2026-12-01T16:10:00Z",
		    "2026-12-01T16:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 8, 9, "week-2-call", "2026-12-04T16:10:00Z",
		    "2026-12-04T16:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 9, 9, "last-email", "2026-12-11T16:10:00Z",
		    "2026-12-11T16:10:00Z", LEADS_SHIFT_NONE },
		/* then: nurture.  30d lands on Sunday 10 January 2027. */
		{ "nurture", 1, 2, "monthly-email", "2027-01-11T14:00:00Z",
		    "2027-01-10T16:10:00Z", LEADS_SHIFT_CLOSED },
		{ "nurture", 2, 2, "quarterly-call", "2027-03-12T14:00:00Z",
		    "2027-03-12T14:00:00Z", LEADS_SHIFT_NONE },
	};
	struct leads_conf *c = builtin();
	struct leads_plan_item *it;
	struct leads_plan_end end;
	struct leads_err err;
	int64_t arrival = T("2026-11-20T22:55:00Z");
	size_t n;

	(void)state;
	it = leads_plan(c, "new-lead", NY, arrival, 50, &n, &end, &err);
	assert_non_null(it);
	check(it, n, w, sizeof(w) / sizeof(w[0]), arrival);
	/* nurture's then: is nurture, already in the plan. */
	assert_int_equal(end.stop, LEADS_PLAN_REPEAT);
	assert_string_equal(end.next, "nurture");
	free(it);
	leads_conf_free(c);
}

/*
 * Tuesday 24 November 2026 10:00 in New York: inside hours, so the
 * first call is at once, the email 10 minutes later, the call 2 hours
 * after that.  Sixty days after 13 January 12:10 EST is Sunday 14
 * March 2027 12:10, after the switch to summer time (EDT, UTC-4):
 * moved to Monday 09:00 EDT.
 */
static void
test_tuesday_morning_and_dst(void **state)
{
	static const struct want w[] = {
		{ "new-lead", 1, 9, "first-call", "2026-11-24T15:00:00Z",
		    "2026-11-24T15:00:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 2, 9, "missed-you", "2026-11-24T15:10:00Z",
		    "2026-11-24T15:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 3, 9, "second-call", "2026-11-24T17:10:00Z",
		    "2026-11-24T17:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 4, 9, "day-2-call", "2026-11-25T17:10:00Z",
		    "2026-11-25T17:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 5, 9, "useful-email", "2026-11-26T17:10:00Z",
		    "2026-11-26T17:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 6, 9, "day-5-call", "2026-11-30T17:10:00Z",
		    "2026-11-30T17:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 7, 9, "note-by-post", "2026-12-02T17:10:00Z",
		    "2026-12-02T17:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 8, 9, "week-2-call", "2026-12-07T17:10:00Z",
		    "2026-12-07T17:10:00Z", LEADS_SHIFT_NONE },
		{ "new-lead", 9, 9, "last-email", "2026-12-14T17:10:00Z",
		    "2026-12-14T17:10:00Z", LEADS_SHIFT_NONE },
		{ "nurture", 1, 2, "monthly-email", "2027-01-13T17:10:00Z",
		    "2027-01-13T17:10:00Z", LEADS_SHIFT_NONE },
		{ "nurture", 2, 2, "quarterly-call", "2027-03-15T13:00:00Z",
		    "2027-03-14T16:10:00Z", LEADS_SHIFT_CLOSED },
	};
	struct leads_conf *c = builtin();
	struct leads_plan_item *it;
	struct leads_err err;
	int64_t arrival = T("2026-11-24T15:00:00Z");
	size_t n;

	(void)state;
	it = leads_plan(c, "new-lead", NY, arrival, 50, &n, NULL, &err);
	assert_non_null(it);
	check(it, n, w, sizeof(w) / sizeof(w[0]), arrival);
	free(it);
	leads_conf_free(c);
}

/*
 * New York goes back to winter time on Sunday 1 November 2026.  A lead
 * on Saturday 31 October 10:00 EDT (14:00Z) is first called on Monday
 * at 09:00 EST, which is 14:00Z too; a calendar day is 25 hours then.
 */
static void
test_dst_autumn(void **state)
{
	static const struct want wb[] = {
		{ "new-lead", 1, 9, "first-call", "2026-11-02T14:00:00Z",
		    "2026-10-31T14:00:00Z", LEADS_SHIFT_CLOSED },
		{ "new-lead", 2, 9, "missed-you", "2026-11-02T14:10:00Z",
		    "2026-11-02T14:10:00Z", LEADS_SHIFT_NONE },
	};
	static const struct want wd[] = {
		{ "daily", 1, 3, "now", "2026-10-31T14:00:00Z",
		    "2026-10-31T14:00:00Z", LEADS_SHIFT_NONE },
		/* Sunday 10:00 EST: 25 hours later. */
		{ "daily", 2, 3, "day", "2026-11-01T15:00:00Z",
		    "2026-11-01T15:00:00Z", LEADS_SHIFT_NONE },
		/* 24 hours are not a day: 09:00 EST on Monday. */
		{ "daily", 3, 3, "hours", "2026-11-02T14:00:00Z",
		    "2026-11-02T14:00:00Z", LEADS_SHIFT_NONE },
	};
	static const char yaml[] =
	    "timezone: America/New_York\n"
	    "cadences:\n"
	    "  daily:\n"
	    "    steps:\n"
	    "      - { id: now, channel: call, after: 0m }\n"
	    "      - { id: day, channel: call, after: 1d }\n"
	    "      - { id: hours, channel: call, after: 23h }\n";
	struct leads_conf *c = builtin();
	struct leads_plan_item *it;
	struct leads_plan_end end;
	struct leads_err err;
	int64_t arrival = T("2026-10-31T14:00:00Z");
	size_t n;

	(void)state;
	it = leads_plan(c, "new-lead", NY, arrival, 2, &n, &end, &err);
	assert_non_null(it);
	check(it, n, wb, 2, arrival);
	free(it);
	leads_conf_free(c);

	/* No hours: always open; the zone comes from the file. */
	c = parse(yaml);
	it = leads_plan(c, "daily", NULL, arrival, 50, &n, &end, &err);
	assert_non_null(it);
	check(it, n, wd, 3, arrival);
	assert_int_equal(end.stop, LEADS_PLAN_CLOSE);
	assert_null(end.next);
	free(it);
	leads_conf_free(c);
}

/*
 * Christmas Day 2026 is a Friday.  A day after Thursday 24 December
 * 10:00 falls on it, so the step waits for Monday 28th 09:00; business
 * days skip it.
 */
static void
test_holiday(void **state)
{
	static const struct want w[] = {
		{ "xmas", 1, 4, "now", "2026-12-24T15:00:00Z",
		    "2026-12-24T15:00:00Z", LEADS_SHIFT_NONE },
		{ "xmas", 2, 4, "next-day", "2026-12-28T14:00:00Z",
		    "2026-12-25T15:00:00Z", LEADS_SHIFT_HOLIDAY },
		{ "xmas", 3, 4, "bday", "2026-12-29T14:00:00Z",
		    "2026-12-29T14:00:00Z", LEADS_SHIFT_NONE },
		/* Thursday 31st 09:00 + 1bd: past New Year's Day (a holiday)
		 * and the weekend, Monday 4 January. */
		{ "then", 1, 1, "after-new-year", "2027-01-04T14:00:00Z",
		    "2027-01-04T14:00:00Z", LEADS_SHIFT_NONE },
	};
	static const char yaml[] =
	    "timezone: America/New_York\n"
	    "hours: { mon-fri: \"09:00-17:00\" }\n"
	    "holidays: [2026-12-25, 2027-01-01]\n"
	    "cadences:\n"
	    "  xmas:\n"
	    "    steps:\n"
	    "      - { id: now, channel: call, after: 0m }\n"
	    "      - { id: next-day, channel: call, after: 1d }\n"
	    "      - { id: bday, channel: email, after: 1bd }\n"
	    "      - { id: two-days, channel: call, after: 2d }\n"
	    "    then: then\n"
	    "  then:\n"
	    "    steps: [ { id: after-new-year, channel: call, after: 1bd } ]\n"
	    "    then: close\n";
	struct leads_conf *c = parse(yaml);
	struct leads_plan_item *it;
	struct leads_plan_end end;
	struct leads_err err;
	int64_t arrival = T("2026-12-24T15:00:00Z");
	size_t n;

	(void)state;
	it = leads_plan(c, "xmas", NULL, arrival, 50, &n, &end, &err);
	assert_non_null(it);
	assert_int_equal(n, 5);
	/* Step 4: 2d after Tuesday 29th 09:00 is Thursday 31st 09:00. */
	assert_int_equal(it[3].due, T("2026-12-31T14:00:00Z"));
	assert_int_equal(it[3].why, LEADS_SHIFT_NONE);
	check(it, 3, w, 3, arrival);
	assert_string_equal(it[4].cadence, w[3].cadence);
	assert_string_equal(it[4].st->id, w[3].id);
	assert_int_equal(it[4].base, it[3].due);
	assert_int_equal(it[4].due, T(w[3].due));
	assert_int_equal(end.stop, LEADS_PLAN_CLOSE);
	free(it);

	/* The same plan in another zone: Christmas in Sydney. */
	it = leads_plan(c, "xmas", "Australia/Sydney",
	    T("2026-12-23T23:00:00Z"), 2, &n, &end, &err);
	assert_non_null(it);
	assert_int_equal(n, 2);
	/* Thursday 24th 10:00 AEDT; Christmas skipped: Monday 28th 09:00
	 * AEDT (UTC+11) is Sunday 27th 22:00Z. */
	assert_int_equal(it[0].due, T("2026-12-23T23:00:00Z"));
	assert_int_equal(it[1].due, T("2026-12-27T22:00:00Z"));
	assert_int_equal(it[1].why, LEADS_SHIFT_HOLIDAY);
	assert_int_equal(end.stop, LEADS_PLAN_LIMIT);
	assert_string_equal(end.next, "xmas");
	free(it);
	leads_conf_free(c);
}

static void
test_limits(void **state)
{
	static const struct {
		size_t max, n;
		enum leads_plan_stop stop;
		const char *next;
	} cases[] = {
		{ 0, 0, LEADS_PLAN_LIMIT, "new-lead" },
		{ 3, 3, LEADS_PLAN_LIMIT, "new-lead" },
		{ 9, 9, LEADS_PLAN_LIMIT, "nurture" },
		{ 10, 10, LEADS_PLAN_LIMIT, "nurture" },
		/* The whole plan is 11 steps: the limit is not what ends it. */
		{ 11, 11, LEADS_PLAN_REPEAT, "nurture" },
		{ 50, 11, LEADS_PLAN_REPEAT, "nurture" },
	};
	struct leads_conf *c = builtin();
	struct leads_plan_item *it;
	struct leads_plan_end end;
	struct leads_err err;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		it = leads_plan(c, "new-lead", NY, T("2026-11-24T15:00:00Z"),
		    cases[i].max, &n, &end, &err);
		assert_non_null(it);
		assert_int_equal(n, cases[i].n);
		assert_int_equal(end.stop, cases[i].stop);
		assert_string_equal(end.next, cases[i].next);
		free(it);
	}
	/* after-quote, then nurture: 4 + 2 steps. */
	it = leads_plan(c, "after-quote", NY, T("2026-11-24T15:00:00Z"), 50,
	    &n, &end, &err);
	assert_non_null(it);
	assert_int_equal(n, 6);
	assert_string_equal(it[0].st->id, "quote-arrived");
	/* 1bd after Tuesday 10:00: Wednesday 10:00. */
	assert_int_equal(it[0].due, T("2026-11-25T15:00:00Z"));
	assert_string_equal(it[5].st->id, "quarterly-call");
	free(it);
	/* nurture alone: its own then: stops it after its two steps. */
	it = leads_plan(c, "nurture", NY, T("2026-11-24T15:00:00Z"), 50, &n,
	    &end, &err);
	assert_non_null(it);
	assert_int_equal(n, 2);
	assert_int_equal(end.stop, LEADS_PLAN_REPEAT);
	free(it);
	leads_conf_free(c);
}

/* A cadence with no steps passes straight on to its then:. */
static void
test_empty_cadence(void **state)
{
	static const char yaml[] =
	    "cadences:\n"
	    "  hop: { then: land }\n"
	    "  land: { steps: [ { id: only, channel: task, after: 1h } ] }\n";
	struct leads_conf *c = parse(yaml);
	struct leads_plan_item *it;
	struct leads_plan_end end;
	struct leads_err err;
	size_t n;

	(void)state;
	it = leads_plan(c, "hop", "UTC", T("2026-11-24T10:00:00Z"), 50, &n,
	    &end, &err);
	assert_non_null(it);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].cadence, "land");
	assert_int_equal(it[0].nsteps, 1);
	assert_int_equal(it[0].due, T("2026-11-24T11:00:00Z"));
	assert_int_equal(end.stop, LEADS_PLAN_CLOSE);
	free(it);
	leads_conf_free(c);
}

static void
test_unknown_cadence(void **state)
{
	struct leads_conf *c = builtin();
	struct leads_err err;
	size_t n = 7;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_null(leads_plan(c, "new_lead", NY, 0, 50, &n, NULL, &err));
	assert_int_equal(n, 0);
	assert_int_equal(err.code, LEADS_EUSAGE);
	assert_string_equal(err.msg, "unknown cadence 'new_lead': use "
	    "new-lead, nurture or after-quote");
	assert_null(leads_plan_cadence(c, NULL, &err));
	assert_non_null(leads_plan_cadence(c, "nurture", &err));
	leads_conf_free(c);

	c = parse("cadences:\n  only: { steps: [ { channel: call, "
	    "after: 0m } ] }\n");
	assert_null(leads_plan_cadence(c, "x", &err));
	assert_string_equal(err.msg, "unknown cadence 'x': use only");
	leads_conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_friday_evening),
		cmocka_unit_test(test_tuesday_morning_and_dst),
		cmocka_unit_test(test_dst_autumn),
		cmocka_unit_test(test_holiday),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_empty_cadence),
		cmocka_unit_test(test_unknown_cadence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
