#!/usr/bin/env bats
# lead-set: change fields of leads.

load helper

# The helper's clock: Monday 2026-11-23 10:00 UTC.
T10=1795428000
D=86400

# American phone numbers; two cadences, in UTC.
conf() {
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	country: US
	entry:
	  - { cadence: new-lead }
	cadences:
	  new-lead:
	    steps:
	      - { id: first-call, channel: call, after: 0m }
	      - { id: missed-you, channel: email, after: 10m }
	      - { id: second-call, channel: call, after: 2h }
	    then: close
	  nurture:
	    steps:
	      - { id: monthly-email, channel: email, after: 30d }
	    then: close
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
}

# Ana (1), and Bo (2) and Cy (3), who are Alice's.
three() {
	conf
	printf '%s\n' 'name,email,phone,owner' \
	    'Ana Lima,ana@example.com,(555) 123-0001,' \
	    'Bo Chen,bo@example.com,555-123-0002,alice' \
	    'Cy Diaz,cy@example.com,555-123-0003,alice' | lead-add >/dev/null
}

# Everything lead-set may write: the rows and the number of events.
state() {
	sql 'SELECT * FROM leads; SELECT count(*) FROM events'
}

# lead ID: status, cadence, step, due_at, booked_at, closed_at, lost_reason.
lead() {
	sql "SELECT status, cadence, step, due_at, booked_at, closed_at,
	    lost_reason FROM leads WHERE id = $1"
}

# sets: the "set" events, one "lead|data" per line.
sets() {
	sql "SELECT lead_id, data FROM events WHERE kind = 'set' ORDER BY id"
}

@test "--help and --version; the usage is the man page's SYNOPSIS" {
	run -0 --separate-stderr lead-set --help
	[ "$output" = "usage: lead-set [-V] [-c cadences] [-d db] [lead ...] field=value ..." ]
	[ -z "$stderr" ]
	usage_matches_synopsis lead-set
	run -0 lead-set -h
	[ "$output" = "usage: lead-set [-V] [-c cadences] [-d db] [lead ...] field=value ..." ]
	run -0 lead-set --version
	[ "$output" = "lead-set (leads) 0.1.0" ]
	run -0 lead-set -V
	[ "$output" = "lead-set (leads) 0.1.0" ]
	run -64 --separate-stderr lead-set 1
	[ "$stderr" = "usage: lead-set [-V] [-c cadences] [-d db] [lead ...] field=value ..." ]
	[ -z "$output" ]
	run -64 --separate-stderr lead-set
	[ "$stderr" = "usage: lead-set [-V] [-c cadences] [-d db] [lead ...] field=value ..." ]
	run -64 --separate-stderr lead-set --bogus 1 owner=bob
	[[ "$stderr" == *"usage: lead-set [-V]"* ]]
	[ ! -e "$LEADS_DB" ]
}

@test "owner, name, company, source, value, tz: one set event with what was set" {
	three
	LEADS_USER=alice run -0 --separate-stderr lead-set 1 owner=bob \
	    name="Ana  Lima Ruiz" company=" Acme  Inc " source=fair \
	    value='$4,500.50' tz=Europe/Paris
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(sql 'SELECT owner, name, company, source, value, tz FROM leads WHERE id = 1')" = \
	    "bob|Ana Lima Ruiz|Acme Inc|fair|4500.5|Europe/Paris" ]
	[ "$(sql "SELECT lead_id, kind, actor, at FROM events WHERE kind = 'set'")" = \
	    "1|set|alice|$T10" ]
	[ "$(sets | cut -d'|' -f2 | jq -c .set)" = \
	    '{"owner":"bob","name":"Ana Lima Ruiz","company":"Acme Inc","source":"fair","tz":"Europe/Paris","value":4500.5}' ]
	# the other leads are untouched
	[ "$(sql 'SELECT owner, source, value, tz FROM leads WHERE id = 2')" = "alice|||" ]
	run -0 lead-show 1
	[ "$(printf '%s\n' "$output" | sed -n 's/^time zone: *//p')" = "Europe/Paris" ]
	# an empty value clears the field
	run -0 lead-set 1 owner= value= tz= company=
	[ "$(sql 'SELECT quote(owner), quote(value), quote(tz), quote(company), name FROM leads WHERE id = 1')" = \
	    "NULL|NULL|NULL|NULL|Ana Lima Ruiz" ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'set'")" = "2" ]
	run -0 lead-rebuild -n
}

