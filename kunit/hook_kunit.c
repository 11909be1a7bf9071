// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gupnuma_kernel_hook: the contract of the kernel's protnone
 * hook (kernel-patches/, include/linux/protnone_hook.h) as a registrant
 * meets it.  protnone_hook_register() refuses bad ops and sites with
 * -EINVAL, a second registrant (gupnuma.ko is the first) with -EBUSY;
 * protnone_hook_set_sites() refuses bad sites and anyone but the registrant
 * with -EINVAL, and protnone_hook_unregister() by anyone else changes
 * nothing.  And the query gupnuma's policies see for each kind of kernel
 * lookup.  Only the test kernel has the hook.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/protnone_hook.h>

#include <gupnuma/kernel_hook.h>
#include <gupnuma/names.h>
#include <gupnuma/policy.h>

static bool follow(const struct protnone_query *q, bool dflt)
{
	return dflt;
}

static bool follow_batch(const struct protnone_query *q, bool dflt, struct protnone_batch *b)
{
	return dflt;
}

static void account(const struct protnone_batch *b)
{
}

static const struct protnone_hook_ops no_follow = { .follow_batch = follow_batch,
						     .account = account };
static const struct protnone_hook_ops batch_alone = { .follow = follow,
						       .follow_batch = follow_batch };
static const struct protnone_hook_ops account_alone = { .follow = follow, .account = account };
static const struct protnone_hook_ops good = { .follow = follow };
static const struct protnone_hook_ops good_batch = { .follow = follow,
						      .follow_batch = follow_batch,
						      .account = account };

struct hook_case {
	const char *desc;
	const struct protnone_hook_ops *ops;
	unsigned int sites;
	int err;
};

static const struct hook_case register_cases[] = {
	{ "no ops", NULL, 0, -EINVAL },
	{ "no follow", &no_follow, 0, -EINVAL },
	{ "follow_batch without account", &batch_alone, 0, -EINVAL },
	{ "account without follow_batch", &account_alone, 0, -EINVAL },
	{ "a site past the last", &good, PROTNONE_SITES_ALL + 1, -EINVAL },
	{ "a second registrant (gupnuma.ko is there)", &good, 0, -EBUSY },
	{ "a second registrant with batches", &good_batch, PROTNONE_SITES_ALL, -EBUSY },
};

static void register_refuses(struct kunit *test)
{
	const struct hook_case *c;

	for (c = register_cases; c < register_cases + ARRAY_SIZE(register_cases); c++) {
		int err = protnone_hook_register(c->ops, c->sites);

		KUNIT_EXPECT_EQ_MSG(test, err, c->err, "%s", c->desc);
		if (!err)	/* it took the hook from gupnuma.ko: give it back */
			protnone_hook_unregister(c->ops);
	}
}

static const struct hook_case set_sites_cases[] = {
	{ "no ops", NULL, 0, -EINVAL },
	{ "not the registrant", &good, PROTNONE_SITES_ALL, -EINVAL },
	{ "a site past the last", &good, PROTNONE_SITES_ALL + 1, -EINVAL },
};

static void set_sites_refuses(struct kunit *test)
{
	const struct hook_case *c;

	for (c = set_sites_cases; c < set_sites_cases + ARRAY_SIZE(set_sites_cases); c++)
		KUNIT_EXPECT_EQ_MSG(test, protnone_hook_set_sites(c->ops, c->sites), c->err, "%s",
				    c->desc);
	/* the registrant itself (gupnuma.ko) is refused a site past the last too */
	KUNIT_EXPECT_EQ_MSG(test, protnone_hook_set_sites(gupnuma_kernel_hook_registrant(),
							  PROTNONE_SITES_ALL + 1), -EINVAL,
			    "a site past the last, by the registrant");
}

