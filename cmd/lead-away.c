/*
 * lead-away - mark an owner away until a date, mark them back, or list
 * who is away.  While away an owner gets no new leads and the backup sees
 * their due steps.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "conf.h"

static const char usage[] =
    "lead-away [-V] [-c cadences] [-d db] [-o format] [--raw-csv]\n"
    "       lead-away [-c cadences] [-d db] owner until\n"
    "       lead-away [-d db] --back owner";

enum { O_BACK = 256, O_RAW_CSV };

static const struct option longopts[] = {
	{ "back", no_argument, NULL, O_BACK },
	{ "cadences", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "raw-csv", no_argument, NULL, O_RAW_CSV },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int
list(struct leads_db *db, const struct leads_conf *c, int fmt, int64_t now)
{
	static const char *const cols[] = { "owner", "until", "from" };
	static const char *const tcols[] = { "OWNER", "BACK", "SET IN" };
	struct leads_away_entry *v;
	struct leads_out *o;
	struct leads_err err;
	const char *row[3];
	char when[64];
	size_t n, i;

	if (leads_away_list(db, c, now, &v, &n, &err) == -1)
		die_err(&err);
	if (n == 0)
		return 1;
	o = out_new(fmt, fmt == LEADS_OUT_TEXT ? tcols : cols, NULL, 3);
	for (i = 0; i < n; i++) {
		leads_time_rfc3339(v[i].until, when, sizeof(when));
		row[0] = v[i].owner;
		row[1] = when;
		row[2] = v[i].in_file ? "cadences" : "lead-away";
		out_row(o, row);
	}
	out_flush(o, 1);
	leads_away_free(v, n);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL, *confopt = NULL;
	struct leads_conf *conf;
	struct leads_db *db;
	struct leads_err err;
	int64_t now, until;
	int ch, fmt = LEADS_OUT_TEXT, back = 0, rc = 0;

	prog_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "Vc:d:ho:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'o':
			if ((fmt = leads_ofmt_parse(optarg)) == -1)
				die(LEADS_EUSAGE, "unknown format '%s': use "
				    "text, tsv, csv or json", optarg);
			break;
		case O_BACK:
			back = 1;
			break;
		case O_RAW_CSV:
			raw_csv = 1;
			break;
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	argc -= optind;
	argv += optind;
	if (back ? argc != 1 : argc != 0 && argc != 2)
		usage_exit(usage);
	if (argc > 0 && (argv[0][0] == '\0' || strlen(argv[0]) > 255))
		die(LEADS_EUSAGE, "bad owner name '%s'", argv[0]);

	conf = load_conf(confopt);
	now = clock_now();
	until = 0;
	if (argc == 2) {
		if (leads_time_parse(argv[1], conf->timezone, &until, &err) ==
		    -1)
			die(LEADS_EUSAGE, "%s (give the date or time they "
			    "are back, e.g. 2026-12-07 or \"2026-12-07 09:00\")",
			    err.msg);
		if (until <= now)
			die(LEADS_EUSAGE, "%s is not in the future", argv[1]);
	}
	db = open_db(dbopt, argc > 0 ? LEADS_OPEN_CREATE : 0);
	if (argc == 0)
		rc = list(db, conf, fmt, now);
	else {
		if (leads_db_begin(db, &err) == -1 ||
		    (rc = leads_away_set(db, argv[0], until, &err)) == -1 ||
		    leads_db_commit(db, &err) == -1)
			die_err(&err);
		if (back && rc == 0)
			warnmsg("%s was not marked away", argv[0]);
		rc = 0;
	}
	leads_db_close(db);
	leads_conf_free(conf);
	finish_stdout();
	return rc;
}
