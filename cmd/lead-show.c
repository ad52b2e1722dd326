/*
 * lead-show - a lead and its whole history.  Leads from the arguments,
 * or one per line on standard input (lead-ls -o id | lead-show).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common.h"
#include "conf.h"

static const char usage[] =
    "lead-show [-V] [-c cadences] [-d db] [-o format] [lead ...]";

static const struct option longopts[] = {
	{ "cadences", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

struct run {
	struct leads_db *db;
	struct leads_conf *conf;
	int64_t now;
	int json;
	int shown;		/* leads printed so far */
};

/* The lead id, read through a new cursor: close it when done. */
static const struct leads_lead *
get_lead(const struct run *r, int64_t id, struct leads_cursor **cur)
{
	struct leads_query q = { .now = r->now, .id = id };
	const struct leads_lead *l = NULL;
	struct leads_err err;

	if (leads_query_open(r->db, &q, cur, &err) == -1 ||
	    leads_query_next(*cur, &l, &err) == -1)
		die_err(&err);
	return l;
}

/* "Mon 2026-11-23 10:10 EST", with " (in 10m)" if rel. */
static const char *
when(const struct run *r, int64_t t, const char *tz, int rel, char *buf,
    size_t n)
{
	char lt[64], span[48];

	if (t == 0)
		return NULL;
	local_time(t, tz, lt, sizeof(lt));
	if (!rel)
		snprintf(buf, n, "%s", lt);
	else
		snprintf(buf, n, "%s (%s)", lt, rel_span(t, r->now, span,
		    sizeof(span)));
	return buf;
}

/* A "key:" line of the text format; empty values are left out. */
static void
field(struct leads_out *o, const char *key, const char *v)
{
	char k[300];

	if (v == NULL || *v == '\0')
		return;
	snprintf(k, sizeof(k), "%s:", key);
	out_row(o, (const char *const[]){ k, v });
}

/* The extra fields, mended first if they are not UTF-8; NULL if none. */
static json_t *
load_extra(const char *s)
{
	json_t *v;
	char *m;

	if (s == NULL)
		return NULL;
	if ((v = json_loads(s, 0, NULL)) != NULL)
		return v;
	if ((m = leads_utf8_mend(s)) == NULL)
		die(LEADS_EOSERR, "out of memory");
	v = json_loads(m, 0, NULL);
	free(m);
	return v;
}

static void
fields_text(const struct run *r, const struct leads_lead *l)
{
	static const char *const kv[] = { "key", "value" };
	const struct leads_cadence *cad;
	const char *tz = leads_conf_tz(r->conf, l->tz), *k;
	char buf[512], t[128];
	struct leads_out *o = out_new(LEADS_OUT_TEXT, kv, NULL, 2);
	json_t *extra, *v;

	snprintf(buf, sizeof(buf), "%lld", (long long)l->id);
	field(o, "id", buf);
	field(o, "name", l->name);
	field(o, "email", l->email);
	if (l->phone != NULL) {
		snprintf(buf, sizeof(buf), "%s%s", l->phone,
		    l->phone_bad ? " (wrong number)" : "");
		field(o, "phone", buf);
	}
	field(o, "company", l->company);
	field(o, "source", l->source);
	field(o, "owner", l->owner);
	field(o, "time zone", l->tz);
	field(o, "status", l->status);
	if (l->cadence != NULL) {
		cad = leads_conf_cadence(r->conf, l->cadence);
		if (cad != NULL)
			snprintf(buf, sizeof(buf), "%s, step %ld of %zu",
			    l->cadence, l->step, cad->nsteps);
		else
			snprintf(buf, sizeof(buf), "%s, step %ld",
			    l->cadence, l->step);
		field(o, "cadence", buf);
	}
	field(o, "next due", when(r, l->due_at, tz, 1, t, sizeof(t)));
	field(o, "booked call", when(r, l->booked_at, tz, 1, t, sizeof(t)));
	if (l->has_value) {
		snprintf(buf, sizeof(buf), "%.15g", l->value);
		field(o, "value", buf);
	}
	field(o, "created", when(r, l->created, tz, 0, t, sizeof(t)));
	if (l->last_inquiry != l->created)
		field(o, "last inquiry", when(r, l->last_inquiry, tz, 0, t,
		    sizeof(t)));
	snprintf(buf, sizeof(buf), "%lld", (long long)l->attempts);
	field(o, "attempts", buf);
	field(o, "first attempt", when(r, l->first_attempt, tz, 0, t,
	    sizeof(t)));
	field(o, "first contact", when(r, l->first_contact, tz, 0, t,
	    sizeof(t)));
	field(o, "last touch", when(r, l->last_touch, tz, 0, t, sizeof(t)));
	field(o, "closed", when(r, l->closed_at, tz, 0, t, sizeof(t)));
	field(o, "lost reason", l->lost_reason);
	extra = load_extra(l->extra);
	json_object_foreach(extra, k, v) {
		char *s = json_is_string(v) ? NULL :
		    json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		field(o, k, s != NULL ? s : json_string_value(v));
		free(s);
	}
	json_decref(extra);
	out_flush(o, 0);
}

