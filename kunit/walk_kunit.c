// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gupnuma_walk: the walk engine on real user memory of the test
 * kthread's own mm (kunit_vm_mmap()): present, none, PROT_NONE VMA, THP,
 * write to read-only, unmapped.  Every case runs under every built-in policy:
 * none of these entries is made protnone by NUMA balancing, so the only
 * protnone entries are those of PROT_NONE VMAs, where no policy may fault.
 * And the hmm engine's read and write faults, and each engine's check for a
 * stopped request.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <gupnuma/engine.h>
#include <gupnuma/names.h>

struct walk_case {
	const char *desc;
	unsigned long prot;		/* of the mapping */
	bool touch;			/* write to it first (before any mprotect) */
	bool unmapped;			/* look up an address with nothing mapped */
	bool thp;			/* 2 MiB, THP-aligned */
	enum gupnuma_caller caller;
	u32 flags;
	/* expectations, per page */
	bool found;
	int error;
	bool protnone;
	bool faulted;
};

#define GET GUPNUMA_LOOKUP_GET
#define RW (PROT_READ | PROT_WRITE)

static const struct walk_case walk_cases[] = {
	{ "present page, GUP", RW, true, false, false, GUPNUMA_CALLER_GUP, GET,
	  true, 0, false, false },
	{ "none entry, GUP faults it in", RW, false, false, false, GUPNUMA_CALLER_GUP, GET,
	  true, 0, false, true },
	{ "none entry, inspection sees a hole", RW, false, false, false,
	  GUPNUMA_CALLER_INSPECT, 0, false, 0, false, false },
	{ "PROT_NONE VMA, GUP without FOLL_FORCE fails", PROT_NONE, false, false, false,
	  GUPNUMA_CALLER_GUP, GET, false, -EFAULT, false, false },
	{ "PROT_NONE VMA, FOLL_FORCE faults a protnone page in and follows it", PROT_NONE,
	  false, false, false, GUPNUMA_CALLER_GUP, GET | GUPNUMA_LOOKUP_FORCE,
	  true, 0, true, true },
	{ "PROT_NONE VMA, secondary MMU honoring hints fails", PROT_NONE, false, false,
	  false, GUPNUMA_CALLER_SECONDARY_MMU, GET | GUPNUMA_LOOKUP_HONOR_NUMA_FAULT,
	  false, -EFAULT, false, false },
	{ "THP, GUP", RW, true, false, true, GUPNUMA_CALLER_GUP, GET, true, 0, false, false },
	{ "write to read-only, GUP fails", PROT_READ, false, false, false,
	  GUPNUMA_CALLER_GUP, GET | GUPNUMA_LOOKUP_WRITE, false, -EFAULT, false, false },
	{ "write to read-only, FOLL_FORCE breaks COW", PROT_READ, false, false, false,
	  GUPNUMA_CALLER_GUP, GET | GUPNUMA_LOOKUP_WRITE | GUPNUMA_LOOKUP_FORCE,
	  true, 0, false, true },
	{ "unmapped range", RW, false, true, false, GUPNUMA_CALLER_GUP, GET,
	  false, -EFAULT, false, false },
};
KUNIT_ARRAY_PARAM_DESC(walk_cases, walk_cases, desc);

static unsigned long map_for(struct kunit *test, const struct walk_case *c)
{
	unsigned long len = c->thp ? 2 * HPAGE_PMD_SIZE : PAGE_SIZE;
	unsigned long addr, start;
	char zero[8] = {};

	addr = kunit_vm_mmap(test, NULL, 0, len, c->prot, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "kunit_vm_mmap failed");
	start = c->thp ? ALIGN(addr, HPAGE_PMD_SIZE) : addr;
	if (c->touch)		/* RW mappings only */
		KUNIT_ASSERT_EQ(test, 0, copy_to_user((void __user *)start, zero, sizeof(zero)));
	if (c->unmapped)
		KUNIT_ASSERT_EQ(test, 0, vm_munmap(addr, len));
	return start;
}

