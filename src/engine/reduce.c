/* reduce.c — exact global figures from every rank's integer tallies (see reduce.h).
 * One MPI_Allreduce (SUM, MPI_INT64_T) in place. Integer addition is associative, so the result is
 * the same for any rank count or reduction tree. */
#include "aiecon/engine/reduce.h"

#include <limits.h>

aiecon_status reduce_sum(int64_t *values, size_t count, MPI_Comm comm, aiecon_error *err)
{
    if (count > INT_MAX) return aiecon_fail(err, AIECON_ERR_RUNTIME, "reduce: %zu values in one reduction", count);
    int rc = MPI_Allreduce(MPI_IN_PLACE, values, (int)count, MPI_INT64_T, MPI_SUM, comm);
    if (rc != MPI_SUCCESS) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "reduce: MPI_Allreduce failed (error %d)", rc);
    }
    return AIECON_OK;
}
