/* accounts.h — the stock-flow matrices of Godley and Lavoie (Monetary Economics, 2007): every
 * sector's balance sheet and the step's transactions-flow and revaluation matrices, and the check
 * that each stock changed by exactly its flows plus its other changes (docs/ODD.md section 3.3.9).
 *
 * Owns the ledger's `paid`, `revalued` and `sheet_before` (economy.h). Accounts are a flattened
 * index: households, businesses, each lab, each cloud, each chipmaker, investors, grids, rest of
 * world. finance_pay_for (finance.h) records every payment here by payer, payee and purpose, so each
 * row of the transactions matrix sums to zero by double entry; the places that change a stock
 * without a payment (write-offs, a debt swapped for equity, recoveries, depreciation, capacity
 * installed, retired or sold) record it with accounts_revalue or accounts_claim_change.
 * accounts_check then compares each account's stocks before and after the step with what was
 * recorded: a stock changed outside the ledger, or a write-off recorded on one side only, breaks it.
 * Pure functions of the state: no MPI, no allocation. */
#ifndef AIECON_ACCOUNTS_H
#define AIECON_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>
#include "aiecon/models/economy/players/economy.h"

/* Rows of the `flows` output: the FLOW_COUNT purposes, then the change in cash (−Δcash, so that
 * each account's column sums to zero). */
enum { ACCOUNTS_FLOW_ROWS = FLOW_COUNT + 1 };

/* Number of accounts of e: 5 + labs + clouds + chipmakers. */
unsigned accounts_count(const economy *e);
/* The account of (sector, entity): entity indexes the labs, clouds or chipmakers; ignored otherwise. */
unsigned accounts_of(const economy *e, sector s, unsigned entity);
/* The account whose cash is *cash (an entity's), or sector s's own (cash NULL). */
unsigned accounts_find(const economy *e, sector s, const double *cash);

/* Names (static strings): of instrument i, of flow row f (< ACCOUNTS_FLOW_ROWS). */
const char *accounts_instrument_name(unsigned i);
const char *accounts_flow_name(unsigned f);
/* The name of account a into name[size]: "households", "lab:NAME", "cloud:NAME", "chipmaker:NAME",
 * ... (cut to size − 1 bytes). */
void accounts_name(const scenario *s, unsigned a, char *name, size_t size);

/* Account a's stock of instrument i now [USD]: cash; loans (−debt for a borrower, the debt held for
 * the investors); equity (−equity at book issued, held); capital (clouds' vintages at book value);
 * other (the investors' other assets); net worth (the sum of the others). */
double accounts_stock(const economy *e, unsigned a, unsigned i);

/* Start of a step: the balance sheet into sheet_before, zero paid and revalued. */
void accounts_open(economy *e);
/* Record a payment of `amount` for `kind` from account `from` to account `to`. */
void accounts_record(economy *e, account_flow kind, unsigned from, unsigned to, double amount);
/* Move `amount` of what from paid to to from purpose `was` to `now` (one payment for two purposes). */
void accounts_reclassify(economy *e, account_flow was, account_flow now, unsigned from, unsigned to, double amount);
/* Record an other change of `delta` USD in account a's stock of instrument i (balance-sheet sign). */
void accounts_revalue(economy *e, unsigned a, account_instrument i, double delta);
/* A claim of the investors on borrower a (loans or equity) changed by `delta` without a payment: the
 * borrower's stock by −delta, the investors' by +delta (a write-off is a negative delta). */
void accounts_claim_change(economy *e, unsigned a, account_instrument i, double delta);

/* Account a's change of instrument i in the step as the flows and other changes say [USD]. */
double accounts_expected_change(const economy *e, unsigned a, unsigned i);
/* The flows row f of account a in the step [USD]: received − paid; for the last row, −Δcash. */
double accounts_flow(const economy *e, unsigned a, unsigned f);

/* The identities of the step: each row of the transactions matrix sums to zero and each account's
 * every stock changed by its flows plus its other changes, to max(1 USD, 1e-12 × the terms).
 * AIECON_ERR_RUNTIME naming the account, instrument or flow, step and gap on the first breach. */
aiecon_status accounts_check(const scenario *s, const economy *e, uint32_t step, aiecon_error *err);

#endif
