/* deals.h — vendor and circular finance (docs/ODD.md 3.3.14): scenario-declared deals between a
 * chipmaker or a cloud and a lab, and the round-trip revenue they create.
 *
 * Owns economy.deals (deals_state below). Three kinds, each a list under the scenario's `deals`:
 * equity_for_deployment (a chipmaker pays a lab cash for equity, total_usd / gw per GW the lab
 * deploys), warrants (a chipmaker grants a lab warrants in its shares that vest in tranches with the
 * lab's deployment and the chipmaker's share price) and credits_for_equity (a cloud gives a lab
 * compute credits, used before the lab's cash for what it owes that cloud, for as much of its
 * equity). Every payment goes through finance_pay_for and every change without one through
 * accounts_revalue, on both sides, so the stock-flow identities hold (accounts.h). The stocks the
 * deals add to the balance sheet are read by accounts.c through deals_stock. Pure functions of the
 * replicated state and the scenario: no MPI, no allocation. */
#ifndef AIECON_DEALS_H
#define AIECON_DEALS_H

#include <stdint.h>
#include "aiecon/params/scenario_params.h"

/* Every struct here is hashed and checkpointed as bytes with the economy: no implicit padding. */
typedef struct deal_equity_state {
    int32_t lab, chipmaker;              /* indexes */
    int32_t signed_step, first_step;     /* steps of signature and of the first possible tranche */
    int32_t based, ended;                /* 1 once base_mw is set; 1 once a default ended the deal */
    double base_mw;                      /* the lab's capacity when deployment starts counting [MW] */
    double paid_usd;                     /* tranches paid so far [USD] */
    double held_usd;                     /* the chipmaker's equity in the lab at cost, less write-offs [USD] */
    double paid_step;                    /* tranche paid in the step [USD] */
    double traced_lab;                   /* the chipmaker's money still in the lab's cash (tracing) [USD] */
    double traced_cloud[SCENARIO_MAX_CLOUDS]; /* ... in each cloud's cash [USD] */
} deal_equity_state;

typedef struct deal_warrant_state {
    int32_t lab, chipmaker;
    int32_t signed_step, based;
    int32_t vested_tranches, ended;
    double base_mw;                      /* the lab's capacity at signature [MW] */
    double vested_shares;                /* [shares] */
    double value_usd;                    /* vested warrants at their value when each vested, less write-offs [USD] */
    double share_price;                  /* the chipmaker's share price in the step [USD/share] */
    double revenue_smoothed;             /* the chipmaker's accelerator revenue, smoothed [USD/month] */
} deal_warrant_state;

typedef struct deal_credit_state {
    int32_t lab, cloud;
    int32_t granted_step, granted;       /* step of the grant; 1 once on the books */
    int32_t ended, padding;
    double balance_usd;                  /* credits not yet used [USD] */
    double equity_usd;                   /* the cloud's equity in the lab at cost, less write-offs [USD] */
    double redeemed_step;                /* credits used in the step [USD] */
    double redeemed_usd;                 /* credits used so far [USD] */
} deal_credit_state;

typedef struct deals_state {
    deal_equity_state equity[SCENARIO_MAX_DEALS];
    deal_warrant_state warrant[SCENARIO_MAX_DEALS];
    deal_credit_state credit[SCENARIO_MAX_DEALS];
    double chip_round_trip[SCENARIO_MAX_CHIPMAKERS];   /* in the step [USD] */
    double cloud_round_trip[SCENARIO_MAX_CLOUDS];      /* in the step [USD] */
    uint32_t equity_count, warrant_count, credit_count, padding;
} deals_state;

struct economy;

/* At creation (before the opening balance sheet): the deals' indexes and steps; credits granted
 * before the start are on the books at the start (balance and equity credits_usd). */
void deals_open(const scenario *s, struct economy *e);

/* Before the settlement of step `step` (after the labs' capacity, rentals and the chip bills are
 * known): credits granted in the step; credits used for what each lab owes its cloud this step
 * (the cloud pays the lab that much, flow credits_redeemed); tranches for the GW deployed; warrants
 * that vest. */
void deals_before_settle(const scenario *s, struct economy *e, uint32_t step);

/* After the settlement: deals of players that defaulted in the step end (write-offs on both sides),
 * and the round-trip revenue of the step is traced. */
void deals_after_settle(const scenario *s, struct economy *e, uint32_t step);

/* What the deals add to account a's stock of instrument i (accounts.h signs: assets +,
 * liabilities −): a lab's equity issued to vendors (−) and warrants held (+), its unused credits
 * (other, +); a cloud's equity held (+) and credits owed (other, −); a chipmaker's equity held (+)
 * and warrants issued (−). a is an account index (accounts_of). */
double deals_stock(const struct economy *e, unsigned a, unsigned i);

/* Lab l's dues to cloud k in step `step`: its contracts with k at k's delivery share and its share
 * of the market rentals k let [USD]. */
double deals_lab_due_to_cloud(const struct economy *e, unsigned l, unsigned k, uint32_t step);

/* The chipmaker's share price from warrant deal w's terms and revenue_smoothed [USD/share]. */
double deals_share_price(const scenario_warrant_deal *w, double revenue_smoothed);

/* Sums for the output over the deals of chipmaker m, cloud k or lab l. */
double deals_chip_equity_held(const struct economy *e, unsigned m);
double deals_chip_tranches_paid(const struct economy *e, unsigned m);
double deals_chip_warrants_vested(const struct economy *e, unsigned m);
double deals_chip_share_price(const struct economy *e, unsigned m);
double deals_cloud_credits_owed(const struct economy *e, unsigned k);
double deals_lab_vendor_equity(const struct economy *e, unsigned l);
/* Cash lab l received in the step from its vendor deals: tranches and credits used [USD]. */
double deals_lab_vendor_cash(const struct economy *e, unsigned l);
/* Credits used in the step at cloud k: what it paid labs' dues to it with [USD]. */
double deals_cloud_credits_used(const struct economy *e, unsigned k);

#endif
