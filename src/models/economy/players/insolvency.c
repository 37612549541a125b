/* insolvency.c — clearing among defaulters, restructuring or liquidation, sale of users (see
 * insolvency.h; docs/ODD.md 3.3.8 "Insolvency").
 *
 * Clearing: Eisenberg & Noe (2001) with seniority tiers (Elsinger 2009). The clearing map is
 * monotone, so the greatest clearing vector is found by the fictitious-default algorithm: start
 * from everyone paying in full; each round, the parties that cannot pay, and the tier in which each
 * runs out, fix which payments are full, zero or partial; the partial ones solve one linear system
 * (GSL's LU on stack arrays, no allocation); the round's payments either confirm the assumed
 * defaults (done) or reveal more (another round). Defaults only grow from round to round, so
 * there are at most parties × tiers + 1 rounds. Cost O(rounds × n³) for n ≤ 32 parties.
 *
 * Resolution of a defaulted lab: a court (here: a rule) compares what the business is worth
 * going on, once its debt is equity and its contracts renegotiated, with what the survivors bid
 * for it; the larger wins (the absolute-priority creditors' choice, Chapter 11 against Chapter 7).
 * A sale moves the users with the business: the populations remap the provider byte of the sold
 * lab's users to the buyer before their next step (insolvency_remap), a pure function of each
 * byte, so the result is the same at any rank count. Only the users of a lab closed without a
 * buyer leave it (churn 1 and utility −∞, as before). Cost: O(labs × contracts) per default. */
#include "aiecon/models/economy/players/insolvency.h"

#include <gsl/gsl_linalg.h>
#include <math.h>
#include <string.h>

#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/credit.h"
#include "aiecon/models/economy/players/demand.h"
#include "aiecon/models/economy/players/finance.h"
#include "aiecon/models/economy/players/labs.h"

enum { N_MAX = INSOLVENCY_MAX_PARTIES, T_MAX = INSOLVENCY_MAX_TIERS };

/* What i pays in tier s when it runs out in tier marginal[i], paying `part` of that tier. */
static double tier_payment(const double *due, unsigned n, unsigned s, unsigned i, const unsigned *marginal,
                           const double *part)
{
    double owes = due[s * n + i];
    return s < marginal[i] ? owes : s == marginal[i] ? part[i] * owes : 0.0;
}

/* Income of each party under the assumed payments; then the tier in which each runs out
 * (`tiers` if it pays everything). Returns 1 if that differs from `marginal` (and updates it). */
static int find_defaults(unsigned n, unsigned tiers, const double *owed, const double *due, const double *assets,
                         unsigned *marginal, const double *part, double *income)
{
    for (unsigned i = 0; i < n; i++) {
        income[i] = assets[i];
        for (unsigned j = 0; j < n; j++) {
            for (unsigned s = 0; s < tiers; s++) {
                double owes = due[s * n + j];
                if (owes > 0.0) income[i] += tier_payment(due, n, s, j, marginal, part) * owed[(s * n + j) * n + i] / owes;
            }
        }
    }
    int changed = 0;
    for (unsigned i = 0; i < n; i++) {
        double left = income[i];
        unsigned m = tiers;
        for (unsigned s = 0; s < tiers; s++) {
            double owes = due[s * n + i];
            if (left < owes * (1.0 - 1e-12)) {   /* relative tolerance: a full payment solved to an ulp */
                m = s;
                break;
            }
            left -= owes;
        }
        if (m != marginal[i]) changed = 1;
        marginal[i] = m;
    }
    return changed;
}

/* Given who defaults and where, the share each defaulter pays of its marginal tier:
 * part_i × due(m_i, i) = assets_i + Σ_j (full tiers of j to i) + Σ_{j defaulting} part_j × owed(m_j, j, i)
 *                        − Σ_{s < m_i} due(s, i).  Returns -1 if the system is singular. */
