// Test surfaces with exact gradients and Hessians, and descend(), which runs
// an optimizer on one and returns its trajectory.
export { bowl, saddle, plateau, doubleWell, rosenbrock, scaled, type Surface, type CriticalPoint } from "./surface";
export { descend, type DescendOptions, type Trajectory } from "./descend";
