/*
 * template.h - email templates: where they are found, what they may say,
 * and the text they make for one lead.  Pure but for reading the
 * template files.  Internal to libleads and its programs, like conf.h;
 * not installed.
 *
 * A template is header lines (Subject: required; From:, Reply-To:, Cc:,
 * Bcc: allowed), a blank line, and the body.  Placeholders {{name}},
 * {{first_name|there}} (a fallback for an empty value), {{field.KEY}}
 * (a kept input field) stand for the lead's values; \{{ is a literal
 * "{{".  See leads-cadences(5), TEMPLATES.
 */
#ifndef LEADS_TEMPLATE_H
#define LEADS_TEMPLATE_H

#include <stddef.h>

#include "leads.h"

#define LEADS_TPL_MAX	65536	/* bytes in a template file */

/* The built-in templates (examples/templates), NULL-name terminated. */
struct leads_tpl_builtin {
	const char *name;	/* NAME of NAME.txt */
	const char *text;
};
extern const struct leads_tpl_builtin leads_default_templates[];

struct leads_tpl;

/*
 * Parse len bytes of buf as a template; name is used in messages
 * ("NAME:LINE:COLUMN: reason", ECONFIG): bad UTF-8 or control
 * characters, unknown or repeated headers, a missing or empty Subject:,
 * no blank line after the headers, an empty body, an unknown
 * placeholder or one not closed on its line, an address header without
 * placeholders that is no list of addresses.  Free with leads_tpl_free.
 */
struct leads_tpl *leads_tpl_parse(const char *buf, size_t len,
    const char *name, struct leads_err *err);
void leads_tpl_free(struct leads_tpl *t);

/* The name it was parsed under (a path, or "(built-in)/NAME.txt"). */
const char *leads_tpl_name(const struct leads_tpl *t);

/*
 * What the placeholders stand for; NULL or "" is empty.  first_name is
 * the first word of name, last_name the words after it.
 */
struct leads_tpl_vals {
	const char *id, *name, *company, *email, *phone, *source, *value;
	const char *owner;		/* the owner's name */
	const char *owner_email;	/* the owner's address */
	const char *extra;	/* JSON object text of the kept fields */
};

/* A rendered template.  Headers the template lacks, or empty, are NULL. */
struct leads_tpl_msg {
	char *subject, *from, *reply_to, *cc, *bcc;
	char *body;		/* LF line ends */
};

/*
 * Fill the template in: each placeholder's value as text, not expanded
 * again; an empty value gives the placeholder's fallback.  Header values
 * are one line (control characters, CR and LF become spaces, runs of
 * spaces one), so no value can add a header; the body's line ends are
 * LF.  A subject that comes out empty is EDATA.  0 or -1; release m with
 * leads_tpl_msg_release (also after a failure).
 */
int leads_tpl_render(const struct leads_tpl *t, const struct leads_tpl_vals *v,
    struct leads_tpl_msg *m, struct leads_err *err);
void leads_tpl_msg_release(struct leads_tpl_msg *m);

/* ---- the templates of a cadence file --------------------------------- */

struct leads_conf;
struct leads_tpls;

/*
 * The directory of c's templates, to free(): opt (--templates) if given;
 * else c's templates: (relative to the cadence file's directory; "~/" is
 * home); else templates/ beside the cadence file; for the built-in file,
 * $XDG_CONFIG_HOME/leads/templates when xdg_config_home is absolute,
 * else home's .config/leads/templates.  NULL with err->code 0 when there
 * is none (no home), else NULL on failure.  *given is set when opt or
 * templates: named it: it must then exist.
 */
char *leads_tpl_dir(const struct leads_conf *c, const char *opt,
    const char *xdg_config_home, const char *home, int *given,
    struct leads_err *err);

/*
 * Load and check every template c's email steps name: DIR/NAME.txt,
 * else the built-in NAME; one found nowhere is an error at the step's
 * template: ("FILE:LINE:COLUMN: template 'x' not found: ...", ECONFIG).
 * A directory given by opt that does not exist is ENOINPUT, by
 * templates: ECONFIG.  Free with leads_tpls_free.
 */
struct leads_tpls *leads_tpls_load(const struct leads_conf *c,
    const char *opt, const char *xdg_config_home, const char *home,
    struct leads_err *err);
void leads_tpls_free(struct leads_tpls *s);

/* The template called name (owned by s), or NULL. */
const struct leads_tpl *leads_tpls_get(const struct leads_tpls *s,
    const char *name);
/* The directory looked in, or NULL when there was none. */
const char *leads_tpls_dir(const struct leads_tpls *s);
/* How many templates s holds. */
size_t leads_tpls_count(const struct leads_tpls *s);

#endif
