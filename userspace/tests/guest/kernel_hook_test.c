// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own lookups under gupnuma's policy (test kernel with
 * kernel-patches/): live reproductions of what each kernel version did.
 * - v6.1: smaps undercounts THPs that NUMA balancing made protnone
 *   (4K pages are counted: smaps' PTE walk never asked GUP);
 * - v6.1: ksmd cannot merge a PROT_NONE range (folio_walk gets no page);
 * - v6.5: FOLL_FORCE reads of protnone memory (/proc/self/mem, or a ptracer's
 *   /proc/PID/mem where the kernel forces only for a ptracer) take hinting
 *   faults; v6.6 and v3.8 take none;
 * and v6.6 behaves as stock 6.12 in all three; a core dump's lookups are the
 * dump caller's (FOLL_DUMP), not a forced GUP's; gupnuma takes the sites where
 * the policy differs from the running kernel's (all in observe mode) and
 * counts what it decides there.
 */
#include <errno.h>
#include <fcntl.h>
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../lib/gupnuma_dev.h"
#include "../../lib/race_thread.h"
#include "../../lib/proc_mem.h"

#define PAGE 4096UL
#define THP (2UL << 20)
#define SIZE (16UL << 20)
#define NPAGES (SIZE / PAGE)

/* /dev/gupnuma in a kernel where gupnuma decides for the kernel; else -1 and why. */
static int open_hooked(const char **why)
{
	char buf[8];
	int fd = gn_open();

	*why = "no " GUPNUMA_DEV_PATH " (load gupnuma.ko)";
	if (fd < 0)
		return -1;
	if (gn_sysfs_read("kernel_hook", buf, sizeof(buf)) || buf[0] != '1') {
		close(fd);
		*why = "kernel without the protnone hook (kernel-patches/)";
		return -1;
	}
	return fd;
}

/*
 * The policy that decides as the running kernel does (sysfs kernel_policy:
 * v7.3 on a kernel with userfaultfd RWP, else v6.6): the one the tests
 * return to, under which gupnuma takes no site.
 */
static const char *kernel_policy(void)
{
	static char buf[GN_POLICY_NAME_LEN];

	if (!buf[0] && gn_sysfs_read_line("kernel_policy", buf, sizeof(buf)))
		return "(kernel_policy unreadable)";
	return buf;
}

FIXTURE(hook) {
	int fd;
	struct gupnuma_page *pages;
};

FIXTURE_VARIANT(hook) {
	bool thp;
};

FIXTURE_VARIANT_ADD(hook, pte) { .thp = false };
FIXTURE_VARIANT_ADD(hook, thp) { .thp = true };

FIXTURE_SETUP(hook)
{
	const char *why;

	self->fd = open_hooked(&why);
	if (self->fd < 0)
		SKIP(return, "%s", why);
	if (numa_available() < 0 || numa_max_node() < 1)
		SKIP(return, "needs 2 NUMA nodes");
	ASSERT_EQ(0, gn_numa_knobs_fast());
	ASSERT_EQ(0, gn_set_policy(kernel_policy()));
	self->pages = calloc(NPAGES, sizeof(*self->pages));
	ASSERT_NE(NULL, self->pages);
}

FIXTURE_TEARDOWN(hook)
{
	if (self->fd >= 0) {
		gn_sysfs_write("kernel_hook_observe", "0");
		gn_set_policy(kernel_policy());
		close(self->fd);
	}
	free(self->pages);
}

/* The same set-up, for what only 4K pages show (KSM merges 4K pages). */
FIXTURE(hook4k) {
	int fd;
};

FIXTURE_SETUP(hook4k)
{
	const char *why;

	self->fd = open_hooked(&why);
	if (self->fd < 0)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, gn_set_policy(kernel_policy()));
}

FIXTURE_TEARDOWN(hook4k)
{
	if (self->fd >= 0) {
		gn_sysfs_write("kernel_hook_observe", "0");
		gn_sysfs_write("shadow", "0");
		gn_sysfs_write("custom", "smaps follow follow");
		gn_set_policy(kernel_policy());
		close(self->fd);
	}
}

