/* network.c — distributed Watts–Strogatz graph, the same at any rank count (see network.h).
 *
 * Each rank draws the rewiring of the lattice edges its agents own, keyed by (seed, purpose,
 * agent, j), so no draw depends on the partition. A rewired edge (i, i+j) becomes (i, t) with t
 * uniform over the n-k-1 agents outside i's lattice neighbourhood, mapped directly from one
 * uniform integer (t = i + k/2 + 1 + u mod n), so there is no rejection loop. Every list is sorted
 * and deduplicated by global id: the graph is simple and undirected, identical at any rank count.
 *
 * How it is built, lean: only the rewired edges (a share beta of them) are ever held as pairs; the
 * lattice is implicit. One pass draws each owned edge once (one Philox call; 64 calls at a time,
 * vectorised) and keeps one bit per edge (rewired or not) and the targets of the rewired ones; the
 * reverse half of every rewired edge that ends on another rank travels to its owner in one
 * MPI_Alltoallv of (agent, source) pairs; the rewired edges ending here become (target, source)
 * pairs, radix-sorted by target; the ghosts are the remote ends of those and of the lattice edges
 * that cross the block's two ends (their presence is one more draw, for (k/2)² edges at most),
 * radix-sorted too, with a directory for look-ups; a last pass writes each agent's list straight
 * into the CSR with 32-bit indices: the lattice below, its own edges, its incoming rewired edges,
 * sorted and deduplicated. Every pass is sequential but the ghost look-ups.
 * Why: the old build held every edge end as a 64-bit id up to three times (2.4 × the steady state
 * at the peak) and binned the reverse edges with a random write each; this one holds the CSR plus
 * about 0.5 + 12·k·beta bytes per agent of temporaries (the bits, the rewired targets, the pairs
 * and their sort buffer, the ghost candidates). Cost: O(local·k) time, one Philox call per owned
 * edge, one MPI_Alltoall of P ints plus one MPI_Alltoallv of the cut rewired edges. Two arrays are
 * reserved at their upper bound as address space and touched only as far as they are used: the
 * rewired targets (8 · k/2 bytes per agent of address space) and the CSR neighbours
 * (deduplication only shrinks them), so the resident memory is what is used.
 * Failures (bad parameters, memory, 32-bit or int overflow) are agreed over the communicator with
 * parallel_agree() before every collective, so no rank is left waiting. */
#include "aiecon/engine/network.h"
#include "aiecon/engine/memory.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/parallel.h"

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
    uint32_t *neighbours; /* the CSR neighbour array (hot), handed to the network */
} build;

static void build_free(build *b)
{
    free(b->rbits);
    memory_free_hot(b->out);
    free(b->in_pairs);
    memory_free_hot(b->offsets);
    free(b->send_counts);
    free(b->send_displs);
    free(b->recv_counts);
    free(b->recv_displs);
    free(b->send);
    free(b->recv);
    free(b->ghost_ids);
    free(b->directory);
    memory_free_hot(b->neighbours);
    memset(b, 0, sizeof *b);
}

/* Parameter checks; identical on every rank for identical parameters. */
static aiecon_status check_params(const network_params *p, int ranks, aiecon_error *err)
{
    if (p->degree < 2 || p->degree % 2 != 0) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "network: degree %u must be even and at least 2",
                           (unsigned)p->degree);
    }
    if ((uint64_t)p->degree >= p->agents) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "network: degree %u must be below the agent count %llu",
                           (unsigned)p->degree, (unsigned long long)p->agents);
    }
    if (!(p->rewire >= 0.0 && p->rewire <= 1.0)) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "network: rewiring probability %g is not in [0, 1]",
                           p->rewire);
    }
    if (p->agents > (UINT64_C(1) << 62)) {
        return aiecon_fail(err, AIECON_ERR_INPUT, "network: %llu agents exceed 2^62",
                           (unsigned long long)p->agents);
    }
    partition part = {p->agents, ranks};
    if (partition_count(part, 0) > UINT32_MAX) {
        return aiecon_fail(err, AIECON_ERR_INPUT,
                           "network: %llu agents over %d ranks exceed 2^32 agents per rank: use more ranks",
                           (unsigned long long)p->agents, ranks);
    }
    return AIECON_OK;
}

