/**
 * `npm run bench`: runs every `bench/*.bench.js` (compiled) in turn, each printing its own figures.
 * Benchmarks measure ratios side by side in one run; nothing here asserts a time.
 * `npm run bench -- render cache` runs only the named ones.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchModule {
  /** Prints a titled table of figures through `print`. */
  run(print: (line: string) => void): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.js'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(`${name}.`)))
  .sort();

const print = (line: string) => process.stdout.write(`${line}\n`);
print(`callsummary benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const file of files) {
  const bench = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  print(`\n## ${file.replace(/\.bench\.js$/, '')}`);
  try {
    await bench.run(print);
  } catch (error) {
    print(`  FAILED: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}
