// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg firmware check FILE.elf [--json]: reads a remote's ELF image the
 * way Linux remoteproc does (rpmsg_elf.h), prints its segments and its
 * resource table (vdevs with their vrings and features, carveouts,
 * devmem, trace buffers) and every problem found: the image's, where the
 * table is (missing, outside every PT_LOAD segment, loaded at another
 * address than the section's) and each refused entry. Exit status 1 if
 * there is a problem, 2 for a usage error.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/rpmsg_elf.h>

#include "cmd.h"
#include "tool.h"

#define FW_MAX_IMAGE (64u << 20)
#define FW_MAX_PROBLEMS 64

static const char fw_usage[] =
	"usage: rpmsg firmware check [--json] FILE.elf\n"
	"\n"
	"Read a remote processor's ELF image the way Linux remoteproc loads\n"
	"it and report its PT_LOAD segments and its resource table (vdev\n"
	"with vrings da/align/num/notifyid and features, carveouts, devmem,\n"
	"trace buffers), then every problem found: a bad ELF header or\n"
	"segment, no .resource_table section, the table outside every\n"
	"PT_LOAD segment or loaded (p_paddr) elsewhere than its section\n"
	"address (a table copied to RAM at startup), entries out of bounds,\n"
	"misaligned vrings, zero sizes.\n"
	"\n"
	"  --json    one JSON object instead of text\n"
	"  --help    this text\n"
	"\n"
	"Exit status: 0 no problem, 1 a problem (or the file unreadable),\n"
	"2 usage error.\n";

struct fw_report {
	bool json;
	int problems;
	const char *problem[FW_MAX_PROBLEMS];
	long problem_at[FW_MAX_PROBLEMS]; /* entry index, or -1 */
};

static void problem(struct fw_report *r, const char *what, long at)
{
	if (r->problems < FW_MAX_PROBLEMS) {
		r->problem[r->problems] = what;
		r->problem_at[r->problems] = at;
	}
	r->problems++;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "rpmsg firmware: %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *nb;

			if (cap >= FW_MAX_IMAGE) {
				fprintf(stderr,
					"rpmsg firmware: %s: larger than %u MiB\n",
					path, FW_MAX_IMAGE >> 20);
				goto fail;
			}
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb)
				goto fail;
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "rpmsg firmware: %s: read error\n", path);
		goto fail;
	}
	fclose(f);
	*len = n;
	return buf ? buf : malloc(1);
fail:
	fclose(f);
	free(buf);
	return NULL;
}

static void print_segments(const struct rpmsg_elf *elf, bool json)
{
	struct rpmsg_elf_segment s;
	uint32_t i;

	for (i = 0; i < elf->phnum; i++) {
		if (rpmsg_elf_segment(elf, i, &s) || s.type != 1)
			continue;
		if (json)
			printf("%s{\"index\":%u,\"offset\":%llu,\"vaddr\":%llu,"
			       "\"paddr\":%llu,\"filesz\":%llu,\"memsz\":%llu,"
			       "\"flags\":%u}",
			       i ? "," : "", i, (unsigned long long)s.offset,
			       (unsigned long long)s.vaddr,
			       (unsigned long long)s.paddr,
			       (unsigned long long)s.filesz,
			       (unsigned long long)s.memsz, s.flags);
		else
			printf("  segment %u: LOAD offset 0x%llx paddr 0x%llx "
			       "vaddr 0x%llx filesz %llu memsz %llu\n",
			       i, (unsigned long long)s.offset,
			       (unsigned long long)s.paddr,
			       (unsigned long long)s.vaddr,
			       (unsigned long long)s.filesz,
			       (unsigned long long)s.memsz);
	}
}

