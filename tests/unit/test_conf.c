/* Unit tests of conf.c: loading cadence files, and their errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "leads.h"
#include "conf.h"

/* A small valid cadences: section to complete other snippets. */
#define ONE_CADENCE \
	"cadences:\n" \
	"  a: { steps: [ { channel: call, after: 0m } ] }\n"

/* The example of the design, with the backup owner missing. */
static const char example[] =
	"timezone: America/New_York\n"
	"country: US\n"
	"hours: { mon-fri: \"09:00-17:00\", sat: \"10:00-13:00\" }\n"
	"holidays: [2026-12-25, 2027-01-01]\n"
	"speed_to_lead: { target: 5m, escalate: 15m }\n"
	"owners: [alice, bob]\n"
	"assign: round-robin\n"
	"backup: carol\n"
	"value: 5000\n"
	"entry:\n"
	"  - { match: { source: \"google-*\" }, cadence: hot }\n"
	"  - { cadence: new-lead }\n"
	"cadences:\n"
	"  hot: { steps: [ { channel: call, after: 0m } ], then: new-lead }\n"
	"  new-lead:\n"
	"    steps:\n"
	"      - { channel: call, after: 0m, note: \"call now\" }\n"
	"      - { channel: email, after: 10m, template: missed-you }\n"
	"      - { channel: call, after: 1bd }\n"
	"    then: nurture\n"
	"  nurture: { steps: [ { channel: email, after: 30d } ], "
	"then: close }\n"
	"outcomes:\n"
	"  quote_sent: { contact: true, cadence: nurture }\n";

static struct leads_conf *
parse_ok(const char *yaml)
{
	struct leads_err err;
	struct leads_conf *c;

	memset(&err, 0, sizeof(err));
	if ((c = leads_conf_parse(yaml, strlen(yaml), "t.yaml", &err)) == NULL)
		fail_msg("%s", err.msg);
	return c;
}

static void
parse_bad(const char *yaml, size_t len, const char *want)
{
	struct leads_err err;
	struct leads_conf *c;

	memset(&err, 0, sizeof(err));
	if ((c = leads_conf_parse(yaml, len, "t.yaml", &err)) != NULL) {
		leads_conf_free(c);
		fail_msg("parsed, but wanted: %s", want);
	}
	assert_int_equal(err.code, LEADS_ECONFIG);
	assert_string_equal(err.msg, want);
}

#define BAD(yaml, want) parse_bad((yaml), strlen(yaml), (want))

static void
test_default(void **state)
{
	struct leads_err err;
	struct leads_conf *c;
	const struct leads_cadence *nl, *aq;
	const struct leads_outcome *o;
	const char *const none[][2] = { { "source", "web" } };

	(void)state;
	if ((c = leads_conf_default(&err)) == NULL)
		fail_msg("%s", err.msg);
	assert_string_equal(c->name, "(built-in)");
	assert_int_equal(c->ncadences, 3);
	assert_non_null(nl = leads_conf_cadence(c, "new-lead"));
	assert_int_equal(nl->nsteps, 9);
	assert_int_equal(nl->steps[0].channel, LEADS_CH_CALL);
	assert_int_equal(nl->steps[0].after.n, 0);
	assert_int_equal(nl->steps[0].after.unit, LEADS_U_MIN);
	assert_string_equal(nl->steps[0].id, "first-call");
	assert_string_equal(nl->then, "nurture");
	assert_non_null(aq = leads_conf_cadence(c, "after-quote"));
	assert_int_equal(aq->steps[3].after.unit, LEADS_U_WEEK);
	assert_null(leads_conf_cadence(c, "nope"));
	assert_non_null(o = leads_conf_outcome(c, "quote_sent"));
	assert_int_equal(o->action, LEADS_ACT_CADENCE);
	assert_string_equal(o->cadence, "after-quote");
	assert_true(o->contact && o->attempt);
	assert_int_equal(c->has_hours, 1);
	assert_int_equal(c->hours[1].n, 1);
	assert_int_equal(c->hours[1].from[0], 9 * 60);
	assert_int_equal(c->hours[5].to[0], 17 * 60);
	assert_int_equal(c->hours[0].n, 0);
	assert_int_equal(c->hours[6].n, 0);
	assert_int_equal(c->target, 300);
	assert_int_equal(c->escalate, 900);
	assert_int_equal(c->min_attempts, 5);
	assert_string_equal(leads_conf_entry_cadence(c, none, 1), "new-lead");
	leads_conf_free(c);
}

