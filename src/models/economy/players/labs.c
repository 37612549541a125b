/* labs.c — the labs' part of the step (see labs.h).
 *
 * Demand: users and firms from the reduced tally become tokens (per user and month, growing
 * yearly, times the price and quality factor of demand.h), tokens become MW of inference at the lab's serving efficiency × hardware and
 * algorithmic progress; what the contracted capacity cannot serve is rationed (served_share < 1),
 * which raises churn next step. Revenue: subscriptions of paying users, API tokens actually served.
 * Training: the share of capacity kept for training adds effective compute; quality is the start
 * quality plus log10 of the growth of effective compute. Commitments: when the forecast capacity
 * need at the clouds' lead time (demand grown at the smoothed revenue growth, at most +50 %/year,
 * × ambition) exceeds what is contracted then, the gap is signed as new 5-year take-or-pay
 * contracts at the clouds' lease prices (the market's, clouds.c), with the clouds standing in the
 * regions where it sells (its markets: a lab leases where it serves, as export rules and data
 * rules have it), pro rata to their capacity — cut so that the lab's commitments do not exceed
 * ambition × five years of revenue. The scenario's own contracts
 * signed after the start are the lab's plan at its schedule_ambition: each is signed at
 * mw × ambition / schedule_ambition (labs_schedule_scale), so a bolder lab signs more of the
 * same deals and a timid one fewer.
 * Cost: O(labs × contracts) per step. */
#include "aiecon/models/economy/players/labs.h"

#include <math.h>
#include <stdint.h>

#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/distress.h"
#include "aiecon/models/economy/players/credit.h"
#include "aiecon/models/economy/players/demand.h"
#include "aiecon/models/economy/players/pricing.h"

enum { LABS_NEW_CONTRACT_MONTHS = 60 };

double labs_contract_end(const contract_state *c)
{
    return (double)c->start_step + (double)c->months + c->delay_months;
}

double labs_contract_mw(const contract_state *c, long t)
{
    double end = labs_contract_end(c);
    if (t >= c->ended_step || t < c->start_step || (double)t >= end) return 0.0;
    return (double)t + 1.0 <= end ? c->mw : c->mw * (end - (double)t);   /* the last month in part */
}

double labs_contract_months_left(const contract_state *c, long from)
{
    double end = fmin(labs_contract_end(c), (double)c->ended_step);
    double begin = (double)(from > c->start_step ? from : c->start_step);
    return end > begin ? end - begin : 0.0;
}

static double growth(double yearly, double months) { return pow(1.0 + yearly, months / 12.0); }

/* Growth of tokens per user after `months`: the yearly rate g decays as g·2^(−t/halflife), so
 * the factor is exp(∫ ln(1 + g(t)) dt), summed month by month (a pure function of the step). */
static double usage_growth(double g, double halflife_years, uint32_t months)
{
    if (halflife_years <= 0.0) return growth(g, months);
    double log_factor = 0.0;
    for (uint32_t m = 0; m < months; m++) {
        log_factor += log1p(g * exp2(-(m + 0.5) / (12.0 * halflife_years))) / 12.0;
    }
    return exp(log_factor);
}

/* Capacity lab l can use at step t: its contracts, scaled by what each cloud can deliver. */
static double lab_capacity(const economy *e, unsigned l, long t)
{
    double mw = 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->lab == l && !e->cloud[c->cloud].defaulted) {
            mw += labs_contract_mw(c, t) * clouds_delivery_share(e, c->cloud, t);
        }
    }
    return mw;
}

