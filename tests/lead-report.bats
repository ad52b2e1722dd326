#!/usr/bin/env bats
# lead-report: every figure against answers worked out by hand.

load helper

# The week of Monday 2026-11-16 in New York (EST, UTC-5).  Working hours
# 09:00-17:00 on weekdays; speed-to-lead target 5 minutes; "stopped
# before 3"; a lead without a value is worth 100.
playbook() {
	cat > cad.yaml <<-'EOF'
	timezone: America/New_York
	country: US
	hours: { mon-fri: "09:00-17:00" }
	speed_to_lead: { target: 5m, escalate: 15m }
	value: 100
	min_attempts: 3
	entry:
	  - { cadence: new-lead }
	cadences:
	  new-lead:
	    steps:
	      - { id: first-call, channel: call, after: 0m }
	      - { id: second-call, channel: call, after: 1d }
	      - { id: last-email, channel: email, after: 2d }
	    then: close
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
}

# at TIME PROGRAM ARGS: run a program with the clock at TIME (EST).
at() {
	local t=$1
	shift
	LEADS_NOW="${t}-05:00" "$@" >/dev/null
}

add() {	# add CREATED NAME PHONE SOURCE OWNER [lead-add options]
	local c=$1 n=$2 p=$3 s=$4 o=$5
	shift 5
	at "$c" lead-add --created "${c}-05:00" --name "$n" --phone "$p" \
	    --email "$(echo "$n" | tr A-Z a-z)@example.com" \
	    ${s:+--source "$s"} --owner "$o" "$@"
}

# The data set, and by hand what happened to whom:
#   1 One   web   alice  Mon 10:00 (in hours)  value 500
#           no_answer +2m, connected +1h (booked Wed 10:00), won Wed 10:05
#           -> 3 attempts (won is a contact), first attempt 120 s,
#              first contact 3600 s, won on attempt 3
#   2 Two   web   bob    Mon 20:00 (out)       never touched; its call due
#           Tue 09:00 is overdue
#   3 Three ads   alice  Tue 09:30 (in)        voicemail +10m (600 s), then
#           nothing: its second call, due Wed 09:40, over a day overdue
#   4 Four  ads   bob    Sat 11:00 (out)       no_answer Mon 09:05 (46h05m
#           = 165900 s), lost "cheaper quote" Mon 09:30
#   5 Five  -     carol  Wed 16:59 (in)        do_not_contact Wed 17:30
#   6 Six   web   alice  Thu 09:00 EST = 06:00 in its own Los Angeles:
#           out of hours; connected +3m (180 s), call booked Mon 23 10:00 PT
# The report runs on Friday 2026-11-20 at 12:00 EST.
dataset() {
	playbook
	add 2026-11-16T10:00:00 One +12125550101 web alice --value 500
	add 2026-11-16T20:00:00 Two +12125550102 web bob
	add 2026-11-17T09:30:00 Three +12125550103 ads alice
	add 2026-11-14T11:00:00 Four +12125550104 ads bob
	add 2026-11-18T16:59:00 Five +12125550105 "" carol
	add 2026-11-19T09:00:00 Six +12125550106 web alice \
	    --tz America/Los_Angeles
	at 2026-11-16T10:02:00 lead-log 1 no_answer
	at 2026-11-16T11:00:00 lead-log 1 connected \
	    --next 2026-11-18T10:00:00-05:00
	at 2026-11-18T10:05:00 lead-log 1 won
	at 2026-11-20T11:00:00 lead-log --at 2026-11-17T09:40:00-05:00 3 \
	    voicemail
	at 2026-11-16T09:05:00 lead-log 4 no_answer
	at 2026-11-16T09:30:00 lead-log 4 lost --reason "cheaper quote"
	at 2026-11-18T17:30:00 lead-log 5 do_not_contact
	at 2026-11-19T09:03:00 lead-log 6 connected \
	    --next "2026-11-23 10:00"
	export LEADS_NOW=2026-11-20T12:00:00-05:00
}

# json SECTION GROUP [KEY=VALUE] FIELDS...: the fields of the JSON rows
# of SECTION and GROUP that have KEY=VALUE, else the first field,
# tab-separated (null as "null").
json() {
	local sec=$1 grp=$2 sel
	shift 2
	if [[ $1 == *=* ]]; then
		sel=".${1%%=*} == \"${1#*=}\""
		shift
	else
		sel="has(\"$1\")"
	fi
	local f
	f=$(printf '.%s,' "$@")
	lead-report -o json "${REPORT_ARGS[@]}" "$sec" |
	    jq -r "select(.section == \"$sec\" and .group == \"$grp\"
	    and $sel) | [${f%,}] | map(tostring) | join(\"\t\")"
}

