/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One vhost-user link, either side: what the backend and the frontend
 * share (device, doorbells, negotiated state; the service threads and the
 * peer's state are link_service.h's).
 */
#ifndef RPMSG_VHOST_USER_LINK_H
#define RPMSG_VHOST_USER_LINK_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <rpmsg/rpmsg_port_posix.h>
#include <rpmsg/rpmsg_vhost_user.h>

#include "link_service.h"
#include "vhost_user_mem.h"
#include "vhost_user_proto.h"

/* What the backend has been told about one ring. */
struct vhu_ring_state {
	unsigned int num;
	struct vhu_vring_addr addr;
	bool has_num;
	bool has_addr;
	bool has_kick;
	bool enabled;
};

struct rpmsg_vhost_user;
struct rpmsg_mini;
struct rpmsg_mini_ept;

/**
 * struct rpmsg_vhu_side_ops - what differs between the two sides, handed
 * to rpmsg_vhu_link_alloc() by the side's create function: the shared link
 * code calls a side only through it, never by name.
 * @start: connect or accept and negotiate until the rings are live
 * @on_socket: a message (or hang-up) on the socket after start (control
 *             thread); non-zero ends the link
 * @release: free what the side mapped or allocated (at destroy)
 */
struct rpmsg_vhu_side_ops {
	int (*start)(struct rpmsg_vhost_user *link, uint64_t deadline);
	int (*on_socket)(void *ctx);
	void (*release)(struct rpmsg_vhost_user *link);
};

struct rpmsg_vhost_user {
	struct rpmsg_vhost_user_config cfg;
	const struct rpmsg_vhu_side_ops *side;
	char path[RPMSG_VHOST_USER_PATH_MAX + 1];
	enum rpmsg_virtio_role role;
	struct rpmsg_virtio_device vdev;
	struct rpmsg_posix_os posix;
	bool posix_ready;
	bool vdev_ready;
	bool started;
	int listen_fd;
	int sock;
	int kick[2];	/* frontend -> backend, per vq */
	int call[2];	/* backend -> frontend, per vq */
	enum rpmsg_fd_kind kick_kind[2]; /* what they are (peer_fd.h) */
	enum rpmsg_fd_kind call_kind[2];
	struct rpmsg_link_service svc; /* threads and the peer's state */
	/* Serialises messages on the socket (replies, requests). */
	pthread_mutex_t sock_lock;
	bool sock_lock_ready;
	/* negotiated */
	uint64_t offered;	/* virtio features, PROTOCOL_FEATURES included */
	uint64_t acked;		/* what the driver set, PROTOCOL_FEATURES included */
	uint64_t protocol;	/* protocol features both speak */
	uint8_t status;		/* DRIVER_OK once the rings are live */
	/* backend */
	struct vhu_memory memory;
	struct vhu_ring_state ring[2];
	int backend_req;	/* the frontend's request channel, unused */
	bool features_set;
	/* frontend */
	int mem_fd;
	uint8_t *region;
	size_t region_size;
	struct rpmsg_mem linear;
	uint8_t *buf_state;
	uint64_t device_features; /* what GET_FEATURES said */
	uint64_t deadline;	  /* set-up replies wait until then */
	int setup_err;		  /* first failure inside a link op */
	bool rings_sent;
	/* both */
	struct rpmsg_vq_slot *slots[2];
	/* backend serving a minimal remote (vhost_user_mini.c) instead of
	 * vdev: its device, the endpoints it is given at each start */
	struct rpmsg_mini *mini;
	struct rpmsg_mini_ept *const *mini_epts;
	unsigned int mini_n_epts;
	bool mini_more; /* rpmsg_mini_poll() stopped at its bound */
};

/* Allocate a link of @role served by @side with every fd at -1 and its
 * locks and OS port ready. */
struct rpmsg_vhost_user *rpmsg_vhu_link_alloc(const struct rpmsg_vhost_user_config *cfg,
					enum rpmsg_virtio_role role,
					const struct rpmsg_vhu_side_ops *side,
					int *rc);

/* Link operations both sides share: doorbell (write the peer's fd),
 * status, and the negotiated virtio features. */
void rpmsg_vhu_notify(void *ctx, unsigned int vq);
uint8_t rpmsg_vhu_get_status(void *ctx);
uint64_t rpmsg_vhu_get_driver_features(void *ctx);

/* The address of @path ("@name": abstract); returns its length. */
socklen_t rpmsg_vhu_sock_addr(const char *path, struct sockaddr_un *sa);

/* Start the rx and control threads. */
int rpmsg_vhu_start_threads(struct rpmsg_vhost_user *link);


/* Send @msg; with @want_reply wait for the u64 reply into @reply (the
 * socket lock is held throughout). */
int rpmsg_vhu_request(struct rpmsg_vhost_user *link, struct vhu_msg *msg,
		const int *fds, unsigned int nfds, uint64_t *reply,
		uint64_t deadline);

/* Backend, in parts (the minimal remote's single-threaded service uses
 * them, vhost_user_backend.c's own set-up too):
 * alloc: a link with the backend's side and offered features, no device;
 * listen: the socket, replacing a stale one;
 * accept: one admitted frontend, then nobody else (socket file removed);
 * serve: read and answer one message (@live: a device runs on the rings,
 *        what would change them halts it); 0 or < 0 when the connection
 *        must end;
 * rings_ready: features, memory and both rings set up and enabled. */
struct rpmsg_vhost_user *rpmsg_vhu_backend_alloc(const struct rpmsg_vhost_user_config *cfg,
					  int *rc);
int rpmsg_vhu_backend_listen(struct rpmsg_vhost_user *link);
int rpmsg_vhu_backend_accept(struct rpmsg_vhost_user *link, uint64_t deadline);
int rpmsg_vhu_backend_serve(struct rpmsg_vhost_user *link, uint64_t deadline,
			    bool live);
bool rpmsg_vhu_backend_rings_ready(const struct rpmsg_vhost_user *link);

/* Backend: serve an already connected frontend on @sock (the link owns
 * it from now on) as rpmsg_vhost_user_start() serves an accepted one; for
 * harnesses that feed messages through a socketpair. */
int rpmsg_vhu_backend_adopt(struct rpmsg_vhost_user *link, int sock,
			    uint64_t deadline);

#endif /* RPMSG_VHOST_USER_LINK_H */
