/*
 * lead-cadence - check a cadence file, show its cadences, and plan what
 * a cadence does to a lead nobody answers.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "conf.h"
#include "internal.h"
#include "plan.h"
#include "template.h"

#define PLAN_CAP	50	/* steps planned without --limit */
#define LIMIT_MAX	100000

static const char usage[] =
    "lead-cadence check [-v] [-c file] [file]\n"
    "       lead-cadence show [-c file] [-o format] [--raw-csv]"
    " [--settings]\n"
    "                         [name]\n"
    "       lead-cadence plan [-c file] [-o format] [--raw-csv]"
    " [--from time]\n"
    "                         [--limit n] [--tz zone] name\n"
    "       lead-cadence -h | -V";

enum { O_FROM = 256, O_LIMIT, O_RAW_CSV, O_SETTINGS, O_TZ };

static const struct option longopts[] = {
	{ "cadences", required_argument, NULL, 'c' },
	{ "format", required_argument, NULL, 'o' },
	{ "from", required_argument, NULL, O_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "limit", required_argument, NULL, O_LIMIT },
	{ "raw-csv", no_argument, NULL, O_RAW_CSV },
	{ "settings", no_argument, NULL, O_SETTINGS },
	{ "tz", required_argument, NULL, O_TZ },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

struct opts {
	const char *conf;	/* -c */
	int fmt;		/* -o, -1: not given */
	const char *from;	/* plan --from */
	const char *limit;	/* plan --limit */
	const char *tz;		/* plan --tz */
	int settings;		/* show --settings */
	int verbose;		/* check -v */
};

/* ---- helpers ------------------------------------------------------------ */

static _Noreturn void
nomem(void)
{
	die(LEADS_EOSERR, "out of memory");
}

/* leads_buf_printf, out of memory fatal. */
#define BPRINTF(b, ...) do {						\
	if (leads_buf_printf((b), __VA_ARGS__) == -1)			\
		nomem();						\
} while (0)

static void
buf_adds_or_die(struct leads_buf *b, const char *s)
{
	if (leads_buf_adds(b, s) == -1)
		nomem();
}

/* A span of seconds as "+2d15h5m" (minutes at least: "+0m"). */
static char *
span(int64_t s, char *buf, size_t n)
{
	char t[32];

	snprintf(buf, n, "%c%s", s < 0 ? '-' : '+', fmt_span(s, t, sizeof(t)));
	return buf;
}

/* A delay as written in the file: "10m", "1bd". */
static char *
dur_text(const struct leads_dur *d, char *buf, size_t n)
{
	static const char *const units[] = { "m", "h", "d", "bd", "w" };

	snprintf(buf, n, "%ld%s", d->n, units[d->unit]);
	return buf;
}

/* Seconds as the largest exact unit: 300 -> "5m", 86400 -> "1d". */
static char *
secs_text(int64_t s, char *buf, size_t n)
{
	if (s != 0 && s % (7 * 86400) == 0)
		snprintf(buf, n, "%lldw", (long long)(s / (7 * 86400)));
	else if (s != 0 && s % 86400 == 0)
		snprintf(buf, n, "%lldd", (long long)(s / 86400));
	else if (s != 0 && s % 3600 == 0)
		snprintf(buf, n, "%lldh", (long long)(s / 3600));
	else
		snprintf(buf, n, "%lldm", (long long)(s / 60));
	return buf;
}

static size_t
total_steps(const struct leads_conf *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->ncadences; i++)
		n += c->cadences[i].nsteps;
	return n;
}

/* ---- check -------------------------------------------------------------- */

