/*
 * template.c - email templates: parsed once into header values and a
 * body, each a list of text and placeholders, checked strictly (every
 * mistake named with its file, line and column, so that lead-cadence
 * check finds it rather than a send), then filled in per lead.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include "conf.h"
#include "internal.h"
#include "send.h"
#include "template.h"

/* The placeholders; P_FIELD is {{field.KEY}}. */
enum {
	P_NAME, P_FIRST_NAME, P_LAST_NAME, P_COMPANY, P_OWNER, P_OWNER_EMAIL,
	P_EMAIL, P_PHONE, P_SOURCE, P_VALUE, P_ID, NVARS, P_FIELD = NVARS
};

static const char *const vars[NVARS] = {
	"name", "first_name", "last_name", "company", "owner", "owner_email",
	"email", "phone", "source", "value", "id"
};

#define VARS_HINT	"use name, first_name, last_name, company, owner, " \
			"owner_email, email, phone, source, value, id or " \
			"field.KEY"

enum { H_SUBJECT, H_FROM, H_REPLY_TO, H_CC, H_BCC, NHDRS };

static const char *const hdrs[NHDRS] = {
	"Subject", "From", "Reply-To", "Cc", "Bcc"
};

/* A run of text, or a placeholder with its fallback (may be NULL). */
struct seg {
	int var;		/* -1: text; else P_* */
	char *text;		/* the text, or the fallback */
	char *key;		/* P_FIELD: the field's name */
};

/* A header's value or the body: segments in order. */
struct part {
	struct seg *seg;
	size_t n, cap;
	long line, col;		/* where it starts */
};

struct leads_tpl {
	char *name;
	int has[NHDRS];
	struct part hdr[NHDRS];
	struct part body;
};

/* ---- errors ------------------------------------------------------------ */

static int __attribute__((format(printf, 5, 6)))
tbad(struct leads_err *err, const char *name, long line, long col,
    const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	leads_errf(err, LEADS_ECONFIG, "%s:%ld:%ld: %s", name, line, col, msg);
	if (err != NULL)
		err->line = line;
	return -1;
}

/* The column (in characters, from 1) of byte off of a line. */
static long
col_of(const char *line, size_t off)
{
	long col = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* ---- parts ------------------------------------------------------------- */

static void
part_release(struct part *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->seg[i].text);
		free(p->seg[i].key);
	}
	free(p->seg);
	memset(p, 0, sizeof(*p));
}

static struct seg *
part_new_seg(struct part *p)
{
	struct seg *t;
	size_t cap;

	if (p->n == p->cap) {
		cap = p->cap ? 2 * p->cap : 8;
		if ((t = realloc(p->seg, cap * sizeof(*t))) == NULL)
			return NULL;
		p->seg = t;
		p->cap = cap;
	}
	t = &p->seg[p->n++];
	memset(t, 0, sizeof(*t));
	t->var = -1;
	return t;
}

