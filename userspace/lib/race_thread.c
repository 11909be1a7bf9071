// SPDX-License-Identifier: GPL-2.0
/*
 * A race's other side: a thread that calls one step over and over, beside
 * what a test does, until the test stops it.
 */
#include "race_thread.h"

static void *repeat(void *arg)
{
	struct gn_race_thread *t = arg;

	while (!atomic_load(&t->stop)) {
		t->step(t->arg);
		t->steps++;
	}
	return NULL;
}

/* gn_race_thread_start() - call @step(@arg) in a new thread until stopped; 0 or an errno. */
int gn_race_thread_start(struct gn_race_thread *t, void (*step)(void *arg), void *arg)
{
	t->step = step;
	t->arg = arg;
	t->steps = 0;
	atomic_init(&t->stop, false);
	return pthread_create(&t->thread, NULL, repeat, t);
}

/* gn_race_thread_stop() - stop the thread after its step, wait for it; the steps it took. */
long gn_race_thread_stop(struct gn_race_thread *t)
{
	atomic_store(&t->stop, true);
	pthread_join(t->thread, NULL);
	return t->steps;
}
