/* test_economy.c — the replicated players' behaviours, on inputs/tiny.yaml: take-or-pay contracts
 * are paid when the capacity is unused, a default ends contracts and sends the lab's users away,
 * export controls keep a controlled chipmaker's chips out of a blocked region, and the ledger's
 * residual is zero after a step but not when cash moves outside the ledger, and a vintage of
 * capacity depreciates and is retired when it no longer pays for its energy and upkeep, and a
 * contract the cloud delivers late runs on by the delay and earns the lab the delay penalty, and
 * the compute market clears at known prices and its rentals go through the ledger, and a defaulted
 * cloud's capacity is sold to the clouds standing in its region. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/models/economy/players/market.h"
#include "aiecon/models/economy/players/resale.h"
#include "cunit_mpi.h"
#include "fixtures.h"

static int find(const char *name, const char *const *names, unsigned n)
{
    for (unsigned i = 0; i < n; i++) if (strcmp(names[i], name) == 0) return (int)i;
    return -1;
}

static void test_take_or_pay_without_users(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    aiecon_error err;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    economy_tally nobody;
    memset(&nobody, 0, sizeof nobody);   /* no user anywhere: every contracted MW is idle */
    double cloud_cash_before = e.cloud[0].cash, due = labs_dues(s, &e, 0, 1);
    economy_step(s, &e, 1, &nobody);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].revenue, 0.0, 1e-9);
    CU_ASSERT(due > 0.0);
    CU_ASSERT(e.cloud[0].revenue > 0.0);   /* paid although nothing was used */
    double contracts = 0.0;
    for (unsigned i = 0; i < e.contract_count; i++) {
        const contract_state *c = &e.contracts[i];
        if (c->cloud == 0) contracts += labs_contract_mw(c, 1) * clouds_delivery_share(&e, 0, 1) * c->usd_per_mw_month;
    }
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].revenue, contracts, 1e-6 * contracts);
    CU_ASSERT(e.cloud[0].cash != cloud_cash_before);
    CU_ASSERT(fabs(e.accounting_residual) < 1.0);
    economy_free(&e);
    scenario_free(s);
}

