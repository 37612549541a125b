/* network_assemble.c — the second half of the network build (see network.c and network.h): after
 * the rewired edges' reverse halves have arrived, the incoming edges as (target, source) pairs,
 * radix-sorted by target; the ghosts (remote ends of rewired edges and of the lattice edges that
 * cross the block's ends), radix-sorted, with a directory for look-ups; and the one pass that
 * writes every agent's list, sorted and deduplicated by global id, into the CSR.
 * Why apart: the data flow splits here (network.c draws and exchanges, this file only reads what
 * arrived and writes the CSR), and together they would pass 600 lines. Cost: O(local·k) time, all
 * sequential but the ghost look-ups (two reads each); temporaries of 16 bytes per incoming rewired
 * edge (the pairs; their sort's scratch is the front of the CSR's neighbour array, not yet
 * written) and 8 per ghost reference, freed by the caller's build_free. The CSR pass (write_rows)
 * is written for few mispredicted branches (issue 19; docs/PERFORMANCE.md has each step's figure). */
#include "network_internal.h"

#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/memory.h"

/* Sort records of `words` 64-bit words by their first word, all keys below limit: LSD radix sort
 * in as few passes of at most 12-bit digits as the keys need (2 passes up to 2^24, 3 up to 2^36;
 * 4096 buckets keep the scatter's write fronts in cache), through tmp of the same length; the
 * result is in a. Every pass's histogram is counted in one read before the first scatter. Inlined
 * with words constant, so that each record moves as one or two loads. Returns −1 when out of memory
 * (the 192 KiB of histograms), else 0. */
static inline int radix_sort(uint64_t *a, uint64_t *tmp, size_t len, size_t words, uint64_t limit)
{
    enum { MOST = 12, BUCKETS = 1 << MOST, PASSES = (64 + MOST - 1) / MOST };
    unsigned bits = 0;
    while (bits < 64 && limit > 1 && (limit - 1) >> bits != 0) {
        bits++;
    }
    unsigned passes = (bits + MOST - 1) / MOST, digit = passes ? (bits + passes - 1) / passes : 0;
    uint64_t mask = (UINT64_C(1) << digit) - 1;
    size_t (*count)[BUCKETS] = calloc(PASSES, sizeof *count); /* 192 KiB: too large for the stack */
    if (count == NULL) return -1;
    for (size_t i = 0; i < len; i++) { /* every pass's histogram in one read */
        uint64_t key = a[i * words];
        for (unsigned pass = 0; pass < passes; pass++) {
            count[pass][(key >> (pass * digit)) & mask]++;
        }
    }
    uint64_t *from = a, *to = tmp;
    for (unsigned pass = 0, shift = 0; pass < passes; pass++, shift += digit) {
        size_t sum = 0, *c = count[pass];
        for (size_t d = 0; d <= mask; d++) {
            size_t n = c[d];
            c[d] = sum;
            sum += n;
        }
        for (size_t i = 0; i < len; i++) {
            size_t at = c[(from[i * words] >> shift) & mask]++;
            for (size_t k = 0; k < words; k++) to[at * words + k] = from[i * words + k];
        }
        uint64_t *t = from;
        from = to;
        to = t;
    }
    if (from != a) {
        memcpy(a, from, len * words * sizeof *a);
    }
    free(count);
    return 0;
}

/* Scratch for a sort of `bytes`: the front of the CSR's neighbour array while it is still unwritten
 * (its pages are faulted in once and then hold the CSR) when it is large enough; otherwise a
 * mapping of its own, in *own (free with memory_free_hot; NULL when none was needed). */
static uint64_t *sort_scratch(const build *b, size_t bytes, uint64_t **own)
{
    *own = NULL;
    if (bytes <= b->neighbours_reserved * sizeof *b->neighbours) {
        return (uint64_t *)(void *)b->neighbours;
    }
    *own = memory_alloc_hot(bytes, 1);
    return *own;
}

/* Every rewired edge ending at a local agent as a pair (target's local index, source), the local
 * ones from the drawn targets and the received ones, radix-sorted by target. Frees the received
 * pairs. */
