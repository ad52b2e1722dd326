/*
 * query.c - reading leads and their history: a cursor over the leads a
 * query selects, in id order, and one over a lead's events, oldest first.
 * Rows are streamed: memory does not grow with the number of leads.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "internal.h"
#include "store.h"

const char *const leads_statuses[] = {
	"active", "waiting", "won", "lost", "dnc", NULL
};

/* The status as people see it: an active lead with a call booked later
   is waiting (?1 is now). */
#define STATUS_EXPR \
	"CASE WHEN status = 'active' AND booked_at > ?1 THEN 'waiting'" \
	" ELSE status END"

#define LEAD_SELECT \
	"SELECT id, " STATUS_EXPR ", name, email, phone, phone_bad," \
	" company, source, owner, value, tz, cadence, step, due_at," \
	" booked_at, created, last_inquiry, attempts, first_attempt," \
	" first_contact, last_touch, closed_at, lost_reason, extra" \
	" FROM leads"
enum {
	C_ID, C_STATUS, C_NAME, C_EMAIL, C_PHONE, C_PHONE_BAD, C_COMPANY,
	C_SOURCE, C_OWNER, C_VALUE, C_TZ, C_CADENCE, C_STEP, C_DUE_AT,
	C_BOOKED_AT, C_CREATED, C_LAST_INQUIRY, C_ATTEMPTS, C_FIRST_ATTEMPT,
	C_FIRST_CONTACT, C_LAST_TOUCH, C_CLOSED_AT, C_LOST_REASON, C_EXTRA
};

/*
 * One statement for a single lead (by its primary key), one for lists:
 * a filter left NULL matches every lead, and the scan goes in id order.
 */
static const char by_id_sql[] = LEAD_SELECT " WHERE id = ?2";
static const char list_sql[] = LEAD_SELECT
	" WHERE merged_into IS NULL"
	" AND (?2 IS NULL OR " STATUS_EXPR " = ?2)"
	" AND (?3 IS NULL OR source = ?3)"
	" AND (?4 IS NULL OR owner = ?4)"
	" AND (?5 IS NULL OR cadence = ?5)"
	" AND (?6 IS NULL OR created >= ?6)"
	" AND (?7 IS NULL OR name LIKE ?7 ESCAPE '\\'"
	" OR email LIKE ?7 ESCAPE '\\' OR phone LIKE ?7 ESCAPE '\\'"
	" OR company LIKE ?7 ESCAPE '\\')"
	" ORDER BY id LIMIT ?8";

/* The lead and every record merged into it, at any depth. */
static const char history_sql[] =
	LEADS_PERSON_CTE
	" SELECT e.lead_id, e.at, e.kind, e.outcome, e.channel, e.note,"
	" e.actor FROM events e JOIN p ON e.lead_id = p.id"
	" ORDER BY e.at, e.id";

enum cursor_kind { K_LEADS, K_HISTORY };

struct leads_cursor {
	struct leads_db *db;
	sqlite3_stmt *st;
	enum cursor_kind kind;
	struct leads_lead lead;
	struct leads_history_event ev;
};

/* A text column; NULL for SQL NULL and for "". */
static const char *
text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* An integer column; 0 for NULL. */
static int64_t
num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

int
leads_query_check(const struct leads_query *q, struct leads_err *err)
{
	size_t i;

	if (q->status == NULL)
		return 0;
	for (i = 0; leads_statuses[i] != NULL; i++)
		if (strcmp(q->status, leads_statuses[i]) == 0)
			return 0;
	return leads_errf(err, LEADS_EUSAGE, "unknown status '%s': use "
	    "active, waiting, won, lost or dnc", q->status);
}

static int
prepare(struct leads_db *db, const char *sql, enum cursor_kind kind,
    struct leads_cursor **cur, struct leads_err *err)
{
	struct leads_cursor *c;
	int rc;

	*cur = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return leads_err_nomem(err);
	c->db = db;
	c->kind = kind;
	if ((rc = sqlite3_prepare_v2(db->sq, sql, -1, &c->st, NULL)) !=
	    SQLITE_OK) {
		leads_db_error(db, rc, "cannot read", err);
		free(c);
		return -1;
	}
	*cur = c;
	return 0;
}

/* Bind a copy of s, or leave the parameter NULL: an SQLite result code. */
static int
bind(sqlite3_stmt *st, int i, const char *s)
{
	return s != NULL ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) :
	    SQLITE_OK;
}

/* "%TEXT%" with \ % and _ escaped by a backslash: free() it. */
static char *
like_pattern(const char *s, struct leads_err *err)
{
	struct leads_buf b = LEADS_BUF_INIT;
	int rc = leads_buf_addc(&b, '%');

	for (; *s != '\0' && rc == 0; s++)
		if ((strchr("\\%_", *s) != NULL &&
		    leads_buf_addc(&b, '\\') == -1) ||
		    leads_buf_addc(&b, *s) == -1)
			rc = -1;
	if (rc == -1 || leads_buf_addc(&b, '%') == -1) {
		leads_buf_release(&b);
		leads_err_nomem(err);
		return NULL;
	}
	return b.s;
}

