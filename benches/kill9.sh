#!/usr/bin/env bash
# The full crash-safety run: 100 rounds of "write, SIGKILL at a random moment, reopen, check".
# `cargo test` runs 20 rounds of the same test; this runs the hundred the release checklist asks for.
# Usage: benches/kill9.sh [ROUNDS] (a failing round prints KITH_KILL9_SEED to replay it).
set -euo pipefail
cd "$(dirname "$0")/.."
KITH_KILL9_RUNS="${1:-100}" cargo test --test kill9 -- --nocapture
