/*
 * store.c - the SQLite file: path, open/create, migrations, transactions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "internal.h"
#include "store.h"

/*
 * Forward migrations, one per schema version: migrations[0] takes an empty
 * database to version 1, and so on.  Never edit a shipped one: add.
 */
static const char *const migrations[] = {
	/* 1: leads and their events. */
	"CREATE TABLE leads ("
	" id INTEGER PRIMARY KEY,"
	" status TEXT NOT NULL DEFAULT 'active',"
	" name TEXT, email TEXT, phone TEXT, company TEXT,"
	" source TEXT, ext_id TEXT, owner TEXT, value REAL, tz TEXT,"
	" country TEXT,"
	" created INTEGER NOT NULL,"	/* first inquiry */
	" last_inquiry INTEGER NOT NULL,"
	" added INTEGER NOT NULL,"	/* when it was stored */
	" cadence TEXT,"
	" step INTEGER NOT NULL DEFAULT 0,"	/* next step, 1-based */
	" step_id TEXT,"		/* its id, to survive cadence edits */
	" step_base INTEGER,"		/* the time its delay runs from */
	" due_at INTEGER,"		/* next step due; NULL: nothing due */
	" booked_at INTEGER,"		/* a booked call, when one is */
	" escalated_at INTEGER,"	/* first step escalated to backup */
	" lost_reason TEXT,"
	" merged_into INTEGER,"		/* merged into that lead */
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" first_attempt INTEGER, first_contact INTEGER,"
	" last_touch INTEGER, closed_at INTEGER,"
	" phone_bad INTEGER NOT NULL DEFAULT 0,"
	" extra TEXT"			/* JSON object: fields with no column */
	");"
	/*
	 * An address or number belongs to one lead, so a new lead is one
	 * that inserts without a conflict.  A lead merged into another
	 * keeps its own, and lookups follow merged_into.
	 */
	"CREATE INDEX leads_ext ON leads(ext_id, source)"
	" WHERE ext_id IS NOT NULL;"
	"CREATE UNIQUE INDEX leads_email ON leads(email)"
	" WHERE email IS NOT NULL;"
	"CREATE UNIQUE INDEX leads_phone ON leads(phone)"
	" WHERE phone IS NOT NULL;"
	"CREATE INDEX leads_merged ON leads(merged_into)"
	" WHERE merged_into IS NOT NULL;"
	"CREATE INDEX leads_due ON leads(due_at) WHERE due_at IS NOT NULL;"
	"CREATE TABLE events ("
	" id INTEGER PRIMARY KEY,"
	" lead_id INTEGER NOT NULL REFERENCES leads(id),"
	" at INTEGER NOT NULL,"		/* when it happened */
	" recorded INTEGER NOT NULL,"	/* when it was written */
	" kind TEXT NOT NULL,"
	" outcome TEXT, channel TEXT, note TEXT, actor TEXT,"
	" fp INTEGER,"			/* fingerprint of the input record */
	" touch INTEGER NOT NULL DEFAULT 0," /* 1 attempt, 2 contact */
	" data TEXT"			/* JSON details */
	");"
	"CREATE INDEX events_lead ON events(lead_id, at);"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
	"CREATE TABLE away (owner TEXT PRIMARY KEY, until INTEGER NOT NULL)"
	" WITHOUT ROWID;"
	/* lead-due --once: what each consumer was shown. */
	"CREATE TABLE shown (consumer TEXT NOT NULL, lead_id INTEGER NOT NULL,"
	" due_at INTEGER NOT NULL, step_id TEXT NOT NULL,"
	" PRIMARY KEY (consumer, lead_id, due_at, step_id)) WITHOUT ROWID;"
	/* Keyed hashes of the email and phone of forgotten people. */
	"CREATE TABLE forgotten (hash TEXT PRIMARY KEY,"
	" lead_id INTEGER NOT NULL) WITHOUT ROWID;"
};

#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

