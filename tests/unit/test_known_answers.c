/* test_known_answers.c — one step of each behaviour on a set-up small enough to work out by hand,
 * against expected values written here with their arithmetic (issue 20, "known answers").
 *
 * Nothing expected is computed by the code under test. Where an agent's fate depends on its random
 * numbers, the test draws them itself from Random123's Philox with the stream contract that
 * docs/ODD.md states (key = (seed, purpose), counter = (id low, id high, step, draw)), so the tests
 * also pin the agents' streams: a draw that ignores the seed or the step fails here, by name.
 * Populations: a hand-made network of groups of five agents, in which the first agent of each group
 * (the subject) sees the other four. Players: inputs/tiny.yaml reduced to one hand-made contract
 * (100 MW at 1e6 USD per MW-month between the first lab and the first cloud), no opex, no debt.
 * Behaviours: household adoption and choice (and their streams), the pure Bass step, a firm's stage
 * change, a lab's revenue, training and prices, investors, a chipmaker's price and shipments, the
 * electricity price, take-or-pay, a default's clearing. Cost: well under a second, one rank. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/grid.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/models/economy/populations/businesses.h"
#include "aiecon/models/economy/populations/households.h"
#include "aiecon/io/scenario.h"
#include "cunit_mpi.h"

#ifndef AIECON_SOURCE_DIR
#define AIECON_SOURCE_DIR "."
#endif

enum { GROUPS = 20000, GROUP = 5, AGENTS = GROUPS * GROUP, LABS = 3 };

/* ------------------------------------------------------------------ the streams, independently */

/* Word `word` of the Philox call of (seed, purpose, id, step, draw), as a uniform in [0, 1). */
static double philox_unit(uint32_t seed, uint32_t purpose, uint64_t id, uint32_t step, uint32_t draw, int word)
{
    philox4x32_ctr_t ctr = {{(uint32_t)id, (uint32_t)(id >> 32), step, draw}};
    philox4x32_key_t key = {{seed, purpose}};
    philox4x32_ctr_t w = philox4x32(ctr, key);
    return w.v[word] / 4294967296.0;
}

enum { PURPOSE_HOUSEHOLD_ADOPT = 3, PURPOSE_HOUSEHOLD_CHOICE = 7 };   /* docs/ODD.md, "Stochasticity" */

/* ------------------------------------------------------------------ a hand-made population */

/* Groups of five: agent 5i (the subject) has the four others of its group as neighbours; they
 * have none. States of the neighbours: lab 0, lab 0, lab 1, no AI (so d = 4, a = 3, n = (2, 1, 0)). */
typedef struct village {
    network net;
    households h;
} village;

static void village_make(village *v, int economy)
{
    memset(v, 0, sizeof *v);
    v->net.local = AGENTS;
    v->net.offsets = malloc((AGENTS + 1) * sizeof *v->net.offsets);
    v->net.neighbours = malloc(4 * GROUPS * sizeof *v->net.neighbours);
    v->h.adopted = calloc(AGENTS, 1);
    v->h.adopted_next = calloc(AGENTS, 1);
    v->h.weight = malloc(AGENTS * sizeof *v->h.weight);
    v->h.income = calloc(AGENTS, 1);
    CU_ASSERT_FATAL(v->net.offsets && v->net.neighbours && v->h.adopted && v->h.adopted_next && v->h.weight &&
                    v->h.income);
    uint32_t e = 0;
    for (uint32_t a = 0; a < AGENTS; a++) {
        v->net.offsets[a] = e;
        if (a % GROUP == 0) {
            for (uint32_t j = 1; j < GROUP; j++) v->net.neighbours[e++] = a + j;
        }
        v->h.weight[a] = 1;
    }
    v->net.offsets[AGENTS] = e;
    static const uint8_t economy_state[GROUP] = {0, 1, 1, 2, 0};   /* provider l + 1 */
    static const uint8_t bass_state[GROUP] = {0, 1, 1, 1, 0};      /* adopted or not */
    for (uint32_t a = 0; a < AGENTS; a++) v->h.adopted[a] = (economy ? economy_state : bass_state)[a % GROUP];
    v->h.local = AGENTS;
    v->h.regions = 1;
    v->h.region_end[0] = AGENTS;
}

static void village_free(village *v)
{
    free(v->net.offsets);
    free(v->net.neighbours);
    free(v->h.adopted);
    free(v->h.adopted_next);
    free(v->h.weight);
    free(v->h.income);
}