static void print_vdev(const struct rpmsg_rsc_vdev_info *v, bool json)
{
	unsigned int i;

	if (json)
		printf(",\"id\":%u,\"notifyid\":%u,\"dfeatures\":%u,"
		       "\"gfeatures\":%u,\"config_len\":%u,\"status\":%u,"
		       "\"vrings\":[",
		       v->id, v->notifyid, v->dfeatures, v->gfeatures,
		       v->config_len, v->status);
	else
		printf("vdev id %u notifyid %u dfeatures 0x%x gfeatures 0x%x "
		       "config_len %u status 0x%x\n",
		       v->id, v->notifyid, v->dfeatures, v->gfeatures,
		       v->config_len, v->status);
	for (i = 0; i < v->num_vrings; i++) {
		const struct rpmsg_rsc_vring *r = &v->vring[i];

		if (json)
			printf("%s{\"da\":%u,\"align\":%u,\"num\":%u,"
			       "\"notifyid\":%u,\"pa\":%u}",
			       i ? "," : "", r->da, r->align, r->num,
			       r->notifyid, r->pa);
		else if (r->da == RPMSG_RSC_ADDR_ANY)
			printf("    vring %u: da any align %u num %u "
			       "notifyid %u\n",
			       i, r->align, r->num, r->notifyid);
		else
			printf("    vring %u: da 0x%x align %u num %u "
			       "notifyid %u\n",
			       i, r->da, r->align, r->num, r->notifyid);
	}
	if (json)
		putchar(']');
}

static const char *type_name(uint32_t type)
{
	switch (type) {
	case RPMSG_RSC_CARVEOUT: return "carveout";
	case RPMSG_RSC_DEVMEM: return "devmem";
	case RPMSG_RSC_TRACE: return "trace";
	case RPMSG_RSC_VDEV: return "vdev";
	default: return "other";
	}
}

/* Every entry, each refused one a problem. */
static void print_table(const uint8_t *table, size_t size,
			struct fw_report *r)
{
	struct rpmsg_rsc_entry e;
	struct rpmsg_rsc_iter it;
	int ret, first = 1;

	if (r->json)
		printf(",\"entries\":[");
	if (rpmsg_rsc_iter_init(&it, table, size)) {
		problem(r, rpmsg_rsc_problem_str(it.problem), -1);
		if (r->json)
			putchar(']');
		return;
	}
	while ((ret = rpmsg_rsc_iter_next(&it, &e)) != 0) {
		long at = (long)it.index - 1;

		if (ret < 0) {
			problem(r, rpmsg_rsc_problem_str(it.problem), at);
			continue;
		}
		if (r->json)
			printf("%s{\"index\":%ld,\"offset\":%u,\"type\":\"%s\"",
			       first ? "" : ",", at, e.offset,
			       type_name(e.type));
		else
			printf("  entry %ld (offset %u): ", at, e.offset);
		first = 0;
		switch (e.type) {
		case RPMSG_RSC_VDEV:
			print_vdev(&e.vdev, r->json);
			break;
		case RPMSG_RSC_CARVEOUT:
		case RPMSG_RSC_DEVMEM:
			if (r->json) {
				printf(",\"da\":%u,\"pa\":%u,\"len\":%u,"
				       "\"flags\":%u,\"name\":",
				       e.mem.da, e.mem.pa, e.mem.len,
				       e.mem.flags);
				print_json_str(stdout, e.mem.name);
			} else {
				printf("%s da 0x%x pa 0x%x len %u flags 0x%x "
				       "name \"%s\"\n",
				       type_name(e.type), e.mem.da, e.mem.pa,
				       e.mem.len, e.mem.flags, e.mem.name);
			}
			break;
		case RPMSG_RSC_TRACE:
			if (r->json) {
				printf(",\"da\":%u,\"len\":%u,\"name\":",
				       e.trace.da, e.trace.len);
				print_json_str(stdout, e.trace.name);
			} else {
				printf("trace da 0x%x len %u name \"%s\"\n",
				       e.trace.da, e.trace.len, e.trace.name);
			}
			break;
		default:
			if (r->json)
				printf(",\"type_value\":%u", e.type);
			else
				printf("type %u (not checked)\n", e.type);
			break;
		}
		if (r->json)
			putchar('}');
	}
	if (r->json)
		putchar(']');
}

