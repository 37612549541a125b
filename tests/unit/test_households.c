/* test_households.c — the household population: exact weights, the Bass step's limits, the
 * same tallies at any rank count (each rank compares the world run with a one-rank run of its own),
 * and each agent's step against the rule computed here from the CSR. */
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/halo.h"
#include "aiecon/models/economy/populations/households.h"
#include "aiecon/engine/reduce.h"
#include "cunit_mpi.h"

static char region_a[] = "north", region_b[] = "south";

static scenario make_scenario(scenario_region *regions, double p, double q, double initial)
{
    regions[0] = (scenario_region){.name = region_a, .households = 1000003, .household_agents = 1234};
    regions[1] = (scenario_region){.name = region_b, .households = 777, .household_agents = 555};
    scenario s;
    memset(&s, 0, sizeof s);
    s.regions = regions;
    s.region_count = 2;
    s.run.seed = 99;
    s.run.steps = 12;
    s.households = (scenario_households){.bass_p = p, .bass_q = q, .initial_adopted = initial, .network = {6, 0.2}};
    return s;
}

/* Run `steps` Bass steps over comm and return the final global tally. */
static void run_over(MPI_Comm comm, const scenario *s, uint32_t steps, households_tally *tally)
{
    network net;
    halo h;
    households hh;
    aiecon_error err;
    network_params np = {.agents = 1234 + 555, .degree = 6, .rewire = 0.2, .seed = s->run.seed,
                         .purpose = RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    CU_ASSERT_FATAL(network_build(&np, comm, &net, &err) == AIECON_OK);
    CU_ASSERT_FATAL(halo_create(&net, comm, 1, &h, &err) == AIECON_OK);
    CU_ASSERT_FATAL(households_create(s, &net, &hh, &err) == AIECON_OK);
    households_count(&hh, tally);
    for (uint32_t step = 1; step <= steps; step++) {
        CU_ASSERT_FATAL(halo_exchange(&h, hh.adopted, 1, hh.local, &err) == AIECON_OK);
        households_adopt(&hh, &net, s->households.bass_p, s->households.bass_q, s->run.seed, step, tally);
        households_swap(&hh);
    }
    if (steps == 0) households_count(&hh, tally);
    CU_ASSERT_FATAL(households_reduce(tally, comm, &err) == AIECON_OK);
    households_free(&hh);
    halo_free(&h);
    network_free(&net);
}

static void test_weights_are_exact(void)
{
    scenario_region regions[2];
    scenario s = make_scenario(regions, 0.0, 0.0, 0.0);
    households_tally t;
    run_over(MPI_COMM_WORLD, &s, 0, &t);
    CU_ASSERT_EQUAL(t.total[0], 1000003);
    CU_ASSERT_EQUAL(t.total[1], 777);
    CU_ASSERT_EQUAL(t.adopted[0], 0);
}

static void test_no_innovation_no_adoption(void)
{
    scenario_region regions[2];
    scenario s = make_scenario(regions, 0.0, 0.9, 0.0);
    households_tally t;
    run_over(MPI_COMM_WORLD, &s, 5, &t);
    CU_ASSERT_EQUAL(t.adopted[0] + t.adopted[1], 0);
}

static void test_certain_innovation_adopts_all(void)
{
    scenario_region regions[2];
    scenario s = make_scenario(regions, 1.0, 0.0, 0.0);
    households_tally t;
    run_over(MPI_COMM_WORLD, &s, 1, &t);
    CU_ASSERT_EQUAL(t.adopted[0], 1000003);
    CU_ASSERT_EQUAL(t.adopted[1], 777);
    CU_ASSERT_EQUAL(t.adopters[0], 1000003);
}

static void test_same_at_any_rank_count(void)
{
    scenario_region regions[2];
    scenario s = make_scenario(regions, 0.01, 0.4, 0.02);
    households_tally world, alone;
    run_over(MPI_COMM_WORLD, &s, 12, &world);
    run_over(MPI_COMM_SELF, &s, 12, &alone);
    CU_ASSERT_EQUAL(memcmp(&world, &alone, sizeof world), 0);
    CU_ASSERT(world.adopted[0] > 0 && world.adopted[0] < world.total[0]);
    CU_ASSERT(world.adopters[0] > 0);
}

/* Every agent's new state equals the rule written out here from the CSR (count of adopted
 * neighbours over all its CSR entries, the draw of households.h), not the loop's split of ring
 * window and far neighbours over the packed state: degrees 6 and 14 (ring windows of 7 and 15
 * agents) with rewiring, and 18 (a window past 16 bits: every agent through the CSR). */
static void test_step_equals_csr_rule(void)
{
    static const uint32_t degrees[] = {6, 14, 18};
    for (size_t c = 0; c < sizeof degrees / sizeof degrees[0]; c++) {
        scenario_region regions[2];
        scenario s = make_scenario(regions, 0.05, 0.6, 0.3);
        s.households.network.degree = degrees[c];
        network net;
        halo h;
        households hh;
        aiecon_error err;
        network_params np = {.agents = 1234 + 555, .degree = degrees[c], .rewire = 0.3, .seed = s.run.seed,
                             .purpose = RNG_PURPOSE_NETWORK_HOUSEHOLDS};
        CU_ASSERT_FATAL(network_build(&np, MPI_COMM_WORLD, &net, &err) == AIECON_OK);
        CU_ASSERT_FATAL(halo_create(&net, MPI_COMM_WORLD, 1, &h, &err) == AIECON_OK);
        CU_ASSERT_FATAL(households_create(&s, &net, &hh, &err) == AIECON_OK);
        CU_ASSERT_FATAL(halo_exchange(&h, hh.adopted, 1, hh.local, &err) == AIECON_OK);
        households_tally t;
        const uint32_t step = 3;
        households_adopt(&hh, &net, 0.05, 0.6, s.run.seed, step, &t);
        unsigned wrong = 0, adopted_before = 0, adopted_now = 0;
        for (uint32_t v = 0; v < hh.local; v++) {
            uint8_t expected = 1;
            if (!hh.adopted[v]) {
                unsigned count = 0, deg = net.offsets[v + 1] - net.offsets[v];
                for (uint32_t e = net.offsets[v]; e < net.offsets[v + 1]; e++) count += hh.adopted[net.neighbours[e]];
                uint64_t g = hh.first + v;
                philox4x32_ctr_t w = rng_words(s.run.seed, RNG_PURPOSE_HOUSEHOLD_ADOPT, g / 4, step, 0);
                double d = deg ? (double)deg : 1.0;
                expected = rng_unit(w.v[g % 4]) * d < 0.05 * d + 0.6 * (double)count;
            }
            wrong += hh.adopted_next[v] != expected;
            adopted_before += hh.adopted[v];
            adopted_now += hh.adopted_next[v];
        }
        CU_ASSERT_EQUAL(wrong, 0);
        CU_ASSERT(adopted_now > adopted_before); /* the step did something to compare */
        households_free(&hh);
        halo_free(&h);
        network_free(&net);
    }
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("households", NULL, NULL);
    CU_add_test(suite, "weights add up exactly to each region's households", test_weights_are_exact);
    CU_add_test(suite, "p = 0 and nobody adopted: nobody ever adopts", test_no_innovation_no_adoption);
    CU_add_test(suite, "p = 1: everybody adopts in the first step", test_certain_innovation_adopts_all);
    CU_add_test(suite, "tallies identical at this rank count and on one rank", test_same_at_any_rank_count);
    CU_add_test(suite, "each agent's step equals the rule from the CSR", test_step_equals_csr_rule);
}
