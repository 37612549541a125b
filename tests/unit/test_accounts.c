/* test_accounts.c — the stock-flow matrices (accounts.c) on a hand-made step of three sectors: a
 * lab, a cloud and the investors (issue 14, part 1). The expected balance sheets, flows and
 * revaluations are worked out by hand in the comment above each test; nothing expected is computed
 * by the code under test. Then the check must fail, naming the cell, when cash moves outside the
 * ledger or a write-off is recorded on one side only. Set-up: inputs/tiny.yaml's names (2 labs, 2
 * clouds, 2 chipmakers: accounts 0 households, 1 businesses, 2–3 labs, 4–5 clouds, 6–7 chipmakers,
 * 8 investors, 9 grids, 10 rest of world) on an economy that is all zeros but for the numbers each
 * test sets. Cost: milliseconds. */
#include <stdlib.h>
#include <string.h>

#include "aiecon/io/scenario.h"
#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/finance.h"
#include "cunit_mpi.h"
#include "fixtures.h"

enum { LAB = 2, CLOUD = 4, INVESTORS = 8 };

/* The opening: lab cash 100, equity at book 50, no debt; cloud cash 200, debt 300, capital 500
 * (one vintage at book); investors' cash 1000; every other stock 0. */
static economy *opening(const scenario *s)
{
    economy *e = calloc(1, sizeof *e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    e->labs = s->lab_count;
    e->clouds = s->cloud_count;
    e->chipmakers = s->chipmaker_count;
    e->lab[0].cash = 100.0;
    e->lab[0].equity_book = 50.0;
    e->cloud[0].cash = 200.0;
    e->cloud[0].debt = 300.0;
    e->cloud[0].vintage[0].book_usd = 500.0;
    e->book.outside_cash[SECTOR_INVESTORS] = 1000.0;
    finance_open_book(e);
    return e;
}

/* The step: (1) a payment, the lab pays the cloud 40 for its contract; (2) a loan, the investors
 * lend the lab 70; (3) a write-off, the cloud defaults and its 300 of debt are written off, and
 * (4) its capital depreciates by 25. */
static void the_step(economy *e)
{
    finance_pay_for(e, FLOW_CONTRACTS, SECTOR_LABS, &e->lab[0].cash, SECTOR_CLOUDS, &e->cloud[0].cash, 40.0);
    finance_pay_for(e, FLOW_BORROWING, SECTOR_INVESTORS, NULL, SECTOR_LABS, &e->lab[0].cash, 70.0);
    e->lab[0].debt += 70.0;
    accounts_claim_change(e, accounts_of(e, SECTOR_CLOUDS, 0), INSTRUMENT_LOANS, -300.0);
    e->cloud[0].debt = 0.0;
    accounts_revalue(e, accounts_of(e, SECTOR_CLOUDS, 0), INSTRUMENT_CAPITAL, -25.0);
    e->cloud[0].vintage[0].book_usd -= 25.0;
}

/* Accounts: labs from 2, clouds after the 2 labs, investors after the 2 chipmakers; names. */
static void test_accounts_index_and_names(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy *e = opening(s);
    CU_ASSERT_EQUAL(accounts_count(e), 11u);
    CU_ASSERT_EQUAL(accounts_of(e, SECTOR_LABS, 0), LAB);
    CU_ASSERT_EQUAL(accounts_of(e, SECTOR_CLOUDS, 0), CLOUD);
    CU_ASSERT_EQUAL(accounts_of(e, SECTOR_INVESTORS, 0), INVESTORS);
    CU_ASSERT_EQUAL(accounts_find(e, SECTOR_CLOUDS, &e->cloud[1].cash), 5u);
    CU_ASSERT_EQUAL(accounts_find(e, SECTOR_CHIPMAKERS, &e->chip[1].cash), 7u);
    CU_ASSERT_EQUAL(accounts_find(e, SECTOR_REST_OF_WORLD, NULL), 10u);
    char name[32];
    accounts_name(s, 4, name, sizeof name);
    CU_ASSERT_STRING_EQUAL(name, "cloud:hyperscaler_us");
    accounts_name(s, 10, name, sizeof name);
    CU_ASSERT_STRING_EQUAL(name, "rest_of_world");
    CU_ASSERT_STRING_EQUAL(accounts_flow_name(ACCOUNTS_FLOW_ROWS - 1), "change_in_cash");
    free(e);
    scenario_free(s);
}

/* By hand. Transactions (received +, paid −): lab contracts −40, new debt +70; cloud contracts +40;
 * investors new debt −70. Cash after: lab 100 − 40 + 70 = 130, cloud 240, investors 930; change in
 * cash rows −30, −40, +70. Columns: lab −40 + 70 − 30 = 0; cloud 40 − 40 = 0; investors −70 + 70 = 0.
 * Rows: contracts −40 + 40, new debt 70 − 70, change in cash −30 − 40 + 70, all 0.
 * Balance sheets after: lab cash 130, loans −70, equity −50, net worth 10; cloud cash 240, loans 0,
 * capital 475, net worth 715; investors cash 930, loans 70 (the lab's debt), equity 50, net worth
 * 1050 (1350 before: the write-off of 300). Revaluations: cloud loans +300, capital −25; investors
 * loans −300. */
static void test_three_sectors_by_hand(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy *e = opening(s);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, INVESTORS, INSTRUMENT_NET_WORTH), 1350.0, 1e-9);
    the_step(e);
    const unsigned cash_row = ACCOUNTS_FLOW_ROWS - 1;
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, LAB, FLOW_CONTRACTS), -40.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, LAB, FLOW_BORROWING), 70.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, LAB, cash_row), -30.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, CLOUD, FLOW_CONTRACTS), 40.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, CLOUD, cash_row), -40.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, INVESTORS, FLOW_BORROWING), -70.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, INVESTORS, cash_row), 70.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_CASH), 130.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_LOANS), -70.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_EQUITY), -50.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, LAB, INSTRUMENT_NET_WORTH), 10.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, CLOUD, INSTRUMENT_CAPITAL), 475.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, CLOUD, INSTRUMENT_NET_WORTH), 715.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, INVESTORS, INSTRUMENT_CASH), 930.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, INVESTORS, INSTRUMENT_LOANS), 70.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, INVESTORS, INSTRUMENT_EQUITY), 50.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_stock(e, INVESTORS, INSTRUMENT_NET_WORTH), 1050.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e->book.revalued[CLOUD][INSTRUMENT_LOANS], 300.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e->book.revalued[CLOUD][INSTRUMENT_CAPITAL], -25.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(e->book.revalued[INVESTORS][INSTRUMENT_LOANS], -300.0, 1e-9);
    /* the identities: the lab's loans moved −70 = −(new debt 70); the cloud's +300 = its write-off */
    CU_ASSERT_DOUBLE_EQUAL(accounts_expected_change(e, LAB, INSTRUMENT_LOANS), -70.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(accounts_expected_change(e, CLOUD, INSTRUMENT_NET_WORTH), 40.0 + 300.0 - 25.0, 1e-9);
    aiecon_error err;
    CU_ASSERT_EQUAL(accounts_check(s, e, 1, &err), AIECON_OK);
    free(e);
    scenario_free(s);
}

