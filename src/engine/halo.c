/* halo.c — the ghost exchange plan and the per-step exchange (see halo.h).
 *
 * A network's ghosts are sorted by global id, so with block partitioning they are already grouped
 * by owner in rank order: the receive side of the plan is one pass over ghost_ids, and the
 * ghost_ids array itself is the request list each owner needs (sent with one MPI_Alltoall of
 * counts and one MPI_Alltoallv of ids). Owners turn the requested ids into local indices
 * (send_index). A distributed-graph communicator over exactly the exchanging ranks (no
 * reordering, so its ranks are comm's) lets every step run as one MPI_Neighbor_alltoallv that
 * receives straight into the ghost slots behind the local agents. Why: the hot loop reads one
 * array, and a step costs one neighbour collective moving ghosts × value size bytes with no
 * allocation — counts are kept in values and rescaled to bytes into scratch arrays made here,
 * only when the value size changes. Plan cost: O(P) ints per rank for the count exchange,
 * 4 + value_size_max bytes per value sent, and the communicator. */
#include "aiecon/engine/halo.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/memory.h"
#include "aiecon/engine/parallel.h"

/* Temporaries of halo_create; every pointer is owned here and freed by plan_free(). */
typedef struct plan {
    int rank, ranks;
    int *want, *want_displs;     /* [ranks]: ghosts we request from each rank, from ghost_ids */
    int *offer, *offer_displs;   /* [ranks]: agents each rank requests from us */
    uint64_t *requested;         /* [send_total]: global ids requested from us, grouped by rank */
} plan;

static void plan_free(plan *p)
{
    free(p->want);
    free(p->want_displs);
    free(p->offer);
    free(p->offer_displs);
    free(p->requested);
    memset(p, 0, sizeof *p);
}

/* True when c holds a communicator (a zeroed halo holds none, and neither does MPI_COMM_NULL). */
static int comm_is_set(MPI_Comm c)
{
    MPI_Comm zero;
    memset(&zero, 0, sizeof zero);
    return c != MPI_COMM_NULL && memcmp(&c, &zero, sizeof c) != 0;
}

/* Count the ghosts wanted from each owner; check the network fits this communicator. */
static aiecon_status count_wants(const network *net, size_t value_size_max, plan *p, aiecon_error *err)
{
    if (value_size_max == 0) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: value_size_max must be at least 1");
    }
    if (net->part.ranks != p->ranks) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: network split over %d ranks, communicator has %d",
                           net->part.ranks, p->ranks);
    }
    if ((uint64_t)net->ghosts * value_size_max > INT_MAX) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: %u ghosts of %zu bytes exceed 2^31 bytes on rank %d",
                           (unsigned)net->ghosts, value_size_max, p->rank);
    }
    p->want = calloc((size_t)p->ranks, sizeof(int));
    p->want_displs = calloc((size_t)p->ranks, sizeof(int));
    p->offer = calloc((size_t)p->ranks, sizeof(int));
    p->offer_displs = calloc((size_t)p->ranks, sizeof(int));
    if (!p->want || !p->want_displs || !p->offer || !p->offer_displs) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: out of memory for %d ranks", p->ranks);
    }
    for (uint32_t i = 0; i < net->ghosts; i++) {
        uint64_t g = net->ghost_ids[i];
        if (g >= net->part.agents || (i > 0 && g <= net->ghost_ids[i - 1])) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: ghost ids are not ascending valid ids");
        }
        int owner = partition_owner(net->part, g);
        if (owner == p->rank) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: ghost %llu is a local agent", (unsigned long long)g);
        }
        p->want[owner]++;
    }
    for (int r = 1; r < p->ranks; r++) {
        p->want_displs[r] = p->want_displs[r - 1] + p->want[r - 1];
    }
    return AIECON_OK;
}

/* After the count exchange: displacements and space for the ids requested from us. */
static aiecon_status size_offers(halo *h, plan *p, aiecon_error *err)
{
    size_t total = 0;
    for (int r = 0; r < p->ranks; r++) {
        p->offer_displs[r] = (int)total;
        total += (size_t)p->offer[r];
        if (total * h->value_size_max > INT_MAX) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: more than 2^31 bytes to send on rank %d", p->rank);
        }
    }
    h->send_total = total;
    p->requested = memory_alloc_array(total, sizeof *p->requested);
    if (p->requested == NULL) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: out of memory for %zu requests", total);
    }
    return AIECON_OK;
}

