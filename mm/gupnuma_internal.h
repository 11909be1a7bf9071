/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of the gupnuma module; not an API.
 */
#ifndef _GUPNUMA_INTERNAL_H
#define _GUPNUMA_INTERNAL_H

#include <uapi/linux/gupnuma.h>

int gupnuma_sysfs_init(void);
void gupnuma_sysfs_exit(void);
int gupnuma_device_init(void);
void gupnuma_device_exit(void);

#endif /* _GUPNUMA_INTERNAL_H */
