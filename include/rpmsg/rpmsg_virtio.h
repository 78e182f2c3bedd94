/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpmsg over two split virtqueues, in the host (virtio driver) or remote
 * (virtio device) role.
 *
 *   vq 0 "input":  remote -> host. The host posts empty rx buffers.
 *   vq 1 "output": host -> remote. The host posts filled tx buffers.
 *
 * The host owns the buffers: by default one pool, the first half for rx and
 * the second for tx; each direction may also have its own count, size and
 * place (rpmsg_virtio_config.tx_*). The remote allocates nothing; it sends
 * in the host's rx buffers.
 */
#ifndef RPMSG_VIRTIO_H
#define RPMSG_VIRTIO_H

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_mem.h>
#include <rpmsg/rpmsg_virtqueue.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Virtio device status bits. */
#define RPMSG_VIRTIO_STATUS_ACKNOWLEDGE 1u
#define RPMSG_VIRTIO_STATUS_DRIVER 2u
#define RPMSG_VIRTIO_STATUS_DRIVER_OK 4u
#define RPMSG_VIRTIO_STATUS_FEATURES_OK 8u
#define RPMSG_VIRTIO_STATUS_NEEDS_RESET 64u
#define RPMSG_VIRTIO_STATUS_FAILED 128u

#define RPMSG_VIRTIO_ID_RPMSG 7u

/* Pool defaults (rpmsg_config.h; Linux's: 512 buffers of 512 bytes). */
#define RPMSG_VIRTIO_DEFAULT_NUM_BUFS RPMSG_CFG_NUM_BUFS
#define RPMSG_VIRTIO_DEFAULT_BUF_SIZE RPMSG_CFG_BUF_SIZE

/* Feature bits this build can negotiate (see RPMSG_CFG_NS and
 * RPMSG_CFG_EVENT_IDX in rpmsg_config.h). */
#define RPMSG_VIRTIO_SUPPORTED_FEATURES                                      \
	(((unsigned long long)(RPMSG_CFG_NS != 0) << RPMSG_VIRTIO_RPMSG_F_NS) | \
	 ((unsigned long long)(RPMSG_CFG_EVENT_IDX != 0)                     \
	  << RPMSG_VIRTIO_F_EVENT_IDX) |                                     \
	 (1ull << RPMSG_VIRTIO_F_VERSION_1))

/* Feature bits this build knows but has compiled out. */
#define RPMSG_VIRTIO_COMPILED_OUT_FEATURES                                   \
	(((unsigned long long)(RPMSG_CFG_NS == 0) << RPMSG_VIRTIO_RPMSG_F_NS) | \
	 ((unsigned long long)(RPMSG_CFG_EVENT_IDX == 0)                     \
	  << RPMSG_VIRTIO_F_EVENT_IDX))

/*
 * Peer behaviours (rpmsg_virtio_config.peer): what the other side does that
 * cannot be recognised safely from the ring state, one bit each. The wire
 * spec (docs/SPEC.md, "Peers") says what each changes and why.
 *
 * @RPMSG_PEER_RING_ALWAYS: ring the peer's doorbell for every publication,
 *	ignoring its suppression flag (a host that sets "no interrupt" at start,
 *	never clears it, and still sleeps until a doorbell). The event index is
 *	then not offered either.
 * @RPMSG_PEER_NO_EVENT_IDX: never offer or accept VIRTIO_RING_F_EVENT_IDX
 *	(a driver that accepts it but writes its used-event index only when it
 *	toggles callbacks: its stale index would silence our doorbells).
 * @RPMSG_PEER_SILENT_RETURNS: the peer gives consumed buffers back without a
 *	doorbell: a sender waiting for a buffer looks again every
 *	RPMSG_CFG_SILENT_PEER_POLL_MS as well as on every doorbell.
 * @RPMSG_PEER_BUF_512: host role: the remote writes messages of up to 512
 *	bytes whatever the descriptor's length says; the configuration is
 *	refused unless its buffers hold at least 512 bytes.
 */
#define RPMSG_PEER_RING_ALWAYS (1u << 0)
#define RPMSG_PEER_NO_EVENT_IDX (1u << 1)
#define RPMSG_PEER_SILENT_RETURNS (1u << 2)
#define RPMSG_PEER_BUF_512 (1u << 3)
#define RPMSG_PEER_ALL_FLAGS 0xFu

/* Presets: the defaults of the stacks found on the other core. */
#define RPMSG_PEER_LINUX 0u
#define RPMSG_PEER_OPENAMP RPMSG_PEER_NO_EVENT_IDX
#define RPMSG_PEER_RPMSG_LITE                                                \
	(RPMSG_PEER_RING_ALWAYS | RPMSG_PEER_NO_EVENT_IDX |                  \
	 RPMSG_PEER_SILENT_RETURNS | RPMSG_PEER_BUF_512)

