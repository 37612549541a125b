/* test_businesses.c — the business population: the same tallies at any rank count (each rank
 * compares the world run with a one-rank run of its own), exact weights with a region without
 * firms, sizes and initial adopters in proportion, and the pilot decision on the ROI memory. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/models/economy/populations/businesses.h"
#include "aiecon/engine/halo.h"
#include "cunit_mpi.h"
#include "fixtures.h"

enum { LABS = 2, REGIONS = 3, SIZES = 3, SECTORS = 2, DEGREE = 6 };

static char rn[REGIONS][8] = {"north", "empty", "south"};
static char zn[SIZES][8] = {"small", "medium", "large"};
static char sn[SECTORS][8] = {"retail", "finance"};

typedef struct world {
    scenario s;
    scenario_region regions[REGIONS];
    scenario_size sizes[SIZES];
    scenario_sector sectors[SECTORS];
} world;

static void make_world(world *w)
{
    memset(w, 0, sizeof *w);
    static const uint64_t firms[REGIONS] = {300007, 0, 50000}, agents[REGIONS] = {12000, 0, 3001};
    static const double size_share[SIZES] = {0.7, 0.2, 0.1}, size_adopted[SIZES] = {0.1, 0.3, 0.6};
    for (unsigned r = 0; r < REGIONS; r++) {
        w->regions[r] = (scenario_region){.name = rn[r], .households = 10, .household_agents = 10,
                                          .businesses = firms[r], .business_agents = agents[r], .adoption_scale = 1};
    }
    for (unsigned z = 0; z < SIZES; z++) {
        w->sizes[z] = (scenario_size){.name = zn[z], .share = size_share[z], .initial_adopted = size_adopted[z],
                                      .adoption_scale = 1};
    }
    w->sectors[0] = (scenario_sector){.name = sn[0], .share = 0.6, .roi = 0.3};
    w->sectors[1] = (scenario_sector){.name = sn[1], .share = 0.4, .roi = 0.6};
    w->s.regions = w->regions;
    w->s.region_count = REGIONS;
    w->s.run.seed = 777;
    w->s.businesses.network = (scenario_network){DEGREE, 0.1};
    w->s.businesses.sizes = w->sizes;
    w->s.businesses.size_count = SIZES;
    w->s.businesses.sectors = w->sectors;
    w->s.businesses.sector_count = SECTORS;
}

/* Sum of business agents (scenario_business_agents may not be linked yet). */
static uint64_t business_agents(const world *w)
{
    uint64_t n = 0;
    for (unsigned r = 0; r < REGIONS; r++) n += w->regions[r].business_agents;
    return n;
}

/* Run the firms of w over comm (fixtures.h): offers `o` before step `late_from`, `late` from
 * it on (if given). */
static fixtures_outcome *run_over(MPI_Comm comm, const world *w, const offers *initial, const offers *o,
                                  const offers *late, uint32_t late_from, uint32_t steps)
{
    return fixtures_run_over(comm, &w->s, FIXTURES_BUSINESSES, business_agents(w), DEGREE, LABS, initial, o, late,
                             late_from, steps);
}

/* Firms in pilot (production = 0) or production (1) with lab l, or with any lab (l = LABS). */
static int64_t stage_of(const economy_tally *t, int production, unsigned l)
{
    int64_t n = 0;
    for (unsigned k = l == LABS ? 0 : l; k < (l == LABS ? LABS : l + 1); k++)
        for (unsigned r = 0; r < REGIONS; r++)
            for (unsigned z = 0; z < SIZES; z++) n += production ? t->biz_production[k][r][z] : t->biz_pilot[k][r][z];
    return n;
}

/* Totals equal the regions' firms; pilots and production over labs equal adopted. */
static void assert_consistent(const world *w, const economy_tally *t)
{
    for (unsigned r = 0; r < REGIONS; r++) {
        int64_t total = 0;
        for (unsigned z = 0; z < SIZES; z++) {
            int64_t using = 0;
            for (unsigned l = 0; l < LABS; l++) using += t->biz_pilot[l][r][z] + t->biz_production[l][r][z];
            CU_ASSERT_EQUAL(using, t->biz_adopted[r][z]);
            CU_ASSERT(t->biz_adopted[r][z] <= t->biz_total[r][z]);
            total += t->biz_total[r][z];
        }
        CU_ASSERT_EQUAL(total, (int64_t)w->regions[r].businesses);
    }
}