static void test_default_ends_contracts_and_moves_users(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    s->investors.equity_supply_usd = 0.0;    /* nobody will lend a hand */
    economy e;
    aiecon_error err;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    e.lab[0].cash = 1.0;                     /* and the lab has nothing left */
    economy_tally nobody;
    memset(&nobody, 0, sizeof nobody);
    economy_step(s, &e, 1, &nobody);
    CU_ASSERT_EQUAL(e.lab[0].defaulted, 1);
    CU_ASSERT_EQUAL(e.lab[0].default_step, 1);
    CU_ASSERT_EQUAL(e.lab[1].defaulted, 0);
    for (unsigned i = 0; i < e.contract_count; i++) {
        if (e.contracts[i].lab == 0) {
            CU_ASSERT_EQUAL(e.contracts[i].ended_step, 2);
            CU_ASSERT_DOUBLE_EQUAL(labs_contract_mw(&e.contracts[i], 2), 0.0, 0.0);
        }
    }
    CU_ASSERT(e.cloud[0].losses > 0.0);       /* the cloud booked the lost payments now */
    CU_ASSERT_DOUBLE_EQUAL(labs_commitments(&e, 0, 1), 0.0, 0.0);
    offers *o = calloc(1, sizeof *o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    economy_offers(s, &e, o);
    CU_ASSERT_DOUBLE_EQUAL(o->households.churn[0], 1.0, 0.0);       /* its users must leave */
    CU_ASSERT(isinf(o->households.utility[0][0][0]) && o->households.utility[0][0][0] < 0);  /* nobody joins */
    CU_ASSERT(isinf(o->businesses.utility[0][0][0]));
    CU_ASSERT(o->households.churn[1] < 1.0);
    CU_ASSERT(fabs(e.accounting_residual) < 1.0);
    free(o);
    economy_free(&e);
    scenario_free(s);
}

static void test_export_controls_block_shipments(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const char *clouds[SCENARIO_MAX_CLOUDS], *chips[SCENARIO_MAX_CHIPMAKERS];
    for (unsigned k = 0; k < s->cloud_count; k++) clouds[k] = s->clouds[k].name;
    for (unsigned m = 0; m < s->chipmaker_count; m++) chips[m] = s->chipmakers[m].name;
    int blocked_cloud = find("neocloud", clouds, s->cloud_count);   /* in rest_of_world: export_blocked */
    int free_cloud = find("hyperscaler_us", clouds, s->cloud_count);
    int controlled = find("gpu_leader", chips, s->chipmaker_count);
    int other = find("challenger", chips, s->chipmaker_count);
    CU_ASSERT_FATAL(blocked_cloud >= 0 && free_cloud >= 0 && controlled >= 0 && other >= 0);
    economy e;
    aiecon_error err;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    double before_c = e.chip[controlled].backlog_by_cloud[blocked_cloud];
    CU_ASSERT_DOUBLE_EQUAL(chips_order(s, &e, (unsigned)blocked_cloud, 100.0), 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.chip[controlled].backlog_by_cloud[blocked_cloud], before_c, 0.0);
    CU_ASSERT(e.chip[other].backlog_by_cloud[blocked_cloud] > 0.0);
    chips_order(s, &e, (unsigned)free_cloud, 100.0);
    CU_ASSERT(e.chip[controlled].backlog_by_cloud[free_cloud] > 0.0);
    /* with every chipmaker controlled, nothing can be shipped there */
    s->chipmakers[other].export_controlled = 1;
    CU_ASSERT_DOUBLE_EQUAL(chips_order(s, &e, (unsigned)blocked_cloud, 100.0), 100.0, 0.0);
    chips_produce(s, &e, 1);
    CU_ASSERT_DOUBLE_EQUAL(e.chip[controlled].bill[blocked_cloud], 0.0, 0.0);
    economy_free(&e);
    scenario_free(s);
}

static void test_ledger_catches_cash_outside_it(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    aiecon_error err;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    finance_open_book(&e);
    finance_pay(&e, SECTOR_HOUSEHOLDS, NULL, SECTOR_LABS, &e.lab[0].cash, 1e9);
    finance_pay(&e, SECTOR_LABS, &e.lab[0].cash, SECTOR_CLOUDS, &e.cloud[1].cash, 4e8);
    CU_ASSERT(finance_residual(&e) < 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(e.book.flow[SECTOR_HOUSEHOLDS][SECTOR_LABS], 1e9, 0.0);
    e.lab[1].cash += 5.0;                    /* money from nowhere */
    CU_ASSERT_DOUBLE_EQUAL(finance_residual(&e), 5.0, 1e-6);
    economy_free(&e);
    scenario_free(s);
}

/* Vintages: a merge weights performance by MW; depreciation is straight-line; the vintage whose
 * performance against the newest chips no longer pays its energy and upkeep is retired whole. */
static void test_vintage_depreciates_and_retires(void)
{
    /* vintage index: steps 1-12 -> 1, 13-24 -> 2, far steps share the last vintage */
    CU_ASSERT_EQUAL(clouds_vintage_index(1), 1);
    CU_ASSERT_EQUAL(clouds_vintage_index(12), 1);
    CU_ASSERT_EQUAL(clouds_vintage_index(13), 2);
    CU_ASSERT_EQUAL(clouds_vintage_index(100000), ECONOMY_MAX_VINTAGES - 1);

    cloud_state merged;
    memset(&merged, 0, sizeof merged);
    /* 100 MW at perf 2 costing $1.2B over 60 months: $20M a month */
    clouds_add_vintage(&merged, 3, 100.0, 2.0, 1.2e9, 60.0, 25.0);
    CU_ASSERT_DOUBLE_EQUAL(merged.vintage[3].depreciation_usd, 2e7, 1e-3);
    /* + 300 MW at perf 1 costing $3.6B over 60 months, in a later month of the same vintage:
     * perf (100·2 + 300·1) / 400 = 1.25; book 4.8e9; charge 2e7 + 6e7 = 8e7; installed still 25 */
    clouds_add_vintage(&merged, 3, 300.0, 1.0, 3.6e9, 60.0, 30.0);
    CU_ASSERT_DOUBLE_EQUAL(merged.vintage[3].mw, 400.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(merged.vintage[3].perf, 1.25, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(merged.vintage[3].book_usd, 4.8e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(merged.vintage[3].depreciation_usd, 8e7, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(merged.vintage[3].installed_step, 25.0, 0.0);

    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    aiecon_error err;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    cloud_state *c = &e.cloud[0];
    memset(c->vintage, 0, sizeof c->vintage);
    /* old: 100 MW at perf 1, book $600M, $10M/month; new: 50 MW at perf 4, book $600M, $10M/month */
    c->vintage[1] = (vintage_state){.mw = 100.0, .perf = 1.0, .book_usd = 6e8, .depreciation_usd = 1e7};
    c->vintage[2] = (vintage_state){.mw = 50.0, .perf = 4.0, .book_usd = 6e8, .depreciation_usd = 1e7};
    c->capacity_mw = 150.0;
    e.compute_price = 125000.0;   /* USD per reference MW-month on the compute market (retirement reads it) */
    e.compute_price_smoothed = 125000.0;   /* and expected (the value in use reads it, as q) */
    e.grid[c->region].price_usd_per_mwh = 100.0;
    double load = e.grid[c->region].load_mw;
    s->clouds[0].upkeep_usd_per_mw_month = 150000.0;
    for (unsigned m = 0; m < e.chipmakers; m++) e.chip[m].perf = 8.0;   /* shares add up to 1: frontier 8 */
    /* costs per MW-month: 720 h × $100 + $150,000 = $222,000; at the market's $125,000 per reference
     * MW-month (frontier now = frontier when earned = 8), old earns 125,000 × 1 < cost (margin
     * -97,000), new earns 125,000 × 4 = $500,000 (margin +278,000) */
    CU_ASSERT_DOUBLE_EQUAL(clouds_vintage_margin(s, &e, 0, 1, 8.0), -97000.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(clouds_vintage_margin(s, &e, 0, 2, 8.0), 278000.0, 1e-6);
    /* with a running contract of 120 MW on this cloud, only 150 − 120 = 30 MW may go: 30 of the
     * old vintage's 100 MW, with 30 % of its book (after the month's charge: 5.9e8 × 0.7 = 4.13e8
     * kept, and 7e6 a month of depreciation) */
    contract_state need = {.lab = 0, .cloud = 0, .signed_step = 0, .start_step = 0, .months = 12, .mw = 120.0,
                           .usd_per_mw_month = 1.0, .ended_step = INT32_MAX};
    cloud_state saved = *c;
    unsigned count = e.contract_count;
    contract_state *contracts = e.contracts;
    e.contracts = &need;
    e.contract_count = 1;
    e.lab[0].defaulted = 0;
    clouds_age(s, &e, 0);
    CU_ASSERT_DOUBLE_EQUAL(c->retired_mw, 30.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c->capacity_mw, 120.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c->vintage[1].mw, 70.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c->vintage[1].book_usd, 4.13e8, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(c->vintage[1].depreciation_usd, 7e6, 1e-6);
    /* no contract: the old vintage goes whole */
    *c = saved;
    e.grid[c->region].load_mw = load;
    e.contract_count = 0;
    clouds_age(s, &e, 0);
    e.contracts = contracts;
    e.contract_count = count;
    /* depreciation 1e7 + 1e7; the old vintage retired (100 MW, book written off), the new one kept
     * at 6e8 - 1e7 = 5.9e8 before impairment. Nothing is under contract, so the new vintage is tested
     * against its value in use over the 59 months its book has left: rent 500 000 per MW-month
     * falling at the chips' trend, a year on (0.85 × 8 × 1.4 + 0.15 × 8 × 1.3) / 8 = 1.385 (tiny's
     * chipmakers), less 222 000 of running cost, discounted at (0.045 + 0.03 + 0.05) / 12 a month
     * (tiny's rate, spread and risk premium) until the margin turns negative: 3 384 882.51 per MW
     * (summed by hand in Python), 169 244 125.75 for the 50 MW, below the book by 420 755 874.25 */
    CU_ASSERT_DOUBLE_EQUAL(c->depreciation, 2e7, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(c->impairment, 420755874.2543509, 1.0);
    CU_ASSERT_DOUBLE_EQUAL(c->retired_mw, 100.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c->capacity_mw, 50.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(c->vintage[1].mw, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(c->vintage[2].mw, 50.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(c->book_value, 169244125.74564913, 1.0);
    CU_ASSERT_DOUBLE_EQUAL(e.grid[c->region].load_mw, load - 100.0, 1e-9);
    economy_free(&e);
    scenario_free(s);
}

/* A contract whose cloud delivers a quarter of it runs on by the three quarters of a month it
 * lacked, the cloud pays the delay penalty on what it did not deliver, and the receivables (what
 * lenders count) keep the whole term. */
/* The market clears: known answers worked by hand. Supply 100 reference MW pivoting at 1e6 and
 * demand 100 pivoting at 4e6, both of steepness 2: the price makes 100 / (1 + (1e6/p)^2) =
 * 100 / (1 + (p/4e6)^2), so p^2 = 1e6 · 4e6, p = 2e6, and 100 / 1.25 = 80 MW change hands.
 * Supply 100 at 1e6 of steepness 1 against the firms' open demand, a need of 50 at 1e6 of
 * steepness 1: 100 p / (p + 1e6) = 50 · 1e6 / (1e6 + p) gives p = 5e5 and 100/3 MW each side.
 * A glut (1e6 reference MW at a cost of 1) against that need: the firms rent almost all of their
 * 50, never more, and their bill p × D(p) is below what 50 MW cost at the pivot (an iso-elastic
 * 50 (1e6/p)^1.5 would rent millions and pay more the cheaper compute gets). Nothing offered:
 * the last price; nobody buying: the cheapest cost. */
static void test_market_clears(void)
{
    market_curve supply = {100.0, 1e6, 2.0}, demand = {100.0, 4e6, 2.0};
    double p = market_solve(&supply, 1, &demand, 1, 1.0);
    CU_ASSERT_DOUBLE_EQUAL(p, 2e6, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(market_supplied(&supply, p), 80.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(market_demanded(&demand, p), 80.0, 1e-6);
    market_curve linear = {100.0, 1e6, 1.0}, open[2] = {{0.0, 1.0, 1.0}, {50.0, 1e6, 1.0}};
    p = market_solve(&linear, 1, open, 2, 1.0);
    CU_ASSERT_DOUBLE_EQUAL(p, 5e5, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(market_demanded(&open[1], p), 100.0 / 3.0, 1e-9);
    market_curve glut = {1e6, 1.0, 1.0}, firms = {50.0, 1e6, 1.5};
    p = market_solve(&glut, 1, &firms, 1, 1.0);
    double rented = market_demanded(&firms, p);
    CU_ASSERT(rented > 49.0 && rented <= 50.0);
    CU_ASSERT(p * rented < 50.0 * 1e6 / 2.0);
    market_curve empty = {0.0, 5e5, 2.0}, nobody = {0.0, 1.0, 1.0};
    CU_ASSERT_DOUBLE_EQUAL(market_solve(&empty, 1, &demand, 1, 3e6), 3e6, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(market_solve(&supply, 1, &nobody, 1, 9e6), 1e6, 0.0);
}

/* Firms renting for open models pay the clouds through the ledger: what the clouds receive is
 * what the market says the firms rent at its price, and the step's accounting closes. */
static void test_market_rentals_reach_the_clouds(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    s->businesses.open_compute_mw = 100.0;
    economy e;
    aiecon_error err;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    economy_tally nobody;
    memset(&nobody, 0, sizeof nobody);
    economy_step(s, &e, 1, &nobody);
    double received = 0.0, let = 0.0;
    for (unsigned k = 0; k < e.clouds; k++) {
        received += e.cloud[k].firm_rentals;
        let += e.cloud[k].let_mw;
    }
    CU_ASSERT(e.open_rented_mw > 0.0);
    CU_ASSERT(e.compute_price > 0.0);
    CU_ASSERT_DOUBLE_EQUAL(let, e.open_rented_mw, 1e-9 * let);
    CU_ASSERT_DOUBLE_EQUAL(received, e.open_rented_mw * e.compute_price, 1e-6);
    CU_ASSERT(e.accounting_residual < 1e-3);
    economy_free(&e);
    scenario_free(s);
}

/* A defaulted cloud's capacity is sold to the cloud standing in its region (issue 13, part 4).
 * tiny.yaml's neocloud (capex 45e6 USD/MW, chip share 0.65, distressed_share 0.3 by default),
 * moved to the hyperscaler's region and defaulted, holds 100 MW (book 1e9 USD) and 50 MW of sites:
 * it fetches 0.3 × (1e9 + 0.35 × 45e6 × 50) = 5.3625e8 USD. A buyer with 50e9 USD pays it all and
 * gets everything; one with 0.5 × 5.3625e8 pays half of that cash, a quarter of the price, and gets
 * a quarter (75 MW stay idle, offered again); with no buyer in the region nothing moves. */
static void test_defaulted_capacity_is_sold(void)
{
    const double value = 0.3 * (1e9 + 0.35 * 45e6 * 50.0);
    for (int round = 0; round < 3; round++) {
        scenario *s = fixtures_load_tiny();
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        economy e;
        aiecon_error err;
        CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
        cloud_state *buyer = &e.cloud[0], *gone = &e.cloud[1];
        if (round < 2) gone->region = buyer->region;
        gone->defaulted = 1;
        gone->default_step = 1;
        memset(gone->vintage, 0, sizeof gone->vintage);
        gone->vintage[0] = (vintage_state){.mw = 100.0, .perf = 1.0, .book_usd = 1e9, .depreciation_usd = 1e7};
        gone->capacity_mw = 100.0;
        gone->building_mw = 50.0;
        gone->pipeline[3] = 50.0;
        buyer->cash = round == 1 ? 0.5 * value : 50e9;
        double cap0 = buyer->capacity_mw, mw0 = buyer->vintage[0].mw, pipe0 = buyer->pipeline[3];
        double share = round == 0 ? 1.0 : round == 1 ? 0.25 : 0.0;
        finance_open_book(&e);
        resale_sell(s, &e, 2);
        CU_ASSERT_DOUBLE_EQUAL(buyer->acquisitions, share * value, 1e-3);
        CU_ASSERT_DOUBLE_EQUAL(buyer->capacity_mw, cap0 + share * 100.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(buyer->vintage[0].mw, mw0 + share * 100.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(buyer->pipeline[3], pipe0 + share * 50.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(buyer->acquired_mw, share * 150.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(gone->capacity_mw, (1.0 - share) * 100.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(gone->pipeline[3], (1.0 - share) * 50.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(gone->vintage[0].book_usd, (1.0 - share) * 1e9, 1e-3);
        CU_ASSERT(finance_residual(&e) < 1e-3);   /* paid to the lenders through the ledger */
        economy_free(&e);
        scenario_free(s);
    }
}

static void test_late_build_delays_payments(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    aiecon_error err;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    e.contract_count = 1;                    /* one contract: lab 0 at cloud 0, steps 1-12, 100 MW at $1M */
    e.contracts[0] = (contract_state){.lab = 0, .cloud = 0, .signed_step = 1, .start_step = 1, .months = 12,
                                      .mw = 100.0, .usd_per_mw_month = 1e6, .ended_step = INT32_MAX};
    e.cloud[0].capacity_mw = 25.0;           /* delivery share 25 / 100 = 0.25 */
    s->clouds[0].delay_penalty = 0.1;
    CU_ASSERT_DOUBLE_EQUAL(clouds_delivery_share(&e, 0, 1), 0.25, 1e-12);
    /* penalty 0.1 × (1 − 0.25) × 100 MW × $1M = $7.5M */
    CU_ASSERT_DOUBLE_EQUAL(clouds_delay_penalty(s, &e, 0, 1), 7.5e6, 1e-3);
    clouds_delay_contracts(&e, 1);
    /* delay 0.75 month: the term ends at 1 + 12 + 0.75 = 13.75; step 12 whole, step 13 at 0.75 */
    CU_ASSERT_DOUBLE_EQUAL(e.contracts[0].delay_months, 0.75, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(labs_contract_mw(&e.contracts[0], 12), 100.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(labs_contract_mw(&e.contracts[0], 13), 75.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(labs_contract_mw(&e.contracts[0], 14), 0.0, 0.0);
    /* after step 1: 13.75 − 2 = 11.75 months × 100 MW × $1M = $1.175B still due */
    CU_ASSERT_DOUBLE_EQUAL(clouds_receivables(&e, 0, 1), 1.175e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(labs_commitments(&e, 0, 1), 1.175e9, 1e-3);
    e.cloud[0].capacity_mw = 100.0;          /* delivered in full: no penalty, no more delay */
    CU_ASSERT_DOUBLE_EQUAL(clouds_delay_penalty(s, &e, 0, 2), 0.0, 0.0);
    clouds_delay_contracts(&e, 2);
    CU_ASSERT_DOUBLE_EQUAL(e.contracts[0].delay_months, 0.75, 1e-12);
    economy_free(&e);
    scenario_free(s);
}

/* A lab leases where it sells: tiny's clouds stand in us (hyperscaler_us, 99 MW) and
 * rest_of_world (neocloud, 199 MW), both 18 and 12 months to build. Lab 0 sells only in us, lab 1
 * everywhere; each needs 100 MW of inference at training share 0.5 and ambition 1 with no revenue
 * growth: need = 100 / 0.5 = 200 MW at the lead, none contracted. Lab 0 signs all 200 MW with
 * hyperscaler_us (lead 18); lab 1 signs 200 × 100 / 300 = 66.67 MW there and 200 × 200 / 300 =
 * 133.33 MW with the neocloud, both starting 18 months on (the longer lead). */
static void test_labs_lease_where_they_sell(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy e;
    aiecon_error err;
    CU_ASSERT_FATAL(economy_create(s, &e, &err) == AIECON_OK);
    scenario_market *us_only = calloc(1, sizeof *us_only);   /* owned by s: scenario_free frees it */
    CU_ASSERT_PTR_NOT_NULL_FATAL(us_only);
    us_only[0].region = strdup("us");
    s->labs[0].markets = us_only;
    s->labs[0].market_count = 1;
    s->labs[1].markets = NULL;
    s->labs[1].market_count = 0;
    e.contract_count = 0;
    e.cloud[0].capacity_mw = 99.0;
    e.cloud[1].capacity_mw = 199.0;
    for (unsigned l = 0; l < 2; l++) {
        s->labs[l].training_share = 0.5;
        s->labs[l].ambition = 1.0;
        e.lab[l].demand_mw = 100.0;
        e.lab[l].revenue_growth = 0.0;
        e.lab[l].revenue_smoothed = 1e12;   /* room for everything */
        e.lab[l].runway = 1e9;              /* not in distress */
        e.lab[l].defaulted = 0;
    }
    CU_ASSERT_FATAL(labs_commit(s, &e, 1, &err) == AIECON_OK);
    CU_ASSERT_EQUAL_FATAL(e.contract_count, 3);
    CU_ASSERT_EQUAL(e.contracts[0].lab, 0);
    CU_ASSERT_EQUAL(e.contracts[0].cloud, 0);
    CU_ASSERT_DOUBLE_EQUAL(e.contracts[0].mw, 200.0, 1e-9);
    CU_ASSERT_EQUAL(e.contracts[0].start_step, 1 + 18);
    CU_ASSERT_EQUAL(e.contracts[1].lab, 1);
    CU_ASSERT_EQUAL(e.contracts[1].cloud, 0);
    CU_ASSERT_DOUBLE_EQUAL(e.contracts[1].mw, 200.0 / 3.0, 1e-9);
    CU_ASSERT_EQUAL(e.contracts[2].cloud, 1);
    CU_ASSERT_DOUBLE_EQUAL(e.contracts[2].mw, 400.0 / 3.0, 1e-9);
    CU_ASSERT_EQUAL(e.contracts[2].start_step, 1 + 18);
    economy_free(&e);
    scenario_free(s);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("economy", NULL, NULL);
    CU_add_test(suite, "take-or-pay is paid when the capacity is unused", test_take_or_pay_without_users);
    CU_add_test(suite, "a default ends contracts, books losses and moves users", test_default_ends_contracts_and_moves_users);
    CU_add_test(suite, "export controls block the blocked region's shipments", test_export_controls_block_shipments);
    CU_add_test(suite, "a lab leases only from clouds where it sells", test_labs_lease_where_they_sell);
    CU_add_test(suite, "the ledger's residual catches cash moved outside it", test_ledger_catches_cash_outside_it);
    CU_add_test(suite, "a vintage depreciates and is retired when it no longer pays", test_vintage_depreciates_and_retires);
    CU_add_test(suite, "a late build delays payments and costs the delay penalty", test_late_build_delays_payments);
    CU_add_test(suite, "the compute market clears (known answers)", test_market_clears);
    CU_add_test(suite, "firms' market rentals reach the clouds through the ledger", test_market_rentals_reach_the_clouds);
    CU_add_test(suite, "a defaulted cloud's capacity is sold to the survivors in its region", test_defaulted_capacity_is_sold);
}