static void
test_example_backup_unknown(void **state)
{
	(void)state;
	BAD(example, "t.yaml:8:9: owner 'carol' is not in owners");
}

static void
test_example(void **state)
{
	const char *const google[][2] = {
		{ "name", "Ann" }, { "source", "google-ads" }
	};
	const char *const other[][2] = { { "source", "facebook" } };
	const struct leads_cadence *cad;
	const struct leads_outcome *o;
	static const char from[] = "owners: [alice, bob]\n";
	static const char to[] = "owners: [alice, bob, carol]\n";
	const char *at;
	struct leads_conf *c;
	char yaml[sizeof(example) + sizeof(to)];
	size_t pre;

	(void)state;
	/* The same with carol among the owners. */
	assert_non_null(at = strstr(example, from));
	pre = (size_t)(at - example);
	memcpy(yaml, example, pre);
	snprintf(yaml + pre, sizeof(yaml) - pre, "%s%s", to,
	    at + strlen(from));
	c = parse_ok(yaml);
	assert_string_equal(c->timezone, "America/New_York");
	assert_string_equal(c->country, "US");
	assert_int_equal(c->has_hours, 1);
	assert_int_equal(c->hours[3].from[0], 540);
	assert_int_equal(c->hours[6].n, 1);
	assert_int_equal(c->hours[6].from[0], 600);
	assert_int_equal(c->hours[6].to[0], 780);
	assert_int_equal(c->hours[0].n, 0);
	assert_int_equal(c->nholidays, 2);
	assert_int_equal(c->holidays[0], 20261225);
	assert_int_equal(c->holidays[1], 20270101);
	assert_int_equal(c->target, 300);
	assert_int_equal(c->escalate, 900);
	assert_int_equal(c->nowners, 3);
	assert_string_equal(c->owners[2].name, "carol");
	assert_int_equal(c->nassign, 0);
	assert_null(c->assign_fixed);
	assert_string_equal(c->backup, "carol");
	assert_true(c->value == 5000.0);
	assert_int_equal(c->nentry, 2);
	assert_int_equal(c->ncadences, 3);
	assert_string_equal(c->cadences[0].name, "hot");
	assert_non_null(cad = leads_conf_cadence(c, "new-lead"));
	assert_int_equal(cad->nsteps, 3);
	assert_string_equal(cad->steps[0].note, "call now");
	assert_string_equal(cad->steps[1].template, "missed-you");
	assert_int_equal(cad->steps[2].after.unit, LEADS_U_BDAY);
	assert_int_equal(cad->steps[2].after.n, 1);
	/* Derived ids: FNV-1a of "call|0m|call now|". */
	assert_string_equal(cad->steps[0].id, "call-88316c28");
	assert_string_equal(cad->steps[1].id, "email-154790a4");
	assert_int_equal(cad->line, 15);
	assert_int_equal(cad->steps[0].line, 17);
	assert_non_null(cad = leads_conf_cadence(c, "nurture"));
	assert_null(cad->then);
	assert_true(cad->then_close);
	assert_non_null(o = leads_conf_outcome(c, "quote_sent"));
	assert_int_equal(o->action, LEADS_ACT_CADENCE);
	assert_string_equal(o->cadence, "nurture");
	assert_int_equal(o->attempt, 1);
	assert_int_equal(o->line, 23);
	assert_string_equal(leads_conf_entry_cadence(c, google, 2), "hot");
	assert_string_equal(leads_conf_entry_cadence(c, other, 1), "new-lead");
	leads_conf_free(c);
}

