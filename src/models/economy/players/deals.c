/* deals.c — vendor and circular finance: equity for deployment, warrants, credits for equity, and
 * the tracing of round-trip revenue (see deals.h; docs/ODD.md 3.3.14).
 *
 * What: each step, before the settlement, credits granted change hands (a revaluation on both
 * sides: the lab's credits and equity issued, the cloud's equity held and credits owed), unused
 * credits pay what the lab owes their cloud this step (the cloud pays the lab that much first, so
 * the lab's own payment of its dues is untouched: flow credits_redeemed), chipmakers pay the
 * tranches the lab's deployment has earned (flow equity_issued) and warrants vest (a revaluation:
 * the lab holds, the chipmaker has issued, equity worth (price − strike) × shares at vesting).
 * After the settlement, deals whose players defaulted end with write-offs on both sides, and the
 * round trip is traced: a chipmaker's tranches are pooled in the lab's cash and leave it in
 * proportion to the lab's cash outflows; the part paid to clouds (by each cloud's share of the lab's
 * dues) is pooled in the clouds' cash and leaves it likewise; the part paid to the chipmaker for
 * chips is its round-trip revenue. A cloud's round-trip revenue is the credits the lab used to pay it.
 * Why outside finance.c: the deals only add payments and revaluations before and after the
 * settlement, so the settlement and its contagion stay as they were. Cost: O(deals × (clouds +
 * contracts)) a step. */
#include "aiecon/models/economy/players/deals.h"

#include <math.h>
#include <string.h>

#include "aiecon/io/scenario.h"   /* scenario_month_index */
#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/labs.h"

static int32_t index_of(const char *name, const void *items, size_t stride, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        const char *n = *(char *const *)((const char *)items + i * stride);
        if (strcmp(n, name) == 0) return (int32_t)i;
    }
    return 0;   /* the checker refused unknown names */
}

/* Step t simulates month index t − 1 (step 1 is run.start). */
static int32_t step_of(const scenario *s, const char *month) { return (int32_t)(scenario_month_index(s, month) + 1); }

void deals_open(const scenario *s, economy *e)
{
    deals_state *d = &e->deals;
    const scenario_deals *in = &s->deals;
    memset(d, 0, sizeof *d);
    d->equity_count = in->equity_count;
    d->warrant_count = in->warrant_count;
    d->credit_count = in->credit_count;
    for (unsigned i = 0; i < in->equity_count; i++) {
        deal_equity_state *q = &d->equity[i];
        q->lab = index_of(in->equity[i].lab, s->labs, sizeof *s->labs, s->lab_count);
        q->chipmaker = index_of(in->equity[i].chipmaker, s->chipmakers, sizeof *s->chipmakers, s->chipmaker_count);
        q->signed_step = step_of(s, in->equity[i].signed_at);
        q->first_step = step_of(s, in->equity[i].first_tranche);
    }
    for (unsigned i = 0; i < in->warrant_count; i++) {
        deal_warrant_state *w = &d->warrant[i];
        w->lab = index_of(in->warrants[i].lab, s->labs, sizeof *s->labs, s->lab_count);
        w->chipmaker = index_of(in->warrants[i].chipmaker, s->chipmakers, sizeof *s->chipmakers, s->chipmaker_count);
        w->signed_step = step_of(s, in->warrants[i].signed_at);
        w->share_price = deals_share_price(&in->warrants[i], 0.0);
    }
    for (unsigned i = 0; i < in->credit_count; i++) {
        deal_credit_state *c = &d->credit[i];
        c->lab = index_of(in->credits[i].lab, s->labs, sizeof *s->labs, s->lab_count);
        c->cloud = index_of(in->credits[i].cloud, s->clouds, sizeof *s->clouds, s->cloud_count);
        c->granted_step = step_of(s, in->credits[i].granted);
        if (c->granted_step < 1) {   /* before the start: on the opening balance sheet */
            c->granted = 1;
            c->balance_usd = c->equity_usd = in->credits[i].credits_usd;
        }
    }
}