static void
history_text(const struct run *r, const struct leads_lead *l,
    struct leads_cursor *h)
{
	static const char *const cols[] = {
		"at", "kind", "outcome", "channel", "actor", "note"
	};
	const struct leads_history_event *e;
	struct leads_out *o = out_new(LEADS_OUT_TEXT, cols, NULL, 6);
	const char *tz = leads_conf_tz(r->conf, l->tz);
	struct leads_err err;
	char t[64];
	int rc;

	while ((rc = leads_history_next(h, &e, &err)) == 1)
		out_row(o, (const char *const[]){ local_time(e->at, tz, t,
		    sizeof(t)), e->kind, e->outcome, e->channel, e->actor,
		    e->note });
	if (rc == -1)
		die_err(&err);
	out_flush(o, 0);
}

/* s as a JSON string; text that is not UTF-8 mended, as lead-ls does. */
static json_t *
jstr(const char *s)
{
	json_t *v;
	char *m;

	if (s == NULL)
		return json_null();
	if ((v = json_string(s)) != NULL)
		return v;
	if ((m = leads_utf8_mend(s)) == NULL || (v = json_string(m)) == NULL)
		die(LEADS_EOSERR, "out of memory");
	free(m);
	return v;
}

static json_t *
jtime(int64_t t)
{
	char buf[32];

	return t != 0 ? json_string(leads_time_rfc3339(t, buf, sizeof(buf))) :
	    json_null();
}

