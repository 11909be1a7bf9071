// SPDX-License-Identifier: GPL-2.0
/* Helpers around /dev/gupnuma and the NUMA-balancing knobs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <numa.h>
#include <sys/mman.h>

#include "gupnuma_dev.h"

int gn_open(void)
{
	return open(GUPNUMA_DEV_PATH, O_RDWR | O_CLOEXEC);
}

int gn_open_numa(const char *policy, const char **why)
{
	int fd = gn_open();

	if (fd < 0) {
		*why = "no " GUPNUMA_DEV_PATH " (load gupnuma.ko)";
		return -1;
	}
	if (numa_available() < 0 || numa_max_node() < 1) {
		*why = "needs 2 NUMA nodes";
	} else if (policy && gn_set_policy(policy)) {
		*why = "cannot set the policy (root?)";
	} else {
		*why = NULL;
		return fd;
	}
	close(fd);
	return -1;
}

/* One GUPNUMA_IOC_LOOKUP; returns 0 or -errno. */
int gn_lookup(int fd, struct gupnuma_lookup_args *a, void *addr, size_t npages,
	      unsigned int caller, unsigned int flags, unsigned int engine,
	      unsigned int policy, struct gupnuma_page *pages)
{
	memset(a, 0, sizeof(*a));
	a->addr = (uintptr_t)addr;
	a->npages = npages;
	a->pages = (uintptr_t)pages;
	a->caller = caller;
	a->flags = flags;
	a->engine = engine;
	a->policy = policy;
	a->cpu = GUPNUMA_CPU_ANY;
	return ioctl(fd, GUPNUMA_IOC_LOOKUP, a) ? -errno : 0;
}

int gn_sysfs_write(const char *file, const char *value)
{
	char path[256];
	int fd, ret = 0;
	size_t len = strlen(value);

	snprintf(path, sizeof(path), "%s/%s", GUPNUMA_SYSFS_DIR, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, value, len) != (ssize_t)len)
		ret = -errno;
	close(fd);
	return ret;
}

/* The whole of @path into @buf, NUL-terminated; 0, -errno, or -E2BIG if cut. */
static int read_path(const char *path, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n = 1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	if (n > 0 && read(fd, &(char){ 0 }, 1) > 0)
		n = -2;
	close(fd);
	buf[got] = '\0';
	return n == -2 ? -E2BIG : n < 0 ? -errno : 0;
}

int gn_sysfs_read(const char *file, char *buf, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", GUPNUMA_SYSFS_DIR, file);
	return read_path(path, buf, len);
}

int gn_stats_read(const char *table, char *buf, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", GUPNUMA_STATS_DIR, table);
	return read_path(path, buf, len);
}

int gn_sysfs_read_line(const char *file, char *buf, size_t len)
{
	int err = gn_sysfs_read(file, buf, len);

	if (!err)
		buf[strcspn(buf, "\n")] = '\0';
	return err;
}

int gn_set_policy(const char *name)
{
	return gn_sysfs_write("policy", name);
}

/*
 * The module's index of policy @name (sysfs policies/NAME/index), what the
 * ioctls take; -ENOENT if the module has no such policy.
 */
int gn_policy_index(const char *name)
{
	char file[96], buf[32], *end;
	long id;
	int err;

	if (!*name || strchr(name, '/') || strlen(name) > 64)
		return -EINVAL;
	snprintf(file, sizeof(file), "policies/%s/index", name);
	err = gn_sysfs_read_line(file, buf, sizeof(buf));
	if (err)
		return err;
	id = strtol(buf, &end, 10);
	return end == buf || *end || id < 0 || id > INT32_MAX ? -EIO : (int)id;
}

/* The one reader of a sysfs list with its active entry bracketed: "v3.8 [v6.6] ...". */
int gn_sysfs_list(const char *file, char (*names)[GN_POLICY_NAME_LEN], int max, int *active)
{
	char list[1024], *tok, *save;
	int n = 0, err = gn_sysfs_read(file, list, sizeof(list));

	if (active)
		*active = -1;
	if (err)
		return err;
	for (tok = strtok_r(list, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		size_t len = strlen(tok);

		if (tok[0] == '[' && len > 2 && tok[len - 1] == ']') {
			tok[len - 1] = '\0';
			tok++;
			if (active)
				*active = n;
		}
		if (n == max)
			return -E2BIG;
		if (names)
			snprintf(names[n], GN_POLICY_NAME_LEN, "%s", tok);
		n++;
	}
	return n;
}

int gn_sysfs_active(const char *file, char *buf, size_t len)
{
	char names[GN_MAX_POLICIES][GN_POLICY_NAME_LEN];
	int active, n = gn_sysfs_list(file, names, GN_MAX_POLICIES, &active);

	if (n < 0)
		return n;
	if (active < 0)
		return -EINVAL;
	snprintf(buf, len, "%s", names[active]);
	return 0;
}

int gn_policies(char (*names)[GN_POLICY_NAME_LEN], int max, int *active)
{
	return gn_sysfs_list("policy", names, max, active);
}

int gn_active_policy(char *buf, size_t len)
{
	return gn_sysfs_active("policy", buf, len);
}

long long gn_stat(const char *table, const char *row, int col)
{
	static char buf[65536];
	char *line, *save;
	size_t len = strlen(row);

	if (gn_stats_read(table, buf, sizeof(buf)))
		return -1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, row, len) || line[len] != ' ')
			continue;
		line += len;
		while (line && col-- > 0)
			line = strchr(line + 1, ' ');
		return line ? atoll(line) : -1;
	}
	return -1;
}

