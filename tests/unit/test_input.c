/*
 * Unit tests of input.c: the record readers fed from memory (fmemopen),
 * record by record, with exact values, line numbers and messages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "leads.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A reader over a copy of some bytes; messages name it "in". */
struct src {
	char *buf;
	FILE *fp;
	struct leads_reader *r;
	struct leads_record *last;	/* the record read last */
};

static void
src_open(struct src *s, const void *text, size_t len, enum leads_format fmt,
    const char *enc)
{
	struct leads_err err;

	/* fmemopen wants at least one byte of buffer on some systems. */
	if ((s->buf = malloc(len + 1)) == NULL)
		fail_msg("out of memory");
	memcpy(s->buf, text, len);
	if ((s->fp = fmemopen(s->buf, len, "r")) == NULL)
		fail_msg("fmemopen failed");
	memset(&err, 0, sizeof(err));
	if ((s->r = leads_reader_new(s->fp, "in", fmt, enc, &err)) == NULL)
		fail_msg("leads_reader_new: %s", err.msg);
	s->last = NULL;
}

/* A string literal, without its final NUL. */
#define SRC(s, lit, fmt)	src_open((s), (lit), sizeof(lit) - 1, (fmt), NULL)

static void
src_close(struct src *s)
{
	leads_reader_free(s->r);
	fclose(s->fp);
	free(s->buf);
}

/*
 * The next record is good, from line, with exactly the fields given as
 * key, value, ..., NULL.
 */
static void
expect_rec(struct src *s, long line, ...)
{
	struct leads_record *rec = NULL;
	struct leads_err err;
	const char *k, *v;
	va_list ap;
	size_t i = 0;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = leads_reader_next(s->r, &rec, &err);
	if (rc != 1)
		fail_msg("want a record from line %ld, got %d: %s", line, rc,
		    rc == -1 ? err.msg : "(end)");
	s->last = rec;
	if (leads_record_line(rec) != line)
		fail_msg("record from line %ld, want line %ld",
		    leads_record_line(rec), line);
	va_start(ap, line);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (i >= leads_record_count(rec))
			fail_msg("line %ld: only %zu fields, want '%s'", line,
			    leads_record_count(rec), k);
		if (strcmp(leads_record_key(rec, i), k) != 0)
			fail_msg("line %ld: field %zu is '%s', want '%s'", line,
			    i, leads_record_key(rec, i), k);
		if (strcmp(leads_record_value(rec, i), v) != 0)
			fail_msg("line %ld: %s is '%s', want '%s'", line, k,
			    leads_record_value(rec, i), v);
		i++;
	}
	va_end(ap);
	if (i != leads_record_count(rec))
		fail_msg("line %ld: %zu fields, want %zu (the next: '%s')",
		    line, leads_record_count(rec), i,
		    leads_record_key(rec, i));
}

/* The next record is good, from line, with n fields. */
static void
expect_count(struct src *s, long line, size_t n)
{
	struct leads_record *rec = NULL;
	struct leads_err err;
	int rc;

	memset(&err, 0, sizeof(err));
	if ((rc = leads_reader_next(s->r, &rec, &err)) != 1)
		fail_msg("want a record from line %ld, got %d: %s", line, rc,
		    rc == -1 ? err.msg : "(end)");
	assert_int_equal(leads_record_line(rec), line);
	assert_int_equal(leads_record_count(rec), n);
	s->last = rec;
}

/* The next record is bad: a data error with exactly this message. */
static void
expect_bad(struct src *s, long line, const char *msg)
{
	struct leads_record *rec = NULL;
	struct leads_err err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = leads_reader_next(s->r, &rec, &err);
	if (rc != -1)
		fail_msg("want the error \"%s\", got %d", msg, rc);
	if (err.code != LEADS_EDATA)
		fail_msg("\"%s\": code %d, not LEADS_EDATA", err.msg,
		    err.code);
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.line, line);
	assert_non_null(rec);
	assert_int_equal(leads_record_line(rec), line);
	s->last = rec;
}

/* The input ends, and stays ended. */
static void
expect_end(struct src *s)
{
	struct leads_record *rec;
	struct leads_err err;
	int rc;

	memset(&err, 0, sizeof(err));
	if ((rc = leads_reader_next(s->r, &rec, &err)) != 0)
		fail_msg("want the end, got %d: %s (line %ld)", rc,
		    rc == -1 ? err.msg : "a record", rc == 1 ?
		    leads_record_line(rec) : err.line);
	assert_int_equal(leads_reader_next(s->r, &rec, &err), 0);
}

/* The raw text of the record read last, as it was in the input. */
static void
expect_raw(struct src *s, const char *want)
{
	const char *raw;
	size_t len;

	assert_non_null(s->last);
	raw = leads_record_raw(s->last, &len);
	assert_int_equal(len, strlen(want));
	assert_string_equal(raw, want);
}

/* Growable text for big inputs. */
struct text {
	char *s;
	size_t n;
};

static void
add(struct text *t, const void *p, size_t n)
{
	if ((t->s = realloc(t->s, t->n + n + 1)) == NULL)
		fail_msg("out of memory");
	memcpy(t->s + t->n, p, n);
	t->n += n;
	t->s[t->n] = '\0';
}

static void
adds(struct text *t, const char *s)
{
	add(t, s, strlen(s));
}

static void
addc(struct text *t, int c, size_t n)
{
	if ((t->s = realloc(t->s, t->n + n + 1)) == NULL)
		fail_msg("out of memory");
	memset(t->s + t->n, c, n);
	t->n += n;
	t->s[t->n] = '\0';
}

/* A string of n copies of c (to free). */
static char *
rep(int c, size_t n)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		fail_msg("out of memory");
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* UTF-8 text converted to another encoding with iconv (for inputs). */
static struct text
encode(const char *to, const void *utf8, size_t n)
{
	struct text t = { NULL, 0 };
	char *ip = (char *)(uintptr_t)utf8, *op;
	size_t il = n, ol = 4 * n + 8;
	iconv_t cd;

	if ((cd = iconv_open(to, "UTF-8")) == (iconv_t)-1)
		fail_msg("iconv_open %s", to);
	addc(&t, 0, ol);
	op = t.s;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
		fail_msg("iconv to %s failed", to);
	t.n = (size_t)(op - t.s);
	iconv_close(cd);
	return t;
}

