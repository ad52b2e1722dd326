#!/usr/bin/env bats
# The examples of working with cron and systemd: examples/crontab read
# and run line by line as cron runs it, the systemd units verified and
# their commands run as the units say, examples/due-to-chat against a
# webhook on 127.0.0.1.

load helper

EX="$BATS_TEST_DIRNAME/../examples"

teardown() {
	if [ -n "${HOOK_PID:-}" ]; then
		kill "$HOOK_PID" 2>/dev/null
		wait "$HOOK_PID" 2>/dev/null
	fi
	return 0
}

# Two reps: alice's first call is due now; bob's lead had no answer and
# its next call is at 12:00, so nothing of bob's is due.
two_reps() {
	us_cadences
	lead-add --name 'Ana Ruiz' --phone '(555) 123-0001' \
	    --email ana@example.com --owner alice >/dev/null
	lead-add --name 'Ben Ode' --phone '(555) 123-0002' --owner bob \
	    >/dev/null
	lead-log -q 2 no_answer
	[ "$(due)" = 1 ]
}

# hook_start STATUS: a webhook on 127.0.0.1 at a free port, answering
# every request with STATUS; its URL in $HOOK.  Each request's first line
# and Content-Type go to hook/requests, its body (one line) to
# hook/bodies.
hook_start() {
	mkdir -p hook
	cat > hook.pl <<-'EOF'
	use strict;
	use warnings;
	use IO::Socket::INET;

	my ($status, $dir) = @ARGV;
	my $srv = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
	    LocalPort => 0, Listen => 16, ReuseAddr => 1, Proto => 'tcp')
	    or die "listen: $!";
	open(my $pf, '>', "$dir/port.tmp") or die "$dir/port.tmp: $!";
	print $pf $srv->sockport, "\n";
	close($pf);
	rename("$dir/port.tmp", "$dir/port") or die "rename: $!";
	while (my $c = $srv->accept) {
		my $line = <$c>;
		next unless defined $line;
		$line =~ s/\r?\n$//;
		my %h;
		while (my $l = <$c>) {
			$l =~ s/\r?\n$//;
			last if $l eq '';
			my ($k, $v) = split(/:\s*/, $l, 2);
			$h{lc $k} = $v;
		}
		print $c "HTTP/1.1 100 Continue\r\n\r\n"
		    if lc($h{expect} // '') eq '100-continue';
		my $body = '';
		my $len = $h{'content-length'} // 0;
		while (length($body) < $len) {
			my $n = read($c, $body, $len - length($body),
			    length($body));
			last unless $n;
		}
		$body =~ s/\n\z//;
		open(my $r, '>>', "$dir/requests") or die;
		print $r "$line ", ($h{'content-type'} // '-'), "\n";
		close($r);
		open(my $b, '>>', "$dir/bodies") or die;
		print $b "$body\n";
		close($b);
		print $c "HTTP/1.1 $status Test\r\nContent-Type: text/plain\r\n",
		    "Content-Length: 2\r\nConnection: close\r\n\r\nok";
		close($c);
	}
	EOF
	perl hook.pl "$1" "$PWD/hook" 3>&- &
	HOOK_PID=$!
	local i
	for i in $(seq 100); do
		[ -s hook/port ] && break
		sleep 0.1
	done
	[ -s hook/port ]
	HOOK="http://127.0.0.1:$(cat hook/port)/hooks/T0K3N"
}

# hook_stop: the webhook ends; its port stays closed (nothing listens).
hook_stop() {
	kill "$HOOK_PID"
	wait "$HOOK_PID" 2>/dev/null || true
	HOOK_PID=
}

posts() {
	if [ -f hook/bodies ]; then
		wc -l < hook/bodies | tr -d ' '
	else
		echo 0
	fi
}

# ---- examples/due-to-chat --------------------------------------------

@test "due-to-chat: one message per due step, escaped, and nothing printed" {
	two_reps
	lead-add --name 'Zoë "Z" <O'\''Neil> & Co \ x' \
	    --phone '(555) 123-0003' --owner carol >/dev/null
	hook_start 200
	LEADS_WEBHOOK_URL=$HOOK run "$EX/due-to-chat"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 2 ]
	# Each a POST of JSON to the URL, an object with text alone.
	[ "$(sort -u hook/requests)" = \
	    "POST /hooks/T0K3N HTTP/1.1 application/json" ]
	run jq -e -s 'length == 2 and all(keys == ["text"])' hook/bodies
	[ "$status" -eq 0 ]
	[ "$(sed -n 1p hook/bodies | jq -r .text)" = "call Ana Ruiz +15551230001 ana@example.com - lead 1, alice, new-lead 1/3, due 2026-11-23T10:00:00Z" ]
	# JSON escapes the quote and backslash; &, < and > as Slack asks.
	[ "$(sed -n 2p hook/bodies | jq -r .text)" = 'call Zoë "Z" &lt;O'\''Neil&gt; &amp; Co \ x +15551230003 - lead 3, carol, new-lead 1/3, due 2026-11-23T10:00:00Z' ]
	grep -F '"text":"call Zoë \"Z\" &lt;O'\''Neil&gt; &amp; Co \\ x ' \
	    hook/bodies
}

@test "due-to-chat: each step once; options go to lead-due" {
	two_reps
	hook_start 200
	export LEADS_WEBHOOK_URL=$HOOK
	run "$EX/due-to-chat"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 1 ]
	# Again: nothing new, nothing posted, nothing printed.
	run "$EX/due-to-chat"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 1 ]
	# At noon bob's call is due; alice's is the same step, posted once.
	LEADS_NOW=2026-11-23T12:00:00Z run "$EX/due-to-chat" --channel call
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 2 ]
	[ "$(sed -n 2p hook/bodies | jq -r .text)" = "call Ben Ode +15551230002 - lead 2, bob, new-lead 3/3, due 2026-11-23T12:00:00Z" ]
	# Another consumer name gets them all; --owner narrows them.
	LEADS_CHAT_NAME=bobs LEADS_NOW=2026-11-23T12:00:00Z \
	    run "$EX/due-to-chat" --owner bob
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 3 ]
	sed -n 3p hook/bodies | grep -q 'Ben Ode'
}

