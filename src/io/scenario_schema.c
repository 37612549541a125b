/* scenario_schema.c — the scenario's libcyaml schema, its value rules, and small helpers that
 * read the schema tables.
 *
 * One set of constant cyaml_schema_field_t tables describes the scenario structs; everything that
 * must know the shape of a scenario reads those tables instead of repeating it: libcyaml (load,
 * save, free), the strict pass (scenario_walk.c), `--set` (scenario_set.c) and the range checks
 * (scenario_check.c), which take every bound and every "expected ..." text from the rule table
 * here. Two top-level schemas share the tables: the full one, used to load, and a diffusion one
 * without the AI-economy keys, used to print a scenario that has no economy exactly as before.
 * Cost: constant tables, linear look-ups over a few hundred entries, once per key. No mutable state. */
#include "scenario_internal.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- schema tables */

#define STRING(key, flags, type, member) \
    CYAML_FIELD_STRING_PTR(key, CYAML_FLAG_POINTER | (flags), type, member, 0, CYAML_UNLIMITED)
#define MONTH(key, type, member) STRING(key, CYAML_FLAG_SCALAR_QUOTE_DOUBLE, type, member)
#define REAL(key, type, member) CYAML_FIELD_FLOAT(key, CYAML_FLAG_DEFAULT, type, member)
#define REAL_OPT(key, type, member) CYAML_FIELD_FLOAT(key, CYAML_FLAG_OPTIONAL, type, member)
#define LIST(key, flags, type, member, count, entry, min, max) \
    CYAML_FIELD_SEQUENCE_COUNT(key, CYAML_FLAG_POINTER | (flags), type, member, count, &entry, min, max)

static const cyaml_schema_field_t grid_fields[] = {
    REAL("dc_power_mw", scenario_grid, dc_power_mw),
    REAL("other_dc_load_mw", scenario_grid, other_dc_load_mw),
    REAL("supply_growth", scenario_grid, supply_growth),
    REAL("price_usd_per_mwh", scenario_grid, price_usd_per_mwh),
    REAL("price_elasticity", scenario_grid, price_elasticity),
    CYAML_FIELD_END
};
#define REGION_DIFFUSION_FIELDS \
    STRING("name", 0, scenario_region, name), \
    CYAML_FIELD_UINT("households", CYAML_FLAG_DEFAULT, scenario_region, households), \
    CYAML_FIELD_UINT("household_agents", CYAML_FLAG_DEFAULT, scenario_region, household_agents)
static const cyaml_schema_field_t region_fields[] = {
    REGION_DIFFUSION_FIELDS,
    CYAML_FIELD_UINT("businesses", CYAML_FLAG_OPTIONAL, scenario_region, businesses),
    CYAML_FIELD_UINT("business_agents", CYAML_FLAG_OPTIONAL, scenario_region, business_agents),
    REAL_OPT("adoption_scale", scenario_region, adoption_scale),
    REAL_OPT("households_adopted", scenario_region, households_adopted),
    CYAML_FIELD_BOOL("export_blocked", CYAML_FLAG_OPTIONAL, scenario_region, export_blocked),
    CYAML_FIELD_MAPPING("grid", CYAML_FLAG_OPTIONAL, scenario_region, grid, grid_fields),
    CYAML_FIELD_END
};
static const cyaml_schema_field_t region_diffusion_fields[] = {
    REGION_DIFFUSION_FIELDS,
    REAL_OPT("adoption_scale", scenario_region, adoption_scale),
    REAL_OPT("households_adopted", scenario_region, households_adopted),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t region_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, scenario_region, region_fields),
};
static const cyaml_schema_value_t region_diffusion_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, scenario_region, region_diffusion_fields),
};
static const cyaml_schema_field_t network_fields[] = {
    CYAML_FIELD_UINT("degree", CYAML_FLAG_DEFAULT, scenario_network, degree),
    REAL("rewire", scenario_network, rewire),
    CYAML_FIELD_END
};
static const cyaml_schema_field_t choice_fields[] = {
    REAL("quality_weight", scenario_choice, quality_weight),
    REAL("price_weight", scenario_choice, price_weight),
    REAL("neighbour_weight", scenario_choice, neighbour_weight),
    REAL("attractiveness_elasticity", scenario_choice, attractiveness_elasticity),
    REAL("churn", scenario_choice, churn),
    REAL("rationing_churn", scenario_choice, rationing_churn),
    REAL("price_churn", scenario_choice, price_churn),
    REAL("quit_share", scenario_choice, quit_share),
    CYAML_FIELD_END
};
static const cyaml_schema_field_t income_fields[] = {
    STRING("name", 0, scenario_income, name),
    REAL("share", scenario_income, share),
    REAL("budget_usd", scenario_income, budget_usd),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t income_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, scenario_income, income_fields),
};
#define HOUSEHOLDS_DIFFUSION_FIELDS \
    REAL("bass_p", scenario_households, bass_p), \
    REAL("bass_q", scenario_households, bass_q), \
    REAL_OPT("initial_adopted", scenario_households, initial_adopted), \
    CYAML_FIELD_MAPPING("network", CYAML_FLAG_DEFAULT, scenario_households, network, network_fields)
