// SPDX-License-Identifier: GPL-2.0
/*
 * The caller classes: one row per enum gupnuma_caller.  The policies, the
 * core's invariants and the engines ask this table, never a list of callers;
 * a new caller class is a uapi value, a name (include/gupnuma/enum_names.h)
 * and a row here.  Also compiled in userspace (userspace/shim/).
 */
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/kernel.h>

#include <gupnuma/policy.h>

const struct gupnuma_caller_class gupnuma_caller_classes[GUPNUMA_NR_CALLERS] = {
	[GUPNUMA_CALLER_GUP] = {
		.doc = "get_user_pages/pin_user_pages (slow path)",
		.via_gup = true, .faults = true, .checks_vma = true,
	},
	[GUPNUMA_CALLER_GUP_FAST] = {
		.doc = "GUP-fast (lockless, cannot fault)",
		.lockless = true,
	},
	[GUPNUMA_CALLER_SECONDARY_MMU] = {
		.doc = "secondary MMU fault (KVM hva_to_pfn)",
		.via_gup = true, .faults = true, .checks_vma = true,
	},
	[GUPNUMA_CALLER_INSPECT] = {
		.doc = "follow_page/folio_walk (KSM, move_pages)",
	},
	[GUPNUMA_CALLER_SMAPS] = {
		.doc = "/proc/PID/smaps page walk",
	},
	[GUPNUMA_CALLER_DUMP] = {
		.doc = "get_dump_page (core dump)",
		.via_gup = true, .checks_vma = true,
	},
	[GUPNUMA_CALLER_POPULATE] = {
		.doc = "populate (mlock, MAP_POPULATE)",
		.via_gup = true, .faults = true, .checks_vma = true,
	},
	[GUPNUMA_CALLER_HMM] = {
		.doc = "hmm_range_fault",
		.faults = true, .checks_vma = true,
	},
};
EXPORT_SYMBOL_GPL(gupnuma_caller_classes);
static_assert(ARRAY_SIZE(gupnuma_caller_classes) == GUPNUMA_NR_CALLERS);
