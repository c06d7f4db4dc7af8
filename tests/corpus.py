#!/usr/bin/env python3
"""corpus.py - checks the escinfo plugin against the annotated corpus (tests/corpus), emitting TAP.

Every file in tests/corpus (*.c as gnu11, *.cc as gnu++17) is compiled at -O0 and at -O2 with the
plugin, each level with its own cache; the facts are read back with `escinfo show --json` and
compared with the annotations in the file.  The annotation syntax is described in
docs/codes.md#annotated-corpus; in short, on the line where the fact is located:

    /* { escinfo CODE "NAME" [dangling] [xfail "REASON"] } */     (or // { ... })
    /* { escinfo-flow "NAME" "SUBSTRING" } */
    /* { escinfo-route "NAME" CODE [dangling] } */
    /* { escinfo-options "EXTRA COMPILER OPTIONS" } */             (anywhere in the file)

TAP tests, per file:
  * "FILE: -On compiles", per level: the compile (with the plugin) succeeded; GCC's stderr is
    given as diagnostics otherwise (a crash of the plugin is a failed compile).
  * one per annotation per level: a fact with that code and name exists on that line, and its
    dangling flag is exactly the annotated one.  With xfail, the annotation names the ideal
    verdict the analysis is known not to reach, and the test is a TAP TODO test checking for that
    ideal: another verdict for that name on that line, or no fact at all, is "not ok ... # TODO"
    (automake's tap-driver.sh counts it as XFAIL); the ideal verdict showing up is "ok ... # TODO"
    (XPASS, which automake counts as a failure, so that someone removes the xfail).
  * one per escinfo-flow per level: some fact of NAME on that line has SUBSTRING in its message
    or in one of its flow steps' messages.
  * one per escinfo-route per level: some fact of NAME on that line lists, besides the route its
    code names, a route with CODE whose dangling flag is exactly the annotated one, with a flow.
  * one per unexpected fact per level (always "not ok"): a fact that no annotation accounts for.
  * "FILE: verdicts agree at -O0 and -O2": the sets of (line, name, code) are equal.
  * "FILE: -On facts read by escinfo show" only when reading the facts failed.
and, last, "no unsound verdict (N)": N counts the annotations (xfail or not) for which the plugin
made a promise in the dangerous direction: noescape, noleak or alloc.stack-candidate for a subject
annotated with an escape or a leak, or dangling false for one annotated dangling.  Each is also
marked UNSOUND in its own test's diagnostics.  An unsound verdict is a bug, never an xfail.

Facts that are never checked: frame.size (it depends on -O by nature); facts whose name starts
with "__" (compiler-generated, e.g. a lambda's __closure); facts named "this" inside a lambda
(a function whose printable name contains "<lambda").  Everything else the plugin reports for
the file must be annotated, so a missing subject and an extra one both fail.

An annotation accounts for every fact with its line, name and code (template instantiations and
constructor clones report the same fact more than once).  A wrong verdict (another code of the
same kind for that name on that line: escape.*/noescape/alloc.stack-candidate for locals and
allocations, leak.*/noleak for parameters) fails the annotation's test and is not reported again
as unexpected; a second verdict next to the right one is.  An xfail annotation accounts for every
verdict of its kind for its name on its line.

Environment: ESCINFO_PLUGIN (escinfo.so; when it does not exist the whole run is skipped),
ESCINFO_CLI (the escinfo program), ESC_GCC and ESC_GXX (C and C++ compilers, default gcc and
g++), ESCINFO_SRCDIR (source tree; the corpus is $ESCINFO_SRCDIR/tests/corpus).

Usage: corpus.py [-k SUBSTRING] [-v] [-j N] [--keep] [FILES...]
  -k SUBSTRING  only the tests whose description contains SUBSTRING (e.g. -k alloc.c)
  -v            diagnostics for passing tests too (the matching fact's message and flow)
  -j N          files compiled in parallel (default 2)
  --keep        keep the temporary directory (compiles, caches) and say where it is
Exit status: 0 when the TAP stream is complete (failures are "not ok" lines), 99 on an internal
error (after "Bail out!").
"""

