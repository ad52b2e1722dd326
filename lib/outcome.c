/*
 * outcome.c - a logged outcome and what follows from it: the step done,
 * the next one placed, a call booked, the lead closed.  The rules are the
 * cadence file's outcomes (built-ins merged with the file's).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "conf.h"
#include "internal.h"
#include "row.h"
#include "store.h"

const char *const leads_lost_reasons[] = {
	"cheaper quote", "no budget now", "changed mind", "lost our quote",
	"can't decide", "not suitable", "no response", NULL
};

/* The channel an outcome was most likely on, or -1. */
static int
outcome_channel(const char *name)
{
	static const struct { const char *name; int ch; } map[] = {
		{ "no_answer", LEADS_CH_CALL }, { "voicemail", LEADS_CH_CALL },
		{ "busy", LEADS_CH_CALL }, { "connected", LEADS_CH_CALL },
		{ "wrong_number", LEADS_CH_CALL },
		{ "emailed", LEADS_CH_EMAIL }, { "mailed", LEADS_CH_MAIL },
		{ "texted", LEADS_CH_SMS }
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].name, name) == 0)
			return map[i].ch;
	return -1;
}

int
leads_outcome_list(const struct leads_conf *c, char *buf, size_t n)
{
	size_t i, len = 0;
	int w;

	if (n > 0)
		buf[0] = '\0';
	for (i = 0; i < c->noutcomes; i++) {
		w = snprintf(buf + len, n - len, "%s%s", i > 0 ? ", " : "",
		    c->outcomes[i].name);
		if (w < 0 || (size_t)w >= n - len)
			return -1;
		len += (size_t)w;
	}
	return 0;
}

/* Check the request against the outcome's rule: 0, or -1 (EUSAGE). */
static int
check(const struct leads_conf *c, const struct leads_outcome *o,
    const struct leads_log *l, struct leads_err *err)
{
	char names[2048];
	const char *const *r;
	struct leads_buf b = LEADS_BUF_INIT;

	if (o == NULL) {
		leads_outcome_list(c, names, sizeof(names));
		return leads_errf(err, LEADS_EUSAGE, "unknown outcome '%s':"
		    " use %s", l->outcome, names);
	}
	if (o->requires_next && l->next == 0)
		return leads_errf(err, LEADS_EUSAGE, "%s needs --next WHEN:"
		    " when to call again, e.g. --next \"tue 10:00\"",
		    o->name);
	if (l->next != 0 && (o->action == LEADS_ACT_WON ||
	    o->action == LEADS_ACT_LOST || o->action == LEADS_ACT_DNC ||
	    o->action == LEADS_ACT_BAD_PHONE || o->action == LEADS_ACT_NOTE))
		return leads_errf(err, LEADS_EUSAGE, "--next does not go with"
		    " %s", o->name);
	if (l->next != 0 && l->next <= l->at)
		return leads_errf(err, LEADS_EUSAGE, "--next must be later"
		    " than the time it happened");
	if (o->requires_reason && (l->reason == NULL || *l->reason == '\0')) {
		for (r = leads_lost_reasons; *r != NULL; r++)
			if (leads_buf_printf(&b, "%s\"%s\"",
			    r == leads_lost_reasons ? "" : ", ", *r) == -1) {
				leads_buf_release(&b);
				return leads_err_nomem(err);
			}
		leads_errf(err, LEADS_EUSAGE, "%s needs --reason TEXT, such"
		    " as %s", o->name, leads_buf_str(&b));
		leads_buf_release(&b);
		return -1;
	}
	if (l->channel != NULL && leads_channel_parse(l->channel) == -1)
		return leads_errf(err, LEADS_EUSAGE, "unknown channel '%s':"
		    " use call, email, sms, mail or task", l->channel);
	return 0;
}

/* set[k] = v, or null when v is 0 (a time) or NULL (text). */
static int
put_time(json_t *set, const char *k, int64_t v)
{
	return json_object_set_new(set, k, v != 0 ? json_integer(v) :
	    json_null());
}

static int
put_text(json_t *set, const char *k, const char *v)
{
	return json_object_set_new(set, k, v != NULL ? json_string(v) :
	    json_null());
}

int
leads_place_set(json_t *set, const struct leads_place *p, int64_t due)
{
	if (p == NULL || p->cad == NULL)
		return put_text(set, "cadence", NULL) |
		    json_object_set_new(set, "step", json_integer(0)) |
		    put_text(set, "step_id", NULL) |
		    put_time(set, "step_base", 0) | put_time(set, "due_at", due);
	return put_text(set, "cadence", p->cad->name) |
	    json_object_set_new(set, "step", json_integer((json_int_t)p->step
	    + 1)) | put_text(set, "step_id", p->cad->steps[p->step].id) |
	    put_time(set, "step_base", p->base) | put_time(set, "due_at", due);
}

