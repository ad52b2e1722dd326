/*
 * Unit tests of template.c and the message half of send.c: templates
 * parsed and filled in, addresses, and the RFC 5322 / MIME text made
 * of them, decoded back here to prove it says what was meant.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leads.h"
#include "conf.h"
#include "internal.h"
#include "send.h"
#include "template.h"

/* Monday 2026-11-23 10:10:00 UTC. */
#define T1010	1795428600

static const struct leads_tpl_vals ana = {
	.id = "7", .name = "Ana Maria  Ruiz", .company = "Acme",
	.email = "ana@example.com", .phone = "+15551230001", .source = "web",
	.value = "1250.5", .owner = "alice", .owner_email = "alice@example.com",
	.extra = "{\"Budget\":\"5,000\",\"n\":3,\"r\":2.5,\"ok\":true,"
	    "\"nil\":null,\"blank\":\"  \"}"
};

static struct leads_tpl *
parse(const char *text)
{
	struct leads_err err;
	struct leads_tpl *t;

	if ((t = leads_tpl_parse(text, strlen(text), "t.txt", &err)) == NULL)
		fail_msg("%s", err.msg);
	return t;
}

/* Render text for v into m, which the caller releases. */
static void
render(const char *text, const struct leads_tpl_vals *v,
    struct leads_tpl_msg *m)
{
	struct leads_tpl *t = parse(text);
	struct leads_err err;

	if (leads_tpl_render(t, v, m, &err) == -1)
		fail_msg("%s", err.msg);
	leads_tpl_free(t);
}

static void
test_every_placeholder(void **state)
{
	struct leads_tpl_msg m;

	(void)state;
	render("Subject: {{first_name}} at {{company}}\n"
	    "Cc: {{owner_email}}\n"
	    "\n"
	    "{{name}}|{{first_name}}|{{last_name}}|{{company}}|{{owner}}|"
	    "{{owner_email}}|{{email}}|{{phone}}|{{source}}|{{value}}|"
	    "{{id}}\n"
	    "{{field.Budget}} {{field.budget}} {{ field.n }} {{field.r}} "
	    "{{field.ok}} [{{field.nil|none}}] [{{field.blank|blank}}] "
	    "[{{field.missing}}]\n", &ana, &m);
	assert_string_equal(m.subject, "Ana at Acme");
	assert_string_equal(m.cc, "alice@example.com");
	assert_null(m.from);
	assert_null(m.reply_to);
	assert_null(m.bcc);
	assert_string_equal(m.body,
	    "Ana Maria  Ruiz|Ana|Maria  Ruiz|Acme|alice|alice@example.com|"
	    "ana@example.com|+15551230001|web|1250.5|7\n"
	    "5,000 5,000 3 2.5 true [none] [blank] []\n");
	leads_tpl_msg_release(&m);
}

static void
test_fallbacks(void **state)
{
	static const char *const extras[] = {
		NULL, "", "[1]", "{", "\"text\""
	};
	struct leads_tpl_vals v;
	struct leads_tpl_msg m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(extras) / sizeof(extras[0]); i++) {
		memset(&v, 0, sizeof(v));
		v.name = "  Bo\t";
		v.company = " \t ";	/* blank counts as empty */
		v.extra = extras[i];
		render("Subject: {{company|Your enquiry}}\n\n"
		    "Dear {{first_name|there}}{{last_name}},\n"
		    "{{ company | our team }}/{{field.Budget|?}}/{{owner|}}\n",
		    &v, &m);
		assert_string_equal(m.subject, "Your enquiry");
		assert_string_equal(m.body, "Dear Bo,\nour team/?/\n");
		leads_tpl_msg_release(&m);
	}
	memset(&v, 0, sizeof(v));
	render("Subject: x\n\nDear {{first_name|there}} {{last_name|}}.\n",
	    &v, &m);
	assert_string_equal(m.body, "Dear there .\n");
	leads_tpl_msg_release(&m);
}

