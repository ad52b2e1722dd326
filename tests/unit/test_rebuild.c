/*
 * Unit test of leads_rebuild() (event.c), as a property: whatever a few
 * hundred random operations do to the leads (add, re-inquire, the same
 * record again, log outcomes, set fields, merge, forget, the due list
 * with its escalations, an edited cadence file and leads_resync), folding
 * every lead's events again gives its row, column for column.  Operations
 * the library refuses must write nothing.  Along the way, and at the end,
 * facts about the leads are checked too (results of adds, statuses after
 * outcomes, attempts as the touch events, what a forget leaves).  A
 * negative control changes rows behind the events' back and checks that
 * the rebuild names exactly those leads and columns, and that fix=1
 * restores them.
 *
 * The operations come from a seeded PRNG: the same seed, the same run.
 * LEADS_TEST_SEED=N runs another seed; LEADS_TEST_TRACE=1 prints every
 * operation.  A failure names the seed, the operation and, for a rebuild
 * difference, the stored and the folded values and the operations that
 * touched the lead.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "leads.h"
#include "store.h"

#define SEED		42
#define NOPS		400	/* operations of the property test */
#define CHECK_EVERY	50	/* a rebuild check after this many */
#define NOPS_TAMPER	80	/* operations before the negative control */
#define MAXPEOPLE	(NOPS + 16)
#define MAXF		12	/* fields in one record */
#define MAXFPS		1024	/* fingerprints of logged lines kept */
#define TRACE_LEN	200

/* A record as the test built it, to send again as is. */
struct rec {
	size_t n;
	const char *k[MAXF];
	char v[MAXF][96];
};

/* Someone who asked: what identifies them, and where they went. */
struct person {
	char email[64];		/* "" none */
	char phone[32];		/* as typed, "" none */
	char name[48];
	char ext[16];		/* an external id, "" none */
	int64_t lead;		/* the lead their last record went to */
	int64_t fp_on;		/* the lead that holds their last record's fp */
	int forgotten;		/* lead-forget erased them */
	struct rec last;	/* their last record */
};

struct trace {
	int op;
	int64_t a, b;		/* the leads it was about (0: none) */
	char text[TRACE_LEN];
};

struct t {
	struct leads_db *db;
	struct leads_conf *conf;	/* the cadence file in use: one of */
	struct leads_conf *confs[2];	/* the built-in one, and an edit */
	char path[1024];
	uint64_t seed, rng;
	int64_t now;
	int op;
	int phones;		/* numbers handed out */
	struct person *people;
	size_t npeople;
	struct { int64_t lead, fp; } fps[MAXFPS];
	size_t nfps;
	struct trace *trace;
	size_t ntrace, maxtrace;
	int verbose;
	/* what happened, so that the test can say it covered it */
	int n_new, n_reinq, n_dup, n_suppressed, n_logged, n_logdup, n_set;
	int n_merged, n_forgotten, n_refused, n_escalated, n_resynced;
	int n_moved;		/* addresses moved from a merged record */
};

/* ---- helpers ------------------------------------------------------------ */

#define FAIL(t, ...) fail_at((t), __LINE__, __VA_ARGS__)

static void fail_at(struct t *t, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

static void
fail_at(struct t *t, int line, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_msg("seed %" PRIu64 ", operation %d (line %d): %s", t->seed,
	    t->op, line, msg);
	abort();	/* not reached: fail_msg jumps out */
}

/* xorshift64*: small, and the same everywhere. */
static uint64_t
rnd(struct t *t)
{
	t->rng ^= t->rng >> 12;
	t->rng ^= t->rng << 25;
	t->rng ^= t->rng >> 27;
	return t->rng * 2685821657736338717ULL;
}

/* A number in [lo, hi]. */
static int64_t
between(struct t *t, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd(t) % (uint64_t)(hi - lo + 1));
}

/* True pct times in a hundred. */
static int
chance(struct t *t, int pct)
{
	return between(t, 0, 99) < pct;
}

static const char *
pick(struct t *t, const char *const *v, size_t n)
{
	return v[between(t, 0, (int64_t)n - 1)];
}
#define PICK(t, a) pick((t), (a), sizeof(a) / sizeof((a)[0]))

static void
tracef(struct t *t, int64_t a, int64_t b, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
tracef(struct t *t, int64_t a, int64_t b, const char *fmt, ...)
{
	struct trace *e;
	va_list ap;

	if (t->ntrace == t->maxtrace)
		return;
	e = &t->trace[t->ntrace++];
	e->op = t->op;
	e->a = a;
	e->b = b;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	if (t->verbose)
		fprintf(stderr, "# op %d now=%" PRId64 ": %s\n", t->op,
		    t->now, e->text);
}

/* The first column of the first row of sql (?1 = arg), 0 when none. */
static int64_t
q1(struct t *t, const char *sql, int64_t arg)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int rc;

	if (sqlite3_prepare_v2(t->db->sq, sql, -1, &st, NULL) != SQLITE_OK)
		FAIL(t, "%s: %s", sql, sqlite3_errmsg(t->db->sq));
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, arg);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		FAIL(t, "%s: %s", sql, sqlite3_errstr(rc));
	return v;
}

