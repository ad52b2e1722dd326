#!/usr/bin/env bats
# lead-send: the due email steps, made from their templates, handed to
# sendmail (here a fake one that records what it got) and logged.

load helper

tab=$'\t'
man5="$BATS_TEST_DIRNAME/../man/leads-cadences.5"

# The helper's clock is Monday 2026-11-23 10:00 UTC; an email step ten
# minutes on falls due at 10:10.
T1010=2026-11-23T10:10:00Z
DUE1010=1795428600

# fake_sendmail: ./sendmail records each call as sent/N.msg (its input),
# sent/N.args (one argument a line) and sent/N.env (the LEADS_MAIL_*
# and LEADS_LEAD variables), and exits 0.
fake_sendmail() {
	mkdir -p sent
	cat > sendmail <<-'EOF'
	#!/bin/sh
	dir=$(dirname "$0")/sent
	n=$(($(ls "$dir" | grep -c '\.msg$') + 1))
	printf '%s\n' "$@" > "$dir/$n.args"
	env | grep -e '^LEADS_MAIL_' -e '^LEADS_LEAD=' | sort > "$dir/$n.env"
	cat > "$dir/$n.msg"
	EOF
	chmod +x sendmail
	SENDMAIL="$PWD/sendmail -t -i"
}

# failing_sendmail: ./failmail reads the message, complains, exits 75.
failing_sendmail() {
	cat > failmail <<-'EOF'
	#!/bin/sh
	cat > /dev/null
	echo "failmail: relay down" >&2
	exit 75
	EOF
	chmod +x failmail
}

# sent: how many messages the fake sendmail got.
sent() {
	ls sent | grep -c '\.msg$' || true
}

# hdr FILE NAME: header NAME of the message in FILE, decoded as a mail
# reader decodes it ("" when there is none).
hdr() {
	python3 - "$1" "$2" <<-'EOF'
	import sys, email, email.policy
	with open(sys.argv[1], 'rb') as f:
	    m = email.message_from_binary_file(f, policy=email.policy.default)
	v = m[sys.argv[2]]
	print('' if v is None else str(v))
	EOF
}

# body FILE: the decoded text of the message in FILE.
body() {
	python3 - "$1" <<-'EOF'
	import sys, email, email.policy
	with open(sys.argv[1], 'rb') as f:
	    m = email.message_from_binary_file(f, policy=email.policy.default)
	sys.stdout.write(m.get_content())
	EOF
}

# wellformed FILE: LF line ends, no line over 998 octets, header lines
# of ASCII and at most 78 characters, and nothing a parser complains of.
wellformed() {
	python3 - "$1" <<-'EOF'
	import sys, email, email.policy
	raw = open(sys.argv[1], 'rb').read()
	assert b'\r' not in raw, 'a CR'
	head, _, text = raw.partition(b'\n\n')
	for line in head.split(b'\n'):
	    assert len(line) <= 78, line
	    assert all(b < 128 for b in line), line
	for line in text.split(b'\n'):
	    assert len(line) <= 998, len(line)
	m = email.message_from_bytes(raw, policy=email.policy.default)
	assert not m.defects, m.defects
	for k, v in m.items():
	    assert not v.defects, (k, v.defects)
	EOF
}

# cadences: UTC, weekdays 09:00-17:00, a call, an email with the
# template missed-you ten minutes on, a call two hours later; alice has
# an address, bob too, carol none.
cadences() {
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	hours: { mon-fri: "09:00-17:00" }
	owners:
	  - { name: alice, email: alice@example.com }
	  - { name: bob, email: Bob@Example.com }
	  - carol
	assign: alice
	cadences:
	  new-lead:
	    steps:
	      - { id: first-call, channel: call, after: 0m }
	      - { id: missed-you, channel: email, after: 10m, template: missed-you }
	      - { id: second-call, channel: call, after: 2h }
	    then: close
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
}

# at_email ID...: the leads called at 10:00 and not reached, so their
# email is due at 10:10.
at_email() {
	local id
	for id in "$@"; do
		lead-log -q "$id" no_answer
	done
}

@test "--help and --version" {
	run -0 --separate-stderr lead-send --help
	[ "$output" = "$(cat <<-'EOF'
	usage: lead-send [-nqV] [-c cadences] [-d db] [--owner name]
	                 [--sendmail command] [--templates dir] [--limit n]
	EOF
	)" ]
	[ -z "$stderr" ]
	run -0 lead-send -h
	[ "${lines[0]}" = "usage: lead-send [-nqV] [-c cadences] [-d db] [--owner name]" ]
	run -0 lead-send --version
	[ "$output" = "lead-send (leads) 0.1.0" ]
	run -0 lead-send -V
	[ "$output" = "lead-send (leads) 0.1.0" ]
	[ ! -e "$LEADS_DB" ]
}

@test "the usage in --help is the man page's SYNOPSIS" {
	run -0 lead-send --help
	usage_matches_synopsis lead-send
}