/* ---- CSV ----------------------------------------------------------------- */

static void
test_csv_plain(void **state)
{
	struct src s;
	const char *hdr;
	size_t len;

	(void)state;
	SRC(&s, "name,email,phone\n"
	    "Ana Ruiz,ana@example.com,555 0100\n"
	    "Bo,bo@example.com,\n"
	    "Cy\n", LEADS_FMT_CSV);
	assert_null(leads_reader_header(s.r, &len));
	expect_rec(&s, 2, "name", "Ana Ruiz", "email", "ana@example.com",
	    "phone", "555 0100", NULL);
	assert_int_equal(leads_reader_format(s.r), LEADS_FMT_CSV);
	hdr = leads_reader_header(s.r, &len);
	assert_non_null(hdr);
	assert_int_equal(len, 17);
	assert_memory_equal(hdr, "name,email,phone\n", 17);
	/* An empty value is no value; a short record is fine. */
	expect_rec(&s, 3, "name", "Bo", "email", "bo@example.com", NULL);
	expect_rec(&s, 4, "name", "Cy", NULL);
	expect_end(&s);
	src_close(&s);
}

static void
test_csv_quotes(void **state)
{
	struct src s;

	(void)state;
	SRC(&s, "\"name\",\"note\",city\n"
	    "\"Ruiz, Ana\",\"says \"\"hi\"\"\",\"Anytown, WW\"\n"
	    "Bo,\"two\nlines\",x\n"
	    "Cy,\"crlf\r\ninside\",y\r\n"
	    "Di,\"\"\"\",\"\"\n"
	    "Ed,\"a,\"\"b\"\"\n\nc\",z\n"
	    "Fy,\"\",\n", LEADS_FMT_CSV);
	expect_rec(&s, 2, "name", "Ruiz, Ana", "note", "says \"hi\"",
	    "city", "Anytown, WW", NULL);
	expect_rec(&s, 3, "name", "Bo", "note", "two\nlines", "city", "x",
	    NULL);
	/* The line break inside quotes is kept as it was, CRLF too. */
	expect_rec(&s, 5, "name", "Cy", "note", "crlf\r\ninside", "city", "y",
	    NULL);
	/* Its raw text is both lines with their endings. */
	expect_raw(&s, "Cy,\"crlf\r\ninside\",y\r\n");
	expect_rec(&s, 7, "name", "Di", "note", "\"", NULL);
	expect_raw(&s, "Di,\"\"\"\",\"\"\n");
	expect_rec(&s, 8, "name", "Ed", "note", "a,\"b\"\n\nc", "city", "z",
	    NULL);
	expect_rec(&s, 11, "name", "Fy", NULL);
	expect_end(&s);
	src_close(&s);
}

static void
test_csv_crlf_bom(void **state)
{
	struct src s;
	const char *raw;
	size_t len;

	(void)state;
	SRC(&s, "\xef\xbb\xbfName,Email\r\n"
	    "Ana,ana@example.com\r\n"
	    "\r\n"
	    "Bo,\"bo@example.com\"\r\n"
	    "Cy,cy@example.com", LEADS_FMT_AUTO);
	expect_rec(&s, 2, "Name", "Ana", "Email", "ana@example.com", NULL);
	raw = leads_reader_header(s.r, &len);
	assert_int_equal(len, 12);
	assert_memory_equal(raw, "Name,Email\r\n", 12);
	expect_raw(&s, "Ana,ana@example.com\r\n");
	/* A blank line is skipped but counted. */
	expect_rec(&s, 4, "Name", "Bo", "Email", "bo@example.com", NULL);
	expect_raw(&s, "Bo,\"bo@example.com\"\r\n");
	/* The last line needs no line end. */
	expect_rec(&s, 5, "Name", "Cy", "Email", "cy@example.com", NULL);
	expect_raw(&s, "Cy,cy@example.com");
	expect_end(&s);
	src_close(&s);
}

static void
test_csv_header(void **state)
{
	struct src s;

	(void)state;
	/* Blank lines before it; names trimmed; an empty name numbered. */
	SRC(&s, "\n  \n Full Name ,,\"E mail\",\t\n"
	    "Ana,x,a@example.com,y\n", LEADS_FMT_CSV);
	expect_rec(&s, 4, "Full Name", "Ana", "column 2", "x", "E mail",
	    "a@example.com", "column 4", "y", NULL);
	expect_end(&s);
	src_close(&s);

	/* A header and nothing else: no records. */
	SRC(&s, "name,email\n", LEADS_FMT_CSV);
	expect_end(&s);
	src_close(&s);

	/* Nothing at all. */
	SRC(&s, "", LEADS_FMT_AUTO);
	expect_end(&s);
	assert_int_equal(leads_reader_format(s.r), LEADS_FMT_AUTO);
	src_close(&s);
}

static void
test_csv_errors(void **state)
{
	struct src s;

	(void)state;
	SRC(&s, "name,email\n"
	    "Ana,ana@example.com\n"
	    "Bo,bo@example.com,extra\n"
	    "Cy,cy@example.com,\n"
	    "Di,\"d\"x,more\n"
	    "\"Ed\" ,ed@example.com\n"
	    "Fy,\"fy\"\n"
	    "Gus,\"g\n"
	    "h\",\"i\"\"\"j\n"
	    "Hal,hal@example.com\n", LEADS_FMT_CSV);
	expect_rec(&s, 2, "name", "Ana", "email", "ana@example.com", NULL);
	expect_bad(&s, 3, "in:3: more fields than the header's 2");
	/* An empty extra field (a trailing comma) is no extra field. */
	expect_rec(&s, 4, "name", "Cy", "email", "cy@example.com", NULL);
	expect_bad(&s, 5, "in:5: text after closing quote");
	expect_bad(&s, 6, "in:6: text after closing quote");
	expect_rec(&s, 7, "name", "Fy", "email", "fy", NULL);
	expect_bad(&s, 8, "in:8: text after closing quote");
	expect_rec(&s, 10, "name", "Hal", "email", "hal@example.com", NULL);
	expect_end(&s);
	src_close(&s);
}

