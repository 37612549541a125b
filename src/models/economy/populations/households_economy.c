/* households_economy.c — the household population of the AI economy: adoption, choice of lab,
 * free vs paid, churn and switching (see households.h, economy section; offers.h for the state).
 *
 * The state byte (provider in bits 0–6, paid in bit 7; the open-weight option, when offered, is
 * provider labs + 1 and is chosen like a lab: the loops see `choices`, never which one is which) lives in the same double-buffered arrays as
 * the Bass model's, so the halo, households_swap and households_free serve both. The step is
 * synchronous: it reads `adopted` (local agents, then ghosts filled by the halo) and writes
 * `adopted_next`, so the partition and the order of agents cannot change a result. All randomness
 * of agent g in step t is one Philox call (seed, HOUSEHOLD_CHOICE, g, t, 0), whose four words are:
 *   w0: adopt (non-user) or churn (user);  w1: quit (leaver) or plan review (stayer);
 *   w2: the logit choice of a lab;          w3: paid.
 * An agent for which nothing can happen (no hazard; no churn and no plan review) skips the call.
 * Regions are contiguous local ranges, so the loop runs region by region with no region byte.
 * Cost per agent and step: a non-user reads its deg neighbours' bytes and, if its hazard is
 * positive, makes one Philox call; a user makes one Philox call; only an agent that chooses a lab
 * (an adopter or a switcher) counts its neighbours per lab (a stack array) and evaluates `labs`
 * exp(). No allocation, no I/O, no MPI. Memory: 1 byte of income class per agent on top of the
 * Bass arrays. */
#include "aiecon/models/economy/populations/households.h"

#include <stdlib.h>
#include <string.h>

#include "agents_internal.h"
#include "aiecon/engine/memory.h"
#include "aiecon/engine/rng.h"

/* Check the scenario against the network and the limits of the state byte and the weights. */
static aiecon_status check_economy(const scenario *s, const network *net, const offers *initial,
                                   aiecon_error *err)
{
    if (initial->labs > OFFERS_MAX_LABS || s->region_count > SCENARIO_MAX_REGIONS ||
        s->households.income_count > SCENARIO_MAX_INCOME) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "households: %u labs, %u regions, %u income classes exceed the limits",
                           initial->labs, s->region_count, s->households.income_count);
    }
    uint64_t total = 0;
    for (unsigned r = 0; r < s->region_count; r++) {
        const scenario_region *reg = &s->regions[r];
        if (reg->household_agents == 0 || reg->households / reg->household_agents >= UINT32_MAX) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "regions.%s: needs household agents and at most 2^32-2 households per agent", reg->name);
        }
        total += reg->household_agents;
    }
    if (total != net->part.agents) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "households: the network has %llu agents, the regions %llu",
                           (unsigned long long)net->part.agents, (unsigned long long)total);
    }
    return AIECON_OK;
}

/* Initial state of region r's local agents [begin, region_end[r]): weight, income class, user. */
static void init_region(const scenario *s, const offers *initial, households *h, unsigned r,
                        uint64_t region_first, uint32_t begin, const double *share)
{
    const scenario_region *reg = &s->regions[r];
    double scratch[OFFERS_MAX_LABS];
    for (uint32_t v = begin; v < h->region_end[r]; v++) {
        uint64_t g = h->first + v;
        h->weight[v] = agents_weight(reg->households, reg->household_agents, g - region_first);
        philox4x32_ctr_t w = rng_words(s->run.seed, RNG_PURPOSE_HOUSEHOLD_INIT, g, 0, 1);
        unsigned c = agents_class(share, s->households.income_count, rng_unit(w.v[0]));
        uint8_t state = 0;
        if (rng_unit(w.v[1]) < reg->households_adopted) {
            int k = choice_logit(initial->households.utility[r][c], initial->labs, rng_unit(w.v[2]), scratch);
            if (k >= 0) {
                state = (uint8_t)((unsigned)(k + 1) |
                                  (rng_unit(w.v[3]) < initial->paid[r][c][k] ? OFFERS_PAID_BIT : 0u));
            }
        }
        h->income[v] = (uint8_t)c;
        h->adopted[v] = state;
    }
}

