#!/bin/sh
# editors-batch.sh - the Emacs (eglot) and Vim (ALE) configurations of docs/editors.md, exactly as
# written there (the block after each "<!-- tested: NAME -->"), in the real editors in batch mode:
# each must show the escape of 'buf' in examples/dangling.c compiled with the plugin.  TAP; an
# editor that is not installed is a SKIP.
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCLSP" "$ESCINFO_PLUGIN"
doc=$srcdir/docs/editors.md
tmp=$tap_tmp

# block NAME: the fenced block after "<!-- tested: NAME -->" in the doc, with the test's cache.
block() {
  awk -v name="$1" '
    $0 == "<!-- tested: " name " -->" { want = 1; next }
    want && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$doc" | sed "s|~/build/escinfo-cache|$cache|g"
}

mkdir -p "$tmp/bin" "$tmp/ws" "$tmp/home"
ln -s "$ESCLSP" "$tmp/bin/esclsp"
cp "$srcdir/examples/dangling.c" "$tmp/ws/dangling.c"
ok "dangling.c compiles with the plugin into the test's cache" \
  compile_with_plugin "$ESC_GCC" "$tmp/ws/dangling.c" "$cache" -O2
export PATH="$tmp/bin:$PATH" HOME="$tmp/home"

# --- Emacs + eglot ------------------------------------------------------------------------------
block eglot >"$tmp/escinfo-eglot.el"
cat >"$tmp/check.el" <<EL
;; the user's configuration, then what eglot-ensure would do once Emacs is idle
(load "$tmp/escinfo-eglot.el" nil t)
(require 'eglot)
(find-file "$tmp/ws/dangling.c")
(apply #'eglot (eglot--guess-contact))
(let ((deadline (+ (float-time) 60)) found)
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
# emacs_said PATTERN: Emacs printed a line matching PATTERN (else what it printed is shown)
emacs_said() {
  grep -q "$1" "$tmp/emacs.out" && return 0
  grep -v '^Loading' "$tmp/emacs.out" | tail -20 | diag
  return 1
}
if ! command -v emacs >/dev/null 2>&1 || ! emacs --batch -q --eval "(require 'eglot)" >/dev/null 2>&1; then
  skip "emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot)"
  skip "emacs with eglot is not installed"
else
  timeout 120 emacs --batch -q -l "$tmp/check.el" >"$tmp/emacs.out" 2>&1
  ok "eglot, configured as docs/editors.md says, shows the escape of 'buf' on line 10" \
    emacs_said "^diagnostic: .*'buf' escapes"
  ok "eglot's hover on 'buf' explains the escape" emacs_said "^hover: .*buf.*escapes"
fi

# --- Vim + ALE ----------------------------------------------------------------------------------
ale=
for d in /usr/share/vim-ale "$HOME/.vim/pack/git-plugins/start/ale"; do
  [ -f "$d/autoload/ale.vim" ] && ale=$d && break
done
# ale_listed PATTERN: ALE's location list holds a line matching PATTERN (else it is shown)
ale_listed() {
  grep -q "$1" "$tmp/ale.out" && return 0
  echo "ALE's location list, and what Vim printed:" | diag
  cat "$tmp/ale.out" "$tmp/vim.err" | diag
  return 1
}
if ! command -v vim >/dev/null 2>&1 || [ -z "$ale" ]; then
  skip "vim with ALE is not installed (apt-get install vim vim-ale)"
else
  { echo "set nocompatible"
    echo "set runtimepath^=$ale"
    echo "filetype plugin on"
    block ale; } >"$tmp/vimrc"
  cat >"$tmp/check.vim" <<VIM
edit $tmp/ws/dangling.c
let s:n = 0
while s:n < 600 && empty(filter(copy(ale#engine#GetLoclist(bufnr(''))), {_, d -> d.linter_name ==# 'escinfo'}))
  sleep 100m
  let s:n += 1
endwhile
call writefile(map(copy(ale#engine#GetLoclist(bufnr(''))), {_, d -> d.linter_name . ' ' . d.lnum . ':' . d.col . ' ' . d.type . ' ' . d.text}), '$tmp/ale.out')
qa!
VIM
  : >"$tmp/ale.out"
  timeout 120 vim -N -u "$tmp/vimrc" -i NONE --not-a-term -S "$tmp/check.vim" </dev/null >/dev/null 2>"$tmp/vim.err"
  ok "ALE, configured as docs/editors.md says, lists the escape of 'buf' on line 10" \
    ale_listed "^escinfo 10:8 W 'buf' escapes"
fi
done_testing
