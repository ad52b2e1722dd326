/*
 * internal.h - helpers shared inside libleads; not installed.
 */
#ifndef LEADS_INTERNAL_H
#define LEADS_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "leads.h"

/*
 * A growable byte string, always NUL-terminated once anything was added.
 * Growth is overflow-checked and goes through a temporary, so on failure
 * the buffer is unchanged.  Functions return 0, or -1 when out of memory.
 */
struct leads_buf {
	char *s;
	size_t len;
	size_t cap;
};

#define LEADS_BUF_INIT { NULL, 0, 0 }

int leads_buf_grow(struct leads_buf *b, size_t more);
int leads_buf_add(struct leads_buf *b, const void *p, size_t n);
int leads_buf_addc(struct leads_buf *b, int c);
int leads_buf_adds(struct leads_buf *b, const char *s);
int leads_buf_printf(struct leads_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The contents ("" when empty); never NULL. */
const char *leads_buf_str(const struct leads_buf *b);
void leads_buf_reset(struct leads_buf *b);
void leads_buf_release(struct leads_buf *b);

/* The one place out-of-memory becomes an error value. */
int leads_err_nomem(struct leads_err *err);

/* strdup that reports out-of-memory through err. */
char *leads_strdup(const char *s, struct leads_err *err);

#endif
