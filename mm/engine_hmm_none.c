// SPDX-License-Identifier: GPL-2.0
/* Kernels without CONFIG_HMM_MIRROR have no hmm engine: no lookup. */
#include <gupnuma/engine.h>

const struct gupnuma_engine_ops gupnuma_hmm_engine_ops = {
	.id = GUPNUMA_ENGINE_HMM,
};