@test "usage errors exit 64 and send nothing" {
	cadences
	fake_sendmail
	run -0 lead-add --name 'Ana Ruiz' --email ana@example.com --phone +15551230001
	at_email 1
	export LEADS_NOW=$T1010
	run -64 --separate-stderr lead-send --bogus
	[[ "$stderr" == *"usage: lead-send [-nqV]"* ]]
	run -64 --separate-stderr lead-send extra
	[[ "$stderr" == "usage: lead-send"* ]]
	for l in 0 -1 x ''; do
		run -64 --separate-stderr lead-send --sendmail "$SENDMAIL" --limit "$l"
		[ "$stderr" = "lead-send: --limit: '$l' is not a whole number above 0" ]
	done
	run -64 --separate-stderr lead-send --sendmail ''
	[ "$stderr" = "lead-send: --sendmail: give a command" ]
	run -64 --separate-stderr lead-send --owner '' --sendmail "$SENDMAIL"
	[ "$stderr" = "lead-send: --owner: give a name" ]
	LEADS_NOW=soon run -64 --separate-stderr lead-send --sendmail "$SENDMAIL"
	[[ "$stderr" == "lead-send: LEADS_NOW: "* ]]
	[ "$(sent)" -eq 0 ]
	[ "$(sql "SELECT step FROM leads")" = 2 ]
	# No database: 66, nothing made.
	run -66 --separate-stderr lead-send -d nosuch.db --sendmail "$SENDMAIL"
	[ ! -e nosuch.db ]
}

@test "done when: a new lead's call is due, then its email is sent once, rendered and logged" {
	# The built-in cadence file and templates, with an owner who has an
	# address.
	{ cat "$BATS_TEST_DIRNAME/../examples/cadences.yaml"
	  printf 'owners:\n  - { name: alice, email: alice@example.com }\n'; } > cad.yaml
	export LEADS_CADENCES="$PWD/cad.yaml"
	fake_sendmail
	run -0 lead-add --name 'Ana Ruiz' --email ana@example.com --phone +15551230001
	run -0 lead-due -o tsv
	[ "$(echo "${lines[1]}" | cut -f1,2,3)" = "1${tab}2026-11-23T10:00:00Z${tab}call" ]
	# The call is a person's to make: nothing to send.
	run -1 --separate-stderr lead-send --sendmail "$SENDMAIL"
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 lead-log 1 no_answer
	[ "$output" = "1 active: next email Mon 2026-11-23 10:10 UTC (in 10m)" ]
	LEADS_NOW=2026-11-23T10:09:59Z run -1 lead-send --sendmail "$SENDMAIL"
	[ -z "$output" ]
	[ "$(sent)" -eq 0 ]

	export LEADS_NOW=$T1010
	run -0 --separate-stderr lead-send --sendmail "$SENDMAIL"
	[ "$output" = "1 emailed missed-you to ana@example.com" ]
	[ -z "$stderr" ]
	[ "$(sent)" -eq 1 ]
	[ "$(cat sent/1.args)" = "$(printf -- '-t\n-i')" ]
	wellformed sent/1.msg
	[ "$(hdr sent/1.msg From)" = "alice <alice@example.com>" ]
	[ "$(hdr sent/1.msg To)" = "Ana Ruiz <ana@example.com>" ]
	[ "$(hdr sent/1.msg Subject)" = "Sorry we missed you" ]
	[ "$(hdr sent/1.msg Date)" = "Mon, 23 Nov 2026 10:10:00 +0000" ]
	[ "$(hdr sent/1.msg Message-ID)" = "<leads.1.missed-you.$DUE1010@example.com>" ]
	grep -qx 'MIME-Version: 1.0' sent/1.msg
	grep -qx 'Content-Type: text/plain; charset=UTF-8' sent/1.msg
	grep -qx 'Content-Transfer-Encoding: 7bit' sent/1.msg
	[ "$(body sent/1.msg)" = "$(sed '1,2d; s/{{first_name|there}}/Ana/; s/{{owner|The team}}/alice/' \
	    "$BATS_TEST_DIRNAME/../examples/templates/missed-you.txt")" ]

	# Sent once: the lead moved on, and a second run finds nothing.
	run -1 --separate-stderr lead-send --sendmail "$SENDMAIL"
	[ -z "$output" ]
	[ -z "$stderr" ]
	LEADS_NOW=2026-11-23T11:00:00Z run -1 lead-send --sendmail "$SENDMAIL"
	[ "$(sent)" -eq 1 ]
	[ "$(sql "SELECT step, step_id, attempts FROM leads")" = "3|second-call|2" ]
	[ "$(sql "SELECT outcome, channel, actor, note FROM events ORDER BY id DESC LIMIT 1")" = \
	    "emailed|email|tester|template missed-you, Message-ID <leads.1.missed-you.$DUE1010@example.com>" ]
	LEADS_NOW=2026-11-23T12:10:00Z run -0 lead-due -o tsv
	[ "$(echo "${lines[1]}" | cut -f1,2,3)" = "1${tab}2026-11-23T12:10:00Z${tab}call" ]
	run -0 lead-rebuild -n
}

