/*
 * conf.c - cadence files: a strict loader.
 *
 * libyaml's event parser builds a small private tree (no anchors or
 * aliases, so nothing can expand; size, depth and node count bounded),
 * which is then checked key by key into struct leads_conf.  Every error
 * names the file, line and column of the offending key or value.
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "conf.h"
#include "internal.h"
#include "send.h"

#define MAX_SIZE	(1024 * 1024)
#define MAX_DEPTH	32
#define MAX_NODES	100000
#define MAX_NAME	64
#define MAX_DUR		100000L

#define NAME_CHARS \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
#define OUTCOME_CHARS	"abcdefghijklmnopqrstuvwxyz0123456789_"

#define DUR_HINT	"10m, 2h, 3d, 1bd or 1w"
#define HOURS_HINT	"use HH:MM-HH:MM such as 09:00-17:00, several " \
			"separated by commas, or closed"

enum ntype { N_SCALAR, N_SEQ, N_MAP };

struct node {
	enum ntype type;
	long line, col;		/* 1-based */
	char *s;		/* N_SCALAR: the text */
	int plain;		/* N_SCALAR: unquoted, so it may be null */
	struct node **kid;	/* N_SEQ: items; N_MAP: key, value, ... */
	size_t n, cap;
};

/* A cadence name and its index, sorted by name for lookups. */
struct nameidx {
	const char *name;
	size_t i;
};

struct ctx {
	const char *name;
	struct leads_err *err;
	struct leads_conf *c;
	struct nameidx *byname;	/* the cadences, sorted by name */
};

struct build {
	struct ctx *x;
	struct node *root;
	struct node *stack[MAX_DEPTH];
	int depth;
	long count;
};

static const char *const channels[LEADS_NCHANNELS] = {
	"call", "email", "sms", "mail", "task"
};

static const char *const actions[] = {
	"advance", "book", "cadence", "won", "lost", "dnc", "bad_phone", "note"
};

static const char *const daynames[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

static const struct {
	const char *name;
	int attempt, contact;
	enum leads_action action;
	const char *cadence;
	int next, reason;
} builtin_outcomes[] = {
	{ "no_answer", 1, 0, LEADS_ACT_ADVANCE, NULL, 0, 0 },
	{ "voicemail", 1, 0, LEADS_ACT_ADVANCE, NULL, 0, 0 },
	{ "busy", 1, 0, LEADS_ACT_ADVANCE, NULL, 0, 0 },
	{ "emailed", 1, 0, LEADS_ACT_ADVANCE, NULL, 0, 0 },
	{ "mailed", 1, 0, LEADS_ACT_ADVANCE, NULL, 0, 0 },
	{ "texted", 1, 0, LEADS_ACT_ADVANCE, NULL, 0, 0 },
	{ "connected", 1, 1, LEADS_ACT_ADVANCE, NULL, 0, 0 },
	{ "meeting", 1, 1, LEADS_ACT_BOOK, NULL, 1, 0 },
	{ "quote_sent", 1, 1, LEADS_ACT_CADENCE, "after-quote", 0, 0 },
	{ "not_now", 1, 1, LEADS_ACT_BOOK, NULL, 1, 0 },
	{ "won", 0, 1, LEADS_ACT_WON, NULL, 0, 0 },
	{ "lost", 0, 0, LEADS_ACT_LOST, NULL, 0, 1 },
	{ "wrong_number", 0, 0, LEADS_ACT_BAD_PHONE, NULL, 0, 0 },
	{ "do_not_contact", 0, 0, LEADS_ACT_DNC, NULL, 0, 0 },
	{ "note", 0, 0, LEADS_ACT_NOTE, NULL, 0, 0 }
};
#define NBUILTIN (sizeof(builtin_outcomes) / sizeof(builtin_outcomes[0]))

/* ---- errors ------------------------------------------------------------- */

static int
vbad(struct ctx *x, long line, long col, const char *fmt, va_list ap)
{
	char msg[768];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	leads_errf(x->err, LEADS_ECONFIG, "%s:%ld:%ld: %s", x->name, line, col,
	    msg);
	if (x->err != NULL)
		x->err->line = line;
	return -1;
}

static int __attribute__((format(printf, 4, 5)))
bad(struct ctx *x, long line, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vbad(x, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* An error at node n. */
static int __attribute__((format(printf, 3, 4)))
nbad(struct ctx *x, const struct node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vbad(x, n->line, n->col, fmt, ap);
	va_end(ap);
	return -1;
}

/* An error at a libyaml mark (0-based). */
static int __attribute__((format(printf, 3, 4)))
mbad(struct ctx *x, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vbad(x, (long)m->line + 1, (long)m->column + 1, fmt, ap);
	va_end(ap);
	return -1;
}

/* Line and column (in characters) of byte off of buf. */
static void
pos_at(const char *buf, size_t len, size_t off, long *line, long *col)
{
	size_t i;

	*line = *col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			++*col;
	}
}

/* ---- the tree ----------------------------------------------------------- */

static void
node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n->s);
	free(n);
}

static int
node_add(struct node *up, struct node *n)
{
	struct node **t;
	size_t cap;

	if (up->n == up->cap) {
		cap = up->cap ? up->cap * 2 : 8;
		if (cap > SIZE_MAX / sizeof(*t))
			return -1;
		if ((t = realloc(up->kid, cap * sizeof(*t))) == NULL)
			return -1;
		up->kid = t;
		up->cap = cap;
	}
	up->kid[up->n++] = n;
	return 0;
}

static int
before(const struct node *a, const struct node *b)
{
	return a->line < b->line || (a->line == b->line && a->col < b->col);
}

static int
cmp_key(const void *pa, const void *pb)
{
	const struct node *a = *(const struct node *const *)pa;
	const struct node *b = *(const struct node *const *)pb;
	int r;

	if ((r = strcmp(a->s, b->s)) != 0)
		return r;
	return before(a, b) ? -1 : before(b, a);
}

