/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * librpmsg: the rpmsg bus.
 *
 * A struct rpmsg_device is one link to one remote processor (or, in the
 * remote role, to the host). On it live endpoints (a local address bound to
 * a callback), channels (a named service between a local and a remote
 * address, with a default endpoint) and drivers (matched to channels by
 * service name). The transport underneath (rpmsg-virtio) moves the bytes.
 *
 * All functions return 0 or a positive count on success and a negative errno
 * on failure. No function allocates memory: endpoints are caller storage,
 * channels come from a fixed table inside the device.
 */
#ifndef RPMSG_H
#define RPMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg_config.h>
#include <rpmsg/rpmsg_errno.h>
#include <rpmsg/rpmsg_os.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The configuration's link-time check. A build of the library records
 * its configuration (CMake: the generated rpmsg_build_config.h), and
 * RPMSG_ABI_CFG is then the name of a symbol it defines, spelling the
 * settings that change a structure's layout (rpmsg_abi_cfg_channels1_...).
 * Every file of a program that includes this header keeps a reference to
 * it, so that an object compiled against the headers of a library built
 * otherwise fails to link. The reference is a pointer in read-only data,
 * kept by -O2 (used) and by --gc-sections (retain, ELF); the library's own
 * files (RPMSG_BUILDING_LIBRARY) do not make it, and a build that records
 * no configuration (the core compiled with -I include alone, as firmware
 * builds and the configuration tests do) has neither symbol nor reference.
 */
#ifdef RPMSG_ABI_CFG
extern const char RPMSG_ABI_CFG;
#ifndef RPMSG_BUILDING_LIBRARY
#if defined(__ELF__) && defined(__has_attribute)
#if __has_attribute(retain)
#define RPMSG_ABI_CFG_KEEP __attribute__((used, retain))
#endif
#endif
#ifndef RPMSG_ABI_CFG_KEEP
#define RPMSG_ABI_CFG_KEEP __attribute__((used))
#endif
static const void *const rpmsg_abi_cfg_ref RPMSG_ABI_CFG_KEEP =
	&RPMSG_ABI_CFG;
#endif
#endif

/* Spelt token for token as <linux/rpmsg.h> spells it (an identical
 * redefinition), so that both headers may be included in one file. */
#define RPMSG_ADDR_ANY 0xFFFFFFFF
#define RPMSG_RESERVED_ADDRESSES 1024u
#define RPMSG_NS_ADDR 53u
#define RPMSG_NAME_SIZE 32
#define RPMSG_HDR_SIZE 16u

/* Feature bit of the rpmsg device: the name service. */
#define RPMSG_VIRTIO_RPMSG_F_NS 0

/* Timeouts in milliseconds for the send family. */
#define RPMSG_TIMEOUT_DEFAULT 0xFFFFFFFEu /* the endpoint's own timeout */
#define RPMSG_TIMEOUT_FOREVER 0xFFFFFFFFu

struct rpmsg_device;
struct rpmsg_endpoint;
struct rpmsg_channel;

/* Flags of a name-service message (rpmsg_ns_announce()). */
#define RPMSG_NS_CREATE 0u
#define RPMSG_NS_DESTROY 1u

/**
 * typedef rpmsg_ns_cb_t - the peer announced a service
 * @dev: the device
 * @name: service name, NUL-terminated (at most 31 characters)
 * @addr: the peer's address of the service
 * @flags: RPMSG_NS_CREATE or RPMSG_NS_DESTROY
 * @priv: as given to rpmsg_ns_set_cb()
 *
 * Called without any librpmsg lock held, like an endpoint callback.
 */
typedef void (*rpmsg_ns_cb_t)(struct rpmsg_device *dev, const char *name,
			      uint32_t addr, uint32_t flags, void *priv);

/**
 * typedef rpmsg_tx_ready_cb_t - tx buffers can be had again
 * @dev: the device
 * @priv: as given to rpmsg_set_tx_ready_cb()
 *
 * Called without any librpmsg lock held: it may send.
 */
typedef void (*rpmsg_tx_ready_cb_t)(struct rpmsg_device *dev, void *priv);

