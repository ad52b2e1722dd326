/*
 * mail.c - one raw mail message into the fields of a lead.
 *
 * Headers are unfolded and their encoded words (RFC 2047) decoded; the
 * MIME tree is walked for the text (text/plain first, else text/html made
 * text); quoted-printable and base64 are undone and the part's charset
 * made UTF-8 with iconv(3).  The text is then read as form plugins write
 * it: "Key: value" lines (Gravity Forms and the kv format), "--- Field
 * ---" headings (WPForms), the Contact Form 7 layout (From, Subject,
 * "Message Body:", a "-- " signature), or the label and value rows of an
 * HTML table.  Pure: no I/O, no clock, no environment.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "internal.h"
#include "mail.h"

#define MAX_DEPTH	16	/* multipart inside multipart */
#define MAX_PARTS	1000	/* entities in one message */
#define MAX_ADDRS	100	/* recipients compared with the sender */

/*
 * Lines the HTML reader makes, which no text line holds (text loses its
 * control characters): a label, a line of its value, a section break.
 */
#define MK_LABEL	'\x03'
#define MK_VALUE	'\x01'
#define MK_BREAK	'\x02'

struct span {
	const char *s;
	size_t n;
};

/* ---- lines and headers -------------------------------------------------- */

/* The line at s[0..n): its length with its ending; *body without. */
static size_t
line_len(const char *s, size_t n, size_t *body)
{
	const char *nl = memchr(s, '\n', n);
	size_t len = nl != NULL ? (size_t)(nl - s) + 1 : n, b = len;

	if (b > 0 && s[b - 1] == '\n')
		b--;
	if (b > 0 && s[b - 1] == '\r')
		b--;
	*body = b;
	return len;
}

static int
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

static int
all_space(const char *s, size_t n)
{
	for (; n > 0; s++, n--)
		if (!is_wsp(*s) && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* "Name:" at the start of a header line: the name's length, else 0. */
static size_t
field_name(const char *s, size_t n)
{
	size_t i, e;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ':' || c <= ' ' || c >= 0x7f)
			break;
	}
	for (e = i; i < n && is_wsp(s[i]); i++)
		;
	return e > 0 && i < n && s[i] == ':' ? e : 0;
}

/*
 * An entity's header block and body: they part at the first empty line.
 * A line that is neither a field nor a continuation starts the body, as
 * mail readers take a missing empty line.
 */
static void
entity_split(const char *s, size_t n, struct span *hdr, struct span *body)
{
	size_t at = 0, len, b;

	while (at < n) {
		len = line_len(s + at, n - at, &b);
		if (b == 0 || (!is_wsp(s[at]) && field_name(s + at, b) == 0)) {
			hdr->s = s;
			hdr->n = at;
			if (b == 0)
				at += len;
			body->s = s + at;
			body->n = n - at;
			return;
		}
		at += len;
	}
	hdr->s = s;
	hdr->n = n;
	body->s = s + n;
	body->n = 0;
}

/*
 * The value of the next field called name from *pos on (which moves past
 * it), unfolded, into out (raw bytes): 1, 0 when there is none, -1 out
 * of memory.
 */
static int
hdr_next(struct span hdr, const char *name, size_t *pos,
    struct leads_buf *out)
{
	size_t at = *pos, len, b, nl = strlen(name);
	const char *s, *v;
	int found = 0;

	leads_buf_reset(out);
	for (; at < hdr.n; at += len) {
		s = hdr.s + at;
		len = line_len(s, hdr.n - at, &b);
		if (found) {
			if (!is_wsp(*s))
				break;
			if (leads_buf_add(out, s, b) == -1)
				return -1;
			continue;
		}
		if (field_name(s, b) != nl || strncasecmp(s, name, nl) != 0)
			continue;
		v = (const char *)memchr(s, ':', b) + 1;
		if (leads_buf_add(out, v, b - (size_t)(v - s)) == -1)
			return -1;
		found = 1;
	}
	*pos = at;
	return found;
}

/* The first field called name: as hdr_next(). */
static int
hdr_get(struct span hdr, const char *name, struct leads_buf *out)
{
	size_t pos = 0;

	return hdr_next(hdr, name, &pos, out);
}

/* ---- Content-Type ------------------------------------------------------- */

struct ctype {
	char type[64];		/* "text/plain", lower case; "" if none */
	char charset[64];
	char boundary[256];
};

/* A parameter value, token or quoted string, from s[*i]: into v[n]. */
static void
param_value(const char *s, size_t len, size_t *i, char *v, size_t n)
{
	size_t k = 0;

	if (*i < len && s[*i] == '"') {
		for ((*i)++; *i < len && s[*i] != '"'; (*i)++) {
			if (s[*i] == '\\' && *i + 1 < len)
				(*i)++;
			if (k + 1 < n)
				v[k++] = s[*i];
		}
		if (*i < len)
			(*i)++;
	} else {
		for (; *i < len && s[*i] != ';' && !is_wsp(s[*i]) &&
		    s[*i] != '\r' && s[*i] != '\n'; (*i)++)
			if (k + 1 < n)
				v[k++] = s[*i];
	}
	v[k] = '\0';
}

static void
ctype_parse(const char *s, size_t len, struct ctype *ct)
{
	char name[32], val[256];
	size_t i = 0, k;

	memset(ct, 0, sizeof(*ct));
	while (i < len && (is_wsp(s[i]) || s[i] == '\r' || s[i] == '\n'))
		i++;
	for (k = 0; i < len && s[i] != ';' && !is_wsp(s[i]) && s[i] != '\r' &&
	    s[i] != '\n'; i++)
		if (k + 1 < sizeof(ct->type))
			ct->type[k++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ?
			    s[i] + 32 : s[i]);
	ct->type[k] = '\0';
	for (;;) {
		while (i < len && s[i] != ';')
			i++;
		if (i >= len)
			break;
		i++;
		while (i < len && (is_wsp(s[i]) || s[i] == '\r' || s[i] == '\n'))
			i++;
		for (k = 0; i < len && s[i] != '=' && s[i] != ';'; i++)
			if (k + 1 < sizeof(name) && !is_wsp(s[i]))
				name[k++] = s[i];
		name[k] = '\0';
		if (i >= len || s[i] != '=')
			continue;
		i++;
		while (i < len && is_wsp(s[i]))
			i++;
		if (strcasecmp(name, "charset") == 0)
			param_value(s, len, &i, ct->charset,
			    sizeof(ct->charset));
		else if (strcasecmp(name, "boundary") == 0)
			param_value(s, len, &i, ct->boundary,
			    sizeof(ct->boundary));
		else
			param_value(s, len, &i, val, sizeof(val));
	}
}

/* ---- the MIME tree ------------------------------------------------------ */

struct found {
	struct span plain, plain_hdr;	/* the first text/plain part */
	struct span html, html_hdr;	/* the first text/html part */
	int has_plain, has_html;
	int parts;
	int deep;			/* nested past MAX_DEPTH */
};

static int walk(const char *s, size_t n, int depth, int digest,
    struct found *f, struct leads_buf *tmp);

/* The parts of a multipart body, between its delimiter lines. */
static int
walk_parts(const char *s, size_t n, const char *bnd, int depth, int digest,
    struct found *f, struct leads_buf *tmp)
{
	size_t bl = strlen(bnd), at = 0, len, b, start = 0, pe;
	int in = 0;

