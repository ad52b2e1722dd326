/*
 * schedule.c - when a step falls: delays, working hours, closed days and
 * holidays, in a lead's time zone.  Pure: no clock, no database.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "internal.h"

#define SEARCH_DAYS 800	/* how far to look for an opening */

/* A calendar date, normalized (which also sets wday). */
static void
date_norm(struct tm *d)
{
	struct tm t = *d;

	t.tm_hour = 12;
	t.tm_min = t.tm_sec = 0;
	leads_utc_tm(leads_utc_seconds(&t), &t);
	d->tm_year = t.tm_year;
	d->tm_mon = t.tm_mon;
	d->tm_mday = t.tm_mday;
	d->tm_wday = t.tm_wday;
}

static int
cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return x < y ? -1 : x > y;
}

int
leads_is_holiday(const struct leads_conf *c, const struct tm *d)
{
	int32_t key = (int32_t)((d->tm_year + 1900) * 10000 +
	    (d->tm_mon + 1) * 100 + d->tm_mday);

	return c->nholidays > 0 && bsearch(&key, c->holidays, c->nholidays,
	    sizeof(key), cmp_i32) != NULL;
}

/* Why the date d is closed, or LEADS_SHIFT_NONE when it is open. */
static int
closed_why(const struct leads_conf *c, const struct tm *d)
{
	if (leads_is_holiday(c, d))
		return LEADS_SHIFT_HOLIDAY;
	if (c->has_hours && c->hours[d->tm_wday].n == 0)
		return LEADS_SHIFT_CLOSED;
	return LEADS_SHIFT_NONE;
}

/* The instant of minute-of-day m on date d in tz. */
static int64_t
at_minute(const struct tm *d, int m, const char *tz)
{
	struct tm t;
	int64_t r;

	memset(&t, 0, sizeof(t));
	t.tm_year = d->tm_year;
	t.tm_mon = d->tm_mon;
	t.tm_mday = d->tm_mday;
	t.tm_hour = m / 60;
	t.tm_min = m % 60;
	if (leads_tz_mktime(&t, tz, &r) == -1)
		return 0;
	return r;
}

int64_t
leads_next_open(const struct leads_conf *c, const char *tz, int64_t t,
    int *why)
{
	static const struct leads_day allday = { 1, { 0 }, { 1440 } };
	const struct leads_day *h;
	struct tm d;
	int64_t from, to;
	int k, i, w, first = LEADS_SHIFT_NONE;

	if (why != NULL)
		*why = LEADS_SHIFT_NONE;
	if (leads_tz_local(t, tz, &d) == -1)
		return t;
	date_norm(&d);
	for (k = 0; k < SEARCH_DAYS; k++) {
		if ((w = closed_why(c, &d)) == LEADS_SHIFT_NONE) {
			h = c->has_hours ? &c->hours[d.tm_wday] : &allday;
			for (i = 0; i < h->n; i++) {
				from = at_minute(&d, h->from[i], tz);
				to = at_minute(&d, h->to[i], tz);
				if (t >= to)
					continue;
				if (t >= from)
					return t;
				if (why != NULL)
					*why = first != LEADS_SHIFT_NONE ?
					    first : LEADS_SHIFT_HOURS;
				return from;
			}
			w = LEADS_SHIFT_HOURS;
		}
		if (first == LEADS_SHIFT_NONE)
			first = w;
		d.tm_mday++;
		date_norm(&d);
	}
	return t;	/* never open: leave it */
}

static int32_t
ymd(const struct tm *d)
{
	return (int32_t)((d->tm_year + 1900) * 10000 + (d->tm_mon + 1) * 100 +
	    d->tm_mday);
}

void
leads_dayview(const struct leads_conf *c, const char *tz, int64_t day,
    struct leads_dayview *v)
{
	static const struct leads_day allday = { 1, { 0 }, { 1440 } };
	const int64_t t0 = day * 86400, t1 = t0 + 86400;
	const struct leads_day *h;
	struct tm d[2];
	int64_t from, to;
	int k, i;

	memset(v, 0, sizeof(*v));
	v->day = day;
	v->midnight = INT64_MAX;
	if (leads_tz_local(t0, tz, &d[0]) == -1 ||
	    leads_tz_local(t1 - 1, tz, &d[1]) == -1)
		return;
	date_norm(&d[0]);
	date_norm(&d[1]);
	v->date[0] = ymd(&d[0]);
	v->date[1] = ymd(&d[1]);
	if (v->date[1] != v->date[0])
		v->midnight = at_minute(&d[1], 0, tz);
	for (k = 0; k < 2; k++) {
		if ((k == 1 && v->date[1] == v->date[0]) ||
		    closed_why(c, &d[k]) != LEADS_SHIFT_NONE)
			continue;
		h = c->has_hours ? &c->hours[d[k].tm_wday] : &allday;
		for (i = 0; i < h->n && v->nopen < 8; i++) {
			from = at_minute(&d[k], h->from[i], tz);
			to = at_minute(&d[k], h->to[i], tz);
			if (from < t0)
				from = t0;
			if (to > t1)
				to = t1;
			if (from < to) {
				v->open[v->nopen][0] = from;
				v->open[v->nopen][1] = to;
				v->nopen++;
			}
		}
	}
}

