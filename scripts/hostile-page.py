#!/usr/bin/env python3
"""Writes a hostile HTML page of about SIZE bytes to stdout:
    hostile-page.py KIND SIZE
SIZE is bytes, or with a k or M suffix (10k, 15M).  Every page holds one
short real article first, so a clear outcome is an article (flagged
truncated when the page was cut) and never a crash.  The kinds:
    deep     SIZE bytes of <div> nesting (15M: 3 million deep) ending in text
    deeparticle  300 <div>s, then the whole article beneath them
    attr     one class attribute SIZE bytes long
    text     SIZE bytes of text in one element
    nul      text with a NUL byte every 16 bytes
    badutf8  text of invalid UTF-8 sequences
    b        <b>x</b> repeated; i: <i></i>; divp: <div><p>x</p></div>;
    li       <li>x repeated (never closed)
Used by tests/cli/test_hostile_pages.sh and scripts/bench-hostile.sh; nothing
this writes is committed.
"""
import sys

ARTICLE = (b"<h1>Harbour wall vote</h1>\n<p>The town council voted on "
           b"Tuesday to rebuild the sea wall that the winter storms broke, "
           b"after a debate that ran past midnight and drew a full hall of "
           b"residents who live along the harbour front.</p>\n<p>Work is to "
           b"start in the spring and last two years, paid for by a bond "
           b"that voters approved last autumn.</p>\n")
HEAD = b"<!DOCTYPE html><html><head><title>Harbour</title></head><body>\n"
UNITS = {"b": b"<b>x</b>", "i": b"<i></i>", "divp": b"<div><p>x</p></div>",
         "li": b"<li>x"}


def size(arg):
    mult = {"k": 1000, "K": 1000, "M": 1000000}.get(arg[-1:], 1)
    return int(arg[:-1] if mult > 1 else arg) * mult


def repeat(unit, n):
    return unit * max(1, n // len(unit))


def page(kind, n):
    art = b"<article>" + ARTICLE + b"</article>\n"
    if kind == "deep":
        return HEAD + art + repeat(b"<div>", n) + b"deep text</body></html>"
    if kind == "deeparticle":
        return HEAD + b"<div>" * 300 + art + b"</body></html>"
    if kind == "attr":
        return (HEAD + b'<div class="' + repeat(b"a ", n) + b'">' + art +
                b"</div></body></html>")
    if kind == "text":
        return (HEAD + art + b"<p>" + repeat(b"word ", n) +
                b"</p></body></html>")
    if kind == "nul":
        return (HEAD + art + b"<p>" + repeat(b"fifteen bytes..\0", n) +
                b"</p></body></html>")
    if kind == "badutf8":
        return (HEAD + art + b"<p>" + repeat(b"\xff\xc3(\xed\xa0\x80\xf4\x90a ",
                                             n) + b"</p></body></html>")
    if kind in UNITS:
        # Inside the article, where the cleaner weighs (and logs) each one.
        return (HEAD + b"<article>" + ARTICLE + repeat(UNITS[kind], n) +
                b"</article></body></html>")
    sys.exit("hostile-page.py: unknown kind '%s'" % kind)


if len(sys.argv) != 3:
    sys.exit("usage: hostile-page.py KIND SIZE")
sys.stdout.buffer.write(page(sys.argv[1], size(sys.argv[2])))
