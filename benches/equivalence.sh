#!/usr/bin/env bash
# Byte-for-byte equivalence of two offgrid binaries: a change that should
# not change what offgrid says (a refactor, a speed-up) is checked with
#
#   benches/equivalence.sh OLD_BINARY NEW_BINARY [SET...]
#
# For each set, in UTC and in New York time, it runs `report --format csv
# --all`, `people --format csv` and `explain` (of the report's first
# person) with both binaries and compares stdout, stderr and the exit code.
# Sets: demo, overlap (the demo with its Facebook archive given twice more),
# synth-300-1..3 (the identity generator's sets), scale-200k, and scale-3m
# when target/bench-data holds it (benches/e2e.sh makes it). Generated sets
# are written once (with `xtask synth`) into target/equivalence-data/.
set -euo pipefail
cd "$(dirname "$0")/.."

old=${1:?usage: benches/equivalence.sh OLD_BINARY NEW_BINARY [SET...]}
new=${2:?usage: benches/equivalence.sh OLD_BINARY NEW_BINARY [SET...]}
shift 2
sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
    sets=(demo overlap synth-300-1 synth-300-2 synth-300-3 scale-200k)
    [ -d target/bench-data/p20000-m3000000/exports ] && sets+=(scale-3m)
fi
data=target/equivalence-data
mkdir -p "$data"
cargo build --quiet -p xtask
xtask=target/debug/xtask
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The inputs of a set, generated once.
inputs() {
    case $1 in
        demo) echo fixtures/demo ;;
        overlap)
            if [ ! -d "$data/overlap" ]; then
                mkdir -p "$data/overlap/a" "$data/overlap/b"
                cp -r fixtures/demo/facebook-morganreyes "$data/overlap/a/"
                cp -r fixtures/demo/facebook-morganreyes "$data/overlap/b/"
            fi
            echo fixtures/demo "$data/overlap/a" "$data/overlap/b"
            ;;
        synth-300-*)
            local seed=${1##*-}
            if [ ! -d "$data/$1/exports" ]; then
                "$xtask" synth --people 300 --seed "$seed" --out "$data/$1" >/dev/null
            fi
            echo "$data/$1/exports"
            ;;
        scale-200k)
            if [ ! -f "$data/scale-200k/.complete" ]; then
                rm -rf "$data/scale-200k"
                "$xtask" synth --people 2000 --messages 200000 --seed 1 --out "$data/scale-200k" >/dev/null
                touch "$data/scale-200k/.complete"
            fi
            echo "$data/scale-200k/exports"
            ;;
        scale-3m) echo target/bench-data/p20000-m3000000/exports ;;
        *) echo "unknown set $1" >&2; exit 2 ;;
    esac
}

# Runs one binary; writes stdout, stderr and the exit code under $2.
run() {
    local bin=$1 out=$2
    shift 2
    local code=0
    env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C "$bin" "$@" \
        >"$out.stdout" 2>"$out.stderr" || code=$?
    echo "$code" >"$out.code"
}

failed=0
checked=0
for set in "${sets[@]}"; do
    read -r -a in <<<"$(inputs "$set")"
    for tz in UTC America/New_York; do
        common=(--tz "$tz" --region US)
        first=$("$new" report "${in[@]}" --format csv --all --as-of 2026-11-26 "${common[@]}" -q \
            | awk -F, 'NR == 2 { print $2 }')
        for cmd in report people explain; do
            case $cmd in
                report) args=(report "${in[@]}" --format csv --all --as-of 2026-11-26 "${common[@]}") ;;
                people) args=(people "${in[@]}" --format csv "${common[@]}") ;;
                explain) args=(explain "$first" "${in[@]}" --as-of 2026-11-26 "${common[@]}") ;;
            esac
            run "$old" "$work/old" "${args[@]}"
            run "$new" "$work/new" "${args[@]}"
            checked=$((checked + 1))
            same=yes
            for part in stdout stderr code; do
                cmp -s "$work/old.$part" "$work/new.$part" || same="no ($part differs)"
            done
            printf '%-12s %-17s %-8s %s\n' "$set" "$tz" "$cmd" "$same"
            if [ "$same" != yes ]; then
                failed=$((failed + 1))
                diff "$work/old.stdout" "$work/new.stdout" | head -n 5 || true
                diff "$work/old.stderr" "$work/new.stderr" | head -n 5 || true
            fi
        done
    done
done
echo "$checked runs compared, $failed differ"
[ "$failed" -eq 0 ]
