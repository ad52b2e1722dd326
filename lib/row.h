/*
 * row.h - a lead's row as the placement code reads it; not installed.
 */
#ifndef LEADS_ROW_H
#define LEADS_ROW_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

struct leads_conf;
struct leads_cadence;
struct leads_db;
struct leads_err;
struct leads_place;
struct leads_reach;

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


const char *leads_col_text(sqlite3_stmt *st, int i);
/* A time column: 0 when NULL. */
int64_t leads_col_time(sqlite3_stmt *st, int i);
/* The fields entry and assign rules match, from a row of LEAD_COLS. */
size_t leads_row_fields(sqlite3_stmt *st, const char *f[][2]);
void leads_row_reach(sqlite3_stmt *st, struct leads_reach *r);
/* The index of the step with this id in cad, or -1. */
long leads_step_index(const struct leads_cadence *cad, const char *id);
/*
 * A lead entering its entry cadence afresh at `at`, reachable as its row
 * says or as more (may be NULL) adds: 1 placed, 0 none.
 */
int leads_enter_row(const struct leads_conf *c, sqlite3_stmt *st, int64_t at,
    const struct leads_reach *more, struct leads_place *p);
/*
 * The cached statement reading lead id's row of LEAD_COLS, stepped: *rc
 * is 1 (a row; reset the statement when done), 0 none, -1 (NULL returned
 * only on a failure to prepare).
 */
sqlite3_stmt *leads_lead_row(struct leads_db *db, int64_t id, int *rc,
    struct leads_err *err);

/*
 * The placement p (NULL: none) and the due time (0: none) as the columns
 * an event sets: cadence, step, step_id, step_base, due_at.
 */
int leads_place_set(json_t *set, const struct leads_place *p, int64_t due);

#endif
