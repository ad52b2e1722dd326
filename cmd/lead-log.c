/*
 * lead-log - record what happened with a lead, and let the cadence file's
 * outcome rules decide what comes next.  One outcome from the command
 * line, or many from a call log (-f).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "conf.h"
#include "internal.h"

static const char usage[] =
    "lead-log [-Vq] [-c cadences] [-d db] [-n note] [--next when]\n"
    "                [--reason text] [--channel channel] [--at time]"
    " lead outcome\n"
    "       lead-log [-q] [-c cadences] [-d db] [-F format] -f file\n"
    "       lead-log [-c cadences] --list-outcomes";

enum { O_NEXT = 256, O_REASON, O_CHANNEL, O_AT, O_LIST_OUTCOMES };

static const struct option longopts[] = {
	{ "at", required_argument, NULL, O_AT },
	{ "cadences", required_argument, NULL, 'c' },
	{ "channel", required_argument, NULL, O_CHANNEL },
	{ "db", required_argument, NULL, 'd' },
	{ "file", required_argument, NULL, 'f' },
	{ "format", required_argument, NULL, 'F' },
	{ "help", no_argument, NULL, 'h' },
	/* Hidden: the outcome names, for the shell completions. */
	{ "list-outcomes", no_argument, NULL, O_LIST_OUTCOMES },
	{ "next", required_argument, NULL, O_NEXT },
	{ "note", required_argument, NULL, 'n' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "reason", required_argument, NULL, O_REASON },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Lines of a call log applied per transaction. */
#define BATCH 1000

struct run {
	struct leads_db *db;
	struct leads_conf *conf;
	int64_t now;
	int quiet;
	int status;		/* exit status: 0, or 65 after a bad line */
	long no_next;		/* contacts that booked nothing */
	struct leads_buf out;	/* lines waiting for their commit */
};

/*
 * A line is printed only once what it reports is committed: a call log
 * killed or failing mid-batch must not claim lines it never applied.
 */
static void
said(int rc)
{
	if (rc == -1)
		die(LEADS_EOSERR, "out of memory");
}

/* A time the rep typed, in the lead's zone: dies 64 with an example. */
static int64_t
when(const struct run *r, const char *opt, const char *s, const char *tz,
    int flags)
{
	struct leads_err err;
	int64_t t;
	int has_time;

	if (leads_when_parse(s, r->now, tz, flags, &t, &has_time, &err) == -1)
		die(LEADS_EUSAGE, "%s: %s", opt, err.msg);
	/* A day alone: when that day's working hours begin. */
	if (!has_time)
		t = leads_next_open(r->conf, tz, t, NULL);
	return t;
}

/* Say where the lead stands now: "12 active: next call Tue ... (in 2h)". */
static void
report(struct run *r, int64_t id, const struct leads_logged *res)
{
	const struct leads_cadence *cad;
	const char *tz = leads_conf_tz(r->conf, res->tz[0] ? res->tz : NULL);
	const char *what = "step";
	char t[64], span[32];

	if (r->quiet)
		return;
	if (strcmp(res->status, "active") != 0 || res->due_at == 0) {
		said(leads_buf_printf(&r->out, "%lld %s%s\n", (long long)id,
		    res->status,
		    res->due_at == 0 && strcmp(res->status, "active") == 0 ?
		    ": nothing due" : ""));
		return;
	}
	if (res->booked_at == res->due_at)
		what = "booked call";
	else if ((cad = leads_conf_cadence(r->conf, res->cadence)) != NULL &&
	    res->step >= 1 && (size_t)res->step <= cad->nsteps)
		what = leads_channel_name(cad->steps[res->step - 1].channel);
	said(leads_buf_printf(&r->out, "%lld active: next %s %s (%s)\n",
	    (long long)id, what, local_time(res->due_at, tz, t, sizeof(t)),
	    rel_span(res->due_at, r->now, span, sizeof(span))));
}

/* Apply one outcome: 0, or the error (nothing written) in err. */
static int
log_one(struct run *r, int64_t id, const struct leads_log *l,
    struct leads_err *err)
{
	struct leads_logged res;

	if (leads_log(r->db, r->conf, id, l, r->now, actor(), &res, err) ==
	    -1)
		return -1;
	if (res.duplicate) {
		if (!r->quiet)
			said(leads_buf_printf(&r->out, "%lld duplicate\n",
			    (long long)id));
		return 0;
	}
	if (res.no_next)
		r->no_next++;
	report(r, id, &res);
	return 0;
}

static void
begin(struct run *r)
{
	struct leads_err err;

	if (leads_db_begin(r->db, &err) == -1)
		die_err(&err);
}

static void
commit(struct run *r)
{
	struct leads_err err;

	if (leads_db_commit(r->db, &err) == -1)
		die_err(&err);
	if (r->out.len > 0)
		fwrite(r->out.s, 1, r->out.len, stdout);
	leads_buf_reset(&r->out);
	if (fflush(stdout) == EOF)
		die(LEADS_EIO, "cannot write output: %s", strerror(errno));
}

/* Fatal errors roll back what the batch has not committed. */
static void
fail(struct run *r, const struct leads_err *err)
{
	leads_db_rollback(r->db);
	die_err(err);
}

