/*
 * fuzz_phone - leads_norm_phone(): a phone number as people write it
 * ("(03) 9123 4567", "+44 (0)20 7031 3000", "p:+447700900123", "tel:",
 * "x12", "ext. 12") to E.164.  The first byte chooses the default
 * country (none, a known one, or two raw bytes of the input) and the
 * size of the output buffer, which is allocated to its exact size.
 * Checks: no crash, overflow, leak or undefined behaviour; a number
 * taken is "+" and 7 to 15 digits (or bare national digits without a
 * country), fits the buffer, and normalizes to itself; the answer does
 * not depend on the buffer size when it fits; a refusal is EDATA "bad
 * phone '...'" or "unknown country '...'".
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const countries[] = {
	NULL, "", "US", "GB", "AU", "IT", "DE", "FR", "NZ", "IN", "CA", "JP",
	"BR", "us", "gb", "ZZ"
};
static const size_t sizes[] = { 0, 1, 8, 12, 13, 16, 17, 32 };

static int
well_formed(const char *p)
{
	size_t nd;

	if (*p == '+')
		p++;
	nd = strspn(p, "0123456789");
	return p[nd] == '\0' && nd >= 7 && nd <= 15;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct leads_err err;
	const char *cc;
	char raw[3], big[64], again[64], *out, *s;
	size_t size;
	int rc, rbig;

	if (n < 3)
		return 0;
	if ((d[0] & 15) == 15) {
		raw[0] = (char)d[1];
		raw[1] = (char)d[2];
		raw[2] = '\0';
		cc = raw;
	} else
		cc = countries[d[0] & 15];
	size = sizes[d[0] >> 5];
	s = fuzz_str(d + 3, n - 3);
	if ((out = malloc(size > 0 ? size : 1)) == NULL)
		abort();
	memset(&err, 0, sizeof(err));
	rc = leads_norm_phone(s, cc, out, size, &err);
	rbig = leads_norm_phone(s, cc, big, sizeof(big), NULL);
	if (rc == 0) {
		CHECK(strlen(out) < size);
		CHECK(rbig == 0 && strcmp(out, big) == 0);
	} else {
		CHECK(err.code == LEADS_EDATA);
		CHECK(fuzz_starts(err.msg, "bad phone '") ||
		    fuzz_starts(err.msg, "unknown country '"));
		CHECK(rbig == -1 || strlen(big) >= size);
	}
	if (rbig == 0) {
		CHECK(well_formed(big));
		CHECK(big[0] == '+' || cc == NULL || cc[0] == '\0');
		CHECK(leads_norm_phone(big, cc, again, sizeof(again),
		    NULL) == 0);
		CHECK(strcmp(again, big) == 0);
	}
	free(out);
	free(s);
	return 0;
}
