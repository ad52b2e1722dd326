/*
 * fuzz_value - leads_parse_value(): a lead's money amount ("5000",
 * "5,000.50", "$5000", "EUR 1200", "1200 €").  Checks: no crash, leak or
 * undefined behaviour; an amount taken is finite and not negative, and
 * for plain digits with at most one '.' it is exactly what strtod(3)
 * reads (the parser claims one correct rounding); a refusal is EDATA
 * "bad value '...'".
 */
#include <math.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct leads_err err;
	double v = -1;
	const char *dot;
	char *s;
	int rc;

	s = fuzz_str(d, n);
	memset(&err, 0, sizeof(err));
	rc = leads_parse_value(s, &v, &err);
	if (rc == 0) {
		CHECK(isfinite(v) && v >= 0);
		dot = strchr(s, '.');
		if (s[0] != '\0' && s[0] != '.' && strspn(s, "0123456789.") ==
		    strlen(s) && (dot == NULL || strchr(dot + 1, '.') == NULL))
			CHECK(v == strtod(s, NULL));
	} else {
		CHECK(rc == -1 && err.code == LEADS_EDATA);
		CHECK(fuzz_starts(err.msg, "bad value '"));
	}
	free(s);
	return 0;
}
