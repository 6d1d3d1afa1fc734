/**
 * The ladder's data layer (work in progress).
 *
 * @module
 */
export {};