static int check(const char *path, bool json)
{
	struct fw_report r = { .json = json };
	struct rpmsg_elf_rsc rsc;
	struct rpmsg_elf elf;
	uint8_t *image;
	size_t len;
	int i;

	image = read_file(path, &len);
	if (!image)
		return 1;
	if (json) {
		printf("{\"file\":");
		print_json_str(stdout, path);
	} else {
		printf("%s:\n", path);
	}
	if (rpmsg_elf_open(&elf, image, len) == 0) {
		if (json)
			printf(",\"class\":%d,\"machine\":%u,\"entry\":%llu,"
			       "\"segments\":[",
			       elf.is64 ? 64 : 32, elf.machine,
			       (unsigned long long)elf.entry);
		else
			printf("  ELF%d machine %u entry 0x%llx\n",
			       elf.is64 ? 64 : 32, elf.machine,
			       (unsigned long long)elf.entry);
		print_segments(&elf, json);
		if (json)
			putchar(']');
		if (rpmsg_elf_find_rsc(&elf, &rsc) < 0)
			problem(&r, rpmsg_elf_problem_str(elf.problem), -1);
		if (rsc.table) {
			if (json)
				printf(",\"table\":{\"da\":%llu,\"offset\":%llu,"
				       "\"size\":%llu,\"segment\":%d",
				       (unsigned long long)rsc.da,
				       (unsigned long long)rsc.offset,
				       (unsigned long long)rsc.size,
				       rsc.segment);
			else
				printf("  resource table: da 0x%llx, %llu "
				       "bytes at file offset 0x%llx, "
				       "segment %d\n",
				       (unsigned long long)rsc.da,
				       (unsigned long long)rsc.size,
				       (unsigned long long)rsc.offset,
				       rsc.segment);
			/* the table reader's problem is reported per entry */
			if (r.problems &&
			    elf.problem == RPMSG_ELF_E_RSC_TABLE)
				r.problems--;
			print_table(rsc.table, (size_t)rsc.size, &r);
			if (json)
				putchar('}');
		}
	} else {
		problem(&r, rpmsg_elf_problem_str(elf.problem),
			-1);
	}
	if (json) {
		printf(",\"problems\":[");
		for (i = 0; i < r.problems && i < FW_MAX_PROBLEMS; i++) {
			printf("%s{\"entry\":%ld,\"problem\":", i ? "," : "",
			       r.problem_at[i]);
			print_json_str(stdout, r.problem[i]);
			putchar('}');
		}
		printf("],\"ok\":%s}\n", r.problems ? "false" : "true");
	} else {
		for (i = 0; i < r.problems && i < FW_MAX_PROBLEMS; i++) {
			if (r.problem_at[i] >= 0)
				printf("  problem: entry %ld: %s\n",
				       r.problem_at[i], r.problem[i]);
			else
				printf("  problem: %s\n", r.problem[i]);
		}
		printf("%s: %d problem%s\n", path, r.problems,
		       r.problems == 1 ? "" : "s");
	}
	free(image);
	return r.problems ? 1 : 0;
}

int cmd_firmware(int argc, char **argv)
{
	const char *file = NULL;
	bool json = false;
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(fw_usage, stdout);
			return 0;
		}
	if (argc < 2 || strcmp(argv[1], "check")) {
		fputs(fw_usage, stderr);
		return EXIT_USAGE;
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")) {
			json = true;
		} else if (argv[i][0] == '-' || file) {
			fprintf(stderr, "rpmsg firmware: unexpected '%s'\n",
				argv[i]);
			fputs(fw_usage, stderr);
			return EXIT_USAGE;
		} else {
			file = argv[i];
		}
	}
	if (!file) {
		fputs(fw_usage, stderr);
		return EXIT_USAGE;
	}
	return check(file, json);
}
