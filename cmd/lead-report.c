/*
 * lead-report - where leads leak: speed to lead, leaks, persistence,
 * outcomes, backlog and the funnel, for people (text, html) or programs
 * (tsv, csv, json).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "conf.h"

static const char usage[] =
    "lead-report [-V] [-c cadences] [-d db] [-o format] [--raw-csv]\n"
    "                   [--since when] [--until when] [--by group]\n"
    "                   [section ...]";

enum { O_SINCE = 256, O_UNTIL, O_BY, O_RAW_CSV };

static const struct option longopts[] = {
	{ "by", required_argument, NULL, O_BY },
	{ "cadences", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "raw-csv", no_argument, NULL, O_RAW_CSV },
	{ "since", required_argument, NULL, O_SINCE },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

#define BAR 30		/* width of a full bar */
#define OUT_HTML 100

static int utf8;	/* the terminal takes UTF-8: block bars */

/* Is the locale's character set UTF-8, by LC_ALL, LC_CTYPE, LANG? */
static int
locale_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *s;
	char low[128];
	size_t i, j;

	for (i = 0; i < 3; i++) {
		if ((s = getenv(vars[i])) == NULL || *s == '\0')
			continue;
		for (j = 0; s[j] != '\0' && j + 1 < sizeof(low); j++)
			low[j] = (char)tolower((unsigned char)s[j]);
		low[j] = '\0';
		return strstr(low, "utf-8") != NULL ||
		    strstr(low, "utf8") != NULL;
	}
	return 0;
}

/* A bar of frac (0 to 1) of BAR cells: eighths in UTF-8, # in ASCII. */
static const char *
bar(double frac, char *buf, size_t n)
{
	static const char *const part[8] = {
		"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b",
		"\u258a", "\u2589"
	};
	long e = (long)(frac * BAR * 8 + 0.5), i;
	size_t k = 0;

	if (e < 0)
		e = 0;
	if (e > BAR * 8)
		e = BAR * 8;
	buf[0] = '\0';
	if (!utf8) {
		for (i = 0; i < (e + 4) / 8 && k + 1 < n; i++)
			buf[k++] = '#';
		buf[k] = '\0';
		return buf;
	}
	for (i = 0; i < e / 8 && k + 4 < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "\u2588");
	if (k + 4 < n)
		snprintf(buf + k, n - k, "%s", part[e % 8]);
	return buf;
}

/* A figure as machine formats write it ("" for none). */
static const char *
raw(const struct leads_value *v, int kind, char *buf, size_t n)
{
	switch (v->type) {
	case LEADS_V_INT:
		snprintf(buf, n, "%lld", (long long)v->i);
		return buf;
	case LEADS_V_REAL:
		snprintf(buf, n, kind == LEADS_K_RATE ? "%.4f" : "%.2f", v->d);
		return buf;
	case LEADS_V_TEXT:
		return v->s;
	default:
		return NULL;
	}
}

/* A figure for people: "4m30s", "25.0%", "-" for none. */
static const char *
human(const struct leads_value *v, int kind, char *buf, size_t n)
{
	int64_t s;

	if (v->type == LEADS_V_NULL)
		return "-";
	if (kind == LEADS_K_SECONDS) {
		s = v->i;
		if (s < 60)
			snprintf(buf, n, "%llds", (long long)s);
		else if (s < 3600)
			snprintf(buf, n, "%lldm%02llds", (long long)(s / 60),
			    (long long)(s % 60));
		else
			fmt_span(s, buf, n);
		return buf;
	}
	if (kind == LEADS_K_RATE) {
		snprintf(buf, n, "%.1f%%", v->d * 100);
		return buf;
	}
	return raw(v, kind, buf, n);
}

/* "median first attempt" from median_first_attempt_s. */
static const char *
label(const char *name, char *buf, size_t n)
{
	size_t i, len;

	snprintf(buf, n, "%s", name);
	len = strlen(buf);
	if (len > 2 && strcmp(buf + len - 2, "_s") == 0)
		buf[len - 2] = '\0';
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
	return buf;
}

static int64_t
intval(const struct leads_value *v)
{
	return v->type == LEADS_V_INT ? v->i : 0;
}