static void
test_csv_unterminated(void **state)
{
	struct src s;

	(void)state;
	/* The quote runs to the end: one error, from the line it opened. */
	SRC(&s, "a,b\n1,2\n3,\"x\n4,5\n6,7\n", LEADS_FMT_CSV);
	expect_rec(&s, 2, "a", "1", "b", "2", NULL);
	expect_bad(&s, 3, "in:3: unterminated quoted field");
	expect_raw(&s, "3,\"x\n4,5\n6,7\n");
	expect_end(&s);
	src_close(&s);

	/* In the header. */
	SRC(&s, "a,\"b\n1,2\n", LEADS_FMT_CSV);
	expect_bad(&s, 1, "in:1: unterminated quoted field");
	expect_end(&s);
	src_close(&s);
}

/* A quote inside an unquoted field is text: it swallows nothing. */
static void
test_csv_stray_quote(void **state)
{
	struct src s;

	(void)state;
	SRC(&s, "name,height,email\n"
	    "Ana,5'10\",ana@example.com\n"
	    "Bo,6',bo@example.com\n"
	    "The \"Best\" Co,,c@example.com\n"
	    "Di,x\"\"y,d@example.com\n", LEADS_FMT_CSV);
	expect_rec(&s, 2, "name", "Ana", "height", "5'10\"", "email",
	    "ana@example.com", NULL);
	expect_rec(&s, 3, "name", "Bo", "height", "6'", "email",
	    "bo@example.com", NULL);
	expect_rec(&s, 4, "name", "The \"Best\" Co", "email",
	    "c@example.com", NULL);
	expect_rec(&s, 5, "name", "Di", "height", "x\"\"y", "email",
	    "d@example.com", NULL);
	expect_end(&s);
	src_close(&s);
}

/* Without a header no record can be read: each one says so. */
static void
test_csv_bad_header(void **state)
{
	struct src s;
	size_t len;

	(void)state;
	SRC(&s, "n\xe4me,email\nAna,a@example.com\n\nBo,\"b\nc\"\n",
	    LEADS_FMT_CSV);
	expect_bad(&s, 1, "in:1: invalid UTF-8 (if the file is "
	    "Windows-1252, use --encoding windows-1252)");
	expect_raw(&s, "n\xe4me,email\n");
	assert_null(leads_reader_header(s.r, &len));
	/* Each record is kept whole, for a rejects file. */
	expect_bad(&s, 2, "in:2: no header: the one on line 1 is bad");
	expect_raw(&s, "Ana,a@example.com\n");
	expect_bad(&s, 4, "in:4: no header: the one on line 1 is bad");
	expect_raw(&s, "Bo,\"b\nc\"\n");
	expect_end(&s);
	src_close(&s);
}

static void
test_csv_text_errors(void **state)
{
	static const char in[] = "name,email\n"
	    "Jos\xe9,jose@example.com\n"
	    "Ana,a\0@example.com\n"
	    "Zo\xc3\xab,zoe@example.com\n";
	struct src s;

	(void)state;
	src_open(&s, in, sizeof(in) - 1, LEADS_FMT_CSV, NULL);
	expect_bad(&s, 2, "in:2: invalid UTF-8 (if the file is "
	    "Windows-1252, use --encoding windows-1252)");
	expect_bad(&s, 3, "in:3: NUL byte in input");
	expect_rec(&s, 4, "name", "Zo\xc3\xab", "email", "zoe@example.com",
	    NULL);
	expect_end(&s);
	src_close(&s);
}

/* ---- TSV ----------------------------------------------------------------- */

static void
test_tsv(void **state)
{
	struct src s;
	const char *hdr;
	size_t len;

	(void)state;
	SRC(&s, "id\tcreated_time\tfull_name\tphone_number\twhen\n"
	    "l:1\t2026-11-20T09:15:00+0000\tAna, Ruiz\tp:+447700900123\t"
	    "evenings\n"
	    "l:2\t\tBo \"Bob\" Li\t\t5'10\"\n"
	    "l:3\t\"x\ty\"\t\"two\nlines\"\t\"q\"\"q\"\t\n"
	    "l:4\t\"a\"b\n"
	    "l:5\n"
	    "l:6\t\"x\"\"y\nz\"\t1\n", LEADS_FMT_AUTO);
	expect_rec(&s, 2, "id", "l:1", "created_time",
	    "2026-11-20T09:15:00+0000", "full_name", "Ana, Ruiz",
	    "phone_number", "p:+447700900123", "when", "evenings", NULL);
	assert_int_equal(leads_reader_format(s.r), LEADS_FMT_TSV);
	hdr = leads_reader_header(s.r, &len);
	assert_int_equal(len, 44);
	assert_memory_equal(hdr, "id\tcreated_time\tfull_name\tphone_number"
	    "\twhen\n", 44);
	/* Commas are text; quotes inside a field are text. */
	expect_rec(&s, 3, "id", "l:2", "full_name", "Bo \"Bob\" Li", "when",
	    "5'10\"", NULL);
	/* Quoted fields hold tabs, line breaks and doubled quotes. */
	expect_rec(&s, 4, "id", "l:3", "created_time", "x\ty", "full_name",
	    "two\nlines", "phone_number", "q\"q", NULL);
	expect_bad(&s, 6, "in:6: text after closing quote");
	expect_rec(&s, 7, "id", "l:5", NULL);
	/* A doubled quote, then a line break, still inside the quotes. */
	expect_rec(&s, 8, "id", "l:6", "created_time", "x\"y\nz",
	    "full_name", "1", NULL);
	expect_end(&s);
	src_close(&s);
}

/* ---- JSON Lines ---------------------------------------------------------- */

