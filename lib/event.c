/*
 * event.c - every change to a lead is an event: the lead row is updated
 * and the event that says what was set appended, in one call.  Events
 * are the truth; the row is derived, and leads_rebuild() proves it by
 * folding the events again.
 *
 * An event's data is a JSON object.  Its "set" member holds the columns
 * the event changed and their new values.  An "added" event's data is
 * the lead as it was stored (its columns, by name), but for what its
 * time says: created, and step_base when that is the inquiry.  The
 * aggregates (attempts, first_attempt, first_contact, last_touch) follow
 * from the events' touch column; only a merge sets them, to the two
 * leads' sum.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "internal.h"
#include "store.h"

enum ctype { CT_TEXT, CT_INT, CT_REAL, CT_JSON };

/* The columns an event may set, and those a rebuild compares. */
static const struct column {
	const char *name;
	enum ctype type;
	int settable;
} columns[] = {
	{ "status", CT_TEXT, 1 }, { "name", CT_TEXT, 1 },
	{ "email", CT_TEXT, 1 }, { "phone", CT_TEXT, 1 },
	{ "company", CT_TEXT, 1 }, { "source", CT_TEXT, 1 },
	{ "ext_id", CT_TEXT, 1 }, { "owner", CT_TEXT, 1 },
	{ "value", CT_REAL, 1 }, { "tz", CT_TEXT, 1 },
	{ "country", CT_TEXT, 1 }, { "created", CT_INT, 0 },
	{ "last_inquiry", CT_INT, 1 }, { "added", CT_INT, 0 },
	{ "cadence", CT_TEXT, 1 }, { "step", CT_INT, 1 },
	{ "step_id", CT_TEXT, 1 }, { "step_base", CT_INT, 1 },
	{ "due_at", CT_INT, 1 }, { "booked_at", CT_INT, 1 },
	{ "escalated_at", CT_INT, 1 }, { "lost_reason", CT_TEXT, 1 },
	{ "merged_into", CT_INT, 1 }, { "attempts", CT_INT, 1 },
	{ "first_attempt", CT_INT, 1 }, { "first_contact", CT_INT, 1 },
	{ "last_touch", CT_INT, 1 }, { "closed_at", CT_INT, 1 },
	{ "phone_bad", CT_INT, 1 }, { "extra", CT_JSON, 1 }
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static const struct column *
column(const char *name)
{
	size_t i;

	for (i = 0; i < NCOLUMNS; i++)
		if (strcmp(columns[i].name, name) == 0)
			return &columns[i];
	return NULL;
}

/* Bind a JSON value to ?i as its column's type. */
static int
bind_json(sqlite3_stmt *st, int i, const json_t *v, struct leads_err *err)
{
	char *text;

	switch (json_typeof(v)) {
	case JSON_NULL:
		sqlite3_bind_null(st, i);
		break;
	case JSON_INTEGER:
		sqlite3_bind_int64(st, i, json_integer_value(v));
		break;
	case JSON_REAL:
		sqlite3_bind_double(st, i, json_real_value(v));
		break;
	case JSON_STRING:
		sqlite3_bind_text(st, i, json_string_value(v),
		    (int)json_string_length(v), SQLITE_STATIC);
		break;
	case JSON_OBJECT:
		if (json_object_size(v) == 0) {
			sqlite3_bind_null(st, i);
			break;
		}
		if ((text = json_dumps(v, JSON_COMPACT)) == NULL)
			return leads_err_nomem(err);
		sqlite3_bind_text(st, i, text, -1, free);
		break;
	default:
		return leads_errf(err, LEADS_ESOFTWARE, "bad value to set");
	}
	return 0;
}

/* UPDATE the row: the columns of set and, for a touch, the aggregates. */
static int
update_row(struct leads_db *db, int64_t id, const json_t *set,
    const struct leads_event *ev, struct leads_err *err)
{
	struct leads_buf sql = LEADS_BUF_INIT;
	const char *key;
	json_t *v;
	sqlite3_stmt *st = NULL;
	int rc = 0, i = 2;

	if (json_object_size(set) == 0 && ev->touch == 0)
		return 0;
	rc |= leads_buf_adds(&sql, "UPDATE leads SET ");
	json_object_foreach((json_t *)set, key, v) {
		const struct column *c = column(key);
		if (c == NULL || !c->settable) {
			leads_buf_release(&sql);
			return leads_errf(err, LEADS_ESOFTWARE,
			    "cannot set column '%s'", key);
		}
		rc |= leads_buf_printf(&sql, "%s%s = ?%d", i > 2 ? ", " : "",
		    key, i);
		i++;
	}
	if (ev->touch)
		rc |= leads_buf_printf(&sql, "%sattempts = attempts + 1,"
		    " first_attempt = min(coalesce(first_attempt, ?%d), ?%d),"
		    " last_touch = max(coalesce(last_touch, ?%d), ?%d)%s",
		    i > 2 ? ", " : "", i, i, i, i,
		    ev->touch == LEADS_TOUCH_CONTACT ? "" : " ");
	if (ev->touch == LEADS_TOUCH_CONTACT)
		rc |= leads_buf_printf(&sql, ", first_contact ="
		    " min(coalesce(first_contact, ?%d), ?%d)", i, i);
	rc |= leads_buf_adds(&sql, " WHERE id = ?1");
	if (rc != 0) {
		leads_buf_release(&sql);
		return leads_err_nomem(err);
	}
	rc = sqlite3_prepare_v2(db->sq, sql.s, -1, &st, NULL);
	leads_buf_release(&sql);
	if (rc != SQLITE_OK)
		return leads_db_error(db, rc, "cannot write", err);
	sqlite3_bind_int64(st, 1, id);
	i = 2;
	json_object_foreach((json_t *)set, key, v)
		if (bind_json(st, i++, v, err) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	if (ev->touch)
		sqlite3_bind_int64(st, i, ev->at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return leads_db_error(db, rc, "cannot write", err);
	return 0;
}

/* The event's data: ev->data with "set" added (when there is one). */
static char *
event_data(const json_t *set, const struct leads_event *ev,
    struct leads_err *err)
{
	json_t *d;
	char *text;

	d = ev->data != NULL ? json_copy((json_t *)ev->data) : json_object();
	if (d == NULL ||
	    (json_object_size(set) > 0 &&
	    json_object_set(d, "set", (json_t *)set) == -1)) {
		json_decref(d);
		leads_err_nomem(err);
		return NULL;
	}
	text = json_object_size(d) > 0 ? json_dumps(d, JSON_COMPACT) :
	    strdup("{}");
	json_decref(d);
	if (text == NULL)
		leads_err_nomem(err);
	return text;
}

int
leads_fp_seen(struct leads_db *db, int64_t id, int64_t fp,
    struct leads_err *err)
{
	sqlite3_stmt *st;
	int64_t seen;
	int rc;

	/*
	 * Most leads have nothing merged into them: look at the lead's own
	 * events first, and follow merges only when there are some, as the
	 * recursive query builds a temporary table each time.
	 */
	if ((st = leads_stmt(db, ST_FIND_FP, "SELECT id FROM events"
	    " WHERE lead_id = ?1 AND fp = ?2 LIMIT 1", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, fp);
	if ((rc = leads_step_id(db, st, &seen, err)) != 0)
		return rc;
	if ((st = leads_stmt(db, ST_HAS_MERGED, "SELECT id FROM leads"
	    " WHERE merged_into = ?1 LIMIT 1", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = leads_step_id(db, st, &seen, err)) != 1)
		return rc;
	if ((st = leads_stmt(db, ST_FIND_FP_MERGED, LEADS_PERSON_CTE
	    " SELECT e.id FROM p JOIN events e ON e.lead_id = p.id"
	    " WHERE e.fp = ?2 LIMIT 1", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, fp);
	return leads_step_id(db, st, &seen, err);
}

int
leads_event_insert(struct leads_db *db, int64_t id, const char *data,
    const struct leads_event *ev, int64_t now, const char *actor,
    struct leads_err *err)
{
	sqlite3_stmt *st;

	if ((st = leads_stmt(db, ST_EVENT_FULL, "INSERT INTO events"
	    " (lead_id, at, recorded, kind, outcome, channel, note, actor,"
	    " fp, touch, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10, ?11)", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, ev->at);
	sqlite3_bind_int64(st, 3, now);
	leads_bind_text(st, 4, ev->kind);
	leads_bind_text(st, 5, ev->outcome);
	leads_bind_text(st, 6, ev->channel);
	leads_bind_text(st, 7, ev->note);
	leads_bind_text(st, 8, actor);
	if (ev->fp != 0)
		sqlite3_bind_int64(st, 9, ev->fp);
	sqlite3_bind_int(st, 10, ev->touch);
	leads_bind_text(st, 11, data);
	return leads_step_done(db, st, err);
}

int
leads_apply(struct leads_db *db, int64_t id, const json_t *set,
    const struct leads_event *ev, int64_t now, const char *actor,
    struct leads_err *err)
{
	json_t *none = NULL;
	char *data;
	int rc;

	if (set == NULL && (set = none = json_object()) == NULL)
		return leads_err_nomem(err);
	rc = update_row(db, id, set, ev, err);
	if (rc == 0 && (data = event_data(set, ev, err)) != NULL) {
		rc = leads_event_insert(db, id, data, ev, now, actor, err);
		free(data);
	} else
		rc = -1;
	json_decref(none);
	return rc;
}

/* ---- rebuild ------------------------------------------------------------ */

static int
set_int(json_t *row, const char *k, int64_t v)
{
	return json_object_set_new(row, k, json_integer(v));
}

/* min or max of the row's k and v. */
static int
fold_time(json_t *row, const char *k, int64_t v, int max)
{
	json_t *o = json_object_get(row, k);
	int64_t cur;

	if (json_is_integer(o)) {
		cur = json_integer_value(o);
		if (max ? cur >= v : cur <= v)
			return 0;
	}
	return set_int(row, k, v);
}

/* The row an "added" event starts: its data, and what follows from it. */
static int
fold_added(json_t *row, const json_t *data, int64_t at, int64_t recorded)
{
	const char *key;
	json_t *v;

	json_object_clear(row);
	json_object_foreach((json_t *)data, key, v)
		if (column(key) != NULL &&
		    json_object_set(row, key, v) == -1)
			return -1;
	/* A cadence's first step runs from the inquiry unless it says. */
	if (json_object_get(row, "cadence") != NULL &&
	    json_object_get(row, "step_base") == NULL &&
	    set_int(row, "step_base", at) == -1)
		return -1;
	return json_object_set_new(row, "status", json_string("active")) |
	    set_int(row, "created", at) | set_int(row, "last_inquiry", at) |
	    set_int(row, "added", recorded);
}

/* Fold one event (a row of events: at, recorded, kind, touch, data). */
static int
fold(json_t *row, sqlite3_stmt *st)
{
	int64_t at = sqlite3_column_int64(st, 0);
	const char *kind = (const char *)sqlite3_column_text(st, 2);
	int touch = sqlite3_column_int(st, 3);
	const char *text = (const char *)sqlite3_column_text(st, 4);
	json_t *data = NULL, *set;
	int rc = 0;

	if (text != NULL && (data = json_loads(text, 0, NULL)) == NULL)
		return -1;
	if (kind != NULL && strcmp(kind, "added") == 0 && data != NULL)
		rc = fold_added(row, data, at, sqlite3_column_int64(st, 1));
	else if ((set = json_object_get(data, "set")) != NULL)
		rc = json_object_update(row, set);
	if (rc == 0 && touch > 0) {
		json_t *n = json_object_get(row, "attempts");
		rc = set_int(row, "attempts", json_integer_value(n) + 1) |
		    fold_time(row, "first_attempt", at, 0) |
		    fold_time(row, "last_touch", at, 1);
		if (touch == LEADS_TOUCH_CONTACT)
			rc |= fold_time(row, "first_contact", at, 0);
	}
	json_decref(data);
	return rc;
}

/* The NOT NULL columns a fold may leave unset start at 0. */
static int
defaults(json_t *row)
{
	static const char *const zero[] = { "step", "attempts", "phone_bad" };
	size_t i;
	json_t *v;

	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (((v = json_object_get(row, zero[i])) == NULL ||
		    json_is_null(v)) && set_int(row, zero[i], 0) == -1)
			return -1;
	return 0;
}

/* Is the stored column i equal to the folded value v (may be NULL)? */
static int
same(sqlite3_stmt *st, int i, const struct column *c, const json_t *v)
{
	json_t *stored;
	const char *s;
	int eq;

	if (v == NULL || json_is_null(v) ||
	    (c->type == CT_JSON && json_object_size(v) == 0))
		return sqlite3_column_type(st, i) == SQLITE_NULL;
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return 0;
	s = (const char *)sqlite3_column_text(st, i);
	switch (c->type) {
	case CT_INT:
		return json_is_integer(v) &&
		    json_integer_value(v) == sqlite3_column_int64(st, i);
	case CT_REAL:
		return json_is_number(v) &&
		    fabs(json_number_value(v) - sqlite3_column_double(st, i))
		    < 1e-9;
	case CT_TEXT:
		return json_is_string(v) && strcmp(json_string_value(v), s)
		    == 0;
	case CT_JSON:
		if ((stored = json_loads(s, 0, NULL)) == NULL)
			return 0;
		eq = json_equal(stored, (json_t *)v);
		json_decref(stored);
		return eq;
	}
	return 0;
}

/* Write the folded row over lead id: every column (up is prepared). */
static int
rewrite(struct leads_db *db, sqlite3_stmt *up, int64_t id, const json_t *row,
    struct leads_err *err)
{
	const json_t *v;
	size_t i;
	int rc;

	sqlite3_reset(up);
	sqlite3_clear_bindings(up);
	sqlite3_bind_int64(up, 1, id);
	for (i = 0; i < NCOLUMNS; i++) {
		if ((v = json_object_get(row, columns[i].name)) == NULL)
			v = json_null();
		if (bind_json(up, (int)i + 2, v, err) == -1)
			return -1;
	}
	rc = sqlite3_step(up);
	sqlite3_reset(up);
	if (rc != SQLITE_DONE)
		return leads_db_error(db, rc, "cannot write", err);
	return 0;
}

/* "SELECT id, col... FROM leads" or "UPDATE leads SET col = ?2, ...". */
static char *
all_columns_sql(int update)
{
	struct leads_buf b = LEADS_BUF_INIT;
	size_t i;
	int rc;

	rc = leads_buf_adds(&b, update ? "UPDATE leads SET " : "SELECT id");
	for (i = 0; i < NCOLUMNS; i++)
		rc |= update ? leads_buf_printf(&b, "%s%s = ?%zu",
		    i > 0 ? ", " : "", columns[i].name, i + 2) :
		    leads_buf_printf(&b, ", %s", columns[i].name);
	rc |= leads_buf_adds(&b, update ? " WHERE id = ?1" :
	    " FROM leads ORDER BY id");
	if (rc != 0) {
		leads_buf_release(&b);
		return NULL;
	}
	return b.s;
}

int
leads_rebuild(struct leads_db *db, int fix, size_t *ndiff, char **report,
    struct leads_err *err)
{
	struct leads_buf diff = LEADS_BUF_INIT;
	sqlite3_stmt *leads = NULL, *events = NULL, *up = NULL;
	char *sel = all_columns_sql(0), *upd = all_columns_sql(1);
	json_t *row = json_object();
	int64_t id;
	size_t i;
	int rc, bad;

	*ndiff = 0;
	*report = NULL;
	if (sel == NULL || upd == NULL || row == NULL) {
		leads_err_nomem(err);
		goto fail;
	}
	rc = sqlite3_prepare_v2(db->sq, sel, -1, &leads, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db->sq, "SELECT at, recorded, kind,"
		    " touch, data FROM events WHERE lead_id = ?1 ORDER BY id",
		    -1, &events, NULL);
	if (rc == SQLITE_OK && fix)
		rc = sqlite3_prepare_v2(db->sq, upd, -1, &up, NULL);
	if (rc != SQLITE_OK) {
		leads_db_error(db, rc, "cannot read", err);
		goto fail;
	}
	while ((rc = sqlite3_step(leads)) == SQLITE_ROW) {
		id = sqlite3_column_int64(leads, 0);
		json_object_clear(row);
		sqlite3_bind_int64(events, 1, id);
		while ((rc = sqlite3_step(events)) == SQLITE_ROW)
			if (fold(row, events) == -1) {
				sqlite3_reset(events);
				leads_errf(err, LEADS_EDATA, "lead %" PRId64
				    ": an event's data is not JSON", id);
				goto fail;
			}
		sqlite3_reset(events);
		if (rc != SQLITE_DONE) {
			leads_db_error(db, rc, "cannot read", err);
			goto fail;
		}
		if (json_object_get(row, "created") == NULL) {
			leads_errf(err, LEADS_EDATA, "lead %" PRId64
			    ": no event added it", id);
			goto fail;
		}
		if (defaults(row) == -1) {
			leads_err_nomem(err);
			goto fail;
		}
		for (bad = 0, i = 0; i < NCOLUMNS; i++) {
			if (same(leads, (int)i + 1, &columns[i],
			    json_object_get(row, columns[i].name)))
				continue;
			if ((bad ? leads_buf_printf(&diff, ", %s",
			    columns[i].name) : leads_buf_printf(&diff,
			    "%slead %" PRId64 ": %s", diff.len > 0 ? "; " : "",
			    id, columns[i].name)) == -1) {
				leads_err_nomem(err);
				goto fail;
			}
			bad = 1;
		}
		if (bad)
			(*ndiff)++;
		if (bad && fix && rewrite(db, up, id, row, err) == -1)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		leads_db_error(db, rc, "cannot read", err);
		goto fail;
	}
	*report = diff.s;
	diff.s = NULL;
	rc = 0;
	goto out;
fail:
	rc = -1;
out:
	sqlite3_finalize(leads);
	sqlite3_finalize(events);
	sqlite3_finalize(up);
	json_decref(row);
	free(sel);
	free(upd);
	leads_buf_release(&diff);
	return rc;
}
