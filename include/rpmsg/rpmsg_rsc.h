/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The remoteproc resource table: the constants and layouts of Linux's
 * include/linux/remoteproc.h, a builder for the table a remote carries,
 * and a checking reader for the table a host finds.
 *
 * A table is a header (version 1, the number of entries, two reserved
 * words), an array of byte offsets, one per entry, and the entries, each
 * starting with its type word. Every field is a little-endian 32-bit word
 * (the vdev status and vring count are bytes), at the byte offsets below,
 * counted from the entry's type word.
 *
 * Freestanding: no allocation, nothing from the C library but memcpy and
 * memset, no global state. The reader treats the table as untrusted: it
 * reads every word once, checks it before use, and does all offset
 * arithmetic in 64 bits, so it may run on a table in memory a peer still
 * writes (what it returns is what it checked).
 */
#ifndef RPMSG_RSC_H
#define RPMSG_RSC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Entry types. Types from RPMSG_RSC_VENDOR_START to RPMSG_RSC_VENDOR_END
 * are the platform's; the reader returns them (and any other unknown
 * type) by type and offset only. */
#define RPMSG_RSC_CARVEOUT 0u
#define RPMSG_RSC_DEVMEM 1u
#define RPMSG_RSC_TRACE 2u
#define RPMSG_RSC_VDEV 3u
#define RPMSG_RSC_VENDOR_START 128u
#define RPMSG_RSC_VENDOR_END 512u

/* A device address the host chooses (carveout, vring). */
#define RPMSG_RSC_ADDR_ANY 0xFFFFFFFFu

#define RPMSG_RSC_VERSION 1u
#define RPMSG_RSC_HDR_SIZE 16u /* ver, num, reserved[2] */
#define RPMSG_RSC_NAME_LEN 32u /* name fields, not always terminated */

/* Carveout and devmem entries: type, da, pa, len, flags, reserved, name. */
#define RPMSG_RSC_MEM_SIZE 56u
#define RPMSG_RSC_MEM_DA 4u
#define RPMSG_RSC_MEM_PA 8u
#define RPMSG_RSC_MEM_LEN 12u
#define RPMSG_RSC_MEM_FLAGS 16u
#define RPMSG_RSC_MEM_RESERVED 20u
#define RPMSG_RSC_MEM_NAME 24u

/* Trace entry: type, da, len, reserved, name. */
#define RPMSG_RSC_TRACE_SIZE 48u
#define RPMSG_RSC_TRACE_DA 4u
#define RPMSG_RSC_TRACE_LEN 8u
#define RPMSG_RSC_TRACE_RESERVED 12u
#define RPMSG_RSC_TRACE_NAME 16u

/* Vdev entry: its fixed part, then num_of_vrings vrings, then config_len
 * bytes of the device's config space. */
#define RPMSG_RSC_VDEV_SIZE 28u /* type .. reserved[2] */
#define RPMSG_RSC_VDEV_ID 4u
#define RPMSG_RSC_VDEV_NOTIFYID 8u
#define RPMSG_RSC_VDEV_DFEATURES 12u
#define RPMSG_RSC_VDEV_GFEATURES 16u
#define RPMSG_RSC_VDEV_CONFIG_LEN 20u
#define RPMSG_RSC_VDEV_STATUS 24u
#define RPMSG_RSC_VDEV_NUM_VRINGS 25u
#define RPMSG_RSC_VDEV_RESERVED 26u

/* One vring of a vdev entry: da, align, num, notifyid, pa. */
#define RPMSG_RSC_VRING_SIZE 20u
#define RPMSG_RSC_VRING_DA 0u
#define RPMSG_RSC_VRING_ALIGN 4u
#define RPMSG_RSC_VRING_NUM 8u
#define RPMSG_RSC_VRING_NOTIFYID 12u
#define RPMSG_RSC_VRING_PA 16u

/* What the reader accepts: Linux takes at most two vrings per vdev; num
 * and align are powers of two up to these; a fixed vring address must
 * be 16-byte aligned (the descriptor table's alignment). */
