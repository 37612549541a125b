/* test_collateral.c — GPU-backed loans (collateral.c) and the settlement's defaulters cleared with
 * seniority (clearing.c, insolvency_clear wired into finance.c), each against a value worked out by
 * hand in the comment above its test (issue 14, parts 2 and 5). The clearing solver alone has its
 * own three-party known answer in test_insolvency.c. Set-up: inputs/tiny.yaml with no contract, no
 * opex, no debt and no token growth, so that the only flows of a step are the ones a test sets.
 * Cost: well under a second. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/collateral.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/io/scenario.h"
#include "cunit_mpi.h"
#include "fixtures.h"

/* tiny.yaml's players with no contracts, opex, debt, construction, energy or chip bills; debt
 * maturity 12 months; no credit (every limit 0) and no equity for the labs; the clouds' fleets
 * emptied, so that the collateral is worth 0 (its value, a present value of market rents, is
 * collateral.c's business and not worked out by hand here). */
static void quiet_economy(scenario *s, economy *e)
{
    aiecon_error err;
    s->households.token_growth = 0.0;
    for (unsigned l = 0; l < s->lab_count; l++) {
        s->labs[l].opex_usd = 0.0;
        s->labs[l].opex_growth = 0.0;
        s->labs[l].debt_usd = 0.0;
    }
    for (unsigned k = 0; k < s->cloud_count; k++) {
        s->clouds[k].debt_usd = 0.0;
        s->clouds[k].other_revenue_usd = 0.0;
    }
    scenario_investors *in = &s->investors;
    in->debt_maturity_months = 12.0;
    in->credit_capacity_share = in->credit_receivables_share = in->credit_other_revenue_months = 0.0;
    in->lab_credit_revenue_months = 0.0;
    in->maintenance_ltv = 0.85;
    in->margin_call_share = 0.5;
    CU_ASSERT_FATAL(economy_create(s, e, &err) == AIECON_OK);
    e->contract_count = 0;
    e->investors.equity_supply_usd = 0.0;
    for (unsigned l = 0; l < e->labs; l++) {
        e->lab[l].runway = 120.0;          /* no down round */
        e->lab[l].revenue_smoothed = 0.0;
    }
    for (unsigned k = 0; k < e->clouds; k++) {
        e->cloud[k].construction_due = e->cloud[k].energy_cost = 0.0;
        for (unsigned m = 0; m < e->chipmakers; m++) e->chip[m].bill[k] = 0.0;
        for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) e->cloud[k].vintage[v].mw = 0.0;
    }
}

/* The rules alone. Margin call: secured 1e9 against collateral 1e9 at maintenance 0.85, half
 * called: 0.5 × (1e9 − 8.5e8) = 7.5e7; at collateral 1.2e9 the loan is within 0.85 × 1.2e9 =
 * 1.02e9: no call. A new loan of 1e8, 80 % secured at origination LTV 0.7 of 1e9: with 6e8 kept,
 * room 7e8 − 6e8 = 1e8, so min(8e7, 1e8) = 8e7 is secured; with 6.5e8 kept, room 5e7 only. */
