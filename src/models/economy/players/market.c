/* market.c — the market for compute (see market.h; docs/ODD.md section 3.3.10).
 *
 * Units: the market trades reference MW-months (a MW of the start's chips for a month); a vintage
 * of performance π offers π reference MW per MW, so new generations add supply faster than MW and
 * the price per reference unit falls. A reference GPU-hour is 1 / (u × 720) of a reference
 * MW-month, u the accelerators in a MW (market shares × units_per_mw).
 * Supply: each cloud not defaulted offers the capacity its contracts do not use, Q_k reference MW,
 * as the share p^η / (p^η + c_k^η) of it, c_k its rental cost of a reference MW (the user cost of
 * capital of its newest chips, capex × (rate + spread + 1/life) / 12 / performance, plus energy
 * and upkeep / performance: Jorgenson's rental price) and η its supply_elasticity. Demand: each lab
 * not defaulted rents for the inference demand its contracts do not serve, G_l reference MW, the
 * share w_l^ε / (w_l^ε + p^ε), w_l what the API tokens a reference MW serves sell for (API price ×
 * tokens per reference MW × algorithmic progress) and ε its spot_elasticity; firms rent for open
 * models on a curve of the same shape, N_B w_B^ε_B / (w_B^ε_B + p^ε_B), w_B the labs' mean value w
 * and N_B what they need (open_compute_mw plus what the firms that chose open weights need,
 * demand.c): like a lab, a firm rents at most what it needs, so its bill falls with the price
 * instead of growing without bound when compute is cheap. Excess
 * demand is strictly decreasing in p, so the price that clears is unique: GSL's Brent solver finds
 * it on log p. Every quantity is a pure function of the replicated state, so every rank finds the
 * same price. Cost: O(solver iterations × (labs + clouds)) per step, about 30 × 70 evaluations. */
#include "aiecon/models/economy/players/market.h"

#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "aiecon/models/economy/players/chips.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/labs.h"

double market_supplied(const market_curve *c, double p)
{
    if (c->quantity <= 0.0) return 0.0;
    double x = pow(c->price / p, c->elasticity);   /* (c / p)^η: share = 1 / (1 + x) */
    return c->quantity / (1.0 + x);
}

double market_demanded(const market_curve *c, double p)
{
    if (c->quantity <= 0.0) return 0.0;
    double x = pow(p / c->price, c->elasticity);
    return c->quantity / (1.0 + x);
}

typedef struct market_sides {
    const market_curve *supply, *demand;
    unsigned suppliers, buyers;
} market_sides;

/* Excess demand at p = exp(log_p) [reference MW]: decreasing in p. */
static double excess(double log_p, void *params)
{
    const market_sides *m = params;
    double p = exp(log_p), d = 0.0;
    for (unsigned i = 0; i < m->buyers; i++) d += market_demanded(&m->demand[i], p);
    for (unsigned i = 0; i < m->suppliers; i++) d -= market_supplied(&m->supply[i], p);
    return d;
}

double market_solve(const market_curve *supply, unsigned suppliers, const market_curve *demand, unsigned buyers,
                    double fallback)
{
    double offered = 0.0, wanted = 0.0, lo = INFINITY, hi = 0.0;
    for (unsigned i = 0; i < suppliers; i++) {
        if (supply[i].quantity <= 0.0) continue;
        offered += supply[i].quantity;
        lo = fmin(lo, supply[i].price);
        hi = fmax(hi, supply[i].price);
    }
    for (unsigned i = 0; i < buyers; i++) {
        if (demand[i].quantity <= 0.0) continue;
        wanted += demand[i].quantity;
        lo = fmin(lo, demand[i].price);
        hi = fmax(hi, demand[i].price);
    }
    if (!(lo > 0.0)) return fallback;
    /* one side empty: nothing trades; nothing offered keeps the last price, a glut without buyers
     * falls to the cheapest supplier's cost */
    if (offered <= 0.0) return fallback;
    if (wanted <= 0.0) {
        double cheapest = INFINITY;
        for (unsigned i = 0; i < suppliers; i++) {
            if (supply[i].quantity > 0.0) cheapest = fmin(cheapest, supply[i].price);
        }
        return cheapest;
    }
    market_sides m = {supply, demand, suppliers, buyers};
    /* widen the bracket until excess demand changes sign (it is decreasing in p, positive for
     * p -> 0 and negative for p -> infinity when something is offered) */
    double a = log(lo) - 1.0, b = log(hi) + 1.0;
    for (int i = 0; i < 60 && excess(a, &m) < 0.0; i++) a -= 2.0;
    for (int i = 0; i < 60 && excess(b, &m) > 0.0; i++) b += 2.0;
    if (excess(a, &m) < 0.0 || excess(b, &m) > 0.0) return fallback;
    gsl_function f = {excess, &m};
    gsl_root_fsolver *solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (solver == NULL) return fallback;
    gsl_error_handler_t *handler = gsl_set_error_handler_off();
    double root = 0.5 * (a + b);
    if (gsl_root_fsolver_set(solver, &f, a, b) == GSL_SUCCESS) {
        for (int it = 0; it < 200; it++) {
            if (gsl_root_fsolver_iterate(solver) != GSL_SUCCESS) break;
            root = gsl_root_fsolver_root(solver);
            double x_lo = gsl_root_fsolver_x_lower(solver), x_hi = gsl_root_fsolver_x_upper(solver);
            if (gsl_root_test_interval(x_lo, x_hi, 1e-12, 0.0) == GSL_SUCCESS) break;
        }
    }
    gsl_set_error_handler(handler);
    gsl_root_fsolver_free(solver);
    return exp(root);
}

