#!/usr/bin/env bats
# Under load and under SIGKILL no lead or logged outcome is lost, stored
# twice or half-written; the busy timeout and exit 75 behave as the man
# pages say.  Short runs of tests/stress/concurrency and tests/stress/crash
# (scripts/stress runs the long ones).

load helper

tab=$'\t'
stress="$BATS_TEST_DIRNAME/stress"

# until_true CMD...: wait, generously, for a condition; fail if it never
# comes.
until_true() {
	local i
	for ((i = 0; i < 1200; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	echo "never true: $*" >&2
	return 1
}

lines_in() {	# lines_in FILE N
	[ -e "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ]
}

# hold SQL: a sqlite3 session on the database, reading from the fifo
# "hold" (fd 4), which runs SQL and prints "held" once it has.
hold() {
	mkfifo hold
	sqlite3 "$LEADS_DB" < hold > held.out 2>&1 3>&- &
	held_pid=$!
	exec 4> hold
	echo "$1; SELECT 'held';" >&4
	until_true grep -q '^held$' held.out
}

release() {
	echo "${1:-COMMIT}; SELECT 'released';" >&4
	exec 4>&-
	wait "$held_pid"
}

# state: what the database holds, to compare before and after.
state() {
	sql "SELECT count(*) FROM leads; SELECT count(*) FROM events;
	    SELECT count(*) FROM shown; SELECT group_concat(id || due_at)
	    FROM leads" | tr '\n' ' '
}

add_ana() {
	lead-add --name "Ana Lima" --email ana@example.com \
	    --phone 555-123-0001 >/dev/null
}

@test "concurrency, 5 s: 4 loggers, a streaming lead-add, lead-due every 100 ms and a long reader; nothing done is lost" {
	run --separate-stderr timeout 600 "$stress/concurrency" -w conc 5 4
	printf '%s\n' "$output" "$stderr"	# shown if the test fails
	[ "$status" = 0 ]
	[ -z "$stderr" ]
	[[ "$output" == *"; integrity_check ok; all checks passed" ]]
	# it did work: operations reported done, and while the reader read
	[[ "$output" =~ attempted\ ([0-9]+),\ reported\ done\ ([0-9]+) ]]
	[ "${BASH_REMATCH[2]}" -gt 100 ]
	[[ "$output" =~ \ ([0-9]+)\ writes\ done\ while\ a\ reader ]]
	[ "${BASH_REMATCH[1]}" -gt 0 ]
}

@test "crash: lead-add killed at 5 random moments: each record whole or absent, fed again, one lead each" {
	run --separate-stderr timeout 900 "$stress/crash" -w crash -k 5 \
	    -n 3000 add
	printf '%s\n' "$output" "$stderr"
	[ "$status" = 0 ]
	[ -z "$stderr" ]
	[[ "${lines[1]}" == "crash: lead-add: 5 kills survived of 5 ("*\
" records of 3000 people;"* ]]
}

@test "crash: lead-log -f killed at 5 random moments: what it printed is applied, fed again, each line once" {
	run --separate-stderr timeout 900 "$stress/crash" -w crash -k 5 \
	    -n 1000 -l 3000 log
	printf '%s\n' "$output" "$stderr"
	[ "$status" = 0 ]
	[ -z "$stderr" ]
	[[ "${lines[1]}" == "crash: lead-log: 5 kills survived of 5"\
" (-f, 3000 call-log lines;"* ]]
}

@test "a reader in a transaction past the busy timeout: writers neither wait for it nor fail" {
	us_cadences
	add_ana
	hold "BEGIN; SELECT count(*) FROM events"
	sleep 6		# the busy timeout is 5 s
	run -0 --separate-stderr lead-log -n "while a reader reads" 1 no_answer
	[ "$output" = "1 active: next email Mon 2026-11-23 10:10 UTC (in 10m)" ]
	[ -z "$stderr" ]
	run -0 --separate-stderr lead-add --name "Bo Chen" \
	    --email bo@example.com --phone 555-123-0002
	[ "$output" = "2${tab}new" ]
	run -0 --separate-stderr lead-due --once cron -o tsv
	[ "$(sql 'SELECT lead_id FROM shown')" = 2 ]
	printf 'lead,outcome,note\n2,voicemail,left a message\n' > calls.csv
	run -0 --separate-stderr lead-log -f calls.csv
	[ "${#lines[@]}" = 1 ]
	[ -z "$stderr" ]
	# the reader still sees the moment it began, then the writes
	echo "SELECT count(*) FROM events;" >&4
	release
	[ "$(tr '\n' ' ' < held.out)" = "1 held 1 released " ]
	[ "$(sql "SELECT note FROM events WHERE kind = 'logged' ORDER BY id" |
	    tr '\n' '|')" = "while a reader reads|left a message|" ]
	run -0 lead-rebuild -n
}

@test "a writer holding the lock past the busy timeout: exit 75 after the wait, nothing written, nothing claimed" {
	us_cadences
	add_ana
	before=$(state)
	printf 'lead,outcome\n1,voicemail\n' > calls.csv
	printf 'name,email\nBo Chen,bo@example.com\n' > bo.csv
	hold "BEGIN IMMEDIATE"
	t0=$(date +%s%N)
	lead-log -n "locked out" 1 no_answer > log.out 2> log.err 3>&- &
	p1=$!
	lead-log -f calls.csv > f.out 2> f.err 3>&- &
	p2=$!
	lead-add bo.csv > add.out 2> add.err 3>&- &
	p3=$!
	lead-due --once cron -o tsv > due.out 2> due.err 3>&- &
	p4=$!
	s1=0 s2=0 s3=0 s4=0
	wait $p1 || s1=$?
	wait $p2 || s2=$?
	wait $p3 || s3=$?
	wait $p4 || s4=$?
	t1=$(date +%s%N)
	release ROLLBACK
	[ "$s1 $s2 $s3 $s4" = "75 75 75 75" ]
	# they waited the busy timeout (5 s) first
	[ $(((t1 - t0) / 1000000)) -ge 4900 ]
	locked="cannot write '$LEADS_DB': database is locked"
	[ "$(cat log.err)" = "lead-log: $locked" ]
	[ "$(cat f.err)" = "lead-log: $locked" ]
	[ "$(cat add.err)" = "lead-add: $locked" ]
	[ "$(cat due.err)" = "lead-due: $locked" ]
	# nothing was claimed done, and nothing was written
	[ ! -s log.out ]
	[ ! -s f.out ]
	[ ! -s add.out ]
	[ ! -s due.out ]
	[ "$(state)" = "$before" ]
	# lead-due --once listed nothing, so the step comes next time, once
	run -0 lead-due --once cron -o tsv
	[ "$(sed 1d <<< "$output" | cut -f1)" = 1 ]
	run -1 lead-due --once cron -o tsv
	# tried again, each does its work once
	run -0 lead-log -n "locked out" 1 no_answer
	run -0 lead-log -f calls.csv
	run -0 lead-add bo.csv
	[ "$output" = "2${tab}new" ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'logged'")" = 2 ]
}

@test "a writer holding the lock for less than the busy timeout: the others wait, then succeed" {
	us_cadences
	add_ana
	hold "BEGIN IMMEDIATE"
	lead-log -n "waited" 1 no_answer > log.out 2> log.err 3>&- &
	p1=$!
	printf 'name,email\nBo Chen,bo@example.com\n' | \
	    lead-add > add.out 2> add.err 3>&- &
	p2=$!
	sleep 1
	release
	s1=0 s2=0
	wait $p1 || s1=$?
	wait $p2 || s2=$?
	[ "$s1 $s2" = "0 0" ]
	[ ! -s log.err ]
	[ ! -s add.err ]
	[ "$(cat log.out)" = \
	    "1 active: next email Mon 2026-11-23 10:10 UTC (in 10m)" ]
	[ "$(cat add.out)" = "2${tab}new" ]
	[ "$(sql "SELECT note FROM events WHERE kind = 'logged'")" = "waited" ]
}

@test "two lead-due --once for one consumer at once: each step is listed once" {
	us_cadences
	for round in 1 2 3 4 5 6; do
		{
			echo "name,phone"
			for i in $(seq 1 40); do
				printf 'Lead %d-%d,555-2%02d-%04d\n' \
				    "$round" "$i" "$round" "$i"
			done
		} | lead-add -q
		lead-due --once push -o tsv > a.$round 2> a.err 3>&- &
		pa=$!
		lead-due --once push -o tsv > b.$round 2> b.err 3>&- &
		pb=$!
		sa=0 sb=0
		wait $pa || sa=$?
		wait $pb || sb=$?
		# one lists the 40 new steps, the other finds nothing new (1)
		[ "$sa $sb" = "0 1" ] || [ "$sa $sb" = "1 0" ]
		[ ! -s a.err ]
		[ ! -s b.err ]
		[ "$(cat a.$round b.$round | grep -vc '^id')" = 40 ]
	done
	[ "$(cat a.* b.* | grep -v '^id' | cut -f1,2 | sort | uniq -d)" = "" ]
	[ "$(sql "SELECT count(*) FROM shown WHERE consumer = 'push'")" = 240 ]
}

@test "lead-add on a pipe, locked out mid-stream: what it printed is stored, the batch it waited with is not; fed again, that is new" {
	us_cadences
	add_ana
	mkfifo in
	lead-add < in > add.out 2> add.err 3>&- &
	p=$!
	exec 5> in
	printf 'name,email\n%s\n%s\n' "Bo Chen,bo@example.com" \
	    "Cy Diaz,cy@example.com" >&5
	# printed once committed, as the pipe ran dry
	until_true lines_in add.out 2
	hold "BEGIN IMMEDIATE"
	printf 'Dee Ek,dee@example.com\nEd Fox,ed@example.com\n' >&5
	exec 5>&-
	s=0
	wait $p || s=$?
	release ROLLBACK
	[ "$s" = 75 ]
	[ "$(cat add.out)" = "2${tab}new"$'\n'"3${tab}new" ]
	[ "$(cat add.err)" = \
	    "lead-add: cannot write '$LEADS_DB': database is locked" ]
	[ "$(sql 'SELECT group_concat(email) FROM leads ORDER BY id')" = \
	    "ana@example.com,bo@example.com,cy@example.com" ]
	{
		echo "name,email"
		printf '%s,%s@example.com\n' "Bo Chen" bo "Cy Diaz" cy \
		    "Dee Ek" dee "Ed Fox" ed
	} > again.csv
	run -0 lead-add again.csv
	[ "$output" = "$(printf '2\tduplicate\n3\tduplicate\n4\tnew\n5\tnew')" ]
	run -0 lead-rebuild -n
}

@test "lead-log -f killed mid-batch: no line is printed before its batch is committed" {
	us_cadences
	for i in $(seq 1 50); do
		printf 'Lead %d,l%d@example.com\n' "$i" "$i"
	done | sed '1i name,email' | lead-add -q
	{
		echo "lead,outcome,note"
		for i in $(seq 1 300); do
			echo "$((i % 50 + 1)),note,line $i"
		done
	} > calls.csv
	# a pipe that stops after 300 lines: the batch of 1000 stays open
	mkfifo in
	lead-log -f - < in > log.out 2> log.err 3>&- &
	p=$!
	exec 5> in
	cat calls.csv >&5
	sleep 2
	kill -KILL $p
	s=0
	wait $p || s=$?
	exec 5>&-
	[ "$s" = 137 ]
	[ ! -s log.out ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'logged'")" = 0 ]
	[ "$(sql 'PRAGMA integrity_check')" = ok ]
	run -0 lead-log -f calls.csv
	[ "${#lines[@]}" = 300 ]
	[ "$(sql "SELECT count(DISTINCT note) FROM events
	    WHERE kind = 'logged'")" = 300 ]
}
