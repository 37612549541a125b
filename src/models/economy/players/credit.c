/* credit.c — investors' wealth, the financial accelerator, and debt with terms (see credit.h).
 *
 * What: investors hold the labs' and clouds' debt and equity. Their wealth moves with the interest
 * and recoveries they receive and with the losses a default realises; the financial condition
 * h (wealth against the start, divided by the recent losses' weight) scales the equity they supply
 * and the credit limits and divides the spread, as in the financial accelerator of Bernanke,
 * Gertler and Gilchrist (1999), here on the lenders' side (the intermediary's net worth, as in
 * Gertler and Kiyotaki 2010). Each borrower pays its own spread, the market's plus terms for its
 * leverage (debt / credit limit) and its interest coverage; 1 / debt_maturity_months of its debt
 * falls due each month and what it borrows to repay it is priced at the then-current rate
 * (rollover risk). Why here and not in finance.c: the settlement moves cash; this module keeps
 * the claims and their prices, and its pure functions are checked by hand in the unit tests.
 * Cost: O(labs + clouds) a step, no allocation. */
#include "aiecon/models/economy/players/credit.h"

#include <math.h>

#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/utility.h"

double credit_condition(const scenario_investors *in, double wealth, double losses_smoothed)
{
    if (!(wealth > 0.0)) return 0.05;
    double h = pow(wealth / in->wealth_usd, in->wealth_elasticity) /
               (1.0 + in->loss_weight * 12.0 * losses_smoothed / wealth);
    return fmin(3.0, fmax(0.05, h));
}

double credit_firm_spread(const scenario_investors *in, double base, double debt, double limit, double cash_flow,
                          double interest)
{
    double spread = base + in->leverage_spread * fmin(10.0, debt / fmax(1.0, limit));
    if (interest > 0.0) {
        double coverage = cash_flow / interest;
        spread += in->coverage_spread * fmin(1.0, fmax(0.0, 1.0 - coverage / in->coverage_target));
    }
    return spread;
}

void credit_roll(double *debt, double *coupon, double repaid, double borrowed, double new_rate)
{
    double kept = fmax(0.0, *debt - repaid), after = kept + borrowed;
    *coupon = after > 0.0 ? (kept * *coupon + borrowed * new_rate) / after : *coupon;
    *debt = after;
}

double credit_interest_due(double debt, double coupon) { return debt * coupon / 12.0; }

double credit_principal_due(const scenario_investors *in, double debt) { return debt / in->debt_maturity_months; }

static double appetite(const economy *e) { return fmin(1.0, e->investors.sentiment * e->investors.condition); }

double credit_cloud_limit(const scenario *s, const economy *e, unsigned k, uint32_t step)
{
    const scenario_cloud *in = &s->clouds[k];
    const scenario_investors *iv = &s->investors;
    if (in->spv) return iv->credit_receivables_share * clouds_receivables(e, k, step) * appetite(e);   /* the lease only */
    return (iv->credit_capacity_share * (e->cloud[k].book_value + e->cloud[k].building_mw * in->capex_usd_per_mw) +
            iv->credit_receivables_share * clouds_receivables(e, k, step) +
            iv->credit_other_revenue_months * in->other_revenue_usd) * appetite(e);
}

double credit_lab_limit(const scenario *s, const economy *e, unsigned l)
{
    return s->investors.lab_credit_revenue_months * fmax(0.0, e->lab[l].revenue_smoothed) * appetite(e);
}

void credit_record_losses(economy *e, double debt_lost, double equity_lost)
{
    e->investors.realised_losses += debt_lost + equity_lost;
    e->investors.wealth -= debt_lost + equity_lost;
}

void credit_record_recovery(economy *e, double *debt, double *equity_book, double amount)
{
    double to_debt = fmin(amount, *debt), to_equity = fmin(amount - to_debt, *equity_book);
    *debt -= to_debt;
    *equity_book -= to_equity;
    e->investors.wealth += amount - to_debt - to_equity;
}

double credit_claims(const economy *e)
{
    double sum = 0.0;
    for (unsigned l = 0; l < e->labs; l++) sum += e->lab[l].debt + e->lab[l].equity_book;
    for (unsigned k = 0; k < e->clouds; k++) sum += e->cloud[k].debt + e->cloud[k].equity_book;
    return sum + utility_claims(e);
}

void credit_open(const scenario *s, economy *e)
{
    double market = s->investors.rate + s->investors.spread;
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        lab->debt_rate = market;
        lab->spread = s->investors.spread;
        lab->equity_book = fmax(0.0, lab->cash - lab->debt);
    }
    for (unsigned k = 0; k < e->clouds; k++) {
        cloud_state *c = &e->cloud[k];
        c->debt_rate = market;
        c->spread = s->investors.spread;
        c->equity_book = fmax(0.0, c->cash + c->book_value - c->debt);
    }
    investor_state *iv = &e->investors;
    iv->wealth = s->investors.wealth_usd;
    iv->other_assets = iv->wealth - e->book.outside_cash[SECTOR_INVESTORS] - credit_claims(e);
    iv->condition = 1.0;
}

void credit_update(const scenario *s, economy *e, uint32_t step)
{
    const scenario_investors *in = &s->investors;
    investor_state *iv = &e->investors;
    double income = 0.0;
    for (unsigned l = 0; l < e->labs; l++) income += e->lab[l].interest;
    for (unsigned k = 0; k < e->clouds; k++) income += e->cloud[k].interest + e->cloud[k].acquisitions;
    income += utility_interest(e);   /* the grids' bonds (utility.c) */
    iv->income = income;
    iv->wealth += income;
    iv->losses_smoothed += (iv->realised_losses - iv->losses_smoothed) / in->loss_memory_months;
    iv->condition = credit_condition(in, iv->wealth, iv->losses_smoothed);
    double mood = iv->sentiment * iv->condition;
    iv->equity_supply_usd = in->equity_supply_usd * mood;
    iv->spread = in->spread / fmax(0.1, mood);
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        if (lab->defaulted) continue;
        double flow = lab->revenue - (lab->costs - lab->interest - lab->principal);
        lab->spread = credit_firm_spread(in, iv->spread, lab->debt, credit_lab_limit(s, e, l), flow,
                                         credit_interest_due(lab->debt, lab->debt_rate));
    }
    for (unsigned k = 0; k < e->clouds; k++) {
        cloud_state *c = &e->cloud[k];
        if (c->defaulted) continue;
        double flow = c->revenue + c->firm_rentals + s->clouds[k].other_revenue_usd - c->energy_cost;
        c->spread = credit_firm_spread(in, iv->spread, c->debt, credit_cloud_limit(s, e, k, step), flow,
                                       credit_interest_due(c->debt, c->debt_rate));
    }
}

double credit_wealth_residual(const economy *e)
{
    const investor_state *iv = &e->investors;
    return fabs(iv->wealth - (iv->other_assets + e->book.outside_cash[SECTOR_INVESTORS] + credit_claims(e)));
}
