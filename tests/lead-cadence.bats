#!/usr/bin/env bats
# lead-cadence: check, show and plan cadence files.

load helper

tab=$'\t'
man5="$BATS_TEST_DIRNAME/../man/leads-cadences.5"

# example TAG: the literal display after the comment '.\" TAG' in
# leads-cadences(5).
example() {
	awk -v tag='.\\" '"$1" '
		index($0, tag) == 1 { on = 1; next }
		on && /^\.Bd/ { next }
		on && /^\.Ed/ { exit }
		on { print }
	' "$man5"
}

# A file with one mistake on a known line and column.
broken() {
	cat > "$1"
}

@test "--help and --version" {
	run -0 --separate-stderr lead-cadence --help
	[ "${lines[0]}" = "usage: lead-cadence check [-v] [-c file] [file]" ]
	[[ "$output" == *"lead-cadence plan [-c file] [-o format] [--raw-csv] [--from time]"* ]]
	[ -z "$stderr" ]
	run -0 lead-cadence -h
	[ "${lines[0]}" = "usage: lead-cadence check [-v] [-c file] [file]" ]
	run -0 lead-cadence --version
	[ "$output" = "lead-cadence (leads) 0.1.0" ]
	run -0 lead-cadence -V
	[ "$output" = "lead-cadence (leads) 0.1.0" ]
}

@test "the usage in --help is the man page's SYNOPSIS" {
	run -0 lead-cadence --help
	usage_matches_synopsis lead-cadence
}

@test "usage errors exit 64 with the usage line" {
	run -64 --separate-stderr lead-cadence
	[[ "$stderr" == "usage: lead-cadence check"* ]]
	run -64 --separate-stderr lead-cadence frobnicate
	[[ "$stderr" == *"lead-cadence: unknown command 'frobnicate': use check, show or plan"* ]]
	[[ "$stderr" == *"usage: lead-cadence check"* ]]
	run -64 --separate-stderr lead-cadence show --bogus
	[[ "$stderr" == *"usage: lead-cadence"* ]]
	# options that belong to another command
	run -64 lead-cadence show --from 2026-11-20
	run -64 lead-cadence check -o json
	run -64 lead-cadence plan -v new-lead
	run -64 lead-cadence show --settings new-lead
	# wrong number of arguments
	run -64 lead-cadence plan
	run -64 lead-cadence plan new-lead nurture
	run -64 lead-cadence show new-lead nurture
	run -64 lead-cadence check a.yaml b.yaml
	run -64 lead-cadence check -c a.yaml b.yaml
	run -64 --separate-stderr lead-cadence show -o xml
	[ "$stderr" = "lead-cadence: unknown format 'xml': use text, tsv, csv or json" ]
	[ -z "$output" ]
}

@test "plan: bad time, zone and limit, unknown cadence: exit 64" {
	run -64 --separate-stderr lead-cadence plan --tz Mars/Olympus new-lead
	[ "$stderr" = "lead-cadence: unknown time zone 'Mars/Olympus': use an IANA name such as America/New_York" ]
	run -64 --separate-stderr lead-cadence plan --from 'next tuesday' new-lead
	[[ "$stderr" == "lead-cadence: --from: bad time 'next tuesday': "* ]]
	for l in 0 -1 x 100001 ''; do
		run -64 --separate-stderr lead-cadence plan --limit "$l" new-lead
		[ "$stderr" = "lead-cadence: bad limit '$l': use a whole number from 1 to 100000" ]
	done
	run -64 --separate-stderr lead-cadence plan newlead
	[ "$stderr" = "lead-cadence: unknown cadence 'newlead': use new-lead, nurture or after-quote" ]
	[ -z "$output" ]
	run -64 --separate-stderr lead-cadence show Nurture
	[ "$stderr" = "lead-cadence: unknown cadence 'Nurture': use new-lead, nurture or after-quote" ]
}

@test "check: the built-in file is valid, silently; -v says so" {
	run -0 --separate-stderr lead-cadence check
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 lead-cadence check -v
	[ "$output" = "(built-in): ok, 3 cadences, 15 steps" ]
}