#define RPMSG_RSC_MAX_VRINGS 2u
#define RPMSG_RSC_MAX_VRING_NUM 32768u
#define RPMSG_RSC_MAX_VRING_ALIGN 65536u
#define RPMSG_RSC_VRING_DA_ALIGN 16u

/* Bytes of the offset of entry i in a table's offset array. */
#define RPMSG_RSC_OFFSET_AT(i) (RPMSG_RSC_HDR_SIZE + 4u * (uint32_t)(i))

/**
 * struct rpmsg_rsc_vring - one vring of a vdev entry, as laid out
 * @da: device address of the ring, or RPMSG_RSC_ADDR_ANY (host chooses)
 * @align: alignment of the used ring, a power of two
 * @num: entries, a power of two
 * @notifyid: the id the remote's doorbell carries for this ring
 * @pa: physical address (written by the host; 0 in a firmware image)
 *
 * The structures of this header are the table's layout on a
 * little-endian CPU, for a firmware that places a table in its image;
 * code that may run big-endian uses the builder and the reader.
 */
struct rpmsg_rsc_vring {
	uint32_t da;
	uint32_t align;
	uint32_t num;
	uint32_t notifyid;
	uint32_t pa;
};

/**
 * struct rpmsg_rsc_vdev - a vdev entry with two vrings and no config space
 * @type: RPMSG_RSC_VDEV
 * @id: virtio device id (RPMSG_VIRTIO_ID_RPMSG, 7)
 * @notifyid: the vdev's notify id
 * @dfeatures: features the device offers (32 bits)
 * @gfeatures: features the host accepted (written by the host)
 * @config_len: bytes of config space after the vrings (0 here)
 * @status: virtio status (written by the host)
 * @num_of_vrings: 2
 * @reserved: zero
 * @vring: the two vrings
 */
struct rpmsg_rsc_vdev {
	uint32_t type;
	uint32_t id;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint8_t status;
	uint8_t num_of_vrings;
	uint8_t reserved[2];
	struct rpmsg_rsc_vring vring[RPMSG_RSC_MAX_VRINGS];
};

/**
 * struct rpmsg_rsc_carveout - a carveout (or devmem) entry
 * @type: RPMSG_RSC_CARVEOUT or RPMSG_RSC_DEVMEM
 * @da: device address, or RPMSG_RSC_ADDR_ANY
 * @pa: physical address (a carveout's is written by the host)
 * @len: bytes, not zero
 * @flags: IOMMU protection flags
 * @reserved: zero
 * @name: a name for the host's logs, NUL-padded
 */
struct rpmsg_rsc_carveout {
	uint32_t type;
	uint32_t da;
	uint32_t pa;
	uint32_t len;
	uint32_t flags;
	uint32_t reserved;
	char name[RPMSG_RSC_NAME_LEN];
};

/**
 * struct rpmsg_rsc_trace - a trace buffer entry
 * @type: RPMSG_RSC_TRACE
 * @da: device address of the buffer the firmware logs into
 * @len: its bytes, not zero
 * @reserved: zero
 * @name: a name for the host's logs, NUL-padded
 */
struct rpmsg_rsc_trace {
	uint32_t type;
	uint32_t da;
	uint32_t len;
	uint32_t reserved;
	char name[RPMSG_RSC_NAME_LEN];
};

/* --- reading ---------------------------------------------------------- */

