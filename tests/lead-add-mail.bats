#!/usr/bin/env bats
# lead-add -f mail: a web-form notification email, as a mail filter pipes
# it in, becomes a lead.  The messages are in tests/data/mail.

load helper

tab=$'\t'
mail="$BATS_TEST_DIRNAME/data/mail"
examples="$BATS_TEST_DIRNAME/../examples"

# hold_lock: another program holds the database's write lock until
# release_lock, as a long transaction would.
hold_lock() {
	mkfifo hold
	sqlite3 "$LEADS_DB" < hold > held.out 2>&1 3>&- &
	exec 4> hold
	echo "BEGIN EXCLUSIVE; SELECT 'held';" >&4
	until [ -s held.out ]; do sleep 0.05; done
}

release_lock() {
	echo "ROLLBACK;" >&4
	exec 4>&-
	wait
}

# lead ID: its columns, '|'-separated.
lead() {
	sql "SELECT name, email, phone, company, source, created FROM leads
	    WHERE id = $1"
}

# extra ID: its extra fields, as JSON.
extra() {
	sql "SELECT extra FROM leads WHERE id = $1"
}

# note ID: the note of its first event.
note() {
	sql "SELECT note FROM events WHERE lead_id = $1 ORDER BY id LIMIT 1"
}

@test "Contact Form 7: name and email from its From line, the message up to the signature, the mail's Date" {
	run -0 --separate-stderr lead-add -f mail --source web-form < "$mail/cf7.eml"
	[ "$output" = "1${tab}new" ]
	[ -z "$stderr" ]
	[ "$(lead 1)" = "Ana Ruiz|ana.ruiz@example.net|||web-form|1795427892" ]
	# A line that looks like a field stays in the message.
	[ "$(note 1)" = "$(printf 'Hello,\nwe need 40 stacking chairs for a hall.\nBudget: about 2,000 EUR\n\nDelivery by March if possible.')" ]
	[ "$(extra 1)" = '{"From":"Ana Ruiz <ana.ruiz@example.net>","Subject":"Quote for 40 chairs","mail subject":"Example Site \"Quote for 40 chairs\""}' ]
}

@test "Contact Form 7 5.x, quoted-printable: From: NAME EMAIL; a phone line after the message is the phone" {
	run -0 lead-add -f mail --country AU < "$mail/cf7-5x.eml"
	[ "$(lead 1)" = "Bo Li|bo.li@example.org|+61412345678|||1795426800" ]
	[ "$(note 1)" = "$(printf 'Are you open on Saturdays? I would like to drop by with the plans \xe2\x80\x93 ideally before noon.\nNote: the side entrance is fine too.')" ]
	[ "$(sql "SELECT json_extract(extra, '\$.From') FROM leads")" = "Bo Li <bo.li@example.org>" ]
}

@test "Gravity Forms text, quoted-printable UTF-8: fields, a section rule, a message of two paragraphs" {
	run -0 lead-add -f mail --country AU < "$mail/gravity-text.eml"
	[ "$(lead 1)" = "Chloé Martin|chloe.martin@example.fr|+61391234567|Atelier Martin||1795426867" ]
	[ "$(note 1)" = "$(printf 'We would like a quote for a kitchen of about 12 m\xc2\xb2, including new cabinets and a stone bench top.\n\nCould someone call after 3pm?')" ]
	# The section's title is no field, and no part of the one before.
	[ "$(extra 1)" = '{"Service":"Kitchen renovation","subject":"New submission from Get a quote"}' ]
}

@test "Gravity Forms HTML table: bold label rows, value rows, entities, a section row" {
	run -0 lead-add -f mail < "$mail/gravity-html.eml"
	[ "$(lead 1)" = "Cy & Dana O'Neil|cy.oneil@example.ie|+35312345678|||1795426200" ]
	# A line of a value that looks like a field stays in the value.
	[ "$(note 1)" = "$(printf 'Two offices to paint.\nTime: after 6pm \xe2\x80\x93 weekdays.')" ]
	[ "$(extra 1)" = '{"subject":"New submission from Contact Us"}' ]
}

