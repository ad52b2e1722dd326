#!/usr/bin/env bats
# lead-forget: erase a person's data, keep the anonymous history, and
# turn them away should they come in again.

load helper

tab=$'\t'

# The helper's clock: Monday 2026-11-23 10:00 UTC.
T10=1795428000

# Ana (1) with a company, extra fields and a note, and her work record
# (2) merged into her, each with a call logged; Bo (3).
ana() {
	us_cadences
	cat > in.csv <<-'EOF'
	name,email,phone,company,source,owner,value,Budget,note,lead id
	Ana Lima,ana@example.com,(555) 123-0001,Limafoods,web,alice,5000,10k,"call Ana Lima after 5",x-991
	A. Lima,ana.lima@work.example,555-123-0009,Limafoods,ads,,,20k,,
	Bo Chen,bo@example.com,555-123-0002,,web,bob,,,,
	EOF
	lead-add in.csv >/dev/null
	LEADS_NOW=2026-11-23T10:01:00Z lead-log 1 no_answer \
	    -n "spoke to Ana Lima's husband" >/dev/null
	LEADS_NOW=2026-11-23T10:02:00Z lead-log 2 voicemail \
	    -n "Limafoods switchboard" >/dev/null
	LEADS_NOW=2026-11-23T10:03:00Z lead-merge 1 2
}

# Everything lead-forget may write: the rows, the events, the hashes.
state() {
	sql 'SELECT * FROM leads; SELECT * FROM events; SELECT * FROM forgotten'
}

# traces FILE: the lines of FILE that hold anything of Ana's.
traces() {
	[ -e "$1" ] || return 0
	strings -n 4 "$1" | grep -i -e lima -e 'ana@' -e '5551230001' \
	    -e '5551230009' -e husband -e 10k -e 20k -e x-991 || true
}

@test "--help and --version; the usage is the man page's SYNOPSIS" {
	run -0 --separate-stderr lead-forget --help
	[ "$output" = "usage: lead-forget [-V] [-c cadences] [-d db] lead ..." ]
	[ -z "$stderr" ]
	usage_matches_synopsis lead-forget
	run -0 lead-forget -h
	[ "$output" = "usage: lead-forget [-V] [-c cadences] [-d db] lead ..." ]
	run -0 lead-forget --version
	[ "$output" = "lead-forget (leads) 0.1.0" ]
	run -0 lead-forget -V
	[ "$output" = "lead-forget (leads) 0.1.0" ]
	run -64 --separate-stderr lead-forget
	[ "$stderr" = "usage: lead-forget [-V] [-c cadences] [-d db] lead ..." ]
	[ -z "$output" ]
	run -64 --separate-stderr lead-forget --bogus 1
	[[ "$stderr" == *"usage: lead-forget [-V]"* ]]
	[ ! -e "$LEADS_DB" ]
}