static int solve_parts(unsigned n, unsigned tiers, const double *owed, const double *due, const double *assets,
                       const unsigned *marginal, double *part)
{
    unsigned index[N_MAX], d = 0;
    for (unsigned i = 0; i < n; i++) {
        if (marginal[i] < tiers) index[d++] = i;
    }
    if (d == 0) return 0;
    double a[N_MAX * N_MAX], b[N_MAX], x[N_MAX];
    size_t perm_data[N_MAX];
    for (unsigned r = 0; r < d; r++) {
        unsigned i = index[r];
        b[r] = assets[i];
        for (unsigned s = 0; s < marginal[i]; s++) b[r] -= due[s * n + i];
        for (unsigned j = 0; j < n; j++) {
            for (unsigned s = 0; s < marginal[j] && s < tiers; s++) b[r] += owed[(s * n + j) * n + i];
        }
        for (unsigned c = 0; c < d; c++) {
            unsigned j = index[c];
            a[r * d + c] = -owed[(marginal[j] * n + j) * n + i];
        }
        a[r * d + r] += due[marginal[i] * n + i];
    }
    gsl_matrix_view m = gsl_matrix_view_array(a, d, d);
    gsl_vector_view bv = gsl_vector_view_array(b, d), xv = gsl_vector_view_array(x, d);
    gsl_permutation p = {d, perm_data};
    int sign = 0;
    if (gsl_linalg_LU_decomp(&m.matrix, &p, &sign) != 0) return -1;
    for (unsigned r = 0; r < d; r++) {
        if (gsl_matrix_get(&m.matrix, r, r) == 0.0) return -1;
    }
    if (gsl_linalg_LU_solve(&m.matrix, &p, &bv.vector, &xv.vector) != 0) return -1;
    for (unsigned r = 0; r < d; r++) part[index[r]] = fmin(1.0, fmax(0.0, x[r]));
    return 0;
}

aiecon_status insolvency_clear(unsigned n, unsigned tiers, const double *owed, const double *assets,
                               double *paid, double *equity, aiecon_error *err)
{
    if (n == 0 || n > N_MAX || tiers == 0 || tiers > T_MAX) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "insolvency: %u parties and %u tiers (expected 1..%d and 1..%d)",
                           n, tiers, N_MAX, T_MAX);
    }
    double due[T_MAX * N_MAX] = {0}, part[N_MAX], income[N_MAX];
    unsigned marginal[N_MAX];
    for (unsigned i = 0; i < n; i++) {
        if (!(assets[i] >= 0.0) || !isfinite(assets[i])) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "insolvency: party %u's assets %g (expected finite, >= 0)", i, assets[i]);
        }
        marginal[i] = tiers;
        part[i] = 1.0;
    }
    for (unsigned s = 0; s < tiers; s++) {
        for (unsigned i = 0; i < n; i++) {
            for (unsigned j = 0; j < n; j++) {
                double v = owed[(s * n + i) * n + j];
                if (!(v >= 0.0) || !isfinite(v)) {
                    return aiecon_fail(err, AIECON_ERR_INPUT, "insolvency: %u owes %u %g in tier %u (expected finite, >= 0)",
                                       i, j, v, s);
                }
                due[s * n + i] += v;
            }
        }
    }
    unsigned round = 0;
    while (find_defaults(n, tiers, owed, due, assets, marginal, part, income)) {
        if (++round > n * tiers + 1 || solve_parts(n, tiers, owed, due, assets, marginal, part) != 0) {
            return aiecon_fail(err, AIECON_ERR_INPUT, "insolvency: no clearing vector (a group of defaulters owes "
                               "only itself and has no assets)");
        }
    }
    for (unsigned i = 0; i < n; i++) {
        double out = 0.0;
        for (unsigned s = 0; s < tiers; s++) {
            paid[s * n + i] = tier_payment(due, n, s, i, marginal, part);
            out += paid[s * n + i];
        }
        equity[i] = fmax(0.0, income[i] - out);
    }
    return AIECON_OK;
}

/* ------------------------------------------------------------ a lab's default */