/* Close the lead: status, when, why. */
static int
close_set(json_t *set, const char *status, int64_t at, const char *reason)
{
	return put_text(set, "status", status) | put_time(set, "closed_at", at) |
	    put_text(set, "lost_reason", reason) | put_time(set, "due_at", 0) |
	    put_time(set, "booked_at", 0);
}

/* The cadence the row stands in (NULL: none known) and its step index. */
static const struct leads_cadence *
current(const struct leads_conf *c, sqlite3_stmt *row, long *k)
{
	const char *name = leads_col_text(row, L_CADENCE);
	const struct leads_cadence *cad;

	*k = 0;
	if (name == NULL || (cad = leads_conf_cadence(c, name)) == NULL)
		return NULL;
	if ((*k = leads_step_index(cad, leads_col_text(row, L_STEP_ID))) ==
	    -1)
		*k = (long)sqlite3_column_int64(row, L_STEP) - 1;
	if (*k < 0)
		*k = 0;
	return cad;
}

/* The phone is wrong: place the lead again, its calls passed over. */
static int
no_calls(const struct leads_conf *c, sqlite3_stmt *row, json_t *set)
{
	const struct leads_cadence *cad;
	int64_t booked = leads_col_time(row, L_BOOKED_AT);
	struct leads_reach r;
	struct leads_place p;
	long k;

	leads_row_reach(row, &r);
	r.phone = 0;
	if ((cad = current(c, row, &k)) == NULL ||
	    !leads_place(c, leads_conf_tz(c, leads_col_text(row, L_TZ)), cad,
	    (size_t)k, leads_col_time(row, L_STEP_BASE), &r, &p))
		return 0;
	return leads_place_set(set, &p, booked != 0 && booked < p.due ?
	    booked : p.due);
}

/*
 * Where an open lead goes after an outcome that moves it on: the
 * placement and the due time into set; `closed` when the cadences ran
 * out and nothing is booked.
 */
static int
move_on(const struct leads_conf *c, sqlite3_stmt *row,
    const struct leads_outcome *o, const struct leads_log *l, json_t *set,
    int *closed)
{
	const char *tz = leads_conf_tz(c, leads_col_text(row, L_TZ));
	const struct leads_cadence *cad;
	int64_t booked = leads_col_time(row, L_BOOKED_AT);
	int64_t due = leads_col_time(row, L_DUE_AT), base;
	/* The booked call was the thing due: this outcome is that call. */
	int was_booked = booked != 0 && booked == due, placed;
	struct leads_reach r;
	struct leads_place p;
	long k;

	memset(&p, 0, sizeof(p));
	leads_row_reach(row, &r);
	if (was_booked || l->next != 0)
		booked = l->next;
	/* The cadence runs on from the booked time, or from now. */
	base = l->next != 0 ? l->next : l->at;
	if (o->action == LEADS_ACT_BOOK && o->meanwhile != NULL) {
		/* Keep in touch until the booked call. */
		cad = leads_conf_cadence(c, o->meanwhile);
		k = 0;
		base = l->at;
	} else if (o->action == LEADS_ACT_CADENCE) {
		cad = leads_conf_cadence(c, o->cadence);
		k = 0;
	} else if ((cad = current(c, row, &k)) != NULL && !was_booked)
		k++;	/* the step is done; a booked call resumes it */
	if (cad != NULL)
		placed = leads_place(c, tz, cad, (size_t)k, base, &r, &p);
	else if (!(placed = leads_enter_row(c, row, base, NULL, &p)) &&
	    booked == 0) {
		/* No cadence to follow: a person decides; nothing due. */
		*closed = 0;
		return put_time(set, "due_at", 0);
	}
	*closed = !placed && booked == 0;
	if (*closed)
		return 0;
	due = placed && (booked == 0 || p.due < booked) ? p.due : booked;
	return leads_place_set(set, placed ? &p : NULL, due) |
	    put_time(set, "booked_at", booked);
}

int
leads_log(struct leads_db *db, const struct leads_conf *c, int64_t id,
    const struct leads_log *l, int64_t now, const char *actor,
    struct leads_logged *res, struct leads_err *err)
{
	const struct leads_outcome *o = leads_conf_outcome(c, l->outcome);
	const struct leads_cadence *cad;
	struct leads_event ev = { 0 };
	sqlite3_stmt *row;
	json_t *set = NULL, *data = NULL;
	const char *status;
	int rc, ch, closed = 0, open;
	long k;

