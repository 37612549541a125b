/* distress.c — labs that adjust before they default (see distress.h; docs/ODD.md 3.3.8).
 *
 * A lab watches one number, its runway: the months its cash would last at the step's burn. Each
 * action has its own threshold, so the order in which a lab that runs short acts is a parameter,
 * not code. The actions are the ones the 2022–2025 start-up downturns showed, in the order labs
 * usually took them: stop new compute commitments (training), hold staff costs (opex growth), raise
 * prices, and last a down round. The state they need (current opex, price factor, last down
 * round) is part of lab_state, so a restart resumes it. Cost: O(labs) per step. */
#include "aiecon/models/economy/players/distress.h"

#include <math.h>

#include "aiecon/models/economy/players/credit.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/pricing.h"

/* Fixed in the code (docs/ODD.md): prices rise to at most this multiple of their list price; a
 * down round sells this share of the lab; at most one a year. */
#define PRICE_FACTOR_CAP 2.0
#define DOWN_ROUND_SHARE 0.2
#define DOWN_ROUND_GAP 12

double distress_runway(const lab_state *lab)
{
    double burn = lab->costs - lab->revenue;
    if (!(burn > 0.0)) return DISTRESS_RUNWAY_CAP;
    return fmin(DISTRESS_RUNWAY_CAP, fmax(0.0, lab->cash) / burn);
}

int distress_cuts_training(const scenario *s, const economy *e, unsigned l)
{
    return e->lab[l].runway < s->labs[l].cut_training_runway;
}

void distress_adjust(const scenario *s, economy *e, uint32_t step)
{
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        const scenario_lab *in = &s->labs[l];
        if (lab->defaulted) continue;
        lab->runway = distress_runway(lab);
        if (!(lab->runway < in->cut_opex_runway)) lab->opex_usd *= pow(1.0 + in->opex_growth, 1.0 / 12.0);
        if (lab->runway < in->raise_price_runway && lab->price_factor < PRICE_FACTOR_CAP) {
            /* on top of the prices the lab sets (pricing.h): the best response × the factor */
            lab->price_factor = fmin(PRICE_FACTOR_CAP, lab->price_factor * (1.0 + in->price_rise));
            pricing_apply(s, e, l, step);
        }
    }
}

void distress_down_round(const scenario *s, economy *e, uint32_t step)
{
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        lab->down_round = 0.0;
        if (economy_lab_gone(e, l, step) || !(lab->runway < s->labs[l].down_round_runway)) continue;
        if (lab->last_down_round > 0 && (int64_t)step - lab->last_down_round < DOWN_ROUND_GAP) continue;
        /* what restores runway_months of the last step's burn, less what it can still borrow (credit
         * before dilution: a lab sells at a discount only what its credit line does not cover), at
         * most the share sold at the discount */
        double burn = fmax(0.0, lab->costs - lab->revenue);
        double room = fmax(0.0, credit_lab_limit(s, e, l) - lab->debt);
        double need = s->labs[l].runway_months * burn - lab->cash - room;
        double amount = fmin(need, DOWN_ROUND_SHARE * (1.0 - s->labs[l].down_round_discount) * lab->valuation);
        if (!(amount > 0.0)) continue;
        finance_pay_for(e, FLOW_EQUITY, SECTOR_INVESTORS, NULL, SECTOR_LABS, &lab->cash, amount);
        lab->equity_raised += amount;
        lab->equity_book += amount;   /* the investors' claim at cost (credit.h) */
        lab->raised += amount;
        lab->down_round = amount;
        lab->last_down_round = (int32_t)step;
    }
}
