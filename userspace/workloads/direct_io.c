// SPDX-License-Identifier: GPL-2.0
/*
 * direct-io: O_DIRECT writes from the memory to a RAM block device (brd), as
 * a database or a storage engine does with its buffer pool.  The block layer
 * pins the buffer with GUP-fast (pin_user_pages_fast() from
 * iov_iter_extract_pages()), which falls back to slow GUP at a protnone entry;
 * without FOLL_WRITE (the device reads the buffer) only the policy decides
 * whether that costs a hinting fault that moves the buffer to the writer's
 * node.  (O_DIRECT reads fault at protnone under every policy: FOLL_WRITE.)
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cli.h"
#include "workload.h"

#define DIO_DEV		"/dev/ram0"
#define DIO_CHUNK	(1UL << 20)

struct dio_state {
	unsigned long long dev_size, off;
};

static struct dio_state dio;

static int dio_prepare(struct wl_run *r)
{
	int err = wl_map_placed(r, NULL);

	if (err)
		return err;
	r->fd = open(DIO_DEV, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (r->fd < 0)
		return cli_error("open %s with O_DIRECT: %s", DIO_DEV, strerror(errno));
	if (ioctl(r->fd, BLKGETSIZE64, &dio.dev_size) || dio.dev_size < DIO_CHUNK)
		return cli_error("%s: no usable size", DIO_DEV);
	dio.off = 0;
	return 0;
}

static int dio_access(struct wl_run *r)
{
	size_t done;

	for (done = 0; done < r->p->size; done += DIO_CHUNK) {
		size_t len = r->p->size - done < DIO_CHUNK ? r->p->size - done : DIO_CHUNK;
		ssize_t n;

		if (dio.off + len > dio.dev_size)
			dio.off = 0;
		n = pwrite(r->fd, r->area + done, len, dio.off);
		if (n != (ssize_t)len)
			return cli_error("O_DIRECT write to %s: %s", DIO_DEV,
					 n < 0 ? strerror(errno) : "short write");
		dio.off += len;
	}
	r->accesses++;
	return 0;
}

static void dio_teardown(struct wl_run *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	wl_unmap(r);
}

const struct workload wl_direct_io = {
	.name = "direct-io",
	.doc = "O_DIRECT writes from the memory to a block device (a database's buffer pool)",
	.kind = WL_MIGRATES,
	.thp = true,
	.needs = WL_NEEDS_BRD,
	.prepare = dio_prepare,
	.access = dio_access,
	.teardown = dio_teardown,
};
