// The OS keychain for the CLI's credentials: `login` stores the API key and auth token there, bound to the
// base URL's origin, and every command reads them from it when VELT_API_KEY / VELT_AUTH_TOKEN are unset.
// Each OS has a tool that ships with it (or its desktop): macOS `security`, Linux `secret-tool` (libsecret,
// the Secret Service of GNOME Keyring / KWallet), Windows PowerShell's Credential Locker (PasswordVault).
// A secret never appears in a tool's arguments (they show in `ps`): it goes through stdin, and the account
// through an argument or the environment. The OS may prompt (unlock the keyring, allow access): a lookup
// waits up to a minute for that.
import { spawn } from 'node:child_process';

export const KEYCHAIN_SERVICE = 'velt-executions';
const LOOKUP_TIMEOUT_MS = 60_000;
/** `security` and our PowerShell scripts exit with this when there is no such item. */
const NOT_FOUND_EXIT = 44;

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}
/** Runs a tool; `stdin` is written and closed. Rejects only when the tool cannot be started (ENOENT …). */
export type RunTool = (
  command: string,
  args: readonly string[],
  stdin: string,
  env: NodeJS.ProcessEnv,
) => Promise<ToolResult>;

export interface Keychain {
  /** The tool, for messages: "secret-tool", "macOS Keychain (security)". */
  readonly name: string;
  /** The secret, or undefined when the keychain has no such item. Throws KeychainError when it cannot be read. */
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** Whether there was an item to delete. */
  delete(account: string): Promise<boolean>;
}

/** The keychain could not be used: its tool is missing, locked, refused, or failed. */
export class KeychainError extends Error {
  constructor(
    message: string,
    readonly missingTool = false,
  ) {
    super(message);
    this.name = 'KeychainError';
  }
}

/** The account names of one origin's pair. */
export function credentialAccounts(origin: string): { apiKey: string; authToken: string } {
  return { apiKey: `${origin} api-key`, authToken: `${origin} auth-token` };
}

/** The keychain of this OS, or undefined when the CLI knows none for it. */
export function osKeychain(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
  run: RunTool = runTool,
): Keychain | undefined {
  const toolEnv = { ...env } as NodeJS.ProcessEnv;
  if (platform === 'darwin') return macKeychain(run, toolEnv);
  if (platform === 'win32') return windowsKeychain(run, toolEnv);
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') return secretToolKeychain(run, toolEnv);
  return undefined;
}

function secretToolKeychain(run: RunTool, env: NodeJS.ProcessEnv): Keychain {
  const name = 'secret-tool';
  const attributes = (account: string): string[] => ['service', KEYCHAIN_SERVICE, 'account', account];
  return {
    name,
    async get(account) {
      const result = await use(name, run('secret-tool', ['lookup', ...attributes(account)], '', env));
      // Not found: exit 1 with nothing said. Any message means it could not look (no D-Bus, locked …).
      if (result.code === 0) return result.stdout.trim() || undefined;
      if (result.stderr.trim() === '') return undefined;
      throw failed(name, result);
    },
    async set(account, secret) {
      const label = `--label=${KEYCHAIN_SERVICE}: ${account}`;
      const result = await use(name, run('secret-tool', ['store', label, ...attributes(account)], secret, env));
      if (result.code !== 0) throw failed(name, result);
    },
    async delete(account) {
      const had = (await this.get(account)) !== undefined;
      const result = await use(name, run('secret-tool', ['clear', ...attributes(account)], '', env));
      if (result.code !== 0 && result.stderr.trim() !== '') throw failed(name, result);
      return had;
    },
  };
}