@test "multipart/mixed: a text part of no fields gives way to the HTML table in base64; the attachment is passed over" {
	run -0 lead-add -f mail < "$mail/gravity-alt.eml"
	[ "$(lead 1)" = "Kim Lee|kim.lee@example.kr|+8223123456|||1795425900" ]
	# The paragraph after the table is no part of its last value.
	[ "$(extra 1)" = '{"Preferred day":"Saturday\nor Sunday","subject":"New submission from Book a visit"}' ]
}

@test "WPForms plain text in base64 with CRLF: headings, (empty), paragraphs; the body's email, not Reply-To" {
	run -0 lead-add -f mail < "$mail/wpforms.eml"
	[ "$(lead 1)" = "Di Eve|di.eve@example.co.uk||||1795425165" ]
	# WPForms' default "Comment or Message" is the lead's note.
	[ "$(note 1)" = "$(printf 'Please send a brochure.\n\nThanks!')" ]
	[ "$(extra 1)" = '{"subject":"New Entry: Simple Contact Form"}' ]
}

@test "multipart/alternative: the quoted-printable text part is read, not the HTML; first and last name" {
	run -0 lead-add -f mail --country US < "$mail/multipart-qp.eml"
	[ "$(lead 1)" = "Evan Stone|evan@stone.example|+12125550100|||1795427430" ]
	# A soft line break joins the value again.
	[ "$(sql "SELECT json_extract(extra, '\$.Best time to call') FROM leads")" = \
	    "$(printf 'Tuesday morning \xe2\x80\x93 before 11 please, we are in a workshop all afternoon and cannot hear the phone.')" ]
}

@test "ISO-8859-1 body, RFC 2047 encoded Subject and names" {
	run -0 lead-add -f mail < "$mail/latin1.eml"
	[ "$(lead 1)" = "José Núñez|jose.nunez@example.es|+34612345678|||1795427700" ]
	# Byte 0x96 of an ISO-8859-1 label is read as Windows-1252 writes it.
	[ "$(note 1)" = "Eine Torte für 20 Personen, bitte – mit Erdbeeren." ]
	# Encoded words in two charsets, one split across a fold.
	[ "$(sql "SELECT json_extract(extra, '\$.subject') FROM leads")" = \
	    "Anfrage von José Núñez: Geburtstagstorte für Samstag" ]
	[ "$(sql "SELECT json_extract(extra, '\$.reply-to') FROM leads")" = \
	    "José Núñez <jose.nunez@example.es>" ]
}

@test "no email in the body: Reply-To gives it, and its name when the body has none" {
	run -0 lead-add -f mail < "$mail/replyto.eml"
	[ "$(lead 1)" = "Fay Gu|fay.gu@example.com||||1795424700" ]
	[ "$(note 1)" = "Do you deliver to the north side?" ]
	[ "$(sql "SELECT json_extract(extra, '\$.reply-to') FROM leads")" = \
	    "Gu, Fay <fay.gu@example.com>" ]
	sed '/^Your Name:/d; s/^Reply-To: .*/Reply-To: =?UTF-8?Q?Zo=C3=AB_Ng?= <zoe@example.com>/' \
	    "$mail/replyto.eml" > noname.eml
	run -0 lead-add -f mail noname.eml
	[ "$(sql 'SELECT name, email FROM leads WHERE id = 2')" = "Zoë Ng|zoe@example.com" ]
}

