// SPDX-License-Identifier: BSD-3-Clause
/*
 * Mapping the frontend's memory table, and translating its addresses.
 *
 * Each region's file is mapped from offset 0 to mmap_offset + size (the
 * offset need not be page aligned), shared, read-write. A file shorter
 * than the region would fault on access, so its size is checked first.
 * A frontend that truncates the file later can still make us fault: a
 * memfd sealed against shrinking (F_SEAL_SHRINK) rules that out, and is
 * what our own frontend sends.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "peer_fd.h"
#include "vhost_user_mem.h"

/* [a, a + len) inside [base, base + size)?  No overflow on any input. */
/*@ assigns \nothing;
    ensures \result != 0 <==> (base <= a && a - base + len <= size);
*/
static int inside(uint64_t a, uint64_t len, uint64_t base, uint64_t size)
{
	return a >= base && a - base <= size && len <= size - (a - base);
}

/* The region [gpa, gpa + size) of map entry @i holds [a, a + len). */
/*@ predicate holds_gpa(struct vhu_memory *m, integer i, integer a,
			integer len) =
	m->map[i].gpa <= a && a - m->map[i].gpa + len <= m->map[i].size;
    predicate holds_uva(struct vhu_memory *m, integer i, integer a,
			integer len) =
	m->map[i].uva <= a && a - m->map[i].uva + len <= m->map[i].size;
*/

/*@ requires \valid_read(mem);
    requires \valid_read((struct vhu_memory *)mem->priv);
    requires ((struct vhu_memory *)mem->priv)->num <= VHU_MAX_REGIONS;
    assigns \nothing;
    ensures inside: \result == \null ||
	\exists integer i; 0 <= i < ((struct vhu_memory *)mem->priv)->num &&
	    holds_gpa((struct vhu_memory *)mem->priv, i, da, len) &&
	    (uint8_t *)\result ==
		((struct vhu_memory *)mem->priv)->map[i].va +
		(da - ((struct vhu_memory *)mem->priv)->map[i].gpa);
*/
static void *gpa_to_va(const struct rpmsg_mem *mem, uint64_t da, size_t len)
{
	const struct vhu_memory *m = mem->priv;
	unsigned int i;

	if (!len)
		return NULL;
	/*@ loop invariant 0 <= i <= m->num;
	    loop assigns i;
	    loop variant m->num - i;
	*/
	for (i = 0; i < m->num; i++)
		if (inside(da, len, m->map[i].gpa, m->map[i].size))
			return m->map[i].va + (da - m->map[i].gpa);
	return NULL;
}

static int va_to_gpa(const struct rpmsg_mem *mem, const void *va, size_t len,
		     uint64_t *da)
{
	const struct vhu_memory *m = mem->priv;
	uintptr_t p = (uintptr_t)va;
	unsigned int i;

	for (i = 0; i < m->num; i++) {
		uintptr_t base = (uintptr_t)m->map[i].va;

		if (inside(p, len, base, m->map[i].size)) {
			*da = m->map[i].gpa + (p - base);
			return 0;
		}
	}
	return -ERANGE;
}

static const struct rpmsg_mem_ops vhu_mem_ops = {
	.da_to_va = gpa_to_va,
	.va_to_da = va_to_gpa,
};

void rpmsg_vhu_memory_init(struct vhu_memory *m)
{
	memset(m, 0, sizeof(*m));
	m->mem.ops = &vhu_mem_ops;
	m->mem.priv = m;
}

void rpmsg_vhu_memory_clear(struct vhu_memory *m)
{
	unsigned int i;

	for (i = 0; i < m->num; i++)
		munmap(m->map[i].map, m->map[i].map_len);
	m->num = 0;
}

/*@ requires \valid_read(m) && m->num <= VHU_MAX_REGIONS;
    assigns \nothing;
    ensures inside: \result == \null ||
	\exists integer i; 0 <= i < m->num && holds_uva(m, i, uva, len) &&
	    (uint8_t *)\result == m->map[i].va + (uva - m->map[i].uva);
*/
void *rpmsg_vhu_memory_uva(const struct vhu_memory *m, uint64_t uva, uint64_t len)
{
	unsigned int i;

	if (!len)
		return NULL;
	/*@ loop invariant 0 <= i <= m->num;
	    loop assigns i;
	    loop variant m->num - i;
	*/
	for (i = 0; i < m->num; i++)
		if (inside(uva, len, m->map[i].uva, m->map[i].size))
			return m->map[i].va + (uva - m->map[i].uva);
	return NULL;
}

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Rules a table must follow before anything is mapped: -EPROTO for a
 * malformed message, -EINVAL for regions that make no sense. */
static int table_ok(const struct vhu_mem_table *t, size_t size,
		    unsigned int nfds)
{
	unsigned int i, j;

	/* The payload may be longer than its regions: User Mode Linux always
	 * sends room for two. Never shorter, never past the table's end. */
	if (size < VHU_MEM_TABLE_SIZE(0) || t->num > VHU_MAX_REGIONS ||
	    size < VHU_MEM_TABLE_SIZE(t->num) ||
	    size > VHU_MEM_TABLE_SIZE(VHU_MAX_REGIONS) || nfds != t->num)
		return -EPROTO; /* the message itself is malformed */
	if (!t->num)
		return -EINVAL;
	for (i = 0; i < t->num; i++) {
		const struct vhu_region *r = &t->regions[i];

		if (!r->size || r->size > SIZE_MAX / 2 ||
		    r->guest_addr + r->size < r->guest_addr ||
		    r->user_addr + r->size < r->user_addr ||
		    r->mmap_offset > SIZE_MAX / 2 ||
		    r->mmap_offset + r->size > SIZE_MAX / 2)
			return -EINVAL;
		for (j = 0; j < i; j++) {
			const struct vhu_region *o = &t->regions[j];

			if (overlaps(r->guest_addr, r->size, o->guest_addr,
				     o->size) ||
			    overlaps(r->user_addr, r->size, o->user_addr,
				     o->size))
				return -EINVAL;
		}
	}
	return 0;
}

int rpmsg_vhu_memory_set(struct vhu_memory *m, const struct vhu_mem_table *table,
		   size_t size, int *fds, unsigned int nfds)
{
	unsigned int i;
	int rc = 0;

	rpmsg_vhu_memory_clear(m);
	rc = table_ok(table, size, nfds);
	if (rc)
		goto out;
	for (i = 0; i < table->num; i++) {
		const struct vhu_region *r = &table->regions[i];
		struct vhu_mapping *mp = &m->map[i];
		size_t len = (size_t)(r->mmap_offset + r->size);
		void *p;

		/* A refusal (-EINVAL), not a broken protocol (-EPROTO). */
		if (rpmsg_fd_check_memory(fds[i], r->mmap_offset + r->size,
					  0)) {
			rc = -EINVAL;
			break;
		}
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fds[i],
			 0);
		if (p == MAP_FAILED) {
			rc = -errno;
			break;
		}
		mp->map = p;
		mp->map_len = len;
		mp->va = (uint8_t *)p + r->mmap_offset;
		mp->gpa = r->guest_addr;
		mp->uva = r->user_addr;
		mp->size = r->size;
		m->num = i + 1;
	}
	if (rc)
		rpmsg_vhu_memory_clear(m);
out:
	rpmsg_vhu_close_fds(fds, nfds);
	return rc;
}
