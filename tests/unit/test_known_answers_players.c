/* test_known_answers_players.c — one step of each player behaviour on a set-up small enough to
 * work out by hand, against expected values written here with their arithmetic (issue 20, "known
 * answers"; the populations' are in test_known_answers.c). Nothing expected is computed by the code
 * under test. Players: inputs/tiny.yaml reduced to one hand-made contract (100 MW at 1e6 USD per
 * MW-month between the first lab and the first cloud), no opex, no debt. Behaviours: a lab's
 * revenue, training and prices, investors, a chipmaker's price and shipments, the electricity
 * price, take-or-pay, a default's clearing, revenue reaching its lab. Cost: well under a second. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/grid.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/io/scenario.h"
#include "cunit_mpi.h"
#include "fixtures.h"

#ifndef AIECON_SOURCE_DIR
#define AIECON_SOURCE_DIR "."
#endif

/* ------------------------------------------------------------------ players */

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
    scenario *s = fixtures_load_tiny();
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
    scenario *s = fixtures_load_tiny();
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

/* Investors after step 12, starting neutral (sentiment 1) with a flat history (prior growth 0) and
 * their starting wealth (financial condition 1): the labs earned 1e9 USD
 * (lab 0 only), the clouds spent 1e11 (cloud 0 only), so capex / revenue = 100 and, with the
 * revenue a year ago the same (growth 0), target = 1 + 0 − capex_weight 0.2 × log10(100) = 0.6; sentiment
 * moves half way (speed 0.5): 0.8. Equity supply 1e10 × 0.8 = 8e9 USD; spread 0.04 / 0.8 = 0.05 a
 * year; lab 0's valuation = multiple 10 × 0.8 × 12 × its smoothed revenue 1e9 = 9.6e10 USD. */
static void test_investors(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    s->investors.sentiment_speed = 0.5;
    s->investors.growth_weight = 1.0;
    s->investors.capex_weight = 0.2;
    s->investors.equity_supply_usd = 1e10;
    s->investors.spread = 0.04;
    s->investors.revenue_multiple = 10.0;
    s->investors.prior_revenue_growth = 0.0;   /* the history before the start: flat (growth 0) */
    memset(&e.investors, 0, sizeof e.investors);
    e.investors.sentiment = 1.0;
    e.investors.wealth = s->investors.wealth_usd;   /* wealth as at the start, no losses: condition 1 */
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
    scenario *s = fixtures_load_tiny();
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
    chips_produce(s, &e, 1);
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
    scenario *s = fixtures_load_tiny();
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

/* Take-or-pay: nobody uses lab 0, its 100 MW still cost 100 × 1e6 = 1e8 USD; the cloud delivers
 * all of it (capacity 1000 MW ≥ 100 MW contracted). Lab 0: 1e10 − 1e8 = 9.9e9 USD (its runway,
 * 9.9e9 / 1e8 = 99 months, is above 12: no equity). Cloud 0 receives 1e8 plus its other revenue.
 * Lab 1 has no contract and no opex: owes nothing, keeps 1e10. */
static void test_take_or_pay(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    double cloud_cash = e.cloud[0].cash, other = s->clouds[0].other_revenue_usd;
    fixtures_settle_idle(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].costs, 1e8, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].penalties, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].penalties, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].cash, 9.9e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].raised, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].revenue, 1e8, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].cash, cloud_cash + other + 1e8, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].cash, 1e10, 0.0);
    CU_ASSERT_EQUAL(e.lab[0].defaulted, 0);
    economy_free(&e);
    scenario_free(s);

    /* A cloud behind schedule (capacity 60 MW for 100 MW contracted) delivers 60 / 100 = 0.6 of
     * the contract and is paid 0.6 × 1e8 = 6e7 USD. It owes its lab the delay penalty (tiny.yaml
     * leaves clouds[].delay_penalty at its default, 0.05) on the 1 − 0.6 = 0.4 not delivered:
     * 0.05 × 0.4 × 100 MW × 1e6 USD/MW-month = 2e6 USD. Lab 0: 1e10 − 6e7 + 2e6 = 9.942e9 USD
     * (runway 9.94e9 / 6e7 ≈ 166 months: no equity); cloud 0: its cash + other revenue + 6e7 − 2e6.
     * The contract runs on by the 0.4 month it lacked: its term ends at step 1 + 12 + 0.4 = 13.4. */
    s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    hand_economy(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(s->clouds[0].delay_penalty, 0.05, 0.0);
    e.cloud[0].capacity_mw = 60.0;
    cloud_cash = e.cloud[0].cash;
    fixtures_settle_idle(s, &e);
    clouds_delay_contracts(&e, 1);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].revenue, 6e7, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].costs, 6e7, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].penalties, 2e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].penalties, 2e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].cash, 1e10 - 6e7 + 2e6, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].raised, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].cash, cloud_cash + other + 6e7 - 2e6, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].cash, 1e10, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(labs_contract_end(&e.contracts[0]), 13.4, 1e-12);
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
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    hand_economy(s, &e);
    s->labs[0].opex_usd = 1e8;
    e.lab[0].opex_usd = 1e8;   /* the month's opex is lab state (distress.c), set at creation */
    e.lab[0].cash = 3e7;
    e.investors.equity_supply_usd = 0.0;
    double cloud_cash = e.cloud[0].cash, other = s->clouds[0].other_revenue_usd;
    fixtures_settle_idle(s, &e);
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
    scenario *s = fixtures_load_tiny();
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
    CU_pSuite suite = CU_add_suite("known answers: players", NULL, NULL);
    CU_add_test(suite, "a lab's revenue = paying users x price + served API tokens x price", test_lab_revenue);
    CU_add_test(suite, "training, quality, API price and smoothed revenue", test_training_and_prices);
    CU_add_test(suite, "investors' sentiment, equity supply, spread and valuation", test_investors);
    CU_add_test(suite, "a chipmaker's price, shipments pro rata and bills", test_chipmaker);
    CU_add_test(suite, "the electricity price on the grid's use, with its floor", test_grid_price);
    CU_add_test(suite, "take-or-pay: paid when idle, as far as delivered", test_take_or_pay);
    CU_add_test(suite, "a default's clearing: pro rata, contract ended, losses booked", test_default_clearing);
    CU_add_test(suite, "each lab's subscription cash reaches that lab", test_revenue_reaches_its_lab);
}
