/* scenario.h — the scenario: YAML text → validated, typed parameters of one run.
 *
 * Rank 0 reads the file and broadcasts its bytes; every rank parses the same text with the same
 * code and so reaches the same verdict without further communication (scenario_load_mpi).
 * Parsing goes through libcyaml with a schema (unknown keys refused); because libcyaml 1.3 is
 * lenient with numbers (`12abc` loads as 12, `nan` as NaN, `-7` into an unsigned as 2^64-7), every
 * numeric scalar is first checked strictly against its schema type with libyaml marks, so a bad
 * number is reported at its exact line. `--set key.path=value` overrides are applied to the typed
 * struct through the same schema and checked the same way: list items are addressed by their
 * `name` (`labs.frontier_a.ambition=1.5`) or, in any list and the only way in lists without names
 * (a lab's contracts), by index in brackets, the form messages print
 * (`labs.frontier_a.contracts[0].mw=100`, `regions[1].households=5e6`). Defaults are then filled
 * and range and cross checks run on the final values. The AI economy is all or nothing:
 * businesses, labs, clouds, chipmakers and investors are given together (has_economy = 1, and
 * households' economy keys are then required) or not at all (a diffusion scenario, in which no
 * economy key may be given).
 *
 * Variants: a file whose top-level mapping has the key `extends` is a variant of another scenario
 * and holds only `extends`, an optional `title` and `set`:
 *     extends: baseline.yaml      # the scenario it builds on: relative to this file's folder, or absolute
 *     title: "AI economy: demand disappoints"   # optional: replaces the base's title
 *     set:                        # key paths exactly as --set takes them; values as YAML scalars
 *       households.bass_q: 0.04
 *       labs.frontier_a.contracts[0].mw: 100
 * Loading it loads the base (which may itself be a variant: at most 8 `extends` links, no cycles),
 * applies each `set` entry in file order exactly as a --set would be (same types, same strictness;
 * quoted numbers are refused as in files), then the title, then the command line's --set, and
 * checks the result like any scenario; scenario_to_yaml prints the full resolved scenario. Errors
 * in a `set` entry, and range errors in the values it set, name the variant file and the entry's
 * line; errors in a base name the base file and its line. scenario_load_mpi reads the whole chain
 * on rank 0 and broadcasts every file; scenario_parse reads a variant's bases from disk, relative
 * to `filename`. Every failure is one line:
 *     FILE:LINE: key.path: what is wrong (what was expected)
 * (LINE omitted where no line applies, e.g. for --set, which names "--set" instead of the file).
 *
 * Ownership: a scenario returned by scenario_parse/scenario_load_mpi owns all its strings and
 * lists; release it with scenario_free(). */
#ifndef AIECON_SCENARIO_H
#define AIECON_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "aiecon/engine/status.h"

enum {
    SCENARIO_NAME_MAX = 32,         /* longest region/lab/... name, bytes */
    SCENARIO_MAX_REGIONS = 16,
    SCENARIO_MAX_INCOME = 4,        /* household income classes */
    SCENARIO_MAX_SIZES = 3,         /* business size classes (small, medium, large) */
    SCENARIO_MAX_SECTORS = 8,
    SCENARIO_MAX_LABS = 64,
    SCENARIO_MAX_CLOUDS = 64,
    SCENARIO_MAX_CHIPMAKERS = 16,
    SCENARIO_MAX_CONTRACTS = 256,   /* per lab */
};

/* Largest number of agents of one population a scenario may ask for; more is refused before
 * anything is allocated. The real bound is memory: see scenario_check_memory(). */
#define SCENARIO_MAX_AGENTS 4000000000ULL

/* The grid of one region: power for data centres (DESIGN.md section 3, step 10). */
typedef struct scenario_grid {
    double dc_power_mw;          /* power available to data centres at the start [MW] */
    double other_dc_load_mw;     /* data-centre load other than AI clouds' (constant) [MW] */
    double supply_growth;        /* growth of the power available to data centres [1/year] */
    double price_usd_per_mwh;    /* electricity price for data centres at the start [USD/MWh] */
    double price_elasticity;     /* relative price rise per unit of load/available above 1 [1] */
} scenario_grid;