	while (at < n && f->parts <= MAX_PARTS) {
		const char *l = s + at, *rest;
		size_t rl;
		int close;

		len = line_len(l, n - at, &b);
		if (b >= 2 + bl && l[0] == '-' && l[1] == '-' &&
		    memcmp(l + 2, bnd, bl) == 0) {
			rest = l + 2 + bl;
			rl = b - 2 - bl;
			close = rl >= 2 && rest[0] == '-' && rest[1] == '-';
			if (close) {
				rest += 2;
				rl -= 2;
			}
			if (all_space(rest, rl)) {
				/* The line break before a delimiter is its. */
				if (in) {
					pe = at;
					if (pe > start && s[pe - 1] == '\n')
						pe--;
					if (pe > start && s[pe - 1] == '\r')
						pe--;
					if (walk(s + start, pe - start, depth,
					    digest, f, tmp) == -1)
						return -1;
				}
				if (close)
					return 0;
				in = 1;
				start = at + len;
			}
		}
		at += len;
	}
	/* No closing delimiter: the last part runs to the end. */
	if (in && f->parts <= MAX_PARTS)
		return walk(s + start, n - start, depth, digest, f, tmp);
	return 0;
}

/*
 * Find the first text/plain and the first text/html part that are not
 * attachments: 0, or -1 when out of memory.
 */
static int
walk(const char *s, size_t n, int depth, int digest, struct found *f,
    struct leads_buf *tmp)
{
	struct span h, b;
	struct ctype ct;
	int rc;

	if (++f->parts > MAX_PARTS)
		return 0;
	entity_split(s, n, &h, &b);
	if ((rc = hdr_get(h, "Content-Disposition", tmp)) == -1)
		return -1;
	if (rc == 1) {
		const char *v = leads_buf_str(tmp);
		while (is_wsp(*v))
			v++;
		if (strncasecmp(v, "attachment", 10) == 0)
			return 0;
	}
	if ((rc = hdr_get(h, "Content-Type", tmp)) == -1)
		return -1;
	ctype_parse(leads_buf_str(tmp), tmp->len, &ct);
	if (ct.type[0] == '\0')
		snprintf(ct.type, sizeof(ct.type), "%s", digest ?
		    "message/rfc822" : "text/plain");
	if (strncmp(ct.type, "multipart/", 10) == 0) {
		if (depth >= MAX_DEPTH) {
			f->deep = 1;
			return 0;
		}
		if (ct.boundary[0] == '\0')
			return 0;
		return walk_parts(b.s, b.n, ct.boundary, depth + 1,
		    strcmp(ct.type, "multipart/digest") == 0, f, tmp);
	}
	if (strcmp(ct.type, "text/plain") == 0 && !f->has_plain) {
		f->plain = b;
		f->plain_hdr = h;
		f->has_plain = 1;
	} else if (strcmp(ct.type, "text/html") == 0 && !f->has_html) {
		f->html = b;
		f->html_hdr = h;
		f->has_html = 1;
	}
	return 0;
}

/* ---- transfer encodings ------------------------------------------------- */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Quoted-printable (RFC 2045 6.7), leniently: a stray '=' is itself. */
static int
qp_decode(const char *s, size_t n, struct leads_buf *out)
{
	size_t i, j;
	int hi, lo;

	if (leads_buf_grow(out, n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] != '=') {
			out->s[out->len++] = s[i];
			continue;
		}
		if (i + 2 < n && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			out->s[out->len++] = (char)(hi << 4 | lo);
			i += 2;
			continue;
		}
		/* A soft line break: '=', maybe white space, the line end. */
		for (j = i + 1; j < n && is_wsp(s[j]); j++)
			;
		if (j == n)
			break;
		if (s[j] == '\n' || (s[j] == '\r' && j + 1 < n &&
		    s[j + 1] == '\n')) {
			i = s[j] == '\r' ? j + 1 : j;
			continue;
		}
		out->s[out->len++] = '=';
	}
	out->s[out->len] = '\0';
	return 0;
}

/*
 * Base64 (libsodium), white space ignored.  Text padded piece by piece,
 * or with stray characters, is read on past them.  0, -1 out of memory,
 * 1 not base64.
 */
