/* agents_internal.h — private pieces shared by the household and business economy populations:
 * region layout over global ids, exact integer weights, class draws by shares, and the lab choice
 * with the neighbour term. Static inline, so the hot loops see them whole; no state. */
#ifndef AIECON_AGENTS_INTERNAL_H
#define AIECON_AGENTS_INTERNAL_H

#include <math.h>
#include <stdint.h>

#include "aiecon/models/economy/populations/choice.h"
#include "aiecon/models/economy/populations/offers.h"

/* What the per-agent functions of one region's range read (the step's inputs). */
typedef struct agents_view {
    const uint8_t *cur;          /* state, local then ghost slots */
    const uint32_t *offsets, *nb; /* the network's CSR */
    const offers *o;
    unsigned region;
    uint32_t seed, step;
    uint64_t first;              /* global id of local index 0 */
} agents_view;

/* A uniform in the open interval (0, 1) from one word: safe for quantile functions (Pinv). */
static inline double agents_open_unit(uint32_t word) { return ((double)word + 0.5) * (1.0 / 4294967296.0); }

/* Regions are contiguous global-id ranges in scenario order: region r holds
 * [region_first[r], region_first[r+1]). Fills region_first[0..regions] and, for the local block
 * [first, first + local), region_end[r] = end of region r's local range (local index). */
static inline void agents_layout(const uint64_t *agents_of_region, unsigned regions, uint64_t first,
                                 uint32_t local, uint64_t *region_first, uint32_t *region_end)
{
    region_first[0] = 0;
    for (unsigned r = 0; r < regions; r++) {
        region_first[r + 1] = region_first[r] + agents_of_region[r];
        uint64_t hi = region_first[r + 1];
        hi = hi < first ? first : hi;
        hi = hi > first + local ? first + local : hi;
        region_end[r] = (uint32_t)(hi - first);
    }
}

/* Weight of the i-th of `agents` agents that stand for `real` units: the first real mod agents
 * agents carry one more, so the weights add up exactly to `real`. */
static inline uint32_t agents_weight(uint64_t real, uint64_t agents, uint64_t i)
{
    return (uint32_t)(real / agents + (i < real % agents ? 1 : 0));
}

/* The class a uniform u falls in, by cumulative shares (the last class takes any rounding rest;
 * class 0 when there are no classes). */
static inline unsigned agents_class(const double *share, unsigned count, double u)
{
    double running = 0.0;
    for (unsigned k = 0; k + 1 < count; k++) {
        running += share[k];
        if (u < running) {
            return k;
        }
    }
    return count ? count - 1 : 0;
}

/* The Bass hazard of agent v, (p + q·users/deg)·scale with users its neighbours using AI, as a
 * threshold on u·deg (no division): the agent adopts iff u·(*deg) < the result. *deg gets its
 * degree (1 for an isolated agent). */
static inline double agents_hazard(const agents_view *x, const offers_population *pop, double scale, uint32_t v,
                                   double *deg)
{
    uint32_t e0 = x->offsets[v], e1 = x->offsets[v + 1];
    unsigned users = 0;
    for (uint32_t e = e0; e < e1; e++) {
        users += (x->cur[x->nb[e]] & OFFERS_PROVIDER_MASK) != 0;
    }
    *deg = e1 > e0 ? (double)(e1 - e0) : 1.0;
    return (pop->bass_p * *deg + pop->bass_q * (double)users) * scale;
}

/* The flows of an agent of weight w that left its provider (state's) for `now`: switched from
 * one lab to another (out of the old, into the new), or stopped using AI (now has no provider). */
static inline void agents_count_leaver(uint8_t state, uint8_t now, int64_t w, int64_t *switched_out,
                                       int64_t *switched_in, int64_t *stopped)
{
    unsigned p = state & OFFERS_PROVIDER_MASK, k = now & OFFERS_PROVIDER_MASK;
    if (k) {
        switched_out[p - 1] += w;
        switched_in[k - 1] += w;
    } else {
        stopped[p - 1] += w;
    }
}

/* The lab an agent chooses with uniform x: logit on utility[l] + neighbour_weight × (neighbours
 * using l / neighbours), the neighbours' states read from `state` (local and ghost slots) through
 * nb[e0..e1). `exclude` is a provider code (l + 1) that may not be chosen (the lab being left), or
 * 0. Returns the lab, or -1 if no lab can be chosen. Stack only: counts and utilities of ≤ 64 labs. */
static inline int agents_choose(const double *utility, double neighbour_weight, unsigned labs,
                                const uint8_t *state, const uint32_t *nb, uint32_t e0, uint32_t e1,
                                unsigned exclude, double x)
{
    uint32_t counts[OFFERS_PROVIDER_MASK + 1] = {0};
    double u[OFFERS_MAX_LABS], scratch[OFFERS_MAX_LABS];
    labs = labs < OFFERS_MAX_LABS ? labs : OFFERS_MAX_LABS;
    double per_neighbour = 0.0;
    if (neighbour_weight != 0.0 && e1 > e0) {
        for (uint32_t e = e0; e < e1; e++) {
            counts[state[nb[e]] & OFFERS_PROVIDER_MASK]++;
        }
        per_neighbour = neighbour_weight / (double)(e1 - e0);
    }
    for (unsigned l = 0; l < labs; l++) {
        u[l] = utility[l] + per_neighbour * (double)counts[l + 1];
    }
    if (exclude >= 1 && exclude <= labs) {
        u[exclude - 1] = -INFINITY;
    }
    return choice_logit(u, labs, x, scratch);
}

#endif
