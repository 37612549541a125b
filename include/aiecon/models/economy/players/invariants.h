/* invariants.h — the model's invariants, asserted every step under `aiecon run --check` (the
 * default; docs/HARDENING.md): the accounting closes to 1 USD, every account's stocks change by its
 * flows plus revaluations (accounts.h), every share is in [0, 1], no state
 * or figure is NaN or infinite, the stocks that cannot be negative (capacity, users, backlogs,
 * debt, power) are not. Cash is only required to be finite: chipmakers pay their production cost
 * whatever their cash, and a defaulting lab or cloud may end an ulp below zero (finance.c).
 * Replicated players being identical on every rank is checked by the driver (a hash). Pure
 * functions of the state: no MPI, no allocation, so every rank reaches the same verdict. */
#ifndef AIECON_INVARIANTS_H
#define AIECON_INVARIANTS_H
#include <stdint.h>
#include "aiecon/models/economy/players/economy.h"

/* AIECON_ERR_RUNTIME naming the first broken invariant, the step and the player; AIECON_OK if none. */
aiecon_status invariants_check_economy(const scenario *s, const economy *e, uint32_t step, aiecon_error *err);

/* The value `what` (of `who`, at step) must be a share: finite and in [0, 1]. */
aiecon_status invariants_check_share(double v, const char *what, const char *who, uint32_t step,
                                     aiecon_error *err);

/* The value `what` (of `who`, at step) must be finite. */
aiecon_status invariants_check_finite(double v, const char *what, const char *who, uint32_t step,
                                      aiecon_error *err);

#endif
