#!/usr/bin/env bats
# Faults around the programs: a full disk, a database that cannot be
# written or read, one locked past the timeout, one that is corrupt, not
# a database or from a newer version, a closed or broken standard output.
# Each gives one line and its exit status, and leaves the database as it
# was.

load helper

tab=$'\t'

# Two leads, one with a call logged.
seed() {
	lead-add --name 'Ana Lima' --email ana@example.com \
	    --phone +15551230001 >/dev/null
	lead-add --name 'Bo Chen' --email bo@example.com >/dev/null
	lead-log 1 no_answer >/dev/null
}

# state [DB]: all a database holds, after a check of its structure.
state() {
	sqlite3 "${1:-$LEADS_DB}" 'PRAGMA integrity_check' .dump
}

# as_user CMD...: run CMD bound by file permissions, even as root.
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --bounding-set=-dac_override,-dac_read_search,-fowner \
		    "$@"
	else
		"$@"
	fi
}

# Can we hold root to the permissions of files?
permissions_hold() {
	[ "$(id -u)" != 0 ] ||
	    setpriv --bounding-set=-dac_override,-dac_read_search,-fowner true
}

# closed CMD...: run CMD with standard output closed; closed_in, input.
closed() {
	"$@" >&-
}
closed_in() {
	"$@" <&-
}

# A web-form notification, as a mail system pipes it to lead-add.
mail() {
	cat > mail.txt <<-'EOF'
	From: forms@example.com
	Subject: New enquiry

	Name: Cy Dee
	Email: cy@example.com
	Phone: +15551230003
	EOF
}

# The programs on the database, each once, with what it needs.
programs() {
	cat <<-'EOF'
	lead-add --email new@example.com
	lead-log 1 connected
	lead-set 1 owner=bob
	lead-show 1
	lead-ls
	lead-due
	lead-report
	lead-merge 1 2
	lead-forget 2
	lead-rebuild -n
	lead-away alice 2026-12-07
	EOF
}

@test "a full disk: one line, exit 75 (try again), the database as it was" {
	seed
	before=$(state)
	# one lead of about 720 kB: more than the disk has room for
	awk 'BEGIN {
		for (x = "x"; length(x) < 60000; x = x x)
			;
		x = substr(x, 1, 60000)
		h = "email"; r = "big@example.com"
		for (i = 1; i <= 12; i++) { h = h ",f" i; r = r "," x }
		print h; print r
	}' > big.csv
	mkdir disk
	export -f state
	# A small file system where mount works (inside its own namespace,
	# so nothing leaks); else a limit on the size of files written.
	if unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1"' sh disk \
	    2>/dev/null; then
		echo "# full disk: a 384 KiB tmpfs" >&3
		run unshare -m bash -c '
		    mount -t tmpfs -o size=384k tmpfs disk || exit 99
		    cp "$LEADS_DB" disk/leads.db
		    LEADS_DB=disk/leads.db lead-add big.csv > out 2> err
		    echo $? > status
		    state disk/leads.db > after
		    # room again: the same input goes in
		    mount -o remount,size=4m disk || exit 99
		    LEADS_DB=disk/leads.db lead-add big.csv > again 2>&1
		    echo $? >> again'
		[ "$status" -eq 0 ]
		[ "$(cat status)" = 75 ]
		[ "$(cat err)" = "lead-add: cannot write 'disk/leads.db': database or disk is full" ]
	else
		echo "# full disk: no mount here; files limited to 300 KiB" >&3
		cp "$LEADS_DB" disk/leads.db
		run bash -c 'trap "" XFSZ; ulimit -f 300
		    LEADS_DB=disk/leads.db exec lead-add big.csv > out 2> err'
		echo "$status" > status
		state disk/leads.db > after
		[ "$(cat status)" = 74 ]
		[ "$(cat err)" = "lead-add: cannot write 'disk/leads.db': disk I/O error" ]
		LEADS_DB=disk/leads.db lead-add big.csv > again 2>&1
		echo $? >> again
	fi
	# nothing claimed, nothing half-written
	[ ! -s out ]
	[ "$(cat after)" = "$before" ]
	[ "$(head -1 after)" = ok ]
	[ "$(cat again)" = $'3\tnew\n0' ]
}

