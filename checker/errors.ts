// Errors the engine raises for bad requests (the command line reports them as bad input).

export class UnknownInvariantError extends Error {}

/** --symmetry asked of a model that declares none, or whose properties are not symmetric. */
export class SymmetryError extends Error {}

/** --prop names a temporal property the model does not declare. */
export class UnknownPropertyError extends Error {}

/** Liveness asked for with options under which its verdict would not be sound. */
export class LivenessError extends Error {}