TEST_F_TIMEOUT(hook, smaps_counts_protnone_memory_except_thp_under_v6_1, 120)
{
	char *area = gn_map_on_node(SIZE, variant->thp, 0);
	long rss_v66, rss_rc1, rss_again;
	int protnone;

	ASSERT_NE(NULL, area);
	protnone = gn_wait_protnone(self->fd, area, NPAGES, NPAGES / 2, 60, 1, self->pages);
	ASSERT_GE(protnone, (int)NPAGES / 2);
	rss_v66 = gn_smaps_rss_kb(area);
	ASSERT_EQ(0, gn_set_policy("v6.1"));
	rss_rc1 = gn_smaps_rss_kb(area);
	ASSERT_EQ(0, gn_set_policy("v6.6"));
	rss_again = gn_smaps_rss_kb(area);
	TH_LOG("%s: %d of %lu pages protnone; smaps Rss v6.6 %ld kB, v6.1 %ld kB, v6.6 again %ld kB",
	       variant->thp ? "THP" : "4K", gn_count_protnone(self->fd, area, NPAGES, self->pages),
	       NPAGES, rss_v66, rss_rc1, rss_again);
	EXPECT_EQ((long)(SIZE >> 10), rss_v66);
	EXPECT_EQ((long)(SIZE >> 10), rss_again);
	if (variant->thp) {
		/* the 474098edac26 fallout: protnone THPs are not counted */
		EXPECT_LE(rss_rc1, rss_v66 - (long)(protnone * PAGE >> 10));
	} else {
		EXPECT_EQ(rss_v66, rss_rc1);
	}
}

/* /proc/self/mem reads (a ptracer's, with PROC_MEM_FORCE_PTRACE): FOLL_FORCE lookups. */
TEST_F_TIMEOUT(hook, proc_mem_reads_take_hinting_faults_only_under_v6_5, 240)
{
	static const struct {
		const char *policy;
		bool hints;
	} runs[] = { { "v6.6", false }, { "v3.8", false }, { "v6.5", true } };
	/* A bound buffer: NUMA balancing does not scan it, so copying into it
	 * takes no hinting fault of its own. */
	char *area = gn_map_on_node(SIZE, variant->thp, 0), *buf = numa_alloc_onnode(SIZE, 1);
	enum gn_force_how how;
	int before, after;
	size_t r;

	ASSERT_NE(NULL, area);
	ASSERT_NE(NULL, buf);
	for (r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
		long vm0;

		before = gn_wait_protnone(self->fd, area, NPAGES, NPAGES / 2, 60, 1, self->pages);
		ASSERT_GE(before, (int)NPAGES / 2);
		ASSERT_EQ(0, gn_set_policy(runs[r].policy));
		vm0 = gn_vmstat("numa_hint_faults");
		ASSERT_EQ(0, gn_force_read(area, buf, SIZE, &how));
		vm0 = gn_vmstat("numa_hint_faults") - vm0;
		ASSERT_EQ(0, gn_set_policy(kernel_policy()));
		after = gn_count_protnone(self->fd, area, NPAGES, self->pages);
		TH_LOG("%s %s: protnone pages %d -> %d, numa_hint_faults +%ld (read via %s)",
		       variant->thp ? "THP" : "4K", runs[r].policy, before, after, vm0,
		       gn_force_how_name(how));
		EXPECT_EQ(1, buf[0]);
		/* The area's protnone pages tell; vmstat is system-wide, so a bound. */
		if (runs[r].hints && variant->thp) {
			/* one hinting fault per protnone PMD met (the scan may
			 * re-protect THPs at once, so "after" tells nothing) */
			EXPECT_GE(vm0, before / 512);
			EXPECT_GT(vm0, 0);
		} else if (runs[r].hints) {
			EXPECT_GE(vm0, before - after);
			EXPECT_LT(after, before / 4);
		} else {
			/*
			 * A read that faulted would take one per protnone page
			 * (thousands); the rest of the system takes a few
			 * meanwhile (17 once, under KASAN): at most 1/64 of
			 * the pages read.
			 */
			EXPECT_LE(vm0, before / 64);
			EXPECT_GE(after, before);
		}
	}
	numa_free(buf, SIZE);
}

