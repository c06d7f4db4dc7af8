-- init.lua - drives esclsp from Neovim 0.7 (headless): diagnostics, hover, code lens, an edit, a rebuild; results for tests/lsp-neovim.sh.
--
-- Environment: ESCLSP (the server), ESCLSP_LOG (its log file), NVIM_RESULTS (where the results
-- go: "PASS text" / "FAIL text" / "# text" comment lines), RECOMPILE (a shell command that compiles
-- the edited file with the plugin).  The file under test is the one Neovim opens.

local results = assert(io.open(os.getenv('NVIM_RESULTS'), 'w'))
local failed = false

local function report(ok, description, diagnostics)
  results:write((ok and 'PASS ' or 'FAIL ') .. description .. '\n')
  if diagnostics and not ok then
    for line in tostring(diagnostics):gmatch('[^\n]+') do
      results:write('# ' .. line .. '\n')
    end
  end
  results:flush()
  failed = failed or not ok
  return ok
end

local function finish()
  results:close()
  vim.cmd(failed and 'cq' or 'qa!')
end

-- Every wait is for a condition, bounded by T: long enough for a loaded two-core machine.
local T = 30000
-- a hard limit, whatever happens
vim.defer_fn(function()
  report(false, 'the run ends within 150 s')
  finish()
end, 150000)

local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'c',
  callback = function(args)
    client_id = client_id or vim.lsp.start_client({
      name = 'esclsp',
      -- stderr (the log, and any sanitizer report) to ESCLSP_LOG
      cmd = { 'sh', '-c', 'exec "$0" --stdio --log-level=info 2>>"$1"', os.getenv('ESCLSP'), os.getenv('ESCLSP_LOG') },
      root_dir = vim.fn.getcwd(),
      -- the parameter's leak happens in a callee ('keep'): shown on request (by-callee.test
      -- checks the default)
      init_options = { escinfo = { showByCallee = true } },
    })
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local function by_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then
      return d
    end
  end
end

local function describe(bufnr)
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(lines, string.format('%d:%d %s %s %s', d.lnum, d.col, tostring(d.severity), tostring(d.code), d.message))
  end
  return #lines > 0 and table.concat(lines, '\n') or '(no diagnostics)'
end

local function line_of(bufnr, text)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:find(text, 1, true) then
      return i - 1
    end
  end
  return -1
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local S = vim.diagnostic.severity

  -- 1. the facts as diagnostics: place, severity, code, the raw LSP data
  local arrived = vim.wait(T, function() return by_code(bufnr, 'alloc.stack-candidate') ~= nil end, 50)
  report(arrived, 'diagnostics arrive', describe(bufnr))
  local want_local = line_of(bufnr, 'int local = 1;')
  local d = by_code(bufnr, 'escape.global')
  report(d and d.lnum == want_local and d.col == 6 and d.end_col == 11,
    'the dangling local is at its name (line ' .. want_local .. ', columns 6-11)', describe(bufnr))
  report(d and d.severity == S.WARN and d.source == 'escinfo', 'it is a warning from escinfo', describe(bufnr))
  local lsp = d and d.user_data and d.user_data.lsp or {}
  report(lsp.codeDescription and lsp.codeDescription.href:match('^file:///.*/codes%.md#escapeglobal$') ~= nil
    and lsp.relatedInformation and #lsp.relatedInformation >= 2 and lsp.data and lsp.data.name == 'local',
    'it carries its link, its flow and its data', vim.inspect(lsp))
  d = by_code(bufnr, 'leak.call')
  report(d and d.severity == S.INFO and d.lnum == line_of(bufnr, 'void forward') and d.col == 18,
    'the leaking parameter is information, at its name', describe(bufnr))
  d = by_code(bufnr, 'alloc.stack-candidate')
  report(d and d.severity == S.HINT and d.col == 15, 'the stack candidate is a hint, at malloc', describe(bufnr))
  report(#vim.diagnostic.get(bufnr) == 3, 'nothing else is shown (noescape and frame.size are off)', describe(bufnr))

  -- 2. hover: verdict, reason, flow
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr), position = { line = want_local, character = 8 } }
  local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, T) or {}
  local reply = replies[client_id]
  local text = reply and reply.result and reply.result.contents and reply.result.contents.value or ''
  report(text:find('`local` escapes: global', 1, true) and text:find("1. `sample.c:10:8` address of 'local' taken", 1, true)
    and text:find('From the compile of', 1, true), 'the hover shows the verdict, the flow and the compile', text)

  -- 3. code lens: on each function with something to say (3 of sample.c's 4)
  vim.lsp.codelens.refresh()
  local lensed = vim.wait(T, function() return #vim.lsp.codelens.get(bufnr) >= 3 end, 50)
  local titles = {}
  for _, lens in ipairs(vim.lsp.codelens.get(bufnr)) do
    table.insert(titles, (lens.range.start.line) .. ': ' .. (lens.command and lens.command.title or '?'))
  end
  table.sort(titles)
  local all = table.concat(titles, '\n')
  report(lensed and all:find(line_of(bufnr, 'void remember') .. ': 1 escaping local (1 dangling)', 1, true),
    'a code lens sums up each function with something to say', all)

  -- 4. an edit above the fact moves it (incremental sync)
  vim.api.nvim_buf_set_lines(bufnr, 0, 0, false, { '// a line inserted above everything' })
  local moved = vim.wait(T, function()
    local x = by_code(bufnr, 'escape.global')
    return x and x.lnum == want_local + 1
  end, 50)
  report(moved, 'inserting a line above moves the diagnostic down one line', describe(bufnr))
  params.position.line = want_local + 1
  replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, T) or {}
  reply = replies[client_id]
  text = reply and reply.result and reply.result.contents and reply.result.contents.value or ''
  report(text:find('changed since it was compiled', 1, true), 'the hover says the file changed since the compile', text)

  -- 5. a rebuild of the edited, saved file: the new facts arrive by themselves
  local n = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, n, n, false, { '', 'int *later(void)', '{', '  int fresh = 3;', '  return &fresh + 0;', '}' })
  vim.cmd('silent write!')
  local out = vim.fn.system(os.getenv('RECOMPILE'))
  report(vim.v.shell_error == 0, 'the edited file compiles', out)
  local fresh = vim.wait(T, function()
    local x = by_code(bufnr, 'escape.return')
    return x and x.lnum == n + 3 and x.col == 6
  end, 50)
  report(fresh, 'the rebuilt facts arrive, in place', describe(bufnr))
  d = by_code(bufnr, 'escape.global')
  report(d and d.lnum == want_local + 1, 'the old facts are in place too', describe(bufnr))
  finish()
end

vim.api.nvim_create_autocmd('VimEnter', { callback = function() vim.schedule(run) end })