static int
b64_decode(const char *s, size_t n, struct leads_buf *out)
{
	const char *end, *e = s + n;
	size_t got, max;

	while (s < e) {
		max = (size_t)(e - s) / 4 * 3 + 3;
		if (leads_buf_grow(out, max) == -1)
			return -1;
		if (sodium_base642bin((unsigned char *)out->s + out->len, max,
		    s, (size_t)(e - s), " \t\r\n", &got, &end,
		    sodium_base64_VARIANT_ORIGINAL) != 0 &&
		    sodium_base642bin((unsigned char *)out->s + out->len, max,
		    s, (size_t)(e - s), " \t\r\n", &got, &end,
		    sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
			return 1;
		out->len += got;
		out->s[out->len] = '\0';
		/* On past what stopped it: padding, or a stray character. */
		s = end > s ? end : s + 1;
	}
	return 0;
}

/* ---- character sets ----------------------------------------------------- */

/* A valid UTF-8 character at p[0..n): its length, else 0. */
static size_t
u8len(const unsigned char *p, size_t n)
{
	size_t k, i;
	unsigned lo = 0x80, hi = 0xbf;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		k = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		k = 3;
		if (p[0] == 0xe0)
			lo = 0xa0;
		else if (p[0] == 0xed)
			hi = 0x9f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		k = 4;
		if (p[0] == 0xf0)
			lo = 0x90;
		else if (p[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < k || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < k; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return k;
}

static int
valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if ((k = u8len(p + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/*
 * UTF-8 s[0..n) onto out, clean: a bad sequence becomes U+FFFD, CRLF and
 * a lone CR a newline, other control characters but tab go.
 */
static int
clean_add(const char *s, size_t n, struct leads_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	int rc = 0;

	if (leads_buf_grow(out, n) == -1)
		return -1;
	while (i < n && rc == 0) {
		if (p[i] >= 0x80) {
			if ((k = u8len(p + i, n - i)) == 0) {
				rc = leads_buf_add(out, "\xef\xbf\xbd", 3);
				k = 1;
			} else
				rc = leads_buf_add(out, s + i, k);
			i += k;
			continue;
		}
		if (p[i] == '\r') {
			if (i + 1 >= n || p[i + 1] != '\n')
				rc = leads_buf_addc(out, '\n');
		} else if ((p[i] >= 0x20 && p[i] != 0x7f) || p[i] == '\n' ||
		    p[i] == '\t')
			rc = leads_buf_addc(out, p[i]);
		i++;
	}
	return rc;
}

/* Convert with cd, what it cannot convert as U+FFFD, onto out. */
static int
iconv_add(iconv_t cd, const char *s, size_t n, struct leads_buf *out)
{
	char *ip = (char *)(uintptr_t)s, *op;
	size_t il = n, ol, rc;

	while (il > 0) {
		if (leads_buf_grow(out, il * 4 + 16) == -1)
			return -1;
		op = out->s + out->len;
		ol = out->cap - out->len - 1;
		rc = iconv(cd, &ip, &il, &op, &ol);
		out->len = (size_t)(op - out->s);
		out->s[out->len] = '\0';
		if (rc != (size_t)-1 || errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL: a character cut off by the end. */
		if (leads_buf_add(out, "\xef\xbf\xbd", 3) == -1)
			return -1;
		if (errno == EINVAL)
			break;
		ip++;
		il--;
	}
	if (leads_buf_grow(out, 16) == -1)
		return -1;
	op = out->s + out->len;
	ol = out->cap - out->len - 1;
	iconv(cd, NULL, NULL, &op, &ol);	/* back to the initial state */
	out->len = (size_t)(op - out->s);
	out->s[out->len] = '\0';
	return 0;
}

/*
 * Text in charset cs (NULL or "": none given) as clean UTF-8 onto out.
 * US-ASCII, no charset or one iconv does not know: UTF-8 if it is valid,
 * else Windows-1252, what such mail really holds; ISO-8859-1 is read as
 * Windows-1252, its superset, as browsers do.
 */
static int
to_utf8(const char *s, size_t n, const char *cs, struct leads_buf *out)
{
	struct leads_buf tmp = LEADS_BUF_INIT;
	const char *from = cs;
	iconv_t cd;
	int rc;

	if (cs == NULL || *cs == '\0' || strcasecmp(cs, "us-ascii") == 0 ||
	    strcasecmp(cs, "ascii") == 0)
		from = valid_utf8(s, n) ? "UTF-8" : "WINDOWS-1252";
	else if (strcasecmp(cs, "iso-8859-1") == 0 ||
	    strcasecmp(cs, "latin1") == 0 || strcasecmp(cs, "iso_8859-1") == 0)
		from = "WINDOWS-1252";
	if (strcasecmp(from, "utf-8") == 0 || strcasecmp(from, "utf8") == 0)
		return clean_add(s, n, out);
	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
		from = valid_utf8(s, n) ? "UTF-8" : "WINDOWS-1252";
		if (strcmp(from, "UTF-8") == 0)
			return clean_add(s, n, out);
		if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
			return clean_add(s, n, out);
	}
	rc = iconv_add(cd, s, n, &tmp);
	iconv_close(cd);
	if (rc == 0)
		rc = clean_add(leads_buf_str(&tmp), tmp.len, out);
	leads_buf_release(&tmp);
	return rc;
}

/* ---- header values ------------------------------------------------------ */

/*
 * An encoded word "=?charset?B|Q?text?=" at s[0..n): its length, with
 * its parts, else 0.  A charset's "*language" is left out.
 */
static size_t
enc_word(const char *s, size_t n, char *cs, size_t csn, int *enc,
    struct span *text)
{
	size_t i = 2, k = 0;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	for (; i < n && s[i] != '?'; i++) {
		if ((unsigned char)s[i] <= ' ' || s[i] == '=' || k + 1 >= csn)
			return 0;
		cs[k++] = s[i];
	}
	cs[k] = '\0';
	if ((k = strcspn(cs, "*")) == 0)
		return 0;
	cs[k] = '\0';
	if (i + 3 >= n || s[i + 2] != '?')
		return 0;
	*enc = s[i + 1] == 'B' || s[i + 1] == 'b' ? 'B' :
	    s[i + 1] == 'Q' || s[i + 1] == 'q' ? 'Q' : 0;
	if (*enc == 0)
		return 0;
	text->s = s + i + 3;
	for (i += 3; i + 1 < n; i++) {
		if ((unsigned char)s[i] <= ' ')
			return 0;
		if (s[i] == '?' && s[i + 1] == '=') {
			text->n = (size_t)(s + i - text->s);
			return i + 2;
		}
	}
	return 0;
}

/* The bytes an encoded word's text stands for, onto out. */
static int
word_bytes(int enc, struct span t, struct leads_buf *out)
{
	size_t i;
	int hi, lo, rc;

	if (enc == 'B') {
		if ((rc = b64_decode(t.s, t.n, out)) == -1)
			return -1;
		return 0;	/* not base64: as much as it gave */
	}
	for (i = 0; i < t.n; i++) {
		if (t.s[i] == '_')
			rc = leads_buf_addc(out, ' ');
		else if (t.s[i] == '=' && i + 2 < t.n &&
		    (hi = hexval((unsigned char)t.s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)t.s[i + 2])) >= 0) {
			rc = leads_buf_addc(out, hi << 4 | lo);
			i += 2;
		} else
			rc = leads_buf_addc(out, t.s[i]);
		if (rc == -1)
			return -1;
	}
	return 0;
}

/*
 * A header value as one line of clean UTF-8 onto out: encoded words
 * decoded (adjacent ones of one charset joined first, so that a
 * character split between them survives), the white space between two
 * of them dropped, the rest UTF-8 or else Windows-1252, white space runs
 * one space, trimmed.
 */
static int
hdr_decode(const char *s, size_t n, struct leads_buf *out)
{
	struct leads_buf pend = LEADS_BUF_INIT, txt = LEADS_BUF_INIT;
	char cs[48], pcs[48] = "";
	size_t i = 0, ps = 0, wl, j;
	struct span t;
	int enc, word = 0, rc = -1;

	while (i < n) {
		if (s[i] != '=' || (wl = enc_word(s + i, n - i, cs, sizeof(cs),
		    &enc, &t)) == 0) {
			i++;
			continue;
		}
		/* Only white space since the last word: it goes. */
		if (!(word && all_space(s + ps, i - ps))) {
			if (pend.len > 0 && to_utf8(pend.s, pend.len, pcs,
			    &txt) == -1)
				goto out;
			leads_buf_reset(&pend);
			if (to_utf8(s + ps, i - ps, NULL, &txt) == -1)
				goto out;
		}
		if (pend.len > 0 && strcasecmp(cs, pcs) != 0) {
			if (to_utf8(pend.s, pend.len, pcs, &txt) == -1)
				goto out;
			leads_buf_reset(&pend);
		}
		snprintf(pcs, sizeof(pcs), "%s", cs);
		if (word_bytes(enc, t, &pend) == -1)
			goto out;
		i += wl;
		ps = i;
		word = 1;
	}
	if (pend.len > 0 && to_utf8(pend.s, pend.len, pcs, &txt) == -1)
		goto out;
	if (to_utf8(s + ps, n - ps, NULL, &txt) == -1)
		goto out;
	/* One line: breaks and tabs are spaces, runs of them one. */
	for (i = 0, j = out->len; i < txt.len; i++) {
		char c = txt.s[i] == '\n' || txt.s[i] == '\t' ? ' ' : txt.s[i];
		if (c == ' ' && (out->len == j ||
		    out->s[out->len - 1] == ' '))
			continue;
		if (leads_buf_addc(out, c) == -1)
			goto out;
	}
	while (out->len > j && out->s[out->len - 1] == ' ')
		out->s[--out->len] = '\0';
	rc = 0;
out:
	leads_buf_release(&pend);
	leads_buf_release(&txt);
	return rc;
}

/* ---- addresses ---------------------------------------------------------- */

struct mailbox {
	struct span name;	/* the display name, raw; may be empty */
	struct span addr;	/* local@domain */
};

static void
trim_span(struct span *sp)
{
	while (sp->n > 0 && (is_wsp(*sp->s) || *sp->s == '\r' ||
	    *sp->s == '\n'))
		sp->s++, sp->n--;
	while (sp->n > 0 && (is_wsp(sp->s[sp->n - 1]) ||
	    sp->s[sp->n - 1] == '\r' || sp->s[sp->n - 1] == '\n'))
		sp->n--;
}

/*
 * One element of an address list: "Name <a@b>", "a@b (Name)" or "a@b";
 * a group's name ("team: a@b") and a source route are passed over.
 */
static void
mailbox_parse(const char *s, size_t n, struct mailbox *m)
{
	size_t i, lt = n, gt = n, colon = n, po = n, pc = n;
	int q = 0, depth = 0;

	for (i = 0; i < n; i++) {
		if (q) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				q = 0;
		} else if (s[i] == '"')
			q = 1;
		else if (s[i] == '(' && depth++ == 0 && po == n)
			po = i;
		else if (s[i] == ')' && depth > 0 && --depth == 0 && pc == n)
			pc = i;
		else if (depth == 0 && s[i] == '<' && lt == n)
			lt = i;
		else if (depth == 0 && s[i] == '>' && lt < n && gt == n)
			gt = i;
		else if (depth == 0 && s[i] == ':' && lt == n && colon == n)
			colon = i;
	}
	m->name.s = s;
	m->name.n = 0;
	if (lt < n) {
		m->name.n = lt;
		m->addr.s = s + lt + 1;
		m->addr.n = (gt < n ? gt : n) - lt - 1;
		if (colon < lt) {
			m->name.s = s + colon + 1;
			m->name.n = lt - colon - 1;
		}
		/* <@route,@route:a@b> */
		for (i = 0; i < m->addr.n; i++)
			if (m->addr.s[i] == ':') {
				m->addr.s += i + 1;
				m->addr.n -= i + 1;
				break;
			}
	} else {
		/* To the comment, if one follows the start. */
		i = colon < n ? colon + 1 : 0;
		m->addr.s = s + i;
		m->addr.n = (po < n && po >= i ? po : n) - i;
		if (po < n && pc < n) {
			m->name.s = s + po + 1;
			m->name.n = pc - po - 1;
		}
	}
	trim_span(&m->name);
	trim_span(&m->addr);
	while (m->addr.n > 0 && m->addr.s[m->addr.n - 1] == ';')
		m->addr.n--;
	trim_span(&m->addr);
}

/* The mailboxes of an address list (raw), at most max: how many. */
static size_t
addr_list(const char *s, size_t n, struct mailbox *out, size_t max)
{
	size_t i, start = 0, k = 0;
	int q = 0, angle = 0, depth = 0;

	for (i = 0; i <= n && k < max; i++) {
		if (i < n) {
			if (q) {
				if (s[i] == '\\')
					i++;
				else if (s[i] == '"')
					q = 0;
				continue;
			}
			if (s[i] == '"')
				q = 1;
			else if (s[i] == '(')
				depth++;
			else if (s[i] == ')' && depth > 0)
				depth--;
			else if (s[i] == '<')
				angle = 1;
			else if (s[i] == '>')
				angle = 0;
			if (s[i] != ',' || angle || depth > 0)
				continue;
		}
		mailbox_parse(s + start, (i < n ? i : n) - start, &out[k]);
		if (memchr(out[k].addr.s, '@', out[k].addr.n) != NULL)
			k++;
		start = i + 1;
	}
	return k;
}

/*
 * Mailboxes that no person reads: a form's own sender, not a visitor.
 * Local parts, compared without case; "bounce" also as a prefix.
 */
static int
robot(struct span a)
{
	static const char *const names[] = {
		"wordpress", "noreply", "no-reply", "no_reply", "donotreply",
		"do-not-reply", "do_not_reply", "mailer-daemon", "postmaster",
		"www-data", "apache", "nginx", "nobody", "root", "daemon"
	};
	const char *at = memchr(a.s, '@', a.n);
	size_t i, l = at != NULL ? (size_t)(at - a.s) : a.n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == l && strncasecmp(a.s, names[i], l) == 0)
			return 1;
	return l >= 6 && strncasecmp(a.s, "bounce", 6) == 0;
}

/* Is a one of the addresses the message was sent to?  1, 0, -1. */
static int
recipient(struct span hdr, struct span a, struct leads_buf *tmp)
{
	static const char *const fields[] = {
		"To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"
	};
	struct mailbox m[MAX_ADDRS];
	size_t f, i, n, pos;
	int rc;

	for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
		for (pos = 0; (rc = hdr_next(hdr, fields[f], &pos, tmp)) != 0;) {
			if (rc == -1)
				return -1;
			n = addr_list(tmp->s, tmp->len, m, MAX_ADDRS);
			for (i = 0; i < n; i++)
				if (m[i].addr.n == a.n &&
				    strncasecmp(m[i].addr.s, a.s, a.n) == 0)
					return 1;
		}
	return 0;
}

/* ---- HTML --------------------------------------------------------------- */

/*
 * HTML as text, for the body reader.  Outside tables, block elements and
 * <br> make line breaks.  A table row becomes a label and its value: a
 * row of one bold cell (Gravity Forms, WPForms) is a label whose value is
 * in the rows after it; a row of two cells is a label and its value.
 */
struct html {
	struct leads_buf *out;
	struct leads_buf cell;		/* the text of the cell being read */
	struct leads_buf row;		/* its cells: 'L' or 'V', text, NUL */
	size_t cells;
	int in_row, in_cell, tables;
	int space;			/* white space not yet written */
	int bold;			/* bold elements open in the cell */
	char stack[16][12];		/* their names */
	int label;			/* a th, or a td styled bold */
	size_t plain, strong;		/* letters outside and inside bold */
	int nomem;
};

static struct leads_buf *
h_target(struct html *h)
{
	if (h->in_cell)
		return &h->cell;
	return h->in_row ? NULL : h->out;
}

static void
h_add(struct html *h, struct leads_buf *b, const char *s, size_t n)
{
	if (leads_buf_add(b, s, n) == -1)
		h->nomem = 1;
}

/* Decoded text: white space runs become one space, not at line start. */
static void
h_put(struct html *h, const char *s, size_t n)
{
	struct leads_buf *t = h_target(h);
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f') {
			h->space = 1;
			continue;
		}
		if (t == NULL)
			continue;
		if (h->space && t->len > 0 && t->s[t->len - 1] != '\n')
			h_add(h, t, " ", 1);
		h->space = 0;
		h_add(h, t, s + i, 1);
		if (h->in_cell && ((c >= '0' && c <= '9') || c >= 0xc0 ||
		    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) {
			if (h->bold > 0)
				h->strong++;
			else
				h->plain++;
		}
	}
}

/* A line break: always (br), or only to end a line with text (block). */
static void
h_break(struct html *h, int always)
{
	struct leads_buf *t = h_target(h);

	h->space = 0;
	if (t != NULL && (always || (t->len > 0 &&
	    t->s[t->len - 1] != '\n')))
		h_add(h, t, "\n", 1);
}

static void
h_cell_end(struct html *h)
{
	const char *s = leads_buf_str(&h->cell);
	size_t n = h->cell.len;
	char flag;

	if (!h->in_cell)
		return;
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	while (n > 0 && (*s == '\n' || *s == ' '))
		s++, n--;
	flag = h->label || (h->strong > 0 && h->plain == 0) ? 'L' : 'V';
	h_add(h, &h->row, &flag, 1);
	h_add(h, &h->row, s, n);
	h_add(h, &h->row, "", 1);
	h->cells++;
	h->in_cell = 0;
	h->bold = 0;
	h->space = 0;
	leads_buf_reset(&h->cell);
}

/* Each line of s[0..n) as a value line. */
static void
h_value(struct html *h, const char *s, size_t n)
{
	const char *nl;
	size_t l;

	while (n > 0) {
		nl = memchr(s, '\n', n);
		l = nl != NULL ? (size_t)(nl - s) : n;
		h_add(h, h->out, (const char []){ MK_VALUE }, 1);
		h_add(h, h->out, s, l);
		h_add(h, h->out, "\n", 1);
		l += nl != NULL;
		s += l;
		n -= l;
	}
}

static void
h_label(struct html *h, const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ':' || s[n - 1] == ' '))
		n--;
	h_add(h, h->out, (const char []){ MK_LABEL }, 1);
	h_add(h, h->out, s, n);
	h_add(h, h->out, "\n", 1);
}

static void
h_row_end(struct html *h)
{
	const char *c, *v[2] = { NULL, NULL };
	const char *end;
	size_t ne = 0;
	int lab = 0;

	h_cell_end(h);
	if (!h->in_row)
		return;
	h->in_row = 0;
	if (h->row.len == 0)
		return;
	end = h->row.s + h->row.len;
	for (c = h->row.s; c < end; c += strlen(c) + 1) {
		if (c[1] == '\0')
			continue;
		if (ne < 2)
			v[ne] = c;
		ne++;
	}
	if (ne > 0 && h->out->len > 0 && h->out->s[h->out->len - 1] != '\n')
		h_add(h, h->out, "\n", 1);
	if (ne >= 1)
		lab = strchr(v[0] + 1, '\n') == NULL;
	if (ne == 1 && h->cells == 1 && lab && v[0][0] == 'L')
		h_label(h, v[0] + 1, strlen(v[0] + 1));
	else if (ne == 2 && lab) {
		h_label(h, v[0] + 1, strlen(v[0] + 1));
		h_value(h, v[1] + 1, strlen(v[1] + 1));
	} else if (ne > 0) {
		for (c = h->row.s; c < end; c += strlen(c) + 1)
			if (c[1] != '\0')
				h_value(h, c + 1, strlen(c + 1));
	}
	leads_buf_reset(&h->row);
	h->cells = 0;
}

/* "&amp;", "&#233;", "&#xe9;": the UTF-8 into u[8]; length read, or 0. */
static size_t
entity(const char *s, size_t n, char *u, size_t *ul)
{
	static const struct { const char *name; const char *utf8; } ents[] = {
		{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
		{ "apos", "'" }, { "nbsp", " " }, { "ndash", "\xe2\x80\x93" },
		{ "mdash", "\xe2\x80\x94" }, { "lsquo", "\xe2\x80\x98" },
		{ "rsquo", "\xe2\x80\x99" }, { "ldquo", "\xe2\x80\x9c" },
		{ "rdquo", "\xe2\x80\x9d" }, { "hellip", "\xe2\x80\xa6" },
		{ "bull", "\xe2\x80\xa2" }, { "euro", "\xe2\x82\xac" },
		{ "pound", "\xc2\xa3" }, { "copy", "\xc2\xa9" },
		{ "reg", "\xc2\xae" }, { "laquo", "\xc2\xab" },
		{ "raquo", "\xc2\xbb" }, { "aacute", "\xc3\xa1" },
		{ "eacute", "\xc3\xa9" }, { "iacute", "\xc3\xad" },
		{ "oacute", "\xc3\xb3" }, { "uacute", "\xc3\xba" },
		{ "agrave", "\xc3\xa0" }, { "egrave", "\xc3\xa8" },
		{ "auml", "\xc3\xa4" }, { "ouml", "\xc3\xb6" },
		{ "uuml", "\xc3\xbc" }, { "Auml", "\xc3\x84" },
		{ "Ouml", "\xc3\x96" }, { "Uuml", "\xc3\x9c" },
		{ "szlig", "\xc3\x9f" }, { "ntilde", "\xc3\xb1" },
		{ "ccedil", "\xc3\xa7" }, { "Eacute", "\xc3\x89" }
	};
	unsigned long cp = 0;
	size_t i, k;

	for (i = 1; i < n && i < 12 && s[i] != ';'; i++)
		;
	if (i >= n || s[i] != ';' || i == 1)
		return 0;
	if (s[1] == '#') {
		int hex = i > 2 && (s[2] == 'x' || s[2] == 'X');
		for (k = hex ? 3 : 2; k < i; k++) {
			int d = hex ? hexval((unsigned char)s[k]) :
			    s[k] >= '0' && s[k] <= '9' ? s[k] - '0' : -1;
			if (d < 0)
				return 0;
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
			if (cp > 0x10ffff)
				cp = 0x110000;
		}
		if (k == (hex ? 3u : 2u))
			return 0;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			cp = ' ';
		else if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			cp = 0xfffd;
		if (cp < 0x80) {
			u[0] = (char)cp;
			*ul = 1;
		} else if (cp < 0x800) {
			u[0] = (char)(0xc0 | cp >> 6);
			u[1] = (char)(0x80 | (cp & 0x3f));
			*ul = 2;
		} else if (cp < 0x10000) {
			u[0] = (char)(0xe0 | cp >> 12);
			u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
			u[2] = (char)(0x80 | (cp & 0x3f));
			*ul = 3;
		} else {
			u[0] = (char)(0xf0 | cp >> 18);
			u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
			u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
			u[3] = (char)(0x80 | (cp & 0x3f));
			*ul = 4;
		}
		return i + 1;
	}
	for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
		if (strlen(ents[k].name) == i - 1 &&
		    strncmp(s + 1, ents[k].name, i - 1) == 0) {
			*ul = strlen(ents[k].utf8);
			memcpy(u, ents[k].utf8, *ul);
			return i + 1;
		}
	return 0;
}

/* Does a tag's attribute text make it bold? */
static int
attr_bold(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 4 <= n; i++) {
		if (strncasecmp(s + i, "bold", 4) == 0)
			return 1;
		if (i + 11 <= n && strncasecmp(s + i, "font-weight", 11) == 0) {
			size_t j = i + 11;
			while (j < n && (s[j] == ':' || is_wsp(s[j])))
				j++;
			if (j < n && s[j] >= '6' && s[j] <= '9')
				return 1;
		}
	}
	return 0;
}

static int
name_in(const char *name, const char *const list[], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static void
h_start(struct html *h, const char *name, const char *attr, size_t an,
    int selfclose)
{
	static const char *const blocks[] = {
		"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
		"h6", "blockquote", "pre", "hr", "dl", "dt", "dd", "section",
		"article", "header", "footer", "address", "center", "caption"
	};
	static const char *const voids[] = {
		"br", "img", "hr", "meta", "link", "input", "area", "base",
		"col", "embed", "param", "source", "track", "wbr"
	};

	if (strcmp(name, "br") == 0)
		h_break(h, 1);
	else if (strcmp(name, "table") == 0) {
		h_row_end(h);
		h->tables++;
	} else if (strcmp(name, "tr") == 0) {
		h_row_end(h);
		h->in_row = 1;
	} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		h_cell_end(h);
		h->in_row = 1;
		h->in_cell = 1;
		h->label = name[1] == 'h' || attr_bold(attr, an);
		h->plain = h->strong = 0;
	} else if (name_in(name, blocks, sizeof(blocks) / sizeof(blocks[0])))
		h_break(h, 0);
	if (selfclose || name_in(name, voids, sizeof(voids) / sizeof(voids[0])))
		return;
	if (h->in_cell && h->bold < 16 && (strcmp(name, "b") == 0 ||
	    strcmp(name, "strong") == 0 || attr_bold(attr, an)) &&
	    strcmp(name, "td") != 0 && strcmp(name, "th") != 0)
		snprintf(h->stack[h->bold++], sizeof(h->stack[0]), "%s", name);
}

static void
h_end(struct html *h, const char *name)
{
	if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
		h_cell_end(h);
	else if (strcmp(name, "tr") == 0)
		h_row_end(h);
	else if (strcmp(name, "table") == 0) {
		/* Text after a table is no part of its last value. */
		h_row_end(h);
		h_break(h, 0);
		h_add(h, h->out, (const char []){ MK_BREAK, '\n' }, 2);
		if (h->tables > 0)
			h->tables--;
	} else if (h->bold > 0 && strcmp(h->stack[h->bold - 1], name) == 0)
		h->bold--;
	else if (strcmp(name, "p") == 0 || strcmp(name, "div") == 0 ||
	    strcmp(name, "li") == 0 || (name[0] == 'h' && name[1] >= '1' &&
	    name[1] <= '6'))
		h_break(h, 0);
}

/* Where s[0..n) first holds "</name" (any case), else n. */
static size_t
find_end_tag(const char *s, size_t n, const char *name)
{
	size_t i, l = strlen(name);

	for (i = 0; i + 2 + l <= n; i++)
		if (s[i] == '<' && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, l) == 0)
			return i;
	return n;
}