static const cyaml_schema_field_t households_fields[] = {
    HOUSEHOLDS_DIFFUSION_FIELDS,
    LIST("income", CYAML_FLAG_OPTIONAL, scenario_households, income, income_count, income_entry, 1,
         SCENARIO_MAX_INCOME),
    CYAML_FIELD_MAPPING("choice", CYAML_FLAG_OPTIONAL, scenario_households, choice, choice_fields),
    REAL_OPT("paid_base", scenario_households, paid_base),
    REAL_OPT("paid_elasticity", scenario_households, paid_elasticity),
    REAL_OPT("plan_review", scenario_households, plan_review),
    REAL_OPT("tokens_free_mtok", scenario_households, tokens_free_mtok),
    REAL_OPT("tokens_paid_mtok", scenario_households, tokens_paid_mtok),
    REAL_OPT("token_growth", scenario_households, token_growth),
    REAL_OPT("token_growth_halflife", scenario_households, token_growth_halflife),
    CYAML_FIELD_END
};
static const cyaml_schema_field_t households_diffusion_fields[] = {
    HOUSEHOLDS_DIFFUSION_FIELDS,
    CYAML_FIELD_END
};
static const cyaml_schema_field_t size_fields[] = {
    STRING("name", 0, scenario_size, name),
    REAL("share", scenario_size, share),
    REAL("initial_adopted", scenario_size, initial_adopted),
    REAL("adoption_scale", scenario_size, adoption_scale),
    REAL("tokens_pilot_mtok", scenario_size, tokens_pilot_mtok),
    REAL("tokens_production_mtok", scenario_size, tokens_production_mtok),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t size_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, scenario_size, size_fields),
};
static const cyaml_schema_field_t sector_fields[] = {
    STRING("name", 0, scenario_sector, name),
    REAL("share", scenario_sector, share),
    REAL("roi", scenario_sector, roi),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t sector_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, scenario_sector, sector_fields),
};
static const cyaml_schema_field_t businesses_fields[] = {
    REAL("bass_p", scenario_businesses, bass_p),
    REAL("bass_q", scenario_businesses, bass_q),
    CYAML_FIELD_MAPPING("network", CYAML_FLAG_DEFAULT, scenario_businesses, network, network_fields),
    CYAML_FIELD_SEQUENCE_COUNT("sizes", CYAML_FLAG_POINTER, scenario_businesses, sizes, size_count,
                               &size_entry, 1, SCENARIO_MAX_SIZES),
    CYAML_FIELD_SEQUENCE_COUNT("sectors", CYAML_FLAG_POINTER, scenario_businesses, sectors,
                               sector_count, &sector_entry, 1, SCENARIO_MAX_SECTORS),
    CYAML_FIELD_MAPPING("choice", CYAML_FLAG_DEFAULT, scenario_businesses, choice, choice_fields),
    REAL("pilot_months", scenario_businesses, pilot_months),
    REAL("roi_memory", scenario_businesses, roi_memory),
    REAL("roi_threshold", scenario_businesses, roi_threshold),
    REAL("roi_noise", scenario_businesses, roi_noise),
    REAL("token_growth", scenario_businesses, token_growth),
    REAL_OPT("token_growth_halflife", scenario_businesses, token_growth_halflife),
    CYAML_FIELD_END
};
static const cyaml_schema_field_t contract_fields[] = {
    STRING("cloud", 0, scenario_contract, cloud),
    MONTH("signed", scenario_contract, signed_at),
    MONTH("start", scenario_contract, start),
    CYAML_FIELD_UINT("months", CYAML_FLAG_DEFAULT, scenario_contract, months),
    REAL("mw", scenario_contract, mw),
    REAL("usd_per_mw_month", scenario_contract, usd_per_mw_month),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t contract_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, scenario_contract, contract_fields),
};
static const cyaml_schema_field_t lab_fields[] = {
    STRING("name", 0, scenario_lab, name),
    REAL("brand", scenario_lab, brand),
    REAL_OPT("business_brand", scenario_lab, business_brand),
    REAL("cash_usd", scenario_lab, cash_usd),
    REAL("debt_usd", scenario_lab, debt_usd),
    REAL("valuation_usd", scenario_lab, valuation_usd),
    REAL("quality", scenario_lab, quality),
    REAL("training_compute", scenario_lab, training_compute),
    REAL("subscription_usd", scenario_lab, subscription_usd),
    REAL("api_usd_per_mtok", scenario_lab, api_usd_per_mtok),
    REAL("api_price_decline", scenario_lab, api_price_decline),
    REAL("serving_mtok_per_mw", scenario_lab, serving_mtok_per_mw),
    REAL("training_share", scenario_lab, training_share),
    REAL("opex_usd", scenario_lab, opex_usd),
    REAL("opex_growth", scenario_lab, opex_growth),
    REAL("ambition", scenario_lab, ambition),
    REAL("runway_months", scenario_lab, runway_months),
    CYAML_FIELD_SEQUENCE_COUNT("contracts", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, scenario_lab,
                               contracts, contract_count, &contract_entry, 0, SCENARIO_MAX_CONTRACTS),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t lab_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, scenario_lab, lab_fields),
};
static const cyaml_schema_field_t cloud_fields[] = {
    STRING("name", 0, scenario_cloud, name),
    STRING("region", 0, scenario_cloud, region),
    REAL("capacity_mw", scenario_cloud, capacity_mw),
    REAL("cash_usd", scenario_cloud, cash_usd),
    REAL("debt_usd", scenario_cloud, debt_usd),
    REAL("other_revenue_usd", scenario_cloud, other_revenue_usd),
    REAL("lease_usd_per_mw_month", scenario_cloud, lease_usd_per_mw_month),
    REAL("capex_usd_per_mw", scenario_cloud, capex_usd_per_mw),
    REAL("chip_share", scenario_cloud, chip_share),
    CYAML_FIELD_UINT("build_months", CYAML_FLAG_DEFAULT, scenario_cloud, build_months),
    REAL("spare_build", scenario_cloud, spare_build),
    REAL_OPT("building_mw", scenario_cloud, building_mw),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t cloud_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, scenario_cloud, cloud_fields),
};
static const cyaml_schema_field_t chipmaker_fields[] = {
    STRING("name", 0, scenario_chipmaker, name),
    REAL("market_share", scenario_chipmaker, market_share),
    CYAML_FIELD_BOOL("export_controlled", CYAML_FLAG_DEFAULT, scenario_chipmaker, export_controlled),
    REAL("capacity_units", scenario_chipmaker, capacity_units),
    REAL("capacity_growth", scenario_chipmaker, capacity_growth),
    REAL("unit_cost_usd", scenario_chipmaker, unit_cost_usd),
    REAL("markup", scenario_chipmaker, markup),
    REAL("markup_slope", scenario_chipmaker, markup_slope),
    REAL("units_per_mw", scenario_chipmaker, units_per_mw),
    REAL("perf_growth", scenario_chipmaker, perf_growth),
    REAL("cash_usd", scenario_chipmaker, cash_usd),
    CYAML_FIELD_END
};
static const cyaml_schema_value_t chipmaker_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, scenario_chipmaker, chipmaker_fields),
};
static const cyaml_schema_field_t investors_fields[] = {
    REAL("sentiment", scenario_investors, sentiment),
    REAL("sentiment_speed", scenario_investors, sentiment_speed),
    REAL("growth_weight", scenario_investors, growth_weight),
    REAL("capex_weight", scenario_investors, capex_weight),
    REAL("equity_supply_usd", scenario_investors, equity_supply_usd),
    REAL("revenue_multiple", scenario_investors, revenue_multiple),
    REAL("rate", scenario_investors, rate),
    REAL("spread", scenario_investors, spread),
    REAL("algorithmic_progress", scenario_investors, algorithmic_progress),
    CYAML_FIELD_END
};
static const cyaml_schema_field_t run_fields[] = {
    MONTH("start", scenario_run, start),
    CYAML_FIELD_UINT("steps", CYAML_FLAG_DEFAULT, scenario_run, steps),
    CYAML_FIELD_UINT("seed", CYAML_FLAG_DEFAULT, scenario_run, seed),
    CYAML_FIELD_END
};
#define TOP_TITLE_RUN \
    STRING("title", CYAML_FLAG_OPTIONAL, scenario, title), \
    CYAML_FIELD_MAPPING("run", CYAML_FLAG_DEFAULT, scenario, run, run_fields)
