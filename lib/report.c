/*
 * report.c - where leads leak: the figures of lead-report, as tables.
 *
 * Everything comes from the aggregates on the lead rows (first attempt,
 * first contact, attempts, closed at), which the transaction that appends
 * each event keeps, and which lead-rebuild proves against the events.
 * One scan of the leads in the period gives the counts; the medians and
 * 90th percentiles take one more scan per measure with the leads sorted
 * by it (SQLite's sorter), picking the ranks as they pass.  Memory grows
 * with the number of groups, days and zones, never with leads.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "conf.h"
#include "internal.h"
#include "store.h"

#define STALL	86400	/* open, next step overdue this long: stopped */
#define LATE	3600	/* a due step this late is overdue */
#define NBUCKET	8	/* attempts 1, 2, ... 8+ */

const char *const leads_report_sections[] = {
	"speed", "leak", "persistence", "outcomes", "backlog", "funnel", NULL
};
const char *const leads_report_bys[] = {
	"none", "source", "owner", "cadence", "month", "week", NULL
};

static const int64_t within[4] = { 300, 900, 3600, 86400 };

/* ---- a string map: key to index ---------------------------------------- */

struct smap {
	char **key;		/* by index */
	size_t n, cap;
	size_t *slot;		/* index + 1, 0: empty; size a power of 2 */
	size_t nslot;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The index of s, added if new: >= 0, or -1 out of memory. */
static long
smap_get(struct smap *m, const char *s)
{
	size_t i, j, k, *ns, nn;
	char **nk;

	if (m->n * 2 >= m->nslot) {
		nn = m->nslot ? m->nslot * 2 : 64;
		if ((ns = calloc(nn, sizeof(*ns))) == NULL)
			return -1;
		for (i = 0; i < m->n; i++) {
			for (j = hash(m->key[i]) & (nn - 1); ns[j] != 0;
			    j = (j + 1) & (nn - 1))
				;
			ns[j] = i + 1;
		}
		free(m->slot);
		m->slot = ns;
		m->nslot = nn;
	}
	for (j = hash(s) & (m->nslot - 1); (k = m->slot[j]) != 0;
	    j = (j + 1) & (m->nslot - 1))
		if (strcmp(m->key[k - 1], s) == 0)
			return (long)(k - 1);
	if (m->n == m->cap) {
		nn = m->cap ? m->cap * 2 : 16;
		if ((nk = realloc(m->key, nn * sizeof(*nk))) == NULL)
			return -1;
		m->key = nk;
		m->cap = nn;
	}
	if ((m->key[m->n] = strdup(s)) == NULL)
		return -1;
	m->slot[j] = m->n + 1;
	return (long)m->n++;
}

static void
smap_free(struct smap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->key[i]);
	free(m->key);
	free(m->slot);
}

/*
 * Room for item i in p, an array of *cap items of size bytes, the new
 * ones zeroed: the array (perhaps moved), or NULL (p is left as it was).
 */
static void *
grow(void *p, size_t *cap, size_t i, size_t size)
{
	size_t nc = *cap ? *cap : 16;
	char *np;

	if (i < *cap)
		return p;
	while (nc <= i)
		nc *= 2;
	if ((np = realloc(p, nc * size)) == NULL)
		return NULL;
	memset(np + *cap * size, 0, (nc - *cap) * size);
	*cap = nc;
	return np;
}

