// SPDX-License-Identifier: GPL-2.0
/* io_uring fixed buffers as long-term pins; see uring_pin.h. */
#include <errno.h>
#include <linux/io_uring.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "uring_pin.h"

#define GN_URING_MAX_IOV	(1UL << 30)	/* io_uring's limit per buffer */

static int uring_setup(void)
{
	struct io_uring_params params;
	long fd;

	memset(&params, 0, sizeof(params));
	fd = syscall(__NR_io_uring_setup, 1, &params);
	return fd < 0 ? -errno : (int)fd;
}

int gn_uring_available(void)
{
	int fd = uring_setup();

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

int gn_uring_pin(void *addr, size_t size)
{
	struct iovec iov[16];
	size_t n = 0, off;
	int fd, err;

	for (off = 0; off < size && n < 16; off += GN_URING_MAX_IOV, n++) {
		iov[n].iov_base = (char *)addr + off;
		iov[n].iov_len = size - off < GN_URING_MAX_IOV ? size - off : GN_URING_MAX_IOV;
	}
	if (off < size)
		return -E2BIG;
	fd = uring_setup();
	if (fd < 0)
		return fd;
	if (syscall(__NR_io_uring_register, fd, IORING_REGISTER_BUFFERS, iov, n)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

void gn_uring_unpin(int fd)
{
	if (fd >= 0)
		close(fd);	/* the ring's release unpins the buffers */
}
