/* test_known_answers.c — one step of each population behaviour on a set-up small enough to work
 * out by hand, against expected values written here with their arithmetic (issue 20, "known
 * answers"; the players' are in test_known_answers_players.c).
 *
 * Nothing expected is computed by the code under test. Where an agent's fate depends on its random
 * numbers, the test draws them itself from Random123's Philox with the stream contract that
 * docs/ODD.md states (key = (seed, purpose), counter = (id low, id high, step, draw)), so the tests
 * also pin the agents' streams: a draw that ignores the seed or the step fails here, by name.
 * Populations: a hand-made network of groups of five agents, in which the first agent of each group
 * (the subject) sees the other four. Behaviours: household adoption and choice (and their streams),
 * the pure Bass step, a firm's stage change. Cost: well under a second, one rank. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#include "aiecon/models/economy/populations/businesses.h"
#include "aiecon/models/economy/populations/households.h"
#include "aiecon/io/scenario.h"
#include "cunit_mpi.h"

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
    o->labs = o->choices = LABS;
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
    o->labs = o->choices = 1;
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

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("known answers: populations", NULL, NULL);
    CU_add_test(suite, "a household's adoption hazard and logit choice, on its own draws", test_household_hazard_and_logit);
    CU_add_test(suite, "household draws depend on the seed", test_household_draws_depend_on_seed);
    CU_add_test(suite, "household draws change every step", test_household_draws_change_every_step);
    CU_add_test(suite, "isolated households adopt 1 - (1 - p)^12 in a year", test_household_adoption_accumulates);
    CU_add_test(suite, "the pure Bass step adopts iff u < p + q a/d", test_bass_step);
    CU_add_test(suite, "a firm's stage change on its ROI memory", test_firm_stage_change);
}
