/* SPDX-License-Identifier: GPL-2.0 */
/* A child process that dies with its parent.  See tied_child.c. */
#ifndef GUPNUMA_TIED_CHILD_H
#define GUPNUMA_TIED_CHILD_H

#include <sys/types.h>

pid_t gn_fork_tied(void);

#endif /* GUPNUMA_TIED_CHILD_H */