aiecon_status households_create_economy(const scenario *s, const network *net, const offers *initial,
                                        households *h, aiecon_error *err)
{
    memset(h, 0, sizeof *h);
    aiecon_status st = check_economy(s, net, initial, err);
    if (st != AIECON_OK) {
        return st;
    }
    h->first = net->first;
    h->local = net->local;
    h->ghosts = net->ghosts;
    h->regions = s->region_count;
    size_t slots = (size_t)net->local + net->ghosts, local = net->local ? net->local : 1;
    h->adopted = memory_alloc_hot(slots, 1);   /* read at random through the neighbours */
    h->adopted_next = memory_alloc_hot(slots, 1);
    h->weight = malloc(local * sizeof *h->weight);
    h->income = malloc(local);
    if (h->adopted == NULL || h->adopted_next == NULL || h->weight == NULL || h->income == NULL) {
        households_free(h);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "households: out of memory for %u agents", net->local);
    }
    uint64_t agents[SCENARIO_MAX_REGIONS], region_first[SCENARIO_MAX_REGIONS + 1];
    for (unsigned r = 0; r < s->region_count; r++) {
        agents[r] = s->regions[r].household_agents;
    }
    agents_layout(agents, s->region_count, h->first, h->local, region_first, h->region_end);
    double share[SCENARIO_MAX_INCOME] = {0};
    for (unsigned k = 0; k < s->households.income_count; k++) {
        share[k] = s->households.income[k].share;
    }
    for (unsigned r = 0, begin = 0; r < s->region_count; begin = h->region_end[r], r++) {
        init_region(s, initial, h, r, region_first[r], begin, share);
    }
    return AIECON_OK;
}

/* The lab and plan of a household that chooses (adopter or switcher), or 0 if no lab can be chosen. */
static inline uint8_t hh_pick(const agents_view *x, unsigned c, uint32_t v, unsigned exclude, double u_choice,
                              double u_paid)
{
    const offers_population *pop = &x->o->households;
    int k = agents_choose(pop->utility[x->region][c], pop->neighbour_weight, x->o->choices, x->cur, x->nb,
                          x->offsets[v], x->offsets[v + 1], exclude, u_choice);
    if (k < 0) {
        return 0;
    }
    return (uint8_t)((unsigned)(k + 1) | (u_paid < x->o->paid[x->region][c][k] ? OFFERS_PAID_BIT : 0u));
}

/* A household without AI: the Bass hazard on the share of neighbours using AI, then the choice. */
static inline uint8_t hh_none(const agents_view *x, unsigned c, uint32_t v)
{
    double deg;
    double threshold = agents_hazard(x, &x->o->households, x->o->households.hazard_scale[x->region][c], v, &deg);
    if (!(threshold > 0.0)) {
        return 0;
    }
    philox4x32_ctr_t w = rng_words(x->seed, RNG_PURPOSE_HOUSEHOLD_CHOICE, x->first + v, x->step, 0);
    if (!(rng_unit(w.v[0]) * deg < threshold)) {
        return 0;
    }
    return hh_pick(x, c, v, 0, rng_unit(w.v[2]), rng_unit(w.v[3]));
}

/* A user: leaves with chance churn (then quits, or switches to another lab), else may review its
 * plan. *left is set when it leaves its lab. */
