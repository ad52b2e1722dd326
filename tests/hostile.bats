#!/usr/bin/env bats
# Hostile input: SQL metacharacters, sizes over the limits, text that is
# not UTF-8, NUL bytes, spreadsheet formulas, YAML alias bombs, deeply
# nested JSON, symbolic links where the database should be, a umask that
# would open the database to others.  Each is refused or kept exactly,
# with its line and exit status, and loses nothing good.

load helper

tab=$'\t'

# Every SQL metacharacter, and LIKE's wildcards and escape.
evil="O'Brien\"; DROP TABLE leads;-- 50% _x_ \\ back\\slash"

# valid_utf8 FILE: is FILE all valid UTF-8?
valid_utf8() {
	iconv -f UTF-8 -t UTF-8 < "$1" > /dev/null
}

# The tables are there and sound.
intact() {
	[ "$(sql 'PRAGMA integrity_check')" = ok ] &&
	    [ "$(sql "SELECT count(*) FROM sqlite_master WHERE name IN
	    ('leads', 'events', 'meta')")" = 3 ]
}

@test "SQL metacharacters in every field of lead-add: stored and shown exactly" {
	run -0 lead-add --name "$evil" --email "o'brien+%_@example.com" \
	    --phone +15551230001 --company "$evil" --source "$evil" \
	    --owner "$evil" --note "$evil"
	[ "$output" = "1${tab}new" ]
	# the same through a file, in a field with no column of its own
	printf 'name,email,company,"%s"\n"%s",bo@example.com,"%s","%s"\n' \
	    "${evil//\"/\"\"}" "${evil//\"/\"\"}" "${evil//\"/\"\"}" \
	    "${evil//\"/\"\"}" > in.csv
	run -0 lead-add in.csv
	[ "$output" = "2${tab}new" ]
	intact
	run -0 lead-show -o json 1
	[ "$(jq -r '.name, .company, .source, .owner, .events[0].note' <<< "$output")" = \
	    "$(printf '%s\n' "$evil" "$evil" "$evil" "$evil" "$evil")" ]
	[ "$(jq -r .email <<< "$output")" = "o'brien+%_@example.com" ]
	run -0 lead-show -o json 2
	[ "$(jq -r --arg k "$evil" '.name, .company, .extra[$k]' <<< "$output")" = \
	    "$(printf '%s\n' "$evil" "$evil" "$evil")" ]
	# found by what it holds
	run -0 lead-show "o'brien+%_@example.com"
	[ "${lines[0]}" = "id:        1" ]
	run -0 lead-ls -o id --source "$evil" --owner "$evil"
	[ "$output" = 1 ]
}

@test "SQL metacharacters in lead-log notes and reasons and lead-set values" {
	lead-add --name Ana --email ana@example.com --phone +15551230001 >/dev/null
	run -0 lead-log 1 no_answer -n "$evil"
	run -0 lead-set 1 "name=$evil" "company=$evil" "owner=$evil" \
	    "source=$evil"
	run -0 lead-log 1 lost --reason "$evil" -n "$evil 2"
	intact
	run -0 lead-show -o json 1
	[ "$(jq -r '.name, .company, .owner, .source, .lost_reason' <<< "$output")" = \
	    "$(printf '%s\n' "$evil" "$evil" "$evil" "$evil" "$evil")" ]
	[ "$(jq -r '[.events[].note | select(. != null)] | .[]' <<< "$output")" = \
	    "$(printf '%s\n' "$evil" "$evil 2")" ]
	[ "$(count)" = 1 ]
}

@test "lead-ls --search: %, _, \\ and quotes match themselves, nothing else" {
	lead-add --name "50% off" --email a@example.com >/dev/null
	lead-add --name "5000 off" --email b@example.com >/dev/null
	lead-add --name "a_b" --email c@example.com >/dev/null
	lead-add --name "axb" --email d@example.com >/dev/null
	lead-add --name 'back\slash' --email e@example.com >/dev/null
	lead-add --name "O'Brien" --email f@example.com >/dev/null
	lead-add --name 'Say "hi"' --email g@example.com >/dev/null
	run -0 lead-ls -o id --search '%'
	[ "$output" = 1 ]
	run -0 lead-ls -o id --search '0% o'
	[ "$output" = 1 ]
	run -0 lead-ls -o id --search '_'
	[ "$output" = 3 ]
	run -0 lead-ls -o id --search '\'
	[ "$output" = 5 ]
	run -0 lead-ls -o id --search "'"
	[ "$output" = 6 ]
	run -0 lead-ls -o id --search '"hi"'
	[ "$output" = 7 ]
	run -1 lead-ls -o id --search "' OR '1'='1"
	[ -z "$output" ]
}

