#!/usr/bin/env bats
# lead-merge: two records of one person become one.

load helper

tab=$'\t'

# The helper's clock: Monday 2026-11-23 10:00 UTC.
T10=1795428000

# Ana (1) and her work record (2); Cy (3), without a phone; a caller (4)
# with only a number.
four() {
	us_cadences
	cat > in.csv <<-'EOF'
	name,email,phone,company,source,owner,value,Budget,Size
	Ana Lima,ana@example.com,(555) 123-0001,Acme,web,alice,5000,10k,
	A. Lima,ana.lima@work.example,555-123-0009,Lima Ltd,ads,bob,900,20k,50
	Cy Diaz,cy@example.com,,,,,,,
	,,555-123-0004,,phone,,,,
	EOF
	lead-add in.csv >/dev/null
}

# Everything lead-merge may write: the rows and the number of events.
state() {
	sql 'SELECT * FROM leads; SELECT count(*) FROM events'
}

# ids [ARGS]: the ids lead-ls lists, on one line.
ids() {
	lead-ls -o id "$@" | tr '\n' ' ' | sed 's/ $//'
}

@test "--help and --version; the usage is the man page's SYNOPSIS" {
	run -0 --separate-stderr lead-merge --help
	[ "$output" = "usage: lead-merge [-V] [-c cadences] [-d db] keep other" ]
	[ -z "$stderr" ]
	usage_matches_synopsis lead-merge
	run -0 lead-merge -h
	[ "$output" = "usage: lead-merge [-V] [-c cadences] [-d db] keep other" ]
	run -0 lead-merge --version
	[ "$output" = "lead-merge (leads) 0.1.0" ]
	run -0 lead-merge -V
	[ "$output" = "lead-merge (leads) 0.1.0" ]
	for args in "" "1" "1 2 3"; do
		run -64 --separate-stderr lead-merge $args
		[ "$stderr" = "usage: lead-merge [-V] [-c cadences] [-d db] keep other" ]
		[ -z "$output" ]
	done
	run -64 --separate-stderr lead-merge --bogus 1 2
	[[ "$stderr" == *"usage: lead-merge [-V]"* ]]
	[ ! -e "$LEADS_DB" ]
}

@test "contact details combined: other's address and number kept as other email and phone" {
	four
	run -0 --separate-stderr lead-merge 1 ana.lima@work.example
	[ -z "$output" ]
	[ -z "$stderr" ]
	# keep's own fields win; the extra fields of both, keep's first
	[ "$(sql 'SELECT name, email, phone, company, source, owner, value FROM leads WHERE id = 1')" = \
	    "Ana Lima|ana@example.com|+15551230001|Acme|web|alice|5000.0" ]
	[ "$(sql 'SELECT extra FROM leads WHERE id = 1' | jq -cS .)" = \
	    '{"Budget":"10k","Size":"50","other email":"ana.lima@work.example","other phone":"+15551230009"}' ]
	# the address and number stay on the merged record, which leads to keep
	[ "$(sql 'SELECT email, phone, merged_into FROM leads WHERE id = 2')" = \
	    "ana.lima@work.example|+15551230009|1" ]
	run -0 lead-show 1
	[ "$(printf '%s\n' "$output" | sed -n 's/^other email: *//p')" = "ana.lima@work.example" ]
	[ "$(printf '%s\n' "$output" | sed -n 's/^other phone: *//p')" = "+15551230009" ]
	[ "$(sql "SELECT lead_id, kind, data FROM events WHERE kind LIKE 'merged%' ORDER BY id" | head -n 1)" = \
	    '2|merged_into|{"into":1,"set":{"merged_into":1,"cadence":null,"step":0,"step_id":null,"step_base":null,"due_at":null,"booked_at":null}}' ]
	run -0 lead-rebuild -n
	[ -z "$output" ]
}

@test "keep without a phone takes other's; its empty fields are filled in" {
	four
	run -0 lead-merge cy@example.com "(555) 123-0004"
	[ "$(sql 'SELECT id, name, email, phone, source, quote(merged_into) FROM leads WHERE id IN (3, 4)')" = \
	    "$(printf '%s\n' '3|Cy Diaz|cy@example.com|+15551230004|phone|NULL' '4||||phone|3')" ]
	[ "$(sql 'SELECT extra FROM leads WHERE id = 3')" = "" ]
	run -0 lead-show -o json 5551230004
	[ "$(printf '%s\n' "$output" | jq -c '[.id, .phone]')" = '[3,"+15551230004"]' ]
	# Ana's work record, merged into Cy, fills what Cy lacks
	run -0 lead-merge 3 2
	[ "$(sql 'SELECT name, company, source, owner, value FROM leads WHERE id = 3')" = \
	    "Cy Diaz|Lima Ltd|phone|bob|900.0" ]
	[ "$(sql 'SELECT extra FROM leads WHERE id = 3' | jq -cS .)" = \
	    '{"Budget":"20k","Size":"50","other email":"ana.lima@work.example","other phone":"+15551230009"}' ]
	run -0 lead-rebuild -n
}

