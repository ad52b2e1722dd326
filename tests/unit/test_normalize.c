/* Unit tests of normalize.c: input -> normalized value or error tables. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "leads.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A failure with a message that holds each of the words (NULL ends). */
static void
check_err(int rc, const struct leads_err *err, const char *in,
    const char *w1, const char *w2)
{
	if (rc != -1)
		fail_msg("'%s': no error", in);
	if (err->code != LEADS_EDATA)
		fail_msg("'%s': code %d, not LEADS_EDATA", in, err->code);
	if (w1 != NULL && strstr(err->msg, w1) == NULL)
		fail_msg("'%s': \"%s\" lacks \"%s\"", in, err->msg, w1);
	if (w2 != NULL && strstr(err->msg, w2) == NULL)
		fail_msg("'%s': \"%s\" lacks \"%s\"", in, err->msg, w2);
}

static void
test_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		int want;
	} cases[] = {
		{ "", 0, 1 },
		{ "plain ASCII", 11, 1 },
		{ "Zo\xc3\xab", 4, 1 },				/* U+00EB */
		{ "\xe2\x82\xac", 3, 1 },			/* U+20AC */
		{ "\xf0\x9f\x98\x80", 4, 1 },			/* U+1F600 */
		{ "\xed\x9f\xbf", 3, 1 },			/* U+D7FF */
		{ "\xee\x80\x80", 3, 1 },			/* U+E000 */
		{ "\xf4\x8f\xbf\xbf", 4, 1 },			/* U+10FFFF */
		{ "\xc0\xaf", 2, 0 },				/* overlong '/' */
		{ "\xc1\xbf", 2, 0 },				/* overlong */
		{ "\xe0\x80\xaf", 3, 0 },			/* overlong '/' */
		{ "\xe0\x9f\xbf", 3, 0 },			/* overlong U+07FF */
		{ "\xf0\x80\x80\xaf", 4, 0 },			/* overlong '/' */
		{ "\xf0\x8f\xbf\xbf", 4, 0 },			/* overlong U+FFFF */
		{ "\xed\xa0\x80", 3, 0 },			/* U+D800 */
		{ "\xed\xbf\xbf", 3, 0 },			/* U+DFFF */
		{ "\xf4\x90\x80\x80", 4, 0 },			/* U+110000 */
		{ "\xf5\x80\x80\x80", 4, 0 },
		{ "\xff", 1, 0 },
		{ "\xfe", 1, 0 },
		{ "\x80", 1, 0 },				/* lone continuation */
		{ "a\xbf", 2, 0 },
		{ "\xc3", 1, 0 },				/* truncated */
		{ "\xe2\x82", 2, 0 },
		{ "\xf0\x9f\x98", 3, 0 },
		{ "Zo\xc3\xab", 3, 0 },				/* cut by n */
		{ "\xc3\x28", 2, 0 },				/* bad continuation */
		{ "\xe2\x28\xa1", 3, 0 },
		{ "a\0b", 3, 0 },				/* NUL */
		{ "\0", 1, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		if (leads_utf8_valid(cases[i].s, cases[i].n) != cases[i].want)
			fail_msg("case %zu: want %d", i, cases[i].want);
}

static void
test_email_good(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "ana@example.com", "ana@example.com" },
		{ "  ANA@Example.COM \r\n", "ana@example.com" },
		{ "\tana@example.com", "ana@example.com" },
		{ "Ana Ruiz <ana@example.com>", "ana@example.com" },
		{ "\"Ruiz, Ana\" <Ana@Example.com>", "ana@example.com" },
		{ "\"a<b\" < ana@example.com >", "ana@example.com" },
		{ "<ana@example.com>", "ana@example.com" },
		{ "mailto:ana@example.com", "ana@example.com" },
		{ "MAILTO:Ana@Example.com?subject=Hi", "ana@example.com" },
		{ "Ana <mailto:ana@example.com>", "ana@example.com" },
		{ "o'brien+leads@mail.example.co.uk",
		    "o'brien+leads@mail.example.co.uk" },
		{ "a.b-c_d!#$%&*/=?^`{|}~@sub-domain.example.org",
		    "a.b-c_d!#$%&*/=?^`{|}~@sub-domain.example.org" },
		{ "x@b\xc3\xbc" "cher.de", "x@b\xc3\xbc" "cher.de" },
		{ "X@B\xc3\x9c" "CHER.DE", "x@b\xc3\x9c" "cher.de" },
		{ "x@example.xn--p1ai", "x@example.xn--p1ai" },
		{ "x@\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80."
		    "\xd1\x80\xd1\x84", "x@\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc"
		    "\xd0\xb5\xd1\x80.\xd1\x80\xd1\x84" },
		{ "a@1st.example.museum", "a@1st.example.museum" },
		{ "a@x-1.io", "a@x-1.io" },
	};
	struct leads_err err;
	char out[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(&err, 0, sizeof(err));
		if (leads_norm_email(cases[i].in, out, sizeof(out), &err) != 0)
			fail_msg("'%s': %s", cases[i].in, err.msg);
		assert_string_equal(out, cases[i].want);
	}
}

