import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ROUTING_FILE_BYTES } from '../../src/events/routing.js';
import { cleanUpCli, freePort, runCli, tempDir } from '../helpers/cli-process.js';

/**
 * Configuration that cannot work is said as configuration: `callsummary serve` exits 2 naming the
 * variable, before it connects to anything. Run as a user runs it, in a process of its own.
 */
afterEach(cleanUpCli);

/** Nothing answers on these: a start that got as far as connecting would fail differently. */
async function serveEnv(extra: Record<string, string>): Promise<Record<string, string>> {
  const closed = await freePort();
  return {
    SLACK_BOT_TOKEN: 'xoxb-config-test',
    SLACK_SIGNING_SECRET: 'config-test-signing-secret',
    SLACK_API_URL: `http://127.0.0.1:${closed}/api/`,
    YEASTAR_BASE_URL: `http://127.0.0.1:${closed}`,
    YEASTAR_CLIENT_ID: 'config-test-client',
    YEASTAR_CLIENT_SECRET: 'config-test-secret',
    PORT: String(await freePort()),
    ...extra,
  };
}

function routingFile(text: string): string {
  const path = join(tempDir(), 'routing.yml');
  writeFileSync(path, text);
  return path;
}

/** A YAML alias bomb: nine anchors, each a list of nine aliases of the one before (9⁹ nodes). */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) {
    lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\ndefault: C0DEFAULT\n`;
}

/** Valid routing, past the size cap: one route per extension, as nobody should write it. */
function routingOfSize(bytes: number): string {
  const routes: string[] = [];
  let size = 'routes:\n'.length;
  for (let ext = 1000; size <= bytes; ext++) {
    const route = `  - extensions: ["${ext}"]\n    channel: C0SUPPORT\n`;
    routes.push(route);
    size += route.length;
  }
  return `routes:\n${routes.join('')}`;
}

describe('callsummary serve with configuration that cannot work (child process)', { timeout: 60_000 }, () => {
  it('exits 2 naming ROUTING_FILE for a YAML alias bomb', async () => {
    const path = routingFile(aliasBomb());
    const result = await runCli(['serve'], { env: await serveEnv({ ROUTING_FILE: path }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`ROUTING_FILE ${path} is invalid`);
    expect(result.stderr).toContain('aliases expand too far');
    expect(result.stderr).not.toContain('Something went wrong');
  });

  it('exits 2 naming ROUTING_FILE and the limit for a routing file over 1 MB', async () => {
    const path = routingFile(routingOfSize(MAX_ROUTING_FILE_BYTES + 1));
    const result = await runCli(['serve'], { env: await serveEnv({ ROUTING_FILE: path }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`ROUTING_FILE ${path} is invalid`);
    expect(result.stderr).toContain(`the limit is ${MAX_ROUTING_FILE_BYTES} (1 MB)`);
  });

  it('exits 2 naming USER_MAP_FILE and the line of each mistake', async () => {
    const path = join(tempDir(), 'users.yml');
    writeFileSync(path, 'U0123ABCD: "3202"\nalice: "3203"\nU0456EFGH: 0100\n');
    const result = await runCli(['serve'], { env: await serveEnv({ USER_MAP_FILE: path }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`USER_MAP_FILE ${path}`);
    expect(result.stderr).toContain('line 2: "alice" is not a Slack member id');
    expect(result.stderr).toContain('line 3: U0456EFGH: write the extension in quotes ("0100")');
    expect(result.stderr).not.toContain('Something went wrong');
  });

  it('exits 2 naming ACCESS_FILE and the line of an unknown key and of a bad value', async () => {
    const path = join(tempDir(), 'access.yml');
    writeFileSync(path, 'default: own\nadmin: [U0123ADMIN]\ntranscripts: nobody\n');
    const result = await runCli(['serve'], { env: await serveEnv({ ACCESS_FILE: path }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`ACCESS_FILE ${path} is invalid`);
    expect(result.stderr).toContain('line 2: admin: unknown key');
    expect(result.stderr).toContain('line 3: transcripts: must be everyone or leads');
    expect(result.stderr).not.toContain('Something went wrong');
  });

  it('exits 2 naming AUDIT_LOG_FILE when it cannot be opened for appending', async () => {
    const path = join(tempDir(), 'no-such-dir', 'audit.log');
    const result = await runCli(['serve'], { env: await serveEnv({ AUDIT_LOG_FILE: path }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`AUDIT_LOG_FILE ${path} is invalid`);
    expect(result.stderr).toContain('could not be opened for appending (ENOENT)');
  });

  it('exits 2 naming CACHE_URL when its database is not a number', async () => {
    const result = await runCli(['serve'], {
      env: await serveEnv({ CACHE_URL: 'redis://127.0.0.1:6379/abc' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CACHE_URL must be a redis:// or rediss:// URL');
    expect(result.stderr).toContain('a database number');
  });

  it('exits 2 naming CACHE_URL when its port is not a number', async () => {
    const result = await runCli(['serve'], {
      env: await serveEnv({ CACHE_URL: 'redis://127.0.0.1:sixthree79' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CACHE_URL must be a redis:// or rediss:// URL');
    expect(result.stderr).not.toContain('sixthree79');
    expect(result.stderr).not.toContain('Something went wrong');
  });

  it('exits 2 naming YEASTAR_TIME_FORMAT and what it lacks', async () => {
    const result = await runCli(['serve'], {
      env: await serveEnv({ YEASTAR_TIME_FORMAT: 'YYYY/MM/DD HH:mm' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("YEASTAR_TIME_FORMAT must be the PBX's display format");
    expect(result.stderr).toContain('"YYYY/MM/DD HH:mm" lacks the seconds (ss)');
    expect(result.stderr).not.toContain('Something went wrong');
  });
});