/* Offers for the village: p = 0.05, q = 0.4, hazard scale 0.5; utilities (0, 0, ln 2) and a
 * neighbour weight 4 ln 2 (ln 2 per neighbour of the lab's); paid chances 0.1, 0.2, 0.3; nobody
 * churns or reviews a plan (the neighbours stay as they are). */
static offers *village_offers(void)
{
    offers *o = calloc(1, sizeof *o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    o->labs = LABS;
    o->regions = 1;
    o->households.bass_p = 0.05;
    o->households.bass_q = 0.4;
    o->households.hazard_scale[0][0] = 0.5;
    o->households.utility[0][0][0] = 0.0;
    o->households.utility[0][0][1] = 0.0;
    o->households.utility[0][0][2] = log(2.0);
    o->households.neighbour_weight = 4.0 * log(2.0);
    o->paid[0][0][0] = 0.1;
    o->paid[0][0][1] = 0.2;
    o->paid[0][0][2] = 0.3;
    return o;
}

/* The subject's expected state after a step, from its own draws (seed, step):
 *   hazard = (p + q·a/d)·scale = (0.05 + 0.4·3/4)·0.5 = (0.05 + 0.30)·0.5 = 0.175: adopts iff w0 < 0.175;
 *   V = utility + ln 2 · n = (0 + 2 ln 2, 0 + ln 2, ln 2 + 0) = (ln 4, ln 2, ln 2),
 *   P = (4, 2, 2) / 8 = (0.5, 0.25, 0.25): lab 0 iff w2 < 0.5, lab 1 iff w2 < 0.75, else lab 2;
 *   pays iff w3 < paid[lab] = 0.1, 0.2 or 0.3. */
static uint8_t expected_subject(uint32_t seed, uint32_t step, uint64_t g)
{
    if (!(philox_unit(seed, PURPOSE_HOUSEHOLD_CHOICE, g, step, 0, 0) < 0.175)) return 0;
    double w2 = philox_unit(seed, PURPOSE_HOUSEHOLD_CHOICE, g, step, 0, 2);
    unsigned lab = w2 < 0.5 ? 0 : w2 < 0.75 ? 1 : 2;
    static const double paid[LABS] = {0.1, 0.2, 0.3};
    int pays = philox_unit(seed, PURPOSE_HOUSEHOLD_CHOICE, g, step, 0, 3) < paid[lab];
    return (uint8_t)((lab + 1) | (pays ? OFFERS_PAID_BIT : 0u));
}

/* One economy step of the village; returns the subjects' new states (owned by the caller). */
static uint8_t *village_step(uint32_t seed, uint32_t step)
{
    village v;
    village_make(&v, 1);
    offers *o = village_offers();
    economy_tally t;
    memset(&t, 0, sizeof t);
    households_step(&v.h, &v.net, o, seed, step, &t);
    uint8_t *out = malloc(GROUPS);
    CU_ASSERT_FATAL(out != NULL);
    for (uint32_t i = 0; i < GROUPS; i++) out[i] = v.h.adopted_next[i * GROUP];
    free(o);
    village_free(&v);
    return out;
}

static void test_household_hazard_and_logit(void)
{
    const uint32_t seed = 4242, step = 3;
    uint8_t *got = village_step(seed, step);
    unsigned mismatches = 0, adopters = 0, lab[LABS] = {0}, payers = 0;
    for (uint32_t i = 0; i < GROUPS; i++) {
        mismatches += got[i] != expected_subject(seed, step, (uint64_t)i * GROUP);
        if (got[i]) {
            adopters++;
            lab[(got[i] & OFFERS_PROVIDER_MASK) - 1]++;
            payers += (got[i] & OFFERS_PAID_BIT) != 0;
        }
    }
    if (mismatches) {
        fprintf(stderr, "households: %u of %u subjects differ from the hand-computed hazard 0.175, logit "
                        "(0.5, 0.25, 0.25) on their own Philox draws (seed %u, step %u): the draw, the hazard "
                        "or the choice is wrong\n", mismatches, GROUPS, seed, step);
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    /* and the frequencies, whatever the stream: adoption 0.175 ± 4 sd (sd = sqrt(0.175·0.825/20000)
     * = 0.0027); among ~3500 adopters lab 0 takes 0.5 ± 0.034 and labs 1, 2 0.25 ± 0.03 (4 sd);
     * payers 0.5·0.1 + 0.25·0.2 + 0.25·0.3 = 0.175 of adopters ± 0.026 */
    double share = adopters / (double)GROUPS;
    CU_ASSERT(fabs(share - 0.175) < 4 * 0.0027);
    CU_ASSERT_FATAL(adopters > 0);
    CU_ASSERT(fabs(lab[0] / (double)adopters - 0.5) < 0.034);
    CU_ASSERT(fabs(lab[1] / (double)adopters - 0.25) < 0.03);
    CU_ASSERT(fabs(lab[2] / (double)adopters - 0.25) < 0.03);
    CU_ASSERT(fabs(payers / (double)adopters - 0.175) < 0.026);
    free(got);
}

static unsigned differences(const uint8_t *a, const uint8_t *b)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < GROUPS; i++) n += a[i] != b[i];
    return n;
}

