/* ensemble_internal.h — what ensemble.c (the plan and the groups) and ensemble_summary.c (progress,
 * the summary file and the verdict) share. Not part of the interface (ensemble.h). */
#ifndef AIECON_ENSEMBLE_INTERNAL_H
#define AIECON_ENSEMBLE_INTERNAL_H

#include <stdint.h>
#include <mpi.h>
#include "aiecon/models/ensemble.h"

enum { ENSEMBLE_PATH_LEN = 4096, ENSEMBLE_MESSAGE_LEN = 512 };
#define ENSEMBLE_SUMMARY "ensemble-summary.tsv"

/* What became of a member (the summary's `status` column names them). */
typedef enum ensemble_state {
    ENSEMBLE_TODO = 0,        /* planned: not complete when the ensemble started */
    ENSEMBLE_DONE_EARLIER,    /* complete when the ensemble started: skipped */
    ENSEMBLE_DONE,            /* run to completion by this ensemble */
    ENSEMBLE_FAILED,          /* its run failed (message says why); the others went on */
    ENSEMBLE_STOPPED,         /* stopped by a signal after a checkpoint: the same command resumes it */
    ENSEMBLE_NOT_STARTED      /* a signal came before its turn */
} ensemble_state;

/* The plan, the same on every rank. */
typedef struct ensemble_plan {
    uint32_t members, todo, done_before;
    uint32_t base_seed, steps;
    int groups;
    unsigned char *state;     /* [members] ensemble_state: TODO or DONE_EARLIER (owned) */
    double started;           /* rank 0's ensemble_clock() when the plan was made */
} ensemble_plan;

/* One member's outcome, as sent to rank 0 (plain bytes). */
typedef struct member_result {
    uint32_t member;
    int32_t state;            /* ensemble_state */
    int32_t group;
    int32_t resumed;          /* continued from its checkpoint */
    double seconds;
    char message[ENSEMBLE_MESSAGE_LEN];
} member_result;

/* A member's file names and option strings (the member's sim_options point into it). */
typedef struct ensemble_member {
    char output[ENSEMBLE_PATH_LEN], checkpoint[ENSEMBLE_PATH_LEN];
    char seed[48], history[ENSEMBLE_PATH_LEN];
} ensemble_member;

uint32_t ensemble_seed(const ensemble_plan *p, uint32_t member);
/* The wall clock, seconds since the epoch (the clock file times are compared with). */
double ensemble_clock(void);
void ensemble_plan_free(ensemble_plan *p);
/* FOLDER/member_<i>SUFFIX into buf. */
void ensemble_member_path(const char *folder, uint32_t member, const char *suffix, char *buf, size_t size);

/* Rank 0, stderr: what the ensemble is about to do. */
void ensemble_report_start(const ensemble_options *o, const ensemble_plan *p);
/* A group's rank 0, stderr: member r's outcome, then members done / total and the ETA (failures
 * and stops are printed also with --quiet). */
void ensemble_report_member(const ensemble_options *o, const ensemble_plan *p, const member_result *r);
/* Collective: gather every group's outcomes (`count` results on each group's rank 0, 0 elsewhere)
 * on rank 0, write FOLDER/ensemble-summary.tsv, print the last line, and return the verdict
 * (ensemble.h) on every rank. */
aiecon_status ensemble_finish(MPI_Comm comm, const ensemble_options *o, const ensemble_plan *p,
                              const member_result *results, int count, aiecon_error *err);

#endif
