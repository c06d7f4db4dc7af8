#!/usr/bin/env python3
"""lsp-latency.py - the driver of bench/lsp-latency.sh: times esclsp (and clangd) as an editor sees them.

Talks LSP over the servers' stdio like an editor (Content-Length framing, one reader thread) and
measures, from the client's side (the time a message is written to the time the answer is
read, JSON decoding excluded):
  * didOpen -> the first publishDiagnostics for the file, on a fresh server each run;
  * hover round trips over many positions (on every fact's name, and elsewhere): p50, p99, max;
  * inlayHint for a 200-line range (the one with the most facts): p50, p99;
  * memory: VmHWM and VmRSS of the server's process from /proc after the requests;
  * the same time to first diagnostics and memory for clangd on the same file;
  * startup (spawn -> initialize answered) + first diagnostics of one small file over caches of
    growing size (the synthetic caches given), to show they do not grow with the cache.
Prints Markdown tables.  Usage: see bench/lsp-latency.sh, which prepares the inputs.
"""

import argparse
import bisect
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse


def uri_of(path):
    return "file://" + urllib.parse.quote(path)


class Server:
    """A language server as a child process; a thread unframes what it writes."""

    def __init__(self, cmd, env=None, cwd=None):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        self.started = time.perf_counter()
        self.cond = threading.Condition()
        self.inbox = []          # (time read, raw body)
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    with self.cond:
                        self.inbox.append((time.perf_counter(), None))
                        self.cond.notify_all()
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            body = out.read(length)
            with self.cond:
                self.inbox.append((time.perf_counter(), body))
                self.cond.notify_all()

    def send(self, method, params=None, request=True):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        sent = time.perf_counter()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return msg.get("id"), sent

    def wait_for(self, predicate, timeout=600):
        """(time read, message) of the first message PREDICATE accepts; the others are dropped
        (requests from the server are answered with null)."""
        deadline = time.perf_counter() + timeout
        while True:
            with self.cond:
                while not self.inbox:
                    left = deadline - time.perf_counter()
                    if left <= 0 or not self.cond.wait(left):
                        raise TimeoutError("no answer")
                when, body = self.inbox.pop(0)
            if body is None:
                raise EOFError("the server closed its output")
            msg = json.loads(body)
            if "method" in msg and "id" in msg:  # a request from the server
                reply = json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": None}).encode()
                self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(reply) + reply)
                self.proc.stdin.flush()
                continue
            if predicate(msg):
                return when, msg

    def request(self, method, params):
        rid, sent = self.send(method, params)
        when, msg = self.wait_for(lambda m: m.get("id") == rid)
        return (when - sent), msg

    def initialize(self, root, encodings=("utf-16",), options=None):
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": uri_of(root), "initializationOptions": options,
            "capabilities": {"general": {"positionEncodings": list(encodings)},
                             "textDocument": {"hover": {"contentFormat": ["markdown"]},
                                              "publishDiagnostics": {"relatedInformation": True}}},
        })
        ready = time.perf_counter()
        self.send("initialized", {}, request=False)
        return ready - self.started

    def open(self, path, text):
        uri = uri_of(path)
        _, sent = self.send("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "c", "version": 1, "text": text}}, request=False)
        when, msg = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                  and m["params"]["uri"] == uri)
        return when - sent, msg["params"]["diagnostics"]

    def memory(self):
        fields = {}
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    fields[key] = int(value.split()[0]) * 1024
        return fields

    def stop(self):
        try:
            self.request("shutdown", None)
            self.send("exit", None, request=False)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ms(seconds):
    return "%.2f ms" % (seconds * 1000)


def mb(n):
    return "%.1f MB" % (n / 1e6)


def esclsp_env(cache):
    env = dict(os.environ, ESCINFO_CACHE_DIR=cache)
    env.pop("XDG_CACHE_HOME", None)
    return env


def facts_of(cache, source):
    """The facts the cache holds for SOURCE (from its entries, read directly)."""
    facts = []
    tu_dir = os.path.join(cache, "v1", "tu")
    for name in os.listdir(tu_dir):
        with open(os.path.join(tu_dir, name), encoding="utf-8") as f:
            entry = json.load(f)
        facts += [x for x in entry["facts"] if x["file"] == source]
    return facts


