/*
 * input.c - streaming record readers: CSV, TSV, JSON Lines, Key: value,
 * and one mail message (read by mail.c).  Memory is bounded by the
 * limits in leads.h and mail.h whatever the input size.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "internal.h"
#include "mail.h"

#define CHUNK 65536

struct leads_record {
	long line;
	struct leads_buf raw;
	struct leads_buf text;	/* keys and values, NUL-terminated */
	size_t *koff, *voff;
	size_t n, cap;
};

struct leads_reader {
	FILE *fp;
	char *name;
	enum leads_format fmt;
	iconv_t cd;		/* (iconv_t)-1: no conversion */
	char *enc;		/* what cd converts from, for messages */
	size_t unit;		/* bytes to skip past one it cannot convert */
	char in[CHUNK];		/* raw bytes not yet converted */
	size_t inlen;
	char *buf;		/* decoded bytes */
	size_t pos, len, cap;
	int eof, started;
	long lineno;		/* lines read so far */
	struct leads_buf line;	/* the line just read */
	int pending;		/* line holds a line not yet used */
	long pending_no;
	int overlong;		/* the line went past the record limit */
	int qsep;		/* CSV/TSV: separator whose quotes are followed */
	int qst;		/* and the quote state after the line (Q_*) */
	int unterminated;	/* the record ended inside quotes */
	long hdrbad;		/* the line of a header that could not be read */
	struct leads_buf header;
	struct leads_record hdr;	/* header names as keys */
	struct leads_record rec;
};

int
leads_format_parse(const char *s)
{
	if (strcasecmp(s, "csv") == 0)
		return LEADS_FMT_CSV;
	if (strcasecmp(s, "tsv") == 0)
		return LEADS_FMT_TSV;
	if (strcasecmp(s, "jsonl") == 0 || strcasecmp(s, "json") == 0)
		return LEADS_FMT_JSONL;
	if (strcasecmp(s, "kv") == 0)
		return LEADS_FMT_KV;
	if (strcasecmp(s, "mail") == 0)
		return LEADS_FMT_MAIL;
	return -1;
}

const char *
leads_format_name(enum leads_format f)
{
	static const char *const names[] = { "auto", "csv", "tsv", "jsonl",
	    "kv", "mail" };

	return (unsigned)f < 6 ? names[f] : NULL;
}

/* ---- records ------------------------------------------------------------ */

static void
rec_reset(struct leads_record *r, long line)
{
	r->line = line;
	r->n = 0;
	leads_buf_reset(&r->raw);
	leads_buf_reset(&r->text);
}

static void
rec_release(struct leads_record *r)
{
	leads_buf_release(&r->raw);
	leads_buf_release(&r->text);
	free(r->koff);
	free(r->voff);
}

static int
rec_add(struct leads_record *r, const char *k, size_t kn, const char *v,
    size_t vn)
{
	size_t *p;

	if (r->n == r->cap) {
		size_t c = r->cap ? r->cap * 2 : 32;
		if ((p = realloc(r->koff, c * sizeof(*p))) == NULL)
			return -1;
		r->koff = p;
		if ((p = realloc(r->voff, c * sizeof(*p))) == NULL)
			return -1;
		r->voff = p;
		r->cap = c;
	}
	r->koff[r->n] = r->text.len;
	if (leads_buf_add(&r->text, k, kn) == -1 ||
	    leads_buf_addc(&r->text, '\0') == -1)
		return -1;
	r->voff[r->n] = r->text.len;
	if (leads_buf_add(&r->text, v, vn) == -1 ||
	    leads_buf_addc(&r->text, '\0') == -1)
		return -1;
	r->n++;
	return 0;
}

size_t
leads_record_count(const struct leads_record *r)
{
	return r->n;
}

const char *
leads_record_key(const struct leads_record *r, size_t i)
{
	return r->text.s + r->koff[i];
}

const char *
leads_record_value(const struct leads_record *r, size_t i)
{
	return r->text.s + r->voff[i];
}

long
leads_record_line(const struct leads_record *r)
{
	return r->line;
}

const char *
leads_record_raw(const struct leads_record *r, size_t *len)
{
	*len = r->raw.len;
	return leads_buf_str(&r->raw);
}

struct leads_record *
leads_record_new(const char *const keys[], const char *const values[],
    size_t n, struct leads_err *err)
{
	struct leads_record *r;
	size_t i;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		leads_err_nomem(err);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (values[i] != NULL && rec_add(r, keys[i], strlen(keys[i]),
		    values[i], strlen(values[i])) == -1) {
			leads_record_free(r);
			leads_err_nomem(err);
			return NULL;
		}
	return r;
}

void
leads_record_free(struct leads_record *r)
{
	if (r == NULL)
		return;
	rec_release(r);
	free(r);
}

/* ---- bytes and lines ---------------------------------------------------- */