/**
 * typedef rpmsg_rx_cb_t - inbound message callback
 * @ept: the endpoint addressed (ept->dev is the device, ept->channel the
 *       channel for a default endpoint, else NULL)
 * @data: the payload, valid until the callback returns (or, after
 *        rpmsg_hold_rx_buffer(), until rpmsg_release_rx_buffer())
 * @len: payload length
 * @priv: the endpoint's private pointer
 * @src: the sender's address
 *
 * Called without any librpmsg lock held: it may send, create and destroy
 * endpoints, including its own. Return value is ignored (0 by convention).
 */
typedef int (*rpmsg_rx_cb_t)(struct rpmsg_endpoint *ept, void *data,
			     size_t len, void *priv, uint32_t src);

/**
 * struct rpmsg_endpoint - a local address bound to a callback
 * @dev: the device it is bound on
 * @channel: the channel whose default endpoint it is, else NULL
 * @name: its name, for introspection
 * @addr: its local address
 * @dst: its default destination, RPMSG_ADDR_ANY if none (yet)
 * @timeout_ms: how long its blocking sends wait (rpmsg_set_timeout())
 * @cb: its callback
 * @priv: passed to @cb
 *
 * Caller storage; the fields are read-only for users after creation.
 */
struct rpmsg_endpoint {
	struct rpmsg_device *dev;
	struct rpmsg_channel *channel;
	char name[RPMSG_NAME_SIZE];
	uint32_t addr;
	uint32_t dst;
	uint32_t timeout_ms;
	rpmsg_rx_cb_t cb;
	void *priv;
	/* private: */
	struct rpmsg_endpoint *next;
	bool bound;
};

/** struct rpmsg_device_id - one service name a driver serves */
struct rpmsg_device_id {
	char name[RPMSG_NAME_SIZE];
};

/**
 * struct rpmsg_driver - serves channels whose name is in @id_table
 * @name: for introspection
 * @id_table: names, terminated by an entry with an empty name
 * @probe: a matching channel appeared; its default endpoint exists and is
 *         bound to @callback. A negative return unbinds.
 * @remove: the channel is going away (optional)
 * @callback: receives messages for the channel's default endpoint
 * @bound: the peer's address for the channel became known (@dst, from the
 *         peer's name-service announcement) or unknown again
 *         (RPMSG_ADDR_ANY, its destruction); optional. Called without any
 *         librpmsg lock held; ch->dst and ch->ept.dst already hold @dst.
 *
 * May be const and shared by several devices: the device keeps no link
 * inside it.
 */
struct rpmsg_driver {
	const char *name;
	const struct rpmsg_device_id *id_table;
	int (*probe)(struct rpmsg_channel *ch);
	void (*remove)(struct rpmsg_channel *ch);
	rpmsg_rx_cb_t callback;
	void (*bound)(struct rpmsg_channel *ch, uint32_t dst);
};

/**
 * struct rpmsg_channel - a named service with a local and a remote address
 * @dev: the device it lives on
 * @name: service name
 * @src: local address (of the default endpoint once bound)
 * @dst: remote address (RPMSG_ADDR_ANY if not known)
 * @announce: announced through the name service when it is bound
 * @from_ns: made for a peer's announcement (destroyed with it) rather than
 *           created locally (then only unbound from the peer's address)
 * @driver: bound driver or NULL
 * @ept: default endpoint, bound to the driver's callback
 * @drvdata: for the driver's own use
 */
struct rpmsg_channel {
	struct rpmsg_device *dev;
	char name[RPMSG_NAME_SIZE];
	uint32_t src;
	uint32_t dst;
	bool announce;
	/* private: */
	bool in_use;
	bool announced;
	/* public: */
	bool from_ns;
	const struct rpmsg_driver *driver;
	struct rpmsg_endpoint ept;
	void *drvdata;
};

