/* SPDX-License-Identifier: GPL-2.0 */
/* The clock the tests and the CLI time things with.  See clock.c. */
#ifndef GUPNUMA_CLOCK_H
#define GUPNUMA_CLOCK_H

/* Seconds of CLOCK_MONOTONIC. */
double gn_now(void);

#endif /* GUPNUMA_CLOCK_H */
