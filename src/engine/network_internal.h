/* network_internal.h — what network.c (the draws and the exchange) and network_assemble.c (the
 * incoming edges, the ghosts and the CSR) share while one graph is built: the build's temporaries
 * and the small helpers both use. Not a public header: only these two files include it. */
#ifndef AIECON_NETWORK_INTERNAL_H
#define AIECON_NETWORK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "aiecon/engine/network.h"

/* Temporaries of one build; every pointer is owned by the build and freed by build_free(). */
typedef struct build {
    const network_params *p;
    partition part;
    int rank, ranks;
    uint64_t n;           /* agents in all */
    uint64_t first;       /* global id of local index 0 */
    uint32_t local;       /* agents held here */
    uint32_t half;        /* k / 2: lattice edges owned per agent */
    uint64_t *rbits;      /* bit v·half + j − 1: edge (v, v+j) of local agent v is rewired */
    uint64_t *out;        /* [rewired]: targets of the rewired owned edges, in (v, j) order (hot: the
                           * reservation is local·half, only the used front is touched) */
    uint32_t *src;        /* [rewired]: the local index of each rewired edge's source (hot, reserved
                           * as out), so later passes walk the rewired edges, not every edge's bit */
    size_t rewired;
    size_t local_in;      /* rewired edges with both ends here */
    uint64_t *in_pairs;   /* [in_total]: (target's local index, source's global id) of every rewired
                           * edge ending at a local agent, sorted by target */
    size_t in_total;
    uint32_t *offsets;    /* [local + 1]: the CSR offsets (hot), handed to the network */
    int *send_counts, *send_displs, *recv_counts, *recv_displs; /* [ranks], in pairs */
    uint64_t *send, *recv;                                      /* pairs (agent, other end) */
    size_t send_total, recv_total;                              /* pairs */
    uint64_t *ghost_ids;  /* [ghosts] */
    size_t ghosts;
    uint32_t *directory;  /* [(n − 1 >> shift) + 2]: first ghost whose id >> shift is ≥ the entry */
    unsigned shift;       /* chosen so that the directory has at most ghosts + 2 entries */
    uint32_t *neighbours; /* the CSR neighbour array (hot), handed to the network; reserved in
                           * gather_incoming, its front the sorts' scratch until write_csr */
    size_t neighbours_reserved; /* its length: 2·half·local + incoming + 1 */
} build;

/* The offset of lattice edge (i, i+j) after the rewiring draw: j when kept, in [k/2+1, n-k/2-1]
 * when rewired (so off > k/2 means rewired). */
static inline uint64_t edge_offset(const network_params *p, uint64_t i, uint32_t j)
{
    uint64_t half = p->degree / 2;
    uint64_t allowed = p->agents - p->degree - 1; /* agents outside {i-k/2 .. i+k/2} */
    if (p->rewire > 0.0 && allowed > 0) {
        philox4x32_ctr_t w = rng_words(p->seed, p->purpose, i, j, 0);
        if (rng_unit(w.v[0]) < p->rewire) {
            return half + 1 + rng_below(w.v[1], w.v[2], allowed);
        }
    }
    return j;
}

/* i + off modulo n, for i < n and off < n (no overflow for n ≤ 2^62). */
static inline uint64_t ring_add(uint64_t n, uint64_t i, uint64_t off)
{
    uint64_t t = i + off;
    return t >= n ? t - n : t;
}

static inline int is_local(const build *b, uint64_t g) { return g - b->first < b->local; }

static inline int bit_get(const uint64_t *bits, size_t i) { return (int)((bits[i >> 6] >> (i & 63)) & 1); }

/* Is lattice edge (u, u+j) rewired? u is local index v − j when v ≥ j; otherwise u = g − j lies
 * before the block (another rank, or this rank's own end on one rank): drawn again. */
static inline int lattice_rewired(const build *b, uint32_t v, uint64_t u, uint32_t j)
{
    if (v >= j) {
        return bit_get(b->rbits, (size_t)(v - j) * b->half + j - 1);
    }
    if (is_local(b, u)) {
        return bit_get(b->rbits, (size_t)(u - b->first) * b->half + j - 1);
    }
    return edge_offset(b->p, u, j) > b->half;
}

/* The steps after the pair exchange (network_assemble.c); all local, agreed once by the caller.
 * On success net owns the CSR arrays and the ghosts; what b still holds is freed by the caller. */
aiecon_status network_assemble(build *b, network *net, aiecon_error *err);

#endif