/*
 * Bytes per code unit of an encoding: how far to step past a sequence
 * iconv cannot convert and keep in step with the rest.
 */
static size_t
enc_unit(const char *e)
{
	static const struct { const char *name; size_t unit; } units[] = {
		{ "UTF-16", 2 }, { "UTF16", 2 }, { "UCS-2", 2 }, { "UCS2", 2 },
		{ "UTF-32", 4 }, { "UTF32", 4 }, { "UCS-4", 4 }, { "UCS4", 4 },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strncasecmp(e, units[i].name, strlen(units[i].name)) == 0)
			return units[i].unit;
	return 1;
}

struct leads_reader *
leads_reader_new(FILE *fp, const char *name, enum leads_format fmt,
    const char *encoding, struct leads_err *err)
{
	struct leads_reader *r;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->name = strdup(name)) == NULL) {
		free(r);
		leads_err_nomem(err);
		return NULL;
	}
	r->fp = fp;
	r->fmt = fmt;
	r->cd = (iconv_t)-1;
	r->unit = 1;
	if (encoding != NULL &&
	    (r->cd = iconv_open("UTF-8", encoding)) == (iconv_t)-1) {
		leads_errf(err, LEADS_EUSAGE, "unknown encoding '%s'",
		    encoding);
		leads_reader_free(r);
		return NULL;
	}
	if (encoding != NULL) {
		r->unit = enc_unit(encoding);
		if ((r->enc = strdup(encoding)) == NULL) {
			leads_err_nomem(err);
			leads_reader_free(r);
			return NULL;
		}
	}
	return r;
}

void
leads_reader_free(struct leads_reader *r)
{
	if (r == NULL)
		return;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->buf);
	free(r->name);
	free(r->enc);
	leads_buf_release(&r->line);
	leads_buf_release(&r->header);
	rec_release(&r->hdr);
	rec_release(&r->rec);
	free(r);
}

enum leads_format
leads_reader_format(const struct leads_reader *r)
{
	return r->fmt;
}

const char *
leads_reader_header(const struct leads_reader *r, size_t *len)
{
	if ((r->fmt != LEADS_FMT_CSV && r->fmt != LEADS_FMT_TSV) ||
	    r->header.len == 0)
		return NULL;
	*len = r->header.len;
	return r->header.s;
}

/* More raw bytes into r->in: how many (0 at the end), or -1. */
static ssize_t
get_bytes(struct leads_reader *r, struct leads_err *err)
{
	size_t room = sizeof(r->in) - r->inlen;
	ssize_t got;
	int fd;

	/* A stream without a descriptor (fmemopen, fopencookie): stdio. */
	if ((fd = fileno(r->fp)) == -1) {
		got = (ssize_t)fread(r->in + r->inlen, 1, room, r->fp);
		if (got == 0 && ferror(r->fp))
			return leads_errf(err, LEADS_EIO, "%s: read error",
			    r->name);
		return got;
	}
	/* read(2), not fread: a pipe's records are seen as they come. */
	do
		got = read(fd, r->in + r->inlen, room);
	while (got == -1 && errno == EINTR);
	if (got == -1)
		return leads_errf(err, LEADS_EIO, "%s: read error: %s",
		    r->name, strerror(errno));
	return got;
}

/*
 * Convert r->in into r->buf.  What iconv cannot convert (an invalid
 * sequence, or a character cut off by the end of the input) becomes the
 * byte 0xff, never valid UTF-8, so that check_text() rejects the record
 * that holds it and reading goes on with the next.
 */
static void
convert(struct leads_reader *r)
{
	char *ip = r->in, *op = r->buf;
	size_t il = r->inlen, ol = r->cap, skip;

	if (r->cd == (iconv_t)-1) {
		memcpy(r->buf, r->in, r->inlen);
		r->len = r->inlen;
		r->inlen = 0;
		return;
	}
	while (il > 0 && ol > 0) {
		if (iconv(r->cd, &ip, &il, &op, &ol) != (size_t)-1 ||
		    errno == E2BIG || (errno == EINVAL && !r->eof) || ol == 0)
			break;
		skip = r->unit < il ? r->unit : il;
		ip += skip;
		il -= skip;
		*op++ = '\xff';
		ol--;
	}
	memmove(r->in, ip, il);
	r->inlen = il;
	r->len = (size_t)(op - r->buf);
}

