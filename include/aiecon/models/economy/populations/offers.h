/* offers.h — what the replicated players show the populations each step, and what the
 * populations hand back (docs/ODD.md section 1.3, steps 1 and 4).
 *
 * Populations never call players: the model fills an `offers` from the players' state (prices, quality,
 * rationing, defaults) before the agent update, and the agent loops read only it. Everything a
 * loop needs per (region, class, lab) is precomputed here, once per step, so the per-agent work
 * is table look-ups plus the agent's own neighbourhood. The `economy_tally` is what the loops
 * return: exact integer sums (weights of agents) reduced with one MPI_Allreduce (engine/reduce.h).
 *
 * Agent state byte (households and businesses alike, exchanged through the halo):
 *   bits 0–6: provider, 0 = does not use AI, l + 1 = uses lab l (so at most 127 labs), labs + 1 = uses
 *             open-weight models (when offered: choices = labs + 1; tallied at index labs);
 *   bit 7:    households: pays for a subscription; businesses: in production (else pilot). */
#ifndef AIECON_OFFERS_H
#define AIECON_OFFERS_H

#include <stdint.h>
#include "aiecon/params/scenario_params.h"

#define OFFERS_PROVIDER_MASK 0x7fu
#define OFFERS_PAID_BIT 0x80u

enum { OFFERS_MAX_LABS = SCENARIO_MAX_LABS };

/* One population's view of the labs (households: classes are income classes; businesses: sizes). */
typedef struct offers_population {
    double bass_p, bass_q;                 /* [1/month] */
    double hazard_scale[SCENARIO_MAX_REGIONS][SCENARIO_MAX_INCOME]; /* × (p + q·share): region scale × attractiveness */
    double utility[SCENARIO_MAX_REGIONS][SCENARIO_MAX_INCOME][OFFERS_MAX_LABS]; /* logit utility without the
                                            neighbour term; -INFINITY for a lab that cannot take users */
    double neighbour_weight;               /* utility per share of neighbours using the lab */
    double churn[OFFERS_MAX_LABS];         /* chance per month a user leaves lab l (1 after its default) */
    double quit_share;                     /* share of leavers who stop using AI */
} offers_population;

typedef struct offers {
    unsigned labs, regions;
    unsigned choices;                      /* labs, + 1 when the open-weight option exists: its index is `labs` */
    offers_population households;          /* classes: income classes */
    double paid[SCENARIO_MAX_REGIONS][SCENARIO_MAX_INCOME][OFFERS_MAX_LABS]; /* chance a user of lab l pays */
    double plan_review;                    /* chance per month a user reconsiders paying */
    offers_population businesses;          /* classes: size classes */
    double roi[SCENARIO_MAX_SECTORS][OFFERS_MAX_LABS]; /* mean monthly ROI in production with lab l [1] */
    double roi_noise, roi_memory, roi_threshold;
    double pilot_decision;                 /* chance per month a pilot is decided (1 / pilot months) */
    uint8_t transfer[OFFERS_MAX_LABS];     /* users of lab l move to provider transfer[l] (= buyer + 1)
                                              before the step, 0 = stay (a liquidated lab sold, insolvency.h) */
} offers;

/* Move the users of sold labs to their buyers (o->transfer) in `n` state bytes (local and ghost
 * slots), before a step reads them; the paid bit is kept. A pure function of each byte, so an
 * agent gets the same state at any rank count. O(n) only in a step with a transfer. */
static inline void offers_remap(const offers *o, uint8_t *state, uint32_t n)
{
    unsigned any = 0;
    for (unsigned l = 0; l < o->labs; l++) any |= o->transfer[l];
    if (!any) return;
    for (uint32_t v = 0; v < n; v++) {
        unsigned k = state[v] & OFFERS_PROVIDER_MASK;
        if (k >= 1 && k <= o->labs && o->transfer[k - 1] != 0) {
            state[v] = (uint8_t)((state[v] & OFFERS_PAID_BIT) | o->transfer[k - 1]);
        }
    }
}

/* Count the users that offers_remap is about to move, in the `local` agents' bytes `state` (ghost
 * slots excluded: their owners count them) weighted by `weight`: - at the seller, + at the buyer
 * in transferred[]. O(local), only in a step with a transfer; call before offers_remap. */
static inline void offers_count_transfers(const offers *o, const uint8_t *state, const uint32_t *weight,
                                          uint32_t local, int64_t *transferred)
{
    unsigned any = 0;
    for (unsigned l = 0; l < o->labs; l++) any |= o->transfer[l];
    if (!any) return;
    for (uint32_t v = 0; v < local; v++) {
        unsigned k = state[v] & OFFERS_PROVIDER_MASK;
        if (k >= 1 && k <= o->labs && o->transfer[k - 1] != 0) {
            transferred[k - 1] -= weight[v];
            transferred[o->transfer[k - 1] - 1] += weight[v];
        }
    }
}

/* What the population loops return, summed over agents (weights, exact). Zero it before a step. */
typedef struct economy_tally {
    int64_t hh_total[SCENARIO_MAX_REGIONS];       /* households represented */
    int64_t hh_adopted[SCENARIO_MAX_REGIONS];     /* households using AI at the end of the step */
    int64_t hh_adopters[SCENARIO_MAX_REGIONS];    /* households that started using AI in the step */
    int64_t hh_users[OFFERS_MAX_LABS][SCENARIO_MAX_REGIONS];  /* households using lab l */
    int64_t hh_paid[OFFERS_MAX_LABS][SCENARIO_MAX_REGIONS];   /* of which paying */
    int64_t hh_left[OFFERS_MAX_LABS];             /* households that left lab l in the step */
    int64_t biz_total[SCENARIO_MAX_REGIONS][SCENARIO_MAX_SIZES];
    int64_t biz_adopted[SCENARIO_MAX_REGIONS][SCENARIO_MAX_SIZES]; /* pilot or production */
    int64_t biz_pilot[OFFERS_MAX_LABS][SCENARIO_MAX_REGIONS][SCENARIO_MAX_SIZES];
    int64_t biz_production[OFFERS_MAX_LABS][SCENARIO_MAX_REGIONS][SCENARIO_MAX_SIZES];
    int64_t biz_left[OFFERS_MAX_LABS];
    /* The flows of each lab's users in the step (weights; index labs: open weights), so that
     * users(t) = users(t-1) + new + switched_in - switched_out - stopped + transferred exactly:
     * new: started using AI with l; switched_in/_out: moved from another lab to l / from l to
     * another; stopped: left l and stopped using AI (with no lab to choose, too); transferred:
     * moved with a sold lab before the step (+ at the buyer, - at the seller, offers.h transfer). */
    int64_t hh_new[OFFERS_MAX_LABS], hh_switched_in[OFFERS_MAX_LABS], hh_switched_out[OFFERS_MAX_LABS];
    int64_t hh_stopped[OFFERS_MAX_LABS], hh_transferred[OFFERS_MAX_LABS];
    int64_t biz_new[OFFERS_MAX_LABS], biz_switched_in[OFFERS_MAX_LABS], biz_switched_out[OFFERS_MAX_LABS];
    int64_t biz_stopped[OFFERS_MAX_LABS], biz_transferred[OFFERS_MAX_LABS];
} economy_tally;

#endif
