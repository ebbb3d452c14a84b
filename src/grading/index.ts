// Graded exercises in nbgrader's notebook format: release, validate, grade.
export * from "./markers";
export * from "./metadata";
export * from "./checksum";
export * from "./release";
export * from "./prepare";
export * from "./resilient";
export * from "./gradebook";
export * from "./feedback";
export * from "./grade";
export * from "./validate";
export * from "./shortcut";
export * from "./shard";
export * from "./manual";
export { DEFAULT_LIMITS, sandboxProblem, type SandboxLimits } from "./sandbox/sandbox";
