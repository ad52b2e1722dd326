#!/usr/bin/env bats
# lead-log: what happened, and what comes next.

load helper

tab=$'\t'

# The helper's clock: Monday 2026-11-23 10:00 UTC.
T10=1795428000
H=3600
D=86400

# A small playbook: two calls and an email, then close; a quote cadence;
# and not_now keeping in touch by email while the lead waits.
playbook() {
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	country: US
	hours: { mon-fri: "09:00-17:00" }
	owners: [alice]
	entry:
	  - { cadence: new-lead }
	cadences:
	  new-lead:
	    steps:
	      - { id: first-call, channel: call, after: 0m }
	      - { id: missed-you, channel: email, after: 10m }
	      - { id: second-call, channel: call, after: 2h }
	    then: close
	  after-quote:
	    steps:
	      - { id: quote-call, channel: call, after: 1bd }
	    then: close
	  keep-warm:
	    steps:
	      - { id: warm-email, channel: email, after: 1d }
	    then: close
	outcomes:
	  quote_sent: { contact: true, cadence: after-quote }
	  not_now: { meanwhile: keep-warm }
	  demo_booked: { contact: true, action: book, next: required }
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
}

# lead ID: status, cadence, step, due_at, booked_at, attempts.
lead() {
	sql "SELECT status, cadence, step, due_at, booked_at, attempts
	    FROM leads WHERE id = $1"
}

add() {
	lead-add --name "${1:-Ana Lima}" --email "${2:-ana@example.com}" \
	    --phone "${3:-+15551230001}" >/dev/null
}

@test "--help and --version; the usage is the man page's SYNOPSIS" {
	run -0 lead-log --help
	usage_matches_synopsis lead-log
	run -0 lead-log --version
	[ "$output" = "lead-log (leads) 0.1.0" ]
	run -64 lead-log 1
	[[ "${lines[0]}" == "usage: lead-log "* ]]
	run -64 lead-log -f x.csv 1 no_answer
	[ ! -e "$LEADS_DB" ]
}

@test "a rep's day, with the built-in cadences" {
	add
	[ "$(due)" = "1" ]
	run -0 lead-log 1 no_answer
	[ "$output" = "1 active: next email Mon 2026-11-23 10:10 UTC (in 10m)" ]
	[ "$(due)" = "" ]
	[ "$(LEADS_NOW=2026-11-23T10:10:00Z due)" = "1" ]
	LEADS_NOW=2026-11-23T10:15:00Z run -0 --separate-stderr \
	    lead-log ana@example.com connected --next "tue 10:00"
	[ "$output" = "1 active: next booked call Tue 2026-11-24 10:00 UTC (in 23h45m)" ]
	[ -z "$stderr" ]
	[ "$(LEADS_NOW=2026-11-24T09:59:00Z due)" = "" ]
	[ "$(LEADS_NOW=2026-11-24T10:00:00Z due)" = "1" ]
	LEADS_NOW=2026-11-24T10:00:00Z run -0 lead-due -o tsv
	[ "$(echo "${lines[1]}" | cut -f3,15)" = "call${tab}1" ]
	LEADS_NOW=2026-11-24T10:05:00Z run -0 lead-log "+1 (555) 123-0001" won
	[ "$output" = "1 won" ]
	[ "$(lead 1)" = "won|new-lead|3|||3" ]
	[ "$(LEADS_NOW=2027-06-01T10:00:00Z due)" = "" ]
	[ "$(sql "SELECT kind, outcome, channel, touch, actor FROM events
	    WHERE lead_id = 1 ORDER BY id" | tr '\n' ' ')" = \
	    "added|||0|tester logged|no_answer|call|1|tester logged|connected|call|2|tester logged|won|call|2|tester " ]
	run -0 lead-rebuild -n
}

@test "not_now books a call months ahead; the lead waits until then" {
	add
	run -0 lead-log 1 not_now --next +3mo
	[ "$output" = "1 active: next booked call Tue 2027-02-23 10:00 UTC (in 92d)" ]
	[ "$(due --at 2027-02-23T09:59:00Z)" = "" ]
	[ "$(due --at 2027-02-23T10:00:00Z)" = "1" ]
	[ "$(sql 'SELECT booked_at FROM leads')" = "$((T10 + 92 * D))" ]
}

