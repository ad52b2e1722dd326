/*
 * edit.c - changing a lead by hand: set fields, merge two records of one
 * person, forget a person.  Each is one event, like everything else.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "conf.h"
#include "internal.h"
#include "row.h"
#include "store.h"

/* ---- forgetting --------------------------------------------------------- */

#define KEY_HEX (2 * crypto_generichash_KEYBYTES + 1)

/*
 * The database's secret key for hashing forgotten addresses: made at the
 * first forget, kept in meta.  1 with the key, 0 when there is none yet
 * (and make is 0), -1.
 */
static int
forget_key(struct leads_db *db, int make, unsigned char *key,
    struct leads_err *err)
{
	char hex[KEY_HEX];
	size_t n;
	int rc;

	if ((rc = leads_meta_get(db, "forget_key", hex, sizeof(hex), err)) ==
	    -1)
		return -1;
	if (sodium_init() == -1)
		return leads_errf(err, LEADS_EOSERR, "cannot start libsodium");
	if (rc == 1) {
		if (sodium_hex2bin(key, crypto_generichash_KEYBYTES, hex,
		    strlen(hex), NULL, &n, NULL) != 0 ||
		    n != crypto_generichash_KEYBYTES)
			return leads_errf(err, LEADS_EDATA, "the database's"
			    " forget key is damaged");
		return 1;
	}
	if (!make)
		return 0;
	randombytes_buf(key, crypto_generichash_KEYBYTES);
	sodium_bin2hex(hex, sizeof(hex), key, crypto_generichash_KEYBYTES);
	if (leads_meta_set(db, "forget_key", hex, err) == -1)
		return -1;
	return 1;
}

/* "e:" or "p:" and the keyed hash of v, in hex, into out. */
static void
hash_of(const unsigned char *key, char kind, const char *v, char *out,
    size_t n)
{
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)v, strlen(v),
	    key, crypto_generichash_KEYBYTES);
	out[0] = kind;
	out[1] = ':';
	sodium_bin2hex(out + 2, n - 2, h, sizeof(h));
}

int
leads_suppressed(struct leads_db *db, const char *email, const char *phone,
    int64_t *id, struct leads_err *err)
{
	unsigned char key[crypto_generichash_KEYBYTES];
	const char *v[2] = { email, phone };
	char h[40];
	sqlite3_stmt *st;
	int64_t any;
	int rc, i;

	if (email == NULL && phone == NULL)
		return 0;
	if (db->forgotten == -1) {
		if ((rc = sqlite3_prepare_v2(db->sq, "SELECT lead_id FROM"
		    " forgotten LIMIT 1", -1, &st, NULL)) != SQLITE_OK)
			return leads_db_error(db, rc, "cannot read", err);
		rc = leads_step_id(db, st, &any, err);
		sqlite3_finalize(st);
		if (rc == -1)
			return -1;
		/* Known for the rest of the transaction only. */
		if (!sqlite3_get_autocommit(db->sq))
			db->forgotten = rc;
		if (rc == 0)
			return 0;
	} else if (db->forgotten == 0)
		return 0;
	if ((rc = forget_key(db, 0, key, err)) != 1)
		return rc;
	for (i = 0; i < 2; i++) {
		if (v[i] == NULL)
			continue;
		hash_of(key, i == 0 ? 'e' : 'p', v[i], h, sizeof(h));
		if ((st = leads_stmt(db, ST_FORGOTTEN_GET, "SELECT lead_id"
		    " FROM forgotten WHERE hash = ?1", err)) == NULL)
			return -1;
		leads_bind_text(st, 1, h);
		if ((rc = leads_step_id(db, st, id, err)) != 0)
			return rc;
	}
	return 0;
}

/* The columns that are a person's data, blanked when forgotten. */
static const char *const personal[] = {
	"name", "email", "phone", "company", "ext_id", "extra"
};
#define NPERSONAL (sizeof(personal) / sizeof(personal[0]))

