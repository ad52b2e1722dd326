/*
 * common.c - what every program shares.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common.h"
#include "conf.h"

const char *progname = "leads";
int die_status;
int raw_csv;

void
prog_init(int argc, char *argv[])
{
	const char *p;
	int i;

	if (argc > 0 && argv[0] != NULL) {
		p = strrchr(argv[0], '/');
		progname = p != NULL ? p + 1 : argv[0];
	}
	/*
	 * A closed standard descriptor would be taken by the next file we
	 * open (lead-add >&- would print into its rejects file): hold it
	 * with /dev/null, opened so that using it fails as before.
	 */
	for (i = 0; i < 3; i++)
		if (fcntl(i, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", i == 0 ? O_WRONLY : O_RDONLY) != i)
			exit(LEADS_EOSERR);
	/*
	 * A reader that goes away (lead-due | head -1) ends every program
	 * quietly, as it ends cat, whatever the caller did with SIGPIPE.
	 */
	signal(SIGPIPE, SIG_DFL);
	/*
	 * Nothing here asks SQLite how much memory it uses: it need not
	 * count every allocation under a lock.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* What is stored and printed is UTF-8: so is every argument. */
	for (i = 1; i < argc; i++)
		if (!leads_utf8_valid(argv[i], strlen(argv[i])))
			die(LEADS_EUSAGE, "argument %d is not valid UTF-8", i);
}

static void
vwarn(const char *fmt, va_list ap)
{
	fflush(stdout);
	flockfile(stderr);	/* one line, whichever thread warns */
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

void
warnmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	if (die_status != 0 && code != LEADS_EUSAGE && code != LEADS_EDATA)
		code = die_status;
	exit(code);
}

void
die_err(const struct leads_err *err)
{
	die(err->code ? err->code : LEADS_ESOFTWARE, "%s", err->msg);
}

void
usage_exit(const char *usage)
{
	fprintf(stderr, "usage: %s\n", usage);
	exit(LEADS_EUSAGE);
}

void
print_version(void)
{
	printf("%s (leads) %s\n", progname, LEADS_VERSION);
	finish_stdout();
	exit(0);
}

void
std_option(int ch, const char *usage, const char **db, const char **conf)
{
	switch (ch) {
	case 'V':
		print_version();
	case 'h':
		printf("usage: %s\n", usage);
		finish_stdout();
		exit(0);
	case 'c':
		if (conf == NULL)
			break;
		*conf = optarg;
		return;
	case 'd':
		if (db == NULL)
			break;
		*db = optarg;
		return;
	}
	usage_exit(usage);
}

int64_t
clock_now(void)
{
	struct leads_err err;
	const char *s = getenv("LEADS_NOW");
	int64_t t;

	if (s == NULL || *s == '\0')
		return (int64_t)time(NULL);
	if (leads_time_parse(s, NULL, &t, &err) == -1)
		die(LEADS_EUSAGE, "LEADS_NOW: %s", err.msg);
	return t;
}

const char *
actor(void)
{
	const char *s, *name = "LEADS_USER";

	if ((s = getenv(name)) == NULL || *s == '\0')
		s = getenv(name = "USER");
	if (s == NULL || *s == '\0')
		return "unknown";
	if (!leads_utf8_valid(s, strlen(s)))
		die(LEADS_EUSAGE, "%s: not valid UTF-8", name);
	return s;
}

struct leads_db *
open_db(const char *opt, int flags)
{
	struct leads_err err;
	struct leads_db *db;
	char *path;

	path = leads_db_path(opt, getenv("LEADS_DB"), getenv("XDG_DATA_HOME"),
	    getenv("HOME"), &err);
	if (path == NULL)
		die_err(&err);
	db = leads_db_open(path, flags, &err);
	free(path);
	if (db == NULL)
		die_err(&err);
	return db;
}

/* "  12  Ana Lima <ana@example.com> +61391234567" on stderr. */
static void
list_candidate(struct leads_db *db, int64_t id)
{
	struct leads_query q = { .now = 0, .id = id };
	const struct leads_lead *l = NULL;
	struct leads_cursor *cur;
	struct leads_err err;

	if (leads_query_open(db, &q, &cur, &err) == -1)
		die_err(&err);
	if (leads_query_next(cur, &l, &err) == -1)
		die_err(&err);
	fprintf(stderr, "  %lld", (long long)id);
	if (l != NULL) {
		if (l->name != NULL)
			fprintf(stderr, "  %s", l->name);
		if (l->email != NULL)
			fprintf(stderr, "  <%s>", l->email);
		if (l->phone != NULL)
			fprintf(stderr, "  %s", l->phone);
	}
	fputc('\n', stderr);
	leads_cursor_close(cur);
}

int64_t
find_lead(struct leads_db *db, const struct leads_conf *c, const char *s,
    const char *where, int fatal)
{
	struct leads_err err;
	int64_t ids[8];
	size_t n, i;

	if (leads_lookup(db, s, c->country[0] ? c->country : NULL, ids, 8, &n,
	    &err) == -1) {
		if (err.code != LEADS_EDATA)
			die_err(&err);
		n = 0;		/* no lead can have such an address */
	}
	if (n == 1)
		return ids[0];
	if (n == 0)
		warnmsg("%s%sno lead '%s'", where ? where : "",
		    where ? ": " : "", s);
	else {
		warnmsg("%s%s'%s' is more than one lead: use the id",
		    where ? where : "", where ? ": " : "", s);
		for (i = 0; i < n; i++)
			list_candidate(db, ids[i]);
	}
	if (fatal)
		exit(LEADS_ENOINPUT);
	return 0;
}

const char *
conf_path(const char *opt, char *buf, size_t n)
{
	const char *s, *dir;

	s = opt != NULL ? opt : getenv("LEADS_CADENCES");
	if (s != NULL && *s != '\0')
		return s;
	buf[0] = '\0';
	if ((dir = getenv("XDG_CONFIG_HOME")) != NULL && *dir == '/')
		snprintf(buf, n, "%s/leads/cadences.yaml", dir);
	else if ((dir = getenv("HOME")) != NULL && *dir != '\0')
		snprintf(buf, n, "%s/.config/leads/cadences.yaml", dir);
	if (buf[0] != '\0' && access(buf, F_OK) == 0)
		return buf;
	return NULL;
}

struct leads_conf *
load_conf(const char *opt)
{
	struct leads_err err;
	struct leads_conf *c;
	const char *path;
	char buf[4096];

	if ((path = conf_path(opt, buf, sizeof(buf))) != NULL)
		c = leads_conf_load(path, &err);
	else
		c = leads_conf_default(&err);
	if (c == NULL)
		die(LEADS_ECONFIG, "%s", err.msg);
	return c;
}

void
finish_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout) || fclose(stdout) == EOF)
		die(LEADS_EIO, "cannot write output: %s", strerror(errno));
}