/* The offset of lattice edge (i, i+j) after the rewiring draw: j when kept, in [k/2+1, n-k/2-1]
 * when rewired (so off > k/2 means rewired). */
static uint64_t edge_offset(const network_params *p, uint64_t i, uint32_t j)
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

enum { DRAW_LANES = 64 }; /* Philox calls computed together */

/* Philox4x32-10 (Random123's philox4x32, bit for bit) of DRAW_LANES counters (lo[l], hi[l], j[l],
 * 0) under key (seed, purpose), words 0–2 of each: written lane by lane so that the compiler
 * vectorises the 32 × 32 → 64-bit products, with a clone per instruction set chosen at load time
 * (the same bits on every CPU: integer arithmetic only). One call per edge is the build's floor. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static void philox_lanes(const uint32_t *lo, const uint32_t *hi, const uint32_t *jj, uint32_t seed,
                         uint32_t purpose, uint32_t *w0, uint32_t *w1, uint32_t *w2)
{
    uint32_t a[DRAW_LANES], b[DRAW_LANES], c[DRAW_LANES], d[DRAW_LANES];
    for (int l = 0; l < DRAW_LANES; l++) {
        a[l] = lo[l];
        b[l] = hi[l];
        c[l] = jj[l];
        d[l] = 0;
    }
    uint32_t k0 = seed, k1 = purpose;
    for (int round = 0; round < 10; round++) {
        for (int l = 0; l < DRAW_LANES; l++) {
            uint64_t p0 = (uint64_t)UINT32_C(0xD2511F53) * a[l], p1 = (uint64_t)UINT32_C(0xCD9E8D57) * c[l];
            uint32_t na = (uint32_t)(p1 >> 32) ^ b[l] ^ k0, nc = (uint32_t)(p0 >> 32) ^ d[l] ^ k1;
            b[l] = (uint32_t)p1;
            d[l] = (uint32_t)p0;
            a[l] = na;
            c[l] = nc;
        }
        k0 += UINT32_C(0x9E3779B9);
        k1 += UINT32_C(0xBB67AE85);
    }
    for (int l = 0; l < DRAW_LANES; l++) {
        w0[l] = a[l];
        w1[l] = b[l];
        w2[l] = c[l];
    }
}

/* Record the outcome of owned edge (v, j) whose offset is off (see edge_offset). */
static inline void record_edge(build *b, size_t *tally, uint32_t v, uint32_t j, uint64_t off, size_t *r)
{
    if (off <= b->half) return;
    size_t bit = (size_t)v * b->half + j - 1;
    b->rbits[bit >> 6] |= UINT64_C(1) << (bit & 63);
    uint64_t t = ring_add(b->n, b->first + v, off);
    b->out[(*r)++] = t;
    if (is_local(b, t)) {
        b->local_in++;
    } else {
        tally[partition_owner(b->part, t)]++;
    }
}

/* Draw every owned edge once: the rewired bits, the rewired targets, the count of those that end
 * here and the pairs bound for each rank (in send_counts). No random access: targets are only
 * appended (the old build's per-target counters missed the cache on every rewired edge). The
 * draws go DRAW_LANES at a time through philox_lanes, then are read in (v, j) order exactly as
 * edge_offset reads one. */
