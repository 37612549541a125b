/* finance.c — ledger, investors, settlement and defaults (see finance.h).
 *
 * Settlement order in a step: revenue reaches the labs (households' subscriptions, businesses' API
 * spend) and the clouds (their other business, firms' market rentals for open models); labs short of runway raise equity from the
 * investors' supply for the month, shared in proportion to what they ask; each lab pays its dues
 * (take-or-pay contracts and market rentals to clouds, opex to the rest of the world, interest and
 * maturing principal to investors), borrowing within its credit limit, or, if it cannot, defaults
 * and pays its cash pro rata; each cloud pays chipmakers, construction, grids, interest and
 * principal, borrowing within its credit limit, or defaults likewise; chipmakers pay their
 * production cost. The debt's terms, limits and spreads are credit.c's. A default found in a pass
 * is recorded and the whole settlement is redone from the start of the step with it, until a pass
 * finds no new default (contagion). Defaults end the defaulter's contracts from the next step and
 * write off its debt and equity as the investors' realised losses (credit_record_losses); the
 * counterparties' loss of future payments is booked now (cloud losses). Cost: O(passes × (labs +
 * clouds) × contracts). */
#include "aiecon/models/economy/players/finance.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/clearing.h"
#include "aiecon/models/economy/players/collateral.h"
#include "aiecon/models/economy/players/clouds.h"
#include "aiecon/models/economy/players/distress.h"
#include "aiecon/models/economy/players/insolvency.h"
#include "aiecon/models/economy/players/credit.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/models/economy/players/utility.h"

/* ------------------------------------------------------------------ ledger */

double finance_sector_cash(const economy *e, sector s)
{
    double sum = 0.0;
    switch (s) {
    case SECTOR_LABS: for (unsigned l = 0; l < e->labs; l++) sum += e->lab[l].cash; return sum;
    case SECTOR_CLOUDS: for (unsigned k = 0; k < e->clouds; k++) sum += e->cloud[k].cash; return sum;
    case SECTOR_CHIPMAKERS: for (unsigned m = 0; m < e->chipmakers; m++) sum += e->chip[m].cash; return sum;
    case SECTOR_GRIDS: for (unsigned r = 0; r < e->regions; r++) sum += e->grid[r].cash; return sum;
    default: return e->book.outside_cash[s];
    }
}

void finance_open_book(economy *e)
{
    memset(e->book.flow, 0, sizeof e->book.flow);
    for (int s = 0; s < SECTOR_COUNT; s++) e->book.stock_before[s] = finance_sector_cash(e, (sector)s);
    accounts_open(e);
}

void finance_pay_for(economy *e, account_flow kind, sector from, double *from_cash, sector to, double *to_cash,
                     double amount)
{
    if (amount == 0.0) return;
    *(from_cash != NULL ? from_cash : &e->book.outside_cash[from]) -= amount;
    *(to_cash != NULL ? to_cash : &e->book.outside_cash[to]) += amount;
    e->book.flow[from][to] += amount;
    accounts_record(e, kind, accounts_find(e, from, from_cash), accounts_find(e, to, to_cash), amount);
}

void finance_pay(economy *e, sector from, double *from_cash, sector to, double *to_cash, double amount)
{
    finance_pay_for(e, FLOW_OTHER, from, from_cash, to, to_cash, amount);
}

void finance_pay_debt_service(economy *e, sector from, double *cash, double interest, double total)
{
    finance_pay_for(e, FLOW_INTEREST, from, cash, SECTOR_INVESTORS, NULL, total);
    if (total == 0.0) return;
    accounts_reclassify(e, FLOW_INTEREST, FLOW_REPAYMENT, accounts_find(e, from, cash),
                        accounts_of(e, SECTOR_INVESTORS, 0), total - interest);
}

double finance_residual(const economy *e)
{
    double residual = 0.0, all = 0.0;
    for (int s = 0; s < SECTOR_COUNT; s++) {
        double in = 0.0, out = 0.0;
        for (int j = 0; j < SECTOR_COUNT; j++) {
            in += e->book.flow[j][s];
            out += e->book.flow[s][j];
        }
        double change = finance_sector_cash(e, (sector)s) - e->book.stock_before[s];
        residual += fabs(change - (in - out));
        all += in - out;
    }
    return residual + fabs(all);
}