@test "due-to-chat: nothing due, nothing posted, nothing printed" {
	us_cadences
	lead-add --name 'Ben Ode' --phone '(555) 123-0002' >/dev/null
	lead-log -q 1 no_answer
	hook_start 200
	LEADS_WEBHOOK_URL=$HOOK run "$EX/due-to-chat"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ ! -e hook/bodies ]
}

@test "due-to-chat: a post refused (500) exits 69 and names the step" {
	two_reps
	hook_start 500
	LEADS_WEBHOOK_URL=$HOOK run --separate-stderr "$EX/due-to-chat"
	[ "$status" -eq 69 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 1 ]
	[[ $stderr == *"due-to-chat: cannot post to the webhook: (22) The requested URL returned error: 500"* ]]
	[[ $stderr == *"due-to-chat: not posted: call Ana Ruiz +15551230001"* ]]
	# The URL, with its secret, is not in the message.
	[[ $stderr != *T0K3N* ]]
}

@test "due-to-chat: a webhook that is down exits 69, each step named" {
	two_reps
	lead-add --name 'Cy Dee' --phone '(555) 123-0004' --owner carol \
	    >/dev/null
	hook_start 200
	hook_stop
	LEADS_WEBHOOK_URL=$HOOK run --separate-stderr "$EX/due-to-chat"
	[ "$status" -eq 69 ]
	[ -z "$output" ]
	[ "$(grep -c '^due-to-chat: not posted: ' <<<"$stderr")" -eq 2 ]
	[[ $stderr == *"not posted: call Cy Dee "* ]]
	[[ $stderr == *"Failed to connect"* || $stderr == *"onnection refused"* ]]
}

