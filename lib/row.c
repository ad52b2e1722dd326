/*
 * row.c - reading a lead's row: the columns placement needs, and where a
 * lead enters its cadence.
 */
#include <stdint.h>
#include <string.h>

#include "conf.h"
#include "internal.h"
#include "row.h"
#include "store.h"

const char *
leads_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int64_t
leads_col_time(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 :
	    sqlite3_column_int64(st, i);
}

size_t
leads_row_fields(sqlite3_stmt *st, const char *f[][2])
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
		f[i][1] = leads_col_text(st, map[i].col);
	}
	return i;
}

void
leads_row_reach(sqlite3_stmt *st, struct leads_reach *r)
{
	r->phone = sqlite3_column_type(st, L_PHONE) != SQLITE_NULL &&
	    sqlite3_column_int(st, L_PHONE_BAD) == 0;
	r->email = sqlite3_column_type(st, L_EMAIL) != SQLITE_NULL;
}

long
leads_step_index(const struct leads_cadence *cad, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < cad->nsteps; i++)
		if (strcmp(cad->steps[i].id, id) == 0)
			return (long)i;
	return -1;
}

int
leads_enter_row(const struct leads_conf *c, sqlite3_stmt *st, int64_t at,
    const struct leads_reach *more, struct leads_place *p)
{
	const char *f[9][2];
	const char *name;
	const struct leads_cadence *cad;
	struct leads_reach r;
	size_t nf = leads_row_fields(st, f);

	leads_row_reach(st, &r);
	if (more != NULL) {
		r.phone |= more->phone;
		r.email |= more->email;
	}
	if ((name = leads_conf_entry_cadence(c, f, nf)) == NULL ||
	    (cad = leads_conf_cadence(c, name)) == NULL)
		return 0;
	return leads_place(c, leads_conf_tz(c, leads_col_text(st, L_TZ)), cad, 0,
	    at, &r, p);
}

sqlite3_stmt *
leads_lead_row(struct leads_db *db, int64_t id, int *rc, struct leads_err *err)
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