@test "no Reply-To: From is the lead, unless it is the site mailing itself or a robot" {
	# A letter, no form: From gives the lead, the text is the message.
	run -0 lead-add -f mail < "$mail/letter.eml"
	[ "$(lead 1)" = "Ivy Ng|ivy.ng@example.net||||1795425300" ]
	[ "$(note 1)" = "$(printf 'Hi there,\n\ndo you cater for 60 people on a Saturday in January?\n\nThanks,\nIvy')" ]
	[ "$(extra 1)" = '{"from":"Ivy Ng <ivy.ng@example.net>","subject":"Catering for 60 people?"}' ]
	# From is one of the addresses it went to: the site's own.
	sed 's/^From: .*/From: Sales <SALES@example.com>/' "$mail/letter.eml" > self.eml
	run -65 --separate-stderr lead-add -f mail self.eml
	[ "$stderr" = "lead-add: self.eml:1: no email or phone" ]
	sed 's/^From: .*/From: Example <no-reply@example.net>/' "$mail/letter.eml" > robot.eml
	run -65 --separate-stderr lead-add -f mail robot.eml
	[ "$stderr" = "lead-add: robot.eml:1: no email or phone" ]
	[ "$(count)" = "1" ]
}

@test "a mail with no contact anywhere: 65 with the reason, nothing stored, --rejects keeps it as it came" {
	cp "$mail/nocontact.eml" in.eml
	run -65 --separate-stderr lead-add -f mail --rejects bad.eml in.eml
	[ -z "$output" ]
	[ "$stderr" = "lead-add: in.eml:1: no email or phone" ]
	[ "$(count)" = "0" ]
	cmp bad.eml in.eml
}

@test "an mbox From line, CRLF line endings; a message is detected without -f, a form body is not" {
	run -0 lead-add < "$mail/mbox.eml"
	[ "$output" = "1${tab}new" ]
	[ "$(lead 1)" = "Ines Ito|ines@example.jp|+81312345678|||1795427040" ]
	run -0 lead-add --country US "$mail/crlf.eml"
	[ "$(lead 2)" = "Jon Kay|jon.kay@example.com|+16502530000|||1795426500" ]
	[ "$(note 2)" = "$(printf 'Two rooms.\nBoth upstairs.')" ]
	# A Contact Form 7 body, no headers: kv, one record each.
	printf 'From: Cy Do <cy@example.org>\nSubject: Hi\n\nMessage Body:\nHello\n\nFrom: Di <di@example.org>\n' > body.txt
	run -0 lead-add body.txt
	[ "$output" = "$(printf '3\tnew\n4\tnew')" ]
	[ "$(sql 'SELECT email FROM leads WHERE id = 4')" = "di@example.org" ]
}

@test "the same message delivered twice is one lead, a duplicate" {
	run -0 lead-add -f mail < "$mail/cf7.eml"
	run -0 lead-add -f mail < "$mail/cf7.eml"
	[ "$output" = "1${tab}duplicate" ]
	[ "$(count)" = "1" ]
	[ "$(sql 'SELECT count(*) FROM events')" = "1" ]
}

@test "over 10 MiB: 65 and a clear message; a large attachment under it is passed over" {
	# An uploaded file, attached: 7 MB become 9.3 MB of base64.
	{
		sed -n '1,/^MIME-Version/p' "$mail/cf7.eml"
		printf 'Content-Type: multipart/mixed; boundary="up"\n\n--up\n'
		printf 'Content-Type: text/plain; charset=UTF-8\n\n'
		sed '1,/^$/d' "$mail/cf7.eml"
		printf '\n--up\nContent-Type: application/pdf\n'
		printf 'Content-Disposition: attachment; filename="plans.pdf"\n'
		printf 'Content-Transfer-Encoding: base64\n\n'
		head -c 7000000 /dev/zero | base64 -w 76
		printf -- '--up--\n'
	} > big.eml
	[ "$(wc -c < big.eml)" -lt 10485760 ]
	run -0 lead-add -f mail big.eml
	[ "$(sql 'SELECT email FROM leads')" = "ana.ruiz@example.net" ]
	{ cat big.eml; head -c 1200000 /dev/zero | tr '\0' 'A'; } > huge.eml
	[ "$(wc -c < huge.eml)" -gt 10485760 ]
	run -65 --separate-stderr lead-add -f mail --rejects bad.eml < huge.eml
	[ "$stderr" = "lead-add: <stdin>:1: message over 10485760 bytes" ]
	[ ! -s bad.eml ]
	[ "$(count)" = "1" ]
}

