/* test_deals.c — vendor and circular finance (deals.c, issue 14 part 3) on hand-made steps: a
 * tranche paid on deployment, warrants vesting with deployment and share price, credits used
 * before cash, a lab's default writing the vendor's equity off on both sides, and the round-trip
 * tracing. Every expected number is worked out by hand in the comment above its test; after every
 * step the stock-flow identities must hold (accounts_check). Set-up: inputs/tiny.yaml's names (2
 * labs, 2 clouds, 2 chipmakers; start 2024-01, so "2024-01" is step 1) on an economy that is all
 * zeros but for what each test sets; the settlement is played by hand (finance_pay_for), not run.
 * Cost: milliseconds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/io/scenario.h"
#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/deals.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/finance.h"
#include "cunit_mpi.h"
#include "fixtures.h"

enum { LAB = 2, CLOUD = 4, CHIP = 6 };

static economy *blank(const scenario *s)
{
    economy *e = calloc(1, sizeof *e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    e->labs = s->lab_count;
    e->clouds = s->cloud_count;
    e->chipmakers = s->chipmaker_count;
    for (unsigned l = 0; l < e->labs; l++) e->lab[l].default_step = -1;
    for (unsigned k = 0; k < e->clouds; k++) e->cloud[k].default_step = -1;
    for (unsigned m = 0; m < e->chipmakers; m++) e->chip[m].default_step = -1;
    e->lab[0].cash = 100.0;
    e->cloud[0].cash = 200.0;
    return e;
}

/* The deals the tests declare are the test's own: taken off the scenario before it is freed. */
static void release(scenario *s, economy *e)
{
    memset(&s->deals, 0, sizeof s->deals);
    free(e);
    scenario_free(s);
}

static void assert_identities(const scenario *s, const economy *e, uint32_t step)
{
    aiecon_error err = {0};
    aiecon_status rc = accounts_check(s, e, step, &err);
    CU_ASSERT_EQUAL(rc, AIECON_OK);
    if (rc != AIECON_OK) fprintf(stderr, "%s\n", err.message);
}

/* One step of the deals: open the book, the deals before the settlement, `settle` by hand, after. */
static void step_with(const scenario *s, economy *e, uint32_t step, void (*settle)(economy *, uint32_t))
{
    finance_open_book(e);
    deals_before_settle(s, e, step);
    if (settle != NULL) settle(e, step);
    deals_after_settle(s, e, step);
    assert_identities(s, e, step);
}

/* 100 USD for 10 GW: 10 USD per GW deployed beyond the lab's 500 MW at signature (step 1); the first
 * tranche not before step 2; the chipmaker has 50 USD. By hand: step 1, nothing (first tranche at 2);
 * step 2 at 2750 MW, 2.25 GW deployed, 22.5 USD paid (chipmaker 27.5 left, lab 122.5); step 3, the
 * same capacity, nothing more; step 4 at 20 GW, 19.5 GW deployed but capped at 10, 100 earned, 77.5
 * owed, 27.5 paid (all the chipmaker's cash); step 5, the chipmaker has 100 again: the other 50.
 * Equity: the lab has issued 100 (−100), the chipmaker holds 100; the lab's cash 100 + 100 = 200. */
static void test_tranche_on_deployment(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    scenario_equity_deal deal = {.name = "loi", .chipmaker = "gpu_leader", .lab = "frontier_a", .total_usd = 100.0,
                                 .gw = 10.0, .signed_at = "2024-01", .first_tranche = "2024-02"};
    s->deals.equity = &deal;
    s->deals.equity_count = 1;
    economy *e = blank(s);
    e->chip[0].cash = 50.0;
    deals_open(s, e);
    const double capacity[6] = {0, 500, 2750, 2750, 20000, 20000};
    const double paid[6] = {0, 0, 22.5, 0, 27.5, 50};
    for (uint32_t t = 1; t <= 5; t++) {
        if (t == 5) e->chip[0].cash = 100.0;
        e->lab[0].capacity_mw = capacity[t];
        step_with(s, e, t, NULL);
        CU_ASSERT_DOUBLE_EQUAL(e->deals.equity[0].paid_step, paid[t], 1e-12);
    }
    CU_ASSERT_DOUBLE_EQUAL(e->deals.equity[0].paid_usd, 100.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->lab[0].cash, 200.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->chip[0].cash, 50.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_EQUITY), -100.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, CHIP, INSTRUMENT_EQUITY), 100.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, CHIP, FLOW_EQUITY), -50.0, 1e-12);   /* step 5's */
    /* the lab defaults in step 6: the chipmaker's 100 and the lab's liability are written off */
    e->lab[0].defaulted = 1;
    e->lab[0].default_step = 6;
    step_with(s, e, 6, NULL);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_EQUITY), 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, CHIP, INSTRUMENT_EQUITY), 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->book.revalued[CHIP][INSTRUMENT_EQUITY], -100.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->book.revalued[LAB][INSTRUMENT_EQUITY], 100.0, 1e-12);
    release(s, e);
}