/* Two seeds, the same step: about 2·0.175·0.825 = 29 % of the subjects end differently (and the same
 * seed twice: none). Fails if the household draws ignore the seed. */
static void test_household_draws_depend_on_seed(void)
{
    uint8_t *a = village_step(4242, 3), *b = village_step(4243, 3), *again = village_step(4242, 3);
    unsigned diff = differences(a, b);
    if (diff < GROUPS / 10) {
        fprintf(stderr, "households: seeds 4242 and 4243 give %u of %u subjects different fates: the household "
                        "draws ignore the seed\n", diff, GROUPS);
    }
    CU_ASSERT(diff >= GROUPS / 10);
    CU_ASSERT_EQUAL(differences(a, again), 0);
    free(a);
    free(b);
    free(again);
}

/* The same state and seed, steps 3 and 4: the subjects must not all decide alike. Fails if the
 * step is missing from the draw's counter (the same random numbers every month). */
static void test_household_draws_change_every_step(void)
{
    uint8_t *a = village_step(4242, 3), *b = village_step(4242, 4);
    unsigned diff = differences(a, b);
    if (diff < GROUPS / 10) {
        fprintf(stderr, "households: steps 3 and 4 give %u of %u subjects different fates: the household draws "
                        "do not change from one step to the next\n", diff, GROUPS);
    }
    CU_ASSERT(diff >= GROUPS / 10);
    free(a);
    free(b);
}

/* Over twelve steps an isolated non-user adopts with p·scale = 0.05·0.5 = 0.025 a month, so after
 * twelve months 1 − 0.975^12 = 0.2620 of them use AI (± 4 sd = 4·sqrt(0.262·0.738/20000) = 0.0124).
 * The same number every month would leave it at 0.025. */
static void test_household_adoption_accumulates(void)
{
    village v;
    village_make(&v, 1);
    for (uint32_t a = 0; a < AGENTS; a++) v.h.adopted[a] = 0;
    for (uint32_t a = 0; a <= AGENTS; a++) v.net.offsets[a] = 0;   /* everyone isolated */
    offers *o = village_offers();
    for (uint32_t step = 1; step <= 12; step++) {
        economy_tally t;
        memset(&t, 0, sizeof t);
        households_step(&v.h, &v.net, o, 77, step, &t);
        households_swap(&v.h);
    }
    unsigned users = 0;
    for (uint32_t a = 0; a < AGENTS; a++) users += (v.h.adopted[a] & OFFERS_PROVIDER_MASK) != 0;
    double share = users / (double)AGENTS;
    if (fabs(share - 0.2620) >= 0.0124 / sqrt(5.0)) {
        fprintf(stderr, "households: %.4f of isolated agents adopted in 12 months at 0.025 a month, expected "
                        "1 - 0.975^12 = 0.2620\n", share);
    }
    CU_ASSERT(fabs(share - 0.2620) < 0.0124 / sqrt(5.0));   /* 100 000 agents: sd shrinks by sqrt(5) */
    free(o);
    village_free(&v);
}

/* The pure Bass step (households_adopt): the subject adopts iff u < p + q·a/d
 * = 0.05 + 0.4·3/4 = 0.35, u being word g mod 4 of the Philox call (seed, 3, g / 4, step). */
