/*
 * fuzz_jsonl - the JSON Lines reader: leads_reader_new() with
 * LEADS_FMT_JSONL over the input in memory.  Checks: no crash, hang,
 * leak or undefined behaviour; every record within the limits of leads.h
 * and valid UTF-8; a bad record reported as "fuzz:LINE: reason" (EDATA)
 * with reading going on; and each good record built into a lead as
 * lead-add does (names, emails, phones, times and values parsed), which
 * may refuse it only as bad data.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	fuzz_read_mem(d, n, LEADS_FMT_JSONL, NULL, fuzz_newlead);
	return 0;
}