static void
test_email_bad(void **state)
{
	static const struct {
		const char *in, *w1, *w2;
	} cases[] = {
		{ "", "bad email ''", "empty" },
		{ " \t ", "bad email ''", "empty" },
		{ "Ana <>", "bad email 'Ana <>'", "empty" },
		{ "mailto:", "bad email", "empty" },
		{ "ana@", "bad email 'ana@': no domain", NULL },
		{ "nope", "bad email 'nope'", "no '@'" },
		{ "bob@@example.com", "bad email 'bob@@example.com'",
		    "more than one '@'" },
		{ "a@b@example.com", "bad email", "more than one '@'" },
		{ "@example.com", "bad email", "no local part" },
		{ "a b@example.com", "bad email", "white space" },
		{ "ab@exam ple.com", "bad email", "white space" },
		{ "ab@example.com\tx", "bad email", "white space" },
		{ ".ana@example.com", "bad email", "starts or ends with '.'" },
		{ "ana.@example.com", "bad email", "starts or ends with '.'" },
		{ "an..a@example.com", "bad email", "'..' in local part" },
		{ "ana,b@example.com", "bad email", "unexpected ','" },
		{ "\"ana\"@example.com", "bad email", "unexpected '\"'" },
		{ "ana(x)@example.com", "bad email", "unexpected '('" },
		{ "zo\xc3\xab@example.com", "bad email", "in local part" },
		{ "ana@localhost", "bad email", "only one label" },
		{ "ana@example..com", "bad email", "empty label" },
		{ "ana@.example.com", "bad email", "empty label" },
		{ "ana@example.com.", "bad email", "empty label" },
		{ "ana@-example.com", "bad email", "'-'" },
		{ "ana@example-.com", "bad email", "'-'" },
		{ "ana@example.-com", "bad email", "'-'" },
		{ "ana@exa_mple.com", "bad email", "unexpected '_'" },
		{ "ana@example.com>", "bad email", "unexpected '>'" },
		{ "ana@[192.0.2.1]", "bad email", "unexpected '['" },
		{ "ana@example.c", "bad email", "top-level domain 'c'" },
		{ "ana@example.c0m", "bad email", "top-level domain 'c0m'" },
		{ "ana@192.0.2.1", "bad email", "top-level domain '1'" },
		{ "ana@exa\xffmple.com", "bad email 'ana@exa?mple.com'",
		    "UTF-8" },
		{ "ana@exa\xed\xa0\x80mple.com", "bad email", "UTF-8" },
		{ "ana@exa\xc0\xaemple.com", "bad email", "UTF-8" },
	};
	struct leads_err err;
	char out[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(&err, 0, sizeof(err));
		check_err(leads_norm_email(cases[i].in, out, sizeof(out),
		    &err), &err, cases[i].in, cases[i].w1, cases[i].w2);
	}
}