static void test_bass_step(void)
{
    const uint32_t seed = 99, step = 5;
    village v;
    village_make(&v, 0);
    households_tally t;
    households_adopt(&v.h, &v.net, 0.05, 0.4, seed, step, &t);
    unsigned mismatches = 0, adopters = 0;
    for (uint32_t i = 0; i < GROUPS; i++) {
        uint64_t g = (uint64_t)i * GROUP;
        uint8_t expected = philox_unit(seed, PURPOSE_HOUSEHOLD_ADOPT, g >> 2, step, 0, (int)(g & 3)) < 0.35;
        mismatches += v.h.adopted_next[g] != expected;
        adopters += v.h.adopted_next[g];
    }
    if (mismatches) {
        fprintf(stderr, "bass: %u of %u subjects differ from u < p + q·a/d = 0.05 + 0.4·3/4 = 0.35\n", mismatches,
                GROUPS);
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT(fabs(adopters / (double)GROUPS - 0.35) < 4 * sqrt(0.35 * 0.65 / GROUPS));
    village_free(&v);
}

/* ------------------------------------------------------------------ a firm's stage change */

/* Four isolated firms using lab 0, no churn, every pilot decided this month (pilot_decision = 1),
 * no noise (realised ROI = the sector's mean), memory weight 0.3, threshold 0.03; sector 0 earns
 * 0.12 a month, sector 1 −0.05:
 *   pilot,      sector 0, m = 0.02: m' = 0.7·0.02 + 0.3·0.12    = 0.014 + 0.036 = 0.050 > 0.03 → production
 *   pilot,      sector 1, m = 0.02: m' = 0.7·0.02 + 0.3·(−0.05) = 0.014 − 0.015 = −0.001     → none, m = 0
 *   production, sector 1, m = 0.01: m' = 0.007 − 0.015 = −0.008 < 0                          → none, m = 0
 *   production, sector 0, m = 0.01: m' = 0.007 + 0.036 = 0.043 ≥ 0                           → stays */
static void test_firm_stage_change(void)
{
    enum { FIRMS = 4 };
    uint32_t offsets[FIRMS + 1] = {0, 0, 0, 0, 0};
    uint32_t nb[1] = {0};
    network net;
    memset(&net, 0, sizeof net);
    net.local = FIRMS;
    net.offsets = offsets;
    net.neighbours = nb;
    uint8_t state[FIRMS] = {1, 1, 1 | OFFERS_PAID_BIT, 1 | OFFERS_PAID_BIT}, next[FIRMS] = {0};
    uint32_t weight[FIRMS] = {10, 20, 30, 40};
    uint8_t size[FIRMS] = {0, 0, 0, 0}, sector[FIRMS] = {0, 1, 1, 0};
    float roi[FIRMS] = {0.02f, 0.02f, 0.01f, 0.01f};
    businesses b;
    memset(&b, 0, sizeof b);
    b.local = FIRMS;
    b.state = state;
    b.state_next = next;
    b.weight = weight;
    b.size = size;
    b.sector = sector;
    b.roi = roi;
    b.regions = 1;
    b.region_end[0] = FIRMS;
    offers *o = calloc(1, sizeof *o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    o->labs = 1;
    o->regions = 1;
    o->roi[0][0] = 0.12;
    o->roi[1][0] = -0.05;
    o->roi_memory = 0.3;
    o->roi_threshold = 0.03;
    o->pilot_decision = 1.0;
    economy_tally t;
    memset(&t, 0, sizeof t);
    businesses_step(&b, &net, o, 7, 1, &t);
    CU_ASSERT_EQUAL(next[0], 1 | OFFERS_PAID_BIT);
    CU_ASSERT_DOUBLE_EQUAL(roi[0], 0.050, 1e-6);
    CU_ASSERT_EQUAL(next[1], 0);
    CU_ASSERT_DOUBLE_EQUAL(roi[1], 0.0, 0.0);
    CU_ASSERT_EQUAL(next[2], 0);
    CU_ASSERT_DOUBLE_EQUAL(roi[2], 0.0, 0.0);
    CU_ASSERT_EQUAL(next[3], 1 | OFFERS_PAID_BIT);
    CU_ASSERT_DOUBLE_EQUAL(roi[3], 0.043, 1e-6);
    /* tallies: production 10 + 40 firms, nobody in pilot, 20 + 30 left lab 0 */
    CU_ASSERT_EQUAL(t.biz_production[0][0][0], 50);
    CU_ASSERT_EQUAL(t.biz_pilot[0][0][0], 0);
    CU_ASSERT_EQUAL(t.biz_left[0], 50);
    CU_ASSERT_EQUAL(t.biz_total[0][0], 100);
    /* a pilot not decided this month (pilot_decision 0) stays a pilot whatever its memory */
    state[0] = 1;
    roi[0] = 0.02f;
    o->pilot_decision = 0.0;
    memset(&t, 0, sizeof t);
    businesses_step(&b, &net, o, 7, 2, &t);
    CU_ASSERT_EQUAL(next[0], 1);
    CU_ASSERT_DOUBLE_EQUAL(roi[0], 0.050, 1e-6);
    free(o);
}

/* ------------------------------------------------------------------ players */

static scenario *load_tiny(void)
{
    scenario *s = NULL;
    aiecon_error err;
    if (scenario_load_mpi(MPI_COMM_SELF, AIECON_SOURCE_DIR "/inputs/tiny.yaml", NULL, 0, &s, &err) != AIECON_OK) {
        fprintf(stderr, "%s\n", err.message);
        return NULL;
    }
    return s;
}

/* tiny.yaml's players with one contract (lab 0 at cloud 0: 100 MW from step 1 for 12 months at
 * 1e6 USD/MW-month), no opex, no debt, no construction, no energy, no chip bills, no token
 * growth: every flow of step 1 is one the test sets. */
static void hand_economy(scenario *s, economy *e)
{
    aiecon_error err;
    s->households.token_growth = 0.0;
    s->businesses.token_growth = 0.0;
    for (unsigned l = 0; l < s->lab_count; l++) {
        s->labs[l].opex_usd = 0.0;
        s->labs[l].opex_growth = 0.0;
    }
    CU_ASSERT_FATAL(economy_create(s, e, &err) == AIECON_OK);
    CU_ASSERT_FATAL(e->contract_capacity >= 1);
    e->contract_count = 1;
    e->contracts[0] = (contract_state){.lab = 0, .cloud = 0, .signed_step = 0, .start_step = 1, .months = 12,
                                       .mw = 100.0, .usd_per_mw_month = 1e6, .ended_step = INT32_MAX};
    for (unsigned l = 0; l < e->labs; l++) {
        e->lab[l].debt = 0.0;
        e->lab[l].cash = 1e10;
    }
    for (unsigned k = 0; k < e->clouds; k++) {
        e->cloud[k].debt = 0.0;
        e->cloud[k].construction_due = 0.0;
        e->cloud[k].energy_cost = 0.0;
        e->cloud[k].capacity_mw = 1000.0;
    }
    for (unsigned m = 0; m < e->chipmakers; m++) {
        memset(e->chip[m].bill, 0, sizeof e->chip[m].bill);
        e->chip[m].production_cost = 0.0;
    }
}

/* Lab 0 at step 1: 1000 + 500 users of whom 100 + 50 pay; firms of the first size: 10 in pilot
 * (2 Mtok each), 4 in production (20 Mtok each); free users 0.03 Mtok, paying 0.3 Mtok.
 *   subscriptions = 150 paying × 20 USD = 3000 USD
 *   tokens        = households (1350 × 0.03 + 150 × 0.3 = 40.5 + 45 = 85.5) + firms (10 × 2 + 4 × 20 = 100)
 *                 = 185.5 Mtok
 *   capacity 100 MW, training share 0.5: 50 MW for inference; serving 1.855 Mtok/MW: demand
 *   185.5 / 1.855 = 100 MW; served share 50 / 100 = 0.5
 *   API           = 100 Mtok × 0.5 served × 8 USD/Mtok = 400 USD;  revenue = 3000 + 400 = 3400 USD */
static void test_lab_revenue(void)
{
    scenario *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    s->households.tokens_free_mtok = 0.03;
    s->households.tokens_paid_mtok = 0.3;
    s->businesses.sizes[0].tokens_pilot_mtok = 2.0;
    s->businesses.sizes[0].tokens_production_mtok = 20.0;
    s->labs[0].training_share = 0.5;
    s->labs[0].serving_mtok_per_mw = 1.855;
    e.lab[0].subscription_usd = 20.0;
    e.lab[0].api_usd_per_mtok = 8.0;
    e.perf_factor = 1.0;
    economy_tally t;
    memset(&t, 0, sizeof t);
    t.hh_users[0][0] = 1000;
    t.hh_paid[0][0] = 100;
    t.hh_users[0][1] = 500;
    t.hh_paid[0][1] = 50;
    t.biz_pilot[0][0][0] = 10;
    t.biz_production[0][1][0] = 4;
    labs_demand(s, &e, 1, &t);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].users, 1500.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].paid_users, 150.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].business_users, 14.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].tokens_mtok, 185.5, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].capacity_mw, 100.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].served_share, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].subscription_revenue, 3000.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].api_revenue, 400.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].revenue, 3400.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].revenue, 0.0, 0.0);    /* nobody uses lab 1 */
    economy_free(&e);
    scenario_free(s);
}

