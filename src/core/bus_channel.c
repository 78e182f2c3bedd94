// SPDX-License-Identifier: BSD-3-Clause
/*
 * Channels and drivers: a channel is bound to the first registered driver
 * whose id table holds its name; binding creates the default endpoint,
 * probes, and announces the channel when it asks for it.
 *
 * A channel slot is claimed under the device lock (in_use, then driver) so
 * that two threads never bind the same channel; probe, remove and the
 * announcements run with the lock released because they may send.
 */
#include <string.h>

#include "bus_internal.h"

bool rpmsg_id_match(const struct rpmsg_device_id *id_table, const char *name)
{
	const struct rpmsg_device_id *id;

	if (!id_table || !name)
		return false;
	for (id = id_table; id->name[0]; id++)
		if (!strncmp(id->name, name, RPMSG_NAME_SIZE))
			return true;
	return false;
}

#if RPMSG_CFG_CHANNELS
static int drop_cb(struct rpmsg_endpoint *ept, void *data, size_t len,
		   void *priv, uint32_t src)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)priv;
	(void)src;
	return 0;
}

/* First registered driver for @ch; lock held. */
static const struct rpmsg_driver *match_driver(struct rpmsg_device *dev,
					       const struct rpmsg_channel *ch)
{
	size_t i;

	for (i = 0; i < RPMSG_CFG_MAX_DRIVERS; i++)
		if (dev->drivers[i] &&
		    rpmsg_id_match(dev->drivers[i]->id_table, ch->name))
			return dev->drivers[i];
	return NULL;
}

/* Bind @drv to @ch, which the caller has claimed by setting ch->driver. */
static int channel_probe(struct rpmsg_channel *ch,
			 const struct rpmsg_driver *drv)
{
	struct rpmsg_device *dev = ch->dev;
	bool announce;
	int rc;

	rpmsg_bus_lock(dev);
	rc = rpmsg_bus_bind_ept(dev, &ch->ept, ch->name, ch->src, ch->dst,
				drv->callback ? drv->callback : drop_cb, NULL);
	if (!rc) {
		ch->ept.channel = ch;
		ch->src = ch->ept.addr;
	} else {
		ch->driver = NULL;
	}
	rpmsg_bus_unlock(dev);
	if (rc)
		return rc;

	rc = drv->probe ? drv->probe(ch) : 0;
	if (rc < 0) {
		rpmsg_destroy_ept(&ch->ept);
		rpmsg_bus_lock(dev);
		ch->driver = NULL;
		rpmsg_bus_unlock(dev);
		return rc;
	}

	rpmsg_bus_lock(dev);
	announce = ch->announce && dev->ns_enabled && !ch->announced;
	if (announce)
		ch->announced = true;
	rpmsg_bus_unlock(dev);
	if (announce)
		rpmsg_bus_ns_send(dev, ch->name, ch->src, RPMSG_NS_CREATE);
	return 0;
}

/* Unbind every endpoint of @ch, its default one included; lock held. A
 * wait for a running callback may drop the lock, so each search starts
 * again from the list's head (at most one pass per endpoint). */
static void unbind_channel_epts(struct rpmsg_channel *ch)
{
	struct rpmsg_endpoint *e;

	do {
		for (e = ch->dev->epts; e && e->channel != ch; e = e->next)
			;
	} while (e && !rpmsg_bus_unbind_ept(ch->dev, e));
}

/* Unbind @ch's driver (announce destruction, remove, drop endpoints). */
static void channel_unbind(struct rpmsg_channel *ch)
{
	struct rpmsg_device *dev = ch->dev;
	const struct rpmsg_driver *drv;
	bool announced;

	rpmsg_bus_lock(dev);
	drv = ch->driver;
	announced = ch->announced && !dev->dead;
	ch->announced = false;
	rpmsg_bus_unlock(dev);
	if (!drv)
		return;
	if (announced)
		rpmsg_bus_ns_send(dev, ch->name, ch->src, RPMSG_NS_DESTROY);
	if (drv->remove)
		drv->remove(ch);
	rpmsg_bus_lock(dev);
	unbind_channel_epts(ch);
	ch->driver = NULL;
	ch->drvdata = NULL;
	rpmsg_bus_unlock(dev);
}

/* Claim @ch for a matching driver under the lock and probe it. */
static void channel_try_bind(struct rpmsg_device *dev,
			     struct rpmsg_channel *ch)
{
	const struct rpmsg_driver *drv = NULL;

	rpmsg_bus_lock(dev);
	if (ch->in_use && !ch->driver && !dev->dead) {
		drv = match_driver(dev, ch);
		ch->driver = drv;
	}
	rpmsg_bus_unlock(dev);
	if (drv)
		channel_probe(ch, drv);
}

/* A channel matching @name and, unless RPMSG_ADDR_ANY, @src and @dst (as
 * Linux matches devices). Lock held. */
