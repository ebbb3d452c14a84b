// Kept apart from main.ts so that `descent run` can name it without loading the kernel.

/** The environment variable that starts a kernel from its kernelspec in precompiled mode ("1"). */
export const PRECOMPILED_ENV = "DESCENT_KERNEL_PRECOMPILED";
