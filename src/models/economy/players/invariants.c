/* invariants.c — the model's invariants, checked every step (see invariants.h).
 *
 * What: each player's fields are listed once in a table of (name, offset, rule), where the rule is
 * "finite", "non-negative" or "share"; the check walks the tables and the accounting residual and
 * fails on the first breach with one line: the invariant, the step, the player and the field.
 * Why tables: a new field is one line, and the message names it without hand-written text.
 * Cost: about 40 doubles per lab, cloud and chipmaker, read once per step — microseconds against
 * a step of milliseconds (measured in docs/HARDENING.md). No state, no MPI, no allocation. */
#include "aiecon/models/economy/players/invariants.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/credit.h"
#include "aiecon/models/economy/players/finance.h"

enum rule { FINITE, NON_NEGATIVE, SHARE };
typedef struct field {
    const char *name;
    size_t offset;
    enum rule rule;
} field;

/* Rounding may leave a stock this far below zero (a subtraction of equal terms). */
static const double SLACK = 1e-6;
/* The accounting must close to this many USD (flows reach 1e11 USD a month), or to
 * RESIDUAL_SHARE of the largest sector's cash where that is larger: a double holds about 16
 * digits, so a run whose stocks grow past 1e14 USD (tiny.yaml over 75 years, whose labs then
 * hold 3e15 USD) cannot close to 1 USD; 1e-14 is some 45 units in the last place. */
static const double RESIDUAL_USD = 1.0;
static const double RESIDUAL_SHARE = 1e-14;

#define F(type, name, rule) {#name, offsetof(type, name), rule}
static const field lab_fields[] = {
    F(lab_state, cash, FINITE), F(lab_state, debt, NON_NEGATIVE), F(lab_state, equity_raised, NON_NEGATIVE),
    F(lab_state, valuation, FINITE), F(lab_state, quality, NON_NEGATIVE),
    F(lab_state, training_compute, NON_NEGATIVE), F(lab_state, subscription_usd, NON_NEGATIVE),
    F(lab_state, api_usd_per_mtok, NON_NEGATIVE), F(lab_state, users, NON_NEGATIVE),
    F(lab_state, paid_users, NON_NEGATIVE), F(lab_state, business_users, NON_NEGATIVE),
    F(lab_state, tokens_mtok, NON_NEGATIVE), F(lab_state, capacity_mw, NON_NEGATIVE),
    F(lab_state, demand_mw, NON_NEGATIVE), F(lab_state, served_share, SHARE), F(lab_state, revenue, FINITE),
    F(lab_state, costs, FINITE), F(lab_state, commitments, NON_NEGATIVE), F(lab_state, revenue_growth, FINITE),
    F(lab_state, revenue_smoothed, FINITE), F(lab_state, raised, NON_NEGATIVE),
    F(lab_state, penalties, NON_NEGATIVE), F(lab_state, users_acquired, NON_NEGATIVE), F(lab_state, acquisitions, NON_NEGATIVE),
    F(lab_state, opex_usd, NON_NEGATIVE), F(lab_state, price_factor, NON_NEGATIVE), F(lab_state, runway, NON_NEGATIVE),
    F(lab_state, down_round, NON_NEGATIVE),
    F(lab_state, debt_rate, NON_NEGATIVE), F(lab_state, spread, FINITE),
    F(lab_state, interest, NON_NEGATIVE), F(lab_state, principal, NON_NEGATIVE), F(lab_state, borrowed, NON_NEGATIVE),
    F(lab_state, equity_book, NON_NEGATIVE)};
