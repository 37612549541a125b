#!/usr/bin/env bash
# parameters_doc.sh — docs/PARAMETERS.md is exactly what `aiecon params --markdown` prints from the
# parameter table (include/aiecon/params/scenario_params.h), so the checked-in copy cannot go
# stale; `aiecon params` lists every key of a resolved scenario file; bad usage exits 2.
source "$(dirname "$0")/common.sh"
scratch

if "$AIECON" params --markdown >"$SCRATCH/PARAMETERS.md"; then
  if cmp -s "$SCRATCH/PARAMETERS.md" docs/PARAMETERS.md; then
    pass "docs/PARAMETERS.md is up to date"
  else
    fail "docs/PARAMETERS.md is stale; regenerate it with:  $AIECON params --markdown > docs/PARAMETERS.md"
    diff docs/PARAMETERS.md "$SCRATCH/PARAMETERS.md" | head -20
  fi
else
  fail "aiecon params --markdown failed"
fi

# every key the resolved baseline (a full AI economy) prints is listed, as a generic key path
"$AIECON" params >"$SCRATCH/list.txt" || fail "aiecon params failed"
"$AIECON" check inputs/baseline.yaml >"$SCRATCH/baseline.yaml" || fail "aiecon check baseline failed"
missing=$(/usr/bin/python3 - "$SCRATCH/baseline.yaml" "$SCRATCH/list.txt" <<'PY'
# the key paths of the block-style YAML that scenario_to_yaml prints (no YAML module needed):
# a stack of (indent, path); a list item "- " opens the entry "path.*" one column in
import sys
listed = {line.split()[0] for line in open(sys.argv[2]) if line.strip()}
stack, keys = [], set()
for line in open(sys.argv[1]):
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    indent = len(line) - len(line.lstrip(" "))
    text = line.strip()
    if text.startswith("- "):
        while stack and stack[-1][0] > indent:
            stack.pop()
        stack.append((indent + 1, stack[-1][1] + ".*"))
        indent, text = indent + 2, text[2:]
    while stack and stack[-1][0] >= indent:
        stack.pop()
    path = (stack[-1][1] + "." if stack else "") + text.split(":")[0]
    keys.add(path)
    stack.append((indent, path))
print(" ".join(sorted(keys - listed)))
PY
)
[ -z "$missing" ] && pass "aiecon params lists every key of the resolved baseline" \
  || fail "aiecon params leaves out: $missing"

"$AIECON" params --bogus >/dev/null 2>&1; [ $? -eq 2 ] && pass "params --bogus: exit 2" || fail "params --bogus should exit 2"
grep -q usage <("$AIECON" params --help) && pass "params --help" || fail "params --help"
finish
