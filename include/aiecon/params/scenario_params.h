/* scenario_params.h — every parameter of a scenario, declared once, and the structs they fill.
 *
 * One row per key of the scenario file (the columns are explained in param_table.h): key, C field,
 * type, unit, rule (range, or the syntax of a string), default (or required), one-line meaning.
 * The rows generate the structs below (the parameters a model reads), the libcyaml schema that
 * loads and prints a scenario (src/io/scenario_schema.c), the rule every value is checked against
 * and the words of every message about it, `--set` (which walks the same schema), the defaults of
 * keys not given, `aiecon params` and docs/PARAMETERS.md (src/params/scenario_params.c). Adding a
 * parameter is one row here plus the code that uses it; the order of the rows is the order in
 * which scenario_to_yaml prints the keys (part of a run's identity: do not reorder).
 * This header needs neither MPI nor libcyaml: model code includes it for the types; loading a
 * scenario is aiecon/io/scenario.h.
 * Cost: the structs are plain C; the tables are constant. */
#ifndef AIECON_SCENARIO_PARAMS_H
#define AIECON_SCENARIO_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "aiecon/params/param_table.h"

enum {
    SCENARIO_NAME_MAX = 32,         /* longest region/lab/... name + 1, bytes */
    SCENARIO_MAX_REGIONS = 16,
    SCENARIO_MAX_INCOME = 4,        /* household income classes */
    SCENARIO_MAX_SIZES = 3,         /* business size classes (small, medium, large) */
    SCENARIO_MAX_SECTORS = 8,
    SCENARIO_MAX_LABS = 64,
    SCENARIO_MAX_CLOUDS = 64,
    SCENARIO_MAX_CHIPMAKERS = 16,
    SCENARIO_MAX_CONTRACTS = 256,   /* per lab */
    SCENARIO_MAX_DEALS = 8,         /* vendor deals of each kind (deals.h) */
};

/* Largest number of agents of one population a scenario may ask for; more is refused before
 * anything is allocated. The real bound is memory: see scenario_check_memory(). */
#define SCENARIO_MAX_AGENTS 4000000000ULL
#define SCENARIO_DEFAULT_TITLE "aiecon run"

/* Words shared by many rows (what follows "expected" in messages). */
#define SP_PROBABILITY "a real number in [0, 1]"
#define SP_SHARE "a real number in [0, 1]; the list's shares add up to 1"
#define SP_USD "an amount in USD in [0, 1e15]"
#define SP_USD_MONTH "an amount in USD/month in [0, 1e15]"
#define SP_GROWTH "a yearly growth rate in [-1, 10]"
#define SP_WEIGHT "a real number in [-100, 100]"
#define SP_MTOK "a number of million tokens/month in [0, 1e9]"
#define SP_HALFLIFE "a real number of years in [0, 100]; 0: growth never slows (default)"
#define SP_MAX_AGENTS ((double)SCENARIO_MAX_AGENTS)

/* ---------------------------------------------------------------- regions */

/* The grid of one region: power for data centres. */
#define SCENARIO_PARAMS_grid(X) \
    X(REAL, dc_power_mw, "dc_power_mw", "MW", 0, 1e7, "a power in MW in [0, 1e7], above 0 where a cloud is", \
      REQUIRED, "power available to data centres at the start") \
    X(REAL, other_dc_load_mw, "other_dc_load_mw", "MW", 0, 1e7, "a power in MW in [0, 1e7]", \
      REQUIRED, "data-centre load other than AI clouds' (constant)") \
    X(REAL, supply_growth, "supply_growth", "1/year", -1, 10, SP_GROWTH, \
      REQUIRED, "growth of the power available to data centres") \
    X(REAL, price_usd_per_mwh, "price_usd_per_mwh", "USD/MWh", 0, 1e6, "a price in USD/MWh in [0, 1e6]", \
      REQUIRED, "electricity price for data centres at the start") \
    X(REAL, price_elasticity, "price_elasticity", "1", 0, 100, "a real number in [0, 100]", \
      REQUIRED, "relative price rise per unit of load/available above 1") \
    X(U32, interconnect_months, "interconnect_months", "months", 0, 60, \
      "a whole number of months in [0, 60] (default 36)", \
      DEFAULT(36), "months from the grid deciding to add supply for data centres to its coming on line (0 as 1)") \
    X(REAL, expansion_response, "expansion_response", "1/month", 0, 1, "a real number in [0, 1] per month (default 0.1)", \
      DEFAULT(0.1), "supply started per month = this × price / start price × max(0, wanted − available − coming)") \
    X(REAL, reserve_margin, "reserve_margin", "1", 0, 10, "a real number in [0, 10] (default 0.15)", \
      DEFAULT(0.15), "supply the grid wants beyond the data centres connected and queued, as a share of them") \
    X(REAL, expansion_usd_per_mw, "expansion_usd_per_mw", "USD/MW", 0, 1e9, \
      "a cost in USD per MW in [0, 1e9] (default 0)", \
      DEFAULT(0), "capital cost of a MW of new supply for data centres (generation and interconnection), " \
      "recovered through the price") \
    X(REAL, recovery_years, "recovery_years", "years", 0, 100, "a number of years in [0, 100] (default 25)", \
      DEFAULT(25), "years over which the grid's expansion capital is recovered, as an annuity at the investors' " \
      "rate (under a month: in one month); also its book life and its bonds' amortisation") \
    X(REAL, debt_share, "debt_share", "1", 0, 1, SP_PROBABILITY " (default 0.55)", \
      DEFAULT(0.55), "share of the expansion capital financed by bonds held by the investors (the rest: the " \
      "utility's equity, also theirs)") \
    X(REAL, debt_spread, "debt_spread", "1/year", 0, 1, "a rate in [0, 1] per year (default 0.015)", \
      DEFAULT(0.015), "the grid's bonds pay the investors' rate plus this spread") \
    X(REAL, adder_cap_usd_per_mwh, "adder_cap_usd_per_mwh", "USD/MWh", 0, 1e6, \
      "a price in USD/MWh in [0, 1e6] (default 1e6: no cap)", \
      DEFAULT(1e6), "the most the regulator lets the grid charge data centres to recover its expansion capital") \
    X(REAL, socialised_share, "socialised_share", "1", 0, 1, SP_PROBABILITY " (default 0)", \
      DEFAULT(0), "share of the capital charge not recovered from data centres that other ratepayers pay") \
    X(REAL, generation_share, "generation_share", "1", 0, 1, SP_PROBABILITY " (default 1)", \
      DEFAULT(1), "the energy's generation and delivery cost as a share of the price without the capital adder")