void labs_demand(const scenario *s, economy *e, uint32_t step, const economy_tally *t)
{
    double hh_growth = usage_growth(s->households.token_growth, s->households.token_growth_halflife, step);
    double biz_growth = usage_growth(s->businesses.token_growth, s->businesses.token_growth_halflife, step);
    double hh_use[SCENARIO_MAX_LABS], biz_use[SCENARIO_MAX_LABS];   /* price and quality (demand.h) */
    demand_use_factors(s, e, step, hh_use, biz_use);
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        const scenario_lab *in = &s->labs[l];
        double users = 0, paid = 0, firms = 0, biz_tokens = 0;
        for (unsigned r = 0; r < s->region_count; r++) {
            users += (double)t->hh_users[l][r];
            paid += (double)t->hh_paid[l][r];
            for (unsigned k = 0; k < s->businesses.size_count; k++) {
                double pilot = (double)t->biz_pilot[l][r][k], production = (double)t->biz_production[l][r][k];
                firms += pilot + production;
                biz_tokens += (pilot * s->businesses.sizes[k].tokens_pilot_mtok +
                               production * s->businesses.sizes[k].tokens_production_mtok) * e->macro.demand_index[r];
            }
        }
        biz_tokens *= biz_growth * biz_use[l];
        double hh_tokens = ((users - paid) * s->households.tokens_free_mtok + paid * s->households.tokens_paid_mtok) *
                           hh_growth * hh_use[l];
        lab->users = users;
        lab->paid_users = paid;
        lab->business_users = firms;
        lab->tokens_mtok = hh_tokens + biz_tokens;
        lab->capacity_mw = lab->defaulted ? 0.0 : lab_capacity(e, l, step);
        double per_mw = in->serving_mtok_per_mw * e->perf_factor;
        lab->demand_mw = per_mw > 0 ? lab->tokens_mtok / per_mw : 0.0;
        lab->api_tokens_mtok = biz_tokens;
        lab->rented_mw = lab->rent_usd = 0.0;
        labs_serve(s, e, l);
    }
}

void labs_serve(const scenario *s, economy *e, unsigned l)
{
    lab_state *lab = &e->lab[l];
    double inference_mw = (1.0 - s->labs[l].training_share) * lab->capacity_mw + lab->rented_mw;
    lab->served_share = lab->demand_mw > 0 ? fmin(1.0, inference_mw / lab->demand_mw) : 1.0;
    lab->subscription_revenue = lab->defaulted ? 0.0 : lab->paid_users * lab->subscription_usd;
    lab->api_revenue = lab->defaulted ? 0.0 : lab->api_tokens_mtok * lab->served_share * lab->api_usd_per_mtok;
    lab->revenue = lab->subscription_revenue + lab->api_revenue;
}

double labs_business_token_growth(const scenario *s, uint32_t step)
{
    return usage_growth(s->businesses.token_growth, s->businesses.token_growth_halflife, step);
}

double labs_household_token_growth(const scenario *s, uint32_t step)
{
    return usage_growth(s->households.token_growth, s->households.token_growth_halflife, step);
}

void labs_train_and_price(const scenario *s, economy *e, uint32_t step)
{
    /* hardware: performance per MW of the fleet in service (each vintage keeps its chips'), times
     * algorithmic progress, which applies to every chip */
    e->perf_factor = clouds_fleet_perf(s, e) * growth(s->investors.algorithmic_progress, step);
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        const scenario_lab *in = &s->labs[l];
        if (lab->defaulted) continue;
        lab->training_compute += in->training_share * lab->capacity_mw * e->perf_factor;
        lab->quality = in->quality + log10(lab->training_compute / in->training_compute);
        lab->subscription_before = lab->subscription_usd;
        pricing_apply(s, e, l, step);   /* list path × the lab's price ratios × distress (pricing.h) */
        /* smoothed revenue and its yearly growth, for commitments and valuation */
        double before = lab->revenue_smoothed;
        lab->revenue_smoothed = before > 0 ? 0.8 * before + 0.2 * lab->revenue : lab->revenue;
        double monthly = before > 0 ? lab->revenue_smoothed / before : 1.0;
        double yearly = pow(monthly, 12.0) - 1.0;
        lab->revenue_growth = fmax(-0.9, fmin(5.0, yearly));
    }
}

/* MW lab l has contracted (signed by `now`) in service at step t. */
static double contracted_at(const economy *e, unsigned l, long now, long t)
{
    double mw = 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->lab == l && c->signed_step <= now && !e->cloud[c->cloud].defaulted) mw += labs_contract_mw(c, t);
    }
    return mw;
}

/* 1 if lab l signs new contracts with cloud k: a cloud standing in a region where the lab sells
 * (labs.*.markets; a lab that lists none sells, and leases, everywhere). */
static int signs_with(const scenario *s, const economy *e, unsigned l, unsigned k)
{
    return !e->cloud[k].defaulted && demand_sells_in(s, l, (unsigned)e->cloud[k].region);
}