@test "email and phone are normalized; the lead is found by them after" {
	three
	lead-log 1 wrong_number >/dev/null
	[ "$(sql 'SELECT phone_bad FROM leads WHERE id = 1')" = "1" ]
	run -0 lead-set ana@example.com email=" Ana.Lima@Example.COM " \
	    phone="(555) 123-0009"
	[ "$(sql 'SELECT email, phone, phone_bad FROM leads WHERE id = 1')" = \
	    "ana.lima@example.com|+15551230009|0" ]
	run -0 lead-show -o json "555.123.0009"
	[ "$(printf '%s\n' "$output" | jq -c '[.id, .email, .phone_bad]')" = \
	    '[1,"ana.lima@example.com",false]' ]
	run -66 --separate-stderr lead-show ana@example.com
	[ "$stderr" = "lead-show: no lead 'ana@example.com'" ]
	# its own address again is no conflict
	run -0 lead-set 1 email=ana.lima@example.com
	run -0 lead-rebuild -n
}

@test "another lead's email or phone is refused, with the way to merge; nothing written" {
	three
	before=$(state)
	run -65 --separate-stderr lead-set 1 email=BO@example.com
	[ "$stderr" = "lead-set: email bo@example.com belongs to lead 2: to combine them, lead-merge 1 2" ]
	[ -z "$output" ]
	run -65 --separate-stderr lead-set 1 owner=bob phone="555 123 0003"
	[ "$stderr" = "lead-set: phone +15551230003 belongs to lead 3: to combine them, lead-merge 1 3" ]
	[ "$(state)" = "$before" ]
}

@test "bad values and unknown fields are refused; nothing written" {
	three
	before=$(state)
	run -65 --separate-stderr lead-set 1 value=abc
	[ "$stderr" = "lead-set: bad value 'abc': not a number" ]
	run -65 --separate-stderr lead-set 1 value=-5
	[ "$stderr" = "lead-set: bad value '-5': negative" ]
	run -65 --separate-stderr lead-set 1 owner=bob tz=Mars/Base
	[ "$stderr" = "lead-set: unknown time zone 'Mars/Base': use a name such as America/New_York" ]
	run -65 --separate-stderr lead-set 1 email=nobody
	[ "$stderr" = "lead-set: bad email 'nobody': no '@'" ]
	run -65 --separate-stderr lead-set 1 phone=12
	[[ "$stderr" == "lead-set: bad phone '12': "* ]]
	run -64 --separate-stderr lead-set 1 owner=bob colour=red
	[ "$stderr" = "lead-set: unknown field 'colour': fields are owner, value, tz, name, email, phone, company, source, cadence, status, reason" ]
	# before a known one too: not taken for a lead
	run -64 --separate-stderr lead-set 1 colour=red owner=bob
	[ "$stderr" = "lead-set: unknown field 'colour': fields are owner, value, tz, name, email, phone, company, source, cadence, status, reason" ]
	run -64 --separate-stderr lead-set 1 owner=bob 2
	[ "$stderr" = "lead-set: '2': not FIELD=VALUE; fields are owner, value, tz, name, email, phone, company, source, cadence, status, reason" ]
	run -64 --separate-stderr lead-set 1 status=open
	[ "$stderr" = "lead-set: unknown status 'open': use active, won, lost or dnc" ]
	run -64 --separate-stderr lead-set 1 status=
	[ "$stderr" = "lead-set: unknown status '': use active, won, lost or dnc" ]
	run -64 --separate-stderr lead-set 1 cadence=hot
	[ "$stderr" = "lead-set: unknown cadence 'hot': use new-lead, nurture" ]
	[ "$(state)" = "$before" ]
	# an address with "=" in it is a lead, not a field
	run -66 --separate-stderr lead-set a=b@example.com owner=bob
	[ "$stderr" = "lead-set: no lead 'a=b@example.com'" ]
	[ "$(state)" = "$before" ]
}

@test "an address of a record merged into the lead moves to it" {
	three
	lead-merge 1 2
	[ "$(sql 'SELECT email, json_extract(extra, "$.other email") FROM leads WHERE id = 1')" = \
	    "ana@example.com|bo@example.com" ]
	run -0 --separate-stderr lead-set 1 email=Bo@Example.com
	[ -z "$stderr" ]
	[ "$(sql 'SELECT id, quote(email), quote(extra) FROM leads WHERE id IN (1, 2)')" = \
	    "$(printf '%s\n' "1|'bo@example.com'|'{\"other phone\":\"+15551230002\"}'" "2|NULL|NULL")" ]
	run -0 lead-show bo@example.com
	[ "${lines[0]}" = "id:           1" ]
	# the old address was replaced, as any set replaces
	run -66 lead-show ana@example.com
	run -0 lead-rebuild -n
}

