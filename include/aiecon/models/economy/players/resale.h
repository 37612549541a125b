/* resale.h — capacity outlives its owner (docs/ODD.md section 3.3.5, "Resale"): the capacity of a
 * defaulted cloud, installed vintages and sites under construction, is sold each month to the
 * clouds still standing in its region at a distressed price, as far as their cash bids; what
 * nobody buys stands idle and is offered again the next month. */
#ifndef AIECON_RESALE_H
#define AIECON_RESALE_H

#include "aiecon/models/economy/players/economy.h"

/* What cloud k's capacity fetches if sold whole: distressed_share × (book value of its vintages +
 * (1 − chip_share) × capex_usd_per_mw × MW under construction or built without chips) [USD]. */
double resale_value(const scenario *s, const economy *e, unsigned k);

/* Move the share x (0–1] of cloud `from`'s capacity (vintages with their book, construction, chips
 * received) to cloud `to`, which orders the chips the sites lack; book_paid [USD] becomes the book
 * value of the vintages it gets (written off over their remaining life). Moves no cash. */
void resale_transfer(const scenario *s, economy *e, unsigned from, unsigned to, double x, double book_paid);

/* The month's sales, before the clouds build (step `step`): every cloud defaulted before `step`
 * with capacity left offers it to the clouds not defaulted in its region, in proportion to their
 * capacity + 1 MW; each pays at most half of its cash, to the defaulted cloud's lenders (the
 * investors, through the ledger), and gets the share of the assets it paid for. Sets each
 * cloud's acquisitions [USD] and acquired_mw [MW]. */
void resale_sell(const scenario *s, economy *e, uint32_t step);

#endif
