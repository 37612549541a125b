/* network.c — distributed Watts–Strogatz graph, the same at any rank count (see network.h).
 *
 * Each rank draws the rewiring of the lattice edges its agents own, keyed by (seed, purpose,
 * agent, j), so no draw depends on the partition. A rewired edge (i, i+j) becomes (i, t) with t
 * uniform over the n-k-1 agents outside i's lattice neighbourhood, mapped directly from one
 * uniform integer (t = i + k/2 + 1 + u mod n), so there is no rejection loop. The reverse half of
 * every edge whose other end lives elsewhere travels to its owner in one MPI_Alltoallv of
 * (agent, other end) pairs; each rank then bins the half-edges of its agents by a counting sort,
 * sorts and deduplicates every list by global id (a simple graph, identical at any rank count),
 * collects the remote ends as sorted ghosts and writes CSR with 32-bit local indices.
 * Why this design: only neighbours' owners ever talk, no rank holds more than its own agents'
 * edges, and the result is a pure function of the parameters. Cost: O(local·k) Philox calls and
 * list work, O(g log g) for g ghost references, one MPI_Alltoall of P ints plus one
 * MPI_Alltoallv of the cut edges; temporaries of about 3 × 16 bytes per edge end, all freed
 * before return. Failures (bad parameters, memory, 32-bit or int overflow) are agreed over the
 * communicator with parallel_agree() before every collective, so no rank is left waiting. */
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
    uint64_t first;       /* global id of local index 0 */
    uint32_t local;       /* agents held here */
    uint32_t half;        /* k / 2: lattice edges owned per agent */
    uint64_t *targets;    /* [local * half]: other end of each owned edge, after rewiring */
    int *send_counts, *send_displs, *recv_counts, *recv_displs; /* [ranks], in pairs */
    uint64_t *send, *recv;                                      /* pairs (agent, other end) */
    size_t send_total, recv_total;                              /* pairs */
    size_t *start;        /* [local + 1]: start of each agent's list in adj (first a fill cursor) */
    uint64_t *adj;        /* [start[local]]: neighbour global ids */
    uint64_t *ghost_ids;  /* [ghosts] */
    size_t ghosts;
} build;

