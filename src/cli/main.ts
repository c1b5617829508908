// Entry point of dist/cli.js (`velt-executions`): wires process streams, env and Ctrl-C to runCli.
import { runCli } from './run';
import { terminalAsk } from './confirm';
import { terminalAskSecret, type RawInput } from './secretPrompt';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts === 1) controller.abort();
  else process.exit(130);
});
process.on('SIGTERM', () => controller.abort());
// `velt-executions events … --all --ndjson | head`: a closed pipe ends the run quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns,
  stderrColumns: process.stderr.columns,
  stderrIsTTY: process.stderr.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
  // Lazy: stdin is opened only when a write asks.
  ask: (question) => terminalAsk(process.stdin, process.stderr, () => controller.abort())(question),
  // Only asked when stdin is a terminal (run.ts checks), so it is a tty.ReadStream with setRawMode.
  askSecret: (question) =>
    terminalAskSecret(process.stdin as NodeJS.ReadStream & RawInput, process.stderr, () => controller.abort())(
      question,
    ),
  signal: controller.signal,
}).then(
  (code) => {
    // Let stdout flush before exiting (pipes are asynchronous).
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(
      `velt-executions: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
