// SPDX-License-Identifier: BSD-3-Clause
/* Links against the installed library and runs one echo round trip. */
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg.h>
#include <rpmsg/rpmsg_inproc.h>
#include <rpmsg/rpmsg_version.h>

static int got;

static int echo(struct rpmsg_endpoint *ept, void *data, size_t len,
		void *priv, uint32_t src)
{
	(void)priv;
	return rpmsg_sendto(ept, data, len, src);
}

static int reply(struct rpmsg_endpoint *ept, void *data, size_t len,
		 void *priv, uint32_t src)
{
	(void)ept;
	(void)priv;
	(void)src;
	got = len == 4 && !memcmp(data, "ping", 4);
	return 0;
}

int main(void)
{
	struct rpmsg_endpoint r, h;
	struct rpmsg_inproc *link;

	/* The library run is the one the headers came with. */
	if (strcmp(rpmsg_version(), RPMSG_VERSION_STRING)) {
		printf("consumer: library %s, headers %s\n", rpmsg_version(),
		       RPMSG_VERSION_STRING);
		return 1;
	}
	if (rpmsg_inproc_create(&link, NULL) || rpmsg_inproc_start(link))
		return 1;
	rpmsg_create_ept(&r, rpmsg_inproc_remote(link), "echo", 2000,
			 RPMSG_ADDR_ANY, echo, NULL);
	rpmsg_create_ept(&h, rpmsg_inproc_host(link), "client",
			 RPMSG_ADDR_ANY, 2000, reply, NULL);
	rpmsg_send(&h, "ping", 4);
	rpmsg_inproc_pump(link);
	rpmsg_inproc_destroy(link);
	printf("consumer: %s\n", got ? "ok" : "FAILED");
	return got ? 0 : 1;
}
