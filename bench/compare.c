// SPDX-License-Identifier: BSD-3-Clause
/*
 * rpmsg bench --compare: the ratio new / old of each figure two runs
 * share, read from their JSON (bench_print_json()'s output; the new run
 * is either a second file or this process's run, printed to memory).
 *
 * Compared: the floors' p50 and memcpy bandwidth; each round-trip row's
 * p50; each throughput row's messages per second (and doorbells per
 * message where the row has them); the instructions per message of each
 * step. A row is named by its transport, mode, size (and, for a batched
 * row, its batch); a row in one run only is listed as such. Rows that
 * failed (an "error" member) are skipped.
 *
 * The JSON reader takes what bench_print_json() writes and standard JSON
 * besides (objects, arrays, strings with escapes, numbers, true, false,
 * null); it is not a validator.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jtype type;
	double num;
	char *str;	/* J_STR: its value */
	char *key;	/* a member's name, or NULL */
	int child;	/* first element or member, -1 */
	int next;	/* next sibling, -1 */
};

struct jdoc {
	struct jnode *n;
	int len, cap;
	const char *p, *end;
};

static int jnew(struct jdoc *d, enum jtype t)
{
	if (d->len == d->cap) {
		int cap = d->cap ? 2 * d->cap : 64;
		struct jnode *n = realloc(d->n, (size_t)cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		d->n = n;
		d->cap = cap;
	}
	memset(&d->n[d->len], 0, sizeof(d->n[0]));
	d->n[d->len].type = t;
	d->n[d->len].child = -1;
	d->n[d->len].next = -1;
	return d->len++;
}

static void jspace(struct jdoc *d)
{
	while (d->p < d->end &&
	       (*d->p == ' ' || *d->p == '\t' || *d->p == '\n' ||
		*d->p == '\r'))
		d->p++;
}

/* A string at d->p (after its quote), escapes reduced to one byte. */
static int jstring(struct jdoc *d, char **out)
{
	const char *s = d->p;
	char *o;
	size_t k = 0;

	while (d->p < d->end && *d->p != '"') {
		if (*d->p == '\\')
			d->p++;
		d->p++;
	}
	if (d->p >= d->end)
		return -EBADMSG;
	o = malloc((size_t)(d->p - s) + 1);
	if (!o)
		return -ENOMEM;
	for (; s < d->p; s++) {
		if (*s == '\\') {
			s++;
			/* \uXXXX: one '?' (no name here needs more) */
			o[k++] = *s == 'n' ? '\n' : *s == 't' ? '\t' :
				 *s == 'u' ? '?' : *s;
			if (*s == 'u')
				s += d->p - s > 4 ? 4 : d->p - s - 1;
			continue;
		}
		o[k++] = *s;
	}
	o[k] = 0;
	d->p++;
	*out = o;
	return 0;
}

static int jvalue(struct jdoc *d, int depth);

/* Elements or members up to @close; links them under node @self. */
static int jlist(struct jdoc *d, int self, char close, int depth)
{
	int prev = -1, c, rc;
	char *key;

	jspace(d);
	if (d->p < d->end && *d->p == close) {
		d->p++;
		return 0;
	}
	for (;;) {
		key = NULL;
		jspace(d);
		if (close == '}') {
			if (d->p >= d->end || *d->p != '"')
				return -EBADMSG;
			d->p++;
			rc = jstring(d, &key);
			if (rc)
				return rc;
			jspace(d);
			if (d->p >= d->end || *d->p != ':') {
				free(key);
				return -EBADMSG;
			}
			d->p++;
		}
		c = jvalue(d, depth + 1);
		if (c < 0) {
			free(key);
			return c;
		}
		d->n[c].key = key;
		if (prev < 0)
			d->n[self].child = c;
		else
			d->n[prev].next = c;
		prev = c;
		jspace(d);
		if (d->p < d->end && *d->p == ',') {
			d->p++;
			continue;
		}
		if (d->p < d->end && *d->p == close) {
			d->p++;
			return 0;
		}
		return -EBADMSG;
	}
}

static int jvalue(struct jdoc *d, int depth)
{
	char *end;
	int i, rc;

	if (depth > 32)
		return -EBADMSG;
	jspace(d);
	if (d->p >= d->end)
		return -EBADMSG;
	switch (*d->p) {
	case '{':
	case '[':
		i = jnew(d, *d->p == '{' ? J_OBJ : J_ARR);
		if (i < 0)
			return i;
		rc = jlist(d, i, *d->p++ == '{' ? '}' : ']', depth);
		return rc ? rc : i;
	case '"':
		i = jnew(d, J_STR);
		if (i < 0)
			return i;
		d->p++;
		rc = jstring(d, &d->n[i].str);
		return rc ? rc : i;
	case 't':
	case 'f':
	case 'n':
		i = jnew(d, *d->p == 'n' ? J_NULL : J_BOOL);
		if (i < 0)
			return i;
		d->n[i].num = *d->p == 't';
		while (d->p < d->end && *d->p >= 'a' && *d->p <= 'z')
			d->p++;
		return i;
	default:
		i = jnew(d, J_NUM);
		if (i < 0)
			return i;
		d->n[i].num = strtod(d->p, &end);
		if (end == d->p || end > d->end)
			return -EBADMSG;
		d->p = end;
		return i;
	}
}

static void jfree(struct jdoc *d)
{
	int i;

	for (i = 0; i < d->len; i++) {
		free(d->n[i].str);
		free(d->n[i].key);
	}
	free(d->n);
	memset(d, 0, sizeof(*d));
}

/* Parse @len bytes of @text (NUL-terminated) into @d; root is node 0. */
static int jparse(struct jdoc *d, const char *text, size_t len)
{
	int rc;

	memset(d, 0, sizeof(*d));
	d->p = text;
	d->end = text + len;
	rc = jvalue(d, 0);
	if (rc >= 0) {
		jspace(d);
		rc = d->p == d->end ? 0 : -EBADMSG;
	}
	if (rc)
		jfree(d);
	return rc;
}

static int jget(const struct jdoc *d, int obj, const char *key)
{
	int c;

	if (obj < 0 || d->n[obj].type != J_OBJ)
		return -1;
	for (c = d->n[obj].child; c >= 0; c = d->n[c].next)
		if (d->n[c].key && !strcmp(d->n[c].key, key))
			return c;
	return -1;
}

/* The number at @path ("a.b.c") under @obj. */
static bool jnum(const struct jdoc *d, int obj, const char *path, double *out)
{
	char part[64];
	const char *dot;
	size_t l;

	while (obj >= 0 && *path) {
		dot = strchr(path, '.');
		l = dot ? (size_t)(dot - path) : strlen(path);
		if (l >= sizeof(part))
			return false;
		memcpy(part, path, l);
		part[l] = 0;
		obj = jget(d, obj, part);
		path += l + (dot ? 1 : 0);
	}
	if (obj < 0 || d->n[obj].type != J_NUM)
		return false;
	*out = d->n[obj].num;
	return true;
}

/* One figure of one run. */
struct figure {
	char section[32];
	char name[96];
	double v;
};

struct figures {
	struct figure *f;
	size_t n, cap;
};

static int add(struct figures *fs, const char *section, const char *name,
	       double v)
{
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? 2 * fs->cap : 64;
		struct figure *f = realloc(fs->f, cap * sizeof(*f));

		if (!f)
			return -ENOMEM;
		fs->f = f;
		fs->cap = cap;
	}
	snprintf(fs->f[fs->n].section, sizeof(fs->f[0].section), "%s",
		 section);
	snprintf(fs->f[fs->n].name, sizeof(fs->f[0].name), "%s", name);
	fs->f[fs->n].v = v;
	fs->n++;
	return 0;
}