static aiecon_status gather_incoming(build *b, aiecon_error *err)
{
    for (size_t e = 0; e < b->recv_total; e++) {
        if (!is_local(b, b->recv[2 * e])) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: rank %d received an edge of agent %llu",
                               b->rank, (unsigned long long)b->recv[2 * e]);
        }
    }
    size_t total = b->local_in + b->recv_total;
    b->neighbours_reserved = 2 * (size_t)b->half * b->local + total + 1; /* + 1: a branch-free write */
    b->neighbours = memory_alloc_hot(b->neighbours_reserved, sizeof *b->neighbours);
    uint64_t *pairs = b->in_pairs = memory_alloc_hot(2 * (total + 1), sizeof *pairs); /* + a sentinel */
    if (pairs == NULL || b->neighbours == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu incoming edges", total);
    }
    size_t w = 0;
    const uint64_t first = b->first, local = b->local, *out = b->out; /* not reloaded after each store */
    const uint32_t *src = b->src;
    for (size_t r = 0, rewired = b->rewired; r < rewired; r++) {
        uint64_t t = out[r];
        pairs[2 * w] = t - first; /* written always, kept when t is local */
        pairs[2 * w + 1] = first + src[r];
        w += t - first < local;
    }
    for (size_t e = 0; e < b->recv_total; e++, w++) {
        pairs[2 * w] = b->recv[2 * e] - first;
        pairs[2 * w + 1] = b->recv[2 * e + 1];
    }
    free(b->recv);
    b->recv = NULL;
    b->in_total = total;
    uint64_t *own, *tmp = sort_scratch(b, 2 * total * sizeof *tmp, &own);
    if (tmp == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu incoming edges", total);
    }
    int sorted = radix_sort(pairs, tmp, total, 2, (uint64_t)b->local);
    memory_free_hot(own);
    if (sorted != 0) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu incoming edges", total);
    }
    pairs[2 * total] = UINT64_MAX; /* the sentinel: no agent's index */
    pairs[2 * total + 1] = 0;
    return AIECON_OK;
}

/* Drop repeats from a sorted array; returns the new length. */
static size_t unique_u64(uint64_t *a, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w == 0 || a[i] != a[w - 1]) {
            a[w++] = a[i];
        }
    }
    return w;
}

/* The ghosts: every remote end of a rewired edge (out targets, incoming sources) and of a lattice
 * edge that crosses the block's ends, sorted and unique. */
static aiecon_status collect_ghosts(build *b, aiecon_error *err)
{
    uint32_t h = b->half;
    size_t edge_agents = b->local < 2 * (size_t)h ? b->local : 2 * (size_t)h;
    size_t cap = b->rewired + b->in_total + 2 * edge_agents * h;
    uint64_t *ids = memory_alloc_array(cap, sizeof *ids);
    if (ids == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu ghost references", cap);
    }
    size_t g = 0;
    for (size_t r = 0; r < b->rewired; r++) {
        if (!is_local(b, b->out[r])) ids[g++] = b->out[r];
    }
    for (size_t e = 0; e < b->in_total; e++) {
        if (!is_local(b, b->in_pairs[2 * e + 1])) ids[g++] = b->in_pairs[2 * e + 1];
    }
    for (uint32_t v = 0; v < b->local; v++) {
        if (v == h && b->local > 2 * (size_t)h) {
            v = b->local - h; /* only the block's two ends have lattice neighbours elsewhere */
        }
        uint64_t me = b->first + v;
        for (uint32_t j = 1; j <= h; j++) {
            uint64_t below = ring_add(b->n, me, b->n - j), above = ring_add(b->n, me, j);
            if (!is_local(b, below) && !lattice_rewired(b, v, below, j)) ids[g++] = below;
            if (!is_local(b, above) && !bit_get(b->rbits, (size_t)v * h + j - 1)) ids[g++] = above;
        }
    }
    uint64_t *own, *tmp = sort_scratch(b, g * sizeof *tmp, &own);
    if (tmp == NULL) {
        free(ids);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu ghost references", g);
    }
    int sorted = radix_sort(ids, tmp, g, 1, b->n);
    memory_free_hot(own);
    if (sorted != 0) {
        b->ghost_ids = ids; /* freed by build_free */
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu ghost references", g);
    }
    g = unique_u64(ids, g);
    uint64_t *shrunk = realloc(ids, (g ? g : 1) * sizeof *ids);
    b->ghost_ids = shrunk != NULL ? shrunk : ids;
    b->ghosts = g;
    if ((uint64_t)b->local + g > UINT32_MAX) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: %u agents + %zu ghosts on rank %d exceed 2^32",
                           b->local, g, b->rank);
    }
    return AIECON_OK;
}