/**
 * struct rpmsg_transport_ops - what a transport provides to the bus
 * @get_mtu: largest payload
 * @get_tx_buffer: reserve a tx buffer; *payload and *size describe its
 *                 payload area. @timeout_ms: 0 fails at once with -ENOMEM
 * @send_nocopy: send a reserved buffer holding @len bytes of payload
 * @release_tx_buffer: give back a reserved buffer unsent
 * @release_rx_buffer: give back an rx buffer held past its callback (may
 *                     be NULL with RPMSG_CFG_ZERO_COPY 0: none is held)
 * @send: optional; send @len bytes copied from @data from @src to @dst,
 *        waiting up to @timeout_ms for a buffer, in one call (what
 *        get_tx_buffer, a copy and send_nocopy do in three). NULL, or
 *        RPMSG_CFG_CONCURRENT 0 (no lock to save): the bus makes those
 *        three calls
 * @ept_bound: optional; rpmsg_create_ept() (or rpmsg_create_ept_queued())
 *             bound an endpoint at @addr, default destination @dst
 *             (RPMSG_ADDR_ANY: none): for a transport that must set
 *             something up before messages to @addr can arrive. A
 *             negative return unbinds it again (@ept_unbound is told)
 *             and is rpmsg_create_ept()'s
 * @ept_unbound: optional; rpmsg_destroy_ept() unbound the endpoint at
 *               @addr: what @ept_bound set up can go
 *
 * Called without the device lock held.
 */
struct rpmsg_transport_ops {
	size_t (*get_mtu)(struct rpmsg_device *dev);
	int (*get_tx_buffer)(struct rpmsg_device *dev, void **payload,
			     uint32_t *size, uint32_t timeout_ms);
	int (*send_nocopy)(struct rpmsg_device *dev, uint32_t src,
			   uint32_t dst, void *payload, size_t len);
	int (*release_tx_buffer)(struct rpmsg_device *dev, void *payload);
	int (*release_rx_buffer)(struct rpmsg_device *dev, void *payload);
	int (*send)(struct rpmsg_device *dev, uint32_t src, uint32_t dst,
		    const void *data, size_t len, uint32_t timeout_ms);
	int (*ept_bound)(struct rpmsg_device *dev, uint32_t addr, uint32_t dst);
	void (*ept_unbound)(struct rpmsg_device *dev, uint32_t addr);
};

/**
 * struct rpmsg_stats - counters of one device
 * @rx: messages delivered to an endpoint
 * @tx: messages sent
 * @dropped: inbound messages with no recipient
 * @bad: inbound buffers rejected (bad header, length, descriptor)
 */
struct rpmsg_stats {
	uint32_t rx;
	uint32_t tx;
	uint32_t dropped;
	uint32_t bad;
};

/**
 * struct rpmsg_device - one rpmsg link; all fields private
 */
struct rpmsg_device {
	/* private: */
	const struct rpmsg_transport_ops *ops;
	const struct rpmsg_os_ops *os;
	void *os_ctx;
	struct rpmsg_endpoint *epts;
	struct rpmsg_endpoint *ept_hint; /* the last found by address */
#if RPMSG_CFG_CHANNELS
	struct rpmsg_channel channels[RPMSG_CFG_MAX_CHANNELS];
	const struct rpmsg_driver *drivers[RPMSG_CFG_MAX_DRIVERS];
#endif
	rpmsg_ns_cb_t ns_cb;
	void *ns_priv;
	struct rpmsg_endpoint ns_ept;
	struct rpmsg_stats stats;
	uint32_t next_addr;
#if RPMSG_CFG_CONCURRENT || RPMSG_CFG_ZERO_COPY
	/* the endpoint whose callback runs now, and the message it has */
	struct rpmsg_endpoint *cb_ept;
	void *cb_data;
	bool cb_held;
#endif
#if RPMSG_CFG_CONCURRENT
	uintptr_t cb_thread;	 /* where that callback runs */
	unsigned int cb_waiters; /* destroys waiting for a callback */
#endif
	rpmsg_tx_ready_cb_t tx_ready_cb;
	void *tx_ready_priv;
	const char *why; /* the last refusal's reason (RPMSG_CFG_DIAG) */
	bool tx_ready_armed; /* a try send failed: call tx_ready_cb */
	bool ns_enabled;
	bool little_endian;
	bool dead;
};

/**
 * struct rpmsg_channel_info - a channel as listed by rpmsg_list_channels()
 * @name: service name
 * @src: local address (RPMSG_ADDR_ANY if not bound)
 * @dst: remote address (RPMSG_ADDR_ANY if not known)
 * @announce: announced through the name service when bound
 * @driver: name of the bound driver, empty if none
 */