@test "due-to-chat: the URL goes to curl on its input, not its arguments" {
	two_reps
	hook_start 200
	mkdir -p wrap
	# A curl that records its arguments, then runs the real one.
	cat > wrap/curl <<-EOF
	#!/bin/sh
	printf '%s\n' "\$@" >> "$PWD/curl-args"
	exec $(command -v curl) "\$@"
	EOF
	chmod +x wrap/curl
	PATH="$PWD/wrap:$PATH" LEADS_WEBHOOK_URL=$HOOK run "$EX/due-to-chat"
	[ "$status" -eq 0 ]
	[ "$(posts)" -eq 1 ]
	[ -s curl-args ]
	run ! grep -q 'T0K3N\|127\.0\.0\.1' curl-args
}

@test "due-to-chat: no URL is a configuration error; nothing is lost" {
	two_reps
	unset LEADS_WEBHOOK_URL
	run --separate-stderr "$EX/due-to-chat"
	[ "$status" -eq 78 ]
	[ -z "$output" ]
	[ "$stderr" = "due-to-chat: LEADS_WEBHOOK_URL is not set: give the webhook's URL" ]
	LEADS_WEBHOOK_URL='http://127.0.0.1/"x' run "$EX/due-to-chat"
	[ "$status" -eq 78 ]
	# The step was not taken: it is posted once there is a URL.
	hook_start 200
	LEADS_WEBHOOK_URL=$HOOK run "$EX/due-to-chat"
	[ "$status" -eq 0 ]
	[ "$(posts)" -eq 1 ]
}

@test "due-to-chat: lead-due's failure is its status and message" {
	hook_start 200
	export LEADS_WEBHOOK_URL=$HOOK
	LEADS_DB=$PWD/none.db run --separate-stderr "$EX/due-to-chat"
	[ "$status" -eq 66 ]
	[ -z "$output" ]
	[[ $stderr == "lead-due: cannot open '$PWD/none.db'"* ]]
	run --separate-stderr "$EX/due-to-chat" --channel fax
	[ "$status" -eq 64 ]
	[[ $stderr == "lead-due: unknown channel 'fax'"* ]]
	[ ! -e hook/bodies ]
}

# ---- examples/crontab -------------------------------------------------

# cron_parse: examples/crontab into JOB_SCHED (the five time fields),
# JOB_CMD and JOB_ENV (the settings in force: NAME=value lines); fails
# on a line that is neither a setting nor a job.
cron_parse() {
	local line name value m h dom mon dow cmd env=
	JOB_SCHED=() JOB_CMD=() JOB_ENV=()
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'' | '#'*) continue ;;
		esac
		if [[ $line =~ ^([A-Za-z_][A-Za-z0-9_]*)[[:blank:]]*=[[:blank:]]*(.*)$ ]]; then
			name=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
			case $value in
			\"*\" | \'*\') value=${value:1:${#value}-2} ;;
			esac
			env=$(printf '%s\n' "$env" | grep -v "^$name=")
			env+=$'\n'"$name=$value"
			continue
		fi
		read -r m h dom mon dow cmd <<<"$line" || true
		if [ -z "$cmd" ]; then
			echo "not a setting nor a job: $line" >&2
			return 1
		fi
		JOB_SCHED+=("$m $h $dom $mon $dow")
		JOB_CMD+=("$cmd")
		JOB_ENV+=("$env")
	done < "$EX/crontab"
}

# cron_field FIELD MIN MAX: a valid time field (*, n, a-b, each with
# /step, comma-separated) within MIN..MAX.
cron_field() {
	local item range step a b
	local -a items
	IFS=, read -r -a items <<<"$1"
	for item in "${items[@]}"; do
		range=${item%%/*} step=
		[[ $item == */* ]] && step=${item#*/}
		if [ -n "$step" ] && ! [[ $step =~ ^[0-9]+$ && $step -ge 1 ]]; then
			return 1
		fi
		[ "$range" = '*' ] && continue
		if [[ $range =~ ^([0-9]+)-([0-9]+)$ ]]; then
			a=${BASH_REMATCH[1]} b=${BASH_REMATCH[2]}
		elif [[ $range =~ ^[0-9]+$ ]]; then
			a=$range b=$range
		else
			return 1
		fi
		[ "$a" -ge "$2" ] && [ "$b" -le "$3" ] && [ "$a" -le "$b" ] ||
		    return 1
	done
}