static int
cmd_check(const struct opts *o, int argc, char *argv[])
{
	struct leads_tpls *tpls = NULL;
	struct leads_conf *c;
	struct leads_err err;
	const char *path;
	char buf[4096];
	size_t ns;
	FILE *fp;

	if (argc > 1 || (argc == 1 && o->conf != NULL))
		usage_exit(usage);
	path = argc == 1 ? argv[0] : conf_path(o->conf, buf, sizeof(buf));
	if (path != NULL) {
		if ((fp = fopen(path, "re")) == NULL)
			die(LEADS_ENOINPUT, "cannot open '%s': %s", path,
			    strerror(errno));
		fclose(fp);
		c = leads_conf_load(path, &err);
	} else
		c = leads_conf_default(&err);
	/* The templates its email steps name, as lead-send finds them. */
	if (c != NULL && (tpls = leads_tpls_load(c, NULL,
	    getenv("XDG_CONFIG_HOME"), getenv("HOME"), &err)) == NULL) {
		leads_conf_free(c);
		c = NULL;
	}
	if (c == NULL) {
		/* FILE:LINE:COLUMN: message, as compilers write it. */
		fflush(stdout);
		fprintf(stderr, "%s\n", err.msg);
		return err.code != 0 ? err.code : LEADS_ECONFIG;
	}
	leads_tpls_free(tpls);
	if (o->verbose) {
		ns = total_steps(c);
		printf("%s: ok, %zu cadence%s, %zu step%s\n", c->name,
		    c->ncadences, c->ncadences == 1 ? "" : "s", ns,
		    ns == 1 ? "" : "s");
	}
	leads_conf_free(c);
	return 0;
}

/* ---- show --------------------------------------------------------------- */

/* Working hours, Monday first, equal neighbouring days joined. */
static void
hours_text(const struct leads_conf *c, struct leads_buf *b)
{
	static const char *const dn[7] = {
		"sun", "mon", "tue", "wed", "thu", "fri", "sat"
	};
	const struct leads_day *h, *g;
	int i, j, k, d, e;

	if (!c->has_hours) {
		buf_adds_or_die(b, "always open");
		return;
	}
	for (i = 0; i < 7; i = j) {
		d = (i + 1) % 7;
		h = &c->hours[d];
		for (j = i + 1; j < 7; j++) {
			g = &c->hours[(j + 1) % 7];
			if (g->n != h->n ||
			    memcmp(g->from, h->from, sizeof(int) * h->n) != 0 ||
			    memcmp(g->to, h->to, sizeof(int) * h->n) != 0)
				break;
		}
		if (h->n == 0)
			continue;
		e = j % 7;
		if (b->len > 0)
			buf_adds_or_die(b, "; ");
		if (j - i == 1)
			buf_adds_or_die(b, dn[d]);
		else
			BPRINTF(b, "%s-%s", dn[d], dn[e]);
		for (k = 0; k < h->n; k++)
			BPRINTF(b, "%s%02d:%02d-%02d:%02d",
			    k == 0 ? " " : ", ", h->from[k] / 60,
			    h->from[k] % 60, h->to[k] / 60, h->to[k] % 60);
	}
}

static void
match_text(const struct leads_match *m, struct leads_buf *b)
{
	size_t i;

	if (m->n == 0)
		buf_adds_or_die(b, "any");
	for (i = 0; i < m->n; i++)
		BPRINTF(b, "%s%s=%s", i > 0 ? "," : "", m->field[i],
		    m->glob[i]);
}

/* A time for people (text) or programs (RFC 3339). */
static char *
when_text(int64_t t, const char *tz, int text, char *buf, size_t n)
{
	return text ? local_time(t, tz, buf, n) : leads_time_rfc3339(t, buf,
	    n);
}

static void
setting(struct leads_out *o, int text, const char *key, const char *val)
{
	char k[32];
	const char *v[2];

	snprintf(k, sizeof(k), "%s%s", key, text ? ":" : "");
	v[0] = k;
	v[1] = val != NULL ? val : text ? "none" : NULL;
	out_row(o, v);
}

