/* stop.c — the stop request a signal leaves for the step loop (see stop.h).
 *
 * What it does: a sigaction handler stores the signal number in a volatile sig_atomic_t; the step
 * loop reads it at each step boundary and agrees on it across ranks with one MPI_Allreduce (MAX).
 * Why: a handler may do almost nothing safely (no MPI, no stdio, no malloc), and a signal sent
 * to one rank must still stop all ranks at the same step, or the others would wait forever in
 * the next collective. What it costs: one 4-byte MPI_Allreduce per step.
 * The flag is aiecon's only global mutable state (documented in stop.h). */
#include "aiecon/engine/stop.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_signal = 0; /* the documented exception: see stop.h */

static const int stop_signals[] = {SIGUSR1, SIGTERM, SIGINT};
enum { STOP_SIGNALS = sizeof stop_signals / sizeof stop_signals[0] };

static void stop_handler(int sig)
{
    if (stop_signal == 0) stop_signal = sig; /* the first one names the stop (Ctrl-C, then mpirun's SIGTERM) */
}

int stop_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = stop_handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < STOP_SIGNALS; i++) {
        if (sigaction(stop_signals[i], &sa, NULL) != 0) return -1;
    }
    return 0;
}

void stop_uninstall(void)
{
    for (int i = 0; i < STOP_SIGNALS; i++) signal(stop_signals[i], SIG_DFL);
}

int stop_requested(void)
{
    return (int)stop_signal;
}

int stop_agreed(MPI_Comm comm)
{
    int mine = (int)stop_signal, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, comm);
    return any;
}

void stop_request(int signal)
{
    stop_signal = signal;
}
