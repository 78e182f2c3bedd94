/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * librpmsg on Linux: talk to a remote processor through the kernel's own
 * rpmsg drivers (Linux only; not part of the freestanding core).
 *
 * On a board whose remote core the kernel manages (remoteproc and
 * virtio_rpmsg_bus), an application reaches the remote through:
 *   - /sys/bus/rpmsg/devices/<dev>: the channels (name, src, dst, the
 *     driver bound, driver_override);
 *   - /dev/rpmsg_ctrlN: endpoints (and, on kernels from 5.18, channels)
 *     made by ioctl;
 *   - /dev/rpmsgN: one endpoint, one message per read or write;
 *   - /dev/ttyRPMSGN: a channel served by rpmsg_tty;
 *   - /sys/class/remoteproc/remoteprocN: the remote's state and firmware.
 *
 * This module wraps them in the endpoint-and-callback model of rpmsg.h:
 * a struct rpmsg_kernel_ept is caller storage, receives by callback
 * (rpmsg_kernel_poll(), a loop the library runs) or by pull
 * (rpmsg_kernel_recv()), and its descriptor (rpmsg_kernel_get_fd()) can
 * be polled by the application's own event loop.
 *
 * All functions return 0 or a positive count on success and a negative
 * errno on failure. A failing call of a context (or of an endpoint made
 * from it) also leaves a sentence a person can act on in
 * rpmsg_kernel_error(). A context and its endpoints are used by one
 * thread at a time (the caller locks if it shares them).
 */
#ifndef RPMSG_KERNEL_H
#define RPMSG_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest payload of one message through virtio_rpmsg_bus: its 512-byte
 * buffers less the 16-byte header. */
#define RPMSG_KERNEL_MAX_PAYLOAD 496u
/* What one read of an endpoint takes: more than any rpmsg bus carries
 * in one message, so a longer one is seen as such (never cut silently). */
#define RPMSG_KERNEL_RX_SIZE 4096u
#define RPMSG_KERNEL_PATH_SIZE 256
#define RPMSG_KERNEL_ERROR_SIZE 320
/* The kernel's device names (virtio0.rpmsg-raw.-1.1024) and driver names. */
#define RPMSG_KERNEL_DEV_NAME_SIZE 96

/**
 * struct rpmsg_kernel - where the kernel's rpmsg devices are looked for
 * @sysfs: the sysfs root ("/sys")
 * @dev: the device-node directory ("/dev")
 * @error: the last failure, as a sentence ("" if none yet)
 *
 * Caller storage, filled by rpmsg_kernel_init(); read-only afterwards.
 */
struct rpmsg_kernel {
	char sysfs[RPMSG_KERNEL_PATH_SIZE];
	char dev[RPMSG_KERNEL_PATH_SIZE];
	char error[RPMSG_KERNEL_ERROR_SIZE];
};

/**
 * rpmsg_kernel_init() - prepare a context
 * @k: caller storage
 * @sysfs_root: the sysfs root, NULL for "/sys" (tests give a tree)
 * @dev_root: the device-node directory, NULL for "/dev"
 *
 * Nothing is opened; a kernel without rpmsg is reported by the calls
 * that need it.
 *
 * Return: 0, -EINVAL (NULL @k), -ENAMETOOLONG.
 */
int rpmsg_kernel_init(struct rpmsg_kernel *k, const char *sysfs_root,
		      const char *dev_root);

/**
 * rpmsg_kernel_error() - the last failure of @k as a sentence
 * @k: the context
 *
 * Names what is missing and what to do: no rpmsg bus (kernel option or
 * module), no control device (rpmsg_ctrl not loaded), a node the user may
 * not open (its owner, group and mode), a service not announced in time
 * (and what was announced instead).
 *
 * Return: the text, "" if nothing failed yet; never NULL.
 */
const char *rpmsg_kernel_error(const struct rpmsg_kernel *k);

/* --- what the kernel has ------------------------------------------------ */