/* A directory over the sorted ghosts, so that a look-up is two reads and a short scan, not a
 * binary search of log2(ghosts) cache misses: entry d is the first ghost with id >> shift ≥ d. */
static aiecon_status make_directory(build *b, aiecon_error *err)
{
    unsigned shift = 0;
    while (shift < 63 && ((b->n - 1) >> shift) + 2 > b->ghosts + 2) {
        shift++;
    }
    size_t entries = (size_t)((b->n - 1) >> shift) + 2;
    b->directory = memory_alloc_array(entries, sizeof *b->directory);
    if (b->directory == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu ghosts", b->ghosts);
    }
    b->shift = shift;
    size_t gi = 0;
    for (size_t d = 0; d < entries; d++) {
        while (gi < b->ghosts && (b->ghost_ids[gi] >> shift) < d) {
            gi++;
        }
        b->directory[d] = (uint32_t)gi;
    }
    return AIECON_OK;
}

/* Index of global id g among this rank's local agents and ghosts (g must be one of them). */
static inline uint32_t local_index(const build *b, uint64_t g)
{
    if (is_local(b, g)) {
        return (uint32_t)(g - b->first);
    }
    uint32_t i = b->directory[g >> b->shift];
    while (b->ghost_ids[i] != g) {
        i++;
    }
    return b->local + i;
}

/* Agent v's list by the general rule, for the agents within k/2 of the block's ends (whose
 * lattice may reach other ranks or wrap around the ring): lattice below, own edges, incoming
 * rewired edges (*in, advanced past v's), insertion-sorted and deduplicated by global id, written
 * at nb + w as local indices; returns the new w. */
static size_t write_general(const build *b, uint32_t v, uint64_t *list, const uint64_t **in,
                            const uint64_t *in_end, size_t *r, uint32_t *nb, size_t w)
{
    uint32_t h = b->half;
    uint64_t me = b->first + v;
    size_t len = 0;
    for (uint32_t j = h; j >= 1; j--) {
        uint64_t u = ring_add(b->n, me, b->n - j);
        if (!lattice_rewired(b, v, u, j)) list[len++] = u;
    }
    for (uint32_t j = 1; j <= h; j++) {
        list[len++] = bit_get(b->rbits, (size_t)v * h + j - 1) ? b->out[(*r)++] : ring_add(b->n, me, j);
    }
    for (; *in < in_end && (*in)[0] == v; *in += 2) {
        list[len++] = (*in)[1];
    }
    for (size_t i = 1; i < len; i++) { /* insertion sort: the lists are short and nearly sorted */
        uint64_t x = list[i];
        size_t k = i;
        for (; k > 0 && list[k - 1] > x; k--) {
            list[k] = list[k - 1];
        }
        list[k] = x;
    }
    for (size_t i = 0; i < len; i++) {
        if (i == 0 || list[i] != list[i - 1]) {
            nb[w++] = local_index(b, list[i]);
        }
    }
    return w;
}

/* Agent v's list when v is at least k/2 from both ends of the block (write_csr says why this is
 * the same list as write_general's), at nb + w; returns the new w. own: bit j − 1 set when edge
 * (v, v + j) is rewired; from_below: bit j − 1 set when edge (v − j, v) is. Written for few
 * mispredicted branches, since which edges are rewired is random: own rewired targets are
 * gathered with the cursor advanced by the edge's bit, and an agent with at most one far
 * neighbour (95 % of them at k = 8, beta = 0.1) writes it both before and after the lattice,
 * keeping the right copy by advancing the cursor after one of them only. */
