// SPDX-License-Identifier: BSD-3-Clause
/*
 * Proof harness: the vhost-user backend's memory table
 * (src/transport/vhost_user_mem.c: rpmsg_vhu_memory_set and the table's
 * validation, then translation through the table it built).
 *
 * The SET_MEM_TABLE payload, its claimed length, the number of
 * descriptors and the descriptors themselves are any values. The
 * operating system is modelled: the file-size check passes or not, and
 * mmap() gives a mapping of the length asked for, or fails.
 */
#include <stdint.h>
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "__fc_builtin.h"

#include "peer_fd.h"
#include "vhost_user_mem.h"

/* Mappings up to this length are modelled as objects of that length;
 * longer ones as mmap() failing (see proof/README.md). */
#define MAP_MAX 4096u

static uint8_t maps[VHU_MAX_REGIONS][MAP_MAX];
static unsigned int next_map;

void *mmap(void *addr, size_t length, int prot, int flags, int fd,
	   off_t offset)
{
	(void)addr;
	(void)prot;
	(void)flags;
	(void)fd;
	(void)offset;
	if (length > MAP_MAX || next_map >= VHU_MAX_REGIONS ||
	    Frama_C_nondet(0, 1)) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return maps[next_map++];
}

int munmap(void *addr, size_t length)
{
	(void)addr;
	(void)length;
	return 0;
}

int rpmsg_fd_check_memory(int fd, uint64_t need, int flags)
{
	(void)fd;
	(void)need;
	(void)flags;
	return Frama_C_nondet(0, 1) ? 0 : -EPROTO;
}

/* vhost_user_proto.c, where this lives, does not parse under Frama-C 25
 * (CMSG_SPACE in an array size): the same loop, closes modelled away. */
void rpmsg_vhu_close_fds(int *fds, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		fds[i] = -1;
}

static struct vhu_memory m;

int main(void)
{
	struct vhu_mem_table t;
	int fds[VHU_MAX_FDS];
	unsigned int i;
	uint64_t a, len;
	void *p;

	errno = 0;
	rpmsg_vhu_memory_init(&m);
	Frama_C_make_unknown((char *)&t, sizeof(t));
	for (i = 0; i < VHU_MAX_FDS; i++)
		fds[i] = Frama_C_interval(-1, 1023);
	next_map = 0;
	if (rpmsg_vhu_memory_set(&m, &t,
				 Frama_C_unsigned_long_interval(0, 4096),
				 fds, Frama_C_unsigned_int_interval(0, VHU_MAX_FDS)))
		return 0;
	//@ assert table_size: m.num <= VHU_MAX_REGIONS;
	a = ((uint64_t)Frama_C_unsigned_int_interval(0, 0xffffffffu) << 32) |
	    Frama_C_unsigned_int_interval(0, 0xffffffffu);
	len = Frama_C_unsigned_int_interval(0, 0xffffffffu);
	/* Where these point is their contracts' (WP, vhost_user_mem.c). */
	p = rpmsg_mem_da_to_va(&m.mem, a, (size_t)len);
	(void)p;
	p = rpmsg_vhu_memory_uva(&m, a, len);
	(void)p;
	return 0;
}
