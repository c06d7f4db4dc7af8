-- escinfo/init.lua - escape facts from GCC's escinfo plugin in Neovim (0.7 and later), served by esclsp.
--
--   require('escinfo').setup { cache_directory = '~/build/escinfo-cache' }
--
-- starts `esclsp --stdio` for C and C++ buffers.  :EscinfoToggle hides or shows the facts,
-- :EscinfoInfo tells the server's state and the buffer's, :EscinfoRestart starts a new server.
-- See :help escinfo.
local M = {}

local NAME = 'escinfo'
local NO_FACTS_CODE = 'escinfo.no-facts'

local defaults = {
  cmd = { 'esclsp', '--stdio' }, -- the server: esclsp on PATH
  filetypes = { 'c', 'cpp' },
  root_markers = { 'compile_commands.json', 'compile_flags.txt', '.git', 'Makefile', 'configure.ac', 'CMakeLists.txt' },
  cache_directory = nil, -- nil: the server's default ($ESCINFO_CACHE_DIR, ~/.cache/escinfo)
  detail = 'normal',     -- 'quiet' (dangling and large locals only), 'normal', 'all' (every fact)
  codes = nil,           -- e.g. { 'escape.*', 'leak.global' }; nil: all but noescape, noleak, frame.size
  show_non_escaping = false,
  inlay_hints = true,    -- the server's hints; on Neovim 0.10+ also turned on in the buffer
  virtual_text = false,  -- the diagnostics' text at the end of the line (signs and underlines
                         -- show them; hints and lenses would pile up there with it)
  code_lens = true,      -- lenses above functions, refreshed on attach and save
  severity = nil,        -- e.g. { ['escape.call'] = 'warning', dangling = 'error' }
  no_facts_notice = true,
  show_by_callee = nil,  -- true: also a parameter's leak that happens in a callee; nil: as detail says
  -- analysis on save: a saved file's compile from compile_commands.json runs again with the
  -- plugin.  It runs the workspace's compile commands, so only with trust_workspace = true.
  trust_workspace = false,
  analyze_on_save = true,
  analyze_on_open = false,
  compile_commands = nil, -- compile_commands.json or its directory; nil: found from each file
  max_jobs = 2,
  restart_on_crash = true,
  on_attach = nil,       -- function(client, bufnr) called after escinfo's own set-up
}

local config = nil  -- the merged options, once setup() ran
local shown = true  -- :EscinfoToggle
local clients = {}  -- root directory -> client id
local stopping = {} -- client id -> true while we stop it on purpose
local crashes = 0   -- in a row, each soon after its start
local statuses = {} -- bufnr -> the server's last escinfo/fileStatus for it

-- escinfo/fileStatus: the state of a buffer's facts (fresh, stale, ...), its compile and counts.
local function on_file_status(_, result)
  if type(result) ~= 'table' or type(result.uri) ~= 'string' then return end
  local ok, bufnr = pcall(vim.uri_to_bufnr, result.uri)
  if ok then statuses[bufnr] = result end
end

local function has(feature)
  return vim.fn.has(feature) == 1
end

local function notify(msg, level)
  vim.notify('escinfo: ' .. msg, level or vim.log.levels.INFO)
end

