/* test_investment.c — investment that answers demand (issue 13, part 3), each rule on numbers small
 * enough to work out by hand, the expected values written here with their arithmetic (nothing
 * expected is computed by the code under test): Tobin's q of a MW (clouds_q_value), a chipmaker's
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
    CU_add_test(suite, "a chipmaker's capacity expansion with its lead time", test_fab_expansion);
    CU_add_test(suite, "chip orders: a flow, less cancellations", test_orders);
    CU_add_test(suite, "scheduled contracts scaled by ambition", test_schedule_scale);
}
