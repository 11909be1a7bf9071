// SPDX-License-Identifier: GPL-2.0
/*
 * The KVM accessor: `gupnuma experiment migrate --accessor kvm` runs the KVM
 * selftest program numa_guest_accessor as a child, reads its one "ready" line
 * (the host address of its memslot) and samples that memory from outside
 * with move_pages(pid, ...).  The child dies with us (PR_SET_PDEATHSIG).
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "kvm_accessor.h"

#define READY_TIMEOUT_MS (300 * 1000)	/* a VM under TCG takes its time */

static bool executable(const char *path)
{
	return !access(path, X_OK);
}

int kvm_accessor_find(const char *given, char *path, size_t len)
{
	const char *env = getenv("GUPNUMA_KVM_ACCESSOR");
	char self[PATH_MAX], *slash, *dirs, *dir;
	ssize_t n;

	if (given || env) {
		snprintf(path, len, "%s", given ? given : env);
		return executable(path) ? 0 : -1;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(path, len, "%s/%s", self, KVM_ACCESSOR_PROG);
			if (executable(path))
				return 0;
		}
	}
	dirs = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	for (dir = strtok(dirs, ":"); dirs && dir; dir = strtok(NULL, ":")) {
		snprintf(path, len, "%s/%s", dir, KVM_ACCESSOR_PROG);
		if (executable(path)) {
			free(dirs);
			return 0;
		}
	}
	free(dirs);
	snprintf(path, len, "%s", KVM_ACCESSOR_PROG);
	return -1;
}

/* Skip the child's other output (the selftests library's banner) up to "ready ...". */
static int read_ready_line(struct kvm_accessor *k, char *line, size_t len)
{
	struct pollfd pfd = { .fd = k->out_fd, .events = POLLIN };
	size_t used = 0;
	ssize_t n;

	for (;;) {
		if (poll(&pfd, 1, READY_TIMEOUT_MS) <= 0)
			return -1;
		n = read(k->out_fd, line + used, 1);
		if (n <= 0)
			return -1;
		if (line[used] == '\n') {
			line[used] = '\0';
			if (!strncmp(line, "ready ", 6))
				return 0;
			used = 0;
		} else if (used < len - 2) {
			used++;
		}
	}
}

int kvm_accessor_start(struct kvm_accessor *k, const char *path, size_t size, bool thp,
		       int from, int to)
{
	char mib[32], a[16], b[16], line[256];
	int pipefd[2], status;
	void *hva;

	*k = (struct kvm_accessor){ .pid = -1, .out_fd = -1 };
	snprintf(mib, sizeof(mib), "%zu", size >> 20);
	snprintf(a, sizeof(a), "%d", from);
	snprintf(b, sizeof(b), "%d", to);
	if (pipe(pipefd))
		return cli_error("pipe: %s", strerror(errno));
	k->pid = fork();
	if (k->pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return cli_error("fork: %s", strerror(errno));
	}
	if (!k->pid) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		if (thp)
			execl(path, path, "-s", mib, "-a", a, "-b", b, "-t", (char *)NULL);
		else
			execl(path, path, "-s", mib, "-a", a, "-b", b, (char *)NULL);
		fprintf(stderr, "gupnuma: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	k->out_fd = pipefd[0];
	if (read_ready_line(k, line, sizeof(line)) || sscanf(line, "ready hva=%p", &hva) != 1) {
		kill(k->pid, SIGKILL);
		waitpid(k->pid, &status, 0);
		k->pid = -1;
		close(k->out_fd);
		k->out_fd = -1;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 4)
			return cli_usage_error(NULL, "the KVM accessor lacks a prerequisite (see above)");
		return cli_error("the KVM accessor %s did not start (see above)", path);
	}
	k->hva = hva;
	k->size = size;
	return 0;
}

void kvm_accessor_stop(struct kvm_accessor *k)
{
	if (k->pid > 0) {
		kill(k->pid, SIGKILL);
		waitpid(k->pid, NULL, 0);
	}
	if (k->out_fd >= 0)
		close(k->out_fd);
	k->pid = -1;
	k->out_fd = -1;
}