double deals_share_price(const scenario_warrant_deal *w, double revenue_smoothed)
{
    return (w->other_value_usd + w->revenue_multiple * 12.0 * revenue_smoothed) / w->shares_outstanding;
}

double deals_lab_due_to_cloud(const economy *e, unsigned l, unsigned k, uint32_t step)
{
    if (economy_cloud_gone(e, k, step)) return 0.0;
    double due = 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->lab != l || c->cloud != k) continue;
        due += labs_contract_mw(c, step) * clouds_delivery_share(e, k, step) * c->usd_per_mw_month;
    }
    double let = 0.0;   /* the rentals are shared by what each cloud let (finance.c, pay_rentals) */
    for (unsigned j = 0; j < e->clouds; j++) {
        if (!economy_cloud_gone(e, j, step)) let += e->cloud[j].let_mw;
    }
    if (let > 0.0 && e->lab[l].rent_usd > 0.0 && e->cloud[k].let_mw > 0.0) due += e->lab[l].rent_usd * e->cloud[k].let_mw / let;
    return due;
}

/* ------------------------------------------------------------ before the settlement */

static void grant_credits(economy *e, uint32_t step, const scenario *s)
{
    for (unsigned i = 0; i < e->deals.credit_count; i++) {
        deal_credit_state *c = &e->deals.credit[i];
        if (c->granted || c->ended || c->granted_step != (int32_t)step) continue;
        c->granted = 1;
        if (economy_lab_gone(e, (unsigned)c->lab, step) || economy_cloud_gone(e, (unsigned)c->cloud, step)) {
            c->ended = 1;
            continue;
        }
        double x = s->deals.credits[i].credits_usd;
        c->balance_usd += x;
        c->equity_usd += x;
        unsigned lab = accounts_of(e, SECTOR_LABS, (unsigned)c->lab), cloud = accounts_of(e, SECTOR_CLOUDS, (unsigned)c->cloud);
        accounts_revalue(e, lab, INSTRUMENT_OTHER, x);
        accounts_revalue(e, lab, INSTRUMENT_EQUITY, -x);
        accounts_revalue(e, cloud, INSTRUMENT_OTHER, -x);
        accounts_revalue(e, cloud, INSTRUMENT_EQUITY, x);
    }
}

static void redeem_credits(economy *e, uint32_t step)
{
    double used[SCENARIO_MAX_DEALS] = {0};   /* by each deal: earlier deals of the same pair come first */
    for (unsigned i = 0; i < e->deals.credit_count; i++) {
        deal_credit_state *c = &e->deals.credit[i];
        c->redeemed_step = 0.0;
        if (!c->granted || c->ended || c->balance_usd <= 0.0) continue;
        unsigned l = (unsigned)c->lab, k = (unsigned)c->cloud;
        if (economy_lab_gone(e, l, step) || economy_cloud_gone(e, k, step)) continue;
        double before = 0.0;
        for (unsigned j = 0; j < i; j++) {
            if (e->deals.credit[j].lab == c->lab && e->deals.credit[j].cloud == c->cloud) before += used[j];
        }
        double r = fmin(c->balance_usd, fmax(0.0, deals_lab_due_to_cloud(e, l, k, step) - before));
        if (!(r > 0.0)) continue;
        finance_pay_for(e, FLOW_CREDITS, SECTOR_CLOUDS, &e->cloud[k].cash, SECTOR_LABS, &e->lab[l].cash, r);
        c->balance_usd -= r;
        c->redeemed_step = r;
        c->redeemed_usd += r;
        used[i] = r;
    }
}

static double deployed_gw(const economy *e, unsigned l, double base_mw) { return fmax(0.0, e->lab[l].capacity_mw - base_mw) / 1000.0; }

