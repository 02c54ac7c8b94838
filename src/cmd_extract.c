#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "canon.h"
#include "cmd.h"
#include "extract.h"
#include "fetch.h"
#include "file.h"
#include "markdown.h"
#include "meta.h"
#include "xalloc.h"

static const char usage[] =
	"usage: clipseal extract [-f text|html|markdown|json] [-u URL]\n"
	"                        [--charset CHARSET] [FILE | -]\n"
	"       clipseal extract [-f FORMAT] --out-dir DIR [--urls LIST]\n"
	"                        FILE...\n"
	"\n"
	"Prints the cleaned article of a local HTML page: the canonical text that\n"
	"archive hashes (text), the clean HTML document (html), Markdown\n"
	"(markdown), or metadata, the removal log and the text as JSON (json).\n"
	"With --out-dir, extracts many pages in one process into DIR/<name>.txt\n"
	"(.html, .md, .json); --charset applies to every page, and --urls\n"
	"LIST gives their URLs, one \"FILE URL\" a line.\n"
	"\n"
	"  -f, --format FORMAT  text (default), html, markdown or json\n"
	"  -u, --url URL        the page's URL, to resolve links and canonical\n"
	"      --charset NAME   the charset an HTTP header gave, if any\n"
	"      --out-dir DIR    batch mode: one output file per input\n"
	"      --urls LIST      batch mode: each FILE's URL, as -u gives it\n"
	"  -h, --help           show this help\n";

enum format { F_TEXT, F_HTML, F_MARKDOWN, F_JSON };

static const char *const format_ext[] = { "txt", "html", "md", "json" };

/* Extracts one page into out in the chosen format. */
static int
render(const char *path, const struct extract_opts *eo, enum format f,
    struct buf *out, struct error *err)
{
	struct buf in = BUF_INIT(FETCH_MAX_BYTES);
	struct buf text = BUF_INIT(BUF_MAX_DEFAULT);
	struct article a = { 0 };
	char *data;
	size_t len;
	int rc = -1;

	if (buf_read_file(&in, path, err) < 0)
		goto out;
	/* The page's bytes are freed as they are parsed. */
	data = buf_detach(&in, &len);
	if (extract_article_owned(data, len, eo, &a, err) < 0 ||
	    canon_text(&a, &text, err) < 0) {
		struct error inner = *err;

		error_set(err, inner.rc, "%s: %s", path, inner.msg);
		goto out;
	}
	switch (f) {
	case F_TEXT:
		rc = buf_add(out, text.data, text.len);
		break;
	case F_HTML:
		rc = buf_add(out, a.html, a.html_len);
		break;
	case F_MARKDOWN:
		rc = markdown_render(&a, out, err);
		break;
	case F_JSON:
		rc = meta_article(&a, eo->url, text.data, out, err);
		break;
	}
	if (rc < 0)
		error_set(err, RC_SYS, "%s: output too large", path);
out:
	extract_release(&a);
	buf_release(&text);
	buf_release(&in);
	return rc;
}

/* The URLs of --urls: line i says page path[i] was fetched from url[i]. */
struct url_list {
	struct buf text;	/* the file, cut into strings in place */
	char **path, **url;
	size_t n;
};

static void
url_list_release(struct url_list *l)
{
	buf_release(&l->text);
	free(l->path);
	free(l->url);
	memset(l, 0, sizeof(*l));
}

/*
 * Reads LIST: "FILE URL" lines, the URL after the last blank; empty lines
 * and lines starting with '#' are skipped.  RC_SYS when unreadable,
 * RC_USAGE naming the line that has no URL.
 */
static int
url_list_read(struct url_list *l, const char *list, struct error *err)
{
	char *line, *next, *end, *sp;
	size_t no = 0;

	buf_init(&l->text, BUF_MAX_DEFAULT);
	if (buf_read_file(&l->text, list, err) < 0)
		return -1;
	for (line = l->text.data; line && *line; line = next) {
		no++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		end = line + strlen(line);
		while (end > line && strchr(" \t\r", end[-1]))
			*--end = '\0';
		if (!*line || *line == '#')
			continue;
		sp = strrchr(line, ' ');
		if (!sp || strrchr(line, '\t') > sp)
			sp = strrchr(line, '\t');
		if (!sp || sp == line)
			return error_set(err, RC_USAGE, "%s:%zu: no URL after "
			    "the file name", list, no);
		l->path = xrealloc(l->path, (l->n + 1) * sizeof(*l->path));
		l->url = xrealloc(l->url, (l->n + 1) * sizeof(*l->url));
		l->url[l->n] = sp + 1;
		while (sp > line && strchr(" \t", sp[-1]))
			sp--;
		*sp = '\0';
		l->path[l->n++] = line;
	}
	return 0;
}