@test "do_not_contact: never due again, not even when they inquire again" {
	add
	run -0 lead-log 1 do_not_contact -n "asked by phone"
	[ "$output" = "1 dnc" ]
	[ "$(due --at 2030-01-01T10:00:00Z)" = "" ]
	LEADS_NOW=2027-01-04T10:00:00Z run -0 lead-add --email ana@example.com \
	    --note "asks again"
	[ "$output" = "1${tab}reinquiry" ]
	[ "$(lead 1)" = "dnc|new-lead|1|||0" ]
	[ "$(LEADS_NOW=2027-01-04T10:00:00Z due)" = "" ]
	run -0 lead-log 1 no_answer
	[ "$(lead 1)" = "dnc|new-lead|1|||1" ]
	run -0 lead-rebuild -n
}

@test "attempts advance the cadence; when it runs out, then: close" {
	playbook
	add
	for o in voicemail emailed busy; do
		run -0 lead-log 1 "$o"
	done
	[ "$output" = "1 lost" ]
	[ "$(sql 'SELECT status, lost_reason, closed_at, due_at, attempts FROM leads')" = \
	    "lost|no response|$T10||3" ]
	[ "$(sql "SELECT group_concat(channel) FROM events WHERE kind = 'logged'")" = \
	    "call,email,call" ]
}

@test "--at: the next step runs from when it happened" {
	playbook
	LEADS_NOW=2026-11-23T09:00:00Z add
	run -0 lead-log --at 09:30 1 no_answer
	[ "$output" = "1 active: next email Mon 2026-11-23 09:40 UTC (overdue 20m)" ]
	run -0 lead-log --at "-5m" 1 emailed
	[ "$(lead 1)" = "active|new-lead|3|$((T10 - 300 + 2 * H))||2" ]
	[ "$(sql 'SELECT first_attempt, last_touch FROM leads')" = \
	    "$((T10 - 1800))|$((T10 - 300))" ]
	run -64 lead-log --at "+1h" 1 no_answer
	[ "$output" = "lead-log: --at: '+1h' is in the future" ]
	[ "$(sql 'SELECT attempts FROM leads')" = "2" ]
}

@test "connected: --next books exactly that time; without it, a warning" {
	playbook
	add
	run -0 --separate-stderr lead-log 1 connected
	[ "$output" = "1 active: next email Mon 2026-11-23 10:10 UTC (in 10m)" ]
	[ "$stderr" = "lead-log: a contact: no next step booked, so the cadence's next step follows; book one with --next WHEN" ]
	run -0 lead-log 1 connected --next "2026-11-25 14:30"
	[ "$(lead 1)" = "active|new-lead|3|$((T10 + 2 * D + 4 * H + 1800))|$((T10 + 2 * D + 4 * H + 1800))|2" ]
	[ "$(sql 'SELECT first_contact FROM leads')" = "$T10" ]
	# the booked call, logged, resumes the cadence where it stood
	LEADS_NOW=2026-11-25T14:35:00Z run -0 lead-log 1 no_answer
	[ "$output" = "1 active: next call Wed 2026-11-25 16:35 UTC (in 2h)" ]
	[ "$(sql 'SELECT booked_at FROM leads')" = "" ]
}

@test "meeting and custom book outcomes need --next; a day alone is the start of hours" {
	playbook
	add
	run -64 lead-log 1 meeting
	[ "$output" = "lead-log: meeting needs --next WHEN: when to call again, e.g. --next \"tue 10:00\"" ]
	run -64 lead-log 1 demo_booked
	[ "${lines[0]}" = "lead-log: demo_booked needs --next WHEN: when to call again, e.g. --next \"tue 10:00\"" ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'logged'")" = "0" ]
	run -0 lead-log 1 demo_booked --next 2026-11-28
	# Saturday is closed: Monday 09:00
	[ "$(sql 'SELECT booked_at, due_at FROM leads')" = \
	    "$((T10 + 7 * D - H))|$((T10 + 7 * D - H))" ]
}