@test "a broken message: 65 with the reason, never a crash" {
	printf 'Just a line of text\n' > text.eml
	run -65 --separate-stderr lead-add -f mail text.eml
	[ "$stderr" = "lead-add: text.eml:1: not a mail message: no header lines" ]
	printf 'From: a@example.com\nContent-Transfer-Encoding: base64\n\nEmail: *** not base64 ***\n' > b64.eml
	run -65 --separate-stderr lead-add -f mail b64.eml
	[ "$stderr" = "lead-add: b64.eml:1: bad base64 in the text/plain part" ]
	# Multipart in multipart, 20 deep.
	{
		printf 'From: a@example.com\n'
		for i in $(seq 20); do
			printf 'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' "$i" "$i"
		done
		printf 'Content-Type: text/plain\n\nEmail: deep@example.com\n'
	} > deep.eml
	run -65 --separate-stderr lead-add -f mail deep.eml
	[ "$stderr" = "lead-add: deep.eml:1: MIME parts nested deeper than 16" ]
	# Bytes that are no UTF-8 in a UTF-8 part, NUL and controls.
	printf 'From: a@example.com\nContent-Type: text/plain; charset=utf-8\n\nName: Bo\xff\x00\x01 Li\nEmail: bo@example.com\n' > bytes.eml
	run -0 lead-add -f mail bytes.eml
	[ "$(sql 'SELECT name FROM leads')" = "Bo� Li" ]
	[ "$(count)" = "1" ]
}

@test "--encoding cannot be given with mail: bad usage" {
	run -64 --separate-stderr lead-add -f mail -e latin1 < "$mail/cf7.eml"
	[ "$stderr" = "lead-add: <stdin>: a mail message names its own character sets: leave out --encoding" ]
	[ "$(count)" = "0" ]
}

@test "the database locked past the busy timeout: 75, nothing written; delivered again, it is stored" {
	lead-add -f mail -q < "$mail/cf7.eml"
	hold_lock
	run -75 --separate-stderr lead-add -f mail -q < "$mail/gravity-text.eml"
	[[ "$stderr" == "lead-add: cannot "*"database is locked" ]]
	release_lock
	[ "$(count)" = "1" ]
	run -0 lead-add -f mail < "$mail/gravity-text.eml"
	[ "$output" = "2${tab}new" ]
}

@test "with -f mail every failure that is not the message's exits 75; without it, its own status" {
	printf 'cadences:\n  - [\n' > bad.yaml
	run -78 --separate-stderr lead-add -c bad.yaml < "$mail/cf7.eml"
	run -75 --separate-stderr lead-add -f mail -c bad.yaml < "$mail/cf7.eml"
	[[ "$stderr" == "lead-add: bad.yaml:"* ]]
	head -c 4096 /dev/zero | tr '\0' 'x' > notadb
	run -74 --separate-stderr lead-add -d notadb < "$mail/cf7.eml"
	run -75 --separate-stderr lead-add -f mail -d notadb < "$mail/cf7.eml"
	[[ "$stderr" == *"file is not a database" ]]
	# Bad usage stays bad usage.
	run -64 --separate-stderr lead-add -f mail --country ZZ < "$mail/cf7.eml"
	[ ! -e "$LEADS_DB" ]
}

# The recipes in examples/, run by the programs they are written for: a
# notification is stored and not kept, one with no lead is filed, a busy
# database makes the mail system try again (75), other mail is left be.

