/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM gupnuma

#if !defined(_TRACE_GUPNUMA_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_GUPNUMA_H

#include <linux/tracepoint.h>

#define gupnuma_show_policy(p)						\
	__print_symbolic(p, { 0, "v3.8" }, { 1, "v6.1" }, { 2, "v6.5" }, \
			 { 3, "v6.6" }, { 4, "never" }, { 5, "skip-pinned" }, \
			 { 6, "custom" })
#define gupnuma_show_caller(c)						\
	__print_symbolic(c, { 0, "gup" }, { 1, "gup-fast" }, { 2, "secondary-mmu" }, \
			 { 3, "inspect" }, { 4, "smaps" }, { 5, "dump" },	\
			 { 6, "populate" }, { 7, "hmm" })
#define gupnuma_show_decision(d)					\
	__print_symbolic(d, { 0, "follow" }, { 1, "fault" }, { 2, "nopage" }, \
			 { 3, "fallback" })

/*
 * gupnuma_decision - a policy decided what a lookup does at a protnone entry.
 */
TRACE_EVENT(gupnuma_decision,
	TP_PROTO(unsigned long addr, int policy, int caller, u32 flags,
		 bool accessible, int level, bool pinned, int decision, int reason),
	TP_ARGS(addr, policy, caller, flags, accessible, level, pinned, decision, reason),
	TP_STRUCT__entry(
		__field(unsigned long, addr)
		__field(u32, flags)
		__field(u8, policy)
		__field(u8, caller)
		__field(u8, accessible)
		__field(u8, level)
		__field(u8, pinned)
		__field(u8, decision)
		__field(u8, reason)
	),
	TP_fast_assign(
		__entry->addr = addr;
		__entry->flags = flags;
		__entry->policy = policy;
		__entry->caller = caller;
		__entry->accessible = accessible;
		__entry->level = level;
		__entry->pinned = pinned;
		__entry->decision = decision;
		__entry->reason = reason;
	),
	TP_printk("addr=%#lx policy=%s caller=%s flags=%#x vma=%s level=%s pinned=%u decision=%s reason=%u",
		  __entry->addr, gupnuma_show_policy(__entry->policy),
		  gupnuma_show_caller(__entry->caller), __entry->flags,
		  __entry->accessible ? "accessible" : "prot_none",
		  __entry->level ? "pmd" : "pte", __entry->pinned,
		  gupnuma_show_decision(__entry->decision), __entry->reason)
);

#endif /* _TRACE_GUPNUMA_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE gupnuma
#include <trace/define_trace.h>