/* The buffer size a peer with RPMSG_PEER_BUF_512 assumes. */
#define RPMSG_PEER_LITE_BUF_SIZE 512u

/**
 * rpmsg_peer_from_name() - a preset by name
 * @name: "linux", "openamp" or "rpmsg-lite"
 * @flags: set to the preset's RPMSG_PEER_* flags
 *
 * Return: 0, or -EINVAL for NULL or an unknown name.
 */
int rpmsg_peer_from_name(const char *name, uint32_t *flags);

/**
 * rpmsg_peer_features() - the features to offer or accept with a peer
 * @peer: RPMSG_PEER_* flags
 * @features: the features wanted
 *
 * A transport that writes the remote's offer (a resource table's
 * dfeatures) passes it through this; the host role applies it itself.
 *
 * Return: @features without VIRTIO_RING_F_EVENT_IDX when @peer has
 * RPMSG_PEER_NO_EVENT_IDX or RPMSG_PEER_RING_ALWAYS, else @features.
 */
uint64_t rpmsg_peer_features(uint32_t peer, uint64_t features);

/**
 * rpmsg_peer_name() - the preset name of @flags
 * @flags: RPMSG_PEER_* flags
 * Return: "linux", "openamp", "rpmsg-lite", or "custom".
 */
const char *rpmsg_peer_name(uint32_t flags);

enum rpmsg_virtio_role {
	RPMSG_VIRTIO_HOST = 0,	 /* virtio driver: owns the buffers */
	RPMSG_VIRTIO_REMOTE = 1, /* virtio device: takes buffers from rings */
};

/**
 * struct rpmsg_virtio_link_ops - the virtio configuration and doorbells
 * @get_status: read the device status byte
 * @set_status: write it (host role)
 * @get_device_features: features the device offers
 * @get_driver_features: features the driver accepted (the negotiated set)
 * @set_driver_features: write the negotiated set (host role)
 * @notify: ring the peer's doorbell for virtqueue @vq (0 or 1)
 *
 * How these reach the peer is the transport's business: a resource table
 * in shared memory, vhost-user messages, or a struct in one process.
 * @notify may be called from any thread that drives the device and must not
 * call back into the device.
 */
struct rpmsg_virtio_link_ops {
	uint8_t (*get_status)(void *ctx);
	void (*set_status)(void *ctx, uint8_t status);
	uint64_t (*get_device_features)(void *ctx);
	uint64_t (*get_driver_features)(void *ctx);
	void (*set_driver_features)(void *ctx, uint64_t features);
	void (*notify)(void *ctx, unsigned int vq);
};

/**
 * struct rpmsg_virtio_config - how to build one device
 * @role: host or remote
 * @link: configuration access and doorbells
 * @link_ctx: the argument of @link's operations
 * @os: OS port
 * @os_ctx: the argument of @os's operations
 * @mem: the shared region: holds the buffer pool; remote role: every
 *       descriptor address is checked against it
 * @vring: the two rings (vq 0, vq 1), each rpmsg_vring_size() bytes; or,
 *         with @vring_avail and @vring_used set, each ring's descriptor
 *         table only
 * @vring_avail: optional: where each ring's avail ring lies (virtio 1.x
 *               placement; NULL: the legacy contiguous layout)
 * @vring_used: optional: where each ring's used ring lies (set both or
 *              neither)
 * @vring_num: entries per ring (power of two)
 * @vring_align: used-ring alignment (4096 for Linux, often 16 on MCUs);
 *               unused when the parts are placed explicitly
 * @slots: private bookkeeping, @vring_num entries per ring
 * @buffers: host role: the pool inside @mem: the rx buffers (vq 0, remote
 *           -> host), then, unless @tx_buffers says otherwise, the tx
 *           buffers (vq 1, host -> remote)
 * @num_bufs: host role: rx and tx buffers together; with @tx_num_bufs 0,
 *            even, half of them rx and half tx; each direction at most
 *            @vring_num
 * @buf_size: bytes per buffer including the 16-byte header. Host: the rx
 *            buffers' size (and the tx buffers' unless @tx_buf_size is
 *            set). Remote: the most it writes into one of the host's
 *            buffers (its MTU is @buf_size - 16); what it receives is
 *            bounded by each descriptor, not by @buf_size
 * @buf_state: host role: @num_bufs bytes of private storage (who holds
 *             each buffer)
 * @features: host: the features wanted; remote: the features offered
 *            (masked with RPMSG_VIRTIO_SUPPORTED_FEATURES)
 * @peer: RPMSG_PEER_* flags of the other side (0: a Linux-like peer)
 * @tx_buffers: host role, optional: where the tx buffers lie inside @mem
 *              (NULL: right after the rx buffers); must not overlap them
 * @tx_num_bufs: host role, optional: how many of @num_bufs are tx
 *               buffers, 1..@num_bufs - 1 (0: half)
 * @tx_buf_size: host role, optional: bytes per tx buffer including the
 *               header, 17..65551 (0: @buf_size). The host's MTU is
 *               @tx_buf_size - 16; the remote's is bounded by @buf_size
 *
 * The tx_* members give each direction its own pool (what OpenAMP calls
 * h2r and r2h buffers); zero in all three keeps the one pool of equal
 * halves that Linux uses.
 */
