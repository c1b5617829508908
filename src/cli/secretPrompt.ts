// Asking for a secret on the terminal without echoing it (for `login`): the terminal is put in raw mode and
// the typed (or pasted) characters are collected until Enter. Backspace edits, Ctrl-C interrupts, Ctrl-D on an
// empty line ends input, cursor keys are ignored. Nothing typed is written back, not even as stars, so its length does not show.
import type { AskLine } from './confirm';

/** The part of a TTY read stream the prompt uses (a fake in tests). */
export interface RawInput {
  setRawMode(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export function terminalAskSecret(input: RawInput, output: NodeJS.WritableStream, onInterrupt: () => void): AskLine {
  return (question) =>
    new Promise((resolve) => {
      let typed = '';
      // Inside an escape sequence (arrow keys: ESC [ A): skipped up to its final letter or "~".
      let escaping = false;
      const finish = (answer: string | null): void => {
        input.removeListener('data', onData);
        input.setRawMode(false);
        input.pause();
        output.write('\n');
        resolve(answer);
      };
      const onData = (chunk: Buffer | string): void => {
        for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
          if (escaping) {
            escaping = !/[A-Za-z~]/.test(char);
            continue;
          }
          if (char === '\u001b') {
            escaping = true;
            continue;
          }
          if (char === '\r' || char === '\n') return finish(typed);
          if (char === '\u0003') {
            onInterrupt();
            return finish(null);
          }
          if (char === '\u0004' && typed === '') return finish(null);
          if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
          else if (char >= ' ') typed += char;
        }
      };
      // Raw before the question shows: whatever is typed once it is visible is never echoed by the terminal.
      input.setRawMode(true);
      output.write(question);
      input.on('data', onData);
      input.resume();
    });
}
