/* economy.h — the replicated players and their part of the step (docs/ODD.md section 1.3, steps 1
 * and 5a–5j): labs, clouds, chipmakers, investors, grids, the compute contracts between them, and
 * the ledger that keeps the accounting stock-flow consistent.
 *
 * Every rank holds the whole `economy` and updates it with the same code from the same globally
 * reduced economy_tally, so the players never need a broadcast; economy_hash() lets the driver compare
 * the state across ranks. Players never touch agent arrays: they read only the tally.
 * The modules: labs.c (demand, revenue, training, prices, commitments, fund-raising), clouds.c
 * (construction, capacity, financing), chips.c (orders, production, prices, export controls),
 * finance.c (ledger, investors, defaults and contagion), grid.c (power and electricity prices),
 * market.c (the monthly market for compute: its price, rentals), resale.c (a defaulted cloud's
 * capacity sold to the survivors),
 * economy.c (creation, offers, and the order of the players' step).
 *
 * Units: money in USD, power in MW, time in months (one step), tokens in millions (Mtok),
 * chips in units (accelerators). Flows are per step. */
#ifndef AIECON_ECONOMY_H
#define AIECON_ECONOMY_H

#include <stddef.h>
#include <stdint.h>
#include "aiecon/models/economy/players/deals.h"
#include "aiecon/models/economy/players/macro.h"
#include "aiecon/models/economy/populations/offers.h"
#include "aiecon/params/scenario_params.h"
#include "aiecon/engine/status.h"

/* Sectors of the accounting (every payment debits one and credits another). */
typedef enum sector {
    SECTOR_HOUSEHOLDS, SECTOR_BUSINESSES, SECTOR_LABS, SECTOR_CLOUDS, SECTOR_CHIPMAKERS,
    SECTOR_INVESTORS, SECTOR_GRIDS, SECTOR_REST_OF_WORLD, SECTOR_COUNT
} sector;

/* The accounts of the stock-flow matrices (accounts.h): households, businesses, each lab, each
 * cloud, each chipmaker, investors, grids, rest of world. */
enum { ACCOUNTS_MAX = 5 + SCENARIO_MAX_LABS + SCENARIO_MAX_CLOUDS + SCENARIO_MAX_CHIPMAKERS };
/* What a payment is for: the rows of the transactions-flow matrix (accounts.c names them). The
 * last three before FLOW_CREDITS are financial: they change the loans and equity as well as the cash;
 * FLOW_CREDITS (a cloud paying a lab's dues to it out of the lab's credits, deals.h) is financial
 * too: it changes the credits (instrument other). */
typedef enum account_flow {
    FLOW_SUBSCRIPTIONS, FLOW_API, FLOW_CONTRACTS, FLOW_RENTALS, FLOW_OTHER_REVENUE, FLOW_PENALTIES,
    FLOW_OPEX, FLOW_CHIPS, FLOW_CONSTRUCTION, FLOW_ENERGY, FLOW_PRODUCTION, FLOW_INTEREST,
    FLOW_ACQUISITIONS, FLOW_OTHER, FLOW_BORROWING, FLOW_REPAYMENT, FLOW_EQUITY, FLOW_CREDITS, FLOW_COUNT
} account_flow;
/* The rows of the balance sheet (accounts.c names them): assets positive, liabilities negative;
 * net worth is the sum of the others. */
typedef enum account_instrument {
    INSTRUMENT_CASH, INSTRUMENT_LOANS, INSTRUMENT_EQUITY, INSTRUMENT_CAPITAL, INSTRUMENT_OTHER,
    INSTRUMENT_NET_WORTH, INSTRUMENT_COUNT
} account_instrument;

/* The step's flows: flow[from][to] in USD, and each sector's cash stock before and after; the
 * same payments by account and purpose, the other changes in stocks, and the balance sheet at the
 * start of the step (accounts.h). */
typedef struct ledger {
    double flow[SECTOR_COUNT][SECTOR_COUNT];
    double stock_before[SECTOR_COUNT];
    double outside_cash[SECTOR_COUNT];   /* cash of sectors without entities (households, businesses,
                                            investors, grids, rest of world) [USD] */
    double paid[ACCOUNTS_MAX][FLOW_COUNT];                 /* received − paid by account and purpose [USD] */
    double revalued[ACCOUNTS_MAX][INSTRUMENT_COUNT];       /* other changes: write-offs, depreciation, ... [USD] */
    double sheet_before[ACCOUNTS_MAX][INSTRUMENT_COUNT];   /* balance sheet at the step's start [USD] */
} ledger;