@test "examples/procmailrc, run by procmail" {
	if ! command -v procmail > /dev/null; then
		# Without procmail: its command line, as procmail would run it.
		cmd=$(sed -n 's/^[[:space:]]*| //p' "$examples/procmailrc")
		[ -n "$cmd" ]
		run -0 sh -c "$cmd" < "$mail/cf7.eml"
		run -65 sh -c "$cmd" < "$mail/nocontact.eml"
		[ "$(count)" = "1" ]
		skip "procmail is not installed: only its command line was run"
	fi
	mkdir -p mail
	pm() {
		procmail -p -m PATH="$PATH" MAILDIR="$PWD/mail" \
		    DEFAULT="$PWD/mail/inbox/" LOGFILE="$PWD/procmail.log" \
		    "$examples/procmailrc" < "$1"
	}
	run -0 pm "$mail/cf7.eml"
	[ "$(sql 'SELECT email, source FROM leads')" = "ana.ruiz@example.net|web-form" ]
	[ -z "$(find mail -type f)" ]
	run -0 pm "$mail/nocontact.eml"
	[ "$(find mail/leads-failed/new -type f | wc -l)" = "1" ]
	grep -q "^lead-add: <stdin>:1: no email or phone$" procmail.log
	hold_lock
	run -75 pm "$mail/gravity-text.eml"
	release_lock
	[ "$(find mail -type f | wc -l)" = "1" ]
	[ "$(count)" = "1" ]
	run -0 pm "$mail/gravity-text.eml"
	[ "$(count)" = "2" ]
	run -0 pm "$mail/letter.eml"
	[ "$(find mail/inbox/new -type f | wc -l)" = "1" ]
	[ "$(count)" = "2" ]
}

@test "examples/maildrop-mailfilter, run by maildrop" {
	if ! command -v maildrop > /dev/null; then
		cmd=$(sed -n 's/^[[:space:]]*cc "| \(.*\)"$/\1/p' \
		    "$examples/maildrop-mailfilter")
		[ -n "$cmd" ]
		run -0 sh -c "$cmd" < "$mail/cf7.eml"
		run -65 sh -c "$cmd" < "$mail/nocontact.eml"
		[ "$(count)" = "1" ]
		skip "maildrop is not installed: only its command line was run"
	fi
	# maildrop sets HOME, PATH and DEFAULT itself: give it the test's.
	mkdir -p inbox/new inbox/cur inbox/tmp
	mkdir -p Maildir/.leads-failed/new Maildir/.leads-failed/cur \
	    Maildir/.leads-failed/tmp
	{
		printf 'HOME="%s"\nPATH="%s"\nDEFAULT="%s/inbox/"\n' "$PWD" \
		    "$PATH" "$PWD"
		cat "$examples/maildrop-mailfilter"
	} > mailfilter
	chmod 600 mailfilter
	run -0 maildrop ./mailfilter < "$mail/cf7.eml"
	[ "$(sql 'SELECT email, source FROM leads')" = "ana.ruiz@example.net|web-form" ]
	[ -z "$(find inbox Maildir -type f)" ]
	run -0 --separate-stderr maildrop ./mailfilter < "$mail/nocontact.eml"
	[ "$stderr" = "lead-add: <stdin>:1: no email or phone" ]
	[ "$(find Maildir/.leads-failed/new -type f | wc -l)" = "1" ]
	hold_lock
	run -75 maildrop ./mailfilter < "$mail/gravity-text.eml"
	release_lock
	[ "$(find inbox Maildir -type f | wc -l)" = "1" ]
	[ "$(count)" = "1" ]
	run -0 maildrop ./mailfilter < "$mail/gravity-text.eml"
	[ "$(count)" = "2" ]
	run -0 maildrop ./mailfilter < "$mail/letter.eml"
	[ "$(find inbox/new -type f | wc -l)" = "1" ]
	[ "$(count)" = "2" ]
}
