// The system programs some test files start, checked before any test runs:
// - redis-server: the llmux/redis tests start their own throwaway server (never the system service);
// - chromium: the browser test runs llmux/lite in headless Chromium (LLMUX_CHROMIUM names another
//   binary than /usr/bin/chromium).
// On a Debian/Ubuntu machine where this user may run apt-get (root, or sudo without a password),
// the missing ones are installed the way `.ci/run` does; anywhere else this prints the one
// command to run and fails.
import { spawnSync } from 'node:child_process';

const has = (command, args = ['--version']) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

const packages = [
  { name: 'redis-server', apt: 'redis-server', brew: 'brew install redis', present: () => has('redis-server') },
  {
    name: 'chromium',
    apt: 'chromium',
    brew: 'brew install --cask chromium, then set LLMUX_CHROMIUM to its binary',
    present: () => has(process.env.LLMUX_CHROMIUM ?? '/usr/bin/chromium'),
  },
];
const missing = packages.filter((p) => !p.present());
if (missing.length === 0) process.exit(0);

const names = missing.map((p) => p.name).join(' and ');
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = !root && has('sudo', ['-n', 'true']) ? ['sudo', '-n'] : root ? [] : undefined;
if (process.platform === 'linux' && sudo !== undefined && has('apt-get', ['--version'])) {
  console.log(`${names} ${missing.length === 1 ? 'is' : 'are'} not installed; installing with apt-get for the tests that start them`);
  const run = (args) => {
    const [command, ...rest] = [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
    const result = spawnSync(command, rest, { stdio: ['ignore', 'ignore', 'inherit'] });
    return result.status === 0;
  };
  if (
    run(['update', '-qq']) &&
    run(['install', '-y', '-qq', '--no-install-recommends', ...missing.map((p) => p.apt)]) &&
    missing.every((p) => p.present())
  ) {
    process.exit(0);
  }
}

const command =
  process.platform === 'darwin'
    ? missing.map((p) => p.brew).join('; ')
    : `sudo apt-get install --no-install-recommends ${missing.map((p) => p.apt).join(' ')}`;
console.error(`The tests need ${names}. Install ${missing.length === 1 ? 'it' : 'them'} and run the tests again: ${command}`);
process.exit(1);