static void
test_email_limits(void **state)
{
	struct leads_err err;
	char in[400], out[400], label[70];
	int rc;

	(void)state;
	/* Local part: 64 bytes fit, 65 do not. */
	snprintf(in, sizeof(in), "%.64s@example.com",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	assert_int_equal(leads_norm_email(in, out, sizeof(out), &err), 0);
	assert_string_equal(out, in);
	snprintf(in, sizeof(in), "%.65s@example.com",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	check_err(leads_norm_email(in, out, sizeof(out), &err), &err, in,
	    "bad email", "local part over 64 bytes");

	/* A label of 63 bytes fits, 64 do not. */
	memset(label, 'b', 63);
	label[63] = '\0';
	snprintf(in, sizeof(in), "a@%s.com", label);
	assert_int_equal(leads_norm_email(in, out, sizeof(out), &err), 0);
	snprintf(in, sizeof(in), "a@%sb.com", label);
	check_err(leads_norm_email(in, out, sizeof(out), &err), &err, in,
	    "bad email", "over 63 bytes");

	/* 254 bytes in all fit, 255 do not. */
	snprintf(in, sizeof(in), "a@%s.%s.%s.%.60s", label, label, label,
	    label);
	assert_int_equal(strlen(in), 254);
	assert_int_equal(leads_norm_email(in, out, sizeof(out), &err), 0);
	snprintf(in, sizeof(in), "a@%s.%s.%s.%.61s", label, label, label,
	    label);
	check_err(leads_norm_email(in, out, sizeof(out), &err), &err, in,
	    "bad email", "over 254 bytes");
	/* The quoted value is cut short. */
	assert_non_null(strstr(err.msg, "...'"));
	assert_true(strlen(err.msg) < 120);

	/* The output buffer: the address and its NUL, no less. */
	rc = leads_norm_email("Ana@Example.com", out, 16, &err);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "ana@example.com");
	memset(&err, 0, sizeof(err));
	rc = leads_norm_email("Ana@Example.com", out, 15, &err);
	check_err(rc, &err, "Ana@Example.com", "bad email 'Ana@Example.com'",
	    "longer than 14 bytes");
	rc = leads_norm_email("Ana@Example.com", out, 0, &err);
	check_err(rc, &err, "Ana@Example.com", "bad email", "longer than");

	/* In place, and without an error to fill. */
	strcpy(in, " Ana <ANA@example.com> ");
	assert_int_equal(leads_norm_email(in, in, sizeof(in), &err), 0);
	assert_string_equal(in, "ana@example.com");
	assert_int_equal(leads_norm_email("nope", out, sizeof(out), NULL), -1);
}

static void
test_phone_good(void **state)
{
	static const struct {
		const char *in, *cc, *want;
	} cases[] = {
		/* The examples every caller relies on. */
		{ "(03) 9123 4567", "AU", "+61391234567" },
		{ "0412 345 678", "AU", "+61412345678" },
		{ "(020) 7031 3000", "GB", "+442070313000" },
		{ "(650) 253-0000", "US", "+16502530000" },
		{ "(555) 123-4567", "US", "+15551234567" },
		{ "1 650 253 0000", "US", "+16502530000" },
		{ "011 44 20 7946 0958", "US", "+442079460958" },
		{ "+44 20 7946 0958", NULL, "+442079460958" },
		{ "+44 20 7946 0958", "", "+442079460958" },
		{ "+44 20 7946 0958", "US", "+442079460958" },
		{ "+44 20 7946 0958", "AU", "+442079460958" },
		{ "0049 30 123456", "DE", "+4930123456" },
		{ "06 1234 5678", "IT", "+390612345678" },
		{ "p:+447700900123", NULL, "+447700900123" },
		{ "p:+447700900123", "US", "+447700900123" },
		/* Prefixes, case, white space. */
		{ "P:+447700900123", NULL, "+447700900123" },
		{ "tel:+1-650-253-0000", NULL, "+16502530000" },
		{ "TEL: +1 650 253 0000", NULL, "+16502530000" },
		{ "  +44 20 7946 0958 \r\n", NULL, "+442079460958" },
		{ "(+44) 20 7946 0958", NULL, "+442079460958" },
		{ "+1 (650) 253-0000", "GB", "+16502530000" },
		{ "+1.650.253.0000", NULL, "+16502530000" },
		{ "0412 345 678", "au", "+61412345678" },
		/* Extensions. */
		{ "+1 650 253 0000 x123", NULL, "+16502530000" },
		{ "+1 650 253 0000 X 123", NULL, "+16502530000" },
		{ "+1 650 253 0000x123", NULL, "+16502530000" },
		{ "+1 650 253 0000 x.123", NULL, "+16502530000" },
		{ "+1 650 253 0000 ext. 123", NULL, "+16502530000" },
		{ "+1 650 253 0000 ext 123", NULL, "+16502530000" },
		{ "+1 650 253 0000 Ext: 123", NULL, "+16502530000" },
		{ "+1 650 253 0000 extension 9", NULL, "+16502530000" },
		{ "+1 650 253 0000 #123", NULL, "+16502530000" },
		{ "tel:+1-650-253-0000;ext=123", NULL, "+16502530000" },
		{ "(650) 253-0000 ext. 7", "US", "+16502530000" },
		/* The trunk prefix written for callers at home. */
		{ "+44 (0)20 7946 0958", NULL, "+442079460958" },
		{ "0044 (0)20 7946 0958", "GB", "+442079460958" },
		{ "+39 (0)6 1234 5678", NULL, "+390612345678" },
		/* International prefixes. */
		{ "00 44 20 7946 0958", NULL, "+442079460958" },
		{ "0011 44 20 7946 0958", "AU", "+442079460958" },
		{ "010 44 20 7946 0958", "JP", "+442079460958" },
		{ "8 10 44 20 7946 0958", "RU", "+442079460958" },
		{ "011 61 3 9123 4567", "CA", "+61391234567" },
		{ "00 1 650 253 0000", "FR", "+16502530000" },
		{ "000 44 20 7946 0958", "KE", "+442079460958" },
		{ "119 44 20 7946 0958", "CU", "+442079460958" },
		/* National numbers: trunk prefixes, or none. */
		{ "020 7031 3000", "gb", "+442070313000" },
		{ "20 7031 3000", "GB", "+442070313000" },
		{ "030/123456", "DE", "+4930123456" },
		{ "03-1234-5678", "JP", "+81312345678" },
		{ "8 (495) 123-45-67", "RU", "+74951234567" },
		{ "8 (727) 123-45-67", "KZ", "+77271234567" },
		{ "06 1 234 5678", "HU", "+3612345678" },
		{ "912 34 56 78", "ES", "+34912345678" },
		{ "21 123 4567", "PT", "+351211234567" },
		{ "22 12 34 56", "NO", "+4722123456" },
		{ "32 12 34 56", "DK", "+4532123456" },
		{ "21 0123 4567", "GR", "+302101234567" },
		{ "01 23 45 67 89", "FR", "+33123456789" },
		{ "09 123 4567", "NZ", "+6491234567" },
		{ "55 1234 5678", "MX", "+525512345678" },
		{ "8 029 123 45 67", "BY", "+375291234567" },
		{ "613-555-0199", "CA", "+16135550199" },
		{ "16502530000", "US", "+16502530000" },
		{ "787 555 0100", "PR", "+17875550100" },
		/* No country: national numbers stay bare digits. */
		{ "020 7031 3000", NULL, "02070313000" },
		{ "020 7031 3000", "", "02070313000" },
		{ "650.253.0000", NULL, "6502530000" },
		{ "1234567", NULL, "1234567" },
		{ "123456789012345", NULL, "123456789012345" },
		{ "+123456789012345", NULL, "+123456789012345" },
	};
	struct leads_err err;
	char out[32];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(&err, 0, sizeof(err));
		if (leads_norm_phone(cases[i].in, cases[i].cc, out,
		    sizeof(out), &err) != 0)
			fail_msg("'%s' (%s): %s", cases[i].in,
			    cases[i].cc ? cases[i].cc : "NULL", err.msg);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("'%s' (%s): '%s', want '%s'", cases[i].in,
			    cases[i].cc ? cases[i].cc : "NULL", out,
			    cases[i].want);
	}
}