/* --------------------------------------------------------------- investors */

void finance_investors(const scenario *s, economy *e)
{
    investor_state *iv = &e->investors;
    const scenario_investors *in = &s->investors;
    double revenue = 0.0, capex = 0.0;
    for (unsigned l = 0; l < e->labs; l++) revenue += e->lab[l].revenue;
    for (unsigned k = 0; k < e->clouds; k++) capex += e->cloud[k].capex;
    unsigned slot = e->step % 12;
    int first = !(iv->revenue_smoothed > 0);
    iv->revenue_smoothed = first ? revenue : 0.7 * iv->revenue_smoothed + 0.3 * revenue;
    iv->capex_smoothed = iv->capex_smoothed > 0 ? 0.7 * iv->capex_smoothed + 0.3 * capex : capex;
    if (first && revenue > 0) {
        /* the year before: revenue grew at prior_revenue_growth, so the slot read n steps from now
         * holds the revenue 12 − n months before the first one seen */
        for (unsigned n = 0; n < 12; n++) {
            iv->revenue_year_ago[(e->step + n) % 12] =
                revenue * pow(1.0 + in->prior_revenue_growth, ((double)n - 12.0) / 12.0);
        }
    }
    double year_ago = iv->revenue_year_ago[slot];
    iv->revenue_year_ago[slot] = iv->revenue_smoothed;
    double growth = year_ago > 0 ? iv->revenue_smoothed / year_ago - 1.0 : 0.0;
    double burden = iv->revenue_smoothed > 0 ? iv->capex_smoothed / iv->revenue_smoothed : 1.0;
    double target = 1.0 + in->growth_weight * growth - in->capex_weight * log10(fmax(1.0, burden));
    target = fmin(3.0, fmax(0.05, target));
    iv->sentiment += in->sentiment_speed * (target - iv->sentiment);
    credit_update(s, e, e->step);
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        double value = in->revenue_multiple * iv->sentiment * 12.0 * lab->revenue_smoothed;
        lab->valuation = lab->defaulted ? 0.0 : fmax(value, lab->cash);
    }
}

/* -------------------------------------------------------------- settlement */

/* Cannot pay `due` out of `cash`? Borrowing exactly the gap may leave cash an ulp below the due
 * (x + (d - x) < d in floating point): a shortfall is only one above a millionth of a dollar. */
int finance_short_of(double cash, double due) { return cash < due - 1e-6 - 1e-12 * due; }

static void default_lab(economy *e, unsigned l, uint32_t step)
{
    lab_state *lab = &e->lab[l];
    lab->defaulted = 1;
    lab->default_step = (int32_t)step;
}

static void default_cloud(economy *e, unsigned k, uint32_t step)
{
    e->cloud[k].defaulted = 1;
    e->cloud[k].default_step = (int32_t)step;
}

/* Equity for the labs whose cash after this step would cover fewer than runway_months of burn. */
static void raise_equity(const scenario *s, economy *e, uint32_t step, const double *dues)
{
    double request[SCENARIO_MAX_LABS] = {0}, asked = 0.0;
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        lab->raised = 0.0;
        if (lab->defaulted) continue;
        double burn = fmax(0.0, dues[l] - lab->revenue);
        double after = lab->cash - burn;
        double wanted = s->labs[l].runway_months * burn;
        if (after < wanted) request[l] = wanted - after + burn;
        asked += request[l];
    }
    if (asked <= 0.0) return;
    double share = fmin(1.0, e->investors.equity_supply_usd / asked);
    for (unsigned l = 0; l < e->labs; l++) {
        double amount = request[l] * share;
        if (amount <= 0.0) continue;
        finance_pay_for(e, FLOW_EQUITY, SECTOR_INVESTORS, NULL, SECTOR_LABS, &e->lab[l].cash, amount);
        e->lab[l].equity_raised += amount;
        e->lab[l].equity_book += amount;
        e->lab[l].raised = amount;
    }
    (void)step;
}

/* Market rentals of `usd` × `part` from (from, *cash) to the clouds, shared by what each let
 * (market.c); the clouds' revenue counts what labs pay, firm_rentals what firms pay. A lab payer
 * (`lab` its index, −1 for firms) records what it owes each cloud in the clearing net. */