@test "fields, records and lines over the limits: the line named, exit 65, the rest stored whole" {
	awk 'BEGIN {
		for (x = "x"; length(x) < 65537; x = x x)
			;
		print "name,email,notes"
		print "A,a@example.com," substr(x, 1, 65536)	# the limit
		print "B,b@example.com," substr(x, 1, 65537)	# a byte over
		printf "C,c@example.com,\""
		for (i = 0; i < 20; i++)			# 20 lines, 1.3 MB
			print substr(x, 1, 65000)
		print "\""
		print "D,d@example.com,last"
	}' > big.csv
	run -65 --separate-stderr lead-add big.csv
	[ "$stderr" = "$(printf '%s\n' \
	    "lead-add: big.csv:3: field over 65536 bytes" \
	    "lead-add: big.csv:4: record over 1048576 bytes")" ]
	[ "$output" = "$(printf '1\tnew\n2\tnew')" ]
	[ "$(sql 'SELECT email FROM leads ORDER BY id' | tr '\n' ' ')" = \
	    "a@example.com d@example.com " ]
	# nothing cut short: the field at the limit is whole
	[ "$(sql "SELECT length(note) FROM events WHERE lead_id = 1")" = 65536 ]
	# more fields than a record may have
	awk 'BEGIN { printf "email"; for (i = 0; i < 300; i++) printf ",c%d", i
		print ""; print "x@example.com" }' > wide.csv
	run -65 --separate-stderr lead-add wide.csv
	[ "${stderr%%$'\n'*}" = "lead-add: wide.csv:1: more than 256 fields" ]
	[ -z "$output" ]
	# JSON Lines and Key: value
	awk 'BEGIN { for (x = "q"; length(x) < 2000000; x = x x)
			;
		print "{\"email\":\"e@example.com\"}"
		print "{\"email\":\"f@example.com\",\"n\":\"" x "\"}"
		printf "{\"email\":\"g@example.com\",\"%s\":1}\n", substr(x, 1, 257)
		print "{\"email\":\"h@example.com\"}" }' > big.jsonl
	run -65 --separate-stderr lead-add big.jsonl
	[ "$stderr" = "$(printf '%s\n' \
	    "lead-add: big.jsonl:2: record over 1048576 bytes" \
	    "lead-add: big.jsonl:3: field name over 256 bytes")" ]
	[ "$output" = "$(printf '3\tnew\n4\tnew')" ]
	awk 'BEGIN { for (x = "w"; length(x) < 70000; x = x x)
			;
		print "Email: i@example.com\n"
		print "Email: j@example.com\nNotes: " x "\n"
		print "Email: k@example.com" }' > big.txt
	run -65 --separate-stderr lead-add big.txt
	[ "$stderr" = "lead-add: big.txt:3: field over 65536 bytes" ]
	[ "$output" = "$(printf '5\tnew\n6\tnew')" ]
	[ "$(count)" = 6 ]
}

