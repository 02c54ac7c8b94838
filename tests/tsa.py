#!/usr/bin/env python3
"""A Time Stamping Authority of our own for the tests (RFC 3161).

    python3 tests/tsa.py pki DIR
    python3 tests/tsa.py reply MODE DIR <QUERY.tsq >REPLY.tsr
    python3 tests/tsa.py query DATAFILE >QUERY.tsq

`pki` makes, with the openssl command, a root CA (DIR/ca.pem) and a TSA
certificate under it (DIR/tsa.pem: extendedKeyUsage critical timeStamping),
a second root with its own TSA (DIR/other-ca.pem, other-tsa.pem), and a
certificate under the first root without the timeStamping EKU
(DIR/noeku.pem), plus DIR/tsa.cnf for `openssl ts -reply`.  It does nothing
when DIR/tsa.cnf exists.

`reply` answers a DER TimeStampReq the way MODE says:

    good       `openssl ts -reply` by the TSA
    other      the same by the other root's TSA
    nonce      a good reply to the query with another nonce
    data       a good reply to the query with another message imprint
    truncated  a good reply without its last 64 bytes
    reject     status "rejection" (badRequest), no token
    noeku      the good reply's TSTInfo signed by DIR/noeku.pem (openssl
               cms -sign -cades), which openssl ts -reply refuses to use
    accuracy   the good reply's TSTInfo claiming an accuracy of 2^63 - 1
               seconds and 1 ms, signed by the TSA the same way

`query` prints `openssl ts -query -sha256 -cert` of DATAFILE: a request
made by the stock tool, not by clipseal.

server.py imports this module for its POST /tsa routes; the unit tests of
the sign module run it as a command.
"""

import os
import subprocess
import sys
import tempfile
import threading

TSTINFO_OID = "1.2.840.113549.1.9.16.1.4"
MODES = ("good", "other", "nonce", "data", "truncated", "reject", "noeku",
         "accuracy")

# The serial file of `openssl ts -reply` is read and rewritten per reply.
_lock = threading.Lock()

EXTENSIONS = """\
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
[ root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ tsa ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ noeku ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""

TS_SECTION = """\
[ %(name)s ]
dir = %(dir)s
serial = $dir/%(name)s.serial
crypto_device = builtin
signer_cert = $dir/%(cert)s.pem
signer_key = $dir/%(cert)s.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.55555.1
digests = sha256, sha384, sha512
accuracy = secs:1
clock_precision_digits = 0
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def openssl(*args, data=None):
    return subprocess.run(("openssl",) + args, input=data, check=True,
                          stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE).stdout


def make_pki(d):
    cnf = os.path.join(d, "tsa.cnf")
    if os.path.exists(cnf):
        return
    os.makedirs(d, exist_ok=True)
    ext = os.path.join(d, "ext.cnf")
    with open(ext, "w") as f:
        f.write(EXTENSIONS)

    def key(name):
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-out",
                os.path.join(d, name + ".key"))

    def root(name, cn):
        key(name)
        openssl("req", "-x509", "-new", "-config", ext, "-extensions",
                "root", "-key", os.path.join(d, name + ".key"), "-subj",
                "/CN=" + cn, "-days", "3650", "-sha256", "-out",
                os.path.join(d, name + ".pem"))

    def leaf(name, cn, ca, section, serial):
        key(name)
        csr = os.path.join(d, name + ".csr")
        openssl("req", "-new", "-config", ext, "-key",
                os.path.join(d, name + ".key"), "-subj", "/CN=" + cn,
                "-out", csr)
        openssl("x509", "-req", "-in", csr, "-CA",
                os.path.join(d, ca + ".pem"), "-CAkey",
                os.path.join(d, ca + ".key"), "-set_serial",
                str(abs(hash(name)) % 100000 + 2), "-days", "3650",
                "-sha256", "-extfile", ext, "-extensions", section, "-out",
                os.path.join(d, name + ".pem"))

    root("ca", "clipseal test root")
    leaf("tsa", "clipseal test TSA", "ca", "tsa", "2")
    leaf("noeku", "clipseal test signer without EKU", "ca", "noeku", "3")
    root("other-ca", "other test root")
    leaf("other-tsa", "other test TSA", "other-ca", "tsa", "2")
    text = "[ tsa ]\ndefault_tsa = good\n"
    for name, cert in (("good", "tsa"), ("other", "other-tsa")):
        text += TS_SECTION % {"name": name, "dir": d, "cert": cert}
        with open(os.path.join(d, name + ".serial"), "w") as f:
            f.write("01\n")
    with open(cnf + ".tmp", "w") as f:
        f.write(text)
    os.replace(cnf + ".tmp", cnf)


def der_read(buf, pos):
    """Returns (tag, header length, content length) of the TLV at pos."""
    tag = buf[pos]
    n = buf[pos + 1]
    if n < 0x80:
        return tag, 2, n
    k = n & 0x7f
    return tag, 2 + k, int.from_bytes(buf[pos + 2:pos + 2 + k], "big")


