#!/bin/sh
# lsp-feed.sh - the server driven without a stdin (lsp_server_feed): the same answers however the bytes are split, its handles closed at the end; one cache entry read on its own, however odd its positions (TAP).
. "$(dirname "$0")/lib/tap.sh"
need_built "$ESCINFO_CLI" "$WRITE_ENTRY" "$READ_ENTRY"

FEED=$ESCINFO_BUILDDIR/tests/lib/lsp-feed
export HOME=$tap_tmp # the default cache, which the stream's document is looked up in

# frame TEXT: TEXT with its Content-Length header
frame() {
  printf 'Content-Length: %d\r\n\r\n%s' $(($(printf '%s' "$1" | wc -c))) "$1"
}

stream=$tap_tmp/stream
{
  frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
  frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
  frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nowhere/a.c","languageId":"c","version":1,"text":"int \tx; /* \u00e9\ud83d\ude00 */\n"}}}'
  printf 'Content-Length: x\r\n\r\n'
  frame '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere/a.c"},"position":{"line":0,"character":4}}}'
  frame '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere/a.c","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":14},"end":{"line":0,"character":15}},"text":"\n\n"}]}}'
  frame '{"jsonrpc":"2.0","id":3,"method":"nope"}'
  frame 'not json'
  printf '\r\n\r\n'
  frame '{"jsonrpc":"2.0","id":4,"method":"shutdown"}'
  frame '{"jsonrpc":"2.0","method":"exit"}'
  frame '{"jsonrpc":"2.0","id":5,"method":"shutdown"}'
} > "$stream"

"$FEED" "$stream" > "$tap_tmp/whole"
ok "fed at once: the event loop closes (uv_loop_close == 0)" [ $? -eq 0 ]
ok "fed at once: initialize answered" contains "$tap_tmp/whole" '{"jsonrpc":"2.0","id":1,"result":{"capabilities":'
ok "fed at once: the no-facts notice published" contains "$tap_tmp/whole" '"code":"escinfo.no-facts"'
ok "fed at once: a framing error answered" contains "$tap_tmp/whole" '"id":null,"error":{"code":-32700,"message":"bad message framing: Content-Length '"'x'"' is not a number"}'
ok "fed at once: the unknown method answered" contains "$tap_tmp/whole" '"id":3,"error":{"code":-32601'
ok "fed at once: shutdown answered" contains "$tap_tmp/whole" '"id":4,"result":null'
ok "fed at once: nothing answered after exit" lacks "$tap_tmp/whole" '"id":5'
ok "fed at once: exit status 0" contains "$tap_tmp/whole" 'exit status 0'
for n in 1 2 3 5 8 13 64; do
  "$FEED" --chunk=$n "$stream" > "$out"
  ok "fed $n bytes at a time: the same messages" same_text "$tap_tmp/whole" "$out"
done

# ---- one entry on its own: positions the plugin never writes -------------------------------
printf 'int a;\n\tint b; /* \303\251\360\237\230\200 */ int c;\n' > "$src/odd.c"
{
  line main "$src/odd.c"
  line output "$src/odd.o"
  line source "$src/odd.c"
  line fact local escape.global a f "$src/odd.c" 0 0 "line and column 0"
  line fact local escape.store b f "$src/odd.c" 2 6 "after a tab"
  line fact local escape.call c f "$src/odd.c" 2 26 "after 2- and 4-byte characters"
  line step /elsewhere/x.c 4000000000 4000000000 "a step far away in another file"
  line step "$src/odd.c" 4000000000 1 "a step far below the end"
  line fact local noescape z f "$src/odd.c" 2 4000000000 "column past the end of the line"
  line fact local noescape y f "$src/odd.c" 4294967295 1 "line past the end of the file"
  line fact local noescape "(compound literal)" f "$src/odd.c" 1 1 "not an identifier"
} > "$tap_tmp/odd.spec"
"$WRITE_ENTRY" --print < "$tap_tmp/odd.spec" > "$tap_tmp/odd.json" 2> "$err"
ok "write-entry prints the odd entry" [ $? -eq 0 ]
"$FEED" --entry "$tap_tmp/odd.json" "$src/odd.c" > "$out" 2> "$err"
ok "the odd entry is read" [ $? -eq 0 ]
cat > "$exp" <<EOT
0:0-0:3 2 escape.global line and column 0
0:0-0:3 4 noescape not an identifier
1:5-1:6 3 escape.store after a tab
1:22-1:23 3 escape.call after 2- and 4-byte characters
1:24-1:24 4 noescape column past the end of the line
6 facts, 5 diagnostics
EOT
ok "odd positions are clamped or dropped, columns converted to UTF-16" same_text "$exp" "$out"
printf '{"schema":1,' > "$tap_tmp/bad.json"
"$FEED" --entry "$tap_tmp/bad.json" "$src/odd.c" > "$out" 2> "$err"
ok "a truncated entry is an error, not a crash" contains "$out" "error: "
ok "a truncated entry gives no facts" contains "$out" "0 facts, "
done_testing
