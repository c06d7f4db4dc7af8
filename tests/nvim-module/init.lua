-- init.lua - the whole user configuration of the module test: setup{} with a cache directory and
-- the workspace trusted (analysis on save), nothing else (Neovim finds the installed module in
-- $XDG_DATA_DIRS); then checks.lua runs once Neovim has started.
vim.opt.swapfile = false
vim.opt.shortmess:append('F')
require('escinfo').setup { cache_directory = os.getenv('ESCINFO_TEST_FACTS'), trust_workspace = true }
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  nested = true, -- so that :edit in the checks fires FileType
  callback = function() dofile(os.getenv('ESCINFO_TEST_CHECKS')) end,
})