static const cyaml_schema_field_t top_fields[] = {
    TOP_TITLE_RUN,
    LIST("regions", 0, scenario, regions, region_count, region_entry, 1, SCENARIO_MAX_REGIONS),
    CYAML_FIELD_MAPPING("households", CYAML_FLAG_DEFAULT, scenario, households, households_fields),
    CYAML_FIELD_MAPPING("businesses", CYAML_FLAG_OPTIONAL, scenario, businesses, businesses_fields),
    LIST("labs", CYAML_FLAG_OPTIONAL, scenario, labs, lab_count, lab_entry, 1, SCENARIO_MAX_LABS),
    LIST("clouds", CYAML_FLAG_OPTIONAL, scenario, clouds, cloud_count, cloud_entry, 1, SCENARIO_MAX_CLOUDS),
    LIST("chipmakers", CYAML_FLAG_OPTIONAL, scenario, chipmakers, chipmaker_count, chipmaker_entry, 1,
         SCENARIO_MAX_CHIPMAKERS),
    CYAML_FIELD_MAPPING("investors", CYAML_FLAG_OPTIONAL, scenario, investors, investors_fields),
    CYAML_FIELD_END
};
static const cyaml_schema_field_t top_diffusion_fields[] = {
    TOP_TITLE_RUN,
    LIST("regions", 0, scenario, regions, region_count, region_diffusion_entry, 1, SCENARIO_MAX_REGIONS),
    CYAML_FIELD_MAPPING("households", CYAML_FLAG_DEFAULT, scenario, households,
                        households_diffusion_fields),
    CYAML_FIELD_END
};
const cyaml_schema_value_t scenario_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, scenario, top_fields),
};
const cyaml_schema_value_t scenario_diffusion_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, scenario, top_diffusion_fields),
};

