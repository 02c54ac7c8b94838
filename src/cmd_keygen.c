#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "sign.h"
#include "xalloc.h"

static const char usage[] =
	"usage: clipseal keygen [-k SECKEY] [--force]\n"
	"       clipseal keygen [-k SECKEY] --public\n"
	"\n"
	"Makes an Ed25519 key pair: the secret key SECKEY (PKCS#8 PEM, mode 0600)\n"
	"and the public key SECKEY.pub (signify/minisign format).\n"
	"\n"
	"  -k, --key SECKEY  secret key path ($CLIPSEAL_KEY, else\n"
	"                    $XDG_CONFIG_HOME/clipseal/key or ~/.config/clipseal/key)\n"
	"  -f, --force       replace an existing key\n"
	"      --public      only (re)write SECKEY.pub from an existing secret key,\n"
	"                    e.g. one made by openssl genpkey -algorithm ed25519\n"
	"  -h, --help        show this help\n";

int
cmd_keygen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "force", no_argument, NULL, 'f' },
		{ "public", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct error err = { 0 };
	struct sign_key *k = NULL;
	char id[SIGN_ID_HEX_LEN + 1];
	char *path = NULL, *pub = NULL;
	const char *keyarg = NULL;
	bool force = false, public_only = false;
	int c, rc = RC_SYS;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":k:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			keyarg = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'P':
			public_only = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return RC_OK;
		default:
			return cmd_bad_option(c, argv);
		}
	}
	if (public_only && force)
		return cmd_usage_error("keygen: --public and --force "
		    "exclude each other");
	if (optind != argc)
		return cmd_usage_error("keygen: unexpected argument '%s'",
		    argv[optind]);
	path = keyarg ? xstrdup(keyarg) : sign_default_path(&err);
	if (path == NULL) {
		rc = cmd_report(&err);
		goto out;
	}
	if (!public_only && sign_keygen(path, force, &err) < 0) {
		rc = cmd_report(&err);
		goto out;
	}
	k = sign_load_secret(path, &err);
	if (k == NULL) {
		rc = cmd_report(&err);
		goto out;
	}
	pub = xasprintf("%s.pub", path);
	if (public_only && sign_write_public(k, pub, &err) < 0) {
		rc = cmd_report(&err);
		goto out;
	}
	sign_key_id_hex(k, id);
	printf("secret key: %s\npublic key: %s\nkey id: %s\n", path, pub, id);
	rc = RC_OK;
out:
	sign_key_free(k);
	free(pub);
	free(path);
	return rc;
}
