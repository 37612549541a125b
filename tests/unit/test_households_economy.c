/* test_households_economy.c — the household population of the AI economy: the same tallies at any
 * rank count (each rank compares the world run with a one-rank run of its own), exact totals,
 * nothing moving without hazard, churn or review, a defaulted lab losing every user to the others,
 * logit choice, paid chances 0 and 1, and income classes in proportion to their shares; each lab's
 * users follow their flows (new, switched, stopped, transferred with a sold lab) exactly. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/halo.h"
#include "aiecon/models/economy/populations/households.h"
#include "cunit_mpi.h"
#include "fixtures.h"

enum { LABS = 3, REGIONS = 2, INCOMES = 3, DEGREE = 8 };

static char region_a[] = "north", region_b[] = "south";
static char income_low[] = "low", income_mid[] = "mid", income_high[] = "high";

typedef struct world {
    scenario s;
    scenario_region regions[REGIONS];
    scenario_income income[INCOMES];
} world;

static void make_world(world *w, double adopted_share)
{
    memset(w, 0, sizeof *w);
    w->regions[0] = (scenario_region){.name = region_a, .households = 1000003, .household_agents = 20000,
                                      .adoption_scale = 1, .households_adopted = adopted_share};
    w->regions[1] = (scenario_region){.name = region_b, .households = 777777, .household_agents = 7001,
                                      .adoption_scale = 1, .households_adopted = adopted_share};
    w->income[0] = (scenario_income){income_low, 0.5, 10};
    w->income[1] = (scenario_income){income_mid, 0.3, 20};
    w->income[2] = (scenario_income){income_high, 0.2, 40};
    w->s.regions = w->regions;
    w->s.region_count = REGIONS;
    w->s.run.seed = 4242;
    w->s.households.network = (scenario_network){DEGREE, 0.1};
    w->s.households.income = w->income;
    w->s.households.income_count = INCOMES;
}

/* Run the households of w over comm (fixtures.h): offers `o` before step `late_from`, `late` from
 * it on (if given). */
static fixtures_outcome *run_over(MPI_Comm comm, const world *w, const offers *initial, const offers *o,
                                  const offers *late, uint32_t late_from, uint32_t steps)
{
    return fixtures_run_over(comm, &w->s, FIXTURES_HOUSEHOLDS, 20000 + 7001, DEGREE, LABS, initial, o, late,
                             late_from, steps);
}

static int64_t users_of(const economy_tally *t, unsigned l)
{
    int64_t n = 0;
    for (unsigned r = 0; r < REGIONS; r++) n += t->hh_users[l][r];
    return n;
}

static int64_t paid_of(const economy_tally *t)
{
    int64_t n = 0;
    for (unsigned l = 0; l < LABS; l++)
        for (unsigned r = 0; r < REGIONS; r++) n += t->hh_paid[l][r];
    return n;
}

/* Each lab's users after the run = before + the flows of every step (offers.h), exactly. */
static void assert_flows_add_up(const fixtures_outcome *out)
{
    const economy_tally *f = &out->sum;
    int64_t in = 0, switched_out = 0, moved = 0;
    for (unsigned l = 0; l < LABS; l++) {
        int64_t change = f->hh_new[l] + f->hh_switched_in[l] - f->hh_switched_out[l] - f->hh_stopped[l] +
                         f->hh_transferred[l];
        CU_ASSERT_EQUAL(users_of(&out->final, l), users_of(&out->initial, l) + change);
        CU_ASSERT(f->hh_new[l] >= 0 && f->hh_switched_in[l] >= 0 && f->hh_switched_out[l] >= 0 && f->hh_stopped[l] >= 0);
        CU_ASSERT_EQUAL(f->hh_switched_out[l] + f->hh_stopped[l], f->hh_left[l]);   /* every leaver, one way */
        in += f->hh_switched_in[l];
        switched_out += f->hh_switched_out[l];
        moved += f->hh_transferred[l];
    }
    CU_ASSERT_EQUAL(in, switched_out);   /* no open weights here: a switch is into another lab */
    CU_ASSERT_EQUAL(moved, 0);
    int64_t adopters = 0;
    for (unsigned r = 0; r < REGIONS; r++) adopters += f->hh_adopters[r];
    int64_t fresh = 0;
    for (unsigned l = 0; l < LABS; l++) fresh += f->hh_new[l];
    CU_ASSERT_EQUAL(fresh, adopters);
}