static void
test_phone_bad(void **state)
{
	static const struct {
		const char *in, *cc, *w1, *w2;
	} cases[] = {
		{ "12", NULL, "bad phone '12': 2 digits, need 7 to 15", NULL },
		{ "12345", "US", "bad phone '12345'", "6 digits" },
		{ "12345", NULL, "bad phone '12345'", "5 digits" },
		{ "+1234567890123456", NULL, "bad phone '+1234567890123456'",
		    "16 digits, need 7 to 15" },
		{ "1234567890123456", NULL, "bad phone", "16 digits" },
		{ "0044", "GB", "bad phone '0044'", "2 digits" },
		{ "12345678901234567890123456789012345678901234567890", NULL,
		    "bad phone", "50 digits" },
		{ "", NULL, "bad phone ''", "empty" },
		{ "  ", "US", "bad phone ''", "empty" },
		{ "p:", NULL, "bad phone 'p:'", "empty" },
		{ "ext. 12", NULL, "bad phone", "empty" },
		{ "12z4567", NULL, "bad phone '12z4567'", "unexpected 'z'" },
		{ "1-800-FLOWERS", "US", "bad phone", "unexpected 'F'" },
		{ "+44 20 7946 0958 x", NULL, "bad phone", "unexpected 'x'" },
		{ "+44 20 7946 0958 ext", NULL, "bad phone", "unexpected 'e'" },
		{ "650 253 0000 # 12 a", "US", "bad phone", "unexpected '#'" },
		{ "+44 20 +7946 0958", NULL, "bad phone", "unexpected '+'" },
		{ "++44 20 7946 0958", NULL, "bad phone", "unexpected '+'" },
		{ "1+650 253 0000", NULL, "bad phone", "unexpected '+'" },
		{ "+44_20_7946_0958", NULL, "bad phone", "unexpected '_'" },
		{ "+44,20,7946,0958", NULL, "bad phone", "unexpected ','" },
		{ "06\t1234 5678", "IT", "bad phone", "unexpected byte 0x09" },
		{ "\xc3\xa9 650 253 0000", "US", "bad phone '\xc3\xa9 650",
		    "unexpected byte 0xc3" },
		{ "+0 20 7946 0958", NULL, "bad phone",
		    "country code cannot start with 0" },
		{ "00 0 20 7946 0958", "GB", "bad phone",
		    "country code cannot start with 0" },
		{ "+44 20 7946 0958", "ZZ", "unknown country 'ZZ'", NULL },
		{ "020 7031 3000", "UK", "unknown country 'UK'", NULL },
		{ "020 7031 3000", "GBR", "unknown country 'GBR'", NULL },
		{ "020 7031 3000", "G", "unknown country 'G'", NULL },
	};
	struct leads_err err;
	char out[32];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(&err, 0, sizeof(err));
		check_err(leads_norm_phone(cases[i].in, cases[i].cc, out,
		    sizeof(out), &err), &err, cases[i].in, cases[i].w1,
		    cases[i].w2);
	}
}

