/* test_partition.c — the block partition (partition.h): for many (agents, ranks) pairs, including
 * more ranks than agents and populations too large to enumerate, every id has exactly one owner,
 * blocks are contiguous and in rank order, counts sum to n and differ by at most one. */
#include "cunit_mpi.h"

#include <stdint.h>

#include "aiecon/engine/partition.h"

/* Block-level invariants, O(ranks). */
static void check_blocks(partition p)
{
    uint64_t sum = 0, lo = UINT64_MAX, hi = 0;
    for (int r = 0; r < p.ranks; r++) {
        uint64_t c = partition_count(p, r);
        CU_ASSERT_EQUAL(partition_first(p, r), sum); /* contiguous, in rank order */
        sum += c;
        lo = c < lo ? c : lo;
        hi = c > hi ? c : hi;
        if (c > 0) {
            CU_ASSERT_EQUAL(partition_owner(p, partition_first(p, r)), r);
            CU_ASSERT_EQUAL(partition_owner(p, partition_first(p, r) + c - 1), r);
        }
    }
    CU_ASSERT_EQUAL(sum, p.agents);
    CU_ASSERT_EQUAL(partition_first(p, p.ranks), p.agents);
    CU_ASSERT_TRUE(hi - lo <= 1);
}

/* Owner of g holds g. */
static void check_id(partition p, uint64_t g)
{
    int r = partition_owner(p, g);
    CU_ASSERT_TRUE_FATAL(r >= 0 && r < p.ranks);
    uint64_t first = partition_first(p, r);
    CU_ASSERT_TRUE(first <= g && g < first + partition_count(p, r));
}

static void test_small_exhaustive(void)
{
    for (uint64_t n = 0; n <= 50; n++) {
        for (int ranks = 1; ranks <= 17; ranks++) {
            partition p = {n, ranks};
            check_blocks(p);
            for (uint64_t g = 0; g < n; g++) {
                check_id(p, g);
            }
        }
    }
}

static void test_medium_exhaustive(void)
{
    const uint64_t sizes[] = {997, 1000, 4096, 10007};
    const int ranks[] = {1, 2, 3, 7, 64, 1000, 5000, 20000};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        for (size_t j = 0; j < sizeof ranks / sizeof *ranks; j++) {
            partition p = {sizes[i], ranks[j]};
            check_blocks(p);
            for (uint64_t g = 0; g < p.agents; g++) {
                check_id(p, g);
            }
        }
    }
}

/* Populations far too large to enumerate: blocks, their edges and a spread of ids. */
static void test_large(void)
{
    const uint64_t sizes[] = {UINT64_C(1000000000), UINT64_C(1000000007), (UINT64_C(1) << 40) + 7,
                              (UINT64_C(1) << 32) * 1000 + 999};
    const int ranks[] = {1, 3, 128, 999, 1024, 100000};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        for (size_t j = 0; j < sizeof ranks / sizeof *ranks; j++) {
            partition p = {sizes[i], ranks[j]};
            check_blocks(p);
            uint64_t step = p.agents / 9973 + 1;
            for (uint64_t g = 0; g < p.agents; g += step) {
                check_id(p, g);
            }
            check_id(p, p.agents - 1);
        }
    }
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("partition", NULL, NULL);
    CU_add_test(s, "agents 0..50 over 1..17 ranks, every id", test_small_exhaustive);
    CU_add_test(s, "medium populations, up to 20000 ranks, every id", test_medium_exhaustive);
    CU_add_test(s, "populations up to 2^42 over up to 100000 ranks", test_large);
}
