/* clearing.h — the settlement's payments among the parties that default in the same step, cleared
 * simultaneously with seniority (Eisenberg & Noe 2001; docs/ODD.md 3.3.13).
 *
 * Owns a clearing_net: the record of one settlement pass (who owes whom what, in which tier, and
 * each defaulter's own assets) and, once solved with insolvency_clear, the share of each tier each
 * defaulter pays. Parties: the labs and clouds that default in the step, and one "outside" party
 * for everyone else (solvent labs and clouds, chipmakers, grids, investors, the rest of the world),
 * whose payments to the defaulters are the defaulters' own assets since a solvent party pays in
 * full. Tiers: 0 secured (GPU-backed debt service), 1 senior (everything else: debt, contracts,
 * suppliers); the owners' equity is the residual. finance.c fills it and reads the parts; no
 * allocation (the net lives on the settlement's stack). */
#ifndef AIECON_CLEARING_H
#define AIECON_CLEARING_H

#include "aiecon/engine/status.h"
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/players/insolvency.h"

enum { CLEARING_SECURED = 0, CLEARING_SENIOR = 1, CLEARING_TIERS = 2,
       CLEARING_ENTITIES = SCENARIO_MAX_LABS + SCENARIO_MAX_CLOUDS, CLEARING_OUTSIDE = -1 };

typedef struct clearing_net {
    unsigned n;                                   /* parties, the outside (last) included; 0: too many, not cleared */
    int party[CLEARING_ENTITIES];                 /* lab l: [l], cloud k: [SCENARIO_MAX_LABS + k]; −1 if none */
    double owed[CLEARING_TIERS * INSOLVENCY_MAX_PARTIES * INSOLVENCY_MAX_PARTIES]; /* insolvency_clear's layout [USD] */
    double assets[INSOLVENCY_MAX_PARTIES];        /* own cash before paying, less what other parties paid it [USD] */
    double received[CLEARING_ENTITIES];           /* paid to each entity by the parties so far in the pass [USD] */
} clearing_net;

/* The entity index of lab l or cloud k. */
static inline unsigned clearing_lab(unsigned l) { return l; }
static inline unsigned clearing_cloud(unsigned k) { return SCENARIO_MAX_LABS + k; }

/* Start a pass's record: the parties are the labs and clouds with default_step == step, then the
 * outside; n = 0 (nothing recorded, nothing cleared) when there are none or more than
 * INSOLVENCY_MAX_PARTIES − 1. */
void clearing_begin(clearing_net *net, const economy *e, uint32_t step);

/* The party of entity x, or CLEARING_OUTSIDE. */
int clearing_party(const clearing_net *net, unsigned x);

/* Entity `from` owes entity `to` (CLEARING_OUTSIDE for anyone outside) `usd` in tier `tier`;
 * `paid` of it was paid in this pass (recorded as the payee's receipts from the parties). A
 * non-party's obligation is not recorded. */
void clearing_owe(clearing_net *net, unsigned from, int to, unsigned tier, double usd, double paid);

/* Party entity x holds `cash` before paying (its receipts from the parties are taken out). */
void clearing_assets(clearing_net *net, unsigned x, double cash);

/* Solve: part[tier × CLEARING_ENTITIES + x] = the share of its tier-`tier` obligations entity x
 * pays (1 for non-parties and for tiers it owes nothing in). Returns insolvency_clear's status. */
aiecon_status clearing_solve(const clearing_net *net, double *part, aiecon_error *err);

#endif
