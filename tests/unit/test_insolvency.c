/* test_insolvency.c — known answers, computed by hand in the comments, for the clearing among
 * defaulters with seniority (Eisenberg–Noe), the restructuring of a lab that keeps its users, the
 * sale of a liquidated lab's users to the highest bidder and the remap of the users' state. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/insolvency.h"
#include "aiecon/models/economy/populations/offers.h"
#include "cunit_mpi.h"

enum { A = 0, B = 1, C = 2, SECURED = 0, SENIOR = 1 };
#define OWED(s, i, j) owed[((s) * 3 + (i)) * 3 + (j)]

/* Three parties, two tiers (secured, senior), equity the residual.
 *   own cash:  A 10, B 5, C 20
 *   A owes C 10 secured and B 20 senior; B owes A 10 and C 10, both senior; C owes nothing.
 * Suppose A and B default, A paying its secured debt in full and x of its senior debt, B paying y:
 *   A's income 10 + y/2 (half of B's payments go to A); it pays 10 secured, so x = y/2;
 *   B's income 5 + x, all paid: y = 5 + x = 5 + y/2, so y = 10, x = 5.
 * Check: A's income 15 >= 10 secured, < 30: a default in the senior tier; B's income 10 < 20.
 * C receives 10 (secured from A) + 5 (B's half) = 15: equity 20 + 15 = 35, the whole 35 of cash
 * in the system (A and B are left with nothing).
 * Without seniority (A's 30 all senior, 1/3 to C, 2/3 to B): A pays p = 10 + y/2, B pays
 * y = 5 + 2p/3, so p = 12.5 + p/3, p = 18.75, y = 17.5 — C would get 6.25 + 8.75 = 15 as well but
 * B 12.5 rather than 5: seniority moves the loss. */