def bench_esclsp(args, text, lines):
    """didOpen -> diagnostics over fresh servers; then hovers, inlay hints and memory on one."""
    opens, results = [], {}
    base_opens, base_mem, open_mem = [], [], []
    for _ in range(args.runs):  # the baseline server (an earlier build) alternating with this one
        for binary, times, mems in ((args.baseline, base_opens, base_mem), (args.esclsp, opens, open_mem)):
            if not binary:
                continue
            s = Server([binary, "--stdio"], env=esclsp_env(args.cache), cwd=os.path.dirname(args.source))
            s.initialize(os.path.dirname(args.source))
            t, diags = s.open(args.source, text)
            times.append(t)
            mems.append(s.memory())
            if binary == args.esclsp:
                results["diagnostics"] = len(diags)
            s.stop()
    results["open"] = opens
    results["open_memory"] = {k: max(m[k] for m in open_mem) for k in ("VmHWM", "VmRSS")}
    if args.baseline:
        results["open_baseline"] = base_opens
        results["memory_baseline"] = {k: max(m[k] for m in base_mem) for k in ("VmHWM", "VmRSS")}

    # the same didOpen over an empty cache: what reading the 9.5 MB message alone costs
    empty = os.path.join(os.path.dirname(args.cache), "empty-cache")
    os.makedirs(empty, exist_ok=True)
    bare, bare_mem = [], {}
    for _ in range(args.runs):
        s = Server([args.esclsp, "--stdio"], env=esclsp_env(empty), cwd=os.path.dirname(args.source))
        s.initialize(os.path.dirname(args.source))
        t, _ = s.open(args.source, text)
        bare.append(t)
        bare_mem = s.memory()
        s.stop()
    results["open_bare"], results["memory_bare"] = bare, bare_mem

    s = Server([args.esclsp, "--stdio"], env=esclsp_env(args.cache), cwd=os.path.dirname(args.source))
    s.initialize(os.path.dirname(args.source))
    s.open(args.source, text)
    uri = uri_of(args.source)
    facts = facts_of(args.cache, args.source)
    results["facts"] = len(facts)
    rng = random.Random(1)
    positions = [(f["line"] - 1, f["column"] - 1 + rng.randrange(max(1, len(f["name"])))) for f in facts]
    rng.shuffle(positions)
    positions = positions[:args.hovers // 2]
    while len(positions) < args.hovers:  # anywhere in the file: mostly no fact
        line = rng.randrange(len(lines))
        positions.append((line, rng.randrange(len(lines[line]) + 1)))
    hits, hover = 0, []
    for _ in range(2):  # warm the caches of the process first, as an editor session would
        for line, col in positions[:200]:
            s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}})
    for line, col in positions:
        t, msg = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}})
        hover.append(t)
        hits += msg.get("result") is not None
    results["hover"], results["hover_hits"] = hover, hits

    # the 200-line window with the most facts
    starts = sorted(f["line"] - 1 for f in facts)
    best, best_n = 0, 0
    for i, start in enumerate(starts):
        n = bisect.bisect_left(starts, start + 200) - i
        if n > best_n:
            best, best_n = start, n
    rng_params = {"textDocument": {"uri": uri}, "range": {"start": {"line": best, "character": 0},
                                                          "end": {"line": best + 200, "character": 0}}}
    inlay, count = [], 0
    for _ in range(args.inlay_runs):
        t, msg = s.request("textDocument/inlayHint", rng_params)
        inlay.append(t)
        count = len(msg["result"])
    results["inlay"], results["inlay_hints"], results["inlay_at"] = inlay, count, best
    results["memory"] = s.memory()
    s.stop()
    return results


def bench_object(args, text):
    """didOpen -> diagnostics when the facts come from the object compile_commands.json names (an
    empty cache), alternating with the same open over the cache entry of the same compile."""
    source = os.path.join(args.object_dir, os.path.basename(args.source))
    empty = os.path.join(args.object_dir, "empty-cache")
    os.makedirs(empty, exist_ok=True)
    times = {"object": [], "cache": []}
    diags, hwm = {}, {"object": 0, "cache": 0}
    for _ in range(args.runs):
        for kind, cache, path in (("object", empty, source), ("cache", args.cache, args.source)):
            root = os.path.dirname(path)
            s = Server([args.esclsp, "--stdio"], env=esclsp_env(cache), cwd=root)
            s.initialize(root)
            t, d = s.open(path, text)
            times[kind].append(t)
            diags[kind] = sum(1 for x in d if x.get("source") == "escinfo")
            hwm[kind] = max(hwm[kind], s.memory()["VmHWM"])
            s.stop()
    if os.listdir(empty):
        sys.exit("lsp-latency: reading the object wrote into the cache")
    return times, diags, hwm


