#!/usr/bin/env python3
"""Make a flawed copy of a good clipseal archive, for the tests.

usage: tamper.py KIND IN.tar.gz OUT.tar.gz [ARG...]

IN must be an archive written by seal_write: one top directory holding
regular files.  OUT gets exactly one flaw of the given KIND; member order and
metadata are otherwise kept.  Tar-level kinds rewrite the tar with tarfile
and gzip it with mtime 0; byte-level kinds work on the raw .tar.gz.

Kinds:
  flip MEMBER         flip one byte in the middle of MEMBER's data
  drop MEMBER         remove MEMBER
  add NAME [FILE]     add a regular member top/NAME (the bytes of FILE)
  dup MEMBER          add a second entry called top/MEMBER
  replace MEMBER FILE replace MEMBER's data with the bytes of FILE
  abs                 add a member with an absolute path
  dotdot              add a member "top/../evil"
  symlink             add a symlink top/link -> /etc/passwd
  hardlink            add a hard link top/hard to the first member
  device              add a character device top/null
  dir                 add a directory entry top/sub/
  type CHAR           add an entry top/odd with tar typeflag CHAR and five
                      bytes of data (fifo 6, contiguous 7, pax global g, ...)
  second-top          add a member under another top directory
  nested              add a regular member top/sub/file (no dir entry)
  bare                add a regular member with no top directory
  many                add members until there are 65
  empty               an archive with no members at all
  big MEMBER [SIZE]   declare MEMBER SIZE bytes long (default 64 MiB + 1)
                      with no data after it
  bomb MEMBER SIZE    MEMBER becomes SIZE zero bytes, within one gzip stream
                      that is made without compressing them
  zeros SIZE          SIZE zero bytes after the tar's end, in the same gzip
                      stream, made without compressing them
  zero-stream SIZE    no tar at all: one gzip stream of SIZE zero bytes
  tiny N              add N one-byte members top/tNNNNNN
  trailing-tar [OFF]  non-zero bytes OFF (default 1024) bytes after the
                      start of the tar end-of-archive marker
  truncate            cut the .tar.gz in half
  corrupt-gzip        flip a byte in the middle of the deflate data
  second-gzip         append a second gzip stream
  trailing-garbage    append raw bytes after the gzip stream
"""

import copy
import ctypes
import gzip
import io
import struct
import sys
import tarfile
import zlib

MAX_MEMBER = 64 << 20
MAX_MEMBERS = 64
GZIP_HEADER = 10
GZIP_TRAILER = 8
KINDS = ("flip", "drop", "add", "dup", "replace", "abs", "dotdot", "symlink",
         "hardlink", "device", "dir", "type", "second-top", "nested", "bare",
         "many", "empty", "big", "bomb", "zeros", "zero-stream", "tiny", "trailing-tar",
         "truncate", "corrupt-gzip", "second-gzip", "trailing-garbage")


def die(msg):
    sys.stderr.write("tamper.py: %s\n" % msg)
    sys.exit(2)


def load(path):
    """Returns (top, [(TarInfo, bytes)]) of the archive at path."""
    with open(path, "rb") as f:
        raw = gzip.decompress(f.read())
    entries = []
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tf:
        for info in tf.getmembers():
            data = tf.extractfile(info).read() if info.isreg() else b""
            entries.append((info, data))
    if not entries:
        die("no members in input")
    return entries[0][0].name.split("/", 1)[0], entries


def regular(name, data, like=None):
    info = copy.copy(like) if like is not None else tarfile.TarInfo()
    info.pax_headers = {}
    info.name = name
    info.type = tarfile.REGTYPE
    info.size = len(data)
    info.linkname = ""
    if like is None:
        info.mode = 0o644
        info.mtime = 0
        info.uid = info.gid = 0
        info.uname = info.gname = ""
    return info


def special(like, name, kind, linkname=""):
    info = copy.copy(like)
    info.pax_headers = {}
    info.name = name
    info.type = kind
    info.size = 0
    info.linkname = linkname
    if kind == tarfile.CHRTYPE:
        info.devmajor, info.devminor = 1, 3
    if kind == tarfile.DIRTYPE:
        info.mode = 0o755
    return info


