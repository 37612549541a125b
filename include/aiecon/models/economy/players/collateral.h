/* collateral.h — GPU-backed loans (docs/ODD.md 3.3.13, "Secured debt and clearing").
 *
 * Owns the fields marked "collateral.c" in economy.h: the part of each cloud's debt secured on
 * the market value of its fleet, the collateral's value, the margin calls and the secured
 * lenders' shortfall at a default. The settlement (finance.c) asks how much secured principal is
 * due (maturity + margin call) and tells it what was repaid and borrowed; everything else about
 * the debt (coupon, spread, limit) stays credit.c's. Pure functions take numbers, so that the
 * unit tests check them by hand. Replicated: every rank runs it on its own copy. */
#ifndef AIECON_COLLATERAL_H
#define AIECON_COLLATERAL_H

#include "aiecon/models/economy/players/economy.h"

/* Market value of cloud k's fleet [USD]: Σ over vintages of MW × clouds_vintage_value over the
 * months its book has left (book / monthly depreciation; 0 for a vintage without book). */
double collateral_value(const scenario *s, const economy *e, unsigned k);

/* The margin call on secured debt `secured` against collateral worth `collateral` [USD]:
 * share × max(0, secured − maintenance_ltv × collateral). */
double collateral_margin_call(double secured, double collateral, double maintenance_ltv, double share);

/* The secured part of a new loan of `borrowed` USD: min(secured_share × borrowed,
 * max(0, ltv × collateral − secured_kept)), secured_kept the secured debt left after repayments [USD]. */
double collateral_secured_part(double borrowed, double secured_share, double secured_kept, double collateral,
                               double ltv);

/* Opening: each cloud's collateral at the start and its secured debt, min(secured_share × debt,
 * secured_ltv × collateral). Called by economy_create after credit_open. */
void collateral_open(const scenario *s, economy *e);

/* Before cloud k's settlement: its collateral now and its margin call (collateral_margin_call). */
void collateral_mark(const scenario *s, economy *e, unsigned k);

/* Secured debt service due from cloud k this month [USD]: the secured share (secured / debt) of
 * its whole debt's interest and maturing principal, plus the margin call. *secured_principal
 * gets the principal part of it (maturing + called). */
double collateral_service_due(const economy *e, unsigned k, double interest, double principal,
                              double *secured_principal);

/* After cloud k's settlement, before credit_roll changes its debt: secured debt −= the secured
 * principal it repaid, += the secured part of its new loan `borrowed`; at most debt_after, its
 * whole debt after the month [USD]. */
void collateral_roll(const scenario *s, economy *e, unsigned k, double secured_repaid, double borrowed,
                     double debt_after);

/* At cloud k's default: the secured lenders' shortfall max(0, secured − collateral) into
 * secured_losses; the secured debt is written off with the rest by close_defaults. */
void collateral_default(economy *e, unsigned k);

#endif