@test "a database that cannot be written: one line, exit 73, nothing written" {
	permissions_hold || skip "root here cannot be held to file permissions"
	seed
	mail
	before=$(state)
	chmod 444 "$LEADS_DB"
	run -73 --separate-stderr as_user lead-log 1 connected
	[ "$stderr" = "lead-log: cannot write '$LEADS_DB': attempt to write a readonly database" ]
	[ -z "$output" ]
	run -73 --separate-stderr as_user lead-add < mail.txt
	[ "$stderr" = "lead-add: cannot write '$LEADS_DB': attempt to write a readonly database" ]
	[ -z "$output" ]
	run -73 --separate-stderr as_user lead-set 1 owner=bob
	[ "$stderr" = "lead-set: cannot write '$LEADS_DB': attempt to write a readonly database" ]
	# reading it is fine
	run -0 as_user lead-ls -o id
	[ "$output" = $'1\n2' ]
	chmod 600 "$LEADS_DB"*
	[ "$(state)" = "$before" ]
}

@test "a directory that cannot be written: one line, exit 73" {
	permissions_hold || skip "root here cannot be held to file permissions"
	seed
	before=$(state)
	mkdir ro
	mv "$LEADS_DB" ro/leads.db
	export LEADS_DB="$PWD/ro/leads.db"
	chmod 555 ro
	# SQLite keeps its -wal and -shm files beside the database
	msg="cannot open '$LEADS_DB': its directory cannot be written (the database keeps its -wal and -shm files there)"
	run -73 --separate-stderr as_user lead-ls
	[ "$stderr" = "lead-ls: $msg" ]
	run -73 --separate-stderr as_user lead-log 1 connected
	[ "$stderr" = "lead-log: $msg" ]
	run -73 --separate-stderr as_user lead-add -d ro/new.db --email a@example.com
	[ "$stderr" = "lead-add: cannot create 'ro/new.db': Permission denied" ]
	run -73 --separate-stderr as_user lead-add -d ro/sub/new.db --email a@example.com
	[ "$stderr" = "lead-add: cannot create directory 'ro/sub': Permission denied" ]
	chmod 755 ro
	[ ! -e ro/new.db ]
	[ ! -e ro/sub ]
	[ "$(state)" = "$before" ]
}

@test "a missing directory: readers exit 66; lead-add makes it, 0700" {
	run -66 --separate-stderr lead-due -d nowhere/leads.db
	[ "$stderr" = "lead-due: cannot open 'nowhere/leads.db': No such file or directory" ]
	run -66 --separate-stderr lead-log -d nowhere/leads.db 1 connected
	[ "$stderr" = "lead-log: cannot open 'nowhere/leads.db': No such file or directory" ]
	[ ! -e nowhere ]
	run -0 lead-add -d new/dir/leads.db --email a@example.com
	[ "$(stat -c %a new) $(stat -c %a new/dir)" = "700 700" ]
	[ "$(stat -c %a new/dir/leads.db)" = 600 ]
	# a file where a directory should be
	touch file
	run -73 --separate-stderr lead-add -d file/leads.db --email a@example.com
	[ "$stderr" = "lead-add: cannot open 'file/leads.db': Not a directory" ]
}

@test "locked by another program past the timeout: exit 75 after 5 s, also as a mail filter" {
	seed
	mail
	before=$(state)
	mkfifo hold
	sqlite3 "$LEADS_DB" < hold > held.out 2>&1 3>&- &
	exec 4> hold
	echo "BEGIN EXCLUSIVE; SELECT count(*) FROM leads;" >&4
	until [ -s held.out ]; do sleep 0.05; done
	start=$(date +%s%N)
	run -75 --separate-stderr lead-log 1 connected
	took=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$stderr" = "lead-log: cannot write '$LEADS_DB': database is locked" ]
	[ -z "$output" ]
	# it waited the documented busy timeout (5 s) first
	[ "$took" -ge 4900 ]
	# the mail system gets 75, and will deliver the mail again
	run -75 --separate-stderr lead-add < mail.txt
	[ "$stderr" = "lead-add: cannot write '$LEADS_DB': database is locked" ]
	[ -z "$output" ]
	# readers are not held up
	run -0 lead-ls -o id
	[ "$output" = $'1\n2' ]
	echo "COMMIT;" >&4
	exec 4>&-
	wait
	[ "$(state)" = "$before" ]
	# delivered again: stored
	run -0 lead-add < mail.txt
	[ "$output" = "3${tab}new" ]
}