#define SCENARIO_PARAMS_region(X) \
    X(NAME, name, "name", REQUIRED, "short identifier, e.g. us; unique among the regions") \
    X(U64, households, "households", "households", 1, 1e12, \
      "a whole number in [1, 1e12], at least household_agents", \
      REQUIRED, "real households (consumers) in the region") \
    X(U64, household_agents, "household_agents", "agents", 1, SP_MAX_AGENTS, "a whole number in [1, 4000000000]", \
      REQUIRED, "simulated household agents") \
    X(U64, businesses, "businesses", "firms", 0, 1e12, "a whole number in [0, 1e12], at least business_agents", \
      ECONOMY_DEFAULT(0), "real firms; 0: no business population in this region") \
    X(U64, business_agents, "business_agents", "agents", 0, SP_MAX_AGENTS, \
      "a whole number in [0, 4000000000], 0 if and only if businesses is 0", \
      ECONOMY_DEFAULT(0), "simulated business agents") \
    X(REAL, adoption_scale, "adoption_scale", "1", 0, 100, "a real number in [0, 100] (default 1)", \
      DEFAULT(1), "multiplies the adoption hazard of this region's agents") \
    X(REAL, households_adopted, "households_adopted", "1", 0, 1, SP_PROBABILITY " (default households.initial_adopted)", \
      DEFAULT_FROM("households.initial_adopted"), "share of households using AI at the start") \
    X(BOOL, export_blocked, "export_blocked", \
      ECONOMY_DEFAULT(0), "true: chips of export-controlled chipmakers may not be shipped here") \
    X(MAP, grid, "grid", grid, grid, \
      ECONOMY_DEFAULT(0), "power for data centres (absent: none, all values 0)") \
    X(REAL, gdp_usd, "gdp_usd", "USD/year", 0, 1e16, "an amount in USD/year in [0, 1e16] (default 0)", \
      ECONOMY_DEFAULT(0), "the region's output (GDP) in the year before the start; 0: no macro loop here (macro.h)") \
    X(REAL, gdp_growth, "gdp_growth", "1/year", -1, 10, SP_GROWTH " (default 0)", \
      ECONOMY_DEFAULT(0), "trend growth of output per worker without AI (exogenous)") \
    X(REAL, workers, "workers", "workers", 0, 1e12, "a number of workers in [0, 1e12] (default 0)", \
      ECONOMY_DEFAULT(0), "employment at the start, split over the sectors by their output shares") \
    X(REAL, median_income_usd, "median_income_usd", "USD/month", 0, 1e9, \
      "an amount in USD/month in [0, 1e9] (default 0)", \
      ECONOMY_DEFAULT(0), "median income of a household (a consumer 15+) at the start; 0: budgets not bound by income") \
    X(REAL, gini, "gini", "1", 0, 0.99, "a real number in [0, 0.99] (default 0)", \
      ECONOMY_DEFAULT(0), "Gini coefficient of household income: the lognormal's sigma = sqrt(2) Phi^-1((1 + G) / 2)")

/* ---------------------------------------------------------------- households and businesses */

/* The Watts–Strogatz network of a population: two tables of the same struct, because the words
 * of a degree's rule name the population. */
#define SCENARIO_PARAMS_household_network(X) \
    X(U32, degree, "degree", "links per agent", 2, 4294967294.0, \
      "an even whole number >= 2, below the total household agents", \
      REQUIRED, "ring-lattice degree k") \
    X(REAL, rewire, "rewire", "1", 0, 1, SP_PROBABILITY, REQUIRED, "rewiring probability beta")
#define SCENARIO_PARAMS_business_network(X) \
    X(U32, degree, "degree", "links per agent", 2, 4294967294.0, \
      "an even whole number >= 2, below the total business agents", \
      REQUIRED, "ring-lattice degree k") \
    X(REAL, rewire, "rewire", "1", 0, 1, SP_PROBABILITY, REQUIRED, "rewiring probability beta")
#define SCENARIO_PARAMS_network SCENARIO_PARAMS_household_network   /* the struct's members */

/* Behaviour shared by households and businesses: choice of provider and switching. */
#define SCENARIO_PARAMS_choice(X) \
    X(REAL, quality_weight, "quality_weight", "1", -100, 100, SP_WEIGHT, \
      REQUIRED, "logit utility per unit of lab quality") \
    X(REAL, price_weight, "price_weight", "1", -100, 100, SP_WEIGHT, \
      REQUIRED, "logit utility per unit of price relative to budget") \
    X(REAL, neighbour_weight, "neighbour_weight", "1", -100, 100, SP_WEIGHT, \
      REQUIRED, "logit utility per share of neighbours using the lab") \
    X(REAL, attractiveness_elasticity, "attractiveness_elasticity", "1", -100, 100, SP_WEIGHT, \
      REQUIRED, "adoption hazard × (best quality / reference quality)^this") \
    X(REAL, churn, "churn", "1/month", 0, 1, SP_PROBABILITY " per month", \
      REQUIRED, "base chance per month that a user leaves its lab") \
    X(REAL, rationing_churn, "rationing_churn", "1/month", 0, 100, "a real number in [0, 100] per month", \
      REQUIRED, "extra churn per unit of demand the lab could not serve") \
    X(REAL, price_churn, "price_churn", "1", 0, 100, "a real number in [0, 100]", \
      REQUIRED, "extra churn per unit of relative price rise in the month") \
    X(REAL, quit_share, "quit_share", "1", 0, 1, SP_PROBABILITY, \
      REQUIRED, "share of leavers who stop using AI instead of switching") \
    X(REAL, use_price_elasticity, "use_price_elasticity", "1", 0, 10, "a real number in [0, 10] (default 0)", \
      DEFAULT(0), "tokens per user × (lab's API price / reference price)^(−this); above 1 spending rises " \
      "as prices fall (rebound)") \
    X(REAL, use_quality_elasticity, "use_quality_elasticity", "1", 0, 10, "a real number in [0, 10] (default 0)", \
      DEFAULT(0), "tokens per user × (lab's quality / best quality)^this") \
    X(REAL, price_reference_usd_per_mtok, "price_reference_usd_per_mtok", "USD/million tokens", 0, 1e15, \
      "a price in USD per million tokens in [0, 1e15]; 0: each lab's own start price (default)", \
      DEFAULT(0), "the API price at which tokens per user are the scenario's tokens (at the start)") \
    X(REAL, price_reference_decline, "price_reference_decline", "1/year", -1, 1, \
      "a yearly rate in [-1, 1] (default 0)", \
      DEFAULT(0), "yearly fall of the reference price: the price path along which token_growth was measured")

/* A household income class: its share of households and what it will pay for AI. */
#define SCENARIO_PARAMS_income(X) \
    X(NAME, name, "name", REQUIRED, "e.g. low; unique among the classes") \
    X(REAL, share, "share", "1", 0, 1, SP_SHARE, REQUIRED, "share of households; the classes' shares add up to 1; " \
      "in the order listed, quantile bands of the region's income from the poorest (macro loop)") \
    X(REAL, budget_usd, "budget_usd", "USD/month", 0, 1e15, SP_USD_MONTH, \
      REQUIRED, "willingness to pay for AI at the start, at most macro.budget_share × the class's mean income; " \
      "grows with the region's household income")