def build_tar(entries, raw_headers=None):
    """Returns (tar bytes, offset of the end-of-archive marker).

    raw_headers maps an entry index to header bytes written in its place,
    with no data after them.
    """
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:", format=tarfile.PAX_FORMAT,
                      encoding="utf-8") as tf:
        for i, (info, data) in enumerate(entries):
            if raw_headers and i in raw_headers:
                tf.fileobj.write(raw_headers[i])
                tf.offset += len(raw_headers[i])
                continue
            tf.addfile(info, io.BytesIO(data) if info.isreg() else None)
        end = tf.offset
    return out.getvalue(), end


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def gz_parts(parts):
    """Gzips a list of bytes and ints (an int n stands for n zero bytes).

    A run of zeros is compressed once as 1 MiB after a full flush, whose
    output is the same wherever it falls, and that output is repeated: the
    stream inflates to gigabytes in a fraction of a second to make.
    """
    libz = ctypes.CDLL("libz.so.1")
    libz.crc32_combine64.restype = ctypes.c_ulong
    libz.crc32_combine64.argtypes = [ctypes.c_ulong] * 2 + [ctypes.c_int64]
    mib = 1 << 20
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03"]
    crc, size = 0, 0
    zero_crc = zlib.crc32(bytes(mib))
    for part in parts:
        if isinstance(part, bytes):
            out.append(c.compress(part))
            crc = zlib.crc32(part, crc)
            size += len(part)
            continue
        out.append(c.flush(zlib.Z_FULL_FLUSH))
        block = c.compress(bytes(mib)) + c.flush(zlib.Z_FULL_FLUSH)
        again = c.compress(bytes(mib)) + c.flush(zlib.Z_FULL_FLUSH)
        if block != again:
            die("zlib output after a full flush is not repeatable")
        whole, rest = divmod(part, mib)
        out.append(block * whole)
        for _ in range(whole):
            crc = libz.crc32_combine64(crc, zero_crc, mib)
        size += whole * mib
        if rest:
            out.append(c.compress(bytes(rest)))
            crc = zlib.crc32(bytes(rest), crc)
            size += rest
    out.append(c.flush())
    out.append(struct.pack("<II", crc & 0xffffffff, size & 0xffffffff))
    return b"".join(out)


def find(entries, top, member):
    for i, (info, _) in enumerate(entries):
        if info.name == top + "/" + member:
            return i
    die("no member '%s'" % member)