/* The first repeated key of mapping m, by sorting: O(n log n). */
static int
dup_keys(struct ctx *x, const struct node *m)
{
	const struct node **k, *dup = NULL;
	size_t i, nk = m->n / 2;

	if (nk < 2)
		return 0;
	if ((k = calloc(nk, sizeof(*k))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < nk; i++)
		k[i] = m->kid[2 * i];
	qsort(k, nk, sizeof(*k), cmp_key);
	for (i = 1; i < nk; i++)
		if (strcmp(k[i - 1]->s, k[i]->s) == 0 &&
		    (dup == NULL || before(k[i], dup)))
			dup = k[i];
	free(k);
	if (dup != NULL)
		return nbad(x, dup, "duplicate key '%s'", dup->s);
	return 0;
}

static int
on_node(struct build *b, const yaml_event_t *ev)
{
	const yaml_char_t *anchor, *tag;
	struct node *n, *up;
	enum ntype t;
	size_t len;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		t = N_SCALAR;
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		t = N_SEQ;
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	default:
		t = N_MAP;
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	}
	if (anchor != NULL)
		return mbad(b->x, &ev->start_mark,
		    "anchors and aliases are not supported");
	if (tag != NULL)
		return mbad(b->x, &ev->start_mark, "tags are not supported");
	if (++b->count > MAX_NODES)
		return mbad(b->x, &ev->start_mark, "more than %d nodes",
		    MAX_NODES);
	up = b->depth > 0 ? b->stack[b->depth - 1] : NULL;
	if (up != NULL && up->type == N_MAP && up->n % 2 == 0 &&
	    t != N_SCALAR)
		return mbad(b->x, &ev->start_mark, "keys must be text");
	if (t != N_SCALAR && b->depth == MAX_DEPTH)
		return mbad(b->x, &ev->start_mark,
		    "nesting deeper than %d levels", MAX_DEPTH);

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return leads_err_nomem(b->x->err);
	n->type = t;
	n->line = (long)ev->start_mark.line + 1;
	n->col = (long)ev->start_mark.column + 1;
	if (t == N_SCALAR) {
		len = ev->data.scalar.length;
		if (memchr(ev->data.scalar.value, '\0', len) != NULL) {
			free(n);
			return mbad(b->x, &ev->start_mark,
			    "NUL characters are not allowed");
		}
		if ((n->s = malloc(len + 1)) == NULL) {
			free(n);
			return leads_err_nomem(b->x->err);
		}
		memcpy(n->s, ev->data.scalar.value, len);
		n->s[len] = '\0';
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		/*
		 * An empty value's mark is where the next token starts,
		 * maybe lines below: point at its key instead.
		 */
		if (len == 0 && n->plain && up != NULL && up->type == N_MAP &&
		    up->n % 2 == 1) {
			n->line = up->kid[up->n - 1]->line;
			n->col = up->kid[up->n - 1]->col;
		}
	}
	if (up == NULL)
		b->root = n;
	else if (node_add(up, n) == -1) {
		node_free(n);
		return leads_err_nomem(b->x->err);
	}
	if (t != N_SCALAR)
		b->stack[b->depth++] = n;
	return 0;
}

static int
yaml_failed(struct ctx *x, const yaml_parser_t *p, const char *buf,
    size_t len)
{
	long line, col;

	if (p->error == YAML_MEMORY_ERROR)
		return leads_err_nomem(x->err);
	if (p->error == YAML_READER_ERROR)
		pos_at(buf, len, p->problem_offset, &line, &col);
	else {
		line = (long)p->problem_mark.line + 1;
		col = (long)p->problem_mark.column + 1;
	}
	return bad(x, line, col, "%s",
	    p->problem != NULL ? p->problem : "bad YAML");
}

/* The document's tree in *root (NULL when there is no document). */
static int
tree_build(struct ctx *x, const char *buf, size_t len, struct node **root)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct build b;
	int docs = 0, done = 0, rc = 0;

	memset(&b, 0, sizeof(b));
	b.x = x;
	*root = NULL;
	if (!yaml_parser_initialize(&p))
		return leads_err_nomem(x->err);
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			rc = yaml_failed(x, &p, buf, len);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = mbad(x, &ev.start_mark,
				    "more than one document");
			break;
		case YAML_ALIAS_EVENT:
			rc = mbad(x, &ev.start_mark,
			    "anchors and aliases are not supported");
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			rc = on_node(&b, &ev);
			break;
		case YAML_MAPPING_END_EVENT:
			rc = dup_keys(x, b.stack[b.depth - 1]);
			b.depth--;
			break;
		case YAML_SEQUENCE_END_EVENT:
			b.depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (rc == -1) {
		node_free(b.root);
		return -1;
	}
	*root = b.root;
	return 0;
}

/* ---- reading nodes ------------------------------------------------------ */

static int
is_null(const struct node *n)
{
	return n->type == N_SCALAR && n->plain && (n->s[0] == '\0' ||
	    strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
	    strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0);
}

/* Is n of type t (text: not null)?  what is quoted by the caller. */
static int
want(struct ctx *x, const struct node *n, enum ntype t, const char *what)
{
	static const char *const tname[] = {
		"text", "a sequence", "a mapping"
	};

	if (n->type == t && !is_null(n))
		return 0;
	if (is_null(n))
		return nbad(x, n, "%s must be %s, not empty", what, tname[t]);
	if (n->type == N_SCALAR)
		return nbad(x, n, "%s must be %s, not '%s'", what, tname[t],
		    n->s);
	return nbad(x, n, "%s must be %s, not %s", what, tname[t],
	    tname[n->type]);
}

/* The text of n, or NULL after an error. */
static const char *
text(struct ctx *x, const struct node *n, const char *what)
{
	return want(x, n, N_SCALAR, what) == -1 ? NULL : n->s;
}

/* Refuse keys of mapping m not in allowed (NULL-terminated). */
static int
check_keys(struct ctx *x, const struct node *m, const char *const allowed[])
{
	size_t i, k;

	for (i = 0; i < m->n; i += 2) {
		for (k = 0; allowed[k] != NULL; k++)
			if (strcmp(m->kid[i]->s, allowed[k]) == 0)
				break;
		if (allowed[k] == NULL)
			return nbad(x, m->kid[i], "unknown key '%s'",
			    m->kid[i]->s);
	}
	return 0;
}

static const struct node *
get(const struct node *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i += 2)
		if (strcmp(m->kid[i]->s, key) == 0)
			return m->kid[i + 1];
	return NULL;
}

/* A copy of the text of n into *dst. */
static int
get_str(struct ctx *x, const struct node *n, const char *what, char **dst)
{
	const char *s;

	if ((s = text(x, n, what)) == NULL)
		return -1;
	free(*dst);
	if ((*dst = leads_strdup(s, x->err)) == NULL)
		return -1;
	return 0;
}

static int
get_bool(struct ctx *x, const struct node *n, const char *what, int *v)
{
	const char *s;

	if ((s = text(x, n, what)) == NULL)
		return -1;
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0)
		*v = 1;
	else if (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0)
		*v = 0;
	else
		return nbad(x, n, "%s must be true or false, not '%s'", what,
		    s);
	return 0;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
name_ok(const char *s, const char *chars)
{
	size_t n = strlen(s);

	return n >= 1 && n <= MAX_NAME && strspn(s, chars) == n;
}

/* Owner names: any text without control characters. */
static int
owner_ok(const char *s)
{
	const unsigned char *p;

	if (*s == '\0' || strlen(s) > LEADS_MAX_KEY ||
	    strcmp(s, "round-robin") == 0)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* ---- public helpers ----------------------------------------------------- */

int
leads_dur_parse(const char *s, struct leads_dur *d, struct leads_err *err)
{
	static const struct {
		const char *s;
		enum leads_unit u;
	} units[] = {
		{ "m", LEADS_U_MIN }, { "h", LEADS_U_HOUR },
		{ "d", LEADS_U_DAY }, { "bd", LEADS_U_BDAY },
		{ "w", LEADS_U_WEEK }
	};
	const char *p;
	long n = 0;
	size_t i;

	if (s == NULL)
		s = "";
	if (!is_digit((unsigned char)*s))
		goto fail;
	for (p = s; is_digit((unsigned char)*p); p++)
		if ((n = n * 10 + (*p - '0')) > MAX_DUR)
			goto fail;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(p, units[i].s) == 0) {
			d->n = n;
			d->unit = units[i].u;
			return 0;
		}
fail:
	return leads_errf(err, LEADS_EDATA,
	    "bad duration '%s': use " DUR_HINT, s);
}

