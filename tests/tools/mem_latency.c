/* mem_latency.c — the latency of one dependent random read, the quantity that bounds the household
 * loop's neighbour gather (docs/PERFORMANCE.md, "What bounds the household loop").
 *
 * What: a pointer chase through one random cycle (Sattolo's shuffle) over arrays of 1 MB to 1 GB,
 * each on 4 KiB pages (MADV_NOHUGEPAGE) and on 2 MiB transparent huge pages (MADV_HUGEPAGE), and
 * prints nanoseconds per load. Every load depends on the one before, so the figure is the full
 * latency (cache or DRAM, plus any TLB miss), with nothing overlapped; the household loop's reads
 * are independent, so the core overlaps several and pays less than this per read. Part of the
 * `bench` CMake target; not a test. Cost: about 2 s and up to 1 GB of memory. */
#define _DEFAULT_SOURCE /* madvise */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static uint64_t next_random(uint64_t *s) /* xorshift64*: a tool's shuffle, not the model's RNG */
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

/* ns per dependent load over `bytes`, or a negative number if memory is short. */
static double chase(size_t bytes, int huge)
{
    size_t n = bytes / sizeof(uint32_t);
    uint32_t *next = NULL;
    if (posix_memalign((void **)&next, 2u << 20, n * sizeof *next) != 0) return -1.0;
    (void)madvise(next, n * sizeof *next, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    for (size_t i = 0; i < n; i++) next[i] = (uint32_t)i;
    uint64_t seed = 88172645463325252u;
    for (size_t i = n - 1; i > 0; i--) { /* Sattolo: one cycle through every element */
        size_t j = (size_t)(next_random(&seed) % i);
        uint32_t t = next[i];
        next[i] = next[j];
        next[j] = t;
    }
    size_t loads = 20u * 1000 * 1000;
    uint32_t at = 0;
    for (size_t i = 0; i < n && i < loads / 10; i++) at = next[at]; /* warm the caches and TLB */
    double t0 = now();
    for (size_t i = 0; i < loads; i++) at = next[at];
    double ns = (now() - t0) * 1e9 / (double)loads;
    if (at == UINT32_MAX) puts(""); /* keep the chase from being optimised away */
    free(next);
    return ns;
}

int main(void)
{
    const size_t mb[] = {1, 16, 64, 256, 1024};
    printf("latency of a dependent random read [ns/load] (4 KiB pages / 2 MiB huge pages):\n");
    for (size_t i = 0; i < sizeof mb / sizeof *mb; i++) {
        double small = chase(mb[i] << 20, 0), huge = chase(mb[i] << 20, 1);
        if (small < 0 || huge < 0) {
            printf("  %5zu MB: not enough memory\n", mb[i]);
            continue;
        }
        printf("  %5zu MB: %6.1f / %6.1f\n", mb[i], small, huge);
    }
    return 0;
}
