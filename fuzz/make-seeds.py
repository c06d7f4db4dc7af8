#!/usr/bin/env python3
"""make-seeds.py - writes the committed seed corpora of the fuzz targets (fuzz/corpus/*).

lsp-transport: every transcript of tests/lsp/*.test as the byte stream a client sends (framed
messages and RAW bytes, placeholders filled in for the fuzz target's document
file:///escinfo-fuzz/sample.c), sessions on an already initialized server (byte 0 odd) in each
encoding, the same cut into small pieces (byte 1), and broken streams.

object-reader: objects the real plugin writes with -fplugin-arg-escinfo-embed (examples/*.c, -O2,
paths under /escinfo-fuzz/src), an archive of two of them, a relocatable link of all, their
.escinfo sections alone, and damaged records (truncated, bad zlib, another version).

cache-reader: the entries the real plugin writes for examples/*.c and tests/lsp/src/*.c (paths
of the scratch directory replaced by /escinfo-fuzz/src), each followed by a NUL byte and the
source text (the fuzz target's document), the same with the source edited, and broken entries.

Usage: fuzz/make-seeds.py [--plugin PATH] [--gcc GCC] [--gxx G++]   (from the source tree; the
plugin defaults to $ESCINFO_PLUGIN, else build-gcc12/gccplugin/escinfo.so).  Replaces the seeds
it writes, leaves other files in the corpus directories alone.
"""

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)
DOC_DIR = "/escinfo-fuzz"
DOC_URI = "file:///escinfo-fuzz/sample.c"