static void pay_tranches(const scenario *s, economy *e, uint32_t step)
{
    for (unsigned i = 0; i < e->deals.equity_count; i++) {
        deal_equity_state *q = &e->deals.equity[i];
        const scenario_equity_deal *in = &s->deals.equity[i];
        q->paid_step = 0.0;
        unsigned l = (unsigned)q->lab, m = (unsigned)q->chipmaker;
        if (q->ended || economy_lab_gone(e, l, step) || e->chip[m].defaulted) continue;
        if (!q->based && (int32_t)step >= q->signed_step) {
            q->base_mw = e->lab[l].capacity_mw;
            q->based = 1;
        }
        if (!q->based || (int32_t)step < q->first_step) continue;
        double earned = in->total_usd * fmin(1.0, deployed_gw(e, l, q->base_mw) / in->gw);
        double pay = fmin(earned - q->paid_usd, fmax(0.0, e->chip[m].cash));
        if (!(pay > 0.0)) continue;
        finance_pay_for(e, FLOW_EQUITY, SECTOR_CHIPMAKERS, &e->chip[m].cash, SECTOR_LABS, &e->lab[l].cash, pay);
        q->paid_usd += pay;
        q->held_usd += pay;
        q->paid_step = pay;
        q->traced_lab += pay;
    }
}

static void vest_warrants(const scenario *s, economy *e, uint32_t step)
{
    for (unsigned i = 0; i < e->deals.warrant_count; i++) {
        deal_warrant_state *w = &e->deals.warrant[i];
        const scenario_warrant_deal *in = &s->deals.warrants[i];
        unsigned l = (unsigned)w->lab, m = (unsigned)w->chipmaker;
        double revenue = e->chip[m].revenue;   /* the month before's, until chips_produce ran */
        if (revenue > 0.0) w->revenue_smoothed = w->revenue_smoothed > 0.0 ? 0.7 * w->revenue_smoothed + 0.3 * revenue : revenue;
        w->share_price = deals_share_price(in, w->revenue_smoothed);
        if (w->ended || economy_lab_gone(e, l, step) || e->chip[m].defaulted) continue;
        if (!w->based && (int32_t)step >= w->signed_step) {
            w->base_mw = e->lab[l].capacity_mw;
            w->based = 1;
        }
        while (w->based && w->vested_tranches < (int32_t)in->tranches) {
            unsigned n = in->tranches, next = (unsigned)w->vested_tranches + 1;
            double threshold = n > 1 ? in->price_first_usd + (in->price_last_usd - in->price_first_usd) * (next - 1) / (n - 1)
                                     : in->price_first_usd;
            if (deployed_gw(e, l, w->base_mw) < in->gw * next / n || w->share_price < threshold) break;
            double shares = in->shares / n, value = shares * fmax(0.0, w->share_price - in->strike_usd);
            w->vested_tranches++;
            w->vested_shares += shares;
            w->value_usd += value;
            accounts_revalue(e, accounts_of(e, SECTOR_LABS, l), INSTRUMENT_EQUITY, value);
            accounts_revalue(e, accounts_of(e, SECTOR_CHIPMAKERS, m), INSTRUMENT_EQUITY, -value);
        }
    }
}

void deals_before_settle(const scenario *s, economy *e, uint32_t step)
{
    grant_credits(e, step, s);
    redeem_credits(e, step);
    pay_tranches(s, e, step);
    vest_warrants(s, e, step);
}

/* ------------------------------------------------------------- after the settlement */

static int fell(int32_t defaulted_or_restructured, int32_t default_step, uint32_t step)
{
    return defaulted_or_restructured && default_step == (int32_t)step;
}

/* Both sides of a claim of `value` written off: holder's asset and issuer's liability. */
static void write_off(economy *e, unsigned holder, unsigned issuer, account_instrument i, double value)
{
    if (value == 0.0) return;
    accounts_revalue(e, holder, i, -value);
    accounts_revalue(e, issuer, i, value);
}