static void pay_rentals(economy *e, sector from, double *cash, double usd, double part, int lab, clearing_net *net,
                        uint32_t step)
{
    double let = 0.0;
    for (unsigned k = 0; k < e->clouds; k++) {
        if (!economy_cloud_gone(e, k, step)) let += e->cloud[k].let_mw;
    }
    if (usd * part <= 0.0 || let <= 0.0) return;
    for (unsigned k = 0; k < e->clouds; k++) {
        cloud_state *c = &e->cloud[k];
        if (economy_cloud_gone(e, k, step) || c->let_mw <= 0.0) continue;
        double owed = usd * c->let_mw / let, pay = owed * part;
        if (lab >= 0) clearing_owe(net, clearing_lab((unsigned)lab), (int)clearing_cloud(k), CLEARING_SENIOR, owed, pay);
        finance_pay_for(e, FLOW_RENTALS, from, cash, SECTOR_CLOUDS, &c->cash, pay);
        c->rentals += pay;
        if (from == SECTOR_LABS) c->revenue += pay;
        else c->firm_rentals += pay;
    }
}

/* Lab l pays its dues in full, or defaults and pays pro rata, or (parts not NULL) the share of
 * them the clearing gives it (clearing.h); what it owes is recorded in net. 1 on a new default. */
static int lab_pays(const scenario *s, economy *e, unsigned l, uint32_t step, double due, clearing_net *net,
                    const double *parts)
{
    lab_state *lab = &e->lab[l];
    double interest = credit_interest_due(lab->debt, lab->debt_rate);
    double principal = credit_principal_due(&s->investors, lab->debt);
    if (finance_short_of(lab->cash, due) && !lab->defaulted) {
        /* borrow within the limit, the maturing principal refinanced at today's rate */
        double room = fmax(0.0, credit_lab_limit(s, e, l) - (lab->debt - principal));
        double borrow = fmin(due - lab->cash, room);
        finance_pay_for(e, FLOW_BORROWING, SECTOR_INVESTORS, NULL, SECTOR_LABS, &lab->cash, borrow);
        lab->borrowed = borrow;
        lab->raised += borrow;
    }
    int fresh = 0;
    if (finance_short_of(lab->cash, due) && !lab->defaulted) {
        default_lab(e, l, step);
        fresh = 1;
    }
    double part = due > 0 && finance_short_of(lab->cash, due) ? fmax(0.0, lab->cash) / due : 1.0;
    unsigned x = clearing_lab(l);
    if (parts != NULL && clearing_party(net, x) >= 0) part = parts[CLEARING_SENIOR * CLEARING_ENTITIES + x];
    clearing_assets(net, x, lab->cash);
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->lab != l || economy_cloud_gone(e, c->cloud, step)) continue;
        double pay = labs_contract_mw(c, step) * clouds_delivery_share(e, c->cloud, step) * c->usd_per_mw_month;
        clearing_owe(net, x, (int)clearing_cloud(c->cloud), CLEARING_SENIOR, pay, pay * part);
        finance_pay_for(e, FLOW_CONTRACTS, SECTOR_LABS, &lab->cash, SECTOR_CLOUDS, &e->cloud[c->cloud].cash, pay * part);
        e->cloud[c->cloud].revenue += pay * part;
    }
    pay_rentals(e, SECTOR_LABS, &lab->cash, lab->rent_usd, part, (int)l, net, step);
    double opex = lab->opex_usd;   /* grown or frozen by distress.c */
    clearing_owe(net, x, CLEARING_OUTSIDE, CLEARING_SENIOR, opex + interest + principal, 0.0);
    finance_pay_for(e, FLOW_OPEX, SECTOR_LABS, &lab->cash, SECTOR_REST_OF_WORLD, NULL, opex * part);
    finance_pay_debt_service(e, SECTOR_LABS, &lab->cash, interest * part, (interest + principal) * part);
    lab->interest = interest * part;
    lab->principal = principal * part;
    credit_roll(&lab->debt, &lab->debt_rate, lab->principal, lab->borrowed, s->investors.rate + lab->spread);
    lab->costs = due;
    return fresh;
}

