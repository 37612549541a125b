/* insolvency.h — what happens when a player cannot pay (docs/ODD.md 3.3.8, "Insolvency").
 *
 * Owns: the clearing of payments among parties that default together, with seniority
 * (Eisenberg & Noe 2001; tiers secured → senior → junior, equity the residual); the decision to
 * restructure or liquidate a lab that defaulted in the step (going-concern value against the best
 * survivor's bid); the sale of a liquidated lab's users and model to the highest bidder; the
 * remap that moves users with the business they use (offers.h `transfer`). It reads the labs',
 * clouds' and investors' state and writes only the defaulting labs, their buyers, their
 * contracts' prices and the clouds' `losses`. Replicated: every rank runs it on its own copy. */
#ifndef AIECON_INSOLVENCY_H
#define AIECON_INSOLVENCY_H

#include <stdint.h>

#include "aiecon/engine/status.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/populations/offers.h"

enum { INSOLVENCY_MAX_PARTIES = 32, INSOLVENCY_MAX_TIERS = 3 };

/* The clearing payment vector of n parties with `tiers` seniority tiers (tier 0 paid first).
 * owed[(s × n + i) × n + j]: what i owes j in tier s [USD]; assets[i]: i's own cash (external
 * assets) [USD]. Writes paid[s × n + i] (what i pays in total in tier s, shared among its
 * creditors of the tier in proportion to what it owes them) and equity[i] = what is left to i's
 * owners. The greatest clearing vector, by the fictitious-default algorithm generalised to tiers:
 * each round assumes the defaulters and the tier each pays in part, solves the linear system for
 * those partial payments (GSL LU) and stops when the round's payments confirm its assumption.
 * AIECON_ERR_INPUT for n or tiers out of range, negative amounts or a singular system (only
 * possible when a group of defaulters owes everything to itself and has no assets). */
aiecon_status insolvency_clear(unsigned n, unsigned tiers, const double *owed, const double *assets,
                               double *paid, double *equity, aiecon_error *err);

/* Going-concern value of lab l at step t [USD]: the investors' multiple × sentiment × 12 × the
 * monthly operating surplus the lab would have once its debt is equity and its contracts are
 * renegotiated to the clouds' lease price (0 if the surplus is not positive). */
double insolvency_going_concern(const scenario *s, const economy *e, unsigned l, uint32_t step);

/* Survivor b's bid for the business of lab l at step t [USD]: min(half of b's cash,
 * 0.3 × multiple × sentiment × 12 × l's smoothed revenue); 0 for a lab that has defaulted and for
 * one that may not sell in every region where l sells (demand_sells_wherever). */
double insolvency_bid(const scenario *s, const economy *e, unsigned b, unsigned l);

/* The survivor that bids most for lab l (ties: the lower index), or -1 if no bid is positive;
 * *bid gets the winning bid (0 if none). */
int insolvency_best_bidder(const scenario *s, const economy *e, unsigned l, double *bid);

/* Each lab that defaulted in `step` and was never restructured is restructured if its
 * going-concern value exceeds the best bid (it no longer counts as defaulted; debt becomes equity;
 * contracts are renegotiated down to the cloud's lease price, the clouds booking the difference in
 * `losses`), else liquidated: sold to the best bidder (the buyer pays the defaulter's lenders,
 * takes the better model and, from the next step, the users) or, without a bidder, closed.
 * finance_settle calls it after its last pass and before the defaults are closed. */
void insolvency_resolve_labs(const scenario *s, economy *e, uint32_t step);

/* Chipmaker m pays its production cost to the rest of the world or, if its cash falls short (its
 * clouds paid their bills only in part), defaults: pays pro rata and goes on (chip_state's
 * defaulted, default_step), its suppliers bearing the rest. Called in each settlement pass. */
void insolvency_chipmaker_pays(economy *e, unsigned m, uint32_t step);

/* The transfer of users for the offers of step `step` (offers.h `transfer`, applied by the
 * populations with offers_remap): transfer[l] = b + 1 if lab l was sold to lab b in step − 1, else 0. */
void insolvency_transfers(const economy *e, uint32_t step, uint8_t transfer[OFFERS_MAX_LABS]);

#endif
