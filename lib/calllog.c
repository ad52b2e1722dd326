/*
 * calllog.c - a line of a call log (a phone system's export, or any CSV,
 * TSV, JSON Lines or Key: value file of outcomes) as an outcome to log.
 * Pure: no database, no clock.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "leads.h"

enum lf { LF_NONE, LF_LEAD, LF_TIME, LF_OUTCOME, LF_DURATION, LF_TALK,
	LF_NOTE, LF_NEXT, LF_REASON, LF_CHANNEL, LF_N };

/* Column names, folded (lower case; space _ - . ( ) dropped). */
static const struct { const char *name; enum lf f; } names[] = {
	{ "lead", LF_LEAD }, { "leadid", LF_LEAD }, { "id", LF_LEAD },
	{ "email", LF_LEAD }, { "phone", LF_LEAD }, { "number", LF_LEAD },
	{ "phonenumber", LF_LEAD }, { "to", LF_LEAD }, { "dst", LF_LEAD },
	{ "destination", LF_LEAD }, { "callee", LF_LEAD },
	{ "callednumber", LF_LEAD }, { "contact", LF_LEAD },
	{ "time", LF_TIME }, { "date", LF_TIME }, { "start", LF_TIME },
	{ "starttime", LF_TIME }, { "started", LF_TIME },
	{ "calltime", LF_TIME }, { "calldate", LF_TIME },
	{ "timestamp", LF_TIME }, { "at", LF_TIME }, { "when", LF_TIME },
	{ "datetime", LF_TIME },
	{ "outcome", LF_OUTCOME }, { "result", LF_OUTCOME },
	{ "disposition", LF_OUTCOME }, { "status", LF_OUTCOME },
	{ "callresult", LF_OUTCOME }, { "callstatus", LF_OUTCOME },
	{ "duration", LF_DURATION }, { "seconds", LF_DURATION },
	{ "durations", LF_DURATION }, { "callduration", LF_DURATION },
	{ "length", LF_DURATION },
	{ "billsec", LF_TALK }, { "talktime", LF_TALK },
	{ "note", LF_NOTE }, { "notes", LF_NOTE }, { "comment", LF_NOTE },
	{ "comments", LF_NOTE },
	{ "next", LF_NEXT }, { "nextcall", LF_NEXT }, { "callback", LF_NEXT },
	{ "followup", LF_NEXT },
	{ "reason", LF_REASON }, { "lostreason", LF_REASON },
	{ "channel", LF_CHANNEL }, { "type", LF_CHANNEL }
};

/* What phone systems write, as outcomes; "" means: by duration. */
static const struct { const char *said, *outcome; } said[] = {
	{ "answered", "" }, { "completed", "" },
	{ "noanswer", "no_answer" }, { "missed", "no_answer" },
	{ "unanswered", "no_answer" }, { "failed", "no_answer" },
	{ "congestion", "no_answer" }, { "cancel", "no_answer" },
	{ "canceled", "no_answer" }, { "cancelled", "no_answer" },
	{ "vm", "voicemail" }, { "leftvoicemail", "voicemail" },
	{ "leftmessage", "voicemail" }
};

static void
fold(const char *s, char *out, size_t n)
{
	size_t j = 0;

	for (; *s != '\0' && j + 1 < n; s++)
		if (strchr(" _-.()/", *s) == NULL)
			out[j++] = (char)tolower((unsigned char)*s);
	out[j] = '\0';
}

static enum lf
field_of(const char *key)
{
	char k[64];
	size_t i;

	fold(key, k, sizeof(k));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, k) == 0)
			return names[i].f;
	return LF_NONE;
}