#define SCENARIO_PARAMS_households(X) \
    X(REAL, bass_p, "bass_p", "1/step", 0, 1, SP_PROBABILITY, \
      REQUIRED, "innovation: adoption probability per step without influence") \
    X(REAL, bass_q, "bass_q", "1/step", 0, 1, SP_PROBABILITY, \
      REQUIRED, "imitation: adoption probability per step when all neighbours adopted") \
    X(REAL, initial_adopted, "initial_adopted", "1", 0, 1, SP_PROBABILITY, \
      DEFAULT(0), "share of households adopted at the start") \
    X(MAP, network, "network", network, household_network, REQUIRED, "the households' social network") \
    X(LIST, income, "income", income, income_count, 1, SCENARIO_MAX_INCOME, "income classes", \
      "; shares adding up to 1", ECONOMY, "household income classes") \
    X(MAP, choice, "choice", choice, choice, ECONOMY, "how households choose a lab and switch") \
    X(REAL, paid_base, "paid_base", "1", 0, 1, SP_PROBABILITY, \
      ECONOMY, "chance that a user whose budget equals the price pays") \
    X(REAL, paid_elasticity, "paid_elasticity", "1", 0, 100, "a real number in [0, 100]", \
      ECONOMY, "paid chance × (budget / price)^this, capped at 1") \
    X(REAL, plan_review, "plan_review", "1/month", 0, 1, SP_PROBABILITY " per month", \
      ECONOMY, "chance per month that a user reconsiders free vs paid") \
    X(REAL, tokens_free_mtok, "tokens_free_mtok", "million tokens/month", 0, 1e9, SP_MTOK, \
      ECONOMY, "tokens of a free user") \
    X(REAL, tokens_paid_mtok, "tokens_paid_mtok", "million tokens/month", 0, 1e9, SP_MTOK, \
      ECONOMY, "tokens of a paying user") \
    X(REAL, token_growth, "token_growth", "1/year", -1, 10, SP_GROWTH, \
      ECONOMY, "growth of tokens per user") \
    X(REAL, token_growth_halflife, "token_growth_halflife", "years", 0, 100, SP_HALFLIFE, \
      ECONOMY_DEFAULT(0), "the growth of tokens per user halves every this many years; 0: never") \
    X(REAL, adoption_price_weight, "adoption_price_weight", "1", 0, 10, "a real number in [0, 10] (default 0)", \
      ECONOMY_DEFAULT(0), "adoption hazard × min(1, budget / cheapest subscription in the region)^this")

/* A business size class (small 10–49, medium 50–249, large 250+ employees, as Eurostat). */
#define SCENARIO_PARAMS_size(X) \
    X(NAME, name, "name", REQUIRED, "e.g. small; unique among the classes") \
    X(REAL, share, "share", "1", 0, 1, SP_SHARE, REQUIRED, "share of firms; the classes' shares add up to 1") \
    X(REAL, initial_adopted, "initial_adopted", "1", 0, 1, SP_PROBABILITY, \
      REQUIRED, "share of firms using AI (pilot or production) at the start") \
    X(REAL, adoption_scale, "adoption_scale", "1", 0, 100, "a real number in [0, 100]", \
      REQUIRED, "multiplies the adoption hazard") \
    X(REAL, tokens_pilot_mtok, "tokens_pilot_mtok", "million tokens/month", 0, 1e9, SP_MTOK, \
      REQUIRED, "API tokens of a firm in pilot") \
    X(REAL, tokens_production_mtok, "tokens_production_mtok", "million tokens/month", 0, 1e9, SP_MTOK, \
      REQUIRED, "API tokens of a firm in production") \
    X(REAL, employees, "employees", "workers/firm", 0, 1e9, "a number of workers in [0, 1e9] (default 1)", \
      ECONOMY_DEFAULT(1), "mean employees of a firm of the class: weights its adoption in the macro loop's AI share")

#define SCENARIO_PARAMS_sector(X) \
    X(NAME, name, "name", REQUIRED, "e.g. finance; unique among the sectors") \
    X(REAL, share, "share", "1", 0, 1, SP_SHARE, REQUIRED, "share of firms; the sectors' shares add up to 1") \
    X(REAL, roi, "roi", "1/month", -10, 10, "a monthly return in [-10, 10]", \
      REQUIRED, "mean monthly return on AI spend once in production") \
    X(REAL, output_share, "output_share", "1", 0, 1, "a real number in [0, 1] (default 0)", \
      ECONOMY_DEFAULT(0), "share of the region's output and employment (normalised over the sectors; all 0: the firms' shares)") \
    X(REAL, exposure, "exposure", "1", 0, 1, "a real number in [0, 1] (default 0)", \
      ECONOMY_DEFAULT(0), "share of the sector's labour tasks AI does in a firm that has it in production")

#define SCENARIO_PARAMS_businesses(X) \
    X(REAL, bass_p, "bass_p", "1/month", 0, 1, SP_PROBABILITY " per month", \
      REQUIRED, "chance per month that a firm starts a pilot unprompted") \
    X(REAL, bass_q, "bass_q", "1/month", 0, 1, SP_PROBABILITY " per month", \
      REQUIRED, "extra chance when all its network neighbours use AI") \
    X(MAP, network, "network", network, business_network, REQUIRED, "the firms' network") \
    X(LIST, sizes, "sizes", size, size_count, 1, SCENARIO_MAX_SIZES, "size classes", \
      "; shares adding up to 1", REQUIRED, "business size classes") \
    X(LIST, sectors, "sectors", sector, sector_count, 1, SCENARIO_MAX_SECTORS, "sectors", \
      "; shares adding up to 1", REQUIRED, "business sectors") \
    X(MAP, choice, "choice", choice, choice, REQUIRED, "how firms choose a lab and switch") \
    X(REAL, pilot_months, "pilot_months", "months", 1, 120, "a number of months in [1, 120]", \
      REQUIRED, "mean length of a pilot before the firm decides") \
    X(REAL, roi_memory, "roi_memory", "1", 0, 1, SP_PROBABILITY, \
      REQUIRED, "weight of the newest month in the firm's ROI memory") \
    X(REAL, roi_threshold, "roi_threshold", "1/month", -10, 10, "a monthly return in [-10, 10]", \
      REQUIRED, "remembered ROI above which a pilot goes to production") \
    X(REAL, roi_noise, "roi_noise", "1/month", 0, 100, "a standard deviation in [0, 100]", \
      REQUIRED, "standard deviation of a firm's monthly realised ROI") \
    X(REAL, token_growth, "token_growth", "1/year", -1, 10, SP_GROWTH, \
      REQUIRED, "growth of tokens per firm") \
    X(REAL, token_growth_halflife, "token_growth_halflife", "years", 0, 100, SP_HALFLIFE, \
      DEFAULT(0), "the growth of tokens per firm halves every this many years; 0: never") \
    X(REAL, open_compute_mw, "open_compute_mw", "MW", 0, 1e7, "a capacity in MW in [0, 1e7] (default 0)", \
      DEFAULT(0), "reference MW firms need on the compute market for open models besides the firms that chose " \
      "open weights: they rent half of it at the labs' mean value of a MW, all of it when compute is free") \
    X(REAL, open_compute_elasticity, "open_compute_elasticity", "1", 0, 10, "a real number in [0, 10] (default 1.5)", \
      DEFAULT(1.5), "steepness of the firms' open-model rentals' curve in the price") \
    X(REAL, open_weight_lag_months, "open_weight_lag_months", "months", 0, 600, \
      "a number of months in [0, 600]; 0: no open-weight option (default)", \
      DEFAULT(0), "households and firms may choose free open-weight models whose quality follows the best " \
      "lab's with this mean lag (a first-order lag)") \
    X(REAL, open_weight_quality, "open_weight_quality", "1", 0, 100, "a real number in [0, 100] (default 0.8)", \
      DEFAULT(0.8), "the open-weight models' quality at the start") \
    X(REAL, open_weight_brand, "open_weight_brand", "1", -20, 20, "a real number in [-20, 20] (default 0)", \
      DEFAULT(0), "logit utility of the open-weight option beyond its quality and price (set-up effort: negative)") \
    X(REAL, open_weight_serving_mtok_per_mw, "open_weight_serving_mtok_per_mw", "million tokens/(MW·month)", \
      PARAM_POSITIVE, 1e12, "million tokens per MW-month in (0, 1e12] (default 100000)", \
      DEFAULT(100000), "tokens a reference MW serves for a firm running open weights on rented compute") \
    X(REAL, roi_rationing, "roi_rationing", "1", 0, 1, SP_PROBABILITY " (default 0)", \
      DEFAULT(0), "ROI × (1 − this × share of the lab's demand it could not serve)") \
    X(REAL, roi_price_elasticity, "roi_price_elasticity", "1", 0, 10, "a real number in [0, 10] (default 0)", \
      DEFAULT(0), "ROI × (reference price / lab's API price)^this (choice.price_reference_*)")