static char *
dupn(const char *s, size_t n)
{
	char *p;

	if ((p = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Add literal text, joined to the text before it. */
static int
part_text(struct part *p, const char *s, size_t n, struct leads_err *err)
{
	struct seg *t;
	size_t old;
	char *q;

	if (n == 0)
		return 0;
	if (p->n > 0 && p->seg[p->n - 1].var == -1) {
		t = &p->seg[p->n - 1];
		old = strlen(t->text);
		if ((q = realloc(t->text, old + n + 1)) == NULL)
			return leads_err_nomem(err);
		memcpy(q + old, s, n);
		q[old + n] = '\0';
		t->text = q;
		return 0;
	}
	if ((t = part_new_seg(p)) == NULL || (t->text = dupn(s, n)) == NULL)
		return leads_err_nomem(err);
	return 0;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/*
 * The placeholder inside "{{" and "}}": in[0..n), at line:col of its
 * "{{".  NAME, NAME|FALLBACK, field.KEY; spaces around each are ignored.
 */
static int
part_var(struct part *p, const char *tname, const char *in, size_t n,
    long line, long col, struct leads_err *err)
{
	const char *name = in, *bar, *fb = NULL;
	size_t nn = n, fn = 0;
	struct seg *t;
	int v;

	if ((bar = memchr(in, '|', n)) != NULL) {
		nn = (size_t)(bar - in);
		fb = bar + 1;
		fn = n - nn - 1;
		trim(&fb, &fn);
	}
	trim(&name, &nn);
	if (nn == 0)
		return tbad(err, tname, line, col, "empty placeholder "
		    "'{{%.*s}}': " VARS_HINT, (int)(n > 64 ? 64 : n), in);
	if (nn >= 6 && strncmp(name, "field.", 6) == 0) {
		const char *k = name + 6;
		size_t kn = nn - 6;

		trim(&k, &kn);
		if (kn == 0 || kn > LEADS_MAX_KEY)
			return tbad(err, tname, line, col, "bad field name in "
			    "'{{%.*s}}'", (int)(nn > 64 ? 64 : nn), name);
		if ((t = part_new_seg(p)) == NULL ||
		    (t->key = dupn(k, kn)) == NULL)
			return leads_err_nomem(err);
		t->var = P_FIELD;
	} else {
		for (v = 0; v < NVARS; v++)
			if (strlen(vars[v]) == nn &&
			    memcmp(vars[v], name, nn) == 0)
				break;
		if (v == NVARS)
			return tbad(err, tname, line, col, "unknown "
			    "placeholder '{{%.*s}}': " VARS_HINT,
			    (int)(nn > 64 ? 64 : nn), name);
		if ((t = part_new_seg(p)) == NULL)
			return leads_err_nomem(err);
		t->var = v;
	}
	if (fb != NULL && fn > 0 && (t->text = dupn(fb, fn)) == NULL)
		return leads_err_nomem(err);
	return 0;
}

/*
 * One line of text (no line end) into p: "\{{" is a literal "{{", and a
 * placeholder closes on its line.
 */
static int
part_line(struct part *p, const char *tname, const char *s, size_t n,
    long line, size_t off0, const char *whole, struct leads_err *err)
{
	size_t i = 0, run = 0, k;

	while (i < n) {
		if (s[i] == '\\' && i + 2 < n && s[i + 1] == '{' &&
		    s[i + 2] == '{') {
			if (part_text(p, s + run, i - run, err) == -1 ||
			    part_text(p, "{{", 2, err) == -1)
				return -1;
			i += 3;
			run = i;
			continue;
		}
		if (s[i] != '{' || i + 1 >= n || s[i + 1] != '{') {
			i++;
			continue;
		}
		if (part_text(p, s + run, i - run, err) == -1)
			return -1;
		for (k = i + 2; k + 1 < n; k++)
			if (s[k] == '}' && s[k + 1] == '}')
				break;
		if (k + 1 >= n)
			return tbad(err, tname, line, col_of(whole, off0 + i),
			    "placeholder not closed: '{{' without '}}' on its "
			    "line (write \\{{ for a literal {{)");
		if (part_var(p, tname, s + i + 2, k - i - 2, line,
		    col_of(whole, off0 + i), err) == -1)
			return -1;
		i = run = k + 2;
	}
	return part_text(p, s + run, n - run, err);
}

/* Does p say anything: a placeholder, or text that is not blank? */
static int
part_blank(const struct part *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->seg[i].var != -1)
			return 0;
		if (strspn(p->seg[i].text, " \t\n") != strlen(p->seg[i].text))
			return 0;
	}
	return 1;
}

/* ---- parsing ----------------------------------------------------------- */

void
leads_tpl_free(struct leads_tpl *t)
{
	int h;

	if (t == NULL)
		return;
	for (h = 0; h < NHDRS; h++)
		part_release(&t->hdr[h]);
	part_release(&t->body);
	free(t->name);
	free(t);
}

const char *
leads_tpl_name(const struct leads_tpl *t)
{
	return t->name;
}

/* Check each line: UTF-8, no control characters but tab. */
static int
check_line(const char *tname, const char *s, size_t n, long line,
    struct leads_err *err)
{
	size_t i;

	if (!leads_utf8_valid(s, n)) {
		for (i = 0; i < n && s[i] != '\0'; i++)
			;
		if (i < n)
			return tbad(err, tname, line, col_of(s, i),
			    "NUL character");
		return tbad(err, tname, line, 1, "not valid UTF-8");
	}
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f)
			return tbad(err, tname, line, col_of(s, i),
			    "control character 0x%02x", (unsigned char)s[i]);
	return 0;
}

/* An address header without placeholders must be addresses already. */
static int
check_addresses(const struct leads_tpl *t, int h, struct leads_err *err)
{
	const struct part *p = &t->hdr[h];
	struct leads_err e;
	char name[LEADS_MAIL_NAME], addr[LEADS_MAIL_ADDR];
	int rc;

	if (p->n != 1 || p->seg[0].var != -1)
		return 0;
	if (h == H_FROM)
		rc = leads_mailbox_parse(p->seg[0].text, name, sizeof(name),
		    addr, sizeof(addr), &e);
	else
		rc = leads_mailbox_list_check(p->seg[0].text, &e);
	if (rc == -1)
		return tbad(err, t->name, p->line, p->col, "%s: %s", hdrs[h],
		    e.msg);
	return 0;
}

/* A header line "Name: value" (or a continuation) into t. */
static int
header_line(struct leads_tpl *t, const char *s, size_t n, long line,
    int *cur, struct leads_err *err)
{
	const char *colon, *v;
	size_t nn, vn, i;
	int h;

	if (s[0] == ' ' || s[0] == '\t') {
		if (*cur == -1)
			return tbad(err, t->name, line, 1, "a continuation "
			    "line with no header before it");
		v = s;
		vn = n;
		trim(&v, &vn);
		if (part_text(&t->hdr[*cur], " ", 1, err) == -1)
			return -1;
		return part_line(&t->hdr[*cur], t->name, v, vn, line,
		    (size_t)(v - s), s, err);
	}
	colon = memchr(s, ':', n);
	nn = colon != NULL ? (size_t)(colon - s) : 0;
	for (i = 0; i < nn && s[i] != ' ' && s[i] != '\t'; i++)
		;
	if (colon == NULL || nn == 0 || i < nn)
		return tbad(err, t->name, line, 1, "bad header line '%.*s': "
		    "write Subject: and the other headers, a blank line, then "
		    "the body", (int)(n > 64 ? 64 : n), s);
	for (h = 0; h < NHDRS; h++)
		if (strlen(hdrs[h]) == nn && strncasecmp(hdrs[h], s, nn) == 0)
			break;
	if (h == NHDRS)
		return tbad(err, t->name, line, 1, "unknown header '%.*s': "
		    "use Subject, From, Reply-To, Cc or Bcc",
		    (int)(nn > 64 ? 64 : nn), s);
	if (t->has[h])
		return tbad(err, t->name, line, 1, "header '%s' given twice",
		    hdrs[h]);
	t->has[h] = 1;
	*cur = h;
	v = colon + 1;
	vn = n - nn - 1;
	trim(&v, &vn);
	t->hdr[h].line = line;
	t->hdr[h].col = col_of(s, (size_t)(v - s));
	return part_line(&t->hdr[h], t->name, v, vn, line, (size_t)(v - s), s,
	    err);
}

struct leads_tpl *
leads_tpl_parse(const char *buf, size_t len, const char *name,
    struct leads_err *err)
{
	struct leads_tpl *t;
	const char *s, *nl, *end = buf + len;
	size_t n;
	long line = 0, blank = 0;
	int cur = -1, h;

	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->name = strdup(name != NULL ? name : "(template)")) == NULL) {
		free(t);
		leads_err_nomem(err);
		return NULL;
	}
	if (len > LEADS_TPL_MAX) {
		tbad(err, t->name, 1, 1, "larger than %d KiB",
		    LEADS_TPL_MAX / 1024);
		goto fail;
	}
	/* A byte-order mark, as some editors write, is no text. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		buf += 3;
	for (s = buf; s < end; s = nl + 1) {
		line++;
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		n = (size_t)(nl - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (check_line(t->name, s, n, line, err) == -1)
			goto fail;
		if (blank == 0 && n == 0) {
			if (line == 1) {
				tbad(err, t->name, 1, 1, "no headers: start "
				    "with Subject: and a blank line before "
				    "the body");
				goto fail;
			}
			blank = line;
			t->body.line = line + 1;
			t->body.col = 1;
			continue;
		}
		if (blank == 0) {
			if (header_line(t, s, n, line, &cur, err) == -1)
				goto fail;
			continue;
		}
		if (part_line(&t->body, t->name, s, n, line, 0, s, err) ==
		    -1 || part_text(&t->body, "\n", 1, err) == -1)
			goto fail;
	}
	if (line == 0) {
		tbad(err, t->name, 1, 1, "empty template");
		goto fail;
	}
	if (blank == 0) {
		tbad(err, t->name, line, 1, "no blank line after the headers: "
		    "the body follows a blank line");
		goto fail;
	}
	if (!t->has[H_SUBJECT]) {
		tbad(err, t->name, 1, 1, "no Subject: header");
		goto fail;
	}
	if (part_blank(&t->hdr[H_SUBJECT])) {
		tbad(err, t->name, t->hdr[H_SUBJECT].line,
		    t->hdr[H_SUBJECT].col, "empty Subject:");
		goto fail;
	}
	if (part_blank(&t->body)) {
		tbad(err, t->name, blank + 1, 1, "empty body");
		goto fail;
	}
	for (h = H_FROM; h < NHDRS; h++)
		if (t->has[h] && check_addresses(t, h, err) == -1)
			goto fail;
	return t;
fail:
	leads_tpl_free(t);
	return NULL;
}

/* ---- rendering --------------------------------------------------------- */

