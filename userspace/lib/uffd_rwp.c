// SPDX-License-Identifier: GPL-2.0
/*
 * userfaultfd RWP from userspace (uffd_rwp.h).  Debian bookworm's uapi
 * headers predate 7.3's RWP and 6.7's PAGEMAP_SCAN: what is missing is
 * defined below with 7.3's values (include/uapi/linux/userfaultfd.h and
 * fs.h of linux-source-7.3), only where the system's headers lack it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/fs.h>
#include <linux/userfaultfd.h>

#include "uffd_rwp.h"

#ifndef UFFD_FEATURE_RWP
#define UFFD_FEATURE_RWP		(1 << 17)
#define UFFD_FEATURE_RWP_ASYNC		(1 << 18)
#define UFFDIO_REGISTER_MODE_RWP	((__u64)1 << 3)
#define _UFFDIO_RWPROTECT		(0x09)
struct uffdio_rwprotect {
	struct uffdio_range range;
#define UFFDIO_RWPROTECT_MODE_RWP	((__u64)1 << 0)
	__u64 mode;
};
#define UFFDIO_RWPROTECT _IOWR(UFFDIO, _UFFDIO_RWPROTECT, struct uffdio_rwprotect)
#define UFFD_PAGEFAULT_FLAG_RWP		(1 << 3)
#endif

#ifndef PAGEMAP_SCAN
struct page_region {
	__u64 start;
	__u64 end;
	__u64 categories;
};

struct pm_scan_arg {
	__u64 size;
	__u64 flags;
	__u64 start;
	__u64 end;
	__u64 walk_end;
	__u64 vec;
	__u64 vec_len;
	__u64 max_pages;
	__u64 category_inverted;
	__u64 category_mask;
	__u64 category_anyof_mask;
	__u64 return_mask;
};
#define PAGEMAP_SCAN _IOWR('f', 16, struct pm_scan_arg)
#endif
#ifndef PAGE_IS_ACCESSED
#define PAGE_IS_ACCESSED (1 << 9)
#endif

int gn_rwp_register(struct gn_rwp *t, void *addr, size_t len, bool async)
{
	struct uffdio_api api = {
		.api = UFFD_API,
		.features = UFFD_FEATURE_RWP | (async ? UFFD_FEATURE_RWP_ASYNC : 0),
	};
	struct uffdio_register reg = {
		.range = { .start = (uintptr_t)addr, .len = len },
		.mode = UFFDIO_REGISTER_MODE_RWP,
	};
	int err;

	memset(t, 0, sizeof(*t));
	t->uffd = t->pagemap = -1;
	t->addr = addr;
	t->len = len;
	t->async = async;
	t->uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (t->uffd < 0)
		return -errno;
	/* a kernel without RWP refuses the unknown feature bits */
	if (ioctl(t->uffd, UFFDIO_API, &api)) {
		err = errno == EINVAL ? -EOPNOTSUPP : -errno;
		goto fail;
	}
	if (ioctl(t->uffd, UFFDIO_REGISTER, &reg)) {
		err = -errno;
		goto fail;
	}
	t->pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (t->pagemap < 0) {
		err = -errno;
		goto fail;
	}
	return 0;
fail:
	gn_rwp_close(t);
	return err;
}

bool gn_rwp_available(void)
{
	long psz = sysconf(_SC_PAGESIZE);
	void *page = mmap(NULL, psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct gn_rwp t;
	int err;

	if (page == MAP_FAILED)
		return false;
	err = gn_rwp_register(&t, page, psz, true);
	if (!err)
		gn_rwp_close(&t);
	munmap(page, psz);
	return !err;
}

int gn_rwp_arm(struct gn_rwp *t)
{
	struct uffdio_rwprotect rw = {
		.range = { .start = (uintptr_t)t->addr, .len = t->len },
		.mode = UFFDIO_RWPROTECT_MODE_RWP,
	};

	return ioctl(t->uffd, UFFDIO_RWPROTECT, &rw) ? -errno : 0;
}

long gn_rwp_accessed(const struct gn_rwp *t, bool *accessed)
{
	size_t npages = t->len / (size_t)sysconf(_SC_PAGESIZE), i;
	size_t psz = (size_t)sysconf(_SC_PAGESIZE);
	struct page_region *r = calloc(npages, sizeof(*r));
	struct pm_scan_arg a = {
		.size = sizeof(a),
		.start = (uintptr_t)t->addr,
		.end = (uintptr_t)t->addr + t->len,
		.vec = (uintptr_t)r,
		.vec_len = npages,
		.category_mask = PAGE_IS_ACCESSED,
		.return_mask = PAGE_IS_ACCESSED,
	};
	long n, count = 0;
	uint64_t p;

	if (!r)
		return -ENOMEM;
	if (accessed)
		memset(accessed, 0, npages * sizeof(*accessed));
	n = ioctl(t->pagemap, PAGEMAP_SCAN, &a);
	if (n < 0) {
		n = -errno;
		free(r);
		return n;
	}
	for (i = 0; i < (size_t)n; i++) {
		for (p = r[i].start; p < r[i].end; p += psz) {
			if (accessed)
				accessed[(p - (uintptr_t)t->addr) / psz] = true;
			count++;
		}
	}
	free(r);
	return count;
}

int gn_rwp_handle_one(const struct gn_rwp *t, int timeout_ms)
{
	struct pollfd pfd = { .fd = t->uffd, .events = POLLIN };
	struct uffd_msg msg;
	struct uffdio_rwprotect rw = { .mode = 0 };
	size_t psz = (size_t)sysconf(_SC_PAGESIZE);
	int n = poll(&pfd, 1, timeout_ms);

	if (n <= 0)
		return n < 0 ? -errno : 0;
	if (read(t->uffd, &msg, sizeof(msg)) != sizeof(msg))
		return errno == EAGAIN ? 0 : -EIO;
	if (msg.event != UFFD_EVENT_PAGEFAULT ||
	    !(msg.arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_RWP))
		return -EPROTO;
	/* un-protect the page: the access completes, PAGEMAP_SCAN sees it */
	rw.range.start = msg.arg.pagefault.address & ~(uint64_t)(psz - 1);
	rw.range.len = psz;
	return ioctl(t->uffd, UFFDIO_RWPROTECT, &rw) ? -errno : 1;
}

int gn_rwp_unregister(const struct gn_rwp *t)
{
	struct uffdio_range range = { .start = (uintptr_t)t->addr, .len = t->len };

	return ioctl(t->uffd, UFFDIO_UNREGISTER, &range) ? -errno : 0;
}

void gn_rwp_close(struct gn_rwp *t)
{
	if (t->pagemap >= 0)
		close(t->pagemap);
	if (t->uffd >= 0)
		close(t->uffd);
	t->uffd = t->pagemap = -1;
}
