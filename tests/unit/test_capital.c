/* test_capital.c — capital that ages and energy that follows use (issue 13, parts 1 and 6), each
 * rule on numbers small enough to work out by hand, the expected values written here with their
 * arithmetic (nothing expected is computed by the code under test): chip generations on a cadence
 * (chips_generation_perf, chips_produce), the power a fleet draws at a given use
 * (clouds_power_drawn), a grid's new supply arriving after its interconnection lead time
 * (grid_expand), and a vintage written down to its value in use (clouds_age, clouds_impairment).
 * Cost: well under a second. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/grid.h"
#include "aiecon/io/scenario.h"
#include "cunit_mpi.h"

/* perf_growth 0.44 a year, a generation every 24 months: each step is 1.44^2 = 2.0736, released at
 * months 12, 36, 60, … (the steps straddle the trend 1.44^(m/12)). */
static void test_generation_step(void)
{
    scenario_chipmaker in;
    memset(&in, 0, sizeof in);
    in.perf_growth = 0.44;
    in.generation_months = 24;
    CU_ASSERT_DOUBLE_EQUAL(chips_generation_perf(&in, 0), 1.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(chips_generation_perf(&in, 11), 1.0, 0.0);         /* (11 + 12) / 24 = 0 */
    CU_ASSERT_DOUBLE_EQUAL(chips_generation_perf(&in, 12), 2.0736, 1e-12);    /* the first release */
    CU_ASSERT_DOUBLE_EQUAL(chips_generation_perf(&in, 35), 2.0736, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(chips_generation_perf(&in, 36), 4.29981696, 1e-12); /* 2.0736^2 */
    /* no cadence: grows every month, 1.44^(6/12) = 1.2 */
    in.generation_months = 0;
    CU_ASSERT_DOUBLE_EQUAL(chips_generation_perf(&in, 6), 1.2, 1e-12);
}

/* chips_produce of step t sets the chips on offer in step t + 1; what a cloud installed before
 * keeps its own performance. */
static void test_generation_in_produce(void)
{
    scenario s;
    memset(&s, 0, sizeof s);
    scenario_chipmaker cm;
    memset(&cm, 0, sizeof cm);
    cm.market_share = 1.0;
    cm.units_per_mw = 1.0;
    cm.perf_growth = 0.44;
    cm.generation_months = 24;
    s.chipmakers = &cm;
    s.chipmaker_count = 1;
    economy *e = calloc(1, sizeof *e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    e->chipmakers = 1;
    e->chip[0].perf = 1.0;
    e->clouds = 1;
    clouds_add_vintage(&e->cloud[0], 1, 10.0, e->chip[0].perf, 100.0, 60.0, 5.0);
    chips_produce(&s, e, 11);
    CU_ASSERT_DOUBLE_EQUAL(e->chip[0].perf, 1.0, 0.0);
    chips_produce(&s, e, 12);
    CU_ASSERT_DOUBLE_EQUAL(e->chip[0].perf, 2.0736, 1e-12);
    e->step = 12;   /* step 13 being run: its chips, and those 24 months on (one release more) */
    CU_ASSERT_DOUBLE_EQUAL(chips_frontier_perf_in(&s, e, -1, 0.0), 2.0736, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(chips_frontier_perf_in(&s, e, -1, 24.0), 4.29981696, 1e-12);
    /* the trend the releases straddle, what q values: 1.44^(12/12) = 1.44 now, below the chips on
     * offer (2.0736, released at month 12); 1.44^(24/12) = 2.0736 a year on */
    CU_ASSERT_DOUBLE_EQUAL(chips_frontier_trend_in(&s, e, -1, 0.0), 1.44, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(chips_frontier_trend_in(&s, e, -1, 12.0), 2.0736, 1e-12);
    clouds_add_vintage(&e->cloud[0], 2, 10.0, e->chip[0].perf, 100.0, 60.0, 13.0);
    CU_ASSERT_DOUBLE_EQUAL(e->cloud[0].vintage[1].perf, 1.0, 0.0);        /* installed: keeps its chips */
    CU_ASSERT_DOUBLE_EQUAL(e->cloud[0].vintage[2].perf, 2.0736, 1e-12);   /* new: its generation's */
    free(e);
}

/* 100 MW with 60 in use and idle draw 0.3: 60 + 0.3 × 40 = 72 MW; all in use: 100; none: 30. */
static void test_power_drawn(void)
{
    CU_ASSERT_DOUBLE_EQUAL(clouds_power_drawn(100.0, 60.0, 0.3), 72.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(clouds_power_drawn(100.0, 150.0, 0.3), 100.0, 1e-12);   /* at most its capacity */
    CU_ASSERT_DOUBLE_EQUAL(clouds_power_drawn(100.0, 0.0, 0.3), 30.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(clouds_power_drawn(100.0, 60.0, 1.0), 100.0, 1e-12);    /* idle draws fully */
}

/* The grid of the expansion tests: lead 3 months, response 0.5, reserve 0.2, start price 80 now at
 * 120; 1000 MW available, 900 connected, expansion free (expansion_usd_per_mw 0). */
static void grid_case(scenario_grid *in, grid_state *g)
{
    memset(in, 0, sizeof *in);
    in->interconnect_months = 3;
    in->expansion_response = 0.5;
    in->reserve_margin = 0.2;
    in->price_usd_per_mwh = 80.0;
    memset(g, 0, sizeof *g);
    g->power_mw = 1000.0;
    g->load_mw = 900.0;
    g->price_usd_per_mwh = 120.0;
}

/* Lead 3 months, response 0.5, reserve 0.2, price 120 against 80 at the start (× 1.5); 1000 MW
 * available, 900 connected and 100 queued: wanted = 1000 × 1.2 = 1200.
 *   month 1: started 0.75 × (1200 − 1000 − 0) = 150
 *   month 2: 150 coming: started 0.75 × (1200 − 1000 − 150) = 37.5
 *   month 3: 187.5 coming: started 0.75 × 12.5 = 9.375; still 1000 MW available
 *   month 4: the 150 of month 1 on line: 1150 MW; 46.875 coming: started 0.75 × 3.125 = 2.34375 */
static void test_grid_expansion(void)
{
    scenario_grid in;
    grid_state g;
    grid_case(&in, &g);
    const double started[4] = {150.0, 37.5, 9.375, 2.34375}, power[4] = {1000.0, 1000.0, 1000.0, 1150.0};
    for (int m = 0; m < 4; m++) {
        grid_expand(&in, &g, 100.0);
        CU_ASSERT_DOUBLE_EQUAL(g.started_mw, started[m], 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(g.power_mw, power[m], 1e-9);
    }
    /* enough supply: nothing started */
    g.power_mw = 5000.0;
    grid_expand(&in, &g, 100.0);
    CU_ASSERT_DOUBLE_EQUAL(g.started_mw, 0.0, 0.0);
    /* free expansion (the default): no capital to recover */
    CU_ASSERT_DOUBLE_EQUAL(g.capital_usd, 0.0, 0.0);
}

/* Expansion at 1.5e6 USD/MW: 150 MW started cost 225e6. Recovery of 1e9 over 25 years at 6 %: r =
 * 0.005 a month, n = 300, annuity 1e9 × 0.005 / (1 − 1.005^−300) = 6 443 014.01 a month; over
 * 1000 MW × 720 h = 720 000 MWh it adds 8.9486 USD/MWh; at a zero rate 1e9 / 300 = 3 333 333.33. */
static void test_grid_expansion_cost(void)
{
    scenario_grid in;
    grid_state g;
    grid_case(&in, &g);
    in.expansion_usd_per_mw = 1.5e6;
    grid_expand(&in, &g, 100.0);   /* 150 MW started, as in test_grid_expansion */
    CU_ASSERT_DOUBLE_EQUAL(g.expansion_cost, 225e6, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(g.capital_usd, 225e6, 1e-3);
    double charge = 0.0;
    CU_ASSERT_DOUBLE_EQUAL(grid_capital_adder(1e9, 0.06, 25.0, 1000.0, &charge), 8.948630576187702, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(charge, 6443014.014855145, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(grid_capital_adder(1e9, 0.0, 25.0, 1000.0, &charge), 3333333.3333333335 / 720000.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(grid_capital_adder(1e9, 0.06, 25.0, 0.0, &charge), 0.0, 0.0);   /* nothing drawn */
}

/* 10 MW of perf 1 at an expected compute price (the market's smoothed price, which the value in
 * use reads, as q does) of 1e6 USD per reference MW-month; this month's spot price is 2e6 (what
 * retirement reads: the vintage earns its running cost either way); energy 720 h × 50 USD/MWh
 * + upkeep 14 000 = 50 000 a month: margin 950 000 per MW-month, not falling (no chip progress).
 * Book 130e6, written off at 10e6 a month: after this month's charge 120e6, 12 months left.
 * Value in use at 6 %/year (0.005 a month) over 12 months: 950 000 × (1 − 1.005^−12) / 0.005 =
 * 950 000 × 11.6189321 = 11 037 985.46 per MW, 110 379 854.63 for the 10 MW; no contract: all of
 * it is tested, impairment 120e6 − 110 379 854.63 = 9 620 145.37; the rest, 110 379 854.63, is
 * written off over the same 12 months (9 198 321.22 a month). Half under contract: half of it. */
static void test_impairment(void)
{
    scenario s;
    memset(&s, 0, sizeof s);
    scenario_chipmaker cm;
    memset(&cm, 0, sizeof cm);
    cm.market_share = 1.0;
    cm.units_per_mw = 1.0;
    s.chipmakers = &cm;
    s.chipmaker_count = 1;
    scenario_cloud cl;
    memset(&cl, 0, sizeof cl);
    cl.upkeep_usd_per_mw_month = 14000.0;
    s.clouds = &cl;
    s.cloud_count = 1;
    s.investors.rate = 0.06;
    scenario_region region;
    memset(&region, 0, sizeof region);
    s.regions = &region;
    s.region_count = 1;
    economy *e = calloc(1, sizeof *e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    e->chipmakers = 1;
    e->chip[0].perf = 1.0;
    e->clouds = 1;
    e->grid[0].price_usd_per_mwh = 50.0;
    e->compute_price = 2e6;
    e->compute_price_smoothed = 1e6;
    e->cloud[0].capacity_mw = 10.0;
    e->cloud[0].vintage[0] = (vintage_state){.mw = 10.0, .perf = 1.0, .book_usd = 130e6, .depreciation_usd = 10e6};
    CU_ASSERT_DOUBLE_EQUAL(clouds_vintage_value(&s, e, 0, 0, 12), 11037985.46347536, 1e-4);
    clouds_age(&s, e, 0);
    CU_ASSERT_DOUBLE_EQUAL(e->cloud[0].depreciation, 10e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e->cloud[0].impairment, 9620145.36524640, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e->cloud[0].book_value, 110379854.6347536, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e->cloud[0].vintage[0].depreciation_usd, 9198321.21956280, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e->cloud[0].retired_mw, 0.0, 0.0);   /* it still earns its running cost */
    CU_ASSERT_DOUBLE_EQUAL(clouds_impairment(120e6, 110379854.6347536, 0.5), 4810072.6826232, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(clouds_impairment(100e6, 110e6, 1.0), 0.0, 0.0);   /* worth more than its book */
    free(e);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("capital", NULL, NULL);
    CU_add_test(suite, "chip generations: a performance step on a cadence", test_generation_step);
    CU_add_test(suite, "a new vintage gets its generation's performance, installed ones keep theirs",
                test_generation_in_produce);
    CU_add_test(suite, "power drawn = in use + idle draw of the idle", test_power_drawn);
    CU_add_test(suite, "a grid's new supply arrives after its interconnection lead time", test_grid_expansion);
    CU_add_test(suite, "a grid's expansion costs capital, recovered as an annuity in the price",
                test_grid_expansion_cost);
    CU_add_test(suite, "a vintage is written down to its value in use, the rest over its remaining life",
                test_impairment);
}