@test "--help and --version; the usage is the man page's SYNOPSIS" {
	run -0 lead-report --help
	usage_matches_synopsis lead-report
	run -0 lead-report --version
	[[ $output == "lead-report "* ]]
}

@test "speed: counts, within, medians and 90th percentiles, by hours" {
	dataset
	# attempted 1 3 4 6; reached 1 6; first attempts 120 180 600 165900
	# (nearest rank: median the 2nd, p90 the 4th); contacts 180 3600.
	[ "$(json speed all hours=all leads attempted reached never_attempted \
	    attempted_within_5m attempted_within_15m attempted_within_1h \
	    attempted_within_24h median_first_attempt_s p90_first_attempt_s \
	    median_first_contact_s p90_first_contact_s)" = \
	    "$(printf '6\t4\t2\t2\t2\t3\t3\t3\t180\t165900\t180\t3600')" ]
	# In hours: 1 3 5.  Out: 2, 4 (a Saturday), 6 (06:00 in its zone).
	[ "$(json speed all hours=in leads attempted reached never_attempted \
	    attempted_within_5m attempted_within_15m attempted_within_24h \
	    median_first_attempt_s p90_first_attempt_s \
	    median_first_contact_s p90_first_contact_s)" = \
	    "$(printf '3\t2\t1\t1\t1\t2\t2\t120\t600\t3600\t3600')" ]
	[ "$(json speed all hours=out leads attempted reached never_attempted \
	    attempted_within_5m attempted_within_15m attempted_within_24h \
	    median_first_attempt_s p90_first_attempt_s \
	    median_first_contact_s p90_first_contact_s)" = \
	    "$(printf '3\t2\t1\t1\t1\t1\t1\t180\t165900\t180\t180')" ]
}

@test "leak: never attempted, never reached, gave up, stopped, value" {
	dataset
	# gave up after 1: 3 (stalled) and 4 (lost); stopped before 3 while
	# open: 3; never attempted 2 and 5, worth 100 each (no value).
	[ "$(json leak all leads never_attempted never_reached \
	    gave_up_after_1 stopped_before_n n value_never_attempted)" = \
	    "$(printf '6\t2\t4\t2\t1\t3\t200')" ]
}

@test "persistence: leads by attempts, the attempt won on, conversion" {
	dataset
	[ "$(json persistence all attempts=1 leads won won_on \
	    conversion_rate)" = "$(printf '3\t0\t0\t0')" ]
	[ "$(json persistence all attempts=2 leads won won_on \
	    conversion_rate)" = "$(printf '0\t0\t0\tnull')" ]
	[ "$(json persistence all attempts=3 leads won won_on \
	    conversion_rate)" = "$(printf '1\t1\t1\t1')" ]
	[ "$(lead-report -o json persistence | jq -r .attempts | tr '\n' ' ')" = \
	    "1 2 3 4 5 6 7 8+ " ]
}

@test "outcomes: counts, rates and lost reasons" {
	dataset
	[ "$(json outcomes all leads open won lost dnc open_rate won_rate \
	    lost_rate dnc_rate)" = \
	    "$(printf '6\t3\t1\t1\t1\t0.5\t0.1667\t0.1667\t0.1667')" ]
	[ "$(json outcomes all lost_reason="cheaper quote" lost)" = 1 ]
}

@test "backlog: due now and overdue by owner and channel; breaches" {
	dataset
	# Due: 2 (bob, since Tue 09:00) and 3 (alice, since Wed 09:40); 6
	# waits for its booked call.  Breaches of 5m: 2 3 4 5.
	run -0 lead-report -o tsv backlog
	[ "${lines[0]}" = "$(printf 'section\tgroup\tchannel\tdue\toverdue')" ]
	[ "${lines[1]}" = "$(printf 'backlog\talice\tcall\t1\t1')" ]
	[ "${lines[2]}" = "$(printf 'backlog\tbob\tcall\t1\t1')" ]
	[ "$(json backlog all leads speed_to_lead_breaches target_s)" = \
	    "$(printf '6\t4\t300')" ]
}

