/* memory.h — the large arrays that agent loops read at random (state bytes indexed by neighbour,
 * adjacency), allocated so that the kernel can back them with transparent huge pages.
 *
 * An array of at least MEMORY_HUGE_PAGE bytes is aligned to a 2 MiB boundary and marked with
 * madvise(MADV_HUGEPAGE) before its first touch; smaller ones are plain calloc. Why: the household
 * loop is bound by the latency of its neighbours' state reads, and with 4 KiB pages a random read
 * into a 10 MB array misses the TLB as well as the cache; Debian's default THP mode is `madvise`,
 * which gives huge pages only to memory that asks. Where THP is off, or madvise is refused, the
 * memory is ordinary and only the alignment remains. Memory from memory_alloc_hot is released
 * with free(). No state, no MPI, no I/O. */
#ifndef AIECON_MEMORY_H
#define AIECON_MEMORY_H

#include <stddef.h>

enum { MEMORY_HUGE_PAGE = 2 * 1024 * 1024 };

/* count × size bytes, zeroed (at least one byte, so that an empty array is a valid pointer); NULL
 * when out of memory or when count × size overflows. Owned by the caller, released with free(). */
void *memory_alloc_hot(size_t count, size_t size);

#endif
