/*
 * send.c - the emails lead-send hands over: which due steps can go now,
 * the message made from a step's template for one lead (RFC 5322 with
 * MIME headers: RFC 2045 quoted-printable, RFC 2047 encoded-words), and
 * the mbox stream a dry run prints.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "internal.h"
#include "row.h"
#include "send.h"
#include "store.h"
#include "template.h"

#define LINE_SOFT	78	/* header lines folded at (RFC 5322 2.1.1) */
#define LINE_HARD	998	/* octets in any line, without its end */
#define QP_LINE		76	/* quoted-printable lines (RFC 2045 6.7) */
#define EW_MAX		75	/* an encoded-word (RFC 2047 2) */
#define EW_OPEN		"=?UTF-8?Q?"
#define EW_CLOSE	"?="

static const char *const wdays[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/* ---- addresses --------------------------------------------------------- */

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

/* s[0..n) for a message: at most 80 bytes, no control characters. */
static const char *
shown(const char *s, size_t n, char *buf, size_t size)
{
	leads_show(s, n, buf, size);
	return buf;
}

/* A display name, unquoted when it is a quoted-string, into name. */
static int
display_name(const char *d, size_t dn, char *name, size_t nn,
    struct leads_err *err)
{
	char q[96];
	size_t i, o = 0;

	if (dn >= 2 && d[0] == '"' && d[dn - 1] == '"') {
		for (i = 1; i + 1 < dn; i++) {
			if (d[i] == '"')
				return leads_errf(err, LEADS_EDATA, "bad name "
				    "'%s': a '\"' inside the quotes",
				    shown(d, dn, q, sizeof(q)));
			if (d[i] == '\\' && i + 2 < dn)
				i++;
			if (o + 1 >= nn)
				goto long_name;
			name[o++] = d[i];
		}
	} else {
		for (i = 0; i < dn; i++) {
			if (d[i] == '"' || d[i] == '<' || d[i] == '>')
				return leads_errf(err, LEADS_EDATA, "bad name "
				    "'%s': put it in double quotes",
				    shown(d, dn, q, sizeof(q)));
			if (o + 1 >= nn)
				goto long_name;
			name[o++] = d[i];
		}
	}
	name[o] = '\0';
	if (!leads_utf8_valid(name, o))
		return leads_errf(err, LEADS_EDATA, "bad name '%s': not valid "
		    "UTF-8", shown(d, dn, q, sizeof(q)));
	for (i = 0; i < o; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return leads_errf(err, LEADS_EDATA, "bad name '%s': "
			    "control characters", shown(d, dn, q, sizeof(q)));
	return 0;
long_name:
	return leads_errf(err, LEADS_EDATA, "bad name '%s': longer than %zu "
	    "bytes", shown(d, dn, q, sizeof(q)), nn - 1);
}

int
leads_mailbox_parse(const char *s, char *name, size_t nn, char *addr,
    size_t na, struct leads_err *err)
{
	const char *a = s, *lt = NULL;
	size_t n = strlen(s), an, i;
	char tmp[LEADS_MAIL_ADDR], q[96];

	trim(&a, &n);
	s = a;
	name[0] = '\0';
	if (n == 0)
		return leads_errf(err, LEADS_EDATA, "empty address");
	an = n;
	if (s[n - 1] == '>') {
		for (i = n - 1; i > 0; i--)
			if (s[i - 1] == '<') {
				lt = s + i - 1;
				break;
			}
		if (lt == NULL)
			return leads_errf(err, LEADS_EDATA, "bad address "
			    "'%s': '>' without '<'",
			    shown(s, n, q, sizeof(q)));
		a = lt + 1;
		an = (size_t)(s + n - 1 - a);
		trim(&a, &an);
		i = (size_t)(lt - s);
		trim(&s, &i);
		if (display_name(s, i, name, nn, err) == -1)
			return -1;
	} else if (memchr(s, '<', n) != NULL || strcspn(s, " \t,;\"") < n)
		return leads_errf(err, LEADS_EDATA, "bad address '%s': write "
		    "name@example.com or Name <name@example.com>",
		    shown(s, n, q, sizeof(q)));
	for (i = 0; i < an; i++)
		if ((unsigned char)a[i] >= 0x80)
			return leads_errf(err, LEADS_EDATA, "bad email '%s': "
			    "not ASCII (internationalized addresses are not "
			    "sent)", shown(a, an, q, sizeof(q)));
	if (an >= sizeof(tmp))
		return leads_errf(err, LEADS_EDATA, "bad email '%s': too long",
		    shown(a, an, q, sizeof(q)));
	memcpy(tmp, a, an);
	tmp[an] = '\0';
	return leads_norm_email(tmp, addr, na, err);
}

/*
 * The next mailbox of a list at *p: [*s, *s + *n), trimmed; commas in
 * quotes or <> belong to it.  0 at the end of the list.
 */
static int
next_mailbox(const char **p, const char **s, size_t *n)
{
	const char *q = *p;
	int quoted = 0, angle = 0;

	if (*q == '\0')
		return 0;
	for (*s = q; *q != '\0'; q++) {
		if (quoted && *q == '\\' && q[1] != '\0')
			q++;
		else if (*q == '"')
			quoted = !quoted;
		else if (!quoted && *q == '<')
			angle = 1;
		else if (!quoted && *q == '>')
			angle = 0;
		else if (!quoted && !angle && *q == ',')
			break;
	}
	*n = (size_t)(q - *s);
	*p = *q == ',' ? q + 1 : q;
	trim(s, n);
	return 1;
}

/* The mailbox s[0..n) parsed. */
static int
mailbox_n(const char *s, size_t n, char *name, size_t nn, char *addr,
    size_t na, struct leads_err *err)
{
	char *t;
	int rc;

	if ((t = malloc(n + 1)) == NULL)
		return leads_err_nomem(err);
	memcpy(t, s, n);
	t[n] = '\0';
	rc = leads_mailbox_parse(t, name, nn, addr, na, err);
	free(t);
	return rc;
}

int
leads_mailbox_list_check(const char *s, struct leads_err *err)
{
	char name[LEADS_MAIL_NAME], addr[LEADS_MAIL_ADDR];
	const char *p = s, *m;
	size_t n;
	int any = 0;

	while (next_mailbox(&p, &m, &n)) {
		if (mailbox_n(m, n, name, sizeof(name), addr, sizeof(addr),
		    err) == -1)
			return -1;
		any = 1;
	}
	return any ? 0 : leads_errf(err, LEADS_EDATA, "empty address");
}

/* ---- header lines ------------------------------------------------------ */

/* A header being written: its buffer and the column reached. */
struct hdr {
	struct leads_buf *b;
	size_t col;
	size_t start;		/* the column after "Name:" */
	int rc;
};

static void
h_add(struct hdr *h, const char *s, size_t n)
{
	if (h->rc == 0 && leads_buf_add(h->b, s, n) == -1)
		h->rc = -1;
}

static void
h_start(struct hdr *h, struct leads_buf *b, const char *name)
{
	h->b = b;
	h->rc = 0;
	h_add(h, name, strlen(name));
	h_add(h, ":", 1);
	h->col = h->start = strlen(name) + 1;
}

/* A token after a space; the space becomes a fold when the line is full. */
static void
h_tok(struct hdr *h, const char *t, size_t n)
{
	if (h->col + 1 + n > LINE_SOFT && h->col > h->start) {
		h_add(h, "\n ", 2);
		h->col = 1;
	} else {
		h_add(h, " ", 1);
		h->col++;
	}
	h_add(h, t, n);
	h->col += n;
}

static int
h_end(struct hdr *h)
{
	h_add(h, "\n", 1);
	return h->rc;
}

/* Characters an encoded-word may carry as they are, in any header. */
static int
ew_safe(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
	    c == '-' || c == '/';
}

/* The length of the UTF-8 character at p (1 for a stray byte). */
static size_t
u8len(const unsigned char *p)
{
	size_t k, n = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 :
	    *p >= 0xc0 ? 2 : 1;

	for (k = 1; k < n; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 1;
	return n;
}

/*
 * s as RFC 2047 encoded-words (UTF-8, Q), each holding whole characters,
 * the first sized to fit the line it starts on.  The words' safe set is
 * the one allowed in a phrase, so they serve display names and the
 * subject alike.
 */
static void
h_encoded(struct hdr *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	char w[EW_MAX + 16];
	size_t wn, k, clen, elen, limit, room;

	while (*p != '\0') {
		room = LINE_SOFT - (h->col + 1 < LINE_SOFT ? h->col + 1 :
		    LINE_SOFT);
		limit = room < 24 && h->col > h->start ? EW_MAX :
		    room < EW_MAX ? room : EW_MAX;
		if (limit < 24)
			limit = 24;
		memcpy(w, EW_OPEN, sizeof(EW_OPEN) - 1);
		wn = sizeof(EW_OPEN) - 1;
		while (*p != '\0') {
			clen = u8len(p);
			for (k = elen = 0; k < clen; k++)
				elen += ew_safe(p[k]) || p[k] == ' ' ? 1 : 3;
			if (wn + elen + 2 > limit && wn > sizeof(EW_OPEN) - 1)
				break;
			for (k = 0; k < clen; k++) {
				if (p[k] == ' ')
					w[wn++] = '_';
				else if (ew_safe(p[k]))
					w[wn++] = (char)p[k];
				else {
					w[wn++] = '=';
					w[wn++] = hex[p[k] >> 4];
					w[wn++] = hex[p[k] & 15];
				}
			}
			p += clen;
		}
		memcpy(w + wn, EW_CLOSE, 2);
		wn += 2;
		h_tok(h, w, wn);
	}
}

static int
plain_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* Words of s (separated by spaces) as tokens, if each fits a line. */
static int
h_words(struct hdr *h, const char *s)
{
	const char *p, *e;

	for (p = s; *p != '\0'; p = e) {
		p += strspn(p, " ");
		e = p + strcspn(p, " ");
		if (e - p > EW_MAX + 1)
			return -1;
	}
	for (p = s; *p != '\0'; p = e) {
		p += strspn(p, " ");
		if (*p == '\0')
			break;
		e = p + strcspn(p, " ");
		h_tok(h, p, (size_t)(e - p));
	}
	return 0;
}

/* Is c an atom's character, or a space between atoms? */
static int
atom_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == ' ' ||
	    (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/*
 * A display name: atoms as they are, other ASCII as a quoted-string,
 * anything else (or text that looks encoded, "=?") as encoded-words.
 */
static void
h_phrase(struct hdr *h, const char *name)
{
	struct leads_buf q = LEADS_BUF_INIT;
	const char *p;
	int atoms = 1;

	if (!plain_ascii(name) || strstr(name, "=?") != NULL) {
		h_encoded(h, name);
		return;
	}
	for (p = name; *p != '\0'; p++)
		atoms &= atom_char((unsigned char)*p);
	if (atoms && h_words(h, name) == 0)
		return;
	if (leads_buf_addc(&q, '"') == -1)
		h->rc = -1;
	for (p = name; *p != '\0' && h->rc == 0; p++)
		if ((*p == '"' || *p == '\\') &&
		    leads_buf_addc(&q, '\\') == -1)
			h->rc = -1;
		else if (leads_buf_addc(&q, *p) == -1)
			h->rc = -1;
	if (h->rc == 0 && leads_buf_addc(&q, '"') == -1)
		h->rc = -1;
	if (h->rc == 0 && q.len <= EW_MAX + 1)
		h_tok(h, q.s, q.len);
	else if (h->rc == 0)
		h_encoded(h, name);
	leads_buf_release(&q);
}

/* A mailbox: the name, then <addr>; a bare addr without one. */
static void
h_mailbox(struct hdr *h, const char *name, const char *addr, int comma)
{
	char t[LEADS_MAIL_ADDR + 4];
	int n;

	if (*name != '\0') {
		h_phrase(h, name);
		n = snprintf(t, sizeof(t), "<%s>%s", addr, comma ? "," : "");
	} else
		n = snprintf(t, sizeof(t), "%s%s", addr, comma ? "," : "");
	h_tok(h, t, (size_t)n);
}

/* A header of mailboxes from a list as written. */
static int
h_list(struct leads_buf *b, const char *hname, const char *list,
    struct leads_err *err)
{
	char name[LEADS_MAIL_NAME], addr[LEADS_MAIL_ADDR];
	const char *p = list, *m, *next;
	struct leads_err e;
	struct hdr h;
	size_t n, nn;

	h_start(&h, b, hname);
	while (next_mailbox(&p, &m, &n)) {
		if (mailbox_n(m, n, name, sizeof(name), addr, sizeof(addr),
		    &e) == -1)
			return leads_errf(err, e.code, "%s: %s", hname, e.msg);
		next = p;
		h_mailbox(&h, name, addr, next_mailbox(&next, &m, &nn));
	}
	if (h_end(&h) == -1)
		return leads_err_nomem(err);
	return 0;
}

/* An unstructured header (the subject): words, else encoded-words. */
static int
h_text(struct leads_buf *b, const char *hname, const char *s,
    struct leads_err *err)
{
	struct hdr h;

	h_start(&h, b, hname);
	if (!plain_ascii(s) || strstr(s, "=?") != NULL || h_words(&h, s) == -1)
		h_encoded(&h, s);
	if (h_end(&h) == -1)
		return leads_err_nomem(err);
	return 0;
}

/* "Date: Mon, 23 Nov 2026 10:00:00 +0000", at t in zone tz. */
static int
h_date(struct leads_buf *b, int64_t t, const char *tz)
{
	struct tm tm;
	time_t tt = (time_t)t;
	long off;

	if (leads_tz_local(t, tz, &tm) == -1 && gmtime_r(&tt, &tm) == NULL)
		return -1;
	off = tm.tm_gmtoff / 60;
	return leads_buf_printf(b, "Date: %s, %d %s %04d %02d:%02d:%02d "
	    "%c%02ld%02ld\n", wdays[tm.tm_wday], tm.tm_mday,
	    months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

/* ---- the body ---------------------------------------------------------- */

/* Can the body go as it is: ASCII, no line over 998 octets? */
static int
body_7bit(const char *s)
{
	size_t col = 0;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return 0;
		if (*s == '\n')
			col = 0;
		else if (++col > LINE_HARD)
			return 0;
	}
	return 1;
}

/*
 * Quoted-printable (RFC 2045 6.7): "=", bytes outside printable ASCII
 * and white space at a line's end as =XX, soft breaks keeping lines
 * within 76 characters; an F starting "From " is =46, so that no mbox on
 * the way rewrites the line.
 */
static int
body_qp(struct leads_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *line, *e;
	char enc[4];
	size_t col, i, n, len;
	int rc = 0;

	for (line = s; *line != '\0' && rc == 0; line = *e ? e + 1 : e) {
		e = line + strcspn(line, "\n");
		len = (size_t)(e - line);
		for (i = col = 0; i < len && rc == 0; i++) {
			unsigned char c = (unsigned char)line[i];

			if ((c == ' ' || c == '\t') ? i + 1 == len :
			    c == '=' || c < 0x20 || c > 0x7e || (i == 0 &&
			    c == 'F' && strncmp(line, "From ", 5) == 0)) {
				enc[0] = '=';
				enc[1] = hex[c >> 4];
				enc[2] = hex[c & 15];
				n = 3;
			} else {
				enc[0] = (char)c;
				n = 1;
			}
			/* The last character may take the '=' column. */
			if (col + n > QP_LINE - 1 &&
			    !(i + 1 == len && col + n <= QP_LINE)) {
				rc |= leads_buf_add(b, "=\n", 2);
				col = 0;
			}
			rc |= leads_buf_add(b, enc, n);
			col += n;
		}
		rc |= leads_buf_addc(b, '\n');
	}
	return rc;
}

/* ---- the message ------------------------------------------------------- */

int
leads_email_format(const struct leads_email *m, char **out, size_t *len,
    struct leads_err *err)
{
	char name[LEADS_MAIL_NAME], addr[LEADS_MAIL_ADDR], to[LEADS_MAIL_ADDR];
	char toname[LEADS_MAIL_NAME];
	struct leads_buf b = LEADS_BUF_INIT;
	struct leads_err e;
	struct hdr h;
	const char *body = m->body != NULL ? m->body : "";
	int qp, rc = 0;

	*out = NULL;
	*len = 0;
	if (m->subject == NULL || *m->subject == '\0')
		return leads_errf(err, LEADS_EDATA, "empty subject");
	if (leads_mailbox_parse(m->from, name, sizeof(name), addr,
	    sizeof(addr), &e) == -1)
		return leads_errf(err, LEADS_EDATA, "From: %s", e.msg);
	if (leads_mailbox_parse(m->to, toname, sizeof(toname), to, sizeof(to),
	    &e) == -1)
		return leads_errf(err, LEADS_EDATA, "To: %s", e.msg);
	if (h_date(&b, m->date, m->tz) == -1)
		goto nomem;
	h_start(&h, &b, "From");
	h_mailbox(&h, name, addr, 0);
	rc |= h_end(&h);
	h_start(&h, &b, "To");
	h_mailbox(&h, m->to_name != NULL ? m->to_name : "", to, 0);
	rc |= h_end(&h);
	if (rc != 0)
		goto nomem;
	if ((m->cc != NULL && h_list(&b, "Cc", m->cc, err) == -1) ||
	    (m->bcc != NULL && h_list(&b, "Bcc", m->bcc, err) == -1) ||
	    (m->reply_to != NULL && h_list(&b, "Reply-To", m->reply_to,
	    err) == -1) ||
	    h_text(&b, "Subject", m->subject, err) == -1)
		goto fail;
	qp = !body_7bit(body);
	rc |= leads_buf_printf(&b, "Message-ID: %s\n", m->msgid);
	rc |= leads_buf_adds(&b, "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n");
	rc |= leads_buf_printf(&b, "Content-Transfer-Encoding: %s\n\n",
	    qp ? "quoted-printable" : "7bit");
	if (qp)
		rc |= body_qp(&b, body);
	else {
		rc |= leads_buf_adds(&b, body);
		if (b.len > 0 && b.s[b.len - 1] != '\n')
			rc |= leads_buf_addc(&b, '\n');
	}
	if (rc != 0)
		goto nomem;
	*out = b.s;
	*len = b.len;
	return 0;
nomem:
	leads_err_nomem(err);
fail:
	leads_buf_release(&b);
	return -1;
}

/* Does the line at s start with ">*From "? */
static int
from_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == '>')
		i++;
	return n - i >= 5 && memcmp(s + i, "From ", 5) == 0;
}

int
leads_mbox_add(struct leads_buf *b, const char *sender, int64_t t,
    const char *msg, size_t len, struct leads_err *err)
{
	const char *p, *e, *end = msg + len;
	time_t tt = (time_t)t;
	struct tm tm;
	int rc;

	if (gmtime_r(&tt, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	rc = leads_buf_printf(b, "From %s %s %s %2d %02d:%02d:%02d %d\n",
	    sender, wdays[tm.tm_wday], months[tm.tm_mon], tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
	for (p = msg; p < end && rc == 0; p = e) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		if (from_line(p, (size_t)(e - p)))
			rc |= leads_buf_addc(b, '>');
		rc |= leads_buf_add(b, p, (size_t)(e - p));
		rc |= leads_buf_addc(b, '\n');
		if (e < end)
			e++;
	}
	rc |= leads_buf_addc(b, '\n');
	return rc == 0 ? 0 : leads_err_nomem(err);
}

/* ---- what is due, and its message ------------------------------------- */

const struct leads_step *
leads_send_step(const struct leads_conf *c, const struct leads_due_item *it)
{
	const struct leads_cadence *cad;
	long k;

	if (it->cadence == NULL || it->booked ||
	    (cad = leads_conf_cadence(c, it->cadence)) == NULL)
		return NULL;
	if ((k = leads_step_index(cad, it->step_id)) == -1)
		k = it->step - 1;
	if (k < 0 || (size_t)k >= cad->nsteps)
		return NULL;
	return &cad->steps[k];
}

/* Are lead id's working hours open at now, in its zone?  1, 0, -1. */
static int
open_now(struct leads_db *db, const struct leads_conf *c, int64_t id,
    int64_t now, struct leads_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = leads_lead_row(db, id, &rc, err)) == NULL)
		return -1;
	if (rc == 1)
		rc = leads_next_open(c, leads_conf_tz(c, leads_col_text(st,
		    L_TZ)), now, NULL) == now;
	sqlite3_reset(st);
	return rc;
}

int
leads_send_due(struct leads_db *db, const struct leads_conf *c,
    int64_t now, const char *owner, long limit,
    struct leads_due_item **items, size_t *n, size_t *total,
    struct leads_err *err)
{
	struct leads_due_query q;
	const struct leads_step *st;
	struct leads_due_item *v, t;
	size_t nv, i, k = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	q.at = now;
	q.channels = 1u << LEADS_CH_EMAIL;
	*n = *total = 0;
	if (leads_due_list(db, c, &q, &v, &nv, err) == -1)
		return -1;
	/* The ones to send move to the front, in order. */
	for (i = 0; i < nv && (limit <= 0 || k < (size_t)limit); i++) {
		st = leads_send_step(c, &v[i]);
		if (st == NULL || st->channel != LEADS_CH_EMAIL ||
		    st->template == NULL || v[i].email == NULL ||
		    (owner != NULL && (v[i].owner == NULL ||
		    strcmp(v[i].owner, owner) != 0)))
			continue;
		if ((rc = open_now(db, c, v[i].id, now, err)) == -1) {
			leads_due_free(v, nv);
			return -1;
		}
		if (rc == 0)
			continue;
		t = v[k];
		v[k++] = v[i];
		v[i] = t;
	}
	*items = v;
	*n = k;
	*total = nv;
	return 0;
}

void
leads_sendable_release(struct leads_sendable *s)
{
	free(s->msg);
	memset(s, 0, sizeof(*s));
}

/* "\"name\" <addr>": a mailbox leads_mailbox_parse reads back. */
static char *
mailbox_of(const char *name, const char *addr)
{
	struct leads_buf b = LEADS_BUF_INIT;
	int rc = 0;

	rc |= leads_buf_addc(&b, '"');
	for (; *name != '\0'; name++) {
		if (*name == '"' || *name == '\\')
			rc |= leads_buf_addc(&b, '\\');
		rc |= leads_buf_addc(&b, *name);
	}
	rc |= leads_buf_printf(&b, "\" <%s>", addr);
	if (rc != 0) {
		leads_buf_release(&b);
		return NULL;
	}
	return b.s;
}

/* The owner's entry in owners:, or NULL. */
static const struct leads_owner *
owner_of(const struct leads_conf *c, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < c->nowners; i++)
		if (strcmp(c->owners[i].name, name) == 0)
			return &c->owners[i];
	return NULL;
}

/*
 * The sender: the template's From:, else the owner's email with their
 * name, else the file's from:.  *from to free(), or -1 (ECONFIG).
 */
static int
sender(const struct leads_conf *c, const struct leads_tpl_msg *tm,
    const struct leads_lead *l, char **from, struct leads_err *err)
{
	const struct leads_owner *o = owner_of(c, l->owner);
	const char *s = NULL;

	*from = NULL;
	if (tm->from != NULL)
		s = tm->from;
	else if (o != NULL && o->email != NULL) {
		if ((*from = mailbox_of(o->name, o->email)) == NULL)
			return leads_err_nomem(err);
		return 0;
	} else if (c->from != NULL)
		s = c->from;
	else if (l->owner != NULL)
		return leads_errf(err, LEADS_ECONFIG, "no sender: give owner "
		    "'%s' an email in owners:, or set from: in %s", l->owner,
		    c->name);
	else
		return leads_errf(err, LEADS_ECONFIG, "no sender: the lead "
		    "has no owner, and %s sets no from:", c->name);
	if ((*from = strdup(s)) == NULL)
		return leads_err_nomem(err);
	return 0;
}

int
leads_send_make(struct leads_db *db, const struct leads_conf *c,
    const struct leads_tpls *tpls, const struct leads_due_item *it,
    int64_t now, struct leads_sendable *s, struct leads_err *err)
{
	char id[24], value[48], name[LEADS_MAIL_NAME], msgid[512];
	struct leads_query q;
	struct leads_cursor *cur;
	const struct leads_lead *l = NULL;
	const struct leads_owner *o;
	const struct leads_step *st;
	const struct leads_tpl *t;
	struct leads_tpl_vals v;
	struct leads_tpl_msg tm;
	struct leads_email m;
	struct leads_err e;
	const char *dom;
	char *from = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	memset(&tm, 0, sizeof(tm));
	if ((st = leads_send_step(c, it)) == NULL || st->template == NULL)
		return 0;
	if ((t = leads_tpls_get(tpls, st->template)) == NULL)
		return leads_errf(err, LEADS_ESOFTWARE, "template '%s' was "
		    "not loaded", st->template);
	memset(&q, 0, sizeof(q));
	q.now = now;
	q.id = it->id;
	if (leads_query_open(db, &q, &cur, err) == -1)
		return -1;
	if ((rc = leads_query_next(cur, &l, err)) != 1)
		goto done;
	/* Someone may have done the step since the list was made. */
	rc = 0;
	if ((strcmp(l->status, "active") != 0 &&
	    strcmp(l->status, "waiting") != 0) || l->email == NULL ||
	    l->due_at != it->due_at || l->step != it->step ||
	    l->cadence == NULL || strcmp(l->cadence, it->cadence) != 0)
		goto done;
	rc = -1;
	o = owner_of(c, l->owner);
	snprintf(id, sizeof(id), "%" PRId64, l->id);
	if (l->has_value)
		snprintf(value, sizeof(value), "%.15g", l->value);
	memset(&v, 0, sizeof(v));
	v.id = id;
	v.name = l->name;
	v.company = l->company;
	v.email = l->email;
	v.phone = l->phone;
	v.source = l->source;
	v.value = l->has_value ? value : NULL;
	v.owner = l->owner;
	v.owner_email = o != NULL ? o->email : NULL;
	v.extra = l->extra;
	if (leads_tpl_render(t, &v, &tm, err) == -1 ||
	    sender(c, &tm, l, &from, err) == -1)
		goto done;
	if (leads_mailbox_parse(from, name, sizeof(name), s->from,
	    sizeof(s->from), &e) == -1) {
		leads_errf(err, LEADS_ECONFIG, "bad sender '%s': %s", from,
		    e.msg);
		goto done;
	}
	if (leads_mailbox_parse(l->email, name, sizeof(name), s->to,
	    sizeof(s->to), &e) == -1) {
		leads_errf(err, LEADS_EDATA, "the lead's %s", e.msg);
		goto done;
	}
	/* Stable for the lead's step: a resend is known for what it is. */
	dom = strchr(s->from, '@') + 1;
	snprintf(msgid, sizeof(msgid), "<leads.%" PRId64 ".%s.%" PRId64 "@%s>",
	    l->id, st->id, it->due_at, dom);
	snprintf(s->msgid, sizeof(s->msgid), "%s", msgid);
	memset(&m, 0, sizeof(m));
	m.from = from;
	m.to_name = l->name;
	m.to = s->to;
	m.cc = tm.cc;
	m.bcc = tm.bcc;
	m.reply_to = tm.reply_to;
	m.subject = tm.subject;
	m.body = tm.body;
	m.date = now;
	m.tz = c->timezone;
	m.msgid = msgid;
	if (leads_email_format(&m, &s->msg, &s->len, err) == -1)
		goto done;
	s->template = st->template;
	rc = 1;
done:
	leads_cursor_close(cur);
	leads_tpl_msg_release(&tm);
	free(from);
	if (rc != 1)
		leads_sendable_release(s);
	return rc;
}
