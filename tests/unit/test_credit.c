/* test_credit.c — investors' wealth, the financial accelerator and debt with terms (credit.c),
 * each against a value worked out by hand in the comment above its test (issue 14, parts 2 and
 * 4; issue 20, "known answers"). Nothing expected is computed by the code under test. Set-up:
 * inputs/tiny.yaml with no contract, no opex and no token growth, so that the only flows of a step
 * are the ones a test sets. Cost: well under a second. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aiecon/models/economy/players/credit.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/io/scenario.h"
#include "cunit_mpi.h"
#include "fixtures.h"

#ifndef AIECON_SOURCE_DIR
#define AIECON_SOURCE_DIR "."
#endif

/* tiny.yaml's players, no contracts, no opex, no debt; investors: wealth 1e12 USD, elasticity 1,
 * loss weight 2, memory 12 months, spread 0.02, rate 0.045, equity 1e10 USD/month, maturity 12
 * months, labs' credit 6 months of revenue, leverage 0.01, coverage 0.03 below 3. */
static void quiet_economy(scenario *s, economy *e)
{
    aiecon_error err;
    s->households.token_growth = 0.0;
    s->businesses.token_growth = 0.0;
    for (unsigned l = 0; l < s->lab_count; l++) {
        s->labs[l].opex_usd = 0.0;
        s->labs[l].opex_growth = 0.0;
        s->labs[l].debt_usd = 0.0;
    }
    for (unsigned k = 0; k < s->cloud_count; k++) s->clouds[k].debt_usd = 0.0;
    scenario_investors *in = &s->investors;
    in->wealth_usd = 1e12;
    in->wealth_elasticity = 1.0;
    in->loss_weight = 2.0;
    in->loss_memory_months = 12.0;
    in->spread = 0.02;
    in->rate = 0.045;
    in->equity_supply_usd = 1e10;
    in->debt_maturity_months = 12.0;
    in->lab_credit_revenue_months = 6.0;
    in->leverage_spread = 0.01;
    in->coverage_spread = 0.03;
    in->coverage_target = 3.0;
    CU_ASSERT_FATAL(economy_create(s, e, &err) == AIECON_OK);
    e->contract_count = 0;
}

/* A loss lowers wealth and raises the spread. Wealth 1e12 USD, no recent losses, sentiment 1:
 * condition 1, spread 0.02. A default writes off 1e11 of debt and 5e10 of equity: realised 1.5e11,
 * wealth 8.5e11. Smoothed losses 1.5e11 / 12 = 1.25e10 a month, 1.5e11 a year = 0.15e12 / 0.85e12
 * of wealth; h = (0.85e12 / 1e12) / (1 + 2 × 0.15 / 0.85) = 0.85 / 1.35294… = 0.628260869565…;
 * spread 0.02 / h = 0.031833910034…; equity supply 1e10 × h = 6.28260869565e9 USD. */
static void test_loss_moves_wealth_and_spread(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    e.investors.sentiment = 1.0;
    credit_update(s, &e, 1);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.wealth, 1e12, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.condition, 1.0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.spread, 0.02, 1e-15);
    e.investors.realised_losses = 0.0;
    credit_record_losses(&e, 1e11, 5e10);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.realised_losses, 1.5e11, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.wealth, 8.5e11, 1e-3);
    credit_update(s, &e, 2);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.losses_smoothed, 1.25e10, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.condition, 0.628260869565217, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.spread, 0.0318339100346021, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.equity_supply_usd, 6.28260869565217e9, 1e-2);
    economy_free(&e);
    scenario_free(s);
}

/* A firm's spread rises with leverage and falls with coverage: base 0.02, leverage weight 0.01,
 * coverage 0.03 below 3. Debt 5e9 on a limit of 1e10: 0.02 + 0.01 × 0.5 = 0.025; debt 2e10:
 * 0.02 + 0.01 × 2 = 0.04; debt 2e11 (leverage 20, capped at 10): 0.12. With interest 1e8 and a
 * cash flow of 1.5e8 (coverage 1.5): + 0.03 × (1 − 1.5 / 3) = 0.015; a cash flow of 6e8 (coverage
 * 6 ≥ 3) adds nothing; a negative one (coverage < 0) adds the whole 0.03. */