/* Compress the per-rank counts of plan p into the neighbour lists of h (sources, destinations). */
static void make_lists(halo *h, const plan *p, int *srcs, int *dsts)
{
    h->sources = h->destinations = 0;
    for (int r = 0; r < p->ranks; r++) {
        if (p->want[r] > 0) {
            srcs[h->sources] = r;
            h->recv_counts[h->sources] = p->want[r];
            h->recv_displs[h->sources++] = p->want_displs[r];
        }
        if (p->offer[r] > 0) {
            dsts[h->destinations] = r;
            h->send_counts[h->destinations] = p->offer[r];
            h->send_displs[h->destinations++] = p->offer_displs[r];
        }
    }
}

/* Local index of every requested id; fails on an id this rank does not hold. */
static aiecon_status index_requests(halo *h, const network *net, const plan *p, aiecon_error *err)
{
    for (size_t i = 0; i < h->send_total; i++) {
        uint64_t g = p->requested[i];
        if (g < net->first || g - net->first >= net->local) {
            return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: rank %d was asked for agent %llu it does not hold",
                               p->rank, (unsigned long long)g);
        }
        h->send_index[i] = (uint32_t)(g - net->first);
    }
    return AIECON_OK;
}

/* Allocate the plan's arrays in h and fill them from p; srcs and dsts receive the neighbour ranks
 * (owned by the caller, [ranks] each). */
static aiecon_status fill_plan(halo *h, const network *net, const plan *p, int *srcs, int *dsts,
                               aiecon_error *err)
{
    size_t ns = 0, nd = 0;
    for (int r = 0; r < p->ranks; r++) {
        ns += p->want[r] > 0;
        nd += p->offer[r] > 0;
    }
    h->recv_counts = memory_alloc_array(ns, sizeof(int));
    h->recv_displs = memory_alloc_array(ns, sizeof(int));
    h->recv_bytes = memory_alloc_array(ns, sizeof(int));
    h->recv_byte_displs = memory_alloc_array(ns, sizeof(int));
    h->send_counts = memory_alloc_array(nd, sizeof(int));
    h->send_displs = memory_alloc_array(nd, sizeof(int));
    h->send_bytes = memory_alloc_array(nd, sizeof(int));
    h->send_byte_displs = memory_alloc_array(nd, sizeof(int));
    h->send_index = memory_alloc_array(h->send_total, sizeof *h->send_index);
    h->send_buffer = memory_alloc_array(h->send_total, h->value_size_max);
    if (!h->recv_counts || !h->recv_displs || !h->send_counts || !h->send_displs || !h->recv_bytes
        || !h->recv_byte_displs || !h->send_bytes || !h->send_byte_displs || !h->send_index
        || !h->send_buffer) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: out of memory for the plan");
    }
    make_lists(h, p, srcs, dsts);
    return index_requests(h, net, p, err);
}

/* The distributed-graph communicator over exactly the exchanging ranks; no reordering, so its
 * ranks are comm's. MPI_UNWEIGHTED is a sentinel pointer, which GCC ≥ 11 mistakes for a
 * zero-length array read (-Wstringop-overread): silenced for this call only. */
static void make_graph(MPI_Comm comm, halo *h, const int *srcs, const int *dsts)
{
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
    MPI_Dist_graph_create_adjacent(comm, h->sources, srcs, MPI_UNWEIGHTED, h->destinations, dsts, MPI_UNWEIGHTED,
                                   MPI_INFO_NULL, 0 /* no reorder */, &h->graph);
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic pop
#endif
}

aiecon_status halo_create(const network *net, MPI_Comm comm, size_t value_size_max, halo *h,
                          aiecon_error *err)
{
    memset(h, 0, sizeof *h);
    h->graph = MPI_COMM_NULL;
    h->value_size_max = value_size_max;
    h->local = net->local;
    h->recv_total = net->ghosts;
    plan p;
    memset(&p, 0, sizeof p);
    MPI_Comm_rank(comm, &p.rank);
    MPI_Comm_size(comm, &p.ranks);
    aiecon_status s = parallel_agree(comm, count_wants(net, value_size_max, &p, err), err);
    if (s == AIECON_OK) {
        MPI_Alltoall(p.want, 1, MPI_INT, p.offer, 1, MPI_INT, comm);
        s = parallel_agree(comm, size_offers(h, &p, err), err);
    }
    int *srcs = NULL, *dsts = NULL;
    if (s == AIECON_OK) {
        MPI_Alltoallv(net->ghost_ids, p.want, p.want_displs, MPI_UINT64_T, p.requested, p.offer,
                      p.offer_displs, MPI_UINT64_T, comm);
        srcs = memory_alloc_array((size_t)p.ranks, sizeof *srcs);
        dsts = memory_alloc_array((size_t)p.ranks, sizeof *dsts);
        s = srcs && dsts ? fill_plan(h, net, &p, srcs, dsts, err)
                         : aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: out of memory for %d ranks", p.ranks);
        s = parallel_agree(comm, s, err);
    }
    if (s == AIECON_OK) {
        make_graph(comm, h, srcs, dsts);
    }
    free(srcs);
    free(dsts);
    plan_free(&p);
    if (s != AIECON_OK) {
        halo_free(h);
    }
    return s;
}

