// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma names: enum <-> string (from the lists of
 * include/gupnuma/enum_names.h); shared by sysfs, the device and (through
 * userspace/shim/) the CLI.  Policy names are in the policies' ops entries
 * (mm/policy.c); the custom matrix's text form is in mm/custom_text.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <gupnuma/enum_names.h>
#include <gupnuma/names.h>

#define EM(a, b)	[a] = b,
#define EMe(a, b)	[a] = b,

static const char * const caller_names[GUPNUMA_NR_CALLERS] = { GUPNUMA_CALLER_NAMES };
static const char * const decision_names[GUPNUMA_NR_DECISIONS] = { GUPNUMA_DECISION_NAMES };
static const char * const level_names[GUPNUMA_NR_LEVELS] = { GUPNUMA_LEVEL_NAMES };
static const char * const engine_names[GUPNUMA_NR_ENGINES] = { GUPNUMA_ENGINE_NAMES };
static const char * const reason_names[GUPNUMA_NR_REASONS] = { GUPNUMA_REASON_NAMES };

#undef EM
#undef EMe

static const char * const flag_names[] = {
	"write", "force", "honor", "get", "pin", "longterm", "remote",
};

static const char * const reason_docs[GUPNUMA_NR_REASONS] = {
	[GUPNUMA_REASON_FOLL_NUMA] = "GUP without FOLL_FORCE sets FOLL_NUMA",
	[GUPNUMA_REASON_FORCE_FOLLOWS] = "FOLL_FORCE follows protnone entries",
	[GUPNUMA_REASON_FORCE_ONLY] = "only FOLL_FORCE follows protnone entries",
	[GUPNUMA_REASON_HONOR_DEFAULT] = "GUP sets FOLL_HONOR_NUMA_FAULT for this lookup by default",
	[GUPNUMA_REASON_HONOR_FLAG] = "caller passed FOLL_HONOR_NUMA_FAULT",
	[GUPNUMA_REASON_NO_HONOR] = "caller did not ask to honor NUMA hinting",
	[GUPNUMA_REASON_INSPECT_FOLLOWS] = "inspection lookups never honor NUMA hinting",
	[GUPNUMA_REASON_INACCESSIBLE_VMA] = "PROT_NONE VMA: no hinting fault possible",
	[GUPNUMA_REASON_GUP_FAST] = "GUP-fast cannot fault nor follow a protnone entry: slow GUP decides",
	[GUPNUMA_REASON_SMAPS_PTE] = "smaps' PTE walk uses vm_normal_page(), not GUP",
	[GUPNUMA_REASON_HMM] = "hmm_range_fault treats protnone as not present",
	[GUPNUMA_REASON_NEVER] = "lookups never take NUMA hinting faults",
	[GUPNUMA_REASON_PINNED] = "maybe DMA-pinned: a hint could not migrate it",
	[GUPNUMA_REASON_CUSTOM] = "custom matrix cell",
	[GUPNUMA_REASON_INVARIANT] = "core overrode a verdict that broke an invariant",
	[GUPNUMA_REASON_UFFD_RWP] = "userfaultfd RWP: the access must reach the tracker (7.3 faults in RWP VMAs)",
};

static int parse_name(const char * const *names, unsigned int n,
		      const char *s, size_t len);

static const char *name_of(const char * const *names, unsigned int n,
			   unsigned int v)
{
	return v < n && names[v] ? names[v] : "?";
}

/**
 * gupnuma_caller_name() - name of a caller class.
 * @caller: the caller class, checked for range.
 *
 * Any context.
 *
 * Return: its name (include/gupnuma/enum_names.h), or "?".
 */
const char *gupnuma_caller_name(enum gupnuma_caller caller)
{
	return name_of(caller_names, ARRAY_SIZE(caller_names), caller);
}
EXPORT_SYMBOL_GPL(gupnuma_caller_name);

/**
 * gupnuma_caller_doc() - what a caller class is.
 * @caller: the caller class, checked for range.
 *
 * Any context.
 *
 * Return: one line on who calls (mm/callers.c), or "?".
 */
const char *gupnuma_caller_doc(enum gupnuma_caller caller)
{
	return (unsigned int)caller < GUPNUMA_NR_CALLERS ?
	       gupnuma_caller_classes[caller].doc : "?";
}
EXPORT_SYMBOL_GPL(gupnuma_caller_doc);

