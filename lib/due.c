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
#include "row.h"

int
leads_reenter(struct leads_db *db, const struct leads_conf *c, int64_t id,
    int64_t at, const struct leads_reach *more, struct leads_place *p,
    struct leads_err *err)
{
	sqlite3_stmt *st;
	const char *status;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((st = leads_lead_row(db, id, &rc, err)) == NULL)
		return -1;
	if (rc == 0)
		rc = leads_errf(err, LEADS_ESOFTWARE, "no lead %" PRId64, id);
	else if (rc == 1) {
		status = leads_col_text(st, L_STATUS);
		rc = strcmp(status, "won") != 0 && strcmp(status, "dnc") != 0;
		if (rc && c != NULL && !leads_enter_row(c, st, at, more, p))
			memset(p, 0, sizeof(*p));
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
	const char *name = leads_col_text(st, L_CADENCE);
	const struct leads_cadence *cad = NULL;
	struct leads_reach r;
	long k;

	if (name != NULL)
		cad = leads_conf_cadence(c, name);
	if (cad == NULL)
		return leads_enter_row(c, st, now, NULL, p);
	leads_row_reach(st, &r);
	if ((k = leads_step_index(cad, leads_col_text(st, L_STEP_ID))) == -1)
		k = sqlite3_column_int64(st, L_STEP) > 0 ?
		    (long)sqlite3_column_int64(st, L_STEP) - 1 : 0;
	return leads_place(c, leads_conf_tz(c, leads_col_text(st, L_TZ)), cad,
	    (size_t)k, leads_col_time(st, L_STEP_BASE), &r, p);
}

/* Does set hold what the row has already (cadence, step, due)? */
static int
unchanged(sqlite3_stmt *st, const json_t *set)
{
	const char *cad = json_string_value(json_object_get(set, "cadence"));
	const char *was = leads_col_text(st, L_CADENCE);
	const char *sid = json_string_value(json_object_get(set, "step_id"));
	const char *wsid = leads_col_text(st, L_STEP_ID);

	return json_object_get(set, "status") == NULL && cad != NULL &&
	    was != NULL && strcmp(cad, was) == 0 && sid != NULL &&
	    wsid != NULL && strcmp(sid, wsid) == 0 &&
	    json_integer_value(json_object_get(set, "step")) ==
	    sqlite3_column_int64(st, L_STEP) &&
	    json_integer_value(json_object_get(set, "step_base")) ==
	    leads_col_time(st, L_STEP_BASE) &&
	    json_integer_value(json_object_get(set, "due_at")) ==
	    leads_col_time(st, L_DUE_AT);
}

/* One open lead re-placed under c (a row of LEAD_COLS): its change. */
static int
resync_one(struct leads_db *db, const struct leads_conf *c, sqlite3_stmt *st,
    int64_t now, struct leads_err *err)
{
	struct leads_event ev = { "rescheduled", 0, NULL, NULL, NULL, 0, 0,
	    NULL };
	int64_t booked = leads_col_time(st, L_BOOKED_AT);
	struct leads_place p;
	json_t *set;
	int rc;

	ev.at = now;
	if ((set = json_object()) == NULL)
		return leads_err_nomem(err);
	if (replace(c, st, now, &p))
		rc = leads_place_set(set, &p, booked > now ? booked : p.due);
	else	/* its cadence ran out: then: close */
		rc = leads_place_set(set, NULL, 0) |
		    json_object_set_new(set, "status", json_string("lost")) |
		    json_object_set_new(set, "lost_reason",
		    json_string("no response")) |
		    json_object_set_new(set, "closed_at", json_integer(now)) |
		    json_object_set_new(set, "booked_at", json_null());
	if (rc != 0) {
		json_decref(set);
		return leads_err_nomem(err);
	}
	/* Only a lead whose place changed gets an event. */
	if (!unchanged(st, set))
		rc = leads_apply(db, sqlite3_column_int64(st, L_ID), set, &ev,
		    now, NULL, err);
	json_decref(set);
	return rc;
}

int
leads_resync(struct leads_db *db, const struct leads_conf *c, int64_t now,
    struct leads_err *err)
{
	char want[32], have[32];
	sqlite3_stmt *st = NULL;
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
	    " WHERE status = 'active' AND cadence IS NOT NULL"
	    " AND merged_into IS NULL", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		leads_db_error(db, rc, "cannot read", err);
		goto fail;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (resync_one(db, c, st, now, err) == -1)
			goto fail;
	if (rc != SQLITE_DONE) {
		leads_db_error(db, rc, "cannot read", err);
		goto fail;
	}
	if (leads_meta_set(db, "cadences", want, err) == -1)
		goto fail;
done:
	sqlite3_finalize(st);
	return own ? leads_db_commit(db, err) : 0;
fail:
	sqlite3_finalize(st);
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
	const char *s = leads_col_text(st, i);

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
	const char *name = leads_col_text(st, L_CADENCE);
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
		    " json_object('due_at', ?5, 'owner', ?6, 'step', ?7,"
		    " 'set', json_object('escalated_at', ?2)))",
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
	if ((st = leads_lead_row(db, id, &rc, err)) == NULL)
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
	s = leads_col_text(st, L_STATUS);
	snprintf(x->status, sizeof(x->status), "%s", s != NULL ? s : "");
	x->has_due = sqlite3_column_type(st, L_DUE_AT) != SQLITE_NULL;
	x->booked_at = leads_col_time(st, L_BOOKED_AT);
	x->last_touch = leads_col_time(st, L_LAST_TOUCH);
	x->attempts = sqlite3_column_int64(st, L_ATTEMPTS);
	snprintf(x->lead_tz, sizeof(x->lead_tz), "%s",
	    leads_col_text(st, L_TZ) != NULL ? leads_col_text(st, L_TZ) : "");
	x->tz = leads_conf_tz(c, x->lead_tz);
	if (x->item.cadence != NULL && x->item.step >= 1 &&
	    x->item.step <= x->item.steps) {
		x->stepdef = &leads_conf_cadence(c, x->item.cadence)->
		    steps[x->item.step - 1];
		x->base = leads_col_time(st, L_STEP_BASE);
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
