#!/usr/bin/env bash
# rumour_ranks.sh — `aiecon bench --kind rumour` (Repast HPC's example model) informs the same
# number of agents at 1, 2 and 3 ranks, and the rumour spreads beyond its 10 seeds.
source "$(dirname "$0")/common.sh"
for n in 1 2 3; do
  mpirun_n $n "$AIECON" bench --kind rumour --households 200000 --steps 200 --quiet | grep '^rumour: informed' \
    >"${TMPDIR:-/tmp}/rumour.$$.$n" || fail "rumour at $n ranks"
done
line=$(cat "${TMPDIR:-/tmp}/rumour.$$.1"); echo "$line"
for n in 2 3; do
  cmp -s "${TMPDIR:-/tmp}/rumour.$$.1" "${TMPDIR:-/tmp}/rumour.$$.$n" && pass "$n ranks: $line" \
    || fail "$n ranks: $(cat "${TMPDIR:-/tmp}/rumour.$$.$n")"
done
informed=$(echo "$line" | awk '{print $3}')
[ "${informed:-0}" -gt 10 ] && pass "the rumour spread ($informed informed)" || fail "the rumour did not spread"
rm -f "${TMPDIR:-/tmp}"/rumour.$$.*
finish