struct values {
	const struct leads_tpl_vals *v;
	char *first, *last;	/* from name */
	json_t *extra;
};

static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/* The first word of the name, and the words after it. */
static int
split_name(struct values *x, struct leads_err *err)
{
	const char *s = x->v->name, *e;

	if (blank(s))
		return 0;
	s += strspn(s, " \t");
	e = s + strcspn(s, " \t");
	if ((x->first = dupn(s, (size_t)(e - s))) == NULL)
		return leads_err_nomem(err);
	e += strspn(e, " \t");
	if (*e != '\0' && (x->last = strdup(e)) == NULL)
		return leads_err_nomem(err);
	return 0;
}

/* A kept field by name (exactly, else ASCII case aside) as text in b. */
static int
field_value(const struct values *x, const char *key, struct leads_buf *b)
{
	const char *k;
	json_t *v;

	if (x->extra == NULL)
		return 0;
	if ((v = json_object_get(x->extra, key)) == NULL) {
		json_object_foreach(x->extra, k, v)
			if (strcasecmp(k, key) == 0)
				break;
		if (k == NULL)
			return 0;
	}
	if (json_is_string(v))
		return leads_buf_adds(b, json_string_value(v));
	if (json_is_integer(v))
		return leads_buf_printf(b, "%lld",
		    (long long)json_integer_value(v));
	if (json_is_real(v))
		return leads_buf_printf(b, "%.15g", json_real_value(v));
	if (json_is_boolean(v))
		return leads_buf_adds(b, json_is_true(v) ? "true" : "false");
	return 0;
}

