#!/usr/bin/env bash
# Regression and decision trees: the whole `kith analyze` process against scikit-learn's algorithm
# call alone (reference.py times only the fit), side by side, alternating, median of N rounds.
#
#   bash benches/analytics_models.sh            # 5 rounds
#   ROUNDS=9 KITH=target/release/kith bash benches/analytics_models.sh
#
# Needs the reference venv (bash ../shared/bench/setup.sh) and a release build of kith.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
PY=${BENCH_VENV:-/tmp/kith-bench-venv}/bin/python
KITH=${KITH:-${CARGO_TARGET_DIR:-target}/release/kith}
DATA=${BENCH_DATA:-/tmp/kith-bench-data}
ROUNDS=${ROUNDS:-5}
[ -x "$PY" ] || { echo "no reference venv at $PY: run bash $SHARED/bench/setup.sh" >&2; exit 1; }
[ -x "$KITH" ] || { echo "no kith binary at $KITH: cargo build --release" >&2; exit 1; }
mkdir -p "$DATA"
for n in 1000000 100000; do
  [ -s "$DATA/customers_$n.csv" ] ||
    "$PY" "$SHARED/bench/gen_synthetic.py" customers --n "$n" --seed 42 --out "$DATA/customers_$n.csv"
done
FEATURES7=age,income,education_years,spending,recency_days,frequency,monetary

now() { date +%s.%N; }
# kith_seconds CMD…: wall time of the whole process.
kith_seconds() { local t0; t0=$(now); "$@" >/dev/null; echo "$(now) - $t0" | bc -l; }
# ref_seconds ARGS…: the reference's own timing of its algorithm call.
ref_seconds() { "$PY" "$SHARED/bench/reference.py" "$@" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["seconds"])'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# bench NAME "KITH ARGS" "REFERENCE ARGS"
bench() {
  local name=$1 kith_args=$2 ref_args=$3 k=() r=()
  for _ in $(seq "$ROUNDS"); do
    # shellcheck disable=SC2086
    k+=("$(kith_seconds "$KITH" $kith_args)")
    # shellcheck disable=SC2086
    r+=("$(ref_seconds $ref_args)")
  done
  local km rm
  km=$(printf '%s\n' "${k[@]}" | median)
  rm=$(printf '%s\n' "${r[@]}" | median)
  printf '%-34s kith %7.3f s   reference %7.3f s   ratio %.2f\n' "$name" "$km" "$rm" "$(echo "$km / $rm" | bc -l)"
}

echo "median of $ROUNDS alternating rounds; kith = whole process (CSV parsing included), reference = fit call only"
bench "regress OLS 1M×3 vs sklearn" \
  "analyze regress --input $DATA/customers_1000000.csv --features age,income,education_years --target spending" \
  "linreg --data $DATA/customers_1000000.csv"
bench "tree gini 100k×7, one fit" \
  "analyze tree --input $DATA/customers_100000.csv --features $FEATURES7 --target churned --folds 0" \
  "tree --data $DATA/customers_100000.csv --criterion gini"
bench "tree gini 100k×7, fit + 5-fold CV" \
  "analyze tree --input $DATA/customers_100000.csv --features $FEATURES7 --target churned --folds 5" \
  "tree --data $DATA/customers_100000.csv --criterion gini"
bench "tree entropy 100k×7, one fit" \
  "analyze tree --input $DATA/customers_100000.csv --features $FEATURES7 --target churned --folds 0 --criterion entropy" \
  "tree --data $DATA/customers_100000.csv --criterion entropy"