typedef struct lab_state {
    double cash, debt, equity_raised, valuation;
    double quality, training_compute;    /* capability index; effective compute [MW·months] */
    double subscription_usd, api_usd_per_mtok, subscription_before;
    double users, paid_users;            /* people */
    double business_users;               /* firms in pilot or production */
    double tokens_mtok;                  /* demand in the step [Mtok] */
    double capacity_mw;                  /* contracted capacity in service at non-defaulted clouds [MW] */
    double demand_mw;                    /* inference demand [MW] */
    double served_share;                 /* share of inference demand served [1] */
    double revenue, subscription_revenue, api_revenue; /* in the step [USD] */
    double costs;                        /* contracts + opex + interest in the step [USD] */
    double commitments;                  /* remaining contracted payments [USD] */
    double revenue_growth;               /* smoothed yearly growth of revenue [1/year] */
    double revenue_smoothed;             /* smoothed monthly revenue [USD] */
    double raised;                       /* equity and debt raised in the step [USD] */
    double penalties;                    /* delay penalties received from clouds in the step [USD] */
    int32_t defaulted;                   /* 0 or 1 (int32, so that the struct has no padding to hash) */
    int32_t default_step;                /* step of default, -1 if none */
    double api_tokens_mtok;              /* of that, firms' API tokens [Mtok] */
    double rented_mw;                    /* rented on the compute market in the step, for inference [MW of the fleet] */
    double rent_usd;                     /* what the rentals cost in the step [USD] */
    int32_t restructured;                /* 1 once restructured after a default (insolvency.c) */
    int32_t sold_to;                     /* liquidated and sold to lab sold_to − 1; 0 if not */
    double users_acquired;               /* users and firms bought with a liquidated lab in the step [people + firms] */
    double acquisitions;                 /* paid in the step for a liquidated lab's business, to its lenders [USD] */
    double opex_usd;                     /* opex of the next step: grows unless frozen (distress.c) [USD/month] */
    double price_factor;                 /* list prices × this, raised while short of runway [1] */
    double runway;                       /* months the cash covers the last step's burn, ≤ 120 [months] */
    double down_round;                   /* equity sold in a down round in the step [USD] */
    int32_t last_down_round;             /* step of the last down round, 0 if none */
    int32_t padding;                     /* keeps the struct free of implicit padding (hashed) */
    /* debt with terms and the investors' claims (credit.c) */
    double debt_rate;                    /* mean coupon of its debt: rate + spread when each part was borrowed [1/year] */
    double spread;                       /* its own spread for new borrowing, set by the investors [1/year] */
    double interest, principal;          /* paid in the step [USD] */
    double borrowed;                     /* new debt in the step (refinancing included) [USD] */
    double equity_book;                  /* investors' equity in it at cost: paid-in cash at the start + equity raised [USD] */
    /* prices the lab sets (pricing.c): its price / its list path, before the distress factor */
    double subscription_ratio, api_ratio; /* [1] */
} lab_state;

/* Vintages: a cloud's fleet by the year it entered service. Vintage 0 is the fleet in service at
 * the start; vintage v >= 1 holds what was installed in year v of the run (steps 12(v-1)+1 ..
 * 12v), the last one also everything later. Every field is a double: the struct is hashed and
 * checkpointed as bytes and must have no padding. */
enum { ECONOMY_MAX_VINTAGES = 16, ECONOMY_VINTAGE_MONTHS = 12 };
/* Longest lead time of a chipmaker's capacity expansion (fab_lead_months' upper bound) and of a
 * grid's new supply (interconnect_months') [months]. */
enum { ECONOMY_MAX_FAB_LEAD = 48, ECONOMY_MAX_INTERCONNECT = 60 };
typedef struct vintage_state {
    double mw;                           /* in service [MW] */
    double perf;                         /* hardware performance per MW, MW-weighted; 1 = the start's chips [1] */
    double book_usd;                     /* book value: installed cost less depreciation [USD] */
    double depreciation_usd;             /* straight-line charge [USD/month] */
    double installed_step;               /* step its first MW entered service (<= 0 for the start's fleet) */
} vintage_state;

