/* timer.h — wall-clock phase timers, so that a run reports where its time went.
 *
 * As in the proxy apps (CoMD): every communication and every phase of the step is wrapped in
 * timer_start/timer_stop on a named slot; at the end rank 0 prints, per phase, the mean and the
 * maximum over ranks. A timer set is a plain struct owned by the caller; no global state. */
#ifndef AIECON_TIMER_H
#define AIECON_TIMER_H

#include <stdio.h>
#include <mpi.h>

typedef enum timer_phase {
    TIMER_SETUP,       /* scenario, allocation, initial state */
    TIMER_NETWORK,     /* graph generation and halo plan */
    TIMER_HALO,        /* neighbour exchange (communication) */
    TIMER_UPDATE,      /* the agent loop */
    TIMER_REDUCE,      /* market reductions (communication) */
    TIMER_PLAYERS,     /* replicated players */
    TIMER_OUTPUT,      /* NetCDF writes */
    TIMER_CHECKPOINT,  /* checkpoint writes */
    TIMER_PHASES
} timer_phase;

typedef struct timer_set {
    double total[TIMER_PHASES];
    double started[TIMER_PHASES];
} timer_set;

void timer_init(timer_set *t);
void timer_start(timer_set *t, timer_phase phase);
void timer_stop(timer_set *t, timer_phase phase);
double timer_now(void);

/* Collective: reduce over comm and print one line per phase with time on rank 0 to out. */
int timer_report(const timer_set *t, MPI_Comm comm, FILE *out);

#endif