static void walk_engine_on_real_memory(struct kunit *test)
{
	const struct walk_case *c = test->param_value;
	unsigned long start = map_for(test, c);
	struct gupnuma_page *pg;
	bool first = true;
	int policy;

	pg = kunit_kzalloc(test, sizeof(*pg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pg);
	gupnuma_for_each_policy(policy) {
		struct gupnuma_req req = {
			.mm = current->mm,
			.start = start,
			.npages = 1,
			.caller = c->caller,
			.flags = c->flags,
			.policy = policy,
			.pages = pg,
		};

		memset(pg, 0, sizeof(*pg));
		KUNIT_ASSERT_EQ(test, 0, gupnuma_engine_lookup(GUPNUMA_ENGINE_WALK, &req));
		KUNIT_EXPECT_EQ_MSG(test, req.found, (u64)c->found, "policy %s",
				    gupnuma_policy_name(policy));
		KUNIT_EXPECT_EQ_MSG(test, pg->error, c->error, "policy %s",
				    gupnuma_policy_name(policy));
		KUNIT_EXPECT_EQ_MSG(test, req.hint_faults, 0ULL, "policy %s",
				    gupnuma_policy_name(policy));
		KUNIT_EXPECT_EQ_MSG(test, req.decisions[GUPNUMA_FAULT], 0ULL, "policy %s",
				    gupnuma_policy_name(policy));
		KUNIT_EXPECT_EQ_MSG(test, !!(pg->state & GUPNUMA_PAGE_PROTNONE), c->protnone,
				    "policy %s state %#x", gupnuma_policy_name(policy), pg->state);
		KUNIT_EXPECT_EQ_MSG(test, !!(pg->state & GUPNUMA_PAGE_THP), c->thp,
				    "policy %s", gupnuma_policy_name(policy));
		/* Faults happen on the first lookup only: later ones find the page. */
		if (first)
			KUNIT_EXPECT_EQ(test, !!(pg->state & GUPNUMA_PAGE_FAULTED), c->faulted);
		first = false;
		if (c->found)
			KUNIT_EXPECT_EQ(test, pg->node, page_to_nid(pfn_to_page(pg->pfn)));
	}
}

static void walk_rejects_pin(struct kunit *test)
{
	unsigned long start = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, RW,
					    MAP_PRIVATE | MAP_ANONYMOUS, 0);
	struct gupnuma_req req = {
		.mm = current->mm, .start = start, .npages = 1,
		.caller = GUPNUMA_CALLER_GUP, .flags = GUPNUMA_LOOKUP_PIN,
		.policy = gupnuma_active_policy(),
	};

	KUNIT_ASSERT_NE(test, start, 0);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, gupnuma_engine_lookup(GUPNUMA_ENGINE_WALK, &req));
	req.start = start + 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, gupnuma_engine_lookup(GUPNUMA_ENGINE_WALK, &req));
}

/*
 * A GUP request (@flags, the active policy) for one page of a new private
 * anonymous mapping (@prot) of the test kthread's mm, with its result in
 * the page returned.
 */
static struct gupnuma_page *one_page_request(struct kunit *test, unsigned long prot, u32 flags,
					     struct gupnuma_req *req)
{
	unsigned long start = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, prot,
					    MAP_PRIVATE | MAP_ANONYMOUS, 0);
	struct gupnuma_page *pg;

	KUNIT_ASSERT_NE_MSG(test, start, 0, "kunit_vm_mmap failed");
	pg = kunit_kzalloc(test, sizeof(*pg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pg);
	*req = (struct gupnuma_req){
		.mm = current->mm,	/* the kthread's, since kunit_vm_mmap() */
		.start = start,
		.npages = 1,
		.caller = GUPNUMA_CALLER_GUP,
		.flags = flags,
		.policy = gupnuma_active_policy(),
		.pages = pg,
	};
	return pg;
}

/*
 * Only FOLL_FORCE writes through a read-only private mapping, even to a page
 * of the process's own (anon-exclusive, after the COW that FOLL_FORCE broke):
 * the same write without it fails, each time.
 */
static void only_force_writes_to_a_read_only_page_of_its_own(struct kunit *test)
{
	struct gupnuma_req req;
	struct gupnuma_page *pg = one_page_request(test, PROT_READ,
						   GET | GUPNUMA_LOOKUP_WRITE | GUPNUMA_LOOKUP_FORCE,
						   &req);
	int i;

	/* FOLL_FORCE: COW broken, a page of its own; then found as it is */
	for (i = 0; i < 2; i++) {
		memset(pg, 0, sizeof(*pg));
		req.found = 0;
		KUNIT_ASSERT_EQ(test, 0, gupnuma_engine_lookup(GUPNUMA_ENGINE_WALK, &req));
		KUNIT_EXPECT_EQ_MSG(test, req.found, 1ULL, "forced write %d", i + 1);
	}
	req.flags &= ~GUPNUMA_LOOKUP_FORCE;
	for (i = 0; i < 2; i++) {
		memset(pg, 0, sizeof(*pg));
		req.found = 0;
		KUNIT_ASSERT_EQ(test, 0, gupnuma_engine_lookup(GUPNUMA_ENGINE_WALK, &req));
		KUNIT_EXPECT_EQ_MSG(test, req.found, 0ULL, "write %d without FOLL_FORCE", i + 1);
		KUNIT_EXPECT_EQ(test, pg->error, -EFAULT);
	}
}

