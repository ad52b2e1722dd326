/*
 * when.c - times as a rep types them: "tomorrow 10:00", "mon 9am",
 * "+3d", "in 2 weeks", "3 days ago", or any time leads_time_parse takes.
 * Pure: the clock and the zone are arguments.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "internal.h"
#include "leads.h"

#define MAXWORDS 8
#define MAXLEN 200
#define LIMIT ((int64_t)1000 * 366 * 86400)	/* a thousand years */

enum unit { U_MIN, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_YEAR };

static const struct { const char *name; enum unit u; } units[] = {
	{ "m", U_MIN }, { "min", U_MIN }, { "mins", U_MIN },
	{ "minute", U_MIN }, { "minutes", U_MIN },
	{ "h", U_HOUR }, { "hr", U_HOUR }, { "hrs", U_HOUR },
	{ "hour", U_HOUR }, { "hours", U_HOUR },
	{ "d", U_DAY }, { "day", U_DAY }, { "days", U_DAY },
	{ "w", U_WEEK }, { "wk", U_WEEK }, { "wks", U_WEEK },
	{ "week", U_WEEK }, { "weeks", U_WEEK },
	{ "mo", U_MONTH }, { "mon", U_MONTH }, { "month", U_MONTH },
	{ "months", U_MONTH },
	{ "y", U_YEAR }, { "yr", U_YEAR }, { "yrs", U_YEAR },
	{ "year", U_YEAR }, { "years", U_YEAR }
};

static const char *const wdays[7][3] = {
	{ "sun", "sunday", NULL }, { "mon", "monday", NULL },
	{ "tue", "tuesday", "tues" }, { "wed", "wednesday", NULL },
	{ "thu", "thursday", "thurs" }, { "fri", "friday", NULL },
	{ "sat", "saturday", NULL }
};

struct words {
	char buf[MAXLEN + 1];
	char *w[MAXWORDS];
	int n;
};

static int
split(const char *s, struct words *ws)
{
	char *p, *save = NULL;
	size_t i;

	if (strlen(s) > MAXLEN)
		return -1;
	for (i = 0; s[i] != '\0'; i++)
		ws->buf[i] = (char)tolower((unsigned char)s[i]);
	ws->buf[i] = '\0';
	ws->n = 0;
	for (p = strtok_r(ws->buf, " \t", &save); p != NULL;
	    p = strtok_r(NULL, " \t", &save)) {
		if (ws->n == MAXWORDS)
			return -1;
		ws->w[ws->n++] = p;
	}
	return ws->n > 0 ? 0 : -1;
}

static int
unit_of(const char *s, enum unit *u)
{
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(units[i].name, s) == 0) {
			*u = units[i].u;
			return 0;
		}
	return -1;
}

static int
weekday_of(const char *s)
{
	int d, k;

	for (d = 0; d < 7; d++)
		for (k = 0; k < 3; k++)
			if (wdays[d][k] != NULL && strcmp(wdays[d][k], s) == 0)
				return d;
	return -1;
}

/* A count: digits only, at most 6 of them. */
static int
count_of(const char *s, const char **end, long *n)
{
	char *e;

	if (!isdigit((unsigned char)*s))
		return -1;
	*n = strtol(s, &e, 10);
	if (e - s > 6)
		return -1;
	*end = e;
	return 0;
}

/*
 * A time of day from words w[0..] ("10:00", "9am", "9 am", "9:30pm",
 * "noon", "midnight", with an optional leading "at"): the number of
 * words used, or -1.
 */
static int
time_of_day(char *const *w, int n, int *hh, int *mm)
{
	const char *p, *s;
	int used = 0, h, m = 0, colon = 0;
	char *e;

	if (n > 0 && strcmp(w[0], "at") == 0) {
		w++;
		n--;
		used = 1;
	}
	if (n == 0)
		return -1;
	if (strcmp(w[0], "noon") == 0 || strcmp(w[0], "midnight") == 0) {
		*hh = w[0][0] == 'n' ? 12 : 0;
		*mm = 0;
		return used + 1;
	}
	s = w[0];
	if (!isdigit((unsigned char)*s))
		return -1;
	h = (int)strtol(s, &e, 10);
	if (e - s > 2)
		return -1;
	p = e;
	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]))
			return -1;
		m = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		colon = 1;
	}
	used++;
	if (*p == '\0' && n > 1 && (strcmp(w[1], "am") == 0 ||
	    strcmp(w[1], "pm") == 0)) {
		p = w[1];
		used++;
	}
	if (strcmp(p, "am") == 0 || strcmp(p, "pm") == 0) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (*p == 'p' ? 12 : 0);
	} else if (*p != '\0' || !colon)	/* "10" alone is no time */
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*hh = h;
	*mm = m;
	return used;
}

