// SPDX-License-Identifier: BSD-3-Clause
/* Total store order for two sides, one thread: see tso_model.h. */
#include <stddef.h>
#include <string.h>

#include "tso_model.h"

#define TSO_DEPTH 32u

struct tso_store_entry {
	volatile uint8_t *p;
	uint32_t v;
	unsigned int size;
};

struct tso_side {
	struct tso_store_entry buf[TSO_DEPTH];
	unsigned int n;
	unsigned int accesses;
};

static struct tso_side sides[2];
static unsigned int current;
static tso_hook_t hook;
static void *hook_arg;

void tso_run_as(unsigned int side)
{
	current = side & 1u;
}

unsigned int tso_side(void)
{
	return current;
}

void tso_set_hook(tso_hook_t h, void *arg)
{
	hook = h;
	hook_arg = arg;
}

void tso_count_reset(void)
{
	sides[0].accesses = 0;
	sides[1].accesses = 0;
}

unsigned int tso_pending(unsigned int side)
{
	return sides[side & 1u].n;
}

/* The bytes of @e's value as a uint16_t or uint32_t lies in memory. */
static void value_bytes(const struct tso_store_entry *e, unsigned char *b)
{
	uint16_t v16 = (uint16_t)e->v;

	if (e->size == 2)
		memcpy(b, &v16, 2);
	else
		memcpy(b, &e->v, 4);
}

static void commit(const struct tso_store_entry *e)
{
	unsigned char b[4];
	unsigned int i;

	value_bytes(e, b);
	for (i = 0; i < e->size; i++)
		e->p[i] = b[i];
}

static void drain(struct tso_side *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		commit(&s->buf[i]);
	s->n = 0;
}

void tso_reset(void)
{
	drain(&sides[0]);
	drain(&sides[1]);
}

/* After an access: count it, and let the test run the other side. The
 * hook may switch sides; the side that made the access is restored. */
static void after_access(void)
{
	unsigned int me = current;
	unsigned int n = ++sides[me].accesses;

	if (hook)
		hook(me, n, hook_arg);
	current = me;
}

uint32_t tso_load(const volatile void *p, unsigned int size)
{
	const volatile uint8_t *a = p;
	struct tso_side *s = &sides[current];
	unsigned char b[4] = { 0 };
	unsigned int i, j;
	uint16_t v16;
	uint32_t v32;

	for (i = 0; i < size; i++)
		b[i] = a[i];
	/* Our own buffered stores, oldest first, so the newest wins. */
	for (j = 0; j < s->n; j++) {
		const struct tso_store_entry *e = &s->buf[j];
		unsigned char eb[4];

		value_bytes(e, eb);
		for (i = 0; i < size; i++) {
			uintptr_t off = (uintptr_t)(a + i) - (uintptr_t)e->p;

			if (off < e->size) /* wraps when below */
				b[i] = eb[off];
		}
	}
	after_access();
	if (size == 2) {
		memcpy(&v16, b, 2);
		return v16;
	}
	memcpy(&v32, b, 4);
	return v32;
}

void tso_store(volatile void *p, uint32_t v, unsigned int size)
{
	struct tso_side *s = &sides[current];

	if (s->n == TSO_DEPTH) {
		/* A full buffer drains its oldest store. */
		commit(&s->buf[0]);
		memmove(&s->buf[0], &s->buf[1],
			(TSO_DEPTH - 1u) * sizeof(s->buf[0]));
		s->n--;
	}
	s->buf[s->n].p = p;
	s->buf[s->n].v = v;
	s->buf[s->n].size = size;
	s->n++;
	after_access();
}

void tso_fence(void)
{
	drain(&sides[current]);
	after_access();
}
