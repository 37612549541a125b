/* test_pricing.c — known answers for labs that set prices (players/pricing.c, docs/ODD.md 3.3.11):
 * the logit Bertrand–Nash price from its first-order condition p − c = 1 / (α (1 − s))
 * (Anderson, de Palma & Thisse 1992, ch. 7), the monopoly's Lerner rule p = c ε / (ε − 1) under a
 * constant elasticity, the cartel (conduct 1) and the price war (conduct < 0) on either side of
 * Nash, and the prices a lab charges (list path × ratio × distress factor). Markets are filled by
 * hand; every expected value is worked out in the comment above its assertion or checked against
 * the first-order condition evaluated here with its own logit, never with the code under test.
 * Cost: well under a second. */
#include <math.h>
#include <string.h>

#include "aiecon/models/economy/players/pricing.h"
#include "cunit_mpi.h"

/* Two labs, one segment of 1000 people with a budget of 10 USD, price weight 1 (α = 0.1 / USD),
 * everyone pays (paid_base 1, elasticity 0), serving a payer costs 5 USD; no outside option unless
 * `outside` is finite. */
static void two_labs(pricing_consumers *m, double base0, double base1, double outside)
{
    memset(m, 0, sizeof *m);
    m->labs = 2;
    m->segments = 1;
    m->price_weight = 1.0;
    m->paid_base = 1.0;
    m->paid_elasticity = 0.0;
    m->base[0] = base0;
    m->base[1] = base1;
    m->cost_paid[0] = m->cost_paid[1] = 5.0;
    m->people[0] = 1000.0;
    m->budget[0] = 10.0;
    m->outside[0] = outside;
    m->sells[0][0] = m->sells[0][1] = 1;
}

static const int standing[2] = {1, 1}, moves[2] = {1, 1};

static void solve(const pricing_consumers *m, double *price, double conduct)
{
    double c[2] = {conduct, conduct}, low[2] = {1.0, 1.0}, high[2] = {200.0, 200.0};
    pricing_iterate(pricing_consumer_profits, m, price, standing, moves, 2, c, low, high, 40);
}

/* Lab l's logit share at prices p, computed here (not with choice.c): exp(b_l − 0.1 p_l) / Σ. */
static double share(const pricing_consumers *m, const double *p, unsigned l)
{
    double w0 = exp(m->base[0] - 0.1 * p[0]), w1 = exp(m->base[1] - 0.1 * p[1]);
    double wo = isfinite(m->outside[0]) ? exp(m->outside[0]) : 0.0;
    return (l == 0 ? w0 : w1) / (w0 + w1 + wo);
}

/* Symmetric labs without an outside option: s = 1/2, so p − 5 = 1 / (0.1 × 0.5) = 20: p = 25.
 * From any start (15 and 40 here) the iterated best responses reach 25; lab 0's best response to
 * a rival at 25 is 25 (the Nash property). */