/**
 * struct rpmsg_kernel_channel - one device on the kernel's rpmsg bus
 * @dev_name: its sysfs name (virtio0.rpmsg-raw.-1.1024)
 * @name: the service name
 * @src: the local address (RPMSG_ADDR_ANY until a driver is bound)
 * @dst: the remote's address (RPMSG_ADDR_ANY if none)
 * @driver: the driver bound ("" if none)
 * @driver_override: the driver it is reserved for ("" if none)
 * @node: the device node the driver made for it (/dev/rpmsgN for
 *        rpmsg_chrdev, /dev/ttyRPMSGN for rpmsg_tty, /dev/rpmsg_ctrlN for
 *        rpmsg_ctrl), "" if none
 */
struct rpmsg_kernel_channel {
	char dev_name[RPMSG_KERNEL_DEV_NAME_SIZE];
	char name[RPMSG_NAME_SIZE];
	uint32_t src;
	uint32_t dst;
	char driver[RPMSG_NAME_SIZE];
	char driver_override[RPMSG_NAME_SIZE];
	char node[RPMSG_KERNEL_PATH_SIZE];
};

/**
 * rpmsg_kernel_list_channels() - the channels of the kernel's rpmsg bus
 * @k: the context
 * @out: room for @n entries (may be NULL if @n is 0)
 * @n: its size
 *
 * Sorted by @dev_name. Entries past @n are counted, not written.
 *
 * Return: the number of channels (0 is a bus without channels: no remote
 * running or none announced yet); -ENODEV without an rpmsg bus (the
 * kernel lacks CONFIG_RPMSG or its module is not loaded); -EINVAL.
 */
int rpmsg_kernel_list_channels(struct rpmsg_kernel *k,
			       struct rpmsg_kernel_channel *out, size_t n);

/* Kinds of struct rpmsg_kernel_node. */
#define RPMSG_KERNEL_NODE_CTRL 0 /* /dev/rpmsg_ctrlN */
#define RPMSG_KERNEL_NODE_EPT 1	 /* /dev/rpmsgN */

/**
 * struct rpmsg_kernel_node - a node of the rpmsg class (/sys/class/rpmsg)
 * @kind: RPMSG_KERNEL_NODE_CTRL or RPMSG_KERNEL_NODE_EPT
 * @node: its path (/dev/rpmsg_ctrl0, /dev/rpmsg1)
 * @name: an endpoint's name ("" for a control device)
 * @src: an endpoint's local address
 * @dst: an endpoint's destination
 * @channel: the rpmsg device it hangs on (its @dev_name)
 * @ctrl: for an endpoint made through a control device, that device's
 *        name (rpmsg_ctrl0); "" for a channel's own endpoint
 */
struct rpmsg_kernel_node {
	int kind;
	char node[RPMSG_KERNEL_PATH_SIZE];
	char name[RPMSG_NAME_SIZE];
	uint32_t src;
	uint32_t dst;
	char channel[RPMSG_KERNEL_DEV_NAME_SIZE];
	char ctrl[RPMSG_NAME_SIZE];
};

/**
 * rpmsg_kernel_list_nodes() - control devices and endpoint devices
 * @k: the context
 * @out: room for @n entries (may be NULL if @n is 0)
 * @n: its size
 *
 * Sorted by node. Entries past @n are counted, not written.
 *
 * Return: the number of nodes; -ENODEV without the rpmsg class (neither
 * rpmsg_char nor rpmsg_ctrl in the kernel); -EINVAL.
 */
int rpmsg_kernel_list_nodes(struct rpmsg_kernel *k,
			    struct rpmsg_kernel_node *out, size_t n);

/**
 * rpmsg_kernel_wait_channel() - wait until the remote announces a service
 * @k: the context
 * @name: the service name
 * @timeout_ms: 0 (look once), milliseconds, or RPMSG_TIMEOUT_FOREVER
 * @out: filled with the channel (may be NULL)
 *
 * Woken by the kernel's device events (a netlink uevent socket, and
 * inotify on @k's bus directory for trees that are not sysfs), never by
 * a timer. With several channels of that name, the first by @dev_name.
 *
 * Return: 0; -ETIMEDOUT (the error names the channels that were there);
 * -ENODEV (no rpmsg bus); -EINVAL.
 */