--- The settings the server reads (initializationOptions and didChangeConfiguration).
function M.server_settings(opts)
  opts = opts or config or defaults
  local cache = opts.cache_directory
  if cache ~= nil and cache ~= '' then
    cache = vim.fn.expand(cache)
  else
    cache = vim.NIL
  end
  return {
    detail = opts.detail or 'normal',
    cacheDirectory = cache,
    codes = (opts.codes and #opts.codes > 0) and opts.codes or vim.NIL,
    showNonEscaping = opts.show_non_escaping == true,
    inlayHints = opts.inlay_hints ~= false,
    codeLens = opts.code_lens ~= false,
    severity = (opts.severity and next(opts.severity)) and opts.severity or vim.NIL,
    noFactsNotice = opts.no_facts_notice ~= false,
    showByCallee = opts.show_by_callee == nil and vim.NIL or opts.show_by_callee == true,
    workspaceTrusted = opts.trust_workspace == true,
    analyzeOnSave = opts.analyze_on_save ~= false,
    analyzeOnOpen = opts.analyze_on_open == true,
    compileCommands = (opts.compile_commands and opts.compile_commands ~= '')
      and vim.fn.expand(opts.compile_commands) or vim.NIL,
    maxJobs = tonumber(opts.max_jobs) or 2,
  }
end

local function root_dir(bufnr)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  local found = vim.fs and vim.fs.find and vim.fs.find(config.root_markers, { path = dir, upward = true })[1]
  if not found and not vim.fs then
    for _, marker in ipairs(config.root_markers) do
      local f = vim.fn.findfile(marker, dir .. ';')
      if f == '' then f = vim.fn.finddir(marker, dir .. ';') end
      if f ~= '' then found = vim.fn.fnamemodify(f, ':p'):gsub('/$', '') break end
    end
  end
  return found and vim.fn.fnamemodify(found, ':h') or dir
end

local function wanted(bufnr)
  if not vim.api.nvim_buf_is_loaded(bufnr) or vim.bo[bufnr].buftype ~= '' then return false end
  if vim.api.nvim_buf_get_name(bufnr) == '' then return false end
  return vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype)
end

local function refresh_lenses(bufnr)
  if not config.code_lens then return end
  if has('nvim-0.10') then
    pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
  elseif vim.api.nvim_get_current_buf() == bufnr then
    pcall(vim.lsp.codelens.refresh)
  end
end

-- The namespaces escinfo's diagnostics live in (pushed, and pulled on 0.10+).
function M.diagnostic_namespaces(client_id)
  local out = { vim.lsp.diagnostic.get_namespace(client_id) }
  if has('nvim-0.10') then table.insert(out, vim.lsp.diagnostic.get_namespace(client_id, true)) end
  return out
end

local function on_attach(client, bufnr)
  -- the diagnostics' text stays off the end of the line unless asked for: the inlay hints and
  -- the lenses are there already
  for _, ns in ipairs(M.diagnostic_namespaces(client.id)) do
    vim.diagnostic.config({ virtual_text = config.virtual_text }, ns)
  end
  if config.inlay_hints and vim.lsp.inlay_hint and vim.lsp.inlay_hint.enable then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
  if config.code_lens then
    local group = vim.api.nvim_create_augroup('escinfo_buffer_' .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'BufWritePost', 'InsertLeave' }, {
      group = group, buffer = bufnr, callback = function() refresh_lenses(bufnr) end,
    })
    refresh_lenses(bufnr)
  end
  if config.on_attach then config.on_attach(client, bufnr) end
end

local attach -- forward

-- The server stopped.  Unless we asked for it, say so and start another after a delay that
-- doubles with each quick crash (1 s, 2 s, 4 s ...), giving up after five in a row.
local function on_exit(root, started)
  return function(code, signal, client_id)
    -- a server we stopped, or one already replaced, is no crash
    local crashed = clients[root] == client_id and not stopping[client_id]
    stopping[client_id] = nil
    if clients[root] == client_id then clients[root] = nil end
    if not crashed then return end
    vim.schedule(function()
      if not config.restart_on_crash or not shown then
        notify(('esclsp stopped (exit code %d, signal %d)'):format(code or -1, signal or 0), vim.log.levels.WARN)
        return
      end
      if vim.loop.now() - started > 60000 then crashes = 0 end
      crashes = crashes + 1
      if crashes > 5 then
        notify('esclsp keeps stopping; not restarting it (:EscinfoRestart to try again)', vim.log.levels.ERROR)
        return
      end
      local delay = math.min(1000 * 2 ^ (crashes - 1), 30000)
      notify(('esclsp stopped (exit code %d, signal %d); restarting it in %d s'):format(code or -1, signal or 0, delay / 1000),
        vim.log.levels.WARN)
      vim.defer_fn(function()
        for _, b in ipairs(vim.api.nvim_list_bufs()) do
          if wanted(b) and root_dir(b) == root then attach(b) end
        end
      end, delay)
    end)
  end
