// SPDX-License-Identifier: GPL-2.0
/* The module's sysfs files and debugfs stats tables; see gupnuma_sysfs.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/gupnuma.h>

#include "gupnuma_sysfs.h"
#include "numa_balancing.h"
#include "sysfile.h"

int gn_sysfs_write(const char *file, const char *value)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", GUPNUMA_SYSFS_DIR, file);
	return gn_write_file(path, value);
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