# job PATTERN: the index of the one job whose command matches PATTERN.
job() {
	local i n=0 k
	for i in "${!JOB_CMD[@]}"; do
		if [[ ${JOB_CMD[i]} =~ $1 ]]; then
			k=$i
			n=$((n + 1))
		fi
	done
	[ "$n" -eq 1 ] || {
		echo "$n jobs match $1" >&2
		return 1
	}
	echo "$k"
}

# cron_env K NAME: the value of setting NAME for job K.
cron_env() {
	printf '%s\n' "${JOB_ENV[$1]}" | sed -n "s/^$2=//p"
}

# cron_run K: run job K as cron does: sh -c with the crontab's settings,
# HOME and LOGNAME, \% made %, the text after an unescaped % given as
# standard input (further % are newlines).  The programs just built and
# examples/ come first in the crontab's PATH (after $CRON_PREFIX, if
# set); the database, cadence file, clock and webhook are the test's.
cron_run() {
	local cmd=${JOB_CMD[$1]} out='' in='' c i stdin=''
	for ((i = 0; i < ${#cmd}; i++)); do
		c=${cmd:i:1}
		if [ -n "$stdin" ]; then
			[ "$c" = % ] && c=$'\n'
			in+=$c
		elif [ "$c" = '\' ] && [ "${cmd:i+1:1}" = % ]; then
			out+=%
			i=$((i + 1))
		elif [ "$c" = % ]; then
			stdin=1
		else
			out+=$c
		fi
	done
	local -a env
	mapfile -t env < <(printf '%s\n' "${JOB_ENV[$1]}" | grep '=')
	printf '%s' "$in" | env -i "${env[@]}" HOME="$HOME" LOGNAME=tester \
	    PATH="${CRON_PREFIX:+$CRON_PREFIX:}$BATS_TEST_DIRNAME/../bin:$EX:$(cron_env "$1" PATH)" \
	    LEADS_DB="$LEADS_DB" LEADS_CADENCES="${LEADS_CADENCES:-}" \
	    LEADS_NOW="$LEADS_NOW" TZ="$TZ" \
	    ${HOOK:+LEADS_WEBHOOK_URL="$HOOK"} \
	    "$(cron_env "$1" SHELL)" -c "$out"
}

@test "crontab: every line is a setting or a job with a valid schedule" {
	cron_parse
	[ "${#JOB_CMD[@]}" -ge 6 ]
	local k f
	for k in "${!JOB_SCHED[@]}"; do
		read -r -a f <<<"${JOB_SCHED[k]}"
		cron_field "${f[0]}" 0 59 && cron_field "${f[1]}" 0 23 &&
		    cron_field "${f[2]}" 1 31 && cron_field "${f[3]}" 1 12 &&
		    cron_field "${f[4]}" 0 7 || {
			echo "bad schedule: ${JOB_SCHED[k]}" >&2
			return 1
		}
		# sh, a PATH with make install's bin, for every job.
		[ "$(cron_env "$k" SHELL)" = /bin/sh ]
		[[ :$(cron_env "$k" PATH): == *:/usr/local/bin:* ]]
		[[ :$(cron_env "$k" PATH): == *:/usr/bin:* ]]
		# No % that cron would take as the end of the command.
		[[ ! ${JOB_CMD[k]} =~ (^|[^\\])% ]]
	done
	# The checker knows a bad field when it sees one.
	run ! cron_field 60 0 59
	run ! cron_field 9-25 0 23
	run ! cron_field '*/0' 0 59
	run ! cron_field 1-5x 0 7
	run cron_field '*/10,0-5' 0 59
	[ "$status" -eq 0 ]
}

@test "crontab: hourly per rep in working hours, to that rep's MAILTO" {
	cron_parse
	local k n=0 rep
	for k in "${!JOB_CMD[@]}"; do
		[[ ${JOB_CMD[k]} =~ ^lead-due\ --owner\ ([a-z]+)$ ]] || continue
		rep=${BASH_REMATCH[1]}
		[ "${JOB_SCHED[k]}" = "0 9-17 * * 1-5" ]
		[ "$(cron_env "$k" MAILTO)" = "$rep@example.com" ]
		n=$((n + 1))
	done
	[ "$n" -ge 2 ]
	[ "${JOB_SCHED[$(job '^due-to-chat')]}" = "* * * * *" ]
	[ "${JOB_SCHED[$(job '^lead-send')]}" = "*/10 9-17 * * 1-5" ]
	[ "${JOB_SCHED[$(job '^lead-report --since')]}" = "0 8 * * 1" ]
	# The push and the rest go to the admin, not to a rep.
	[ "$(cron_env "$(job '^due-to-chat')" MAILTO)" = \
	    sales-admin@example.com ]
}

@test "crontab: a rep's line prints only when something is due" {
	two_reps
	cron_parse
	local a b
	a=$(job 'owner alice$') b=$(job 'owner bob$')
	run cron_run "$a"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ ${lines[0]} == "ID  DUE  DO    NAME "* ]]
	[[ ${lines[1]} == "1   now  call  Ana Ruiz  +15551230001  ana@example.com  alice "* ]]
	# Nothing of bob's is due: no output, so cron sends no mail.
	run cron_run "$b"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	# Once alice has called, her line is silent too; at noon bob's speaks.
	lead-log -q 1 connected
	run cron_run "$a"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	LEADS_NOW=2026-11-23T12:00:00Z run cron_run "$b"
	[ "$status" -eq 0 ]
	[[ ${lines[1]} == "2   now  call  Ben Ode "* ]]
	# An error is output too, so that cron mails it.
	LEADS_DB=$PWD/none.db run cron_run "$a"
	[ "$status" -eq 66 ]
	[[ $output == "lead-due: cannot open '$PWD/none.db'"* ]]
}

@test "crontab: the every-minute push posts each due call once, silently" {
	two_reps
	LEADS_NOW=2026-11-23T09:00:00Z lead-add --name 'Eve Mail' \
	    --email eve@example.com --owner alice >/dev/null
	hook_start 200
	cron_parse
	local k
	k=$(job '^due-to-chat')
	# Ana's call is due, and Eve's email step: the push is of calls.
	[ "$(due)" = "1 3" ]
	run cron_run "$k"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 1 ]
	jq -r .text hook/bodies | grep -q '^call Ana Ruiz '
	run cron_run "$k"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 1 ]
	# When the chat is down, the mail tells of it.
	LEADS_NOW=2026-11-23T12:00:00Z
	hook_stop
	run cron_run "$k"
	[ "$status" -eq 69 ]
	[[ $output == *"not posted: call Ben Ode "* ]]
}

