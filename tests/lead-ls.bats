#!/usr/bin/env bats
# lead-ls: list and filter leads.

load helper

tab=$'\t'
cr=$'\r'

# Google leads enter the hot cadence, the others new-lead; American
# phone numbers; steps in UTC.
conf() {
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	country: US
	entry:
	  - { match: { source: "google-*" }, cadence: hot }
	  - { cadence: new-lead }
	cadences:
	  hot:
	    steps:
	      - { id: hot-call, channel: call, after: 0m }
	    then: new-lead
	  new-lead:
	    steps:
	      - { id: first-call, channel: call, after: 0m }
	      - { id: missed-you, channel: email, after: 10m }
	    then: close
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
}

# Five leads, all open.
five() {
	conf
	cat > in.csv <<-'EOF'
	name,email,phone,company,source,owner,value,created
	Ana Lima,ana@example.com,(555) 123-0001,100% Acme,web,alice,5000,2026-11-20T09:00:00Z
	Bo Chen,bo@example.com,555-123-0002,Bo_Co,google-ads,bob,,2026-11-22T09:00:00Z
	Cy Diaz,cy@example.org,,Acme,web,bob,,2026-11-23T09:00:00Z
	Di Eto,di@example.com,,,referral,alice,,2026-11-23T09:30:00Z
	Ed Fox,ed@example.net,555-123-0005,,web,carol,,2026-11-23T10:00:00Z
	EOF
	lead-add in.csv >/dev/null
}

# ids [ARGS]: the ids lead-ls lists, on one line.
ids() {
	lead-ls -o id "$@" | tr '\n' ' ' | sed 's/ $//'
}

@test "--help and --version; the usage is the man page's SYNOPSIS" {
	run -0 --separate-stderr lead-ls --help
	[ "$output" = "$(cat <<-'EOF'
	usage: lead-ls [-V] [-c cadences] [-d db] [-o format] [--raw-csv]
	               [--status status] [--source source] [--owner name]
	               [--cadence cadence] [--since time] [--search text]
	               [--limit n]
	EOF
	)" ]
	[ -z "$stderr" ]
	usage_matches_synopsis lead-ls
	run -0 lead-ls -h
	[ "${lines[0]}" = "usage: lead-ls [-V] [-c cadences] [-d db] [-o format] [--raw-csv]" ]
	run -0 lead-ls --version
	[ "$output" = "lead-ls (leads) 0.1.0" ]
	run -0 lead-ls -V
	[ "$output" = "lead-ls (leads) 0.1.0" ]
	run -64 --separate-stderr lead-ls extra
	[[ "$stderr" == "usage: lead-ls [-V]"* ]]
	run -64 --separate-stderr lead-ls --bogus
	[[ "$stderr" == *"usage: lead-ls [-V]"* ]]
	[ ! -e "$LEADS_DB" ]
}

@test "text: a header and aligned columns, in id order, due in local time" {
	five
	lead-set 5 tz=America/New_York >/dev/null
	run -0 --separate-stderr lead-ls
	[ -z "$stderr" ]
	[ "$output" = "$(cat <<-'EOF'
	ID  STATUS  NAME      PHONE         EMAIL            OWNER  SOURCE      DUE
	1   active  Ana Lima  +15551230001  ana@example.com  alice  web         Fri 2026-11-20 09:00 UTC
	2   active  Bo Chen   +15551230002  bo@example.com   bob    google-ads  Sun 2026-11-22 09:00 UTC
	3   active  Cy Diaz                 cy@example.org   bob    web         Mon 2026-11-23 09:10 UTC
	4   active  Di Eto                  di@example.com   alice  referral    Mon 2026-11-23 09:40 UTC
	5   active  Ed Fox    +15551230005  ed@example.net   carol  web         Mon 2026-11-23 05:00 EST
	EOF
	)" ]
}

