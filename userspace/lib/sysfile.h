/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One value in a procfs or sysfs file (a knob, a counter).  See sysfile.c.
 */
#ifndef GUPNUMA_SYSFILE_H
#define GUPNUMA_SYSFILE_H

/*
 * The number a file @path begins with (base 10), or -1: no file, no number.
 * Without stdio, so without malloc: a test may poll it while another of its
 * threads holds mmap_lock (brk would wait for it).
 */
long gn_read_long(const char *path);
/* Write @val to the file @path; 0, -errno, or -EIO for a short write. */
int gn_write_file(const char *path, const char *val);

#endif /* GUPNUMA_SYSFILE_H */
