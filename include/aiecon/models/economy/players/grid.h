/* grid.h — one grid per region: power available to data centres grows slowly, electricity
 * price rises with the data-centre load against what is available (docs/ODD.md section 1.3, step 5h). */
#ifndef AIECON_GRID_H
#define AIECON_GRID_H

#include "aiecon/models/economy/players/economy.h"

/* Power still free for new data-centre capacity in region r [MW]. */
double grid_headroom(const scenario *s, const economy *e, unsigned r);

/* Update load from the clouds' capacity in service, then price and supply for the next step. */
void grid_update(const scenario *s, economy *e);

#endif
