#!/bin/sh
# editors-batch.sh - the Emacs (eglot) and Vim (ALE) configurations of docs/editors.md, exactly as
# written there (the block after each "<!-- tested: NAME -->"), in the real editors in batch mode:
# each must show the escape of 'buf' in examples/dangling.c compiled with the plugin.  TAP; an
# editor that is not installed is a SKIP.
set -u
srcdir=${ESCINFO_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${ESCINFO_BUILDDIR:-$PWD}
lsp=${ESCINFO_LSP:-${ESCLSP:-$builddir/esclsp}}
plugin=${ESCINFO_PLUGIN:-$builddir/gccplugin/escinfo.so}
cc=${ESC_GCC:-gcc}
doc=$srcdir/docs/editors.md
unset ESCINFO_CACHE_DIR XDG_CACHE_HOME

[ -x "$lsp" ] || { echo "1..0 # SKIP esclsp is not built ($lsp)"; exit 0; }
[ -f "$plugin" ] || { echo "1..0 # SKIP the plugin is not built ($plugin)"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/escinfo-editors.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
echo "1..4"
diag() { sed 's/^/# /'; }

# block NAME: the fenced block after "<!-- tested: NAME -->" in the doc, with the test's cache.
block() {
  awk -v name="$1" '
    $0 == "<!-- tested: " name " -->" { want = 1; next }
    want && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$doc" | sed "s|~/build/escinfo-cache|$tmp/facts|g"
}

mkdir -p "$tmp/bin" "$tmp/ws" "$tmp/facts" "$tmp/home"
ln -s "$lsp" "$tmp/bin/esclsp"
cp "$srcdir/examples/dangling.c" "$tmp/ws/dangling.c"
if "$cc" -O2 -w -c -fplugin="$plugin" -fplugin-arg-escinfo-cache="$tmp/facts" "$tmp/ws/dangling.c" -o "$tmp/d.o" 2>"$tmp/err"; then
  echo "ok 1 - dangling.c compiles with the plugin into the test's cache"
else
  echo "not ok 1 - dangling.c compiles with the plugin into the test's cache"; diag <"$tmp/err"
fi
export PATH="$tmp/bin:$PATH" HOME="$tmp/home"

# --- Emacs + eglot ------------------------------------------------------------------------------
block eglot >"$tmp/escinfo-eglot.el"
cat >"$tmp/check.el" <<EL
;; the user's configuration, then what eglot-ensure would do once Emacs is idle
(load "$tmp/escinfo-eglot.el" nil t)
(require 'eglot)
(find-file "$tmp/ws/dangling.c")
(apply #'eglot (eglot--guess-contact))
(let ((deadline (+ (float-time) 20)) found)
  (while (and (< (float-time) deadline) (not found))
    (accept-process-output nil 0.2)
    (dolist (d (flymake-diagnostics))
      (when (and (= (line-number-at-pos (flymake-diagnostic-beg d)) 10)
                 (string-match-p "'buf' escapes" (flymake-diagnostic-text d)))
        (setq found d))))
  (princ (format "diagnostic: %s\n" (if found (flymake-diagnostic-text found) "none"))))
(goto-char (point-min)) (forward-line 9) (forward-char 8)
(let ((hover (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover
                              (eglot--TextDocumentPositionParams))))
  (princ (format "hover: %s\n" (plist-get (plist-get hover :contents) :value))))
(kill-emacs 0)
EL
if ! command -v emacs >/dev/null 2>&1 || ! emacs --batch -q --eval "(require 'eglot)" >/dev/null 2>&1; then
  echo "ok 2 # SKIP emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot)"
  echo "ok 3 # SKIP emacs with eglot is not installed"
else
  timeout 60 emacs --batch -q -l "$tmp/check.el" >"$tmp/emacs.out" 2>&1
  if grep -q "^diagnostic: .*'buf' escapes" "$tmp/emacs.out"; then
    echo "ok 2 - eglot, configured as docs/editors.md says, shows the escape of 'buf' on line 10"
  else
    echo "not ok 2 - eglot, configured as docs/editors.md says, shows the escape of 'buf' on line 10"
    grep -v '^Loading' "$tmp/emacs.out" | tail -20 | diag
  fi
  if grep -q "^hover: .*buf.*escapes" "$tmp/emacs.out"; then
    echo "ok 3 - eglot's hover on 'buf' explains the escape"
  else
    echo "not ok 3 - eglot's hover on 'buf' explains the escape"
  fi
fi

# --- Vim + ALE ----------------------------------------------------------------------------------
ale=
for d in /usr/share/vim-ale "$HOME/.vim/pack/git-plugins/start/ale"; do
  [ -f "$d/autoload/ale.vim" ] && ale=$d && break
done
if ! command -v vim >/dev/null 2>&1 || [ -z "$ale" ]; then
  echo "ok 4 # SKIP vim with ALE is not installed (apt-get install vim vim-ale)"
else
  { echo "set nocompatible"
    echo "set runtimepath^=$ale"
    echo "filetype plugin on"
    block ale; } >"$tmp/vimrc"
  cat >"$tmp/check.vim" <<VIM
edit $tmp/ws/dangling.c
let s:n = 0
while s:n < 200 && empty(filter(copy(ale#engine#GetLoclist(bufnr(''))), {_, d -> d.linter_name ==# 'escinfo'}))
  sleep 100m
  let s:n += 1
endwhile
call writefile(map(copy(ale#engine#GetLoclist(bufnr(''))), {_, d -> d.linter_name . ' ' . d.lnum . ':' . d.col . ' ' . d.type . ' ' . d.text}), '$tmp/ale.out')
qa!
VIM
  : >"$tmp/ale.out"
  timeout 60 vim -N -u "$tmp/vimrc" -i NONE --not-a-term -S "$tmp/check.vim" </dev/null >/dev/null 2>"$tmp/vim.err"
  if grep -q "^escinfo 10:8 W 'buf' escapes" "$tmp/ale.out"; then
    echo "ok 4 - ALE, configured as docs/editors.md says, lists the escape of 'buf' on line 10"
  else
    echo "not ok 4 - ALE, configured as docs/editors.md says, lists the escape of 'buf' on line 10"
    cat "$tmp/ale.out" "$tmp/vim.err" | diag
  fi
fi