/* 600 shares in 3 tranches over 3 GW; thresholds 10, 20, 30 USD; strike 1; price = (1000 + 1 × 12
 * × smoothed revenue) / 100 shares. Smoothed revenue: the first positive revenue, then 0.7 × old
 * + 0.3 × new. By hand: step 1 (100 MW at signature, no revenue): price 10, nothing deployed, no
 * vesting. Step 2 (1100 MW: 1 GW), revenue 0, price 10 ≥ 10: tranche 1, 200 × (10 − 1) = 1800.
 * Step 3 (3100 MW: 3 GW), revenue 100: price (1000 + 1200) / 100 = 22 ≥ 20: tranche 2, 200 × 21 =
 * 4200; 22 < 30, tranche 3 waits. Step 4, revenue 200: smoothed 0.7 × 100 + 0.3 × 200 = 130, price
 * 25.6 < 30: none. Step 5, revenue 1000: smoothed 91 + 300 = 391, price (1000 + 4692) / 100 = 56.92:
 * tranche 3, 200 × 55.92 = 11184. In all 600 shares worth 17184 USD: the lab holds +17184 of equity,
 * the chipmaker has issued −17184, and no cash moved. */
static void test_warrants_vest(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    scenario_warrant_deal deal = {.name = "w", .chipmaker = "gpu_leader", .lab = "frontier_a", .shares = 600.0,
                                  .tranches = 3, .gw = 3.0, .signed_at = "2024-01", .price_first_usd = 10.0,
                                  .price_last_usd = 30.0, .strike_usd = 1.0, .shares_outstanding = 100.0,
                                  .revenue_multiple = 1.0, .other_value_usd = 1000.0};
    s->deals.warrants = &deal;
    s->deals.warrant_count = 1;
    economy *e = blank(s);
    deals_open(s, e);
    const double capacity[6] = {0, 100, 1100, 3100, 3100, 3100}, revenue[6] = {0, 0, 0, 100, 200, 1000};
    const double price[6] = {0, 10, 10, 22, 25.6, 56.92}, shares[6] = {0, 0, 200, 400, 400, 600};
    const double value[6] = {0, 0, 1800, 6000, 6000, 17184};
    for (uint32_t t = 1; t <= 5; t++) {
        e->lab[0].capacity_mw = capacity[t];
        e->chip[0].revenue = revenue[t];
        step_with(s, e, t, NULL);
        CU_ASSERT_DOUBLE_EQUAL(e->deals.warrant[0].share_price, price[t], 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(e->deals.warrant[0].vested_shares, shares[t], 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_EQUITY), value[t], 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, CHIP, INSTRUMENT_EQUITY), -value[t], 1e-9);
    }
    CU_ASSERT_DOUBLE_EQUAL(e->lab[0].cash, 100.0, 0.0);
    release(s, e);
}

/* The lab pays its cloud what it owes this step (its contract: 10 MW × 3 USD = 30). */
static void lab_pays_contract(economy *e, uint32_t step)
{
    (void)step;
    finance_pay_for(e, FLOW_CONTRACTS, SECTOR_LABS, &e->lab[0].cash, SECTOR_CLOUDS, &e->cloud[0].cash, 30.0);
}