static size_t
skip_past(const char *s, size_t n, size_t i, const char *what)
{
	size_t l = strlen(what);

	for (; i + l <= n; i++)
		if (memcmp(s + i, what, l) == 0)
			return i + l;
	return n;
}

/* HTML s[0..n), clean UTF-8, as text lines onto out. */
static int
html_text(const char *s, size_t n, struct leads_buf *out)
{
	static const char *const raw[] = {
		"script", "style", "head", "title", "template", "noscript"
	};
	struct html h;
	char name[12], u[8];
	size_t i = 0, j, k, ul;
	unsigned noend = 0;

	memset(&h, 0, sizeof(h));
	h.out = out;
	while (i < n && !h.nomem) {
		if (s[i] == '&' && (j = entity(s + i, n - i, u, &ul)) > 0) {
			h_put(&h, u, ul);
			i += j;
			continue;
		}
		if (s[i] != '<' || i + 1 >= n) {
			h_put(&h, s + i, 1);
			i++;
			continue;
		}
		if (s[i + 1] == '!' || s[i + 1] == '?') {
			i = i + 4 <= n && strncmp(s + i, "<!--", 4) == 0 ?
			    skip_past(s, n, i + 4, "-->") :
			    skip_past(s, n, i + 2, ">");
			continue;
		}
		j = i + 1 + (s[i + 1] == '/');
		if (j >= n || ((s[j] | 0x20) < 'a' || (s[j] | 0x20) > 'z')) {
			h_put(&h, s + i, 1);
			i++;
			continue;
		}
		for (k = 0; j < n && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <=
		    'z' ? 1 : s[j] >= '0' && s[j] <= '9'); j++)
			if (k + 1 < sizeof(name))
				name[k++] = (char)(s[j] | 0x20);
		name[k] = '\0';
		/* The attributes, quotes kept whole, to the '>'. */
		for (k = j; k < n && s[k] != '>'; k++)
			if (s[k] == '"' || s[k] == '\'') {
				const char *q = memchr(s + k + 1, s[k],
				    n - k - 1);
				k = q != NULL ? (size_t)(q - s) : n - 1;
			}
		if (s[i + 1] == '/') {
			h_end(&h, name);
			i = k < n ? k + 1 : n;
			continue;
		}
		h_start(&h, name, s + j, k - j, k > j && k < n &&
		    s[k - 1] == '/');
		i = k < n ? k + 1 : n;
		/*
		 * Script, style and the head hold no text: on to their end.
		 * One that has none is looked for once, not at every tag.
		 */
		for (k = 0; k < sizeof(raw) / sizeof(raw[0]); k++)
			if (strcmp(name, raw[k]) == 0 && !(noend & 1u << k)) {
				if ((j = find_end_tag(s + i, n - i, name)) <
				    n - i)
					i += j;
				else
					noend |= 1u << k;
			}
	}
	h_row_end(&h);
	leads_buf_release(&h.cell);
	leads_buf_release(&h.row);
	return h.nomem ? -1 : 0;
}