/* Refill the decoded buffer: 1 bytes, 0 end, -1 error. */
static int
fill(struct leads_reader *r, struct leads_err *err)
{
	ssize_t got;

	for (;;) {
		if (r->pos < r->len)
			return 1;
		r->pos = r->len = 0;
		if (r->eof && r->inlen == 0)
			return 0;
		if (r->cap == 0) {
			r->cap = 4 * CHUNK + 16;
			if ((r->buf = malloc(r->cap)) == NULL)
				return leads_err_nomem(err);
		}
		if (!r->eof && r->inlen < sizeof(r->in)) {
			if ((got = get_bytes(r, err)) == -1)
				return -1;
			if (got == 0)
				r->eof = 1;
			r->inlen += (size_t)got;
		}
		if (!r->started) {
			const unsigned char *u = (const unsigned char *)r->in;
			/* A pipe may give the byte-order mark piecemeal. */
			if (r->inlen < 3 && !r->eof)
				continue;
			r->started = 1;
			if (r->inlen >= 3 && u[0] == 0xef && u[1] == 0xbb &&
			    u[2] == 0xbf) {
				memmove(r->in, r->in + 3, r->inlen - 3);
				r->inlen -= 3;
			} else if (r->inlen >= 2 && ((u[0] == 0xff &&
			    u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
				if (r->cd != (iconv_t)-1)
					iconv_close(r->cd);
				free(r->enc);
				r->unit = 2;
				if ((r->enc = strdup("UTF-16")) == NULL) {
					r->cd = (iconv_t)-1;
					return leads_err_nomem(err);
				}
				r->cd = iconv_open("UTF-8", "UTF-16");
				if (r->cd == (iconv_t)-1)
					return leads_errf(err, LEADS_EIO,
					    "%s: cannot convert UTF-16", r->name);
			}
		}
		convert(r);
	}
}

/* CSV and TSV: where a line leaves the field it is in. */
enum { Q_START, Q_PLAIN, Q_QUOTED, Q_QUOTE };

/*
 * Follow s[0..n) from state st.  As in split(), only a quote that opens a
 * field quotes it; inside, a doubled quote is a quote.  A quote inside an
 * unquoted field is text and never swallows the lines after it.
 */
static int
quote_scan(int st, const char *s, size_t n, int sep)
{
	for (; n > 0; s++, n--) {
		switch (st) {
		case Q_QUOTED:
			if (*s == '"')
				st = Q_QUOTE;
			break;
		case Q_PLAIN:
			if (*s == sep || *s == '\n')
				st = Q_START;
			break;
		case Q_QUOTE:		/* a closing quote or half a pair */
			if (*s == '"') {
				st = Q_QUOTED;
				break;
			}
			/* FALLTHROUGH */
		default:
			st = *s == sep || *s == '\n' ? Q_START :
			    *s == '"' && st == Q_START ? Q_QUOTED : Q_PLAIN;
		}
	}
	return st;
}

/*
 * Read one line (with its ending) into r->line: 1, 0 at end, -1 error.
 * Bytes past the record limit are read but not kept (r->overlong); if
 * r->qsep is set, r->qst follows the quotes of all of them.
 */
static int
read_line(struct leads_reader *r, struct leads_err *err)
{
	char *nl;
	size_t n;
	int rc;

	if (r->pending) {
		r->pending = 0;
		if (r->qsep)
			r->qst = quote_scan(r->qst, r->line.s, r->line.len,
			    r->qsep);
		return 1;
	}
	leads_buf_reset(&r->line);
	r->overlong = 0;
	for (;;) {
		if ((rc = fill(r, err)) <= 0) {
			if (rc == 0 && (r->line.len > 0 || r->overlong))
				break;
			return rc;
		}
		nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		n = nl != NULL ? (size_t)(nl - (r->buf + r->pos)) + 1 :
		    r->len - r->pos;
		if (r->qsep)
			r->qst = quote_scan(r->qst, r->buf + r->pos, n, r->qsep);
		if (r->overlong || r->line.len + n > LEADS_MAX_RECORD)
			r->overlong = 1;
		else if (leads_buf_add(&r->line, r->buf + r->pos, n) == -1)
			return leads_err_nomem(err);
		r->pos += n;
		if (nl != NULL)
			break;
	}
	r->lineno++;
	return 1;
}

static void
unread_line(struct leads_reader *r)
{
	r->pending = 1;
}

static int
blank(const char *s, size_t n)
{
	for (; n > 0; s++, n--)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* ---- format detection --------------------------------------------------- */

/* "Key: value" or "--- Key ---": the length of the key, else 0. */
static size_t
kv_key(const char *s, size_t n, const char **key)
{
	size_t i, e;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n > 8 && strncmp(s, "--- ", 4) == 0 &&
	    strncmp(s + n - 4, " ---", 4) == 0) {
		*key = s + 4;
		return n - 8;
	}
	for (i = 0; i < n && i <= 64; i++) {
		if (s[i] == ':')
			break;
		if (s[i] == ',' || s[i] == ';' || s[i] == '"' || s[i] == '\t')
			return 0;
	}
	if (i == 0 || i > 64 || i >= n || (i + 1 < n && s[i + 1] != ' ' &&
	    s[i + 1] != '\t'))
		return 0;
	e = i;
	while (e > 0 && s[e - 1] == ' ')
		e--;
	*key = s;
	return e;
}

/* kv_key() for mail.c, whose bodies follow the same rule. */
size_t
leads_kv_key(const char *s, size_t n, const char **key)
{
	return kv_key(s, n, key);
}

/*
 * The first line of a raw mail message: an mbox "From " line ("From
 * a@b Mon Nov 23 09:58:12 2026": no comma, a time), or a header that
 * only mail systems write; never a form's field (From:, Subject:).
 */
static int
mail_line(const char *s, size_t n)
{
	static const char *const hdrs[] = {
		"Return-Path:", "Received:", "Delivered-To:", "X-Original-To:",
		"Envelope-To:", "MIME-Version:", "Message-ID:",
		"DKIM-Signature:", "ARC-Seal:", "Authentication-Results:"
	};
	size_t i, l;

	if (n > 5 && strncmp(s, "From ", 5) == 0 && s[5] != ' ' &&
	    memchr(s, ',', n) == NULL && memchr(s, '\t', n) == NULL &&
	    memchr(s, ':', n) != NULL)
		return 1;
	for (i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
		l = strlen(hdrs[i]);
		if (n >= l && strncasecmp(s, hdrs[i], l) == 0)
			return 1;
	}
	return 0;
}

static enum leads_format
detect(const char *s, size_t n)
{
	const char *k;

	if (mail_line(s, n))
		return LEADS_FMT_MAIL;
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n > 0 && *s == '{')
		return LEADS_FMT_JSONL;
	if (memchr(s, '\t', n) != NULL)
		return LEADS_FMT_TSV;
	if (kv_key(s, n, &k) > 0)
		return LEADS_FMT_KV;
	return LEADS_FMT_CSV;
}

/* ---- CSV and TSV -------------------------------------------------------- */

static int
bad(struct leads_reader *r, struct leads_err *err, const char *why)
{
	err->line = r->rec.line;
	return leads_errf(err, LEADS_EDATA, "%s:%ld: %s", r->name,
	    r->rec.line, why);
}

/* Split raw text into fields; values into out (keys from hdr if given). */
static int
split(struct leads_reader *r, const char *s, size_t n, int sep,
    struct leads_record *out, const struct leads_record *hdr,
    struct leads_err *err)
{
	struct leads_buf f = LEADS_BUF_INIT;
	size_t i = 0, col = 0;
	char name[32];
	int rc = -1;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	for (;;) {
		int quoted = i < n && s[i] == '"' &&
		    (sep == ',' || i == 0 || s[i - 1] == sep);
		leads_buf_reset(&f);
		if (quoted) {
			for (i++;; i++) {
				if (i >= n) {
					bad(r, err, "unterminated quoted field");
					goto out;
				}
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"')
						i++;
					else
						break;
				}
				if (leads_buf_addc(&f, s[i]) == -1)
					goto nomem;
			}
			i++;
			if (i < n && s[i] != sep) {
				bad(r, err, "text after closing quote");
				goto out;
			}
		} else {
			size_t st = i;
			while (i < n && s[i] != sep)
				i++;
			if (leads_buf_add(&f, s + st, i - st) == -1)
				goto nomem;
		}
		if (f.len > LEADS_MAX_FIELD) {
			bad(r, err, "field over 65536 bytes");
			goto out;
		}
		if (hdr == NULL) {
			const char *v = leads_buf_str(&f);
			size_t a = 0, b = f.len;
			while (a < b && (v[a] == ' ' || v[a] == '\t'))
				a++;
			while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
				b--;
			if (b - a > LEADS_MAX_KEY) {
				bad(r, err, "field name over 256 bytes");
				goto out;
			}
			if (a == b) {
				snprintf(name, sizeof(name), "column %zu",
				    col + 1);
				if (rec_add(out, name, strlen(name), "", 0) == -1)
					goto nomem;
			} else if (rec_add(out, v + a, b - a, "", 0) == -1)
				goto nomem;
		} else if (col < hdr->n) {
			if (f.len > 0 && rec_add(out, leads_record_key(hdr, col),
			    strlen(leads_record_key(hdr, col)), leads_buf_str(&f),
			    f.len) == -1)
				goto nomem;
		} else if (f.len > 0) {
			char why[80];
			snprintf(why, sizeof(why), "more fields than the "
			    "header's %zu", hdr->n);
			bad(r, err, why);
			goto out;
		}
		col++;
		if (col > LEADS_MAX_FIELDS) {
			bad(r, err, "more than 256 fields");
			goto out;
		}
		if (i >= n)
			break;
		i++;		/* the separator */
	}
	rc = 0;
	goto out;
nomem:
	leads_err_nomem(err);
out:
	leads_buf_release(&f);
	return rc;
}

