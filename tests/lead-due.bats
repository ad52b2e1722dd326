#!/usr/bin/env bats
# lead-due: what to do now, most urgent first.

load helper

tab=$'\t'

# The helper's clock: Monday 2026-11-23 10:00 UTC.
T10=1795428000

# A team: three owners, carol the backup, working hours with a lunch
# break, a holiday, and an entry rule for ad leads.
team() {
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	hours: { mon-fri: "09:00-12:00, 13:00-17:00" }
	holidays: [2026-12-25]
	speed_to_lead: { target: 5m, escalate: 15m }
	owners: [alice, bob, carol]
	backup: carol
	entry:
	  - { match: { source: "google-*" }, cadence: hot }
	  - { cadence: new-lead }
	cadences:
	  hot:
	    steps:
	      - { id: hot-call, channel: call, after: 0m, note: "ad lead: call now" }
	      - { id: hot-sms, channel: sms, after: 5m }
	    then: new-lead
	  new-lead:
	    steps:
	      - { id: first-call, channel: call, after: 0m, note: "call now" }
	      - { id: missed-you, channel: email, after: 10m, note: "sorry we missed you" }
	      - { id: second-call, channel: call, after: 2h }
	    then: close
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
}

# touched ID: the lead's first step was done at its inquiry + 5m, so it
# is at its second step (missed-you), due 10 minutes after that.
touched() {
	sql "UPDATE leads SET attempts = 1, last_touch = created + 300,
	    step = 2, step_id = 'missed-you', step_base = created + 300,
	    due_at = created + 900 WHERE id = $1"
}

@test "--help and --version" {
	run -0 --separate-stderr lead-due --help
	[ "$output" = "$(cat <<-'EOF'
	usage: lead-due [-V] [-c cadences] [-d db] [-o format] [--raw-csv]
	                [--at time] [--within duration] [--owner name | --mine]
	                [--channel list] [--limit n] [--once name]
	       lead-due [-c cadences] [-d db] [--at time] --explain lead
	EOF
	)" ]
	[ -z "$stderr" ]
	run -0 lead-due -h
	[ "${lines[0]}" = "usage: lead-due [-V] [-c cadences] [-d db] [-o format] [--raw-csv]" ]
	run -0 lead-due --version
	[ "$output" = "lead-due (leads) 0.1.0" ]
	run -0 lead-due -V
	[ "$output" = "lead-due (leads) 0.1.0" ]
	[ ! -e "$LEADS_DB" ]
}

@test "the usage in --help is the man page's SYNOPSIS" {
	run -0 lead-due --help
	usage_matches_synopsis lead-due
}

@test "done when: a lead added at 10:00 on a working day is a call due now" {
	run -0 lead-add --name 'Ana Ruiz' --email ana@example.com --phone +15551230001
	run -0 --separate-stderr lead-due
	[ -z "$stderr" ]
	[ "$output" = "$(cat <<-'EOF'
	ID  DUE  DO    NAME      PHONE         EMAIL            OWNER  STEP          NOTE
	1   now  call  Ana Ruiz  +15551230001  ana@example.com         new-lead 1/9  call now: first touch inside 5 minutes
	EOF
	)" ]
	run -0 lead-due -o json
	[ "$output" = '{"id":1,"due_at":"2026-11-23T10:00:00Z","channel":"call","cadence":"new-lead","step":1,"steps":9,"name":"Ana Ruiz","email":"ana@example.com","phone":"+15551230001","owner":null,"source":null,"value":0.0,"note":"call now: first touch inside 5 minutes","escalated":false,"booked":false}' ]
}

@test "done when: a lead added on Saturday night is due at Monday 09:00" {
	LEADS_NOW=2026-11-21T22:30:00Z run -0 lead-add --email sat@example.com --phone +15551230002
	[ "$(sql 'SELECT due_at FROM leads')" = "$(date -d 2026-11-23T09:00:00Z +%s)" ]
	for now in 2026-11-21T22:30:00Z 2026-11-22T12:00:00Z 2026-11-23T08:59:59Z; do
		LEADS_NOW=$now run -1 --separate-stderr lead-due
		[ -z "$output" ]
		[ -z "$stderr" ]
	done
	LEADS_NOW=2026-11-23T09:00:00Z run -0 lead-due -o tsv
	[ "${lines[1]%%"$tab"call*}" = "1${tab}2026-11-23T09:00:00Z" ]
	# With a zone in the cadence file, 09:00 is that zone's.
	printf 'timezone: Europe/Berlin\nhours: { mon-fri: "09:00-17:00" }\ncadences:\n  c: { steps: [ { channel: call, after: 0m } ] }\n' > berlin.yaml
	export LEADS_DB="$BATS_TEST_TMPDIR/berlin.db"
	LEADS_NOW=2026-11-21T22:30:00Z run -0 lead-add -c berlin.yaml --email b@example.com
	[ "$(sql 'SELECT due_at FROM leads')" = "$(date -d 2026-11-23T08:00:00Z +%s)" ]
	LEADS_NOW=2026-11-23T07:59:00Z run -1 lead-due -c berlin.yaml
	LEADS_NOW=2026-11-23T08:00:00Z run -0 lead-due -c berlin.yaml -o tsv
	[ "$(echo "$output" | cut -f1,2 | sed 1d)" = "1${tab}2026-11-23T08:00:00Z" ]
}

@test "nothing due: no output at all and exit 1, so cron sends no mail" {
	team
	run -0 lead-add --email later@example.com	# no phone: emailed at 10:10
	for fmt in text tsv csv json; do
		run -1 --separate-stderr lead-due -o "$fmt"
		[ -z "$output" ]
		[ -z "$stderr" ]
	done
	LEADS_NOW=2026-11-23T10:10:00Z run -0 lead-due -o tsv
	[ "${#lines[@]}" -eq 2 ]
	# closed leads are never due
	sql "UPDATE leads SET status = 'won', due_at = NULL"
	LEADS_NOW=2026-11-23T10:10:00Z run -1 lead-due
	[ -z "$output" ]
}

