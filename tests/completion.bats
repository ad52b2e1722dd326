#!/usr/bin/env bats
# Shell completion: completion/leads.bash through a real bash,
# completion/_leads through a real zsh (compinit, and completions read
# back through a pseudo-terminal), both against the programs just built,
# a cadence file and a database; and what make install puts where the
# shells look.

load helper

ROOT="$BATS_TEST_DIRNAME/.."
BASHCOMP="$ROOT/completion/leads.bash"
ZSHCOMP="$ROOT/completion"

# The programs, as the Makefile builds them.
progs() {
	make -s -C "$ROOT" print-PROGS | tr ' ' '\n' | sed -n 's|^bin/||p' |
	    sort
}

# getopt_opts PROG: the options of cmd/PROG.c: -x for each letter of its
# getopt string, --name for each long option but the hidden one.
getopt_opts() {
	local f="$ROOT/cmd/$1.c"
	{
		sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' "$f" |
		    tr -d ':' | fold -w1 | sed 's/^/-/'
		awk '/struct option longopts/,/^};/' "$f" |
		    sed -n 's/^[[:space:]]*{ "\([a-z-]*\)",.*/--\1/p' |
		    grep -vx -- --list-outcomes
	} | sort
}

# comp_bash WORD...: what bash completes for the last WORD, one a line,
# in a fresh bash with only completion/leads.bash sourced (or, with
# $BASH_PRE, that file first).
comp_bash() {
	bash --norc --noprofile -c '
		[ -z "$BASH_PRE" ] || . "$BASH_PRE"
		. "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_leads "$1" "${COMP_WORDS[COMP_CWORD]}" \
		    "${COMP_WORDS[COMP_CWORD - 1]}"
		[ "${#COMPREPLY[@]}" -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"
	' comp "$BASHCOMP" "$@"
}

# words WORD...: the words, sorted, one a line.
words() {
	printf '%s\n' "$@" | sort
}

# comp_zsh LINE: what zsh completes at the end of LINE, one a line: an
# interactive zsh in a pseudo-terminal (zpty) with compinit and _leads
# in $fpath, LINE typed and TAB pressed; compadd records the matches.
comp_zsh() {
	cat > zcomp.zsh <<-'EOF'
	zmodload zsh/zpty || exit 2
	zpty z zsh -f -i
	zpty -w z "fpath=(${(q)1} \$fpath); PROMPT=; autoload -U compinit; compinit -u -D"
	zpty -w z 'compadd() { local -a __m; builtin compadd -A __m "$@"; local r=$?; (( ${@[(I)-[OAD]*]} )) || { print -rl -- "" "<<""M>>"${^__m}; builtin compadd "$@" }; return r }'
	zpty -w z '_zc_end() { print -r -- "<<EN""D>>"; exit }; comppostfuncs=(_zc_end); bindkey "^I" complete-word'
	zpty -n -w z "$2"$'\t'
	out=
	while zpty -r z chunk; do
		out+=$chunk
		[[ $out == *'<<END>>'* ]] && break
	done
	zpty -d z
	print -rl -- ${${(M)${(f)out//$'\r'/}:#<<M>>*}#<<M>>}
	EOF
	timeout 30 zsh -f zcomp.zsh "$ZSHCOMP" "$1"
}

# A cadence file of two owners (one away, one with an address), a backup,
# two cadences and an outcome of its own; a database with leads of three
# owners, one of them with a space in the name, and two sources.
team() {
	cat > cad.yaml <<-'EOF'
	timezone: UTC
	owners:
	  - { name: carol, email: carol@example.com }
	  - { name: dave, away_until: 2026-12-07 }
	  - erin
	backup: erin
	outcomes:
	  demo_booked: { action: book, next: required }
	cadences:
	  new-lead:
	    steps:
	      - { channel: call, after: 0m }
	    then: close
	  follow-up:
	    steps:
	      - { channel: email, after: 1d }
	    then: close
	EOF
	export LEADS_CADENCES="$PWD/cad.yaml"
	lead-add -q --name A --phone '+15551230001' --owner alice \
	    --source website
	lead-add -q --name B --phone '+15551230002' --owner 'Bob Smith' \
	    --source google-ads
	lead-add -q --name C --phone '+15551230003' --owner carol
}

# ---- lead-log --list-outcomes (the completions' source of outcomes) ---

@test "lead-log --list-outcomes: the built-in outcomes, and the file's" {
	run lead-log --list-outcomes
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' no_answer voicemail busy emailed \
	    mailed texted connected meeting quote_sent not_now won lost \
	    wrong_number do_not_contact note)" ]
	# It needs no database and makes none.
	[ ! -e "$LEADS_DB" ]
	team
	run lead-log --list-outcomes
	[ "$status" -eq 0 ]
	[ "${lines[15]}" = demo_booked ]
	[ "${#lines[@]}" -eq 16 ]
	unset LEADS_CADENCES
	run lead-log --list-outcomes -c cad.yaml
	[ "${lines[15]}" = demo_booked ]
}

@test "lead-log --list-outcomes: a bad cadence file is 78, extra words 64" {
	printf 'cadences: [\n' > bad.yaml
	run lead-log --list-outcomes -c bad.yaml
	[ "$status" -eq 78 ]
	[[ $output == "lead-log: bad.yaml:"* ]]
	[ "${#lines[@]}" -eq 1 ]
	run lead-log --list-outcomes 1 won
	[ "$status" -eq 64 ]
	[[ $output == "usage: lead-log "* ]]
	run lead-log --list-outcomes -f calls.csv
	[ "$status" -eq 64 ]
}

# ---- bash ------------------------------------------------------------

@test "bash: every program has its completion, and only those" {
	run bash --norc --noprofile -c '. "$1"; complete -p' comp "$BASHCOMP"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sed -n 's/^complete -F _leads //p' |
	    sort)" = "$(progs)" ]
}

@test "bash: each program's options are those its getopt table takes" {
	local p
	for p in $(progs); do
		[ "$(comp_bash "$p" - | sort)" = "$(getopt_opts "$p")" ] || {
			echo "$p: $(comp_bash "$p" - | tr '\n' ' ')" >&2
			echo "$p: $(getopt_opts "$p" | tr '\n' ' ')" >&2
			return 1
		}
	done
	# Long ones only after --; their prefix narrows them.
	[ "$(comp_bash lead-due --o | sort)" = "$(words --owner --once)" ]
	[ -z "$(comp_bash lead-due -- | grep -v '^--')" ]
	[ "$(comp_bash lead-due -- | wc -l)" -eq 14 ]
	# lead-cadence's after its command: those of that command.
	[ "$(comp_bash lead-cadence show - | sort)" = "$(words -h --help -V \
	    --version --raw-csv --settings -c --cadences -o --format)" ]
	[ "$(comp_bash lead-cadence check -- | sort)" = "$(words --help \
	    --version --verbose --cadences)" ]
}

@test "bash: formats, channels, groups, statuses, sections" {
	[ "$(comp_bash lead-due -o '')" = "$(printf '%s\n' text tsv csv json)" ]
	[ "$(comp_bash lead-ls --format '')" = \
	    "$(printf '%s\n' text tsv csv json id)" ]
	# --format=h: bash splits at =.
	[ "$(comp_bash lead-report --format = h)" = html ]
	[ "$(comp_bash lead-show -o '')" = "$(printf '%s\n' text json)" ]
	[ "$(comp_bash lead-add -f j)" = jsonl ]
	[ "$(comp_bash lead-log -F '')" = "$(printf '%s\n' csv tsv jsonl kv)" ]
	[ "$(comp_bash lead-due --channel call,e)" = call,email ]
	[ "$(comp_bash lead-log --channel s)" = sms ]
	[ "$(comp_bash lead-report --by o)" = owner ]
	[ "$(comp_bash lead-ls --status w)" = "$(printf '%s\n' waiting won)" ]
	[ "$(comp_bash lead-report --since 7d le)" = leak ]
	[ "$(comp_bash lead-cadence p)" = plan ]
	[ "$(comp_bash lead-add --tz Europe/Lon)" = Europe/London ]
	# Free text (a name, a note) is not guessed at.
	[ -z "$(comp_bash lead-add --name '')" ]
	[ -z "$(comp_bash lead-log -n '')" ]
}

@test "bash: lead-log's outcomes, with those of the cadence file" {
	run comp_bash lead-log 12 ''
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 15 ]
	[[ " ${lines[*]} " == *" no_answer "* ]]
	[[ " ${lines[*]} " != *" demo_booked "* ]]
	team
	[ "$(comp_bash lead-log 12 d)" = \
	    "$(printf '%s\n' do_not_contact demo_booked)" ]
	# The file given with -c, wherever it stands.
	unset LEADS_CADENCES
	[ "$(comp_bash lead-log 12 de)" = "" ]
	[ "$(comp_bash lead-log -c cad.yaml 12 de)" = demo_booked ]
	[ "$(comp_bash lead-log --cadences=cad.yaml -q 12 de)" = demo_booked ]
	[ "$(comp_bash lead-log --cadences = cad.yaml 12 de)" = demo_booked ]
	[ "$(comp_bash lead-log 12 -c ./cad.yaml de)" = demo_booked ]
	# The lead is the first argument, options and their values aside.
	[ "$(comp_bash lead-log -n 'a note' 12 --next tue wr)" = wrong_number ]
	[ -z "$(comp_bash lead-log wr)" ]
	[ -z "$(comp_bash lead-log 12 won wr)" ]
}

@test "bash: cadence names from the cadence file" {
	team
	[ "$(comp_bash lead-ls --cadence '')" = \
	    "$(printf '%s\n' new-lead follow-up)" ]
	[ "$(comp_bash lead-set 12 cadence = f)" = follow-up ]
	[ "$(comp_bash lead-set 12 cadence=f)" = cadence=follow-up ]
	[ "$(comp_bash lead-cadence show n)" = new-lead ]
	[ "$(comp_bash lead-cadence --tz UTC plan f)" = follow-up ]
	unset LEADS_CADENCES
	[ "$(comp_bash lead-cadence -c cad.yaml plan f)" = follow-up ]
	[ "$(comp_bash lead-cadence plan '')" = "$(printf '%s\n' new-lead \
	    nurture after-quote)" ]
}

@test "bash: owners of the database and the cadence file" {
	team
	run --separate-stderr comp_bash lead-due --owner ''
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# alice and Bob Smith own leads; carol both; dave (away) and erin
	# (the backup) are in the file.  A space is quoted for the shell.
	[ "$output" = "$(printf '%s\n' 'Bob\ Smith' alice carol dave erin |
	    sort)" ]
	[ "$(comp_bash lead-ls --owner = B)" = 'Bob\ Smith' ]
	[ "$(comp_bash lead-set 1 2 owner = a)" = alice ]
	[ "$(comp_bash lead-away d)" = dave ]
	[ "$(comp_bash lead-away --back e)" = erin ]
	[ "$(comp_bash lead-send --owner c)" = carol ]
	# The database given with -d; one that does not exist has none.
	mv "$LEADS_DB" other.db
	[ "$(comp_bash lead-due --owner a)" = "" ]
	[ "$(comp_bash lead-due -d other.db --owner a)" = alice ]
	[ "$(comp_bash lead-due --db=other.db --owner a)" = alice ]
	[ ! -e "$LEADS_DB" ]
}

@test "bash: sources of the database; lead-set's fields and values" {
	team
	[ "$(comp_bash lead-ls --source '')" = \
	    "$(printf '%s\n' google-ads website)" ]
	[ "$(comp_bash lead-add --source w)" = website ]
	[ "$(comp_bash lead-set 12 '' | sort)" = "$(words owner= value= \
	    tz= name= email= phone= company= source= cadence= status= \
	    reason=)" ]
	[ "$(comp_bash lead-set 12 st)" = status= ]
	[ "$(comp_bash lead-set 12 status = '')" = \
	    "$(printf '%s\n' active won lost dnc)" ]
	[ "$(comp_bash lead-set 12 source = g)" = google-ads ]
	[ "$(comp_bash lead-set 12 tz = America/New_Y)" = America/New_York ]
	[ -z "$(comp_bash lead-set 12 name = '')" ]
}

@test "bash: files for -c, -d, -f and the files lead-add reads" {
	mkdir -p files/sub
	cd files
	touch cad.yaml leads.csv calls.csv
	[ "$(comp_bash lead-due -c ca)" = cad.yaml ]
	[ "$(comp_bash lead-due --db = le)" = leads.csv ]
	[ "$(comp_bash lead-log -f ca)" = "$(printf '%s\n' cad.yaml calls.csv |
	    sort)" ]
	[ "$(comp_bash lead-add su)" = sub ]
	[ "$(comp_bash lead-cadence check c)" = cad.yaml ]
	[ "$(comp_bash lead-due -c '' | sort)" = "$(words cad.yaml sub)" ]
	# With bash-completion: its _filedir, which knows .yaml from .csv.
	[ -r /usr/share/bash-completion/bash_completion ] ||
	    skip "bash-completion is not installed"
	export BASH_PRE=/usr/share/bash-completion/bash_completion
	[ "$(comp_bash lead-due -c ca)" = cad.yaml ]
	[ "$(comp_bash lead-cadence check c)" = cad.yaml ]
	[ "$(comp_bash lead-send --templates '')" = sub ]
	[ "$(comp_bash lead-due -o '')" = "$(printf '%s\n' text tsv csv json)" ]
}

@test "bash: nothing in the way of other commands' completion" {
	run bash --norc --noprofile -c '
		. "$1"
		declare -F | sed -n "s/^declare -f //p"
	' comp "$BASHCOMP"
	[ "$status" -eq 0 ]
	[ -z "$(printf '%s\n' "$output" | grep -v '^_\{1,2\}leads')" ]
	[[ $output == *_leads* ]]
}

# ---- zsh -------------------------------------------------------------

@test "zsh: compinit loads _leads for every program" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -f -c '
		fpath=("$1" $fpath)
		autoload -U compinit && compinit -u -D || exit 1
		shift
		for p; do print -r -- "$p ${_comps[$p]}"; done
	' comp "$ZSHCOMP" $(progs)
	[ "$status" -eq 0 ]
	[ "$output" = "$(progs | sed 's/$/ _leads/')" ]
	# The #compdef line names them all, and nothing else.
	[ "$(head -1 "$ZSHCOMP/_leads" | tr ' ' '\n' | sed 1d | sort)" = \
	    "$(progs)" ]
	# It loads, as compinit would autoload it, without a word on stderr.
	run --separate-stderr zsh -f -c '
		fpath=("$1" $fpath)
		autoload -U compinit && compinit -u -D && autoload -Uz +X _leads
	' comp "$ZSHCOMP"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "zsh: each program's options are those its getopt table takes" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	zmodload_ok=$(zsh -f -c 'zmodload zsh/zpty && echo yes')
	[ "$zmodload_ok" = yes ] || skip "zsh has no zpty module"
	local p
	for p in $(progs); do
		[ "$(comp_zsh "$p -" | sort)" = "$(getopt_opts "$p")" ] || {
			echo "$p: $(comp_zsh "$p -" | tr '\n' ' ')" >&2
			return 1
		}
	done
}

@test "zsh: outcomes, owners, cadences, fields, formats through zpty" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	[ "$(zsh -f -c 'zmodload zsh/zpty && echo yes')" = yes ] ||
	    skip "zsh has no zpty module"
	team
	run comp_zsh 'lead-log 12 '
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 16 ]
	[ "${lines[0]}" = no_answer ]
	[ "${lines[15]}" = demo_booked ]
	[ "$(comp_zsh 'lead-log 12 de')" = demo_booked ]
	unset LEADS_CADENCES
	[ -z "$(comp_zsh 'lead-log 12 de')" ]
	[ "$(comp_zsh 'lead-log -c cad.yaml 12 de')" = demo_booked ]
	[ "$(comp_zsh 'lead-due -c cad.yaml --owner ' | sort)" = \
	    "$(printf '%s\n' 'Bob\ Smith' alice carol dave erin | sort)" ]
	[ "$(comp_zsh 'lead-ls -c cad.yaml --owner=a')" = alice ]
	[ "$(comp_zsh 'lead-ls -c cad.yaml --cadence ')" = \
	    "$(printf '%s\n' new-lead follow-up)" ]
	[ "$(comp_zsh 'lead-cadence -c cad.yaml show f')" = follow-up ]
	[ "$(comp_zsh 'lead-set -c cad.yaml 12 cadence=n')" = new-lead ]
	[ "$(comp_zsh 'lead-set 12 st')" = status ]
	[ "$(comp_zsh 'lead-set 12 status=')" = \
	    "$(printf '%s\n' active won lost dnc)" ]
	[ "$(comp_zsh 'lead-ls --source ')" = \
	    "$(printf '%s\n' google-ads website)" ]
	[ "$(comp_zsh 'lead-report -o ')" = \
	    "$(printf '%s\n' text tsv csv json html)" ]
	[ "$(comp_zsh 'lead-due --channel call,')" = \
	    "$(printf '%s\n' email sms mail task)" ]
	[ "$(comp_zsh 'lead-cadence ')" = "$(printf '%s\n' check show plan)" ]
}

