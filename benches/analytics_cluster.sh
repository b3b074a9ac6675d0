#!/usr/bin/env bash
# K-means and DBSCAN: the whole `kith analyze` process against scikit-learn's algorithm call, side
# by side, alternating, several rounds; prints each median and the ratio (kith / reference).
#
#   bash benches/analytics_cluster.sh            # 5 rounds
#   ROUNDS=9 bash benches/analytics_cluster.sh
#
# K-means is timed with --threads 1 and --threads 2 in the same rounds (scikit-learn always on one
# thread), each line with its own ratio.
#
# Last run, 2026-11-25, ROUNDS=7, on the 2-core machine shared with other builds (load ~4):
#   kmeans k=5 n_init=10 1M×7  --threads 1  kith 2.321 s  reference 4.810 s  ratio 0.48
#                              --threads 2  kith 2.456 s  reference 4.810 s  ratio 0.51
#   inertia kith 2385311.069942, scikit-learn 2385312.0655 (ratio 1.00000)
#   dbscan eps=0.3 m=10 20k×2               kith 0.084 s  reference 0.179 s  ratio 0.47
# Per-round K-means ratios ranged 0.43-0.66 under that load; CPU time (less noisy) is about
# 1.7-1.8 s for the whole kith process against 4.0 s for scikit-learn's fit alone.
#
# Needs ../shared/bench (bash ../shared/bench/setup.sh makes the venv once). The data comes from
# ../shared/bench/gen_synthetic.py (seeded; checked against SYNTHETIC.sha256 by the generator's
# README). scikit-learn runs single-threaded (OMP_NUM_THREADS=1), as the bench README says.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$HERE/../shared}"
PY="${BENCH_VENV:-/tmp/kith-bench-venv}/bin/python"
WORK="${WORK:-/tmp/kith-cluster-bench}"
ROUNDS="${ROUNDS:-5}"
mkdir -p "$WORK"

cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
TARGET="${CARGO_TARGET_DIR:-$HERE/target}"
# A private copy: a shared target directory may be rebuilt from another checkout meanwhile.
cp "$TARGET/release/kith" "$WORK/kith"
KITH="$WORK/kith"

[ -f "$WORK/customers_1000000.csv" ] ||
    "$PY" "$SHARED/bench/gen_synthetic.py" customers --n 1000000 --seed 42 --out "$WORK/customers_1000000.csv"
[ -f "$WORK/points_20000.csv" ] ||
    "$PY" "$SHARED/bench/gen_synthetic.py" points --n 20000 --seed 42 --out "$WORK/points_20000.csv"

FEATURES=age,income,education_years,spending,recency_days,frequency,monetary
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { "$PY" -c "import json,sys; print(json.loads(sys.stdin.read())['$1'])"; }

# Kith runs once per entry of VARIANTS (extra arguments; "" = none) in every round, each against the
# same reference runs, so a threads=1 and a threads=2 figure share one session.
VARIANTS=("")

bench() { # name, kith args..., --, reference args...
    local name="$1"; shift
    local kith_args=() ref_args=()
    while [ "$1" != "--" ]; do kith_args+=("$1"); shift; done
    shift
    ref_args=("$@")
    local v
    for v in "${!VARIANTS[@]}"; do : >"$WORK/$name.kith$v"; done
    : >"$WORK/$name.ref"
    for _ in $(seq "$ROUNDS"); do
        for v in "${!VARIANTS[@]}"; do
            local extra=() t0
            read -r -a extra <<<"${VARIANTS[$v]}"
            t0=$(now)
            "$KITH" "${kith_args[@]}" "${extra[@]}" >"$WORK/$name.out"
            echo "$(now) - $t0" | bc -l >>"$WORK/$name.kith$v"
        done
        OMP_NUM_THREADS=1 "$PY" "$SHARED/bench/reference.py" "${ref_args[@]}" >"$WORK/$name.json"
        field seconds <"$WORK/$name.json" >>"$WORK/$name.ref"
    done
    local k r; r=$(median <"$WORK/$name.ref")
    for v in "${!VARIANTS[@]}"; do
        k=$(median <"$WORK/$name.kith$v")
        printf '%-28s %-12s kith %7.3f s   reference %7.3f s   ratio %.2f   (medians of %s)\n' \
            "$name" "${VARIANTS[$v]}" "$k" "$r" "$(echo "$k / $r" | bc -l)" "$ROUNDS"
    done
}

# scikit-learn runs on one thread; Kith's restarts are timed on one thread and on two.
VARIANTS=("--threads 1" "--threads 2")
bench "kmeans k=5 n_init=10 1M×7" \
    analyze kmeans --input "$WORK/customers_1000000.csv" --features "$FEATURES" --k 5 --standardize --n-init 10 --seed 0 -- \
    kmeans --data "$WORK/customers_1000000.csv" --k 5 --n-init 10
KI=$(awk '/^inertia/ {print $2}' "$WORK/kmeans k=5 n_init=10 1M×7.out")
SI=$(field inertia <"$WORK/kmeans k=5 n_init=10 1M×7.json")
printf '    inertia: kith %s   scikit-learn %s   ratio %.5f (must be ≤ 1.03)\n' "$KI" "$SI" "$(echo "$KI / $SI" | bc -l)"

VARIANTS=("")
bench "dbscan eps=0.3 m=10 20k×2" \
    analyze dbscan --input "$WORK/points_20000.csv" --features x,y --eps 0.3 --min-samples 10 -- \
    dbscan --data "$WORK/points_20000.csv" --eps 0.3 --min-samples 10
grep -E 'clusters' "$WORK/dbscan eps=0.3 m=10 20k×2.out" | sed 's/^/    kith /'
echo "    scikit-learn n_clusters: $(field n_clusters <"$WORK/dbscan eps=0.3 m=10 20k×2.json")"
