/*
 * lead-due - what to do now: the due steps of every open lead, most
 * urgent first.  Prints nothing and exits 1 when nothing is due, so cron
 * sends no mail.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "conf.h"

static const char usage[] =
    "lead-due [-V] [-c cadences] [-d db] [-o format] [--raw-csv]\n"
    "                [--at time] [--within duration] [--owner name | --mine]\n"
    "                [--channel list] [--limit n] [--once name]\n"
    "       lead-due [-c cadences] [-d db] [--at time] --explain lead";

enum { O_AT = 256, O_WITHIN, O_OWNER, O_MINE, O_CHANNEL, O_LIMIT, O_ONCE,
	O_EXPLAIN, O_RAW_CSV };

static const struct option longopts[] = {
	{ "at", required_argument, NULL, O_AT },
	{ "cadences", required_argument, NULL, 'c' },
	{ "channel", required_argument, NULL, O_CHANNEL },
	{ "db", required_argument, NULL, 'd' },
	{ "explain", required_argument, NULL, O_EXPLAIN },
	{ "format", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "limit", required_argument, NULL, O_LIMIT },
	{ "mine", no_argument, NULL, O_MINE },
	{ "once", required_argument, NULL, O_ONCE },
	{ "owner", required_argument, NULL, O_OWNER },
	{ "raw-csv", no_argument, NULL, O_RAW_CSV },
	{ "version", no_argument, NULL, 'V' },
	{ "within", required_argument, NULL, O_WITHIN },
	{ NULL, 0, NULL, 0 }
};

/* The columns of -o tsv, csv and json; only ever added to at the end. */
static const char *const cols[] = {
	"id", "due_at", "channel", "cadence", "step", "steps", "name",
	"email", "phone", "owner", "source", "value", "note", "escalated",
	"booked"
};
static const int types[] = {
	LEADS_CELL_INT, LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_STR,
	LEADS_CELL_INT, LEADS_CELL_INT, LEADS_CELL_STR, LEADS_CELL_STR,
	LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_NUM,
	LEADS_CELL_STR, LEADS_CELL_BOOL, LEADS_CELL_BOOL
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

/* Text: the columns people need to act, relative times. */
static const char *const tcols[] = {
	"ID", "DUE", "DO", "NAME", "PHONE", "EMAIL", "OWNER", "STEP", "NOTE"
};
#define NTCOLS (sizeof(tcols) / sizeof(tcols[0]))

static unsigned
parse_channels(const char *list)
{
	char buf[256], *p, *tok, *save = NULL;
	unsigned mask = 0;
	int ch;

	if (strlen(list) >= sizeof(buf))
		die(LEADS_EUSAGE, "--channel: list too long");
	snprintf(buf, sizeof(buf), "%s", list);
	for (p = buf; (tok = strtok_r(p, ", ", &save)) != NULL; p = NULL) {
		if ((ch = leads_channel_parse(tok)) == -1)
			die(LEADS_EUSAGE, "unknown channel '%s': use call, "
			    "email, sms, mail or task", tok);
		mask |= 1u << ch;
	}
	if (mask == 0)
		die(LEADS_EUSAGE, "--channel: no channel given");
	return mask;
}

static int64_t
parse_time(const char *s, const char *what, const struct leads_conf *c)
{
	struct leads_err err;
	int64_t t;

	if (leads_time_parse(s, c->timezone, &t, &err) == -1)
		die(LEADS_EUSAGE, "%s: %s", what, err.msg);
	return t;
}

static void
print_items(int fmt, const struct leads_due_item *it, size_t n, int64_t at)
{
	struct leads_out *o;
	char id[24], step[48], steps[24], value[48], due[40], rel[48];
	size_t i;

	if (fmt == LEADS_OUT_TEXT)
		o = out_new(LEADS_OUT_TEXT, tcols, NULL, NTCOLS);
	else
		o = out_new(fmt, cols, types, NCOLS);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%lld", (long long)it[i].id);
		if (fmt == LEADS_OUT_TEXT) {
			const char *v[NTCOLS];

			if (it[i].cadence != NULL)
				snprintf(step, sizeof(step), "%s %ld/%ld",
				    it[i].cadence, it[i].step, it[i].steps);
			else
				snprintf(step, sizeof(step), "-");
			v[0] = id;
			v[1] = rel_span(it[i].due_at, at, rel, sizeof(rel));
			v[2] = leads_channel_name(it[i].channel);
			v[3] = it[i].name ? it[i].name : "";
			v[4] = it[i].phone ? it[i].phone : "";
			v[5] = it[i].email ? it[i].email : "";
			v[6] = it[i].owner ? it[i].owner : "";
			v[7] = step;
			v[8] = it[i].escalated ? "ESCALATED: first touch overdue" :
			    it[i].note ? it[i].note : "";
			out_row(o, v);
			continue;
		}
		const char *v[NCOLS];

		snprintf(step, sizeof(step), "%ld", it[i].step);
		snprintf(steps, sizeof(steps), "%ld", it[i].steps);
		snprintf(value, sizeof(value), "%.15g", it[i].value);
		leads_time_rfc3339(it[i].due_at, due, sizeof(due));
		v[0] = id;
		v[1] = due;
		v[2] = leads_channel_name(it[i].channel);
		v[3] = it[i].cadence;
		v[4] = it[i].cadence ? step : NULL;
		v[5] = it[i].cadence ? steps : NULL;
		v[6] = it[i].name;
		v[7] = it[i].email;
		v[8] = it[i].phone;
		v[9] = it[i].owner;
		v[10] = it[i].source;
		v[11] = value;
		v[12] = it[i].note;
		v[13] = it[i].escalated ? "1" : "0";
		v[14] = it[i].booked ? "1" : "0";
		out_row(o, v);
	}
	out_flush(o, 1);
	/* Delivered before --once and escalations are recorded. */
	if (fflush(stdout) == EOF)
		die(LEADS_EIO, "cannot write output: %s", strerror(errno));
}