int
leads_query_open(struct leads_db *db, const struct leads_query *q,
    struct leads_cursor **cur, struct leads_err *err)
{
	sqlite3_stmt *st;
	char *pat = NULL;
	int rc;

	if (leads_query_check(q, err) == -1)
		return -1;
	if (q->search != NULL && (pat = like_pattern(q->search, err)) == NULL)
		return -1;
	if (prepare(db, q->id != 0 ? by_id_sql : list_sql, K_LEADS, cur,
	    err) == -1) {
		free(pat);
		return -1;
	}
	st = (*cur)->st;
	sqlite3_bind_int64(st, 1, q->now);
	if (q->id != 0) {
		sqlite3_bind_int64(st, 2, q->id);
		free(pat);
		return 0;
	}
	/* Copies: q's strings need not outlive the call. */
	rc = bind(st, 2, q->status) | bind(st, 3, q->source) |
	    bind(st, 4, q->owner) | bind(st, 5, q->cadence) |
	    bind(st, 7, pat);
	free(pat);
	if (rc != SQLITE_OK) {
		leads_cursor_close(*cur);
		*cur = NULL;
		return leads_err_nomem(err);
	}
	if (q->since != 0)
		sqlite3_bind_int64(st, 6, q->since);
	sqlite3_bind_int64(st, 8, q->limit > 0 ? q->limit : -1);
	return 0;
}

/* Step the cursor: 1 a row, 0 the end, -1. */
static int
step(struct leads_cursor *c, enum cursor_kind kind, struct leads_err *err)
{
	int rc;

	if (c->kind != kind)
		return leads_errf(err, LEADS_ESOFTWARE, "wrong cursor");
	if ((rc = sqlite3_step(c->st)) == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return leads_db_error(c->db, rc, "cannot read", err);
}

int
leads_query_next(struct leads_cursor *c, const struct leads_lead **lead,
    struct leads_err *err)
{
	struct leads_lead *l = &c->lead;
	sqlite3_stmt *st = c->st;
	int rc;

	if ((rc = step(c, K_LEADS, err)) != 1)
		return rc;
	l->id = num(st, C_ID);
	l->status = text(st, C_STATUS);
	l->name = text(st, C_NAME);
	l->email = text(st, C_EMAIL);
	l->phone = text(st, C_PHONE);
	l->phone_bad = num(st, C_PHONE_BAD) != 0;
	l->company = text(st, C_COMPANY);
	l->source = text(st, C_SOURCE);
	l->owner = text(st, C_OWNER);
	l->has_value = sqlite3_column_type(st, C_VALUE) != SQLITE_NULL;
	l->value = sqlite3_column_double(st, C_VALUE);
	l->tz = text(st, C_TZ);
	l->cadence = text(st, C_CADENCE);
	l->step = l->cadence != NULL ? (long)num(st, C_STEP) : 0;
	l->due_at = num(st, C_DUE_AT);
	l->booked_at = num(st, C_BOOKED_AT);
	l->created = num(st, C_CREATED);
	l->last_inquiry = num(st, C_LAST_INQUIRY);
	l->attempts = num(st, C_ATTEMPTS);
	l->first_attempt = num(st, C_FIRST_ATTEMPT);
	l->first_contact = num(st, C_FIRST_CONTACT);
	l->last_touch = num(st, C_LAST_TOUCH);
	l->closed_at = num(st, C_CLOSED_AT);
	l->lost_reason = text(st, C_LOST_REASON);
	l->extra = text(st, C_EXTRA);
	*lead = l;
	return 1;
}

int
leads_history_open(struct leads_db *db, int64_t id, struct leads_cursor **cur,
    struct leads_err *err)
{
	if (prepare(db, history_sql, K_HISTORY, cur, err) == -1)
		return -1;
	sqlite3_bind_int64((*cur)->st, 1, id);
	return 0;
}

int
leads_history_next(struct leads_cursor *c,
    const struct leads_history_event **ev, struct leads_err *err)
{
	struct leads_history_event *e = &c->ev;
	int rc;

	if ((rc = step(c, K_HISTORY, err)) != 1)
		return rc;
	e->lead_id = num(c->st, 0);
	e->at = num(c->st, 1);
	e->kind = text(c->st, 2);
	e->outcome = text(c->st, 3);
	e->channel = text(c->st, 4);
	e->note = text(c->st, 5);
	e->actor = text(c->st, 6);
	*ev = e;
	return 1;
}

void
leads_cursor_close(struct leads_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->st);
	free(c);
}