@test "tsv, csv, json: every column, a header, times in UTC" {
	five
	lead-log 1 no_answer >/dev/null
	run -0 lead-ls -o tsv --limit 2
	[ "${lines[0]}" = "id${tab}status${tab}name${tab}email${tab}phone${tab}company${tab}source${tab}owner${tab}cadence${tab}step${tab}due_at${tab}created${tab}value${tab}attempts${tab}last_touch" ]
	[ "${lines[1]}" = "1${tab}active${tab}Ana Lima${tab}ana@example.com${tab}+15551230001${tab}100% Acme${tab}web${tab}alice${tab}new-lead${tab}2${tab}2026-11-23T10:10:00Z${tab}2026-11-20T09:00:00Z${tab}5000${tab}1${tab}2026-11-23T10:00:00Z" ]
	[ "${lines[2]}" = "2${tab}active${tab}Bo Chen${tab}bo@example.com${tab}+15551230002${tab}Bo_Co${tab}google-ads${tab}bob${tab}hot${tab}1${tab}2026-11-22T09:00:00Z${tab}2026-11-22T09:00:00Z${tab}${tab}0${tab}" ]
	[ "${#lines[@]}" -eq 3 ]
	run -0 lead-ls -o csv --owner bob
	[ "${lines[0]}" = "id,status,name,email,phone,company,source,owner,cadence,step,due_at,created,value,attempts,last_touch$cr" ]
	[ "${lines[1]}" = "2,active,Bo Chen,bo@example.com,\"'+15551230002\",Bo_Co,google-ads,bob,hot,1,2026-11-22T09:00:00Z,2026-11-22T09:00:00Z,,0,$cr" ]
	[ "${lines[2]}" = "3,active,Cy Diaz,cy@example.org,,Acme,web,bob,new-lead,2,2026-11-23T09:10:00Z,2026-11-23T09:00:00Z,,0,$cr" ]
	run -0 lead-ls -o json
	[ "${#lines[@]}" -eq 5 ]
	[ "${lines[0]}" = '{"id":1,"status":"active","name":"Ana Lima","email":"ana@example.com","phone":"+15551230001","company":"100% Acme","source":"web","owner":"alice","cadence":"new-lead","step":2,"due_at":"2026-11-23T10:10:00Z","created":"2026-11-20T09:00:00Z","value":5000.0,"attempts":1,"last_touch":"2026-11-23T10:00:00Z"}' ]
	[ "$(printf '%s\n' "${lines[2]}" | jq -c '[.phone, .value, .last_touch]')" = '[null,null,null]' ]
}

@test "-o id: bare ids, for lead-set and lead-show" {
	five
	run -0 --separate-stderr lead-ls -o id
	[ "$output" = "$(printf '1\n2\n3\n4\n5')" ]
	[ -z "$stderr" ]
	lead-ls --owner bob -o id | lead-set owner=alice
	[ "$(ids --owner alice)" = "1 2 3 4" ]
	run -1 lead-ls --owner bob -o id
	[ -z "$output" ]
}

@test "--status: active, waiting (a call booked for later), won, lost, dnc" {
	five
	lead-log 2 connected --next "2026-11-24 10:00" >/dev/null
	lead-log 3 won >/dev/null
	lead-log 4 lost --reason "cheaper quote" >/dev/null
	lead-log 5 do_not_contact >/dev/null
	[ "$(ids --status active)" = "1" ]
	[ "$(ids --status waiting)" = "2" ]
	[ "$(ids --status won)" = "3" ]
	[ "$(ids --status lost)" = "4" ]
	[ "$(ids --status dnc)" = "5" ]
	[ "$(lead-ls -o tsv | cut -f2 | tr '\n' ' ')" = "status active waiting won lost dnc " ]
	# When the booked time has come, the lead is active again.
	[ "$(LEADS_NOW=2026-11-24T10:00:00Z ids --status waiting)" = "" ]
	[ "$(LEADS_NOW=2026-11-24T10:00:00Z ids --status active)" = "1 2" ]
	# A booking in the past does not make a lead wait.
	sql "UPDATE leads SET booked_at = $((1795428000 - 60)) WHERE id = 1"
	[ "$(ids --status active)" = "1" ]
	# A closed lead with a booking left over is closed, not waiting.
	sql "UPDATE leads SET booked_at = $((1795428000 + 3600)) WHERE id = 3"
	[ "$(ids --status won)" = "3" ]
}

@test "--status: anything else is refused, naming the valid ones" {
	five
	for s in bogus Active new ""; do
		run -64 --separate-stderr lead-ls --status "$s"
		[ "$stderr" = "lead-ls: --status: unknown status '$s': use active, waiting, won, lost or dnc" ]
		[ -z "$output" ]
	done
}

@test "--source, --owner, --cadence: exact matches" {
	five
	[ "$(ids --source web)" = "1 3 5" ]
	[ "$(ids --source google-ads)" = "2" ]
	[ "$(ids --owner alice)" = "1 4" ]
	[ "$(ids --cadence hot)" = "2" ]
	[ "$(ids --cadence new-lead)" = "1 3 4 5" ]
	run -1 lead-ls --source Web
	[ -z "$output" ]
	run -1 lead-ls --owner ali
	[ -z "$output" ]
	run -1 lead-ls --source 'google-*'
	[ -z "$output" ]
	# Filters are ANDed.
	[ "$(ids --source web --owner bob)" = "3" ]
	[ "$(ids --source web --owner alice --cadence new-lead --status active)" = "1" ]
	run -1 lead-ls --source web --owner bob --cadence hot
	[ -z "$output" ]
}

