/* bench.h — `aiecon bench`: measure the engine, write no file.
 *
 * --kind bass: the household Bass step of the spine on a Watts–Strogatz graph (k = 8, beta = 0.1 by
 * default, the shape of bench/bare_kernel.c), Philox streams and halo exchange
 * included. Prints on rank 0:
 *     households: X agent-updates/s/core
 *     memory: Y bytes/agent
 * and the time per phase. X = agents × steps / (slowest rank's stepping time × ranks).
 * --kind full: the whole model step (offers, halo, households and businesses, reduction, players,
 * the cross-rank check) on a scenario scaled to --households agents in all; prints
 *     full: X agent-updates/s/core
 * --kind rumour: Repast HPC's rumour model (models/rumour.h) on --households agents; prints
 *     rumour: informed X of N after S steps
 * which is the same at any rank count. */
#ifndef AIECON_BENCH_H
#define AIECON_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/status.h"

typedef struct bench_options {
    const char *kind;        /* "bass" */
    uint64_t households;     /* agents, default 1e6 */
    uint32_t steps;          /* default 20 */
    uint32_t degree;         /* default 8 */
    double rewire;           /* default 0.1 */
    uint32_t seed;           /* default 1 */
    bool quiet;              /* no phase report */
    const char *scenario;    /* --kind full: scenario to scale (default inputs/baseline.yaml) */
} bench_options;

/* Collective. */
aiecon_status bench_run(MPI_Comm comm, const bench_options *o, aiecon_error *err);

#endif