typedef struct scenario_region {
    char *name;                  /* short identifier, e.g. "us"; unique */
    uint64_t households;         /* real households (consumers) in the region [households] */
    uint64_t household_agents;   /* simulated household agents [agents], ≥ 1 */
    /* --- the AI economy (all optional; needed when the scenario has labs) --- */
    uint64_t businesses;         /* real firms [firms]; 0 = no business population in this region */
    uint64_t business_agents;    /* simulated business agents [agents]; 0 iff businesses is 0 */
    double adoption_scale;       /* multiplies the adoption hazard of this region's agents [1], default 1 */
    double households_adopted;   /* share of households using AI at the start [1] (default: households.initial_adopted) */
    uint8_t export_blocked;      /* 1: chips of controlled chipmakers may not be shipped here */
    scenario_grid grid;
} scenario_region;

/* A household income class: its share of households and what it will pay for AI. */
typedef struct scenario_income {
    char *name;                  /* e.g. "low" */
    double share;                /* share of households [1]; the classes' shares add up to 1 */
    double budget_usd;           /* willingness to pay for an AI subscription [USD/month] */
} scenario_income;

/* A business size class (small 10–49, medium 50–249, large 250+ employees, as Eurostat). */
typedef struct scenario_size {
    char *name;
    double share;                /* share of firms [1]; the shares add up to 1 */
    double initial_adopted;      /* share of firms using AI (pilot or production) at the start [1] */
    double adoption_scale;       /* multiplies the adoption hazard [1] */
    double tokens_pilot_mtok;    /* API tokens of a firm in pilot [million tokens/month] */
    double tokens_production_mtok; /* API tokens of a firm in production [million tokens/month] */
} scenario_size;

typedef struct scenario_sector {
    char *name;
    double share;                /* share of firms [1]; the shares add up to 1 */
    double roi;                  /* mean monthly return on AI spend once in production [1] */
} scenario_sector;

/* Behaviour shared by households and businesses: choice of provider and switching. */
typedef struct scenario_choice {
    double quality_weight;       /* logit utility per unit of lab quality [1] */
    double price_weight;         /* logit utility per unit of price relative to budget [1] */
    double neighbour_weight;     /* logit utility per share of neighbours using the lab [1] */
    double attractiveness_elasticity; /* hazard × (best quality / reference quality)^this [1] */
    double churn;                /* base chance per month that a user leaves its lab [1/month] */
    double rationing_churn;      /* extra churn per unit of demand the lab could not serve [1/month] */
    double price_churn;          /* extra churn per unit of relative price rise in the month [1] */
    double quit_share;           /* share of leavers who stop using AI instead of switching [1] */
} scenario_choice;

typedef struct scenario_network {
    uint32_t degree;             /* ring-lattice degree k, even, ≥ 2 [links per agent] */
    double rewire;               /* Watts–Strogatz rewiring probability beta [1] */
} scenario_network;

typedef struct scenario_households {
    double bass_p;               /* innovation: adoption probability per step without influence [1/step] */
    double bass_q;               /* imitation: adoption probability per step when all neighbours adopted [1/step] */
    double initial_adopted;      /* share adopted at the start [1] */
    scenario_network network;
    /* --- the AI economy (optional) --- */
    scenario_income *income;     /* [income_count] */
    unsigned income_count;
    scenario_choice choice;
    double paid_base;            /* chance that a user whose budget equals the price pays [1] */
    double paid_elasticity;      /* paid chance × (budget / price)^this, capped at 1 [1] */
    double plan_review;          /* chance per month that a user reconsiders free vs paid [1/month] */
    double tokens_free_mtok;     /* tokens of a free user [million tokens/month] */
    double tokens_paid_mtok;     /* tokens of a paying user [million tokens/month] */
    double token_growth;         /* growth of tokens per user [1/year] */
    double token_growth_halflife; /* the growth rate halves every this many years; 0 = never [years] */
} scenario_households;