/* Training and prices at step 12: chip performance 1 (shares 0.6 + 0.4), algorithmic progress
 * 1.0/year: perf_factor = 1 × (1 + 1)^(12/12) = 2. Lab 0 trains with 0.5 of 9000 MW:
 * compute 1000 + 0.5 × 9000 × 2 = 10 000 MW·months, ten times its start, so quality = 1.2 + log10(10)
 * = 2.2. Its API price falls 75 % a year from 8 USD/Mtok: 8 × (1 − 0.75)^(12/12) = 2 USD/Mtok.
 * Smoothed revenue starts at the month's revenue (300 USD), growth 0. */
static void test_training_and_prices(void)
{
    scenario *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    CU_ASSERT_FATAL(e.chipmakers == 2);
    s->chipmakers[0].market_share = 0.6;
    s->chipmakers[1].market_share = 0.4;
    e.chip[0].perf = e.chip[1].perf = 1.0;
    s->investors.algorithmic_progress = 1.0;
    s->labs[0].training_share = 0.5;
    s->labs[0].training_compute = 1000.0;
    s->labs[0].quality = 1.2;
    s->labs[0].api_usd_per_mtok = 8.0;
    s->labs[0].api_price_decline = 0.75;
    e.lab[0].training_compute = 1000.0;
    e.lab[0].capacity_mw = 9000.0;
    e.lab[0].revenue = 300.0;
    e.lab[0].revenue_smoothed = 0.0;
    labs_train_and_price(s, &e, 12);
    CU_ASSERT_DOUBLE_EQUAL(e.perf_factor, 2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].training_compute, 10000.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].quality, 2.2, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].api_usd_per_mtok, 2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].revenue_smoothed, 300.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].revenue_growth, 0.0, 0.0);
    /* a month later with revenue 800: smoothed 0.8 × 300 + 0.2 × 800 = 400, growth
     * (400 / 300)^12 − 1 = 30.6, clamped to 5 a year */
    e.lab[0].revenue = 800.0;
    labs_train_and_price(s, &e, 13);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].revenue_smoothed, 400.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].revenue_growth, 5.0, 0.0);
    economy_free(&e);
    scenario_free(s);
}