import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback

# The fact codes, as in common/fact.h and docs/codes.md.
CODES = (
    "escape.return", "escape.global", "escape.store", "escape.call", "escape.asm",
    "escape.closure", "escape.unknown", "noescape",
    "leak.return", "leak.global", "leak.store", "leak.call", "leak.unknown", "noleak",
    "alloc.stack-candidate", "frame.size", "frame.dynamic", "frame.large-local",
)
LEVELS = ("0", "2")
COMPILE_TIMEOUT = 600
CLI_TIMEOUT = 120

ANY_ANNOT_RE = re.compile(r'\{\s*escinfo(?:-[A-Za-z]+)?\s[^{}]*\}')
ANNOT_RE = re.compile(r'\{\s*escinfo\s+(?P<code>[A-Za-z][A-Za-z.\-]*)\s+"(?P<name>[^"]*)"'
                      r'(?P<rest>(?:\s+(?:dangling|xfail\s+"[^"]*"))*)\s*\}')
REST_RE = re.compile(r'\s+(dangling|xfail\s+"([^"]*)")')
FLOW_RE = re.compile(r'\{\s*escinfo-flow\s+"(?P<name>[^"]*)"\s+"(?P<text>[^"]*)"\s*\}')
ROUTE_RE = re.compile(r'\{\s*escinfo-route\s+"(?P<name>[^"]*)"\s+(?P<code>[a-z.-]+)(?P<dangling>\s+dangling)?\s*\}')
OPTIONS_RE = re.compile(r'\{\s*escinfo-options\s+"(?P<opts>[^"]*)"\s*\}')


class Annotation:
    """One `{ escinfo CODE "NAME" ... }` expectation."""

    def __init__(self, line, code, name, dangling, xfail):
        self.line = line
        self.code = code
        self.name = name
        self.dangling = dangling
        self.xfail = xfail  # the reason, or None

    def describe(self):
        text = "%s '%s'" % (self.code, self.name)
        if self.dangling:
            text += " dangling"
        return text


class Flow:
    """One `{ escinfo-flow "NAME" "SUBSTRING" }` expectation."""

    def __init__(self, line, name, text):
        self.line = line
        self.name = name
        self.text = text


class Route:
    """One `{ escinfo-route "NAME" CODE [dangling] }` expectation."""

    def __init__(self, line, name, code, dangling):
        self.line = line
        self.name = name
        self.code = code
        self.dangling = dangling

    def describe(self):
        return "'%s' also %s%s" % (self.name, self.code, " dangling" if self.dangling else "")


