#!/usr/bin/env bash
# layout.sh — the engine stays apart from the models (docs/ARCHITECTURE.md): no file under
# src/engine or include/aiecon/engine includes a model or scenario header, the models never
# include the command line's, and io/ (the scenario loader) includes nothing but the engine.
# Nothing below the command line names MPI_COMM_WORLD (an ensemble runs the engine on a group's
# communicator). A grep over the sources, no build needed; fails naming each offending line.
source "$(dirname "$0")/common.sh"
check() { # check WHAT PATTERN DIRS... — no #include matching PATTERN in DIRS
  local what=$1 pattern=$2; shift 2
  local hits; hits=$(grep -rnE "#include \"aiecon/($pattern)" "$@" 2>/dev/null)
  if [ -z "$hits" ]; then pass "$what"; else fail "$what:"; echo "$hits"; fi
}
check "the engine includes no model or io header" "models/|io/|bench" src/engine include/aiecon/engine
check "io/ includes only the engine" "models/|bench" src/io include/aiecon/io
check "the models do not include the command line's headers" "bench" src/models include/aiecon/models
check "the economy's populations do not include its players" "models/economy/players" \
  src/models/economy/populations include/aiecon/models/economy/populations
check "nothing includes the diffusion or rumour model but the command line and run.c" \
  "models/(diffusion|rumour).h" src/engine src/io src/models/economy include
# everything below the command line works on the communicator it is given (an ensemble's group)
hits=$(grep -rn "MPI_COMM_WORLD" src/engine src/models src/io include/aiecon 2>/dev/null)
[ -z "$hits" ] && pass "no MPI_COMM_WORLD under src/engine, src/models, src/io, include (main.c hands the communicator)" \
  || { fail "MPI_COMM_WORLD below the command line:"; echo "$hits"; }
[ ! -e src/bench_rumour.c ] && pass "bench_rumour.c is gone (the rumour model runs on the driver)" \
  || fail "src/bench_rumour.c is back"
finish
