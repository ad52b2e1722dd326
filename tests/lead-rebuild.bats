#!/usr/bin/env bats
# lead-rebuild: the lead rows are what the events say.

load helper

tab=$'\t'

# American phone numbers; steps in UTC.
conf() {
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	country: US
	hours: { mon-fri: "09:00-17:00" }
	speed_to_lead: { target: 5m, escalate: 15m }
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
	  nurture:
	    steps:
	      - { id: monthly-email, channel: email, after: 30d }
	    then: close
	outcomes:
	  quote_sent: { contact: true, cadence: after-quote }
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
}

# at HH:MM CMD...: run CMD at that time on Monday 2026-11-23, output dropped.
at() {
	local t=$1
	shift
	LEADS_NOW="2026-11-23T$t:00Z" "$@" >/dev/null 2>&1
}

# A day of the team's work: leads in, calls, changes, a merge, a forget.
day() {
	conf
	cat > in.csv <<-'EOF'
	name,email,phone,company,source,owner,value,Budget,created
	Ana Lima,ana@example.com,(555) 123-0001,Acme,web,alice,5000,10k,2026-11-23T09:00:00Z
	A. Lima,ana.lima@work.example,555-123-0009,,ads,,,20k,2026-11-23T09:05:00Z
	Bo Chen,bo@example.com,555-123-0002,,google,bob,,,2026-11-23T09:10:00Z
	Cy Diaz,cy@example.com,,,web,,,,2026-11-23T09:20:00Z
	Di Eto,di@example.com,555-123-0004,,fair,alice,,,2026-11-23T09:30:00Z
	Ed Fox,ed@example.com,555-123-0005,,web,bob,,,2026-11-23T09:40:00Z
	EOF
	at 09:45 lead-add in.csv
	at 09:50 lead-due
	at 09:51 lead-log 1 no_answer -n "rang twice"
	at 09:52 lead-log 2 connected --next "tue 10:00"
	at 09:55 lead-log 3 quote_sent -n "sent 4,500"
	at 09:56 lead-log 4 emailed
	at 09:57 lead-log 5 wrong_number
	at 09:58 lead-log 6 not_now --next "+3mo"
	at 10:00 lead-set 4 owner=carol value=1200 tz=Europe/Paris phone="555 123 0044"
	at 10:01 lead-set 5 phone="555 123 0055" cadence=nurture
	at 10:02 lead-set 3 status=lost reason="cheaper quote"
	at 10:03 lead-set 3 status=active
	at 10:04 lead-merge 1 2
	at 10:05 lead-add --email ana.lima@work.example --note "asks again"
	at 10:06 lead-log ana.lima@work.example won
	at 10:07 lead-set 4 status=active cadence=nurture
	at 10:08 lead-forget ed@example.com
	at 10:09 lead-merge 3 5
	at 10:10 lead-due
	at 10:11 lead-add in.csv
}

# Everything lead-rebuild may write: the rows and the events.
state() {
	sql 'SELECT * FROM leads; SELECT * FROM events'
}

@test "--help and --version; the usage is the man page's SYNOPSIS" {
	run -0 --separate-stderr lead-rebuild --help
	[ "$output" = "usage: lead-rebuild [-Vn] [-d db]" ]
	[ -z "$stderr" ]
	usage_matches_synopsis lead-rebuild
	run -0 lead-rebuild -h
	[ "$output" = "usage: lead-rebuild [-Vn] [-d db]" ]
	run -0 lead-rebuild --version
	[ "$output" = "lead-rebuild (leads) 0.1.0" ]
	run -0 lead-rebuild -V
	[ "$output" = "lead-rebuild (leads) 0.1.0" ]
	run -64 --separate-stderr lead-rebuild extra
	[ "$stderr" = "usage: lead-rebuild [-Vn] [-d db]" ]
	[ -z "$output" ]
	run -64 --separate-stderr lead-rebuild -c cad.yaml
	[[ "$stderr" == *"usage: lead-rebuild [-Vn] [-d db]" ]]
	[ ! -e "$LEADS_DB" ]
}

@test "after a day of work every row is what its events say" {
	day
	# the day did happen
	[ "$(sql 'SELECT count(*) FROM leads WHERE merged_into IS NOT NULL')" = "2" ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'forgotten'")" = "1" ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'escalated'")" -gt 0 ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'reinquiry'")" = "1" ]
	[ "$(sql "SELECT group_concat(status) FROM leads")" = "won,active,active,active,active,dnc" ]
	before=$(state)
	run -0 --separate-stderr lead-rebuild --check
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 --separate-stderr lead-rebuild -n
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 --separate-stderr lead-rebuild
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(state)" = "$before" ]
}

