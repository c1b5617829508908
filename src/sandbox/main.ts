// CLI entry (`npm run sandbox -- --port 8787`): starts the sandbox, prints how to connect and the
// seeded ids, logs requests, and shuts down cleanly on SIGINT/SIGTERM. Bad flags exit with code 2.
// Started with an IPC channel (child_process.fork, as the extension does), it reports its URL and
// control token over the channel instead of printing them, and stops when asked or when the parent goes.
import { USAGE, parseArgs } from './args';
import { CONTROL_TOKEN_HEADER, SANDBOX_EXECUTIONS, startSandbox, type Sandbox } from './server';
import { isLoopbackHost } from './http';
import { isStopMessage, type SandboxReadyMessage } from './ipc';

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`sandbox: ${parsed.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const options = parsed.options;
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!isLoopbackHost(options.host)) {
    process.stderr.write(
      `sandbox: --host must be a loopback address (127.0.0.1, ::1 or localhost), got "${options.host}"\n`,
    );
    process.exit(2);
  }
  const sandbox = await startSandbox({
    port: options.port,
    host: options.host,
    apiKey: options.apiKey,
    authToken: options.authToken,
    timeScale: options.timeScale,
    faults: options.faults,
    seed: options.seed,
    traffic: options.traffic,
    listFixtures: !options.traffic,
    ...(options.definitionsDir ? { definitionsDir: options.definitionsDir } : {}),
    ...(options.definitionFiles ? { definitionFiles: options.definitionFiles } : {}),
    // A parent's log adds its own timestamps.
    log: (line) => process.stdout.write(process.send ? `${line}\n` : `${new Date().toISOString()} ${line}\n`),
  });
  const stop = stopper(sandbox);
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  if (process.send) {
    reportToParent(sandbox, stop);
    return;
  }
  const width = Math.max(...Object.keys(SANDBOX_EXECUTIONS).map((role) => role.length));
  const lines = [
    `Velt sandbox listening on ${sandbox.url}`,
    `  base URL    ${sandbox.url}/v2/`,
    `  API key     ${options.apiKey}`,
    `  auth token  ${options.authToken}`,
    `  time scale  ${options.timeScale}`,
    `  traffic     ${options.traffic ? 'on (new runs every 20–40 s, simulated reviewers)' : 'off (deterministic)'}; seed ${options.seed}`,
    ...(options.definitionsDir || options.definitionFiles
      ? [
          `  definitions ${[options.definitionsDir, ...(options.definitionFiles ?? [])].filter(Boolean).join(', ')}: ${sandbox.definitionProblems.length} problem(s)`,
        ]
      : []),
    ...sandbox.definitionProblems.map((p) => `    ${p.file} ${p.path}: ${p.code}: ${p.message}`),
    ...(options.faults.length > 0
      ? [`  faults      ${options.faults.map((f) => f.mode + (f.count ? `:${f.count}` : '')).join(', ')}`]
      : []),
    '',
    'Seeded executions:',
    ...Object.entries(SANDBOX_EXECUTIONS).map(([role, id]) => `  ${role.padEnd(width)}  ${id}`),
    '',
    `Control API: GET ${sandbox.url}/__sandbox/stats, POST/DELETE ${sandbox.url}/__sandbox/faults, GET ${sandbox.url}/__sandbox/webhooks`,
    `  with headers ${CONTROL_TOKEN_HEADER}: ${sandbox.controlToken} and content-type: application/json`,
    'Press Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/** Closes the server once, then exits (0 when it closed cleanly). */
function stopper(sandbox: Sandbox): (reason: string) => void {
  let stopping = false;
  return (reason) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${reason}: stopping the sandbox\n`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
}

/** The parent learns the URL and control token over IPC, so neither is printed to a log. */
function reportToParent(sandbox: Sandbox, stop: (reason: string) => void): void {
  const ready: SandboxReadyMessage = {
    type: 'ready',
    url: sandbox.url,
    controlToken: sandbox.controlToken,
    definitionProblems: sandbox.definitionProblems,
  };
  process.send!(ready);
  process.on('message', (message: unknown) => {
    if (isStopMessage(message)) stop('asked by the parent');
  });
  // The parent exited or crashed: never outlive it.
  process.once('disconnect', () => stop('parent gone'));
}

// startSandbox stays exported for in-process users of the bundle; only a run as a program starts the
// command line (the extension forks this file: src/sandboxHost/childSandbox.ts).
export { startSandbox } from './server';

if (require.main === module) {
  main().catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    const message =
      code === 'EADDRINUSE'
        ? 'that port is already in use (try --port 0)'
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`sandbox: ${message}\n`);
    process.exit(1);
  });
}
