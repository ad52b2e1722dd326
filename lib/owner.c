/*
 * owner.c - who works a lead: round-robin and rules for new leads,
 * owners away until a date (in the cadence file, or set by lead-away).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "internal.h"
#include "store.h"

int
leads_meta_get(struct leads_db *db, const char *key, char *val, size_t n,
    struct leads_err *err)
{
	sqlite3_stmt *st;
	const char *v;
	int rc;

	if ((st = leads_stmt(db, ST_META_GET,
	    "SELECT value FROM meta WHERE key = ?1", err)) == NULL)
		return -1;
	leads_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(st, 0);
		snprintf(val, n, "%s", v != NULL ? v : "");
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return leads_db_error(db, rc, "cannot read", err);
}

int
leads_meta_set(struct leads_db *db, const char *key, const char *val,
    struct leads_err *err)
{
	sqlite3_stmt *st;

	if ((st = leads_stmt(db, ST_META_SET, "INSERT INTO meta (key, value)"
	    " VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
	    err)) == NULL)
		return -1;
	leads_bind_text(st, 1, key);
	leads_bind_text(st, 2, val);
	return leads_step_done(db, st, err);
}

int
leads_away(struct leads_db *db, const struct leads_conf *c,
    const char *owner, int64_t now, int64_t *until, struct leads_err *err)
{
	sqlite3_stmt *st;
	int64_t t = 0;
	size_t i;
	int rc;

	*until = 0;
	if (owner == NULL)
		return 0;
	for (i = 0; c != NULL && i < c->nowners; i++)
		if (strcmp(c->owners[i].name, owner) == 0 &&
		    c->owners[i].away_until > now)
			*until = c->owners[i].away_until;
	if ((st = leads_stmt(db, ST_AWAY_GET,
	    "SELECT until FROM away WHERE owner = ?1", err)) == NULL)
		return -1;
	leads_bind_text(st, 1, owner);
	if ((rc = leads_step_id(db, st, &t, err)) == -1)
		return -1;
	if (rc == 1 && t > now && t > *until)
		*until = t;
	return *until > now;
}

/* The next owner after the last one given a lead, passing over the away. */
static int
round_robin(struct leads_db *db, const struct leads_conf *c, int64_t now,
    const char **owner, int *turn, struct leads_err *err)
{
	char last[LEADS_MAX_KEY + 1];	/* an owner name: up to 256 bytes */
	size_t i, start = 0, k;
	int64_t until;
	int rc;

	if (c->nowners == 0)
		return 0;
	if ((rc = leads_meta_get(db, "round_robin", last, sizeof(last),
	    err)) == -1)
		return -1;
	for (i = 0; rc == 1 && i < c->nowners; i++)
		if (strcmp(c->owners[i].name, last) == 0)
			start = i + 1;
	/* Everyone away: the next in turn all the same; the backup sees. */
	*owner = c->owners[start % c->nowners].name;
	for (i = 0; i < c->nowners; i++) {
		k = (start + i) % c->nowners;
		if ((rc = leads_away(db, c, c->owners[k].name, now, &until,
		    err)) == -1)
			return -1;
		if (rc == 0) {
			*owner = c->owners[k].name;
			break;
		}
	}
	*turn = 1;
	return 0;
}

int
leads_assign(struct leads_db *db, const struct leads_conf *c,
    const char *const fields[][2], size_t n, int64_t now,
    const char **owner, int *turn, struct leads_err *err)
{
	size_t i;

	*owner = NULL;
	*turn = 0;
	if (c == NULL)
		return 0;
	for (i = 0; i < c->nassign; i++) {
		if (!leads_match_ok(&c->assign[i].match, fields, n))
			continue;
		if (c->assign[i].owner != NULL) {
			*owner = c->assign[i].owner;
			return 0;
		}
		return round_robin(db, c, now, owner, turn, err);
	}
	if (c->assign_fixed != NULL) {
		*owner = c->assign_fixed;
		return 0;
	}
	return round_robin(db, c, now, owner, turn, err);
}

int
leads_away_set(struct leads_db *db, const char *owner, int64_t until,
    struct leads_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (until == 0) {
		rc = sqlite3_prepare_v2(db->sq, "DELETE FROM away"
		    " WHERE owner = ?1", -1, &st, NULL);
	} else
		rc = sqlite3_prepare_v2(db->sq, "INSERT INTO away (owner, until)"
		    " VALUES (?1, ?2) ON CONFLICT (owner)"
		    " DO UPDATE SET until = ?2", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return leads_db_error(db, rc, "cannot write", err);
	leads_bind_text(st, 1, owner);
	if (until != 0)
		sqlite3_bind_int64(st, 2, until);
	rc = leads_step_done(db, st, err);
	if (rc == 0)
		rc = sqlite3_changes(db->sq) > 0;
	sqlite3_finalize(st);
	return rc;
}

int
leads_away_list(struct leads_db *db, const struct leads_conf *c, int64_t now,
    struct leads_away_entry **list, size_t *n, struct leads_err *err)
{
	struct leads_away_entry *v = NULL, *p;
	sqlite3_stmt *st = NULL;
	size_t i, nv = 0;
	int rc;

	*list = NULL;
	*n = 0;
	if ((rc = sqlite3_prepare_v2(db->sq, "SELECT owner, until FROM away"
	    " WHERE until > ?1 ORDER BY owner", -1, &st, NULL)) != SQLITE_OK)
		return leads_db_error(db, rc, "cannot read", err);
	sqlite3_bind_int64(st, 1, now);
	for (i = 0;; i++) {
		const char *name;
		int64_t until;

		if (i < c->nowners) {
			if (c->owners[i].away_until <= now)
				continue;
			name = c->owners[i].name;
			until = c->owners[i].away_until;
		} else if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			name = (const char *)sqlite3_column_text(st, 0);
			until = sqlite3_column_int64(st, 1);
		} else
			break;
		if ((p = realloc(v, (nv + 1) * sizeof(*v))) == NULL) {
			leads_err_nomem(err);
			goto fail;
		}
		v = p;
		v[nv].until = until;
		v[nv].in_file = i < c->nowners;
		if ((v[nv].owner = leads_strdup(name, err)) == NULL)
			goto fail;
		nv++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		leads_away_free(v, nv);
		return leads_db_error(db, rc, "cannot read", err);
	}
	*list = v;
	*n = nv;
	return 0;
fail:
	sqlite3_finalize(st);
	leads_away_free(v, nv);
	return -1;
}

void
leads_away_free(struct leads_away_entry *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i].owner);
	free(list);
}
