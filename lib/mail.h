/*
 * mail.h - a web-form notification email into the fields of one lead;
 * inside libleads only.
 */
#ifndef LEADS_MAIL_H
#define LEADS_MAIL_H

#include <stddef.h>

#include "leads.h"

/*
 * Bytes in one message, attachments included: about the most mail
 * servers accept (Postfix: 10240000), so that a notification carrying an
 * uploaded file is still read.  The text part itself may have at most
 * LEADS_MAX_RECORD bytes once decoded.
 */
#define LEADS_MAX_MAIL		10485760

/* Takes one field of the lead: 0, or -1 when out of memory. */
typedef int leads_mail_field_fn(void *arg, const char *key, size_t klen,
    const char *val, size_t vlen);

/*
 * The fields of the lead in one raw message msg[0..len) (RFC 5322 and
 * MIME; an mbox "From " first line is skipped), given to add() in order:
 * the fields of the body, then what the headers add (the sender, the
 * subject, the date).  Values are valid UTF-8 without control characters
 * other than newlines and tabs.  0, or -1 with err: LEADS_EDATA (err->msg
 * is the reason, without a file name) or LEADS_EOSERR.
 */
int leads_mail_read(const char *msg, size_t len, leads_mail_field_fn *add,
    void *arg, struct leads_err *err);

/*
 * input.c: "Key: value" or "--- Key ---" (s[0..n), a line): the length
 * of the key, which *key points to, else 0.  The kv format's rule, which
 * mail bodies share.
 */
size_t leads_kv_key(const char *s, size_t n, const char **key);

#endif