aiecon_status labs_commit(const scenario *s, economy *e, uint32_t step, aiecon_error *err)
{
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        const scenario_lab *in = &s->labs[l];
        if (lab->defaulted || in->ambition <= 0.0 || distress_cuts_training(s, e, l)) continue;
        /* the clouds it leases from: those in its markets, pro rata to their capacity */
        double total_capacity = 0.0;
        unsigned lead = 0;
        for (unsigned k = 0; k < e->clouds; k++) {
            if (!signs_with(s, e, l, k)) continue;
            total_capacity += e->cloud[k].capacity_mw + 1.0;
            if (s->clouds[k].build_months > lead) lead = s->clouds[k].build_months;
        }
        if (total_capacity <= 0.0) continue;
        /* prudence: new commitments stop at `ambition` × five years of revenue (the scenario's own
         * contracts may be bolder: they are what was signed) */
        double room = in->ambition * 60.0 * lab->revenue_smoothed - labs_commitments(e, l, step);
        if (room <= 0.0) continue;
        /* forecast: today's need grown at the revenue growth (at most +50 % a year) */
        double need = lab->demand_mw / fmax(1e-9, 1.0 - in->training_share) *
                      growth(fmin(0.5, fmax(0.0, lab->revenue_growth)), lead) * in->ambition;
        double gap = need - contracted_at(e, l, step, (long)step + lead);
        if (gap <= 0.01 * need || gap < 1.0) continue;
        /* what the gap would commit at the clouds' lease prices, cut to the room left */
        double usd = 0.0;
        for (unsigned k = 0; k < e->clouds; k++) {
            if (!signs_with(s, e, l, k)) continue;
            usd += gap * (e->cloud[k].capacity_mw + 1.0) / total_capacity * e->cloud[k].lease_usd_per_mw_month *
                   LABS_NEW_CONTRACT_MONTHS;
        }
        if (usd > room) gap *= room / usd;
        if (gap < 1.0) continue;
        for (unsigned k = 0; k < e->clouds; k++) {
            if (!signs_with(s, e, l, k)) continue;
            if (e->contract_count >= e->contract_capacity) {
                return aiecon_fail(err, AIECON_ERR_RUNTIME, "labs: contract table full");
            }
            contract_state *c = &e->contracts[e->contract_count++];
            c->lab = (uint16_t)l;
            c->cloud = (uint16_t)k;
            c->signed_step = (int32_t)step;
            c->start_step = (int32_t)(step + lead);
            c->months = LABS_NEW_CONTRACT_MONTHS;
            c->mw = gap * (e->cloud[k].capacity_mw + 1.0) / total_capacity;
            c->usd_per_mw_month = e->cloud[k].lease_usd_per_mw_month;
            c->ended_step = INT32_MAX;
        }
    }
    return AIECON_OK;
}

double labs_schedule_scale(const scenario_lab *in, long signed_step)
{
    if (signed_step <= 1) return 1.0;   /* signed by the start: history, as written */
    double reference = in->schedule_ambition > 0.0 ? in->schedule_ambition : in->ambition;
    return reference > 0.0 ? in->ambition / reference : 1.0;
}

double labs_dues(const scenario *s, const economy *e, unsigned l, uint32_t step)
{
    const lab_state *lab = &e->lab[l];
    double due = lab->opex_usd +   /* grown or frozen by distress.c */
                 credit_interest_due(lab->debt, lab->debt_rate) + credit_principal_due(&s->investors, lab->debt) +
                 lab->rent_usd;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->lab == l && !economy_cloud_gone(e, c->cloud, step)) {
            /* take-or-pay: the whole contracted MW, used or not, as far as the cloud delivers */
            due += labs_contract_mw(c, step) * clouds_delivery_share(e, c->cloud, step) * c->usd_per_mw_month;
        }
    }
    return due;
}

double labs_commitments(const economy *e, unsigned l, uint32_t step)
{
    double sum = 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->lab != l || c->signed_step > (long)step) continue;
        sum += labs_contract_months_left(c, (long)step + 1) * c->mw * c->usd_per_mw_month;
    }
    return sum;
}