@test "a change that changes nothing writes no event" {
	three
	lead-set 2 status=won
	before=$(state)
	run -0 --separate-stderr lead-set 2 status=won
	[ -z "$stderr" ]
	[ "$(state)" = "$before" ]
}

@test "contact details and cadence in one command: placed by the new details" {
	three
	# without a phone, the call steps are passed over
	run -0 lead-set 1 phone= cadence=new-lead
	[ "$(lead 1)" = "active|new-lead|2|$((T10 + 600))|||" ]
	run -0 lead-set 1 phone=555-123-0001 cadence=new-lead
	[ "$(lead 1)" = "active|new-lead|1|$T10|||" ]
	run -0 lead-rebuild -n
}

@test "cadence= starts the cadence at its first step, and lead-due follows" {
	three
	lead-log 1 no_answer >/dev/null
	[ "$(lead 1)" = "active|new-lead|2|$((T10 + 600))|||" ]
	[ "$(due)" = "2 3" ]
	LEADS_NOW=2026-11-23T10:05:00Z run -0 lead-set 1 cadence=new-lead
	[ "$(lead 1)" = "active|new-lead|1|$((T10 + 300))|||" ]
	[ "$(sql 'SELECT step_id, step_base FROM leads WHERE id = 1')" = "first-call|$((T10 + 300))" ]
	# untouched leads first
	[ "$(LEADS_NOW=2026-11-23T10:05:00Z due)" = "2 3 1" ]
	run -0 lead-set 1 cadence=nurture
	[ "$(lead 1)" = "active|nurture|1|$((T10 + 30 * D))|||" ]
	[ "$(due)" = "2 3" ]
	run -0 lead-due -o tsv --at 2026-12-23T10:00:00Z
	[ "$(printf '%s\n' "${lines[3]}" | cut -f1,3,4,5,6)" = "1	email	nurture	1	1" ]
	# the attempt stays counted
	[ "$(sql 'SELECT attempts FROM leads WHERE id = 1')" = "1" ]
	run -0 lead-rebuild -n
}

@test "status=won closes the lead: lead-due no longer lists it" {
	three
	LEADS_NOW=2026-11-23T11:00:00Z run -0 lead-set 2 status=won
	[ "$(lead 2)" = "won|new-lead|1|||$((T10 + 3600))|" ]
	[ "$(due)" = "1 3" ]
	[ "$(due --at 2027-06-01T10:00:00Z)" = "1 3" ]
	run -0 lead-set 3 status=dnc
	[ "$(lead 3)" = "dnc|new-lead|1|||$T10|" ]
	[ "$(due)" = "1" ]
	run -0 lead-rebuild -n
}

@test "status=lost reason=...; status=active reopens at the first step" {
	three
	lead-log 1 connected --next "2026-11-25 10:00" >/dev/null
	[ "$(sql 'SELECT booked_at FROM leads WHERE id = 1')" = "$((T10 + 2 * D))" ]
	run -0 lead-set 1 status=lost reason="cheaper quote"
	[ "$(lead 1)" = "lost|new-lead|2|||$T10|cheaper quote" ]
	[ "$(due --at 2026-11-26T10:00:00Z)" = "2 3" ]
	run -0 lead-show 1
	[ "$(printf '%s\n' "$output" | sed -n 's/^lost reason: *//p')" = "cheaper quote" ]
	# reason alone replaces it, and so does status=lost again
	run -0 lead-set 1 reason="no budget now"
	[ "$(sql 'SELECT lost_reason FROM leads WHERE id = 1')" = "no budget now" ]
	run -0 lead-set 1 status=lost reason="changed mind"
	[ "$(lead 1)" = "lost|new-lead|2|||$T10|changed mind" ]
	# a reason goes with a lost lead only
	before=$(state)
	run -64 --separate-stderr lead-set 1 status=won reason=price
	[ "$stderr" = "lead-set: a reason is why a lead was lost: it goes with status=lost, not status=won" ]
	run -64 --separate-stderr lead-set 2 reason=price
	[ "$stderr" = "lead-set: lead 2 is active: a reason is why a lead was lost (set status=lost too)" ]
	[ "$(state)" = "$before" ]
	LEADS_NOW=2026-12-01T10:00:00Z run -0 lead-set 1 status=active
	[ "$(lead 1)" = "active|new-lead|1|$((T10 + 8 * D))|||" ]
	[ "$(LEADS_NOW=2026-12-01T10:00:00Z due)" = "2 3 1" ]
	# the attempts and first contact stay
	[ "$(sql 'SELECT attempts, first_contact FROM leads WHERE id = 1')" = "1|$T10" ]
	run -0 lead-rebuild -n
}