/*
 * The raw text of one CSV/TSV record into rec.raw: 1, 0 end, -1 error.
 * A record goes on over line breaks inside quotes; one that the input
 * ends inside sets r->unterminated.
 */
static int
sep_raw(struct leads_reader *r, int sep, struct leads_err *err)
{
	int rc, over = 0;

	r->qsep = sep;
	do {
		r->qst = Q_START;
		if ((rc = read_line(r, err)) <= 0)
			return rc;
	} while (blank(r->line.s, r->line.len));
	rec_reset(&r->rec, r->lineno);
	r->unterminated = 0;
	for (;;) {
		/* Past the limit, lines are still read to find the end. */
		over |= r->overlong;
		if (!over && r->rec.raw.len + r->line.len > LEADS_MAX_RECORD)
			over = 1;
		if (!over && leads_buf_add(&r->rec.raw, r->line.s,
		    r->line.len) == -1)
			return leads_err_nomem(err);
		if (r->qst != Q_QUOTED)
			break;
		if ((rc = read_line(r, err)) == -1)
			return -1;
		if (rc == 0) {
			r->unterminated = 1;
			break;
		}
	}
	if (over)
		return bad(r, err, "record over 1048576 bytes");
	return 1;
}

static int
check_text(struct leads_reader *r, struct leads_err *err)
{
	char why[300];

	if (memchr(r->rec.raw.s, '\0', r->rec.raw.len) != NULL)
		return bad(r, err, "NUL byte in input");
	if (leads_utf8_valid(r->rec.raw.s, r->rec.raw.len))
		return 0;
	/* Converted text is valid UTF-8 but where iconv failed. */
	if (r->enc != NULL) {
		snprintf(why, sizeof(why), "text that is not valid %s",
		    r->enc);
		return bad(r, err, why);
	}
	return bad(r, err, "invalid UTF-8 (if the file is Windows-1252, use "
	    "--encoding windows-1252)");
}