static void test_rules(void)
{
    CU_ASSERT_DOUBLE_EQUAL(collateral_margin_call(1e9, 1e9, 0.85, 0.5), 7.5e7, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(collateral_margin_call(1e9, 1.2e9, 0.85, 0.5), 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(collateral_secured_part(1e8, 0.8, 6e8, 1e9, 0.7), 8e7, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(collateral_secured_part(1e8, 0.8, 6.5e8, 1e9, 0.7), 5e7, 1e-6);
}

/* A margin call in the settlement. Cloud 0 owes 1.2e9 at 5 %, all of it GPU-backed, and its fleet
 * is worth 0: the lender calls 0.5 × (1.2e9 − 0.85 × 0) = 6e8 (below the cap 1.2e9 × 11/12 =
 * 1.1e9 that does not mature anyway). Due: interest 1.2e9 × 0.05 / 12 = 5e6, principal 1.2e9 / 12
 * = 1e8 + 6e8 = 7e8. With 1e10 of cash it pays: cash 1e10 − 7.05e8 = 9.295e9, debt and secured
 * debt 1.2e9 − 7e8 = 5e8; no default. */
static void test_margin_call(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    s->clouds[0].secured_share = 1.0;
    cloud_state *c = &e.cloud[0];
    c->debt = c->secured_debt = 1.2e9;
    c->debt_rate = 0.05;
    c->cash = 1e10;
    fixtures_settle_idle(s, &e);
    CU_ASSERT_EQUAL(c->defaulted, 0);
    CU_ASSERT_DOUBLE_EQUAL(c->collateral, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(c->margin_call, 6e8, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->interest, 5e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->principal, 7e8, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->cash, 9.295e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(c->debt, 5e8, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(c->secured_debt, 5e8, 1e-3);
    economy_free(&e);
    scenario_free(s);
}

/* Two parties default together and clear with seniority (three parties with the outside: the
 * investors and the builders). Lab 0 has 4e7 of cash, no credit, and owes cloud 0 its contract,
 * 100 MW × 1e6 USD = 1e8: it defaults and pays its 4e7, all to cloud 0. Cloud 0 has no cash and no
 * credit; it owes 2.4e9 at 5 %, 1.8e9 of it GPU-backed (share 0.75), and 1e8 of construction.
 * Secured tier: 0.75 × (interest 1e7 + principal 2e8) = 1.575e8; senior: 2.5e6 + 5e7 + 1e8 =
 * 1.525e8. Its 4e7 all go to the secured tier: interest 7.5e6 × 4e7 / 1.575e8 =
 * 1.904761904761905e6, principal 1.5e8 × 4e7 / 1.575e8 = 3.80952380952381e7; the builders get 0
 * (pro rata would have paid them 4e7 × 1e8 / 3.1e8 = 1.29e7). The secured debt left, 1.8e9 −
 * 3.80952380952381e7 = 1.761904761904762e9, is not covered by the (worthless) fleet: the secured
 * lenders' shortfall. No margin call here (margin_call_share 0; test_margin_call has one). The
 * stock-flow identities hold. */
static void test_wired_clearing(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    s->investors.margin_call_share = 0.0;
    CU_ASSERT_FATAL(e.contract_capacity >= 1);
    e.contracts[0] = (contract_state){.lab = 0, .cloud = 0, .signed_step = 0, .start_step = 0, .months = 24,
                                      .mw = 100.0, .usd_per_mw_month = 1e6, .ended_step = INT32_MAX};
    e.contract_count = 1;
    lab_state *lab = &e.lab[0];
    lab->cash = 4e7;
    lab->rent_usd = 0.0;
    cloud_state *c = &e.cloud[0];
    c->capacity_mw = 1000.0;
    CU_ASSERT_DOUBLE_EQUAL_FATAL(clouds_delivery_share(&e, 0, 1), 1.0, 0.0);
    c->cash = 0.0;
    c->debt = 2.4e9;
    c->secured_debt = 1.8e9;
    c->debt_rate = 0.05;
    c->construction_due = 1e8;
    fixtures_settle_idle(s, &e);
    CU_ASSERT_EQUAL(lab->default_step, 1);
    CU_ASSERT_EQUAL(c->defaulted, 1);
    CU_ASSERT_EQUAL(c->default_step, 1);
    CU_ASSERT_DOUBLE_EQUAL(c->revenue, 4e7, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->interest, 1.904761904761905e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->principal, 3.80952380952381e7, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->capex, 0.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->cash, 0.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->secured_losses, 1.761904761904762e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(c->debt, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(finance_residual(&e), 0.0, 1e-6);
    aiecon_error err;
    CU_ASSERT_EQUAL(accounts_check(s, &e, 1, &err), AIECON_OK);
    economy_free(&e);
    scenario_free(s);
}

/* An SPV whose lease stops. Cloud 0 is an SPV: debt 1.2e9 at 5 %, no cash, equity at cost 2e8;
 * its lease, lab 0's contract, ended before step 1; its other revenue (set to 1e9 a month) is not
 * its to receive. Its lenders lend against the lease only: no lease, no credit. Due 1e8 + 5e6 =
 * 1.05e8 with nothing to pay it: it defaults, and the investors lose its debt and equity, 1.2e9 +
 * 2e8 = 1.4e9. Its sponsor, lab 0 (cash 5e9, no debt), pays nothing for it and keeps its cash, its
 * debt (0) and its equity at cost; it does not default. The same cloud not an SPV would have been
 * paid its other revenue and paid its dues. */
static void test_spv_lease_stops(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    s->clouds[0].spv = 1;
    s->clouds[0].other_revenue_usd = 1e9;
    s->investors.credit_receivables_share = 0.5;   /* lenders would lend against a lease */
    CU_ASSERT_FATAL(e.contract_capacity >= 1);
    e.contracts[0] = (contract_state){.lab = 0, .cloud = 0, .signed_step = -24, .start_step = -24, .months = 24,
                                      .mw = 100.0, .usd_per_mw_month = 1e6, .ended_step = 1};
    e.contract_count = 1;
    lab_state *lab = &e.lab[0];
    lab->cash = 5e9;
    double sponsor_equity = lab->equity_book;
    cloud_state *c = &e.cloud[0];
    c->cash = 0.0;
    c->debt = 1.2e9;
    c->debt_rate = 0.05;
    c->equity_book = 2e8;
    fixtures_settle_idle(s, &e);
    CU_ASSERT_EQUAL(c->defaulted, 1);
    CU_ASSERT_DOUBLE_EQUAL(c->borrowed, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.realised_losses, 1.4e9, 1e-3);
    CU_ASSERT_EQUAL(lab->defaulted, 0);
    CU_ASSERT_DOUBLE_EQUAL(lab->cash, 5e9, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(lab->debt, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(lab->equity_book, sponsor_equity, 0.0);
    economy_free(&e);
    scenario_free(s);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("collateral: GPU-backed loans and clearing with seniority", NULL, NULL);
    CU_add_test(suite, "margin call and secured part of a loan by the formulas", test_rules);
    CU_add_test(suite, "a margin call falls due with the maturing principal", test_margin_call);
    CU_add_test(suite, "defaulters clear together: secured lenders first", test_wired_clearing);
    CU_add_test(suite, "an SPV whose lease stops defaults; its sponsor's balance sheet is untouched", test_spv_lease_stops);
}