/* A value is text: never expanded, and never more than one header line. */
static void
test_values_are_text(void **state)
{
	struct leads_tpl_vals v;
	struct leads_tpl_msg m;
	struct leads_tpl *t;
	struct leads_err err;

	(void)state;
	memset(&v, 0, sizeof(v));
	v.name = "Ana\r\nBcc: x@example.com\tZ {{id}}";
	v.company = "A\x01" "B\r\x7f" "C\r\nD";
	v.id = "9";
	render("Subject: Hi {{name}}  {{id}}\n"
	    "Reply-To: {{field.rt|a@example.com}}\n"
	    "\n{{name}}\n{{company}}\n", &v, &m);
	assert_string_equal(m.subject,
	    "Hi Ana Bcc: x@example.com Z {{id}} 9");
	assert_string_equal(m.reply_to, "a@example.com");
	assert_string_equal(m.body,
	    "Ana\nBcc: x@example.com\tZ {{id}}\nA B\n C\nD\n");
	leads_tpl_msg_release(&m);

	/* An empty subject is the lead's problem, not the template's. */
	t = parse("Subject: {{company}} {{field.x}}\n\nx\n");
	memset(&v, 0, sizeof(v));
	assert_int_equal(leads_tpl_render(t, &v, &m, &err), -1);
	assert_int_equal(err.code, LEADS_EDATA);
	assert_string_equal(err.msg, "template 't.txt': the subject comes "
	    "out empty: give its placeholders a fallback, such as "
	    "{{company|your enquiry}}");
	leads_tpl_msg_release(&m);
	leads_tpl_free(t);
}

static void
test_syntax(void **state)
{
	struct leads_tpl_vals v;
	struct leads_tpl_msg m;

	(void)state;
	memset(&v, 0, sizeof(v));
	v.name = "Ana";
	/* \{{ is "{{"; lone braces and }} are text; headers fold. */
	render("\xef\xbb\xbfSUBJECT:\tHello\r\n"
	    "   {{name}}\r\n"
	    "reply-to: a@example.com,\r\n"
	    "\tb@example.com\r\n"
	    "\r\n"
	    "\\{{name}} {name} { {name} } }} \\x {{name}}\r\n"
	    "\r\n"
	    "last line without end", &v, &m);
	assert_string_equal(m.subject, "Hello Ana");
	assert_string_equal(m.reply_to, "a@example.com, b@example.com");
	assert_string_equal(m.body, "{{name}} {name} { {name} } }} \\x Ana\n"
	    "\nlast line without end\n");
	leads_tpl_msg_release(&m);
}