/* The record just read as the header: 1, or -1. */
static int
sep_header(struct leads_reader *r, int sep, struct leads_err *err)
{
	if (check_text(r, err) == -1)
		return -1;
	if (r->unterminated)
		return bad(r, err, "unterminated quoted field");
	rec_reset(&r->hdr, r->rec.line);
	if (split(r, r->rec.raw.s, r->rec.raw.len, sep, &r->hdr, NULL,
	    err) == -1)
		return -1;
	if (leads_buf_add(&r->header, r->rec.raw.s, r->rec.raw.len) == -1)
		return leads_err_nomem(err);
	return 1;
}

static int
next_sep(struct leads_reader *r, struct leads_err *err)
{
	int sep = r->fmt == LEADS_FMT_TSV ? '\t' : ',';
	char why[80];
	int rc;

	if (r->header.len == 0 && r->hdrbad == 0) {
		if ((rc = sep_raw(r, sep, err)) == 1)
			rc = sep_header(r, sep, err);
		/* Without its header no record means anything: each is
		 * reported (and so can be kept as a reject), none misread
		 * with the next line taken for the header. */
		if (rc == -1 && err->code == LEADS_EDATA)
			r->hdrbad = r->rec.line;
		if (rc <= 0)
			return rc;
	}
	if ((rc = sep_raw(r, sep, err)) <= 0)
		return rc;
	if (r->hdrbad > 0) {
		snprintf(why, sizeof(why), "no header: the one on line %ld "
		    "is bad", r->hdrbad);
		return bad(r, err, why);
	}
	if (check_text(r, err) == -1)
		return -1;
	if (r->unterminated)
		return bad(r, err, "unterminated quoted field");
	if (split(r, r->rec.raw.s, r->rec.raw.len, sep, &r->rec, &r->hdr,
	    err) == -1)
		return -1;
	return 1;
}

/* ---- JSON Lines --------------------------------------------------------- */

/* json_text() and friends: a string holds U+0000, which no C string can. */
#define JSON_NUL	(-2)

/*
 * A real as written by people: the fewest digits that read back as the
 * same double ("0.1", not jansson's "0.10000000000000001"), kept looking
 * like a real ("5.0") and with a JSON exponent ("1e21", "1.5e-7").
 */
static int
real_text(double d, struct leads_buf *b)
{
	char s[40], *e, *p;
	int prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(s, sizeof(s), "%.17g", d);
	if ((e = strchr(s, 'e')) != NULL) {
		p = e + 1;
		if (*p == '+')
			memmove(p, p + 1, strlen(p));
		else if (*p == '-')
			p++;
		while (p[0] == '0' && p[1] != '\0')
			memmove(p, p + 1, strlen(p));
	} else if (strchr(s, '.') == NULL)
		strcat(s, ".0");
	return leads_buf_adds(b, s);
}