@test "check: the file the other programs use (-c, LEADS_CADENCES, XDG, HOME)" {
	cat > one.yaml <<-'EOF'
	cadences:
	  only: { steps: [ { channel: call, after: 0m } ] }
	EOF
	run -0 lead-cadence check -v -c one.yaml
	[ "$output" = "one.yaml: ok, 1 cadence, 1 step" ]
	LEADS_CADENCES=one.yaml run -0 lead-cadence check -v
	[ "$output" = "one.yaml: ok, 1 cadence, 1 step" ]
	mkdir -p "$HOME/.config/leads"
	cp one.yaml "$HOME/.config/leads/cadences.yaml"
	run -0 lead-cadence check -v
	[ "$output" = "$HOME/.config/leads/cadences.yaml: ok, 1 cadence, 1 step" ]
	mkdir -p xdg/leads
	example "example: full" > xdg/leads/cadences.yaml
	XDG_CONFIG_HOME="$PWD/xdg" run -0 lead-cadence check -v
	[ "$output" = "$PWD/xdg/leads/cadences.yaml: ok, 4 cadences, 9 steps" ]
	# show and plan use the same file
	run -0 lead-cadence show -o tsv
	[ "$output" = "$(printf 'name\tsteps\tthen\nonly\t1\tclose')" ]
}

@test "check: a file that cannot be opened exits 66" {
	run -66 --separate-stderr lead-cadence check nosuch.yaml
	[ "$stderr" = "lead-cadence: cannot open 'nosuch.yaml': No such file or directory" ]
}

@test "check: errors as FILE:LINE:COLUMN on stderr, exit 78" {
	broken unknown.yaml <<-'EOF'
	cadences:
	  a:
	    steps:
	      - { channel: call, after: 0m, colour: red }
	EOF
	run -78 --separate-stderr lead-cadence check unknown.yaml
	[ "$stderr" = "unknown.yaml:4:37: unknown key 'colour'" ]
	[ -z "$output" ]

	broken duration.yaml <<-'EOF'
	cadences:
	  a:
	    steps:
	      - { channel: call, after: 0m }
	      - { channel: email, after: 10 minutes }
	EOF
	run -78 --separate-stderr lead-cadence check duration.yaml
	[ "$stderr" = "duration.yaml:5:34: 'after' must be a duration such as 10m, 2h, 3d, 1bd or 1w, not '10 minutes'" ]

	broken channel.yaml <<-'EOF'
	cadences:
	  a:
	    steps:
	      - channel: fax
	        after: 1h
	EOF
	run -78 --separate-stderr lead-cadence check channel.yaml
	[ "$stderr" = "channel.yaml:4:18: unknown channel 'fax': use call, email, sms, mail or task" ]

	broken ref.yaml <<-'EOF'
	cadences:
	  a:
	    steps: [ { channel: call, after: 0m } ]
	    then: nurture
	EOF
	run -78 --separate-stderr lead-cadence check ref.yaml
	[ "$stderr" = "ref.yaml:4:11: cadence 'nurture' is not defined" ]

	broken loop.yaml <<-'EOF'
	cadences:
	  a:
	    steps: [ { channel: call, after: 0m } ]
	    then: b
	  b:
	    steps: [ { channel: email, after: 0m } ]
	    then: a
	EOF
	run -78 --separate-stderr lead-cadence check loop.yaml
	[ "$stderr" = "loop.yaml:7:11: then: loop a -> b -> a never waits" ]

	broken alias.yaml <<-'EOF'
	cadences:
	  a:
	    steps:
	      - &first { channel: call, after: 0m }
	      - *first
	EOF
	run -78 --separate-stderr lead-cadence check alias.yaml
	[ "$stderr" = "alias.yaml:4:9: anchors and aliases are not supported" ]

	broken entry.yaml <<-'EOF'
	entry:
	  - { match: { source: "web*" }, cadence: hot }
	cadences:
	  a: { steps: [ { channel: call, after: 0m } ] }
	EOF
	run -78 --separate-stderr lead-cadence check -v entry.yaml
	[ "$stderr" = "entry.yaml:2:43: cadence 'hot' is not defined" ]
	[ -z "$output" ]

	broken hours.yaml <<-'EOF'
	hours: { mon-fri: "09:00-17:00", fri: closed }
	cadences:
	  a: { steps: [ { channel: call, after: 0m } ] }
	EOF
	run -78 --separate-stderr lead-cadence check hours.yaml
	[ "$stderr" = "hours.yaml:1:34: day 'fri' given twice" ]
}

