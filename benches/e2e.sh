#!/usr/bin/env bash
# End-to-end benchmark (docs/performance.md): `offgrid report` against the
# floor (`xtask floor`: reading and inflating exactly the entries report
# imports, without parsing them) on the scale sets, each run twice (first
# run and rerun). Prints wall time, the ratio to the floor, and peak RSS.
#
#   benches/e2e.sh                     # 20,000 people; 3M and 6M messages
#   OFFGRID_BENCH_SIZES="300000" benches/e2e.sh
#
# The sets are generated once into target/bench-data/ (seeded: the same
# bytes every time; 3M messages is about 340 MB on disk, photos included).
set -euo pipefail
cd "$(dirname "$0")/.."

people=${OFFGRID_BENCH_PEOPLE:-20000}
sizes=${OFFGRID_BENCH_SIZES:-"3000000 6000000"}
data=${OFFGRID_BENCH_DATA:-target/bench-data}
bin=target/release/offgrid
xtask=target/release/xtask

if [ ! -x /usr/bin/time ]; then
    echo "benches/e2e.sh needs GNU time for peak RSS: apt-get install time" >&2
    exit 1
fi
cargo build --release --locked --quiet --workspace
mkdir -p "$data"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Runs "$@" under GNU time; prints "seconds peak_KiB".
measure() {
    local status=0
    /usr/bin/time -f '%e %M' -o "$out" "$@" > /dev/null || status=$?
    # 3: the report was written but some records were skipped.
    if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
        echo "failed ($status): $*" >&2
        exit 1
    fi
    tail -n 1 "$out"
}

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
printf '%-9s %-6s %11s %9s %7s %14s %12s\n' \
    messages run report_s floor_s ratio report_MiB floor_MiB
for n in $sizes; do
    dir="$data/p$people-m$n"
    if [ ! -f "$dir/.complete" ]; then
        rm -rf "$dir"
        "$xtask" synth --people "$people" --messages "$n" --seed 1 --out "$dir" >&2
        touch "$dir/.complete"
    fi
    # Both read from the page cache: warm it once.
    cat "$dir"/exports/* > /dev/null
    for run in first rerun; do
        read -r fs fk < <(measure "$xtask" floor "$dir/exports")
        read -r rs rk < <(measure "$bin" report "$dir/exports" \
            --as-of 2026-11-26 --tz UTC --format csv --all -q)
        printf '%-9s %-6s %11s %9s %7s %14s %12s\n' "$n" "$run" "$rs" "$fs" \
            "$(awk "BEGIN { printf \"%.2f\", $rs / $fs }")" \
            "$((rk / 1024))" "$((fk / 1024))"
    done
done
