// The llmux/redis tests start their own throwaway redis-server (never the system service), so the
// binary must be on PATH. On a Debian/Ubuntu machine where this user may run apt-get (root, or
// sudo without a password), it is installed the way `.ci/run` does; anywhere else this prints the
// one command to run and fails, before any test starts.
import { spawnSync } from 'node:child_process';

const has = (command, args = ['--version']) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

if (has('redis-server')) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = !root && has('sudo', ['-n', 'true']) ? ['sudo', '-n'] : root ? [] : undefined;
if (process.platform === 'linux' && sudo !== undefined && has('apt-get', ['--version'])) {
  console.log('redis-server is not installed; installing it with apt-get for the llmux/redis tests');
  const run = (args) => {
    const [command, ...rest] = [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
    const result = spawnSync(command, rest, { stdio: ['ignore', 'ignore', 'inherit'] });
    return result.status === 0;
  };
  if (run(['update', '-qq']) && run(['install', '-y', '-qq', '--no-install-recommends', 'redis-server']) && has('redis-server')) process.exit(0);
}

console.error(
  'The llmux/redis tests need redis-server on PATH. Install it and run the tests again: ' +
    (process.platform === 'darwin' ? 'brew install redis' : 'sudo apt-get install redis-server'),
);
process.exit(1);