/* Column col of lead id as text into buf ("NULL" when null). */
static const char *
col_text(struct t *t, int64_t id, const char *col, char *buf, size_t n)
{
	char sql[128];
	sqlite3_stmt *st;

	snprintf(sql, sizeof(sql), "SELECT %s FROM leads WHERE id = ?1", col);
	if (sqlite3_prepare_v2(t->db->sq, sql, -1, &st, NULL) != SQLITE_OK)
		FAIL(t, "%s: %s", sql, sqlite3_errmsg(t->db->sq));
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		FAIL(t, "no lead %" PRId64, id);
	}
	snprintf(buf, n, "%s", sqlite3_column_type(st, 0) == SQLITE_NULL ?
	    "NULL" : (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

static int64_t
nevents(struct t *t)
{
	return q1(t, "SELECT count(*) FROM events", 0);
}

/* The lead id stands for: merged_into followed. */
static int64_t
resolve(struct t *t, int64_t id)
{
	int64_t into;
	int hops;

	for (hops = 0; hops < 100; hops++) {
		if ((into = q1(t, "SELECT merged_into FROM leads WHERE id = ?1",
		    id)) == 0)
			return id;
		id = into;
	}
	FAIL(t, "lead %" PRId64 ": merged in a loop", id);
}

/* A random lead not merged into another, 0 when there is none. */
static int64_t
some_lead(struct t *t)
{
	int64_t n = q1(t, "SELECT count(*) FROM leads WHERE merged_into IS"
	    " NULL", 0);

	if (n == 0)
		return 0;
	return q1(t, "SELECT id FROM leads WHERE merged_into IS NULL"
	    " ORDER BY id LIMIT 1 OFFSET ?1", between(t, 0, n - 1));
}

/* Was lead id forgotten? */
static int
is_forgotten(struct t *t, int64_t id)
{
	return q1(t, "SELECT count(*) FROM events WHERE lead_id = ?1 AND"
	    " kind = 'forgotten'", id) != 0;
}

/* A random lead merged into another, 0 when there is none. */
static int64_t
some_merged_lead(struct t *t)
{
	int64_t n = q1(t, "SELECT count(*) FROM leads WHERE merged_into IS"
	    " NOT NULL", 0);

	if (n == 0)
		return 0;
	return q1(t, "SELECT id FROM leads WHERE merged_into IS NOT NULL"
	    " ORDER BY id LIMIT 1 OFFSET ?1", between(t, 0, n - 1));
}

static void warn_at(struct t *t, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
warn_at(struct t *t, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "# seed %" PRIu64 " (line %d): %s\n", t->seed, line,
	    msg);
}

static void
begin(struct t *t)
{
	struct leads_err err;

	memset(&err, 0, sizeof(err));
	if (leads_db_begin(t->db, &err) == -1)
		FAIL(t, "begin: %s", err.msg);
}

static void
commit(struct t *t)
{
	struct leads_err err;

	memset(&err, 0, sizeof(err));
	if (leads_db_commit(t->db, &err) == -1)
		FAIL(t, "commit: %s", err.msg);
}

/*
 * The library refused (as it should, or as it may): -1, a message, and
 * nothing written.  The transaction is rolled back (it holds nothing).
 */
static void
refused(struct t *t, const char *what, int rc, const struct leads_err *err,
    int64_t before)
{
	int64_t after = nevents(t);

	if (rc != -1)
		FAIL(t, "%s: accepted, but should be refused", what);
	if (err->msg[0] == '\0')
		FAIL(t, "%s: refused without a message", what);
	if (after != before)
		FAIL(t, "%s: refused (%s), but %" PRId64 " events written",
		    what, err->msg, after - before);
	leads_db_rollback(t->db);
	t->n_refused++;
	tracef(t, 0, 0, "%s: refused: %s", what, err->msg);
}

static void
accepted(struct t *t, const char *what, int rc, const struct leads_err *err)
{
	if (rc != 0)
		FAIL(t, "%s: refused: %s (code %d)", what, err->msg, err->code);
}

static void
time_str(int64_t at, char *buf, size_t n)
{
	char tmp[32];

	snprintf(buf, n, "%s", leads_time_rfc3339(at, tmp, sizeof(tmp)));
}

/* ---- the rebuild check --------------------------------------------------- */

/* Every column of lead id, as text, into cols[] and vals[]. */
static int
snapshot(struct t *t, int64_t id, char cols[][32], char vals[][128],
    int max)
{
	sqlite3_stmt *st;
	int i, n = 0;

	if (sqlite3_prepare_v2(t->db->sq, "SELECT * FROM leads WHERE id = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < sqlite3_column_count(st) && i < max; i++) {
			snprintf(cols[i], 32, "%s", sqlite3_column_name(st, i));
			snprintf(vals[i], 128, "%s",
			    sqlite3_column_type(st, i) == SQLITE_NULL ? "NULL" :
			    (const char *)sqlite3_column_text(st, i));
			n = i + 1;
		}
	sqlite3_finalize(st);
	return n;
}

/*
 * Say what differs: for the leads the report names, the stored and the
 * folded values (a rebuild with fix=1 inside a transaction that is rolled
 * back) and the operations that touched them.
 */
static void
explain(struct t *t, const char *report)
{
	char before[64][32], bv[64][128], after[64][32], av[64][128];
	const char *p = report;
	int64_t ids[8], id;
	size_t nids = 0, i, k, nd;
	struct leads_err err;
	char *rep2 = NULL;
	int nb, na, c;

	while (nids < 8 && (p = strstr(p, "lead ")) != NULL) {
		if (sscanf(p, "lead %" SCNd64, &id) == 1)
			ids[nids++] = id;
		p += 5;
	}
	for (i = 0; i < nids; i++) {
		nb = snapshot(t, ids[i], before, bv, 64);
		memset(&err, 0, sizeof(err));
		if (leads_db_begin(t->db, &err) == -1)
			return;
		if (leads_rebuild(t->db, 1, &nd, &rep2, &err) == -1)
			fprintf(stderr, "# rebuild fix: %s\n", err.msg);
		free(rep2);
		rep2 = NULL;
		na = snapshot(t, ids[i], after, av, 64);
		leads_db_rollback(t->db);
		fprintf(stderr, "# lead %" PRId64 " (merged into %" PRId64 "):"
		    " column: stored -> folded from events\n", ids[i],
		    q1(t, "SELECT merged_into FROM leads WHERE id = ?1",
		    ids[i]));
		for (c = 0; c < nb && c < na; c++)
			if (strcmp(bv[c], av[c]) != 0)
				fprintf(stderr, "#   %s: %s -> %s\n", before[c],
				    bv[c], av[c]);
		fprintf(stderr, "# operations on lead %" PRId64 ":\n", ids[i]);
		for (k = 0; k < t->ntrace; k++)
			if (t->trace[k].a == ids[i] || t->trace[k].b == ids[i])
				fprintf(stderr, "#   op %d: %s\n",
				    t->trace[k].op, t->trace[k].text);
	}
}

/* leads_rebuild(fix=0) finds every row as its events say. */
static void
check_rebuild(struct t *t, const char *when)
{
	struct leads_err err;
	char *report = NULL;
	size_t ndiff = 99;

	memset(&err, 0, sizeof(err));
	if (leads_rebuild(t->db, 0, &ndiff, &report, &err) == -1)
		FAIL(t, "%s: rebuild: %s", when, err.msg);
	if (ndiff != 0 || report != NULL) {
		explain(t, report != NULL ? report : "");
		FAIL(t, "%s: rebuild from events differs in %zu leads: %s",
		    when, ndiff, report != NULL ? report : "(no report)");
	}
}

/* ---- adding ------------------------------------------------------------- */

static void
rec_add(struct rec *r, const char *k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
rec_add(struct rec *r, const char *k, const char *fmt, ...)
{
	va_list ap;

	assert_true(r->n < MAXF);
	r->k[r->n] = k;
	va_start(ap, fmt);
	vsnprintf(r->v[r->n], sizeof(r->v[r->n]), fmt, ap);
	va_end(ap);
	r->n++;
}

static void
new_phone(struct t *t, char *buf, size_t n)
{
	int k = ++t->phones;

	/* Written several ways: the library makes them E.164. */
	switch (k % 3) {
	case 0:
		snprintf(buf, n, "+44 20 7946 %04d", k);
		break;
	case 1:
		snprintf(buf, n, "+61 3 9123 %04d", k);
		break;
	default:
		snprintf(buf, n, "+1 (212) 555-%04d", k);
		break;
	}
}

/* Send r for person p; returns the result and the lead in *id. */
static enum leads_add_result
add_record(struct t *t, struct person *p, const struct rec *r, int64_t *id,
    int64_t *written)
{
	static const char *const sources[] = { "web", "google-ads", "facebook",
	    "referral" };
	const char *vals[MAXF];
	struct leads_add_opts o;
	struct leads_record *rec;
	struct leads_newlead *nl;
	struct leads_err err;
	enum leads_add_result res;
	int64_t before;
	size_t i;

	memset(&err, 0, sizeof(err));
	memset(&o, 0, sizeof(o));
	o.source = PICK(t, sources);
	o.now = t->now;
	o.actor = "test";
	o.conf = t->conf;
	for (i = 0; i < r->n; i++)
		vals[i] = r->v[i];
	if ((rec = leads_record_new(r->k, vals, r->n, &err)) == NULL)
		FAIL(t, "leads_record_new: %s", err.msg);
	if ((nl = leads_newlead_from_record(rec, &o, &err)) == NULL)
		FAIL(t, "record of %s: %s", p->name, err.msg);
	begin(t);
	before = nevents(t);
	*id = 0;
	if (leads_add(t->db, nl, &o, id, &res, &err) == -1)
		FAIL(t, "leads_add for %s: %s", p->name, err.msg);
	*written = nevents(t) - before;
	commit(t);
	leads_newlead_free(nl);
	leads_record_free(rec);
	return res;
}

static void
op_new(struct t *t)
{
	static const char *const owners[] = { "alice", "bob" };
	struct person *p;
	struct rec r;
	enum leads_add_result res;
	int64_t id, written;
	char buf[32];
	size_t i = t->npeople;

	if (i == MAXPEOPLE)
		return;
	p = &t->people[t->npeople++];
	memset(p, 0, sizeof(*p));
	memset(&r, 0, sizeof(r));
	snprintf(p->name, sizeof(p->name), "Person %zu", i);
	if (chance(t, 85))
		snprintf(p->email, sizeof(p->email), "Person.%zu@Example.com",
		    i);
	if (p->email[0] == '\0' || chance(t, 70))
		new_phone(t, p->phone, sizeof(p->phone));
	rec_add(&r, "name", "%s", p->name);
	if (p->email[0] != '\0')
		rec_add(&r, "email", "%s", p->email);
	if (p->phone[0] != '\0')
		rec_add(&r, "phone", "%s", p->phone);
	if (chance(t, 50))
		rec_add(&r, "source", "%s", chance(t, 50) ? "google-ads" :
		    "website");
	if (chance(t, 40))
		rec_add(&r, "value", "%d", (int)between(t, 5, 200) * 100);
	if (chance(t, 50)) {
		time_str(t->now - between(t, 0, 3 * 86400), buf, sizeof(buf));
		rec_add(&r, "created", "%s", buf);
	}
	if (chance(t, 20))
		rec_add(&r, "owner", "%s", PICK(t, owners));
	if (chance(t, 30))
		rec_add(&r, "company", "Firm %zu", i % 17);
	if (chance(t, 20))
		rec_add(&r, "utm_campaign", "spring-%zu", i % 5);
	if (chance(t, 20))
		rec_add(&r, "note", "wants a call back about %zu", i);
	if (chance(t, 20)) {
		snprintf(p->ext, sizeof(p->ext), "L-%zu", 9000 + i);
		rec_add(&r, "lead id", "%s", p->ext);
	}
	res = add_record(t, p, &r, &id, &written);
	tracef(t, id, 0, "add new %s <%s> %s: %s", p->name, p->email,
	    p->phone, leads_add_result_name(res));
	if (res != LEADS_ADD_NEW || written != 1)
		FAIL(t, "new person %s: %s with %" PRId64 " events, want new"
		    " with 1", p->name, leads_add_result_name(res), written);
	p->lead = p->fp_on = id;
	p->last = r;
	t->n_new++;
}

/* A random person who asked before, or NULL. */
static struct person *
some_person(struct t *t)
{
	if (t->npeople == 0)
		return NULL;
	return &t->people[between(t, 0, (int64_t)t->npeople - 1)];
}

/* Check the result of a record for p that is not new. */
static void
check_again(struct t *t, struct person *p, enum leads_add_result res,
    int64_t id, int64_t written, int exact)
{
	const char *kind = exact ? "the same record" : "a re-inquiry";

	if (p->forgotten) {
		if (res != LEADS_ADD_SUPPRESSED || written != 0)
			FAIL(t, "%s of forgotten %s: %s with %" PRId64
			    " events, want suppressed with 0", kind, p->name,
			    leads_add_result_name(res), written);
		t->n_suppressed++;
		return;
	}
	if (res == LEADS_ADD_NEW || res == LEADS_ADD_SUPPRESSED)
		FAIL(t, "%s of %s (lead %" PRId64 "): %s", kind, p->name,
		    p->lead, leads_add_result_name(res));
	if (id != resolve(t, p->lead))
		FAIL(t, "%s of %s went to lead %" PRId64 ", not %" PRId64,
		    kind, p->name, id, resolve(t, p->lead));
	if ((res == LEADS_ADD_DUPLICATE) != (written == 0))
		FAIL(t, "%s of %s: %s with %" PRId64 " events", kind, p->name,
		    leads_add_result_name(res), written);
	if (!exact && res != LEADS_ADD_REINQUIRY)
		FAIL(t, "re-inquiry of %s, later than any before: %s",
		    p->name, leads_add_result_name(res));
	/*
	 * The very same record again changes nothing, also when the lead
	 * it was stored on has been merged into another since.
	 */
	if (exact && res != LEADS_ADD_DUPLICATE)
		FAIL(t, "the same record of %s again (first on lead %" PRId64
		    ", now lead %" PRId64 "): %s, want duplicate", p->name,
		    p->fp_on, id, leads_add_result_name(res));
	if (res == LEADS_ADD_DUPLICATE)
		t->n_dup++;
	else
		p->fp_on = id;
	if (!exact && res == LEADS_ADD_REINQUIRY &&
	    q1(t, "SELECT last_inquiry FROM leads WHERE id = ?1", id) !=
	    t->now)
		FAIL(t, "re-inquiry of lead %" PRId64 ": last_inquiry is not"
		    " its created time", id);
	p->lead = id;
}

static void
op_reinquiry(struct t *t)
{
	struct person *p = some_person(t);
	enum leads_add_result res;
	struct rec r;
	int64_t id, written;
	char buf[32], phone[32];

	if (p == NULL)
		return;
	memset(&r, 0, sizeof(r));
	rec_add(&r, "full name", "%s", p->name);
	if (p->email[0] != '\0') {
		rec_add(&r, "email", "%s", p->email);
		if (chance(t, 40)) {
			new_phone(t, phone, sizeof(phone));
			rec_add(&r, "phone", "%s", phone);
		}
	} else
		rec_add(&r, "phone", "%s", p->phone);
	if (p->ext[0] != '\0' && chance(t, 70))
		rec_add(&r, "lead id", "%s", p->ext);
	time_str(t->now, buf, sizeof(buf));
	rec_add(&r, "created", "%s", buf);
	if (chance(t, 30))
		rec_add(&r, "value", "%d", (int)between(t, 5, 200) * 100);
	if (chance(t, 30))
		rec_add(&r, "message", "asked again at op %d", t->op);
	res = add_record(t, p, &r, &id, &written);
	tracef(t, id, p->lead, "re-inquiry of %s (lead %" PRId64 "): %s",
	    p->name, p->lead, leads_add_result_name(res));
	check_again(t, p, res, id, written, 0);
	p->last = r;
	t->n_reinq++;
}

static void
op_duplicate(struct t *t)
{
	struct person *p = some_person(t);
	enum leads_add_result res;
	int64_t id, written;

	if (p == NULL || p->last.n == 0)
		return;
	res = add_record(t, p, &p->last, &id, &written);
	tracef(t, id, p->lead, "same record of %s again (lead %" PRId64
	    "): %s", p->name, p->lead, leads_add_result_name(res));
	check_again(t, p, res, id, written, 1);
}

/* ---- logging outcomes ---------------------------------------------------- */

static const char *const outcomes[] = {
	"no_answer", "voicemail", "busy", "emailed", "mailed", "texted",
	"connected", "meeting", "quote_sent", "not_now", "won", "lost",
	"wrong_number", "do_not_contact", "note"
};

static int
is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Does the outcome count as an attempt (touch > 0)? */
static int
touches(const char *o)
{
	return !is(o, "lost") && !is(o, "wrong_number") &&
	    !is(o, "do_not_contact") && !is(o, "note");
}

static int64_t
known_fp(struct t *t, int64_t lead)
{
	size_t i, n = 0;
	int64_t fp = 0;

	for (i = 0; i < t->nfps; i++)
		if (t->fps[i].lead == lead && (n++ == 0 || chance(t, 50)))
			fp = t->fps[i].fp;
	return fp;
}

static void
op_log(struct t *t)
{
	const char *o = PICK(t, outcomes);
	int closing = is(o, "won") || is(o, "lost") ||
	    is(o, "do_not_contact") || is(o, "wrong_number") || is(o, "note");
	int booking = is(o, "meeting") || is(o, "not_now");
	struct leads_logged res;
	struct leads_err err;
	struct leads_log l;
	int64_t id, before, att, written, fp_dup = 0;
	char status[16], what[160], tmp[32];
	int bad = 0, rc;

	memset(&l, 0, sizeof(l));
	memset(&err, 0, sizeof(err));
	if (chance(t, 2)) {
		id = 1000000 + t->op;	/* no such lead */
		bad = 1;
	} else if ((id = some_lead(t)) == 0)
		return;
	else if (is_forgotten(t, id))
		bad = 1;	/* nothing more is recorded of them */
	l.outcome = o;
	l.at = chance(t, 70) ? t->now : t->now - between(t, 300, 2 * 86400);
	if (booking ? chance(t, 90) : is(o, "connected") ? chance(t, 30) :
	    chance(t, 5)) {
		l.next = l.at + between(t, 3600, 14 * 86400);
		if (chance(t, 3)) {
			l.next = l.at - between(t, 0, 3600);
			bad = 1;	/* not later than at */
		}
	}
	if (booking && l.next == 0)
		bad = 1;	/* --next needed */
	if (closing && l.next != 0)
		bad = 1;	/* --next does not go with it */
	if (is(o, "lost")) {
		if (chance(t, 90))
			l.reason = leads_lost_reasons[between(t, 0, 6)];
		else
			bad = 1;	/* --reason needed */
	} else if (chance(t, 5))
		l.reason = "because";
	if (chance(t, 50))
		l.note = chance(t, 50) ? "spoke briefly" : "left a message";
	if (chance(t, 10))
		l.channel = "sms";
	else if (chance(t, 2)) {
		l.channel = "fax";
		bad = 1;
	}
	if (chance(t, 40))
		l.fp = (int64_t)(rnd(t) | 1);
	else if (!bad && chance(t, 25) && (fp_dup = known_fp(t, id)) != 0)
		l.fp = fp_dup;
	snprintf(what, sizeof(what), "log %s on lead %" PRId64 " at -%" PRId64
	    "s%s%s%s%s%s%s", o, id, t->now - l.at, l.next ? " next " : "",
	    l.next ? leads_time_rfc3339(l.next, tmp, sizeof(tmp)) : "",
	    l.reason ? " reason " : "", l.reason ? l.reason : "",
	    l.channel ? " channel " : "", l.channel ? l.channel : "");
	begin(t);
	before = nevents(t);
	if (!bad)
		col_text(t, id, "status", status, sizeof(status));
	att = bad ? 0 : q1(t, "SELECT attempts FROM leads WHERE id = ?1", id);
	rc = leads_log(t->db, t->conf, id, &l, t->now, "test", &res, &err);
	if (bad) {
		refused(t, what, rc, &err, before);
		return;
	}
	accepted(t, what, rc, &err);
	written = nevents(t) - before;
	commit(t);
	tracef(t, id, 0, "%s: %s%s", what, res.duplicate ? "duplicate" :
	    res.status, fp_dup != 0 ? " (fp again)" : "");
	if (fp_dup != 0 && !res.duplicate)
		FAIL(t, "%s: a line logged before was applied again", what);
	if (res.duplicate) {
		if (written != 0)
			FAIL(t, "%s: duplicate, but %" PRId64 " events", what,
			    written);
		t->n_logdup++;
		return;
	}
	if (written != 1)
		FAIL(t, "%s: %" PRId64 " events, want 1", what, written);
	if (q1(t, "SELECT attempts FROM leads WHERE id = ?1", id) !=
	    att + touches(o))
		FAIL(t, "%s: attempts %" PRId64 " -> %" PRId64, what, att,
		    q1(t, "SELECT attempts FROM leads WHERE id = ?1", id));
	if (is(o, "won") && !is(res.status, "won"))
		FAIL(t, "%s: status %s", what, res.status);
	if (is(o, "lost") && !is(res.status, is(status, "dnc") ? "dnc" :
	    "lost"))
		FAIL(t, "%s: status %s, was %s", what, res.status, status);
	if (is(o, "do_not_contact") && !is(res.status, "dnc"))
		FAIL(t, "%s: status %s", what, res.status);
	if (is(o, "wrong_number") &&
	    q1(t, "SELECT phone_bad FROM leads WHERE id = ?1", id) != 1)
		FAIL(t, "%s: phone_bad not set", what);
	/* A booked call on an open lead (a lost one who talks opens). */
	if (booking && (is(status, "active") || is(status, "lost")) &&
	    (!is(res.status, "active") || res.booked_at != l.next))
		FAIL(t, "%s: was %s, now %s booked at %" PRId64 ", want"
		    " active booked at %" PRId64, what, status, res.status,
		    res.booked_at, l.next);
	if (l.fp != 0 && t->nfps < MAXFPS) {
		t->fps[t->nfps].lead = id;
		t->fps[t->nfps++].fp = l.fp;
	}
	t->n_logged++;
}

/* ---- setting fields ----------------------------------------------------- */

/*
 * Lead-set changed an email (or phone) from was to now: the person who
 * is known by it is known by the new one, and their last record names
 * them no more (sent again, it would be someone new).
 */
static void
moved(struct t *t, const char *was, const char *now, int email)
{
	struct leads_err err;
	char norm[64];
	size_t i;

	for (i = 0; i < t->npeople; i++) {
		struct person *p = &t->people[i];
		const char *mine = email ? p->email : p->phone;

		/* A phone identifies only who gave no email. */
		if (*mine == '\0' || (!email && p->email[0] != '\0'))
			continue;
		if ((email ? leads_norm_email(mine, norm, sizeof(norm), &err) :
		    leads_norm_phone(mine, NULL, norm, sizeof(norm), &err)) ==
		    -1)
			FAIL(t, "%s: %s", mine, err.msg);
		if (!is(norm, was))
			continue;
		if (email)
			snprintf(p->email, sizeof(p->email), "%s", now);
		else
			snprintf(p->phone, sizeof(p->phone), "%s", now);
		p->last.n = 0;
	}
}

static void
op_set(struct t *t)
{
	static const char *const owners[] = { "alice", "bob", "carol", "" };
	static const char *const values[] = { "2500", "12000.50", "" };
	static const char *const statuses[] = { "active", "active", "won",
	    "lost", "lost", "dnc" };
	static const char *const cadences[] = { "nurture", "new-lead",
	    "after-quote" };
	const char *f[6][2], *status = NULL, *cadence = NULL;
	char name[48], email[64], phone[32], was[16], what[256], got[64];
	char old_email[64] = "", old_phone[32] = "";
	struct leads_err err;
	int64_t id, before, written, other;
	size_t n = 0, i, want = (size_t)between(t, 1, 3), nev = 1;
	int bad = 0, mover = 0, rc;

	memset(&err, 0, sizeof(err));
	if (chance(t, 1)) {
		id = 2000000 + t->op;
		bad = 1;
	} else if (chance(t, 10) && (id = q1(t, "SELECT k.id FROM leads k"
	    " JOIN leads l ON l.merged_into = k.id WHERE k.merged_into IS"
	    " NULL AND l.email IS NOT NULL ORDER BY k.id DESC LIMIT 1", 0)) !=
	    0)
		mover = 1;	/* a lead that may take a merged address */
	else if ((id = some_lead(t)) == 0)
		return;
	while (n < want) {
		static const char *const kinds[] = { "owner", "owner",
		    "value", "name", "status", "status", "cadence", "tz",
		    "reason", "email", "phone" };
		size_t kind = mover && n == 0 ? 9 : (size_t)between(t, 0, 10);
		for (i = 0; i < n; i++)
			if (is(f[i][0], kinds[kind]))
				break;
		if (i < n)
			continue;	/* each field once */
		switch (kind) {
		case 0:
		case 1:
			f[n][0] = "owner";
			f[n][1] = PICK(t, owners);
			break;
		case 2:
			f[n][0] = "value";
			f[n][1] = PICK(t, values);
			break;
		case 3:
			snprintf(name, sizeof(name), "Renamed %d", t->op);
			f[n][0] = "name";
			f[n][1] = name;
			break;
		case 4:
		case 5:
			if (status != NULL)
				continue;
			f[n][0] = "status";
			f[n][1] = status = chance(t, 3) ? "waiting" :
			    PICK(t, statuses);
			if (is(status, "waiting"))
				bad = 1;
			break;
		case 6:
			if (cadence != NULL)
				continue;
			f[n][0] = "cadence";
			f[n][1] = cadence = chance(t, 3) ? "bogus" :
			    PICK(t, cadences);
			if (is(cadence, "bogus"))
				bad = 1;
			break;
		case 7:
			f[n][0] = "tz";
			f[n][1] = chance(t, 5) ? "Mars/Olympus_Mons" :
			    "Europe/London";
			if (is(f[n][1], "Mars/Olympus_Mons"))
				bad = 1;
			break;
		case 8:
			f[n][0] = "reason";
			f[n][1] = "cheaper quote";
			break;
		case 9:
			f[n][0] = "email";
			f[n][1] = email;
			/* A record merged into it has one: the address moves. */
			if (chance(t, 70) && (other = q1(t, "SELECT id FROM"
			    " leads WHERE merged_into = ?1 AND email IS NOT"
			    " NULL LIMIT 1", id)) != 0) {
				col_text(t, other, "email", email,
				    sizeof(email));
				nev++;	/* a set event on it too */
				t->n_moved++;
				break;
			}
			if (chance(t, 50)) {
				/* A new address: the person's from now on. */
				snprintf(email, sizeof(email), "Moved.%d@"
				    "Example.org", t->op);
				break;
			}
			if ((other = some_lead(t)) == 0 || other == id ||
			    q1(t, "SELECT email IS NULL FROM leads WHERE"
			    " id = ?1", other))
				continue;
			/* Another lead's address: refused. */
			col_text(t, other, "email", email, sizeof(email));
			bad = 1;
			break;
		default:
			new_phone(t, phone, sizeof(phone));
			f[n][0] = "phone";
			f[n][1] = phone;
			break;
		}
		n++;
	}
	begin(t);
	before = nevents(t);
	if (!bad) {
		col_text(t, id, "email", old_email, sizeof(old_email));
		col_text(t, id, "phone", old_phone, sizeof(old_phone));
		col_text(t, id, "status", was, sizeof(was));
		/* Only a lead active afterwards starts a cadence. */
		if (cadence != NULL && !is(status != NULL ? status : was,
		    "active"))
			bad = 1;
		/* Nothing of a forgotten person can be set again. */
		if (is_forgotten(t, id))
			bad = 1;
		/* A reason is why a lead was lost: only for a lost one. */
		for (i = 0; i < n; i++)
			if (is(f[i][0], "reason") && !is(status != NULL ?
			    status : was, "lost"))
				bad = 1;
		/* The same status again changes nothing: no event. */
		if (n == 1 && status != NULL && is(status, was))
			nev = 0;
	}
	snprintf(what, sizeof(what), "set on lead %" PRId64 ":", id);
	for (i = 0; i < n; i++)
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
		    " %s=%s", f[i][0], f[i][1]);
	rc = leads_set(t->db, t->conf, id, f, n, t->now, "test", &err);
	/* A lead no step can reach (no email, a wrong phone) takes none. */
	if (!bad && rc == -1 && cadence != NULL &&
	    strstr(err.msg, "has no step") != NULL)
		bad = 1;
	if (bad) {
		refused(t, what, rc, &err, before);
		return;
	}
	accepted(t, what, rc, &err);
	written = nevents(t) - before;
	commit(t);
	tracef(t, id, 0, "%s", what);
	if (written != (int64_t)nev)
		FAIL(t, "%s: %" PRId64 " events, want %zu", what, written,
		    nev);
	for (i = 0; i < n; i++) {
		if (is(f[i][0], "owner") || is(f[i][0], "status") ||
		    is(f[i][0], "tz")) {
			col_text(t, id, f[i][0], got, sizeof(got));
			if (!is(got, *f[i][1] != '\0' ? f[i][1] : "NULL"))
				FAIL(t, "%s: %s is %s", what, f[i][0], got);
		}
		/* Whose address or number it was, theirs it is now. */
		if (is(f[i][0], "email"))
			moved(t, old_email, f[i][1], 1);
		if (is(f[i][0], "phone"))
			moved(t, old_phone, f[i][1], 0);
	}
	t->n_set++;
}

/* ---- merging and forgetting --------------------------------------------- */

static void
op_merge(struct t *t)
{
	struct leads_err err;
	int64_t keep, other, before, written, ka, oa;
	char what[96], ks[16], os[16], got[16];
	int bad = 0, rc;

	memset(&err, 0, sizeof(err));
	if ((keep = some_lead(t)) == 0)
		return;
	if (chance(t, 5)) {
		other = keep;
		bad = 1;
	} else if (chance(t, 10) && (other = some_merged_lead(t)) != 0) {
		if (chance(t, 50)) {	/* either side merged already */
			other = keep;
			keep = q1(t, "SELECT id FROM leads WHERE merged_into"
			    " IS NOT NULL ORDER BY id LIMIT 1", 0);
		}
		bad = 1;
	} else if ((other = some_lead(t)) == keep)
		return;
	/* A forgotten person's record is tied to no one. */
	if (is_forgotten(t, keep) || is_forgotten(t, other))
		bad = 1;
	snprintf(what, sizeof(what), "merge lead %" PRId64 " into lead %"
	    PRId64, other, keep);
	begin(t);
	before = nevents(t);
	ka = q1(t, "SELECT attempts FROM leads WHERE id = ?1", keep);
	oa = q1(t, "SELECT attempts FROM leads WHERE id = ?1", other);
	if (!bad) {
		col_text(t, keep, "status", ks, sizeof(ks));
		col_text(t, other, "status", os, sizeof(os));
	}
	rc = leads_merge(t->db, keep, other, t->now, "test", &err);
	if (bad) {
		refused(t, what, rc, &err, before);
		return;
	}
	accepted(t, what, rc, &err);
	written = nevents(t) - before;
	commit(t);
	tracef(t, keep, other, "%s", what);
	if (written != 2)
		FAIL(t, "%s: %" PRId64 " events, want 2", what, written);
	if (q1(t, "SELECT merged_into FROM leads WHERE id = ?1", other) !=
	    keep)
		FAIL(t, "%s: not marked merged", what);
	if (q1(t, "SELECT attempts FROM leads WHERE id = ?1", keep) != ka + oa)
		FAIL(t, "%s: attempts %" PRId64 " + %" PRId64 " became %"
		    PRId64, what, ka, oa,
		    q1(t, "SELECT attempts FROM leads WHERE id = ?1", keep));
	if (is(os, "dnc") && !is(col_text(t, keep, "status", got,
	    sizeof(got)), "dnc"))
		FAIL(t, "%s: do-not-contact was not kept (%s)", what, got);
	t->n_merged++;
}

static const char tree_sql[] = "WITH RECURSIVE p(id) AS (SELECT ?1 UNION"
    " SELECT l.id FROM leads l JOIN p ON l.merged_into = p.id) ";

static void
op_forget(struct t *t)
{
	struct leads_err err;
	int64_t id, before, written, tree, active, dnc, left;
	char what[64];
	size_t i;

	memset(&err, 0, sizeof(err));
	if ((id = some_lead(t)) == 0)
		return;
	snprintf(what, sizeof(what), "forget lead %" PRId64, id);
	begin(t);
	before = nevents(t);
	{
		char sql[512];
		snprintf(sql, sizeof(sql), "%sSELECT count(*) FROM p", tree_sql);
		tree = q1(t, sql, id);
		snprintf(sql, sizeof(sql), "%sSELECT count(*) FROM leads JOIN p"
		    " USING (id) WHERE status = 'active'", tree_sql);
		active = q1(t, sql, id);
	}
	dnc = q1(t, "SELECT count(*) FROM leads WHERE status = 'dnc'", 0);
	if (is_forgotten(t, id))
		tree = active = 0;	/* once is enough: nothing to do */
	accepted(t, what, leads_forget(t->db, id, t->now, "test", &err), &err);
	written = nevents(t) - before;
	commit(t);
	tracef(t, id, 0, "%s (%" PRId64 " records, %" PRId64 " open)", what,
	    tree, active);
	if (written != tree)
		FAIL(t, "%s: %" PRId64 " events, want one for each of its %"
		    PRId64 " records", what, written, tree);
	/* Every open record of the person is do-not-contact now. */
	if (q1(t, "SELECT count(*) FROM leads WHERE status = 'dnc'", 0) !=
	    dnc + active)
		FAIL(t, "%s: %" PRId64 " do-not-contact leads, want %" PRId64,
		    what, q1(t, "SELECT count(*) FROM leads WHERE status ="
		    " 'dnc'", 0), dnc + active);
	{
		char sql[512];
		snprintf(sql, sizeof(sql), "%sSELECT count(*) FROM leads JOIN p"
		    " USING (id) WHERE name IS NOT NULL OR email IS NOT NULL"
		    " OR phone IS NOT NULL OR company IS NOT NULL OR extra IS"
		    " NOT NULL OR status = 'active'", tree_sql);
		if ((left = q1(t, sql, id)) != 0)
			FAIL(t, "%s: %" PRId64 " records keep personal data"
			    " or stay open", what, left);
		snprintf(sql, sizeof(sql), "%sSELECT count(*) FROM events"
		    " WHERE lead_id IN p AND note IS NOT NULL", tree_sql);
		if ((left = q1(t, sql, id)) != 0)
			FAIL(t, "%s: %" PRId64 " events keep their note", what,
			    left);
	}
	for (i = 0; i < t->npeople; i++)
		if (!t->people[i].forgotten && resolve(t, t->people[i].lead) ==
		    id)
			t->people[i].forgotten = 1;
	t->n_forgotten++;
}

/* ---- the due list, and an edited cadence file -------------------------- */

/* lead-due: the list at now, and its escalations recorded. */
static void
op_due(struct t *t)
{
	struct leads_due_query q;
	struct leads_due_item *items = NULL;
	struct leads_err err;
	int64_t before, written;
	size_t n = 0, i, todo = 0;

	memset(&q, 0, sizeof(q));
	memset(&err, 0, sizeof(err));
	q.at = t->now;
	if (chance(t, 30))
		q.once = "robot";
	if (leads_due_list(t->db, t->conf, &q, &items, &n, &err) == -1)
		FAIL(t, "due list: %s", err.msg);
	for (i = 0; i < n; i++) {
		if (items[i].escalated && !items[i].escalation_recorded)
			todo++;
		/* A record merged away is never due: its lead is. */
		if (q1(t, "SELECT merged_into FROM leads WHERE id = ?1",
		    items[i].id) != 0)
			FAIL(t, "lead %" PRId64 ", merged into lead %"
			    PRId64 ", is in the due list", items[i].id,
			    q1(t, "SELECT merged_into FROM leads WHERE id = ?1",
			    items[i].id));
	}
	begin(t);
	before = nevents(t);
	if (leads_due_record(t->db, &q, items, n, "test", &err) == -1)
		FAIL(t, "due record: %s", err.msg);
	written = nevents(t) - before;
	commit(t);
	for (i = 0; i < n; i++)
		if (items[i].escalated)
			tracef(t, items[i].id, 0, "due list: escalated");
	tracef(t, 0, 0, "due list: %zu due, %zu escalated", n, todo);
	leads_due_free(items, n);
	if (written != (int64_t)todo)
		FAIL(t, "due list: %" PRId64 " events for %zu escalations",
		    written, todo);
	t->n_escalated += (int)todo;
}

/*
 * The cadence file is edited (or the edit undone): every open lead is
 * placed again, as lead-due and the others do before their work.
 */
static void
op_resync(struct t *t)
{
	struct leads_err err;
	int64_t before, written;

	memset(&err, 0, sizeof(err));
	t->conf = t->conf == t->confs[0] ? t->confs[1] : t->confs[0];
	begin(t);
	before = nevents(t);
	if (leads_resync(t->db, t->conf, t->now, &err) == -1)
		FAIL(t, "resync: %s", err.msg);
	written = nevents(t) - before;
	commit(t);
	tracef(t, 0, 0, "cadence file %s: %" PRId64 " leads placed again",
	    t->conf == t->confs[0] ? "restored" : "edited", written);
	t->n_resynced += (int)written;
}

/* The built-in cadence file with a step dropped and delays changed. */
static struct leads_conf *
edited_conf(struct leads_err *err)
{
	static const char *const edits[][2] = {
		{ "      - { id: note-by-post,", "      # - { id: note-by-post," },
		{ "channel: call, after: 2h,", "channel: call, after: 3h," },
		{ "after: 30d,", "after: 21d," },
		{ "      - { id: quote-email,", "      # - { id: quote-email," },
	};
	size_t len = strlen(leads_default_cadences), i, n;
	struct leads_conf *c;
	char *buf, *p;

	if ((buf = malloc(len + 64)) == NULL)
		return NULL;
	memcpy(buf, leads_default_cadences, len + 1);
	for (i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		if ((p = strstr(buf, edits[i][0])) == NULL) {
			fprintf(stderr, "# the built-in cadence file has no"
			    " '%s' to edit\n", edits[i][0]);
			continue;
		}
		n = strlen(edits[i][0]);
		memmove(p + strlen(edits[i][1]), p + n, strlen(p + n) + 1);
		memcpy(p, edits[i][1], strlen(edits[i][1]));
	}
	c = leads_conf_parse(buf, strlen(buf), "(edited)", err);
	free(buf);
	return c;
}

/* ---- the run ------------------------------------------------------------ */

static void
run(struct t *t, int nops, int check_every)
{
	int r;

	for (t->op = 1; t->op <= nops; t->op++) {
		/* The clock moves on: minutes, hours, now and then days. */
		r = (int)between(t, 0, 99);
		t->now += r < 60 ? between(t, 60, 7200) : r < 90 ?
		    between(t, 3600, 12 * 3600) : between(t, 86400, 4 * 86400);
		r = (int)between(t, 0, 99);
		if (r < 18 || t->npeople < 3)
			op_new(t);
		else if (r < 28)
			op_reinquiry(t);
		else if (r < 35)
			op_duplicate(t);
		else if (r < 74)
			op_log(t);
		else if (r < 87)
			op_set(t);
		else if (r < 93)
			op_merge(t);
		else if (r < 95)
			op_forget(t);
		else if (r < 98)
			op_due(t);
		else
			op_resync(t);
		if (check_every > 0 && t->op % check_every == 0)
			check_rebuild(t, "after a batch");
	}
	t->op = nops;
}

static int
setup(void **state)
{
	struct leads_err err;
	struct t *t;
	const char *s;
	int fd;

	memset(&err, 0, sizeof(err));
	/* Times of day in UTC, whatever the machine's zone. */
	setenv("TZ", "UTC", 1);
	tzset();
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return -1;
	t->seed = SEED;
	if ((s = getenv("LEADS_TEST_SEED")) != NULL && *s != '\0')
		t->seed = strtoull(s, NULL, 10);
	t->rng = t->seed * 0x9E3779B97F4A7C15ULL + 1;
	t->verbose = getenv("LEADS_TEST_TRACE") != NULL;
	t->people = calloc(MAXPEOPLE, sizeof(*t->people));
	t->maxtrace = NOPS + 64;
	t->trace = calloc(t->maxtrace, sizeof(*t->trace));
	s = getenv("TMPDIR");
	snprintf(t->path, sizeof(t->path), "%s/test_rebuild.XXXXXX",
	    s != NULL && *s != '\0' ? s : "/tmp");
	if (t->people == NULL || t->trace == NULL ||
	    (fd = mkstemp(t->path)) == -1) {
		free(t->people);
		free(t->trace);
		free(t);
		return -1;
	}
	close(fd);
	*state = t;
	if ((t->db = leads_db_open(t->path, LEADS_OPEN_CREATE, &err)) == NULL) {
		fprintf(stderr, "# %s\n", err.msg);
		return -1;
	}
	if ((t->conf = t->confs[0] = leads_conf_default(&err)) == NULL ||
	    (t->confs[1] = edited_conf(&err)) == NULL) {
		fprintf(stderr, "# %s\n", err.msg);
		return -1;
	}
	/* Monday 2 March 2026, 08:00 UTC. */
	if (leads_time_parse("2026-03-02T08:00:00Z", NULL, &t->now, &err) ==
	    -1) {
		fprintf(stderr, "# %s\n", err.msg);
		return -1;
	}
	/* As every command does first: the database learns the file. */
	if (leads_resync(t->db, t->conf, t->now, &err) == -1) {
		fprintf(stderr, "# %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	struct t *t = *state;
	char side[1040];

	if (t == NULL)
		return 0;
	leads_db_close(t->db);
	leads_conf_free(t->confs[0]);
	leads_conf_free(t->confs[1]);
	unlink(t->path);
	snprintf(side, sizeof(side), "%s-wal", t->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", t->path);
	unlink(side);
	free(t->people);
	free(t->trace);
	free(t);
	return 0;
}

/* ---- the tests ---------------------------------------------------------- */

/* The property: after every batch and at the end, rows are their events. */
static void
test_rebuild_random(void **state)
{
	struct t *t = *state;
	char cover[512];
	int64_t n;

	run(t, NOPS, CHECK_EVERY);
	check_rebuild(t, "at the end");

	/* The run did what it set out to do (other seeds: a warning). */
	snprintf(cover, sizeof(cover), "%d new, %d re-inquiries, %d"
	    " duplicates, %d suppressed, %d logged, %d logged twice, %d set,"
	    " %d merged, %d forgotten, %d escalated, %d placed again by"
	    " resync, %d moved from a merged record, %d refused", t->n_new, t->n_reinq, t->n_dup,
	    t->n_suppressed, t->n_logged, t->n_logdup, t->n_set, t->n_merged,
	    t->n_forgotten, t->n_escalated, t->n_resynced, t->n_moved,
	    t->n_refused);
	if (t->n_new < 40 || t->n_reinq < 10 || t->n_dup < 5 ||
	    t->n_logged < 80 || t->n_logdup < 1 || t->n_set < 20 ||
	    t->n_merged < 5 || t->n_forgotten < 2 || t->n_suppressed < 1 ||
	    t->n_escalated < 1 || t->n_resynced < 1 || t->n_moved < 1 ||
	    t->n_refused < 10) {
		if (t->seed == SEED)
			FAIL(t, "too little covered: %s", cover);
		warn_at(t, __LINE__, "too little covered: %s", cover);
	}
	if (t->verbose)
		fprintf(stderr, "# %s\n", cover);

	/*
	 * Attempts are the person's touches: a lead's own touch events and
	 * those of every record merged into it (outcomes are only ever
	 * logged on leads not merged).
	 */
	n = q1(t, "WITH RECURSIVE tree(root, id) AS"
	    " (SELECT id, id FROM leads WHERE merged_into IS NULL"
	    "  UNION ALL SELECT tree.root, l.id FROM leads l"
	    "  JOIN tree ON l.merged_into = tree.id)"
	    " SELECT count(*) FROM leads r WHERE r.merged_into IS NULL AND"
	    " r.attempts != (SELECT count(*) FROM events e JOIN tree"
	    " ON e.lead_id = tree.id WHERE tree.root = r.id AND e.touch > 0)",
	    0);
	if (n != 0)
		FAIL(t, "%" PRId64 " leads whose attempts are not their touch"
		    " events", n);
	/* And last_touch the latest of them, first_attempt the earliest. */
	n = q1(t, "WITH RECURSIVE tree(root, id) AS"
	    " (SELECT id, id FROM leads WHERE merged_into IS NULL"
	    "  UNION ALL SELECT tree.root, l.id FROM leads l"
	    "  JOIN tree ON l.merged_into = tree.id)"
	    " SELECT count(*) FROM leads r WHERE r.merged_into IS NULL AND"
	    " (r.last_touch IS NOT (SELECT max(e.at) FROM events e JOIN tree"
	    " ON e.lead_id = tree.id WHERE tree.root = r.id AND e.touch > 0)"
	    " OR r.first_attempt IS NOT (SELECT min(e.at) FROM events e"
	    " JOIN tree ON e.lead_id = tree.id WHERE tree.root = r.id AND"
	    " e.touch > 0))", 0);
	if (n != 0)
		FAIL(t, "%" PRId64 " leads whose first_attempt or last_touch"
		    " are not their touch events'", n);
	/* A lead merged into another has nothing due of its own. */
	n = q1(t, "SELECT count(*) FROM leads WHERE merged_into IS NOT NULL"
	    " AND (due_at IS NOT NULL OR booked_at IS NOT NULL"
	    " OR cadence IS NOT NULL)", 0);
	if (n != 0)
		FAIL(t, "%" PRId64 " leads merged into another have a due"
		    " time or cadence", n);
	/* Every lead has its added event first. */
	n = q1(t, "SELECT count(*) FROM leads l WHERE (SELECT kind FROM"
	    " events e WHERE e.lead_id = l.id ORDER BY id LIMIT 1)"
	    " IS NOT 'added'", 0);
	if (n != 0)
		FAIL(t, "%" PRId64 " leads whose first event is not 'added'",
		    n);
}

/* The lead at position k of those with something due, not merged. */
static int64_t
due_lead(struct t *t, int64_t k)
{
	return q1(t, "SELECT id FROM leads WHERE due_at IS NOT NULL AND"
	    " merged_into IS NULL ORDER BY id LIMIT 1 OFFSET ?1", k);
}

/*
 * The negative control: rows changed behind the events' back are found,
 * exactly those leads and columns, and fix=1 puts them back.
 */
static void
test_rebuild_tamper(void **state)
{
	struct t *t = *state;
	struct leads_err err;
	char *report = NULL, want[256], owner[64], owner2[64];
	int64_t a, b, due, att, ndue;
	size_t ndiff = 0;

	memset(&err, 0, sizeof(err));
	run(t, NOPS_TAMPER, 0);
	check_rebuild(t, "before tampering");
	ndue = q1(t, "SELECT count(*) FROM leads WHERE due_at IS NOT NULL AND"
	    " merged_into IS NULL", 0);
	assert_true(ndue >= 1);
	a = due_lead(t, ndue / 3);
	/* b: another lead, the last after a if there is one. */
	b = q1(t, "SELECT id FROM leads WHERE id != ?1 AND merged_into IS NULL"
	    " ORDER BY id > ?1 DESC, id DESC LIMIT 1", a);
	assert_true(b > 0);
	due = q1(t, "SELECT due_at FROM leads WHERE id = ?1", a);
	att = q1(t, "SELECT attempts FROM leads WHERE id = ?1", b);
	col_text(t, a, "owner", owner, sizeof(owner));

	/* Lead a: its due time and owner; lead b: its attempts. */
	assert_int_equal(sqlite3_exec(t->db->sq, "BEGIN", NULL, NULL, NULL),
	    SQLITE_OK);
	{
		char sql[256];
		snprintf(sql, sizeof(sql), "UPDATE leads SET due_at = due_at"
		    " + 60, owner = 'mallory' WHERE id = %" PRId64 ";"
		    " UPDATE leads SET attempts = attempts + 1 WHERE id = %"
		    PRId64, a, b);
		assert_int_equal(sqlite3_exec(t->db->sq, sql, NULL, NULL,
		    NULL), SQLITE_OK);
	}
	assert_int_equal(sqlite3_exec(t->db->sq, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	if (a < b)
		snprintf(want, sizeof(want), "lead %" PRId64 ": owner, due_at;"
		    " lead %" PRId64 ": attempts", a, b);
	else
		snprintf(want, sizeof(want), "lead %" PRId64 ": attempts;"
		    " lead %" PRId64 ": owner, due_at", b, a);

	if (leads_rebuild(t->db, 0, &ndiff, &report, &err) == -1)
		FAIL(t, "rebuild: %s", err.msg);
	if (ndiff != 2 || report == NULL || strcmp(report, want) != 0)
		FAIL(t, "tampered rows: %zu leads differ (%s), want 2 (%s)",
		    ndiff, report != NULL ? report : "no report", want);
	free(report);
	report = NULL;
	/* Checking wrote nothing. */
	assert_int_equal(q1(t, "SELECT due_at FROM leads WHERE id = ?1", a),
	    due + 60);

	begin(t);
	if (leads_rebuild(t->db, 1, &ndiff, &report, &err) == -1)
		FAIL(t, "rebuild fix: %s", err.msg);
	commit(t);
	if (ndiff != 2 || report == NULL || strcmp(report, want) != 0)
		FAIL(t, "fixing: %zu leads differ (%s), want 2 (%s)", ndiff,
		    report != NULL ? report : "no report", want);
	free(report);
	report = NULL;
	check_rebuild(t, "after the fix");
	assert_int_equal(q1(t, "SELECT due_at FROM leads WHERE id = ?1", a),
	    due);
	assert_int_equal(q1(t, "SELECT attempts FROM leads WHERE id = ?1", b),
	    att);
	assert_string_equal(col_text(t, a, "owner", owner2, sizeof(owner2)),
	    owner);

	/* An event that says something else is found the same way. */
	{
		char sql[256];
		snprintf(sql, sizeof(sql), "UPDATE events SET touch = 1 WHERE"
		    " id = (SELECT max(id) FROM events WHERE lead_id = %" PRId64
		    " AND touch = 0)", a);
		assert_int_equal(sqlite3_exec(t->db->sq, sql, NULL, NULL,
		    NULL), SQLITE_OK);
	}
	if (leads_rebuild(t->db, 0, &ndiff, &report, &err) == -1)
		FAIL(t, "rebuild: %s", err.msg);
	snprintf(want, sizeof(want), "lead %" PRId64 ": ", a);
	if (ndiff != 1 || report == NULL ||
	    strncmp(report, want, strlen(want)) != 0 ||
	    strchr(report, ';') != NULL || strstr(report, "attempts") == NULL)
		FAIL(t, "an event made a touch: %zu leads differ (%s), want"
		    " lead %" PRId64 "'s attempts", ndiff,
		    report != NULL ? report : "no report", a);
	free(report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rebuild_random, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rebuild_tamper, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