@test "text that is not UTF-8 and NUL bytes: the record refused with its line, in every format" {
	printf 'email\tname\na@example.com\tJos\xe9\nb@example.com\tnul\0here\nc@example.com\tok\n' > in.tsv
	run -65 --separate-stderr lead-add in.tsv
	[ "$stderr" = "$(printf '%s\n' \
	    "lead-add: in.tsv:2: invalid UTF-8 (if the file is Windows-1252, use --encoding windows-1252)" \
	    "lead-add: in.tsv:3: NUL byte in input")" ]
	[ "$output" = "1${tab}new" ]
	printf '%s\n' '{"email":"d@example.com"}' \
	    "$(printf '{"email":"e@example.com","name":"Jos\xe9"}')" \
	    '{"email":"f@example.com","name":"a\u0000b"}' \
	    '{"email":"g@example.com","name":"\ud800"}' \
	    "$(printf '{"email":"h@example.com","name":"\xed\xa0\x80"}')" \
	    "$(printf '{"email":"i@example.com","name":"\xc0\xaf"}')" \
	    '{"email":"j@example.com","name":"Jos\u00e9"}' > in.jsonl
	printf '{"email":"k@example.com","name":"x\0y"}\n' >> in.jsonl
	run -65 --separate-stderr lead-add in.jsonl
	[ "${#stderr}" -gt 0 ]
	[ "$(sed 's/^lead-add: \([^:]*:[0-9]*\):.*/\1/' <<< "$stderr")" = "$(printf '%s\n' \
	    "in.jsonl:2" "in.jsonl:3" "in.jsonl:4" "in.jsonl:5" "in.jsonl:6" \
	    "in.jsonl:8")" ]
	[[ "${stderr}" == *"in.jsonl:3: a value holds a NUL character (\u0000)"* ]]
	[[ "${stderr}" == *"in.jsonl:8: NUL byte in input"* ]]
	[ "$output" = "$(printf '2\tnew\n3\tnew')" ]
	[ "$(sql 'SELECT name FROM leads WHERE id = 3')" = "José" ]
	printf 'Email: l@example.com\n\nEmail: m@example.com\nName: Jos\xe9\n\nEmail: n@example.com\nName: x\0y\n\nEmail: o@example.com\n' > in.txt
	run -65 --separate-stderr lead-add -f kv in.txt
	[ "$stderr" = "$(printf '%s\n' \
	    "lead-add: in.txt:3: invalid UTF-8 (if the file is Windows-1252, use --encoding windows-1252)" \
	    "lead-add: in.txt:6: NUL byte in input")" ]
	[ "$output" = "$(printf '4\tnew\n5\tnew')" ]
	[ "$(count)" = 5 ]
}

@test "arguments and LEADS_USER that are not UTF-8: exit 64, nothing stored" {
	lead-add --name Ana --email ana@example.com >/dev/null
	before=$(sql 'SELECT * FROM leads; SELECT * FROM events')
	run -64 --separate-stderr lead-add --name "$(printf 'Jos\xe9')" --email j@example.com
	[ "$stderr" = "lead-add: argument 2 is not valid UTF-8" ]
	run -64 --separate-stderr lead-log 1 note -n "$(printf 'n\xff')"
	[ "$stderr" = "lead-log: argument 4 is not valid UTF-8" ]
	run -64 --separate-stderr lead-set 1 "$(printf 'company=\xc3')"
	[ "$stderr" = "lead-set: argument 2 is not valid UTF-8" ]
	run -64 --separate-stderr lead-ls --search "$(printf '\xe9')"
	[ "$stderr" = "lead-ls: argument 2 is not valid UTF-8" ]
	LEADS_USER=$(printf 'ren\xe9') run -64 --separate-stderr lead-log 1 note -n hi
	[ "$stderr" = "lead-log: LEADS_USER: not valid UTF-8" ]
	[ "$(sql 'SELECT * FROM leads; SELECT * FROM events')" = "$before" ]
}

@test "text that reached the database otherwise: every output is still UTF-8" {
	lead-add --name Ana --email ana@example.com --phone +15551230001 \
	    --note x >/dev/null
	# "Jo", a lone lead byte, "s", a Latin-1 e-acute; an escape sequence
	sql "UPDATE leads SET name = CAST(X'4A6FC373E9' AS TEXT),
	    company = CAST(X'1B5B33316D726564' AS TEXT),
	    extra = CAST(X'7B2278223A2261E962227D' AS TEXT);
	    UPDATE events SET note = CAST(X'6EFF' AS TEXT)"
	for cmd in "lead-ls" "lead-ls -o json" "lead-ls -o csv" "lead-ls -o tsv" \
	    "lead-show 1" "lead-show -o json 1" "lead-due" "lead-due -o json" \
	    "lead-due --explain 1"; do
		$cmd > out
		valid_utf8 out
	done
	run -0 lead-show -o json 1
	[ "$(jq -r '.name, .extra.x, .events[0].note' <<< "$output")" = \
	    "$(printf 'Jo\357\277\275s\357\277\275\na\357\277\275b\nn\357\277\275')" ]
	run -0 lead-ls -o json
	[ "$(jq -r .name <<< "$output")" = "$(printf 'Jo\357\277\275s\357\277\275')" ]
	# no terminal escape in text for people
	run -0 lead-ls
	[[ "$output" != *$'\e'* ]]
	run -0 lead-show 1
	[[ "$output" != *$'\e'* ]]
	[[ "$output" == *"company:"*" [31mred"* ]]
	run -0 lead-due --explain 1
	[ "${lines[0]}" = "$(printf 'lead 1: Jo\357\277\275s\357\277\275')" ]
}