@test "status=waiting is refused with a hint; a cadence needs an active lead" {
	three
	before=$(state)
	run -64 --separate-stderr lead-set 1 status=waiting
	[ "$stderr" = "lead-set: a lead waits for a booked call: lead-log LEAD not_now --next WHEN" ]
	run -64 --separate-stderr lead-set 1 status=won cadence=nurture
	[ "$stderr" = "lead-set: lead 1 is won: set status=active too to start a cadence" ]
	[ "$(state)" = "$before" ]
	lead-set 1 status=lost reason="no response"
	before=$(state)
	run -64 --separate-stderr lead-set 1 cadence=nurture
	[ "$stderr" = "lead-set: lead 1 is lost: set status=active too to start a cadence" ]
	[ "$(state)" = "$before" ]
	run -0 lead-set 1 status=active cadence=nurture
	[ "$(lead 1)" = "active|nurture|1|$((T10 + 30 * D))|||" ]
	run -0 lead-rebuild -n
}

@test "a forgotten lead refuses every field" {
	three
	lead-forget 1
	before=$(state)
	for f in owner=bob value=10 status=active cadence=nurture reason=x \
	    email=ana@example.com; do
		run -64 --separate-stderr lead-set 1 "$f"
		[ "$stderr" = "lead-set: lead 1 was forgotten: nothing of it can be set" ]
	done
	[ "$(state)" = "$before" ]
}

@test "leads from standard input: lead-ls -o id | lead-set; one set event per lead" {
	three
	run -0 --separate-stderr bash -c 'lead-ls --owner alice -o id | lead-set owner=bob'
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(sql 'SELECT id, quote(owner) FROM leads ORDER BY id' | tr '\n' ' ')" = \
	    "1|NULL 2|'bob' 3|'bob' " ]
	[ "$(sets)" = "$(printf '%s\n' '2|{"set":{"owner":"bob"}}' '3|{"set":{"owner":"bob"}}')" ]
	[ "$(lead-ls --owner bob -o id | tr '\n' ' ')" = "2 3 " ]
	[ "$(lead-ls --owner alice -o id)" = "" ]
	# ids, emails and phones; blank lines skipped
	run -0 bash -c 'printf "1\n\nbo@example.com\r\n(555) 123-0003\n" | lead-set source=fair'
	[ "$(sql 'SELECT group_concat(source) FROM leads')" = "fair,fair,fair" ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'set'")" = "5" ]
}

@test "an unknown lead: a message, exit 66, the others changed" {
	three
	run -66 --separate-stderr bash -c 'printf "1\n99\n3\n" | lead-set owner=carol'
	[ "$stderr" = "lead-set: no lead '99'" ]
	[ "$(sql 'SELECT id FROM leads WHERE owner = '"'carol'"' ORDER BY id' | tr '\n' ' ')" = "1 3 " ]
	[ "$(sets | cut -d'|' -f1 | tr '\n' ' ')" = "1 3 " ]
	run -66 --separate-stderr lead-set 2 nobody@example.com owner=dave
	[ "$stderr" = "lead-set: no lead 'nobody@example.com'" ]
	[ "$(sql 'SELECT owner FROM leads WHERE id = 2')" = "dave" ]
}

@test "one lead refused: no lead is changed" {
	three
	before=$(state)
	# lead 3 may have its own address, lead 1 may not
	run -65 --separate-stderr lead-set 3 1 email=cy@example.com
	[ "$stderr" = "lead-set: email cy@example.com belongs to lead 3: to combine them, lead-merge 1 3" ]
	[ "$(state)" = "$before" ]
	run -65 --separate-stderr bash -c 'printf "3\n1\n" | lead-set email=cy@example.com'
	[ "$(state)" = "$before" ]
}

@test "errors: no database (66), a bad cadence file (78), a bad LEADS_NOW (64)" {
	run -66 --separate-stderr lead-set 1 owner=bob
	[[ "$stderr" == "lead-set: cannot open '$LEADS_DB': "* ]]
	[ ! -e "$LEADS_DB" ]
	three
	before=$(state)
	printf 'cadences: [\n' > bad.yaml
	run -78 --separate-stderr lead-set -c bad.yaml 1 owner=bob
	[[ "$stderr" == "lead-set: bad.yaml:"* ]]
	LEADS_NOW=soon run -64 --separate-stderr lead-set 1 owner=bob
	[[ "$stderr" == "lead-set: LEADS_NOW: bad time 'soon'"* ]]
	[ "$(state)" = "$before" ]
	LEADS_NOW=soon run -0 lead-set --help
}
