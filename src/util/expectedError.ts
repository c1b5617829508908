// Which failures are expected (the API said no, the network is down, the disk is full or read-only): they are
// logged as one line, without a stack trace; a stack is kept only for what points at a bug. vscode-free: VS Code's
// FileSystemError is recognised by its `code` (e.g. 'NoPermissions'), Node's by its errno code (e.g. 'EACCES').
import { isApiError } from '../api';

/** Node file-system errno codes a user can act on (permissions, space, paths, busy files). */
const NODE_FS_CODES = new Set([
  'EACCES',
  'EPERM',
  'ENOSPC',
  'EDQUOT',
  'EROFS',
  'ENOENT',
  'EEXIST',
  'EISDIR',
  'ENOTDIR',
  'ENAMETOOLONG',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'EIO',
]);

/** The codes of vscode.FileSystemError. */
const VSCODE_FS_CODES = new Set([
  'FileNotFound',
  'FileExists',
  'FileNotADirectory',
  'FileIsADirectory',
  'NoPermissions',
  'Unavailable',
]);

export function isExpectedError(error: unknown): boolean {
  if (isApiError(error)) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (NODE_FS_CODES.has(code) || VSCODE_FS_CODES.has(code));
}
