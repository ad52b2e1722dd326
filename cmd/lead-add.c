/*
 * lead-add - store new leads from files, standard input or options.
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "conf.h"
#include "internal.h"

/*
 * Records per transaction: many, for speed, but the write lock is held
 * for at most about BATCH_SECS so that reps logging calls do not wait.
 */
#define BATCH_MAX	100000
#define BATCH_SECS	1.0

/*
 * A reader thread turns records into leads while this one stores them:
 * they pass in chunks, at most CHUNKS of them on the way, so memory stays
 * bounded whatever the input's size.
 */
#define CHUNK		128
#define CHUNKS		8

static const char usage[] =
    "lead-add [-nqV] [-c cadences] [-d db] [-e encoding] [-f format]\n"
    "                [--country cc] [--rejects file] [--source source]\n"
    "                [--owner owner] [file ...]\n"
    "       lead-add [-nq] [-c cadences] [-d db] [--name name]\n"
    "                [--email email] [--phone phone] [--company company]\n"
    "                [--value value] [--tz zone] [--created time]\n"
    "                [--note note] [--source source] [--owner owner]\n"
    "                [--country cc]";

/* Long options without a short form. */
enum {
	O_COUNTRY = 256, O_REJECTS, O_SOURCE, O_OWNER,
	/* the fields of one lead given as options, in this order: */
	O_NAME, O_EMAIL, O_PHONE, O_COMPANY, O_VALUE, O_TZ, O_CREATED, O_NOTE,
	O_LAST
};

static const char *const optkey[] = {
	"name", "email", "phone", "company", "value", "tz", "created", "note"
};
#define NOPTFIELDS (O_LAST - O_NAME)

static const struct option longopts[] = {
	{ "cadences", required_argument, NULL, 'c' },
	{ "company", required_argument, NULL, O_COMPANY },
	{ "country", required_argument, NULL, O_COUNTRY },
	{ "created", required_argument, NULL, O_CREATED },
	{ "db", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "email", required_argument, NULL, O_EMAIL },
	{ "encoding", required_argument, NULL, 'e' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "name", required_argument, NULL, O_NAME },
	{ "note", required_argument, NULL, O_NOTE },
	{ "owner", required_argument, NULL, O_OWNER },
	{ "phone", required_argument, NULL, O_PHONE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "rejects", required_argument, NULL, O_REJECTS },
	{ "source", required_argument, NULL, O_SOURCE },
	{ "tz", required_argument, NULL, O_TZ },
	{ "value", required_argument, NULL, O_VALUE },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* What the reader hands the writer. */
enum item_kind {
	IT_LEAD,	/* store nl */
	IT_COMMIT	/* the input would wait: commit what is stored */
};

struct item {
	enum item_kind kind;
	struct leads_newlead *nl;
};

struct chunk {
	struct item it[CHUNK];
	int n;
};

/*
 * The chunks on their way from the reader to the writer, and back: the
 * reader frees the leads it made, as memory is cheapest to free in the
 * thread that took it.
 */
struct queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct chunk *c[CHUNKS];
	int head, count;
	struct chunk *used[CHUNKS + 2];	/* stored, to be freed */
	int nused;
	int done;		/* the reader is done */
	int failed;		/* and failed: err says why */
	struct leads_err err;
};

struct run {
	struct leads_db *db;
	struct leads_add_opts opts;
	enum leads_format fmt;
	const char *encoding;
	int quiet;
	int dryrun;
	FILE *rejects;
	const char *rejects_path;
	const char *last_header;	/* header last written to rejects */
	struct leads_buf out;		/* lines waiting for the commit */
	long pending;			/* records in the open transaction */
	struct timespec started;	/* when it began */
	int status;			/* exit status of the reader */
	char **files;			/* what to read, "-" for stdin */
	int nfiles;
	struct chunk *filling;		/* the reader's */
	struct queue q;
};

