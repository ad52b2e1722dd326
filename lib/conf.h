/*
 * conf.h - the cadence file's model, shared inside libleads; not
 * installed.  Programs see it through the leads_conf_* functions.
 */
#ifndef LEADS_CONF_H
#define LEADS_CONF_H

#include <stdint.h>
#include <time.h>

#include "leads.h"

enum leads_unit {
	LEADS_U_MIN,		/* m: minutes */
	LEADS_U_HOUR,		/* h: hours */
	LEADS_U_DAY,		/* d: calendar days, same wall-clock time */
	LEADS_U_BDAY,		/* bd: business days: open, non-holiday */
	LEADS_U_WEEK		/* w: 7 calendar days */
};

struct leads_dur {
	long n;
	enum leads_unit unit;
};

enum leads_channel {
	LEADS_CH_CALL, LEADS_CH_EMAIL, LEADS_CH_SMS, LEADS_CH_MAIL,
	LEADS_CH_TASK, LEADS_NCHANNELS
};

struct leads_step {
	enum leads_channel channel;
	struct leads_dur after;	/* delay after the previous step */
	char *note;		/* may be NULL */
	char *template;		/* may be NULL */
	char *id;		/* stable id: `id:` or derived from content */
	long line;		/* where it is in the file */
	long tpl_line, tpl_col;	/* where its template: value is */
};

struct leads_cadence {
	char *name;
	struct leads_step *steps;
	size_t nsteps;
	char *then;		/* next cadence's name, or NULL: close */
	int then_close;		/* then: close */
	long line;
};

/* A rule matching lead fields with shell globs (fnmatch). */
struct leads_match {
	char **field;		/* lead field names: source, owner, ... */
	char **glob;
	size_t n;
};

struct leads_entry {
	struct leads_match match;
	char *cadence;
};

struct leads_assign_rule {
	struct leads_match match;
	char *owner;		/* a name, or NULL: round-robin */
};

struct leads_owner {
	char *name;
	char *email;		/* From: of emails sent for this owner */
	int64_t away_until;	/* away until this instant; 0: not away */
};

/* What a logged outcome does (lead-log). */
enum leads_action {
	LEADS_ACT_ADVANCE,	/* step done, next step */
	LEADS_ACT_BOOK,		/* wait until --next */
	LEADS_ACT_CADENCE,	/* switch cadence */
	LEADS_ACT_WON,
	LEADS_ACT_LOST,
	LEADS_ACT_DNC,
	LEADS_ACT_BAD_PHONE,
	LEADS_ACT_NOTE		/* history only */
};

struct leads_outcome {
	char *name;
	int attempt;		/* counts as an attempt */
	int contact;		/* counts as a contact */
	enum leads_action action;
	char *cadence;		/* for LEADS_ACT_CADENCE */
	char *meanwhile;	/* book: a cadence to follow until then */
	int requires_next;	/* --next is required */
	int requires_reason;	/* --reason is required */
	long line;		/* 0: built in */
};

/* Working hours of one weekday: up to 4 intervals, minutes from 00:00. */
struct leads_day {
	int n;
	int from[4];
	int to[4];
};

struct leads_conf {
	char *name;		/* file name, or "(built-in)" */
	char *timezone;		/* default zone of leads, NULL: local */
	char country[3];	/* default phone country, "" if none */
	int has_hours;		/* no hours: always open */
	struct leads_day hours[7];	/* [0] Sunday, as struct tm */
	int32_t *holidays;	/* sorted, as YYYYMMDD */
	size_t nholidays;
	int64_t target;		/* speed to lead: first touch within (s) */
	int64_t escalate;	/* escalate the first step after (s) */
	int min_attempts;	/* leak report: "stopped before N" (5) */
	struct leads_owner *owners;
	size_t nowners;
	struct leads_assign_rule *assign;	/* empty: round-robin */
	size_t nassign;
	char *assign_fixed;	/* assign: NAME */
	char *backup;
	double value;		/* default value of a lead */
	struct leads_entry *entry;
	size_t nentry;
	struct leads_cadence *cadences;
	size_t ncadences;
	struct leads_outcome *outcomes;	/* built-ins merged with the file */
	size_t noutcomes;
	char *templates_dir;	/* templates: as written, or NULL */
	long templates_line, templates_col;
	char *from;		/* from: sender when the owner has no email */
	char *sendmail;		/* sendmail: the command lead-send runs */
	int builtin;		/* the built-in file */
	uint64_t hash;		/* of the file's text: has it changed? */
};

