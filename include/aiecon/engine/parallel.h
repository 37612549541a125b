/* parallel.h — keeping all ranks in agreement about failure.
 *
 * A rank that fails must never leave the others waiting in a collective. Every step that can fail
 * on some ranks only (I/O, allocation, input) is followed by parallel_agree(), which combines the
 * statuses with one MPI_Allreduce and hands every rank the message of the first failing rank, so
 * all ranks return the same status through the same code path and rank 0 prints it once.
 * MPI errors themselves keep MPI's default handler (MPI_ERRORS_ARE_FATAL): one clean abort of the
 * whole job, never a hang. */
#ifndef AIECON_PARALLEL_H
#define AIECON_PARALLEL_H

#include <mpi.h>
#include "aiecon/engine/status.h"

/* Collective: the worst status over comm (ERR_INPUT > ERR_RUNTIME > OK for the exit code);
 * if it is not OK, err on every rank receives the message of the lowest rank that failed. */
aiecon_status parallel_agree(MPI_Comm comm, aiecon_status local, aiecon_error *err);

#endif