# A lead of each kind a formula can hide in: a name, a phone (E.164
# starts with +), a source and an owner; a tab and a carriage return
# (input trims them: they are planted).
formulas() {
	printf '%s\n' 'name,email,phone,source,owner' \
	    '"=HYPERLINK(""http://x.example/?""&A1,""click"")",a@example.com,+15551230001,@SUM(1+1),-alice' \
	    'Bo,b@example.com,,=cmd|x!A0,+bob' > f.csv
	lead-add f.csv >/dev/null
	sql "UPDATE leads SET name = char(9) || 'Tab',
	    company = char(13) || '=1+1' WHERE id = 2"
}

@test "csv neutralises formulas (= + - @ tab CR) with an apostrophe; --raw-csv, tsv and json do not" {
	formulas
	run -0 lead-ls -o csv
	[ "${lines[1]}" = "1,active,\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"click\"\")\",a@example.com,\"'+15551230001\",,\"'@SUM(1+1)\",\"'-alice\",new-lead,1,2026-11-23T10:00:00Z,2026-11-23T10:00:00Z,,0,"$'\r' ]
	[ "$(sed -n 3p <<< "$output")" = "2,active,\"'${tab}Tab\",b@example.com,,\"'"$'\r'"=1+1\",\"'=cmd|x!A0\",\"'+bob\",new-lead,2,2026-11-23T10:10:00Z,2026-11-23T10:00:00Z,,0,"$'\r' ]
	run -0 lead-ls -o csv --raw-csv
	[ "${lines[1]}" = "1,active,\"=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"click\"\")\",a@example.com,+15551230001,,@SUM(1+1),-alice,new-lead,1,2026-11-23T10:00:00Z,2026-11-23T10:00:00Z,,0,"$'\r' ]
	run -0 lead-ls -o tsv
	[ "$(cut -f3,5,7,8 <<< "${lines[1]}")" = "=HYPERLINK(\"http://x.example/?\"&A1,\"click\")${tab}+15551230001${tab}@SUM(1+1)${tab}-alice" ]
	run -0 lead-ls -o json
	[ "$(jq -r 'select(.id == 1) | .phone, .source' <<< "$output")" = $'+15551230001\n@SUM(1+1)' ]
	run -0 lead-ls
	[[ "${lines[1]}" == *" +15551230001 "* ]]
	# lead-due: text cells only; numbers stay numbers
	run -0 lead-due -o csv
	[ "${lines[1]}" = "1,2026-11-23T10:00:00Z,call,new-lead,1,9,\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"click\"\")\",a@example.com,\"'+15551230001\",\"'-alice\",\"'@SUM(1+1)\",0,call now: first touch inside 5 minutes,0,0"$'\r' ]
	run -0 lead-due -o csv --raw-csv
	[[ "${lines[1]}" == *",a@example.com,+15551230001,-alice,@SUM(1+1),0,"* ]]
	run -0 lead-due -o json
	[ "$(jq -r 'select(.id == 1) | .phone' <<< "$output")" = +15551230001 ]
}

@test "csv neutralises formulas in lead-report, lead-away and lead-cadence too" {
	formulas
	run -0 lead-report -o csv --by source funnel
	[[ "$output" == *$'\n'"funnel,\"'=cmd|x!A0\","* ]]
	[[ "$output" == *$'\n'"funnel,\"'@SUM(1+1)\","* ]]
	run -0 lead-report -o csv --by source --raw-csv funnel
	[[ "$output" == *$'\n'"funnel,=cmd|x!A0,"* ]]
	run -0 lead-report -o tsv --by source funnel
	[[ "$output" == *$'\n'"funnel${tab}=cmd|x!A0${tab}"* ]]
	run -0 lead-away -- -alice 2026-12-07
	run -0 lead-away -o csv
	[ "${lines[1]}" = "\"'-alice\",2026-12-07T00:00:00Z,lead-away"$'\r' ]
	run -0 lead-away -o csv --raw-csv
	[ "${lines[1]}" = "-alice,2026-12-07T00:00:00Z,lead-away"$'\r' ]
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	cadences:
	  -x:
	    steps:
	      - { id: first, channel: call, after: 0m, note: "=1+1" }
	EOF
	run -0 lead-cadence show -c cad.yaml -o csv -- -x
	[ "${lines[1]}" = "1,first,call,0m,'=1+1,"$'\r' ] ||
	    [ "${lines[1]}" = "1,first,call,0m,\"'=1+1\","$'\r' ]
	run -0 lead-cadence show -c cad.yaml -o csv --raw-csv -- -x
	[ "${lines[1]}" = "1,first,call,0m,=1+1,"$'\r' ]
	run -0 lead-cadence plan -c cad.yaml -o csv -- -x
	[[ "${lines[1]}" == *",\"'-x\",1,1,first,\"'=1+1\","* ]]
	run -0 lead-cadence show -c cad.yaml -o json -- -x
	[ "$(jq -r .note <<< "$output")" = "=1+1" ]
	# a check has no csv to change
	run -64 --separate-stderr lead-cadence check --raw-csv cad.yaml
	[[ "$stderr" == "usage: lead-cadence check"* ]]
}