function macKeychain(run: RunTool, env: NodeJS.ProcessEnv): Keychain {
  const name = 'macOS Keychain (security)';
  return {
    name,
    async get(account) {
      const args = ['find-generic-password', '-s', KEYCHAIN_SERVICE, '-a', account, '-w'];
      const result = await use(name, run('security', args, '', env));
      if (result.code === 0) return result.stdout.trim() || undefined;
      if (result.code === NOT_FOUND_EXIT) return undefined;
      throw failed(name, result);
    },
    async set(account, secret) {
      // `security -i` reads its command from stdin, so the secret is not in any process's arguments.
      const command = `add-generic-password -U -s ${KEYCHAIN_SERVICE} -a "${account}" -w "${secret}"\n`;
      const result = await use(name, run('security', ['-i'], command, env));
      if (result.code !== 0 || /error/i.test(result.stderr)) throw failed(name, result);
    },
    async delete(account) {
      const args = ['delete-generic-password', '-s', KEYCHAIN_SERVICE, '-a', account];
      const result = await use(name, run('security', args, '', env));
      if (result.code === 0) return true;
      if (result.code === NOT_FOUND_EXIT) return false;
      throw failed(name, result);
    },
  };
}

// Windows PowerShell 5.1 (every Windows 10/11) projects WinRT's PasswordVault, the Credential Locker.
const VAULT = `$ErrorActionPreference='Stop';[void][Windows.Security.Credentials.PasswordVault,Windows.Security.Credentials,ContentType=WindowsRuntime];$v=New-Object Windows.Security.Credentials.PasswordVault;$a=$env:VELT_KEYCHAIN_ACCOUNT;`;
const WINDOWS_SCRIPTS = {
  get: `${VAULT}try{$c=$v.Retrieve('${KEYCHAIN_SERVICE}',$a)}catch{exit ${NOT_FOUND_EXIT}};$c.RetrievePassword();[Console]::Out.Write($c.Password)`,
  set: `${VAULT}$s=[Console]::In.ReadToEnd();try{$v.Remove($v.Retrieve('${KEYCHAIN_SERVICE}',$a))}catch{};$v.Add((New-Object Windows.Security.Credentials.PasswordCredential('${KEYCHAIN_SERVICE}',$a,$s)))`,
  delete: `${VAULT}try{$c=$v.Retrieve('${KEYCHAIN_SERVICE}',$a)}catch{exit ${NOT_FOUND_EXIT}};$v.Remove($c)`,
};

function windowsKeychain(run: RunTool, env: NodeJS.ProcessEnv): Keychain {
  const name = 'Windows Credential Locker (PowerShell)';
  const powershell = (script: string, account: string, stdin: string): Promise<ToolResult> =>
    use(
      name,
      run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], stdin, {
        ...env,
        VELT_KEYCHAIN_ACCOUNT: account,
      }),
    );
  return {
    name,
    async get(account) {
      const result = await powershell(WINDOWS_SCRIPTS.get, account, '');
      if (result.code === 0) return result.stdout.trim() || undefined;
      if (result.code === NOT_FOUND_EXIT) return undefined;
      throw failed(name, result);
    },
    async set(account, secret) {
      const result = await powershell(WINDOWS_SCRIPTS.set, account, secret);
      if (result.code !== 0) throw failed(name, result);
    },
    async delete(account) {
      const result = await powershell(WINDOWS_SCRIPTS.delete, account, '');
      if (result.code === 0) return true;
      if (result.code === NOT_FOUND_EXIT) return false;
      throw failed(name, result);
    },
  };
}

/** The tool's result; a tool that is not installed becomes a KeychainError saying which one to install. */
async function use(name: string, running: Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await running;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new KeychainError(
        `${name} is not installed${name === 'secret-tool' ? ' (Debian/Ubuntu: apt install libsecret-tools; Fedora: dnf install libsecret)' : ''}`,
        true,
      );
    throw new KeychainError(`${name} could not be started (${code ?? 'unknown error'})`);
  }
}

function failed(name: string, result: ToolResult): KeychainError {
  // The tool's own words, first line only and without control characters (never a secret: none is echoed).
  const said = result.stderr.split('\n').find((line) => line.trim() !== '') ?? '';
  const clean = said
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .trim()
    .slice(0, 200);
  return new KeychainError(
    `${name} failed${result.code === null ? ' (timed out)' : ` (exit ${result.code})`}${clean ? `: ${clean}` : ''}`,
  );
}

/** Runs a tool with stdin written and closed; a minute at most (the OS may be asking the user). */
export const runTool: RunTool = (command, args, stdin, env) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill(), LOOKUP_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? null : code, stdout, stderr });
    });
    // A tool that exits without reading stdin closes the pipe: that is not our failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