static void test_symmetric_nash(void)
{
    pricing_consumers m;
    two_labs(&m, 0.0, 0.0, -INFINITY);
    double p[2] = {15.0, 40.0};
    solve(&m, p, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(p[0], 25.0, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(p[1], 25.0, 1e-4);
    double q[2] = {60.0, 25.0};
    CU_ASSERT_DOUBLE_EQUAL(pricing_best_response(pricing_consumer_profits, &m, q, 0, standing, 2, 0.0, 1.0, 200.0),
                           25.0, 1e-5);
    CU_ASSERT_DOUBLE_EQUAL(q[0], 60.0, 0.0);   /* the price vector is left as it was */
}

/* A better lab (utility 1 more) and an outside option of utility 0: no closed form, but at the
 * Nash point each lab's first-order condition p_l − 5 = 1 / (0.1 (1 − s_l)) must hold with s_l
 * from the logit computed here; the better lab charges more. */
static void test_asymmetric_foc(void)
{
    pricing_consumers m;
    two_labs(&m, 3.0, 2.0, 0.0);
    double p[2] = {20.0, 20.0};
    solve(&m, p, 0.0);
    for (unsigned l = 0; l < 2; l++) {
        CU_ASSERT_DOUBLE_EQUAL(p[l] - 5.0, 1.0 / (0.1 * (1.0 - share(&m, p, l))), 1e-3);
    }
    CU_ASSERT(p[0] > p[1]);
}

/* Conduct: with the outside option (utility 0, bases 2), joint profit (conduct 1) is the
 * multi-product monopoly's, whose condition for symmetric prices is p − 5 = 1 / (0.1 (1 − S)),
 * S = s_0 + s_1 the inside share; it lies above Nash, and a price war (conduct −0.5) below it. */
static void test_conduct(void)
{
    pricing_consumers m;
    two_labs(&m, 2.0, 2.0, 0.0);
    double nash[2] = {20.0, 20.0}, cartel[2] = {20.0, 20.0}, war[2] = {20.0, 20.0};
    solve(&m, nash, 0.0);
    solve(&m, cartel, 1.0);
    solve(&m, war, -0.5);
    double inside = share(&m, cartel, 0) + share(&m, cartel, 1);
    CU_ASSERT_DOUBLE_EQUAL(cartel[0] - 5.0, 1.0 / (0.1 * (1.0 - inside)), 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(cartel[0], cartel[1], 1e-4);
    CU_ASSERT(cartel[0] > nash[0] + 1.0);
    CU_ASSERT(war[0] < nash[0] - 1.0);
    CU_ASSERT(war[0] > 5.0);   /* still above cost */
    /* without an outside option the cartel's joint profit rises with both prices: the ceiling */
    two_labs(&m, 0.0, 0.0, -INFINITY);
    double top[2] = {20.0, 20.0};
    solve(&m, top, 1.0);
    CU_ASSERT_DOUBLE_EQUAL(top[0], 200.0, 1e-6);
}

/* Paid share below 1: one lab alone (no outside option, so it keeps every user), paid share
 * 0.06 × (10 / p)^1.2, serving a payer costs 5: profit ∝ p^−1.2 (p − 5), maximal at
 * p = 5 × 1.2 / 0.2 = 30 (the Lerner rule of the paid-share elasticity). */
static void test_paid_share_lerner(void)
{
    pricing_consumers m;
    two_labs(&m, 0.0, 0.0, -INFINITY);
    m.labs = 1;
    m.paid_base = 0.06;
    m.paid_elasticity = 1.2;
    double p[1] = {20.0};
    int one[1] = {1};
    CU_ASSERT_DOUBLE_EQUAL(pricing_best_response(pricing_consumer_profits, &m, p, 0, one, 1, 0.0, 1.0, 200.0),
                           30.0, 1e-4);
}

/* Two income classes of 1000 people, budgets 10 and 100, paid share min(1, (budget / p)^1.2), a
 * payer costs 5, one lab (every user keeps it). Below 100 the rich all pay and the profit's slope is
 * 1000 × ((10/p)^1.2 (1 − 1.2 (p − 5)/p) + 1) > 0 (the first term is above −0.02 there); above
 * 100 both paid shares fall with elasticity 1.2 at a price far above the Lerner 30, so the profit
 * falls: the best price is the rich class's budget, 100 (a paid share blind to the budgets would
 * give the Lerner 30). */
static void test_paid_share_budgets(void)
{
    pricing_consumers m;
    two_labs(&m, 0.0, 0.0, -INFINITY);
    m.labs = 1;
    m.segments = 2;
    m.paid_elasticity = 1.2;
    m.people[1] = 1000.0;
    m.budget[1] = 100.0;
    m.outside[1] = -INFINITY;
    m.sells[1][0] = 1;
    double p[1] = {20.0};
    int one[1] = {1};
    CU_ASSERT_DOUBLE_EQUAL(pricing_best_response(pricing_consumer_profits, &m, p, 0, one, 1, 0.0, 1.0, 200.0),
                           100.0, 1e-3);
}

/* Firms: one lab, no open weights, use (price / 1)^−2, tokens 1, cost 3 USD/Mtok: its share is 1
 * at any price, profit ∝ a^−2 (a − 3), maximal at a = 3 × 2 / (2 − 1) = 6. */
static void test_api_lerner(void)
{
    pricing_firms m;
    memset(&m, 0, sizeof m);
    m.labs = 1;
    m.segments = 1;
    m.price_weight = 1.0;
    m.use_elasticity = 2.0;
    m.cost[0] = 3.0;
    m.reference[0] = 1.0;
    m.outside_base = -INFINITY;
    m.firms[0] = 100.0;
    m.tokens[0] = 1.0;
    m.sells[0][0] = 1;
    double a[1] = {1.0};
    int one[1] = {1};
    CU_ASSERT_DOUBLE_EQUAL(pricing_best_response(pricing_firm_profits, &m, a, 0, one, 1, 0.0, 0.5, 50.0), 6.0, 1e-4);
    /* the profit itself: 100 firms × 1 × 6^−2 × (6 − 3) = 8.3333 USD */
    double profit[1];
    a[0] = 6.0;
    pricing_firm_profits(&m, a, profit);
    CU_ASSERT_DOUBLE_EQUAL(profit[0], 100.0 * 3.0 / 36.0, 1e-9);
}

/* What a lab charges: subscription 20 × ratio 0.8 × distress factor 1.5 = 24 USD; API list 8
 * falling 50 %/year, at step 12: 4, × ratio 1.25 × 1.5 = 7.5 USD/Mtok. */
static void test_apply(void)
{
    scenario s;
    memset(&s, 0, sizeof s);
    scenario_lab lab;
    memset(&lab, 0, sizeof lab);
    lab.subscription_usd = 20.0;
    lab.api_usd_per_mtok = 8.0;
    lab.api_price_decline = 0.5;
    s.labs = &lab;
    s.lab_count = 1;
    static economy e;
    memset(&e, 0, sizeof e);
    e.labs = 1;
    e.lab[0].subscription_ratio = 0.8;
    e.lab[0].api_ratio = 1.25;
    e.lab[0].price_factor = 1.5;
    pricing_apply(&s, &e, 0, 12);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].subscription_usd, 24.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(e.lab[0].api_usd_per_mtok, 7.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(pricing_api_list(&lab, 24), 2.0, 1e-12);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("known answers: pricing", NULL, NULL);
    CU_add_test(suite, "symmetric logit Bertrand-Nash: p - c = 1 / (alpha (1 - s)) = 20", test_symmetric_nash);
    CU_add_test(suite, "asymmetric labs with an outside option: each first-order condition holds", test_asymmetric_foc);
    CU_add_test(suite, "conduct: cartel above Nash (monopoly condition), price war below", test_conduct);
    CU_add_test(suite, "paid share: the Lerner rule of its elasticity", test_paid_share_lerner);
    CU_add_test(suite, "paid shares by income class: the rich class's budget is the best price", test_paid_share_budgets);
    CU_add_test(suite, "API: a monopoly's Lerner rule under constant elasticity", test_api_lerner);
    CU_add_test(suite, "prices charged: list path x ratio x distress factor", test_apply);
}