@test "an added event leaves out what its time says; older ones that say it fold alike" {
	conf
	printf 'email,created\na@example.com,2026-11-20 09:00\nb@example.com,\n' |
	    lead-add -c cad.yaml > /dev/null
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'added' AND
	    (data LIKE '%\"created\"%' OR data LIKE '%\"step_base\"%')")" = 0 ]
	[ "$(sql 'SELECT group_concat(step_base = created) FROM leads')" = "1,1" ]
	run -0 lead-rebuild --check
	# as they were written before: created and step_base said
	sql "UPDATE events SET data = json_set(data, '\$.created', at,
	    '\$.step_base', at) WHERE kind = 'added'"
	run -0 --separate-stderr lead-rebuild --check
	[ -z "$output" ]
	# and a step_base that is not the inquiry is kept
	sql "UPDATE events SET data = json_set(data, '\$.step_base', at + 60)
	    WHERE lead_id = 1 AND kind = 'added'"
	run -1 lead-rebuild --check
	[ "$output" = "lead 1: step_base" ]
}

@test "a tampered row: --check names the lead and column, exits 1, writes nothing" {
	day
	sql "UPDATE leads SET owner = 'x' WHERE id = 3"
	before=$(state)
	run -1 --separate-stderr lead-rebuild --check
	[ "$output" = "lead 3: owner" ]
	[ -z "$stderr" ]
	[ "$(state)" = "$before" ]
	sql "UPDATE leads SET step = 7, due_at = 1 WHERE id = 3;
	    UPDATE leads SET attempts = 9 WHERE id = 1;
	    UPDATE leads SET name = 'Ed Fox' WHERE id = 6;
	    UPDATE leads SET merged_into = NULL WHERE id = 2"
	run -1 --separate-stderr lead-rebuild -n
	[ "$output" = "$(printf '%s\n' "lead 1: attempts" "lead 2: merged_into" \
	    "lead 3: owner, step, due_at" "lead 6: name")" ]
}

@test "lead-rebuild rewrites the rows that differ; a second check is clean" {
	day
	good=$(sql 'SELECT * FROM leads')
	events=$(sql 'SELECT * FROM events')
	sql "UPDATE leads SET owner = 'x' WHERE id = 3;
	    UPDATE leads SET status = 'active', email = 'ed@example.com',
	    due_at = 1 WHERE id = 6"
	run -0 --separate-stderr lead-rebuild
	[ "$output" = "$(printf '%s\n' "lead 3: owner" "lead 6: status, email, due_at")" ]
	[ -z "$stderr" ]
	[ "$(sql 'SELECT * FROM leads')" = "$good" ]
	[ "$(sql 'SELECT * FROM events')" = "$events" ]
	run -0 --separate-stderr lead-rebuild -n
	[ -z "$output" ]
	[ -z "$stderr" ]
	# and the lead is due as it should be
	[ "$(sql 'SELECT status, quote(due_at) FROM leads WHERE id = 6')" = "dnc|NULL" ]
}

@test "events that cannot be folded: exit 65, nothing written" {
	day
	sql "UPDATE leads SET owner = 'x' WHERE id = 3;
	    UPDATE events SET data = 'not json' WHERE id = (SELECT max(id)
	    FROM events WHERE lead_id = 5)"
	before=$(state)
	run -65 --separate-stderr lead-rebuild
	[ "$stderr" = "lead-rebuild: lead 5: an event's data is not JSON" ]
	[ -z "$output" ]
	[ "$(state)" = "$before" ]
	run -65 --separate-stderr lead-rebuild -n
	[ "$stderr" = "lead-rebuild: lead 5: an event's data is not JSON" ]
	sql "DELETE FROM events WHERE lead_id = 5"
	before=$(state)
	run -65 --separate-stderr lead-rebuild
	[ "$stderr" = "lead-rebuild: lead 5: no event added it" ]
	[ "$(state)" = "$before" ]
}

@test "errors: no database (66), a file that is not a database (74)" {
	run -66 --separate-stderr lead-rebuild -n
	[[ "$stderr" == "lead-rebuild: cannot open '$LEADS_DB': "* ]]
	[ ! -e "$LEADS_DB" ]
	printf 'not a database\n%.0s' $(seq 200) > "$LEADS_DB"
	run -74 --separate-stderr lead-rebuild -n
	[[ "$stderr" == "lead-rebuild: cannot open '$LEADS_DB': "* ]]
}