static const field cloud_fields[] = {
    F(cloud_state, cash, FINITE), F(cloud_state, debt, NON_NEGATIVE), F(cloud_state, capacity_mw, NON_NEGATIVE),
    F(cloud_state, building_mw, NON_NEGATIVE), F(cloud_state, ready_mw, NON_NEGATIVE),
    F(cloud_state, chips_waiting_mw, NON_NEGATIVE), F(cloud_state, chips_received_mw, NON_NEGATIVE),
    F(cloud_state, unfilled_mw, NON_NEGATIVE), F(cloud_state, revenue, FINITE), F(cloud_state, capex, FINITE),
    F(cloud_state, energy_cost, FINITE), F(cloud_state, construction_due, FINITE),
    F(cloud_state, power_mw, NON_NEGATIVE), F(cloud_state, lease_usd_per_mw_month, NON_NEGATIVE),
    F(cloud_state, losses, NON_NEGATIVE), F(cloud_state, penalties, NON_NEGATIVE),
    F(cloud_state, debt_rate, NON_NEGATIVE), F(cloud_state, spread, FINITE), F(cloud_state, interest, NON_NEGATIVE),
    F(cloud_state, principal, NON_NEGATIVE), F(cloud_state, borrowed, NON_NEGATIVE),
    F(cloud_state, equity_book, NON_NEGATIVE), F(cloud_state, occupancy, SHARE)};
static const field chip_fields[] = {
    F(chip_state, cash, FINITE), F(chip_state, capacity_units, NON_NEGATIVE),
    F(chip_state, backlog_units, NON_NEGATIVE), F(chip_state, price_usd, NON_NEGATIVE),
    F(chip_state, unit_cost_usd, NON_NEGATIVE), F(chip_state, perf, NON_NEGATIVE),
    F(chip_state, shipments, NON_NEGATIVE), F(chip_state, revenue, FINITE),
    F(chip_state, production_cost, FINITE)};
static const field grid_fields[] = {
    F(grid_state, power_mw, NON_NEGATIVE), F(grid_state, load_mw, NON_NEGATIVE),
    F(grid_state, drawn_mw, NON_NEGATIVE), F(grid_state, started_mw, NON_NEGATIVE),
    F(grid_state, price_usd_per_mwh, NON_NEGATIVE), F(grid_state, revenue, FINITE),
    F(grid_state, adder_usd_per_mwh, NON_NEGATIVE), F(grid_state, unrecovered, NON_NEGATIVE),
    F(grid_state, cash, FINITE), F(grid_state, book_usd, NON_NEGATIVE), F(grid_state, debt, NON_NEGATIVE),
    F(grid_state, debt_rate, NON_NEGATIVE), F(grid_state, equity_book, NON_NEGATIVE),
    F(grid_state, interest, NON_NEGATIVE), F(grid_state, principal, NON_NEGATIVE),
    F(grid_state, generation_cost, NON_NEGATIVE), F(grid_state, defaulted, SHARE)};
static const field investor_fields[] = {
    F(investor_state, sentiment, NON_NEGATIVE), F(investor_state, equity_supply_usd, NON_NEGATIVE),
    F(investor_state, spread, FINITE), F(investor_state, capex_smoothed, FINITE),
    F(investor_state, revenue_smoothed, FINITE), F(investor_state, wealth, FINITE),
    F(investor_state, other_assets, FINITE), F(investor_state, income, NON_NEGATIVE),
    F(investor_state, realised_losses, NON_NEGATIVE), F(investor_state, losses_smoothed, NON_NEGATIVE),
    F(investor_state, condition, NON_NEGATIVE)};
#undef F
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static aiecon_status breach(aiecon_error *err, const char *rule, double v, const char *what, const char *who,
                            uint32_t step)
{
    return aiecon_fail(err, AIECON_ERR_RUNTIME, "invariant broken after step %u: %s: %s = %.17g (%s)", step, who,
                       what, v, rule);
}

aiecon_status invariants_check_finite(double v, const char *what, const char *who, uint32_t step,
                                      aiecon_error *err)
{
    return isfinite(v) ? AIECON_OK : breach(err, "must be finite", v, what, who, step);
}

aiecon_status invariants_check_share(double v, const char *what, const char *who, uint32_t step,
                                     aiecon_error *err)
{
    return v >= 0.0 && v <= 1.0 ? AIECON_OK : breach(err, "a share must be in [0, 1]", v, what, who, step);
}

