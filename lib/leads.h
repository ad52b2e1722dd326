/*
 * leads.h - the public interface of libleads.
 *
 * libleads never prints and never exits.  Every function that can fail
 * returns a status (0 on success, -1 on failure unless said otherwise) and
 * fills a caller-supplied struct leads_err whose message is complete enough
 * to print as is ("FILE:LINE: reason", "cannot open 'x.db': reason") and
 * whose code is the sysexits(3) status a program should exit with.
 *
 * Handles are opaque.  Strings returned as "const char *" belong to the
 * object they came from and stay valid until the next call on that object
 * or until it is freed, unless said otherwise.  Functions that return
 * memory the caller must free say so.
 *
 * Global state: leads_tz_* switch the process time zone (TZ) while they
 * work and restore it; they are not thread-safe.  Nothing else is global.
 */
#ifndef LEADS_H
#define LEADS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define LEADS_VERSION "0.1.0"

/* Error codes are sysexits(3) values, so a program can exit with them. */
enum leads_code {
	LEADS_OK = 0,
	LEADS_ENOMATCH = 1,	/* nothing matched */
	LEADS_EUSAGE = 64,	/* bad usage or argument */
	LEADS_EDATA = 65,	/* bad input data */
	LEADS_ENOINPUT = 66,	/* no such lead or file */
	LEADS_ESOFTWARE = 70,	/* internal error */
	LEADS_EOSERR = 71,	/* out of memory, system error */
	LEADS_ECANTCREAT = 73,	/* cannot create the database */
	LEADS_EIO = 74,		/* input/output error */
	LEADS_ETEMPFAIL = 75,	/* busy: try again later, nothing written */
	LEADS_ECONFIG = 78	/* configuration error */
};

struct leads_err {
	int code;		/* enum leads_code */
	long line;		/* input line of the error, 0 if none */
	char msg[1024];		/* printable, without program name or newline */
};