/* What an event may keep of a forgotten person: nothing personal. */
static const char *const keepable[] = {
	"source", "owner", "value", "tz", "country", "created", "cadence",
	"step", "step_id", "step_base", "due_at", "booked_at", "next",
	"reason", "status", "closed_at", "lost_reason", "escalated_at",
	"last_inquiry", "phone_bad", "merged_into", "attempts",
	"first_attempt", "first_contact", "last_touch", "into", "from",
	"owner_was"
};

static int
is_keepable(const char *k)
{
	size_t i;

	for (i = 0; i < sizeof(keepable) / sizeof(keepable[0]); i++)
		if (strcmp(keepable[i], k) == 0)
			return 1;
	return 0;
}

/* Drop every member of o that is not keepable (and scrub its "set"). */
static void
scrub(json_t *o)
{
	const char *k;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(o, tmp, k, v) {
		if (strcmp(k, "set") == 0 && json_is_object(v))
			scrub(v);
		else if (!is_keepable(k))
			json_object_del(o, k);
	}
}

/* Scrub the notes, data and input fingerprints of lead id's events. */
static int
scrub_events(struct leads_db *db, int64_t id, struct leads_err *err)
{
	sqlite3_stmt *sel = NULL, *up = NULL;
	json_t *d;
	char *text;
	int rc;

	rc = sqlite3_prepare_v2(db->sq, "SELECT id, data FROM events"
	    " WHERE lead_id = ?1", -1, &sel, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db->sq, "UPDATE events SET note = NULL,"
		    " fp = NULL, data = ?2 WHERE id = ?1", -1, &up, NULL);
	if (rc != SQLITE_OK)
		goto dberr;
	sqlite3_bind_int64(sel, 1, id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		text = NULL;
		d = sqlite3_column_type(sel, 1) == SQLITE_NULL ? NULL :
		    json_loads((const char *)sqlite3_column_text(sel, 1), 0,
		    NULL);
		if (d != NULL) {
			scrub(d);
			text = json_dumps(d, JSON_COMPACT);
			json_decref(d);
		}
		sqlite3_bind_int64(up, 1, sqlite3_column_int64(sel, 0));
		sqlite3_bind_text(up, 2, text, -1, free);
		if ((rc = sqlite3_step(up)) != SQLITE_DONE)
			goto dberr;
		sqlite3_reset(up);
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(sel);
	sqlite3_finalize(up);
	return 0;
dberr:
	leads_db_error(db, rc, "cannot write", err);
	sqlite3_finalize(sel);
	sqlite3_finalize(up);
	return -1;
}

/* Remember the hashes of one row's email, phone and other ones. */
static int
remember(struct leads_db *db, const unsigned char *key, sqlite3_stmt *row,
    int64_t id, struct leads_err *err)
{
	const char *extra = (const char *)sqlite3_column_text(row, 3);
	const char *v[4];
	json_t *x = extra != NULL ? json_loads(extra, 0, NULL) : NULL;
	sqlite3_stmt *st = NULL;
	char h[40];
	int i, rc = SQLITE_OK;

	v[0] = (const char *)sqlite3_column_text(row, 1);
	v[1] = (const char *)sqlite3_column_text(row, 2);
	v[2] = json_string_value(json_object_get(x, "other email"));
	v[3] = json_string_value(json_object_get(x, "other phone"));
	rc = sqlite3_prepare_v2(db->sq, "INSERT OR IGNORE INTO forgotten"
	    " (hash, lead_id) VALUES (?1, ?2)", -1, &st, NULL);
	for (i = 0; rc == SQLITE_OK && i < 4; i++) {
		if (v[i] == NULL)
			continue;
		hash_of(key, i % 2 == 0 ? 'e' : 'p', v[i], h, sizeof(h));
		sqlite3_bind_text(st, 1, h, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, id);
		if ((rc = sqlite3_step(st)) == SQLITE_DONE)
			rc = SQLITE_OK;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	json_decref(x);
	db->forgotten = 1;
	return rc == SQLITE_OK ? 0 : leads_db_error(db, rc, "cannot write",
	    err);
}

int
leads_forget(struct leads_db *db, int64_t id, int64_t now, const char *actor,
    struct leads_err *err)
{
	unsigned char key[crypto_generichash_KEYBYTES];
	struct leads_event ev = { 0 };
	sqlite3_stmt *st = NULL;
	json_t *set = NULL;
	int64_t lead;
	size_t i;
	int rc;

	if ((rc = leads_forgotten(db, id, err)) != 0)
		return rc == 1 ? 0 : -1;	/* once is enough */
	if (forget_key(db, 1, key, err) == -1)
		return -1;
	/* Overwrite what is deleted, so it is gone from the file too. */
	if (leads_db_exec(db, "PRAGMA secure_delete = ON", err) == -1)
		return -1;
	/* The lead and every record merged into it are the same person. */
	rc = sqlite3_prepare_v2(db->sq, LEADS_PERSON_CTE
	    " SELECT l.id, l.email, l.phone, l.extra, l.status FROM leads l"
	    " JOIN p USING (id)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return leads_db_error(db, rc, "cannot read", err);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		lead = sqlite3_column_int64(st, 0);
		if (remember(db, key, st, id, err) == -1 ||
		    scrub_events(db, lead, err) == -1 ||
		    (set = json_object()) == NULL)
			goto fail;
		for (i = 0; i < NPERSONAL; i++)
			if (json_object_set_new(set, personal[i],
			    json_null()) == -1)
				goto nomem;
		if (strcmp((const char *)sqlite3_column_text(st, 4),
		    "active") == 0 &&
		    (json_object_set_new(set, "status", json_string("dnc")) |
		    json_object_set_new(set, "closed_at", json_integer(now)) |
		    json_object_set_new(set, "due_at", json_null()) |
		    json_object_set_new(set, "booked_at", json_null())) != 0)
			goto nomem;
		ev.kind = "forgotten";
		ev.at = now;
		if (leads_apply(db, lead, set, &ev, now, actor, err) == -1)
			goto fail;
		json_decref(set);
		set = NULL;
	}
	if (rc != SQLITE_DONE) {
		leads_db_error(db, rc, "cannot read", err);
		goto fail;
	}
	sqlite3_finalize(st);
	return 0;
nomem:
	leads_err_nomem(err);
fail:
	json_decref(set);
	sqlite3_finalize(st);
	return -1;
}

int
leads_forgotten(struct leads_db *db, int64_t id, struct leads_err *err)
{
	sqlite3_stmt *st;
	int64_t ev;

	if ((st = leads_stmt(db, ST_FORGOTTEN, "SELECT id FROM events"
	    " WHERE lead_id = ?1 AND kind = 'forgotten' LIMIT 1", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return leads_step_id(db, st, &ev, err);
}

/* ---- merging ------------------------------------------------------------ */

/* The columns a merge reads of both leads, in this order. */
#define MERGE_COLS "name, email, phone, company, tz, country, source," \
	" owner, value, extra, status, attempts, first_attempt," \
	" first_contact, last_touch, phone_bad, merged_into, closed_at"
enum {
	M_NAME, M_EMAIL, M_PHONE, M_COMPANY, M_TZ, M_COUNTRY, M_SOURCE,
	M_OWNER, M_VALUE, M_EXTRA, M_STATUS, M_ATTEMPTS, M_FIRST_ATTEMPT,
	M_FIRST_CONTACT, M_LAST_TOUCH, M_PHONE_BAD, M_MERGED_INTO,
	M_CLOSED_AT, M_NCOLS
};
static const char *const merge_col[M_NCOLS] = {
	"name", "email", "phone", "company", "tz", "country", "source",
	"owner", "value", "extra", "status", "attempts", "first_attempt",
	"first_contact", "last_touch", "phone_bad", "merged_into", "closed_at"
};

/* Column i of a row as JSON (NULL: SQL NULL). */
static json_t *
col_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	case SQLITE_TEXT:
		return json_string((const char *)sqlite3_column_text(st, i));
	default:
		return NULL;
	}
}

/* Both rows, as JSON objects of MERGE_COLS. */
static int
read_rows(struct leads_db *db, const int64_t id[2], json_t *row[2],
    struct leads_err *err)
{
	sqlite3_stmt *st;
	json_t *v;
	int rc, k, i;

	rc = sqlite3_prepare_v2(db->sq, "SELECT " MERGE_COLS " FROM leads"
	    " WHERE id = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return leads_db_error(db, rc, "cannot read", err);
	for (k = 0; k < 2; k++) {
		sqlite3_bind_int64(st, 1, id[k]);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_finalize(st);
			if (rc == SQLITE_DONE)
				return leads_errf(err, LEADS_ENOINPUT,
				    "no lead %" PRId64, id[k]);
			return leads_db_error(db, rc, "cannot read", err);
		}
		if ((row[k] = json_object()) == NULL)
			goto nomem;
		for (i = 0; i < M_NCOLS; i++) {
			if ((v = col_json(st, i)) == NULL)
				continue;
			if (i == M_EXTRA) {
				json_t *x = json_loads(json_string_value(v),
				    0, NULL);
				json_decref(v);
				if ((v = x) == NULL)
					v = json_object();
			}
			if (json_object_set_new(row[k], merge_col[i], v) == -1)
				goto nomem;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
nomem:
	sqlite3_finalize(st);
	return leads_err_nomem(err);
}

static int64_t
get_int(const json_t *row, const char *k)
{
	return json_integer_value(json_object_get(row, k));
}

/* keep's aggregate k becomes the min or max of both (0 is none). */
static int
combine_time(json_t *set, const json_t *keep, const json_t *other,
    const char *k, int max)
{
	int64_t a = get_int(keep, k), b = get_int(other, k), v;

	if (b == 0)
		return 0;
	v = a == 0 ? b : max ? (a > b ? a : b) : (a < b ? a : b);
	return v == a ? 0 : json_object_set_new(set, k, json_integer(v));
}

int
leads_merge(struct leads_db *db, int64_t keep, int64_t other, int64_t now,
    const char *actor, struct leads_err *err)
{
	static const char *const fillable[] = {
		"name", "company", "tz", "country", "source", "owner", "value"
	};
	static const char *const contacts[][2] = {
		{ "email", "other email" }, { "phone", "other phone" }
	};
	const int64_t ids[2] = { keep, other };
	json_t *row[2] = { NULL, NULL }, *kset = NULL, *oset = NULL;
	json_t *kextra, *oextra, *v, *data = NULL;
	struct leads_event ev = { 0 };
	const char *k, *ks, *os;
	size_t i;
	int rc = 0;

	if (keep == other)
		return leads_errf(err, LEADS_EUSAGE, "lead %" PRId64 " is the"
		    " same lead", keep);
	/* A forgotten person's record must not be tied to anyone again. */
	for (i = 0; i < 2; i++)
		if ((rc = leads_forgotten(db, ids[i], err)) != 0) {
			if (rc == 1)
				leads_errf(err, LEADS_EUSAGE, "lead %" PRId64
				    " was forgotten: it cannot be merged",
				    ids[i]);
			return -1;
		}
	if (read_rows(db, ids, row, err) == -1)
		goto fail;
	for (i = 0; i < 2; i++)
		if (json_object_get(row[i], "merged_into") != NULL) {
			leads_errf(err, LEADS_EUSAGE, "lead %" PRId64 " was"
			    " merged into lead %" PRId64 " already", ids[i],
			    get_int(row[i], "merged_into"));
			goto fail;
		}
	if ((kset = json_object()) == NULL || (oset = json_object()) == NULL ||
	    (data = json_object()) == NULL)
		goto nomem;
	for (i = 0; i < sizeof(fillable) / sizeof(fillable[0]); i++)
		if (json_object_get(row[0], fillable[i]) == NULL &&
		    (v = json_object_get(row[1], fillable[i])) != NULL)
			rc |= json_object_set(kset, fillable[i], v);
	/* keep's extra fields win; other's fill in. */
	kextra = json_object_get(row[0], "extra");
	oextra = json_object_get(row[1], "extra");
	kextra = kextra != NULL ? json_deep_copy(kextra) : json_object();
	if (kextra == NULL)
		goto nomem;
	json_object_foreach(oextra, k, v)
		if (json_object_get(kextra, k) == NULL)
			rc |= json_object_set(kextra, k, v);
	/*
	 * An address or number other has moves to keep when keep has none
	 * (an address belongs to one row); else it stays on other, whose
	 * lookups lead to keep, and keep shows it as "other".
	 */
	for (i = 0; i < 2; i++) {
		const char *mine = json_string_value(json_object_get(row[0],
		    contacts[i][0]));
		v = json_object_get(row[1], contacts[i][0]);
		if (v == NULL)
			continue;
		if (mine == NULL) {
			rc |= json_object_set_new(oset, contacts[i][0],
			    json_null());
			rc |= json_object_set(kset, contacts[i][0], v);
			if (i == 1 && get_int(row[1], "phone_bad"))
				rc |= json_object_set_new(kset, "phone_bad",
				    json_integer(1));
		} else if (strcmp(mine, json_string_value(v)) != 0 &&
		    json_object_get(kextra, contacts[i][1]) == NULL)
			rc |= json_object_set(kextra, contacts[i][1], v);
	}
	v = json_object_get(row[0], "extra");
	if (v != NULL ? !json_equal(kextra, v) : json_object_size(kextra) > 0)
		rc |= json_object_set(kset, "extra", kextra);
	json_decref(kextra);
	/* Both records' touches count for the person. */
	if (get_int(row[1], "attempts") > 0)
		rc |= json_object_set_new(kset, "attempts",
		    json_integer(get_int(row[0], "attempts") +
		    get_int(row[1], "attempts")));
	rc |= combine_time(kset, row[0], row[1], "first_attempt", 0);
	rc |= combine_time(kset, row[0], row[1], "first_contact", 0);
	rc |= combine_time(kset, row[0], row[1], "last_touch", 1);
	/*
	 * Who asked not to be contacted stays so, whichever record; who
	 * bought is a customer: dnc, then won, wins over keep's status.
	 */
	ks = json_string_value(json_object_get(row[0], "status"));
	os = json_string_value(json_object_get(row[1], "status"));
	if ((strcmp(os, "dnc") == 0 && strcmp(ks, "dnc") != 0) ||
	    (strcmp(os, "won") == 0 && strcmp(ks, "dnc") != 0 &&
	    strcmp(ks, "won") != 0))
		rc |= json_object_set_new(kset, "status", json_string(os)) |
		    json_object_set_new(kset, "closed_at", strcmp(os, "won") ==
		    0 ? json_integer(get_int(row[1], "closed_at")) :
		    json_integer(now)) |
		    json_object_set_new(kset, "lost_reason", json_null()) |
		    leads_place_set(kset, NULL, 0) |
		    json_object_set_new(kset, "booked_at", json_null());
	/* other follows keep now: nothing of its own is due. */
	rc |= json_object_set_new(oset, "merged_into", json_integer(keep)) |
	    leads_place_set(oset, NULL, 0) |
	    json_object_set_new(oset, "booked_at", json_null());
	if (rc != 0)
		goto nomem;
	ev.at = now;
	/* other first: what moves must leave it before keep takes it. */
	ev.kind = "merged_into";
	ev.data = data;
	if (json_object_set_new(data, "into", json_integer(keep)) == -1)
		goto nomem;
	if (leads_apply(db, other, oset, &ev, now, actor, err) == -1)
		goto fail;
	json_object_clear(data);
	ev.kind = "merged";
	if (json_object_set_new(data, "from", json_integer(other)) == -1)
		goto nomem;
	if (leads_apply(db, keep, kset, &ev, now, actor, err) == -1)
		goto fail;
	rc = 0;
	goto out;
nomem:
	leads_err_nomem(err);
fail:
	rc = -1;
out:
	json_decref(row[0]);
	json_decref(row[1]);
	json_decref(kset);
	json_decref(oset);
	json_decref(data);
	return rc;
}

/* ---- setting fields ----------------------------------------------------- */

const char *const leads_set_fields[] = {
	"owner", "value", "tz", "name", "email", "phone", "company", "source",
	"cadence", "status", "reason", NULL
};

/* The field's value, or NULL when it is not among the n given. */
static const char *
given(const char *const f[][2], size_t n, const char *name)
{
	const char *v = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i][0], name) == 0)
			v = f[i][1];
	return v;
}

/*
 * An email or phone for lead id: not another lead's.  0, with *from the
 * row of a record merged into id that has it (0: none), or -1.
 */
static int
unique_for(struct leads_db *db, int64_t id, const char *col, const char *v,
    int64_t *from, struct leads_err *err)
{
	int64_t row = 0, lead;
	int rc = leads_find_contact(db, col, v, &row, err);

	*from = 0;
	if (rc != 1 || row == id)
		return rc == -1 ? -1 : 0;
	lead = row;
	if (leads_resolve(db, &lead, err) == -1)
		return -1;
	if (lead != id)
		return leads_errf(err, LEADS_EDATA, "%s %s belongs to lead %"
		    PRId64 ": to combine them, lead-merge %" PRId64 " %" PRId64,
		    col, v, lead, id, lead);
	*from = row;
	return 0;
}

/*
 * An address (col is "email" or "phone") moves to lead id from the row
 * of a record merged into it; id's extra stops showing it as "other".
 */
static int
move_contact(struct leads_db *db, int64_t id, int64_t from, const char *col,
    const char *v, int64_t now, const char *actor, json_t *set,
    struct leads_err *err)
{
	struct leads_event ev = { .kind = "set", .at = now };
	char other[16];
	const char *was;
	json_t *clear, *x = NULL;
	sqlite3_stmt *st;
	int rc;

	if ((clear = json_object()) == NULL ||
	    json_object_set_new(clear, col, json_null()) == -1) {
		json_decref(clear);
		return leads_err_nomem(err);
	}
	rc = leads_apply(db, from, clear, &ev, now, actor, err);
	json_decref(clear);
	if (rc == -1)
		return -1;
	/* The extra as set already (both may move), else as stored. */
	if ((x = json_object_get(set, "extra")) != NULL)
		x = json_deep_copy(x);
	else {
		if ((rc = sqlite3_prepare_v2(db->sq, "SELECT extra FROM leads"
		    " WHERE id = ?1", -1, &st, NULL)) != SQLITE_OK)
			return leads_db_error(db, rc, "cannot read", err);
		sqlite3_bind_int64(st, 1, id);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
		    sqlite3_column_type(st, 0) == SQLITE_TEXT)
			x = json_loads((const char *)sqlite3_column_text(st,
			    0), 0, NULL);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			json_decref(x);
			return leads_db_error(db, rc, "cannot read", err);
		}
	}
	snprintf(other, sizeof(other), "other %s", col);
	was = json_string_value(json_object_get(x, other));
	rc = 0;
	if (was != NULL && strcmp(was, v) == 0) {
		json_object_del(x, other);
		if ((json_object_size(x) > 0 ? json_object_set(set, "extra",
		    x) : json_object_set_new(set, "extra", json_null())) == -1)
			rc = leads_err_nomem(err);
	}
	json_decref(x);
	return rc;
}

