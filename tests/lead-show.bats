#!/usr/bin/env bats
# lead-show: a lead and its whole history.

load helper

# The helper's clock: Monday 2026-11-23 10:00 UTC.
T10=1795428000

# Ana (1), with a company, an owner, a value and an extra field; Bo (2).
two() {
	us_cadences
	printf '%s\n' 'name,email,phone,company,source,owner,value,Budget' \
	    'Ana Lima,ana@example.com,(555) 123-0001,Acme,web,alice,5000,"10k-20k"' \
	    'Bo Chen,bo@example.com,555-123-0002,,,,,' | lead-add >/dev/null
}

# val KEY: the value of the first "KEY:" line of $output.
val() {
	printf '%s\n' "$output" | sed -n "s/^$1: *//p" | head -n 1
}

@test "--help and --version; the usage is the man page's SYNOPSIS" {
	run -0 --separate-stderr lead-show --help
	[ "$output" = "usage: lead-show [-V] [-c cadences] [-d db] [-o format] [lead ...]" ]
	[ -z "$stderr" ]
	usage_matches_synopsis lead-show
	run -0 lead-show -h
	[ "$output" = "usage: lead-show [-V] [-c cadences] [-d db] [-o format] [lead ...]" ]
	run -0 lead-show --version
	[ "$output" = "lead-show (leads) 0.1.0" ]
	run -0 lead-show -V
	[ "$output" = "lead-show (leads) 0.1.0" ]
	run -64 --separate-stderr lead-show --bogus 1
	[[ "$stderr" == *"usage: lead-show [-V]"* ]]
	[ ! -e "$LEADS_DB" ]
}

@test "text: the fields aligned, extra fields, a blank line, the history" {
	two
	LEADS_NOW=2026-11-23T10:05:00Z LEADS_USER=alice \
	    lead-log 1 no_answer -n "left a message" >/dev/null
	LEADS_NOW=2026-11-23T10:20:00Z run -0 --separate-stderr lead-show 1
	[ -z "$stderr" ]
	[ "$output" = "$(cat <<-'EOF'
	id:             1
	name:           Ana Lima
	email:          ana@example.com
	phone:          +15551230001
	company:        Acme
	source:         web
	owner:          alice
	status:         active
	cadence:        new-lead, step 2 of 3
	next due:       Mon 2026-11-23 10:15 UTC (overdue 5m)
	value:          5000
	created:        Mon 2026-11-23 10:00 UTC
	attempts:       1
	first attempt:  Mon 2026-11-23 10:05 UTC
	last touch:     Mon 2026-11-23 10:05 UTC
	Budget:         10k-20k

	Mon 2026-11-23 10:00 UTC  added                    tester
	Mon 2026-11-23 10:05 UTC  logged  no_answer  call  alice   left a message
	EOF
	)" ]
}

@test "text: empty fields are left out; due in the future; leads separated by a blank line" {
	two
	run -0 lead-show 2
	[ "${lines[0]}" = "id:        2" ]
	[ "${lines[1]}" = "name:      Bo Chen" ]
	[ "${lines[2]}" = "email:     bo@example.com" ]
	[ "${lines[3]}" = "phone:     +15551230002" ]
	[ "${lines[4]}" = "status:    active" ]
	[ "${lines[6]}" = "next due:  Mon 2026-11-23 10:00 UTC (now)" ]
	[[ "$output" != *company* ]]
	[[ "$output" != *owner* ]]
	[[ "$output" != *"lost reason"* ]]
	# Two leads, each with one blank line before its history, one between.
	[ "$(lead-show 2 1 | grep -c '^$')" -eq 3 ]
	[ "$(lead-show 2 1 | grep -c '^id:')" -eq 2 ]
	LEADS_NOW=2026-11-23T09:00:00Z run -0 lead-show 2
	[ "$(val 'next due')" = "Mon 2026-11-23 10:00 UTC (in 1h)" ]
}

@test "a wrong number, a booked call, a lost lead, in the lead's own zone" {
	two
	lead-set 1 tz=America/New_York >/dev/null
	lead-log 1 wrong_number >/dev/null
	run -0 lead-show 1
	[ "$(val phone)" = "+15551230001 (wrong number)" ]
	[ "$(val 'time zone')" = "America/New_York" ]
	[ "$(val created)" = "Mon 2026-11-23 05:00 EST" ]
	[ "$(printf '%s\n' "$output" | tail -n 1)" = \
	    "Mon 2026-11-23 05:00 EST  logged  wrong_number  call  tester" ]
	lead-log 2 connected --next "2026-11-24 10:00" >/dev/null
	run -0 lead-show 2
	[ "$(val status)" = "waiting" ]
	[ "$(val 'booked call')" = "Tue 2026-11-24 10:00 UTC (in 1d)" ]
	[ "$(val 'first contact')" = "Mon 2026-11-23 10:00 UTC" ]
	lead-log 2 lost --reason "cheaper quote" >/dev/null
	run -0 lead-show 2
	[ "$(val status)" = "lost" ]
	[ "$(val closed)" = "Mon 2026-11-23 10:00 UTC" ]
	[ "$(val 'lost reason')" = "cheaper quote" ]
	[[ "$output" != *"next due"* ]]
}

@test "a lead by id, by email in any case, by phone in any format" {
	two
	for lead in 2 BO@Example.COM "(555) 123-0002" "555.123.0002" \
	    "+1 555 123 0002" "tel:+15551230002"; do
		run -0 --separate-stderr lead-show "$lead"
		[ "$(val id)" = "2" ]
		[ -z "$stderr" ]
	done
}

