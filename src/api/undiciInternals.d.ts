// Types for the undici files src/api/undiciAgent.ts requires directly (undici's own typings cover its index only).
declare module 'undici/lib/dispatcher/agent' {
  import { Agent } from 'undici';
  export = Agent;
}
declare module 'undici/lib/dispatcher/dispatcher' {
  import { Dispatcher } from 'undici';
  export = Dispatcher;
}
declare module 'undici/lib/api' {
  const api: Record<string, (...args: never[]) => unknown>;
  export = api;
}
