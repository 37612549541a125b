#!/usr/bin/env bash
# mutate.sh [NAME...] — the mutation score (issue 20): apply each one-line mutation of
# tests/mutation/mutations.txt (or only the NAMEs given) to a copy of the tree, rebuild, run the
# tests, and report which mutants survive. ctest runs it under the label `mutation` (not part of
# the default run: `ctest -LE mutation`); by hand: `bash tests/mutation/mutate.sh`.
#
# The copy: the tracked and untracked-not-ignored files of SOURCE_DIR (default: this checkout) in
# AIECON_MUTATION_DIR (default: a fresh folder under /tmp, removed at the end unless
# AIECON_MUTATION_KEEP=1), configured once without -Werror (a mutant that only trips a warning is
# still a mutant), rebuilt incrementally for each mutant with AIECON_MUTATION_JOBS (default 1)
# make jobs. The tests run in stages, cheap first; a mutant killed by a stage skips the rest, and
# the report names every test of that stage that failed (AIECON_MUTATION_STAGES overrides the
# stages: ctest -R regexes separated by `;`). The unmutated tree must pass every stage first.
# A mutant whose build fails is "stillborn" and does not count. A survivor must be explained in
# tests/mutation/survivors.txt (`NAME: why it is equivalent or out of reach`), else exit 1.
# Output: the report (markdown) on stdout and in AIECON_MUTATION_REPORT (default
# BUILD_DIR/mutation-report.md, or the work folder's). Cost: about 30 s to 3 min per mutant on 2
# cores (stage 1 takes ~20 s; a survivor runs every stage).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${SOURCE_DIR:=$(cd "$here/../.." && pwd)}"
list="$SOURCE_DIR/tests/mutation/mutations.txt"
explained="$SOURCE_DIR/tests/mutation/survivors.txt"
jobs=${AIECON_MUTATION_JOBS:-1}
stages=${AIECON_MUTATION_STAGES:-'^unit_;^(pinned_tally|bass_declared|bass_fit|tiny_identical_ranks|restart_tiny|output_identities)$;^(readme_story|calibration|invariants|checkpoint_kill|rumour_identical_ranks)$;^(accounting|variants|regression|baseline_identical_ranks|restart_bass)$'}
apply() { /usr/bin/python3 "$SOURCE_DIR/tests/mutation/apply.py" "$list" "$@"; }

work=${AIECON_MUTATION_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/aiecon-mutation.XXXXXX")}
[ "${AIECON_MUTATION_KEEP:-0}" = 1 ] || [ -n "${AIECON_MUTATION_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
report=${AIECON_MUTATION_REPORT:-${BUILD_DIR:+$BUILD_DIR/mutation-report.md}}
report=${report:-$work/mutation-report.md}
tree="$work/tree"
mkdir -p "$tree"
if [ ! -f "$tree/CMakeLists.txt" ]; then
  (cd "$SOURCE_DIR" && git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf -) \
    | tar -C "$tree" -xf - || { echo "mutate: cannot copy $SOURCE_DIR"; exit 2; }
fi
echo "mutate: tree copied to $tree" >&2
cmake -S "$tree" -B "$tree/build" -DAIECON_WERROR=OFF >"$work/configure.log" 2>&1 \
  || { tail -20 "$work/configure.log"; echo "mutate: configure failed"; exit 2; }

build() { cmake --build "$tree/build" -j "$jobs" >"$work/build.log" 2>&1; }
# run_stage REGEX — 0 if every test passes; the failed tests' names in $work/failed. A test that
# fails and then passes when run again alone is a flake (a timing test on a busy machine), not a
# kill: it is noted in $work/flakes and the stage counts as passed. ctest's output of a failing
# stage is kept in $work/logs/.
run_stage() {
  (cd "$tree/build" && ctest -j2 -R "$1" -LE 'slurm|mutation' --timeout 600 >"$work/ctest.log" 2>&1)
  local rc=$?
  : >"$work/failed"
  [ $rc -eq 0 ] && return 0
  mkdir -p "$work/logs"
  cp "$work/ctest.log" "$work/logs/${current:-unmutated}.$(date +%s).log"
  sed -n 's/^[0-9]*:\(.*\)$/\1/p' "$tree/build/Testing/Temporary/LastTestsFailed.log" 2>/dev/null | tr '\n' ' ' >"$work/failed"
  local again=""
  for t in $(cat "$work/failed"); do
    (cd "$tree/build" && ctest -R "^$t\$" --timeout 600 >"$work/rerun.log" 2>&1) \
      && echo "${current:-unmutated}: $t failed, then passed alone" >>"$work/flakes" || again="$again$t "
  done
  echo "$again" >"$work/failed"
  [ -z "$again" ]
}

build || { tail -30 "$work/build.log"; echo "mutate: the unmutated tree does not build"; exit 2; }
IFS=';' read -r -a stage_list <<<"$stages"
for s in "${stage_list[@]}"; do
  if ! run_stage "$s"; then
    echo "mutate: the unmutated tree fails stage $s: $(cat "$work/failed")"; exit 2
  fi
done
echo "mutate: the unmutated tree passes every stage" >&2

if [ $# -gt 0 ]; then names=("$@"); else mapfile -t names < <(apply "$tree" list); fi
killed=0 survived=0 stillborn=0 unexplained=0
rows=()
for name in "${names[@]}"; do
  start=$SECONDS
  current=$name
  if ! file=$(apply "$tree" apply "$name"); then
    rows+=("| $name | | stale: does not apply | |"); stillborn=$((stillborn + 1)); continue
  fi
  why=$(apply "$tree" why "$name")
  verdict="" by=""
  if ! build; then
    verdict="stillborn (does not build)"; stillborn=$((stillborn + 1))
  else
    stage_no=0
    for s in "${stage_list[@]}"; do
      stage_no=$((stage_no + 1))
      if ! run_stage "$s"; then by=$(cat "$work/failed"); verdict="killed (stage $stage_no)"; break; fi
    done
    if [ -z "$verdict" ]; then
      survived=$((survived + 1))
      reason=$(sed -n "s/^$name: //p" "$explained" 2>/dev/null)
      if [ -n "$reason" ]; then verdict="survived (explained: $reason)"
      else verdict="**survived, unexplained**"; unexplained=$((unexplained + 1)); fi
    else
      killed=$((killed + 1))
    fi
  fi
  # the original back, with a fresh mtime so that the next build recompiles it
  mv "$tree/$file.mutation-orig" "$tree/$file" && touch "$tree/$file"
  rows+=("| $name | $why | $verdict | $by |")
  echo "mutate: $name: $verdict${by:+ by $by} ($((SECONDS - start)) s)" >&2
done
score="n/a"
[ $((killed + survived)) -gt 0 ] && score="$killed of $((killed + survived)) killed ($((100 * killed / (killed + survived))) %)"
{
  echo "# Mutation score"
  echo
  echo "$(date -u +%Y-%m-%d), $(git -C "$SOURCE_DIR" rev-parse --short HEAD 2>/dev/null): $score; $survived survived" \
       "($unexplained unexplained), $stillborn stillborn."
  echo
  echo "| mutation | what it breaks | verdict | failing tests |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  if [ -s "$work/flakes" ]; then
    echo
    echo "Failures that passed when run again alone (flakes, not counted as kills):"
    sed 's/^/* /' "$work/flakes"
  fi
} | tee "$report"
echo "mutate: report in $report" >&2
[ "$unexplained" -eq 0 ]