static void
test_load(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char path[1024];
	struct leads_err err;
	struct leads_conf *c;
	FILE *fp;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/test_conf.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs("hours: { mon: \"09:00-17:00\" }\nbad: 1\n" ONE_CADENCE, fp);
	fclose(fp);
	assert_null(leads_conf_load(path, &err));
	assert_int_equal(err.code, LEADS_ECONFIG);
	assert_true(strncmp(err.msg, path, strlen(path)) == 0);
	assert_string_equal(err.msg + strlen(path), ":2:1: unknown key 'bad'");
	assert_non_null(fp = fopen(path, "w"));
	fputs(ONE_CADENCE, fp);
	fclose(fp);
	if ((c = leads_conf_load(path, &err)) == NULL)
		fail_msg("%s", err.msg);
	assert_string_equal(c->name, path);
	leads_conf_free(c);
	unlink(path);
	assert_null(leads_conf_load("/nonexistent/cadences.yaml", &err));
	assert_int_equal(err.code, LEADS_ECONFIG);
	assert_string_equal(err.msg, "cannot open '/nonexistent/cadences.yaml': "
	    "No such file or directory");
}

static void
test_unknown_key_top(void **state)
{
	(void)state;
	BAD("timezone: UTC\nhour: 5\n" ONE_CADENCE,
	    "t.yaml:2:1: unknown key 'hour'");
}

static void
test_unknown_key_step(void **state)
{
	(void)state;
	BAD("cadences:\n"
	    "  a:\n"
	    "    steps:\n"
	    "      - channel: call\n"
	    "        after: 0m\n"
	    "        hour: 9\n",
	    "t.yaml:6:9: unknown key 'hour'");
}

static void
test_wrong_type(void **state)
{
	(void)state;
	BAD("speed_to_lead: [5m, 15m]\n" ONE_CADENCE,
	    "t.yaml:1:16: 'speed_to_lead' must be a mapping, not a sequence");
	BAD("cadences:\n  a: { steps: [ call ] }\n",
	    "t.yaml:2:17: a step must be a mapping, not 'call'");
	BAD("holidays: 2026-12-25\n" ONE_CADENCE,
	    "t.yaml:1:11: 'holidays' must be a sequence, not '2026-12-25'");
	BAD("cadences:\n  a: { steps: [ { channel: call, after: } ] }\n",
	    "t.yaml:2:34: 'after' must be text, not empty");
	BAD("cadences:\n  a:\n    steps:\n      - channel: call\n"
	    "        after:\n\n",
	    "t.yaml:5:9: 'after' must be text, not empty");
}

static void
test_bad_duration(void **state)
{
	(void)state;
	BAD("cadences:\n  a: { steps: [ { channel: call, after: 5x } ] }\n",
	    "t.yaml:2:41: 'after' must be a duration such as 10m, 2h, 3d, "
	    "1bd or 1w, not '5x'");
	BAD("speed_to_lead: { target: 1bd }\n" ONE_CADENCE,
	    "t.yaml:1:26: 'target' must be a duration such as 5m, 1h, 1d "
	    "or 1w, not '1bd'");
	BAD("speed_to_lead: { target: 20m }\n" ONE_CADENCE,
	    "t.yaml:1:26: 'escalate' must not be sooner than 'target'");
}

static void
test_unknown_channel(void **state)
{
	(void)state;
	BAD("cadences:\n  a: { steps: [ { channel: fax, after: 1m } ] }\n",
	    "t.yaml:2:28: unknown channel 'fax': use call, email, sms, mail "
	    "or task");
}

static void
test_missing_cadence_entry(void **state)
{
	(void)state;
	BAD("entry:\n  - { cadence: nurture }\n" ONE_CADENCE,
	    "t.yaml:2:16: cadence 'nurture' is not defined");
	BAD("entry:\n  - { match: { source: web } }\n" ONE_CADENCE,
	    "t.yaml:2:5: missing key 'cadence'");
}

static void
test_missing_cadence_then(void **state)
{
	(void)state;
	BAD("cadences:\n"
	    "  a: { steps: [ { channel: call, after: 0m } ], then: nurture }\n",
	    "t.yaml:2:55: cadence 'nurture' is not defined");
}