static const char *
var_value(const struct values *x, int var)
{
	const struct leads_tpl_vals *v = x->v;

	switch (var) {
	case P_NAME:
		return v->name;
	case P_FIRST_NAME:
		return x->first;
	case P_LAST_NAME:
		return x->last;
	case P_COMPANY:
		return v->company;
	case P_OWNER:
		return v->owner;
	case P_OWNER_EMAIL:
		return v->owner_email;
	case P_EMAIL:
		return v->email;
	case P_PHONE:
		return v->phone;
	case P_SOURCE:
		return v->source;
	case P_VALUE:
		return v->value;
	case P_ID:
		return v->id;
	default:
		return NULL;
	}
}

/* A value into the body: line ends as LF, other control characters out. */
static int
add_body_text(struct leads_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\r') {
			if (s[1] == '\n')
				continue;
			c = '\n';
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			c = ' ';
		if (leads_buf_addc(b, c) == -1)
			return -1;
	}
	return 0;
}

static int
render_part(const struct part *p, const struct values *x, int body,
    struct leads_buf *b)
{
	struct leads_buf f = LEADS_BUF_INIT;
	const char *val;
	size_t i;
	int rc = 0;

	for (i = 0; i < p->n && rc == 0; i++) {
		const struct seg *s = &p->seg[i];

		if (s->var == -1) {
			rc = leads_buf_adds(b, s->text);
			continue;
		}
		if (s->var == P_FIELD) {
			leads_buf_reset(&f);
			if ((rc = field_value(x, s->key, &f)) == -1)
				break;
			val = leads_buf_str(&f);
		} else
			val = var_value(x, s->var);
		if (blank(val))
			val = s->text;
		if (val == NULL)
			continue;
		rc = body ? add_body_text(b, val) : leads_buf_adds(b, val);
	}
	leads_buf_release(&f);
	return rc;
}

