/*
 * tz.c - local time in named zones, through the C library's TZ database.
 *
 * The C library knows zones only through the TZ environment variable, so
 * these functions set TZ while they work and put it back after.
 */
#include <limits.h>
#include <stdio.h>
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

int
leads_tz_valid(const char *tz)
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

/* UTC offset in seconds at t, TZ already in force. */
static long
utcoff(time_t t)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return tm.tm_gmtoff;
}

int
leads_tz_local(int64_t t, const char *tz, struct tm *tm)
{
	struct tzsave s;
	time_t tt = (time_t)t;
	int rc;

	if (tz_enter(tz, &s) == -1)
		return -1;
	rc = localtime_r(&tt, tm) == NULL ? -1 : 0;
	tz_leave(&s);
	return rc;
}

int
leads_tz_mktime(const struct tm *in, const char *tz, int64_t *t)
{
	struct tzsave s;
	struct tm tm = *in;
	time_t w, ta, tb;
	long ob, oa;
	int va, vb;

	tm.tm_isdst = 0;
	/* w: the wall-clock reading counted as if it were UTC. */
	if ((w = timegm(&tm)) == (time_t)-1 && tm.tm_year != 69)
		return -1;
	if (tz_enter(tz, &s) == -1)
		return -1;
	/* Offsets before and after any transition near w. */
	ob = utcoff(w - 2 * 86400);
	oa = utcoff(w + 2 * 86400);
	tb = w - ob;
	ta = w - oa;
	vb = utcoff(tb) == ob;
	va = utcoff(ta) == oa;
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