@test "placeholders: values, fallbacks, kept fields, owner; \\{{ is literal" {
	cadences
	fake_sendmail
	mkdir templates
	cat > templates/missed-you.txt <<-'EOF'
	Subject: {{company|Your enquiry}} - {{first_name}}
	Reply-To: "Sales, Acme" <sales@example.com>
	Cc: {{owner_email}}

	Dear {{ first_name | there }} {{last_name}},
	name={{name}} company={{company|none}} email={{email}} phone={{phone}}
	source={{source|web}} value={{value|0}} id={{id}} owner={{owner}}
	budget={{field.Budget}} BUDGET={{field.budget|?}} missing={{field.Colour|none}}
	\{{name}} is written as it is, and so is }}.
	EOF
	printf 'name,email,phone,company,Budget,value,source\nAna Maria Ruiz,ana@example.com,+15551230001,Acme Ltd,"5,000",1250.5,expo\n' |
	    lead-add -q
	printf 'name,email,phone\nBo,bo@example.com,+15551230002\n' | lead-add -q
	at_email 1 2
	LEADS_NOW=$T1010 run -0 lead-send --sendmail "$SENDMAIL"
	[ "${lines[0]}" = "1 emailed missed-you to ana@example.com" ]
	[ "${lines[1]}" = "2 emailed missed-you to bo@example.com" ]
	wellformed sent/1.msg
	[ "$(hdr sent/1.msg Subject)" = "Acme Ltd - Ana" ]
	[ "$(hdr sent/1.msg Reply-To)" = '"Sales, Acme" <sales@example.com>' ]
	[ "$(hdr sent/1.msg Cc)" = "alice@example.com" ]
	[ "$(body sent/1.msg)" = "$(cat <<-'EOF'
	Dear Ana Maria Ruiz,
	name=Ana Maria Ruiz company=Acme Ltd email=ana@example.com phone=+15551230001
	source=expo value=1250.5 id=1 owner=alice
	budget=5,000 BUDGET=5,000 missing=none
	{{name}} is written as it is, and so is }}.
	EOF
	)" ]
	# Empty values: the fallbacks, or nothing.
	[ "$(hdr sent/2.msg Subject)" = "Your enquiry - Bo" ]
	[ "$(body sent/2.msg)" = "$(cat <<-'EOF'
	Dear Bo ,
	name=Bo company=none email=bo@example.com phone=+15551230002
	source=web value=0 id=2 owner=alice
	budget= BUDGET=? missing=none
	{{name}} is written as it is, and so is }}.
	EOF
	)" ]
}

@test "non-ASCII names and subjects are RFC 2047 encoded, and decode back" {
	cat > cad.yaml <<-'EOF'
	owners:
	  - { name: "José Álvarez-Núñez", email: jose@example.com }
	cadences:
	  c:
	    steps:
	      - { id: hello, channel: email, after: 0m, template: hello }
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
	mkdir templates
	cat > templates/hello.txt <<-'EOF'
	Subject: ¿Seguimos, {{first_name}}? Una propuesta para {{company}} con acentos, eñes y — rayas largas que obligan a plegar la línea
	Cc: {{name}} <copy@example.com>

	Hola {{first_name}},
	From here on, ¡gracias! = 100 %.
	EOF
	fake_sendmail
	run -0 lead-add --name 'Zoë Ñúñez' --email zoe@example.com --company 'Café «Ñ»'
	run -0 lead-send --sendmail "$SENDMAIL"
	wellformed sent/1.msg
	[ "$(hdr sent/1.msg Subject)" = "¿Seguimos, Zoë? Una propuesta para Café «Ñ» con acentos, eñes y — rayas largas que obligan a plegar la línea" ]
	[ "$(hdr sent/1.msg From)" = "José Álvarez-Núñez <jose@example.com>" ]
	[ "$(hdr sent/1.msg To)" = "Zoë Ñúñez <zoe@example.com>" ]
	[ "$(hdr sent/1.msg Cc)" = "Zoë Ñúñez <copy@example.com>" ]
	[ "$(hdr sent/1.msg Content-Transfer-Encoding)" = "quoted-printable" ]
	[ "$(body sent/1.msg)" = "$(printf 'Hola Zoë,\nFrom here on, ¡gracias! = 100 %%.')" ]
	# Encoded-words on the wire, folded; "From " at a line's start
	# hidden from mbox writers.
	grep -q '^Subject: =?UTF-8?Q?' sent/1.msg
	[ "$(sed -n '/^Subject:/,/^Message-ID:/p' sent/1.msg | grep -c '^ =?UTF-8?Q?')" -ge 2 ]
	grep -q '^=46rom here on, =C2=A1gracias! =3D 100 %\.$' sent/1.msg
}

@test "a value cannot add a header: line breaks become spaces" {
	cadences
	fake_sendmail
	mkdir templates
	printf 'Subject: Re: {{field.topic}}\n\n{{field.topic}}\n' > templates/missed-you.txt
	printf '{"email":"ana@example.com","phone":"+15551230001","topic":"Prices\\r\\nBcc: victim@example.org\\nX-Evil: 1"}\n' |
	    lead-add -q
	at_email 1
	LEADS_NOW=$T1010 run -0 lead-send --sendmail "$SENDMAIL"
	wellformed sent/1.msg
	[ "$(hdr sent/1.msg Subject)" = "Re: Prices Bcc: victim@example.org X-Evil: 1" ]
	[ -z "$(hdr sent/1.msg Bcc)" ]
	[ -z "$(hdr sent/1.msg X-Evil)" ]
	! grep -qi '^bcc:' sent/1.msg
	# In the body the lines stay lines.
	[ "$(body sent/1.msg)" = "$(printf 'Prices\nBcc: victim@example.org\nX-Evil: 1')" ]
}