/* Protnone entries in a range, seen without faulting (inspect, policy never). */
int gn_count_protnone(int fd, void *addr, size_t npages, struct gupnuma_page *pages)
{
	struct gupnuma_lookup_args a;
	int never = gn_policy_index("never");
	int err = never < 0 ? never :
		  gn_lookup(fd, &a, addr, npages, GUPNUMA_CALLER_INSPECT, 0,
			    GUPNUMA_ENGINE_WALK, never, pages);

	return err ? err : (int)a.protnone;
}

/*
 * Let NUMA balancing scan this task until @want pages of the range are
 * protnone: the scan runs from this task's own ticks, so spin on the CPU
 * without touching the range.  Spin on @spin_node's CPUs (-1: anywhere): the
 * scan skips 4K pages already on the node a single-threaded task runs on.
 */
int gn_wait_protnone(int fd, void *addr, size_t npages, size_t want, double timeout_s,
		     int spin_node, struct gupnuma_page *pages)
{
	double end = gn_now() + timeout_s;
	volatile unsigned long spin = 0;
	int n = 0;

	if (spin_node >= 0)
		numa_run_on_node(spin_node);
	while (gn_now() < end) {
		double t = gn_now() + 0.05;

		while (gn_now() < t)
			spin++;
		n = gn_count_protnone(fd, addr, npages, pages);
		if (n < 0 || (size_t)n >= want)
			return n;
	}
	return n;
}

/* The pfn /proc/self/pagemap reports for addr (0 if none). */
uint64_t gn_pagemap_pfn(void *addr)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, sizeof(e), ((uintptr_t)addr / 4096) * sizeof(e)) != sizeof(e))
		e = 0;
	close(fd);
	return (e >> 63) & 1 ? e & ((1ULL << 55) - 1) : 0;
}

char *gn_map_aligned(size_t size, bool thp, char **raw)
{
	char *map, *p;

	map = mmap(NULL, size + GN_THP_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	p = (char *)(((unsigned long)map + GN_THP_SIZE - 1) & ~(GN_THP_SIZE - 1));
	madvise(p, size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	if (raw)
		*raw = map;
	return p;
}

/*
 * @size bytes, THP-aligned, placed on @node by first touch from its CPUs
 * (-1: anywhere); afterwards this thread runs on node 1's CPUs when @node is
 * 0, else anywhere.  Not mbind(): NUMA balancing does not scan bound VMAs.
 */
char *gn_map_on_node(size_t size, bool thp, int node)
{
	char *p = gn_map_aligned(size, thp, NULL);

	if (!p)
		return NULL;
	if (node >= 0)
		numa_run_on_node(node);
	memset(p, 1, size);
	numa_run_on_node(node == 0 ? 1 : -1);
	return p;
}

/* Rss (kB) that /proc/self/smaps reports for the VMA containing @addr. */
long gn_smaps_rss_kb(void *addr)
{
	unsigned long start, end, a = (unsigned long)addr;
	char line[256];
	long rss = -1;
	bool in = false;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, " kB") && sscanf(line, "%lx-%lx ", &start, &end) == 2)
			in = start <= a && a < end;
		if (in && sscanf(line, "Rss: %ld kB", &rss) == 1)
			break;
	}
	fclose(f);
	return rss;
}

int gn_ksm_write(const char *file, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/kernel/mm/ksm/%s", file);
	return gn_write_file(path, value);
}

/* ksmd's full scans so far (/sys/kernel/mm/ksm/full_scans), or -1. */
long gn_ksm_full_scans(void)
{
	char buf[32];
	FILE *f = fopen("/sys/kernel/mm/ksm/full_scans", "r");
	long n = -1;

	if (f && fgets(buf, sizeof(buf), f))
		n = atol(buf);
	if (f)
		fclose(f);
	return n;
}

/* Pages of [map, map + npages pages) that share a pfn with another (KSM). */
int gn_shared_pages(char *map, int npages)
{
	uint64_t pfn[64];
	int i, j, shared = 0, n = npages < 64 ? npages : 64;

	for (i = 0; i < n; i++)
		pfn[i] = gn_pagemap_pfn(map + i * 4096);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i != j && pfn[i] && pfn[i] == pfn[j]) {
				shared++;
				break;
			}
	return shared;
}