struct rpmsg_channel_info {
	char name[RPMSG_NAME_SIZE];
	uint32_t src;
	uint32_t dst;
	bool announce;
	char driver[RPMSG_NAME_SIZE];
};

/**
 * struct rpmsg_ept_info - an endpoint as listed by rpmsg_list_endpoints()
 * @name: its name, for introspection
 * @addr: its local address
 * @dst: its default destination (RPMSG_ADDR_ANY if none)
 * @is_channel_default: it is a channel's default endpoint
 */
struct rpmsg_ept_info {
	char name[RPMSG_NAME_SIZE];
	uint32_t addr;
	uint32_t dst;
	bool is_channel_default;
};

/* --- endpoints ---------------------------------------------------------- */

/**
 * rpmsg_create_ept() - bind a local address to a callback
 * @ept: caller storage for the endpoint
 * @dev: the device
 * @name: a name for introspection (may be NULL)
 * @src: local address, or RPMSG_ADDR_ANY to allocate one from 1024 up
 * @dst: default destination for rpmsg_send(), or RPMSG_ADDR_ANY
 * @cb: the callback (required)
 * @priv: passed to @cb
 *
 * Return: 0; -EINVAL for NULL arguments; -EBUSY if @src is taken or @ept
 * is already bound; -ENOSPC if no address is free; -EPIPE if the device is
 * torn down; the transport's refusal to take messages for the address
 * (RPMSG_LINK_KERNEL: the kernel endpoint could not be made,
 * rpmsg_link_why() says why).
 */
int rpmsg_create_ept(struct rpmsg_endpoint *ept, struct rpmsg_device *dev,
		     const char *name, uint32_t src, uint32_t dst,
		     rpmsg_rx_cb_t cb, void *priv);

/**
 * rpmsg_destroy_ept() - unbind an endpoint
 * @ept: the endpoint
 *
 * After return no callback runs for @ept and its storage may be reused. If
 * its callback is running in another thread, waits for it to return; from
 * within its own callback, returns at once.
 *
 * Return: 0, or -EINVAL if @ept is NULL or not bound.
 */
int rpmsg_destroy_ept(struct rpmsg_endpoint *ept);

/**
 * rpmsg_set_timeout() - set how long blocking sends on @ept wait
 * @ept: the endpoint
 * @timeout_ms: milliseconds, RPMSG_TIMEOUT_FOREVER, or 0 to never wait
 *
 * Return: 0, or -EINVAL.
 */
int rpmsg_set_timeout(struct rpmsg_endpoint *ept, uint32_t timeout_ms);

/**
 * rpmsg_wait_bound() - wait until the endpoint knows the peer's address
 * @ept: a bound endpoint (a channel's default endpoint, normally)
 * @timeout_ms: 0 (do not wait), milliseconds, RPMSG_TIMEOUT_FOREVER
 *
 * A channel created with dst RPMSG_ADDR_ANY learns the peer's address
 * from the peer's name-service announcement; rpmsg_send() and
 * rpmsg_trysend() on it call this with their own timeout first. Not from
 * a callback of the same device: the announcement could not be delivered
 * while it runs.
 *
 * Return: 0 (ept->dst is set); -ENOTCONN (not yet and @timeout_ms 0);
 * -ETIMEDOUT; -EDEADLK (called from a callback of the device); -EPIPE
 * (device torn down or endpoint destroyed); -EINVAL.
 */
int rpmsg_wait_bound(struct rpmsg_endpoint *ept, uint32_t timeout_ms);

/* --- sending ------------------------------------------------------------ */

/**
 * rpmsg_send_offchannel_timeout() - the general send
 * @ept: a bound endpoint
 * @src: source address to put in the header
 * @dst: destination address (not RPMSG_ADDR_ANY)
 * @data: payload (may be NULL if @len is 0)
 * @len: at most rpmsg_get_mtu()
 * @timeout_ms: how long to wait for a tx buffer: 0 (fail with -ENOMEM),
 *              milliseconds, RPMSG_TIMEOUT_FOREVER or RPMSG_TIMEOUT_DEFAULT
 *
 * Return: 0; -EINVAL; -EMSGSIZE; -ENOMEM (no buffer, no wait);
 * -ETIMEDOUT; -EPIPE (device torn down or peer gone); -EIO (ring broken).
 */