int64_t
leads_after(const struct leads_conf *c, const char *tz, int64_t base,
    const struct leads_dur *dur)
{
	struct tm d, t;
	long n;
	int64_t r;
	int k;

	switch (dur->unit) {
	case LEADS_U_MIN:
		return base + (int64_t)dur->n * 60;
	case LEADS_U_HOUR:
		return base + (int64_t)dur->n * 3600;
	case LEADS_U_DAY:
	case LEADS_U_WEEK:
	case LEADS_U_BDAY:
		break;
	}
	if (dur->n == 0 || leads_tz_local(base, tz, &t) == -1)
		return base;
	d = t;
	if (dur->unit == LEADS_U_BDAY) {
		/* The same time of day on the nth open day after base's. */
		date_norm(&d);
		for (n = dur->n, k = 0; n > 0 && k < SEARCH_DAYS * 2; k++) {
			d.tm_mday++;
			date_norm(&d);
			if (closed_why(c, &d) == LEADS_SHIFT_NONE)
				n--;
		}
	} else
		d.tm_mday += (int)(dur->unit == LEADS_U_WEEK ? dur->n * 7 :
		    dur->n);
	d.tm_hour = t.tm_hour;
	d.tm_min = t.tm_min;
	d.tm_sec = t.tm_sec;
	if (leads_tz_mktime(&d, tz, &r) == -1)
		return base;
	return r;
}

int64_t
leads_step_due(const struct leads_conf *c, const char *tz, int64_t base,
    const struct leads_dur *dur, int64_t *raw, int *why)
{
	int64_t t = leads_after(c, tz, base, dur);

	if (raw != NULL)
		*raw = t;
	return leads_next_open(c, tz, t, why);
}

const char *
leads_shift_name(int why)
{
	switch (why) {
	case LEADS_SHIFT_HOURS:
		return "outside working hours";
	case LEADS_SHIFT_CLOSED:
		return "closed day";
	case LEADS_SHIFT_HOLIDAY:
		return "holiday";
	default:
		return "";
	}
}

/* ---- where a lead stands in its cadence ------------------------------- */

const char *
leads_conf_tz(const struct leads_conf *c, const char *lead_tz)
{
	if (lead_tz != NULL && *lead_tz != '\0')
		return lead_tz;
	return c->timezone;
}

/* Can the lead be reached on this channel? */
static int
reachable(enum leads_channel ch, const struct leads_reach *r)
{
	switch (ch) {
	case LEADS_CH_CALL:
	case LEADS_CH_SMS:
		return r->phone;
	case LEADS_CH_EMAIL:
		return r->email;
	default:
		return 1;	/* mail and tasks are for people to work out */
	}
}

/*
 * The first step at or after *k that the lead can take (r NULL: any),
 * following then:.  NULL when the cadences run out, or, with *stuck set,
 * when a whole round offers nothing it can take.
 */
static const struct leads_cadence *
walk(const struct leads_conf *c, const struct leads_cadence *cad, size_t *k,
    const struct leads_reach *r, int *stuck)
{
	size_t hops = 0;

	*stuck = 0;
	while (cad != NULL) {
		if (*k >= cad->nsteps) {
			if (cad->then_close || cad->then == NULL)
				return NULL;
			if (++hops > c->ncadences) {
				*stuck = 1;
				return NULL;
			}
			cad = leads_conf_cadence(c, cad->then);
			*k = 0;
			continue;
		}
		if (r == NULL || reachable(cad->steps[*k].channel, r))
			return cad;
		(*k)++;
	}
	return NULL;
}

int
leads_place(const struct leads_conf *c, const char *tz,
    const struct leads_cadence *cad, size_t k, int64_t base,
    const struct leads_reach *r, struct leads_place *p)
{
	const struct leads_cadence *at;
	size_t i = k;
	int stuck;

	memset(p, 0, sizeof(*p));
	p->base = base;
	if ((at = walk(c, cad, &i, r, &stuck)) == NULL && (stuck || k == 0)) {
		/*
		 * Nothing it can take, or a lead entering a cadence that
		 * offers it nothing: the step as it stands, for a person.
		 */
		i = k;
		at = walk(c, cad, &i, NULL, &stuck);
	}
	if (at == NULL)
		return 0;
	p->cad = at;
	p->step = i;
	p->due = leads_step_due(c, tz, base, &at->steps[i].after, &p->raw,
	    &p->why);
	return 1;
}