@test "crontab: the Monday report is mailed, and kept as a dated page" {
	two_reps
	cron_parse
	run cron_run "$(job '^lead-report --since')"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Speed to lead" ]
	[ "${#lines[@]}" -gt 5 ]
	run cron_run "$(job 'lead-report -o html')"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# date's \%Y-\%m-\%d came through cron as a date.
	local f
	f=$(ls "$HOME"/reports/)
	[[ $f =~ ^leads-[0-9]{4}-[0-9]{2}-[0-9]{2}\.html$ ]]
	grep -qi '<html' "$HOME/reports/$f"
}

@test "crontab: the lead-send line sends due email steps, silently" {
	[ -x "$BATS_TEST_DIRNAME/../bin/lead-send" ] ||
	    skip "lead-send is not built"
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	from: Sales <sales@example.com>
	cadences:
	  new-lead:
	    steps:
	      - { id: hello, channel: email, after: 0m, template: missed-you }
	      - { id: call, channel: call, after: 1d }
	    then: close
	EOF
	export LEADS_CADENCES=$PWD/cad.yaml
	lead-add --name 'Ana Ruiz' --email ana@example.com >/dev/null
	# A sendmail that keeps what it is given.
	mkdir -p mta
	cat > mta/sendmail <<-EOF
	#!/bin/sh
	cat >> "$PWD/sent"
	EOF
	chmod +x mta/sendmail
	cron_parse
	local k
	k=$(job '^lead-send')
	CRON_PREFIX=$PWD/mta run cron_run "$k"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	grep -q '^To: .*ana@example.com' sent
	# Sent once: the next run has nothing to send, and says nothing.
	cp sent sent.1
	CRON_PREFIX=$PWD/mta run cron_run "$k"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	cmp sent sent.1
}

