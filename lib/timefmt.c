/*
 * timefmt.c - parsing and printing points in time.
 *
 * Everything is parsed by hand: strptime(3) takes month and day names
 * from the locale, while lead exports always use the English ones.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define YEAR_MIN	1970
#define YEAR_MAX	9999
#define TIME_MAX	INT64_C(253402300799)	/* 9999-12-31T23:59:59Z */
#define SHOW_MAX	60	/* bytes of a bad value quoted in errors */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A parsed time before conversion to an instant. */
struct when {
	int year, mon, day, hour, min, sec;
	int hasoff;		/* off is given; otherwise local time in tz */
	long off;		/* seconds east of UTC */
};

/* Within a string from p up to e (not NUL-terminated there). */
struct cur {
	const char *p;
	const char *e;
};

static const char *const month_names[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

static const char *const day_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/*
 * RFC 2822 section 4.3 obsolete zones.  Military letters other than Z
 * are left out: RFC 2822 says their sign was often wrong.
 */
static const char *const zone_names[] = {
	"ut", "gmt", "z", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt"
};
static const int zone_hours[] = {
	0, 0, 0, -5, -4, -6, -5, -7, -6, -8, -7
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
at(const struct cur *c, int ch)
{
	return c->p < c->e && *c->p == ch;
}

static int
eat(struct cur *c, int ch)
{
	if (!at(c, ch))
		return 0;
	c->p++;
	return 1;
}

/*
 * Read min to max digits (as many as there are, up to max) into *v.
 * 0 when there are fewer than min.
 */
static int
num(struct cur *c, int min, int max, int *v)
{
	int n = 0, x = 0;

	while (n < max && c->p < c->e && is_digit((unsigned char)*c->p)) {
		x = x * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	if (n < min)
		return 0;
	*v = x;
	return 1;
}

/* Skip white space inside a value; the number skipped. */
static size_t
skip_wsp(struct cur *c)
{
	const char *s = c->p;

	while (c->p < c->e && is_wsp((unsigned char)*c->p))
		c->p++;
	return (size_t)(c->p - s);
}

/*
 * Read a run of letters; the index of the name it is (case-insensitive)
 * among names[0..n), or -1.
 */
static int
word(struct cur *c, const char *const *names, size_t n)
{
	char w[8];
	size_t len = 0, i;

	while (c->p < c->e && is_alpha((unsigned char)*c->p)) {
		if (len < sizeof(w) - 1)
			w[len] = (char)lower((unsigned char)*c->p);
		len++;
		c->p++;
	}
	if (len >= sizeof(w))
		return -1;
	w[len] = '\0';
	for (i = 0; i < n; i++)
		if (strcmp(w, names[i]) == 0)
			return (int)i;
	return -1;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in(int y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* "+HH:MM", "+HHMM", "+HH" or "Z" (RFC 3339 and ISO 8601). */
static const char *
iso_offset(struct cur *c, struct when *w)
{
	int sign, h, m = 0;

	if (eat(c, 'Z') || eat(c, 'z')) {
		w->hasoff = 1;
		w->off = 0;
		return NULL;
	}
	if (eat(c, '+'))
		sign = 1;
	else if (eat(c, '-'))
		sign = -1;
	else
		return "unexpected text after the time";
	if (!num(c, 2, 2, &h))
		return "bad offset";
	if (eat(c, ':')) {
		if (!num(c, 2, 2, &m))
			return "bad offset";
	} else if (c->p < c->e && is_digit((unsigned char)*c->p)) {
		if (!num(c, 2, 2, &m))
			return "bad offset";
	}
	if (h > 23 || m > 59)
		return "offset out of range";
	w->hasoff = 1;
	w->off = sign * ((long)h * 3600 + (long)m * 60);
	return NULL;
}

/* YYYY-MM-DD[(T|t| )HH:MM[:SS[.fraction]][offset]] */
static const char *
parse_iso(struct cur *c, struct when *w)
{
	if (!num(c, 4, 4, &w->year) || !eat(c, '-') ||
	    !num(c, 2, 2, &w->mon) || !eat(c, '-') ||
	    !num(c, 2, 2, &w->day) ||
	    (c->p < c->e && is_digit((unsigned char)*c->p)))
		return "expected YYYY-MM-DD";
	if (c->p == c->e)
		return NULL;
	if (!eat(c, 'T') && !eat(c, 't') && !eat(c, ' '))
		return "expected 'T' or a space after the date";
	if (!num(c, 2, 2, &w->hour) || !eat(c, ':') ||
	    !num(c, 2, 2, &w->min))
		return "expected HH:MM after the date";
	if (eat(c, ':')) {
		if (!num(c, 2, 2, &w->sec))
			return "expected two digits of seconds";
		if (eat(c, '.')) {
			if (c->p == c->e || !is_digit((unsigned char)*c->p))
				return "expected digits after '.'";
			while (c->p < c->e && is_digit((unsigned char)*c->p))
				c->p++;
		}
	}
	if (c->p == c->e)
		return NULL;
	return iso_offset(c, w);
}

/* MM/DD/YYYY[ H:MM[:SS][ AM|PM]], or DD/MM/YYYY when MM would be over 12. */
static const char *
parse_us(struct cur *c, struct when *w)
{
	int a, b, pm;

	if (!num(c, 1, 2, &a) || !eat(c, '/') ||
	    !num(c, 1, 2, &b) || !eat(c, '/') ||
	    !num(c, 4, 4, &w->year) ||
	    (c->p < c->e && is_digit((unsigned char)*c->p)))
		return "expected MM/DD/YYYY";
	if (a > 12) {
		w->day = a;
		w->mon = b;
	} else {
		w->mon = a;
		w->day = b;
	}
	if (c->p == c->e)
		return NULL;
	if (!eat(c, ' ') || !num(c, 1, 2, &w->hour) || !eat(c, ':') ||
	    !num(c, 2, 2, &w->min))
		return "expected H:MM after the date";
	if (eat(c, ':') && !num(c, 2, 2, &w->sec))
		return "expected two digits of seconds";
	if (c->p == c->e)
		return NULL;
	if (!eat(c, ' ') || c->e - c->p != 2 ||
	    lower((unsigned char)c->p[1]) != 'm')
		return "expected AM or PM after the time";
	if (lower((unsigned char)c->p[0]) == 'a')
		pm = 0;
	else if (lower((unsigned char)c->p[0]) == 'p')
		pm = 1;
	else
		return "expected AM or PM after the time";
	c->p += 2;
	if (w->hour < 1 || w->hour > 12)
		return "hour out of range for a 12-hour clock";
	w->hour = w->hour % 12 + (pm ? 12 : 0);
	return NULL;
}

/* Trailing RFC 2822 comments: "(...)" with nesting and \-quoting. */
static const char *
mail_comments(struct cur *c)
{
	int depth;

	for (;;) {
		skip_wsp(c);
		if (c->p == c->e)
			return NULL;
		if (!eat(c, '('))
			return "unexpected text after the zone";
		for (depth = 1; depth > 0; c->p++) {
			if (c->p == c->e)
				return "unterminated comment";
			if (*c->p == '\\' && c->e - c->p > 1)
				c->p++;
			else if (*c->p == '(')
				depth++;
			else if (*c->p == ')')
				depth--;
		}
	}
}

/* [Day,] D Mon YYYY HH:MM[:SS] ZONE [(comment)] as in RFC 2822 3.3, 4.3. */
static const char *
parse_mail(struct cur *c, struct when *w)
{
	const char *s;
	int sign, h, m, i, ndig;

	if (c->p < c->e && is_alpha((unsigned char)*c->p)) {
		if (word(c, day_names, NELEM(day_names)) == -1)
			return "not a recognised date or time";
		skip_wsp(c);
		if (!eat(c, ','))
			return "expected ',' after the day name";
		skip_wsp(c);
	}
	if (!num(c, 1, 2, &w->day) || skip_wsp(c) == 0)
		return "expected the day of the month";
	if ((i = word(c, month_names, NELEM(month_names))) == -1)
		return "unknown month name";
	w->mon = i + 1;
	if (skip_wsp(c) == 0)
		return "expected the year";
	s = c->p;
	if (!num(c, 2, 4, &w->year) ||
	    (c->p < c->e && is_digit((unsigned char)*c->p)))
		return "bad year";
	/* RFC 2822 4.3: two-digit years are 1950-2049, three-digit +1900. */
	ndig = (int)(c->p - s);
	if (ndig == 2)
		w->year += w->year < 50 ? 2000 : 1900;
	else if (ndig == 3)
		w->year += 1900;
	if (skip_wsp(c) == 0 || !num(c, 2, 2, &w->hour) || !eat(c, ':') ||
	    !num(c, 2, 2, &w->min))
		return "expected HH:MM after the date";
	if (eat(c, ':') && !num(c, 2, 2, &w->sec))
		return "expected two digits of seconds";
	if (skip_wsp(c) == 0 || c->p == c->e)
		return "expected a zone after the time";
	if (at(c, '+') || at(c, '-')) {
		sign = *c->p++ == '-' ? -1 : 1;
		if (!num(c, 4, 4, &h) ||
		    (c->p < c->e && is_digit((unsigned char)*c->p)))
			return "bad zone offset";
		m = h % 100;
		h /= 100;
		if (h > 23 || m > 59)
			return "offset out of range";
		w->off = sign * ((long)h * 3600 + (long)m * 60);
	} else {
		if ((i = word(c, zone_names, NELEM(zone_names))) == -1)
			return "unknown zone";
		w->off = zone_hours[i] * 3600L;
	}
	w->hasoff = 1;
	return mail_comments(c);
}

/* 9-10 digits of seconds or 12-13 of milliseconds since the epoch. */
static const char *
parse_epoch(struct cur *c, int64_t *t)
{
	size_t n = (size_t)(c->e - c->p);
	int64_t v = 0;

	if (n != 9 && n != 10 && n != 12 && n != 13)
		return "epoch time needs 9-10 digits (seconds) or 12-13 "
		    "(milliseconds)";
	for (; c->p < c->e; c->p++)
		v = v * 10 + (*c->p - '0');
	*t = n >= 12 ? v / 1000 : v;
	return NULL;
}

static const char *
check(const struct when *w)
{
	if (w->year < YEAR_MIN || w->year > YEAR_MAX)
		return "year out of range";
	if (w->mon < 1 || w->mon > 12)
		return "month out of range";
	if (w->day < 1 || w->day > days_in(w->year, w->mon))
		return "day out of range";
	if (w->hour > 23)
		return "hour out of range";
	if (w->min > 59)
		return "minute out of range";
	if (w->sec > 60)
		return "second out of range";
	return NULL;
}

static const char *
convert(const struct when *w, const char *tz, int64_t *t)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = w->year - 1900;
	tm.tm_mon = w->mon - 1;
	tm.tm_mday = w->day;
	tm.tm_hour = w->hour;
	tm.tm_min = w->min;
	tm.tm_sec = w->sec == 60 ? 59 : w->sec;	/* no leap seconds here */
	if (w->hasoff) {
		*t = leads_utc_seconds(&tm) - w->off;
	} else if (leads_tz_mktime(&tm, tz, t) == -1)
		return "cannot convert the local time";
	/* Offsets can push the instant just past the allowed years. */
	if (*t < 0 || *t > TIME_MAX)
		return "outside the years 1970 to 9999";
	return NULL;
}

/* Report s[0..n) safely quoted: short, no control bytes, whole UTF-8. */
static int
bad(struct leads_err *err, const char *s, size_t n, const char *why)
{
	char show[SHOW_MAX + 4];

	leads_show(s, n, show, sizeof(show));
	return leads_errf(err, LEADS_EDATA, "bad time '%s': %s", show, why);
}

int
leads_time_parse(const char *s, const char *tz, int64_t *t,
    struct leads_err *err)
{
	struct cur c;
	struct when w;
	const char *why, *q;
	int64_t v = 0;

	if (s == NULL)
		s = "";
	c.p = s;
	c.e = s + strlen(s);
	while (c.p < c.e && is_space((unsigned char)*c.p))
		c.p++;
	while (c.e > c.p && is_space((unsigned char)c.e[-1]))
		c.e--;
	s = c.p;

	memset(&w, 0, sizeof(w));
	for (q = c.p; q < c.e && is_digit((unsigned char)*q); q++)
		;
	if (c.p == c.e)
		why = "empty";
	else if (q == c.e)
		why = parse_epoch(&c, &v);
	else if (q - c.p == 4 && *q == '-')
		why = parse_iso(&c, &w);
	else if (q - c.p >= 1 && q - c.p <= 2 && *q == '/')
		why = parse_us(&c, &w);
	else if (is_alpha((unsigned char)*c.p) ||
	    (q - c.p >= 1 && q - c.p <= 2 && is_wsp((unsigned char)*q)))
		why = parse_mail(&c, &w);
	else
		why = "not a recognised date or time";
	if (why == NULL && c.p != c.e)
		why = "unexpected text after the time";
	if (why == NULL && q != c.e && (why = check(&w)) == NULL)
		why = convert(&w, tz, &v);
	if (why != NULL)
		return bad(err, s, (size_t)(c.e - s), why);
	*t = v;
	return 0;
}

char *
leads_time_rfc3339(int64_t t, char *buf, size_t n)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	/* Only what fits RFC 3339's four-digit years. */
	if (n < 21 || t < INT64_C(-62167219200) || t > TIME_MAX ||
	    gmtime_r(&tt, &tm) == NULL)
		return buf;
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}