static void
show_settings(const struct leads_conf *c, int fmt)
{
	static const char *const cols[] = { "setting", "value" };
	struct leads_buf b = LEADS_BUF_INIT;
	struct leads_out *o;
	char t[64], e[64], w[64];
	int text = fmt == LEADS_OUT_TEXT;
	size_t i;

	o = out_new(fmt, cols, NULL, 2);
	setting(o, text, "file", c->name);
	setting(o, text, "timezone", c->timezone != NULL ? c->timezone :
	    text ? "local time" : NULL);
	setting(o, text, "country", c->country[0] != '\0' ? c->country : NULL);
	hours_text(c, &b);
	setting(o, text, "hours", leads_buf_str(&b));
	leads_buf_reset(&b);
	for (i = 0; i < c->nholidays; i++)
		BPRINTF(&b, "%s%04d-%02d-%02d", i > 0 ? ", " : "",
		    (int)(c->holidays[i] / 10000),
		    (int)(c->holidays[i] / 100 % 100),
		    (int)(c->holidays[i] % 100));
	setting(o, text, "holidays", b.len > 0 ? leads_buf_str(&b) : NULL);
	leads_buf_reset(&b);
	BPRINTF(&b, "target %s, escalate %s",
	    secs_text(c->target, t, sizeof(t)),
	    secs_text(c->escalate, e, sizeof(e)));
	setting(o, text, "speed_to_lead", leads_buf_str(&b));
	leads_buf_reset(&b);
	snprintf(t, sizeof(t), "%d", c->min_attempts);
	setting(o, text, "min_attempts", t);
	snprintf(t, sizeof(t), "%.15g", c->value);
	setting(o, text, "value", t);
	for (i = 0; i < c->nowners; i++) {
		const struct leads_owner *ow = &c->owners[i];

		BPRINTF(&b, "%s%s", i > 0 ? ", " : "", ow->name);
		if (ow->email != NULL)
			BPRINTF(&b, " <%s>", ow->email);
		if (ow->away_until != 0)
			BPRINTF(&b, " (away until %s)",
			    when_text(ow->away_until, c->timezone, text, w,
			    sizeof(w)));
	}
	setting(o, text, "owners", b.len > 0 ? leads_buf_str(&b) : NULL);
	leads_buf_reset(&b);
	if (c->assign_fixed != NULL)
		buf_adds_or_die(&b, c->assign_fixed);
	for (i = 0; i < c->nassign; i++) {
		if (i > 0)
			buf_adds_or_die(&b, "; ");
		match_text(&c->assign[i].match, &b);
		BPRINTF(&b, " -> %s", c->assign[i].owner != NULL ?
		    c->assign[i].owner : "round-robin");
	}
	setting(o, text, "assign", b.len > 0 ? leads_buf_str(&b) :
	    "round-robin");
	leads_buf_reset(&b);
	setting(o, text, "backup", c->backup);
	for (i = 0; i < c->nentry; i++) {
		if (i > 0)
			buf_adds_or_die(&b, "; ");
		match_text(&c->entry[i].match, &b);
		BPRINTF(&b, " -> %s", c->entry[i].cadence);
	}
	if (c->nentry == 0)
		BPRINTF(&b, "any -> %s",
		    leads_conf_entry_cadence(c, NULL, 0));
	setting(o, text, "entry", leads_buf_str(&b));
	leads_buf_release(&b);
	if (c->templates_dir != NULL)
		setting(o, text, "templates", c->templates_dir);
	if (c->from != NULL)
		setting(o, text, "from", c->from);
	if (c->sendmail != NULL)
		setting(o, text, "sendmail", c->sendmail);
	out_flush(o, 0);
}

static void
show_cadences(const struct leads_conf *c, int fmt)
{
	static const char *const cols[] = { "name", "steps", "then" };
	static const int types[] = {
		LEADS_CELL_STR, LEADS_CELL_INT, LEADS_CELL_STR
	};
	const struct leads_cadence *cad;
	struct leads_out *o;
	const char *v[3];
	char n[32];
	size_t i;

	o = out_new(fmt, cols, types, 3);
	for (i = 0; i < c->ncadences; i++) {
		cad = &c->cadences[i];
		snprintf(n, sizeof(n), "%zu", cad->nsteps);
		v[0] = cad->name;
		v[1] = n;
		v[2] = cad->then != NULL ? cad->then : "close";
		out_row(o, v);
	}
	out_flush(o, 1);
}

static void
show_steps(const struct leads_cadence *cad, int fmt)
{
	static const char *const cols[] = {
		"step", "id", "channel", "after", "note", "template"
	};
	static const int types[] = {
		LEADS_CELL_INT, LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_STR,
		LEADS_CELL_STR, LEADS_CELL_STR
	};
	const struct leads_step *st;
	struct leads_out *o;
	const char *v[6];
	char n[32], a[32];
	size_t i;

	o = out_new(fmt, cols, types, 6);
	for (i = 0; i < cad->nsteps; i++) {
		st = &cad->steps[i];
		snprintf(n, sizeof(n), "%zu", i + 1);
		v[0] = n;
		v[1] = st->id;
		v[2] = leads_channel_name(st->channel);
		v[3] = dur_text(&st->after, a, sizeof(a));
		v[4] = st->note;
		v[5] = st->template;
		out_row(o, v);
	}
	out_flush(o, 1);
	if (fmt == LEADS_OUT_TEXT)
		printf("then: %s\n", cad->then != NULL ? cad->then : "close");
}

