# SPDX-License-Identifier: BSD-3-Clause
# Bash completion for the rpmsg tool. What it offers comes from the tool
# itself, so that it cannot drift from it: the commands from
# `rpmsg --help`, each command's options from `rpmsg CMD --help`, the
# values an option takes from its "--opt a|b" or "--opt FILE" there, the
# names of running links (--name) from their control sockets.

# _rpmsg_links: the names of the links a running rpmsg side serves.
_rpmsg_links()
{
	[ -r /proc/net/unix ] || return 0
	sed -n 's/.* @rpmsg-ctl-\(.*\)-\(host\|remote\)$/\1/p' /proc/net/unix |
		sort -u
}

_rpmsg()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]} help arg
	COMPREPLY=()

	if [ "$COMP_CWORD" -eq 1 ]; then
		help=$("$prog" --help 2>/dev/null |
			sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
		COMPREPLY=($(compgen -W "$help --help --version" -- "$cur"))
		return 0
	fi
	help=$("$prog" "${COMP_WORDS[1]}" --help 2>/dev/null) || return 0

	if [[ $prev == --* ]]; then
		# The word after the option in the help text, if any.
		arg=$(printf '%s\n' "$help" |
			grep -o -- "$prev [A-Za-z][^] ]*" | head -n 1)
		arg=${arg#"$prev "}
		arg=${arg%[:,.;]}
		case $arg in
		"") ;;
		*FILE* | *PATH*)
			COMPREPLY=($(compgen -f -- "$cur"))
			return 0 ;;
		*"|"*)
			COMPREPLY=($(compgen -W "${arg//|/ }" -- "$cur"))
			return 0 ;;
		N)
			[ "$prev" = --name ] &&
				COMPREPLY=($(compgen -W "$(_rpmsg_links)" -- "$cur"))
			return 0 ;;
		*)
			return 0 ;;
		esac
	fi
	COMPREPLY=($(compgen -W "$(printf '%s\n' "$help" |
		grep -o -- '--[a-z][a-z-]*' | sort -u) --help" -- "$cur"))
}
complete -o filenames -F _rpmsg rpmsg