/*
 * A header value: one line, control characters (CR and LF too) and runs
 * of white space made one space, trimmed; NULL when nothing is left.
 */
static char *
one_line(const char *s)
{
	char *out, *o;
	int sp = 0;

	if ((out = malloc(strlen(s) + 1)) == NULL)
		return NULL;
	for (o = out; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == ' ') {
			sp = o > out;
			continue;
		}
		if (sp)
			*o++ = ' ';
		sp = 0;
		*o++ = (char)c;
	}
	*o = '\0';
	return out;
}

void
leads_tpl_msg_release(struct leads_tpl_msg *m)
{
	free(m->subject);
	free(m->from);
	free(m->reply_to);
	free(m->cc);
	free(m->bcc);
	free(m->body);
	memset(m, 0, sizeof(*m));
}

int
leads_tpl_render(const struct leads_tpl *t, const struct leads_tpl_vals *v,
    struct leads_tpl_msg *m, struct leads_err *err)
{
	struct leads_buf b = LEADS_BUF_INIT;
	char **dst[NHDRS];
	struct values x;
	int h, rc = -1;

	memset(m, 0, sizeof(*m));
	memset(&x, 0, sizeof(x));
	dst[H_SUBJECT] = &m->subject;
	dst[H_FROM] = &m->from;
	dst[H_REPLY_TO] = &m->reply_to;
	dst[H_CC] = &m->cc;
	dst[H_BCC] = &m->bcc;
	x.v = v;
	if (split_name(&x, err) == -1)
		goto done;
	/* Kept fields that are not an object are no fields. */
	if (v->extra != NULL && *v->extra != '\0' &&
	    (x.extra = json_loads(v->extra, 0, NULL)) != NULL &&
	    !json_is_object(x.extra)) {
		json_decref(x.extra);
		x.extra = NULL;
	}
	for (h = 0; h < NHDRS; h++) {
		if (!t->has[h])
			continue;
		leads_buf_reset(&b);
		if (render_part(&t->hdr[h], &x, 0, &b) == -1 ||
		    (*dst[h] = one_line(leads_buf_str(&b))) == NULL) {
			leads_err_nomem(err);
			goto done;
		}
		if (**dst[h] == '\0') {
			free(*dst[h]);
			*dst[h] = NULL;
		}
	}
	if (m->subject == NULL) {
		leads_errf(err, LEADS_EDATA, "template '%s': the subject "
		    "comes out empty: give its placeholders a fallback, such "
		    "as {{company|your enquiry}}", t->name);
		goto done;
	}
	leads_buf_reset(&b);
	if (render_part(&t->body, &x, 1, &b) == -1 ||
	    (m->body = strdup(leads_buf_str(&b))) == NULL) {
		leads_err_nomem(err);
		goto done;
	}
	rc = 0;
done:
	leads_buf_release(&b);
	free(x.first);
	free(x.last);
	json_decref(x.extra);
	return rc;
}

