/* distress.h — labs that adjust before they default (docs/ODD.md 3.3.8, "Labs in distress").
 *
 * Owns: each lab's runway (months its cash covers of the step's burn), the current opex (which
 * grows by opex_growth unless frozen), the price factor on its list prices and the down rounds.
 * Four actions, each while the runway is below its own threshold (labs.*.cut_training_runway,
 * cut_opex_runway, raise_price_runway, down_round_runway), so the thresholds set the order: with
 * the defaults 9 > 6 > 4 > 3 months a lab first signs no new compute (training), then freezes
 * opex, then raises prices, then sells equity at a discount. Replicated on every rank. */
#ifndef AIECON_DISTRESS_H
#define AIECON_DISTRESS_H

#include <stdint.h>

#include "aiecon/models/economy/players/economy.h"

enum { DISTRESS_RUNWAY_CAP = 120 };   /* runway reported when the lab burns nothing [months] */

/* Runway of lab l after the step's settlement: cash / max(0, costs − revenue), capped [months]. */
double distress_runway(const lab_state *lab);

/* Does lab l, by the runway of the last step, cut training (sign no new commitments)? */
int distress_cuts_training(const scenario *s, const economy *e, unsigned l);

/* After the settlement of `step`: each lab's runway, then next step's opex (grown unless frozen)
 * and prices (raised while short of runway). */
void distress_adjust(const scenario *s, economy *e, uint32_t step);

/* In the settlement, after the equity raise: each lab not gone whose runway is below its
 * down_round_runway and that raised no down round in the last 12 steps sells equity at
 * (1 − down_round_discount) × its valuation, paid by the investors: what restores runway_months
 * of the last step's burn (costs − revenue) over its cash, at most 20 % of the lab. */
void distress_down_round(const scenario *s, economy *e, uint32_t step);

#endif
