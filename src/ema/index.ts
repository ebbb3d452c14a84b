export * from "./ema";
