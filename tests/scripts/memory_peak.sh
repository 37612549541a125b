#!/usr/bin/env bash
# memory_peak.sh — the network build in slices keeps the peak resident memory near the steady
# state (issue 19): `aiecon bench` prints the peak (ru_maxrss) and the steady resident set; the
# peak must stay within 1.5 × the steady state for bass and full at 1 and 2 ranks (the build
# before held every edge end three times: 2.4 × for bass), and bass at 1 rank within 64 bytes per
# agent at k = 8. 3e6 agents: large enough that MPI's own few tens of MB do not dominate.
source "$(dirname "$0")/common.sh"
for n in 1 2; do
  for kind in bass full; do
    line=$(mpirun_n $n "$AIECON" bench --kind $kind --households 3e6 --steps 1 --quiet | grep 'peak memory') \
      || fail "$kind at $n ranks: bench failed"
    echo "$line"
    ratio=$(echo "$line" | sed -n 's/.*peak\/steady \([0-9.]*\).*/\1/p')
    perag=$(echo "$line" | sed -n 's/.*MB\/rank (\([0-9.]*\) bytes\/agent), steady.*/\1/p')
    awk -v r="${ratio:-99}" 'BEGIN { exit !(r <= 1.5) }' && pass "$kind, $n rank(s): peak/steady $ratio <= 1.5" \
      || fail "$kind, $n rank(s): peak/steady ${ratio:-missing} > 1.5"
    if [ $kind = bass ] && [ $n = 1 ]; then
      awk -v b="${perag:-999}" 'BEGIN { exit !(b <= 64) }' && pass "bass, 1 rank: peak $perag bytes/agent <= 64" \
        || fail "bass, 1 rank: peak ${perag:-missing} bytes/agent > 64"
    fi
  done
done
finish