@test "the events of both are shown by lead-show KEEP" {
	four
	LEADS_NOW=2026-11-23T10:01:00Z lead-log 2 no_answer -n "work number" >/dev/null
	LEADS_NOW=2026-11-23T10:02:00Z lead-log 1 no_answer -n "mobile" >/dev/null
	LEADS_NOW=2026-11-23T10:03:00Z run -0 lead-merge 1 2
	run -0 lead-show -o json 1
	[ "$(printf '%s\n' "$output" | jq -r '[.events[] | .at[11:16] + " " + .kind + ":" + (.note // "")] | join(", ")')" = \
	    "10:00 added:, 10:00 added:, 10:01 logged:work number, 10:02 logged:mobile, 10:03 merged_into:, 10:03 merged:" ]
	run -0 lead-show -o json 2
	[ "$(printf '%s\n' "$output" | jq -c '[.id, (.events | length)]')" = '[1,6]' ]
}

@test "other's id, email and phone find keep: lead-log, lead-set, lead-show" {
	four
	run -0 lead-merge 1 2
	run -0 lead-log ana.lima@work.example no_answer
	[ "$output" = "1 active: next email Mon 2026-11-23 10:10 UTC (in 10m)" ]
	LEADS_NOW=2026-11-23T10:10:00Z run -0 lead-log "555.123.0009" emailed
	[ "${output%% *}" = "1" ]
	LEADS_NOW=2026-11-23T10:11:00Z run -0 lead-log 2 note -n "asked for Ana"
	[ "$(sql "SELECT lead_id, outcome FROM events WHERE kind = 'logged' ORDER BY id" | tr '\n' ' ')" = \
	    "1|no_answer 1|emailed 1|note " ]
	[ "$(sql 'SELECT id, attempts, step FROM leads WHERE id IN (1, 2)' | tr '\n' ' ')" = "1|2|3 2|0|0 " ]
	run -0 lead-set 2 owner=carol
	[ "$(sql 'SELECT id, quote(owner) FROM leads WHERE id IN (1, 2)' | tr '\n' ' ')" = "1|'carol' 2|'bob' " ]
	run -0 lead-show -o json "+15551230009"
	[ "$(printf '%s\n' "$output" | jq -c '[.id, .owner]')" = '[1,"carol"]' ]
	run -0 lead-rebuild -n
}

@test "the merged-away record has nothing due: not in lead-due, not in lead-ls" {
	four
	# Cy has no phone: his first step is the email at 10:10
	[ "$(due)" = "1 2 4" ]
	run -0 lead-merge 1 2
	[ "$(sql 'SELECT quote(cadence), step, quote(due_at), quote(booked_at) FROM leads WHERE id = 2')" = \
	    "NULL|0|NULL|NULL" ]
	[ "$(due)" = "1 4" ]
	[ "$(due --at 2027-01-01T10:00:00Z)" = "1 4 3" ]
	[ "$(ids)" = "1 3 4" ]
	[ "$(ids --status active)" = "1 3 4" ]
	[ "$(ids --source ads)" = "" ]
	# keep stays where it was in its cadence
	[ "$(sql 'SELECT status, cadence, step, due_at FROM leads WHERE id = 1')" = \
	    "active|new-lead|1|$T10" ]
}

@test "do not contact on either side wins; won on other wins over active" {
	four
	lead-log 2 do_not_contact >/dev/null
	LEADS_NOW=2026-11-23T11:00:00Z run -0 lead-merge 1 2
	[ "$(sql 'SELECT status, quote(due_at), closed_at FROM leads WHERE id = 1')" = \
	    "dnc|NULL|$((T10 + 3600))" ]
	[ "$(due --at 2030-01-01T10:00:00Z)" = "4 3" ]
	# keep asked not to be contacted: it stays so
	lead-log 3 do_not_contact >/dev/null
	run -0 lead-merge 3 4
	[ "$(sql 'SELECT status, quote(due_at), closed_at FROM leads WHERE id = 3')" = \
	    "dnc|NULL|$T10" ]
	[ "$(due --at 2030-01-01T10:00:00Z)" = "" ]
	run -0 lead-rebuild -n
}

@test "won on other makes an active keep won" {
	four
	LEADS_NOW=2026-11-23T10:30:00Z lead-log 2 won >/dev/null
	LEADS_NOW=2026-11-23T11:00:00Z run -0 lead-merge 1 2
	[ "$(sql 'SELECT status, quote(due_at), closed_at FROM leads WHERE id = 1')" = \
	    "won|NULL|$((T10 + 1800))" ]
	[ "$(due)" = "4" ]
	run -0 lead-rebuild -n
}