static void
test_missing_cadence_outcome(void **state)
{
	(void)state;
	BAD("outcomes:\n  quote_sent: { cadence: nurture }\n" ONE_CADENCE,
	    "t.yaml:2:26: cadence 'nurture' is not defined");
}

static void
test_loop_never_waits(void **state)
{
	(void)state;
	BAD("cadences:\n"
	    "  a: { steps: [ { channel: call, after: 0m } ], then: b }\n"
	    "  b: { steps: [ { channel: call, after: 0m } ], then: a }\n",
	    "t.yaml:3:55: then: loop a -> b -> a never waits");
	/* Entered from outside; an empty cadence never waits either. */
	BAD("cadences:\n"
	    "  x: { steps: [ { channel: call, after: 1h } ], then: a }\n"
	    "  a: { steps: [], then: b }\n"
	    "  b: { steps: [ { channel: sms, after: 0bd } ], then: a }\n",
	    "t.yaml:4:55: then: loop a -> b -> a never waits");
	BAD("cadences:\n  a: { steps: [], then: a }\n",
	    "t.yaml:2:25: then: loop a -> a never waits");
}

static void
test_loop_waits(void **state)
{
	struct leads_conf *c;

	(void)state;
	c = parse_ok("cadences:\n"
	    "  a: { steps: [ { channel: call, after: 0m } ], then: b }\n"
	    "  b: { steps: [ { channel: call, after: 1m } ], then: a }\n");
	assert_string_equal(c->cadences[1].then, "a");
	assert_false(c->cadences[1].then_close);
	leads_conf_free(c);
}

static void
test_duplicate_cadence(void **state)
{
	(void)state;
	BAD("cadences:\n"
	    "  new-lead: { steps: [ { channel: call, after: 0m } ] }\n"
	    "  other: { steps: [ { channel: call, after: 0m } ] }\n"
	    "  new-lead: { steps: [ { channel: call, after: 1m } ] }\n",
	    "t.yaml:4:3: duplicate key 'new-lead'");
}

static void
test_duplicate_step_id(void **state)
{
	(void)state;
	BAD("cadences:\n"
	    "  a:\n"
	    "    steps:\n"
	    "      - { id: first, channel: call, after: 0m }\n"
	    "      - { id: second, channel: call, after: 1h }\n"
	    "      - { id: first, channel: email, after: 1d }\n",
	    "t.yaml:6:15: duplicate step id 'first'");
}

static void
test_derived_ids(void **state)
{
	struct leads_conf *c;
	const struct leads_step *s;

	(void)state;
	c = parse_ok("cadences:\n"
	    "  a:\n"
	    "    steps:\n"
	    "      - { channel: call, after: 1m }\n"
	    "      - { channel: call, after: 1m, id: call-75275d15-2 }\n"
	    "      - { channel: call, after: 1m }\n"
	    "      - { channel: call, after: 1m }\n");
	s = c->cadences[0].steps;
	assert_string_equal(s[0].id, "call-75275d15");
	assert_string_equal(s[1].id, "call-75275d15-2");
	/* The second repeat would be -2, taken: past the repeats. */
	assert_string_equal(s[2].id, "call-75275d15-4");
	assert_string_equal(s[3].id, "call-75275d15-3");
	leads_conf_free(c);
}

static void
test_hours(void **state)
{
	struct leads_conf *c;

	(void)state;
	c = parse_ok("hours:\n"
	    "  fri-mon: \"08:30-12:00, 13:00-24:00\"\n"
	    "  wed, thu: closed\n"
	    "  tue: \"9:00-17:00\"\n" ONE_CADENCE);
	assert_int_equal(c->hours[5].n, 2);
	assert_int_equal(c->hours[5].from[0], 510);
	assert_int_equal(c->hours[0].to[1], 1440);
	assert_int_equal(c->hours[1].from[1], 780);
	assert_int_equal(c->hours[6].n, 2);
	assert_int_equal(c->hours[2].from[0], 540);
	assert_int_equal(c->hours[3].n, 0);
	assert_int_equal(c->hours[4].n, 0);
	leads_conf_free(c);
}

