/* households.c — the household population and its Bass adoption step (see households.h).
 *
 * Structure of arrays: one byte of adoption state per agent, double-buffered (current state with
 * ghost slots, next state), and a 32-bit integer weight. Regions are contiguous ranges of global
 * ids, so the loop runs region by region over plain index ranges with the region's tallies in
 * local variables — no per-agent region byte, no scattered writes.
 *
 * The adoption draw: Philox4x32 gives four 32-bit words per call, so the stream of agent g at step
 * t is word (g mod 4) of the call with counter (g / 4, t): one call serves four consecutive agents
 * and the result is still a pure function of (seed, g, t) — identical at any rank count. Agents that
 * have adopted skip the neighbour scan and the draw (adoption is permanent in the Bass model).
 * The draws are computed 16 calls (64 agents) at a time, in AVX-512 registers where the CPU has
 * them (the same bits as rng_words), when one of those agents needs its draw.
 * The neighbour count reads the state packed one bit per slot (adopted_bits, packed at each step's
 * start: 1/8 of the bytes, so the random reads of rewired neighbours stay in cache), and the
 * neighbours split as the network builds them: the ring window v − k/2 .. v + k/2 as a mask (one
 * 32-bit word per agent, `ring`), counted by one popcount of the packed state, and only the other
 * ("far", rewired) neighbours listed (`far`); the CSR is read only for the k agents at the block's
 * two ends (issue 19: each lever measured in docs/PERFORMANCE.md). The count is the same integer
 * as the CSR's, so the output is unchanged.
 * Cost per non-adopted agent: one ring word, a popcount, one bit read per far neighbour (0.8 at
 * k = 8, beta = 0.1), a quarter Philox call (1/64 of a 16-lane one), a few flops. Memory: 2 bytes of state per local or
 * ghost slot, 1/8 byte of packed state, 4 bytes of weight, 4 of ring word and 4 per far neighbour
 * per agent (Bass scenarios; the economy's households do not build the split). */
#include "aiecon/models/economy/populations/households.h"
#include "aiecon/engine/memory.h"
#include "aiecon/engine/reduce.h"

#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/rng.h"

/* Global id ranges of the scenario's regions: region r holds [first[r], first[r+1]). */
static void region_bounds(const scenario *s, uint64_t *first)
{
    first[0] = 0;
    for (unsigned r = 0; r < s->region_count; r++) {
        first[r + 1] = first[r] + s->regions[r].household_agents;
    }
}

enum { RING_CSR = 1u << 31, RING_FAR_SHIFT = 16, RING_MASK = 0xFFFFu, RING_FAR_MOST = 0x7FFF };

/* The split of each agent's neighbours into its ring window and the rest (see `ring` in
 * households.h), from the CSR: agent v with half ≤ v < local − half (its ring window local) and
 * 2·half + 1 ≤ 16 has every neighbour with a local index in [v − half, v + half] in the window's
 * mask (in the CSR those are exactly its remaining lattice neighbours: a rewired edge's ends are
 * more than half apart) and the others in `far`; every other agent (the block's ends, k > 14)
 * reads the CSR. Allocates ring and far (owned by h). */
