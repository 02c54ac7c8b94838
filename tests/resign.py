#!/usr/bin/env python3
"""Rebuild a clipseal archive with changes and a VALID signature.

Used by the CLI tests to forge archives whose signature is good but whose
contents break a rule that only the other checks can catch (trusted comment
not matching metadata.json, article.txt not matching content_sha256, ...).
Signs with `openssl pkeyutl -rawin` (Ed25519), so it shares no code with
clipseal's signer.

usage: resign.py IN.tar.gz OUT.tar.gz SECKEY PUBKEY
                 [--set NAME=FILE]... [--drop NAME]... [--comment TEXT]
"""
import argparse
import base64
import gzip
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile


def ed25519_sign(seckey, data):
    # One-shot Ed25519 in openssl 3.0 needs a file of known size, not a pipe.
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        out = subprocess.run(
            ["openssl", "pkeyutl", "-sign", "-inkey", seckey, "-rawin",
             "-in", f.name], capture_output=True, check=True)
    assert len(out.stdout) == 64, "openssl did not return an Ed25519 signature"
    return out.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("seckey")
    ap.add_argument("pubkey")
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--drop", action="append", default=[])
    ap.add_argument("--comment")
    a = ap.parse_args()

    members = {}
    order = []
    with tarfile.open(a.src, "r:gz") as tf:
        for ti in tf.getmembers():
            top, name = ti.name.split("/", 1)
            members[name] = tf.extractfile(ti).read()
            order.append(name)
    for spec in a.set:
        name, path = spec.split("=", 1)
        with open(path, "rb") as f:
            members[name] = f.read()
        if name not in order:
            order.insert(len(order) - 2, name)
    for name in a.drop:
        members.pop(name)
        order.remove(name)

    old_sig = members["SHA256.sig"].decode().split("\n")
    comment = a.comment
    if comment is None:
        comment = old_sig[2][len("trusted comment: "):]
    manifest = "".join(
        "SHA256 (%s) = %s\n" % (n, hashlib.sha256(members[n]).hexdigest())
        for n in sorted(members) if n not in ("SHA256", "SHA256.sig"))
    members["SHA256"] = manifest.encode()

    with open(a.pubkey) as f:
        keyid = base64.b64decode(f.read().split("\n")[1])[2:10]
    sig = ed25519_sign(a.seckey, members["SHA256"])
    gsig = ed25519_sign(a.seckey, sig + comment.encode())
    members["SHA256.sig"] = (
        "untrusted comment: forged by resign.py\n"
        + base64.b64encode(b"Ed" + keyid + sig).decode() + "\n"
        + "trusted comment: " + comment + "\n"
        + base64.b64encode(gsig).decode() + "\n").encode()

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name in order:
            ti = tarfile.TarInfo(top + "/" + name)
            ti.size = len(members[name])
            ti.mode = 0o644
            tf.addfile(ti, io.BytesIO(members[name]))
    with open(a.dst, "wb") as f:
        f.write(gzip.compress(raw.getvalue(), mtime=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
