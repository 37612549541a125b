/* resale.c — capacity outlives its owner (see resale.h; docs/ODD.md section 3.3.5, "Resale").
 *
 * A defaulted cloud keeps its data centres, but nobody operates them; in the model they are sold,
 * month after month, to the clouds standing in the same region (the grid connection and the
 * export controls stay with the site), at distressed_share of their book value (sites under
 * construction: of the non-chip capex they stand for; their chip orders were cancelled at the
 * default, so the buyer orders the chips anew). Buyers bid in proportion to their capacity + 1 MW
 * and pay at most half of their cash: a buyer short of cash gets only what it paid for, the rest
 * stands idle and is offered again. The proceeds go to the defaulted cloud's lenders (investors),
 * so the defaulter's cash stays as its default left it. Cost: O(clouds² × (vintages + lead time))
 * in a month with a sale. */
#include "aiecon/models/economy/players/resale.h"

#include <math.h>

#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/finance.h"

/* MW of cloud k under construction or built and not installed (the sites) [MW]. */
static double sites_mw(const scenario *s, const economy *e, unsigned k)
{
    const cloud_state *c = &e->cloud[k];
    double mw = c->ready_mw;
    for (unsigned i = 0; i <= s->clouds[k].build_months; i++) mw += c->pipeline[i];
    return mw;
}

double resale_value(const scenario *s, const economy *e, unsigned k)
{
    const scenario_cloud *in = &s->clouds[k];
    double book = 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) book += e->cloud[k].vintage[v].book_usd;
    return in->distressed_share * (book + (1.0 - in->chip_share) * in->capex_usd_per_mw * sites_mw(s, e, k));
}

void resale_transfer(const scenario *s, economy *e, unsigned from, unsigned to, double x, double book_paid)
{
    cloud_state *a = &e->cloud[from], *b = &e->cloud[to];
    double keep = x >= 1.0 ? 0.0 : 1.0 - x, book = 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) book += a->vintage[v].book_usd;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {
        vintage_state *g = &a->vintage[v];
        if (g->mw <= 0.0) continue;
        /* the price is shared among the vintages by book (by MW when nothing is left on the books) */
        double paid = book > 0.0 ? book_paid * g->book_usd / book : 0.0;
        double life = g->depreciation_usd > 0.0 ? fmax(1.0, g->book_usd / g->depreciation_usd) : 1.0;
        if (x * g->mw > 0.0) accounts_revalue(e, accounts_of(e, SECTOR_CLOUDS, to), INSTRUMENT_CAPITAL, paid);
        clouds_add_vintage(b, v, x * g->mw, g->perf, paid, life, g->installed_step);
        double before = g->book_usd;
        g->mw *= keep;
        g->book_usd *= keep;
        accounts_revalue(e, accounts_of(e, SECTOR_CLOUDS, from), INSTRUMENT_CAPITAL, g->book_usd - before);
        g->depreciation_usd *= keep;
    }
    b->capacity_mw += x * a->capacity_mw;
    a->capacity_mw *= keep;
    /* sites: each keeps the months it has left (at most the buyer's lead time) */
    unsigned from_months = s->clouds[from].build_months, to_months = s->clouds[to].build_months;
    double sites = x * a->ready_mw;
    b->ready_mw += x * a->ready_mw;
    a->ready_mw *= keep;
    for (unsigned i = 0; i <= from_months; i++) {
        unsigned j = i < to_months ? i : to_months - 1;
        b->pipeline[j] += x * a->pipeline[i];
        sites += x * a->pipeline[i];
        a->pipeline[i] *= keep;
    }
    b->building_mw += sites;
    a->building_mw *= keep;
    /* chips: those delivered move with the sites; the rest are ordered anew */
    double chips = x * a->chips_received_mw;
    b->chips_received_mw += chips;
    a->chips_received_mw *= keep;
    double order = fmax(0.0, sites - chips);
    if (order > 0.0) {
        double blocked = chips_order(s, e, to, order);
        b->chips_waiting_mw += order - blocked;
        b->unfilled_mw += blocked;
    }
}

void resale_sell(const scenario *s, economy *e, uint32_t step)
{
    for (unsigned k = 0; k < e->clouds; k++) e->cloud[k].acquisitions = e->cloud[k].acquired_mw = 0.0;
    for (unsigned k = 0; k < e->clouds; k++) {
        if (!economy_cloud_gone(e, k, step)) continue;
        double mw = e->cloud[k].capacity_mw + sites_mw(s, e, k);
        if (mw <= 1e-9) continue;
        double weight = 0.0, value = resale_value(s, e, k), book = 0.0;
        for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) book += e->cloud[k].vintage[v].book_usd;
        for (unsigned b = 0; b < e->clouds; b++) {
            if (!e->cloud[b].defaulted && e->cloud[b].region == e->cloud[k].region) weight += e->cloud[b].capacity_mw + 1.0;
        }
        if (weight <= 0.0) continue;   /* nobody to bid: it stands idle */
        /* shares of the whole, fixed before any transfer (the seller shrinks as it sells) */
        double share[SCENARIO_MAX_CLOUDS] = {0}, sold = 0.0;
        for (unsigned b = 0; b < e->clouds; b++) {
            if (e->cloud[b].defaulted || e->cloud[b].region != e->cloud[k].region) continue;
            double bid = value * (e->cloud[b].capacity_mw + 1.0) / weight;
            double paid = fmin(bid, 0.5 * fmax(0.0, e->cloud[b].cash));
            share[b] = bid > 0.0 ? (e->cloud[b].capacity_mw + 1.0) / weight * paid / bid
                                 : (e->cloud[b].capacity_mw + 1.0) / weight;
            finance_pay_for(e, FLOW_ACQUISITIONS, SECTOR_CLOUDS, &e->cloud[b].cash, SECTOR_INVESTORS, NULL, paid);
            e->cloud[b].acquisitions += paid;
        }
        for (unsigned b = 0; b < e->clouds; b++) {
            if (share[b] <= 0.0) continue;
            /* x of what is left now = share of the whole / what is left of it */
            double left = 1.0 - sold, x = left > 0.0 ? fmin(1.0, share[b] / left) : 0.0;
            double before = e->cloud[b].capacity_mw + e->cloud[b].building_mw;
            resale_transfer(s, e, k, b, x, share[b] * s->clouds[k].distressed_share * book);
            e->cloud[b].acquired_mw += e->cloud[b].capacity_mw + e->cloud[b].building_mw - before;
            sold += share[b];
        }
    }
}