int rpmsg_kernel_wait_channel(struct rpmsg_kernel *k, const char *name,
			      uint32_t timeout_ms,
			      struct rpmsg_kernel_channel *out);

/**
 * rpmsg_kernel_bind_chrdev() - give an announced channel to rpmsg_char
 * @k: the context
 * @dev_name: the channel's sysfs name
 *
 * The kernel's char driver serves only channels named rpmsg-raw by
 * itself; any other channel gets a /dev/rpmsgN by driver_override and a
 * probe. Already bound to rpmsg_chrdev: nothing to do.
 *
 * Return: 0; -EBUSY (bound to another driver: the error names it and how
 * to unbind); -ENOTSUP (no rpmsg_char driver, or a kernel without
 * driver_override on rpmsg); -ENOENT (no such channel); -EACCES; -EINVAL.
 */
int rpmsg_kernel_bind_chrdev(struct rpmsg_kernel *k, const char *dev_name);

/* --- endpoints ---------------------------------------------------------- */

struct rpmsg_kernel_ept;

/**
 * typedef rpmsg_kernel_rx_cb_t - a message arrived on a kernel endpoint
 * @ept: the endpoint
 * @data: the payload, valid until the callback returns
 * @len: its length
 * @priv: the endpoint's private pointer
 *
 * Called by rpmsg_kernel_poll() and rpmsg_kernel_dispatch(), in the
 * caller's thread. It may send on @ept; it must not destroy it.
 * Return: 0 to go on, anything else stops the dispatch after this message
 * (rpmsg_kernel_poll() returns it, if negative).
 */
typedef int (*rpmsg_kernel_rx_cb_t)(struct rpmsg_kernel_ept *ept, void *data,
				    size_t len, void *priv);

/**
 * struct rpmsg_kernel_ept - an endpoint device (/dev/rpmsgN), opened
 * @k: the context it came from (errors are written there)
 * @fd: its descriptor (non-blocking), -1 when not open
 * @node: its path
 * @name: its name
 * @src: its local address
 * @dst: its destination
 * @timeout_ms: how long the blocking calls wait
 *              (rpmsg_kernel_set_timeout(); initially 10000 ms)
 * @cb: its callback (may be NULL: rpmsg_kernel_recv() only)
 * @priv: passed to @cb
 *
 * Caller storage; the fields are read-only for users.
 */
struct rpmsg_kernel_ept {
	struct rpmsg_kernel *k;
	int fd;
	char node[RPMSG_KERNEL_PATH_SIZE];
	char name[RPMSG_NAME_SIZE];
	uint32_t src;
	uint32_t dst;
	uint32_t timeout_ms;
	rpmsg_kernel_rx_cb_t cb;
	void *priv;
	/* private: */
	bool made;    /* by RPMSG_CREATE_EPT_IOCTL: destroyed by ioctl */
	bool gone;    /* the kernel took the endpoint away */
	bool pending; /* a message read, not yet taken: @len bytes of @buf */
	size_t len;
	unsigned char buf[RPMSG_KERNEL_RX_SIZE];
};

/**
 * rpmsg_kernel_create_ept() - a new endpoint through a control device
 * @k: the context
 * @ept: caller storage
 * @ctrl: the control device (/dev/rpmsg_ctrl0), NULL for the first one
 * @name: the endpoint's name (at most 31 characters)
 * @src: its local address, or RPMSG_ADDR_ANY for one the kernel picks
 * @dst: where rpmsg_kernel_send() sends
 * @cb: receive callback (may be NULL)
 * @priv: passed to @cb
 *
 * RPMSG_CREATE_EPT_IOCTL, then the /dev/rpmsgN the kernel made is opened.
 * rpmsg_kernel_destroy_ept() removes it again.
 *
 * Return: 0; -ENODEV (no control device: rpmsg_ctrl not loaded, no
 * remote running); -EACCES (the error names node, owner, group, mode);
 * -EBUSY (@src taken); -ENOTTY (@ctrl is no rpmsg control device);
 * -ENAMETOOLONG; -EINVAL.
 */
