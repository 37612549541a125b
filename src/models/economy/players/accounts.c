/* accounts.c — balance sheets, transactions-flow and revaluation matrices (see accounts.h).
 *
 * What: the balance sheet is read from the players' state whenever asked (accounts_stock), so it
 * cannot drift from it; the step's flows and other changes are recorded where they happen (the
 * ledger's `paid` and `revalued`), and the check compares the two. Why both: the flows alone always
 * balance (double entry), and the stocks alone say nothing; only their comparison catches money or a
 * claim that appears or vanishes outside the ledger. Signs: a balance sheet holds assets positive
 * and liabilities negative (Godley and Lavoie's convention); `paid` is received − paid, so a
 * borrower's loans change by −(new debt + repayment) and an investor's by the same formula.
 * Cost: O(accounts × (flows + instruments)) a step for the check, O(1) a payment. */
#include "aiecon/models/economy/players/accounts.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "aiecon/models/economy/players/deals.h"

static const char *const instrument_names[INSTRUMENT_COUNT] = {"cash", "loans", "equity", "capital", "other",
                                                               "net_worth"};
static const char *const flow_names[ACCOUNTS_FLOW_ROWS] = {
    "subscriptions", "api", "compute_contracts", "compute_rentals", "other_cloud_revenue", "delay_penalties",
    "opex", "chips", "construction", "energy", "production_cost", "interest", "acquisitions", "other_payments",
    "new_debt", "repayment", "equity_issued", "credits_redeemed", "change_in_cash"};

/* The tolerance of the identities: one dollar, or 1e-12 of the terms where that is larger (a double
 * holds about 16 digits; a stock of 1e15 USD after tens of additions cannot close to 1 USD). */
static const double GAP_USD = 1.0;
static const double GAP_SHARE = 1e-12;

unsigned accounts_count(const economy *e) { return 5u + e->labs + e->clouds + e->chipmakers; }

unsigned accounts_of(const economy *e, sector s, unsigned entity)
{
    switch (s) {
    case SECTOR_HOUSEHOLDS: return 0;
    case SECTOR_BUSINESSES: return 1;
    case SECTOR_LABS: return 2 + entity;
    case SECTOR_CLOUDS: return 2 + e->labs + entity;
    case SECTOR_CHIPMAKERS: return 2 + e->labs + e->clouds + entity;
    case SECTOR_INVESTORS: return 2 + e->labs + e->clouds + e->chipmakers;
    case SECTOR_GRIDS: return 3 + e->labs + e->clouds + e->chipmakers;
    default: return 4 + e->labs + e->clouds + e->chipmakers;
    }
}

/* The index of the entity whose field at `offset` is *p in an array of n structs of `size` bytes
 * from base, or n when *p is none of them. */
static unsigned entity_at(const void *base, size_t size, size_t offset, unsigned n, const double *p)
{
    uintptr_t first = (uintptr_t)base + offset, at = (uintptr_t)p;
    if (at < first || (at - first) % size != 0 || (at - first) / size >= n) return n;
    return (unsigned)((at - first) / size);
}

unsigned accounts_find(const economy *e, sector s, const double *cash)
{
    unsigned i = 0;
    if (cash == NULL) return accounts_of(e, s, 0);
    switch (s) {
    case SECTOR_LABS: i = entity_at(e->lab, sizeof e->lab[0], offsetof(lab_state, cash), e->labs, cash); break;
    case SECTOR_CLOUDS:
        i = entity_at(e->cloud, sizeof e->cloud[0], offsetof(cloud_state, cash), e->clouds, cash);
        break;
    case SECTOR_CHIPMAKERS:
        i = entity_at(e->chip, sizeof e->chip[0], offsetof(chip_state, cash), e->chipmakers, cash);
        break;
    default: break;
    }
    return accounts_of(e, s, i);   /* an unknown pointer lands on the next sector: the check finds it */
}

const char *accounts_instrument_name(unsigned i) { return i < INSTRUMENT_COUNT ? instrument_names[i] : "?"; }
const char *accounts_flow_name(unsigned f) { return f < ACCOUNTS_FLOW_ROWS ? flow_names[f] : "?"; }

void accounts_name(const scenario *s, unsigned a, char *name, size_t size)
{
    unsigned labs = s->lab_count, clouds = s->cloud_count, chips = s->chipmaker_count;
    static const char *const outside[] = {"households", "businesses", "investors", "grids", "rest_of_world"};
    if (a < 2) snprintf(name, size, "%s", outside[a]);
    else if (a < 2 + labs) snprintf(name, size, "lab:%s", s->labs[a - 2].name);
    else if (a < 2 + labs + clouds) snprintf(name, size, "cloud:%s", s->clouds[a - 2 - labs].name);
    else if (a < 2 + labs + clouds + chips) snprintf(name, size, "chipmaker:%s", s->chipmakers[a - 2 - labs - clouds].name);
    else snprintf(name, size, "%s", outside[a - labs - clouds - chips < 5 ? a - labs - clouds - chips : 4]);
}

