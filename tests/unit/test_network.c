/* test_network.c — the distributed Watts–Strogatz graph (network.h).
 * The reference for every check is the same graph built on one rank (MPI_COMM_SELF) inside the
 * test: at 2 and 3 ranks, equal hashes and equal per-agent adjacency prove that the graph does not
 * depend on the rank count. Also: the CSR layout is well formed (sorted, simple, ghosts exactly
 * the remote ends, ascending), beta = 0 is the ring lattice, the graph is symmetric, the mean
 * degree is about k, tiny populations work, and bad parameters are refused on every rank. */
#include "cunit_mpi.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/network.h"

static network_params params(uint64_t n, uint32_t k, double beta, uint32_t seed)
{
    network_params p = {.agents = n, .degree = k, .rewire = beta, .seed = seed,
                        .purpose = RNG_PURPOSE_NETWORK_HOUSEHOLDS};
    return p;
}

/* Build and assert success; the caller frees the result with network_free. */
static network build(network_params p, MPI_Comm comm)
{
    network net;
    aiecon_error err = {{0}};
    aiecon_status s = network_build(&p, comm, &net, &err);
    if (s != AIECON_OK) {
        printf("\n    network_build failed: %s\n", err.message);
    }
    CU_ASSERT_EQUAL_FATAL(s, AIECON_OK);
    return net;
}

static uint32_t degree(const network *net, uint32_t v) { return net->offsets[v + 1] - net->offsets[v]; }

/* Layout invariants of one rank's part. */
static void check_layout(const network *net)
{
    uint32_t slots = net->local + net->ghosts;
    CU_ASSERT_EQUAL(net->offsets[0], 0);
    unsigned char *seen = calloc(net->ghosts + 1, 1);
    for (uint32_t v = 0; v < net->local; v++) {
        CU_ASSERT_TRUE_FATAL(net->offsets[v] <= net->offsets[v + 1]);
        uint64_t me = net->first + v, prev = 0;
        for (uint32_t e = net->offsets[v]; e < net->offsets[v + 1]; e++) {
            uint32_t u = net->neighbours[e];
            CU_ASSERT_TRUE_FATAL(u < slots);
            uint64_t g = network_global_id(net, u);
            CU_ASSERT_TRUE(g < net->part.agents);
            CU_ASSERT_NOT_EQUAL(g, me);                        /* no self loop */
            CU_ASSERT_TRUE(e == net->offsets[v] || g > prev);  /* sorted, no duplicate */
            prev = g;
            if (u >= net->local) {
                seen[u - net->local] = 1;
            }
        }
    }
    for (uint32_t i = 0; i < net->ghosts; i++) {
        uint64_t g = net->ghost_ids[i];
        CU_ASSERT_TRUE(i == 0 || g > net->ghost_ids[i - 1]);
        CU_ASSERT_TRUE(g < net->first || g >= net->first + net->local);
        CU_ASSERT_TRUE(seen[i]); /* every ghost is some agent's neighbour */
    }
    free(seen);
}

/* Adjacency of agent va of a equals that of agent vb of b, in global ids. */
static int same_list(const network *a, uint32_t va, const network *b, uint32_t vb)
{
    if (degree(a, va) != degree(b, vb)) {
        return 0;
    }
    for (uint32_t i = 0; i < degree(a, va); i++) {
        if (network_global_id(a, a->neighbours[a->offsets[va] + i])
            != network_global_id(b, b->neighbours[b->offsets[vb] + i])) {
            return 0;
        }
    }
    return 1;
}

/* The world build equals the one-rank build, agent by agent and by hash. */
static void check_against_reference(network_params p)
{
    network ref = build(p, MPI_COMM_SELF);
    network net = build(p, MPI_COMM_WORLD);
    check_layout(&ref);
    check_layout(&net);
    CU_ASSERT_EQUAL(ref.local, p.agents);
    CU_ASSERT_EQUAL(ref.ghosts, 0);
    int equal = 1;
    for (uint32_t v = 0; v < net.local; v++) {
        equal &= same_list(&net, v, &ref, (uint32_t)(net.first + v));
    }
    CU_ASSERT_TRUE(equal);
    uint64_t h_ref = network_hash(&ref, MPI_COMM_SELF), h = network_hash(&net, MPI_COMM_WORLD);
    CU_ASSERT_EQUAL(h, h_ref);
    if (test_rank() == 0) {
        printf("\n    n=%llu k=%u beta=%.2f: hash %016llx\n", (unsigned long long)p.agents, p.degree,
               p.rewire, (unsigned long long)h);
    }
    network_free(&ref);
    network_free(&net);
}

static void test_rank_count_independent(void)
{
    check_against_reference(params(1000, 8, 0.1, 42));
    check_against_reference(params(997, 6, 0.5, 7));
    check_against_reference(params(50, 4, 1.0, 3));
    check_against_reference(params(10, 8, 0.3, 1));
}

/* Position of g in i's sorted list of the one-rank graph ref, or -1. */
static int find(const network *ref, uint32_t i, uint64_t g)
{
    for (uint32_t e = ref->offsets[i]; e < ref->offsets[i + 1]; e++) {
        if (ref->neighbours[e] == g) {
            return (int)(e - ref->offsets[i]);
        }
    }
    return -1;
}

static void test_symmetric(void)
{
    network_params p = params(1000, 8, 0.1, 42);
    network ref = build(p, MPI_COMM_SELF); /* one rank: indices are global ids */
    int symmetric = 1;
    for (uint32_t i = 0; i < ref.local; i++) {
        for (uint32_t e = ref.offsets[i]; e < ref.offsets[i + 1]; e++) {
            symmetric &= find(&ref, ref.neighbours[e], i) >= 0;
        }
    }
    CU_ASSERT_TRUE(symmetric);
    network_free(&ref);
}