static aiecon_status split_ring(households *h, const network *net, uint32_t half, aiecon_error *err)
{
    h->half = half;
    h->ring = malloc((h->local ? h->local : 1) * sizeof *h->ring);
    if (h->ring == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "households: out of memory for %u agents", h->local);
    }
    size_t far = 0;
    for (int pass = 0; pass < 2; pass++) { /* count, then fill */
        far = 0;
        for (uint32_t v = 0; v < h->local; v++) {
            uint32_t e0 = net->offsets[v], e1 = net->offsets[v + 1], mask = 0, n = 0;
            int inner = 2 * half + 1 <= 16 && v >= half && (uint64_t)v + half < h->local;
            for (uint32_t e = e0; inner && e < e1; e++) {
                uint32_t u = net->neighbours[e];
                if (u < h->local && u + half >= v && u <= v + half) {
                    mask |= 1u << (u + half - v);
                } else {
                    if (pass == 1) h->far[far + n] = u;
                    n++;
                }
            }
            if (!inner || n > RING_FAR_MOST) {
                h->ring[v] = RING_CSR;
                continue;
            }
            h->ring[v] = mask | n << RING_FAR_SHIFT;
            far += n;
        }
        if (pass == 0) {
            h->far = malloc((far + 1) * sizeof *h->far); /* + 1: read ahead, never used */
            if (h->far == NULL) {
                return aiecon_fail(err, AIECON_ERR_RUNTIME, "households: out of memory for %zu neighbours", far);
            }
            h->far[far] = 0;
        }
    }
    return AIECON_OK;
}

aiecon_status households_create(const scenario *s, const network *net, households *h, aiecon_error *err)
{
    memset(h, 0, sizeof *h);
    h->first = net->first;
    h->local = net->local;
    h->ghosts = net->ghosts;
    h->regions = s->region_count;
    size_t slots = (size_t)net->local + net->ghosts;
    h->adopted = memory_alloc_hot(slots, 1);   /* read at random through the neighbours */
    h->adopted_next = memory_alloc_hot(slots, 1);
    h->adopted_bits = memory_alloc_hot(slots / 64 + 2, sizeof *h->adopted_bits); /* + 1: window reads */
    h->weight = malloc((net->local ? net->local : 1) * sizeof *h->weight);
    if (h->adopted == NULL || h->adopted_next == NULL || h->adopted_bits == NULL || h->weight == NULL) {
        households_free(h);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "households: out of memory for %u agents", net->local);
    }
    aiecon_status rc = split_ring(h, net, s->households.network.degree / 2, err);
    if (rc != AIECON_OK) {
        households_free(h);
        return rc;
    }
    uint64_t first[SCENARIO_MAX_REGIONS + 1];
    region_bounds(s, first);
    uint64_t end_global = h->first + h->local;
    uint32_t threshold_init = s->households.initial_adopted >= 1.0 ? UINT32_MAX
                              : (uint32_t)(s->households.initial_adopted * 4294967296.0);
    for (unsigned r = 0; r < s->region_count; r++) {
        uint64_t lo = first[r] > h->first ? first[r] : h->first;
        uint64_t hi = first[r + 1] < end_global ? first[r + 1] : end_global;
        h->region_end[r] = (uint32_t)((hi > h->first ? hi : h->first) - h->first);
        const scenario_region *reg = &s->regions[r];
        uint64_t base = reg->households / reg->household_agents;
        uint64_t extra = reg->households % reg->household_agents; /* first `extra` agents get one more */
        for (uint64_t g = lo; g < hi; g++) {
            uint64_t in_region = g - first[r];
            h->weight[g - h->first] = (uint32_t)(base + (in_region < extra ? 1 : 0));
            philox4x32_ctr_t w = rng_words(s->run.seed, RNG_PURPOSE_HOUSEHOLD_INIT, g, 0, 0);
            h->adopted[g - h->first] = s->households.initial_adopted > 0.0 && w.v[0] <= threshold_init;
        }
    }
    size_t far_at = 0;
    for (unsigned r = 0, v = 0; r < s->region_count; r++) { /* where each region's far neighbours start */
        h->far_begin[r] = far_at;
        for (; v < h->region_end[r]; v++) {
            far_at += h->ring[v] & RING_CSR ? 0 : h->ring[v] >> RING_FAR_SHIFT;
        }
    }
    return AIECON_OK;
}

enum { DRAW_CALLS = 16 }; /* adoption draws computed together: 16 Philox calls, 64 agents */

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define HOUSEHOLDS_DRAW_AVX512 1
#include <immintrin.h>

/* The 32 × 32 → 64-bit products of 16 lanes by m as (high words, low words), the odd lanes
 * through a shift (AVX-512 multiplies the even ones); as the network build's draws do. */