@test "funnel: by source by default, all first, then by name" {
	dataset
	run -0 lead-report -o json funnel
	[ "$(echo "$output" | jq -r .group | tr '\n' ' ')" = \
	    "all (none) ads web " ]
	[ "$(json funnel all leads attempted reached won)" = \
	    "$(printf '6\t4\t2\t1')" ]
	[ "$(json funnel web leads attempted reached won attempted_rate \
	    reached_rate won_rate)" = \
	    "$(printf '3\t2\t2\t1\t0.6667\t0.6667\t0.3333')" ]
	[ "$(json funnel ads leads attempted reached won)" = \
	    "$(printf '2\t2\t0\t0')" ]
	[ "$(json funnel "(none)" leads attempted reached won)" = \
	    "$(printf '1\t0\t0\t0')" ]
}

@test "--by owner and --by week: every section per group" {
	dataset
	REPORT_ARGS=(--by owner)
	[ "$(json outcomes alice leads open won lost dnc)" = \
	    "$(printf '3\t2\t1\t0\t0')" ]
	[ "$(json outcomes bob leads open won lost dnc)" = \
	    "$(printf '2\t1\t0\t1\t0')" ]
	[ "$(json speed alice hours=all attempted median_first_attempt_s)" = \
	    "$(printf '3\t180')" ]
	[ "$(json leak carol never_attempted value_never_attempted)" = \
	    "$(printf '1\t100')" ]
	# Saturday 14 November is in ISO week 46, the rest in week 47.
	REPORT_ARGS=(--by week)
	[ "$(lead-report -o json --by week funnel | jq -r .group | tr '\n' ' ')" = \
	    "all 2026-W46 2026-W47 " ]
	[ "$(json funnel 2026-W47 leads attempted)" = "$(printf '5\t3')" ]
	REPORT_ARGS=(--by month)
	[ "$(json outcomes 2026-11 leads)" = 6 ]
}

@test "--since and --until: the inquiry's local day; a date ends its day" {
	dataset
	REPORT_ARGS=(--since 2026-11-16 --until 2026-11-16)
	[ "$(json outcomes all leads open won)" = "$(printf '2\t1\t1')" ]
	REPORT_ARGS=(--since 2026-11-16 --until 2026-11-17)
	[ "$(json outcomes all leads)" = 3 ]
	REPORT_ARGS=(--until "2026-11-17 09:30")
	[ "$(json outcomes all leads)" = 3 ]	# 1 2 4; 3 at 09:30 is not before
	# Phrases count back from now (Friday 20th, noon).
	REPORT_ARGS=(--since "2 days ago")
	[ "$(json outcomes all leads)" = 2 ]	# 5 (Wed 16:59) and 6
}

@test "a period with no leads, and an empty database: zeros and nulls" {
	dataset
	REPORT_ARGS=(--since 2027-01-01)
	[ "$(json speed all hours=all leads attempted median_first_attempt_s)" = \
	    "$(printf '0\t0\tnull')" ]
	[ "$(json outcomes all leads won_rate)" = "$(printf '0\tnull')" ]
	[ "$(json leak all value_never_attempted)" = 0 ]
	REPORT_ARGS=()
	rm -f "$LEADS_DB"
	lead-add -q --name X --email x@example.com
	sql "DELETE FROM events; DELETE FROM leads"
	run -0 lead-report -o json
	[ "$(echo "$output" | jq -s 'map(select(.leads != null) | .leads) | add')" = 0 ]
	run -0 lead-report
	[[ $output == *"Speed to lead"* ]]
}

@test "tsv, csv and text carry the same figures as json" {
	dataset
	run -0 lead-report -o tsv speed
	[ "${lines[0]}" = "$(printf 'section\tgroup\thours\tleads\tattempted\treached\tnever_attempted\tattempted_within_5m\tattempted_within_15m\tattempted_within_1h\tattempted_within_24h\tmedian_first_attempt_s\tp90_first_attempt_s\tmedian_first_contact_s\tp90_first_contact_s')" ]
	[ "${lines[1]}" = "$(printf 'speed\tall\tall\t6\t4\t2\t2\t2\t3\t3\t3\t180\t165900\t180\t3600')" ]
	[ "${lines[3]}" = "$(printf 'speed\tall\tout\t3\t2\t1\t1\t1\t1\t1\t1\t180\t165900\t180\t180')" ]
	run -0 lead-report -o csv outcomes
	[ "${lines[1]}" = "$(printf 'outcomes,all,6,3,1,1,1,0.5000,0.1667,0.1667,0.1667\r')" ]
	[ "${lines[3]}" = "$(printf 'section,group,lost_reason,lost\r')" ]
	[ "${lines[4]}" = "$(printf 'outcomes,all,cheaper quote,1\r')" ]
	LANG=C.UTF-8 run -0 lead-report speed
	[[ $output == *"median first attempt  3m00s    2m00s     3m00s"* ]]
	[[ $output == *"p90 first attempt     1d22h5m  10m00s    1d22h5m"* ]]
	[[ $output == *"p90 first contact     1h       1h        3m00s"* ]]
	[[ $output == *"attempted within 5m"*"33.3%  ██████████"* ]]
	LANG=C run -0 lead-report speed
	[[ $output == *"33.3%  ##########"* ]]
	[[ $output != *"█"* ]]
}

