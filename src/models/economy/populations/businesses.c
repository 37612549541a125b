/* businesses.c — the business population: pilots, production, choice of lab, churn and the ROI
 * memory that decides whether a pilot goes to production (see businesses.h, offers.h).
 *
 * Structure of arrays like households: a state byte per local and ghost slot, double-buffered
 * (read `state`, write `state_next`, so the step is synchronous and partition-independent), and
 * per local agent a weight, a size class, a sector and a float ROI memory. The ROI memory is the
 * agent's own and never read by others, so it is updated in place. All randomness of agent g in
 * step t is one Philox call (seed, BUSINESS_CHOICE, g, t, 0):
 *   w0: start a pilot (non-user) or churn (user);   w1: quit (leaver) or pilot decision (stayer);
 *   w2: the logit choice of a lab;                   w3: the realised ROI's noise (GSL Pinv).
 * A non-user with no hazard skips the call. Regions are contiguous local ranges (no region byte).
 * Cost per agent and step: a non-user reads its deg neighbours' bytes and maybe one Philox call; a
 * user makes one Philox call and one inverse normal CDF; only a choosing firm counts neighbours per
 * lab. No allocation, no I/O, no MPI. Memory: 2 bytes per slot + 10 bytes per local agent. */
#include "aiecon/models/economy/populations/businesses.h"
#include "aiecon/engine/memory.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "agents_internal.h"
#include "aiecon/engine/rng.h"

/* Check the scenario against the network and the limits of the state byte and the weights. */
static aiecon_status check_businesses(const scenario *s, const network *net, const offers *initial,
                                      aiecon_error *err)
{
    const scenario_businesses *b = &s->businesses;
    if (initial->labs > OFFERS_MAX_LABS || s->region_count > SCENARIO_MAX_REGIONS ||
        b->size_count > SCENARIO_MAX_SIZES || b->sector_count > SCENARIO_MAX_SECTORS) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "businesses: %u labs, %u regions, %u sizes, %u sectors exceed the limits",
                           initial->labs, s->region_count, b->size_count, b->sector_count);
    }
    uint64_t total = 0;
    for (unsigned r = 0; r < s->region_count; r++) {
        const scenario_region *reg = &s->regions[r];
        if (reg->business_agents == 0 ? reg->businesses != 0 : reg->businesses / reg->business_agents >= UINT32_MAX) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "regions.%s: needs business agents and at most 2^32-2 firms per agent",
                               reg->name);
        }
        total += reg->business_agents;
    }
    if (total != net->part.agents) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "businesses: the network has %llu agents, the regions %llu",
                           (unsigned long long)net->part.agents, (unsigned long long)total);
    }
    return AIECON_OK;
}

/* Shares of the size classes and sectors, as plain arrays for agents_class. */
typedef struct biz_shares {
    double size[SCENARIO_MAX_SIZES], sector[SCENARIO_MAX_SECTORS];
} biz_shares;

/* Initial state of region r's local agents [begin, region_end[r]). */
static void init_region(const scenario *s, const offers *initial, businesses *b, unsigned r, uint64_t region_first,
                        uint32_t begin, const biz_shares *sh)
{
    const scenario_region *reg = &s->regions[r];
    const scenario_businesses *sb = &s->businesses;
    double scratch[OFFERS_MAX_LABS];
    for (uint32_t v = begin; v < b->region_end[r]; v++) {
        uint64_t g = b->first + v;
        b->weight[v] = agents_weight(reg->businesses, reg->business_agents, g - region_first);
        philox4x32_ctr_t w = rng_words(s->run.seed, RNG_PURPOSE_BUSINESS_INIT, g, 0, 0);
        unsigned size = agents_class(sh->size, sb->size_count, rng_unit(w.v[0]));
        unsigned sector = agents_class(sh->sector, sb->sector_count, rng_unit(w.v[1]));
        uint8_t state = 0;
        float roi = 0.0f;
        if (size < sb->size_count && rng_unit(w.v[2]) < sb->sizes[size].initial_adopted) {
            int k = choice_logit(initial->businesses.utility[r][size], initial->labs, rng_unit(w.v[3]), scratch);
            if (k >= 0) {
                philox4x32_ctr_t stage = rng_words(s->run.seed, RNG_PURPOSE_BUSINESS_INIT, g, 0, 1);
                state = (uint8_t)((unsigned)(k + 1) | (stage.v[0] >> 31 ? OFFERS_PAID_BIT : 0u));
                roi = (float)initial->roi[sector][k];
            }
        }
        b->size[v] = (uint8_t)size;
        b->sector[v] = (uint8_t)sector;
        b->state[v] = state;
        b->roi[v] = roi;
    }
}

