/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM gupnuma

#if !defined(_TRACE_GUPNUMA_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_GUPNUMA_H

#include <linux/tracepoint.h>

#include <gupnuma/compat.h>
#include <gupnuma/enum_names.h>
#include <gupnuma/policy.h>

/* The enum name lists, exported to userspace tools, then as symbol tables. */
#undef EM
#undef EMe
#define EM(a, b)	TRACE_DEFINE_ENUM(a);
#define EMe(a, b)	TRACE_DEFINE_ENUM(a);

GUPNUMA_CALLER_NAMES
GUPNUMA_DECISION_NAMES
GUPNUMA_REASON_NAMES

#undef EM
#undef EMe
#define EM(a, b)	{a, b},
#define EMe(a, b)	{a, b}

/*
 * gupnuma_decision - a policy decided what a lookup does at a protnone entry.
 * The policy is recorded by name: indexes are the module's own.
 */
TRACE_EVENT(gupnuma_decision,
	TP_PROTO(unsigned long addr, int policy, int caller, u32 flags,
		 bool accessible, int level, bool pinned, int decision, int reason),
	TP_ARGS(addr, policy, caller, flags, accessible, level, pinned, decision, reason),
	TP_STRUCT__entry(
		__field(unsigned long, addr)
		__field(u32, flags)
		__string(policy, gupnuma_policy_name(policy))
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
		gupnuma_assign_str(policy, gupnuma_policy_name(policy));
		__entry->caller = caller;
		__entry->accessible = accessible;
		__entry->level = level;
		__entry->pinned = pinned;
		__entry->decision = decision;
		__entry->reason = reason;
	),
	TP_printk("addr=%#lx policy=%s caller=%s flags=%#x vma=%s level=%s pinned=%u decision=%s reason=%s",
		  __entry->addr, __get_str(policy),
		  __print_symbolic(__entry->caller, GUPNUMA_CALLER_NAMES),
		  __entry->flags,
		  __entry->accessible ? "accessible" : "prot_none",
		  __entry->level ? "pmd" : "pte", __entry->pinned,
		  __print_symbolic(__entry->decision, GUPNUMA_DECISION_NAMES),
		  __print_symbolic(__entry->reason, GUPNUMA_REASON_NAMES))
);

#endif /* _TRACE_GUPNUMA_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE gupnuma
#include <trace/define_trace.h>