/* t moved by n units in tz: days and longer keep the wall-clock time. */
static int
shift(int64_t t, const char *tz, long n, enum unit u, int64_t *out)
{
	static const int64_t secs[] = { 60, 3600 };
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	struct tm tm;
	int y, last;

	if (u == U_MIN || u == U_HOUR) {
		if ((int64_t)labs(n) * secs[u] > LIMIT)
			return -1;
		*out = t + n * secs[u];
		return 0;
	}
	if (labs(n) > (u == U_DAY ? 366000 : u == U_WEEK ? 52300 :
	    u == U_MONTH ? 12000 : 1000) || leads_tz_local(t, tz, &tm) == -1)
		return -1;
	if (u == U_DAY || u == U_WEEK)
		tm.tm_mday += (int)(u == U_WEEK ? 7 * n : n);
	else {
		if (u == U_YEAR)
			n *= 12;
		tm.tm_mon += (int)n;
		tm.tm_year += tm.tm_mon / 12;
		tm.tm_mon %= 12;
		if (tm.tm_mon < 0) {
			tm.tm_mon += 12;
			tm.tm_year--;
		}
		y = tm.tm_year + 1900;
		last = mdays[tm.tm_mon] + (tm.tm_mon == 1 && y % 4 == 0 &&
		    (y % 100 != 0 || y % 400 == 0));
		if (tm.tm_mday > last)
			tm.tm_mday = last;
	}
	return leads_tz_mktime(&tm, tz, out);
}

/* t's day (in tz) at hh:mm. */
static int
at_time(int64_t t, const char *tz, int hh, int mm, int64_t *out)
{
	struct tm tm;

	if (leads_tz_local(t, tz, &tm) == -1)
		return -1;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = 0;
	return leads_tz_mktime(&tm, tz, out);
}

/*
 * A relative time in words w[0..n): "+3d", "+3 days", "-2h", "in 2
 * weeks", "in a week", "3 days ago"; its end in *used.  0 or -1.
 */
static int
relative(char *const *w, int n, int past, int64_t now, const char *tz,
    int64_t *t, int *used, int *has_time)
{
	const char *p, *us;
	enum unit u;
	long k;
	int sign = 1, i = 0;

	if (w[0][0] == '+' || w[0][0] == '-') {
		sign = w[0][0] == '-' ? -1 : 1;
		p = w[0] + 1;
	} else if (strcmp(w[0], "in") == 0 && n > 1) {
		p = w[++i];
		if (strcmp(p, "a") == 0 || strcmp(p, "an") == 0) {
			if (i + 1 >= n || unit_of(w[i + 1], &u) == -1)
				return -1;
			k = 1;
			i += 2;
			goto done;
		}
	} else
		p = w[0];
	if (count_of(p, &us, &k) == -1)
		return -1;
	if (*us != '\0') {
		if (unit_of(us, &u) == -1)
			return -1;
		i++;
	} else {
		if (i + 1 >= n || unit_of(w[i + 1], &u) == -1)
			return -1;
		i += 2;
	}
	/* "3 days" alone is no time: it needs +, in or ago. */
	if (w[0][0] != '+' && w[0][0] != '-' && strcmp(w[0], "in") != 0) {
		if (i >= n || strcmp(w[i], "ago") != 0)
			return -1;
		sign = -1;
		i++;
	}
done:
	if (sign < 0 && !past)
		return -1;
	if (shift(now, tz, sign * k, u, t) == -1)
		return -1;
	*has_time = 1;
	*used = i;
	/* "+2h 10:00" makes no sense: a time of day follows days only. */
	return i < n && (u == U_MIN || u == U_HOUR) ? -1 : 0;
}

