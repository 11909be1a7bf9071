/* SPDX-License-Identifier: GPL-2.0 */
/* Between the built-in policies' files; not an API. */
#ifndef _GUPNUMA_POLICY_INTERNAL_H
#define _GUPNUMA_POLICY_INTERNAL_H

int gupnuma_custom_policy_init(void);
void gupnuma_custom_policy_exit(void);

#endif /* _GUPNUMA_POLICY_INTERNAL_H */
