#!/usr/bin/env bash
# Two offgrid binaries side by side on one set: their runs alternate (so a
# machine that drifts affects both alike), each `report` as benches/e2e.sh
# runs it, with the page cache warm.
#
#   benches/ab.sh OLD NEW [RUNS] [INPUT]
#
# RUNS defaults to 7; INPUT to the 3M-message scale set (benches/e2e.sh
# makes it). Prints, per binary: the fastest and the median wall time, the
# median CPU time (user + system) and the range of peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

old=${1:?usage: benches/ab.sh OLD NEW [RUNS] [INPUT]}
new=${2:?usage: benches/ab.sh OLD NEW [RUNS] [INPUT]}
runs=${3:-7}
input=${4:-target/bench-data/p20000-m3000000/exports}
if [ ! -x /usr/bin/time ]; then
    echo "benches/ab.sh needs GNU time: apt-get install time" >&2
    exit 1
fi
[ -e "$input" ] || { echo "no input at $input (benches/e2e.sh makes the scale sets)" >&2; exit 1; }
input=$(cd "$(dirname "$input")" && pwd)/$(basename "$input")
cat "$input"/* >/dev/null 2>&1 || true
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One run: "wall cpu peak_KiB" appended to $out/$2.
run() {
    local status=0
    /usr/bin/time -f '%e %U %S %M' -o "$out/last" "$1" report "$input" \
        --as-of 2026-11-26 --tz UTC --format csv --all -q >/dev/null || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
        echo "failed ($status): $1" >&2
        exit 1
    fi
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$out/last" >>"$out/$2"
}

for _ in $(seq "$runs"); do
    run "$old" old
    run "$new" new
done

# Fastest and median of column 1, median of column 2, range of column 3.
summary() {
    local n
    n=$(wc -l <"$out/$1")
    local mid=$(((n + 1) / 2))
    local fastest median cpu lo hi
    fastest=$(sort -n -k1,1 "$out/$1" | head -n 1 | cut -d' ' -f1)
    median=$(sort -n -k1,1 "$out/$1" | sed -n "${mid}p" | cut -d' ' -f1)
    cpu=$(sort -n -k2,2 "$out/$1" | sed -n "${mid}p" | cut -d' ' -f2)
    lo=$(sort -n -k3,3 "$out/$1" | head -n 1 | cut -d' ' -f3)
    hi=$(sort -n -k3,3 "$out/$1" | tail -n 1 | cut -d' ' -f3)
    printf '%-4s %s: %s / %s s, %s s CPU, %s-%s MiB\n' "$1" "$2" "$fastest" "$median" \
        "$cpu" "$((lo / 1024))" "$((hi / 1024))"
}
echo "$runs runs each, alternated, on $input"
summary old "$old"
summary new "$new"
