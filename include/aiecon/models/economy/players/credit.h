/* credit.h — the investors' balance sheet and the terms of debt (docs/ODD.md section 3.3.8):
 * investors' wealth, realised losses and the financial condition that scales equity supply and
 * spreads (a financial accelerator); each borrower's own spread from its leverage and interest
 * coverage; debt that matures and is refinanced at the then-current rate; the credit limits.
 *
 * Owns the fields marked "credit.c" in economy.h. The settlement (finance.c) calls the debt
 * functions; a default's losses reach the investors only through credit_record_losses(), the one
 * door an insolvency procedure needs (what it recovers it pays through the ledger, what it does not
 * it records here). Pure functions take numbers, so that tests can check them by hand. */
#ifndef AIECON_CREDIT_H
#define AIECON_CREDIT_H

#include "aiecon/models/economy/players/economy.h"

/* Financial condition h = clamp((max(0, W) / W0)^elasticity / (1 + loss_weight × 12 × L / W), 0.05, 3)
 * with W the wealth, W0 = wealth_usd, L the smoothed monthly losses [1]; W <= 0 gives 0.05. */
double credit_condition(const scenario_investors *in, double wealth, double losses_smoothed);

/* A borrower's spread: base + leverage_spread × min(10, debt / max(1, limit))
 * + coverage_spread × clamp(1 − coverage / coverage_target, 0, 1), coverage = cash_flow / interest
 * (no coverage term without interest) [1/year]. */
double credit_firm_spread(const scenario_investors *in, double base, double debt, double limit, double cash_flow,
                          double interest);

/* Debt after repaying `repaid` and borrowing `borrowed` at `new_rate`: *debt = debt − repaid +
 * borrowed; *coupon = the principal-weighted mean of the old coupon on what is left and new_rate. */
void credit_roll(double *debt, double *coupon, double repaid, double borrowed, double new_rate);

/* A month's interest and principal due on (debt, coupon): debt × coupon / 12 and debt / maturity [USD]. */
double credit_interest_due(double debt, double coupon);
double credit_principal_due(const scenario_investors *in, double debt);

/* Credit limits [USD]: cloud k (credit_capacity_share × (book value + building MW × capex_usd_per_mw) +
 * credit_receivables_share × receivables + credit_other_revenue_months × other revenue) and lab l
 * (lab_credit_revenue_months × revenue_smoothed), each × min(1, sentiment × condition). */
double credit_cloud_limit(const scenario *s, const economy *e, unsigned k, uint32_t step);
double credit_lab_limit(const scenario *s, const economy *e, unsigned l);

/* Record a default's losses to the investors: debt and equity written off [USD]. Lowers their
 * wealth and adds to the step's realised_losses. The caller lowers the claims (debt, equity_book)
 * by the same amounts. A recovery is paid to SECTOR_INVESTORS through finance_pay and lowers the
 * debt by as much (a repayment: wealth unchanged); a debt swapped for equity moves the amount from
 * debt to equity_book (wealth unchanged); only what is lost is recorded here. Anything else breaks
 * the investors' balance sheet, which invariants.c checks every step (wealth_residual). */
void credit_record_losses(economy *e, double debt_lost, double equity_lost);

/* A recovery of `amount` [USD] paid to SECTOR_INVESTORS (the caller pays it through finance_pay):
 * lowers *debt first, then *equity_book (the owners at cost), by what it covers; any excess over
 * both is the investors' gain and raises their wealth (the claims it repaid were worth less). */
void credit_record_recovery(economy *e, double *debt, double *equity_book, double amount);

/* Opening claims and wealth (after economy_create has set cash, debt and book values). */
void credit_open(const scenario *s, economy *e);

/* After the settlement: wealth += interest and recoveries; smoothed losses; condition h; equity
 * supply = equity_supply_usd × sentiment × h; spread = spread / max(0.1, sentiment × h); each
 * borrower's spread for the next step. Called by finance_investors after the sentiment. */
void credit_update(const scenario *s, economy *e, uint32_t step);

/* |wealth − (other assets + investors' cash + debt and equity held)| [USD]: 0 up to rounding. */
double credit_wealth_residual(const economy *e);

/* Debt and equity at cost the investors hold in the labs and clouds [USD]. */
double credit_claims(const economy *e);

#endif