static void
flush_out(struct run *r)
{
	if (r->out.len > 0)	/* nothing is added with -q */
		fwrite(r->out.s, 1, r->out.len, stdout);
	leads_buf_reset(&r->out);
	fflush(stdout);
}

static void
commit(struct run *r)
{
	struct leads_err err;

	if (r->pending == 0 || r->dryrun)
		return;
	if (leads_db_commit(r->db, &err) == -1)
		die_err(&err);
	r->pending = 0;
	flush_out(r);
}

static void
begin(struct run *r)
{
	struct leads_err err;

	if (r->pending > 0 || r->dryrun)
		return;
	if (leads_db_begin(r->db, &err) == -1)
		die_err(&err);
	clock_gettime(CLOCK_MONOTONIC, &r->started);
}

/* Has the open transaction run long enough? */
static int
batch_full(struct run *r)
{
	struct timespec now;

	if (++r->pending >= BATCH_MAX)
		return 1;
	if (r->pending % 256 != 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - r->started.tv_sec) +
	    (double)(now.tv_nsec - r->started.tv_nsec) / 1e9 >= BATCH_SECS;
}

static void
add_one(struct run *r, const struct leads_newlead *nl)
{
	enum leads_add_result res;
	struct leads_err err;
	int64_t id;

	begin(r);
	if (leads_add(r->db, nl, &r->opts, &id, &res, &err) == -1) {
		if (!r->dryrun)
			leads_db_rollback(r->db);
		die_err(&err);
	}
	if (!r->quiet && (leads_buf_int(&r->out, id) |
	    leads_buf_addc(&r->out, '\t') |
	    leads_buf_adds(&r->out, leads_add_result_name(res)) |
	    leads_buf_addc(&r->out, '\n')))
		die(LEADS_EOSERR, "out of memory");
	if (r->dryrun)
		flush_out(r);
	else if (batch_full(r))
		commit(r);
}

/* ---- the reader thread -------------------------------------------------- */

/* Hand the chunk being filled to the writer, waiting for room. */
static void
publish(struct run *r)
{
	struct queue *q = &r->q;

	if (r->filling == NULL || r->filling->n == 0)
		return;
	pthread_mutex_lock(&q->mu);
	while (q->count == CHUNKS)
		pthread_cond_wait(&q->cv, &q->mu);
	q->c[(q->head + q->count++) % CHUNKS] = r->filling;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	r->filling = NULL;
}

/* Free the leads in c. */
static void
chunk_clear(struct chunk *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		leads_newlead_free(c->it[i].nl);
	c->n = 0;
}

/* An empty chunk to fill: one the writer is done with, or a new one. */
static struct chunk *
empty_chunk(struct run *r)
{
	struct chunk *c = NULL;

	pthread_mutex_lock(&r->q.mu);
	if (r->q.nused > 0)
		c = r->q.used[--r->q.nused];
	pthread_mutex_unlock(&r->q.mu);
	if (c == NULL)
		return calloc(1, sizeof(*c));
	chunk_clear(c);
	return c;
}

/* Queue an item for the writer: 0, or -1 out of memory. */
static int
put(struct run *r, enum item_kind kind, struct leads_newlead *nl)
{
	if (r->filling == NULL && (r->filling = empty_chunk(r)) == NULL)
		return -1;
	r->filling->it[r->filling->n].kind = kind;
	r->filling->it[r->filling->n++].nl = nl;
	if (r->filling->n == CHUNK || kind != IT_LEAD)
		publish(r);
	return 0;
}

/* The reader is done, or failed (err not NULL). */
static void
finish(struct run *r, const struct leads_err *err)
{
	pthread_mutex_lock(&r->q.mu);
	if (err != NULL && !r->q.failed) {
		r->q.err = *err;
		r->q.failed = 1;
	}
	r->q.done = 1;
	pthread_cond_broadcast(&r->q.cv);
	pthread_mutex_unlock(&r->q.mu);
}

