/* utility.c — the grids' data-centre business as a balance sheet (see utility.h; docs/ODD.md 3.3.15).
 *
 * What: the capital each grid spends on supply for data centres (grid.c) is financed as a regulated
 * utility finances its rate base: debt_share by bonds the investors buy at their rate plus
 * debt_spread, amortised over recovery_years (1 / (12 × recovery_years) of the debt a month, as
 * credit.c amortises the firms' debt over its maturity), the rest by equity, and it stands in the
 * balance sheet at book value, depreciated over the same years. Cost-of-service regulation passes
 * the energy through at cost (generation_share of the price without the adder, 1 by default), so
 * the business lives on the capital adder: recovered while the load that asked for the capital
 * draws it, stranded when a regulator's cap binds or the load leaves (defaults, retirements), less
 * the share other ratepayers are made to pay. Default: short of its debt service after the month's
 * revenue, the grid pays what it has and its bonds and equity are written off as the investors'
 * losses (credit_record_losses, the same path as the firms'), as PG&E's bondholders and shareholders
 * bore its 2019 Chapter 11; the power stays on (price and supply are grid.c's and do not read the
 * default). Why not inside the Eisenberg–Noe clearing (clearing.c): a grid owes nothing to a lab or
 * a cloud, only to the investors and the rest of the world, so it is a sink of the payment network
 * and any clearing vector has it pay min(due, cash); it is settled after the clouds' clearing, whose
 * payments to it are then final. Cost: O(regions) a step. */
#include "aiecon/models/economy/players/utility.h"

#include <math.h>

#include "aiecon/models/economy/players/accounts.h"
#include "aiecon/models/economy/players/credit.h"
#include "aiecon/models/economy/players/finance.h"

double utility_capped_adder(double adder, double cap, double charge_usd, double drawn_mw, double *unrecovered)
{
    double capped = fmin(adder, cap);
    *unrecovered = fmax(0.0, charge_usd - capped * drawn_mw * 720.0);
    return capped;
}

static double months_of(const scenario_grid *in) { return fmax(1.0, 12.0 * in->recovery_years); }

void utility_invest(const scenario *s, economy *e, unsigned r)
{
    const scenario_grid *in = &s->regions[r].grid;
    grid_state *g = &e->grid[r];
    unsigned a = accounts_of(e, SECTOR_GRIDS, 0);
    double depreciation = g->book_usd / months_of(in);
    g->book_usd -= depreciation;
    accounts_revalue(e, a, INSTRUMENT_CAPITAL, -depreciation);
    double cost = g->expansion_cost;
    if (!(cost > 0.0)) return;
    double bonds = in->debt_share * cost, equity = cost - bonds;
    finance_pay_for(e, FLOW_BORROWING, SECTOR_INVESTORS, NULL, SECTOR_GRIDS, &g->cash, bonds);
    credit_roll(&g->debt, &g->debt_rate, 0.0, bonds, s->investors.rate + in->debt_spread);
    finance_pay_for(e, FLOW_EQUITY, SECTOR_INVESTORS, NULL, SECTOR_GRIDS, &g->cash, equity);
    g->equity_book += equity;
    finance_pay_for(e, FLOW_CONSTRUCTION, SECTOR_GRIDS, &g->cash, SECTOR_REST_OF_WORLD, NULL, cost);
    g->book_usd += cost;
    accounts_revalue(e, a, INSTRUMENT_CAPITAL, cost);
}

void utility_settle(const scenario *s, economy *e, unsigned r, uint32_t step)
{
    const scenario_grid *in = &s->regions[r].grid;
    grid_state *g = &e->grid[r];
    double others = in->other_dc_load_mw * 720.0 * g->price_usd_per_mwh;
    double socialised = in->socialised_share * g->unrecovered;
    finance_pay_for(e, FLOW_ENERGY, SECTOR_BUSINESSES, NULL, SECTOR_GRIDS, &g->cash, others);
    finance_pay_for(e, FLOW_ENERGY, SECTOR_HOUSEHOLDS, NULL, SECTOR_GRIDS, &g->cash, socialised);
    g->revenue += others + socialised;
    double energy = g->price_usd_per_mwh > 0.0 ? (g->price_usd_per_mwh - g->adder_usd_per_mwh) / g->price_usd_per_mwh : 0.0;
    g->generation_cost = fmin(in->generation_share * energy * (g->billed + others), fmax(0.0, g->cash));
    finance_pay_for(e, FLOW_PRODUCTION, SECTOR_GRIDS, &g->cash, SECTOR_REST_OF_WORLD, NULL, g->generation_cost);
    double interest = credit_interest_due(g->debt, g->debt_rate), principal = g->debt / months_of(in);
    double due = interest + principal, part = 1.0;
    int fell = 0;
    if (due > 0.0 && finance_short_of(g->cash, due)) {
        part = fmax(0.0, g->cash) / due;
        fell = 1;
    }
    g->interest = interest * part;
    g->principal = principal * part;
    finance_pay_debt_service(e, SECTOR_GRIDS, &g->cash, g->interest, g->interest + g->principal);
    credit_roll(&g->debt, &g->debt_rate, g->principal, 0.0, g->debt_rate);
    if (!fell) return;
    g->defaulted = 1.0;
    g->default_step = (double)step;
    unsigned a = accounts_of(e, SECTOR_GRIDS, 0);
    credit_record_losses(e, g->debt, g->equity_book);
    accounts_claim_change(e, a, INSTRUMENT_LOANS, -g->debt);
    accounts_claim_change(e, a, INSTRUMENT_EQUITY, -g->equity_book);
    g->debt = g->equity_book = 0.0;
}

double utility_claims(const economy *e)
{
    double sum = 0.0;
    for (unsigned r = 0; r < e->regions; r++) sum += e->grid[r].debt + e->grid[r].equity_book;
    return sum;
}

double utility_interest(const economy *e)
{
    double sum = 0.0;
    for (unsigned r = 0; r < e->regions; r++) sum += e->grid[r].interest;
    return sum;
}
