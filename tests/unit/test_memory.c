/* test_memory.c — agent arrays on huge pages (memory.h): every size from empty to 64 MiB comes
 * back zeroed and writable end to end, large ones on a 2 MiB boundary (outside ASan, where the
 * allocator is plain calloc), and a size that overflows is refused. */
#include "cunit_mpi.h"

#include <stdint.h>
#include <string.h>

#include "aiecon/engine/memory.h"

static void test_sizes(void)
{
    const size_t sizes[] = {0, 1, 4095, 4096, MEMORY_HUGE_PAGE - 1, MEMORY_HUGE_PAGE, MEMORY_HUGE_PAGE + 1,
                            (size_t)64 << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        size_t n = sizes[i];
        unsigned char *p = memory_alloc_hot(n, 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        size_t stride = n > 4096 ? 4093 : 1; /* zeroed: a sample across the whole array */
        int zero = 1;
        for (size_t j = 0; j < n; j += stride) zero &= p[j] == 0;
        if (n > 0) zero &= p[n - 1] == 0;
        CU_ASSERT_TRUE(zero);
        if (n > 0) {
            memset(p, 0xab, n); /* writable end to end */
            CU_ASSERT_EQUAL(p[n - 1], 0xab);
        }
#if !defined(__SANITIZE_ADDRESS__)
        if (n >= MEMORY_HUGE_PAGE) CU_ASSERT_EQUAL((uintptr_t)p % MEMORY_HUGE_PAGE, 0);
#endif
        memory_free_hot(p);
    }
    memory_free_hot(NULL);
}

static void test_overflow(void)
{
    CU_ASSERT_PTR_NULL(memory_alloc_hot(SIZE_MAX / 2, 4));
#if !defined(__SANITIZE_ADDRESS__) /* ASan aborts on such a request instead of returning NULL */
    CU_ASSERT_PTR_NULL(memory_alloc_hot(SIZE_MAX, 1));
#endif
}

void aiecon_test_register(void)
{
    CU_pSuite s = CU_add_suite("memory", NULL, NULL);
    CU_add_test(s, "sizes from 0 to 64 MiB: zeroed, writable, large ones 2 MiB aligned", test_sizes);
    CU_add_test(s, "count x size that overflows is refused", test_overflow);
}
