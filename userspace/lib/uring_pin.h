/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Long-term pins the way applications take them: io_uring fixed buffers
 * (IORING_REGISTER_BUFFERS pins every page with FOLL_PIN | FOLL_LONGTERM, as
 * a device-assigned VM's memory is pinned by VFIO).  Raw system calls: no
 * liburing.
 */
#ifndef GUPNUMA_URING_PIN_H
#define GUPNUMA_URING_PIN_H

#include <stddef.h>

/* 0 if this kernel has io_uring (not disabled), else -errno. */
int gn_uring_available(void);
/*
 * gn_uring_pin() - pin [@addr, @addr + @size) until gn_uring_unpin().
 * Return: an io_uring fd (>= 0) or -errno.  May sleep.
 */
int gn_uring_pin(void *addr, size_t size);
void gn_uring_unpin(int fd);

#endif
