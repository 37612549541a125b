/* test_demand.c — known answers for the demand side (players/demand.c, docs/ODD.md 3.3.4): one
 * agent's tokens at a given price and quality, the reference price path, adoption against the
 * cheapest subscription, a firm's ROI under price and rationing, and a lab that does not sell in a
 * region getting no chance in the logit there. Every expected value is worked out by hand in the
 * comment above its assertion; nothing expected is computed by the code under test. Set-up:
 * inputs/tiny.yaml (two regions: us, rest_of_world; two labs). Cost: well under a second. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/io/scenario.h"
#include "aiecon/models/economy/players/demand.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/models/economy/populations/choice.h"
#include "cunit_mpi.h"
#include "fixtures.h"

#ifndef AIECON_SOURCE_DIR
#define AIECON_SOURCE_DIR "."
#endif

/* One paying user at a lab charging 4 USD/Mtok against a reference of 8, elasticity 1.5, quality
 * 0.9 against the best 1.0 with quality elasticity 1, scenario tokens 0.3 Mtok/month:
 *   (4 / 8)^(−1.5) = 2^1.5 = 2.8284271;  × 0.9 = 2.5455844;  tokens = 0.3 × 2.5455844 = 0.7636753
 * Spending 0.7636753 × 4 = 3.0547 USD against 0.3 × 0.9 × 8 = 2.16 USD at the reference price:
 * with an elasticity above 1 the lower price raises spending (rebound). Elasticity 0.5 instead:
 *   2^0.5 × 0.9 × 0.3 = 0.3818377 Mtok, spending 1.5274 USD < 2.16 (no rebound). */
static void test_one_agent_tokens(void)
{
    double f = demand_use(4.0, 8.0, 1.5, 0.9, 1.0, 1.0);
    CU_ASSERT_DOUBLE_EQUAL(0.3 * f, 0.7636753, 1e-7);
    CU_ASSERT(0.3 * f * 4.0 > 0.3 * 0.9 * 8.0);
    double g = demand_use(4.0, 8.0, 0.5, 0.9, 1.0, 1.0);
    CU_ASSERT_DOUBLE_EQUAL(0.3 * g, 0.3818377, 1e-7);
    CU_ASSERT(0.3 * g * 4.0 < 0.3 * 0.9 * 8.0);
    /* elasticities 0: the scenario's tokens, whatever the price */
    CU_ASSERT_DOUBLE_EQUAL(demand_use(4.0, 8.0, 0.0, 0.9, 1.0, 0.0), 1.0, 0.0);
    /* a free lab (price 0) has no price factor: 1 */
    CU_ASSERT_DOUBLE_EQUAL(demand_use(0.0, 8.0, 1.5, 1.0, 1.0, 1.0), 1.0, 0.0);
}

/* The reference path: 8 USD/Mtok falling 50 %/year, month 24: 8 × 0.5^2 = 2. Without a reference
 * price, the lab's own start price: 14 × 0.5^(12/12) = 7. */
static void test_reference_price(void)
{
    scenario_choice c;
    memset(&c, 0, sizeof c);
    c.price_reference_usd_per_mtok = 8.0;
    c.price_reference_decline = 0.5;
    CU_ASSERT_DOUBLE_EQUAL(demand_reference_price(&c, 14.0, 24), 2.0, 1e-12);
    c.price_reference_usd_per_mtok = 0.0;
    CU_ASSERT_DOUBLE_EQUAL(demand_reference_price(&c, 14.0, 12), 7.0, 1e-12);
}

/* Budget 4 against the cheapest subscription 20, weight 0.5: (4/20)^0.5 = sqrt(0.2) = 0.4472136;
 * a budget of 30 covers it: 1; weight 0: 1. */
static void test_affordability(void)
{
    CU_ASSERT_DOUBLE_EQUAL(demand_affordability(4.0, 20.0, 0.5), 0.4472136, 1e-7);
    CU_ASSERT_DOUBLE_EQUAL(demand_affordability(30.0, 20.0, 0.5), 1.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(demand_affordability(4.0, 20.0, 0.0), 1.0, 0.0);
}

/* labs_demand with the use factor: lab 0 has 1000 paying users (0.5 Mtok each), no free users, no
 * firms, no token growth; its API price 4 USD/Mtok, the households' reference 8 (no decline),
 * elasticity 1.5, quality elasticity 0: tokens = 1000 × 0.5 × 2^1.5 = 1414.2136 Mtok. */
static void test_lab_tokens_at_price(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    aiecon_error err;
    s->households.token_growth = 0.0;
    s->businesses.token_growth = 0.0;
    s->households.tokens_paid_mtok = 0.5;
    s->households.choice.use_price_elasticity = 1.5;
    s->households.choice.use_quality_elasticity = 0.0;
    s->households.choice.price_reference_usd_per_mtok = 8.0;
    s->households.choice.price_reference_decline = 0.0;
    economy e;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    e.lab[0].api_usd_per_mtok = 4.0;
    economy_tally t;
    memset(&t, 0, sizeof t);
    t.hh_users[0][0] = 1000;
    t.hh_paid[0][0] = 1000;
    labs_demand(s, &e, 1, &t);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].tokens_mtok, 1414.2136, 1e-4);
    economy_free(&e);
    scenario_free(s);
}

/* A firm's ROI with lab 0: sector roi 0.12, quality 0.9 against the best 1.0, served share 0.5,
 * roi_rationing 0.4, roi_price_elasticity 1, reference 8 (no decline), API price 4:
 *   0.12 × 0.9 × (1 − 0.4 × 0.5) × (8 / 4)^1 = 0.12 × 0.9 × 0.8 × 2 = 0.1728 */
