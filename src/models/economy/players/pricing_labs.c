/* pricing_labs.c — the labs' quarterly pricing decision (see pricing.h; docs/ODD.md 3.3.11): the
 * two price markets filled from the scenario, the players' state and the step's tally, the
 * Gauss–Seidel best responses (pricing.c), and the move of each lab's price ratio toward them.
 *
 * Prices are kept as ratios to the lab's list path (subscription_usd; the API's list price falling
 * at api_price_decline), so that between two decisions the API price keeps falling with its list
 * path, a lab that does not set prices (price_adjust_speed 0) charges its list path as before, and
 * the band [price_floor, price_ceiling] × list bounds every best response. The marginal cost of a
 * million tokens is what the compute market charges for the reference MW-month that serves them:
 * compute_price / (serving_mtok_per_mw × algorithmic progress), the value market.c puts on a MW. The
 * distress factor (distress.c) multiplies the prices the lab sets, after the best responses, which
 * are computed on set prices: a lab short of runway charges more than its best response.
 * Cost: O(rounds × labs² × segments) exp() and pow() per quarter, for the replicated players only. */
#include "aiecon/models/economy/players/pricing.h"

#include <math.h>
#include <string.h>

#include "aiecon/models/economy/players/demand.h"
#include "aiecon/models/economy/players/labs.h"

enum { PRICING_ROUNDS = 5, PRICING_PERIOD = 3 };

double pricing_api_list(const scenario_lab *in, uint32_t step)
{
    return in->api_usd_per_mtok * pow(1.0 - in->api_price_decline, step / 12.0);
}

void pricing_apply(const scenario *s, economy *e, unsigned l, uint32_t step)
{
    lab_state *lab = &e->lab[l];
    const scenario_lab *in = &s->labs[l];
    lab->subscription_usd = in->subscription_usd * lab->subscription_ratio * lab->price_factor;
    lab->api_usd_per_mtok = pricing_api_list(in, step) * lab->api_ratio * lab->price_factor;
}

/* What a million tokens of lab l costs at the compute market's price [USD/Mtok]. */
static double cost_per_mtok(const scenario *s, const economy *e, unsigned l, uint32_t step)
{
    double per_mw = s->labs[l].serving_mtok_per_mw * pow(1.0 + s->investors.algorithmic_progress, step / 12.0);
    return per_mw > 0.0 ? e->compute_price / per_mw : 0.0;
}

static void fill_consumers(const scenario *s, const economy *e, uint32_t step, const economy_tally *t,
                           pricing_consumers *m)
{
    const scenario_households *h = &s->households;
    double use_hh[SCENARIO_MAX_LABS], use_biz[SCENARIO_MAX_LABS];
    demand_use_factors(s, e, step, use_hh, use_biz);
    double growth = labs_household_token_growth(s, step);
    unsigned choices = e->labs + (demand_open_offered(s) ? 1u : 0u);
    memset(m, 0, sizeof *m);
    m->labs = e->labs;
    m->price_weight = h->choice.price_weight;
    m->paid_base = h->paid_base;
    m->paid_elasticity = h->paid_elasticity;
    for (unsigned l = 0; l < e->labs; l++) {
        double cost = cost_per_mtok(s, e, l, step) * growth * use_hh[l];
        m->base[l] = e->lab[l].defaulted ? -INFINITY : h->choice.quality_weight * e->lab[l].quality + s->labs[l].brand;
        m->cost_paid[l] = h->tokens_paid_mtok * cost;
        m->cost_free[l] = 0.0;   /* the free tier is the labs' marketing: its cost does not enter the price */
    }
    double outside = demand_open_offered(s)
        ? h->choice.quality_weight * e->open_quality + s->businesses.open_weight_brand : -INFINITY;
    for (unsigned r = 0; r < s->region_count; r++) {
        double users = 0.0;
        for (unsigned l = 0; l < choices; l++) users += (double)t->hh_users[l][r];
        for (unsigned c = 0; c < h->income_count; c++) {
            unsigned j = m->segments++;
            m->people[j] = users * h->income[c].share;
            m->budget[j] = h->income[c].budget_usd;
            m->outside[j] = outside;
            for (unsigned l = 0; l < e->labs; l++) m->sells[j][l] = !e->lab[l].defaulted && demand_sells_in(s, l, r);
        }
    }
}