/* Anyone but the registrant unregistering changes nothing: gupnuma.ko stays. */
static void unregister_by_another_is_ignored(struct kunit *test)
{
	int err;

	protnone_hook_unregister(&good);
	err = protnone_hook_register(&good, 0);
	KUNIT_EXPECT_EQ_MSG(test, err, -EBUSY, "the hook was free after another's unregister");
	if (!err)
		protnone_hook_unregister(&good);
}

#define GUP_SITE(_flags, _pin, _remote) \
	{ .site = PROTNONE_SITE_GUP, .gup_flags = (_flags), .pin = (_pin), .remote = (_remote) }

struct query_case {
	const char *desc;
	struct protnone_query q;
	enum gupnuma_caller caller;
	u32 flags;
};

/*
 * The kernel's lookups as 7.3's callers make them (the public FOLL_* flags;
 * the sites pass FOLL_PIN and FOLL_REMOTE as .pin and .remote), and the
 * query gupnuma's policies see for each: its caller class and flags.
 */
static const struct query_case query_cases[] = {
	{ "get_user_pages()", GUP_SITE(FOLL_GET, false, false),
	  GUPNUMA_CALLER_GUP, GUPNUMA_LOOKUP_GET },
	{ "get_user_pages(FOLL_WRITE)", GUP_SITE(FOLL_GET | FOLL_WRITE, false, false),
	  GUPNUMA_CALLER_GUP, GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_WRITE },
	{ "pin_user_pages_remote(): process_vm_readv()", GUP_SITE(0, true, true),
	  GUPNUMA_CALLER_GUP, GUPNUMA_LOOKUP_PIN | GUPNUMA_LOOKUP_REMOTE },
	{ "pin_user_pages(FOLL_LONGTERM | FOLL_WRITE): vfio",
	  GUP_SITE(FOLL_LONGTERM | FOLL_WRITE, true, false), GUPNUMA_CALLER_GUP,
	  GUPNUMA_LOOKUP_PIN | GUPNUMA_LOOKUP_LONGTERM | GUPNUMA_LOOKUP_WRITE },
	{ "access_remote_vm(FOLL_FORCE): /proc/PID/mem, ptrace",
	  GUP_SITE(FOLL_GET | FOLL_FORCE, false, true), GUPNUMA_CALLER_GUP,
	  GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_FORCE | GUPNUMA_LOOKUP_REMOTE },
	{ "hva_to_pfn_slow(): KVM", GUP_SITE(FOLL_GET | FOLL_HONOR_NUMA_FAULT, false, false),
	  GUPNUMA_CALLER_SECONDARY_MMU, GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_HONOR_NUMA_FAULT },
	{ "hva_to_pfn_slow(): KVM, a write",
	  GUP_SITE(FOLL_GET | FOLL_HONOR_NUMA_FAULT | FOLL_WRITE, false, false),
	  GUPNUMA_CALLER_SECONDARY_MMU,
	  GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_HONOR_NUMA_FAULT | GUPNUMA_LOOKUP_WRITE },
	{ "get_dump_page()", GUP_SITE(FOLL_GET | FOLL_FORCE | FOLL_DUMP, false, false),
	  GUPNUMA_CALLER_DUMP, GUPNUMA_LOOKUP_GET | GUPNUMA_LOOKUP_FORCE },
	{ "populate_vma_page_range(), a private writable VMA", GUP_SITE(FOLL_WRITE, false, false),
	  GUPNUMA_CALLER_POPULATE, GUPNUMA_LOOKUP_WRITE },
	{ "populate_vma_page_range(), another", GUP_SITE(FOLL_FORCE, false, false),
	  GUPNUMA_CALLER_POPULATE, GUPNUMA_LOOKUP_FORCE },
	{ "folio_walk_start(): KSM, move_pages()", { .site = PROTNONE_SITE_FOLIO_WALK },
	  GUPNUMA_CALLER_INSPECT, 0 },
	{ "smaps", { .site = PROTNONE_SITE_SMAPS }, GUPNUMA_CALLER_SMAPS, 0 },
	{ "hmm_range_fault()", { .site = PROTNONE_SITE_HMM }, GUPNUMA_CALLER_HMM, 0 },
};
KUNIT_ARRAY_PARAM_DESC(query_cases, query_cases, desc);