/* Totals equal the regions' households; users over labs equal adopted; paid within users. */
static void assert_consistent(const world *w, const economy_tally *t)
{
    for (unsigned r = 0; r < REGIONS; r++) {
        CU_ASSERT_EQUAL(t->hh_total[r], (int64_t)w->regions[r].households);
        int64_t users = 0;
        for (unsigned l = 0; l < LABS; l++) {
            users += t->hh_users[l][r];
            CU_ASSERT(t->hh_paid[l][r] >= 0 && t->hh_paid[l][r] <= t->hh_users[l][r]);
        }
        CU_ASSERT_EQUAL(users, t->hh_adopted[r]);
        CU_ASSERT(t->hh_adopters[r] <= t->hh_adopted[r]);
    }
}

static void test_same_at_any_rank_count(void)
{
    world w;
    make_world(&w, 0.05);
    offers *o = fixtures_quiet_offers(LABS, REGIONS), *late = fixtures_quiet_offers(LABS, REGIONS);
    o->households.bass_p = 0.02;
    o->households.bass_q = 0.3;
    o->households.neighbour_weight = 1.5;
    o->households.quit_share = 0.3;
    o->plan_review = 0.1;
    for (unsigned l = 0; l < LABS; l++) o->households.churn[l] = 0.02 + 0.01 * l;
    for (unsigned c = 0; c < INCOMES; c++) {
        o->households.hazard_scale[1][c] = 0.5 + 0.2 * c;
        for (unsigned l = 0; l < LABS; l++) {
            o->households.utility[0][c][l] = 0.4 * l - 0.1 * c;
            o->households.utility[1][c][l] = l == 2 ? -INFINITY : 0.2 * c;
            o->paid[0][c][l] = o->paid[1][c][l] = 0.1 + 0.2 * c;
        }
    }
    *late = *o; /* lab 0 defaults at step 7 */
    late->households.churn[0] = 1.0;
    for (unsigned r = 0; r < REGIONS; r++)
        for (unsigned c = 0; c < INCOMES; c++) late->households.utility[r][c][0] = -INFINITY;
    fixtures_outcome *world_run = run_over(MPI_COMM_WORLD, &w, o, o, late, 7, 12);
    fixtures_outcome *alone = run_over(MPI_COMM_SELF, &w, o, o, late, 7, 12);
    CU_ASSERT_EQUAL(memcmp(world_run, alone, sizeof *world_run), 0);
    assert_consistent(&w, &world_run->initial);
    assert_consistent(&w, &world_run->last);
    assert_consistent(&w, &world_run->final);
    CU_ASSERT_EQUAL(memcmp(&world_run->last, &world_run->final, offsetof(economy_tally, hh_adopters)), 0);
    CU_ASSERT_EQUAL(memcmp(world_run->last.hh_users, world_run->final.hh_users,
                           sizeof world_run->last.hh_users + sizeof world_run->last.hh_paid), 0);
    CU_ASSERT(world_run->sum.hh_adopters[0] > 0 && world_run->sum.hh_adopters[1] > 0);
    CU_ASSERT(world_run->sum.hh_left[0] > 0 && world_run->sum.hh_left[1] > 0);
    CU_ASSERT(users_of(&world_run->initial, 0) > 0 && users_of(&world_run->final, 0) == 0);
    CU_ASSERT(users_of(&world_run->final, 1) > 0 && users_of(&world_run->final, 2) > 0);
    CU_ASSERT_EQUAL(world_run->final.hh_users[2][1], 0); /* lab 2 cannot take users in region 1 */
    assert_flows_add_up(world_run);
    CU_ASSERT(world_run->sum.hh_switched_in[1] > 0 && world_run->sum.hh_stopped[0] > 0 && world_run->sum.hh_new[2] > 0);
    free(world_run);
    free(alone);
    free(o);
    free(late);
}

static void test_nothing_moves(void)
{
    world w;
    make_world(&w, 0.3);
    offers *o = fixtures_quiet_offers(LABS, REGIONS);
    o->households.neighbour_weight = 2.0;
    fixtures_outcome *out = run_over(MPI_COMM_WORLD, &w, o, o, NULL, 0, 5);
    assert_consistent(&w, &out->initial);
    CU_ASSERT(out->initial.hh_adopted[0] > 0 && paid_of(&out->initial) > 0);
    CU_ASSERT_EQUAL(memcmp(&out->initial, &out->final, sizeof out->final), 0);
    for (unsigned r = 0; r < REGIONS; r++) CU_ASSERT_EQUAL(out->sum.hh_adopters[r], 0);
    for (unsigned l = 0; l < LABS; l++) CU_ASSERT_EQUAL(out->sum.hh_left[l], 0);
    free(out);
    free(o);
}