/**
 * gupnuma_decision_name() - name of a decision.
 * @decision: the decision, checked for range.
 *
 * Any context.
 *
 * Return: its name, or "?".
 */
const char *gupnuma_decision_name(enum gupnuma_decision decision)
{
	return name_of(decision_names, ARRAY_SIZE(decision_names), decision);
}
EXPORT_SYMBOL_GPL(gupnuma_decision_name);

/**
 * gupnuma_reason_name() - short name of a reason.
 * @reason: the reason, checked for range.
 *
 * Any context.
 *
 * Return: its short name (the trace's), or "?".
 */
const char *gupnuma_reason_name(enum gupnuma_reason reason)
{
	return name_of(reason_names, ARRAY_SIZE(reason_names), reason);
}
EXPORT_SYMBOL_GPL(gupnuma_reason_name);

/**
 * gupnuma_reason_doc() - what a reason means.
 * @reason: the reason, checked for range.
 *
 * Any context.
 *
 * Return: a sentence for humans, or "?".
 */
const char *gupnuma_reason_doc(enum gupnuma_reason reason)
{
	return name_of(reason_docs, ARRAY_SIZE(reason_docs), reason);
}
EXPORT_SYMBOL_GPL(gupnuma_reason_doc);

/**
 * gupnuma_level_name() - name of a page-table level.
 * @level: the level, checked for range.
 *
 * Any context.
 *
 * Return: "pte", "pmd", or "?".
 */
const char *gupnuma_level_name(enum gupnuma_level level)
{
	return name_of(level_names, ARRAY_SIZE(level_names), level);
}
EXPORT_SYMBOL_GPL(gupnuma_level_name);

/**
 * gupnuma_engine_name() - name of an engine.
 * @engine: the engine id, checked for range.
 *
 * Any context.
 *
 * Return: its name, or "?".
 */
const char *gupnuma_engine_name(enum gupnuma_engine_id engine)
{
	return name_of(engine_names, ARRAY_SIZE(engine_names), engine);
}
EXPORT_SYMBOL_GPL(gupnuma_engine_name);

/**
 * gupnuma_engine_parse() - engine id of a name.
 * @s: the name.
 * @len: its length.
 *
 * Return: the engine id or -EINVAL.
 */
int gupnuma_engine_parse(const char *s, size_t len)
{
	return parse_name(engine_names, ARRAY_SIZE(engine_names), s, len);
}
EXPORT_SYMBOL_GPL(gupnuma_engine_parse);

/**
 * gupnuma_flag_name() - name of a lookup flag.
 * @bit: the GUPNUMA_LOOKUP_* flag's bit number (0 for %GUPNUMA_LOOKUP_WRITE).
 *
 * Any context.
 *
 * Return: its name ("write", "force", ...), or "?".
 */
const char *gupnuma_flag_name(unsigned int bit)
{
	return name_of(flag_names, ARRAY_SIZE(flag_names), bit);
}
EXPORT_SYMBOL_GPL(gupnuma_flag_name);

/* Index of the @len-byte word @s in @names, or -EINVAL. */
static int parse_name(const char * const *names, unsigned int n,
		      const char *s, size_t len)
{
	unsigned int i;

	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	for (i = 0; i < n; i++)
		if (names[i] && strlen(names[i]) == len && !strncmp(names[i], s, len))
			return i;
	return -EINVAL;
}

/**
 * gupnuma_caller_parse() - caller class of a name.
 * @s: the name.
 * @len: its length.
 *
 * Return: the caller class or -EINVAL.
 */
int gupnuma_caller_parse(const char *s, size_t len)
{
	return parse_name(caller_names, ARRAY_SIZE(caller_names), s, len);
}
EXPORT_SYMBOL_GPL(gupnuma_caller_parse);

/**
 * gupnuma_decision_parse() - decision of a name.
 * @s: the name.
 * @len: its length.
 *
 * Return: the decision or -EINVAL.
 */
int gupnuma_decision_parse(const char *s, size_t len)
{
	return parse_name(decision_names, ARRAY_SIZE(decision_names), s, len);
}
EXPORT_SYMBOL_GPL(gupnuma_decision_parse);