/* Set err (which may be NULL) and return -1. */
int leads_errf(struct leads_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- limits on input ---------------------------------------------------- */

#define LEADS_MAX_FIELD		65536	/* bytes in one field value */
#define LEADS_MAX_KEY		256	/* bytes in one field name */
#define LEADS_MAX_FIELDS	256	/* fields in one record */
#define LEADS_MAX_RECORD	1048576	/* bytes in one record (all its lines) */

/* ---- time (timefmt.c, tz.c) --------------------------------------------- */

/*
 * Times are seconds since the epoch (UTC) in an int64_t.  Time zone names
 * are IANA names ("Europe/London"); NULL or "" means the process's local
 * zone (TZ).
 */

/* Does the IANA zone exist?  1 yes, 0 no. */
int leads_tz_valid(const char *tz);

/* Broken-down local time of t in tz; 0 or -1. */
int leads_tz_local(int64_t t, const char *tz, struct tm *tm);

/*
 * The instant of the local wall-clock time tm in tz.  A time in a
 * daylight-saving gap moves forward by the gap; an ambiguous time takes
 * the earlier instant.  tm_isdst is ignored.  0 or -1.
 */
int leads_tz_mktime(const struct tm *tm, const char *tz, int64_t *t);

/*
 * These may be called from several threads: each thread keeps its own
 * cache of zone offsets, and a thread that is done with zones frees its
 * cache with leads_tz_release().  tm_zone stays valid until then.
 */
void leads_tz_release(void);

/*
 * Parse a point in time: RFC 3339 / ISO 8601 ("2026-11-22T10:00:00Z",
 * "2026-11-22T10:00:00+0000", "2026-11-22 10:00", "2026-11-22"), RFC 2822
 * as in mail headers ("Sun, 22 Nov 2026 10:00:00 +1100"), US slash dates
 * ("11/22/2026 10:00 AM"; day first when the first number is over 12),
 * and epoch seconds (10 digits) or milliseconds (13 digits).  Times
 * without an offset are local time in tz.  The error names the bad value.
 */
int leads_time_parse(const char *s, const char *tz, int64_t *t,
    struct leads_err *err);

/*
 * A time as a rep types it (when.c), relative to now, local in tz unless
 * it gives an offset: anything leads_time_parse takes; "today",
 * "tomorrow", a weekday ("mon", "tuesday": the next one after today),
 * "next fri", "next week", each optionally followed by a time of day
 * ("10:00", "9am", "9:30 pm", "noon", "at 14:30"); a time of day alone
 * (today if still ahead, else tomorrow); "+30m", "+2h", "+3d", "+2w",
 * "+3mo", "+1y", "+3 days", "in 2 weeks", "in an hour" (days and longer
 * keep the wall-clock time; a month on from the 31st is the month's last
 * day), also followed by a time of day.  With LEADS_WHEN_PAST also
 * "-2h", "3 days ago", "yesterday".  *has_time (may be NULL) is 0 when
 * only a day was named (*t is its 00:00).  With LEADS_WHEN_FUTURE a time
 * before now (a day: before its end) is refused.  Errors are EUSAGE with
 * examples of valid input.
 */
#define LEADS_WHEN_FUTURE	0x1
#define LEADS_WHEN_PAST		0x2
int leads_when_parse(const char *s, int64_t now, const char *tz, int flags,
    int64_t *t, int *has_time, struct leads_err *err);

/* RFC 3339 in UTC: "2026-11-22T10:00:00Z"; buf of at least 32 bytes. */
char *leads_time_rfc3339(int64_t t, char *buf, size_t n);

/* ---- normalization (normalize.c) ---------------------------------------- */

/* Is s[0..n) valid UTF-8 with no NUL byte?  1 yes, 0 no. */
int leads_utf8_valid(const char *s, size_t n);

/*
 * Email: trimmed, lower-cased, "Name <a@b>" and "mailto:" unwrapped, then
 * checked for plausibility.  out gets at most n bytes.  0 or -1 (EDATA).
 */
int leads_norm_email(const char *in, char *out, size_t n,
    struct leads_err *err);

/*
 * Phone to E.164 ("+61391234567").  country is an ISO 3166 alpha-2 code
 * for numbers written without their country code; NULL or "" keeps such
 * numbers as bare national digits.  Extensions ("x12", "ext. 12") and
 * prefixes such as "tel:" and Meta's "p:" are dropped.  The number must
 * have 7 to 15 digits.  0 or -1 (EDATA).
 */
int leads_norm_phone(const char *in, const char *country, char *out,
    size_t n, struct leads_err *err);

/* Is cc a known ISO 3166 alpha-2 country (any case)?  1 yes, 0 no. */
int leads_country_valid(const char *cc);

/* Name: trimmed, inner runs of white space folded to one space. */
void leads_norm_name(const char *in, char *out, size_t n);

/*
 * A money amount: "5000", "5,000.50", "$5000", "EUR 1.200,00" is not
 * understood (use plain digits).  0 or -1 (EDATA).
 */
int leads_parse_value(const char *s, double *v, struct leads_err *err);

/* What a field name means, matched loosely (case, spaces, _ - . ignored). */
enum leads_field {
	LEADS_F_OTHER = 0,	/* no column of its own: kept as extra */
	LEADS_F_NAME,
	LEADS_F_FIRST_NAME,
	LEADS_F_LAST_NAME,
	LEADS_F_EMAIL,
	LEADS_F_EMAIL2,		/* work or secondary email: used if no email */
	LEADS_F_PHONE,
	LEADS_F_PHONE2,		/* mobile when phone is also given */
	LEADS_F_COMPANY,
	LEADS_F_SOURCE,
	LEADS_F_CREATED,
	LEADS_F_ID,
	LEADS_F_OWNER,
	LEADS_F_VALUE,
	LEADS_F_TZ,
	LEADS_F_NOTE,
	LEADS_F_COUNTRY
};
enum leads_field leads_field_match(const char *name);

/* ---- input records (input.c) -------------------------------------------- */

enum leads_format {
	LEADS_FMT_AUTO = 0,
	LEADS_FMT_CSV,
	LEADS_FMT_TSV,
	LEADS_FMT_JSONL,
	LEADS_FMT_KV,
	LEADS_FMT_MAIL		/* one raw mail message: one record */
};

/* "csv", "tsv", "jsonl", "kv", "mail" <-> enum; -1 / NULL when unknown. */
int leads_format_parse(const char *s);
const char *leads_format_name(enum leads_format f);

struct leads_reader;
struct leads_record;

/*
 * A streaming reader over fp (not closed by the reader); name is used in
 * messages ("-" or "<stdin>" for standard input).  fmt AUTO detects the
 * format from the first line.  encoding, if not NULL, is an iconv(3)
 * charset name to convert from ("WINDOWS-1252"); a UTF-16 byte-order mark
 * is always converted, a UTF-8 one skipped.  Memory is bounded by the
 * limits above, whatever the input size.  NULL on failure.
 * Free with leads_reader_free().
 */
struct leads_reader *leads_reader_new(FILE *fp, const char *name,
    enum leads_format fmt, const char *encoding, struct leads_err *err);
void leads_reader_free(struct leads_reader *r);

/*
 * The next record.  1: *rec is set.  0: end of input.  -1: error; if
 * err->code is LEADS_EDATA, that record was bad ("NAME:LINE: reason"),
 * *rec is set with its line and raw text (its fields may be incomplete)
 * and reading may go on; any other code is fatal.  The record belongs to
 * the reader until the next call.
 */
int leads_reader_next(struct leads_reader *r, struct leads_record **rec,
    struct leads_err *err);

/* The format in use (detected once the first record was read). */
enum leads_format leads_reader_format(const struct leads_reader *r);

/*
 * CSV and TSV: the raw header line with its line ending (for a rejects
 * file), NULL for the other formats or before the first record.
 */
const char *leads_reader_header(const struct leads_reader *r, size_t *len);

size_t leads_record_count(const struct leads_record *rec);
const char *leads_record_key(const struct leads_record *rec, size_t i);
const char *leads_record_value(const struct leads_record *rec, size_t i);
long leads_record_line(const struct leads_record *rec);
/* The record as it was in the input, after decoding, with its ending. */
const char *leads_record_raw(const struct leads_record *rec, size_t *len);

/*
 * A record made from n named values (for leads given as options); values
 * that are NULL are left out.  Its line is 0 and its raw text empty.
 * Free with leads_record_free().  NULL on failure.
 */
struct leads_record *leads_record_new(const char *const keys[],
    const char *const values[], size_t n, struct leads_err *err);
void leads_record_free(struct leads_record *rec);

/* ---- output (output.c) ------------------------------------------------- */

enum leads_ofmt { LEADS_OUT_TEXT, LEADS_OUT_TSV, LEADS_OUT_CSV, LEADS_OUT_JSON };
/* Cell types: how JSON writes a value (text formats write it as is). */
enum leads_cell { LEADS_CELL_STR, LEADS_CELL_INT, LEADS_CELL_NUM,
	LEADS_CELL_BOOL };

/* "text", "tsv", "csv", "json" (or "jsonl") -> enum; -1 when unknown. */
int leads_ofmt_parse(const char *s);

/*
 * Rows of ncols cells, formatted as text (aligned columns, kept until
 * leads_out_finish), TSV (tabs, newlines and backslashes escaped as \t
 * \n \\; header line), CSV (RFC 4180, CRLF, header line; a text cell
 * starting with = + - @ gets a leading ' so spreadsheets do not run it,
 * unless leads_out_csv_raw) or JSON Lines (one object per row, keys the
 * column names; NULL cells are null).  types may be NULL (all text).
 * Formatted output accumulates until taken.  Free with leads_out_free.
 */
struct leads_out;
struct leads_out *leads_out_new(enum leads_ofmt fmt, const char *const cols[],
    const int types[], size_t ncols, struct leads_err *err);
void leads_out_csv_raw(struct leads_out *o, int raw);
int leads_out_row(struct leads_out *o, const char *const vals[],
    struct leads_err *err);
/* Text only: render the kept rows, with a header line if header. */
int leads_out_finish(struct leads_out *o, int header, struct leads_err *err);
/* What is formatted so far (owned by o), and forget it. */
const char *leads_out_take(struct leads_out *o, size_t *len);
void leads_out_clear(struct leads_out *o);
void leads_out_free(struct leads_out *o);

/*
 * s with each byte that is not part of valid UTF-8 as U+FFFD (what the
 * writers above do to text that reached the database some other way),
 * to free(); NULL when out of memory.
 */
char *leads_utf8_mend(const char *s);

/* ---- the database (store.c) --------------------------------------------- */

struct leads_db;

#define LEADS_SCHEMA_VERSION 1

enum leads_open_flags {
	LEADS_OPEN_CREATE = 1,	/* create the file (and its directory) */
	LEADS_OPEN_READONLY = 2
};

/*
 * The database path: opt if given, else env_db ($LEADS_DB) if set and
 * not empty, else $XDG_DATA_HOME/leads/leads.db, else
 * $HOME/.local/share/leads/leads.db.  Returns a string to free(), or NULL.
 */
char *leads_db_path(const char *opt, const char *env_db,
    const char *xdg_data_home, const char *home, struct leads_err *err);

/*
 * Open (and with LEADS_OPEN_CREATE create: directory 0700, file 0600,
 * whatever the umask) and migrate the database.  A database of a newer
 * schema is refused untouched.  NULL on failure.
 */
struct leads_db *leads_db_open(const char *path, int flags,
    struct leads_err *err);
void leads_db_close(struct leads_db *db);

/* Writers take the write lock at once (BEGIN IMMEDIATE). */
int leads_db_begin(struct leads_db *db, struct leads_err *err);
int leads_db_commit(struct leads_db *db, struct leads_err *err);
void leads_db_rollback(struct leads_db *db);
/*
 * Bulk loading: while on, the events of new leads are written in groups
 * of several rows, at the latest by leads_db_commit(), and the page cache
 * (40 MiB) and the write-ahead log between checkpoints (64 MiB) are
 * larger.  Between begin and commit the caller then calls nothing but
 * leads_add().
 */
void leads_db_batch(struct leads_db *db, int on);
/* Copy the write-ahead log into the file and empty it: 0 or -1. */
int leads_db_checkpoint(struct leads_db *db, struct leads_err *err);

/* ---- adding leads (lead.c) ---------------------------------------------- */

struct leads_conf;

/* Defaults and context for turning input records into leads. */
struct leads_add_opts {
	const char *source;	/* default source */
	const char *owner;	/* default owner */
	const char *country;	/* default phone country */
	const char *tz;		/* zone for times without offset */
	int64_t now;		/* the clock */
	const char *actor;	/* who is acting */
	const struct leads_conf *conf;	/* cadences, owners; NULL: none */
};

/* A lead built from one record: normalized, validated, ready to store. */
struct leads_newlead;

/*
 * Build a lead from a record: fields matched, normalized and validated.
 * NULL with err (EDATA, "reason" without file and line) when the record
 * cannot be a lead.  Free with leads_newlead_free().
 */
struct leads_newlead *leads_newlead_from_record(
    const struct leads_record *rec, const struct leads_add_opts *o,
    struct leads_err *err);

void leads_newlead_free(struct leads_newlead *nl);

/*
 * Work out ahead what storing nl as a new lead needs from the record and
 * the cadences alone (where it enters its cadence, its event's text), so
 * that leads_add() has less to do: 0 or -1.  A reader thread may do this
 * while another stores the leads before it.
 */
int leads_newlead_prepare(struct leads_newlead *nl,
    const struct leads_add_opts *o, struct leads_err *err);

enum leads_add_result {
	LEADS_ADD_NEW,
	LEADS_ADD_REINQUIRY,
	LEADS_ADD_DUPLICATE,
	LEADS_ADD_UPDATED,
	LEADS_ADD_SUPPRESSED	/* a forgotten person: nothing stored */
};
const char *leads_add_result_name(enum leads_add_result r);

/*
 * Store a lead, deduplicating against existing ones (same external id and
 * source, else email, else phone).  Must be called inside
 * leads_db_begin()/leads_db_commit().  *id gets the lead's id.
 */
int leads_add(struct leads_db *db, const struct leads_newlead *nl,
    const struct leads_add_opts *o, int64_t *id,
    enum leads_add_result *res, struct leads_err *err);

/*
 * The leads a rep means by s: an id, an email, or a phone in any format
 * (national numbers in country).  Up to max distinct ids in ids, *n of
 * them: 0 none, more than one when s is unclear.  A lead merged into
 * another gives the one it was merged into.
 */
int leads_lookup(struct leads_db *db, const char *s, const char *country,
    int64_t *ids, size_t max, size_t *n, struct leads_err *err);

/* ---- cadence files (conf.c) --------------------------------------------- */

/*
 * A cadence file (leads-cadences(5)) is loaded strictly: unknown keys,
 * wrong types, undefined cadences, loops that never wait, anchors and
 * aliases and more than one document are errors with LEADS_ECONFIG and a
 * message "FILE:LINE:COLUMN: reason" pointing at the offending key or
 * value.  Files are limited to 1 MiB, 32 levels of nesting and 100000
 * nodes.  The model itself (struct leads_conf and friends) is internal to
 * libleads (conf.h); programs use the functions below.
 */
struct leads_conf;
struct leads_cadence;
struct leads_outcome;
struct leads_dur;

/* The built-in cadence file's text (examples/cadences.yaml), NUL-ended. */
extern const char leads_default_cadences[];

/*
 * Parse len bytes of buf as a cadence file; name is used in messages.
 * NULL on failure.  The result is freed with leads_conf_free().
 */
struct leads_conf *leads_conf_parse(const char *buf, size_t len,
    const char *name, struct leads_err *err);

/* Read and parse the file at path ("cannot open 'PATH': reason"). */
struct leads_conf *leads_conf_load(const char *path, struct leads_err *err);

/* The built-in cadence file, named "(built-in)" in messages. */
struct leads_conf *leads_conf_default(struct leads_err *err);

void leads_conf_free(struct leads_conf *c);

/*
 * A delay: a whole number 0..100000 followed at once by its unit, m
 * (minutes), h (hours), d (days), bd (business days) or w (weeks):
 * "0m", "10m", "2h", "3d", "1bd", "1w".  0 or -1 (EDATA).
 */
int leads_dur_parse(const char *s, struct leads_dur *d,
    struct leads_err *err);

/* A delay's fixed length in seconds (a day is 86400); -1 for bd. */
int64_t leads_dur_seconds(const struct leads_dur *d);

/* The cadence or outcome called name (owned by c), or NULL. */
const struct leads_cadence *leads_conf_cadence(const struct leads_conf *c,
    const char *name);
const struct leads_outcome *leads_conf_outcome(const struct leads_conf *c,
    const char *name);

/*
 * Channels (enum leads_channel in conf.h) and their names: "call",
 * "email", "sms", "mail", "task"; NULL or -1 when unknown.
 */
const char *leads_channel_name(int ch);
int leads_channel_parse(const char *s);

/*
 * The cadence a new lead enters, owned by c: the first entry rule all of
 * whose globs (fnmatch(3)) match the lead's fields, given as n pairs of
 * name and value (a NULL value is absent; an absent field matches no
 * glob); if no rule matches, or there are none, "new-lead" if defined,
 * else the file's first cadence.
 */
const char *leads_conf_entry_cadence(const struct leads_conf *c,
    const char *const fields[][2], size_t n);

/* ---- owners (owner.c) -------------------------------------------------- */

/*
 * Mark owner away until a moment (they get no new leads, and the backup
 * sees their due steps until then); until 0 clears it.  1 when something
 * changed, 0 when not, -1.  Call inside leads_db_begin()/commit().
 */
int leads_away_set(struct leads_db *db, const char *owner, int64_t until,
    struct leads_err *err);

struct leads_away_entry {
	char *owner;
	int64_t until;
	int in_file;		/* from the cadence file, not lead-away */
};

/* Owners away at now: the cadence file's first, then the database's. */
int leads_away_list(struct leads_db *db, const struct leads_conf *c,
    int64_t now, struct leads_away_entry **list, size_t *n,
    struct leads_err *err);
void leads_away_free(struct leads_away_entry *list, size_t n);

/* ---- what is due (due.c) ---------------------------------------------- */

/*
 * When the cadence file differs from the one the database last saw (by a
 * hash of its text, in meta), re-place every open lead as
 * leads-cadences(5) says under EDITING A CADENCE IN USE: by step id, else
 * position; a lead whose cadence is gone enters afresh.  Runs in the
 * caller's transaction, or takes the write lock itself only when there
 * is work.
 */
int leads_resync(struct leads_db *db, const struct leads_conf *c,
    int64_t now, struct leads_err *err);

struct leads_due_query {
	int64_t at;		/* due at or before this */
	const char *owner;	/* NULL: everyone's; else theirs (and, for
				   the backup, what it covers) */
	unsigned channels;	/* 1 << channel for each wanted; 0: all */
	long limit;		/* at most this many; 0: all */
	const char *once;	/* consumer of --once, or NULL */
};

/* One due step.  Strings are the item's (freed with it) or the conf's. */
struct leads_due_item {
	int64_t id, due_at, created, last_inquiry;
	int channel;		/* enum leads_channel */
	const char *cadence;	/* NULL: none */
	long step, steps;	/* 1-based, and the cadence's length */
	const char *note;	/* the step's note, or NULL */
	char *step_id;
	char *name, *email, *phone, *owner, *source;
	double value;		/* the lead's, else the file's default */
	int untouched;		/* no attempt since its last inquiry */
	int hot;		/* untouched and inside speed to lead */
	int booked;		/* a booked call */
	int escalated;		/* first touch overdue past escalate */
	int escalation_recorded;
	int away;		/* its owner is away */
	int for_backup;		/* the backup sees it too */
};

/*
 * The steps due at q->at (leads that are open, whose next step or booked
 * time has come), in the order people should work them: untouched leads
 * inside the speed-to-lead target, newest inquiry first; then the rest,
 * most overdue first; then by value, highest first.  *items (free with
 * leads_due_free) may be NULL when *n is 0.
 */
int leads_due_list(struct leads_db *db, const struct leads_conf *c,
    const struct leads_due_query *q, struct leads_due_item **items,
    size_t *n, struct leads_err *err);
void leads_due_free(struct leads_due_item *items, size_t n);

/*
 * After the list was delivered: remember it for q->once, and record each
 * escalation once (escalated_at and an "escalated" event).  Call inside
 * leads_db_begin()/leads_db_commit().
 */
int leads_due_record(struct leads_db *db, const struct leads_due_query *q,
    struct leads_due_item *items, size_t n, const char *actor,
    struct leads_err *err);

/* ---- what happened (outcome.c) ------------------------------------------ */

/* The usual reasons a lead is lost, NULL-terminated. */
extern const char *const leads_lost_reasons[];

/* One logged outcome (lead-log).  Strings borrowed; may be NULL. */
struct leads_log {
	const char *outcome;	/* a name the cadence file's outcomes know */
	int64_t at;		/* when it happened */
	int64_t next;		/* --next: book this time; 0: none */
	const char *reason;	/* --reason (lost needs one) */
	const char *note;
	const char *channel;	/* NULL: the outcome's, else the step's */
	int64_t fp;		/* a batch line's fingerprint; 0: none */
};

/* Where the lead stands after it. */
struct leads_logged {
	int duplicate;		/* this line was applied before: nothing done */
	int no_next;		/* a contact that booked no next step */
	char status[8];		/* active, won, lost, dnc */
	int64_t due_at;		/* its next step; 0: nothing due */
	int64_t booked_at;	/* a booked call; 0: none */
	char cadence[64];	/* "" when none */
	long step;		/* 1-based */
	char tz[64];		/* the lead's own zone, or "" */
};

/*
 * Apply an outcome to lead id as c's rules say: mark the step done and
 * place the next, book --next, switch cadence, close (won, lost: reason
 * required; do-not-contact for good), mark the phone wrong, or only
 * record a note; when the cadences run out, then: close makes the lead
 * lost ("no response").  One event appended.  Call inside
 * leads_db_begin()/commit().  Errors: EUSAGE (unknown outcome, a needed
 * --next or --reason missing, --next not later than at), ENOINPUT.
 */
int leads_log(struct leads_db *db, const struct leads_conf *c, int64_t id,
    const struct leads_log *l, int64_t now, const char *actor,
    struct leads_logged *res, struct leads_err *err);

/*
 * A call log's line as an outcome (calllog.c).  Columns are matched
 * loosely: the lead (id, email, phone, number, to, ...), time (time,
 * date, start, calldate, ...), outcome (outcome, result, disposition,
 * status), duration (duration, seconds; billsec or talk time preferred),
 * note, next, reason, channel.  A phone system's words map to outcomes:
 * answered by duration, no answer/missed/failed/busy/voicemail as said.
 * Without an outcome the duration decides: under LEADS_ANSWERED_SECS
 * no_answer, under LEADS_CONNECTED_SECS voicemail, else connected.
 */
#define LEADS_ANSWERED_SECS	10
#define LEADS_CONNECTED_SECS	60
struct leads_logline {
	const char *lead;	/* as given: id, email or phone */
	const char *next;	/* the next column, unparsed, or NULL */
	char outcome[64];
	struct leads_log log;	/* strings point into the record */
};
/* Times without an offset are local in tz.  0, or -1 (EDATA, "line N:"). */
int leads_logline(const struct leads_record *rec, const char *tz,
    int64_t now, struct leads_logline *ll, struct leads_err *err);
/* "75", "75s", "1:15", "0:01:15" as seconds: 0 or -1. */
int leads_duration_parse(const char *s, long *secs);
const char *leads_duration_outcome(long secs);

/* Lead id's status, due and booked times, cadence and step, into *res. */
int leads_lead_state(struct leads_db *db, int64_t id,
    struct leads_logged *res, struct leads_err *err);

/* The outcome names c knows, ", "-separated, into buf: 0, or -1 if short. */
int leads_outcome_list(const struct leads_conf *c, char *buf, size_t n);

/* ---- changing leads by hand (edit.c) ------------------------------------ */

/* The fields leads_set knows, NULL-terminated. */
extern const char *const leads_set_fields[];

/*
 * Set fields of lead id, n pairs of name and value ("" clears): owner,
 * value, tz, name, email, phone (normalized; one another lead has is
 * refused), company, source, status (active reopens the lead at the
 * start of its entry cadence; won, lost, dnc close it), reason (why it
 * was lost), cadence (the lead starts it at its first step).  All or
 * nothing, one "set" event.  Call inside leads_db_begin()/commit().
 */
int leads_set(struct leads_db *db, const struct leads_conf *c, int64_t id,
    const char *const fields[][2], size_t n, int64_t now, const char *actor,
    struct leads_err *err);

/*
 * Two records of one person become one: keep gets other's empty fields,
 * extra fields, email and phone (as "other email/phone" when it has its
 * own), and both records' attempts; do-not-contact on either holds for
 * both.  other is marked merged into keep: lookups of it lead to keep,
 * and its events stay, shown with keep's.  Call inside a transaction.
 */
int leads_merge(struct leads_db *db, int64_t keep, int64_t other,
    int64_t now, const char *actor, struct leads_err *err);

/*
 * Erase a person's data (lead id and the records merged into it): name,
 * email, phone, company, external id, extra fields, and the notes and
 * personal fields of their events; the events themselves stay for the
 * reports.  Keyed hashes of their addresses and numbers are kept, so
 * that lead-add turns them away if they come in again.  An open lead
 * becomes do-not-contact.  Call inside a transaction; afterwards,
 * leads_db_checkpoint() clears the old pages from the write-ahead log.
 */
int leads_forget(struct leads_db *db, int64_t id, int64_t now,
    const char *actor, struct leads_err *err);

/*
 * Fold every lead's events again and compare with its row: *ndiff leads
 * differ, *report (free()) names them and their columns ("lead 3: due_at,
 * step; lead 9: owner"), NULL when none.  fix: write the folded rows.
 */
int leads_rebuild(struct leads_db *db, int fix, size_t *ndiff,
    char **report, struct leads_err *err);

struct leads_step;

/* Why a lead is, or is not, due at a moment (lead-due --explain). */
struct leads_explain {
	struct leads_due_item item;	/* as the due list would show it */
	char status[16];		/* active, won, lost, dnc */
	int has_due;			/* it has a next step at all */
	int64_t booked_at, last_touch, attempts;
	char lead_tz[64];		/* its own zone, or "" */
	const char *tz;			/* the zone its steps fall in */
	const struct leads_step *stepdef;	/* its next step, or NULL */
	int64_t base, raw, due;		/* the delay ran from base ... */
	int why;			/* enum leads_shift_why */
	int64_t away_until;
};
int leads_due_explain(struct leads_db *db, const struct leads_conf *c,
    int64_t id, int64_t at, struct leads_explain *x, struct leads_err *err);
void leads_explain_free(struct leads_explain *x);

/* ---- reading leads (query.c) ------------------------------------------- */

/*
 * A lead as stored.  Strings are NULL when the field is empty; times are
 * seconds since the epoch, 0 when there is none.  Everything belongs to
 * the cursor it came from, valid until its next call or close.
 */
struct leads_lead {
	int64_t id;
	const char *status;	/* active, waiting, won, lost, dnc */
	const char *name, *email, *phone, *company, *source, *owner;
	int phone_bad;		/* the phone is a wrong number */
	int has_value;		/* value is set */
	double value;
	const char *tz;		/* its own zone, or NULL */
	const char *cadence;	/* NULL: none */
	long step;		/* its next step, 1-based; 0 without cadence */
	int64_t due_at;		/* its next step */
	int64_t booked_at;	/* a call booked with it */
	int64_t created, last_inquiry;
	int64_t attempts;	/* times someone tried to reach it */
	int64_t first_attempt, first_contact, last_touch, closed_at;
	const char *lost_reason;
	const char *extra;	/* JSON object of the fields with no column */
};

/* One event of a lead's history; strings NULL when empty. */
struct leads_history_event {
	int64_t lead_id;	/* the lead, or a record merged into it */
	int64_t at;
	const char *kind;	/* added, logged, set, merged, ... */
	const char *outcome, *channel, *note, *actor;
};

/* The statuses a query knows, NULL-terminated. */
extern const char *const leads_statuses[];

/*
 * Which leads: all filters ANDed, NULL or 0 matching any lead.  A lead
 * is "waiting" when it is active with a call booked after now, and
 * "active" only when it is not waiting.  Leads merged into another are
 * never listed, but id finds any lead.
 */
struct leads_query {
	int64_t now;		/* the clock, for waiting */
	int64_t id;		/* only this lead (other filters unused) */
	const char *status;	/* one of leads_statuses */
	const char *source, *owner, *cadence;	/* exact */
	int64_t since;		/* created at or after */
	const char *search;	/* in name, email, phone or company: a
				   substring, ASCII case ignored */
	long limit;		/* at most this many */
};

/* Is q valid?  0, or -1 (EUSAGE: an unknown status, naming the valid). */
int leads_query_check(const struct leads_query *q, struct leads_err *err);

/*
 * A cursor over the leads q selects, in id order, read as they are
 * stepped.  The strings of q need not outlive the call.  Close with
 * leads_cursor_close().
 */
struct leads_cursor;
int leads_query_open(struct leads_db *db, const struct leads_query *q,
    struct leads_cursor **cur, struct leads_err *err);
/* The next lead: 1 and *lead set (owned by cur), 0 at the end, -1. */
int leads_query_next(struct leads_cursor *cur, const struct leads_lead **lead,
    struct leads_err *err);

/*
 * A cursor over the events of lead id and of the records merged into it,
 * by time, then in the order they were written.  Close with
 * leads_cursor_close().
 */
int leads_history_open(struct leads_db *db, int64_t id,
    struct leads_cursor **cur, struct leads_err *err);
/* The next event: 1 and *ev set (owned by cur), 0 at the end, -1. */
int leads_history_next(struct leads_cursor *cur,
    const struct leads_history_event **ev, struct leads_err *err);

void leads_cursor_close(struct leads_cursor *cur);

/* ---- reports (report.c) ------------------------------------------------ */

/* Groups: none, source, owner, cadence, month, week (leads_report_bys). */
enum {
	LEADS_BY_NONE, LEADS_BY_SOURCE, LEADS_BY_OWNER, LEADS_BY_CADENCE,
	LEADS_BY_MONTH, LEADS_BY_WEEK
};
extern const char *const leads_report_bys[];

/* Sections, bit i named by leads_report_sections[i]. */
enum {
	LEADS_SEC_SPEED = 1, LEADS_SEC_LEAK = 2, LEADS_SEC_PERSISTENCE = 4,
	LEADS_SEC_OUTCOMES = 8, LEADS_SEC_BACKLOG = 16, LEADS_SEC_FUNNEL = 32,
	LEADS_SEC_ALL = 63
};
extern const char *const leads_report_sections[];

struct leads_report_opts {
	int64_t now;		/* the clock: what is due, overdue */
	int64_t since, until;	/* leads whose inquiry is in [since, until) */
	int by;			/* LEADS_BY_*: rows per group too */
	unsigned sections;	/* LEADS_SEC_* */
};

/* A figure: NULL (none, e.g. the median of nothing), integer, real, text. */
enum { LEADS_V_NULL, LEADS_V_INT, LEADS_V_REAL, LEADS_V_TEXT };
struct leads_value {
	int type;
	int64_t i;
	double d;
	const char *s;
};

/* What a column holds, for showing it. */
enum {
	LEADS_K_LABEL,		/* text: a group, a name */
	LEADS_K_COUNT,		/* a number of leads */
	LEADS_K_SECONDS,	/* a duration */
	LEADS_K_RATE,		/* a fraction, 0 to 1 */
	LEADS_K_MONEY		/* a sum of lead values */
};
struct leads_rcol {
	const char *name;	/* snake_case, as in JSON */
	int kind;
};

struct leads_table {
	const char *section;	/* the section it belongs to */
	const char *title;	/* for people */
	const struct leads_rcol *cols;
	size_t ncols;
	struct leads_value *v;	/* nrows rows of ncols, row after row */
	size_t nrows;
};

struct leads_report {
	struct leads_table *tables;
	size_t ntables;
};

/*
 * The figures of the sections asked for, as tables (see lead-report(1)
 * for what each means), in one read transaction.  Free with
 * leads_report_free().  0 or -1.
 */
int leads_report_run(struct leads_db *db, const struct leads_conf *c,
    const struct leads_report_opts *o, struct leads_report **rep,
    struct leads_err *err);
void leads_report_free(struct leads_report *rep);

/*
 * The report as one self-contained HTML page (inline CSS and SVG charts,
 * no script, nothing fetched), under the line period (e.g. the dates it
 * covers).  free() it; NULL on memory.
 */
char *leads_report_html(const struct leads_report *rep, const char *period,
    struct leads_err *err);

#endif
