/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory port: how device addresses found in shared memory become pointers.
 *
 * Descriptor addresses and buffer addresses are what the virtio driver calls
 * DMA addresses. They are written by the peer, so every translation checks
 * that the whole range [da, da + len) lies inside the shared region before a
 * pointer is returned. Nothing in librpmsg stores a pointer in shared memory.
 */
#ifndef RPMSG_MEM_H
#define RPMSG_MEM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rpmsg_mem;

/**
 * struct rpmsg_mem_ops - translation and cache maintenance for one region
 * @da_to_va: pointer for [da, da + len) or NULL when any byte is outside
 * @va_to_da: device address of [va, va + len); 0 or -ERANGE
 * @cache_clean: write back a range this side wrote (NULL: coherent memory)
 * @cache_invalidate: drop stale lines before reading what the peer wrote
 *                    (NULL: coherent memory)
 *
 * Called from whatever context drives the device (thread or interrupt); the
 * functions must not block.
 */
struct rpmsg_mem_ops {
	void *(*da_to_va)(const struct rpmsg_mem *mem, uint64_t da, size_t len);
	int (*va_to_da)(const struct rpmsg_mem *mem, const void *va, size_t len,
			uint64_t *da);
	void (*cache_clean)(const struct rpmsg_mem *mem, const void *va,
			    size_t len);
	void (*cache_invalidate)(const struct rpmsg_mem *mem, const void *va,
				 size_t len);
};

/**
 * struct rpmsg_mem - one shared region
 * @ops: translation; rpmsg_mem_linear_ops for a region mapped at one offset
 * @va: where this side sees the region
 * @da: the device address of @va
 * @size: length in bytes
 * @priv: for the port's own use
 */
struct rpmsg_mem {
	const struct rpmsg_mem_ops *ops;
	void *va;
	uint64_t da;
	size_t size;
	void *priv;
};

/** Translation for a region seen linearly: da = mem->da + (va - mem->va). */
extern const struct rpmsg_mem_ops rpmsg_mem_linear_ops;

/**
 * rpmsg_mem_init_linear() - describe a linearly mapped region
 * @mem: the description to fill
 * @va: start of the region in this address space
 * @da: device address of @va
 * @size: bytes
 *
 * Return: 0, or -EINVAL for a NULL pointer, zero size or a range that wraps.
 */
int rpmsg_mem_init_linear(struct rpmsg_mem *mem, void *va, uint64_t da,
			  size_t size);

/**
 * rpmsg_mem_da_to_va() - checked translation of a peer-supplied address
 * @mem: the region
 * @da: device address, as the peer wrote it
 * @len: bytes that must all lie inside the region
 * Return: pointer to @len bytes at @da, or NULL if any of them is outside.
 */
void *rpmsg_mem_da_to_va(const struct rpmsg_mem *mem, uint64_t da, size_t len);

/**
 * rpmsg_mem_va_to_da() - device address of a local range inside the region
 * @mem: the region
 * @va: start of the local range
 * @len: its length
 * @da: set to the device address of @va
 * Return: 0 and *@da set, -EINVAL on NULL arguments, -ERANGE outside.
 */
int rpmsg_mem_va_to_da(const struct rpmsg_mem *mem, const void *va, size_t len,
		       uint64_t *da);

/** rpmsg_mem_clean() - write back [va, va + len) if the port needs it. */
void rpmsg_mem_clean(const struct rpmsg_mem *mem, const void *va, size_t len);

/** rpmsg_mem_invalidate() - discard stale cached copies before a read. */
void rpmsg_mem_invalidate(const struct rpmsg_mem *mem, const void *va,
			  size_t len);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_MEM_H */