# ---- make install ----------------------------------------------------

@test "make install: completions where bash-completion and zsh find them" {
	local dest="$BATS_TEST_TMPDIR/dest" share p
	# -o all: install what is built; a test does not build.
	run make -s -C "$ROOT" -o all install DESTDIR="$dest" PREFIX=/usr
	[ "$status" -eq 0 ]
	share="$dest/usr/share"
	[ -f "$share/bash-completion/completions/leads" ]
	[ -f "$share/zsh/site-functions/_leads" ]
	for p in $(progs); do
		[ "$(readlink "$share/bash-completion/completions/$p")" = leads ]
	done
	# bash-completion finds a command's completion by its name, on demand.
	if [ -r /usr/share/bash-completion/bash_completion ]; then
		run bash --norc --noprofile -c '
			. /usr/share/bash-completion/bash_completion
			XDG_DATA_DIRS=$1
			BASH_COMPLETION_USER_DIR=$1/none
			_completion_loader lead-due
			complete -p lead-due lead-send
			COMP_WORDS=(lead-due --own) COMP_CWORD=1
			_leads lead-due --own lead-due
			printf "%s\n" "${COMPREPLY[@]}"
		' comp "$share"
		[ "$status" -eq 0 ]
		[ "$output" = "$(printf '%s\n' 'complete -F _leads lead-due' \
		    'complete -F _leads lead-send' --owner)" ]
	fi
	if command -v zsh >/dev/null; then
		run zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit
			compinit -u -D; print -r -- ${_comps[lead-report]}' \
		    comp "$share/zsh/site-functions"
		[ "$output" = _leads ]
	fi
	run make -s -C "$ROOT" -o all uninstall DESTDIR="$dest" PREFIX=/usr
	[ "$status" -eq 0 ]
	[ -z "$(ls -A "$share/bash-completion/completions")" ]
	[ ! -e "$share/zsh/site-functions/_leads" ]
}
