/*
 * util.c - error values and the growable string.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int
leads_errf(struct leads_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
leads_err_nomem(struct leads_err *err)
{
	return leads_errf(err, LEADS_EOSERR, "out of memory");
}

char *
leads_strdup(const char *s, struct leads_err *err)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		leads_err_nomem(err);
	return p;
}

int
leads_buf_grow(struct leads_buf *b, size_t more)
{
	size_t need, cap;
	char *p;

	if (more > SIZE_MAX - 1 - b->len)
		return -1;
	need = b->len + more + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	if ((p = realloc(b->s, cap)) == NULL)
		return -1;
	b->s = p;
	b->cap = cap;
	return 0;
}

int
leads_buf_add(struct leads_buf *b, const void *p, size_t n)
{
	if (leads_buf_grow(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}


int
leads_buf_adds(struct leads_buf *b, const char *s)
{
	return leads_buf_add(b, s, strlen(s));
}

int
leads_buf_int(struct leads_buf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return leads_buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

int
leads_buf_printf(struct leads_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* Most results fit in what is left: print once. */
	if (leads_buf_grow(b, 64) == -1)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->s[b->len] = '\0';
		return -1;
	}
	if ((size_t)n >= b->cap - b->len) {
		if (leads_buf_grow(b, (size_t)n) == -1) {
			b->s[b->len] = '\0';
			return -1;
		}
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
	return 0;
}

const char *
leads_buf_str(const struct leads_buf *b)
{
	return b->s ? b->s : "";
}

void
leads_buf_reset(struct leads_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void
leads_buf_release(struct leads_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int
leads_buf_json(struct leads_buf *b, const char *s)
{
	const char *p, *run;

	if (leads_buf_addc(b, '"') == -1)
		return -1;
	for (run = p = s;; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (leads_buf_add(b, run, (size_t)(p - run)) == -1)
			return -1;
		if (c == '\0')
			break;
		if (leads_buf_printf(b, c < 0x20 ? "\\u%04x" : "\\%c", c) ==
		    -1)
			return -1;
		run = p + 1;
	}
	return leads_buf_addc(b, '"');
}

void
leads_show(const char *s, size_t n, char *out, size_t size)
{
	size_t i, len = n;
	int more = 0;

	if (size < 5)
		return;
	if (len > size - 4) {
		len = size - 4;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
		more = 1;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		out[i] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	out[i] = '\0';
	if (more)
		memcpy(out + i, "...", 4);
}
