/* market.c — exact global figures from every rank's integer tallies (see market.h).
 * The three per-region arrays of a households_tally are contiguous int64s: one MPI_Allreduce
 * (SUM, MPI_INT64_T) of 3 × SCENARIO_MAX_REGIONS numbers per step. Integer addition is associative,
 * so the result is the same for any rank count or reduction tree. */
#include "aiecon/engine/reduce.h"

aiecon_status market_reduce_households(households_tally *tally, MPI_Comm comm, aiecon_error *err)
{
    _Static_assert(sizeof(households_tally) == 3 * SCENARIO_MAX_REGIONS * sizeof(int64_t),
                   "households_tally must be a plain array of int64");
    int rc = MPI_Allreduce(MPI_IN_PLACE, tally, 3 * SCENARIO_MAX_REGIONS, MPI_INT64_T, MPI_SUM, comm);
    if (rc != MPI_SUCCESS) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "market: MPI_Allreduce failed (error %d)", rc);
    }
    return AIECON_OK;
}

double market_adopted_share(const households_tally *tally, unsigned r)
{
    return tally->total[r] > 0 ? (double)tally->adopted[r] / (double)tally->total[r] : 0.0;
}

aiecon_status market_reduce_economy(economy_tally *tally, MPI_Comm comm, aiecon_error *err)
{
    _Static_assert(sizeof(economy_tally) % sizeof(int64_t) == 0, "economy_tally must be a plain array of int64");
    int count = (int)(sizeof(economy_tally) / sizeof(int64_t));
    int rc = MPI_Allreduce(MPI_IN_PLACE, tally, count, MPI_INT64_T, MPI_SUM, comm);
    if (rc != MPI_SUCCESS) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "market: MPI_Allreduce failed (error %d)", rc);
    }
    return AIECON_OK;
}
