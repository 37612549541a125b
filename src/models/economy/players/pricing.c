/* pricing.c — the price markets and the best-response solver (see pricing.h; docs/ODD.md 3.3.11).
 *
 * Demand is the agents' own: households choose a lab by the logit of economy_offers (quality,
 * brand, price against their budget) and pay with the paid-share curve; firms choose by the logit
 * on price against the mean API price and use tokens at the constant elasticity of demand.h. A lab
 * prices against the users and firms there are (the step's tally), as if each of them chose
 * again at the new prices: the static demand of a logit market (Anderson, de Palma & Thisse 1992,
 * ch. 7; Berry 1994). The neighbour term of the agents' utility is left out (a lab cannot price
 * one neighbourhood at a time), and so are the slower channels (adoption hazard, firms' ROI, the
 * households' token use at the API price). A lab's objective is its own profit + conduct × its
 * rivals' (conduct 0: Bertrand–Nash; 1: joint profit, a cartel; below 0: it also wants its rivals'
 * profit down, relative-profit rivalry, a price war; Schaffer 1989, Vickers 1985). One best response
 * is a one-dimensional maximisation on log price over the lab's band: a 24-point grid, then GSL's
 * Brent minimiser between the neighbours of the best grid point (profit need not be concave in the
 * band, the grid keeps the solver on the global maximum's hill). Cost: per call of a profit function
 * O(segments × labs); per quarter rounds × labs × 2 markets × ~60 calls: far below a millisecond. */
#include "aiecon/models/economy/players/pricing.h"

#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>

#include "aiecon/models/economy/populations/choice.h"

enum { PRICING_GRID = 24, PRICING_BRENT_ITERATIONS = 100 };

void pricing_consumer_profits(const void *market, const double *price, double *profit)
{
    const pricing_consumers *m = market;
    double u[SCENARIO_MAX_LABS + 1], share[SCENARIO_MAX_LABS + 1];
    for (unsigned l = 0; l < m->labs; l++) profit[l] = 0.0;
    for (unsigned j = 0; j < m->segments; j++) {
        double budget = m->budget[j] > 0.0 ? m->budget[j] : 1.0;
        for (unsigned l = 0; l < m->labs; l++) {
            u[l] = m->sells[j][l] ? m->base[l] - m->price_weight * price[l] / budget : -INFINITY;
        }
        u[m->labs] = m->outside[j];
        if (m->people[j] <= 0.0 || choice_probabilities(u, m->labs + 1, share) != 0) continue;
        for (unsigned l = 0; l < m->labs; l++) {
            if (!(share[l] > 0.0)) continue;
            double paid = price[l] > 0.0 ? fmin(1.0, m->paid_base * pow(m->budget[j] / price[l], m->paid_elasticity)) : 1.0;
            profit[l] += m->people[j] * share[l] *
                         (paid * (price[l] - m->cost_paid[l]) - (1.0 - paid) * m->cost_free[l]);
        }
    }
}

void pricing_firm_profits(const void *market, const double *price, double *profit)
{
    const pricing_firms *m = market;
    double u[SCENARIO_MAX_LABS + 1], share[SCENARIO_MAX_LABS + 1], mean = 0.0;
    unsigned standing = 0;
    for (unsigned l = 0; l < m->labs; l++) {
        profit[l] = 0.0;
        if (m->base[l] > -INFINITY) {
            mean += price[l];
            standing++;
        }
    }
    mean = standing > 0 && mean > 0.0 ? mean / standing : 1.0;   /* as business_offers */
    for (unsigned j = 0; j < m->segments; j++) {
        for (unsigned l = 0; l < m->labs; l++) {
            u[l] = m->sells[j][l] ? m->base[l] - m->price_weight * price[l] / mean : -INFINITY;
        }
        u[m->labs] = m->outside_base - m->price_weight * m->outside_price / mean;
        if (m->firms[j] <= 0.0 || choice_probabilities(u, m->labs + 1, share) != 0) continue;
        for (unsigned l = 0; l < m->labs; l++) {
            if (!(share[l] > 0.0)) continue;
            double use = m->reference[l] > 0.0 && price[l] > 0.0 ? pow(price[l] / m->reference[l], -m->use_elasticity) : 1.0;
            profit[l] += m->firms[j] * share[l] * m->tokens[j] * use * (price[l] - m->cost[l]);
        }
    }
}

typedef struct objective {
    pricing_profit_fn profit;
    const void *market;
    double *price;
    const int *standing;
    unsigned l, labs;
    double conduct;
} objective;

/* −(own profit + conduct × rivals' profit) at price exp(log_p) for lab o->l. */
static double minus_objective(double log_p, void *params)
{
    const objective *o = params;
    double saved = o->price[o->l], profit[SCENARIO_MAX_LABS];
    o->price[o->l] = exp(log_p);
    o->profit(o->market, o->price, profit);
    o->price[o->l] = saved;
    double value = profit[o->l];
    for (unsigned k = 0; k < o->labs; k++) {
        if (k != o->l && o->standing[k]) value += o->conduct * profit[k];
    }
    return -value;
}

/* Brent's minimiser on [a, b] from the guess x (f(x) below both ends) [log price]. */
static double brent(gsl_function *f, double a, double x, double b)
{
    gsl_min_fminimizer *solver = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    if (solver == NULL) return x;
    gsl_error_handler_t *handler = gsl_set_error_handler_off();
    double best = x;
    if (gsl_min_fminimizer_set(solver, f, x, a, b) == GSL_SUCCESS) {
        for (int it = 0; it < PRICING_BRENT_ITERATIONS; it++) {
            if (gsl_min_fminimizer_iterate(solver) != GSL_SUCCESS) break;
            best = gsl_min_fminimizer_x_minimum(solver);
            double lo = gsl_min_fminimizer_x_lower(solver), hi = gsl_min_fminimizer_x_upper(solver);
            if (gsl_min_test_interval(lo, hi, 1e-10, 0.0) == GSL_SUCCESS) break;
        }
    }
    gsl_set_error_handler(handler);
    gsl_min_fminimizer_free(solver);
    return best;
}

double pricing_best_response(pricing_profit_fn profit, const void *market, double *price, unsigned l,
                             const int *standing, unsigned labs, double conduct, double low, double high)
{
    if (!(low > 0.0) || !(high > low)) return low > 0.0 ? low : price[l];
    objective o = {profit, market, price, standing, l, labs, conduct};
    gsl_function f = {minus_objective, &o};
    double x[PRICING_GRID], v[PRICING_GRID], a = log(low), b = log(high);
    unsigned best = 0;
    for (unsigned i = 0; i < PRICING_GRID; i++) {
        x[i] = a + (b - a) * i / (PRICING_GRID - 1);
        v[i] = minus_objective(x[i], &o);
        if (v[i] < v[best]) best = i;
    }
    if (best == 0 || best == PRICING_GRID - 1 || !(v[best] < v[best - 1] && v[best] < v[best + 1])) {
        return exp(x[best]);
    }
    return exp(brent(&f, x[best - 1], x[best], x[best + 1]));
}

void pricing_iterate(pricing_profit_fn profit, const void *market, double *price, const int *standing,
                     const int *moves, unsigned labs, const double *conduct, const double *low,
                     const double *high, unsigned rounds)
{
    for (unsigned round = 0; round < rounds; round++) {
        for (unsigned l = 0; l < labs; l++) {
            if (!moves[l]) continue;
            price[l] = pricing_best_response(profit, market, price, l, standing, labs, conduct[l], low[l], high[l]);
        }
    }
}