typedef struct scenario_businesses {
    double bass_p;               /* chance per month that a firm starts a pilot unprompted [1/month] */
    double bass_q;               /* extra chance when all its network neighbours use AI [1/month] */
    scenario_network network;
    scenario_size *sizes;        /* [size_count] */
    unsigned size_count;
    scenario_sector *sectors;    /* [sector_count] */
    unsigned sector_count;
    scenario_choice choice;
    double pilot_months;         /* mean length of a pilot before the firm decides [months] */
    double roi_memory;           /* weight of the newest month in the firm's ROI memory [1] */
    double roi_threshold;        /* remembered ROI above which a pilot goes to production [1] */
    double roi_noise;            /* standard deviation of a firm's monthly realised ROI [1] */
    double token_growth;         /* growth of tokens per firm [1/year] */
    double token_growth_halflife; /* the growth rate halves every this many years; 0 = never [years] */
} scenario_businesses;

/* A take-or-pay compute contract between a lab and a cloud: from `start` for `months`, the lab
 * pays mw × usd_per_mw_month every month whether it uses the capacity or not. */
typedef struct scenario_contract {
    char *cloud;                 /* name of a cloud in `clouds` */
    char *signed_at;             /* month the contract is signed, YYYY-MM (key `signed`) */
    char *start;                 /* first month of service, YYYY-MM */
    uint32_t months;             /* length [months] */
    double mw;                   /* contracted capacity [MW] */
    double usd_per_mw_month;     /* price [USD/(MW·month)] */
} scenario_contract;

typedef struct scenario_lab {
    char *name;
    double brand;                /* logit utility of the brand [1] */
    double business_brand;       /* extra utility of the brand for firms [1] (optional, default 0) */
    double cash_usd, debt_usd;   /* at the start [USD] */
    double valuation_usd;        /* post-money valuation at the start [USD] */
    double quality;              /* capability index at the start [1] (quality_reference = 1) */
    double training_compute;     /* effective training compute at the start [MW·months of reference chips] */
    double subscription_usd;     /* consumer subscription price [USD/month] */
    double api_usd_per_mtok;     /* API price [USD/million tokens] */
    double api_price_decline;    /* yearly fall of the API price [1/year] */
    double serving_mtok_per_mw;  /* tokens one MW of reference chips serves [million tokens/(MW·month)] */
    double training_share;       /* share of its capacity used for training [1] */
    double opex_usd;             /* staff and other costs [USD/month] */
    double opex_growth;          /* growth of opex [1/year] */
    double ambition;             /* new commitments = forecast capacity need × ambition [1] */
    double runway_months;        /* raise money when cash covers fewer months of burn [months] */
    scenario_contract *contracts; /* [contract_count] initial and scheduled contracts */
    unsigned contract_count;
} scenario_lab;

typedef struct scenario_cloud {
    char *name;
    char *region;                /* name of a region in `regions`: where its data centres draw power */
    double capacity_mw;          /* AI capacity in service at the start [MW] */
    double cash_usd, debt_usd;
    double other_revenue_usd;    /* revenue from other business [USD/month] */
    double lease_usd_per_mw_month; /* price asked for new contracts [USD/(MW·month)] */
    double capex_usd_per_mw;     /* all-in cost of a MW of AI capacity [USD/MW] */
    double chip_share;           /* share of capex spent on chips [1] */
    uint32_t build_months;       /* months from start of construction to service [months] */
    double spare_build;          /* capacity built beyond contracts, as a share of contracted [1] */
    double building_mw;          /* under construction at the start, finishing evenly over build_months,
                                    its chips on order [MW] (optional, default 0) */
} scenario_cloud;

typedef struct scenario_chipmaker {
    char *name;
    double market_share;         /* share of chip orders it receives [1]; shares add up to 1 */
    uint8_t export_controlled;   /* 1: may not ship to regions with export_blocked */
    double capacity_units;       /* production capacity [units/month] */
    double capacity_growth;      /* growth of capacity [1/year] */
    double unit_cost_usd;        /* cost of producing one unit [USD] */
    double markup;               /* price / unit cost when backlog equals one month of capacity [1] */
    double markup_slope;         /* markup rise per month of backlog beyond one [1] */
    double units_per_mw;         /* accelerators per MW of data-centre capacity [units/MW] */
    double perf_growth;          /* growth of performance per unit, by generation [1/year] */
    double cash_usd;
} scenario_chipmaker;