end

local function client_config(root)
  local settings = M.server_settings()
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  capabilities.experimental = vim.tbl_extend('force', capabilities.experimental or {}, { escinfoFileStatus = true })
  return {
    capabilities = capabilities,
    handlers = { ['escinfo/fileStatus'] = on_file_status },
    name = NAME,
    cmd = config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = settings,
    settings = { escinfo = settings },
    on_attach = on_attach,
    on_exit = on_exit(root, vim.loop.now()),
  }
end

local function live(id)
  local c = id and vim.lsp.get_client_by_id(id)
  return c and not c.is_stopped() and c or nil
end

--- Attaches BUFNR to the escinfo server of its project, starting one if needed.
attach = function(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not config or not shown or not wanted(bufnr) then return end
  local root = root_dir(bufnr)
  if has('nvim-0.10') then
    local id = vim.lsp.start(client_config(root), {
      bufnr = bufnr,
      -- never a server that is shutting down (after :EscinfoRestart or :EscinfoToggle)
      reuse_client = function(c, conf)
        return c.name == conf.name and c.config.root_dir == conf.root_dir and not c.is_stopped()
      end,
    })
    if id then clients[root] = id end
    return
  end
  local id = clients[root]
  if not live(id) then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      notify('could not start ' .. table.concat(config.cmd, ' ') .. ' (is esclsp on PATH?)', vim.log.levels.ERROR)
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end
M.attach = attach

local function stop_all()
  for root, id in pairs(clients) do
    local c = vim.lsp.get_client_by_id(id)
    if c then
      stopping[id] = true
      c.stop()
    end
    clients[root] = nil
  end
end

local function attach_all()
  for _, b in ipairs(vim.api.nvim_list_bufs()) do attach(b) end
end

--- Sets escinfo up: C and C++ buffers opened from now on (and those already open) get the server.
function M.setup(opts)
  config = vim.tbl_deep_extend('force', {}, defaults, opts or {})
  local group = vim.api.nvim_create_augroup('escinfo', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args) attach(args.buf) end,
  })
  attach_all()
end

--- Hides the facts (stops the servers) or shows them again.  ON: true, false, or nil to toggle.
function M.toggle(on)
  if not config then return notify('call require("escinfo").setup{} first', vim.log.levels.WARN) end
  if on == nil then on = not shown end
  shown = on
  if on then
    attach_all()
  else
    stop_all()
    -- what the stopped servers showed goes away with them; say so for buffers still listing it
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.lsp.codelens and vim.lsp.codelens.clear then pcall(vim.lsp.codelens.clear, nil, b) end
    end
  end
  notify(on and 'facts shown' or 'facts hidden')
end

