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
	ST_LEAD_GET,
	ST_LEAD_INSERT,
	ST_LEAD_FILL,
	ST_LEAD_REINQ,
	ST_EVENT_INSERT,
	LEADS_NSTMTS
};

struct leads_db {
	sqlite3 *sq;
	char *path;
	sqlite3_stmt *stmts[LEADS_NSTMTS];
};

/* Fill err from an SQLite result code: "WHAT 'path': reason", -1. */
int leads_db_error(struct leads_db *db, int rc, const char *what,
    struct leads_err *err);
int leads_db_exec(struct leads_db *db, const char *sql,
    struct leads_err *err);

/* The cached statement `which`, prepared from sql on first use, reset. */
sqlite3_stmt *leads_stmt(struct leads_db *db, int which, const char *sql,
    struct leads_err *err);
void leads_stmts_finalize(struct leads_db *db);

#endif
