/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reads and writes of one's own memory with FOLL_FORCE, as a debugger makes
 * them: a write into a PROT_NONE range (ksm_functional_tests'
 * test_prot_none), a read that is a FOLL_FORCE GUP lookup.
 */
#ifndef GUPNUMA_PROC_MEM_H
#define GUPNUMA_PROC_MEM_H

#include <stddef.h>

/* How gn_force_write() got FOLL_FORCE. */
enum gn_force_how {
	GN_FORCE_PROC_SELF_MEM,	/* /proc/self/mem forces (PROC_MEM_ALWAYS_FORCE) */
	GN_FORCE_PTRACER,	/* /proc/PID/mem of a ptracer (PROC_MEM_FORCE_PTRACE) */
};

/*
 * gn_force_write() - one byte into each of @n pages, from @addr, @stride
 * bytes apart, the byte i for page i, the way gn_force_pwrite() writes (one
 * ptracer child for them all).
 * Returns 0 and *@how, or -1 with errno.
 */
int gn_force_write(char *addr, size_t stride, int n, enum gn_force_how *how);

/*
 * gn_force_pwrite() - @len bytes of @buf into @addr with FOLL_FORCE: through
 * /proc/self/mem where it forces (gn_proc_mem_forces()), else through the
 * /proc/PID/mem of a child that ptrace-attaches to this process.
 * Returns 0 and *@how, or -1 with errno.
 */
int gn_force_pwrite(void *addr, const void *buf, size_t len, enum gn_force_how *how);

/*
 * gn_force_read() - @len bytes at @addr into @buf with FOLL_FORCE, the same
 * way.  Returns 0 and *@how, or -1 with errno.
 */
int gn_force_read(const void *addr, void *buf, size_t len, enum gn_force_how *how);

/*
 * gn_proc_mem_forces() - whether /proc/self/mem sets FOLL_FORCE for this
 * process (a write into a PROT_NONE page of its own goes through).
 */
int gn_proc_mem_forces(void);

/* gn_force_how_name() - "/proc/self/mem" or "a ptracer's /proc/PID/mem". */
const char *gn_force_how_name(enum gn_force_how how);

#endif
