/* SPDX-License-Identifier: BSD-3-Clause */
/* Subcommands of the rpmsg tool implemented outside tools/rpmsg.c. */
#ifndef RPMSG_TOOL_CMD_H
#define RPMSG_TOOL_CMD_H

#include <stdbool.h>
#include <stdint.h>

/* side NULL: the remote if it runs, else the host. */
int cmd_ls(const char *name, const char *side, bool json);
int cmd_trace(const char *name, const char *side, const char *pcap,
	      uint32_t count);

/* rpmsg bench: takes its own options (argv[0] is "bench"). */
int cmd_bench(int argc, char **argv);

/* rpmsg firmware check FILE.elf: an image as remoteproc reads it
 * (argv[0] is "firmware"). */
int cmd_firmware(int argc, char **argv);

/* cmd_kernel.c: through the Linux kernel's rpmsg drivers (argv[0] is
 * the command); wanted for tty and rproc, for --kernel, and when
 * /dev/rpmsg_ctrlN exists and no user-space link is named. */
bool kernel_cmd_wanted(int argc, char **argv);
int cmd_kernel(int argc, char **argv);

#endif /* RPMSG_TOOL_CMD_H */
