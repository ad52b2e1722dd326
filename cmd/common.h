/*
 * common.h - what every program shares: messages, exits, the clock, the
 * database.
 */
#ifndef LEADS_COMMON_H
#define LEADS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "leads.h"

extern const char *progname;

void prog_init(int argc, char *argv[]);
/* "prog: message" on stderr. */
void warnmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
_Noreturn void die_err(const struct leads_err *err);
/*
 * When set, die() exits with it instead of any status but 64 (usage)
 * and 65 (data): a mail filter (lead-add -f mail) sets 75, as for a mail
 * system every other failure is one to try again later.
 */
extern int die_status;
/* Usage text to stderr, exit 64. */
_Noreturn void usage_exit(const char *usage);
_Noreturn void print_version(void);
/*
 * The options every program shares, for the default: of its getopt
 * switch: -V and -h print and exit 0; -c and -d set *conf and *db (a NULL
 * pointer: the program has no such option); anything else is bad usage.
 */
void std_option(int ch, const char *usage, const char **db,
    const char **conf);

/* The clock: LEADS_NOW if set (dies 64 if bad), else the system's. */
int64_t clock_now(void);
/* Who is acting: LEADS_USER, else USER, else "unknown". */
const char *actor(void);
/* Open the database named by -d, LEADS_DB or the default; dies. */
struct leads_db *open_db(const char *opt, int flags);

/*
 * The lead named by an id, an email or a phone (national numbers in the
 * cadence file's country).  When there is none, or more than one (they
 * are listed with name, email and phone), says so on stderr (after "where: ", if not NULL) and exits
 * 66 if fatal, else returns 0.
 */
struct leads_conf;
int64_t find_lead(struct leads_db *db, const struct leads_conf *c,
    const char *s, const char *where, int fatal);

/*
 * The path of the cadence file named by opt (-c), LEADS_CADENCES,
 * $XDG_CONFIG_HOME/leads/cadences.yaml or ~/.config/leads/cadences.yaml
 * (the first that is set or exists; buf holds it), or NULL: the built-in.
 */
const char *conf_path(const char *opt, char *buf, size_t n);

/*
 * The cadence file named by -c, LEADS_CADENCES,
 * $XDG_CONFIG_HOME/leads/cadences.yaml or ~/.config/leads/cadences.yaml
 * (the first that is set or exists), else the built-in one; dies 78 on
 * any error in it.
 */
struct leads_conf *load_conf(const char *opt);

/* |s| seconds as "2d4h", "3h5m", "15m", "0m" (at least 16 bytes). */
const char *fmt_span(int64_t s, char *buf, size_t n);
/* t seen at now: "now" (within the minute past), "overdue 3h", "in 20m". */
const char *rel_span(int64_t t, int64_t now, char *buf, size_t n);

/*
 * --raw-csv: csv cells are written as they are, without the apostrophe
 * that keeps spreadsheets from running them as formulas.
 */
extern int raw_csv;

/* The output writers of libleads, any error fatal. */
struct leads_out *out_new(int fmt, const char *const cols[],
    const int types[], size_t n);
void out_row(struct leads_out *o, const char *const vals[]);
/* Print what o formatted (text: aligned, header line if header); free o. */
void out_flush(struct leads_out *o, int header);

/* "Mon 2026-11-23 09:00 EST": t in zone tz (NULL: local). */
char *local_time(int64_t t, const char *tz, char *buf, size_t n);

/* Flush and close stdout; dies 74 if output was lost. */
void finish_stdout(void);

#endif
