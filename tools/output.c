// SPDX-License-Identifier: BSD-3-Clause
/*
 * How a message's payload is printed (rpmsg send --reply, rpmsg listen):
 * every byte of it, NULs included, as the output mode asks; as text on a
 * terminal, with what is not printable ASCII escaped. And the two escapers
 * every listing uses for names that come from a peer, a kernel or a file:
 * text_escape() for text, print_json_str() for JSON.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>

#include "tool.h"

size_t text_escape(char *dst, size_t size, const void *src, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = src;
	size_t i, o = 0;

	if (!size)
		return 0;
	for (i = 0; i < len; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			if (o + 1 >= size)
				break;
			dst[o++] = (char)p[i];
		} else if (p[i] == '\\') {
			if (o + 2 >= size)
				break;
			dst[o++] = '\\';
			dst[o++] = '\\';
		} else {
			if (o + 4 >= size)
				break;
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[p[i] >> 4];
			dst[o++] = hex[p[i] & 15];
		}
	}
	dst[o] = '\0';
	return o;
}

void print_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* Progress of a long run, on a terminal only: one line rewritten. */
void print_progress(const char *what, unsigned int done, unsigned int total)
{
	static int tty = -1;

	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (!tty)
		return;
	if (done < total)
		fprintf(stderr, "\r\033[K%s: %u of %u", what, done, total);
	else
		fputs("\r\033[K", stderr);
}

static void print_escaped(FILE *f, const unsigned char *p, size_t len)
{
	char buf[4 * 64 + 1];
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = len - i < 64 ? len - i : 64;
		text_escape(buf, sizeof(buf), p + i, n);
		fputs(buf, f);
	}
}

void print_payload(FILE *f, const void *data, size_t len, enum out_mode out)
{
	const unsigned char *p = data;
	size_t i;

	switch (out) {
	case OUT_RAW:
		fwrite(p, 1, len, f);
		break;
	case OUT_HEX:
		for (i = 0; i < len; i++)
			fprintf(f, "%02x", p[i]);
		fputc('\n', f);
		break;
	case OUT_NONE:
		break;
	case OUT_SRC:
	case OUT_LINE:
	default:
		/* On a terminal the peer's bytes must not drive it. */
		if (isatty(fileno(f)))
			print_escaped(f, p, len);
		else
			fwrite(p, 1, len, f);
		fputc('\n', f);
		break;
	}
}