class CorpusFile:
    """A corpus file and what its annotations expect."""

    def __init__(self, path):
        self.path = path
        self.base = os.path.basename(path)
        self.annotations = []
        self.flows = []
        self.routes = []
        self.options = []
        self.syntax_errors = []  # (line, text, why)
        with open(path, encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                self._parse_line(lineno, line)

    def _parse_line(self, lineno, line):
        for m in ANY_ANNOT_RE.finditer(line):
            text = m.group(0)
            a = ANNOT_RE.fullmatch(text)
            fl = FLOW_RE.fullmatch(text)
            op = OPTIONS_RE.fullmatch(text)
            rt = ROUTE_RE.fullmatch(text)
            if a:
                code = a.group("code")
                if code not in CODES:
                    self.syntax_errors.append((lineno, text, "unknown code '%s'" % code))
                    continue
                if code == "frame.size":
                    self.syntax_errors.append((lineno, text, "frame.size is never annotated"))
                    continue
                dangling, xfail = False, None
                for r in REST_RE.finditer(a.group("rest")):
                    if r.group(1) == "dangling":
                        dangling = True
                    else:
                        xfail = r.group(2)
                self.annotations.append(Annotation(lineno, code, a.group("name"), dangling, xfail))
            elif fl:
                self.flows.append(Flow(lineno, fl.group("name"), fl.group("text")))
            elif rt:
                if not rt.group("code").startswith(("escape.", "leak.")):
                    self.syntax_errors.append((lineno, text, "a route has an escape.* or leak.* code"))
                    continue
                self.routes.append(Route(lineno, rt.group("name"), rt.group("code"), bool(rt.group("dangling"))))
            elif op:
                self.options.extend(shlex.split(op.group("opts")))
            else:
                self.syntax_errors.append((lineno, text, "not an escinfo annotation"))

    def is_cxx(self):
        return self.path.endswith((".cc", ".cpp", ".cxx", ".C"))


def family(code):
    """Codes that compete for one subject: a local's or an allocation's verdict, a parameter's
    verdict, and each frame fact on its own."""
    if code.startswith("leak.") or code == "noleak":
        return "leak"
    if code.startswith("frame."):
        return code
    return "escape"


PROMISES = ("noescape", "noleak", "alloc.stack-candidate")


def unsound(annotation, reported):
    """Is REPORTED (a fact, or None) a promise the annotation says is wrong in the dangerous
    direction: no escape, no leak or a stack candidate for a subject that escapes, or not dangling
    for one that dangles?  A missing fact is not a promise."""
    if reported is None or annotation.code in PROMISES:
        return False
    if reported.get("code") in PROMISES:
        return True
    return annotation.dangling and not reported.get("dangling")


def ignored(fact):
    if fact.get("code") == "frame.size":
        return True
    name = fact.get("name") or ""
    if name.startswith("__"):
        return True
    if name == "this" and "<lambda" in (fact.get("function") or ""):
        return True
    return False


class Level:
    """What one compile (one -O level) of one file produced."""

    def __init__(self, level):
        self.level = level
        self.compiled = False
        self.compile_diag = []
        self.compile_output = ""
        self.read_error = None  # diagnostics lines when the facts could not be read
        self.facts = []  # checked facts of this file (ignored ones dropped)
        self.commands = []


def diag_lines(text, limit=60):
    lines = text.rstrip("\n").split("\n") if text else []
    if len(lines) > limit:
        lines = ["... (%d lines cut)" % (len(lines) - limit)] + lines[-limit:]
    return lines


def same_file(a, b):
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (TypeError, ValueError):
        return False


def run_level(cfg, cf, level, workdir):
    """Compiles CF at -O<LEVEL> with the plugin and reads its facts back.  Never raises for a
    failure of the compiler or the CLI: those are recorded in the returned Level."""
    res = Level(level)
    cache = os.path.join(workdir, "cache-O" + level)
    os.makedirs(cache, exist_ok=True)
    obj = os.path.join(workdir, "x-O%s.o" % level)
    if cf.is_cxx():
        cmd = shlex.split(cfg.gxx) + ["-std=gnu++17"]
    else:
        cmd = shlex.split(cfg.gcc) + ["-std=gnu11"]
    cmd += ["-c", "-O" + level, "-fplugin=" + cfg.plugin,
            "-fplugin-arg-escinfo-cache=" + cache, cf.path, "-o", obj] + cf.options
    env = dict(os.environ, ESCINFO_CACHE_DIR=cache, LC_ALL="C")
    res.commands.append(cmd)
    try:
        p = subprocess.run(cmd, cwd=workdir, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=COMPILE_TIMEOUT)
        out = p.stdout.decode("utf-8", "replace")
        if p.returncode != 0:
            res.compile_diag = ["exit status %d: %s" % (p.returncode, " ".join(map(shlex.quote, cmd)))]
            res.compile_diag += diag_lines(out)
            return res
        if "internal compiler error" in out:
            res.compile_diag = ["internal compiler error: " + " ".join(map(shlex.quote, cmd))]
            res.compile_diag += diag_lines(out)
            return res
    except subprocess.TimeoutExpired:
        res.compile_diag = ["timed out after %ds: %s" % (COMPILE_TIMEOUT, " ".join(map(shlex.quote, cmd)))]
        return res
    except OSError as e:
        res.compile_diag = ["cannot run %s: %s" % (cmd[0], e)]
        return res
    res.compiled = True
    res.compile_output = out

    show = shlex.split(cfg.cli) + ["show", "--json", "--cache=" + cache, cf.path]
    res.commands.append(show)
    try:
        p = subprocess.run(show, cwd=workdir, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=CLI_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as e:
        res.read_error = ["cannot run %s: %s" % (" ".join(map(shlex.quote, show)), e)]
        return res
    if p.returncode != 0:
        res.read_error = ["exit status %d: %s" % (p.returncode, " ".join(map(shlex.quote, show)))]
        res.read_error += diag_lines(p.stderr.decode("utf-8", "replace"))
        if res.compile_output:
            res.read_error += ["the compiler said:"] + diag_lines(res.compile_output, 20)
        return res
    try:
        doc = json.loads(p.stdout.decode("utf-8", "replace"))
        entries = doc["files"]
        facts = []
        for entry in entries:
            for fact in entry.get("facts", []):
                fact = dict(fact)
                fact.setdefault("file", entry.get("path"))
                facts.append(fact)
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        res.read_error = ["unexpected output of %s: %s" % (" ".join(map(shlex.quote, show)), e)]
        res.read_error += diag_lines(p.stdout.decode("utf-8", "replace"), 20)
        return res
    for fact in facts:
        fact["code"] = str(fact.get("code") or "")
        fact["name"] = str(fact.get("name") or "")
        if ignored(fact):
            continue
        try:
            fact["line"] = int(fact.get("line") or 0)
        except (TypeError, ValueError):
            fact["line"] = 0
        where = fact.get("file")
        fact["elsewhere"] = bool(where) and not same_file(os.path.join(workdir, where), cf.path)
        res.facts.append(fact)
    return res


def describe_fact(fact):
    text = "%s '%s'" % (fact.get("code"), fact.get("name"))
    if fact.get("dangling"):
        text += " dangling"
    where = "%s:%s" % (os.path.basename(fact.get("file") or "?"), fact.get("line"))
    if fact.get("function"):
        where += " in %s" % fact.get("function")
    return "%s at %s" % (text, where)


def fact_detail(fact):
    lines = ["%s: %s" % (describe_fact(fact), fact.get("message") or "")]
    for step in fact.get("flow") or []:
        lines.append("    %s:%s: %s" % (os.path.basename(step.get("file") or "?"), step.get("line"),
                                        step.get("message")))
    for route in fact.get("routes") or []:
        lines.append("  also %s%s: %s" % (route.get("code"), " dangling" if route.get("dangling") else "",
                                          route.get("message") or ""))
        for step in route.get("flow") or []:
            lines.append("    %s:%s: %s" % (os.path.basename(step.get("file") or "?"), step.get("line"),
                                            step.get("message")))
    return lines


class Test:
    def __init__(self, ok, desc, diag=None, directive=None, unsound=False):
        self.ok = ok
        self.desc = desc
        self.diag = diag or []
        self.directive = directive  # "TODO reason" or "SKIP reason"
        self.unsound = unsound      # the verdict reported is an unsound promise


def check_level(cf, res, verbose):
    """The annotation, flow and unexpected-fact tests of one level."""
    tests = []
    lvl = "-O" + res.level
    if not res.compiled or res.read_error is not None:
        why = "did not compile" if not res.compiled else "facts not read"
        for a in cf.annotations:
            tests.append(Test(True, "%s:%d: %s %s" % (cf.base, a.line, lvl, a.describe()),
                              directive="SKIP " + why))
        for f in cf.flows:
            tests.append(Test(True, "%s:%d: %s flow of '%s' mentions %s" % (cf.base, f.line, lvl, f.name, f.text),
                              directive="SKIP " + why))
        for r in cf.routes:
            tests.append(Test(True, "%s:%d: %s %s" % (cf.base, r.line, lvl, r.describe()),
                              directive="SKIP " + why))
        return tests

    facts = [f for f in res.facts if not f["elsewhere"]]
    claimed = set()

    def at(line, name):
        return [i for i, f in enumerate(facts) if f["line"] == line and f.get("name") == name]

    def nearby(a, rivals):
        """What was reported instead, or for this name elsewhere, to explain a failure."""
        out = ["reported instead: " + describe_fact(facts[i]) for i in rivals]
        if not rivals:
            others = [f for f in facts if f.get("name") == a.name and f["line"] != a.line
                      and family(f.get("code", "")) == family(a.code)]
            out += ["same name on another line: " + describe_fact(f) for f in others[:5]]
            on_line = [f for f in facts if f["line"] == a.line and f.get("name") != a.name]
            out += ["other fact on this line: " + describe_fact(f) for f in on_line[:5]]
        if not out:
            out.append("no fact with this name, nothing on this line")
        return out

    # The codes annotated (without xfail) for each (line, name, family): a fact with one of those
    # codes belongs to that annotation; another verdict of the same family is a wrong verdict.
    wanted = {}
    for a in cf.annotations:
        if a.xfail is None:
            wanted.setdefault((a.line, a.name, family(a.code)), set()).add(a.code)

    results = {}
    for n, a in enumerate(cf.annotations):
        desc = "%s:%d: %s %s" % (cf.base, a.line, lvl, a.describe())
        group = [i for i in at(a.line, a.name) if family(facts[i].get("code", "")) == family(a.code)]
        exact = [i for i in group if facts[i].get("code") == a.code]
        codes = wanted.get((a.line, a.name, family(a.code)), set())
        rivals = [i for i in group if facts[i].get("code") not in codes and facts[i].get("code") != a.code]
        if a.xfail is None:
            claimed.update(exact)
            if not exact:
                # A wrong verdict is this test's failure, not an extra unexpected fact.
                claimed.update(rivals)
                bad = any(unsound(a, facts[i]) for i in rivals)
                results[n] = Test(False, desc, ["expected %s on line %d" % (a.describe(), a.line)]
                                  + (["UNSOUND: " + ("a promise for a subject that escapes"
                                                     if any(facts[i].get("code") in PROMISES for i in rivals)
                                                     else "the dangling warning is lost")] if bad else [])
                                  + nearby(a, rivals), unsound=bad)
                continue
            wrong = [i for i in exact if bool(facts[i].get("dangling")) != a.dangling]
            if wrong:
                bad = unsound(a, facts[wrong[0]])
                diag = ["dangling is %s, expected %s" % (str(bool(facts[wrong[0]].get("dangling"))).lower(),
                                                         str(a.dangling).lower())]
                results[n] = Test(False, desc, diag + (["UNSOUND: the dangling warning is lost"] if bad else [])
                                  + fact_detail(facts[wrong[0]]), unsound=bad)
                continue
            results[n] = Test(True, desc, fact_detail(facts[exact[0]]) if verbose else [])
        else:
            ideal = [i for i in exact if bool(facts[i].get("dangling")) == a.dangling]
            claimed.update(exact)
            claimed.update(rivals)
            # A TODO test of the ideal verdict: "not ok # TODO" is XFAIL, "ok # TODO" is XPASS.
            if ideal:
                results[n] = Test(True, desc, ["XPASS: the ideal verdict is reported, remove the xfail"]
                                  + fact_detail(facts[ideal[0]]), directive="TODO " + a.xfail)
            else:
                # An xfail is for imprecision only: an unsound verdict under one still counts.
                bad = any(unsound(a, facts[i]) for i in exact + rivals)
                diag = ["reported instead: " + describe_fact(facts[i]) for i in exact + rivals]
                results[n] = Test(False, desc, ((diag or ["no fact reported"]) if verbose or bad else [])
                                  + (["UNSOUND verdict under an xfail: xfails are for imprecision only"]
                                     if bad else []),
                                  directive="TODO " + a.xfail, unsound=bad)
    tests.extend(results[n] for n in range(len(cf.annotations)))

    def fact_test(desc, line, name, matches):
        """A test that some fact of NAME on LINE (not a frame fact) satisfies MATCHES."""
        cands = [facts[i] for i in at(line, name) if not facts[i].get("code", "").startswith("frame.")]
        ok = any(matches(f) for f in cands)
        diag = []
        if not ok or verbose:
            for f in cands:
                diag += fact_detail(f)
            if not cands:
                diag.append("no fact of '%s' on line %d" % (name, line))
        return Test(ok, desc, diag)

    for fl in cf.flows:
        tests.append(fact_test(
            "%s:%d: %s flow of '%s' mentions %s" % (cf.base, fl.line, lvl, fl.name, fl.text), fl.line, fl.name,
            lambda f, fl=fl: any(fl.text in t for t in [f.get("message") or ""]
                                 + [s.get("message") or "" for s in (f.get("flow") or [])])))

    for rt in cf.routes:
        tests.append(fact_test(
            "%s:%d: %s %s" % (cf.base, rt.line, lvl, rt.describe()), rt.line, rt.name,
            lambda f, rt=rt: any(r.get("code") == rt.code and bool(r.get("dangling")) == rt.dangling
                                 and r.get("flow") for r in (f.get("routes") or []))))

    for i, f in enumerate(facts):
        if i in claimed:
            continue
        tests.append(Test(False, "%s:%d: %s unexpected %s '%s'" % (cf.base, f["line"], lvl, f.get("code"), f.get("name")),
                          ["not annotated: " + describe_fact(f)] + fact_detail(f)[1:]))
    for f in res.facts:
        if f["elsewhere"]:
            tests.append(Test(False, "%s: %s unexpected %s '%s' in %s:%s" % (
                cf.base, lvl, f.get("code"), f.get("name"), os.path.basename(f.get("file") or "?"), f["line"]),
                ["a fact outside the corpus file (system headers are left out): " + describe_fact(f)]))
    return tests


def check_file(cfg, cf, workdir):
    """All tests of one file, in order."""
    tests = []
    for lineno, text, why in cf.syntax_errors:
        tests.append(Test(False, "%s:%d: annotation syntax" % (cf.base, lineno), ["%s: %s" % (why, text)]))
    levels = {}
    for level in LEVELS:
        res = run_level(cfg, cf, level, workdir)
        levels[level] = res
        diag = list(res.compile_diag)
        if cfg.verbose:
            diag = ["$ " + " ".join(map(shlex.quote, c)) for c in res.commands] + diag
        tests.append(Test(res.compiled, "%s: -O%s compiles" % (cf.base, level), diag))
        if res.compiled and res.read_error is not None:
            tests.append(Test(False, "%s: -O%s facts read by escinfo show" % (cf.base, level), res.read_error))
        tests.extend(check_level(cf, res, cfg.verbose))
    desc = "%s: verdicts agree at -O0 and -O2" % cf.base
    if all(levels[l].compiled and levels[l].read_error is None for l in LEVELS):
        sets = {l: {(f["line"], f.get("name"), f.get("code")) for f in levels[l].facts if not f["elsewhere"]}
                for l in LEVELS}
        only0 = sorted(sets["0"] - sets["2"], key=str)
        only2 = sorted(sets["2"] - sets["0"], key=str)
        diag = ["only at -O0: line %d %s '%s'" % (l, c, n) for l, n, c in only0]
        diag += ["only at -O2: line %d %s '%s'" % (l, c, n) for l, n, c in only2]
        tests.append(Test(not diag, desc, diag))
    else:
        tests.append(Test(True, desc, directive="SKIP a level did not compile or its facts were not read"))
    return tests


def possible_descriptions(cf):
    """The descriptions a file's tests can have, known before compiling (for -k)."""
    out = [cf.base]
    for lvl in LEVELS:
        out.append("%s: -O%s compiles" % (cf.base, lvl))
        out.append("%s: -O%s unexpected" % (cf.base, lvl))
        for a in cf.annotations:
            out.append("%s:%d: -O%s %s" % (cf.base, a.line, lvl, a.describe()))
        for f in cf.flows:
            out.append("%s:%d: -O%s flow of '%s' mentions %s" % (cf.base, f.line, lvl, f.name, f.text))
        for r in cf.routes:
            out.append("%s:%d: -O%s %s" % (cf.base, r.line, lvl, r.describe()))
    out.append("%s: verdicts agree at -O0 and -O2" % cf.base)
    return out


def tap_escape(text):
    return text.replace("\\", "\\\\").replace("#", "\\#")


def emit(tests, out):
    out.write("1..%d\n" % len(tests))
    for n, t in enumerate(tests, 1):
        line = "%s %d - %s" % ("ok" if t.ok else "not ok", n, tap_escape(t.desc))
        if t.directive:
            line += " # " + t.directive
        out.write(line + "\n")
        for d in t.diag:
            for piece in str(d).split("\n"):
                out.write("# " + piece + "\n")
    out.flush()


class Config:
    pass


def main(argv):
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quietly stop when the reader goes away
    ap = argparse.ArgumentParser(description="Runs the annotated escinfo corpus and prints TAP.")
    ap.add_argument("-k", dest="substring", help="only tests whose description contains SUBSTRING")
    ap.add_argument("-v", dest="verbose", action="store_true", help="diagnostics for passing tests too")
    ap.add_argument("-j", dest="jobs", type=int, default=2, help="files compiled in parallel (default 2)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("files", nargs="*", help="corpus files (default: all of tests/corpus)")
    args = ap.parse_args(argv)

    cfg = Config()
    cfg.verbose = args.verbose
    cfg.plugin = os.environ.get("ESCINFO_PLUGIN", "")
    if not cfg.plugin or not os.path.isfile(cfg.plugin):
        print("1..0 # SKIP plugin not built")
        return 0
    cfg.plugin = os.path.abspath(cfg.plugin)
    cfg.gcc = os.environ.get("ESC_GCC") or "gcc"
    cfg.gxx = os.environ.get("ESC_GXX") or "g++"
    cfg.cli = os.environ.get("ESCINFO_CLI") or ""
    if not cfg.cli:
        guess = os.path.join(os.path.dirname(os.path.dirname(cfg.plugin)), "escinfo")
        cfg.cli = guess if os.path.isfile(guess) else "escinfo"
    elif os.path.exists(cfg.cli):
        cfg.cli = shlex.quote(os.path.abspath(cfg.cli))
    srcdir = os.environ.get("ESCINFO_SRCDIR") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    corpus_dir = os.path.join(srcdir, "tests", "corpus")

    if args.files:
        paths = []
        for f in args.files:
            if not os.path.exists(f) and os.path.exists(os.path.join(corpus_dir, f)):
                f = os.path.join(corpus_dir, f)
            if not os.path.isfile(f):
                print("Bail out! no such corpus file: %s" % f)
                return 99
            paths.append(os.path.abspath(f))
    else:
        try:
            names = sorted(n for n in os.listdir(corpus_dir) if n.endswith((".c", ".cc")))
        except OSError as e:
            print("Bail out! cannot list %s: %s" % (corpus_dir, e))
            return 99
        paths = [os.path.join(corpus_dir, n) for n in names]

    files = [CorpusFile(p) for p in paths]
    if args.substring:
        files = [cf for cf in files if any(args.substring in d for d in possible_descriptions(cf))]

    tmp = tempfile.mkdtemp(prefix="escinfo-corpus-")
    try:
        results = {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {}
            for i, cf in enumerate(files):
                workdir = os.path.join(tmp, "%02d-%s" % (i, cf.base))
                os.makedirs(workdir)
                futures[pool.submit(check_file, cfg, cf, workdir)] = cf.path
            for fut in concurrent.futures.as_completed(futures):
                results[futures[fut]] = fut.result()
        tests = []
        for cf in files:
            tests.extend(results[cf.path])
        if args.substring:
            tests = [t for t in tests if args.substring in t.desc]
        # Unsound verdicts, counted apart from the rest: the count must be 0.
        bad = [t for t in tests if t.unsound]
        tests.append(Test(not bad, "no unsound verdict (%d): no promise of no escape, no leak, a stack "
                          "candidate or no dangling where the corpus expects otherwise" % len(bad),
                          ["unsound: " + t.desc for t in bad]))
        emit(tests, sys.stdout)
        if args.keep:
            print("# compiles and caches kept in %s" % tmp)
    except Exception as e:  # an internal error of the runner, not a test failure
        print("Bail out! internal error: %s: %s" % (type(e).__name__, e))
        sys.stdout.flush()
        traceback.print_exc()
        return 99
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