/* An order of n names: indexes 0..n-1, sorted from "from" on by name. */
static size_t *
by_name(char *const *name, size_t n, size_t from)
{
	size_t *ix, i, j, t;

	if ((ix = malloc((n + 1) * sizeof(*ix))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		ix[i] = i;
	/* Insertion sort: groups are few. */
	for (i = from + 1; i < n; i++)
		for (j = i; j > from && strcmp(name[ix[j - 1]],
		    name[ix[j]]) > 0; j--) {
			t = ix[j];
			ix[j] = ix[j - 1];
			ix[j - 1] = t;
		}
	return ix;
}

/* ---- days as a zone sees them, cached ---------------------------------- */

struct daycache {
	struct leads_dayview *v;	/* open addressing on (zone, day) */
	int *zone;			/* the zone index of each slot + 1 */
	size_t n, nslot;
	struct smap zones;		/* "" is the file's zone */
};

static const struct leads_dayview *
dayview(struct daycache *dc, const struct leads_conf *c, const char *tz,
    int64_t t)
{
	int64_t day = (t >= 0 ? t : t - 86399) / 86400;
	long z = smap_get(&dc->zones, tz != NULL ? tz : "");
	size_t i, j, nn;
	struct leads_dayview *nv;
	int *nz;

	if (z < 0)
		return NULL;
	if (dc->n * 2 >= dc->nslot) {
		nn = dc->nslot ? dc->nslot * 2 : 1024;
		nv = calloc(nn, sizeof(*nv));
		nz = calloc(nn, sizeof(*nz));
		if (nv == NULL || nz == NULL) {
			free(nv);
			free(nz);
			return NULL;
		}
		for (i = 0; i < dc->nslot; i++) {
			if (dc->zone[i] == 0)
				continue;
			for (j = (uint64_t)(dc->v[i].day * 31 + dc->zone[i]) &
			    (nn - 1); nz[j] != 0; j = (j + 1) & (nn - 1))
				;
			nv[j] = dc->v[i];
			nz[j] = dc->zone[i];
		}
		free(dc->v);
		free(dc->zone);
		dc->v = nv;
		dc->zone = nz;
		dc->nslot = nn;
	}
	for (j = (uint64_t)(day * 31 + z + 1) & (dc->nslot - 1);
	    dc->zone[j] != 0; j = (j + 1) & (dc->nslot - 1))
		if (dc->zone[j] == z + 1 && dc->v[j].day == day)
			return &dc->v[j];
	leads_dayview(c, leads_conf_tz(c, tz), day, &dc->v[j]);
	dc->zone[j] = (int)z + 1;
	dc->n++;
	return &dc->v[j];
}

/* ---- the figures -------------------------------------------------------- */

enum { H_ALL, H_IN, H_OUT, NH };		/* inquiries by working hours */
enum { M_ATTEMPT, M_CONTACT, NM };		/* first attempt, contact */

struct stats {
	int64_t leads, attempted, reached, within[4];
	int64_t never_reached, gave_up_1, stopped_n, breaches;
	int64_t open, won, lost, dnc;
	double value_never;
	int64_t by_att[NBUCKET], won_by_att[NBUCKET], won_on[NBUCKET];
	int64_t seen[NM], pct[NM][2];	/* median, 90th percentile */
};

struct grp {
	struct stats h[NH];
};

struct run {
	struct leads_db *db;
	const struct leads_conf *c;
	const struct leads_report_opts *o;
	int by;			/* grouping used: opts' or source */
	struct smap gkeys;	/* group names; 0 is "all" */
	struct grp *g;
	size_t gcap;
	struct smap reasons;
	int64_t *nreason;
	size_t rcap;
	struct daycache dc;
	struct leads_report *rep;
};

/* The columns both scans read, first in each. */
#define SCAN_COLS "created, source, owner, cadence, tz"
enum { S_CREATED, S_SOURCE, S_OWNER, S_CADENCE, S_TZ, S_NCOLS };
#define PERIOD "merged_into IS NULL AND created >= ?1 AND created < ?2"

static const char *
coltext(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* "2026-W47": the ISO 8601 week of the date YYYYMMDD. */
static void
iso_week(int32_t ymd, char *buf, size_t n)
{
	int64_t y = ymd / 10000, d = leads_days_from_civil(y, ymd / 100 % 100,
	    ymd % 100);
	int64_t wd = ((d + 3) % 7 + 7) % 7;	/* Monday 0 */
	int64_t thu = d - wd + 3, ty = y;

	if (thu < leads_days_from_civil(ty, 1, 1))
		ty--;
	else if (thu >= leads_days_from_civil(ty + 1, 1, 1))
		ty++;
	snprintf(buf, n, "%04" PRId64 "-W%02" PRId64, ty,
	    (thu - leads_days_from_civil(ty, 1, 1)) / 7 + 1);
}

/*
 * The group (its index, 0 being "all" when there is no grouping) and the
 * working-hours split of the lead whose SCAN_COLS st holds; -1 on memory.
 */
static long
classify(struct run *r, sqlite3_stmt *st, int *hours)
{
	const struct leads_dayview *v;
	int64_t t = sqlite3_column_int64(st, S_CREATED);
	const char *key = NULL;
	struct grp *ng;
	char buf[32];
	int32_t date;
	long gi;
	int i;

	if ((v = dayview(&r->dc, r->c, coltext(st, S_TZ), t)) == NULL)
		return -1;
	*hours = H_OUT;
	for (i = 0; i < v->nopen; i++)
		if (t >= v->open[i][0] && t < v->open[i][1])
			*hours = H_IN;
	date = t < v->midnight ? v->date[0] : v->date[1];
	switch (r->by) {
	case LEADS_BY_NONE:
		return 0;
	case LEADS_BY_SOURCE:
		key = coltext(st, S_SOURCE);
		break;
	case LEADS_BY_OWNER:
		key = coltext(st, S_OWNER);
		break;
	case LEADS_BY_CADENCE:
		key = coltext(st, S_CADENCE);
		break;
	case LEADS_BY_MONTH:
		snprintf(buf, sizeof(buf), "%04d-%02d", (int)(date / 10000),
		    (int)(date / 100 % 100));
		key = buf;
		break;
	default:
		iso_week(date, buf, sizeof(buf));
		key = buf;
	}
	if ((gi = smap_get(&r->gkeys, key != NULL ? key : "(none)")) < 0)
		return -1;
	if ((ng = grow(r->g, &r->gcap, (size_t)gi, sizeof(*ng))) == NULL)
		return -1;
	r->g = ng;
	return gi;
}

/* The stats a lead of group gi and split h adds to: up to 4, *n of them. */
static void
targets(struct run *r, long gi, int h, struct stats *s[4], int *n)
{
	*n = 0;
	s[(*n)++] = &r->g[0].h[H_ALL];
	s[(*n)++] = &r->g[0].h[h];
	if (gi != 0) {
		s[(*n)++] = &r->g[gi].h[H_ALL];
		s[(*n)++] = &r->g[gi].h[h];
	}
}

/* The attempt a won lead was won on: its attempts up to the close. */
static int
won_on(struct run *r, int64_t id, int64_t attempts, int64_t last_touch,
    int64_t closed, int64_t *k, struct leads_err *err)
{
	sqlite3_stmt *st;

	*k = attempts;
	if (last_touch <= closed)
		return 0;
	/* Touched after it was won: count the touches up to then. */
	if ((st = leads_stmt(r->db, ST_WON_ON, LEADS_PERSON_CTE
	    " SELECT count(*) FROM p JOIN events e ON e.lead_id = p.id"
	    " WHERE e.touch > 0 AND e.at <= ?2", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, closed);
	return leads_step_id(r->db, st, k, err) == -1 ? -1 : 0;
}

static int
count_reason(struct run *r, const char *reason)
{
	long i = smap_get(&r->reasons, reason != NULL ? reason : "(none)");
	int64_t *nn;

	if (i < 0 || (nn = grow(r->nreason, &r->rcap, (size_t)i,
	    sizeof(*nn))) == NULL)
		return -1;
	r->nreason = nn;
	r->nreason[i]++;
	return 0;
}

/* The counting scan. */
static int
scan(struct run *r, struct leads_err *err)
{
	enum {
		X_STATUS = S_NCOLS, X_ATTEMPTS, X_FIRST_ATTEMPT,
		X_FIRST_CONTACT, X_LAST_TOUCH, X_CLOSED, X_VALUE, X_DUE,
		X_REASON, X_ID, X_BOOKED
	};
	const int64_t now = r->o->now, target = r->c->target;
	const int nmin = r->c->min_attempts;
	sqlite3_stmt *st;
	struct stats *s[4];
	const char *status;
	int64_t created, att, fa, fc, due, k;
	double value;
	long gi;
	int rc, h, n, i, j, open, stalled;

	rc = sqlite3_prepare_v2(r->db->sq, "SELECT " SCAN_COLS ", status,"
	    " attempts, first_attempt, first_contact, last_touch, closed_at,"
	    " value, due_at, lost_reason, id, booked_at FROM leads"
	    " WHERE " PERIOD, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return leads_db_error(r->db, rc, "cannot read", err);
	sqlite3_bind_int64(st, 1, r->o->since);
	sqlite3_bind_int64(st, 2, r->o->until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((gi = classify(r, st, &h)) < 0)
			goto nomem;
		targets(r, gi, h, s, &n);
		created = sqlite3_column_int64(st, S_CREATED);
		if ((status = (const char *)sqlite3_column_text(st,
		    X_STATUS)) == NULL)
			status = "";
		att = sqlite3_column_int64(st, X_ATTEMPTS);
		fa = sqlite3_column_int64(st, X_FIRST_ATTEMPT);
		fc = sqlite3_column_int64(st, X_FIRST_CONTACT);
		due = sqlite3_column_int64(st, X_DUE);
		value = sqlite3_column_type(st, X_VALUE) == SQLITE_NULL ?
		    r->c->value : sqlite3_column_double(st, X_VALUE);
		open = strcmp(status, "active") == 0;
		/* Open with nothing due, or its step long overdue. */
		stalled = open && (due == 0 || due < now - STALL);
		k = -1;
		if (strcmp(status, "won") == 0 &&
		    won_on(r, sqlite3_column_int64(st, X_ID), att,
		    sqlite3_column_int64(st, X_LAST_TOUCH),
		    sqlite3_column_int64(st, X_CLOSED), &k, err) == -1)
			goto fail;
		if (strcmp(status, "lost") == 0 &&
		    count_reason(r, coltext(st, X_REASON)) == -1)
			goto nomem;
		for (i = 0; i < n; i++) {
			struct stats *x = s[i];

			if (i == 1 && h == H_ALL)
				continue;
			x->leads++;
			if (fa != 0) {
				x->attempted++;
				for (j = 0; j < 4; j++)
					x->within[j] += fa - created <=
					    within[j];
			} else
				x->value_never += value;
			x->reached += fc != 0;
			x->never_reached += fc == 0;
			if (fa != 0 ? fa - created > target :
			    now - created > target)
				x->breaches++;
			if (att >= 1) {
				x->by_att[att < NBUCKET ? att - 1 :
				    NBUCKET - 1]++;
				if (k >= 0)
					x->won_by_att[att < NBUCKET ? att -
					    1 : NBUCKET - 1]++;
			}
			if (k >= 1)
				x->won_on[k < NBUCKET ? k - 1 :
				    NBUCKET - 1]++;
			if (att == 1 && (stalled || strcmp(status, "lost") ==
			    0))
				x->gave_up_1++;
			if (att >= 1 && att < nmin && stalled)
				x->stopped_n++;
			if (open)
				x->open++;
			else if (strcmp(status, "won") == 0)
				x->won++;
			else if (strcmp(status, "lost") == 0)
				x->lost++;
			else if (strcmp(status, "dnc") == 0)
				x->dnc++;
		}
	}
	if (rc != SQLITE_DONE) {
		leads_db_error(r->db, rc, "cannot read", err);
		goto fail;
	}
	sqlite3_finalize(st);
	return 0;
nomem:
	leads_err_nomem(err);
fail:
	sqlite3_finalize(st);
	return -1;
}

/* The nearest rank of the p-quantile of n values: ceil(p * n), 1-based. */
static int64_t
rank(int64_t n, int pct)
{
	return (n * pct + 99) / 100;
}

/* The scan in the order of measure m, picking the median and 90th. */
static int
quantiles(struct run *r, int m, struct leads_err *err)
{
	static const char *const sql[NM] = {
		"SELECT " SCAN_COLS ", max(first_attempt - created, 0) AS d"
		" FROM leads WHERE " PERIOD " AND first_attempt IS NOT NULL"
		" ORDER BY d",
		"SELECT " SCAN_COLS ", max(first_contact - created, 0) AS d"
		" FROM leads WHERE " PERIOD " AND first_contact IS NOT NULL"
		" ORDER BY d"
	};
	sqlite3_stmt *st;
	struct stats *s[4];
	int64_t d, n;
	long gi;
	int rc, h, ns, i;

	rc = sqlite3_prepare_v2(r->db->sq, sql[m], -1, &st, NULL);
	if (rc != SQLITE_OK)
		return leads_db_error(r->db, rc, "cannot read", err);
	sqlite3_bind_int64(st, 1, r->o->since);
	sqlite3_bind_int64(st, 2, r->o->until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((gi = classify(r, st, &h)) < 0) {
			sqlite3_finalize(st);
			return leads_err_nomem(err);
		}
		d = sqlite3_column_int64(st, S_NCOLS);
		targets(r, gi, h, s, &ns);
		for (i = 0; i < ns; i++) {
			n = m == M_ATTEMPT ? s[i]->attempted : s[i]->reached;
			s[i]->seen[m]++;
			if (s[i]->seen[m] == rank(n, 50))
				s[i]->pct[m][0] = d;
			if (s[i]->seen[m] == rank(n, 90))
				s[i]->pct[m][1] = d;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return leads_db_error(r->db, rc, "cannot read", err);
	return 0;
}

/* ---- the tables -------------------------------------------------------- */

struct leads_report_priv {
	struct leads_report pub;
	char **strs;
	size_t nstrs, scap;
	size_t tcap;
};

/* A copy of s that lives as long as the report; NULL on memory. */
static const char *
keep(struct run *r, const char *s)
{
	struct leads_report_priv *p = (struct leads_report_priv *)r->rep;
	char **ns;

	if ((ns = grow(p->strs, &p->scap, p->nstrs, sizeof(*ns))) == NULL)
		return NULL;
	p->strs = ns;
	if ((p->strs[p->nstrs] = strdup(s)) == NULL)
		return NULL;
	return p->strs[p->nstrs++];
}

static struct leads_table *
table(struct run *r, const char *section, const char *title,
    const struct leads_rcol *cols, size_t ncols)
{
	struct leads_report_priv *p = (struct leads_report_priv *)r->rep;
	struct leads_table *t;

	if ((t = grow(r->rep->tables, &p->tcap, r->rep->ntables,
	    sizeof(*t))) == NULL)
		return NULL;
	r->rep->tables = t;
	t = &r->rep->tables[r->rep->ntables++];
	t->section = section;
	t->title = title;
	t->cols = cols;
	t->ncols = ncols;
	return t;
}

/* A new row of t, all NULL: its first value, or NULL on memory. */
static struct leads_value *
row(struct leads_table *t)
{
	struct leads_value *v;

	if ((t->nrows & (t->nrows - 1)) == 0) {	/* 0, 1, 2, 4, ... */
		v = realloc(t->v, (t->nrows ? t->nrows * 2 : 1) * t->ncols *
		    sizeof(*v));
		if (v == NULL)
			return NULL;
		t->v = v;
	}
	v = &t->v[t->nrows++ * t->ncols];
	memset(v, 0, t->ncols * sizeof(*v));
	return v;
}

static void
vint(struct leads_value *v, int64_t i)
{
	v->type = LEADS_V_INT;
	v->i = i;
}

static void
vreal(struct leads_value *v, double d)
{
	v->type = LEADS_V_REAL;
	v->d = d;
}

static void
vtext(struct leads_value *v, const char *s)
{
	v->type = LEADS_V_TEXT;
	v->s = s;
}

/* part / whole as a rate, NULL when whole is 0. */
static void
vrate(struct leads_value *v, int64_t part, int64_t whole)
{
	if (whole > 0)
		vreal(v, (double)part / (double)whole);
}

static const struct leads_rcol speed_cols[] = {
	{ "group", LEADS_K_LABEL }, { "hours", LEADS_K_LABEL },
	{ "leads", LEADS_K_COUNT }, { "attempted", LEADS_K_COUNT },
	{ "reached", LEADS_K_COUNT }, { "never_attempted", LEADS_K_COUNT },
	{ "attempted_within_5m", LEADS_K_COUNT },
	{ "attempted_within_15m", LEADS_K_COUNT },
	{ "attempted_within_1h", LEADS_K_COUNT },
	{ "attempted_within_24h", LEADS_K_COUNT },
	{ "median_first_attempt_s", LEADS_K_SECONDS },
	{ "p90_first_attempt_s", LEADS_K_SECONDS },
	{ "median_first_contact_s", LEADS_K_SECONDS },
	{ "p90_first_contact_s", LEADS_K_SECONDS }
};
static const struct leads_rcol leak_cols[] = {
	{ "group", LEADS_K_LABEL }, { "leads", LEADS_K_COUNT },
	{ "never_attempted", LEADS_K_COUNT }, { "never_reached", LEADS_K_COUNT },
	{ "gave_up_after_1", LEADS_K_COUNT },
	{ "stopped_before_n", LEADS_K_COUNT }, { "n", LEADS_K_COUNT },
	{ "value_never_attempted", LEADS_K_MONEY }
};
static const struct leads_rcol persistence_cols[] = {
	{ "group", LEADS_K_LABEL }, { "attempts", LEADS_K_LABEL },
	{ "leads", LEADS_K_COUNT }, { "won", LEADS_K_COUNT },
	{ "won_on", LEADS_K_COUNT }, { "conversion_rate", LEADS_K_RATE }
};
static const struct leads_rcol outcomes_cols[] = {
	{ "group", LEADS_K_LABEL }, { "leads", LEADS_K_COUNT },
	{ "open", LEADS_K_COUNT }, { "won", LEADS_K_COUNT },
	{ "lost", LEADS_K_COUNT }, { "dnc", LEADS_K_COUNT },
	{ "open_rate", LEADS_K_RATE }, { "won_rate", LEADS_K_RATE },
	{ "lost_rate", LEADS_K_RATE }, { "dnc_rate", LEADS_K_RATE }
};
static const struct leads_rcol reasons_cols[] = {
	{ "group", LEADS_K_LABEL }, { "lost_reason", LEADS_K_LABEL },
	{ "lost", LEADS_K_COUNT }
};
static const struct leads_rcol backlog_cols[] = {
	{ "group", LEADS_K_LABEL }, { "channel", LEADS_K_LABEL },
	{ "due", LEADS_K_COUNT }, { "overdue", LEADS_K_COUNT }
};
static const struct leads_rcol breach_cols[] = {
	{ "group", LEADS_K_LABEL }, { "leads", LEADS_K_COUNT },
	{ "speed_to_lead_breaches", LEADS_K_COUNT },
	{ "target_s", LEADS_K_SECONDS }
};
static const struct leads_rcol funnel_cols[] = {
	{ "group", LEADS_K_LABEL }, { "leads", LEADS_K_COUNT },
	{ "attempted", LEADS_K_COUNT }, { "reached", LEADS_K_COUNT },
	{ "won", LEADS_K_COUNT }, { "attempted_rate", LEADS_K_RATE },
	{ "reached_rate", LEADS_K_RATE }, { "won_rate", LEADS_K_RATE }
};
#define NCOLS(a) (sizeof(a) / sizeof(a[0]))

static int
speed_rows(struct run *r, struct leads_table *t, size_t gi, const char *g)
{
	static const char *const hname[NH] = { "all", "in", "out" };
	struct leads_value *v;
	const struct stats *s;
	int h, j, m;

	for (h = 0; h < NH; h++) {
		s = &r->g[gi].h[h];
		if ((v = row(t)) == NULL)
			return -1;
		vtext(&v[0], g);
		vtext(&v[1], hname[h]);
		vint(&v[2], s->leads);
		vint(&v[3], s->attempted);
		vint(&v[4], s->reached);
		vint(&v[5], s->leads - s->attempted);
		for (j = 0; j < 4; j++)
			vint(&v[6 + j], s->within[j]);
		for (m = 0; m < NM; m++)
			if ((m == M_ATTEMPT ? s->attempted : s->reached) > 0) {
				vint(&v[10 + 2 * m], s->pct[m][0]);
				vint(&v[11 + 2 * m], s->pct[m][1]);
			}
	}
	return 0;
}

static int
group_rows(struct run *r, struct leads_table *t, size_t gi, unsigned sec)
{
	static const char *const bucket[NBUCKET] = {
		"1", "2", "3", "4", "5", "6", "7", "8+"
	};
	const struct stats *s = &r->g[gi].h[H_ALL];
	const char *g = keep(r, r->gkeys.key[gi]);
	struct leads_value *v;
	int j;

	if (g == NULL)
		return -1;
	switch (sec) {
	case LEADS_SEC_SPEED:
		return speed_rows(r, t, gi, g);
	case LEADS_SEC_LEAK:
		if ((v = row(t)) == NULL)
			return -1;
		vtext(&v[0], g);
		vint(&v[1], s->leads);
		vint(&v[2], s->leads - s->attempted);
		vint(&v[3], s->never_reached);
		vint(&v[4], s->gave_up_1);
		vint(&v[5], s->stopped_n);
		vint(&v[6], r->c->min_attempts);
		vreal(&v[7], s->value_never);
		return 0;
	case LEADS_SEC_PERSISTENCE:
		for (j = 0; j < NBUCKET; j++) {
			if ((v = row(t)) == NULL)
				return -1;
			vtext(&v[0], g);
			vtext(&v[1], bucket[j]);
			vint(&v[2], s->by_att[j]);
			vint(&v[3], s->won_by_att[j]);
			vint(&v[4], s->won_on[j]);
			vrate(&v[5], s->won_by_att[j], s->by_att[j]);
		}
		return 0;
	case LEADS_SEC_OUTCOMES:
		if ((v = row(t)) == NULL)
			return -1;
		vtext(&v[0], g);
		vint(&v[1], s->leads);
		vint(&v[2], s->open);
		vint(&v[3], s->won);
		vint(&v[4], s->lost);
		vint(&v[5], s->dnc);
		vrate(&v[6], s->open, s->leads);
		vrate(&v[7], s->won, s->leads);
		vrate(&v[8], s->lost, s->leads);
		vrate(&v[9], s->dnc, s->leads);
		return 0;
	case LEADS_SEC_BACKLOG:
		if ((v = row(t)) == NULL)
			return -1;
		vtext(&v[0], g);
		vint(&v[1], s->leads);
		vint(&v[2], s->breaches);
		vint(&v[3], r->c->target);
		return 0;
	default:
		if ((v = row(t)) == NULL)
			return -1;
		vtext(&v[0], g);
		vint(&v[1], s->leads);
		vint(&v[2], s->attempted);
		vint(&v[3], s->reached);
		vint(&v[4], s->won);
		vrate(&v[5], s->attempted, s->leads);
		vrate(&v[6], s->reached, s->leads);
		vrate(&v[7], s->won, s->leads);
		return 0;
	}
}

/* A table of "all" and, when grouped, every group. */
static int
grouped(struct run *r, unsigned sec, const char *title,
    const struct leads_rcol *cols, size_t ncols, int all_groups)
{
	struct leads_table *t;
	size_t *ix, n, i;
	int rc = 0;

	n = r->gkeys.n;		/* "all" first, then by name */
	if ((t = table(r, leads_report_sections[ffs((int)sec) - 1], title,
	    cols, ncols)) == NULL || (ix = by_name(r->gkeys.key, n, 1)) ==
	    NULL)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		if (i == 0 || all_groups)
			rc = group_rows(r, t, ix[i], sec);
	free(ix);
	return rc;
}

static int
reasons_table(struct run *r)
{
	struct leads_table *t;
	struct leads_value *v;
	size_t i, j, *ix;

	if ((t = table(r, "outcomes", "Lost reasons", reasons_cols,
	    NCOLS(reasons_cols))) == NULL)
		return -1;
	if ((ix = malloc((r->reasons.n + 1) * sizeof(*ix))) == NULL)
		return -1;
	/* Most frequent first, then by name. */
	for (i = 0; i < r->reasons.n; i++) {
		for (j = i; j > 0 && (r->nreason[ix[j - 1]] < r->nreason[i] ||
		    (r->nreason[ix[j - 1]] == r->nreason[i] &&
		    strcmp(r->reasons.key[ix[j - 1]], r->reasons.key[i]) > 0));
		    j--)
			ix[j] = ix[j - 1];
		ix[j] = i;
	}
	for (i = 0; i < r->reasons.n; i++) {
		if ((v = row(t)) == NULL) {
			free(ix);
			return -1;
		}
		vtext(&v[0], "all");
		if ((v[1].s = keep(r, r->reasons.key[ix[i]])) == NULL) {
			free(ix);
			return -1;
		}
		v[1].type = LEADS_V_TEXT;
		vint(&v[2], r->nreason[ix[i]]);
	}
	free(ix);
	return 0;
}

/* What is due now, by owner and the channel of the step. */
static int
backlog_table(struct run *r, struct leads_err *err)
{
	const int64_t now = r->o->now;
	struct leads_table *t;
	const struct leads_cadence *cad;
	struct leads_value *v;
	struct smap keys = { 0 };
	int64_t (*n)[2] = NULL, (*nn)[2], due, step;
	sqlite3_stmt *st;
	const char *owner, *ch;
	char key[512], *tab;
	size_t cap = 0, i, *ix = NULL;
	long k;
	int rc;

	if ((t = table(r, "backlog", "Due now by owner and channel",
	    backlog_cols, NCOLS(backlog_cols))) == NULL)
		return leads_err_nomem(err);
	rc = sqlite3_prepare_v2(r->db->sq, "SELECT owner, cadence, step,"
	    " booked_at, due_at FROM leads WHERE due_at <= ?1"
	    " AND status = 'active' AND merged_into IS NULL", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return leads_db_error(r->db, rc, "cannot read", err);
	sqlite3_bind_int64(st, 1, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		owner = coltext(st, 0);
		due = sqlite3_column_int64(st, 4);
		step = sqlite3_column_int64(st, 2);
		ch = "call";
		if (sqlite3_column_int64(st, 3) != due && coltext(st, 1) &&
		    (cad = leads_conf_cadence(r->c, coltext(st, 1))) != NULL &&
		    step >= 1 && (size_t)step <= cad->nsteps)
			ch = leads_channel_name(cad->steps[step - 1].channel);
		snprintf(key, sizeof(key), "%s\t%s", owner ? owner : "(none)",
		    ch);
		if ((k = smap_get(&keys, key)) < 0)
			goto nomem;
		if ((nn = grow(n, &cap, (size_t)k, sizeof(*nn))) == NULL)
			goto nomem;
		n = nn;
		n[k][0]++;
		n[k][1] += due < now - LATE;
	}
	if (rc != SQLITE_DONE) {
		leads_db_error(r->db, rc, "cannot read", err);
		goto fail;
	}
	if ((ix = by_name(keys.key, keys.n, 0)) == NULL)
		goto nomem;
	for (i = 0; i < keys.n; i++) {
		if ((v = row(t)) == NULL ||
		    (v[0].s = keep(r, keys.key[ix[i]])) == NULL)
			goto nomem;
		tab = strchr(v[0].s, '\t');
		*tab = '\0';
		v[0].type = LEADS_V_TEXT;
		vtext(&v[1], tab + 1);
		vint(&v[2], n[ix[i]][0]);
		vint(&v[3], n[ix[i]][1]);
	}
	rc = 0;
	goto out;
nomem:
	leads_err_nomem(err);
fail:
	rc = -1;
out:
	sqlite3_finalize(st);
	smap_free(&keys);
	free(n);
	free(ix);
	return rc;
}

static int
build(struct run *r, struct leads_err *err)
{
	const unsigned sec = r->o->sections;
	const int grp = r->o->by != LEADS_BY_NONE;

	if (((sec & LEADS_SEC_SPEED) && grouped(r, LEADS_SEC_SPEED,
	    "Speed to lead", speed_cols, NCOLS(speed_cols), grp) == -1) ||
	    ((sec & LEADS_SEC_LEAK) && grouped(r, LEADS_SEC_LEAK,
	    "Where leads leak", leak_cols, NCOLS(leak_cols), grp) == -1) ||
	    ((sec & LEADS_SEC_PERSISTENCE) && grouped(r,
	    LEADS_SEC_PERSISTENCE, "Persistence", persistence_cols,
	    NCOLS(persistence_cols), grp) == -1) ||
	    ((sec & LEADS_SEC_OUTCOMES) && (grouped(r, LEADS_SEC_OUTCOMES,
	    "Outcomes", outcomes_cols, NCOLS(outcomes_cols), grp) == -1 ||
	    reasons_table(r) == -1)))
		return leads_err_nomem(err);
	if (sec & LEADS_SEC_BACKLOG) {
		if (backlog_table(r, err) == -1)
			return -1;
		if (grouped(r, LEADS_SEC_BACKLOG, "Speed-to-lead breaches",
		    breach_cols, NCOLS(breach_cols), grp) == -1)
			return leads_err_nomem(err);
	}
	if ((sec & LEADS_SEC_FUNNEL) && grouped(r, LEADS_SEC_FUNNEL,
	    "Funnel", funnel_cols, NCOLS(funnel_cols), 1) == -1)
		return leads_err_nomem(err);
	return 0;
}

int
leads_report_run(struct leads_db *db, const struct leads_conf *c,
    const struct leads_report_opts *o, struct leads_report **out,
    struct leads_err *err)
{
	struct leads_report_priv *p;
	struct run r = { 0 };
	int rc = -1, m;

	*out = NULL;
	if (o->by < LEADS_BY_NONE || o->by > LEADS_BY_WEEK)
		return leads_errf(err, LEADS_EUSAGE, "unknown grouping");
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return leads_err_nomem(err);
	r.db = db;
	r.c = c;
	r.o = o;
	r.rep = &p->pub;
	/* The funnel is by source unless asked otherwise. */
	r.by = o->by == LEADS_BY_NONE && (o->sections & LEADS_SEC_FUNNEL) ?
	    LEADS_BY_SOURCE : o->by;
	if (smap_get(&r.gkeys, "all") != 0 ||
	    (r.g = grow(NULL, &r.gcap, 0, sizeof(*r.g))) == NULL) {
		leads_err_nomem(err);
		goto out;
	}
	/* One read transaction: every figure from the same moment. */
	if (leads_db_exec(db, "BEGIN", err) == -1)
		goto out;
	rc = scan(&r, err);
	for (m = 0; rc == 0 && m < NM; m++)
		if (o->sections & LEADS_SEC_SPEED)
			rc = quantiles(&r, m, err);
	if (rc == 0)
		rc = build(&r, err);
	leads_db_exec(db, "COMMIT", NULL);
out:
	smap_free(&r.gkeys);
	smap_free(&r.reasons);
	smap_free(&r.dc.zones);
	free(r.dc.v);
	free(r.dc.zone);
	free(r.g);
	free(r.nreason);
	if (rc == 0)
		*out = &p->pub;
	else
		leads_report_free(&p->pub);
	return rc;
}

void
leads_report_free(struct leads_report *rep)
{
	struct leads_report_priv *p = (struct leads_report_priv *)rep;
	size_t i;

	if (rep == NULL)
		return;
	for (i = 0; i < rep->ntables; i++)
		free(rep->tables[i].v);
	free(rep->tables);
	for (i = 0; i < p->nstrs; i++)
		free(p->strs[i]);
	free(p->strs);
	free(p);
}