static void fill_firms(const scenario *s, const economy *e, uint32_t step, const economy_tally *t, pricing_firms *m)
{
    const scenario_businesses *b = &s->businesses;
    double growth = labs_business_token_growth(s, step);
    unsigned choices = e->labs + (demand_open_offered(s) ? 1u : 0u);
    memset(m, 0, sizeof *m);
    m->labs = e->labs;
    m->price_weight = b->choice.price_weight;
    m->use_elasticity = b->choice.use_price_elasticity;
    for (unsigned l = 0; l < e->labs; l++) {
        m->base[l] = e->lab[l].defaulted ? -INFINITY
            : b->choice.quality_weight * e->lab[l].quality + s->labs[l].brand + s->labs[l].business_brand;
        m->cost[l] = cost_per_mtok(s, e, l, step);
        m->reference[l] = demand_reference_price(&b->choice, s->labs[l].api_usd_per_mtok, step > 0 ? step - 1 : 0);
    }
    m->outside_base = demand_open_offered(s) ? b->choice.quality_weight * e->open_quality + b->open_weight_brand : -INFINITY;
    m->outside_price = demand_open_offered(s) ? demand_open_usd_per_mtok(s, e) : 0.0;
    for (unsigned r = 0; r < s->region_count; r++) {
        for (unsigned k = 0; k < b->size_count; k++) {
            double firms = 0.0, tokens = 0.0;
            for (unsigned l = 0; l < choices; l++) {
                double pilot = (double)t->biz_pilot[l][r][k], production = (double)t->biz_production[l][r][k];
                firms += pilot + production;
                tokens += pilot * b->sizes[k].tokens_pilot_mtok + production * b->sizes[k].tokens_production_mtok;
            }
            unsigned j = m->segments++;
            m->firms[j] = firms;
            m->tokens[j] = (firms > 0.0 ? tokens / firms : b->sizes[k].tokens_production_mtok) * growth;
            for (unsigned l = 0; l < e->labs; l++) m->sells[j][l] = !e->lab[l].defaulted && demand_sells_in(s, l, r);
        }
    }
}

/* Best responses in one market from the set prices list × ratio; the ratios moved toward them. */
static void decide(const scenario *s, pricing_profit_fn profit, const void *market, const double *list,
                   const int *standing, const int *moves, double *ratio[SCENARIO_MAX_LABS], unsigned labs)
{
    double price[SCENARIO_MAX_LABS] = {0}, low[SCENARIO_MAX_LABS] = {0}, high[SCENARIO_MAX_LABS] = {0};
    double conduct[SCENARIO_MAX_LABS] = {0};
    for (unsigned l = 0; l < labs; l++) {
        price[l] = list[l] * *ratio[l];
        low[l] = list[l] * s->labs[l].price_floor;
        high[l] = list[l] * s->labs[l].price_ceiling;
        conduct[l] = s->labs[l].conduct;
    }
    pricing_iterate(profit, market, price, standing, moves, labs, conduct, low, high, PRICING_ROUNDS);
    for (unsigned l = 0; l < labs; l++) {
        if (!moves[l] || !(list[l] > 0.0) || !(price[l] > 0.0)) continue;
        double speed = s->labs[l].price_adjust_speed;
        *ratio[l] = exp((1.0 - speed) * log(*ratio[l]) + speed * log(price[l] / list[l]));
    }
}

void pricing_set(const scenario *s, economy *e, uint32_t step, const economy_tally *t)
{
    if (step % PRICING_PERIOD != 0) return;
    int standing[SCENARIO_MAX_LABS], moves[SCENARIO_MAX_LABS], any = 0;
    double sub_list[SCENARIO_MAX_LABS], api_list[SCENARIO_MAX_LABS];
    double *sub_ratio[SCENARIO_MAX_LABS], *api_ratio[SCENARIO_MAX_LABS];
    for (unsigned l = 0; l < e->labs; l++) {
        standing[l] = !e->lab[l].defaulted;
        moves[l] = standing[l] && s->labs[l].price_adjust_speed > 0.0 && step > s->labs[l].price_setting_after;
        any |= moves[l];
        sub_list[l] = s->labs[l].subscription_usd;
        api_list[l] = pricing_api_list(&s->labs[l], step);
        sub_ratio[l] = &e->lab[l].subscription_ratio;
        api_ratio[l] = &e->lab[l].api_ratio;
    }
    if (!any) return;
    pricing_consumers consumers;
    pricing_firms firms;
    fill_consumers(s, e, step, t, &consumers);
    fill_firms(s, e, step, t, &firms);
    decide(s, pricing_consumer_profits, &consumers, sub_list, standing, moves, sub_ratio, e->labs);
    decide(s, pricing_firm_profits, &firms, api_list, standing, moves, api_ratio, e->labs);
    for (unsigned l = 0; l < e->labs; l++) {
        if (moves[l]) pricing_apply(s, e, l, step);
    }
}
