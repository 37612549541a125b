/* choice.h — multinomial logit choice, shared by households and businesses.
 *
 * P(l) = exp(u[l]) / Σ_k exp(u[k]); utilities of -INFINITY (a lab that cannot take users) have
 * probability 0. Computed stably (the largest utility is subtracted first). No allocation: the
 * caller passes scratch space of n doubles. Pure functions, the same result on every rank. */
#ifndef AIECON_CHOICE_H
#define AIECON_CHOICE_H

/* Fill prob[0..n) with the logit probabilities; returns 0, or -1 (all zero) if every utility is
 * -INFINITY. */
int choice_probabilities(const double *utility, unsigned n, double *prob);

/* The index chosen by the uniform x in [0, 1), or -1 if every utility is -INFINITY.
 * scratch: n doubles. */
int choice_logit(const double *utility, unsigned n, double x, double *scratch);

#endif