/**
 * enum rpmsg_rsc_problem - what the reader found wrong
 * @RPMSG_RSC_OK: nothing
 * @RPMSG_RSC_E_SHORT: the table is shorter than its header
 * @RPMSG_RSC_E_VERSION: a version other than 1
 * @RPMSG_RSC_E_HDR_RESERVED: the header's reserved words are not zero
 * @RPMSG_RSC_E_OFFSETS: the offset array runs past the table
 * @RPMSG_RSC_E_UNALIGNED: an entry offset is not a multiple of 4
 * @RPMSG_RSC_E_IN_HEADER: an entry starts inside the header or offsets
 * @RPMSG_RSC_E_TRUNCATED: an entry runs past the end of the table
 * @RPMSG_RSC_E_RESERVED: an entry's reserved field is not zero
 * @RPMSG_RSC_E_ZERO_SIZE: a carveout, devmem or trace of length 0
 * @RPMSG_RSC_E_WRAPS: da + len of an entry passes 4 GiB
 * @RPMSG_RSC_E_VRINGS: a vdev with more vrings than RPMSG_RSC_MAX_VRINGS
 * @RPMSG_RSC_E_VRING_NUM: a vring num of 0, not a power of two or too big
 * @RPMSG_RSC_E_VRING_ALIGN: a vring align of 0, not a power of two or
 *	too big
 * @RPMSG_RSC_E_VRING_DA: a fixed vring address not 16-byte aligned
 * @RPMSG_RSC_E_VRING_OVERLAP: the vrings of one vdev overlap
 * @RPMSG_RSC_E_CONFIG: the vdev's config space runs past the table
 * @RPMSG_RSC_E_COUNT: the number of problems (not one)
 */
enum rpmsg_rsc_problem {
	RPMSG_RSC_OK = 0,
	RPMSG_RSC_E_SHORT,
	RPMSG_RSC_E_VERSION,
	RPMSG_RSC_E_HDR_RESERVED,
	RPMSG_RSC_E_OFFSETS,
	RPMSG_RSC_E_UNALIGNED,
	RPMSG_RSC_E_IN_HEADER,
	RPMSG_RSC_E_TRUNCATED,
	RPMSG_RSC_E_RESERVED,
	RPMSG_RSC_E_ZERO_SIZE,
	RPMSG_RSC_E_WRAPS,
	RPMSG_RSC_E_VRINGS,
	RPMSG_RSC_E_VRING_NUM,
	RPMSG_RSC_E_VRING_ALIGN,
	RPMSG_RSC_E_VRING_DA,
	RPMSG_RSC_E_VRING_OVERLAP,
	RPMSG_RSC_E_CONFIG,
	RPMSG_RSC_E_COUNT
};

/**
 * struct rpmsg_rsc_mem_info - a carveout or devmem entry as read
 * @da: device address
 * @pa: physical address
 * @len: bytes
 * @flags: protection flags
 * @name: the name, always NUL-terminated
 */
struct rpmsg_rsc_mem_info {
	uint32_t da;
	uint32_t pa;
	uint32_t len;
	uint32_t flags;
	char name[RPMSG_RSC_NAME_LEN + 1];
};

/**
 * struct rpmsg_rsc_trace_info - a trace entry as read
 * @da: device address of the buffer
 * @len: its bytes
 * @name: the name, always NUL-terminated
 */
struct rpmsg_rsc_trace_info {
	uint32_t da;
	uint32_t len;
	char name[RPMSG_RSC_NAME_LEN + 1];
};

/**
 * struct rpmsg_rsc_vdev_info - a vdev entry as read
 * @id: virtio device id
 * @notifyid: the vdev's notify id
 * @dfeatures: device features
 * @gfeatures: accepted features
 * @config_len: bytes of config space
 * @config_offset: where the config space starts, from the table start
 * @status: virtio status byte
 * @num_vrings: vrings in @vring
 * @vring: the vrings
 */
struct rpmsg_rsc_vdev_info {
	uint32_t id;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint32_t config_offset;
	uint8_t status;
	uint8_t num_vrings;
	struct rpmsg_rsc_vring vring[RPMSG_RSC_MAX_VRINGS];
};

/**
 * struct rpmsg_rsc_entry - one entry as the reader returns it
 * @type: the entry's type word
 * @offset: where its type word is, from the table start
 * @size: bytes it spans (4 for a type this header does not know)
 * @mem: RPMSG_RSC_CARVEOUT and RPMSG_RSC_DEVMEM
 * @trace: RPMSG_RSC_TRACE
 * @vdev: RPMSG_RSC_VDEV
 *
 * Only the member of @type is filled in.
 */