/* A day word: today, tomorrow, yesterday, a weekday, next ..., next week. */
static int
day_word(char *const *w, int n, int past, int64_t now, const char *tz,
    int64_t *t, int *used)
{
	struct tm tm;
	int d, i = 0, days;

	if (strcmp(w[0], "next") == 0 && n > 1)
		i = 1;
	if (leads_tz_local(now, tz, &tm) == -1)
		return -1;
	if (i == 1 && strcmp(w[1], "week") == 0)
		days = 7;
	else if (i == 0 && strcmp(w[0], "today") == 0)
		days = 0;
	else if (i == 0 && strcmp(w[0], "tomorrow") == 0)
		days = 1;
	else if (i == 0 && past && strcmp(w[0], "yesterday") == 0)
		days = -1;
	else if ((d = weekday_of(w[i])) != -1)
		days = (d - tm.tm_wday + 6) % 7 + 1;	/* strictly after */
	else
		return -1;
	tm.tm_mday += days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	*used = i + 1;
	return leads_tz_mktime(&tm, tz, t);
}

/* Nonsense: say so, with examples of what the caller may give. */
static int
bad(struct leads_err *err, const char *s, int past)
{
	char shown[52];

	leads_show(s, strlen(s), shown, sizeof(shown));
	if (past)
		return leads_errf(err, LEADS_EUSAGE, "bad time '%s': try"
		    " \"yesterday\", \"mon\", \"-3d\", \"2 weeks ago\" or"
		    " \"2026-11-01\"", shown);
	return leads_errf(err, LEADS_EUSAGE, "bad time '%s': try \"tomorrow"
	    " 10:00\", \"mon 9am\", \"+3d\", \"in 2 weeks\" or \"2027-01-15"
	    " 14:30\"", shown);
}

int
leads_when_parse(const char *s, int64_t now, const char *tz, int flags,
    int64_t *t, int *has_time, struct leads_err *err)
{
	struct words ws;
	int used = 0, ht = 0, hh, mm, k, past = flags & LEADS_WHEN_PAST;
	int64_t end;

	if (split(s, &ws) == -1)
		return bad(err, s, flags & LEADS_WHEN_PAST);
	if (relative(ws.w, ws.n, past, now, tz, t, &used, &ht) == 0 ||
	    day_word(ws.w, ws.n, past, now, tz, t, &used) == 0)
		;
	else if ((k = time_of_day(ws.w, ws.n, &hh, &mm)) > 0 &&
	    k == ws.n) {
		/* A time alone: today if it is still ahead, else tomorrow. */
		if (at_time(now, tz, hh, mm, t) == -1)
			return bad(err, s, flags & LEADS_WHEN_PAST);
		if (*t <= now && !past && shift(*t, tz, 1, U_DAY, t) == -1)
			return bad(err, s, flags & LEADS_WHEN_PAST);
		used = k;
		ht = 1;
	} else {
		/* A date or time leads_time_parse knows, maybe then "3pm". */
		if (leads_time_parse(s, tz, t, NULL) == 0) {
			used = ws.n;
			ht = strchr(s, ':') != NULL || strspn(s, "0123456789")
			    == strlen(s);
		} else if (leads_time_parse(ws.w[0], tz, t, NULL) == 0 &&
		    strchr(ws.w[0], ':') == NULL)
			used = 1;
		else
			return bad(err, s, flags & LEADS_WHEN_PAST);
	}
	if (used < ws.n) {
		/* The rest is the time of day, which replaces the clock's. */
		k = time_of_day(ws.w + used, ws.n - used, &hh, &mm);
		if (k != ws.n - used || at_time(*t, tz, hh, mm, t) == -1)
			return bad(err, s, flags & LEADS_WHEN_PAST);
		ht = 1;
	}
	if (has_time != NULL)
		*has_time = ht;
	if (flags & LEADS_WHEN_FUTURE) {
		end = *t;
		if (!ht && shift(*t, tz, 1, U_DAY, &end) == -1)
			return bad(err, s, flags & LEADS_WHEN_PAST);
		if ((ht ? end : end - 1) < now) {
			char shown[52];
			leads_show(s, strlen(s), shown, sizeof(shown));
			return leads_errf(err, LEADS_EUSAGE, "'%s' is in the past:"
			    " try \"tomorrow 10:00\", \"+3d\" or a later date",
			    shown);
		}
	}
	return 0;
}
