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
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def load_client():
    """The LSP client of bench/lsp-latency.py (its Server class), loaded from beside this file."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsp-latency.py")
    spec = importlib.util.spec_from_file_location("lsp_latency", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CLIENT = load_client()


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
    s = CLIENT.Server([args.esclsp, "--stdio"], env=env)
    s.initialize(work, options={"workspaceTrusted": True})
    with open(path, encoding="utf-8", errors="replace") as f:
        s.open(path, f.read())
    uri = CLIENT.uri_of(path)
    _, sent = s.send("textDocument/didSave", {"textDocument": {"uri": uri}}, request=False)
    when, _ = s.wait_for(has_facts(uri))
    s.proc.kill()
    s.proc.wait()
    return when - sent


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