/* Fixed in the code (docs/ODD.md "Insolvency"): a buyer bids at most half its cash (as for a
 * cloud's capacity, resale.c) and values a bought business at this share of the investors'
 * valuation of its revenue (distressed sales at tens of cents on the dollar). */
#define BID_CASH_SHARE 0.5
#define BID_VALUE_SHARE 0.3

/* The share of its contracted MW lab l keeps in a restructuring: what serves its inference
 * demand (not rented on the market) at its training share, the rest of the contracts rejected. */
static double kept_share(const scenario *s, const economy *e, unsigned l)
{
    const lab_state *lab = &e->lab[l];
    if (lab->capacity_mw <= 0.0) return 0.0;
    double needed = fmax(0.0, lab->demand_mw - lab->rented_mw) / fmax(1e-9, 1.0 - s->labs[l].training_share);
    return fmin(1.0, needed / lab->capacity_mw);
}

/* What lab l's contracts would cost a month at step t once cut to the kept share and
 * renegotiated to the clouds' lease price. */
static double renegotiated_contracts(const scenario *s, const economy *e, unsigned l, uint32_t step)
{
    double usd = 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->lab != l || economy_cloud_gone(e, c->cloud, step)) continue;
        double price = fmin(c->usd_per_mw_month, e->cloud[c->cloud].lease_usd_per_mw_month);
        usd += labs_contract_mw(c, step) * clouds_delivery_share(e, c->cloud, step) * price;
    }
    return usd * kept_share(s, e, l);
}

double insolvency_going_concern(const scenario *s, const economy *e, unsigned l, uint32_t step)
{
    const lab_state *lab = &e->lab[l];
    double opex = lab->opex_usd;
    double surplus = lab->revenue_smoothed - opex - renegotiated_contracts(s, e, l, step) - lab->rent_usd;
    return surplus > 0.0 ? s->investors.revenue_multiple * e->investors.sentiment * 12.0 * surplus : 0.0;
}

double insolvency_bid(const scenario *s, const economy *e, unsigned b, unsigned l)
{
    /* a business is bought whole: a survivor that may not sell where the seller's users are
     * (labs.*.markets) cannot take them over, so it does not bid */
    if (e->lab[b].defaulted || b == l || !demand_sells_wherever(s, b, l)) return 0.0;
    double worth = BID_VALUE_SHARE * s->investors.revenue_multiple * e->investors.sentiment * 12.0 *
                   e->lab[l].revenue_smoothed;
    return fmax(0.0, fmin(BID_CASH_SHARE * fmax(0.0, e->lab[b].cash), worth));
}

int insolvency_best_bidder(const scenario *s, const economy *e, unsigned l, double *bid)
{
    int best = -1;
    *bid = 0.0;
    for (unsigned b = 0; b < e->labs; b++) {
        double offer = insolvency_bid(s, e, b, l);
        if (offer > *bid) {
            *bid = offer;
            best = (int)b;
        }
    }
    return best;
}

/* Lab l goes on: lenders become owners; contracts cut to the kept share (the rest rejected) and
 * renegotiated down to the lease price, the clouds booking what they lose. */
static void restructure(const scenario *s, economy *e, unsigned l, uint32_t step)
{
    lab_state *lab = &e->lab[l];
    double keep = kept_share(s, e, l);
    /* credit.h: the old owners are wiped out (their equity at cost is lost); the lenders swap their
     * debt for the equity, at most at the going-concern value, and lose the rest of the debt */
    double swapped = fmin(lab->debt, insolvency_going_concern(s, e, l, step));
    credit_record_losses(e, lab->debt - swapped, lab->equity_book);
    accounts_claim_change(e, accounts_of(e, SECTOR_LABS, l), INSTRUMENT_LOANS, -lab->debt);
    accounts_claim_change(e, accounts_of(e, SECTOR_LABS, l), INSTRUMENT_EQUITY, swapped - lab->equity_book);
    lab->equity_book = swapped;
    lab->equity_raised += lab->debt;
    lab->debt = 0.0;
    lab->defaulted = 0;
    lab->restructured = 1;
    for (unsigned i = 0; i < e->contract_count; i++) {
        contract_state *c = &e->contracts[i];
        if (c->lab != l || c->ended_step != INT32_MAX || e->cloud[c->cloud].defaulted) continue;
        double price = fmin(c->usd_per_mw_month, e->cloud[c->cloud].lease_usd_per_mw_month);
        e->cloud[c->cloud].losses +=
            labs_contract_months_left(c, (long)step + 1) * (c->mw * c->usd_per_mw_month - keep * c->mw * price);
        c->usd_per_mw_month = price;
        c->mw *= keep;
    }
}