/* ---- the body ----------------------------------------------------------- */

enum { M_NONE, M_KV, M_WP, M_MSG };

struct fields {
	struct leads_buf text;	/* key NUL value NUL, field after field */
	size_t n;
	struct leads_buf key, val;	/* the field being read */
	int open, blanks, mode;
	struct leads_buf loose;	/* lines of no field */
	int nomem;
};

static void
fields_release(struct fields *fl)
{
	leads_buf_release(&fl->text);
	leads_buf_release(&fl->key);
	leads_buf_release(&fl->val);
	leads_buf_release(&fl->loose);
}

static int
is_sender_key(const char *k)
{
	return strcasecmp(k, "from") == 0 || strcasecmp(k, "reply-to") == 0 ||
	    strcasecmp(k, "sender") == 0;
}

static void
fl_add(struct fields *fl, struct leads_buf *b, const char *s, size_t n)
{
	if (leads_buf_add(b, s, n) == -1)
		fl->nomem = 1;
}

/*
 * The field being read is done.  "(empty)" (WPForms) is empty; a sender
 * written "Name a@b" (Contact Form 7 since 5.x) becomes "Name <a@b>".
 */
static void
fl_finish(struct fields *fl)
{
	const char *k = leads_buf_str(&fl->key), *v = leads_buf_str(&fl->val);
	size_t n = fl->val.len, sp;

	if (!fl->open)
		return;
	fl->open = 0;
	while (n > 0 && (v[n - 1] == '\n' || v[n - 1] == ' ' ||
	    v[n - 1] == '\t'))
		n--;
	if (n == 7 && strncmp(v, "(empty)", 7) == 0)
		n = 0;
	/* A field with no name (a heading "---  ---"): named by place. */
	if (fl->key.len == 0) {
		char name[32];
		snprintf(name, sizeof(name), "field %zu", fl->n + 1);
		fl_add(fl, &fl->text, name, strlen(name) + 1);
	} else
		fl_add(fl, &fl->text, k, fl->key.len + 1);
	for (sp = n; sp > 0 && v[sp - 1] != ' '; sp--)
		;
	if (is_sender_key(k) && sp > 1 && memchr(v, '<', n) == NULL &&
	    memchr(v + sp, '@', n - sp) != NULL) {
		fl_add(fl, &fl->text, v, sp - 1);
		fl_add(fl, &fl->text, " <", 2);
		fl_add(fl, &fl->text, v + sp, n - sp);
		fl_add(fl, &fl->text, ">", 2);	/* and the NUL */
	} else {
		fl_add(fl, &fl->text, v, n);
		fl_add(fl, &fl->text, "", 1);
	}
	fl->n++;
}

