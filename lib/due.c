/*
 * due.c - what is due: the query and its order, escalation, --once, why a
 * lead is or is not due, and re-placing leads when the cadence file
 * changes.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "internal.h"
#include "store.h"

/* The columns every query here reads, in this order. */
#define LEAD_COLS \
	"id, status, cadence, step, step_id, step_base, due_at, booked_at," \
	" created, last_inquiry, last_touch, attempts, escalated_at, value," \
	" owner, tz, phone, phone_bad, email, name, source, company," \
	" country, ext_id"
enum {
	L_ID, L_STATUS, L_CADENCE, L_STEP, L_STEP_ID, L_STEP_BASE, L_DUE_AT,
	L_BOOKED_AT, L_CREATED, L_LAST_INQUIRY, L_LAST_TOUCH, L_ATTEMPTS,
	L_ESCALATED_AT, L_VALUE, L_OWNER, L_TZ, L_PHONE, L_PHONE_BAD, L_EMAIL,
	L_NAME, L_SOURCE, L_COMPANY, L_COUNTRY, L_EXT_ID
};

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int64_t
col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 :
	    sqlite3_column_int64(st, i);
}

/* The fields entry and assign rules match, from a row of LEAD_COLS. */
static size_t
row_fields(sqlite3_stmt *st, const char *f[][2])
{
	static const struct { const char *name; int col; } map[] = {
		{ "source", L_SOURCE }, { "owner", L_OWNER },
		{ "name", L_NAME }, { "email", L_EMAIL }, { "phone", L_PHONE },
		{ "company", L_COMPANY }, { "country", L_COUNTRY },
		{ "tz", L_TZ }, { "id", L_EXT_ID }
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		f[i][0] = map[i].name;
		f[i][1] = col_text(st, map[i].col);
	}
	return i;
}

static void
row_reach(sqlite3_stmt *st, struct leads_reach *r)
{
	r->phone = sqlite3_column_type(st, L_PHONE) != SQLITE_NULL &&
	    sqlite3_column_int(st, L_PHONE_BAD) == 0;
	r->email = sqlite3_column_type(st, L_EMAIL) != SQLITE_NULL;
}

