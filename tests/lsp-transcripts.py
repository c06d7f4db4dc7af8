#!/usr/bin/env python3
"""lsp-transcripts.py - runs esclsp through the conversations in tests/lsp/*.test, emitting TAP.

A transcript is a conversation with the server, in the style of clangd's protocol tests: the
client's messages, separated by lines holding only `---`, with expectations on `# CHECK:` lines.
For each file the runner makes a scratch directory, copies tests/lsp/src into it, runs the
file's SETUP commands (typically compiling sources with the real plugin into a scratch cache),
starts `esclsp --stdio`, and then, block by block: runs the block's RUN commands, sends its
message (framed with Content-Length), and waits for the messages its CHECK lines expect.

Lines of a block:
  JSON text                 the message to send (may span lines; no message when there is none)
  # CHECK: PATTERN          the next server message matching PATTERN must arrive (in order; messages
                            that do not match are skipped).  One TAP test point each.
  # CHECK-SAME: PATTERN     the message the previous CHECK matched must match PATTERN too
  # CHECK-NOT: PATTERN      no message skipped before the next CHECK's match (or, after the last
                            CHECK, before the server exits) may match PATTERN.  One test point each.
  # NEVER: PATTERN          no message of the whole session may match PATTERN (one test point)
  # RUN: COMMAND            a shell command run before the message is sent (a test point when it
                            fails)
  # RAW: TEXT               sends TEXT as is instead of a framed message; Python string escapes
                            (\\r\\n, \\x00) are decoded; several RAW lines are sent in one write
  # HOLD                    the message is not written yet: it goes in one write with the next
                            block's (a request and its $/cancelRequest arrive together)
  # SLEEP: MS               waits before sending
  # TIMEOUT: MS             how long this block's CHECKs wait (default 20000: a bound for a
                            loaded machine, not a speed target; speed is measured in bench/)
  # WITHIN: MS              this block's first CHECK must match within MS of the message being
                            sent (after RUN): the live-update deadline
  # EOF                     closes the server's stdin after this block
  # EXIT: N                 the server must exit with status N (within EXIT-WITHIN, default 10 s,
                            of the last block)
  # EXIT-WITHIN: MS
  # STDERR: TEXT            the server's stderr (its log) must contain TEXT when it has exited
  # comments                anything else after '#'

Lines before the first message or directive of the file may also hold:
  # SETUP: COMMAND          run before the server starts (a test point when it fails)
  # ARGS: ARGUMENTS         extra command-line arguments of esclsp (shell-split)
  # STDIN: file | tty       feed the server from a regular file holding the whole conversation
                            (RUN, SLEEP and HOLD are then not possible) or from a terminal
                            (a pseudo-terminal in raw mode) instead of a pipe

Patterns: when PATTERN parses as JSON it is a subset to match: an object matches an object having
at least its members, each matching; a non-empty array matches an array holding elements that
match its elements in the same order (others may come between); an array starting with "="
matches an array of exactly the other elements, element by element; [] matches only []; the
string "<absent>" as a member's value means the member must not be there; "<capture:NAME>"
matches anything and remembers it as ${CAPTURED:NAME} (its JSON text) for later blocks; a string
starting with "re:" is a Python regular expression searched in the string; anything else must be
equal (true is not 1).  When PATTERN is not JSON it must be a substring of the message's compact JSON text.

Placeholders, in messages, patterns and commands: ${SRC} (the scratch copy of tests/lsp/src),
${CACHE} (a scratch cache directory; the server gets it as ESCINFO_CACHE_DIR), ${TMP} (the scratch
directory), ${PATH:F} (${SRC}/F), ${URI:F} (its file:// URI), ${TEXT:F} (F's content as a JSON
string, quotes included), ${LINE:F:TEXT} (0-based number of the first line of F holding TEXT),
${COMPILE:F} (a compile of ${SRC}/F to ${TMP} with the plugin writing into ${CACHE}),
${READ:F} (the content of ${TMP}/F, stripped), ${GCC}, ${PLUGIN}, ${WRITE_ENTRY}
(tests/lib/write-entry), ${VERSION} (the package version), ${CAPTURED:NAME} (see above).

Every file also gets a test point checking that the server's stderr holds no sanitizer report and
no report of handles left open when the event loop closed.

Environment: ESCLSP (default $ESCINFO_BUILDDIR/esclsp), ESCINFO_PLUGIN, ESC_GCC (default gcc),
ESCINFO_SRCDIR (default: the directory above this script), ESCINFO_BUILDDIR, ESCINFO_VERSION
(default: from configure.ac).  Without the plugin
the files that compile are skipped.

Usage: lsp-transcripts.py [-v] [-k SUBSTRING] [--keep] [FILES...]
Exit status: 0 when the TAP stream is complete (failures are "not ok" lines), 99 after
"Bail out!".
"""