@test "the command gets the message on its input, and the addresses in its environment" {
	cadences
	fake_sendmail
	run -0 lead-add --name Ana --email ana@example.com --phone +15551230001 --owner bob
	at_email 1
	LEADS_NOW=$T1010 run -0 lead-send --sendmail "$PWD/sendmail -i -f \"\$LEADS_MAIL_FROM\" -- \"\$LEADS_MAIL_TO\""
	[ "$(cat sent/1.args)" = "$(printf -- '-i\n-f\nbob@example.com\n--\nana@example.com')" ]
	[ "$(cat sent/1.env)" = "$(printf 'LEADS_LEAD=1\nLEADS_MAIL_FROM=bob@example.com\nLEADS_MAIL_TO=ana@example.com')" ]
	[ "$(hdr sent/1.msg From)" = "bob <bob@example.com>" ]
	[ "$(hdr sent/1.msg Message-ID)" = "<leads.1.missed-you.$DUE1010@example.com>" ]
}

@test "sendmail: in the cadence file is the command; --sendmail wins" {
	cadences
	fake_sendmail
	failing_sendmail
	printf 'sendmail: %s -oi -t\n' "$PWD/sendmail" >> cad.yaml
	run -0 lead-add --email a@example.com --phone +15551230001
	run -0 lead-add --email b@example.com --phone +15551230002
	at_email 1 2
	export LEADS_NOW=$T1010
	run -0 lead-send --limit 1
	[ "$output" = "1 emailed missed-you to a@example.com" ]
	[ "$(cat sent/1.args)" = "$(printf -- '-oi\n-t')" ]
	run -75 lead-send --sendmail "$PWD/failmail"
	[ "$(sent)" -eq 1 ]
	run -0 lead-cadence show --settings -o tsv
	[[ "$output" == *"sendmail${tab}$PWD/sendmail -oi -t"* ]]
}

@test "a failed send leaves the step due, goes on with the others, and exits 75" {
	cadences
	fake_sendmail
	failing_sendmail
	run -0 lead-add --email a@example.com --phone +15551230001
	at_email 1
	export LEADS_NOW=$T1010
	run -75 --separate-stderr lead-send --sendmail "$PWD/failmail"
	[ -z "$output" ]
	[ "$stderr" = "$(printf "failmail: relay down\nlead-send: lead 1: not sent: '%s' exited 75; the step stays due" "$PWD/failmail")" ]
	[ "$(sql "SELECT step, due_at FROM leads")" = "2|$DUE1010" ]
	[ "$(sql "SELECT count(*) FROM events WHERE outcome = 'emailed'")" = 0 ]
	run -0 lead-due -o tsv
	[ "$(echo "${lines[1]}" | cut -f1,3)" = "1${tab}email" ]
	# Killed by a signal: the same.
	run -75 --separate-stderr lead-send --sendmail 'kill -TERM $$'
	[ "$stderr" = "lead-send: lead 1: not sent: 'kill -TERM \$\$' was killed by signal 15; the step stays due" ]
	# Hanging (a child of its own too): stopped after the timeout,
	# its whole process group, and the write lock is free again.
	LEADS_SEND_TIMEOUT=1 run -75 --separate-stderr lead-send --sendmail 'sleep 30 & sleep 30'
	[ "$stderr" = "lead-send: lead 1: not sent: 'sleep 30 & sleep 30' took over 1 s: stopped; the step stays due" ]
	[ "$(sql "SELECT step, due_at FROM leads")" = "2|$DUE1010" ]
	[ -z "$(pgrep -fx 'sleep 30')" ]
	# Not found: the shell says so and exits 127.
	run -75 --separate-stderr lead-send --sendmail "$PWD/nosuch -t"
	[[ "$stderr" == *"lead-send: lead 1: not sent: '$PWD/nosuch -t' exited 127; the step stays due" ]]
	# One lead fails, the next is sent.
	LEADS_NOW=2026-11-23T10:00:00Z run -0 lead-add --email b@example.com --phone +15551230002
	LEADS_NOW=2026-11-23T10:00:00Z at_email 2
	cat > picky <<-EOF
	#!/bin/sh
	[ "\$LEADS_MAIL_TO" = b@example.com ] || { cat >/dev/null; exit 1; }
	exec "$PWD/sendmail"
	EOF
	chmod +x picky
	run -75 --separate-stderr lead-send --sendmail "$PWD/picky"
	[ "$output" = "2 emailed missed-you to b@example.com" ]
	[ "$stderr" = "lead-send: lead 1: not sent: '$PWD/picky' exited 1; the step stays due" ]
	[ "$(sent)" -eq 1 ]
	# The relay is back: the step goes now, once.
	run -0 lead-send --sendmail "$SENDMAIL"
	[ "$output" = "1 emailed missed-you to a@example.com" ]
	[ "$(sent)" -eq 2 ]
	[ "$(sql "SELECT step FROM leads ORDER BY id")" = "$(printf '3\n3')" ]
}