/* Investors after step 12, starting neutral (sentiment 1) with no history: the labs earned 1e9 USD
 * (lab 0 only), the clouds spent 1e11 (cloud 0 only), so capex / revenue = 100 and, with no
 * revenue a year ago (growth 0), target = 1 + 0 − capex_weight 0.2 × log10(100) = 0.6; sentiment
 * moves half way (speed 0.5): 0.8. Equity supply 1e10 × 0.8 = 8e9 USD; spread 0.04 / 0.8 = 0.05 a
 * year; lab 0's valuation = multiple 10 × 0.8 × 12 × its smoothed revenue 1e9 = 9.6e10 USD. */
static void test_investors(void)
{
    scenario *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    s->investors.sentiment_speed = 0.5;
    s->investors.growth_weight = 1.0;
    s->investors.capex_weight = 0.2;
    s->investors.equity_supply_usd = 1e10;
    s->investors.spread = 0.04;
    s->investors.revenue_multiple = 10.0;
    memset(&e.investors, 0, sizeof e.investors);
    e.investors.sentiment = 1.0;
    for (unsigned l = 0; l < e.labs; l++) e.lab[l].revenue = e.lab[l].revenue_smoothed = 0.0;
    for (unsigned k = 0; k < e.clouds; k++) e.cloud[k].capex = 0.0;
    e.lab[0].revenue = 1e9;
    e.lab[0].revenue_smoothed = 1e9;
    e.cloud[0].capex = 1e11;
    e.step = 12;
    finance_investors(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.sentiment, 0.8, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.equity_supply_usd, 8e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.spread, 0.05, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].valuation, 9.6e10, 1e-2);
    economy_free(&e);
    scenario_free(s);
}

/* A chipmaker with capacity 200 units/month, owed 300 units by cloud 0 and 100 by cloud 1 (backlog
 * 400 = 2 months): price = cost 1000 × (markup 2 + slope 0.1 × (2 − 1)) = 2100 USD; it ships
 * min(400, 200) = 200 units pro rata: 150 to cloud 0 (bill 150 × 2100 = 315 000 USD, 15 MW at
 * 10 units/MW) and 50 to cloud 1 (105 000 USD, 5 MW); revenue 420 000, production cost
 * 200 × 1000 = 200 000 USD; 200 units left on order. With 50 units on order (a quarter month) the
 * price is cost × markup = 2000 USD. */