int rpmsg_send_offchannel_timeout(struct rpmsg_endpoint *ept, uint32_t src,
				  uint32_t dst, const void *data, size_t len,
				  uint32_t timeout_ms);

/**
 * rpmsg_send() - send to the endpoint's default destination, blocking
 * @ept: a bound endpoint with a default destination (or waiting for one)
 * @data: the payload
 * @len: its length, at most the MTU (rpmsg_get_mtu())
 *
 * With no destination yet (a channel waiting for the peer's
 * announcement), first waits for one as rpmsg_wait_bound() does, up to
 * the endpoint's timeout; rpmsg_trysend() returns -ENOTCONN instead.
 */
int rpmsg_send(struct rpmsg_endpoint *ept, const void *data, size_t len);
/** rpmsg_sendto() - send to @dst, blocking */
int rpmsg_sendto(struct rpmsg_endpoint *ept, const void *data, size_t len,
		 uint32_t dst);
/** rpmsg_send_offchannel() - send with an explicit source, blocking */
int rpmsg_send_offchannel(struct rpmsg_endpoint *ept, uint32_t src,
			  uint32_t dst, const void *data, size_t len);
/** rpmsg_trysend() - like rpmsg_send() but -ENOMEM instead of waiting */
int rpmsg_trysend(struct rpmsg_endpoint *ept, const void *data, size_t len);
/** rpmsg_trysendto() - like rpmsg_sendto() but never waits */
int rpmsg_trysendto(struct rpmsg_endpoint *ept, const void *data, size_t len,
		    uint32_t dst);
/** rpmsg_trysend_offchannel() - like rpmsg_send_offchannel(), never waits */
int rpmsg_trysend_offchannel(struct rpmsg_endpoint *ept, uint32_t src,
			     uint32_t dst, const void *data, size_t len);

/**
 * rpmsg_set_tx_ready_cb() - be told when a failed try send may succeed
 * @dev: the device
 * @cb: called once after a send that does not wait (rpmsg_trysend() and
 *      the other try variants, rpmsg_get_tx_buffer() with timeout 0) has
 *      failed with -ENOMEM, as soon as a tx buffer can be had again; from
 *      whatever processes the device then (rpmsg_virtio_poll(),
 *      rpmsg_virtio_notified(), a buffer release). NULL: never.
 * @priv: passed to @cb
 *
 * For event loops and interrupt-driven firmware that cannot block in a
 * send. While armed, the peer is asked to signal returned buffers (as for
 * a sender that waits). The event may be spurious (another sender took
 * the buffer first): try again, which re-arms it on failure.
 *
 * Return: 0, or -EINVAL.
 */
int rpmsg_set_tx_ready_cb(struct rpmsg_device *dev, rpmsg_tx_ready_cb_t cb,
			  void *priv);

/**
 * rpmsg_get_mtu() - largest payload one message can carry
 * @ept: a bound endpoint
 * Return: the MTU in bytes, or -EINVAL.
 */
int rpmsg_get_mtu(struct rpmsg_endpoint *ept);

/* --- zero copy ---------------------------------------------------------- */

/* With RPMSG_CFG_ZERO_COPY 0 (rpmsg_config.h) every function of this
 * section returns -ENOTSUP. */

/**
 * rpmsg_get_tx_buffer() - reserve a tx buffer to fill in place
 * @ept: a bound endpoint
 * @payload: set to the payload area
 * @size: set to its capacity (the MTU)
 * @timeout_ms: as for rpmsg_send_offchannel_timeout()
 *
 * The buffer must then be passed to rpmsg_send_nocopy() or
 * rpmsg_release_tx_buffer().
 *
 * Return: 0, or the errors of rpmsg_send_offchannel_timeout().
 */
int rpmsg_get_tx_buffer(struct rpmsg_endpoint *ept, void **payload,
			uint32_t *size, uint32_t timeout_ms);

/**
 * rpmsg_sendto_nocopy() - send a reserved buffer without copying
 * @ept: the endpoint that reserved the buffer
 * @payload: the payload area rpmsg_get_tx_buffer() gave
 * @len: bytes of it to send, at most its size
 * @dst: destination, RPMSG_ADDR_ANY for the endpoint's default
 *
 * On -EINVAL and -EMSGSIZE the buffer stays reserved (send it again or
 * release it); after any other error it has gone back to the pool.
 *
 * Return: 0; -EINVAL (not a reserved buffer, bad endpoint); -EMSGSIZE;
 * -EPIPE (device torn down); -EIO (ring broken).
 */