@test "show and plan on a broken file: the error with the program's name, 78" {
	printf 'cadences:\n  a: { steps: [ { channel: call, after: soon } ] }\n' > bad.yaml
	run -78 --separate-stderr lead-cadence -c bad.yaml show
	[ "$stderr" = "lead-cadence: bad.yaml:2:41: 'after' must be a duration such as 10m, 2h, 3d, 1bd or 1w, not 'soon'" ]
	[ -z "$output" ]
	LEADS_CADENCES=bad.yaml run -78 lead-cadence plan a
	run -78 --separate-stderr lead-cadence -c nosuch.yaml show
	[ "$stderr" = "lead-cadence: cannot open 'nosuch.yaml': No such file or directory" ]
}

@test "show: the settings, then the cadences (text)" {
	run -0 --separate-stderr lead-cadence show
	[ -z "$stderr" ]
	[ "$output" = "$(cat <<-'EOF'
	file:           (built-in)
	timezone:       local time
	country:        none
	hours:          mon-fri 09:00-17:00
	holidays:       none
	speed_to_lead:  target 5m, escalate 15m
	min_attempts:   5
	value:          0
	owners:         none
	assign:         round-robin
	backup:         none
	entry:          any -> new-lead

	name         steps  then
	new-lead     9      nurture
	nurture      2      nurture
	after-quote  4      nurture
	EOF
	)" ]
}

