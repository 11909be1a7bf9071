/* SPDX-License-Identifier: GPL-2.0 */
/* A race's other side: a thread that repeats one step.  See race_thread.c. */
#ifndef GUPNUMA_RACE_THREAD_H
#define GUPNUMA_RACE_THREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

struct gn_race_thread {
	pthread_t thread;
	void (*step)(void *arg);
	void *arg;
	atomic_bool stop;
	long steps;
};

int gn_race_thread_start(struct gn_race_thread *t, void (*step)(void *arg), void *arg);
long gn_race_thread_stop(struct gn_race_thread *t);

#endif /* GUPNUMA_RACE_THREAD_H */
