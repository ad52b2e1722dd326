#!/usr/bin/env bats
# lead-away: owners away until a date; round-robin and lead-due follow.

load helper

tab=$'\t'

cadences() {
	cat > cad.yaml <<'YAML'
hours: { mon-sun: "00:00-24:00" }
owners: [alice, bob, carol]
backup: carol
cadences:
  new-lead:
    steps:
      - { channel: call, after: 0m }
    then: close
YAML
	export LEADS_CADENCES="$PWD/cad.yaml"
}

@test "mark away, list, mark back; nobody away exits 1 quietly" {
	cadences
	run -0 lead-add --email x@example.com	# creates the database
	run -1 lead-away
	[ -z "$output" ]
	run -0 lead-away alice 2026-12-07
	[ -z "$output" ]
	run -0 lead-away -o tsv
	[ "$output" = "$(printf 'owner\tuntil\tfrom\nalice\t2026-12-07T00:00:00Z\tlead-away')" ]
	run -0 lead-away -o json
	[ "$output" = '{"owner":"alice","until":"2026-12-07T00:00:00Z","from":"lead-away"}' ]
	# again: the date is replaced
	run -0 lead-away alice "2026-12-08 09:00"
	[ "$(sql 'SELECT owner, until FROM away')" = "alice|1796720400" ]
	run -0 --separate-stderr lead-away --back alice
	run -1 lead-away
	run -0 --separate-stderr lead-away --back alice
	[ "$stderr" = "lead-away: alice was not marked away" ]
	# the mark ends by itself at the date
	run -0 lead-away bob 2026-11-24
	LEADS_NOW=2026-11-24T00:00:00Z run -1 lead-away
}

@test "round-robin passes over an owner away, and the backup sees their steps" {
	cadences
	run -0 lead-add --email a@example.com --owner alice
	run -0 lead-away alice 2026-12-07
	run -0 lead-add --email b@example.com
	run -0 lead-add --email c@example.com
	[ "$(sql 'SELECT owner FROM leads WHERE id > 1 ORDER BY id')" = \
	    "$(printf 'bob\ncarol')" ]
	run -0 lead-due --owner carol -o tsv
	[ "$(echo "$output" | cut -f1,10 | sed 1d | sort)" = \
	    "$(printf '1\talice\n3\tcarol')" ]
	run -0 lead-due --owner alice -o tsv	# hers still, for when she looks
	[ "$(echo "$output" | cut -f1 | sed 1d)" = "1" ]
	# back: round-robin gives her the next lead, and her steps are hers
	run -0 lead-away --back alice
	run -0 lead-add --email d@example.com
	[ "$(sql 'SELECT owner FROM leads WHERE id = 4')" = "alice" ]
	run -0 lead-due --owner alice -o tsv
	[ "$(echo "$output" | cut -f1 | sed 1d | sort -n | tr '\n' ' ')" = "1 4 " ]
}

@test "an absence in the cadence file is listed; --back cannot end it" {
	cadences
	sed -i 's/^owners: .*/owners: [alice, { name: bob, away_until: "2026-12-01" }, carol]/' cad.yaml
	run -0 lead-add --email a@example.com
	run -0 lead-away -o csv
	[ "$output" = "$(printf 'owner,until,from\r\nbob,2026-12-01T00:00:00Z,cadences\r')" ]
	run -0 lead-add --email b@example.com
	[ "$(sql 'SELECT group_concat(owner) FROM leads')" = "alice,carol" ]
}

@test "bad usage: exit 64 with a message, nothing written" {
	cadences
	run -0 lead-add --email a@example.com
	run -64 --separate-stderr lead-away alice 2020-01-01
	[ "$stderr" = "lead-away: 2020-01-01 is not in the future" ]
	run -64 --separate-stderr lead-away alice someday
	[[ "$stderr" == "lead-away: bad time 'someday'"*"(give the date or time they are back, e.g. 2026-12-07"* ]]
	run -64 --separate-stderr lead-away alice
	[[ "$stderr" == "usage: lead-away "* ]]
	run -64 lead-away --back
	run -64 lead-away -o xml
	[ "$(sql 'SELECT count(*) FROM away')" = 0 ]
	run -0 lead-away --help
	[[ "$output" == "usage: lead-away "* ]]
	run -0 lead-away --version
	[ "$output" = "lead-away (leads) 0.1.0" ]
}

@test "a broken cadence file: exit 78 before the database is touched" {
	printf 'owners: [alice\n' > bad.yaml
	run -78 --separate-stderr lead-away -c bad.yaml alice 2026-12-07
	[[ "$stderr" == *"bad.yaml:"[0-9]*":"[0-9]*": "* ]]
	[ ! -e "$LEADS_DB" ]
}