/* One text field (email, phone, tz, ...) checked and normalized. */
static int
set_text(struct leads_db *db, int64_t id, sqlite3_stmt *row,
    const struct leads_conf *c, const char *k, const char *v, json_t *set,
    int64_t *from, struct leads_err *err)
{
	char buf[LEADS_MAX_FIELD];
	const char *country;

	if (*v == '\0')
		return json_object_set_new(set, k, json_null());
	if (strlen(v) >= sizeof(buf))
		return leads_errf(err, LEADS_EDATA, "%s: too long", k);
	if (strcmp(k, "email") == 0) {
		if (leads_norm_email(v, buf, sizeof(buf), err) == -1 ||
		    unique_for(db, id, k, buf, from, err) == -1)
			return -1;
	} else if (strcmp(k, "phone") == 0) {
		country = leads_col_text(row, L_COUNTRY);
		if (country == NULL)
			country = c->country;
		if (leads_norm_phone(v, country, buf, sizeof(buf), err) == -1 ||
		    unique_for(db, id, k, buf, from, err) == -1 ||
		    json_object_set_new(set, "phone_bad", json_integer(0)) ==
		    -1)
			return -1;
	} else if (strcmp(k, "tz") == 0) {
		if (!leads_tz_valid(v))
			return leads_errf(err, LEADS_EDATA, "unknown time zone"
			    " '%s': use a name such as America/New_York", v);
		snprintf(buf, sizeof(buf), "%s", v);
	} else
		leads_norm_name(v, buf, sizeof(buf));
	return json_object_set_new(set, k, json_string(buf));
}