/* A value as text: strings as they are, null as nothing, others as JSON. */
static int
json_text(json_t *v, struct leads_buf *b)
{
	char *s;
	int rc;

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (memchr(json_string_value(v), '\0',
		    json_string_length(v)) != NULL)
			return JSON_NUL;
		return leads_buf_add(b, json_string_value(v),
		    json_string_length(v));
	case JSON_TRUE:
		return leads_buf_adds(b, "true");
	case JSON_FALSE:
		return leads_buf_adds(b, "false");
	case JSON_NULL:
		return 0;
	case JSON_REAL:
		return real_text(json_real_value(v), b);
	default:
		if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
		    JSON_PRESERVE_ORDER)) == NULL)
			return -1;
		rc = leads_buf_adds(b, s);
		free(s);
		return rc;
	}
}

/* Fields with an empty name, or an empty or null value, are left out. */
static int
json_pair(struct leads_record *out, const char *k, json_t *v)
{
	struct leads_buf b = LEADS_BUF_INIT;
	int rc;

	if (*k == '\0')
		return 0;
	if ((rc = json_text(v, &b)) == 0 && b.len > 0)
		rc = rec_add(out, k, strlen(k), b.s, b.len);
	leads_buf_release(&b);
	return rc;
}

/*
 * Meta field_data ([{"name": N, "values": [V, ...]}], the values joined
 * with ", ") and Google user_column_data ([{"column_id": N, "column_name":
 * M, "string_value": V}], named by the id, else the name) become plain
 * fields; *done says so.  An array that is not all objects is left to
 * json_pair(), whole.
 */
static int
json_special(struct leads_record *out, const char *k, json_t *v, int *done)
{
	struct leads_buf b = LEADS_BUF_INIT;
	json_t *e, *x;
	size_t i, j;
	int rc = 0;

	*done = 0;
	if (!json_is_array(v) || (strcmp(k, "field_data") != 0 &&
	    strcmp(k, "user_column_data") != 0))
		return 0;
	json_array_foreach(v, i, e)
		if (!json_is_object(e))
			return 0;
	json_array_foreach(v, i, e) {
		const char *name;
		leads_buf_reset(&b);
		if (strcmp(k, "field_data") == 0) {
			name = json_string_value(json_object_get(e, "name"));
			json_array_foreach(json_object_get(e, "values"), j, x) {
				if (j > 0 && b.len > 0 &&
				    (rc = leads_buf_adds(&b, ", ")) != 0)
					goto out;
				if ((rc = json_text(x, &b)) != 0)
					goto out;
			}
		} else {
			name = json_string_value(json_object_get(e,
			    "column_id"));
			if (name == NULL)
				name = json_string_value(json_object_get(e,
				    "column_name"));
			if ((x = json_object_get(e, "string_value")) != NULL &&
			    (rc = json_text(x, &b)) != 0)
				goto out;
		}
		if (name != NULL && *name != '\0' && b.len > 0 &&
		    (rc = rec_add(out, name, strlen(name), b.s, b.len)) != 0)
			goto out;
	}
	*done = 1;
out:
	leads_buf_release(&b);
	return rc;
}

/*
 * Decode len bytes of JSON (any value, as RFC 8259 allows).  Duplicate
 * keys are refused: a lead with two emails is not guessed at.  NUL
 * bytes are refused (jansson takes one after a number as the end).
 */
int
leads_json_decode(const char *buf, size_t len, json_t **out, char *why,
    size_t whylen)
{
	json_error_t je;
	const char *nul;

	if ((nul = memchr(buf, '\0', len)) != NULL) {
		*out = NULL;
		snprintf(why, whylen, "bad JSON: NUL byte at byte %zu",
		    (size_t)(nul - buf) + 1);
		return -1;
	}
	*out = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &je);
	if (*out == NULL) {
		snprintf(why, whylen, "bad JSON: %s at column %d", je.text,
		    je.column);
		return -1;
	}
	return 0;
}