static void end_defaulted(economy *e, uint32_t step)
{
    deals_state *d = &e->deals;
    for (unsigned i = 0; i < d->equity_count; i++) {
        deal_equity_state *q = &d->equity[i];
        const lab_state *lab = &e->lab[q->lab];
        if (fell(lab->defaulted || lab->restructured, lab->default_step, step) && !q->ended) {
            write_off(e, accounts_of(e, SECTOR_CHIPMAKERS, (unsigned)q->chipmaker), accounts_of(e, SECTOR_LABS, (unsigned)q->lab),
                      INSTRUMENT_EQUITY, q->held_usd);
            q->held_usd = 0.0;
            q->ended = 1;
        }
        if (fell(e->chip[q->chipmaker].defaulted, e->chip[q->chipmaker].default_step, step)) q->ended = 1;
    }
    for (unsigned i = 0; i < d->warrant_count; i++) {
        deal_warrant_state *w = &d->warrant[i];
        const lab_state *lab = &e->lab[w->lab];
        if (fell(lab->defaulted || lab->restructured, lab->default_step, step)) w->ended = 1;   /* unvested forfeited */
        if (fell(e->chip[w->chipmaker].defaulted, e->chip[w->chipmaker].default_step, step) && w->value_usd != 0.0) {
            write_off(e, accounts_of(e, SECTOR_LABS, (unsigned)w->lab), accounts_of(e, SECTOR_CHIPMAKERS, (unsigned)w->chipmaker),
                      INSTRUMENT_EQUITY, w->value_usd);
            w->value_usd = 0.0;
            w->ended = 1;
        }
    }
    for (unsigned i = 0; i < d->credit_count; i++) {
        deal_credit_state *c = &d->credit[i];
        const lab_state *lab = &e->lab[c->lab];
        const cloud_state *cl = &e->cloud[c->cloud];
        unsigned la = accounts_of(e, SECTOR_LABS, (unsigned)c->lab), ca = accounts_of(e, SECTOR_CLOUDS, (unsigned)c->cloud);
        int lab_fell = fell(lab->defaulted || lab->restructured, lab->default_step, step);
        if (lab_fell || fell(cl->defaulted, cl->default_step, step)) {
            write_off(e, la, ca, INSTRUMENT_OTHER, c->balance_usd);   /* unused credits lapse, later grants with them */
            c->balance_usd = 0.0;
            c->ended = 1;
        }
        if (lab_fell && c->equity_usd != 0.0) {
            write_off(e, ca, la, INSTRUMENT_EQUITY, c->equity_usd);
            c->equity_usd = 0.0;
        }
    }
}

/* Received and paid by account a in the step, the credits redeemed left out [USD]. */
static void gross_flows(const economy *e, unsigned a, double *in, double *out)
{
    *in = *out = 0.0;
    for (unsigned f = 0; f < FLOW_COUNT; f++) {
        if (f == FLOW_CREDITS) continue;
        double x = e->book.paid[a][f];
        if (x > 0.0) *in += x;
        else *out -= x;
    }
}

static double clamp01(double x) { return x > 0.0 ? (x < 1.0 ? x : 1.0) : 0.0; }

