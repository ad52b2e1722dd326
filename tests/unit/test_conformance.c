/*
 * Conformance: the suites copied in tests/conformance (see its README.md)
 * run against input.c.  csv-spectrum: every .csv read by the CSV reader
 * must give its .json.  JSONTestSuite test_parsing: y_ files must be
 * accepted and n_ files refused by leads_json_decode(), i_ files either
 * way.  Every file of both also goes through the record reader in every
 * format, which must neither crash nor fail other than record by record.
 *
 * The data is found relative to the top of the source tree, where prove
 * runs; -DCONFORMANCE_DIR=... says otherwise.
 *
 * Where we knowingly differ from a suite, the case is listed below with
 * the reason (the same list is in tests/conformance/README.md), and the
 * test checks that we still differ just so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "leads.h"

#ifndef CONFORMANCE_DIR
#define CONFORMANCE_DIR	"tests/conformance"
#endif
#define CSV_DIR		CONFORMANCE_DIR "/csv-spectrum"
#define JSON_DIR	CONFORMANCE_DIR "/JSONTestSuite/test_parsing"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * input.c's JSON decoder: non-static, for this test, but not part of the
 * public interface, so it has no declaration in leads.h (and input.c has
 * no header of its own).  0 and *out set, or -1 with why filled in.
 */
int leads_json_decode(const char *buf, size_t len, json_t **out, char *why,
    size_t whylen);

/* ---- divergences ---------------------------------------------------------- */

/* csv-spectrum cases we read differently from their .json. */
static const struct {
	const char *file;
	int empty_absent;	/* an empty value is no field at all */
	const char *expect;	/* the expected JSON instead of the file's */
	const char *why;
} csv_diverge[] = {
	{ "empty.csv", 1, NULL,
	    "an empty field is left out of the record, not given as \"\": "
	    "libleads treats empty and absent alike, and a record's "
	    "fingerprint (for spotting repeat inquiries) must not change" },
	{ "empty_crlf.csv", 1, NULL,
	    "as empty.csv" },
	{ "location_coordinates.csv", 0,
	    "[{\"Contact Phone Number\": \"2095257564\","
	    " \"Location Coordinates\": \"37\xef\xbf\xbd" "36'37.8\\\"N"
	    " 121\xef\xbf\xbd" "2'17.9\\\"W\", \"Cities\": \"Modesto\","
	    " \"Counties\": \"Stanislaus\"}]",
	    "the suite's expected file is wrong: a bare object, not an "
	    "array of records, with a phone number (1234567890) that is "
	    "not the one in the CSV (2095257564); we expect what the CSV "
	    "says" },
};

/* JSONTestSuite y_ files leads_json_decode refuses, on purpose. */
static const struct {
	const char *file;
	const char *why;
} json_diverge[] = {
	{ "y_object_duplicated_key.json",
	    "duplicate keys are refused (JSON_REJECT_DUPLICATES): RFC 8259 "
	    "only says names SHOULD be unique, but a lead with two "
	    "\"email\" values is ambiguous, so the record is rejected "
	    "rather than one value silently dropped" },
	{ "y_object_duplicated_key_and_value.json",
	    "as y_object_duplicated_key.json, even when the values agree" },
	{ "y_object_escaped_null_in_key.json",
	    "jansson refuses U+0000 (\\u0000) in an object key, and a "
	    "record's field names are C strings that could not hold one "
	    "anyway" },
};

/* ---- helpers -------------------------------------------------------------- */

/* The whole file (to free), NUL-terminated; *len without the NUL. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp;
	char *buf;
	long n = -1;

	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("cannot open '%s' (run from the top of the tree, "
		    "or build with -DCONFORMANCE_DIR=...)", path);
	if (fseek(fp, 0, SEEK_END) == 0)
		n = ftell(fp);
	if (n < 0 || fseek(fp, 0, SEEK_SET) != 0)
		fail_msg("cannot size '%s'", path);
	if ((buf = malloc((size_t)n + 1)) == NULL)
		fail_msg("out of memory");
	if (n > 0 && fread(buf, 1, (size_t)n, fp) != (size_t)n)
		fail_msg("cannot read '%s'", path);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir ending with suffix, sorted (to free with names_free). */
