// Surviving mutants accepted as equivalent: they change the code but not what
// it computes, so no test can tell them apart from the reference solution.
// Keyed by "<lesson file name without .ipynb>/<exercise>"; `id` is the mutant's
// id as the mutation report prints it.
export interface Accepted {
  id: string;
  reason: string;
}

export const ACCEPTED: Record<string, Accepted[]> = {};