static void
test_jsonl(void **state)
{
	struct src s;
	size_t len;

	(void)state;
	SRC(&s, "{\"name\":\"Ana\",\"email\":\"ana@example.com\"}\n"
	    "\n"
	    "  {\"n\": 5, \"r\": 1234.1, \"x\": 0.1, \"e\": 1.5e-7, "
	    "\"big\": 1e21, \"f\": 5.0, \"t\": true, \"no\": false, "
	    "\"null\": null, \"empty\": \"\", \"\": \"nameless\", "
	    "\"u\": \"Zo\\u00eb \\ud83d\\ude00\"}\r\n"
	    "{\"tags\":[1,\"a\",null],\"o\":{\"k\":[true]},\"s\":\"a\\nb\"}\n"
	    "{}\n", LEADS_FMT_AUTO);
	expect_rec(&s, 1, "name", "Ana", "email", "ana@example.com", NULL);
	assert_int_equal(leads_reader_format(s.r), LEADS_FMT_JSONL);
	assert_null(leads_reader_header(s.r, &len));
	/* Numbers as written, booleans as words; null and "" are nothing. */
	expect_rec(&s, 3, "n", "5", "r", "1234.1", "x", "0.1", "e", "1.5e-7",
	    "big", "1e21", "f", "5.0", "t", "true", "no", "false", "u",
	    "Zo\xc3\xab \xf0\x9f\x98\x80", NULL);
	expect_raw(&s, "  {\"n\": 5, \"r\": 1234.1, \"x\": 0.1, \"e\": 1.5e-7, "
	    "\"big\": 1e21, \"f\": 5.0, \"t\": true, \"no\": false, "
	    "\"null\": null, \"empty\": \"\", \"\": \"nameless\", "
	    "\"u\": \"Zo\\u00eb \\ud83d\\ude00\"}\r\n");
	/* Other nested values are kept as JSON text. */
	expect_rec(&s, 4, "tags", "[1,\"a\",null]", "o", "{\"k\":[true]}",
	    "s", "a\nb", NULL);
	expect_rec(&s, 5, NULL);
	expect_raw(&s, "{}\n");
	expect_end(&s);
	src_close(&s);
}

static void
test_jsonl_errors(void **state)
{
	static const char in[] = "{\"a\":1}\n"
	    "[{\"a\":2}]\n"
	    "\"a\"\n"
	    "42\n"
	    "null\n"
	    "{\"a\":3\n"
	    "{\"a\":4} {\"a\":5}\n"
	    "{\"a\":1,\"a\":2}\n"
	    "{'a':6}\n"
	    "{\"a\":\"x\\u0000y\"}\n"
	    "{\"a\":\"x\0y\"}\n"
	    "{\"a\":\"\xff\"}\n"
	    "{\"a\":7}";
	struct src s;

	(void)state;
	src_open(&s, in, sizeof(in) - 1, LEADS_FMT_JSONL, NULL);
	expect_rec(&s, 1, "a", "1", NULL);
	expect_bad(&s, 2, "in:2: not a JSON object");
	expect_bad(&s, 3, "in:3: not a JSON object");
	expect_bad(&s, 4, "in:4: not a JSON object");
	expect_bad(&s, 5, "in:5: not a JSON object");
	expect_bad(&s, 6, "in:6: bad JSON: '}' expected near end of file "
	    "at column 6");
	expect_bad(&s, 7, "in:7: bad JSON: end of file expected near '{' "
	    "at column 9");
	expect_bad(&s, 8, "in:8: bad JSON: duplicate object key near '\"a\"' "
	    "at column 10");
	expect_bad(&s, 9, "in:9: bad JSON: string or '}' expected near '''"
	    " at column 2");
	expect_bad(&s, 10, "in:10: a value holds a NUL character (\\u0000)");
	expect_bad(&s, 11, "in:11: NUL byte in input");
	expect_bad(&s, 12, "in:12: invalid UTF-8 (if the file is "
	    "Windows-1252, use --encoding windows-1252)");
	expect_rec(&s, 13, "a", "7", NULL);
	expect_end(&s);
	src_close(&s);
}

static void
test_jsonl_ads(void **state)
{
	struct src s;

	(void)state;
	SRC(&s,
	    /* Meta Lead Ads webhook / Graph API lead */
	    "{\"created_time\":\"2015-11-12T15:27:06+0000\",\"id\":\"m-1\","
	    "\"field_data\":[{\"name\":\"full_name\",\"values\":[\"Bo Li\"]},"
	    "{\"name\":\"email\",\"values\":[\"bo\\u0040example.com\"]},"
	    "{\"name\":\"pick\",\"values\":[\"red\",\"green\",3]},"
	    "{\"name\":\"none\",\"values\":[]},"
	    "{\"values\":[\"nameless\"]}]}\n"
	    /* Google Ads lead form webhook */
	    "{\"lead_id\":\"g-1\",\"user_column_data\":["
	    "{\"column_name\":\"Full Name\",\"string_value\":\"Ana Ruiz\","
	    "\"column_id\":\"FULL_NAME\"},"
	    "{\"string_value\":\"ana@example.com\",\"column_id\":\"EMAIL\"},"
	    "{\"column_name\":\"Budget\",\"string_value\":\"5k\"},"
	    "{\"column_id\":\"EMPTY\"}],\"is_test\":true}\n"
	    /* Not all objects: kept whole, as JSON text. */
	    "{\"field_data\":[{\"name\":\"a\",\"values\":[\"1\"]},\"b\"]}\n"
	    "{\"field_data\":\"plain\",\"user_column_data\":{\"x\":1}}\n",
	    LEADS_FMT_JSONL);
	expect_rec(&s, 1, "created_time", "2015-11-12T15:27:06+0000", "id",
	    "m-1", "full_name", "Bo Li", "email", "bo@example.com", "pick",
	    "red, green, 3", NULL);
	expect_rec(&s, 2, "lead_id", "g-1", "FULL_NAME", "Ana Ruiz", "EMAIL",
	    "ana@example.com", "Budget", "5k", "is_test", "true", NULL);
	expect_rec(&s, 3, "field_data",
	    "[{\"name\":\"a\",\"values\":[\"1\"]},\"b\"]", NULL);
	expect_rec(&s, 4, "field_data", "plain", "user_column_data",
	    "{\"x\":1}", NULL);
	expect_end(&s);
	src_close(&s);
}

/* ---- Key: value ---------------------------------------------------------- */

