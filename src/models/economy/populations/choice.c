/* choice.c — multinomial logit probabilities and the choice a uniform makes (see choice.h).
 *
 * Households and businesses choose a lab with it when they adopt or switch, so it runs only for
 * the few agents that choose in a step, never for every agent. Stable: the largest utility is
 * subtracted before exp(), so utilities of ±1000 neither overflow nor underflow to 0/0. Utilities
 * of -INFINITY (a lab that cannot take users) get probability 0; +INFINITY entries, if any, share
 * the probability equally (the limit of the logit). NaN utilities are a caller bug (treated as
 * -INFINITY, never chosen). Cost: n exp() calls and no allocation; pure, so it gives the same
 * result on every rank. */
#include "aiecon/models/economy/populations/choice.h"

#include <math.h>

/* Unnormalised weights exp(u - max) into w; returns their sum (0 when nothing can be chosen). */
static double logit_weights(const double *utility, unsigned n, double *w)
{
    double top = -INFINITY;
    for (unsigned i = 0; i < n; i++) {
        if (utility[i] > top) {
            top = utility[i];
        }
    }
    double sum = 0.0;
    for (unsigned i = 0; i < n; i++) {
        double u = utility[i];
        if (top == INFINITY) {
            w[i] = u == INFINITY ? 1.0 : 0.0;
        } else {
            w[i] = u > -INFINITY ? exp(u - top) : 0.0; /* false for NaN too */
        }
        sum += w[i];
    }
    return top > -INFINITY ? sum : 0.0;
}

int choice_probabilities(const double *utility, unsigned n, double *prob)
{
    double sum = logit_weights(utility, n, prob);
    if (!(sum > 0.0)) {
        for (unsigned i = 0; i < n; i++) {
            prob[i] = 0.0;
        }
        return -1;
    }
    double scale = 1.0 / sum;
    for (unsigned i = 0; i < n; i++) {
        prob[i] *= scale;
    }
    return 0;
}

int choice_logit(const double *utility, unsigned n, double x, double *scratch)
{
    double sum = logit_weights(utility, n, scratch);
    if (!(sum > 0.0)) {
        return -1;
    }
    /* x·sum against the running sum of weights: no division, and the last possible entry catches
     * whatever rounding leaves past the end. */
    double target = x * sum, running = 0.0;
    int last = -1;
    for (unsigned i = 0; i < n; i++) {
        if (scratch[i] > 0.0) {
            last = (int)i;
            running += scratch[i];
            if (target < running) {
                return last;
            }
        }
    }
    return last;
}