static void test_firm_roi(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    aiecon_error err;
    economy e;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    s->businesses.sectors[0].roi = 0.12;
    s->businesses.roi_rationing = 0.4;
    s->businesses.roi_price_elasticity = 1.0;
    s->businesses.choice.price_reference_usd_per_mtok = 8.0;
    s->businesses.choice.price_reference_decline = 0.0;
    e.lab[0].quality = 0.9;
    e.lab[0].served_share = 0.5;
    e.lab[0].api_usd_per_mtok = 4.0;
    CU_ASSERT_DOUBLE_EQUAL(demand_roi(s, &e, 0, 0, 1.0, 0), 0.1728, 1e-12);
    economy_free(&e);
    scenario_free(s);
}

/* Lab 1 sells only in the us (region 0): in rest_of_world (region 1) its utility is -INFINITY for
 * households and firms, so the logit gives it probability 0 there; in the us it has a finite
 * utility and a positive probability. Lab 0 lists no markets: it sells in both. */
static void test_markets(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_FATAL(s->lab_count >= 2 && s->region_count == 2);
    aiecon_error err;
    scenario_market us = {.region = s->regions[0].name};
    s->labs[1].markets = &us;
    s->labs[1].market_count = 1;
    CU_ASSERT_EQUAL(demand_sells_in(s, 1, 0), 1);
    CU_ASSERT_EQUAL(demand_sells_in(s, 1, 1), 0);
    CU_ASSERT_EQUAL(demand_sells_in(s, 0, 1), 1);
    economy e;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    static offers o;
    economy_offers(s, &e, &o);
    double prob[OFFERS_MAX_LABS];
    for (unsigned c = 0; c < s->households.income_count; c++) {
        CU_ASSERT(isinf(o.households.utility[1][c][1]) && o.households.utility[1][c][1] < 0);
        CU_ASSERT(isfinite(o.households.utility[0][c][1]));
        CU_ASSERT(choice_probabilities(o.households.utility[1][c], o.labs, prob) == 0);
        CU_ASSERT_DOUBLE_EQUAL(prob[1], 0.0, 0.0);
        CU_ASSERT_DOUBLE_EQUAL(prob[0], 1.0, 1e-15);
    }
    for (unsigned k = 0; k < s->businesses.size_count; k++) {
        CU_ASSERT(isinf(o.businesses.utility[1][k][1]) && o.businesses.utility[1][k][1] < 0);
        CU_ASSERT(isfinite(o.businesses.utility[0][k][1]));
    }
    s->labs[1].markets = NULL;   /* not the loader's: not for scenario_free */
    s->labs[1].market_count = 0;
    economy_free(&e);
    scenario_free(s);
}

/* Open weights on tiny.yaml: lag 4 months, start quality 0.6, the best standing lab at 1.0 (lab 0;
 * lab 1 at 0.9): after one month 0.6 + (1.0 − 0.6)/4 = 0.7, after two 0.7 + 0.3/4 = 0.775. A
 * compute price of 2e6 USD per reference MW-month, 1e5 Mtok per MW, algorithmic progress 1/year at
 * month 12: 2e6 / (1e5 × 2) = 10 USD/Mtok. Offered: the choice count is labs + 1, households' paid
 * chance for it is 0; not offered (lag 0): labs only. */
static void test_open_weights(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    aiecon_error err;
    economy e;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    CU_ASSERT_EQUAL(demand_open_offered(s), 0);
    static offers o;
    economy_offers(s, &e, &o);
    CU_ASSERT_EQUAL(o.choices, o.labs);
    s->businesses.open_weight_lag_months = 4.0;
    CU_ASSERT_EQUAL(demand_open_offered(s), 1);
    e.open_quality = 0.6;
    e.lab[0].quality = 1.0;
    e.lab[1].quality = 0.9;
    demand_open_follow(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.open_quality, 0.7, 1e-12);
    demand_open_follow(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.open_quality, 0.775, 1e-12);
    e.compute_price = 2e6;
    e.step = 12;
    s->businesses.open_weight_serving_mtok_per_mw = 1e5;
    s->investors.algorithmic_progress = 1.0;
    CU_ASSERT_DOUBLE_EQUAL(demand_open_usd_per_mtok(s, &e), 10.0, 1e-12);
    economy_offers(s, &e, &o);
    CU_ASSERT_EQUAL(o.choices, o.labs + 1);
    CU_ASSERT_DOUBLE_EQUAL(o.paid[0][0][o.labs], 0.0, 0.0);
    CU_ASSERT(isfinite(o.households.utility[0][0][o.labs]));
    economy_free(&e);
    scenario_free(s);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("known answers: demand", NULL, NULL);
    CU_add_test(suite, "one agent's tokens at a given price and quality (rebound above 1)", test_one_agent_tokens);
    CU_add_test(suite, "the reference price path", test_reference_price);
    CU_add_test(suite, "adoption against the cheapest subscription", test_affordability);
    CU_add_test(suite, "a lab's tokens from its users at its price", test_lab_tokens_at_price);
    CU_add_test(suite, "a firm's ROI under price and rationing", test_firm_roi);
    CU_add_test(suite, "a lab not sold in a region has no chance there", test_markets);
    CU_add_test(suite, "open weights: quality that follows the frontier, price from the compute market", test_open_weights);
}