int64_t
leads_dur_seconds(const struct leads_dur *d)
{
	switch (d->unit) {
	case LEADS_U_MIN:
		return (int64_t)d->n * 60;
	case LEADS_U_HOUR:
		return (int64_t)d->n * 3600;
	case LEADS_U_DAY:
		return (int64_t)d->n * 86400;
	case LEADS_U_WEEK:
		return (int64_t)d->n * 7 * 86400;
	default:
		return -1;
	}
}

const char *
leads_channel_name(int ch)
{
	if (ch < 0 || ch >= LEADS_NCHANNELS)
		return NULL;
	return channels[ch];
}

int
leads_channel_parse(const char *s)
{
	int i;

	for (i = 0; i < LEADS_NCHANNELS; i++)
		if (strcmp(s, channels[i]) == 0)
			return i;
	return -1;
}

const struct leads_cadence *
leads_conf_cadence(const struct leads_conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ncadences; i++)
		if (strcmp(c->cadences[i].name, name) == 0)
			return &c->cadences[i];
	return NULL;
}

const struct leads_outcome *
leads_conf_outcome(const struct leads_conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->noutcomes; i++)
		if (strcmp(c->outcomes[i].name, name) == 0)
			return &c->outcomes[i];
	return NULL;
}

int
leads_match_ok(const struct leads_match *m, const char *const fields[][2],
    size_t n)
{
	size_t i, k;

	for (i = 0; i < m->n; i++) {
		for (k = 0; k < n; k++)
			if (fields[k][0] != NULL &&
			    strcmp(fields[k][0], m->field[i]) == 0)
				break;
		if (k == n || fields[k][1] == NULL ||
		    fnmatch(m->glob[i], fields[k][1], 0) != 0)
			return 0;
	}
	return 1;
}

const char *
leads_conf_entry_cadence(const struct leads_conf *c,
    const char *const fields[][2], size_t n)
{
	size_t i;

	for (i = 0; i < c->nentry; i++)
		if (leads_match_ok(&c->entry[i].match, fields, n))
			return c->entry[i].cadence;
	if (leads_conf_cadence(c, "new-lead") != NULL)
		return "new-lead";
	return c->ncadences > 0 ? c->cadences[0].name : NULL;
}

/* ---- freeing ------------------------------------------------------------ */

static void
match_free(struct leads_match *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->field != NULL)
			free(m->field[i]);
		if (m->glob != NULL)
			free(m->glob[i]);
	}
	free(m->field);
	free(m->glob);
}

void
leads_conf_free(struct leads_conf *c)
{
	size_t i, k;

	if (c == NULL)
		return;
	free(c->name);
	free(c->timezone);
	free(c->holidays);
	for (i = 0; i < c->nowners; i++) {
		free(c->owners[i].name);
		free(c->owners[i].email);
	}
	free(c->owners);
	for (i = 0; i < c->nassign; i++) {
		match_free(&c->assign[i].match);
		free(c->assign[i].owner);
	}
	free(c->assign);
	free(c->assign_fixed);
	free(c->backup);
	for (i = 0; i < c->nentry; i++) {
		match_free(&c->entry[i].match);
		free(c->entry[i].cadence);
	}
	free(c->entry);
	for (i = 0; i < c->ncadences; i++) {
		for (k = 0; k < c->cadences[i].nsteps; k++) {
			free(c->cadences[i].steps[k].note);
			free(c->cadences[i].steps[k].template);
			free(c->cadences[i].steps[k].id);
		}
		free(c->cadences[i].steps);
		free(c->cadences[i].name);
		free(c->cadences[i].then);
	}
	free(c->cadences);
	for (i = 0; i < c->noutcomes; i++) {
		free(c->outcomes[i].name);
		free(c->outcomes[i].cadence);
		free(c->outcomes[i].meanwhile);
	}
	free(c->outcomes);
	free(c->templates_dir);
	free(c->from);
	free(c->sendmail);
	free(c);
}

/* ---- sections of the file ----------------------------------------------- */

static int
do_timezone(struct ctx *x, const struct node *v)
{
	const char *s;

	if ((s = text(x, v, "'timezone'")) == NULL)
		return -1;
	if (!leads_tz_valid(s))
		return nbad(x, v, "unknown time zone '%s'", s);
	return get_str(x, v, "'timezone'", &x->c->timezone);
}

static int
do_country(struct ctx *x, const struct node *v)
{
	const char *s;

	if ((s = text(x, v, "'country'")) == NULL)
		return -1;
	if (strlen(s) != 2 || !leads_country_valid(s))
		return nbad(x, v, "unknown country '%s': use a two-letter "
		    "code such as US or GB", s);
	x->c->country[0] = (char)(s[0] & ~0x20);
	x->c->country[1] = (char)(s[1] & ~0x20);
	x->c->country[2] = '\0';
	return 0;
}

static int
day_at(const char *p)
{
	int d;

	for (d = 0; d < 7; d++)
		if (strncasecmp(p, daynames[d], 3) == 0)
			return d;
	return -1;
}

