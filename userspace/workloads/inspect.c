// SPDX-License-Identifier: GPL-2.0
/*
 * Inspection workloads: lookups that must see a protnone page as present and
 * never fault.  Their headline is an error count, 0 where the kernel is right.
 * - smaps: /proc/PID/smaps Rss of 4K and THP memory that NUMA balancing made
 *   protnone, and of THP memory in a PROT_NONE VMA, against what is mapped
 *   (kB missing).  6.1 .. 6.5-rc asked follow_trans_huge_pmd(FOLL_DUMP) for
 *   THPs and got no page.
 * - ksm: upstream ksm_functional_tests' test_prot_none, written anew: merge a
 *   PROT_NONE range, write a unique value into one half through
 *   /proc/self/mem (with PROC_MEM_FORCE_PTRACE, as in Debian's 7.3, through a
 *   ptracer's /proc/PID/mem: the note says which), MADV_UNMERGEABLE the other
 *   half (pages not merged + pages left shared).
 * - move-pages: move_pages(2) of protnone pages, their status (pages whose
 *   status lookup failed: 6.1 .. 6.5-rc's follow_page() got no page), then a
 *   move to node B (how many moved: in the note).
 */
#include <errno.h>
#include <fcntl.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"
#include "lib/gupnuma_dev.h"
#include "lib/numa_mem.h"
#include "lib/proc_mem.h"
#include "workload.h"

/* smaps: the memory three times: 4K pages, THPs, THPs in a PROT_NONE VMA. */
struct smaps_state {
	char *raw4k, *area4k, *rawnone, *areanone;
};

static int smaps_prepare(struct wl_run *r)
{
	struct smaps_state *s = calloc(1, sizeof(*s));
	size_t size = r->p->size;

	if (!s)
		return cli_error("out of memory");
	r->priv = s;
	r->error_unit = "kB";
	r->errors = 0;
	r->npages = size / 4096;
	s->area4k = gn_map_aligned(size, false, &s->raw4k);
	s->areanone = gn_map_aligned(size, true, &s->rawnone);
	r->area = gn_map_aligned(size, true, &r->raw);
	if (!s->area4k || !s->areanone || !r->area)
		return cli_error("cannot map 3 x %zu MiB: %s", size >> 20, strerror(errno));
	if (gn_place(s->area4k, size, r->p->from, r->p->to) ||
	    gn_place(s->areanone, size, r->p->from, r->p->to) ||
	    gn_place(r->area, size, r->p->from, r->p->to))
		return cli_error("placing the memory on node %d: %s", r->p->from, strerror(errno));
	if (mprotect(s->areanone, size, PROT_NONE))
		return cli_error("mprotect(PROT_NONE): %s", strerror(errno));
	return 0;
}

/* kB of the VMA at @addr that smaps does not count. */
static long smaps_missing_kb(void *addr, size_t size)
{
	long rss = gn_smaps_rss_kb(addr);

	return rss < 0 ? -1 : (long)(size >> 10) - rss;
}

static int smaps_access(struct wl_run *r)
{
	struct smaps_state *s = r->priv;
	long m4k = smaps_missing_kb(s->area4k, r->p->size);
	long mthp = smaps_missing_kb(r->area, r->p->size);
	long mnone = smaps_missing_kb(s->areanone, r->p->size);

	if (m4k < 0 || mthp < 0 || mnone < 0)
		return cli_error("cannot read /proc/self/smaps");
	if (m4k + mthp + mnone > r->errors) {
		r->errors = m4k + mthp + mnone;
		snprintf(r->note, sizeof(r->note),
			 "4K %ld kB, THP %ld kB, THP in a PROT_NONE VMA %ld kB missing", m4k, mthp,
			 mnone);
	}
	r->accesses++;
	return 0;
}

