/*
 * lead-set - change fields of leads: owner, value, time zone, contact
 * details, source, cadence, status.  Leads from the arguments, or ids one
 * per line on standard input (lead-ls -o id | lead-set owner=bob).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "conf.h"

static const char usage[] =
    "lead-set [-V] [-c cadences] [-d db] [lead ...] field=value ...";

static const struct option longopts[] = {
	{ "cadences", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

#define FIELDS "owner, value, tz, name, email, phone, company, source," \
	" cadence, status, reason"

/*
 * Is arg FIELD=VALUE?  A word and "=" make a field, and an unknown one is
 * a mistake (exit 64) rather than a lead, unless arg is an address such
 * as a=b@example.com.  Splits a known field into f.
 */
static int
assignment(const char *arg, const char *f[2], char *name, size_t n)
{
	const char *eq = strchr(arg, '=');
	size_t i, len;

	if (eq == NULL || (len = (size_t)(eq - arg)) == 0 ||
	    strspn(arg, "abcdefghijklmnopqrstuvwxyz_") != len)
		return 0;
	if (len < n) {
		memcpy(name, arg, len);
		name[len] = '\0';
		for (i = 0; leads_set_fields[i] != NULL; i++)
			if (strcmp(leads_set_fields[i], name) == 0) {
				f[0] = name;
				f[1] = eq + 1;
				return 1;
			}
	}
	if (strchr(eq, '@') != NULL)
		return 0;
	die(LEADS_EUSAGE, "unknown field '%.*s': fields are " FIELDS,
	    (int)len, arg);
}

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL, *confopt = NULL;
	const char *(*f)[2];
	char (*names)[32], line[1024];
	struct leads_conf *conf;
	struct leads_err err;
	struct leads_db *db;
	int64_t now, id;
	size_t nf = 0, nleads = 0;
	int ch, i, status = 0;

	prog_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "Vc:d:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	argc -= optind;
	argv += optind;
	if ((f = calloc((size_t)argc + 1, sizeof(*f))) == NULL ||
	    (names = calloc((size_t)argc + 1, sizeof(*names))) == NULL)
		die(LEADS_EOSERR, "out of memory");
	/* Fields after the leads; a lead is anything that is not one. */
	for (i = 0; i < argc; i++) {
		if (assignment(argv[i], f[nf], names[nf], sizeof(names[nf])))
			nf++;
		else if (nf > 0)
			die(LEADS_EUSAGE, "'%s': not FIELD=VALUE; fields are "
			    FIELDS, argv[i]);
		else
			nleads++;
	}
	if (nf == 0)
		usage_exit(usage);
	now = clock_now();
	conf = load_conf(confopt);
	db = open_db(dbopt, 0);
	if (leads_resync(db, conf, now, &err) == -1 ||
	    leads_db_begin(db, &err) == -1)
		die_err(&err);
	for (i = 0; nleads > 0 ? (size_t)i < nleads :
	    fgets(line, sizeof(line), stdin) != NULL; i++) {
		const char *s = nleads > 0 ? argv[i] : line;
		if (nleads == 0) {
			line[strcspn(line, "\r\n")] = '\0';
			if (line[0] == '\0')
				continue;
		}
		if ((id = find_lead(db, conf, s, NULL, 0)) == 0) {
			status = LEADS_ENOINPUT;
			continue;
		}
		if (leads_set(db, conf, id, f, nf, now, actor(), &err) == -1) {
			leads_db_rollback(db);
			die_err(&err);
		}
	}
	if (leads_db_commit(db, &err) == -1)
		die_err(&err);
	leads_db_close(db);
	leads_conf_free(conf);
	free(f);
	free(names);
	finish_stdout();
	return status;
}