static void
test_kv(void **state)
{
	struct src s;
	size_t len;

	(void)state;
	/* Gravity Forms style: fields separated by blank lines. */
	SRC(&s, "Name: Ana Ruiz\n"
	    "\n"
	    "Email:   ana@example.com  \n"
	    "\n"
	    "Message: first line\n"
	    "second line\n"
	    "\n"
	    "new paragraph\n"
	    "Phone:\n"
	    "\n"
	    "\n"
	    "Name: Bo\n"
	    "Email: bo@example.com\r\n"
	    "Website: http://example.com\n", LEADS_FMT_AUTO);
	expect_rec(&s, 1, "Name", "Ana Ruiz", "Email", "ana@example.com",
	    "Message", "first line\nsecond line\n\nnew paragraph", "Phone",
	    "", NULL);
	assert_int_equal(leads_reader_format(s.r), LEADS_FMT_KV);
	assert_null(leads_reader_header(s.r, &len));
	/* Raw: up to the record's first blank line; later ones kept. */
	expect_raw(&s, "Name: Ana Ruiz\n\nEmail:   ana@example.com  \n\n"
	    "Message: first line\nsecond line\n\nnew paragraph\nPhone:\n"
	    "\n");
	expect_rec(&s, 12, "Name", "Bo", "Email", "bo@example.com",
	    "Website", "http://example.com", NULL);
	expect_raw(&s, "Name: Bo\nEmail: bo@example.com\r\n"
	    "Website: http://example.com\n");
	expect_end(&s);
	src_close(&s);
}

static void
test_kv_wpforms(void **state)
{
	struct src s;

	(void)state;
	SRC(&s, "--- Name ---\n"
	    "\n"
	    "Ana Ruiz\n"
	    "\n"
	    "--- Email ---\n"
	    "\n"
	    "ana@example.com\n"
	    "\n"
	    "--- Phone ---\n"
	    "\n"
	    "(empty)\n"
	    "\n"
	    "--- Comment or Message ---\n"
	    "\n"
	    "Call me\n"
	    "\n"
	    "after five\n"
	    "\n"
	    "--- Name ---\n"
	    "\n"
	    "Bo\n", LEADS_FMT_AUTO);
	expect_rec(&s, 1, "Name", "Ana Ruiz", "Email", "ana@example.com",
	    "Phone", "", "Comment or Message", "Call me\nafter five", NULL);
	expect_rec(&s, 19, "Name", "Bo", NULL);
	expect_end(&s);
	src_close(&s);
}

static void
test_kv_signature(void **state)
{
	struct src s;

	(void)state;
	/* Contact Form 7 style, with a signature and a footer. */
	SRC(&s, "From: Ana Ruiz <ana@example.com>\n"
	    "Subject: Quote\n"
	    "Message Body:\n"
	    "Need a quote for 3 rooms\n"
	    "  by Friday\n"
	    "\n"
	    "-- \n"
	    "This e-mail was sent from a contact form on Example\n"
	    "Sent: today\n"
	    "\n"
	    "From: Bo <bo@example.com>\n"
	    "Subject: (empty)\n"
	    "--\n", LEADS_FMT_KV);
	expect_rec(&s, 1, "From", "Ana Ruiz <ana@example.com>", "Subject",
	    "Quote", "Message Body", "Need a quote for 3 rooms\nby Friday",
	    NULL);
	expect_rec(&s, 11, "From", "Bo <bo@example.com>", "Subject", "",
	    NULL);
	expect_end(&s);
	src_close(&s);
}

static void
test_kv_errors(void **state)
{
	struct text t = { NULL, 0 };
	struct src s;

	(void)state;
	adds(&t, "Name: Ana\nEmail: a@example.com\n\n");
	adds(&t, "Name: Bo\n--- ");
	addc(&t, 'k', 300);
	adds(&t, " ---\nvalue\nnot a key\n\n");
	adds(&t, "Name: Cy\nEmail: c\xe9@example.com\n\n");
	adds(&t, "Name: Di\nNote: ");
	addc(&t, 'n', 70000);
	adds(&t, "\n\nName: Ed\n");
	src_open(&s, t.s, t.n, LEADS_FMT_KV, NULL);
	expect_rec(&s, 1, "Name", "Ana", "Email", "a@example.com", NULL);
	/* The whole bad record goes; the next starts where it should. */
	expect_bad(&s, 4, "in:4: field name over 256 bytes");
	expect_bad(&s, 9, "in:9: invalid UTF-8 (if the file is "
	    "Windows-1252, use --encoding windows-1252)");
	expect_bad(&s, 12, "in:12: field over 65536 bytes");
	expect_rec(&s, 15, "Name", "Ed", NULL);
	expect_end(&s);
	src_close(&s);
	free(t.s);
}

/* ---- detection ------------------------------------------------------------ */

static void
test_detect(void **state)
{
	static const struct {
		const char *in;
		enum leads_format want;
		const char *key, *val;
	} cases[] = {
		{ "email\nc@example.com\n", LEADS_FMT_CSV, "email",
		    "c@example.com" },
		{ "name,email\nC,c@example.com\n", LEADS_FMT_CSV, "name",
		    "C" },
		{ "\n\n\"a:b\",c\nx,y\n", LEADS_FMT_CSV, "a:b", "x" },
		{ "http://x,y\n1,2\n", LEADS_FMT_CSV, "http://x", "1" },
		{ "email\tphone\nt@example.com\t1\n", LEADS_FMT_TSV, "email",
		    "t@example.com" },
		{ "{\"email\":\"j@example.com\"}\n", LEADS_FMT_JSONL, "email",
		    "j@example.com" },
		{ "\n \t{\"a\":1}\n", LEADS_FMT_JSONL, "a", "1" },
		{ "Name: Kay\nEmail: k@example.com\n", LEADS_FMT_KV, "Name",
		    "Kay" },
		{ "  Name:\tKay\n", LEADS_FMT_TSV, "Name:", "" },
		{ "Name:\n", LEADS_FMT_KV, "Name", "" },
		{ "--- Your Name ---\n\nKay\n", LEADS_FMT_KV, "Your Name",
		    "Kay" },
	};
	struct leads_record *rec;
	struct leads_err err;
	struct src s;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		src_open(&s, cases[i].in, strlen(cases[i].in), LEADS_FMT_AUTO,
		    NULL);
		rc = leads_reader_next(s.r, &rec, &err);
		if (leads_reader_format(s.r) != cases[i].want)
			fail_msg("case %zu: format %s, want %s", i,
			    leads_format_name(leads_reader_format(s.r)),
			    leads_format_name(cases[i].want));
		if (cases[i].want == LEADS_FMT_TSV && cases[i].val[0] == '\0') {
			/* header only */
			assert_int_equal(rc, 0);
		} else {
			if (rc != 1)
				fail_msg("case %zu: %d %s", i, rc, err.msg);
			assert_string_equal(leads_record_key(rec, 0),
			    cases[i].key);
			assert_string_equal(leads_record_value(rec, 0),
			    cases[i].val);
		}
		src_close(&s);
	}
}