/* "transport mode size", and " batch N" when the row has a batch. */
static void row_name(const struct jdoc *d, int row, char *out, size_t len)
{
	int t = jget(d, row, "transport"), m = jget(d, row, "mode");
	double size = -1, batch = 0;

	jnum(d, row, "size", &size);
	jnum(d, row, "batch", &batch);
	char tm[64];

	snprintf(tm, sizeof(tm), "%s %s",
		 t >= 0 && d->n[t].type == J_STR ? d->n[t].str : "?",
		 m >= 0 && d->n[m].type == J_STR ? d->n[m].str : "?");
	snprintf(out, len, "%-20s %4.0f", tm, size);
	if (batch > 0)
		snprintf(out + strlen(out), len - strlen(out), " batch %.0f",
			 batch);
}

static const char *const sections[] = {
	"floors", "round trip p50 (ns)", "one-way (msgs/s)",
	"doorbells per message", "instructions per message",
};

static int collect(const struct jdoc *d, struct figures *fs)
{
	static const struct {
		const char *path, *name;
	} floors[] = {
		{ "floors.cacheline_round_trip.p50_ns",
		  "cache-line ping-pong p50 (ns)" },
		{ "floors.doorbell_round_trip.p50_ns",
		  "eventfd ping-pong p50 (ns)" },
		{ "floors.memcpy_MBps", "memcpy (MB/s)" },
	}, steps[] = {
		{ "instructions_per_message.host_send", "host send" },
		{ "instructions_per_message.remote_receive", "remote receive" },
		{ "instructions_per_message.remote_send", "remote send" },
		{ "instructions_per_message.host_receive", "host receive" },
	};
	char name[96];
	double v;
	size_t i;
	int a, row, rc = 0;

	if (d->n[0].type != J_OBJ)
		return -EBADMSG;
	for (i = 0; i < sizeof(floors) / sizeof(floors[0]) && !rc; i++)
		if (jnum(d, 0, floors[i].path, &v))
			rc = add(fs, sections[0], floors[i].name, v);
	a = jget(d, 0, "latency");
	for (row = a >= 0 ? d->n[a].child : -1; row >= 0 && !rc;
	     row = d->n[row].next) {
		if (jget(d, row, "error") >= 0 ||
		    !jnum(d, row, "round_trip.p50_ns", &v))
			continue;
		row_name(d, row, name, sizeof(name));
		rc = add(fs, sections[1], name, v);
	}
	a = jget(d, 0, "throughput");
	for (row = a >= 0 ? d->n[a].child : -1; row >= 0 && !rc;
	     row = d->n[row].next) {
		if (jget(d, row, "error") >= 0)
			continue;
		row_name(d, row, name, sizeof(name));
		if (jnum(d, row, "msgs_per_s", &v))
			rc = add(fs, sections[2], name, v);
		if (!rc && jnum(d, row, "doorbells_per_message", &v))
			rc = add(fs, sections[3], name, v);
	}
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]) && !rc; i++)
		if (jnum(d, 0, steps[i].path, &v))
			rc = add(fs, sections[4], steps[i].name, v);
	return rc;
}