static int
cmd_show(const struct opts *o, int argc, char *argv[])
{
	const struct leads_cadence *cad;
	struct leads_conf *c;
	struct leads_err err;

	if (argc > 1 || (argc == 1 && o->settings))
		usage_exit(usage);
	c = load_conf(o->conf);
	if (argc == 1) {
		if ((cad = leads_plan_cadence(c, argv[0], &err)) == NULL)
			die_err(&err);
		show_steps(cad, o->fmt);
	} else if (o->settings)
		show_settings(c, o->fmt);
	else {
		if (o->fmt == LEADS_OUT_TEXT) {
			show_settings(c, o->fmt);
			putchar('\n');
		}
		show_cadences(c, o->fmt);
	}
	leads_conf_free(c);
	return 0;
}

/* ---- plan --------------------------------------------------------------- */

static const char *
shift_token(int why)
{
	switch (why) {
	case LEADS_SHIFT_HOURS:
		return "hours";
	case LEADS_SHIFT_CLOSED:
		return "closed";
	case LEADS_SHIFT_HOLIDAY:
		return "holiday";
	default:
		return NULL;
	}
}

static void
plan_text(const struct leads_plan_item *it, size_t n,
    const struct leads_plan_end *end, const char *name, const char *tz,
    int64_t arrival, size_t limit)
{
	static const char *const cols[] = {
		"due", "from arrival", "cadence", "step", "channel", "note"
	};
	struct leads_buf note = LEADS_BUF_INIT;
	struct leads_out *o;
	const char *v[6];
	char due[80], rel[64], step[64];
	size_t i;

	printf("%s, for a lead arriving %s (%s):\n", name,
	    local_time(arrival, tz, due, sizeof(due)),
	    tz != NULL ? tz : "local time");
	o = out_new(LEADS_OUT_TEXT, cols, NULL, 6);
	for (i = 0; i < n; i++) {
		leads_buf_reset(&note);
		if (it[i].st->note != NULL)
			buf_adds_or_die(&note, it[i].st->note);
		if (it[i].why != LEADS_SHIFT_NONE)
			BPRINTF(&note, "%s(moved: %s)",
			    note.len > 0 ? "  " : "",
			    leads_shift_name(it[i].why));
		snprintf(step, sizeof(step), "%zu/%zu", it[i].step,
		    it[i].nsteps);
		v[0] = local_time(it[i].due, tz, due, sizeof(due));
		v[1] = span(it[i].due - arrival, rel, sizeof(rel));
		v[2] = it[i].cadence;
		v[3] = step;
		v[4] = leads_channel_name(it[i].st->channel);
		v[5] = leads_buf_str(&note);
		out_row(o, v);
	}
	leads_buf_release(&note);
	out_flush(o, 1);
	switch (end->stop) {
	case LEADS_PLAN_CLOSE:
		printf("then: close\n");
		break;
	case LEADS_PLAN_REPEAT:
		printf("then: %s again\n", end->next);
		break;
	case LEADS_PLAN_LIMIT:
		printf("then: more of %s (stopped after %zu step%s)\n",
		    end->next, limit, limit == 1 ? "" : "s");
		break;
	}
}

static void
plan_rows(const struct leads_plan_item *it, size_t n, int fmt)
{
	static const char *const cols[] = {
		"due", "raw", "base", "channel", "cadence", "step", "steps",
		"id", "note", "shifted", "template"
	};
	static const int types[] = {
		LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_STR,
		LEADS_CELL_STR, LEADS_CELL_INT, LEADS_CELL_INT, LEADS_CELL_STR,
		LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_STR
	};
	struct leads_out *o;
	const char *v[11];
	char due[32], raw[32], base[32], step[32], steps[32];
	size_t i;

	o = out_new(fmt, cols, types, 11);
	for (i = 0; i < n; i++) {
		snprintf(step, sizeof(step), "%zu", it[i].step);
		snprintf(steps, sizeof(steps), "%zu", it[i].nsteps);
		v[0] = leads_time_rfc3339(it[i].due, due, sizeof(due));
		v[1] = leads_time_rfc3339(it[i].raw, raw, sizeof(raw));
		v[2] = leads_time_rfc3339(it[i].base, base, sizeof(base));
		v[3] = leads_channel_name(it[i].st->channel);
		v[4] = it[i].cadence;
		v[5] = step;
		v[6] = steps;
		v[7] = it[i].st->id;
		v[8] = it[i].st->note;
		v[9] = shift_token(it[i].why);
		v[10] = it[i].st->template;
		out_row(o, v);
	}
	out_flush(o, 1);
}