/* Cloud k's delay penalty `usd`, shared among its labs by the contracted MW × price they lack. */
static void pay_penalties(economy *e, unsigned k, uint32_t step, double usd)
{
    double owed = 0.0;
    for (unsigned i = 0; i < e->contract_count; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->cloud == k && !e->lab[c->lab].defaulted) owed += labs_contract_mw(c, step) * c->usd_per_mw_month;
    }
    for (unsigned i = 0; i < e->contract_count && owed > 0.0; i++) {
        const contract_state *c = &e->contracts[i];
        if (c->cloud != k || e->lab[c->lab].defaulted) continue;
        double pay = usd * labs_contract_mw(c, step) * c->usd_per_mw_month / owed;
        finance_pay_for(e, FLOW_PENALTIES, SECTOR_CLOUDS, &e->cloud[k].cash, SECTOR_LABS, &e->lab[c->lab].cash, pay);
        e->cloud[k].penalties += pay;
        e->lab[c->lab].penalties += pay;
    }
}

double finance_cloud_credit_limit(const scenario *s, const economy *e, unsigned k, uint32_t step)
{
    return credit_cloud_limit(s, e, k, step);
}

/* Cloud k borrows what it lacks within its credit limit, pays, or defaults: pays pro rata, or
 * (parts not NULL) its secured and senior tiers in the clearing's shares (clearing.h); what it
 * owes is recorded in net. 1 on a new default. */
static int cloud_pays(const scenario *s, economy *e, unsigned k, uint32_t step, clearing_net *net, const double *parts)
{
    cloud_state *c = &e->cloud[k];
    double chips = 0.0;
    for (unsigned m = 0; m < e->chipmakers; m++) chips += e->chip[m].bill[k];
    collateral_mark(s, e, k);   /* its collateral now and any margin call (collateral.c) */
    double interest = credit_interest_due(c->debt, c->debt_rate);
    double principal = credit_principal_due(&s->investors, c->debt) + c->margin_call;
    double secured_principal = 0.0;
    double secured = collateral_service_due(e, k, interest, principal - c->margin_call, &secured_principal);
    double secured_interest = secured - secured_principal;
    double penalty = clouds_delay_penalty(s, e, k, step);
    double due = chips + c->construction_due + c->energy_cost + interest + principal + penalty;
    double limit = credit_cloud_limit(s, e, k, step);
    if (finance_short_of(c->cash, due) && !c->defaulted) {
        /* borrow within the limit, the maturing principal refinanced at today's rate */
        double borrow = fmin(due - c->cash, fmax(0.0, limit - (c->debt - principal)));
        finance_pay_for(e, FLOW_BORROWING, SECTOR_INVESTORS, NULL, SECTOR_CLOUDS, &c->cash, borrow);
        c->borrowed = borrow;
    }
    int fresh = 0;
    if (finance_short_of(c->cash, due) && !c->defaulted) {
        default_cloud(e, k, step);
        fresh = 1;
    }
    double part = due > 0 && finance_short_of(c->cash, due) ? fmax(0.0, c->cash) / due : 1.0, first = part;
    unsigned x = clearing_cloud(k);
    if (parts != NULL && clearing_party(net, x) >= 0) {
        first = parts[CLEARING_SECURED * CLEARING_ENTITIES + x];
        part = parts[CLEARING_SENIOR * CLEARING_ENTITIES + x];
    }
    clearing_assets(net, x, c->cash);
    clearing_owe(net, x, CLEARING_OUTSIDE, CLEARING_SECURED, secured, 0.0);
    clearing_owe(net, x, CLEARING_OUTSIDE, CLEARING_SENIOR, due - secured, 0.0);
    for (unsigned m = 0; m < e->chipmakers; m++) {
        finance_pay_for(e, FLOW_CHIPS, SECTOR_CLOUDS, &c->cash, SECTOR_CHIPMAKERS, &e->chip[m].cash, e->chip[m].bill[k] * part);
    }
    unsigned r = (unsigned)c->region;
    finance_pay_for(e, FLOW_CONSTRUCTION, SECTOR_CLOUDS, &c->cash, SECTOR_REST_OF_WORLD, NULL, c->construction_due * part);
    finance_pay_for(e, FLOW_ENERGY, SECTOR_CLOUDS, &c->cash, SECTOR_GRIDS, &e->grid[r].cash, c->energy_cost * part);
    /* the secured lenders' tier first (the share `first`), then the rest of the debt (`part`) */
    c->interest = secured_interest * first + (interest - secured_interest) * part;
    c->principal = secured_principal * first + (principal - secured_principal) * part;
    finance_pay_debt_service(e, SECTOR_CLOUDS, &c->cash, c->interest, c->interest + c->principal);
    collateral_roll(s, e, k, secured_principal * first, c->borrowed, fmax(0.0, c->debt - c->principal) + c->borrowed);
    credit_roll(&c->debt, &c->debt_rate, c->principal, c->borrowed, s->investors.rate + c->spread);
    if (penalty > 0.0) pay_penalties(e, k, step, penalty * part);
    e->grid[r].revenue += c->energy_cost * part;
    e->grid[r].billed += c->energy_cost;
    c->capex = (chips + c->construction_due) * part;
    return fresh;
}

