// SPDX-License-Identifier: GPL-2.0
/*
 * The stats tables (debugfs) and shadow mode count what lookups did: decisions per policy x
 * caller, pages per node, and, in shadow mode, the lookups where another
 * policy would have decided otherwise.  Also the engine file and bad writes.
 */
#include <errno.h>
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../lib/gupnuma_dev.h"
#include <gupnuma/enum_names.h>

#define EM(a, b) b,
#define EMe(a, b) b
static const char * const caller_names[GUPNUMA_NR_CALLERS] = { GUPNUMA_CALLER_NAMES };
#undef EM
#undef EMe

#define NPAGES 64

FIXTURE(stats) {
	int fd;
	char *area;
};

FIXTURE_SETUP(stats)
{
	self->fd = gn_open();
	if (self->fd < 0)
		SKIP(return, "no " GUPNUMA_DEV_PATH " (load gupnuma.ko)");
	self->area = mmap(NULL, NPAGES * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->area);
	/* half the pages on node 0, half on node 1 where there is one */
	if (numa_available() >= 0)
		numa_run_on_node(0);
	memset(self->area, 1, NPAGES / 2 * 4096);
	if (numa_available() >= 0 && numa_max_node() >= 1)
		numa_run_on_node(1);
	memset(self->area + NPAGES / 2 * 4096, 1, NPAGES / 2 * 4096);
	if (numa_available() >= 0)
		numa_run_on_node(-1);
	ASSERT_EQ(0, mprotect(self->area, NPAGES * 4096, PROT_NONE));
	ASSERT_EQ(0, gn_sysfs_write("stats/reset", "1"));
}

FIXTURE_TEARDOWN(stats)
{
	if (self->fd >= 0) {
		gn_sysfs_write("shadow", "0");
		close(self->fd);
	}
}

TEST_F(stats, decisions_and_nodes_are_counted)
{
	struct gupnuma_page pages[NPAGES];
	struct gupnuma_lookup_args a;
	long long on[2] = { 0, 0 };
	int i;

	ASSERT_EQ(0, gn_lookup(self->fd, &a, self->area, NPAGES, GUPNUMA_CALLER_INSPECT, 0,
			       GUPNUMA_ENGINE_WALK, gn_policy_index("v6.6"), pages));
	for (i = 0; i < NPAGES; i++)
		if (pages[i].node == 0 || pages[i].node == 1)
			on[pages[i].node]++;
	EXPECT_EQ(NPAGES, a.decisions[GUPNUMA_FOLLOW]);
	/* columns from 0: follow fault nopage fallback hint_faults */
	EXPECT_EQ(NPAGES, gn_stat("decisions", "v6.6 inspect", 0));
	EXPECT_EQ(0, gn_stat("decisions", "v6.6 inspect", 1));
	EXPECT_EQ(0, gn_stat("decisions", "v6.1 inspect", 2));
	/* columns from 0: node0 node1; each the lookup's pages on that node */
	EXPECT_EQ(NPAGES, on[0] + on[1]);
	EXPECT_LT(0, on[0]);
	EXPECT_EQ(on[0], gn_stat("nodes", "v6.6 inspect", 0));
	EXPECT_EQ(on[1], gn_stat("nodes", "v6.6 inspect", 1));
	ASSERT_EQ(0, gn_sysfs_write("stats/reset", "1"));
	EXPECT_EQ(0, gn_stat("decisions", "v6.6 inspect", 0));
}

/*
 * The decisions table has its header and one row per registered policy and
 * caller class, in order, each with the four decisions and the hinting faults:
 * no more (a caller past the last), no fewer.
 */
TEST_F(stats, decisions_table_has_a_row_per_policy_and_caller)
{
	static char table[64 << 10];
	char policies[GN_MAX_POLICIES][GN_POLICY_NAME_LEN], want[96], *line, *save;
	int npolicies = gn_policies(policies, GN_MAX_POLICIES, NULL), rows = 0;
	unsigned long long n[5];

	ASSERT_GT(npolicies, 0);
	ASSERT_EQ(0, gn_stats_read("decisions", table, sizeof(table)));
	line = strtok_r(table, "\n", &save);
	ASSERT_NE(NULL, line);
	EXPECT_STREQ("policy caller follow fault nopage fallback hint_faults", line);
	while ((line = strtok_r(NULL, "\n", &save))) {
		int p = rows / GUPNUMA_NR_CALLERS, c = rows % GUPNUMA_NR_CALLERS, end = 0;

		ASSERT_LT(p, npolicies) TH_LOG("row %d past the last: '%s'", rows + 1, line);
		snprintf(want, sizeof(want), "%s %s ", policies[p], caller_names[c]);
		ASSERT_EQ(0, strncmp(line, want, strlen(want))) TH_LOG("row %d: '%s', not '%s...'",
									rows + 1, line, want);
		ASSERT_EQ(5, sscanf(line + strlen(want), "%llu %llu %llu %llu %llu%n",
				    &n[0], &n[1], &n[2], &n[3], &n[4], &end)) TH_LOG("'%s'", line);
		EXPECT_EQ('\0', line[strlen(want) + end]) TH_LOG("'%s'", line);
		rows++;
	}
	EXPECT_EQ(npolicies * GUPNUMA_NR_CALLERS, rows);
}

/*
 * A lookup's pages are counted once, in its own row of the nodes table: after
 * a reset and one lookup, every other row is zero.
 */
