/* figures.c — the economy's output variables, one line each (see figures.h).
 *
 * A table of (name, units, long name, dimension, kind, getter): a new figure is one getter, one row
 * and ECONOMY_FIGURES one up (the compiler checks the count), and the output file, the record size, the --check of finite values and shares, and
 * docs/OUTPUT.md's list follow from it. The kind says what the value is over its month and
 * becomes the variable's cell_methods (output.h): OUTPUT_FLOW for an amount of the month
 * (USD/month, units/month: "time: sum"), OUTPUT_RATE for the month's rate (MW drawn, a share of
 * demand: "time: mean"), OUTPUT_STOCK for a level at the month's end, a cumulative total, a flag
 * or a price set for the next month ("time: point"); a row without one does not compile
 * (-Wmissing-field-initializers) and is refused by output_create. tests/python/annual_sums.py
 * checks each kind against docs/OUTPUT.md's "Kind" column. Getters read only the replicated players and the reduced
 * tally, so every rank computes the same values. Cost: one call per value per step. */
#include "figures.h"
#include "aiecon/models/economy.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aiecon/models/economy/players/deals.h"
#include "aiecon/models/economy/players/invariants.h"
#include "aiecon/models/economy/players/labs.h"
#include "aiecon/models/economy/players/market.h"

/* i indexes the variable's values: its dimension's entry, or entry × inner size + inner entry. */
typedef double (*figure_getter)(const figure_view *v, unsigned i);
typedef struct figure {
    output_variable var;
    figure_getter get;
} figure;

/* ---- getters: one figure each (i indexes the variable's dimension) ---- */
static double share(int64_t part, int64_t whole) { return whole > 0 ? (double)part / (double)whole : 0.0; }
static double g_hh_adopted(const figure_view *v, unsigned r) { return share(v->t->hh_adopted[r], v->t->hh_total[r]); }
static double g_hh_users(const figure_view *v, unsigned r) { return (double)v->t->hh_adopted[r]; }
static double g_biz_adopted(const figure_view *v, unsigned r)
{
    int64_t a = 0, n = 0;
    for (unsigned k = 0; k < SCENARIO_MAX_SIZES; k++) {
        a += v->t->biz_adopted[r][k];
        n += v->t->biz_total[r][k];
    }
    return share(a, n);
}
static double g_dc_power(const figure_view *v, unsigned r) { return v->e->grid[r].drawn_mw; }
static double g_dc_connected(const figure_view *v, unsigned r) { return v->e->grid[r].load_mw; }
static double g_grid_started(const figure_view *v, unsigned r) { return v->e->grid[r].started_mw; }
static double g_grid_expansion_cost(const figure_view *v, unsigned r) { return v->e->grid[r].expansion_cost; }
static double g_grid_capital_charge(const figure_view *v, unsigned r) { return v->e->grid[r].capital_charge; }
static double g_grid_power(const figure_view *v, unsigned r) { return v->e->grid[r].power_mw; }
static double g_grid_unrecovered(const figure_view *v, unsigned r) { return v->e->grid[r].unrecovered; }
static double g_grid_cash(const figure_view *v, unsigned r) { return v->e->grid[r].cash; }
static double g_grid_capital(const figure_view *v, unsigned r) { return v->e->grid[r].book_usd; }
static double g_grid_debt(const figure_view *v, unsigned r) { return v->e->grid[r].debt; }
static double g_grid_debt_service(const figure_view *v, unsigned r) { return v->e->grid[r].interest + v->e->grid[r].principal; }
static double g_grid_default(const figure_view *v, unsigned r) { return v->e->grid[r].defaulted; }
static double g_elec_price(const figure_view *v, unsigned r) { return v->e->grid[r].price_usd_per_mwh; }
static double g_lab_revenue(const figure_view *v, unsigned l) { return v->e->lab[l].revenue; }
static double g_lab_costs(const figure_view *v, unsigned l) { return v->e->lab[l].costs; }
static double g_lab_penalties(const figure_view *v, unsigned l) { return v->e->lab[l].penalties; }
static double g_lab_commit(const figure_view *v, unsigned l) { return labs_commitments(v->e, l, v->e->step); }
static double g_lab_cash(const figure_view *v, unsigned l) { return v->e->lab[l].cash; }
static double g_lab_debt(const figure_view *v, unsigned l) { return v->e->lab[l].debt; }
static double g_lab_equity(const figure_view *v, unsigned l) { return v->e->lab[l].equity_raised; }
static double g_lab_valuation(const figure_view *v, unsigned l) { return v->e->lab[l].valuation; }
static double g_lab_default(const figure_view *v, unsigned l) { return v->e->lab[l].defaulted; }
static double g_lab_restructured(const figure_view *v, unsigned l) { return v->e->lab[l].restructured; }
static double g_lab_acquired(const figure_view *v, unsigned l) { return v->e->lab[l].users_acquired; }
static double g_lab_opex(const figure_view *v, unsigned l) { return v->e->lab[l].opex_usd; }
static double g_lab_runway(const figure_view *v, unsigned l) { return v->e->lab[l].runway; }
static double g_lab_down_round(const figure_view *v, unsigned l) { return v->e->lab[l].down_round; }
static double g_lab_price_factor(const figure_view *v, unsigned l) { return v->e->lab[l].price_factor; }
static double g_lab_sub_ratio(const figure_view *v, unsigned l) { return v->e->lab[l].subscription_ratio; }
static double g_lab_api_ratio(const figure_view *v, unsigned l) { return v->e->lab[l].api_ratio; }
static double g_lab_users(const figure_view *v, unsigned l) { return v->e->lab[l].users; }
static double g_lab_paid(const figure_view *v, unsigned l) { return v->e->lab[l].paid_users; }
static double g_lab_firms(const figure_view *v, unsigned l) { return v->e->lab[l].business_users; }
/* The flows of each lab's users and firms (offers.h): users(t) = users(t-1) + new + switched_in
 * - switched_out - stopped + transferred, exactly (integer weights in doubles). */