static inline uint8_t hh_user(const agents_view *x, unsigned c, uint32_t v, uint8_t state, int *left)
{
    const offers *o = x->o;
    unsigned provider = state & OFFERS_PROVIDER_MASK;
    double churn = o->households.churn[provider - 1];
    if (!(churn > 0.0) && !(o->plan_review > 0.0)) {
        return state;
    }
    philox4x32_ctr_t w = rng_words(x->seed, RNG_PURPOSE_HOUSEHOLD_CHOICE, x->first + v, x->step, 0);
    if (rng_unit(w.v[0]) < churn) {
        *left = 1;
        if (rng_unit(w.v[1]) < o->households.quit_share) {
            return 0;
        }
        return hh_pick(x, c, v, provider, rng_unit(w.v[2]), rng_unit(w.v[3]));
    }
    if (rng_unit(w.v[1]) < o->plan_review) {
        return (uint8_t)(provider | (rng_unit(w.v[3]) < o->paid[x->region][c][provider - 1] ? OFFERS_PAID_BIT : 0u));
    }
    return state;
}

/* One region's local range [begin, end): the hot loop, with the region's tallies in locals. */
static void hh_range(households *h, const agents_view *x, uint32_t begin, uint32_t end, economy_tally *t)
{
    const uint8_t *restrict cur = x->cur;
    uint8_t *restrict next = h->adopted_next;
    const uint32_t *restrict weight = h->weight;
    const uint8_t *restrict income = h->income;
    unsigned r = x->region;
    int64_t total = 0, adopted = 0, adopters = 0;
    for (uint32_t v = begin; v < end; v++) {
        uint8_t state = cur[v], now;
        int64_t w = weight[v];
        if (state & OFFERS_PROVIDER_MASK) {
            int left = 0;
            now = hh_user(x, income[v], v, state, &left);
            t->hh_left[(state & OFFERS_PROVIDER_MASK) - 1] += left ? w : 0;
            if (left) {                           /* rare (churn): a well-predicted branch */
                agents_count_leaver(state, now, w, t->hh_switched_out, t->hh_switched_in, t->hh_stopped);
            }
        } else {
            now = hh_none(x, income[v], v);
            adopters += now ? w : 0;
            if (now) {                            /* rare (adoption): a well-predicted branch */
                t->hh_new[(now & OFFERS_PROVIDER_MASK) - 1] += w;
            }
        }
        next[v] = now;
        total += w;
        unsigned k = now & OFFERS_PROVIDER_MASK;
        if (k) {
            adopted += w;
            t->hh_users[k - 1][r] += w;
            t->hh_paid[k - 1][r] += (now & OFFERS_PAID_BIT) ? w : 0;
        }
    }
    t->hh_total[r] += total;
    t->hh_adopted[r] += adopted;
    t->hh_adopters[r] += adopters;
}

void households_step(households *h, const network *net, const offers *o, uint32_t seed, uint32_t step,
                     economy_tally *tally)
{
    offers_count_transfers(o, h->adopted, h->weight, h->local, tally->hh_transferred);
    offers_remap(o, h->adopted, h->local + h->ghosts);   /* users of a sold lab move to its buyer */
    agents_view x = {h->adopted, net->offsets, net->neighbours, o, 0, seed, step, h->first};
    uint32_t begin = 0;
    for (unsigned r = 0; r < h->regions; r++) {
        x.region = r;
        hh_range(h, &x, begin, h->region_end[r], tally);
        begin = h->region_end[r];
    }
}

void households_count_economy(const households *h, unsigned labs, economy_tally *tally)
{
    uint32_t begin = 0;
    for (unsigned r = 0; r < h->regions; r++) {
        for (uint32_t v = begin; v < h->region_end[r]; v++) {
            int64_t w = h->weight[v];
            unsigned k = h->adopted[v] & OFFERS_PROVIDER_MASK;
            tally->hh_total[r] += w;
            if (k >= 1 && k <= labs) {
                tally->hh_adopted[r] += w;
                tally->hh_users[k - 1][r] += w;
                tally->hh_paid[k - 1][r] += (h->adopted[v] & OFFERS_PAID_BIT) ? w : 0;
            }
        }
        begin = h->region_end[r];
    }
}