/* Allocate the arrays of net's local agents and ghosts (state zeroed). */
static aiecon_status biz_alloc(const network *net, businesses *b, aiecon_error *err)
{
    size_t slots = (size_t)net->local + net->ghosts, local = net->local ? net->local : 1;
    b->state = memory_alloc_hot(slots, 1);     /* read at random through the neighbours */
    b->state_next = memory_alloc_hot(slots, 1);
    b->weight = malloc(local * sizeof *b->weight);
    b->size = malloc(local);
    b->sector = malloc(local);
    b->roi = malloc(local * sizeof *b->roi);
    if (!b->state || !b->state_next || !b->weight || !b->size || !b->sector || !b->roi) {
        businesses_free(b);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "businesses: out of memory for %u agents", net->local);
    }
    return AIECON_OK;
}

aiecon_status businesses_create(const scenario *s, const network *net, const offers *initial, businesses *b,
                                aiecon_error *err)
{
    memset(b, 0, sizeof *b);
    aiecon_status st = check_businesses(s, net, initial, err);
    if (st != AIECON_OK || (st = biz_alloc(net, b, err)) != AIECON_OK) {
        return st;
    }
    b->first = net->first;
    b->local = net->local;
    b->ghosts = net->ghosts;
    b->regions = s->region_count;
    uint64_t agents[SCENARIO_MAX_REGIONS], region_first[SCENARIO_MAX_REGIONS + 1];
    for (unsigned r = 0; r < s->region_count; r++) {
        agents[r] = s->regions[r].business_agents;
    }
    agents_layout(agents, s->region_count, b->first, b->local, region_first, b->region_end);
    biz_shares sh = {{0}, {0}};
    for (unsigned k = 0; k < s->businesses.size_count; k++) {
        sh.size[k] = s->businesses.sizes[k].share;
    }
    for (unsigned k = 0; k < s->businesses.sector_count; k++) {
        sh.sector[k] = s->businesses.sectors[k].share;
    }
    for (unsigned r = 0, begin = 0; r < s->region_count; begin = b->region_end[r], r++) {
        init_region(s, initial, b, r, region_first[r], begin, &sh);
    }
    return AIECON_OK;
}

/* A month's realised ROI with lab l: the sector's mean plus roi_noise × N(0, 1) from one word. */
static inline double biz_realised(const offers *o, unsigned sector, unsigned l, uint32_t word)
{
    double mean = o->roi[sector][l];
    return o->roi_noise > 0.0 ? mean + o->roi_noise * gsl_cdf_ugaussian_Pinv(agents_open_unit(word)) : mean;
}

/* A firm that chooses a lab (new pilot or switch) starts a pilot there; its memory starts at the
 * first month's realised ROI. 0 (and memory 0) if no lab can be chosen. */
static inline uint8_t biz_start(const agents_view *x, unsigned size, unsigned sector, uint32_t v, unsigned exclude,
                                philox4x32_ctr_t w, float *roi)
{
    const offers_population *pop = &x->o->businesses;
    int k = agents_choose(pop->utility[x->region][size], pop->neighbour_weight, x->o->choices, x->cur, x->nb,
                          x->offsets[v], x->offsets[v + 1], exclude, rng_unit(w.v[2]));
    *roi = k < 0 ? 0.0f : (float)biz_realised(x->o, sector, (unsigned)k, w.v[3]);
    return k < 0 ? 0 : (uint8_t)(k + 1);
}

/* A firm without AI: starts a pilot with chance (p + q·share of neighbours using AI)·scale. */
static inline uint8_t biz_none(const agents_view *x, unsigned size, unsigned sector, uint32_t v, float *roi)
{
    double deg;
    double threshold = agents_hazard(x, &x->o->businesses, x->o->businesses.hazard_scale[x->region][size], v, &deg);
    if (!(threshold > 0.0)) {
        return 0;
    }
    philox4x32_ctr_t w = rng_words(x->seed, RNG_PURPOSE_BUSINESS_CHOICE, x->first + v, x->step, 0);
    if (!(rng_unit(w.v[0]) * deg < threshold)) {
        return 0;
    }
    return biz_start(x, size, sector, v, 0, w, roi);
}

/* A firm in pilot or production with lab l: churn, else book the month's ROI and decide. *left is
 * set when it stops using l (churn, failed pilot, or production with negative memory). */