import argparse
import codecs
import json
import os
import pty
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tty
import urllib.parse

DEFAULT_TIMEOUT_MS = 20000
DEFAULT_EXIT_WITHIN_MS = 10000
# in the server's stderr: a sanitizer's report, or the server's own report of an event loop that
# would not close (uv_loop_close() != 0)
BAD_EXIT_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                  "SUMMARY: UndefinedBehaviorSanitizer", "handle left open at exit",
                  "the event loop did not close")

here = os.path.dirname(os.path.abspath(__file__))
srcdir = os.environ.get("ESCINFO_SRCDIR") or os.path.dirname(here)
builddir = os.environ.get("ESCINFO_BUILDDIR") or os.getcwd()
esclsp = os.environ.get("ESCLSP") or os.path.join(builddir, "esclsp")
plugin = os.environ.get("ESCINFO_PLUGIN") or os.path.join(builddir, "gccplugin", "escinfo.so")
gcc = os.environ.get("ESC_GCC") or "gcc"


def configured_version():
    """The version AC_INIT in configure.ac gives, the one place it is written."""
    with open(os.path.join(srcdir, "configure.ac"), encoding="utf-8") as f:
        m = re.search(r"^AC_INIT\(\[[^]]*\], *\[([^]]*)\]", f.read(), re.M)
    return m.group(1) if m else "unknown"


version = os.environ.get("ESCINFO_VERSION") or configured_version()
write_entry = os.path.join(builddir, "tests", "lib", "write-entry")


class Tap:
    def __init__(self, verbose):
        self.count = 0
        self.verbose = verbose

    def ok(self, passed, description, diagnostics=""):
        self.count += 1
        print(("ok" if passed else "not ok") + " %d - %s" % (self.count, description))
        if diagnostics and (not passed or self.verbose):
            self.diag(diagnostics)
        sys.stdout.flush()

    def skip(self, description, reason):
        self.count += 1
        print("ok %d - %s # SKIP %s" % (self.count, description, reason))

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line)

    def done(self):
        print("1..%d" % self.count)


# ---- transcripts --------------------------------------------------------------------------------

class Block:
    def __init__(self):
        self.message = []     # lines of JSON text
        self.checks = []      # ("CHECK" | "CHECK-NOT", pattern text, line number)
        self.runs = []
        self.raw = []
        self.hold = False
        self.sleep_ms = 0
        self.timeout_ms = DEFAULT_TIMEOUT_MS
        self.within_ms = None
        self.eof = False
        self.exit = None
        self.exit_within_ms = DEFAULT_EXIT_WITHIN_MS
        self.stderr = []


