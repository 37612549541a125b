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
#include <mpi.h>
#include "aiecon/engine/network.h"
#include "aiecon/models/economy/populations/offers.h"
#include "aiecon/params/scenario_params.h"
#include "aiecon/engine/status.h"

typedef struct households {
    uint64_t first;          /* global id of local index 0 */
    uint32_t local;          /* agents held here */
    uint32_t ghosts;         /* ghost slots after the local agents in `adopted` */
    uint8_t *adopted;        /* [local + ghosts]: 1 if adopted by the end of the last step */
    uint8_t *adopted_next;   /* [local + ghosts]: written by households_adopt */
    uint64_t *adopted_bits;  /* [(local + ghosts + 63) / 64]: `adopted` one bit per slot, packed by
                              * households_adopt before its loop (the neighbour gather reads this:
                              * 8 × smaller, so its random reads stay in cache); Bass scenarios only
                              * (NULL, with ring NULL: households_adopt reads the CSR and bytes) */
    uint32_t *ring;          /* [local]: how households_adopt reads agent v's neighbours (Bass
                              * scenarios only, else NULL): bit 31 set = from the CSR; else bit i of
                              * the low 16 set when agent v − k/2 + i is a neighbour, and bits 16–30
                              * the count of its other ("far") neighbours, listed in `far` */
    uint32_t *far;           /* the far neighbours of the agents read through `ring`, in agent order */
    uint32_t half;           /* k / 2 of the household network (the ring window is 2·half + 1 agents) */
    size_t far_begin[SCENARIO_MAX_REGIONS]; /* where region r's first agent's far neighbours start */
    uint32_t *weight;        /* [local]: real households this agent stands for */
    uint8_t *income;         /* [local]: income class (economy scenarios only; NULL otherwise) */
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

/* --- the AI economy (scenarios with labs). `adopted` then holds the state byte of offers.h:
 * provider in bits 0–6 (0 = none), paid in bit 7. ---
 *
 * households_create_economy: like households_create, plus income classes drawn by their shares
 * (purpose HOUSEHOLD_INIT, draw 1) and initial users (region's households_adopted) with a lab drawn
 * by `initial` (logit, no neighbour term) and paid drawn by initial->paid.
 *
 * households_step: one step for every local agent, synchronous:
 *   none:  adopts with chance (p + q·share of neighbours using AI) × hazard_scale[region][income],
 *          chooses a lab by multinomial logit on utility[region][income][l] + neighbour_weight ×
 *          (neighbours using l / neighbours), pays with chance paid[region][income][l];
 *   user of l: leaves with chance churn[l] (then quits with quit_share, else chooses again by the
 *          same logit and draws paid anew); else with chance plan_review redraws paid.
 * One Philox call per agent and step (purpose HOUSEHOLD_CHOICE, draw 0) gives the four uniforms:
 * w0 adopt / churn, w1 quit / plan review, w2 the logit choice, w3 paid (skipped when nothing can
 * happen to the agent). A leaver that switches may not choose the lab it leaves (its utility is
 * taken as -INFINITY), so hh_left counts real departures; if no lab can be chosen (all -INFINITY)
 * an adopter stays without AI and a switcher quits. Adds to tally's hh_* fields (hh_total,
 * hh_adopted, hh_adopters, hh_users, hh_paid, hh_left); hh_adopters counts none → lab only, not
 * switches. households_create_economy refuses (AIECON_ERR_INPUT) a network whose size is not the
 * regions' household agents, more than OFFERS_MAX_LABS labs or weights beyond 32 bits; with no
 * income classes every household is class 0. */
aiecon_status households_create_economy(const scenario *s, const network *net, const offers *initial,
                                        households *h, aiecon_error *err);
void households_step(households *h, const network *net, const offers *o, uint32_t seed, uint32_t step,
                     economy_tally *tally);
/* Adds the local tally of the current state to hh_total, hh_adopted, hh_users, hh_paid (does not
 * zero the tally, so households and businesses can count into one). */
void households_count_economy(const households *h, unsigned labs, economy_tally *tally);

/* Make adopted_next the current state (pointer swap, no copy). */
void households_swap(households *h);

/* Local tally of the current state (adopters = 0). */
void households_count(const households *h, households_tally *tally);

/* Collective: replace each rank's tally with the global one (one exact MPI_Allreduce, reduce.h). */
aiecon_status households_reduce(households_tally *tally, MPI_Comm comm, aiecon_error *err);

/* Adopted share of households in region r (0 when the region is empty). */
double households_adopted_share(const households_tally *tally, unsigned r);

/* Bytes held per local agent by the household arrays (ghost slots included). */
double households_bytes_per_agent(const households *h);

void households_free(households *h);

#endif