@test "do-not-contact, won and lost leads are never sent" {
	cadences
	fake_sendmail
	run -0 lead-add --email a@example.com --phone +15551230001
	run -0 lead-add --email b@example.com --phone +15551230002
	run -0 lead-add --email c@example.com --phone +15551230003
	at_email 1 2 3
	run -0 lead-log 1 do_not_contact
	run -0 lead-log 2 won
	run -0 lead-log 3 lost --reason "cheaper quote"
	for now in $T1010 2026-11-24T10:00:00Z; do
		LEADS_NOW=$now run -1 --separate-stderr lead-send --sendmail "$SENDMAIL"
		[ -z "$output" ]
		[ -z "$stderr" ]
	done
	[ "$(sent)" -eq 0 ]
}

@test "working hours: an overdue email waits for the next opening in the lead's zone" {
	cadences
	fake_sendmail
	# Friday 16:30: called, not reached; the email falls due at 16:40.
	export LEADS_NOW=2026-11-27T16:30:00Z
	run -0 lead-add --email a@example.com --phone +15551230001
	at_email 1
	for now in 2026-11-27T17:00:00Z 2026-11-28T11:00:00Z 2026-11-30T08:59:00Z; do
		LEADS_NOW=$now run -1 --separate-stderr lead-send --sendmail "$SENDMAIL"
		[ -z "$output" ]
		[ -z "$stderr" ]
		# ... though it is due, for a person to see.
		LEADS_NOW=$now run -0 lead-due -o tsv
		[ "$(echo "${lines[1]}" | cut -f1,3)" = "1${tab}email" ]
	done
	[ "$(sent)" -eq 0 ]
	LEADS_NOW=2026-11-30T09:00:00Z run -0 lead-send --sendmail "$SENDMAIL"
	[ "$(sent)" -eq 1 ]
	# A lead of its own zone goes by its own hours: 09:00 in Tokyo is
	# 00:00 UTC, when the file's zone is closed.
	export LEADS_NOW=2026-11-27T07:30:00Z
	run -0 lead-add --email t@example.com --phone +81312345678 --tz Asia/Tokyo
	at_email 2
	LEADS_NOW=2026-11-27T08:30:00Z run -1 lead-send --sendmail "$SENDMAIL"
	LEADS_NOW=2026-11-30T00:00:00Z run -0 lead-send --sendmail "$SENDMAIL"
	[ "$output" = "2 emailed missed-you to t@example.com" ]
}

