/* clearing.c — simultaneous clearing of the defaulters' payments (see clearing.h; docs/ODD.md
 * 3.3.13).
 *
 * What: the settlement (finance.c) first finds who defaults in the step by passes in which every
 * defaulter pays the same share of all it owes; then it records one more pass in this net and
 * solves it with insolvency_clear (Eisenberg & Noe 2001 with seniority tiers, Elsinger 2009), and
 * redoes the pass with each defaulter paying its tiers in the shares of the greatest clearing
 * vector: secured lenders before everyone else, the others pro rata, the owners last. Why not the
 * whole economy as the network: a solvent party pays in full in any clearing vector, so only the
 * defaulters' mutual obligations need solving; their payments to solvent parties and to the
 * sectors without entities go to the outside party. That keeps n small (INSOLVENCY_MAX_PARTIES);
 * a step with more defaulters keeps the pro-rata shares (documented in the ODD). Cost: O(rounds ×
 * n³) once per step with defaults, nothing otherwise.
 */
#include "aiecon/models/economy/players/clearing.h"

#include <string.h>

void clearing_begin(clearing_net *net, const economy *e, uint32_t step)
{
    net->n = 0;
    memset(net->received, 0, sizeof net->received);
    unsigned n = 0;
    for (unsigned x = 0; x < CLEARING_ENTITIES; x++) net->party[x] = -1;
    for (unsigned l = 0; l < e->labs; l++) {
        if (e->lab[l].defaulted && e->lab[l].default_step == (int32_t)step) net->party[clearing_lab(l)] = (int)n++;
    }
    for (unsigned k = 0; k < e->clouds; k++) {
        if (e->cloud[k].defaulted && e->cloud[k].default_step == (int32_t)step) net->party[clearing_cloud(k)] = (int)n++;
    }
    if (n == 0 || n + 1 > INSOLVENCY_MAX_PARTIES) {
        for (unsigned x = 0; x < CLEARING_ENTITIES; x++) net->party[x] = -1;
        return;
    }
    net->n = n + 1;   /* the outside is party n */
    memset(net->owed, 0, sizeof net->owed);
    memset(net->assets, 0, sizeof net->assets);
}

int clearing_party(const clearing_net *net, unsigned x) { return net->n > 0 ? net->party[x] : CLEARING_OUTSIDE; }

void clearing_owe(clearing_net *net, unsigned from, int to, unsigned tier, double usd, double paid)
{
    int i = clearing_party(net, from);
    if (i < 0) return;
    int j = to == CLEARING_OUTSIDE ? CLEARING_OUTSIDE : clearing_party(net, (unsigned)to);
    if (j >= 0) net->received[to] += paid;
    unsigned jj = j >= 0 ? (unsigned)j : net->n - 1;
    net->owed[(tier * net->n + (unsigned)i) * net->n + jj] += usd;
}

void clearing_assets(clearing_net *net, unsigned x, double cash)
{
    int i = clearing_party(net, x);
    if (i >= 0) net->assets[i] = cash - net->received[x] > 0.0 ? cash - net->received[x] : 0.0;
}

aiecon_status clearing_solve(const clearing_net *net, double *part, aiecon_error *err)
{
    for (unsigned t = 0; t < CLEARING_TIERS * CLEARING_ENTITIES; t++) part[t] = 1.0;
    if (net->n == 0) return AIECON_OK;
    unsigned n = net->n;
    double assets[INSOLVENCY_MAX_PARTIES], paid[CLEARING_TIERS * INSOLVENCY_MAX_PARTIES],
           equity[INSOLVENCY_MAX_PARTIES];
    memcpy(assets, net->assets, sizeof assets[0] * n);
    assets[n - 1] = 0.0;   /* the outside owes nothing here: its payments are the parties' assets */
    aiecon_status st = insolvency_clear(n, CLEARING_TIERS, net->owed, assets, paid, equity, err);
    if (st != AIECON_OK) return st;
    for (unsigned x = 0; x < CLEARING_ENTITIES; x++) {
        int i = net->party[x];
        if (i < 0) continue;
        for (unsigned t = 0; t < CLEARING_TIERS; t++) {
            double due = 0.0;
            for (unsigned j = 0; j < n; j++) due += net->owed[(t * n + (unsigned)i) * n + j];
            part[t * CLEARING_ENTITIES + x] = due > 0.0 ? paid[t * n + (unsigned)i] / due : 1.0;
        }
    }
    return AIECON_OK;
}