def bench_clangd(args, text):
    opens, mem, diags = [], [], 0
    for _ in range(args.clangd_runs):
        s = Server([args.clangd, "--background-index=false", "--log=error", "-j=%d" % os.cpu_count()],
                   cwd=os.path.dirname(args.source))
        s.initialize(os.path.dirname(args.source))
        t, d = s.open(args.source, text)
        opens.append(t)
        diags = len(d)
        mem.append(s.memory())
        s.stop()
    return {"open": opens, "memory": {k: max(m[k] for m in mem) for k in ("VmHWM", "VmRSS")}, "diagnostics": diags}


def bench_startup(args):
    """spawn -> initialize answered -> didOpen -> diagnostics, for one small file, per cache."""
    rows = []
    text = open(args.small, encoding="utf-8").read()
    for cache in args.synthetic:
        tus = len(os.listdir(os.path.join(cache, "v1", "tu")))
        times, opens, polled = [], [], []
        for run in range(2 * args.startup_runs):  # alternating: inotify watches, then polling
            poll = run % 2 == 1
            s = Server([args.esclsp, "--stdio"], env=esclsp_env(cache), cwd=os.path.dirname(args.small))
            start = s.initialize(os.path.dirname(args.small),
                                 options={"escinfo": {"watchMethod": "poll"}} if poll else None)
            t, diags = s.open(args.small, text)
            if not any(d.get("source") == "escinfo" and d.get("code") != "escinfo.no-facts" for d in diags):
                sys.exit("lsp-latency: no facts for %s in %s" % (args.small, cache))
            if poll:
                polled.append(t)
            else:
                times.append(start + t)
                opens.append(t)
                mem = s.memory()
            s.stop()
        rows.append((tus, statistics.median(times), statistics.median(opens), statistics.median(polled),
                     mem["VmHWM"]))
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--esclsp", required=True)
    p.add_argument("--cache", required=True, help="cache holding the facts of --source")
    p.add_argument("--source", required=True, help="the large file (sqlite3.c), absolute")
    p.add_argument("--clangd", default="clangd", help="clangd, or '' to leave it out")
    p.add_argument("--baseline", default="", help="an earlier esclsp to time didOpen against, or ''")
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--clangd-runs", type=int, default=3)
    p.add_argument("--hovers", type=int, default=2000)
    p.add_argument("--inlay-runs", type=int, default=100)
    p.add_argument("--small", help="a small file whose facts the synthetic caches hold")
    p.add_argument("--synthetic", nargs="*", default=[], help="caches of growing size")
    p.add_argument("--startup-runs", type=int, default=10)
    p.add_argument("--object-dir", help="a copy of --source beside its object compiled with embed and "
                   "a compile_commands.json naming it")
    args = p.parse_args()

    with open(args.source, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    lines = text.split("\n")
    e = bench_esclsp(args, text, lines)
    print("### esclsp on %s (%d lines, %.1f MB; %d facts, %d diagnostics shown)\n" % (
        os.path.basename(args.source), len(lines), len(text.encode("utf-8", "surrogateescape")) / 1e6,
        e["facts"], e["diagnostics"]))
    print("| measure | result | target |")
    print("|---|---|---|")
    print("| didOpen → publishDiagnostics (median of %d fresh servers; min, max) | %s (%s, %s) | ≤ 50 ms |" % (
        args.runs, ms(statistics.median(e["open"])), ms(min(e["open"])), ms(max(e["open"]))))
    print("| … the same with no facts in the cache (the message alone) | %s (%s, %s) | |" % (
        ms(statistics.median(e["open_bare"])), ms(min(e["open_bare"])), ms(max(e["open_bare"]))))
    print("| hover round trip, %d positions (%d on a fact): p50 / p99 / max | %s / %s / %s | p99 ≤ 1 ms |" % (
        len(e["hover"]), e["hover_hits"], ms(pct(e["hover"], 50)), ms(pct(e["hover"], 99)), ms(max(e["hover"]))))
    print("| inlayHint, lines %d–%d (%d hints), %d requests: p50 / p99 | %s / %s | ≤ 2 ms |" % (
        e["inlay_at"] + 1, e["inlay_at"] + 200, e["inlay_hints"], len(e["inlay"]),
        ms(pct(e["inlay"], 50)), ms(pct(e["inlay"], 99))))
    print("| memory after the requests: VmHWM / VmRSS | %s / %s | ≤ 50 MB |" % (
        mb(e["memory"]["VmHWM"]), mb(e["memory"]["VmRSS"])))
    print("| … with no facts in the cache: VmHWM / VmRSS | %s / %s | |" % (
        mb(e["memory_bare"]["VmHWM"]), mb(e["memory_bare"]["VmRSS"])))
    if args.baseline:
        b, n = statistics.median(e["open_baseline"]), statistics.median(e["open"])
        print("\n### esclsp and an earlier build of it (%s), alternating, %d runs each\n" % (args.baseline, args.runs))
        print("| server | didOpen → publishDiagnostics (median; min, max) | VmHWM after the open |")
        print("|---|---|---|")
        print("| baseline | %s (%s, %s) | %s |" % (ms(b), ms(min(e["open_baseline"])), ms(max(e["open_baseline"])),
                                              mb(e["memory_baseline"]["VmHWM"])))
        print("| esclsp | %s (%s, %s) | %s |" % (ms(n), ms(min(e["open"])), ms(max(e["open"])),
                                            mb(e["open_memory"]["VmHWM"])))
        print("| ratio esclsp / baseline | %.3fx | %.3fx |" % (
            n / b, e["open_memory"]["VmHWM"] / e["memory_baseline"]["VmHWM"]))
    if args.object_dir:
        times, diags, hwm = bench_object(args, text)
        o, c = statistics.median(times["object"]), statistics.median(times["cache"])
        print("\n### Facts read from the object (no cache entry), alternating with the cache, %d runs each\n" % args.runs)
        print("| facts from | didOpen → publishDiagnostics (median; min, max) | diagnostics | VmHWM |")
        print("|---|---|---|---|")
        for kind, label in (("cache", "the cache entry"), ("object", "the object's .escinfo record")):
            print("| %s | %s (%s, %s) | %d | %s |" % (label, ms(statistics.median(times[kind])), ms(min(times[kind])),
                                                 ms(max(times[kind])), diags[kind], mb(hwm[kind])))
        print("| ratio object / cache | %.3fx | | %.3fx |" % (o / c, hwm["object"] / hwm["cache"]))
    if args.clangd:
        c = bench_clangd(args, text)
        print("\n### esclsp and clangd on the same file\n")
        print("| server | time to first diagnostics (median) | VmHWM | VmRSS |")
        print("|---|---|---|---|")
        print("| esclsp | %s | %s | %s |" % (ms(statistics.median(e["open"])), mb(e["memory"]["VmHWM"]), mb(e["memory"]["VmRSS"])))
        print("| clangd (%d runs, %d diagnostics) | %s | %s | %s |" % (
            args.clangd_runs, c["diagnostics"], ms(statistics.median(c["open"])), mb(c["memory"]["VmHWM"]), mb(c["memory"]["VmRSS"])))
        print("| ratio esclsp / clangd | %.4fx | %.3fx | %.3fx |" % (
            statistics.median(e["open"]) / statistics.median(c["open"]),
            e["memory"]["VmHWM"] / c["memory"]["VmHWM"], e["memory"]["VmRSS"] / c["memory"]["VmRSS"]))
    if args.synthetic:
        rows = bench_startup(args)
        print("\n### Startup and first diagnostics of %s over caches of growing size (median of %d)\n" % (
            os.path.basename(args.small), args.startup_runs))
        print("| translation units in the cache | spawn → initialize → diagnostics | of which didOpen → diagnostics | didOpen → diagnostics, cache polled (no inotify) | VmHWM |")
        print("|---|---|---|---|---|")
        for tus, total, opened, polled, hwm in rows:
            print("| %s | %s | %s | %s | %s |" % (format(tus, ","), ms(total), ms(opened), ms(polled), mb(hwm)))


if __name__ == "__main__":
    main()