static void
test_bad_hours(void **state)
{
	(void)state;
	BAD("hours: { mon-fri: 9-5 }\n" ONE_CADENCE,
	    "t.yaml:1:19: bad hours '9-5': use HH:MM-HH:MM such as "
	    "09:00-17:00, several separated by commas, or closed");
	BAD("hours: { mon-fri: \"17:00-09:00\" }\n" ONE_CADENCE,
	    "t.yaml:1:19: bad hours '17:00-09:00': the end must be after "
	    "the start");
	BAD("hours: { weekdays: \"09:00-17:00\" }\n" ONE_CADENCE,
	    "t.yaml:1:10: bad days 'weekdays': use mon, tue, wed, thu, fri, "
	    "sat, sun, a range such as mon-fri or a list such as mon,wed,fri");
	BAD("hours: { sat: closed }\n" ONE_CADENCE,
	    "t.yaml:1:8: no working hours on any day");
}

static void
test_overlapping_hours(void **state)
{
	(void)state;
	BAD("hours: { mon: \"09:00-12:00, 11:00-17:00\" }\n" ONE_CADENCE,
	    "t.yaml:1:15: hours '09:00-12:00' and '11:00-17:00' overlap");
	BAD("hours: { mon: \"13:00-17:00, 09:00-12:00\" }\n" ONE_CADENCE,
	    "t.yaml:1:15: hours '13:00-17:00' and '09:00-12:00' are out of "
	    "order");
	BAD("hours: { mon: \"01:00-02:00, 03:00-04:00, 05:00-06:00, "
	    "07:00-08:00, 09:00-10:00\" }\n" ONE_CADENCE,
	    "t.yaml:1:15: more than 4 intervals in a day");
}

static void
test_day_twice(void **state)
{
	(void)state;
	BAD("hours:\n  mon-fri: \"09:00-17:00\"\n  fri: \"09:00-12:00\"\n"
	    ONE_CADENCE, "t.yaml:3:3: day 'fri' given twice");
	BAD("hours: { \"mon,wed,mon\": \"09:00-17:00\" }\n" ONE_CADENCE,
	    "t.yaml:1:10: day 'mon' given twice");
}

static void
test_bad_holiday(void **state)
{
	struct leads_conf *c;

	(void)state;
	BAD("holidays: [2026-12-25, 2026-02-30]\n" ONE_CADENCE,
	    "t.yaml:1:24: bad date '2026-02-30': use YYYY-MM-DD");
	BAD("holidays: [25/12/2026]\n" ONE_CADENCE,
	    "t.yaml:1:12: bad date '25/12/2026': use YYYY-MM-DD");
	c = parse_ok("holidays: [2028-02-29, 2026-12-25, 2028-02-29]\n"
	    ONE_CADENCE);
	assert_int_equal(c->nholidays, 2);
	assert_int_equal(c->holidays[0], 20261225);
	assert_int_equal(c->holidays[1], 20280229);
	leads_conf_free(c);
}

static void
test_alias_bomb(void **state)
{
	(void)state;
	BAD("a: &a [1,2]\nb: [*a,*a]",
	    "t.yaml:1:4: anchors and aliases are not supported");
	BAD("b: [*a]\n", "t.yaml:1:5: anchors and aliases are not supported");
}

static void
test_syntax_error(void **state)
{
	(void)state;
	BAD("cadences: [1, 2\n",
	    "t.yaml:2:1: did not find expected ',' or ']'");
	BAD("a: 1\n\tb: 2\n",
	    "t.yaml:2:1: found a tab character that violates indentation");
}

static void
test_two_documents(void **state)
{
	(void)state;
	BAD(ONE_CADENCE "---\n" ONE_CADENCE,
	    "t.yaml:3:1: more than one document");
}

static void
test_unknown_timezone(void **state)
{
	(void)state;
	BAD("timezone: Mars/Olympus_Mons\n" ONE_CADENCE,
	    "t.yaml:1:11: unknown time zone 'Mars/Olympus_Mons'");
	BAD("country: XX\n" ONE_CADENCE,
	    "t.yaml:1:10: unknown country 'XX': use a two-letter code such "
	    "as US or GB");
}