static const char *
skip_sp(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * Day spec: "mon", "mon-fri" (may wrap), "mon,wed,fri" (items may be
 * ranges).  *mask gets the days; -1 bad spec, -2 a day twice (*twice).
 */
static int
parse_days(const char *s, int *mask, int *twice)
{
	const char *p = s;
	int a, b, d;

	*mask = 0;
	for (;;) {
		p = skip_sp(p);
		if ((a = day_at(p)) == -1)
			return -1;
		p = skip_sp(p + 3);
		b = a;
		if (*p == '-') {
			p = skip_sp(p + 1);
			if ((b = day_at(p)) == -1)
				return -1;
			p = skip_sp(p + 3);
		}
		for (d = a;; d = (d + 1) % 7) {
			if (*mask & (1 << d)) {
				*twice = d;
				return -2;
			}
			*mask |= 1 << d;
			if (d == b)
				break;
		}
		if (*p == '\0')
			return 0;
		if (*p != ',')
			return -1;
		p++;
	}
}

/* "H:MM" or "HH:MM", 00:00 to 24:00, as minutes. */
static int
parse_hhmm(const char **pp, int *m)
{
	const char *p = *pp;
	int h;

	if (!is_digit((unsigned char)*p))
		return -1;
	h = *p++ - '0';
	if (is_digit((unsigned char)*p))
		h = h * 10 + (*p++ - '0');
	if (*p != ':' || !is_digit((unsigned char)p[1]) ||
	    !is_digit((unsigned char)p[2]))
		return -1;
	*m = h * 60 + (p[1] - '0') * 10 + (p[2] - '0');
	if (h > 24 || p[1] > '5' || *m > 24 * 60)
		return -1;
	*pp = p + 3;
	return 0;
}

static char *
fmt_iv(char *buf, size_t n, int from, int to)
{
	snprintf(buf, n, "%02d:%02d-%02d:%02d", from / 60, from % 60,
	    to / 60, to % 60);
	return buf;
}

static int
parse_hours(struct ctx *x, const struct node *v, const char *what,
    struct leads_day *day)
{
	char a[32], b[32];
	const char *p, *s;
	int from, to;

	memset(day, 0, sizeof(*day));
	if ((s = text(x, v, what)) == NULL)
		return -1;
	if (strcasecmp(s, "closed") == 0)
		return 0;
	for (p = s;;) {
		p = skip_sp(p);
		if (parse_hhmm(&p, &from) == -1)
			return nbad(x, v, "bad hours '%s': " HOURS_HINT, s);
		p = skip_sp(p);
		if (*p++ != '-')
			return nbad(x, v, "bad hours '%s': " HOURS_HINT, s);
		p = skip_sp(p);
		if (parse_hhmm(&p, &to) == -1)
			return nbad(x, v, "bad hours '%s': " HOURS_HINT, s);
		p = skip_sp(p);
		if (*p != '\0' && *p != ',')
			return nbad(x, v, "bad hours '%s': " HOURS_HINT, s);
		if (from >= to)
			return nbad(x, v, "bad hours '%s': the end must be "
			    "after the start", fmt_iv(a, sizeof(a), from, to));
		if (day->n == 4)
			return nbad(x, v, "more than 4 intervals in a day");
		if (day->n > 0 && from < day->to[day->n - 1]) {
			fmt_iv(a, sizeof(a), day->from[day->n - 1],
			    day->to[day->n - 1]);
			fmt_iv(b, sizeof(b), from, to);
			if (from < day->from[day->n - 1])
				return nbad(x, v, "hours '%s' and '%s' are out "
				    "of order", a, b);
			return nbad(x, v, "hours '%s' and '%s' overlap", a, b);
		}
		day->from[day->n] = from;
		day->to[day->n] = to;
		day->n++;
		if (*p == '\0')
			return 0;
		p++;
	}
}

static int
do_hours(struct ctx *x, const struct node *v)
{
	char what[MAX_NAME + 8];
	struct leads_day day;
	int seen = 0, mask, twice, d, r;
	size_t i;

	if (want(x, v, N_MAP, "'hours'") == -1)
		return -1;
	x->c->has_hours = 1;
	for (i = 0; i < v->n; i += 2) {
		const struct node *k = v->kid[i];

		if ((r = parse_days(k->s, &mask, &twice)) == -1)
			return nbad(x, k, "bad days '%s': use mon, tue, wed, "
			    "thu, fri, sat, sun, a range such as mon-fri or "
			    "a list such as mon,wed,fri", k->s);
		if (r == 0 && (mask & seen) != 0)
			for (twice = 0; !(mask & seen & (1 << twice)); twice++)
				;
		if (r == -2 || (mask & seen) != 0)
			return nbad(x, k, "day '%s' given twice",
			    daynames[twice]);
		seen |= mask;
		snprintf(what, sizeof(what), "'%.*s'", MAX_NAME, k->s);
		if (parse_hours(x, v->kid[i + 1], what, &day) == -1)
			return -1;
		for (d = 0; d < 7; d++)
			if (mask & (1 << d))
				x->c->hours[d] = day;
	}
	for (d = 0; d < 7; d++)
		if (x->c->hours[d].n > 0)
			return 0;
	return nbad(x, v, "no working hours on any day");
}

static int
days_in(int y, int m)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/* "YYYY-MM-DD" -> YYYYMMDD, or -1. */
static int32_t
parse_date(const char *s)
{
	int i, y, m, d;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' :
		    !is_digit((unsigned char)s[i]))
			return -1;
	if (s[10] != '\0')
		return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
		return -1;
	return (int32_t)(y * 10000 + m * 100 + d);
}

static int
cmp_i32(const void *pa, const void *pb)
{
	int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;

	return a < b ? -1 : a > b;
}