@test "--raw-csv is in the usage and the man page of every program that writes csv" {
	for prog in lead-due lead-ls lead-report lead-away lead-cadence; do
		run -0 "$prog" --help
		[[ "$output" == *"[--raw-csv]"* ]]
		usage_matches_synopsis "$prog"
		mandoc -Tascii "$BATS_TEST_DIRNAME/../man/$prog.1" | col -b > man.txt
		grep -q -- '--raw-csv' man.txt
		grep -q "apostrophe" man.txt
	done
	# and nowhere else
	for prog in lead-add lead-log lead-set lead-show lead-merge lead-forget \
	    lead-rebuild; do
		run -64 "$prog" --raw-csv
	done
}

@test "YAML alias bombs, merge keys and deep nesting: refused at once, exit 78, the database untouched" {
	lead-add --email a@example.com >/dev/null
	sum=$(cksum < "$LEADS_DB")
	{
		echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
		for l in b c d e f g h i; do
			p=$(printf '%s' "$l" | tr 'b-i' 'a-h')
			echo "$l: &$l [*$p,*$p,*$p,*$p,*$p,*$p,*$p,*$p,*$p]"
		done
		echo 'cadences: { x: { steps: [ { channel: call, after: 0m } ] } }'
	} > bomb.yaml
	printf '%s\n' 'base: &b { channel: call, after: 0m }' \
	    'cadences: { x: { steps: [ { <<: *b } ] } }' > merge.yaml
	awk 'BEGIN { printf "cadences: "; for (i = 0; i < 100000; i++) printf "[";
		for (i = 0; i < 100000; i++) printf "]"; print "" }' > flow.yaml
	awk 'BEGIN { for (i = 0; i < 100; i++) printf "%*sk:\n", 2 * i, "" }' > block.yaml
	awk 'BEGIN { printf "x: ["; for (i = 0; i < 150000; i++) printf "1,"
		print "1]" }' > nodes.yaml
	awk 'BEGIN { print "cadences:"; for (i = 0; i < 70000; i++)
		printf "  c%d: { steps: [ { channel: call, after: 0m } ] }\n", i }' > huge.yaml
	for f in bomb merge flow block nodes huge; do
		# Refused, not expanded: a bomb that were expanded would not
		# end within the minute (speed itself is for benchmarks).
		run -78 --separate-stderr timeout 60 lead-cadence check "$f.yaml"
		[ "${#lines[@]}" -eq 0 ]
		echo "$stderr" >> errors
		run -78 --separate-stderr lead-due -c "$f.yaml"
		[ "$stderr" = "lead-due: $(tail -1 errors)" ]
		run -78 lead-add -c "$f.yaml" --email b@example.com
	done
	[ "$(cat errors)" = "$(printf '%s\n' \
	    "bomb.yaml:1:4: anchors and aliases are not supported" \
	    "merge.yaml:1:7: anchors and aliases are not supported" \
	    "flow.yaml:1:42: nesting deeper than 32 levels" \
	    "block.yaml:33:65: nesting deeper than 32 levels" \
	    "nodes.yaml:1:199999: more than 100000 nodes" \
	    "huge.yaml:19625:35: file is larger than 1 MiB")" ]
	[ "$(cksum < "$LEADS_DB")" = "$sum" ]
}