static struct rpmsg_channel *find_locked(struct rpmsg_device *dev,
					 const char *name, uint32_t src,
					 uint32_t dst)
{
	size_t i;

	for (i = 0; i < RPMSG_CFG_MAX_CHANNELS; i++) {
		struct rpmsg_channel *ch = &dev->channels[i];

		if (ch->in_use && !strncmp(ch->name, name, RPMSG_NAME_SIZE) &&
		    (src == RPMSG_ADDR_ANY || ch->src == src) &&
		    (dst == RPMSG_ADDR_ANY || ch->dst == dst))
			return ch;
	}
	return NULL;
}

struct rpmsg_channel *rpmsg_find_channel(struct rpmsg_device *dev,
					 const char *name, uint32_t dst)
{
	struct rpmsg_channel *ch;

	if (!dev || !dev->os || !name)
		return NULL;
	rpmsg_bus_lock(dev);
	ch = find_locked(dev, name, RPMSG_ADDR_ANY, dst);
	rpmsg_bus_unlock(dev);
	return ch;
}

/* A channel named @name that @want_ns made from an announcement
 * (true), or that was created locally and waits for the peer's address
 * (false). Lock held. */
static struct rpmsg_channel *find_pending(struct rpmsg_device *dev,
					  const char *name, bool want_ns)
{
	size_t i;

	for (i = 0; i < RPMSG_CFG_MAX_CHANNELS; i++) {
		struct rpmsg_channel *ch = &dev->channels[i];

		if (ch->in_use && ch->from_ns == want_ns &&
		    (want_ns || ch->dst == RPMSG_ADDR_ANY) &&
		    !strncmp(ch->name, name, RPMSG_NAME_SIZE))
			return ch;
	}
	return NULL;
}

/* Point @ch at the peer's @dst; lock held. Return: the driver to tell. */
static const struct rpmsg_driver *set_peer(struct rpmsg_channel *ch,
					   uint32_t dst)
{
	struct rpmsg_endpoint *e;

	ch->dst = dst;
	/* The default endpoint and every one made on the channel. */
	for (e = ch->dev->epts; e; e = e->next)
		if (e->channel == ch)
			rpmsg_ept_set_dst(e, dst);
	/* Senders waiting in rpmsg_wait_bound(). */
	rpmsg_bus_wake(ch->dev);
	return ch->driver;
}

static void tell_bound(struct rpmsg_channel *ch,
		       const struct rpmsg_driver *drv, uint32_t dst)
{
	if (drv && drv->bound)
		drv->bound(ch, dst);
}

/*
 * A local channel (@dst ANY) created after the peer announced its name:
 * take over the channel made for that announcement, which is already
 * probed, rather than probe a second one. Lock held; dropped on success.
 * Return: 1 (taken over, *@out set), 0 (nothing to take over), or
 * -EBUSY (@src taken).
 */
static int adopt_announced(struct rpmsg_device *dev, const char *name,
			   uint32_t src, bool announce,
			   struct rpmsg_channel **out)
{
	struct rpmsg_channel *ch = find_pending(dev, name, true);

	if (!ch)
		return 0;
	if (src != RPMSG_ADDR_ANY && src != ch->src) {
		if (rpmsg_bus_find_ept(dev, src))
			return -EBUSY;
		/* Readdressed in the endpoint list, under the lock that
		 * every lookup takes. */
		if (rpmsg_ept_is_bound(&ch->ept))
			ch->ept.addr = src;
		ch->src = src;
	}
	ch->from_ns = false;
	ch->announce = announce;
	rpmsg_bus_unlock(dev);
	rpmsg_bus_announce_all(dev);
	if (out)
		*out = ch;
	return 1;
}

/* Announcements no driver serves go to rpmsg_ns_set_cb()'s callback. */
static void tell_unmatched(struct rpmsg_channel *ch, const char *name,
			   uint32_t addr, uint32_t flags)
{
	struct rpmsg_device *dev = ch->dev;
	rpmsg_ns_cb_t cb;
	void *priv;

	rpmsg_bus_lock(dev);
	cb = flags == RPMSG_NS_DESTROY || !ch->driver ? dev->ns_cb : NULL;
	priv = dev->ns_priv;
	rpmsg_bus_unlock(dev);
	if (cb)
		cb(dev, name, addr, flags, priv);
}