static void test_same_at_any_rank_count(void)
{
    world w;
    make_world(&w);
    offers *o = fixtures_quiet_offers(LABS, REGIONS), *late = fixtures_quiet_offers(LABS, REGIONS);
    o->businesses.bass_p = 0.01;
    o->businesses.bass_q = 0.2;
    o->businesses.neighbour_weight = 1.0;
    o->businesses.quit_share = 0.5;
    o->businesses.churn[0] = 0.02;
    o->businesses.churn[1] = 0.04;
    o->pilot_decision = 0.2;
    o->roi_noise = 0.5;
    o->roi_threshold = 0.45;
    o->roi[1][1] = 0.1;
    for (unsigned z = 0; z < SIZES; z++) {
        o->businesses.hazard_scale[2][z] = 1.0 + z;
        o->businesses.utility[0][z][1] = 0.3 * z;
    }
    *late = *o; /* lab 1 defaults at step 8 */
    late->businesses.churn[1] = 1.0;
    for (unsigned r = 0; r < REGIONS; r++)
        for (unsigned z = 0; z < SIZES; z++) late->businesses.utility[r][z][1] = -INFINITY;
    fixtures_outcome *world_run = run_over(MPI_COMM_WORLD, &w, o, o, late, 8, 12);
    fixtures_outcome *alone = run_over(MPI_COMM_SELF, &w, o, o, late, 8, 12);
    CU_ASSERT_EQUAL(memcmp(world_run, alone, sizeof *world_run), 0);
    assert_consistent(&w, &world_run->initial);
    assert_consistent(&w, &world_run->last);
    assert_consistent(&w, &world_run->final);
    CU_ASSERT_EQUAL(memcmp(&world_run->last, &world_run->final, offsetof(economy_tally, biz_left)), 0);
    CU_ASSERT(world_run->sum.biz_left[0] > 0 && world_run->sum.biz_left[1] > 0);
    CU_ASSERT(stage_of(&world_run->sum, 0, LABS) > 0 && stage_of(&world_run->sum, 1, LABS) > 0);
    CU_ASSERT(stage_of(&world_run->initial, 0, 1) + stage_of(&world_run->initial, 1, 1) > 0);
    CU_ASSERT_EQUAL(stage_of(&world_run->final, 0, 1) + stage_of(&world_run->final, 1, 1), 0);
    /* each lab's firms after the run = before + every step's flows (offers.h), exactly */
    const economy_tally *f = &world_run->sum;
    int64_t in = 0, switched_out = 0;
    for (unsigned l = 0; l < LABS; l++) {
        int64_t before = stage_of(&world_run->initial, 0, l) + stage_of(&world_run->initial, 1, l);
        int64_t after = stage_of(&world_run->final, 0, l) + stage_of(&world_run->final, 1, l);
        CU_ASSERT_EQUAL(after, before + f->biz_new[l] + f->biz_switched_in[l] - f->biz_switched_out[l] -
                                   f->biz_stopped[l] + f->biz_transferred[l]);
        CU_ASSERT_EQUAL(f->biz_switched_out[l] + f->biz_stopped[l], f->biz_left[l]);
        in += f->biz_switched_in[l];
        switched_out += f->biz_switched_out[l];
    }
    CU_ASSERT_EQUAL(in, switched_out);
    CU_ASSERT(f->biz_switched_out[1] > 0 && f->biz_stopped[0] > 0 && f->biz_new[0] > 0);
    free(world_run);
    free(alone);
    free(o);
    free(late);
}