# ---- examples/systemd -------------------------------------------------

# unit_get FILE SECTION KEY: the values of KEY in [SECTION], one a line.
unit_get() {
	awk -v s="[$2]" -v k="$3" '
		/^\[/ { on = ($0 == s) }
		on && index($0, k "=") == 1 { print substr($0, length(k) + 2) }
	' "$1"
}

# unit_expand: the specifiers the units use (%h, %%) on standard input.
unit_expand() {
	sed -e "s|%h|$HOME|g" -e 's/%%/%/g'
}

# A home with the programs and due-to-chat in ~/.local/bin and the
# webhook's URL in ~/.config/leads/webhook.env, as leads-due.service
# says to install them.
unit_home() {
	mkdir -p "$HOME/.local/bin" "$HOME/.config/leads"
	local p
	for p in "$BATS_TEST_DIRNAME"/../bin/lead-*; do
		ln -s "$(cd "${p%/*}" && pwd)/${p##*/}" "$HOME/.local/bin/"
	done
	cp "$EX/due-to-chat" "$HOME/.local/bin/"
	printf 'LEADS_WEBHOOK_URL=%s\n' "${HOOK:-http://127.0.0.1:9/}" \
	    > "$HOME/.config/leads/webhook.env"
}

# unit_run SERVICE: its ExecStart= run with only its Environment= and
# EnvironmentFile= (and the test's database, cadence file and clock),
# in a copy of a systemd user manager's environment.
unit_run() {
	local f="$EX/systemd/$1" cmd e
	local -a env argv
	while IFS= read -r e; do
		env+=("$e")
	done < <(unit_get "$f" Service Environment | unit_expand)
	while IFS= read -r e; do
		e=${e#-}
		[ -f "$e" ] || return 1
		mapfile -t -O "${#env[@]}" env < <(grep '^[A-Za-z_]*=' "$e")
	done < <(unit_get "$f" Service EnvironmentFile | unit_expand)
	cmd=$(unit_get "$f" Service ExecStart | unit_expand)
	read -r -a argv <<<"$cmd"
	env -i HOME="$HOME" USER=tester LEADS_DB="$LEADS_DB" \
	    LEADS_CADENCES="${LEADS_CADENCES:-}" LEADS_NOW="$LEADS_NOW" \
	    TZ="$TZ" "${env[@]}" "${argv[@]}"
}

@test "systemd: systemd-analyze verify takes the units as user units" {
	command -v systemd-analyze >/dev/null ||
	    skip "systemd-analyze is not installed"
	mkdir -p rt && chmod 700 rt
	unit_home
	# A manager that cannot start here is no verdict on the units.
	printf '[Service]\nExecStart=/bin/true\n' > probe.service
	XDG_RUNTIME_DIR=$PWD/rt systemd-analyze --user --man=no verify \
	    "$PWD/probe.service" >/dev/null 2>&1 ||
	    skip "systemd-analyze verify does not run here"
	XDG_RUNTIME_DIR=$PWD/rt run systemd-analyze --user --man=no verify \
	    "$EX"/systemd/*.service "$EX"/systemd/*.timer
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# It would say so of a broken one.
	sed 's/^OnCalendar=.*/OnCalendar=Mon..Fry 9:00/' \
	    "$EX/systemd/leads-due.timer" > leads-due.timer
	XDG_RUNTIME_DIR=$PWD/rt run systemd-analyze --user --man=no verify \
	    "$PWD/leads-due.timer"
	[ "$status" -ne 0 ]
}

@test "systemd: each timer starts its service, when the crontab would" {
	local t s
	for t in "$EX"/systemd/*.timer; do
		s=${t%.timer}.service
		[ -f "$s" ]
		[ "$(unit_get "$t" Install WantedBy)" = timers.target ]
		[ -n "$(unit_get "$t" Unit Description)" ]
		[ -n "$(unit_get "$t" Timer OnCalendar)" ]
		[ -n "$(unit_get "$s" Unit Description)" ]
		[ "$(unit_get "$s" Service Type)" = oneshot ]
		[ "$(unit_get "$s" Service ExecStart | wc -l)" -eq 1 ]
		# Sections and keys are the ones meant, spelled right.
		run awk '
			/^(#|$)/ { next }
			/^\[(Unit|Service|Timer|Install)\]$/ { next }
			/^(Description|Documentation|Type|Environment|EnvironmentFile|ExecStart|SuccessExitStatus|OnCalendar|AccuracySec|Persistent|WantedBy)=./ { next }
			{ print FILENAME ": " $0 }' "$t" "$s"
		[ -z "$output" ]
	done
	[ "$(unit_get "$EX/systemd/leads-due.timer" Timer OnCalendar)" = \
	    minutely ]
	[ "$(unit_get "$EX/systemd/leads-send.timer" Timer OnCalendar)" = \
	    "Mon..Fri 09..17:00/10" ]
	command -v systemd-analyze >/dev/null ||
	    skip "systemd-analyze is not installed: calendars not checked"
	# Every ten minutes from 09:00 to 17:50, Monday to Friday.
	run systemd-analyze calendar --iterations 60 \
	    --base-time='2026-11-27 16:45' 'Mon..Fri 09..17:00/10'
	[ "$status" -eq 0 ]
	[[ $output == *"Fri 2026-11-27 16:50:00"* ]]
	[[ $output == *"Fri 2026-11-27 17:50:00"* ]]
	[[ $output != *"Fri 2026-11-27 18:00:00"* ]]
	[[ $output != *"Sat "* ]]
	[[ $output == *"Mon 2026-11-30 09:00:00"* ]]
}

@test "systemd: leads-due.service posts the due calls, as installed" {
	two_reps
	hook_start 200
	unit_home
	run unit_run leads-due.service
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 1 ]
	jq -r .text hook/bodies | grep -q '^call Ana Ruiz '
	run unit_run leads-due.service
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(posts)" -eq 1 ]
	# Without the webhook file the unit cannot start.
	rm "$HOME/.config/leads/webhook.env"
	run unit_run leads-due.service
	[ "$status" -ne 0 ]
}

@test "systemd: leads-send.service sends, and nothing to send is success" {
	[ -x "$BATS_TEST_DIRNAME/../bin/lead-send" ] ||
	    skip "lead-send is not built"
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	from: Sales <sales@example.com>
	sendmail: sendmail -t -i
	cadences:
	  new-lead:
	    steps:
	      - { id: hello, channel: email, after: 0m, template: missed-you }
	    then: close
	EOF
	export LEADS_CADENCES=$PWD/cad.yaml
	lead-add --name 'Ana Ruiz' --email ana@example.com >/dev/null
	unit_home
	cat > "$HOME/.local/bin/sendmail" <<-EOF
	#!/bin/sh
	cat >> "$PWD/sent"
	EOF
	chmod +x "$HOME/.local/bin/sendmail"
	local ok
	ok=" 0 $(unit_get "$EX/systemd/leads-send.service" Service \
	    SuccessExitStatus) "
	run unit_run leads-send.service
	[[ $ok == *" $status "* ]]
	[ -z "$output" ]
	grep -q '^To: .*ana@example.com' sent
	run unit_run leads-send.service
	[ "$status" -eq 1 ]
	[[ $ok == *" $status "* ]]
}