TEST_F(stats, nodes_table_counts_a_lookup_in_its_row_only)
{
	static char table[64 << 10];
	char *line, *save, *word, *wsave, policy[64], caller[64];
	long long own = 0, others = 0;
	struct gupnuma_lookup_args a;
	int n;

	ASSERT_EQ(0, gn_lookup(self->fd, &a, self->area, NPAGES, GUPNUMA_CALLER_INSPECT, 0,
			       GUPNUMA_ENGINE_WALK, gn_policy_index("v6.6"), NULL));
	ASSERT_EQ(0, gn_stats_read("nodes", table, sizeof(table)));
	line = strtok_r(table, "\n", &save);	/* the header */
	ASSERT_NE(NULL, line);
	while ((line = strtok_r(NULL, "\n", &save))) {
		long long sum = 0;

		/* "<policy> <caller> <pages on node0> <pages on node1> ..." */
		ASSERT_EQ(2, sscanf(line, "%63s %63s %n", policy, caller, &n)) TH_LOG("row %s", line);
		for (word = strtok_r(line + n, " ", &wsave); word; word = strtok_r(NULL, " ", &wsave))
			sum += strtoll(word, NULL, 10);
		if (!strcmp(policy, "v6.6") && !strcmp(caller, "inspect")) {
			own += sum;
			continue;
		}
		others += sum;
		if (sum)
			TH_LOG("row %s %s: %lld pages", policy, caller, sum);
	}
	EXPECT_EQ(NPAGES, own);
	EXPECT_EQ(0, others);
}

/*
 * The nodes table names a column for each online node in its header (the
 * bed's nodes, at most 8, are all among those the module counts), and has
 * one row per registered policy and caller class, with a count under each
 * column.
 */
TEST_F(stats, nodes_table_has_a_column_per_online_node)
{
	static char table[64 << 10];
	char want[256] = "policy caller", path[64], *line, *save, *word, *wsave;
	char policies[GN_MAX_POLICIES][GN_POLICY_NAME_LEN];
	int npolicies = gn_policies(policies, GN_MAX_POLICIES, NULL);
	int nid, nodes = 0, rows = 0, words;
	size_t len;

	for (nid = 0; nid < 64; nid++) {
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d", nid);
		if (access(path, F_OK))
			continue;
		len = strlen(want);
		snprintf(want + len, sizeof(want) - len, " node%d", nid);
		nodes++;
	}
	ASSERT_GE(nodes, 2);
	ASSERT_EQ(0, gn_stats_read("nodes", table, sizeof(table)));
	line = strtok_r(table, "\n", &save);
	ASSERT_NE(NULL, line);
	EXPECT_STREQ(want, line);
	while ((line = strtok_r(NULL, "\n", &save))) {
		words = 0;
		for (word = strtok_r(line, " ", &wsave); word; word = strtok_r(NULL, " ", &wsave))
			words++;
		EXPECT_EQ(2 + nodes, words) TH_LOG("row %d", rows + 1);
		rows++;
	}
	ASSERT_GT(npolicies, 0);
	EXPECT_EQ(npolicies * GUPNUMA_NR_CALLERS, rows);
}

TEST_F(stats, shadow_mode_counts_divergences_per_pair)
{
	struct gupnuma_lookup_args a;
	char buf[16];

	ASSERT_EQ(0, gn_sysfs_write("shadow", "1"));
	ASSERT_EQ(0, gn_sysfs_read("shadow", buf, sizeof(buf)));
	EXPECT_STREQ("1\n", buf);
	ASSERT_EQ(0, gn_lookup(self->fd, &a, self->area, NPAGES, GUPNUMA_CALLER_INSPECT, 0,
			       GUPNUMA_ENGINE_WALK, gn_policy_index("v6.6"), NULL));
	/* inspection in a PROT_NONE VMA: only v6.1 decides otherwise */
	EXPECT_EQ(NPAGES, gn_stat("divergences", "v6.6 v6.1", 0));
	EXPECT_EQ(0, gn_stat("divergences", "v6.6 v3.8", 0));
	EXPECT_EQ(0, gn_stat("divergences", "v6.6 never", 0));
	ASSERT_EQ(0, gn_sysfs_write("shadow", "0"));
	ASSERT_EQ(0, gn_lookup(self->fd, &a, self->area, NPAGES, GUPNUMA_CALLER_INSPECT, 0,
			       GUPNUMA_ENGINE_WALK, gn_policy_index("v6.6"), NULL));
	EXPECT_EQ(NPAGES, gn_stat("divergences", "v6.6 v6.1", 0));
}

TEST_F(stats, engine_file_switches_and_refuses_bad_names)
{
	char buf[64];

	char honor[8];

	ASSERT_EQ(0, gn_sysfs_read("engine", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "[walk]")) TH_LOG("engine: %s", buf);
	ASSERT_EQ(0, gn_sysfs_read_line("kernel_honor_numa_fault", honor, sizeof(honor)));
	if (!strcmp(honor, "1")) {
		EXPECT_NE(NULL, strstr(buf, "gup"));
		ASSERT_EQ(0, gn_sysfs_write("engine", "gup"));
		ASSERT_EQ(0, gn_sysfs_read("engine", buf, sizeof(buf)));
		EXPECT_NE(NULL, strstr(buf, "[gup]"));
	} else {
		/* before 6.5 GUP cannot carry a policy's decision: no gup engine */
		EXPECT_EQ(NULL, strstr(buf, "gup")) TH_LOG("engine: %s", buf);
		EXPECT_EQ(-ENOENT, gn_sysfs_write("engine", "gup"));
	}
	EXPECT_EQ(-EINVAL, gn_sysfs_write("engine", "warp"));
	EXPECT_EQ(-EINVAL, gn_sysfs_write("shadow", "maybe"));
	EXPECT_EQ(-EINVAL, gn_sysfs_write("stats/reset", "0"));
	ASSERT_EQ(0, gn_sysfs_write("engine", "walk"));
}

TEST_HARNESS_MAIN