/*
 * As upstream's ksm_functional_tests test_prot_none, under each policy: ksmd
 * finds the pages of a PROT_NONE range through folio_walk (follow_page()
 * until 6.11), which 6.1 made fail at protnone entries, so nothing merges
 * under v6.1.  Where merged, a FOLL_FORCE write and MADV_UNMERGEABLE leave
 * nothing shared.  (6.1 also left such pages shared on unmerge; 7.3's
 * break_ksm() walks the page table itself, with no protnone decision.)
 */
TEST_F_TIMEOUT(hook4k, ksm_of_prot_none_range_fails_only_under_v6_1, 240)
{
	static const struct {
		const char *policy;
		bool merges;
	} runs[] = { { "v6.6", true }, { "v6.1", false }, { "v7.3", true } };
	const int n = 32;
	size_t r;

	if (access("/sys/kernel/mm/ksm/run", W_OK))
		SKIP(return, "no KSM (CONFIG_KSM)");
	ASSERT_EQ(0, gn_ksm_write("pages_to_scan", "10000"));
	ASSERT_EQ(0, gn_ksm_write("sleep_millisecs", "0"));
	for (r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
		char *map = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		enum gn_force_how how;
		double end = gn_now() + 60;
		int merged = 0, shared;
		long scans0;

		ASSERT_NE(MAP_FAILED, map);
		ASSERT_EQ(0, gn_set_policy(runs[r].policy));
		memset(map, 0x11, n * PAGE);
		ASSERT_EQ(0, mprotect(map, n * PAGE, PROT_NONE));
		ASSERT_EQ(0, madvise(map, n * PAGE, MADV_MERGEABLE));
		scans0 = gn_ksm_full_scans();
		ASSERT_LE(0, scans0);
		ASSERT_EQ(0, gn_ksm_write("run", "1"));
		/* two full scans: what can merge has merged */
		while (gn_now() < end && gn_ksm_full_scans() < scans0 + 2)
			usleep(20000);
		ASSERT_GE(gn_ksm_full_scans(), scans0 + 2) TH_LOG("ksmd did not scan twice in 60 s");
		merged = gn_shared_pages(map, n);
		if (merged) {
			/* a unique value in each page of the first half, with FOLL_FORCE */
			ASSERT_EQ(0, gn_force_write(map, PAGE, n / 2, &how));
			TH_LOG("written via %s", gn_force_how_name(how));
			ASSERT_EQ(0, madvise(map + n / 2 * PAGE, n / 2 * PAGE, MADV_UNMERGEABLE));
		}
		shared = gn_shared_pages(map + n / 2 * PAGE, n / 2);
		ASSERT_EQ(0, gn_set_policy(kernel_policy()));
		TH_LOG("%s: ksmd merged %d of %d pages; after MADV_UNMERGEABLE %d of %d still shared",
		       runs[r].policy, merged, n, shared, n / 2);
		EXPECT_EQ(runs[r].merges ? n : 0, merged);
		EXPECT_EQ(0, shared);
		ASSERT_EQ(0, gn_ksm_write("run", "2"));	/* unmerge everything */
		munmap(map, n * PAGE);
	}
}

/* kernel_hook_sites, without the newline, in @buf. */
static const char *hooked_sites(char *buf, size_t len)
{
	return gn_sysfs_read_line("kernel_hook_sites", buf, len) ? "(unreadable)" : buf;
}

/*
 * gupnuma decides only at the sites where the active policy can decide
 * otherwise than the running kernel (its kernel_policy; docs/decision-tables.md,
 * with the kernel's GUP following in PROT_NONE VMAs whatever the hook says);
 * observe mode takes them all.  The sites depend on the kernel's policy: on
 * 7.3, v6.6 differs from it at GUP in userfaultfd RWP VMAs.
 */