void rpmsg_bus_ns_create(struct rpmsg_device *dev, const char *name,
			 uint32_t addr)
{
	const struct rpmsg_driver *drv;
	struct rpmsg_channel *ch;

	rpmsg_bus_lock(dev);
	/* Announced again (or once more after our own announcement): the
	 * channel exists. */
	if (find_locked(dev, name, RPMSG_ADDR_ANY, addr)) {
		rpmsg_bus_unlock(dev);
		return;
	}
	ch = find_pending(dev, name, false);
	if (!ch) {
		rpmsg_bus_unlock(dev);
		if (!rpmsg_bus_add_channel(dev, name, RPMSG_ADDR_ANY, addr,
					   false, true, &ch))
			tell_unmatched(ch, name, addr, RPMSG_NS_CREATE);
		return;
	}
	drv = set_peer(ch, addr);
	rpmsg_bus_unlock(dev);
	tell_bound(ch, drv, addr);
}

void rpmsg_bus_ns_destroy(struct rpmsg_device *dev, const char *name,
			  uint32_t addr)
{
	const struct rpmsg_driver *drv;
	struct rpmsg_channel *ch;
	bool unmatched;

	rpmsg_bus_lock(dev);
	ch = find_locked(dev, name, RPMSG_ADDR_ANY, addr);
	if (!ch || ch->from_ns) {
		unmatched = ch && !ch->driver;
		rpmsg_bus_unlock(dev);
		if (ch)
			rpmsg_destroy_channel(ch);
		if (unmatched)
			tell_unmatched(ch, name, addr, RPMSG_NS_DESTROY);
		return;
	}
	drv = set_peer(ch, RPMSG_ADDR_ANY);
	rpmsg_bus_unlock(dev);
	tell_bound(ch, drv, RPMSG_ADDR_ANY);
}

int rpmsg_bus_add_channel(struct rpmsg_device *dev, const char *name,
			  uint32_t src, uint32_t dst, bool announce,
			  bool from_ns, struct rpmsg_channel **out)
{
	struct rpmsg_channel *ch = NULL;
	char fixed[RPMSG_NAME_SIZE];
	size_t i;
	int rc;

	rpmsg_bus_copy_name(fixed, name);
	rpmsg_bus_lock(dev);
	if (dev->dead) {
		rpmsg_bus_unlock(dev);
		return -EPIPE;
	}
	if (!from_ns && dst == RPMSG_ADDR_ANY) {
		rc = adopt_announced(dev, fixed, src, announce, out);
		if (rc > 0)
			return 0;
		if (rc) {
			rpmsg_bus_unlock(dev);
			return rc;
		}
	}
	if (find_locked(dev, fixed, src, dst)) {
		rpmsg_bus_unlock(dev);
		return -EEXIST;
	}
	if (src != RPMSG_ADDR_ANY && rpmsg_bus_find_ept(dev, src)) {
		rpmsg_bus_unlock(dev);
		return -EBUSY;
	}
	for (i = 0; i < RPMSG_CFG_MAX_CHANNELS && !ch; i++)
		if (!dev->channels[i].in_use)
			ch = &dev->channels[i];
	if (!ch) {
		rpmsg_bus_unlock(dev);
		return -ENOSPC;
	}
	memset(ch, 0, sizeof(*ch));
	ch->dev = dev;
	memcpy(ch->name, fixed, sizeof(fixed));
	ch->src = src;
	ch->dst = dst;
	ch->announce = announce;
	ch->from_ns = from_ns;
	ch->in_use = true;
	rpmsg_bus_unlock(dev);

	channel_try_bind(dev, ch);
	if (out)
		*out = ch;
	return 0;
}

int rpmsg_create_channel(struct rpmsg_device *dev, const char *name,
			 uint32_t src, uint32_t dst,
			 struct rpmsg_channel **out)
{
	if (!dev || !dev->os || !rpmsg_bus_name_ok(name))
		return -EINVAL;
	/* Linux announces a channel created with a known local address. */
	return rpmsg_bus_add_channel(dev, name, src, dst,
				     src != RPMSG_ADDR_ANY, false, out);
}

int rpmsg_channel_create_ept(struct rpmsg_channel *ch,
			     struct rpmsg_endpoint *ept, const char *name,
			     uint32_t src, rpmsg_rx_cb_t cb, void *priv)
{
	struct rpmsg_device *dev;
	int rc = -ENODEV;

	if (!ch || !ch->dev || !ept || !cb)
		return -EINVAL;
	dev = ch->dev;
	rpmsg_bus_lock(dev);
	/* Only while a driver serves the channel: its endpoints end with
	 * the binding (channel_unbind()). */
	if (ch->in_use && ch->driver && rpmsg_ept_is_bound(&ch->ept)) {
		rc = rpmsg_bus_bind_ept(dev, ept, name ? name : ch->name, src,
					ch->dst, cb, priv);
		if (!rc)
			ept->channel = ch;
	}
	rpmsg_bus_unlock(dev);
	return rc;
}

int rpmsg_destroy_channel(struct rpmsg_channel *ch)
{
	struct rpmsg_device *dev;
	bool in_use;

	if (!ch || !ch->dev)
		return -EINVAL;
	dev = ch->dev;
	rpmsg_bus_lock(dev);
	in_use = ch->in_use;
	rpmsg_bus_unlock(dev);
	if (!in_use)
		return -EINVAL;
	channel_unbind(ch);
	rpmsg_bus_lock(dev);
	ch->in_use = false;
	rpmsg_bus_unlock(dev);
	return 0;
}

