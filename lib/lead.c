/*
 * lead.c - records become leads: match fields, normalize, validate,
 * deduplicate, store.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <sqlite3.h>

#include "conf.h"
#include "internal.h"
#include "row.h"
#include "store.h"

/* The text columns a record can fill. */
enum col {
	C_NAME, C_EMAIL, C_PHONE, C_COMPANY, C_SOURCE, C_EXT_ID, C_OWNER,
	C_TZ, C_COUNTRY, C_NOTE, NCOLS
};

static const char *const colname[NCOLS] = {
	"name", "email", "phone", "company", "source", "ext_id", "owner",
	"tz", "country", "note"
};

/*
 * What storing a new lead needs beyond the record, which depends on the
 * record and the cadences alone: worked out ahead, perhaps in another
 * thread (leads_newlead_prepare()), or when the lead is stored.
 */
struct prep {
	int done;
	struct leads_place pl;	/* where it enters its cadence */
	char *extra;		/* extra as JSON text, or NULL */
	struct leads_buf json;	/* its "added" event but owner and '}' */
};

struct leads_newlead {
	char *col[NCOLS];
	double value;
	int has_value;
	int64_t created;
	int has_created;
	json_t *extra;		/* object: fields with no column, or NULL */
	int64_t fp;		/* fingerprint of the record */
	struct prep prep;
};

const char *
leads_add_result_name(enum leads_add_result r)
{
	switch (r) {
	case LEADS_ADD_NEW:
		return "new";
	case LEADS_ADD_REINQUIRY:
		return "reinquiry";
	case LEADS_ADD_DUPLICATE:
		return "duplicate";
	case LEADS_ADD_UPDATED:
		return "updated";
	case LEADS_ADD_SUPPRESSED:
		return "suppressed";
	}
	return "?";
}

/* When the person inquired: the record's time, else now. */
static int64_t
inquiry(const struct leads_newlead *nl, int64_t now)
{
	return nl->has_created ? nl->created : now;
}

static void
prep_release(struct prep *p)
{
	free(p->extra);
	leads_buf_release(&p->json);
	memset(p, 0, sizeof(*p));
}

void
leads_newlead_free(struct leads_newlead *nl)
{
	int i;

	if (nl == NULL)
		return;
	for (i = 0; i < NCOLS; i++)
		free(nl->col[i]);
	json_decref(nl->extra);
	prep_release(&nl->prep);
	free(nl);
}

/* FNV-1a, 64 bits, over every key and value of the record. */
int64_t
leads_record_fingerprint(const struct leads_record *rec)
{
	uint64_t h = 14695981039346656037ULL;
	const unsigned char *p;
	size_t i;
	int k;

	for (i = 0; i < leads_record_count(rec); i++) {
		for (k = 0; k < 2; k++) {
			p = (const unsigned char *)(k == 0 ?
			    leads_record_key(rec, i) :
			    leads_record_value(rec, i));
			for (; *p != '\0'; p++)
				h = (h ^ *p) * 1099511628211ULL;
			h = (h ^ 0xff) * 1099511628211ULL;
		}
	}
	return (int64_t)h;
}

/* Copy s to out without its leading and trailing white space. */
static char *
trim_into(const char *s, char *out)
{
	const char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return out;
}

/* Keep a field with no column in nl->extra, made on first use. */
static int
set_extra(struct leads_newlead *nl, const char *key, const char *val,
    struct leads_err *err)
{
	char alt[LEADS_MAX_KEY + 16];
	json_t *s;
	int i;

	if (nl->extra == NULL && (nl->extra = json_object()) == NULL)
		return leads_err_nomem(err);
	if ((s = json_string(val)) == NULL)
		return leads_errf(err, LEADS_EDATA, "field '%s': bad text", key);
	/* A repeated field name keeps every value: "tag", "tag (2)", ... */
	snprintf(alt, sizeof(alt), "%s", key);
	for (i = 2; json_object_get(nl->extra, alt) != NULL; i++)
		snprintf(alt, sizeof(alt), "%s (%d)", key, i);
	if (json_object_set_new(nl->extra, alt, s) == -1)
		return leads_err_nomem(err);
	return 0;
}

/* Is this field name one a mail form uses for the sender? */
static int
is_sender_key(const char *k)
{
	return strcasecmp(k, "from") == 0 || strcasecmp(k, "reply-to") == 0 ||
	    strcasecmp(k, "sender") == 0;
}

/* "Ana Ruiz <ana@example.com>": the display name, into out. */
static void
display_name(const char *v, char *out, size_t n)
{
	const char *lt = strchr(v, '<');
	char tmp[512];
	size_t len;

	out[0] = '\0';
	if (lt == NULL || lt == v)
		return;
	len = (size_t)(lt - v);
	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, v, len);
	tmp[len] = '\0';
	leads_norm_name(tmp, out, n);
	len = strlen(out);
	if (len >= 2 && out[0] == '"' && out[len - 1] == '"') {
		memmove(out, out + 1, len - 2);
		out[len - 2] = '\0';
	}
}

