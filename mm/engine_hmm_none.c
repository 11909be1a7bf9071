// SPDX-License-Identifier: GPL-2.0
/* Kernels without CONFIG_HMM_MIRROR have no hmm engine. */
#include <gupnuma/engine.h>

int gupnuma_hmm_engine_init(void)
{
	return 0;
}

void gupnuma_hmm_engine_exit(void)
{
}