static void test_weights_and_shares(void)
{
    world w;
    make_world(&w);
    offers *o = fixtures_quiet_offers(LABS, REGIONS);
    fixtures_outcome *out = run_over(MPI_COMM_WORLD, &w, o, o, NULL, 0, 0);
    assert_consistent(&w, &out->initial);
    const economy_tally *t = &out->initial;
    for (unsigned z = 0; z < SIZES; z++) {
        CU_ASSERT_EQUAL(t->biz_total[1][z], 0);
        CU_ASSERT_DOUBLE_EQUAL((double)t->biz_total[0][z] / 300007.0, w.sizes[z].share, 0.02);
        CU_ASSERT_DOUBLE_EQUAL((double)t->biz_adopted[0][z] / (double)t->biz_total[0][z], w.sizes[z].initial_adopted,
                               0.05);
    }
    double pilots = (double)stage_of(t, 0, LABS), production = (double)stage_of(t, 1, LABS);
    CU_ASSERT(pilots > 0 && fabs(pilots - production) < 0.15 * (pilots + production)); /* half and half */
    CU_ASSERT(stage_of(t, 0, 0) > 0 && stage_of(t, 0, 1) > 0);
    free(out);
    free(o);
}

static void test_nothing_moves(void)
{
    world w;
    make_world(&w);
    offers *o = fixtures_quiet_offers(LABS, REGIONS);
    fixtures_outcome *out = run_over(MPI_COMM_WORLD, &w, o, o, NULL, 0, 4);
    CU_ASSERT_EQUAL(memcmp(&out->initial, &out->final, sizeof out->final), 0);
    CU_ASSERT_EQUAL(out->sum.biz_left[0] + out->sum.biz_left[1], 0);
    free(out);
    free(o);
}

/* One step with every pilot decided (pilot_decision 1) and the sector ROI `roi` against
 * threshold `threshold`; the initial memory is the initial offers' ROI 0.5. */
static fixtures_outcome *decide(double roi, double threshold)
{
    world w;
    make_world(&w);
    offers *initial = fixtures_quiet_offers(LABS, REGIONS), *o = fixtures_quiet_offers(LABS, REGIONS);
    o->pilot_decision = 1.0;
    o->roi_threshold = threshold;
    for (unsigned k = 0; k < SECTORS; k++)
        for (unsigned l = 0; l < LABS; l++) o->roi[k][l] = roi;
    fixtures_outcome *out = run_over(MPI_COMM_WORLD, &w, initial, o, NULL, 0, 1);
    CU_ASSERT(stage_of(&out->initial, 0, LABS) > 0 && stage_of(&out->initial, 1, LABS) > 0);
    free(initial);
    free(o);
    return out;
}

static void test_pilot_decision(void)
{
    /* ROI far above the threshold: every pilot goes to production, nobody leaves */
    fixtures_outcome *up = decide(10.0, 0.0);
    CU_ASSERT_EQUAL(stage_of(&up->last, 0, LABS), 0);
    CU_ASSERT_EQUAL(stage_of(&up->last, 1, LABS), stage_of(&up->initial, 0, LABS) + stage_of(&up->initial, 1, LABS));
    CU_ASSERT_EQUAL(up->last.biz_left[0] + up->last.biz_left[1], 0);
    /* ROI positive but far below the threshold: pilots back to none, production stays */
    fixtures_outcome *down = decide(0.3, 5.0);
    CU_ASSERT_EQUAL(stage_of(&down->last, 0, LABS), 0);
    CU_ASSERT_EQUAL(stage_of(&down->last, 1, LABS), stage_of(&down->initial, 1, LABS));
    for (unsigned l = 0; l < LABS; l++) CU_ASSERT_EQUAL(down->last.biz_left[l], stage_of(&down->initial, 0, l));
    /* ROI strongly negative: production drops too */
    fixtures_outcome *loss = decide(-10.0, 0.0);
    CU_ASSERT_EQUAL(stage_of(&loss->last, 0, LABS) + stage_of(&loss->last, 1, LABS), 0);
    free(up);
    free(down);
    free(loss);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("businesses", NULL, NULL);
    CU_add_test(suite, "tallies identical at this rank count and on one rank", test_same_at_any_rank_count);
    CU_add_test(suite, "weights exact, sizes and initial adopters in proportion", test_weights_and_shares);
    CU_add_test(suite, "no hazard, churn or decision: nothing moves", test_nothing_moves);
    CU_add_test(suite, "pilots go to production on a high ROI, back to none on a low one", test_pilot_decision);
}
