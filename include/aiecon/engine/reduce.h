/* reduce.h — turn every rank's contributions into the same global figures on every rank.
 *
 * Sums are of exact integers (int64) and reduced with one MPI_Allreduce, so the result cannot
 * depend on the number of ranks or the order of reduction; figures derived from them are computed
 * identically on every rank. Floating-point sums over agents are not allowed here: a model keeps
 * its per-step tallies as plain arrays of int64 and hands them to reduce_sum. */
#ifndef AIECON_REDUCE_H
#define AIECON_REDUCE_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/status.h"

/* Collective: replace each rank's values[count] with their sum over all ranks (in place). */
aiecon_status reduce_sum(int64_t *values, size_t count, MPI_Comm comm, aiecon_error *err);

#endif