static int
set_col(struct leads_newlead *nl, enum col c, const char *v,
    struct leads_err *err)
{
	free(nl->col[c]);
	nl->col[c] = NULL;
	if (v == NULL || *v == '\0')
		return 0;
	if ((nl->col[c] = leads_strdup(v, err)) == NULL)
		return -1;
	return 0;
}

/*
 * Which record field fills each kind: the first of its kind; later ones
 * (a second email column, say) are kept as extra fields.
 */
struct picked {
	const char *val[LEADS_F_COUNTRY + 1];
	const char *key[LEADS_F_COUNTRY + 1];
	const char *sender;
};

static int
finish(struct leads_newlead *nl, struct picked *pk,
    const struct leads_add_opts *o, struct leads_err *err)
{
	char buf[LEADS_MAX_FIELD];
	const char *country, *tz, *v;

	/* Name: full name, else first and last; else the sender's name. */
	if ((v = pk->val[LEADS_F_NAME]) != NULL) {
		leads_norm_name(v, buf, sizeof(buf));
	} else if (pk->val[LEADS_F_FIRST_NAME] || pk->val[LEADS_F_LAST_NAME]) {
		char tmp[2 * LEADS_MAX_FIELD + 2];
		snprintf(tmp, sizeof(tmp), "%s %s",
		    pk->val[LEADS_F_FIRST_NAME] ? pk->val[LEADS_F_FIRST_NAME] :
		    "", pk->val[LEADS_F_LAST_NAME] ?
		    pk->val[LEADS_F_LAST_NAME] : "");
		leads_norm_name(tmp, buf, sizeof(buf));
	} else if (pk->sender != NULL)
		display_name(pk->sender, buf, sizeof(buf));
	else
		buf[0] = '\0';
	if (set_col(nl, C_NAME, buf, err) == -1)
		return -1;

	if ((v = pk->val[LEADS_F_EMAIL]) == NULL &&
	    (v = pk->val[LEADS_F_EMAIL2]) == NULL)
		v = pk->sender;
	if (v != NULL) {
		if (leads_norm_email(v, buf, sizeof(buf), err) == -1)
			return -1;
		if (set_col(nl, C_EMAIL, buf, err) == -1)
			return -1;
	}

	country = o->country;
	if ((v = pk->val[LEADS_F_COUNTRY]) != NULL && strlen(v) == 2 &&
	    leads_country_valid(v)) {
		char cc[3] = { (char)(v[0] & ~0x20), (char)(v[1] & ~0x20), 0 };
		if (set_col(nl, C_COUNTRY, cc, err) == -1)
			return -1;
		country = nl->col[C_COUNTRY];
	} else if (v != NULL && set_extra(nl, pk->key[LEADS_F_COUNTRY], v,
	    err) == -1)
		return -1;

	if ((v = pk->val[LEADS_F_PHONE]) == NULL)
		v = pk->val[LEADS_F_PHONE2];
	if (v != NULL) {
		if (leads_norm_phone(v, country, buf, sizeof(buf), err) == -1)
			return -1;
		if (set_col(nl, C_PHONE, buf, err) == -1)
			return -1;
	}
	if (nl->col[C_EMAIL] == NULL && nl->col[C_PHONE] == NULL)
		return leads_errf(err, LEADS_EDATA, "no email or phone");

	if ((v = pk->val[LEADS_F_TZ]) != NULL && !leads_tz_valid(v))
		return leads_errf(err, LEADS_EDATA, "unknown time zone '%s'",
		    v);
	if (set_col(nl, C_TZ, v, err) == -1)
		return -1;
	tz = nl->col[C_TZ] ? nl->col[C_TZ] : o->tz;

	if ((v = pk->val[LEADS_F_CREATED]) != NULL) {
		if (leads_time_parse(v, tz, &nl->created, err) == -1)
			return -1;
		if (nl->created > o->now + 86400)
			return leads_errf(err, LEADS_EDATA,
			    "created time '%s' is in the future", v);
		nl->has_created = 1;
	}
	if ((v = pk->val[LEADS_F_VALUE]) != NULL) {
		if (leads_parse_value(v, &nl->value, err) == -1)
			return -1;
		nl->has_value = 1;
	}
	if ((v = pk->val[LEADS_F_COMPANY]) != NULL) {
		leads_norm_name(v, buf, sizeof(buf));
		if (set_col(nl, C_COMPANY, buf, err) == -1)
			return -1;
	}
	if (set_col(nl, C_SOURCE, pk->val[LEADS_F_SOURCE] ?
	    pk->val[LEADS_F_SOURCE] : o->source, err) == -1 ||
	    set_col(nl, C_OWNER, pk->val[LEADS_F_OWNER] ?
	    pk->val[LEADS_F_OWNER] : o->owner, err) == -1 ||
	    set_col(nl, C_EXT_ID, pk->val[LEADS_F_ID], err) == -1 ||
	    set_col(nl, C_NOTE, pk->val[LEADS_F_NOTE], err) == -1)
		return -1;
	return 0;
}