/* -f: every line of a call log; bad lines are told and skipped. */
static void
batch(struct run *r, const char *path, enum leads_format fmt)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct leads_reader *rd;
	struct leads_record *rec;
	struct leads_logline ll;
	struct leads_err err;
	char where[1024];
	int64_t id;
	FILE *fp;
	long n = 0;
	int rc;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL)
		die(LEADS_ENOINPUT, "cannot open '%s': %s", path,
		    strerror(errno));
	if ((rd = leads_reader_new(fp, name, fmt, NULL, &err)) == NULL)
		die_err(&err);
	begin(r);
	while ((rc = leads_reader_next(rd, &rec, &err)) != 0) {
		if (rc == -1) {
			if (err.code != LEADS_EDATA)
				fail(r, &err);
			warnmsg("%s", err.msg);
			r->status = LEADS_EDATA;
			continue;
		}
		if (leads_logline(rec, r->conf->timezone, r->now, &ll, &err) ==
		    -1)
			goto bad;
		snprintf(where, sizeof(where), "%s:%ld", name,
		    leads_record_line(rec));
		if ((id = find_lead(r->db, r->conf, ll.lead, where, 0)) == 0) {
			r->status = LEADS_EDATA;
			continue;
		}
		if (ll.next != NULL && leads_time_parse(ll.next,
		    r->conf->timezone, &ll.log.next, &err) == -1)
			goto bad;
		if (log_one(r, id, &ll.log, &err) == -1) {
			if (err.code != LEADS_EUSAGE &&
			    err.code != LEADS_EDATA)
				fail(r, &err);
			goto bad;
		}
		if (++n % BATCH == 0) {
			commit(r);
			begin(r);
		}
		continue;
bad:
		/* Messages of lib/calllog.c start "line N:" already. */
		if (strncmp(err.msg, "line ", 5) == 0)
			warnmsg("%s:%s", name, err.msg + 5);
		else
			warnmsg("%s:%ld: %s", name, leads_record_line(rec),
			    err.msg);
		r->status = LEADS_EDATA;
	}
	commit(r);
	leads_reader_free(rd);
	if (fp != stdin)
		fclose(fp);
}

/* --list-outcomes: the names c knows, one a line, for completions. */
static int
list_outcomes(const char *confopt)
{
	struct leads_conf *c = load_conf(confopt);
	size_t i;

	for (i = 0; i < c->noutcomes; i++)
		printf("%s\n", c->outcomes[i].name);
	leads_conf_free(c);
	finish_stdout();
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL, *confopt = NULL, *file = NULL;
	const char *at = NULL, *next = NULL, *tz;
	struct leads_log l;
	struct leads_logged st;
	struct leads_err err;
	enum leads_format fmt = LEADS_FMT_AUTO;
	struct run r;
	int64_t id;
	int ch, i, list = 0;

	prog_init(argc, argv);
	memset(&r, 0, sizeof(r));
	memset(&l, 0, sizeof(l));
	r.now = clock_now();
	while ((ch = getopt_long(argc, argv, "F:Vc:d:f:hn:q", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'F':
			/* A call log is a table, never a mail message. */
			if ((i = leads_format_parse(optarg)) == -1 ||
			    i == LEADS_FMT_MAIL)
				die(LEADS_EUSAGE, "unknown format '%s': use "
				    "csv, tsv, jsonl or kv", optarg);
			fmt = (enum leads_format)i;
			break;
		case 'f':
			file = optarg;
			break;
		case 'n':
			l.note = optarg;
			break;
		case 'q':
			r.quiet = 1;
			break;
		case O_AT:
			at = optarg;
			break;
		case O_CHANNEL:
			l.channel = optarg;
			break;
		case O_NEXT:
			next = optarg;
			break;
		case O_REASON:
			l.reason = optarg;
			break;
		case O_LIST_OUTCOMES:
			list = 1;
			break;
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	argc -= optind;
	argv += optind;
	if (list && argc == 0 && file == NULL)
		return list_outcomes(confopt);
	if (list)
		usage_exit(usage);
	if (file != NULL ? argc != 0 || at != NULL || next != NULL ||
	    l.note != NULL || l.reason != NULL || l.channel != NULL :
	    argc != 2)
		usage_exit(usage);

	r.conf = load_conf(confopt);
	r.db = open_db(dbopt, 0);
	if (leads_resync(r.db, r.conf, r.now, &err) == -1)
		die_err(&err);
	if (file != NULL)
		batch(&r, file, fmt);
	else {
		id = find_lead(r.db, r.conf, argv[0], NULL, 1);
		l.outcome = argv[1];
		if (leads_lead_state(r.db, id, &st, &err) == -1)
			die_err(&err);
		tz = leads_conf_tz(r.conf, st.tz[0] ? st.tz : NULL);
		l.at = at != NULL ? when(&r, "--at", at, tz, LEADS_WHEN_PAST) :
		    r.now;
		if (l.at > r.now)
			die(LEADS_EUSAGE, "--at: '%s' is in the future", at);
		if (next != NULL)
			l.next = when(&r, "--next", next, tz,
			    LEADS_WHEN_FUTURE);
		begin(&r);
		if (log_one(&r, id, &l, &err) == -1)
			fail(&r, &err);
		commit(&r);
	}
	if (r.no_next > 0)
		warnmsg("%s: no next step booked, so the cadence's next step"
		    " follows; book one with --next WHEN", file == NULL ?
		    "a contact" : "contacts");
	leads_buf_release(&r.out);
	leads_db_close(r.db);
	leads_conf_free(r.conf);
	finish_stdout();
	return r.status;
}