static void
test_empty(void **state)
{
	struct leads_conf *c;

	(void)state;
	BAD("", "t.yaml:1:1: no cadences defined");
	BAD("# nothing\n", "t.yaml:1:1: no cadences defined");
	BAD("timezone: UTC\ncadences: {}\n",
	    "t.yaml:2:11: no cadences defined");
	/* All defaults. */
	c = parse_ok(ONE_CADENCE);
	assert_null(c->timezone);
	assert_string_equal(c->country, "");
	assert_int_equal(c->has_hours, 0);
	assert_int_equal(c->nholidays, 0);
	assert_int_equal(c->target, 300);
	assert_int_equal(c->escalate, 900);
	assert_int_equal(c->min_attempts, 5);
	assert_int_equal(c->nowners, 0);
	assert_true(c->value == 0.0);
	assert_null(c->templates_dir);
	assert_int_equal(c->noutcomes, 15);
	/* No after-quote: the built-in quote_sent just advances. */
	assert_int_equal(leads_conf_outcome(c, "quote_sent")->action,
	    LEADS_ACT_ADVANCE);
	assert_null(leads_conf_outcome(c, "quote_sent")->cadence);
	assert_int_equal(leads_conf_outcome(c, "lost")->requires_reason, 1);
	assert_int_equal(leads_conf_outcome(c, "meeting")->requires_next, 1);
	assert_int_equal(leads_conf_outcome(c, "won")->attempt, 0);
	assert_int_equal(leads_conf_outcome(c, "won")->contact, 1);
	leads_conf_free(c);
}

static void
test_too_large(void **state)
{
	size_t n = 2 * 1024 * 1024, i;
	char *buf;

	(void)state;
	assert_non_null(buf = malloc(n));
	/* Lines of 100 bytes: byte 1 MiB is on line 10486, column 77. */
	for (i = 0; i < n; i++)
		buf[i] = i % 100 == 99 ? '\n' : i % 100 == 0 ? '#' : 'x';
	parse_bad(buf, n, "t.yaml:10486:77: file is larger than 1 MiB");
	free(buf);
}

static void
test_limits(void **state)
{
	char buf[256], *many;
	size_t i, n;

	(void)state;
	/* The root mapping and 32 sequences: 33 levels. */
	n = (size_t)snprintf(buf, sizeof(buf), "a: ");
	for (i = 0; i < 32; i++)
		buf[n++] = '[';
	for (i = 0; i < 32; i++)
		buf[n++] = ']';
	buf[n] = '\0';
	BAD(buf, "t.yaml:1:35: nesting deeper than 32 levels");
	/* The 100001st node: map, key, sequence and the 99998th item. */
	assert_non_null(many = malloc(4 + 2 * 100000 + 1));
	memcpy(many, "a: [", 4);
	for (i = 0, n = 4; i < 100000; i++) {
		many[n++] = '1';
		many[n++] = i < 99999 ? ',' : ']';
	}
	many[n] = '\0';
	BAD(many, "t.yaml:1:199999: more than 100000 nodes");
	free(many);
}

static void
test_outcomes(void **state)
{
	struct leads_conf *c;
	const struct leads_outcome *o;

	(void)state;
	c = parse_ok(ONE_CADENCE
	    "outcomes:\n"
	    "  callback: { attempt: Yes, contact: TRUE, action: book, "
	    "next: required }\n"
	    "  no_answer: { cadence: a }\n"
	    "  lost: { reason: optional }\n");
	assert_int_equal(c->noutcomes, 16);
	assert_non_null(o = leads_conf_outcome(c, "callback"));
	assert_true(o->attempt && o->contact && o->requires_next);
	assert_int_equal(o->action, LEADS_ACT_BOOK);
	assert_int_equal(o->line, 4);
	assert_non_null(o = leads_conf_outcome(c, "no_answer"));
	assert_int_equal(o->action, LEADS_ACT_CADENCE);
	assert_string_equal(o->cadence, "a");
	assert_int_equal(o->attempt, 1);
	assert_int_equal(leads_conf_outcome(c, "lost")->requires_reason, 0);
	assert_null(leads_conf_outcome(c, "nope"));
	leads_conf_free(c);
	BAD("outcomes: { x: { attempt: maybe } }\n" ONE_CADENCE,
	    "t.yaml:1:27: 'attempt' must be true or false, not 'maybe'");
	BAD("outcomes: { x: { action: fly } }\n" ONE_CADENCE,
	    "t.yaml:1:26: unknown action 'fly': use advance, book, cadence, "
	    "won, lost, dnc, bad_phone or note");
	BAD("outcomes: { Bad: {} }\n" ONE_CADENCE,
	    "t.yaml:1:13: bad outcome name 'Bad': use lower-case letters, "
	    "digits and _");
}