/* The investors' claims on the labs and clouds: debt (i = loans) or equity at book. */
static double claims(const economy *e, unsigned i)
{
    double sum = 0.0;
    for (unsigned l = 0; l < e->labs; l++) sum += i == INSTRUMENT_LOANS ? e->lab[l].debt : e->lab[l].equity_book;
    for (unsigned k = 0; k < e->clouds; k++) sum += i == INSTRUMENT_LOANS ? e->cloud[k].debt : e->cloud[k].equity_book;
    for (unsigned r = 0; r < e->regions; r++) sum += i == INSTRUMENT_LOANS ? e->grid[r].debt : e->grid[r].equity_book;
    return sum;
}

static double capital(const cloud_state *c)
{
    double book = 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) book += c->vintage[v].book_usd;
    return book;
}

/* Stock i of a lab, cloud or chipmaker (cash, loans, equity, capital; 0 otherwise), without the
 * vendor deals' equity, warrants and credits (deals_stock adds them). */
static double own_stock(const economy *e, unsigned a, unsigned i)
{
    unsigned labs = e->labs, clouds = e->clouds;
    if (a < 2 + labs) {
        const lab_state *l = &e->lab[a - 2];
        return i == INSTRUMENT_CASH ? l->cash : i == INSTRUMENT_LOANS ? -l->debt : i == INSTRUMENT_EQUITY ? -l->equity_book : 0.0;
    }
    if (a < 2 + labs + clouds) {
        const cloud_state *c = &e->cloud[a - 2 - labs];
        return i == INSTRUMENT_CASH ? c->cash : i == INSTRUMENT_LOANS ? -c->debt
             : i == INSTRUMENT_EQUITY ? -c->equity_book : i == INSTRUMENT_CAPITAL ? capital(c) : 0.0;
    }
    return i == INSTRUMENT_CASH ? e->chip[a - 2 - labs - clouds].cash : 0.0;
}

/* Stock i of the grids' data-centre business (utility.c), all regions: cash, −debt, −equity at
 * book, capital at book. */
static double grids_stock(const economy *e, unsigned i)
{
    double sum = 0.0;
    for (unsigned r = 0; r < e->regions; r++) {
        const grid_state *g = &e->grid[r];
        sum += i == INSTRUMENT_CASH ? g->cash : i == INSTRUMENT_LOANS ? -g->debt
             : i == INSTRUMENT_EQUITY ? -g->equity_book : i == INSTRUMENT_CAPITAL ? g->book_usd : 0.0;
    }
    return sum;
}

static double entity_stock(const economy *e, unsigned a, unsigned i)
{
    double own = own_stock(e, a, i), deals = deals_stock(e, a, i);
    return deals != 0.0 ? own + deals : own;   /* + 0 would turn a −0 (no equity issued) into +0 */
}

double accounts_stock(const economy *e, unsigned a, unsigned i)
{
    if (i == INSTRUMENT_NET_WORTH) {
        double sum = 0.0;
        for (unsigned j = 0; j < INSTRUMENT_NET_WORTH; j++) sum += accounts_stock(e, a, j);
        return sum;
    }
    unsigned entities = e->labs + e->clouds + e->chipmakers;
    if (a >= 2 && a < 2 + entities) return entity_stock(e, a, i);
    sector s = a == 0 ? SECTOR_HOUSEHOLDS : a == 1 ? SECTOR_BUSINESSES
             : a == 2 + entities ? SECTOR_INVESTORS : a == 3 + entities ? SECTOR_GRIDS : SECTOR_REST_OF_WORLD;
    if (s == SECTOR_GRIDS) return grids_stock(e, i);
    if (i == INSTRUMENT_CASH) return e->book.outside_cash[s];
    if (s != SECTOR_INVESTORS) return 0.0;
    if (i == INSTRUMENT_LOANS || i == INSTRUMENT_EQUITY) return claims(e, i);
    return i == INSTRUMENT_OTHER ? e->investors.other_assets : 0.0;
}

void accounts_open(economy *e)
{
    memset(e->book.paid, 0, sizeof e->book.paid);
    memset(e->book.revalued, 0, sizeof e->book.revalued);
    unsigned n = accounts_count(e);
    for (unsigned a = 0; a < n; a++) {
        for (unsigned i = 0; i < INSTRUMENT_COUNT; i++) e->book.sheet_before[a][i] = accounts_stock(e, a, i);
    }
}