int
leads_duration_parse(const char *s, long *secs)
{
	long part[3] = { 0, 0, 0 }, v;
	char *end;
	int n = 0;

	while (isspace((unsigned char)*s))
		s++;
	for (;;) {
		if (!isdigit((unsigned char)*s) || n == 3)
			return -1;
		v = strtol(s, &end, 10);
		if (v > 1000000)
			return -1;
		part[n++] = v;
		if (*end != ':')
			break;
		s = end + 1;
	}
	if (*end == 's' && n == 1)
		end++;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0' || (n > 1 && (part[n - 1] > 59 ||
	    (n == 3 && part[1] > 59))))
		return -1;
	*secs = n == 1 ? part[0] : n == 2 ? part[0] * 60 + part[1] :
	    part[0] * 3600 + part[1] * 60 + part[2];
	return 0;
}

const char *
leads_duration_outcome(long secs)
{
	if (secs < LEADS_ANSWERED_SECS)
		return "no_answer";
	return secs < LEADS_CONNECTED_SECS ? "voicemail" : "connected";
}

int
leads_logline(const struct leads_record *rec, const char *tz, int64_t now,
    struct leads_logline *ll, struct leads_err *err)
{
	const char *v[LF_N] = { NULL };
	char folded[64];
	long secs;
	size_t i;
	long line = leads_record_line(rec);

	memset(ll, 0, sizeof(*ll));
	for (i = 0; i < leads_record_count(rec); i++) {
		enum lf f = field_of(leads_record_key(rec, i));
		const char *val = leads_record_value(rec, i);
		/* The first column of a kind wins; empty ones do not count. */
		if (f != LF_NONE && v[f] == NULL && *val != '\0')
			v[f] = val;
	}
	if (v[LF_LEAD] == NULL)
		return leads_errf(err, LEADS_EDATA, "line %ld: no lead: give"
		    " an id, email or phone column", line);
	ll->lead = v[LF_LEAD];
	ll->log.at = now;
	if (v[LF_TIME] != NULL &&
	    leads_time_parse(v[LF_TIME], tz, &ll->log.at, NULL) == -1)
		return leads_errf(err, LEADS_EDATA, "line %ld: bad time"
		    " '%.40s': use 2026-11-23 14:05 or RFC 3339", line,
		    v[LF_TIME]);
	if (v[LF_TALK] != NULL)		/* talk time beats ringing time */
		v[LF_DURATION] = v[LF_TALK];
	if (v[LF_DURATION] != NULL &&
	    leads_duration_parse(v[LF_DURATION], &secs) == -1)
		return leads_errf(err, LEADS_EDATA, "line %ld: bad duration"
		    " '%.40s': use seconds, M:SS or H:MM:SS", line,
		    v[LF_DURATION]);
	if (v[LF_OUTCOME] != NULL) {
		fold(v[LF_OUTCOME], folded, sizeof(folded));
		snprintf(ll->outcome, sizeof(ll->outcome), "%s",
		    v[LF_OUTCOME]);
		for (i = 0; ll->outcome[i] != '\0'; i++)
			ll->outcome[i] = ll->outcome[i] == ' ' ||
			    ll->outcome[i] == '-' ? '_' :
			    (char)tolower((unsigned char)ll->outcome[i]);
		for (i = 0; i < sizeof(said) / sizeof(said[0]); i++)
			if (strcmp(said[i].said, folded) == 0)
				snprintf(ll->outcome, sizeof(ll->outcome),
				    "%s", said[i].outcome);
	}
	if (ll->outcome[0] == '\0') {
		if (v[LF_DURATION] != NULL)
			snprintf(ll->outcome, sizeof(ll->outcome), "%s",
			    leads_duration_outcome(secs));
		else if (v[LF_OUTCOME] != NULL)	/* answered */
			snprintf(ll->outcome, sizeof(ll->outcome),
			    "connected");
		else
			return leads_errf(err, LEADS_EDATA, "line %ld: no"
			    " outcome: give an outcome or duration column",
			    line);
	}
	ll->log.outcome = ll->outcome;
	ll->next = v[LF_NEXT];
	ll->log.reason = v[LF_REASON];
	ll->log.note = v[LF_NOTE];
	ll->log.channel = v[LF_CHANNEL];
	ll->log.fp = leads_record_fingerprint(rec);
	return 0;
}
