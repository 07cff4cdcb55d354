// tmux: the CLI's terminal test runs `streamhub upload` in a real terminal
// (a tmux pane) and reads its progress bar from the screen.
import { aptInstall, findOnPath } from './system';

export async function ensureTmux(): Promise<string> {
  const found = findOnPath('tmux');
  if (found) return found;
  await aptInstall(['tmux'], 'The CLI terminal test needs tmux (`tmux` was not found)');
  const installed = findOnPath('tmux');
  if (!installed) throw new Error('apt-get installed tmux, but `tmux` is still not on PATH');
  return installed;
}