static void
test_owners_assign(void **state)
{
	struct leads_conf *c;

	(void)state;
	c = parse_ok("timezone: UTC\n"
	    "owners:\n"
	    "  - ann\n"
	    "  - { name: bob, email: bob@example.com, "
	    "away_until: 2026-12-01 }\n"
	    "assign:\n"
	    "  - { match: { source: \"google-*\", country: US }, owner: bob }\n"
	    "  - { owner: round-robin }\n"
	    "backup: ann\n" ONE_CADENCE);
	assert_int_equal(c->nowners, 2);
	assert_string_equal(c->owners[1].email, "bob@example.com");
	assert_int_equal(c->owners[1].away_until, 1796083200);
	assert_int_equal(c->nassign, 2);
	assert_int_equal(c->assign[0].match.n, 2);
	assert_string_equal(c->assign[0].match.field[1], "country");
	assert_string_equal(c->assign[0].owner, "bob");
	assert_null(c->assign[1].owner);
	leads_conf_free(c);
	c = parse_ok("assign: dave\n" ONE_CADENCE);
	assert_string_equal(c->assign_fixed, "dave");
	leads_conf_free(c);
	BAD("owners: [ann, ann]\n" ONE_CADENCE,
	    "t.yaml:1:15: duplicate owner 'ann'");
	BAD("owners: [ann]\nassign: dave\n" ONE_CADENCE,
	    "t.yaml:2:9: owner 'dave' is not in owners");
}

static void
test_dur_parse(void **state)
{
	static const struct {
		const char *s;
		int ok;
		long n;
		enum leads_unit unit;
		int64_t sec;
	} cases[] = {
		{ "0m", 1, 0, LEADS_U_MIN, 0 },
		{ "10m", 1, 10, LEADS_U_MIN, 600 },
		{ "2h", 1, 2, LEADS_U_HOUR, 7200 },
		{ "3d", 1, 3, LEADS_U_DAY, 3 * 86400 },
		{ "1bd", 1, 1, LEADS_U_BDAY, -1 },
		{ "1w", 1, 1, LEADS_U_WEEK, 7 * 86400 },
		{ "100000m", 1, 100000, LEADS_U_MIN, 6000000 },
		{ "007h", 1, 7, LEADS_U_HOUR, 7 * 3600 },
		{ "100001m", 0, 0, 0, 0 },
		{ "99999999999999999999d", 0, 0, 0, 0 },
		{ "5x", 0, 0, 0, 0 },
		{ "5 m", 0, 0, 0, 0 },
		{ " 5m", 0, 0, 0, 0 },
		{ "5m ", 0, 0, 0, 0 },
		{ "-5m", 0, 0, 0, 0 },
		{ "+5m", 0, 0, 0, 0 },
		{ "5", 0, 0, 0, 0 },
		{ "m", 0, 0, 0, 0 },
		{ "5M", 0, 0, 0, 0 },
		{ "5b", 0, 0, 0, 0 },
		{ "1.5h", 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0 }
	};
	struct leads_err err;
	struct leads_dur d;
	char want[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&d, 0, sizeof(d));
		if (!cases[i].ok) {
			if (leads_dur_parse(cases[i].s, &d, &err) != -1)
				fail_msg("'%s' parsed", cases[i].s);
			assert_int_equal(err.code, LEADS_EDATA);
			snprintf(want, sizeof(want), "bad duration '%s': use "
			    "10m, 2h, 3d, 1bd or 1w", cases[i].s);
			assert_string_equal(err.msg, want);
			continue;
		}
		if (leads_dur_parse(cases[i].s, &d, &err) == -1)
			fail_msg("%s", err.msg);
		assert_int_equal(d.n, cases[i].n);
		assert_int_equal(d.unit, cases[i].unit);
		assert_int_equal(leads_dur_seconds(&d), cases[i].sec);
	}
}