static inline size_t write_inner(const build *b, uint32_t v, const uint32_t h, uint64_t own, uint64_t from_below,
                                 uint64_t *list, const uint64_t **in_at, size_t *r_at, uint32_t *nb, size_t w)
{
    const uint64_t me = b->first + v, *in = *in_at;
    size_t r = *r_at;
    size_t far = 0;
    for (uint32_t j = 1; j <= h; j++) { /* own rewired targets, in j order */
        uint64_t bit = (own >> (j - 1)) & 1;
        list[far] = b->out[r];
        far += bit;
        r += bit;
    }
    *r_at = r;
    list[far] = in[1]; /* the first incoming edge, if any (the sentinel's key is no agent's) */
    far += in[0] == v;
    in += in[0] == v ? 2 : 0;
    for (; in[0] == v; in += 2) {
        list[far++] = in[1];
    }
    *in_at = in;
    if (far <= 1) {
        uint64_t one = far ? list[0] : me;
        uint32_t x = local_index(b, one);
        size_t before = one < me, after = far - before;
        nb[w] = x;
        w += before;
        for (uint32_t j = h; j >= 1; j--) { /* lattice below: edge (v − j, v) owned by v − j */
            nb[w] = v - j;
            w += 1u - (unsigned)((from_below >> (j - 1)) & 1);
        }
        for (uint32_t j = 1; j <= h; j++) { /* lattice above: own edge (v, v + j) */
            nb[w] = v + j;
            w += 1u - (unsigned)((own >> (j - 1)) & 1);
        }
        nb[w] = x;
        return w + after;
    }
    for (size_t i = 1; i < far; i++) { /* insertion sort of the far ones */
        uint64_t x = list[i];
        size_t k = i;
        for (; k > 0 && list[k - 1] > x; k--) {
            list[k] = list[k - 1];
        }
        list[k] = x;
    }
    size_t kept = 0, below_me = 0;
    for (size_t i = 0; i < far; i++) {
        if (i == 0 || list[i] != list[kept - 1]) {
            list[kept++] = list[i];
        }
    }
    while (below_me < kept && list[below_me] < me) {
        nb[w++] = local_index(b, list[below_me++]);
    }
    for (uint32_t j = h; j >= 1; j--) {
        nb[w] = v - j;
        w += 1u - (unsigned)((from_below >> (j - 1)) & 1);
    }
    for (uint32_t j = 1; j <= h; j++) {
        nb[w] = v + j;
        w += 1u - (unsigned)((own >> (j - 1)) & 1);
    }
    for (size_t i = below_me; i < kept; i++) {
        nb[w++] = local_index(b, list[i]);
    }
    return w;
}

#if defined(__GNUC__)
#define NETWORK_ALWAYS_INLINE __attribute__((always_inline))
#else
#define NETWORK_ALWAYS_INLINE
#endif

/* write_csr's loop for half-degree h (a constant where write_csr calls it, so that the loops over
 * j unroll); returns 0, or −1 when the edge ends pass 2^32. Inner agents read their lattice from
 * hist, the own-edge masks of the h agents before them (agent v − j's at bits (j − 1)·h): edge
 * (v − j, v) is bit (j − 1)·(h + 1). That needs h·h ≤ 64, so for h > 8 every agent takes the
 * general way. */
static inline NETWORK_ALWAYS_INLINE int write_rows(build *b, const uint32_t h, uint64_t *list, size_t longest)
{
    /* A copy the CSR's stores cannot alias (they are uint32_t, like b->local): the compiler keeps
     * its fields in registers instead of reloading them after every store. */
    const build copy = *b, *cb = &copy;
    uint32_t *nb = b->neighbours, *offsets = b->offsets;
    const uint32_t local = b->local;
    const uint64_t *in = cb->in_pairs, *in_end = cb->in_pairs + 2 * cb->in_total;
    const uint64_t *rbits = cb->rbits;
    const uint64_t hmask = h >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << h) - 1;
    size_t w = 0, r = 0;
    uint32_t inner_end = local > 2 * (size_t)h && h <= 8 ? local - h : h; /* inner: [h, inner_end) */
    uint64_t hist = 0;
    for (uint32_t v = 0; v < local; v++) {
        offsets[v] = (uint32_t)w;
        if (v < h || v >= inner_end) {
            w = write_general(cb, v, list, &in, in_end, &r, nb, w);
        } else {
            size_t at = (size_t)v * h; /* own edges: bits at .. at + h − 1 of rbits */
            uint64_t own = rbits[at >> 6] >> (at & 63);
            if ((at & 63) + h > 64) own |= rbits[(at >> 6) + 1] << (64 - (at & 63));
            own &= hmask;
            uint64_t from_below = 0;
            for (uint32_t j = 1; j <= h; j++) {
                from_below |= ((hist >> ((j - 1) * (h + 1))) & 1) << (j - 1);
            }
            w = write_inner(cb, v, h, own, from_below, list, &in, &r, nb, w);
            hist = (hist << h) | own;
        }
        if (v + 1 == h && h <= 8) { /* the first inner agent's history: agents 0 .. h − 1 */
            for (uint32_t u = 0; u < h; u++) {
                uint64_t mine = 0;
                for (uint32_t j = 1; j <= h; j++) mine |= (uint64_t)bit_get(rbits, (size_t)u * h + j - 1) << (j - 1);
                hist = (hist << h) | mine;
            }
        }
        if (w > UINT32_MAX - 2 * (size_t)h - longest) {
            return -1;
        }
    }
    offsets[local] = (uint32_t)w;
    return 0;
}