typedef struct scenario_investors {
    double sentiment;            /* at the start [1]; 1 = neutral */
    double sentiment_speed;      /* share of the gap to its target closed each month [1] */
    double growth_weight;        /* sentiment target per unit of yearly sector revenue growth [1] */
    double capex_weight;         /* sentiment target per unit of capex / revenue [1] */
    double equity_supply_usd;    /* equity available to labs per month at sentiment 1 [USD/month] */
    double revenue_multiple;     /* valuation / annualised revenue at sentiment 1 [1] */
    double rate;                 /* risk-free interest rate [1/year] */
    double spread;               /* credit spread at sentiment 1 [1/year] */
    double algorithmic_progress; /* growth of effective compute per unit of hardware [1/year] */
} scenario_investors;

typedef struct scenario_run {
    char *start;                 /* first simulated month, "YYYY-MM" */
    uint32_t steps;              /* steps to simulate (one step = one month = 30 days) */
    uint32_t seed;               /* random seed */
} scenario_run;

typedef struct scenario {
    char *title;
    scenario_run run;
    scenario_region *regions;
    unsigned region_count;
    scenario_households households;
    /* --- the AI economy: all absent (counts 0) in a pure diffusion scenario --- */
    scenario_businesses businesses;   /* present iff has_economy */
    scenario_lab *labs;
    unsigned lab_count;
    scenario_cloud *clouds;
    unsigned cloud_count;
    scenario_chipmaker *chipmakers;
    unsigned chipmaker_count;
    scenario_investors investors;
    uint8_t has_economy;              /* 1 when labs, clouds, chipmakers, investors, businesses are given */
} scenario;

/* One `--set key.path=value` override, as given on the command line (borrowed strings). */
typedef struct scenario_override {
    const char *assignment;      /* "key.path=value" */
} scenario_override;

/* Parse and validate YAML text (not necessarily NUL-terminated) named `filename` in messages,
 * apply the overrides in order, check every range. If the text is a variant, the files it extends
 * are read from disk (relative to filename's folder). On success *out owns a new scenario. */
aiecon_status scenario_parse(const char *text, size_t len, const char *filename,
                             const scenario_override *overrides, int override_count,
                             scenario **out, aiecon_error *err);

/* Collective over comm: rank 0 reads `path` and, if it is a variant, every file it extends, and
 * broadcasts their bytes (or the reason it could not read them); every rank then parses the same
 * bytes. Returns the same status on every rank. */
aiecon_status scenario_load_mpi(MPI_Comm comm, const char *path, const scenario_override *overrides,
                                int override_count, scenario **out, aiecon_error *err);

/* The resolved scenario as YAML (what `aiecon check` prints and the output records).
 * Returns a malloc'd NUL-terminated string the caller frees, or NULL with err filled. */
char *scenario_to_yaml(const scenario *s, aiecon_error *err);

/* Total household agents over all regions. */
uint64_t scenario_household_agents(const scenario *s);

/* Total business agents over all regions. */
uint64_t scenario_business_agents(const scenario *s);

/* Step (0-based months since run.start) of a "YYYY-MM" month ("2024-03" with start "2024-01" is
 * 2); negative if before the start; LONG_MIN if either is not a YYYY-MM month. */
long scenario_month_index(const scenario *s, const char *month);

/* Refuse (AIECON_ERR_INPUT, naming the key) populations (household + business agents) that would
 * need more than `bytes_per_rank` of memory on the busiest of `ranks` ranks, at `bytes_per_agent`
 * each. */
aiecon_status scenario_check_memory(const scenario *s, int ranks, double bytes_per_agent,
                                    double bytes_per_rank, aiecon_error *err);

void scenario_free(scenario *s);

#endif
