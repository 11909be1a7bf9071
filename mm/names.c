// SPDX-License-Identifier: GPL-2.0
/*
 * gupnuma names: enum <-> string (from the lists of
 * include/gupnuma/enum_names.h), and the custom matrix's text form; shared by
 * sysfs, the device and (through userspace/shim/) the CLI.  Policy names are
 * in the policies' ops entries (mm/policy.c).
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

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_eol(char c)
{
	return c == '\n' || c == ';' || c == '\0';
}

/**
 * gupnuma_custom_parse() - apply text rows to a custom matrix.
 * @buf: NUL-terminated rows "CALLER ACCESSIBLE INACCESSIBLE", separated by
 *	newlines or ';'; blank rows and rows starting with '#' are ignored.
 *	Example: "secondary-mmu fault nopage; hmm fault nopage".
 * @m: the matrix to change (start from gupnuma_custom_get() for a partial
 *	update); unchanged rows keep their values.
 * @err: if not NULL, receives a message naming the bad row or word.
 * @errlen: size of @err.
 *
 * Only the syntax is checked here; gupnuma_custom_set() checks invariants.
 *
 * Return: 0, or -EINVAL with @m partially updated.
 */
int gupnuma_custom_parse(const char *buf, struct gupnuma_custom_matrix *m,
			 char *err, size_t errlen)
{
	const char *p = buf;
	int row = 0;

	while (*p) {
		const char *word[4];
		size_t wlen[4];
		int n = 0, caller, d0, d1;

		row++;
		while (is_blank(*p))
			p++;
		if (*p == '#') {
			while (*p && *p != '\n')
				p++;
		}
		while (!is_eol(*p)) {
			if (n == 4)
				goto bad_row;
			word[n] = p;
			while (!is_eol(*p) && !is_blank(*p))
				p++;
			wlen[n] = p - word[n];
			n++;
			while (is_blank(*p))
				p++;
		}
		if (*p)
			p++;
		if (n == 0)
			continue;
		if (n != 3)
			goto bad_row;
		caller = gupnuma_caller_parse(word[0], wlen[0]);
		d0 = gupnuma_decision_parse(word[1], wlen[1]);
		d1 = gupnuma_decision_parse(word[2], wlen[2]);
		if (caller < 0 || d0 < 0 || d1 < 0) {
			int bad = caller < 0 ? 0 : d0 < 0 ? 1 : 2;

			if (err)
				snprintf(err, errlen, "row %d: unknown %s '%.*s'", row,
					 bad ? "decision" : "caller", (int)wlen[bad], word[bad]);
			return -EINVAL;
		}
		m->cell[caller][GUPNUMA_VMA_ACCESSIBLE] = d0;
		m->cell[caller][GUPNUMA_VMA_INACCESSIBLE] = d1;
	}
	return 0;

bad_row:
	if (err)
		snprintf(err, errlen,
			 "row %d: want 'CALLER ACCESSIBLE INACCESSIBLE' (e.g. 'hmm fault nopage')",
			 row);
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(gupnuma_custom_parse);

/**
 * gupnuma_custom_format() - text form of a matrix, one row per caller.
 * @m: the matrix.
 * @buf: output.
 * @len: size of @buf.
 *
 * Return: the number of characters written (as snprintf), or -EINVAL for a
 * cell that is not a decision.
 */
int gupnuma_custom_format(const struct gupnuma_custom_matrix *m, char *buf,
			  size_t len)
{
	int c, n = 0;

	for (c = 0; c < GUPNUMA_NR_CALLERS; c++) {
		if (m->cell[c][0] >= GUPNUMA_NR_DECISIONS || m->cell[c][1] >= GUPNUMA_NR_DECISIONS)
			return -EINVAL;
		n += snprintf(buf + n, len > (size_t)n ? len - n : 0, "%s %s %s\n",
			      gupnuma_caller_name(c),
			      gupnuma_decision_name(m->cell[c][0]),
			      gupnuma_decision_name(m->cell[c][1]));
	}
	return n;
}
EXPORT_SYMBOL_GPL(gupnuma_custom_format);
