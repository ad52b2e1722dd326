/*
 * plan.h - what a cadence does to a lead if nobody ever answers: every
 * step and when it falls due.  Pure: no I/O, no clock.  Internal to
 * libleads and its programs, like conf.h (it hands out the model's
 * structs); not installed.
 */
#ifndef LEADS_PLAN_H
#define LEADS_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"

/* One planned step.  Pointers belong to the conf the plan was made from. */
struct leads_plan_item {
	const char *cadence;		/* the cadence's name */
	size_t step;			/* 1-based, within the cadence */
	size_t nsteps;			/* steps in the cadence */
	const struct leads_step *st;	/* channel, after, note, template, id */
	int64_t base;			/* the delay runs from here */
	int64_t raw;			/* base + delay */
	int64_t due;			/* raw moved into working hours */
	int why;			/* enum leads_shift_why: why moved */
};

/* Why a plan ends. */
enum leads_plan_stop {
	LEADS_PLAN_CLOSE,	/* the last cadence has no then: (close) */
	LEADS_PLAN_REPEAT,	/* then: names a cadence already planned */
	LEADS_PLAN_LIMIT	/* max items reached, more would follow */
};

struct leads_plan_end {
	enum leads_plan_stop stop;
	const char *next;	/* REPEAT, LIMIT: the cadence that would
				 * follow (owned by the conf), else NULL */
};

/*
 * The cadence called name, or NULL with err (LEADS_EUSAGE, "unknown
 * cadence 'x': use a, b or c").
 */
const struct leads_cadence *leads_plan_cadence(const struct leads_conf *c,
    const char *name, struct leads_err *err);

/*
 * The plan of a lead that arrives at `arrival` and enters cadence name,
 * in zone tz (NULL: c->timezone, which when unset means the local zone),
 * if no step is ever answered.  Step 1 is due at leads_step_due() from
 * the arrival; each later step from the due time of the step before (a
 * step is taken as done when it falls due).  When a cadence's steps run
 * out its then: cadence follows, starting from the last due time; the
 * plan ends at then: close, at a cadence that would be entered a second
 * time, or after max items.  *n gets the number of items and *end (may
 * be NULL) why the plan ends.
 *
 * Returns an array of *n items (never NULL on success, even when *n is
 * 0) for the caller to free(); NULL with err on failure (LEADS_EUSAGE
 * for an unknown cadence, LEADS_EOSERR when out of memory).
 */
struct leads_plan_item *leads_plan(const struct leads_conf *c,
    const char *name, const char *tz, int64_t arrival, size_t max,
    size_t *n, struct leads_plan_end *end, struct leads_err *err);

#endif