struct rpmsg_virtio_config {
	enum rpmsg_virtio_role role;
	const struct rpmsg_virtio_link_ops *link;
	void *link_ctx;
	const struct rpmsg_os_ops *os;
	void *os_ctx;
	const struct rpmsg_mem *mem;
	void *vring[2];
	void *vring_avail[2];
	void *vring_used[2];
	unsigned int vring_num;
	size_t vring_align;
	struct rpmsg_vq_slot *slots[2];
	void *buffers;
	unsigned int num_bufs;
	unsigned int buf_size;
	uint8_t *buf_state;
	uint64_t features;
	uint32_t peer;
	void *tx_buffers;
	unsigned int tx_num_bufs;
	unsigned int tx_buf_size;
};

/**
 * struct rpmsg_virtio_device - an rpmsg bus over virtio; fields private
 * @bus: the bus (pass &vdev->bus to the rpmsg_* API)
 */
struct rpmsg_virtio_device {
	struct rpmsg_device bus;
	/* private: */
	struct rpmsg_virtio_config cfg;
	struct rpmsg_virtqueue rvq; /* host: vq 0; remote: vq 1 */
	struct rpmsg_virtqueue svq; /* host: vq 1; remote: vq 0 */
	uint64_t features;
	unsigned int rvq_index;
	unsigned int svq_index;
	unsigned int tx_fresh;	  /* host: tx buffers handed out so far */
	unsigned int tx_released; /* host: handed-out buffers given back */
	unsigned int tx_sleepers; /* senders waiting for a buffer */
	uint16_t last_tx_id;	  /* the last tx buffer taken: remote its
				   * descriptor, host its buf_state index */
	uint16_t tx_spare;	  /* remote: released tx buffers kept, a list */
	bool tx_notify;		  /* remote: buffers given back, ring the host */
	bool rx_busy;		  /* one thread is delivering messages */
	bool started;		  /* rings attached: sending allowed */
	bool delivering;	  /* bus ready: inbound messages delivered */
};

/**
 * rpmsg_virtio_init() - check a configuration and prepare the device
 * @vdev: caller storage for the device
 * @cfg: how to build it (copied; what it points to must outlive the device)
 *
 * Nothing is touched in shared memory yet.
 *
 * Return: 0, -EINVAL naming a bad configuration, or -ENOTSUP if
 * @cfg->features asks for a feature compiled out (RPMSG_CFG_NS,
 * RPMSG_CFG_EVENT_IDX).
 */
int rpmsg_virtio_init(struct rpmsg_virtio_device *vdev,
		      const struct rpmsg_virtio_config *cfg);

/**
 * struct rpmsg_virtio_rings - rings a remote learns of only at run time
 * @mem: the region holding rings and buffers (kept, not copied)
 * @parts: where vq 0 and vq 1 lie; both of the same size
 * @slots: private bookkeeping, @parts[i].num entries each
 */
struct rpmsg_virtio_rings {
	const struct rpmsg_mem *mem;
	struct rpmsg_vring_parts parts[2];
	struct rpmsg_vq_slot *slots[2];
};

/**
 * rpmsg_virtio_set_rings() - remote role: place the rings before start
 * @vdev: a remote initialised with its rings deferred (@mem, @vring,
 *        @slots NULL and @vring_num 0 in its configuration), or with
 *        rings that are to be replaced
 * @rings: where the driver put them (a vhost-user frontend says so in
 *         messages, after the device exists and its channels are set up)
 *
 * The caller checks that every part lies in memory it may access. Starting
 * a remote whose rings are still deferred fails with -EINVAL.
 *
 * Return: 0; -EINVAL for a bad argument, the host role, or parts of
 * different sizes; -EBUSY once started.
 */
int rpmsg_virtio_set_rings(struct rpmsg_virtio_device *vdev,
			   const struct rpmsg_virtio_rings *rings);

