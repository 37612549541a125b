/* labs.h — the AI labs: demand and rationing, revenue, training and quality, prices, new
 * compute commitments and fund-raising (docs/ODD.md section 1.3, steps 5b–5d). Replicated: every rank
 * runs these on its own copy of the economy with the same inputs. */
#ifndef AIECON_LABS_H
#define AIECON_LABS_H

#include "aiecon/models/economy/players/economy.h"

/* Contracted MW of contract c in service at step t (0 outside its term or once ended). */
double labs_contract_mw(const contract_state *c, long t);

/* The step at which contract c's term ends: start + months + the months of service it has not
 * been delivered (delay_months; fractional: the last month runs in part). */
double labs_contract_end(const contract_state *c);

/* MW-months / mw of contract c still to run from step `from` on (its end, or its default) [months]. */
double labs_contract_months_left(const contract_state *c, long from);

/* Users, tokens, capacity, served share and revenue of every lab from the global tally. */
void labs_demand(const scenario *s, economy *e, uint32_t step, const economy_tally *t);

/* Served share and revenue of lab l from its contracted capacity in service and what it rents on
 * the compute market (rented_mw): labs_demand calls it with nothing rented, market_clear again. */
void labs_serve(const scenario *s, economy *e, unsigned l);

/* Growth of tokens per firm since the start at step `step` [1] (docs/ODD.md 3.3.4). */
double labs_business_token_growth(const scenario *s, uint32_t step);

/* Growth of tokens per household user since the start at step `step` [1] (docs/ODD.md 3.3.4). */
double labs_household_token_growth(const scenario *s, uint32_t step);

/* Training (effective compute, quality) and prices for the next step (pricing_apply). */
void labs_train_and_price(const scenario *s, economy *e, uint32_t step);

/* New take-or-pay commitments: forecast need × ambition over the build lead time, signed with
 * the clouds still standing in proportion to their capacity. */
aiecon_status labs_commit(const scenario *s, economy *e, uint32_t step, aiecon_error *err);

/* What lab l owes in step `step`: contracts (take-or-pay), market rentals, opex, interest and
 * maturing principal (credit.h) [USD]. */
double labs_dues(const scenario *s, const economy *e, unsigned l, uint32_t step);

/* Remaining contracted payments of lab l after step `step` [USD]. */
double labs_commitments(const economy *e, unsigned l, uint32_t step);

/* What a scheduled contract's MW are multiplied by when the lab signs it: 1 for contracts signed
 * by the start (step <= 1), else ambition / schedule_ambition (schedule_ambition 0: the lab's own
 * ambition, i.e. 1) [1]. */
double labs_schedule_scale(const scenario_lab *in, long signed_step);

#endif