TEST_F(hook4k, each_policy_takes_the_sites_where_it_differs_from_the_kernel)
{
	static const struct {
		const char *policy;
		const char *sites_v66, *sites_v73;	/* kernel_policy v6.6, v7.3 */
	} cases[] = {
		{ "v6.6", "none", "gup" },	/* 6.12 itself; not 7.3's RWP rule */
		{ "v7.3", NULL, "none" },	/* 7.3 itself */
		{ "v6.5", "gup", "gup" },	/* honors by default */
		{ "v3.8", "gup", "gup" },	/* FOLL_NUMA */
		{ "v6.1", "gup folio_walk smaps", "gup folio_walk smaps" },	/* follow_page() broke */
		{ "never", "gup", "gup" },	/* KVM does not honor */
		{ "skip-pinned", "gup hmm", "gup hmm" },	/* pinned folios followed */
	};
	bool v73 = !strcmp(kernel_policy(), "v7.3");
	char buf[64];
	size_t i;

	ASSERT_TRUE(v73 || !strcmp(kernel_policy(), "v6.6")) TH_LOG("kernel_policy %s", kernel_policy());
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *want = v73 ? cases[i].sites_v73 : cases[i].sites_v66;

		if (!want)
			continue;
		ASSERT_EQ(0, gn_set_policy(cases[i].policy));
		EXPECT_STREQ(want, hooked_sites(buf, sizeof(buf)))
			TH_LOG("policy %s, the kernel's %s", cases[i].policy, kernel_policy());
	}
	ASSERT_EQ(0, gn_set_policy(kernel_policy()));
	ASSERT_EQ(0, gn_sysfs_write("kernel_hook_observe", "1"));
	EXPECT_STREQ("gup folio_walk smaps hmm", hooked_sites(buf, sizeof(buf)));
	ASSERT_EQ(0, gn_sysfs_write("kernel_hook_observe", "0"));
	EXPECT_STREQ("none", hooked_sites(buf, sizeof(buf)));
	/* a custom matrix row changes the sites of the active custom policy */
	ASSERT_EQ(0, gn_set_policy("custom"));
	ASSERT_EQ(0, gn_sysfs_write("custom", "smaps follow follow"));
	EXPECT_EQ(NULL, strstr(hooked_sites(buf, sizeof(buf)), "smaps"));
	ASSERT_EQ(0, gn_sysfs_write("custom", "smaps nopage follow"));
	EXPECT_NE(NULL, strstr(hooked_sites(buf, sizeof(buf)), "smaps"));
	ASSERT_EQ(0, gn_sysfs_write("custom", "smaps follow follow"));
	EXPECT_EQ(NULL, strstr(hooked_sites(buf, sizeof(buf)), "smaps"));
}

