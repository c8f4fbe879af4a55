#!/usr/bin/env bash
# Mail benchmark (docs/performance.md, "Mail"): `offgrid report` on a
# Takeout-shaped mbox against `cat` reading it from the page cache, and on
# the same mbox inside a Takeout zip against inflating it (`xtask floor`);
# peak RSS at each size, which should stay flat as the mbox grows.
#
#   benches/mail.sh                          # 250,000 and 500,000 messages
#   OFFGRID_BENCH_MAIL="20000" benches/mail.sh
#
# The mboxes are generated once into target/bench-data/ (`xtask mbox`,
# seeded: the same bytes every time; 500,000 messages are about 4.5 GB,
# and the zip of it about as much again).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${OFFGRID_BENCH_MAIL:-"250000 500000"}
data=${OFFGRID_BENCH_DATA:-target/bench-data}
bin=target/release/offgrid
xtask=target/release/xtask
name="All mail Including Spam and Trash.mbox"

if [ ! -x /usr/bin/time ]; then
    echo "benches/mail.sh needs GNU time for peak RSS: apt-get install time" >&2
    exit 1
fi
cargo build --release --locked --quiet --workspace
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Runs "$@" under GNU time; prints "seconds peak_KiB".
measure() {
    local status=0
    /usr/bin/time -f '%e %M' -o "$out" "$@" > /dev/null || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
        echo "failed ($status): $*" >&2
        exit 1
    fi
    tail -n 1 "$out"
}

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
printf '%-9s %-5s %9s %9s %7s %11s\n' messages input report_s floor_s ratio report_MiB
for n in $sizes; do
    dir="$data/mail-m$n"
    mbox="$dir/Takeout/Mail/$name"
    zip="$dir/takeout-20261120T090000Z-001.zip"
    if [ ! -f "$dir/.complete" ]; then
        rm -rf "$dir"
        "$xtask" mbox --people 20000 --messages "$n" --seed 1 --out "$mbox" >&2
        (cd "$dir" && zip -q -r "$(basename "$zip")" Takeout)
        touch "$dir/.complete"
    fi
    # The mbox alone, against cat from the page cache (warmed twice).
    cat "$mbox" > /dev/null
    read -r cs _ < <(measure cat "$mbox")
    read -r rs rk < <(measure "$bin" report "$mbox" \
        --as-of 2026-11-26 --tz UTC --format csv --all -q)
    printf '%-9s %-5s %9s %9s %7s %11s\n' "$n" mbox "$rs" "$cs" \
        "$(awk "BEGIN { printf \"%.2f\", $rs / $cs }")" "$((rk / 1024))"
    # Inside the Takeout zip, against inflating it.
    cat "$zip" > /dev/null
    read -r fs _ < <(measure "$xtask" floor "$zip")
    read -r zs zk < <(measure "$bin" report "$zip" \
        --as-of 2026-11-26 --tz UTC --format csv --all -q)
    printf '%-9s %-5s %9s %9s %7s %11s\n' "$n" zip "$zs" "$fs" \
        "$(awk "BEGIN { printf \"%.2f\", $zs / $fs }")" "$((zk / 1024))"
done