static void build_free(build *b)
{
    free(b->targets);
    free(b->send_counts);
    free(b->send_displs);
    free(b->recv_counts);
    free(b->recv_displs);
    free(b->send);
    free(b->recv);
    free(b->start);
    free(b->adj);
    free(b->ghost_ids);
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

/* The other end of lattice edge (i, i+j) after the rewiring draw. */
static uint64_t edge_target(const network_params *p, uint64_t i, uint32_t j)
{
    uint64_t n = p->agents, half = p->degree / 2;
    uint64_t allowed = n - p->degree - 1; /* agents outside {i-k/2 .. i+k/2} */
    uint64_t off = j;
    if (p->rewire > 0.0 && allowed > 0) {
        philox4x32_ctr_t w = rng_words(p->seed, p->purpose, i, j, 0);
        if (rng_unit(w.v[0]) < p->rewire) {
            off = half + 1 + rng_below(w.v[1], w.v[2], allowed); /* in [k/2+1, n-k/2-1] */
        }
    }
    uint64_t t = i + off; /* i < n and off < n: no wrap-around for n ≤ 2^62 */
    return t >= n ? t - n : t;
}

static int is_local(const build *b, uint64_t g) { return g >= b->first && g - b->first < b->local; }

/* Draw every owned edge and count the pairs bound for each rank. */
static aiecon_status draw_edges(build *b, aiecon_error *err)
{
    size_t owned = (size_t)b->local * b->half;
    b->targets = memory_alloc_array(owned, sizeof *b->targets);
    b->send_counts = calloc((size_t)b->ranks, sizeof(int));
    b->send_displs = calloc((size_t)b->ranks, sizeof(int));
    b->recv_counts = calloc((size_t)b->ranks, sizeof(int));
    b->recv_displs = calloc((size_t)b->ranks, sizeof(int));
    if (!b->targets || !b->send_counts || !b->send_displs || !b->recv_counts || !b->recv_displs) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu edges", owned);
    }
    size_t *tally = calloc((size_t)b->ranks, sizeof *tally);
    if (tally == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory");
    }
    for (uint32_t v = 0; v < b->local; v++) {
        for (uint32_t j = 1; j <= b->half; j++) {
            uint64_t t = edge_target(b->p, b->first + v, j);
            b->targets[(size_t)v * b->half + j - 1] = t;
            if (!is_local(b, t)) {
                tally[partition_owner(b->part, t)]++;
            }
        }
    }
    size_t total = 0;
    for (int r = 0; r < b->ranks; r++) {
        b->send_displs[r] = (int)total;
        b->send_counts[r] = (int)tally[r];
        total += tally[r];
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

/* Pack the reverse half (t, i) of every cut edge, grouped by the owner of t. */
static aiecon_status pack_sends(build *b, aiecon_error *err)
{
    b->send = memory_alloc_array(2 * b->send_total, sizeof *b->send);
    if (b->send == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu cut edges",
                           b->send_total);
    }
    memcpy(b->recv_displs, b->send_displs, (size_t)b->ranks * sizeof(int)); /* cursor, reset later */
    for (uint32_t v = 0; v < b->local; v++) {
        for (uint32_t j = 0; j < b->half; j++) {
            uint64_t t = b->targets[(size_t)v * b->half + j];
            if (!is_local(b, t)) {
                size_t at = (size_t)b->recv_displs[partition_owner(b->part, t)]++;
                b->send[2 * at] = t;
                b->send[2 * at + 1] = b->first + v;
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

/* Bin every half-edge of a local agent into adj (counting sort by agent). start[v] first counts
 * v's entries, then holds the end of v's list and is decremented while filling, which leaves it at
 * the list's start: one array, so each scattered reverse edge costs one cache miss, not two. */
static aiecon_status bin_half_edges(build *b, aiecon_error *err)
{
    size_t *start = b->start = calloc((size_t)b->local + 1, sizeof *b->start);
    if (start == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %u agents", b->local);
    }
    const uint64_t *t = b->targets;
    for (uint32_t v = 0; v < b->local; v++) {
        start[v] += b->half;
        for (uint32_t j = 0; j < b->half; j++, t++) {
            if (is_local(b, *t)) {
                start[*t - b->first]++;
            }
        }
    }
    for (size_t e = 0; e < b->recv_total; e++) {
        if (!is_local(b, b->recv[2 * e])) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: rank %d received an edge of agent %llu",
                               b->rank, (unsigned long long)b->recv[2 * e]);
        }
        start[b->recv[2 * e] - b->first]++;
    }
    for (uint32_t v = 0; v < b->local; v++) { /* inclusive prefix sum: start[v] = end of v's list */
        start[v + 1] += start[v];               /* start[local] (0 so far) becomes the total */
    }
    size_t total = start[b->local];
    b->adj = memory_alloc_array(total, sizeof *b->adj);
    if (b->adj == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu edge ends", total);
    }
    t = b->targets;
    for (uint32_t v = 0; v < b->local; v++) { /* lists fill from their ends */
        for (uint32_t j = 0; j < b->half; j++, t++) {
            b->adj[--start[v]] = *t;
            if (is_local(b, *t)) {
                b->adj[--start[*t - b->first]] = b->first + v;
            }
        }
    }
    for (size_t e = 0; e < b->recv_total; e++) {
        b->adj[--start[b->recv[2 * e] - b->first]] = b->recv[2 * e + 1];
    }
    free(b->targets);
    free(b->recv);
    b->targets = b->recv = NULL;
    return AIECON_OK;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sort ascending: insertion sort for the short lists a ring lattice gives, qsort beyond. */
static void sort_u64(uint64_t *a, size_t n)
{
    if (n > 32) {
        qsort(a, n, sizeof *a, compare_u64);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t x = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > x; j--) {
            a[j] = a[j - 1];
        }
        a[j] = x;
    }
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

/* Sort and deduplicate every list in place, compacting adj; then collect the sorted ghosts. */
static aiecon_status compact_lists(build *b, aiecon_error *err)
{
    size_t w = 0, remote = 0;
    for (uint32_t v = 0; v < b->local; v++) {
        size_t s = b->start[v], len = b->start[v + 1] - s;
        sort_u64(b->adj + s, len);
        len = unique_u64(b->adj + s, len);
        memmove(b->adj + w, b->adj + s, len * sizeof *b->adj);
        b->start[v] = w;
        w += len;
        for (size_t e = b->start[v]; e < w; e++) {
            remote += !is_local(b, b->adj[e]);
        }
    }
    b->start[b->local] = w;
    if (w > UINT32_MAX) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: %zu edge ends on rank %d exceed 2^32", w, b->rank);
    }
    b->ghost_ids = memory_alloc_array(remote, sizeof *b->ghost_ids);
    if (b->ghost_ids == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu ghosts", remote);
    }
    size_t g = 0;
    for (size_t e = 0; e < w; e++) {
        if (!is_local(b, b->adj[e])) {
            b->ghost_ids[g++] = b->adj[e];
        }
    }
    qsort(b->ghost_ids, g, sizeof *b->ghost_ids, compare_u64);
    b->ghosts = unique_u64(b->ghost_ids, g);
    if ((uint64_t)b->local + b->ghosts > UINT32_MAX) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: %u agents + %zu ghosts on rank %d exceed 2^32",
                           b->local, b->ghosts, b->rank);
    }
    return AIECON_OK;
}

/* Index of global id g among this rank's local agents and ghosts (g must be one of them). */
static uint32_t local_index(const build *b, uint64_t g)
{
    if (is_local(b, g)) {
        return (uint32_t)(g - b->first);
    }
    size_t lo = 0, hi = b->ghosts; /* ghost_ids[lo..hi) holds g */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->ghost_ids[mid] <= g) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return b->local + (uint32_t)lo;
}