static void
show_json(const struct leads_lead *l, struct leads_cursor *h)
{
	const struct leads_history_event *e;
	struct leads_err err;
	json_t *o, *ev, *events, *extra;
	char *s;
	int rc = 0, more;

	extra = load_extra(l->extra);
	if (!json_is_object(extra)) {
		json_decref(extra);
		extra = json_object();
	}
	if ((o = json_object()) == NULL || (events = json_array()) == NULL)
		die(LEADS_EOSERR, "out of memory");
	rc |= json_object_set_new(o, "id", json_integer(l->id));
	rc |= json_object_set_new(o, "status", jstr(l->status));
	rc |= json_object_set_new(o, "name", jstr(l->name));
	rc |= json_object_set_new(o, "email", jstr(l->email));
	rc |= json_object_set_new(o, "phone", jstr(l->phone));
	rc |= json_object_set_new(o, "phone_bad", json_boolean(l->phone_bad));
	rc |= json_object_set_new(o, "company", jstr(l->company));
	rc |= json_object_set_new(o, "source", jstr(l->source));
	rc |= json_object_set_new(o, "owner", jstr(l->owner));
	rc |= json_object_set_new(o, "value", l->has_value ?
	    json_real(l->value) : json_null());
	rc |= json_object_set_new(o, "tz", jstr(l->tz));
	rc |= json_object_set_new(o, "cadence", jstr(l->cadence));
	rc |= json_object_set_new(o, "step", l->cadence != NULL ?
	    json_integer(l->step) : json_null());
	rc |= json_object_set_new(o, "due_at", jtime(l->due_at));
	rc |= json_object_set_new(o, "booked_at", jtime(l->booked_at));
	rc |= json_object_set_new(o, "created", jtime(l->created));
	rc |= json_object_set_new(o, "last_inquiry", jtime(l->last_inquiry));
	rc |= json_object_set_new(o, "attempts", json_integer(l->attempts));
	rc |= json_object_set_new(o, "first_attempt", jtime(l->first_attempt));
	rc |= json_object_set_new(o, "first_contact", jtime(l->first_contact));
	rc |= json_object_set_new(o, "last_touch", jtime(l->last_touch));
	rc |= json_object_set_new(o, "closed_at", jtime(l->closed_at));
	rc |= json_object_set_new(o, "lost_reason", jstr(l->lost_reason));
	rc |= json_object_set_new(o, "extra", extra);
	while ((more = leads_history_next(h, &e, &err)) == 1) {
		if ((ev = json_object()) == NULL)
			die(LEADS_EOSERR, "out of memory");
		rc |= json_object_set_new(ev, "at", jtime(e->at));
		rc |= json_object_set_new(ev, "kind", jstr(e->kind));
		rc |= json_object_set_new(ev, "outcome", jstr(e->outcome));
		rc |= json_object_set_new(ev, "channel", jstr(e->channel));
		rc |= json_object_set_new(ev, "note", jstr(e->note));
		rc |= json_object_set_new(ev, "actor", jstr(e->actor));
		rc |= json_array_append_new(events, ev);
	}
	if (more == -1)
		die_err(&err);
	rc |= json_object_set_new(o, "events", events);
	if (rc != 0 || (s = json_dumps(o, JSON_COMPACT |
	    JSON_PRESERVE_ORDER)) == NULL)
		die(LEADS_EOSERR, "out of memory");
	puts(s);
	free(s);
	json_decref(o);
}

/* Print the lead s names: 0, or 66 when there is none or several. */
static int
show(struct run *r, const char *s)
{
	struct leads_cursor *cur, *h;
	const struct leads_lead *l;
	struct leads_err err;
	int64_t id;

	if ((id = find_lead(r->db, r->conf, s, NULL, 0)) == 0)
		return LEADS_ENOINPUT;
	if ((l = get_lead(r, id, &cur)) == NULL) {
		leads_cursor_close(cur);
		warnmsg("%s: no such lead", s);
		return LEADS_ENOINPUT;
	}
	if (leads_history_open(r->db, id, &h, &err) == -1)
		die_err(&err);
	if (r->json)
		show_json(l, h);
	else {
		if (r->shown > 0)
			putchar('\n');
		fields_text(r, l);
		putchar('\n');
		history_text(r, l, h);
	}
	r->shown++;
	leads_cursor_close(h);
	leads_cursor_close(cur);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *dbopt = NULL, *confopt = NULL;
	struct run r = { 0 };
	char line[1024];
	int ch, i, fmt, status = 0;

	prog_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "Vc:d:ho:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'o':
			fmt = leads_ofmt_parse(optarg);
			if (fmt != LEADS_OUT_TEXT && fmt != LEADS_OUT_JSON)
				die(LEADS_EUSAGE, "unknown format '%s': use "
				    "text or json", optarg);
			r.json = fmt == LEADS_OUT_JSON;
			break;
		default:
			std_option(ch, usage, &dbopt, &confopt);
		}
	}
	argc -= optind;
	argv += optind;
	r.conf = load_conf(confopt);
	r.now = clock_now();
	r.db = open_db(dbopt, 0);
	for (i = 0; argc > 0 ? i < argc :
	    fgets(line, sizeof(line), stdin) != NULL; i++) {
		if (argc == 0) {
			line[strcspn(line, "\r\n")] = '\0';
			if (line[0] == '\0')
				continue;
		}
		if (show(&r, argc > 0 ? argv[i] : line) != 0)
			status = LEADS_ENOINPUT;
	}
	leads_db_close(r.db);
	leads_conf_free(r.conf);
	finish_stdout();
	return status;
}
