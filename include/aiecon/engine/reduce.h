/* market.h — turn every rank's contributions into the same global figures on every rank.
 *
 * Sums are of exact integers (int64) and reduced with one MPI_Allreduce, so the result cannot
 * depend on the number of ranks or the order of reduction; the shares derived from them are
 * computed identically on every rank. Floating-point sums over agents are not allowed here. */
#ifndef AIECON_MARKET_H
#define AIECON_MARKET_H

#include <mpi.h>
#include "aiecon/models/economy/populations/households.h"
#include "aiecon/models/economy/populations/offers.h"
#include "aiecon/engine/status.h"

/* Collective: replace each rank's local tally with the global one. */
aiecon_status market_reduce_households(households_tally *tally, MPI_Comm comm, aiecon_error *err);

/* Collective: replace each rank's economy tally with the global one (one MPI_Allreduce). */
aiecon_status market_reduce_economy(economy_tally *tally, MPI_Comm comm, aiecon_error *err);

/* Adopted share of households in region r (0 when the region is empty). */
double market_adopted_share(const households_tally *tally, unsigned r);

#endif
