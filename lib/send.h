/*
 * send.h - emails as lead-send hands them over: addresses, the RFC 5322
 * message with its MIME headers, the mbox stream of a dry run, and which
 * due email steps can be sent now.  Internal to libleads and its
 * programs, like conf.h; not installed.
 */
#ifndef LEADS_SEND_H
#define LEADS_SEND_H

#include <stddef.h>
#include <stdint.h>

#include "leads.h"

#define LEADS_MAIL_NAME	512	/* bytes of a display name, with its NUL */
#define LEADS_MAIL_ADDR	256	/* bytes of an address, with its NUL */

/*
 * A mailbox as people write it: "addr", "Name <addr>" or
 * "\"Ruiz, Ana\" <addr>".  The display name (unquoted; "" when there is
 * none) and the address (ASCII, lower-cased, plausible as
 * leads_norm_email() says) into name and addr.  0, or -1 (EDATA, the
 * reason without the value's name).
 */
int leads_mailbox_parse(const char *s, char *name, size_t nn, char *addr,
    size_t na, struct leads_err *err);

/*
 * A list of mailboxes separated by commas (commas inside quotes or <>
 * belong to the mailbox): each checked as leads_mailbox_parse() does.
 * 0, or -1 (EDATA).
 */
int leads_mailbox_list_check(const char *s, struct leads_err *err);

/* One message.  Strings borrowed; optional ones may be NULL. */
struct leads_email {
	const char *from;	/* a mailbox */
	const char *to_name;	/* the lead's name, optional */
	const char *to;		/* the lead's address */
	const char *cc, *bcc, *reply_to;	/* mailbox lists, optional */
	const char *subject;	/* one line of UTF-8, not empty */
	const char *body;	/* UTF-8 text, lines ended by LF */
	int64_t date;		/* the Date: header's moment ... */
	const char *tz;		/* ... in this zone (NULL: local) */
	const char *msgid;	/* Message-ID: "<left@right>" */
};

/*
 * The message as RFC 5322 text with LF line ends (as sendmail -t reads
 * it): Date, From, To, Cc, Bcc, Reply-To, Subject, Message-ID,
 * MIME-Version 1.0, Content-Type text/plain;
 * charset=UTF-8, and Content-Transfer-Encoding 7bit when the body is
 * ASCII with lines of at most 998 octets, else quoted-printable.  Display
 * names and the subject that are not plain ASCII are RFC 2047
 * encoded-words (Q); header lines are folded at 78 characters where they
 * can be.  *out is NUL-terminated, to free().  0, or -1: EDATA for an
 * unusable address or subject (the message says which), EOSERR.
 */
int leads_email_format(const struct leads_email *m, char **out, size_t *len,
    struct leads_err *err);

/*
 * Append one message to an mbox stream (mboxrd): a "From ADDR DATE" line
 * (DATE as asctime(3) in UTC), the message with every line that starts
 * with ">*From " given one more '>', and a blank line.  0 or -1 (EOSERR).
 */
struct leads_buf;
int leads_mbox_add(struct leads_buf *b, const char *sender, int64_t t,
    const char *msg, size_t len, struct leads_err *err);

/* ---- what lead-send sends ------------------------------------------- */

struct leads_conf;
struct leads_db;
struct leads_tpls;

/*
 * The email steps that are due at now and can be sent now, in the order
 * lead-due lists them: the lead's current step is an email step with a
 * template, it has an email address, its owner is owner (NULL: anyone's)
 * and its working hours are open at now in its zone.  At most limit (0:
 * all).  They are the first *n of *items; free all *total with
 * leads_due_free().
 */
int leads_send_due(struct leads_db *db, const struct leads_conf *c,
    int64_t now, const char *owner, long limit,
    struct leads_due_item **items, size_t *n, size_t *total,
    struct leads_err *err);

/* The step of a due item (owned by c), or NULL. */
const struct leads_step *leads_send_step(const struct leads_conf *c,
    const struct leads_due_item *it);

/* A message made for one due step. */
struct leads_sendable {
	char *msg;		/* the message, LF line ends */
	size_t len;
	char from[LEADS_MAIL_ADDR];	/* the sender's address */
	char to[LEADS_MAIL_ADDR];	/* the lead's address */
	const char *template;	/* the step's template (the conf's) */
	char msgid[512];	/* "<...>", as in the message */
};

/*
 * Make the message of it, a due step from leads_send_due(), reading the
 * lead afresh: 1 when made; 0 when the lead is no longer at that step,
 * due (someone else has done it) or reachable by email; -1 with err:
 * ECONFIG when there is no sender (the message says what to set), EDATA
 * when the lead's data make no valid message.  Release with
 * leads_sendable_release().
 */
int leads_send_make(struct leads_db *db, const struct leads_conf *c,
    const struct leads_tpls *tpls, const struct leads_due_item *it,
    int64_t now, struct leads_sendable *s, struct leads_err *err);
void leads_sendable_release(struct leads_sendable *s);

#endif
