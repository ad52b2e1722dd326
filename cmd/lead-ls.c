/*
 * lead-ls - list leads, filtered, in id order.  Prints nothing and exits
 * 1 when no lead matches, like grep.  Rows are streamed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "conf.h"

static const char usage[] =
    "lead-ls [-V] [-c cadences] [-d db] [-o format] [--raw-csv]\n"
    "               [--status status] [--source source] [--owner name]\n"
    "               [--cadence cadence] [--since time] [--search text]\n"
    "               [--limit n]";

enum { O_STATUS = 256, O_SOURCE, O_OWNER, O_CADENCE, O_SINCE, O_SEARCH,
	O_LIMIT, O_RAW_CSV };

static const struct option longopts[] = {
	{ "cadence", required_argument, NULL, O_CADENCE },
	{ "cadences", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "limit", required_argument, NULL, O_LIMIT },
	{ "owner", required_argument, NULL, O_OWNER },
	{ "raw-csv", no_argument, NULL, O_RAW_CSV },
	{ "search", required_argument, NULL, O_SEARCH },
	{ "since", required_argument, NULL, O_SINCE },
	{ "source", required_argument, NULL, O_SOURCE },
	{ "status", required_argument, NULL, O_STATUS },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* -o id: bare ids, one per line, for pipes into lead-set or lead-show. */
#define OUT_ID (-2)

/* The columns of -o tsv, csv and json; only ever added to at the end. */
static const char *const cols[] = {
	"id", "status", "name", "email", "phone", "company", "source",
	"owner", "cadence", "step", "due_at", "created", "value", "attempts",
	"last_touch"
};
static const int types[] = {
	LEADS_CELL_INT, LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_STR,
	LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_STR, LEADS_CELL_STR,
	LEADS_CELL_STR, LEADS_CELL_INT, LEADS_CELL_STR, LEADS_CELL_STR,
	LEADS_CELL_NUM, LEADS_CELL_INT, LEADS_CELL_STR
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

/* Text: what fits a terminal, the due time local in the lead's zone. */
static const char *const tcols[] = {
	"ID", "STATUS", "NAME", "PHONE", "EMAIL", "OWNER", "SOURCE", "DUE"
};
#define NTCOLS (sizeof(tcols) / sizeof(tcols[0]))

/*
 * Text is aligned over blocks of this many rows, so that memory stays
 * bounded; the machine formats are written out as they grow past DRAIN.
 */
#define BLOCK 1000
#define DRAIN 65536

static const char *
rfc3339(int64_t t, char *buf, size_t n)
{
	return t != 0 ? leads_time_rfc3339(t, buf, n) : NULL;
}

static void
row(struct leads_out *o, int fmt, const struct leads_lead *l,
    const struct leads_conf *conf)
{
	char id[24], step[24], value[48], due[64], created[32], tries[24];
	char touch[32];

	snprintf(id, sizeof(id), "%lld", (long long)l->id);
	if (fmt == LEADS_OUT_TEXT) {
		out_row(o, (const char *const[]){ id, l->status, l->name,
		    l->phone, l->email, l->owner, l->source, l->due_at == 0 ?
		    NULL : local_time(l->due_at, leads_conf_tz(conf, l->tz),
		    due, sizeof(due)) });
		return;
	}
	snprintf(step, sizeof(step), "%ld", l->step);
	snprintf(value, sizeof(value), "%.15g", l->value);
	snprintf(tries, sizeof(tries), "%lld", (long long)l->attempts);
	out_row(o, (const char *const[]){ id, l->status, l->name, l->email,
	    l->phone, l->company, l->source, l->owner, l->cadence,
	    l->cadence != NULL ? step : NULL, rfc3339(l->due_at, due,
	    sizeof(due)), rfc3339(l->created, created, sizeof(created)),
	    l->has_value ? value : NULL, tries, rfc3339(l->last_touch, touch,
	    sizeof(touch)) });
}

/* Write out what o has formatted so far, and forget it. */
static void
drain(struct leads_out *o)
{
	const char *s;
	size_t len;

	s = leads_out_take(o, &len);
	if (len > 0 && fwrite(s, 1, len, stdout) != len)
		die(LEADS_EIO, "cannot write output: %s", strerror(errno));
	leads_out_clear(o);
}

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL, *confopt = NULL, *since = NULL;
	const char *limit = NULL;
	const struct leads_lead *l;
	struct leads_query q = { 0 };
	struct leads_cursor *cur;
	struct leads_conf *conf;
	struct leads_out *o = NULL;
	struct leads_db *db;
	struct leads_err err;
	size_t n = 0, len;
	int ch, fmt = LEADS_OUT_TEXT, rc;
	char *end;

	prog_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "Vc:d:ho:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'o':
			if (strcmp(optarg, "id") == 0)
				fmt = OUT_ID;
			else if ((fmt = leads_ofmt_parse(optarg)) == -1)
				die(LEADS_EUSAGE, "unknown format '%s': use "
				    "text, tsv, csv, json or id", optarg);
			break;
		case O_STATUS:
			q.status = optarg;
			break;
		case O_RAW_CSV:
			raw_csv = 1;
			break;
		case O_SOURCE:
			q.source = optarg;
			break;
		case O_OWNER:
			q.owner = optarg;
			break;
		case O_CADENCE:
			q.cadence = optarg;
			break;
		case O_SINCE:
			since = optarg;
			break;
		case O_SEARCH:
			q.search = optarg;
			break;
		case O_LIMIT:
			limit = optarg;
			break;
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	if (optind != argc)
		usage_exit(usage);
	if (leads_query_check(&q, &err) == -1)
		die(LEADS_EUSAGE, "--status: %s", err.msg);
	if (limit != NULL) {
		errno = 0;
		q.limit = strtol(limit, &end, 10);
		if (errno != 0 || *end != '\0' || end == limit || q.limit < 1)
			die(LEADS_EUSAGE, "--limit: '%s' is not a whole number "
			    "above 0", limit);
	}
	conf = load_conf(confopt);
	q.now = clock_now();
	if (since != NULL && leads_when_parse(since, q.now, conf->timezone,
	    LEADS_WHEN_PAST, &q.since, NULL, &err) == -1)
		die(LEADS_EUSAGE, "--since: %s", err.msg);

	db = open_db(dbopt, 0);
	if (leads_query_open(db, &q, &cur, &err) == -1)
		die_err(&err);
	while ((rc = leads_query_next(cur, &l, &err)) == 1) {
		n++;
		if (fmt == OUT_ID) {
			printf("%lld\n", (long long)l->id);
			continue;
		}
		if (o == NULL)
			o = fmt == LEADS_OUT_TEXT ?
			    out_new(fmt, tcols, NULL, NTCOLS) :
			    out_new(fmt, cols, types, NCOLS);
		row(o, fmt, l, conf);
		if (fmt == LEADS_OUT_TEXT && n % BLOCK == 0) {
			out_flush(o, n == BLOCK);
			o = NULL;
		} else if (fmt != LEADS_OUT_TEXT &&
		    (leads_out_take(o, &len), len >= DRAIN))
			drain(o);
	}
	if (rc == -1)
		die_err(&err);
	if (o != NULL)
		out_flush(o, n <= BLOCK);
	leads_cursor_close(cur);
	leads_db_close(db);
	leads_conf_free(conf);
	if (n == 0)
		return 1;
	finish_stdout();
	return 0;
}
