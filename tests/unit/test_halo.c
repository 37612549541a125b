/* test_halo.c — the ghost exchange (halo.h): after an exchange every ghost slot holds its
 * owner's value, for 8-, 4- and 1-byte values (the fast paths) and an odd size (the generic
 * path), switching sizes between exchanges on one plan; tiny graphs; bad sizes refused.
 * The value of agent g is a function of g only, so a ghost is checked against its ghost_ids
 * entry without any reference computation. At one rank there are no ghosts and the exchange is
 * an empty collective. */
#include "cunit_mpi.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aiecon/engine/halo.h"

static network build(uint64_t n, uint32_t k, double beta)
{
    network_params p = {.agents = n, .degree = k, .rewire = beta, .seed = 17,
                        .purpose = RNG_PURPOSE_NETWORK_BUSINESSES};
    network net;
    aiecon_error err = {{0}};
    aiecon_status s = network_build(&p, MPI_COMM_WORLD, &net, &err);
    CU_ASSERT_EQUAL_FATAL(s, AIECON_OK);
    return net;
}

/* The size-byte value of agent g: its low bytes scrambled so that every size carries the id. */
static void value_of(uint64_t g, size_t size, unsigned char *out)
{
    uint64_t x = g * UINT64_C(0x9E3779B97F4A7C15) + 1;
    if (size == 1) {
        out[0] = (unsigned char)(g % 251);
        return;
    }
    for (size_t b = 0; b < size; b++) {
        out[b] = (unsigned char)(x >> (8 * (b % 8)));
    }
    if (size == 8) {
        memcpy(out, &g, 8); /* the 8-byte case holds the global id itself */
    }
}

/* Fill local values, poison ghosts, exchange, and check every ghost slot. */
static void check_exchange(halo *h, const network *net, size_t size)
{
    size_t slots = (size_t)net->local + net->ghosts;
    /* want on the heap, sized to the value: gcc 12's vectoriser at -O3 -march=native (AVX-512)
     * misjudged a fixed 16-byte array as overflowed (a false -Wstringop-overflow) */
    unsigned char *values = malloc((slots ? slots : 1) * size), *want = malloc(size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(values);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    for (uint32_t v = 0; v < net->local; v++) {
        value_of(net->first + v, size, values + v * size);
    }
    memset(values + (size_t)net->local * size, 0xA5, (size_t)net->ghosts * size);
    aiecon_error err = {{0}};
    CU_ASSERT_EQUAL(halo_exchange(h, values, size, net->local, &err), AIECON_OK);
    int ok = 1;
    for (uint32_t i = 0; i < net->ghosts; i++) {
        value_of(net->ghost_ids[i], size, want);
        ok &= memcmp(values + ((size_t)net->local + i) * size, want, size) == 0;
    }
    CU_ASSERT_TRUE(ok);
    for (uint32_t v = 0; v < net->local; v++) { /* local values untouched */
        value_of(net->first + v, size, want);
        ok &= memcmp(values + v * size, want, size) == 0;
    }
    CU_ASSERT_TRUE(ok);
    free(want);
    free(values);
}

static void check_graph(uint64_t n, uint32_t k, double beta)
{
    network net = build(n, k, beta);
    halo h;
    aiecon_error err = {{0}};
    CU_ASSERT_EQUAL_FATAL(halo_create(&net, MPI_COMM_WORLD, 8, &h, &err), AIECON_OK);
    CU_ASSERT_EQUAL(h.recv_total, net.ghosts);
    uint64_t sent = h.send_total, received = h.recv_total, all_sent = 0, all_received = 0;
    MPI_Allreduce(&sent, &all_sent, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(&received, &all_received, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    CU_ASSERT_EQUAL(all_sent, all_received);
    if (test_ranks() == 1) {
        CU_ASSERT_EQUAL(net.ghosts, 0);
    }
    const size_t sizes[] = {8, 1, 4, 8, 3, 1, 5};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        check_exchange(&h, &net, sizes[i]);
    }
    halo_free(&h);
    network_free(&net);
}

static void test_exchange(void)
{
    check_graph(1000, 8, 0.1);
    check_graph(997, 6, 1.0);
    check_graph(100000, 8, 0.1);
}

static void test_tiny(void)
{
    check_graph(3, 2, 0.0);
    check_graph(5, 2, 1.0);
    check_graph(10, 8, 0.5);
}

static void test_bad_sizes(void)
{
    network net = build(1000, 8, 0.1);
    halo h;
    aiecon_error err = {{0}};
    CU_ASSERT_EQUAL(halo_create(&net, MPI_COMM_WORLD, 0, &h, &err), AIECON_ERR_RUNTIME);
    halo_free(&h); /* safe after a failed create */
    CU_ASSERT_EQUAL_FATAL(halo_create(&net, MPI_COMM_WORLD, 4, &h, &err), AIECON_OK);
    CU_ASSERT_TRUE(halo_bytes_per_agent(&h, net.local) >= 0.0);
    uint64_t *values = calloc((size_t)net.local + net.ghosts + 1, sizeof *values);
    CU_ASSERT_EQUAL(halo_exchange(&h, values, 8, net.local, &err), AIECON_ERR_RUNTIME);
    CU_ASSERT_EQUAL(halo_exchange(&h, values, 0, net.local, &err), AIECON_ERR_RUNTIME);
    CU_ASSERT_EQUAL(halo_exchange(&h, values, 4, net.local + 1, &err), AIECON_ERR_RUNTIME);
    CU_ASSERT_EQUAL(halo_exchange(&h, values, 4, net.local, &err), AIECON_OK);
    free(values);
    halo_free(&h);
    halo_free(&h); /* idempotent */
    network_free(&net);
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("halo", NULL, NULL);
    CU_add_test(s, "ghosts hold their owners' values (8, 1, 4, 3, 5 bytes)", test_exchange);
    CU_add_test(s, "tiny graphs", test_tiny);
    CU_add_test(s, "bad value sizes refused; free is safe and idempotent", test_bad_sizes);
}