/* A rejected record to the rejects file: 0, or -1 with err. */
static int
write_reject(struct run *r, struct leads_reader *rd,
    const struct leads_record *rec, struct leads_err *err)
{
	const char *raw, *hdr;
	size_t len, hlen;

	if (r->rejects == NULL || rec == NULL)
		return 0;
	raw = leads_record_raw(rec, &len);
	if (len == 0)
		return 0;
	hdr = leads_reader_header(rd, &hlen);
	if (hdr != NULL && hdr != r->last_header) {
		fwrite(hdr, 1, hlen, r->rejects);
		r->last_header = hdr;
	}
	fwrite(raw, 1, len, r->rejects);
	/* Key: value records need a blank line between them. */
	if (leads_reader_format(rd) == LEADS_FMT_KV &&
	    (len < 2 || raw[len - 1] != '\n' || raw[len - 2] != '\n'))
		fputc('\n', r->rejects);
	if (ferror(r->rejects))
		return leads_errf(err, LEADS_EIO, "cannot write '%s': %s",
		    r->rejects_path, strerror(errno));
	return 0;
}

/*
 * Would the next read wait?  Then have the writer commit first, so that a
 * slow producer on a pipe neither holds the write lock nor delays what we
 * print.
 */
static int
commit_before_wait(struct run *r, int fd, int regular)
{
	struct pollfd pfd = { fd, POLLIN, 0 };

	if (regular || poll(&pfd, 1, 0) != 0)
		return 0;
	return put(r, IT_COMMIT, NULL);
}

/* Read a stream to its end: 0, or -1 when the reader failed. */
static int
read_stream(struct run *r, FILE *fp, const char *name)
{
	struct leads_reader *rd;
	struct leads_record *rec;
	struct leads_newlead *nl;
	struct leads_err err;
	struct stat st;
	int rc, regular;

	regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
	if ((rd = leads_reader_new(fp, name, r->fmt, r->encoding, &err)) ==
	    NULL) {
		finish(r, &err);
		return -1;
	}
	for (;;) {
		if (commit_before_wait(r, fileno(fp), regular) == -1)
			goto nomem;
		rec = NULL;
		if ((rc = leads_reader_next(rd, &rec, &err)) == 0)
			break;
		if (rc == -1 && err.code != LEADS_EDATA)
			goto fail;
		if (rc == -1) {
			warnmsg("%s", err.msg);
			r->status = LEADS_EDATA;
			if (write_reject(r, rd, rec, &err) == -1)
				goto fail;
			continue;
		}
		if ((nl = leads_newlead_from_record(rec, &r->opts, &err)) ==
		    NULL) {
			if (err.code != LEADS_EDATA)
				goto fail;
			warnmsg("%s:%ld: %s", name, leads_record_line(rec),
			    err.msg);
			r->status = LEADS_EDATA;
			if (write_reject(r, rd, rec, &err) == -1)
				goto fail;
			continue;
		}
		if (leads_newlead_prepare(nl, &r->opts, &err) == -1) {
			leads_newlead_free(nl);
			goto fail;
		}
		if (put(r, IT_LEAD, nl) == -1) {
			leads_newlead_free(nl);
			goto nomem;
		}
	}
	r->last_header = NULL;
	leads_reader_free(rd);
	return 0;
nomem:
	leads_err_nomem(&err);
fail:
	leads_reader_free(rd);
	finish(r, &err);
	return -1;
}

static int
read_file(struct run *r, const char *path)
{
	struct leads_err err;
	FILE *fp;
	int rc;

	if (strcmp(path, "-") == 0)
		return read_stream(r, stdin, "<stdin>");
	if ((fp = fopen(path, "r")) == NULL) {
		warnmsg("cannot open '%s': %s", path, strerror(errno));
		if (r->status == 0)
			r->status = LEADS_ENOINPUT;
		return 0;
	}
	if ((rc = read_stream(r, fp, path)) == 0 && ferror(fp)) {
		leads_errf(&err, LEADS_EIO, "cannot read '%s': %s", path,
		    strerror(errno));
		finish(r, &err);
		rc = -1;
	}
	fclose(fp);
	return rc;
}