@test "-n prints an mbox stream, sends nothing and changes nothing" {
	cadences
	fake_sendmail
	mkdir templates
	printf 'Subject: Hi {{first_name}}\n\nFrom the team,\n>From quoted\nFrom\n' > templates/missed-you.txt
	run -0 lead-add --name 'Ana Ruiz' --email ana@example.com --phone +15551230001
	run -0 lead-add --name 'Bo Li' --email bo@example.com --phone +15551230002
	at_email 1 2
	before=$(sqlite3 "$LEADS_DB" .dump | md5sum)
	export LEADS_NOW=$T1010
	lead-send -n --sendmail "$SENDMAIL" > out.mbox
	[ "$(sqlite3 "$LEADS_DB" .dump | md5sum)" = "$before" ]
	[ "$(sent)" -eq 0 ]
	[ "$(head -1 out.mbox)" = "From alice@example.com Mon Nov 23 10:10:00 2026" ]
	[ "$(grep -c '^From ' out.mbox)" -eq 2 ]
	grep -qx '>From the team,' out.mbox
	grep -qx '>>From quoted' out.mbox
	grep -qx 'From' out.mbox
	python3 - <<-'EOF'
	import mailbox, email, email.policy
	box = mailbox.mbox('out.mbox', factory=lambda f:
	    email.message_from_binary_file(f, policy=email.policy.default))
	msgs = list(box)
	assert [m['To'] for m in msgs] == ['Ana Ruiz <ana@example.com>',
	    'Bo Li <bo@example.com>'], [m['To'] for m in msgs]
	assert [m['Subject'] for m in msgs] == ['Hi Ana', 'Hi Bo']
	assert msgs[1]['Message-ID'] == '<leads.2.missed-you.1795428600@example.com>'
	EOF
	# The same again: nothing was recorded.
	lead-send --dry-run --sendmail "$SENDMAIL" | cmp - out.mbox
	run -0 lead-send -q --sendmail "$SENDMAIL"
	[ -z "$output" ]
	[ "$(sent)" -eq 2 ]
	# Nothing due: no output, exit 1.
	run -1 --separate-stderr lead-send -n
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "--owner: only that owner's leads, from that owner's address" {
	cadences
	fake_sendmail
	run -0 lead-add --email a@example.com --phone +15551230001
	run -0 lead-add --email b@example.com --phone +15551230002 --owner bob
	at_email 1 2
	export LEADS_NOW=$T1010
	run -1 lead-send --owner carol --sendmail "$SENDMAIL"
	run -0 lead-send --owner bob --sendmail "$SENDMAIL"
	[ "$output" = "2 emailed missed-you to b@example.com" ]
	[ "$(hdr sent/1.msg From)" = "bob <bob@example.com>" ]
	[ "$(hdr sent/1.msg Message-ID)" = "<leads.2.missed-you.$DUE1010@example.com>" ]
	run -0 lead-send --sendmail "$SENDMAIL"
	[ "$output" = "1 emailed missed-you to a@example.com" ]
	[ "$(hdr sent/2.msg From)" = "alice <alice@example.com>" ]
}

@test "--limit: the most urgent first, in lead-due's order" {
	cadences
	fake_sendmail
	run -0 lead-add --email a@example.com --phone +15551230001
	run -0 lead-add --email b@example.com --phone +15551230002 --value 900
	at_email 1 2
	export LEADS_NOW=$T1010
	order=$(due)
	run -0 lead-send --limit 1 --sendmail "$SENDMAIL"
	[ "$output" = "${order%% *} emailed missed-you to b@example.com" ]
	run -0 lead-send --limit 5 --sendmail "$SENDMAIL"
	[ "$output" = "1 emailed missed-you to a@example.com" ]
}

@test "no sender: the lead is not sent, the message says what to set, 78" {
	cadences
	fake_sendmail
	run -0 lead-add --email a@example.com --phone +15551230001 --owner carol
	run -0 lead-add --email b@example.com --phone +15551230002
	sql "UPDATE leads SET owner = NULL WHERE id = 2"
	run -0 lead-add --email c@example.com --phone +15551230003
	at_email 1 2 3
	export LEADS_NOW=$T1010
	run -78 --separate-stderr lead-send --sendmail "$SENDMAIL"
	[ "$output" = "3 emailed missed-you to c@example.com" ]
	[ "$stderr" = "$(cat <<-EOF
	lead-send: lead 1: no sender: give owner 'carol' an email in owners:, or set from: in $PWD/cad.yaml
	lead-send: lead 2: no sender: the lead has no owner, and $PWD/cad.yaml sets no from:
	EOF
	)" ]
	[ "$(sent)" -eq 1 ]
	[ "$(sql "SELECT step FROM leads ORDER BY id")" = "$(printf '2\n2\n3')" ]
	# from: in the file is the sender of both.
	printf 'from: "Acme Sales <sales@example.com>"\n' >> cad.yaml
	run -0 lead-cadence show --settings -o tsv
	[[ "$output" == *"from${tab}Acme Sales <sales@example.com>"* ]]
	run -0 lead-send --sendmail "$SENDMAIL"
	[ "$(hdr sent/2.msg From)" = "Acme Sales <sales@example.com>" ]
	[ "$(hdr sent/3.msg Message-ID)" = "<leads.2.missed-you.$DUE1010@example.com>" ]
	# A bad from: is an error in the file.
	printf 'from: nobody\ncadences:\n  c: { steps: [ { channel: call, after: 0m } ] }\n' > bad.yaml
	run -78 --separate-stderr lead-cadence check bad.yaml
	[ "$stderr" = "bad.yaml:1:7: 'from': bad email 'nobody': no '@'" ]
}

@test "a template's From: is the sender; its addresses are checked" {
	cadences
	fake_sendmail
	mkdir templates
	printf 'Subject: Hi\nFrom: {{owner}} at Acme <team@acme.example>\nBcc: log@acme.example\n\nHello\n' > templates/missed-you.txt
	run -0 lead-add --email a@example.com --phone +15551230001
	at_email 1
	LEADS_NOW=$T1010 run -0 lead-send --sendmail "$SENDMAIL"
	[ "$(hdr sent/1.msg From)" = "alice at Acme <team@acme.example>" ]
	[ "$(hdr sent/1.msg Bcc)" = "log@acme.example" ]
	[ "$(hdr sent/1.msg Message-ID)" = "<leads.1.missed-you.$DUE1010@acme.example>" ]
	[ "$(cat sent/1.env | grep FROM)" = "LEADS_MAIL_FROM=team@acme.example" ]
	# A kept field that is no address makes no message: 65, still due.
	printf 'Subject: Hi\nCc: {{field.partner}}\n\nHello\n' > templates/missed-you.txt
	printf 'email,phone,partner\nb@example.com,+15551230002,not an address\n' | lead-add -q
	at_email 2
	LEADS_NOW=$T1010 run -65 --separate-stderr lead-send --sendmail "$SENDMAIL"
	[ "$stderr" = "lead-send: lead 2: Cc: bad address 'not an address': write name@example.com or Name <name@example.com>" ]
	[ "$(sent)" -eq 1 ]
	[ "$(sql "SELECT step FROM leads WHERE id = 2")" = 2 ]
}

@test "a subject that comes out empty: that lead is not sent, 65" {
	cadences
	fake_sendmail
	mkdir templates
	printf 'Subject: {{company}}\n\nHello\n' > templates/missed-you.txt
	run -0 lead-add --email a@example.com --phone +15551230001
	at_email 1
	LEADS_NOW=$T1010 run -65 --separate-stderr lead-send --sendmail "$SENDMAIL"
	[ "$stderr" = "lead-send: lead 1: template '$PWD/templates/missed-you.txt': the subject comes out empty: give its placeholders a fallback, such as {{company|your enquiry}}" ]
	[ "$(sent)" -eq 0 ]
}

@test "an email step without a template is left for a person" {
	cadences
	fake_sendmail
	sed -i 's/, template: missed-you//' cad.yaml
	run -0 lead-add --email a@example.com --phone +15551230001
	at_email 1
	export LEADS_NOW=$T1010
	run -1 lead-send --sendmail "$SENDMAIL"
	[ "$(sent)" -eq 0 ]
	run -0 lead-due -o tsv
	[ "$(echo "${lines[1]}" | cut -f1,3)" = "1${tab}email" ]
}

@test "two runs at once send a step once" {
	cadences
	fake_sendmail
	printf '#!/bin/sh\nsleep 1\nexec %s/sendmail "$@"\n' "$PWD" > slow && chmod +x slow
	run -0 lead-add --email a@example.com --phone +15551230001
	at_email 1
	export LEADS_NOW=$T1010
	lead-send -q --sendmail "$PWD/slow" & a=$!
	lead-send -q --sendmail "$PWD/slow" & b=$!
	rc=0; wait $a || rc=$((rc + $?))
	wait $b || rc=$((rc + $?))
	[ "$rc" -eq 1 ]		# one sent (0), the other found it done (1)
	[ "$(sent)" -eq 1 ]
	[ "$(sql "SELECT count(*) FROM events WHERE outcome = 'emailed'")" = 1 ]
}

@test "templates: beside the cadence file, templates:, --templates, the built-in ones" {
	cadences
	fake_sendmail
	run -0 lead-add --email a@example.com --phone +15551230001
	at_email 1
	export LEADS_NOW=$T1010
	# None beside the file: the built-in missed-you.
	lead-send -n > out.mbox
	grep -qx 'Subject: Sorry we missed you' out.mbox
	mkdir templates other
	printf 'Subject: beside\n\nx\n' > templates/missed-you.txt
	printf 'Subject: other\n\nx\n' > other/missed-you.txt
	lead-send -n | grep -qx 'Subject: beside'
	lead-send -n --templates other | grep -qx 'Subject: other'
	# templates: is relative to the cadence file's directory.
	mkdir sub && mv cad.yaml sub/ && mv other sub/
	export LEADS_CADENCES="$PWD/sub/cad.yaml"
	lead-send -n | grep -qx 'Subject: Sorry we missed you'
	printf 'templates: other\n' >> sub/cad.yaml
	lead-send -n | grep -qx 'Subject: other'
	lead-send -n --templates templates | grep -qx 'Subject: beside'
	# A directory named and missing: 78 for templates:, 66 for the option.
	run -66 --separate-stderr lead-send -n --templates nosuch
	[ "$stderr" = "lead-send: cannot open templates directory 'nosuch': No such file or directory" ]
	sed -i 's/^templates: other$/templates: gone/' sub/cad.yaml
	run -78 --separate-stderr lead-send -n
	[ "$stderr" = "lead-send: $PWD/sub/cad.yaml:15:12: cannot open templates directory '$PWD/sub/gone': No such file or directory" ]
	[ "$(sent)" -eq 0 ]
}

@test "the built-in cadence file's templates are in ~/.config/leads/templates" {
	fake_sendmail
	run -0 lead-add --email a@example.com --phone +15551230001
	at_email 1
	export LEADS_NOW=$T1010
	# The built-in file names no sender: give the templates one.
	mkdir -p "$HOME/.config/leads/templates"
	printf 'Subject: mine\nFrom: me@example.com\n\nx\n' > "$HOME/.config/leads/templates/missed-you.txt"
	lead-send -n | grep -qx 'Subject: mine'
	mkdir -p xdg/leads/templates
	printf 'Subject: xdg\nFrom: me@example.com\n\nx\n' > xdg/leads/templates/missed-you.txt
	XDG_CONFIG_HOME="$PWD/xdg" lead-send -n | grep -qx 'Subject: xdg'
	rm "$HOME/.config/leads/templates/missed-you.txt"
	run -78 --separate-stderr lead-send -n
	[ "$stderr" = "lead-send: lead 1: no sender: the lead has no owner, and (built-in) sets no from:" ]
}

@test "template errors: lead-cadence check names the file and line, 78; lead-send sends nothing" {
	cadences
	fake_sendmail
	run -0 lead-add --email a@example.com --phone +15551230001
	at_email 1
	export LEADS_NOW=$T1010
	mkdir templates
	check_template() {	# TEXT MESSAGE
		printf '%s' "$1" > templates/missed-you.txt
		run -78 --separate-stderr lead-cadence check
		[ "$stderr" = "$2" ]
		[ -z "$output" ]
		run -78 --separate-stderr lead-send --sendmail "$SENDMAIL"
		[ "$stderr" = "lead-send: $2" ]
		[ -z "$output" ]
	}
	t="$PWD/templates/missed-you.txt"
	check_template $'Subject: Hi {{nmae}}\n\nx\n' \
	    "$t:1:13: unknown placeholder '{{nmae}}': use name, first_name, last_name, company, owner, owner_email, email, phone, source, value, id or field.KEY"
	check_template $'Subject: Hi\n\nDear {{first_name|there},\n' \
	    "$t:3:6: placeholder not closed: '{{' without '}}' on its line (write \\{{ for a literal {{)"
	check_template $'Subject: Hi\n\n{{ | x}}\n' \
	    "$t:3:1: empty placeholder '{{ | x}}': use name, first_name, last_name, company, owner, owner_email, email, phone, source, value, id or field.KEY"
	check_template $'From: a@example.com\n\nx\n' "$t:1:1: no Subject: header"
	check_template $'Subject:   \n\nx\n' "$t:1:12: empty Subject:"
	check_template $'Subject: Hi\nX-Mailer: me\n\nx\n' \
	    "$t:2:1: unknown header 'X-Mailer': use Subject, From, Reply-To, Cc or Bcc"
	check_template $'Subject: Hi\nsubject: again\n\nx\n' "$t:2:1: header 'Subject' given twice"
	check_template $'Subject: Hi\nDear Ana,\n\nx\n' \
	    "$t:2:1: bad header line 'Dear Ana,': write Subject: and the other headers, a blank line, then the body"
	check_template $'Subject: Hi\n' "$t:1:1: no blank line after the headers: the body follows a blank line"
	check_template $'\nDear Ana\n' "$t:1:1: no headers: start with Subject: and a blank line before the body"
	check_template $'Subject: Hi\n\n\n  \n' "$t:3:1: empty body"
	check_template $'Subject: Hi\nCc: a@example.com, bob\n\nx\n' \
	    "$t:2:5: Cc: bad email 'bob': no '@'"
	check_template $'Subject: Hi\n\nx\x01y\n' "$t:3:2: control character 0x01"
	check_template $'Subject: \xe9t\xe9\n\nx\n' "$t:1:1: not valid UTF-8"
	check_template '' "$t:1:1: empty template"
	head -c 70000 /dev/zero | tr '\0' 'x' | sed '1s/^/Subject: x\n\n/' > templates/missed-you.txt
	run -78 --separate-stderr lead-cadence check
	[ "$stderr" = "$t:1:1: larger than 64 KiB" ]
	# A template found nowhere: at the step's template: in the file.
	rm templates/missed-you.txt
	sed -i 's/template: missed-you/template: missed-yu/' cad.yaml
	run -78 --separate-stderr lead-cadence check
	[ "$stderr" = "$PWD/cad.yaml:12:65: template 'missed-yu' not found: no $PWD/templates/missed-yu.txt, and no built-in template of that name" ]
	run -78 --separate-stderr lead-cadence check -v cad.yaml
	[ "$stderr" = "cad.yaml:12:65: template 'missed-yu' not found: no templates/missed-yu.txt, and no built-in template of that name" ]
	[ -z "$output" ]
	[ "$(sent)" -eq 0 ]
	[ "$(sql "SELECT step FROM leads")" = 2 ]
	# Fixed: valid again; CRLF line ends and a byte-order mark are fine.
	printf '\xef\xbb\xbfSubject: Hi\r\nCc: "Ruiz, Ana" <ana@example.com>,\r\n  bo@example.com\r\n\r\nx\r\n' > templates/missed-yu.txt
	run -0 lead-cadence check -v cad.yaml
	[ "$output" = "cad.yaml: ok, 1 cadence, 3 steps" ]
	run -0 lead-send --sendmail "$SENDMAIL"
	[ "$(hdr sent/1.msg Cc)" = '"Ruiz, Ana" <ana@example.com>, bo@example.com' ]
}

@test "leads-cadences(5): the example template is valid and renders" {
	cadences
	fake_sendmail
	mkdir templates
	awk -v tag='.\\" example: template' '
		index($0, tag) == 1 { on = 1; next }
		on && /^\.Bd/ { next }
		on && /^\.Ed/ { exit }
		on { print }
	' "$man5" > templates/missed-you.txt
	[ "$(head -1 templates/missed-you.txt)" = "Subject: Sorry we missed you, {{first_name|there}}" ]
	run -0 lead-cadence check
	printf 'name,email,phone,Product\nAna Ruiz,ana@example.com,+15551230001,solar panels\n' | lead-add -q
	at_email 1
	LEADS_NOW=$T1010 run -0 lead-send --sendmail "$SENDMAIL"
	[ "$(hdr sent/1.msg Subject)" = "Sorry we missed you, Ana" ]
	[ "$(hdr sent/1.msg Reply-To)" = "Acme Sales <sales@example.com>" ]
	body sent/1.msg | grep -qx 'Thank you for your enquiry about solar panels.'
	body sent/1.msg | grep -qx 'alice'
}

@test "the built-in templates: every one is valid, polite and short" {
	for f in "$BATS_TEST_DIRNAME"/../examples/templates/*.txt; do
		head -1 "$f" | grep -q '^Subject: '
		[ "$(wc -l < "$f")" -le 20 ]
		grep -q '{{first_name|there}}' "$f"
	done
	[ "$(ls "$BATS_TEST_DIRNAME"/../examples/templates/*.txt | wc -l)" -eq 5 ]
	run -0 --separate-stderr lead-cadence check
	[ -z "$stderr" ]
}
