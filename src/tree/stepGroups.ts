// Step ordering and grouping live in src/util/stepGroups.ts, shared with the CLI's step tree.
export * from '../util/stepGroups';
