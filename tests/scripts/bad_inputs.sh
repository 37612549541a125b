#!/usr/bin/env bash
# bad_inputs.sh — every case of tests/bad-inputs/ (NAME.yaml, optional NAME.args and NAME.expect)
# run on 3 ranks must end within 10 s with exit 2, one error line on stderr naming the key or file
# (the .expect text), and no output file. Cases that need the file system (missing file,
# unreadable file, missing output folder) are made here.
source "$(dirname "$0")/common.sh"
scratch
ranks=${BAD_INPUT_RANKS:-3}

# check_case NAME EXPECT SCENARIO [ARGS...]
check_case() {
  local name=$1 expect=$2 scenario=$3; shift 3
  local out="$SCRATCH/out-$name.nc" start=$SECONDS
  timeout -k 5 10 "$MPIEXEC" -n "$ranks" "$AIECON" run "$scenario" -o "$out" --quiet "$@" \
    >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
  local rc=$? took=$((SECONDS - start))
  local lines; lines=$(grep -cv '^\s*$' "$SCRATCH/stderr")
  if [ $rc -ne 2 ]; then fail "$name: exit $rc after ${took}s (expected 2): $(head -3 "$SCRATCH/stderr")"
  elif ! grep -qF -- "$expect" "$SCRATCH/stderr"; then fail "$name: message lacks '$expect': $(cat "$SCRATCH/stderr")"
  elif [ "$lines" -ne 1 ]; then fail "$name: $lines lines on stderr (expected 1): $(cat "$SCRATCH/stderr")"
  elif ls -A "$SCRATCH" | grep "^\.\?out-$name" >/dev/null; then fail "$name: an output file was created"
  else pass "$name ($(cat "$SCRATCH/stderr"))"
  fi
}

count=0
for yaml in tests/bad-inputs/*.yaml; do
  name=$(basename "$yaml" .yaml)
  expect=$(cat "tests/bad-inputs/$name.expect" 2>/dev/null || echo "$yaml")
  args=()
  [ -f "tests/bad-inputs/$name.args" ] && read -r -a args <"tests/bad-inputs/$name.args"
  check_case "$name" "$expect" "$yaml" "${args[@]}"
  count=$((count + 1))
done
check_case missing-file "$SCRATCH/no-such.yaml" "$SCRATCH/no-such.yaml"
mkdir "$SCRATCH/folder.yaml"
check_case unreadable-folder "$SCRATCH/folder.yaml" "$SCRATCH/folder.yaml"
if [ "$(id -u)" != 0 ]; then
  cp inputs/bass-validation.yaml "$SCRATCH/locked.yaml"; chmod 000 "$SCRATCH/locked.yaml"
  check_case unreadable-file "$SCRATCH/locked.yaml" "$SCRATCH/locked.yaml"
else
  echo "note: running as root, which reads any file: the unreadable case uses a folder (above)"
fi
check_case missing-output-folder "$SCRATCH/no-such-dir" inputs/bass-validation.yaml -o "$SCRATCH/no-such-dir/out.nc"
check_case unknown-set-path "no.such.key" inputs/bass-validation.yaml --set no.such.key=1
check_case set-wrong-type "households.bass_p" inputs/bass-validation.yaml --set households.bass_p=abc
check_case bad-steps-option "run.steps" inputs/bass-validation.yaml --steps -4
# huge documents, made here rather than kept in git: 17 MB (over the 16 MiB limit) and a
# 5 MB title in an otherwise good scenario
head -c 17000000 /dev/zero | tr '\0' x | sed 's/^/title: /' >"$SCRATCH/huge.yaml"
check_case huge-document "too large" "$SCRATCH/huge.yaml"
{ printf 'title: '; head -c 5000000 /dev/zero | tr '\0' x; echo; grep -v '^title:' inputs/tiny.yaml; } >"$SCRATCH/huge-title.yaml"
check_case huge-title "title: 5000000 bytes long" "$SCRATCH/huge-title.yaml"
echo "$((count + 8)) cases"
[ "$count" -ge 40 ] || fail "the corpus has only $count cases in tests/bad-inputs (want at least 40)"
finish