static void
test_format_names(void **state)
{
	(void)state;
	assert_int_equal(leads_format_parse("csv"), LEADS_FMT_CSV);
	assert_int_equal(leads_format_parse("TSV"), LEADS_FMT_TSV);
	assert_int_equal(leads_format_parse("jsonl"), LEADS_FMT_JSONL);
	assert_int_equal(leads_format_parse("json"), LEADS_FMT_JSONL);
	assert_int_equal(leads_format_parse("kv"), LEADS_FMT_KV);
	assert_int_equal(leads_format_parse("xml"), -1);
	assert_int_equal(leads_format_parse(""), -1);
	assert_string_equal(leads_format_name(LEADS_FMT_AUTO), "auto");
	assert_string_equal(leads_format_name(LEADS_FMT_CSV), "csv");
	assert_string_equal(leads_format_name(LEADS_FMT_TSV), "tsv");
	assert_string_equal(leads_format_name(LEADS_FMT_JSONL), "jsonl");
	assert_string_equal(leads_format_name(LEADS_FMT_KV), "kv");
	assert_int_equal(leads_format_parse("Mail"), LEADS_FMT_MAIL);
	assert_string_equal(leads_format_name(LEADS_FMT_MAIL), "mail");
	assert_null(leads_format_name((enum leads_format)6));
	assert_null(leads_format_name((enum leads_format)-1));
}

static void
test_record_new(void **state)
{
	static const char *const keys[] = { "name", "email", "phone" };
	static const char *const vals[] = { "Ana", NULL, "" };
	struct leads_record *rec;
	struct leads_err err;
	size_t len;

	(void)state;
	rec = leads_record_new(keys, vals, 3, &err);
	assert_non_null(rec);
	assert_int_equal(leads_record_count(rec), 2);
	assert_string_equal(leads_record_key(rec, 0), "name");
	assert_string_equal(leads_record_value(rec, 0), "Ana");
	assert_string_equal(leads_record_key(rec, 1), "phone");
	assert_string_equal(leads_record_value(rec, 1), "");
	assert_int_equal(leads_record_line(rec), 0);
	assert_string_equal(leads_record_raw(rec, &len), "");
	assert_int_equal(len, 0);
	leads_record_free(rec);
	leads_record_free(NULL);
}

/* ---- encodings ------------------------------------------------------------ */

static void
test_utf16(void **state)
{
	static const char text[] = "name\temail\r\n"
	    "Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80\tzoe@example.com\r\n"
	    "\"two\r\nlines\"\tb@example.com\r\n";
	static const char *const encs[] = { "UTF-16LE", "UTF-16BE" };
	static const char *const boms[] = { "\xff\xfe", "\xfe\xff" };
	struct text t, in;
	struct src s;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(encs); i++) {
		t = encode(encs[i], text, sizeof(text) - 1);
		in.s = NULL;
		in.n = 0;
		add(&in, boms[i], 2);
		add(&in, t.s, t.n);
		src_open(&s, in.s, in.n, LEADS_FMT_AUTO, NULL);
		expect_rec(&s, 2, "name", "Zo\xc3\xab \xe2\x82\xac "
		    "\xf0\x9f\x98\x80", "email", "zoe@example.com", NULL);
		assert_int_equal(leads_reader_format(s.r), LEADS_FMT_TSV);
		expect_rec(&s, 3, "name", "two\r\nlines", "email",
		    "b@example.com", NULL);
		expect_end(&s);
		src_close(&s);

		/* Named, without a byte-order mark. */
		src_open(&s, t.s, t.n, LEADS_FMT_AUTO, encs[i]);
		expect_rec(&s, 2, "name", "Zo\xc3\xab \xe2\x82\xac "
		    "\xf0\x9f\x98\x80", "email", "zoe@example.com", NULL);
		src_close(&s);
		free(t.s);
		free(in.s);
	}
}

static void
test_utf16_bad(void **state)
{
	/* UTF-16LE: a lone high surrogate on line 2; an odd byte at the end. */
	static const char in[] =
	    "\xff\xfe"
	    "a\0,\0b\0\n\0"
	    "1\0,\0\x3d\xd8x\0\n\0"
	    "3\0,\0" "4\0\n\0"
	    "5\0,\0" "6\0";
	struct src s;

	(void)state;
	src_open(&s, in, sizeof(in) - 1, LEADS_FMT_CSV, NULL);
	expect_bad(&s, 2, "in:2: text that is not valid UTF-16");
	expect_rec(&s, 3, "a", "3", "b", "4", NULL);
	expect_rec(&s, 4, "a", "5", "b", "6", NULL);
	expect_end(&s);
	src_close(&s);

	/* Cut in the middle of a character. */
	src_open(&s, in, sizeof(in) - 2, LEADS_FMT_CSV, NULL);
	expect_bad(&s, 2, "in:2: text that is not valid UTF-16");
	expect_rec(&s, 3, "a", "3", "b", "4", NULL);
	expect_bad(&s, 4, "in:4: text that is not valid UTF-16");
	expect_end(&s);
	src_close(&s);
}

