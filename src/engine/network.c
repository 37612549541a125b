/* network.c — distributed Watts–Strogatz graph, the same at any rank count (see network.h).
 *
 * Each rank draws the rewiring of the lattice edges its agents own, keyed by (seed, purpose,
 * agent, j), so no draw depends on the partition. A rewired edge (i, i+j) becomes (i, t) with t
 * uniform over the n-k-1 agents outside i's lattice neighbourhood, mapped directly from one
 * uniform integer (t = i + k/2 + 1 + u mod n), so there is no rejection loop. Every list is sorted
 * and deduplicated by global id: the graph is simple and undirected, identical at any rank count.
 *
 * How it is built (the draws and the exchange here, the rest in network_assemble.c), lean: only
 * the rewired edges (a share beta of them) are ever held as pairs; the lattice is implicit. One
 * pass draws each owned edge once (one Philox call: 16 at a time in AVX-512 registers where the
 * CPU has them, chosen at run time, else 64 at a time in a loop GCC vectorises) and keeps one bit
 * per edge (rewired or not) and, for the rewired ones, the target and the source; the reverse half
 * of every rewired edge that ends on another rank travels to its owner in one MPI_Alltoallv of
 * (agent, source) pairs; the rewired edges ending here become (target, source) pairs,
 * radix-sorted by target; the ghosts are the remote ends of those and of the lattice edges that
 * cross the block's two ends (their presence is one more draw, for (k/2)² edges at most),
 * radix-sorted too, with a directory for look-ups; a last pass writes each agent's list straight
 * into the CSR with 32-bit indices: the lattice below, its own edges, its incoming rewired edges,
 * sorted and deduplicated. Every pass is sequential but the ghost look-ups, and the passes after
 * the draws walk the rewired edges (0.4 per agent at k = 8, beta = 0.1), not every edge's bit.
 * Why: the old build held every edge end as a 64-bit id up to three times (2.4 × the steady state
 * at the peak) and binned the reverse edges with a random write each; this one holds the CSR plus
 * about k/16 + 14·k·beta bytes per agent of temporaries (the bits; 12 bytes per rewired edge for
 * its target and source; 16 per incoming pair; the sorts' scratch lies in the CSR's own array
 * before it is written), on huge-page mappings like the CSR. Cost: O(local·k) time, one Philox
 * call per owned edge, one MPI_Alltoall of P ints plus one MPI_Alltoallv of the cut rewired edges;
 * at 1e7 agents on one core the kernel's zeroing of the pages touched (≈ 48 bytes per agent) is
 * 40 % of it (docs/PERFORMANCE.md). Arrays are reserved at their upper bound as address space and
 * touched only as far as they are used (the rewired targets and sources, the CSR neighbours:
 * deduplication only shrinks them), so the resident memory is what is used.
 * Failures (bad parameters, memory, 32-bit or int overflow) are agreed over the communicator with
 * parallel_agree() before every collective, so no rank is left waiting. */
#include "aiecon/engine/network.h"
#include "aiecon/engine/memory.h"
#include "network_internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/parallel.h"

static void build_free(build *b)
{
    memory_free_hot(b->rbits);
    memory_free_hot(b->out);
    memory_free_hot(b->src);
    memory_free_hot(b->in_pairs);
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
    b->src[*r] = v;
    b->out[(*r)++] = t;
    if (is_local(b, t)) {
        b->local_in++;
    } else {
        tally[partition_owner(b->part, t)]++;
    }
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define NETWORK_DRAW_AVX512 1
#include <immintrin.h>

/* The 32 × 32 → 64-bit products of 16 lanes by m, as (high words, low words). AVX-512 multiplies
 * the even lanes at a time (vpmuludq), so the odd lanes go through a shift. */
__attribute__((target("avx512f"))) static inline void mul_hi_lo(__m512i x, __m512i m, __m512i *hi, __m512i *lo)
{
    __m512i even = _mm512_mul_epu32(x, m), odd = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), m);
    *hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
    *lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
}

/* draw_edges' loop for CPUs with AVX-512 (chosen at run time): 16 edges at a time, Philox4x32-10
 * in registers (the same bits as Random123's philox4x32), the rewiring decision as one unsigned
 * compare of word 0 against threshold (rng_unit(w) < beta exactly when w < ceil(beta · 2^32)),
 * the 16 decisions stored as 16 bits of rbits at once (edge e = v·half + j − 1 is bit e), and
 * only the rewired lanes (10 % at beta = 0.1) handled one by one. The counters (g low, g high, j)
 * of lane l advance by 16 edges per block: j by 16 mod half, g by 16 div half and the carry. */
