# Shared by tests/cli/test_extract.sh and scripts/regress-update.sh: judges
# a text by the hand-written lists of a fixture page.  Sourced, never run.
# judge TEXT EXPECTED FORBIDDEN: sets $missing to the EXPECTED lines TEXT
# lacks and $leaked to the FORBIDDEN lines it shows (case-insensitive),
# each as " [line]", both empty when TEXT passes.
judge() {
	missing= leaked=
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		grep -qF -- "$line" "$1" || missing="$missing [$line]"
	done <"$2"
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		grep -qiF -- "$line" "$1" && leaked="$leaked [$line]"
	done <"$3"
}