@test "--since: created at or after a time or a phrase" {
	five
	[ "$(ids --since 2026-11-23T09:00:00Z)" = "3 4 5" ]
	[ "$(ids --since '2026-11-23 09:01')" = "4 5" ]
	[ "$(ids --since 2026-11-22)" = "2 3 4 5" ]
	[ "$(ids --since today)" = "3 4 5" ]
	[ "$(ids --since yesterday)" = "2 3 4 5" ]
	[ "$(ids --since '3 days ago')" = "2 3 4 5" ]
	[ "$(ids --since '4 days ago')" = "1 2 3 4 5" ]
	[ "$(ids --since -30m)" = "4 5" ]
	[ "$(ids --since -1h)" = "3 4 5" ]
	run -1 lead-ls --since "in 1 hour"
	[ -z "$output" ]
	run -64 --separate-stderr lead-ls --since "the other day"
	[[ "$stderr" == "lead-ls: --since: bad time 'the other day'"* ]]
	[ -z "$output" ]
}

@test "--search: name, email, phone or company, any case, % and _ literal" {
	five
	[ "$(ids --search lima)" = "1" ]
	[ "$(ids --search EXAMPLE.COM)" = "1 2 4" ]
	[ "$(ids --search 5551230005)" = "5" ]
	[ "$(ids --search acme)" = "1 3" ]
	[ "$(ids --search '100%')" = "1" ]
	[ "$(ids --search '%')" = "1" ]
	[ "$(ids --search _)" = "2" ]
	[ "$(ids --search 'bo_co')" = "2" ]
	run -1 lead-ls --search 'b%co'
	[ -z "$output" ]
	run -1 lead-ls --search 'A_me'
	[ -z "$output" ]
	run -1 lead-ls --search '\'
	[ -z "$output" ]
	[ "$(ids --search acme --owner bob)" = "3" ]
}

@test "--limit: the first n leads" {
	five
	[ "$(ids --limit 2)" = "1 2" ]
	[ "$(ids --limit 10)" = "1 2 3 4 5" ]
	[ "$(ids --limit 1 --owner bob)" = "2" ]
	for n in 0 -1 x 2x ""; do
		run -64 --separate-stderr lead-ls --limit "$n"
		[ "$stderr" = "lead-ls: --limit: '$n' is not a whole number above 0" ]
	done
}

@test "leads merged into another are never listed" {
	five
	lead-merge 1 2 >/dev/null
	[ "$(ids)" = "1 3 4 5" ]
	[ "$(ids --owner bob)" = "3" ]
	run -1 lead-ls --search bo_co
	# The same, set by hand.
	sql "UPDATE leads SET merged_into = 3 WHERE id = 4"
	[ "$(ids)" = "1 3 5" ]
	[ "$(lead-ls -o tsv | sed 1d | cut -f1 | tr '\n' ' ')" = "1 3 5 " ]
}

@test "nothing matched: exit 1, nothing printed, in every format" {
	five
	for f in text tsv csv json id; do
		run -1 --separate-stderr lead-ls -o "$f" --owner nobody
		[ -z "$output" ]
		[ -z "$stderr" ]
	done
	# Every lead closed: none is active.
	sql "UPDATE leads SET status = 'won'"
	run -1 --separate-stderr lead-ls --status active
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "bad options: a format, a missing database, a bad cadence file" {
	run -64 --separate-stderr lead-ls -o xml
	[ "$stderr" = "lead-ls: unknown format 'xml': use text, tsv, csv, json or id" ]
	run -66 --separate-stderr lead-ls
	[[ "$stderr" == "lead-ls: cannot open '$LEADS_DB': "* ]]
	[ -z "$output" ]
	[ ! -e "$LEADS_DB" ]
	five
	printf 'cadences: [\n' > bad.yaml
	run -78 --separate-stderr lead-ls -c bad.yaml
	[[ "$stderr" == "lead-ls: bad.yaml:"* ]]
	[ -z "$output" ]
}

@test "many leads stream: one header, every row, in id order" {
	five
	sql "WITH RECURSIVE n(i) AS (SELECT 6 UNION ALL SELECT i + 1 FROM n
	    WHERE i < 2600) INSERT INTO leads (id, name, email, created,
	    last_inquiry, added) SELECT i, 'Lead ' || i, 'l' || i ||
	    '@example.com', 1795428000, 1795428000, 1795428000 FROM n"
	run -0 lead-ls
	[ "${#lines[@]}" -eq 2601 ]
	[ "$(printf '%s\n' "$output" | grep -c '^ID ')" -eq 1 ]
	[ "$(printf '%s\n' "$output" | sed 1d | awk '{ print $1 }' | tr '\n' ' ')" = "$(seq 1 2600 | tr '\n' ' ')" ]
	run -0 lead-ls -o tsv
	[ "${#lines[@]}" -eq 2601 ]
	[ "$(printf '%s\n' "$output" | grep -c '^id')" -eq 1 ]
	[ "${lines[2600]%%$tab*}" = "2600" ]
	[ "$(lead-ls -o json | jq -s length)" -eq 2600 ]
	[ "$(lead-ls -o id --search 'lead 25' | wc -l)" -eq 111 ]
}
