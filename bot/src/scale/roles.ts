/**
 * Process roles (`ROLES`): which parts of the ladder a process runs. `all` (the default) is the single process that
 * does everything; a distributed deployment runs each role in as many processes as it needs.
 *
 * @module
 */

/** Every role a process can take. */
export const ROLE_NAMES = ["gateway", "interactions", "worker", "matchmaker", "rest", "web"] as const;

/** One role. */
export type Role = typeof ROLE_NAMES[number];

/** The outcome of {@link parseRoles}. */
export type RolesResult =
  | { readonly ok: true; readonly roles: ReadonlySet<Role> }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads a comma-separated `ROLES` value. Empty or `all` means every role; an unknown name is refused with a message
 * naming the valid ones.
 *
 * @example
 * ```ts
 * const result = parseRoles("gateway, worker");
 * console.log(result.ok && [...result.roles]); // ["gateway", "worker"]
 * console.log(parseRoles("gatewy").ok); // false
 * ```
 */
export function parseRoles(value: string | undefined): RolesResult {
  const names = (value ?? "").split(",").map((s) => s.trim().toLowerCase()).filter((s) => s !== "");
  if (names.length === 0 || names.includes("all")) return { ok: true, roles: new Set(ROLE_NAMES) };
  const unknown = names.filter((n) => !(ROLE_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    return {
      ok: false,
      problem: `has unknown role${unknown.length > 1 ? "s" : ""} ${
        unknown.map((u) => `"${u}"`).join(", ")
      }; valid roles: ${ROLE_NAMES.join(", ")}, or all`,
    };
  }
  return { ok: true, roles: new Set(names as Role[]) };
}