static double g_hh_new(const figure_view *v, unsigned l) { return (double)v->t->hh_new[l]; }
static double g_hh_in(const figure_view *v, unsigned l) { return (double)v->t->hh_switched_in[l]; }
static double g_hh_out(const figure_view *v, unsigned l) { return (double)v->t->hh_switched_out[l]; }
static double g_hh_stopped(const figure_view *v, unsigned l) { return (double)v->t->hh_stopped[l]; }
static double g_hh_transferred(const figure_view *v, unsigned l) { return (double)v->t->hh_transferred[l]; }
static double g_biz_new(const figure_view *v, unsigned l) { return (double)v->t->biz_new[l]; }
static double g_biz_in(const figure_view *v, unsigned l) { return (double)v->t->biz_switched_in[l]; }
static double g_biz_out(const figure_view *v, unsigned l) { return (double)v->t->biz_switched_out[l]; }
static double g_biz_stopped(const figure_view *v, unsigned l) { return (double)v->t->biz_stopped[l]; }
static double g_biz_transferred(const figure_view *v, unsigned l) { return (double)v->t->biz_transferred[l]; }
static double g_lab_quality(const figure_view *v, unsigned l) { return v->e->lab[l].quality; }
static double g_lab_capacity(const figure_view *v, unsigned l) { return v->e->lab[l].capacity_mw; }
static double g_lab_served(const figure_view *v, unsigned l) { return v->e->lab[l].served_share; }
static double g_lab_tokens(const figure_view *v, unsigned l) { return v->e->lab[l].tokens_mtok; }
static double g_lab_sub(const figure_view *v, unsigned l) { return v->e->lab[l].subscription_usd; }
static double g_lab_api(const figure_view *v, unsigned l) { return v->e->lab[l].api_usd_per_mtok; }
static double g_cloud_capacity(const figure_view *v, unsigned k) { return v->e->cloud[k].capacity_mw; }
static double g_cloud_building(const figure_view *v, unsigned k) { return v->e->cloud[k].building_mw; }
static double g_cloud_default(const figure_view *v, unsigned k) { return v->e->cloud[k].defaulted; }
static double g_cloud_cash(const figure_view *v, unsigned k) { return v->e->cloud[k].cash; }
static double g_cloud_debt(const figure_view *v, unsigned k) { return v->e->cloud[k].debt; }
static double g_cloud_power(const figure_view *v, unsigned k) { return v->e->cloud[k].power_mw; }
static double g_cloud_retired(const figure_view *v, unsigned k) { return v->e->cloud[k].retired_mw; }
static double g_cloud_book(const figure_view *v, unsigned k) { return v->e->cloud[k].book_value; }
static double g_cloud_impairment(const figure_view *v, unsigned k) { return v->e->cloud[k].impairment; }
static double g_cloud_util(const figure_view *v, unsigned k) { return v->e->cloud[k].utilisation; }
static double g_cloud_revenue(const figure_view *v, unsigned k) { return v->e->cloud[k].revenue; }
static double g_cloud_capex(const figure_view *v, unsigned k) { return v->e->cloud[k].capex; }
static double g_cloud_penalties(const figure_view *v, unsigned k) { return v->e->cloud[k].penalties; }
static double g_cloud_losses(const figure_view *v, unsigned k) { return v->e->cloud[k].losses; }
static double g_cloud_lease(const figure_view *v, unsigned k) { return v->e->cloud[k].lease_usd_per_mw_month; }
static double g_chip_price(const figure_view *v, unsigned m) { return v->e->chip[m].price_usd; }
static double g_chip_ship(const figure_view *v, unsigned m) { return v->e->chip[m].shipments; }
static double g_chip_revenue(const figure_view *v, unsigned m) { return v->e->chip[m].revenue; }
static double g_chip_backlog(const figure_view *v, unsigned m) { return v->e->chip[m].backlog_units; }
static double g_chip_orders(const figure_view *v, unsigned m) { return v->e->chip[m].orders; }
static double g_chip_capacity(const figure_view *v, unsigned m) { return v->e->chip[m].capacity_units; }
static double g_cloud_q(const figure_view *v, unsigned k) { return v->e->cloud[k].q; }
static double g_cloud_invested(const figure_view *v, unsigned k) { return v->e->cloud[k].invested_mw; }
static double g_cloud_occupancy(const figure_view *v, unsigned k) { return v->e->cloud[k].occupancy; }
static double g_chip_cash(const figure_view *v, unsigned m) { return v->e->chip[m].cash; }
static double g_chip_default(const figure_view *v, unsigned m) { return v->e->chip[m].defaulted; }
static double g_chip_cost(const figure_view *v, unsigned m) { return v->e->chip[m].unit_cost_usd; }
/* rental price of one accelerator-hour: lease per MW-month over the chips in a MW and 720 h */
static double g_gpu_hour(const figure_view *v, unsigned k)
{
    double units = 0.0;
    for (unsigned m = 0; m < v->s->chipmaker_count; m++) {
        units += v->s->chipmakers[m].market_share * v->s->chipmakers[m].units_per_mw;
    }
    return units > 0 ? v->e->cloud[k].lease_usd_per_mw_month / (units * 720.0) : 0.0;
}
/* Open weights: tallied at provider index labs when offered (demand.h), else 0. */
static double g_open_users(const figure_view *v, unsigned r)
{
    return v->e->labs < OFFERS_MAX_LABS ? (double)v->t->hh_users[v->e->labs][r] : 0.0;
}
static double g_open_firms(const figure_view *v, unsigned r)
{
    double n = 0.0;
    for (unsigned k = 0; v->e->labs < OFFERS_MAX_LABS && k < SCENARIO_MAX_SIZES; k++) {
        n += (double)(v->t->biz_pilot[v->e->labs][r][k] + v->t->biz_production[v->e->labs][r][k]);
    }
    return n;
}
static double g_open_quality(const figure_view *v, unsigned i) { (void)i; return v->e->open_quality; }
static double g_open_compute(const figure_view *v, unsigned i) { (void)i; return v->e->open_rented_mw; }
static double g_compute_price(const figure_view *v, unsigned i)
{
    (void)i;
    return market_usd_per_gpu_hour(v->s, v->e->compute_price);
}
static double g_lab_rented(const figure_view *v, unsigned l) { return v->e->lab[l].rented_mw; }
static double g_cloud_let(const figure_view *v, unsigned k) { return v->e->cloud[k].let_mw; }
static double g_cloud_firm_rentals(const figure_view *v, unsigned k) { return v->e->cloud[k].firm_rentals; }
static double g_cloud_acquisitions(const figure_view *v, unsigned k) { return v->e->cloud[k].acquisitions; }
static double g_cloud_acquired(const figure_view *v, unsigned k) { return v->e->cloud[k].acquired_mw; }
/* The stock-flow matrices (accounts.h): sector i / rows, row i % rows */
static double g_balance_sheet(const figure_view *v, unsigned i)
{
    return accounts_stock(v->e, i / INSTRUMENT_COUNT, i % INSTRUMENT_COUNT);
}
static double g_flows(const figure_view *v, unsigned i)
{
    return accounts_flow(v->e, i / ACCOUNTS_FLOW_ROWS, i % ACCOUNTS_FLOW_ROWS);
}
static double g_revaluations(const figure_view *v, unsigned i)
{
    unsigned a = i / INSTRUMENT_COUNT, row = i % INSTRUMENT_COUNT;
    if (row != INSTRUMENT_NET_WORTH) return v->e->book.revalued[a][row];
    double sum = 0.0;
    for (unsigned j = 0; j < INSTRUMENT_NET_WORTH; j++) sum += v->e->book.revalued[a][j];
    return sum;
}