/* Fields of these kinds are used only when their main kind is absent. */
static int
consumed(const struct picked *pk, enum leads_field f)
{
	switch (f) {
	case LEADS_F_FIRST_NAME:
	case LEADS_F_LAST_NAME:
		return pk->val[LEADS_F_NAME] == NULL;
	case LEADS_F_EMAIL2:
		return pk->val[LEADS_F_EMAIL] == NULL;
	case LEADS_F_PHONE2:
		return pk->val[LEADS_F_PHONE] == NULL;
	default:
		return 1;	/* a country that is no code: see finish() */
	}
}

/*
 * The field a column name stands for.  Records of one input repeat their
 * names in the same places, so each thread remembers the names it last
 * matched at the first places.
 */
#define MEMO_FIELDS	32
static _Thread_local struct {
	char name[32];		/* "": nothing remembered */
	enum leads_field f;
} memo[MEMO_FIELDS];

static enum leads_field
field_at(const char *name, size_t i)
{
	enum leads_field f;

	if (i < MEMO_FIELDS && memo[i].name[0] != '\0' &&
	    strcmp(memo[i].name, name) == 0)
		return memo[i].f;
	f = leads_field_match(name);
	if (i < MEMO_FIELDS && strlen(name) < sizeof(memo[i].name)) {
		strcpy(memo[i].name, name);
		memo[i].f = f;
	}
	return f;
}

struct leads_newlead *
leads_newlead_from_record(const struct leads_record *rec,
    const struct leads_add_opts *o, struct leads_err *err)
{
	struct leads_newlead *nl;
	struct picked pk;
	char *vals[LEADS_MAX_FIELDS], *arena = NULL, *p;
	enum leads_field f, kind[LEADS_MAX_FIELDS];
	size_t i, size = 0, n = leads_record_count(rec);

	if (n > LEADS_MAX_FIELDS) {
		leads_errf(err, LEADS_EDATA, "more than %d fields",
		    LEADS_MAX_FIELDS);
		return NULL;
	}
	for (i = 0; i < n; i++)
		size += strlen(leads_record_value(rec, i)) + 1;
	memset(&pk, 0, sizeof(pk));
	if ((nl = calloc(1, sizeof(*nl))) == NULL ||
	    (arena = malloc(size + 1)) == NULL) {
		leads_err_nomem(err);
		goto fail;
	}
	nl->fp = leads_record_fingerprint(rec);
	for (p = arena, i = 0; i < n; i++) {
		vals[i] = trim_into(leads_record_value(rec, i), p);
		p += strlen(p) + 1;
		if (vals[i][0] == '\0')
			continue;
		f = kind[i] = field_at(leads_record_key(rec, i), i);
		if (f != LEADS_F_OTHER && pk.val[f] == NULL) {
			pk.val[f] = vals[i];
			pk.key[f] = leads_record_key(rec, i);
		} else if (f == LEADS_F_OTHER && pk.sender == NULL &&
		    is_sender_key(leads_record_key(rec, i)) &&
		    strchr(vals[i], '@') != NULL)
			pk.sender = vals[i];
	}
	/* Everything not used for a column is kept. */
	for (i = 0; i < n; i++) {
		if (vals[i][0] == '\0')
			continue;
		f = kind[i];
		if (f != LEADS_F_OTHER && pk.val[f] == vals[i] &&
		    consumed(&pk, f))
			continue;
		if (set_extra(nl, leads_record_key(rec, i), vals[i],
		    err) == -1)
			goto fail;
	}
	if (finish(nl, &pk, o, err) == -1)
		goto fail;
	free(arena);
	return nl;
fail:
	free(arena);
	leads_newlead_free(nl);
	return NULL;
}

/*
 * The lead's fields as a JSON object for its event, in b, but for owner
 * and the closing brace (see json_close()); extra is nl->extra as JSON
 * text, or NULL when it is empty.  A new lead's event (pl not NULL) also
 * holds where it was placed, so that it is the lead as stored; what the
 * event's own time says (created, now when the record has no time) is
 * left out.  0 or -1.
 */