static void
test_channels(void **state)
{
	(void)state;
	assert_string_equal(leads_channel_name(LEADS_CH_SMS), "sms");
	assert_null(leads_channel_name(LEADS_NCHANNELS));
	assert_int_equal(leads_channel_parse("task"), LEADS_CH_TASK);
	assert_int_equal(leads_channel_parse("fax"), -1);
}

static void
test_entry_cadence(void **state)
{
	static const char yaml[] =
	    "entry:\n"
	    "  - { match: { source: \"google-*\", country: \"[UG][SB]\" }, "
	    "cadence: hot }\n"
	    "  - { match: { source: \"*\" }, cadence: warm }\n"
	    "cadences:\n"
	    "  hot: { steps: [ { channel: call, after: 0m } ] }\n"
	    "  warm: { steps: [ { channel: email, after: 0m } ] }\n"
	    "  new-lead: { steps: [ { channel: call, after: 1h } ] }\n";
	const char *const us[][2] = {
		{ "source", "google-ads" }, { "country", "US" }
	};
	const char *const fr[][2] = {
		{ "country", "FR" }, { "source", "google-ads" }
	};
	const char *const nocountry[][2] = { { "source", "google-ads" } };
	const char *const nosource[][2] = { { "country", "US" } };
	const char *const nullsource[][2] = {
		{ "source", NULL }, { "country", "GB" }
	};
	struct leads_conf *c;

	(void)state;
	c = parse_ok(yaml);
	assert_string_equal(leads_conf_entry_cadence(c, us, 2), "hot");
	assert_string_equal(leads_conf_entry_cadence(c, fr, 2), "warm");
	assert_string_equal(leads_conf_entry_cadence(c, nocountry, 1),
	    "warm");
	/* An absent field matches nothing, not even "*". */
	assert_string_equal(leads_conf_entry_cadence(c, nosource, 1),
	    "new-lead");
	assert_string_equal(leads_conf_entry_cadence(c, nullsource, 2),
	    "new-lead");
	assert_string_equal(leads_conf_entry_cadence(c, us, 0), "new-lead");
	leads_conf_free(c);

	/* No rules and no new-lead: the first cadence of the file. */
	c = parse_ok("cadences:\n"
	    "  zeta: { steps: [ { channel: call, after: 0m } ] }\n"
	    "  alpha: { steps: [ { channel: call, after: 0m } ] }\n");
	assert_string_equal(leads_conf_entry_cadence(c, us, 2), "zeta");
	leads_conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_example_backup_unknown),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_unknown_key_top),
		cmocka_unit_test(test_unknown_key_step),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_bad_duration),
		cmocka_unit_test(test_unknown_channel),
		cmocka_unit_test(test_missing_cadence_entry),
		cmocka_unit_test(test_missing_cadence_then),
		cmocka_unit_test(test_missing_cadence_outcome),
		cmocka_unit_test(test_loop_never_waits),
		cmocka_unit_test(test_loop_waits),
		cmocka_unit_test(test_duplicate_cadence),
		cmocka_unit_test(test_duplicate_step_id),
		cmocka_unit_test(test_derived_ids),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_bad_hours),
		cmocka_unit_test(test_overlapping_hours),
		cmocka_unit_test(test_day_twice),
		cmocka_unit_test(test_bad_holiday),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_two_documents),
		cmocka_unit_test(test_unknown_timezone),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_owners_assign),
		cmocka_unit_test(test_dur_parse),
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_entry_cadence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
