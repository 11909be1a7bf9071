// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gupnuma_kernel_hook: the contract of the kernel's protnone
 * hook (kernel-patches/, include/linux/protnone_hook.h) as a registrant
 * meets it.  protnone_hook_register() refuses bad ops and sites with
 * -EINVAL, a second registrant (gupnuma.ko is the first) with -EBUSY;
 * protnone_hook_set_sites() refuses bad sites and anyone but the registrant
 * with -EINVAL, and protnone_hook_unregister() by anyone else changes
 * nothing.  Only the test kernel has the hook.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/protnone_hook.h>

#include <gupnuma/kernel_hook.h>

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

static struct kunit_case gupnuma_kernel_hook_cases[] = {
	KUNIT_CASE(register_refuses),
	KUNIT_CASE(set_sites_refuses),
	KUNIT_CASE(unregister_by_another_is_ignored),
	{}
};

static struct kunit_suite gupnuma_kernel_hook_suite = {
	.name = "gupnuma_kernel_hook",
	.test_cases = gupnuma_kernel_hook_cases,
};

kunit_test_suite(gupnuma_kernel_hook_suite);
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