@test "leads one per line on standard input" {
	two
	run -0 bash -c 'printf "2\n\nana@example.com\n" | lead-show -o json | jq -c .id'
	[ "$output" = "$(printf '2\n1')" ]
	run -0 bash -c 'lead-ls -o id | lead-show | grep "^id:"'
	[ "${#lines[@]}" -eq 2 ]
}

@test "an unknown lead: a message, exit 66, the other leads still shown" {
	two
	run -66 --separate-stderr lead-show 1 nobody@example.com 2 99 Ana bad@
	[ "$(printf '%s\n' "$output" | grep -c '^id:')" -eq 2 ]
	[ "$(val id)" = "1" ]
	[ "$stderr" = "$(printf '%s\n' \
	    "lead-show: no lead 'nobody@example.com'" \
	    "lead-show: no lead '99'" \
	    "lead-show: no lead 'Ana'" \
	    "lead-show: no lead 'bad@'")" ]
	run -66 --separate-stderr lead-show -o json 99
	[ -z "$output" ]
	[ "$stderr" = "lead-show: no lead '99'" ]
}

@test "digits that are one lead's id and another's phone: ambiguous, 66" {
	two
	# Lead 2 gets the id that lead 1's phone number reads as.
	sql "UPDATE leads SET id = 15551230001 WHERE id = 2;
	    UPDATE events SET lead_id = 15551230001 WHERE lead_id = 2"
	run -66 --separate-stderr lead-show 15551230001 1
	[ "$stderr" = "$(printf '%s\n' \
	    "lead-show: '15551230001' is more than one lead: use the id" \
	    '  15551230001  Bo Chen  <bo@example.com>  +15551230002' \
	    '  1  Ana Lima  <ana@example.com>  +15551230001')" ]
	[ "$(printf '%s\n' "$output" | grep -c '^id:')" -eq 1 ]
	[ "$(val id)" = "1" ]
	# The number written as a number is only a phone.
	run -0 lead-show "+1 555 123 0001"
	[ "$(val id)" = "1" ]
}

@test "json: one object per line, every key, times in UTC, nulls" {
	two
	LEADS_NOW=2026-11-23T10:05:00Z lead-log 1 no_answer -n "left a message" >/dev/null
	run -0 --separate-stderr lead-show -o json 1 2
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -r 'keys_unsorted | join(",")')" = \
	    "id,status,name,email,phone,phone_bad,company,source,owner,value,tz,cadence,step,due_at,booked_at,created,last_inquiry,attempts,first_attempt,first_contact,last_touch,closed_at,lost_reason,extra,events" ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -c '[.id, .status, .phone, .phone_bad, .value, .tz, .step, .due_at, .created, .attempts, .first_contact, .extra]')" = \
	    '[1,"active","+15551230001",false,5000,null,2,"2026-11-23T10:15:00Z","2026-11-23T10:00:00Z",1,null,{"Budget":"10k-20k"}]' ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -c '.events')" = \
	    '[{"at":"2026-11-23T10:00:00Z","kind":"added","outcome":null,"channel":null,"note":null,"actor":"tester"},{"at":"2026-11-23T10:05:00Z","kind":"logged","outcome":"no_answer","channel":"call","note":"left a message","actor":"tester"}]' ]
	[ "$(printf '%s\n' "${lines[1]}" | jq -c '[.id, .company, .owner, .value, .extra, (.events | length)]')" = \
	    '[2,null,null,null,{},1]' ]
	run -0 lead-show --format jsonl 2
	[ "$(printf '%s\n' "$output" | jq -r .email)" = "bo@example.com" ]
}

@test "-o: only text and json" {
	run -64 --separate-stderr lead-show -o tsv 1
	[ "$stderr" = "lead-show: unknown format 'tsv': use text or json" ]
	[ -z "$output" ]
	run -64 --separate-stderr lead-show -o xml 1
	[ "$stderr" = "lead-show: unknown format 'xml': use text or json" ]
}

@test "merged records: found by their own id or email, their events shown with the lead's" {
	two
	LEADS_NOW=2026-11-23T10:01:00Z lead-log 2 no_answer -n "Bo's call" >/dev/null
	LEADS_NOW=2026-11-23T10:02:00Z lead-log 1 no_answer -n "Ana's call" >/dev/null
	LEADS_NOW=2026-11-23T10:03:00Z lead-merge 1 2 >/dev/null
	run -0 lead-show -o json 2
	[ "$(printf '%s\n' "$output" | jq -r .id)" = "1" ]
	run -0 lead-show -o json bo@example.com
	[ "$(printf '%s\n' "$output" | jq -r '[.events[] | .kind + ":" + (.note // "")] | join(" ")')" = \
	    "added: added: logged:Bo's call logged:Ana's call merged_into: merged:" ]
	run -0 lead-show 1
	[ "$(printf '%s\n' "$output" | sed -n '/^$/,$p' | grep -c .)" -eq 6 ]
}

@test "errors: no database (66), a bad cadence file (78), a bad LEADS_NOW (64)" {
	run -66 --separate-stderr lead-show 1
	[[ "$stderr" == "lead-show: cannot open '$LEADS_DB': "* ]]
	[ ! -e "$LEADS_DB" ]
	two
	printf 'cadences: [\n' > bad.yaml
	run -78 --separate-stderr lead-show -c bad.yaml 1
	[[ "$stderr" == "lead-show: bad.yaml:"* ]]
	LEADS_NOW=soon run -64 --separate-stderr lead-show 1
	[[ "$stderr" == "lead-show: LEADS_NOW: "* ]]
	[ -z "$output" ]
}