/* status=: close, or open again at the start of the entry cadence. */
static int
set_status(const struct leads_conf *c, sqlite3_stmt *row, const char *v,
    const char *reason, int64_t now, json_t *set, struct leads_err *err)
{
	static const char *const ok[] = { "active", "won", "lost", "dnc" };
	const char *was = leads_col_text(row, L_STATUS);
	struct leads_place p;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(v, ok[i]) == 0)
			break;
	if (strcmp(v, "waiting") == 0)
		return leads_errf(err, LEADS_EUSAGE, "a lead waits for a booked"
		    " call: lead-log LEAD not_now --next WHEN");
	if (i == sizeof(ok) / sizeof(ok[0]))
		return leads_errf(err, LEADS_EUSAGE, "unknown status '%s': use"
		    " active, won, lost or dnc", v);
	if (reason != NULL && strcmp(v, "lost") != 0)
		return leads_errf(err, LEADS_EUSAGE, "a reason is why a lead"
		    " was lost: it goes with status=lost, not status=%s", v);
	if (strcmp(v, was) == 0)	/* a lost lead may get a new reason */
		return strcmp(v, "lost") == 0 && reason != NULL ?
		    json_object_set_new(set, "lost_reason", *reason != '\0' ?
		    json_string(reason) : json_null()) : 0;
	if (strcmp(v, "active") != 0)
		return json_object_set_new(set, "status", json_string(v)) |
		    json_object_set_new(set, "closed_at", json_integer(now)) |
		    json_object_set_new(set, "lost_reason",
		    strcmp(v, "lost") == 0 && reason != NULL ?
		    json_string(reason) : json_null()) |
		    json_object_set_new(set, "due_at", json_null()) |
		    json_object_set_new(set, "booked_at", json_null());
	if (!leads_enter_row(c, row, now, NULL, &p))
		memset(&p, 0, sizeof(p));
	return json_object_set_new(set, "status", json_string("active")) |
	    json_object_set_new(set, "closed_at", json_null()) |
	    json_object_set_new(set, "lost_reason", json_null()) |
	    leads_place_set(set, p.cad != NULL ? &p : NULL,
	    p.cad != NULL ? p.due : now);
}