/* Read /proc/self/smaps_rollup: one walk of every VMA, in one record. */
static int read_smaps_rollup(void)
{
	char buf[4096];
	int fd = open("/proc/self/smaps_rollup", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	return n < 0 ? -errno : 0;
}

/*
 * smaps asks once per page table (a kernel batch, kernel-patches/0004) where
 * the decision cannot depend on the page, yet every entry is decided as the
 * policy says and counted once, shadow divergences included.  1,553 PROT_NONE
 * 4K pages over 4 or more page tables:
 * - under custom "smaps follow nopage", in shadow mode, smaps shows none of
 *   them, and one walk of each VMA (smaps_rollup) counts exactly 1,553
 *   nopage decisions and 1,553 divergences from v6.6 (protnone entries NUMA
 *   balancing made elsewhere are in accessible VMAs: follow, as under v6.6);
 * - under v6.6 in observe mode smaps shows them all, and 1,553 or more follow
 *   decisions are counted (those entries elsewhere too).
 */
TEST_F(hook4k, smaps_batches_decide_and_count_every_entry)
{
	static const struct {
		const char *policy, *shadow, *observe;
		int column;		/* of the decisions table: 0 follow, 2 nopage */
		bool shown, exact;	/* smaps shows the pages; only they are counted */
	} runs[] = {
		{ "custom", "1", "0", 2, false, true },
		{ "v6.6", "0", "1", 0, true, false },
	};
	const long n = 3 * 512 + 17;
	char *area = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	char row[GN_POLICY_NAME_LEN + 8];
	long long counted, diverged;
	size_t r;
	long rss;

	ASSERT_NE(MAP_FAILED, area);
	ASSERT_EQ(0, madvise(area, n * PAGE, MADV_NOHUGEPAGE));
	memset(area, 1, n * PAGE);
	ASSERT_EQ(0, mprotect(area, n * PAGE, PROT_NONE));
	ASSERT_EQ(0, gn_sysfs_write("custom", "smaps follow nopage"));
	for (r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
		ASSERT_EQ(0, gn_set_policy(runs[r].policy));
		ASSERT_EQ(0, gn_sysfs_write("shadow", runs[r].shadow));
		ASSERT_EQ(0, gn_sysfs_write("kernel_hook_observe", runs[r].observe));
		rss = gn_smaps_rss_kb(area);
		ASSERT_EQ(0, gn_sysfs_write("stats/reset", "1"));
		ASSERT_EQ(0, read_smaps_rollup());
		snprintf(row, sizeof(row), "%s smaps", runs[r].policy);
		counted = gn_stat("decisions", row, runs[r].column);
		diverged = gn_stat("divergences", "custom v6.6", 0);
		TH_LOG("%ld PROT_NONE pages under %s: Rss %ld kB, %lld decisions counted, %lld divergences of custom from v6.6",
		       n, runs[r].policy, rss, counted, diverged);
		EXPECT_EQ(runs[r].shown ? n * (long)(PAGE >> 10) : 0, rss);
		if (runs[r].exact) {
			EXPECT_EQ(n, counted);
		} else {
			EXPECT_LE(n, counted);
		}
		EXPECT_EQ(runs[r].shadow[0] == '1' ? n : 0, diverged);
	}
	munmap(area, n * PAGE);
}

/* The decisions table's count for @policy and @caller, all columns. */
static long long decisions(const char *policy, const char *caller)
{
	char row[48];

	snprintf(row, sizeof(row), "%s %s", policy, caller);
	return gn_stat("decisions", row, 0) + gn_stat("decisions", row, 1) +
	       gn_stat("decisions", row, 2);
}

/* The smaps decisions the decisions table counted for @policy, all columns; -1 on error. */
static long long smaps_decisions(const char *policy, char *area)
{
	if (gn_sysfs_write("stats/reset", "1") || gn_smaps_rss_kb(area) < 0)
		return -1;
	return decisions(policy, "smaps");
}

/* The stats count the kernel's decisions at the sites gupnuma takes. */
TEST_F_TIMEOUT(hook, kernel_decisions_are_counted_where_gupnuma_decides, 120)
{
	char *area = gn_map_on_node(SIZE, variant->thp, 0);
	long long own, observed, rc1;
	int protnone, entries;

	ASSERT_NE(NULL, area);
	protnone = gn_wait_protnone(self->fd, area, NPAGES, NPAGES / 2, 60, 1, self->pages);
	ASSERT_GE(protnone, (int)NPAGES / 2);
	entries = variant->thp ? protnone / 512 : protnone;
	own = smaps_decisions(kernel_policy(), area);
	ASSERT_EQ(0, gn_sysfs_write("kernel_hook_observe", "1"));
	observed = smaps_decisions(kernel_policy(), area);
	ASSERT_EQ(0, gn_sysfs_write("kernel_hook_observe", "0"));
	ASSERT_EQ(0, gn_set_policy("v6.1"));
	rc1 = smaps_decisions("v6.1", area);
	ASSERT_EQ(0, gn_set_policy(kernel_policy()));
	TH_LOG("%s: %d protnone pages (%d entries); smaps decisions counted: %s (the kernel's) %lld, observed %lld, v6.1 %lld",
	       variant->thp ? "THP" : "4K", protnone, entries, kernel_policy(), own, observed, rc1);
	EXPECT_EQ(0, own);	/* the kernel decides alone */
	EXPECT_GE(observed, entries);
	EXPECT_GE(rc1, entries);
}

#define CORE_PATTERN "/proc/sys/kernel/core_pattern"
#define CORE_FILE "/tmp/gupnuma-kernel-hook.core"

/*
 * A child whose memory is protnone: it says how many pages are (through
 * @report), waits for a byte on @go, and dumps core.
 */
static void protnone_then_abort(int fd, bool thp, struct gupnuma_page *pages, int report, int go)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	char *area = gn_map_on_node(SIZE, thp, 0);
	int protnone = -1;
	char c;

	if (area && !setrlimit(RLIMIT_CORE, &unlimited))
		protnone = gn_wait_protnone(fd, area, NPAGES, NPAGES / 2, 60, 1, pages);
	if (write(report, &protnone, sizeof(protnone)) != sizeof(protnone) ||
	    read(go, &c, 1) != 1 || protnone < 0)
		_exit(1);
	abort();
}