static aiecon_status draw_edges(build *b, aiecon_error *err)
{
    size_t owned = (size_t)b->local * b->half;
    b->rbits = calloc(owned / 64 + 1, sizeof *b->rbits);
    b->out = memory_alloc_hot(owned, sizeof *b->out);
    b->send_counts = calloc((size_t)b->ranks, sizeof(int));
    b->send_displs = calloc((size_t)b->ranks, sizeof(int));
    b->recv_counts = calloc((size_t)b->ranks, sizeof(int));
    b->recv_displs = calloc((size_t)b->ranks, sizeof(int));
    size_t *tally = calloc((size_t)b->ranks, sizeof *tally);
    if (!b->rbits || !b->out || !b->send_counts || !b->send_displs || !b->recv_counts
        || !b->recv_displs || !tally) {
        free(tally);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu edges", owned);
    }
    const network_params *p = b->p;
    uint64_t allowed = b->n - p->degree - 1;
    size_t r = 0;
    if (p->rewire > 0.0 && allowed > 0) {
        uint32_t lo[DRAW_LANES], hi[DRAW_LANES], jj[DRAW_LANES], w0[DRAW_LANES], w1[DRAW_LANES], w2[DRAW_LANES];
        uint32_t lv[DRAW_LANES];
        uint32_t v = 0, j = 1; /* the next edge to draw */
        while (v < b->local) {
            int lanes = 0;
            for (; lanes < DRAW_LANES && v < b->local; lanes++) {
                uint64_t g = b->first + v;
                lv[lanes] = v;
                lo[lanes] = (uint32_t)g;
                hi[lanes] = (uint32_t)(g >> 32);
                jj[lanes] = j;
                if (++j > b->half) {
                    j = 1;
                    v++;
                }
            }
            for (int l = lanes; l < DRAW_LANES; l++) {
                lo[l] = hi[l] = jj[l] = 0; /* unused lanes */
            }
            philox_lanes(lo, hi, jj, p->seed, (uint32_t)p->purpose, w0, w1, w2);
            for (int l = 0; l < lanes; l++) {
                uint64_t off = rng_unit(w0[l]) < p->rewire ? b->half + 1 + rng_below(w1[l], w2[l], allowed)
                                                           : jj[l];
                record_edge(b, tally, lv[l], jj[l], off, &r);
            }
        }
    }
    b->rewired = r;
    size_t total = 0;
    for (int q = 0; q < b->ranks; q++) {
        b->send_displs[q] = (int)total;
        b->send_counts[q] = (int)tally[q];
        total += tally[q];
        if (total > INT_MAX) {
            free(tally);
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: more than 2^31 cut edges on rank %d",
                               b->rank);
        }
    }
    free(tally);
    b->send_total = total;
    return AIECON_OK;
}

/* Pack the reverse half (t, i) of every cut rewired edge, grouped by the owner of t. */
static aiecon_status pack_sends(build *b, aiecon_error *err)
{
    b->send = memory_alloc_array(2 * b->send_total, sizeof *b->send);
    if (b->send == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu cut edges",
                           b->send_total);
    }
    memcpy(b->recv_displs, b->send_displs, (size_t)b->ranks * sizeof(int)); /* cursor, reset later */
    size_t r = 0;
    for (uint32_t v = 0; v < b->local; v++) {
        for (uint32_t j = 0; j < b->half; j++) {
            if (bit_get(b->rbits, (size_t)v * b->half + j)) {
                uint64_t t = b->out[r++];
                if (!is_local(b, t)) {
                    size_t at = (size_t)b->recv_displs[partition_owner(b->part, t)]++;
                    b->send[2 * at] = t;
                    b->send[2 * at + 1] = b->first + v;
                }
            }
        }
    }
    return AIECON_OK;
}

/* Size the receive side after the count exchange. */
static aiecon_status size_recvs(build *b, aiecon_error *err)
{
    size_t total = 0;
    for (int r = 0; r < b->ranks; r++) {
        b->recv_displs[r] = (int)total;
        total += (size_t)b->recv_counts[r];
        if (total > INT_MAX) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: more than 2^31 incoming edges on rank %d",
                               b->rank);
        }
    }
    b->recv_total = total;
    b->recv = memory_alloc_array(2 * total, sizeof *b->recv);
    if (b->recv == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu incoming edges", total);
    }
    return AIECON_OK;
}