typedef struct cloud_state {
    double cash, debt;
    double capacity_mw;                  /* in service [MW] */
    double building_mw;                  /* under construction [MW] */
    double ready_mw;                     /* built, waiting for chips or power [MW] */
    double chips_waiting_mw;             /* chips ordered, not yet delivered [MW of capacity] */
    double chips_received_mw;            /* delivered, not yet installed [MW of capacity] */
    double unfilled_mw;                  /* chips no chipmaker may ship here (export controls), cumulative [MW] */
    double *pipeline;                    /* [build_months + 1]: MW whose construction ends in k+1 months (owned) */
    double revenue, capex, energy_cost;  /* in the step [USD] */
    double construction_due;             /* capex other than chips due in the step [USD] */
    double power_mw;                     /* power drawn: in use + idle_draw × idle [MW] */
    double lease_usd_per_mw_month;
    int32_t region;                      /* index of the region whose grid powers it */
    int32_t padding;                     /* keeps the struct free of implicit padding (hashed) */
    double losses;                       /* contracted payments lost to defaults, cumulative [USD] */
    int32_t defaulted;
    int32_t default_step;
    vintage_state vintage[ECONOMY_MAX_VINTAGES];
    double retired_mw;                   /* retired in the step [MW] */
    double book_value;                   /* sum of the vintages' book values [USD] */
    double depreciation;                 /* accounting depreciation in the step [USD] */
    double impairment;                   /* book written down to value in use in the step [USD] */
    double utilisation;                  /* contracted MW served / capacity in service [1] */
    double penalties;                    /* delay penalties paid to labs in the step [USD] */
    double let_mw;                       /* let on the compute market in the step [reference MW] */
    double rentals;                      /* market rentals received in the step, from labs and firms [USD] */
    double firm_rentals;                 /* the part of rentals paid by firms for open models [USD] */
    double acquisitions;                 /* paid in the step for a defaulted cloud's capacity [USD] */
    double acquired_mw;                  /* MW (in service and sites) bought in the step [MW] */
    double q;                            /* Tobin's q of a new MW in the step: PV of its rents / its cost [1] */
    double invested_mw;                  /* started in the step beyond contracts, by the q rule [MW] */
    double occupancy;                    /* share of its capacity in use (contracted or let), exponential
                                          * average of the compute price's mean age: what q expects a new
                                          * MW to be let [1] */
    /* debt with terms and the investors' claims (credit.c) */
    double debt_rate;                    /* mean coupon of its debt [1/year] */
    double spread;                       /* its own spread for new borrowing [1/year] */
    double interest, principal;          /* paid in the step [USD] */
    double borrowed;                     /* new debt in the step (refinancing included) [USD] */
    double equity_book;                  /* investors' equity in it at book: max(0, cash + book value − debt) at the start [USD] */
    /* GPU-backed loans (collateral.c) */
    double secured_debt;                 /* the part of debt secured on its fleet (included in debt) [USD] */
    double collateral;                   /* market value of its fleet at the step's settlement [USD] */
    double margin_call;                  /* secured principal called in the step beyond its maturity [USD] */
    double secured_losses;               /* secured debt its collateral did not cover at its default [USD] */
} cloud_state;

typedef struct chip_state {
    double cash;
    double capacity_units;               /* [units/month] */
    double backlog_units;                /* ordered, not shipped [units] */
    double price_usd, unit_cost_usd;
    double perf;                         /* performance per unit, 1 at the start [1] */
    double shipments, revenue, production_cost; /* in the step: [units], [USD], [USD] */
    double backlog_by_cloud[SCENARIO_MAX_CLOUDS]; /* [units] */
    double bill[SCENARIO_MAX_CLOUDS];    /* owed by each cloud for the step's shipments [USD] */
    double orders;                       /* ordered in the step, less cancellations [units] */
    double fab_pipeline[ECONOMY_MAX_FAB_LEAD]; /* capacity coming on line in k+1 months [units/month] */
    int32_t defaulted;                   /* 1 once it could not pay its production cost in full (insolvency.c) */
    int32_t default_step;                /* step of that default, -1 if none */
} chip_state;

typedef struct grid_state {
    double power_mw;                     /* available to data centres [MW] */
    double load_mw;                      /* connected: other data centres + AI capacity in service [MW] */
    double price_usd_per_mwh;
    double revenue;                      /* from clouds in the step [USD] */
    double drawn_mw;                     /* drawn: other data centres + the clouds' power_mw [MW] */
    double started_mw;                   /* supply started in the step, on line interconnect_months later [MW] */
    double expansion_cost;               /* capital spent on the supply started in the step [USD] */
    double capital_usd;                  /* expansion capital to be recovered through the price [USD] */
    double capital_charge;               /* its annuity in the step, in the price [USD/month] */
    /* the data-centre business's balance sheet (utility.c) */
    double adder_usd_per_mwh;            /* the capital adder in price_usd_per_mwh, capped [USD/MWh] */
    double unrecovered;                  /* capital_charge − adder × drawn_mw × 720 h: not charged to data centres [USD/month] */
    double billed;                       /* what the clouds were billed for energy in the step [USD] */
    double cash;                         /* [USD] */
    double book_usd;                     /* expansion capital at book value, depreciated over recovery_years [USD] */
    double debt, debt_rate;              /* bonds held by the investors [USD]; their coupon [1/year] */
    double equity_book;                  /* the utility's equity at book, held by the investors [USD] */
    double interest, principal;          /* debt service paid in the step [USD] */
    double generation_cost;              /* paid for the energy sold in the step [USD] */
    double defaulted;                    /* 1 once it could not pay its debt service (the power stays on) */
    double default_step;                 /* the step of its last default; −1 if none */
    double pipeline[ECONOMY_MAX_INTERCONNECT]; /* supply coming on line in k+1 months [MW] */
} grid_state;