int rpmsg_sendto_nocopy(struct rpmsg_endpoint *ept, void *payload, size_t len,
			uint32_t dst);

/** rpmsg_send_nocopy() - rpmsg_sendto_nocopy() to the default destination */
int rpmsg_send_nocopy(struct rpmsg_endpoint *ept, void *payload, size_t len);

/**
 * rpmsg_release_tx_buffer() - give back a reserved buffer unsent
 * @ept: the endpoint that reserved it
 * @payload: the payload area rpmsg_get_tx_buffer() gave
 * Return: 0, or -EINVAL if @payload is not a reserved buffer.
 */
int rpmsg_release_tx_buffer(struct rpmsg_endpoint *ept, void *payload);

/**
 * rpmsg_hold_rx_buffer() - keep the buffer passed to the running callback
 * @ept: the endpoint whose callback is running
 * @data: the data pointer that callback received
 *
 * Only valid inside the callback. The buffer is not returned to the peer
 * until rpmsg_release_rx_buffer(); hold few, as each one held is a buffer
 * the peer cannot use.
 *
 * Return: 0, or -EINVAL outside the callback or for another pointer.
 */
int rpmsg_hold_rx_buffer(struct rpmsg_endpoint *ept, void *data);

/**
 * rpmsg_release_rx_buffer() - return a held rx buffer to the peer
 * @ept: the endpoint that held it
 * @data: the pointer passed to rpmsg_hold_rx_buffer()
 * Return: 0, or -EINVAL if @data is not a held buffer.
 */
int rpmsg_release_rx_buffer(struct rpmsg_endpoint *ept, void *data);

/* --- receiving without callbacks (zero copy) ---------------------------- */

/**
 * struct rpmsg_rx_msg - one received message, its buffer held
 * @data: the payload, in the peer's buffer
 * @len: payload length
 * @src: the sender's address
 */
struct rpmsg_rx_msg {
	void *data;
	uint32_t len;
	uint32_t src;
};

/**
 * struct rpmsg_rx_queue - messages received and not yet taken
 *
 * Caller storage, fields private. Holds buffers of the peer: size it to
 * the rx ring (vring_num on a remote, num_bufs / 2 on a host) and no
 * message is ever lost; a message that finds it full is dropped and
 * counted in rpmsg_stats.dropped.
 */
struct rpmsg_rx_queue {
	/* private: */
	struct rpmsg_rx_msg *msgs;
	uint16_t size;
	uint16_t head;
	uint16_t count;
	uint16_t takers; /* rpmsg_recv() callers waiting */
};

/**
 * rpmsg_create_ept_queued() - an endpoint that queues what it receives
 * @ept: caller storage for the endpoint
 * @dev: the device
 * @name: for introspection
 * @src: local address or RPMSG_ADDR_ANY
 * @dst: default destination or RPMSG_ADDR_ANY
 * @q: caller storage for the queue
 * @msgs: @n entries of storage for it
 * @n: 1 to 65535
 *
 * Messages wait in @q, their buffers held, for rpmsg_recv(). Before
 * destroying the endpoint, rpmsg_recv_flush() gives them back.
 *
 * Return: those of rpmsg_create_ept(), -ENOTSUP without
 * RPMSG_CFG_ZERO_COPY.
 */
int rpmsg_create_ept_queued(struct rpmsg_endpoint *ept,
			    struct rpmsg_device *dev, const char *name,
			    uint32_t src, uint32_t dst, struct rpmsg_rx_queue *q,
			    struct rpmsg_rx_msg *msgs, size_t n);

/**
 * rpmsg_recv() - take the oldest message of a queued endpoint
 * @ept: made by rpmsg_create_ept_queued()
 * @msg: filled in; @msg->data stays valid until
 *       rpmsg_release_rx_buffer(@ept, @msg->data), which must follow
 * @timeout_ms: 0 (do not wait), milliseconds, RPMSG_TIMEOUT_FOREVER
 *
 * Not from a callback of the same device (nothing is delivered while it
 * runs).
 *
 * Return: 0; -EAGAIN (empty, @timeout_ms 0); -ETIMEDOUT; -EDEADLK (from a
 * callback); -EPIPE (device torn down, endpoint destroyed); -EINVAL.
 */
