/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gupnuma on the kernels it builds for (Debian's 6.1 LTS, 6.12, Linux 7.3).  As in
 * WireGuard's compat layer, Kbuild probes the kernel tree's headers and
 * defines GUPNUMA_HAVE_* / GUPNUMA_OLD_* for what it found (see Kbuild); this
 * header fills the gaps, so that the .c files carry no version tests.
 * Kernel only.
 */
#ifndef _GUPNUMA_COMPAT_H
#define _GUPNUMA_COMPAT_H

#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/userfaultfd_k.h>

/*
 * FOLL_HONOR_NUMA_FAULT, d74943a2f3cd (6.5).  Before it, GUP honored hinting
 * unless FOLL_FORCE and no flag asks for it: the gup engine cannot carry a
 * policy's decision, so it is not available (gupnuma_compat_honor_flag).
 */
#ifdef GUPNUMA_HAVE_FOLL_HONOR_NUMA_FAULT
#define gupnuma_compat_honor_flag	true
#define GUPNUMA_FOLL_HONOR_NUMA_FAULT	FOLL_HONOR_NUMA_FAULT
#else
#define gupnuma_compat_honor_flag	false
#define GUPNUMA_FOLL_HONOR_NUMA_FAULT	0
#endif

/* pmdp_get() (6.5) and pmdp_get_lockless() (6.5): x86-64 reads a PMD at once. */
#ifndef GUPNUMA_HAVE_PMDP_GET
static inline pmd_t pmdp_get(pmd_t *pmdp)
{
	return READ_ONCE(*pmdp);
}
#endif
#ifndef GUPNUMA_HAVE_PMDP_GET_LOCKLESS
static inline pmd_t pmdp_get_lockless(pmd_t *pmdp)
{
	return READ_ONCE(*pmdp);
}
#endif

/* get/pin_user_pages_remote() lost their vmas argument in 6.5 (ca5e863233e8). */
#ifdef GUPNUMA_OLD_GUP_REMOTE_VMAS
#define gupnuma_get_user_pages_remote(mm, start, n, flags, pages, locked) \
	get_user_pages_remote(mm, start, n, flags, pages, NULL, locked)
#define gupnuma_pin_user_pages_remote(mm, start, n, flags, pages, locked) \
	pin_user_pages_remote(mm, start, n, flags, pages, NULL, locked)
#else
#define gupnuma_get_user_pages_remote get_user_pages_remote
#define gupnuma_pin_user_pages_remote pin_user_pages_remote
#endif

/* __assign_str() took its source until 6.10 (2c92ca849fcc). */
#ifdef GUPNUMA_HAVE_ASSIGN_STR_DST
#define gupnuma_assign_str(dst, src)	__assign_str(dst)
#else
#define gupnuma_assign_str(dst, src)	__assign_str(dst, src)
#endif

/*
 * pmd_devmap(): gone by 7.3 with the devmap bit of ZONE_DEVICE PMDs; a PMD
 * leaf is then pmd_trans_huge() alone.
 */
#ifndef GUPNUMA_HAVE_PMD_DEVMAP
static inline int pmd_devmap(pmd_t pmd)
{
	return 0;
}
#endif

/* is_cow_mapping(vm_flags) became vma_is_cow_mapping(vma) with vma_flags_t (7.x). */
#ifdef GUPNUMA_HAVE_VMA_IS_COW_MAPPING
#define gupnuma_vma_is_cow_mapping(vma)	vma_is_cow_mapping(vma)
#else
#define gupnuma_vma_is_cow_mapping(vma)	is_cow_mapping((vma)->vm_flags)
#endif

/*
 * userfaultfd RWP (7.3): a VMA registered for it, and its markers (protnone
 * with the uffd bit).  No entry is a marker on a kernel without it.
 */
#ifdef GUPNUMA_HAVE_UFFD_RWP
#define gupnuma_vma_uffd_rwp(vma)	userfaultfd_rwp(vma)
#define gupnuma_pte_uffd(pte)		pte_uffd(pte)
#define gupnuma_pmd_uffd(pmd)		pmd_uffd(pmd)
#else
#define gupnuma_vma_uffd_rwp(vma)	false
#define gupnuma_pte_uffd(pte)		false
#define gupnuma_pmd_uffd(pmd)		false
#endif

/* A KUnit parameter generator: 7.3's also gets the test (kunit/test.h). */
#ifdef GUPNUMA_HAVE_KUNIT_GEN_PARAMS_TEST
#define GUPNUMA_KUNIT_GEN_PARAMS(name) \
	static const void *name(struct kunit *test, const void *prev, char *desc)
#else
#define GUPNUMA_KUNIT_GEN_PARAMS(name) \
	static const void *name(const void *prev, char *desc)
#endif

/*
 * kzalloc_obj(P, gfp): 7.x's typed allocation (include/linux/slab.h), which
 * its checkpatch prefers to kzalloc(sizeof(...)); older kernels get the
 * kzalloc() it stands for.
 */
#ifndef kzalloc_obj
#define kzalloc_obj(P, gfp) kzalloc(sizeof(P), gfp)
#endif

#endif /* _GUPNUMA_COMPAT_H */
