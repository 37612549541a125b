/* collateral.c — GPU-backed loans: secured debt, its collateral and margin calls (see collateral.h;
 * docs/ODD.md 3.3.13).
 *
 * What: a cloud may borrow part of its debt against its chips, as the neoclouds do (CoreWeave's
 * GPU-backed delayed-draw facilities, above USD 10 billion over 2024–2025 by the company's public
 * filings and press reports). The lender advances at most secured_ltv of the fleet's market value;
 * the market value is the present value of what each vintage still earns on the compute market
 * (clouds_vintage_value, the same value in use the impairment test reads), so it falls with the
 * compute price and with every new chip generation. When the secured debt exceeds maintenance_ltv
 * of that value, the lender calls margin_call_share of the excess: it falls due this month as
 * principal, paid from cash or from borrowing within the credit limit, or the cloud defaults. In a
 * default the secured lenders are paid first (tier 0 of the clearing, clearing.c) and their claim
 * on the fleet is realised through its resale (resale.c); the part the collateral did not cover is
 * reported as secured_losses. Why a module: the settlement only asks what is due and says what was
 * paid; the rule is here, in pure functions checked by hand in tests/unit/test_collateral.c.
 * Coupon: one rate for the whole debt (credit.c), the secured part being the lenders' priority,
 * not a cheaper loan. Cost: O(vintages × months of life) per cloud and step. */
#include "aiecon/models/economy/players/collateral.h"

#include <math.h>

#include "aiecon/models/economy/players/clouds.h"

double collateral_value(const scenario *s, const economy *e, unsigned k)
{
    double value = 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {
        const vintage_state *g = &e->cloud[k].vintage[v];
        if (!(g->mw > 0.0 && g->book_usd > 0.0 && g->depreciation_usd > 0.0)) continue;
        double months = g->book_usd / g->depreciation_usd;
        value += g->mw * clouds_vintage_value(s, e, k, v, (unsigned)lround(months));
    }
    return value;
}

double collateral_margin_call(double secured, double collateral, double maintenance_ltv, double share)
{
    return share * fmax(0.0, secured - maintenance_ltv * collateral);
}

double collateral_secured_part(double borrowed, double secured_share, double secured_kept, double collateral,
                               double ltv)
{
    return fmin(secured_share * borrowed, fmax(0.0, ltv * collateral - secured_kept));
}

void collateral_open(const scenario *s, economy *e)
{
    for (unsigned k = 0; k < e->clouds; k++) {
        cloud_state *c = &e->cloud[k];
        c->collateral = s->clouds[k].secured_share > 0.0 ? collateral_value(s, e, k) : 0.0;
        c->secured_debt = fmin(s->clouds[k].secured_share * c->debt, s->investors.secured_ltv * c->collateral);
        c->margin_call = c->secured_losses = 0.0;
    }
}

void collateral_mark(const scenario *s, economy *e, unsigned k)
{
    cloud_state *c = &e->cloud[k];
    c->collateral = s->clouds[k].secured_share > 0.0 || c->secured_debt > 0.0 ? collateral_value(s, e, k) : 0.0;
    double call = collateral_margin_call(c->secured_debt, c->collateral, s->investors.maintenance_ltv,
                                         s->investors.margin_call_share);
    /* never more than what does not mature this month anyway */
    c->margin_call = fmin(call, c->secured_debt * (1.0 - 1.0 / s->investors.debt_maturity_months));
}

double collateral_service_due(const economy *e, unsigned k, double interest, double principal,
                              double *secured_principal)
{
    const cloud_state *c = &e->cloud[k];
    double share = c->debt > 0.0 ? fmin(1.0, c->secured_debt / c->debt) : 0.0;
    *secured_principal = share * principal + c->margin_call;
    return share * interest + *secured_principal;
}

void collateral_roll(const scenario *s, economy *e, unsigned k, double secured_repaid, double borrowed,
                     double debt_after)
{
    cloud_state *c = &e->cloud[k];
    double kept = fmax(0.0, c->secured_debt - secured_repaid);
    double added = collateral_secured_part(borrowed, s->clouds[k].secured_share, kept, c->collateral,
                                           s->investors.secured_ltv);
    c->secured_debt = fmin(fmax(0.0, debt_after), kept + added);
}

void collateral_default(economy *e, unsigned k)
{
    cloud_state *c = &e->cloud[k];
    c->secured_losses = fmax(0.0, c->secured_debt - c->collateral);
    c->secured_debt = 0.0;
}