int rpmsg_recv(struct rpmsg_endpoint *ept, struct rpmsg_rx_msg *msg,
	       uint32_t timeout_ms);

/**
 * rpmsg_recv_flush() - give every queued message's buffer back unread
 * @ept: made by rpmsg_create_ept_queued()
 *
 * Return: the number given back, or -EINVAL.
 */
int rpmsg_recv_flush(struct rpmsg_endpoint *ept);

/* --- channels and drivers ----------------------------------------------- */

/* With RPMSG_CFG_CHANNELS 0 (rpmsg_config.h) every function of this
 * section returns -ENOTSUP, rpmsg_find_channel() NULL. */

/**
 * rpmsg_register_driver() - offer a driver to the device's channels
 * @dev: the device
 * @drv: the driver (caller storage, may be const and shared)
 *
 * Binds it at once to every unbound channel whose name matches.
 *
 * Return: 0; -EINVAL (NULL, no id table); -EEXIST (registered already);
 * -ENOSPC (RPMSG_CFG_MAX_DRIVERS reached).
 */
int rpmsg_register_driver(struct rpmsg_device *dev,
			  const struct rpmsg_driver *drv);

/**
 * rpmsg_unregister_driver() - unbind a driver from every channel
 * @dev: the device
 * @drv: a driver registered with rpmsg_register_driver()
 * Return: 0, or -EINVAL if it is not registered.
 */
int rpmsg_unregister_driver(struct rpmsg_device *dev,
			    const struct rpmsg_driver *drv);

/**
 * rpmsg_create_channel() - create a local channel and bind its driver
 * @dev: the device
 * @name: service name (1 to 31 characters)
 * @src: local address or RPMSG_ADDR_ANY
 * @dst: remote address or RPMSG_ADDR_ANY
 * @out: set to the channel (may be NULL)
 *
 * A channel with a fixed @src is announced to the peer when the name
 * service is negotiated and a driver binds it (as Linux does).
 *
 * With @dst RPMSG_ADDR_ANY the channel waits for the peer: its first
 * announcement of @name binds it (dst set, the driver's @bound called)
 * instead of making a second channel. If the peer announced @name before
 * (a channel made for that announcement exists and was not created
 * locally), that channel becomes this one: no second probe, its local
 * address changed to @src when @src is given.
 *
 * Return: 0; -EINVAL; -EEXIST (a channel with this name and the same
 * addresses, RPMSG_ADDR_ANY matching any); -ENOSPC (table full); -EBUSY
 * (@src taken).
 */
int rpmsg_create_channel(struct rpmsg_device *dev, const char *name,
			 uint32_t src, uint32_t dst,
			 struct rpmsg_channel **out);

/**
 * rpmsg_channel_create_ept() - one more endpoint on a bound channel
 * @ch: a channel a driver serves (from its probe on)
 * @ept: caller storage
 * @name: for introspection (NULL: the channel's name)
 * @src: local address, or RPMSG_ADDR_ANY to allocate one
 * @cb: receive callback
 * @priv: passed to @cb
 *
 * The endpoint sends to the channel's remote address by default and
 * follows it: while the peer has not announced the channel yet, a send
 * waits for it as the channel's own endpoint does, and a DESTROY from
 * the peer makes it unknown again. It is unbound with the channel's
 * driver (after the driver's @remove), unless destroyed before with
 * rpmsg_destroy_ept(). Only the channel's own address is announced.
 *
 * Return: 0; -EINVAL; -ENODEV (no driver serves @ch); -EBUSY (@src
 * taken or @ept already bound); -ENOSPC; -EPIPE (device dead).
 */
int rpmsg_channel_create_ept(struct rpmsg_channel *ch,
			     struct rpmsg_endpoint *ept, const char *name,
			     uint32_t src, rpmsg_rx_cb_t cb, void *priv);

/**
 * rpmsg_destroy_channel() - unbind, announce the destruction, free
 * @ch: the channel
 * Return: 0, or -EINVAL.
 */