@test "a corrupt database: one line, exit 74, the file untouched" {
	seed
	# the pages of the leads table and of the index of due leads
	ps=$(sql 'PRAGMA page_size')
	for t in leads leads_due; do
		root=$(sql "SELECT rootpage FROM sqlite_master WHERE name = '$t'")
		head -c 512 /dev/zero | tr '\0' '\377' |
		    dd of="$LEADS_DB" bs=1 seek=$(( (root - 1) * ps )) \
		    conv=notrunc status=none
	done
	sum=$(cksum < "$LEADS_DB")
	programs | grep -v lead-away > cmds
	while read -r cmd; do
		run -74 --separate-stderr $cmd
		[ -z "$output" ]
		# "cannot read" or "cannot write", as the program was doing
		[ "${stderr/cannot write/cannot read}" = "${cmd%% *}: cannot read '$LEADS_DB': database disk image is malformed" ]
	done < cmds
	[ "$(cksum < "$LEADS_DB")" = "$sum" ]
}

@test "a file that is not a database: every program, one line, exit 74" {
	printf 'name,email\nAna Lima,ana@example.com\n' > "$LEADS_DB"
	programs > cmds
	while read -r cmd; do
		run -74 --separate-stderr $cmd
		[ -z "$output" ]
		[ "$stderr" = "${cmd%% *}: cannot open '$LEADS_DB': file is not a database" ]
	done < cmds
	[ "$(cat "$LEADS_DB")" = "$(printf 'name,email\nAna Lima,ana@example.com')" ]
}

@test "a database from a newer version: every program, one line, exit 78" {
	seed
	sql 'PRAGMA user_version = 2'
	sum=$(cksum < "$LEADS_DB")
	programs > cmds
	while read -r cmd; do
		run -78 --separate-stderr $cmd
		[ -z "$output" ]
		[ "$stderr" = "${cmd%% *}: cannot use '$LEADS_DB': its schema version 2 is newer than this program's 1; upgrade leads" ]
	done < cmds
	[ "$(cksum < "$LEADS_DB")" = "$sum" ]
}

@test "a closed standard output: one line, exit 74; nothing recorded as shown" {
	seed
	export LEADS_NOW=2026-11-23T10:30:00Z
	run -74 --separate-stderr closed lead-due
	[ "$stderr" = "lead-due: cannot write output: Bad file descriptor" ]
	# not delivered, so not remembered as shown
	run -74 --separate-stderr closed lead-due --once cron -o json
	[ "$stderr" = "lead-due: cannot write output: Bad file descriptor" ]
	[ "$(sql 'SELECT count(*) FROM shown')" = 0 ]
	run -0 lead-due --once cron -o tsv
	[ "${#lines[@]}" -eq 3 ]
	for cmd in "lead-ls" "lead-ls -o csv" "lead-show 1" "lead-report" \
	    "lead-cadence show" "lead-due --explain 1" "lead-log 2 note -n hi" \
	    "lead-add --email cy@example.com" "lead-away --version"; do
		run -74 --separate-stderr closed $cmd
		[ "$stderr" = "${cmd%% *}: cannot write output: Bad file descriptor" ]
	done
	# a change is stored whole before its confirmation is printed
	[ "$(count "email = 'cy@example.com'")" = 1 ]
	[ "$(sql "SELECT note FROM events WHERE kind = 'logged' AND lead_id = 2")" = hi ]
}

@test "a closed standard output is never taken by a file the program opens" {
	printf 'name,email\nAna,ana@example.com\nBo,bo@\n' > in.csv
	run -74 --separate-stderr closed lead-add --rejects bad.csv in.csv
	[ "$(cat bad.csv)" = "$(printf 'name,email\nBo,bo@')" ]
	[ "$(count)" = 1 ]
	# nor standard input
	run -74 --separate-stderr closed_in lead-add
	[ "$stderr" = "lead-add: <stdin>: read error: Bad file descriptor" ]
}

@test "a reader that goes away (| head -1): every program ends quietly, as cat does" {
	awk 'BEGIN { print "name,email,phone"
		for (i = 1; i <= 3000; i++)
			printf "Lead %d,l%d@example.com,+1555%07d\n", i, i, i }' \
	    > many.csv
	lead-add -q many.csv
	for cmd in "lead-due" "lead-due -o json --once cron" "lead-ls" \
	    "lead-ls -o csv" "lead-show $(seq -s ' ' 1 300)"; do
		# whatever the caller did with SIGPIPE
		for trap in "" "trap '' PIPE;"; do
			run --separate-stderr bash -c "$trap $cmd | head -1;"' echo "${PIPESTATUS[0]}" >&2'
			[ "${#lines[@]}" -eq 1 ]
			[ "$stderr" = 141 ]
		done
	done
	# what was cut off is not remembered as shown
	[ "$(sql 'SELECT count(*) FROM shown')" = 0 ]
}
