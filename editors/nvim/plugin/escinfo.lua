-- plugin/escinfo.lua - the :Escinfo* commands; nothing starts before require('escinfo').setup{}.
if vim.g.loaded_escinfo then return end
vim.g.loaded_escinfo = true
if vim.fn.has('nvim-0.7') == 0 then
  vim.api.nvim_echo({ { 'escinfo: needs Neovim 0.7 or later', 'WarningMsg' } }, true, {})
  return
end

vim.api.nvim_create_user_command('EscinfoToggle', function() require('escinfo').toggle() end,
  { desc = 'escinfo: hide or show the escape facts' })
vim.api.nvim_create_user_command('EscinfoInfo', function() require('escinfo').info() end,
  { desc = "escinfo: the server's state, the cache directory, this buffer's facts" })
vim.api.nvim_create_user_command('EscinfoRestart', function() require('escinfo').restart() end,
  { desc = 'escinfo: start a new esclsp' })