static void
test_parse_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "", "t.txt:1:1: empty template" },
		{ "\n\nx\n", "t.txt:1:1: no headers: start with Subject: and "
		    "a blank line before the body" },
		{ "Subject: x\n", "t.txt:1:1: no blank line after the "
		    "headers: the body follows a blank line" },
		{ "Subject: x\nFrom: a@example.com", "t.txt:2:1: no blank "
		    "line after the headers: the body follows a blank line" },
		{ "From: a@example.com\n\nx\n", "t.txt:1:1: no Subject: "
		    "header" },
		{ "Subject:\n\nx\n", "t.txt:1:9: empty Subject:" },
		{ "Subject: {{name}}\n\n \n\t\n", "t.txt:3:1: empty body" },
		{ "Subject: x\nSubject: y\n\nx\n", "t.txt:2:1: header "
		    "'Subject' given twice" },
		{ "Subject: x\nTo: a@example.com\n\nx\n", "t.txt:2:1: "
		    "unknown header 'To': use Subject, From, Reply-To, Cc or "
		    "Bcc" },
		{ "Subject: x\nno colon\n\nx\n", "t.txt:2:1: bad header line "
		    "'no colon': write Subject: and the other headers, a "
		    "blank line, then the body" },
		{ "Subject: x\nX Y: z\n\nx\n", "t.txt:2:1: bad header line "
		    "'X Y: z': write Subject: and the other headers, a blank "
		    "line, then the body" },
		{ " Subject: x\n\nx\n", "t.txt:1:1: a continuation line with "
		    "no header before it" },
		{ "Subject: Olá {{nome}}\n\nx\n", "t.txt:1:14: unknown "
		    "placeholder '{{nome}}': use name, first_name, last_name, "
		    "company, owner, owner_email, email, phone, source, value, "
		    "id or field.KEY" },
		{ "Subject: x\n\nDear {{Name}}\n", "t.txt:3:6: unknown "
		    "placeholder '{{Name}}': use name, first_name, last_name, "
		    "company, owner, owner_email, email, phone, source, value, "
		    "id or field.KEY" },
		{ "Subject: x\n\n{{}}\n", "t.txt:3:1: empty placeholder "
		    "'{{}}': use name, first_name, last_name, company, owner, "
		    "owner_email, email, phone, source, value, id or "
		    "field.KEY" },
		{ "Subject: x\n\n{{field. }}\n", "t.txt:3:1: bad field name "
		    "in '{{field.}}'" },
		{ "Subject: x\n\nDear {{name\n}}\n", "t.txt:3:6: placeholder "
		    "not closed: '{{' without '}}' on its line (write \\{{ for "
		    "a literal {{)" },
		{ "Subject: x\n\nDear {{name}\n", "t.txt:3:6: placeholder "
		    "not closed: '{{' without '}}' on its line (write \\{{ for "
		    "a literal {{)" },
		{ "Subject: x\n\na\rb\n", "t.txt:3:2: control character "
		    "0x0d" },
		{ "Subject: x\n\nab\x1b[0m\n", "t.txt:3:3: control character "
		    "0x1b" },
		{ "Subject: \xff\n\nx\n", "t.txt:1:1: not valid UTF-8" },
		{ "Subject: x\nFrom: Ana\n\nx\n", "t.txt:2:7: From: bad "
		    "email 'Ana': no '@'" },
		{ "Subject: x\nFrom: a@example.com, b@example.com\n\nx\n",
		    "t.txt:2:7: From: bad address 'a@example.com, "
		    "b@example.com': write name@example.com or Name "
		    "<name@example.com>" },
		{ "Subject: x\nBcc: a@example.com,,\n\nx\n", "t.txt:2:6: Bcc: "
		    "empty address" },
		{ "Subject: x\nCc: José <jose@exämple.com>\n\nx\n",
		    "t.txt:2:5: Cc: bad email 'jose@exämple.com': not ASCII "
		    "(internationalized addresses are not sent)" },
	};
	struct leads_err err;
	struct leads_tpl *t;
	char big[LEADS_TPL_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (leads_tpl_parse(bad[i].text, strlen(bad[i].text), "t.txt",
		    &err) != NULL)
			fail_msg("accepted: %s", bad[i].text);
		if (strcmp(err.msg, bad[i].msg) != 0)
			fail_msg("%s\n got: %s\nwant: %s", bad[i].text,
			    err.msg, bad[i].msg);
		assert_int_equal(err.code, LEADS_ECONFIG);
	}
	/* A NUL is no text; and the size has a limit. */
	assert_null(leads_tpl_parse("Subject: x\n\na\0b\n", 15, "t.txt",
	    &err));
	assert_string_equal(err.msg, "t.txt:3:2: NUL character");
	memset(big, 'x', sizeof(big));
	memcpy(big, "Subject: x\n\n", 12);
	assert_null(leads_tpl_parse(big, LEADS_TPL_MAX + 1, "t.txt", &err));
	assert_string_equal(err.msg, "t.txt:1:1: larger than 64 KiB");
	t = leads_tpl_parse(big, LEADS_TPL_MAX, "t.txt", &err);
	assert_non_null(t);
	leads_tpl_free(t);
}

