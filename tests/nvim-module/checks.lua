-- checks.lua - what the escinfo module does in a real Neovim, written to $ESCINFO_TEST_OUT one line
-- a check ("PASS what" / "FAIL what: why" / "SKIP what: why"); ends Neovim with :qa! (or :cq).
local out = assert(io.open(os.getenv('ESCINFO_TEST_OUT'), 'w'))
local ws = os.getenv('ESCINFO_TEST_WS')
local facts_dir = os.getenv('ESCINFO_TEST_FACTS')
local esc = require('escinfo')
local v010 = vim.fn.has('nvim-0.10') == 1

local function line(s) out:write(s, '\n') out:flush() end
local function check(what, fn)
  local ok, why = pcall(fn)
  if ok and why ~= false then line('PASS ' .. what)
  else line('FAIL ' .. what .. ': ' .. tostring(why):gsub('\n', ' ')) end
end
local function skip(what, why) line('SKIP ' .. what .. ': ' .. why) end
local snapshot -- what the editor shows now, for a failed wait (defined below)
local function wait(ms, fn, why)
  if not vim.wait(ms, fn, 50) then error(why .. ' (after ' .. ms .. ' ms); ' .. snapshot(), 0) end
end
local function expect(cond, why) if not cond then error(why, 0) end end

-- Every wait below is for a condition; its bound is long enough for a loaded two-core machine.
local T = 30000
vim.defer_fn(function() line('FAIL the checks end within 180 s; ' .. snapshot()) vim.cmd('cq') end, 180000)

check('the module is the one make install put in nvim/site/pack, loaded with no configuration', function()
  local files = vim.api.nvim_get_runtime_file('lua/escinfo/init.lua', true)
  local site = os.getenv('ESCINFO_TEST_INSTALLED')
  expect(#files == 1 and files[1]:sub(1, #site) == site, table.concat(files, ', '))
  expect(vim.fn.exists(':EscinfoInfo') == 2, ':EscinfoInfo is not defined')
end)

local function client_of(buf)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, c in ipairs(get({ bufnr = buf })) do if c.name == 'escinfo' then return c end end
end
local function code(d) return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) end
local function find(buf, c, lnum)
  for _, d in ipairs(esc.diagnostics(buf)) do
    if code(d) == c and (lnum == nil or d.lnum == lnum) then return d end
  end
end
local function info() return vim.fn.execute('EscinfoInfo') end
snapshot = function()
  local b = vim.api.nvim_get_current_buf()
  local shown = {}
  for _, d in ipairs(esc.diagnostics(b)) do table.insert(shown, (d.lnum + 1) .. ':' .. tostring(code(d))) end
  local ok, text = pcall(info)
  return string.format('the editor shows %s with diagnostics [%s], client %s; :EscinfoInfo says %s',
    vim.fn.fnamemodify(vim.api.nvim_buf_get_name(b), ':t'), table.concat(shown, ' '),
    client_of(b) and 'attached' or 'not attached', ok and text:gsub('%s+', ' ') or tostring(text))
end
-- the server process: a child of this Neovim named esclsp
local function server_pids()
  local me, pids = vim.fn.getpid(), {}
  for _, dir in ipairs(vim.fn.glob('/proc/[0-9]*', false, true)) do
    local f = io.open(dir .. '/stat')
    if f then
      local stat = f:read('*l') or ''
      f:close()
      local pid, comm, ppid = stat:match('^(%d+) %((.-)%) %S+ (%d+)')
      if comm == 'esclsp' and tonumber(ppid) == me then table.insert(pids, tonumber(pid)) end
    end
  end
  return pids
end

vim.cmd('edit ' .. ws .. '/dangling.c')
local buf = vim.api.nvim_get_current_buf()

check('setup{} with only a cache directory starts esclsp from PATH for a C buffer', function()
  wait(T, function() return client_of(buf) ~= nil end, 'no escinfo client attached')
end)
check("the dangling 'buf' (line 10) is a warning from source escinfo, code escape.return", function()
  wait(T, function() return find(buf, 'escape.return', 9) end, 'no escape.return diagnostic on line 10')
  local d = find(buf, 'escape.return', 9)
  expect(d.severity == vim.diagnostic.severity.WARN, 'severity ' .. tostring(d.severity))
  expect(d.message:find("'buf' escapes", 1, true), 'message: ' .. d.message)
end)
check('the diagnostic carries the flow as related information', function()
  local d = find(buf, 'escape.return', 9)
  local rel = d.user_data.lsp.relatedInformation
  expect(rel and rel[1] and rel[1].message:find("address of 'buf' taken", 1, true), vim.inspect(rel))
end)
check("the hover on 'buf' explains the escape", function()
  local r = vim.lsp.buf_request_sync(buf, 'textDocument/hover',
    { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 9, character = 8 } }, T)
  local text = ''
  for _, reply in pairs(r or {}) do
    local c = reply.result and reply.result.contents
    if c then text = text .. (c.value or vim.inspect(c)) end
  end
  expect(text:find('buf', 1, true) and text:find('escape', 1, true), 'hover: ' .. text)
