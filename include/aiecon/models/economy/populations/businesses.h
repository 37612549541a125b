/* businesses.h — the business population: structure of arrays, partitioned by global id, on its
 * own small-world network (purpose RNG_PURPOSE_NETWORK_BUSINESSES).
 *
 * Each agent stands for `weight` real firms of one region, size class and sector. Its AI stage is
 * none → pilot → production (state byte, see offers.h), its provider a lab, and it remembers the
 * return on its AI spend (`roi`, exponentially weighted). One step, synchronous like households
 * (reads the previous state of itself and its neighbours, writes the next):
 *   none:       starts a pilot with chance (p + q·share of neighbours using AI) × hazard_scale,
 *               choosing its lab by multinomial logit (utility + neighbour_weight × neighbours' share);
 *   pilot or production: leaves its lab with chance churn[l] (then quits with quit_share, else
 *               chooses again); otherwise books a realised ROI roi[sector][l] + roi_noise·N(0,1)
 *               into its memory; a pilot is decided with chance pilot_decision: production if the
 *               memory exceeds roi_threshold, else back to none; production with a negative memory
 *               goes back to none.
 * Draws: one Philox call per agent and step (purpose BUSINESS_CHOICE, draw 0), keyed by global id:
 * w0 start / churn, w1 quit / pilot decision, w2 the logit choice, w3 the ROI noise (through GSL's
 * gsl_cdf_ugaussian_Pinv on (w3 + 0.5) / 2^32). Decisions made where the contract was silent:
 *   - a firm that chooses a lab (new, or switching after churn) starts a pilot with it, and its ROI
 *     memory starts at that month's realised ROI with it (no prior 0 dragging the first months);
 *     a switcher may not choose the lab it leaves; if no lab can be chosen it ends without AI;
 *   - the memory is updated (m ← (1 - roi_memory)·m + roi_memory·realised) before the month's
 *     pilot decision / production check, which use the updated m;
 *   - biz_left[l] counts every firm that stops using lab l in the step: churn (switch or quit),
 *     a failed pilot and production dropped for a negative memory;
 *   - initial adopters' memory is initial->roi[sector][lab]; others' memory is 0, reset to 0 when
 *     a firm stops using AI. The memory is the agent's own (never read by neighbours), so it is
 *     updated in place; only the state byte is double-buffered. */
#ifndef AIECON_BUSINESSES_H
#define AIECON_BUSINESSES_H

#include <stdint.h>
#include "aiecon/engine/network.h"
#include "aiecon/models/economy/populations/offers.h"
#include "aiecon/params/scenario_params.h"
#include "aiecon/engine/status.h"

typedef struct businesses {
    uint64_t first;          /* global id of local index 0 */
    uint32_t local, ghosts;
    uint8_t *state;          /* [local + ghosts] current (see offers.h) */
    uint8_t *state_next;     /* [local + ghosts] */
    uint32_t *weight;        /* [local] real firms per agent */
    uint8_t *size;           /* [local] size class */
    uint8_t *sector;         /* [local] sector */
    float *roi;              /* [local] remembered monthly ROI */
    unsigned regions;
    uint32_t region_end[SCENARIO_MAX_REGIONS]; /* local agents of region r: [region_end[r-1], region_end[r]) */
} businesses;

/* Allocate and initialise: regions contiguous in global id (business_agents of each region in
 * scenario order), weights adding up exactly to each region's firms, size and sector drawn by their
 * shares (purpose BUSINESS_INIT, draw 0), initial adopters by their size's initial_adopted with a
 * lab drawn by `initial` (utility-weighted logit, no neighbour term), in pilot or production
 * half and half (words of BUSINESS_INIT draw 0: size, sector, adopted, lab; draw 1 word 0: stage).
 * A region may have no business agents (then it must have no firms). Refuses (AIECON_ERR_INPUT) a
 * network whose size is not the regions' business agents. *b owns its arrays. */
aiecon_status businesses_create(const scenario *s, const network *net, const offers *initial, businesses *b,
                                aiecon_error *err);

/* The hot loop: one step for every local agent; adds to tally's biz_* fields. */
void businesses_step(businesses *b, const network *net, const offers *o, uint32_t seed, uint32_t step,
                     economy_tally *tally);

/* Adds the local tally of the current state to biz_total, biz_adopted, biz_pilot, biz_production
 * (does not zero the tally). */
void businesses_count(const businesses *b, unsigned labs, economy_tally *tally);

void businesses_swap(businesses *b);
double businesses_bytes_per_agent(const businesses *b);
void businesses_free(businesses *b);

#endif