/* Machine formats: the section, then the table's columns. */
static void
print_machine(const struct leads_report *rep, int fmt)
{
	const struct leads_table *t;
	const char *cols[32], *vals[32];
	int types[32];
	char buf[32][64];
	struct leads_out *o;
	size_t i, j, r;

	for (i = 0; i < rep->ntables; i++) {
		t = &rep->tables[i];
		if (t->ncols + 1 > 32)
			die(LEADS_ESOFTWARE, "too many columns");
		cols[0] = "section";
		types[0] = LEADS_CELL_STR;
		for (j = 0; j < t->ncols; j++) {
			cols[j + 1] = t->cols[j].name;
			types[j + 1] = t->cols[j].kind == LEADS_K_LABEL ?
			    LEADS_CELL_STR : t->cols[j].kind == LEADS_K_COUNT ||
			    t->cols[j].kind == LEADS_K_SECONDS ?
			    LEADS_CELL_INT : LEADS_CELL_NUM;
		}
		if (i > 0 && fmt != LEADS_OUT_JSON)
			fputs(fmt == LEADS_OUT_CSV ? "\r\n" : "\n", stdout);
		o = out_new(fmt, cols, types, t->ncols + 1);
		for (r = 0; r < t->nrows; r++) {
			vals[0] = t->section;
			for (j = 0; j < t->ncols; j++)
				vals[j + 1] = raw(&t->v[r * t->ncols + j],
				    t->cols[j].kind, buf[j], sizeof(buf[j]));
			out_row(o, vals);
		}
		out_flush(o, 1);
	}
}

/*
 * Text, a table of one row per group: figures down, groups across, then
 * bars for the counts of the first group as shares of its leads.
 */
static void
print_across(const struct leads_table *t)
{
	const char *vals[16], *head[16];
	char names[16][64], cells[16][64], lab[64], b[256];
	struct leads_out *o;
	int64_t leads = 0;
	size_t j, r, n = t->nrows < 15 ? t->nrows : 15, first = 1, lc = 0;
	int speed = strcmp(t->section, "speed") == 0;

	if (speed)
		first = 2;
	head[0] = "";
	for (r = 0; r < n; r++) {
		const struct leads_value *v = &t->v[r * t->ncols];

		if (speed && strcmp(v[1].s, "all") != 0)
			snprintf(names[r], sizeof(names[r]), "%s%s%s",
			    r < 3 ? "" : v[0].s, r < 3 ? "" : " ",
			    strcmp(v[1].s, "in") == 0 ? "in hours" :
			    "out of hours");
		else
			snprintf(names[r], sizeof(names[r]), "%s", v[0].s);
		head[r + 1] = names[r];
	}
	o = out_new(LEADS_OUT_TEXT, head, NULL, n + 1);
	out_row(o, head);
	for (j = first; j < t->ncols; j++) {
		vals[0] = label(t->cols[j].name, lab, sizeof(lab));
		for (r = 0; r < n; r++)
			vals[r + 1] = human(&t->v[r * t->ncols + j],
			    t->cols[j].kind, cells[r], sizeof(cells[r]));
		out_row(o, vals);
		if (strcmp(t->cols[j].name, "leads") == 0)
			lc = j;
	}
	out_flush(o, 0);
	if (lc == 0 || t->nrows == 0 || (leads = intval(&t->v[lc])) == 0)
		return;
	putchar('\n');
	o = out_new(LEADS_OUT_TEXT, (const char *const[]){ "", "", "" }, NULL,
	    3);
	for (j = lc + 1; j < t->ncols; j++) {
		int64_t x = intval(&t->v[j]);

		if (t->cols[j].kind != LEADS_K_COUNT ||
		    strcmp(t->cols[j].name, "n") == 0)
			continue;
		snprintf(cells[0], sizeof(cells[0]), "%5.1f%%", 100.0 *
		    (double)x / (double)leads);
		vals[0] = label(t->cols[j].name, lab, sizeof(lab));
		vals[1] = cells[0];
		vals[2] = bar((double)x / (double)leads, b, sizeof(b));
		out_row(o, vals);
	}
	out_flush(o, 0);
}

/* Text, a list (rows by a label): the table with a bar of its count. */
static void
print_list(const struct leads_table *t)
{
	const char *vals[16], *head[16];
	char cells[16][64], hb[16][64], b[256];
	struct leads_out *o;
	int64_t max = 0;
	size_t j, r, bc = 0, n = t->ncols < 15 ? t->ncols : 15;

	for (j = 0; j < n; j++) {
		head[j] = label(t->cols[j].name, hb[j], sizeof(hb[j]));
		if (bc == 0 && t->cols[j].kind == LEADS_K_COUNT)
			bc = j;
	}
	head[n] = "";
	for (r = 0; r < t->nrows; r++)
		if (intval(&t->v[r * t->ncols + bc]) > max)
			max = intval(&t->v[r * t->ncols + bc]);
	o = out_new(LEADS_OUT_TEXT, head, NULL, n + 1);
	for (r = 0; r < t->nrows; r++) {
		for (j = 0; j < n; j++)
			vals[j] = human(&t->v[r * t->ncols + j],
			    t->cols[j].kind, cells[j], sizeof(cells[j]));
		vals[n] = max > 0 ? bar((double)intval(&t->v[r * t->ncols +
		    bc]) / (double)max, b, sizeof(b)) : "";
		out_row(o, vals);
	}
	out_flush(o, 1);
}

