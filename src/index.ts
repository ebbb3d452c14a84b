// The public API of descent: everything a lesson, the kernel or the CLI uses
// is exported from here, bottom layer first.

// --- bottom: random numbers and matrices
// (tensor, random)

// --- the math: ema, optim, schedules, init, nn, gradcheck, data
// (added by their modules)

// --- top: plot, notebook, grading
// (added by their modules)