static void *
reader(void *arg)
{
	struct run *r = arg;
	int i;

	for (i = 0; i < r->nfiles; i++)
		if (read_file(r, r->files[i]) == -1)
			break;
	if (i == r->nfiles) {
		publish(r);
		finish(r, NULL);
	}
	leads_tz_release();
	return NULL;
}

/* ---- the writer: this thread -------------------------------------------- */

/*
 * Give back the chunk done with (NULL: none), and take the next one from
 * the reader; NULL when it is done.
 */
static struct chunk *
take(struct run *r, struct chunk *used)
{
	struct queue *q = &r->q;
	struct chunk *c = NULL;

	pthread_mutex_lock(&q->mu);
	if (used != NULL)
		q->used[q->nused++] = used;
	while (q->count == 0 && !q->done)
		pthread_cond_wait(&q->cv, &q->mu);
	if (q->count > 0 && !q->failed) {
		c = q->c[q->head];
		q->head = (q->head + 1) % CHUNKS;
		q->count--;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return c;
}

/* Free the chunks and the leads in them (the reader is gone). */
static void
chunks_free(struct run *r)
{
	struct queue *q = &r->q;

	if (r->filling != NULL)
		q->used[q->nused++] = r->filling;
	while (q->count > 0) {
		q->used[q->nused++] = q->c[q->head];
		q->head = (q->head + 1) % CHUNKS;
		q->count--;
	}
	while (q->nused > 0) {
		struct chunk *c = q->used[--q->nused];

		chunk_clear(c);
		free(c);
	}
	r->filling = NULL;
}

static void
add_files(struct run *r)
{
	struct chunk *c = NULL;
	pthread_t th;
	int i, rc;

	pthread_mutex_init(&r->q.mu, NULL);
	pthread_cond_init(&r->q.cv, NULL);
	if ((rc = pthread_create(&th, NULL, reader, r)) != 0)
		die(LEADS_EOSERR, "cannot start a thread: %s", strerror(rc));
	while ((c = take(r, c)) != NULL)
		for (i = 0; i < c->n; i++) {
			if (c->it[i].kind == IT_COMMIT)
				commit(r);
			else
				add_one(r, c->it[i].nl);
		}
	pthread_join(th, NULL);
	chunks_free(r);
	if (r->q.failed) {
		if (!r->dryrun)
			leads_db_rollback(r->db);
		die_err(&r->q.err);
	}
	pthread_cond_destroy(&r->q.cv);
	pthread_mutex_destroy(&r->q.mu);
}

static void
add_options(struct run *r, const char *const vals[])
{
	struct leads_record *rec;
	struct leads_newlead *nl;
	struct leads_err err;

	if ((rec = leads_record_new(optkey, vals, NOPTFIELDS, &err)) == NULL)
		die_err(&err);
	if ((nl = leads_newlead_from_record(rec, &r->opts, &err)) == NULL)
		die_err(&err);
	add_one(r, nl);
	leads_newlead_free(nl);
	leads_record_free(rec);
}

/* --dry-run on a database that does not exist yet: an empty one. */
static struct leads_db *
open_for_dryrun(const char *dbopt)
{
	struct leads_err err;
	struct leads_db *db;
	struct stat st;
	char *path;

	path = leads_db_path(dbopt, getenv("LEADS_DB"),
	    getenv("XDG_DATA_HOME"), getenv("HOME"), &err);
	if (path == NULL)
		die_err(&err);
	if (stat(path, &st) == 0) {
		free(path);
		return open_db(dbopt, 0);
	}
	free(path);
	if ((db = leads_db_open(":memory:", 0, &err)) == NULL)
		die_err(&err);
	return db;
}

int
main(int argc, char *argv[])
{
	static char dash[] = "-", *stdin_only[] = { dash };
	const char *vals[NOPTFIELDS] = { NULL };
	const char *dbopt = NULL, *confopt = NULL, *country;
	struct leads_conf *conf;
	struct leads_err err;
	struct run r;
	int ch, i, fields = 0;

	prog_init(argc, argv);
	/*
	 * Keep freed memory rather than give it back after every batch:
	 * shrinking the heap and growing it again costs more than the work.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	memset(&r, 0, sizeof(r));
	r.opts.actor = actor();
	r.opts.now = clock_now();
	country = getenv("LEADS_COUNTRY");

	while ((ch = getopt_long(argc, argv, "Vc:d:e:f:hnq", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'e':
			r.encoding = optarg;
			break;
		case 'f':
			if ((i = leads_format_parse(optarg)) == -1)
				die(LEADS_EUSAGE, "unknown format '%s': use "
				    "csv, tsv, jsonl, kv or mail", optarg);
			r.fmt = (enum leads_format)i;
			/* A mail filter: all but bad usage or data is 75. */
			die_status = r.fmt == LEADS_FMT_MAIL ?
			    LEADS_ETEMPFAIL : 0;
			break;
		case 'n':
			r.dryrun = 1;
			break;
		case 'q':
			r.quiet = 1;
			break;
		case O_COUNTRY:
			country = optarg;
			break;
		case O_REJECTS:
			r.rejects_path = optarg;
			break;
		case O_SOURCE:
			r.opts.source = optarg;
			break;
		case O_OWNER:
			r.opts.owner = optarg;
			break;
		default:
			if (ch >= O_NAME && ch < O_LAST) {
				vals[ch - O_NAME] = optarg;
				fields = 1;
				break;
			}
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	argc -= optind;
	argv += optind;

	if (fields && argc > 0)
		die(LEADS_EUSAGE, "give a lead as options or as files, "
		    "not both");
	/* A broken cadence file stops us before the database is touched. */
	conf = load_conf(confopt);
	r.opts.conf = conf;
	r.opts.tz = conf->timezone;
	if ((country == NULL || *country == '\0') && conf->country[0] != '\0')
		country = conf->country;
	if (country != NULL && *country != '\0') {
		if (!leads_country_valid(country))
			die(LEADS_EUSAGE, "unknown country '%s': use a "
			    "two-letter code such as US or AU", country);
		r.opts.country = country;
	}
	if (r.rejects_path != NULL &&
	    (r.rejects = fopen(r.rejects_path, "w")) == NULL)
		die(LEADS_ECANTCREAT, "cannot create '%s': %s",
		    r.rejects_path, strerror(errno));

	r.db = r.dryrun ? open_for_dryrun(dbopt) :
	    open_db(dbopt, LEADS_OPEN_CREATE);
	if (r.dryrun && leads_db_begin(r.db, &err) == -1)
		die_err(&err);
	if (!r.dryrun && leads_resync(r.db, conf, r.opts.now, &err) == -1)
		die_err(&err);

	if (!r.dryrun)
		leads_db_batch(r.db, 1);
	if (fields)
		add_options(&r, vals);
	else {
		r.files = argc > 0 ? argv : stdin_only;
		r.nfiles = argc > 0 ? argc : 1;
		add_files(&r);
	}

	if (r.dryrun)
		leads_db_rollback(r.db);
	else
		commit(&r);
	flush_out(&r);
	leads_buf_release(&r.out);
	leads_db_close(r.db);
	leads_conf_free(conf);
	if (r.rejects != NULL && (ferror(r.rejects) || fclose(r.rejects) == EOF))
		die(LEADS_EIO, "cannot write '%s': %s", r.rejects_path,
		    strerror(errno));
	finish_stdout();
	return r.status;
}
