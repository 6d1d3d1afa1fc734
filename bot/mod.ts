/**
 * The ladder's Discord bot (work in progress).
 *
 * @module
 */
export {};