static inline uint8_t biz_user(const agents_view *x, unsigned size, unsigned sector, uint32_t v, uint8_t state,
                               float *roi, int *left)
{
    const offers *o = x->o;
    unsigned provider = state & OFFERS_PROVIDER_MASK;
    philox4x32_ctr_t w = rng_words(x->seed, RNG_PURPOSE_BUSINESS_CHOICE, x->first + v, x->step, 0);
    if (rng_unit(w.v[0]) < o->businesses.churn[provider - 1]) {
        *left = 1;
        if (rng_unit(w.v[1]) < o->businesses.quit_share) {
            *roi = 0.0f;
            return 0;
        }
        return biz_start(x, size, sector, v, provider, w, roi);
    }
    double memory = (1.0 - o->roi_memory) * (double)*roi + o->roi_memory * biz_realised(o, sector, provider - 1, w.v[3]);
    *roi = (float)memory;
    if (state & OFFERS_PAID_BIT) {                   /* production: dropped once the memory is negative */
        if (!(memory < 0.0)) {
            return state;
        }
    } else if (!(rng_unit(w.v[1]) < o->pilot_decision)) {
        return state;                                 /* pilot not decided this month */
    } else if (memory > o->roi_threshold) {
        return (uint8_t)(state | OFFERS_PAID_BIT);    /* pilot → production */
    }
    *left = 1;                                        /* failed pilot or unprofitable production */
    *roi = 0.0f;
    return 0;
}

/* One region's local range [begin, end): the hot loop. */
static void biz_range(businesses *b, const agents_view *x, uint32_t begin, uint32_t end, economy_tally *t)
{
    const uint8_t *restrict cur = x->cur;
    uint8_t *restrict next = b->state_next;
    const uint32_t *restrict weight = b->weight;
    const uint8_t *restrict size = b->size, *restrict sector = b->sector;
    float *restrict roi = b->roi;
    unsigned r = x->region;
    for (uint32_t v = begin; v < end; v++) {
        uint8_t state = cur[v], now;
        int64_t w = weight[v];
        unsigned z = size[v];
        if (state & OFFERS_PROVIDER_MASK) {
            int left = 0;
            now = biz_user(x, z, sector[v], v, state, &roi[v], &left);
            t->biz_left[(state & OFFERS_PROVIDER_MASK) - 1] += left ? w : 0;
            if (left) {
                agents_count_leaver(state, now, w, t->biz_switched_out, t->biz_switched_in, t->biz_stopped);
            }
        } else {
            now = biz_none(x, z, sector[v], v, &roi[v]);
            if (now) {
                t->biz_new[(now & OFFERS_PROVIDER_MASK) - 1] += w;
            }
        }
        next[v] = now;
        t->biz_total[r][z] += w;
        unsigned k = now & OFFERS_PROVIDER_MASK;
        if (k) {
            t->biz_adopted[r][z] += w;
            if (now & OFFERS_PAID_BIT) {
                t->biz_production[k - 1][r][z] += w;
            } else {
                t->biz_pilot[k - 1][r][z] += w;
            }
        }
    }
}

void businesses_step(businesses *b, const network *net, const offers *o, uint32_t seed, uint32_t step,
                     economy_tally *tally)
{
    offers_count_transfers(o, b->state, b->weight, b->local, tally->biz_transferred);
    offers_remap(o, b->state, b->local + b->ghosts);     /* firms of a sold lab move to its buyer */
    agents_view x = {b->state, net->offsets, net->neighbours, o, 0, seed, step, b->first};
    uint32_t begin = 0;
    for (unsigned r = 0; r < b->regions; r++) {
        x.region = r;
        biz_range(b, &x, begin, b->region_end[r], tally);
        begin = b->region_end[r];
    }
}

void businesses_count(const businesses *b, unsigned labs, economy_tally *tally)
{
    uint32_t begin = 0;
    for (unsigned r = 0; r < b->regions; r++) {
        for (uint32_t v = begin; v < b->region_end[r]; v++) {
            int64_t w = b->weight[v];
            unsigned z = b->size[v], k = b->state[v] & OFFERS_PROVIDER_MASK;
            tally->biz_total[r][z] += w;
            if (k >= 1 && k <= labs) {
                tally->biz_adopted[r][z] += w;
                if (b->state[v] & OFFERS_PAID_BIT) {
                    tally->biz_production[k - 1][r][z] += w;
                } else {
                    tally->biz_pilot[k - 1][r][z] += w;
                }
            }
        }
        begin = b->region_end[r];
    }
}

void businesses_swap(businesses *b)
{
    uint8_t *t = b->state;
    b->state = b->state_next;
    b->state_next = t;
}

double businesses_bytes_per_agent(const businesses *b)
{
    if (b->local == 0) {
        return 0.0;
    }
    return (2.0 * ((double)b->local + b->ghosts) + 10.0 * b->local) / b->local;
}

void businesses_free(businesses *b)
{
    memory_free_hot(b->state);
    memory_free_hot(b->state_next);
    free(b->weight);
    free(b->size);
    free(b->sector);
    free(b->roi);
    b->state = b->state_next = NULL;
    b->weight = NULL;
    b->size = b->sector = NULL;
    b->roi = NULL;
}
