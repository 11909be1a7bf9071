/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupnuma names: the policy core's enums as strings (policy names: policy.h).
 * Used by sysfs, the device's error messages and the userspace CLI.
 */
#ifndef _GUPNUMA_NAMES_H
#define _GUPNUMA_NAMES_H

#include <gupnuma/policy.h>

const char *gupnuma_caller_name(enum gupnuma_caller caller);
const char *gupnuma_caller_doc(enum gupnuma_caller caller);
const char *gupnuma_decision_name(enum gupnuma_decision decision);
const char *gupnuma_reason_name(enum gupnuma_reason reason);
const char *gupnuma_reason_doc(enum gupnuma_reason reason);
const char *gupnuma_level_name(enum gupnuma_level level);
const char *gupnuma_flag_name(unsigned int bit);
const char *gupnuma_engine_name(enum gupnuma_engine_id engine);
int gupnuma_engine_parse(const char *s, size_t len);

int gupnuma_caller_parse(const char *s, size_t len);
int gupnuma_decision_parse(const char *s, size_t len);

/* The custom matrix as text (mm/custom_text.c). */
int gupnuma_custom_parse(const char *buf, struct gupnuma_custom_matrix *m,
			 char *err, size_t errlen);
int gupnuma_custom_format(const struct gupnuma_custom_matrix *m, char *buf,
			  size_t len);

#endif /* _GUPNUMA_NAMES_H */
