/* households.h — the household population: structure of arrays, partitioned by global id.
 *
 * Each agent stands for `weight` real households (integer, so that sums are exact). Adoption is
 * the Bass process on the household network, synchronous: a household that has not adopted
 * adopts in step t with probability p + q × (adopted neighbours / neighbours), where both counts
 * are of step t-1, read from `adopted` (local agents then ghosts, filled by the halo) while the
 * new state goes to `adopted_next`; households_swap() then makes it current. The draw is keyed by
 * (seed, global id, step), so neither the partition nor the order of agents can change a result.
 * The update loop allocates nothing, does no I/O and no MPI. */
#ifndef AIECON_HOUSEHOLDS_H
#define AIECON_HOUSEHOLDS_H

#include <stdint.h>
#include "aiecon/network.h"
#include "aiecon/scenario.h"
#include "aiecon/status.h"

typedef struct households {
    uint64_t first;          /* global id of local index 0 */
    uint32_t local;          /* agents held here */
    uint32_t ghosts;         /* ghost slots after the local agents in `adopted` */
    uint8_t *adopted;        /* [local + ghosts]: 1 if adopted by the end of the last step */
    uint8_t *adopted_next;   /* [local + ghosts]: written by households_adopt */
    uint32_t *weight;        /* [local]: real households this agent stands for */
    unsigned regions;        /* number of regions */
    uint32_t region_end[SCENARIO_MAX_REGIONS]; /* local agents of region r: [region_end[r-1], region_end[r]) */
} households;

/* Per-region tallies of one step, exact integers [households]. */
typedef struct households_tally {
    int64_t total[SCENARIO_MAX_REGIONS];     /* households represented */
    int64_t adopted[SCENARIO_MAX_REGIONS];   /* households that have adopted */
    int64_t adopters[SCENARIO_MAX_REGIONS];  /* households that adopted in this step */
} households_tally;

/* Allocate and initialise the local agents of `net`'s partition: regions in the order of the
 * scenario (contiguous global ids, so a rank's agents of one region are one local range and the
 * loop needs no per-agent region array), weights that add up exactly to each region's households,
 * initial adopters drawn with probability initial_adopted. *h owns its arrays. */
aiecon_status households_create(const scenario *s, const network *net, households *h, aiecon_error *err);

/* The hot loop: one Bass step for every local agent (reads adopted incl. ghosts, writes
 * adopted_next for local agents) and the step's local tally. */
void households_adopt(households *h, const network *net, double p, double q, uint32_t seed, uint32_t step,
                      households_tally *tally);

/* Make adopted_next the current state (pointer swap, no copy). */
void households_swap(households *h);

/* Local tally of the current state (adopters = 0). */
void households_count(const households *h, households_tally *tally);

/* Bytes held per local agent by the household arrays (ghost slots included). */
double households_bytes_per_agent(const households *h);

void households_free(households *h);

#endif