static void
fl_start(struct fields *fl, const char *k, size_t kn, int mode)
{
	fl_finish(fl);
	leads_buf_reset(&fl->key);
	leads_buf_reset(&fl->val);
	fl_add(fl, &fl->key, k, kn);
	fl->open = 1;
	fl->blanks = 0;
	fl->mode = mode;
}

/* One more line of a value; a blank line before it is kept as one. */
static void
fl_line(struct fields *fl, struct leads_buf *b, const char *s, size_t n)
{
	if (b->len > 0)
		fl_add(fl, b, "\n\n", fl->blanks > 0 ? 2 : 1);
	fl_add(fl, b, s, n);
	fl->blanks = 0;
}

/* The kind of field a key names (its first LEADS_MAX_KEY bytes). */
static enum leads_field
kind(const char *k, size_t n)
{
	char key[LEADS_MAX_KEY + 1];

	if (n > LEADS_MAX_KEY)
		n = LEADS_MAX_KEY;
	memcpy(key, k, n);
	key[n] = '\0';
	return leads_field_match(key);
}

/* A field that ends a Contact Form 7 message: how to reach the person. */
static int
contact_key(const char *k, size_t n)
{
	char key[16];

	switch (kind(k, n)) {
	case LEADS_F_NAME:
	case LEADS_F_FIRST_NAME:
	case LEADS_F_LAST_NAME:
	case LEADS_F_EMAIL:
	case LEADS_F_EMAIL2:
	case LEADS_F_PHONE:
	case LEADS_F_PHONE2:
	case LEADS_F_COMPANY:
		return 1;
	default:
		if (n >= sizeof(key))
			return 0;
		memcpy(key, k, n);
		key[n] = '\0';
		return is_sender_key(key);
	}
}

