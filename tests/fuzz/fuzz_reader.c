/*
 * fuzz_reader - the reader as lead-add runs it by default: the format
 * detected from the first line (LEADS_FMT_AUTO), the input converted
 * from an --encoding or by its byte-order mark, read through read(2)
 * from a file descriptor or through stdio from memory.
 *
 * The first byte chooses: bits 0-2 the encoding, bit 3 a descriptor
 * (memfd) rather than fmemopen, bit 4 a blank line of about 64 KiB in
 * front (in the chosen encoding) so that the rest straddles the reader's
 * 64 KiB chunks at an offset the second byte gives, bit 5 the rest
 * repeated to a length (by the second byte) near the limit of a field
 * (64 KiB) or of a record (1 MiB).  Checks as in fuzz_csv: the limits
 * of every record, bad records as EDATA naming their line, no fatal
 * error on good memory, the end staying the end.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

#define PAD	65536

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Encodings and how they write " " and "\n". */
static const struct {
	const char *name;
	const char *sp, *nl;
	size_t unit;
} encs[8] = {
	{ NULL, " ", "\n", 1 },
	{ "WINDOWS-1252", " ", "\n", 1 },
	{ "ISO-8859-1", " ", "\n", 1 },
	{ "UTF-16LE", " \0", "\n\0", 2 },
	{ "UTF-16BE", "\0 ", "\0\n", 2 },
	{ "UTF-16", "\0 ", "\0\n", 2 },	/* big-endian without a mark */
	{ "SHIFT_JIS", " ", "\n", 1 },
	{ "UTF-32LE", " \0\0\0", "\n\0\0\0", 4 }
};

static uint8_t *
padded(const uint8_t *d, size_t n, int e, unsigned off, size_t *len)
{
	size_t u = encs[e].unit, units = (PAD - 1 - off) / u, i;
	uint8_t *b;

	if ((b = malloc(units * u + n)) == NULL)
		abort();
	for (i = 0; i + 1 < units; i++)
		memcpy(b + i * u, encs[e].sp, u);
	memcpy(b + i * u, encs[e].nl, u);
	memcpy(b + units * u, d, n);
	*len = units * u + n;
	return b;
}

/* d[0..n) again and again to len bytes. */
static uint8_t *
repeated(const uint8_t *d, size_t n, size_t len)
{
	uint8_t *b;
	size_t i;

	if ((b = malloc(len)) == NULL)
		abort();
	for (i = 0; i < len; i += n)
		memcpy(b + i, d, len - i < n ? len - i : n);
	return b;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	uint8_t *buf = NULL, *rep = NULL;
	const uint8_t *in;
	size_t len, want;
	int e, fd;
	FILE *fp;

	if (n < 2)
		return 0;
	e = d[0] & 7;
	in = d + 2;
	len = n - 2;
	if ((d[0] & 0x20) && len > 0) {
		want = d[1] < 0xf0 ? LEADS_MAX_FIELD - 1024 + d[1] * 16u :
		    LEADS_MAX_RECORD - 8192 + (d[1] - 0xf0) * 1024u;
		rep = repeated(in, len, want);
		in = rep;
		len = want;
	}
	if (d[0] & 0x10) {
		buf = padded(in, len, e, d[1], &len);
		in = buf;
	}
	if (d[0] & 8) {
		fd = memfd_create("fuzz", MFD_CLOEXEC);
		CHECK(fd != -1);
		CHECK(write(fd, in, len) == (ssize_t)len);
		CHECK(lseek(fd, 0, SEEK_SET) == 0);
		fp = fdopen(fd, "r");
		CHECK(fp != NULL);
		fuzz_read(fp, LEADS_FMT_AUTO, encs[e].name, len, fuzz_newlead);
		fclose(fp);
	} else
		fuzz_read_mem(in, len, LEADS_FMT_AUTO, encs[e].name,
		    fuzz_newlead);
	free(buf);
	free(rep);
	return 0;
}
