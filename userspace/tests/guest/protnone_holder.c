// SPDX-License-Identifier: GPL-2.0
/*
 * A helper for unload_storm.sh: maps SIZE MiB (default 64), touches it,
 * makes it PROT_NONE (every entry protnone: each smaps or folio_walk visit
 * is a protnone-hook call) and waits to be killed.  Prints its pid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t size = (argc > 1 ? strtoul(argv[1], NULL, 10) : 64) << 20;
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 1;
	memset(p, 1, size);
	if (mprotect(p, size, PROT_NONE))
		return 1;
	printf("%d %lx\n", getpid(), (unsigned long)p);
	fflush(stdout);
	for (;;)
		pause();
}