def load_transcripts_module():
    spec = importlib.util.spec_from_file_location("transcripts", os.path.join(top, "tests", "lsp-transcripts.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeScratch:
    """Fills in a transcript's placeholders for the fuzz target's virtual files."""

    def __init__(self, transcripts):
        self.src = DOC_DIR
        self.tmp = DOC_DIR + "/tmp"
        self.cache = DOC_DIR + "/cache"
        self.t = transcripts

    def substitute(self, text):
        import re

        def replace(m):
            kind, arg = m.group(1), m.group(2)
            if kind == "SRC":
                return self.src
            if kind in ("CACHE", "TMP"):
                return getattr(self, kind.lower())
            if kind in ("GCC", "PLUGIN", "WRITE_ENTRY"):
                return kind.lower()
            if kind == "READ":
                return "1"
            if kind == "CAPTURED":
                return "null"
            if kind == "PATH":
                return "%s/%s" % (DOC_DIR, arg)
            if kind == "URI":
                return "file://%s/%s" % (DOC_DIR, arg)
            if kind == "TEXT":  # files a SETUP made: the source they were made from
                path = os.path.join(top, "tests", "lsp", "src", arg)
                while not os.path.exists(path) and path.count(".") > 1:
                    path = path.rsplit(".", 1)[0]
                with open(path, encoding="utf-8") as f:
                    return json.dumps(f.read())
            if kind == "LINE":
                name, _, needle = arg.partition(":")
                path = os.path.join(top, "tests", "lsp", "src", name)
                while not os.path.exists(path) and path.count(".") > 1:
                    path = path.rsplit(".", 1)[0]
                with open(path, encoding="utf-8") as f:
                    for i, line in enumerate(f):
                        if needle in line:
                            return str(i)
                return "0"
            if kind == "COMPILE":
                return "true"
            return m.group(0)
        return re.sub(r"\$\{([A-Z_]+)(?::([^}]*))?\}", replace, text)


def frame(obj_or_text):
    text = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text, separators=(",", ":"), ensure_ascii=False)
    body = text.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def write(directory, name, data):
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def transport_seeds(out):
    t = load_transcripts_module()
    scratch = FakeScratch(t)
    for name in sorted(os.listdir(os.path.join(top, "tests", "lsp"))):
        if not name.endswith(".test"):
            continue
        transcript = t.Transcript(os.path.join(top, "tests", "lsp", name))
        try:
            stream = b"".join(t.block_payload(block, scratch) for block in transcript.blocks)
        except FileNotFoundError:
            continue  # its SETUP makes the files it sends: not a stream on its own
        write(out, name, b"\x00\x00" + stream)
        if name in ("features.test", "relocation.test", "encoding-utf8.test", "errors.test"):
            write(out, name + ".chunked", b"\x00\x05" + stream)  # five bytes at a time
        if name == "features.test":
            write(out, name + ".eof", b"\x80\x00" + stream)  # stdin ends, no close

    def req(i, method, params):
        return frame({"jsonrpc": "2.0", "id": i, "method": method, "params": params})

    def note(method, params):
        return frame({"jsonrpc": "2.0", "method": method, "params": params})

    doc = {"uri": DOC_URI}
    session = b"".join([
        note("textDocument/didSave", {"textDocument": doc}),
        req(1, "textDocument/hover", {"textDocument": doc, "position": {"line": 8, "character": 8}}),
        req(2, "textDocument/hover", {"textDocument": doc, "position": {"line": 43, "character": 24}}),
        req(3, "textDocument/inlayHint", {"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 60, "character": 0}}}),
        req(4, "textDocument/codeLens", {"textDocument": doc}),
        req(5, "workspace/executeCommand", {"command": "escinfo.showFacts", "arguments": [DOC_URI, "wide"]}),
        note("textDocument/didChange", {"textDocument": {"uri": DOC_URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}}, "text": "int added;\n\n"},
            {"range": {"start": {"line": 44, "character": 5}, "end": {"line": 44, "character": 9}}, "text": "\U0001F600x"}]}),
        req(6, "textDocument/diagnostic", {"textDocument": doc}),
        req(7, "textDocument/diagnostic", {"textDocument": doc, "previousResultId": "1"}),
        note("workspace/didChangeConfiguration", {"settings": {"escinfo": {"codes": ["escape.*", "frame.*"], "severity": {"dangling": "error"}, "inlayHints": {"frames": False}}}}),
        req(8, "textDocument/hover", {"textDocument": doc, "position": {"line": 10, "character": 8}}),
        note("$/cancelRequest", {"id": 8}),
        note("textDocument/didChange", {"textDocument": {"uri": DOC_URI, "version": 3}, "contentChanges": [{"text": "int only;\n"}]}),
        req(9, "textDocument/codeLens", {"textDocument": doc}),
        note("textDocument/didClose", {"textDocument": doc}),
        req(10, "shutdown", None),
        note("exit", None),
    ])
    write(out, "session-utf16", b"\x01\x00" + session)
    write(out, "session-utf8-pull-plain", b"\x0f\x00" + session)
    write(out, "session-configuration", b"\x11\x03" + session + frame({"jsonrpc": "2.0", "id": "esclsp-1", "result": [{"showNonEscaping": True}]}))
    write(out, "initialized-only", b"\x01\x00")
    write(out, "empty", b"\x00\x00")
    broken = {
        "truncated-body": b"Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\"",
        "truncated-header": b"Content-Len",
        "bare-lf": b"Content-Length: 2\n\n{}",
        "no-length": b"X-Other: 1\r\n\r\n{}",
        "nul-bytes": b"Content-Length: 4\r\n\r\n\x00\x00\x00\x00",
        "bad-utf8": b"Content-Length: 52\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\xfe\xc0\x80itialize\"}x",
        "huge-length": b"Content-Length: 18446744073709551616\r\n\r\n",
        "long-header": b"X-" + b"a" * 9000 + b": b\r\n\r\n",
        "deep-json": frame("[" * 5000 + "]" * 5000),
        "id-object": frame('{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}'),
        "response-no-request": frame('{"jsonrpc":"2.0","id":"esclsp-99","result":null}'),
    }
    for name, data in broken.items():
        write(out, "broken-" + name, b"\x01\x00" + data)


def compile_entries(plugin, gcc, gxx, scratch):
    sources = [os.path.join(top, "examples", f) for f in sorted(os.listdir(os.path.join(top, "examples")))]
    sources += [os.path.join(top, "tests", "lsp", "src", f) for f in ("sample.c", "encoding.c", "live.c")]
    src = os.path.join(scratch, "src")
    cache = os.path.join(scratch, "cache")
    os.makedirs(src)
    entries = []
    for path in sources:
        name = os.path.basename(path)
        shutil.copy(path, os.path.join(src, name))
        compiler = gxx if name.endswith(".cc") else gcc
        subprocess.run([compiler, "-O2", "-w", "-c", "-fplugin=" + plugin, "-fplugin-arg-escinfo-cache=" + cache,
                        name, "-o", name + ".o"], cwd=src, check=True)
        entries.append(name)
    tu_dir = os.path.join(cache, "v1", "tu")
    by_main = {}
    for entry in os.listdir(tu_dir):
        with open(os.path.join(tu_dir, entry), encoding="utf-8") as f:
            text = f.read()
        main = json.loads(text)["tu"]["main"]
        by_main[os.path.basename(main)] = text.replace(scratch + "/src", DOC_DIR + "/src").replace(
            scratch, DOC_DIR).replace(os.path.realpath(plugin), DOC_DIR + "/escinfo.so")
    return by_main