@test "not_now with a meanwhile cadence: its steps before the booked call" {
	playbook
	add
	run -0 lead-log 1 not_now --next "in 2 weeks"
	[ "$output" = "1 active: next email Tue 2026-11-24 10:00 UTC (in 1d)" ]
	[ "$(lead 1)" = "active|keep-warm|1|$((T10 + D))|$((T10 + 14 * D))|1" ]
	LEADS_NOW=2026-11-24T10:00:00Z run -0 lead-log 1 emailed
	[ "$output" = "1 active: next booked call Mon 2026-12-07 10:00 UTC (in 13d)" ]
	# keep-warm ran out: only the booked call is left
	[ "$(lead 1)" = "active||0|$((T10 + 14 * D))|$((T10 + 14 * D))|2" ]
	[ "$(due --at 2026-12-07T09:59:00Z)" = "" ]
	[ "$(due --at 2026-12-07T10:00:00Z)" = "1" ]
}

@test "quote_sent moves to the after-quote cadence" {
	playbook
	add
	run -0 lead-log 1 quote_sent -n "sent 4,500"
	[ "$output" = "1 active: next call Tue 2026-11-24 10:00 UTC (in 1d)" ]
	[ "$(lead 1)" = "active|after-quote|1|$((T10 + D))||1" ]
	[ "$(sql "SELECT note FROM events WHERE outcome = 'quote_sent'")" = "sent 4,500" ]
}

@test "lost needs a reason, and offers the usual ones; a contact reopens it" {
	playbook
	add
	run -64 lead-log 1 lost
	[ "$output" = "lead-log: lost needs --reason TEXT, such as \"cheaper quote\", \"no budget now\", \"changed mind\", \"lost our quote\", \"can't decide\", \"not suitable\", \"no response\"" ]
	[ "$(lead 1)" = "active|new-lead|1|$T10||0" ]
	run -0 lead-log 1 lost --reason "cheaper quote"
	[ "$(sql 'SELECT status, lost_reason, due_at FROM leads')" = "lost|cheaper quote|" ]
	LEADS_NOW=2026-12-01T10:00:00Z run -0 lead-log 1 connected --next "+1d"
	[ "$(sql 'SELECT status, lost_reason, closed_at, booked_at FROM leads')" = \
	    "active|||$((T10 + 9 * D))" ]
}

@test "wrong_number: calls are passed over, other channels go on" {
	playbook
	add
	run -0 lead-log 1 wrong_number
	[ "$output" = "1 active: next email Mon 2026-11-23 10:10 UTC (in 10m)" ]
	[ "$(sql 'SELECT phone_bad, step, attempts FROM leads')" = "1|2|0" ]
	LEADS_NOW=2026-11-23T10:10:00Z run -0 lead-log 1 emailed
	# the second call is passed over: the cadence runs out
	[ "$output" = "1 lost" ]
}

@test "note changes nothing but the history" {
	playbook
	add
	before=$(sql 'SELECT * FROM leads')
	run -0 lead-log -n "prefers mornings" 1 note
	[ "$(sql 'SELECT * FROM leads')" = "$before" ]
	[ "$(sql "SELECT outcome, note, touch FROM events WHERE kind = 'logged'")" = \
	    "note|prefers mornings|0" ]
	run -64 lead-log 1 note --next tomorrow
	[ "$output" = "lead-log: --next does not go with note" ]
}

@test "bad usage: unknown outcome, lead, channel, time; nothing written" {
	playbook
	add
	add "Bo" bo@example.com +15551230002
	events=$(sql 'SELECT count(*) FROM events')
	run -64 lead-log 1 answered
	[ "$output" = "lead-log: unknown outcome 'answered': use no_answer, voicemail, busy, emailed, mailed, texted, connected, meeting, quote_sent, not_now, won, lost, wrong_number, do_not_contact, note, demo_booked" ]
	run -66 lead-log 99 no_answer
	[ "$output" = "lead-log: no lead '99'" ]
	run -66 lead-log nobody@example.com no_answer
	# digits that are an id and a phone
	sql "UPDATE leads SET id = 5551230001 WHERE id = 2"
	run -66 lead-log 5551230001 no_answer
	[ "${lines[0]}" = "lead-log: '5551230001' is more than one lead: use the id" ]
	[ "${lines[1]}" = "  5551230001  Bo  <bo@example.com>  +15551230002" ]
	[ "${lines[2]}" = "  1  Ana Lima  <ana@example.com>  +15551230001" ]
	run -64 lead-log --channel fax 1 no_answer
	[ "$output" = "lead-log: unknown channel 'fax': use call, email, sms, mail or task" ]
	run -64 lead-log 1 connected --next "someday"
	[ "$output" = "lead-log: --next: bad time 'someday': try \"tomorrow 10:00\", \"mon 9am\", \"+3d\", \"in 2 weeks\" or \"2027-01-15 14:30\"" ]
	run -64 lead-log 1 connected --next "2026-11-20 10:00"
	[[ "$output" == "lead-log: --next: '2026-11-20 10:00' is in the past"* ]]
	# a call log is a table: not a mail message, nor an unknown format
	for f in mail xml; do
		run -64 lead-log -F "$f" -f calls.csv
		[ "$output" = "lead-log: unknown format '$f': use csv, tsv, jsonl or kv" ]
	done
	[ "$(sql 'SELECT count(*) FROM events')" = "$events" ]
	rm -f "$LEADS_DB"
	run -66 lead-log 1 no_answer
	[ ! -e "$LEADS_DB" ]
}

