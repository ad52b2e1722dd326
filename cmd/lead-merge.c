/*
 * lead-merge - two records of one person become one: KEEP takes what
 * OTHER knows, and OTHER's id, email and phone lead to KEEP from then on.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "common.h"

static const char usage[] = "lead-merge [-V] [-c cadences] [-d db] keep other";

static const struct option longopts[] = {
	{ "cadences", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL, *confopt = NULL;
	struct leads_conf *conf;
	struct leads_err err;
	struct leads_db *db;
	int64_t now, keep, other;
	int ch;

	prog_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "Vc:d:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	if (argc - optind != 2)
		usage_exit(usage);
	now = clock_now();
	conf = load_conf(confopt);
	db = open_db(dbopt, 0);
	keep = find_lead(db, conf, argv[optind], NULL, 1);
	other = find_lead(db, conf, argv[optind + 1], NULL, 1);
	if (keep == other) {
		leads_db_close(db);
		leads_conf_free(conf);
		die(LEADS_EUSAGE, "'%s' and '%s' are one lead already: lead %"
		    PRId64, argv[optind], argv[optind + 1], keep);
	}
	if (leads_db_begin(db, &err) == -1)
		die_err(&err);
	if (leads_merge(db, keep, other, now, actor(), &err) == -1) {
		leads_db_rollback(db);
		die_err(&err);
	}
	if (leads_db_commit(db, &err) == -1)
		die_err(&err);
	leads_db_close(db);
	leads_conf_free(conf);
	finish_stdout();
	return 0;
}
