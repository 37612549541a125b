/* parallel.c — agreeing on failure across ranks (see parallel.h).
 * Cost: one MPI_Allreduce of two ints, plus one MPI_Bcast of a message only when something failed. */
#include "aiecon/engine/parallel.h"

#include <limits.h>

aiecon_status parallel_agree(MPI_Comm comm, aiecon_status local, aiecon_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    /* MAXLOC would give the highest rank on ties; use MAX of status, MIN of the failing rank. */
    int mine[2] = {(int)local, local != AIECON_OK ? -rank : INT_MIN};
    int worst[2];
    MPI_Allreduce(mine, worst, 2, MPI_INT, MPI_MAX, comm);
    if (worst[0] == AIECON_OK) {
        return AIECON_OK;
    }
    int root = -worst[1];
    aiecon_error scratch;
    aiecon_error *message = err != NULL ? err : &scratch;
    MPI_Bcast(message->message, AIECON_ERROR_MAX, MPI_CHAR, root, comm);
    /* ERR_INPUT (2) outranks ERR_RUNTIME (1); STOPPED (3) is decided elsewhere, never here. */
    return (aiecon_status)worst[0];
}