/* ---------------------------------------------------------------- rules */

#define POSITIVE DBL_TRUE_MIN   /* "> 0" as a closed interval */
#define R_NUM SCENARIO_RULE_RANGE
#define PROBABILITY "a real number in [0, 1]"
#define SHARE "a real number in [0, 1]; the list's shares add up to 1"
#define USD "an amount in USD in [0, 1e15]"
#define USD_MONTH "an amount in USD/month in [0, 1e15]"
#define GROWTH "a yearly growth rate in [-1, 10]"
#define WEIGHT "a real number in [-100, 100]"
#define MTOK "a number of million tokens/month in [0, 1e9]"
#define CHOICE_KEYS "a mapping with keys quality_weight, price_weight, neighbour_weight, " \
    "attractiveness_elasticity, churn, rationing_churn, price_churn, quit_share"
#define CHOICE_RULES(p) \
    {p ".quality_weight", -100, 100, WEIGHT, R_NUM}, \
    {p ".price_weight", -100, 100, WEIGHT, R_NUM}, \
    {p ".neighbour_weight", -100, 100, WEIGHT, R_NUM}, \
    {p ".attractiveness_elasticity", -100, 100, WEIGHT, R_NUM}, \
    {p ".churn", 0, 1, PROBABILITY " per month", R_NUM}, \
    {p ".rationing_churn", 0, 100, "a real number in [0, 100] per month", R_NUM}, \
    {p ".price_churn", 0, 100, "a real number in [0, 100]", R_NUM}, \
    {p ".quit_share", 0, 1, PROBABILITY, R_NUM}
#define NAME_RULE(p) {p ".*.name", 0, 0, "a unique name of 1 to 31 characters from a-z, 0-9, _", \
                      SCENARIO_RULE_NAME}