/* ---------------------------------------------------------------- players */

/* A take-or-pay compute contract between a lab and a cloud: from `start` for `months`, the lab
 * pays mw × usd_per_mw_month every month whether it uses the capacity or not. */
#define SCENARIO_PARAMS_contract(X) \
    X(REF, cloud, "cloud", "clouds", "the name of a cloud in clouds", REQUIRED, "the cloud that serves it") \
    X(MONTH, signed_at, "signed", "the month of signature, at most start,", \
      REQUIRED, "month the contract is signed") \
    X(MONTH, start, "start", "the first month of service", REQUIRED, "first month of service") \
    X(U32, months, "months", "months", 1, 600, "a whole number of months in [1, 600]", REQUIRED, "length of the contract") \
    X(REAL, mw, "mw", "MW", PARAM_POSITIVE, 1e6, "a capacity in MW in (0, 1e6]", REQUIRED, "contracted capacity") \
    X(REAL, usd_per_mw_month, "usd_per_mw_month", "USD/(MW·month)", 0, 1e9, \
      "a price in USD per MW-month in [0, 1e9]", REQUIRED, "price of the capacity")

/* A region where a lab sells (docs/ODD.md 3.3.4 "Where labs can sell"). */
#define SCENARIO_PARAMS_market(X) \
    X(REF, region, "region", "regions", "the name of a region in regions", REQUIRED, \
      "a region whose households and firms may choose the lab")

#define SCENARIO_PARAMS_lab(X) \
    X(NAME, name, "name", REQUIRED, "e.g. frontier_a; unique among the labs") \
    X(REAL, brand, "brand", "1", -20, 20, "a real number in [-20, 20]", REQUIRED, "logit utility of the brand") \
    X(REAL, business_brand, "business_brand", "1", -20, 20, "a real number in [-20, 20] (default 0)", \
      DEFAULT(0), "extra utility of the brand for firms") \
    X(REAL, cash_usd, "cash_usd", "USD", 0, 1e15, SP_USD, REQUIRED, "cash at the start") \
    X(REAL, debt_usd, "debt_usd", "USD", 0, 1e15, SP_USD, REQUIRED, "debt at the start") \
    X(REAL, valuation_usd, "valuation_usd", "USD", 0, 1e15, SP_USD, REQUIRED, "post-money valuation at the start") \
    X(REAL, quality, "quality", "1", PARAM_POSITIVE, 100, "a real number in (0, 100]", \
      REQUIRED, "capability index at the start (quality_reference = 1)") \
    X(REAL, training_compute, "training_compute", "MW·months", PARAM_POSITIVE, 1e12, \
      "a number of MW-months in (0, 1e12]", REQUIRED, "effective training compute at the start, of reference chips") \
    X(REAL, subscription_usd, "subscription_usd", "USD/month", 0, 1e15, SP_USD_MONTH, \
      REQUIRED, "consumer subscription price") \
    X(REAL, api_usd_per_mtok, "api_usd_per_mtok", "USD/million tokens", 0, 1e15, \
      "a price in USD per million tokens in [0, 1e15]", REQUIRED, "API price") \
    X(REAL, api_price_decline, "api_price_decline", "1/year", -1, 10, SP_GROWTH, \
      REQUIRED, "yearly fall of the API price") \
    X(REAL, serving_mtok_per_mw, "serving_mtok_per_mw", "million tokens/(MW·month)", PARAM_POSITIVE, 1e12, \
      "million tokens per MW-month in (0, 1e12]", REQUIRED, "tokens one MW of reference chips serves") \
    X(REAL, training_share, "training_share", "1", 0, 1, SP_PROBABILITY, \
      REQUIRED, "share of its capacity used for training") \
    X(REAL, opex_usd, "opex_usd", "USD/month", 0, 1e15, SP_USD_MONTH, REQUIRED, "staff and other costs") \
    X(REAL, opex_growth, "opex_growth", "1/year", -1, 10, SP_GROWTH, REQUIRED, "growth of opex") \
    X(REAL, ambition, "ambition", "1", 0, 10, "a real number in [0, 10]", \
      REQUIRED, "new commitments = forecast capacity need × ambition") \
    X(REAL, runway_months, "runway_months", "months", 0, 120, "a number of months in [0, 120]", \
      REQUIRED, "raise money when cash covers fewer months of burn") \
    X(REAL, cut_training_runway, "cut_training_runway", "months", 0, 120, \
      "a number of months in [0, 120] (default 9)", DEFAULT(9), \
      "below this runway (cash / burn) the lab signs no new compute commitments (cuts training)") \
    X(REAL, cut_opex_runway, "cut_opex_runway", "months", 0, 120, "a number of months in [0, 120] (default 6)", \
      DEFAULT(6), "below this runway the lab's opex stops growing") \
    X(REAL, raise_price_runway, "raise_price_runway", "months", 0, 120, \
      "a number of months in [0, 120] (default 4)", DEFAULT(4), \
      "below this runway the lab raises its prices by price_rise a month (to at most twice the list price)") \
    X(REAL, down_round_runway, "down_round_runway", "months", 0, 120, \
      "a number of months in [0, 120] (default 3)", DEFAULT(3), \
      "below this runway the lab sells equity in a down round (at most one a year)") \
    X(REAL, price_rise, "price_rise", "1/month", 0, 1, "a share in [0, 1] (default 0.05)", DEFAULT(0.05), \
      "price rise per month of a lab short of runway") \
    X(REAL, down_round_discount, "down_round_discount", "1", 0, 0.95, "a share in [0, 0.95] (default 0.5)", \
      DEFAULT(0.5), "discount on the valuation at which a down round sells 20 % of the lab") \
    X(REAL, spot_elasticity, "spot_elasticity", "1", 0, 10, "a real number in [0, 10] (default 6)", \
      DEFAULT(6), "steepness of the share of its unserved demand the lab rents on the compute market") \
    X(REAL, price_adjust_speed, "price_adjust_speed", "1/quarter", 0, 1, \
      "a share in [0, 1]; 0: prices follow the list path (default)", DEFAULT(0), \
      "share of the log gap between its prices and its best responses a lab closes each quarter") \
    X(U32, price_setting_after, "price_setting_after", "months", 0, 1200, \
      "a whole number of months in [0, 1200] (default 0)", DEFAULT(0), \
      "months from run.start during which the lab keeps its list path before it sets prices") \
    X(REAL, conduct, "conduct", "1", -1, 1, "a real number in [-1, 1] (default 0)", DEFAULT(0), \
      "weight of its rivals' profit in what the lab maximises: 0 Bertrand-Nash, 1 joint profit, below 0 price war") \
    X(REAL, price_floor, "price_floor", "1", 0.01, 1, "a real number in [0.01, 1] (default 0.5)", DEFAULT(0.5), \
      "lowest price the lab sets, as a multiple of its list price (subscription_usd, the API's list path)") \
    X(REAL, price_ceiling, "price_ceiling", "1", 1, 100, "a real number in [1, 100] (default 2)", DEFAULT(2), \
      "highest price the lab sets, as a multiple of its list price") \
    X(LIST, contracts, "contracts", contract, contract_count, 0, SCENARIO_MAX_CONTRACTS, "contracts", "", \
      DEFAULT(0), "initial and scheduled compute contracts") \
    X(LIST, markets, "markets", market, market_count, 0, SCENARIO_MAX_REGIONS, "markets", \
      "; each region at most once", DEFAULT(0), \
      "the regions where households and firms may choose the lab; none listed: every region") \
    X(REAL, schedule_ambition, "schedule_ambition", "1", 0, 10, \
      "a real number in [0, 10]; 0: the lab's own ambition (default)", \
      DEFAULT(0), "the ambition at which the contracts it signs after the start are signed as written; " \
      "each is signed at mw × ambition / this")