/* Write every agent's list into the CSR: lattice below, own edges, incoming rewired edges, sorted
 * and deduplicated by global id, as local indices. Reads and writes are sequential, except the
 * ghost look-ups. An agent at least k/2 from both ends of the block (nearly all of them) takes a
 * shorter way that gives the same list: its lattice neighbours v − k/2 .. v + k/2 are local and in
 * order, and every other neighbour (a rewired target or source: the "far" ones, 0.8 per agent at
 * k = 8, beta = 0.1) lies outside that stretch (a rewired edge's ends are more than k/2 apart), so
 * only the far ones are sorted and deduplicated, then written before and after the lattice; the
 * lattice is written without a branch (each slot written, the cursor advanced when present). */
static aiecon_status write_csr(build *b, aiecon_error *err)
{
    uint32_t h = b->half;
    size_t longest = 0;
    for (size_t e = 0, run = 0; e < b->in_total; e++) { /* the most incoming edges of one agent */
        run = e > 0 && b->in_pairs[2 * e] == b->in_pairs[2 * e - 2] ? run + 1 : 1;
        longest = run > longest ? run : longest;
    }
    size_t bound = 2 * (size_t)h * b->local + b->in_total; /* before deduplication */
    uint64_t *list = memory_alloc_array(2 * (size_t)h + longest, sizeof *list);
    b->offsets = memory_alloc_hot((size_t)b->local + 1, sizeof *b->offsets);
    if (list == NULL || b->offsets == NULL) {
        free(list);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu edge ends", bound);
    }
    int rc;
    switch (h) { /* a copy of the loop for each usual half-degree */
    case 1: rc = write_rows(b, 1, list, longest); break;
    case 2: rc = write_rows(b, 2, list, longest); break;
    case 3: rc = write_rows(b, 3, list, longest); break;
    case 4: rc = write_rows(b, 4, list, longest); break;
    case 5: rc = write_rows(b, 5, list, longest); break;
    case 6: rc = write_rows(b, 6, list, longest); break;
    case 7: rc = write_rows(b, 7, list, longest); break;
    case 8: rc = write_rows(b, 8, list, longest); break;
    default: rc = write_rows(b, h, list, longest); break;
    }
    free(list);
    if (rc != 0) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: edge ends on rank %d exceed 2^32", b->rank);
    }
    return AIECON_OK;
}

aiecon_status network_assemble(build *b, network *net, aiecon_error *err)
{
    aiecon_status s = gather_incoming(b, err);
    if (s == AIECON_OK) s = collect_ghosts(b, err);
    if (s == AIECON_OK) s = make_directory(b, err);
    if (s == AIECON_OK) s = write_csr(b, err);
    if (s != AIECON_OK) return s;
    net->part = b->part;
    net->first = b->first;
    net->local = b->local;
    net->ghosts = (uint32_t)b->ghosts;
    net->offsets = b->offsets;
    net->neighbours = b->neighbours;
    net->ghost_ids = b->ghost_ids;
    b->offsets = NULL;
    b->neighbours = NULL;
    b->ghost_ids = NULL;
    return AIECON_OK;
}

