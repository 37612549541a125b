/* finance.h — money: the ledger that keeps the accounting stock-flow consistent, the
 * investors (sentiment, equity, credit), and the settlement of the step's payments with
 * defaults and their contagion (docs/ODD.md section 1.3, steps 5g and 5i).
 *
 * Every payment goes through finance_pay(), which debits one entity's cash, credits another's and
 * records the flow between their sectors. finance_residual() then checks that the flows sum to
 * zero and that each sector's cash changed by exactly its net flow; the difference, in USD, is
 * the step's accounting_residual (zero up to floating-point rounding). */
#ifndef AIECON_FINANCE_H
#define AIECON_FINANCE_H

#include "aiecon/models/economy/players/economy.h"

/* Start the step's book: zero the flows, record every sector's cash. */
void finance_open_book(economy *e);

/* Cloud k's credit limit at step `step` (credit_cloud_limit in credit.h: the investors' shares of
 * its capacity's book value and construction at cost, its receivables and its other revenue) [USD]. */
double finance_cloud_credit_limit(const scenario *s, const economy *e, unsigned k, uint32_t step);

/* Pay `amount` USD for `kind` from (from_sector, *from_cash) to (to_sector, *to_cash), recorded in
 * the sector flows and, by account and purpose, in the transactions-flow matrix (accounts.h). NULL
 * cash pointers stand for the sectors without entities (households, businesses, investors, grids,
 * rest of world). finance_pay is finance_pay_for(FLOW_OTHER): every payment should say its purpose. */
void finance_pay_for(economy *e, account_flow kind, sector from, double *from_cash, sector to, double *to_cash,
                     double amount);
void finance_pay(economy *e, sector from, double *from_cash, sector to, double *to_cash, double amount);

/* 1 if `cash` cannot pay `due`: short by more than a millionth of a dollar (plus 1e-12 of the
 * due). Borrowing exactly the gap may leave cash an ulp below the due, which is not a default.
 * The one tolerance of every settlement: labs, clouds, chipmakers, grids. */
int finance_short_of(double cash, double due);

/* Interest and maturing principal, `total` USD paid at once from (from, *cash) to the investors:
 * one payment, booked as `interest` of interest and the rest as repayment. */
void finance_pay_debt_service(economy *e, sector from, double *cash, double interest, double total);

/* Sum over sectors of |Δcash − net inflow|, plus |Σ all flows| [USD]. */
double finance_residual(const economy *e);

/* Cash of a whole sector now [USD]. */
double finance_sector_cash(const economy *e, sector s);

/* Investors: sentiment from sector revenue growth against capex (its history seeded with
 * prior_revenue_growth the first time revenue is seen), valuations; then credit_update (wealth,
 * financial condition, equity supply, spreads). */
void finance_investors(const scenario *s, economy *e);

/* Settle the step: labs raise equity, borrow and pay their dues; clouds borrow and pay (maturing
 * principal included, refinanced within their limits); chipmakers and grids are paid; whoever
 * cannot pay defaults, and the settlement is redone with the new defaults until no new default
 * appears; the defaulters' debt and equity are written off as the investors' realised losses. */
void finance_settle(const scenario *s, economy *e, uint32_t step);

#endif