/* Send the cut edges to their owners (counts were exchanged before). Collective; frees the send side. */
static void exchange_pairs(build *b, MPI_Comm comm)
{
    MPI_Datatype pair;
    MPI_Type_contiguous(2, MPI_UINT64_T, &pair);
    MPI_Type_commit(&pair);
    MPI_Alltoallv(b->send, b->send_counts, b->send_displs, pair, b->recv, b->recv_counts, b->recv_displs,
                  pair, comm);
    MPI_Type_free(&pair);
    free(b->send);
    b->send = NULL;
}

/* Sort records of `words` 64-bit words by their first word, all keys below limit: LSD radix sort
 * by 11-bit digits (3 passes for 2^33 keys; 2048 buckets keep the scatter in cache), through tmp
 * of the same length; the result is in a. */
static void radix_sort(uint64_t *a, uint64_t *tmp, size_t len, size_t words, uint64_t limit)
{
    enum { BITS = 11, BUCKETS = 1 << BITS };
    size_t count[BUCKETS];
    uint64_t *from = a, *to = tmp;
    for (unsigned shift = 0; shift < 64 && limit > 1 && (limit - 1) >> shift != 0; shift += BITS) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < len; i++) {
            count[(from[i * words] >> shift) & (BUCKETS - 1)]++;
        }
        size_t sum = 0;
        for (size_t d = 0; d < BUCKETS; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < len; i++) {
            size_t at = count[(from[i * words] >> shift) & (BUCKETS - 1)]++;
            memcpy(to + at * words, from + i * words, words * sizeof *to);
        }
        uint64_t *t = from;
        from = to;
        to = t;
    }
    if (from != a) {
        memcpy(a, from, len * words * sizeof *a);
    }
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
    uint64_t *pairs = b->in_pairs = memory_alloc_array(2 * total, sizeof *pairs);
    if (pairs == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu incoming edges", total);
    }
    size_t r = 0, w = 0;
    for (uint32_t v = 0; v < b->local; v++) {
        for (uint32_t j = 0; j < b->half; j++) {
            if (bit_get(b->rbits, (size_t)v * b->half + j)) {
                uint64_t t = b->out[r++];
                if (is_local(b, t)) {
                    pairs[2 * w] = t - b->first;
                    pairs[2 * w + 1] = b->first + v;
                    w++;
                }
            }
        }
    }
    for (size_t e = 0; e < b->recv_total; e++, w++) {
        pairs[2 * w] = b->recv[2 * e] - b->first;
        pairs[2 * w + 1] = b->recv[2 * e + 1];
    }
    free(b->recv);
    b->recv = NULL;
    b->in_total = total;
    uint64_t *tmp = memory_alloc_array(2 * total, sizeof *tmp);
    if (tmp == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu incoming edges", total);
    }
    radix_sort(pairs, tmp, total, 2, (uint64_t)b->local);
    free(tmp);
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
    uint64_t *tmp = memory_alloc_array(g, sizeof *tmp);
    if (tmp == NULL) {
        free(ids);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu ghost references", g);
    }
    radix_sort(ids, tmp, g, 1, b->n);
    free(tmp);
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

/* Write every agent's list into the CSR: lattice below, own edges, incoming rewired edges, sorted
 * and deduplicated by global id, as local indices. Reads and writes are sequential, except the
 * ghost look-ups. */
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
    b->neighbours = memory_alloc_hot(bound, sizeof *b->neighbours);
    if (list == NULL || b->offsets == NULL || b->neighbours == NULL) {
        free(list);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu edge ends", bound);
    }
    uint32_t *nb = b->neighbours;
    const uint64_t *in = b->in_pairs, *in_end = b->in_pairs + 2 * b->in_total;
    size_t w = 0, r = 0;
    for (uint32_t v = 0; v < b->local; v++) {
        uint64_t me = b->first + v;
        size_t len = 0;
        for (uint32_t j = h; j >= 1; j--) {
            uint64_t u = ring_add(b->n, me, b->n - j);
            if (!lattice_rewired(b, v, u, j)) list[len++] = u;
        }
        for (uint32_t j = 1; j <= h; j++) {
            list[len++] = bit_get(b->rbits, (size_t)v * h + j - 1) ? b->out[r++] : ring_add(b->n, me, j);
        }
        for (; in < in_end && in[0] == v; in += 2) {
            list[len++] = in[1];
        }
        for (size_t i = 1; i < len; i++) { /* insertion sort: the lists are short and nearly sorted */
            uint64_t x = list[i];
            size_t k = i;
            for (; k > 0 && list[k - 1] > x; k--) {
                list[k] = list[k - 1];
            }
            list[k] = x;
        }
        b->offsets[v] = (uint32_t)w;
        for (size_t i = 0; i < len; i++) {
            if (i == 0 || list[i] != list[i - 1]) {
                nb[w++] = local_index(b, list[i]);
            }
        }
        if (w > UINT32_MAX - 2 * (size_t)h - longest) {
            free(list);
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: edge ends on rank %d exceed 2^32", b->rank);
        }
    }
    b->offsets[b->local] = (uint32_t)w;
    free(list);
    return AIECON_OK;
}

