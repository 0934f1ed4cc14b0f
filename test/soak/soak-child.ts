/**
 * The soak's process: `node --expose-gc soak-child.js [--requests N] [--concurrency C] [--seed S]
 * [--sample-every K] [--timeout MS] [--deadline MS]`. Prints one JSON report line and then just
 * returns: it must exit on its own, which proves no socket or timer was left open.
 */
import { QUICK, runSoak, type SoakOptions } from './run-soak.js';

const flags: Record<string, keyof SoakOptions> = {
  '--requests': 'requests',
  '--concurrency': 'concurrency',
  '--seed': 'seed',
  '--sample-every': 'sampleEvery',
  '--timeout': 'timeoutMs',
  '--deadline': 'deadlineMs',
};

const options: SoakOptions = { ...QUICK };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const key = flags[args[i]!];
  const value = Number(args[i + 1]);
  if (key === undefined || !Number.isInteger(value) || value < 0) {
    process.stderr.write(`soak-child: bad argument ${args[i]} ${args[i + 1]}\n`);
    process.exitCode = 2;
    break;
  }
  options[key] = value;
}

if (process.exitCode === undefined) {
  const report = await runSoak(options);
  process.stdout.write(`SOAK-REPORT ${JSON.stringify(report)}\n`);
}