/* "---", "=====": a line that parts sections (Gravity Forms). */
static int
rule_line(const char *s, size_t n)
{
	size_t i;

	if (n < 3)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("-=_*~", s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

/*
 * Read the fields of a body, clean UTF-8 (and the HTML reader's lines).
 * Everything from a "-- " signature line on is left out.  A key with
 * no value that names a note ("Message Body:"), when a signature
 * follows, takes every line up to it (Contact Form 7), but for a line
 * giving a contact field.  A WPForms heading takes the lines up to the
 * next heading.  Lines of no field are kept in fl->loose.
 */
static int
body_read(const char *s, size_t n, struct fields *fl)
{
	size_t at, len, b, sig, tn, kn;
	const char *t, *k;

	for (sig = 0; sig < n; sig += len) {
		len = line_len(s + sig, n - sig, &b);
		t = s + sig;
		tn = b;
		while (tn > 0 && is_wsp(*t))
			t++, tn--;
		while (tn > 0 && is_wsp(t[tn - 1]))
			tn--;
		if (tn == 2 && t[0] == '-' && t[1] == '-')
			break;
	}
	fl->mode = M_NONE;
	for (at = 0; at < sig && !fl->nomem; at += len) {
		char mk = s[at];

		len = line_len(s + at, sig - at, &b);
		t = s + at;
		tn = b;
		if (mk == MK_LABEL || mk == MK_VALUE || mk == MK_BREAK)
			t++, tn--;
		while (tn > 0 && is_wsp(*t))
			t++, tn--;
		while (tn > 0 && is_wsp(t[tn - 1]))
			tn--;
		if (mk == MK_LABEL) {
			fl_start(fl, t, tn, M_KV);
			continue;
		}
		if (mk == MK_BREAK) {
			fl_finish(fl);
			fl->mode = M_NONE;
			continue;
		}
		if (tn == 0) {
			fl->blanks++;
			continue;
		}
		if (mk == MK_VALUE) {
			fl_line(fl, fl->open ? &fl->val : &fl->loose, t, tn);
			continue;
		}
		kn = leads_kv_key(t, tn, &k);
		if (fl->open && fl->mode == M_MSG && !(kn > 0 && t[0] != '-' &&
		    contact_key(k, kn))) {
			fl_line(fl, &fl->val, t, tn);
			continue;
		}
		if (tn > 8 && strncmp(t, "--- ", 4) == 0 &&
		    strncmp(t + tn - 4, " ---", 4) == 0) {
			t += 4;
			tn -= 8;
			while (tn > 0 && is_wsp(*t))
				t++, tn--;
			while (tn > 0 && is_wsp(t[tn - 1]))
				tn--;
			fl_start(fl, t, tn, M_WP);
			continue;
		}
		if (fl->open && fl->mode == M_WP) {
			fl_line(fl, &fl->val, t, tn);
			continue;
		}
		if (rule_line(t, tn)) {
			fl_finish(fl);
			fl->mode = M_NONE;
			continue;
		}
		if (kn > 0) {
			const char *v = memchr(k + kn, ':', tn - (size_t)(k +
			    kn - t));
			size_t vn;

			v = v != NULL ? v + 1 : t + tn;
			vn = (size_t)(t + tn - v);
			while (vn > 0 && is_wsp(*v))
				v++, vn--;
			fl_start(fl, k, kn, vn == 0 && sig < n &&
			    kind(k, kn) == LEADS_F_NOTE ? M_MSG : M_KV);
			fl_add(fl, &fl->val, v, vn);
			continue;
		}
		fl_line(fl, fl->open && fl->mode == M_KV ? &fl->val :
		    &fl->loose, t, tn);
	}
	fl_finish(fl);
	return fl->nomem ? -1 : 0;
}

/* ---- the message -------------------------------------------------------- */

/*
 * A text part as clean UTF-8 onto out (HTML made text lines): 0, -1 with
 * err.
 */
static int
part_text(struct span hdr, struct span body, int html, struct leads_buf *out,
    struct leads_err *err)
{
	struct leads_buf v = LEADS_BUF_INIT, raw = LEADS_BUF_INIT;
	struct leads_buf txt = LEADS_BUF_INIT;
	struct ctype ct;
	const char *cte;
	int rc = -1, r;

	if ((r = hdr_get(hdr, "Content-Transfer-Encoding", &v)) == -1)
		goto nomem;
	cte = leads_buf_str(&v);
	while (is_wsp(*cte))
		cte++;
	if (strncasecmp(cte, "base64", 6) == 0) {
		if ((r = b64_decode(body.s, body.n, &raw)) == -1)
			goto nomem;
		if (r == 1) {
			leads_errf(err, LEADS_EDATA, "bad base64 in the %s part",
			    html ? "text/html" : "text/plain");
			goto out;
		}
	} else if (strncasecmp(cte, "quoted-printable", 16) == 0) {
		if (qp_decode(body.s, body.n, &raw) == -1)
			goto nomem;
	} else if (leads_buf_add(&raw, body.s, body.n) == -1)
		goto nomem;
	if (raw.len > LEADS_MAX_RECORD) {
		leads_errf(err, LEADS_EDATA, "%s part over %d bytes",
		    html ? "text/html" : "text/plain", LEADS_MAX_RECORD);
		goto out;
	}
	if (hdr_get(hdr, "Content-Type", &v) == -1)
		goto nomem;
	ctype_parse(leads_buf_str(&v), v.len, &ct);
	if (to_utf8(leads_buf_str(&raw), raw.len, ct.charset,
	    html ? &txt : out) == -1)
		goto nomem;
	if (html && html_text(leads_buf_str(&txt), txt.len, out) == -1)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	leads_err_nomem(err);
out:
	leads_buf_release(&v);
	leads_buf_release(&raw);
	leads_buf_release(&txt);
	return rc;
}

/* The fields of a text part into fl: 0, -1 with err. */
static int
part_fields(struct span hdr, struct span body, int html, struct fields *fl,
    struct leads_err *err)
{
	struct leads_buf text = LEADS_BUF_INIT;
	int rc;

	if ((rc = part_text(hdr, body, html, &text, err)) == 0 &&
	    (rc = body_read(leads_buf_str(&text), text.len, fl)) == -1)
		leads_err_nomem(err);
	leads_buf_release(&text);
	return rc;
}

/* What the body gave, for what the headers may add. */
struct gave {
	int email, created, subject;
};

static int
give_fields(const struct fields *fl, leads_mail_field_fn *add, void *arg,
    struct gave *g)
{
	const char *k, *v, *end;
	enum leads_field f;

	if (fl->text.len == 0)
		return 0;
	end = fl->text.s + fl->text.len;
	/* Empty values are no fields: lead-add passes them over. */
	for (k = fl->text.s; k < end; k = v + strlen(v) + 1) {
		v = k + strlen(k) + 1;
		if (*v == '\0')
			continue;
		if (add(arg, k, strlen(k), v, strlen(v)) == -1)
			return -1;
		f = kind(k, strlen(k));
		if (f == LEADS_F_EMAIL || f == LEADS_F_EMAIL2 ||
		    (is_sender_key(k) && strchr(v, '@') != NULL))
			g->email = 1;
		g->created |= f == LEADS_F_CREATED;
		g->subject |= strcasecmp(k, "subject") == 0;
	}
	return 0;
}

/*
 * The sender from Reply-To, else From, as "Name <a@b>" under key
 * "reply-to" or "from": not an address no person reads, nor one the
 * message was sent to (a site mailing itself).  0, -1 out of memory.
 */
static int
give_sender(struct span hdr, leads_mail_field_fn *add, void *arg)
{
	static const char *const from[] = { "Reply-To", "From" };
	static const char *const key[] = { "reply-to", "from" };
	struct leads_buf v = LEADS_BUF_INIT, tmp = LEADS_BUF_INIT;
	struct leads_buf name = LEADS_BUF_INIT, out = LEADS_BUF_INIT;
	struct mailbox m[4];
	size_t i, j, n;
	int rc = -1, r;

	for (i = 0; i < 2; i++) {
		if ((r = hdr_get(hdr, from[i], &v)) == -1)
			goto out;
		if (r == 0 || (n = addr_list(v.s, v.len, m, 4)) == 0 ||
		    robot(m[0].addr))
			continue;
		if ((r = recipient(hdr, m[0].addr, &tmp)) == -1)
			goto out;
		if (r == 1)
			continue;
		/* The name: unquoted, decoded, no brackets left in it. */
		leads_buf_reset(&name);
		leads_buf_reset(&tmp);
		for (j = 0; j < m[0].name.n; j++) {
			char c = m[0].name.s[j];
			if (c == '"')
				continue;
			if (c == '\\' && j + 1 < m[0].name.n)
				c = m[0].name.s[++j];
			if (leads_buf_addc(&tmp, c) == -1)
				goto out;
		}
		if (hdr_decode(leads_buf_str(&tmp), tmp.len, &name) == -1)
			goto out;
		for (j = 0; j < name.len; j++)
			if (name.s[j] == '<' || name.s[j] == '>')
				name.s[j] = ' ';
		if (name.len > 0 && (leads_buf_add(&out, name.s,
		    name.len) == -1 || leads_buf_adds(&out, " <") == -1))
			goto out;
		if (to_utf8(m[0].addr.s, m[0].addr.n, NULL, &out) == -1 ||
		    (name.len > 0 && leads_buf_addc(&out, '>') == -1))
			goto out;
		if (add(arg, key[i], strlen(key[i]), out.s, out.len) == -1)
			goto out;
		break;
	}
	rc = 0;
out:
	leads_buf_release(&v);
	leads_buf_release(&tmp);
	leads_buf_release(&name);
	leads_buf_release(&out);
	return rc;
}

/* The decoded Subject, and the Date as RFC 3339 when it is one. */
static int
give_headers(struct span hdr, const struct gave *g, leads_mail_field_fn *add,
    void *arg)
{
	struct leads_buf v = LEADS_BUF_INIT, d = LEADS_BUF_INIT;
	struct leads_err e;
	const char *k;
	char when[40];
	int64_t t;
	int rc = -1, r;

	if ((r = hdr_get(hdr, "Subject", &v)) == -1 ||
	    (r == 1 && hdr_decode(v.s, v.len, &d) == -1))
		goto out;
	k = g->subject ? "mail subject" : "subject";
	if (d.len > 0 && add(arg, k, strlen(k), d.s, d.len) == -1)
		goto out;
	leads_buf_reset(&d);
	if (!g->created) {
		if ((r = hdr_get(hdr, "Date", &v)) == -1 ||
		    (r == 1 && hdr_decode(v.s, v.len, &d) == -1))
			goto out;
		/* "Mon, 23 Nov 2026 09:58:12 +0000 (UTC)" */
		if (d.len > 0 && d.s[d.len - 1] == ')' &&
		    (k = strrchr(d.s, '(')) != NULL) {
			d.len = (size_t)(k - d.s);
			while (d.len > 0 && d.s[d.len - 1] == ' ')
				d.len--;
			d.s[d.len] = '\0';
		}
		if (d.len > 0 && leads_time_parse(d.s, "UTC", &t, &e) == 0 &&
		    leads_time_rfc3339(t, when, sizeof(when)) != NULL &&
		    add(arg, "date", 4, when, strlen(when)) == -1)
			goto out;
	}
	rc = 0;
out:
	leads_buf_release(&v);
	leads_buf_release(&d);
	return rc;
}

int
leads_mail_read(const char *msg, size_t len, leads_mail_field_fn *add,
    void *arg, struct leads_err *err)
{
	struct fields plain, html, *use;
	struct leads_buf tmp = LEADS_BUF_INIT;
	struct span hdr, body;
	struct gave g;
	struct found f;
	size_t l, b;
	int rc = -1;

	memset(&plain, 0, sizeof(plain));
	memset(&html, 0, sizeof(html));
	memset(&g, 0, sizeof(g));
	memset(&f, 0, sizeof(f));
	/* Blank lines before it and an mbox "From " line are not its. */
	while (len > 0 && (l = line_len(msg, len, &b)) > 0 && b == 0)
		msg += l, len -= l;
	if (len >= 5 && strncmp(msg, "From ", 5) == 0) {
		l = line_len(msg, len, &b);
		msg += l;
		len -= l;
	}
	entity_split(msg, len, &hdr, &body);
	if (hdr.n == 0)
		return leads_errf(err, LEADS_EDATA,
		    "not a mail message: no header lines");
	if (walk(msg, len, 0, 0, &f, &tmp) == -1)
		goto nomem;
	if (f.parts > MAX_PARTS) {
		leads_errf(err, LEADS_EDATA, "more than %d MIME parts",
		    MAX_PARTS);
		goto out;
	}
	if (f.deep) {
		leads_errf(err, LEADS_EDATA, "MIME parts nested deeper than %d",
		    MAX_DEPTH);
		goto out;
	}
	/* Plain text first; HTML when it has fields the text has not. */
	if (f.has_plain && part_fields(f.plain_hdr, f.plain, 0, &plain,
	    err) == -1)
		goto out;
	if (plain.n == 0 && f.has_html && part_fields(f.html_hdr, f.html, 1,
	    &html, err) == -1)
		goto out;
	use = plain.n == 0 && html.n > 0 ? &html : &plain;
	if (give_fields(use, add, arg, &g) == -1)
		goto nomem;
	/* A body of no fields at all, a letter: the message. */
	if (use->n == 0) {
		struct fields *lo = plain.loose.len > 0 ? &plain : &html;
		if (lo->loose.len > 0 && add(arg, "message", 7, lo->loose.s,
		    lo->loose.len) == -1)
			goto nomem;
	}
	if ((!g.email && give_sender(hdr, add, arg) == -1) ||
	    give_headers(hdr, &g, add, arg) == -1)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	leads_err_nomem(err);
out:
	fields_release(&plain);
	fields_release(&html);
	leads_buf_release(&tmp);
	return rc;
}