#define SCENARIO_PARAMS_cloud(X) \
    X(NAME, name, "name", REQUIRED, "e.g. hyperscaler_a; unique among the clouds") \
    X(REF, region, "region", "regions", "the name of a region in regions", \
      REQUIRED, "where its data centres draw power") \
    X(REAL, capacity_mw, "capacity_mw", "MW", 0, 1e7, "a capacity in MW in [0, 1e7]", \
      REQUIRED, "AI capacity in service at the start") \
    X(REAL, cash_usd, "cash_usd", "USD", 0, 1e15, SP_USD, REQUIRED, "cash at the start") \
    X(REAL, debt_usd, "debt_usd", "USD", 0, 1e15, SP_USD, REQUIRED, "debt at the start") \
    X(REAL, other_revenue_usd, "other_revenue_usd", "USD/month", 0, 1e15, SP_USD_MONTH, \
      REQUIRED, "revenue from other business") \
    X(REAL, lease_usd_per_mw_month, "lease_usd_per_mw_month", "USD/(MW·month)", 0, 1e9, \
      "a price in USD per MW-month in [0, 1e9]", REQUIRED, "price asked for new contracts") \
    X(REAL, capex_usd_per_mw, "capex_usd_per_mw", "USD/MW", 0, 1e15, "an amount in USD per MW in [0, 1e15]", \
      REQUIRED, "all-in cost of a MW of AI capacity") \
    X(REAL, chip_share, "chip_share", "1", 0, 1, SP_PROBABILITY, REQUIRED, "share of capex spent on chips") \
    X(U32, build_months, "build_months", "months", 1, 120, "a whole number of months in [1, 120]", \
      REQUIRED, "months from start of construction to service") \
    X(REAL, spare_build, "spare_build", "1", 0, 10, "a real number in [0, 10]", \
      REQUIRED, "capacity built beyond contracts, as a share of contracted") \
    X(REAL, building_mw, "building_mw", "MW", 0, 1e6, "a real number in [0, 1e6] (default 0)", \
      DEFAULT(0), "under construction at the start, finishing evenly over build_months, its chips on order") \
    X(REAL, depreciation_years, "depreciation_years", "years", PARAM_POSITIVE, 50, \
      "a number of years in (0, 50] (default 5)", \
      DEFAULT(5), "straight-line accounting life of installed capacity (the large clouds book 5-6 years)") \
    X(REAL, upkeep_usd_per_mw_month, "upkeep_usd_per_mw_month", "USD/(MW·month)", 0, 1e9, \
      "a price in USD per MW-month in [0, 1e9] (default 150000)", \
      DEFAULT(150000), "operating cost of a MW in service besides energy (staff, repairs, site)") \
    X(REAL, idle_draw, "idle_draw", "1", 0, 1, SP_PROBABILITY " (default 0.3)", \
      DEFAULT(0.3), "power an idle MW of capacity still draws, as a share of its draw in use") \
    X(REAL, delay_penalty, "delay_penalty", "1", 0, 1, SP_PROBABILITY " (default 0.05)", \
      DEFAULT(0.05), "paid to the labs per month of contracted MW not delivered, as a share of its price") \
    X(REAL, supply_elasticity, "supply_elasticity", "1", 0, 10, "a real number in [0, 10] (default 2)", \
      DEFAULT(2), "steepness of the share of its uncontracted capacity the cloud lets on the compute market") \
    X(REAL, distressed_share, "distressed_share", "1", 0, 1, SP_PROBABILITY " (default 0.3)", \
      DEFAULT(0.3), "what its capacity fetches once it has defaulted, as a share of book value (sites: of non-chip capex)") \
    X(REAL, invest_speed, "invest_speed", "1/month", 0, 1, "a real number in [0, 1] per month (default 0.02)", \
      DEFAULT(0.02), "MW started beyond contracts per month = this × max(0, q − 1) × capacity in service") \
    X(REAL, risk_premium, "risk_premium", "1/year", 0, 1, "a yearly rate in [0, 1] (default 0.05)", \
      DEFAULT(0.05), "added to the investors' rate and spread to discount a new MW's rents (its cost of capital)") \
    X(REAL, invest_finance_share, "invest_finance_share", "1", 0, 1, SP_PROBABILITY " (default 0.5)", \
      DEFAULT(0.5), "share of its cash and unused credit that capacity started beyond contracts may commit") \
    X(REAL, secured_share, "secured_share", "1", 0, 1, SP_PROBABILITY " (default 0)", \
      DEFAULT(0), "share of its debt at the start and of its new borrowing that is GPU-backed (secured on its " \
      "fleet's market value, within secured_ltv; collateral.c)") \
    X(BOOL, spv, "spv", DEFAULT(0), \
      "true: a special-purpose vehicle that owns data centres for its lessees (its sponsors): its only income is " \
      "their contracts (no other revenue, no market rentals, no building beyond contracts) and its lenders lend " \
      "against that lease only; its default leaves the sponsors' balance sheets alone")

