/* model.h — what a model is to the engine: a table of declarations and functions.
 *
 * The engine (driver.h) runs any model the same way: set up, restore from a checkpoint, open the
 * output, then loop {step, compare the replicated state across ranks, check, write, boundary}.
 * What the engine needs to know of a model is declared here, the way FLAME GPU 2 separates a
 * ModelDescription from the simulation that runs it and Repast HPC a model from RepastProcess:
 *   populations  partitioned agent sets; population p of N agents is split over the ranks in
 *                blocks of global ids (partition.h), so rank r holds [first, first + local);
 *   arrays       per-agent state to checkpoint: name, element type, population. The model hands
 *                the engine the current buffer of each (`array`), which may change every step
 *                (double buffering);
 *   blobs        replicated state (the same bytes on every rank): size, pack, unpack, and an
 *                optional hash the driver compares across ranks after every step;
 *   variables    the output variables of each record (output.h), over the model's dimensions,
 *                and the figures that fill them after each step.
 * The model owns its instance (`self`, created by its own constructor with its parameters) and
 * everything in it; the engine never frees or keeps what the functions return. Every collective
 * function returns the same status on every rank (failures agreed with parallel_agree). */
#ifndef AIECON_MODEL_H
#define AIECON_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/output.h"
#include "aiecon/engine/status.h"
#include "aiecon/engine/timer.h"

enum { MODEL_MAX_POPULATIONS = 4, MODEL_MAX_ARRAYS = 8, MODEL_MAX_BLOBS = 4 };

/* Element types of partitioned arrays (what a checkpoint stores). */
typedef enum model_type { MODEL_U8, MODEL_U32, MODEL_F32 } model_type;

/* One value per agent of a population, indexed by global id. */
typedef struct model_array {
    const char *name;          /* the checkpoint variable, e.g. "household_state" */
    model_type type;
    unsigned population;       /* index into model.populations */
} model_array;

/* Replicated state: the same bytes on every rank; a checkpoint stores rank 0's once. */
typedef struct model_blob {
    const char *name;                                    /* the checkpoint variable */
    size_t (*size)(const void *self);                    /* bytes of the packed state */
    void (*pack)(const void *self, unsigned char *buf);  /* buf: size() bytes, the caller's */
    /* Overwrite the state with buf (a checkpoint's bytes); AIECON_ERR_INPUT naming path if they do
     * not fit this run. Local: the same bytes on every rank give the same verdict. */
    aiecon_status (*unpack)(void *self, const unsigned char *buf, size_t size, const char *path,
                            aiecon_error *err);
    /* A hash of the state compared across ranks after every step; NULL: equal by construction
     * (e.g. a tally that was just reduced). */
    uint64_t (*hash)(const void *self);
} model_blob;

typedef struct model {
    const char *name;                         /* "economy", "diffusion", "rumour" */
    const char *const *populations;           /* [population_count] plural names: checkpoint dimensions */
    unsigned population_count;
    const model_array *arrays;
    unsigned array_count;
    const model_blob *blobs;
    unsigned blob_count;

    /* Agents of population p (known from the parameters, before setup). */
    uint64_t (*agents)(const void *self, unsigned p);
    /* The output's dimensions into dims[OUTPUT_MAX_DIMS] (views into self); returns their number. */
    int (*dimensions)(const void *self, output_dimension *dims);
    /* The output's variables: *vars receives [count] declarations (owned by self or static). */
    int (*variables)(const void *self, const output_variable **vars);
    /* The sizes of the structs the blobs copy, for the checkpoint's layout check (NULL: none). */
    void (*layout)(char *buf, size_t size);

    /* Collective: build the state of step 0 (networks, agents, replicated players). */
    aiecon_status (*setup)(void *self, MPI_Comm comm, timer_set *timers, aiecon_error *err);
    /* The current buffer of declared array a: [local agents of its population]. */
    void *(*array)(void *self, unsigned a);
    /* Collective: the figures of the state as it is (record 0, before any step). */
    aiecon_status (*tally)(void *self, MPI_Comm comm, aiecon_error *err);
    /* Collective: one step, from the state after step - 1 to the state after step. */
    aiecon_status (*step)(void *self, MPI_Comm comm, uint32_t step, timer_set *timers, aiecon_error *err);
    /* --check, after every step: the model's invariants (the same verdict on every rank); NULL: none. */
    aiecon_status (*check)(void *self, uint32_t step, aiecon_error *err);
    /* The current figures: values[v] points at variable v's row (one value per entry of its
     * dimension, or one); rows owned by self, valid until the next step. */
    void (*figures)(void *self, const double **values);
    /* Free everything self holds (also after a failed setup), then self. NULL is fine. */
    void (*release)(void *self);
} model;

#endif