/* One pass of the settlement; returns the number of new defaults. */
static int settle_pass(const scenario *s, economy *e, uint32_t step, clearing_net *net, const double *parts)
{
    double dues[SCENARIO_MAX_LABS];
    for (unsigned l = 0; l < e->labs; l++) {
        lab_state *lab = &e->lab[l];
        lab->penalties = lab->interest = lab->principal = lab->borrowed = 0.0;
        dues[l] = economy_lab_gone(e, l, step) ? 0.0 : labs_dues(s, e, l, step);
        if (economy_lab_gone(e, l, step)) {
            lab->costs = 0.0;                 /* a lab that has gone owes and spends nothing */
            continue;
        }
        finance_pay_for(e, FLOW_SUBSCRIPTIONS, SECTOR_HOUSEHOLDS, NULL, SECTOR_LABS, &lab->cash, lab->subscription_revenue);
        finance_pay_for(e, FLOW_API, SECTOR_BUSINESSES, NULL, SECTOR_LABS, &lab->cash, lab->api_revenue);
    }
    for (unsigned k = 0; k < e->clouds; k++) {
        e->cloud[k].revenue = e->cloud[k].rentals = e->cloud[k].firm_rentals = 0.0;
        e->cloud[k].penalties = e->cloud[k].interest = e->cloud[k].principal = e->cloud[k].borrowed = 0.0;
        e->cloud[k].margin_call = 0.0;
        if (economy_cloud_gone(e, k, step)) e->cloud[k].collateral = 0.0;
        if (economy_cloud_gone(e, k, step)) e->cloud[k].capex = 0.0;
        if ((!e->cloud[k].defaulted || e->cloud[k].default_step == (int32_t)step) && !s->clouds[k].spv) {
            finance_pay_for(e, FLOW_OTHER_REVENUE, SECTOR_REST_OF_WORLD, NULL, SECTOR_CLOUDS, &e->cloud[k].cash, s->clouds[k].other_revenue_usd);
        }
    }
    for (unsigned r = 0; r < e->regions; r++) e->grid[r].revenue = e->grid[r].billed = 0.0;
    pay_rentals(e, SECTOR_BUSINESSES, NULL, e->open_rent_usd, 1.0, -1, net, step);   /* firms renting for open models */
    raise_equity(s, e, step, dues);
    distress_down_round(s, e, step);   /* labs short of runway sell equity at a discount (distress.c) */
    int fresh = 0;
    for (unsigned l = 0; l < e->labs; l++) {
        if (!economy_lab_gone(e, l, step)) fresh += lab_pays(s, e, l, step, dues[l], net, parts);
    }
    for (unsigned k = 0; k < e->clouds; k++) {
        if (!economy_cloud_gone(e, k, step)) fresh += cloud_pays(s, e, k, step, net, parts);
    }
    for (unsigned m = 0; m < e->chipmakers; m++) {
        insolvency_chipmaker_pays(e, m, step);   /* production cost, or a default (insolvency.c) */
    }
    return fresh;
}