def der_children(buf, pos):
    """The (start, end) of each TLV inside the constructed TLV at pos."""
    tag, hl, cl = der_read(buf, pos)
    p, end, kids = pos + hl, pos + hl + cl, []
    while p < end:
        t, h, c = der_read(buf, p)
        kids.append((p, p + h + c))
        p += h + c
    return kids


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def flip_last(query, index):
    """The query with the last content byte of field index changed: the
    nonce for an INTEGER, the digest inside the messageImprint."""
    q = bytearray(query)
    start, end = der_children(q, 0)[index]
    if q[start] == 0x30:	# messageImprint: change its OCTET STRING
        start, end = der_children(q, start)[1]
    q[end - 1] ^= 0x01
    return bytes(q)


def nonce_index(query):
    for i, (start, end) in enumerate(der_children(query, 0)):
        if query[start] == 0x02 and i > 0:
            return i
    raise ValueError("query without a nonce")


def ts_reply(d, section, query):
    with tempfile.TemporaryDirectory() as tmp:
        q = os.path.join(tmp, "q.tsq")
        with open(q, "wb") as f:
            f.write(query)
        with _lock:
            return openssl("ts", "-reply", "-config",
                           os.path.join(d, "tsa.cnf"), "-section", section,
                           "-queryfile", q)


def tstinfo(reply):
    """The DER TSTInfo inside a TimeStampResp."""
    token = der_children(reply, 0)[1][0]
    signed = der_children(reply, der_children(reply, token)[1][0])[0][0]
    encap = der_children(reply, signed)[2][0]
    explicit = der_children(reply, encap)[1][0]
    octets = der_children(reply, explicit)[0]
    t, h, c = der_read(reply, octets[0])
    return reply[octets[0] + h:octets[1]]


def resigned(d, info, signer):
    """A granted TimeStampResp whose token signs info as signer does."""
    cert, key = (os.path.join(d, signer + ext) for ext in (".pem", ".key"))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "tstinfo.der")
        with open(src, "wb") as f:
            f.write(info)
        token = openssl("cms", "-sign", "-binary", "-nodetach", "-cades",
                        "-nosmimecap", "-md", "sha256", "-econtent_type",
                        TSTINFO_OID, "-signer", cert, "-inkey", key, "-in",
                        src, "-outform", "DER")
    body = b"\x30\x03\x02\x01\x00" + token
    return b"\x30" + der_len(len(body)) + body


def accuracy_reply(d, query):
    """The good TSTInfo with its Accuracy (the SEQUENCE after genTime)
    replaced by seconds 2^63 - 1, millis 1."""
    info = tstinfo(ts_reply(d, "good", query))
    kids = der_children(info, 0)
    at = [i for i, (start, _) in enumerate(kids) if info[start] == 0x18][0]
    start, end = kids[at + 1]
    accuracy = b"\x30\x0d\x02\x08\x7f" + b"\xff" * 7 + b"\x80\x01\x01"
    body = info[kids[0][0]:start] + accuracy + info[end:kids[-1][1]]
    return resigned(d, b"\x30" + der_len(len(body)) + body, "tsa")


def reply(mode, d, query):
    if mode == "good":
        return ts_reply(d, "good", query)
    if mode == "other":
        return ts_reply(d, "other", query)
    if mode == "nonce":
        return ts_reply(d, "good", flip_last(query, nonce_index(query)))
    if mode == "data":
        return ts_reply(d, "good", flip_last(query, 1))
    if mode == "truncated":
        return ts_reply(d, "good", query)[:-64]
    if mode == "reject":
        text = b"request refused by the test TSA"
        free = b"\x30" + der_len(len(text) + 2) + b"\x0c" + \
            der_len(len(text)) + text
        info = b"\x02\x01\x02" + free + b"\x03\x02\x05\x20"
        status = b"\x30" + der_len(len(info)) + info
        return b"\x30" + der_len(len(status)) + status
    if mode == "noeku":
        return resigned(d, tstinfo(ts_reply(d, "good", query)), "noeku")
    if mode == "accuracy":
        return accuracy_reply(d, query)
    raise ValueError("unknown mode %r" % mode)


def main(argv):
    if len(argv) == 3 and argv[1] == "pki":
        make_pki(os.path.abspath(argv[2]))
        return 0
    if len(argv) == 4 and argv[1] == "reply" and argv[2] in MODES:
        sys.stdout.buffer.write(reply(argv[2], os.path.abspath(argv[3]),
                                      sys.stdin.buffer.read()))
        return 0
    if len(argv) == 3 and argv[1] == "query":
        sys.stdout.buffer.write(openssl("ts", "-query", "-data", argv[2],
                                        "-sha256", "-cert"))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
