/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupnuma mirror: a software secondary MMU over a range of a process, built
 * the way KVM and HMM drivers build theirs.
 */
#ifndef _GUPNUMA_MIRROR_H
#define _GUPNUMA_MIRROR_H

#include <linux/mm_types.h>

#include <uapi/linux/gupnuma.h>

struct gupnuma_mirror;

struct gupnuma_mirror *gupnuma_mirror_create(struct mm_struct *mm, unsigned long start,
					     unsigned long npages,
					     enum gupnuma_engine_id engine);
void gupnuma_mirror_destroy(struct gupnuma_mirror *m);
int gupnuma_mirror_access(struct gupnuma_mirror *m, struct gupnuma_mirror_args *args,
			  const bool *stop);
void gupnuma_mirror_stats(struct gupnuma_mirror *m, struct gupnuma_mirror_stats *st);
unsigned long gupnuma_mirror_npages(struct gupnuma_mirror *m);

#endif /* _GUPNUMA_MIRROR_H */
