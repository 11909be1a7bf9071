// SPDX-License-Identifier: GPL-2.0
/* gupnuma tracepoints: instantiated here, once. */
#define CREATE_TRACE_POINTS
#include <trace/events/gupnuma.h>