typedef struct investor_state {
    double sentiment;
    double equity_supply_usd;            /* available to labs this step [USD] */
    double spread;                       /* [1/year] */
    double capex_smoothed, revenue_smoothed, revenue_year_ago[12];
    /* wealth and the financial accelerator (credit.c) */
    double wealth;                       /* net worth: other assets + cash account + debt and equity held [USD] */
    double other_assets;                 /* wealth_usd − the claims held at the start (constant) [USD] */
    double income;                       /* interest and recoveries received in the step [USD] */
    double realised_losses;              /* debt and equity written off in the step [USD] */
    double losses_smoothed;              /* realised losses, exponential mean of age loss_memory_months [USD/month] */
    double condition;                    /* financial condition: (W / W0)^elasticity / (1 + loss_weight × 12 L / W) [1] */
} investor_state;

typedef struct contract_state {
    uint16_t lab, cloud;
    int32_t signed_step, start_step;     /* months since run.start */
    uint32_t months;
    double mw, usd_per_mw_month;
    int32_t ended_step;                  /* first step it no longer runs after a default; INT32_MAX if none */
    int32_t padding;                     /* keeps the struct free of implicit padding (checkpointed) */
    double delay_months;                 /* MW-months not delivered so far / mw: the term runs on by as much */
} contract_state;

typedef struct economy {
    unsigned labs, clouds, chipmakers, regions;
    uint32_t step;                       /* the last step completed */
    lab_state lab[SCENARIO_MAX_LABS];
    cloud_state cloud[SCENARIO_MAX_CLOUDS];
    chip_state chip[SCENARIO_MAX_CHIPMAKERS];
    grid_state grid[SCENARIO_MAX_REGIONS];
    investor_state investors;
    contract_state *contracts;           /* [contract_count], capacity contract_capacity (owned) */
    unsigned contract_count, contract_capacity;
    ledger book;
    double accounting_residual;          /* of the last step [USD] */
    double perf_factor;                  /* hardware × algorithmic progress since the start [1] */
    double compute_price;                /* the compute market's price [USD/(reference MW·month)] */
    double compute_price_smoothed;       /* its exponential average, MARKET_SMOOTHING_MONTHS mean age: contracts' price basis [same] */
    double open_rented_mw;               /* rented by firms for open models in the step [reference MW] */
    double open_rent_usd;                /* what firms paid for it [USD] */
    double open_quality;                 /* quality of the open-weight models (demand.h) [1] */
    double open_need_mw;                 /* compute firms running open weights need at the market's value [reference MW] */
    macro_state macro;                   /* output, jobs and incomes by region and sector (macro.h) */
    deals_state deals;                   /* vendor and circular finance (deals.h) */
} economy;

/* Did lab l / cloud k default before step `step`? (One that defaults in `step` still settles it.) */
static inline int economy_lab_gone(const economy *e, unsigned l, uint32_t step)
{
    return e->lab[l].defaulted && e->lab[l].default_step < (int32_t)step;
}
static inline int economy_cloud_gone(const economy *e, unsigned k, uint32_t step)
{
    return e->cloud[k].defaulted && e->cloud[k].default_step < (int32_t)step;
}

/* Initial state from the scenario. *e owns its arrays (economy_free). */
aiecon_status economy_create(const scenario *s, economy *e, aiecon_error *err);
void economy_free(economy *e);

/* Step 1: what the labs offer this step (reads e, fills o). */
void economy_offers(const scenario *s, const economy *e, offers *o);

/* Steps 5–10 for step `step` (1-based), from the global tally of the populations. */
void economy_step(const scenario *s, economy *e, uint32_t step, const economy_tally *tally);

/* A hash of the whole replicated state, for the cross-rank check. */
uint64_t economy_hash(const economy *e);

/* ---- the players as one blob, for checkpoints (snapshot.c) ----
 * The `economy` struct's bytes with its pointers zeroed, then each cloud's pipeline
 * (build_months + 1 doubles, in cloud order), then contract_count contract_state structs. */

/* Bytes of the snapshot of e. */
size_t economy_snapshot_size(const scenario *s, const economy *e);
/* Pack e into buf [economy_snapshot_size bytes, the caller's]. */
void economy_snapshot_pack(const scenario *s, const economy *e, unsigned char *buf);
/* Unpack buf [size bytes] into e (created from s: its arrays are kept and filled); AIECON_ERR_INPUT
 * naming path when the bytes do not fit this scenario. */
aiecon_status economy_snapshot_unpack(const scenario *s, economy *e, const unsigned char *buf, size_t size,
                                      const char *path, aiecon_error *err);
/* The sizes of the structs the snapshot copies, into buf [size] (the checkpoint's layout check). */
void economy_snapshot_layout(char *buf, size_t size);

#endif
