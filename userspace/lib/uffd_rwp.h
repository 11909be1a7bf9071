/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A userfaultfd RWP working-set tracker (Linux 7.3, CONFIG_USERFAULTFD_RWP):
 * a range registered with UFFDIO_REGISTER_MODE_RWP, armed by
 * UFFDIO_RWPROTECT (every present page becomes a protnone "RWP marker"), and
 * read back with PAGEMAP_SCAN's PAGE_IS_ACCESSED (a page accessed since it
 * was armed).  In async mode the kernel resolves each access itself; in sync
 * mode the caller's handler gets a message per access and resolves it with
 * gn_rwp_resolve().  See uffd_rwp.c.
 */
#ifndef GUPNUMA_UFFD_RWP_H
#define GUPNUMA_UFFD_RWP_H

#include <stdbool.h>
#include <stddef.h>

/**
 * struct gn_rwp - one tracked range.
 * @uffd: the userfaultfd.
 * @pagemap: /proc/self/pagemap, for PAGEMAP_SCAN.
 * @addr: the range's start, page-aligned.
 * @len: its length in bytes.
 * @async: the kernel resolves accesses (UFFD_FEATURE_RWP_ASYNC).
 */
struct gn_rwp {
	int uffd;
	int pagemap;
	char *addr;
	size_t len;
	bool async;
};

/*
 * Register [@addr, @addr + @len) for RWP.  Return: 0, -EOPNOTSUPP where the
 * kernel has no userfaultfd RWP (before 7.3, or without the config), or
 * -errno.
 */
int gn_rwp_register(struct gn_rwp *t, void *addr, size_t len, bool async);
/* Whether the kernel has userfaultfd RWP (tried on a page of its own). */
bool gn_rwp_available(void);
/* Arm every page of the range (UFFDIO_RWPROTECT); 0 or -errno. */
int gn_rwp_arm(struct gn_rwp *t);
/*
 * Which pages of the range were accessed since they were armed:
 * @accessed[i] for page i (if not NULL).  Return: their number, or -errno.
 */
long gn_rwp_accessed(const struct gn_rwp *t, bool *accessed);
/*
 * Sync mode: wait up to @timeout_ms for one access message and resolve it
 * (un-protect its page and wake the accessor).  Return: 1 if one was
 * resolved, 0 on timeout, or -errno.
 */
int gn_rwp_handle_one(const struct gn_rwp *t, int timeout_ms);
/* Unregister the range: a waiting accessor completes without the handler; 0 or -errno. */
int gn_rwp_unregister(const struct gn_rwp *t);
void gn_rwp_close(struct gn_rwp *t);

#endif /* GUPNUMA_UFFD_RWP_H */