const char *
fmt_span(int64_t s, char *buf, size_t n)
{
	int64_t d, h, m;
	size_t k = 0;

	if (s < 0)
		s = -s;
	d = s / 86400;
	h = s % 86400 / 3600;
	m = s % 3600 / 60;
	buf[0] = '\0';
	if (d > 0)
		k += (size_t)snprintf(buf + k, n - k, "%lldd", (long long)d);
	if (h > 0 && k < n)
		k += (size_t)snprintf(buf + k, n - k, "%lldh", (long long)h);
	if ((m > 0 || (d == 0 && h == 0)) && k < n)
		snprintf(buf + k, n - k, "%lldm", (long long)m);
	return buf;
}

const char *
rel_span(int64_t t, int64_t now, char *buf, size_t n)
{
	char span[32];

	if (t <= now && now - t < 60)
		return "now";
	snprintf(buf, n, "%s%s", t < now ? "overdue " : "in ",
	    fmt_span(t - now, span, sizeof(span)));
	return buf;
}

struct leads_out *
out_new(int fmt, const char *const cols[], const int types[], size_t n)
{
	struct leads_out *o;
	struct leads_err err;

	if ((o = leads_out_new((enum leads_ofmt)fmt, cols, types, n, &err)) ==
	    NULL)
		die_err(&err);
	leads_out_csv_raw(o, raw_csv);
	return o;
}

void
out_row(struct leads_out *o, const char *const vals[])
{
	struct leads_err err;

	if (leads_out_row(o, vals, &err) == -1)
		die_err(&err);
}

void
out_flush(struct leads_out *o, int header)
{
	struct leads_err err;
	const char *s;
	size_t len;

	if (leads_out_finish(o, header, &err) == -1)
		die_err(&err);
	s = leads_out_take(o, &len);
	if (len > 0 && fwrite(s, 1, len, stdout) != len)
		die(LEADS_EIO, "cannot write output: %s", strerror(errno));
	leads_out_free(o);
}

char *
local_time(int64_t t, const char *tz, char *buf, size_t n)
{
	struct tm tm;

	if (leads_tz_local(t, tz, &tm) == -1 ||
	    strftime(buf, n, "%a %Y-%m-%d %H:%M %Z", &tm) == 0)
		leads_time_rfc3339(t, buf, n);
	return buf;
}
