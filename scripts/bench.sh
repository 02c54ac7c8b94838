#!/bin/sh
# `make bench`: prints one table, every row a ratio of clipseal against a
# baseline measured side by side in the same run (tests/bench/bench.py says
# what each row measures).  Under ten minutes on two cores.  With
# BENCH_SMOKE=1 (`make bench-smoke`), the same code paths on tiny sizes, in
# seconds, checking outcomes but never timings.
#   bench.sh [BUILD_DIR]
# Needs what scripts/install-bench-deps.sh installs, and build/clipseal and
# build/bench/* built (the Makefile targets do both).
set -eu
cd "$(dirname "$0")/.."
b=${1:-build}
if [ -n "${BENCH_SMOKE:-}" ]; then
	exec python3 tests/bench/bench.py "$b" --smoke
fi
exec python3 tests/bench/bench.py "$b"