def tar_kind(kind, args, top, entries):
    first = entries[0][0]
    raw = None
    if kind == "flip":
        i = find(entries, top, args[0])
        data = bytearray(entries[i][1])
        if not data:
            die("member '%s' is empty" % args[0])
        data[len(data) // 2] ^= 0x01
        entries[i] = (entries[i][0], bytes(data))
    elif kind == "drop":
        del entries[find(entries, top, args[0])]
    elif kind == "add":
        data = b"added by tamper.py\n"
        if len(args) > 1:
            with open(args[1], "rb") as f:
                data = f.read()
        entries.append((regular(top + "/" + args[0], data, first), data))
    elif kind == "dup":
        info, data = entries[find(entries, top, args[0])]
        entries.append((copy.copy(info), data))
    elif kind == "replace":
        i = find(entries, top, args[0])
        with open(args[1], "rb") as f:
            data = f.read()
        entries[i] = (regular(entries[i][0].name, data, entries[i][0]), data)
    elif kind == "abs":
        data = b"evil\n"
        entries.append((regular("/tmp/evil", data, first), data))
    elif kind == "dotdot":
        data = b"evil\n"
        entries.append((regular(top + "/../evil", data, first), data))
    elif kind == "symlink":
        entries.append((special(first, top + "/link", tarfile.SYMTYPE,
                                "/etc/passwd"), b""))
    elif kind == "hardlink":
        entries.append((special(first, top + "/hard", tarfile.LNKTYPE,
                                first.name), b""))
    elif kind == "device":
        entries.append((special(first, top + "/null", tarfile.CHRTYPE),
                        b""))
    elif kind == "dir":
        entries.append((special(first, top + "/sub/", tarfile.DIRTYPE),
                        b""))
    elif kind == "type":
        info = special(first, top + "/odd", args[0].encode())
        info.size = 5
        raw = {len(entries): info.tobuf(tarfile.USTAR_FORMAT, "utf-8",
                                        "surrogateescape")
               + b"data\n" + bytes(507)}
        entries.append((info, b""))
    elif kind == "tiny":
        for k in range(int(args[0])):
            entries.append((regular("%s/t%06d" % (top, k), b"x", first),
                            b"x"))
    elif kind == "second-top":
        data = b"elsewhere\n"
        entries.append((regular("other/x", data, first), data))
    elif kind == "nested":
        data = b"nested\n"
        entries.append((regular(top + "/sub/file", data, first), data))
    elif kind == "bare":
        data = b"bare\n"
        entries.append((regular("bare", data, first), data))
    elif kind == "many":
        for k in range(MAX_MEMBERS + 1 - len(entries)):
            data = b"%d\n" % k
            entries.append((regular("%s/extra%02d" % (top, k), data, first),
                            data))
    elif kind == "empty":
        entries = []
    elif kind == "big":
        i = find(entries, top, args[0])
        info = copy.copy(entries[i][0])
        info.size = int(args[1]) if len(args) > 1 else MAX_MEMBER + 1
        raw = {i: info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")}
        entries = entries[:i + 1]
    else:
        return None
    return build_tar(entries, raw)


def main(argv):
    nargs = {"flip": 1, "drop": 1, "add": (1, 2), "dup": 1, "replace": 2,
             "type": 1, "big": (1, 2), "bomb": 2, "zeros": 1,
             "zero-stream": 1, "tiny": 1, "trailing-tar": (0, 1)}
    byte_kinds = ("truncate", "corrupt-gzip", "second-gzip",
                  "trailing-garbage")
    if len(argv) < 4:
        die("usage: tamper.py KIND IN.tar.gz OUT.tar.gz [ARG...]")
    kind, src, dst, args = argv[1], argv[2], argv[3], argv[4:]
    if kind not in KINDS:
        die("unknown kind '%s'" % kind)
    want = nargs.get(kind, 0)
    lo, hi = want if isinstance(want, tuple) else (want, want)
    if not lo <= len(args) <= hi:
        die("%s: wrong number of arguments" % kind)

    if kind in byte_kinds:
        with open(src, "rb") as f:
            data = bytearray(f.read())
        if kind == "truncate":
            data = data[:len(data) // 2]
        elif kind == "corrupt-gzip":
            body = len(data) - GZIP_HEADER - GZIP_TRAILER
            if body <= 0:
                die("input too short")
            data[GZIP_HEADER + body // 2] ^= 0xff
        elif kind == "second-gzip":
            data += gz(b"a second gzip stream\n")
        else:
            data += b"trailing garbage\n"
        out = bytes(data)
    elif kind == "bomb":
        top, entries = load(src)
        i = find(entries, top, args[0])
        info = copy.copy(entries[i][0])
        info.size = int(args[1])
        head, end = build_tar(entries[:i])
        rest, _ = build_tar(entries[i + 1:])
        out = gz_parts([head[:end] + info.tobuf(tarfile.PAX_FORMAT, "utf-8",
                                                "surrogateescape"),
                        info.size, bytes(-info.size % 512) + rest])
    elif kind == "zero-stream":
        out = gz_parts([int(args[0])])
    elif kind == "zeros":
        top, entries = load(src)
        tar, _ = build_tar(entries)
        out = gz_parts([tar, int(args[0])])
    elif kind == "trailing-tar":
        top, entries = load(src)
        tar, end = build_tar(entries)
        off = end + (int(args[0]) if args else 1024)
        tar = bytearray(tar)
        if off >= len(tar):
            tar += bytes(off - len(tar) + 512)
        junk = b"garbage"[:len(tar) - off]
        tar[off:off + len(junk)] = junk
        out = gz(bytes(tar))
    else:
        top, entries = load(src)
        built = tar_kind(kind, args, top, entries)
        if built is None:
            die("unknown kind '%s'" % kind)
        out = gz(built[0])

    with open(dst, "wb") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
