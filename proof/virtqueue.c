// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: the split virtqueue, both roles (src/core/virtqueue.c).
 *
 * The rings lie in one shared region, declared volatile: every read of it
 * returns any value (Eva's semantics of volatile), so the peer is modelled
 * as rewriting every word between any two of our reads. Any sequence of
 * calls of the public virtqueue API is explored, of any length, for every
 * ring size, byte order and event-index setting.
 */
#include <stdint.h>

#include "__fc_builtin.h"

#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_virtqueue.h>

#define MAX_NUM (1u << NUM_SHIFT)
#define REGION_SIZE (32u * MAX_NUM + 4096u)

static volatile uint8_t region[REGION_SIZE] __attribute__((aligned(16)));
static struct rpmsg_vq_slot slots[MAX_NUM];

/* The ring size, 1 << NUM_SHIFT: prove.sh runs every size up to MAX_NUM. */
#ifndef NUM_SHIFT
#define NUM_SHIFT 3
#endif
static unsigned int any_num(void)
{
	return 1u << NUM_SHIFT;
}

static uint64_t any_features(void)
{
	uint64_t f = 0;

	if (Frama_C_nondet(0, 1))
		f |= 1ull << RPMSG_VIRTIO_F_VERSION_1;
	if (Frama_C_nondet(0, 1))
		f |= 1ull << RPMSG_VIRTIO_F_EVENT_IDX;
	return f;
}

/* A buffer handed out is NULL or points into the region; that all of
 * [p, p + len) lies inside it is the translation's contract (mem.c,
 * proven with WP). */
/*@ predicate into_region(void *p) =
	p == \null || \base_addr(p) == \base_addr(&region[0]);
*/

static void device_role(const struct rpmsg_mem *mem)
{
	struct rpmsg_virtqueue vq;
	uint16_t id;
	void *buf;
	uint32_t len;
	int r;

	if (rpmsg_vq_init(&vq, RPMSG_VQ_DEVICE, (void *)region, any_num(), 16,
			  slots, mem, any_features()))
		return;
	while (Frama_C_nondet(0, 1)) {
		switch (Frama_C_interval(0, 7)) {
		case 0:
			id = 0;
			r = rpmsg_vq_get_avail(&vq, &id, &buf, &len);
			//@ assert got_in_region: into_region(buf);
			//@ assert got_slot: id < MAX_NUM;
			if (!r) {
				rpmsg_vq_put_used(&vq, id,
						  Frama_C_unsigned_int_interval(
							  0, 0xffffffffu));
			}
			break;
		case 1:
			rpmsg_vq_put_used(&vq,
					  Frama_C_unsigned_short_interval(
						  0, 0xffff),
					  Frama_C_unsigned_int_interval(
						  0, 0xffffffffu));
			break;
		case 2:
			(void)rpmsg_vq_pending(&vq);
			break;
		case 3:
			(void)rpmsg_vq_notify_prepare(&vq);
			break;
		case 4:
			(void)rpmsg_vq_enable_notify(&vq);
			break;
		case 5:
			rpmsg_vq_disable_notify(&vq);
			break;
		case 6:
			rpmsg_vq_set_always_notify(&vq, Frama_C_nondet(0, 1));
			break;
		default:
			(void)rpmsg_vq_slot_buf(&vq,
						Frama_C_unsigned_short_interval(
							0, 0xffff));
			break;
		}
	}
}

static void driver_role(const struct rpmsg_mem *mem)
{
	struct rpmsg_virtqueue vq;
	void *buf;
	uint32_t len;
	unsigned int off;
	int r;

	if (rpmsg_vq_init(&vq, RPMSG_VQ_DRIVER, (void *)region, any_num(), 16,
			  slots, mem, any_features()))
		return;
	while (Frama_C_nondet(0, 1)) {
		switch (Frama_C_interval(0, 6)) {
		case 0:
			/* Any buffer of ours, inside the region or not. */
			off = Frama_C_unsigned_int_interval(0, REGION_SIZE);
			(void)rpmsg_vq_add_buf(
				&vq, (uint8_t *)region + off,
				Frama_C_unsigned_int_interval(0, 0xffffffffu),
				Frama_C_nondet(0, 1));
			break;
		case 1:
			r = rpmsg_vq_get_used(&vq, &buf, &len);
			//@ assert used_in_region: into_region(buf);
			(void)r;
			break;
		case 2:
			(void)rpmsg_vq_kick_prepare(&vq);
			break;
		case 3:
			(void)rpmsg_vq_enable_cb(&vq);
			break;
		case 4:
			rpmsg_vq_disable_cb(&vq);
			break;
		case 5:
			rpmsg_vq_set_always_notify(&vq, Frama_C_nondet(0, 1));
			break;
		default:
			(void)rpmsg_vq_pending(&vq);
			break;
		}
	}
}

int main(void)
{
	struct rpmsg_mem mem;

	if (rpmsg_mem_init_linear(&mem, (void *)region, 0x80000000u,
				  REGION_SIZE))
		return 1;
	if (Frama_C_nondet(0, 1))
		device_role(&mem);
	else
		driver_role(&mem);
	return 0;
}