static char **
names(const char *dir, const char *suffix, size_t *n)
{
	struct dirent *e;
	char **v = NULL;
	DIR *d;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		fail_msg("cannot open '%s' (run from the top of the tree, "
		    "or build with -DCONFORMANCE_DIR=...)", dir);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !ends_with(e->d_name, suffix))
			continue;
		if ((v = realloc(v, (*n + 1) * sizeof(*v))) == NULL ||
		    (v[*n] = strdup(e->d_name)) == NULL)
			fail_msg("out of memory");
		(*n)++;
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), by_name);
	return v;
}

static void
names_free(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

/* Failures are gathered, to see them all at once; quiet: not shown. */
static int nfail, quiet;

static void
failed(const char *fmt, ...)
{
	va_list ap;

	nfail++;
	if (quiet)
		return;
	va_start(ap, fmt);
	fputs("# ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- csv-spectrum --------------------------------------------------------- */

/*
 * The .gitattributes of csv-spectrum asks for CRLF in its _crlf.csv
 * files; a copy checked out without it has bare LFs.  Put the CRLFs back (a file
 * that has them already is left as it is).
 */
static char *
crlf(char *s, size_t *len)
{
	size_t i, j, lf = 0;
	char *t;

	for (i = 0; i < *len; i++)
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			lf++;
	if (lf == 0)
		return s;
	if ((t = malloc(*len + lf + 1)) == NULL)
		fail_msg("out of memory");
	for (i = j = 0; i < *len; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			t[j++] = '\r';
		t[j++] = s[i];
	}
	t[j] = '\0';
	*len = j;
	free(s);
	return t;
}

/* Read a CSV from memory into a JSON array of objects; NULL on error. */
static json_t *
read_csv(const char *file, char *buf, size_t len)
{
	struct leads_reader *r;
	struct leads_record *rec;
	struct leads_err err;
	json_t *all, *o;
	FILE *fp;
	size_t i;
	int rc;

	if ((fp = fmemopen(buf, len, "r")) == NULL)
		fail_msg("fmemopen failed");
	memset(&err, 0, sizeof(err));
	if ((r = leads_reader_new(fp, file, LEADS_FMT_CSV, NULL, &err)) ==
	    NULL)
		fail_msg("%s: %s", file, err.msg);
	all = json_array();
	while ((rc = leads_reader_next(r, &rec, &err)) == 1) {
		o = json_object();
		for (i = 0; i < leads_record_count(rec); i++)
			json_object_set_new(o, leads_record_key(rec, i),
			    json_string(leads_record_value(rec, i)));
		json_array_append_new(all, o);
	}
	if (rc == -1) {
		failed("%s: %s", file, err.msg);
		json_decref(all);
		all = NULL;
	}
	leads_reader_free(r);
	fclose(fp);
	return all;
}

/* Do got and want hold the same records? */
static int
same_records(const char *file, json_t *got, json_t *want, int empty_absent)
{
	json_t *g, *w, *v;
	const char *k;
	size_t i;
	int ok = 1;

	if (!json_is_array(want)) {
		failed("%s: the expected JSON is not an array", file);
		return 0;
	}
	if (json_array_size(got) != json_array_size(want)) {
		failed("%s: %zu records, want %zu", file,
		    json_array_size(got), json_array_size(want));
		return 0;
	}
	json_array_foreach(want, i, w) {
		g = json_array_get(got, i);
		json_object_foreach(w, k, v) {
			const char *gv = json_string_value(json_object_get(g,
			    k));
			const char *wv = json_string_value(v);
			if (wv == NULL) {
				failed("%s: record %zu: '%s' is not a string",
				    file, i + 1, k);
				ok = 0;
			} else if (gv == NULL && *wv == '\0' && empty_absent) {
				continue;
			} else if (gv == NULL || strcmp(gv, wv) != 0) {
				failed("%s: record %zu: '%s' is \"%s\", want "
				    "\"%s\"", file, i + 1, k,
				    gv ? gv : "(absent)", wv);
				ok = 0;
			}
		}
		json_object_foreach(g, k, v)
			if (json_object_get(w, k) == NULL) {
				failed("%s: record %zu: '%s' is unexpected",
				    file, i + 1, k);
				ok = 0;
			}
	}
	return ok;
}

static void
test_csv_spectrum(void **state)
{
	char path[512], jpath[512], **v, *buf;
	json_t *got, *want;
	json_error_t je;
	size_t n, i, j, len, diverged = 0;

	(void)state;
	nfail = 0;
	v = names(CSV_DIR "/csvs", ".csv", &n);
	/* csv-spectrum d30e80f has 12 cases; none may go missing. */
	assert_int_equal(n, 12);
	for (i = 0; i < n; i++) {
		int empty_absent = 0;
		const char *expect = NULL;

		for (j = 0; j < NELEM(csv_diverge); j++)
			if (strcmp(v[i], csv_diverge[j].file) == 0) {
				empty_absent = csv_diverge[j].empty_absent;
				expect = csv_diverge[j].expect;
				diverged++;
			}
		snprintf(path, sizeof(path), "%s/csvs/%s", CSV_DIR, v[i]);
		snprintf(jpath, sizeof(jpath), "%s/json/%.*s.json", CSV_DIR,
		    (int)(strlen(v[i]) - 4), v[i]);
		buf = slurp(path, &len);
		if (ends_with(v[i], "_crlf.csv"))
			buf = crlf(buf, &len);
		want = expect != NULL ? json_loads(expect, 0, &je) :
		    json_load_file(jpath, 0, &je);
		if (want == NULL)
			fail_msg("%s: %s", expect ? v[i] : jpath, je.text);
		if ((got = read_csv(v[i], buf, len)) != NULL)
			same_records(v[i], got, want, empty_absent);
		json_decref(got);
		json_decref(want);
		free(buf);
	}
	/* Every listed divergence names a case that exists. */
	assert_int_equal(diverged, NELEM(csv_diverge));
	names_free(v, n);
	if (nfail > 0)
		fail_msg("csv-spectrum: %d failures", nfail);
}

/*
 * The listed divergences are real: without them the comparison fails,
 * so none of them is stale.
 */
static void
test_csv_divergences_needed(void **state)
{
	char path[512], jpath[512], *buf;
	json_t *got, *want;
	json_error_t je;
	size_t j, len;
	int saved;

	(void)state;
	for (j = 0; j < NELEM(csv_diverge); j++) {
		snprintf(path, sizeof(path), "%s/csvs/%s", CSV_DIR,
		    csv_diverge[j].file);
		snprintf(jpath, sizeof(jpath), "%s/json/%.*s.json", CSV_DIR,
		    (int)(strlen(csv_diverge[j].file) - 4),
		    csv_diverge[j].file);
		buf = slurp(path, &len);
		if (ends_with(csv_diverge[j].file, "_crlf.csv"))
			buf = crlf(buf, &len);
		if ((want = json_load_file(jpath, 0, &je)) == NULL)
			fail_msg("%s: %s", jpath, je.text);
		assert_non_null(got = read_csv(csv_diverge[j].file, buf,
		    len));
		saved = nfail;
		quiet = 1;
		if (same_records(csv_diverge[j].file, got, want, 0))
			fail_msg("%s: listed as a divergence but reads as "
			    "the suite expects; take it off the list",
			    csv_diverge[j].file);
		quiet = 0;
		nfail = saved;
		json_decref(got);
		json_decref(want);
		free(buf);
	}
}

/* ---- JSONTestSuite -------------------------------------------------------- */

static void
test_json_parsing(void **state)
{
	char path[512], why[300], **v, *buf;
	size_t n, i, j, len, ny = 0, nn = 0, ni = 0, diverged = 0;
	json_t *o;
	int rc;

	(void)state;
	nfail = 0;
	v = names(JSON_DIR, ".json", &n);
	for (i = 0; i < n; i++) {
		const char *div = NULL;

		snprintf(path, sizeof(path), "%s/%s", JSON_DIR, v[i]);
		buf = slurp(path, &len);
		o = NULL;
		why[0] = '\0';
		rc = leads_json_decode(buf, len, &o, why, sizeof(why));
		if (rc == 0 && o == NULL)
			failed("%s: accepted, but no value", v[i]);
		if (rc == -1 && (o != NULL || why[0] == '\0'))
			failed("%s: refused, but a value or no reason", v[i]);
		json_decref(o);
		for (j = 0; j < NELEM(json_diverge); j++)
			if (strcmp(v[i], json_diverge[j].file) == 0) {
				div = json_diverge[j].why;
				diverged++;
			}
		switch (v[i][0]) {
		case 'y':
			ny++;
			if (div != NULL && rc == 0)
				failed("%s: listed as refused, but accepted; "
				    "take it off the list", v[i]);
			else if (div == NULL && rc != 0)
				failed("%s: must be accepted: %s", v[i], why);
			break;
		case 'n':
			nn++;
			if (rc == 0)
				failed("%s: must be refused", v[i]);
			break;
		case 'i':
			ni++;	/* either way; it did not crash */
			break;
		default:
			failed("%s: not y_, n_ or i_", v[i]);
		}
		free(buf);
	}
	names_free(v, n);
	/* JSONTestSuite 1ef36fa: 95 y_, 188 n_, 35 i_; none may go missing. */
	assert_int_equal(ny, 95);
	assert_int_equal(nn, 188);
	assert_int_equal(ni, 35);
	assert_int_equal(diverged, NELEM(json_diverge));
	if (nfail > 0)
		fail_msg("JSONTestSuite: %d failures", nfail);
}

/* ---- every file through every reader -------------------------------------- */

/*
 * Hostile input for the readers: each record is good or a data error,
 * never a fatal one, and the input ends.  Under make SANITIZE=1 this is
 * also a memory check.
 */
static void
survive(const char *path)
{
	static const enum leads_format fmts[] = { LEADS_FMT_AUTO,
	    LEADS_FMT_CSV, LEADS_FMT_TSV, LEADS_FMT_JSONL, LEADS_FMT_KV };
	struct leads_reader *r;
	struct leads_record *rec;
	struct leads_err err;
	size_t f, len, raw, i, calls;
	char *buf;
	FILE *fp;
	int rc;

	buf = slurp(path, &len);
	for (f = 0; f < NELEM(fmts); f++) {
		if ((fp = fmemopen(buf, len, "r")) == NULL)
			fail_msg("fmemopen failed");
		memset(&err, 0, sizeof(err));
		if ((r = leads_reader_new(fp, path, fmts[f], NULL, &err)) ==
		    NULL)
			fail_msg("%s: %s", path, err.msg);
		/* A record takes a line at least: no more calls than that. */
		for (calls = 0; calls <= len + 1; calls++) {
			rc = leads_reader_next(r, &rec, &err);
			if (rc == 0)
				break;
			if (rc == -1 && err.code != LEADS_EDATA)
				failed("%s as %s: fatal: %s", path,
				    leads_format_name(fmts[f]), err.msg);
			if (rc == -1 && err.code != LEADS_EDATA)
				break;
			/* Touch everything the record offers. */
			(void)leads_record_raw(rec, &raw);
			for (i = 0; i < leads_record_count(rec); i++)
				if (strlen(leads_record_key(rec, i)) >
				    LEADS_MAX_KEY ||
				    strlen(leads_record_value(rec, i)) >
				    LEADS_MAX_FIELD)
					failed("%s: a field over the limits",
					    path);
		}
		if (calls > len + 1)
			failed("%s as %s: does not end", path,
			    leads_format_name(fmts[f]));
		leads_reader_free(r);
		fclose(fp);
	}
	free(buf);
}

static void
test_readers_survive(void **state)
{
	char path[512], **v;
	size_t n, i;

	(void)state;
	nfail = 0;
	v = names(JSON_DIR, ".json", &n);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", JSON_DIR, v[i]);
		survive(path);
	}
	names_free(v, n);
	v = names(CSV_DIR "/csvs", ".csv", &n);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/csvs/%s", CSV_DIR, v[i]);
		survive(path);
	}
	names_free(v, n);
	if (nfail > 0)
		fail_msg("readers: %d failures", nfail);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_spectrum),
		cmocka_unit_test(test_csv_divergences_needed),
		cmocka_unit_test(test_json_parsing),
		cmocka_unit_test(test_readers_survive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
