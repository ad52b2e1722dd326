/*
 * fuzz_email - leads_norm_email(): an address as forms and exports give
 * it ("Ana.Ruiz@Example.com", "Ana Ruiz <ana@example.com>",
 * "mailto:ana@example.com?subject=hi") trimmed, unwrapped, lower-cased
 * and checked.  The first byte chooses the size of the output buffer,
 * allocated to its exact size.  Checks: no crash, overflow, leak or
 * undefined behaviour; an address taken fits the buffer, has one '@',
 * no white space or ASCII capitals, is valid UTF-8, and normalizes to
 * itself; the answer does not depend on the buffer size when it fits;
 * a refusal is EDATA "bad email '...'".
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const size_t sizes[] = { 0, 1, 6, 16, 64, 255, 256, 1024 };

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct leads_err err;
	char big[1024], again[1024], *out, *s;
	const char *p;
	size_t size;
	int rc, rbig;

	if (n < 1)
		return 0;
	size = sizes[d[0] & 7];
	s = fuzz_str(d + 1, n - 1);
	if ((out = malloc(size > 0 ? size : 1)) == NULL)
		abort();
	memset(&err, 0, sizeof(err));
	rc = leads_norm_email(s, out, size, &err);
	rbig = leads_norm_email(s, big, sizeof(big), NULL);
	if (rc == 0) {
		CHECK(strlen(out) < size);
		CHECK(rbig == 0 && strcmp(out, big) == 0);
	} else {
		CHECK(err.code == LEADS_EDATA);
		CHECK(fuzz_starts(err.msg, "bad email '"));
		CHECK(rbig == -1 || strlen(big) >= size);
	}
	if (rbig == 0) {
		CHECK((p = strchr(big, '@')) != NULL && p > big);
		CHECK(strchr(p + 1, '@') == NULL);
		for (p = big; *p != '\0'; p++)
			CHECK(!(*p >= 'A' && *p <= 'Z') && *p != ' ' &&
			    *p != '\t' && *p != '\n' && *p != '\r');
		CHECK(leads_utf8_valid(big, strlen(big)));
		CHECK(leads_norm_email(big, again, sizeof(again), NULL) == 0);
		CHECK(strcmp(again, big) == 0);
	}
	free(out);
	free(s);
	return 0;
}