static void
test_encoding(void **state)
{
	static const char latin1[] = "name,city\nJos\xe9,M\xfcnchen\n";
	static const char cp1252[] = "name,note\n"
	    "Ana,\x80 5\x96\x36\n"
	    "Bo,\x81\n"
	    "Cy,\x93ok\x94\n";
	struct leads_reader *r;
	struct leads_err err;
	struct src s;

	(void)state;
	src_open(&s, latin1, sizeof(latin1) - 1, LEADS_FMT_AUTO, "latin1");
	expect_rec(&s, 2, "name", "Jos\xc3\xa9", "city", "M\xc3\xbcnchen",
	    NULL);
	expect_end(&s);
	src_close(&s);

	/* 0x81 is not a Windows-1252 character: that record only. */
	src_open(&s, cp1252, sizeof(cp1252) - 1, LEADS_FMT_AUTO,
	    "WINDOWS-1252");
	expect_rec(&s, 2, "name", "Ana", "note",
	    "\xe2\x82\xac 5\xe2\x80\x93" "6", NULL);
	expect_bad(&s, 3, "in:3: text that is not valid WINDOWS-1252");
	expect_rec(&s, 4, "name", "Cy", "note",
	    "\xe2\x80\x9cok\xe2\x80\x9d", NULL);
	expect_end(&s);
	src_close(&s);

	memset(&err, 0, sizeof(err));
	r = leads_reader_new(stdin, "in", LEADS_FMT_AUTO, "klingon", &err);
	assert_null(r);
	assert_int_equal(err.code, LEADS_EUSAGE);
	assert_string_equal(err.msg, "unknown encoding 'klingon'");
}

/* A pipe that gives the byte-order mark a byte at a time. */
static void
test_pipe(void **state)
{
	static const char in[] = "\xef\xbb\xbfname,email\nAna,a@example.com\n";
	struct src s;
	struct leads_err err;
	int fd[2], st;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fd), 0);
	if ((pid = fork()) == 0) {
		size_t i;
		close(fd[0]);
		for (i = 0; i < sizeof(in) - 1; i++) {
			if (write(fd[1], in + i, 1) != 1)
				_exit(1);
			if (i < 4)
				usleep(20000);
		}
		_exit(0);
	}
	assert_true(pid > 0);
	close(fd[1]);
	s.buf = NULL;
	assert_non_null(s.fp = fdopen(fd[0], "r"));
	memset(&err, 0, sizeof(err));
	assert_non_null(s.r = leads_reader_new(s.fp, "in", LEADS_FMT_AUTO,
	    NULL, &err));
	expect_rec(&s, 2, "name", "Ana", "email", "a@example.com", NULL);
	expect_end(&s);
	src_close(&s);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(st, 0);
}

/* ---- limits --------------------------------------------------------------- */

static void
test_limit_field(void **state)
{
	struct text t = { NULL, 0 };
	char *max = rep('x', LEADS_MAX_FIELD);
	struct src s;

	(void)state;
	adds(&t, "name,email\n");
	adds(&t, "Ana,a@example.com\n");
	adds(&t, max);				/* exactly the limit */
	adds(&t, ",b@example.com\n");
	adds(&t, max);				/* one over */
	adds(&t, "y,c@example.com\n");
	adds(&t, "\"");				/* one over, quoted */
	adds(&t, max);
	adds(&t, "\"\"\",d@example.com\n");
	adds(&t, "Ed,e@example.com\n");
	src_open(&s, t.s, t.n, LEADS_FMT_CSV, NULL);
	expect_rec(&s, 2, "name", "Ana", "email", "a@example.com", NULL);
	expect_rec(&s, 3, "name", max, "email", "b@example.com", NULL);
	expect_bad(&s, 4, "in:4: field over 65536 bytes");
	expect_bad(&s, 5, "in:5: field over 65536 bytes");
	expect_rec(&s, 6, "name", "Ed", "email", "e@example.com", NULL);
	expect_end(&s);
	src_close(&s);
	free(t.s);
	free(max);
}

static void
test_limit_fields(void **state)
{
	struct text t = { NULL, 0 };
	char name[32];
	struct src s;
	int i;

	(void)state;
	/* 256 columns are fine, 257 are not: in a record or a header. */
	for (i = 1; i <= LEADS_MAX_FIELDS; i++) {
		snprintf(name, sizeof(name), "%sc%d", i > 1 ? "," : "", i);
		adds(&t, name);
	}
	adds(&t, "\n");
	for (i = 1; i <= LEADS_MAX_FIELDS; i++)
		adds(&t, i > 1 ? ",v" : "v");
	adds(&t, "\n");
	for (i = 1; i <= LEADS_MAX_FIELDS + 1; i++)
		adds(&t, i > 1 ? ",v" : "v");
	adds(&t, "\nlast\n");
	src_open(&s, t.s, t.n, LEADS_FMT_CSV, NULL);
	expect_count(&s, 2, LEADS_MAX_FIELDS);
	assert_string_equal(leads_record_key(s.last, 255), "c256");
	assert_string_equal(leads_record_value(s.last, 255), "v");
	expect_bad(&s, 3, "in:3: more fields than the header's 256");
	expect_rec(&s, 4, "c1", "last", NULL);
	expect_end(&s);
	src_close(&s);

	/* A header of 257 */
	t.n = 0;
	for (i = 1; i <= LEADS_MAX_FIELDS + 1; i++)
		adds(&t, i > 1 ? ",h" : "h");
	adds(&t, "\n1\n");
	src_open(&s, t.s, t.n, LEADS_FMT_CSV, NULL);
	expect_bad(&s, 1, "in:1: more than 256 fields");
	expect_bad(&s, 2, "in:2: no header: the one on line 1 is bad");
	expect_end(&s);
	src_close(&s);

	/* In JSON */
	t.n = 0;
	adds(&t, "{");
	for (i = 1; i <= LEADS_MAX_FIELDS + 1; i++) {
		snprintf(name, sizeof(name), "%s\"k%d\":1", i > 1 ? "," : "",
		    i);
		adds(&t, name);
	}
	adds(&t, "}\n{\"a\":\"b\"}\n");
	src_open(&s, t.s, t.n, LEADS_FMT_JSONL, NULL);
	expect_bad(&s, 1, "in:1: more than 256 fields");
	expect_rec(&s, 2, "a", "b", NULL);
	expect_end(&s);
	src_close(&s);
	free(t.s);
}

