/* clouds.h — the clouds: construction for their contract backlog, limited by chips delivered
 * and by the grid's power; capacity in service; what they owe (docs/ODD.md section 1.3, step 5e). */
#ifndef AIECON_CLOUDS_H
#define AIECON_CLOUDS_H

#include "aiecon/models/economy/players/economy.h"

/* MW contracted with cloud k that is in service at step t (contracts not ended). */
double clouds_contracted_mw(const economy *e, unsigned k, long t);

/* Share of its contracted MW that cloud k can deliver now [0, 1]. */
double clouds_delivery_share(const economy *e, unsigned k, long t);

/* Payments still due to cloud k under its contracts after step `step` (labs not defaulted) [USD]. */
double clouds_receivables(const economy *e, unsigned k, uint32_t step);

/* Start construction for the backlog and order chips; install what chips and power allow. */
void clouds_build(const scenario *s, economy *e, uint32_t step);

#endif