def cache_seeds(out, plugin, gcc, gxx):
    scratch = tempfile.mkdtemp(prefix="escinfo-seeds.")
    try:
        entries = compile_entries(plugin, gcc, gxx, os.path.realpath(scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for name, text in sorted(entries.items()):
        source = None
        for d in ("examples", os.path.join("tests", "lsp", "src")):
            p = os.path.join(top, d, name)
            if os.path.exists(p):
                source = open(p, "rb").read()
        data = text.encode("utf-8")
        write(out, name + ".entry", data + b"\x00" + source)
        write(out, name + ".entry-edited", data + b"\x00" + b"/* one more line */\n" + source.replace(b"(", b" (", 3))
        if name == "dangling.c":
            write(out, name + ".entry-only", data)
            write(out, "broken-truncated", data[: len(data) // 2])
            doc = json.loads(text)
            doc["schema"] = 2
            write(out, "broken-schema", json.dumps(doc).encode())
            doc = json.loads(text)
            doc["facts"][0]["line"] = -1
            write(out, "broken-negative-line", json.dumps(doc).encode())
            doc = json.loads(text)
            doc["facts"][0]["column"] = 2 ** 40
            doc["facts"][-1]["flow"] = [{"file": "", "line": 4294967295, "column": 0, "message": "\u00e9\ud83d\ude00"}]
            write(out, "odd-positions", json.dumps(doc).encode() + b"\x00" + source)
            doc = json.loads(text)
            doc["facts"][0]["code"] = "escape.nope"
            write(out, "broken-code", json.dumps(doc).encode())
            doc = json.loads(text)
            doc["sources"] = [{"path": "rel/x.c", "hash": None, "size": -1}]
            doc["tu"]["main"] = "relative.c"
            write(out, "relative-paths", json.dumps(doc).encode())
    write(out, "broken-deep", b"[" * 3000)
    write(out, "broken-not-json", b"\xff\xfe not json")
    write(out, "broken-empty-object", b"{}")


def object_seeds(out, plugin, gcc):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        os.makedirs(src)
        objects = []
        for name in sorted(os.listdir(os.path.join(top, "examples"))):
            if not name.endswith(".c"):
                continue
            shutil.copy(os.path.join(top, "examples", name), src)
            obj = os.path.join(tmp, name[:-2] + ".o")
            subprocess.run([gcc, "-O2", "-w", "-c", "-fplugin=" + plugin, "-fplugin-arg-escinfo-embed",
                            "-fplugin-arg-escinfo-no-cache", "-ffile-prefix-map=%s=%s/src" % (src, DOC_DIR),
                            os.path.join(src, name), "-o", obj], check=True)
            objects.append(obj)
            write(out, name[:-2] + ".o", open(obj, "rb").read())
            section = obj + ".escinfo"
            subprocess.run(["objcopy", "--dump-section", ".escinfo=" + section, obj], check=True)
            record = open(section, "rb").read()
            write(out, name[:-2] + ".section", record)
        archive = os.path.join(tmp, "lib.a")
        subprocess.run(["ar", "rcs", archive] + objects[:2], check=True)
        write(out, "archive.a", open(archive, "rb").read())
        linked = os.path.join(tmp, "all.o")
        subprocess.run(["ld", "-r", "-o", linked] + objects, check=True)
        write(out, "relocatable.o", open(linked, "rb").read())
        write(out, "record-truncated", record[: len(record) // 2])
        write(out, "record-bad-zlib", record[:40] + b"\xff" * 16 + record[56:])
        write(out, "record-version-7", record[:8] + b"\x07\x00" + record[10:])
        write(out, "two-records", record + b"\x00\x00" + record)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plugin", default=os.environ.get("ESCINFO_PLUGIN") or os.path.join(top, "build-gcc12", "gccplugin", "escinfo.so"))
    parser.add_argument("--gcc", default=os.environ.get("ESC_GCC") or "gcc")
    parser.add_argument("--gxx", default=os.environ.get("ESC_GXX") or "g++")
    args = parser.parse_args()
    transport = os.path.join(here, "corpus", "lsp-transport")
    cache = os.path.join(here, "corpus", "cache-reader")
    os.makedirs(transport, exist_ok=True)
    os.makedirs(cache, exist_ok=True)
    transport_seeds(transport)
    if not os.path.exists(args.plugin):
        sys.exit("make-seeds: the plugin %s is not built: no cache-reader seeds" % args.plugin)
    cache_seeds(cache, args.plugin, args.gcc, args.gxx)
    objects = os.path.join(here, "corpus", "object-reader")
    os.makedirs(objects, exist_ok=True)
    object_seeds(objects, args.plugin, args.gcc)


if __name__ == "__main__":
    main()