/* A contract of 10 MW at 3 USD/(MW·month) from step 1 (the cloud has 100 MW: all delivered), so 30
 * USD due a month; credits of 5 held since before the start and 50 granted in step 2, each for as
 * much of the lab's equity. By hand: at the start the lab holds 5 of credits and has issued 5 of
 * equity. Step 1: 5 used, the lab pays 25 of cash (cash 75). Step 2: 50 granted, 30 used, cash
 * unchanged (75), 20 left. Step 3: 20 used, 10 of cash (65). Step 4: none left, 30 of cash (35). The
 * cloud's round-trip revenue: 5, 30, 20, 0; its cash 200 + 4 × 30 − 55 = 265; equity: the lab −55,
 * the cloud +55; credits (other) 0 on both sides at the end, +20 / −20 after step 2. */
static void test_credits_before_cash(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    scenario_credit_deal deals[2] = {
        {.name = "old", .cloud = "hyperscaler_us", .lab = "frontier_a", .credits_usd = 5.0, .granted = "2023-06"},
        {.name = "new", .cloud = "hyperscaler_us", .lab = "frontier_a", .credits_usd = 50.0, .granted = "2024-02"}};
    s->deals.credits = deals;
    s->deals.credit_count = 2;
    economy *e = blank(s);
    contract_state contract = {.lab = 0, .cloud = 0, .signed_step = 1, .start_step = 1, .months = 12, .mw = 10.0,
                               .usd_per_mw_month = 3.0, .ended_step = INT32_MAX};
    e->contracts = &contract;
    e->contract_count = e->contract_capacity = 1;
    e->cloud[0].capacity_mw = 100.0;
    deals_open(s, e);
    finance_open_book(e);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_OTHER), 5.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, CLOUD, INSTRUMENT_OTHER), -5.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(deals_lab_due_to_cloud(e, 0, 0, 1), 30.0, 1e-12);
    const double cash[5] = {100, 75, 75, 65, 35}, round_trip[5] = {0, 5, 30, 20, 0};
    for (uint32_t t = 1; t <= 4; t++) {
        step_with(s, e, t, lab_pays_contract);
        CU_ASSERT_DOUBLE_EQUAL(e->lab[0].cash, cash[t], 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(e->deals.cloud_round_trip[0], round_trip[t], 1e-12);
        if (t == 2) {
            CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_OTHER), 20.0, 1e-12);
            CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, CLOUD, INSTRUMENT_OTHER), -20.0, 1e-12);
            CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, LAB, FLOW_CREDITS), 30.0, 1e-12);
        }
    }
    CU_ASSERT_DOUBLE_EQUAL(e->cloud[0].cash, 265.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_EQUITY), -55.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, CLOUD, INSTRUMENT_EQUITY), 55.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_OTHER), 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, CLOUD, INSTRUMENT_OTHER), 0.0, 1e-12);
    e->contracts = NULL;
    release(s, e);
}

/* A lab that defaults: 100 of credits held since before the start, a later grant of 40 in step 3,
 * the contract of 30 a month; the lab defaults in step 2. By hand: step 1, 30 used (70 left); step
 * 2, 30 used (40 left), then the default: the 40 unused credits lapse (revaluation of other: −40
 * for the lab, +40 for the cloud) and the cloud's 100 of equity is written off (−100 for the cloud,
 * +100 for the lab); step 3's grant never comes. Every stock of the deal ends at 0. */
static void test_credits_lapse_at_default(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    scenario_credit_deal deals[2] = {
        {.name = "old", .cloud = "hyperscaler_us", .lab = "frontier_a", .credits_usd = 100.0, .granted = "2023-06"},
        {.name = "late", .cloud = "hyperscaler_us", .lab = "frontier_a", .credits_usd = 40.0, .granted = "2024-03"}};
    s->deals.credits = deals;
    s->deals.credit_count = 2;
    economy *e = blank(s);
    contract_state contract = {.lab = 0, .cloud = 0, .signed_step = 1, .start_step = 1, .months = 12, .mw = 10.0,
                               .usd_per_mw_month = 3.0, .ended_step = INT32_MAX};
    e->contracts = &contract;
    e->contract_count = e->contract_capacity = 1;
    e->cloud[0].capacity_mw = 100.0;
    deals_open(s, e);
    step_with(s, e, 1, lab_pays_contract);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_OTHER), 70.0, 1e-12);
    e->lab[0].defaulted = 1;
    e->lab[0].default_step = 2;
    step_with(s, e, 2, lab_pays_contract);
    CU_ASSERT_DOUBLE_EQUAL(e->book.revalued[LAB][INSTRUMENT_OTHER], -40.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->book.revalued[CLOUD][INSTRUMENT_OTHER], 40.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->book.revalued[CLOUD][INSTRUMENT_EQUITY], -100.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->book.revalued[LAB][INSTRUMENT_EQUITY], 100.0, 1e-12);
    step_with(s, e, 3, NULL);
    for (unsigned a = LAB; a <= CLOUD; a += CLOUD - LAB) {
        CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, a, INSTRUMENT_OTHER), 0.0, 0.0);
        CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, a, INSTRUMENT_EQUITY), 0.0, 0.0);
    }
    e->contracts = NULL;
    release(s, e);
}