static void test_firm_spread(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    const scenario_investors *in = &s->investors;
    CU_ASSERT_DOUBLE_EQUAL(credit_firm_spread(in, 0.02, 5e9, 1e10, 0.0, 0.0), 0.025, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(credit_firm_spread(in, 0.02, 2e10, 1e10, 0.0, 0.0), 0.04, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(credit_firm_spread(in, 0.02, 2e11, 1e10, 0.0, 0.0), 0.12, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(credit_firm_spread(in, 0.02, 2e10, 1e10, 1.5e8, 1e8), 0.055, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(credit_firm_spread(in, 0.02, 2e10, 1e10, 6e8, 1e8), 0.04, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(credit_firm_spread(in, 0.02, 2e10, 1e10, -1e8, 1e8), 0.07, 1e-15);
    economy_free(&e);
    scenario_free(s);
}

/* A maturing loan refinanced at the new spread. Lab 0: debt 1.2e9 USD at a coupon of 0.05, no cash,
 * no revenue, no equity on offer, smoothed revenue 1e9 (limit 6 × 1e9 = 6e9). Maturity 12 months:
 * principal due 1.2e9 / 12 = 1e8, interest 1.2e9 × 0.05 / 12 = 5e6; dues 1.05e8. It borrows
 * 1.05e8 (room 6e9 − 1.1e9) at rate 0.045 + its spread 0.08 = 0.125 and pays the investors
 * 1.05e8. Debt 1.2e9 − 1e8 + 1.05e8 = 1.205e9; coupon (1.1e9 × 0.05 + 1.05e8 × 0.125) / 1.205e9
 * = 6.8125e7 / 1.205e9 = 0.0565352697095436. Cash ends at 0; no default. */
static void test_refinanced_at_new_spread(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    lab_state *lab = &e.lab[0];
    lab->cash = 0.0;
    lab->debt = 1.2e9;
    lab->debt_rate = 0.05;
    lab->spread = 0.08;
    lab->revenue_smoothed = 1e9;
    e.investors.equity_supply_usd = 0.0;
    fixtures_settle_idle(s, &e);
    CU_ASSERT_EQUAL(lab->defaulted, 0);
    CU_ASSERT_DOUBLE_EQUAL(lab->principal, 1e8, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(lab->interest, 5e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(lab->borrowed, 1.05e8, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(lab->debt, 1.205e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(lab->debt_rate, 0.0565352697095436, 1e-14);
    CU_ASSERT_DOUBLE_EQUAL(lab->cash, 0.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e.book.flow[SECTOR_INVESTORS][SECTOR_LABS], 1.05e8, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e.book.flow[SECTOR_LABS][SECTOR_INVESTORS], 1.05e8, 1e-6);
    economy_free(&e);
    scenario_free(s);
}

/* Rollover risk: the same lab with a smoothed revenue of 1e8 has a limit of 6e8, below the 1.1e9
 * it keeps: it cannot refinance, pays nothing (no cash: part 0) and defaults, with its debt 1.2e9
 * (nothing repaid) and its equity at cost, set to 3e8. First default: its business is worth more
 * going on (revenue 1e8 a month, no opex) than any bid, so it is restructured (insolvency.c): the
 * old owners lose their 3e8 (realised losses 3e8, wealth 1e12 − 3e8 = 9.997e11 USD) and the
 * lenders swap the 1.2e9 of debt for the equity (equity_book 1.2e9). Second run, a lab already
 * restructured once and no survivor with cash to bid: liquidated and closed, debt and equity
 * written off: realised losses 1.5e9, wealth 9.985e11. Both times the wealth still equals what the
 * investors hold. */
static void rollover_default(int restructured_before, double losses, double wealth_after, double equity_after)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    lab_state *lab = &e.lab[0];
    double wealth = e.investors.wealth;
    CU_ASSERT_DOUBLE_EQUAL(wealth, 1e12, 0.0);
    /* the claims change by hand: keep the investors' balance sheet whole (debt bought with cash) */
    e.investors.other_assets += lab->equity_book - 3e8;
    lab->equity_book = 3e8;
    lab->cash = 0.0;
    lab->debt = 1.2e9;
    e.investors.other_assets -= 1.2e9;
    lab->debt_rate = 0.05;
    lab->revenue_smoothed = 1e8;
    lab->restructured = restructured_before;
    if (restructured_before) {
        for (unsigned b = 1; b < e.labs; b++) e.lab[b].cash = 0.0;   /* nobody can bid */
    }
    e.investors.equity_supply_usd = 0.0;
    CU_ASSERT_DOUBLE_EQUAL(credit_wealth_residual(&e), 0.0, 1e-3);
    fixtures_settle_idle(s, &e);
    CU_ASSERT_EQUAL(lab->default_step, 1);
    CU_ASSERT_EQUAL(lab->defaulted, restructured_before);
    CU_ASSERT_EQUAL(lab->restructured, 1);
    CU_ASSERT_EQUAL(lab->sold_to, 0);
    CU_ASSERT_DOUBLE_EQUAL(lab->borrowed, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(lab->debt, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(lab->equity_book, equity_after, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.realised_losses, losses, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.wealth, wealth_after, 1e-2);
    CU_ASSERT_DOUBLE_EQUAL(credit_wealth_residual(&e), 0.0, 1e-3);
    /* a write-off that records no loss breaks the investors' balance sheet by its amount */
    e.cloud[0].debt += 1e9;
    CU_ASSERT_DOUBLE_EQUAL(credit_wealth_residual(&e), 1e9, 1e-3);
    economy_free(&e);
    scenario_free(s);
}

static void test_rollover_default_loses(void)
{
    rollover_default(0, 3e8, 9.997e11, 1.2e9);
    rollover_default(1, 1.5e9, 9.985e11, 0.0);
}

/* A recovery (credit_record_recovery) repays the debt first, then the equity at cost, and leaves
 * the wealth unchanged: debt 1e9 and equity 3e8, 1.1e9 paid: debt 0, equity 2e8, wealth as before;
 * a second payment of 5e8 covers the 2e8 left and 3e8 more, the investors' gain: wealth + 3e8.
 * The wealth residual stays 0 when the payment reaches the investors through the ledger. */
static void test_recovery(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    lab_state *lab = &e.lab[0];
    e.investors.other_assets += lab->equity_book - 3e8 - 1e9;
    lab->equity_book = 3e8;
    lab->debt = 1e9;
    CU_ASSERT_DOUBLE_EQUAL(credit_wealth_residual(&e), 0.0, 1e-3);
    double wealth = e.investors.wealth, cash = 2e9;
    finance_pay(&e, SECTOR_LABS, &cash, SECTOR_INVESTORS, NULL, 1.1e9);
    credit_record_recovery(&e, &lab->debt, &lab->equity_book, 1.1e9);
    CU_ASSERT_DOUBLE_EQUAL(lab->debt, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(lab->equity_book, 2e8, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.wealth, wealth, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(credit_wealth_residual(&e), 0.0, 1e-3);
    finance_pay(&e, SECTOR_LABS, &cash, SECTOR_INVESTORS, NULL, 5e8);
    credit_record_recovery(&e, &lab->debt, &lab->equity_book, 5e8);
    CU_ASSERT_DOUBLE_EQUAL(lab->equity_book, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.wealth, wealth + 3e8, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(credit_wealth_residual(&e), 0.0, 1e-3);
    economy_free(&e);
    scenario_free(s);
}

/* Clouds repay principal: cloud 0 with debt 1.2e9 at 0.05 and its own cash pays 1e8 principal and
 * 5e6 interest (nothing else is due in this economy: no chips, construction or energy) and borrows
 * nothing: debt 1.1e9, coupon unchanged 0.05; its cash: before + other revenue − 1.05e8. */
static void test_cloud_repays(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    cloud_state *c = &e.cloud[0];
    for (unsigned k = 0; k < e.clouds; k++) {
        e.cloud[k].construction_due = e.cloud[k].energy_cost = 0.0;
        for (unsigned m = 0; m < e.chipmakers; m++) e.chip[m].bill[k] = 0.0;
    }
    c->debt = 1.2e9;
    c->debt_rate = 0.05;
    c->cash = 1e10;
    double other = s->clouds[0].other_revenue_usd;
    fixtures_settle_idle(s, &e);
    CU_ASSERT_EQUAL(c->defaulted, 0);
    CU_ASSERT_DOUBLE_EQUAL(c->principal, 1e8, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->interest, 5e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(c->borrowed, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(c->debt, 1.1e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(c->debt_rate, 0.05, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(c->cash, 1e10 + other - 1.05e8, 1e-3);
    economy_free(&e);
    scenario_free(s);
}

/* Sentiment starts from a defined history: prior revenue growth 1 (× 2 a year), growth weight 1,
 * no capex (burden 0, no capex term), speed 1 (sentiment = its target). Step 1, revenue R = 1e9:
 * the year before was R / 2, growth 1, sentiment 1 + 1 = 2 — not the warm-up's 1 + 0. Step 2, the
 * same revenue (smoothed still R): a year before was R × 2^(−11/12), growth 2^(11/12) − 1 =
 * 0.887748625363387, sentiment 1.887748625363387. */
static void test_sentiment_history(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    quiet_economy(s, &e);
    s->investors.prior_revenue_growth = 1.0;
    s->investors.growth_weight = 1.0;
    s->investors.capex_weight = 0.2;
    s->investors.sentiment_speed = 1.0;
    for (unsigned l = 0; l < e.labs; l++) e.lab[l].revenue = 0.0;
    for (unsigned k = 0; k < e.clouds; k++) e.cloud[k].capex = 0.0;
    e.lab[0].revenue = 1e9;
    e.step = 1;
    finance_investors(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.sentiment, 2.0, 1e-12);
    e.step = 2;
    finance_investors(s, &e);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.sentiment, 1.887748625363387, 1e-12);
    economy_free(&e);
    scenario_free(s);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("credit: investors' wealth and debt with terms", NULL, NULL);
    CU_add_test(suite, "a realised loss lowers wealth and raises the spread by the formula", test_loss_moves_wealth_and_spread);
    CU_add_test(suite, "a firm's spread rises with leverage and falls with coverage", test_firm_spread);
    CU_add_test(suite, "a maturing loan is refinanced at the new spread", test_refinanced_at_new_spread);
    CU_add_test(suite, "a loan that cannot be refinanced: restructured, or closed; losses to investors", test_rollover_default_loses);
    CU_add_test(suite, "a recovery repays debt, then equity; the excess is a gain", test_recovery);
    CU_add_test(suite, "a cloud repays principal", test_cloud_repays);
    CU_add_test(suite, "sentiment starts from the prior revenue growth", test_sentiment_history);
}