static void test_chipmaker(void)
{
    scenario *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    CU_ASSERT_FATAL(e.clouds >= 2);
    scenario_chipmaker *m = &s->chipmakers[0];
    m->markup = 2.0;
    m->markup_slope = 0.1;
    m->units_per_mw = 10.0;
    m->capacity_growth = 0.0;
    m->perf_growth = 0.0;
    chip_state *c = &e.chip[0];
    memset(c->backlog_by_cloud, 0, sizeof c->backlog_by_cloud);
    c->unit_cost_usd = 1000.0;
    c->capacity_units = 200.0;
    c->backlog_by_cloud[0] = 300.0;
    c->backlog_by_cloud[1] = 100.0;
    c->backlog_units = 400.0;
    memset(e.chip[1].backlog_by_cloud, 0, sizeof e.chip[1].backlog_by_cloud);
    e.chip[1].backlog_units = 0.0;
    double got0 = e.cloud[0].chips_received_mw, got1 = e.cloud[1].chips_received_mw;
    chips_produce(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(c->price_usd, 2100.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c->shipments, 200.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c->bill[0], 315000.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->bill[1], 105000.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->revenue, 420000.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->production_cost, 200000.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->backlog_units, 200.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].chips_received_mw - got0, 15.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[1].chips_received_mw - got1, 5.0, 1e-9);
    c->backlog_units = 50.0;
    CU_ASSERT_DOUBLE_EQUAL(chips_price(m, c), 2000.0, 1e-9);
    economy_free(&e);
    scenario_free(s);
}

/* The US grid with no AI cloud (all capacity 0): load = other data centres 15 000 MW, against
 * 25 000 MW available at the start: start use 0.6. With 30 000 MW available now, use = 0.5 and
 * price = 80 × max(0.5, 1 + 2 × (0.5 − 0.6)) = 80 × 0.8 = 64 USD/MWh; with 50 000 MW, use 0.3 and
 * 1 + 2 × (0.3 − 0.6) = 0.4 is below the floor: 80 × 0.5 = 40 USD/MWh. */
static void test_grid_price(void)
{
    scenario *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    scenario_grid *g = &s->regions[0].grid;
    g->dc_power_mw = 25000.0;
    g->other_dc_load_mw = 15000.0;
    g->price_usd_per_mwh = 80.0;
    g->price_elasticity = 2.0;
    for (unsigned k = 0; k < e.clouds; k++) s->clouds[k].capacity_mw = e.cloud[k].capacity_mw = 0.0;
    e.grid[0].power_mw = 30000.0;
    grid_update(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.grid[0].load_mw, 15000.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.grid[0].price_usd_per_mwh, 64.0, 1e-9);
    e.grid[0].power_mw = 50000.0;
    grid_update(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.grid[0].price_usd_per_mwh, 40.0, 1e-9);
    economy_free(&e);
    scenario_free(s);
}

/* Settle step 1 after a demand with nobody using any lab (revenue 0). */
static void settle_idle(scenario *s, economy *e)
{
    economy_tally nobody;
    memset(&nobody, 0, sizeof nobody);
    labs_demand(s, e, 1, &nobody);
    finance_open_book(e);
    finance_settle(s, e, 1);
}

/* Take-or-pay: nobody uses lab 0, its 100 MW still cost 100 × 1e6 = 1e8 USD; the cloud delivers
 * all of it (capacity 1000 MW ≥ 100 MW contracted). Lab 0: 1e10 − 1e8 = 9.9e9 USD (its runway,
 * 9.9e9 / 1e8 = 99 months, is above 12: no equity). Cloud 0 receives 1e8 plus its other revenue.
 * Lab 1 has no contract and no opex: owes nothing, keeps 1e10. */
static void test_take_or_pay(void)
{
    scenario *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    double cloud_cash = e.cloud[0].cash, other = s->clouds[0].other_revenue_usd;
    settle_idle(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].costs, 1e8, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].cash, 9.9e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].raised, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].revenue, 1e8, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].cash, cloud_cash + other + 1e8, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].cash, 1e10, 0.0);
    CU_ASSERT_EQUAL(e.lab[0].defaulted, 0);
    economy_free(&e);
    scenario_free(s);

    /* A cloud behind schedule (capacity 60 MW for 100 MW contracted) delivers 60 / 100 = 0.6 of
     * the contract and is paid 0.6 × 1e8 = 6e7 USD. */
    s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    hand_economy(s, &e);
    e.cloud[0].capacity_mw = 60.0;
    settle_idle(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].revenue, 6e7, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].cash, 1e10 - 6e7, 1e-3);
    economy_free(&e);
    scenario_free(s);
}

