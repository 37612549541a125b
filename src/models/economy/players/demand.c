/* demand.c — where labs can sell, and demand that answers prices and quality (see demand.h;
 * docs/ODD.md 3.3.4).
 *
 * Markets: a lab's `markets` list names the regions whose households and firms may choose it; a
 * lab that lists none sells everywhere, so scenarios written before the list existed mean what they
 * meant. economy_offers gives an unavailable lab the utility -INFINITY, which the logit (choice.c)
 * never picks: the agent loops are untouched.
 * Use: tokens per user and per firm are the scenario's (growing with token_growth) times a constant-
 * elasticity factor in the lab's API price against a reference price path and in its quality
 * against the best lab's. The reference path is the one along which token_growth was measured, so a
 * lab that charges the reference price sees the scenario's tokens, a cheaper one more; with an
 * elasticity above 1 its spending (tokens × price) rises as its price falls (the rebound or Jevons
 * case). Quality enters relative to the best lab, so it shifts use between labs and adds no trend
 * of its own. Adoption: a household's hazard is scaled by how far its budget falls short of the
 * cheapest subscription in its region. Firms' return: the sector's ROI scaled by quality, by the
 * share of its demand the lab served last month and by price against the reference.
 * Open weights: a free option beside the labs (provider index = the number of labs), of a quality
 * that follows the best lab's with a first-order lag; firms that run it rent compute on the market
 * at its price, households run it for free (on their own devices or free services).
 * Everything here runs per (lab), (region, class, lab) or (sector, lab) and step, never per agent:
 * a few hundred pow() a step. */
#include "aiecon/models/economy/players/demand.h"
#include "aiecon/models/economy/players/labs.h"

#include <math.h>
#include <string.h>

int demand_sells_in(const scenario *s, unsigned l, unsigned r)
{
    const scenario_lab *lab = &s->labs[l];
    if (lab->market_count == 0) return 1;
    for (unsigned k = 0; k < lab->market_count; k++) {
        if (strcmp(lab->markets[k].region, s->regions[r].name) == 0) return 1;
    }
    return 0;
}

int demand_sells_wherever(const scenario *s, unsigned b, unsigned l)
{
    for (unsigned r = 0; r < s->region_count; r++) {
        if (demand_sells_in(s, l, r) && !demand_sells_in(s, b, r)) return 0;
    }
    return 1;
}

double demand_reference_price(const scenario_choice *c, double own_start, uint32_t month)
{
    double start = c->price_reference_usd_per_mtok > 0.0 ? c->price_reference_usd_per_mtok : own_start;
    return start * pow(1.0 - c->price_reference_decline, month / 12.0);
}

double demand_use(double price, double reference, double price_elasticity, double quality, double best,
                  double quality_elasticity)
{
    double f = 1.0;
    if (price_elasticity != 0.0 && price > 0.0 && reference > 0.0) f *= pow(price / reference, -price_elasticity);
    if (quality_elasticity != 0.0 && quality > 0.0 && best > 0.0) f *= pow(quality / best, quality_elasticity);
    return f;
}

/* Highest quality among the labs that stand (0 if none). */
static double best_standing(const economy *e)
{
    double best = 0.0;
    for (unsigned l = 0; l < e->labs; l++) {
        if (!e->lab[l].defaulted && e->lab[l].quality > best) best = e->lab[l].quality;
    }
    return best;
}

void demand_use_factors(const scenario *s, const economy *e, uint32_t step, double *hh, double *biz)
{
    const scenario_choice *ch = &s->households.choice, *cb = &s->businesses.choice;
    uint32_t month = step > 0 ? step - 1 : 0;
    double best = best_standing(e);
    for (unsigned l = 0; l < e->labs; l++) {
        const lab_state *lab = &e->lab[l];
        double start = s->labs[l].api_usd_per_mtok;
        hh[l] = demand_use(lab->api_usd_per_mtok, demand_reference_price(ch, start, month), ch->use_price_elasticity,
                           lab->quality, best, ch->use_quality_elasticity);
        biz[l] = demand_use(lab->api_usd_per_mtok, demand_reference_price(cb, start, month), cb->use_price_elasticity,
                            lab->quality, best, cb->use_quality_elasticity);
    }
}

double demand_affordability(double budget, double cheapest, double weight)
{
    if (weight == 0.0 || !(cheapest > 0.0) || budget >= cheapest) return 1.0;
    return budget > 0.0 ? pow(budget / cheapest, weight) : 0.0;
}

double demand_roi(const scenario *s, const economy *e, unsigned sector, unsigned l, double best, uint32_t step)
{
    const scenario_businesses *b = &s->businesses;
    const lab_state *lab = &e->lab[l];
    if (!(best > 0.0)) return 0.0;
    double roi = b->sectors[sector].roi * lab->quality / best;
    roi *= 1.0 - b->roi_rationing * (1.0 - lab->served_share);
    if (b->roi_price_elasticity != 0.0 && lab->api_usd_per_mtok > 0.0) {
        double reference = demand_reference_price(&b->choice, s->labs[l].api_usd_per_mtok, step);
        roi *= pow(reference / lab->api_usd_per_mtok, b->roi_price_elasticity);
    }
    return roi;
}

int demand_open_offered(const scenario *s)
{
    return s->businesses.open_weight_lag_months > 0.0 && s->lab_count < OFFERS_MAX_LABS;
}

/* Tokens a reference MW serves at step t for open weights [million tokens/(reference MW·month)]:
 * algorithmic progress applies as in the labs' value of a MW (market.c). */
static double open_mtok_per_mw(const scenario *s, uint32_t t)
{
    return s->businesses.open_weight_serving_mtok_per_mw * pow(1.0 + s->investors.algorithmic_progress, t / 12.0);
}

double demand_open_usd_per_mtok(const scenario *s, const economy *e)
{
    return e->compute_price / open_mtok_per_mw(s, e->step);
}

void demand_open_need(const scenario *s, economy *e, uint32_t step, const economy_tally *t)
{
    e->open_need_mw = 0.0;
    if (!demand_open_offered(s)) return;
    unsigned o = e->labs;
    double tokens = 0.0;
    for (unsigned r = 0; r < s->region_count; r++) {
        for (unsigned k = 0; k < s->businesses.size_count; k++) {
            tokens += ((double)t->biz_pilot[o][r][k] * s->businesses.sizes[k].tokens_pilot_mtok +
                       (double)t->biz_production[o][r][k] * s->businesses.sizes[k].tokens_production_mtok) *
                      e->macro.demand_index[r];   /* firms' budgets grow with output over its trend (macro.h) */
        }
    }
    e->open_need_mw = tokens * labs_business_token_growth(s, step) / open_mtok_per_mw(s, step);
}

void demand_open_follow(const scenario *s, economy *e)
{
    double best = best_standing(e);
    if (demand_open_offered(s) && best > e->open_quality) {
        e->open_quality += (best - e->open_quality) / fmax(1.0, s->businesses.open_weight_lag_months);
    }
}
