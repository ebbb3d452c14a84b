// Deep fully connected networks: activations, forward, costs, backward,
// regularization, batch norm and training.
export * from "./activations";
export * from "./costs";
export * from "./regularization";
export * from "./batchnorm";
export * from "./model";
export * from "./backward";
export * from "./train";
export * from "./diagnose";
export * from "./course-model";
export * from "./output-at";