/* cadence=: the lead starts it at its first step, now. */
static int
set_cadence(const struct leads_conf *c, sqlite3_stmt *row, const char *name,
    int64_t now, json_t *set, struct leads_err *err)
{
	const struct leads_cadence *cad = leads_conf_cadence(c, name);
	const char *tz;
	json_t *v;
	int64_t booked = leads_col_time(row, L_BOOKED_AT);
	struct leads_reach r;
	struct leads_place p;
	size_t i;
	char names[1024] = "";

	if (cad == NULL) {
		for (i = 0; i < c->ncadences; i++)
			snprintf(names + strlen(names), sizeof(names) -
			    strlen(names), "%s%s", i > 0 ? ", " : "",
			    c->cadences[i].name);
		return leads_errf(err, LEADS_EUSAGE, "unknown cadence '%s':"
		    " use %s", name, names);
	}
	leads_row_reach(row, &r);
	/* Placed by the contact details the lead will have. */
	if ((v = json_object_get(set, "email")) != NULL)
		r.email = json_is_string(v);
	if ((v = json_object_get(set, "phone")) != NULL)
		r.phone = json_is_string(v);
	if ((v = json_object_get(set, "tz")) != NULL)
		tz = json_string_value(v);
	else
		tz = leads_col_text(row, L_TZ);
	if (!leads_place(c, leads_conf_tz(c, tz), cad, 0, now, &r, &p))
		return leads_errf(err, LEADS_EUSAGE, "cadence '%s' has no step"
		    " this lead can take", name);
	return leads_place_set(set, &p, booked != 0 && booked < p.due ?
	    booked : p.due);
}

