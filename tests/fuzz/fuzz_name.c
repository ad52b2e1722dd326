/*
 * fuzz_name - leads_norm_name(): a name (or company) trimmed with inner
 * runs of white space folded to one space, cut to the output buffer at
 * a character boundary; it also works in place.  The first byte chooses
 * the size of the output buffer, allocated to its exact size.  Checks:
 * no crash, overflow, leak or undefined behaviour; the result fits, has
 * no tab, CR or LF, no space at either end or twice in a row, is valid
 * UTF-8 when the input was, normalizes to itself, and is the same done
 * in place.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *in, *out, *again, *inplace;
	size_t size, len;

	if (n < 1)
		return 0;
	size = d[0] < 0xf0 ? (size_t)d[0] : (size_t)(d[0] - 0xf0) * 4096;
	in = fuzz_str(d + 1, n - 1);
	if ((out = malloc(size > 0 ? size : 1)) == NULL ||
	    (again = malloc(size > 0 ? size : 1)) == NULL)
		abort();
	leads_norm_name(in, out, size);
	if (size > 0) {
		len = strlen(out);
		CHECK(len < size);
		CHECK(strpbrk(out, "\t\r\n") == NULL);
		CHECK(len == 0 || (out[0] != ' ' && out[len - 1] != ' '));
		CHECK(strstr(out, "  ") == NULL);
		if (leads_utf8_valid(in, strlen(in)))
			CHECK(leads_utf8_valid(out, len));
		leads_norm_name(out, again, size);
		CHECK(strcmp(again, out) == 0);
		/* In place, in a buffer of the same size. */
		inplace = calloc(size > strlen(in) + 1 ? size :
		    strlen(in) + 1, 1);
		CHECK(inplace != NULL);
		memcpy(inplace, in, strlen(in) + 1);
		leads_norm_name(inplace, inplace, size);
		CHECK(strcmp(inplace, out) == 0);
		free(inplace);
	}
	free(again);
	free(out);
	free(in);
	return 0;
}