static int
json_head(struct leads_buf *b, const struct leads_newlead *nl,
    const char *extra, const struct leads_place *pl, int64_t now)
{
	const char *v;
	int i, rc = leads_buf_addc(b, '{');

	for (i = 0; i < NCOLS; i++) {
		if (i == C_OWNER || i == C_NOTE || (v = nl->col[i]) == NULL)
			continue;
		if (b->len > 1)
			rc |= leads_buf_addc(b, ',');
		rc |= leads_buf_json(b, colname[i]);
		rc |= leads_buf_addc(b, ':');
		rc |= leads_buf_json(b, v);
	}
	if (nl->has_value)
		rc |= leads_buf_printf(b, "%s\"value\":%.17g",
		    b->len > 1 ? "," : "", nl->value);
	/*
	 * One call a statement: the order of operands of | is not fixed.
	 * A new lead's created time is its event's: no need to say it.
	 */
	if (nl->has_created && pl == NULL) {
		rc |= leads_buf_adds(b, b->len > 1 ? ",\"created\":" :
		    "\"created\":");
		rc |= leads_buf_int(b, nl->created);
	}
	if (extra != NULL) {
		rc |= leads_buf_adds(b, b->len > 1 ? ",\"extra\":" :
		    "\"extra\":");
		rc |= leads_buf_adds(b, extra);
	}
	if (pl != NULL && pl->cad != NULL) {
		rc |= leads_buf_adds(b, b->len > 1 ? ",\"cadence\":" :
		    "\"cadence\":");
		rc |= leads_buf_json(b, pl->cad->name);
		rc |= leads_buf_adds(b, ",\"step\":");
		rc |= leads_buf_int(b, (int64_t)pl->step + 1);
		rc |= leads_buf_adds(b, ",\"step_id\":");
		rc |= leads_buf_json(b, pl->cad->steps[pl->step].id);
		/* It runs from the inquiry, the event's time, as a rule. */
		if (pl->base != inquiry(nl, now)) {
			rc |= leads_buf_adds(b, ",\"step_base\":");
			rc |= leads_buf_int(b, pl->base);
		}
	}
	if (pl != NULL) {
		rc |= leads_buf_adds(b, b->len > 1 ? ",\"due_at\":" :
		    "\"due_at\":");
		rc |= leads_buf_int(b, pl->due);
	}
	return rc != 0 ? -1 : 0;
}

/* head from json_head() with owner and the closing brace (to free()). */
static char *
json_close(const struct leads_buf *head, const char *owner,
    struct leads_err *err)
{
	struct leads_buf b = LEADS_BUF_INIT;
	int rc = leads_buf_add(&b, head->s, head->len);

	if (owner != NULL) {
		rc |= leads_buf_adds(&b, head->len > 1 ? ",\"owner\":" :
		    "\"owner\":");
		rc |= leads_buf_json(&b, owner);
	}
	rc |= leads_buf_addc(&b, '}');
	if (rc != 0) {
		leads_buf_release(&b);
		leads_err_nomem(err);
		return NULL;
	}
	return b.s;
}

/* nl->extra as JSON text in *text (to free()), NULL when empty. */
static int
extra_json(const struct leads_newlead *nl, char **text, struct leads_err *err)
{
	*text = NULL;
	if (json_object_size(nl->extra) == 0)
		return 0;
	if ((*text = json_dumps(nl->extra, JSON_COMPACT)) == NULL)
		return leads_err_nomem(err);
	return 0;
}

