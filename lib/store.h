/*
 * store.h - what the modules that talk to SQLite share; not installed.
 */
#ifndef LEADS_STORE_H
#define LEADS_STORE_H

#include <sqlite3.h>

#include "leads.h"

#define LEADS_BUSY_MS 5000	/* wait this long for the write lock */

/* Prepared statements kept for the life of a connection. */
enum leads_stmt_id {
	ST_FIND_EXT,
	ST_FIND_EMAIL,
	ST_FIND_PHONE,
	ST_FIND_FP,
	ST_FORGOTTEN,
	ST_WON_ON,
	ST_LEAD_GET,
	ST_LEAD_INSERT,
	ST_LEAD_FILL,
	ST_LEAD_REINQ,
	ST_EVENTS_1,
	ST_META_GET,
	ST_META_SET,
	ST_AWAY_GET,
	ST_DUE,
	ST_SHOWN_GET,
	ST_SHOWN_PUT,
	ST_ESCALATE,
	ST_EVENT_ESCALATED,
	ST_LEAD_ROW,
	ST_LEAD_BY_ID,
	ST_EVENT_FULL,
	ST_FORGOTTEN_GET,
	ST_RESOLVE,
	ST_EVENTS_16,
	ST_EVENTS_8,
	ST_EVENTS_4,
	ST_EVENTS_2,
	ST_HAS_MERGED,
	ST_FIND_FP_MERGED,
	LEADS_NSTMTS
};

/* The "added" events written in one statement: see leads_db_batch(). */
#define LEADS_EVQ 16

struct leads_evq {
	int64_t lead, at, recorded, fp;
	const char *actor;	/* the caller's, for the transaction */
	char *note;		/* these two are the queue's */
	char *data;
};

struct leads_db {
	sqlite3 *sq;
	char *path;
	sqlite3_stmt *stmts[LEADS_NSTMTS];
	int forgotten;		/* anyone forgotten? -1: not known (per
				   transaction) */
	int batch;		/* leads_db_batch() */
	int nevq;
	struct leads_evq evq[LEADS_EVQ];
};

/*
 * Queue a new lead's "added" event (batch mode), taking note and data:
 * 0 or -1.  leads_events_flush() writes what is queued.
 */
int leads_event_queue(struct leads_db *db, const struct leads_evq *ev,
    struct leads_err *err);
int leads_events_flush(struct leads_db *db, struct leads_err *err);

/* Fill err from an SQLite result code: "WHAT 'path': reason", -1. */
int leads_db_error(struct leads_db *db, int rc, const char *what,
    struct leads_err *err);
int leads_db_exec(struct leads_db *db, const char *sql,
    struct leads_err *err);

/* The cached statement `which`, prepared from sql on first use, reset. */
sqlite3_stmt *leads_stmt(struct leads_db *db, int which, const char *sql,
    struct leads_err *err);
void leads_stmts_finalize(struct leads_db *db);

/* Bind s (NULL: null) without copying: it must outlive the step. */
void leads_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Run a statement for its effect, then reset it: 0 or -1. */
int leads_step_done(struct leads_db *db, sqlite3_stmt *st,
    struct leads_err *err);
/* The first column of its first row in *id, then reset: 1, 0 none, -1. */
int leads_step_id(struct leads_db *db, sqlite3_stmt *st, int64_t *id,
    struct leads_err *err);

/* meta: 1 and the value in val, 0 when unset, -1. */
int leads_meta_get(struct leads_db *db, const char *key, char *val, size_t n,
    struct leads_err *err);
int leads_meta_set(struct leads_db *db, const char *key, const char *val,
    struct leads_err *err);

/*
 * Is owner away at now (in the cadence file or the away table)?  1 and
 * the end of the absence in *until, 0, or -1.
 */
int leads_away(struct leads_db *db, const struct leads_conf *c,
    const char *owner, int64_t now, int64_t *until, struct leads_err *err);

/*
 * The owner of a new lead with these fields: the first assign rule that
 * matches, else the fixed owner, else the next owner in turn who is not
 * away (round-robin).  *owner (owned by c) is NULL when the file names
 * no owners; *turn is set when it was their turn: the caller then
 * remembers it in meta "round_robin" once the lead is stored.
 */
int leads_assign(struct leads_db *db, const struct leads_conf *c,
    const char *const fields[][2], size_t n, int64_t now,
    const char **owner, int *turn, struct leads_err *err);

/*
 * Lead id entering its entry cadence afresh at `at` (a re-inquiry),
 * reachable also as more (may be NULL) says, for what it just gave: 1
 * when it opens again, with the place in *p (p->cad NULL: no cadence),
 * 0 when it stays closed (won or do-not-contact), -1.
 */
struct leads_place;
struct leads_reach;
int leads_reenter(struct leads_db *db, const struct leads_conf *c,
    int64_t id, int64_t at, const struct leads_reach *more,
    struct leads_place *p, struct leads_err *err);

/* A lead merged into another stands for it: *id follows merged_into. */
int leads_resolve(struct leads_db *db, int64_t *id, struct leads_err *err);

/*
 * The row with this "email" or "phone": 1, 0, -1.  It may be a record
 * merged into another: see leads_resolve().
 */
int leads_find_contact(struct leads_db *db, const char *col, const char *v,
    int64_t *id, struct leads_err *err);

/* Was lead id erased by leads_forget()?  1, 0 or -1. */
int leads_forgotten(struct leads_db *db, int64_t id, struct leads_err *err);

/*
 * Is the email or phone (may be NULL) a forgotten person's?  1 and the
 * forgotten lead in *id, 0, -1.
 */
int leads_suppressed(struct leads_db *db, const char *email,
    const char *phone, int64_t *id, struct leads_err *err);

/* ---- event.c: every change is an event --------------------------------- */

#include <jansson.h>

enum { LEADS_TOUCH_NONE, LEADS_TOUCH_ATTEMPT, LEADS_TOUCH_CONTACT };

/* What happened to a lead (strings borrowed, may be NULL). */
struct leads_event {
	const char *kind;	/* added, logged, set, merged, ... */
	int64_t at;		/* when it happened */
	const char *outcome;
	const char *channel;
	const char *note;
	int touch;		/* LEADS_TOUCH_*: counts as attempt, contact */
	int64_t fp;		/* fingerprint of the input line, 0: none */
	const json_t *data;	/* other details, may be NULL */
};

/*
 * Set the columns in set (a JSON object, may be NULL: none) on lead id,
 * count the touch, and append the event with data plus "set": one change,
 * inside the caller's transaction.  0 or -1.
 */
int leads_apply(struct leads_db *db, int64_t id, const json_t *set,
    const struct leads_event *ev, int64_t now, const char *actor,
    struct leads_err *err);

/* Append an event whose data (JSON text, may be NULL) is made already. */
int leads_event_insert(struct leads_db *db, int64_t id, const char *data,
    const struct leads_event *ev, int64_t now, const char *actor,
    struct leads_err *err);

/*
 * SQL: the table p(id) of lead ?1 and every record merged into it, at
 * any depth: one person.  Put before a SELECT that joins p.
 */
#define LEADS_PERSON_CTE "WITH RECURSIVE p(id) AS (SELECT ?1 UNION" \
	" SELECT l.id FROM leads l JOIN p ON l.merged_into = p.id)"

/*
 * Has the input line with fingerprint fp been applied to lead id, or to
 * a record merged into it?  1 yes, 0 no, -1.
 */
int leads_fp_seen(struct leads_db *db, int64_t id, int64_t fp,
    struct leads_err *err);

#endif
