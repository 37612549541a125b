/* timer.c — phase timers and their end-of-run report (see timer.h).
 * Cost: two clock_gettime calls per timed region; the report is one MPI_Reduce of two small arrays. */
#include "aiecon/engine/timer.h"

#include <time.h>

static const char *const timer_names[TIMER_PHASES] = {
    "setup", "network build", "halo exchange", "agent update", "reductions", "players", "output", "checkpoint",
};

double timer_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void timer_init(timer_set *t)
{
    for (int i = 0; i < TIMER_PHASES; i++) {
        t->total[i] = 0.0;
        t->started[i] = 0.0;
    }
}

void timer_start(timer_set *t, timer_phase phase) { t->started[phase] = timer_now(); }

void timer_stop(timer_set *t, timer_phase phase) { t->total[phase] += timer_now() - t->started[phase]; }

int timer_report(const timer_set *t, MPI_Comm comm, FILE *out)
{
    int rank, ranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    double sum[TIMER_PHASES], max[TIMER_PHASES];
    int rc = MPI_Reduce(t->total, sum, TIMER_PHASES, MPI_DOUBLE, MPI_SUM, 0, comm);
    if (rc == MPI_SUCCESS) {
        rc = MPI_Reduce(t->total, max, TIMER_PHASES, MPI_DOUBLE, MPI_MAX, 0, comm);
    }
    if (rc != MPI_SUCCESS || rank != 0 || out == NULL) {
        return rc;
    }
    double all = 0.0;
    for (int i = 0; i < TIMER_PHASES; i++) {
        all += sum[i] / ranks;
    }
    fprintf(out, "time per phase (mean over %d rank(s) / slowest rank):\n", ranks);
    for (int i = 0; i < TIMER_PHASES; i++) {
        if (max[i] > 0.0) {
            fprintf(out, "  %-14s %10.3f s %10.3f s  %5.1f%%\n", timer_names[i], sum[i] / ranks, max[i],
                    all > 0 ? 100.0 * sum[i] / ranks / all : 0.0);
        }
    }
    return rc;
}
