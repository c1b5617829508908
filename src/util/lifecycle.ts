// Ownership of disposables: every registration has exactly one owner that disposes it.
import type * as vscode from 'vscode';

export interface IDisposable {
  dispose(): unknown;
}

export function toDisposable(dispose: () => void): IDisposable {
  return { dispose };
}

export function disposeAll(items: Iterable<IDisposable>): void {
  for (const item of items) {
    try {
      item.dispose();
    } catch {
      // One failing dispose must not keep the others alive.
    }
  }
}

export class DisposableStore implements IDisposable {
  private readonly items = new Set<IDisposable>();
  private disposed = false;

  /** Takes ownership; disposes at once when the store is already disposed. */
  add<T extends IDisposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  addAll(...items: IDisposable[]): void {
    for (const item of items) this.add(item);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll([...this.items].reverse());
    this.items.clear();
  }
}

export abstract class Disposable implements IDisposable {
  protected readonly disposables = new DisposableStore();
  private isDisposedFlag = false;

  protected get isDisposed(): boolean {
    return this.isDisposedFlag;
  }

  protected register<T extends IDisposable>(item: T): T {
    return this.disposables.add(item);
  }

  protected registerAll(...items: IDisposable[]): void {
    this.disposables.addAll(...items);
  }

  dispose(): void {
    this.isDisposedFlag = true;
    this.disposables.dispose();
  }
}

export type VscodeDisposable = vscode.Disposable;