static const struct figure *find(const struct figures *fs,
				 const struct figure *f)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].section, f->section) &&
		    !strcmp(fs->f[i].name, f->name))
			return &fs->f[i];
	return NULL;
}

static int read_all(const char *file, char **out, size_t *len)
{
	FILE *f = fopen(file, "r");
	size_t cap = 8192, n = 0, k;
	char *buf, *nb;

	if (!f)
		return -errno;
	buf = malloc(cap);
	while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 == cap) {
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	fclose(f);
	if (!buf)
		return -ENOMEM;
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
}

static int load(const char *text, size_t len, struct figures *fs)
{
	struct jdoc d;
	int rc = jparse(&d, text, len);

	if (rc)
		return rc;
	rc = collect(&d, fs);
	jfree(&d);
	return rc;
}

int bench_compare(FILE *out, const char *old_file, const char *new_file,
		  const struct bench_results *now)
{
	struct figures fo = { 0 }, fn = { 0 };
	const struct figure *m;
	char *text = NULL;
	size_t len = 0, i, s, shown;
	FILE *mem;
	int rc;

	rc = read_all(old_file, &text, &len);
	if (!rc)
		rc = load(text, len, &fo);
	free(text);
	text = NULL;
	if (rc) {
		fprintf(stderr, "rpmsg bench: %s: %s\n", old_file,
			rc == -EBADMSG ? "not rpmsg bench JSON" : strerror(-rc));
		goto out;
	}
	if (new_file) {
		rc = read_all(new_file, &text, &len);
	} else {
		mem = open_memstream(&text, &len);
		if (!mem) {
			rc = -errno;
		} else {
			bench_print_json(mem, now);
			rc = fclose(mem) ? -errno : 0;
		}
	}
	if (!rc)
		rc = load(text, len, &fn);
	free(text);
	if (rc) {
		fprintf(stderr, "rpmsg bench: %s: %s\n",
			new_file ? new_file : "this run",
			rc == -EBADMSG ? "not rpmsg bench JSON" : strerror(-rc));
		goto out;
	}

	fprintf(out, "rpmsg bench --compare: new / old\n  old: %s\n  new: %s\n",
		old_file, new_file ? new_file : "this run");
	for (s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		size_t n_new = 0, n_old = 0;

		for (i = 0; i < fn.n; i++)
			n_new += !strcmp(fn.f[i].section, sections[s]);
		for (i = 0; i < fo.n; i++)
			n_old += !strcmp(fo.f[i].section, sections[s]);
		/* A part the new run did not measure: one line, not a row
		 * per figure. */
		if (!n_new) {
			if (n_old)
				fprintf(out, "\n%s: only old (%zu)\n",
					sections[s], n_old);
			continue;
		}
		shown = 0;
		for (i = 0; i < fn.n; i++) {
			if (strcmp(fn.f[i].section, sections[s]))
				continue;
			if (!shown++)
				fprintf(out, "\n%-38s %12s %12s  new/old\n",
					sections[s], "old", "new");
			m = find(&fo, &fn.f[i]);
			if (m && m->v != 0)
				fprintf(out, "  %-36s %12.1f %12.1f  %7.3f\n",
					fn.f[i].name, m->v, fn.f[i].v,
					fn.f[i].v / m->v);
			else if (m)
				fprintf(out, "  %-36s %12.1f %12.1f  -\n",
					fn.f[i].name, m->v, fn.f[i].v);
			else
				fprintf(out, "  %-36s %12s %12.1f  only new\n",
					fn.f[i].name, "-", fn.f[i].v);
		}
		for (i = 0; i < fo.n; i++) {
			if (strcmp(fo.f[i].section, sections[s]) ||
			    find(&fn, &fo.f[i]))
				continue;
			if (!shown++)
				fprintf(out, "\n%-38s %12s %12s  new/old\n",
					sections[s], "old", "new");
			fprintf(out, "  %-36s %12.1f %12s  only old\n",
				fo.f[i].name, fo.f[i].v, "-");
		}
	}
	fprintf(out, "\nTimes (ns), doorbells and instructions: below 1 is "
		     "better; msgs/s and MB/s: above 1 is better.\n");
out:
	free(fo.f);
	free(fn.f);
	return rc;
}