/* The URL LIST gives for path, or NULL. */
static const char *
url_of(const struct url_list *l, const char *path)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		if (strcmp(l->path[k], path) == 0)
			return l->url[k];
	return NULL;
}

/* "dir/a/b.html" -> "b": the name batch outputs are written under. */
static char *
stem(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) :
	    xstrdup(base);
}

static int
write_output(const char *dir, const char *path, enum format f,
    const struct buf *out, struct error *err)
{
	char *name = stem(path);
	char *dst = xasprintf("%s/%s.%s", dir, name, format_ext[f]);
	FILE *fp = fopen(dst, "w");
	int rc = 0;

	if (fp == NULL || fwrite(out->data, 1, out->len, fp) != out->len) {
		rc = error_set(err, RC_SYS, "%s: %s", dst, strerror(errno));
	}
	if (fp && fclose(fp) != 0 && rc == 0)
		rc = error_set(err, RC_SYS, "%s: %s", dst, strerror(errno));
	free(dst);
	free(name);
	return rc;
}

int
cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "url", required_argument, NULL, 'u' },
		{ "charset", required_argument, NULL, 'c' },
		{ "out-dir", required_argument, NULL, 'O' },
		{ "urls", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct extract_opts eo = { NULL, NULL };
	struct buf out = BUF_INIT(BUF_MAX_DEFAULT);
	struct error err = { 0 };
	const char *outdir = NULL, *urls = NULL;
	struct url_list list = { BUF_INIT(0), NULL, NULL, 0 };
	enum format f = F_TEXT;
	int c, i, rc = RC_OK, failed = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				f = F_TEXT;
			else if (strcmp(optarg, "html") == 0)
				f = F_HTML;
			else if (strcmp(optarg, "markdown") == 0 ||
			    strcmp(optarg, "md") == 0)
				f = F_MARKDOWN;
			else if (strcmp(optarg, "json") == 0)
				f = F_JSON;
			else
				return cmd_usage_error("--format: unknown "
				    "format '%s' (text, html, markdown or json)", optarg);
			break;
		case 'u': eo.url = optarg; break;
		case 'c': eo.charset = optarg; break;
		case 'O': outdir = optarg; break;
		case 'L': urls = optarg; break;
		case 'h':
			fputs(usage, stdout);
			return RC_OK;
		default:
			return cmd_bad_option(c, argv);
		}
	}
	if (outdir == NULL) {
		if (urls)
			return cmd_usage_error("extract: --urls needs "
			    "--out-dir");
		if (argc - optind > 1)
			return cmd_usage_error("extract: one FILE at a "
			    "time (use --out-dir for several)");
		if (render(optind < argc ? argv[optind] : "-", &eo, f, &out,
		    &err) < 0)
			return cmd_report(&err);
		fwrite(out.data, 1, out.len, stdout);
		buf_release(&out);
		return RC_OK;
	}
	if (optind == argc)
		return cmd_usage_error("extract: --out-dir needs FILEs");
	if (urls && eo.url)
		return cmd_usage_error("extract: --urls and --url exclude "
		    "each other");
	if ((urls && url_list_read(&list, urls, &err) < 0) ||
	    file_mkdirs(outdir, 0755, &err) < 0) {
		url_list_release(&list);
		return cmd_report(&err);
	}
	for (i = optind; i < argc; i++) {
		buf_reset(&out);
		if (urls)
			eo.url = url_of(&list, argv[i]);
		if (render(argv[i], &eo, f, &out, &err) < 0 ||
		    write_output(outdir, argv[i], f, &out, &err) < 0) {
			rc = cmd_report(&err);
			failed++;
		}
	}
	buf_release(&out);
	url_list_release(&list);
	/* Of several pages, some failing is "no", as for archive. */
	return argc - optind == 1 ? rc : failed ? RC_NO : RC_OK;
}