struct rpmsg_rsc_entry {
	uint32_t type;
	uint32_t offset;
	uint32_t size;
	struct rpmsg_rsc_mem_info mem;
	struct rpmsg_rsc_trace_info trace;
	struct rpmsg_rsc_vdev_info vdev;
};

/**
 * struct rpmsg_rsc_iter - a walk over the entries of a table
 * @table: private
 * @len: private
 * @num: entries the header declares (read once, by rpmsg_rsc_iter_init())
 * @index: the entry rpmsg_rsc_iter_next() reads next
 * @problem: what was wrong with the last table or entry refused
 */
struct rpmsg_rsc_iter {
	const uint8_t *table;
	size_t len;
	uint32_t num;
	uint32_t index;
	enum rpmsg_rsc_problem problem;
};

/**
 * rpmsg_rsc_iter_init() - check a table's header and start a walk
 * @it: the walk
 * @table: the table (may be memory a peer writes; read once)
 * @len: bytes the table may span
 *
 * Checks the length, the version, the reserved words and that the offset
 * array fits. A table of no entries is valid.
 *
 * Return: 0; -EINVAL for a bad table or argument (@it->problem says why).
 */
int rpmsg_rsc_iter_init(struct rpmsg_rsc_iter *it, const void *table,
			size_t len);

/**
 * rpmsg_rsc_iter_next() - read and check the next entry
 * @it: a walk started by rpmsg_rsc_iter_init()
 * @e: filled with the entry
 *
 * Reads the entry's offset and every field of the entry once, then
 * checks them: offset word aligned, past the offset array, the entry
 * (its vrings and config space included) inside the table, reserved
 * fields zero, lengths not zero and not wrapping, at most two vrings,
 * each with num and align powers of two within the limits above and a
 * fixed da 16-byte aligned, the vrings of one vdev not overlapping.
 * The walk moves on past a refused entry too, so a checker can report
 * every problem.
 *
 * Return: 1 with @e filled; 0 after the last entry; -EINVAL for a bad
 * entry (@it->problem says why; @e->offset and @e->type are filled as far
 * as they could be read).
 */
int rpmsg_rsc_iter_next(struct rpmsg_rsc_iter *it, struct rpmsg_rsc_entry *e);

/**
 * rpmsg_rsc_check() - check a whole table
 * @table: the table
 * @len: bytes the table may span
 * @problem: if not NULL, what was found wrong first (RPMSG_RSC_OK if
 *           nothing)
 *
 * Return: the number of entries (>= 0), or -EINVAL for the first problem.
 */
int rpmsg_rsc_check(const void *table, size_t len,
		    enum rpmsg_rsc_problem *problem);

/**
 * rpmsg_rsc_find_vdev() - the one vdev entry of a given device id
 * @table: the table
 * @len: bytes the table may span
 * @id: virtio device id wanted
 * @e: filled with the entry
 *
 * Walks the whole table: every entry must pass the checks of
 * rpmsg_rsc_iter_next(), and @id may appear once.
 *
 * Return: 0; -ENODEV if no vdev of @id; -EINVAL for a bad table or a
 * second vdev of @id.
 */
int rpmsg_rsc_find_vdev(const void *table, size_t len, uint32_t id,
			struct rpmsg_rsc_entry *e);

/**
 * rpmsg_rsc_problem_str() - a problem in words
 * @problem: a value of enum rpmsg_rsc_problem
 *
 * Return: a static string ("unknown problem" for a value out of range).
 */
const char *rpmsg_rsc_problem_str(enum rpmsg_rsc_problem problem);

/**
 * rpmsg_rsc_vring_bytes() - bytes of a legacy split vring
 * @num: entries
 * @align: used-ring alignment, a power of two
 *
 * Return: the size, or 0 if @num or @align is out of the reader's limits.
 */
uint64_t rpmsg_rsc_vring_bytes(uint32_t num, uint32_t align);