#define SCENARIO_PARAMS_chipmaker(X) \
    X(NAME, name, "name", REQUIRED, "e.g. chips_a; unique among the chipmakers") \
    X(REAL, market_share, "market_share", "1", 0, 1, SP_SHARE, \
      REQUIRED, "share of chip orders it receives; the shares add up to 1") \
    X(BOOL, export_controlled, "export_controlled", \
      REQUIRED, "true: may not ship to regions with export_blocked") \
    X(REAL, capacity_units, "capacity_units", "units/month", 0, 1e12, "a number of units/month in [0, 1e12]", \
      REQUIRED, "production capacity") \
    X(REAL, capacity_growth, "capacity_growth", "1/year", -1, 10, SP_GROWTH, REQUIRED, "growth of capacity") \
    X(REAL, unit_cost_usd, "unit_cost_usd", "USD", 0, 1e15, SP_USD, REQUIRED, "cost of producing one unit") \
    X(REAL, markup, "markup", "1", 1, 100, "a real number in [1, 100]", \
      REQUIRED, "price / unit cost when the backlog equals one month of capacity") \
    X(REAL, markup_slope, "markup_slope", "1/month", 0, 100, "a real number in [0, 100]", \
      REQUIRED, "markup rise per month of backlog beyond one") \
    X(REAL, units_per_mw, "units_per_mw", "units/MW", PARAM_POSITIVE, 1e6, "a number of units per MW in (0, 1e6]", \
      REQUIRED, "accelerators per MW of data-centre capacity") \
    X(REAL, perf_growth, "perf_growth", "1/year", -1, 10, SP_GROWTH, \
      REQUIRED, "growth of performance per unit, by generation") \
    X(U32, generation_months, "generation_months", "months", 0, 120, \
      "a whole number of months in [0, 120] (default 24)", \
      DEFAULT(24), "months between chip generations; each steps performance up by (1 + perf_growth)^(this / 12) " \
      "(0: performance grows every month)") \
    X(REAL, cash_usd, "cash_usd", "USD", 0, 1e15, SP_USD, REQUIRED, "cash at the start") \
    X(U32, fab_lead_months, "fab_lead_months", "months", 1, 48, "a whole number of months in [1, 48] (default 24)", \
      DEFAULT(24), "months from deciding to expand production capacity to producing with it") \
    X(REAL, fab_response, "fab_response", "1/month", 0, 1, "a real number in [0, 1] per month (default 0.05)", \
      DEFAULT(0.05), "capacity started per month = this × max(0, backlog / backlog_months − capacity − capacity being added)") \
    X(REAL, backlog_months, "backlog_months", "months", PARAM_POSITIVE, 120, \
      "a number of months in (0, 120] (default 6)", \
      DEFAULT(6), "the backlog, in months of production, the chipmaker plans its capacity to clear")

#define SCENARIO_PARAMS_investors(X) \
    X(REAL, sentiment, "sentiment", "1", 0, 10, "a real number in [0, 10]", REQUIRED, "at the start; 1 = neutral") \
    X(REAL, sentiment_speed, "sentiment_speed", "1/month", 0, 1, SP_PROBABILITY, \
      REQUIRED, "share of the gap to its target closed each month") \
    X(REAL, growth_weight, "growth_weight", "1", -100, 100, SP_WEIGHT, \
      REQUIRED, "sentiment target per unit of yearly sector revenue growth") \
    X(REAL, capex_weight, "capex_weight", "1", -100, 100, SP_WEIGHT, \
      REQUIRED, "sentiment target per unit of capex / revenue") \
    X(REAL, equity_supply_usd, "equity_supply_usd", "USD/month", 0, 1e15, SP_USD_MONTH, \
      REQUIRED, "equity available to labs per month at sentiment 1") \
    X(REAL, revenue_multiple, "revenue_multiple", "1", 0, 1000, "a real number in [0, 1000]", \
      REQUIRED, "valuation / annualised revenue at sentiment 1") \
    X(REAL, rate, "rate", "1/year", 0, 1, "a yearly rate in [0, 1]", REQUIRED, "risk-free interest rate") \
    X(REAL, spread, "spread", "1/year", 0, 1, "a yearly rate in [0, 1]", REQUIRED, "credit spread at sentiment 1") \
    X(REAL, algorithmic_progress, "algorithmic_progress", "1/year", -1, 10, SP_GROWTH, \
      REQUIRED, "growth of effective compute per unit of hardware") \
    X(REAL, prior_revenue_growth, "prior_revenue_growth", "1/year", -0.9, 100, \
      "a yearly growth in [-0.9, 100] (default 1.5)", \
      DEFAULT(1.5), "growth of the labs' revenue over the year before the start: seeds the sentiment's history") \
    X(REAL, wealth_usd, "wealth_usd", "USD", PARAM_POSITIVE, 1e16, "an amount in USD in (0, 1e16] (default 3e12)", \
      DEFAULT(3e12), "investors' net worth committed to AI finance at the start (holds the firms' debt and equity)") \
    X(REAL, wealth_elasticity, "wealth_elasticity", "1", 0, 10, "a real number in [0, 10] (default 1)", \
      DEFAULT(1), "financial condition per unit of log(wealth / wealth at the start)") \
    X(REAL, loss_weight, "loss_weight", "1", 0, 1000, "a real number in [0, 1000] (default 2)", \
      DEFAULT(2), "financial condition divided by 1 + this × recent yearly losses / wealth") \
    X(REAL, loss_memory_months, "loss_memory_months", "months", 1, 600, "a number of months in [1, 600] (default 12)", \
      DEFAULT(12), "mean age of the realised losses investors remember") \
    X(REAL, leverage_spread, "leverage_spread", "1/year", 0, 1, "a yearly rate in [0, 1] (default 0.01)", \
      DEFAULT(0.01), "a borrower's spread per unit of debt / credit limit") \
    X(REAL, coverage_spread, "coverage_spread", "1/year", 0, 1, "a yearly rate in [0, 1] (default 0.03)", \
      DEFAULT(0.03), "a borrower's spread when its interest coverage is 0 (falls linearly to 0 at coverage_target)") \
    X(REAL, coverage_target, "coverage_target", "1", PARAM_POSITIVE, 100, "a real number in (0, 100] (default 3)", \
      DEFAULT(3), "interest coverage (operating cash flow / interest) above which it adds no spread") \
    X(REAL, debt_maturity_months, "debt_maturity_months", "months", 1, 600, \
      "a number of months in [1, 600] (default 60)", \
      DEFAULT(60), "mean maturity of loans and bonds: 1 / this of a borrower's debt falls due each month") \
    X(REAL, credit_capacity_share, "credit_capacity_share", "1", 0, 10, "a real number in [0, 10] (default 0.6)", \
      DEFAULT(0.6), "a cloud's credit limit per USD of the book value of its capacity in service and of the cost of what it is building") \
    X(REAL, credit_receivables_share, "credit_receivables_share", "1", 0, 10, \
      "a real number in [0, 10] (default 0.5)", \
      DEFAULT(0.5), "a cloud's credit limit per USD of contracted payments still due to it") \
    X(REAL, credit_other_revenue_months, "credit_other_revenue_months", "months", 0, 600, \
      "a number of months in [0, 600] (default 24)", \
      DEFAULT(24), "a cloud's credit limit in months of its other revenue") \
    X(REAL, lab_credit_revenue_months, "lab_credit_revenue_months", "months", 0, 600, \
      "a number of months in [0, 600] (default 6)", \
      DEFAULT(6), "a lab's credit limit in months of its smoothed revenue") \
    X(REAL, secured_ltv, "secured_ltv", "1", 0, 1, SP_PROBABILITY " (default 0.7)", \
      DEFAULT(0.7), "loan-to-value at origination of GPU-backed loans: secured debt at most this × the collateral's market value") \
    X(REAL, maintenance_ltv, "maintenance_ltv", "1", 0, 2, "a real number in [0, 2] (default 0.85)", \
      DEFAULT(0.85), "maintenance loan-to-value: secured debt above this × the collateral's market value triggers a margin call") \
    X(REAL, margin_call_share, "margin_call_share", "1", 0, 1, SP_PROBABILITY " (default 0.5)", \
      DEFAULT(0.5), "share of the secured debt above maintenance_ltv × collateral that falls due in the month of a margin call")

