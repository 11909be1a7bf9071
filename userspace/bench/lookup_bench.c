// SPDX-License-Identifier: GPL-2.0
/*
 * walk vs gup engine throughput on the same 256 MiB range, 4K pages and THP,
 * measured side by side in one boot: the engines alternate, 7 rounds each,
 * and the medians are compared.  GET lookups as a GUP user makes them (refs
 * taken and dropped), no per-page output.  Prints TAP, and one
 * machine-readable "bench:" line per page size.
 */
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../lib/gupnuma_dev.h"

#define SIZE (256UL << 20)
#define ROUNDS 7
#define THP (2UL << 20)

static int cmp(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

static int bench(int fd, bool thp, int n)
{
	unsigned long long t[2][ROUNDS];
	size_t npages = SIZE / 4096;
	double ratio;
	char *raw, *p;
	int r, e, ok = 1;

	raw = mmap(NULL, SIZE + THP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return 0;
	p = (char *)(((unsigned long)raw + THP - 1) & ~(THP - 1));
	madvise(p, SIZE, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	memset(p, 1, SIZE);
	for (r = 0; r < ROUNDS; r++) {
		for (e = 0; e < 2; e++) {
			struct gupnuma_lookup_args a;
			unsigned int engine = e ? GUPNUMA_ENGINE_GUP : GUPNUMA_ENGINE_WALK;

			if (gn_lookup(fd, &a, p, npages, GUPNUMA_CALLER_GUP, GUPNUMA_LOOKUP_GET,
				      engine, gn_policy_index("v6.6"), NULL) || a.found != npages) {
				printf("# %s engine found %llu of %zu pages\n", e ? "gup" : "walk",
				       (unsigned long long)a.found, npages);
				ok = 0;
			}
			t[e][r] = a.elapsed_ns;
		}
	}
	qsort(t[0], ROUNDS, sizeof(t[0][0]), cmp);
	qsort(t[1], ROUNDS, sizeof(t[1][0]), cmp);
	ratio = (double)t[1][ROUNDS / 2] / t[0][ROUNDS / 2];
	printf("# %s: walk median %.2f ms (%.0f MiB/s), gup median %.2f ms (%.0f MiB/s)\n",
	       thp ? "THP" : "4K", t[0][ROUNDS / 2] / 1e6, 256e9 / t[0][ROUNDS / 2],
	       t[1][ROUNDS / 2] / 1e6, 256e9 / t[1][ROUNDS / 2]);
	printf("bench: pages=%s size_mib=256 rounds=%d walk_ns=%llu gup_ns=%llu walk_over_gup_throughput=%.3f\n",
	       thp ? "thp" : "4k", ROUNDS, t[0][ROUNDS / 2], t[1][ROUNDS / 2], ratio);
	/* A regression guard, not the target (>= 0.9): TCG timings are noisy. */
	printf("%sok %d walk throughput is %.2fx gup on %s pages (guard: >= 0.5)\n",
	       ok && ratio >= 0.5 ? "" : "not ", n, ratio, thp ? "THP" : "4K");
	munmap(raw, SIZE + THP);
	return ok && ratio >= 0.5;
}

int main(void)
{
	int fd = gn_open(), ok;

	printf("TAP version 13\n1..2\n");
	if (fd < 0) {
		printf("not ok 1 open %s\nnot ok 2 open %s\n", GUPNUMA_DEV_PATH, GUPNUMA_DEV_PATH);
		return 1;
	}
	ok = bench(fd, false, 1);
	ok &= bench(fd, true, 2);
	return ok ? 0 : 1;
}