static void test_three_party_clearing(void)
{
    double owed[2 * 3 * 3] = {0}, assets[3] = {10, 5, 20}, paid[2 * 3], equity[3];
    OWED(SECURED, A, C) = 10;
    OWED(SENIOR, A, B) = 20;
    OWED(SENIOR, B, A) = 10;
    OWED(SENIOR, B, C) = 10;
    CU_ASSERT_EQUAL_FATAL(insolvency_clear(3, 2, owed, assets, paid, equity, NULL), AIECON_OK);
    CU_ASSERT_DOUBLE_EQUAL(paid[SECURED * 3 + A], 10.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(paid[SENIOR * 3 + A], 5.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(paid[SENIOR * 3 + B], 10.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(paid[SECURED * 3 + B], 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(paid[SENIOR * 3 + C], 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(equity[A], 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(equity[B], 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(equity[C], 35.0, 1e-12);

    /* the same debts in one tier: p = 18.75, y = 17.5 (above); B keeps 5 + 12.5 − 17.5 = 0 */
    double flat[3 * 3] = {0}, paid1[3], equity1[3];
    flat[A * 3 + C] = 10;
    flat[A * 3 + B] = 20;
    flat[B * 3 + A] = 10;
    flat[B * 3 + C] = 10;
    CU_ASSERT_EQUAL_FATAL(insolvency_clear(3, 1, flat, assets, paid1, equity1, NULL), AIECON_OK);
    CU_ASSERT_DOUBLE_EQUAL(paid1[A], 18.75, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(paid1[B], 17.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(equity1[C], 35.0, 1e-12);
}

/* A secured debt that cannot be paid in full: A (cash 4) owes C 10 secured and B 5 senior;
 * B (cash 1) owes A 2 senior. B pays 1 < 2 in full... A's income 4 + 1 = 5 < 10: it pays 5 of its
 * secured debt and nothing senior; B, receiving nothing, pays its 1 to A. C: 5. Solvent parties
 * pay everything: a fourth party D (cash 3) owing C 2 keeps equity 1. */
static void test_secured_first(void)
{
    double owed[2 * 4 * 4] = {0}, assets[4] = {4, 1, 0, 3}, paid[2 * 4], equity[4];
    owed[(0 * 4 + 0) * 4 + 2] = 10;   /* A → C secured */
    owed[(1 * 4 + 0) * 4 + 1] = 5;    /* A → B senior */
    owed[(1 * 4 + 1) * 4 + 0] = 2;    /* B → A senior */
    owed[(1 * 4 + 3) * 4 + 2] = 2;    /* D → C senior */
    CU_ASSERT_EQUAL_FATAL(insolvency_clear(4, 2, owed, assets, paid, equity, NULL), AIECON_OK);
    CU_ASSERT_DOUBLE_EQUAL(paid[0 * 4 + 0], 5.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(paid[1 * 4 + 0], 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(paid[1 * 4 + 1], 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(paid[1 * 4 + 3], 2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(equity[2], 7.0, 1e-12);   /* 5 from A + 2 from D */
    CU_ASSERT_DOUBLE_EQUAL(equity[3], 1.0, 1e-12);
}

static void test_bad_input(void)
{
    double owed[1] = {-1}, assets[1] = {0}, paid[1], equity[1];
    aiecon_error err;
    CU_ASSERT_EQUAL(insolvency_clear(1, 1, owed, assets, paid, equity, &err), AIECON_ERR_INPUT);
    CU_ASSERT_EQUAL(insolvency_clear(0, 1, owed, assets, paid, equity, &err), AIECON_ERR_INPUT);
    CU_ASSERT_EQUAL(insolvency_clear(1, 4, owed, assets, paid, equity, &err), AIECON_ERR_INPUT);
}

/* Two labs and one cloud. Multiple 25, sentiment 1; lab 0's opex 1e9/month. Lab 0 defaults at
 * step 12 with smoothed revenue R0, one contract of 100 MW at
 * 2e6 USD/MW-month at cloud 0 (lease price now 1.5e6, delivery 1, 10 months left); its capacity is
 * 100 MW, its inference demand 30 MW, its training share 0.4, nothing rented:
 *   kept share = min(1, 30 / (1 − 0.4) / 100) = 0.5
 *   renegotiated contract cost = 0.5 × 100 × 1.5e6 = 7.5e7;
 *   going concern = 25 × 12 × (R0 − 1e9 − 7.5e7)
 *   lab 1's bid = min(0.5 × cash1, 0.3 × 25 × 12 × R0) = min(0.5 cash1, 90 R0). */
static void two_labs(scenario *s, economy *e, contract_state *contract, double r0, double cash1)
{
    static scenario_lab rows[3];
    memset(s, 0, sizeof *s);
    memset(rows, 0, sizeof rows);
    s->labs = rows;
    memset(e, 0, sizeof *e);
    memset(contract, 0, sizeof *contract);
    s->lab_count = 2;
    s->cloud_count = 1;
    s->investors.revenue_multiple = 25.0;
    for (unsigned l = 0; l < 2; l++) {
        s->labs[l].training_share = 0.4;
    }
    e->labs = 2;
    e->clouds = 1;
    e->investors.sentiment = 1.0;
    e->lab[0].revenue_smoothed = r0;
    e->lab[0].opex_usd = 1e9;
    e->lab[0].defaulted = 1;
    e->lab[0].default_step = 12;
    e->lab[0].debt = 4e9;
    e->lab[0].users = 1e6;
    e->lab[0].business_users = 1e3;
    e->lab[0].quality = 2.0;
    e->lab[0].capacity_mw = 100.0;
    e->lab[0].demand_mw = 30.0;
    e->lab[1].cash = cash1;
    e->lab[1].quality = 1.5;
    e->lab[1].training_compute = 100.0;
    s->labs[1].quality = 1.5;
    s->labs[1].training_compute = 100.0;
    e->lab[1].default_step = -1;
    e->cloud[0].lease_usd_per_mw_month = 1.5e6;
    e->cloud[0].default_step = -1;
    e->cloud[0].capacity_mw = 1000.0;
    contract->lab = 0;
    contract->cloud = 0;
    contract->mw = 100.0;
    contract->usd_per_mw_month = 2e6;
    contract->signed_step = 0;
    contract->start_step = 3;
    contract->months = 20;       /* steps 3..22: at 13 on, 10 months left */
    contract->ended_step = INT32_MAX;
    e->contracts = contract;
    e->contract_count = 1;
}

/* R0 = 2e9: going concern = 300 × (2e9 − 1.075e9) = 2.775e11 > the bid min(0.5 × 1e11, 1.8e11) = 5e10:
 * restructured. It keeps its users (no transfer), its debt 4e9 becomes equity, the contract is cut
 * to 50 MW at 1.5e6 and the cloud books 10 months × (100 × 2e6 − 50 × 1.5e6) = 1.25e9 of losses. */
static void test_restructuring_keeps_users(void)
{
    static scenario s;
    static economy e;
    contract_state c;
    two_labs(&s, &e, &c, 2e9, 1e11);
    CU_ASSERT_DOUBLE_EQUAL(insolvency_going_concern(&s, &e, 0, 12), 2.775e11, 1e-3);
    insolvency_resolve_labs(&s, &e, 12);
    CU_ASSERT_EQUAL(e.lab[0].defaulted, 0);
    CU_ASSERT_EQUAL(e.lab[0].restructured, 1);
    CU_ASSERT_EQUAL(e.lab[0].sold_to, 0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].debt, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].equity_raised, 4e9, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(c.usd_per_mw_month, 1.5e6, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(c.mw, 50.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.cloud[0].losses, 1.25e9, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].cash, 1e11, 0.0);
    uint8_t transfer[OFFERS_MAX_LABS];
    insolvency_transfers(&e, 13, transfer);
    CU_ASSERT_EQUAL(transfer[0], 0);
    CU_ASSERT_EQUAL(transfer[1], 0);
}

/* As above with a debt of 5e11, above the going concern 2.775e11: the lenders swap their debt for
 * equity worth the going concern (equity at book 2.775e11) and lose the rest, 5e11 − 2.775e11 =
 * 2.225e11 (the old owners' equity at book is 0). */
static void test_restructuring_swaps_what_it_is_worth(void)
{
    static scenario s;
    static economy e;
    contract_state c;
    two_labs(&s, &e, &c, 2e9, 1e11);
    e.lab[0].debt = 5e11;
    insolvency_resolve_labs(&s, &e, 12);
    CU_ASSERT_EQUAL(e.lab[0].restructured, 1);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].equity_book, 2.775e11, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.investors.realised_losses, 2.225e11, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].debt, 0.0, 0.0);
}

/* R0 = 1e9: going concern 0 (1e9 < 1.075e9 of costs); lab 1 bids min(0.5 × 1e11, 90 × 1e9) = 5e10
 * > 0: liquidated and sold to lab 1, which pays 5e10 to the investors (lab 0's lenders), takes the
 * better model (quality 2, as training compute) and its 1e6 users + 1e3 firms; from step 13 state bytes of provider 1
 * (lab 0) become provider 2 (lab 1), paid bit kept, others untouched. A second survivor bidding
 * less (cash 6e10: 3e10) loses. */
static void test_liquidation_sells_users(void)
{
    static scenario s;
    static economy e;
    contract_state c;
    two_labs(&s, &e, &c, 1e9, 1e11);
    s.lab_count = e.labs = 3;
    s.labs[2] = s.labs[1];
    e.lab[2] = e.lab[1];
    e.lab[2].cash = 6e10;
    CU_ASSERT_DOUBLE_EQUAL(insolvency_going_concern(&s, &e, 0, 12), 0.0, 0.0);
    double bid = 0.0;
    CU_ASSERT_EQUAL(insolvency_best_bidder(&s, &e, 0, &bid), 1);
    CU_ASSERT_DOUBLE_EQUAL(bid, 5e10, 0.0);
    insolvency_resolve_labs(&s, &e, 12);
    CU_ASSERT_EQUAL(e.lab[0].defaulted, 1);
    CU_ASSERT_EQUAL(e.lab[0].sold_to, 2);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].cash, 5e10, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.book.flow[SECTOR_LABS][SECTOR_INVESTORS], 5e10, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].quality, 2.0, 0.0);
    /* the model as compute: 1.5 + log10(c / 100) = 2, c = 100 × 10^0.5 = 316.2277660168 */
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].training_compute, 316.2277660168, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[1].users_acquired, 1e6 + 1e3, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[2].cash, 6e10, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(c.usd_per_mw_month, 2e6, 0.0);   /* no renegotiation: the contract ends */

    offers o;
    memset(&o, 0, sizeof o);
    o.labs = 3;
    insolvency_transfers(&e, 13, o.transfer);
    CU_ASSERT_EQUAL(o.transfer[0], 2);
    CU_ASSERT_EQUAL(o.transfer[1], 0);
    uint8_t state[5] = {0, 1, 1 | OFFERS_PAID_BIT, 2, 3 | OFFERS_PAID_BIT};
    offers_remap(&o, state, 5);
    CU_ASSERT_EQUAL(state[0], 0);
    CU_ASSERT_EQUAL(state[1], 2);
    CU_ASSERT_EQUAL(state[2], 2 | OFFERS_PAID_BIT);
    CU_ASSERT_EQUAL(state[3], 2);
    CU_ASSERT_EQUAL(state[4], 3 | OFFERS_PAID_BIT);
    /* only in the step after the sale */
    insolvency_transfers(&e, 14, o.transfer);
    CU_ASSERT_EQUAL(o.transfer[0], 0);
}

/* Markets: the seller (lab 0) sells in regions us and china (two market rows), lab 1 only in
 * china, lab 2 everywhere (no markets listed). Lab 1 is richer (cash 1e11: it would bid 5e10) but
 * may not sell in us, so it bids 0; lab 2 (cash 6e10) bids min(3e10, 90 × 1e9) = 3e10 and buys.
 * With lab 1 selling in us and china too, it bids again (5e10) and wins. */
static void test_bidder_must_sell_where_the_users_are(void)
{
    static scenario s;
    static economy e;
    static scenario_region regions[2];
    static scenario_market seller_markets[2], china_only[1];
    contract_state c;
    two_labs(&s, &e, &c, 1e9, 1e11);
    s.lab_count = e.labs = 3;
    s.labs[2] = s.labs[1];
    e.lab[2] = e.lab[1];
    e.lab[2].cash = 6e10;
    memset(regions, 0, sizeof regions);
    regions[0].name = "us";
    regions[1].name = "china";
    s.regions = regions;
    s.region_count = 2;
    seller_markets[0].region = "us";
    seller_markets[1].region = "china";
    china_only[0].region = "china";
    s.labs[0].markets = seller_markets;
    s.labs[0].market_count = 2;
    s.labs[1].markets = china_only;
    s.labs[1].market_count = 1;
    CU_ASSERT_DOUBLE_EQUAL(insolvency_bid(&s, &e, 1, 0), 0.0, 0.0);
    double bid = 0.0;
    CU_ASSERT_EQUAL(insolvency_best_bidder(&s, &e, 0, &bid), 2);
    CU_ASSERT_DOUBLE_EQUAL(bid, 3e10, 0.0);
    s.labs[1].markets = seller_markets;
    s.labs[1].market_count = 2;
    CU_ASSERT_EQUAL(insolvency_best_bidder(&s, &e, 0, &bid), 1);
    CU_ASSERT_DOUBLE_EQUAL(bid, 5e10, 0.0);
}

/* No survivor with cash: no bid, the lab is closed (its users choose again). */
static void test_no_bidder_closes(void)
{
    static scenario s;
    static economy e;
    contract_state c;
    two_labs(&s, &e, &c, 1e9, 0.0);
    insolvency_resolve_labs(&s, &e, 12);
    CU_ASSERT_EQUAL(e.lab[0].defaulted, 1);
    CU_ASSERT_EQUAL(e.lab[0].sold_to, 0);
    uint8_t transfer[OFFERS_MAX_LABS];
    insolvency_transfers(&e, 13, transfer);
    CU_ASSERT_EQUAL(transfer[0], 0);
}

/* A chipmaker with 10 USD owes 40 of production cost: it pays 10 / 40 = 0.25 of it (10), ends at 0
 * and defaults in step 7; a second shortfall in step 9 keeps the first date. With 50 it pays 40 in
 * full and keeps 10. */
static void test_chipmaker_default(void)
{
    static economy e;
    memset(&e, 0, sizeof e);
    e.chipmakers = 1;
    e.chip[0].default_step = -1;
    e.chip[0].cash = 10.0;
    e.chip[0].production_cost = 40.0;
    insolvency_chipmaker_pays(&e, 0, 7);
    CU_ASSERT_DOUBLE_EQUAL(e.chip[0].cash, 0.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e.book.flow[SECTOR_CHIPMAKERS][SECTOR_REST_OF_WORLD], 10.0, 0.0);
    CU_ASSERT_EQUAL(e.chip[0].defaulted, 1);
    CU_ASSERT_EQUAL(e.chip[0].default_step, 7);
    e.chip[0].cash = 5.0;
    insolvency_chipmaker_pays(&e, 0, 9);
    CU_ASSERT_EQUAL(e.chip[0].default_step, 7);
    memset(&e, 0, sizeof e);
    e.chipmakers = 1;
    e.chip[0].default_step = -1;
    e.chip[0].cash = 50.0;
    e.chip[0].production_cost = 40.0;
    insolvency_chipmaker_pays(&e, 0, 7);
    CU_ASSERT_DOUBLE_EQUAL(e.chip[0].cash, 10.0, 0.0);
    CU_ASSERT_EQUAL(e.chip[0].defaulted, 0);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("insolvency", NULL, NULL);
    CU_add_test(suite, "Eisenberg-Noe, three parties, secured before senior (by hand)", test_three_party_clearing);
    CU_add_test(suite, "a secured debt paid in part, nothing senior", test_secured_first);
    CU_add_test(suite, "negative debts and sizes out of range refused", test_bad_input);
    CU_add_test(suite, "a restructuring keeps the users, debt becomes equity", test_restructuring_keeps_users);
    CU_add_test(suite, "a restructuring swaps the debt for equity worth the going concern, the rest lost",
                test_restructuring_swaps_what_it_is_worth);
    CU_add_test(suite, "a liquidation sells the users to the highest bidder", test_liquidation_sells_users);
    CU_add_test(suite, "a survivor that may not sell where the users are does not bid",
                test_bidder_must_sell_where_the_users_are);
    CU_add_test(suite, "no bidder: the lab closes", test_no_bidder_closes);
    CU_add_test(suite, "a chipmaker short of its production cost pays pro rata and defaults", test_chipmaker_default);
}
