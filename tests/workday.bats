#!/usr/bin/env bats
# A working day end to end: a web-form notification mail goes through the
# procmail recipe into lead-add, its first call falls due, nobody answers,
# and lead-send sends its email step exactly once, rendered and logged.

load helper

examples="$BATS_TEST_DIRNAME/../examples"
mail="$BATS_TEST_DIRNAME/data/mail"

# The built-in cadence's first steps, with an owner who sends from an
# address, in UTC.
day_cadences() {
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	country: US
	hours: { mon-fri: "09:00-17:00" }
	owners:
	  - { name: alice, email: alice@example.com }
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

# A sendmail that keeps each message it is given in sent/N.msg.
fake_sendmail() {
	mkdir -p sent
	cat > sendmail <<-'EOF'
	#!/bin/sh
	dir=$(dirname "$0")/sent
	n=$(($(ls "$dir" | grep -c '\.msg$') + 1))
	cat > "$dir/$n.msg"
	EOF
	chmod +x sendmail
}

# deliver FILE: the mail system hands the message to the intake recipe:
# procmail with examples/procmailrc, else the recipe's command line.
deliver() {
	if command -v procmail > /dev/null; then
		mkdir -p maildir
		procmail -p -m PATH="$PATH" MAILDIR="$PWD/maildir" \
		    DEFAULT="$PWD/maildir/inbox/" LOGFILE="$PWD/procmail.log" \
		    "$examples/procmailrc" < "$1"
	else
		sh -c "$(sed -n 's/^[[:space:]]*| //p' "$examples/procmailrc")" \
		    < "$1"
	fi
}

# hdr FILE NAME: header NAME of the message, decoded as a mail reader does.
hdr() {
	python3 - "$1" "$2" <<-'EOF'
	import sys, email, email.policy
	with open(sys.argv[1], 'rb') as f:
	    m = email.message_from_binary_file(f, policy=email.policy.default)
	print(m[sys.argv[2]] or '')
	EOF
}

@test "a form mail through the recipe: call due, no answer, the email sent once and logged" {
	day_cadences
	fake_sendmail
	# 10:00: the notification arrives.
	run -0 deliver "$mail/multipart-qp.eml"
	[ "$(sql 'SELECT id, name, email, phone, owner, source, step FROM leads')" = \
	    "1|Evan Stone|evan@stone.example|+12125550100|alice|web-form|1" ]
	# Its first call is due at once.
	run -0 lead-due -o tsv
	[ "$(printf '%s\n' "${lines[1]}" | cut -f1,3)" = "1	call" ]
	# No email is due yet: lead-send has nothing to do.
	run -1 lead-send --sendmail "$PWD/sendmail"
	[ -z "$output" ]
	# Nobody answers; at 10:10 the email step is due and sent.
	lead-log -q 1 no_answer
	export LEADS_NOW=2026-11-23T10:10:00Z
	run -0 lead-due -o tsv
	[ "$(printf '%s\n' "${lines[1]}" | cut -f1,3)" = "1	email" ]
	run -0 --separate-stderr lead-send --sendmail "$PWD/sendmail"
	[ "$output" = "1 emailed missed-you to evan@stone.example" ]
	[ -z "$stderr" ]
	# Exactly once: again, nothing is due and nothing is sent.
	run -1 lead-send --sendmail "$PWD/sendmail"
	[ -z "$output" ]
	[ "$(ls sent | grep -c '\.msg$')" = "1" ]
	# Rendered: to the lead, from the owner, her first name filled in.
	[ "$(hdr sent/1.msg To)" = "Evan Stone <evan@stone.example>" ]
	[ "$(hdr sent/1.msg From)" = "alice <alice@example.com>" ]
	[ -n "$(hdr sent/1.msg Subject)" ]
	[ -n "$(hdr sent/1.msg Message-ID)" ]
	grep -qx 'Hello Evan,' sent/1.msg
	# Logged: the event, and the lead moved on to its next call.
	[ "$(sql "SELECT kind, outcome, channel FROM events WHERE outcome = 'emailed'")" = \
	    "logged|emailed|email" ]
	[ "$(sql 'SELECT step_id FROM leads WHERE id = 1')" = "second-call" ]
	run -0 lead-rebuild -n
}