/* A lead merged into another stands for it: follow merged_into. */
int
leads_resolve(struct leads_db *db, int64_t *id, struct leads_err *err)
{
	sqlite3_stmt *st;
	int64_t into;
	int rc, hops;

	for (hops = 0; hops < 64; hops++) {
		if ((st = leads_stmt(db, ST_RESOLVE, "SELECT merged_into"
		    " FROM leads WHERE id = ?1 AND merged_into IS NOT NULL",
		    err)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, *id);
		if ((rc = leads_step_id(db, st, &into, err)) != 1)
			return rc;
		*id = into;
	}
	return leads_errf(err, LEADS_ESOFTWARE, "lead %lld: merged in a loop",
	    (long long)*id);
}

static const char *const find_sql[] = {
	("SELECT id FROM leads WHERE ext_id = ?1 AND source IS ?2"
	" ORDER BY id LIMIT 1"),
	"SELECT id FROM leads WHERE email = ?1",
	"SELECT id FROM leads WHERE phone = ?1"
};

/*
 * The row that has this column's value (email or phone): 1, 0, -1.  It
 * may be a lead merged into another: see leads_resolve().
 */
static int
find_by(struct leads_db *db, enum col c, const char *v, int64_t *id,
    struct leads_err *err)
{
	sqlite3_stmt *st;

	if ((st = leads_stmt(db, c == C_EMAIL ? ST_FIND_EMAIL : ST_FIND_PHONE,
	    find_sql[c == C_EMAIL ? 1 : 2], err)) == NULL)
		return -1;
	leads_bind_text(st, 1, v);
	return leads_step_id(db, st, id, err);
}

int
leads_find_contact(struct leads_db *db, const char *col, const char *v,
    int64_t *id, struct leads_err *err)
{
	return find_by(db, strcmp(col, "email") == 0 ? C_EMAIL : C_PHONE, v,
	    id, err);
}

/* The row nl is about, by external id, email or phone: 1, 0, -1. */
static int
find_row(struct leads_db *db, const struct leads_newlead *nl, int64_t *id,
    struct leads_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (nl->col[C_EXT_ID] != NULL) {
		if ((st = leads_stmt(db, ST_FIND_EXT, find_sql[0], err)) ==
		    NULL)
			return -1;
		leads_bind_text(st, 1, nl->col[C_EXT_ID]);
		leads_bind_text(st, 2, nl->col[C_SOURCE]);
		if ((rc = leads_step_id(db, st, id, err)) != 0)
			return rc;
	}
	if (nl->col[C_EMAIL] != NULL &&
	    (rc = find_by(db, C_EMAIL, nl->col[C_EMAIL], id, err)) != 0)
		return rc;
	if (nl->col[C_PHONE] != NULL)
		return find_by(db, C_PHONE, nl->col[C_PHONE], id, err);
	return 0;
}

/* The lead nl is about (merges followed): 1, 0, -1. */
static int
find_match(struct leads_db *db, const struct leads_newlead *nl, int64_t *id,
    struct leads_err *err)
{
	int rc = find_row(db, nl, id, err);

	if (rc == 1 && leads_resolve(db, id, err) == -1)
		return -1;
	return rc;
}

/*
 * The "added" event of a new lead: the lead as stored (json, taken),
 * written at once or, when the database is in batch mode, in a group.
 */
static int
add_event(struct leads_db *db, int64_t lead, int64_t at, char *json,
    const struct leads_newlead *nl, const struct leads_add_opts *o,
    struct leads_err *err)
{
	struct leads_evq ev = { lead, at, o->now, nl->fp, o->actor, NULL,
	    json };

	if (nl->col[C_NOTE] != NULL &&
	    (ev.note = strdup(nl->col[C_NOTE])) == NULL) {
		free(json);
		return leads_err_nomem(err);
	}
	if (leads_event_queue(db, &ev, err) == -1)
		return -1;
	return db->batch ? 0 : leads_events_flush(db, err);
}

/* Where a lead entering its cadence stands; 0 when there is none. */
static int
enter(const struct leads_conf *c, const char *const f[][2], size_t nf,
    const char *tz, const struct leads_reach *r, int64_t base,
    struct leads_place *p)
{
	const char *name;
	const struct leads_cadence *cad;

	memset(p, 0, sizeof(*p));
	if (c == NULL || (name = leads_conf_entry_cadence(c, f, nf)) == NULL ||
	    (cad = leads_conf_cadence(c, name)) == NULL)
		return 0;
	return leads_place(c, leads_conf_tz(c, tz), cad, 0, base, r, p);
}

/* Bind a placement to ?i (cadence) .. ?i+3 (step, step_id, step_base). */
static void
bind_place(sqlite3_stmt *st, int i, const struct leads_place *p)
{
	if (p->cad == NULL) {
		sqlite3_bind_null(st, i);
		sqlite3_bind_int64(st, i + 1, 0);
		sqlite3_bind_null(st, i + 2);
		sqlite3_bind_null(st, i + 3);
		return;
	}
	leads_bind_text(st, i, p->cad->name);
	sqlite3_bind_int64(st, i + 1, (int64_t)p->step + 1);
	leads_bind_text(st, i + 2, p->cad->steps[p->step].id);
	sqlite3_bind_int64(st, i + 3, p->base);
}

/* The fields a cadence or owner rule may look at, in f. */
#define RULE_FIELDS(nl) { \
	{ "source", (nl)->col[C_SOURCE] }, { "owner", (nl)->col[C_OWNER] }, \
	{ "name", (nl)->col[C_NAME] }, { "email", (nl)->col[C_EMAIL] }, \
	{ "phone", (nl)->col[C_PHONE] }, \
	{ "company", (nl)->col[C_COMPANY] }, \
	{ "country", (nl)->col[C_COUNTRY] }, { "tz", (nl)->col[C_TZ] }, \
	{ "id", (nl)->col[C_EXT_ID] } }

/* Work out p for nl: 0 or -1. */
static int
prep_make(const struct leads_newlead *nl, const struct leads_add_opts *o,
    struct prep *p, struct leads_err *err)
{
	const char *f[][2] = RULE_FIELDS(nl);
	int64_t created = inquiry(nl, o->now);
	struct leads_reach reach = { nl->col[C_PHONE] != NULL,
	    nl->col[C_EMAIL] != NULL };

