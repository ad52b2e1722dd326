/*
 * tz.c - local time in named zones, through the C library's TZ database.
 *
 * The C library knows zones only through the TZ environment variable, so
 * these functions set TZ while they work and put it back after.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

struct tzsave {
	int switched;
	char *old;
};

static int
tz_enter(const char *tz, struct tzsave *s)
{
	const char *cur;

	s->switched = 0;
	s->old = NULL;
	if (tz == NULL || *tz == '\0')
		return 0;
	cur = getenv("TZ");
	if (cur != NULL && strcmp(cur, tz) == 0)
		return 0;
	if (cur != NULL && (s->old = strdup(cur)) == NULL)
		return -1;
	if (setenv("TZ", tz, 1) == -1) {
		free(s->old);
		s->old = NULL;
		return -1;
	}
	s->switched = 1;
	tzset();
	return 0;
}

static void
tz_leave(struct tzsave *s)
{
	if (!s->switched)
		return;
	if (s->old != NULL)
		setenv("TZ", s->old, 1);
	else
		unsetenv("TZ");
	free(s->old);
	tzset();
}

static int
tz_valid(const char *tz)
{
	char path[PATH_MAX], magic[4];
	const char *dir;
	FILE *fp;
	int n, ok;

	if (tz == NULL || *tz == '\0' || *tz == '/' || strstr(tz, "..") != NULL)
		return 0;
	if (strcmp(tz, "UTC") == 0)
		return 1;
	if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	n = snprintf(path, sizeof(path), "%s/%s", dir, tz);
	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	/* A zone file, not a directory or one of the tables beside them. */
	if ((fp = fopen(path, "re")) == NULL)
		return 0;
	ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

/* UTC arithmetic: see internal.h. */
int64_t
leads_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* leads_utc_tm(), which placing a lead calls many times: inline here. */
static inline void
civil(int64_t t, struct tm *tm)
{
	int64_t days = (t >= 0 ? t : t - 86399) / 86400, secs = t - days * 86400;
	int64_t z = days + 719468, era, doe, yoe, y, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	memset(tm, 0, sizeof(*tm));
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	y += tm->tm_mon <= 1;
	tm->tm_year = (int)(y - 1900);
	tm->tm_yday = (int)(days - leads_days_from_civil(y, 1, 1));
	tm->tm_wday = (int)(((days + 4) % 7 + 7) % 7);
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
}

void
leads_utc_tm(int64_t t, struct tm *tm)
{
	civil(t, tm);
}

int64_t
leads_utc_seconds(const struct tm *tm)
{
	int64_t y = (int64_t)tm->tm_year + 1900, m = tm->tm_mon;

	y += (m >= 0 ? m : m - 11) / 12;
	m = ((m % 12) + 12) % 12;
	return (leads_days_from_civil(y, (int)m + 1, 1) + tm->tm_mday - 1) *
	    86400 + (int64_t)tm->tm_hour * 3600 + (int64_t)tm->tm_min * 60 +
	    tm->tm_sec;
}

/*
 * Converting times is most of what placing a lead costs, and the C
 * library's localtime_r() reads the zone's rules afresh each time.  A
 * zone's UTC offset is the same all through nearly every day, so each
 * zone keeps, per UTC day, the offset, DST flag and abbreviation that
 * hold from its first second to its last; a day with a transition in it
 * is never kept and always asks the C library.
 */
#define TZ_ZONES	8	/* zones remembered; then the oldest goes */
#define TZ_DAYS		512	/* days remembered per zone */
#define TZ_ABBRS	16

struct tzday {
	int64_t day;		/* UTC day number + 1; 0: empty */
	long off;
	int isdst;
	const char *abbr;	/* one of its zone's abbrs */
};

struct tzcache {
	char *name;		/* as TZ has it; "": TZ unset */
	char *abbrs[TZ_ABBRS];
	struct tzday days[TZ_DAYS];
};