@test "formats: tsv, csv and json have the same columns; text is for people" {
	team
	run -0 lead-add --name 'Ruiz, Ana "Annie"' --email ana@example.com \
	    --phone +15551230001 --value 1250.5 --source web
	run -0 lead-add --name 'Bo Li' --email bo@example.com --source google-ads --owner dave
	LEADS_NOW=2026-11-23T09:30:00Z run -0 lead-add --name 'Cy' --phone +15551230003
	touched 3
	LEADS_NOW=2026-11-23T13:00:00Z run -0 lead-due --at 2026-11-23T10:00:00Z -o tsv
	[ "$output" = "$(cat <<-EOF
	id${tab}due_at${tab}channel${tab}cadence${tab}step${tab}steps${tab}name${tab}email${tab}phone${tab}owner${tab}source${tab}value${tab}note${tab}escalated${tab}booked
	1${tab}2026-11-23T10:00:00Z${tab}call${tab}new-lead${tab}1${tab}3${tab}Ruiz, Ana "Annie"${tab}ana@example.com${tab}+15551230001${tab}alice${tab}web${tab}1250.5${tab}call now${tab}0${tab}0
	3${tab}2026-11-23T09:45:00Z${tab}email${tab}new-lead${tab}2${tab}3${tab}Cy${tab}${tab}+15551230003${tab}bob${tab}${tab}0${tab}sorry we missed you${tab}0${tab}0
	EOF
	)" ]
	# Lead 2 has no phone: its hot call is passed over, the sms too, and
	# it is emailed 10 minutes after its inquiry.
	run -0 lead-due --at 2026-11-23T10:10:00Z -o json
	[ "${lines[0]}" = '{"id":3,"due_at":"2026-11-23T09:45:00Z","channel":"email","cadence":"new-lead","step":2,"steps":3,"name":"Cy","email":null,"phone":"+15551230003","owner":"bob","source":null,"value":0.0,"note":"sorry we missed you","escalated":false,"booked":false}' ]
	[ "${lines[1]}" = '{"id":1,"due_at":"2026-11-23T10:00:00Z","channel":"call","cadence":"new-lead","step":1,"steps":3,"name":"Ruiz, Ana \"Annie\"","email":"ana@example.com","phone":"+15551230001","owner":"alice","source":"web","value":1250.5,"note":"call now","escalated":false,"booked":false}' ]
	[ "${lines[2]}" = '{"id":2,"due_at":"2026-11-23T10:10:00Z","channel":"email","cadence":"new-lead","step":2,"steps":3,"name":"Bo Li","email":"bo@example.com","phone":null,"owner":"dave","source":"google-ads","value":0.0,"note":"sorry we missed you","escalated":false,"booked":false}' ]
	[ "${#lines[@]}" -eq 3 ]
	# CSV: RFC 4180 with CRLF; a cell a spreadsheet would run as a
	# formula (+, -, =, @) gets an apostrophe.
	lead-due --at 2026-11-23T10:00:00Z -o csv > out.csv
	[ "$(cat out.csv)" = "$(printf '%s\r\n' \
	    'id,due_at,channel,cadence,step,steps,name,email,phone,owner,source,value,note,escalated,booked' \
	    '1,2026-11-23T10:00:00Z,call,new-lead,1,3,"Ruiz, Ana ""Annie""",ana@example.com,"'"'"'+15551230001",alice,web,1250.5,call now,0,0' \
	    "3,2026-11-23T09:45:00Z,email,new-lead,2,3,Cy,,\"'+15551230003\",bob,,0,sorry we missed you,0,0")" ]
	# Text: aligned, relative to the moment asked.
	run -0 lead-due --at 2026-11-23T13:00:00Z --within 15m
	[ "$output" = "$(cat <<-'EOF'
	ID  DUE            DO     NAME               PHONE         EMAIL            OWNER  STEP          NOTE
	3   overdue 3h15m  email  Cy                 +15551230003                   bob    new-lead 2/3  sorry we missed you
	1   overdue 3h     call   Ruiz, Ana "Annie"  +15551230001  ana@example.com  alice  new-lead 1/3  ESCALATED: first touch overdue
	2   overdue 2h50m  email  Bo Li                            bo@example.com   dave   new-lead 2/3  ESCALATED: first touch overdue
	EOF
	)" ]
}

@test "the columns the man page lists are the columns printed, in order" {
	run -0 lead-add --email a@example.com
	run -0 lead-due -o tsv --at 2026-11-23T10:10:00Z
	header=$(echo "${lines[0]}" | tr '\t' ' ')
	listed=$(awk '/^The columns of$/ { on = 1 } on && /^\.It Li / { sub(/^\.It Li /, ""); gsub(/ , /, " "); printf "%s ", $0 } on && /^\.El/ { exit }' \
	    "$BATS_TEST_DIRNAME/../man/lead-due.1")
	[ "$header" = "${listed% }" ]
	[ "$header" = "id due_at channel cadence step steps name email phone owner source value note escalated booked" ]
}

@test "text: now, overdue and, with --within, in N" {
	team
	run -0 lead-add --email a@example.com --phone +15551230001
	run -0 lead-add --email b@example.com	# emailed at 10:10
	LEADS_NOW=2026-11-23T10:00:59Z run -0 lead-due --within 20m
	[ "$output" = "$(cat <<-'EOF'
	ID  DUE    DO     NAME  PHONE         EMAIL          OWNER  STEP          NOTE
	1   now    call         +15551230001  a@example.com  alice  new-lead 1/3  call now
	2   in 9m  email                      b@example.com  bob    new-lead 2/3  sorry we missed you
	EOF
	)" ]
	LEADS_NOW=2026-11-23T10:01:00Z run -0 lead-due
	[ "${lines[1]}" = "1   overdue 1m  call        +15551230001  a@example.com  alice  new-lead 1/3  call now" ]
	# --within counts working days too
	run -1 lead-due --at 2026-11-20T16:00:00Z --within 1h
	run -0 lead-due --at 2026-11-20T16:00:00Z --within 1bd -o tsv
	[ "$(echo "$output" | cut -f1 | sed 1d | tr '\n' ' ')" = "1 2 " ]
}

@test "order: untouched leads inside the target, newest first; then most overdue; then value" {
	team
	# 1 and 2 are new (inside the 5-minute target), 2 the newer;
	# 3 is untouched but past the target; 4, 5 and 6 were called once.
	run -0 lead-add --email 1@example.com --phone +15551230001 --created 2026-11-23T09:57:00Z --value 10
	run -0 lead-add --email 2@example.com --phone +15551230002 --created 2026-11-23T09:59:00Z
	run -0 lead-add --email 3@example.com --phone +15551230003 --created 2026-11-23T09:50:00Z --value 9000
	run -0 lead-add --email 4@example.com --phone +15551230004 --created 2026-11-23T09:00:00Z --value 100
	run -0 lead-add --email 5@example.com --phone +15551230005 --created 2026-11-23T09:00:00Z --value 500
	run -0 lead-add --email 6@example.com --phone +15551230006 --created 2026-11-23T09:00:00Z --value 500
	run -0 lead-add --email 7@example.com --phone +15551230007 --created 2026-11-23T09:00:00Z --value 500
	for id in 4 5 6 7; do touched $id; done
	sql "UPDATE leads SET step_base = step_base + 600, due_at = due_at + 600 WHERE id = 6"
	# 4, 5, 7: due 09:15, 45m overdue; 6: due 09:25
	[ "$(due)" = "2 1 5 7 4 6 3" ]
	run -0 lead-due -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,2,12 | tr '\n' ' ')" = \
	    "2${tab}2026-11-23T09:59:00Z${tab}0 1${tab}2026-11-23T09:57:00Z${tab}10 5${tab}2026-11-23T09:15:00Z${tab}500 7${tab}2026-11-23T09:15:00Z${tab}500 4${tab}2026-11-23T09:15:00Z${tab}100 6${tab}2026-11-23T09:25:00Z${tab}500 3${tab}2026-11-23T09:50:00Z${tab}9000 " ]
	# Three minutes on, 1 has left the window; 2 has not.
	LEADS_NOW=2026-11-23T10:03:00Z run -0 lead-due -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1 | tr '\n' ' ')" = "2 5 7 4 6 3 1 " ]
	# Out of the window, 2 is the least overdue.  Among steps due at
	# the same time, a lead without a value has the file's default.
	sed -i 's/^timezone: UTC/value: 600\ntimezone: UTC/' cad.yaml
	[ "$(due --at 2026-11-23T10:06:00Z)" = "5 7 4 6 3 1 2" ]
	sql "UPDATE leads SET due_at = $T10 WHERE id IN (1, 2, 3)"
	[ "$(due --at 2026-11-23T10:06:00Z)" = "5 7 4 6 3 2 1" ]
}

@test "filters: --owner, --mine, --channel, --limit" {
	team
	run -0 lead-add --email a@example.com --phone +15551230001	# alice
	run -0 lead-add --email b@example.com	# bob: email at 10:10
	run -0 lead-add --email c@example.com --phone +15551230003	# carol
	run -0 lead-add --email d@example.com --phone +15551230004 --owner dave
	[ "$(sql 'SELECT group_concat(owner) FROM leads')" = "alice,bob,carol,dave" ]
	export LEADS_NOW=2026-11-23T10:10:00Z
	[ "$(due)" = "1 3 4 2" ]	# 2 is the least overdue
	[ "$(due --owner alice)" = "1" ]
	[ "$(due --owner dave)" = "4" ]
	run -1 lead-due --owner nobody
	[ -z "$output" ]
	[ "$(LEADS_USER=bob due --mine)" = "2" ]
	[ "$(USER=carol due --mine)" = "3" ]	# LEADS_USER unset: $USER
	run -1 lead-due --mine	# tester owns nothing
	[ "$(due --channel email)" = "2" ]
	[ "$(due --channel call)" = "1 3 4" ]
	[ "$(due --channel 'call, email')" = "1 3 4 2" ]
	run -1 lead-due --channel sms,mail,task
	[ "$(due --limit 2)" = "1 3" ]
	[ "$(due --limit 4)" = "1 3 4 2" ]
	[ "$(due --channel call --limit 2)" = "1 3" ]
	[ "$(due --owner carol --channel call --limit 1)" = "3" ]
}

@test "--once NAME shows each due step once per consumer" {
	team
	run -0 lead-add --email a@example.com --phone +15551230001
	run -0 lead-add --email b@example.com --phone +15551230002
	run -0 lead-add --email c@example.com --phone +15551230003
	[ "$(due --once push --limit 2)" = "1 2" ]
	[ "$(due --once push)" = "3" ]
	run -1 --separate-stderr lead-due --once push
	[ -z "$output" ]
	[ -z "$stderr" ]
	# another consumer has its own memory; a plain run changes nothing
	[ "$(due --once mail --owner bob)" = "2" ]
	[ "$(due)" = "1 2 3" ]
	[ "$(due --once mail)" = "1 3" ]
	# The next step of a lead is new again.
	touched 1
	LEADS_NOW=2026-11-23T10:20:00Z run -0 lead-due --once push -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,3,5)" = "1${tab}email${tab}2" ]
	[ "$(sql "SELECT consumer, lead_id, step_id FROM shown ORDER BY consumer, lead_id, step_id")" = "$(cat <<-'EOF'
	mail|1|first-call
	mail|2|first-call
	mail|3|first-call
	push|1|first-call
	push|1|missed-you
	push|2|first-call
	push|3|first-call
	EOF
	)" ]
}

@test "escalation: the backup sees a first step left undone, recorded once" {
	team
	run -0 lead-add --email a@example.com --phone +15551230001	# alice
	run -0 lead-add --email b@example.com --phone +15551230002	# bob
	touched 2
	[ "$(due --once push)" = "1" ]	# a push to everyone, every minute
	# 15 minutes is not past the limit
	LEADS_NOW=2026-11-23T10:15:00Z run -1 lead-due --owner carol
	[ "$(LEADS_NOW=2026-11-23T10:15:00Z due --owner alice)" = "1" ]
	# Another moment, or looking ahead: shown, never recorded.
	run -0 lead-due --owner carol --at 2026-11-23T10:16:00Z -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,10,14)" = "1${tab}alice${tab}1" ]
	LEADS_NOW=2026-11-23T10:15:00Z run -0 lead-due --owner carol --within 1m -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,10,14)" = "1${tab}alice${tab}0" ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'escalated'")" = 0 ]
	[ -z "$(sql 'SELECT escalated_at FROM leads WHERE id = 1')" ]
	# Past it, for the real now: the backup sees it too, and it is
	# recorded once, with who ran lead-due.
	export LEADS_NOW=2026-11-23T10:16:00Z
	# pushed already, so not again; the backup's own consumer gets it
	[ "$(due --once push)" = "2" ]
	[ "$(due --once carol --owner carol)" = "1" ]
	run -0 lead-due --owner carol
	[ "$output" = "$(cat <<-'EOF'
	ID  DUE          DO    NAME  PHONE         EMAIL          OWNER  STEP          NOTE
	1   overdue 16m  call        +15551230001  a@example.com  alice  new-lead 1/3  ESCALATED: first touch overdue
	EOF
	)" ]
	[ "$(due --owner bob)" = "2" ]	# his own step, not escalated
	LEADS_USER=alice run -0 lead-due
	LEADS_NOW=2026-11-23T11:00:00Z run -0 lead-due
	[ "$(sql "SELECT lead_id, at, kind, channel, actor, data FROM events WHERE kind = 'escalated'")" = \
	    "1|$((T10 + 960))|escalated|call|tester|{\"due_at\":$T10,\"owner\":\"alice\",\"step\":\"first-call\",\"set\":{\"escalated_at\":$((T10 + 960))}}" ]
	[ "$(sql 'SELECT id, escalated_at FROM leads WHERE escalated_at IS NOT NULL')" = "1|$((T10 + 960))" ]
	# once touched, it is no longer escalated
	touched 1
	LEADS_NOW=2026-11-23T11:00:00Z run -0 lead-due -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,14 | tr '\n' ' ')" = "1${tab}0 2${tab}0 " ]
	[ "$(LEADS_NOW=2026-11-23T11:00:00Z due --owner carol)" = "" ]
}

@test "escalation counts from when the step fell due, not the inquiry" {
	team
	LEADS_NOW=2026-11-21T22:30:00Z run -0 lead-add --email sat@example.com --phone +15551230001
	LEADS_NOW=2026-11-23T09:15:00Z run -0 lead-due -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,2,14)" = "1${tab}2026-11-23T09:00:00Z${tab}0" ]
	LEADS_NOW=2026-11-23T09:15:01Z run -0 lead-due -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,2,14)" = "1${tab}2026-11-23T09:00:00Z${tab}1" ]
}

@test "won, lost, do-not-contact and leads booked for later never appear" {
	team
	for i in 1 2 3 4 5 6; do
		run -0 lead-add --email "$i@example.com" --phone "+1555123000$i"
	done
	sql "UPDATE leads SET status = 'won', due_at = NULL WHERE id = 1;
	    UPDATE leads SET status = 'lost', due_at = NULL WHERE id = 2;
	    UPDATE leads SET status = 'dnc', due_at = NULL WHERE id = 3;
	    UPDATE leads SET booked_at = $((T10 + 86400)), due_at = $((T10 + 86400)) WHERE id = 4;
	    UPDATE leads SET booked_at = $((T10 - 600)), due_at = $((T10 - 600)) WHERE id = 5"
	run -0 lead-due -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1-3,13,15 | tr '\n' ' ')" = \
	    "5${tab}2026-11-23T09:50:00Z${tab}call${tab}booked call${tab}1 6${tab}2026-11-23T10:00:00Z${tab}call${tab}call now${tab}0 " ]
	# the booked call comes up at its time
	[ "$(due --at 2026-11-24T10:00:00Z)" = "5 6 4" ]
	# a closed lead stays closed whatever its due time says
	sql "UPDATE leads SET due_at = $T10 WHERE id IN (1, 2, 3)"
	[ "$(due)" = "5 6" ]
}

@test "round-robin: owners in turn, new leads only" {
	cat > rr.yaml <<-'EOF'
	owners: [alice, bob]
	cadences:
	  c: { steps: [ { channel: call, after: 0m } ] }
	EOF
	export LEADS_CADENCES="$PWD/rr.yaml"
	for i in 1 2 3 4 5; do
		run -0 lead-add --email "$i@example.com"
	done
	run -0 lead-add --email 6@example.com --owner carol	# takes no turn
	run -0 lead-add --email 1@example.com --name 'Again'	# not new
	run -0 lead-add --email 7@example.com
	[ "$(sql 'SELECT group_concat(owner) FROM leads')" = "alice,bob,alice,bob,alice,carol,bob" ]
	[ "$(due --owner alice)" = "1 3 5" ]
	[ "$(due --owner bob)" = "2 4 7" ]
	# Without a backup, an owner away keeps their steps.
	sql "INSERT INTO away (owner, until) VALUES ('alice', $((T10 + 86400)))"
	[ "$(due --owner alice)" = "1 3 5" ]
	[ "$(due --owner bob)" = "2 4 7" ]
	run -0 lead-due --explain 1
	[ "${lines[6]}" = "its owner is away until Tue 2026-11-24 10:00 UTC, and the cadence file names no backup" ]
}

@test "round-robin: an owner name of the longest length takes its turn" {
	long=$(printf 'a%.0s' $(seq 256))
	printf 'owners: [%s, bob]\ncadences:\n  c: { steps: [ { channel: call, after: 0m } ] }\n' "$long" > long.yaml
	export LEADS_CADENCES="$PWD/long.yaml"
	for i in 1 2 3; do
		run -0 lead-add --email "$i@example.com"
	done
	[ "$(sql 'SELECT group_concat(length(owner)) FROM leads')" = "256,3,256" ]
	[ "$(due --owner bob)" = "2" ]
	[ "$(due --owner "$long")" = "1 3" ]
}

@test "entry rules: the source picks the cadence" {
	team
	run -0 lead-add --email a@example.com --phone +15551230001 --source google-ads
	run -0 lead-add --email b@example.com --phone +15551230002 --source Google-ads	# case counts
	run -0 lead-add --email c@example.com --phone +15551230003
	run -0 lead-due -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,4,13 | tr '\n' ' ')" = \
	    "1${tab}hot${tab}ad lead: call now 2${tab}new-lead${tab}call now 3${tab}new-lead${tab}call now " ]
	run -0 lead-due --explain 1
	[ "${lines[3]}" = "cadence: hot, step 1 of 2 (hot-call): call, after 0m" ]
}

@test "away: round-robin passes over them; the backup sees their steps until they return" {
	team
	run -0 lead-add --email a@example.com --phone +15551230001	# alice
	# alice is away until Wednesday 09:00 (the away table, as lead-away
	# will write it), bob in the cadence file until Tuesday 12:00.
	sql "INSERT INTO away (owner, until) VALUES ('alice', $(date -d 2026-11-25T09:00:00Z +%s))"
	sed -i 's/^owners: .*/owners: [alice, { name: bob, away_until: "2026-11-24 12:00" }, carol]/' cad.yaml
	run -0 lead-add --email b@example.com --phone +15551230002
	run -0 lead-add --email c@example.com --phone +15551230003
	[ "$(sql 'SELECT group_concat(owner) FROM leads')" = "alice,carol,carol" ]
	LEADS_NOW=2026-11-23T10:01:00Z run -0 lead-add --email d@example.com --phone +15551230004 --owner bob
	[ "$(due --owner carol)" = "1 2 3" ]
	[ "$(due --owner carol --at 2026-11-23T10:01:00Z)" = "4 1 2 3" ]
	# Called once (so not escalated): their second steps, due 10:15
	# and 10:16, are the backup's while their owners are away.
	for id in 1 2 3 4; do touched $id; done
	export LEADS_NOW=2026-11-23T10:20:00Z
	[ "$(due --owner carol)" = "1 2 3 4" ]
	[ "$(due --owner alice)" = "1" ]	# hers still, for when she looks
	[ "$(due --owner bob)" = "4" ]
	run -0 lead-due --explain 1
	[ "${lines[6]}" = "its owner is away until Wed 2026-11-25 09:00 UTC: the backup carol sees it" ]
	# bob is back on Tuesday at 12:00, alice on Wednesday at 09:00
	[ "$(due --owner carol --at 2026-11-24T11:59:59Z)" = "1 2 3 4" ]
	[ "$(due --owner carol --at 2026-11-24T12:00:00Z)" = "1 2 3" ]
	[ "$(due --owner carol --at 2026-11-25T09:00:00Z)" = "2 3" ]
	# Round-robin gives them leads again once back.
	LEADS_NOW=2026-11-25T09:00:00Z run -0 lead-add --email e@example.com
	LEADS_NOW=2026-11-25T09:00:00Z run -0 lead-add --email f@example.com
	[ "$(sql 'SELECT group_concat(owner) FROM leads WHERE id > 4')" = "alice,bob" ]
}

@test "working hours: lunch breaks, closed days and holidays" {
	team
	# An 11:55 lead without a phone is emailed 10 minutes later: 12:05,
	# in the lunch break, so at 13:00.
	LEADS_NOW=2026-11-23T11:55:00Z run -0 lead-add --email a@example.com
	[ "$(sql 'SELECT step_id, due_at FROM leads WHERE id = 1')" = "missed-you|$(date -d 2026-11-23T13:00:00Z +%s)" ]
	run -1 lead-due --at 2026-11-23T12:59:00Z
	[ "$(due --at 2026-11-23T13:00:00Z)" = "1" ]
	run -0 lead-due --at 2026-11-23T13:00:00Z --explain 1
	[ "${lines[5]}" = "base + delay = Mon 2026-11-23 12:05 UTC" ]
	[ "${lines[6]}" = "moved to Mon 2026-11-23 13:00 UTC, into working hours:" ]
	[ "${lines[7]}" = "  Mon 2026-11-23: outside working hours" ]
	[ "${lines[8]}" = "due: since Mon 2026-11-23 13:00 UTC (now)" ]
	# Christmas Eve after hours: Christmas is a holiday, then a weekend.
	LEADS_NOW=2026-12-24T17:30:00Z run -0 lead-add --email x@example.com --phone +15551230002
	[ "$(sql 'SELECT due_at FROM leads WHERE id = 2')" = "$(date -d 2026-12-28T09:00:00Z +%s)" ]
	run -1 lead-due --at 2026-12-28T08:59:00Z --owner bob
	[ "$(due --at 2026-12-28T09:00:00Z --owner bob)" = "2" ]
	run -1 lead-due --at 2026-12-24T17:30:00Z --explain 2
	[ "$output" = "$(cat <<-'EOF'
	lead 2: (no name), owner bob
	status: active; 0 attempts
	time zone: UTC
	cadence: new-lead, step 1 of 3 (first-call): call, after 0m
	the delay runs from Thu 2026-12-24 17:30 UTC (its inquiry)
	base + delay = Thu 2026-12-24 17:30 UTC
	moved to Mon 2026-12-28 09:00 UTC, into working hours:
	  Thu 2026-12-24: outside working hours
	  Fri 2026-12-25: holiday
	  Sat 2026-12-26: closed day
	  Sun 2026-12-27: closed day
	not due yet: due Mon 2026-12-28 09:00 UTC (in 3d15h30m)
	EOF
	)" ]
}

@test "time zones per lead: --tz, and a time zone column" {
	team
	# Monday 10:00 UTC is 19:00 in Tokyo and 05:00 in New York.
	run -0 lead-add --email tokyo@example.com --phone +81312345678 --tz Asia/Tokyo
	printf 'email,phone,time zone\nny@example.com,+12125550100,America/New_York\n' > in.csv
	run -0 lead-add in.csv
	run -0 lead-add --email utc@example.com --phone +441234567890
	[ "$(sql 'SELECT id, tz, due_at FROM leads ORDER BY id' | tr '\n' ' ')" = \
	    "1|Asia/Tokyo|$(date -d 2026-11-24T00:00:00Z +%s) 2|America/New_York|$(date -d 2026-11-23T14:00:00Z +%s) 3||$T10 " ]
	[ "$(due)" = "3" ]
	[ "$(due --at 2026-11-23T14:00:00Z)" = "3 2" ]
	[ "$(due --at 2026-11-24T00:00:00Z)" = "3 2 1" ]
	run -1 lead-due --explain tokyo@example.com
	[ "${lines[2]}" = "time zone: Asia/Tokyo" ]
	[ "${lines[4]}" = "the delay runs from Mon 2026-11-23 19:00 JST (its inquiry)" ]
	[ "${lines[6]}" = "moved to Tue 2026-11-24 09:00 JST, into working hours:" ]
	[ "${lines[7]}" = "  Mon 2026-11-23: outside working hours" ]
	# The file's zone is for leads without one: 3 is now called at
	# 09:00 in New York too.  --at without an offset is in that zone.
	sed -i 's/^timezone: UTC/timezone: America\/New_York/' cad.yaml
	run -1 lead-due --at '2026-11-23 08:59'
	[ "$(due --at '2026-11-23 09:00')" = "2 3" ]
	[ "$(sql 'SELECT due_at FROM leads WHERE id = 3')" = "$(date -d 2026-11-23T14:00:00Z +%s)" ]
}

@test "daylight saving: New York leaves it on 2026-11-01 and enters it on 2027-03-14" {
	# Saturday 10:00 EDT: the first call is Monday 09:00 EST, 14:00 UTC.
	LEADS_NOW=2026-10-31T14:00:00Z run -0 lead-add --email ny@example.com --phone +12125550100 --tz America/New_York
	[ "$(sql 'SELECT due_at FROM leads')" = "$(date -d 2026-11-02T14:00:00Z +%s)" ]
	LEADS_NOW=2026-11-02T13:59:00Z run -1 lead-due
	LEADS_NOW=2026-11-02T14:00:00Z run -0 lead-due -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,2)" = "1${tab}2026-11-02T14:00:00Z" ]
	LEADS_NOW=2026-11-02T14:00:00Z run -0 lead-due --explain 1
	[ "${lines[4]}" = "the delay runs from Sat 2026-10-31 10:00 EDT (its inquiry)" ]
	[ "${lines[6]}" = "moved to Mon 2026-11-02 09:00 EST, into working hours:" ]
	[ "${lines[7]}" = "  Sat 2026-10-31: closed day" ]
	[ "${lines[8]}" = "  Sun 2026-11-01: closed day" ]
	[ "${lines[9]}" = "due: since Mon 2026-11-02 09:00 EST (now)" ]
	# Saturday 10:00 EST in March: Monday 09:00 EDT, 13:00 UTC.
	LEADS_NOW=2027-03-13T15:00:00Z run -0 lead-add --email ny2@example.com --phone +12125550101 --tz America/New_York
	[ "$(sql 'SELECT due_at FROM leads WHERE id = 2')" = "$(date -d 2027-03-15T13:00:00Z +%s)" ]
	LEADS_NOW=2027-03-15T12:59:00Z run -1 lead-due --owner nobody
	[ "$(LEADS_NOW=2027-03-15T13:00:00Z due)" = "1 2" ]
}

@test "daylight saving: a step a day later keeps the wall-clock time" {
	cat > dst.yaml <<-'EOF'
	timezone: America/New_York
	cadences:
	  daily:
	    steps:
	      - { id: now, channel: call, after: 0m }
	      - { id: tomorrow, channel: call, after: 1d }
	EOF
	export LEADS_CADENCES="$PWD/dst.yaml"
	# Saturdays at 10:00, the day before the clocks change.
	LEADS_NOW=2026-10-31T14:00:00Z run -0 lead-add --email fall@example.com --phone +12125550100
	LEADS_NOW=2027-03-13T15:00:00Z run -0 lead-add --email spring@example.com --phone +12125550101
	# Both were called a minute later; the next call is a day after.
	sql "UPDATE leads SET attempts = 1, last_touch = created + 60, step = 2,
	    step_id = 'tomorrow', step_base = created + 60, due_at = NULL"
	echo '# edited' >> dst.yaml	# so they are placed anew
	LEADS_NOW=2026-11-01T15:00:00Z run -1 lead-due
	LEADS_NOW=2026-11-01T15:01:00Z run -0 lead-due -o tsv
	[ "$(echo "$output" | sed 1d | cut -f1,2,5)" = "1${tab}2026-11-01T15:01:00Z${tab}2" ]
	[ "$(due --at 2027-03-14T14:00:00Z)" = "1" ]
	[ "$(due --at 2027-03-14T14:01:00Z)" = "1 2" ]
	run -1 lead-due --explain spring@example.com
	[ "$output" = "$(cat <<-'EOF'
	lead 2: (no name)
	status: active; 1 attempt
	time zone: America/New_York
	cadence: daily, step 2 of 2 (tomorrow): call, after 1d
	the delay runs from Sat 2027-03-13 10:01 EST (when the step before was done)
	base + delay = Sun 2027-03-14 10:01 EDT
	not due yet: due Sun 2027-03-14 10:01 EDT (in 111d4h1m)
	EOF
	)" ]
}

@test "--explain: by id, email or phone; why a lead is or is not due" {
	team
	run -0 lead-add --name 'Ana Ruiz' --email ana@example.com --phone +15551230001
	run -0 --separate-stderr lead-due --explain 1
	[ -z "$stderr" ]
	[ "$output" = "$(cat <<-'EOF'
	lead 1: Ana Ruiz, owner alice
	status: active; 0 attempts
	time zone: UTC
	cadence: new-lead, step 1 of 3 (first-call): call, after 0m
	the delay runs from Mon 2026-11-23 10:00 UTC (its inquiry)
	base + delay = Mon 2026-11-23 10:00 UTC
	due: since Mon 2026-11-23 10:00 UTC (now)
	EOF
	)" ]
	run -0 lead-due --explain ANA@example.com
	[ "${lines[0]}" = "lead 1: Ana Ruiz, owner alice" ]
	run -0 lead-due --explain '+1 555 123 0001'
	[ "${lines[0]}" = "lead 1: Ana Ruiz, owner alice" ]
	# escalated, then touched: the next step and when it comes
	LEADS_NOW=2026-11-23T10:20:00Z run -0 lead-due --explain 1
	[ "${lines[6]}" = "escalated: the first touch is 20m overdue, past 15m" ]
	[ "${lines[7]}" = "due: since Mon 2026-11-23 10:00 UTC (overdue 20m)" ]
	touched 1
	run -1 lead-due --explain 1
	[ "$output" = "$(cat <<-'EOF'
	lead 1: Ana Ruiz, owner alice
	status: active; 1 attempt
	time zone: UTC
	cadence: new-lead, step 2 of 3 (missed-you): email, after 10m
	the delay runs from Mon 2026-11-23 10:05 UTC (when the step before was done)
	base + delay = Mon 2026-11-23 10:15 UTC
	not due yet: due Mon 2026-11-23 10:15 UTC (in 15m)
	EOF
	)" ]
	run -0 lead-due --explain 1 --at 2026-11-23T10:15:00Z
	[ "${lines[-1]}" = "due: since Mon 2026-11-23 10:15 UTC (now)" ]
	# a booked call
	sql "UPDATE leads SET booked_at = $((T10 + 3600)), due_at = $((T10 + 3600))"
	run -1 lead-due --explain 1
	[ "${lines[6]}" = "a call is booked for Mon 2026-11-23 11:00 UTC" ]
	[ "${lines[7]}" = "not due yet: due Mon 2026-11-23 11:00 UTC (in 1h)" ]
	# closed
	sql "UPDATE leads SET status = 'dnc', due_at = NULL"
	run -1 lead-due --explain 1
	[ "$output" = "$(cat <<-'EOF'
	lead 1: Ana Ruiz, owner alice
	status: dnc; 1 attempt
	time zone: UTC
	not due: it is dnc, so it gets no more steps
	EOF
	)" ]
}

@test "--explain: an unknown lead exits 66" {
	team
	run -0 lead-add --email ana@example.com --phone +15551230001
	run -66 --separate-stderr lead-due --explain 2
	[ "$stderr" = "lead-due: no lead '2'" ]
	[ -z "$output" ]
	run -66 --separate-stderr lead-due --explain bo@example.com
	[ "$stderr" = "lead-due: no lead 'bo@example.com'" ]
	run -66 --separate-stderr lead-due --explain +15551239999
	[ "$stderr" = "lead-due: no lead '+15551239999'" ]
	run -66 --separate-stderr lead-due --explain nobody
	[ "$stderr" = "lead-due: no lead 'nobody'" ]
}

@test "bad usage: exit 64 with a message, nothing read or written" {
	team
	run -0 lead-add --email a@example.com --phone +15551230001
	for l in 0 -1 x 1.5 '' 99999999999999999999; do
		run -64 --separate-stderr lead-due --limit "$l"
		[ "$stderr" = "lead-due: --limit: '$l' is not a whole number above 0" ]
		[ -z "$output" ]
	done
	run -64 --separate-stderr lead-due --channel fax
	[ "$stderr" = "lead-due: unknown channel 'fax': use call, email, sms, mail or task" ]
	run -64 --separate-stderr lead-due --channel call,Email
	[ "$stderr" = "lead-due: unknown channel 'Email': use call, email, sms, mail or task" ]
	run -64 --separate-stderr lead-due --channel ,
	[ "$stderr" = "lead-due: --channel: no channel given" ]
	run -64 --separate-stderr lead-due -o xml
	[ "$stderr" = "lead-due: unknown format 'xml': use text, tsv, csv or json" ]
	run -64 --separate-stderr lead-due --at tomorrow
	[ "$stderr" = "lead-due: --at: bad time 'tomorrow': not a recognised date or time" ]
	run -64 --separate-stderr lead-due --within soon
	[ "$stderr" = "lead-due: --within: bad duration 'soon': use 10m, 2h, 3d, 1bd or 1w" ]
	run -64 --separate-stderr lead-due --within -1h
	[ "$stderr" = "lead-due: --within: bad duration '-1h': use 10m, 2h, 3d, 1bd or 1w" ]
	run -64 --separate-stderr lead-due --once ''
	[ "$stderr" = "lead-due: --once: give a name for this consumer" ]
	run -64 --separate-stderr lead-due --mine --owner bob
	[ "$stderr" = "lead-due: --mine and --owner: give one" ]
	LEADS_NOW=soon run -64 --separate-stderr lead-due
	[ "$stderr" = "lead-due: LEADS_NOW: bad time 'soon': not a recognised date or time" ]
	run -64 --separate-stderr lead-due extra
	[[ "$stderr" == "usage: lead-due [-V]"* ]]
	run -64 --separate-stderr lead-due --bogus
	[[ "$stderr" == "lead-due: unrecognized option '--bogus'"*"usage: lead-due [-V]"* ]]
	run -64 --separate-stderr lead-due --explain
	[[ "$stderr" == "lead-due: option '--explain' requires an argument"* ]]
	[ "$(sql 'SELECT count(*) FROM shown')" = 0 ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'escalated'")" = 0 ]
}

@test "a broken cadence file: FILE:LINE:COLUMN, exit 78, the database untouched" {
	team
	run -0 lead-add --email a@example.com --phone +15551230001
	LEADS_NOW=2026-11-23T11:00:00Z run -0 lead-due --at 2026-11-23T11:00:00Z
	before=$(sqlite3 "$LEADS_DB" .dump | md5sum)
	cp cad.yaml good.yaml
	sed -i 's/after: 10m/after: 10 minutes/' cad.yaml
	LEADS_NOW=2026-11-23T11:00:00Z run -78 --separate-stderr lead-due
	[ "$stderr" = "lead-due: $PWD/cad.yaml:19:50: 'after' must be a duration such as 10m, 2h, 3d, 1bd or 1w, not '10 minutes'" ]
	[ -z "$output" ]
	run -78 --separate-stderr lead-due --explain 1
	[ "$stderr" = "lead-due: $PWD/cad.yaml:19:50: 'after' must be a duration such as 10m, 2h, 3d, 1bd or 1w, not '10 minutes'" ]
	printf 'cadences:\n  a: { steps: [ { channel: fax, after: 0m } ] }\n' > fax.yaml
	run -78 --separate-stderr lead-due -c fax.yaml
	[ "$stderr" = "lead-due: fax.yaml:2:28: unknown channel 'fax': use call, email, sms, mail or task" ]
	run -78 --separate-stderr lead-due -c nosuch.yaml
	[ "$stderr" = "lead-due: cannot open 'nosuch.yaml': No such file or directory" ]
	[ "$(sqlite3 "$LEADS_DB" .dump | md5sum)" = "$before" ]
	# and with no database, none is made
	rm -f "$LEADS_DB"
	run -78 lead-due
	[ ! -e "$LEADS_DB" ]
}

@test "the database: missing 66, not a database 74, newer 78" {
	run -66 --separate-stderr lead-due
	[ "$stderr" = "lead-due: cannot open '$LEADS_DB': No such file or directory" ]
	[ ! -e "$LEADS_DB" ]
	echo 'not a database' > "$LEADS_DB"
	run -74 --separate-stderr lead-due
	[ "$stderr" = "lead-due: cannot open '$LEADS_DB': file is not a database" ]
	rm "$LEADS_DB"
	run -0 lead-add --email a@example.com
	sql 'PRAGMA user_version = 99'
	run -78 --separate-stderr lead-due
	[ "$stderr" = "lead-due: cannot use '$LEADS_DB': its schema version 99 is newer than this program's 1; upgrade leads" ]
	run -0 lead-due -d other.db --version
}

@test "editing a cadence in use: leads keep their step id, or its position" {
	team
	run -0 lead-add --email a@example.com --phone +15551230001 --created 2026-11-23T09:00:00Z
	run -0 lead-add --email b@example.com --phone +15551230002 --created 2026-11-23T09:00:00Z
	run -0 lead-add --email c@example.com --phone +15551230003 --source google-ads
	touched 1	# at missed-you (step 2), done first-call at 09:05
	touched 2
	sql "UPDATE leads SET step = 3, step_id = 'second-call', due_at = created + 300 + 7200 WHERE id = 2"
	places() { sql 'SELECT id, status, cadence, step, step_id, step_base, due_at FROM leads ORDER BY id' | tr '\n' ' '; }
	[ "$(places)" = "1|active|new-lead|2|missed-you|$((T10 - 3300))|$((T10 - 2700)) 2|active|new-lead|3|second-call|$((T10 - 3300))|$((T10 + 3900)) 3|active|hot|1|hot-call|$T10|$T10 " ]
	cp cad.yaml before.yaml
	# A step inserted before theirs, and missed-you made 20 minutes:
	# same step ids, one place later, due from the same base time.
	sed -i 's/^      - { id: missed-you, channel: email, after: 10m/      - { id: sms-first, channel: sms, after: 1m }\n      - { id: missed-you, channel: email, after: 20m/' cad.yaml
	[ "$(due)" = "3 1" ]
	[ "$(places)" = "1|active|new-lead|3|missed-you|$((T10 - 3300))|$((T10 - 2100)) 2|active|new-lead|4|second-call|$((T10 - 3300))|$((T10 + 3900)) 3|active|hot|1|hot-call|$T10|$T10 " ]
	run -0 lead-due -o tsv --owner alice
	[ "$(echo "$output" | sed 1d | cut -f1-6)" = "1${tab}2026-11-23T09:25:00Z${tab}email${tab}new-lead${tab}3${tab}4" ]
	# Its step removed: the lead goes on at the same position.
	sed -i '/id: missed-you/d' cad.yaml
	[ "$(due)" = "3" ]
	[ "$(places)" = "1|active|new-lead|3|second-call|$((T10 - 3300))|$((T10 + 3900)) 2|active|new-lead|3|second-call|$((T10 - 3300))|$((T10 + 3900)) 3|active|hot|1|hot-call|$T10|$T10 " ]
	# Its cadence removed: the lead enters afresh, due now.
	sed -i '/^  hot:/,/^    then: new-lead/d; /google-\*/d' cad.yaml
	[ "$(due)" = "3" ]
	[ "$(sql 'SELECT cadence, step, step_id, due_at FROM leads WHERE id = 3')" = "new-lead|1|first-call|$T10" ]
	# No step left at its position and then: close: closed as lost.
	sed -i '/id: second-call/d' cad.yaml
	run -0 --separate-stderr lead-due -o tsv
	[ -z "$stderr" ]
	[ "$(echo "$output" | sed 1d | cut -f1)" = "3" ]
	[ "$(sql 'SELECT id, status, lost_reason, closed_at, cadence, step, due_at FROM leads WHERE id < 3' | tr '\n' ' ')" = \
	    "1|lost|no response|$T10||0| 2|lost|no response|$T10||0| " ]
}
