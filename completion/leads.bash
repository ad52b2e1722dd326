# bash completion for leads: the options of every program, their
# formats, channels and groups, and the owners, sources, cadences and
# outcomes of the database and cadence file in use.
#
# make install puts this file in bash-completion's directory under the
# name of each program (one file, the others links to it), where
# bash-completion loads it the first time a program is completed; or
# source it from ~/.bashrc.
#
# Owners, sources, cadences and outcomes come from the programs
# themselves, with the -c and -d given on the line: lead-cadence show
# (cadences; owners and backup of the file), lead-report --by owner or
# source (those of the database) and lead-log --list-outcomes.

# __leads_run PROG ARG...: another program of leads, found beside the one
# being completed when that one was typed with a directory; no errors.
__leads_run()
{
	local p=$1 d

	shift
	if [[ ${COMP_WORDS[0]} == */* ]]; then
		d=${COMP_WORDS[0]%/*}
		d=${d/#\~/$HOME}
		[[ -x $d/$p ]] && p=$d/$p
	fi
	"$p" "$@" 2>/dev/null </dev/null
}

# __leads_unquote WORD: WORD as the shell will pass it, for the usual
# ways of typing a path (quotes, backslashes, a leading ~).
__leads_unquote()
{
	local w=$1

	case $w in
	\'*) w=${w#\'} w=${w%\'} ;;
	\"*) w=${w#\"} w=${w%\"} ;;
	*) w=${w//\\/} ;;
	esac
	[[ $w == \~/* ]] && w=$HOME/${w#\~/}
	printf '%s' "$w"
}

# __leads_ctx: the -c and -d already on the line, into ctx_c and ctx_d
# (the caller's), to run the programs on the same files.
__leads_ctx()
{
	local i w v

	ctx_c=() ctx_d=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-c | --cadences | -d | --db)
			((i++))
			if [[ ${COMP_WORDS[i]} == = ]]; then
				((i++))
			fi
			((i < COMP_CWORD)) || break
			v=${COMP_WORDS[i]}
			;;
		--cadences=* | --db=*)
			v=${w#*=} w=${w%%=*}
			;;
		-c?* | -d?*)
			v=${w:2} w=${w:0:2}
			;;
		*)
			continue
			;;
		esac
		v=$(__leads_unquote "$v")
		case $w in
		-c | --cadences) ctx_c=(-c "$v") ;;
		*) ctx_d=(-d "$v") ;;
		esac
	done
}

# __leads_reply CANDIDATE...: those that start with $cur into COMPREPLY,
# after $pre, quoted for the shell (owner names may hold spaces).
__leads_reply()
{
	local c q u=$cur

	case $u in
	\'* | \"*) u=${u:1} ;;
	*) u=${u//\\/} ;;
	esac
	for c; do
		[[ -n $c && $c == "$u"* ]] || continue
		printf -v q '%q' "$c"
		COMPREPLY+=("$pre$q")
	done
}

# __leads_reply_from COMMAND...: __leads_reply with the lines COMMAND
# prints.
__leads_reply_from()
{
	local -a lines

	mapfile -t lines < <("$@")
	__leads_reply "${lines[@]}"
}

__leads_cadences()
{
	__leads_run lead-cadence show -o tsv "${ctx_c[@]}" | sed 1d | cut -f1
}

__leads_outcomes()
{
	__leads_run lead-log --list-outcomes "${ctx_c[@]}"
}

# __leads_groups GROUP: the owners or sources the database has leads of.
__leads_groups()
{
	__leads_run lead-report -o tsv --by "$1" "${ctx_c[@]}" \
	    "${ctx_d[@]}" funnel |
	    awk -F '\t' 'NR > 1 && $2 != "all" && $2 != "(none)" { print $2 }'
}

# Owners: those of the cadence file ("name <email> (away until ...)",
# ", "-separated), its backup, and those of the database.
__leads_owners()
{
	{
		__leads_run lead-cadence show --settings -o tsv "${ctx_c[@]}" |
		    awk -F '\t' '
			$1 == "owners" {
				n = split($2, a, ", ")
				for (i = 1; i <= n; i++) {
					sub(/ <[^>]*>/, "", a[i])
					sub(/ \(away until .*\)$/, "", a[i])
					print a[i]
				}
			}
			$1 == "backup" && $2 != "" { print $2 }'
		__leads_groups owner
	} | sort -u
}

__leads_zones()
{
	if [[ -r /usr/share/zoneinfo/tzdata.zi ]]; then
		awk '$1 == "Z" { print $2 } $1 == "L" { print $3 }' \
		    /usr/share/zoneinfo/tzdata.zi
	elif [[ -r /usr/share/zoneinfo/zone1970.tab ]]; then
		awk '!/^#/ { print $3 }' /usr/share/zoneinfo/zone1970.tab
	fi
	echo UTC
}

# __leads_files [-d | EXT...]: directories (-d), or directories and the
# files whose names end in .EXT (any file without EXT); bash-completion's
# _filedir when it is there.
__leads_files()
{
	local f e ok pat

	if declare -F _filedir >/dev/null; then
		case $1 in
		-d) _filedir -d ;;
		'') _filedir ;;
		*)
			pat=$1
			shift
			for e; do
				pat+="|$e"
			done
			_filedir "@($pat)"
			;;
		esac
		return
	fi
	# Names as they are: readline quotes them (-o filenames).
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		ok=
		if [[ -d $f ]]; then
			ok=1
		elif [[ $1 != -d ]]; then
			[[ $# -eq 0 ]] && ok=1
			for e; do
				[[ $f == *."$e" ]] && ok=1
			done
		fi
		[[ -n $ok ]] && COMPREPLY+=("$f")
	done < <(compgen -f -- "$cur")
}

# __leads_spec PROG [SUBCOMMAND]: the options of PROG, into flags (no
# argument) and argopts (an argument: "-o text" or "--format=text").
__leads_spec()
{
	local std='-h --help -V --version'

	case $1 in
	lead-add)
		flags="$std -n --dry-run -q --quiet"
		argopts='-c --cadences -d --db -e --encoding -f --format
		    --country --rejects --source --owner --name --email
		    --phone --company --value --tz --created --note'
		;;
	lead-away)
		flags="$std --back --raw-csv"
		argopts='-c --cadences -d --db -o --format'
		;;
	lead-cadence)
		case $2 in
		check)
			flags="$std -v --verbose"
			argopts='-c --cadences'
			;;
		show)
			flags="$std --raw-csv --settings"
			argopts='-c --cadences -o --format'
			;;
		plan)
			flags="$std --raw-csv"
			argopts='-c --cadences -o --format --from --limit --tz'
			;;
		*)
			flags="$std -v --verbose --raw-csv --settings"
			argopts='-c --cadences -o --format --from --limit --tz'
			;;
		esac
		;;
	lead-due)
		flags="$std --raw-csv --mine"
		argopts='-c --cadences -d --db -o --format --at --within
		    --owner --channel --limit --once --explain'
		;;
	lead-forget | lead-merge | lead-set)
		flags=$std
		argopts='-c --cadences -d --db'
		;;
	lead-log)
		flags="$std -q --quiet"
		argopts='-c --cadences -d --db -F --format -f --file -n --note
		    --next --reason --channel --at'
		;;
	lead-ls)
		flags="$std --raw-csv"
		argopts='-c --cadences -d --db -o --format --status --source
		    --owner --cadence --since --search --limit'
		;;
	lead-rebuild)
		flags="$std -n --check"
		argopts='-d --db'
		;;
	lead-report)
		flags="$std --raw-csv"
		argopts='-c --cadences -d --db -o --format --since --until --by'
		;;
	lead-send)
		flags="$std -n --dry-run -q --quiet"
		argopts='-c --cadences -d --db --owner --sendmail --templates
		    --limit'
		;;
	lead-show)
		flags=$std
		argopts='-c --cadences -d --db -o --format'
		;;
	esac
	# One space around each, for matches of " $word ".
	flags=" ${flags//[[:space:]]/ } " argopts=" ${argopts//[[:space:]]/ } "
}

# __leads_optarg OPTION: the argument of OPTION of $cmd.
__leads_optarg()
{
	case $cmd:$1 in
	*:-c | *:--cadences)
		__leads_files yaml yml
		;;
	*:-d | *:--db | lead-add:--rejects | lead-log:-f | lead-log:--file)
		__leads_files
		;;
	lead-add:-f | lead-add:--format | lead-log:-F | lead-log:--format)
		__leads_reply csv tsv jsonl kv
		;;
	lead-add:-e | lead-add:--encoding)
		__leads_reply utf-8 utf-16 windows-1252 iso-8859-1 iso-8859-15
		;;
	lead-ls:-o | lead-ls:--format)
		__leads_reply text tsv csv json id
		;;
	lead-report:-o | lead-report:--format)
		__leads_reply text tsv csv json html
		;;
	lead-show:-o | lead-show:--format)
		__leads_reply text json
		;;
	*:-o | *:--format)
		__leads_reply text tsv csv json
		;;
	*:--owner)
		__leads_reply_from __leads_owners
		;;
	*:--source)
		__leads_reply_from __leads_groups source
		;;
	*:--cadence)
		__leads_reply_from __leads_cadences
		;;
	*:--status)
		__leads_reply active waiting won lost dnc
		;;
	lead-due:--channel)
		# A list: complete its last item.
		if [[ $cur == *,* ]]; then
			pre+=${cur%,*},
			cur=${cur##*,}
		fi
		__leads_reply call email sms mail task
		;;
	*:--channel)
		__leads_reply call email sms mail task
		;;
	*:--by)
		__leads_reply none source owner cadence month week
		;;
	*:--tz)
		__leads_reply_from __leads_zones
		;;
	*:--within)
		__leads_reply 15m 30m 1h 2h 1d 1bd 1w
		;;
	lead-send:--templates)
		__leads_files -d
		;;
	lead-send:--sendmail)
		__leads_reply_from compgen -c -- "$cur"
		;;
	esac
}

# __leads_set_value FIELD: a value of lead-set's FIELD=.
__leads_set_value()
{
	case $1 in
	owner) __leads_reply_from __leads_owners ;;
	cadence) __leads_reply_from __leads_cadences ;;
	source) __leads_reply_from __leads_groups source ;;
	status) __leads_reply active won lost dnc ;;
	tz) __leads_reply_from __leads_zones ;;
	esac
}

_leads()
{
	local cmd=${COMP_WORDS[0]##*/} cur=${COMP_WORDS[COMP_CWORD]}
	local prev='' key='' pre='' flags argopts sub='' i w end=''
	local -a ctx_c ctx_d args

	COMPREPLY=()
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	__leads_ctx

	# The arguments so far, without options and their values.  bash
	# splits "--owner=bob" into --owner, = and bob (= is in
	# COMP_WORDBREAKS); "owner=bob" of lead-set is one argument.
	__leads_spec "$cmd"
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -n $end || $w != -?* ]]; then
			if [[ ${COMP_WORDS[i + 1]} == = ]]; then
				w+="=${COMP_WORDS[i + 2]}"
				((i += 2))
			fi
			args+=("$w")
		elif [[ $w == -- ]]; then
			end=1
		elif [[ ${COMP_WORDS[i + 1]} == = ]]; then
			((i += 2))
		elif [[ $argopts == *" $w "* ]]; then
			((i++))
		fi
	done
	[[ $cmd == lead-cadence ]] && sub=${args[0]}
	__leads_spec "$cmd" "$sub"

	# The value of an option or of a field=value.
	if [[ $cur == = ]]; then
		key=$prev cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		key=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == *=* ]]; then
		# = not a word break, or a field=value of lead-set.
		key=${cur%%=*} cur=${cur#*=} pre=$key=
	elif [[ -z $end && $argopts == *" $prev "* ]]; then
		key=$prev
	fi
	if [[ $key == -* ]]; then
		__leads_optarg "$key"
		return 0
	fi
	if [[ -n $key && $cmd == lead-set ]]; then
		__leads_set_value "$key"
		return 0
	fi
	[[ -n $key ]] && return 0

	if [[ -z $end && $cur == -* ]]; then
		# shellcheck disable=SC2086 # lists of words
		__leads_reply $flags $argopts
		return 0
	fi

	# Arguments.
	case $cmd in
	lead-add)
		__leads_files
		;;
	lead-away)
		((${#args[@]} == 0)) && __leads_reply_from __leads_owners
		;;
	lead-cadence)
		case ${#args[@]}:$sub in
		0:*) __leads_reply check show plan ;;
		1:check) __leads_files yaml yml ;;
		1:show | 1:plan) __leads_reply_from __leads_cadences ;;
		esac
		;;
	lead-log)
		((${#args[@]} == 1)) && __leads_reply_from __leads_outcomes
		;;
	lead-report)
		__leads_reply speed leak persistence outcomes backlog funnel
		;;
	lead-set)
		__leads_reply owner= value= tz= name= email= phone= company= \
		    source= cadence= status= reason=
		compopt -o nospace 2>/dev/null
		;;
	esac
	return 0
}

complete -F _leads lead-add lead-away lead-cadence lead-due lead-forget \
    lead-log lead-ls lead-merge lead-rebuild lead-report lead-send \
    lead-set lead-show
