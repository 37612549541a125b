/* snapshot.c — the replicated players as one blob of bytes, for checkpoints (see economy.h).
 *
 * Why a blob: the economy has some 150 fields that change as the model grows, and a field-by-field
 * checkpoint schema would have to follow each change by hand. Packing copies the `economy` struct
 * with its two kinds of pointer (cloud pipelines, the contract list) zeroed, so the bytes do not
 * depend on where malloc put things, then appends what they point to. Unpacking keeps the arrays
 * of an economy freshly created from the same scenario (so their lengths, and the contract list's
 * capacity, are this run's: a restart may extend the run) and copies everything else over it.
 * The price is portability: the layout string (economy_snapshot_layout) makes a build with other
 * struct sizes refuse the checkpoint. Cost: one copy of the players (kilobytes to a few MB of
 * contracts) per checkpoint. No global state. */
#include "aiecon/models/economy/players/economy.h"
#include "aiecon/models/economy/populations/households.h"

#include <stdio.h>
#include <string.h>

void economy_snapshot_layout(char *text, size_t size)
{
    snprintf(text, size, "economy=%zu lab=%zu cloud=%zu chip=%zu grid=%zu investors=%zu contract=%zu ledger=%zu "
             "economy_tally=%zu households_tally=%zu",
             sizeof(economy), sizeof(lab_state), sizeof(cloud_state), sizeof(chip_state), sizeof(grid_state),
             sizeof(investor_state), sizeof(contract_state), sizeof(ledger), sizeof(economy_tally),
             sizeof(households_tally));
}

static size_t pipeline_length(const scenario *s, unsigned k)
{
    return (size_t)s->clouds[k].build_months + 1;
}

size_t economy_snapshot_size(const scenario *s, const economy *e)
{
    size_t n = sizeof *e;
    for (unsigned k = 0; k < e->clouds; k++) n += pipeline_length(s, k) * sizeof(double);
    return n + (size_t)e->contract_count * sizeof(contract_state);
}

void economy_snapshot_pack(const scenario *s, const economy *e, unsigned char *buf)
{
    economy flat;
    memcpy(&flat, e, sizeof flat);
    flat.contracts = NULL;
    for (unsigned k = 0; k < SCENARIO_MAX_CLOUDS; k++) flat.cloud[k].pipeline = NULL;
    memcpy(buf, &flat, sizeof flat);
    size_t at = sizeof flat;
    for (unsigned k = 0; k < e->clouds; k++) {
        size_t n = pipeline_length(s, k) * sizeof(double);
        memcpy(buf + at, e->cloud[k].pipeline, n);
        at += n;
    }
    memcpy(buf + at, e->contracts, (size_t)e->contract_count * sizeof(contract_state));
}

aiecon_status economy_snapshot_unpack(const scenario *s, economy *e, const unsigned char *buf, size_t size,
                                        const char *path, aiecon_error *err)
{
    economy flat;
    if (size < sizeof flat) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: players blob of %zu bytes", path, size);
    }
    memcpy(&flat, buf, sizeof flat);
    if (flat.labs != e->labs || flat.clouds != e->clouds || flat.chipmakers != e->chipmakers ||
        flat.regions != e->regions || flat.contract_count > e->contract_capacity) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: checkpoint players do not fit this scenario (%u labs, %u "
                           "clouds, %u chipmakers, %u regions, %u contracts; expected %u, %u, %u, %u, at most %u)",
                           path, flat.labs, flat.clouds, flat.chipmakers, flat.regions, flat.contract_count, e->labs,
                           e->clouds, e->chipmakers, e->regions, e->contract_capacity);
    }
    flat.contract_capacity = e->contract_capacity;
    flat.contracts = e->contracts;
    for (unsigned k = 0; k < SCENARIO_MAX_CLOUDS; k++) flat.cloud[k].pipeline = e->cloud[k].pipeline;
    if (economy_snapshot_size(s, &flat) != size) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "%s: corrupt checkpoint: players blob of %zu bytes, expected %zu",
                           path, size, economy_snapshot_size(s, &flat));
    }
    *e = flat;
    size_t at = sizeof flat;
    for (unsigned k = 0; k < e->clouds; k++) {
        size_t n = pipeline_length(s, k) * sizeof(double);
        memcpy(e->cloud[k].pipeline, buf + at, n);
        at += n;
    }
    memcpy(e->contracts, buf + at, (size_t)e->contract_count * sizeof(contract_state));
    return AIECON_OK;
}