/* Write the CSR arrays into net; on success net owns them and b no longer holds ghost_ids. */
static aiecon_status write_csr(build *b, network *net, aiecon_error *err)
{
    size_t ends = b->start[b->local];
    uint32_t *offsets = memory_alloc_hot((size_t)b->local + 1, sizeof *offsets);
    uint32_t *neighbours = memory_alloc_hot(ends, sizeof *neighbours);
    uint64_t *ghosts = realloc(b->ghost_ids, (b->ghosts ? b->ghosts : 1) * sizeof *ghosts);
    if (ghosts != NULL) {
        b->ghost_ids = ghosts; /* shrunk to fit */
    }
    if (offsets == NULL || neighbours == NULL || ghosts == NULL) {
        memory_free_hot(offsets);
        memory_free_hot(neighbours);
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "network: out of memory for %zu edge ends", ends);
    }
    for (uint32_t v = 0; v <= b->local; v++) {
        offsets[v] = (uint32_t)b->start[v];
    }
    for (size_t e = 0; e < ends; e++) {
        neighbours[e] = local_index(b, b->adj[e]);
    }
    net->part = b->part;
    net->first = b->first;
    net->local = b->local;
    net->ghosts = (uint32_t)b->ghosts;
    net->offsets = offsets;
    net->neighbours = neighbours;
    net->ghost_ids = b->ghost_ids;
    b->ghost_ids = NULL;
    return AIECON_OK;
}

/* The steps after the pair exchange; all local, agreed once by the caller. */
static aiecon_status assemble(build *b, network *net, aiecon_error *err)
{
    aiecon_status s = bin_half_edges(b, err);
    if (s == AIECON_OK) {
        s = compact_lists(b, err);
    }
    if (s == AIECON_OK) {
        s = write_csr(b, net, err);
    }
    return s;
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