int
leads_set(struct leads_db *db, const struct leads_conf *c, int64_t id,
    const char *const f[][2], size_t n, int64_t now, const char *actor,
    struct leads_err *err)
{
	static const char *const text[] = {
		"email", "phone", "owner", "name", "company", "source", "tz"
	};
	enum { NTEXT = sizeof(text) / sizeof(text[0]) };
	int64_t from[NTEXT] = { 0 };
	struct leads_event ev = { 0 };
	const char *v, *status;
	sqlite3_stmt *row;
	json_t *set;
	double value;
	size_t i, j;
	int rc;

	if (err != NULL)
		err->msg[0] = '\0';	/* set below: a message, else nomem */
	for (i = 0; i < n; i++) {
		for (j = 0; leads_set_fields[j] != NULL; j++)
			if (strcmp(f[i][0], leads_set_fields[j]) == 0)
				break;
		if (leads_set_fields[j] == NULL)
			return leads_errf(err, LEADS_EUSAGE, "unknown field"
			    " '%s': use owner, value, tz, name, email, phone,"
			    " company, source, cadence, status or reason",
			    f[i][0]);
	}
	if ((row = leads_lead_row(db, id, &rc, err)) == NULL)
		return -1;
	if (rc != 1) {
		sqlite3_reset(row);
		return rc == 0 ? leads_errf(err, LEADS_ENOINPUT, "no lead %"
		    PRId64, id) : -1;
	}
	if ((rc = leads_forgotten(db, id, err)) != 0) {
		sqlite3_reset(row);
		return rc == -1 ? -1 : leads_errf(err, LEADS_EUSAGE, "lead %"
		    PRId64 " was forgotten: nothing of it can be set", id);
	}
	if ((set = json_object()) == NULL) {
		sqlite3_reset(row);
		return leads_err_nomem(err);
	}
	for (i = 0; rc == 0 && i < NTEXT; i++)
		if ((v = given(f, n, text[i])) != NULL)
			rc = set_text(db, id, row, c, text[i], v, set, &from[i],
			    err);
	if (rc == 0 && (v = given(f, n, "value")) != NULL) {
		if (*v == '\0')
			rc = json_object_set_new(set, "value", json_null());
		else if ((rc = leads_parse_value(v, &value, err)) == 0)
			rc = json_object_set_new(set, "value",
			    json_real(value));
	}
	if (rc == 0 && (v = given(f, n, "status")) != NULL)
		rc = set_status(c, row, v, given(f, n, "reason"), now, set,
		    err);
	else if (rc == 0 && (v = given(f, n, "reason")) != NULL) {
		status = leads_col_text(row, L_STATUS);
		if (strcmp(status, "lost") != 0)
			rc = leads_errf(err, LEADS_EUSAGE, "lead %" PRId64
			    " is %s: a reason is why a lead was lost (set"
			    " status=lost too)", id, status);
		else
			rc = json_object_set_new(set, "lost_reason", *v !=
			    '\0' ? json_string(v) : json_null());
	}
	if (rc == 0 && (v = given(f, n, "cadence")) != NULL) {
		/* The status the lead will have. */
		if ((status = given(f, n, "status")) == NULL)
			status = leads_col_text(row, L_STATUS);
		if (strcmp(status, "active") != 0)
			rc = leads_errf(err, LEADS_EUSAGE, "lead %" PRId64
			    " is %s: set status=active too to start a"
			    " cadence", id, status);
		else
			rc = set_cadence(c, row, v, now, set, err);
	}
	sqlite3_reset(row);
	/* email and phone, first in text[], may move from a merged record. */
	for (i = 0; rc == 0 && i < 2; i++)
		if (from[i] != 0)
			rc = move_contact(db, id, from[i], text[i],
			    json_string_value(json_object_get(set, text[i])),
			    now, actor, set, err);
	if (rc == 0 && json_object_size(set) > 0) {	/* else no change */
		ev.kind = "set";
		ev.at = now;
		rc = leads_apply(db, id, set, &ev, now, actor, err);
	} else if (err != NULL && err->msg[0] == '\0')
		leads_err_nomem(err);
	json_decref(set);
	return rc == 0 ? 0 : -1;
}