/*
 * A core dump reads the memory with get_dump_page() (FOLL_FORCE |
 * FOLL_DUMP): the kernel's lookups at its protnone entries are the dump
 * caller's, which follows under every policy, not a forced GUP's (which
 * v6.5 faults).  Observed under the kernel's policy.
 */
TEST_F_TIMEOUT(hook, core_dump_lookups_are_the_dump_callers, 120)
{
	char pattern[256] = "core";
	FILE *f = fopen(CORE_PATTERN, "r");
	int report[2], go[2], protnone = -1, status = 0, entries;
	long long dump, gup;
	pid_t pid;

	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(pattern, sizeof(pattern), f));
	fclose(f);
	pattern[strcspn(pattern, "\n")] = '\0';
	ASSERT_EQ(0, gn_write_file(CORE_PATTERN, CORE_FILE));
	ASSERT_EQ(0, pipe(report));
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		protnone_then_abort(self->fd, variant->thp, self->pages, report[1], go[0]);
	EXPECT_EQ(sizeof(protnone), read(report[0], &protnone, sizeof(protnone)));
	EXPECT_EQ(0, gn_sysfs_write("kernel_hook_observe", "1"));
	EXPECT_EQ(0, gn_sysfs_write("stats/reset", "1"));
	EXPECT_EQ(1, write(go[1], "g", 1));
	EXPECT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, gn_sysfs_write("kernel_hook_observe", "0"));
	dump = decisions(kernel_policy(), "dump");
	gup = decisions(kernel_policy(), "gup");
	gn_write_file(CORE_PATTERN, pattern);
	unlink(CORE_FILE);
	entries = variant->thp ? protnone / 512 : protnone;
	TH_LOG("%s: %d protnone pages (%d entries); the dump's decisions: dump %lld, gup %lld",
	       variant->thp ? "THP" : "4K", protnone, entries, dump, gup);
	ASSERT_GE(protnone, (int)NPAGES / 2);
	ASSERT_TRUE(WIFSIGNALED(status) && WCOREDUMP(status)) TH_LOG("status %#x", status);
	EXPECT_GE(dump, entries);
	EXPECT_EQ(0, gup);
}

static void read_smaps(void *area)
{
	gn_smaps_rss_kb(area);
}

TEST_F_TIMEOUT(hook, switching_policies_under_load_leaves_no_stale_state, 120)
{
	char names[GN_MAX_POLICIES][GN_POLICY_NAME_LEN];
	int n = gn_policies(names, GN_MAX_POLICIES, NULL);
	char *area = gn_map_on_node(SIZE, variant->thp, 0);
	struct gn_race_thread t;
	long reads;
	int i;

	ASSERT_NE(NULL, area);
	ASSERT_LT(1, n);
	gn_wait_protnone(self->fd, area, NPAGES, NPAGES / 4, 30, 1, self->pages);
	ASSERT_EQ(0, gn_race_thread_start(&t, read_smaps, area));
	for (i = 0; i < 700; i++)
		ASSERT_EQ(0, gn_set_policy(names[i % n]));
	reads = gn_race_thread_stop(&t);
	ASSERT_EQ(0, gn_set_policy(kernel_policy()));
	TH_LOG("700 policy switches during %ld smaps reads", reads);
	EXPECT_GT(reads, 0);
	/* the VMA may have merged with the reader's stack: at least SIZE */
	EXPECT_GE(gn_smaps_rss_kb(area), (long)(SIZE >> 10));
}

TEST_HARNESS_MAIN
