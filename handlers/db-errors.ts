/** True for the error a unique key raises: a redelivery or a second claim, not a failure. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002'
}