/* A default's clearing: lab 0 has 3e7 USD, owes 1e8 (contract) + 1e8 (opex, no growth) = 2e8,
 * earns nothing and gets no equity (supply 0). It defaults in step 1 and pays the share
 * 3e7 / 2e8 = 0.15 of every item: 0.15 × 1e8 = 1.5e7 to cloud 0 and 1.5e7 to the rest of the world;
 * its cash ends at 0. Its contract ends from step 2; cloud 0 books the 11 months it loses
 * (steps 2 … 12): 11 × 100 MW × 1e6 = 1.1e9 USD. */
static void test_default_clearing(void)
{
    scenario *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    s->labs[0].opex_usd = 1e8;
    e.lab[0].cash = 3e7;
    e.investors.equity_supply_usd = 0.0;
    double cloud_cash = e.cloud[0].cash, other = s->clouds[0].other_revenue_usd;
    settle_idle(s, &e);
    CU_ASSERT_EQUAL(e.lab[0].defaulted, 1);
    CU_ASSERT_EQUAL(e.lab[0].default_step, 1);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].cash, 0.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].revenue, 1.5e7, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].cash, cloud_cash + other + 1.5e7, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.book.flow[SECTOR_LABS][SECTOR_REST_OF_WORLD], 1.5e7, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.book.flow[SECTOR_LABS][SECTOR_CLOUDS], 1.5e7, 1e-3);
    CU_ASSERT_EQUAL(e.contracts[0].ended_step, 2);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].losses, 1.1e9, 1e-3);
    CU_ASSERT_EQUAL(e.cloud[0].defaulted, 0);
    CU_ASSERT_EQUAL(e.lab[1].defaulted, 0);
    economy_free(&e);
    scenario_free(s);
}

/* Each lab's subscription cash reaches that lab: lab 0 has 10 paying users at 20 USD, lab 1 has
 * 3 at 20 USD, nobody else; no contract (the hand-made one removed), no opex. Cash after step 1:
 * lab 0 1e10 + 200, lab 1 1e10 + 60. */
static void test_revenue_reaches_its_lab(void)
{
    scenario *s = load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    e.contract_count = 0;
    e.lab[0].subscription_usd = 20.0;
    e.lab[1].subscription_usd = 20.0;
    economy_tally t;
    memset(&t, 0, sizeof t);
    t.hh_users[0][0] = 10;
    t.hh_paid[0][0] = 10;
    t.hh_users[1][0] = 3;
    t.hh_paid[1][0] = 3;
    labs_demand(s, &e, 1, &t);
    finance_open_book(&e);
    finance_settle(s, &e, 1);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].cash, 1e10 + 200.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].cash, 1e10 + 60.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e.book.flow[SECTOR_HOUSEHOLDS][SECTOR_LABS], 260.0, 1e-9);
    economy_free(&e);
    scenario_free(s);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("known answers", NULL, NULL);
    CU_add_test(suite, "a household's adoption hazard and logit choice, on its own draws", test_household_hazard_and_logit);
    CU_add_test(suite, "household draws depend on the seed", test_household_draws_depend_on_seed);
    CU_add_test(suite, "household draws change every step", test_household_draws_change_every_step);
    CU_add_test(suite, "isolated households adopt 1 - (1 - p)^12 in a year", test_household_adoption_accumulates);
    CU_add_test(suite, "the pure Bass step adopts iff u < p + q a/d", test_bass_step);
    CU_add_test(suite, "a firm's stage change on its ROI memory", test_firm_stage_change);
    CU_add_test(suite, "a lab's revenue = paying users x price + served API tokens x price", test_lab_revenue);
    CU_add_test(suite, "training, quality, API price and smoothed revenue", test_training_and_prices);
    CU_add_test(suite, "investors' sentiment, equity supply, spread and valuation", test_investors);
    CU_add_test(suite, "a chipmaker's price, shipments pro rata and bills", test_chipmaker);
    CU_add_test(suite, "the electricity price on the grid's use, with its floor", test_grid_price);
    CU_add_test(suite, "take-or-pay: paid when idle, as far as delivered", test_take_or_pay);
    CU_add_test(suite, "a default's clearing: pro rata, contract ended, losses booked", test_default_clearing);
    CU_add_test(suite, "each lab's subscription cash reaches that lab", test_revenue_reaches_its_lab);
}