static void
test_mailbox(void **state)
{
	static const struct {
		const char *in, *name, *addr;
	} good[] = {
		{ "ana@example.com", "", "ana@example.com" },
		{ "  Ana@Example.COM\t", "", "ana@example.com" },
		{ "Ana Ruiz <ana@example.com>", "Ana Ruiz", "ana@example.com" },
		{ "<ana@example.com>", "", "ana@example.com" },
		{ "\"Ruiz, Ana \\\"A\\\"\" <ana@example.com>",
		    "Ruiz, Ana \"A\"", "ana@example.com" },
		{ "José Álvarez < jose@example.com >", "José Álvarez",
		    "jose@example.com" },
	};
	static const struct {
		const char *in, *msg;
	} bad[] = {
		{ "", "empty address" },
		{ "  ", "empty address" },
		{ "ana", "bad email 'ana': no '@'" },
		{ "Ana ana@example.com", "bad address 'Ana ana@example.com': "
		    "write name@example.com or Name <name@example.com>" },
		{ "Ana >", "bad address 'Ana >': '>' without '<'" },
		{ "A\"na <a@example.com>", "bad name 'A\"na': put it in "
		    "double quotes" },
		{ "\"A\"na\" <a@example.com>", "bad name '\"A\"na\"': a '\"' "
		    "inside the quotes" },
		{ "A\tB\x01 <a@example.com>", "bad name 'A?B?': control "
		    "characters" },
		{ "Ana <ana@ex ample.com>", "bad email 'ana@ex ample.com': "
		    "contains white space" },
	};
	char name[LEADS_MAIL_NAME], addr[LEADS_MAIL_ADDR], small[4];
	struct leads_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (leads_mailbox_parse(good[i].in, name, sizeof(name), addr,
		    sizeof(addr), &err) == -1)
			fail_msg("%s: %s", good[i].in, err.msg);
		assert_string_equal(name, good[i].name);
		assert_string_equal(addr, good[i].addr);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (leads_mailbox_parse(bad[i].in, name, sizeof(name), addr,
		    sizeof(addr), &err) == 0)
			fail_msg("accepted: %s", bad[i].in);
		assert_int_equal(err.code, LEADS_EDATA);
		if (strcmp(err.msg, bad[i].msg) != 0)
			fail_msg("%s\n got: %s\nwant: %s", bad[i].in, err.msg,
			    bad[i].msg);
	}
	assert_int_equal(leads_mailbox_parse("Anabel <a@example.com>", small,
	    sizeof(small), addr, sizeof(addr), &err), -1);
	assert_string_equal(err.msg, "bad name 'Anabel': longer than 3 "
	    "bytes");
	assert_int_equal(leads_mailbox_list_check("a@example.com, \"B, C\" "
	    "<b@example.com>,<c@example.com>", &err), 0);
	assert_int_equal(leads_mailbox_list_check(" ", &err), -1);
	assert_string_equal(err.msg, "empty address");
}

/* ---- decoding what was made, to check it ------------------------------ */

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ?
	    c - 'A' + 10 : -1;
}

/* The value of header name in msg, unfolded, encoded-words decoded. */
static char *
header(const char *msg, const char *name)
{
	struct leads_buf raw = LEADS_BUF_INIT, out = LEADS_BUF_INIT;
	const char *p = msg, *e, *w, *q;
	size_t n = strlen(name);
	int in = 0, prev_ew = 0;

	for (; *p != '\0' && *p != '\n'; p = e + 1) {
		e = strchr(p, '\n');
		if (*p == ' ' && in)
			leads_buf_add(&raw, p, (size_t)(e - p));
		else if (in)
			break;
		else if (strncmp(p, name, n) == 0 && p[n] == ':') {
			in = 1;
			leads_buf_add(&raw, p + n + 1, (size_t)(e - p - n - 1));
		}
	}
	if (!in)
		return NULL;
	/* Words; white space between two encoded-words is dropped. */
	for (p = leads_buf_str(&raw); *p != '\0'; p = e) {
		for (w = p; *w == ' '; w++)
			;
		if (strncmp(w, "=?UTF-8?Q?", 10) == 0) {
			q = strstr(w + 10, "?=");
			assert_non_null(q);
			if (!prev_ew && w > p && out.len > 0)
				leads_buf_addc(&out, ' ');
			for (w += 10; w < q; w++) {
				if (*w == '_')
					leads_buf_addc(&out, ' ');
				else if (*w == '=') {
					leads_buf_addc(&out, hexval(w[1]) * 16 +
					    hexval(w[2]));
					w += 2;
				} else
					leads_buf_addc(&out, *w);
			}
			e = q + 2;
			prev_ew = 1;
			continue;
		}
		e = w + strcspn(w, " ");
		if (out.len > 0 && w > p)
			leads_buf_addc(&out, ' ');
		leads_buf_add(&out, w, (size_t)(e - w));
		prev_ew = 0;
	}
	leads_buf_release(&raw);
	return out.s != NULL ? out.s : strdup("");
}