/*
 * Each thread has its caches, so a zone abbreviation handed out stays
 * valid in the thread that asked for it.  Switching zones changes TZ for
 * the whole process: tz_lock keeps threads from doing it at once.
 */
static _Thread_local struct tzcache *tzcache;
static _Thread_local unsigned tzcache_next;
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

void
leads_tz_release(void)
{
	size_t i, k;

	if (tzcache == NULL)
		return;
	for (i = 0; i < TZ_ZONES; i++) {
		free(tzcache[i].name);
		for (k = 0; k < TZ_ABBRS; k++)
			free(tzcache[i].abbrs[k]);
	}
	free(tzcache);
	tzcache = NULL;
	tzcache_next = 0;
}

/* The zone's cache, made (or an old one reused) when new; NULL: none. */
static struct tzcache *
zone_cache(const char *tz)
{
	struct tzcache *z;
	size_t i;

	/* The local zone is TZ's, or the system's when TZ is unset. */
	if (tz == NULL || *tz == '\0')
		if ((tz = getenv("TZ")) == NULL)
			tz = "";
	if (tzcache == NULL &&
	    (tzcache = calloc(TZ_ZONES, sizeof(*tzcache))) == NULL)
		return NULL;
	for (i = 0; i < TZ_ZONES; i++)
		if (tzcache[i].name != NULL && strcmp(tzcache[i].name, tz) == 0)
			return &tzcache[i];
	z = &tzcache[tzcache_next++ % TZ_ZONES];
	free(z->name);
	for (i = 0; i < TZ_ABBRS; i++)
		free(z->abbrs[i]);
	memset(z, 0, sizeof(*z));
	return (z->name = strdup(tz)) == NULL ? NULL : z;
}

/* The zone's own copy of an abbreviation, NULL when it has no room. */
static const char *
intern(struct tzcache *z, const char *abbr)
{
	size_t i;

	if (abbr == NULL)
		return NULL;
	for (i = 0; i < TZ_ABBRS && z->abbrs[i] != NULL; i++)
		if (strcmp(z->abbrs[i], abbr) == 0)
			return z->abbrs[i];
	return i < TZ_ABBRS ? (z->abbrs[i] = strdup(abbr)) : NULL;
}

/* The UTC day number of t, and its slot in the cache. */
static struct tzday *
day_slot(struct tzcache *z, int64_t t, int64_t *day)
{
	*day = (t >= 0 ? t : t - 86399) / 86400;
	return &z->days[(uint64_t)*day % TZ_DAYS];
}

/* The day of t if the cache has it, else NULL. */
static const struct tzday *
known_day(struct tzcache *z, int64_t t)
{
	int64_t day;
	const struct tzday *d = day_slot(z, t, &day);

	return d->day == day + 1 ? d : NULL;
}

/* The day of t as the cache has it, or NULL (TZ already in force). */
static const struct tzday *
cached_day(struct tzcache *z, int64_t t)
{
	int64_t day;
	struct tzday *d = day_slot(z, t, &day);
	time_t a = (time_t)(day * 86400), b = a + 86399;
	struct tm ta, tb;

	if (d->day == day + 1)
		return d;
	if (localtime_r(&a, &ta) == NULL || localtime_r(&b, &tb) == NULL ||
	    ta.tm_gmtoff != tb.tm_gmtoff || ta.tm_isdst != tb.tm_isdst ||
	    ta.tm_zone == NULL || tb.tm_zone == NULL ||
	    strcmp(ta.tm_zone, tb.tm_zone) != 0 ||
	    (d->abbr = intern(z, ta.tm_zone)) == NULL)
		return NULL;
	d->day = day + 1;
	d->off = ta.tm_gmtoff;
	d->isdst = ta.tm_isdst;
	return d;
}

/* t in the zone of day d. */
static void
from_day(const struct tzday *d, int64_t t, struct tm *tm)
{
	civil(t + d->off, tm);
	tm->tm_isdst = d->isdst;
	tm->tm_gmtoff = d->off;
	tm->tm_zone = d->abbr;
}

