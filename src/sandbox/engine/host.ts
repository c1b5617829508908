// How the HTTP server hosts the engine: one registry over the scripted seeds and the engine's runs
// (so get/list/getEvents serve both), the 11 engine endpoints, and a real-time tick that lets
// timers, traffic and webhook retries happen between requests.
import { errorResponse, resultResponse, type SandboxResponse } from '../http';
import type { Registry } from '../seed';
import type { ExecutionModel } from '../types';
import { issuesMessage } from '../validate';
import { DEFINITION_ENDPOINTS } from './definitionsApi';
import { Engine } from './engine';
import { Actors } from './actors';
import { loadDefinitionFiles, loadDefinitionsDir, type FileProblem } from './loadDefinitions';
import { seedDefinitions } from './seedDefinitions';
import { seedLiveRuns } from './liveSeeds';
import { EXECUTION_ENDPOINTS } from './executionsApi';
import type { Endpoint } from './endpoint';
import { checkEnvelope } from './schema';

export const ENGINE_ENDPOINTS: Readonly<Record<string, Endpoint>> = { ...DEFINITION_ENDPOINTS, ...EXECUTION_ENDPOINTS };

/** Scripted seeds first (their ids are fixed), then engine runs. */
export function combinedRegistry(scripted: Registry, engine: Engine): Registry {
  engine.reserveStartTimes(scripted.all().map((m) => m.startedAt));
  return {
    get: (id) => scripted.get(id) ?? engine.get(id),
    all: (): readonly ExecutionModel[] => [...scripted.all(), ...engine.all()],
  };
}

/** Validates the envelope against the endpoint's strict shape and runs it. */
export function callEndpoint(endpoint: Endpoint, engine: Engine, registry: Registry, body: unknown): SandboxResponse {
  const checked = checkEnvelope(body, endpoint.fields);
  if (!checked.ok) return errorResponse('INVALID_ARGUMENT', issuesMessage(checked.issues), { issues: checked.issues });
  const reply = endpoint.handle({ engine, registry }, checked.data);
  return reply.ok ? resultResponse(reply.result) : errorResponse(reply.status, reply.message);
}

/** Advances the engine every `ms` of real time; unref'd so it never keeps a process alive. */
export function startTicker(engine: Engine, ms = 200): () => void {
  const timer = setInterval(() => {
    engine.advance();
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

export interface EngineHostOptions {
  now: () => number;
  timeScale: number;
  seed?: number;
  definitionsDir?: string;
  /** Single definition files, loaded after the folder (the extension's velt.sandbox.definitions). */
  definitionFiles?: readonly string[];
  seedDefinitions?: boolean;
  traffic?: boolean;
}

export interface EngineHost {
  engine: Engine;
  registry: Registry;
  definitionProblems: readonly FileProblem[];
  stop(): void;
}

/** The engine with its definitions (a --definitions folder first, so it wins over the seeds), traffic and tick. */
export function startEngineHost(options: EngineHostOptions, scripted: Registry): EngineHost {
  const engine = new Engine({ clock: { now: options.now }, timeScale: options.timeScale, seed: options.seed ?? 1 });
  const registry = combinedRegistry(scripted, engine);
  const definitionProblems = [
    ...(options.definitionsDir ? loadDefinitionsDir(engine, options.definitionsDir).problems : []),
    ...(options.definitionFiles?.length ? loadDefinitionFiles(engine, options.definitionFiles).problems : []),
  ];
  if (options.seedDefinitions !== false) {
    seedDefinitions(engine);
    seedLiveRuns(engine);
  }
  const actors = options.traffic ? new Actors(engine, options.seed ?? 1) : undefined;
  actors?.startTraffic();
  const stopTicker = startTicker(engine);
  return {
    engine,
    registry,
    definitionProblems,
    stop: () => {
      stopTicker();
      actors?.stop();
    },
  };
}