char *
leads_db_path(const char *opt, const char *env_db, const char *xdg_data_home,
    const char *home, struct leads_err *err)
{
	struct leads_buf b = LEADS_BUF_INIT;
	int rc;

	if (opt != NULL && *opt != '\0')
		return leads_strdup(opt, err);
	if (env_db != NULL && *env_db != '\0')
		return leads_strdup(env_db, err);
	if (xdg_data_home != NULL && *xdg_data_home == '/')
		rc = leads_buf_printf(&b, "%s/leads/leads.db", xdg_data_home);
	else if (home != NULL && *home != '\0')
		rc = leads_buf_printf(&b, "%s/.local/share/leads/leads.db",
		    home);
	else {
		leads_errf(err, LEADS_ECANTCREAT,
		    "no database: set LEADS_DB or HOME, or use -d FILE");
		return NULL;
	}
	if (rc == -1) {
		leads_buf_release(&b);
		leads_err_nomem(err);
		return NULL;
	}
	return b.s;
}

int
leads_db_error(struct leads_db *db, int rc, const char *what,
    struct leads_err *err)
{
	const char *why = db != NULL && db->sq != NULL ?
	    sqlite3_errmsg(db->sq) : sqlite3_errstr(rc);
	int code;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	/*
	 * A full disk is a temporary failure too: nothing was written, and
	 * a mail system that gets 75 delivers the lead again later.
	 */
	case SQLITE_FULL:
		code = LEADS_ETEMPFAIL;
		break;
	case SQLITE_NOMEM:
		code = LEADS_EOSERR;
		break;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		code = LEADS_ECANTCREAT;
		break;
	case SQLITE_IOERR:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		code = LEADS_EIO;
		break;
	default:
		code = LEADS_ESOFTWARE;
		break;
	}
	return leads_errf(err, code, "%s '%s': %s", what,
	    db != NULL ? db->path : "", why);
}

