#!/bin/sh
# Prints, and with --install adds to your crontab, a line that runs
# `clipseal run` over URL lists on a schedule, with the key, the store and a
# log file spelled out.  Idempotent: the line carries a marker naming its
# lists, and installing again replaces that line instead of adding one.
#
# usage: scripts/install-cron.sh [--every MINUTES | --at HH:MM] [--install]
#            [--key SECKEY] [--store STORE] [--log FILE] [--bin CLIPSEAL]
#            LIST...
set -eu

usage() {
	sed -n 's/^# usage: //p; s/^#            /           /p' "$0" | head -n 3 >&2
	exit 2
}
die() { echo "install-cron: $*" >&2; exit 2; }
abspath() { case $1 in /*) echo "$1" ;; feed:*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

every=60 at= install=0
key=${CLIPSEAL_KEY:-${XDG_CONFIG_HOME:-$HOME/.config}/clipseal/key}
store=${CLIPSEAL_STORE:-${XDG_DATA_HOME:-$HOME/.local/share}/clipseal/store}
log=
bin=$(command -v clipseal 2>/dev/null || true)
[ -n "$bin" ] || bin=$(cd "$(dirname "$0")/.." && pwd)/build/clipseal

while [ $# -gt 0 ]; do
	case $1 in
	--every) [ $# -ge 2 ] || usage; every=$2; at=; shift 2 ;;
	--at) [ $# -ge 2 ] || usage; at=$2; shift 2 ;;
	--install) install=1; shift ;;
	--key) [ $# -ge 2 ] || usage; key=$2; shift 2 ;;
	--store) [ $# -ge 2 ] || usage; store=$2; shift 2 ;;
	--log) [ $# -ge 2 ] || usage; log=$2; shift 2 ;;
	--bin) [ $# -ge 2 ] || usage; bin=$2; shift 2 ;;
	-h|--help) usage ;;
	--) shift; break ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || die "no LIST given"

if [ -n "$at" ]; then
	hh=${at%%:*} mm=${at#*:}
	case "$hh:$mm" in
	[0-9]:[0-5][0-9]|[01][0-9]:[0-5][0-9]|2[0-3]:[0-5][0-9]) ;;
	*) die "--at: '$at' is not HH:MM" ;;
	esac
	schedule="${mm#0} ${hh#0} * * *"
else
	case $every in
	''|*[!0-9]*) die "--every: '$every' is not a number of minutes" ;;
	esac
	if [ "$every" -ge 1 ] && [ "$every" -le 59 ]; then
		schedule="*/$every * * * *"
	elif [ "$every" -eq 60 ]; then
		schedule="0 * * * *"
	elif [ "$every" -gt 60 ] && [ $((every % 60)) -eq 0 ] && [ "$every" -le 1440 ]; then
		schedule="0 */$((every / 60)) * * *"
	else
		die "--every: use 1-59 minutes or whole hours up to 1440"
	fi
fi

for a in "$@" "$key" "$store" "$bin" "$log"; do
	case $a in *\'*) die "'$a': quotes in paths are not supported" ;; esac
done
lists=
for l in "$@"; do
	a=$(abspath "$l")
	case $a in feed:*) ;; *) [ -r "$a" ] || die "$a: cannot read the list" ;; esac
	lists="$lists '$a'"
done
key=$(abspath "$key")
store=$(abspath "$store")
[ -n "$log" ] || log="$store.log"
log=$(abspath "$log")
marker="# clipseal-run:$(printf '%s' "$lists" | cksum | cut -d' ' -f1)"
line="$schedule '$bin' run -q -k '$key' -s '$store'$lists >>'$log' 2>&1 $marker"
# cron turns an unescaped % into a newline.
line=$(printf '%s\n' "$line" | sed 's/%/\\%/g')

if [ "$install" -eq 0 ]; then
	echo "$line"
	exit 0
fi
current=$(crontab -l 2>/dev/null || true)
{
	printf '%s\n' "$current" | grep -vF -- "$marker" | sed '/^$/d'
	echo "$line"
} | crontab -
echo "installed: $line"