#define MONTH_RULE(p, what) {p, 0, 0, what " as YYYY-MM, month 01 to 12", SCENARIO_RULE_MONTH}
#define BOOL_RULE(p) {p, 0, 1, "true or false", SCENARIO_RULE_BOOL}
static const scenario_rule rules[] = {
    {"", 0, 0, "a scenario: a mapping with keys title, run, regions, households (and, for the AI "
               "economy, businesses, labs, clouds, chipmakers, investors)", R_NUM},
    {"title", 0, 1000, "a title of at most 1000 bytes", SCENARIO_RULE_TEXT},
    {"run", 0, 0, "a mapping with keys start, steps, seed", R_NUM},
    MONTH_RULE("run.start", "the first month"),
    {"run.steps", 1, 100000, "a whole number in [1, 100000]", R_NUM},
    {"run.seed", 0, 4294967295.0, "a whole number in [0, 4294967295]", R_NUM},
    /* regions */
    {"regions", 0, 0, "a list of 1 to 16 regions, each with name, households, household_agents", R_NUM},
    {"regions.*", 0, 0, "a mapping with keys name, households, household_agents (and optionally "
                        "businesses, business_agents, adoption_scale, households_adopted, "
                        "export_blocked, grid)", R_NUM},
    NAME_RULE("regions"),
    {"regions.*.households", 1, 1e12, "a whole number in [1, 1e12], at least household_agents", R_NUM},
    {"regions.*.household_agents", 1, (double)SCENARIO_MAX_AGENTS, "a whole number in [1, 4000000000]",
     R_NUM},
    {"regions.*.businesses", 0, 1e12, "a whole number in [0, 1e12], at least business_agents", R_NUM},
    {"regions.*.business_agents", 0, (double)SCENARIO_MAX_AGENTS,
     "a whole number in [0, 4000000000], 0 if and only if businesses is 0", R_NUM},
    {"regions.*.adoption_scale", 0, 100, "a real number in [0, 100] (default 1)", R_NUM},
    {"regions.*.households_adopted", 0, 1, PROBABILITY " (default households.initial_adopted)", R_NUM},
    BOOL_RULE("regions.*.export_blocked"),
    {"regions.*.grid", 0, 0, "a mapping with keys dc_power_mw, other_dc_load_mw, supply_growth, "
                             "price_usd_per_mwh, price_elasticity", R_NUM},
    {"regions.*.grid.dc_power_mw", 0, 1e7, "a power in MW in [0, 1e7], above 0 where a cloud is", R_NUM},
    {"regions.*.grid.other_dc_load_mw", 0, 1e7, "a power in MW in [0, 1e7]", R_NUM},
    {"regions.*.grid.supply_growth", -1, 10, GROWTH, R_NUM},
    {"regions.*.grid.price_usd_per_mwh", 0, 1e6, "a price in USD/MWh in [0, 1e6]", R_NUM},
    {"regions.*.grid.price_elasticity", 0, 100, "a real number in [0, 100]", R_NUM},
    /* households */
    {"households", 0, 0, "a mapping with keys bass_p, bass_q, initial_adopted, network (and, for "
                         "the AI economy, income, choice, paid_base, paid_elasticity, plan_review, "
                         "tokens_free_mtok, tokens_paid_mtok, token_growth)", R_NUM},
    {"households.bass_p", 0, 1, PROBABILITY, R_NUM},
    {"households.bass_q", 0, 1, PROBABILITY, R_NUM},
    {"households.initial_adopted", 0, 1, PROBABILITY, R_NUM},
    {"households.network", 0, 0, "a mapping with keys degree, rewire", R_NUM},
    {"households.network.degree", 2, 4294967294.0,
     "an even whole number >= 2, below the total household agents", R_NUM},
    {"households.network.rewire", 0, 1, PROBABILITY, R_NUM},
    {"households.income", 0, 0, "a list of 1 to 4 income classes, each with name, share, "
                                "budget_usd; shares adding up to 1", R_NUM},
    {"households.income.*", 0, 0, "a mapping with keys name, share, budget_usd", R_NUM},
    NAME_RULE("households.income"),
    {"households.income.*.share", 0, 1, SHARE, R_NUM},
    {"households.income.*.budget_usd", 0, 1e15, USD_MONTH, R_NUM},
    {"households.choice", 0, 0, CHOICE_KEYS, R_NUM},
    CHOICE_RULES("households.choice"),
    {"households.paid_base", 0, 1, PROBABILITY, R_NUM},
    {"households.paid_elasticity", 0, 100, "a real number in [0, 100]", R_NUM},
    {"households.plan_review", 0, 1, PROBABILITY " per month", R_NUM},
    {"households.tokens_free_mtok", 0, 1e9, MTOK, R_NUM},
    {"households.tokens_paid_mtok", 0, 1e9, MTOK, R_NUM},
    {"households.token_growth", -1, 10, GROWTH, R_NUM},
    {"households.token_growth_halflife", 0, 100, "a real number of years in [0, 100]; 0: growth never slows (default)", R_NUM},
    /* businesses */
    {"businesses", 0, 0, "a mapping with keys bass_p, bass_q, network, sizes, sectors, choice, "
                         "pilot_months, roi_memory, roi_threshold, roi_noise, token_growth", R_NUM},
    {"businesses.bass_p", 0, 1, PROBABILITY " per month", R_NUM},
    {"businesses.bass_q", 0, 1, PROBABILITY " per month", R_NUM},
    {"businesses.network", 0, 0, "a mapping with keys degree, rewire", R_NUM},
    {"businesses.network.degree", 2, 4294967294.0,
     "an even whole number >= 2, below the total business agents", R_NUM},
    {"businesses.network.rewire", 0, 1, PROBABILITY, R_NUM},
    {"businesses.sizes", 0, 0, "a list of 1 to 3 size classes, each with name, share, "
                               "initial_adopted, adoption_scale, tokens_pilot_mtok, "
                               "tokens_production_mtok; shares adding up to 1", R_NUM},
    {"businesses.sizes.*", 0, 0, "a mapping with keys name, share, initial_adopted, adoption_scale, "
                                 "tokens_pilot_mtok, tokens_production_mtok", R_NUM},
    NAME_RULE("businesses.sizes"),
    {"businesses.sizes.*.share", 0, 1, SHARE, R_NUM},
    {"businesses.sizes.*.initial_adopted", 0, 1, PROBABILITY, R_NUM},
    {"businesses.sizes.*.adoption_scale", 0, 100, "a real number in [0, 100]", R_NUM},
    {"businesses.sizes.*.tokens_pilot_mtok", 0, 1e9, MTOK, R_NUM},
    {"businesses.sizes.*.tokens_production_mtok", 0, 1e9, MTOK, R_NUM},
    {"businesses.sectors", 0, 0, "a list of 1 to 8 sectors, each with name, share, roi; shares "
                                 "adding up to 1", R_NUM},
    {"businesses.sectors.*", 0, 0, "a mapping with keys name, share, roi", R_NUM},
    NAME_RULE("businesses.sectors"),
    {"businesses.sectors.*.share", 0, 1, SHARE, R_NUM},
    {"businesses.sectors.*.roi", -10, 10, "a monthly return in [-10, 10]", R_NUM},
    {"businesses.choice", 0, 0, CHOICE_KEYS, R_NUM},
    CHOICE_RULES("businesses.choice"),
    {"businesses.pilot_months", 1, 120, "a number of months in [1, 120]", R_NUM},
    {"businesses.roi_memory", 0, 1, PROBABILITY, R_NUM},
    {"businesses.roi_threshold", -10, 10, "a monthly return in [-10, 10]", R_NUM},
    {"businesses.roi_noise", 0, 100, "a standard deviation in [0, 100]", R_NUM},
    {"businesses.token_growth", -1, 10, GROWTH, R_NUM},
    {"businesses.token_growth_halflife", 0, 100, "a real number of years in [0, 100]; 0: growth never slows (default)", R_NUM},
    /* labs */
    {"labs", 0, 0, "a list of 1 to 64 labs", R_NUM},
    {"labs.*", 0, 0, "a mapping with keys name, brand, cash_usd, debt_usd, valuation_usd, quality, "
                     "training_compute, subscription_usd, api_usd_per_mtok, api_price_decline, "
                     "serving_mtok_per_mw, training_share, opex_usd, opex_growth, ambition, "
                     "runway_months, contracts", R_NUM},
    NAME_RULE("labs"),
    {"labs.*.brand", -20, 20, "a real number in [-20, 20]", R_NUM},
    {"labs.*.business_brand", -20, 20, "a real number in [-20, 20] (default 0)", R_NUM},
    {"labs.*.cash_usd", 0, 1e15, USD, R_NUM},
    {"labs.*.debt_usd", 0, 1e15, USD, R_NUM},
    {"labs.*.valuation_usd", 0, 1e15, USD, R_NUM},
    {"labs.*.quality", POSITIVE, 100, "a real number in (0, 100]", R_NUM},
    {"labs.*.training_compute", POSITIVE, 1e12, "a number of MW-months in (0, 1e12]", R_NUM},
    {"labs.*.subscription_usd", 0, 1e15, USD_MONTH, R_NUM},
    {"labs.*.api_usd_per_mtok", 0, 1e15, "a price in USD per million tokens in [0, 1e15]", R_NUM},
    {"labs.*.api_price_decline", -1, 10, GROWTH, R_NUM},
    {"labs.*.serving_mtok_per_mw", POSITIVE, 1e12, "million tokens per MW-month in (0, 1e12]", R_NUM},
    {"labs.*.training_share", 0, 1, PROBABILITY, R_NUM},
    {"labs.*.opex_usd", 0, 1e15, USD_MONTH, R_NUM},
    {"labs.*.opex_growth", -1, 10, GROWTH, R_NUM},
    {"labs.*.ambition", 0, 10, "a real number in [0, 10]", R_NUM},
    {"labs.*.runway_months", 0, 120, "a number of months in [0, 120]", R_NUM},
    {"labs.*.contracts", 0, 0, "a list of 0 to 256 contracts, each with cloud, signed, start, "
                               "months, mw, usd_per_mw_month", R_NUM},
    {"labs.*.contracts.*", 0, 0, "a mapping with keys cloud, signed, start, months, mw, "
                                 "usd_per_mw_month", R_NUM},
    {"labs.*.contracts.*.cloud", 0, 0, "the name of a cloud in clouds", R_NUM},
    MONTH_RULE("labs.*.contracts.*.signed", "the month of signature, at most start,"),
    MONTH_RULE("labs.*.contracts.*.start", "the first month of service"),
    {"labs.*.contracts.*.months", 1, 600, "a whole number of months in [1, 600]", R_NUM},
    {"labs.*.contracts.*.mw", POSITIVE, 1e6, "a capacity in MW in (0, 1e6]", R_NUM},
    {"labs.*.contracts.*.usd_per_mw_month", 0, 1e9, "a price in USD per MW-month in [0, 1e9]", R_NUM},
    /* clouds */
    {"clouds", 0, 0, "a list of 1 to 64 clouds", R_NUM},
    {"clouds.*", 0, 0, "a mapping with keys name, region, capacity_mw, cash_usd, debt_usd, "
                       "other_revenue_usd, lease_usd_per_mw_month, capex_usd_per_mw, chip_share, "
                       "build_months, spare_build", R_NUM},
    NAME_RULE("clouds"),
    {"clouds.*.region", 0, 0, "the name of a region in regions", R_NUM},
    {"clouds.*.capacity_mw", 0, 1e7, "a capacity in MW in [0, 1e7]", R_NUM},
    {"clouds.*.cash_usd", 0, 1e15, USD, R_NUM},
    {"clouds.*.debt_usd", 0, 1e15, USD, R_NUM},
    {"clouds.*.other_revenue_usd", 0, 1e15, USD_MONTH, R_NUM},
    {"clouds.*.lease_usd_per_mw_month", 0, 1e9, "a price in USD per MW-month in [0, 1e9]", R_NUM},
    {"clouds.*.capex_usd_per_mw", 0, 1e15, "an amount in USD per MW in [0, 1e15]", R_NUM},
    {"clouds.*.chip_share", 0, 1, PROBABILITY, R_NUM},
    {"clouds.*.build_months", 1, 120, "a whole number of months in [1, 120]", R_NUM},
    {"clouds.*.spare_build", 0, 10, "a real number in [0, 10]", R_NUM},
    {"clouds.*.building_mw", 0, 1e6, "a real number in [0, 1e6] (default 0)", R_NUM},
    /* chipmakers */
    {"chipmakers", 0, 0, "a list of 1 to 16 chipmakers; market shares adding up to 1", R_NUM},
    {"chipmakers.*", 0, 0, "a mapping with keys name, market_share, export_controlled, "
                           "capacity_units, capacity_growth, unit_cost_usd, markup, markup_slope, "
                           "units_per_mw, perf_growth, cash_usd", R_NUM},
    NAME_RULE("chipmakers"),
    {"chipmakers.*.market_share", 0, 1, SHARE, R_NUM},
    BOOL_RULE("chipmakers.*.export_controlled"),
    {"chipmakers.*.capacity_units", 0, 1e12, "a number of units/month in [0, 1e12]", R_NUM},
    {"chipmakers.*.capacity_growth", -1, 10, GROWTH, R_NUM},
    {"chipmakers.*.unit_cost_usd", 0, 1e15, USD, R_NUM},
    {"chipmakers.*.markup", 1, 100, "a real number in [1, 100]", R_NUM},
    {"chipmakers.*.markup_slope", 0, 100, "a real number in [0, 100]", R_NUM},
    {"chipmakers.*.units_per_mw", POSITIVE, 1e6, "a number of units per MW in (0, 1e6]", R_NUM},
    {"chipmakers.*.perf_growth", -1, 10, GROWTH, R_NUM},
    {"chipmakers.*.cash_usd", 0, 1e15, USD, R_NUM},
    /* investors */
    {"investors", 0, 0, "a mapping with keys sentiment, sentiment_speed, growth_weight, "
                        "capex_weight, equity_supply_usd, revenue_multiple, rate, spread, "
                        "algorithmic_progress", R_NUM},
    {"investors.sentiment", 0, 10, "a real number in [0, 10]", R_NUM},
    {"investors.sentiment_speed", 0, 1, PROBABILITY, R_NUM},
    {"investors.growth_weight", -100, 100, WEIGHT, R_NUM},
    {"investors.capex_weight", -100, 100, WEIGHT, R_NUM},
    {"investors.equity_supply_usd", 0, 1e15, USD_MONTH, R_NUM},
    {"investors.revenue_multiple", 0, 1000, "a real number in [0, 1000]", R_NUM},
    {"investors.rate", 0, 1, "a yearly rate in [0, 1]", R_NUM},
    {"investors.spread", 0, 1, "a yearly rate in [0, 1]", R_NUM},
    {"investors.algorithmic_progress", -1, 10, GROWTH, R_NUM},
};