/* Step 2's settlement for the tracing: the lab pays its cloud 50 (contract) and 50 of opex; the
 * cloud pays the chipmaker its bill of 40 for chips. */
static void trace_settle(economy *e, uint32_t step)
{
    if (step != 2) return;
    finance_pay_for(e, FLOW_CONTRACTS, SECTOR_LABS, &e->lab[0].cash, SECTOR_CLOUDS, &e->cloud[0].cash, 50.0);
    finance_pay_for(e, FLOW_OPEX, SECTOR_LABS, &e->lab[0].cash, SECTOR_REST_OF_WORLD, NULL, 50.0);
    finance_pay_for(e, FLOW_CHIPS, SECTOR_CLOUDS, &e->cloud[0].cash, SECTOR_CHIPMAKERS, &e->chip[0].cash, 40.0);
}

/* The tracing, by hand: the chipmaker pays a tranche of 100 in step 2 (1 GW deployed, 100 per GW).
 * The lab's pool: 100 of cash + 100 received = 200, of which 100 is the chipmaker's; it pays 50 to
 * its cloud and 100 in all, so 100 × 50 / 200 = 25 of the chipmaker's money reaches the cloud and
 * 100 × (1 − 100 / 200) = 50 stays with the lab. The cloud's pool: 200 + 50 = 250; it pays 40 to
 * the chipmaker for chips: 25 × 40 / 250 = 4 of round-trip revenue, and 25 × (1 − 40 / 250) = 21
 * of the chipmaker's money stays with the cloud. */
static void test_round_trip_tracing(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    scenario_equity_deal deal = {.name = "loi", .chipmaker = "gpu_leader", .lab = "frontier_a", .total_usd = 1000.0,
                                 .gw = 10.0, .signed_at = "2024-01", .first_tranche = "2024-01"};
    s->deals.equity = &deal;
    s->deals.equity_count = 1;
    economy *e = blank(s);
    contract_state contract = {.lab = 0, .cloud = 0, .signed_step = 1, .start_step = 1, .months = 12, .mw = 10.0,
                               .usd_per_mw_month = 5.0, .ended_step = INT32_MAX};
    e->contracts = &contract;
    e->contract_count = e->contract_capacity = 1;
    e->cloud[0].capacity_mw = 100.0;
    e->chip[0].cash = 1000.0;
    e->chip[0].bill[0] = 40.0;
    deals_open(s, e);
    e->lab[0].capacity_mw = 0.0;
    step_with(s, e, 1, trace_settle);
    CU_ASSERT_DOUBLE_EQUAL(e->deals.chip_round_trip[0], 0.0, 0.0);
    e->lab[0].capacity_mw = 1000.0;
    step_with(s, e, 2, trace_settle);
    CU_ASSERT_DOUBLE_EQUAL(e->deals.equity[0].paid_step, 100.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->deals.chip_round_trip[0], 4.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->deals.equity[0].traced_lab, 50.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e->deals.equity[0].traced_cloud[0], 21.0, 1e-12);
    e->contracts = NULL;
    release(s, e);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("deals: vendor and circular finance", NULL, NULL);
    CU_add_test(suite, "a tranche is paid on deployment; a default writes it off on both sides", test_tranche_on_deployment);
    CU_add_test(suite, "warrants vest with deployment and share price", test_warrants_vest);
    CU_add_test(suite, "credits are used before cash", test_credits_before_cash);
    CU_add_test(suite, "unused credits lapse and the cloud's equity is written off at the lab's default",
                test_credits_lapse_at_default);
    CU_add_test(suite, "round-trip revenue is traced through the lab's and the cloud's cash", test_round_trip_tracing);
}
