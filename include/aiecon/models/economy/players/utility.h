/* utility.h — the grids' data-centre business as a balance sheet in the ledger: the expansion
 * capital at book value, financed by bonds and equity the investors hold; its revenue is what data
 * centres (and, for the socialised share of the stranded charge, other ratepayers) pay for energy,
 * its costs the energy's generation and its debt service; a grid that cannot pay its debt service
 * defaults, the power staying on (docs/ODD.md section 3.3.15).
 *
 * Owns grid_state's cash, book_usd, debt, debt_rate, equity_book, interest, principal,
 * generation_cost, defaulted and default_step; reads the price, adder, billed and unrecovered that
 * grid.c and the settlement (finance.c) set. Every payment goes through finance_pay_for. */
#ifndef AIECON_UTILITY_H
#define AIECON_UTILITY_H

#include "aiecon/models/economy/players/economy.h"

/* The capped adder: min(cap, adder) [USD/MWh]; *unrecovered gets charge_usd − that × drawn_mw × 720 h,
 * the month's capital charge data centres are not charged [USD/month] (all of it when nothing is drawn). */
double utility_capped_adder(double adder, double cap, double charge_usd, double drawn_mw, double *unrecovered);

/* Grid r's depreciation (book_usd / (12 × recovery_years), at least a month) and the financing of
 * the month's expansion_cost: debt_share of it borrowed from the investors at investors.rate +
 * debt_spread, the rest equity they buy, all of it paid for the construction; the capital enters
 * the balance sheet at cost. */
void utility_invest(const scenario *s, economy *e, unsigned r);

/* Settle grid r after the clouds have paid it (finance.c): other data centres pay their energy
 * (businesses), other ratepayers the socialised share of last month's unrecovered charge
 * (households); the grid pays the generation cost, generation_share × (price − adder) / price of
 * what was billed, then its interest and 1 / (12 × recovery_years) of its debt. Short of that debt
 * service it defaults (at step `step`): it pays what cash it has, its remaining debt and its equity
 * are written off as the investors' realised losses, and it goes on supplying power. */
void utility_settle(const scenario *s, economy *e, unsigned r, uint32_t step);

/* The grids' debt plus equity held by the investors [USD]. */
double utility_claims(const economy *e);

/* The grids' interest paid in the step [USD]. */
double utility_interest(const economy *e);

#endif
