// Asking before a write. On a terminal (stdin and stderr both TTYs) one question names the host, the
// execution (and step) and the action, and only "y" or "yes" sends. Without a terminal nobody can answer,
// so a write needs --yes; without it nothing is sent (exit 2).
import * as readline from 'node:readline';

/** Reads one answer to `question` (written to stderr); null when input ended or was interrupted. */
export type AskLine = (question: string) => Promise<string | null>;

export interface ConfirmContext {
  /** --yes was given. */
  yes: boolean;
  /** stdin and stderr are both terminals. */
  interactive: boolean;
  ask: AskLine | undefined;
}

export type Confirmation = 'send' | 'declined' | 'needsYes';

export async function confirmWrite(question: string, context: ConfirmContext): Promise<Confirmation> {
  if (context.yes) return 'send';
  if (!context.interactive || !context.ask) return 'needsYes';
  return isYes(await context.ask(`${question} [y/N] `)) ? 'send' : 'declined';
}

export function isYes(answer: string | null): boolean {
  return answer !== null && /^(y|yes)$/i.test(answer.trim());
}

/**
 * An AskLine on the process's terminal. Ctrl-C at the question calls `onInterrupt` (the CLI's abort) and
 * answers null, so nothing is sent and the run ends as interrupted.
 */
export function terminalAsk(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  onInterrupt: () => void,
): AskLine {
  return (question) =>
    new Promise((resolve) => {
      const rl = readline.createInterface({ input, output, terminal: true });
      let answered = false;
      const finish = (answer: string | null): void => {
        if (answered) return;
        answered = true;
        rl.close();
        resolve(answer);
      };
      rl.on('SIGINT', () => {
        output.write('\n');
        onInterrupt();
        finish(null);
      });
      rl.on('close', () => finish(null));
      rl.question(question, (answer) => finish(answer));
    });
}