/* Fill the byte-count scratch for values of size bytes (counts × size fit int: checked at create). */
static void rescale(halo *h, size_t size)
{
    for (int i = 0; i < h->sources; i++) {
        h->recv_bytes[i] = (int)((size_t)h->recv_counts[i] * size);
        h->recv_byte_displs[i] = (int)((size_t)h->recv_displs[i] * size);
    }
    for (int i = 0; i < h->destinations; i++) {
        h->send_bytes[i] = (int)((size_t)h->send_counts[i] * size);
        h->send_byte_displs[i] = (int)((size_t)h->send_displs[i] * size);
    }
    h->scaled_size = size;
}

/* Gather the requested local values into the send buffer; fixed sizes compile to plain moves. */
static void pack(const halo *h, const void *values, size_t size)
{
    const uint8_t *in = values;
    uint8_t *out = h->send_buffer;
    const uint32_t *index = h->send_index;
    size_t n = h->send_total;
    switch (size) {
    case 1:
        for (size_t i = 0; i < n; i++) {
            out[i] = in[index[i]];
        }
        break;
    case 4:
        for (size_t i = 0; i < n; i++) {
            memcpy(out + 4 * i, in + 4 * (size_t)index[i], 4);
        }
        break;
    case 8:
        for (size_t i = 0; i < n; i++) {
            memcpy(out + 8 * i, in + 8 * (size_t)index[i], 8);
        }
        break;
    default:
        for (size_t i = 0; i < n; i++) {
            memcpy(out + size * i, in + size * (size_t)index[i], size);
        }
        break;
    }
}

aiecon_status halo_exchange(halo *h, void *values, size_t value_size, uint32_t local, aiecon_error *err)
{
    if (!comm_is_set(h->graph)) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: exchange on a plan that was not created");
    }
    if (value_size == 0 || value_size > h->value_size_max) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: value size %zu is not in 1 .. %zu", value_size,
                           h->value_size_max);
    }
    if (local != h->local || (values == NULL && (size_t)local + h->recv_total > 0)) {
        return aiecon_fail(err, AIECON_ERR_RUNTIME, "halo: %u local values given, the plan has %u", local,
                           h->local);
    }
    if (h->scaled_size != value_size) {
        rescale(h, value_size);
    }
    pack(h, values, value_size);
    uint8_t *ghosts = (uint8_t *)values + (size_t)local * value_size;
    MPI_Neighbor_alltoallv(h->send_buffer, h->send_bytes, h->send_byte_displs, MPI_BYTE, ghosts, h->recv_bytes,
                           h->recv_byte_displs, MPI_BYTE, h->graph);
    return AIECON_OK;
}

double halo_bytes_per_agent(const halo *h, uint32_t local)
{
    if (local == 0) {
        return 0.0; /* nothing held per agent where no agent is held */
    }
    double ints = 4.0 * ((double)h->sources + h->destinations); /* counts, displacements, both units */
    double bytes = ints * sizeof(int) + (double)h->send_total * (sizeof *h->send_index + h->value_size_max);
    return bytes / local;
}

void halo_free(halo *h)
{
    if (h == NULL) {
        return;
    }
    if (comm_is_set(h->graph)) {
        MPI_Comm_free(&h->graph);
    }
    free(h->recv_counts);
    free(h->recv_displs);
    free(h->send_counts);
    free(h->send_displs);
    free(h->recv_bytes);
    free(h->recv_byte_displs);
    free(h->send_bytes);
    free(h->send_byte_displs);
    free(h->send_index);
    free(h->send_buffer);
    memset(h, 0, sizeof *h);
    h->graph = MPI_COMM_NULL;
}
