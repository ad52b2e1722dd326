/*
 * lead-forget - erase a person's personal data on request, keeping the
 * anonymous history the reports count, and turning them away should
 * they come in again.
 */
#include <getopt.h>
#include <stdio.h>

#include "common.h"

static const char usage[] = "lead-forget [-V] [-c cadences] [-d db] lead ...";

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
	int64_t now, id;
	int ch, i, status = 0;

	prog_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "Vc:d:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	if (optind == argc)
		usage_exit(usage);
	now = clock_now();
	conf = load_conf(confopt);
	db = open_db(dbopt, 0);
	if (leads_db_begin(db, &err) == -1)
		die_err(&err);
	for (i = optind; i < argc; i++) {
		if ((id = find_lead(db, conf, argv[i], NULL, 0)) == 0) {
			status = LEADS_ENOINPUT;
			continue;
		}
		if (leads_forget(db, id, now, actor(), &err) == -1) {
			leads_db_rollback(db);
			die_err(&err);
		}
	}
	if (leads_db_commit(db, &err) == -1)
		die_err(&err);
	/*
	 * The old pages must not linger in the write-ahead log either; a
	 * reader may hold them for now, and the next checkpoint (SQLite
	 * makes one when the log grows, or the last program closes) will.
	 */
	if (leads_db_checkpoint(db, &err) == -1)
		warnmsg("erased; the old data stays in the write-ahead log"
		    " until the next checkpoint (%s)", err.msg);
	leads_db_close(db);
	leads_conf_free(conf);
	finish_stdout();
	return status;
}