void accounts_record(economy *e, account_flow kind, unsigned from, unsigned to, double amount)
{
    e->book.paid[from][kind] -= amount;
    e->book.paid[to][kind] += amount;
}

void accounts_reclassify(economy *e, account_flow was, account_flow now, unsigned from, unsigned to, double amount)
{
    accounts_record(e, was, to, from, amount);   /* undo that much of the first purpose */
    accounts_record(e, now, from, to, amount);
}

void accounts_revalue(economy *e, unsigned a, account_instrument i, double delta) { e->book.revalued[a][i] += delta; }

void accounts_claim_change(economy *e, unsigned a, account_instrument i, double delta)
{
    accounts_revalue(e, a, i, -delta);
    accounts_revalue(e, accounts_of(e, SECTOR_INVESTORS, 0), i, delta);
}

double accounts_flow(const economy *e, unsigned a, unsigned f)
{
    if (f < FLOW_COUNT) return e->book.paid[a][f];
    return -(accounts_stock(e, a, INSTRUMENT_CASH) - e->book.sheet_before[a][INSTRUMENT_CASH]);
}

double accounts_expected_change(const economy *e, unsigned a, unsigned i)
{
    const double *paid = e->book.paid[a];
    double sum = e->book.revalued[a][i];
    switch (i) {
    case INSTRUMENT_CASH:
        for (unsigned f = 0; f < FLOW_COUNT; f++) sum += paid[f];
        return sum;
    case INSTRUMENT_LOANS: return sum - (paid[FLOW_BORROWING] + paid[FLOW_REPAYMENT]);
    case INSTRUMENT_EQUITY: return sum - paid[FLOW_EQUITY];
    case INSTRUMENT_OTHER: return sum - paid[FLOW_CREDITS];   /* credits used (deals.h) */
    case INSTRUMENT_NET_WORTH:
        sum = 0.0;
        for (unsigned j = 0; j < INSTRUMENT_NET_WORTH; j++) sum += accounts_expected_change(e, a, j);
        return sum;
    default: return sum;
    }
}

static aiecon_status gap(const scenario *s, uint32_t step, unsigned a, const char *what,
                         double actual, double expected, aiecon_error *err)
{
    char who[64];
    accounts_name(s, a, who, sizeof who);
    return aiecon_fail(err, AIECON_ERR_RUNTIME,
                       "invariant broken after step %u: stock-flow: %s %s changed by %.17g USD, its flows and "
                       "revaluations say %.17g USD (gap %.3g USD)",
                       step, who, what, actual, expected, actual - expected);
}

/* Every row of the transactions matrix sums to zero (double entry). */
static aiecon_status check_rows(const scenario *s, const economy *e, uint32_t step, aiecon_error *err)
{
    unsigned n = accounts_count(e);
    for (unsigned f = 0; f < ACCOUNTS_FLOW_ROWS; f++) {
        double sum = 0.0, size = 0.0;
        for (unsigned a = 0; a < n; a++) {
            double x = accounts_flow(e, a, f);
            sum += x;
            size += fabs(x);
        }
        if (!(fabs(sum) <= fmax(GAP_USD, GAP_SHARE * size))) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME,
                               "invariant broken after step %u: stock-flow: the row %s of the transactions-flow "
                               "matrix sums to %.17g USD, not 0",
                               step, accounts_flow_name(f), sum);
        }
    }
    (void)s;
    return AIECON_OK;
}

aiecon_status accounts_check(const scenario *s, const economy *e, uint32_t step, aiecon_error *err)
{
    aiecon_status rc = AIECON_OK;
    unsigned n = accounts_count(e);
    for (unsigned a = 0; a < n && rc == AIECON_OK; a++) {
        double terms = 0.0;
        for (unsigned f = 0; f < FLOW_COUNT; f++) terms += fabs(e->book.paid[a][f]);
        for (unsigned i = 0; i < INSTRUMENT_NET_WORTH && rc == AIECON_OK; i++) {
            double before = e->book.sheet_before[a][i], now = accounts_stock(e, a, i);
            double actual = now - before, expected = accounts_expected_change(e, a, i);
            double size = terms + fabs(before) + fabs(now) + fabs(e->book.revalued[a][i]);
            if (!(fabs(actual - expected) <= fmax(GAP_USD, GAP_SHARE * size))) {
                rc = gap(s, step, a, accounts_instrument_name(i), actual, expected, err);
            }
        }
    }
    return rc == AIECON_OK ? check_rows(s, e, step, err) : rc;   /* a stock's cell names more than a row */
}