/* The index of the step with this id in cad, or -1. */
static long
step_index(const struct leads_cadence *cad, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < cad->nsteps; i++)
		if (strcmp(cad->steps[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* A lead entering its entry cadence afresh at `at`, from a row of LEAD_COLS. */
static int
enter_row(const struct leads_conf *c, sqlite3_stmt *st, int64_t at,
    struct leads_place *p)
{
	const char *f[9][2];
	const char *name;
	const struct leads_cadence *cad;
	struct leads_reach r;
	size_t nf = row_fields(st, f);

	row_reach(st, &r);
	if ((name = leads_conf_entry_cadence(c, f, nf)) == NULL ||
	    (cad = leads_conf_cadence(c, name)) == NULL)
		return 0;
	return leads_place(c, leads_conf_tz(c, col_text(st, L_TZ)), cad, 0,
	    at, &r, p);
}

/* The statement reading lead id's row of LEAD_COLS, stepped: 1, 0, -1. */
static sqlite3_stmt *
lead_row(struct leads_db *db, int64_t id, int *rc, struct leads_err *err)
{
	sqlite3_stmt *st;

	if ((st = leads_stmt(db, ST_LEAD_ROW, "SELECT " LEAD_COLS
	    " FROM leads WHERE id = ?1", err)) == NULL) {
		*rc = -1;
		return NULL;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((*rc = sqlite3_step(st)) == SQLITE_ROW)
		*rc = 1;
	else if (*rc == SQLITE_DONE)
		*rc = 0;
	else {
		leads_db_error(db, *rc, "cannot read", err);
		*rc = -1;
	}
	return st;
}

int
leads_reenter(struct leads_db *db, const struct leads_conf *c, int64_t id,
    int64_t at, struct leads_place *p, struct leads_err *err)
{
	sqlite3_stmt *st;
	const char *status;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((st = lead_row(db, id, &rc, err)) == NULL)
		return -1;
	if (rc == 0)
		rc = leads_errf(err, LEADS_ESOFTWARE, "no lead %" PRId64, id);
	else if (rc == 1) {
		status = col_text(st, L_STATUS);
		rc = c != NULL && status != NULL && strcmp(status, "won") != 0 &&
		    strcmp(status, "dnc") != 0 && enter_row(c, st, at, p);
	}
	sqlite3_reset(st);
	return rc;
}

/*
 * Where an open lead stands under c, from a row of LEAD_COLS: by its
 * step id, else its step's position; a lead whose cadence is gone enters
 * afresh at now.  1 placed, 0 ran out (then: close).
 */
static int
replace(const struct leads_conf *c, sqlite3_stmt *st, int64_t now,
    struct leads_place *p)
{
	const char *name = col_text(st, L_CADENCE);
	const struct leads_cadence *cad = NULL;
	struct leads_reach r;
	long k;

	if (name != NULL)
		cad = leads_conf_cadence(c, name);
	if (cad == NULL)
		return enter_row(c, st, now, p);
	row_reach(st, &r);
	if ((k = step_index(cad, col_text(st, L_STEP_ID))) == -1)
		k = sqlite3_column_int64(st, L_STEP) > 0 ?
		    (long)sqlite3_column_int64(st, L_STEP) - 1 : 0;
	return leads_place(c, leads_conf_tz(c, col_text(st, L_TZ)), cad,
	    (size_t)k, col_time(st, L_STEP_BASE), &r, p);
}

int
leads_resync(struct leads_db *db, const struct leads_conf *c, int64_t now,
    struct leads_err *err)
{
	char want[32], have[32];
	sqlite3_stmt *st = NULL, *up = NULL;
	struct leads_place p;
	int rc, own;

	snprintf(want, sizeof(want), "%016" PRIx64, c->hash);
	if ((rc = leads_meta_get(db, "cadences", have, sizeof(have), err)) ==
	    -1)
		return -1;
	if (rc == 1 && strcmp(have, want) == 0)
		return 0;
	/* Inside the caller's transaction, or in one of our own. */
	own = sqlite3_get_autocommit(db->sq);
	if (own && leads_db_begin(db, err) == -1)
		return -1;
	if ((rc = leads_meta_get(db, "cadences", have, sizeof(have), err)) ==
	    -1)
		goto fail;
	if (rc == 1 && strcmp(have, want) == 0)
		goto done;
	rc = sqlite3_prepare_v2(db->sq, "SELECT " LEAD_COLS " FROM leads"
	    " WHERE status = 'active' AND cadence IS NOT NULL", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db->sq, "UPDATE leads SET"
		    " cadence = ?2, step = ?3, step_id = ?4, step_base = ?5,"
		    " due_at = CASE WHEN booked_at > ?7 THEN booked_at"
		    "  ELSE ?6 END,"
		    " status = CASE WHEN ?2 IS NULL THEN 'lost' ELSE status END,"
		    " lost_reason = CASE WHEN ?2 IS NULL THEN 'no response'"
		    "  ELSE lost_reason END,"
		    " closed_at = CASE WHEN ?2 IS NULL THEN ?7 ELSE closed_at END"
		    " WHERE id = ?1", -1, &up, NULL);
	if (rc != SQLITE_OK) {
		leads_db_error(db, rc, "cannot read", err);
		goto fail;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, L_ID));
		sqlite3_bind_int64(up, 7, now);
		if (replace(c, st, now, &p)) {
			leads_bind_text(up, 2, p.cad->name);
			sqlite3_bind_int64(up, 3, (int64_t)p.step + 1);
			leads_bind_text(up, 4, p.cad->steps[p.step].id);
			sqlite3_bind_int64(up, 5, p.base);
			sqlite3_bind_int64(up, 6, p.due);
		} else {
			/* Its cadence ran out: then: close (step is NOT NULL). */
			for (int i = 2; i <= 6; i++)
				sqlite3_bind_null(up, i);
			sqlite3_bind_int64(up, 3, 0);
		}
		if (leads_step_done(db, up, err) == -1)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		leads_db_error(db, rc, "cannot read", err);
		goto fail;
	}
	if (leads_meta_set(db, "cadences", want, err) == -1)
		goto fail;
done:
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	return own ? leads_db_commit(db, err) : 0;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	if (own)
		leads_db_rollback(db);
	return -1;
}

/* ---- the due list --------------------------------------------------- */

static void
leads_due_free_one(struct leads_due_item *it)
{
	free(it->name);
	free(it->email);
	free(it->phone);
	free(it->owner);
	free(it->source);
	free(it->step_id);
}

void
leads_due_free(struct leads_due_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		leads_due_free_one(&items[i]);
	free(items);
}

static int
dup_col(sqlite3_stmt *st, int i, char **dst, struct leads_err *err)
{
	const char *s = col_text(st, i);

	*dst = NULL;
	if (s != NULL && (*dst = leads_strdup(s, err)) == NULL)
		return -1;
	return 0;
}

/* Fill an item from a row of LEAD_COLS. */
static int
fill_item(const struct leads_conf *c, sqlite3_stmt *st, int64_t at,
    struct leads_due_item *it, struct leads_err *err)
{
	const struct leads_cadence *cad;
	const char *name = col_text(st, L_CADENCE);
	long step = (long)sqlite3_column_int64(st, L_STEP);

	memset(it, 0, sizeof(*it));
	it->id = sqlite3_column_int64(st, L_ID);
	it->due_at = sqlite3_column_int64(st, L_DUE_AT);
	it->created = sqlite3_column_int64(st, L_CREATED);
	it->last_inquiry = sqlite3_column_int64(st, L_LAST_INQUIRY);
	it->value = sqlite3_column_type(st, L_VALUE) == SQLITE_NULL ?
	    c->value : sqlite3_column_double(st, L_VALUE);
	/* No attempt since the lead last asked: the speed-to-lead clock. */
	it->untouched = sqlite3_column_type(st, L_LAST_TOUCH) == SQLITE_NULL ||
	    sqlite3_column_int64(st, L_LAST_TOUCH) <
	    sqlite3_column_int64(st, L_LAST_INQUIRY);
	it->escalated = it->untouched && c->escalate > 0 &&
	    at - it->due_at > c->escalate;
	it->escalation_recorded =
	    sqlite3_column_type(st, L_ESCALATED_AT) != SQLITE_NULL;
	it->channel = LEADS_CH_TASK;
	it->step = step;
	if (name != NULL && (cad = leads_conf_cadence(c, name)) != NULL) {
		it->cadence = cad->name;
		it->steps = (long)cad->nsteps;
		if (step >= 1 && (size_t)step <= cad->nsteps) {
			it->channel = cad->steps[step - 1].channel;
			it->note = cad->steps[step - 1].note;
		}
	}
	if (sqlite3_column_type(st, L_BOOKED_AT) != SQLITE_NULL &&
	    sqlite3_column_int64(st, L_BOOKED_AT) == it->due_at) {
		it->booked = 1;
		it->channel = LEADS_CH_CALL;
		it->note = "booked call";
	}
	if (dup_col(st, L_NAME, &it->name, err) == -1 ||
	    dup_col(st, L_EMAIL, &it->email, err) == -1 ||
	    dup_col(st, L_PHONE, &it->phone, err) == -1 ||
	    dup_col(st, L_OWNER, &it->owner, err) == -1 ||
	    dup_col(st, L_SOURCE, &it->source, err) == -1 ||
	    dup_col(st, L_STEP_ID, &it->step_id, err) == -1)
		return -1;
	return 0;
}

/*
 * Untouched leads inside the speed-to-lead window first, newest inquiry
 * first; then the rest, most overdue first; then by value, highest first;
 * then by id.
 */
static int
cmp_due(const void *pa, const void *pb)
{
	const struct leads_due_item *a = pa, *b = pb;
	int ha = a->hot, hb = b->hot;

	if (ha != hb)
		return hb - ha;
	if (ha && a->last_inquiry != b->last_inquiry)
		return a->last_inquiry > b->last_inquiry ? -1 : 1;
	if (a->due_at != b->due_at)
		return a->due_at < b->due_at ? -1 : 1;
	if (a->value != b->value)
		return a->value > b->value ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Was this step shown to consumer already (--once)? */
static int
was_shown(struct leads_db *db, const char *once,
    const struct leads_due_item *it, struct leads_err *err)
{
	sqlite3_stmt *st;
	int64_t one;

	if ((st = leads_stmt(db, ST_SHOWN_GET, "SELECT 1 FROM shown"
	    " WHERE consumer = ?1 AND lead_id = ?2 AND due_at = ?3"
	    " AND step_id = ?4", err)) == NULL)
		return -1;
	leads_bind_text(st, 1, once);
	sqlite3_bind_int64(st, 2, it->id);
	sqlite3_bind_int64(st, 3, it->due_at);
	leads_bind_text(st, 4, it->step_id != NULL ? it->step_id : "");
	return leads_step_id(db, st, &one, err);
}

/* Whose list is the item on: its owner's, and the backup's when needed. */
static int
visible(struct leads_db *db, const struct leads_conf *c,
    const struct leads_due_query *q, struct leads_due_item *it,
    struct leads_err *err)
{
	int64_t until;
	int rc;

	if ((rc = leads_away(db, c, it->owner, q->at, &until, err)) == -1)
		return -1;
	it->away = rc;
	it->for_backup = c->backup != NULL &&
	    (it->escalated || it->away || it->owner == NULL);
	if (q->owner == NULL)
		return 1;
	if (it->owner != NULL && strcmp(it->owner, q->owner) == 0)
		return 1;
	return it->for_backup && strcmp(c->backup, q->owner) == 0;
}

int
leads_due_list(struct leads_db *db, const struct leads_conf *c,
    const struct leads_due_query *q, struct leads_due_item **items,
    size_t *n, struct leads_err *err)
{
	struct leads_due_item *v = NULL, *p, it;
	size_t nv = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*items = NULL;
	*n = 0;
	if ((st = leads_stmt(db, ST_DUE, "SELECT " LEAD_COLS " FROM leads"
	    " WHERE due_at <= ?1 AND status = 'active' ORDER BY due_at",
	    err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, q->at);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fill_item(c, st, q->at, &it, err) == -1)
			goto fail1;
		if (q->channels != 0 && !(q->channels & (1u << it.channel)))
			goto skip;
		if ((rc = visible(db, c, q, &it, err)) == -1)
			goto fail1;
		if (rc == 0)
			goto skip;
		if (q->once != NULL) {
			if ((rc = was_shown(db, q->once, &it, err)) == -1)
				goto fail1;
			if (rc == 1)
				goto skip;
		}
		it.hot = it.untouched && q->at - it.last_inquiry <= c->target;
		if (nv == cap) {
			cap = cap ? 2 * cap : 64;
			if ((p = realloc(v, cap * sizeof(*v))) == NULL) {
				leads_err_nomem(err);
				goto fail1;
			}
			v = p;
		}
		v[nv++] = it;
		continue;
skip:
		leads_due_free_one(&it);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		leads_due_free(v, nv);
		return leads_db_error(db, rc, "cannot read", err);
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_due);
	while (q->limit > 0 && nv > (size_t)q->limit)
		leads_due_free_one(&v[--nv]);
	*items = v;
	*n = nv;
	return 0;
fail1:
	leads_due_free_one(&it);
	sqlite3_reset(st);
	leads_due_free(v, nv);
	return -1;
}

int
leads_due_record(struct leads_db *db, const struct leads_due_query *q,
    struct leads_due_item *items, size_t n, const char *actor,
    struct leads_err *err)
{
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < n; i++) {
		if (q->once != NULL) {
			if ((st = leads_stmt(db, ST_SHOWN_PUT, "INSERT OR IGNORE"
			    " INTO shown (consumer, lead_id, due_at, step_id)"
			    " VALUES (?1, ?2, ?3, ?4)", err)) == NULL)
				return -1;
			leads_bind_text(st, 1, q->once);
			sqlite3_bind_int64(st, 2, items[i].id);
			sqlite3_bind_int64(st, 3, items[i].due_at);
			leads_bind_text(st, 4, items[i].step_id != NULL ?
			    items[i].step_id : "");
			if (leads_step_done(db, st, err) == -1)
				return -1;
		}
		if (!items[i].escalated || items[i].escalation_recorded)
			continue;
		if ((st = leads_stmt(db, ST_ESCALATE, "UPDATE leads"
		    " SET escalated_at = ?2 WHERE id = ?1"
		    " AND escalated_at IS NULL", err)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, items[i].id);
		sqlite3_bind_int64(st, 2, q->at);
		if (leads_step_done(db, st, err) == -1)
			return -1;
		if (sqlite3_changes(db->sq) == 0)
			continue;	/* another run was first */
		if ((st = leads_stmt(db, ST_EVENT_ESCALATED, "INSERT INTO events"
		    " (lead_id, at, recorded, kind, channel, actor, data)"
		    " VALUES (?1, ?2, ?2, 'escalated', ?3, ?4,"
		    " json_object('due_at', ?5, 'owner', ?6, 'step', ?7))",
		    err)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, items[i].id);
		sqlite3_bind_int64(st, 2, q->at);
		leads_bind_text(st, 3, leads_channel_name(items[i].channel));
		leads_bind_text(st, 4, actor);
		sqlite3_bind_int64(st, 5, items[i].due_at);
		leads_bind_text(st, 6, items[i].owner);
		leads_bind_text(st, 7, items[i].step_id);
		if (leads_step_done(db, st, err) == -1)
			return -1;
		items[i].escalation_recorded = 1;
	}
	return 0;
}

/* ---- why a lead is or is not due ------------------------------------ */

int
leads_due_explain(struct leads_db *db, const struct leads_conf *c,
    int64_t id, int64_t at, struct leads_explain *x, struct leads_err *err)
{
	sqlite3_stmt *st;
	const char *s;
	int64_t until;
	int rc;

	memset(x, 0, sizeof(*x));
	if ((st = lead_row(db, id, &rc, err)) == NULL)
		return -1;
	if (rc != 1) {
		sqlite3_reset(st);
		if (rc == 0)
			return leads_errf(err, LEADS_ENOINPUT,
			    "no lead %" PRId64, id);
		return -1;
	}
	if (fill_item(c, st, at, &x->item, err) == -1) {
		sqlite3_reset(st);
		leads_due_free_one(&x->item);
		return -1;
	}
	s = col_text(st, L_STATUS);
	snprintf(x->status, sizeof(x->status), "%s", s != NULL ? s : "");
	x->has_due = sqlite3_column_type(st, L_DUE_AT) != SQLITE_NULL;
	x->booked_at = col_time(st, L_BOOKED_AT);
	x->last_touch = col_time(st, L_LAST_TOUCH);
	x->attempts = sqlite3_column_int64(st, L_ATTEMPTS);
	snprintf(x->lead_tz, sizeof(x->lead_tz), "%s",
	    col_text(st, L_TZ) != NULL ? col_text(st, L_TZ) : "");
	x->tz = leads_conf_tz(c, x->lead_tz);
	if (x->item.cadence != NULL && x->item.step >= 1 &&
	    x->item.step <= x->item.steps) {
		x->stepdef = &leads_conf_cadence(c, x->item.cadence)->
		    steps[x->item.step - 1];
		x->base = col_time(st, L_STEP_BASE);
		x->due = leads_step_due(c, x->tz, x->base, &x->stepdef->after,
		    &x->raw, &x->why);
	}
	sqlite3_reset(st);
	if ((rc = leads_away(db, c, x->item.owner, at, &until, err)) == -1) {
		leads_due_free_one(&x->item);
		return -1;
	}
	x->item.away = rc;
	x->away_until = until;
	return 0;
}

void
leads_explain_free(struct leads_explain *x)
{
	leads_due_free_one(&x->item);
}
