#!/usr/bin/env python3
"""Rebuild a clipseal archive with changes and a VALID signature.

Used by the CLI tests to forge archives whose signature is good but whose
contents break a rule that only the other checks can catch (trusted comment
not matching metadata.json, article.txt not matching content_sha256, ...).
Signs with `openssl pkeyutl -rawin` (Ed25519), so it shares no code with
clipseal's signer.

Also stands in for an archive sealed by other extraction rules: --text
puts in another article.txt and moves content_sha256, the trusted comment's
content= and the hash in the names along with it, and --meta sets (KEY=JSON)
or removes (KEY) a field of metadata.json.  When OUT is a directory, the
archive is written there under its own name, which is printed.

usage: resign.py IN.tar.gz OUT SECKEY PUBKEY
                 [--set NAME=FILE]... [--drop NAME]... [--comment TEXT]
                 [--text FILE] [--meta KEY[=JSON]]...
                 [--manifest FILE] [--null-signature]

--manifest signs the bytes of FILE as SHA256 instead of a manifest made from
the members; --null-signature writes all-zero signatures under PUBKEY's key
id instead of signing (SECKEY is not read).
"""
import argparse
import base64
import gzip
import hashlib
import io
import json
import os
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
    ap.add_argument("--text")
    ap.add_argument("--meta", action="append", default=[])
    ap.add_argument("--manifest")
    ap.add_argument("--null-signature", action="store_true")
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
    meta = json.loads(members["metadata.json"]) if a.text or a.meta else None
    if a.text:
        with open(a.text, "rb") as f:
            members["article.txt"] = f.read()
        old = meta["content_sha256"]
        new = hashlib.sha256(members["article.txt"]).hexdigest()
        meta["content_sha256"] = new
        comment = comment.replace("content=sha256:" + old,
                                  "content=sha256:" + new)
        if top.endswith("-" + old[:12]):
            top = top[:-12] + new[:12]
    for spec in a.meta:
        key, eq, value = spec.partition("=")
        if eq:
            meta[key] = json.loads(value)
        else:
            meta.pop(key, None)
    if meta is not None:
        members["metadata.json"] = (json.dumps(
            meta, indent=2, sort_keys=True, ensure_ascii=True) + "\n").encode()
    manifest = "".join(
        "SHA256 (%s) = %s\n" % (n, hashlib.sha256(members[n]).hexdigest())
        for n in sorted(members) if n not in ("SHA256", "SHA256.sig"))
    members["SHA256"] = manifest.encode()
    if a.manifest:
        with open(a.manifest, "rb") as f:
            members["SHA256"] = f.read()

    with open(a.pubkey) as f:
        keyid = base64.b64decode(f.read().split("\n")[1])[2:10]
    if a.null_signature:
        sig = gsig = bytes(64)
    else:
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
    dst = a.dst
    if os.path.isdir(dst):
        dst = os.path.join(dst, top + ".tar.gz")
        print(dst)
    with open(dst, "wb") as f:
        f.write(gzip.compress(raw.getvalue(), mtime=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