--- A new server for every project (the user's choice: earlier crashes are forgotten).
function M.restart()
  if not config then return notify('call require("escinfo").setup{} first', vim.log.levels.WARN) end
  crashes = 0
  stop_all()
  -- the old process needs a moment to go; attach once it has
  vim.defer_fn(attach_all, 200)
  notify('restarting esclsp')
end

local function diagnostic_code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

--- The escinfo diagnostics of BUFNR.
function M.diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == NAME then table.insert(out, d) end
  end
  return out
end

local function buffer_client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, c in ipairs(get({ bufnr = bufnr })) do
    if c.name == NAME then return c end
  end
  return nil
end

--- The state of BUFNR's facts: 'off', 'not C/C++', 'no server', 'no data', 'stale', 'fresh',
--- 'unknown' (the compile recorded no hash), 'cache unreadable' or 'waiting' (nothing heard yet);
--- the escinfo diagnostics; and the server's last escinfo/fileStatus for the buffer, if any.
function M.buffer_state(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not shown then return 'off', {} end
  if not (config and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype)) then return 'not C/C++', {} end
  if not buffer_client(bufnr) then return 'no server', {} end
  local diags = M.diagnostics(bufnr)
  local status = statuses[bufnr]
  if status then
    local names = { fresh = 'fresh', stale = 'stale', unknown = 'unknown', ['no-facts'] = 'no data',
                    error = 'cache unreadable' }
    local analysis = type(status.analysis) == 'table' and status.analysis.state
    if analysis == 'running' then return 'analysing', diags, status end
    if analysis == 'failed' then return 'analysis failed', diags, status end
    return names[status.state] or status.state, diags, status
  end
  -- a server that sends no status: what the diagnostics' data say
  for _, d in ipairs(diags) do
    if diagnostic_code(d) == NO_FACTS_CODE then return 'no data', diags end
    local lsp = d.user_data and d.user_data.lsp
    local freshness = lsp and type(lsp.data) == 'table' and lsp.data.freshness
    if freshness == 'relocated' or freshness == 'stale' then return 'stale', diags end
  end
  return (#diags == 0 and 'waiting or nothing to show' or 'fresh'), diags
end

--- Lines for :EscinfoInfo.
function M.info_lines(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local v = vim.version()
  local lines = { ('escinfo (Neovim %d.%d.%d)'):format(v.major, v.minor, v.patch) }
  if not config then
    table.insert(lines, '  not set up: call require("escinfo").setup{}')
    return lines
  end
  table.insert(lines, '  facts: ' .. (shown and 'shown' or 'hidden (:EscinfoToggle shows them)'))
  table.insert(lines, '  server command: ' .. table.concat(config.cmd, ' '))
  local settings = M.server_settings()
  table.insert(lines, '  cache directory: ' .. (settings.cacheDirectory ~= vim.NIL and settings.cacheDirectory
    or "the server's default ($ESCINFO_CACHE_DIR, else ~/.cache/escinfo)"))
  local any = false
  for root, id in pairs(clients) do
    local c = live(id)
    if c then
      any = true
      local pid = c.rpc and c.rpc.pid
      table.insert(lines, ('  server: running (client %d%s) for %s'):format(id, pid and (', pid ' .. pid) or '', root))
    end
  end
  if not any then table.insert(lines, '  server: not running') end
  local state, diags, status = M.buffer_state(bufnr)
  local n = 0
  for _, d in ipairs(diags) do
    if diagnostic_code(d) ~= NO_FACTS_CODE then n = n + 1 end
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  table.insert(lines, ('  this buffer (%s): %s, %d fact%s shown'):format(
    name ~= '' and vim.fn.fnamemodify(name, ':~:.') or '[No Name]', state, n, n == 1 and '' or 's'))
  if status then
    if type(status.cacheDirectory) == 'string' then
      local origin = type(status.cacheOrigin) == 'string' and (' (from ' .. status.cacheOrigin .. ')') or ''
      table.insert(lines, '    cache in use: ' .. status.cacheDirectory .. origin)
    end
    local c = status.compile
    if type(c) == 'table' then
      table.insert(lines, ('    %s: %s -> %s at %s (gcc %s)%s'):format(c.analysisOnly and 'analysed' or 'compiled',
        tostring(c.main), tostring(c.output), tostring(c.time), tostring(c.gcc),
        c.analysisOnly and ', no code generated (no frame sizes)' or ''))
    end
    local a = status.analysis
    if type(a) == 'table' then
      table.insert(lines, ('    analysis on save: %s%s'):format(tostring(a.state),
        type(a.message) == 'string' and (': ' .. a.message) or ''))
    end
    local k = status.counts
    if type(k) == 'table' then
      table.insert(lines, ('    facts: %d (fresh %d, relocated %d, stale %d), %d dropped by edits'):format(
        k.facts or 0, k.fresh or 0, k.relocated or 0, k.stale or 0, k.dropped or 0))
    end
    if type(status.problem) == 'string' then table.insert(lines, '    cache problem: ' .. status.problem) end
  end
  if state == 'no data' then
    table.insert(lines, '    compile it with -fplugin=escinfo.so into the cache directory above')
  elseif state == 'stale' then
    table.insert(lines, '    the file changed since it was compiled: rebuild it')
  end
  return lines
end

function M.info()
  vim.api.nvim_echo({ { table.concat(M.info_lines(0), '\n') } }, true, {})
end

return M