int rpmsg_register_driver(struct rpmsg_device *dev,
			  const struct rpmsg_driver *drv)
{
	size_t i, slot = RPMSG_CFG_MAX_DRIVERS;

	if (!dev || !dev->os || !drv || !drv->id_table)
		return -EINVAL;
	rpmsg_bus_lock(dev);
	for (i = 0; i < RPMSG_CFG_MAX_DRIVERS; i++) {
		if (dev->drivers[i] == drv) {
			rpmsg_bus_unlock(dev);
			return -EEXIST;
		}
		if (!dev->drivers[i] && slot == RPMSG_CFG_MAX_DRIVERS)
			slot = i;
	}
	if (slot == RPMSG_CFG_MAX_DRIVERS) {
		rpmsg_bus_unlock(dev);
		return -ENOSPC;
	}
	dev->drivers[slot] = drv;
	rpmsg_bus_unlock(dev);

	for (i = 0; i < RPMSG_CFG_MAX_CHANNELS; i++)
		channel_try_bind(dev, &dev->channels[i]);
	return 0;
}

int rpmsg_unregister_driver(struct rpmsg_device *dev,
			    const struct rpmsg_driver *drv)
{
	bool found = false;
	size_t i;

	if (!dev || !dev->os || !drv)
		return -EINVAL;
	rpmsg_bus_lock(dev);
	for (i = 0; i < RPMSG_CFG_MAX_DRIVERS; i++) {
		if (dev->drivers[i] == drv) {
			dev->drivers[i] = NULL;
			found = true;
		}
	}
	rpmsg_bus_unlock(dev);
	if (!found)
		return -EINVAL;
	for (i = 0; i < RPMSG_CFG_MAX_CHANNELS; i++) {
		struct rpmsg_channel *ch = &dev->channels[i];
		bool mine;

		rpmsg_bus_lock(dev);
		mine = ch->in_use && ch->driver == drv;
		rpmsg_bus_unlock(dev);
		if (mine)
			channel_unbind(ch);
	}
	return 0;
}

void rpmsg_bus_announce_all(struct rpmsg_device *dev)
{
	size_t i;

	for (i = 0; i < RPMSG_CFG_MAX_CHANNELS; i++) {
		struct rpmsg_channel *ch = &dev->channels[i];
		bool announce;

		rpmsg_bus_lock(dev);
		announce = ch->in_use && ch->driver && ch->announce &&
			   !ch->announced && dev->ns_enabled;
		if (announce)
			ch->announced = true;
		rpmsg_bus_unlock(dev);
		if (announce)
			rpmsg_bus_ns_send(dev, ch->name, ch->src,
					  RPMSG_NS_CREATE);
	}
}

int rpmsg_list_channels(struct rpmsg_device *dev,
			struct rpmsg_channel_info *out, size_t max)
{
	size_t i;
	int n = 0;

	if (!dev || !dev->os || (!out && max))
		return -EINVAL;
	rpmsg_bus_lock(dev);
	for (i = 0; i < RPMSG_CFG_MAX_CHANNELS; i++) {
		const struct rpmsg_channel *ch = &dev->channels[i];

		if (!ch->in_use)
			continue;
		if ((size_t)n < max) {
			struct rpmsg_channel_info *info = &out[n];

			memcpy(info->name, ch->name, RPMSG_NAME_SIZE);
			info->src = ch->src;
			info->dst = ch->dst;
			info->announce = ch->announce;
			rpmsg_bus_copy_name(info->driver,
					    ch->driver ? ch->driver->name
						       : NULL);
		}
		n++;
	}
	rpmsg_bus_unlock(dev);
	return n;
}

#endif /* RPMSG_CFG_CHANNELS; else config_off.c */

void rpmsg_device_peer_lost(struct rpmsg_device *dev)
{
	if (!dev || !dev->os)
		return;
	rpmsg_bus_lock(dev);
	rpmsg_relaxed_store_bool(&dev->dead, true);
	rpmsg_bus_wake(dev);
	rpmsg_bus_unlock(dev);
}

void rpmsg_device_teardown(struct rpmsg_device *dev)
{
	if (!dev || !dev->os)
		return;
	rpmsg_device_peer_lost(dev);
#if RPMSG_CFG_CHANNELS
	for (size_t i = 0; i < RPMSG_CFG_MAX_CHANNELS; i++)
		rpmsg_destroy_channel(&dev->channels[i]);
#endif
	if (rpmsg_ept_is_bound(&dev->ns_ept))
		rpmsg_destroy_ept(&dev->ns_ept);
}