static void trace(economy *e, uint32_t step)
{
    deals_state *d = &e->deals;
    memset(d->chip_round_trip, 0, sizeof d->chip_round_trip);
    memset(d->cloud_round_trip, 0, sizeof d->cloud_round_trip);
    double credits_paid[SCENARIO_MAX_LABS] = {0};
    for (unsigned i = 0; i < d->credit_count; i++) credits_paid[d->credit[i].lab] += d->credit[i].redeemed_step;
    for (unsigned i = 0; i < d->credit_count; i++) {
        const deal_credit_state *c = &d->credit[i];
        if (c->redeemed_step <= 0.0) continue;
        unsigned l = (unsigned)c->lab, la = accounts_of(e, SECTOR_LABS, l);
        double paid = -(e->book.paid[la][FLOW_CONTRACTS] + e->book.paid[la][FLOW_RENTALS]);
        double due = 0.0;
        for (unsigned k = 0; k < e->clouds; k++) due += deals_lab_due_to_cloud(e, l, k, step);
        double to_cloud = due > 0.0 ? paid * deals_lab_due_to_cloud(e, l, (unsigned)c->cloud, step) / due : 0.0;
        d->cloud_round_trip[c->cloud] += fmin(c->redeemed_step, fmax(0.0, to_cloud));
    }
    /* the clouds' cash pools: what they had plus what they received */
    double cloud_pool[SCENARIO_MAX_CLOUDS], cloud_out[SCENARIO_MAX_CLOUDS];
    for (unsigned k = 0; k < e->clouds; k++) {
        unsigned ca = accounts_of(e, SECTOR_CLOUDS, k);
        double in, out;
        gross_flows(e, ca, &in, &out);
        cloud_pool[k] = fmax(0.0, e->book.sheet_before[ca][INSTRUMENT_CASH]) + in;
        cloud_out[k] = out;
    }
    for (unsigned i = 0; i < d->equity_count; i++) {
        deal_equity_state *q = &d->equity[i];
        unsigned l = (unsigned)q->lab, m = (unsigned)q->chipmaker, la = accounts_of(e, SECTOR_LABS, l);
        if (q->traced_lab > 0.0) {
            double in, out;
            gross_flows(e, la, &in, &out);
            out = fmax(0.0, out - credits_paid[l]);   /* the credits paid part of its dues */
            double pool = fmax(0.0, e->book.sheet_before[la][INSTRUMENT_CASH]) + in;
            double to_clouds = fmax(0.0, -(e->book.paid[la][FLOW_CONTRACTS] + e->book.paid[la][FLOW_RENTALS]) - credits_paid[l]);
            double moved = pool > 0.0 ? q->traced_lab * clamp01(to_clouds / pool) : 0.0;
            double due = 0.0;
            for (unsigned k = 0; k < e->clouds; k++) due += deals_lab_due_to_cloud(e, l, k, step);
            for (unsigned k = 0; k < e->clouds && due > 0.0; k++) {
                q->traced_cloud[k] += moved * deals_lab_due_to_cloud(e, l, k, step) / due;
            }
            q->traced_lab *= pool > 0.0 ? 1.0 - clamp01(out / pool) : 0.0;
        }
        for (unsigned k = 0; k < e->clouds; k++) {
            if (q->traced_cloud[k] <= 0.0) continue;
            unsigned ca = accounts_of(e, SECTOR_CLOUDS, k);
            double bills = 0.0;
            for (unsigned j = 0; j < e->chipmakers; j++) bills += e->chip[j].bill[k];
            double chips = bills > 0.0 ? -e->book.paid[ca][FLOW_CHIPS] * e->chip[m].bill[k] / bills : 0.0;
            double pool = cloud_pool[k];
            d->chip_round_trip[m] += pool > 0.0 ? q->traced_cloud[k] * clamp01(chips / pool) : 0.0;
            q->traced_cloud[k] *= pool > 0.0 ? 1.0 - clamp01(cloud_out[k] / pool) : 0.0;
        }
    }
}

void deals_after_settle(const scenario *s, economy *e, uint32_t step)
{
    end_defaulted(e, step);
    trace(e, step);
    (void)s;
}

/* ------------------------------------------------------------------ stocks */