@test "a call log: loose columns, durations, bad lines; fed twice, applied once" {
	playbook
	add
	add "Bo" bo@example.com +15551230002
	add "Cy" cy@example.com +15551230003
	cat > calls.csv <<-'EOF'
	Call Date,Destination,Disposition,Duration,Billsec,Notes
	2026-11-23 10:01:00,(555) 123-0001,NO ANSWER,25,0,
	2026-11-23 10:02:00,555.123.0002,ANSWERED,95,80,wants a quote
	2026-11-23 10:03:00,555-123-0003,ANSWERED,40,30,
	2026-11-23 10:04:00,555-999-9999,BUSY,3,0,
	2026-11-23 10:05:00,(555) 123-0001,ANSWERED,x,x,
	2026-11-23 10:06:00,(555) 123-0001,BUSY,2,0,
	EOF
	run -65 --separate-stderr lead-log -f calls.csv
	[ "$stderr" = "$(printf '%s\n' \
	    "lead-log: calls.csv:5: no lead '555-999-9999'" \
	    "lead-log: calls.csv:6: bad duration 'x': use seconds, M:SS or H:MM:SS" \
	    "lead-log: contacts: no next step booked, so the cadence's next step follows; book one with --next WHEN")" ]
	[ "${#lines[@]}" = "4" ]
	[ "$(sql "SELECT lead_id, outcome, at, note FROM events WHERE kind = 'logged' ORDER BY id" | tr '\n' ' ')" = \
	    "1|no_answer|$((T10 + 60))| 2|connected|$((T10 + 120))|wants a quote 3|voicemail|$((T10 + 180))| 1|busy|$((T10 + 360))| " ]
	before=$(sql 'SELECT count(*) FROM events')
	run -65 --separate-stderr lead-log -f - < calls.csv
	[ "$(sql 'SELECT count(*) FROM events')" = "$before" ]
	[ "$output" = "$(printf '%s\n' "1 duplicate" "2 duplicate" "3 duplicate" "1 duplicate")" ]
	run -0 lead-rebuild -n
}

@test "a call log without outcomes: the duration decides; JSON Lines" {
	playbook
	add
	add "Bo" bo@example.com +15551230002
	add "Cy" cy@example.com +15551230003
	printf '%s\n' \
	    '{"to": "+15551230001", "seconds": 9, "at": "2026-11-23T10:01:00Z"}' \
	    '{"to": "+15551230002", "seconds": "0:10", "at": "2026-11-23T10:02:00Z"}' \
	    '{"to": "+15551230003", "seconds": "0:01:00", "at": "2026-11-23T10:03:00Z", "next": "2026-11-30 10:00"}' \
	    > calls.jsonl
	run -0 lead-log -q -f calls.jsonl
	[ -z "$output" ]
	[ "$(sql "SELECT lead_id, outcome FROM events WHERE kind = 'logged' ORDER BY id" | tr '\n' ' ')" = \
	    "1|no_answer 2|voicemail 3|connected " ]
	[ "$(sql 'SELECT booked_at FROM leads WHERE id = 3')" = "$((T10 + 7 * D))" ]
	printf 'phone,seconds\n+15551230001,12\n' > nolead.csv
	printf 'when,outcome\n2026-11-23 10:00,no_answer\n' > nolead2.csv
	run -65 lead-log -f nolead2.csv
	[ "$output" = "lead-log: nolead2.csv:2: no lead: give an id, email or phone column" ]
}