static void
test_phone_buffer(void **state)
{
	struct leads_err err;
	char out[32];

	(void)state;
	/* "+442079460958" and its NUL: 14 bytes. */
	assert_int_equal(leads_norm_phone("+44 20 7946 0958", NULL, out, 14,
	    &err), 0);
	assert_string_equal(out, "+442079460958");
	memset(&err, 0, sizeof(err));
	check_err(leads_norm_phone("+44 20 7946 0958", NULL, out, 13, &err),
	    &err, "+44 20 7946 0958", "bad phone '+44 20 7946 0958'",
	    "longer than 12 bytes");
	check_err(leads_norm_phone("+44 20 7946 0958", NULL, out, 0, &err),
	    &err, "+44 20 7946 0958", "bad phone", "longer than");
	/* In place, and without an error to fill. */
	strcpy(out, "(03) 9123 4567");
	assert_int_equal(leads_norm_phone(out, "AU", out, sizeof(out), NULL),
	    0);
	assert_string_equal(out, "+61391234567");
	assert_int_equal(leads_norm_phone("12", NULL, out, sizeof(out), NULL),
	    -1);
}

static void
test_country(void **state)
{
	/* ISO 3166-1 alpha-2, less BV and HM, which have no telephones. */
	static const char iso[] =
	    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE "
	    "BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ CA CC CD "
	    "CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
	    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF "
	    "GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HN HR HT HU "
	    "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
	    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME "
	    "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
	    "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
	    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
	    "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK "
	    "TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
	    "VN VU WF WS YE YT ZA ZM ZW "
	    "AC TA XK ";
	static const char *const no[] = {
		"", "U", "USA", "ZZ", "UK", "EU", "BV", "HM", "1A", "U1",
		"u\xc3", " US", "US ", "U.",
	};
	char cc[3], lower[3];
	size_t i, n = 0;

	(void)state;
	for (i = 0; iso[i] != '\0'; i += 3) {
		memcpy(cc, iso + i, 2);
		cc[2] = '\0';
		lower[0] = (char)(cc[0] - 'A' + 'a');
		lower[1] = cc[1];
		lower[2] = '\0';
		if (!leads_country_valid(cc) || !leads_country_valid(lower))
			fail_msg("'%s' not known", cc);
		n++;
	}
	assert_int_equal(n, 250);
	assert_true(leads_country_valid("gb"));
	assert_true(leads_country_valid("Au"));
	assert_false(leads_country_valid(NULL));
	for (i = 0; i < NELEM(no); i++)
		if (leads_country_valid(no[i]))
			fail_msg("'%s' known", no[i]);
}