static void test_default_moves_users(void)
{
    world w;
    make_world(&w, 0.4);
    offers *initial = fixtures_quiet_offers(LABS, REGIONS), *o = fixtures_quiet_offers(LABS, REGIONS);
    o->households.churn[0] = 1.0;
    for (unsigned r = 0; r < REGIONS; r++)
        for (unsigned c = 0; c < INCOMES; c++) o->households.utility[r][c][0] = -INFINITY;
    fixtures_outcome *out = run_over(MPI_COMM_WORLD, &w, initial, o, NULL, 0, 1);
    int64_t before = users_of(&out->initial, 0);
    CU_ASSERT(before > 0);
    CU_ASSERT_EQUAL(users_of(&out->last, 0), 0);
    CU_ASSERT_EQUAL(out->last.hh_left[0], before);
    CU_ASSERT_EQUAL(out->last.hh_left[1] + out->last.hh_left[2], 0);
    /* every user of lab 0 switched (quit_share 0), none stopped or started */
    CU_ASSERT_EQUAL(out->last.hh_switched_out[0], before);
    CU_ASSERT_EQUAL(out->last.hh_switched_in[1] + out->last.hh_switched_in[2], before);
    CU_ASSERT_EQUAL(out->last.hh_switched_in[0], 0);
    for (unsigned l = 0; l < LABS; l++) {
        CU_ASSERT_EQUAL(out->last.hh_stopped[l] + out->last.hh_new[l] + out->last.hh_transferred[l], 0);
    }
    assert_flows_add_up(out);
    CU_ASSERT_EQUAL(users_of(&out->last, 1) + users_of(&out->last, 2),
                    users_of(&out->initial, 0) + users_of(&out->initial, 1) + users_of(&out->initial, 2));
    for (unsigned r = 0; r < REGIONS; r++) {
        CU_ASSERT_EQUAL(out->last.hh_adopted[r], out->initial.hh_adopted[r]);
        CU_ASSERT_EQUAL(out->last.hh_adopters[r], 0);
    }
    assert_consistent(&w, &out->last);
    free(out);
    free(initial);
    free(o);
}

/* Lab 0 sold to lab 2 (offers.h transfer): its users move before the step, paid bit and all. */
static void test_sale_moves_users(void)
{
    world w;
    make_world(&w, 0.4);
    offers *initial = fixtures_quiet_offers(LABS, REGIONS), *o = fixtures_quiet_offers(LABS, REGIONS);
    o->transfer[0] = 3;
    fixtures_outcome *out = run_over(MPI_COMM_WORLD, &w, initial, o, NULL, 0, 2);
    int64_t sold = users_of(&out->initial, 0), kept = users_of(&out->initial, 2);
    CU_ASSERT(sold > 0 && kept > 0);
    CU_ASSERT_EQUAL(out->sum.hh_transferred[0], -sold);
    CU_ASSERT_EQUAL(out->sum.hh_transferred[2], sold);
    CU_ASSERT_EQUAL(out->sum.hh_transferred[1], 0);
    CU_ASSERT_EQUAL(out->last.hh_transferred[0], 0);   /* the second step finds none left to move */
    CU_ASSERT_EQUAL(users_of(&out->final, 0), 0);
    CU_ASSERT_EQUAL(users_of(&out->final, 2), sold + kept);
    CU_ASSERT_EQUAL(paid_of(&out->final), paid_of(&out->initial));
    assert_flows_add_up(out);
    free(out);
    free(initial);
    free(o);
}

static void test_utility_favours_lab(void)
{
    world w;
    make_world(&w, 0.0);
    offers *o = fixtures_quiet_offers(LABS, REGIONS);
    o->households.bass_p = 0.5;
    for (unsigned r = 0; r < REGIONS; r++)
        for (unsigned c = 0; c < INCOMES; c++) o->households.utility[r][c][1] = 5.0;
    fixtures_outcome *out = run_over(MPI_COMM_WORLD, &w, o, o, NULL, 0, 1);
    int64_t adopted = out->last.hh_adopted[0] + out->last.hh_adopted[1];
    int64_t total = out->last.hh_total[0] + out->last.hh_total[1];
    CU_ASSERT_EQUAL(out->initial.hh_adopted[0] + out->initial.hh_adopted[1], 0);
    CU_ASSERT_EQUAL(out->last.hh_adopters[0] + out->last.hh_adopters[1], adopted);
    CU_ASSERT(adopted > 0.45 * total && adopted < 0.55 * total);
    CU_ASSERT(users_of(&out->last, 1) > 0.97 * adopted);          /* e^5 / (e^5 + 2) = 0.987 */
    CU_ASSERT(users_of(&out->last, 0) > 0 && users_of(&out->last, 2) > 0);
    free(out);
    free(o);
}