	memset(res, 0, sizeof(*res));
	if (check(c, o, l, err) == -1)
		return -1;
	if (l->fp != 0) {
		if ((rc = leads_fp_seen(db, id, l->fp, err)) != 0) {
			res->duplicate = 1;
			return rc == 1 ? 0 : -1;
		}
	}
	/* Nothing more is written of a person who asked to be forgotten. */
	if ((rc = leads_forgotten(db, id, err)) != 0)
		return rc == -1 ? -1 : leads_errf(err, LEADS_EUSAGE, "lead %"
		    PRId64 " was forgotten: nothing more is recorded of it",
		    id);
	if ((row = leads_lead_row(db, id, &rc, err)) == NULL)
		return -1;
	if (rc != 1) {
		sqlite3_reset(row);
		return rc == 0 ? leads_errf(err, LEADS_ENOINPUT,
		    "no lead %" PRId64, id) : -1;
	}
	if ((set = json_object()) == NULL || (data = json_object()) == NULL)
		goto nomem;
	status = leads_col_text(row, L_STATUS);
	open = strcmp(status, "active") == 0;
	ch = l->channel != NULL ? leads_channel_parse(l->channel) :
	    outcome_channel(o->name);
	if (ch == -1 && open && (cad = current(c, row, &k)) != NULL)
		ch = (int)cad->steps[k].channel;
	rc = 0;
	switch (o->action) {
	case LEADS_ACT_NOTE:
		break;
	case LEADS_ACT_WON:
		if (strcmp(status, "won") != 0)
			rc = close_set(set, "won", l->at, NULL);
		break;
	case LEADS_ACT_LOST:
		if (strcmp(status, "dnc") != 0)
			rc = close_set(set, "lost", l->at, l->reason);
		break;
	case LEADS_ACT_DNC:
		if (strcmp(status, "dnc") != 0)
			rc = close_set(set, "dnc", l->at, NULL);
		break;
	case LEADS_ACT_BAD_PHONE:
		rc = json_object_set_new(set, "phone_bad", json_integer(1));
		if (rc == 0 && open)
			rc = no_calls(c, row, set);
		break;
	default:
		/* A lost lead who talks to us is open again; won and dnc stay. */
		if (!open && strcmp(status, "lost") == 0 && o->contact) {
			rc = put_text(set, "status", "active") |
			    put_time(set, "closed_at", 0) |
			    put_text(set, "lost_reason", NULL);
			open = 1;
		}
		if (!open)
			break;
		rc = move_on(c, row, o, l, set, &closed);
		if (rc == 0 && closed)
			rc = close_set(set, "lost", l->at, "no response");
		if (rc == 0 && o->contact && l->next == 0 &&
		    o->action == LEADS_ACT_ADVANCE)
			res->no_next = 1;
		break;
	}
	sqlite3_reset(row);
	if (rc != 0 ||
	    (l->next != 0 && json_object_set_new(data, "next",
	    json_integer(l->next)) == -1) ||
	    (l->reason != NULL && json_object_set_new(data, "reason",
	    json_string(l->reason)) == -1))
		goto nomem;
	ev.kind = "logged";
	ev.at = l->at;
	ev.outcome = o->name;
	ev.channel = ch >= 0 ? leads_channel_name(ch) : NULL;
	ev.note = l->note;
	ev.touch = o->contact ? LEADS_TOUCH_CONTACT :
	    o->attempt ? LEADS_TOUCH_ATTEMPT : LEADS_TOUCH_NONE;
	ev.fp = l->fp;
	ev.data = data;
	rc = leads_apply(db, id, set, &ev, now, actor, err);
	json_decref(set);
	json_decref(data);
	if (rc == -1)
		return -1;
	return leads_lead_state(db, id, res, err);
nomem:
	sqlite3_reset(row);
	json_decref(set);
	json_decref(data);
	return leads_err_nomem(err);
}

int
leads_lead_state(struct leads_db *db, int64_t id, struct leads_logged *res,
    struct leads_err *err)
{
	sqlite3_stmt *row;
	const char *s;
	int rc;

	if ((row = leads_lead_row(db, id, &rc, err)) == NULL)
		return -1;
	if (rc == 1) {
		snprintf(res->status, sizeof(res->status), "%s",
		    leads_col_text(row, L_STATUS));
		res->due_at = leads_col_time(row, L_DUE_AT);
		res->booked_at = leads_col_time(row, L_BOOKED_AT);
		res->step = (long)sqlite3_column_int64(row, L_STEP);
		s = leads_col_text(row, L_CADENCE);
		snprintf(res->cadence, sizeof(res->cadence), "%s",
		    s != NULL ? s : "");
		s = leads_col_text(row, L_TZ);
		snprintf(res->tz, sizeof(res->tz), "%s", s != NULL ? s : "");
	} else if (rc == 0)
		rc = leads_errf(err, LEADS_ENOINPUT, "no lead %" PRId64, id);
	sqlite3_reset(row);
	return rc == 1 ? 0 : -1;
}
