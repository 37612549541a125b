/* test_utility.c — the grids' data-centre business as a balance sheet (utility.c; docs/ODD.md
 * 3.3.15), on numbers small enough to work out by hand, the expected values written here with their
 * arithmetic (nothing expected is computed by the code under test): the expansion financed by bonds
 * and equity, a grid whose load leaves defaulting in the month its cash cannot cover its debt
 * service, the power staying on after a default, and the regulator's cap on the capital adder.
 * Cost: well under a second. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/grid.h"
#include "aiecon/models/economy/players/utility.h"
#include "cunit_mpi.h"

/* One region, no clouds, investors at 5 %; the grid: 25 years (300 months), half debt at a 1 %
 * spread (coupon 6 %), the energy passed through at cost. */
typedef struct fixture {
    scenario s;
    scenario_region region;
    economy *e;
} fixture;

static void open_fixture(fixture *f)
{
    memset(f, 0, sizeof *f);
    scenario_grid *in = &f->region.grid;
    in->recovery_years = 25.0;
    in->debt_share = 0.5;
    in->debt_spread = 0.01;
    in->generation_share = 1.0;
    in->adder_cap_usd_per_mwh = 1e6;
    in->price_usd_per_mwh = 80.0;
    in->interconnect_months = 3;
    f->s.regions = &f->region;
    f->s.region_count = 1;
    f->s.investors.rate = 0.05;
    f->e = calloc(1, sizeof *f->e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->e);
    f->e->regions = 1;
    f->e->grid[0].default_step = -1.0;
}

/* Book 600e6 depreciates by 600e6 / 300 = 2e6 to 598e6; the month's 225e6 of expansion: 112.5e6
 * borrowed at 5 % + 1 %, 112.5e6 of equity, all paid for the construction; book 823e6, cash 0. */