int rpmsg_kernel_create_ept(struct rpmsg_kernel *k,
			    struct rpmsg_kernel_ept *ept, const char *ctrl,
			    const char *name, uint32_t src, uint32_t dst,
			    rpmsg_kernel_rx_cb_t cb, void *priv);

/**
 * rpmsg_kernel_open_channel() - the endpoint of an announced channel
 * @k: the context
 * @ept: caller storage
 * @service: the service name the remote announces
 * @timeout_ms: how long to wait for the announcement (see
 *              rpmsg_kernel_wait_channel()); also becomes @ept's timeout
 * @cb: receive callback (may be NULL)
 * @priv: passed to @cb
 *
 * Waits for the channel, binds it to rpmsg_char if nothing serves it
 * (rpmsg_kernel_bind_chrdev()) and opens its /dev/rpmsgN: messages go
 * to the remote's announced address from the channel's local address.
 * When the remote destroys the channel, the endpoint fails with -EPIPE;
 * calling this again waits for the next announcement.
 *
 * Return: 0; those of rpmsg_kernel_wait_channel() and
 * rpmsg_kernel_bind_chrdev(); -EACCES; -EBUSY (open elsewhere).
 */
int rpmsg_kernel_open_channel(struct rpmsg_kernel *k,
			      struct rpmsg_kernel_ept *ept,
			      const char *service, uint32_t timeout_ms,
			      rpmsg_kernel_rx_cb_t cb, void *priv);

/**
 * rpmsg_kernel_open_ept() - an endpoint device opened by path
 * @k: the context
 * @ept: caller storage
 * @node: an existing /dev/rpmsgN
 * @cb: receive callback (may be NULL)
 * @priv: passed to @cb
 *
 * Return: 0; -ENOENT; -EACCES; -EBUSY (open elsewhere: the kernel allows
 * one opener); -ENETRESET (its channel is gone); -EINVAL.
 */
int rpmsg_kernel_open_ept(struct rpmsg_kernel *k, struct rpmsg_kernel_ept *ept,
			  const char *node, rpmsg_kernel_rx_cb_t cb,
			  void *priv);

/**
 * rpmsg_kernel_adopt_ept() - an endpoint on a descriptor already open
 * @k: the context
 * @ept: caller storage
 * @fd: a descriptor with message boundaries (an endpoint device passed by
 *      another process, or a SOCK_SEQPACKET socket); owned by @ept from
 *      now on, also on failure
 * @dst: its destination, for the record
 * @cb: receive callback (may be NULL)
 * @priv: passed to @cb
 *
 * Return: 0 or -EINVAL.
 */
int rpmsg_kernel_adopt_ept(struct rpmsg_kernel *k, struct rpmsg_kernel_ept *ept,
			   int fd, uint32_t dst, rpmsg_kernel_rx_cb_t cb,
			   void *priv);

/**
 * rpmsg_kernel_destroy_ept() - close an endpoint
 * @ept: the endpoint
 *
 * One made by rpmsg_kernel_create_ept() is removed from the kernel
 * (RPMSG_DESTROY_EPT_IOCTL); a channel's endpoint stays for the next
 * opener. Messages not yet read are discarded.
 *
 * Return: 0, or -EINVAL if @ept is not open.
 */
int rpmsg_kernel_destroy_ept(struct rpmsg_kernel_ept *ept);

/**
 * rpmsg_kernel_set_timeout() - how long blocking calls on @ept wait
 * @ept: the endpoint
 * @timeout_ms: milliseconds, 0 (never wait) or RPMSG_TIMEOUT_FOREVER
 *
 * Return: 0, or -EINVAL.
 */
int rpmsg_kernel_set_timeout(struct rpmsg_kernel_ept *ept,
			     uint32_t timeout_ms);

/**
 * rpmsg_kernel_send_timeout() - send one message
 * @ept: the endpoint
 * @data: the payload (may be NULL if @len is 0)
 * @len: at most RPMSG_KERNEL_MAX_PAYLOAD; never truncated
 * @timeout_ms: how long to wait for room: 0, milliseconds,
 *              RPMSG_TIMEOUT_FOREVER or RPMSG_TIMEOUT_DEFAULT (@ept's)
 *
 * Return: 0; -EMSGSIZE; -EAGAIN (no room, @timeout_ms 0); -ETIMEDOUT;
 * -EPIPE (the kernel took the endpoint away: channel removed, remote
 * gone); -EINVAL.
 */
