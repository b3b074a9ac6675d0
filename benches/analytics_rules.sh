#!/usr/bin/env bash
# Frequent itemsets on FIMI retail: the whole `kith analyze itemsets` process against pyfim's
# algorithm call alone (reference.py's `seconds`: no interpreter start, no file reading), run
# alternately in one session; prints the medians and their ratio (below 1 = Kith is faster).
#
#   bash benches/analytics_rules.sh                      # supports 0.01 0.005 0.002, 7 rounds
#   ROUNDS=11 SUPPORTS="0.002" ENGINE=pyfim-eclat ALGORITHM=apriori bash benches/analytics_rules.sh
#
# Needs ../shared (datasets and bench scripts) and the reference venv (bash ../shared/bench/setup.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
PY="${PY:-${BENCH_VENV:-/tmp/kith-bench-venv}/bin/python}"
DATA="${DATA:-$SHARED/datasets/retail/retail.dat}"
ROUNDS="${ROUNDS:-7}"
SUPPORTS="${SUPPORTS:-0.01 0.005 0.002}"
ENGINE="${ENGINE:-pyfim-fpgrowth}"
ALGORITHM="${ALGORITHM:-eclat}"

[ -d "$SHARED" ] || { echo "no $SHARED: the reference data is not here" >&2; exit 1; }
[ -x "$PY" ] || { echo "no reference venv at $PY: run bash $SHARED/bench/setup.sh" >&2; exit 1; }
(cd "$ROOT" && cargo build --release --quiet)
KITH="${KITH:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kith}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-8s %-10s %-10s %-12s %-10s %s\n' support kith_s ref_s ratio itemsets "(kith $ALGORITHM, whole process; $ENGINE algorithm call)"
for s in $SUPPORTS; do
    : > "$OUT/kith" ; : > "$OUT/ref"
    for _ in $(seq "$ROUNDS"); do
        start=$(date +%s%N)
        "$KITH" analyze itemsets --baskets "$DATA" --min-support "$s" --algorithm "$ALGORITHM" \
            --out "$OUT/itemsets.csv" > "$OUT/summary"
        end=$(date +%s%N)
        echo "scale=6; ($end - $start) / 1000000000" | bc >> "$OUT/kith"
        (cd "$SHARED/bench" && "$PY" reference.py fim --data "$DATA" --engine "$ENGINE" --min-support "$s") > "$OUT/ref.json"
        "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$OUT/ref.json" >> "$OUT/ref"
    done
    k=$(median < "$OUT/kith"); r=$(median < "$OUT/ref")
    ours=$(($(wc -l < "$OUT/itemsets.csv") - 1))
    theirs=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["itemsets"])' "$OUT/ref.json")
    [ "$ours" = "$theirs" ] || echo "warning: kith found $ours itemsets, $ENGINE $theirs" >&2
    printf '%-8s %-10.4f %-10.4f %-12.3f %s\n' "$s" "$k" "$r" "$(echo "scale=6; $k / $r" | bc)" "$ours"
done