/* ---------------------------------------------------------------- the macro loop (macro.h) */

#define SCENARIO_PARAMS_macro(X) \
    X(REAL, ai_productivity_scale, "ai_productivity_scale", "1", 0, 10, "a real number in [0, 10] (default 1)", \
      DEFAULT(1), "AI's productivity gain × this: 1 baseline, 0 switches AI's effect on output off") \
    X(REAL, cost_saving, "cost_saving", "1", 0, 1, SP_PROBABILITY " (default 0.27)", \
      DEFAULT(0.27), "labour-cost saving on a task AI does (Acemoglu 2024: 27 %)") \
    X(REAL, labour_share, "labour_share", "1", 0, 1, SP_PROBABILITY " (default 0.6)", \
      DEFAULT(0.6), "wages' share of output: household income grows by this × output growth + the rest × trend") \
    X(REAL, displacement, "displacement", "1", 0, 1, SP_PROBABILITY " (default 0.5)", \
      DEFAULT(0.5), "share of the labour AI saves whose jobs go (the rest produce more)") \
    X(REAL, reinstatement, "reinstatement", "1/year", 0, 10, "a yearly rate in [0, 10] (default 0.2)", \
      DEFAULT(0.2), "displaced workers find new tasks at this rate") \
    X(REAL, budget_share, "budget_share", "1", 0, 1, "a real number in [0, 1]; 0: no bound (default 0.03)", \
      DEFAULT(0.03), "a household class's AI budget is at most this × the class's mean income")

/* ---------------------------------------------------------------- vendor and circular finance (deals.h) */

/* A chipmaker's equity investment in a lab paid in tranches as the lab deploys capacity
 * (docs/ODD.md 3.3.14). */
#define SCENARIO_PARAMS_equity_deal(X) \
    X(NAME, name, "name", REQUIRED, "e.g. leader_loi; unique among the equity deals") \
    X(REF, chipmaker, "chipmaker", "chipmakers", "the name of a chipmaker in chipmakers", REQUIRED, \
      "the chipmaker that invests") \
    X(REF, lab, "lab", "labs", "the name of a lab in labs", REQUIRED, "the lab it invests in") \
    X(REAL, total_usd, "total_usd", "USD", 0, 1e15, SP_USD, REQUIRED, "most the chipmaker invests over the deal") \
    X(REAL, gw, "gw", "GW", PARAM_POSITIVE, 1e4, "a power in GW in (0, 1e4]", REQUIRED, \
      "capacity the whole investment is paid against: total_usd / gw per GW deployed") \
    X(MONTH, signed_at, "signed", "the month of signature", REQUIRED, \
      "month signed: deployment counts the lab's capacity growth beyond its capacity then (the start's if earlier)") \
    X(MONTH, first_tranche, "first_tranche", "the first month a tranche may be paid", REQUIRED, \
      "no tranche is paid before this month")

/* Warrants in a chipmaker's shares granted to a lab, vesting in tranches with the lab's deployment
 * and the chipmaker's share price (docs/ODD.md 3.3.14). */
#define SCENARIO_PARAMS_warrant_deal(X) \
    X(NAME, name, "name", REQUIRED, "e.g. challenger_6gw; unique among the warrant deals") \
    X(REF, chipmaker, "chipmaker", "chipmakers", "the name of a chipmaker in chipmakers", REQUIRED, \
      "the chipmaker whose shares the warrants are for") \
    X(REF, lab, "lab", "labs", "the name of a lab in labs", REQUIRED, "the lab that holds the warrants") \
    X(REAL, shares, "shares", "shares", 0, 1e12, "a number of shares in [0, 1e12]", REQUIRED, \
      "shares the warrants are for, in all tranches") \
    X(U32, tranches, "tranches", "1", 1, 100, "a whole number in [1, 100]", REQUIRED, \
      "equal tranches; tranche i vests once i / tranches of gw are deployed and the price reaches its threshold") \
    X(REAL, gw, "gw", "GW", PARAM_POSITIVE, 1e4, "a power in GW in (0, 1e4]", REQUIRED, \
      "deployment at which the last tranche may vest") \
    X(MONTH, signed_at, "signed", "the month of signature", REQUIRED, \
      "month signed: deployment counts the lab's capacity growth beyond its capacity then (the start's if earlier)") \
    X(REAL, price_first_usd, "price_first_usd", "USD/share", 0, 1e9, "a price in USD per share in [0, 1e9]", \
      REQUIRED, "share price the first tranche needs (thresholds rise linearly to price_last_usd)") \
    X(REAL, price_last_usd, "price_last_usd", "USD/share", 0, 1e9, "a price in USD per share in [0, 1e9]", \
      REQUIRED, "share price the last tranche needs") \
    X(REAL, strike_usd, "strike_usd", "USD/share", 0, 1e9, "a price in USD per share in [0, 1e9] (default 0.01)", \
      DEFAULT(0.01), "exercise price of a share") \
    X(REAL, shares_outstanding, "shares_outstanding", "shares", PARAM_POSITIVE, 1e13, \
      "a number of shares in (0, 1e13]", REQUIRED, "the chipmaker's shares outstanding") \
    X(REAL, revenue_multiple, "revenue_multiple", "1", 0, 1000, "a real number in [0, 1000]", REQUIRED, \
      "market value of the chipmaker's accelerator business per USD of yearly accelerator revenue") \
    X(REAL, other_value_usd, "other_value_usd", "USD", 0, 1e15, SP_USD " (default 0)", DEFAULT(0), \
      "market value of the chipmaker's businesses outside the model")

/* Cloud credits given to a lab in exchange for its equity (docs/ODD.md 3.3.14). */
#define SCENARIO_PARAMS_credit_deal(X) \
    X(NAME, name, "name", REQUIRED, "e.g. azure_credits; unique among the credit deals") \
    X(REF, cloud, "cloud", "clouds", "the name of a cloud in clouds", REQUIRED, "the cloud that gives the credits") \
    X(REF, lab, "lab", "labs", "the name of a lab in labs", REQUIRED, "the lab that receives them") \
    X(REAL, credits_usd, "credits_usd", "USD", 0, 1e15, SP_USD, REQUIRED, \
      "credits granted (granted before the start: those still unused at the start), paid for with as much equity") \
    X(MONTH, granted, "granted", "the month the credits are granted", REQUIRED, \
      "month the credits and the equity change hands (before the start: held at the start)")