static void test_invest(void)
{
    fixture f;
    open_fixture(&f);
    grid_state *g = &f.e->grid[0];
    g->book_usd = 600e6;
    g->expansion_cost = 225e6;
    utility_invest(&f.s, f.e, 0);
    CU_ASSERT_DOUBLE_EQUAL(g->book_usd, 823e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g->debt, 112.5e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g->debt_rate, 0.06, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(g->equity_book, 112.5e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g->cash, 0.0, 1e-6);
    free(f.e);
}

/* Debt 300e6 at 6 %, equity 300e6, cash 0.5e6; price 100 USD/MWh of which the adder is 10.
 *   month 1: 1000 MW billed 1000 × 720 × 100 = 72e6 and paid; generation 90 / 100 × 72e6 = 64.8e6;
 *            interest 300e6 × 0.005 = 1.5e6, principal 300e6 / 300 = 1e6: cash 0.5 + 72 − 64.8 − 2.5
 *            = 5.2e6, debt 299e6
 *   the load leaves: nothing billed from month 2
 *   month 2: interest 1.495e6, principal 996 666.67: cash 2 708 333.33, debt 298 003 333.33
 *   month 3: interest 1 490 016.67, principal 993 344.44: cash 224 972.22, debt 297 009 988.89
 *   month 4: interest 1 485 049.94 + principal 990 033.30 = 2 475 083.24 > cash: default. It pays
 *            its cash, a share 224 972.22 / 2 475 083.24 = 0.0908948 of each: interest 134 983.33,
 *            principal 89 988.89; the debt left, 297 009 988.89 − 89 988.89 = 296 920 000, and the
 *            equity, 300e6, are the investors' losses: 596 920 000. */
static void test_default_when_load_leaves(void)
{
    fixture f;
    open_fixture(&f);
    grid_state *g = &f.e->grid[0];
    g->debt = 300e6;
    g->debt_rate = 0.06;
    g->equity_book = 300e6;
    g->cash = 0.5e6 + 72e6;   /* the clouds' payment (finance.c) */
    g->billed = 72e6;
    g->price_usd_per_mwh = 100.0;
    g->adder_usd_per_mwh = 10.0;
    f.e->investors.wealth = 1e12;
    utility_settle(&f.s, f.e, 0, 1);
    CU_ASSERT_DOUBLE_EQUAL(g->generation_cost, 64.8e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g->interest, 1.5e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g->principal, 1e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g->cash, 5.2e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g->debt, 299e6, 1e-6);
    const double cash[2] = {2708333.3333333335, 224972.22222222248};
    const double debt[2] = {298003333.3333333, 297009988.8888889};
    g->billed = 0.0;
    for (uint32_t m = 2; m <= 3; m++) {
        utility_settle(&f.s, f.e, 0, m);
        CU_ASSERT_DOUBLE_EQUAL(g->cash, cash[m - 2], 1e-4);
        CU_ASSERT_DOUBLE_EQUAL(g->debt, debt[m - 2], 1e-4);
        CU_ASSERT_DOUBLE_EQUAL(g->defaulted, 0.0, 0.0);
    }
    utility_settle(&f.s, f.e, 0, 4);
    CU_ASSERT_DOUBLE_EQUAL(g->defaulted, 1.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(g->default_step, 4.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(g->interest, 134983.3333333335, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(g->principal, 89988.88888888899, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(g->cash, 0.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g->debt, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(g->equity_book, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(f.e->investors.realised_losses, 596920000.0, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(f.e->investors.wealth, 1e12 - 596920000.0, 1e-3);
    /* the write-off is booked on both sides: the grids' loans rise by the debt, the investors' fall */
    unsigned a = accounts_of(f.e, SECTOR_GRIDS, 0), inv = accounts_of(f.e, SECTOR_INVESTORS, 0);
    CU_ASSERT_DOUBLE_EQUAL(f.e->book.revalued[a][INSTRUMENT_LOANS], 296920000.0, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(f.e->book.revalued[inv][INSTRUMENT_LOANS], -296920000.0, 1e-3);
    free(f.e);
}

/* A grid that defaults keeps supplying: the same month's update of a defaulted grid and of one
 * that did not default (same load, price and supply, different debt and cash) gives the same price,
 * supply, expansion and load drawn. 1000 MW available, 900 MW of other data centres, price 80. */
static void test_power_stays_on(void)
{
    fixture f;
    open_fixture(&f);
    f.region.grid.other_dc_load_mw = 900.0;
    f.region.grid.dc_power_mw = 1000.0;
    f.region.grid.expansion_response = 0.5;
    f.region.grid.reserve_margin = 0.2;
    f.region.grid.price_elasticity = 1.0;
    grid_state *g = &f.e->grid[0];
    g->power_mw = 1000.0;
    g->price_usd_per_mwh = 80.0;
    economy *other = calloc(1, sizeof *other);
    CU_ASSERT_PTR_NOT_NULL_FATAL(other);
    memcpy(other, f.e, sizeof *other);
    g->defaulted = 1.0;   /* this one defaulted: no debt, no equity, no cash */
    other->grid[0].debt = 100e6;
    other->grid[0].debt_rate = 0.06;
    other->grid[0].cash = 5e6;
    grid_update(&f.s, f.e);
    grid_update(&f.s, other);
    /* load 900 = start load 900 (use unchanged): price 80; wanted 900 × 1.2 = 1080: started
     * 0.5 × 80 / 80 × (1080 − 1000) = 40 MW */
    CU_ASSERT_DOUBLE_EQUAL(g->price_usd_per_mwh, 80.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(g->started_mw, 40.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(g->drawn_mw, 900.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(g->price_usd_per_mwh, other->grid[0].price_usd_per_mwh, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(g->power_mw, other->grid[0].power_mw, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(g->started_mw, other->grid[0].started_mw, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(g->drawn_mw, other->grid[0].drawn_mw, 0.0);
    free(other);
    free(f.e);
}

/* The recovery of 1e9 over 25 years at 6 % is 6 443 014.01 a month, 8.9486 USD/MWh over 1000 MW
 * (test_capital.c). A cap of 5 USD/MWh binds: 5 × 720 000 = 3.6e6 charged, 2 843 014.01
 * unrecovered; a cap of 20 does not; with nothing drawn all of it is unrecovered. In grid_update:
 * capital 1e9, investors at 6 %, 1000 MW of other data centres, price 80 without elasticity: the
 * price is 80 + 5 = 85; half the unrecovered charge socialised: households pay 1 421 507.01 the
 * next month. */
static void test_adder_cap(void)
{
    double unrecovered = -1.0;
    CU_ASSERT_DOUBLE_EQUAL(utility_capped_adder(8.948630576187702, 5.0, 6443014.014855145, 1000.0, &unrecovered), 5.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(unrecovered, 2843014.014855145, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(utility_capped_adder(8.948630576187702, 20.0, 6443014.014855145, 1000.0, &unrecovered),
                           8.948630576187702, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(unrecovered, 0.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(utility_capped_adder(0.0, 5.0, 6443014.014855145, 0.0, &unrecovered), 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(unrecovered, 6443014.014855145, 1e-6);

    fixture f;
    open_fixture(&f);
    f.s.investors.rate = 0.06;
    f.region.grid.other_dc_load_mw = 1000.0;
    f.region.grid.dc_power_mw = 2000.0;
    f.region.grid.adder_cap_usd_per_mwh = 5.0;
    f.region.grid.socialised_share = 0.5;
    grid_state *g = &f.e->grid[0];
    g->power_mw = 2000.0;
    g->capital_usd = 1e9;
    grid_update(&f.s, f.e);
    CU_ASSERT_DOUBLE_EQUAL(g->capital_charge, 6443014.014855145, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g->adder_usd_per_mwh, 5.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(g->price_usd_per_mwh, 85.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(g->unrecovered, 2843014.014855145, 1e-6);
    double households = f.e->book.outside_cash[SECTOR_HOUSEHOLDS];
    utility_settle(&f.s, f.e, 0, 1);
    CU_ASSERT_DOUBLE_EQUAL(households - f.e->book.outside_cash[SECTOR_HOUSEHOLDS], 1421507.0074275725, 1e-6);
    free(f.e);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("utility", NULL, NULL);
    CU_add_test(suite, "the expansion: bonds and equity the investors buy, capital at book", test_invest);
    CU_add_test(suite, "a grid whose load leaves defaults in the month its cash cannot cover its debt service",
                test_default_when_load_leaves);
    CU_add_test(suite, "a grid's default keeps the power on", test_power_stays_on);
    CU_add_test(suite, "the regulator's cap on the capital adder binds; the socialised share is paid",
                test_adder_cap);
}