/* Do the lead's fields (n pairs of name and value) match every glob? */
int leads_match_ok(const struct leads_match *m, const char *const fields[][2],
    size_t n);

/* ---- schedule.c: when a step falls ---------------------------------- */

/* Why a time was moved to the next opening. */
enum leads_shift_why {
	LEADS_SHIFT_NONE,
	LEADS_SHIFT_HOURS,	/* outside working hours */
	LEADS_SHIFT_CLOSED,	/* a day with no hours */
	LEADS_SHIFT_HOLIDAY
};

/* Is the calendar date d (year, month, day of a struct tm) a holiday? */
int leads_is_holiday(const struct leads_conf *c, const struct tm *d);

/*
 * The first moment at or after t inside working hours in tz (NULL: the
 * local zone); *why (may be NULL) says why it moved.  Without hours every
 * day but a holiday is open all day.
 */
int64_t leads_next_open(const struct leads_conf *c, const char *tz,
    int64_t t, int *why);

/*
 * base plus a delay: minutes and hours exactly; days and weeks to the
 * same wall-clock time (across daylight-saving changes); business days to
 * the same time of day on the nth open, non-holiday day after base's.
 */
int64_t leads_after(const struct leads_conf *c, const char *tz,
    int64_t base, const struct leads_dur *d);

/* leads_after, then leads_next_open; *raw (may be NULL) before the shift. */
int64_t leads_step_due(const struct leads_conf *c, const char *tz,
    int64_t base, const struct leads_dur *d, int64_t *raw, int *why);

const char *leads_shift_name(int why);

/*
 * One UTC day (day = t / 86400) as seen in zone tz: the local dates it
 * spans (YYYYMMDD; the second starts at midnight, INT64_MAX when there
 * is one date) and the spans inside working hours, clipped to the day.
 */
struct leads_dayview {
	int64_t day;
	int32_t date[2];
	int64_t midnight;
	int nopen;
	int64_t open[8][2];	/* [from, to) */
};
void leads_dayview(const struct leads_conf *c, const char *tz, int64_t day,
    struct leads_dayview *v);

/* The zone a lead's steps fall in: its own, else the file's (NULL: local). */
const char *leads_conf_tz(const struct leads_conf *c, const char *lead_tz);

/* How a lead can be reached: steps it cannot take are passed over. */
struct leads_reach {
	int phone;		/* has a phone not marked wrong */
	int email;
};

/* Where a lead stands in its cadence. */
struct leads_place {
	const struct leads_cadence *cad;	/* owned by the conf */
	size_t step;		/* index of its next step in cad */
	int64_t base;		/* the step's delay runs from */
	int64_t raw;		/* base + delay */
	int64_t due;		/* raw moved into working hours */
	int why;		/* enum leads_shift_why */
};

/*
 * Place a lead at step k (0-based) of cad, the delay running from base
 * (when the previous step was done, or the inquiry): steps the lead
 * cannot take (r, may be NULL: any) are passed over, and past the last
 * step the cadence's then: follows, from the same base.  If it can take
 * no step at all, or none before the cadences close and k is 0 (a lead
 * entering a cadence), the step as it stands is kept for a person.
 * 1 when placed, 0 when the cadences run out (then: close).
 */
int leads_place(const struct leads_conf *c, const char *tz,
    const struct leads_cadence *cad, size_t k, int64_t base,
    const struct leads_reach *r, struct leads_place *p);

#endif
