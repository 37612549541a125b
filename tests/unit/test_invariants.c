/* test_invariants.c — the invariant checker (players/invariants.h) on inputs/tiny.yaml: a fresh
 * and a stepped economy pass; each kind of breach (NaN state, negative stock, share above 1, an
 * accounting residual above 1 USD) is caught, and the message names the step, player and field. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/invariants.h"
#include "cunit_mpi.h"
#include "fixtures.h"

/* tiny.yaml's economy after three steps without users (a real state, defaults and all). */
static scenario *stepped_tiny(economy *e)
{
    aiecon_error err;
    scenario *s = fixtures_load_tiny();
    if (s == NULL) return NULL;
    if (economy_create(s, e, &err) != AIECON_OK) {
        scenario_free(s);
        return NULL;
    }
    economy_tally nobody;
    memset(&nobody, 0, sizeof nobody);
    for (uint32_t t = 1; t <= 3; t++) economy_step(s, e, t, &nobody);
    return s;
}

static void test_good_economy_passes(void)
{
    economy e;
    scenario *s = stepped_tiny(&e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    aiecon_error err = {""};
    CU_ASSERT(invariants_check_economy(s, &e, 3, &err) == AIECON_OK);
    economy_free(&e);
    scenario_free(s);
}

/* Spoil one value of e through `spoil`, expect a breach whose message contains `expect`, restore. */
static void expect_breach(const scenario *s, const economy *e, double *spoil, double bad, const char *expect)
{
    double keep = *spoil;
    *spoil = bad;
    aiecon_error err = {""};
    CU_ASSERT(invariants_check_economy(s, e, 3, &err) == AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, expect));
    if (strstr(err.message, expect) == NULL) fprintf(stderr, "got: %s\n", err.message);
    *spoil = keep;
}

static void test_breaches_are_caught(void)
{
    economy e;
    scenario *s = stepped_tiny(&e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    expect_breach(s, &e, &e.lab[1].cash, NAN, "after step 3: lab ");
    expect_breach(s, &e, &e.cloud[0].capacity_mw, -5.0, "capacity_mw = -5 (a stock that cannot be negative)");
    expect_breach(s, &e, &e.lab[0].served_share, 1.25, "served_share = 1.25 (a share must be in [0, 1])");
    expect_breach(s, &e, &e.accounting_residual, 2.0, "accounting_residual = 2 (the accounting must close");
    expect_breach(s, &e, &e.chip[0].backlog_by_cloud[1], INFINITY, "backlog_by_cloud");
    expect_breach(s, &e, &e.investors.spread, -INFINITY, "the investors: spread");
    expect_breach(s, &e, &e.grid[0].load_mw, -1.0, "grid ");
    /* cash outside the ledger: the stock-flow check names the account and the gap (accounts.c) */
    expect_breach(s, &e, &e.cloud[0].cash, e.cloud[0].cash + 1000.0, "stock-flow: cloud:hyperscaler_us cash changed by");
    expect_breach(s, &e, &e.lab[0].debt, e.lab[0].debt + 1000.0, "stock-flow: lab:frontier_a loans");
    aiecon_error err = {""};
    CU_ASSERT(invariants_check_economy(s, &e, 3, &err) == AIECON_OK); /* all restored */
    economy_free(&e);
    scenario_free(s);
}

static void test_share_and_finite_helpers(void)
{
    aiecon_error err = {""};
    CU_ASSERT(invariants_check_share(0.0, "x", "y", 1, &err) == AIECON_OK);
    CU_ASSERT(invariants_check_share(1.0, "x", "y", 1, &err) == AIECON_OK);
    CU_ASSERT(invariants_check_share(NAN, "x", "y", 1, &err) == AIECON_ERR_RUNTIME);
    CU_ASSERT(invariants_check_share(-1e-300, "x", "y", 1, &err) == AIECON_ERR_RUNTIME);
    CU_ASSERT(invariants_check_finite(1e308, "x", "y", 1, &err) == AIECON_OK);
    CU_ASSERT(invariants_check_finite(INFINITY, "x", "region us", 7, &err) == AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "after step 7: region us: x = inf"));
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("invariants", NULL, NULL);
    CU_add_test(suite, "a stepped economy passes", test_good_economy_passes);
    CU_add_test(suite, "NaN, negative stocks, shares and residuals are caught", test_breaches_are_caught);
    CU_add_test(suite, "the share and finite checks", test_share_and_finite_helpers);
}