/* MW in service of cloud i / ECONOMY_MAX_VINTAGES, vintage i % ECONOMY_MAX_VINTAGES */
static double g_vintage_capacity(const figure_view *v, unsigned i)
{
    return v->e->cloud[i / ECONOMY_MAX_VINTAGES].vintage[i % ECONOMY_MAX_VINTAGES].mw;
}
static double g_sentiment(const figure_view *v, unsigned i) { (void)i; return v->e->investors.sentiment; }
static double g_equity(const figure_view *v, unsigned i) { (void)i; return v->e->investors.equity_supply_usd; }
static double g_spread(const figure_view *v, unsigned i) { (void)i; return v->e->investors.spread; }
static double g_wealth(const figure_view *v, unsigned i) { (void)i; return v->e->investors.wealth; }
static double g_losses(const figure_view *v, unsigned i) { (void)i; return v->e->investors.realised_losses; }
static double g_income(const figure_view *v, unsigned i) { (void)i; return v->e->investors.income; }
static double g_condition(const figure_view *v, unsigned i) { (void)i; return v->e->investors.condition; }
static double g_lab_spread(const figure_view *v, unsigned l) { return v->e->lab[l].spread; }
static double g_cloud_spread(const figure_view *v, unsigned k) { return v->e->cloud[k].spread; }
static double g_lab_interest(const figure_view *v, unsigned l) { return v->e->lab[l].interest; }
static double g_lab_principal(const figure_view *v, unsigned l) { return v->e->lab[l].principal; }
static double g_lab_borrowed(const figure_view *v, unsigned l) { return v->e->lab[l].borrowed; }
static double g_lab_debt_rate(const figure_view *v, unsigned l) { return v->e->lab[l].debt_rate; }
static double g_cloud_interest(const figure_view *v, unsigned k) { return v->e->cloud[k].interest; }
static double g_cloud_principal(const figure_view *v, unsigned k) { return v->e->cloud[k].principal; }
static double g_cloud_borrowed(const figure_view *v, unsigned k) { return v->e->cloud[k].borrowed; }
static double g_cloud_debt_rate(const figure_view *v, unsigned k) { return v->e->cloud[k].debt_rate; }
/* GPU-backed loans (collateral.c) */
static double g_cloud_secured(const figure_view *v, unsigned k) { return v->e->cloud[k].secured_debt; }
static double g_cloud_collateral(const figure_view *v, unsigned k) { return v->e->cloud[k].collateral; }
static double g_cloud_margin_call(const figure_view *v, unsigned k) { return v->e->cloud[k].margin_call; }
static double g_cloud_secured_losses(const figure_view *v, unsigned k) { return v->e->cloud[k].secured_losses; }
/* Vendor and circular finance (deals.h) */
static double g_chip_round_trip(const figure_view *v, unsigned m) { return v->e->deals.chip_round_trip[m]; }
static double g_cloud_round_trip(const figure_view *v, unsigned k) { return v->e->deals.cloud_round_trip[k]; }
static double g_chip_tranches(const figure_view *v, unsigned m) { return deals_chip_tranches_paid(v->e, m); }
static double g_chip_vendor_equity(const figure_view *v, unsigned m) { return deals_chip_equity_held(v->e, m); }
static double g_chip_warrants(const figure_view *v, unsigned m) { return deals_chip_warrants_vested(v->e, m); }
static double g_chip_share_price(const figure_view *v, unsigned m) { return deals_chip_share_price(v->e, m); }
static double g_cloud_credits(const figure_view *v, unsigned k) { return deals_cloud_credits_owed(v->e, k); }
static double g_lab_vendor_equity(const figure_view *v, unsigned l) { return deals_lab_vendor_equity(v->e, l); }
static double g_lab_vendor_cash(const figure_view *v, unsigned l) { return deals_lab_vendor_cash(v->e, l); }
static double g_cloud_credits_used(const figure_view *v, unsigned k) { return deals_cloud_credits_used(v->e, k); }
static double g_residual(const figure_view *v, unsigned i) { (void)i; return v->e->accounting_residual; }
/* the macro loop (macro.h); per (region, sector): i = region × sectors + sector */
static double g_gdp(const figure_view *v, unsigned r) { return v->e->macro.gdp[r]; }
static double g_hh_income(const figure_view *v, unsigned r) { return v->e->macro.income[r]; }
static double g_ai_productivity(const figure_view *v, unsigned i)
{
    unsigned n = v->s->businesses.sector_count;
    return v->e->macro.gain[i / n][i % n];
}
static double g_employment(const figure_view *v, unsigned i)
{
    unsigned n = v->s->businesses.sector_count;
    return v->e->macro.employment[i / n][i % n];
}

