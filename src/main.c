#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "fetch.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "archive", cmd_archive, "fetch URLs and seal each article in a signed archive" },
	{ "run", cmd_run, "archive URL lists and feeds into a store, new versions only" },
	{ "verify", cmd_verify, "prove offline that archives are intact and whose key sealed them" },
	{ "stamp", cmd_stamp, "add RFC 3161 time stamps to archives that have none" },
	{ "extract", cmd_extract, "print the cleaned article of a local HTML page" },
	{ "log", cmd_log, "list the stored versions of URLs" },
	{ "diff", cmd_diff, "show what changed between two versions of an article" },
	{ "check", cmd_check, "fetch archived URLs again and say if the article changed" },
	{ "reindex", cmd_reindex, "rebuild the store's index from its archives" },
	{ "keygen", cmd_keygen, "make an Ed25519 key pair for sealing" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *fp)
{
	size_t i;

	fputs("usage: clipseal [--help] [--version] COMMAND [ARGS]\n\n"
	    "commands:\n", fp);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-9s %s\n", commands[i].name,
		    commands[i].summary);
	fputs("\n'clipseal COMMAND --help' describes a command.\n", fp);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	size_t i;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return cmd_finish(RC_OK);
		case 'V':
			puts("clipseal " CLIPSEAL_VERSION);
			return cmd_finish(RC_OK);
		default:
			fprintf(stderr, "clipseal: bad option '%s' (see "
			    "'clipseal --help')\n", argv[optind - 1]);
			return RC_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return RC_USAGE;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			int rc = commands[i].fn(argc - optind, argv + optind);

			fetch_global_cleanup();
			return cmd_finish(rc);
		}
	}
	fprintf(stderr, "clipseal: %s: unknown command (see 'clipseal --help')\n",
	    argv[optind]);
	return RC_USAGE;
}