/*
 * A request whose policy is not registered (one unregistered while the
 * request ran, or an index an engine's caller made up) gets the invariant's
 * stand-in at a protnone entry: FOLLOW for GUP, with the invariant reason.
 * The entry: the page that FOLL_FORCE faults into a PROT_NONE VMA.
 */
static void unregistered_policy_gets_the_stand_in(struct kunit *test)
{
	struct gupnuma_req req;
	struct gupnuma_page *pg = one_page_request(test, PROT_NONE, GET | GUPNUMA_LOOKUP_FORCE,
						   &req);
	int id;

	for (id = 0; id < GUPNUMA_MAX_POLICIES && gupnuma_policy(id); id++)
		;
	if (id == GUPNUMA_MAX_POLICIES)
		kunit_skip(test, "every policy index is registered");
	/* the first lookup faults the page in, under the active policy */
	KUNIT_ASSERT_EQ(test, 0, gupnuma_engine_lookup(GUPNUMA_ENGINE_WALK, &req));
	KUNIT_ASSERT_EQ(test, req.found, 1ULL);
	memset(pg, 0, sizeof(*pg));
	memset(req.decisions, 0, sizeof(req.decisions));
	req.found = 0;
	req.policy = id;
	KUNIT_ASSERT_EQ(test, 0, gupnuma_engine_lookup(GUPNUMA_ENGINE_WALK, &req));
	KUNIT_EXPECT_EQ(test, req.found, 1ULL);
	KUNIT_EXPECT_EQ_MSG(test, pg->state & (GUPNUMA_PAGE_PROTNONE | GUPNUMA_PAGE_ASKED),
			    GUPNUMA_PAGE_PROTNONE | GUPNUMA_PAGE_ASKED, "state %#x", pg->state);
	KUNIT_EXPECT_EQ(test, (int)pg->decision, (int)GUPNUMA_FOLLOW);
	KUNIT_EXPECT_EQ(test, (int)pg->reason, (int)GUPNUMA_REASON_INVARIANT);
	KUNIT_EXPECT_EQ(test, req.decisions[GUPNUMA_FOLLOW], 1ULL);
}

/*
 * The hmm engine asks hmm_range_fault() to fault for write only when the
 * lookup writes: a read of untouched memory maps the shared zero page,
 * read-only memory included, and a write gets a page of its own or fails.
 */
struct hmm_case {
	const char *desc;
	unsigned long prot;
	u32 flags;
	bool found;
	bool zero_page;
};

static const struct hmm_case hmm_cases[] = {
	{ "read of untouched memory: the zero page", RW, 0, true, true },
	{ "read of untouched read-only memory: the zero page", PROT_READ, 0, true, true },
	{ "write to untouched memory: a page of its own", RW, GUPNUMA_LOOKUP_WRITE, true, false },
	{ "write to read-only memory fails", PROT_READ, GUPNUMA_LOOKUP_WRITE, false, false },
};
KUNIT_ARRAY_PARAM_DESC(hmm_cases, hmm_cases, desc);