__attribute__((target("avx512f"))) static inline void mul_hi_lo(__m512i x, __m512i m, __m512i *hi, __m512i *lo)
{
    __m512i even = _mm512_mul_epu32(x, m), odd = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), m);
    *hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
    *lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
}

/* adopt_draws on AVX-512: Philox4x32-10 (Random123's philox4x32, bit for bit) of the 16 counters
 * (base + i, step, 0) under key (seed, HOUSEHOLD_ADOPT) in registers. */
__attribute__((target("avx512f"))) static void adopt_draws_avx512(uint64_t base, uint32_t step, uint32_t seed,
                                                                  uint32_t draws[4][DRAW_CALLS])
{
    uint32_t lo[DRAW_CALLS], hi[DRAW_CALLS];
    for (unsigned i = 0; i < DRAW_CALLS; i++) {
        lo[i] = (uint32_t)(base + i);
        hi[i] = (uint32_t)((base + i) >> 32);
    }
    __m512i a = _mm512_loadu_si512(lo), b = _mm512_loadu_si512(hi), c = _mm512_set1_epi32((int)step);
    __m512i d = _mm512_setzero_si512();
    const __m512i m0 = _mm512_set1_epi32((int)UINT32_C(0xD2511F53)), m1 = _mm512_set1_epi32((int)UINT32_C(0xCD9E8D57));
    uint32_t k0 = seed, k1 = (uint32_t)RNG_PURPOSE_HOUSEHOLD_ADOPT;
    for (int round = 0; round < 10; round++) {
        __m512i hi0, lo0, hi1, lo1;
        mul_hi_lo(a, m0, &hi0, &lo0);
        mul_hi_lo(c, m1, &hi1, &lo1);
        a = _mm512_xor_si512(_mm512_xor_si512(hi1, b), _mm512_set1_epi32((int)k0));
        c = _mm512_xor_si512(_mm512_xor_si512(hi0, d), _mm512_set1_epi32((int)k1));
        b = lo1;
        d = lo0;
        k0 += UINT32_C(0x9E3779B9);
        k1 += UINT32_C(0xBB67AE85);
    }
    _mm512_storeu_si512(draws[0], a);
    _mm512_storeu_si512(draws[1], b);
    _mm512_storeu_si512(draws[2], c);
    _mm512_storeu_si512(draws[3], d);
}
#endif