static int
cmd_plan(const struct opts *o, int argc, char *argv[])
{
	struct leads_plan_item *items;
	struct leads_plan_end end;
	struct leads_conf *c;
	struct leads_err err;
	const char *tz;
	int64_t arrival;
	size_t n, limit = PLAN_CAP;
	char *e;
	long l;

	if (argc != 1)
		usage_exit(usage);
	if (o->limit != NULL) {
		errno = 0;
		l = strtol(o->limit, &e, 10);
		if (*o->limit == '\0' || *e != '\0' || errno != 0 || l < 1 ||
		    l > LIMIT_MAX)
			die(LEADS_EUSAGE, "bad limit '%s': use a whole number "
			    "from 1 to %d", o->limit, LIMIT_MAX);
		limit = (size_t)l;
	}
	if (o->tz != NULL && !leads_tz_valid(o->tz))
		die(LEADS_EUSAGE, "unknown time zone '%s': use an IANA name "
		    "such as America/New_York", o->tz);
	c = load_conf(o->conf);
	tz = o->tz != NULL ? o->tz : c->timezone;
	if (o->from == NULL)
		arrival = clock_now();
	else if (leads_time_parse(o->from, tz, &arrival, &err) == -1)
		die(LEADS_EUSAGE, "--from: %s", err.msg);
	if ((items = leads_plan(c, argv[0], tz, arrival, limit, &n, &end,
	    &err)) == NULL)
		die_err(&err);
	if (o->fmt == LEADS_OUT_TEXT)
		plan_text(items, n, &end, argv[0], tz, arrival, limit);
	else
		plan_rows(items, n, o->fmt);
	free(items);
	leads_conf_free(c);
	return 0;
}

/* ---- main --------------------------------------------------------------- */

int
main(int argc, char *argv[])
{
	struct opts o;
	const char *cmd;
	int ch, rc;

	prog_init(argc, argv);
	memset(&o, 0, sizeof(o));
	o.fmt = -1;

	while ((ch = getopt_long(argc, argv, "Vc:ho:v", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'V':
			print_version();
			break;
		case 'c':
			o.conf = optarg;
			break;
		case 'h':
			printf("usage: %s\n", usage);
			finish_stdout();
			return 0;
		case 'o':
			if ((o.fmt = leads_ofmt_parse(optarg)) == -1)
				die(LEADS_EUSAGE, "unknown format '%s': use "
				    "text, tsv, csv or json", optarg);
			break;
		case 'v':
			o.verbose = 1;
			break;
		case O_FROM:
			o.from = optarg;
			break;
		case O_LIMIT:
			o.limit = optarg;
			break;
		case O_RAW_CSV:
			raw_csv = 1;
			break;
		case O_SETTINGS:
			o.settings = 1;
			break;
		case O_TZ:
			o.tz = optarg;
			break;
		default:
			usage_exit(usage);
		}
	}
	argc -= optind;
	argv += optind;

	if (argc < 1)
		usage_exit(usage);
	cmd = argv[0];
	argc--;
	argv++;
	/* Options that belong to another command are usage errors. */
	if (strcmp(cmd, "check") == 0) {
		if (o.fmt != -1 || o.from != NULL || o.limit != NULL ||
		    o.tz != NULL || o.settings || raw_csv)
			usage_exit(usage);
		rc = cmd_check(&o, argc, argv);
	} else if (strcmp(cmd, "show") == 0) {
		if (o.verbose || o.from != NULL || o.limit != NULL ||
		    o.tz != NULL)
			usage_exit(usage);
		if (o.fmt == -1)
			o.fmt = LEADS_OUT_TEXT;
		rc = cmd_show(&o, argc, argv);
	} else if (strcmp(cmd, "plan") == 0) {
		if (o.verbose || o.settings)
			usage_exit(usage);
		if (o.fmt == -1)
			o.fmt = LEADS_OUT_TEXT;
		rc = cmd_plan(&o, argc, argv);
	} else {
		warnmsg("unknown command '%s': use check, show or plan", cmd);
		usage_exit(usage);
	}
	finish_stdout();
	return rc;
}
