/* test_investment.c — investment that answers demand (issue 13, part 3), each rule on numbers small
 * enough to work out by hand, the expected values written here with their arithmetic (nothing
 * expected is computed by the code under test): Tobin's q of a MW (clouds_q_value), of a new MW at
 * its expected occupancy (clouds_new_mw_q), the idle MW as good as new (clouds_idle_as_good), a chipmaker's
 * capacity expansion with its lead time (chips_expand), chip orders as a flow (chips_order,
 * chips_cancel), and how much of its scheduled contracts a lab signs at its ambition
 * (labs_schedule_scale). Cost: well under a second. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/io/scenario.h"
#include "cunit_mpi.h"

#ifndef AIECON_SOURCE_DIR
#define AIECON_SOURCE_DIR "."
#endif

/* q = Σ_t (rent·decay^(t−1) − running) / (1 + r)^t / capex, stopping when the margin is not positive. */
static void test_q_value(void)
{
    /* no discounting, rent halves each month, 2 months: (100 − 10) + (50 − 10) = 130; / 65 = 2 */
    CU_ASSERT_DOUBLE_EQUAL(clouds_q_value(100.0, 10.0, 65.0, 0.0, 0.5, 2), 2.0, 1e-12);
    /* 10 % a month, constant rent 120, running 10: 110 / 1.1 + 110 / 1.21 = 100 + 90.909090...
     * = 190.909090...; / 100 */
    CU_ASSERT_DOUBLE_EQUAL(clouds_q_value(120.0, 10.0, 100.0, 0.1, 1.0, 2), 1.9090909090909, 1e-12);
    /* retired when it no longer covers its running cost: margins 20, 5, then 7.5 − 10 < 0 stops
     * the sum (life 5 months): 25 / 25 = 1 */
    CU_ASSERT_DOUBLE_EQUAL(clouds_q_value(30.0, 10.0, 25.0, 0.0, 0.5, 5), 1.0, 1e-12);
    /* a MW that never covers its running cost is worth nothing; no cost: q reported as 0 */
    CU_ASSERT_DOUBLE_EQUAL(clouds_q_value(5.0, 10.0, 25.0, 0.0, 1.0, 60), 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(clouds_q_value(100.0, 10.0, 0.0, 0.0, 1.0, 60), 0.0, 0.0);
}

/* q of a new MW let `occupancy` of the time (clouds_new_mw_q), against the closed-form annuity: with
 * no obsolescence (decay 1) and a life of n months at a monthly rate r, q = (price × perf ×
 * occupancy − running) × (1 − (1 + r)^−n) / r / capex. Price 100 USD per reference MW-month, perf 2,
 * running 40, capex 2000, r = 1 %, n = 60 (annuity factor 44.955...). */
static double annuity(double r, unsigned n)
{
    return (1.0 - pow(1.0 + r, -(double)n)) / r;
}

static void test_q_occupancy(void)
{
    double a = annuity(0.01, 60);
    CU_ASSERT_DOUBLE_EQUAL(a, 44.955038, 1e-6);   /* the factor itself, from a table of annuities */
    /* always let (the rule before occupancy): margin 200 − 40 = 160; q = 160 a / 2000 = 3.596 > 1 */
    double full = clouds_new_mw_q(100.0, 2.0, 1.0, 40.0, 2000.0, 0.01, 1.0, 60);
    CU_ASSERT_DOUBLE_EQUAL(full, 160.0 * a / 2000.0, 1e-9);
    CU_ASSERT(full > 1.0);
    /* let half the time: margin 100 − 40 = 60; q = 60 a / 2000 = 1.349 */
    CU_ASSERT_DOUBLE_EQUAL(clouds_new_mw_q(100.0, 2.0, 0.5, 40.0, 2000.0, 0.01, 1.0, 60), 60.0 * a / 2000.0, 1e-9);
    /* let 30 % of the time: margin 60 − 40 = 20; q = 20 a / 2000 = 0.450 < 1: not worth building */
    double low = clouds_new_mw_q(100.0, 2.0, 0.3, 40.0, 2000.0, 0.01, 1.0, 60);
    CU_ASSERT_DOUBLE_EQUAL(low, 20.0 * a / 2000.0, 1e-9);
    CU_ASSERT(low < 1.0);
    /* let 20 %: rent 40 only covers its running cost, worth nothing; occupancy is a share (1.5 -> 1) */
    CU_ASSERT_DOUBLE_EQUAL(clouds_new_mw_q(100.0, 2.0, 0.2, 40.0, 2000.0, 0.01, 1.0, 60), 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(clouds_new_mw_q(100.0, 2.0, 1.5, 40.0, 2000.0, 0.01, 1.0, 60), full, 0.0);
}

/* The smoothed occupancy, worked by hand (MARKET_SMOOTHING_MONTHS 6). The first month is what is
 * observed. A fleet of 200 MW half in use (0.5) that retires its 100 idle MW keeps its 100 MW in
 * use: rescaled 0.5 × 200 / 100 = 1, and with all of it in use now, 1 + (1 − 1) / 6 = 1 (not
 * 0.5 + 0.5 / 6 = 0.583, a fleet counted half idle that has nothing idle). 75 MW at 0.3 retiring
 * 25: 0.3 × 75 / 50 = 0.45, then 0.45 + (0.6 − 0.45) / 6 = 0.475; without a retirement
 * 0.3 + (0.6 − 0.3) / 6 = 0.35. The rescaled share is at most 1: 0.8 × 200 / 100 → 1. */
static void test_occupancy_update(void)
{
    CU_ASSERT_DOUBLE_EQUAL(clouds_occupancy_update(0.2, 0.7, 100.0, 0.0, 1), 0.7, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(clouds_occupancy_update(0.5, 1.0, 100.0, 100.0, 0), 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(clouds_occupancy_update(0.3, 0.6, 50.0, 25.0, 0), 0.475, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(clouds_occupancy_update(0.3, 0.6, 50.0, 0.0, 0), 0.35, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(clouds_occupancy_update(0.8, 0.4, 100.0, 100.0, 0), 1.0 + (0.4 - 1.0) / 6.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(clouds_occupancy_update(0.8, 0.4, 0.0, 100.0, 0), 0.8 + (0.4 - 0.8) / 6.0, 1e-12);
}

/* Idle MW as good as new chips: vintages of 100 MW at perf 1, 50 MW at perf 4, 30 MW at perf 8
 * (180 MW in service), the best chips in use first. */
static void test_idle_as_good(void)
{
    cloud_state c;
    memset(&c, 0, sizeof c);
    c.capacity_mw = 180.0;
    c.vintage[0] = (vintage_state){.mw = 100.0, .perf = 1.0};
    c.vintage[1] = (vintage_state){.mw = 50.0, .perf = 4.0};
    c.vintage[2] = (vintage_state){.mw = 30.0, .perf = 8.0};
    CU_ASSERT_DOUBLE_EQUAL(clouds_idle_as_good(&c, 20.0, 8.0), 10.0, 1e-12);    /* 30 at perf 8 − 20 in use */
    CU_ASSERT_DOUBLE_EQUAL(clouds_idle_as_good(&c, 40.0, 8.0), 0.0, 0.0);       /* all of them in use */
    CU_ASSERT_DOUBLE_EQUAL(clouds_idle_as_good(&c, 20.0, 4.0), 60.0, 1e-12);    /* 80 at perf >= 4 − 20 */
    CU_ASSERT_DOUBLE_EQUAL(clouds_idle_as_good(&c, 0.0, 10.0), 0.0, 0.0);       /* none as good as new */
}

/* Capacity 100 units/month, backlog 1000, plan to clear it in 4 months (K* = 250), lead 2 months,
 * response 0.5 a month:
 *   month 1: nothing on line; started 0.5 × (250 − 100 − 0) = 75 (on line after month 2)
 *   month 2: nothing on line yet; 75 coming; started 0.5 × (250 − 100 − 75) = 37.5
 *   month 3: the 75 on line: capacity 175; 37.5 coming; started 0.5 × (250 − 175 − 37.5) = 18.75
 *   month 4: the 37.5 on line: capacity 212.5 */
static void test_fab_expansion(void)
{
    scenario_chipmaker in;
    memset(&in, 0, sizeof in);
    in.fab_lead_months = 2;
    in.fab_response = 0.5;
    in.backlog_months = 4.0;
    chip_state c;
    memset(&c, 0, sizeof c);
    c.capacity_units = 100.0;
    c.backlog_units = 1000.0;
    chips_expand(&in, &c);
    CU_ASSERT_DOUBLE_EQUAL(c.capacity_units, 100.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(c.fab_pipeline[1], 75.0, 1e-12);
    chips_expand(&in, &c);
    CU_ASSERT_DOUBLE_EQUAL(c.capacity_units, 100.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(c.fab_pipeline[0], 75.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.fab_pipeline[1], 37.5, 1e-12);
    chips_expand(&in, &c);
    CU_ASSERT_DOUBLE_EQUAL(c.capacity_units, 175.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.fab_pipeline[1], 18.75, 1e-12);
    chips_expand(&in, &c);
    CU_ASSERT_DOUBLE_EQUAL(c.capacity_units, 212.5, 1e-12);
    /* a backlog the capacity already clears in time starts nothing */
    c.backlog_units = 0.0;
    memset(c.fab_pipeline, 0, sizeof c.fab_pipeline);
    chips_expand(&in, &c);
    CU_ASSERT_DOUBLE_EQUAL(c.fab_pipeline[1], 0.0, 0.0);
}

/* tiny.yaml's chipmakers: 0.85 of orders at 1000 units/MW, 0.15 at 1200 units/MW, the region not
 * blocked. 10 MW ordered: 8500 and 1800 units; half of cloud 0's orders cancelled: 4250 and 900. */
static void test_orders(void)
{
    scenario *s = NULL;
    aiecon_error err;
    CU_ASSERT_FATAL(scenario_load_mpi(MPI_COMM_SELF, AIECON_SOURCE_DIR "/inputs/tiny.yaml", NULL, 0, &s, &err) ==
                    AIECON_OK);
    CU_ASSERT_FATAL(s->chipmaker_count == 2);
    economy e;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    s->regions[e.cloud[0].region].export_blocked = 0;
    for (unsigned m = 0; m < 2; m++) e.chip[m].backlog_by_cloud[0] = e.chip[m].backlog_units = 0.0;
    CU_ASSERT_DOUBLE_EQUAL(e.chip[0].orders + e.chip[1].orders, 0.0, 0.0);   /* record 0: no month's orders */
    CU_ASSERT_DOUBLE_EQUAL(chips_order(s, &e, 0, 10.0), 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.chip[0].orders, 8500.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.chip[1].orders, 1800.0, 1e-9);
    chips_cancel(&e, 0, 0.5);
    CU_ASSERT_DOUBLE_EQUAL(e.chip[0].orders, 4250.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.chip[1].orders, 900.0, 1e-9);
    chips_reset_orders(&e);
    CU_ASSERT_DOUBLE_EQUAL(e.chip[0].orders + e.chip[1].orders, 0.0, 0.0);
    economy_free(&e);
    scenario_free(s);
}

/* A contract signed after the start is signed at mw × ambition / schedule_ambition. */
static void test_schedule_scale(void)
{
    scenario_lab lab;
    memset(&lab, 0, sizeof lab);
    lab.ambition = 1.0;
    lab.schedule_ambition = 0.5;
    CU_ASSERT_DOUBLE_EQUAL(labs_schedule_scale(&lab, 5), 2.0, 1e-15);   /* 1 / 0.5 */
    CU_ASSERT_DOUBLE_EQUAL(labs_schedule_scale(&lab, 1), 1.0, 0.0);     /* signed by the start: as written */
    lab.ambition = 0.0;
    CU_ASSERT_DOUBLE_EQUAL(labs_schedule_scale(&lab, 5), 0.0, 0.0);     /* signs none of it */
    lab.ambition = 1.5;
    lab.schedule_ambition = 0.0;                                        /* its own ambition: as written */
    CU_ASSERT_DOUBLE_EQUAL(labs_schedule_scale(&lab, 5), 1.0, 0.0);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("investment", NULL, NULL);
    CU_add_test(suite, "Tobin's q of a MW, discounted, obsolescent, retired", test_q_value);
    CU_add_test(suite, "q of a new MW at its expected occupancy, against the annuity", test_q_occupancy);
    CU_add_test(suite, "the smoothed occupancy, rescaled when idle MW retire", test_occupancy_update);
    CU_add_test(suite, "idle MW as good as new chips", test_idle_as_good);
    CU_add_test(suite, "a chipmaker's capacity expansion with its lead time", test_fab_expansion);
    CU_add_test(suite, "chip orders: a flow, less cancellations", test_orders);
    CU_add_test(suite, "scheduled contracts scaled by ambition", test_schedule_scale);
}