static void
test_name(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		const char *want;
	} cases[] = {
		{ "Ana Ruiz", 64, "Ana Ruiz" },
		{ "  Ana   Ruiz ", 64, "Ana Ruiz" },
		{ "Ana\t\r\n Ruiz\n", 64, "Ana Ruiz" },
		{ "\t Zo\xc3\xab \t van  der  Berg \r\n", 64,
		    "Zo\xc3\xab van der Berg" },
		{ "", 64, "" },
		{ " \t\r\n ", 64, "" },
		{ "Ana Ruiz", 1, "" },
		{ "Ana Ruiz", 4, "Ana" },
		{ "Ana Ruiz", 5, "Ana" },	/* no trailing space */
		{ "Ana Ruiz", 6, "Ana R" },
		{ "Ana Ruiz", 9, "Ana Ruiz" },
		{ "Zo\xc3\xab", 3, "Zo" },
		{ "Zo\xc3\xab", 4, "Zo" },	/* would split U+00EB */
		{ "Zo\xc3\xab", 5, "Zo\xc3\xab" },
		{ "\xe2\x82\xac\xe2\x82\xac", 6, "\xe2\x82\xac" },
		{ "\xe2\x82\xac\xe2\x82\xac", 7, "\xe2\x82\xac\xe2\x82\xac" },
		{ "\xf0\x9f\x98\x80!", 4, "" },
		{ "\xf0\x9f\x98\x80!", 5, "\xf0\x9f\x98\x80" },
	};
	char out[64];
	char buf[] = "  in   place\t\tworks  ";
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(out, 'X', sizeof(out));
		leads_norm_name(cases[i].in, out, cases[i].n);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("'%s' in %zu: '%s', want '%s'", cases[i].in,
			    cases[i].n, out, cases[i].want);
	}
	leads_norm_name(buf, buf, sizeof(buf));
	assert_string_equal(buf, "in place works");
	/* Room for nothing, not even the NUL: out is left alone. */
	out[0] = 'X';
	leads_norm_name("Ana", out, 0);
	assert_int_equal(out[0], 'X');
}

static void
test_value_good(void **state)
{
	static const struct {
		const char *in;
		double want;
	} cases[] = {
		{ "5000", 5000 },
		{ " 42 ", 42 },
		{ "0", 0 },
		{ "007", 7 },
		{ "5,000.50", 5000.5 },
		{ "1,234,567.89", 1234567.89 },
		{ "999,999", 999999 },
		{ "$5000", 5000 },
		{ "$ 5,000", 5000 },
		{ "5000$", 5000 },
		{ "5000 USD", 5000 },
		{ "USD 5000", 5000 },
		{ "usd5000", 5000 },
		{ "1200 eur", 1200 },
		{ "\xe2\x82\xac" "1,200.00", 1200 },
		{ "5 \xe2\x82\xac", 5 },
		{ "\xc2\xa3" "99.99", 99.99 },
		{ "\xc2\xa5" "300", 300 },
		{ "A$300", 300 },
		{ "AU$ 300", 300 },
		{ "US$ 1,000", 1000 },
		{ "1,000 US$", 1000 },
		{ "$5,000 USD", 5000 },
		{ "GBP 12.5", 12.5 },
		{ "0.05", 0.05 },
		{ ".5", 0.5 },
		{ "5.", 5 },
		{ "0.1", 0.1 },
		{ "5000.000000000000000000", 5000 },
		{ "123456789012345", 123456789012345.0 },
		{ "1234567890.12345", 1234567890.12345 },
		{ "0.000000000000000000001", 1e-21 },
	};
	struct leads_err err;
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		v = -1;
		if (leads_parse_value(cases[i].in, &v, &err) != 0)
			fail_msg("'%s': %s", cases[i].in, err.msg);
		if (v != cases[i].want)
			fail_msg("'%s': %.17g, want %.17g", cases[i].in, v,
			    cases[i].want);
	}
}

static void
test_value_bad(void **state)
{
	static const struct {
		const char *in, *w1, *w2;
	} cases[] = {
		{ "", "bad value ''", "empty" },
		{ " \t", "bad value ''", "empty" },
		{ "-5", "bad value '-5'", "negative" },
		{ "- 5", "bad value", "negative" },
		{ "-$5", "bad value", "negative" },
		{ "$-5", "bad value", "negative" },
		{ "USD -5", "bad value", "negative" },
		{ "(500)", "bad value", "negative" },
		{ "lots", "bad value 'lots'", "not a number" },
		{ "5k", "bad value '5k'", "not a number" },
		{ "$", "bad value", "not a number" },
		{ "USD", "bad value", "not a number" },
		{ ".", "bad value", "not a number" },
		{ "1.2.3", "bad value", "not a number" },
		{ "5 000", "bad value", "not a number" },
		{ "1e5", "bad value", "not a number" },
		{ "nan", "bad value", "not a number" },
		{ "+5", "bad value", "not a number" },
		{ "EUR 1.200,00", "bad value 'EUR 1.200,00'", "not a number" },
		{ "1,23", "bad value '1,23'", "','" },
		{ "1,2345", "bad value", "','" },
		{ "1234,567", "bad value", "','" },
		{ ",500", "bad value", "','" },
		{ "1,000,", "bad value", "','" },
		{ "1,000,00", "bad value", "','" },
		{ "1,00.5", "bad value", "','" },
		{ "1,,000", "bad value", "','" },
		{ "1234567890123456", "bad value", "too many digits" },
		{ "1.234567890123456", "bad value", "too many digits" },
		{ "0.00000000000000000000001", "bad value", "too many digits" },
	};
	struct leads_err err;
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(&err, 0, sizeof(err));
		check_err(leads_parse_value(cases[i].in, &v, &err), &err,
		    cases[i].in, cases[i].w1, cases[i].w2);
	}
	assert_int_equal(leads_parse_value("x", &v, NULL), -1);
}