/* Whether adopt_draws may take the AVX-512 way on this CPU. */
static int draws_wide(void)
{
#ifdef HOUSEHOLDS_DRAW_AVX512
    return __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

/* The adoption draws of the 64 agents whose Philox calls are base .. base + 15 (agent g uses word
 * g mod 4 of call g / 4): draws[k][i] = word k of rng_words(seed, HOUSEHOLD_ADOPT, base + i, step, 0),
 * 16 calls at once in AVX-512 registers when wide (the same bits), else one by one. */
static void adopt_draws(uint64_t base, uint32_t step, uint32_t seed, int wide, uint32_t draws[4][DRAW_CALLS])
{
#ifdef HOUSEHOLDS_DRAW_AVX512
    if (wide) {
        adopt_draws_avx512(base, step, seed, draws);
        return;
    }
#else
    (void)wide;
#endif
    for (unsigned i = 0; i < DRAW_CALLS; i++) {
        philox4x32_ctr_t w = rng_words(seed, RNG_PURPOSE_HOUSEHOLD_ADOPT, base + i, step, 0);
        for (unsigned k = 0; k < 4; k++) draws[k][i] = w.v[k];
    }
}

/* The ring window of agent v ≥ half: bits v − half .. v + half of the packed state, as the low
 * 2·half + 1 bits (the caller masks). */
static inline uint32_t ring_window(const uint64_t *bits, uint32_t v, uint32_t half)
{
    uint32_t s = v - half, at = s >> 6, off = s & 63;
    uint64_t x = (bits[at] >> off) | ((bits[at + 1] << 1) << (63 - off));
    return (uint32_t)x;
}

/* One region's local range [begin, end): the hot loop. far_at: where agent begin's far neighbours
 * start in h->far. An agent without a ring word (the block's ends, or every agent of a households
 * whose caller filled it by hand, without ring and adopted_bits) counts through the CSR on the
 * state bytes, as the loop did before the split. Returns the tallies through the pointers. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("popcnt", "default"))) /* the same counts either way */
#endif
static void adopt_range(const households *h, const network *net, uint32_t begin, uint32_t end, size_t far_at,
                        double p, double q, uint32_t seed, uint32_t step, int64_t *adopted, int64_t *adopters,
                        int64_t *total)
{
    const uint8_t *restrict cur = h->adopted;
    const uint64_t *restrict bits = h->adopted_bits;
    const uint32_t *restrict ring = h->ring;
    const uint32_t *restrict far = h->far;
    const uint32_t half = h->half;
    uint8_t *restrict next = h->adopted_next;
    const uint32_t *restrict offsets = net->offsets;
    const uint32_t *restrict nb = net->neighbours;
    const uint32_t *restrict weight = h->weight;
    int64_t sum_adopted = 0, sum_new = 0, sum_total = 0;
    uint64_t base = UINT64_MAX / 2; /* draws[k][i]: word k of call base + i; none yet */
    uint32_t draws[4][DRAW_CALLS];
    const int wide = draws_wide();
    for (uint32_t v = begin; v < end; v++) {
        int64_t w = weight[v];
        uint32_t d = ring != NULL ? ring[v] : RING_CSR; /* no split: a households not made by households_create */
        uint32_t n_far = d & RING_CSR ? 0 : d >> RING_FAR_SHIFT;
        sum_total += w;
        if (cur[v]) {
            next[v] = 1;
            sum_adopted += w;
            far_at += n_far;
            continue;
        }
        unsigned count = 0, deg;
        if (d & RING_CSR) {
            uint32_t e0 = offsets[v], e1 = offsets[v + 1];
            for (uint32_t e = e0; e < e1; e++) {
                count += cur[nb[e]]; /* the state bytes: only the k agents at the block's ends come here */
            }
            deg = e1 - e0;
        } else {
            uint32_t mask = d & RING_MASK;
            count = (unsigned)__builtin_popcount(ring_window(bits, v, half) & mask);
            for (uint32_t i = 0; i < n_far; i++) {
                uint32_t u = far[far_at + i];
                count += (unsigned)(bits[u >> 6] >> (u & 63)) & 1u;
            }
            far_at += n_far;
            deg = (unsigned)__builtin_popcount(mask) + n_far;
        }
        uint64_t g = h->first + v;
        if ((g >> 2) - base >= DRAW_CALLS) { /* the next 16 calls, 64 agents' draws */
            base = g >> 2;
            adopt_draws(base, step, seed, wide, draws);
        }
        double degd = deg > 0 ? (double)deg : 1.0;
        double u = rng_unit(draws[g & 3][(g >> 2) - base]);
        /* u < p + q·count/deg, without the division */
        uint8_t adopt = u * degd < p * degd + q * (double)count;
        next[v] = adopt;
        sum_adopted += adopt * w;
        sum_new += adopt * w;
    }
    *adopted += sum_adopted;
    *adopters += sum_new;
    *total += sum_total;
}

/* Pack `adopted` (0 or 1 per slot, local agents and ghosts) into adopted_bits, bit i % 64 of word
 * i / 64: eight bytes at a time by one multiplication (byte k of x, 0 or 1, lands on bit 56 + k of
 * x · 0x0102040810204080 and no two partial products meet, so nothing carries). */
static void pack_bits(const uint8_t *adopted, size_t slots, uint64_t *bits)
{
    size_t whole = slots / 64;
    for (size_t i = 0; i < whole; i++) {
        uint64_t word = 0;
        for (unsigned c = 0; c < 8; c++) {
            uint64_t x;
            memcpy(&x, adopted + 64 * i + 8 * c, sizeof x);
            word |= ((x * UINT64_C(0x0102040810204080)) >> 56) << (8 * c);
        }
        bits[i] = word;
    }
    uint64_t word = 0;
    for (size_t v = 64 * whole; v < slots; v++) {
        word |= (uint64_t)(adopted[v] & 1u) << (v & 63);
    }
    bits[whole] = word;
}

void households_adopt(households *h, const network *net, double p, double q, uint32_t seed, uint32_t step,
                      households_tally *tally)
{
    memset(tally, 0, sizeof *tally);
    if (h->adopted_bits != NULL) pack_bits(h->adopted, (size_t)h->local + h->ghosts, h->adopted_bits);
    uint32_t begin = 0;
    for (unsigned r = 0; r < h->regions; r++) {
        adopt_range(h, net, begin, h->region_end[r], h->far_begin[r], p, q, seed, step, &tally->adopted[r],
                    &tally->adopters[r], &tally->total[r]);
        begin = h->region_end[r];
    }
}

void households_swap(households *h)
{
    uint8_t *t = h->adopted;
    h->adopted = h->adopted_next;
    h->adopted_next = t;
}

void households_count(const households *h, households_tally *tally)
{
    memset(tally, 0, sizeof *tally);
    uint32_t begin = 0;
    for (unsigned r = 0; r < h->regions; r++) {
        for (uint32_t v = begin; v < h->region_end[r]; v++) {
            tally->total[r] += h->weight[v];
            tally->adopted[r] += (int64_t)h->adopted[v] * h->weight[v];
        }
        begin = h->region_end[r];
    }
}

/* The far neighbours listed for the last region's agents. */
static size_t far_in_last_region(const households *h)
{
    size_t n = 0;
    uint32_t begin = h->regions > 1 ? h->region_end[h->regions - 2] : 0;
    for (uint32_t v = begin; h->regions > 0 && v < h->region_end[h->regions - 1]; v++) {
        n += h->ring[v] & RING_CSR ? 0 : h->ring[v] >> RING_FAR_SHIFT;
    }
    return n;
}

double households_bytes_per_agent(const households *h)
{
    if (h->local == 0) {
        return 0.0;
    }
    double bytes = 2.0 * ((double)h->local + h->ghosts) + (h->income ? 5.0 : 4.0) * h->local;
    if (h->adopted_bits != NULL) bytes += 8.0 * (((double)h->local + h->ghosts) / 64 + 2);
    if (h->ring != NULL) {
        bytes += 4.0 * h->local + 4.0 * (double)(h->far_begin[h->regions ? h->regions - 1 : 0]
                                                 + far_in_last_region(h) + 1);
    }
    return bytes / h->local;
}

void households_free(households *h)
{
    memory_free_hot(h->adopted);
    memory_free_hot(h->adopted_next);
    memory_free_hot(h->adopted_bits);
    h->adopted_bits = NULL;
    free(h->weight);
    free(h->income);
    free(h->ring);
    free(h->far);
    h->ring = h->far = NULL;
    h->adopted = h->adopted_next = NULL;
    h->weight = NULL;
    h->income = NULL;
}

aiecon_status households_reduce(households_tally *tally, MPI_Comm comm, aiecon_error *err)
{
    _Static_assert(sizeof(households_tally) == 3 * SCENARIO_MAX_REGIONS * sizeof(int64_t),
                   "households_tally must be a plain array of int64");
    return reduce_sum(&tally->total[0], sizeof *tally / sizeof(int64_t), comm, err);
}

double households_adopted_share(const households_tally *tally, unsigned r)
{
    return tally->total[r] > 0 ? (double)tally->adopted[r] / (double)tally->total[r] : 0.0;
}
