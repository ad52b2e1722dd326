# Shared set-up for the command tests: a scratch database and home, the
# programs just built, a fixed clock and zone.
bats_require_minimum_version 1.5.0

setup() {
	# LEADS_TEST_BINDIR: other copies of the programs (scripts/valgrind).
	export PATH="${LEADS_TEST_BINDIR:-$BATS_TEST_DIRNAME/../bin}:$PATH"
	export HOME="$BATS_TEST_TMPDIR/home"
	export LEADS_DB="$BATS_TEST_TMPDIR/leads.db"
	export LEADS_NOW="2026-11-23T10:00:00Z"	# a Monday
	export TZ=UTC
	unset LEADS_COUNTRY LEADS_CADENCES LEADS_USER XDG_DATA_HOME \
	    XDG_CONFIG_HOME
	export USER=tester
	mkdir -p "$HOME"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# sql QUERY: run a query on the test database, '|'-separated output.
sql() {
	sqlite3 "$LEADS_DB" "$1"
}

# count WHERE: number of leads matching a condition.
count() {
	sqlite3 "$LEADS_DB" "SELECT count(*) FROM leads WHERE ${1:-1}"
}

# A crash (signal) is never an expected failure.
assert_not_crashed() {
	[ "$status" -lt 128 ] || {
		echo "crashed with status $status" >&2
		return 1
	}
}

# usage_matches_synopsis PROG: the usage that PROG --help put in $output
# is its man page's SYNOPSIS, spacing aside.
usage_matches_synopsis() {
	local synopsis usage
	synopsis=$(mandoc -Tascii -O width=200 "$BATS_TEST_DIRNAME/../man/$1.1" |
	    col -b | awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' |
	    tr -s ' \n' '  ' | sed 's/^ //; s/ $//')
	usage=$(printf '%s\n' "$output" | sed 's/^usage: //' | tr -s ' \n' '  ' |
	    sed 's/^ //; s/ $//')
	[ "$usage" = "$synopsis" ]
}

# due [ARGS]: the ids lead-due lists, in its order, on one line.
due() {
	lead-due -o tsv "$@" | sed 1d | cut -f1 | tr '\n' ' ' | sed 's/ $//'
}

# us_cadences: a cadence file of American numbers and UTC steps: a call,
# an email ten minutes on, a call two hours later, then close.
us_cadences() {
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	country: US
	cadences:
	  new-lead:
	    steps:
	      - { id: first-call, channel: call, after: 0m }
	      - { id: missed-you, channel: email, after: 10m }
	      - { id: second-call, channel: call, after: 2h }
	    then: close
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
}