/* The body of msg, quoted-printable decoded. */
static char *
qp_body(const char *msg)
{
	struct leads_buf out = LEADS_BUF_INIT;
	const char *p = strstr(msg, "\n\n");

	assert_non_null(p);
	for (p += 2; *p != '\0'; p++) {
		if (*p == '=' && p[1] == '\n')
			p++;
		else if (*p == '=') {
			assert_true(hexval(p[1]) >= 0 && hexval(p[2]) >= 0);
			leads_buf_addc(&out, hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		} else
			leads_buf_addc(&out, *p);
	}
	return out.s;
}

/* Every line: no CR; headers ASCII within 78, the body within 76 (qp). */
static void
check_lines(const char *msg, size_t body_max)
{
	const char *p, *e;
	int head = 1;

	assert_null(strchr(msg, '\r'));
	for (p = msg; *p != '\0'; p = e + 1) {
		e = strchr(p, '\n');
		assert_non_null(e);
		if (e == p)
			head = 0;
		if (head) {
			if ((size_t)(e - p) > 78)
				fail_msg("header line of %zu: %.*s",
				    (size_t)(e - p), (int)(e - p), p);
			for (; p < e; p++)
				assert_true((unsigned char)*p < 0x80);
		} else if ((size_t)(e - p) > body_max)
			fail_msg("body line of %zu", (size_t)(e - p));
	}
}

static void
test_message_ascii(void **state)
{
	struct leads_email m;
	struct leads_err err;
	char *out;
	size_t len;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.from = "alice <Alice@Example.com>";
	m.to_name = "Ruiz, Ana";
	m.to = "ana@example.com";
	m.cc = "b@example.com, \"C, D\" <c@example.com>";
	m.reply_to = "sales@example.com";
	m.subject = "Sorry we missed you";
	m.body = "Hello Ana,\n\nFrom the team";
	m.date = T1010;
	m.tz = "America/New_York";
	m.msgid = "<leads.7.missed-you.1795428600@example.com>";
	assert_int_equal(leads_email_format(&m, &out, &len, &err), 0);
	assert_int_equal(len, strlen(out));
	assert_string_equal(out,
	    "Date: Mon, 23 Nov 2026 05:10:00 -0500\n"
	    "From: alice <alice@example.com>\n"
	    "To: \"Ruiz, Ana\" <ana@example.com>\n"
	    "Cc: b@example.com, \"C, D\" <c@example.com>\n"
	    "Reply-To: sales@example.com\n"
	    "Subject: Sorry we missed you\n"
	    "Message-ID: <leads.7.missed-you.1795428600@example.com>\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 7bit\n"
	    "\n"
	    "Hello Ana,\n\nFrom the team\n");
	free(out);

	/* A bad address is the message's error, named. */
	m.cc = "x@example.com, nobody";
	assert_int_equal(leads_email_format(&m, &out, &len, &err), -1);
	assert_int_equal(err.code, LEADS_EDATA);
	assert_string_equal(err.msg, "Cc: bad email 'nobody': no '@'");
	assert_null(out);
	m.cc = NULL;
	m.to = "zoë@example.com";
	assert_int_equal(leads_email_format(&m, &out, &len, &err), -1);
	assert_string_equal(err.msg, "To: bad email 'zoë@example.com': not "
	    "ASCII (internationalized addresses are not sent)");
}

static void
test_message_encoded(void **state)
{
	static const char subject[] = "¿Seguimos, Zoë? Una propuesta para "
	    "Café «Ñ» — _con_ =?signos?= y una línea que hay que plegar "
	    "porque es larguísima, más de lo que cabe";
	static const char body[] =
	    "Hola Zoë,\n"
	    "From here on: a = b, \ttabs\t and trailing spaces   \n"
	    "From\n"
	    "ñ\n"
	    /* 80 ASCII characters: broken softly */
	    "12345678901234567890123456789012345678901234567890"
	    "123456789012345678901234567890\n"
	    /* a multi-byte character across the break */
	    "1234567890123456789012345678901234567890123456789012345678901"
	    "234567890123éé\n"
	    "76 chars exactly, last one a space, which is encoded as =20:"
	    " the end is here \n";
	struct leads_email m;
	struct leads_err err;
	char *out, *v;
	size_t len;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.from = "\"José Álvarez-Núñez\" <jose@example.com>";
	m.to_name = "Zoë Ñúñez =?x?=";
	m.to = "zoe@example.com";
	m.bcc = "Ünïcode Name With Many Words To Fold <u@example.com>, "
	    "v@example.com";
	m.subject = subject;
	m.body = body;
	m.date = T1010;
	m.msgid = "<x@example.com>";
	assert_int_equal(leads_email_format(&m, &out, &len, &err), 0);
	check_lines(out, 76);
	assert_non_null(strstr(out, "\nContent-Transfer-Encoding: "
	    "quoted-printable\n\n"));
	assert_non_null(strstr(out, "\nSubject: =?UTF-8?Q?=C2=BFSeguimos"));
	assert_non_null(strstr(out, "\n=46rom here on: a =3D b, \ttabs\t and "
	    "trailing spaces  =20\nFrom\n=C3=B1\n"));
	v = header(out, "Subject");
	assert_string_equal(v, subject);
	free(v);
	v = header(out, "From");
	assert_string_equal(v, "José Álvarez-Núñez <jose@example.com>");
	free(v);
	v = header(out, "To");
	assert_string_equal(v, "Zoë Ñúñez =?x?= <zoe@example.com>");
	free(v);
	v = header(out, "Bcc");
	assert_string_equal(v, "Ünïcode Name With Many Words To Fold "
	    "<u@example.com>, v@example.com");
	free(v);
	v = qp_body(out);
	assert_string_equal(v, body);
	free(v);
	free(out);

	/*
	 * A long ASCII subject folds at the last space that keeps the line
	 * within 78 characters; one long word is encoded instead.
	 */
	m.subject = "Following up on your enquiry about the kitchen, the "
	    "bathroom and the garden, as promised";
	m.body = "x";
	assert_int_equal(leads_email_format(&m, &out, &len, &err), 0);
	check_lines(out, 998);
	assert_non_null(strstr(out, "\nSubject: Following up on your enquiry "
	    "about the kitchen, the bathroom and the\n garden, as "
	    "promised\n"));
	free(out);
	m.subject = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	assert_int_equal(leads_email_format(&m, &out, &len, &err), 0);
	check_lines(out, 998);
	v = header(out, "Subject");
	assert_string_equal(v, m.subject);
	free(v);
	free(out);

	/* Long ASCII body lines are quoted-printable too. */
	m.subject = "x";
	{
		char *longline = malloc(1200);

		memset(longline, 'y', 1100);
		longline[1100] = '\0';
		m.body = longline;
		assert_int_equal(leads_email_format(&m, &out, &len, &err), 0);
		check_lines(out, 76);
		v = qp_body(out);
		assert_int_equal(strlen(v), 1101);
		assert_memory_equal(v, longline, 1100);
		free(v);
		free(out);
		longline[998] = '\0';
		assert_int_equal(leads_email_format(&m, &out, &len, &err), 0);
		assert_non_null(strstr(out, "Content-Transfer-Encoding: 7bit"));
		free(out);
		free(longline);
	}
}

static void
test_mbox(void **state)
{
	static const char msg[] = "From: a@example.com\nSubject: x\n\n"
	    "From me\n>From you\n>>From them\nsaid From\nFrom";
	struct leads_buf b = LEADS_BUF_INIT;
	struct leads_err err;

	(void)state;
	assert_int_equal(leads_mbox_add(&b, "a@example.com", T1010 - 86400 * 20,
	    msg, strlen(msg), &err), 0);
	assert_int_equal(leads_mbox_add(&b, "b@example.com", T1010, "x\n", 2,
	    &err), 0);
	assert_string_equal(leads_buf_str(&b),
	    "From a@example.com Tue Nov  3 10:10:00 2026\n"
	    "From: a@example.com\nSubject: x\n\n"
	    ">From me\n>>From you\n>>>From them\nsaid From\nFrom\n\n"
	    "From b@example.com Mon Nov 23 10:10:00 2026\nx\n\n");
	leads_buf_release(&b);
}

static struct leads_conf *
conf(const char *yaml, const char *name)
{
	struct leads_err err;
	struct leads_conf *c;

	if ((c = leads_conf_parse(yaml, strlen(yaml), name, &err)) == NULL)
		fail_msg("%s", err.msg);
	return c;
}

static void
check_dir(const struct leads_conf *c, const char *opt, const char *xdg,
    const char *home, const char *want, int want_given)
{
	struct leads_err err;
	char *d;
	int given = -1;

	d = leads_tpl_dir(c, opt, xdg, home, &given, &err);
	if (want == NULL) {
		assert_null(d);
		assert_int_equal(err.code, 0);
	} else {
		assert_non_null(d);
		assert_string_equal(d, want);
	}
	assert_int_equal(given, want_given);
	free(d);
}

static void
test_dir(void **state)
{
	static const char cads[] = "cadences:\n  a: { steps: [ { channel: "
	    "call, after: 0m } ] }\n";
	struct leads_conf *c;
	struct leads_err err;

	(void)state;
	c = conf(cads, "/etc/leads/cad.yaml");
	check_dir(c, NULL, NULL, "/home/u", "/etc/leads/templates", 0);
	check_dir(c, "t", NULL, "/home/u", "t", 1);
	check_dir(c, "", NULL, NULL, "/etc/leads/templates", 0);
	leads_conf_free(c);
	c = conf(cads, "cad.yaml");
	check_dir(c, NULL, NULL, NULL, "templates", 0);
	leads_conf_free(c);
	c = conf(cads, "/cad.yaml");
	check_dir(c, NULL, NULL, NULL, "/templates", 0);
	leads_conf_free(c);
	c = conf("templates: mail/t\n" "from: Sales <s@example.com>\n"
	    "sendmail: /usr/sbin/sendmail -t\n"
	    "cadences:\n  a: { steps: [ { channel: call, after: 0m } ] }\n",
	    "conf/cad.yaml");
	assert_string_equal(c->from, "Sales <s@example.com>");
	assert_string_equal(c->sendmail, "/usr/sbin/sendmail -t");
	check_dir(c, NULL, NULL, "/home/u", "conf/mail/t", 1);
	check_dir(c, "/x", NULL, "/home/u", "/x", 1);
	leads_conf_free(c);
	c = conf("templates: ~/mail\n" "cadences:\n  a: { steps: [ { "
	    "channel: call, after: 0m } ] }\n", "/etc/cad.yaml");
	check_dir(c, NULL, NULL, "/home/u/", "/home/u/mail", 1);
	check_dir(c, NULL, NULL, NULL, "/etc/~/mail", 1);
	leads_conf_free(c);
	c = conf("templates: /srv/t\n" "cadences:\n  a: { steps: [ { "
	    "channel: call, after: 0m } ] }\n", "/etc/cad.yaml");
	check_dir(c, NULL, NULL, "/home/u", "/srv/t", 1);
	leads_conf_free(c);
	/* The built-in file's: beside where the user's file would be. */
	assert_non_null(c = leads_conf_default(&err));
	check_dir(c, NULL, "/xdg", "/home/u", "/xdg/leads/templates", 0);
	check_dir(c, NULL, "relative", "/home/u",
	    "/home/u/.config/leads/templates", 0);
	check_dir(c, NULL, NULL, NULL, NULL, 0);
	leads_conf_free(c);
}

/* Every built-in template parses, and each names a placeholder. */
static void
test_builtins(void **state)
{
	const struct leads_tpl_builtin *b;
	struct leads_tpls *s;
	struct leads_conf *c;
	struct leads_err err;
	size_t n = 0;

	(void)state;
	for (b = leads_default_templates; b->name != NULL; b++, n++)
		leads_tpl_free(parse(b->text));
	assert_int_equal(n, 5);
	assert_non_null(c = leads_conf_default(&err));
	/* No home: the built-in templates alone. */
	if ((s = leads_tpls_load(c, NULL, NULL, NULL, &err)) == NULL)
		fail_msg("%s", err.msg);
	assert_int_equal(leads_tpls_count(s), 5);
	assert_null(leads_tpls_dir(s));
	assert_non_null(leads_tpls_get(s, "quote-follow-up"));
	assert_string_equal(leads_tpl_name(leads_tpls_get(s, "nurture")),
	    "(built-in)/nurture.txt");
	assert_null(leads_tpls_get(s, "nosuch"));
	leads_tpls_free(s);
	leads_conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_placeholder),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_values_are_text),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_mailbox),
		cmocka_unit_test(test_message_ascii),
		cmocka_unit_test(test_message_encoded),
		cmocka_unit_test(test_mbox),
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_builtins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