static void kernel_queries_keep_caller_and_flags(struct kunit *test)
{
	const struct query_case *c = test->param_value;
	struct protnone_query q = c->q;
	struct gupnuma_query in;

	in = gupnuma_kernel_query(&q, true, false);
	KUNIT_EXPECT_STREQ(test, gupnuma_caller_name(c->caller), gupnuma_caller_name(in.caller));
	KUNIT_EXPECT_EQ(test, c->flags, in.flags);
	KUNIT_EXPECT_EQ(test, 0, gupnuma_check_query(&in));
	KUNIT_EXPECT_EQ(test, GUPNUMA_LEVEL_PTE, in.level);
	q.pmd = true;
	in = gupnuma_kernel_query(&q, false, true);
	KUNIT_EXPECT_EQ(test, GUPNUMA_LEVEL_PMD, in.level);
	KUNIT_EXPECT_FALSE(test, in.vma_accessible);
	KUNIT_EXPECT_TRUE(test, in.maybe_dma_pinned);
}

/*
 * The hook reads a folio's pinning for a policy that decides by it:
 * skip-pinned follows a maybe-DMA-pinned page for KVM's GUP, where it (for
 * an unpinned page) and v6.6 fault.  A page with GUP_PIN_COUNTING_BIAS more
 * references is "maybe pinned" (folio_maybe_dma_pinned()), as a pinned one
 * is: 7.3's NUMA scan skips pinned folios, so a live protnone entry of one
 * is rare.  Each decision is asked with the other as the kernel's default.
 */
static void hook_reads_the_pinning_skip_pinned_decides_by(struct kunit *test)
{
	const struct protnone_hook_ops *ops = gupnuma_kernel_hook_registrant();
	struct protnone_query q = GUP_SITE(FOLL_GET | FOLL_HONOR_NUMA_FAULT, false, false);
	int skip = gupnuma_policy_parse("skip-pinned", strlen("skip-pinned"));
	int active = gupnuma_active_policy();
	bool unpinned, pinned;
	unsigned long addr;
	struct page *page;

	KUNIT_ASSERT_GE(test, skip, 0);
	addr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, 0);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "kunit_vm_mmap failed");
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	mmap_read_lock(current->mm);
	q.vma = vma_lookup(current->mm, addr);
	q.addr = addr;
	q.page = page;
	KUNIT_EXPECT_EQ(test, 0, gupnuma_set_active_policy(skip));
	rcu_read_lock();
	unpinned = ops->follow(&q, true);
	page_ref_add(page, GUP_PIN_COUNTING_BIAS);
	pinned = ops->follow(&q, false);
	page_ref_sub(page, GUP_PIN_COUNTING_BIAS);
	rcu_read_unlock();
	mmap_read_unlock(current->mm);
	gupnuma_set_active_policy(active);
	__free_page(page);
	KUNIT_EXPECT_FALSE_MSG(test, unpinned, "an unpinned page was followed");
	KUNIT_EXPECT_TRUE_MSG(test, pinned, "a maybe-pinned page was not followed");
}

static struct kunit_case gupnuma_kernel_hook_cases[] = {
	KUNIT_CASE_PARAM(kernel_queries_keep_caller_and_flags, query_cases_gen_params),
	KUNIT_CASE(register_refuses),
	KUNIT_CASE(set_sites_refuses),
	KUNIT_CASE(unregister_by_another_is_ignored),
	KUNIT_CASE(hook_reads_the_pinning_skip_pinned_decides_by),
	{}
};

static struct kunit_suite gupnuma_kernel_hook_suite = {
	.name = "gupnuma_kernel_hook",
	.test_cases = gupnuma_kernel_hook_cases,
};

kunit_test_suite(gupnuma_kernel_hook_suite);
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