/* beta = 0: agent i's neighbours are exactly i ± 1 … i ± k/2 (mod n). */
static void check_ring(uint64_t n, uint32_t k)
{
    network net = build(params(n, k, 0.0, 5), MPI_COMM_WORLD);
    check_layout(&net);
    int ok = 1;
    for (uint32_t v = 0; v < net.local; v++) {
        uint64_t i = net.first + v;
        ok &= degree(&net, v) == k;
        for (uint32_t e = net.offsets[v]; e < net.offsets[v + 1]; e++) {
            uint64_t g = network_global_id(&net, net.neighbours[e]);
            uint64_t d = g > i ? g - i : i - g;
            d = d < n - d ? d : n - d; /* ring distance */
            ok &= d >= 1 && d <= k / 2;
        }
    }
    CU_ASSERT_TRUE(ok);
    network_free(&net);
}

static void test_ring_lattice(void)
{
    check_ring(1000, 8);
    check_ring(9, 8); /* n = k + 1: the complete graph */
    check_ring(3, 2);
    check_ring(5, 2);
}

/* Mean degree over all ranks: k less the rare edges a rewiring duplicated. */
static void test_mean_degree(void)
{
    const double betas[] = {0.1, 1.0};
    for (int b = 0; b < 2; b++) {
        network net = build(params(1000, 8, betas[b], 9), MPI_COMM_WORLD);
        uint64_t ends = net.offsets[net.local], total = 0;
        MPI_Allreduce(&ends, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
        double mean = (double)total / 1000.0;
        CU_ASSERT_TRUE(mean <= 8.0 && mean > 7.8);
        CU_ASSERT_TRUE(network_bytes_per_agent(&net) > 4.0 * 8);
        network_free(&net);
    }
}

static void test_seed_and_purpose_matter(void)
{
    network_params p = params(1000, 8, 0.1, 42);
    network a = build(p, MPI_COMM_WORLD);
    p.seed = 43;
    network b = build(p, MPI_COMM_WORLD);
    p.seed = 42;
    p.purpose = RNG_PURPOSE_NETWORK_BUSINESSES;
    network c = build(p, MPI_COMM_WORLD);
    uint64_t ha = network_hash(&a, MPI_COMM_WORLD), hb = network_hash(&b, MPI_COMM_WORLD);
    uint64_t hc = network_hash(&c, MPI_COMM_WORLD);
    CU_ASSERT_NOT_EQUAL(ha, hb);
    CU_ASSERT_NOT_EQUAL(ha, hc);
    network_free(&a);
    network_free(&b);
    network_free(&c);
}

/* Fewer agents than ranks leaves some ranks empty when run with more ranks than n. */
static void test_tiny(void)
{
    check_against_reference(params(3, 2, 0.5, 1)); /* no agent outside a neighbourhood: no rewiring */
    check_against_reference(params(4, 2, 1.0, 1));
    check_against_reference(params(5, 2, 1.0, 2));
}

static void check_refused(network_params p)
{
    network net;
    aiecon_error err = {{0}};
    aiecon_status s = network_build(&p, MPI_COMM_WORLD, &net, &err);
    CU_ASSERT_EQUAL(s, AIECON_ERR_INPUT);
    CU_ASSERT_TRUE(strlen(err.message) > 0);
    CU_ASSERT_PTR_NULL(net.offsets);
    network_free(&net);
}

static void test_bad_params(void)
{
    check_refused(params(1000, 7, 0.1, 1)); /* odd */
    check_refused(params(1000, 0, 0.1, 1));
    check_refused(params(8, 8, 0.1, 1));    /* k = n */
    check_refused(params(4, 8, 0.1, 1));
    check_refused(params(0, 2, 0.1, 1));
    check_refused(params(1000, 8, -0.1, 1));
    check_refused(params(1000, 8, 1.5, 1));
    check_refused(params(1000, 8, NAN, 1));
}

/* The graph is the one the build before issue 19 made (the one every regression hash was made
 * with): hashes recorded from that build (git show 0bd93a4:src/engine/network.c, linked into a
 * program that printed network_hash), not computed here. */
static void test_same_as_recorded(void)
{
    static const struct {
        uint64_t n;
        uint32_t k;
        double beta;
        uint32_t seed;
        uint64_t hash;
    } cases[] = {
        {100003, 8, 0.1, 7, UINT64_C(0xaea0e3d5622c175b)},
        {5000, 12, 0.7, 3, UINT64_C(0x6b42451a73719452)},
        {10, 4, 1.0, 1, UINT64_C(0xe26067c9d32db006)},
        {64, 2, 0.3, 11, UINT64_C(0x53a6ab0a1fd1a4b4)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        network net = build(params(cases[i].n, cases[i].k, cases[i].beta, cases[i].seed), MPI_COMM_WORLD);
        CU_ASSERT_EQUAL(network_hash(&net, MPI_COMM_WORLD), cases[i].hash);
        check_layout(&net);
        network_free(&net);
    }
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("network", NULL, NULL);
    CU_add_test(s, "same graph at any rank count (vs one-rank build)", test_rank_count_independent);
    CU_add_test(s, "undirected: g in adj(i) implies i in adj(g)", test_symmetric);
    CU_add_test(s, "beta = 0 is the ring lattice", test_ring_lattice);
    CU_add_test(s, "mean degree about k", test_mean_degree);
    CU_add_test(s, "seed and purpose change the graph", test_seed_and_purpose_matter);
    CU_add_test(s, "tiny populations", test_tiny);
    CU_add_test(s, "bad parameters refused", test_bad_params);
    CU_add_test(s, "the same graph as the build before (recorded hashes)", test_same_as_recorded);
}