class Transcript:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.setup = []
        self.args = []
        self.stdin = "pipe"
        self.never = []
        self.blocks = []
        self.parse()

    def parse(self):
        block = Block()
        started = False
        with open(self.path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if line.strip() == "---":
                    self.blocks.append(block)
                    block = Block()
                    started = True
                    continue
                m = re.match(r"#\s*([A-Z][A-Z-]*)(?::\s?(.*))?$", line)
                if not m:
                    if not line.startswith("#"):
                        started = True
                        block.message.append(line)
                    continue
                key, value = m.group(1), (m.group(2) or "")
                if key in ("SETUP", "ARGS", "STDIN") and not started:
                    if key == "SETUP":
                        self.setup.append(value)
                    elif key == "ARGS":
                        self.args += shlex.split(value)
                    else:
                        self.stdin = value.strip()
                    continue
                started = True
                if key == "NEVER":
                    self.never.append((value.strip(), number))
                elif key in ("CHECK", "CHECK-NOT", "CHECK-SAME"):
                    block.checks.append((key, value.strip(), number))
                elif key == "RUN":
                    block.runs.append(value)
                elif key == "RAW":
                    block.raw.append(value)
                elif key == "HOLD":
                    block.hold = True
                elif key == "SLEEP":
                    block.sleep_ms = int(value)
                elif key == "TIMEOUT":
                    block.timeout_ms = int(value)
                elif key == "WITHIN":
                    block.within_ms = int(value)
                elif key == "EOF":
                    block.eof = True
                elif key == "EXIT":
                    block.exit = int(value)
                elif key == "EXIT-WITHIN":
                    block.exit_within_ms = int(value)
                elif key == "STDERR":
                    block.stderr.append(value)
                # other capitalised words are comments too
        self.blocks.append(block)

    def needs_plugin(self):
        text = open(self.path, encoding="utf-8").read()
        return "${COMPILE:" in text or "${PLUGIN}" in text


# ---- placeholders -------------------------------------------------------------------------------

class Scratch:
    def __init__(self, keep):
        self.tmp = tempfile.mkdtemp(prefix="esclsp-test.")
        self.keep = keep
        self.src = os.path.join(self.tmp, "src")
        self.cache = os.path.join(self.tmp, "cache")
        self.home = os.path.join(self.tmp, "home")
        shutil.copytree(os.path.join(srcdir, "tests", "lsp", "src"), self.src)
        os.chmod(self.src, 0o755)  # the source tree may be read-only (distcheck)
        for name in os.listdir(self.src):
            os.chmod(os.path.join(self.src, name), 0o644)
        os.mkdir(self.home)

    def close(self):
        if self.keep:
            print("# kept " + self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.src, name)

    def substitute(self, text):
        def replace(m):
            kind, arg = m.group(1), m.group(2)
            if kind == "SRC":
                return self.src
            if kind == "CACHE":
                return self.cache
            if kind == "TMP":
                return self.tmp
            if kind == "GCC":
                return gcc
            if kind == "PLUGIN":
                return plugin
            if kind == "VERSION":
                return version
            if kind == "WRITE_ENTRY":
                return write_entry
            if kind == "READ":
                with open(os.path.join(self.tmp, arg), encoding="utf-8") as f:
                    return f.read().strip()
            if kind == "CAPTURED":
                if arg not in captured:
                    raise ValueError("nothing captured as %s yet" % arg)
                return captured[arg]
            if kind == "PATH":
                return self.path(arg)
            if kind == "URI":
                return "file://" + urllib.parse.quote(self.path(arg))
            if kind == "TEXT":
                with open(self.path(arg), encoding="utf-8") as f:
                    return json.dumps(f.read())
            if kind == "LINE":
                name, _, needle = arg.partition(":")
                with open(self.path(name), encoding="utf-8") as f:
                    for i, line in enumerate(f):
                        if needle in line:
                            return str(i)
                raise ValueError("no line of %s holds %r" % (name, needle))
            if kind == "COMPILE":  # commands run in ${TMP}: the object goes there
                obj = os.path.basename(arg) + ".o"
                return "%s -c -w -fplugin=%s -fplugin-arg-escinfo-cache=%s %s -o %s" % (
                    shlex.quote(gcc), shlex.quote(plugin), shlex.quote(self.cache),
                    shlex.quote(self.path(arg)), shlex.quote(obj))
            raise ValueError("unknown placeholder ${%s}" % m.group(0))
        return re.sub(r"\$\{([A-Z_]+)(?::([^}]*))?\}", replace, text)


# ---- matching -----------------------------------------------------------------------------------

ABSENT = "<absent>"
captured = {}


def matches(pattern, actual):
    if isinstance(pattern, dict):
        if not isinstance(actual, dict):
            return False
        for key, value in pattern.items():
            if value == ABSENT:
                if key in actual:
                    return False
            elif key not in actual or not matches(value, actual[key]):
                return False
        return True
    if isinstance(pattern, list):
        if not isinstance(actual, list):
            return False
        if not pattern:
            return actual == []
        if pattern[0] == "=":
            rest = pattern[1:]
            return len(rest) == len(actual) and all(matches(p, a) for p, a in zip(rest, actual))
        i = 0
        for p in pattern:
            while i < len(actual) and not matches(p, actual[i]):
                i += 1
            if i == len(actual):
                return False
            i += 1
        return True
    if isinstance(pattern, str) and pattern.startswith("<capture:") and pattern.endswith(">"):
        captured[pattern[9:-1]] = json.dumps(actual)
        return True
    if isinstance(pattern, str) and pattern.startswith("re:"):
        return isinstance(actual, str) and re.search(pattern[3:], actual) is not None
    if isinstance(pattern, bool) or isinstance(actual, bool):
        return type(pattern) is type(actual) and pattern == actual
    return pattern == actual


class Pattern:
    def __init__(self, text):
        self.text = text
        try:
            self.json = json.loads(text)
            self.is_json = True
        except ValueError:
            self.is_json = False

    def test(self, message):
        if self.is_json:
            return matches(self.json, message)
        return self.text in json.dumps(message, separators=(",", ":"), ensure_ascii=False)


# ---- the server ---------------------------------------------------------------------------------

def frame(message_text):
    body = message_text.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """esclsp as a child process; a thread reads and unframes what it writes."""

    def __init__(self, scratch, args, stdin_mode, stdin_file=None):
        self.messages = queue.Queue()
        self.all = []  # every message, for NEVER
        self.framing_errors = []
        self.stderr_path = os.path.join(scratch.tmp, "stderr")
        env = dict(os.environ)
        env.pop("XDG_CACHE_HOME", None)
        env["ESCINFO_CACHE_DIR"] = scratch.cache
        env["HOME"] = scratch.home
        self.stderr_file = open(self.stderr_path, "wb")
        self.master = None
        cmd = [esclsp, "--stdio"] + args
        if stdin_mode == "file":
            stdin = open(stdin_file, "rb")
        elif stdin_mode == "tty":
            self.master, slave = pty.openpty()
            tty.setraw(slave)
            stdin = slave
        else:
            stdin = subprocess.PIPE
        self.proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=self.stderr_file, env=env, cwd=scratch.tmp)
        if stdin_mode == "file":
            stdin.close()
        elif stdin_mode == "tty":
            os.close(slave)
        self.started = time.monotonic()
        self.reader = threading.Thread(target=self.read_loop, daemon=True)
        self.reader.start()

    def read_loop(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if not line.endswith(b"\r\n"):
                    self.framing_errors.append("header line not ended by CRLF: %r" % line)
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            try:
                length = int(headers["content-length"])
            except (KeyError, ValueError):
                self.framing_errors.append("bad headers: %r" % headers)
                self.messages.put(None)
                return
            body = out.read(length)
            try:
                message = json.loads(body.decode("utf-8"))
            except ValueError as e:
                self.framing_errors.append("body is not JSON (%s): %r" % (e, body[:200]))
                continue
            self.all.append(message)
            self.messages.put((time.monotonic(), message))

    def write(self, data):
        try:
            if self.master is not None:
                os.write(self.master, data)
            else:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def close_stdin(self):
        if self.master is not None:
            os.close(self.master)
            self.master = None
        elif self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def next_message(self, deadline):
        """(time, message), or None when the server closed stdout or the deadline passed."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            item = self.messages.get(timeout=remaining)
        except queue.Empty:
            return None
        if item is None:
            self.messages.put(None)  # stays at the end for later readers
        return item

    def wait(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.close_stdin()
        self.stderr_file.close()

    def stderr(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()


def short(text, n=90):
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3] + "..."


def describe(message):
    return short(json.dumps(message, separators=(",", ":"), ensure_ascii=False), 400)


def run_shell(tap, name, command, scratch, required=True):
    env = dict(os.environ, ESCINFO_CACHE_DIR=scratch.cache, HOME=scratch.home)
    result = subprocess.run(command, shell=True, cwd=scratch.tmp, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tap.ok(False, "%s: RUN %s" % (name, short(command)),
               "exit status %d\n%s" % (result.returncode, result.stdout.decode(errors="replace")))
        return False
    return True


def block_payload(block, scratch):
    """The bytes a block sends."""
    data = b""
    for raw in block.raw:
        text = scratch.substitute(raw)
        data += codecs.decode(text.encode("latin-1", "backslashreplace"), "unicode_escape").encode("latin-1")
    text = "\n".join(block.message).strip()
    if text:
        data += frame(scratch.substitute(text))
    return data


def run_transcript(tap, transcript, keep):
    name = transcript.name
    if transcript.needs_plugin() and not os.path.exists(plugin):
        tap.skip(name, "the plugin %s is not built" % plugin)
        return
    scratch = Scratch(keep)
    captured.clear()
    try:
        for command in transcript.setup:
            if not run_shell(tap, name, scratch.substitute(command), scratch):
                return
        stdin_file = None
        if transcript.stdin == "file":
            stdin_file = os.path.join(scratch.tmp, "stdin")
            with open(stdin_file, "wb") as f:
                for block in transcript.blocks:
                    f.write(block_payload(block, scratch))
        server = Server(scratch, transcript.args, transcript.stdin, stdin_file)
        try:
            converse(tap, transcript, scratch, server)
        finally:
            server.kill()
        for text, line in transcript.never:
            pattern = Pattern(scratch.substitute(text))
            bad = [m for m in server.all if pattern.test(m)]
            tap.ok(not bad, "%s:%d: NEVER %s" % (name, line, short(text)),
                   "\n".join("sent: " + describe(m) for m in bad[:5]))
        log = server.stderr()
        reports = [mark for mark in BAD_EXIT_MARKS if mark in log]
        tap.ok(not reports, "%s: no sanitizer report, event loop closed" % name, log[-4000:])
        for block in transcript.blocks:
            for text in block.stderr:
                text = scratch.substitute(text)
                tap.ok(text in log, "%s: stderr holds %s" % (name, short(text)), log[-4000:])
        if server.framing_errors:
            tap.ok(False, "%s: server output is well framed" % name, "\n".join(server.framing_errors))
    finally:
        scratch.close()


def converse(tap, transcript, scratch, server):
    name = transcript.name
    held = b""
    skipped = []   # messages passed over since the last CHECK matched
    nots = []      # CHECK-NOT patterns waiting for the next CHECK
    exit_expected = None
    exit_within_ms = DEFAULT_EXIT_WITHIN_MS

    def settle_nots(upto_messages):
        for text, line in nots:
            pattern = Pattern(scratch.substitute(text))
            bad = [m for m in upto_messages if pattern.test(m)]
            tap.ok(not bad, "%s:%d: CHECK-NOT %s" % (name, line, short(text)),
                   "\n".join("unexpected: " + describe(m) for m in bad))
        nots.clear()

    last = None    # the message the last CHECK matched
    for block in transcript.blocks:
        if transcript.stdin != "file":
            for command in block.runs:
                run_shell(tap, name, scratch.substitute(command), scratch)
            if block.sleep_ms:
                time.sleep(block.sleep_ms / 1000)
            data = block_payload(block, scratch)
            if block.hold:
                held += data
            else:
                server.write(held + data)
                held = b""
            if block.eof:
                server.close_stdin()
        sent = time.monotonic()
        first = True
        for kind, text, line in block.checks:
            if kind == "CHECK-NOT":
                nots.append((text, line))
                continue
            if kind == "CHECK-SAME":
                pattern = Pattern(scratch.substitute(text))
                tap.ok(last is not None and pattern.test(last), "%s:%d: CHECK-SAME %s" % (
                    name, line, short(text)), "message: " + (describe(last) if last else "none"))
                continue
            pattern = Pattern(scratch.substitute(text))
            deadline = time.monotonic() + block.timeout_ms / 1000
            found = None
            while True:
                item = server.next_message(deadline)
                if item is None:
                    break
                when, message = item
                if pattern.test(message):
                    found = (when, message)
                    break
                skipped.append(message)
            settle_nots(skipped)
            desc = "%s:%d: CHECK %s" % (name, line, short(text))
            last = found[1] if found else None
            if found is None:
                why = "server exited" if server.proc.poll() is not None else "timed out"
                tap.ok(False, desc, "%s; messages passed over:\n%s" % (
                    why, "\n".join(describe(m) for m in skipped[-10:]) or "(none)"))
            else:
                diag = "matched " + describe(found[1])
                passed = True
                if first and block.within_ms is not None:
                    latency = (found[0] - sent) * 1000
                    diag += "\nlatency %.0f ms (limit %d ms)" % (latency, block.within_ms)
                    passed = latency <= block.within_ms
                    tap.diag("%s:%d: arrived after %.0f ms" % (name, line, latency))
                tap.ok(passed, desc, diag)
            skipped = []
            first = False
        if block.exit is not None:
            exit_expected = block.exit
            exit_within_ms = block.exit_within_ms

    # after the last block: the rest of the output, then the exit status
    start = time.monotonic()
    status = server.wait(exit_within_ms / 1000) if exit_expected is not None else None
    waited = (time.monotonic() - start) * 1000
    rest = []
    while True:
        item = server.next_message(time.monotonic() + (0.05 if status is not None else 0.2))
        if item is None:
            break
        rest.append(item[1])
    settle_nots(skipped + rest)
    if exit_expected is not None:
        if status is None:
            tap.ok(False, "%s: server exits with status %d within %d ms" % (
                name, exit_expected, exit_within_ms), "still running")
        else:
            tap.ok(status == exit_expected, "%s: server exits with status %d" % (name, exit_expected),
                   "exit status %d after %.0f ms\n%s" % (status, waited, server.stderr()[-3000:]))


def main():
    parser = argparse.ArgumentParser(description="Runs the esclsp transcript tests (TAP).")
    parser.add_argument("-v", action="store_true", help="diagnostics for passing tests too")
    parser.add_argument("-k", metavar="SUBSTRING", help="only files whose name holds SUBSTRING")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directories")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    tap = Tap(args.v)
    if not os.access(esclsp, os.X_OK):
        print("Bail out! %s is not built (make esclsp)" % esclsp)
        return 99
    files = args.files or sorted(
        os.path.join(srcdir, "tests", "lsp", f)
        for f in os.listdir(os.path.join(srcdir, "tests", "lsp")) if f.endswith(".test"))
    for path in files:
        if args.k and args.k not in os.path.basename(path):
            continue
        try:
            run_transcript(tap, Transcript(path), args.keep)
        except (OSError, ValueError) as e:
            tap.ok(False, "%s: runs" % os.path.basename(path), repr(e))
    tap.done()
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