__attribute__((target("avx512f"))) static size_t draw_avx512(build *into, size_t *tally, uint64_t threshold,
                                                             uint64_t allowed)
{
    build copy = *into, *b = &copy; /* the stores to out and src cannot alias a local copy's fields */
    const uint32_t half = b->half;
    const size_t owned = (size_t)b->local * half;
    uint32_t lo[16], hi[16], jj[16], w1[16], w2[16];
    for (uint32_t l = 0; l < 16; l++) {
        uint64_t g = b->first + l / half;
        lo[l] = (uint32_t)g;
        hi[l] = (uint32_t)(g >> 32);
        jj[l] = l % half + 1;
    }
    __m512i LO = _mm512_loadu_si512(lo), HI = _mm512_loadu_si512(hi), J = _mm512_loadu_si512(jj);
    const __m512i step_j = _mm512_set1_epi32((int)(16 % half)), step_g = _mm512_set1_epi32((int)(16 / half));
    const __m512i halfv = _mm512_set1_epi32((int)half), one = _mm512_set1_epi32(1);
    const __m512i m0 = _mm512_set1_epi32((int)UINT32_C(0xD2511F53)), m1 = _mm512_set1_epi32((int)UINT32_C(0xCD9E8D57));
    const __m512i thr = _mm512_set1_epi32((int)(uint32_t)threshold); /* threshold ≤ 2^32 */
    __m512i k0[10], k1[10];
    uint32_t key0 = b->p->seed, key1 = (uint32_t)b->p->purpose;
    for (int round = 0; round < 10; round++) {
        k0[round] = _mm512_set1_epi32((int)key0);
        k1[round] = _mm512_set1_epi32((int)key1);
        key0 += UINT32_C(0x9E3779B9);
        key1 += UINT32_C(0xBB67AE85);
    }
    uint16_t *bits16 = (uint16_t *)(void *)b->rbits; /* x86 is little-endian: bit e is bit e % 16 of word e / 16 */
    size_t r = 0;
    for (size_t e0 = 0; e0 < owned; e0 += 16) {
        __m512i A = LO, B = HI, C = J, D = _mm512_setzero_si512();
        for (int round = 0; round < 10; round++) {
            __m512i hi0, lo0, hi1, lo1;
            mul_hi_lo(A, m0, &hi0, &lo0);
            mul_hi_lo(C, m1, &hi1, &lo1);
            A = _mm512_xor_si512(_mm512_xor_si512(hi1, B), k0[round]);
            C = _mm512_xor_si512(_mm512_xor_si512(hi0, D), k1[round]);
            B = lo1;
            D = lo0;
        }
        __mmask16 rewired = threshold > UINT32_MAX ? (__mmask16)0xFFFF : _mm512_cmplt_epu32_mask(A, thr);
        if (owned - e0 < 16) rewired &= (__mmask16)((1u << (owned - e0)) - 1);
        bits16[e0 / 16] = rewired;
        if (rewired) {
            _mm512_storeu_si512(lo, LO);
            _mm512_storeu_si512(hi, HI);
            _mm512_storeu_si512(jj, J);
            _mm512_storeu_si512(w1, B);
            _mm512_storeu_si512(w2, C);
            for (unsigned m = rewired; m != 0; m &= m - 1) {
                int l = __builtin_ctz(m);
                uint32_t v = (uint32_t)((((uint64_t)hi[l] << 32) | lo[l]) - b->first);
                record_edge(b, tally, v, jj[l], half + 1 + rng_below(w1[l], w2[l], allowed), &r);
            }
        }
        J = _mm512_add_epi32(J, step_j);
        __mmask16 wrap = _mm512_cmpgt_epu32_mask(J, halfv);
        J = _mm512_mask_sub_epi32(J, wrap, J, halfv);
        __m512i add = _mm512_mask_add_epi32(step_g, wrap, step_g, one);
        __m512i lo_new = _mm512_add_epi32(LO, add);
        __mmask16 carry = _mm512_cmplt_epu32_mask(lo_new, LO);
        HI = _mm512_mask_add_epi32(HI, carry, HI, one);
        LO = lo_new;
    }
    into->local_in = copy.local_in; /* the one field record_edge changes */
    return r;
}
#endif

/* Draw every owned edge once: the rewired bits, the rewired targets, the count of those that end
 * here and the pairs bound for each rank (in send_counts). No random access: targets are only
 * appended (the old build's per-target counters missed the cache on every rewired edge). The
 * draws go DRAW_LANES at a time through philox_lanes, then are read in (v, j) order exactly as
 * edge_offset reads one. */
static aiecon_status draw_edges(build *b, aiecon_error *err)
{
    size_t owned = (size_t)b->local * b->half;
    b->rbits = memory_alloc_hot(owned / 64 + 2, sizeof *b->rbits); /* zero: a fresh mapping */
    b->out = memory_alloc_hot(owned + 1, sizeof *b->out); /* + 1: write_csr reads one past the end */
    b->src = memory_alloc_hot(owned + 1, sizeof *b->src);
    b->send_counts = calloc((size_t)b->ranks, sizeof(int));
    b->send_displs = calloc((size_t)b->ranks, sizeof(int));
    b->recv_counts = calloc((size_t)b->ranks, sizeof(int));
    b->recv_displs = calloc((size_t)b->ranks, sizeof(int));
    size_t *tally = calloc((size_t)b->ranks, sizeof *tally);
    if (!b->rbits || !b->out || !b->src || !b->send_counts || !b->send_displs || !b->recv_counts
        || !b->recv_displs || !tally) {
        free(tally);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu edges", owned);
    }
    const network_params *p = b->p;
    uint64_t allowed = b->n - p->degree - 1;
    size_t r = 0;
#ifdef NETWORK_DRAW_AVX512
    uint64_t threshold = (uint64_t)ceil(p->rewire * 4294967296.0); /* w < this ⇔ rng_unit(w) < rewire */
    if (p->rewire > 0.0 && allowed > 0 && __builtin_cpu_supports("avx512f")) {
        r = draw_avx512(b, tally, threshold, allowed);
    } else
#endif
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
    for (size_t r = 0; r < b->rewired; r++) {
        uint64_t t = b->out[r];
        if (!is_local(b, t)) {
            size_t at = (size_t)b->recv_displs[partition_owner(b->part, t)]++;
            b->send[2 * at] = t;
            b->send[2 * at + 1] = b->first + b->src[r];
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
        s = parallel_agree(comm, network_assemble(&b, net, err), err);
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
