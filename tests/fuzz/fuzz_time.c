/*
 * fuzz_time - leads_time_parse(): RFC 3339 / ISO 8601, RFC 2822 mail
 * dates, US slash dates, epoch seconds and milliseconds, local times in
 * a zone.  The first byte chooses the zone (fuzz_zones), the rest is
 * the text.  Checks: no crash, leak or undefined behaviour; a time it
 * takes lies in the years 1970 to 9999 and reads back the same from its
 * RFC 3339 form; the same answer without an error structure; a refusal
 * is EDATA "bad time '...': reason"; TZ is as it was.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "UTC", 1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct leads_err err;
	const char *tz;
	char *s, rfc[32];
	int64_t t = -1, t2 = -1, back = -1;
	int rc;

	if (n < 1)
		return 0;
	tz = fuzz_zones[d[0] & 15];
	s = fuzz_str(d + 1, n - 1);
	memset(&err, 0, sizeof(err));
	rc = leads_time_parse(s, tz, &t, &err);
	CHECK(rc == 0 || rc == -1);
	CHECK(strcmp(getenv("TZ"), "UTC") == 0);
	CHECK(leads_time_parse(s, tz, &t2, NULL) == rc);
	if (rc == 0) {
		CHECK(t == t2);
		CHECK(t >= 0 && t <= FUZZ_TIME_MAX);
		leads_time_rfc3339(t, rfc, sizeof(rfc));
		CHECK(strlen(rfc) == 20);
		CHECK(leads_time_parse(rfc, tz, &back, NULL) == 0);
		CHECK(back == t);
	} else {
		CHECK(err.code == LEADS_EDATA);
		CHECK(fuzz_starts(err.msg, "bad time '"));
	}
	free(s);
	return 0;
}