static void
print_text(const struct leads_report *rep)
{
	const struct leads_table *t;
	size_t i;

	for (i = 0; i < rep->ntables; i++) {
		t = &rep->tables[i];
		if (i > 0)
			putchar('\n');
		printf("%s\n\n", t->title);
		if (t->nrows == 0)
			printf("  (none)\n");
		else if (t->cols[1].kind == LEADS_K_LABEL &&
		    strcmp(t->section, "speed") != 0)
			print_list(t);
		else
			print_across(t);
	}
}

/* The page, headed by the period it covers and the time it was made. */
static void
print_html(const struct leads_report *rep, const struct leads_report_opts *o,
    const struct leads_conf *c)
{
	char period[256], a[64], b[64], n[64], *page;
	struct leads_err err;

	local_time(o->now, c->timezone, n, sizeof(n));
	if (o->since == INT64_MIN && o->until == INT64_MAX)
		snprintf(period, sizeof(period), "All leads, as of %s", n);
	else
		snprintf(period, sizeof(period), "Leads inquiring from %s"
		    " until %s, as of %s", o->since == INT64_MIN ? "the start" :
		    local_time(o->since, c->timezone, a, sizeof(a)),
		    o->until == INT64_MAX ? "now" : local_time(o->until,
		    c->timezone, b, sizeof(b)), n);
	if ((page = leads_report_html(rep, period, &err)) == NULL)
		die_err(&err);
	fputs(page, stdout);
	free(page);
}

/* The index of s in a NULL-terminated list, or -1. */
static int
lookup(const char *const list[], const char *s)
{
	int i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* A WHEN of --since or --until; a date alone ends the day for --until. */
static int64_t
when(const char *opt, const char *s, int64_t now, const struct leads_conf *c,
    int until)
{
	struct leads_err err;
	int64_t t;
	int has_time;

	if (leads_when_parse(s, now, c->timezone, LEADS_WHEN_PAST, &t,
	    &has_time, &err) == -1)
		die(LEADS_EUSAGE, "%s: %s", opt, err.msg);
	if (until && !has_time) {
		struct leads_dur day = { 1, LEADS_U_DAY };

		t = leads_after(c, c->timezone, t, &day);
	}
	return t;
}

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL, *confopt = NULL, *since = NULL;
	const char *until = NULL, *fmtopt = "text";
	struct leads_report_opts o = { 0 };
	struct leads_report *rep;
	struct leads_conf *conf;
	struct leads_db *db;
	struct leads_err err;
	int ch, i, k, fmt;

	prog_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "Vc:d:ho:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'o':
			fmtopt = optarg;
			break;
		case O_SINCE:
			since = optarg;
			break;
		case O_RAW_CSV:
			raw_csv = 1;
			break;
		case O_UNTIL:
			until = optarg;
			break;
		case O_BY:
			if ((k = lookup(leads_report_bys, optarg)) <= 0)
				die(LEADS_EUSAGE, "unknown group '%s': use "
				    "source, owner, cadence, month or week",
				    optarg);
			o.by = k;
			break;
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	if (strcmp(fmtopt, "html") == 0)
		fmt = OUT_HTML;
	else if ((fmt = leads_ofmt_parse(fmtopt)) == -1)
		die(LEADS_EUSAGE, "unknown format '%s': use text, tsv, csv, "
		    "json or html", fmtopt);
	for (i = optind; i < argc; i++) {
		if ((k = lookup(leads_report_sections, argv[i])) < 0)
			die(LEADS_EUSAGE, "unknown section '%s': use speed, "
			    "leak, persistence, outcomes, backlog or funnel",
			    argv[i]);
		o.sections |= 1U << k;
	}
	if (o.sections == 0)
		o.sections = LEADS_SEC_ALL;
	conf = load_conf(confopt);
	o.now = clock_now();
	o.since = since != NULL ? when("--since", since, o.now, conf, 0) :
	    INT64_MIN;
	o.until = until != NULL ? when("--until", until, o.now, conf, 1) :
	    INT64_MAX;
	db = open_db(dbopt, 0);
	if (leads_report_run(db, conf, &o, &rep, &err) == -1)
		die_err(&err);
	utf8 = locale_utf8();
	if (fmt == OUT_HTML)
		print_html(rep, &o, conf);
	else if (fmt == LEADS_OUT_TEXT)
		print_text(rep);
	else
		print_machine(rep, fmt);
	leads_report_free(rep);
	leads_db_close(db);
	leads_conf_free(conf);
	finish_stdout();
	return 0;
}