@test "the same lead, an unknown lead, an already merged lead: refused, nothing written" {
	four
	before=$(state)
	run -64 --separate-stderr lead-merge 1 1
	[ "$stderr" = "lead-merge: '1' and '1' are one lead already: lead 1" ]
	[ -z "$output" ]
	run -64 --separate-stderr lead-merge 1 ana@example.com
	[ "$stderr" = "lead-merge: '1' and 'ana@example.com' are one lead already: lead 1" ]
	run -66 --separate-stderr lead-merge 1 99
	[ "$stderr" = "lead-merge: no lead '99'" ]
	run -66 --separate-stderr lead-merge nobody@example.com 2
	[ "$stderr" = "lead-merge: no lead 'nobody@example.com'" ]
	[ "$(state)" = "$before" ]
	run -0 lead-merge 1 2
	before=$(state)
	# 2 stands for 1 now
	run -64 --separate-stderr lead-merge 1 2
	[ "$stderr" = "lead-merge: '1' and '2' are one lead already: lead 1" ]
	run -64 --separate-stderr lead-merge 2 1
	[ "$stderr" = "lead-merge: '2' and '1' are one lead already: lead 1" ]
	run -64 --separate-stderr lead-merge ana.lima@work.example 555-123-0001
	[ "$stderr" = "lead-merge: 'ana.lima@work.example' and '555-123-0001' are one lead already: lead 1" ]
	[ "$(state)" = "$before" ]
}

@test "a forgotten lead is merged with no one, either side" {
	four
	lead-forget 3
	before=$(state)
	run -64 --separate-stderr lead-merge 3 4
	[ "$stderr" = "lead-merge: lead 3 was forgotten: it cannot be merged" ]
	run -64 --separate-stderr lead-merge 4 3
	[ "$stderr" = "lead-merge: lead 3 was forgotten: it cannot be merged" ]
	[ "$(state)" = "$before" ]
}

@test "the same input fed again after the merge: duplicate of keep" {
	four
	run -0 lead-merge 1 2
	before=$(state)
	run -0 --separate-stderr lead-add in.csv
	[ "$output" = "$(printf '%s\n' "1${tab}duplicate" "1${tab}duplicate" \
	    "3${tab}duplicate" "4${tab}duplicate")" ]
	[ "$(state)" = "$before" ]
	# later, the lines have no time of their own: known by what they are
	LEADS_NOW=2026-11-23T11:00:00Z run -0 --separate-stderr lead-add in.csv
	[ "$output" = "$(printf '%s\n' "1${tab}duplicate" "1${tab}duplicate" \
	    "3${tab}duplicate" "4${tab}duplicate")" ]
	[ "$(state)" = "$before" ]
	# the person from the work address again, later: a re-inquiry of keep
	LEADS_NOW=2026-11-24T10:00:00Z run -0 lead-add --email ana.lima@work.example
	[ "$output" = "1${tab}reinquiry" ]
	[ "$(sql "SELECT lead_id FROM events WHERE kind = 'reinquiry'")" = "1" ]
	[ "$(sql 'SELECT count(*) FROM leads')" = "4" ]
	run -0 lead-rebuild -n
}

@test "the attempts of both are counted on keep" {
	four
	LEADS_NOW=2026-11-23T10:01:00Z lead-log 2 no_answer >/dev/null
	LEADS_NOW=2026-11-23T10:02:00Z lead-log 2 emailed >/dev/null
	LEADS_NOW=2026-11-23T10:03:00Z lead-log 1 connected --next "tue 10:00" >/dev/null
	LEADS_NOW=2026-11-23T10:05:00Z run -0 lead-merge 1 2
	[ "$(sql 'SELECT attempts, first_attempt, first_contact, last_touch FROM leads WHERE id = 1')" = \
	    "3|$((T10 + 60))|$((T10 + 180))|$((T10 + 180))" ]
	# other's later touch is keep's last touch
	LEADS_NOW=2026-11-23T10:06:00Z lead-log 3 no_answer >/dev/null
	LEADS_NOW=2026-11-23T10:07:00Z lead-log 4 no_answer >/dev/null
	LEADS_NOW=2026-11-23T10:08:00Z run -0 lead-merge 3 4
	[ "$(sql 'SELECT attempts, first_attempt, last_touch FROM leads WHERE id = 3')" = \
	    "2|$((T10 + 360))|$((T10 + 420))" ]
	run -0 lead-show 1
	[ "$(printf '%s\n' "$output" | sed -n 's/^attempts: *//p')" = "3" ]
	run -0 lead-rebuild -n
}

@test "errors: no database (66), a bad cadence file (78), a bad LEADS_NOW (64)" {
	run -66 --separate-stderr lead-merge 1 2
	[[ "$stderr" == "lead-merge: cannot open '$LEADS_DB': "* ]]
	[ ! -e "$LEADS_DB" ]
	four
	before=$(state)
	printf 'cadences: [\n' > bad.yaml
	run -78 --separate-stderr lead-merge -c bad.yaml 1 2
	[[ "$stderr" == "lead-merge: bad.yaml:"* ]]
	LEADS_NOW=soon run -64 --separate-stderr lead-merge 1 2
	[[ "$stderr" == "lead-merge: LEADS_NOW: bad time 'soon'"* ]]
	[ "$(state)" = "$before" ]
	LEADS_NOW=soon run -0 lead-merge --help
}