int rpmsg_kernel_send_timeout(struct rpmsg_kernel_ept *ept, const void *data,
			      size_t len, uint32_t timeout_ms);

/**
 * rpmsg_kernel_send() - send, waiting up to the endpoint's timeout
 * @ept: the endpoint
 * @data: the payload
 * @len: its length, at most RPMSG_KERNEL_MAX_PAYLOAD
 *
 * Return: as rpmsg_kernel_send_timeout().
 */
int rpmsg_kernel_send(struct rpmsg_kernel_ept *ept, const void *data,
		      size_t len);

/**
 * rpmsg_kernel_trysend() - send without waiting
 * @ept: the endpoint
 * @data: the payload
 * @len: its length, at most RPMSG_KERNEL_MAX_PAYLOAD
 *
 * Return: as rpmsg_kernel_send_timeout() with @timeout_ms 0.
 */
int rpmsg_kernel_trysend(struct rpmsg_kernel_ept *ept, const void *data,
			 size_t len);

/**
 * rpmsg_kernel_sendto() - send to an explicit destination
 * @ept: the endpoint
 * @data: the payload
 * @len: its length, at most RPMSG_KERNEL_MAX_PAYLOAD
 * @dst: the destination
 *
 * The kernel's endpoint devices send to the address they were made with
 * only: @dst must be @ept->dst (make one endpoint per destination).
 *
 * Return: as rpmsg_kernel_send(); -EOPNOTSUPP for another @dst.
 */
int rpmsg_kernel_sendto(struct rpmsg_kernel_ept *ept, const void *data,
			size_t len, uint32_t dst);

/**
 * rpmsg_kernel_recv() - take one message
 * @ept: the endpoint
 * @buf: room for it
 * @size: its size (RPMSG_KERNEL_MAX_PAYLOAD always suffices)
 * @timeout_ms: 0 (do not wait), milliseconds, RPMSG_TIMEOUT_FOREVER or
 *              RPMSG_TIMEOUT_DEFAULT (@ept's)
 *
 * A message longer than @size stays for the next call (-EMSGSIZE); none
 * is truncated or lost.
 *
 * Return: the message's length; -EAGAIN (none, @timeout_ms 0);
 * -ETIMEDOUT; -EMSGSIZE; -EPIPE (the kernel took the endpoint away);
 * -EINVAL.
 */
int rpmsg_kernel_recv(struct rpmsg_kernel_ept *ept, void *buf, size_t size,
		      uint32_t timeout_ms);

/**
 * rpmsg_kernel_get_fd() - the descriptor to watch for input
 * @ept: the endpoint
 *
 * Readable (POLLIN) when a message waits, POLLERR or POLLHUP when the
 * kernel took the endpoint away; then call rpmsg_kernel_dispatch() or
 * rpmsg_kernel_recv(). The library never reads it behind the caller's
 * back.
 *
 * Return: the descriptor, or -EINVAL.
 */
int rpmsg_kernel_get_fd(const struct rpmsg_kernel_ept *ept);

/**
 * rpmsg_kernel_dispatch() - run the callback for every message waiting
 * @ept: the endpoint, with a callback
 *
 * Never waits: for an application's event loop once the descriptor is
 * readable.
 *
 * Return: the number of messages delivered (0: none waiting); -EPIPE
 * (the endpoint is gone); a callback's negative return; -EINVAL (no
 * callback).
 */
int rpmsg_kernel_dispatch(struct rpmsg_kernel_ept *ept);

/**
 * rpmsg_kernel_poll() - wait for messages on endpoints and deliver them
 * @epts: the endpoints, each with a callback
 * @n: how many (1..64)
 * @timeout_ms: 0, milliseconds, or RPMSG_TIMEOUT_FOREVER
 *
 * Waits until one has a message (or the timeout), then delivers what each
 * has waiting by its callback. The loop the library runs: call it until
 * it fails.
 *
 * Return: the number of messages delivered; -ETIMEDOUT (none within
 * @timeout_ms); -EPIPE (one of them is gone: every call on it fails so
 * from now on; the
 * others' messages were delivered); a callback's negative return;
 * -EINVAL.
 */