/* After the settlement: defaults of this step end contracts, cancel orders, write off debt. */
static void close_defaults(economy *e, uint32_t step)
{
    for (unsigned i = 0; i < e->contract_count; i++) {
        contract_state *c = &e->contracts[i];
        int lab_fell = e->lab[c->lab].defaulted && e->lab[c->lab].default_step == (int32_t)step;
        int cloud_fell = e->cloud[c->cloud].defaulted && e->cloud[c->cloud].default_step == (int32_t)step;
        if (!(lab_fell || cloud_fell) || c->ended_step != INT32_MAX) continue;
        if (lab_fell) e->cloud[c->cloud].losses += labs_contract_months_left(c, (long)step + 1) * c->mw * c->usd_per_mw_month;
        c->ended_step = (int32_t)step + 1;
    }
    for (unsigned l = 0; l < e->labs; l++) {
        if (!(e->lab[l].defaulted && e->lab[l].default_step == (int32_t)step)) continue;
        credit_record_losses(e, e->lab[l].debt, e->lab[l].equity_book);
        accounts_claim_change(e, accounts_of(e, SECTOR_LABS, l), INSTRUMENT_LOANS, -e->lab[l].debt);
        accounts_claim_change(e, accounts_of(e, SECTOR_LABS, l), INSTRUMENT_EQUITY, -e->lab[l].equity_book);
        e->lab[l].debt = e->lab[l].equity_book = 0.0;
    }
    for (unsigned k = 0; k < e->clouds; k++) {
        if (!(e->cloud[k].defaulted && e->cloud[k].default_step == (int32_t)step)) continue;
        credit_record_losses(e, e->cloud[k].debt, e->cloud[k].equity_book);
        accounts_claim_change(e, accounts_of(e, SECTOR_CLOUDS, k), INSTRUMENT_LOANS, -e->cloud[k].debt);
        accounts_claim_change(e, accounts_of(e, SECTOR_CLOUDS, k), INSTRUMENT_EQUITY, -e->cloud[k].equity_book);
        e->cloud[k].debt = e->cloud[k].equity_book = 0.0;
        collateral_default(e, k);
        for (unsigned m = 0; m < e->chipmakers; m++) {
            e->chip[m].backlog_units = fmax(0.0, e->chip[m].backlog_units - e->chip[m].backlog_by_cloud[k]);
            e->chip[m].backlog_by_cloud[k] = 0.0;
        }
    }
}

void finance_settle(const scenario *s, economy *e, uint32_t step)
{
    /* Everything a pass changes, to redo the pass with the defaults it found. */
    lab_state labs[SCENARIO_MAX_LABS];
    cloud_state clouds[SCENARIO_MAX_CLOUDS];
    chip_state chips[SCENARIO_MAX_CHIPMAKERS];
    grid_state grids[SCENARIO_MAX_REGIONS];
    ledger book = e->book;
    memcpy(grids, e->grid, sizeof grids[0] * e->regions);
    memcpy(labs, e->lab, sizeof labs[0] * e->labs);
    memcpy(clouds, e->cloud, sizeof clouds[0] * e->clouds);
    memcpy(chips, e->chip, sizeof chips[0] * e->chipmakers);
    e->investors.realised_losses = 0.0;
    /* Passes find the step's defaulters (each paying pro rata); one more records their mutual
     * obligations, the clearing solves them (clearing.h), and a last pass pays its shares. */
    clearing_net net;
    double parts[CLEARING_TIERS * CLEARING_ENTITIES];
    int cleared = 0;
    for (;;) {
        clearing_begin(&net, e, step);
        int fresh = settle_pass(s, e, step, &net, cleared ? parts : NULL);
        if (fresh == 0 && (cleared || net.n == 0)) break;
        if (fresh == 0) {
            aiecon_error err;
            if (clearing_solve(&net, parts, &err) != AIECON_OK) break;   /* keep the pro-rata pass */
            cleared = 1;
        } else {
            cleared = 0;
        }
        for (unsigned l = 0; l < e->labs; l++) {
            int32_t fell = e->lab[l].defaulted;
            e->lab[l] = labs[l];
            if (fell && !labs[l].defaulted) default_lab(e, l, step);
        }
        for (unsigned k = 0; k < e->clouds; k++) {
            int32_t fell = e->cloud[k].defaulted;
            e->cloud[k] = clouds[k];
            if (fell && !clouds[k].defaulted) default_cloud(e, k, step);
        }
        memcpy(e->chip, chips, sizeof chips[0] * e->chipmakers);
        memcpy(e->grid, grids, sizeof grids[0] * e->regions);
        e->book = book;
    }
    for (unsigned r = 0; r < e->regions; r++) utility_settle(s, e, r, step);   /* the grids, paid (utility.c) */
    insolvency_resolve_labs(s, e, step);   /* restructure or sell the labs that fell (insolvency.c) */
    close_defaults(e, step);
}
