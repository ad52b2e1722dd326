# Shared set-up for the command tests: a scratch database and home, the
# programs just built, a fixed clock and zone.
bats_require_minimum_version 1.5.0

setup() {
	export PATH="$BATS_TEST_DIRNAME/../bin:$PATH"
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
