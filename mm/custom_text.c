// SPDX-License-Identifier: GPL-2.0
/*
 * The custom policy's matrix as text: rows "CALLER ACCESSIBLE INACCESSIBLE"
 * parsed into a matrix, and a matrix formatted as rows; shared by sysfs
 * (custom), the policy (gupnuma_custom_update()) and (through
 * userspace/shim/) the CLI.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <gupnuma/names.h>
#include <gupnuma/policy.h>

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