/* Everybody adopts (p = 1) and reviews its plan with paid chance `chance`, starting from `start`. */
static void check_paid(double start, double chance)
{
    world w;
    make_world(&w, 0.5);
    offers *initial = fixtures_quiet_offers(LABS, REGIONS), *o = fixtures_quiet_offers(LABS, REGIONS);
    o->households.bass_p = 1.0;
    o->plan_review = 1.0;
    for (unsigned r = 0; r < REGIONS; r++)
        for (unsigned c = 0; c < INCOMES; c++)
            for (unsigned l = 0; l < LABS; l++) {
                initial->paid[r][c][l] = start;
                o->paid[r][c][l] = chance;
            }
    fixtures_outcome *out = run_over(MPI_COMM_WORLD, &w, initial, o, NULL, 0, 1);
    int64_t adopted0 = out->initial.hh_adopted[0] + out->initial.hh_adopted[1];
    int64_t adopted1 = out->last.hh_adopted[0] + out->last.hh_adopted[1];
    CU_ASSERT(adopted0 > 0);
    CU_ASSERT_EQUAL(paid_of(&out->initial), start > 0 ? adopted0 : 0);
    CU_ASSERT_EQUAL(adopted1, out->last.hh_total[0] + out->last.hh_total[1]);
    CU_ASSERT_EQUAL(paid_of(&out->last), chance > 0 ? adopted1 : 0);
    free(out);
    free(initial);
    free(o);
}

static void test_paid_chances(void)
{
    check_paid(0.0, 1.0);
    check_paid(1.0, 0.0);
}

static void test_income_shares(void)
{
    world w;
    make_world(&w, 0.0);
    offers *o = fixtures_quiet_offers(LABS, REGIONS);
    network net;
    households hh;
    aiecon_error err;
    network_params np = {.agents = 20000 + 7001, .degree = DEGREE, .rewire = 0.1, .seed = w.s.run.seed,
                         .purpose = RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    CU_ASSERT_FATAL(network_build(&np, MPI_COMM_SELF, &net, &err) == AIECON_OK);
    CU_ASSERT_FATAL(households_create_economy(&w.s, &net, o, &hh, &err) == AIECON_OK);
    double weight[INCOMES] = {0}, total = 0;
    for (uint32_t v = 0; v < hh.local; v++) {
        CU_ASSERT_FATAL(hh.income[v] < INCOMES);
        weight[hh.income[v]] += hh.weight[v];
        total += hh.weight[v];
    }
    CU_ASSERT_EQUAL(total, 1000003.0 + 777777.0);
    for (unsigned c = 0; c < INCOMES; c++) CU_ASSERT_DOUBLE_EQUAL(weight[c] / total, w.income[c].share, 0.01);
    CU_ASSERT(households_bytes_per_agent(&hh) > 5.0);
    households_free(&hh);
    network_free(&net);
    free(o);
}

static void test_network_mismatch_refused(void)
{
    world w;
    make_world(&w, 0.0);
    offers *o = fixtures_quiet_offers(LABS, REGIONS);
    network net;
    households hh;
    aiecon_error err;
    network_params np = {.agents = 20000 + 7000, .degree = DEGREE, .rewire = 0.1, .seed = w.s.run.seed,
                         .purpose = RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    CU_ASSERT_FATAL(network_build(&np, MPI_COMM_SELF, &net, &err) == AIECON_OK);
    CU_ASSERT_EQUAL(households_create_economy(&w.s, &net, o, &hh, &err), AIECON_ERR_INPUT);
    CU_ASSERT_PTR_NULL(hh.adopted);
    network_free(&net);
    free(o);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("households_economy", NULL, NULL);
    CU_add_test(suite, "tallies identical at this rank count and on one rank", test_same_at_any_rank_count);
    CU_add_test(suite, "no hazard, churn or review: nothing moves", test_nothing_moves);
    CU_add_test(suite, "a defaulted lab loses every user to the other labs in one step", test_default_moves_users);
    CU_add_test(suite, "a sold lab's users move to the buyer, counted out of one and into the other",
                test_sale_moves_users);
    CU_add_test(suite, "adopters choose the lab the utility favours", test_utility_favours_lab);
    CU_add_test(suite, "paid chance 0: nobody pays; 1: everybody pays", test_paid_chances);
    CU_add_test(suite, "income classes in proportion to their shares, weights exact", test_income_shares);
    CU_add_test(suite, "a network of the wrong size is refused", test_network_mismatch_refused);
}