#define SCENARIO_PARAMS_deals(X) \
    X(LIST, equity, "equity_for_deployment", equity_deal, equity_count, 0, SCENARIO_MAX_DEALS, "equity deals", "", \
      DEFAULT(0), "chipmakers' equity investments in labs paid in tranches as GW are deployed") \
    X(LIST, warrants, "warrants", warrant_deal, warrant_count, 0, SCENARIO_MAX_DEALS, "warrant deals", "", \
      DEFAULT(0), "warrants in chipmakers' shares granted to labs, vesting with deployment and share price") \
    X(LIST, credits, "credits_for_equity", credit_deal, credit_count, 0, SCENARIO_MAX_DEALS, "credit deals", "", \
      DEFAULT(0), "cloud credits exchanged for labs' equity")

/* ---------------------------------------------------------------- the scenario */

#define SCENARIO_PARAMS_run(X) \
    X(MONTH, start, "start", "the first month", REQUIRED, "first simulated month") \
    X(U32, steps, "steps", "months", 1, 100000, "a whole number in [1, 100000]", \
      REQUIRED, "steps to simulate (one step = one month = 30 days)") \
    X(U32, seed, "seed", "1", 0, 4294967295.0, "a whole number in [0, 4294967295]", REQUIRED, "random seed")

/* The top level. The AI economy (businesses, labs, clouds, chipmakers, investors) is all or
 * nothing: absent, the scenario is a diffusion scenario. */
#define SCENARIO_PARAMS_top(X) \
    X(TEXT, title, "title", 1000, "a title of at most 1000 bytes", \
      DEFAULT_TEXT(SCENARIO_DEFAULT_TITLE), "what the run is, for plots and the output's metadata") \
    X(MAP, run, "run", run, run, REQUIRED, "the simulated period and the random seed") \
    X(LIST, regions, "regions", region, region_count, 1, SCENARIO_MAX_REGIONS, "regions", "", \
      REQUIRED, "the regions, each with its households (and firms and power grid)") \
    X(MAP, households, "households", households, households, REQUIRED, "the household population") \
    X(MAP, businesses, "businesses", businesses, businesses, ECONOMY, "the business population") \
    X(LIST, labs, "labs", lab, lab_count, 1, SCENARIO_MAX_LABS, "labs", "", ECONOMY, "the AI labs") \
    X(LIST, clouds, "clouds", cloud, cloud_count, 1, SCENARIO_MAX_CLOUDS, "clouds", "", \
      ECONOMY, "the clouds that build and lease AI capacity") \
    X(LIST, chipmakers, "chipmakers", chipmaker, chipmaker_count, 1, SCENARIO_MAX_CHIPMAKERS, "chipmakers", \
      "; market shares adding up to 1", ECONOMY, "the makers of AI accelerators") \
    X(MAP, investors, "investors", investors, investors, ECONOMY, "the capital market's mood and prices") \
    X(MAP, macro, "macro", macro, macro, ECONOMY_DEFAULT(0), \
      "output, employment and incomes by region and sector (absent: all values 0, no AI effect)") \
    X(MAP, deals, "deals", deals, deals, ECONOMY_DEFAULT(0), \
      "vendor and circular finance: equity for deployment, warrants, credits for equity (absent: none)")

/* ---------------------------------------------------------------- the structs */

typedef struct scenario_grid { SCENARIO_PARAMS_grid(PARAM_MEMBER) } scenario_grid;
typedef struct scenario_region { SCENARIO_PARAMS_region(PARAM_MEMBER) } scenario_region;
typedef struct scenario_network { SCENARIO_PARAMS_network(PARAM_MEMBER) } scenario_network;
typedef struct scenario_choice { SCENARIO_PARAMS_choice(PARAM_MEMBER) } scenario_choice;
typedef struct scenario_income { SCENARIO_PARAMS_income(PARAM_MEMBER) } scenario_income;
typedef struct scenario_households { SCENARIO_PARAMS_households(PARAM_MEMBER) } scenario_households;
typedef struct scenario_size { SCENARIO_PARAMS_size(PARAM_MEMBER) } scenario_size;
typedef struct scenario_sector { SCENARIO_PARAMS_sector(PARAM_MEMBER) } scenario_sector;
typedef struct scenario_businesses { SCENARIO_PARAMS_businesses(PARAM_MEMBER) } scenario_businesses;
typedef struct scenario_contract { SCENARIO_PARAMS_contract(PARAM_MEMBER) } scenario_contract;
typedef struct scenario_market { SCENARIO_PARAMS_market(PARAM_MEMBER) } scenario_market;
typedef struct scenario_lab { SCENARIO_PARAMS_lab(PARAM_MEMBER) } scenario_lab;
typedef struct scenario_cloud { SCENARIO_PARAMS_cloud(PARAM_MEMBER) } scenario_cloud;
typedef struct scenario_chipmaker { SCENARIO_PARAMS_chipmaker(PARAM_MEMBER) } scenario_chipmaker;
typedef struct scenario_investors { SCENARIO_PARAMS_investors(PARAM_MEMBER) } scenario_investors;
typedef struct scenario_run { SCENARIO_PARAMS_run(PARAM_MEMBER) } scenario_run;
typedef struct scenario_macro { SCENARIO_PARAMS_macro(PARAM_MEMBER) } scenario_macro;
typedef struct scenario_equity_deal { SCENARIO_PARAMS_equity_deal(PARAM_MEMBER) } scenario_equity_deal;
typedef struct scenario_warrant_deal { SCENARIO_PARAMS_warrant_deal(PARAM_MEMBER) } scenario_warrant_deal;
typedef struct scenario_credit_deal { SCENARIO_PARAMS_credit_deal(PARAM_MEMBER) } scenario_credit_deal;
typedef struct scenario_deals { SCENARIO_PARAMS_deals(PARAM_MEMBER) } scenario_deals;

/* One run's parameters. A scenario from the loader owns its strings and lists (scenario_free). */
typedef struct scenario {
    SCENARIO_PARAMS_top(PARAM_MEMBER)
    uint8_t has_economy;        /* 1 when labs, clouds, chipmakers, investors, businesses are given */
    char *notes;                /* warnings about overrides that cannot act (io/scenario.h: scenario_notes) */
} scenario;

/* ---------------------------------------------------------------- the rows, as data */

/* The top level's rows; each MAP and LIST row points to its group. Constant. */
extern const param_group scenario_params;

/* The row of a generic key path ("regions.*.grid.dc_power_mw"), or NULL when no key has that
 * path. A path ending in ".*" (an entry of a list) gives the list's row with *entry = 1. Borrowed. */
const param *params_find(const param_group *top, const char *generic_path, int *entry);

/* The words after "expected" in messages about a value of row p (an entry of its list when
 * entry): a leaf's own words, or for a mapping and a list words made from their rows ("a mapping
 * with keys degree, rewire"). Returns p->expected, or buf filled (truncating). */
const char *params_expected(const param *p, int entry, char *buf, size_t size);

/* "a mapping with keys ... (and optionally ...) (and, for the AI economy, ...)" for group g. */
const char *params_mapping_words(const param_group *g, char *buf, size_t size);

/* `aiecon params`: every key path with its type, unit, rule, default and meaning, as a text table
 * (markdown = 0) or as docs/PARAMETERS.md (markdown = 1). Returns 0, or -1 on a write error. */
int params_print(FILE *out, const param_group *top, int markdown);

#endif