int rpmsg_kernel_poll(struct rpmsg_kernel_ept *const *epts, size_t n,
		      uint32_t timeout_ms);

/* --- channels the application makes (kernels from 5.18) ----------------- */

/**
 * rpmsg_kernel_create_channel() - a channel made by RPMSG_CREATE_DEV_IOCTL
 * @k: the context
 * @ctrl: the control device, NULL for the first one
 * @name: the service name
 * @src: the local address (a fixed one is announced to the remote)
 * @dst: the remote's address, or RPMSG_ADDR_ANY
 *
 * The kernel binds the new channel to the driver that matches @name
 * (rpmsg_chrdev for rpmsg-raw) and, with a fixed @src, announces it to
 * the remote.
 *
 * Return: 0; -EEXIST (a channel of that name and addresses is there:
 * the error names it); -ENOTSUP (a kernel without the ioctl: before
 * 5.18, or a bus that cannot make channels); -ENODEV; -EACCES (the error
 * names the control device, its owner, group and mode); -EINVAL.
 */
int rpmsg_kernel_create_channel(struct rpmsg_kernel *k, const char *ctrl,
				const char *name, uint32_t src, uint32_t dst);

/**
 * rpmsg_kernel_release_channel() - undo rpmsg_kernel_create_channel()
 * @k: the context
 * @ctrl: the control device, NULL for the first one
 * @name: as created
 * @src: as created, or RPMSG_ADDR_ANY for any
 * @dst: as created, or RPMSG_ADDR_ANY for any
 *
 * The kernel removes the first channel on @ctrl's bus that matches (any
 * channel of that name: one the remote announced too).
 *
 * Return: 0; -ENOENT (no such channel, looked up in sysfs: the kernel
 * would say -EINVAL); -ENOTSUP; -ENODEV; -EACCES; -EINVAL.
 */
int rpmsg_kernel_release_channel(struct rpmsg_kernel *k, const char *ctrl,
				 const char *name, uint32_t src, uint32_t dst);

/* --- remoteproc --------------------------------------------------------- */

/**
 * struct rpmsg_kernel_rproc - a remote processor the kernel manages
 * @name: its sysfs name (remoteproc0)
 * @label: what the driver calls it ("" if the kernel does not say)
 * @state: offline, running, crashed, suspended, attached, ...
 * @firmware: the firmware file it boots
 */
struct rpmsg_kernel_rproc {
	char name[RPMSG_NAME_SIZE];
	char label[RPMSG_NAME_SIZE];
	char state[RPMSG_NAME_SIZE];
	char firmware[RPMSG_KERNEL_PATH_SIZE];
};

/**
 * rpmsg_kernel_list_rprocs() - the remote processors (/sys/class/remoteproc)
 * @k: the context
 * @out: room for @n entries (may be NULL if @n is 0)
 * @n: its size
 *
 * Return: the number of remote processors (0 also for a kernel without
 * remoteproc); -EINVAL.
 */
int rpmsg_kernel_list_rprocs(struct rpmsg_kernel *k,
			     struct rpmsg_kernel_rproc *out, size_t n);

/**
 * rpmsg_kernel_set_rproc() - start or stop a remote processor, or set its
 * firmware
 * @k: the context
 * @name: remoteprocN
 * @firmware: the firmware file to boot next (NULL: unchanged); the kernel
 *            takes it only while the processor is offline
 * @state: "start", "stop" (or another word the kernel's state file
 *         takes); NULL: unchanged. Written after @firmware.
 *
 * Return: 0; -ENOENT (no such processor); -EACCES; -EBUSY (the kernel
 * refused: running already, firmware of a running processor); the
 * kernel's other errors; -EINVAL.
 */
int rpmsg_kernel_set_rproc(struct rpmsg_kernel *k, const char *name,
			   const char *firmware, const char *state);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_KERNEL_H */