/* Borrowed pointer into the constant table, or NULL. */
const scenario_rule *scenario_rule_find(const char *generic_path)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (strcmp(rules[i].path, generic_path) == 0) return &rules[i];
    }
    return NULL;
}

/* Constant string: the rule's words, else a default for the schema type. */
const char *scenario_expected(const char *generic_path, const cyaml_schema_value_t *sv)
{
    const scenario_rule *r = scenario_rule_find(generic_path);
    if (r != NULL) return r->expected;
    switch (sv->type) {
    case CYAML_FLOAT: return "a real number";
    case CYAML_UINT: return sv->data_size == 4 ? "a whole number in [0, 4294967295]"
                                               : "a whole number >= 0";
    case CYAML_INT: return "a whole number";
    case CYAML_MAPPING: return "a mapping";
    case CYAML_SEQUENCE: return "a list";
    case CYAML_BOOL: return "true or false";
    default: return "a string";
    }
}

/* Writes "a, b, c" (the keys of a mapping schema) into buf; returns buf. */
const char *scenario_keys_list(const cyaml_schema_field_t *f, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (; f->key != NULL && used < size; f++) {
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", f->key);
        if (n < 0) break;
        used += (size_t)n;
    }
    return buf;
}

int scenario_field_index(const cyaml_schema_field_t *fields, const char *key, size_t len)
{
    for (int i = 0; fields[i].key != NULL; i++) {
        if (strlen(fields[i].key) == len && memcmp(fields[i].key, key, len) == 0) return i;
    }
    return -1;
}

const char *scenario_item_name(const uint8_t *item, const cyaml_schema_value_t *entry)
{
    const char *name = NULL;
    int nf = entry->type == CYAML_MAPPING ? scenario_field_index(entry->mapping.fields, "name", 4) : -1;
    if (nf >= 0 && entry->mapping.fields[nf].value.type == CYAML_STRING) {
        memcpy(&name, item + entry->mapping.fields[nf].data_offset, sizeof name);
    }
    return name;
}

unsigned scenario_read_count(const uint8_t *p, uint8_t size)
{
    scenario_number v;
    cyaml_schema_value_t sv = {.type = CYAML_UINT, .data_size = size};
    v = scenario_number_load(p, &sv);
    return (unsigned)v.u;
}

void *scenario_cyaml_mem(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size == 0) { free(ptr); return NULL; }
    return realloc(ptr, size);
}