static void
test_limit_key(void **state)
{
	struct text t = { NULL, 0 };
	char *k256 = rep('k', LEADS_MAX_KEY), *k257 = rep('k',
	    LEADS_MAX_KEY + 1);
	struct src s;

	(void)state;
	adds(&t, "a,");
	adds(&t, k257);
	adds(&t, "\n1,2\n");
	src_open(&s, t.s, t.n, LEADS_FMT_CSV, NULL);
	expect_bad(&s, 1, "in:1: field name over 256 bytes");
	expect_bad(&s, 2, "in:2: no header: the one on line 1 is bad");
	expect_end(&s);
	src_close(&s);

	t.n = 0;
	adds(&t, "a,");
	adds(&t, k256);
	adds(&t, "\n1,2\n");
	src_open(&s, t.s, t.n, LEADS_FMT_CSV, NULL);
	expect_rec(&s, 2, "a", "1", k256, "2", NULL);
	src_close(&s);

	t.n = 0;
	adds(&t, "{\"");
	adds(&t, k257);
	adds(&t, "\":1}\n{\"");
	adds(&t, k256);
	adds(&t, "\":2}\n");
	src_open(&s, t.s, t.n, LEADS_FMT_JSONL, NULL);
	expect_bad(&s, 1, "in:1: field name over 256 bytes");
	expect_rec(&s, 2, k256, "2", NULL);
	expect_end(&s);
	src_close(&s);
	free(t.s);
	free(k256);
	free(k257);
}

static void
test_limit_json_field(void **state)
{
	struct text t = { NULL, 0 };
	char *max = rep('v', LEADS_MAX_FIELD);
	struct src s;

	(void)state;
	adds(&t, "{\"a\":\"");
	adds(&t, max);
	adds(&t, "\"}\n{\"a\":\"");
	adds(&t, max);
	adds(&t, "w\"}\n{\"field_data\":[{\"name\":\"x\",\"values\":[\"");
	adds(&t, max);
	adds(&t, "\",\"more\"]}]}\n{\"a\":\"ok\"}\n");
	src_open(&s, t.s, t.n, LEADS_FMT_JSONL, NULL);
	expect_rec(&s, 1, "a", max, NULL);
	expect_bad(&s, 2, "in:2: field over 65536 bytes");
	expect_bad(&s, 3, "in:3: field over 65536 bytes");
	expect_rec(&s, 4, "a", "ok", NULL);
	expect_end(&s);
	src_close(&s);
	free(t.s);
	free(max);
}

/* Records over 1 MiB, in many lines or one: rejected, the next kept. */
static void
test_limit_record(void **state)
{
	struct text t = { NULL, 0 };
	struct src s;
	int i;

	(void)state;
	/* CSV: a quoted field of 20 lines of 60000 bytes (1.2 MB). */
	adds(&t, "a,b\n1,2\n3,\"");
	for (i = 0; i < 20; i++) {
		addc(&t, 'x', 60000);
		adds(&t, "\n");
	}
	adds(&t, "\"\n4,5\n");
	/* one line of 1.1 MB whose closing quote is past the limit */
	adds(&t, "\"");
	addc(&t, 'y', 1100000);
	adds(&t, "\",z\n6,7\n");
	/* one line of 1.1 MB whose quote opens past the limit */
	addc(&t, 'y', 1100000);
	adds(&t, ",\"\n8,9\"\n");
	adds(&t, "10,11\n");
	src_open(&s, t.s, t.n, LEADS_FMT_CSV, NULL);
	expect_rec(&s, 2, "a", "1", "b", "2", NULL);
	expect_bad(&s, 3, "in:3: record over 1048576 bytes");
	expect_rec(&s, 24, "a", "4", "b", "5", NULL);
	expect_bad(&s, 25, "in:25: record over 1048576 bytes");
	expect_rec(&s, 26, "a", "6", "b", "7", NULL);
	/* The quote opened there holds the next line; then all is well. */
	expect_bad(&s, 27, "in:27: record over 1048576 bytes");
	expect_rec(&s, 29, "a", "10", "b", "11", NULL);
	expect_end(&s);
	src_close(&s);

	/* JSON Lines: one line of 1.1 MB. */
	t.n = 0;
	adds(&t, "{\"a\":\"");
	addc(&t, 'j', 1100000);
	adds(&t, "\"}\n{\"a\":\"b\"}\n");
	src_open(&s, t.s, t.n, LEADS_FMT_JSONL, NULL);
	expect_bad(&s, 1, "in:1: record over 1048576 bytes");
	expect_rec(&s, 2, "a", "b", NULL);
	expect_end(&s);
	src_close(&s);

	/* Key: value: a record of 20 lines of 60000 bytes. */
	t.n = 0;
	adds(&t, "Name: A\n");
	for (i = 0; i < 20; i++) {
		adds(&t, "Line: ");
		addc(&t, 'k', 60000);
		adds(&t, "\n");
	}
	adds(&t, "\nName: B\n");
	src_open(&s, t.s, t.n, LEADS_FMT_KV, NULL);
	expect_bad(&s, 1, "in:1: record over 1048576 bytes");
	expect_rec(&s, 23, "Name", "B", NULL);
	expect_end(&s);
	src_close(&s);
	free(t.s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_plain),
		cmocka_unit_test(test_csv_quotes),
		cmocka_unit_test(test_csv_crlf_bom),
		cmocka_unit_test(test_csv_header),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_unterminated),
		cmocka_unit_test(test_csv_stray_quote),
		cmocka_unit_test(test_csv_bad_header),
		cmocka_unit_test(test_csv_text_errors),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_jsonl_errors),
		cmocka_unit_test(test_jsonl_ads),
		cmocka_unit_test(test_kv),
		cmocka_unit_test(test_kv_wpforms),
		cmocka_unit_test(test_kv_signature),
		cmocka_unit_test(test_kv_errors),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_record_new),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_utf16_bad),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_limit_field),
		cmocka_unit_test(test_limit_fields),
		cmocka_unit_test(test_limit_key),
		cmocka_unit_test(test_limit_json_field),
		cmocka_unit_test(test_limit_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