@test "show: cadences as tsv, csv and json" {
	run -0 lead-cadence show -o tsv
	[ "$output" = "$(printf 'name\tsteps\tthen\nnew-lead\t9\tnurture\nnurture\t2\tnurture\nafter-quote\t4\tnurture')" ]
	lead-cadence show -o csv > out.csv
	[ "$(cat out.csv)" = "$(printf 'name,steps,then\r\nnew-lead,9,nurture\r\nnurture,2,nurture\r\nafter-quote,4,nurture\r')" ]
	run -0 lead-cadence show --format json
	[ "${lines[0]}" = '{"name":"new-lead","steps":9,"then":"nurture"}' ]
	[ "${lines[2]}" = '{"name":"after-quote","steps":4,"then":"nurture"}' ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "show NAME: the steps of a cadence, in each format" {
	run -0 lead-cadence show after-quote
	[ "$output" = "$(cat <<-'EOF'
	step  id             channel  after  note                                                  template
	1     quote-arrived  call     1bd    did the quote arrive? any questions?
	2     quote-email    email    2bd    follow up the quote                                   quote-follow-up
	3     quote-call     call     3bd    ask what stands in the way: price, timing, decision?
	4     quote-last     call     1w     last call on the quote
	then: nurture
	EOF
	)" ]
	run -0 lead-cadence show -o tsv nurture
	[ "$output" = "$(printf 'step\tid\tchannel\tafter\tnote\ttemplate\n1\tmonthly-email\temail\t30d\tkeep in touch: news or an offer\tnurture\n2\tquarterly-call\tcall\t60d\tinterest comes back: call\t')" ]
	run -0 lead-cadence show -o csv nurture
	[ "${lines[1]}" = $'1,monthly-email,email,30d,keep in touch: news or an offer,nurture\r' ]
	run -0 lead-cadence show -o json nurture
	[ "${lines[0]}" = '{"step":1,"id":"monthly-email","channel":"email","after":"30d","note":"keep in touch: news or an offer","template":"nurture"}' ]
	[ "${lines[1]}" = '{"step":2,"id":"quarterly-call","channel":"call","after":"60d","note":"interest comes back: call","template":null}' ]
}

@test "show: derived step ids stay put when other steps move" {
	cat > a.yaml <<-'EOF'
	cadences:
	  c:
	    steps:
	      - { channel: call, after: 0m }
	      - { channel: email, after: 10m, template: missed-you }
	      - { channel: call, after: 1bd }
	EOF
	cat > b.yaml <<-'EOF'
	cadences:
	  c:
	    steps:
	      - { channel: sms, after: 0m, note: new first step }
	      - { channel: call, after: 1bd }
	      - { channel: email, after: 10m, template: missed-you }
	EOF
	run -0 lead-cadence -c a.yaml show -o tsv c
	a=$(printf '%s\n' "${lines[@]:1}" | cut -f2,3 | sort)
	run -0 lead-cadence -c b.yaml show -o tsv c
	b=$(printf '%s\n' "${lines[@]:1}" | cut -f2,3 | sort)
	[[ "$a" == *"email-154790a4${tab}email"* ]]
	[[ "$b" == *"email-154790a4${tab}email"* ]]
	[ "$(printf '%s\n' "$a" | grep -c '^call-')" -eq 2 ]
	[ "$(comm -12 <(printf '%s\n' "$a") <(printf '%s\n' "$b") | wc -l)" -eq 2 ]
}

@test "show --settings: every setting of a full file, in tsv and json" {
	example "example: full" > full.yaml
	run -0 lead-cadence -c full.yaml show --settings -o tsv
	[ "$output" = "$(cat <<-EOF
	setting${tab}value
	file${tab}full.yaml
	timezone${tab}America/New_York
	country${tab}US
	hours${tab}mon-thu 08:30-12:00, 13:00-18:00; fri 08:30-16:00
	holidays${tab}2026-11-26, 2026-12-25, 2027-01-01
	speed_to_lead${tab}target 5m, escalate 15m
	min_attempts${tab}6
	value${tab}2500
	owners${tab}alice, bob <bob@example.com>, carol <carol@example.com> (away until 2026-12-07T14:00:00Z)
	assign${tab}source=google-* -> alice; source=referral,country=US -> bob; any -> round-robin
	backup${tab}carol
	entry${tab}source=google-* -> hot; source=*partner* -> partner; any -> new-lead
	EOF
	)" ]
	run -0 lead-cadence show --settings -o json
	[ "${lines[1]}" = '{"setting":"timezone","value":null}' ]
	[ "${lines[3]}" = '{"setting":"hours","value":"mon-fri 09:00-17:00"}' ]
	run -0 lead-cadence -c full.yaml show
	[[ "$output" == *"owners:         alice, bob <bob@example.com>, carol <carol@example.com> (away until Mon 2026-12-07 09:00 EST)"* ]]
}

@test "plan: a Friday 17:55 lead in New York waits for Monday 09:00" {
	run -0 --separate-stderr lead-cadence plan --from '2026-11-20 17:55' \
	    --tz America/New_York --limit 6 new-lead
	[ -z "$stderr" ]
	[ "$output" = "$(cat <<-'EOF'
	new-lead, for a lead arriving Fri 2026-11-20 17:55 EST (America/New_York):
	due                       from arrival  cadence   step  channel  note
	Mon 2026-11-23 09:00 EST  +2d15h5m      new-lead  1/9   call     call now: first touch inside 5 minutes  (moved: outside working hours)
	Mon 2026-11-23 09:10 EST  +2d15h15m     new-lead  2/9   email    sorry we missed you: when suits?
	Mon 2026-11-23 11:10 EST  +2d17h15m     new-lead  3/9   call     call again, another time of day
	Tue 2026-11-24 11:10 EST  +3d17h15m     new-lead  4/9   call     call; leave a voicemail with your number
	Wed 2026-11-25 11:10 EST  +4d17h15m     new-lead  5/9   email    send something useful: a guide, a case, prices
	Fri 2026-11-27 11:10 EST  +6d17h15m     new-lead  6/9   call     call
	then: more of new-lead (stopped after 6 steps)
	EOF
	)" ]
}

@test "plan: the whole plan stays inside working hours, then repeats nurture" {
	run -0 lead-cadence plan --from 2026-11-20T22:55:00Z --tz America/New_York new-lead
	[ "${#lines[@]}" -eq 14 ]
	[ "${lines[11]}" = "Mon 2027-01-11 09:00 EST  +51d15h5m     nurture   1/2   email    keep in touch: news or an offer  (moved: closed day)" ]
	[ "${lines[12]}" = "Fri 2027-03-12 09:00 EST  +111d15h5m    nurture   2/2   call     interest comes back: call" ]
	[ "${lines[13]}" = "then: nurture again" ]
	# every due time is a weekday between 09:00 and 17:00 in New York
	run -0 lead-cadence plan -o tsv --from 2026-11-20T22:55:00Z --tz America/New_York new-lead
	[ "${#lines[@]}" -eq 12 ]
	for line in "${lines[@]:1}"; do
		due=${line%%"$tab"*}
		local_due=$(TZ=America/New_York date -d "$due" '+%u %H%M')
		[ "${local_due%% *}" -le 5 ]
		[ "${local_due#* }" -ge 0900 ]
		[ "${local_due#* }" -lt 1700 ]
	done
}

@test "plan: tsv, csv and json columns" {
	run -0 lead-cadence plan -o tsv --from '2026-11-20 17:55' --tz America/New_York --limit 2 new-lead
	[ "$output" = "$(cat <<-EOF
	due${tab}raw${tab}base${tab}channel${tab}cadence${tab}step${tab}steps${tab}id${tab}note${tab}shifted${tab}template
	2026-11-23T14:00:00Z${tab}2026-11-20T22:55:00Z${tab}2026-11-20T22:55:00Z${tab}call${tab}new-lead${tab}1${tab}9${tab}first-call${tab}call now: first touch inside 5 minutes${tab}hours${tab}
	2026-11-23T14:10:00Z${tab}2026-11-23T14:10:00Z${tab}2026-11-23T14:00:00Z${tab}email${tab}new-lead${tab}2${tab}9${tab}missed-you${tab}sorry we missed you: when suits?${tab}${tab}missed-you
	EOF
	)" ]
	lead-cadence plan -o csv --from '2026-11-20 17:55' --tz America/New_York --limit 1 new-lead > out.csv
	[ "$(cat out.csv)" = "$(printf 'due,raw,base,channel,cadence,step,steps,id,note,shifted,template\r\n2026-11-23T14:00:00Z,2026-11-20T22:55:00Z,2026-11-20T22:55:00Z,call,new-lead,1,9,first-call,call now: first touch inside 5 minutes,hours,\r')" ]
	run -0 lead-cadence plan -o json --from '2026-11-20 17:55' --tz America/New_York new-lead
	[ "${#lines[@]}" -eq 11 ]
	[ "${lines[0]}" = '{"due":"2026-11-23T14:00:00Z","raw":"2026-11-20T22:55:00Z","base":"2026-11-20T22:55:00Z","channel":"call","cadence":"new-lead","step":1,"steps":9,"id":"first-call","note":"call now: first touch inside 5 minutes","shifted":"hours","template":null}' ]
	[ "${lines[9]}" = '{"due":"2027-01-11T14:00:00Z","raw":"2027-01-10T16:10:00Z","base":"2026-12-11T16:10:00Z","channel":"email","cadence":"nurture","step":1,"steps":2,"id":"monthly-email","note":"keep in touch: news or an offer","shifted":"closed","template":"nurture"}' ]
}

@test "plan: across daylight-saving changes (autumn and spring)" {
	cat > dst.yaml <<-'EOF'
	timezone: America/New_York
	cadences:
	  daily:
	    steps:
	      - { id: now, channel: call, after: 0m }
	      - { id: tomorrow, channel: call, after: 1d }
	      - { id: later, channel: email, after: 24h }
	EOF
	# New York leaves summer time on Sunday 1 November 2026: a day is 25h.
	run -0 lead-cadence -c dst.yaml plan --from '2026-10-31 10:00' daily
	[ "$output" = "$(cat <<-'EOF'
	daily, for a lead arriving Sat 2026-10-31 10:00 EDT (America/New_York):
	due                       from arrival  cadence  step  channel  note
	Sat 2026-10-31 10:00 EDT  +0m           daily    1/3   call
	Sun 2026-11-01 10:00 EST  +1d1h         daily    2/3   call
	Mon 2026-11-02 10:00 EST  +2d1h         daily    3/3   email
	then: close
	EOF
	)" ]
	# ... and enters it on Sunday 14 March 2027: 60d after 13 January
	# 12:10 EST is a Sunday 12:10 EDT, moved to Monday 09:00 EDT.
	run -0 lead-cadence plan --from '2026-11-24 10:00' --tz America/New_York new-lead
	[ "${lines[1]}" = "due                       from arrival  cadence   step  channel  note" ]
	[ "${lines[2]}" = "Tue 2026-11-24 10:00 EST  +0m           new-lead  1/9   call     call now: first touch inside 5 minutes" ]
	[ "${lines[3]}" = "Tue 2026-11-24 10:10 EST  +10m          new-lead  2/9   email    sorry we missed you: when suits?" ]
	[ "${lines[4]}" = "Tue 2026-11-24 12:10 EST  +2h10m        new-lead  3/9   call     call again, another time of day" ]
	[ "${lines[12]}" = "Mon 2027-03-15 09:00 EDT  +110d22h      nurture   2/2   call     interest comes back: call  (moved: closed day)" ]
}

@test "plan: holidays, the file's zone, and arrival times with an offset" {
	example "example: full" > full.yaml
	# Thanksgiving 2026 is a holiday in the example file.
	run -0 lead-cadence -c full.yaml plan --from '2026-11-26 10:00' --limit 2 new-lead
	[ "${lines[0]}" = "new-lead, for a lead arriving Thu 2026-11-26 10:00 EST (America/New_York):" ]
	[ "${lines[2]}" = "Fri 2026-11-27 08:30 EST  +22h30m       new-lead  1/4   call     (moved: holiday)" ]
	[ "${lines[3]}" = "Fri 2026-11-27 08:40 EST  +22h40m       new-lead  2/4   email" ]
	# The same instant given in UTC, and in another zone.
	run -0 lead-cadence -c full.yaml plan -o tsv --from 2026-11-26T15:00:00Z --limit 1 new-lead
	[ "${lines[1]%%"$tab"*}" = "2026-11-27T13:30:00Z" ]
	run -0 lead-cadence -c full.yaml plan --tz Europe/London --from '2026-11-26 15:00' --limit 1 new-lead
	[ "${lines[0]}" = "new-lead, for a lead arriving Thu 2026-11-26 15:00 GMT (Europe/London):" ]
	[ "${lines[2]}" = "Fri 2026-11-27 08:30 GMT  +17h30m       new-lead  1/4   call     (moved: holiday)" ]
	# 1bd from Wednesday 17:45 skips Thanksgiving: Friday 17:45, after
	# Friday's hours, so Monday 08:30.
	run -0 lead-cadence -c full.yaml plan -o tsv --from '2026-11-25 17:35' --limit 3 new-lead
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -f1,2,10)" = "$(printf '2026-11-25T22:35:00Z\t2026-11-25T22:35:00Z\t\n2026-11-25T22:45:00Z\t2026-11-25T22:45:00Z\t\n2026-11-30T13:30:00Z\t2026-11-27T22:45:00Z\thours')" ]
}

@test "plan: then: chains, --limit, and now from LEADS_NOW" {
	example "example: full" > full.yaml
	run -0 lead-cadence -c full.yaml plan -o tsv --from '2026-11-25 10:00' hot
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -f5,6,7 | tr '\n' ' ')" = \
	    "hot${tab}1${tab}2 hot${tab}2${tab}2 new-lead${tab}1${tab}4 new-lead${tab}2${tab}4 new-lead${tab}3${tab}4 new-lead${tab}4${tab}4 nurture${tab}1${tab}1 " ]
	run -0 lead-cadence -c full.yaml plan --from '2026-11-25 10:00' partner
	[ "${lines[-1]}" = "then: close" ]
	run -0 lead-cadence -c full.yaml plan --from '2026-11-25 10:00' --limit 3 hot
	[ "${lines[-1]}" = "then: more of new-lead (stopped after 3 steps)" ]
	[ "${#lines[@]}" -eq 6 ]
	# Without --from the lead arrives now: Monday 2026-11-23 10:00Z.
	run -0 lead-cadence plan --limit 1 -o tsv new-lead
	[ "${lines[1]%%"$tab"*}" = "2026-11-23T10:00:00Z" ]
	LEADS_NOW=2026-11-22T10:00:00Z run -0 lead-cadence plan --limit 1 new-lead
	[ "${lines[0]}" = "new-lead, for a lead arriving Sun 2026-11-22 10:00 UTC (local time):" ]
	[ "${lines[2]}" = "Mon 2026-11-23 09:00 UTC  +23h          new-lead  1/9   call     call now: first touch inside 5 minutes  (moved: closed day)" ]
}

@test "leads-cadences(5): its examples are the built-in file and valid files" {
	example built-in: > builtin.yaml
	diff -u "$BATS_TEST_DIRNAME/../examples/cadences.yaml" builtin.yaml
	example "example: full" > full.yaml
	run -0 lead-cadence check -v full.yaml
	[ "$output" = "full.yaml: ok, 4 cadences, 9 steps" ]
	# the hours shown under "Working hours"
	awk '/^\.Ss Working hours/ { on = 1 } on && /^\.Bd/ { p = 1; next }
	    p && /^\.Ed/ { exit } p' "$man5" > hours.yaml
	[ "$(head -1 hours.yaml)" = "hours:" ]
	printf 'cadences:\n  a: { steps: [ { channel: call, after: 0m } ] }\n' >> hours.yaml
	run -0 lead-cadence -c hours.yaml show --settings -o tsv
	[[ "$output" == *"hours${tab}mon-thu 08:30-12:00, 13:00-18:00; fri 08:30-16:00"* ]]
}