/* ---- the templates of a cadence file ------------------------------------ */

struct tpl_entry {
	char *name;
	struct leads_tpl *t;
};

struct leads_tpls {
	char *dir;
	struct tpl_entry *v;
	size_t n, cap;
};

/* dir + "/" + rel ("" dir: rel alone). */
static char *
join(const char *dir, size_t dn, const char *rel)
{
	struct leads_buf b = LEADS_BUF_INIT;

	if (dn > 0 && (leads_buf_add(&b, dir, dn) == -1 ||
	    (dir[dn - 1] != '/' && leads_buf_addc(&b, '/') == -1)))
		goto fail;
	if (leads_buf_adds(&b, rel) == -1)
		goto fail;
	return b.s;
fail:
	leads_buf_release(&b);
	return NULL;
}

char *
leads_tpl_dir(const struct leads_conf *c, const char *opt,
    const char *xdg_config_home, const char *home, int *given,
    struct leads_err *err)
{
	const char *rel = "templates", *slash;
	char *p;
	size_t dn = 0;

	*given = 0;
	if (err != NULL)
		err->code = 0;
	if (opt != NULL && *opt != '\0') {
		*given = 1;
		return leads_strdup(opt, err);
	}
	if (c->templates_dir != NULL) {
		*given = 1;
		rel = c->templates_dir;
		if (home != NULL && *home != '\0' && (strcmp(rel, "~") == 0 ||
		    strncmp(rel, "~/", 2) == 0)) {
			if ((p = join(home, strlen(home), rel[1] ? rel + 2 :
			    "")) == NULL)
				leads_err_nomem(err);
			return p;
		}
		if (rel[0] == '/')
			return leads_strdup(rel, err);
	}
	if (c->builtin) {
		/* Where the cadence file would be: beside it. */
		if (xdg_config_home != NULL && *xdg_config_home == '/')
			p = join(xdg_config_home, strlen(xdg_config_home),
			    "leads");
		else if (home != NULL && *home != '\0')
			p = join(home, strlen(home), ".config/leads");
		else
			return NULL;
		if (p != NULL) {
			char *q = join(p, strlen(p), rel);

			free(p);
			p = q;
		}
	} else {
		if ((slash = strrchr(c->name, '/')) != NULL)
			dn = slash == c->name ? 1 : (size_t)(slash - c->name);
		p = join(c->name, dn, rel);
	}
	if (p == NULL)
		leads_err_nomem(err);
	return p;
}