static void smaps_teardown(struct wl_run *r)
{
	struct smaps_state *s = r->priv;

	if (s && s->raw4k)
		munmap(s->raw4k, r->p->size + GN_THP_SIZE);
	if (s && s->rawnone)
		munmap(s->rawnone, r->p->size + GN_THP_SIZE);
	free(s);
	r->priv = NULL;
	wl_unmap(r);
}

const struct workload wl_smaps = {
	.name = "smaps",
	.doc = "/proc/PID/smaps Rss of protnone 4K and THP memory, and of THPs in a PROT_NONE VMA (kB missing)",
	.kind = WL_CORRECTNESS,
	.prepare = smaps_prepare,
	.access = smaps_access,
	.teardown = smaps_teardown,
};

/* ksm: a fixed 64 pages, whatever --size says. */
#define KSM_PAGES	64
#define KSM_PAGE	4096

struct ksm_state {
	char *map;
	long scans0;
	int merged;
	bool done;
};

static int ksm_prepare(struct wl_run *r)
{
	struct ksm_state *k = calloc(1, sizeof(*k));

	if (!k)
		return cli_error("out of memory");
	r->priv = k;
	r->error_unit = "pages";
	k->map = mmap(NULL, KSM_PAGES * KSM_PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (k->map == MAP_FAILED) {
		k->map = NULL;
		return cli_error("mmap: %s", strerror(errno));
	}
	memset(k->map, 0x11, KSM_PAGES * KSM_PAGE);
	if (mprotect(k->map, KSM_PAGES * KSM_PAGE, PROT_NONE) ||
	    madvise(k->map, KSM_PAGES * KSM_PAGE, MADV_MERGEABLE))
		return cli_error("PROT_NONE + MADV_MERGEABLE: %s", strerror(errno));
	if (gn_ksm_write("pages_to_scan", "10000") || gn_ksm_write("sleep_millisecs", "0") ||
	    gn_ksm_write("run", "1"))
		return cli_error("cannot start ksmd (root?)");
	k->scans0 = gn_ksm_full_scans();
	return 0;
}

/* After two full scans by ksmd: whatever merged has merged; then unmerge. */
static int ksm_unmerge(struct wl_run *r)
{
	struct ksm_state *k = r->priv;
	char *half = k->map + KSM_PAGES / 2 * KSM_PAGE;
	enum gn_force_how how;

	k->merged = gn_shared_pages(k->map, KSM_PAGES);
	if (gn_force_write(k->map, KSM_PAGE, KSM_PAGES / 2, &how))
		return cli_error("a FOLL_FORCE write into the PROT_NONE range: %s", strerror(errno));
	if (madvise(half, KSM_PAGES / 2 * KSM_PAGE, MADV_UNMERGEABLE))
		return cli_error("MADV_UNMERGEABLE: %s", strerror(errno));
	r->errors = (KSM_PAGES - k->merged) + gn_shared_pages(half, KSM_PAGES / 2);
	snprintf(r->note, sizeof(r->note), "merged %d of %d, %d of %d left shared (written via %s)",
		 k->merged, KSM_PAGES, gn_shared_pages(half, KSM_PAGES / 2), KSM_PAGES / 2,
		 gn_force_how_name(how));
	k->done = true;
	r->done = true;
	return 0;
}

static int ksm_access(struct wl_run *r)
{
	struct ksm_state *k = r->priv;

	r->accesses++;
	if (k->done || gn_ksm_full_scans() < k->scans0 + 2)
		return 0;
	return ksm_unmerge(r);
}

static int ksm_check(struct wl_run *r)
{
	struct ksm_state *k = r->priv;

	if (k->done)
		return 0;
	snprintf(r->note, sizeof(r->note), "ksmd did not finish two scans in %.0f s",
		 r->p->duration);
	return ksm_unmerge(r);
}

static void ksm_teardown(struct wl_run *r)
{
	struct ksm_state *k = r->priv;

	if (k && k->map)
		munmap(k->map, KSM_PAGES * KSM_PAGE);
	gn_ksm_write("run", "2");	/* unmerge everything, stop ksmd */
	free(k);
	r->priv = NULL;
}

const struct workload wl_ksm = {
	.name = "ksm",
	.doc = "KSM merging and unmerging a PROT_NONE range (ksm_functional_tests test_prot_none)",
	.kind = WL_CORRECTNESS,
	.needs = WL_NEEDS_KSM,
	.prepare = ksm_prepare,
	.access = ksm_access,
	.check = ksm_check,
	.teardown = ksm_teardown,
};

static int move_prepare(struct wl_run *r)
{
	/*
	 * numa_pte_updates before the memory exists: a scan on the return
	 * from the mbind() that lets NUMA balancing in can make it protnone
	 * before wl_map_placed() returns, and a page already protnone is not
	 * counted again (once, on 5.10, none of it was: no answer in 30 s).
	 * The runner's spinning drives the scan.
	 */
	long pte0 = gn_vmstat("numa_pte_updates");
	int err = wl_map_placed(r, NULL);

	if (err)
		return err;
	r->error_unit = "pages";
	r->errors = -1;
	r->awaits_scan = true;
	r->priv = (void *)pte0;
	return 0;
}

/* Once the memory is protnone: its status, then a move to node B. */
static int move_access(struct wl_run *r)
{
	void **addrs;
	int *status, *nodes, stat_err = 0;
	size_t i, bad = 0, stat_bad = 0;
	bool mixed = false;

	r->accesses++;
	if (r->errors >= 0 || !wl_scanned(r, gn_vmstat("numa_pte_updates") - (long)r->priv))
		return 0;
	addrs = calloc(r->npages, sizeof(*addrs));
	status = calloc(r->npages, sizeof(*status));
	nodes = calloc(r->npages, sizeof(*nodes));
	if (!addrs || !status || !nodes) {
		free(addrs);
		free(status);
		free(nodes);
		return cli_error("out of memory");
	}
	for (i = 0; i < r->npages; i++) {
		addrs[i] = r->area + i * 4096;
		nodes[i] = r->p->to;
	}
	if (move_pages(0, r->npages, addrs, NULL, status, 0))
		goto fail;
	for (i = 0; i < r->npages; i++) {
		stat_bad += status[i] < 0;
		if (status[i] < 0 && !stat_err)
			stat_err = -status[i];
		mixed |= status[i] < 0 && -status[i] != stat_err;
	}
	if (move_pages(0, r->npages, addrs, nodes, status, MPOL_MF_MOVE) < 0)
		goto fail;
	for (i = 0; i < r->npages; i++)
		bad += status[i] != r->p->to;
	/* the inspection's errors; a move can also fail for reasons of its own (THP splits) */
	r->errors = stat_bad;
	r->done = true;
	snprintf(r->note, sizeof(r->note), "status failed for %zu (%s%s), move for %zu of %zu pages",
		 stat_bad, stat_bad ? strerrorname_np(stat_err) : "no error",
		 mixed ? " and others" : "", bad, r->npages);
	free(addrs);
	free(status);
	free(nodes);
	return 0;
fail:
	free(addrs);
	free(status);
	free(nodes);
	return cli_error("move_pages: %s", strerror(errno));
}

static int move_check(struct wl_run *r)
{
	if (r->errors < 0)
		snprintf(r->note, sizeof(r->note), "NUMA balancing did not scan the memory in %.0f s",
			 r->p->duration > WL_SCAN_WAIT_S ? r->p->duration : WL_SCAN_WAIT_S);
	return 0;
}

static void move_teardown(struct wl_run *r)
{
	r->priv = NULL;
	wl_unmap(r);
}

const struct workload wl_move_pages = {
	.name = "move-pages",
	.doc = "move_pages(2) status and migration of protnone pages (numactl/migratepages tools)",
	.kind = WL_CORRECTNESS,
	.thp = true,
	.prepare = move_prepare,
	.access = move_access,
	.check = move_check,
	.teardown = move_teardown,
};