static int
next_jsonl(struct leads_reader *r, struct leads_err *err)
{
	const char *k;
	json_t *o, *v;
	char why[300];
	size_t i, n;
	int rc, done;

	do {
		if ((rc = read_line(r, err)) <= 0)
			return rc;
	} while (blank(r->line.s, r->line.len));
	rec_reset(&r->rec, r->lineno);
	if (leads_buf_add(&r->rec.raw, r->line.s, r->line.len) == -1)
		return leads_err_nomem(err);
	if (r->overlong)
		return bad(r, err, "record over 1048576 bytes");
	if (check_text(r, err) == -1)
		return -1;
	/* Without its line end, an error at the end has its column. */
	n = r->rec.raw.len;
	while (n > 0 && (r->rec.raw.s[n - 1] == '\n' ||
	    r->rec.raw.s[n - 1] == '\r'))
		n--;
	if (leads_json_decode(r->rec.raw.s, n, &o, why, sizeof(why)) == -1)
		return bad(r, err, why);
	if (!json_is_object(o)) {
		json_decref(o);
		return bad(r, err, "not a JSON object");
	}
	rc = 0;
	json_object_foreach(o, k, v) {
		if ((rc = json_special(&r->rec, k, v, &done)) != 0 ||
		    (!done && (rc = json_pair(&r->rec, k, v)) != 0))
			break;
	}
	json_decref(o);
	if (rc == JSON_NUL)
		return bad(r, err, "a value holds a NUL character (\\u0000)");
	if (rc != 0)
		return leads_err_nomem(err);
	if (r->rec.n > LEADS_MAX_FIELDS)
		return bad(r, err, "more than 256 fields");
	for (i = 0; i < r->rec.n; i++) {
		if (strlen(leads_record_key(&r->rec, i)) > LEADS_MAX_KEY)
			return bad(r, err, "field name over 256 bytes");
		if (strlen(leads_record_value(&r->rec, i)) > LEADS_MAX_FIELD)
			return bad(r, err, "field over 65536 bytes");
	}
	return 1;
}

/* ---- Key: value --------------------------------------------------------- */

static int
rec_has_key(const struct leads_record *r, const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strlen(leads_record_key(r, i)) == n &&
		    strncasecmp(leads_record_key(r, i), k, n) == 0)
			return 1;
	return 0;
}

/* Append a continuation line to the last value. */
static int
kv_continue(struct leads_record *r, const char *s, size_t n)
{
	size_t at;

	if (r->n == 0)
		return 0;
	at = r->voff[r->n - 1];
	/* The value is last in text: drop its NUL, extend, put it back. */
	r->text.len--;
	if ((r->text.len > at && leads_buf_addc(&r->text, '\n') == -1) ||
	    leads_buf_add(&r->text, s, n) == -1 ||
	    leads_buf_addc(&r->text, '\0') == -1)
		return -1;
	return 0;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
	    (*s)[*n - 1] == '\r' || (*s)[*n - 1] == '\n'))
		(*n)--;
}

/*
 * One Key: value record.  It ends at the end of the input, or at a blank
 * line followed by a key it already has.  A record that breaks a limit is
 * still read to its end, so the next one starts where it should.
 */
static int
next_kv(struct leads_reader *r, struct leads_err *err)
{
	struct leads_buf gap = LEADS_BUF_INIT;	/* blank lines held back */
	const char *k, *v, *why = NULL;
	size_t kn, vn, i;
	int rc, sig = 0, wp = 0, over = 0;

	do {
		if ((rc = read_line(r, err)) <= 0)
			return rc;
	} while (blank(r->line.s, r->line.len));
	rec_reset(&r->rec, r->lineno);
	for (;;) {
		const char *s = r->line.s;
		size_t n = r->line.len;

		over |= r->overlong;
		if (!over && r->rec.raw.len + gap.len + n > LEADS_MAX_RECORD)
			over = 1;
		if (!over && (leads_buf_add(&r->rec.raw, gap.s, gap.len) == -1 ||
		    leads_buf_add(&r->rec.raw, s, n) == -1))
			goto nomem;
		leads_buf_reset(&gap);
		if (blank(s, n)) {
			/* Blank: the record ends if what follows repeats
			 * a key, or at the end. */
			for (;;) {
				if ((rc = read_line(r, err)) == -1)
					goto fail;
				if (rc == 0 || !blank(r->line.s, r->line.len))
					break;
				if (gap.len < LEADS_MAX_RECORD &&
				    leads_buf_add(&gap, r->line.s,
				    r->line.len) == -1)
					goto nomem;
			}
			if (rc == 0)
				break;
			kn = kv_key(r->line.s, r->line.len, &k);
			if (kn > 0 && rec_has_key(&r->rec, k, kn)) {
				unread_line(r);
				break;
			}
			/* A paragraph break inside a value. */
			if (!sig && !wp && !over && kn == 0 && r->rec.n > 0 &&
			    kv_continue(&r->rec, "", 0) == -1)
				goto nomem;
			continue;
		}
		/* Past the record limit, fields are no longer kept. */
		if (!sig && !over) {
			vn = n;
			v = s;
			trim(&v, &vn);
			if (vn == 2 && strncmp(v, "--", 2) == 0) {
				sig = 1;
			} else if ((kn = kv_key(s, n, &k)) > 0) {
				wp = strncmp(v, "--- ", 4) == 0;
				v = wp ? s + n : k + kn;
				vn = (size_t)(s + n - v);
				if (!wp) {
					while (vn > 0 && *v != ':')
						v++, vn--;
					v++, vn--;
				}
				trim(&v, &vn);
				if (kn > LEADS_MAX_KEY) {
					if (why == NULL)
						why = "field name over 256 bytes";
				} else if (rec_add(&r->rec, k, kn, v, vn) == -1)
					goto nomem;
			} else if (kv_continue(&r->rec, v, vn) == -1)
				goto nomem;
		}
		if ((rc = read_line(r, err)) == -1)
			goto fail;
		if (rc == 0)
			break;
	}
	leads_buf_release(&gap);
	if (over)
		return bad(r, err, "record over 1048576 bytes");
	if (why != NULL)
		return bad(r, err, why);
	if (check_text(r, err) == -1)
		return -1;
	/* WPForms writes "(empty)"; trailing blank lines of values go. */
	for (i = 0; i < r->rec.n; i++) {
		char *val = r->rec.text.s + r->rec.voff[i];
		size_t l = strlen(val);
		while (l > 0 && val[l - 1] == '\n')
			val[--l] = '\0';
		if (strcmp(val, "(empty)") == 0)
			val[0] = '\0';
		if (l > LEADS_MAX_FIELD)
			return bad(r, err, "field over 65536 bytes");
	}
	if (r->rec.n > LEADS_MAX_FIELDS)
		return bad(r, err, "more than 256 fields");
	return 1;
nomem:
	leads_err_nomem(err);
fail:
	leads_buf_release(&gap);
	return -1;
}

