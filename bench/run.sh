#!/usr/bin/env bash
# Runs the benchmarks (release build) and prints a Markdown table for docs/PERFORMANCE.md.
# Needs python3 with openpyxl for the openpyxl baseline: python3 -m pip install openpyxl
# Rounds are interleaved (every case once per round); MDS_BENCH_ROUNDS sets their number.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import openpyxl' 2>/dev/null || python3 -m pip install -q openpyxl
cargo build --release -q -p mds-cli
MDS_BIN="$PWD/target/release/mds" MDS_BENCH_ROUNDS="${MDS_BENCH_ROUNDS:-5}" cargo bench -p mds-core --bench perf