/* Mutation: 5 USD of cash from nowhere in the lab (outside the ledger) must break its cash cell,
 * named, with the gap; so must 100 USD more written off on the borrower's side than its debt fell
 * (booked on one side only), and capital lost without a revaluation. */
static void test_check_names_the_broken_cell(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy *e = opening(s);
    the_step(e);
    e->lab[0].cash += 5.0;
    aiecon_error err;
    CU_ASSERT_EQUAL(accounts_check(s, e, 7, &err), AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "step 7"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "lab:frontier_a cash"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "gap 5 USD"));
    free(e);

    e = opening(s);
    the_step(e);
    accounts_revalue(e, CLOUD, INSTRUMENT_LOANS, 100.0);   /* 100 more written off, on one side only */
    e->cloud[0].debt = 0.0;
    CU_ASSERT_EQUAL(accounts_check(s, e, 3, &err), AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "cloud:hyperscaler_us loans"));
    free(e);

    e = opening(s);
    the_step(e);
    e->cloud[0].vintage[0].book_usd -= 1000.0;   /* capital lost without a revaluation */
    CU_ASSERT_EQUAL(accounts_check(s, e, 3, &err), AIECON_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "cloud:hyperscaler_us capital"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "gap -1e+03 USD"));
    free(e);
    scenario_free(s);
}

/* One payment for two purposes: 12 USD of debt service, 2 of them interest. By hand: the lab's
 * interest −2, repayment −10; the investors' +2 and +10; the rows sum to zero. */
static void test_debt_service_split(void)
{
    scenario *s = fixtures_load_tiny();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    economy *e = opening(s);
    finance_pay_for(e, FLOW_INTEREST, SECTOR_LABS, &e->lab[0].cash, SECTOR_INVESTORS, NULL, 12.0);
    accounts_reclassify(e, FLOW_INTEREST, FLOW_REPAYMENT, LAB, INVESTORS, 10.0);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, LAB, FLOW_INTEREST), -2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, LAB, FLOW_REPAYMENT), -10.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, INVESTORS, FLOW_INTEREST), 2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(accounts_flow(e, INVESTORS, FLOW_REPAYMENT), 10.0, 1e-12);
    free(e);
    scenario_free(s);
}

void aiecon_test_register(void)
{
    CU_pSuite suite = CU_add_suite("accounts: balance sheets and the transactions-flow matrix", NULL, NULL);
    CU_add_test(suite, "accounts are indexed and named", test_accounts_index_and_names);
    CU_add_test(suite, "a payment, a loan, a write-off: the matrices by hand", test_three_sectors_by_hand);
    CU_add_test(suite, "cash outside the ledger, a one-sided write-off: the cell is named", test_check_names_the_broken_cell);
    CU_add_test(suite, "debt service: one payment, interest and repayment", test_debt_service_split);
}