/* t in the zone whose rules are in force (TZ set), through the cache. */
static int
local(struct tzcache *z, int64_t t, struct tm *tm)
{
	const struct tzday *d = z != NULL ? cached_day(z, t) : NULL;
	time_t tt = (time_t)t;

	if (d == NULL)
		return localtime_r(&tt, tm) == NULL ? -1 : 0;
	from_day(d, t, tm);
	return 0;
}

/* UTC offset in seconds at t, TZ already in force. */
static long
utcoff(struct tzcache *z, time_t t)
{
	const struct tzday *d = z != NULL ? cached_day(z, t) : NULL;
	struct tm tm;

	if (d != NULL)
		return d->off;
	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return tm.tm_gmtoff;
}

/*
 * Most conversions find their days in the cache, and need neither the
 * zone's rules in force nor the C library.
 */
static int
tz_local(int64_t t, const char *tz, struct tm *tm)
{
	struct tzcache *z = zone_cache(tz);
	const struct tzday *d = z != NULL ? known_day(z, t) : NULL;
	struct tzsave s;
	int rc;

	if (d != NULL) {
		from_day(d, t, tm);
		return 0;
	}
	if (tz_enter(tz, &s) == -1)
		return -1;
	rc = local(z, t, tm);
	tz_leave(&s);
	return rc;
}

/* Wall-clock w (counted as if UTC) to *t when days near it are known. */
static int
known_mktime(struct tzcache *z, time_t w, int64_t *t)
{
	const struct tzday *b, *a, *at;

	if (z == NULL || (b = known_day(z, w - 2 * 86400)) == NULL ||
	    (a = known_day(z, w + 2 * 86400)) == NULL || a->off != b->off ||
	    (at = known_day(z, w - b->off)) == NULL || at->off != b->off)
		return 0;
	*t = w - b->off;
	return 1;
}

static int
tz_mktime(const struct tm *in, const char *tz, int64_t *t)
{
	struct tzcache *z;
	struct tzsave s;
	time_t w, ta, tb;
	long ob, oa;
	int va, vb;

	/* w: the wall-clock reading counted as if it were UTC. */
	w = (time_t)leads_utc_seconds(in);
	z = zone_cache(tz);
	if (known_mktime(z, w, t))
		return 0;
	if (tz_enter(tz, &s) == -1)
		return -1;
	/* Offsets before and after any transition near w. */
	ob = utcoff(z, w - 2 * 86400);
	oa = utcoff(z, w + 2 * 86400);
	if (ob == oa && utcoff(z, w - ob) == ob) {
		tz_leave(&s);	/* no transition near: the usual case */
		*t = w - ob;
		return 0;
	}
	tb = w - ob;
	ta = w - oa;
	vb = utcoff(z, tb) == ob;
	va = utcoff(z, ta) == oa;
	tz_leave(&s);
	if (vb && va)
		*t = tb < ta ? tb : ta;	/* ambiguous: the earlier */
	else if (vb)
		*t = tb;
	else if (va)
		*t = ta;
	else
		*t = tb;		/* in a gap: forward by the gap */
	return 0;
}

int
leads_tz_valid(const char *tz)
{
	int rc;

	pthread_mutex_lock(&tz_lock);
	rc = tz_valid(tz);
	pthread_mutex_unlock(&tz_lock);
	return rc;
}

int
leads_tz_local(int64_t t, const char *tz, struct tm *tm)
{
	int rc;

	pthread_mutex_lock(&tz_lock);
	rc = tz_local(t, tz, tm);
	pthread_mutex_unlock(&tz_lock);
	return rc;
}

int
leads_tz_mktime(const struct tm *in, const char *tz, int64_t *t)
{
	int rc;

	pthread_mutex_lock(&tz_lock);
	rc = tz_mktime(in, tz, t);
	pthread_mutex_unlock(&tz_lock);
	return rc;
}
