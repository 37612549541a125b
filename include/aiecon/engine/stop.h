/* stop.h — stopping a run cleanly on a signal (SIGUSR1, SIGTERM, SIGINT).
 *
 * Slurm (`--signal=USR1@N`, or SIGTERM at the time limit or on pre-emption), a user's `kill` or a
 * person's Ctrl-C asks a run to stop. The handler only records the request; the step loop asks
 * stop_agreed() once per step boundary, which combines every rank's request with one
 * MPI_Allreduce, so a signal that reached only some ranks still stops all of them at the same
 * step. The run then writes a checkpoint, closes its output and exits with status 3.
 *
 * The one exception to "no global mutable state" in aiecon: the flag the handler sets. A signal
 * handler can reach no other state (it gets no argument), and the only object it may portably
 * write is a `volatile sig_atomic_t` with static storage. It lives in stop.c and is read and
 * cleared only through these functions. No MPI, no I/O and no allocation happen in the handler. */
#ifndef AIECON_STOP_H
#define AIECON_STOP_H

#include <mpi.h>

/* Install the handler for SIGUSR1, SIGTERM and SIGINT (SA_RESTART, so interrupted I/O resumes).
 * A request that came earlier is kept: main installs the handler first thing, so that a signal
 * in the first moments (a job's USR1 as it starts) stops the run at its first step instead of
 * killing the process. The first signal a rank receives is the one it reports. Returns 0, or -1
 * if sigaction failed. */
int stop_install(void);

/* Restore the default actions of the three signals. */
void stop_uninstall(void);

/* The signal that asked this rank to stop, or 0 if none (no MPI). */
int stop_requested(void);

/* Collective: the signal any rank received (the largest number if several), 0 if none. */
int stop_agreed(MPI_Comm comm);

/* For tests: ask for a stop as if `signal` had arrived (0 clears a request). */
void stop_request(int signal);

#endif