/* A step's delay as the cadence file writes it: "0m", "2h", "1bd". */
static const char *
dur_text(const struct leads_dur *d, char *buf, size_t n)
{
	static const char *const units[] = { "m", "h", "d", "bd", "w" };

	snprintf(buf, n, "%ld%s", d->n, units[d->unit]);
	return buf;
}

/* The calendar date of t in tz, as YYYYMMDD, and its struct tm. */
static long
date_of(int64_t t, const char *tz, struct tm *tm)
{
	if (leads_tz_local(t, tz, tm) == -1)
		return 0;
	return (tm->tm_year + 1900) * 10000L + (tm->tm_mon + 1) * 100 +
	    tm->tm_mday;
}

/*
 * Each shift of a step from raw into working hours (due): the day raw
 * fell outside the hours of, then every closed day and holiday passed.
 */
static void
print_shifts(const struct leads_conf *c, const char *tz, int64_t raw,
    int64_t due)
{
	struct tm d, e;
	long day, last;
	char buf[32];
	int k;

	if ((day = date_of(raw, tz, &d)) == 0 ||
	    (last = date_of(due, tz, &e)) == 0)
		return;
	for (k = 0; day <= last && k < 800; k++) {
		strftime(buf, sizeof(buf), "%a %Y-%m-%d", &d);
		if (leads_is_holiday(c, &d))
			printf("  %s: holiday\n", buf);
		else if (c->has_hours && c->hours[d.tm_wday].n == 0)
			printf("  %s: closed day\n", buf);
		else if (k == 0)
			printf("  %s: outside working hours\n", buf);
		if (day == last)
			break;
		/* The next calendar date, at noon: no DST edge near. */
		d.tm_mday++;
		d.tm_hour = 12;
		d.tm_min = d.tm_sec = 0;
		d.tm_isdst = 0;
		timegm(&d);
		day = (d.tm_year + 1900) * 10000L + (d.tm_mon + 1) * 100 +
		    d.tm_mday;
	}
}

/*
 * Text printed for people is UTF-8 without control characters, as in the
 * text format, even text that reached the database some other way.
 */