/* ---- mail --------------------------------------------------------------- */

static int
mail_field(void *arg, const char *k, size_t kn, const char *v, size_t vn)
{
	return rec_add(arg, k, kn, v, vn);
}

/*
 * One mail message (mail.c): the whole input, one record.  Its raw text
 * is the message as it came, for a rejects file.
 */
static int
next_mail(struct leads_reader *r, struct leads_err *err)
{
	struct leads_err merr;
	char why[64];
	size_t i, n;
	int rc, over = 0, longline = 0;

	rec_reset(&r->rec, r->pending ? r->lineno : r->lineno + 1);
	/* The first line, read to detect the format (cut at 1 MiB). */
	if (r->pending) {
		r->pending = 0;
		longline = r->overlong;
		if (leads_buf_add(&r->rec.raw, r->line.s, r->line.len) == -1)
			return leads_err_nomem(err);
	}
	while ((rc = fill(r, err)) == 1) {
		n = r->len - r->pos;
		if (!over && r->rec.raw.len + n > LEADS_MAX_MAIL)
			over = 1;
		if (!over && leads_buf_add(&r->rec.raw, r->buf + r->pos,
		    n) == -1)
			return leads_err_nomem(err);
		r->pos = r->len;
	}
	if (rc == -1)
		return -1;
	if (over || longline) {
		if (over)
			snprintf(why, sizeof(why), "message over %d bytes",
			    LEADS_MAX_MAIL);
		else
			snprintf(why, sizeof(why), "first line over %d bytes",
			    LEADS_MAX_RECORD);
		leads_buf_reset(&r->rec.raw);
		return bad(r, err, why);
	}
	if (blank(r->rec.raw.s, r->rec.raw.len))
		return 0;
	/* Read to the end all the same: the next call finds the end. */
	if (r->cd != (iconv_t)-1)
		return leads_errf(err, LEADS_EUSAGE, "%s: a mail message names "
		    "its own character sets: leave out --encoding", r->name);
	if (leads_mail_read(r->rec.raw.s, r->rec.raw.len, mail_field, &r->rec,
	    &merr) == -1) {
		if (merr.code != LEADS_EDATA)
			return leads_errf(err, merr.code, "%s: %s", r->name,
			    merr.msg);
		return bad(r, err, merr.msg);
	}
	if (r->rec.n > LEADS_MAX_FIELDS)
		return bad(r, err, "more than 256 fields");
	for (i = 0; i < r->rec.n; i++) {
		if (strlen(leads_record_key(&r->rec, i)) > LEADS_MAX_KEY)
			return bad(r, err, "field name over 256 bytes");
		if (strlen(leads_record_value(&r->rec, i)) > LEADS_MAX_FIELD)
			return bad(r, err, "field over 65536 bytes");
	}
	return 1;
}

/* ---- the reader --------------------------------------------------------- */

int
leads_reader_next(struct leads_reader *r, struct leads_record **rec,
    struct leads_err *err)
{
	int rc;

	err->line = 0;
	*rec = &r->rec;
	if (r->fmt == LEADS_FMT_AUTO) {
		do {
			if ((rc = read_line(r, err)) <= 0)
				return rc;
		} while (blank(r->line.s, r->line.len));
		r->fmt = detect(r->line.s, r->line.len);
		unread_line(r);
	}
	switch (r->fmt) {
	case LEADS_FMT_JSONL:
		return next_jsonl(r, err);
	case LEADS_FMT_KV:
		return next_kv(r, err);
	case LEADS_FMT_MAIL:
		return next_mail(r, err);
	default:
		return next_sep(r, err);
	}
}