static int
do_holidays(struct ctx *x, const struct node *v)
{
	struct leads_conf *c = x->c;
	const char *s;
	size_t i, k;
	int32_t d;

	if (want(x, v, N_SEQ, "'holidays'") == -1)
		return -1;
	if (v->n == 0)
		return 0;
	if ((c->holidays = calloc(v->n, sizeof(*c->holidays))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < v->n; i++) {
		if ((s = text(x, v->kid[i], "a holiday")) == NULL)
			return -1;
		if ((d = parse_date(s)) == -1)
			return nbad(x, v->kid[i],
			    "bad date '%s': use YYYY-MM-DD", s);
		c->holidays[i] = d;
	}
	qsort(c->holidays, v->n, sizeof(*c->holidays), cmp_i32);
	for (i = k = 0; i < v->n; i++)
		if (k == 0 || c->holidays[k - 1] != c->holidays[i])
			c->holidays[k++] = c->holidays[i];
	c->nholidays = k;
	return 0;
}

/* A duration in m, h, d or w, in seconds. */
static int
fixed_dur(struct ctx *x, const struct node *v, const char *key, int64_t *sec)
{
	struct leads_dur d;
	const char *s;
	char what[32];

	snprintf(what, sizeof(what), "'%s'", key);
	if ((s = text(x, v, what)) == NULL)
		return -1;
	if (leads_dur_parse(s, &d, NULL) == -1 || d.unit == LEADS_U_BDAY)
		return nbad(x, v, "'%s' must be a duration such as 5m, 1h, "
		    "1d or 1w, not '%s'", key, s);
	*sec = leads_dur_seconds(&d);
	return 0;
}

static int
do_speed(struct ctx *x, const struct node *v)
{
	static const char *const keys[] = { "target", "escalate", NULL };
	const struct node *t, *e;

	if (want(x, v, N_MAP, "'speed_to_lead'") == -1 ||
	    check_keys(x, v, keys) == -1)
		return -1;
	if ((t = get(v, "target")) != NULL &&
	    fixed_dur(x, t, "target", &x->c->target) == -1)
		return -1;
	if ((e = get(v, "escalate")) != NULL &&
	    fixed_dur(x, e, "escalate", &x->c->escalate) == -1)
		return -1;
	if (x->c->escalate < x->c->target)
		return nbad(x, e != NULL ? e : t,
		    "'escalate' must not be sooner than 'target'");
	return 0;
}

static int
do_min_attempts(struct ctx *x, const struct node *v)
{
	const char *s;
	size_t n;

	if ((s = text(x, v, "'min_attempts'")) == NULL)
		return -1;
	n = strlen(s);
	if (n < 1 || n > 3 || strspn(s, "0123456789") != n ||
	    atoi(s) < 1 || atoi(s) > 100)
		return nbad(x, v, "'min_attempts' must be a whole number "
		    "from 1 to 100, not '%s'", s);
	x->c->min_attempts = atoi(s);
	return 0;
}

static int
do_value(struct ctx *x, const struct node *v)
{
	const char *s;
	char *end;
	size_t n;
	double d;

	if ((s = text(x, v, "'value'")) == NULL)
		return -1;
	n = strlen(s);
	errno = 0;
	/* strtod alone would also take "inf", "nan" and hex. */
	if (n == 0 || strspn(s, "0123456789.eE+-") != n ||
	    (d = strtod(s, &end), *end != '\0') || errno != 0 ||
	    !isfinite(d) || d < 0)
		return nbad(x, v, "'value' must be a number of 0 or more, "
		    "not '%s'", s);
	x->c->value = d;
	return 0;
}

static int
owner_known(const struct leads_conf *c, const char *name)
{
	size_t i;

	if (c->nowners == 0)
		return 1;
	for (i = 0; i < c->nowners; i++)
		if (strcmp(c->owners[i].name, name) == 0)
			return 1;
	return 0;
}

/* An owner's name (for assign:, backup:) into *dst. */
static int
owner_ref(struct ctx *x, const struct node *v, const char *what, char **dst)
{
	const char *s;

	if ((s = text(x, v, what)) == NULL)
		return -1;
	if (!owner_ok(s))
		return nbad(x, v, "bad owner name '%s'", s);
	if (!owner_known(x->c, s))
		return nbad(x, v, "owner '%s' is not in owners", s);
	return get_str(x, v, what, dst);
}

static int
do_owner(struct ctx *x, const struct node *v, struct leads_owner *o)
{
	static const char *const keys[] = {
		"name", "email", "away_until", NULL
	};
	struct leads_err e;
	const struct node *name = v, *n;
	const char *s;
	size_t i;

	if (v->type == N_MAP) {
		if (check_keys(x, v, keys) == -1)
			return -1;
		if ((name = get(v, "name")) == NULL)
			return nbad(x, v, "missing key 'name'");
	} else if (v->type != N_SCALAR || is_null(v))
		return want(x, v, N_SCALAR, "an owner");
	if ((s = text(x, name, "'name'")) == NULL)
		return -1;
	if (!owner_ok(s))
		return nbad(x, name, "bad owner name '%s'", s);
	for (i = 0; i < x->c->nowners; i++)
		if (x->c->owners[i].name != NULL &&
		    strcmp(x->c->owners[i].name, s) == 0)
			return nbad(x, name, "duplicate owner '%s'", s);
	if (get_str(x, name, "'name'", &o->name) == -1)
		return -1;
	if (v->type != N_MAP)
		return 0;
	if ((n = get(v, "email")) != NULL) {
		if ((s = text(x, n, "'email'")) == NULL)
			return -1;
		if (strchr(s, '@') == NULL)
			return nbad(x, n, "bad email '%s'", s);
		if (get_str(x, n, "'email'", &o->email) == -1)
			return -1;
	}
	if ((n = get(v, "away_until")) != NULL) {
		if ((s = text(x, n, "'away_until'")) == NULL)
			return -1;
		if (leads_time_parse(s, x->c->timezone, &o->away_until,
		    &e) == -1)
			return nbad(x, n, "%s", e.msg);
	}
	return 0;
}

static int
do_owners(struct ctx *x, const struct node *v)
{
	struct leads_conf *c = x->c;
	size_t i;

	if (want(x, v, N_SEQ, "'owners'") == -1)
		return -1;
	if (v->n == 0)
		return 0;
	if ((c->owners = calloc(v->n, sizeof(*c->owners))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < v->n; i++) {
		c->nowners++;
		if (do_owner(x, v->kid[i], &c->owners[i]) == -1)
			return -1;
	}
	return 0;
}

static int
do_match(struct ctx *x, const struct node *v, struct leads_match *m)
{
	char what[LEADS_MAX_KEY + 8];
	const struct node *k;
	size_t i, n;

	if (want(x, v, N_MAP, "'match'") == -1)
		return -1;
	if ((n = v->n / 2) == 0)
		return 0;
	if ((m->field = calloc(n, sizeof(*m->field))) == NULL ||
	    (m->glob = calloc(n, sizeof(*m->glob))) == NULL)
		return leads_err_nomem(x->err);
	m->n = n;
	for (i = 0; i < n; i++) {
		k = v->kid[2 * i];
		if (k->s[0] == '\0' || strlen(k->s) > LEADS_MAX_KEY)
			return nbad(x, k, "bad field name '%s'", k->s);
		snprintf(what, sizeof(what), "'%s'", k->s);
		if ((m->field[i] = leads_strdup(k->s, x->err)) == NULL ||
		    get_str(x, v->kid[2 * i + 1], what, &m->glob[i]) == -1)
			return -1;
	}
	return 0;
}

static int
do_assign(struct ctx *x, const struct node *v)
{
	static const char *const keys[] = { "match", "owner", NULL };
	struct leads_conf *c = x->c;
	const struct node *r, *n;
	size_t i;

	if (v->type == N_SCALAR && !is_null(v)) {
		if (strcmp(v->s, "round-robin") == 0)
			return 0;
		return owner_ref(x, v, "'assign'", &c->assign_fixed);
	}
	if (v->type != N_SEQ)
		return nbad(x, v, "'assign' must be round-robin, an owner or a "
		    "sequence of rules");
	if (v->n == 0)
		return 0;
	if ((c->assign = calloc(v->n, sizeof(*c->assign))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < v->n; i++) {
		r = v->kid[i];
		c->nassign++;
		if (want(x, r, N_MAP, "an assign rule") == -1 ||
		    check_keys(x, r, keys) == -1)
			return -1;
		if ((n = get(r, "match")) != NULL &&
		    do_match(x, n, &c->assign[i].match) == -1)
			return -1;
		if ((n = get(r, "owner")) == NULL)
			return nbad(x, r, "missing key 'owner'");
		if (n->type == N_SCALAR && strcmp(n->s, "round-robin") == 0)
			continue;
		if (owner_ref(x, n, "'owner'", &c->assign[i].owner) == -1)
			return -1;
	}
	return 0;
}

static int
do_templates(struct ctx *x, const struct node *v)
{
	x->c->templates_line = v->line;
	x->c->templates_col = v->col;
	return get_str(x, v, "'templates'", &x->c->templates_dir);
}

/* The sender of emails whose owner has none: a mailbox, checked now. */
static int
do_from(struct ctx *x, const struct node *v)
{
	char name[LEADS_MAIL_NAME], addr[LEADS_MAIL_ADDR];
	struct leads_err e;
	const char *s;

	if ((s = text(x, v, "'from'")) == NULL)
		return -1;
	if (leads_mailbox_parse(s, name, sizeof(name), addr, sizeof(addr),
	    &e) == -1)
		return nbad(x, v, "'from': %s", e.msg);
	return get_str(x, v, "'from'", &x->c->from);
}

static int
do_sendmail(struct ctx *x, const struct node *v)
{
	return get_str(x, v, "'sendmail'", &x->c->sendmail);
}

/* ---- cadences ----------------------------------------------------------- */

static int
cmp_nameidx(const void *pa, const void *pb)
{
	const struct nameidx *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/* The index of cadence name, or -1. */
static long
find_cadence(const struct ctx *x, const char *name)
{
	struct nameidx key, *r;

	key.name = name;
	r = bsearch(&key, x->byname, x->c->ncadences, sizeof(key),
	    cmp_nameidx);
	return r != NULL ? (long)r->i : -1;
}

/* A reference to a cadence into *dst. */
static int
cadence_ref(struct ctx *x, const struct node *v, const char *what,
    char **dst)
{
	const char *s;

	if ((s = text(x, v, what)) == NULL)
		return -1;
	if (find_cadence(x, s) == -1)
		return nbad(x, v, "cadence '%s' is not defined", s);
	return get_str(x, v, what, dst);
}

static uint32_t
fnv1a(uint32_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static uint64_t
fnv1a64(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* Step ids of one cadence: explicit ones, then derived ones. */
struct stepid {
	char base[32];		/* derived: channel-hash */
	const char *id;		/* explicit */
	const struct node *at;
	size_t i;
};

static int
cmp_explicit(const void *pa, const void *pb)
{
	const struct stepid *a = pa, *b = pb;
	int r;

	if ((r = strcmp(a->id, b->id)) != 0)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

static int
cmp_derived(const void *pa, const void *pb)
{
	const struct stepid *a = pa, *b = pb;
	int r;

	if ((r = strcmp(a->base, b->base)) != 0)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

static int
cmp_id_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct stepid *)elem)->id);
}

static int
do_step(struct ctx *x, const struct node *v, struct leads_step *st,
    struct stepid *sid)
{
	static const char *const keys[] = {
		"channel", "after", "note", "template", "id", NULL
	};
	const struct node *n;
	const char *s, *after;
	uint32_t h;
	int ch;

	if (want(x, v, N_MAP, "a step") == -1 || check_keys(x, v, keys) == -1)
		return -1;
	st->line = v->line;
	if ((n = get(v, "channel")) == NULL)
		return nbad(x, v, "missing key 'channel'");
	if ((s = text(x, n, "'channel'")) == NULL)
		return -1;
	if ((ch = leads_channel_parse(s)) == -1)
		return nbad(x, n, "unknown channel '%s': use call, email, sms, "
		    "mail or task", s);
	st->channel = (enum leads_channel)ch;
	if ((n = get(v, "after")) == NULL)
		return nbad(x, v, "missing key 'after'");
	if ((after = text(x, n, "'after'")) == NULL)
		return -1;
	if (leads_dur_parse(after, &st->after, NULL) == -1)
		return nbad(x, n, "'after' must be a duration such as "
		    DUR_HINT ", not '%s'", after);
	if ((n = get(v, "note")) != NULL &&
	    get_str(x, n, "'note'", &st->note) == -1)
		return -1;
	if ((n = get(v, "template")) != NULL) {
		if ((s = text(x, n, "'template'")) == NULL)
			return -1;
		/* A file name inside the templates directory. */
		if (!name_ok(s, NAME_CHARS ".") || s[0] == '.')
			return nbad(x, n, "bad template name '%s': use "
			    "letters, digits, ., - and _", s);
		if (get_str(x, n, "'template'", &st->template) == -1)
			return -1;
		st->tpl_line = n->line;
		st->tpl_col = n->col;
	}
	if ((n = get(v, "id")) != NULL) {
		if ((s = text(x, n, "'id'")) == NULL)
			return -1;
		if (!name_ok(s, NAME_CHARS))
			return nbad(x, n, "bad step id '%s': use letters, "
			    "digits, - and _ (at most %d)", s, MAX_NAME);
		if (get_str(x, n, "'id'", &st->id) == -1)
			return -1;
		sid->id = st->id;
		sid->at = n;
	} else {
		h = fnv1a(2166136261u, channels[ch]);
		h = fnv1a(h, "|");
		h = fnv1a(h, after);
		h = fnv1a(h, "|");
		h = fnv1a(h, st->note != NULL ? st->note : "");
		h = fnv1a(h, "|");
		h = fnv1a(h, st->template != NULL ? st->template : "");
		snprintf(sid->base, sizeof(sid->base), "%s-%08" PRIx32,
		    channels[ch], h);
	}
	return 0;
}

/*
 * Check explicit step ids for repeats and give the other steps theirs:
 * "-2", "-3" for repeats of the same content, avoiding explicit ids.
 * By sorting, so a long cadence costs O(n log n).
 */
static int
step_ids(struct ctx *x, struct leads_cadence *cad, struct stepid *sid)
{
	const struct stepid *dup = NULL;
	struct stepid *ex = sid, *dv;
	size_t i, k, n = cad->nsteps, nex = 0, ndv, g, r, next;
	char id[64];

	/* Explicit ones first in sid, derived ones after them. */
	for (i = 0; i < n; i++)
		if (sid[i].id != NULL) {
			struct stepid t = sid[nex];

			sid[nex] = sid[i];
			sid[i] = t;
			nex++;
		}
	dv = sid + nex;
	ndv = n - nex;
	qsort(ex, nex, sizeof(*ex), cmp_explicit);
	for (i = 1; i < nex; i++)
		if (strcmp(ex[i - 1].id, ex[i].id) == 0 &&
		    (dup == NULL || ex[i].i < dup->i))
			dup = &ex[i];
	if (dup != NULL)
		return nbad(x, dup->at, "duplicate step id '%s'", dup->id);
	qsort(dv, ndv, sizeof(*dv), cmp_derived);
	for (i = 0; i < ndv; i = g) {
		for (g = i; g < ndv && strcmp(dv[g].base, dv[i].base) == 0; g++)
			;
		next = g - i + 1;
		for (k = i, r = 1; k < g; k++, r++) {
			if (r == 1)
				snprintf(id, sizeof(id), "%s", dv[k].base);
			else
				snprintf(id, sizeof(id), "%s-%zu", dv[k].base,
				    r);
			while (bsearch(id, ex, nex, sizeof(*ex),
			    cmp_id_key) != NULL)
				snprintf(id, sizeof(id), "%s-%zu", dv[k].base,
				    next++);
			if ((cad->steps[dv[k].i].id = leads_strdup(id,
			    x->err)) == NULL)
				return -1;
		}
	}
	return 0;
}

static int
do_cadence(struct ctx *x, const struct node *v, struct leads_cadence *cad,
    const struct node **thenat)
{
	static const char *const keys[] = { "steps", "then", NULL };
	char what[MAX_NAME + 8];
	const struct node *steps, *then;
	struct stepid *sid;
	size_t i;
	int rc = 0;

	snprintf(what, sizeof(what), "'%s'", cad->name);
	if (want(x, v, N_MAP, what) == -1 || check_keys(x, v, keys) == -1)
		return -1;
	*thenat = then = get(v, "then");
	if (then != NULL) {
		if (then->type == N_SCALAR && strcmp(then->s, "close") == 0)
			;
		else if (cadence_ref(x, then, "'then'", &cad->then) == -1)
			return -1;
	}
	cad->then_close = cad->then == NULL;
	if ((steps = get(v, "steps")) != NULL &&
	    want(x, steps, N_SEQ, "'steps'") == -1)
		return -1;
	if (steps == NULL || steps->n == 0) {
		if (cad->then != NULL)
			return 0;
		return nbad(x, steps != NULL ? steps : v, "cadence '%s' has "
		    "no steps: give it steps or then: another cadence",
		    cad->name);
	}
	if ((cad->steps = calloc(steps->n, sizeof(*cad->steps))) == NULL ||
	    (sid = calloc(steps->n, sizeof(*sid))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < steps->n && rc == 0; i++) {
		cad->nsteps++;
		sid[i].i = i;
		rc = do_step(x, steps->kid[i], &cad->steps[i], &sid[i]);
	}
	if (rc == 0)
		rc = step_ids(x, cad, sid);
	free(sid);
	return rc;
}

static int
waits(const struct leads_cadence *cad)
{
	size_t i;

	for (i = 0; i < cad->nsteps; i++)
		if (cad->steps[i].after.n > 0)
			return 1;
	return 0;
}

/*
 * Follow then: from each cadence; a loop through cadences none of which
 * waits would run forever at once.  Each cadence has one successor, so
 * each walk stops at the first cadence seen before.
 */
static int
then_loops(struct ctx *x, const struct node **thenat)
{
	struct leads_conf *c = x->c;
	struct leads_buf path = LEADS_BUF_INIT;
	size_t *walk, i, j, prev, n = c->ncadences;
	long t;
	int rc = 0;

	if ((walk = calloc(n, sizeof(*walk))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < n && rc == 0; i++) {
		if (walk[i] != 0)
			continue;
		for (j = i, prev = n; walk[j] == 0;) {
			walk[j] = i + 1;
			if (c->cadences[j].then == NULL)
				break;
			prev = j;
			j = (size_t)find_cadence(x, c->cadences[j].then);
		}
		/* Back at j, seen on this walk: a loop, closed by prev. */
		if (c->cadences[j].then == NULL || walk[j] != i + 1)
			continue;
		t = (long)j;
		do {
			if (waits(&c->cadences[t]))
				break;
			t = find_cadence(x, c->cadences[t].then);
		} while (t != (long)j);
		if (waits(&c->cadences[t]))
			continue;
		do {
			if (leads_buf_printf(&path, "%s -> ",
			    c->cadences[t].name) == -1) {
				rc = leads_err_nomem(x->err);
				break;
			}
			t = find_cadence(x, c->cadences[t].then);
		} while (t != (long)j);
		if (rc == 0)
			rc = nbad(x, thenat[prev], "then: loop %s%s never waits",
			    leads_buf_str(&path), c->cadences[j].name);
	}
	leads_buf_release(&path);
	free(walk);
	return rc;
}

static int
do_cadences(struct ctx *x, const struct node *v, const struct node *root)
{
	struct leads_conf *c = x->c;
	const struct node **thenat;
	const struct node *k;
	size_t i, n;
	int rc = 0;

	if (v != NULL && want(x, v, N_MAP, "'cadences'") == -1)
		return -1;
	if (v == NULL || v->n == 0)
		return nbad(x, v != NULL ? v : root, "no cadences defined");
	n = v->n / 2;
	if ((c->cadences = calloc(n, sizeof(*c->cadences))) == NULL ||
	    (x->byname = calloc(n, sizeof(*x->byname))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < n; i++) {
		k = v->kid[2 * i];
		if (strcmp(k->s, "close") == 0)
			return nbad(x, k, "a cadence cannot be called 'close'");
		if (!name_ok(k->s, NAME_CHARS))
			return nbad(x, k, "bad cadence name '%s': use letters, "
			    "digits, - and _ (at most %d)", k->s, MAX_NAME);
		c->ncadences++;
		if ((c->cadences[i].name = leads_strdup(k->s, x->err)) == NULL)
			return -1;
		c->cadences[i].line = k->line;
		x->byname[i].name = c->cadences[i].name;
		x->byname[i].i = i;
	}
	qsort(x->byname, n, sizeof(*x->byname), cmp_nameidx);
	if ((thenat = calloc(n, sizeof(*thenat))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < n && rc == 0; i++)
		rc = do_cadence(x, v->kid[2 * i + 1], &c->cadences[i],
		    &thenat[i]);
	if (rc == 0)
		rc = then_loops(x, thenat);
	free(thenat);
	return rc;
}

static int
do_entry(struct ctx *x, const struct node *v)
{
	static const char *const keys[] = { "match", "cadence", NULL };
	struct leads_conf *c = x->c;
	const struct node *r, *n;
	size_t i;

	if (want(x, v, N_SEQ, "'entry'") == -1)
		return -1;
	if (v->n == 0)
		return 0;
	if ((c->entry = calloc(v->n, sizeof(*c->entry))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < v->n; i++) {
		r = v->kid[i];
		c->nentry++;
		if (want(x, r, N_MAP, "an entry rule") == -1 ||
		    check_keys(x, r, keys) == -1)
			return -1;
		if ((n = get(r, "match")) != NULL &&
		    do_match(x, n, &c->entry[i].match) == -1)
			return -1;
		if ((n = get(r, "cadence")) == NULL)
			return nbad(x, r, "missing key 'cadence'");
		if (cadence_ref(x, n, "'cadence'", &c->entry[i].cadence) == -1)
			return -1;
	}
	return 0;
}

/* ---- outcomes ----------------------------------------------------------- */

static int
required(struct ctx *x, const struct node *v, const char *key, int *dst)
{
	char what[16];
	const char *s;

	snprintf(what, sizeof(what), "'%s'", key);
	if ((s = text(x, v, what)) == NULL)
		return -1;
	if (strcmp(s, "required") == 0)
		*dst = 1;
	else if (strcmp(s, "optional") == 0)
		*dst = 0;
	else
		return nbad(x, v, "'%s' must be required or optional, not '%s'",
		    key, s);
	return 0;
}

static int
do_outcome(struct ctx *x, const struct node *k, const struct node *v,
    struct leads_outcome *o)
{
	static const char *const keys[] = {
		"attempt", "contact", "action", "cadence", "next", "reason",
		"meanwhile", NULL
	};
	const struct node *n, *act, *cad;
	const char *s;
	size_t a;

	if (want(x, v, N_MAP, "an outcome") == -1 ||
	    check_keys(x, v, keys) == -1)
		return -1;
	o->line = k->line;
	if ((n = get(v, "attempt")) != NULL &&
	    get_bool(x, n, "'attempt'", &o->attempt) == -1)
		return -1;
	if ((n = get(v, "contact")) != NULL &&
	    get_bool(x, n, "'contact'", &o->contact) == -1)
		return -1;
	if ((n = get(v, "next")) != NULL &&
	    required(x, n, "next", &o->requires_next) == -1)
		return -1;
	if ((n = get(v, "reason")) != NULL &&
	    required(x, n, "reason", &o->requires_reason) == -1)
		return -1;
	if ((act = get(v, "action")) != NULL) {
		if ((s = text(x, act, "'action'")) == NULL)
			return -1;
		for (a = 0; a < sizeof(actions) / sizeof(actions[0]); a++)
			if (strcmp(s, actions[a]) == 0)
				break;
		if (a == sizeof(actions) / sizeof(actions[0]))
			return nbad(x, act, "unknown action '%s': use advance, "
			    "book, cadence, won, lost, dnc, bad_phone or note",
			    s);
		o->action = (enum leads_action)a;
	}
	if ((cad = get(v, "cadence")) != NULL) {
		if (act != NULL && o->action != LEADS_ACT_CADENCE)
			return nbad(x, cad, "'cadence' goes with action "
			    "cadence, not '%s'", actions[o->action]);
		if (cadence_ref(x, cad, "'cadence'", &o->cadence) == -1)
			return -1;
		o->action = LEADS_ACT_CADENCE;
	}
	if ((n = get(v, "meanwhile")) != NULL &&
	    cadence_ref(x, n, "'meanwhile'", &o->meanwhile) == -1)
		return -1;
	if (o->action != LEADS_ACT_CADENCE) {
		free(o->cadence);
		o->cadence = NULL;
	} else if (o->cadence == NULL)
		return nbad(x, act != NULL ? act : v,
		    "action cadence needs 'cadence'");
	else if (cad == NULL && act != NULL &&
	    find_cadence(x, o->cadence) == -1)
		return nbad(x, act, "cadence '%s' is not defined", o->cadence);
	if (o->meanwhile != NULL && o->action != LEADS_ACT_BOOK)
		return nbad(x, get(v, "meanwhile"), "'meanwhile' goes with "
		    "action book, not '%s'", actions[o->action]);
	return 0;
}

static int
do_outcomes(struct ctx *x, const struct node *v)
{
	struct leads_conf *c = x->c;
	struct leads_outcome *o;
	const struct node *k;
	size_t i, j, n = NBUILTIN;

	if (v != NULL) {
		if (want(x, v, N_MAP, "'outcomes'") == -1)
			return -1;
		n += v->n / 2;
	}
	if ((c->outcomes = calloc(n, sizeof(*c->outcomes))) == NULL)
		return leads_err_nomem(x->err);
	for (i = 0; i < NBUILTIN; i++) {
		o = &c->outcomes[c->noutcomes++];
		if ((o->name = leads_strdup(builtin_outcomes[i].name,
		    x->err)) == NULL)
			return -1;
		o->attempt = builtin_outcomes[i].attempt;
		o->contact = builtin_outcomes[i].contact;
		o->action = builtin_outcomes[i].action;
		o->requires_next = builtin_outcomes[i].next;
		o->requires_reason = builtin_outcomes[i].reason;
		if (builtin_outcomes[i].cadence != NULL &&
		    (o->cadence = leads_strdup(builtin_outcomes[i].cadence,
		    x->err)) == NULL)
			return -1;
	}
	for (i = 0; v != NULL && i < v->n; i += 2) {
		k = v->kid[i];
		if (!name_ok(k->s, OUTCOME_CHARS))
			return nbad(x, k, "bad outcome name '%s': use "
			    "lower-case letters, digits and _", k->s);
		for (j = 0; j < c->noutcomes; j++)
			if (strcmp(c->outcomes[j].name, k->s) == 0)
				break;
		if (j == c->noutcomes) {
			o = &c->outcomes[c->noutcomes++];
			if ((o->name = leads_strdup(k->s, x->err)) == NULL)
				return -1;
			o->action = LEADS_ACT_ADVANCE;
		}
		if (do_outcome(x, k, v->kid[i + 1], &c->outcomes[j]) == -1)
			return -1;
	}
	/* What is left undefined came from a built-in: fall back. */
	for (i = 0; i < c->noutcomes; i++) {
		o = &c->outcomes[i];
		if (o->action == LEADS_ACT_CADENCE &&
		    find_cadence(x, o->cadence) == -1) {
			o->action = LEADS_ACT_ADVANCE;
			free(o->cadence);
			o->cadence = NULL;
		}
	}
	return 0;
}

/* ---- the file ----------------------------------------------------------- */

static int
do_root(struct ctx *x, const struct node *root)
{
	static const char *const keys[] = {
		"timezone", "country", "hours", "holidays", "speed_to_lead",
		"min_attempts", "owners", "assign", "backup", "value",
		"templates", "from", "sendmail", "entry", "cadences",
		"outcomes", NULL
	};
	static const struct {
		const char *key;
		int (*fn)(struct ctx *, const struct node *);
	} sections[] = {
		/* The zone first: owners' away_until is read in it. */
		{ "timezone", do_timezone },
		{ "country", do_country },
		{ "hours", do_hours },
		{ "holidays", do_holidays },
		{ "speed_to_lead", do_speed },
		{ "min_attempts", do_min_attempts },
		{ "value", do_value },
		{ "templates", do_templates },
		{ "from", do_from },
		{ "sendmail", do_sendmail },
		{ "owners", do_owners },
		{ "assign", do_assign }
	};
	static const struct node empty = { N_MAP, 1, 1, NULL, 0, NULL, 0, 0 };
	const struct node *v;
	size_t i;

	if (root == NULL || is_null(root))
		root = &empty;
	if (want(x, root, N_MAP, "the file") == -1 ||
	    check_keys(x, root, keys) == -1)
		return -1;
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if ((v = get(root, sections[i].key)) != NULL &&
		    sections[i].fn(x, v) == -1)
			return -1;
	if ((v = get(root, "backup")) != NULL &&
	    owner_ref(x, v, "'backup'", &x->c->backup) == -1)
		return -1;
	if (do_cadences(x, get(root, "cadences"), root) == -1)
		return -1;
	if ((v = get(root, "entry")) != NULL && do_entry(x, v) == -1)
		return -1;
	return do_outcomes(x, get(root, "outcomes"));
}

struct leads_conf *
leads_conf_parse(const char *buf, size_t len, const char *name,
    struct leads_err *err)
{
	struct leads_conf *c;
	struct node *root = NULL;
	struct ctx x;
	long line, col;
	int rc;

	memset(&x, 0, sizeof(x));
	x.name = name != NULL ? name : "(cadences)";
	x.err = err;
	if (len > MAX_SIZE) {
		pos_at(buf, len, MAX_SIZE, &line, &col);
		bad(&x, line, col, "file is larger than 1 MiB");
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		leads_err_nomem(err);
		return NULL;
	}
	x.c = c;
	c->target = 5 * 60;
	c->escalate = 15 * 60;
	c->min_attempts = 5;
	if ((c->name = leads_strdup(x.name, err)) == NULL)
		rc = -1;
	else if ((rc = tree_build(&x, buf, len, &root)) == 0)
		rc = do_root(&x, root);
	node_free(root);
	free(x.byname);
	if (rc == -1) {
		leads_conf_free(c);
		return NULL;
	}
	c->hash = fnv1a64(buf, len);
	return c;
}

struct leads_conf *
leads_conf_load(const char *path, struct leads_err *err)
{
	struct leads_buf b = LEADS_BUF_INIT;
	struct leads_conf *c;
	char chunk[65536];
	size_t n;
	FILE *fp;
	int e;

	if ((fp = fopen(path, "re")) == NULL) {
		leads_errf(err, LEADS_ECONFIG, "cannot open '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	/* One byte past the limit is enough to say it is too large. */
	while (b.len <= MAX_SIZE &&
	    (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (leads_buf_add(&b, chunk, n) == -1) {
			fclose(fp);
			leads_buf_release(&b);
			leads_err_nomem(err);
			return NULL;
		}
	if (ferror(fp)) {
		e = errno;
		fclose(fp);
		leads_buf_release(&b);
		leads_errf(err, LEADS_ECONFIG, "cannot read '%s': %s", path,
		    strerror(e));
		return NULL;
	}
	fclose(fp);
	c = leads_conf_parse(leads_buf_str(&b), b.len, path, err);
	leads_buf_release(&b);
	return c;
}

struct leads_conf *
leads_conf_default(struct leads_err *err)
{
	struct leads_conf *c;

	if ((c = leads_conf_parse(leads_default_cadences,
	    strlen(leads_default_cadences), "(built-in)", err)) != NULL)
		c->builtin = 1;
	return c;
}