static void
printable(char **s)
{
	char *m, *p;

	if (*s == NULL)
		return;
	if (!leads_utf8_valid(*s, strlen(*s))) {
		if ((m = leads_utf8_mend(*s)) == NULL)
			die(LEADS_EOSERR, "out of memory");
		free(*s);
		*s = m;
	}
	for (p = *s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

static int
explain(struct leads_db *db, const struct leads_conf *c, const char *lead,
    int64_t at)
{
	struct leads_explain x;
	struct leads_err err;
	char a[80], b[80], t[32];
	const char *tz;
	int64_t id = find_lead(db, c, lead, NULL, 1);

	if (leads_due_explain(db, c, id, at, &x, &err) == -1)
		die_err(&err);
	printable(&x.item.name);
	printable(&x.item.owner);
	tz = x.tz;
	printf("lead %lld: %s%s%s\n", (long long)id,
	    x.item.name ? x.item.name : "(no name)",
	    x.item.owner ? ", owner " : "", x.item.owner ? x.item.owner : "");
	printf("status: %s; %lld attempt%s\n", x.status,
	    (long long)x.attempts, x.attempts == 1 ? "" : "s");
	printf("time zone: %s\n", x.lead_tz[0] ? x.lead_tz :
	    tz ? tz : "this machine's (the cadence file sets none)");
	if (strcmp(x.status, "active") != 0) {
		printf("not due: it is %s, so it gets no more steps\n",
		    x.status);
		leads_explain_free(&x);
		return 1;
	}
	if (x.item.cadence != NULL && x.stepdef != NULL) {
		const struct leads_step *st = x.stepdef;

		printf("cadence: %s, step %ld of %ld (%s): %s, after %s\n",
		    x.item.cadence, x.item.step, x.item.steps, x.item.step_id ? x.item.step_id : "?",
		    leads_channel_name(st->channel),
		    dur_text(&st->after, t, sizeof(t)));
		printf("the delay runs from %s (%s)\n",
		    local_time(x.base, tz, a, sizeof(a)),
		    x.base == x.item.last_inquiry ? "its inquiry" :
		    "when the step before was done");
		printf("base + delay = %s\n", local_time(x.raw, tz, b,
		    sizeof(b)));
		if (x.due != x.raw) {
			printf("moved to %s, into working hours:\n",
			    local_time(x.due, tz, a, sizeof(a)));
			print_shifts(c, tz, x.raw, x.due);
		}
	} else
		printf("cadence: none\n");
	if (x.item.booked)
		printf("a call is booked for %s\n",
		    local_time(x.booked_at, tz, a, sizeof(a)));
	if (!x.has_due) {
		printf("not due: it has no next step\n");
		leads_explain_free(&x);
		return 1;
	}
	if (x.item.away && c->backup != NULL)
		printf("its owner is away until %s: the backup %s sees it\n",
		    local_time(x.away_until, NULL, a, sizeof(a)), c->backup);
	else if (x.item.away)
		printf("its owner is away until %s, and the cadence file "
		    "names no backup\n",
		    local_time(x.away_until, NULL, a, sizeof(a)));
	if (x.item.escalated)
		printf("escalated: the first touch is %s overdue, past %s\n",
		    fmt_span(at - x.item.due_at, t, sizeof(t)),
		    fmt_span(c->escalate, b, sizeof(b)));
	if (x.item.due_at <= at) {
		printf("due: since %s (%s)\n",
		    local_time(x.item.due_at, tz, a, sizeof(a)),
		    rel_span(x.item.due_at, at, b, sizeof(b)));
		leads_explain_free(&x);
		return 0;
	}
	printf("not due yet: due %s (%s)\n",
	    local_time(x.item.due_at, tz, a, sizeof(a)),
	    rel_span(x.item.due_at, at, b, sizeof(b)));
	leads_explain_free(&x);
	return 1;
}

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL, *confopt = NULL, *atopt = NULL;
	const char *within = NULL, *explain_lead = NULL, *channels = NULL;
	const char *limit = NULL;
	struct leads_due_query q;
	struct leads_due_item *items;
	struct leads_conf *conf;
	struct leads_db *db;
	struct leads_err err;
	struct leads_dur dur;
	int64_t now, from;
	size_t n, i;
	int ch, fmt = LEADS_OUT_TEXT, mine = 0, record, todo;
	char *end;

	prog_init(argc, argv);
	memset(&q, 0, sizeof(q));
	while ((ch = getopt_long(argc, argv, "Vc:d:ho:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'o':
			if ((fmt = leads_ofmt_parse(optarg)) == -1)
				die(LEADS_EUSAGE, "unknown format '%s': use "
				    "text, tsv, csv or json", optarg);
			break;
		case O_AT:
			atopt = optarg;
			break;
		case O_WITHIN:
			within = optarg;
			break;
		case O_OWNER:
			q.owner = optarg;
			break;
		case O_MINE:
			mine = 1;
			break;
		case O_CHANNEL:
			channels = optarg;
			break;
		case O_LIMIT:
			limit = optarg;
			break;
		case O_ONCE:
			q.once = optarg;
			break;
		case O_EXPLAIN:
			explain_lead = optarg;
			break;
		case O_RAW_CSV:
			raw_csv = 1;
			break;
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	if (optind != argc)
		usage_exit(usage);
	if (mine && q.owner != NULL)
		die(LEADS_EUSAGE, "--mine and --owner: give one");
	if (mine)
		q.owner = actor();
	if (q.once != NULL && *q.once == '\0')
		die(LEADS_EUSAGE, "--once: give a name for this consumer");
	if (limit != NULL) {
		errno = 0;
		q.limit = strtol(limit, &end, 10);
		if (errno != 0 || *end != '\0' || end == limit || q.limit < 1)
			die(LEADS_EUSAGE, "--limit: '%s' is not a whole number "
			    "above 0", limit);
	}
	if (channels != NULL)
		q.channels = parse_channels(channels);
	if (within != NULL && leads_dur_parse(within, &dur, &err) == -1)
		die(LEADS_EUSAGE, "--within: %s", err.msg);

	conf = load_conf(confopt);
	/* Another moment, or looking ahead, records no escalation. */
	record = atopt == NULL && within == NULL;
	now = clock_now();
	from = atopt != NULL ? parse_time(atopt, "--at", conf) : now;
	q.at = from;
	if (within != NULL) {
		if (leads_dur_seconds(&dur) < 0)
			q.at = leads_after(conf, conf->timezone, q.at, &dur);
		else
			q.at += leads_dur_seconds(&dur);
	}

	db = open_db(dbopt, 0);
	if (leads_resync(db, conf, now, &err) == -1)
		die_err(&err);
	if (explain_lead != NULL) {
		int rc = explain(db, conf, explain_lead, q.at);

		leads_db_close(db);
		leads_conf_free(conf);
		finish_stdout();
		return rc;
	}
	/*
	 * --once lists, prints and records in one write transaction: two
	 * runs for one consumer at once would otherwise both list a step.
	 */
	if (q.once != NULL && leads_db_begin(db, &err) == -1)
		die_err(&err);
	if (leads_due_list(db, conf, &q, &items, &n, &err) == -1)
		die_err(&err);
	if (n == 0) {
		leads_db_close(db);
		leads_conf_free(conf);
		return 1;
	}
	/*
	 * --within looks ahead: times stay relative to the moment asked, and
	 * so does escalation (a step due in 10 minutes is not overdue).
	 */
	for (i = 0; within != NULL && i < n; i++)
		items[i].escalated = items[i].escalated &&
		    from - items[i].due_at > conf->escalate;
	print_items(fmt, items, n, from);
	for (i = 0, todo = q.once != NULL; i < n; i++) {
		if (!record)
			items[i].escalation_recorded = 1;
		if (items[i].escalated && !items[i].escalation_recorded)
			todo = 1;
	}
	if (todo &&
	    ((q.once == NULL && leads_db_begin(db, &err) == -1) ||
	    leads_due_record(db, &q, items, n, actor(), &err) == -1 ||
	    leads_db_commit(db, &err) == -1))
		die_err(&err);
	leads_due_free(items, n);
	leads_db_close(db);
	leads_conf_free(conf);
	finish_stdout();
	return 0;
}
