// SPDX-License-Identifier: GPL-2.0
/*
 * A child process that dies with its parent: a test's helper child that
 * waits to be killed must not outlive a test that stopped early (a failed
 * ASSERT ends the test before the kill), holding /dev/gupnuma open and so
 * the module.
 */
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "tied_child.h"

/*
 * gn_fork_tied() - fork(); the child gets SIGKILL when the thread that
 * forked it exits (PR_SET_PDEATHSIG: the thread, not the process, so fork
 * from the test's own thread), or exits at once if the parent already has.
 * Return: as fork().
 */
pid_t gn_fork_tied(void)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent))
		_exit(127);
	return pid;
}
