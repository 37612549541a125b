/* memory.h — the engine's allocations: memory_alloc_array for ordinary arrays (malloc with an
 * overflow check), and memory_alloc_hot for the large arrays that agent loops read at random
 * (state bytes indexed by neighbour, adjacency), allocated so that the kernel can back them with
 * transparent huge pages.
 *
 * Each array is its own anonymous mapping: arrays of at least MEMORY_HUGE_PAGE bytes start on a
 * 2 MiB boundary and are marked madvise(MADV_HUGEPAGE) before their first touch. Why: the household
 * loop is bound by the latency of its neighbours' state reads, and with 4 KiB pages a random read
 * also misses the TLB; Debian's default THP mode is `madvise`, which gives huge pages only to
 * memory that asks, and only when it is first touched, so memory that malloc hands back from
 * earlier use (the network build frees gigabytes just before) never gets them. Where THP is off
 * or the advice is refused, the memory is ordinary. Release with memory_free_hot, never free().
 * Under AddressSanitizer both are plain calloc/free, so that ASan still checks every access.
 * No state, no MPI, no I/O. */
#ifndef AIECON_MEMORY_H
#define AIECON_MEMORY_H

#include <stddef.h>

enum { MEMORY_HUGE_PAGE = 2 * 1024 * 1024 };

/* malloc of count elements of size bytes (at least one element, so that an empty array is a valid
 * pointer to hand to MPI); NULL on overflow or exhaustion. Owned by the caller: free(). */
void *memory_alloc_array(size_t count, size_t size);

/* count × size bytes, zeroed (at least one byte, so that an empty array is a valid pointer); NULL
 * when out of memory or when count × size overflows. Owned by the caller: memory_free_hot. */
void *memory_alloc_hot(size_t count, size_t size);

/* Release what memory_alloc_hot returned; NULL is ignored. */
void memory_free_hot(void *p);

#endif
