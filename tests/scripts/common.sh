# common.sh — sourced by the script tests: where things are and how to start MPI jobs.
# ctest sets AIECON (the binary), MPIEXEC, SOURCE_DIR and BUILD_DIR; running a script by hand
# works too when those are exported.
set -u
# a pipeline fails when any of its commands fails (a failing tool piped into tee or grep is a failure)
set -o pipefail   # so never `producer | grep -q PAT` (grep quits early, producer gets SIGPIPE): grep -q PAT <(producer)
: "${AIECON:?AIECON must name the aiecon binary}"
: "${MPIEXEC:=mpiexec}"
: "${SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${BUILD_DIR:=$(dirname "$AIECON")}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# mpirun adds a notice of its own when a rank exits non-zero; aiecon has already said what went wrong
export OMPI_MCA_orte_execute_quiet=1
# PMIx 4.2's shared-memory store (gds ds21) can deadlock mpirun at exit when ranks end quickly;
# the hash store does not (openpmix issues 1233, 4269)
export PMIX_MCA_gds=hash
# more ranks than cores in tests: ranks waiting in MPI give the core away instead of spinning
export OMPI_MCA_mpi_yield_when_idle=1
cd "$SOURCE_DIR" || exit 1

# mpirun_n N ARGS... — run ARGS on N ranks.
mpirun_n() { local n=$1; shift; "$MPIEXEC" -n "$n" "$@"; }

# scratch — a fresh folder, removed when the script exits.
scratch() {
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/aiecon-test.XXXXXX")
  trap 'rm -rf "$SCRATCH"' EXIT
}

# data_hash OUT ARGS... — tests/tools/nc_data_hash ARGS into OUT; fails (counted, named) when the tool
# fails or prints nothing, so that two unreadable files never compare equal.
data_hash() {
  local out=$1; shift
  if "$BUILD_DIR/nc_data_hash" "$@" >"$out" && [ -s "$out" ]; then return 0; fi
  fail "nc_data_hash $* failed"; echo "unreadable: $*" >"$out.unreadable"; mv "$out.unreadable" "$out"; return 1
}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
finish() { if [ "$failures" -gt 0 ]; then echo "$failures failure(s)"; exit 1; fi; echo "all passed"; exit 0; }