double market_start_price(const scenario *s)
{
    double mw = 0.0, usd = 0.0;
    for (unsigned k = 0; k < s->cloud_count; k++) {
        mw += s->clouds[k].capacity_mw + 1.0;
        usd += (s->clouds[k].capacity_mw + 1.0) * s->clouds[k].lease_usd_per_mw_month;
    }
    return mw > 0.0 ? usd / mw : 0.0;
}

double market_units_per_mw(const scenario *s)
{
    double units = 0.0;
    for (unsigned m = 0; m < s->chipmaker_count; m++) units += s->chipmakers[m].market_share * s->chipmakers[m].units_per_mw;
    return units;
}

double market_usd_per_gpu_hour(const scenario *s, double usd_per_mw_month)
{
    double units = market_units_per_mw(s);
    return units > 0.0 ? usd_per_mw_month / (units * 720.0) : 0.0;
}

/* Hardware performance per MW of cloud k's fleet in service [1] (1 when empty). */
static double cloud_perf(const cloud_state *c)
{
    double mw = 0.0, perf_mw = 0.0;
    for (unsigned v = 0; v < ECONOMY_MAX_VINTAGES; v++) {
        mw += c->vintage[v].mw;
        perf_mw += c->vintage[v].mw * c->vintage[v].perf;
    }
    return mw > 0.0 ? perf_mw / mw : 1.0;
}

/* Cloud k's rental cost of a reference MW-month: user cost of capital of its newest chips plus
 * energy and upkeep, per unit of their performance [USD/(reference MW·month)]. */
static double rental_cost(const scenario *s, const economy *e, unsigned k)
{
    const scenario_cloud *in = &s->clouds[k];
    double perf = chips_frontier_perf_in(s, e, e->cloud[k].region, 0.0);
    double capital = in->capex_usd_per_mw * (s->investors.rate + e->investors.spread + 1.0 / in->depreciation_years) / 12.0;
    double running = 720.0 * e->grid[e->cloud[k].region].price_usd_per_mwh + in->upkeep_usd_per_mw_month;
    return (capital + running) / perf;
}

void market_clear(const scenario *s, economy *e, uint32_t step)
{
    /* demand: the labs', then the firms' renting for open models (index e->labs) */
    market_curve supply[SCENARIO_MAX_CLOUDS] = {{0}}, demand[SCENARIO_MAX_LABS + 1] = {{0}};
    double fleet = clouds_fleet_perf(s, e), algo = pow(1.0 + s->investors.algorithmic_progress, step / 12.0);
    double value_sum = 0.0;
    unsigned open_labs = 0;
    for (unsigned k = 0; k < e->clouds; k++) {
        cloud_state *c = &e->cloud[k];
        c->let_mw = 0.0;
        if (c->defaulted || s->clouds[k].spv) continue;   /* an SPV lets nothing: its income is its lease */
        double idle = fmax(0.0, c->capacity_mw - clouds_contracted_mw(e, k, step));
        supply[k] = (market_curve){idle * cloud_perf(c), rental_cost(s, e, k), s->clouds[k].supply_elasticity};
    }
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        const scenario_lab *in = &s->labs[l];
        lab->rented_mw = lab->rent_usd = 0.0;
        if (lab->defaulted) continue;
        double value = lab->api_usd_per_mtok * in->serving_mtok_per_mw * algo;   /* per reference MW-month */
        value_sum += value;
        open_labs++;
        double gap = fmax(0.0, lab->demand_mw - (1.0 - in->training_share) * lab->capacity_mw);
        demand[l] = (market_curve){gap * fleet, value, in->spot_elasticity};
    }
    const scenario_businesses *b = &s->businesses;
    market_curve *firms = &demand[e->labs];
    if (open_labs > 0 && value_sum > 0.0) {   /* + firms running open weights (demand.c) */
        *firms = (market_curve){b->open_compute_mw + e->open_need_mw, value_sum / open_labs, b->open_compute_elasticity};
    }
    double p = market_solve(supply, e->clouds, demand, e->labs + 1, e->compute_price);
    e->compute_price = p;
    e->compute_price_smoothed += (p - e->compute_price_smoothed) / MARKET_SMOOTHING_MONTHS;
    double rented = 0.0, offered = 0.0;
    for (unsigned l = 0; l < e->labs; l++) {
        double ref = market_demanded(&demand[l], p);
        e->lab[l].rented_mw = ref / fleet;
        e->lab[l].rent_usd = ref * p;
        rented += ref;
    }
    e->open_rented_mw = market_demanded(firms, p);
    rented += e->open_rented_mw;
    for (unsigned k = 0; k < e->clouds; k++) offered += market_supplied(&supply[k], p);
    /* what is let is what is rented (equal at the root up to the solver's tolerance), shared by offer */
    for (unsigned k = 0; k < e->clouds; k++) {
        e->cloud[k].let_mw = offered > 0.0 ? rented * market_supplied(&supply[k], p) / offered : 0.0;
    }
    if (offered <= 0.0) {   /* nothing offered: nothing rented */
        for (unsigned l = 0; l < e->labs; l++) e->lab[l].rented_mw = e->lab[l].rent_usd = 0.0;
        e->open_rented_mw = 0.0;
    }
    e->open_rent_usd = e->open_rented_mw * p;
    for (unsigned l = 0; l < e->labs; l++) labs_serve(s, e, l);
}