	memset(p, 0, sizeof(*p));
	if (!enter(o->conf, f, sizeof(f) / sizeof(f[0]), nl->col[C_TZ],
	    &reach, created, &p->pl))
		p->pl.due = created;
	if (extra_json(nl, &p->extra, err) == -1)
		return -1;
	if (json_head(&p->json, nl, p->extra, &p->pl, o->now) == -1) {
		prep_release(p);
		return leads_err_nomem(err);
	}
	p->done = 1;
	return 0;
}

int
leads_newlead_prepare(struct leads_newlead *nl,
    const struct leads_add_opts *o, struct leads_err *err)
{
	return nl->prep.done ? 0 : prep_make(nl, o, &nl->prep, err);
}

/*
 * Insert nl as a new lead: 0, or 1 when its email or phone belongs to a
 * lead already (and nothing was written), or -1.
 */
static int
insert_lead(struct leads_db *db, const struct leads_newlead *nl,
    const struct leads_add_opts *o, int64_t *id, struct leads_err *err)
{
	int64_t created = inquiry(nl, o->now);
	const char *f[][2] = RULE_FIELDS(nl);
	const char *owner = nl->col[C_OWNER];
	const struct prep *p = &nl->prep;
	struct prep mine;
	sqlite3_stmt *st;
	char *json;
	int rc, turn = 0;

	if (!p->done) {
		if (prep_make(nl, o, &mine, err) == -1)
			return -1;
		p = &mine;
	}
	rc = -1;
	if (owner == NULL && leads_assign(db, o->conf, f,
	    sizeof(f) / sizeof(f[0]), o->now, &owner, &turn, err) == -1)
		goto out;
	if ((st = leads_stmt(db, ST_LEAD_INSERT, "INSERT INTO leads"
	    " (name, email, phone, company, source, ext_id, owner, tz,"
	    " country, value, created, last_inquiry, added, due_at, extra,"
	    " cadence, step, step_id, step_base)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11,"
	    " ?12, ?14, ?13, ?15, ?16, ?17, ?18)", err)) == NULL)
		goto out;
	leads_bind_text(st, 1, nl->col[C_NAME]);
	leads_bind_text(st, 2, nl->col[C_EMAIL]);
	leads_bind_text(st, 3, nl->col[C_PHONE]);
	leads_bind_text(st, 4, nl->col[C_COMPANY]);
	leads_bind_text(st, 5, nl->col[C_SOURCE]);
	leads_bind_text(st, 6, nl->col[C_EXT_ID]);
	leads_bind_text(st, 7, owner);
	leads_bind_text(st, 8, nl->col[C_TZ]);
	leads_bind_text(st, 9, nl->col[C_COUNTRY]);
	if (nl->has_value)
		sqlite3_bind_double(st, 10, nl->value);
	sqlite3_bind_int64(st, 11, created);
	sqlite3_bind_int64(st, 12, o->now);
	leads_bind_text(st, 13, p->extra);
	sqlite3_bind_int64(st, 14, p->pl.due);
	bind_place(st, 15, &p->pl);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT &&
	    sqlite3_extended_errcode(db->sq) == SQLITE_CONSTRAINT_UNIQUE) {
		rc = 1;
		goto out;
	}
	if (rc != SQLITE_DONE) {
		rc = leads_db_error(db, rc, "cannot write", err);
		goto out;
	}
	*id = sqlite3_last_insert_rowid(db->sq);
	rc = 0;
	if (turn)	/* only a lead that is new takes its turn */
		rc = leads_meta_set(db, "round_robin", owner, err);
	if (rc == 0)
		rc = (json = json_close(&p->json, owner, err)) == NULL ? -1 :
		    add_event(db, *id, created, json, nl, o, err);
out:
	if (p == &mine)
		prep_release(&mine);
	return rc;
}

/* set[k] = a string. */
static int
put_str(json_t *set, const char *k, const char *v)
{
	return json_object_set_new(set, k, json_string(v)) == -1 ? -1 : 0;
}

/*
 * What nl adds to lead id, into set: its empty fields filled, extra
 * fields it lacks, another email or phone kept as "other".  The lead's
 * last inquiry into *last_inquiry.
 */