/**
 * rpmsg_virtio_start() - bring the link up
 * @vdev: the device
 * @timeout_ms: remote role: how long to wait for the host's DRIVER_OK
 *              (0: check once; RPMSG_TIMEOUT_FOREVER)
 *
 * Host: negotiates features, lays out both rings, posts every rx buffer,
 * sets DRIVER_OK and kicks. Remote: waits for DRIVER_OK, reads the
 * negotiated features, attaches to the rings. Both then bind the name
 * service if negotiated and announce local channels. A device stopped with
 * rpmsg_virtio_stop() may be started again (the host resets the rings).
 *
 * Return: 0; -EAGAIN (remote, @timeout_ms 0: host not ready yet);
 * -ETIMEDOUT (remote: no DRIVER_OK in time); -EINVAL (the host accepted
 * features the remote never offered, or the device is not initialised);
 * -EIO (host: the device refused FEATURES_OK); -EALREADY if started; an
 * error from binding the name service (the link is then stopped); -EPIPE
 * when rpmsg_virtio_stop() ran while it was starting (stopped it stays).
 */
int rpmsg_virtio_start(struct rpmsg_virtio_device *vdev, uint32_t timeout_ms);

/**
 * rpmsg_virtio_notified() - the peer rang the doorbell of @vq
 * @vdev: the device
 * @vq: the virtqueue the peer rang for (0 or 1)
 *
 * Delivers pending inbound messages (callbacks run in the caller's thread)
 * and wakes senders waiting for buffers. Call it from the thread that
 * services the doorbell, or from the main loop with no OS.
 *
 * For the send queue (host: vq 1; remote: vq 0) it only wakes senders, at
 * any time, even before the device has started. Do not queue that
 * doorbell behind the delivery of the receive queue: a callback that
 * sends may be the very sender waiting for it. Call it directly from the
 * interrupt or from another thread instead.
 *
 * One call looks at no more than vring_num entries of the receive queue,
 * so a peer that keeps posting cannot hold the caller's thread. When it
 * stopped for that reason rpmsg_virtio_rx_pending() returns 1: call again
 * (after whatever else the thread must do) before waiting for the next
 * doorbell, which the peer may not ring for entries it already published.
 *
 * Return: messages delivered, or -EIO if the peer broke a ring.
 */
int rpmsg_virtio_notified(struct rpmsg_virtio_device *vdev, unsigned int vq);

/**
 * rpmsg_virtio_poll() - process both queues without a doorbell
 * @vdev: the device
 * Return: as rpmsg_virtio_notified().
 */
int rpmsg_virtio_poll(struct rpmsg_virtio_device *vdev);

/**
 * rpmsg_virtio_rx_notify() - whether the peer rings us for inbound messages
 * @vdev: a started device
 * @on: false when the caller polls the device (rpmsg_virtio_poll() in a
 *      loop): the peer is asked, through the event index or the ring's
 *      suppression flag, not to ring the doorbell of the receive queue,
 *      which saves it a system call or an interrupt per message. true
 *      asks for doorbells again (the default after start).
 *
 * A caller that polls, then sleeps until a doorbell, turns doorbells on
 * first and polls once more if this returns 1: a message may have come
 * while they were off. Senders' buffer doorbells are not affected.
 *
 * Return: 1 if messages are waiting (after turning doorbells on), else 0;
 * -EINVAL if @vdev is NULL or not started.
 */
int rpmsg_virtio_rx_notify(struct rpmsg_virtio_device *vdev, bool on);

/**
 * rpmsg_virtio_rx_pending() - whether the receive queue holds unread entries
 * @vdev: the device
 *
 * True after a rpmsg_virtio_notified() or rpmsg_virtio_poll() that stopped
 * at its per-call bound, or when the peer published more since. A thread
 * that sleeps until a doorbell asks this first and, on 1, calls
 * rpmsg_virtio_poll() again instead of sleeping.
 *
 * Return: 1 if entries wait (and the device delivers), else 0; -EINVAL if
 * @vdev is NULL or not initialised.
 */
int rpmsg_virtio_rx_pending(struct rpmsg_virtio_device *vdev);

/**
 * rpmsg_virtio_config_changed() - the status may have changed
 * @vdev: the device
 *
 * Wakes a remote waiting in rpmsg_virtio_start(). A started remote whose
 * host has cleared DRIVER_OK (a reset) is stopped as by rpmsg_virtio_stop().
 */
void rpmsg_virtio_config_changed(struct rpmsg_virtio_device *vdev);

/**
 * rpmsg_virtio_stop() - tear the link down
 * @vdev: the device
 *
 * Removes every channel (drivers' remove called), fails blocked and future
 * sends with -EPIPE. The host also resets the device status.
 */
void rpmsg_virtio_stop(struct rpmsg_virtio_device *vdev);

/** rpmsg_virtio_features() - the negotiated feature bits. */
uint64_t rpmsg_virtio_features(const struct rpmsg_virtio_device *vdev);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_VIRTIO_H */