/* The steps after the pair exchange; all local, agreed once by the caller. On success net owns
 * the CSR arrays and the ghosts. */
static aiecon_status assemble(build *b, network *net, aiecon_error *err)
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

aiecon_status network_build(const network_params *params, MPI_Comm comm, network *net, aiecon_error *err)
{
    memset(net, 0, sizeof *net);
    build b;
    memset(&b, 0, sizeof b);
    b.p = params;
    MPI_Comm_rank(comm, &b.rank);
    MPI_Comm_size(comm, &b.ranks);
    aiecon_status s = parallel_agree(comm, check_params(params, b.ranks, err), err);
    if (s != AIECON_OK) {
        return s;
    }
    b.part = (partition){params->agents, b.ranks};
    b.n = params->agents;
    b.first = partition_first(b.part, b.rank);
    b.local = (uint32_t)partition_count(b.part, b.rank);
    b.half = params->degree / 2;
    s = draw_edges(&b, err);
    if (s == AIECON_OK) {
        s = pack_sends(&b, err);
    }
    s = parallel_agree(comm, s, err);
    if (s == AIECON_OK) {
        MPI_Alltoall(b.send_counts, 1, MPI_INT, b.recv_counts, 1, MPI_INT, comm);
        s = parallel_agree(comm, size_recvs(&b, err), err);
    }
    if (s == AIECON_OK) {
        exchange_pairs(&b, comm);
        s = parallel_agree(comm, assemble(&b, net, err), err);
    }
    build_free(&b);
    if (s != AIECON_OK) {
        network_free(net);
    }
    return s;
}

/* A strong 64-bit mixer (splitmix64's finaliser). */
static uint64_t mix64(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

uint64_t network_hash(const network *net, MPI_Comm comm)
{
    uint64_t sum = 0;
    for (uint32_t v = 0; v < net->local; v++) {
        uint64_t i = net->first + v, hi = mix64(i);
        for (uint32_t e = net->offsets[v]; e < net->offsets[v + 1]; e++) {
            uint64_t g = network_global_id(net, net->neighbours[e]);
            if (i < g) {
                sum += mix64(hi ^ mix64(g ^ UINT64_C(0x5851F42D4C957F2D))); /* wraps mod 2^64 */
            }
        }
    }
    uint64_t total = 0;
    MPI_Allreduce(&sum, &total, 1, MPI_UINT64_T, MPI_SUM, comm);
    return total;
}

double network_bytes_per_agent(const network *net)
{
    if (net->local == 0 || net->offsets == NULL) {
        return 0.0; /* nothing held per agent where no agent is held */
    }
    double bytes = ((double)net->local + 1) * sizeof *net->offsets
                   + (double)net->offsets[net->local] * sizeof *net->neighbours
                   + (double)net->ghosts * sizeof *net->ghost_ids;
    return bytes / net->local;
}

void network_free(network *net)
{
    if (net == NULL) {
        return;
    }
    memory_free_hot(net->offsets);
    memory_free_hot(net->neighbours);
    free(net->ghost_ids);
    memset(net, 0, sizeof *net);
}