static int
fill_set(struct leads_db *db, int64_t id, const struct leads_newlead *nl,
    json_t *set, int64_t *last_inquiry, struct leads_err *err)
{
	static const enum col fillable[] = {
		C_NAME, C_EMAIL, C_PHONE, C_COMPANY, C_TZ, C_COUNTRY
	};
	const size_t nfill = sizeof(fillable) / sizeof(fillable[0]);
	const char *fill[sizeof(fillable) / sizeof(fillable[0])];
	sqlite3_stmt *st;
	json_t *extra = NULL, *v;
	const char *key, *old;
	int64_t other;
	size_t i;
	int rc, taken[2] = { 0, 0 }, changed = 0;

	/* An email or phone another row has is kept as "other" only. */
	for (i = 0; i < nfill; i++) {
		fill[i] = nl->col[fillable[i]];
		if (fill[i] == NULL ||
		    (fillable[i] != C_EMAIL && fillable[i] != C_PHONE))
			continue;
		if ((rc = find_by(db, fillable[i], fill[i], &other, err)) == -1)
			return -1;
		if (rc == 1 && other != id) {
			taken[fillable[i] == C_PHONE] = 1;
			fill[i] = NULL;
		}
	}
	if ((st = leads_stmt(db, ST_LEAD_GET, "SELECT last_inquiry,"
	    " name, email, phone, company, tz, country, value, extra"
	    " FROM leads WHERE id = ?1", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return leads_db_error(db, rc, "cannot read", err);
	}
	*last_inquiry = sqlite3_column_int64(st, 0);
	rc = 0;
	for (i = 0; i < nfill; i++)
		if (fill[i] != NULL &&
		    sqlite3_column_type(st, 1 + (int)i) == SQLITE_NULL)
			rc |= put_str(set, colname[fillable[i]], fill[i]);
	if (nl->has_value && sqlite3_column_type(st, 7) == SQLITE_NULL)
		rc |= json_object_set_new(set, "value", json_real(nl->value));
	old = (const char *)sqlite3_column_text(st, 8);
	extra = old != NULL ? json_loads(old, 0, NULL) : json_object();
	if (extra == NULL || rc != 0) {
		sqlite3_reset(st);
		json_decref(extra);
		return leads_err_nomem(err);
	}
	/* Another address or number for the same person is kept too. */
	for (i = 0; i < 2; i++) {
		const char *mine = (const char *)sqlite3_column_text(st,
		    2 + (int)i);
		const char *theirs = nl->col[i == 0 ? C_EMAIL : C_PHONE];
		const char *k = i == 0 ? "other email" : "other phone";
		if (theirs != NULL && (taken[i] ||
		    (mine != NULL && strcmp(mine, theirs) != 0)) &&
		    json_object_get(extra, k) == NULL) {
			rc |= put_str(extra, k, theirs);
			changed = 1;
		}
	}
	sqlite3_reset(st);
	json_object_foreach(nl->extra, key, v) {
		if (json_object_get(extra, key) != NULL)
			continue;
		rc |= json_object_set(extra, key, v);
		changed = 1;
	}
	if (changed)
		rc |= json_object_set(set, "extra", extra);
	json_decref(extra);
	return rc != 0 ? leads_err_nomem(err) : 0;
}

/*
 * A later inquiry, into set: the lead is hot again, back at the start of
 * the cadence its entry rules give, unless won or do-not-contact.
 */
static int
reinquiry_set(struct leads_db *db, int64_t id, int64_t at,
    const struct leads_add_opts *o, json_t *set, struct leads_err *err)
{
	static const char *const cleared[] = {
		"closed_at", "lost_reason", "booked_at", "escalated_at"
	};
	struct leads_reach more = {
		json_object_get(set, "phone") != NULL,
		json_object_get(set, "email") != NULL
	};
	struct leads_place pl;
	size_t i;
	int rc;

	if ((rc = leads_reenter(db, o->conf, id, at, &more, &pl, err)) == -1)
		return -1;
	if (json_object_set_new(set, "last_inquiry", json_integer(at)) == -1)
		return leads_err_nomem(err);
	if (rc == 1) {
		rc = put_str(set, "status", "active");
		for (i = 0; i < sizeof(cleared) / sizeof(cleared[0]); i++)
			rc |= json_object_set_new(set, cleared[i],
			    json_null());
		rc |= leads_place_set(set, pl.cad != NULL ? &pl : NULL,
		    pl.cad != NULL ? pl.due : at);
	}
	return rc != 0 ? leads_err_nomem(err) : 0;
}

/* nl's fields as the JSON object an event keeps of its input. */
static json_t *
input_json(const struct leads_newlead *nl, struct leads_err *err)
{
	struct leads_buf head = LEADS_BUF_INIT;
	char *extra = NULL, *text = NULL;
	json_t *j = NULL;

	if (extra_json(nl, &extra, err) == -1)
		return NULL;
	if (json_head(&head, nl, extra, NULL, 0) == -1)
		leads_err_nomem(err);
	else if ((text = json_close(&head, nl->col[C_OWNER], err)) != NULL &&
	    (j = json_loads(text, 0, NULL)) == NULL)
		leads_err_nomem(err);
	leads_buf_release(&head);
	free(extra);
	free(text);
	return j;
}

int
leads_add(struct leads_db *db, const struct leads_newlead *nl,
    const struct leads_add_opts *o, int64_t *id,
    enum leads_add_result *res, struct leads_err *err)
{
	struct leads_event ev = { 0 };
	int64_t last = 0;
	json_t *set, *input;
	int rc;

	/*
	 * Most records are new leads: insert at once, and look for the
	 * lead only when the email or phone is taken.  An external id
	 * comes first, so look for it before.  Forgotten people stay
	 * forgotten.
	 */
	*res = LEADS_ADD_NEW;
	if ((rc = leads_suppressed(db, nl->col[C_EMAIL], nl->col[C_PHONE], id,
	    err)) != 0) {
		*res = LEADS_ADD_SUPPRESSED;
		return rc == 1 ? 0 : -1;
	}
	if (nl->col[C_EXT_ID] == NULL) {
		if ((rc = insert_lead(db, nl, o, id, err)) != 1)
			return rc;
	} else if ((rc = find_match(db, nl, id, err)) == -1)
		return -1;
	else if (rc == 0 && (rc = insert_lead(db, nl, o, id, err)) != 1)
		return rc;
	if (find_match(db, nl, id, err) != 1)
		return leads_errf(err, LEADS_ESOFTWARE, "cannot find the lead"
		    " that has this email or phone");
	if ((set = json_object()) == NULL)
		return leads_err_nomem(err);
	if (fill_set(db, *id, nl, set, &last, err) == -1)
		goto fail;
	ev.at = inquiry(nl, o->now);
	*res = LEADS_ADD_DUPLICATE;
	if (ev.at <= last && json_object_size(set) == 0) {
		json_decref(set);	/* nothing new in it */
		return 0;
	}
	/*
	 * The very same record again changes nothing either, even when it
	 * has no time of its own: its fingerprint is among the events.
	 */
	if (leads_events_flush(db, err) == -1 ||
	    (rc = leads_fp_seen(db, *id, nl->fp, err)) == -1)
		goto fail;
	if (rc == 1) {
		json_decref(set);
		return 0;
	}
	if (ev.at > last) {
		*res = LEADS_ADD_REINQUIRY;
		ev.kind = "reinquiry";
		if (reinquiry_set(db, *id, ev.at, o, set, err) == -1)
			goto fail;
	} else {
		*res = LEADS_ADD_UPDATED;
		ev.kind = "updated";
		ev.at = o->now;
	}
	if ((input = input_json(nl, err)) == NULL)
		goto fail;
	ev.note = nl->col[C_NOTE];
	ev.fp = nl->fp;
	ev.data = input;
	rc = leads_apply(db, *id, set, &ev, o->now, o->actor, err);
	json_decref(input);
	json_decref(set);
	return rc;
fail:
	json_decref(set);
	return -1;
}

/* Add id (merges followed) to ids unless it is there: 0 or -1. */
static int
candidate(struct leads_db *db, int64_t id, int64_t *ids, size_t max,
    size_t *n, struct leads_err *err)
{
	size_t i;

	if (leads_resolve(db, &id, err) == -1)
		return -1;
	for (i = 0; i < *n; i++)
		if (ids[i] == id)
			return 0;
	if (*n < max)
		ids[(*n)++] = id;
	return 0;
}

int
leads_lookup(struct leads_db *db, const char *s, const char *country,
    int64_t *ids, size_t max, size_t *n, struct leads_err *err)
{
	char buf[LEADS_MAX_FIELD], *end;
	sqlite3_stmt *st;
	long long v;
	int64_t id;
	int rc;

	*n = 0;
	if (strchr(s, '@') != NULL) {
		if (leads_norm_email(s, buf, sizeof(buf), err) == -1)
			return -1;
		if ((rc = find_by(db, C_EMAIL, buf, &id, err)) == 1)
			rc = candidate(db, id, ids, max, n, err);
		return rc;
	}
	/* Digits alone may be an id or a phone: both are candidates. */
	errno = 0;
	v = strtoll(s, &end, 10);
	if (isdigit((unsigned char)*s) && errno == 0 && *end == '\0' &&
	    v > 0) {
		if ((st = leads_stmt(db, ST_LEAD_BY_ID, "SELECT id FROM leads"
		    " WHERE id = ?1", err)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, v);
		if ((rc = leads_step_id(db, st, &id, err)) == 1)
			rc = candidate(db, id, ids, max, n, err);
		if (rc == -1)
			return -1;
	}
	if (leads_norm_phone(s, country, buf, sizeof(buf), NULL) == 0) {
		if ((rc = find_by(db, C_PHONE, buf, &id, err)) == 1)
			rc = candidate(db, id, ids, max, n, err);
		if (rc == -1)
			return -1;
	}
	return 0;
}