double deals_stock(const economy *e, unsigned a, unsigned i)
{
    const deals_state *d = &e->deals;
    double sum = 0.0;
    if (i == INSTRUMENT_EQUITY) {
        for (unsigned j = 0; j < d->equity_count; j++) {
            const deal_equity_state *q = &d->equity[j];
            if (a == accounts_of(e, SECTOR_LABS, (unsigned)q->lab)) sum -= q->held_usd;
            if (a == accounts_of(e, SECTOR_CHIPMAKERS, (unsigned)q->chipmaker)) sum += q->held_usd;
        }
        for (unsigned j = 0; j < d->warrant_count; j++) {
            const deal_warrant_state *w = &d->warrant[j];
            if (a == accounts_of(e, SECTOR_LABS, (unsigned)w->lab)) sum += w->value_usd;
            if (a == accounts_of(e, SECTOR_CHIPMAKERS, (unsigned)w->chipmaker)) sum -= w->value_usd;
        }
    }
    if (i == INSTRUMENT_EQUITY || i == INSTRUMENT_OTHER) {
        for (unsigned j = 0; j < d->credit_count; j++) {
            const deal_credit_state *c = &d->credit[j];
            double x = i == INSTRUMENT_EQUITY ? c->equity_usd : c->balance_usd;
            if (a == accounts_of(e, SECTOR_LABS, (unsigned)c->lab)) sum -= i == INSTRUMENT_EQUITY ? x : -x;
            if (a == accounts_of(e, SECTOR_CLOUDS, (unsigned)c->cloud)) sum += i == INSTRUMENT_EQUITY ? x : -x;
        }
    }
    return sum;
}

/* ------------------------------------------------------------------ output */

double deals_chip_equity_held(const economy *e, unsigned m)
{
    double sum = 0.0;
    for (unsigned i = 0; i < e->deals.equity_count; i++) {
        if ((unsigned)e->deals.equity[i].chipmaker == m) sum += e->deals.equity[i].held_usd;
    }
    return sum;
}

double deals_chip_tranches_paid(const economy *e, unsigned m)
{
    double sum = 0.0;
    for (unsigned i = 0; i < e->deals.equity_count; i++) {
        if ((unsigned)e->deals.equity[i].chipmaker == m) sum += e->deals.equity[i].paid_usd;
    }
    return sum;
}

double deals_chip_warrants_vested(const economy *e, unsigned m)
{
    double sum = 0.0;
    for (unsigned i = 0; i < e->deals.warrant_count; i++) {
        if ((unsigned)e->deals.warrant[i].chipmaker == m) sum += e->deals.warrant[i].vested_shares;
    }
    return sum;
}

double deals_chip_share_price(const economy *e, unsigned m)
{
    for (unsigned i = 0; i < e->deals.warrant_count; i++) {
        if ((unsigned)e->deals.warrant[i].chipmaker == m) return e->deals.warrant[i].share_price;
    }
    return 0.0;
}

double deals_cloud_credits_owed(const economy *e, unsigned k)
{
    double sum = 0.0;
    for (unsigned i = 0; i < e->deals.credit_count; i++) {
        if ((unsigned)e->deals.credit[i].cloud == k) sum += e->deals.credit[i].balance_usd;
    }
    return sum;
}

double deals_lab_vendor_equity(const economy *e, unsigned l)
{
    double sum = 0.0;
    for (unsigned i = 0; i < e->deals.equity_count; i++) {
        if ((unsigned)e->deals.equity[i].lab == l) sum += e->deals.equity[i].held_usd;
    }
    for (unsigned i = 0; i < e->deals.credit_count; i++) {
        if ((unsigned)e->deals.credit[i].lab == l) sum += e->deals.credit[i].equity_usd;
    }
    return sum;
}

double deals_lab_vendor_cash(const economy *e, unsigned l)
{
    double sum = 0.0;
    for (unsigned i = 0; i < e->deals.equity_count; i++) {
        if ((unsigned)e->deals.equity[i].lab == l) sum += e->deals.equity[i].paid_step;
    }
    for (unsigned i = 0; i < e->deals.credit_count; i++) {
        if ((unsigned)e->deals.credit[i].lab == l) sum += e->deals.credit[i].redeemed_step;
    }
    return sum;
}

double deals_cloud_credits_used(const economy *e, unsigned k)
{
    double sum = 0.0;
    for (unsigned i = 0; i < e->deals.credit_count; i++) {
        if ((unsigned)e->deals.credit[i].cloud == k) sum += e->deals.credit[i].redeemed_step;
    }
    return sum;
}