/* Read path into b: 0, 1 when it does not exist, -1. */
static int
read_file(const char *path, struct leads_buf *b, struct leads_err *err)
{
	char chunk[8192];
	size_t n;
	FILE *fp;
	int e;

	if ((fp = fopen(path, "re")) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		return leads_errf(err, LEADS_ECONFIG, "cannot open '%s': %s",
		    path, strerror(errno));
	}
	/* One byte past the limit is enough for the parser to refuse. */
	while (b->len <= LEADS_TPL_MAX &&
	    (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (leads_buf_add(b, chunk, n) == -1) {
			fclose(fp);
			return leads_err_nomem(err);
		}
	if (ferror(fp)) {
		e = errno;
		fclose(fp);
		return leads_errf(err, LEADS_ECONFIG, "cannot read '%s': %s",
		    path, strerror(e));
	}
	fclose(fp);
	return 0;
}

static const struct leads_tpl_builtin *
builtin_template(const char *name)
{
	const struct leads_tpl_builtin *b;

	for (b = leads_default_templates; b->name != NULL; b++)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

/* Load the template of step st into s, once per name. */
static int
load_one(const struct leads_conf *c, struct leads_tpls *s,
    const struct leads_step *st, struct leads_err *err)
{
	struct leads_buf b = LEADS_BUF_INIT;
	const struct leads_tpl_builtin *bt;
	struct tpl_entry *e;
	char *path = NULL, *fname = NULL, label[128];
	size_t cap;
	int rc = -1, r = 1;

	if (leads_tpls_get(s, st->template) != NULL)
		return 0;
	if (s->n == s->cap) {
		cap = s->cap ? 2 * s->cap : 8;
		if ((e = realloc(s->v, cap * sizeof(*e))) == NULL)
			return leads_err_nomem(err);
		s->v = e;
		s->cap = cap;
	}
	if ((fname = malloc(strlen(st->template) + 5)) == NULL)
		return leads_err_nomem(err);
	sprintf(fname, "%s.txt", st->template);
	if (s->dir != NULL) {
		if ((path = join(s->dir, strlen(s->dir), fname)) == NULL) {
			leads_err_nomem(err);
			goto done;
		}
		if ((r = read_file(path, &b, err)) == -1)
			goto done;
	}
	e = &s->v[s->n];
	memset(e, 0, sizeof(*e));
	if (r == 0)
		e->t = leads_tpl_parse(leads_buf_str(&b), b.len, path, err);
	else if ((bt = builtin_template(st->template)) != NULL) {
		snprintf(label, sizeof(label), "(built-in)/%s", fname);
		e->t = leads_tpl_parse(bt->text, strlen(bt->text), label, err);
	} else {
		if (path != NULL)
			tbad(err, c->name, st->tpl_line, st->tpl_col,
			    "template '%s' not found: no %s, and no built-in "
			    "template of that name", st->template, path);
		else
			tbad(err, c->name, st->tpl_line, st->tpl_col,
			    "template '%s' not found: no templates directory "
			    "(HOME is not set), and no built-in template of "
			    "that name", st->template);
		goto done;
	}
	if (e->t == NULL)
		goto done;
	if ((e->name = strdup(st->template)) == NULL) {
		leads_tpl_free(e->t);
		leads_err_nomem(err);
		goto done;
	}
	s->n++;
	rc = 0;
done:
	leads_buf_release(&b);
	free(path);
	free(fname);
	return rc;
}

struct leads_tpls *
leads_tpls_load(const struct leads_conf *c, const char *opt,
    const char *xdg_config_home, const char *home, struct leads_err *err)
{
	struct leads_tpls *s;
	const char *why = NULL;
	struct stat sb;
	size_t i, k;
	int given;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		leads_err_nomem(err);
		return NULL;
	}
	s->dir = leads_tpl_dir(c, opt, xdg_config_home, home, &given, err);
	if (s->dir == NULL && err != NULL && err->code != 0)
		goto fail;
	if (given) {
		why = NULL;
		if (stat(s->dir, &sb) == -1)
			why = strerror(errno);
		else if (!S_ISDIR(sb.st_mode))
			why = "not a directory";
	}
	if (why != NULL) {
		if (opt != NULL && *opt != '\0')
			leads_errf(err, LEADS_ENOINPUT, "cannot open "
			    "templates directory '%s': %s", s->dir, why);
		else
			tbad(err, c->name, c->templates_line, c->templates_col,
			    "cannot open templates directory '%s': %s", s->dir,
			    why);
		goto fail;
	}
	for (i = 0; i < c->ncadences; i++)
		for (k = 0; k < c->cadences[i].nsteps; k++) {
			const struct leads_step *st = &c->cadences[i].steps[k];

			if (st->channel == LEADS_CH_EMAIL &&
			    st->template != NULL &&
			    load_one(c, s, st, err) == -1)
				goto fail;
		}
	return s;
fail:
	leads_tpls_free(s);
	return NULL;
}

void
leads_tpls_free(struct leads_tpls *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		leads_tpl_free(s->v[i].t);
	}
	free(s->v);
	free(s->dir);
	free(s);
}

const struct leads_tpl *
leads_tpls_get(const struct leads_tpls *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return s->v[i].t;
	return NULL;
}

const char *
leads_tpls_dir(const struct leads_tpls *s)
{
	return s->dir;
}

size_t
leads_tpls_count(const struct leads_tpls *s)
{
	return s->n;
}