end)
check('a code lens sums up format_id', function()
  wait(T, function()
    vim.lsp.codelens.refresh()
    for _, l in ipairs(vim.lsp.codelens.get(buf) or {}) do
      if l.command and l.command.title:find('escap') then return true end
    end
  end, 'no code lens mentioning an escape')
end)
if v010 then
  check('inlay hints are on in the buffer and one follows buf (Neovim 0.10)', function()
    expect(vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), 'inlay hints not enabled')
    wait(T, function()
      for _, h in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
        local label = h.inlay_hint.label
        if type(label) == 'table' then label = table.concat(vim.tbl_map(function(p) return p.value end, label)) end
        if h.inlay_hint.position.line == 9 and label:find('escape') then return true end
      end
    end, 'no inlay hint on line 10')
  end)
  check('diagnostics come by push: 0.10 pulls only after edits, so new facts from a build would wait for one', function()
    local c = client_of(buf)
    expect(c.server_capabilities.diagnosticProvider == nil, 'diagnosticProvider offered: ' .. vim.inspect(c.server_capabilities))
  end)
else
  skip('inlay hints', 'Neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. ' has none')
  check('diagnostics come by push (0.7 has no pull)', function()
    expect(client_of(buf).server_capabilities.diagnosticProvider == nil, 'diagnosticProvider offered')
  end)
end
check(':EscinfoInfo says the server runs, the cache directory, fresh, and the compile (from the server\'s status)', function()
  local text
  wait(T, function() text = info() return text:find('compiled: ', 1, true) ~= nil end, 'no compile in: ' .. info())
  expect(text:find('server: running', 1, true), text)
  expect(text:find(facts_dir, 1, true), text)
  expect(text:find(': fresh,', 1, true), text)
  expect(text:find('dangling.c -> ', 1, true), text)
end)
check('the diagnostics do not pile their text at the end of the line (virtual_text off)', function()
  for _, ns in ipairs(esc.diagnostic_namespaces(client_of(buf).id)) do
    local vt = vim.diagnostic.config(nil, ns).virtual_text
    expect(vt == false, 'namespace ' .. ns .. ': virtual_text is ' .. vim.inspect(vt))
  end
end)
check(':EscinfoToggle hides the facts', function()
  vim.cmd('EscinfoToggle')
  wait(T, function() return #esc.diagnostics(buf) == 0 and client_of(buf) == nil end, 'facts still shown')
  expect(info():find('hidden', 1, true), info())
end)
check('... and shows them again', function()
  vim.cmd('EscinfoToggle')
  wait(T, function() return find(buf, 'escape.return', 9) end, 'facts not back')
end)
check('esclsp killed: the module says so and starts a new one', function()
  local pids = server_pids()
  expect(#pids == 1, 'expected one esclsp child, found ' .. #pids)
  local old = client_of(buf).id
  vim.loop.kill(pids[1], 9)
  wait(T, function() local c = client_of(buf) return c and c.id ~= old and find(buf, 'escape.return', 9) end,
    'no new server with the facts')
end)
check(':EscinfoRestart starts a new server', function()
  local old = client_of(buf).id
  vim.cmd('EscinfoRestart')
  wait(T, function() local c = client_of(buf) return c and c.id ~= old and find(buf, 'escape.return', 9) end,
    'no new server with the facts')
end)
check('an edited buffer is stale', function()
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { '/* a new first line */' })
  wait(T, function() return find(buf, 'escape.return', 10) end, 'the fact did not move to line 11')
  -- the server's escinfo/fileStatus follows the edits' diagnostics by a debounce
  wait(T, function() return esc.buffer_state(buf) == 'stale' end, 'state: ' .. esc.buffer_state(buf))
  local text = info()
  expect(text:find('fresh 0, relocated [1-9]') and text:find('cache in use: ' .. facts_dir, 1, true), text)
  vim.cmd('silent undo')
end)
check('a file never compiled says "no data"', function()
  vim.cmd('edit ' .. ws .. '/nofacts.c')
  local b = vim.api.nvim_get_current_buf()
  wait(T, function() return find(b, 'escinfo.no-facts') end, 'no escinfo.no-facts notice')
  local text = info()
  expect(text:find('no data', 1, true), text)
end)
check(':write analyses a file compile_commands.json compiles: its facts appear without a build', function()
  local saved = os.getenv('ESCINFO_TEST_SAVED')
  vim.cmd('edit ' .. ws .. '/' .. saved)
  local b = vim.api.nvim_get_current_buf()
  wait(T, function() return find(b, 'escinfo.no-facts') end, saved .. ' does not start without facts')
  vim.api.nvim_buf_set_lines(b, -1, -1, false, { '/* saved */' })
  vim.cmd('silent write')
  wait(T, function() return find(b, 'escape.return', 9) end, 'no escape.return on line 10 after :write')
  wait(T, function() return esc.buffer_state(b) == 'fresh' end, 'state: ' .. esc.buffer_state(b))
  local text = info()
  expect(text:find('analysed: ', 1, true) and text:find('no frame sizes', 1, true), text)
end)
check(':help escinfo opens the help file, and its tags work', function()
  vim.cmd('help escinfo')
  expect(vim.bo.buftype == 'help' and vim.api.nvim_buf_get_name(0):find('escinfo.txt$'), vim.api.nvim_buf_get_name(0))
  vim.cmd('help :EscinfoToggle')
  expect(vim.api.nvim_get_current_line():find('EscinfoToggle', 1, true), vim.api.nvim_get_current_line())
end)

line('END')
vim.cmd('qa!')