@test "personal data is gone from the leads, the events and the file; the events stay" {
	ana
	# it is there before
	[ -n "$(traces "$LEADS_DB")" ]
	events=$(sql 'SELECT count(*) FROM events')
	LEADS_NOW=2026-11-23T11:00:00Z run -0 --separate-stderr lead-forget ana@example.com
	[ -z "$output" ]
	[ -z "$stderr" ]
	# nothing left in the file, nor in a write-ahead log
	[ ! -s "$LEADS_DB-wal" ]
	[ -z "$(traces "$LEADS_DB")" ]
	[ -z "$(traces "$LEADS_DB-wal")" ]
	[ -z "$(sql .dump | grep -i -e lima -e 'ana@' -e 5551230001 -e husband -e x-991)" ]
	[ "$(sql 'SELECT id, quote(name), quote(email), quote(phone), quote(company),
	    quote(ext_id), quote(extra) FROM leads WHERE id IN (1, 2)' | tr '\n' ' ')" = \
	    "1|NULL|NULL|NULL|NULL|NULL|NULL 2|NULL|NULL|NULL|NULL|NULL|NULL " ]
	# the anonymous history stays, for the reports
	[ "$(sql 'SELECT count(*) FROM events')" = "$((events + 2))" ]
	[ "$(sql 'SELECT lead_id, kind, quote(outcome), quote(note), touch FROM events
	    WHERE lead_id IN (1, 2) ORDER BY id' | tr '\n' ' ')" = \
	    "1|added|NULL|NULL|0 2|added|NULL|NULL|0 1|logged|'no_answer'|NULL|1 2|logged|'voicemail'|NULL|1 2|merged_into|NULL|NULL|0 1|merged|NULL|NULL|0 1|forgotten|NULL|NULL|0 2|forgotten|NULL|NULL|0 " ]
	[ "$(sql "SELECT data FROM events WHERE lead_id = 1 AND kind = 'added'" | jq -cS .)" = \
	    '{"cadence":"new-lead","due_at":1795428000,"owner":"alice","source":"web","step":1,"step_id":"first-call","value":5000}' ]
	[ "$(sql 'SELECT status, source, owner, value, attempts, first_attempt, closed_at FROM leads WHERE id = 1')" = \
	    "dnc|web|alice|5000.0|2|$((T10 + 60))|$((T10 + 3600))" ]
	# Bo is untouched
	[ "$(sql 'SELECT name, email, status FROM leads WHERE id = 3')" = "Bo Chen|bo@example.com|active" ]
}

@test "the write-ahead log is emptied even while another program has the database open" {
	ana
	# another connection keeps the log from being removed on close
	mkfifo hold
	sqlite3 "$LEADS_DB" < hold > held.out 2>&1 3>&- &
	exec 4> hold
	echo "SELECT count(*) FROM leads;" >&4
	until [ -s held.out ]; do sleep 0.05; done
	LEADS_NOW=2026-11-23T10:30:00Z lead-log 1 note -n "Ana Lima's husband: call at home" >/dev/null
	[ -n "$(traces "$LEADS_DB-wal")" ]
	LEADS_NOW=2026-11-23T11:00:00Z run -0 --separate-stderr lead-forget 1
	[ -z "$stderr" ]
	[ -e "$LEADS_DB-wal" ]
	[ ! -s "$LEADS_DB-wal" ]
	[ -z "$(traces "$LEADS_DB")" ]
	exec 4>&-
	wait
	[ "$(cat held.out)" = "3" ]
}

@test "a reader in a transaction: erased and exit 0, with a warning that the log holds it" {
	ana
	mkfifo hold
	sqlite3 "$LEADS_DB" < hold > held.out 2>&1 3>&- &
	exec 4> hold
	echo "BEGIN; SELECT count(*) FROM leads;" >&4
	until [ -s held.out ]; do sleep 0.05; done
	LEADS_NOW=2026-11-23T11:00:00Z run -0 --separate-stderr lead-forget 1
	[[ "$stderr" == "lead-forget: erased; the old data stays in the write-ahead log until the next checkpoint ("* ]]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'forgotten'")" = "2" ]
	echo "COMMIT;" >&4
	exec 4>&-
	wait
	# the next checkpoint empties it
	sqlite3 "$LEADS_DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
	[ -z "$(traces "$LEADS_DB-wal")" ]
	[ -z "$(traces "$LEADS_DB")" ]
}

@test "forgotten once is enough: again writes nothing; lead-log refuses it" {
	ana
	lead-forget 1
	[ "$(sql 'SELECT count(*) FROM events WHERE fp IS NOT NULL AND lead_id IN (1, 2)')" = "0" ]
	before=$(state)
	run -0 --separate-stderr lead-forget 1
	[ -z "$stderr" ]
	run -64 --separate-stderr lead-log 1 note -n "Ana Lima again"
	[ "$stderr" = "lead-log: lead 1 was forgotten: nothing more is recorded of it" ]
	[ "$(state)" = "$before" ]
}

@test "lead-add of the same email or phone again: suppressed, no lead created" {
	ana
	run -0 lead-forget 1
	before=$(state)
	for args in "--email ana@example.com" "--email ANA@Example.com --name Ana" \
	    "--phone 555-123-0001" "--phone +15551230009 --email new@example.com" \
	    "--email ana.lima@work.example"; do
		LEADS_NOW=2027-01-04T10:00:00Z run -0 --separate-stderr lead-add $args
		[ "$output" = "1${tab}suppressed" ]
		[ -z "$stderr" ]
	done
	run -0 lead-add in.csv
	[ "$output" = "$(printf '%s\n' "1${tab}suppressed" "1${tab}suppressed" "3${tab}duplicate")" ]
	[ "$(state)" = "$before" ]
	# someone else is welcome
	run -0 lead-add --email cy@example.com
	[ "$output" = "4${tab}new" ]
}

@test "an active lead becomes do not contact; a won lead stays won" {
	ana
	[ "$(lead-due -o tsv | sed 1d | cut -f1 | tr '\n' ' ')" = "3 " ]
	lead-log 1 connected --next "2026-11-25 10:00" >/dev/null
	run -0 lead-forget 1
	[ "$(sql 'SELECT status, quote(due_at), quote(booked_at), closed_at FROM leads WHERE id = 1')" = \
	    "dnc|NULL|NULL|$T10" ]
	[ "$(lead-due -o tsv --at 2030-01-01T10:00:00Z | sed 1d | cut -f1 | tr '\n' ' ')" = "3 " ]
	LEADS_NOW=2026-11-23T10:30:00Z lead-log 3 won >/dev/null
	LEADS_NOW=2026-11-23T11:00:00Z run -0 lead-forget bo@example.com
	[ "$(sql 'SELECT status, closed_at, quote(name) FROM leads WHERE id = 3')" = \
	    "won|$((T10 + 1800))|NULL" ]
	run -0 lead-rebuild -n
	[ -z "$output" ]
}

@test "lead-show of the forgotten lead shows no name, address or number" {
	ana
	LEADS_NOW=2026-11-23T11:00:00Z run -0 lead-forget 1
	run -0 lead-show 1
	[ "${lines[0]}" = "id:             1" ]
	[ "$(printf '%s\n' "$output" | grep -c -e '^name:' -e '^email:' -e '^phone:' -e '^company:' -e '^Budget:' -e '^other')" = "0" ]
	[ "$(printf '%s\n' "$output" | sed -n 's/^status: *//p')" = "dnc" ]
	[ "$(printf '%s\n' "$output" | tail -n 2 | tr -s ' ' | tr '\n' '/')" = \
	    "Mon 2026-11-23 11:00 UTC forgotten tester/Mon 2026-11-23 11:00 UTC forgotten tester/" ]
	run -0 lead-show -o json 1
	[ "$(printf '%s\n' "$output" | jq -c '[.name, .email, .phone, .company, .extra, .source, ([.events[].note] | unique)]')" = \
	    '[null,null,null,null,{},"web",[null]]' ]
	[ "$(printf '%s\n' "$output" | jq -r '[.events[].kind] | join(" ")')" = \
	    "added added logged logged merged_into merged forgotten forgotten" ]
	# no longer found by its address
	run -66 --separate-stderr lead-show ana@example.com
	[ "$stderr" = "lead-show: no lead 'ana@example.com'" ]
}

@test "a merged record named forgets the person: both records" {
	ana
	run -0 lead-forget ana.lima@work.example
	[ "$(sql "SELECT lead_id FROM events WHERE kind = 'forgotten' ORDER BY id" | tr '\n' ' ')" = "1 2 " ]
	[ "$(sql 'SELECT count(*) FROM leads WHERE name IS NOT NULL OR email IS NOT NULL')" = "1" ]
}

@test "an unknown lead: a message, exit 66, nothing written for it; the others forgotten" {
	ana
	before=$(state)
	run -66 --separate-stderr lead-forget 99
	[ "$stderr" = "lead-forget: no lead '99'" ]
	[ -z "$output" ]
	run -66 --separate-stderr lead-forget nobody@example.com
	[ "$stderr" = "lead-forget: no lead 'nobody@example.com'" ]
	[ "$(state)" = "$before" ]
	run -66 --separate-stderr lead-forget 99 bo@example.com
	[ "$stderr" = "lead-forget: no lead '99'" ]
	[ "$(sql 'SELECT status, quote(email) FROM leads WHERE id = 3')" = "dnc|NULL" ]
}

@test "errors: no database (66), a bad cadence file (78), a bad LEADS_NOW (64)" {
	run -66 --separate-stderr lead-forget 1
	[[ "$stderr" == "lead-forget: cannot open '$LEADS_DB': "* ]]
	[ ! -e "$LEADS_DB" ]
	ana
	before=$(state)
	printf 'cadences: [\n' > bad.yaml
	run -78 --separate-stderr lead-forget -c bad.yaml 1
	[[ "$stderr" == "lead-forget: bad.yaml:"* ]]
	LEADS_NOW=soon run -64 --separate-stderr lead-forget 1
	[[ "$stderr" == "lead-forget: LEADS_NOW: bad time 'soon'"* ]]
	[ "$(state)" = "$before" ]
	LEADS_NOW=soon run -0 lead-forget --help
}
