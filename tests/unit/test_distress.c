/* test_distress.c — labs that adjust before they default: known answers, by hand, for the runway,
 * the order of the actions set by their thresholds (training first with the defaults), the opex
 * freeze, the price rise and the down round. */
#include <math.h>
#include <string.h>

#include "aiecon/models/economy/players/distress.h"
#include "aiecon/models/economy/players/economy.h"
#include "cunit_mpi.h"

/* One lab: costs 2e9, revenue 1e9 a month (burn 1e9), cash `cash`; opex 1e9 growing 50 % a year;
 * list prices 20 USD/month and 10 USD/Mtok (no decline), set at the list (price ratios 1: the
 * prices charged are list × ratio × factor, pricing.h); the default thresholds 9 > 6 > 4 > 3 months. */
static void one_lab(scenario *s, economy *e, double cash)
{
    static scenario_lab row;
    memset(s, 0, sizeof *s);
    memset(&row, 0, sizeof row);
    memset(e, 0, sizeof *e);
    s->labs = &row;
    s->lab_count = 1;
    row.opex_growth = 0.5;
    row.runway_months = 12;
    row.cut_training_runway = 9;
    row.cut_opex_runway = 6;
    row.raise_price_runway = 4;
    row.down_round_runway = 3;
    row.price_rise = 0.05;
    row.down_round_discount = 0.5;
    row.subscription_usd = 20.0;
    row.api_usd_per_mtok = 10.0;
    e->labs = 1;
    lab_state *lab = &e->lab[0];
    lab->cash = cash;
    lab->costs = 2e9;
    lab->revenue = 1e9;
    lab->opex_usd = 1e9;
    lab->subscription_usd = 20.0;
    lab->api_usd_per_mtok = 10.0;
    lab->price_factor = lab->subscription_ratio = lab->api_ratio = 1.0;
    lab->default_step = -1;
    lab->valuation = 5e10;
}

/* Runway 8 months (8e9 / 1e9): below 9 only, so the lab cuts training (no new commitments) and
 * nothing else: opex grows by 1.5^(1/12), prices stay. */
static void test_cuts_training_first(void)
{
    static scenario s;
    static economy e;
    one_lab(&s, &e, 8e9);
    distress_adjust(&s, &e, 30);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].runway, 8.0, 1e-12);
    CU_ASSERT_TRUE(distress_cuts_training(&s, &e, 0));
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].opex_usd, 1e9 * pow(1.5, 1.0 / 12.0), 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].subscription_usd, 20.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].price_factor, 1.0, 0.0);
    /* runway 10: no action at all */
    one_lab(&s, &e, 10e9);
    distress_adjust(&s, &e, 30);
    CU_ASSERT_FALSE(distress_cuts_training(&s, &e, 0));
}

/* Runway 5: training cut and opex frozen at 1e9; 3.5: prices up 5 % (21 and 10.5, factor 1.05). */
static void test_opex_then_prices(void)
{
    static scenario s;
    static economy e;
    one_lab(&s, &e, 5e9);
    distress_adjust(&s, &e, 30);
    CU_ASSERT_TRUE(distress_cuts_training(&s, &e, 0));
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].opex_usd, 1e9, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].price_factor, 1.0, 0.0);
    one_lab(&s, &e, 3.5e9);
    distress_adjust(&s, &e, 30);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].price_factor, 1.05, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].subscription_usd, 21.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].api_usd_per_mtok, 10.5, 1e-12);
    /* the cap: from a factor of 1.98, 1.98 × 1.05 = 2.079 is held at 2 (subscription 20 × 2 = 40) */
    one_lab(&s, &e, 3.5e9);
    e.lab[0].price_factor = 1.98;
    e.lab[0].subscription_usd = 20.0 * 1.98;
    distress_adjust(&s, &e, 30);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].price_factor, 2.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].subscription_usd, 40.0, 1e-12);
}

/* The order is the thresholds': with raise_price_runway 9 and cut_training_runway 4, a lab at
 * runway 8 raises its prices and still signs commitments. */
static void test_order_is_a_parameter(void)
{
    static scenario s;
    static economy e;
    one_lab(&s, &e, 8e9);
    s.labs[0].raise_price_runway = 9;
    s.labs[0].cut_training_runway = 4;
    distress_adjust(&s, &e, 30);
    CU_ASSERT_FALSE(distress_cuts_training(&s, &e, 0));
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].price_factor, 1.05, 1e-15);
}

/* Runway 2 (cash 2e9): a down round. Need = 12 × 1e9 − 2e9 = 1e10; cap = 0.2 × (1 − 0.5) × 5e10
 * = 5e9: the lab raises 5e9 from the investors. Not again 11 steps later; again 12 steps later. */
static void test_down_round(void)
{
    static scenario s;
    static economy e;
    one_lab(&s, &e, 2e9);
    e.lab[0].runway = distress_runway(&e.lab[0]);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].runway, 2.0, 1e-12);
    distress_down_round(&s, &e, 40);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].down_round, 5e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].cash, 7e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].equity_raised, 5e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.book.flow[SECTOR_INVESTORS][SECTOR_LABS], 5e9, 1e-3);
    e.lab[0].cash = 2e9;
    distress_down_round(&s, &e, 51);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].down_round, 0.0, 0.0);
    distress_down_round(&s, &e, 52);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].down_round, 5e9, 1e-3);
    /* a lab that burns nothing has the capped runway and never raises */
    one_lab(&s, &e, 2e9);
    e.lab[0].costs = 1e9;
    CU_ASSERT_DOUBLE_EQUAL(distress_runway(&e.lab[0]), DISTRESS_RUNWAY_CAP, 0.0);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("distress", NULL, NULL);
    CU_add_test(suite, "runway 8 of 9/6/4/3: cuts training, nothing else", test_cuts_training_first);
    CU_add_test(suite, "runway 5: opex frozen; 3.5: prices up 5 %, at most 2x", test_opex_then_prices);
    CU_add_test(suite, "the thresholds set the order", test_order_is_a_parameter);
    CU_add_test(suite, "a down round restores the runway, at most 20 % at half price, once a year", test_down_round);
}