/* mkdir -p of the directory part of path, new directories 0700. */
static int
make_parent(const char *path, struct leads_err *err)
{
	char *dir, *p;
	int rc = 0;

	if ((dir = leads_strdup(path, err)) == NULL)
		return -1;
	if ((p = strrchr(dir, '/')) == NULL || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		/* chmod: the umask may take more than group and others. */
		if (mkdir(dir, 0700) == 0 ? chmod(dir, 0700) == -1 :
		    errno != EEXIST)
			rc = leads_errf(err, LEADS_ECANTCREAT,
			    "cannot create directory '%s': %s", dir,
			    strerror(errno));
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return rc;
}

/*
 * Create the file 0600 ourselves, whatever the umask, before SQLite sees
 * it; SQLite gives its -wal and -shm files the same mode.
 */
static int
create_file(const char *path, struct leads_err *err)
{
	int fd;

	if (make_parent(path, err) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		if (errno == EEXIST)
			return 0;
		return leads_errf(err, LEADS_ECANTCREAT,
		    "cannot create '%s': %s", path, strerror(errno));
	}
	if (fchmod(fd, 0600) == -1) {
		close(fd);
		return leads_errf(err, LEADS_ECANTCREAT,
		    "cannot create '%s': %s", path, strerror(errno));
	}
	close(fd);
	return 0;
}

int
leads_db_exec(struct leads_db *db, const char *sql, struct leads_err *err)
{
	int rc;

	if ((rc = sqlite3_exec(db->sq, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return leads_db_error(db, rc, "cannot update", err);
	return 0;
}

static int
user_version(struct leads_db *db, int *v, struct leads_err *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->sq, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return leads_db_error(db, rc, "cannot read", err);
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return leads_db_error(db, rc, "cannot read", err);
	return 0;
}

static int
newer_error(struct leads_db *db, int v, struct leads_err *err)
{
	return leads_errf(err, LEADS_ECONFIG,
	    "cannot use '%s': its schema version %d is newer than this "
	    "program's %d; upgrade leads", db->path, v, LEADS_SCHEMA_VERSION);
}

static int
migrate(struct leads_db *db, struct leads_err *err)
{
	char sql[64];
	int v;

	if (user_version(db, &v, err) == -1)
		return -1;
	if (v == (int)NMIGRATIONS)
		return 0;
	if (v > (int)NMIGRATIONS)
		return newer_error(db, v, err);
	/* WAL is the file's own setting, and cannot change in a transaction. */
	if (v == 0 && leads_db_exec(db, "PRAGMA journal_mode=WAL", err) == -1)
		return -1;
	if (leads_db_begin(db, err) == -1)
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (user_version(db, &v, err) == -1)
		goto fail;
	if (v > (int)NMIGRATIONS) {
		newer_error(db, v, err);
		goto fail;
	}
	for (; v < (int)NMIGRATIONS; v++)
		if (leads_db_exec(db, migrations[v], err) == -1)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", v);
	if (leads_db_exec(db, sql, err) == -1)
		goto fail;
	return leads_db_commit(db, err);
fail:
	leads_db_rollback(db);
	return -1;
}

/*
 * The file at path, before SQLite opens it: a regular file, followed
 * through symbolic links as any file named; created (flags) only where
 * nothing is, never through a dangling link; and owned by the user, as
 * it holds their leads: a file someone else made, or a link to one, is
 * refused.
 */
static int
check_file(const char *path, int flags, struct leads_err *err)
{
	struct stat stb;

	if (stat(path, &stb) == -1) {
		if (errno == ENOENT && lstat(path, &stb) == 0) {
			if (flags & LEADS_OPEN_CREATE)
				return leads_errf(err, LEADS_ECANTCREAT,
				    "cannot create '%s': a symbolic link to "
				    "a missing file", path);
			return leads_errf(err, LEADS_ENOINPUT, "cannot open "
			    "'%s': a symbolic link to a missing file", path);
		}
		if (errno != ENOENT || !(flags & LEADS_OPEN_CREATE))
			return leads_errf(err, errno == ENOENT ?
			    LEADS_ENOINPUT : LEADS_ECANTCREAT,
			    "cannot open '%s': %s", path, strerror(errno));
		/* Made by us, or by another process just now: check it. */
		if (create_file(path, err) == -1)
			return -1;
		if (stat(path, &stb) == -1)
			return leads_errf(err, LEADS_ECANTCREAT,
			    "cannot open '%s': %s", path, strerror(errno));
	}
	if (!S_ISREG(stb.st_mode))
		return leads_errf(err, LEADS_EIO,
		    "cannot open '%s': not a regular file", path);
	if (stb.st_uid != geteuid())
		return leads_errf(err, LEADS_ECANTCREAT,
		    "cannot open '%s': owned by another user (uid %lu)", path,
		    (unsigned long)stb.st_uid);
	return 0;
}

/*
 * Why opening db failed, in err->msg: SQLite's words, unless its
 * directory cannot be written, where SQLite makes the -wal and -shm
 * files even to read.
 */
static void
open_msg(struct leads_db *db, struct leads_err *err)
{
	int rc = sqlite3_errcode(db->sq) & 0xff;
	char *dir, *p;

	/* realpath: SQLite follows a link to make them by the file. */
	if ((rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN) &&
	    ((dir = realpath(db->path, NULL)) != NULL ||
	    (dir = strdup(db->path)) != NULL)) {
		if ((p = strrchr(dir, '/')) == NULL)
			strcpy(dir, ".");
		else
			p[p == dir] = '\0';
		rc = access(dir, W_OK);
		free(dir);
		if (rc == -1) {
			snprintf(err->msg, sizeof(err->msg), "cannot open "
			    "'%s': its directory cannot be written (the "
			    "database keeps its -wal and -shm files there)",
			    db->path);
			return;
		}
	}
	snprintf(err->msg, sizeof(err->msg), "cannot open '%s': %s",
	    db->path, sqlite3_errmsg(db->sq));
}

/* Drop the queued events: see leads_db_batch(). */
static void
evq_discard(struct leads_db *db)
{
	int i;

	for (i = 0; i < db->nevq; i++) {
		free(db->evq[i].note);
		free(db->evq[i].data);
	}
	db->nevq = 0;
}

struct leads_db *
leads_db_open(const char *path, int flags, struct leads_err *err)
{
	struct leads_db *db;
	int rc, oflags;

	if ((db = calloc(1, sizeof(*db))) == NULL) {
		leads_err_nomem(err);
		return NULL;
	}
	db->forgotten = -1;
	if ((db->path = leads_strdup(path, err)) == NULL)
		goto fail;
	if (strcmp(path, ":memory:") != 0 && check_file(path, flags, err) ==
	    -1)
		goto fail;
	oflags = (flags & LEADS_OPEN_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE;
	rc = sqlite3_open_v2(path, &db->sq, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		leads_db_error(db, rc, "cannot open", err);
		goto fail;
	}
	sqlite3_extended_result_codes(db->sq, 1);
	sqlite3_busy_timeout(db->sq, LEADS_BUSY_MS);
	/* A bad file shows here, on the first read. */
	if (leads_db_exec(db, "PRAGMA foreign_keys=ON;"
	    "PRAGMA synchronous=NORMAL;"
	    "PRAGMA cache_size=-16384", err) == -1) {
		open_msg(db, err);
		goto fail;
	}
	if (migrate(db, err) == -1) {
		if (err->code != LEADS_ECONFIG)
			open_msg(db, err);
		goto fail;
	}
	return db;
fail:
	leads_db_close(db);
	return NULL;
}

void
leads_db_close(struct leads_db *db)
{
	if (db == NULL)
		return;
	evq_discard(db);
	leads_stmts_finalize(db);
	sqlite3_close(db->sq);
	free(db->path);
	free(db);
}

int
leads_db_begin(struct leads_db *db, struct leads_err *err)
{
	int rc;

	db->forgotten = -1;
	rc = sqlite3_exec(db->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return leads_db_error(db, rc, "cannot write", err);
	return 0;
}

void
leads_db_batch(struct leads_db *db, int on)
{
	/*
	 * A bulk load changes index pages all over the file: a larger
	 * cache reads them less often, and copying the log into the file
	 * less often (every 16384 pages of 4 KiB, SQLite's page size, which
	 * leads keeps) copies each of them fewer times.
	 */
	sqlite3_exec(db->sq, on ? "PRAGMA cache_size=-40960;"
	    "PRAGMA wal_autocheckpoint=16384" : "PRAGMA cache_size=-16384;"
	    "PRAGMA wal_autocheckpoint=1000", NULL, NULL, NULL);
	db->batch = on;
}

/* Bind ev to the 7 parameters from i of an insert of "added" events. */
static void
bind_evq(sqlite3_stmt *st, int i, const struct leads_evq *ev)
{
	sqlite3_bind_int64(st, i, ev->lead);
	sqlite3_bind_int64(st, i + 1, ev->at);
	sqlite3_bind_int64(st, i + 2, ev->recorded);
	leads_bind_text(st, i + 3, ev->note);
	leads_bind_text(st, i + 4, ev->actor);
	sqlite3_bind_int64(st, i + 5, ev->fp);
	leads_bind_text(st, i + 6, ev->data);
}

#define EVQ_COLS "INSERT INTO events (lead_id, at, recorded, kind, note," \
	" actor, fp, data) VALUES "
#define EVQ_ROW "(?, ?, ?, 'added', ?, ?, ?, ?)"

/*
 * A queue is written in groups of 16, 8, 4, 2 and 1 rows, each its own
 * statement, kept: a record of a known lead writes the queue before its
 * own event, so that events stay in the order of the input.
 */
static const struct {
	int n, which;
} evq_groups[] = {
	{ 16, ST_EVENTS_16 }, { 8, ST_EVENTS_8 }, { 4, ST_EVENTS_4 },
	{ 2, ST_EVENTS_2 }, { 1, ST_EVENTS_1 }
};

_Static_assert(LEADS_EVQ == 16, "the largest group is the whole queue");

int
leads_events_flush(struct leads_db *db, struct leads_err *err)
{
	char sql[sizeof(EVQ_COLS) + LEADS_EVQ * sizeof(", " EVQ_ROW)];
	sqlite3_stmt *st;
	size_t g = 0;
	int i = 0, k, n, rc = 0;

	while (rc == 0 && i < db->nevq) {
		while (evq_groups[g].n > db->nevq - i)
			g++;
		n = evq_groups[g].n;
		sql[0] = '\0';
		if (db->stmts[evq_groups[g].which] == NULL) {
			memcpy(sql, EVQ_COLS, sizeof(EVQ_COLS));
			for (k = 0; k < n; k++)
				strcat(sql, k == 0 ? EVQ_ROW : ", " EVQ_ROW);
		}
		if ((st = leads_stmt(db, evq_groups[g].which, sql, err)) ==
		    NULL) {
			rc = -1;
			break;
		}
		for (k = 0; k < n; k++)
			bind_evq(st, 7 * k + 1, &db->evq[i + k]);
		rc = leads_step_done(db, st, err);
		i += n;
	}
	evq_discard(db);	/* written, or the transaction fails */
	return rc;
}

int
leads_event_queue(struct leads_db *db, const struct leads_evq *ev,
    struct leads_err *err)
{
	if (db->nevq == LEADS_EVQ && leads_events_flush(db, err) == -1) {
		free(ev->note);
		free(ev->data);
		return -1;
	}
	db->evq[db->nevq++] = *ev;
	return 0;
}

int
leads_db_commit(struct leads_db *db, struct leads_err *err)
{
	int rc;

	if (leads_events_flush(db, err) == -1) {
		leads_db_rollback(db);
		return -1;
	}
	if ((rc = sqlite3_exec(db->sq, "COMMIT", NULL, NULL, NULL)) !=
	    SQLITE_OK) {
		leads_db_error(db, rc, "cannot write", err);
		leads_db_rollback(db);
		return -1;
	}
	return 0;
}

int
leads_db_checkpoint(struct leads_db *db, struct leads_err *err)
{
	int rc = sqlite3_wal_checkpoint_v2(db->sq, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

	return rc == SQLITE_OK ? 0 : leads_db_error(db, rc, "cannot write",
	    err);
}

void
leads_db_rollback(struct leads_db *db)
{
	evq_discard(db);
	if (!sqlite3_get_autocommit(db->sq))
		sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
leads_stmt(struct leads_db *db, int which, const char *sql,
    struct leads_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (which < 0 || which >= LEADS_NSTMTS) {
		leads_errf(err, LEADS_ESOFTWARE, "bad statement %d", which);
		return NULL;
	}
	if ((st = db->stmts[which]) != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	rc = sqlite3_prepare_v3(db->sq, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL);
	if (rc != SQLITE_OK) {
		leads_db_error(db, rc, "cannot read", err);
		return NULL;
	}
	db->stmts[which] = st;
	return st;
}

void
leads_stmts_finalize(struct leads_db *db)
{
	int i;

	for (i = 0; i < LEADS_NSTMTS; i++) {
		sqlite3_finalize(db->stmts[i]);
		db->stmts[i] = NULL;
	}
}

void
leads_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int
leads_step_done(struct leads_db *db, sqlite3_stmt *st, struct leads_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return leads_db_error(db, rc, "cannot write", err);
	return 0;
}

int
leads_step_id(struct leads_db *db, sqlite3_stmt *st, int64_t *id,
    struct leads_err *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return leads_db_error(db, rc, "cannot read", err);
}
