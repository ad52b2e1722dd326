/*
 * lead-rebuild - lead rows are derived from events: fold the events again
 * and compare, or rewrite the rows that differ.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static const char usage[] = "lead-rebuild [-Vn] [-d db]";

static const struct option longopts[] = {
	{ "check", no_argument, NULL, 'n' },
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL;
	struct leads_err err;
	struct leads_db *db;
	char *report, *p, *end;
	size_t ndiff;
	int ch, check = 0;

	prog_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "Vd:hn", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			check = 1;
			break;
		default:
			std_option(ch, usage, &dbopt, NULL);
		}
	}
	if (optind != argc)
		usage_exit(usage);
	db = open_db(dbopt, 0);
	if (leads_db_begin(db, &err) == -1)
		die_err(&err);
	if (leads_rebuild(db, !check, &ndiff, &report, &err) == -1) {
		leads_db_rollback(db);
		die_err(&err);
	}
	if (check)
		leads_db_rollback(db);
	else if (leads_db_commit(db, &err) == -1)
		die_err(&err);
	/* One lead per line: "lead 3: due_at, step". */
	for (p = report; p != NULL; p = end != NULL ? end + 2 : NULL) {
		end = strstr(p, "; ");
		printf("%.*s\n", end != NULL ? (int)(end - p) : (int)strlen(p),
		    p);
	}
	free(report);
	leads_db_close(db);
	finish_stdout();
	return ndiff > 0 && check ? 1 : 0;
}