/**
 * rpmsg_rsc_set_vring() - write where a vring is into a vdev entry
 * @table: the table (a host writes the one in the loaded image)
 * @len: its bytes
 * @vdev_offset: the vdev entry's offset (rpmsg_rsc_entry.offset)
 * @index: the vring
 * @da: device address of the ring
 * @pa: its physical address
 *
 * Return: 0; -EINVAL if the vring is not inside @len or @da is not
 * 16-byte aligned.
 */
int rpmsg_rsc_set_vring(void *table, size_t len, uint32_t vdev_offset,
			unsigned int index, uint32_t da, uint32_t pa);

/* --- building ---------------------------------------------------------- */

/**
 * struct rpmsg_rsc_builder - a table being written
 * @buf: private
 * @size: private
 * @max: private
 * @num: entries added so far
 * @used: bytes the table spans so far
 */
struct rpmsg_rsc_builder {
	uint8_t *buf;
	size_t size;
	uint32_t max;
	uint32_t num;
	uint32_t used;
};

/**
 * rpmsg_rsc_build_init() - start a table
 * @b: the builder
 * @buf: where the table goes (zeroed as far as it is used)
 * @size: bytes of @buf (at most 1 MiB)
 * @max_entries: room kept in the offset array (1..64)
 *
 * Return: 0; -EINVAL for a bad argument or a @buf too small for the
 * header and offset array.
 */
int rpmsg_rsc_build_init(struct rpmsg_rsc_builder *b, void *buf, size_t size,
			 uint32_t max_entries);

/**
 * rpmsg_rsc_add_vdev() - add a vdev entry
 * @b: the builder
 * @id: virtio device id
 * @notifyid: the vdev's notify id
 * @dfeatures: features offered
 * @config_len: bytes of config space to reserve after the vrings (zeroed)
 * @num_vrings: vrings in @vrings (at most RPMSG_RSC_MAX_VRINGS)
 * @vrings: da, align, num, notifyid and pa of each
 *
 * Return: the entry's offset in the table; -ENOSPC if it does not fit;
 * -EINVAL for vrings the reader would refuse.
 */
int rpmsg_rsc_add_vdev(struct rpmsg_rsc_builder *b, uint32_t id,
		       uint32_t notifyid, uint32_t dfeatures,
		       uint32_t config_len, unsigned int num_vrings,
		       const struct rpmsg_rsc_vring *vrings);

/**
 * rpmsg_rsc_add_carveout() - add a carveout entry
 * @b: the builder
 * @da: device address, or RPMSG_RSC_ADDR_ANY
 * @pa: physical address
 * @len: bytes, not zero
 * @flags: protection flags
 * @name: its name (NULL for none; longer than 32 bytes is cut)
 *
 * Return: the entry's offset; -ENOSPC; -EINVAL for a zero or wrapping
 * length.
 */
int rpmsg_rsc_add_carveout(struct rpmsg_rsc_builder *b, uint32_t da,
			   uint32_t pa, uint32_t len, uint32_t flags,
			   const char *name);

/**
 * rpmsg_rsc_add_devmem() - add a devmem entry (a device's registers)
 * @b: the builder
 * @da: device address
 * @pa: physical address
 * @len: bytes, not zero
 * @flags: protection flags
 * @name: its name (NULL for none)
 *
 * Return: as rpmsg_rsc_add_carveout().
 */
int rpmsg_rsc_add_devmem(struct rpmsg_rsc_builder *b, uint32_t da,
			 uint32_t pa, uint32_t len, uint32_t flags,
			 const char *name);

/**
 * rpmsg_rsc_add_trace() - add a trace buffer entry
 * @b: the builder
 * @da: device address of the buffer
 * @len: its bytes, not zero
 * @name: its name (NULL for none)
 *
 * Return: as rpmsg_rsc_add_carveout().
 */
int rpmsg_rsc_add_trace(struct rpmsg_rsc_builder *b, uint32_t da,
			uint32_t len, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_RSC_H */
