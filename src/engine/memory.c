/* memory.c — the engine's allocations (see memory.h): ordinary arrays with an overflow check
 * (memory_alloc_array, the one copy the network and halo builders use), and large agent arrays on
 * transparent huge pages (memory_alloc_hot).
 *
 * What it does: one mmap per array, with a page in front holding the mapping's base and length
 * (so that memory_free_hot needs only the pointer), the array itself on a 2 MiB boundary when it
 * is large, madvise(MADV_HUGEPAGE) on its whole 2 MiB stretches, and nothing touched: fresh
 * anonymous memory is zero, and the first touch of each stretch faults in one huge page.
 * Why a mapping of its own: malloc serves large requests from memory the network build just freed,
 * already faulted in 4 KiB pages, and THP does not convert those (measured: no huge page at all in
 * a 2-rank bench when the arrays came from posix_memalign + madvise; docs/PERFORMANCE.md).
 * What it costs: a page and up to 2 MiB of address space (not memory) per array, and one mmap and
 * munmap each; the arrays are allocated once per run. memory_alloc_array costs a malloc. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise and MADV_HUGEPAGE are Linux, not POSIX */
#include "aiecon/engine/memory.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
void *memory_alloc_hot(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    size_t bytes = count * size;
    return calloc(bytes > 0 ? bytes : 1, 1);
}

void memory_free_hot(void *p)
{
    free(p);
}
#else
typedef struct hot_header {
    void *base;     /* the mapping, for munmap */
    size_t length;
} hot_header;

void *memory_alloc_hot(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    size_t bytes = count * size;
    if (bytes == 0) bytes = 1;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t align = bytes >= MEMORY_HUGE_PAGE ? MEMORY_HUGE_PAGE : page;
    if (bytes > SIZE_MAX - 2 * align - page) return NULL;
    size_t length = page + align + bytes; /* header page, room to align, the array */
    unsigned char *base = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return NULL;
    uintptr_t start = ((uintptr_t)base + page + align - 1) & ~(uintptr_t)(align - 1);
    unsigned char *p = (unsigned char *)start;
    hot_header *h = (hot_header *)(p - sizeof *h);
    h->base = base;
    h->length = length;
#ifdef MADV_HUGEPAGE
    size_t whole = bytes & ~(size_t)(MEMORY_HUGE_PAGE - 1);
    if (whole > 0) (void)madvise(p, whole, MADV_HUGEPAGE); /* advice only: refused where THP is off */
#endif
    return p;
}

void memory_free_hot(void *p)
{
    if (p == NULL) return;
    const hot_header *h = (const hot_header *)((unsigned char *)p - sizeof *h);
    (void)munmap(h->base, h->length);
}
#endif

void *memory_alloc_array(size_t count, size_t size)
{
    if (count == 0) count = 1;
    if (size == 0 || count > SIZE_MAX / size) return NULL;
    return malloc(count * size);
}
