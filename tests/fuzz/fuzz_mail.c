/*
 * fuzz_mail - a web-form notification mail as lead-add -f mail reads
 * it: leads_mail_read() over the raw message (RFC 5322 headers and
 * their RFC 2047 words, the MIME tree, quoted-printable, base64,
 * charsets, HTML tables, the form plugins' layouts), then the same
 * bytes through the reader (LEADS_FMT_MAIL) with each record built into
 * a lead.  Checks: no crash, hang, leak or undefined behaviour; every
 * field given has a name and a value that are valid UTF-8 without NUL
 * or control characters other than tab and newline (as mail.h
 * promises); a refusal is EDATA with a reason, and the reader's is
 * "fuzz:LINE: reason".
 */
#include "fuzz.h"
#include "mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
clean(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t' &&
		    s[i] != '\n') || s[i] == 0x7f)
			return 0;
	return leads_utf8_valid(s, n);
}

static int
field(void *arg, const char *k, size_t kn, const char *v, size_t vn)
{
	size_t *count = arg;

	CHECK(kn >= 1);
	CHECK(clean(k, kn));
	CHECK(clean(v, vn));
	++*count;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct leads_err err;
	size_t count = 0;
	char *msg;

	/* An exact copy: reading past the end is caught. */
	if ((msg = malloc(n > 0 ? n : 1)) == NULL)
		abort();
	memcpy(msg, d, n);
	memset(&err, 0, sizeof(err));
	if (leads_mail_read(msg, n, field, &count, &err) == -1) {
		CHECK(err.code == LEADS_EDATA);
		CHECK(err.msg[0] != '\0');
	}
	free(msg);
	fuzz_read_mem(d, n, LEADS_FMT_MAIL, NULL, fuzz_newlead);
	return 0;
}