int rpmsg_destroy_channel(struct rpmsg_channel *ch);

/**
 * rpmsg_find_channel() - look a channel up by name and remote address
 * @dev: the device
 * @name: service name
 * @dst: remote address, or RPMSG_ADDR_ANY to match any
 * Return: the channel or NULL.
 */
struct rpmsg_channel *rpmsg_find_channel(struct rpmsg_device *dev,
					 const char *name, uint32_t dst);

/**
 * rpmsg_id_match() - does @name match an entry of @id_table?
 * @id_table: names, terminated by an entry with an empty name
 * @name: the service name to look for
 * Return: true on an exact match of up to RPMSG_NAME_SIZE bytes.
 */
bool rpmsg_id_match(const struct rpmsg_device_id *id_table, const char *name);

/* --- name service ------------------------------------------------------ */

/**
 * rpmsg_ns_announce() - tell the peer a service appeared or went away
 * @dev: the device
 * @name: service name (1 to 31 characters)
 * @addr: the local address serving it (an endpoint of @dev, normally)
 * @flags: RPMSG_NS_CREATE or RPMSG_NS_DESTROY
 *
 * Sends one name-service message, as a bound channel does by itself; for
 * endpoints made with rpmsg_create_ept(), the only way to be announced
 * when RPMSG_CFG_CHANNELS is 0. Waits for a buffer as rpmsg_send() does.
 *
 * Return: 0; -EINVAL (bad argument); -ENOTCONN (the name service was not
 * negotiated, or the device is not started); -ENOTSUP (RPMSG_CFG_NS 0);
 * the errors of rpmsg_send_offchannel_timeout().
 */
int rpmsg_ns_announce(struct rpmsg_device *dev, const char *name,
		      uint32_t addr, uint32_t flags);

/**
 * rpmsg_ns_set_cb() - receive the peer's name-service announcements
 * @dev: the device
 * @cb: called for each valid announcement (NULL: ignore them)
 * @priv: passed to @cb
 *
 * With RPMSG_CFG_CHANNELS 0, every valid announcement. With channels,
 * the catch-all for what no registered driver serves: a CREATE that made
 * a channel no driver matched (the channel exists, unbound, as without a
 * callback), and the DESTROY of such a channel (after it is destroyed).
 *
 * Return: 0, -EINVAL, or -ENOTSUP (RPMSG_CFG_NS 0).
 */
int rpmsg_ns_set_cb(struct rpmsg_device *dev, rpmsg_ns_cb_t cb, void *priv);

/* --- introspection ------------------------------------------------------ */

/**
 * rpmsg_list_channels() - copy out what sysfs would show
 * @dev: the device
 * @max: entries of @out
 * @out: array of @max entries (may be NULL to count)
 * Return: number of channels (may exceed @max), or -EINVAL.
 */
int rpmsg_list_channels(struct rpmsg_device *dev,
			struct rpmsg_channel_info *out, size_t max);

/**
 * rpmsg_list_endpoints() - copy out the bound endpoints
 * @dev: the device
 * @out: array of @max entries (may be NULL to count)
 * @max: entries of @out
 * Return: number of endpoints (may exceed @max), or -EINVAL.
 */
int rpmsg_list_endpoints(struct rpmsg_device *dev,
			 struct rpmsg_ept_info *out, size_t max);

/**
 * rpmsg_device_why() - why the device last refused something
 * @dev: the device (or the bus of an rpmsg-virtio device whose
 *       rpmsg_virtio_init() failed: the reason is recorded there too)
 *
 * A sentence for a person, naming the configuration field or the word the
 * peer wrote that was refused ("vring_num is not a power of two", "the
 * peer's avail index ran more than the ring size ahead"): the errno a call
 * returned says what kind of failure, this says which. It is replaced by
 * the next refusal and never cleared.
 *
 * Return: the reason, in read-only storage; NULL when nothing was refused
 * yet, for a NULL @dev, or when RPMSG_CFG_DIAG is 0.
 */
const char *rpmsg_device_why(const struct rpmsg_device *dev);

/** rpmsg_get_stats() - copy the device counters. Return: 0 or -EINVAL. */
int rpmsg_get_stats(struct rpmsg_device *dev, struct rpmsg_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_H */