/* Every field of one player (the struct at base) against its rule. */
static aiecon_status check_fields(const void *base, const field *f, size_t n, const char *kind, const char *name,
                                  uint32_t step, aiecon_error *err)
{
    char who[64];
    snprintf(who, sizeof who, "%s %s", kind, name);
    for (size_t i = 0; i < n; i++) {
        double v = *(const double *)((const char *)base + f[i].offset);
        aiecon_status rc = invariants_check_finite(v, f[i].name, who, step, err);
        if (rc == AIECON_OK && f[i].rule == SHARE) rc = invariants_check_share(v, f[i].name, who, step, err);
        if (rc == AIECON_OK && f[i].rule == NON_NEGATIVE && v < -SLACK) {
            rc = breach(err, "a stock that cannot be negative", v, f[i].name, who, step);
        }
        if (rc != AIECON_OK) return rc;
    }
    return AIECON_OK;
}

/* What a chipmaker owes and holds per cloud. */
static aiecon_status check_chip_arrays(const scenario *s, const chip_state *c, const char *who, uint32_t step,
                                       aiecon_error *err)
{
    for (unsigned k = 0; k < s->cloud_count; k++) {
        if (!isfinite(c->backlog_by_cloud[k]) || c->backlog_by_cloud[k] < -SLACK) {
            return breach(err, "a backlog must be finite and non-negative", c->backlog_by_cloud[k],
                          "backlog_by_cloud", who, step);
        }
        aiecon_status rc = invariants_check_finite(c->bill[k], "bill", who, step, err);
        if (rc != AIECON_OK) return rc;
    }
    return AIECON_OK;
}

/* The books close: every account's stocks follow its flows (accounts.h), the sectors' cash its
 * payments (accounting_residual), the investors' wealth their claims. */
static aiecon_status books_close(const scenario *s, const economy *e, uint32_t step, aiecon_error *err)
{
    aiecon_status rc = accounts_check(s, e, step, err);
    if (rc != AIECON_OK) return rc;
    double r = e->accounting_residual, largest = 0.0;
    for (int sec = 0; sec < SECTOR_COUNT; sec++) largest = fmax(largest, fabs(finance_sector_cash(e, (sector)sec)));
    if (!(fabs(r) <= fmax(RESIDUAL_USD, RESIDUAL_SHARE * largest))) {
        return breach(err, "the accounting must close to 1 USD", r, "accounting_residual", "the economy", step);
    }
    /* the investors' balance sheet: wealth, moved only by income and recorded losses, equals
     * what they hold (cash account + debt + equity at book + other assets) */
    double held = fabs(e->investors.wealth) + fabs(e->investors.other_assets) +
                  fabs(e->book.outside_cash[SECTOR_INVESTORS]) + credit_claims(e);
    double w = credit_wealth_residual(e);
    if (!(w <= fmax(RESIDUAL_USD, RESIDUAL_SHARE * held))) {
        return breach(err, "the investors' wealth must equal their claims to 1 USD", w, "wealth_residual",
                      "the investors", step);
    }
    return AIECON_OK;
}

/* Fields first (a NaN is named as such, not as the gap it opens in the books), then the books. */
aiecon_status invariants_check_economy(const scenario *s, const economy *e, uint32_t step, aiecon_error *err)
{
    aiecon_status rc = AIECON_OK;
    for (unsigned l = 0; l < e->labs && rc == AIECON_OK; l++) {
        rc = check_fields(&e->lab[l], lab_fields, COUNT(lab_fields), "lab", s->labs[l].name, step, err);
    }
    for (unsigned k = 0; k < e->clouds && rc == AIECON_OK; k++) {
        rc = check_fields(&e->cloud[k], cloud_fields, COUNT(cloud_fields), "cloud", s->clouds[k].name, step, err);
    }
    for (unsigned m = 0; m < e->chipmakers && rc == AIECON_OK; m++) {
        rc = check_fields(&e->chip[m], chip_fields, COUNT(chip_fields), "chipmaker", s->chipmakers[m].name, step, err);
        if (rc == AIECON_OK) rc = check_chip_arrays(s, &e->chip[m], s->chipmakers[m].name, step, err);
    }
    for (unsigned g = 0; g < e->regions && rc == AIECON_OK; g++) {
        rc = check_fields(&e->grid[g], grid_fields, COUNT(grid_fields), "grid", s->regions[g].name, step, err);
    }
    if (rc == AIECON_OK) {
        rc = check_fields(&e->investors, investor_fields, COUNT(investor_fields), "the", "investors", step, err);
    }
    return rc == AIECON_OK ? books_close(s, e, step, err) : rc;
}