static void
test_field_match(void **state)
{
	static const struct {
		const char *name;
		enum leads_field want;
	} cases[] = {
		{ "name", LEADS_F_NAME },
		{ "Name", LEADS_F_NAME },
		{ "Full Name", LEADS_F_NAME },
		{ "full_name", LEADS_F_NAME },
		{ "FULL_NAME", LEADS_F_NAME },
		{ "Your Name", LEADS_F_NAME },
		{ "Your Name*", LEADS_F_NAME },
		{ "Contact Name", LEADS_F_NAME },
		{ "Lead Name", LEADS_F_NAME },
		{ "First Name", LEADS_F_FIRST_NAME },
		{ "first_name", LEADS_F_FIRST_NAME },
		{ "FIRST_NAME", LEADS_F_FIRST_NAME },
		{ "FirstName", LEADS_F_FIRST_NAME },
		{ "fname", LEADS_F_FIRST_NAME },
		{ "Given Name", LEADS_F_FIRST_NAME },
		{ "Last Name", LEADS_F_LAST_NAME },
		{ "LAST_NAME", LEADS_F_LAST_NAME },
		{ "LastName", LEADS_F_LAST_NAME },
		{ "lname", LEADS_F_LAST_NAME },
		{ "Surname", LEADS_F_LAST_NAME },
		{ "Family Name", LEADS_F_LAST_NAME },
		{ "email", LEADS_F_EMAIL },
		{ "Email", LEADS_F_EMAIL },
		{ "EMAIL", LEADS_F_EMAIL },
		{ "E-mail", LEADS_F_EMAIL },
		{ "E-Mail:", LEADS_F_EMAIL },
		{ "Email Address", LEADS_F_EMAIL },
		{ "email_address", LEADS_F_EMAIL },
		{ "EmailAddress", LEADS_F_EMAIL },
		{ "Your Email", LEADS_F_EMAIL },
		{ "Your E-mail Address?", LEADS_F_EMAIL },
		{ "work_email", LEADS_F_EMAIL2 },
		{ "WORK_EMAIL", LEADS_F_EMAIL2 },
		{ "Work Email", LEADS_F_EMAIL2 },
		{ "Secondary Email", LEADS_F_EMAIL2 },
		{ "Business Email", LEADS_F_EMAIL2 },
		{ "phone", LEADS_F_PHONE },
		{ "Phone", LEADS_F_PHONE },
		{ "Phone Number", LEADS_F_PHONE },
		{ "phone_number", LEADS_F_PHONE },
		{ "PHONE_NUMBER", LEADS_F_PHONE },
		{ "Telephone", LEADS_F_PHONE },
		{ "Tel.", LEADS_F_PHONE },
		{ "tel", LEADS_F_PHONE },
		{ "Contact Number", LEADS_F_PHONE },
		{ "Your Phone", LEADS_F_PHONE },
		{ "Mobile", LEADS_F_PHONE2 },
		{ "Mobile Phone", LEADS_F_PHONE2 },
		{ "MobilePhone", LEADS_F_PHONE2 },
		{ "mobile_phone", LEADS_F_PHONE2 },
		{ "Cell", LEADS_F_PHONE2 },
		{ "Cell Phone", LEADS_F_PHONE2 },
		{ "Company", LEADS_F_COMPANY },
		{ "Company Name", LEADS_F_COMPANY },
		{ "COMPANY_NAME", LEADS_F_COMPANY },
		{ "Organization", LEADS_F_COMPANY },
		{ "Organisation", LEADS_F_COMPANY },
		{ "Business Name", LEADS_F_COMPANY },
		{ "Associated Company", LEADS_F_COMPANY },
		{ "Account Name", LEADS_F_COMPANY },
		{ "source", LEADS_F_SOURCE },
		{ "Source", LEADS_F_SOURCE },
		{ "Lead Source", LEADS_F_SOURCE },
		{ "LeadSource", LEADS_F_SOURCE },
		{ "utm_source", LEADS_F_OTHER },
		{ "created", LEADS_F_CREATED },
		{ "Created Time", LEADS_F_CREATED },
		{ "created_time", LEADS_F_CREATED },
		{ "Created At", LEADS_F_CREATED },
		{ "Create Date", LEADS_F_CREATED },
		{ "Date", LEADS_F_CREATED },
		{ "Date Submitted", LEADS_F_CREATED },
		{ "Submitted At", LEADS_F_CREATED },
		{ "Submission Date", LEADS_F_CREATED },
		{ "Entry Date", LEADS_F_CREATED },
		{ "Lead Submitted At (UTC)", LEADS_F_CREATED },
		{ "lead_submit_time", LEADS_F_CREATED },
		{ "Submitted On", LEADS_F_CREATED },
		{ "Timestamp", LEADS_F_CREATED },
		{ "id", LEADS_F_ID },
		{ "ID", LEADS_F_ID },
		{ "Lead Id", LEADS_F_ID },
		{ "Lead ID", LEADS_F_ID },
		{ "lead_id", LEADS_F_ID },
		{ "Record ID", LEADS_F_ID },
		{ "Record Id", LEADS_F_ID },
		{ "External ID", LEADS_F_ID },
		{ "Owner", LEADS_F_OWNER },
		{ "Contact owner", LEADS_F_OWNER },
		{ "Lead Owner", LEADS_F_OWNER },
		{ "Assigned To", LEADS_F_OWNER },
		{ "value", LEADS_F_VALUE },
		{ "Deal Value", LEADS_F_VALUE },
		{ "Amount", LEADS_F_VALUE },
		{ "Lead Value", LEADS_F_VALUE },
		{ "Time Zone", LEADS_F_TZ },
		{ "timezone", LEADS_F_TZ },
		{ "TZ", LEADS_F_TZ },
		{ "Notes", LEADS_F_NOTE },
		{ "Note", LEADS_F_NOTE },
		{ "Message", LEADS_F_NOTE },
		{ "Message Body", LEADS_F_NOTE },
		{ "Your Message", LEADS_F_NOTE },
		{ "Comments", LEADS_F_NOTE },
		{ "Comment", LEADS_F_NOTE },
		{ "Description", LEADS_F_NOTE },
		{ "Enquiry", LEADS_F_NOTE },
		{ "Inquiry", LEADS_F_NOTE },
		{ "How can we help?", LEADS_F_NOTE },
		{ "Country", LEADS_F_COUNTRY },
		{ "Country/Region", LEADS_F_COUNTRY },
		{ "Country Region", LEADS_F_COUNTRY },
		{ "COUNTRY", LEADS_F_COUNTRY },
		/* Kept as extra fields. */
		{ "", LEADS_F_OTHER },
		{ "ad_id", LEADS_F_OTHER },
		{ "form_id", LEADS_F_OTHER },
		{ "campaign_name", LEADS_F_OTHER },
		{ "is_organic", LEADS_F_OTHER },
		{ "platform", LEADS_F_OTHER },
		{ "city", LEADS_F_OTHER },
		{ "REGION", LEADS_F_OTHER },
		{ "Lead Status", LEADS_F_OTHER },
		{ "Email Opt-out", LEADS_F_OTHER },
		{ "Job Title", LEADS_F_OTHER },
		{ "Budget", LEADS_F_OTHER },
		{ "utm_campaign", LEADS_F_OTHER },
		{ "Favourite Colour", LEADS_F_OTHER },
		{ "when_to_call", LEADS_F_OTHER },
		{ "nameX", LEADS_F_OTHER },
		{ "Na\xc3\xafve Name", LEADS_F_OTHER },
		{ "a very long column name that goes on and on and on and on",
		    LEADS_F_OTHER },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		if (leads_field_match(cases[i].name) != cases[i].want)
			fail_msg("'%s': %d, want %d", cases[i].name,
			    leads_field_match(cases[i].name), cases[i].want);
	assert_int_equal(leads_field_match(NULL), LEADS_F_OTHER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_email_good),
		cmocka_unit_test(test_email_bad),
		cmocka_unit_test(test_email_limits),
		cmocka_unit_test(test_phone_good),
		cmocka_unit_test(test_phone_bad),
		cmocka_unit_test(test_phone_buffer),
		cmocka_unit_test(test_country),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_value_good),
		cmocka_unit_test(test_value_bad),
		cmocka_unit_test(test_field_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