static const figure figures[] = {
    {{"households_adopted", "1", "weighted share of households using AI", DIM_REGION, OUTPUT_STOCK, -1}, g_hh_adopted},
    {{"households_users", "households", "households using AI", DIM_REGION, OUTPUT_STOCK, -1}, g_hh_users},
    {{"businesses_adopted", "1", "weighted share of firms using AI (pilot or production)", DIM_REGION, OUTPUT_STOCK, -1}, g_biz_adopted},
    {{"dc_power", "MW", "power drawn by data centres (in use, plus the idle draw of idle capacity)", DIM_REGION,
      OUTPUT_RATE, -1}, g_dc_power},
    {{"dc_power_connected", "MW", "data-centre capacity connected to the grid (other data centres + AI capacity in service)",
      DIM_REGION, OUTPUT_STOCK, -1}, g_dc_connected},
    {{"grid_dc_power_started", "MW/month", "power for data centres the grid started adding (on line after its interconnection lead time)",
      DIM_REGION, OUTPUT_FLOW, -1}, g_grid_started},
    {{"grid_expansion_cost", "USD/month", "capital cost of the supply for data centres the grid started adding",
      DIM_REGION, OUTPUT_FLOW, -1}, g_grid_expansion_cost},
    {{"grid_capital_charge", "USD/month", "annuity on the grid's expansion capital, recovered in the electricity price",
      DIM_REGION, OUTPUT_FLOW, -1}, g_grid_capital_charge},
    {{"grid_dc_power_available", "MW", "power the grid can give data centres", DIM_REGION, OUTPUT_STOCK, -1}, g_grid_power},
    {{"grid_unrecovered_capital", "USD/month", "capital charge not charged to data centres (adder cap, load gone)",
      DIM_REGION, OUTPUT_FLOW, -1}, g_grid_unrecovered},
    {{"grid_cash", "USD", "cash of the grid's data-centre business", DIM_REGION, OUTPUT_STOCK, -1}, g_grid_cash},
    {{"grid_capital", "USD", "the grid's expansion capital at book value", DIM_REGION, OUTPUT_STOCK, -1}, g_grid_capital},
    {{"grid_debt", "USD", "the grid's bonds held by the investors", DIM_REGION, OUTPUT_STOCK, -1}, g_grid_debt},
    {{"grid_debt_service", "USD/month", "interest and principal the grid paid on its bonds", DIM_REGION, OUTPUT_FLOW, -1},
      g_grid_debt_service},
    {{"grid_default", "1", "1 once the grid could not pay its debt service (the power stays on)", DIM_REGION,
      OUTPUT_STOCK, -1}, g_grid_default},
    {{"electricity_price", "USD/MWh", "electricity price for data centres", DIM_REGION, OUTPUT_STOCK, -1}, g_elec_price},
    {{"lab_revenue", "USD/month", "revenue of the lab in the month", DIM_LAB, OUTPUT_FLOW, -1}, g_lab_revenue},
    {{"lab_costs", "USD/month", "contract payments, opex and interest due in the month", DIM_LAB, OUTPUT_FLOW, -1}, g_lab_costs},
    {{"lab_penalties_received", "USD/month", "delay penalties received from clouds for capacity not delivered", DIM_LAB, OUTPUT_FLOW, -1},
     g_lab_penalties},
    {{"lab_commitments", "USD", "remaining contracted compute payments", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_commit},
    {{"lab_cash", "USD", "cash of the lab", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_cash},
    {{"lab_debt", "USD", "debt of the lab", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_debt},
    {{"lab_equity_raised", "USD", "equity raised since the start", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_equity},
    {{"lab_valuation", "USD", "valuation of the lab", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_valuation},
    {{"lab_default", "1", "1 once the lab has defaulted and was not restructured", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_default},
    {{"lab_restructured", "1", "1 once the lab has been restructured after a default", DIM_LAB, OUTPUT_STOCK, -1},
     g_lab_restructured},
    {{"lab_users_acquired", "users/month", "users and firms bought with a liquidated lab (they move next month)",
      DIM_LAB, OUTPUT_FLOW, -1}, g_lab_acquired},
    {{"lab_opex_next", "USD/month", "staff and other costs due next month (grown, or frozen when short of runway)",
      DIM_LAB, OUTPUT_RATE, -1}, g_lab_opex},
    {{"lab_runway", "months", "months its cash covers the month's burn (120 if it burns nothing)", DIM_LAB,
      OUTPUT_STOCK, -1}, g_lab_runway},
    {{"lab_down_round", "USD/month", "equity sold at a discount when short of runway", DIM_LAB, OUTPUT_FLOW, -1},
     g_lab_down_round},
    {{"lab_price_factor", "1", "prices over their list prices (raised when short of runway)", DIM_LAB,
      OUTPUT_STOCK, -1}, g_lab_price_factor},
    {{"lab_users", "people", "people using the lab's assistant", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_users},
    {{"lab_paid_users", "people", "people paying a subscription to the lab", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_paid},
    {{"lab_business_users", "firms", "firms using the lab's API (pilot or production)", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_firms},
    {{"lab_users_new", "people/month", "people who started using AI with the lab", DIM_LAB, OUTPUT_FLOW, -1}, g_hh_new},
    {{"lab_users_switched_in", "people/month", "people who moved to the lab from another lab (or open weights)", DIM_LAB,
      OUTPUT_FLOW, -1}, g_hh_in},
    {{"lab_users_switched_out", "people/month", "people who left the lab for another lab (or open weights)", DIM_LAB,
      OUTPUT_FLOW, -1}, g_hh_out},
    {{"lab_users_stopped", "people/month", "people who left the lab and stopped using AI", DIM_LAB, OUTPUT_FLOW, -1},
     g_hh_stopped},
    {{"lab_users_transferred", "people/month", "people moved with a sold lab: + at the buyer, - at the seller",
      DIM_LAB, OUTPUT_FLOW, -1}, g_hh_transferred},
    {{"lab_business_users_new", "firms/month", "firms that started a pilot with the lab", DIM_LAB, OUTPUT_FLOW, -1},
     g_biz_new},
    {{"lab_business_users_switched_in", "firms/month", "firms that moved to the lab from another lab (or open weights)",
      DIM_LAB, OUTPUT_FLOW, -1}, g_biz_in},
    {{"lab_business_users_switched_out", "firms/month", "firms that left the lab for another lab (or open weights)",
      DIM_LAB, OUTPUT_FLOW, -1}, g_biz_out},
    {{"lab_business_users_stopped", "firms/month", "firms that left the lab and stopped using AI (churn, failed pilot, "
      "unprofitable production)", DIM_LAB, OUTPUT_FLOW, -1}, g_biz_stopped},
    {{"lab_business_users_transferred", "firms/month", "firms moved with a sold lab: + at the buyer, - at the seller",
      DIM_LAB, OUTPUT_FLOW, -1}, g_biz_transferred},
    {{"lab_quality", "1", "capability index of the lab's model (1 = reference)", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_quality},
    {{"lab_capacity", "MW", "compute capacity the lab has in service", DIM_LAB, OUTPUT_RATE, -1}, g_lab_capacity},
    {{"lab_served_share", "1", "share of inference demand the lab could serve", DIM_LAB, OUTPUT_RATE, -1}, g_lab_served},
    {{"lab_tokens", "1e6 tokens/month", "tokens demanded from the lab", DIM_LAB, OUTPUT_FLOW, -1}, g_lab_tokens},
    {{"lab_subscription_price", "USD/month", "consumer subscription price", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_sub},
    {{"lab_api_price", "USD/(1e6 tokens)", "API price per million tokens", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_api},
    {{"lab_subscription_ratio", "1", "subscription price the lab sets over its list price (before distress)", DIM_LAB,
      OUTPUT_STOCK, -1}, g_lab_sub_ratio},
    {{"lab_api_ratio", "1", "API price the lab sets over its list path (before distress)", DIM_LAB, OUTPUT_STOCK, -1},
     g_lab_api_ratio},
    {{"cloud_capacity", "MW", "AI capacity in service", DIM_CLOUD, OUTPUT_STOCK, -1}, g_cloud_capacity},
    {{"cloud_building", "MW", "AI capacity under construction or waiting for chips or power", DIM_CLOUD, OUTPUT_STOCK, -1},
     g_cloud_building},
    {{"cloud_default", "1", "1 once the cloud has defaulted", DIM_CLOUD, OUTPUT_STOCK, -1}, g_cloud_default},
    {{"cloud_cash", "USD", "cash of the cloud", DIM_CLOUD, OUTPUT_STOCK, -1}, g_cloud_cash},
    {{"cloud_debt", "USD", "debt of the cloud", DIM_CLOUD, OUTPUT_STOCK, -1}, g_cloud_debt},
    {{"cloud_revenue", "USD/month", "contract payments received from labs", DIM_CLOUD, OUTPUT_FLOW, -1}, g_cloud_revenue},
    {{"cloud_capex", "USD/month", "capital spending on chips and construction", DIM_CLOUD, OUTPUT_FLOW, -1}, g_cloud_capex},
    {{"cloud_penalties_paid", "USD/month", "delay penalties paid to labs for contracted capacity not delivered",
      DIM_CLOUD, OUTPUT_FLOW, -1}, g_cloud_penalties},
    {{"cloud_power", "MW", "power the cloud draws: capacity in use + idle_draw x idle capacity", DIM_CLOUD, OUTPUT_RATE,
      -1}, g_cloud_power},
    {{"cloud_retired", "MW/month", "capacity retired because it costs more to run than it earns", DIM_CLOUD, OUTPUT_FLOW, -1},
     g_cloud_retired},
    {{"cloud_book_value", "USD", "book value of the capacity in service (straight-line depreciation)", DIM_CLOUD, OUTPUT_STOCK, -1},
     g_cloud_book},
    {{"cloud_impairment", "USD/month", "book written down to the value in use of capacity no contract pays for (IAS 36)", DIM_CLOUD,
      OUTPUT_FLOW, -1},
     g_cloud_impairment},
    {{"cloud_utilisation", "1", "contracted MW served / capacity in service (contracts only; with the market's lets: "
      "cloud_occupancy)", DIM_CLOUD, OUTPUT_STOCK, -1}, g_cloud_util},
    {{"cloud_losses", "USD", "contracted payments lost to lab defaults, cumulative", DIM_CLOUD, OUTPUT_STOCK, -1}, g_cloud_losses},
    {{"cloud_lease_price", "USD/(MW month)", "price of capacity for new contracts", DIM_CLOUD, OUTPUT_STOCK, -1}, g_cloud_lease},
    {{"cloud_gpu_hour_price", "USD/h", "rental price of one accelerator for an hour", DIM_CLOUD, OUTPUT_STOCK, -1}, g_gpu_hour},
    {{"compute_price", "USD/h", "compute market's rental price of a reference GPU-hour (the start's chips)", -1,
      OUTPUT_RATE, -1}, g_compute_price},
    {{"open_weight_users", "households", "households using open-weight models", DIM_REGION, OUTPUT_STOCK, -1},
     g_open_users},
    {{"open_weight_firms", "firms", "firms using open-weight models (pilot or production)", DIM_REGION,
      OUTPUT_STOCK, -1}, g_open_firms},
    {{"open_weight_quality", "1", "quality of the open-weight models, for the next month", -1, OUTPUT_STOCK, -1},
     g_open_quality},
    {{"open_weight_compute", "MW", "compute rented by firms for open models (reference MW): the reference "
      "demand and the firms that chose open weights", -1, OUTPUT_RATE, -1}, g_open_compute},
    {{"lab_rented_capacity", "MW", "capacity rented on the compute market for inference", DIM_LAB, OUTPUT_RATE, -1},
     g_lab_rented},
    {{"cloud_let_capacity", "MW", "capacity let on the compute market, in reference MW (the start's chips)",
      DIM_CLOUD, OUTPUT_RATE, -1}, g_cloud_let},
    {{"cloud_firm_rentals", "USD/month", "compute market rentals paid by firms for open models", DIM_CLOUD,
      OUTPUT_FLOW, -1}, g_cloud_firm_rentals},
    {{"cloud_acquisitions", "USD/month", "paid for the capacity of defaulted clouds", DIM_CLOUD, OUTPUT_FLOW, -1},
     g_cloud_acquisitions},
    {{"cloud_acquired", "MW/month", "capacity (in service and sites) bought from defaulted clouds", DIM_CLOUD,
      OUTPUT_FLOW, -1}, g_cloud_acquired},
    {{"chip_price", "USD", "price of one accelerator", DIM_CHIPMAKER, OUTPUT_RATE, -1}, g_chip_price},
    {{"chip_unit_cost", "USD", "cost of producing one accelerator", DIM_CHIPMAKER, OUTPUT_RATE, -1}, g_chip_cost},
    {{"chip_shipments", "units/month", "accelerators shipped", DIM_CHIPMAKER, OUTPUT_FLOW, -1}, g_chip_ship},
    {{"chip_revenue", "USD/month", "revenue from accelerators", DIM_CHIPMAKER, OUTPUT_FLOW, -1}, g_chip_revenue},
    {{"chip_backlog", "units", "accelerators ordered, not yet shipped", DIM_CHIPMAKER, OUTPUT_STOCK, -1}, g_chip_backlog},
    {{"chip_cash", "USD", "cash of the chipmaker", DIM_CHIPMAKER, OUTPUT_STOCK, -1}, g_chip_cash},
    {{"chip_default", "1", "1 once the chipmaker could not pay its production cost in full", DIM_CHIPMAKER,
      OUTPUT_STOCK, -1}, g_chip_default},
    {{"chip_orders", "units/month", "accelerators ordered by the clouds, less cancellations", DIM_CHIPMAKER,
      OUTPUT_FLOW, -1}, g_chip_orders},
    {{"chip_capacity", "units/month", "production capacity (trend plus expansions come on line)", DIM_CHIPMAKER,
      OUTPUT_STOCK, -1}, g_chip_capacity},
    {{"cloud_q", "1", "Tobin's q of a new MW: present value of its rents / its cost", DIM_CLOUD, OUTPUT_RATE, -1},
     g_cloud_q},
    {{"cloud_invested", "MW/month", "capacity started beyond contracts by the q rule", DIM_CLOUD, OUTPUT_FLOW, -1},
     g_cloud_invested},
    {{"cloud_occupancy", "1", "share of capacity in use (contracted or let), smoothed: what q expects a new MW let",
      DIM_CLOUD, OUTPUT_RATE, -1},
     g_cloud_occupancy},
    {{"vintage_capacity", "MW", "capacity in service by the year its chips entered service (its generation)",
      DIM_CLOUD, OUTPUT_STOCK, DIM_GENERATION}, g_vintage_capacity},
    {{"investor_sentiment", "1", "investor sentiment (1 = neutral)", -1, OUTPUT_STOCK, -1}, g_sentiment},
    {{"equity_supply", "USD/month", "equity investors offer labs in the month", -1, OUTPUT_STOCK, -1}, g_equity},
    {{"credit_spread", "1/year", "credit spread over the risk-free rate", -1, OUTPUT_STOCK, -1}, g_spread},
    {{"investor_wealth", "USD", "investors' net worth: what they hold in the labs and clouds (debt, equity at cost) and "
      "outside", -1, OUTPUT_STOCK, -1}, g_wealth},
    {{"realised_losses", "USD/month", "debt and equity written off by the investors at defaults in the month", -1,
      OUTPUT_FLOW, -1}, g_losses},
    {{"investor_income", "USD/month", "interest and recoveries (sales of defaulted clouds' capacity) received", -1,
      OUTPUT_FLOW, -1}, g_income},
    {{"financial_condition", "1", "investors' financial condition from wealth and recent losses (1 = as at the start)",
      -1, OUTPUT_STOCK, -1}, g_condition},
    {{"lab_spread", "1/year", "the lab's own credit spread for new borrowing (market spread + leverage + coverage)",
      DIM_LAB, OUTPUT_STOCK, -1}, g_lab_spread},
    {{"cloud_spread", "1/year", "the cloud's own credit spread for new borrowing (market spread + leverage + coverage)",
      DIM_CLOUD, OUTPUT_STOCK, -1}, g_cloud_spread},
    {{"lab_interest", "USD/month", "interest paid to the investors", DIM_LAB, OUTPUT_FLOW, -1}, g_lab_interest},
    {{"lab_principal", "USD/month", "principal repaid to the investors (the part of its debt that matured)", DIM_LAB,
      OUTPUT_FLOW, -1}, g_lab_principal},
    {{"lab_borrowed", "USD/month", "borrowed from the investors (refinancing included)", DIM_LAB, OUTPUT_FLOW, -1},
     g_lab_borrowed},
    {{"lab_debt_rate", "1/year", "mean coupon of the lab's debt", DIM_LAB, OUTPUT_STOCK, -1}, g_lab_debt_rate},
    {{"cloud_interest", "USD/month", "interest paid to the investors", DIM_CLOUD, OUTPUT_FLOW, -1}, g_cloud_interest},
    {{"cloud_principal", "USD/month", "principal repaid to the investors (the part of its debt that matured)", DIM_CLOUD,
      OUTPUT_FLOW, -1}, g_cloud_principal},
    {{"cloud_borrowed", "USD/month", "borrowed from the investors (refinancing included)", DIM_CLOUD, OUTPUT_FLOW, -1},
     g_cloud_borrowed},
    {{"cloud_debt_rate", "1/year", "mean coupon of the cloud's debt", DIM_CLOUD, OUTPUT_STOCK, -1}, g_cloud_debt_rate},
    {{"gdp", "USD/month", "output of the region (its GDP over 12): trend × AI's productivity gain × jobs kept",
      DIM_REGION, OUTPUT_FLOW, -1}, g_gdp},
    {{"household_income", "USD/month", "income of the region's households: start × (labour share × output growth "
      "+ the rest × trend)", DIM_REGION, OUTPUT_FLOW, -1}, g_hh_income},
    {{"ai_productivity", "1", "labour-productivity gain from AI (0.05 = +5 %): exposure × cost saving × firms in "
      "production", DIM_REGION, OUTPUT_STOCK, DIM_SECTOR}, g_ai_productivity},
    {{"employment", "workers", "jobs in the sector: the start's less those AI displaced and not yet reinstated",
      DIM_REGION, OUTPUT_STOCK, DIM_SECTOR}, g_employment},
    {{"accounting_residual", "USD", "stock-flow accounting residual of the step (0 up to rounding)", -1, OUTPUT_RATE, -1},
     g_residual},
    {{"balance_sheet", "USD", "balance sheet: each sector's stock of each instrument (assets +, liabilities -; net "
      "worth the sum)", DIM_ACCOUNT, OUTPUT_STOCK, DIM_INSTRUMENT}, g_balance_sheet},
    {{"flows", "USD/month", "transactions-flow matrix: each sector's receipts (+) and payments (-) by purpose, and "
      "-change in cash", DIM_ACCOUNT, OUTPUT_FLOW, DIM_FLOW}, g_flows},
    {{"revaluations", "USD/month", "other changes in each sector's stocks: write-offs, recoveries, depreciation, "
      "capacity installed, retired or sold", DIM_ACCOUNT, OUTPUT_FLOW, DIM_INSTRUMENT}, g_revaluations},
    {{"cloud_secured_debt", "USD", "the part of the cloud's debt secured on its fleet (GPU-backed)", DIM_CLOUD, OUTPUT_STOCK, -1},
     g_cloud_secured},
    {{"cloud_collateral_value", "USD", "market value of the cloud's fleet, the GPU-backed loans' collateral", DIM_CLOUD,
      OUTPUT_STOCK, -1}, g_cloud_collateral},
    {{"cloud_margin_calls", "USD/month", "secured principal called in the month because the loan exceeded the "
      "maintenance loan-to-value", DIM_CLOUD, OUTPUT_FLOW, -1}, g_cloud_margin_call},
    {{"cloud_secured_losses", "USD", "secured debt the collateral did not cover at the cloud's default", DIM_CLOUD,
      OUTPUT_STOCK, -1}, g_cloud_secured_losses},
    {{"chip_round_trip_revenue", "USD/month", "part of the chipmaker's revenue paid with the money it invested in labs "
      "(its tranches, traced through the labs' and clouds' cash)", DIM_CHIPMAKER, OUTPUT_FLOW, -1}, g_chip_round_trip},
    {{"cloud_round_trip_revenue", "USD/month", "part of the cloud's revenue paid with the credits it gave labs for "
      "equity", DIM_CLOUD, OUTPUT_FLOW, -1}, g_cloud_round_trip},
    {{"chip_tranches_paid", "USD", "equity-for-deployment tranches the chipmaker has paid labs, cumulative",
      DIM_CHIPMAKER, OUTPUT_STOCK, -1}, g_chip_tranches},
    {{"chip_vendor_equity", "USD", "the chipmaker's equity in labs at cost, less write-offs", DIM_CHIPMAKER,
      OUTPUT_STOCK, -1}, g_chip_vendor_equity},
    {{"chip_warrants_vested", "shares", "the chipmaker's shares under warrants vested in labs", DIM_CHIPMAKER,
      OUTPUT_STOCK, -1}, g_chip_warrants},
    {{"chip_stock_price", "USD/share", "the chipmaker's share price (its warrant deal's terms; 0 without one)",
      DIM_CHIPMAKER, OUTPUT_STOCK, -1}, g_chip_share_price},
    {{"cloud_credits_outstanding", "USD", "compute credits the cloud gave labs for equity, not yet used", DIM_CLOUD,
      OUTPUT_STOCK, -1}, g_cloud_credits},
    {{"lab_vendor_equity", "USD", "equity the lab issued to chipmakers and clouds at cost, less write-offs", DIM_LAB,
      OUTPUT_STOCK, -1}, g_lab_vendor_equity},
    {{"lab_vendor_cash", "USD/month", "cash the lab received from vendor deals: chipmakers' tranches and cloud credits "
      "used", DIM_LAB, OUTPUT_FLOW, -1}, g_lab_vendor_cash},
    {{"cloud_credits_used", "USD/month", "labs' dues to the cloud paid with its credits (it pays the lab as much)",
      DIM_CLOUD, OUTPUT_FLOW, -1}, g_cloud_credits_used},
};
_Static_assert(sizeof figures / sizeof figures[0] == ECONOMY_FIGURES, "ECONOMY_FIGURES: one per row of figures");

/* Values of figure var a step: its dimension's size, × the inner one's. */
static unsigned figure_width(const scenario *s, const output_variable *var)
{
    return economy_dimension_size(s, var->dimension) * (var->inner >= 0 ? economy_dimension_size(s, var->inner) : 1);
}

void economy_figures_declare(output_variable *vars)
{
    for (int v = 0; v < ECONOMY_FIGURES; v++) vars[v] = figures[v].var;
}

void economy_figures_fill(const figure_view *view, double *rows, const double **values)
{
    for (int v = 0; v < ECONOMY_FIGURES; v++) {
        double *row = rows + (size_t)v * ECONOMY_FIGURE_ROW;
        unsigned n = figure_width(view->s, &figures[v].var);
        for (unsigned i = 0; i < n; i++) row[i] = figures[v].get(view, i);
        values[v] = row;
    }
}

unsigned economy_dimension_size(const scenario *s, int dim)
{
    switch (dim) {
    case DIM_REGION: return s->region_count;
    case DIM_LAB: return s->lab_count;
    case DIM_CLOUD: return s->cloud_count;
    case DIM_CHIPMAKER: return s->chipmaker_count;
    case DIM_GENERATION: return ECONOMY_MAX_VINTAGES;
    case DIM_SECTOR: return s->businesses.sector_count;
    case DIM_ACCOUNT: return 5u + s->lab_count + s->cloud_count + s->chipmaker_count;
    case DIM_INSTRUMENT: return INSTRUMENT_COUNT;
    case DIM_FLOW: return ACCOUNTS_FLOW_ROWS;
    default: return 1;
    }
}

void economy_generation_name(const char *start, unsigned v, char *name, size_t size)
{
    int year = 0, month = 1;
    if (sscanf(start, "%d-%d", &year, &month) != 2) year = 0, month = 1;
    /* vintage v >= 1 begins with step 12(v − 1) + 1, the month 12(v − 1) after the start */
    int first = year + (month - 1 + 12 * ((int)v - 1)) / 12;
    if (v == 0) snprintf(name, size, "before %04d", year);
    else if (v + 1 == ECONOMY_MAX_VINTAGES) snprintf(name, size, "%04d on", first);
    else snprintf(name, size, "%04d", first);
}

double economy_record_values(const scenario *s)
{
    double n = 0;
    for (int v = 0; v < ECONOMY_FIGURES; v++) n += figure_width(s, &figures[v].var);
    return n;
}

/* Every figure of the step must be finite; the shares (*_adopted, *_share*) in [0, 1]. */
aiecon_status economy_figures_check(const figure_view *view, uint32_t step, aiecon_error *err)
{
    const scenario *s = view->s;
    for (int v = 0; v < ECONOMY_FIGURES; v++) {
        unsigned n = figure_width(s, &figures[v].var);
        const char *name = figures[v].var.name;
        size_t len = strlen(name);
        int share_of_one = (len > 8 && strcmp(name + len - 8, "_adopted") == 0) || strstr(name, "_share") != NULL;
        for (unsigned i = 0; i < n; i++) {
            double x = figures[v].get(view, i);
            if (isfinite(x) && (!share_of_one || (x >= 0.0 && x <= 1.0))) continue;
            char who[64]; /* named only on failure: the check costs a compare per value */
            snprintf(who, sizeof who, "output figure %s[%u]", name, i);
            return share_of_one ? invariants_check_share(x, "value", who, step, err)
                                : invariants_check_finite(x, "value", who, step, err);
        }
    }
    return AIECON_OK;
}