static void hmm_engine_faults_for_write_only_to_write(struct kunit *test)
{
	const struct hmm_case *c = test->param_value;
	struct gupnuma_page *pg;
	struct gupnuma_req req = {
		.npages = 1,
		.caller = GUPNUMA_CALLER_HMM,
		.flags = c->flags,
		.policy = gupnuma_active_policy(),
	};
	unsigned long start;
	int err;

	start = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, c->prot, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	KUNIT_ASSERT_NE_MSG(test, start, 0, "kunit_vm_mmap failed");
	pg = kunit_kzalloc(test, sizeof(*pg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pg);
	req.mm = current->mm;	/* the kthread's, since kunit_vm_mmap() */
	req.start = start;
	req.pages = pg;
	err = gupnuma_engine_lookup(GUPNUMA_ENGINE_HMM, &req);
	if (err == -ENOENT)
		kunit_skip(test, "no hmm engine on this kernel");
	KUNIT_ASSERT_EQ(test, 0, err);
	KUNIT_EXPECT_EQ(test, req.found, (u64)c->found);
	KUNIT_EXPECT_EQ_MSG(test, pg->error != 0, !c->found, "error %d", pg->error);
	if (c->found)
		KUNIT_EXPECT_EQ_MSG(test, is_zero_pfn(pg->pfn), c->zero_page, "pfn %#llx",
				    (unsigned long long)pg->pfn);
}

/*
 * A request stopped before it starts (the task it runs for was sent a fatal
 * signal: req->stop) ends with -EINTR at the engine's first check: for gup
 * and hmm with nothing found (their peek's check, after 512 entries, or
 * their own before the first GUP batch or hmm_range_fault()), for the walk
 * after its first WALK_RESCHED_PAGES (512, engine_walk.c) pages, one PMD
 * here.  STOP_PAGES present pages (4 PMDs, whether THP or page tables),
 * so that each engine's check comes before the end.
 */
#define STOP_PAGES	(4 * HPAGE_PMD_NR)

struct stop_case {
	enum gupnuma_engine_id engine;
	unsigned long max_found;	/* pages found before the first check */
};

static const struct stop_case stop_cases[] = {
	{ GUPNUMA_ENGINE_WALK, HPAGE_PMD_NR },
	{ GUPNUMA_ENGINE_GUP, 0 },
	{ GUPNUMA_ENGINE_HMM, 0 },
};

static void stop_case_desc(const struct stop_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", gupnuma_engine_name(c->engine));
}
KUNIT_ARRAY_PARAM(stop_cases, stop_cases, stop_case_desc);

static void stopped_request_ends_at_the_first_check(struct kunit *test)
{
	const struct stop_case *c = test->param_value;
	unsigned long len = STOP_PAGES * PAGE_SIZE, addr, start, i;
	struct gupnuma_page *pg;
	bool stop = true;
	char one = 1;
	int err;
	struct gupnuma_req req = {
		.npages = STOP_PAGES,
		.caller = GUPNUMA_CALLER_INSPECT,
		.policy = gupnuma_active_policy(),
		.stop = &stop,
	};

	addr = kunit_vm_mmap(test, NULL, 0, len + HPAGE_PMD_SIZE, RW,
			     MAP_PRIVATE | MAP_ANONYMOUS, 0);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "kunit_vm_mmap failed");
	start = ALIGN(addr, HPAGE_PMD_SIZE);
	for (i = 0; i < STOP_PAGES; i++)
		KUNIT_ASSERT_EQ(test, 0, copy_to_user((void __user *)(start + i * PAGE_SIZE),
						      &one, 1));
	pg = kunit_kcalloc(test, STOP_PAGES, sizeof(*pg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pg);
	req.mm = current->mm;	/* the kthread's, since kunit_vm_mmap() */
	req.start = start;
	req.pages = pg;
	err = gupnuma_engine_lookup(c->engine, &req);
	if (err == -ENOENT)
		kunit_skip(test, "no %s engine on this kernel", gupnuma_engine_name(c->engine));
	KUNIT_EXPECT_EQ(test, -EINTR, err);
	KUNIT_EXPECT_LE_MSG(test, req.found, (u64)c->max_found, "of %lu pages",
			    (unsigned long)STOP_PAGES);
	/* unstopped, the same request finds every page */
	stop = false;
	req.found = 0;
	memset(pg, 0, STOP_PAGES * sizeof(*pg));
	KUNIT_EXPECT_EQ(test, 0, gupnuma_engine_lookup(c->engine, &req));
	KUNIT_EXPECT_EQ(test, req.found, (u64)STOP_PAGES);
}

static struct kunit_case gupnuma_walk_cases[] = {
	KUNIT_CASE_PARAM(walk_engine_on_real_memory, walk_cases_gen_params),
	KUNIT_CASE(walk_rejects_pin),
	KUNIT_CASE(unregistered_policy_gets_the_stand_in),
	KUNIT_CASE(only_force_writes_to_a_read_only_page_of_its_own),
	KUNIT_CASE_PARAM(stopped_request_ends_at_the_first_check, stop_cases_gen_params),
	KUNIT_CASE_PARAM(hmm_engine_faults_for_write_only_to_write, hmm_cases_gen_params),
	{}
};

static struct kunit_suite gupnuma_walk_suite = {
	.name = "gupnuma_walk",
	.test_cases = gupnuma_walk_cases,
};
kunit_test_suite(gupnuma_walk_suite);
