// SPDX-License-Identifier: GPL-2.0
/* The clock the tests and the CLI time things with: CLOCK_MONOTONIC. */
#include <time.h>

#include "clock.h"

double gn_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