@test "deeply nested JSON Lines: the line refused, exit 65, no crash, the others stored" {
	awk 'BEGIN {
		print "{\"email\":\"a@example.com\"}"
		printf "{\"email\":\"b@example.com\",\"x\":"
		for (i = 0; i < 100000; i++) printf "["
		for (i = 0; i < 100000; i++) printf "]"
		print "}"
		printf "{\"email\":\"c@example.com\",\"x\":"
		for (i = 0; i < 5000; i++) printf "{\"a\":"
		printf "1"
		for (i = 0; i < 5000; i++) printf "}"
		print "}"
		print "{\"email\":\"d@example.com\"}"
	}' > deep.jsonl
	run -65 --separate-stderr lead-add deep.jsonl
	assert_not_crashed
	[ "$(cut -d: -f1-4 <<< "$stderr")" = "$(printf '%s\n' \
	    "lead-add: deep.jsonl:2: bad JSON" "lead-add: deep.jsonl:3: bad JSON")" ]
	[[ "${lines[0]}" != *depth* ]]
	[[ "$stderr" == *"maximum parsing depth reached"* ]]
	[ "$output" = "$(printf '1\tnew\n2\tnew')" ]
	[ "$(sql 'SELECT email FROM leads ORDER BY id' | tr '\n' ' ')" = \
	    "a@example.com d@example.com " ]
}

@test "a database path that is a symbolic link: followed to the user's own file" {
	mkdir real
	run -0 lead-add -d real/leads.db --email a@example.com
	ln -s real/leads.db link.db
	run -0 lead-add -d link.db --email b@example.com
	[ "$output" = "2${tab}new" ]
	[ -L link.db ]
	[ "$(sqlite3 real/leads.db 'SELECT count(*) FROM leads')" = 2 ]
	run -0 lead-ls -d link.db -o id
	[ "$output" = $'1\n2' ]
}

@test "a symbolic link to nothing: the database is not created through it" {
	ln -s "$PWD/elsewhere/leads.db" link.db
	mkdir elsewhere
	run -73 --separate-stderr lead-add -d link.db --email a@example.com
	[ "$stderr" = "lead-add: cannot create 'link.db': a symbolic link to a missing file" ]
	run -66 --separate-stderr lead-due -d link.db
	[ "$stderr" = "lead-due: cannot open 'link.db': a symbolic link to a missing file" ]
	[ ! -e elsewhere/leads.db ]
	[ -z "$(ls elsewhere)" ]
}

@test "a database someone else owns, directly or through a link: refused, exit 73" {
	if [ "$(id -u)" = 0 ]; then
		lead-add -d theirs.db --email a@example.com >/dev/null
		chown 65534 theirs.db
		target="$PWD/theirs.db"
		uid=65534
	else
		# a file root owns stands for another user's
		target=/etc/passwd
		uid=0
	fi
	sum=$(cksum < "$target")
	ln -s "$target" link.db
	run -73 --separate-stderr lead-ls -d link.db
	[ "$stderr" = "lead-ls: cannot open 'link.db': owned by another user (uid $uid)" ]
	run -73 --separate-stderr lead-add -d link.db --email b@example.com
	[ "$stderr" = "lead-add: cannot open 'link.db': owned by another user (uid $uid)" ]
	run -73 --separate-stderr lead-due -d "$target"
	[ "$stderr" = "lead-due: cannot open '$target': owned by another user (uid $uid)" ]
	[ "$(cksum < "$target")" = "$sum" ]
	[ ! -e "$target-wal" ]
}

@test "a link to a device or a directory: not a regular file, exit 74" {
	ln -s /dev/null null.db
	mkdir dir.db
	run -74 --separate-stderr lead-add -d null.db --email a@example.com
	[ "$stderr" = "lead-add: cannot open 'null.db': not a regular file" ]
	run -74 --separate-stderr lead-ls -d dir.db
	[ "$stderr" = "lead-ls: cannot open 'dir.db': not a regular file" ]
}

@test "with umask 000 or 777: the database and its -wal and -shm 0600, its directory 0700" {
	unset LEADS_DB
	for mask in 000 777; do
		rm -rf "$HOME/.local" out
		mkfifo in.fifo
		# lead-add holds the database open while it waits for more
		( umask $mask; exec lead-add < in.fifo > out ) &
		exec 4> in.fifo
		printf 'email\na@example.com\n' >&4
		db="$HOME/.local/share/leads/leads.db"
		until [ -s out ]; do sleep 0.05; done
		[ -e "$db-wal" ]
		[ -e "$db-shm" ]
		[ "$(stat -c %a "$db" "$db-wal" "$db-shm" | tr '\n' ' ')" = "600 600 600 " ]
		[ "$(stat -c %a "$HOME/.local" "$HOME/.local/share" "$HOME/.local/share/leads" | tr '\n' ' ')" = "700 700 700 " ]
		exec 4>&-
		wait
		rm in.fifo
	done
}