/* Lab l is sold to lab b for `bid`, paid to l's lenders (the investors): b takes the better model
 * (as the effective training compute that gives b that quality, so that it lasts: quality =
 * quality_start + log10(compute / compute_start), 3.3.4) and, from the next step, l's users and
 * firms (insolvency_transfers). */
static void sell(const scenario *s, economy *e, unsigned l, unsigned b, double bid)
{
    lab_state *lab = &e->lab[l], *buyer = &e->lab[b];
    finance_pay_for(e, FLOW_ACQUISITIONS, SECTOR_LABS, &buyer->cash, SECTOR_INVESTORS, NULL, bid);
    /* credit.h: a recovery repays the debt first, then the owners' equity at cost; what is left of
     * both is written off when the default is closed; a bid above both is the investors' gain */
    double debt = lab->debt, equity = lab->equity_book;
    credit_record_recovery(e, &lab->debt, &lab->equity_book, bid);
    accounts_claim_change(e, accounts_of(e, SECTOR_LABS, l), INSTRUMENT_LOANS, lab->debt - debt);
    accounts_claim_change(e, accounts_of(e, SECTOR_LABS, l), INSTRUMENT_EQUITY, lab->equity_book - equity);
    if (lab->quality > buyer->quality) {
        buyer->training_compute = s->labs[b].training_compute * pow(10.0, lab->quality - s->labs[b].quality);
        buyer->quality = lab->quality;
    }
    buyer->users_acquired += lab->users + lab->business_users;
    buyer->acquisitions += bid;
    lab->sold_to = (int32_t)b + 1;
}

void insolvency_resolve_labs(const scenario *s, economy *e, uint32_t step)
{
    for (unsigned l = 0; l < e->labs; l++) e->lab[l].users_acquired = e->lab[l].acquisitions = 0.0;
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        if (!lab->defaulted || lab->default_step != (int32_t)step) continue;
        double bid = 0.0;
        int buyer = insolvency_best_bidder(s, e, l, &bid);
        if (!lab->restructured && insolvency_going_concern(s, e, l, step) > bid) {
            restructure(s, e, l, step);
        } else if (buyer >= 0) {
            sell(s, e, l, (unsigned)buyer, bid);
        }
    }
}

void insolvency_chipmaker_pays(economy *e, unsigned m, uint32_t step)
{
    chip_state *c = &e->chip[m];
    double due = c->production_cost, part = 1.0;
    if (due > 0.0 && finance_short_of(c->cash, due)) {
        part = fmax(0.0, c->cash) / due;
        if (!c->defaulted) {
            c->defaulted = 1;
            c->default_step = (int32_t)step;
        }
    }
    finance_pay_for(e, FLOW_PRODUCTION, SECTOR_CHIPMAKERS, &c->cash, SECTOR_REST_OF_WORLD, NULL, due * part);
}

void insolvency_transfers(const economy *e, uint32_t step, uint8_t transfer[OFFERS_MAX_LABS])
{
    memset(transfer, 0, OFFERS_MAX_LABS);
    for (unsigned l = 0; l < e->labs; l++) {
        const lab_state *lab = &e->lab[l];
        if (lab->defaulted && lab->sold_to > 0 && lab->default_step == (int32_t)step - 1) {
            transfer[l] = (uint8_t)lab->sold_to;
        }
    }
}
