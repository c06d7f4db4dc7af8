#!/usr/bin/env python3
"""save-latency.py - analysis on save as an editor sees it: didSave -> the new diagnostics.

For each FILE (with a compile_commands.json entry written here: `GCC -O0 -c FILE`), alternately:
  * the compile alone: the analysis-only command esclsp runs (`-S -o /dev/null` with the plugin),
    timed as a process;
  * a fresh esclsp (workspace trusted, an empty cache) with the file open, timed from writing
    didSave to reading the publishDiagnostics that carries the file's facts.
Prints the medians (min, max) and the overhead of the server: save -> diagnostics minus the
compile alone (target: at most 100 ms).

Usage: save-latency.py --esclsp ESCLSP --plugin PLUGIN --gcc GCC [--runs N] FILE...
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


class Server:
    def __init__(self, cmd, env):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env)
        self.cond = threading.Condition()
        self.inbox = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            body = out.read(length)
            with self.cond:
                self.inbox.append((time.perf_counter(), json.loads(body)))
                self.cond.notify_all()

    def send(self, msg):
        self.proc.stdin.write(frame(msg))
        self.proc.stdin.flush()

    def wait_for(self, pred, timeout=600):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for i, (t, m) in enumerate(self.inbox):
                    if pred(m):
                        del self.inbox[:i + 1]
                        return t, m
                if not self.cond.wait(max(0.0, deadline - time.time())):
                    raise TimeoutError("no answer")

    def close(self):
        try:
            self.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
            self.send({"jsonrpc": "2.0", "method": "exit"})
            self.proc.wait(10)
        except Exception:
            self.proc.kill()


def has_facts(uri):
    def pred(m):
        if m.get("method") != "textDocument/publishDiagnostics" or m["params"]["uri"] != uri:
            return False
        return any(d.get("code") not in ("escinfo.no-facts",) for d in m["params"]["diagnostics"])
    return pred


def one_save(args, path, work):
    cache = os.path.join(work, "cache")
    shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, ESCINFO_CACHE_DIR=cache, ESCINFO_PLUGIN=args.plugin)
    s = Server([args.esclsp, "--stdio"], env)
    uri = "file://" + urllib.parse.quote(path)
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": None, "capabilities": {},
        "initializationOptions": {"workspaceTrusted": True}}})
    s.wait_for(lambda m: m.get("id") == 1)
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "c", "version": 1, "text": text}}})
    s.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    t0 = time.perf_counter()
    s.send({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": uri}}})
    t1, _ = s.wait_for(has_facts(uri))
    s.close()
    return t1 - t0


def one_compile(args, path, work):
    cache = os.path.join(work, "cache-compile")
    shutil.rmtree(cache, ignore_errors=True)
    cmd = [args.gcc, "-O0", "-c", path, "-S", "-o", "/dev/null", "-fplugin=" + args.plugin,
           "-fplugin-arg-escinfo-analysis-only", "-fplugin-arg-escinfo-output=" + path + ".o",
           "-fplugin-arg-escinfo-cache=" + cache]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL, cwd=os.path.dirname(path))
    return time.perf_counter() - t0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--esclsp", required=True)
    p.add_argument("--plugin", required=True)
    p.add_argument("--gcc", default="gcc")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("files", nargs="+")
    args = p.parse_args()
    args.plugin, args.esclsp = os.path.abspath(args.plugin), os.path.abspath(args.esclsp)
    print("| file | compile alone | save -> diagnostics | server's overhead (medians) |")
    print("|---|---|---|---|")
    for f in args.files:
        work = tempfile.mkdtemp(prefix="escinfo-save-")
        try:
            path = os.path.join(work, os.path.basename(f))
            shutil.copy(f, path)
            for h in ("sqlite3.h",):
                if os.path.exists(os.path.join(os.path.dirname(f), h)):
                    shutil.copy(os.path.join(os.path.dirname(f), h), work)
            with open(os.path.join(work, "compile_commands.json"), "w") as db:
                json.dump([{"directory": work, "file": path,
                            "arguments": [args.gcc, "-O0", "-c", path]}], db)
            compiles, saves = [], []
            for _ in range(args.runs):
                compiles.append(one_compile(args, path, work))
                saves.append(one_save(args, path, work))

            def fmt(v):
                return "%.0f ms (%.0f, %.0f)" % (1000 * statistics.median(v), 1000 * min(v), 1000 * max(v))
            print("| %s | %s | %s | %+.0f ms |" % (os.path.basename(f), fmt(compiles), fmt(saves),
                                                   1000 * (statistics.median(saves) - statistics.median(compiles))))
            sys.stdout.flush()
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