@test "merged records count once, won if either was; forgotten still count" {
	dataset
	# 1 (won, 3 attempts) into 2 (never touched): one lead, won, whose
	# first attempt and contact are 1's, measured from 2's inquiry.
	lead-merge 2 1 >/dev/null
	[ "$(json outcomes all leads open won lost dnc)" = \
	    "$(printf '5\t2\t1\t1\t1')" ]
	[ "$(json funnel web leads attempted reached won)" = \
	    "$(printf '2\t2\t2\t1')" ]
	lead-forget 3 >/dev/null
	[ "$(json outcomes all leads open dnc)" = "$(printf '5\t1\t2')" ]
	# 3 asked to be forgotten: dnc now, so no longer "gave up".
	[ "$(json leak all never_attempted gave_up_after_1)" = \
	    "$(printf '1\t1')" ]
}

@test "bad usage: exit 64 and a message; nothing is written" {
	dataset
	before=$(sql 'SELECT count(*) FROM events')
	run -64 lead-report --by colour
	[ "$output" = "lead-report: unknown group 'colour': use source, owner, cadence, month or week" ]
	run -64 lead-report lakes
	[ "$output" = "lead-report: unknown section 'lakes': use speed, leak, persistence, outcomes, backlog or funnel" ]
	run -64 lead-report -o xml
	[ "$output" = "lead-report: unknown format 'xml': use text, tsv, csv, json or html" ]
	run -64 lead-report --since "the other day"
	[ "$output" = "lead-report: --since: bad time 'the other day': try \"yesterday\", \"mon\", \"-3d\", \"2 weeks ago\" or \"2026-11-01\"" ]
	[ "$(sql 'SELECT count(*) FROM events')" = "$before" ]
	run -66 lead-report -d "$BATS_TEST_TMPDIR/none.db"
	[[ $output == "lead-report: "* ]]
}

@test "html: one self-contained page whose charts Chromium draws to scale" {
	dataset
	run -0 lead-report -o html
	page=$output
	[[ $page == "<!DOCTYPE html>"* ]]
	[[ $page != *"<script"* && $page != *"src="* && $page != *"href="* ]]
	[ "$(grep -o 'http[s]*://[^"]*' <<<"$page" | sort -u)" = \
	    "http://www.w3.org/2000/svg" ]	# a namespace, never fetched
	[[ $page == *"<td>cheaper quote</td><td class=\"n\">1</td>"* ]]
	# Rendered headless: each chart's size and its bars' widths in
	# pixels, a full bar 340: speed 4/6 2/6 2/6 2/6 3/6 3/6 3/6 of the
	# leads; leak 2/6 4/6 2/6 1/6; persistence 3 0 1 0 ... of 3; the
	# status shares; one lost reason; two owners due; 4/6 breaches;
	# the funnel 4/6 2/6 1/6.
	{ sed '$d' <<<"$page"; cat "$BATS_TEST_DIRNAME/data/html-probe.js"
	    echo '</body></html>'; } > probe.html
	run -0 timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$BATS_TEST_TMPDIR/chromium" \
	    --dump-dom "file://$PWD/probe.html"
	[ "$(sed -n '/<pre id="probe">/,/<\/pre>/p' <<<"$output" |
	    sed 's/<[^>]*>//g')" = "$(printf '%s\n' \
	    'speed 640x188 227,113,113,113,170,170,170' \
	    'leak 640x110 113,227,113,57' \
	    'persistence 640x214 340,0,113,0,0,0,0,0' \
	    'outcomes 640x110 170,57,57,57' \
	    'outcomes 640x32 340' \
	    'backlog 640x58 340,340' \
	    'backlog 640x32 227' \
	    'funnel 640x84 227,113,57')" ]
}
