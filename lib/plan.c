/*
 * plan.c - the plan of a lead nobody answers: each step of its cadence,
 * and of the cadences that follow, with the time it falls due.  Pure:
 * no I/O, no clock.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "plan.h"

const struct leads_cadence *
leads_plan_cadence(const struct leads_conf *c, const char *name,
    struct leads_err *err)
{
	struct leads_buf b = LEADS_BUF_INIT;
	const struct leads_cadence *cad;
	size_t i;
	int rc = 0;

	if (name != NULL && (cad = leads_conf_cadence(c, name)) != NULL)
		return cad;
	for (i = 0; i < c->ncadences && rc == 0; i++)
		rc = leads_buf_printf(&b, "%s%s", i == 0 ? "" :
		    i + 1 == c->ncadences ? " or " : ", ",
		    c->cadences[i].name);
	if (rc == -1)
		leads_err_nomem(err);
	else
		leads_errf(err, LEADS_EUSAGE, "unknown cadence '%s': use %s",
		    name != NULL ? name : "", leads_buf_str(&b));
	leads_buf_release(&b);
	return NULL;
}

/* The cadence after cad, or NULL at then: close. */
static const struct leads_cadence *
next_cadence(const struct leads_conf *c, const struct leads_cadence *cad)
{
	if (cad->then == NULL)
		return NULL;
	return leads_conf_cadence(c, cad->then);
}

struct leads_plan_item *
leads_plan(const struct leads_conf *c, const char *name, const char *tz,
    int64_t arrival, size_t max, size_t *n, struct leads_plan_end *end,
    struct leads_err *err)
{
	const struct leads_cadence *cad, *first;
	struct leads_plan_item *items, *it;
	struct leads_plan_end e = { LEADS_PLAN_CLOSE, NULL };
	unsigned char *seen;
	int64_t base = arrival;
	size_t total = 0, i, k = 0;

	*n = 0;
	if ((first = leads_plan_cadence(c, name, err)) == NULL)
		return NULL;
	if (tz == NULL)
		tz = c->timezone;
	if ((seen = calloc(c->ncadences, 1)) == NULL) {
		leads_err_nomem(err);
		return NULL;
	}
	/* Each cadence at most once: the plan has a bounded length. */
	for (cad = first; cad != NULL && !seen[cad - c->cadences];
	    cad = next_cadence(c, cad)) {
		seen[cad - c->cadences] = 1;
		total += cad->nsteps;
	}
	if (total > max)
		total = max;
	if ((items = calloc(total > 0 ? total : 1, sizeof(*items))) == NULL) {
		free(seen);
		leads_err_nomem(err);
		return NULL;
	}
	memset(seen, 0, c->ncadences);
	for (cad = first; cad != NULL; cad = next_cadence(c, cad)) {
		if (seen[cad - c->cadences]) {
			e.stop = LEADS_PLAN_REPEAT;
			e.next = cad->name;
			break;
		}
		seen[cad - c->cadences] = 1;
		for (i = 0; i < cad->nsteps; i++) {
			if (k == max) {
				e.stop = LEADS_PLAN_LIMIT;
				e.next = cad->name;
				goto done;
			}
			it = &items[k++];
			it->cadence = cad->name;
			it->step = i + 1;
			it->nsteps = cad->nsteps;
			it->st = &cad->steps[i];
			it->base = base;
			it->due = leads_step_due(c, tz, base, &it->st->after,
			    &it->raw, &it->why);
			base = it->due;
		}
	}
done:
	free(seen);
	*n = k;
	if (end != NULL)
		*end = e;
	return items;
}
